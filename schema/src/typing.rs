//! The types of SQL expressions, as far as they can be known for certain, and the rules
//! Postgres 15 applies to them: which operands an operator takes, which types a comparison
//! accepts, and which types a column's default or generation expression may have.
//!
//! A type that cannot be known for certain (a polymorphic function, an operator this module
//! does not model, a type outside the language) is [`Ty::Unknown`], and every rule says
//! nothing about it: the checker refuses only what Postgres is sure to refuse.
//! `tests/postgres.rs` compares these rules with Postgres's own verdicts over every pair of
//! types.

use std::fmt;

use sqlparser::ast::{DataType, Ident, ObjectName, ObjectNamePart};

use crate::ir::{ColumnType, ScalarType};

/// The type of an expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    /// Not known for certain: no rule applies.
    Unknown,
    /// A string literal without a type: Postgres reads it as the type it meets.
    Literal,
    /// `NULL`, of every type.
    Null,
    Bool,
    /// `smallint`, `integer` or `bigint`, by size in bytes.
    Int(u8),
    Numeric,
    /// `real` or `double precision`, by size in bytes.
    Float(u8),
    /// `text`, `varchar` or `char`.
    Text(Str),
    Uuid,
    Json,
    Jsonb,
    Bytea,
    Date,
    Time,
    Timestamp,
    Timestamptz,
    Interval,
    /// An enum of the schema, by name.
    Enum(String),
    Array(Box<Ty>),
}

/// Which of Postgres's string types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Str {
    Text,
    Varchar,
    Char,
}

impl Ty {
    /// The type of a column.
    pub fn of_column(ty: &ColumnType) -> Ty {
        match ty {
            ColumnType::Scalar(s) => Ty::of_scalar(*s),
            ColumnType::Enum(name) => Ty::Enum(name.clone()),
            ColumnType::Array(inner) => match Ty::of_column(inner) {
                Ty::Unknown => Ty::Unknown,
                t => Ty::Array(Box::new(t)),
            },
        }
    }

    fn of_scalar(s: ScalarType) -> Ty {
        use ScalarType as S;
        match s {
            S::Uuid => Ty::Uuid,
            S::Text => Ty::Text(Str::Text),
            S::Varchar(_) => Ty::Text(Str::Varchar),
            S::Char(_) => Ty::Text(Str::Char),
            S::Boolean => Ty::Bool,
            S::Smallint => Ty::Int(2),
            S::Integer => Ty::Int(4),
            S::Bigint => Ty::Int(8),
            S::Real => Ty::Float(4),
            S::DoublePrecision => Ty::Float(8),
            S::Numeric(_) => Ty::Numeric,
            S::Date => Ty::Date,
            S::Time(_) => Ty::Time,
            S::Timestamp(_) => Ty::Timestamp,
            S::Timestamptz(_) => Ty::Timestamptz,
            S::Interval => Ty::Interval,
            S::Json => Ty::Json,
            S::Jsonb => Ty::Jsonb,
            S::Bytea => Ty::Bytea,
            S::Inet
            | S::Cidr
            | S::Citext
            | S::Name
            | S::Money
            | S::Oid
            | S::Macaddr
            | S::Bit(_)
            | S::Varbit(_)
            | S::Xml
            | S::Tsvector
            | S::Timetz(_)
            | S::Macaddr8 => Ty::Unknown,
        }
    }

    /// The type of Postgres's `pg_type.typname` (as `pg_functions.txt` gives a function's
    /// result), or [`Ty::Unknown`].
    pub fn of_typname(name: &str) -> Ty {
        match name {
            "bool" => Ty::Bool,
            "int2" => Ty::Int(2),
            "int4" => Ty::Int(4),
            "int8" => Ty::Int(8),
            "float4" => Ty::Float(4),
            "float8" => Ty::Float(8),
            "numeric" => Ty::Numeric,
            "text" => Ty::Text(Str::Text),
            "varchar" => Ty::Text(Str::Varchar),
            "bpchar" => Ty::Text(Str::Char),
            "uuid" => Ty::Uuid,
            "json" => Ty::Json,
            "jsonb" => Ty::Jsonb,
            "bytea" => Ty::Bytea,
            "date" => Ty::Date,
            "time" => Ty::Time,
            "timestamp" => Ty::Timestamp,
            "timestamptz" => Ty::Timestamptz,
            "interval" => Ty::Interval,
            _ => match name.strip_prefix('_') {
                Some(element) => match Ty::of_typname(element) {
                    Ty::Unknown => Ty::Unknown,
                    t => Ty::Array(Box::new(t)),
                },
                None => Ty::Unknown,
            },
        }
    }

