//! Helpers shared by the workspace's test binaries.
#![allow(dead_code)]

pub mod catalog;
pub mod evolve;
pub mod oracle;
pub mod rows;
