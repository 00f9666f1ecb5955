//! From syntax trees to the IR: declares every name, resolves types and references, and
//! names constraints as Postgres would. Problems are collected, not returned early.

use std::collections::{HashMap, HashSet};

use crate::ast::{self, ColumnAttr, Directive, MemberKind};
use crate::catalog;
use crate::diagnostic::Diagnostics;
use crate::ir::*;
use crate::span::Span;
use crate::types::resolve_type;

/// Name lookups in constant time while the IR is being built (a schema may have
/// thousands of tables; the IR's own lookups are linear).
struct Lookup<'a> {
    tables: &'a [Table],
    enums_by_name: HashMap<&'a str, &'a Enum>,
    tables_by_name: HashMap<&'a str, &'a Table>,
}

impl<'a> Lookup<'a> {
    fn new(enums: &'a [Enum], tables: &'a [Table]) -> Lookup<'a> {
        Lookup {
            tables,
            enums_by_name: enums.iter().map(|e| (e.name.as_str(), e)).collect(),
            tables_by_name: tables.iter().map(|t| (t.name.as_str(), t)).collect(),
        }
    }

    fn enum_named(&self, name: &str) -> Option<&'a Enum> {
        self.enums_by_name.get(name).copied()
    }

    fn table(&self, name: &str) -> Option<&'a Table> {
        self.tables_by_name.get(name).copied()
    }
}

/// What the checks need to know of the syntax beyond the IR.
#[derive(Debug, Default)]
pub struct Syntax {
    /// Per table (IR order): the tenancy directive's span and its column's span.
    pub tenancy: Vec<Option<(Span, Span)>>,
    /// Per table: the `no_primary_key` opt-out, if written.
    pub no_primary_key: Vec<Option<Span>>,
    /// Per table: the `unscoped` directive, if written.
    pub unscoped: Vec<Option<Span>>,
    /// Per table: whether a primary key is written, even one that failed to resolve.
    pub primary_key_written: Vec<bool>,
    /// SQL expressions to check, with what they belong to.
    pub sql: Vec<SqlSite>,
    /// Explicitly written constraint and index names (others are generated).
    pub named: Vec<Span>,
    /// Spans of foreign key targets: (table span, column spans) per table per FK.
    pub fk_targets: Vec<Vec<(Span, Vec<Span>)>>,
    /// Spans of `rust_type(…)` paths.
    pub rust_types: Vec<(String, Span)>,
    /// Where each column's type is written, by (table, column).
    pub type_spans: HashMap<(String, String), Span>,
    /// Columns whose type is unknown (already reported; typed `text` as a stand-in).
    pub unknown_types: HashSet<(String, String)>,
    /// Columns whose foreign key could not be resolved (already reported).
    pub broken_fks: HashSet<(String, String)>,
    /// Per table: the check constraint names taken so far, and the next number to try
    /// after each generated name's base (so naming n checks is linear, not cubic).
    check_names: HashMap<String, CheckNames>,
}

#[derive(Debug, Default)]
struct CheckNames {
    taken: HashSet<String>,
    next: HashMap<String, usize>,
}

/// A SQL expression of the schema, with what it belongs to, for the checks.
#[derive(Debug, Clone)]
pub struct SqlSite {
    /// `default`, `check`, `generated`, `on_update`, `index` or `where`.
    pub what: &'static str,
    pub text: String,
    pub span: Span,
    /// The table it is written in.
    pub table: String,
    /// The column whose attribute it is, if it is one.
    pub column: Option<String>,
    /// A trigger's condition: the rows (`old`, `new`) that one of its events lacks, with
    /// that event (`old` on `insert`, `new` on `delete`).
    pub absent_rows: Vec<(&'static str, &'static str)>,
}

impl SqlSite {
    fn new(what: &'static str, sql: &ast::Sql, table: &str, column: Option<&str>) -> SqlSite {
        SqlSite {
            what,
            text: sql.text.clone(),
            span: sql.span,
            table: table.to_string(),
            column: column.map(str::to_string),
            absent_rows: Vec::new(),
        }
    }
}

pub fn resolve(files: &[ast::File], diags: &mut Diagnostics) -> (Schema, Syntax) {
    let mut schema = Schema::default();
    let mut syntax = Syntax::default();

    // Types: enums and the row type every table defines.
    let mut type_names: HashMap<&str, Span> = HashMap::new();
    let mut table_defs = Vec::new();
    let mut function_defs = Vec::new();
    let mut view_defs = Vec::new();
    let mut sequence_defs = Vec::new();
    let mut extension_names: HashMap<&str, Span> = HashMap::new();
    for item in files.iter().flat_map(|f| &f.items) {
        match item {
            ast::Item::Enum(e) => {
                if let Some(&first) = type_names.get(e.name.name.as_str()) {
                    diags.push(catalog::type_name_clash(
                        &e.name.name,
                        e.name.span,
                        first,
                        true,
                    ));
                    continue;
                }
                type_names.insert(&e.name.name, e.name.span);
                schema.enums.push(resolve_enum(e, diags));
            }
            ast::Item::Table(t) => table_defs.push(t),
            ast::Item::Function(f) => function_defs.push(f),
            ast::Item::View(v) => view_defs.push(v),
            ast::Item::Sequence(q) => sequence_defs.push(q),
            ast::Item::Extension(x) => {
                let name = x.name.name.as_str();
                if let Some(&first) = extension_names.get(name) {
                    diags.push(catalog::duplicate_extension(name, x.name.span, first));
                    continue;
                }
                extension_names.insert(name, x.name.span);
                schema.extensions.push(Extension {
                    name: name.to_string(),
                    doc: doc(&x.trivia),
                    span: x.name.span,
                });
            }
        }
    }
    schema.functions = resolve_functions(&function_defs, &schema.extensions, diags);
    let mut table_names: HashMap<&str, Span> = HashMap::new();
    let mut tables = Vec::new();
    for t in table_defs {
        if let Some(&first) = table_names.get(t.name.name.as_str()) {
            diags.push(catalog::duplicate_table(&t.name.name, t.name.span, first));
            continue;
        }
        if let Some(&enum_span) = type_names.get(t.name.name.as_str()) {
            // Enums are declared first; point at whichever of the two comes later.
            let (again, first) = if enum_span < t.name.span {
                (t.name.span, enum_span)
            } else {
                (enum_span, t.name.span)
            };
            diags.push(catalog::type_name_clash(&t.name.name, again, first, false));
            continue;
        }
        table_names.insert(&t.name.name, t.name.span);
        tables.push(t);
    }

    let enum_names: Vec<&str> = schema.enums.iter().map(|e| e.name.as_str()).collect();
    let lookup = Lookup::new(&schema.enums, &[]);
    let declared: Vec<Table> = tables
        .iter()
        .map(|t| declare_table(t, &lookup, &enum_names, &mut syntax, diags))
        .collect();
    schema.tables = declared;
    // Foreign keys need every table's columns.
    let lookup = Lookup::new(&schema.enums, &schema.tables);
    let mut all_fks = Vec::with_capacity(tables.len());
    for t in &tables {
        let mut targets = Vec::new();
        all_fks.push(resolve_foreign_keys(
            t,
            &lookup,
            &mut targets,
            &mut syntax,
            diags,
        ));
        syntax.fk_targets.push(targets);
    }
    for (table, fks) in schema.tables.iter_mut().zip(all_fks) {
        table.foreign_keys = fks;
    }
    schema.views = resolve_views(&view_defs, &type_names, &table_names, diags);
    schema.sequences = resolve_sequences(&sequence_defs, &schema.tables, diags);
    let extensions_declared = !schema.extensions.is_empty();
    for (t, table) in tables.iter().zip(schema.tables.iter_mut()) {
        resolve_triggers_and_policies(
            t,
            table,
            &schema.functions,
            extensions_declared,
            &mut syntax,
            diags,
        );
    }
    schema.groups = groups(files, &schema);
    (schema, syntax)
}

