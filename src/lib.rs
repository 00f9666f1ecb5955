//! schemaforge: one schema file for Postgres and Rust.
//!
//! A `.forge` schema describes enums and tables; schemaforge turns it into Postgres DDL and
//! into Rust types for every table: a typed id, a row, an insert and a patch type. This crate
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

// The crate docs show a build script, whose `main` is the point of the example.
#![allow(clippy::needless_doctest_main)]

mod enums;
mod interval;
mod table;

pub use enums::ParseEnumError;
pub use interval::Interval;
pub use table::Table;

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
    pub use chrono;
    pub use ipnetwork;
    pub use rust_decimal;
    pub use serde;
    pub use serde_json;
    pub use sqlx;
    #[cfg(feature = "time")]
    pub use time;
    pub use uuid;

    /// Stands in for a `sensitive` column's value in `Debug` output.
    pub struct Redacted;

    impl core::fmt::Debug for Redacted {
        fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
            f.write_str("<redacted>")
        }
    }
}
