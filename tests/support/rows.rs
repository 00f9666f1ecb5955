//! Inserts built the way the generated insert types describe a row, and reads with plain
//! sqlx: test support shared by the crates that round-trip generated types through Postgres
//! (included with `#[path]`).

use std::collections::BTreeSet;

use schemaforge::Table;
use sqlx::postgres::{PgArguments, PgRow};
use sqlx::{Arguments, Encode, FromRow, PgPool, Postgres, Type};

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
