//! What Postgres would refuse in a schema's SQL expressions, found before it does: calls of
//! functions Postgres 15 does not have (or with an argument count none of them takes),
//! names that are not columns of the table, a column read where no row exists (a default),
//! subqueries where Postgres allows none, and string literals compared with an enum column
//! that are not among its values. Each is located at the name in the schema file.
//!
//! Only what can be decided without types is refused: an expression this module cannot see
//! into is left to Postgres, never refused on a guess.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use sqlparser::ast::{
    AccessExpr, BinaryOperator, DataType, Expr, FunctionArg, FunctionArgExpr, FunctionArguments,
    Ident, InTarget, Spanned, Subscript, UnaryOperator, Value,
};

use crate::catalog;
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::ir::{ColumnType, ScalarType, Schema, Table};
use crate::literals::{self, Temporal};
use crate::resolve::SqlSite;
use crate::span::Span;
use crate::typing::{self, Arith, Ty, comparable};

/// Postgres 15's functions in `pg_catalog` (`prokind = 'f'`), with the least and most
/// arguments any of its variants takes (100, Postgres's limit, for a variadic one). Read
/// from a real server; `tests/postgres.rs` checks it against the one the tests start.
const FUNCTIONS: &str = include_str!("pg_functions.txt");

/// Postgres 15's type names in `pg_catalog`, as [`FUNCTIONS`] is read from a real server.
const TYPES: &str = include_str!("pg_types.txt");

/// Postgres 15's functions in `pg_catalog` none of whose variants is immutable, read as
/// [`FUNCTIONS`] is.
const NOT_IMMUTABLE: &str = include_str!("pg_not_immutable.txt");

/// Whether no variant of the function (a folded name of `pg_catalog`'s, or one of SQL's
/// keyword functions, which are all stable) is immutable.
/// The entries of one of the lists read from the server (`pg_*.txt`): its lines without the
/// `#` comments and blank lines.
pub(crate) fn list_lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
}

fn not_immutable(name: &str) -> bool {
    static NAMES: OnceLock<std::collections::HashSet<&'static str>> = OnceLock::new();
    let names = NAMES.get_or_init(|| {
        list_lines(NOT_IMMUTABLE)
            .chain(
                SYNTAX_FUNCTIONS
                    .iter()
                    .filter(|(_, low, _, _)| *low == 0)
                    .map(|(name, ..)| *name),
            )
            .collect()
    });
    names.contains(name)
}

/// Postgres 15's operator names in `pg_catalog`, read as [`FUNCTIONS`] is.
const OPERATORS: &str = include_str!("pg_operators.txt");

/// Whether Postgres 15 has an operator of this name (for some operand types), read as its
/// lexer reads it: a name without any of ``~!@#%^&|`?`` loses its trailing `+` and `-`,
/// which are then prefix operators of the right operand (`a >- 1` is `a > -1`).
fn known_operator(name: &str) -> bool {
    let name = if name.contains(['~', '!', '@', '#', '%', '^', '&', '|', '`', '?']) {
        name
    } else {
        name.trim_end_matches(['+', '-'])
    };
    operators().contains_key(name)
}

/// Every known operator: the types its binary variants take on the left and on the right
/// (`typname`s, comma-separated; `-` for none), and its binary variants
/// (`left:right:result`, comma-separated).
fn operators() -> &'static HashMap<&'static str, (&'static str, &'static str, &'static str)> {
    static OPERATORS_BY_NAME: OnceLock<
        HashMap<&'static str, (&'static str, &'static str, &'static str)>,
    > = OnceLock::new();
    OPERATORS_BY_NAME.get_or_init(|| {
        // Comments start with `-- `, which no operator can (it starts an SQL comment).
        OPERATORS
            .lines()
            .filter(|l| !l.starts_with("-- "))
            .filter_map(|l| {
                let mut parts = l.split(' ');
                Some((parts.next()?, (parts.next()?, parts.next()?, parts.next()?)))
            })
            .collect()
    })
}

/// Postgres's column-name keywords that its grammar never reads as a function's name (read
/// from a real server: `SELECT numeric(1.5)` is a syntax error, `SELECT "numeric"(1.5)` is
/// not).
const KEYWORDS_NOT_CALLED: &[&str] = &[
    "between",
    "bigint",
    "bit",
    "boolean",
    "char",
    "character",
    "dec",
    "decimal",
    "float",
    "inout",
    "int",
    "integer",
    "interval",
    "national",
    "nchar",
    "none",
    "numeric",
    "out",
    "precision",
    "real",
    "setof",
    "smallint",
    "time",
    "timestamp",
    "values",
    "varchar",
];

/// SQL's functions written as keywords, and the conditional expressions that look like calls
/// but are syntax: not in `pg_catalog`, always available, with their argument counts.
const SYNTAX_FUNCTIONS: &[(&str, usize, usize, &str)] = &[
    ("coalesce", 1, 100, "-"),
    ("nullif", 2, 2, "-"),
    ("greatest", 1, 100, "-"),
    ("least", 1, 100, "-"),
    ("current_timestamp", 0, 1, "timestamptz"),
    ("current_time", 0, 1, "timetz"),
    ("localtimestamp", 0, 1, "timestamp"),
    ("localtime", 0, 1, "time"),
    ("current_date", 0, 0, "date"),
    ("current_user", 0, 0, "name"),
    ("current_role", 0, 0, "name"),
    ("session_user", 0, 0, "name"),
    ("user", 0, 0, "name"),
    ("current_catalog", 0, 0, "name"),
    ("current_schema", 0, 0, "name"),
    ("system_user", 0, 0, "text"),
];

/// Every known type name.
fn types() -> &'static std::collections::HashSet<&'static str> {
    static TYPE_NAMES: OnceLock<std::collections::HashSet<&'static str>> = OnceLock::new();
    TYPE_NAMES.get_or_init(|| list_lines(TYPES).collect())
}

/// A known function: the least and most arguments of its variants, and its result type
/// (`pg_type.typname`, `-` when its variants differ).
#[derive(Clone, Copy)]
struct Function {
    low: usize,
    high: usize,
    result: &'static str,
    /// The types (`typname`) its variants take first, each with the result of those variants
    /// (`text:text,anyrange:anyelement`; `-` for differing results); `-` if none.
    first: &'static str,
}

impl Function {
    /// The types its variants take first, and what those variants return.
    fn firsts(&self) -> impl Iterator<Item = (&'static str, &'static str)> {
        let first = if self.first == "-" { "" } else { self.first };
        first
            .split(',')
            .filter(|pair| !pair.is_empty())
            .map(|pair| pair.split_once(':').unwrap_or((pair, "-")))
    }

    /// The result of a call whose first argument is of type `arg`: the one type every
    /// variant that could take it returns, if they agree on a type of the language.
    fn result_for(&self, arg: &Ty) -> Ty {
        let whole = Ty::of_typname(self.result);
        if whole.is_known() || !arg.is_known() {
            return whole;
        }
        let mut results = self
            .firsts()
            .filter(|(t, _)| typing::takes(t, arg))
            .map(|(_, result)| Ty::of_typname(result));
        match results.next() {
            Some(first) if first.is_known() && results.all(|r| r == first) => first,
            _ => Ty::Unknown,
        }
    }
}

/// Every known function, by name.
fn functions() -> &'static HashMap<&'static str, Function> {
    static FUNCTIONS_BY_NAME: OnceLock<HashMap<&'static str, Function>> = OnceLock::new();
    FUNCTIONS_BY_NAME.get_or_init(|| {
        let mut map: HashMap<&'static str, Function> = list_lines(FUNCTIONS)
            .filter_map(|l| {
                let mut parts = l.split(' ');
                let name = parts.next()?;
                let low = parts.next()?.parse().ok()?;
                let high = parts.next()?.parse().ok()?;
                let result = parts.next()?;
                let first = parts.next()?;
                Some((
                    name,
                    Function {
                        low,
                        high,
                        result,
                        first,
                    },
                ))
            })
            .collect();
        for &(name, low, high, result) in SYNTAX_FUNCTIONS {
            let first = "-";
            map.insert(
                name,
                Function {
                    low,
                    high,
                    result,
                    first,
                },
            );
        }
        map
    })
}

/// The problems of one expression that already parsed ([`crate::sqlexpr::check_expr`]).
/// `suggestions` remembers the closest known function to each unknown name, across the
/// expressions of a schema (the search is over some 2,600 names).
pub fn check(
    schema: &Schema,
    table: &Table,
    site: &SqlSite,
    expr: &Expr,
    suggestions: &mut Suggestions,
    unknown_types: &HashSet<(String, String)>,
    declared_calls: &mut HashSet<String>,
) -> Vec<Diagnostic> {
    let mut walk = Walk {
        schema,
        table,
        site,
        found: Vec::new(),
        suggestions,
        unknown_types,
        declared_calls,
    };
    let ty = walk.expr(expr);
    let column = site.column.as_deref().and_then(|c| table.column(c));
    match site.what {
        "check" => walk.condition(expr, &ty, "CHECK"),
        "where" => walk.condition(expr, &ty, "WHERE"),
        "when" => walk.condition(expr, &ty, "WHEN"),
        "using" => walk.condition(expr, &ty, "USING"),
        "with_check" => walk.condition(expr, &ty, "WITH CHECK"),
        "default" | "generated" | "partition" if let Some(column) = column => {
            let column_ty = Ty::of_column(&column.ty);
            if let Expr::Value(value) = strip(expr)
                && let Some(why) = literal_problem(schema, &value.value, &column.ty)
            {
                walk.found.push(if site.what == "partition" {
                    catalog::literal_not_of_type(
                        &column.ty.to_string(),
                        &why,
                        "partition bound",
                        site.span,
                    )
                } else {
                    catalog::default_literal_mismatch(
                        &column.name,
                        &column.ty.to_string(),
                        &why,
                        site.span,
                    )
                });
            } else if typing::assignable(&ty, &column_ty) == Some(false) {
                let what = match site.what {
                    "default" => "default",
                    "partition" => "partition bound",
                    _ => "generation expression",
                };
                walk.found.push(catalog::expression_not_of_column_type(
                    &column.name,
                    &column_ty.to_string(),
                    what,
                    &ty.to_string(),
                    walk.located(expr.span()),
                ));
            }
        }
        _ => {}
    }
    walk.found
}

