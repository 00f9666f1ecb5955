//! serde for the `time` crate's types where `time::serde` has no module.

/// Arrays of `time::OffsetDateTime` as RFC 3339 strings, as `time::serde::rfc3339` does for
/// one value, so that a `timestamptz[]` column serializes like a `timestamptz` one. Generated
/// row types name this module in `#[serde(with = "…")]`.
pub mod rfc3339_vec {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use time::OffsetDateTime;

    struct Rfc3339<'a>(&'a OffsetDateTime);

    impl Serialize for Rfc3339<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            time::serde::rfc3339::serialize(self.0, serializer)
        }
    }

    #[derive(Deserialize)]
    struct Item(#[serde(with = "time::serde::rfc3339")] OffsetDateTime);

    /// Serializes every element as RFC 3339.
    pub fn serialize<S: Serializer>(
        values: &[OffsetDateTime],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(values.iter().map(Rfc3339))
    }

    /// Reads a sequence of RFC 3339 strings.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<OffsetDateTime>, D::Error> {
        let items = Vec::<Item>::deserialize(deserializer)?;
        Ok(items.into_iter().map(|item| item.0).collect())
    }

    /// The same for a nullable array.
    pub mod option {
        use super::*;

        /// Serializes `None` as null, and every element of `Some` as RFC 3339.
        pub fn serialize<S: Serializer>(
            values: &Option<Vec<OffsetDateTime>>,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            match values {
                Some(values) => serializer.collect_seq(values.iter().map(Rfc3339)),
                None => serializer.serialize_none(),
            }
        }

        /// Reads null or a sequence of RFC 3339 strings.
        pub fn deserialize<'de, D: Deserializer<'de>>(
            deserializer: D,
        ) -> Result<Option<Vec<OffsetDateTime>>, D::Error> {
            let items = Option::<Vec<Item>>::deserialize(deserializer)?;
            Ok(items.map(|items| items.into_iter().map(|item| item.0).collect()))
        }
    }
}
