//! A fresh database with the fixture's DDL, and inserts built the way the insert types say.

#[path = "../../../support/rows.rs"]
mod rows;
pub use rows::{Insert, all_rows};

use std::path::Path;

use schemaforge::Table;
use schemaforge_generator::emit::sql::{SqlOptions, emit};
use schemaforge_testkit::TestDatabase;
use sqlx::postgres::{PgArguments, PgPoolOptions, PgRow};
use sqlx::{Arguments, Encode, FromRow, PgPool, Postgres, Type};

const SCHEMA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/good/all_types");

/// A database of its own with the fixture's DDL applied, and a pool on it. Keep the
/// `TestDatabase` alive as long as the pool.
pub async fn database() -> (TestDatabase, PgPool) {
    let schema = match schemaforge_schema::load(Path::new(SCHEMA)) {
        Ok(loaded) => loaded.schema,
        Err(e) => panic!("the all_types fixture must compile:\n{}", e.render()),
    };
    let db = schemaforge_testkit::cluster().create_database();
    let ddl = emit(&schema, &SqlOptions::default());
    if let Err(e) = db.psql(&format!("BEGIN;\n{ddl}\nCOMMIT;")) {
        panic!("Postgres rejected the DDL: {e}");
    }
    let pool = PgPoolOptions::new()
        .max_connections(2)
        .connect(db.url())
        .await
        .expect("connect to the test database");
    (db, pool)
}

/// `UPDATE … SET … RETURNING *` from a patch type's fields: `None` leaves a column unchanged,
/// `Some(value)` sets it (`Some(None)` sets a nullable column to NULL).
pub struct Update {
    table: &'static str,
    columns: Vec<&'static str>,
    args: PgArguments,
}

impl Update {
    pub fn table(table: &'static str) -> Update {
        Update {
            table,
            columns: Vec::new(),
            args: PgArguments::default(),
        }
    }

    pub fn set<T>(mut self, column: &'static str, value: Option<T>) -> Update
    where
        T: Encode<'static, Postgres> + Type<Postgres> + 'static,
    {
        if let Some(value) = value {
            self.args
                .add(value)
                .unwrap_or_else(|e| panic!("cannot encode {}.{column}: {e}", self.table));
            self.columns.push(column);
        }
        self
    }

    /// Updates the row whose `key_column` is `key`, and reads it back as `R`.
    pub async fn fetch<R, K>(mut self, key_column: &str, key: K, pool: &PgPool) -> R
    where
        R: for<'r> FromRow<'r, PgRow> + Table + Send + Unpin,
        K: Encode<'static, Postgres> + Type<Postgres> + 'static,
    {
        assert!(!self.columns.is_empty(), "an empty patch updates nothing");
        let sets: Vec<String> = (1..)
            .zip(&self.columns)
            .map(|(i, c)| format!("\"{c}\" = ${i}"))
            .collect();
        self.args.add(key).expect("encode the key");
        let sql = format!(
            "update {} set {} where \"{key_column}\" = ${} returning *",
            self.table,
            sets.join(", "),
            self.columns.len() + 1
        );
        sqlx::query_as_with::<_, R, _>(&sql, self.args)
            .fetch_one(pool)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }
}

/// `R`'s metadata against the catalog: the column names in order and the primary key.
pub async fn assert_table_metadata<R: Table>(pool: &PgPool) {
    let columns: Vec<String> = sqlx::query_scalar(
        "select column_name::text from information_schema.columns
         where table_schema = 'public' and table_name = $1 order by ordinal_position",
    )
    .bind(R::NAME)
    .fetch_all(pool)
    .await
    .expect("read the catalog");
    assert_eq!(columns, R::COLUMNS, "columns of {}", R::NAME);
    let key: Vec<String> = sqlx::query_scalar(
        "select a.attname::text
         from pg_index i
         join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
         where i.indrelid = $1::regclass and i.indisprimary
         order by array_position(i.indkey::int2[], a.attnum)",
    )
    .bind(R::NAME)
    .fetch_all(pool)
    .await
    .expect("read the catalog");
    assert_eq!(key, R::PRIMARY_KEY, "primary key of {}", R::NAME);
}
