//! What `#[derive(Table)]` and `#[derive(PgEnum)]` tell each other through the compiler.
//!
//! A derive sees one item. A foreign key field's type is another table's id, a column's
//! type may be an enum derived elsewhere, and a tenant column must lead to the tenant root:
//! facts of other items. Each derive implements these traits for its own item, and checks
//! the items its fields name through them, so that a mistake is a compile error.

use crate::Table;

/// The typed id of a table's one-column primary key, e.g. `OrganizationId`: which table and
/// column it is the key of, and its Postgres type. `#[derive(Table)]` implements it.
///
/// ```
/// use schemaforge::{Table, TableId};
///
/// struct Note;
/// impl Table for Note {
///     const NAME: &'static str = "notes";
///     const COLUMNS: &'static [&'static str] = &["id"];
///     const PRIMARY_KEY: &'static [&'static str] = &["id"];
/// }
/// struct NoteId(i64);
/// impl TableId for NoteId {
///     type Table = Note;
///     const TABLE: &'static str = "notes";
///     const COLUMN: &'static str = "id";
///     const PG_TYPE: &'static str = "bigint";
/// }
/// assert_eq!(<NoteId as TableId>::Table::NAME, "notes");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not the id type of a table",
    label = "a foreign key field has the id type of the table it references",
    note = "`#[derive(Table)]` defines the id type of a table whose primary key is one column, e.g. `OrganizationId` for `struct Organization`"
)]
pub trait TableId {
    /// The row type of the table.
    type Table: Table;
    /// The table's Postgres name.
    const TABLE: &'static str;
    /// The primary key column.
    const COLUMN: &'static str;
    /// The key's Postgres type, e.g. `uuid`.
    const PG_TYPE: &'static str;
}

/// A Postgres enum's name and values. `#[derive(PgEnum)]` implements it.
///
/// ```
/// use schemaforge::PgEnum;
///
/// enum Mood { Happy, Sad }
/// impl PgEnum for Mood {
///     const NAME: &'static str = "mood";
///     const VALUES: &'static [&'static str] = &["happy", "sad"];
/// }
/// assert_eq!(Mood::VALUES.len(), 2);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a Postgres enum",
    label = "a column of a type schemaforge does not map is a Postgres enum",
    note = "add `#[derive(PgEnum)]` to the enum, or give the column `pg_type = \"…\"` with its Postgres type"
)]
pub trait PgEnum {
    /// The Postgres type name.
    const NAME: &'static str;
    /// The values, in order.
    const VALUES: &'static [&'static str];
}

/// The tenant root's row type (`#[schemaforge(tenant_root)]`).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not the tenant root",
    label = "`tenant = …` names a field that references the tenant root",
    note = "mark the tenant table `#[schemaforge(tenant_root)]`"
)]
pub trait TenantRoot: Table {}

/// Whether two strings are equal, in a constant.
#[doc(hidden)]
pub const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Whether `list` holds `value`, in a constant.
#[doc(hidden)]
pub const fn contains(list: &[&str], value: &str) -> bool {
    let mut i = 0;
    while i < list.len() {
        if str_eq(list[i], value) {
            return true;
        }
        i += 1;
    }
    false
}
