//! What Postgres would refuse in a schema's SQL expressions, found before it does: calls of
//! functions Postgres 15 does not have (or with an argument count none of them takes),
//! names that are not columns of the table, a column read where no row exists (a default),
//! subqueries where Postgres allows none, and string literals compared with an enum column
//! that are not among its values. Each is located at the name in the schema file.
//!
//! Only what can be decided without types is refused: an expression this module cannot see
//! into is left to Postgres, never refused on a guess.

use std::collections::HashMap;
use std::sync::OnceLock;

use sqlparser::ast::{
    BinaryOperator, DataType, Expr, FunctionArg, FunctionArgExpr, FunctionArguments, Ident,
    InTarget, ObjectNamePart, Value,
};

use crate::catalog;
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::ir::{ColumnType, ScalarType, Schema, Table};
use crate::literals::{self, Temporal};
use crate::resolve::SqlSite;
use crate::span::Span;

/// Postgres 15's functions in `pg_catalog` (`prokind = 'f'`), with the least and most
/// arguments any of its variants takes (100, Postgres's limit, for a variadic one). Read
/// from a real server; `tests/postgres.rs` checks it against the one the tests start.
const FUNCTIONS: &str = include_str!("pg_functions.txt");

/// Postgres 15's type names in `pg_catalog`, as [`FUNCTIONS`] is read from a real server.
const TYPES: &str = include_str!("pg_types.txt");

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
    // Comments start with `# `: no operator holds a space.
    OPERATORS.lines().any(|l| !l.starts_with("# ") && l == name)
}

/// SQL's functions written as keywords, and the conditional expressions that look like calls
/// but are syntax: not in `pg_catalog`, always available, with their argument counts.
const SYNTAX_FUNCTIONS: &[(&str, usize, usize)] = &[
    ("coalesce", 1, 100),
    ("nullif", 2, 2),
    ("greatest", 1, 100),
    ("least", 1, 100),
    ("current_timestamp", 0, 1),
    ("current_time", 0, 1),
    ("localtimestamp", 0, 1),
    ("localtime", 0, 1),
    ("current_date", 0, 0),
    ("current_user", 0, 0),
    ("current_role", 0, 0),
    ("session_user", 0, 0),
    ("user", 0, 0),
    ("current_catalog", 0, 0),
    ("current_schema", 0, 0),
    ("system_user", 0, 0),
];

/// Every known type name.
fn types() -> &'static std::collections::HashSet<&'static str> {
    static TYPE_NAMES: OnceLock<std::collections::HashSet<&'static str>> = OnceLock::new();
    TYPE_NAMES.get_or_init(|| {
        TYPES
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .collect()
    })
}

/// The argument counts of every known function, by name.
fn functions() -> &'static HashMap<&'static str, (usize, usize)> {
    static FUNCTIONS_BY_NAME: OnceLock<HashMap<&'static str, (usize, usize)>> = OnceLock::new();
    FUNCTIONS_BY_NAME.get_or_init(|| {
        let mut map: HashMap<&'static str, (usize, usize)> = FUNCTIONS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut parts = l.split(' ');
                let name = parts.next()?;
                let low = parts.next()?.parse().ok()?;
                let high = parts.next()?.parse().ok()?;
                Some((name, (low, high)))
            })
            .collect();
        for &(name, low, high) in SYNTAX_FUNCTIONS {
            map.insert(name, (low, high));
        }
        map
    })
}

/// The problems of one expression that already parsed ([`crate::sqlexpr::check_expr`]).
pub fn check(schema: &Schema, table: &Table, site: &SqlSite, expr: &Expr) -> Vec<Diagnostic> {
    let mut walk = Walk {
        schema,
        table,
        site,
        found: Vec::new(),
    };
    walk.expr(expr);
    if site.what == "default"
        && let Some(column) = site.column.as_deref().and_then(|c| table.column(c))
        && let Expr::Value(value) = strip(expr)
        && let Some(why) = literal_problem(&value.value, &column.ty)
    {
        walk.found.push(catalog::default_literal_mismatch(
            &column.name,
            &column.ty.to_string(),
            &why,
            site.span,
        ));
    }
    walk.found
}

