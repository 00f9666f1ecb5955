//! One emitter per output.

pub mod docs;
pub mod rust;
pub mod sql;
