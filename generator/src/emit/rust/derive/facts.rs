//! What one derive tells the others, and checks of what it takes from them: the runtime's
//! traits (`TableId`, `PgEnum`, `TenantRoot`) implemented for the item, and
//! compile-time assertions that the types its fields name are what its attributes say.
//! A schema file needs none of this: the schema crate sees every table at once.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};

use schemaforge_schema::ir::{ColumnType, DefaultValue, Tenancy};

use super::super::Ctx;
use super::super::model::{EnumModel, TableModel};
use super::TableParts;

/// Generated Rust text (a name, a type) as tokens.
fn tokens(text: &str) -> TokenStream {
    super::super::parse(text)
}

/// `tokens` with every token at `span`, so that an error in them points there.
pub(super) fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    use proc_macro2::{Group, TokenTree};
    tokens
        .into_iter()
        .map(|mut tree| {
            if let TokenTree::Group(group) = &tree {
                let mut new = Group::new(group.delimiter(), respan(group.stream(), span));
                new.set_span(span);
                tree = TokenTree::Group(new);
            } else {
                tree.set_span(span);
            }
            tree
        })
        .collect()
}

/// The span of a token stream's first token.
fn first_span(tokens: &TokenStream) -> Span {
    tokens
        .clone()
        .into_iter()
        .next()
        .map_or_else(Span::call_site, |t| t.span())
}

pub fn table(ctx: &Ctx, t: &TableModel, parts: &TableParts) -> TokenStream {
    let rt = tokens(&ctx.rt);
    let p = tokens(&ctx.private);
    let row = tokens(&t.row);
    let name = &t.ir.name;
    let mut impls = Vec::new();
    if let Some(id) = &t.id {
        let ident = tokens(&id.ident);
        let column = &id.column;
        let pg =
            t.ir.column(column)
                .map(|c| c.ty.to_string())
                .unwrap_or_default();
        // The runtime's `Id` is the `TableId` of every table's row that says its key.
        impls.push(if ctx.id_is_struct(name, &id.ident) {
            quote! {
                impl #rt::TableId for #ident {
                    type Table = #row;
                    const TABLE: &'static str = #name;
                    const COLUMN: &'static str = #column;
                    const PG_TYPE: &'static str = #pg;
                }
            }
        } else {
            quote! {
                impl #p::KeyFacts for #row {
                    const KEY_COLUMN: &'static str = #column;
                    const KEY_PG_TYPE: &'static str = #pg;
                }
            }
        });
    }
    if t.ir.tenancy == Tenancy::Root {
        impls.push(quote!(impl #rt::TenantRoot for #row {}));
    }

    let mut checks = Vec::new();
    for column in &t.columns {
        let ir = column.ir;
        let Some(element) = parts.types.get(&ir.name) else {
            continue;
        };
        let span = first_span(element);
        let col = &ir.name;
        match ir.ty.element() {
            ColumnType::Enum(pg_name) => {
                let message = format!(
                    "schemaforge: the column `{col}` is the Postgres enum `{pg_name}`, but its field's type has another Postgres name: give the column `pg_type = \"…\"` with the enum's name"
                );
                checks.push(quote_spanned! {span=>
                    if !#p::str_eq(<#element as #rt::PgEnum>::NAME, #pg_name) {
                        ::core::panic!(#message);
                    }
                });
                if let Some(DefaultValue::EnumValue(value)) = &ir.default {
                    let message = format!(
                        "schemaforge: the default of `{col}`, `{value}`, is not a value of the enum `{pg_name}`"
                    );
                    checks.push(quote_spanned! {span=>
                        if !#p::contains(<#element as #rt::PgEnum>::VALUES, #value) {
                            ::core::panic!(#message);
                        }
                    });
                }
            }
            element_type => {
                let Some(fk) = t.ir.single_column_fk(col) else {
                    continue;
                };
                let target = &fk.references_table;
                let Some(key) = fk.written_references().first() else {
                    continue;
                };
                let pg = element_type.to_string();
                let message = format!(
                    "schemaforge: `{col}` references `{target}.{key}`, but its field's type is the id of another table's column"
                );
                let type_message = format!(
                    "schemaforge: `{col}` is `{pg}`, but `{target}.{key}` has another Postgres type: give `{col}` the key's `pg_type`"
                );
                checks.push(quote_spanned! {span=>
                    if !#p::str_eq(<#element as #rt::TableId>::TABLE, #target)
                        || !#p::str_eq(<#element as #rt::TableId>::COLUMN, #key)
                    {
                        ::core::panic!(#message);
                    }
                });
                checks.push(quote_spanned! {span=>
                    if !#p::str_eq(<#element as #rt::TableId>::PG_TYPE, #pg) {
                        ::core::panic!(#type_message);
                    }
                });
                let bound = match &t.ir.tenancy {
                    Tenancy::Column { column } if column == col => Some(quote!(#rt::TenantRoot)),
                    _ => None,
                };
                if let Some(bound) = bound {
                    checks.push(quote_spanned! {span=>
                        {
                            const fn tenancy<T: #bound>() {}
                            tenancy::<<#element as #rt::TableId>::Table>();
                        }
                    });
                }
            }
        }
    }
    // One constant per check: the compiler stops evaluating a constant at its first panic.
    let checks = checks.iter().map(|check| quote!(const _: () = { #check };));

    let typed: Vec<TokenStream> = t
        .columns
        .iter()
        .filter_map(|c| {
            let span = *parts.checked.get(&c.ir.name)?;
            let field = respan(tokens(&c.field), span);
            let ty = respan(tokens(&c.row_type()), span);
            Some(quote_spanned! {span=>
                let _: &#ty = &row.#field;
            })
        })
        .collect();
    let typed = (!typed.is_empty()).then(|| {
        quote! {
            const _: () = {
                #[allow(dead_code, clippy::no_effect_underscore_binding)]
                fn field_types(row: &#row) {
                    #(#typed)*
                }
            };
        }
    });
    quote! {
        #(#impls)*
        #(#checks)*
        #typed
    }
}

pub fn pg_enum(ctx: &Ctx, e: &EnumModel) -> TokenStream {
    let rt = tokens(&ctx.rt);
    let ident = tokens(&e.ident);
    let name = &e.ir.name;
    let values = e.ir.values.iter().map(|v| &v.name);
    quote! {
        impl #rt::PgEnum for #ident {
            const NAME: &'static str = #name;
            const VALUES: &'static [&'static str] = &[#(#values),*];
        }
    }
}
