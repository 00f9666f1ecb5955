//! schemaforge's emitters: every output is a pure function of the schema IR.

pub mod emit;
