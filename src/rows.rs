//! The statements of every helper, for any [`Record`]: written once, over the constants
//! each generated table provides. Every piece of SQL text comes from those `'static` names
//! or from here; every value is a parameter.

use sqlx::{Acquire, PgExecutor, Postgres};

use crate::record::{Record, Tenancy};
use crate::sql::{Args, Bind, Slot, Statement, Values};
use crate::{Error, Page};

/// Which rows a statement may reach.
#[derive(Clone, Copy)]
pub enum Filter<'a> {
    /// Every row: a shared table, or the escape hatch.
    All,
    /// The rows of this tenant, found as the table's [`Tenancy`] says.
    Tenant(&'a dyn Bind),
    /// The tenant root's one row whose key is this tenant.
    Own(&'a dyn Bind),
}

/// Writes the condition of `filter`, if it has one, after `first` (` WHERE ` or ` AND `).
fn write_filter<R: Record>(statement: &mut Statement, filter: Filter<'_>, first: &'static str) {
    let (tenant, own) = match filter {
        Filter::All => return,
        Filter::Tenant(tenant) => (tenant, false),
        Filter::Own(tenant) => (tenant, true),
    };
    statement.push(first);
    // The root's own row is the one whose key is the tenant; no other table has one.
    let tenancy = match (own, R::TENANCY) {
        (true, Tenancy::Root) => Tenancy::Root,
        (true, _) => Tenancy::Shared,
        (false, tenancy) => tenancy,
    };
    match tenancy {
        // A shared table reached through a scope, or the own row of a table that is not the
        // root: nothing there is the tenant's. Match no row.
        Tenancy::Shared => {
            statement.push("false");
        }
        // A root has a one-column key (the generator gives no scope otherwise); without one
        // no row is the tenant's.
        Tenancy::Root => match R::SQL.key {
            [key] => {
                statement.push(key).push(" = ");
                let n = tenant.add_to(statement);
                statement.param(n);
            }
            _ => {
                statement.push("false");
            }
        },
        Tenancy::Column(column) => {
            statement.push(column).push(" = ");
            let n = tenant.add_to(statement);
            statement.param(n);
        }
    }
}

/// `a, b, c`.
fn names(statement: &mut Statement, names: impl IntoIterator<Item = &'static str>) {
    for (i, name) in names.into_iter().enumerate() {
        if i > 0 {
            statement.push(", ");
        }
        statement.push(name);
    }
}

/// ` RETURNING <every column>`.
fn returning<R: Record>(statement: &mut Statement) {
    statement.push(" RETURNING ");
    names(statement, R::SQL.columns.iter().copied());
}

/// Refuses a lookup whose columns are not the table's, or whose values do not match them
/// one for one: the lookups' column names become SQL text.
fn checked<R: Record, K: Args>(columns: &[&'static str], _values: &K) -> Result<(), Error> {
    let known = columns.iter().all(|c| R::SQL.columns.contains(c));
    if known && columns.len() == K::LEN {
        Ok(())
    } else {
        Err(Error::InvalidLookup { table: R::NAME })
    }
}

fn select<R: Record>(filter: Filter<'_>, columns: &[&'static str], key: impl Args) -> Statement {
    let mut statement = Statement::new("SELECT ");
    names(&mut statement, R::SQL.columns.iter().copied());
    statement.push(" FROM ").push(R::SQL.table);
    key.bind_where(&mut statement, columns, " WHERE ");
    let next = if columns.is_empty() {
        " WHERE "
    } else {
        " AND "
    };
    write_filter::<R>(&mut statement, filter, next);
    statement
}

/// The row with these key values, if the filter reaches it.
pub async fn get<'e, R, E>(
    executor: E,
    filter: Filter<'_>,
    columns: &[&'static str],
    key: impl Args,
) -> Result<Option<R>, Error>
where
    R: Record,
    E: PgExecutor<'e>,
{
    checked::<R, _>(columns, &key)?;
    let statement = select::<R>(filter, columns, key);
    Ok(statement.fetch_optional(executor).await?)
}

/// A page of the rows with these values, in the table's stable order.
pub async fn list<'e, R, E>(
    executor: E,
    filter: Filter<'_>,
    columns: &[&'static str],
    key: impl Args,
    page: Page,
) -> Result<Vec<R>, Error>
where
    R: Record,
    E: PgExecutor<'e>,
{
    checked::<R, _>(columns, &key)?;
    let mut statement = select::<R>(filter, columns, key);
    statement.push(" ORDER BY ");
    names(&mut statement, R::SQL.order.iter().copied());
    statement
        .push(" LIMIT ")
        .bind(page.limit())
        .push(" OFFSET ")
        .bind(page.offset());
    Ok(statement.fetch_all(executor).await?)
}

/// How many rows the filter reaches.
pub async fn count<'e, R, E>(executor: E, filter: Filter<'_>) -> Result<i64, Error>
where
    R: Record,
    E: PgExecutor<'e>,
{
    let mut statement = Statement::new("SELECT count(*) FROM ");
    statement.push(R::SQL.table);
    write_filter::<R>(&mut statement, filter, " WHERE ");
    Ok(statement.fetch_count(executor).await?)
}

