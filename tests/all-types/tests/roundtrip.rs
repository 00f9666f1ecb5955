//! Every column of `tests/fixtures/good/all_types` through a real Postgres, once with the types
//! generated for `chrono` and once with those generated for `time`: rows are inserted with
//! plain sqlx, binding the fields of the generated insert types, read back as the generated
//! row types and compared whole.

mod support;

use std::str::FromStr;

use rust_decimal::Decimal;
use schemaforge::Interval;
use schemaforge_all_types_test::Settings;
use serde_json::json;
use sqlx::PgPool;
use sqlx::types::Json;
use support::{Insert, Update, all_rows, assert_table_metadata, database};

fn decimal(text: &str) -> Decimal {
    Decimal::from_str(text).expect("a decimal literal")
}

fn inet(text: &str) -> ipnetwork::IpNetwork {
    text.parse().expect("an inet literal")
}

/// Dates and times as `chrono` types.
mod chrono_values {
    use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};

    pub fn date(year: i32, month: u8, day: u8) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month.into(), day.into()).expect("a valid date")
    }

    pub fn time(hour: u8, minute: u8, second: u8, micro: u32) -> NaiveTime {
        NaiveTime::from_hms_micro_opt(hour.into(), minute.into(), second.into(), micro)
            .expect("a valid time")
    }

    pub fn timestamp(date: NaiveDate, time: NaiveTime) -> NaiveDateTime {
        date.and_time(time)
    }

    pub fn timestamptz(date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
        date.and_time(time).and_utc()
    }

    /// Whether `t` is within a minute of now: a `now()` default.
    pub fn is_recent(t: DateTime<Utc>) -> bool {
        (Utc::now() - t).num_seconds().abs() < 60
    }
}

/// The same dates and times as `time` types.
mod time_values {
    use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};

    pub fn date(year: i32, month: u8, day: u8) -> Date {
        let month = Month::try_from(month).expect("a valid month");
        Date::from_calendar_date(year, month, day).expect("a valid date")
    }

    pub fn time(hour: u8, minute: u8, second: u8, micro: u32) -> Time {
        Time::from_hms_micro(hour, minute, second, micro).expect("a valid time")
    }

    pub fn timestamp(date: Date, time: Time) -> PrimitiveDateTime {
        PrimitiveDateTime::new(date, time)
    }

    pub fn timestamptz(date: Date, time: Time) -> OffsetDateTime {
        PrimitiveDateTime::new(date, time).assume_utc()
    }

    pub fn is_recent(t: OffsetDateTime) -> bool {
        (OffsetDateTime::now_utc() - t).whole_seconds().abs() < 60
    }
}

