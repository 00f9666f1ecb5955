//! Quoting of identifiers and string literals, as Postgres reads them.

use std::borrow::Cow;

/// Postgres 15 keywords that cannot name a table or column unquoted: those marked
/// "reserved" and "reserved (can be function or type)" in the "SQL Key Words" appendix
/// (`pg_get_keywords()` categories `R` and `T`). Sorted, for binary search.
const RESERVED: &[&str] = &[
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "binary",
    "both",
    "case",
    "cast",
    "check",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "false",
    "fetch",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "group",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "intersect",
    "into",
    "is",
    "isnull",
    "join",
    "lateral",
    "leading",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "natural",
    "not",
    "notnull",
    "null",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "outer",
    "overlaps",
    "placing",
    "primary",
    "references",
    "returning",
    "right",
    "select",
    "session_user",
    "similar",
    "some",
    "symmetric",
    "table",
    "tablesample",
    "then",
    "to",
    "trailing",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
];

/// Postgres 15 keywords marked "non-reserved (cannot be function or type)" (category `C`).
/// They may name a table or column, but in a type position they mean the built-in type
/// or syntax (`int` is `integer`), so an enum with such a name must be quoted. Sorted.
const COLUMN_NAME_KEYWORDS: &[&str] = &[
    "between",
    "bigint",
    "bit",
    "boolean",
    "char",
    "character",
    "coalesce",
    "dec",
    "decimal",
    "exists",
    "extract",
    "float",
    "greatest",
    "grouping",
    "inout",
    "int",
    "integer",
    "interval",
    "least",
    "national",
    "nchar",
    "none",
    "normalize",
    "nullif",
    "numeric",
    "out",
    "overlay",
    "position",
    "precision",
    "real",
    "row",
    "setof",
    "smallint",
    "substring",
    "time",
    "timestamp",
    "treat",
    "trim",
    "values",
    "varchar",
    "xmlattributes",
    "xmlconcat",
    "xmlelement",
    "xmlexists",
    "xmlforest",
    "xmlnamespaces",
    "xmlparse",
    "xmlpi",
    "xmlroot",
    "xmlserialize",
    "xmltable",
];

/// Quotes an identifier (a table, column, constraint or index name) only where Postgres
/// needs it: when it is not a plain lower-case name (`^[a-z_][a-z0-9_]*$`) or when it is
/// a reserved keyword. A double quote inside is doubled.
///
/// ```
/// use schemaforge_generator::emit::sql::quote_ident;
///
/// assert_eq!(quote_ident("organizations"), "organizations");
/// assert_eq!(quote_ident("order"), "\"order\"");
/// assert_eq!(quote_ident("UserId"), "\"UserId\"");
/// assert_eq!(quote_ident("say \"hi\""), "\"say \"\"hi\"\"\"");
/// ```
pub fn quote_ident(name: &str) -> Cow<'_, str> {
    if is_plain(name) && RESERVED.binary_search(&name).is_err() {
        Cow::Borrowed(name)
    } else {
        Cow::Owned(force_quote(name))
    }
}

/// Quotes the name of a user-defined type (an enum) for a type position, such as a
/// column's type or `CREATE TYPE`. Like [`quote_ident`], and also quotes the keywords
/// that are allowed as column names but not as type names: unquoted, `int` would mean
/// `integer` rather than an enum called `int`.
///
/// ```
/// use schemaforge_generator::emit::sql::quote_type_name;
///
/// assert_eq!(quote_type_name("org_role"), "org_role");
/// assert_eq!(quote_type_name("int"), "\"int\"");
/// assert_eq!(quote_type_name("Status"), "\"Status\"");
/// ```
pub fn quote_type_name(name: &str) -> Cow<'_, str> {
    match quote_ident(name) {
        Cow::Borrowed(plain) if COLUMN_NAME_KEYWORDS.binary_search(&plain).is_ok() => {
            Cow::Owned(force_quote(plain))
        }
        quoted => quoted,
    }
}

/// A Postgres string literal holding `s`: single quotes doubled, everything else
/// (newlines, backslashes) kept as it is. This is the standard SQL form, which Postgres
/// reads as written under `standard_conforming_strings = on` (its default since 9.1), and
/// the form `pg_dump` writes.
///
/// ```
/// use schemaforge_generator::emit::sql::quote_literal;
///
/// assert_eq!(quote_literal("it's"), "'it''s'");
/// assert_eq!(quote_literal(r"C:\tmp"), r"'C:\tmp'");
/// ```
pub fn quote_literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn is_plain(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b == b'_')
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn force_quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyword_lists_are_sorted_for_binary_search() {
        assert!(RESERVED.windows(2).all(|w| w[0] < w[1]));
        assert!(COLUMN_NAME_KEYWORDS.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(
            RESERVED.len(),
            77 + 23,
            "Postgres 15 has 77 R and 23 T keywords"
        );
        assert_eq!(COLUMN_NAME_KEYWORDS.len(), 51);
    }

    #[test]
    fn plain_names_stay_bare() {
        for name in [
            "id",
            "_x",
            "user_id",
            "a1",
            "organization_members",
            "time",
            "name",
        ] {
            assert_eq!(quote_ident(name), name);
            assert!(matches!(quote_ident(name), Cow::Borrowed(_)));
        }
    }

    #[test]
    fn reserved_and_unusual_names_are_quoted() {
        for (name, quoted) in [
            ("user", "\"user\""),
            ("order", "\"order\""),
            ("select", "\"select\""),
            ("authorization", "\"authorization\""),
            ("left", "\"left\""),
            ("current_schema", "\"current_schema\""),
            ("Users", "\"Users\""),
            ("1st", "\"1st\""),
            ("with space", "\"with space\""),
            ("dash-ed", "\"dash-ed\""),
            ("café", "\"café\""),
            ("a\"b", "\"a\"\"b\""),
            ("", "\"\""),
        ] {
            assert_eq!(quote_ident(name), quoted, "{name}");
        }
    }

    #[test]
    fn type_names_also_quote_column_name_keywords() {
        assert_eq!(quote_ident("int"), "int");
        assert_eq!(quote_type_name("int"), "\"int\"");
        assert_eq!(quote_type_name("time"), "\"time\"");
        assert_eq!(quote_type_name("user"), "\"user\"");
        assert_eq!(quote_type_name("mood"), "mood");
    }

    #[test]
    fn literals_double_single_quotes_only() {
        assert_eq!(quote_literal(""), "''");
        assert_eq!(quote_literal("plain"), "'plain'");
        assert_eq!(quote_literal("it's 'quoted'"), "'it''s ''quoted'''");
        assert_eq!(quote_literal("two\nlines"), "'two\nlines'");
        assert_eq!(quote_literal("a\\b'c"), "'a\\b''c'");
    }
}
