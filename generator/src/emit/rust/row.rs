//! The row type of each table (what a `SELECT *` returns), with `FromRow` and `Table`.

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use schemaforge_schema::ir::ColumnType;

use super::Ctx;
use super::docs::{code, doc};
use super::model::{ColumnModel, TableModel};

pub fn emit(ctx: &Ctx, table: &TableModel) -> TokenStream {
    let rt = &ctx.rt;
    let p = &ctx.private;
    let name = &table.row;
    let table_name = &table.ir.name;
    let serde_crate = &ctx.serde_crate;
    let serde = ctx.serde_derives();
    let eq = table.all_eq().then(|| quote!(Eq,));
    let derive_debug = (!table.has_sensitive()).then(|| quote!(Debug,));
    let user = ctx.user_attributes(table_name, name);
    let note = format!("A row of the table {}.", code(table_name));
    let docs = doc([table.ir.doc.as_deref(), Some(&note)]);

    let fields = table.columns.iter().map(|c| {
        let field = &c.field;
        let ty = c.row_type();
        let docs = field_doc(c, None);
        let serde = field_serde(ctx, c);
        quote! {
            #docs
            #serde
            pub #field: #ty,
        }
    });
    let debug = (table.has_sensitive()).then(|| debug_impl(ctx, name, table.columns.iter()));

    let sqlx = quote!(#p::sqlx);
    let field_idents = table.columns.iter().map(|c| &c.field);
    let column_names: Vec<&str> = table.columns.iter().map(|c| c.ir.name.as_str()).collect();
    let primary_key: Vec<&str> = table
        .ir
        .primary_key
        .iter()
        .flat_map(|pk| pk.columns.iter().map(String::as_str))
        .collect();

    quote! {
        #docs
        #[derive(#derive_debug Clone, PartialEq, #eq #serde)]
        #[serde(crate = #serde_crate)]
        #user
        pub struct #name {
            #(#fields)*
        }

        #debug

        impl<'r> #sqlx::FromRow<'r, #sqlx::postgres::PgRow> for #name {
            fn from_row(row: &'r #sqlx::postgres::PgRow) -> ::core::result::Result<Self, #sqlx::Error> {
                ::core::result::Result::Ok(Self {
                    #(#field_idents: #sqlx::Row::try_get(row, #column_names)?,)*
                })
            }
        }

        impl #rt::Table for #name {
            const NAME: &'static str = #table_name;
            const COLUMNS: &'static [&'static str] = &[#(#column_names),*];
            const PRIMARY_KEY: &'static [&'static str] = &[#(#primary_key),*];
        }
    }
}

/// A field's rustdoc: the column's doc (or its name) and an optional note about this type.
pub fn field_doc(column: &ColumnModel, note: Option<&str>) -> TokenStream {
    let fallback = format!("The column {}.", code(&column.ir.name));
    doc([Some(column.ir.doc.as_deref().unwrap_or(&fallback)), note])
}

fn field_serde(ctx: &Ctx, column: &ColumnModel) -> TokenStream {
    let mut parts = Vec::new();
    let field = column.field.to_string();
    if field.trim_start_matches("r#") != column.ir.name {
        let rename = &column.ir.name;
        parts.push(quote!(rename = #rename));
    }
    if column.ir.sensitive {
        parts.push(quote!(skip_serializing));
    }
    if column.ty.offset_date_time {
        // RFC 3339, as chrono writes; `time`'s own format is not. `time` has no module for
        // arrays, so the runtime has one.
        let array = matches!(column.ir.ty, ColumnType::Array(_));
        let module = match (array, column.ir.nullable) {
            (false, false) => "time::serde::rfc3339",
            (false, true) => "time::serde::rfc3339::option",
            (true, false) => "rfc3339_vec",
            (true, true) => "rfc3339_vec::option",
        };
        let with = format!("{}::__private::{module}", ctx.rt_path);
        if column.ir.nullable {
            // With `with`, serde no longer reads a missing field as `None` by itself.
            parts.push(quote!(default));
        }
        parts.push(quote!(with = #with));
    }
    if parts.is_empty() {
        quote!()
    } else {
        quote!(#[serde(#(#parts),*)])
    }
}

/// `Debug` that prints `<redacted>` for sensitive columns.
pub fn debug_impl<'a>(
    ctx: &Ctx,
    name: &Ident,
    columns: impl Iterator<Item = &'a ColumnModel<'a>>,
) -> TokenStream {
    let p = &ctx.private;
    let fields = columns.map(|c| {
        let field = &c.field;
        let label = field.to_string().trim_start_matches("r#").to_string();
        if c.ir.sensitive {
            quote!(.field(#label, &#p::Redacted))
        } else {
            quote!(.field(#label, &self.#field))
        }
    });
    let label = name.to_string();
    quote! {
        impl ::core::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(#label)
                    #(#fields)*
                    .finish()
            }
        }
    }
}
