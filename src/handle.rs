//! The helpers of a tenant's tables, written once for every table.
//!
//! A generated scope hands out one handle per table (`org.tasks()`): a small newtype that
//! dereferences to [`Scoped`], so its methods are the ones documented here, plus the
//! table's own lookups (`get_by_<unique>`, `list_by_<foreign key>`). The tenant root's own
//! row is reached through [`OwnRow`], and every tenant's rows only through [`AllTenants`],
//! which only the escape hatch makes.

use std::fmt;
use std::marker::PhantomData;

use sqlx::{Acquire, PgExecutor, Postgres};

use crate::record::{Keyed, Record};
use crate::rows::{self, Filter};
use crate::sql::Args;
use crate::{Error, Page, Scope};

/// The helpers of one tenant-scoped table within one tenant scope.
///
/// Every statement filters on the scope's tenant (through the table's parents for a
/// `tenant via` table), and inserts take the tenant from the scope. A row of another tenant
/// behaves exactly like a missing one: `Ok(None)` from [`get`](Scoped::get),
/// [`update`](Scoped::update) and [`delete`](Scoped::delete), absent from
/// [`list`](Scoped::list) and [`count`](Scoped::count).
///
/// ```no_run
/// # use schemaforge::{Error, Page};
/// # async fn demo<R, S>(scope: &S, pool: &sqlx::PgPool) -> Result<(), Error>
/// # where R: schemaforge::Record<Scope = S>, S: schemaforge::Scope {
/// let tasks = schemaforge::Scoped::<R>::new(scope);
/// let first_page = tasks.list(pool, Page::first(50)).await?;
/// let total = tasks.count(pool).await?;
/// # let _ = (first_page, total); Ok(()) }
/// ```
pub struct Scoped<'s, R: Record> {
    scope: &'s R::Scope,
}

impl<R: Record> Clone for Scoped<'_, R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R: Record> Copy for Scoped<'_, R> {}

impl<R: Record> fmt::Debug for Scoped<'_, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Scoped").field("table", &R::NAME).finish()
    }
}

impl<'s, R> Scoped<'s, R>
where
    R: Record,
    R::Scope: Scope,
{
    /// The helpers of `R` within `scope`.
    #[must_use]
    pub const fn new(scope: &'s R::Scope) -> Self {
        Scoped { scope }
    }

    fn tenant(self) -> Filter<'s> {
        Filter::Tenant(self.scope.tenant_id())
    }

    /// Inserts a row of this scope's tenant, and returns it as stored. Fields left `None`
    /// take the column's default.
    ///
    /// The row gets the tenant from the scope (its insert type has no tenant field). A key to
    /// another table of the tenant carries the tenant, so a row pointing at another tenant's
    /// row is refused by Postgres exactly as one pointing at a missing row
    /// ([`Error::Database`], SQLSTATE 23503).
    pub async fn insert<'e, E>(self, executor: E, new: &R::Insert) -> Result<R, Error>
    where
        E: PgExecutor<'e>,
    {
        rows::insert(executor, Some(self.scope.tenant_id()), new).await
    }

    /// Inserts rows as [`insert`](Scoped::insert) does, and returns them as stored; nothing
    /// is inserted if one row fails.
    ///
    /// One statement for a table scoped by its own column (Postgres takes at most 65,535
    /// values in one); for a `tenant via` table, one statement per row in a transaction it
    /// begins on `conn` (a savepoint when `conn` is already in one), so that every parent is
    /// checked.
    pub async fn insert_many<'c, A>(self, conn: A, rows: &[R::Insert]) -> Result<Vec<R>, Error>
    where
        A: Acquire<'c, Database = Postgres>,
    {
        rows::insert_many(conn, Some(self.scope.tenant_id()), rows).await
    }

    /// Lists a page of this tenant's rows, in primary key order (or, without a primary key,
    /// in the order of every sortable column).
    pub async fn list<'e, E>(self, executor: E, page: Page) -> Result<Vec<R>, Error>
    where
        E: PgExecutor<'e>,
    {
        rows::list(executor, self.tenant(), &[], (), page).await
    }

    /// Counts this tenant's rows.
    pub async fn count<'e, E>(self, executor: E) -> Result<i64, Error>
    where
        E: PgExecutor<'e>,
    {
        rows::count::<R, E>(executor, self.tenant()).await
    }

    /// This tenant's row with these values of `columns`: what the generated `get_by_…`
    /// lookups call.
    #[doc(hidden)]
    pub async fn get_by<'e, E>(
        self,
        executor: E,
        columns: &'static [&'static str],
        values: impl Args,
    ) -> Result<Option<R>, Error>
    where
        E: PgExecutor<'e>,
    {
        rows::get(executor, self.tenant(), columns, values).await
    }

    /// A page of this tenant's rows with these values of `columns`: what the generated
    /// `list_by_…` lookups call.
    #[doc(hidden)]
    pub async fn list_by<'e, E>(
        self,
        executor: E,
        columns: &'static [&'static str],
        values: impl Args,
        page: Page,
    ) -> Result<Vec<R>, Error>
    where
        E: PgExecutor<'e>,
    {
        rows::list(executor, self.tenant(), columns, values, page).await
    }

    /// `update` by these columns of the primary key (those the scope does not supply).
    #[doc(hidden)]
    pub async fn update_by<'e, E>(
        self,
        executor: E,
        columns: &'static [&'static str],
        key: impl Args,
        patch: &R::Patch,
    ) -> Result<Option<R>, Error>
    where
        E: PgExecutor<'e>,
    {
        rows::update(executor, self.tenant(), columns, key, patch).await
    }

    /// `delete` by these columns of the primary key (those the scope does not supply).
    #[doc(hidden)]
    pub async fn delete_by<'e, E>(
        self,
        executor: E,
        columns: &'static [&'static str],
        key: impl Args,
    ) -> Result<Option<R>, Error>
    where
        E: PgExecutor<'e>,
    {
        rows::delete(executor, self.tenant(), columns, key).await
    }
}

