//! Row-Level Security as defence in depth: with `SqlOptions::row_level_security(true)`, the
//! example's DDL makes Postgres itself refuse other tenants' rows to a role that is neither
//! superuser nor table owner, whatever SQL it runs, through the transaction-local setting
//! that a scope's `begin` writes.

mod support;

use saas_example::db::*;
use schemaforge_testkit::TestDatabase;
use sqlx::postgres::PgPoolOptions;
use sqlx::{PgConnection, PgPool};
use support::{ALL, Engine, Tenant, World};

/// The example generated for Citus by its build script (`Builder::citus`, for a database
/// that `schemaforge sql --citus` created): the same types, but the scope's `begin` sets the
/// tenant so that the workers' policies see it.
// The schema names its `jsonb` columns' types `crate::json::…`, as the library has them.
use saas_example::json;

#[allow(dead_code)]
mod citus_db {
    schemaforge::include_schema!("schema_citus");
}

/// `tenant`'s scope's `begin` as generated for `engine`.
async fn begin<'c>(
    engine: Engine,
    tenant: &Tenant,
    conn: impl sqlx::Acquire<'c, Database = sqlx::Postgres>,
) -> Result<sqlx::Transaction<'c, sqlx::Postgres>, schemaforge::Error> {
    match engine {
        Engine::Postgres => tenant.scope().begin(conn).await,
        Engine::Citus => {
            let id = citus_db::OrganizationId::new(tenant.org.id.0);
            citus_db::OrganizationScope::new(id).begin(conn).await
        }
    }
}

/// How many rows a tenant has in one table.
type RowCount = fn(&Tenant) -> usize;

/// The tenant-scoped tables and how many rows each tenant has in them.
const SCOPED: &[(&str, RowCount)] = &[
    ("organization_members", |t| t.members.len()),
    ("organization_invitations", |t| t.invitations.len()),
    ("subscriptions", |t| usize::from(t.subscription.is_some())),
    ("api_keys", |t| t.api_keys.len()),
    ("tasks", |t| t.tasks.len()),
    ("task_assignees", |t| t.assignees.len()),
    ("audit_log_entries", |t| t.audit.len()),
    ("webhook_endpoints", |t| t.endpoints.len()),
    ("webhook_deliveries", |t| t.deliveries.len()),
];

/// A login role with the usual grants, neither superuser nor owner of any table, and a pool
/// of one connection as that role (so that every transaction reuses the same session).
async fn app_role(db: &TestDatabase) -> PgPool {
    let role = format!("app_{}", db.name());
    db.psql(&format!(
        "CREATE ROLE {role} LOGIN PASSWORD 'app' NOSUPERUSER NOBYPASSRLS;\n\
         GRANT USAGE ON SCHEMA public TO {role};\n\
         GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};"
    ))
    .expect("create the application role");
    let url = db.url();
    let scheme_end = url.find("://").expect("a URL") + 3;
    let rest = &url[scheme_end..];
    let host = match rest.find('@') {
        Some(at) if !rest[..at].contains('/') => &rest[at + 1..],
        _ => rest,
    };
    let url = format!("{}{role}:app@{host}", &url[..scheme_end]);
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .connect(&url)
        .await
        .expect("connect as the application role");
    let (superuser, bypass): (bool, bool) =
        sqlx::query_as("select rolsuper, rolbypassrls from pg_roles where rolname = current_user")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(!superuser && !bypass);
    pool
}

async fn count(conn: &mut PgConnection, table: &str) -> i64 {
    // Table names from the list above, not input.
    sqlx::query_scalar(&format!("select count(*) from {table}"))
        .fetch_one(conn)
        .await
        .unwrap_or_else(|e| panic!("{table}: {e}"))
}

/// `None` on Citus where Citus is not installed.
async fn setup(engine: Engine) -> Option<(TestDatabase, PgPool, PgPool, World)> {
    let (db, owner) = support::database_on(engine, true).await?;
    // The owner (here a superuser) seeds every tenant; Row-Level Security does not stop it.
    let world = support::seed(&owner, 0x5eed_0004, 3).await;
    let app = app_role(&db).await;
    Some((db, owner, app, world))
}

