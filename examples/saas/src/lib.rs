//! The multi-tenant SaaS reference schema (in `schema/`), used as a downstream crate uses
//! schemaforge: `build.rs` generates the Rust types and [`db`] includes them.

/// The types generated from `schema/`: an enum per Postgres enum, and per table a row type,
/// an insert type `New…`, a patch type `…Patch` and (for a one-column primary key) a typed id.
pub mod db {
    schemaforge::include_schema!();
}

/// The same types generated for a Citus cluster (`Builder::citus`, for a database that
/// `schemaforge sql --citus` created): they differ from [`db`]'s only in how a scope's
/// `begin` sets the tenant, which on Citus must reach the workers.
pub mod citus_db {
    schemaforge::include_schema!("schema_citus");
}
