//! The typed id of a table's one-column primary key: [`Id<T, K>`], one generic type whose
//! trait impls are written here once. A generated `TaskId` is `Id<Task, Uuid>`, so ids of two
//! tables are two types, while no table adds an impl of its own for the compiler to check.

use core::cmp::Ordering;
use core::fmt;
use core::hash::{Hash, Hasher};
use core::marker::PhantomData;
use core::str::FromStr;

use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::postgres::{PgArgumentBuffer, PgHasArrayType, PgTypeInfo, PgValueRef};
use sqlx::{Decode, Encode, Postgres, Type};

use crate::Table;

/// The value of table `T`'s one-column primary key, of Rust type `K`, and of every foreign key
/// to it: generated code names it per table (`pub type TaskId = Id<Task, Uuid>;`), so a
/// `TaskId` given where a `UserId` is expected does not compile.
///
/// It is `K` to Postgres and to serde (transparent), and compares, hashes, prints and parses
/// as `K`. Build one with [`Id::new`] or `From<K>`; `.0` is the key.
///
/// ```
/// use schemaforge::{Id, Table};
///
/// struct Note;
/// impl Table for Note {
///     const NAME: &'static str = "notes";
///     const COLUMNS: &'static [&'static str] = &["id"];
///     const PRIMARY_KEY: &'static [&'static str] = &["id"];
/// }
/// type NoteId = Id<Note, i64>;
///
/// let id = NoteId::new(7);
/// assert_eq!(id.0, 7);
/// assert_eq!(id, NoteId::from(7));
/// assert_eq!("7".parse::<NoteId>().unwrap(), id);
/// assert_eq!(format!("{id} {id:?}"), "7 NoteId(7)");
/// ```
#[repr(transparent)]
pub struct Id<T: ?Sized, K>(pub K, PhantomData<fn() -> T>);

impl<T: ?Sized, K> Id<T, K> {
    /// The id of this key value.
    #[must_use]
    pub const fn new(key: K) -> Self {
        Id(key, PhantomData)
    }

    /// The key value.
    #[must_use]
    pub fn into_inner(self) -> K {
        self.0
    }
}

impl<T: ?Sized, K> From<K> for Id<T, K> {
    fn from(key: K) -> Self {
        Id::new(key)
    }
}

impl<T: ?Sized, K> AsRef<K> for Id<T, K> {
    fn as_ref(&self) -> &K {
        &self.0
    }
}

impl<T: ?Sized, K: Clone> Clone for Id<T, K> {
    fn clone(&self) -> Self {
        Id::new(self.0.clone())
    }
}

impl<T: ?Sized, K: Copy> Copy for Id<T, K> {}

impl<T: ?Sized, K: PartialEq> PartialEq for Id<T, K> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl<T: ?Sized, K: Eq> Eq for Id<T, K> {}

impl<T: ?Sized, K: PartialOrd> PartialOrd for Id<T, K> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        self.0.partial_cmp(&other.0)
    }
}

impl<T: ?Sized, K: Ord> Ord for Id<T, K> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.cmp(&other.0)
    }
}

impl<T: ?Sized, K: Hash> Hash for Id<T, K> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

/// `NoteId(7)`: the name generated code gives the id, from the table's row type.
impl<T: ?Sized, K: fmt::Debug> fmt::Debug for Id<T, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let row = core::any::type_name::<T>();
        let row = row.rsplit("::").next().unwrap_or(row);
        write!(f, "{row}Id(")?;
        fmt::Debug::fmt(&self.0, f)?;
        f.write_str(")")
    }
}

impl<T: ?Sized, K: fmt::Display> fmt::Display for Id<T, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl<T: ?Sized, K: FromStr> FromStr for Id<T, K> {
    type Err = K::Err;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        K::from_str(s).map(Id::new)
    }
}

impl<T: ?Sized, K: Type<Postgres>> Type<Postgres> for Id<T, K> {
    fn type_info() -> PgTypeInfo {
        K::type_info()
    }
    fn compatible(ty: &PgTypeInfo) -> bool {
        K::compatible(ty)
    }
}

impl<T: ?Sized, K: PgHasArrayType> PgHasArrayType for Id<T, K> {
    fn array_type_info() -> PgTypeInfo {
        K::array_type_info()
    }
    fn array_compatible(ty: &PgTypeInfo) -> bool {
        K::array_compatible(ty)
    }
}

impl<'q, T: ?Sized, K: Encode<'q, Postgres>> Encode<'q, Postgres> for Id<T, K> {
    fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
        self.0.encode_by_ref(buf)
    }
    fn size_hint(&self) -> usize {
        self.0.size_hint()
    }
}

impl<'r, T: ?Sized, K: Decode<'r, Postgres>> Decode<'r, Postgres> for Id<T, K> {
    fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
        K::decode(value).map(Id::new)
    }
}

impl<T: ?Sized, K: serde::Serialize> serde::Serialize for Id<T, K> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de, T: ?Sized, K: serde::Deserialize<'de>> serde::Deserialize<'de> for Id<T, K> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        K::deserialize(deserializer).map(Id::new)
    }
}

/// What `#[derive(Table)]` says of its table's key, for [`TableId`](crate::TableId) of the
/// table's [`Id`]: the key's column and Postgres type. Not implemented by hand.
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a table with a typed id",
    label = "a foreign key field has the id type of the table it references",
    note = "`#[derive(Table)]` defines the id type of a table whose primary key is one column, e.g. `OrganizationId` for `struct Organization`"
)]
pub trait KeyFacts: Table {
    /// The primary key column.
    const KEY_COLUMN: &'static str;
    /// The key's Postgres type, e.g. `uuid`.
    const KEY_PG_TYPE: &'static str;
}

impl<T: KeyFacts, K> crate::TableId for Id<T, K> {
    type Table = T;
    const TABLE: &'static str = T::NAME;
    const COLUMN: &'static str = T::KEY_COLUMN;
    const PG_TYPE: &'static str = T::KEY_PG_TYPE;
}
