//! The derive macros of [schemaforge](https://docs.rs/schemaforge), re-exported by it: use
//! `schemaforge::{Table, PgEnum}`.
//!
//! Each derive only forwards its tokens to `schemaforge_generator::code_first`, which reads
//! the attributes into the schema language's syntax tree, runs its checks and expands
//! through the same Rust emitter a build script uses. The attributes are described in
//! `docs/code-first.md`.

#![warn(missing_docs)]

use proc_macro::TokenStream;

/// A table from a struct: one column per field, `#[schemaforge(...)]` for what the schema
/// language says about tables and columns. Expands to everything a schema file generates
/// for the table except the struct itself: the typed id, `New…` and `…Patch` types,
/// `sqlx::FromRow`, `schemaforge::Table`, and a `DDL` constant.
///
/// ```ignore
/// #[derive(schemaforge::Table)]
/// #[schemaforge(tenant_root)]
/// pub struct Organization {
///     #[schemaforge(primary_key, pg_type = "uuid", default = "gen_random_uuid()")]
///     pub id: OrganizationId,
///     pub name: String,
/// }
/// ```
#[proc_macro_derive(Table, attributes(schemaforge))]
pub fn derive_table(input: TokenStream) -> TokenStream {
    schemaforge_generator::code_first::derive_table(input.into()).into()
}

/// A Postgres enum from a fieldless enum: its name is the enum's in snake_case (or
/// `#[schemaforge(name = "…")]`), each value a variant's. Expands to `ALL`, `as_str`,
/// `Display`, `FromStr`, sqlx's traits, `schemaforge::PgEnum` and a `DDL` constant.
///
/// ```ignore
/// #[derive(Debug, Clone, Copy, PartialEq, Eq, schemaforge::PgEnum)]
/// pub enum OrgRole { Owner, Admin, Member }
/// ```
#[proc_macro_derive(PgEnum, attributes(schemaforge))]
pub fn derive_pg_enum(input: TokenStream) -> TokenStream {
    schemaforge_generator::code_first::derive_pg_enum(input.into()).into()
}