/// Each file as a group of the enums and tables it declares (those kept: a duplicate is
/// reported and left out).
fn groups(files: &[ast::File], schema: &Schema) -> Vec<Group> {
    let mut enums: HashSet<&str> = schema.enums.iter().map(|e| e.name.as_str()).collect();
    let mut tables: HashSet<&str> = schema.tables.iter().map(|t| t.name.as_str()).collect();
    let mut out = Vec::new();
    for file in files {
        let stem = std::path::Path::new(&file.name)
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        let new_group = |doc: Option<&ast::Doc>| Group {
            name: stem.clone(),
            doc: doc.map(|d| d.text.clone()),
            enums: Vec::new(),
            tables: Vec::new(),
        };
        // The file's own group, unless a `//!` block between items starts with the first
        // item and the file has no doc of its own.
        let starts_grouped = file.groups.first().is_some_and(|g| g.first_item == 0);
        let mut group =
            (!starts_grouped || file.doc.is_some()).then(|| new_group(file.doc.as_ref()));
        let mut starts = file.groups.iter().peekable();
        for (i, item) in file.items.iter().enumerate() {
            while let Some(start) = starts.next_if(|g| g.first_item == i) {
                out.extend(group.take());
                group = Some(new_group(Some(&start.doc)));
            }
            let Some(group) = group.as_mut() else {
                continue;
            };
            match item {
                ast::Item::Enum(e) if enums.remove(e.name.name.as_str()) => {
                    group.enums.push(e.name.name.clone());
                }
                ast::Item::Table(t) if tables.remove(t.name.name.as_str()) => {
                    group.tables.push(t.name.name.clone());
                }
                _ => {}
            }
        }
        out.extend(group);
    }
    out
}

fn doc(trivia: &ast::Trivia) -> Option<String> {
    trivia.doc.as_ref().map(|d| d.text.clone())
}

fn resolve_enum(e: &ast::EnumDef, diags: &mut Diagnostics) -> Enum {
    let mut seen: HashMap<&str, Span> = HashMap::new();
    let mut values = Vec::new();
    for v in &e.values {
        if let Some(&first) = seen.get(v.name.name.as_str()) {
            diags.push(catalog::duplicate_enum_value(
                &v.name.name,
                v.name.span,
                first,
            ));
            continue;
        }
        seen.insert(&v.name.name, v.name.span);
        values.push(EnumValue {
            name: v.name.name.clone(),
            doc: doc(&v.trivia),
            renamed_from: v.renamed_from.as_ref().map(|i| i.name.clone()),
            span: v.name.span,
        });
    }
    let name = e.name.name.as_str();
    if crate::keyword::PG_BUILTIN_TYPES.contains(&name) || crate::keyword::TYPES.contains(&name) {
        diags.push(catalog::enum_shadows_builtin(name, e.name.span));
    }
    if values.is_empty() && e.values.is_empty() {
        diags.push(catalog::empty_enum(&e.name.name, e.name.span));
    }
    Enum {
        name: e.name.name.clone(),
        doc: doc(&e.trivia),
        values,
        renamed_from: None,
        span: e.name.span,
    }
}

/// `<table>_<columns>_<suffix>`, the way Postgres names constraints and indexes.
pub fn constraint_name(table: &str, columns: &[String], suffix: &str) -> String {
    let mut name = table.to_string();
    for c in columns {
        name.push('_');
        name.push_str(c);
    }
    name.push('_');
    name.push_str(suffix);
    name
}

fn names(idents: &[ast::Ident]) -> Vec<String> {
    idents.iter().map(|i| i.name.clone()).collect()
}

fn span_of(idents: &[ast::Ident], fallback: Span) -> Span {
    match (idents.first(), idents.last()) {
        (Some(a), Some(b)) => a.span.to(b.span),
        _ => fallback,
    }
}

fn declare_table(
    t: &ast::TableDef,
    schema: &Lookup<'_>,
    enum_names: &[&str],
    syntax: &mut Syntax,
    diags: &mut Diagnostics,
) -> Table {
    let name = t.name.name.clone();
    let mut table = Table {
        name: name.clone(),
        doc: doc(&t.trivia),
        columns: Vec::new(),
        primary_key: None,
        uniques: Vec::new(),
        foreign_keys: Vec::new(),
        checks: Vec::new(),
        indexes: Vec::new(),
        triggers: Vec::new(),
        policies: Vec::new(),
        storage: Vec::new(),
        tenancy: Tenancy::None,
        partitioning: None,
        renamed_from: None,
        span: t.name.span,
    };
    let mut tenancy_span: Option<(Span, Span)> = None;
    let mut no_pk = None;
    let mut unscoped = None;
    let mut pk_span: Option<Span> = None;
    let mut column_spans: HashMap<String, Span> = HashMap::new();

    // Columns first, so that directives can refer to columns declared after them.
    for member in &t.members {
        let MemberKind::Column(c) = &member.kind else {
            continue;
        };
        if let Some(&first) = column_spans.get(&c.name.name) {
            diags.push(catalog::duplicate_column(&c.name.name, c.name.span, first));
            continue;
        }
        column_spans.insert(c.name.name.clone(), c.name.span);
        let key = (name.clone(), c.name.name.clone());
        syntax.type_spans.insert(key.clone(), c.ty.span);
        let ty = match resolve_type(
            &c.ty,
            |n| schema.enum_named(n).is_some(),
            enum_names.iter().copied(),
        ) {
            Ok(ty) => Some(ty),
            Err(d) => {
                diags.push(d);
                syntax.unknown_types.insert(key);
                None
            }
        };
        let column = resolve_column(
            &mut table,
            c,
            &doc(&member.trivia),
            ty,
            schema,
            &mut pk_span,
            syntax,
            diags,
        );
        table.columns.push(column);
    }

    let column_names: Vec<String> = table.columns.iter().map(|c| c.name.clone()).collect();
    let check_columns = |idents: &[ast::Ident], diags: &mut Diagnostics| -> bool {
        let mut ok = true;
        for i in idents {
            if !column_names.contains(&i.name) {
                diags.push(catalog::unknown_column(
                    &i.name,
                    &name,
                    i.span,
                    column_names.iter().map(String::as_str),
                ));
                ok = false;
            }
        }
        ok
    };

    for member in &t.members {
        let MemberKind::Directive(d) = &member.kind else {
            continue;
        };
        match d {
            Directive::TenantRoot(span) => {
                if let Some((first, _)) = tenancy_span {
                    diags.push(catalog::conflicting_tenancy(*span, first));
                } else {
                    tenancy_span = Some((*span, *span));
                    table.tenancy = Tenancy::Root;
                }
            }
            Directive::Tenant(col) | Directive::TenantVia(col) => {
                if let Some((first, _)) = tenancy_span {
                    diags.push(catalog::conflicting_tenancy(member.span, first));
                    continue;
                }
                tenancy_span = Some((member.span, col.span));
                if table.column(&col.name).is_none() {
                    diags.push(catalog::tenant_column_unknown(
                        &col.name,
                        &name,
                        col.span,
                        column_names.iter().map(String::as_str),
                    ));
                    continue;
                }
                table.tenancy = match d {
                    Directive::Tenant(_) => Tenancy::Column {
                        column: col.name.clone(),
                    },
                    // Parent filled in by the tenancy check once foreign keys exist.
                    _ => Tenancy::Via {
                        column: col.name.clone(),
                        parent: String::new(),
                        parent_column: String::new(),
                    },
                };
            }
            Directive::NoPrimaryKey(span) => no_pk = Some(*span),
            Directive::Unscoped(span) => unscoped = Some(*span),
            Directive::PrimaryKey {
                name: given,
                columns,
                span,
            } => {
                if let Some(first) = pk_span {
                    diags.push(catalog::conflicting_primary_key(*span, first));
                    continue;
                }
                pk_span = Some(*span);
                if check_columns(columns, diags) {
                    for c in columns {
                        if let Some(col) = table.columns.iter().find(|x| x.name == c.name)
                            && col.nullable
                        {
                            diags.push(
                                catalog::misplaced_attribute(
                                    "primary_key",
                                    c.span,
                                    "this column is nullable",
                                )
                                .with_secondary(col.span, "declared nullable here"),
                            );
                        }
                    }
                    let pk_name = match given {
                        Some(g) => {
                            syntax.named.push(g.span);
                            g.name.clone()
                        }
                        None => format!("{name}_pkey"),
                    };
                    table.primary_key = Some(PrimaryKey {
                        name: pk_name,
                        columns: names(columns),
                        span: *span,
                    });
                }
            }
            Directive::Unique {
                name: given,
                columns,
                nulls_not_distinct,
                span,
            } => {
                if check_columns(columns, diags) {
                    let cols = names(columns);
                    table.uniques.push(Unique {
                        global: false,
                        implied: false,
                        nulls_not_distinct: nulls_not_distinct.is_some(),
                        name: constraint_name_or(given, &name, &cols, "key", syntax),
                        columns: cols,
                        span: given.as_ref().map_or(span_of(columns, *span), |g| g.span),
                    });
                }
            }
            Directive::Check {
                name: given,
                expr,
                span,
            } => {
                syntax
                    .sql
                    .push(SqlSite::new("check", expr, &table.name, None));
                let check_name = match given {
                    Some(g) => {
                        syntax.named.push(g.span);
                        g.name.clone()
                    }
                    None => unique_check_name(syntax, &table.name, format!("{name}_check")),
                };
                take_check_name(syntax, &table.name, &check_name);
                table.checks.push(Check {
                    name: check_name,
                    expr: SqlExpr(expr.text.clone()),
                    span: given.as_ref().map_or(*span, |g| g.span),
                });
            }
            Directive::ForeignKey { .. } => {}
            Directive::Index(index) => {
                if let Some(ix) = resolve_index(index, &name, &check_columns, syntax, diags) {
                    table.indexes.push(ix);
                }
            }
            Directive::RenamedFrom(old) => table.renamed_from = Some(old.name.clone()),
            Directive::With(params) => {
                if !table.storage.is_empty() {
                    diags.push(catalog::repeated_option(crate::keyword::WITH, params.span));
                }
                table.storage = storage_params(params, None, diags);
            }
            // Resolved with the schema's functions: [`resolve_triggers_and_policies`].
            Directive::Trigger(_) | Directive::Policy(_) => {}
            Directive::PartitionBy {
                method,
                columns,
                span,
            } => {
                if table.partitioning.is_some() {
                    diags.push(catalog::repeated_option(
                        crate::keyword::PARTITION_BY,
                        *span,
                    ));
                    continue;
                }
                check_columns(columns, diags);
                let method = match method.name.as_str() {
                    "list" => PartitionMethod::List,
                    "hash" => PartitionMethod::Hash,
                    _ => PartitionMethod::Range,
                };
                table.partitioning = Some(Partitioning {
                    method,
                    columns: names(columns),
                    partitions: Vec::new(),
                    span: *span,
                });
            }
            Directive::Partition(_) => {}
        }
    }
    resolve_partitions(&mut table, t, syntax, diags);

    if let (Some(opt_out), Some(pk)) = (no_pk, pk_span) {
        diags.push(catalog::no_primary_key_conflict(opt_out, pk));
    }
    // `unscoped` says the table has no tenant: with a tenancy directive it contradicts it.
    if let (Some(span), Some((first, _))) = (unscoped, tenancy_span) {
        diags.push(catalog::conflicting_tenancy(span, first));
    }
    syntax.tenancy.push(tenancy_span);
    syntax.no_primary_key.push(no_pk);
    syntax.unscoped.push(unscoped);
    syntax.primary_key_written.push(pk_span.is_some());
    table
}