    /// Postgres's name of the type (`pg_type.typname`: `int4`, `_text`), where it has one
    /// that does not depend on the schema (not for enums).
    pub fn typname(&self) -> Option<String> {
        let name = match self {
            Ty::Bool => "bool",
            Ty::Int(2) => "int2",
            Ty::Int(4) => "int4",
            Ty::Int(8) => "int8",
            Ty::Numeric => "numeric",
            Ty::Float(4) => "float4",
            Ty::Float(8) => "float8",
            Ty::Text(Str::Text) => "text",
            Ty::Text(Str::Varchar) => "varchar",
            Ty::Text(Str::Char) => "bpchar",
            Ty::Uuid => "uuid",
            Ty::Json => "json",
            Ty::Jsonb => "jsonb",
            Ty::Bytea => "bytea",
            Ty::Date => "date",
            Ty::Time => "time",
            Ty::Timestamp => "timestamp",
            Ty::Timestamptz => "timestamptz",
            Ty::Interval => "interval",
            Ty::Array(element) => return element.typname().map(|e| format!("_{e}")),
            _ => return None,
        };
        Some(name.to_string())
    }

    /// The type a cast or typed literal gives (`x::int`, `date '…'`); `enum_named` says
    /// whether a custom name is an enum of the schema.
    pub fn of_data_type(ty: &DataType, enum_named: impl Fn(&str) -> bool) -> Ty {
        use sqlparser::ast::{ArrayElemTypeDef, TimezoneInfo};
        match ty {
            DataType::Bool | DataType::Boolean => Ty::Bool,
            DataType::SmallInt(_) | DataType::Int2(_) => Ty::Int(2),
            DataType::Int(_) | DataType::Integer(_) | DataType::Int4(_) => Ty::Int(4),
            DataType::BigInt(_) | DataType::Int8(_) => Ty::Int(8),
            DataType::Real | DataType::Float4 => Ty::Float(4),
            DataType::DoublePrecision | DataType::Float8 => Ty::Float(8),
            DataType::Numeric(_) | DataType::Decimal(_) => Ty::Numeric,
            DataType::Text => Ty::Text(Str::Text),
            DataType::Varchar(_) | DataType::CharacterVarying(_) => Ty::Text(Str::Varchar),
            DataType::Char(_) | DataType::Character(_) => Ty::Text(Str::Char),
            DataType::Uuid => Ty::Uuid,
            DataType::JSON => Ty::Json,
            DataType::JSONB => Ty::Jsonb,
            DataType::Bytea => Ty::Bytea,
            DataType::Date => Ty::Date,
            DataType::Time(_, TimezoneInfo::None | TimezoneInfo::WithoutTimeZone) => Ty::Time,
            DataType::Timestamp(_, TimezoneInfo::None | TimezoneInfo::WithoutTimeZone) => {
                Ty::Timestamp
            }
            DataType::Timestamp(_, TimezoneInfo::WithTimeZone | TimezoneInfo::Tz) => {
                Ty::Timestamptz
            }
            DataType::Interval { .. } => Ty::Interval,
            DataType::Array(ArrayElemTypeDef::SquareBracket(inner, _)) => {
                match Ty::of_data_type(inner, enum_named) {
                    Ty::Unknown => Ty::Unknown,
                    Ty::Array(t) => Ty::Array(t),
                    t => Ty::Array(Box::new(t)),
                }
            }
            DataType::Custom(name, modifiers) if modifiers.is_empty() => {
                let Some((ident, qualified)) = catalog_name(name) else {
                    return Ty::Unknown;
                };
                let folded = fold(ident);
                if !qualified && enum_named(&folded) {
                    return Ty::Enum(folded);
                }
                match folded.as_str() {
                    // Names sqlparser leaves to the dialect.
                    "int" | "integer" => Ty::Int(4),
                    "timestamptz" => Ty::Timestamptz,
                    "float" => Ty::Float(8),
                    "decimal" => Ty::Numeric,
                    other => Ty::of_typname(other),
                }
            }
            _ => Ty::Unknown,
        }
    }

