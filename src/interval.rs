use serde::{Deserialize, Serialize};
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::postgres::types::PgInterval;
use sqlx::postgres::{PgArgumentBuffer, PgHasArrayType, PgTypeInfo, PgValueRef};
use sqlx::{Decode, Encode, Postgres, Type};

/// A Postgres `interval`: sqlx's `PgInterval`, plus serde. Months and days are kept apart from
/// the time part, as Postgres keeps them, because their length in time varies.
///
/// ```
/// use schemaforge::Interval;
///
/// let week = Interval { months: 0, days: 7, microseconds: 0 };
/// assert_eq!(serde_json::to_string(&week).unwrap(), r#"{"months":0,"days":7,"microseconds":0}"#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Interval {
    /// Whole months.
    pub months: i32,
    /// Whole days.
    pub days: i32,
    /// The time part.
    pub microseconds: i64,
}

impl From<PgInterval> for Interval {
    fn from(i: PgInterval) -> Interval {
        Interval {
            months: i.months,
            days: i.days,
            microseconds: i.microseconds,
        }
    }
}

impl From<Interval> for PgInterval {
    fn from(i: Interval) -> PgInterval {
        PgInterval {
            months: i.months,
            days: i.days,
            microseconds: i.microseconds,
        }
    }
}

impl Type<Postgres> for Interval {
    fn type_info() -> PgTypeInfo {
        <PgInterval as Type<Postgres>>::type_info()
    }
}

impl PgHasArrayType for Interval {
    fn array_type_info() -> PgTypeInfo {
        <PgInterval as PgHasArrayType>::array_type_info()
    }
}

impl Encode<'_, Postgres> for Interval {
    fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
        <PgInterval as Encode<'_, Postgres>>::encode(PgInterval::from(*self), buf)
    }

    fn size_hint(&self) -> usize {
        2 * size_of::<i64>()
    }
}

impl<'r> Decode<'r, Postgres> for Interval {
    fn decode(value: PgValueRef<'r>) -> Result<Interval, BoxDynError> {
        <PgInterval as Decode<'r, Postgres>>::decode(value).map(Interval::from)
    }
}
