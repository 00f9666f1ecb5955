//! Diagnostics of the code-first front end: the attribute syntax and the Rust types. Codes
//! `E03xx`; problems the schema language shares come from the schema crate's catalog.

use schemaforge_schema::diagnostic::did_you_mean;
use schemaforge_schema::{Diagnostic, Span};

use super::symbol;

/// Where an attribute was written, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Struct,
    Field,
    Enum,
    Variant,
}

impl Place {
    fn what(self) -> &'static str {
        match self {
            Place::Struct => "a table struct",
            Place::Field => "a column field",
            Place::Enum => "a Postgres enum",
            Place::Variant => "an enum value",
        }
    }

    fn keys(self) -> &'static [&'static str] {
        match self {
            Place::Struct => symbol::TABLE_KEYS,
            Place::Field => symbol::COLUMN_KEYS,
            Place::Enum => symbol::ENUM_KEYS,
            Place::Variant => symbol::VARIANT_KEYS,
        }
    }
}

/// What people write from other libraries, and what to write here instead.
const ALIASES: &[(&str, &str)] = &[
    (
        "nullable",
        "a column is nullable when its field is an `Option<T>`",
    ),
    (
        "null",
        "a column is nullable when its field is an `Option<T>`",
    ),
    (
        "optional",
        "a column is nullable when its field is an `Option<T>`",
    ),
    (
        "not_null",
        "a column is NOT NULL unless its field is an `Option<T>`",
    ),
    ("rename", "write `name = \"…\"` for the SQL name"),
    ("column", "write `name = \"…\"` for the column's SQL name"),
    ("table", "write `name = \"…\"` for the table's SQL name"),
    (
        "table_name",
        "write `name = \"…\"` for the table's SQL name",
    ),
    (
        "type",
        "write `pg_type = \"…\"`, e.g. `pg_type = \"varchar(80)\"`",
    ),
    (
        "sql_type",
        "write `pg_type = \"…\"`, e.g. `pg_type = \"varchar(80)\"`",
    ),
    (
        "db_type",
        "write `pg_type = \"…\"`, e.g. `pg_type = \"varchar(80)\"`",
    ),
    ("pk", "write `primary_key`"),
    ("primary", "write `primary_key`"),
    ("id", "write `primary_key`"),
    (
        "serial",
        "write `identity` on an integer field, e.g. `id: i64`, or give it `pg_type = \"serial\"` (or `bigserial`)",
    ),
    (
        "autoincrement",
        "write `identity` on an integer field, e.g. `id: i64`",
    ),
    (
        "auto_increment",
        "write `identity` on an integer field, e.g. `id: i64`",
    ),
    ("fk", "write `references(table.column)`"),
    ("ref", "write `references(table.column)`"),
    (
        "foreign_key",
        "on a field, write `references(table.column)`; `foreign_key(…)` is for composite keys, on the struct",
    ),
    ("secret", "write `sensitive`"),
    ("skip", "every field of a table struct is a column"),
    (
        "index",
        "indexes are declared on the struct: `#[schemaforge(index(field))]`",
    ),
    ("tenant_column", "write `tenant = field` on the struct"),
    (
        "via",
        "write the tenant column as a field and `tenant = field` on the struct",
    ),
];

pub fn unknown_key(word: &str, place: Place, span: Span) -> Diagnostic {
    let d = Diagnostic::new(
        "E0301",
        format!("unknown schemaforge attribute `{word}` on {}", place.what()),
        span,
        "not a schemaforge attribute here",
    );
    let field_only = symbol::COLUMN_KEYS.contains(&word) && place == Place::Struct;
    let struct_only = symbol::TABLE_KEYS.contains(&word) && place == Place::Field;
    if field_only {
        return d.with_hint(format!("`{word}` belongs on a field"));
    }
    if struct_only {
        return d.with_hint(format!(
            "`{word}` belongs on the struct, in a `#[schemaforge(…)]` above `struct`"
        ));
    }
    if let Some((_, hint)) = ALIASES.iter().find(|(alias, _)| *alias == word) {
        return d.with_hint(*hint);
    }
    match did_you_mean(word, place.keys().iter().copied()) {
        Some(c) => d.with_hint(format!("did you mean `{c}`?")),
        None => d.with_hint(format!(
            "the attributes here are: {}",
            place.keys().join(", ")
        )),
    }
}

/// Attribute syntax that does not parse (syn's message).
pub fn bad_syntax(message: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0302",
        format!("invalid schemaforge attribute: {message}"),
        span,
        "here",
    )
    .with_hint("see docs/code-first.md for the attribute syntax")
}

pub fn repeated_key(word: &str, span: Span, first: Span) -> Diagnostic {
    Diagnostic::new(
        "E0303",
        format!("`{word}` is given twice"),
        span,
        "repeated here",
    )
    .with_secondary(first, "first given here")
    .with_hint("remove one of them")
}

pub fn unsupported_type(ty: &str, why: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0304",
        format!("`{ty}` has no Postgres column type"),
        span,
        "this field's type",
    )
    .with_hint(why.to_string())
}

