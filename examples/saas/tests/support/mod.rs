//! What the tenancy tests share: a database with the example's schema, a seeded random
//! generator, and several tenants' worth of data inserted through the helpers.

#![allow(dead_code)]

use std::path::Path;

use saas_example::db::*;
use saas_example::json::WebhookPayload;
use schemaforge::Page;
use schemaforge_generator::emit::sql::{SqlOptions, emit};
use schemaforge_testkit::{TestDatabase, cluster};
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;

/// Where a test runs: a plain Postgres, or a Citus cluster (coordinator and two workers)
/// with the DDL of `schemaforge sql --citus`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Postgres,
    Citus,
}

/// A test that runs on Postgres as `$postgres` and on Citus as `$citus` (which returns at
/// once where Citus is not installed, after the testkit said so): `$body(engine)`.
#[macro_export]
macro_rules! on_each_engine {
    ($body:ident: $postgres:ident, $citus:ident) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $postgres() {
            $body(support::Engine::Postgres).await
        }

        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $citus() {
            $body(support::Engine::Citus).await
        }
    };
}

/// A webhook delivery's body for `event_type`, about `data`.
#[allow(dead_code)]
pub fn payload(event_type: &str, data: serde_json::Value) -> schemaforge::Json<WebhookPayload> {
    schemaforge::Json(WebhookPayload {
        id: uuid::Uuid::from_u128(1),
        event_type: event_type.to_string(),
        created_at: chrono::DateTime::UNIX_EPOCH,
        data,
    })
}

/// The example's DDL, with or without Row-Level Security.
pub fn ddl(rls: bool) -> String {
    ddl_on(Engine::Postgres, rls)
}

/// The example's DDL for `engine`, with or without Row-Level Security.
pub fn ddl_on(engine: Engine, rls: bool) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema");
    let schema = match schemaforge_schema::load(&path) {
        Ok(loaded) => loaded.schema,
        Err(e) => panic!("the example schema must compile:\n{}", e.render()),
    };
    let mut options = SqlOptions::default();
    options
        .row_level_security(rls)
        .citus(engine == Engine::Citus);
    emit(&schema, &options)
}

/// A fresh database with the example's schema, and a pool on it as its owner.
pub async fn database(rls: bool) -> (TestDatabase, PgPool) {
    match database_on(Engine::Postgres, rls).await {
        Some(both) => both,
        None => unreachable!("Postgres is always there"),
    }
}

/// [`database`] on `engine`; `None` on Citus where Citus is not installed.
pub async fn database_on(engine: Engine, rls: bool) -> Option<(TestDatabase, PgPool)> {
    let db = match engine {
        Engine::Postgres => cluster().create_database(),
        Engine::Citus => schemaforge_testkit::citus()?.create_database(),
    };
    let ddl = ddl_on(engine, rls);
    if let Err(e) = db.psql(&format!("BEGIN;\n{ddl}\nCOMMIT;")) {
        panic!("{engine:?} rejected the DDL: {e}");
    }
    let pool = PgPoolOptions::new()
        .max_connections(4)
        .connect(db.url())
        .await
        .expect("connect");
    Some((db, pool))
}

/// xorshift64*: small, seeded, good enough to shuffle test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `low..high`.
    pub fn range(&mut self, low: usize, high: usize) -> usize {
        low + (self.next() % (high - low) as u64) as usize
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.range(0, items.len())]
    }

    pub fn word(&mut self) -> String {
        const WORDS: &[&str] = &[
            "alpha", "bravo", "delta", "echo", "kilo", "lima", "oscar", "romeo", "tango", "zulu",
        ];
        format!("{}-{}", self.pick(WORDS), self.next() % 10_000)
    }

    /// `count` distinct items of `items` (all of them when there are fewer).
    pub fn subset<T: Clone>(&mut self, items: &[T], count: usize) -> Vec<T> {
        let mut pool: Vec<T> = items.to_vec();
        let mut out = Vec::new();
        while out.len() < count && !pool.is_empty() {
            let i = self.range(0, pool.len());
            out.push(pool.swap_remove(i));
        }
        out
    }
}

/// One tenant's rows, as the helpers returned them when inserting.
pub struct Tenant {
    pub org: Organization,
    pub members: Vec<OrganizationMember>,
    pub invitations: Vec<OrganizationInvitation>,
    pub subscription: Option<Subscription>,
    pub api_keys: Vec<ApiKey>,
    pub tasks: Vec<Task>,
    pub assignees: Vec<TaskAssignee>,
    pub audit: Vec<AuditLogEntry>,
    pub endpoints: Vec<WebhookEndpoint>,
    pub deliveries: Vec<WebhookDelivery>,
}

impl Tenant {
    pub fn scope(&self) -> OrganizationScope {
        OrganizationScope::new(self.org.id)
    }
}

/// Everything seeded: the shared users and each tenant's rows.
pub struct World {
    pub users: Vec<User>,
    pub tenants: Vec<Tenant>,
}

/// Enough rows of every kind to list past one page.
pub const ALL: Page = Page::first(10_000);

