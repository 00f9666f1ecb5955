//! Rust field types and Postgres types: the README's mapping read backwards, and the
//! `pg_type = "…"` strings that override it.

use syn::{GenericArgument, PathArguments, Type};

/// A Rust type the mapping knows, without `Option` and `Vec`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustScalar {
    Uuid,
    String,
    Bool,
    I16,
    I32,
    I64,
    F32,
    F64,
    Decimal,
    /// `chrono::DateTime<Utc>` or `time::OffsetDateTime`.
    Timestamptz,
    Timestamp,
    Date,
    Time,
    Interval,
    /// `serde_json::Value`.
    JsonValue,
    /// `sqlx::types::Json<T>`, with `T` written as the schema's `rust_type(T)` would be.
    Json(String),
    /// `Vec<u8>`.
    Bytes,
    Inet,
    /// The runtime's `Money`, `MacAddr`, `Bits` (`varbit`, or `bit(n)`) and `Xml`, and
    /// sqlx's `Oid`.
    Money,
    MacAddr,
    Bits,
    Xml,
    Oid,
    TimeTz,
    MacAddr8,
}

/// Which crate a date or time type comes from, when the name tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeFamily {
    Chrono,
    Time,
}

/// What a field's type says about its column.
#[derive(Clone)]
pub enum RustKind {
    Scalar(RustScalar),
    /// `Vec<T>`: a one-dimensional array.
    Array(Box<RustKind>),
    /// A type the mapping does not know: an enum, a typed id, or an alias. The path is the
    /// element type (inside `Option` and `Vec`).
    Named(syn::Path),
    /// A type that has no Postgres column type; the text says why.
    Unsupported(String),
}

/// A field's type: whether it is nullable, and its kind.
#[derive(Clone)]
pub struct FieldType {
    pub nullable: bool,
    pub kind: RustKind,
    /// The date or time crate the type names, if any.
    pub time: Option<TimeFamily>,
}

impl RustKind {
    /// The named type at the bottom of `Vec`s, if it is one.
    pub fn named(&self) -> Option<&syn::Path> {
        match self {
            RustKind::Named(path) => Some(path),
            RustKind::Array(inner) => inner.named(),
            _ => None,
        }
    }
}

/// Reads a field's type.
pub fn field_type(ty: &Type) -> FieldType {
    let mut time = None;
    let (nullable, inner) = match generic_of(ty, "Option") {
        Some(inner) => (true, inner),
        None => (false, ty),
    };
    let kind = if generic_of(inner, "Option").is_some() {
        RustKind::Unsupported(
            "`Option<Option<T>>` has no column type: a column is NULL or not".into(),
        )
    } else {
        kind(inner, &mut time, 0)
    };
    FieldType {
        nullable,
        kind,
        time,
    }
}

