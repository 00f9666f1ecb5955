//! Rust types for Postgres column types.

use proc_macro2::TokenStream;
use quote::quote;
use schemaforge_schema::ir::{ColumnType, ScalarType};

use super::Ctx;
use super::options::TimeCrate;

/// A column's Rust type (without the `Option` of a nullable column) and what it can derive.
#[derive(Debug, Clone)]
pub struct RustType {
    pub tokens: TokenStream,
    pub copy: bool,
    pub eq: bool,
    /// An `OffsetDateTime` (time crate) or an array of them, which serde writes as RFC 3339
    /// through `with`.
    pub offset_date_time: bool,
}

impl RustType {
    fn new(tokens: TokenStream, copy: bool, eq: bool) -> RustType {
        RustType {
            tokens,
            copy,
            eq,
            offset_date_time: false,
        }
    }

    pub(crate) fn error(message: &str) -> RustType {
        RustType::new(quote!(::core::compile_error!(#message)), false, true)
    }

    /// `Option<T>` when nullable.
    pub fn nullable(&self, nullable: bool) -> TokenStream {
        let tokens = &self.tokens;
        if nullable {
            quote!(::core::option::Option<#tokens>)
        } else {
            tokens.clone()
        }
    }
}

/// The Rust type of a built-in Postgres type. `rust_type` is the column's `rust_type(...)`
/// for json and jsonb.
pub fn scalar(ctx: &Ctx, ty: ScalarType, rust_type: Option<&str>) -> RustType {
    let p = &ctx.private;
    let chrono = quote!(#p::chrono);
    let time = quote!(#p::time);
    let time_crate = ctx.options.time_crate;
    let (tokens, copy, eq) = match ty {
        ScalarType::Uuid => (quote!(#p::uuid::Uuid), true, true),
        ScalarType::Text | ScalarType::Varchar(_) | ScalarType::Char(_) => {
            (quote!(::std::string::String), false, true)
        }
        ScalarType::Boolean => (quote!(bool), true, true),
        ScalarType::Smallint => (quote!(i16), true, true),
        ScalarType::Integer => (quote!(i32), true, true),
        ScalarType::Bigint => (quote!(i64), true, true),
        ScalarType::Real => (quote!(f32), true, false),
        ScalarType::DoublePrecision => (quote!(f64), true, false),
        ScalarType::Numeric(_) => (quote!(#p::rust_decimal::Decimal), true, true),
        ScalarType::Timestamptz => {
            let t = match time_crate {
                TimeCrate::Chrono => quote!(#chrono::DateTime<#chrono::Utc>),
                TimeCrate::Time => quote!(#time::OffsetDateTime),
            };
            let mut rust = RustType::new(t, true, true);
            rust.offset_date_time = time_crate == TimeCrate::Time;
            return rust;
        }
        ScalarType::Timestamp => match time_crate {
            TimeCrate::Chrono => (quote!(#chrono::NaiveDateTime), true, true),
            TimeCrate::Time => (quote!(#time::PrimitiveDateTime), true, true),
        },
        ScalarType::Date => match time_crate {
            TimeCrate::Chrono => (quote!(#chrono::NaiveDate), true, true),
            TimeCrate::Time => (quote!(#time::Date), true, true),
        },
        ScalarType::Time => match time_crate {
            TimeCrate::Chrono => (quote!(#chrono::NaiveTime), true, true),
            TimeCrate::Time => (quote!(#time::Time), true, true),
        },
        // sqlx's `PgInterval` has no serde, so the runtime has its own.
        ScalarType::Interval => {
            let rt = &ctx.rt;
            (quote!(#rt::Interval), true, true)
        }
        ScalarType::Json | ScalarType::Jsonb => match rust_type {
            None => (quote!(#p::serde_json::Value), false, true),
            Some(path) => match syn::parse_str::<syn::Type>(path) {
                // The user's type must be PartialEq (rows derive it); Eq is not required.
                Ok(user) => (quote!(#p::sqlx::types::Json<#user>), false, false),
                Err(_) => {
                    let message = format!("schemaforge: `rust_type({path})` is not a Rust type");
                    return RustType::error(&message);
                }
            },
        },
        ScalarType::Bytea => (quote!(::std::vec::Vec<u8>), false, true),
        ScalarType::Inet => (quote!(#p::ipnetwork::IpNetwork), true, true),
    };
    RustType::new(tokens, copy, eq)
}

/// `Vec<T>` of an element type. sqlx has no multi-dimensional arrays.
pub fn array(element: &ColumnType, inner: RustType) -> RustType {
    if matches!(element, ColumnType::Array(_)) {
        return RustType::error(
            "schemaforge: multi-dimensional arrays are not supported in Rust (sqlx decodes one dimension)",
        );
    }
    let tokens = inner.tokens;
    let mut rust = RustType::new(quote!(::std::vec::Vec<#tokens>), false, inner.eq);
    rust.offset_date_time = inner.offset_date_time;
    rust
}

/// Whether a primary key of this type gets a typed id: the type must be `Eq + Hash + Ord`
/// and read naturally as an id.
pub fn id_capable(ty: &ColumnType) -> bool {
    matches!(
        ty,
        ColumnType::Scalar(
            ScalarType::Uuid
                | ScalarType::Text
                | ScalarType::Varchar(_)
                | ScalarType::Char(_)
                | ScalarType::Smallint
                | ScalarType::Integer
                | ScalarType::Bigint
        )
    )
}