/// Seeds `tenants` organizations with random data through the helpers (scoped inserts for
/// everything tenant-scoped). Users are shared: one user may belong to several tenants.
pub async fn seed(pool: &PgPool, seed: u64, tenants: usize) -> World {
    let mut rng = Rng::new(seed);
    let new_users: Vec<NewUser> = (0..16)
        .map(|i| {
            NewUser::new(
                UserId::new(format!("user-{seed}-{i}")),
                rng.word(),
                format!("user{i}-{seed}@example.com"),
            )
        })
        .collect();
    let users = User::insert_many(pool, &new_users).await.expect("users");
    let user_ids: Vec<UserId> = users.iter().map(|u| u.id.clone()).collect();

    let new_orgs: Vec<NewOrganization> = (0..tenants)
        .map(|i| NewOrganization::new(format!("Org {i}"), format!("org-{seed}-{i}")))
        .collect();
    let orgs = Organization::insert_many(pool, &new_orgs)
        .await
        .expect("organizations");

    let now = chrono::Utc::now();
    let mut out = Vec::new();
    for (t, org) in orgs.into_iter().enumerate() {
        let scope = OrganizationScope::new(org.id);
        let roles = [OrgRole::Owner, OrgRole::Admin, OrgRole::Member];
        let member_users = {
            let count = rng.range(2, 9);
            rng.subset(&user_ids, count)
        };
        let new_members: Vec<NewOrganizationMember> = member_users
            .iter()
            .map(|u| NewOrganizationMember::new(u.clone()).with_role(*rng.pick(&roles)))
            .collect();
        let members = scope
            .organization_members()
            .insert_many(pool, &new_members)
            .await
            .expect("members");

        let mut invitations = Vec::new();
        for i in 0..rng.range(0, 5) {
            let mut new = NewOrganizationInvitation::new(
                // Distinct in the tenant: one pending invitation per address.
                format!("{}-{i}@invited.example", rng.word()),
                format!("token-{seed}-{t}-{i}"),
                now + chrono::Duration::days(7),
            );
            if rng.chance(50) {
                new = new.with_invited_by_user_id(Some(rng.pick(&member_users).clone()));
            }
            invitations.push(
                scope
                    .organization_invitations()
                    .insert(pool, &new)
                    .await
                    .expect("invitation"),
            );
        }

        let subscription = if rng.chance(70) {
            let new = NewSubscription::new(format!("cus_{seed}_{t}"))
                .with_stripe_subscription_id(Some(format!("sub_{seed}_{t}")))
                .with_status(SubscriptionStatus::Active);
            Some(
                scope
                    .subscriptions()
                    .insert(pool, &new)
                    .await
                    .expect("subscription"),
            )
        } else {
            None
        };

        let new_keys: Vec<NewApiKey> = (0..rng.range(0, 6))
            .map(|i| {
                let mut key = NewApiKey::new(
                    rng.word(),
                    format!("sk_{}", rng.next() % 1000),
                    format!("hash-{seed}-{t}-{i}"),
                );
                if rng.chance(50) {
                    key = key.with_created_by_user_id(Some(rng.pick(&member_users).clone()));
                }
                key
            })
            .collect();
        let api_keys = scope
            .api_keys()
            .insert_many(pool, &new_keys)
            .await
            .expect("api keys");

        let statuses = TaskStatus::ALL;
        let new_tasks: Vec<NewTask> = (0..rng.range(5, 30))
            .map(|_| {
                let mut task = NewTask::new(rng.word()).with_status(*rng.pick(statuses));
                if rng.chance(60) {
                    task = task.with_created_by_user_id(Some(rng.pick(&member_users).clone()));
                }
                if rng.chance(30) {
                    task = task.with_description(Some(rng.word()));
                }
                task
            })
            .collect();
        let tasks = scope
            .tasks()
            .insert_many(pool, &new_tasks)
            .await
            .expect("tasks");

        let mut new_assignees = Vec::new();
        for task in &tasks {
            let count = rng.range(0, 3);
            for user in rng.subset(&member_users, count) {
                new_assignees.push(NewTaskAssignee::new(task.id, user));
            }
        }
        let assignees = scope
            .task_assignees()
            .insert_many(pool, &new_assignees)
            .await
            .expect("assignees");

        let new_audit: Vec<NewAuditLogEntry> = (0..rng.range(0, 10))
            .map(|_| {
                NewAuditLogEntry::new("task.created".to_string())
                    .with_actor_user_id(Some(rng.pick(&member_users).clone()))
            })
            .collect();
        let audit = scope
            .audit_log_entries()
            .insert_many(pool, &new_audit)
            .await
            .expect("audit");

        let new_endpoints: Vec<NewWebhookEndpoint> = (0..rng.range(1, 4))
            .map(|_| {
                NewWebhookEndpoint::new(format!("https://{}.example/hook", rng.word()), rng.word())
            })
            .collect();
        let endpoints = scope
            .webhook_endpoints()
            .insert_many(pool, &new_endpoints)
            .await
            .expect("endpoints");
        let mut new_deliveries = Vec::new();
        for endpoint in &endpoints {
            for _ in 0..rng.range(0, 6) {
                new_deliveries.push(NewWebhookDelivery::new(
                    endpoint.id,
                    "task.created".to_string(),
                    payload("task.created", serde_json::json!({ "n": rng.next() % 100 })),
                ));
            }
        }
        let deliveries = scope
            .webhook_deliveries()
            .insert_many(pool, &new_deliveries)
            .await
            .expect("deliveries");

        out.push(Tenant {
            org,
            members,
            invitations,
            subscription,
            api_keys,
            tasks,
            assignees,
            audit,
            endpoints,
            deliveries,
        });
    }
    World {
        users,
        tenants: out,
    }
}