pub fn type_does_not_fit(ty: &str, pg: &str, rust_for_pg: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0305",
        format!("`{ty}` does not fit the Postgres type `{pg}`"),
        span,
        format!("`{ty}` here"),
    )
    .with_hint(format!(
        "a `{pg}` column is `{rust_for_pg}` in Rust: change the field's type, or its `pg_type`"
    ))
}

pub fn bad_pg_type(text: &str, why: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0306",
        format!("invalid `pg_type = \"{text}\"`"),
        span,
        why.to_string(),
    )
    .with_hint("write a Postgres type as the schema language does, e.g. `varchar(80)`, `numeric(12, 2)`, `text[]` or an enum's name")
}

/// A typed id (or another named type) whose Postgres type the derive cannot know.
pub fn needs_pg_type(ty: &str, column: &str, target: Option<&str>, span: Span) -> Diagnostic {
    let hint = match target {
        Some(target) => format!(
            "a foreign key has the type of the key it references: add `pg_type = \"…\"` with the type of `{target}`, e.g. `pg_type = \"uuid\"`"
        ),
        None => "the table's id type wraps the key's Postgres type: add e.g. `pg_type = \"uuid\"`, `pg_type = \"text\"` or `pg_type = \"bigint\"`".to_string(),
    };
    Diagnostic::new(
        "E0307",
        format!("cannot tell the Postgres type of `{ty}` for the key column `{column}`"),
        span,
        "a key of a named type",
    )
    .with_hint(hint)
}

pub fn wrong_id_type(
    ty: &str,
    expected: &str,
    table: &str,
    column: &str,
    span: Span,
) -> Diagnostic {
    Diagnostic::new(
        "E0308",
        format!("the primary key `{column}` has the table's id type `{expected}`, not `{ty}`"),
        span,
        format!("expected `{expected}`"),
    )
    .with_hint(format!(
        "the derive defines `{expected}` for `{table}.{column}` (foreign keys to it have that type too): write `{column}: {expected}`"
    ))
}

pub fn mixed_time_crates(span: Span, other: Span) -> Diagnostic {
    Diagnostic::new(
        "E0309",
        "date and time fields mix `chrono` and `time` types",
        span,
        "a type of one crate",
    )
    .with_secondary(other, "a type of the other")
    .with_hint("a table uses one of them: `chrono` (`DateTime<Utc>`, `NaiveDate`, …) or `time` (`OffsetDateTime`, `Date`, …)")
}

pub fn not_a_struct(what: &str, derive: &str, span: Span) -> Diagnostic {
    let hint = if derive == symbol::TABLE_DERIVE {
        "`#[derive(Table)]` goes on a struct with named fields, one per column; a Postgres enum is `#[derive(PgEnum)]`"
    } else {
        "`#[derive(PgEnum)]` goes on an enum whose variants have no fields"
    };
    Diagnostic::new(
        "E0310",
        format!("`#[derive({derive})]` cannot be used on {what}"),
        span,
        format!("{what} here"),
    )
    .with_hint(hint)
}

pub fn tenant_via_on_a_derive(column: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0314",
        "`tenant_via` is not available on a derive",
        span,
        "a `tenant via` table stores its tenant column, which this struct would lack",
    )
    .with_hint(format!(
        "add the tenant column as a field (e.g. `organization_id: OrganizationId`, with `references(<root>.id, on_delete = cascade)`) and mark the struct `tenant = organization_id`: the key `{column}` then carries the tenant in Postgres"
    ))
}

pub fn tenant_without_reference(column: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0311",
        format!("tenant column `{column}` does not reference the tenant root"),
        span,
        "needs `references(…)` to the tenant root's key",
    )
    .with_hint(format!(
        "add `references(organizations.id, on_delete = cascade)` (the tenant root's table and key) to `{column}`"
    ))
}

/// Rewrites a schema-crate hint that shows schema-file syntax into attribute syntax.
pub fn attribute_hint(code: &str, hint: &str) -> String {
    match code {
        "E0221" => "mark a field `#[schemaforge(primary_key)]`, add `#[schemaforge(primary_key(a, b))]` to the struct, or opt out with `#[schemaforge(no_primary_key)]`".to_string(),
        "E0216" if !hint.starts_with("did you mean") => {
            "name a field of the struct, e.g. `organization_id: OrganizationId` with `#[schemaforge(references(organizations.id, on_delete = cascade))]`".to_string()
        }
        "E0208" if hint.starts_with("declare the column") => {
            "name a field of the struct (by its Rust name)".to_string()
        }
        "E0229" if hint.contains("remove the `?`") => {
            "primary key columns cannot be NULL: make the field's type non-optional".to_string()
        }
        _ => hint
            .replace("on_delete: ", "on_delete = ")
            .replace("remove the `?`", "make the field's type non-optional")
            .replace("(`?`)", "(an `Option<T>` field)")
            .replace("`tenant <column>`", "`tenant = <field>`")
            .replace("`tenant via <column>`", "`tenant_via = <field>`")
            .replace("write `tenant ", "write `tenant = ")
            .replace("instead of `tenant via ", "instead of `tenant_via = "),
    }
}
