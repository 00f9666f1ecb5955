//! Statements whose text depends on which fields are set, built from static pieces.

use sqlx::postgres::{PgArguments, PgRow};
use sqlx::{Arguments, Encode, FromRow, PgExecutor, Postgres, Type};

/// A statement built from `'static` SQL pieces and bound values: the text can only be
/// assembled from string literals (column names, keywords, expressions of the schema), and
/// every value becomes a `$n` parameter. Unlike sqlx's `QueryBuilder`, a value that fails to
/// encode is an error when the statement runs, not a panic.
///
/// Lists (of assignments, columns or values) are written with [`item`](Statement::item) and
/// [`bind_item`](Statement::bind_item), which put `, ` between the items since the last
/// [`push`](Statement::push).
///
/// ```
/// use schemaforge::__private::Statement;
///
/// let mut statement = Statement::new("UPDATE notes SET ");
/// statement.item("body = ").bind("hello");
/// statement.item("edited_at = now()");
/// statement.push(" WHERE id = ").bind(7_i64);
/// assert_eq!(
///     statement.sql(),
///     "UPDATE notes SET body = $1, edited_at = now() WHERE id = $2"
/// );
///
/// let mut insert = Statement::new("INSERT INTO notes (id, body, at) VALUES (");
/// insert.bind_item(8_i64).item("DEFAULT").bind_or_default(None::<i64>).push(")");
/// assert_eq!(insert.sql(), "INSERT INTO notes (id, body, at) VALUES ($1, DEFAULT, DEFAULT)");
///
/// let mut update = Statement::new("UPDATE notes SET ");
/// update
///     .set("body = ", None::<&str>)
///     .set("title = ", Some("new"))
///     .set_or("edited_at = ", None::<i64>, "edited_at = now()");
/// assert_eq!(update.sql(), "UPDATE notes SET title = $1, edited_at = now()");
/// ```
#[derive(Default)]
pub struct Statement {
    sql: String,
    arguments: PgArguments,
    count: usize,
    /// Items written since the last `push`.
    items: usize,
    error: Option<sqlx::error::BoxDynError>,
}

impl Statement {
    /// A statement starting with `sql`.
    pub fn new(sql: &'static str) -> Statement {
        let mut statement = Statement::default();
        statement.sql.push_str(sql);
        statement
    }

    /// Appends SQL text, and starts a new list.
    pub fn push(&mut self, sql: &'static str) -> &mut Statement {
        self.sql.push_str(sql);
        self.items = 0;
        self
    }

    /// Appends an item of the current list: `, ` unless it is the first, then `sql`.
    pub fn item(&mut self, sql: &'static str) -> &mut Statement {
        if self.items > 0 {
            self.sql.push_str(", ");
        }
        self.items += 1;
        self.sql.push_str(sql);
        self
    }

    /// Appends a parameter as an item of the current list.
    pub fn bind_item<'q, T>(&mut self, value: T) -> &mut Statement
    where
        T: Encode<'q, Postgres> + Type<Postgres> + 'q,
    {
        self.item("").bind(value)
    }

    /// Appends the next parameter, `$n`, bound to `value`.
    pub fn bind<'q, T>(&mut self, value: T) -> &mut Statement
    where
        T: Encode<'q, Postgres> + Type<Postgres> + 'q,
    {
        let n = self.add(value);
        self.param(n);
        self
    }

    /// Binds the next parameter without writing it, and returns its number.
    pub(crate) fn add<'q, T>(&mut self, value: T) -> usize
    where
        T: Encode<'q, Postgres> + Type<Postgres> + 'q,
    {
        if let Err(error) = self.arguments.add(value) {
            self.error.get_or_insert(error);
        }
        self.count += 1;
        self.count
    }

    /// Writes `$n`.
    pub(crate) fn param(&mut self, n: usize) {
        use std::fmt::Write;
        let _ = write!(self.sql, "${n}");
    }

    /// Appends a parameter bound to `value` as an item, or `DEFAULT` for `None`: one value
    /// of an `INSERT … VALUES` row.
    pub fn bind_or_default<'q, T>(&mut self, value: Option<T>) -> &mut Statement
    where
        T: Encode<'q, Postgres> + Type<Postgres> + 'q,
    {
        match value {
            Some(value) => self.bind_item(value),
            None => self.item("DEFAULT"),
        }
    }

