//! A typed id for each table whose primary key is one column: `OrganizationId(Uuid)`.

use proc_macro2::TokenStream;
use quote::quote;

use super::Ctx;
use super::docs::{code, doc};
use super::model::{IdModel, TableModel};

pub fn emit(ctx: &Ctx, table: &TableModel, id: &IdModel) -> TokenStream {
    let p = &ctx.private;
    let name = &id.ident;
    let row = &table.row;
    let inner = &id.inner.tokens;
    let serde_crate = &ctx.serde_crate;
    let serde = ctx.serde_derives();
    let copy = id.inner.copy.then(|| quote!(Copy,));
    let user = ctx.user_attributes(&table.ir.name, name);
    let note = format!(
        "The primary key of [`{row}`]: {}. Foreign keys to it have this type too.",
        code(&format!("{}.{}", table.ir.name, id.column))
    );
    let docs = doc([Some(note.as_str())]);

    let sqlx = quote!(#p::sqlx);
    let pg = quote!(#sqlx::postgres);
    let postgres = quote!(#sqlx::Postgres);

    quote! {
        #docs
        #[derive(Debug, Clone, #copy PartialEq, Eq, Hash, PartialOrd, Ord, #serde)]
        #[serde(crate = #serde_crate, transparent)]
        #user
        pub struct #name(pub #inner);

        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(&self.0, f)
            }
        }

        impl ::core::str::FromStr for #name {
            type Err = <#inner as ::core::str::FromStr>::Err;

            fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                <#inner as ::core::str::FromStr>::from_str(s).map(Self)
            }
        }

        impl ::core::convert::From<#inner> for #name {
            fn from(id: #inner) -> Self {
                Self(id)
            }
        }

        impl ::core::convert::From<#name> for #inner {
            fn from(id: #name) -> Self {
                id.0
            }
        }

        impl #sqlx::Type<#postgres> for #name {
            fn type_info() -> #pg::PgTypeInfo {
                <#inner as #sqlx::Type<#postgres>>::type_info()
            }

            fn compatible(ty: &#pg::PgTypeInfo) -> bool {
                <#inner as #sqlx::Type<#postgres>>::compatible(ty)
            }
        }

        impl #pg::PgHasArrayType for #name {
            fn array_type_info() -> #pg::PgTypeInfo {
                <#inner as #pg::PgHasArrayType>::array_type_info()
            }

            fn array_compatible(ty: &#pg::PgTypeInfo) -> bool {
                <#inner as #pg::PgHasArrayType>::array_compatible(ty)
            }
        }

        impl #sqlx::Encode<'_, #postgres> for #name {
            fn encode_by_ref(
                &self,
                buf: &mut #pg::PgArgumentBuffer,
            ) -> ::core::result::Result<#sqlx::encode::IsNull, #sqlx::error::BoxDynError> {
                <#inner as #sqlx::Encode<'_, #postgres>>::encode_by_ref(&self.0, buf)
            }

            fn produces(&self) -> ::core::option::Option<#pg::PgTypeInfo> {
                <#inner as #sqlx::Encode<'_, #postgres>>::produces(&self.0)
            }

            fn size_hint(&self) -> usize {
                <#inner as #sqlx::Encode<'_, #postgres>>::size_hint(&self.0)
            }
        }

        impl<'r> #sqlx::Decode<'r, #postgres> for #name {
            fn decode(value: #pg::PgValueRef<'r>) -> ::core::result::Result<Self, #sqlx::error::BoxDynError> {
                <#inner as #sqlx::Decode<'r, #postgres>>::decode(value).map(Self)
            }
        }
    }
}