/// Why Postgres would refuse `value` as the default of a column of type `ty`, when it is
/// sure to: a literal it cannot read as the type, or one of a type with no cast to it.
pub(crate) fn literal_problem(schema: &Schema, value: &Value, ty: &ColumnType) -> Option<String> {
    use crate::ir::ScalarType as S;
    let ColumnType::Scalar(scalar) = ty else {
        // Enum defaults are checked when they resolve; an array's literal, by its braces and
        // (one-dimensional) its elements.
        return match (value, ty) {
            (Value::Number(..) | Value::Boolean(_), _) => {
                Some(format!("`{value}` is not an array or enum value"))
            }
            (Value::SingleQuotedString(text), ColumnType::Array(element)) => {
                array_literal_problem(text)
                    .or_else(|| array_elements_problem(schema, text, element))
            }
            // A quoted value with quotes in it (`'it''s'`) is not resolved as an enum value.
            (Value::SingleQuotedString(text), ColumnType::Enum(name)) => schema
                .enums
                .iter()
                .find(|e| &e.name == name)
                .filter(|e| !e.values.iter().any(|v| &v.name == text))
                .map(|_| format!("`{text}` is not a value of enum `{name}`")),
            _ => None,
        };
    };
    let text_like = matches!(scalar, S::Text | S::Varchar(_) | S::Char(_));
    match value {
        Value::Number(n, _) => {
            if scalar.is_integer() {
                return integer_problem(n, *scalar);
            }
            // `money` takes any number (through `numeric`), `oid` a whole one.
            let numeric =
                matches!(
                    scalar,
                    S::Real | S::DoublePrecision | S::Numeric(_) | S::Money
                ) || (*scalar == S::Oid && !n.contains(['.', 'e', 'E']) && !n.starts_with('-'));
            (!numeric && !text_like).then(|| format!("a number is not a `{scalar}`"))
        }
        Value::Boolean(b) => (!matches!(scalar, S::Boolean) && !text_like)
            .then(|| format!("`{b}` is a boolean, not a `{scalar}`")),
        Value::SingleQuotedString(text) => {
            let trimmed = text.trim();
            match scalar {
                // Postgres 15 reads a quoted integer as digits alone (no fraction, no
                // exponent, no `_` or hex, which came in 16).
                s if s.is_integer() && trimmed.contains(['.', 'e', 'E']) => {
                    Some(format!("'{text}' is not an integer"))
                }
                s if s.is_integer() => integer_problem(trimmed, *s),
                S::Real | S::DoublePrecision | S::Numeric(_) => {
                    let special = ["nan", "infinity", "+infinity", "-infinity", "inf", "-inf"];
                    (trimmed.parse::<f64>().is_err()
                        && !special.contains(&trimmed.to_lowercase().as_str()))
                    .then(|| format!("'{text}' is not a number"))
                }
                S::Boolean => {
                    let t = trimmed.to_lowercase();
                    let words = ["true", "false", "yes", "no", "on", "off", "1", "0"];
                    let ok = !t.is_empty() && words.iter().any(|w| w.starts_with(&t)) && t != "o";
                    (!ok).then(|| format!("'{text}' is not a boolean"))
                }
                S::Uuid => {
                    let inner = trimmed.trim_start_matches('{').trim_end_matches('}');
                    let digits: String = inner.chars().filter(|c| *c != '-').collect();
                    let ok = digits.len() == 32 && digits.chars().all(|c| c.is_ascii_hexdigit());
                    (!ok).then(|| format!("'{text}' is not a uuid"))
                }
                S::Json | S::Jsonb => serde_json::from_str::<serde_json::Value>(text)
                    .is_err()
                    .then(|| format!("'{text}' is not JSON")),
                S::Date => literals::problem(Temporal::Date, text),
                S::Time(_) => literals::problem(Temporal::Time, text),
                S::Timetz(_) => literals::problem(Temporal::Time, text).or_else(|| {
                    let t = trimmed.to_ascii_lowercase();
                    let zoned = t.contains(['+', '-']) || t.ends_with('z') || t == "allballs";
                    (!zoned).then(|| {
                        format!("'{text}' has no offset from UTC, so each server would read it in its own time zone: write one, e.g. '{trimmed}+00'")
                    })
                }),
                S::Timestamp(_) => literals::problem(Temporal::Timestamp, text),
                S::Timestamptz(_) => literals::problem(Temporal::Timestamptz, text),
                S::Interval => literals::problem(Temporal::Interval, text),
                // What Postgres is sure to refuse: other characters than its forms use, or
                // too few or many digits; its inputs take more spellings than these check.
                S::Macaddr | S::Macaddr8 => {
                    let seps = |c: char| matches!(c, ':' | '-' | '.');
                    let digits = trimmed.chars().filter(|c| !seps(*c)).count();
                    let hex = trimmed.chars().all(|c| c.is_ascii_hexdigit() || seps(c));
                    let counts: &[usize] = if *scalar == S::Macaddr { &[12] } else { &[12, 16] };
                    (!hex || !counts.contains(&digits))
                        .then(|| format!("'{text}' is not a MAC address"))
                }
                S::Money => (trimmed.is_empty()
                    || !trimmed.chars().any(|c| c.is_ascii_digit())
                    || !trimmed
                        .chars()
                        .all(|c| c.is_ascii_digit() || ".,-+$() ".contains(c)))
                .then(|| format!("'{text}' is not an amount of money")),
                S::Oid => (trimmed.is_empty()
                    || !trimmed.trim_start_matches(['-', '+']).bytes().all(|b| b.is_ascii_digit()))
                .then(|| format!("'{text}' is not an oid")),
                S::Bit(n) | S::Varbit(n) => {
                    let bits = text.chars().count();
                    if !text.chars().all(|c| c == '0' || c == '1') {
                        Some(format!("'{text}' is not a bit string: only 0 and 1"))
                    } else if matches!(scalar, S::Bit(_)) && bits != n.unwrap_or(1) as usize {
                        Some(format!("'{text}' has {bits} bits, and a `{scalar}` exactly {}", n.unwrap_or(1)))
                    } else if let (S::Varbit(_), Some(n)) = (scalar, n)
                        && bits > *n as usize
                    {
                        Some(format!("'{text}' has {bits} bits, more than a `{scalar}` holds"))
                    } else {
                        None
                    }
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// The whitespace Postgres's array reader skips (ASCII only: a no-break space is text).
fn array_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
}

/// Why `text` is not an array literal as Postgres 15 reads one: optional dimensions
/// `[1:2]=`, then `{…}` of elements (quoted with `"`, `\` escaping) or of sub-arrays of
/// equal lengths, at most six deep, and nothing after it.
fn array_literal_problem(text: &str) -> Option<String> {
    let bad = |why: &str| Some(format!("'{text}' is not an array literal: {why}"));
    let mut rest = text.trim_matches(array_space);
    if rest.starts_with('[') {
        match rest.find('=') {
            Some(at) => rest = rest[at + 1..].trim_start_matches(array_space),
            None => return bad("dimensions `[1:2]` are followed by `=`"),
        }
        // Explicit dimensions are Postgres's to compare with the value.
        return (!rest.starts_with('{')).then(|| {
            format!("'{text}' is not an array literal: it starts with `{{`, as in '{{a,b}}'")
        });
    }
    if !rest.starts_with('{') {
        return bad("it starts with `{`, as in '{a,b}'");
    }
    let chars: Vec<char> = rest.chars().collect();
    let mut at = 0;
    match read_array(&chars, &mut at, 1) {
        Err(why) => bad(why),
        Ok(_) if chars[at..].iter().all(|c| array_space(*c)) => None,
        Ok(_) => bad("text after its closing `}`"),
    }
}

/// Whether a cast between two known types calls only immutable functions in Postgres 15:
/// output as a string is not immutable for arrays, enums, dates, timestamps and intervals
/// (their text follows `DateStyle` and the like), input from a string is not for those and
/// times, and the conversions to and from `timestamptz` depend on the time zone. Unknown
/// types, and a literal cast (a constant), are taken as immutable.
fn cast_is_immutable(from: &Ty, to: &Ty) -> bool {
    if !from.is_known() || !to.is_known() || from == to || matches!(from, Ty::Literal | Ty::Null) {
        return true;
    }
    let text = |t: &Ty| matches!(t, Ty::Text(_));
    let styled = |t: &Ty| {
        matches!(
            t,
            Ty::Array(_) | Ty::Enum(_) | Ty::Date | Ty::Timestamp | Ty::Timestamptz | Ty::Interval
        )
    };
    let output = text(to) && styled(from);
    let input = text(from) && (styled(to) || *to == Ty::Time);
    let zone = matches!(
        (from, to),
        (Ty::Date | Ty::Timestamp, Ty::Timestamptz)
            | (Ty::Timestamptz, Ty::Date | Ty::Time | Ty::Timestamp)
    );
    !(output || input || zone)
}

/// A type's arguments out of Postgres's ranges in a cast or typed literal: numeric
/// precision 1 to 1000 and scale -1000 to 1000, string lengths 1 to 10485760.
fn typmod_problem(ty: &DataType) -> Option<(&'static str, String)> {
    use sqlparser::ast::{CharacterLength, ExactNumberInfo};
    match ty {
        DataType::Numeric(info) | DataType::Decimal(info) | DataType::Dec(info) => {
            let (precision, scale) = match info {
                ExactNumberInfo::None => return None,
                ExactNumberInfo::Precision(p) => (*p, 0),
                ExactNumberInfo::PrecisionAndScale(p, s) => (*p, *s),
            };
            if !(1..=1000).contains(&precision) {
                Some((
                    "numeric",
                    format!("precision {precision} is not between 1 and 1000"),
                ))
            } else if !(-1000..=1000).contains(&scale) {
                Some((
                    "numeric",
                    format!("scale {scale} is not between -1000 and 1000"),
                ))
            } else {
                None
            }
        }
        DataType::Varchar(Some(CharacterLength::IntegerLength { length, .. }))
        | DataType::CharacterVarying(Some(CharacterLength::IntegerLength { length, .. }))
        | DataType::CharVarying(Some(CharacterLength::IntegerLength { length, .. }))
        | DataType::Char(Some(CharacterLength::IntegerLength { length, .. }))
        | DataType::Character(Some(CharacterLength::IntegerLength { length, .. })) => {
            (!(1..=10_485_760).contains(length)).then(|| {
                (
                    "varchar",
                    format!("length {length} is not between 1 and 10485760"),
                )
            })
        }
        _ => None,
    }
}

/// What one level of an array literal holds: its length and, for sub-arrays, theirs.
#[derive(PartialEq)]
enum Shape {
    Elements(usize),
    Arrays(Vec<Shape>),
}

/// Reads `{…}` at `chars[*at]`, `depth` levels deep.
fn read_array(chars: &[char], at: &mut usize, depth: usize) -> Result<Shape, &'static str> {
    if depth > 6 {
        return Err("it has more than six dimensions, Postgres's limit");
    }
    *at += 1; // `{`
    let skip = |at: &mut usize| {
        while chars.get(*at).is_some_and(|c| array_space(*c)) {
            *at += 1;
        }
    };
    skip(at);
    if chars.get(*at) == Some(&'}') {
        // Only the whole array may be empty: `'{{}}'` and `'{{1},{}}'` are malformed.
        if depth > 1 {
            return Err("an inner array is empty");
        }
        *at += 1;
        return Ok(Shape::Elements(0));
    }
    let (mut elements, mut arrays) = (0usize, Vec::new());
    loop {
        skip(at);
        match chars.get(*at) {
            None => return Err("its `{` is not closed"),
            Some('{') => arrays.push(read_array(chars, at, depth + 1)?),
            Some('"') => {
                *at += 1;
                loop {
                    match chars.get(*at) {
                        None => return Err("a quoted element is not closed"),
                        Some('\\') => *at += 2,
                        Some('"') => break,
                        Some(_) => *at += 1,
                    }
                }
                *at += 1;
                elements += 1;
            }
            Some(_) => {
                let start = *at;
                while let Some(c) = chars.get(*at).filter(|c| !matches!(c, ',' | '}')) {
                    match c {
                        '{' | '"' => return Err("an unquoted element holds `{` or `\"`"),
                        '\\' => *at += 2,
                        _ => *at += 1,
                    }
                }
                if chars[start..(*at).min(chars.len())]
                    .iter()
                    .all(|c| array_space(*c))
                {
                    return Err("an element is empty (quote it: `\"\"`)");
                }
                elements += 1;
            }
        }
        if elements > 0 && !arrays.is_empty() {
            return Err("it mixes elements and sub-arrays at one level");
        }
        skip(at);
        match chars.get(*at) {
            Some(',') => *at += 1,
            Some('}') => {
                *at += 1;
                break;
            }
            None => return Err("its `{` is not closed"),
            Some(_) => return Err("elements are separated by `,`"),
        }
    }
    if arrays.is_empty() {
        return Ok(Shape::Elements(elements));
    }
    if arrays.windows(2).any(|w| w[0] != w[1]) {
        return Err("its sub-arrays differ in length");
    }
    Ok(Shape::Arrays(arrays))
}

/// Why an array literal's elements are not values of `element` (an enum's values, or the
/// literals of a scalar type), when the literal is one-dimensional and its elements can be
/// read for certain.
fn array_elements_problem(schema: &Schema, text: &str, element: &ColumnType) -> Option<String> {
    let elements = array_elements(text)?;
    for item in elements {
        let Some(item) = item else {
            continue;
        };
        let problem = match element {
            ColumnType::Enum(name) => schema
                .enums
                .iter()
                .find(|e| &e.name == name)
                .filter(|e| !e.values.iter().any(|v| v.name == item))
                .map(|_| format!("\"{item}\" is not a value of enum `{name}`")),
            ColumnType::Scalar(_) => {
                literal_problem(schema, &Value::SingleQuotedString(item.clone()), element)
            }
            ColumnType::Array(_) => None,
        };
        if let Some(why) = problem {
            return Some(format!("in '{text}': {why}"));
        }
    }
    None
}

/// The elements of a one-dimensional array literal `{a,"b c",NULL}` (`None` for a `NULL`),
/// or `None` when it is not one (nested braces, dimensions, a malformed one).
fn array_elements(text: &str) -> Option<Vec<Option<String>>> {
    let inner = text.trim().strip_prefix('{')?.strip_suffix('}')?;
    if inner.trim().is_empty() {
        return Some(Vec::new());
    }
    let mut elements = Vec::new();
    let mut chars = inner.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_ascii_whitespace()).is_some() {}
        let mut value = String::new();
        let quoted = chars.next_if_eq(&'"').is_some();
        if quoted {
            loop {
                match chars.next()? {
                    '\\' => value.push(chars.next()?),
                    '"' => break,
                    c => value.push(c),
                }
            }
            while chars.next_if(|c| c.is_ascii_whitespace()).is_some() {}
        } else {
            while let Some(c) = chars.next_if(|c| *c != ',') {
                match c {
                    '{' | '}' | '"' => return None,
                    '\\' => value.push(chars.next()?),
                    c => value.push(c),
                }
            }
            let trimmed = value.trim_end_matches(|c: char| c.is_ascii_whitespace());
            if trimmed.is_empty() {
                return None;
            }
            value.truncate(trimmed.len());
        }
        let null = !quoted && value.eq_ignore_ascii_case("null");
        elements.push((!null).then_some(value));
        match chars.next() {
            Some(',') => {}
            None => return Some(elements),
            Some(_) => return None,
        }
    }
}

/// Why `text` is not a value of the integer type `ty`.
fn integer_problem(text: &str, ty: crate::ir::ScalarType) -> Option<String> {
    use crate::ir::ScalarType as S;
    let (low, high) = match ty {
        S::Smallint => (i128::from(i16::MIN), i128::from(i16::MAX)),
        S::Integer => (i128::from(i32::MIN), i128::from(i32::MAX)),
        _ => (i128::from(i64::MIN), i128::from(i64::MAX)),
    };
    // A number with a fraction or exponent is rounded by Postgres's cast; only whole ones
    // are judged.
    if text.contains(['.', 'e', 'E']) {
        return text
            .parse::<f64>()
            .is_err()
            .then(|| format!("'{text}' is not a number"));
    }
    match text.parse::<i128>() {
        Ok(n) if n < low || n > high => Some(format!(
            "{text} is out of range for `{ty}`: every insert that takes the default would fail"
        )),
        Ok(_) => None,
        Err(_)
            if text
                .trim_start_matches(['-', '+'])
                .bytes()
                .all(|b| b.is_ascii_digit())
                && !text.is_empty() =>
        {
            Some(format!("{text} is out of range for `{ty}`"))
        }
        Err(_) => Some(format!("'{text}' is not an integer")),
    }
}

/// The known function closest to each unknown name met so far.
pub type Suggestions = HashMap<String, Option<&'static str>>;

struct Walk<'a> {
    schema: &'a Schema,
    table: &'a Table,
    site: &'a SqlSite,
    found: Vec<Diagnostic>,
    suggestions: &'a mut Suggestions,
    /// The (table, column) pairs whose type did not resolve (already reported): their type
    /// is not known here.
    unknown_types: &'a HashSet<(String, String)>,
    /// The functions of the schema's own that the expressions call.
    declared_calls: &'a mut HashSet<String>,
}