    /// The type of an unquoted number literal: `integer` if it fits, then `bigint`, then
    /// `numeric` (as is one with a fraction or exponent).
    pub fn of_number(text: &str) -> Ty {
        if text.contains(['.', 'e', 'E']) {
            return Ty::Numeric;
        }
        match text.parse::<i64>() {
            Ok(n) if i32::try_from(n).is_ok() => Ty::Int(4),
            Ok(_) => Ty::Int(8),
            Err(_) => Ty::Numeric,
        }
    }

    /// A type known for certain (not [`Ty::Unknown`], a bare literal or `NULL`), which the
    /// rules below can judge.
    pub fn is_known(&self) -> bool {
        match self {
            Ty::Unknown | Ty::Literal | Ty::Null => false,
            Ty::Array(inner) => inner.is_known(),
            _ => true,
        }
    }

    pub fn is_number(&self) -> bool {
        matches!(self, Ty::Int(_) | Ty::Numeric | Ty::Float(_))
    }

    /// The type as a column type of the language, for reading a literal as it.
    pub fn column_type(&self) -> Option<ColumnType> {
        match self {
            Ty::Enum(name) => Some(ColumnType::Enum(name.clone())),
            Ty::Array(inner) => Some(ColumnType::Array(Box::new(inner.column_type()?))),
            Ty::Text(_) => Some(ColumnType::Scalar(ScalarType::Text)),
            other => other.scalar().map(ColumnType::Scalar),
        }
    }

    /// The type as a scalar of the language, for reading a literal as it.
    fn scalar(&self) -> Option<ScalarType> {
        use ScalarType as S;
        Some(match self {
            Ty::Bool => S::Boolean,
            Ty::Int(2) => S::Smallint,
            Ty::Int(4) => S::Integer,
            Ty::Int(_) => S::Bigint,
            Ty::Float(4) => S::Real,
            Ty::Float(_) => S::DoublePrecision,
            Ty::Numeric => S::Numeric(None),
            Ty::Uuid => S::Uuid,
            Ty::Json => S::Json,
            Ty::Jsonb => S::Jsonb,
            Ty::Date => S::Date,
            Ty::Time => S::Time(None),
            Ty::Timestamp => S::Timestamp(None),
            Ty::Timestamptz => S::Timestamptz(None),
            Ty::Interval => S::Interval,
            _ => return None,
        })
    }
}

/// A name as Postgres reads it: an unquoted one folded to lower case.
pub fn fold(ident: &Ident) -> String {
    match ident.quote_style {
        Some(_) => ident.value.clone(),
        None => ident.value.to_lowercase(),
    }
}

/// The last part of a name that is Postgres's own for certain: unqualified, or qualified
/// with `pg_catalog` (then `true`). A name of another schema may be the user's: `None`.
pub fn catalog_name(name: &ObjectName) -> Option<(&Ident, bool)> {
    let parts: Vec<&Ident> = name.0.iter().filter_map(ObjectNamePart::as_ident).collect();
    match parts.as_slice() {
        [one] => Some((*one, false)),
        [schema, one] if schema.value.eq_ignore_ascii_case("pg_catalog") => Some((*one, true)),
        _ => None,
    }
}

/// Postgres's name of the type, as its errors write it.
impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Ty::Unknown | Ty::Literal => "unknown",
            Ty::Null => "null",
            Ty::Bool => "boolean",
            Ty::Int(2) => "smallint",
            Ty::Int(4) => "integer",
            Ty::Int(_) => "bigint",
            Ty::Numeric => "numeric",
            Ty::Float(4) => "real",
            Ty::Float(_) => "double precision",
            Ty::Text(Str::Text) => "text",
            Ty::Text(Str::Varchar) => "character varying",
            Ty::Text(Str::Char) => "character",
            Ty::Uuid => "uuid",
            Ty::Json => "json",
            Ty::Jsonb => "jsonb",
            Ty::Bytea => "bytea",
            Ty::Date => "date",
            Ty::Time => "time without time zone",
            Ty::Timestamp => "timestamp without time zone",
            Ty::Timestamptz => "timestamp with time zone",
            Ty::Interval => "interval",
            Ty::Enum(name) => name,
            Ty::Array(inner) => return write!(f, "{inner}[]"),
        };
        f.write_str(name)
    }
}

