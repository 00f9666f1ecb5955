//! The patch type of each table, `…Patch`: the columns an update may change.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::Ctx;
use super::docs::{code, doc};
use super::model::{ColumnModel, TableModel};
use super::row::{debug_impl, field_doc};

/// Nothing for a table without patchable columns (every column is in the key, the tenant
/// column or generated).
pub fn emit(ctx: &Ctx, table: &TableModel) -> TokenStream {
    let columns: Vec<&ColumnModel> = table.columns.iter().filter(|c| c.patchable).collect();
    if columns.is_empty() {
        return quote!();
    }
    let name = &table.patch;
    let row = &table.row;
    let eq = columns.iter().all(|c| c.ty.eq).then(|| quote!(Eq,));
    let sensitive = columns.iter().any(|c| c.ir.sensitive);
    let derive_debug = (!sensitive).then(|| quote!(Debug,));
    let user = ctx.user_attributes(&table.ir.name, name);

    let summary = format!(
        "Changes to a row of the table {} ([`{row}`]).",
        code(&table.ir.name)
    );
    let usage = "Each field left `None` keeps its column unchanged; `Default` is the empty patch.";
    let null_note = columns
        .iter()
        .any(|c| c.ir.nullable)
        .then_some("A nullable column is set to NULL with `Some(None)`.");
    let fixed: Vec<String> = table
        .columns
        .iter()
        .filter(|c| !c.patchable)
        .map(|c| code(&c.ir.name))
        .collect();
    let fixed_note = (!fixed.is_empty()).then(|| format!("Not patchable: {}.", fixed.join(", ")));
    let usage = match null_note {
        Some(note) => format!("{usage} {note}"),
        None => usage.to_string(),
    };
    let docs = doc([Some(summary.as_str()), Some(&usage), fixed_note.as_deref()]);

    let fields = columns.iter().map(|c| {
        let field = &c.field;
        let ty = c.row_type();
        let note =
            c.ir.on_update
                .as_ref()
                .map(|expr| format!("`None`: the update helpers write {}.", code(expr.as_str())));
        let docs = field_doc(c, note.as_deref());
        quote! {
            #docs
            pub #field: ::core::option::Option<#ty>,
        }
    });
    let debug = sensitive.then(|| debug_impl(ctx, name, columns.iter().copied()));
    let checks = columns.iter().map(|c| {
        let field = &c.field;
        quote!(self.#field.is_none())
    });
    let setters = columns.iter().map(|c| setter(c));

    quote! {
        #docs
        #[derive(#derive_debug Clone, PartialEq, #eq Default)]
        #user
        pub struct #name {
            #(#fields)*
        }

        #debug

        impl #name {
            /// Whether the patch changes nothing.
            #[must_use]
            pub const fn is_empty(&self) -> bool {
                #(#checks)&&*
            }

            #(#setters)*
        }
    }
}

fn setter(c: &ColumnModel) -> TokenStream {
    let field = &c.field;
    let method: Ident = format_ident!("with_{}", field.to_string().trim_start_matches("r#"));
    let ty = c.row_type();
    let doc = doc([Some(
        format!("Sets the column {}.", code(&c.ir.name)).as_str(),
    )]);
    quote! {
        #doc
        #[must_use]
        pub fn #method(mut self, #field: #ty) -> Self {
            self.#field = ::core::option::Option::Some(#field);
            self
        }
    }
}