impl Walk<'_> {
    /// Where `ident` stands in the schema file (the whole expression if sqlparser has no
    /// location for it).
    fn span_of(&self, ident: &Ident) -> Span {
        let start = ident.span.start;
        let offset = crate::sqlexpr::offset_of(&self.site.text, start.line, start.column);
        match offset {
            Some(at) => {
                let len = ident.value.len() + if ident.quote_style.is_some() { 2 } else { 0 };
                let end = (at + len).min(self.site.text.len());
                let base = self.site.span.start as usize;
                Span::new(self.site.span.file, base + at, base + end)
            }
            None => self.site.span,
        }
    }

    /// Where sqlparser's span of a token stands in the schema file (the whole expression if
    /// it has none).
    fn located(&self, span: sqlparser::tokenizer::Span) -> Span {
        let text = &self.site.text;
        let at =
            |l: sqlparser::tokenizer::Location| crate::sqlexpr::offset_of(text, l.line, l.column);
        match (at(span.start), at(span.end).unwrap_or(text.len())) {
            (Some(start), end) if start < end => {
                let base = self.site.span.start as usize;
                Span::new(self.site.span.file, base + start, base + end)
            }
            _ => self.site.span,
        }
    }

    /// The column an identifier names, as Postgres folds an unquoted one.
    fn column(&self, ident: &Ident) -> Option<&crate::ir::Column> {
        self.table.column(&typing::fold(ident))
    }

    /// A column read by the expression, and its type.
    fn column_ref(&mut self, ident: &Ident, qualifier: Option<&Ident>) -> Ty {
        if self.site.what == "partition" {
            let name = &ident.value;
            self.found.push(catalog::bad_partitioning(
                format!("`{name}` in a partition bound is a column reference"),
                self.span_of(qualifier.unwrap_or(ident)),
                "not a value",
                &format!(
                    "a bound holds values: quote a text or enum value, `'{name}'`; `minvalue` and `maxvalue` bound a range"
                ),
            ));
            return Ty::Unknown;
        }
        if self.site.what == "default" {
            let call = functions().contains_key(ident.value.to_lowercase().as_str());
            self.found.push(catalog::column_in_default(
                &ident.value,
                call,
                self.span_of(ident),
            ));
            return Ty::Unknown;
        }
        if self.site.what == "when" {
            // A trigger's condition reads the row through `new` and `old` only.
            let row = qualifier.is_some_and(|q| {
                q.quote_style.is_none() && matches!(q.value.to_lowercase().as_str(), "new" | "old")
            });
            if !row {
                let span = self.span_of(qualifier.unwrap_or(ident));
                self.found.push(catalog::bad_trigger(
                    span,
                    "not a column of the row the trigger fires for",
                    &format!(
                        "a trigger's condition reads the row as `new.{0}` (as written) or \
                         `old.{0}` (as it was)",
                        ident.value
                    ),
                ));
                return Ty::Unknown;
            }
            let row = qualifier
                .map(|q| q.value.to_lowercase())
                .unwrap_or_default();
            if let Some((_, event)) = self.site.absent_rows.iter().find(|(r, _)| *r == row) {
                let span = self.span_of(qualifier.unwrap_or(ident));
                let hint = if row == "old" {
                    "an inserted row has no previous values: test `new` only, or give `insert` \
                     a trigger of its own"
                } else {
                    "a deleted row has no new values: test `old` only, or give `delete` a \
                     trigger of its own"
                };
                self.found.push(catalog::bad_trigger(
                    span,
                    &format!("a trigger on `{event}` has no `{row}` row"),
                    hint,
                ));
                return Ty::Unknown;
            }
        } else if let Some(q) = qualifier {
            let own = match q.quote_style {
                Some(_) => q.value == self.table.name,
                None => q.value.to_lowercase() == self.table.name,
            };
            if !own {
                self.found.push(catalog::other_table_in_expr(
                    &q.value,
                    &self.table.name,
                    self.site.what,
                    self.span_of(q),
                ));
                return Ty::Unknown;
            }
        }
        match self.column(ident) {
            Some(c) => {
                let unknown = self
                    .unknown_types
                    .contains(&(self.table.name.clone(), c.name.clone()));
                let ty = if unknown {
                    Ty::Unknown
                } else {
                    Ty::of_column(&c.ty)
                };
                if self.site.what == "generated" && c.generated.is_some() {
                    let name = c.name.clone();
                    self.found.push(catalog::generated_reads_generated(
                        &name,
                        self.span_of(ident),
                    ));
                }
                ty
            }
            None => {
                let names = self.table.columns.iter().map(|c| c.name.as_str());
                self.found.push(catalog::unknown_column_in_expr(
                    &ident.value,
                    &self.table.name,
                    self.site.what,
                    self.span_of(ident),
                    did_you_mean(&ident.value.to_lowercase(), names),
                ));
                Ty::Unknown
            }
        }
    }

    /// A condition (`argument_of` it, as Postgres names the place) must be boolean.
    fn condition(&mut self, expr: &Expr, ty: &Ty, argument_of: &str) {
        if ty.is_known() && *ty != Ty::Bool {
            let span = self.located(expr.span());
            self.found
                .push(catalog::not_boolean(argument_of, &ty.to_string(), span));
        } else if *ty == Ty::Literal
            && let Expr::Value(value) = strip(expr)
        {
            self.literal_as(value, &Ty::Bool);
        }
    }

    /// A bare literal that Postgres reads as `ty` (the other side of a comparison, a
    /// condition, an operand) and would refuse.
    fn literal_as(&mut self, literal: &sqlparser::ast::ValueWithSpan, ty: &Ty) {
        let Value::SingleQuotedString(text) = &literal.value else {
            return;
        };
        let Some(column_type) = ty.column_type() else {
            return;
        };
        let why = match &column_type {
            ColumnType::Enum(name) => self
                .schema
                .enums
                .iter()
                .find(|e| &e.name == name)
                .filter(|e| !e.values.iter().any(|v| &v.name == text))
                .map(|_| format!("'{text}' is not a value of enum `{name}`")),
            _ => literal_problem(self.schema, &literal.value, &column_type),
        };
        if let Some(why) = why {
            let span = self.located(literal.span);
            self.found.push(catalog::literal_not_of_type(
                &ty.to_string(),
                &why,
                self.site.what,
                span,
            ));
        }
    }

    /// An operand that is a bare literal, read as `ty`.
    fn operand_as(&mut self, operand: &Expr, ty: &Ty) {
        if let Expr::Value(value) = strip(operand) {
            self.literal_as(value, ty);
        }
    }

    /// The operator has no variant for the operands' types.
    fn no_operator(&mut self, whole: &Expr, operator: &str, left: &Ty, right: &Ty) {
        let span = self.located(whole.span());
        let name = |t: &Ty| match t {
            Ty::Literal | Ty::Null => "unknown".to_string(),
            t => t.to_string(),
        };
        self.found.push(catalog::operator_types(
            operator,
            &name(left),
            &name(right),
            span,
        ));
    }

    /// A call of a function that is not immutable, where Postgres takes only immutable ones:
    /// generated columns, index expressions and predicates (a check or a default may call
    /// any function).
    fn immutable_only(&mut self, function: &str, at: sqlparser::tokenizer::Span) {
        if matches!(self.site.what, "generated" | "index" | "where") && not_immutable(function) {
            let span = self.located(at);
            let function = format!("`{function}`");
            self.found
                .push(catalog::not_immutable(&function, self.site.what, span));
        }
    }

    /// An operator or cast that calls a function that is not immutable (where only immutable
    /// ones are allowed: see [`Walk::immutable_only`]).
    fn immutable_operation(&mut self, whole: &Expr, what: &str) {
        if matches!(self.site.what, "generated" | "index" | "where") {
            let span = self.located(whole.span());
            self.found.push(catalog::not_immutable_conversion(
                what,
                self.site.what,
                span,
            ));
        }
    }

    /// The word (lower-cased) that follows `expr` in the site's text, or `""`.
    fn next_word_after(&self, expr: &Expr) -> String {
        let end = expr.span().end;
        let Some(at) = crate::sqlexpr::offset_of(&self.site.text, end.line, end.column) else {
            return String::new();
        };
        // Past the parentheses around it (`(x) not null`), whose spans sqlparser leaves out.
        let rest = self
            .site
            .text
            .get(at..)
            .unwrap_or("")
            .trim_start_matches(|c: char| c.is_whitespace() || c == ')');
        rest.split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    }

    /// What sqlparser reads and Postgres's grammar does not, at `span` of the expression.
    fn grammar_at(&mut self, span: sqlparser::tokenizer::Span, message: &str) {
        let span = self.located(span);
        self.found
            .push(catalog::invalid_sql(self.site.what, message, span));
    }

    /// What sqlparser reads and Postgres's grammar does not; `true` if `found`.
    fn grammar(&mut self, found: bool, message: &str) -> bool {
        if found {
            self.found.push(catalog::invalid_sql(
                self.site.what,
                message,
                self.site.span,
            ));
        }
        found
    }

    /// Postgres's grammar gives comparisons no associativity: `a < b < c` is a syntax error
    /// there, though sqlparser reads it as `(a < b) < c`.
    fn chained_comparison(&mut self, left: &Expr) -> bool {
        let chained = matches!(left, Expr::BinaryOp { op, .. } if is_comparison(op));
        self.grammar(
            chained,
            "a comparison of a comparison needs parentheses: `(a = b) = c`",
        )
    }

    /// Nor `is distinct from` before another `is`: `a is distinct from b is null` is one.
    fn after_distinct_from(&mut self, operand: &Expr) {
        let chained = matches!(
            operand,
            Expr::IsDistinctFrom(..) | Expr::IsNotDistinctFrom(..)
        );
        self.grammar(chained, "`is` after `is distinct from` needs parentheses");
    }

    /// Nor `between` and the `like`s: `a like b like c` is a syntax error there.
    fn chained_between_or_like(&mut self, left: &Expr) -> bool {
        let chained = matches!(
            left,
            Expr::Between { .. } | Expr::Like { .. } | Expr::ILike { .. } | Expr::SimilarTo { .. }
        );
        self.grammar(
            chained,
            "`between` and `like` need parentheses when one applies to another",
        )
    }

    /// Walks the expression, collecting its problems, and returns its type.
    #[recursive::recursive]
    fn expr(&mut self, expr: &Expr) -> Ty {
        match expr {
            Expr::Identifier(ident) => {
                // SQL's keyword functions (`current_timestamp`) parse as names too.
                let keyword = SYNTAX_FUNCTIONS.iter().find(|(f, low, _, _)| {
                    *low == 0 && ident.quote_style.is_none() && ident.value.eq_ignore_ascii_case(f)
                });
                match keyword {
                    Some((name, _, _, result)) => {
                        self.immutable_only(name, ident.span);
                        Ty::of_typname(result)
                    }
                    None => self.column_ref(ident, None),
                }
            }
            Expr::CompoundIdentifier(parts) => match parts.as_slice() {
                [table, column] => self.column_ref(column, Some(table)),
                [first, ..] => {
                    let span = self.span_of(first);
                    self.found.push(catalog::other_table_in_expr(
                        &first.value,
                        &self.table.name,
                        self.site.what,
                        span,
                    ));
                    Ty::Unknown
                }
                [] => Ty::Unknown,
            },
            Expr::Value(value) => match &value.value {
                // Postgres 15 reads no `_` in a number (16 does): `10_000` is an error.
                Value::Number(n, _) if n.contains('_') => {
                    let digits = n.replace('_', "");
                    self.grammar_at(
                        value.span,
                        &format!("Postgres 15 takes no `_` in a number: write `{digits}`"),
                    );
                    Ty::Unknown
                }
                Value::Number(n, _) => Ty::of_number(n),
                Value::Boolean(_) => Ty::Bool,
                Value::Null => Ty::Null,
                Value::SingleQuotedString(_)
                | Value::EscapedStringLiteral(_)
                | Value::DollarQuotedString(_) => Ty::Literal,
                // `$1`, `:name`, `?`: a statement's parameters, which DDL has none of.
                Value::Placeholder(p) => {
                    let span = self.located(value.span);
                    self.found.push(catalog::invalid_sql(
                        self.site.what,
                        &format!("`{p}` is a query parameter; a schema's SQL has no parameters"),
                        span,
                    ));
                    Ty::Unknown
                }
                _ => Ty::Unknown,
            },
            Expr::Function(f) => self.function(f),
            Expr::Subquery(_) => {
                self.subquery();
                Ty::Unknown
            }
            Expr::Exists { .. } => {
                self.subquery();
                Ty::Bool
            }
            Expr::In {
                expr: left, target, ..
            } => {
                let chained = self.chained_between_or_like(left);
                let left_ty = if chained {
                    self.expr(left);
                    Ty::Unknown
                } else {
                    self.expr(left)
                };
                match target {
                    InTarget::List(list) => {
                        let types: Vec<Ty> = list.iter().map(|item| self.expr(item)).collect();
                        // The list and its left side are read as one type: an untyped left
                        // side takes the first typed item's.
                        let common = match &left_ty {
                            Ty::Literal | Ty::Null => types
                                .iter()
                                .find(|t| !matches!(t, Ty::Literal | Ty::Null))
                                .cloned()
                                .unwrap_or(Ty::Unknown),
                            t => t.clone(),
                        };
                        for (item, item_ty) in list.iter().zip(&types) {
                            self.enum_literal(left, item);
                            self.compare(expr, "=", (left, &common), (item, item_ty));
                        }
                    }
                    InTarget::Subquery(_) => self.subquery(),
                    _ => {}
                }
                Ty::Bool
            }
            Expr::BinaryOp { left, op, right } => {
                let chained = is_comparison(op) && self.chained_comparison(left);
                let l = self.expr(left);
                let r = self.expr(right);
                // Any run of `+-*/<>=~!@#%^&|`?` is an operator's name to Postgres's
                // grammar; one it does not have fails when the schema is applied.
                if let BinaryOperator::Custom(name) = op
                    && !known_operator(name)
                {
                    self.found.push(catalog::unknown_operator(
                        name,
                        self.site.what,
                        self.site.span,
                    ));
                }
                // `a <>-'x'` is `a <> -'x'` to Postgres's lexer: the split-off prefix
                // operator applies to the right operand.
                if let BinaryOperator::Custom(name) = op
                    && known_operator(name)
                    && !operators().contains_key(name.as_str())
                    && let Some(prefix) = name.chars().last().filter(|c| matches!(c, '+' | '-'))
                {
                    let minus = prefix == '-';
                    let takes = match &r {
                        t if t.is_number() => true,
                        Ty::Interval | Ty::Time => minus,
                        Ty::Literal | Ty::Null => !minus,
                        t => !t.is_known(),
                    };
                    if !takes {
                        let operand = match &r {
                            Ty::Literal | Ty::Null => "unknown".to_string(),
                            t => t.to_string(),
                        };
                        let span = self.located(right.span());
                        self.found.push(catalog::operator_types(
                            &prefix.to_string(),
                            "",
                            &operand,
                            span,
                        ));
                    }
                }
                let arith = match op {
                    BinaryOperator::Plus => Some(Arith::Plus),
                    BinaryOperator::Minus => Some(Arith::Minus),
                    BinaryOperator::Multiply => Some(Arith::Times),
                    BinaryOperator::Divide => Some(Arith::Divide),
                    BinaryOperator::Modulo => Some(Arith::Modulo),
                    _ => None,
                };
                match op {
                    BinaryOperator::And | BinaryOperator::Or => {
                        let name = if *op == BinaryOperator::And {
                            "AND"
                        } else {
                            "OR"
                        };
                        self.condition(left, &l, name);
                        self.condition(right, &r, name);
                        Ty::Bool
                    }
                    // Not typed: it does not parse as Postgres reads it.
                    op if chained && is_comparison(op) => Ty::Unknown,
                    op if is_comparison(op) => {
                        self.enum_literal(left, right);
                        self.enum_literal(right, left);
                        self.compare(expr, &op.to_string(), (left, &l), (right, &r));
                        Ty::Bool
                    }
                    BinaryOperator::StringConcat => {
                        // `text || x` converts `x` to text as a cast would (Postgres inlines
                        // the function that does it), a bare string being `text` beside it.
                        let text = |t: &Ty| matches!(t, Ty::Text(_) | Ty::Literal);
                        let converted = match (&l, &r) {
                            (a, b) if text(a) && !matches!(b, Ty::Array(_)) => Some(b),
                            (a, b) if text(b) && !matches!(a, Ty::Array(_)) => Some(a),
                            _ => None,
                        };
                        if let Some(other) = converted
                            && !cast_is_immutable(other, &Ty::Text(typing::Str::Text))
                        {
                            let name = |t: &Ty| match t {
                                Ty::Literal => "text".to_string(),
                                t => t.to_string(),
                            };
                            let (a, b) = (name(&l), name(&r));
                            self.immutable_operation(expr, &format!("`{a} || {b}`"));
                        }
                        let operation = typing::concat(&l, &r);
                        self.operation(expr, "||", (left, &l), (right, &r), operation)
                    }
                    _ => match arith {
                        Some(a) => {
                            let moment = matches!(
                                (a, &l, &r),
                                (Arith::Plus, Ty::Timestamptz, Ty::Interval)
                                    | (Arith::Plus, Ty::Interval, Ty::Timestamptz)
                                    | (Arith::Minus, Ty::Timestamptz, Ty::Interval)
                            );
                            if moment {
                                let what = format!("`{l} {} {r}`", a.symbol());
                                self.immutable_operation(expr, &what);
                            }
                            let operation = typing::arithmetic(&l, a, &r);
                            self.operation(expr, a.symbol(), (left, &l), (right, &r), operation)
                        }
                        None => self.operand_types(expr, op, (left, &l), (right, &r)),
                    },
                }
            }
            Expr::IsDistinctFrom(a, b) | Expr::IsNotDistinctFrom(a, b) => {
                self.after_distinct_from(a);
                let ta = self.expr(a);
                let tb = self.expr(b);
                self.enum_literal(a, b);
                self.enum_literal(b, a);
                self.compare(expr, "IS DISTINCT FROM", (a, &ta), (b, &tb));
                Ty::Bool
            }
            Expr::Between {
                expr: inner,
                low,
                high,
                ..
            } => {
                let chained = self.chained_between_or_like(inner);
                let t = self.expr(inner);
                for bound in [low, high] {
                    let tb = self.expr(bound);
                    if !chained {
                        self.compare(expr, ">=", (inner, &t), (bound, &tb));
                    }
                }
                Ty::Bool
            }
            Expr::Like {
                expr: inner,
                pattern,
                ..
            }
            | Expr::ILike {
                expr: inner,
                pattern,
                ..
            }
            | Expr::SimilarTo {
                expr: inner,
                pattern,
                ..
            } => {
                let chained = self.chained_between_or_like(inner);
                let t = self.expr(inner);
                let tp = self.expr(pattern);
                if chained {
                    return Ty::Bool;
                }
                let matchable = |t: &Ty| matches!(t, Ty::Text(_) | Ty::Bytea);
                let mixed = matches!(
                    (&t, &tp),
                    (Ty::Text(_), Ty::Bytea) | (Ty::Bytea, Ty::Text(_))
                );
                if (t.is_known() && !matchable(&t)) || (tp.is_known() && !matchable(&tp)) || mixed {
                    let name = match expr {
                        Expr::ILike { .. } => "~~*",
                        Expr::SimilarTo { .. } => "SIMILAR TO",
                        _ => "~~",
                    };
                    self.no_operator(expr, name, &t, &tp);
                }
                Ty::Bool
            }
            Expr::AnyOp { left, right, .. } | Expr::AllOp { left, right, .. } => {
                self.expr(left);
                self.expr(right);
                Ty::Bool
            }
            Expr::Cast {
                expr: inner,
                data_type,
                ..
            } => {
                self.data_type(data_type);
                if let Expr::Value(value) = strip(inner) {
                    self.typed_literal(value, data_type);
                }
                // `(a, b)::bigint`: a row casts to text (its output) and to no other type
                // the language has.
                let target = self.type_of(data_type);
                if matches!(strip(inner), Expr::Tuple(_)) && target.is_known() {
                    if matches!(target, Ty::Text(_)) {
                        // A row's text is its columns' (any type's) output: not immutable.
                        self.immutable_operation(expr, "the cast of a row to text");
                    } else {
                        self.grammar_at(
                            inner.span(),
                            "`(a, b)` is a row, which Postgres casts to no such type",
                        );
                    }
                }
                let before = self.found.len();
                let from = self.expr(inner);
                let to = self.type_of(data_type);
                // One error for `now()::text`: the call's.
                let inner_mutable = self.found[before..].iter().any(|d| d.code == "E0271");
                if !inner_mutable && !cast_is_immutable(&from, &to) {
                    self.immutable_operation(expr, &format!("the cast of a {from} to {to}"));
                }
                to
            }
            Expr::TypedString(typed) => {
                // Postgres takes only a string after a type name (`date '2024-01-01'`);
                // sqlparser also reads `int 1`, `numeric(10, 2) 1`, `table 0`.
                if !matches!(
                    typed.value.value,
                    Value::SingleQuotedString(_)
                        | Value::EscapedStringLiteral(_)
                        | Value::DollarQuotedString(_)
                ) {
                    self.found.push(catalog::invalid_sql(
                        self.site.what,
                        "a type name is followed by a string (`date '2024-01-01'`) or is a cast (`x::int`)",
                        self.located(typed.value.span),
                    ));
                    return Ty::Unknown;
                }
                self.data_type(&typed.data_type);
                self.typed_literal(&typed.value, &typed.data_type);
                self.type_of(&typed.data_type)
            }
            Expr::Interval(interval) => {
                // Postgres takes `interval '30 days'` (and `interval '30' day`), never a
                // number or an expression after `interval`; sqlparser reads MySQL's
                // `interval 30 day` too.
                if !matches!(
                    strip(&interval.value),
                    Expr::Value(v) if matches!(
                        v.value,
                        Value::SingleQuotedString(_)
                            | Value::EscapedStringLiteral(_)
                            | Value::DollarQuotedString(_)
                    )
                ) {
                    self.grammar_at(
                        interval.value.span(),
                        "`interval` is followed by a string: `interval '30 days'`",
                    );
                    return Ty::Interval;
                }
                if interval.leading_field.is_none()
                    && interval.last_field.is_none()
                    && let Expr::Value(value) = strip(&interval.value)
                {
                    let ty = DataType::Interval {
                        fields: None,
                        precision: None,
                    };
                    self.typed_literal(value, &ty);
                }
                Ty::Interval
            }
            Expr::UnaryOp { op, expr: inner } => {
                let t = self.expr(inner);
                match op {
                    UnaryOperator::Not => {
                        self.condition(inner, &t, "NOT");
                        Ty::Bool
                    }
                    UnaryOperator::Minus | UnaryOperator::Plus => {
                        let minus = *op == UnaryOperator::Minus;
                        let name = if minus { "-" } else { "+" };
                        // Only numbers take a prefix `+`; `-` takes intervals too (and
                        // times, which cast to intervals); a bare `-'1'` is ambiguous and
                        // a bare `+'1'` is a `double precision`.
                        let exists = match &t {
                            t if t.is_number() => Some(t.clone()),
                            Ty::Interval | Ty::Time if minus => Some(Ty::Interval),
                            Ty::Literal | Ty::Null if minus => None,
                            Ty::Literal | Ty::Null => {
                                self.operand_as(inner, &Ty::Float(8));
                                Some(Ty::Float(8))
                            }
                            t if t.is_known() => None,
                            _ => Some(Ty::Unknown),
                        };
                        match exists {
                            Some(result) => result,
                            None => {
                                let span = self.located(expr.span());
                                let operand = match &t {
                                    Ty::Literal | Ty::Null => "unknown".to_string(),
                                    t => t.to_string(),
                                };
                                self.found
                                    .push(catalog::operator_types(name, "", &operand, span));
                                Ty::Unknown
                            }
                        }
                    }
                    _ => Ty::Unknown,
                }
            }
            Expr::Nested(inner) | Expr::Collate { expr: inner, .. } => self.expr(inner),
            Expr::IsNull(inner)
            | Expr::IsNotNull(inner)
            | Expr::IsUnknown(inner)
            | Expr::IsNotUnknown(inner) => {
                self.after_distinct_from(inner);
                // sqlparser reads SQLite's `x not null` too; Postgres has `x is not null`
                // and `x notnull`.
                if matches!(expr, Expr::IsNotNull(_)) && self.next_word_after(inner) == "not" {
                    self.grammar_at(expr.span(), "`not null` is written `is not null` here");
                }
                self.expr(inner);
                Ty::Bool
            }
            Expr::IsTrue(inner)
            | Expr::IsNotTrue(inner)
            | Expr::IsFalse(inner)
            | Expr::IsNotFalse(inner) => {
                self.after_distinct_from(inner);
                let t = self.expr(inner);
                let name = match expr {
                    Expr::IsTrue(_) => "IS TRUE",
                    Expr::IsNotTrue(_) => "IS NOT TRUE",
                    Expr::IsFalse(_) => "IS FALSE",
                    _ => "IS NOT FALSE",
                };
                self.condition(inner, &t, name);
                Ty::Bool
            }
            Expr::AtTimeZone {
                timestamp,
                time_zone,
            } => {
                self.expr(timestamp);
                self.expr(time_zone);
                Ty::Unknown
            }
            Expr::Case {
                operand,
                conditions,
                else_result,
                ..
            } => {
                let operand_ty = operand.as_ref().map(|o| (o, self.expr(o)));
                for when in conditions {
                    let t = self.expr(&when.condition);
                    match &operand_ty {
                        Some((o, ot)) => {
                            self.compare(expr, "=", (o, ot), (&when.condition, &t));
                        }
                        None => self.condition(&when.condition, &t, "CASE/WHEN"),
                    }
                    self.expr(&when.result);
                }
                if let Some(e) = else_result {
                    self.expr(e);
                }
                Ty::Unknown
            }
            Expr::Tuple(items) => {
                for item in items {
                    self.expr(item);
                }
                Ty::Unknown
            }
            Expr::Array(array) => {
                // `['a']` without `array` is DuckDB's; Postgres writes `array['a']`.
                if !array.named {
                    self.grammar_at(
                        expr.span(),
                        "an array is written `array['a', 'b']` or `'{a,b}'`",
                    );
                }
                for item in &array.elem {
                    self.expr(item);
                }
                Ty::Unknown
            }
            // Not typed, but the columns they read are checked.
            Expr::CompoundFieldAccess { root, access_chain } => {
                let root_ty = self.expr(root);
                let subscripted = access_chain
                    .iter()
                    .any(|a| matches!(a, AccessExpr::Subscript(_)));
                if subscripted && matches!(**root, Expr::Value(_)) {
                    self.grammar_at(
                        root.span(),
                        "a constant is subscripted only in parentheses: `('{a,b}'::text[])[1]`",
                    );
                } else if subscripted
                    && root_ty.is_known()
                    && !matches!(root_ty, Ty::Array(_) | Ty::Jsonb | Ty::Literal | Ty::Null)
                {
                    self.grammar_at(
                        root.span(),
                        &format!("{root_ty} cannot be subscripted: only arrays and jsonb can"),
                    );
                }
                for access in access_chain {
                    match access {
                        AccessExpr::Subscript(Subscript::Index { index }) => {
                            self.expr(index);
                        }
                        AccessExpr::Subscript(Subscript::Slice {
                            lower_bound,
                            upper_bound,
                            stride,
                        }) => {
                            for bound in [lower_bound, upper_bound, stride].into_iter().flatten() {
                                self.expr(bound);
                            }
                        }
                        // A field name of a composite, not a column.
                        AccessExpr::Dot(Expr::Identifier(_)) => {}
                        // `x.:text`, `x.1`: no such syntax in Postgres.
                        AccessExpr::Dot(other) => self.grammar_at(
                            other.span(),
                            "after `.` Postgres takes a field name (a cast is `x::text`)",
                        ),
                    }
                }
                Ty::Unknown
            }
            // Snowflake's `v:field`, which Postgres does not have.
            Expr::JsonAccess { value: inner, .. } => {
                self.grammar_at(
                    expr.span(),
                    "`:` is not an operator in Postgres: a cast is `x::text`, a JSON field `x->'field'`",
                );
                self.expr(inner);
                Ty::Unknown
            }
            Expr::Prefixed { value: inner, .. }
            | Expr::Extract { expr: inner, .. }
            | Expr::Ceil { expr: inner, .. }
            | Expr::Floor { expr: inner, .. }
            | Expr::IsNormalized { expr: inner, .. } => {
                self.expr(inner);
                Ty::Unknown
            }
            Expr::Position { expr: a, r#in: b } => {
                self.expr(a);
                self.expr(b);
                Ty::Unknown
            }
            Expr::Substring {
                expr: inner,
                substring_from,
                substring_for,
                ..
            } => {
                self.expr(inner);
                for part in [substring_from, substring_for].into_iter().flatten() {
                    self.expr(part);
                }
                Ty::Unknown
            }
            Expr::Trim {
                expr: inner,
                trim_what,
                trim_characters,
                ..
            } => {
                self.expr(inner);
                if let Some(what) = trim_what {
                    self.expr(what);
                }
                for c in trim_characters.iter().flatten() {
                    self.expr(c);
                }
                Ty::Unknown
            }
            Expr::Overlay {
                expr: inner,
                overlay_what,
                overlay_from,
                overlay_for,
            } => {
                for part in [inner, overlay_what, overlay_from] {
                    self.expr(part);
                }
                if let Some(part) = overlay_for {
                    self.expr(part);
                }
                Ty::Unknown
            }
            // Anything else is left to Postgres.
            _ => Ty::Unknown,
        }
    }

    /// A comparison of two operands: refused when their types have no comparison, and a bare
    /// literal on one side must read as the other side's type.
    fn compare(&mut self, whole: &Expr, operator: &str, left: (&Expr, &Ty), right: (&Expr, &Ty)) {
        // A `timestamptz` compared with a `date` or `timestamp` depends on the time zone.
        if matches!(
            (left.1, right.1),
            (Ty::Date | Ty::Timestamp, Ty::Timestamptz)
                | (Ty::Timestamptz, Ty::Date | Ty::Timestamp)
        ) {
            let what = format!("`{} {operator} {}`", left.1, right.1);
            self.immutable_operation(whole, &what);
        }
        match comparable(left.1, right.1) {
            Some(false) => self.no_operator(whole, operator, left.1, right.1),
            _ => {
                for (side, other) in [(left, right), (right, left)] {
                    // A string compared with an enum column is `enum_literal`'s.
                    let enum_column = matches!(other.1, Ty::Enum(_))
                        && matches!(strip(other.0), Expr::Identifier(_));
                    if *side.1 == Ty::Literal && !enum_column {
                        self.operand_as(side.0, other.1);
                    }
                }
            }
        }
    }

    /// The result of an operator: its problem if Postgres has no such operator, or the
    /// reading of a bare literal operand as the type the operator gives it.
    fn operation(
        &mut self,
        whole: &Expr,
        operator: &str,
        left: (&Expr, &Ty),
        right: (&Expr, &Ty),
        operation: Result<typing::Operation, ()>,
    ) -> Ty {
        match operation {
            Ok(operation) => {
                if let Some(ty) = &operation.literal_as {
                    for side in [left, right] {
                        if *side.1 == Ty::Literal {
                            self.operand_as(side.0, ty);
                        }
                    }
                }
                operation.result
            }
            Err(()) => {
                self.no_operator(whole, operator, left.1, right.1);
                Ty::Unknown
            }
        }
    }

    /// Any other operator (`?`, `@>`, `&`, `~`, …): refused when no variant of it takes the
    /// left operand's type on the left, or the right's on the right.
    fn operand_types(
        &mut self,
        whole: &Expr,
        op: &BinaryOperator,
        (left_expr, left): (&Expr, &Ty),
        (right_expr, right): (&Expr, &Ty),
    ) -> Ty {
        let name = match op {
            BinaryOperator::PGCustomBinaryOperator(_) => return Ty::Unknown,
            BinaryOperator::Custom(name) => name.clone(),
            other => other.to_string(),
        };
        let Some(&(lefts, rights, variants)) = operators().get(name.as_str()) else {
            return Ty::Unknown;
        };
        let takes =
            |list: &str, ty: &Ty| list == "-" || list.split(',').any(|t| typing::takes(t, ty));
        if !takes(lefts, left) || !takes(rights, right) {
            self.no_operator(whole, &name, left, right);
            return Ty::Unknown;
        }
        // Where every variant takes one type on a side, a bare string there is read as it
        // (`'x' ? 'a'` reads `'x'` as `jsonb`).
        for (operand, ty, list) in [(left_expr, left, lefts), (right_expr, right, rights)] {
            if *ty == Ty::Literal && !list.contains(',') && list != "-" {
                let only = Ty::of_typname(list);
                if only.is_known() {
                    self.operand_as(operand, &only);
                }
            }
        }
        // The variant for exactly the operands' types is the one Postgres takes.
        let (Some(l), Some(r)) = (left.typname(), right.typname()) else {
            return Ty::Unknown;
        };
        variants
            .split(',')
            .filter_map(|v| {
                let mut parts = v.split(':');
                Some((parts.next()?, parts.next()?, parts.next()?))
            })
            .find(|(vl, vr, _)| *vl == l && *vr == r)
            .map_or(Ty::Unknown, |(_, _, result)| Ty::of_typname(result))
    }

    /// The type a cast gives.
    fn type_of(&self, ty: &DataType) -> Ty {
        Ty::of_data_type(ty, |name| self.schema.enums.iter().any(|e| e.name == name))
    }

    /// A literal cast to a type (`'30 days'::interval`, `date '2024-02-29'`) that Postgres
    /// reads when the schema is applied and would refuse.
    fn typed_literal(&mut self, literal: &sqlparser::ast::ValueWithSpan, ty: &DataType) {
        let value = &literal.value;
        let scalar = match ty {
            DataType::Date => ScalarType::Date,
            DataType::Time(_, tz) if !matches!(tz, sqlparser::ast::TimezoneInfo::WithTimeZone) => {
                ScalarType::Time(None)
            }
            DataType::Timestamp(
                _,
                sqlparser::ast::TimezoneInfo::WithTimeZone | sqlparser::ast::TimezoneInfo::Tz,
            ) => ScalarType::Timestamptz(None),
            DataType::Timestamp(..) => ScalarType::Timestamp(None),
            DataType::Interval { fields: None, .. } => ScalarType::Interval,
            DataType::Uuid => ScalarType::Uuid,
            DataType::SmallInt(_) | DataType::Int2(_) => ScalarType::Smallint,
            DataType::Int(_) | DataType::Integer(_) | DataType::Int4(_) => ScalarType::Integer,
            DataType::BigInt(_) | DataType::Int8(_) => ScalarType::Bigint,
            DataType::Bool | DataType::Boolean => ScalarType::Boolean,
            DataType::JSON => ScalarType::Json,
            DataType::JSONB => ScalarType::Jsonb,
            _ => return,
        };
        if !matches!(value, Value::SingleQuotedString(_)) {
            return;
        }
        if let Some(why) = literal_problem(self.schema, value, &ColumnType::Scalar(scalar)) {
            let span = self.located(literal.span);
            self.found.push(catalog::literal_not_of_type(
                &ty.to_string().to_lowercase(),
                &why,
                self.site.what,
                span,
            ));
        }
    }

    /// A type that sqlparser does not know by name must be one of Postgres's or an enum of
    /// the schema (one qualified with a schema may be the user's own).
    fn data_type(&mut self, ty: &DataType) {
        // `int[][]…` nests without limit: unwrapped in a loop, not by recursion.
        let mut ty = ty;
        while let DataType::Array(
            sqlparser::ast::ArrayElemTypeDef::SquareBracket(inner, _)
            | sqlparser::ast::ArrayElemTypeDef::AngleBracket(inner),
        ) = ty
        {
            ty = inner;
        }
        // ClickHouse's and MySQL's `table` type, which sqlparser reads after a name.
        if matches!(ty, DataType::Table(_)) {
            let span = self.site.span;
            self.found.push(catalog::invalid_sql(
                self.site.what,
                "`table` is not a type in Postgres",
                span,
            ));
            return;
        }
        if let Some((name, why)) = typmod_problem(ty) {
            let span = self.site.span;
            self.found.push(catalog::bad_type_arguments(
                name,
                span,
                &why,
                if name == "numeric" {
                    "Postgres takes a precision of 1 to 1000 and a scale of -1000 to 1000: `numeric(12, 2)`"
                } else {
                    "Postgres takes a length of 1 to 10485760; `text` has none"
                },
            ));
            return;
        }
        let DataType::Custom(name, _) = ty else {
            return;
        };
        let Some((ident, _)) = typing::catalog_name(name) else {
            return;
        };
        let folded = typing::fold(ident);
        let known =
            types().contains(folded.as_str()) || self.schema.enums.iter().any(|e| e.name == folded);
        if !known {
            let enums = self.schema.enums.iter().map(|e| e.name.as_str());
            // SQL's names of the built-in types (sqlparser reads them, so they never get
            // here) are the likeliest to be mistyped.
            let sql_names = [
                "bigint",
                "integer",
                "smallint",
                "boolean",
                "decimal",
                "varchar",
                "timestamp",
                "timestamptz",
                "interval",
                "double precision",
                "character varying",
            ];
            let candidates = types().iter().copied().chain(sql_names).chain(enums);
            let suggestion = did_you_mean(&folded, candidates);
            self.found.push(catalog::unknown_type_in_expr(
                &ident.value,
                self.span_of(ident),
                suggestion,
            ));
        }
    }

    fn subquery(&mut self) {
        if !matches!(self.site.what, "on_update" | "using" | "with_check") {
            self.found
                .push(catalog::subquery_in_expr(self.site.what, self.site.span));
        }
    }

    fn function(&mut self, f: &sqlparser::ast::Function) -> Ty {
        let args: Vec<&Expr> = match &f.args {
            FunctionArguments::List(list) => list
                .args
                .iter()
                .filter_map(|a| match a {
                    FunctionArg::Unnamed(FunctionArgExpr::Expr(e))
                    | FunctionArg::Named {
                        arg: FunctionArgExpr::Expr(e),
                        ..
                    }
                    | FunctionArg::ExprNamed {
                        arg: FunctionArgExpr::Expr(e),
                        ..
                    } => Some(e),
                    _ => None,
                })
                .collect(),
            FunctionArguments::Subquery(_) => {
                self.subquery();
                Vec::new()
            }
            FunctionArguments::None => Vec::new(),
        };
        let arg_types: Vec<Ty> = args.iter().map(|arg| self.expr(arg)).collect();
        let positional = match &f.args {
            FunctionArguments::List(list) => {
                list.args
                    .iter()
                    .all(|a| matches!(a, FunctionArg::Unnamed(_)))
                    && list.duplicate_treatment.is_none()
            }
            _ => false,
        };
        // Postgres's grammar has no call of these keywords (type names, mostly): `numeric(…)`
        // and `int(…)` are syntax errors there, though `numeric` is in `pg_proc`.
        if let [sqlparser::ast::ObjectNamePart::Identifier(only)] = f.name.0.as_slice()
            && only.quote_style.is_none()
            && KEYWORDS_NOT_CALLED.contains(&only.value.to_ascii_lowercase().as_str())
        {
            let span = self.span_of(only);
            let message = format!(
                "`{}(…)` is not a call in Postgres: write a cast (`x::{}`) or a typed literal (`{} '…'`)",
                only.value, only.value, only.value
            );
            self.found
                .push(catalog::invalid_sql(self.site.what, &message, span));
            return Ty::Unknown;
        }
        // A function of another schema (`public.my_fn(…)`) may be the user's own.
        let Some((name, _)) = typing::catalog_name(&f.name) else {
            return Ty::Unknown;
        };
        let folded = typing::fold(name);
        // The schema's own function: Postgres checks the call against its signature.
        if let Some(own) = self.schema.functions.iter().find(|f| f.name == folded) {
            self.declared_calls.insert(own.name.clone());
            return Ty::Unknown;
        }
        self.immutable_only(&folded, name.span);
        if matches!(folded.as_str(), "nextval" | "currval" | "setval")
            && let Some(first) = args.first()
        {
            self.sequence_argument(first);
        }
        let count = match &f.args {
            FunctionArguments::List(list) => list.args.len(),
            _ => 0,
        };
        // The first argument's type, when every argument is a plain positional one.
        let positional_first = arg_types
            .first()
            .filter(|_| positional && args.len() == count);
        match functions().get(folded.as_str()) {
            Some(known) if count < known.low || count > known.high => {
                self.found.push(catalog::function_arity(
                    &folded,
                    count,
                    known.low,
                    known.high,
                    self.span_of(name),
                ));
                Ty::Unknown
            }
            Some(known)
                if known.first != "-"
                    && let Some(first) = positional_first
                    && !known.firsts().any(|(t, _)| typing::takes(t, first)) =>
            {
                let takes: Vec<&str> = known.firsts().map(|(t, _)| t).collect();
                self.found.push(catalog::function_argument(
                    &folded,
                    &first.to_string(),
                    count > 1,
                    &takes.join(","),
                    self.span_of(name),
                ));
                Ty::Unknown
            }
            // An aggregate's or window's result is not the function's own.
            Some(known) if f.over.is_none() && f.filter.is_none() => match positional_first {
                Some(first) => known.result_for(first),
                None => Ty::of_typname(known.result),
            },
            Some(_) => Ty::Unknown,
            None => {
                let suggestion = *self
                    .suggestions
                    .entry(folded.clone())
                    .or_insert_with(|| did_you_mean(&folded, functions().keys().copied()));
                self.found.push(catalog::unknown_function(
                    &name.value,
                    self.span_of(name),
                    suggestion,
                ));
                Ty::Unknown
            }
        }
    }

    /// `nextval('name')` (and `currval`, `setval`): Postgres reads the literal as a
    /// sequence's name when it creates the default or check, so the name must be one and
    /// name a sequence the DDL creates: declared, or an identity's or serial column's. A
    /// name qualified by a schema, or not a literal, is left to Postgres.
    fn sequence_argument(&mut self, arg: &Expr) {
        let literal = match strip(arg) {
            Expr::Cast { expr, .. } => strip(expr),
            other => other,
        };
        let Expr::Value(value) = literal else {
            return;
        };
        let Value::SingleQuotedString(text) = &value.value else {
            return;
        };
        let span = self.located(value.span);
        let name = match sequence_name(text) {
            Ok(Some(name)) => name,
            Ok(None) => return,
            Err(why) => {
                self.found
                    .push(catalog::bad_sequence_reference(text, &why, span, None));
                return;
            }
        };
        // The table's own identity and serial sequences, created with it; another table's
        // may not exist yet when this one is created, so the schema declares it instead.
        let own: Vec<String> = self
            .table
            .columns
            .iter()
            .filter(|c| c.identity.is_some() || c.is_serial())
            .map(|c| crate::ir::owned_sequence_name(&self.table.name, &c.name))
            .collect();
        let declared = self.schema.sequences.iter().any(|q| q.name == name);
        if !declared && !own.contains(&name) {
            let known = self
                .schema
                .sequences
                .iter()
                .map(|q| q.name.as_str())
                .chain(own.iter().map(String::as_str));
            let hint = did_you_mean(&name, known);
            let other_table = self
                .schema
                .owned_sequences()
                .any(|(t, _, owned)| t.name != self.table.name && owned == name);
            let why = match other_table {
                true => {
                    "another table's own sequence, which may not exist yet when this table is created: declare a `sequence` for both"
                }
                false => "no sequence of the schema has this name",
            };
            self.found
                .push(catalog::bad_sequence_reference(text, why, span, hint));
        }
    }

    /// `status = 'donee'` with `status` of an enum type: Postgres refuses the literal when
    /// the constraint is created.
    fn enum_literal(&mut self, column: &Expr, literal: &Expr) {
        let Expr::Identifier(ident) = strip(column) else {
            return;
        };
        let Expr::Value(value) = strip(literal) else {
            return;
        };
        let Value::SingleQuotedString(text) = &value.value else {
            return;
        };
        let Some(c) = self.column(ident) else {
            return;
        };
        let ColumnType::Enum(enum_name) = &c.ty else {
            return;
        };
        let Some(e) = self.schema.enums.iter().find(|e| &e.name == enum_name) else {
            return;
        };
        if !e.values.iter().any(|v| &v.name == text) {
            let at = value.span.start;
            let span = crate::sqlexpr::offset_of(&self.site.text, at.line, at.column).map_or(
                self.site.span,
                |o| {
                    let base = self.site.span.start as usize;
                    let end = (o + text.len() + 2).min(self.site.text.len());
                    Span::new(self.site.span.file, base + o, base + end)
                },
            );
            self.found.push(catalog::unknown_enum_default(
                text,
                enum_name,
                span,
                e.values.iter().map(|v| v.name.as_str()),
            ));
        }
    }
}