on_each_engine!(the_ddl_forces_row_level_security_on_every_scoped_table_on: the_ddl_forces_row_level_security_on_every_scoped_table, the_ddl_forces_row_level_security_on_every_scoped_table_on_citus);

async fn the_ddl_forces_row_level_security_on_every_scoped_table_on(engine: Engine) {
    let Some((_db, owner, _app, _world)) = setup(engine).await else {
        return;
    };
    let rows: Vec<(String, bool, bool, i64)> = sqlx::query_as(
        "select c.relname::text, c.relrowsecurity, c.relforcerowsecurity,
                (select count(*) from pg_policy p where p.polrelid = c.oid)
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = 'public' and c.relkind = 'r' order by 1",
    )
    .fetch_all(&owner)
    .await
    .unwrap();
    for (table, enabled, forced, policies) in rows {
        // The tenant root has its policy too: its own row only, within a scope.
        let scoped = SCOPED.iter().any(|(t, _)| *t == table) || table == "organizations";
        assert_eq!(
            (enabled, forced, policies),
            (scoped, scoped, i64::from(scoped)),
            "{table}"
        );
    }
}

on_each_engine!(raw_sql_sees_only_the_scopes_tenant_and_nothing_without_one_on: raw_sql_sees_only_the_scopes_tenant_and_nothing_without_one, raw_sql_sees_only_the_scopes_tenant_and_nothing_without_one_on_citus);

async fn raw_sql_sees_only_the_scopes_tenant_and_nothing_without_one_on(engine: Engine) {
    let Some((_db, _owner, app, world)) = setup(engine).await else {
        return;
    };

    // No tenant set: nothing of any scoped table, while unscoped tables read as usual.
    let mut conn = app.acquire().await.unwrap();
    for (table, _) in SCOPED {
        assert_eq!(count(&mut conn, table).await, 0, "{table} without a tenant");
    }
    assert_eq!(count(&mut conn, "users").await, world.users.len() as i64);
    drop(conn);

    for tenant in &world.tenants {
        let mut tx = begin(engine, tenant, &app).await.unwrap();
        for (table, rows) in SCOPED {
            assert_eq!(
                count(&mut tx, table).await,
                rows(tenant) as i64,
                "{table} of {}",
                tenant.org.slug
            );
        }
        let task_ids: Vec<uuid::Uuid> = sqlx::query_scalar("select id from tasks order by id")
            .fetch_all(&mut *tx)
            .await
            .unwrap();
        let mut expected: Vec<uuid::Uuid> = tenant.tasks.iter().map(|t| t.id.0).collect();
        expected.sort();
        assert_eq!(task_ids, expected);
        // A statement that forgets its WHERE still touches only this tenant's rows.
        let updated = sqlx::query("update tasks set title = 'all mine'")
            .execute(&mut *tx)
            .await
            .unwrap();
        assert_eq!(updated.rows_affected(), tenant.tasks.len() as u64);
        let deleted = sqlx::query("delete from task_assignees")
            .execute(&mut *tx)
            .await
            .unwrap();
        assert_eq!(deleted.rows_affected(), tenant.assignees.len() as u64);
        tx.rollback().await.unwrap();
    }

    // The setting was local to each transaction: the same (only) connection has no tenant now.
    let mut conn = app.acquire().await.unwrap();
    let setting: Option<String> =
        sqlx::query_scalar("select current_setting('app.tenant_id', true)")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
    assert!(setting.as_deref().unwrap_or("").is_empty(), "{setting:?}");
    assert_eq!(count(&mut conn, "tasks").await, 0);
}

on_each_engine!(postgres_refuses_writes_into_another_tenant_on: postgres_refuses_writes_into_another_tenant, postgres_refuses_writes_into_another_tenant_on_citus);

