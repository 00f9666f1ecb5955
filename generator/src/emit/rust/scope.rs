//! The tenant scope type (e.g. `OrganizationScope`), the only way to the helpers of
//! tenant-scoped tables, and the escape hatch `Unscoped` beside it.

use proc_macro2::TokenStream;
use quote::quote;
use schemaforge_schema::ir::Tenancy;

use super::Ctx;
use super::docs::{code, doc};
use super::model::Model;

/// Nothing for a schema without a tenant root.
pub fn emit(ctx: &Ctx, model: &Model) -> TokenStream {
    let Some(scope) = &model.scope else {
        return quote!();
    };
    let rt = &ctx.rt;
    let p = &ctx.private;
    let name = &scope.ident;
    let unscoped = &scope.unscoped;
    let id = &scope.id.tokens;
    let root_name = &scope.root;
    let copy = scope.id.copy.then(|| quote!(Copy,));
    let eq = scope.id.eq.then(|| quote!(Eq, Hash,));
    let user = ctx.user_attributes(root_name, name);

    let scoped: Vec<_> = model
        .tables
        .iter()
        .filter(|t| t.ir.tenancy.is_scoped())
        .collect();
    let root = model.tables.iter().find(|t| t.ir.tenancy == Tenancy::Root);
    let scoped_list: Vec<String> = scoped.iter().map(|t| code(&t.ir.name)).collect();

    let summary = format!(
        "A tenant scope: one row of {}, whose tenant-scoped tables ({}) are reachable only \
         through it.",
        code(root_name),
        scoped_list.join(", ")
    );
    let rules = "Every statement of its helpers filters on the tenant, and inserts take the \
                 tenant from the scope; a row of another tenant behaves as a missing one. \
                 [`begin`](Self::begin) opens a transaction in which Row-Level Security policies \
                 (when the DDL has them) see the same tenant.";
    let escape =
        format!("The same reads and writes across tenants exist only behind [`{unscoped}`].");
    let docs = doc([Some(summary.as_str()), Some(rules), Some(&escape)]);
    let hatch_doc = doc([
        Some("Every tenant's rows, with no tenant filter."),
        Some(
            format!(
                "The name is meant to stand out in review: use a [`{name}`] wherever a tenant \
                 is known."
            )
            .as_str(),
        ),
    ]);

    let accessors = scoped.iter().map(|t| {
        let accessor = &t.accessor;
        let queries = &t.queries;
        let docs = doc([Some(
            format!("The helpers of {} within this scope.", code(&t.ir.name)).as_str(),
        )]);
        quote! {
            #docs
            #[must_use]
            pub const fn #accessor(&self) -> #queries<'_> {
                #queries { scope: self }
            }
        }
    });
    let root_accessor = root.map(|t| {
        let accessor = &scope.root_accessor;
        let queries = &t.queries;
        let docs = doc([Some(
            format!(
                "The helpers of the scope's own row of {}: read, update or delete it.",
                code(&t.ir.name)
            )
            .as_str(),
        )]);
        quote! {
            #docs
            #[must_use]
            pub const fn #accessor(&self) -> #queries<'_> {
                #queries { scope: self }
            }
        }
    });

    let unscoped_tables = root.into_iter().chain(scoped.iter().copied());
    let unscoped_accessors = unscoped_tables.map(|t| {
        let accessor = &t.accessor;
        let queries = &t.unscoped_queries;
        let docs = doc([Some(
            format!("The helpers of {} across every tenant.", code(&t.ir.name)).as_str(),
        )]);
        quote! {
            #docs
            #[must_use]
            pub const fn #accessor(&self) -> #queries {
                #queries { _private: () }
            }
        }
    });
    let unscoped_docs = doc([
        Some(
            format!(
                "The escape hatch: the helpers of the tenant root and of the tenant-scoped tables \
                 across every tenant, with no tenant filter. For operator tooling, and for \
                 finding the tenant (by slug, by an API key's hash) before a request has a \
                 scope; everything else goes through a [`{name}`]."
            )
            .as_str(),
        ),
        Some(
            "With Row-Level Security in the DDL, these helpers see rows only on a connection \
             whose role bypasses it (a superuser or a role with `BYPASSRLS`).",
        ),
    ]);

    quote! {
        #docs
        #[derive(Debug, Clone, #copy PartialEq, #eq)]
        #user
        pub struct #name {
            tenant_id: #id,
        }

        impl #name {
            /// The scope of one tenant.
            #[must_use]
            pub const fn new(tenant_id: #id) -> Self {
                Self { tenant_id }
            }

            /// The tenant's id.
            #[must_use]
            pub const fn tenant_id(&self) -> &#id {
                &self.tenant_id
            }

            /// Begins a transaction (a savepoint inside one) in which the setting
            /// `app.tenant_id` holds this tenant, local to the transaction, for Row-Level
            /// Security policies. Run the helpers (and any SQL of your own) on it.
            pub async fn begin<'c, A>(
                &self,
                conn: A,
            ) -> ::core::result::Result<#p::sqlx::Transaction<'c, #p::sqlx::Postgres>, #rt::Error>
            where
                A: #p::sqlx::Acquire<'c, Database = #p::sqlx::Postgres>,
            {
                #rt::begin(self, conn).await
            }

            #root_accessor
            #(#accessors)*
        }

        impl #rt::Scope for #name {
            const ROOT_TABLE: &'static str = #root_name;

            fn tenant_key(&self) -> ::std::string::String {
                ::std::string::ToString::to_string(&self.tenant_id)
            }
        }

        #unscoped_docs
        #[derive(Debug, Clone, Copy)]
        pub struct #unscoped {
            _private: (),
        }

        impl #unscoped {
            #hatch_doc
            #[must_use]
            pub const fn i_am_bypassing_tenant_isolation() -> Self {
                Self { _private: () }
            }

            #(#unscoped_accessors)*
        }
    }
}