/// The groups of types that Postgres compares with each other (by an operator of the pair
/// or through an implicit cast).
#[derive(Debug, PartialEq, Eq)]
enum Family<'a> {
    Number,
    Text,
    /// `date`, `timestamp`, `timestamptz`.
    Moment,
    /// `time` and `interval` (`time` casts to `interval` implicitly).
    Span,
    Bool,
    Uuid,
    Jsonb,
    Bytea,
    Enum(&'a str),
    Array(Box<Family<'a>>),
    /// `json`, which has no comparison operators at all.
    Json,
}

fn family(ty: &Ty) -> Option<Family<'_>> {
    Some(match ty {
        Ty::Int(_) | Ty::Numeric | Ty::Float(_) => Family::Number,
        Ty::Text(_) => Family::Text,
        Ty::Date | Ty::Timestamp | Ty::Timestamptz => Family::Moment,
        Ty::Time | Ty::Interval => Family::Span,
        Ty::Bool => Family::Bool,
        Ty::Uuid => Family::Uuid,
        Ty::Jsonb => Family::Jsonb,
        Ty::Json => Family::Json,
        Ty::Bytea => Family::Bytea,
        Ty::Enum(name) => Family::Enum(name),
        Ty::Array(inner) => Family::Array(Box::new(family(inner)?)),
        Ty::Unknown | Ty::Literal | Ty::Null => return None,
    })
}

/// Whether Postgres has a comparison (`=`, `<`, …, `IS DISTINCT FROM`) of the two: `None`
/// when either is not known. A bare literal is read as the other side's type (whether it
/// reads as one is the literal checks' concern), so it is comparable unless that type has
/// no comparison with itself.
pub fn comparable(a: &Ty, b: &Ty) -> Option<bool> {
    let has_self_comparison = |t: &Ty| !matches!(family(t), Some(Family::Json));
    match (a, b) {
        (Ty::Literal | Ty::Null, t) | (t, Ty::Literal | Ty::Null) if t.is_known() => {
            Some(has_self_comparison(t))
        }
        _ if !a.is_known() || !b.is_known() => None,
        _ => {
            let (fa, fb) = (family(a)?, family(b)?);
            Some(fa == fb && fa != Family::Json && !contains_json(&fa))
        }
    }
}

fn contains_json(f: &Family<'_>) -> bool {
    match f {
        Family::Json => true,
        Family::Array(inner) => contains_json(inner),
        _ => false,
    }
}

/// The arithmetic operators this module models.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arith {
    Plus,
    Minus,
    Times,
    Divide,
    Modulo,
}

impl Arith {
    pub fn symbol(self) -> &'static str {
        match self {
            Arith::Plus => "+",
            Arith::Minus => "-",
            Arith::Times => "*",
            Arith::Divide => "/",
            Arith::Modulo => "%",
        }
    }
}

/// What Postgres makes of `a op b`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// The result's type.
    pub result: Ty,
    /// The type an untyped operand (a bare literal) is read as.
    pub literal_as: Option<Ty>,
}

impl Operation {
    fn of(result: Ty) -> Operation {
        Operation {
            result,
            literal_as: None,
        }
    }

    fn reading(result: Ty, literal_as: Ty) -> Operation {
        Operation {
            result,
            literal_as: Some(literal_as),
        }
    }
}

fn untyped(t: &Ty) -> bool {
    matches!(t, Ty::Literal | Ty::Null)
}

