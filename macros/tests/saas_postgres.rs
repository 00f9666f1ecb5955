//! The code-first SaaS example's `tenant_via` helpers against a real Postgres, as
//! `examples/saas/tests/tenancy.rs` proves the build script's: through a scope, `list`,
//! `get`, `count`, `update`, `delete` and `insert` reach only the scope's rows, and an insert
//! whose parent is another tenant's fails with `ParentNotInScope`. A table scoped through a
//! `tenant_via` parent (two hops) shows that chains work.

use std::path::Path;

use chrono::{DateTime, Utc};
use ipnetwork::IpNetwork;
use schemaforge::{Error, Page, PgEnum, Table};
use schemaforge_generator::emit::sql;
use serde_json::Value;
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;

#[allow(dead_code)]
#[path = "fixtures/saas/auth.rs"]
mod auth;
#[allow(dead_code)]
#[path = "fixtures/saas/core.rs"]
mod core_tables;
#[allow(dead_code)]
#[path = "fixtures/saas/product.rs"]
mod product;

#[allow(unused_imports)]
use {auth::*, core_tables::*, product::*};

/// One attempt at a delivery: scoped through `webhook_deliveries`, itself scoped through
/// `webhook_endpoints`. Not in the example: the two-hop chain of the test.
#[derive(Debug, Clone, PartialEq, Table)]
#[schemaforge(tenant_via = delivery_id)]
pub struct WebhookAttempt {
    #[schemaforge(primary_key, pg_type = "uuid", default = "gen_random_uuid()")]
    pub id: WebhookAttemptId,
    #[schemaforge(references(webhook_deliveries.id, on_delete = cascade), pg_type = "uuid")]
    pub delivery_id: WebhookDeliveryId,
    pub note: String,
}

async fn database() -> (schemaforge_testkit::TestDatabase, PgPool) {
    let schema = match schemaforge_schema::load(Path::new("../examples/saas/schema")) {
        Ok(loaded) => loaded.schema,
        Err(e) => panic!("{}", e.render()),
    };
    let ddl = sql::emit(&schema, &sql::SqlOptions::default());
    let db = schemaforge_testkit::cluster().create_database();
    if let Err(e) = db.psql(&format!("BEGIN;\n{ddl}\n{}\nCOMMIT;", WebhookAttempt::DDL)) {
        panic!("Postgres rejected the DDL: {e}");
    }
    let pool = PgPoolOptions::new()
        .max_connections(2)
        .connect(db.url())
        .await
        .expect("connect");
    (db, pool)
}

/// One tenant's rows: a task with an assignee, an endpoint with a delivery and an attempt.
struct Tenant {
    scope: OrganizationScope,
    task: Task,
    assignee: TaskAssignee,
    endpoint: WebhookEndpoint,
    delivery: WebhookDelivery,
    attempt: WebhookAttempt,
}

async fn tenant(pool: &PgPool, n: usize, user: &User) -> Tenant {
    let org = Organization::insert(
        pool,
        &NewOrganization::new(format!("Org {n}"), format!("org-{n}")),
    )
    .await
    .expect("insert an organization");
    let scope = OrganizationScope::new(org.id);
    let task = scope
        .tasks()
        .insert(pool, &NewTask::new(format!("Task {n}")))
        .await
        .expect("insert a task");
    let assignee = scope
        .task_assignees()
        .insert(pool, &NewTaskAssignee::new(task.id, user.id.clone()))
        .await
        .expect("insert an assignee");
    let endpoint = scope
        .webhook_endpoints()
        .insert(
            pool,
            &NewWebhookEndpoint::new(format!("https://{n}.example.com"), "secret".into()),
        )
        .await
        .expect("insert an endpoint");
    let delivery = scope
        .webhook_deliveries()
        .insert(
            pool,
            &NewWebhookDelivery::new(endpoint.id, "task.created".into(), Value::Null),
        )
        .await
        .expect("insert a delivery");
    let attempt = scope
        .webhook_attempts()
        .insert(
            pool,
            &NewWebhookAttempt::new(delivery.id, format!("try {n}")),
        )
        .await
        .expect("insert an attempt");
    Tenant {
        scope,
        task,
        assignee,
        endpoint,
        delivery,
        attempt,
    }
}