    /// Appends the assignment `column_eq` (e.g. `"title = "`) with `value` as an item when
    /// there is a value: one field of a patch.
    pub fn set<'q, T>(&mut self, column_eq: &'static str, value: Option<T>) -> &mut Statement
    where
        T: Encode<'q, Postgres> + Type<Postgres> + 'q,
    {
        if let Some(value) = value {
            self.item(column_eq).bind(value);
        }
        self
    }

    /// As [`set`](Statement::set), but without a value appends `otherwise` (e.g.
    /// `"updated_at = now()"`): a column written on every update.
    pub fn set_or<'q, T>(
        &mut self,
        column_eq: &'static str,
        value: Option<T>,
        otherwise: &'static str,
    ) -> &mut Statement
    where
        T: Encode<'q, Postgres> + Type<Postgres> + 'q,
    {
        match value {
            Some(value) => self.item(column_eq).bind(value),
            None => self.item(otherwise),
        }
    }

    /// The SQL text so far.
    pub fn sql(&self) -> &str {
        &self.sql
    }

    /// Runs the statement and decodes the one row it returns, if any.
    pub async fn fetch_optional<'e, R, E>(self, executor: E) -> Result<Option<R>, sqlx::Error>
    where
        R: for<'r> FromRow<'r, PgRow> + Send + Unpin,
        E: PgExecutor<'e>,
    {
        if let Some(error) = self.error {
            return Err(sqlx::Error::Encode(error));
        }
        sqlx::query_as_with::<Postgres, R, PgArguments>(&self.sql, self.arguments)
            .fetch_optional(executor)
            .await
    }

    /// Runs the statement and decodes the one row it must return.
    pub async fn fetch_one<'e, R, E>(self, executor: E) -> Result<R, sqlx::Error>
    where
        R: for<'r> FromRow<'r, PgRow> + Send + Unpin,
        E: PgExecutor<'e>,
    {
        if let Some(error) = self.error {
            return Err(sqlx::Error::Encode(error));
        }
        sqlx::query_as_with::<Postgres, R, PgArguments>(&self.sql, self.arguments)
            .fetch_one(executor)
            .await
    }

    /// Runs the statement and decodes the one number it returns, e.g. a `count(*)`.
    pub async fn fetch_count<'e, E>(self, executor: E) -> Result<i64, sqlx::Error>
    where
        E: PgExecutor<'e>,
    {
        if let Some(error) = self.error {
            return Err(sqlx::Error::Encode(error));
        }
        sqlx::query_scalar_with::<Postgres, i64, PgArguments>(&self.sql, self.arguments)
            .fetch_one(executor)
            .await
    }

    /// Runs the statement and decodes every row it returns.
    pub async fn fetch_all<'e, R, E>(self, executor: E) -> Result<Vec<R>, sqlx::Error>
    where
        R: for<'r> FromRow<'r, PgRow> + Send + Unpin,
        E: PgExecutor<'e>,
    {
        if let Some(error) = self.error {
            return Err(sqlx::Error::Encode(error));
        }
        sqlx::query_as_with::<Postgres, R, PgArguments>(&self.sql, self.arguments)
            .fetch_all(executor)
            .await
    }
}

/// A value the runtime binds without knowing its type: the tenant id of a scope.
pub trait Bind: Sync {
    /// Binds the value as the statement's next parameter, and returns its number.
    fn add_to(&self, statement: &mut Statement) -> usize;
}

impl<T> Bind for T
where
    T: for<'q> Encode<'q, Postgres> + Type<Postgres> + Sync,
{
    fn add_to(&self, statement: &mut Statement) -> usize {
        statement.add(self)
    }
}

/// The values of a key or of a lookup: a tuple with one value (usually a reference) per
/// column.
pub trait Args: Send {
    /// How many values there are.
    const LEN: usize;

    /// Writes `<first word>c1 = $n AND c2 = $m …` for `columns`, binding each value.
    fn bind_where(self, statement: &mut Statement, columns: &[&'static str], first: &'static str);
}

macro_rules! args {
    ($($name:ident $index:tt),+) => {
        impl<$($name),+> Args for ($($name,)+)
        where
            $($name: for<'q> Encode<'q, Postgres> + Type<Postgres> + Send),+
        {
            const LEN: usize = [$($index),+].len();

            fn bind_where(
                self,
                statement: &mut Statement,
                columns: &[&'static str],
                first: &'static str,
            ) {
                let mut word = first;
                $(
                    if let Some(column) = columns.get($index) {
                        statement.push(word).push(column).push(" = ").bind(self.$index);
                        word = " AND ";
                    }
                )+
                let _ = word;
            }
        }
    };
}

args!(A 0);
args!(A 0, B 1);
args!(A 0, B 1, C 2);
args!(A 0, B 1, C 2, D 3);
args!(A 0, B 1, C 2, D 3, F 4);
args!(A 0, B 1, C 2, D 3, F 4, G 5);

/// No key: a lookup of every row.
impl Args for () {
    const LEN: usize = 0;

    fn bind_where(self, _: &mut Statement, _: &[&'static str], _: &'static str) {}
}

/// One slot of an `INSERT`'s row: a parameter or the column's default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    Param(usize),
    Default,
}

/// The values of one row of an insert, written by a table's
/// [`Record::values`](crate::Record::values) in the order of its insert columns: each is
/// bound as a parameter, or left to the column's default.
pub struct Values<'s> {
    statement: &'s mut Statement,
    tenant: Option<&'s dyn Bind>,
    pub(crate) slots: Vec<Slot>,
}

impl<'s> Values<'s> {
    pub(crate) fn new(statement: &'s mut Statement, tenant: Option<&'s dyn Bind>) -> Values<'s> {
        Values {
            statement,
            tenant,
            slots: Vec::new(),
        }
    }

    /// The next column's value.
    pub fn value<'q, T>(&mut self, value: &'q T)
    where
        T: Encode<'q, Postgres> + Type<Postgres>,
    {
        let n = self.statement.add(value);
        self.slots.push(Slot::Param(n));
    }

    /// The next column's value, or its default for `None`.
    pub fn or_default<'q, T>(&mut self, value: Option<&'q T>)
    where
        T: Encode<'q, Postgres> + Type<Postgres>,
    {
        match value {
            Some(value) => self.value(value),
            None => self.slots.push(Slot::Default),
        }
    }

    /// The next column is the tenant column: the scope's tenant.
    pub fn tenant(&mut self) {
        match self.tenant {
            Some(tenant) => {
                let n = tenant.add_to(self.statement);
                self.slots.push(Slot::Param(n));
            }
            None => self.slots.push(Slot::Default),
        }
    }
}