/// The `partition`s of `t`, checked against its `partition_by`.
fn resolve_partitions(
    table: &mut Table,
    t: &ast::TableDef,
    syntax: &mut Syntax,
    diags: &mut Diagnostics,
) {
    let mut partitions = Vec::new();
    let mut default: Option<Span> = None;
    for member in &t.members {
        let MemberKind::Directive(Directive::Partition(p)) = &member.kind else {
            continue;
        };
        let Some(partitioning) = &table.partitioning else {
            diags.push(catalog::bad_partitioning(
                format!("the partition `{}` of a table that is not partitioned", p.name.name),
                p.span,
                "a partition",
                "say how the table divides its rows first: `partition_by range (column)`, `list (column)` or `hash (column)`",
            ));
            continue;
        };
        let method = partitioning.method;
        let key_len = partitioning.columns.len();
        let wrong = |written: &str, span: Span| {
            let (form, name) = match method {
                PartitionMethod::Range => ("`from (…) to (…)` or `default`", "range"),
                PartitionMethod::List => ("`in (…)` or `default`", "list"),
                PartitionMethod::Hash => ("`modulus(n) remainder(r)`", "hash"),
            };
            catalog::bad_partitioning(
                format!("a {written} partition of a table partitioned by {name}"),
                span,
                "this bound",
                &format!("a partition of this table is {form}"),
            )
        };
        let bound = match (&p.bound, method) {
            (ast::PartitionBoundDef::Range { from, to }, PartitionMethod::Range) => {
                let mut ok = true;
                for side in [from, to] {
                    let n = crate::words::top_level_items(&side.text);
                    if n != key_len {
                        ok = false;
                        diags.push(catalog::bad_partitioning(
                            format!(
                                "a range bound of {n} value{} for a partition key of {key_len} column{}",
                                if n == 1 { "" } else { "s" },
                                if key_len == 1 { "" } else { "s" }
                            ),
                            side.full,
                            "this bound",
                            "give one value per column of the key (`minvalue` and `maxvalue` leave a column unbounded)",
                        ));
                    }
                }
                ok.then(|| PartitionBound::Range {
                    from: from.text.clone(),
                    to: to.text.clone(),
                })
            }
            (ast::PartitionBoundDef::List(values), PartitionMethod::List) => {
                Some(PartitionBound::List {
                    values: values.text.clone(),
                })
            }
            (ast::PartitionBoundDef::Hash { modulus, remainder }, PartitionMethod::Hash) => {
                let number = |sql: &ast::Sql| sql.text.trim().parse::<u32>().ok();
                match (number(modulus), number(remainder)) {
                    (Some(m), Some(r)) if m > 0 && r < m => Some(PartitionBound::Hash {
                        modulus: m,
                        remainder: r,
                    }),
                    _ => {
                        diags.push(catalog::bad_partitioning(
                            "a hash partition's modulus and remainder must be whole numbers, the remainder below the modulus".to_string(),
                            modulus.full.to(remainder.full),
                            "this bound",
                            "write `modulus(4) remainder(0)` … `modulus(4) remainder(3)` for four partitions",
                        ));
                        None
                    }
                }
            }
            (
                ast::PartitionBoundDef::Default(span),
                PartitionMethod::Range | PartitionMethod::List,
            ) => {
                if let Some(first) = default {
                    diags.push(
                        catalog::bad_partitioning(
                            "a second default partition".to_string(),
                            *span,
                            "default again",
                            "a table has one default partition, for the rows no other partition holds",
                        )
                        .with_secondary(first, "the first one"),
                    );
                    None
                } else {
                    default = Some(*span);
                    Some(PartitionBound::Default)
                }
            }
            (ast::PartitionBoundDef::Range { from, to }, _) => {
                diags.push(wrong("range", from.full.to(to.full)));
                None
            }
            (ast::PartitionBoundDef::List(values), _) => {
                diags.push(wrong("list", values.full));
                None
            }
            (ast::PartitionBoundDef::Hash { modulus, remainder }, _) => {
                diags.push(wrong("hash", modulus.full.to(remainder.full)));
                None
            }
            (ast::PartitionBoundDef::Default(span), _) => {
                diags.push(wrong("default", *span));
                None
            }
        };
        // Each value of a bound is an expression of its key column's type.
        let lists: Vec<(&ast::Sql, bool)> = match (&p.bound, method) {
            (ast::PartitionBoundDef::Range { from, to }, PartitionMethod::Range) => {
                vec![(from, true), (to, true)]
            }
            (ast::PartitionBoundDef::List(values), PartitionMethod::List) => vec![(values, false)],
            _ => Vec::new(),
        };
        for (sql, range) in lists {
            for (i, (offset, item)) in crate::words::top_level_split(&sql.text)
                .into_iter()
                .enumerate()
            {
                let text = item.trim();
                let words = ["minvalue", "maxvalue", "null"];
                if words.iter().any(|w| text.eq_ignore_ascii_case(w)) {
                    continue;
                }
                let key = &partitioning.columns;
                let Some(column) = key.get(if range { i } else { 0 }) else {
                    continue;
                };
                let start =
                    sql.span.start as usize + offset + (item.len() - item.trim_start().len());
                syntax.sql.push(SqlSite {
                    what: "partition",
                    text: text.to_string(),
                    span: Span::new(sql.span.file, start, start + text.len()),
                    table: table.name.clone(),
                    column: Some(column.clone()),
                    absent_rows: Vec::new(),
                });
            }
        }
        let bound_spans = match &p.bound {
            ast::PartitionBoundDef::Range { from, to } => vec![from.span, to.span],
            ast::PartitionBoundDef::List(values) => vec![values.span],
            ast::PartitionBoundDef::Hash { .. } | ast::PartitionBoundDef::Default(_) => Vec::new(),
        };
        if let Some(bound) = bound {
            partitions.push(Partition {
                name: p.name.name.clone(),
                doc: doc(&member.trivia),
                bound,
                span: p.name.span,
                bound_spans,
            });
        }
    }
    if let Some(partitioning) = &mut table.partitioning {
        partitioning.partitions = partitions;
    }
}

fn constraint_name_or(
    given: &Option<ast::Ident>,
    table: &str,
    columns: &[String],
    suffix: &str,
    syntax: &mut Syntax,
) -> String {
    match given {
        Some(g) => {
            syntax.named.push(g.span);
            g.name.clone()
        }
        None => constraint_name(table, columns, suffix),
    }
}