#[tokio::test]
async fn tenant_via_helpers_reach_only_the_scopes_rows() {
    let (_db, pool) = database().await;
    let user = User::insert(
        &pool,
        &NewUser::new(UserId("u1".into()), "Ada".into(), "ada@example.com".into()),
    )
    .await
    .expect("insert a user");
    let a = tenant(&pool, 1, &user).await;
    let b = tenant(&pool, 2, &user).await;
    let page = Page::first(100);

    for (me, other) in [(&a, &b), (&b, &a)] {
        let s = &me.scope;
        // One hop: task_assignees through tasks.
        let assignees = s.task_assignees();
        assert_eq!(
            assignees.list(&pool, page).await.expect("list"),
            std::slice::from_ref(&me.assignee)
        );
        assert_eq!(assignees.count(&pool).await.expect("count"), 1);
        let key = (&other.assignee.task_id, &other.assignee.user_id);
        assert_eq!(assignees.get(&pool, key.0, key.1).await.expect("get"), None);
        assert_eq!(
            assignees
                .list_by_task_id(&pool, &other.task.id, page)
                .await
                .expect("list by"),
            []
        );
        assert_eq!(
            assignees.delete(&pool, key.0, key.1).await.expect("delete"),
            None
        );
        let mine = (&me.assignee.task_id, &me.assignee.user_id);
        assert_eq!(
            assignees.get(&pool, mine.0, mine.1).await.expect("get"),
            Some(me.assignee.clone())
        );
        let theirs = NewTaskAssignee::new(other.task.id, user.id.clone());
        assert!(matches!(
            assignees.insert(&pool, &theirs).await,
            Err(Error::ParentNotInScope {
                table: "task_assignees",
                column: "task_id"
            })
        ));

        // One hop: webhook_deliveries through webhook_endpoints.
        let deliveries = s.webhook_deliveries();
        assert_eq!(
            deliveries.list(&pool, page).await.expect("list"),
            std::slice::from_ref(&me.delivery)
        );
        assert_eq!(
            deliveries
                .get(&pool, &other.delivery.id)
                .await
                .expect("get"),
            None
        );
        let patch = WebhookDeliveryPatch::default().with_attempt(2);
        assert_eq!(
            deliveries
                .update(&pool, &other.delivery.id, &patch)
                .await
                .expect("update"),
            None
        );
        let theirs = NewWebhookDelivery::new(other.endpoint.id, "x".into(), Value::Null);
        assert!(matches!(
            deliveries.insert(&pool, &theirs).await,
            Err(Error::ParentNotInScope {
                table: "webhook_deliveries",
                column: "endpoint_id"
            })
        ));

        // Two hops: webhook_attempts through webhook_deliveries and webhook_endpoints.
        let attempts = s.webhook_attempts();
        assert_eq!(
            attempts.list(&pool, page).await.expect("list"),
            std::slice::from_ref(&me.attempt)
        );
        assert_eq!(attempts.count(&pool).await.expect("count"), 1);
        assert_eq!(
            attempts.get(&pool, &other.attempt.id).await.expect("get"),
            None
        );
        assert_eq!(
            attempts.get(&pool, &me.attempt.id).await.expect("get"),
            Some(me.attempt.clone())
        );
        let theirs = NewWebhookAttempt::new(other.delivery.id, "no".into());
        assert!(matches!(
            attempts.insert(&pool, &theirs).await,
            Err(Error::ParentNotInScope {
                table: "webhook_attempts",
                column: "delivery_id"
            })
        ));
        assert_eq!(
            attempts
                .delete(&pool, &other.attempt.id)
                .await
                .expect("delete"),
            None
        );
    }

    // Nothing of one tenant was touched by the other's scope; the escape hatch sees both.
    let all = Unscoped::i_am_bypassing_tenant_isolation();
    assert_eq!(all.task_assignees().count(&pool).await.expect("count"), 2);
    assert_eq!(
        all.webhook_deliveries().count(&pool).await.expect("count"),
        2
    );
    assert_eq!(all.webhook_attempts().count(&pool).await.expect("count"), 2);
    let updated = a
        .scope
        .webhook_deliveries()
        .update(
            &pool,
            &a.delivery.id,
            &WebhookDeliveryPatch::default().with_attempt(3),
        )
        .await
        .expect("update");
    assert_eq!(updated.map(|d| d.attempt), Some(3));
    assert_eq!(
        b.scope
            .webhook_deliveries()
            .get(&pool, &b.delivery.id)
            .await
            .expect("get"),
        Some(b.delivery.clone())
    );
}

/// The two-hop chain's way to the tenant, as the compiler built it from the parents' derives,
/// is the one a build script spells out for the same tables.
#[test]
fn a_two_hop_chain_reaches_the_tenant_column() {
    use schemaforge::{TenantHop, TenantScoped};
    let way = WebhookAttempt::TENANT;
    assert_eq!(way.column, "organization_id");
    assert_eq!(
        way.path,
        [
            TenantHop {
                column: "delivery_id",
                table: "webhook_deliveries",
                key: "id"
            },
            TenantHop {
                column: "endpoint_id",
                table: "webhook_endpoints",
                key: "id"
            },
        ]
    );
}