fn kind(ty: &Type, time: &mut Option<TimeFamily>, depth: u32) -> RustKind {
    let ty = match ty {
        Type::Group(g) => return kind(&g.elem, time, depth),
        Type::Paren(p) => return kind(&p.elem, time, depth),
        other => other,
    };
    let Type::Path(path) = ty else {
        return RustKind::Unsupported(
            "only named types map to Postgres (references, tuples and slices do not)".into(),
        );
    };
    if path.qself.is_some() {
        return RustKind::Named(path.path.clone());
    }
    let Some(last) = path.path.segments.last() else {
        return RustKind::Unsupported("an empty path".into());
    };
    let name = last.ident.to_string();
    if name == "Vec" {
        let Some(element) = generic_of(ty, "Vec") else {
            return RustKind::Unsupported("`Vec` needs its element type".into());
        };
        if let Type::Path(p) = element
            && p.path.is_ident("u8")
        {
            return RustKind::Scalar(RustScalar::Bytes);
        }
        if depth > 0 {
            return RustKind::Unsupported(
                "multi-dimensional arrays are not supported (sqlx decodes one dimension); use `jsonb` for nested data".into(),
            );
        }
        if generic_of(element, "Option").is_some() {
            return RustKind::Unsupported(
                "array elements cannot be NULL in schemaforge: use `Vec<T>`".into(),
            );
        }
        return RustKind::Array(Box::new(kind(element, time, depth + 1)));
    }
    let scalar = match name.as_str() {
        "Uuid" => RustScalar::Uuid,
        "String" => RustScalar::String,
        "bool" => RustScalar::Bool,
        "i16" => RustScalar::I16,
        "i32" => RustScalar::I32,
        "i64" => RustScalar::I64,
        "f32" => RustScalar::F32,
        "f64" => RustScalar::F64,
        "Decimal" => RustScalar::Decimal,
        "DateTime" => {
            let utc = generic_of(ty, "DateTime").is_some_and(|arg| {
                matches!(arg, Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Utc"))
            });
            if !utc {
                return RustKind::Unsupported(
                    "a `timestamptz` is `DateTime<Utc>` (read and written in UTC)".into(),
                );
            }
            *time = Some(TimeFamily::Chrono);
            RustScalar::Timestamptz
        }
        "OffsetDateTime" => {
            *time = Some(TimeFamily::Time);
            RustScalar::Timestamptz
        }
        "NaiveDateTime" => {
            *time = Some(TimeFamily::Chrono);
            RustScalar::Timestamp
        }
        "PrimitiveDateTime" => {
            *time = Some(TimeFamily::Time);
            RustScalar::Timestamp
        }
        "NaiveDate" => {
            *time = Some(TimeFamily::Chrono);
            RustScalar::Date
        }
        "Date" => {
            *time = Some(TimeFamily::Time);
            RustScalar::Date
        }
        "NaiveTime" => {
            *time = Some(TimeFamily::Chrono);
            RustScalar::Time
        }
        "Time" => {
            *time = Some(TimeFamily::Time);
            RustScalar::Time
        }
        "Interval" => RustScalar::Interval,
        "Value" => RustScalar::JsonValue,
        "Json" => match generic_of(ty, "Json") {
            Some(inner) => RustScalar::Json(type_text(inner)),
            None => return RustKind::Unsupported("`Json` needs its type: `Json<T>`".into()),
        },
        "IpNetwork" => RustScalar::Inet,
        "Money" => RustScalar::Money,
        "MacAddr" => RustScalar::MacAddr,
        "Bits" => RustScalar::Bits,
        "Xml" => RustScalar::Xml,
        "Oid" => RustScalar::Oid,
        "TimeTz" => RustScalar::TimeTz,
        "MacAddr8" => RustScalar::MacAddr8,
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => {
            return RustKind::Unsupported(format!(
                "Postgres has no unsigned integers: use `i16`, `i32` or `i64` (and a `check` if it must not be negative) instead of `{name}`"
            ));
        }
        "i8" | "i128" | "isize" => {
            return RustKind::Unsupported(format!(
                "Postgres integers are `smallint` (`i16`), `integer` (`i32`) and `bigint` (`i64`); `{name}` is none of them"
            ));
        }
        "char" | "str" => {
            return RustKind::Unsupported("text columns are `String`".into());
        }
        _ => return RustKind::Named(path.path.clone()),
    };
    RustKind::Scalar(scalar)
}

/// `T` of `Wrapper<T>` when `ty` is a path ending in `Wrapper` with one type argument.
pub fn generic_of<'a>(ty: &'a Type, wrapper: &str) -> Option<&'a Type> {
    let Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    if last.ident != wrapper {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    args.args.iter().find_map(|a| match a {
        GenericArgument::Type(t) => Some(t),
        _ => None,
    })
}

/// A type as text, spaced as people write it (`Vec<crate::Step>`, `BTreeMap<String, i32>`),
/// so that `Json<T>` gives the same `rust_type` as the schema's `rust_type(T)`.
pub fn type_text(ty: &Type) -> String {
    let raw = quote::quote!(#ty).to_string();
    let mut out = String::new();
    let chars: Vec<char> = raw.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c != ' ' {
            out.push(c);
            continue;
        }
        let prev = out.chars().last();
        let next = chars.get(i + 1).copied();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        if prev == Some(',') || (word(prev) && word(next)) {
            out.push(' ');
        }
    }
    out
}

/// A Postgres type as written in `pg_type = "…"` or inferred from a Rust type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PgType {
    /// `double precision` is one name.
    pub name: String,
    pub args: Vec<u32>,
    pub array_dims: u32,
}

impl PgType {
    fn plain(name: &str) -> PgType {
        PgType {
            name: name.to_string(),
            args: Vec::new(),
            array_dims: 0,
        }
    }

