//! Column types: from the names written in a schema to the IR, and back.

use std::fmt;

use crate::ast::TypeExpr;
use crate::catalog;
use crate::diagnostic::Diagnostic;
use crate::ir::{ColumnType, ScalarType};

/// Resolves a written type; `is_enum` tells whether a name is an enum of the schema.
pub fn resolve_type<'a>(
    ty: &TypeExpr,
    is_enum: impl Fn(&str) -> bool,
    enum_names: impl IntoIterator<Item = &'a str>,
) -> Result<ColumnType, Diagnostic> {
    let args: Vec<u32> = ty.args.iter().map(|(n, _)| *n).collect();
    let args_span = ty
        .args
        .first()
        .map(|(_, s)| s.to(ty.args.last().map_or(*s, |(_, s)| *s)))
        .unwrap_or(ty.name_span);
    let no_args = |scalar: ScalarType| -> Result<ScalarType, Diagnostic> {
        if args.is_empty() {
            Ok(scalar)
        } else {
            Err(catalog::bad_type_arguments(
                &ty.name,
                args_span,
                "this type takes no arguments",
                &format!("write `{}`", ty.name),
            ))
        }
    };
    let length = |make: fn(Option<u32>) -> ScalarType| -> Result<ScalarType, Diagnostic> {
        match args.as_slice() {
            [] => Ok(make(None)),
            [n] if (1..=10_485_760).contains(n) => Ok(make(Some(*n))),
            [_] => Err(catalog::bad_type_arguments(
                &ty.name,
                args_span,
                "length must be between 1 and 10485760",
                if ty.name.ends_with("bit") {
                    "give a length of at least 1, or use `varbit` for bit strings of any length"
                } else {
                    "give a length of at least 1, or use `text` for unbounded strings"
                },
            )),
            _ => Err(catalog::bad_type_arguments(
                &ty.name,
                args_span,
                "takes one length",
                &format!("write `{}(n)`", ty.name),
            )),
        }
    };
    // Digits of fractional seconds: Postgres keeps at most 6 (it lowers a larger precision
    // with a warning, which a schema should not rely on).
    let precision = |make: fn(Option<u32>) -> ScalarType| -> Result<ScalarType, Diagnostic> {
        match args.as_slice() {
            [] => Ok(make(None)),
            [p] if *p <= 6 => Ok(make(Some(*p))),
            [_] => Err(catalog::bad_type_arguments(
                &ty.name,
                args_span,
                "precision must be between 0 and 6",
                &format!(
                    "give the digits of fractional seconds, e.g. `{}(3)` for milliseconds; `{}` keeps microseconds",
                    ty.name, ty.name
                ),
            )),
            _ => Err(catalog::bad_type_arguments(
                &ty.name,
                args_span,
                "takes one precision",
                &format!("write `{}(p)`", ty.name),
            )),
        }
    };
    let scalar = match ty.name.as_str() {
        "uuid" => no_args(ScalarType::Uuid)?,
        "text" => no_args(ScalarType::Text)?,
        "varchar" => length(ScalarType::Varchar)?,
        "char" => length(ScalarType::Char)?,
        "boolean" => no_args(ScalarType::Boolean)?,
        "smallint" => no_args(ScalarType::Smallint)?,
        "integer" => no_args(ScalarType::Integer)?,
        "bigint" => no_args(ScalarType::Bigint)?,
        "real" => no_args(ScalarType::Real)?,
        "double precision" => no_args(ScalarType::DoublePrecision)?,
        "numeric" => match args.as_slice() {
            [] => ScalarType::Numeric(None),
            [p] if (1..=1000).contains(p) => ScalarType::Numeric(Some((*p, None))),
            [p, s] if (1..=1000).contains(p) && s <= p => ScalarType::Numeric(Some((*p, Some(*s)))),
            _ => {
                return Err(catalog::bad_type_arguments(
                    "numeric",
                    args_span,
                    "precision must be 1 to 1000 and scale at most the precision",
                    "write `numeric(precision, scale)`, e.g. `numeric(12, 2)`",
                ));
            }
        },
        "date" => no_args(ScalarType::Date)?,
        "time" => precision(ScalarType::Time)?,
        "timestamp" => precision(ScalarType::Timestamp)?,
        "timestamptz" => precision(ScalarType::Timestamptz)?,
        "interval" => no_args(ScalarType::Interval)?,
        "json" => no_args(ScalarType::Json)?,
        "jsonb" => no_args(ScalarType::Jsonb)?,
        "bytea" => no_args(ScalarType::Bytea)?,
        "inet" => no_args(ScalarType::Inet)?,
        "cidr" => no_args(ScalarType::Cidr)?,
        "citext" => no_args(ScalarType::Citext)?,
        "name" => no_args(ScalarType::Name)?,
        "money" => no_args(ScalarType::Money)?,
        "oid" => no_args(ScalarType::Oid)?,
        "macaddr" => no_args(ScalarType::Macaddr)?,
        "bit" => length(ScalarType::Bit)?,
        "varbit" => length(ScalarType::Varbit)?,
        "xml" => no_args(ScalarType::Xml)?,
        "tsvector" => no_args(ScalarType::Tsvector)?,
        "timetz" => precision(ScalarType::Timetz)?,
        "macaddr8" => no_args(ScalarType::Macaddr8)?,
        name if serial_type(name).is_some() => {
            let scalar = no_args(serial_type(name).unwrap_or(ScalarType::Integer))?;
            if ty.array_dims > 0 {
                return Err(catalog::serial_misuse(
                    name,
                    ty.span,
                    "an array of a serial type",
                    &format!("Postgres has no arrays of `{name}`: use `{scalar}[]`"),
                ));
            }
            scalar
        }
        name if is_enum(name) => {
            if !args.is_empty() {
                return Err(catalog::bad_type_arguments(
                    name,
                    args_span,
                    "an enum takes no arguments",
                    &format!("write `{name}`"),
                ));
            }
            return wrap_array(ColumnType::Enum(name.to_string()), ty);
        }
        name => return Err(catalog::unknown_type(name, ty.name_span, enum_names)),
    };
    wrap_array(ColumnType::Scalar(scalar), ty)
}