/// What `a op b` is, or `Err(())` when Postgres has no such operator for the two types (or
/// cannot choose among several, as for `date + '…'`).
pub fn arithmetic(a: &Ty, op: Arith, b: &Ty) -> Result<Operation, ()> {
    use Arith::*;
    if untyped(a) && untyped(b) {
        // `'1' + '1'`, `null * null`: not unique.
        return Err(());
    }
    if untyped(a) || untyped(b) {
        let (known, left) = if untyped(a) { (b, false) } else { (a, true) };
        if !known.is_known() {
            return Ok(Operation::of(Ty::Unknown));
        }
        return with_literal(known, op, left);
    }
    if !a.is_known() || !b.is_known() {
        // One known side can still rule the operator out: no operator takes an operand of
        // these types there, whatever the other is.
        if (a.is_known() && never_left(a, op)) || (b.is_known() && never_right(b, op)) {
            return Err(());
        }
        return Ok(Operation::of(Ty::Unknown));
    }
    if never_left(a, op) || never_right(b, op) {
        return Err(());
    }
    let number = |t: &Ty| t.is_number();
    let small_int = |t: &Ty| matches!(t, Ty::Int(2 | 4));
    // `time` casts to `interval` implicitly, so it multiplies as one.
    let span = |t: &Ty| matches!(t, Ty::Time | Ty::Interval);
    let result = match (a, op, b) {
        // `float % …` has no operator (float does not cast to numeric implicitly).
        (Ty::Float(_), Modulo, _) | (_, Modulo, Ty::Float(_)) => return Err(()),
        (x, _, y) if number(x) && number(y) => wider(x, y),
        (Ty::Date, Plus | Minus, y) if small_int(y) => Ty::Date,
        (x, Plus, Ty::Date) if small_int(x) => Ty::Date,
        (Ty::Date, Minus, Ty::Date) => Ty::Int(4),
        (Ty::Date, Plus | Minus, Ty::Interval) | (Ty::Interval, Plus, Ty::Date) => Ty::Timestamp,
        (Ty::Date, Plus, Ty::Time) | (Ty::Time, Plus, Ty::Date) => Ty::Timestamp,
        (Ty::Date, Minus, Ty::Time) => Ty::Timestamp,
        (Ty::Date, Minus, Ty::Timestamp | Ty::Timestamptz)
        | (Ty::Timestamp | Ty::Timestamptz, Minus, Ty::Date)
        | (Ty::Timestamp | Ty::Timestamptz, Minus, Ty::Timestamp | Ty::Timestamptz) => Ty::Interval,
        (Ty::Timestamp, Plus | Minus, y) if span(y) => Ty::Timestamp,
        (x, Plus, Ty::Timestamp) if span(x) => Ty::Timestamp,
        (Ty::Timestamptz, Plus | Minus, y) if span(y) => Ty::Timestamptz,
        (x, Plus, Ty::Timestamptz) if span(x) => Ty::Timestamptz,
        (Ty::Time, Plus, Ty::Time) => return Err(()),
        (x, Plus | Minus, y) if span(x) && span(y) => Ty::Unknown,
        (x, Times | Divide, y) if span(x) && number(y) => Ty::Interval,
        (x, Times, y) if number(x) && span(y) => Ty::Interval,
        (Ty::Jsonb, Minus, y) if small_int(y) || matches!(y, Ty::Text(_)) => Ty::Jsonb,
        (Ty::Jsonb, Minus, Ty::Array(e)) if matches!(**e, Ty::Text(_)) => Ty::Jsonb,
        _ => return Err(()),
    };
    Ok(Operation::of(result))
}

/// The wider of two number types, as Postgres resolves mixed arithmetic.
fn wider(a: &Ty, b: &Ty) -> Ty {
    match (a, b) {
        (Ty::Float(4), Ty::Float(4)) => Ty::Float(4),
        (Ty::Float(_), _) | (_, Ty::Float(_)) => Ty::Float(8),
        (Ty::Numeric, _) | (_, Ty::Numeric) => Ty::Numeric,
        (Ty::Int(x), Ty::Int(y)) => Ty::Int(*x.max(y)),
        _ => Ty::Unknown,
    }
}