/// The same tests for a module of generated types (`$types`) and the date and time values
/// of its crate (`$values`).
macro_rules! round_trips {
    ($types:ident, $values:ident) => {
        mod $types {
            use super::*;
            use super::$values as v;
            use schemaforge_all_types_test::$types as db;

            async fn account(pool: &PgPool, name: &str) -> db::AccountId {
                insert_account(pool, db::NewAccount::new(name.to_string()))
                    .await
                    .id
            }

            async fn insert_account(pool: &PgPool, new: db::NewAccount) -> db::Account {
                let db::NewAccount {
                    id,
                    name,
                    settings,
                    extra,
                } = new;
                Insert::into("accounts")
                    .optional("id", id)
                    .required("name", name)
                    .optional("settings", settings)
                    .optional("extra", extra)
                    .fetch(pool)
                    .await
            }

            #[tokio::test]
            async fn a_json_column_reads_and_writes_the_schemas_rust_type() {
                let (_db, pool) = database().await;
                let plain = insert_account(&pool, db::NewAccount::new("plain".into())).await;
                // The default, `{"theme": "light", "beta": false}`, decoded as `Settings`.
                let default_settings = Settings {
                    theme: "light".into(),
                    beta: false,
                };
                assert_eq!(
                    plain,
                    db::Account {
                        id: plain.id,
                        name: "plain".into(),
                        settings: Json(default_settings),
                        extra: None,
                    }
                );

                let id = db::AccountId::new(uuid::Uuid::from_u128(7));
                let settings = Settings {
                    theme: "dark ☾".into(),
                    beta: true,
                };
                let extra = Settings::default();
                let new = db::NewAccount::new("custom".into())
                    .with_id(id)
                    .with_settings(Json(settings.clone()))
                    .with_extra(Some(Json(extra.clone())));
                let custom = insert_account(&pool, new).await;
                assert_eq!(
                    custom,
                    db::Account {
                        id,
                        name: "custom".into(),
                        settings: Json(settings),
                        extra: Some(Json(extra)),
                    }
                );
                assert_eq!(all_rows::<db::Account>(&pool).await, [plain, custom]);
            }

            fn new_scalar(n: u8, mood: db::Mood) -> db::NewScalar {
                let i = i64::from(n);
                let a_uuid = uuid::Uuid::from_u128((0x0123_4567_89ab_cdef << 64) | u128::from(n));
                db::NewScalar::new(
                    a_uuid,
                    format!("text {n}: ünïcode ✓, 'single', \"double\", back\\slash"),
                    format!("varchar {n}"),
                    "abcd".into(),
                    n % 2 == 0,
                    i16::MIN + i16::from(n),
                    i32::MAX - i32::from(n),
                    i64::MIN + i,
                    1.5 + f32::from(n),
                    -2.25e100 * f64::from(n),
                    decimal("123456789.123"),
                    decimal("-0.000000000000000001"),
                    v::date(2024, 2, 29),
                    v::time(23, 59, 59, 999_999),
                    v::timestamp(v::date(1999, 12, 31), v::time(0, 0, 0, 1)),
                    v::timestamptz(v::date(2038, 1, 19), v::time(3, 14, 8, 123_456)),
                    Interval {
                        months: 14,
                        days: -3,
                        microseconds: 3_600_000_001,
                    },
                    json!({"z": 1, "a": [true, null, "x"], "nested": {"k": 1.5}}),
                    json!([n, "two", {"b": null}]),
                    vec![0, 1, 2, 254, 255, n],
                    inet(if n % 2 == 0 { "10.1.2.3/8" } else { "2001:db8::1/128" }),
                    mood,
                    "keyword".into(),
                    "Display Name".into(),
                    "hunter2".into(),
                )
            }

            async fn insert_scalar(
                pool: &PgPool,
                account: db::AccountId,
                new: db::NewScalar,
            ) -> db::Scalar {
                let db::NewScalar {
                    a_uuid,
                    a_text,
                    a_varchar,
                    a_char,
                    a_boolean,
                    a_smallint,
                    a_integer,
                    a_bigint,
                    a_real,
                    a_double,
                    a_numeric,
                    a_numeric_any,
                    a_date,
                    a_time,
                    a_timestamp,
                    a_timestamptz,
                    a_interval,
                    a_json,
                    a_jsonb,
                    a_bytea,
                    a_inet,
                    a_mood,
                    r#type,
                    display_name,
                    secret,
                } = new;
                Insert::into("scalars")
                    // The tenant column: absent from the insert type, a scope supplies it.
                    .required("account_id", account)
                    .required("a_uuid", a_uuid)
                    .required("a_text", a_text)
                    .required("a_varchar", a_varchar)
                    .required("a_char", a_char)
                    .required("a_boolean", a_boolean)
                    .required("a_smallint", a_smallint)
                    .required("a_integer", a_integer)
                    .required("a_bigint", a_bigint)
                    .required("a_real", a_real)
                    .required("a_double", a_double)
                    .required("a_numeric", a_numeric)
                    .required("a_numeric_any", a_numeric_any)
                    .required("a_date", a_date)
                    .required("a_time", a_time)
                    .required("a_timestamp", a_timestamp)
                    .required("a_timestamptz", a_timestamptz)
                    .required("a_interval", a_interval)
                    .required("a_json", a_json)
                    .required("a_jsonb", a_jsonb)
                    .required("a_bytea", a_bytea)
                    .required("a_inet", a_inet)
                    .required("a_mood", a_mood)
                    .required("type", r#type)
                    .required("displayName", display_name)
                    .required("secret", secret)
                    .fetch(pool)
                    .await
            }

            /// The row Postgres should hold for `new`, with the identity it assigned.
            fn scalar_row(
                id: db::ScalarId,
                account_id: db::AccountId,
                new: db::NewScalar,
            ) -> db::Scalar {
                let db::NewScalar {
                    a_uuid,
                    a_text,
                    a_varchar,
                    a_char,
                    a_boolean,
                    a_smallint,
                    a_integer,
                    a_bigint,
                    a_real,
                    a_double,
                    a_numeric,
                    a_numeric_any,
                    a_date,
                    a_time,
                    a_timestamp,
                    a_timestamptz,
                    a_interval,
                    a_json,
                    a_jsonb,
                    a_bytea,
                    a_inet,
                    a_mood,
                    r#type,
                    display_name,
                    secret,
                } = new;
                db::Scalar {
                    id,
                    account_id,
                    a_uuid,
                    a_text,
                    a_varchar,
                    a_char,
                    a_boolean,
                    a_smallint,
                    a_integer,
                    a_bigint,
                    a_real,
                    a_double,
                    a_numeric,
                    a_numeric_any,
                    a_date,
                    a_time,
                    a_timestamp,
                    a_timestamptz,
                    a_interval,
                    a_json,
                    a_jsonb,
                    a_bytea,
                    a_inet,
                    a_mood,
                    r#type,
                    display_name,
                    secret,
                }
            }

            #[tokio::test]
            async fn every_scalar_type_and_enum_value_round_trips() {
                let (_db, pool) = database().await;
                let account = account(&pool, "scalars").await;
                let mut written = Vec::new();
                for (n, mood) in (1..).zip(db::Mood::ALL.iter().copied()) {
                    let new = new_scalar(n, mood);
                    let row = insert_scalar(&pool, account, new.clone()).await;
                    assert_eq!(row, scalar_row(row.id, account, new));
                    written.push(row);
                }
                // `identity(always)`: Postgres numbered the rows.
                let ids: Vec<db::ScalarId> = written.iter().map(|r| r.id).collect();
                assert_eq!(ids, [db::ScalarId::new(1), db::ScalarId::new(2), db::ScalarId::new(3)]);
                assert_eq!(all_rows::<db::Scalar>(&pool).await, written);

                // `char(n)` pads, as Postgres does.
                let mut short = new_scalar(9, db::Mood::Happy);
                short.a_char = "ab".into();
                let row = insert_scalar(&pool, account, short).await;
                assert_eq!(row.a_char, "ab  ");
            }

            async fn insert_nullable(
                pool: &PgPool,
                new: db::NewNullableScalar,
            ) -> db::NullableScalar {
                let db::NewNullableScalar {
                    id,
                    a_uuid,
                    a_text,
                    a_varchar,
                    a_char,
                    a_boolean,
                    a_smallint,
                    a_integer,
                    a_bigint,
                    a_real,
                    a_double,
                    a_numeric,
                    a_date,
                    a_time,
                    a_timestamp,
                    a_timestamptz,
                    a_interval,
                    a_json,
                    a_jsonb,
                    a_bytea,
                    a_inet,
                    a_mood,
                    scalar_id,
                } = new;
                Insert::into("nullable_scalars")
                    .optional("id", id)
                    .optional("a_uuid", a_uuid)
                    .optional("a_text", a_text)
                    .optional("a_varchar", a_varchar)
                    .optional("a_char", a_char)
                    .optional("a_boolean", a_boolean)
                    .optional("a_smallint", a_smallint)
                    .optional("a_integer", a_integer)
                    .optional("a_bigint", a_bigint)
                    .optional("a_real", a_real)
                    .optional("a_double", a_double)
                    .optional("a_numeric", a_numeric)
                    .optional("a_date", a_date)
                    .optional("a_time", a_time)
                    .optional("a_timestamp", a_timestamp)
                    .optional("a_timestamptz", a_timestamptz)
                    .optional("a_interval", a_interval)
                    .optional("a_json", a_json)
                    .optional("a_jsonb", a_jsonb)
                    .optional("a_bytea", a_bytea)
                    .optional("a_inet", a_inet)
                    .optional("a_mood", a_mood)
                    .optional("scalar_id", scalar_id)
                    .fetch(pool)
                    .await
            }

            fn nullable_row(
                id: db::NullableScalarId,
                new: db::NewNullableScalar,
            ) -> db::NullableScalar {
                let db::NewNullableScalar {
                    id: _,
                    a_uuid,
                    a_text,
                    a_varchar,
                    a_char,
                    a_boolean,
                    a_smallint,
                    a_integer,
                    a_bigint,
                    a_real,
                    a_double,
                    a_numeric,
                    a_date,
                    a_time,
                    a_timestamp,
                    a_timestamptz,
                    a_interval,
                    a_json,
                    a_jsonb,
                    a_bytea,
                    a_inet,
                    a_mood,
                    scalar_id,
                } = new;
                db::NullableScalar {
                    id,
                    a_uuid,
                    a_text,
                    a_varchar,
                    a_char,
                    a_boolean,
                    a_smallint,
                    a_integer,
                    a_bigint,
                    a_real,
                    a_double,
                    a_numeric,
                    a_date,
                    a_time,
                    a_timestamp,
                    a_timestamptz,
                    a_interval,
                    a_json,
                    a_jsonb,
                    a_bytea,
                    a_inet,
                    a_mood,
                    scalar_id,
                }
            }

            fn full_nullable(scalar_id: db::ScalarId) -> db::NewNullableScalar {
                db::NewNullableScalar::new()
                    .with_id(db::NullableScalarId::new(100))
                    .with_a_uuid(Some(uuid::Uuid::from_u128(42)))
                    .with_a_text(Some(String::new()))
                    .with_a_varchar(Some("v".into()))
                    .with_a_char(Some("wxyz".into()))
                    .with_a_boolean(Some(false))
                    .with_a_smallint(Some(i16::MAX))
                    .with_a_integer(Some(i32::MIN))
                    .with_a_bigint(Some(i64::MAX))
                    .with_a_real(Some(f32::INFINITY))
                    .with_a_double(Some(-0.125))
                    .with_a_numeric(Some(decimal("-999999999.999")))
                    .with_a_date(Some(v::date(1, 1, 1)))
                    .with_a_time(Some(v::time(0, 0, 0, 0)))
                    .with_a_timestamp(Some(v::timestamp(v::date(2000, 1, 1), v::time(12, 0, 0, 0))))
                    .with_a_timestamptz(Some(v::timestamptz(
                        v::date(1970, 1, 1),
                        v::time(0, 0, 0, 0),
                    )))
                    .with_a_interval(Some(Interval::default()))
                    .with_a_json(Some(json!(null)))
                    .with_a_jsonb(Some(json!("a string")))
                    .with_a_bytea(Some(Vec::new()))
                    .with_a_inet(Some(inet("::ffff:192.0.2.1/96")))
                    .with_a_mood(Some(db::Mood::Sad))
                    .with_scalar_id(Some(scalar_id))
            }

            #[tokio::test]
            async fn money_oid_macaddr_bit_strings_and_xml_round_trip() {
                use schemaforge::{Bits, MacAddr, MacAddr8, Money, TimeTz, TsVector, Xml};
                let (_db, pool) = database().await;
                let bits = |text: &str| Bits::from_str(text).expect("bits");
                let mac = |text: &str| MacAddr::from_str(text).expect("a MAC address");
                let new = db::NewOtherScalar::new(
                    db::OtherScalarId::new(1),
                    Money(-123_45),
                    sqlx::postgres::types::Oid(4242),
                    mac("08:00:2b:01:02:03"),
                    MacAddr8::from_str("08:00:2b:01:02:03:04:05").expect("an EUI-64"),
                    TimeTz::from_str("23:59:59.123-03:30").expect("a timetz"),
                    bits("1010"),
                    bits("110000000000001"),
                    Xml("<note lang=\"en\">a &amp; b</note>".to_string()),
                    vec![mac("ff:ff:ff:ff:ff:ff"), mac("00:00:00:00:00:01")],
                    vec![bits(""), bits("1"), bits("0110011")],
                    "The Quick Fox".to_string(),
                    TsVector::from_str("fox:3B quick:2 'it''s':1A").expect("a tsvector"),
                );
                let stored = db::OtherScalar::insert(&pool, &new).await.expect("inserted");
                assert_eq!(stored.a_money, Money(-123_45));
                assert_eq!(stored.a_bit.to_string(), "1010");
                assert_eq!(stored.maybe_money, None);
                assert_eq!(stored.maybe_bits, None);
                assert_eq!(stored.words.to_string(), "'fox':3B 'it''s':1A 'quick':2");
                assert_eq!(stored.search.to_string(), "'fox':3 'quick':2 'the':1");
                // The generated column is what a text search matches.
                let found: (i64,) = sqlx::query_as(
                    "SELECT count(*) FROM other_scalars WHERE search @@ to_tsquery('simple', 'quick & fox')",
                )
                .fetch_one(&pool)
                .await
                .expect("searched");
                assert_eq!(found.0, 1);
                // What Postgres holds, as its text.
                let text: (String, String, String, String, String, String, String, String) = sqlx::query_as(
                    "SELECT a_money::numeric::text, an_oid::text, a_macaddr::text, a_bit::text,
                            a_varbit::text, bit_strings::text, a_macaddr8::text, a_timetz::text
                     FROM other_scalars",
                )
                .fetch_one(&pool)
                .await
                .expect("read as text");
                assert_eq!(
                    text,
                    (
                        "-123.45".to_string(),
                        "4242".to_string(),
                        "08:00:2b:01:02:03".to_string(),
                        "1010".to_string(),
                        "110000000000001".to_string(),
                        "{\"\",1,0110011}".to_string(),
                        "08:00:2b:01:02:03:04:05".to_string(),
                        "23:59:59.123-03:30".to_string(),
                    )
                );
                let patch = db::OtherScalarPatch::default()
                    .with_maybe_money(Some(Money(5)))
                    .with_maybe_bits(Some(bits("111")));
                let changed = db::OtherScalar::update(&pool, &db::OtherScalarId::new(1), &patch)
                    .await
                    .expect("updated")
                    .expect("a row");
                assert_eq!(changed.maybe_money, Some(Money(5)));
                assert_eq!(changed.maybe_bits.as_ref().map(ToString::to_string), Some("111".to_string()));
                let again = db::OtherScalar::get(&pool, &db::OtherScalarId::new(1))
                    .await
                    .expect("read")
                    .expect("a row");
                assert_eq!(again, changed);
                // serde: money as its minor units, the others as their text.
                let json = serde_json::to_value(&again).expect("serialize");
                assert_eq!(json["a_money"], json!(-12345));
                assert_eq!(json["a_macaddr"], json!("08:00:2b:01:02:03"));
                assert_eq!(json["bit_strings"], json!(["", "1", "0110011"]));
                let back: db::OtherScalar = serde_json::from_value(json).expect("deserialize");
                assert_eq!(back, again);
                // A bit string of another length than `bit(4)` is refused by Postgres.
                let wrong = db::NewOtherScalar { id: db::OtherScalarId::new(2), a_bit: bits("1"), ..new };
                assert!(db::OtherScalar::insert(&pool, &wrong).await.is_err());
            }

            #[tokio::test]
            async fn nullable_columns_round_trip_nulls_and_values() {
                let (_db, pool) = database().await;
                // Every field optional: the insert type has `Default`, and inserts only defaults.
                let empty = db::NewNullableScalar::default();
                assert_eq!(empty, db::NewNullableScalar::new());
                let nulls = insert_nullable(&pool, empty.clone()).await;
                assert_eq!(nulls, nullable_row(db::NullableScalarId::new(1), empty));

                let account = account(&pool, "nullables").await;
                let scalar = insert_scalar(&pool, account, new_scalar(1, db::Mood::Happy)).await;
                let full = full_nullable(scalar.id);
                let values = insert_nullable(&pool, full.clone()).await;
                assert_eq!(values, nullable_row(db::NullableScalarId::new(100), full));
                assert_eq!(all_rows::<db::NullableScalar>(&pool).await, [nulls, values]);
            }

            #[tokio::test]
            async fn a_patch_changes_what_it_sets_and_nothing_else() {
                let (_db, pool) = database().await;
                let account = account(&pool, "patches").await;
                let scalar = insert_scalar(&pool, account, new_scalar(1, db::Mood::Happy)).await;
                let before = insert_nullable(&pool, full_nullable(scalar.id)).await;

                assert!(db::NullableScalarPatch::default().is_empty());
                let patch = db::NullableScalarPatch::default()
                    .with_a_text(Some("patched".into()))
                    .with_a_integer(None)
                    .with_a_mood(Some(db::Mood::SoSo))
                    .with_scalar_id(None);
                assert!(!patch.is_empty());
                let db::NullableScalarPatch {
                    a_uuid,
                    a_text,
                    a_varchar,
                    a_char,
                    a_boolean,
                    a_smallint,
                    a_integer,
                    a_bigint,
                    a_real,
                    a_double,
                    a_numeric,
                    a_date,
                    a_time,
                    a_timestamp,
                    a_timestamptz,
                    a_interval,
                    a_json,
                    a_jsonb,
                    a_bytea,
                    a_inet,
                    a_mood,
                    scalar_id,
                } = patch;
                let after: db::NullableScalar = Update::table("nullable_scalars")
                    .set("a_uuid", a_uuid)
                    .set("a_text", a_text)
                    .set("a_varchar", a_varchar)
                    .set("a_char", a_char)
                    .set("a_boolean", a_boolean)
                    .set("a_smallint", a_smallint)
                    .set("a_integer", a_integer)
                    .set("a_bigint", a_bigint)
                    .set("a_real", a_real)
                    .set("a_double", a_double)
                    .set("a_numeric", a_numeric)
                    .set("a_date", a_date)
                    .set("a_time", a_time)
                    .set("a_timestamp", a_timestamp)
                    .set("a_timestamptz", a_timestamptz)
                    .set("a_interval", a_interval)
                    .set("a_json", a_json)
                    .set("a_jsonb", a_jsonb)
                    .set("a_bytea", a_bytea)
                    .set("a_inet", a_inet)
                    .set("a_mood", a_mood)
                    .set("scalar_id", scalar_id)
                    .fetch("id", before.id, &pool)
                    .await;
                assert_eq!(
                    after,
                    db::NullableScalar {
                        a_text: Some("patched".into()),
                        a_integer: None,
                        a_mood: Some(db::Mood::SoSo),
                        scalar_id: None,
                        ..before
                    }
                );
            }

            fn new_array(colors: Vec<db::Color>) -> db::NewArray {
                db::NewArray::new(
                    vec!["a".into(), String::new(), "with, comma and \"quote\"".into()],
                    vec!["ten chars!".into()],
                    vec![true, false],
                    vec![i16::MIN, 0, i16::MAX],
                    vec![1, 2, 3],
                    vec![i64::MAX],
                    vec![0.5, -1.0],
                    vec![1e300, -1.5],
                    vec![decimal("123456.78"), decimal("-0.01")],
                    vec![uuid::Uuid::from_u128(1), uuid::Uuid::from_u128(2)],
                    vec![v::date(2024, 1, 31), v::date(1900, 3, 1)],
                    vec![v::time(8, 30, 0, 0), v::time(17, 0, 0, 500)],
                    vec![v::timestamp(v::date(2024, 1, 31), v::time(8, 30, 0, 1))],
                    vec![v::timestamptz(v::date(2024, 1, 31), v::time(8, 30, 0, 2))],
                    vec![Interval { months: 1, days: 2, microseconds: 3 }],
                    vec![json!({"k": "v"}), json!([1])],
                    vec![vec![1, 2], Vec::new()],
                    vec![inet("192.168.0.0/16"), inet("::1/128")],
                    colors,
                )
            }

            async fn insert_array(pool: &PgPool, new: db::NewArray) -> db::Array {
                let db::NewArray {
                    id,
                    texts,
                    varchars,
                    booleans,
                    smallints,
                    integers,
                    bigints,
                    reals,
                    doubles,
                    numerics,
                    uuids,
                    dates,
                    times,
                    timestamps,
                    timestamptzs,
                    intervals,
                    jsons,
                    byteas,
                    inets,
                    colors,
                    moods,
                    moments,
                    labels,
                    empty_by_default,
                } = new;
                Insert::into("arrays")
                    .optional("id", id)
                    .required("texts", texts)
                    .required("varchars", varchars)
                    .required("booleans", booleans)
                    .required("smallints", smallints)
                    .required("integers", integers)
                    .required("bigints", bigints)
                    .required("reals", reals)
                    .required("doubles", doubles)
                    .required("numerics", numerics)
                    .required("uuids", uuids)
                    .required("dates", dates)
                    .required("times", times)
                    .required("timestamps", timestamps)
                    .required("timestamptzs", timestamptzs)
                    .required("intervals", intervals)
                    .required("jsons", jsons)
                    .required("byteas", byteas)
                    .required("inets", inets)
                    .required("colors", colors)
                    .optional("moods", moods)
                    .optional("moments", moments)
                    .optional("labels", labels)
                    .optional("empty_by_default", empty_by_default)
                    .fetch(pool)
                    .await
            }

            fn array_row(id: db::ArrayId, new: db::NewArray) -> db::Array {
                let db::NewArray {
                    id: _,
                    texts,
                    varchars,
                    booleans,
                    smallints,
                    integers,
                    bigints,
                    reals,
                    doubles,
                    numerics,
                    uuids,
                    dates,
                    times,
                    timestamps,
                    timestamptzs,
                    intervals,
                    jsons,
                    byteas,
                    inets,
                    colors,
                    moods,
                    moments,
                    labels,
                    empty_by_default,
                } = new;
                db::Array {
                    id,
                    texts,
                    varchars,
                    booleans,
                    smallints,
                    integers,
                    bigints,
                    reals,
                    doubles,
                    numerics,
                    uuids,
                    dates,
                    times,
                    timestamps,
                    timestamptzs,
                    intervals,
                    jsons,
                    byteas,
                    inets,
                    colors,
                    moods,
                    moments,
                    // Defaults: `'{}'` for both.
                    labels: labels.unwrap_or(Some(Vec::new())),
                    empty_by_default: empty_by_default.unwrap_or_default(),
                }
            }

            #[tokio::test]
            async fn arrays_of_every_type_and_enum_arrays_round_trip() {
                let (_db, pool) = database().await;
                // Defaults and NULL left to the database; every enum value in the enum array.
                let new = new_array(db::Color::ALL.to_vec());
                let defaults = insert_array(&pool, new.clone()).await;
                assert_eq!(defaults, array_row(defaults.id, new));
                assert_eq!(defaults.moods, None);

                // Every optional column set: a nullable enum array, an explicit NULL over a
                // default, empty arrays.
                let id = db::ArrayId::new(uuid::Uuid::from_u128(99));
                let new = new_array(Vec::new())
                    .with_id(id)
                    .with_moods(Some(db::Mood::ALL.to_vec()))
                    .with_moments(Some(vec![v::timestamptz(
                        v::date(2001, 9, 9),
                        v::time(1, 46, 40, 0),
                    )]))
                    .with_labels(None)
                    .with_empty_by_default(vec![7]);
                let set = insert_array(&pool, new.clone()).await;
                assert_eq!(set, array_row(id, new));
                assert_eq!(set.labels, None);
                assert_eq!(all_rows::<db::Array>(&pool).await, [defaults.clone(), set.clone()]);

                // Arrays of timestamps serialize as RFC 3339 with either time crate, and rows
                // without secrets read back from their JSON.
                let value = serde_json::to_value(&set).expect("serialize");
                assert_eq!(value["timestamptzs"], json!(["2024-01-31T08:30:00.000002Z"]));
                assert_eq!(value["moments"], json!(["2001-09-09T01:46:40Z"]));
                assert_eq!(value["moods"], json!(["happy", "sad", "so so"]));
                let back: db::Array = serde_json::from_value(value).expect("deserialize");
                assert_eq!(back, set);
                let value = serde_json::to_value(&defaults).expect("serialize");
                assert_eq!(value["moments"], json!(null));
                let back: db::Array = serde_json::from_value(value).expect("deserialize");
                assert_eq!(back, defaults);
            }

            async fn insert_default(pool: &PgPool, new: db::NewDefault) -> db::Default {
                let db::NewDefault {
                    id,
                    a_text,
                    a_boolean,
                    a_integer,
                    a_bigint,
                    a_double,
                    a_numeric,
                    a_date,
                    a_timestamp,
                    created_at,
                    a_interval,
                    a_jsonb,
                    a_mood,
                    colors,
                    note,
                    counter,
                    ticket,
                    updated_at,
                } = new;
                Insert::into("defaults")
                    .optional("id", id)
                    .optional("a_text", a_text)
                    .optional("a_boolean", a_boolean)
                    .optional("a_integer", a_integer)
                    .optional("a_bigint", a_bigint)
                    .optional("a_double", a_double)
                    .optional("a_numeric", a_numeric)
                    .optional("a_date", a_date)
                    .optional("a_timestamp", a_timestamp)
                    .optional("created_at", created_at)
                    .optional("a_interval", a_interval)
                    .optional("a_jsonb", a_jsonb)
                    .optional("a_mood", a_mood)
                    .optional("colors", colors)
                    .optional("note", note)
                    .optional("counter", counter)
                    .optional("ticket", ticket)
                    .optional("updated_at", updated_at)
                    .fetch(pool)
                    .await
            }

            #[tokio::test]
            async fn defaults_fill_in_every_column_the_insert_leaves_out() {
                let (_db, pool) = database().await;
                let row = insert_default(&pool, db::NewDefault::default()).await;
                assert!(v::is_recent(row.created_at), "{:?}", row.created_at);
                assert!(v::is_recent(row.updated_at), "{:?}", row.updated_at);
                assert_eq!(
                    row,
                    db::Default {
                        id: row.id,
                        a_text: "hello".into(),
                        a_boolean: true,
                        a_integer: 42,
                        a_bigint: -7,
                        a_double: 0.5,
                        a_numeric: decimal("1.25"),
                        a_date: v::date(2024, 2, 29),
                        a_timestamp: v::timestamp(v::date(2024, 2, 29), v::time(12, 30, 0, 0)),
                        created_at: row.created_at,
                        a_interval: Interval {
                            months: 0,
                            days: 1,
                            microseconds: 2 * 3_600_000_000,
                        },
                        a_jsonb: json!({"a": [1, 2]}),
                        a_mood: db::Mood::SoSo,
                        colors: vec![db::Color::Red, db::Color::Blue],
                        note: Some("n/a".into()),
                        counter: 1,
                        ticket: 1,
                        updated_at: row.updated_at,
                    }
                );

                // Every default overridden, and the nullable one set to NULL explicitly.
                let at = v::timestamptz(v::date(2020, 6, 1), v::time(10, 0, 0, 0));
                let new = db::NewDefault::new()
                    .with_id(db::DefaultId::new(uuid::Uuid::from_u128(5)))
                    .with_a_text("bye".into())
                    .with_a_boolean(false)
                    .with_a_integer(-42)
                    .with_a_bigint(7)
                    .with_a_double(2.5)
                    .with_a_numeric(decimal("-9.99"))
                    .with_a_date(v::date(2000, 1, 1))
                    .with_a_timestamp(v::timestamp(v::date(2000, 1, 1), v::time(0, 0, 1, 0)))
                    .with_created_at(at)
                    .with_a_interval(Interval {
                        months: -1,
                        days: 0,
                        microseconds: 0,
                    })
                    .with_a_jsonb(json!({}))
                    .with_a_mood(db::Mood::Happy)
                    .with_colors(Vec::new())
                    .with_note(None)
                    .with_counter(100)
                    .with_ticket(7_000_000_000)
                    .with_updated_at(at);
                let set = insert_default(&pool, new).await;
                assert_eq!(
                    set,
                    db::Default {
                        id: db::DefaultId::new(uuid::Uuid::from_u128(5)),
                        a_text: "bye".into(),
                        a_boolean: false,
                        a_integer: -42,
                        a_bigint: 7,
                        a_double: 2.5,
                        a_numeric: decimal("-9.99"),
                        a_date: v::date(2000, 1, 1),
                        a_timestamp: v::timestamp(v::date(2000, 1, 1), v::time(0, 0, 1, 0)),
                        created_at: at,
                        a_interval: Interval {
                            months: -1,
                            days: 0,
                            microseconds: 0,
                        },
                        a_jsonb: json!({}),
                        a_mood: db::Mood::Happy,
                        colors: Vec::new(),
                        note: None,
                        counter: 100,
                        ticket: 7_000_000_000,
                        updated_at: at,
                    }
                );
            }

            async fn insert_computed(pool: &PgPool, new: db::NewComputed) -> db::Computed {
                let db::NewComputed {
                    name,
                    price,
                    quantity,
                    serial,
                } = new;
                Insert::into("computed")
                    .required("name", name)
                    .required("price", price)
                    .required("quantity", quantity)
                    .optional("serial", serial)
                    .fetch(pool)
                    .await
            }

            #[tokio::test]
            async fn identity_and_generated_columns_come_back_computed() {
                let (_db, pool) = database().await;
                let first = insert_computed(
                    &pool,
                    db::NewComputed::new("widget".into(), decimal("2.50"), 3),
                )
                .await;
                assert_eq!(
                    first,
                    db::Computed {
                        id: db::ComputedId::new(1),
                        name: "widget".into(),
                        price: decimal("2.5"),
                        quantity: 3,
                        total: decimal("7.50"),
                        upper: "WIDGET".into(),
                        serial: 1,
                    }
                );
                // `identity` (by default) takes a value; `identity(always)` never does.
                let second = insert_computed(
                    &pool,
                    db::NewComputed::new("gadget".into(), decimal("0.99"), 0).with_serial(-5),
                )
                .await;
                assert_eq!(
                    (second.id, second.serial, second.total),
                    (db::ComputedId::new(2), -5, Decimal::ZERO)
                );
                assert_eq!(second.upper, "GADGET");
            }

            #[tokio::test]
            async fn composite_keys_one_to_one_ids_and_tables_without_a_key() {
                let (_db, pool) = database().await;
                let account = account(&pool, "keys").await;
                let scalar = insert_scalar(&pool, account, new_scalar(1, db::Mood::Happy)).await;

                // `tenant via scalar_id`: the column is in the insert type (it is not the
                // tenant column), typed with the target's id; the stored tenant column is
                // the scope's to fill, so not in it.
                let db::NewScalarNote { scalar_id, seq, body } =
                    db::NewScalarNote::new(scalar.id, 1, "first".into());
                let note: db::ScalarNote = Insert::into("scalar_notes")
                    .required("account_id", account)
                    .required("scalar_id", scalar_id)
                    .required("seq", seq)
                    .required("body", body)
                    .fetch(&pool)
                    .await;
                assert_eq!(
                    note,
                    db::ScalarNote {
                        account_id: account,
                        scalar_id: scalar.id,
                        seq: 1,
                        body: "first".into(),
                    }
                );

                // A composite foreign key: plain column types.
                let db::NewNoteLink { id, scalar_id, seq, label } =
                    db::NewNoteLink::new(scalar.id.0, 1, "see also".into());
                let link: db::NoteLink = Insert::into("note_links")
                    .optional("id", id)
                    .required("scalar_id", scalar_id)
                    .required("seq", seq)
                    .required("label", label)
                    .fetch(&pool)
                    .await;
                assert_eq!(
                    link,
                    db::NoteLink {
                        id: link.id,
                        scalar_id: scalar.id.0,
                        seq: 1,
                        label: "see also".into(),
                    }
                );

                // A key that is a foreign key to accounts: typed `AccountId`.
                let db::NewAccountProfile { account_id, bio } =
                    db::NewAccountProfile::new(account).with_bio(Some("hi".into()));
                let profile: db::AccountProfile = Insert::into("account_profiles")
                    .required("account_id", account_id)
                    .optional("bio", bio)
                    .fetch(&pool)
                    .await;
                assert_eq!(
                    profile,
                    db::AccountProfile {
                        account_id: account,
                        bio: Some("hi".into()),
                    }
                );

                // A table named like a prelude type, with a text key, and an enum whose
                // Postgres name is quoted (`"Level"`), alone and in an array.
                for (n, mood) in db::Mood::ALL.iter().copied().enumerate() {
                    let id = db::ResultId::new(format!("result {mood}"));
                    let level = db::Level::ALL.get(n).copied();
                    let levels = db::Level::ALL[..n.min(2)].to_vec();
                    let new =
                        db::NewResult::new(id.clone(), mood, levels.clone()).with_level(level);
                    let db::NewResult {
                        id: key,
                        outcome,
                        level: level_field,
                        levels: levels_field,
                    } = new;
                    let result: db::Result = Insert::into("results")
                        .required("id", key)
                        .required("outcome", outcome)
                        .optional("level", level_field)
                        .required("levels", levels_field)
                        .fetch(&pool)
                        .await;
                    assert_eq!(
                        result,
                        db::Result {
                            id,
                            outcome: mood,
                            level,
                            levels,
                        }
                    );
                }
                assert_eq!(all_rows::<db::Result>(&pool).await.len(), db::Mood::ALL.len());

                // A foreign key of a narrower type keeps its own (`i32` beside the `bigint`
                // of `ScalarId`); a `varchar` beside a `text` key shares `ResultId`.
                let narrow = i32::try_from(scalar.id.0).expect("a small id");
                let result_key = db::ResultId::new(format!("result {}", db::Mood::Happy));
                let db::NewLooseRef { id: _, scalar_id, result_id } =
                    db::NewLooseRef::new(narrow).with_result_id(Some(result_key.clone()));
                let loose: db::LooseRef = Insert::into("loose_refs")
                    .required("scalar_id", scalar_id)
                    .optional("result_id", result_id)
                    .fetch(&pool)
                    .await;
                assert_eq!(
                    loose,
                    db::LooseRef {
                        id: loose.id,
                        scalar_id: narrow,
                        result_id: Some(result_key),
                    }
                );

                // `cidr` as `IpNetwork`, `citext` and `name` as `String`; citext compares
                // without case, so a second address differing in case is a duplicate.
                let db::NewNetworkName { id: _, net, nets, email, label } = db::NewNetworkName::new(
                    inet("10.1.0.0/16"),
                    vec![inet("192.168.0.0/24"), inet("::/0")],
                    "Ada@Example.com".into(),
                )
                .with_label(Some("pg_name".into()));
                let named: db::NetworkName = Insert::into("network_names")
                    .required("net", net)
                    .required("nets", nets)
                    .required("email", email)
                    .optional("label", label)
                    .fetch(&pool)
                    .await;
                assert_eq!(
                    named,
                    db::NetworkName {
                        id: named.id,
                        net: inet("10.1.0.0/16"),
                        nets: vec![inet("192.168.0.0/24"), inet("::/0")],
                        email: "Ada@Example.com".into(),
                        label: Some("pg_name".into()),
                    }
                );
                let duplicate = sqlx::query(
                    "insert into network_names (net, nets, email) values ('10.2.0.0/16', '{}', $1)",
                )
                .bind("ada@example.COM")
                .execute(&pool)
                .await;
                assert!(
                    duplicate.is_err_and(|e| e.to_string().contains("network_names_email_key")),
                    "citext compares without case"
                );

                // No primary key: no id type, and `at` from its default.
                let db::NewLogLine { at, line } = db::NewLogLine::new("started".into());
                let log: db::LogLine = Insert::into("log_lines")
                    .optional("at", at)
                    .required("line", line)
                    .fetch(&pool)
                    .await;
                assert!(v::is_recent(log.at));
                assert_eq!(log, db::LogLine { at: log.at, line: "started".into() });
            }

            #[tokio::test]
            async fn table_metadata_matches_the_catalog() {
                use schemaforge::Table;
                let (_db, pool) = database().await;
                assert_table_metadata::<db::Account>(&pool).await;
                assert_table_metadata::<db::Scalar>(&pool).await;
                assert_table_metadata::<db::NullableScalar>(&pool).await;
                assert_table_metadata::<db::Array>(&pool).await;
                assert_table_metadata::<db::Default>(&pool).await;
                assert_table_metadata::<db::Computed>(&pool).await;
                assert_table_metadata::<db::ScalarNote>(&pool).await;
                assert_table_metadata::<db::NoteLink>(&pool).await;
                assert_table_metadata::<db::AccountProfile>(&pool).await;
                assert_table_metadata::<db::Result>(&pool).await;
                assert_table_metadata::<db::LooseRef>(&pool).await;
                assert_table_metadata::<db::NetworkName>(&pool).await;
                assert_table_metadata::<db::LogLine>(&pool).await;
                assert!(db::LogLine::PRIMARY_KEY.is_empty());
            }

            #[test]
            fn rows_hide_secrets_and_serialize_with_column_names() {
                let account = db::AccountId::new(uuid::Uuid::from_u128(1));
                let new = new_scalar(1, db::Mood::SoSo);
                let row = scalar_row(db::ScalarId::new(1), account, new.clone());

                for debug in [format!("{row:?}"), format!("{new:?}")] {
                    assert!(debug.contains("secret: <redacted>"), "{debug}");
                    assert!(!debug.contains("hunter2"), "{debug}");
                }
                let patch = db::ScalarPatch::default().with_secret("hunter3".into());
                assert!(!format!("{patch:?}").contains("hunter3"));

                let value = serde_json::to_value(&row).expect("serialize");
                assert!(value.get("secret").is_none(), "{value}");
                assert_eq!(value["displayName"], "Display Name");
                assert_eq!(value["type"], "keyword");
                assert_eq!(value["a_mood"], "so so");
                assert_eq!(value["id"], 1);
                assert_eq!(value["a_timestamptz"], "2038-01-19T03:14:08.123456Z");
                assert_eq!(
                    value["a_interval"],
                    json!({"months": 14, "days": -3, "microseconds": 3_600_000_001_i64})
                );

                // Without the secret a row does not deserialize; with it, it does.
                assert!(serde_json::from_value::<db::Scalar>(value.clone()).is_err());
                let mut with_secret = value;
                with_secret["secret"] = json!("hunter2");
                let back: db::Scalar = serde_json::from_value(with_secret).expect("deserialize");
                assert_eq!(back, row);
            }

            #[test]
            fn enums_and_ids_convert_to_and_from_text() {
                let names: Vec<String> = db::Mood::ALL.iter().map(ToString::to_string).collect();
                assert_eq!(names, ["happy", "sad", "so so"]);
                for mood in db::Mood::ALL {
                    assert_eq!(mood.as_str().parse::<db::Mood>(), Ok(*mood));
                    assert_eq!(serde_json::to_value(mood).expect("serialize"), mood.as_str());
                }
                let error = "meh".parse::<db::Mood>().expect_err("not a mood");
                assert_eq!(error.to_string(), "`meh` is not a value of enum `mood`");
                assert!(db::Mood::Happy < db::Mood::SoSo, "Postgres's order");

                let id: db::ScalarId = "42".parse().expect("an id");
                assert_eq!(id, db::ScalarId::new(42));
                assert_eq!(id.to_string(), "42");
                assert_eq!(id.into_inner(), 42);
                let text = db::ResultId::from("r".to_string());
                assert_eq!(serde_json::to_value(&text).expect("serialize"), "r");
            }
        }
    };
}

round_trips!(chrono_types, chrono_values);
round_trips!(time_types, time_values);