/// The integer type of `serial` (`integer`), `bigserial` (`bigint`) or `smallserial`
/// (`smallint`): a column of it, NOT NULL, whose default is the next value of a sequence
/// that Postgres creates for it and drops with it.
pub fn serial_type(name: &str) -> Option<ScalarType> {
    match name {
        "serial" => Some(ScalarType::Integer),
        "bigserial" => Some(ScalarType::Bigint),
        "smallserial" => Some(ScalarType::Smallint),
        _ => None,
    }
}

fn wrap_array(base: ColumnType, ty: &TypeExpr) -> Result<ColumnType, Diagnostic> {
    match ty.array_dims {
        0 => Ok(base),
        1 => Ok(ColumnType::Array(Box::new(base))),
        dims => Err(catalog::multidimensional_array(&ty.name, dims, ty.span)),
    }
}

impl fmt::Display for ScalarType {
    /// The Postgres spelling, as written in schemas and DDL.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScalarType::Uuid => f.write_str("uuid"),
            ScalarType::Text => f.write_str("text"),
            ScalarType::Varchar(None) => f.write_str("varchar"),
            ScalarType::Varchar(Some(n)) => write!(f, "varchar({n})"),
            ScalarType::Char(None) => f.write_str("char"),
            ScalarType::Char(Some(n)) => write!(f, "char({n})"),
            ScalarType::Boolean => f.write_str("boolean"),
            ScalarType::Smallint => f.write_str("smallint"),
            ScalarType::Integer => f.write_str("integer"),
            ScalarType::Bigint => f.write_str("bigint"),
            ScalarType::Real => f.write_str("real"),
            ScalarType::DoublePrecision => f.write_str("double precision"),
            ScalarType::Numeric(None) => f.write_str("numeric"),
            ScalarType::Numeric(Some((p, None))) => write!(f, "numeric({p})"),
            ScalarType::Numeric(Some((p, Some(s)))) => write!(f, "numeric({p}, {s})"),
            ScalarType::Date => f.write_str("date"),
            ScalarType::Time(None) => f.write_str("time"),
            ScalarType::Time(Some(p)) => write!(f, "time({p})"),
            ScalarType::Timestamp(None) => f.write_str("timestamp"),
            ScalarType::Timestamp(Some(p)) => write!(f, "timestamp({p})"),
            ScalarType::Timestamptz(None) => f.write_str("timestamptz"),
            ScalarType::Timestamptz(Some(p)) => write!(f, "timestamptz({p})"),
            ScalarType::Interval => f.write_str("interval"),
            ScalarType::Json => f.write_str("json"),
            ScalarType::Jsonb => f.write_str("jsonb"),
            ScalarType::Bytea => f.write_str("bytea"),
            ScalarType::Inet => f.write_str("inet"),
            ScalarType::Cidr => f.write_str("cidr"),
            ScalarType::Citext => f.write_str("citext"),
            ScalarType::Name => f.write_str("name"),
            ScalarType::Money => f.write_str("money"),
            ScalarType::Oid => f.write_str("oid"),
            ScalarType::Macaddr => f.write_str("macaddr"),
            ScalarType::Bit(None) => f.write_str("bit"),
            ScalarType::Bit(Some(n)) => write!(f, "bit({n})"),
            ScalarType::Varbit(None) => f.write_str("varbit"),
            ScalarType::Varbit(Some(n)) => write!(f, "varbit({n})"),
            ScalarType::Xml => f.write_str("xml"),
            ScalarType::Tsvector => f.write_str("tsvector"),
            ScalarType::Timetz(None) => f.write_str("timetz"),
            ScalarType::Timetz(Some(p)) => write!(f, "timetz({p})"),
            ScalarType::Macaddr8 => f.write_str("macaddr8"),
        }
    }
}

impl fmt::Display for ColumnType {
    /// The type as written in a schema (enum names unquoted).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ColumnType::Scalar(s) => s.fmt(f),
            ColumnType::Enum(name) => f.write_str(name),
            ColumnType::Array(inner) => write!(f, "{inner}[]"),
        }
    }
}
