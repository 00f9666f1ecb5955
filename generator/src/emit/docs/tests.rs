//! Docs tests.
