//! A fresh database with the fixture's DDL, and inserts built the way the insert types say.

use std::collections::BTreeSet;
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

/// `INSERT … RETURNING *`, one column at a time, as an insert type describes a row: its
/// required fields always, its optional fields only when `Some` (`None` leaves the column to
/// the database). `fetch` also checks the required columns against the catalog.
pub struct Insert {
    table: &'static str,
    columns: Vec<&'static str>,
    required: BTreeSet<String>,
    args: PgArguments,
}

impl Insert {
    pub fn into(table: &'static str) -> Insert {
        Insert {
            table,
            columns: Vec::new(),
            required: BTreeSet::new(),
            args: PgArguments::default(),
        }
    }

    fn bind<T>(mut self, column: &'static str, value: T) -> Insert
    where
        T: Encode<'static, Postgres> + Type<Postgres> + 'static,
    {
        self.args
            .add(value)
            .unwrap_or_else(|e| panic!("cannot encode {}.{column}: {e}", self.table));
        self.columns.push(column);
        self
    }

    /// A required field of the insert type, or the tenant column (which a scope will supply).
    pub fn required<T>(mut self, column: &'static str, value: T) -> Insert
    where
        T: Encode<'static, Postgres> + Type<Postgres> + 'static,
    {
        self.required.insert(column.to_string());
        self.bind(column, value)
    }

    /// An optional field: `Option<T>`, or `Option<Option<T>>` where `Some(None)` is NULL.
    pub fn optional<T>(self, column: &'static str, value: Option<T>) -> Insert
    where
        T: Encode<'static, Postgres> + Type<Postgres> + 'static,
    {
        match value {
            Some(value) => self.bind(column, value),
            None => self,
        }
    }

    /// Runs the insert and reads the row back as `R`. The columns bound as required must be
    /// exactly those Postgres cannot fill in (NOT NULL, no default, identity or generation),
    /// or the insert type does not match the table.
    pub async fn fetch<R>(self, pool: &PgPool) -> R
    where
        R: for<'r> FromRow<'r, PgRow> + Table + Send + Unpin,
    {
        assert_eq!(
            R::NAME,
            self.table,
            "reading {} as another table",
            self.table
        );
        assert_eq!(
            self.required,
            columns_without_database_value(pool, self.table).await,
            "the required fields of {}'s insert type",
            self.table
        );
        let columns: Vec<String> = self.columns.iter().map(|c| format!("\"{c}\"")).collect();
        let placeholders: Vec<String> = (1..=columns.len()).map(|i| format!("${i}")).collect();
        let sql = if columns.is_empty() {
            format!("insert into {} default values returning *", self.table)
        } else {
            format!(
                "insert into {} ({}) values ({}) returning *",
                self.table,
                columns.join(", "),
                placeholders.join(", ")
            )
        };
        sqlx::query_as_with::<_, R, _>(&sql, self.args)
            .fetch_one(pool)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }
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

/// The columns of `table` an insert must name: NOT NULL, without default, identity or
/// generation.
pub async fn columns_without_database_value(pool: &PgPool, table: &str) -> BTreeSet<String> {
    let names: Vec<String> = sqlx::query_scalar(
        "select column_name::text from information_schema.columns
         where table_schema = 'public' and table_name = $1 and is_nullable = 'NO'
           and column_default is null and is_identity = 'NO' and is_generated = 'NEVER'",
    )
    .bind(table)
    .fetch_all(pool)
    .await
    .expect("read the catalog");
    names.into_iter().collect()
}

/// Every row of `R`'s table.
pub async fn all_rows<R>(pool: &PgPool) -> Vec<R>
where
    R: for<'r> FromRow<'r, PgRow> + Table + Send + Unpin,
{
    sqlx::query_as::<_, R>(&format!("select * from {}", R::NAME))
        .fetch_all(pool)
        .await
        .unwrap_or_else(|e| panic!("select from {}: {e}", R::NAME))
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
