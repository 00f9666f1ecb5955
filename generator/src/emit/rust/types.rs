//! Rust types for Postgres column types.

use schemaforge_schema::ir::{ColumnType, ScalarType};

use super::Ctx;
use super::options::TimeCrate;

/// A column's Rust type (without the `Option` of a nullable column) and what it can derive.
#[derive(Debug, Clone)]
pub struct RustType {
    /// The type as Rust source, e.g. `::std::string::String`.
    pub ty: String,
    /// Whether the type is `Copy` (`Uuid`, integers, dates), so that types holding it can
    /// derive `Copy`.
    pub copy: bool,
    /// Whether the type is `Eq` (floats and `serde_json::Value` are not), so that the row can
    /// derive `Eq`.
    pub eq: bool,
    /// An `OffsetDateTime` (time crate) or an array of them, which serde writes as RFC 3339
    /// through `with`.
    pub offset_date_time: bool,
}

impl RustType {
    fn new(ty: String, copy: bool, eq: bool) -> RustType {
        RustType {
            ty,
            copy,
            eq,
            offset_date_time: false,
        }
    }

    pub(crate) fn error(message: &str) -> RustType {
        RustType::new(format!("::core::compile_error!({message:?})"), false, true)
    }

    /// `Option<T>` when nullable.
    pub fn nullable(&self, nullable: bool) -> String {
        if nullable {
            format!("::core::option::Option<{}>", self.ty)
        } else {
            self.ty.clone()
        }
    }
}

/// The Rust type of a built-in Postgres type. `rust_type` is the column's `rust_type(...)`
/// for json and jsonb.
pub fn scalar(ctx: &Ctx, ty: ScalarType, rust_type: Option<&str>) -> RustType {
    // The type crates by their public re-exports, which readers see in the types.
    let p = &ctx.rt;
    let time_crate = ctx.options.time_crate;
    let (ty, copy, eq) = match ty {
        ScalarType::Uuid => (format!("{p}::uuid::Uuid"), true, true),
        ScalarType::Text | ScalarType::Varchar(_) | ScalarType::Char(_) => {
            ("::std::string::String".to_string(), false, true)
        }
        ScalarType::Boolean => ("bool".to_string(), true, true),
        ScalarType::Smallint => ("i16".to_string(), true, true),
        ScalarType::Integer => ("i32".to_string(), true, true),
        ScalarType::Bigint => ("i64".to_string(), true, true),
        ScalarType::Real => ("f32".to_string(), true, false),
        ScalarType::DoublePrecision => ("f64".to_string(), true, false),
        ScalarType::Numeric(_) => (format!("{p}::rust_decimal::Decimal"), true, true),
        ScalarType::Timestamptz(_) => {
            let t = match time_crate {
                TimeCrate::Chrono => format!("{p}::chrono::DateTime<{p}::chrono::Utc>"),
                TimeCrate::Time => format!("{p}::time::OffsetDateTime"),
            };
            let mut rust = RustType::new(t, true, true);
            rust.offset_date_time = time_crate == TimeCrate::Time;
            return rust;
        }
        ScalarType::Timestamp(_) => match time_crate {
            TimeCrate::Chrono => (format!("{p}::chrono::NaiveDateTime"), true, true),
            TimeCrate::Time => (format!("{p}::time::PrimitiveDateTime"), true, true),
        },
        ScalarType::Date => match time_crate {
            TimeCrate::Chrono => (format!("{p}::chrono::NaiveDate"), true, true),
            TimeCrate::Time => (format!("{p}::time::Date"), true, true),
        },
        ScalarType::Time(_) => match time_crate {
            TimeCrate::Chrono => (format!("{p}::chrono::NaiveTime"), true, true),
            TimeCrate::Time => (format!("{p}::time::Time"), true, true),
        },
        // sqlx's `PgInterval` has no serde, so the runtime has its own.
        ScalarType::Interval => (format!("{}::Interval", ctx.rt), true, true),
        ScalarType::Json | ScalarType::Jsonb => match rust_type {
            None => (format!("{p}::serde_json::Value"), false, true),
            Some(path) => match syn::parse_str::<syn::Type>(path) {
                // The user's type must be PartialEq (rows derive it); Eq is not required.
                Ok(_) => (format!("{p}::Json<{}>", path.trim()), false, false),
                Err(_) => {
                    let message = format!("schemaforge: `rust_type({path})` is not a Rust type");
                    return RustType::error(&message);
                }
            },
        },
        ScalarType::Bytea => ("::std::vec::Vec<u8>".to_string(), false, true),
        // sqlx reads and writes `cidr` as `IpNetwork` too.
        ScalarType::Inet | ScalarType::Cidr => (format!("{p}::ipnetwork::IpNetwork"), true, true),
        ScalarType::Citext | ScalarType::Name => ("::std::string::String".to_string(), false, true),
        // sqlx's own types for these have no serde (or need features of sqlx's): the
        // runtime's read Postgres's binary format.
        ScalarType::Money => (format!("{}::Money", ctx.rt), true, true),
        ScalarType::Macaddr => (format!("{}::MacAddr", ctx.rt), true, true),
        ScalarType::Bit(_) | ScalarType::Varbit(_) => (format!("{}::Bits", ctx.rt), false, true),
        ScalarType::Xml => (format!("{}::Xml", ctx.rt), false, true),
        ScalarType::Tsvector => (format!("{}::TsVector", ctx.rt), false, true),
        ScalarType::Timetz(_) => (format!("{}::TimeTz", ctx.rt), true, true),
        ScalarType::Macaddr8 => (format!("{}::MacAddr8", ctx.rt), true, true),
        ScalarType::Oid => (format!("{p}::sqlx::postgres::types::Oid"), true, true),
    };
    RustType::new(ty, copy, eq)
}

/// `Vec<T>` of an element type. sqlx has no multi-dimensional arrays.
pub fn array(element: &ColumnType, inner: RustType) -> RustType {
    if matches!(element, ColumnType::Array(_)) {
        return RustType::error(
            "schemaforge: multi-dimensional arrays are not supported in Rust (sqlx decodes one dimension)",
        );
    }
    let mut rust = RustType::new(format!("::std::vec::Vec<{}>", inner.ty), false, inner.eq);
    rust.offset_date_time = inner.offset_date_time;
    rust
}

/// Whether a foreign key column of type `column` holds its target key's typed id, whose key
/// is of type `key`: when Rust holds the two as one type (`varchar(64)` beside `text`), not
/// when only Postgres compares them (an `integer` column beside a `bigint` key keeps its
/// `i32`).
pub fn shares_id(column: &ColumnType, key: &ColumnType) -> bool {
    fn repr(ty: &ColumnType) -> Option<ScalarType> {
        match ty {
            ColumnType::Scalar(ScalarType::Varchar(_) | ScalarType::Char(_)) => {
                Some(ScalarType::Text)
            }
            ColumnType::Scalar(s) => Some(*s),
            _ => None,
        }
    }
    id_capable(key) && repr(column).is_some() && repr(column) == repr(key)
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
