//! One emitter per output.

pub mod rust;
pub mod sql;
