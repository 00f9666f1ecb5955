//! Extensions and operator classes, checked against what Postgres 15 has: an extension must
//! be one it ships or a well-known one installed separately, and an index element's
//! operator class one of the method's, for the column's type, from Postgres itself or from
//! an extension the schema declares. An extension schemaforge does not know the classes of
//! (a separately installed one) leaves unknown classes to Postgres.

use crate::catalog;
use crate::diagnostic::{Diagnostics, did_you_mean};
use crate::exprs::list_lines;
use crate::ir::{ColumnType, IndexTarget, ScalarType, Schema};

/// `pg_available_extensions` of Postgres 15, without Citus.
const SHIPPED: &str = include_str!("pg_extensions.txt");

/// `extension method opclass input_type` per line (`-` for built-in).
const OPCLASSES: &str = include_str!("pg_opclasses.txt");

/// Extensions installed apart from Postgres that schemas commonly declare. schemaforge
/// knows none of their operator classes.
pub(crate) const SEPARATE: &[&str] = &[
    "address_standardizer",
    "citus",
    "citus_columnar",
    "h3",
    "hypopg",
    "orafce",
    "pg_cron",
    "pg_graphql",
    "pg_hint_plan",
    "pg_net",
    "pg_partman",
    "pg_repack",
    "pg_stat_monitor",
    "pgaudit",
    "pgjwt",
    "pgrouting",
    "pgsodium",
    "plv8",
    "postgis",
    "postgis_raster",
    "postgis_tiger_geocoder",
    "postgis_topology",
    "rum",
    "supabase_vault",
    "timescaledb",
    "vector",
];

fn shipped() -> impl Iterator<Item = &'static str> {
    list_lines(SHIPPED)
}

struct OpClass {
    extension: Option<&'static str>,
    method: &'static str,
    name: &'static str,
    input: &'static str,
}

fn opclasses() -> impl Iterator<Item = OpClass> {
    list_lines(OPCLASSES).filter_map(|l| {
        let mut f = l.split(' ');
        let (extension, method, name, input) = (f.next()?, f.next()?, f.next()?, f.next()?);
        Some(OpClass {
            extension: (extension != "-").then_some(extension),
            method,
            name,
            input,
        })
    })
}

/// Reports unknown extensions (E0125) and operator classes Postgres would refuse (E0126).
pub(crate) fn check(schema: &Schema, diags: &mut Diagnostics) {
    let known = |name: &str| shipped().any(|s| s == name) || SEPARATE.contains(&name);
    for x in &schema.extensions {
        if !known(&x.name) {
            let candidates: Vec<&str> = shipped().chain(SEPARATE.iter().copied()).collect();
            diags.push(catalog::unknown_extension(
                &x.name,
                x.span,
                did_you_mean(&x.name, candidates),
            ));
        }
    }
    // With an extension whose operator classes are not listed, an unknown class may be one
    // of its: Postgres decides.
    let with_unlisted = schema
        .extensions
        .iter()
        .any(|x| SEPARATE.contains(&x.name.as_str()) || !known(&x.name));
    let declared = |name: &str| schema.extensions.iter().any(|x| x.name == name);
    // A type an extension adds needs the extension, created first.
    if !declared("citext") {
        for t in &schema.tables {
            for c in &t.columns {
                if *c.ty.element() == ColumnType::Scalar(ScalarType::Citext) {
                    diags.push(catalog::type_needs_extension("citext", "citext", c.span));
                }
            }
        }
    }
    for t in &schema.tables {
        for i in &t.indexes {
            let method = i.method.as_deref().unwrap_or("btree");
            for e in &i.elements {
                let Some(opclass) = e.opclass.as_deref() else {
                    continue;
                };
                let column = match &e.target {
                    IndexTarget::Column(c) => t.column(c).map(|c| &c.ty),
                    IndexTarget::Expr(_) => None,
                };
                let named: Vec<OpClass> = opclasses().filter(|o| o.name == opclass).collect();
                let problem = if named.is_empty() {
                    if with_unlisted {
                        continue;
                    }
                    let of_method: Vec<&str> = opclasses()
                        .filter(|o| o.method == method)
                        .map(|o| o.name)
                        .collect();
                    let hint = match did_you_mean(opclass, of_method) {
                        Some(close) => format!("did you mean `{close}`?"),
                        None => format!(
                            "name an operator class of `{method}` that Postgres or a declared \
                             extension has (`text_pattern_ops`, `gin_trgm_ops` with \
                             `extension pg_trgm`, …), or none for the type's default"
                        ),
                    };
                    Some((format!("Postgres has no operator class `{opclass}`"), hint))
                } else if let Some(o) = named.iter().find(|o| o.method == method) {
                    match o.extension {
                        Some(ext) if !declared(ext) => Some((
                            format!("`{opclass}` comes from the extension `{ext}`"),
                            format!("declare it: `extension {ext}`"),
                        )),
                        _ => match column {
                            Some(ty)
                                if !named
                                    .iter()
                                    .filter(|o| o.method == method)
                                    .any(|o| accepts(o.input, ty)) =>
                            {
                                Some((
                                    format!(
                                        "`{opclass}` indexes `{}`, not `{ty}`",
                                        o.input.replace('_', " ")
                                    ),
                                    "name an operator class for the column's type, or none for \
                                     its default"
                                        .to_string(),
                                ))
                            }
                            _ => None,
                        },
                    }
                } else {
                    let methods: Vec<&str> = named.iter().map(|o| o.method).collect();
                    Some((
                        format!(
                            "`{opclass}` is an operator class of `{}`, not `{method}`",
                            methods.join("`, `")
                        ),
                        format!(
                            "use the index method it belongs to (`using {}`)",
                            methods[0]
                        ),
                    ))
                };
                if let Some((label, hint)) = problem {
                    diags.push(catalog::bad_operator_class(i.span, &label, &hint));
                }
            }
        }
    }
}

/// Whether an operator class whose input type is `input` (as `regtype` prints it, spaces as
/// `_`) indexes a column of type `ty`: the same type, `text` for `varchar`, and the
/// polymorphic `anyarray`, `anyenum`, `anyelement`.
fn accepts(input: &str, ty: &ColumnType) -> bool {
    match ty {
        ColumnType::Array(inner) => {
            input == "anyarray" || input == format!("{}[]", spelling(inner)).replace(' ', "_")
        }
        ColumnType::Enum(_) => matches!(input, "anyenum" | "anyelement"),
        ColumnType::Scalar(s) => {
            let own = spelling(ty).replace(' ', "_");
            input == own
                || input == "anyelement"
                || (matches!(s, ScalarType::Varchar(_)) && input == "text")
        }
    }
}

/// The type as `regtype` prints it, without type arguments.
fn spelling(ty: &ColumnType) -> String {
    use ScalarType as S;
    match ty {
        ColumnType::Array(inner) => format!("{}[]", spelling(inner)),
        ColumnType::Enum(name) => name.clone(),
        ColumnType::Scalar(s) => match s.without_precision() {
            S::Varchar(_) => "character varying".into(),
            S::Char(_) => "character".into(),
            S::Numeric(_) => "numeric".into(),
            S::Time(_) => "time without time zone".into(),
            S::Timetz(_) => "time with time zone".into(),
            S::Bit(_) => "bit".into(),
            S::Varbit(_) => "bit varying".into(),
            S::Timestamp(_) => "timestamp without time zone".into(),
            S::Timestamptz(_) => "timestamp with time zone".into(),
            other => other.to_string(),
        },
    }
}