/// `known op '…'` (`left`) or `'…' op known`: which operator Postgres picks, so what the
/// literal is read as and what results.
fn with_literal(known: &Ty, op: Arith, left: bool) -> Result<Operation, ()> {
    use Arith::*;
    let k = known.clone();
    let interval = Ty::Interval;
    let float = Ty::Float(8);
    Ok(match (known, op, left) {
        (Ty::Float(_), Modulo, _) => return Err(()),
        (t, _, _) if t.is_number() => Operation::reading(k.clone(), k),
        (Ty::Date, Minus, _) => Operation::reading(Ty::Int(4), k),
        (Ty::Timestamp | Ty::Timestamptz, Plus, _) => Operation::reading(k, interval),
        (Ty::Timestamp | Ty::Timestamptz, Minus, _) => Operation::reading(interval, k),
        (Ty::Time, Minus, true) => Operation::reading(interval, k),
        (Ty::Time, Plus, true) => Operation::reading(k, interval),
        (Ty::Time | Ty::Interval, Times, _) | (Ty::Time | Ty::Interval, Divide, true) => {
            Operation::reading(interval, float)
        }
        (Ty::Interval, Plus | Minus, _) => Operation::reading(interval.clone(), interval),
        (Ty::Jsonb, Minus, true) => Operation::reading(k, Ty::Text(Str::Text)),
        // `'…' - text` is `jsonb - text`, the one `-` that takes a string on its right.
        (Ty::Text(_), Minus, false) => Operation::reading(Ty::Jsonb, Ty::Jsonb),
        (Ty::Array(e), Minus, false) if matches!(**e, Ty::Text(_)) => {
            Operation::reading(Ty::Jsonb, Ty::Jsonb)
        }
        (Ty::Time, Plus, false) => Operation::reading(k, interval),
        (Ty::Time, Minus, false) => Operation::reading(interval, k),
        _ => return Err(()),
    })
}

/// A type that no arithmetic operator `op` takes on its left, whatever the right.
fn never_left(t: &Ty, op: Arith) -> bool {
    match t {
        Ty::Bool | Ty::Uuid | Ty::Enum(_) | Ty::Bytea | Ty::Json | Ty::Text(_) | Ty::Array(_) => {
            true
        }
        Ty::Jsonb => op != Arith::Minus,
        Ty::Date | Ty::Timestamp | Ty::Timestamptz => {
            matches!(op, Arith::Times | Arith::Divide | Arith::Modulo)
        }
        Ty::Time | Ty::Interval => op == Arith::Modulo,
        _ => false,
    }
}

/// A type that no arithmetic operator `op` takes on its right, whatever the left (only
/// `jsonb - text` takes a string there).
fn never_right(t: &Ty, op: Arith) -> bool {
    match t {
        Ty::Text(_) => op != Arith::Minus,
        Ty::Array(e) => !(op == Arith::Minus && matches!(**e, Ty::Text(_))),
        Ty::Bool | Ty::Uuid | Ty::Enum(_) | Ty::Bytea | Ty::Json | Ty::Jsonb => true,
        Ty::Date | Ty::Timestamp | Ty::Timestamptz => {
            matches!(op, Arith::Times | Arith::Divide | Arith::Modulo)
        }
        Ty::Time | Ty::Interval => matches!(op, Arith::Divide | Arith::Modulo),
        _ => false,
    }
}

/// What `a || b` is, or `Err(())` when Postgres has no such operator. Either side a string
/// concatenates as text with any non-array value; `bytea`, `jsonb` and arrays have their own
/// (an array with an array or an element of a compatible type).
pub fn concat(a: &Ty, b: &Ty) -> Result<Operation, ()> {
    let text = |t: &Ty| matches!(t, Ty::Text(_));
    if untyped(a) && untyped(b) {
        return Ok(Operation::of(Ty::Text(Str::Text)));
    }
    if untyped(a) || untyped(b) {
        let known = if untyped(a) { b } else { a };
        return Ok(match known {
            Ty::Array(_) | Ty::Jsonb => Operation::reading(known.clone(), known.clone()),
            t if t.is_known() && !matches!(t, Ty::Bytea) => {
                Operation::reading(Ty::Text(Str::Text), Ty::Text(Str::Text))
            }
            _ => Operation::of(Ty::Unknown),
        });
    }
    if !a.is_known() || !b.is_known() {
        return Ok(Operation::of(Ty::Unknown));
    }
    let element_of = |array: &Ty, item: &Ty| match array {
        Ty::Array(e) => family(e) == family(item),
        _ => false,
    };
    match (a, b) {
        (Ty::Array(x), Ty::Array(y)) if family(x) == family(y) => Ok(Operation::of(Ty::Unknown)),
        (Ty::Array(_), item) if element_of(a, item) => Ok(Operation::of(Ty::Unknown)),
        (item, Ty::Array(_)) if element_of(b, item) => Ok(Operation::of(Ty::Unknown)),
        (Ty::Array(_), _) | (_, Ty::Array(_)) => Err(()),
        (x, y) if text(x) || text(y) => Ok(Operation::of(Ty::Text(Str::Text))),
        (Ty::Bytea, Ty::Bytea) => Ok(Operation::of(Ty::Bytea)),
        (Ty::Jsonb, Ty::Jsonb) => Ok(Operation::of(Ty::Jsonb)),
        _ => Err(()),
    }
}