/// Postgres appends a number to a generated check name that is taken.
/// The name Postgres gives an unnamed check: `base`, or `base` with the first number that
/// makes it unique in the table.
fn unique_check_name(syntax: &mut Syntax, table: &str, base: String) -> String {
    let names = syntax.check_names.entry(table.to_string()).or_default();
    if !names.taken.contains(&base) {
        return base;
    }
    let next = names.next.entry(base.clone()).or_insert(1);
    loop {
        let candidate = format!("{base}{next}");
        *next += 1;
        if !names.taken.contains(&candidate) {
            return candidate;
        }
    }
}

fn take_check_name(syntax: &mut Syntax, table: &str, name: &str) {
    let names = syntax.check_names.entry(table.to_string()).or_default();
    names.taken.insert(name.to_string());
}

#[allow(clippy::too_many_arguments)]
fn resolve_column(
    table: &mut Table,
    c: &ast::ColumnDef,
    doc: &Option<String>,
    ty: Option<ColumnType>,
    schema: &Lookup<'_>,
    pk_span: &mut Option<Span>,
    syntax: &mut Syntax,
    diags: &mut Diagnostics,
) -> Column {
    // An unknown type is already reported: stand in `text`, and skip the checks that
    // depend on the type, so that one typo is one error.
    let type_known = ty.is_some();
    let mut column = Column::new(
        c.name.name.clone(),
        ty.unwrap_or(ColumnType::Scalar(ScalarType::Text)),
        c.name.span,
    );
    column.doc = doc.clone();
    column.nullable = c.nullable;
    let mut seen: HashMap<&'static str, Span> = HashMap::new();
    // A serial type is the integer type with a default of its own sequence: it excludes
    // what a default excludes, and NULL.
    if type_known && crate::types::serial_type(&c.ty.name).is_some() {
        column.default = Some(DefaultValue::Serial);
        seen.insert("serial", c.ty.span);
        if c.nullable {
            diags.push(catalog::serial_misuse(
                &c.ty.name,
                c.ty.span,
                "a serial column is never NULL",
                "remove the `?`, or use the integer type with a default of your own",
            ));
        }
    }
    for attr in &c.attrs {
        let word = attr.keyword();
        // `check` may be given more than once; everything else once.
        if word != crate::keyword::CHECK
            && let Some(&first) = seen.get(word)
        {
            diags.push(catalog::repeated_attribute(word, attr.span(), first));
            continue;
        }
        seen.insert(word, attr.span());
        match attr {
            ColumnAttr::PrimaryKey(span) => {
                if let Some(first) = *pk_span {
                    diags.push(catalog::conflicting_primary_key(*span, first));
                    continue;
                }
                if c.nullable {
                    diags.push(catalog::misplaced_attribute(
                        "primary_key",
                        *span,
                        "this column is nullable",
                    ));
                }
                *pk_span = Some(*span);
                table.primary_key = Some(PrimaryKey {
                    name: format!("{}_pkey", table.name),
                    columns: vec![column.name.clone()],
                    span: *span,
                });
            }
            ColumnAttr::Unique(span) => table.uniques.push(Unique {
                global: c.attrs.iter().any(|a| matches!(a, ColumnAttr::Global(_))),
                implied: false,
                nulls_not_distinct: false,
                name: constraint_name(&table.name, std::slice::from_ref(&column.name), "key"),
                columns: vec![column.name.clone()],
                span: *span,
            }),
            ColumnAttr::References(_) => {}
            ColumnAttr::Default(sql) => {
                column.default = Some(resolve_default(
                    &table.name,
                    &column,
                    sql,
                    schema,
                    syntax,
                    diags,
                ));
            }
            ColumnAttr::Check(sql) => {
                syntax
                    .sql
                    .push(SqlSite::new("check", sql, &table.name, Some(&column.name)));
                let base = format!("{}_{}_check", table.name, column.name);
                let name = unique_check_name(syntax, &table.name, base);
                take_check_name(syntax, &table.name, &name);
                table.checks.push(Check {
                    name,
                    expr: SqlExpr(sql.text.clone()),
                    span: sql.span,
                });
            }
            ColumnAttr::Identity(kind, span) => {
                match &column.ty {
                    ColumnType::Scalar(s) if s.is_integer() => {}
                    _ if !type_known => {}
                    _ => diags.push(catalog::misplaced_attribute(
                        "identity",
                        *span,
                        "not an integer column",
                    )),
                }
                if c.nullable {
                    diags.push(catalog::misplaced_attribute(
                        "identity",
                        *span,
                        "identity columns are never NULL; remove the `?`",
                    ));
                }
                column.identity = Some(*kind);
            }
            ColumnAttr::Generated(sql) => {
                syntax.sql.push(SqlSite::new(
                    "generated",
                    sql,
                    &table.name,
                    Some(&column.name),
                ));
                column.generated = Some(SqlExpr(sql.text.clone()));
            }
            ColumnAttr::OnUpdate(sql) => {
                syntax.sql.push(SqlSite::new(
                    "on_update",
                    sql,
                    &table.name,
                    Some(&column.name),
                ));
                column.on_update = Some(SqlExpr(sql.text.clone()));
            }
            ColumnAttr::Sensitive(_) => column.sensitive = true,
            ColumnAttr::Global(span) => {
                if !c.attrs.iter().any(|a| matches!(a, ColumnAttr::Unique(_))) {
                    diags.push(catalog::global_without_unique(*span));
                }
            }
            ColumnAttr::RustType(path) => {
                if !type_known {
                    column.rust_type = Some(path.text.clone());
                } else if !matches!(&column.ty, ColumnType::Scalar(s) if s.is_json()) {
                    diags.push(catalog::misplaced_attribute(
                        "rust_type",
                        path.span,
                        "not a json or jsonb column",
                    ));
                } else {
                    syntax.rust_types.push((path.text.clone(), path.span));
                    column.rust_type = Some(path.text.clone());
                }
            }
            ColumnAttr::RenamedFrom(old) => column.renamed_from = Some(old.name.clone()),
        }
    }
    // Attributes that exclude each other.
    let conflicts: [(&str, &str, &str); 7] = [
        (
            "serial",
            "default",
            "a serial column takes its default from its sequence: use the integer type for a default of your own",
        ),
        (
            "serial",
            "identity",
            "a column is either serial or an identity: `identity` is the SQL-standard form of the same",
        ),
        (
            "serial",
            "generated",
            "a generated column is computed; it has no sequence",
        ),
        (
            "identity",
            "default",
            "an identity column takes its default from its sequence",
        ),
        (
            "generated",
            "default",
            "a generated column is computed; it has no default",
        ),
        (
            "generated",
            "identity",
            "a column is either generated or an identity",
        ),
        (
            "generated",
            "on_update",
            "a generated column is computed; it cannot be set on update",
        ),
    ];
    for (a, b, why) in conflicts {
        if let (Some(&sa), Some(&sb)) = (seen.get(a), seen.get(b)) {
            diags.push(catalog::conflicting_attributes(a, b, sa, sb, why));
        }
    }
    column
}

