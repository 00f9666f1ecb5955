//! The insert type of each table, `New…` (Drizzle's `$inferInsert`).

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use schemaforge_schema::ir::{Column, DefaultValue, Identity};

use super::Ctx;
use super::docs::{code, doc};
use super::model::{ColumnModel, InsertField, TableModel};
use super::row::{debug_impl, field_doc};

pub fn emit(ctx: &Ctx, table: &TableModel) -> TokenStream {
    let name = &table.insert;
    let row = &table.row;
    let columns: Vec<&ColumnModel> = table
        .columns
        .iter()
        .filter(|c| c.insert != InsertField::Absent)
        .collect();
    let required: Vec<&ColumnModel> = columns
        .iter()
        .copied()
        .filter(|c| c.insert == InsertField::Required)
        .collect();
    let eq = columns.iter().all(|c| c.ty.eq).then(|| quote!(Eq,));
    let default = required.is_empty().then(|| quote!(Default,));
    let sensitive = columns.iter().any(|c| c.ir.sensitive);
    let derive_debug = (!sensitive).then(|| quote!(Debug,));
    let user = ctx.user_attributes(&table.ir.name, name);

    let summary = format!(
        "A new row of the table {}, to insert: the insert form of [`{row}`].",
        code(&table.ir.name)
    );
    let usage = format!(
        "[`{name}::new`] takes the columns Postgres cannot fill in; the others are optional, and \
         `None` leaves them to the database (see each field)."
    );
    let tenant_note = table.ir.tenant_column().map(|c| {
        format!(
            "The tenant column {} is not here: the tenant scope supplies it.",
            code(c)
        )
    });
    let generated: Vec<String> = table
        .columns
        .iter()
        .filter(|c| c.ir.is_generated_always())
        .map(|c| code(&c.ir.name))
        .collect();
    let generated_note = (!generated.is_empty()).then(|| {
        format!(
            "Postgres always generates {}, so {} not here.",
            generated.join(", "),
            if generated.len() == 1 {
                "it is"
            } else {
                "they are"
            }
        )
    });
    let docs = doc([
        Some(summary.as_str()),
        Some(&usage),
        tenant_note.as_deref(),
        generated_note.as_deref(),
    ]);

    let fields = columns.iter().map(|c| {
        let field = &c.field;
        let ty = insert_type(c);
        let note = optional_note(c.ir, c.insert);
        let docs = field_doc(c, note.as_deref());
        quote! {
            #docs
            pub #field: #ty,
        }
    });
    let debug = sensitive.then(|| debug_impl(ctx, name, columns.iter().copied()));

    let params = required.iter().map(|c| {
        let field = &c.field;
        let ty = c.row_type();
        quote!(#field: #ty)
    });
    let inits = columns.iter().map(|c| {
        let field = &c.field;
        match c.insert {
            InsertField::Required => quote!(#field),
            _ => quote!(#field: ::core::option::Option::None),
        }
    });
    // A table's required columns are the arguments of `new`; there may be many.
    let many_arguments = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let new_doc = doc([Some(if required.is_empty() {
        "A new row that leaves every column to the database."
    } else {
        "A new row with the columns Postgres cannot fill in; the others are left to the database."
    })]);
    let setters = columns
        .iter()
        .filter(|c| c.insert != InsertField::Required)
        .map(|c| setter(c));

    quote! {
        #docs
        #[derive(#derive_debug Clone, PartialEq, #eq #default)]
        #user
        pub struct #name {
            #(#fields)*
        }

        #debug

        impl #name {
            #new_doc
            #many_arguments
            #[must_use]
            pub fn new(#(#params),*) -> Self {
                Self {
                    #(#inits,)*
                }
            }

            #(#setters)*
        }
    }
}

/// The field's type: `T` when required, `Option<T>` when optional, and `Option<Option<T>>`
/// for a nullable column with a default (`None` = the default, `Some(None)` = NULL).
fn insert_type(c: &ColumnModel) -> TokenStream {
    let row = c.row_type();
    match c.insert {
        InsertField::Required => row,
        InsertField::Optional if c.ir.nullable => row,
        InsertField::Optional | InsertField::OptionalNullable => {
            quote!(::core::option::Option<#row>)
        }
        InsertField::Absent => unreachable!("absent columns have no field"),
    }
}

/// `with_x(value)`: the value has the column's row type, so a nullable column takes an `Option`.
fn setter(c: &ColumnModel) -> TokenStream {
    let field = &c.field;
    let method: Ident = format_ident!("with_{}", field.to_string().trim_start_matches("r#"));
    let ty = c.row_type();
    let value = match c.insert {
        InsertField::Optional if c.ir.nullable => quote!(#field),
        _ => quote!(::core::option::Option::Some(#field)),
    };
    let doc = doc([Some(
        format!("Sets the column {}.", code(&c.ir.name)).as_str(),
    )]);
    quote! {
        #doc
        #[must_use]
        pub fn #method(mut self, #field: #ty) -> Self {
            self.#field = #value;
            self
        }
    }
}

/// What `None` means for an optional field.
fn optional_note(column: &Column, field: InsertField) -> Option<String> {
    let default = match (&column.default, column.identity) {
        (Some(DefaultValue::Sql(expr)), _) => format!("the default, {}", code(expr.as_str())),
        (Some(DefaultValue::EnumValue(value)), _) => format!("the default, {}", code(value)),
        (None, Some(Identity::ByDefault)) => "the next identity value".to_string(),
        (None, _) => "NULL".to_string(),
    };
    match field {
        InsertField::Required | InsertField::Absent => None,
        InsertField::Optional => Some(format!("`None`: {default}.")),
        InsertField::OptionalNullable => Some(format!("`None`: {default}; `Some(None)`: NULL.")),
    }
}