async fn postgres_refuses_writes_into_another_tenant_on(engine: Engine) {
    let Some((_db, _owner, app, world)) = setup(engine).await else {
        return;
    };
    let (mine, theirs) = (&world.tenants[0], &world.tenants[1]);
    let mut tx = begin(engine, mine, &app).await.unwrap();
    let error = |result: Result<sqlx::postgres::PgQueryResult, sqlx::Error>| match result {
        Err(sqlx::Error::Database(e)) => e.code().map(|c| c.into_owned()),
        other => panic!("expected a refusal, got {other:?}"),
    };

    // A task for another tenant: the policy's WITH CHECK refuses it.
    sqlx::query("savepoint s").execute(&mut *tx).await.unwrap();
    let insert = sqlx::query("insert into tasks (organization_id, title) values ($1, 'x')")
        .bind(theirs.org.id)
        .execute(&mut *tx)
        .await;
    assert_eq!(error(insert).as_deref(), Some("42501"));
    sqlx::query("rollback to savepoint s")
        .execute(&mut *tx)
        .await
        .unwrap();

    // An assignee of another tenant's task (`tenant via`): refused too. Without its tenant
    // column, by the policy (on Citus, first by Citus: a null distribution column) ...
    let insert = sqlx::query("insert into task_assignees (task_id, user_id) values ($1, $2)")
        .bind(theirs.tasks[0].id)
        .bind(&mine.members[0].user_id)
        .execute(&mut *tx)
        .await;
    let expected = match engine {
        Engine::Postgres => "42501",
        Engine::Citus => "22004",
    };
    assert_eq!(error(insert).as_deref(), Some(expected));
    sqlx::query("rollback to savepoint s")
        .execute(&mut *tx)
        .await
        .unwrap();
    // ... and with its own tenant, by the key to the task, which carries the tenant.
    let insert = sqlx::query(
        "insert into task_assignees (organization_id, task_id, user_id) values ($1, $2, $3)",
    )
    .bind(mine.org.id)
    .bind(theirs.tasks[0].id)
    .bind(&mine.members[0].user_id)
    .execute(&mut *tx)
    .await;
    assert_eq!(error(insert).as_deref(), Some("23503"));
    sqlx::query("rollback to savepoint s")
        .execute(&mut *tx)
        .await
        .unwrap();

    // Moving an own task to another tenant: refused (on Citus, first by Citus: a row's
    // distribution column cannot change).
    let update = sqlx::query("update tasks set organization_id = $1 where id = $2")
        .bind(theirs.org.id)
        .bind(mine.tasks[0].id)
        .execute(&mut *tx)
        .await;
    let expected = match engine {
        Engine::Postgres => "42501",
        Engine::Citus => "0A000",
    };
    assert_eq!(error(update).as_deref(), Some(expected));
    sqlx::query("rollback to savepoint s")
        .execute(&mut *tx)
        .await
        .unwrap();

    // Another tenant's rows cannot even be addressed.
    let deleted = sqlx::query("delete from tasks where id = $1")
        .bind(theirs.tasks[0].id)
        .execute(&mut *tx)
        .await
        .unwrap();
    assert_eq!(deleted.rows_affected(), 0);
    tx.commit().await.unwrap();
}

on_each_engine!(helpers_and_policies_agree_on: helpers_and_policies_agree, helpers_and_policies_agree_on_citus);

async fn helpers_and_policies_agree_on(engine: Engine) {
    let Some((_db, _owner, app, world)) = setup(engine).await else {
        return;
    };
    let tenant = &world.tenants[0];
    let scope = tenant.scope();

    // Inside the scope's transaction the helpers work as without RLS.
    let mut tx = begin(engine, tenant, &app).await.unwrap();
    assert_eq!(
        scope.tasks().count(&mut *tx).await.unwrap(),
        tenant.tasks.len() as i64
    );
    let task = scope
        .tasks()
        .insert(&mut *tx, &NewTask::new("under RLS".into()))
        .await
        .unwrap();
    let assignee = scope
        .task_assignees()
        .insert(
            &mut *tx,
            &NewTaskAssignee::new(task.id, tenant.members[0].user_id.clone()),
        )
        .await
        .unwrap();
    assert_eq!(assignee.task_id, task.id);
    // Even the escape hatch sees only this tenant: Postgres does not leak the others.
    let everything = Unscoped::i_am_bypassing_tenant_isolation()
        .tasks()
        .list(&mut *tx, ALL)
        .await
        .unwrap();
    assert_eq!(everything.len(), tenant.tasks.len() + 1);
    assert!(
        everything
            .iter()
            .all(|t| t.organization_id == tenant.org.id)
    );
    tx.commit().await.unwrap();

    // Outside a scoped transaction, the application role sees no scoped row at all.
    assert_eq!(scope.tasks().list(&app, ALL).await.unwrap(), Vec::new());
    assert_eq!(scope.tasks().get(&app, &task.id).await.unwrap(), None);
}

