//! Rust generated from `tests/fixtures/good/all_types`, every supported type and option,
//! twice: with `chrono` ([`chrono_types`]) and with `time` ([`time_types`]). The lints below
//! make any warning in generated code (or a missing doc) a build error.

#![deny(warnings, missing_docs)]

use serde::{Deserialize, Serialize};

/// The Rust type of the `accounts.settings` column, named in the schema with
/// `rust_type(crate::Settings)`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Settings {
    /// A colour theme.
    pub theme: String,
    /// Whether beta features are on.
    pub beta: bool,
}

/// The schema's types with `chrono` dates and times.
pub mod chrono_types {
    schemaforge::include_schema!();
}

/// The schema's types with `time` dates and times.
pub mod time_types {
    schemaforge::include_schema!("all_types_time");
}
