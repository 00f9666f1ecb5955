//! schemaforge: one schema file for Postgres and Rust.
//!
//! A `.forge` schema describes enums and tables; schemaforge turns it into Postgres DDL and
//! into Rust types for every table: a typed id ([`Id`]), a row, an insert and a patch type. This crate
//! is the runtime those generated types use, and the only dependency a crate that uses them
//! needs. The generator runs in a build script, through the `schemaforge-generator` crate:
//!
//! ```no_run
//! // build.rs
//! fn main() {
//!     schemaforge_generator::compile_schema("schema/");
//! }
//! ```
//!
//! ```ignore
//! // src/lib.rs
//! pub mod db {
//!     schemaforge::include_schema!();
//! }
//! ```
//!
//! Every table also gets query helpers on sqlx, and the tables of a tenant only through a
//! scope: `OrganizationScope::new(org_id).tasks().get(&pool, &task_id)` filters on the tenant,
//! and `Task` itself has no helper to forget it with. This crate holds what they share: the
//! [`Scope`] trait and [`begin`] (a transaction with the tenant set for Row-Level Security),
//! [`Page`], and their [`Error`].

#![warn(missing_docs)]
// The crate docs show a build script, whose `main` is the point of the example.
#![allow(clippy::needless_doctest_main)]

mod derive;
mod enums;
mod error;
mod handle;
mod id;
mod interval;
mod macros;
mod page;
mod pgtypes;
mod record;
#[doc(hidden)]
pub mod row_field;
mod rows;
mod scope;
mod sql;
mod table;
#[cfg(feature = "time")]
mod time_serde;

pub use derive::{PgEnum, TableId, TenantRoot};
pub use enums::ParseEnumError;
pub use error::Error;
pub use handle::{AllTenants, OwnRow, Scoped};
pub use id::Id;
pub use interval::Interval;
pub use page::Page;
pub use pgtypes::{Bits, MacAddr, MacAddr8, Money, ParseValueError, TimeTz, TsVector, Xml};
pub use record::{Keyed, NoPatch, Record, Shared, SqlNames, Tenancy};

/// The result of every helper.
pub type Result<T, E = Error> = core::result::Result<T, E>;
pub use scope::{CITUS_SET_TENANT, SET_TENANT, Scope, TENANT_SETTING, begin};
pub use sql::{Args, Bind, Values};
pub use table::Table;

/// The crates whose types generated rows hold, re-exported so that a crate builds a
/// `Uuid`, a timestamp or a `Decimal` with the versions the runtime was built with, and needs
/// no dependency of its own on them.
pub use {chrono, ipnetwork, rust_decimal, serde_json, uuid};

/// The `time` crate, for `Builder::time_crate(TimeCrate::Time)` (feature `time`).
#[cfg(feature = "time")]
pub use time;

/// sqlx, the version the helpers are built on: `schemaforge::sqlx::PgPool` to connect,
/// `sqlx::query` for what the helpers do not cover, with no version of one's own to keep in
/// step.
pub use sqlx;

/// What every helper takes: a pool (`&PgPool`), a connection or a transaction (`&mut *tx`).
pub use sqlx::PgExecutor;

/// The wrapper of a `json`/`jsonb` column declared with `rust_type(T)`: its field is
/// `Json<T>`, so values are built as `Json(value)` without a direct sqlx dependency.
pub use sqlx::types::Json;

/// Code-first tables: `#[derive(Table)]` on a struct and `#[derive(PgEnum)]` on an enum give
/// what a schema file generates, through the same checks and emitters (see
/// `docs/code-first.md`). Feature `derive`, on by default.
#[cfg(feature = "derive")]
pub use schemaforge_macros::{PgEnum, Table};

