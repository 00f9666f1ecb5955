//! The code-first SaaS example's helpers for the tables the schema scopes `tenant via` their
//! parent (here written with their tenant column, as a derive must) against a real Postgres,
//! as `examples/saas/tests/tenancy.rs` proves the build script's: through a scope, `list`,
//! `get`, `count`, `update`, `delete` and `insert` reach only the scope's rows, and an insert
//! whose parent is another tenant's is refused by Postgres, by the key that carries the
//! tenant, exactly as one whose parent does not exist. A table two steps from a table with a
//! tenant column of its own shows that chains hold.

use std::path::Path;

use chrono::{DateTime, Utc};
use ipnetwork::IpNetwork;
use schemaforge::Json;
use schemaforge::{Error, Page, PgEnum, Table};
use schemaforge_generator::emit::sql;
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;

#[allow(dead_code)]
#[path = "fixtures/saas/auth.rs"]
mod auth;
#[allow(dead_code)]
#[path = "fixtures/saas/core.rs"]
mod core_tables;
/// The example's types of its `jsonb` columns, which the fixtures name as the schema does.
#[path = "../../examples/saas/src/json.rs"]
mod json;
#[allow(dead_code)]
#[path = "fixtures/saas/product.rs"]
mod product;

#[allow(unused_imports)]
use {auth::*, core_tables::*, product::*};

/// A delivery's body for `event_type`.
fn payload(event_type: &str) -> Json<json::WebhookPayload> {
    Json(json::WebhookPayload {
        id: schemaforge::uuid::Uuid::from_u128(1),
        event_type: event_type.into(),
        created_at: DateTime::UNIX_EPOCH,
        data: schemaforge::serde_json::Value::Null,
    })
}

/// One attempt at a delivery: scoped like `webhook_deliveries`, itself scoped like
/// `webhook_endpoints`. Not in the example: the two-hop chain of the test, declared for
/// Postgres by [`ATTEMPTS`].
#[derive(Debug, Clone, PartialEq, Table)]
#[schemaforge(tenant = organization_id)]
pub struct WebhookAttempt {
    #[schemaforge(primary_key, pg_type = "uuid", default = "gen_random_uuid()")]
    pub id: WebhookAttemptId,
    /// The tenant, always the `webhook_deliveries` row's: stored for the key to it, which carries the tenant. The scope fills it in.
    #[schemaforge(references(organizations.id, on_delete = cascade), pg_type = "uuid")]
    pub organization_id: OrganizationId,
    #[schemaforge(references(webhook_deliveries.id, on_delete = cascade), pg_type = "uuid")]
    pub delivery_id: WebhookDeliveryId,
    pub note: String,
}

/// `webhook_attempts` in the schema language, `tenant via` its delivery: the schema the
/// struct above is written for. Checked with the example, it gets the tenant key
/// `(organization_id, delivery_id)` that a derive's own DDL does not carry.
const ATTEMPTS: &str = "
table webhook_attempts {
  tenant via delivery_id
  id          uuid primary_key default(gen_random_uuid())
  delivery_id uuid references(webhook_deliveries.id, on_delete: cascade)
  note        text
}
";

async fn database() -> (schemaforge_testkit::TestDatabase, PgPool) {
    let mut sources = match schemaforge_schema::Sources::read(Path::new("../examples/saas/schema"))
    {
        Ok(sources) => sources,
        Err(e) => panic!("{e}"),
    };
    sources.add("webhook_attempts.forge", ATTEMPTS);
    let schema = match schemaforge_schema::compile(&sources) {
        Ok(schema) => schema,
        Err(e) => panic!("{}", e.render(&sources)),
    };
    let ddl = sql::emit(&schema, &sql::SqlOptions::default());
    assert!(
        ddl.contains("FOREIGN KEY (organization_id, delivery_id) REFERENCES webhook_deliveries (organization_id, id)"),
        "{ddl}"
    );
    let db = schemaforge_testkit::cluster().create_database();
    if let Err(e) = db.psql(&format!("BEGIN;\n{ddl}\nCOMMIT;")) {
        panic!("Postgres rejected the DDL: {e}");
    }
    let pool = PgPoolOptions::new()
        .max_connections(2)
        .connect(db.url())
        .await
        .expect("connect");
    (db, pool)
}

/// The foreign key by which Postgres refused `result` (23503), as for a missing parent.
fn refused_by_a_key<T: std::fmt::Debug>(result: Result<T, Error>) -> String {
    match result {
        Err(Error::Database(sqlx::Error::Database(e))) if e.code().as_deref() == Some("23503") => {
            e.constraint().unwrap_or_default().to_string()
        }
        other => panic!("expected a foreign key violation, got {other:?}"),
    }
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
            &NewWebhookDelivery::new(endpoint.id, "task.created".into(), payload("task.created")),
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
async fn helpers_of_tables_scoped_through_a_parent_reach_only_the_scopes_rows() {
    let (_db, pool) = database().await;
    let user = User::insert(
        &pool,
        &NewUser::new(
            UserId::new("u1".into()),
            "Ada".into(),
            "ada@example.com".into(),
        ),
    )
    .await
    .expect("insert a user");
    // Assigned nowhere: an assignment of them to another tenant's task collides with no key
    // (see the README on what a primary key without the tenant column still tells).
    let newcomer = User::insert(
        &pool,
        &NewUser::new(
            UserId::new("u2".into()),
            "Bo".into(),
            "bo@example.com".into(),
        ),
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
        let theirs = NewTaskAssignee::new(other.task.id, newcomer.id.clone());
        let refused = refused_by_a_key(assignees.insert(&pool, &theirs).await);
        assert_eq!(refused, "task_assignees_task_id_fkey");
        // Exactly as a task that does not exist: nothing tells the two apart.
        let missing = NewTaskAssignee::new(
            TaskId::new(schemaforge::uuid::Uuid::nil()),
            newcomer.id.clone(),
        );
        assert_eq!(
            refused_by_a_key(assignees.insert(&pool, &missing).await),
            refused
        );

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
        let theirs = NewWebhookDelivery::new(other.endpoint.id, "x".into(), payload("x"));
        assert_eq!(
            refused_by_a_key(deliveries.insert(&pool, &theirs).await),
            "webhook_deliveries_endpoint_id_fkey"
        );

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
        assert_eq!(
            refused_by_a_key(attempts.insert(&pool, &theirs).await),
            "webhook_attempts_delivery_id_fkey"
        );
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