/// The sequence a `regclass` literal names, as Postgres reads it: a bare name folded to
/// lower case, a `"quoted"` one as written; `None` for a name qualified by a schema, which
/// may be outside the schema; an error for text that is no name.
fn sequence_name(text: &str) -> Result<Option<String>, String> {
    let text = text.trim();
    // A `.` outside quotes qualifies the name (or is inside a quoted one): Postgres decides.
    if text.contains('.') {
        return Ok(None);
    }
    if let Some(inner) = text.strip_prefix('"') {
        return match inner.strip_suffix('"') {
            Some(name) if !name.is_empty() && !name.replace("\"\"", "").contains('"') => {
                Ok(Some(name.replace("\"\"", "\"")))
            }
            _ => Err("not a name: a quoted name is one pair of double quotes".to_string()),
        };
    }
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    match text.chars().next() {
        // Postgres folds ASCII letters only.
        Some(c) if (c.is_alphabetic() || c == '_') && text.chars().all(word) => {
            Ok(Some(text.to_ascii_lowercase()))
        }
        _ => Err("not a name: Postgres refuses it (\"invalid name syntax\")".to_string()),
    }
}

/// `=`, `<>`, `<`, `<=`, `>` or `>=`.
fn is_comparison(op: &BinaryOperator) -> bool {
    matches!(
        op,
        BinaryOperator::Eq
            | BinaryOperator::NotEq
            | BinaryOperator::Lt
            | BinaryOperator::LtEq
            | BinaryOperator::Gt
            | BinaryOperator::GtEq
    )
}

/// `expr` without the parentheses around it.
pub(crate) fn strip(expr: &Expr) -> &Expr {
    match expr {
        Expr::Nested(inner) => strip(inner),
        other => other,
    }
}