/// Includes the Rust that a build script generated with `schemaforge_generator`.
///
/// With no argument it includes the default file, `schema`; with a name it includes the file
/// a `Builder` wrote under that `file_name`. Use it in a public module: the generated types
/// are `pub`.
///
/// ```ignore
/// pub mod db {
///     schemaforge::include_schema!();
/// }
///
/// pub mod billing {
///     // build.rs: Builder::new("billing.forge").file_name("billing").generate()
///     schemaforge::include_schema!("billing");
/// }
/// ```
#[macro_export]
macro_rules! include_schema {
    () => {
        $crate::include_schema!("schema");
    };
    ($name:literal) => {
        ::core::include!(::core::concat!(
            ::core::env!("OUT_DIR"),
            "/schemaforge/",
            $name,
            ".rs"
        ));
    };
}

/// What generated code refers to. Not public API: it may change in any release.
#[doc(hidden)]
pub mod __private {
    /// `#[serde(with)]` for `Vec<OffsetDateTime>`: RFC 3339, like one `timestamptz`.
    #[cfg(feature = "time")]
    pub use crate::time_serde::rfc3339_vec;
    pub use chrono;
    pub use ipnetwork;
    pub use rust_decimal;
    pub use serde;
    pub use serde_json;
    pub use sqlx;
    #[cfg(feature = "time")]
    pub use time;
    pub use uuid;

    pub use crate::derive::{contains, str_eq};
    pub use crate::id::KeyFacts;
    pub use crate::row_field;
    pub use crate::rows::Filter;
    /// The statements of the helpers, for the associated functions the macros write.
    pub mod rows {
        pub use crate::rows::{count, delete, get, insert, insert_many, list, update};
    }
    /// The tenant root's `insert` and `insert_many`.
    pub use crate::__inserts as inserts;
    pub use crate::sql::Statement;
    pub use crate::{
        __enum_serde as enum_serde, __handle as handle, __lookups as lookups, __pg_enum as pg_enum,
        __redacted_debug as redacted_debug, __row as row, __row_serde as row_serde,
        __setters as setters, __shared_table as shared_table, __tenant_table as tenant_table,
        __typed_id as typed_id,
    };

    /// Implemented by nothing, and cannot be: the bound of the associated functions a
    /// tenant's row type has only to say, when called, that its helpers are reached through
    /// a scope (see `tenant_table!`).
    #[diagnostic::on_unimplemented(
        message = "`{R}` belongs to a tenant: its helpers are reached through a scope, never on the row type",
        label = "no tenant here",
        note = "through the scope of the tenant, e.g. `OrganizationScope::new(org_id).tasks().get(&pool, &id)`",
        note = "across tenants, through the escape hatch, whose name says what it does: `Unscoped::i_am_bypassing_tenant_isolation().tasks()`"
    )]
    pub trait ThroughAScope<R>: sealed::Never {}

    mod sealed {
        /// No type implements it, so no type implements `ThroughAScope`.
        pub trait Never {}
    }

    /// Fails the build unless the table belongs to no tenant: the associated functions the
    /// macros write for a shared table have no tenant filter.
    pub const fn only_shared(tenancy: crate::Tenancy) {
        if !matches!(tenancy, crate::Tenancy::Shared) {
            panic!("schemaforge: unscoped helpers for a tenant's table");
        }
    }

    /// Fails the build unless the table belongs to no tenant or is the tenant root: the only
    /// tables whose rows are inserted without a scope.
    pub const fn only_inserts(tenancy: crate::Tenancy) {
        if !matches!(tenancy, crate::Tenancy::Shared | crate::Tenancy::Root) {
            panic!("schemaforge: an insert without a scope into a tenant's table");
        }
    }

    /// Deserializes a generated enum from its Postgres value name.
    pub fn deserialize_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
    where
        D: serde::Deserializer<'de>,
        T: core::str::FromStr,
        T::Err: core::fmt::Display,
    {
        let text = <std::string::String as serde::Deserialize>::deserialize(deserializer)?;
        text.parse().map_err(<D::Error as serde::de::Error>::custom)
    }

    /// Stands in for a `sensitive` column's value in `Debug` output.
    pub struct Redacted;

    impl core::fmt::Debug for Redacted {
        fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
            f.write_str("<redacted>")
        }
    }
}