/// Sequences: a name once, an integer type, integer options whose limits agree, an owner
/// column that exists.
fn resolve_sequences(
    defs: &[&ast::SequenceDef],
    tables: &[Table],
    diags: &mut Diagnostics,
) -> Vec<Sequence> {
    let mut names: HashMap<&str, Span> = HashMap::new();
    let mut out = Vec::new();
    for q in defs {
        if let Some(&first) = names.get(q.name.name.as_str()) {
            diags.push(catalog::duplicate(
                "E0124",
                "sequence",
                &q.name.name,
                q.name.span,
                first,
            ));
            continue;
        }
        names.insert(&q.name.name, q.name.span);
        let ty = match q.ty.as_ref().map(|t| t.name.as_str()) {
            None | Some("bigint") => ScalarType::Bigint,
            Some("integer") => ScalarType::Integer,
            Some("smallint") => ScalarType::Smallint,
            Some(other) => {
                let span = q.ty.as_ref().map_or(q.name.span, |t| t.span);
                diags.push(catalog::bad_sequence(
                    "type",
                    span,
                    &format!("`{other}` is not an integer type"),
                    "a sequence is `smallint`, `integer` or `bigint` (the default)",
                ));
                continue;
            }
        };
        let (lo, hi) = ty.integer_range();
        let mut seq = Sequence {
            name: q.name.name.clone(),
            doc: doc(&q.trivia),
            ty,
            start: None,
            increment: None,
            min: None,
            max: None,
            cache: None,
            cycle: false,
            owned_by: None,
            span: q.name.span,
        };
        let mut ok = true;
        for (word, arg) in &q.options {
            let Some(arg) = arg else {
                seq.cycle = true;
                continue;
            };
            if word.name == "owned_by" {
                let text = arg.text.trim();
                let owner = text.split_once('.').and_then(|(t, c)| {
                    let table = tables.iter().find(|x| x.name == t.trim())?;
                    let column = table.column(c.trim())?;
                    Some(ColumnRef {
                        table: table.name.clone(),
                        column: column.name.clone(),
                    })
                });
                match owner {
                    Some(owner) => seq.owned_by = Some(owner),
                    None => {
                        diags.push(catalog::bad_sequence(
                            "owner",
                            arg.span,
                            &format!("`{text}` is not a column of the schema"),
                            "write `owned_by(table.column)` with a table and column of the schema",
                        ));
                        ok = false;
                    }
                }
                continue;
            }
            let value = match arg.text.trim().parse::<i64>() {
                Ok(v) if (lo..=hi).contains(&v) => v,
                _ => {
                    diags.push(catalog::bad_sequence(
                        &format!("`{}`", word.name),
                        arg.span,
                        &format!("not an integer of the sequence's type, `{ty}`"),
                        &format!(
                            "write an integer from {lo} to {hi}, e.g. `{}(1)`",
                            word.name
                        ),
                    ));
                    ok = false;
                    continue;
                }
            };
            let slot = match word.name.as_str() {
                "start" => &mut seq.start,
                "increment" => &mut seq.increment,
                "min" => &mut seq.min,
                "max" => &mut seq.max,
                _ => &mut seq.cache,
            };
            *slot = Some(value);
        }
        if !ok {
            continue;
        }
        if let Some(problem) = sequence_limits(&seq) {
            diags.push(catalog::bad_sequence(
                "limits",
                q.name.span,
                problem,
                "Postgres refuses such a sequence: make `min` below `max`, `start` between them, the increment and the cache nonzero and positive",
            ));
            continue;
        }
        out.push(seq);
    }
    out
}

/// What Postgres would refuse in a sequence's options, with Postgres's defaults for those
/// left out.
fn sequence_limits(seq: &Sequence) -> Option<&'static str> {
    let increment = seq.increment.unwrap_or(1);
    if increment == 0 {
        return Some("the increment is zero");
    }
    if seq.cache.is_some_and(|c| c < 1) {
        return Some("the cache is below 1");
    }
    let (min, max) = seq.limits();
    if min >= max {
        return Some("`min` is not below `max`");
    }
    if !(min..=max).contains(&seq.first()) {
        return Some("`start` is outside `min` to `max`");
    }
    None
}

fn resolve_default(
    table: &str,
    column: &Column,
    sql: &ast::Sql,
    schema: &Lookup<'_>,
    syntax: &mut Syntax,
    diags: &mut Diagnostics,
) -> DefaultValue {
    if let ColumnType::Array(inner) = &column.ty
        && matches!(**inner, ColumnType::Enum(_))
        && !sql.text.is_empty()
        && sql
            .text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        diags.push(catalog::bare_enum_array_default(&sql.text, sql.span));
        return DefaultValue::Sql(SqlExpr(sql.text.clone()));
    }
    if let ColumnType::Enum(enum_name) = &column.ty {
        let text = sql.text.as_str();
        // A bare `null` is SQL's, unless the enum has a value of that name.
        let null = text.eq_ignore_ascii_case("null")
            && !schema
                .enum_named(enum_name)
                .is_some_and(|e| e.has_value(text));
        let bare = !null && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        let quoted = text.len() >= 2
            && text.starts_with('\'')
            && text.ends_with('\'')
            && !text[1..text.len() - 1].contains('\'');
        if bare || quoted {
            let value = if quoted {
                &text[1..text.len() - 1]
            } else {
                text
            };
            if let Some(e) = schema.enum_named(enum_name)
                && !e.has_value(value)
            {
                diags.push(catalog::unknown_enum_default(
                    value,
                    enum_name,
                    sql.span,
                    e.values.iter().map(|v| v.name.as_str()),
                ));
            }
            return DefaultValue::EnumValue(value.to_string());
        }
    }
    syntax
        .sql
        .push(SqlSite::new("default", sql, table, Some(&column.name)));
    DefaultValue::Sql(SqlExpr(sql.text.clone()))
}

fn resolve_index(
    index: &ast::IndexDef,
    table: &str,
    check_columns: &dyn Fn(&[ast::Ident], &mut Diagnostics) -> bool,
    syntax: &mut Syntax,
    diags: &mut Diagnostics,
) -> Option<Index> {
    let mut ok = true;
    let mut elements = Vec::new();
    let mut column_names = Vec::new();
    let mut has_expr = false;
    for e in &index.elements {
        let target = match &e.target {
            ast::IndexElemTarget::Column(c) => {
                ok &= check_columns(std::slice::from_ref(c), diags);
                column_names.push(c.name.clone());
                IndexTarget::Column(c.name.clone())
            }
            ast::IndexElemTarget::Expr(sql) => {
                has_expr = true;
                syntax.sql.push(SqlSite::new("index", sql, table, None));
                IndexTarget::Expr(SqlExpr(sql.text.clone()))
            }
        };
        // Postgres's default: NULLs last when ascending, first when descending.
        let default = if e.descending {
            crate::ir::Nulls::First
        } else {
            crate::ir::Nulls::Last
        };
        elements.push(IndexElement {
            target,
            descending: e.descending,
            nulls: e.nulls.filter(|n| *n != default),
            opclass: e.opclass.as_ref().map(|o| o.name.clone()),
        });
    }
    if let Some(p) = &index.predicate {
        syntax.sql.push(SqlSite::new("where", p, table, None));
    }
    if let Some(method) = index
        .using
        .as_ref()
        .filter(|m| !crate::keyword::INDEX_METHODS.contains(&m.name.as_str()))
    {
        diags.push(catalog::unknown_index_method(&method.name, method.span));
        ok = false;
    } else if let Some(method) = index
        .using
        .as_ref()
        .filter(|m| index.unique && m.name != "btree")
    {
        diags.push(catalog::unique_index_method(&method.name, method.span));
        ok = false;
    }
    if let (Some(span), false) = (index.nulls_not_distinct, index.unique) {
        diags.push(catalog::nulls_not_distinct_without_unique(span));
        ok = false;
    }
    if let (Some(first), Some(last)) = (index.include.first(), index.include.last()) {
        ok &= check_columns(&index.include, diags);
        let span = first.span.to(last.span);
        let method = index.using.as_ref().map_or("btree", |m| m.name.as_str());
        if !matches!(method, "btree" | "gist" | "spgist") {
            diags.push(catalog::bad_index_include(
                span,
                &format!("a `{method}` index stores no included columns"),
                "Postgres includes columns in btree, gist and spgist indexes; make the columns \
                 keys, or drop `include`",
            ));
            ok = false;
        } else if let Some(key) = index
            .include
            .iter()
            .find(|c| column_names.contains(&c.name))
        {
            diags.push(catalog::bad_index_include(
                key.span,
                &format!("`{}` is already a key of the index", key.name),
                "an index stores its key columns already: drop it from `include`",
            ));
            ok = false;
        }
    }
    let name = match &index.name {
        Some(n) => {
            syntax.named.push(n.span);
            n.name.clone()
        }
        None if has_expr => {
            diags.push(catalog::unnamed_expression_index(index.span));
            return None;
        }
        None => constraint_name(table, &column_names, "idx"),
    };
    if !ok {
        return None;
    }
    Some(Index {
        name,
        elements,
        unique: index.unique,
        method: index.using.as_ref().map(|u| u.name.clone()),
        predicate: index.predicate.as_ref().map(|p| SqlExpr(p.text.clone())),
        include: names(&index.include),
        nulls_not_distinct: index.nulls_not_distinct.is_some(),
        storage: index.with.as_ref().map_or_else(Vec::new, |w| {
            let method = index.using.as_ref().map_or("btree", |u| u.name.as_str());
            storage_params(w, Some(method), diags)
        }),
        span: index.name.as_ref().map_or(index.span, |n| n.span),
    })
}

