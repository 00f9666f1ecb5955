//! What a generated table tells the runtime: its SQL names, how its rows find their tenant,
//! and how its insert and patch types become statement parameters.

use sqlx::FromRow;
use sqlx::postgres::PgRow;

use crate::sql::{Statement, Values};
use crate::table::Table;

/// A table whose helpers the runtime runs: implemented by every generated row type, with
/// constants and two small functions. The helpers themselves ([`Scoped`](crate::Scoped),
/// [`OwnRow`](crate::OwnRow), [`AllTenants`](crate::AllTenants), and the associated functions
/// of a shared table's row type) are written once, here, over this trait.
///
/// Not meant to be implemented by hand: the generator writes each impl from the schema, so
/// that its SQL names, tenancy and binders agree with the table's DDL.
pub trait Record: Table + for<'r> FromRow<'r, PgRow> + Send + Unpin + 'static {
    /// The insert type, e.g. `NewTask`.
    type Insert: Sync;
    /// The patch type, e.g. `TaskPatch`.
    type Patch: Sync;
    /// The tenant scope type whose helpers reach the table (e.g. `OrganizationScope`), or
    /// [`Shared`] for a table that belongs to no tenant.
    type Scope: ?Sized;
    /// The table's names as they stand in SQL.
    const SQL: SqlNames;
    /// How a row finds its tenant.
    const TENANCY: Tenancy;

    /// Writes one row's values, a parameter or `DEFAULT` per column of
    /// [`SqlNames::insert_columns`], in that order.
    fn values(new: &Self::Insert, values: &mut Values<'_>);

    /// Appends the assignments of the fields the patch sets (and of the columns written on
    /// every update that it leaves alone) to an `UPDATE … SET `.
    fn changes(patch: &Self::Patch, statement: &mut Statement);

    /// Whether the patch sets no field: an update with it writes nothing.
    fn unchanged(patch: &Self::Patch) -> bool;
}

/// A table whose primary key is one column, with its typed id: its helpers take `&Key`.
pub trait Keyed: Record {
    /// The typed id, e.g. `TaskId`.
    type Key: for<'q> sqlx::Encode<'q, sqlx::Postgres> + sqlx::Type<sqlx::Postgres> + Sync;
}

/// The [`Record::Scope`] of a table that belongs to no tenant: its helpers are associated
/// functions of its row type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shared {}

/// A table's names, quoted as Postgres needs them.
///
/// ```
/// use schemaforge::SqlNames;
///
/// const NOTES: SqlNames = SqlNames::new("notes", &["id", "body", "search"], &["id"])
///     .generated(&["search"]);
/// assert_eq!(NOTES.insert_columns().collect::<Vec<_>>(), ["id", "body"]);
/// assert_eq!(NOTES.order, ["id"]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SqlNames {
    /// The table.
    pub table: &'static str,
    /// Every column, in table order: what `SELECT` and `RETURNING` list.
    pub columns: &'static [&'static str],
    /// The primary key's columns; empty without one.
    pub key: &'static [&'static str],
    /// The stable order of `list`: the primary key, or (without one) every sortable column.
    pub order: &'static [&'static str],
    /// The generated columns, which an insert leaves out.
    pub generated: &'static [&'static str],
}

impl SqlNames {
    /// A table's names, listed in the order of its primary key, with no generated column.
    #[must_use]
    pub const fn new(
        table: &'static str,
        columns: &'static [&'static str],
        key: &'static [&'static str],
    ) -> SqlNames {
        SqlNames {
            table,
            columns,
            key,
            order: key,
            generated: &[],
        }
    }

    /// Lists in this order (a table without a primary key).
    #[must_use]
    pub const fn ordered_by(self, order: &'static [&'static str]) -> SqlNames {
        SqlNames { order, ..self }
    }

    /// These columns are generated: inserts leave them out.
    #[must_use]
    pub const fn generated(self, generated: &'static [&'static str]) -> SqlNames {
        SqlNames { generated, ..self }
    }

    /// The columns an insert names: all but the generated ones, in table order.
    pub fn insert_columns(&self) -> impl Iterator<Item = &'static str> + use<> {
        let generated = self.generated;
        self.columns
            .iter()
            .copied()
            .filter(move |c| !generated.contains(c))
    }
}

/// How the rows of a table find their tenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tenancy {
    /// The table belongs to no tenant.
    Shared,
    /// The tenant root: a row's primary key is its tenant.
    Root,
    /// Scoped by a column of its own (quoted). A `tenant via` table of the schema stores one
    /// too, and is scoped by it.
    Column(&'static str),
}

/// The [`Record::Patch`] of a table with no column an update may change (every column is in
/// the key, the tenant column or generated): it has no value, so no update can be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoPatch {}