    /// Parses `varchar(80)`, `numeric(12, 2)`, `text[]`, `double precision`, `org_role`.
    pub fn parse(text: &str) -> Result<PgType, String> {
        let mut rest = text.trim();
        let mut array_dims = 0;
        while let Some(r) = rest.strip_suffix("[]") {
            array_dims += 1;
            rest = r.trim_end();
        }
        let (name, args) = match rest.find('(') {
            Some(open) => {
                let Some(inner) = rest[open + 1..].strip_suffix(')') else {
                    return Err("an opening `(` without its `)` at the end".into());
                };
                let args = inner
                    .split(',')
                    .map(|a| a.trim().parse::<u32>())
                    .collect::<Result<Vec<u32>, _>>()
                    .map_err(|_| "type arguments are numbers, e.g. `varchar(80)`".to_string())?;
                (rest[..open].trim(), args)
            }
            None => (rest, Vec::new()),
        };
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        let identifier = |s: &str| {
            s.chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_')
                && s.chars().all(|c| c.is_alphanumeric() || c == '_')
        };
        if name != "double precision" && !identifier(&name) {
            return Err(
                "expected a Postgres type name, e.g. `text`, `varchar(80)` or `text[]`".into(),
            );
        }
        Ok(PgType {
            name,
            args,
            array_dims,
        })
    }

    /// The type as the schema language writes it.
    pub fn to_text(&self) -> String {
        let mut s = self.name.clone();
        if !self.args.is_empty() {
            let args: Vec<String> = self.args.iter().map(u32::to_string).collect();
            s.push_str(&format!("({})", args.join(", ")));
        }
        for _ in 0..self.array_dims {
            s.push_str("[]");
        }
        s
    }

    /// The name, with a serial type's (`bigserial`) as its integer type's (`bigint`).
    pub fn integer_name(&self) -> &str {
        match self.name.as_str() {
            "serial" => "integer",
            "bigserial" => "bigint",
            "smallserial" => "smallint",
            name => name,
        }
    }

    /// Whether this is one of the types a typed id can wrap.
    pub fn is_id_capable(&self) -> bool {
        self.array_dims == 0
            && matches!(
                self.integer_name(),
                "uuid" | "text" | "varchar" | "char" | "smallint" | "integer" | "bigint"
            )
    }

    /// Whether this names a built-in type rather than an enum.
    pub fn is_builtin(&self) -> bool {
        schemaforge_schema::keyword::TYPES.contains(&self.name.as_str())
    }
}

/// The Postgres type a Rust type maps to; `None` for a named type (an enum's name is its
/// snake_case name, a typed id needs `pg_type`).
pub fn default_pg_type(kind: &RustKind) -> Option<PgType> {
    match kind {
        RustKind::Scalar(s) => Some(PgType::plain(scalar_pg_name(s))),
        RustKind::Array(inner) => {
            let mut t = default_pg_type(inner)?;
            t.array_dims += 1;
            Some(t)
        }
        RustKind::Named(_) | RustKind::Unsupported(_) => None,
    }
}

fn scalar_pg_name(s: &RustScalar) -> &'static str {
    match s {
        RustScalar::Uuid => "uuid",
        RustScalar::String => "text",
        RustScalar::Bool => "boolean",
        RustScalar::I16 => "smallint",
        RustScalar::I32 => "integer",
        RustScalar::I64 => "bigint",
        RustScalar::F32 => "real",
        RustScalar::F64 => "double precision",
        RustScalar::Decimal => "numeric",
        RustScalar::Timestamptz => "timestamptz",
        RustScalar::Timestamp => "timestamp",
        RustScalar::Date => "date",
        RustScalar::Time => "time",
        RustScalar::Interval => "interval",
        RustScalar::JsonValue | RustScalar::Json(_) => "jsonb",
        RustScalar::Bytes => "bytea",
        RustScalar::Inet => "inet",
        RustScalar::Money => "money",
        RustScalar::MacAddr => "macaddr",
        RustScalar::Bits => "varbit",
        RustScalar::Xml => "xml",
        RustScalar::Oid => "oid",
        RustScalar::TimeTz => "timetz",
        RustScalar::MacAddr8 => "macaddr8",
    }
}

/// Whether a Rust type can hold a column of Postgres type `pg`: the same family
/// (`String` for `text`, `varchar(n)` and `char(n)`, `Value` or `Json<T>` for `json` and
/// `jsonb`, …). A named type fits any type: the compiler checks it.
pub fn fits(kind: &RustKind, pg: &PgType) -> bool {
    match kind {
        RustKind::Named(_) | RustKind::Unsupported(_) => true,
        RustKind::Array(inner) => {
            pg.array_dims > 0
                && fits(
                    inner,
                    &PgType {
                        array_dims: pg.array_dims - 1,
                        ..pg.clone()
                    },
                )
        }
        RustKind::Scalar(s) => {
            if pg.array_dims > 0 {
                return false;
            }
            match s {
                RustScalar::String => matches!(
                    pg.name.as_str(),
                    "text" | "varchar" | "char" | "citext" | "name"
                ),
                RustScalar::Inet => matches!(pg.name.as_str(), "inet" | "cidr"),
                RustScalar::Bits => matches!(pg.name.as_str(), "bit" | "varbit"),
                RustScalar::JsonValue | RustScalar::Json(_) => {
                    matches!(pg.name.as_str(), "json" | "jsonb")
                }
                other => pg.integer_name() == scalar_pg_name(other),
            }
        }
    }
}