/// The storage parameters in `with (…)`: `name = value` pairs (a name alone is `true`), each
/// one Postgres 15 knows for a table, or for an index of `method`, with a value of its kind
/// and range ([`storage_value_problem`]).
/// What Postgres 15 takes for the storage parameter `name` (its `reloptions.c`), when
/// `value` is not that: a boolean, a word of a list, or a number in a range.
fn storage_value_problem(name: &str, value: &str) -> Option<String> {
    const INT_MAX: i64 = i32::MAX as i64;
    let boolean = |v: &str| {
        let v = v.to_ascii_lowercase();
        let prefix = |word: &str, least: usize| v.len() >= least && word.starts_with(v.as_str());
        v == "1"
            || v == "0"
            || prefix("true", 1)
            || prefix("false", 1)
            || prefix("yes", 1)
            || prefix("no", 1)
            || prefix("on", 2)
            || prefix("off", 2)
    };
    // Postgres rounds a fraction given for a whole number (`50.5` is 50).
    let int = |low: i64, high: i64| {
        let ok = value
            .parse::<f64>()
            .is_ok_and(|n| (low as f64..=high as f64).contains(&n.round_ties_even()));
        (!ok).then(|| format!("a whole number from {low} to {high}"))
    };
    let real = |low: f64, high: f64| {
        let ok = value
            .parse::<f64>()
            .is_ok_and(|n| (low..=high).contains(&n))
            && !value
                .chars()
                .any(|c| c.is_ascii_alphabetic() && c != 'e' && c != 'E');
        (!ok).then(|| format!("a number from {low} to {high}"))
    };
    match name {
        "autovacuum_enabled" | "user_catalog_table" | "vacuum_truncate" | "deduplicate_items"
        | "fastupdate" | "autosummarize" => {
            (!boolean(value)).then(|| "a boolean (`on`, `off`, `true`, `false`)".to_string())
        }
        "vacuum_index_cleanup" => (!boolean(value) && !value.eq_ignore_ascii_case("auto"))
            .then(|| "`auto` or a boolean".to_string()),
        "buffering" => (!["on", "off", "auto"]
            .iter()
            .any(|w| value.eq_ignore_ascii_case(w)))
        .then(|| "`on`, `off` or `auto`".to_string()),
        "fillfactor" => int(10, 100),
        "toast_tuple_target" => int(128, 8160),
        "parallel_workers" => int(0, 1024),
        "autovacuum_vacuum_threshold" | "autovacuum_analyze_threshold" => int(0, INT_MAX),
        "autovacuum_vacuum_insert_threshold" | "log_autovacuum_min_duration" => int(-1, INT_MAX),
        "autovacuum_vacuum_cost_limit" => int(1, 10_000),
        "autovacuum_freeze_min_age" | "autovacuum_multixact_freeze_min_age" => {
            int(0, 1_000_000_000)
        }
        "autovacuum_freeze_max_age" => int(100_000, 2_000_000_000),
        "autovacuum_multixact_freeze_max_age" => int(10_000, 2_000_000_000),
        "autovacuum_freeze_table_age" | "autovacuum_multixact_freeze_table_age" => {
            int(0, 2_000_000_000)
        }
        "gin_pending_list_limit" => int(64, INT_MAX),
        "pages_per_range" => int(1, 131_072),
        "autovacuum_vacuum_cost_delay"
        | "autovacuum_vacuum_scale_factor"
        | "autovacuum_vacuum_insert_scale_factor"
        | "autovacuum_analyze_scale_factor" => real(0.0, 100.0),
        _ => None,
    }
}

fn storage_params(
    params: &ast::Sql,
    method: Option<&str>,
    diags: &mut Diagnostics,
) -> Vec<StorageParam> {
    let known: &[&str] = match method {
        None => crate::keyword::TABLE_STORAGE,
        Some(m) => crate::keyword::INDEX_STORAGE
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(m))
            .map_or(&[], |(_, list)| *list),
    };
    let mut out: Vec<StorageParam> = Vec::new();
    let mut offset = 0usize;
    for part in params.text.split(',') {
        let start = offset + (part.len() - part.trim_start().len());
        offset += part.len() + 1;
        let base = params.span.start as usize;
        let here = Span::new(
            params.span.file,
            base + start,
            base + start + part.trim().len(),
        );
        let (name, value) = match part.split_once('=') {
            Some((k, v)) => (k.trim().to_lowercase(), v.trim().to_string()),
            None => (part.trim().to_lowercase(), "true".to_string()),
        };
        // A TOAST table takes the table's vacuum parameters.
        let toast = |b: &str| {
            known.contains(&b)
                && (b.starts_with("autovacuum_")
                    || matches!(
                        b,
                        "vacuum_truncate" | "vacuum_index_cleanup" | "log_autovacuum_min_duration"
                    ))
        };
        // A TOAST table is never analyzed.
        let toast = |b: &str| toast(b) && !b.starts_with("autovacuum_analyze");
        let known_name = known.contains(&name.as_str())
            || (method.is_none() && name.strip_prefix("toast.").is_some_and(toast));
        if !known_name {
            diags.push(catalog::unknown_storage_param(&name, method, here, known));
            continue;
        }
        let word = !value.is_empty() && value.chars().all(|c| c.is_ascii_alphabetic() || c == '_');
        let bare = name.strip_prefix("toast.").unwrap_or(&name);
        if let Some(expected) = storage_value_problem(bare, &value) {
            diags.push(catalog::bad_storage_value(&name, &value, &expected, here));
            continue;
        }
        if out.iter().any(|p| p.name == name) {
            diags.push(catalog::repeated_option(&name, here));
            continue;
        }
        let value = if word { value.to_lowercase() } else { value };
        out.push(StorageParam { name, value });
    }
    out
}

/// Whether a foreign key column of type `local` may reference a key of type `target`: one
/// type, or two of one family whose values Postgres compares exactly (strings, integers,
/// floats, decimals), as a key `integer` beside its `bigint` target or `varchar(64)` beside
/// `text`. Not across families, where Postgres would cast: an integer compared as a decimal,
/// or a `timestamp` as a `timestamptz`, which depends on the session's time zone.
fn fk_types_match(local: &ColumnType, target: &ColumnType) -> bool {
    use ScalarType as S;
    match (local, target) {
        (ColumnType::Scalar(a), ColumnType::Scalar(b)) => match (a, b) {
            (S::Text | S::Varchar(_) | S::Char(_), S::Text | S::Varchar(_) | S::Char(_)) => true,
            (S::Numeric(_), S::Numeric(_)) => true,
            _ if a.is_integer() && b.is_integer() => true,
            (S::Real | S::DoublePrecision, S::Real | S::DoublePrecision) => true,
            _ => a.without_precision() == b.without_precision(),
        },
        _ => local == target,
    }
}