on_each_engine!(a_nested_scope_cannot_switch_the_tenant_of_its_transaction_on: a_nested_scope_cannot_switch_the_tenant_of_its_transaction, a_nested_scope_cannot_switch_the_tenant_of_its_transaction_on_citus);

async fn a_nested_scope_cannot_switch_the_tenant_of_its_transaction_on(engine: Engine) {
    let Some((_db, _owner, app, world)) = setup(engine).await else {
        return;
    };
    let (mine, theirs) = (&world.tenants[0], &world.tenants[1]);
    let mut outer = begin(engine, mine, &app).await.unwrap();
    // The same tenant nests (a savepoint) ...
    let inner = begin(engine, mine, &mut *outer).await.unwrap();
    inner.commit().await.unwrap();
    // ... another tenant does not: it would change the tenant of the outer transaction.
    let refused = begin(engine, theirs, &mut *outer).await.map(drop);
    assert!(
        matches!(refused, Err(schemaforge::Error::TenantAlreadySet)),
        "{refused:?}"
    );
    assert_eq!(count(&mut outer, "tasks").await, mine.tasks.len() as i64);
    outer.rollback().await.unwrap();
}

on_each_engine!(a_scope_sees_and_changes_only_its_own_root_row_on: a_scope_sees_and_changes_only_its_own_root_row, a_scope_sees_and_changes_only_its_own_root_row_on_citus);

/// The tenant root, as tenant A with raw SQL: another tenant's row is invisible, and an
/// update or a delete of it (which would cascade through all of its rows) affects nothing;
/// the scope's own row reads and updates as usual; with no tenant set, the directory of
/// tenants reads in full (where tenants are found and created).
async fn a_scope_sees_and_changes_only_its_own_root_row_on(engine: Engine) {
    let Some((_db, owner, app, world)) = setup(engine).await else {
        return;
    };
    let (a, b) = (&world.tenants[0], &world.tenants[1]);
    let mut tx = begin(engine, a, &app).await.unwrap();
    let visible: Vec<uuid::Uuid> = sqlx::query_scalar("select id from organizations")
        .fetch_all(&mut *tx)
        .await
        .unwrap();
    assert_eq!(visible, [a.org.id.0]);
    let updated = sqlx::query("update organizations set name = 'taken' where id = $1")
        .bind(b.org.id.0)
        .execute(&mut *tx)
        .await
        .unwrap();
    assert_eq!(updated.rows_affected(), 0);
    let deleted = sqlx::query("delete from organizations where id = $1")
        .bind(b.org.id.0)
        .execute(&mut *tx)
        .await
        .unwrap();
    assert_eq!(deleted.rows_affected(), 0);
    let everyone = sqlx::query("update organizations set name = name")
        .execute(&mut *tx)
        .await
        .unwrap();
    assert_eq!(everyone.rows_affected(), 1, "only its own row");
    // Moving its own row to another tenant's id is refused by the policy's check.
    let moved = sqlx::query("update organizations set id = $1 where id = $2")
        .bind(uuid::Uuid::nil())
        .bind(a.org.id.0)
        .execute(&mut *tx)
        .await;
    assert!(moved.is_err(), "{moved:?}");
    tx.rollback().await.unwrap();

    // B and all of its rows are still there.
    let name: String = sqlx::query_scalar("select name from organizations where id = $1")
        .bind(b.org.id.0)
        .fetch_one(&owner)
        .await
        .unwrap();
    let tasks: i64 = sqlx::query_scalar("select count(*) from tasks where organization_id = $1")
        .bind(b.org.id.0)
        .fetch_one(&owner)
        .await
        .unwrap();
    assert_eq!((name, tasks), (b.org.name.clone(), b.tasks.len() as i64));

    // Outside any scope: every tenant, as `Organization::insert` and lookups by slug need.
    let all: i64 = sqlx::query_scalar("select count(*) from organizations")
        .fetch_one(&app)
        .await
        .unwrap();
    assert_eq!(all, world.tenants.len() as i64);
}