/// The Rust type a Postgres type maps to, for hints.
pub fn rust_name_of(pg: &PgType) -> String {
    let base = match pg.integer_name() {
        "uuid" => "Uuid".to_string(),
        "text" | "varchar" | "char" | "citext" | "name" => "String".into(),
        "cidr" => "IpNetwork".into(),
        "boolean" => "bool".into(),
        "smallint" => "i16".into(),
        "integer" => "i32".into(),
        "bigint" => "i64".into(),
        "real" => "f32".into(),
        "double precision" => "f64".into(),
        "numeric" => "Decimal".into(),
        "timestamptz" => "DateTime<Utc>".into(),
        "timestamp" => "NaiveDateTime".into(),
        "date" => "NaiveDate".into(),
        "time" => "NaiveTime".into(),
        "interval" => "Interval".into(),
        "json" | "jsonb" => "serde_json::Value".into(),
        "bytea" => "Vec<u8>".into(),
        "inet" => "IpNetwork".into(),
        "money" => "Money".into(),
        "macaddr" => "MacAddr".into(),
        "bit" | "varbit" => "Bits".into(),
        "xml" => "Xml".into(),
        "oid" => "Oid".into(),
        "timetz" => "TimeTz".into(),
        "macaddr8" => "MacAddr8".into(),
        other => heck::ToUpperCamelCase::to_upper_camel_case(other),
    };
    (0..pg.array_dims).fold(base, |t, _| format!("Vec<{t}>"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_of(text: &str) -> FieldType {
        field_type(&syn::parse_str(text).expect("a type"))
    }

    #[test]
    fn maps_rust_types() {
        let t = kind_of("Option<chrono::DateTime<Utc>>");
        assert!(t.nullable);
        assert_eq!(
            default_pg_type(&t.kind).map(|p| p.to_text()),
            Some("timestamptz".into())
        );
        let t = kind_of("Vec<String>");
        assert_eq!(
            default_pg_type(&t.kind).map(|p| p.to_text()),
            Some("text[]".into())
        );
        let t = kind_of("Vec<u8>");
        assert_eq!(
            default_pg_type(&t.kind).map(|p| p.to_text()),
            Some("bytea".into())
        );
        let t = kind_of("sqlx::types::Json<crate::Settings>");
        assert!(
            matches!(t.kind, RustKind::Scalar(RustScalar::Json(ref s)) if s == "crate::Settings")
        );
        assert!(matches!(kind_of("u32").kind, RustKind::Unsupported(_)));
        assert!(matches!(kind_of("OrgRole").kind, RustKind::Named(_)));
        for (rust, pg) in [
            ("schemaforge::Money", "money"),
            ("MacAddr", "macaddr"),
            ("Option<schemaforge::Bits>", "varbit"),
            ("Xml", "xml"),
            ("Vec<sqlx::postgres::types::Oid>", "oid[]"),
        ] {
            assert_eq!(
                default_pg_type(&kind_of(rust).kind).map(|p| p.to_text()),
                Some(pg.to_string()),
                "{rust}"
            );
        }
    }

    #[test]
    fn parses_pg_types() {
        let t = PgType::parse("numeric(12, 2)").expect("parses");
        assert_eq!(
            (t.name.as_str(), t.args.as_slice()),
            ("numeric", &[12, 2][..])
        );
        assert_eq!(
            PgType::parse("double  precision[]").map(|t| t.to_text()),
            Ok("double precision[]".into())
        );
        assert!(PgType::parse("varchar(x)").is_err());
        assert!(PgType::parse("text;").is_err());
    }

    #[test]
    fn checks_fit() {
        let string = kind_of("String").kind;
        assert!(fits(
            &string,
            &PgType::parse("varchar(80)").expect("parses")
        ));
        assert!(!fits(&string, &PgType::parse("uuid").expect("parses")));
        let json = kind_of("Json<Vec<crate::Step>>").kind;
        assert!(fits(&json, &PgType::parse("json").expect("parses")));
    }

    #[test]
    fn type_text_is_spaced_like_source() {
        let ty: Type =
            syn::parse_str("std::collections::BTreeMap<String, Vec<crate::Step>>").expect("a type");
        assert_eq!(
            type_text(&ty),
            "std::collections::BTreeMap<String, Vec<crate::Step>>"
        );
    }
}
