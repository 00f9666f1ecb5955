//! What a row's serde does with each field, by its kind: the functions [`__row_serde`]
//! calls, so that the generated impls are a line per field and the logic is compiled once.
//!
//! [`__row_serde`]: crate::__row_serde

use serde::de::{self, IgnoredAny, MapAccess};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize};

/// The next key of a row's map, owned (formats may not lend their keys).
pub fn key<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<String>, A::Error> {
    map.next_key::<String>()
}

/// Reads the value of the field `name` into `slot`; a field given twice is an error.
pub fn slot<'de, A, T>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    if slot.is_some() {
        return Err(<A::Error as de::Error>::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Skips the value of a key that is no column (another version's, or another type's).
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// A column that is never NULL: serialized, and required.
pub mod req {
    use super::*;

    /// Counts towards the serialized struct's length.
    pub const COUNTED: usize = 1;

    /// Serializes the field.
    pub fn ser<S: SerializeStruct, T: Serialize + ?Sized>(
        s: &mut S,
        name: &'static str,
        value: &T,
    ) -> Result<(), S::Error> {
        s.serialize_field(name, value)
    }

    /// The value read, or the error of a missing field.
    pub fn take<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
        slot.ok_or_else(|| E::missing_field(name))
    }
}

/// A nullable column: serialized (`null` for NULL), and NULL when missing.
pub mod opt {
    use super::*;

    /// Counts towards the serialized struct's length.
    pub const COUNTED: usize = 1;

    pub use super::req::ser;

    /// The value read; a missing field is NULL.
    pub fn take<T, E: de::Error>(
        slot: Option<Option<T>>,
        _name: &'static str,
    ) -> Result<Option<T>, E> {
        Ok(slot.flatten())
    }
}

/// A `sensitive` column that is never NULL: never serialized, and required when read.
pub mod secret {
    use super::*;

    /// Not in the serialized struct.
    pub const COUNTED: usize = 0;

    /// Writes nothing: a secret does not leave the process through serde.
    pub fn ser<S: SerializeStruct, T: ?Sized>(
        _s: &mut S,
        _name: &'static str,
        _value: &T,
    ) -> Result<(), S::Error> {
        Ok(())
    }

    pub use super::req::take;
}

/// A nullable `sensitive` column: never serialized, and NULL when missing.
pub mod opt_secret {
    /// Not in the serialized struct.
    pub const COUNTED: usize = 0;

    pub use super::opt::take;
    pub use super::secret::ser;
}