/// Deletes the row with these key values, if the filter reaches it, and returns it.
pub async fn delete<'e, R, E>(
    executor: E,
    filter: Filter<'_>,
    columns: &[&'static str],
    key: impl Args,
) -> Result<Option<R>, Error>
where
    R: Record,
    E: PgExecutor<'e>,
{
    checked::<R, _>(columns, &key)?;
    let mut statement = Statement::new("DELETE FROM ");
    statement.push(R::SQL.table);
    key.bind_where(&mut statement, columns, " WHERE ");
    let next = if columns.is_empty() {
        " WHERE "
    } else {
        " AND "
    };
    write_filter::<R>(&mut statement, filter, next);
    returning::<R>(&mut statement);
    Ok(statement.fetch_optional(executor).await?)
}

/// Updates the row with these key values with the fields the patch sets, if the filter
/// reaches it, and returns it. An empty patch writes nothing and returns the row as it is.
pub async fn update<'e, R, E>(
    executor: E,
    filter: Filter<'_>,
    columns: &[&'static str],
    key: impl Args,
    patch: &R::Patch,
) -> Result<Option<R>, Error>
where
    R: Record,
    E: PgExecutor<'e>,
{
    checked::<R, _>(columns, &key)?;
    if R::unchanged(patch) {
        return get(executor, filter, columns, key).await;
    }
    let mut statement = Statement::new("UPDATE ");
    statement.push(R::SQL.table).push(" SET ");
    R::changes(patch, &mut statement);
    key.bind_where(&mut statement, columns, " WHERE ");
    let next = if columns.is_empty() {
        " WHERE "
    } else {
        " AND "
    };
    write_filter::<R>(&mut statement, filter, next);
    returning::<R>(&mut statement);
    Ok(statement.fetch_optional(executor).await?)
}

/// `INSERT INTO t (every insert column) VALUES (…), (…)` with a row per value, the tenant
/// (when there is one) in the tenant column.
fn insert_values<R: Record>(tenant: Option<&dyn Bind>, rows: &[R::Insert]) -> Statement {
    let mut statement = Statement::new("INSERT INTO ");
    statement.push(R::SQL.table);
    if R::SQL.insert_columns().next().is_none() {
        statement.push(" DEFAULT VALUES");
        returning::<R>(&mut statement);
        return statement;
    }
    let mut slots = Vec::with_capacity(rows.len());
    for new in rows {
        let mut values = Values::new(&mut statement, tenant);
        R::values(new, &mut values);
        slots.push(values.slots);
    }
    statement.push(" (");
    names(&mut statement, R::SQL.insert_columns());
    statement.push(") VALUES ");
    for (i, row) in slots.iter().enumerate() {
        if i > 0 {
            statement.push(", ");
        }
        statement.push("(");
        for slot in row {
            match slot {
                Slot::Param(n) => {
                    statement.item("");
                    statement.param(*n);
                }
                Slot::Default => {
                    statement.item("DEFAULT");
                }
            }
        }
        statement.push(")");
    }
    returning::<R>(&mut statement);
    statement
}

/// Inserts a row, with the tenant (when there is one) in its tenant column.
pub async fn insert<'e, R, E>(
    executor: E,
    tenant: Option<&dyn Bind>,
    new: &R::Insert,
) -> Result<R, Error>
where
    R: Record,
    E: PgExecutor<'e>,
{
    let statement = insert_values::<R>(tenant, std::slice::from_ref(new));
    Ok(statement.fetch_one(executor).await?)
}

/// Inserts rows in one statement (one each, in a transaction, for a table whose every column
/// is the database's: `DEFAULT VALUES` has no row list).
pub async fn insert_many<'c, R, A>(
    conn: A,
    tenant: Option<&dyn Bind>,
    rows: &[R::Insert],
) -> Result<Vec<R>, Error>
where
    R: Record,
    A: Acquire<'c, Database = Postgres>,
{
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    if R::SQL.insert_columns().next().is_none() {
        let mut transaction = conn.begin().await?;
        let mut inserted = Vec::with_capacity(rows.len());
        for new in rows {
            inserted.push(insert::<R, _>(&mut *transaction, tenant, new).await?);
        }
        transaction.commit().await?;
        return Ok(inserted);
    }
    let mut connection = conn.acquire().await?;
    let statement = insert_values::<R>(tenant, rows);
    Ok(statement.fetch_all(&mut *connection).await?)
}