fn resolve_foreign_keys(
    t: &ast::TableDef,
    schema: &Lookup<'_>,
    targets: &mut Vec<(Span, Vec<Span>)>,
    syntax: &mut Syntax,
    diags: &mut Diagnostics,
) -> Vec<ForeignKey> {
    let Some(table) = schema.table(&t.name.name) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for member in &t.members {
        let (given, columns, reference, span): (
            Option<&ast::Ident>,
            Vec<ast::Ident>,
            &ast::Reference,
            Span,
        ) = match &member.kind {
            MemberKind::Column(c) => {
                let Some(r) = c.attrs.iter().find_map(|a| match a {
                    ColumnAttr::References(r) => Some(r),
                    _ => None,
                }) else {
                    continue;
                };
                if table.column(&c.name.name).is_none() {
                    continue;
                }
                (None, vec![c.name.clone()], r, r.span)
            }
            MemberKind::Directive(Directive::ForeignKey {
                name,
                columns,
                reference,
                span,
            }) => {
                let mut ok = true;
                for col in columns {
                    if table.column(&col.name).is_none() {
                        diags.push(catalog::unknown_column(
                            &col.name,
                            &table.name,
                            col.span,
                            table.columns.iter().map(|c| c.name.as_str()),
                        ));
                        ok = false;
                    }
                }
                if !ok {
                    continue;
                }
                (name.as_ref(), columns.clone(), reference, *span)
            }
            _ => continue,
        };
        let Some(fk) = resolve_reference(
            table, given, &columns, reference, span, schema, syntax, diags,
        ) else {
            for c in &columns {
                syntax
                    .broken_fks
                    .insert((table.name.clone(), c.name.clone()));
            }
            continue;
        };
        targets.push((
            reference.table.span,
            reference.columns.iter().map(|c| c.span).collect(),
        ));
        out.push(fk);
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn resolve_reference(
    table: &Table,
    given: Option<&ast::Ident>,
    columns: &[ast::Ident],
    reference: &ast::Reference,
    span: Span,
    schema: &Lookup<'_>,
    syntax: &mut Syntax,
    diags: &mut Diagnostics,
) -> Option<ForeignKey> {
    let Some(target) = schema.table(&reference.table.name) else {
        diags.push(catalog::unknown_table(
            &reference.table.name,
            reference.table.span,
            schema.tables.iter().map(|t| t.name.as_str()),
        ));
        return None;
    };
    if columns.len() != reference.columns.len() {
        diags.push(catalog::fk_arity(
            columns.len(),
            reference.columns.len(),
            reference.span,
        ));
        return None;
    }
    let mut ok = true;
    for (local, remote) in columns.iter().zip(&reference.columns) {
        let Some(target_col) = target.column(&remote.name) else {
            let primary_key = match target.primary_key.as_ref().map(|pk| pk.columns.as_slice()) {
                Some([one]) => Some(one.as_str()),
                _ => None,
            };
            diags.push(catalog::unknown_target_column(
                &remote.name,
                &target.name,
                remote.span,
                target.columns.iter().map(|c| c.name.as_str()),
                primary_key,
            ));
            ok = false;
            continue;
        };
        let Some(local_col) = table.column(&local.name) else {
            continue;
        };
        let local_key = (table.name.clone(), local_col.name.clone());
        let target_key = (target.name.clone(), target_col.name.clone());
        if syntax.unknown_types.contains(&local_key) || syntax.unknown_types.contains(&target_key) {
            ok = false;
            continue;
        }
        if !fk_types_match(&local_col.ty, &target_col.ty) {
            let type_span = |key: &(String, String), fallback: Span| {
                syntax.type_spans.get(key).copied().unwrap_or(fallback)
            };
            diags.push(catalog::fk_type_mismatch(
                &local_col.name,
                &local_col.ty.to_string(),
                &format!("{}.{}", target.name, target_col.name),
                &target_col.ty.to_string(),
                type_span(&local_key, local_col.span),
                type_span(&target_key, target_col.span),
            ));
            ok = false;
        }
    }
    if !ok {
        return None;
    }
    let remote: Vec<String> = names(&reference.columns);
    // Between two tables of one tenant the key becomes a tenant key, which needs the target's
    // columns unique only within the tenant: with its tenant column.
    let within_tenant = match (&table.tenancy, &target.tenancy) {
        (Tenancy::Column { .. } | Tenancy::Via { .. }, Tenancy::Column { column })
            if !remote.contains(column) =>
        {
            let mut with_tenant = vec![column.clone()];
            with_tenant.extend(remote.iter().cloned());
            target.is_unique_key(&with_tenant)
        }
        _ => false,
    };
    if !target.is_unique_key(&remote) && !within_tenant {
        diags.push(catalog::fk_target_not_unique(
            &format!("{}({})", target.name, remote.join(", ")),
            reference.table.span.to(reference
                .columns
                .last()
                .map_or(reference.table.span, |c| c.span)),
        ));
        return None;
    }
    let local: Vec<String> = names(columns);
    let on_delete = reference
        .on_delete
        .map_or(ReferentialAction::NoAction, |(a, _)| a);
    if let Some((ReferentialAction::SetNull, action_span)) = reference.on_delete {
        for c in &local {
            if table.column(c).is_some_and(|c| !c.nullable) {
                diags.push(catalog::set_null_on_not_null(c, action_span));
            }
        }
    }
    Some(ForeignKey {
        tenant: None,
        name: constraint_name_or(&given.cloned(), &table.name, &local, "fkey", syntax),
        columns: local,
        references_table: target.name.clone(),
        references_columns: remote,
        on_delete,
        on_update: reference
            .on_update
            .map_or(ReferentialAction::NoAction, |(a, _)| a),
        deferrable: reference.deferrable.map(|(d, _)| d),
        span: given.map_or(span, |g| g.span),
    })
}

/// Postgres's own trigger functions, which a trigger may call without the schema declaring
/// them.
const BUILTIN_TRIGGER_FUNCTIONS: &[&str] = &[
    "suppress_redundant_updates_trigger",
    "tsvector_update_trigger",
    "tsvector_update_trigger_column",
];

fn resolve_functions(
    defs: &[&ast::FunctionDef],
    extensions: &[Extension],
    diags: &mut Diagnostics,
) -> Vec<Function> {
    let mut seen: HashMap<&str, Span> = HashMap::new();
    let mut functions = Vec::new();
    for f in defs {
        let name = f.name.name.as_str();
        if let Some(&first) = seen.get(name) {
            diags.push(catalog::duplicate_function(name, f.name.span, first));
            continue;
        }
        seen.insert(name, f.name.span);
        let language = f.language.name.as_str();
        let extension_names: Vec<&str> = extensions.iter().map(|x| x.name.as_str()).collect();
        if !matches!(language, "sql" | "plpgsql") && !extension_names.contains(&language) {
            diags.push(catalog::unknown_language(
                language,
                f.language.span,
                &extension_names,
            ));
        }
        let mut volatility: Option<(Volatility, Span)> = None;
        for option in &f.options {
            let v = match option.name.as_str() {
                "immutable" => Volatility::Immutable,
                "stable" => Volatility::Stable,
                "volatile" => Volatility::Volatile,
                _ => continue,
            };
            if let Some((_, first)) = volatility {
                diags.push(catalog::conflicting_volatility(option.span, first));
            }
            volatility = Some((v, option.span));
        }
        let has = |word: &str| f.options.iter().any(|o| o.name == word);
        functions.push(Function {
            name: name.to_string(),
            doc: doc(&f.trivia),
            arguments: f.arguments.clone(),
            returns: f.returns.text.clone(),
            language: language.to_string(),
            volatility: volatility.map(|(v, _)| v),
            strict: has("strict"),
            security_definer: has("security_definer"),
            body: unquoted_body(&f.body.text),
            before_tables: false,
            span: f.name.span,
        });
    }
    functions
}

/// A body written as Postgres takes it, `as ($$ … $$)`, without its quotes: the DDL quotes
/// every body itself.
fn unquoted_body(text: &str) -> String {
    let tag_end = text.get(1..).and_then(|rest| rest.find('$')).map(|i| i + 2);
    if let Some(end) = tag_end
        && text.starts_with('$')
        && text[1..end - 1]
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_')
        && !text[1..end - 1].starts_with(|c: char| c.is_ascii_digit())
    {
        let tag = &text[..end];
        if text.len() >= 2 * end
            && text.ends_with(tag)
            && !text[end..text.len() - end].contains(tag)
        {
            return text[end..text.len() - end].trim().to_string();
        }
    }
    text.to_string()
}

/// A table's `trigger` and `policy` directives, which need the schema's functions.
fn resolve_triggers_and_policies(
    t: &ast::TableDef,
    table: &mut Table,
    functions: &[Function],
    extensions_declared: bool,
    syntax: &mut Syntax,
    diags: &mut Diagnostics,
) {
    let mut names: HashMap<(&str, String), Span> = HashMap::new();
    for member in &t.members {
        let MemberKind::Directive(directive) = &member.kind else {
            continue;
        };
        match directive {
            Directive::Trigger(trigger) => {
                let key = ("trigger", trigger.name.name.clone());
                if let Some(&first) = names.get(&key) {
                    diags.push(catalog::duplicate_table_object(
                        "trigger",
                        &trigger.name.name,
                        trigger.name.span,
                        first,
                    ));
                    continue;
                }
                names.insert(key, trigger.name.span);
                if let Some(resolved) =
                    resolve_trigger(trigger, table, functions, extensions_declared, diags)
                {
                    if let Some(when) = &trigger.when {
                        let mut site = SqlSite::new("when", when, &table.name, None);
                        for event in &resolved.events {
                            match event {
                                TriggerEvent::Insert => site.absent_rows.push(("old", "insert")),
                                TriggerEvent::Delete => site.absent_rows.push(("new", "delete")),
                                _ => {}
                            }
                        }
                        syntax.sql.push(site);
                    }
                    table.triggers.push(resolved);
                }
            }
            Directive::Policy(policy) => {
                let key = ("policy", policy.name.name.clone());
                if let Some(&first) = names.get(&key) {
                    diags.push(catalog::duplicate_table_object(
                        "policy",
                        &policy.name.name,
                        policy.name.span,
                        first,
                    ));
                    continue;
                }
                names.insert(key, policy.name.span);
                if let Some(resolved) = resolve_policy(policy, diags) {
                    for (what, sql) in
                        [("using", &policy.using), ("with_check", &policy.with_check)]
                    {
                        if let Some(sql) = sql {
                            syntax.sql.push(SqlSite::new(what, sql, &table.name, None));
                        }
                    }
                    table.policies.push(resolved);
                }
            }
            _ => {}
        }
    }
}

fn resolve_trigger(
    def: &ast::TriggerDef,
    table: &Table,
    functions: &[Function],
    extensions_declared: bool,
    diags: &mut Diagnostics,
) -> Option<Trigger> {
    let timing = if def.timing.name == "before" {
        TriggerTiming::Before
    } else {
        TriggerTiming::After
    };
    let mut events: Vec<TriggerEvent> = Vec::new();
    let mut ok = true;
    for event in &def.events {
        let resolved = match event.word.name.as_str() {
            "insert" => TriggerEvent::Insert,
            "delete" => TriggerEvent::Delete,
            "truncate" => TriggerEvent::Truncate,
            _ => {
                for c in &event.columns {
                    if table.column(&c.name).is_none() {
                        diags.push(catalog::unknown_column(
                            &c.name,
                            &table.name,
                            c.span,
                            table.columns.iter().map(|c| c.name.as_str()),
                        ));
                        ok = false;
                    }
                }
                TriggerEvent::Update(names(&event.columns))
            }
        };
        let same =
            |e: &TriggerEvent| std::mem::discriminant(e) == std::mem::discriminant(&resolved);
        if events.iter().any(same) {
            diags.push(catalog::bad_trigger(
                event.word.span,
                "named twice",
                "name each event once",
            ));
            ok = false;
        }
        if resolved == TriggerEvent::Truncate && def.for_each_row.is_some() {
            diags.push(catalog::bad_trigger(
                event.word.span,
                "a row trigger cannot fire on `truncate`",
                "`truncate` removes no rows one by one: drop `for_each_row`, or give \
                 `truncate` a statement trigger of its own",
            ));
            ok = false;
        }
        events.push(resolved);
    }
    if let Some(when) = &def.when
        && def.for_each_row.is_none()
    {
        diags.push(catalog::bad_trigger(
            when.full,
            "a statement trigger has no row to test",
            "a condition on `new` and `old` needs `for_each_row`",
        ));
        ok = false;
    }
    let function = trigger_function(def, functions, extensions_declared, diags)?;
    ok.then(|| Trigger {
        name: def.name.name.clone(),
        timing,
        events,
        for_each_row: def.for_each_row.is_some(),
        when: def.when.as_ref().map(|w| SqlExpr(w.text.clone())),
        execute: SqlExpr(def.execute.text.clone()),
        function,
        span: def.name.span,
    })
}

/// The name of the function a trigger's `execute(…)` calls, checked: a trigger function of
/// the schema, one of Postgres's, or (with extensions declared, or qualified by a schema)
/// one the database may have.
fn trigger_function(
    def: &ast::TriggerDef,
    functions: &[Function],
    extensions_declared: bool,
    diags: &mut Diagnostics,
) -> Option<String> {
    use sqlparser::ast::{Expr, FunctionArguments};
    let execute = &def.execute;
    let call = match crate::sqlexpr::check_expr("execute", &execute.text, execute.span) {
        Ok(Expr::Function(call)) if matches!(call.args, FunctionArguments::List(_)) => call,
        Ok(_) => {
            diags.push(catalog::bad_trigger_function(
                execute.full,
                "not a function call",
                "`execute(…)` takes the call of a trigger function, such as \
                 `execute(touch_updated_at())`",
            ));
            return None;
        }
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    // Postgres passes a trigger's arguments as text: it takes literals and bare words only.
    if let FunctionArguments::List(list) = &call.args {
        use sqlparser::ast::{FunctionArg, FunctionArgExpr, Value};
        let literal = |a: &FunctionArg| match a {
            FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => match e {
                Expr::Value(v) => {
                    matches!(v.value, Value::SingleQuotedString(_) | Value::Number(..))
                }
                Expr::Identifier(_) => true,
                _ => false,
            },
            _ => false,
        };
        if !list.args.iter().all(literal) || list.duplicate_treatment.is_some() {
            diags.push(catalog::bad_trigger_function(
                execute.span,
                "an argument that is not a literal",
                "a trigger's arguments are constants, passed as text in `TG_ARGV`: \
                 `execute(note_change('title'))`",
            ));
            return None;
        }
    }
    let Some(name) = crate::typing::catalog_name(&call.name).map(|(n, _)| crate::typing::fold(n))
    else {
        // Qualified by a schema of the user's own: left to Postgres.
        return Some(call.name.to_string());
    };
    match functions.iter().find(|f| f.name == name) {
        Some(f) if !f.returns.eq_ignore_ascii_case("trigger") => {
            diags.push(catalog::bad_trigger_function(
                execute.span,
                &format!("`{name}` returns `{}`", f.returns),
                "a trigger calls a function declared `returns(trigger)`",
            ));
            None
        }
        Some(f) if !f.arguments.is_empty() => {
            diags.push(catalog::bad_trigger_function(
                execute.span,
                &format!("`{name}` declares arguments"),
                "a trigger function declares none: the call's literal arguments reach it as \
                 `TG_ARGV`",
            ));
            None
        }
        Some(_) => Some(name),
        None if BUILTIN_TRIGGER_FUNCTIONS.contains(&name.as_str()) || extensions_declared => {
            Some(name)
        }
        None => {
            let hint = match crate::diagnostic::did_you_mean(
                &name,
                functions.iter().map(|f| f.name.as_str()),
            ) {
                Some(close) => format!("did you mean `{close}`?"),
                None => "declare it: `function name() returns(trigger) language plpgsql as (…)`"
                    .to_string(),
            };
            diags.push(catalog::bad_trigger_function(
                execute.span,
                &format!("the schema declares no function `{name}`"),
                &hint,
            ));
            None
        }
    }
}

fn resolve_policy(def: &ast::PolicyDef, diags: &mut Diagnostics) -> Option<Policy> {
    let command = match def.command.as_ref().map(|c| c.name.as_str()) {
        Some("select") => PolicyCommand::Select,
        Some("insert") => PolicyCommand::Insert,
        Some("update") => PolicyCommand::Update,
        Some("delete") => PolicyCommand::Delete,
        _ => PolicyCommand::All,
    };
    let command_span = def.command.as_ref().map_or(def.name.span, |c| c.span);
    let mut ok = true;
    let name = def.name.name.as_str();
    if name == "tenant_isolation" || name.starts_with("tenant_isolation_") {
        diags.push(catalog::bad_policy(
            def.name.span,
            "the name of a tenant policy",
            "`tenant_isolation` and `tenant_isolation_<command>` are the policies schemaforge \
             writes for a tenant's table: name this one otherwise",
        ));
        ok = false;
    }
    if command == PolicyCommand::Insert
        && let Some(using) = &def.using
    {
        diags.push(catalog::bad_policy(
            using.full,
            "an insert policy has no rows to see",
            "an `insert` policy takes `with_check(…)` only",
        ));
        ok = false;
    }
    if matches!(command, PolicyCommand::Select | PolicyCommand::Delete)
        && let Some(check) = &def.with_check
    {
        diags.push(catalog::bad_policy(
            check.full,
            &format!("a {} policy writes no rows", command.sql().to_lowercase()),
            "`with_check(…)` applies to `insert` and `update`: use `using(…)`",
        ));
        ok = false;
    }
    if def.using.is_none() && def.with_check.is_none() {
        diags.push(catalog::bad_policy(
            command_span.to(def.name.span),
            "admits no row",
            "give the policy `using(…)`, `with_check(…)` or both",
        ));
        ok = false;
    }
    ok.then(|| Policy {
        name: def.name.name.clone(),
        restrictive: def.restrictive.is_some(),
        command,
        roles: names(&def.roles),
        using: def.using.as_ref().map(|u| SqlExpr(u.text.clone())),
        with_check: def.with_check.as_ref().map(|c| SqlExpr(c.text.clone())),
        span: def.name.span,
    })
}

fn resolve_views(
    defs: &[&ast::ViewDef],
    type_names: &HashMap<&str, Span>,
    table_names: &HashMap<&str, Span>,
    diags: &mut Diagnostics,
) -> Vec<View> {
    let mut seen: HashMap<&str, Span> = HashMap::new();
    let mut views = Vec::new();
    for v in defs {
        let name = v.name.name.as_str();
        if let Some(&first) = seen.get(name) {
            diags.push(catalog::duplicate(
                "E0282",
                "view",
                name,
                v.name.span,
                first,
            ));
            continue;
        }
        if let Some(&other) = table_names.get(name).or_else(|| type_names.get(name)) {
            diags.push(catalog::view_name_clash(name, v.name.span, other));
            continue;
        }
        seen.insert(name, v.name.span);
        if let Err(d) = crate::sqlexpr::check_query(&v.query.text, v.query.span) {
            diags.push(d);
            continue;
        }
        views.push(View {
            name: name.to_string(),
            doc: doc(&v.trivia),
            materialized: v.materialized,
            query: v.query.text.clone(),
            span: v.name.span,
        });
    }
    views
}