impl<R> Scoped<'_, R>
where
    R: Keyed,
    R::Scope: Scope,
{
    /// Reads this tenant's row with this primary key: `None` when there is none, or when it
    /// belongs to another tenant (the two look the same).
    pub async fn get<'e, E>(self, executor: E, key: &R::Key) -> Result<Option<R>, Error>
    where
        E: PgExecutor<'e>,
    {
        rows::get(executor, self.tenant(), R::SQL.key, (key,)).await
    }

    /// Updates this tenant's row with this primary key with the fields the patch sets, and
    /// returns it: `None` when there is none, or when it belongs to another tenant.
    ///
    /// Columns declared `on_update(…)` that the patch leaves alone are written with their
    /// expression. An empty patch changes nothing (not even those) and returns the row as it is.
    pub async fn update<'e, E>(
        self,
        executor: E,
        key: &R::Key,
        patch: &R::Patch,
    ) -> Result<Option<R>, Error>
    where
        E: PgExecutor<'e>,
    {
        rows::update(executor, self.tenant(), R::SQL.key, (key,), patch).await
    }

    /// Deletes this tenant's row with this primary key, and returns it: `None` when there is
    /// none, or when it belongs to another tenant.
    pub async fn delete<'e, E>(self, executor: E, key: &R::Key) -> Result<Option<R>, Error>
    where
        E: PgExecutor<'e>,
    {
        rows::delete(executor, self.tenant(), R::SQL.key, (key,)).await
    }
}

/// The helpers of the tenant root's one row that is the scope's tenant: read, update or
/// delete it. `None` when the tenant's row no longer exists.
pub struct OwnRow<'s, R: Record> {
    scope: &'s R::Scope,
}

impl<R: Record> Clone for OwnRow<'_, R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R: Record> Copy for OwnRow<'_, R> {}

impl<R: Record> fmt::Debug for OwnRow<'_, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OwnRow").field("table", &R::NAME).finish()
    }
}

impl<'s, R> OwnRow<'s, R>
where
    R: Record,
    R::Scope: Scope,
{
    /// The scope's own row of the tenant root `R`.
    #[must_use]
    pub const fn new(scope: &'s R::Scope) -> Self {
        OwnRow { scope }
    }

    fn own(self) -> Filter<'s> {
        Filter::Own(self.scope.tenant_id())
    }

    /// Reads the scope's own row.
    pub async fn get<'e, E>(self, executor: E) -> Result<Option<R>, Error>
    where
        E: PgExecutor<'e>,
    {
        rows::get(executor, self.own(), &[], ()).await
    }

    /// Updates the scope's own row with the fields the patch sets, and returns it. An empty
    /// patch changes nothing and returns the row as it is.
    pub async fn update<'e, E>(self, executor: E, patch: &R::Patch) -> Result<Option<R>, Error>
    where
        E: PgExecutor<'e>,
    {
        rows::update(executor, self.own(), &[], (), patch).await
    }

    /// Deletes the scope's own row, and returns it.
    pub async fn delete<'e, E>(self, executor: E) -> Result<Option<R>, Error>
    where
        E: PgExecutor<'e>,
    {
        rows::delete(executor, self.own(), &[], ()).await
    }
}