/// Why Postgres would refuse `value` as the default of a column of type `ty`, when it is
/// sure to: a literal it cannot read as the type, or one of a type with no cast to it.
fn literal_problem(value: &Value, ty: &ColumnType) -> Option<String> {
    use crate::ir::ScalarType as S;
    let ColumnType::Scalar(scalar) = ty else {
        // Enum defaults are checked when they resolve; of an array's literal, its braces
        // (its elements are Postgres's).
        return match (value, ty) {
            (Value::Number(..) | Value::Boolean(_), _) => {
                Some(format!("`{value}` is not an array or enum value"))
            }
            (Value::SingleQuotedString(text), ColumnType::Array(_)) => array_literal_problem(text),
            _ => None,
        };
    };
    let text_like = matches!(scalar, S::Text | S::Varchar(_) | S::Char(_));
    match value {
        Value::Number(n, _) => {
            if scalar.is_integer() {
                return integer_problem(n, *scalar);
            }
            let numeric = matches!(scalar, S::Real | S::DoublePrecision | S::Numeric(_));
            (!numeric && !text_like).then(|| format!("a number is not a `{scalar}`"))
        }
        Value::Boolean(b) => (!matches!(scalar, S::Boolean) && !text_like)
            .then(|| format!("`{b}` is a boolean, not a `{scalar}`")),
        Value::SingleQuotedString(text) => {
            let trimmed = text.trim();
            match scalar {
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
                S::Time => literals::problem(Temporal::Time, text),
                S::Timestamp => literals::problem(Temporal::Timestamp, text),
                S::Timestamptz => literals::problem(Temporal::Timestamptz, text),
                S::Interval => literals::problem(Temporal::Interval, text),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Why `text` is not an array literal: `{…}` with balanced braces (elements quoted with
/// `"`, `\` escaping), after optional dimensions `[1:2]=`, and nothing after it.
fn array_literal_problem(text: &str) -> Option<String> {
    let bad = |why: &str| Some(format!("'{text}' is not an array literal: {why}"));
    let mut rest = text.trim();
    if rest.starts_with('[') {
        match rest.find('=') {
            Some(at) => rest = rest[at + 1..].trim_start(),
            None => return bad("dimensions `[1:2]` are followed by `=`"),
        }
    }
    if !rest.starts_with('{') {
        return bad("it starts with `{`, as in '{a,b}'");
    }
    let (mut depth, mut quoted, mut escaped) = (0usize, false, false);
    for (at, c) in rest.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '{' if !quoted => depth += 1,
            '}' if !quoted => {
                depth -= 1;
                if depth == 0 {
                    return (!rest[at + 1..].trim().is_empty()).then(|| {
                        format!("'{text}' is not an array literal: text after its closing `}}`")
                    });
                }
            }
            _ => {}
        }
    }
    bad("its `{` is not closed")
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

struct Walk<'a> {
    schema: &'a Schema,
    table: &'a Table,
    site: &'a SqlSite,
    found: Vec<Diagnostic>,
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
        let name = match ident.quote_style {
            Some(_) => ident.value.clone(),
            None => ident.value.to_lowercase(),
        };
        self.table.column(&name)
    }

    fn column_ref(&mut self, ident: &Ident, qualifier: Option<&Ident>) {
        if self.site.what == "default" {
            let call = functions().contains_key(ident.value.to_lowercase().as_str());
            self.found.push(catalog::column_in_default(
                &ident.value,
                call,
                self.span_of(ident),
            ));
            return;
        }
        if let Some(q) = qualifier {
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
                return;
            }
        }
        match self.column(ident) {
            Some(c) => {
                if self.site.what == "generated" && c.generated.is_some() {
                    self.found.push(catalog::generated_reads_generated(
                        &c.name,
                        self.span_of(ident),
                    ));
                }
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
            }
        }
    }

    fn expr(&mut self, expr: &Expr) {
        match expr {
            Expr::Identifier(ident) => {
                // SQL's keyword functions (`current_timestamp`) parse as names too.
                let keyword = SYNTAX_FUNCTIONS.iter().any(|(f, low, _)| {
                    *low == 0 && ident.quote_style.is_none() && ident.value.eq_ignore_ascii_case(f)
                });
                if !keyword {
                    self.column_ref(ident, None);
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
                }
                [] => {}
            },
            Expr::Function(f) => {
                self.function(f);
            }
            Expr::Subquery(_) | Expr::Exists { .. } => self.subquery(),
            Expr::In { expr, target, .. } => {
                self.expr(expr);
                match target {
                    InTarget::List(list) => {
                        for item in list {
                            self.expr(item);
                            self.enum_literal(expr, item);
                        }
                    }
                    InTarget::Subquery(_) => self.subquery(),
                    _ => {}
                }
            }
            Expr::BinaryOp { left, op, right } => {
                self.expr(left);
                self.expr(right);
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
                if matches!(
                    op,
                    BinaryOperator::Eq
                        | BinaryOperator::NotEq
                        | BinaryOperator::Lt
                        | BinaryOperator::LtEq
                        | BinaryOperator::Gt
                        | BinaryOperator::GtEq
                ) {
                    self.enum_literal(left, right);
                    self.enum_literal(right, left);
                }
            }
            Expr::IsDistinctFrom(a, b) | Expr::IsNotDistinctFrom(a, b) => {
                self.expr(a);
                self.expr(b);
                self.enum_literal(a, b);
                self.enum_literal(b, a);
            }
            Expr::Between {
                expr, low, high, ..
            } => {
                // sqlparser reads `a between 1 and 2 between 3 and 4`; Postgres's grammar
                // does not.
                if matches!(**expr, Expr::Between { .. }) {
                    self.found.push(catalog::invalid_sql(
                        self.site.what,
                        "`between` after `between` needs parentheses",
                        self.site.span,
                    ));
                }
                for e in [expr, low, high] {
                    self.expr(e);
                }
            }
            Expr::Like { expr, pattern, .. }
            | Expr::ILike { expr, pattern, .. }
            | Expr::SimilarTo { expr, pattern, .. } => {
                self.expr(expr);
                self.expr(pattern);
            }
            Expr::AnyOp { left, right, .. } | Expr::AllOp { left, right, .. } => {
                self.expr(left);
                self.expr(right);
            }
            Expr::Cast {
                expr, data_type, ..
            } => {
                self.data_type(data_type);
                if let Expr::Value(value) = strip(expr) {
                    self.typed_literal(value, data_type);
                }
                self.expr(expr);
            }
            Expr::TypedString(typed) => {
                self.data_type(&typed.data_type);
                self.typed_literal(&typed.value, &typed.data_type);
            }
            Expr::Interval(interval)
                if interval.leading_field.is_none() && interval.last_field.is_none() =>
            {
                if let Expr::Value(value) = strip(&interval.value) {
                    let ty = DataType::Interval {
                        fields: None,
                        precision: None,
                    };
                    self.typed_literal(value, &ty);
                }
            }
            Expr::UnaryOp { expr, .. }
            | Expr::Nested(expr)
            | Expr::IsNull(expr)
            | Expr::IsNotNull(expr)
            | Expr::IsTrue(expr)
            | Expr::IsNotTrue(expr)
            | Expr::IsFalse(expr)
            | Expr::IsNotFalse(expr)
            | Expr::IsUnknown(expr)
            | Expr::IsNotUnknown(expr)
            | Expr::Collate { expr, .. } => self.expr(expr),
            Expr::AtTimeZone {
                timestamp,
                time_zone,
            } => {
                self.expr(timestamp);
                self.expr(time_zone);
            }
            Expr::Case {
                operand,
                conditions,
                else_result,
                ..
            } => {
                if let Some(operand) = operand {
                    self.expr(operand);
                }
                for when in conditions {
                    self.expr(&when.condition);
                    self.expr(&when.result);
                }
                if let Some(e) = else_result {
                    self.expr(e);
                }
            }
            Expr::Tuple(items) => {
                for item in items {
                    self.expr(item);
                }
            }
            Expr::Array(array) => {
                for item in &array.elem {
                    self.expr(item);
                }
            }
            // Anything else is left to Postgres.
            _ => {}
        }
    }

    /// A literal cast to a type (`'30 days'::interval`, `date '2024-02-29'`) that Postgres
    /// reads when the schema is applied and would refuse.
    fn typed_literal(&mut self, literal: &sqlparser::ast::ValueWithSpan, ty: &DataType) {
        let value = &literal.value;
        let scalar = match ty {
            DataType::Date => ScalarType::Date,
            DataType::Time(_, tz) if !matches!(tz, sqlparser::ast::TimezoneInfo::WithTimeZone) => {
                ScalarType::Time
            }
            DataType::Timestamp(
                _,
                sqlparser::ast::TimezoneInfo::WithTimeZone | sqlparser::ast::TimezoneInfo::Tz,
            ) => ScalarType::Timestamptz,
            DataType::Timestamp(..) => ScalarType::Timestamp,
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
        if let Some(why) = literal_problem(value, &ColumnType::Scalar(scalar)) {
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
        let DataType::Custom(name, _) = ty else {
            return;
        };
        let parts: Vec<&Ident> = name.0.iter().filter_map(ObjectNamePart::as_ident).collect();
        let ident = match parts.as_slice() {
            [one] => *one,
            [schema, one] if schema.value.eq_ignore_ascii_case("pg_catalog") => *one,
            _ => return,
        };
        let folded = match ident.quote_style {
            Some(_) => ident.value.clone(),
            None => ident.value.to_lowercase(),
        };
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
        if self.site.what != "on_update" {
            self.found
                .push(catalog::subquery_in_expr(self.site.what, self.site.span));
        }
    }

    fn function(&mut self, f: &sqlparser::ast::Function) {
        let parts: Vec<&Ident> = f
            .name
            .0
            .iter()
            .filter_map(ObjectNamePart::as_ident)
            .collect();
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
        for arg in &args {
            self.expr(arg);
        }
        // A function of another schema (`public.my_fn(…)`) may be the user's own.
        let name = match parts.as_slice() {
            [name] => *name,
            [schema, name] if schema.value.eq_ignore_ascii_case("pg_catalog") => *name,
            _ => return,
        };
        let folded = match name.quote_style {
            Some(_) => name.value.clone(),
            None => name.value.to_lowercase(),
        };
        let count = match &f.args {
            FunctionArguments::List(list) => list.args.len(),
            _ => 0,
        };
        match functions().get(folded.as_str()) {
            Some(&(low, high)) if count < low || count > high => {
                self.found.push(catalog::function_arity(
                    &folded,
                    count,
                    low,
                    high,
                    self.span_of(name),
                ));
            }
            Some(_) => {}
            None => {
                let suggestion = did_you_mean(&folded, functions().keys().copied());
                self.found.push(catalog::unknown_function(
                    &name.value,
                    self.span_of(name),
                    suggestion,
                ));
            }
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

/// `expr` without the parentheses around it.
fn strip(expr: &Expr) -> &Expr {
    match expr {
        Expr::Nested(inner) => strip(inner),
        other => other,
    }
}
