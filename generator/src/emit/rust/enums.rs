//! A Rust enum for each Postgres enum.

use proc_macro2::TokenStream;
use quote::quote;

use super::Ctx;
use super::docs::{code, doc};
use super::model::EnumModel;
use super::names::pg_type_name;

pub fn emit(ctx: &Ctx, e: &EnumModel) -> TokenStream {
    let rt = &ctx.rt;
    let p = &ctx.private;
    let name = &e.ident;
    let pg_name = &e.ir.name;
    let serde_crate = &ctx.serde_crate;
    let serde = ctx.serde_derives();
    let user = ctx.user_attributes(pg_name, name);
    let note = format!("The Postgres enum {}.", code(pg_name));
    let docs = doc([e.ir.doc.as_deref(), Some(&note)]);

    let values: Vec<&str> = e.ir.values.iter().map(|v| v.name.as_str()).collect();
    let variants = &e.variants;
    let variant_defs = e.ir.values.iter().zip(variants).map(|(value, variant)| {
        let fallback = format!("The value {}.", code(&value.name));
        let docs = doc([Some(value.doc.as_deref().unwrap_or(&fallback))]);
        let value = &value.name;
        quote! {
            #docs
            #[serde(rename = #value)]
            #variant,
        }
    });

    let sqlx = quote!(#p::sqlx);
    let pg = quote!(#sqlx::postgres);
    let type_name = pg_type_name(pg_name);

    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, #serde)]
        #[serde(crate = #serde_crate)]
        #user
        pub enum #name {
            #(#variant_defs)*
        }

        impl #name {
            /// Every value, in the schema's order (which is also Postgres's sort order).
            pub const ALL: &[Self] = &[#(Self::#variants),*];

            /// The value's name in Postgres.
            #[must_use]
            pub const fn as_str(&self) -> &'static str {
                match *self {
                    #(Self::#variants => #values,)*
                }
            }
        }

        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::core::str::FromStr for #name {
            type Err = #rt::ParseEnumError;

            fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                match s {
                    #(#values => ::core::result::Result::Ok(Self::#variants),)*
                    _ => ::core::result::Result::Err(#rt::ParseEnumError::new(#pg_name, s)),
                }
            }
        }

        impl #sqlx::Type<#sqlx::Postgres> for #name {
            fn type_info() -> #pg::PgTypeInfo {
                #pg::PgTypeInfo::with_name(#type_name)
            }
        }

        impl #pg::PgHasArrayType for #name {
            fn array_type_info() -> #pg::PgTypeInfo {
                #pg::PgTypeInfo::array_of(#type_name)
            }
        }

        impl #sqlx::Encode<'_, #sqlx::Postgres> for #name {
            fn encode_by_ref(
                &self,
                buf: &mut #pg::PgArgumentBuffer,
            ) -> ::core::result::Result<#sqlx::encode::IsNull, #sqlx::error::BoxDynError> {
                <&str as #sqlx::Encode<'_, #sqlx::Postgres>>::encode(self.as_str(), buf)
            }

            fn size_hint(&self) -> usize {
                self.as_str().len()
            }
        }

        impl<'r> #sqlx::Decode<'r, #sqlx::Postgres> for #name {
            fn decode(value: #pg::PgValueRef<'r>) -> ::core::result::Result<Self, #sqlx::error::BoxDynError> {
                let s = <&'r str as #sqlx::Decode<'r, #sqlx::Postgres>>::decode(value)?;
                <Self as ::core::str::FromStr>::from_str(s).map_err(::core::convert::Into::into)
            }
        }
    }
}
