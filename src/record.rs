//! What a generated table tells the runtime: its SQL names, how its rows find their tenant,
//! and how its insert and patch types become statement parameters.

use sqlx::FromRow;
use sqlx::postgres::PgRow;

use crate::derive::TenantWay;
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
    /// [`SqlNames::insert`], in that order.
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SqlNames {
    /// The table.
    pub table: &'static str,
    /// Every column, comma-separated: what `SELECT` and `RETURNING` list.
    pub columns: &'static str,
    /// The primary key's columns; empty without one.
    pub key: &'static [&'static str],
    /// The stable order of `list`, comma-separated: the primary key, or every sortable column.
    pub order: &'static str,
    /// The columns an insert names: all but the generated ones, in table order.
    pub insert: &'static [&'static str],
}

/// How the rows of a table find their tenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tenancy {
    /// The table belongs to no tenant.
    Shared,
    /// The tenant root: a row's primary key is its tenant.
    Root,
    /// Scoped by a column of its own (quoted).
    Column(&'static str),
    /// Scoped through foreign keys to a table that has a tenant column.
    Via {
        /// The foreign key column, as named in the schema (for errors).
        column: &'static str,
        /// The way from the table to its tenant column.
        way: TenantWay,
    },
}

/// The [`Record::Patch`] of a table with no column an update may change (every column is in
/// the key, the tenant column or generated): it has no value, so no update can be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoPatch {}