/// Whether Postgres stores a value of type `from` in a column of type `to` (an implicit or
/// assignment cast, or the conversion of any type to a string type): `None` when it cannot
/// be known.
pub fn assignable(from: &Ty, to: &Ty) -> Option<bool> {
    if !from.is_known() || !to.is_known() {
        return None;
    }
    if from == to || matches!(to, Ty::Text(_)) {
        return Some(true);
    }
    // An array converts element by element, and any element converts to a string.
    if let (Ty::Array(_), Ty::Array(e)) = (from, to)
        && matches!(**e, Ty::Text(_))
    {
        return Some(true);
    }
    Some(match (from, to) {
        (x, y) if x.is_number() && y.is_number() => true,
        (
            Ty::Date | Ty::Timestamp | Ty::Timestamptz,
            Ty::Date | Ty::Timestamp | Ty::Timestamptz,
        ) => true,
        (Ty::Timestamp | Ty::Timestamptz, Ty::Time) => true,
        (Ty::Time | Ty::Interval, Ty::Time | Ty::Interval) => true,
        (Ty::Json | Ty::Jsonb, Ty::Json | Ty::Jsonb) => true,
        (Ty::Array(x), Ty::Array(y)) if family(x) == family(y) => return None,
        _ => false,
    })
}

/// Whether a parameter of type `typname` takes an argument of type `arg`: the same type,
/// an implicit cast, or a polymorphic parameter that matches it (`anyarray` an array,
/// `anyenum` an enum, `anyrange` none of the language's types). A parameter of a type
/// outside the language takes only what casts to it implicitly.
pub fn takes(typname: &str, arg: &Ty) -> bool {
    if !arg.is_known() {
        return true;
    }
    let param = Ty::of_typname(typname);
    if param.is_known() {
        return implicit(arg, &param);
    }
    let array = matches!(arg, Ty::Array(_));
    match typname {
        // The polymorphic pseudo-types, by what they match.
        "anyelement" | "anycompatible" | "\"any\"" => true,
        "anyarray" | "anycompatiblearray" => array,
        "anynonarray" | "anycompatiblenonarray" => !array,
        "anyenum" => matches!(arg, Ty::Enum(_)),
        // None of the types modelled here is a range or a multirange.
        "anyrange" | "anymultirange" | "anycompatiblerange" | "anycompatiblemultirange" => false,
        name if name.starts_with("any") => true,
        // The implicit casts (`pg_cast`, context `i`) from a modelled type to one that is
        // not: integers to `oid` and the `reg*` types, strings to `name` and `regclass`,
        // `time` to `timetz`.
        "oid" => matches!(arg, Ty::Int(_)),
        name if name.starts_with("reg") => {
            matches!(arg, Ty::Int(_)) || (name == "regclass" && matches!(arg, Ty::Text(_)))
        }
        "name" => matches!(arg, Ty::Text(_)),
        "timetz" => *arg == Ty::Time,
        _ => false,
    }
}

/// Whether Postgres casts `from` to `to` implicitly (as it does for a function's argument).
fn implicit(from: &Ty, to: &Ty) -> bool {
    match (from, to) {
        _ if from == to => true,
        (Ty::Int(a), Ty::Int(b)) => a <= b,
        (Ty::Int(_), Ty::Numeric | Ty::Float(_)) | (Ty::Numeric, Ty::Float(_)) => true,
        (Ty::Float(4), Ty::Float(8)) => true,
        (Ty::Text(_), Ty::Text(_)) => true,
        (Ty::Date, Ty::Timestamp | Ty::Timestamptz) | (Ty::Timestamp, Ty::Timestamptz) => true,
        (Ty::Time, Ty::Interval) => true,
        _ => false,
    }
}
