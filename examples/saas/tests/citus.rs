//! The example on a real Citus cluster (skipped with one line where Citus is not
//! installed): every statement a scope's helpers issue runs on one shard, because each
//! filters on the tenant column, which is the distribution column. Shown by Citus's own
//! counters over the helpers of every tenant-scoped table, and by the plans of the helpers'
//! own statement texts (`EXPLAIN`).

mod support;

use saas_example::db::*;
use schemaforge_testkit::TestDatabase;
use sqlx::PgPool;
use support::{ALL, Engine, World};

/// Citus's executions of this database's statements so far: `(single shard, multi shard)`.
async fn executions(pool: &PgPool) -> (i64, i64) {
    sqlx::query_as(
        "select query_execution_single_shard, query_execution_multi_shard \
         from citus_stat_counters where name = current_database()",
    )
    .fetch_one(pool)
    .await
    .expect("citus_stat_counters")
}

async fn reset(pool: &PgPool) {
    sqlx::query(
        "select citus_stat_counters_reset(oid) from pg_database where datname = current_database()",
    )
    .execute(pool)
    .await
    .expect("reset the counters");
}

/// The number of statements every helper of a scope ran, each read and write of every
/// tenant-scoped table.
async fn every_helper(pool: &PgPool, world: &World) -> i64 {
    let mut statements = 0;
    for tenant in &world.tenants {
        let scope = tenant.scope();
        let lists = [
            scope
                .organization_members()
                .list(pool, ALL)
                .await
                .map(|r| r.len()),
            scope
                .organization_invitations()
                .list(pool, ALL)
                .await
                .map(|r| r.len()),
            scope.subscriptions().list(pool, ALL).await.map(|r| r.len()),
            scope.api_keys().list(pool, ALL).await.map(|r| r.len()),
            scope.tasks().list(pool, ALL).await.map(|r| r.len()),
            scope
                .task_assignees()
                .list(pool, ALL)
                .await
                .map(|r| r.len()),
            scope
                .audit_log_entries()
                .list(pool, ALL)
                .await
                .map(|r| r.len()),
            scope
                .webhook_endpoints()
                .list(pool, ALL)
                .await
                .map(|r| r.len()),
            scope
                .webhook_deliveries()
                .list(pool, ALL)
                .await
                .map(|r| r.len()),
        ];
        for list in lists {
            list.expect("a list");
            statements += 1;
        }
        let counts = [
            scope.organization_members().count(pool).await,
            scope.tasks().count(pool).await,
            scope.webhook_deliveries().count(pool).await,
        ];
        for count in counts {
            count.expect("a count");
            statements += 1;
        }
        for task in &tenant.tasks {
            let got = scope.tasks().get(pool, &task.id).await.expect("get");
            assert_eq!(got.as_ref(), Some(task));
            statements += 1;
        }
        for member in &tenant.members {
            let by_user = scope
                .organization_members()
                .get_by_user_id(pool, &member.user_id)
                .await
                .expect("get by user");
            assert_eq!(by_user.as_ref(), Some(member));
            statements += 1;
        }
        for delivery in &tenant.deliveries {
            let listed = scope
                .webhook_deliveries()
                .list_by_endpoint_id(pool, &delivery.endpoint_id, ALL)
                .await
                .expect("list by endpoint");
            assert!(listed.contains(delivery));
            statements += 1;
        }
        // Writes: an insert, an update and a delete of a task, and of a `tenant via` row.
        let task = scope
            .tasks()
            .insert(pool, &NewTask::new("routed".into()))
            .await
            .expect("insert");
        let patch = TaskPatch::default().with_title("routed again".into());
        scope
            .tasks()
            .update(pool, &task.id, &patch)
            .await
            .expect("update");
        let member = &tenant.members[0].user_id;
        let assignee = NewTaskAssignee::new(task.id, member.clone());
        scope
            .task_assignees()
            .insert(pool, &assignee)
            .await
            .expect("assign");
        let gone = scope.task_assignees().delete(pool, &task.id, member).await;
        assert!(gone.expect("unassign").is_some());
        scope.tasks().delete(pool, &task.id).await.expect("delete");
        statements += 5;
        let own = scope.organization().get(pool).await.expect("own row");
        assert_eq!(own.as_ref(), Some(&tenant.org));
    }
    statements
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_scoped_helper_runs_on_one_shard() {
    let Some((_db, pool)) = support::database_on(Engine::Citus, false).await else {
        return;
    };
    let world = support::seed(&pool, 0x5eed_0c17, 4).await;
    reset(&pool).await;
    let statements = every_helper(&pool, &world).await;
    let (single, multi) = executions(&pool).await;
    assert_eq!(multi, 0, "no statement of a scope fans out to every shard");
    assert!(
        single >= statements,
        "{single} single-shard executions of {statements} statements"
    );
    // The counters do see a fan-out: the escape hatch's count reads every shard.
    let all = Unscoped::i_am_bypassing_tenant_isolation()
        .tasks()
        .count(&pool)
        .await;
    assert!(all.expect("count across tenants") > 0);
    assert_eq!(executions(&pool).await.1, 1);
}

/// The text of the one statement in `pg_stat_statements` that contains every one of
/// `parts`.
async fn statement_text(db: &TestDatabase, parts: &[&str]) -> String {
    let conditions: Vec<String> = parts
        .iter()
        .map(|p| format!("position('{}' in query) > 0", p.replace('\'', "''")))
        .collect();
    let found = db
        .psql(&format!(
            "select query from pg_stat_statements \
             where dbid = (select oid from pg_database where datname = current_database()) \
             and {}",
            conditions.join(" and ")
        ))
        .expect("pg_stat_statements");
    assert!(
        !found.is_empty() && !found.contains('\n'),
        "one statement contains {parts:?}: {found:?}"
    );
    found
}

/// `EXPLAIN` of a helper's own statement, as the helper ran it (from
/// `pg_stat_statements`), with the same values: Citus routes it to one shard.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_plan_of_a_helper_is_a_single_shard_router_plan() {
    let Some((db, pool)) = support::database_on(Engine::Citus, false).await else {
        return;
    };
    db.psql("create extension pg_stat_statements")
        .expect("pg_stat_statements");
    let world = support::seed(&pool, 0x5eed_0c18, 2).await;
    let tenant = &world.tenants[0];
    let task = &tenant.tasks[0];
    let scope = tenant.scope();
    scope.tasks().get(&pool, &task.id).await.expect("get");
    // `… WHERE id = $1 AND organization_id = $2`: the key, then the scope's tenant.
    let get = statement_text(&db, &["FROM tasks WHERE id = $1", "organization_id = $2"]).await;
    // Prepared with the helper's text, executed with its values.
    let plan = db
        .psql(&format!(
            "prepare get_task as {get};\nexplain execute get_task('{}', '{}');",
            task.id.0, tenant.org.id.0
        ))
        .expect("explain");
    assert!(plan.contains("Custom Scan (Citus Adaptive)"), "{plan}");
    assert!(plan.contains("Task Count: 1"), "{get}\n{plan}");
    // The escape hatch's statement, by contrast, reads every shard.
    Unscoped::i_am_bypassing_tenant_isolation()
        .tasks()
        .count(&pool)
        .await
        .expect("count");
    let count = statement_text(&db, &["SELECT count(*) FROM tasks"]).await;
    let plan = db.psql(&format!("explain {count}")).expect("explain");
    assert!(plan.contains("Task Count: 4"), "{count}\n{plan}");
}