/// The helpers of a tenant's table across every tenant, with no tenant filter: the escape
/// hatch for operator tooling and for finding a tenant (by slug, by an API key's hash)
/// before a request has a scope. There is no insert: a row belongs to one tenant, so insert
/// it through that tenant's scope.
///
/// Made only by [`AllTenants::i_am_bypassing_tenant_isolation`], usually through the
/// generated `Unscoped::i_am_bypassing_tenant_isolation()`: the name is meant to stand out
/// in review.
pub struct AllTenants<R: Record> {
    table: PhantomData<fn() -> R>,
}

impl<R: Record> Clone for AllTenants<R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R: Record> Copy for AllTenants<R> {}

impl<R: Record> fmt::Debug for AllTenants<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AllTenants")
            .field("table", &R::NAME)
            .finish()
    }
}

impl<R> AllTenants<R>
where
    R: Record,
    R::Scope: Scope,
{
    /// Every tenant's rows of `R`.
    #[must_use]
    pub const fn i_am_bypassing_tenant_isolation() -> Self {
        AllTenants { table: PhantomData }
    }

    /// Lists a page of the rows, in primary key order.
    pub async fn list<'e, E>(self, executor: E, page: Page) -> Result<Vec<R>, Error>
    where
        E: PgExecutor<'e>,
    {
        rows::list(executor, Filter::All, &[], (), page).await
    }

    /// Counts the rows of every tenant.
    pub async fn count<'e, E>(self, executor: E) -> Result<i64, Error>
    where
        E: PgExecutor<'e>,
    {
        rows::count::<R, E>(executor, Filter::All).await
    }

    /// The row with these values of `columns`: what the generated `get_by_…` lookups call.
    #[doc(hidden)]
    pub async fn get_by<'e, E>(
        self,
        executor: E,
        columns: &'static [&'static str],
        values: impl Args,
    ) -> Result<Option<R>, Error>
    where
        E: PgExecutor<'e>,
    {
        rows::get(executor, Filter::All, columns, values).await
    }

    /// A page of the rows with these values of `columns`: what the generated `list_by_…`
    /// lookups call.
    #[doc(hidden)]
    pub async fn list_by<'e, E>(
        self,
        executor: E,
        columns: &'static [&'static str],
        values: impl Args,
        page: Page,
    ) -> Result<Vec<R>, Error>
    where
        E: PgExecutor<'e>,
    {
        rows::list(executor, Filter::All, columns, values, page).await
    }

    /// `update` by these columns of the primary key (those the scope does not supply).
    #[doc(hidden)]
    pub async fn update_by<'e, E>(
        self,
        executor: E,
        columns: &'static [&'static str],
        key: impl Args,
        patch: &R::Patch,
    ) -> Result<Option<R>, Error>
    where
        E: PgExecutor<'e>,
    {
        rows::update(executor, Filter::All, columns, key, patch).await
    }

    /// `delete` by these columns of the primary key (those the scope does not supply).
    #[doc(hidden)]
    pub async fn delete_by<'e, E>(
        self,
        executor: E,
        columns: &'static [&'static str],
        key: impl Args,
    ) -> Result<Option<R>, Error>
    where
        E: PgExecutor<'e>,
    {
        rows::delete(executor, Filter::All, columns, key).await
    }
}

impl<R> AllTenants<R>
where
    R: Keyed,
    R::Scope: Scope,
{
    /// Reads the row with this primary key, whichever tenant's it is.
    pub async fn get<'e, E>(self, executor: E, key: &R::Key) -> Result<Option<R>, Error>
    where
        E: PgExecutor<'e>,
    {
        rows::get(executor, Filter::All, R::SQL.key, (key,)).await
    }

    /// Updates the row with this primary key, whichever tenant's it is, and returns it.
    pub async fn update<'e, E>(
        self,
        executor: E,
        key: &R::Key,
        patch: &R::Patch,
    ) -> Result<Option<R>, Error>
    where
        E: PgExecutor<'e>,
    {
        rows::update(executor, Filter::All, R::SQL.key, (key,), patch).await
    }

    /// Deletes the row with this primary key, whichever tenant's it is, and returns it.
    pub async fn delete<'e, E>(self, executor: E, key: &R::Key) -> Result<Option<R>, Error>
    where
        E: PgExecutor<'e>,
    {
        rows::delete(executor, Filter::All, R::SQL.key, (key,)).await
    }
}
