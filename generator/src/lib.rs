//! schemaforge's emitters: every output is a pure function of the schema IR.
//!
//! A build script uses [`compile_schema`] or a [`Builder`]; the CLI and the macros call the
//! emitters in [`emit`] directly.

#![warn(missing_docs)]

mod builder;
pub mod code_first;
pub mod emit;
pub mod output;

pub use builder::{Builder, Error, Loaded, compile_schema};
pub use emit::rust::TimeCrate;
pub mod diff;
pub mod hazard;
pub mod migrations;
