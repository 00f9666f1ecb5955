//! Code-first tables: `#[derive(Table)]` structs and `#[derive(PgEnum)]` enums as a second
//! front end of the schema language.
//!
//! The attributes (`#[schemaforge(...)]`, see `docs/code-first.md`) are read into the schema
//! crate's syntax tree, the same one a `.forge` file parses into, so resolution, every check
//! and the IR are the schema language's own. The derive macros ([`derive_table`],
//! [`derive_pg_enum`]; the `schemaforge-macros` crate only forwards to them) check one item
//! with stand-ins for the items it refers to and expand through the Rust emitter's
//! [`table_tokens`](crate::emit::rust::table_tokens); the CLI reads whole files with
//! [`load`] and gets the schema the items form together.
//!
//! ```
//! use schemaforge_generator::code_first::derive_table;
//!
//! let tokens = derive_table(quote::quote! {
//!     #[schemaforge(name = "notes")]
//!     struct Note {
//!         #[schemaforge(primary_key, pg_type = "uuid", default = "gen_random_uuid()")]
//!         id: NoteId,
//!         body: Option<String>,
//!     }
//! });
//! let text = tokens.to_string();
//! assert!(text.contains("pub type NoteId"));
//! assert!(text.contains("pub struct NewNote"));
//! ```

mod attr;
mod catalog;
mod ctxt;
mod files;
mod lower;
mod single;
mod spans;
mod symbol;
mod ty;

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use schemaforge_schema::Diagnostics;
use schemaforge_schema::ir::ColumnType;

use crate::emit::rust::{self, EnumParts, RustOptions, TableParts, TimeCrate};
pub use files::{compile, is_code_first, load, read};
pub use lower::default_table_name;
use spans::SpanMap;
use ty::RustKind;

/// What `#[derive(Table)]` expands to: the struct's attributes read, checked, and emitted
/// through the Rust emitter. Problems become `compile_error!`s at the offending tokens.
pub fn derive_table(input: TokenStream) -> TokenStream {
    let input: syn::DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(e) => return e.to_compile_error(),
    };
    let table = match single::table(&input) {
        Ok(table) => table,
        Err(errors) => return compile_errors(&errors.diagnostics, &errors.spans),
    };
    let facts = &table.facts;
    let mut options = RustOptions::default();
    options.type_name(facts.name.clone(), facts.ident.to_string());
    if facts.time == Some(ty::TimeFamily::Time) {
        options.time_crate(TimeCrate::Time);
    }
    let mut parts = TableParts {
        from_row: !facts.no_from_row,
        ..TableParts::default()
    };
    let ir = table.schema.table(&facts.name);
    for column in &facts.columns {
        parts
            .fields
            .insert(column.name.clone(), column.field.clone());
        let ty = ir.and_then(|t| t.column(&column.name)).map(|c| &c.ty);
        let element = element_type(&column.ty);
        let span = syn::spanned::Spanned::span(&column.ty);
        match (&column.kind.named(), ty.map(ColumnType::element)) {
            // An enum, or a typed id: the user's type; the traits check it.
            (Some(_), Some(ColumnType::Enum(_))) => {
                parts.types.insert(column.name.clone(), quote!(#element));
            }
            (Some(_), Some(_)) if column.references.is_some() && column.pg.is_id_capable() => {
                parts.types.insert(column.name.clone(), quote!(#element));
            }
            // The table's own id is the type the emitter defines; anything else named (an
            // alias, say) must be the schema's type, which the compiler checks.
            (Some(_), _) if column.pg.is_id_capable() && is_own_id(&table, column) => {}
            _ => {
                parts.checked.insert(column.name.clone(), span);
            }
        }
    }
    rust::table_tokens(&table.schema, &facts.name, &options, &parts)
}

/// Whether `column` is the table's one-column primary key without a foreign key.
fn is_own_id(table: &single::Table, column: &lower::ColumnFacts) -> bool {
    table.schema.table(&table.facts.name).is_some_and(|t| {
        t.primary_key
            .as_ref()
            .is_some_and(|pk| pk.columns == [column.name.clone()])
            && t.single_column_fk(&column.name).is_none()
    })
}

/// The type inside `Option` and `Vec` (but not `Vec<u8>`).
fn element_type(ty: &syn::Type) -> &syn::Type {
    let inner = ty::generic_of(ty, "Option").unwrap_or(ty);
    match ty::generic_of(inner, "Vec") {
        Some(element) if !matches!(ty::field_type(inner).kind, RustKind::Scalar(_)) => element,
        _ => inner,
    }
}

/// What `#[derive(PgEnum)]` expands to.
pub fn derive_pg_enum(input: TokenStream) -> TokenStream {
    let input: syn::DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(e) => return e.to_compile_error(),
    };
    let item = match single::pg_enum(&input) {
        Ok(item) => item,
        Err(errors) => return compile_errors(&errors.diagnostics, &errors.spans),
    };
    let mut options = RustOptions::default();
    options.type_name(item.facts.name.clone(), item.facts.ident.to_string());
    let parts = EnumParts {
        variants: item.facts.variants.clone(),
    };
    rust::enum_tokens(&item.schema, &item.facts.name, &options, &parts)
}

/// Each diagnostic as a `compile_error!` spanning its tokens: the message, then what the
/// schema file's renderer shows under the caret, and the hint.
fn compile_errors(diagnostics: &Diagnostics, spans: &SpanMap) -> TokenStream {
    let mut out = TokenStream::new();
    for d in diagnostics.iter() {
        let (first, last) = spans.tokens_of(d.span());
        let anchor = {
            let a = Ident::new("a", first);
            let b = Ident::new("b", last);
            quote!(#a #b)
        };
        let mut message = format!("{} [{}]\n  = note: {}", d.message, d.code, d.primary.text);
        if let Some(hint) = &d.hint {
            message.push_str(&format!(
                "\n  = help: {}",
                catalog::attribute_hint(d.code, hint)
            ));
        }
        out.extend(syn::Error::new_spanned(anchor, message).to_compile_error());
    }
    out
}
