use sqlx::{Acquire, Encode, Postgres, Transaction, Type};

use crate::Error;

/// The setting that Row-Level Security policies read the current tenant from, and that
/// [`begin`] sets for one transaction.
pub const TENANT_SETTING: &str = "app.tenant_id";

/// A tenant scope: the one tenant whose rows the query helpers may reach.
///
/// The generated scope type (named after the tenant root, e.g. `OrganizationScope` for
/// `organizations`) implements it; its helpers filter every statement on
/// [`tenant_key`](Scope::tenant_key)'s tenant, and its `begin` opens a transaction in which
/// Row-Level Security policies see the same tenant.
///
/// ```
/// use schemaforge::Scope;
///
/// struct TeamScope(i64);
///
/// impl Scope for TeamScope {
///     const ROOT_TABLE: &'static str = "teams";
///     type TenantId = i64;
///     fn tenant_id(&self) -> &i64 {
///         &self.0
///     }
///     fn tenant_key(&self) -> String {
///         self.0.to_string()
///     }
/// }
///
/// assert_eq!(TeamScope(7).tenant_key(), "7");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a tenant scope",
    label = "the helpers of a tenant's tables are reached through the scope of its tenant root",
    note = "a table that belongs to no tenant has its helpers on its row type (`User::get(…)`); a tenant's table is reached through its scope (`OrganizationScope::new(id).tasks()`)"
)]
pub trait Scope: Sync {
    /// The tenant root table, e.g. `organizations`.
    const ROOT_TABLE: &'static str;

    /// The tenant root's id type, e.g. `OrganizationId`.
    type TenantId: for<'q> Encode<'q, Postgres> + Type<Postgres> + Sync;

    /// The tenant's id, bound into every statement of the scope's helpers.
    fn tenant_id(&self) -> &Self::TenantId;

    /// The tenant's id as text, as [`begin`] writes it into [`TENANT_SETTING`].
    fn tenant_key(&self) -> String;

    /// The statement with which [`begin`] sets the tenant, bound to [`tenant_key`]
    /// (`$1`): a row when it set it, none when the transaction already belongs to another
    /// tenant. [`SET_TENANT`] by default; [`CITUS_SET_TENANT`] for a schema generated for
    /// Citus (`Builder::citus`), whose policies are evaluated on the workers.
    ///
    /// [`tenant_key`]: Scope::tenant_key
    const SET_TENANT: &'static str = SET_TENANT;
}

/// How [`begin`] sets the tenant on Postgres: `set_config(…, true)`, unless the transaction
/// already holds another tenant.
pub const SET_TENANT: &str = "SELECT set_config('app.tenant_id', $1, true) \
     WHERE coalesce(nullif(current_setting('app.tenant_id', true), ''), $1) = $1";

/// How [`begin`] sets the tenant on Citus: through the function `schemaforge_set_tenant`
/// that `schemaforge sql --citus` defines. Citus sends a transaction's `SET LOCAL` to the
/// workers that run its statements, but not `set_config`, and the shards' Row-Level
/// Security policies read the setting there.
pub const CITUS_SET_TENANT: &str = "SELECT 1 WHERE schemaforge_set_tenant($1)";

/// Begins a transaction (a savepoint inside one) in which [`TENANT_SETTING`] holds the
/// scope's tenant, for Row-Level Security policies to read.
///
/// The setting is written with `set_config(…, true)`: it is local to the transaction and
/// gone at commit or rollback, so a pooled connection never carries one request's tenant
/// into the next (a plain `SET` would). Generated scopes call this from their `begin`.
///
/// Inside a transaction this begins a savepoint, but the setting lasts until the outermost
/// transaction ends; so beginning one tenant's scope inside a transaction that already
/// belongs to another tenant fails with [`Error::TenantAlreadySet`] rather than switching
/// the outer transaction's tenant.
///
/// ```no_run
/// # async fn demo(pool: sqlx::PgPool) -> Result<(), schemaforge::Error> {
/// # struct OrgScope(uuid::Uuid);
/// # impl schemaforge::Scope for OrgScope {
/// #     const ROOT_TABLE: &'static str = "organizations";
/// #     type TenantId = uuid::Uuid;
/// #     fn tenant_id(&self) -> &uuid::Uuid { &self.0 }
/// #     fn tenant_key(&self) -> String { self.0.to_string() }
/// # }
/// let scope = OrgScope(uuid::Uuid::nil());
/// let mut tx = schemaforge::begin(&scope, &pool).await?;
/// // Raw SQL here sees only the tenant's rows of tables with Row-Level Security.
/// let tasks: i64 = sqlx::query_scalar("select count(*) from tasks")
///     .fetch_one(&mut *tx)
///     .await?;
/// tx.commit().await?;
/// # let _ = tasks;
/// # Ok(()) }
/// ```
pub async fn begin<'c, S, A>(scope: &S, conn: A) -> Result<Transaction<'c, Postgres>, Error>
where
    S: Scope + ?Sized,
    A: Acquire<'c, Database = Postgres>,
{
    let tenant = scope.tenant_key();
    let mut tx = conn.begin().await?;
    // Inside another transaction this is a savepoint, but the setting outlives it: refuse to
    // switch a transaction that already belongs to another tenant.
    let set = sqlx::query(S::SET_TENANT)
        .bind(tenant)
        .fetch_optional(&mut *tx)
        .await?;
    if set.is_none() {
        return Err(Error::TenantAlreadySet);
    }
    Ok(tx)
}