#[cfg(test)]
mod tests {
    use sqlx::postgres::PgRow;
    use sqlx::{FromRow, Row};

    use super::*;
    use crate::Table;

    /// A table of `tenancy` whose insert type is `(id, body)`; `org_id` is its tenant
    /// column, or (for the others) a generated column.
    macro_rules! table {
        ($name:ident, $table:literal, $columns:expr, $tenancy:expr, $generated:expr) => {
            struct $name;
            impl Table for $name {
                const NAME: &'static str = $table;
                const COLUMNS: &'static [&'static str] = $columns;
                const PRIMARY_KEY: &'static [&'static str] = &["id"];
            }
            impl<'r> FromRow<'r, PgRow> for $name {
                fn from_row(row: &'r PgRow) -> Result<Self, sqlx::Error> {
                    let _: i64 = row.try_get(0)?;
                    Ok($name)
                }
            }
            impl Record for $name {
                type Insert = (Option<i64>, String);
                type Patch = Option<String>;
                type Scope = crate::Shared;
                const SQL: crate::SqlNames =
                    crate::SqlNames::new($table, $columns, &["id"]).generated($generated);
                const TENANCY: Tenancy = $tenancy;
                fn values(new: &Self::Insert, values: &mut Values<'_>) {
                    values.or_default(new.0.as_ref());
                    if Self::SQL.generated.is_empty() {
                        values.tenant();
                    }
                    values.value(&new.1);
                }
                fn changes(patch: &Self::Patch, statement: &mut Statement) {
                    statement.set("body = ", patch.as_ref());
                    statement.set_or("id = ", None::<i64>, "id = id");
                }
                fn unchanged(patch: &Self::Patch) -> bool {
                    patch.is_none()
                }
            }
        };
    }

    table!(
        Notes,
        "notes",
        &["id", "org_id", "body"],
        Tenancy::Column("org_id"),
        &[]
    );
    table!(
        Orgs,
        "orgs",
        &["id", "org_id", "body"],
        Tenancy::Root,
        &["org_id"]
    );

    const TENANT: i64 = 7;

    #[test]
    fn scoped_statements_filter_on_the_tenant_after_the_keys() {
        let tenant = Filter::Tenant(&TENANT);
        let get = select::<Notes>(tenant, &["id"], (&1_i64,));
        assert_eq!(
            get.sql(),
            "SELECT id, org_id, body FROM notes WHERE id = $1 AND org_id = $2"
        );
        let all = select::<Notes>(tenant, &[], ());
        assert_eq!(
            all.sql(),
            "SELECT id, org_id, body FROM notes WHERE org_id = $1"
        );
        let everyone = select::<Notes>(Filter::All, &["body"], ("x",));
        assert_eq!(
            everyone.sql(),
            "SELECT id, org_id, body FROM notes WHERE body = $1"
        );
        let own = select::<Orgs>(Filter::Own(&TENANT), &[], ());
        assert_eq!(own.sql(), "SELECT id, org_id, body FROM orgs WHERE id = $1");
    }

    #[test]
    fn only_the_root_has_an_own_row() {
        let own = select::<Notes>(Filter::Own(&TENANT), &[], ());
        assert_eq!(own.sql(), "SELECT id, org_id, body FROM notes WHERE false");
    }

    #[test]
    fn lookups_name_only_the_tables_columns_one_value_each() {
        assert!(checked::<Notes, _>(&["id"], &(&1_i64,)).is_ok());
        assert!(checked::<Notes, _>(&[], &()).is_ok());
        // Column names become SQL text: anything else is refused before any is written.
        assert!(checked::<Notes, _>(&["true OR id"], &(&1_i64,)).is_err());
        assert!(checked::<Notes, _>(&["id", "body"], &(&1_i64,)).is_err());
        assert!(checked::<Notes, _>(&[], &(&1_i64,)).is_err());
    }

    #[test]
    fn inserts_take_the_tenant_from_the_scope_and_defaults_for_none() {
        let rows = [(None, "a".to_string()), (Some(3), "b".to_string())];
        let statement = insert_values::<Notes>(Some(&TENANT), &rows);
        assert_eq!(
            statement.sql(),
            "INSERT INTO notes (id, org_id, body) VALUES (DEFAULT, $1, $2), ($3, $4, $5) \
             RETURNING id, org_id, body"
        );
    }
}
