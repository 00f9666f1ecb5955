//! The multi-tenant SaaS reference schema (in `schema/`), used as a downstream crate uses
//! schemaforge: `build.rs` generates the Rust types and [`db`] includes them.

#![warn(missing_docs)]

pub mod json;

/// The types generated from `schema/`: an enum per Postgres enum, and per table a row type,
/// an insert type `New…`, a patch type `…Patch` and (for a one-column primary key) a typed id.
pub mod db {
    schemaforge::include_schema!();
}
