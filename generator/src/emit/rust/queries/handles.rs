//! The two handles of a scoped table: the scope's, whose methods reach only its tenant's
//! rows, and the escape hatch's, whose methods reach every tenant's.

use proc_macro2::TokenStream;
use quote::quote;
use schemaforge_schema::ir::Tenancy;

use crate::emit::rust::docs::{code, doc};
use crate::emit::rust::model::{ScopeModel, TableModel};

/// The scope's handle and the escape hatch's handle of one table, with their methods.
pub(super) fn handles(
    scope: &ScopeModel,
    table: &TableModel,
    scoped: &[TokenStream],
    unscoped: &[TokenStream],
) -> TokenStream {
    let queries = &table.queries;
    let unscoped_queries = &table.unscoped_queries;
    let scope_ident = &scope.ident;
    let unscoped_ident = &scope.unscoped;
    let accessor = &table.accessor;
    let name = code(&table.ir.name);
    let (what, from) = if table.ir.tenancy == Tenancy::Root {
        (
            format!("The helpers of the scope's own row of {name}."),
            format!("Made by [`{scope_ident}::{}`].", scope.root_accessor),
        )
    } else {
        (
            format!(
                "The helpers of {name} within one tenant scope: every statement reaches only \
                 the scope's rows, and a row of another tenant behaves as a missing one."
            ),
            format!("Made by [`{scope_ident}::{accessor}`]."),
        )
    };
    let scoped_doc = doc([Some(what.as_str()), Some(&from)]);
    let unscoped_doc = doc([
        Some(
            format!(
                "The helpers of {name} across every tenant: the escape hatch for operator tooling \
                 and for finding a tenant (e.g. from a credential) before there is a scope."
            )
            .as_str(),
        ),
        Some(&format!(
            "Made by [`{unscoped_ident}::{accessor}`]. There is no insert here: a row belongs to \
             one tenant, so insert it through that tenant's scope."
        )),
    ]);
    quote! {
        #scoped_doc
        #[derive(Debug, Clone, Copy)]
        pub struct #queries<'s> {
            scope: &'s #scope_ident,
        }

        impl #queries<'_> {
            #(#scoped)*
        }

        #unscoped_doc
        #[derive(Debug, Clone, Copy)]
        pub struct #unscoped_queries {
            _private: (),
        }

        impl #unscoped_queries {
            #(#unscoped)*
        }
    }
}
