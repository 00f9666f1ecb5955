//! Tenant isolation through the generated helpers, against a real Postgres: several tenants
//! with seeded random data, and every helper of every tenant-scoped table of the example
//! must return exactly its scope's rows, count them right, and leave other tenants' rows
//! alone.

mod support;

use std::collections::BTreeSet;
use std::fmt::Debug;

use saas_example::db::*;
use schemaforge::{Error, Page};
use sqlx::PgPool;
use support::{ALL, Engine, Tenant, World};

const TENANTS: usize = 4;

fn unscoped() -> Unscoped {
    Unscoped::i_am_bypassing_tenant_isolation()
}

/// `rows` sorted as the helpers list them.
fn sorted<R: Clone, K: Ord>(rows: &[R], key: impl Fn(&R) -> K) -> Vec<R> {
    let mut rows = rows.to_vec();
    rows.sort_by_key(|r| key(r));
    rows
}

fn others<'w>(world: &'w World, tenant: &Tenant) -> impl Iterator<Item = &'w Tenant> {
    let id = tenant.org.id;
    world.tenants.iter().filter(move |t| t.org.id != id)
}

/// Pages of `size` until an empty one, concatenated.
async fn paged<R, F, Fut>(size: u32, mut list: F) -> Vec<R>
where
    F: FnMut(Page) -> Fut,
    Fut: Future<Output = Result<Vec<R>, Error>>,
{
    let mut page = Page::first(size);
    let mut all = Vec::new();
    loop {
        let rows = list(page).await.expect("list a page");
        assert!(rows.len() <= size as usize);
        if rows.is_empty() {
            return all;
        }
        all.extend(rows);
        page = page.next();
    }
}

fn assert_same<R: PartialEq + Debug>(actual: &[R], expected: &[R], what: &str) {
    assert_eq!(actual.len(), expected.len(), "{what}: row count");
    assert_eq!(actual, expected, "{what}");
}

/// `list`, `count`, paging and `get` of a table keyed by `id`, for every tenant; and the
/// escape hatch's `count` is the sum of the scopes'.
macro_rules! assert_reads_by_id {
    ($pool:expr, $world:expr, $rows:ident, $handle:ident) => {{
        let pool: &PgPool = $pool;
        let world: &World = $world;
        let mut total = 0;
        for tenant in &world.tenants {
            let scope = tenant.scope();
            let expected = sorted(&tenant.$rows, |r| r.id);
            let what = format!("{} of {}", stringify!($rows), tenant.org.slug);
            assert_same(
                &scope.$handle().list(pool, ALL).await.unwrap(),
                &expected,
                &what,
            );
            let pages = paged(3, |page| scope.$handle().list(pool, page)).await;
            assert_same(&pages, &expected, &what);
            assert_eq!(
                scope.$handle().count(pool).await.unwrap(),
                expected.len() as i64,
                "{what}: count"
            );
            total += expected.len();
            for row in &tenant.$rows {
                assert_eq!(
                    scope.$handle().get(pool, &row.id).await.unwrap().as_ref(),
                    Some(row)
                );
            }
            for other in others(world, tenant) {
                for row in &other.$rows {
                    assert_eq!(
                        scope.$handle().get(pool, &row.id).await.unwrap(),
                        None,
                        "{what}: another tenant's row"
                    );
                }
            }
        }
        assert_eq!(
            unscoped().$handle().count(pool).await.unwrap(),
            total as i64,
            "{}: the scopes' counts add up to all rows",
            stringify!($rows)
        );
        total
    }};
}

/// A `get_by_*` of a unique key: for the key of any tenant's row, a tenant finds its own row
/// with that key, or nothing (another tenant's row with the key is never returned).
macro_rules! assert_get_by {
    ($pool:expr, $world:expr, $rows:ident, $handle:ident, $method:ident, |$r:ident| $key:expr) => {{
        let pool: &PgPool = $pool;
        let world: &World = $world;
        let mut found_others = 0;
        for tenant in &world.tenants {
            let scope = tenant.scope();
            for any in &world.tenants {
                for $r in &any.$rows {
                    let key = $key;
                    let expected = tenant.$rows.iter().find(|$r| $key == key);
                    found_others += usize::from(expected.is_none());
                    assert_eq!(
                        scope.$handle().$method(pool, key).await.unwrap().as_ref(),
                        expected,
                        "{}",
                        stringify!($method)
                    );
                }
            }
        }
        assert!(
            found_others > 0,
            "{}: seed keys only other tenants use",
            stringify!($method)
        );
    }};
}

/// A `list_by_*` of a foreign key: for every value any tenant uses, a tenant lists exactly
/// its own rows with that value.
macro_rules! assert_list_by {
    ($pool:expr, $world:expr, $rows:ident, $handle:ident, $method:ident, |$r:ident| $key:expr, |$s:ident| $order:expr) => {{
        let pool: &PgPool = $pool;
        let world: &World = $world;
        let mut values = Vec::new();
        for tenant in &world.tenants {
            for $r in &tenant.$rows {
                if let Some(value) = $key {
                    if !values.contains(&value) {
                        values.push(value);
                    }
                }
            }
        }
        assert!(
            !values.is_empty(),
            "{}: seed some values",
            stringify!($method)
        );
        for tenant in &world.tenants {
            let scope = tenant.scope();
            for value in &values {
                let own: Vec<_> = tenant
                    .$rows
                    .iter()
                    .filter(|$r| $key.as_ref() == Some(value))
                    .cloned()
                    .collect();
                let expected = sorted(&own, |$s| $order);
                let actual = scope.$handle().$method(pool, value, ALL).await.unwrap();
                assert_same(&actual, &expected, stringify!($method));
            }
        }
    }};
}

/// Another tenant's rows cannot be updated or deleted through a scope: both behave as if
/// the row were missing, and the row is left exactly as it was.
macro_rules! assert_no_cross_tenant_writes {
    ($pool:expr, $world:expr, $rows:ident, $handle:ident, $patch:expr, |$r:ident| ($($key:expr),*)) => {{
        let pool: &PgPool = $pool;
        let world: &World = $world;
        for tenant in &world.tenants {
            let scope = tenant.scope();
            for other in others(world, tenant) {
                for $r in other.$rows.iter().take(2) {
                    let patch = $patch;
                    assert_eq!(scope.$handle().update(pool, $($key,)* &patch).await.unwrap(), None);
                    assert_eq!(scope.$handle().delete(pool, $($key),*).await.unwrap(), None);
                    assert_eq!(
                        unscoped().$handle().get(pool, $($key),*).await.unwrap().as_ref(),
                        Some($r),
                        "another tenant's {} is unchanged",
                        stringify!($rows)
                    );
                }
            }
        }
    }};
}

fn user_of(id: &Option<UserId>) -> Option<UserId> {
    id.clone()
}

on_each_engine!(every_scoped_read_returns_only_the_scopes_rows_on: every_scoped_read_returns_only_the_scopes_rows, every_scoped_read_returns_only_the_scopes_rows_on_citus);

async fn every_scoped_read_returns_only_the_scopes_rows_on(engine: Engine) {
    let Some((_db, pool)) = support::database_on(engine, false).await else {
        return;
    };
    let world = support::seed(&pool, 0x5eed_0001, TENANTS).await;
    let pool = &pool;
    let world = &world;

    // The tenant root: a scope reads only its own row.
    for tenant in &world.tenants {
        let own = tenant.scope().organization().get(pool).await.unwrap();
        assert_eq!(own.as_ref(), Some(&tenant.org));
    }
    let all_orgs = unscoped().organizations().list(pool, ALL).await.unwrap();
    assert_eq!(all_orgs.len(), TENANTS);

    assert_reads_by_id!(pool, world, members, organization_members);
    assert_get_by!(
        pool,
        world,
        members,
        organization_members,
        get_by_user_id,
        |r| &r.user_id
    );
    assert_list_by!(
        pool,
        world,
        members,
        organization_members,
        list_by_user_id,
        |r| Some(r.user_id.clone()),
        |m| m.id
    );

    assert_reads_by_id!(pool, world, invitations, organization_invitations);
    assert_get_by!(
        pool,
        world,
        invitations,
        organization_invitations,
        get_by_token_hash,
        |r| r.token_hash.as_str()
    );
    assert_list_by!(
        pool,
        world,
        invitations,
        organization_invitations,
        list_by_invited_by_user_id,
        |r| user_of(&r.invited_by_user_id),
        |m| m.id
    );

    let subscriptions: Vec<_> = world
        .tenants
        .iter()
        .filter_map(|t| t.subscription.clone())
        .collect();
    assert!(
        !subscriptions.is_empty() && subscriptions.len() < TENANTS,
        "seed some tenants without one"
    );
    for tenant in &world.tenants {
        let scope = tenant.scope();
        let handle = scope.subscriptions();
        assert_eq!(
            handle.get_by_organization_id(pool).await.unwrap(),
            tenant.subscription
        );
        assert_eq!(
            handle.list(pool, ALL).await.unwrap(),
            Vec::from_iter(tenant.subscription.clone())
        );
        assert_eq!(
            handle.count(pool).await.unwrap(),
            i64::from(tenant.subscription.is_some())
        );
        for s in &subscriptions {
            let own = Some(s).filter(|s| s.organization_id == tenant.org.id);
            assert_eq!(handle.get(pool, &s.id).await.unwrap().as_ref(), own);
        }
    }
    assert_eq!(
        unscoped().subscriptions().count(pool).await.unwrap(),
        subscriptions.len() as i64
    );

    assert_reads_by_id!(pool, world, api_keys, api_keys);
    assert_get_by!(pool, world, api_keys, api_keys, get_by_secret_hash, |r| r
        .secret_hash
        .as_str());
    assert_list_by!(
        pool,
        world,
        api_keys,
        api_keys,
        list_by_created_by_user_id,
        |r| user_of(&r.created_by_user_id),
        |m| m.id
    );

    assert_reads_by_id!(pool, world, tasks, tasks);
    assert_list_by!(
        pool,
        world,
        tasks,
        tasks,
        list_by_created_by_user_id,
        |r| user_of(&r.created_by_user_id),
        |m| m.id
    );

    assert_reads_by_id!(pool, world, audit, audit_log_entries);
    assert_list_by!(
        pool,
        world,
        audit,
        audit_log_entries,
        list_by_actor_user_id,
        |r| user_of(&r.actor_user_id),
        |m| m.id
    );

    assert_reads_by_id!(pool, world, endpoints, webhook_endpoints);

    // `tenant via` tables: scoped through their parent.
    assert_reads_by_id!(pool, world, deliveries, webhook_deliveries);
    assert_list_by!(
        pool,
        world,
        deliveries,
        webhook_deliveries,
        list_by_endpoint_id,
        |r| Some(r.endpoint_id),
        |m| m.id
    );

    let mut total = 0;
    for tenant in &world.tenants {
        let scope = tenant.scope();
        let handle = scope.task_assignees();
        let expected = sorted(&tenant.assignees, |a| (a.task_id, a.user_id.clone()));
        assert_same(
            &handle.list(pool, ALL).await.unwrap(),
            &expected,
            "assignees",
        );
        assert_same(
            &paged(4, |page| handle.list(pool, page)).await,
            &expected,
            "assignee pages",
        );
        assert_eq!(handle.count(pool).await.unwrap(), expected.len() as i64);
        total += expected.len();
        for a in &tenant.assignees {
            assert_eq!(
                handle
                    .get(pool, &a.task_id, &a.user_id)
                    .await
                    .unwrap()
                    .as_ref(),
                Some(a)
            );
        }
        for other in others(world, tenant) {
            for a in &other.assignees {
                assert_eq!(
                    handle.get(pool, &a.task_id, &a.user_id).await.unwrap(),
                    None
                );
            }
        }
    }
    assert!(total > 0, "seed some assignees");
    assert_eq!(
        unscoped().task_assignees().count(pool).await.unwrap(),
        total as i64
    );
    assert_list_by!(
        pool,
        world,
        assignees,
        task_assignees,
        list_by_task_id,
        |r| Some(r.task_id),
        |a| (a.task_id, a.user_id.clone())
    );
    assert_list_by!(
        pool,
        world,
        assignees,
        task_assignees,
        list_by_user_id,
        |r| Some(r.user_id.clone()),
        |a| (a.task_id, a.user_id.clone())
    );

    // The escape hatch sees each tenant's rows by its tenant column.
    for tenant in &world.tenants {
        let tasks = unscoped()
            .tasks()
            .list_by_organization_id(pool, &tenant.org.id, ALL)
            .await
            .unwrap();
        assert_same(
            &tasks,
            &sorted(&tenant.tasks, |t| t.id),
            "unscoped tasks by organization",
        );
    }
}

on_each_engine!(no_cross_tenant_update_or_delete_has_any_effect_on: no_cross_tenant_update_or_delete_has_any_effect, no_cross_tenant_update_or_delete_has_any_effect_on_citus);

async fn no_cross_tenant_update_or_delete_has_any_effect_on(engine: Engine) {
    let Some((_db, pool)) = support::database_on(engine, false).await else {
        return;
    };
    let world = support::seed(&pool, 0x5eed_0002, TENANTS).await;
    let pool = &pool;
    let world = &world;

    assert_no_cross_tenant_writes!(
        pool,
        world,
        members,
        organization_members,
        OrganizationMemberPatch::default().with_role(OrgRole::Owner),
        |r| (&r.id)
    );
    assert_no_cross_tenant_writes!(
        pool,
        world,
        invitations,
        organization_invitations,
        OrganizationInvitationPatch::default().with_email("stolen@evil.example".into()),
        |r| (&r.id)
    );
    assert_no_cross_tenant_writes!(
        pool,
        world,
        api_keys,
        api_keys,
        ApiKeyPatch::default().with_name("stolen".into()),
        |r| (&r.id)
    );
    assert_no_cross_tenant_writes!(
        pool,
        world,
        tasks,
        tasks,
        TaskPatch::default().with_title("stolen".into()),
        |r| (&r.id)
    );
    assert_no_cross_tenant_writes!(
        pool,
        world,
        audit,
        audit_log_entries,
        AuditLogEntryPatch::default().with_action("stolen".into()),
        |r| (&r.id)
    );
    assert_no_cross_tenant_writes!(
        pool,
        world,
        endpoints,
        webhook_endpoints,
        WebhookEndpointPatch::default().with_enabled(false),
        |r| (&r.id)
    );
    assert_no_cross_tenant_writes!(
        pool,
        world,
        deliveries,
        webhook_deliveries,
        WebhookDeliveryPatch::default().with_attempt(99),
        |r| (&r.id)
    );
    assert_no_cross_tenant_writes!(
        pool,
        world,
        assignees,
        task_assignees,
        TaskAssigneePatch::default().with_assigned_at(chrono::Utc::now()),
        |r| (&r.task_id, &r.user_id)
    );
    // An empty patch reads: still nothing of another tenant's.
    assert_no_cross_tenant_writes!(pool, world, tasks, tasks, TaskPatch::default(), |r| (&r.id));

    // Nor can a scope update or delete another tenant's organization: its own row is the
    // only one it reaches.
    let first = &world.tenants[0];
    let renamed = first
        .scope()
        .organization()
        .update(
            pool,
            &OrganizationPatch::default().with_name("Renamed".into()),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(renamed.id, first.org.id);
    for other in others(world, first) {
        assert_eq!(
            unscoped()
                .organizations()
                .get(pool, &other.org.id)
                .await
                .unwrap()
                .as_ref(),
            Some(&other.org)
        );
    }

    // Every table still holds every tenant's rows.
    let total = |rows: fn(&Tenant) -> usize| world.tenants.iter().map(rows).sum::<usize>() as i64;
    let u = unscoped();
    assert_eq!(
        u.organization_members().count(pool).await.unwrap(),
        total(|t| t.members.len())
    );
    assert_eq!(
        u.tasks().count(pool).await.unwrap(),
        total(|t| t.tasks.len())
    );
    assert_eq!(
        u.task_assignees().count(pool).await.unwrap(),
        total(|t| t.assignees.len())
    );
    assert_eq!(
        u.webhook_deliveries().count(pool).await.unwrap(),
        total(|t| t.deliveries.len())
    );
}

on_each_engine!(a_scope_writes_its_own_rows_on: a_scope_writes_its_own_rows, a_scope_writes_its_own_rows_on_citus);

async fn a_scope_writes_its_own_rows_on(engine: Engine) {
    let Some((_db, pool)) = support::database_on(engine, false).await else {
        return;
    };
    let world = support::seed(&pool, 0x5eed_0003, 2).await;
    let pool = &pool;
    let tenant = &world.tenants[0];
    let scope = tenant.scope();
    let tasks = scope.tasks();

    // Inserts take the tenant from the scope.
    let task = tasks
        .insert(
            pool,
            &NewTask::new("Write the docs".into()).with_priority(TaskPriority::High),
        )
        .await
        .unwrap();
    assert_eq!(task.organization_id, tenant.org.id);
    assert_eq!(
        (task.status, task.priority),
        (TaskStatus::Backlog, TaskPriority::High)
    );

    // Update: only the patched fields change, and `updated_at` (on_update(now())) moves.
    let updated = tasks
        .update(
            pool,
            &task.id,
            &TaskPatch::default().with_status(TaskStatus::Done),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(updated.status, TaskStatus::Done);
    assert_eq!(
        (&updated.title, updated.priority),
        (&task.title, task.priority)
    );
    assert!(
        updated.updated_at > task.updated_at,
        "on_update sets updated_at"
    );
    // A value the patch sets wins over on_update.
    let fixed = chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap();
    let pinned = tasks
        .update(
            pool,
            &task.id,
            &TaskPatch::default()
                .with_updated_at(fixed)
                .with_description(Some("d".into())),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (pinned.updated_at, pinned.description.as_deref()),
        (fixed, Some("d"))
    );
    // Some(None) sets a nullable column to NULL.
    let cleared = tasks
        .update(pool, &task.id, &TaskPatch::default().with_description(None))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(cleared.description, None);
    assert!(cleared.updated_at > fixed);
    // An empty patch writes nothing and returns the row as it is.
    let same = tasks
        .update(pool, &task.id, &TaskPatch::default())
        .await
        .unwrap();
    assert_eq!(same.as_ref(), Some(&cleared));

    // Delete returns the row once, then it is missing.
    let before = tasks.count(pool).await.unwrap();
    assert_eq!(
        tasks.delete(pool, &task.id).await.unwrap().as_ref(),
        Some(&cleared)
    );
    assert_eq!(tasks.delete(pool, &task.id).await.unwrap(), None);
    assert_eq!(tasks.get(pool, &task.id).await.unwrap(), None);
    assert_eq!(
        tasks
            .update(pool, &task.id, &TaskPatch::default())
            .await
            .unwrap(),
        None
    );
    assert_eq!(tasks.count(pool).await.unwrap(), before - 1);

    // `tenant via`: an assignee of the tenant's own task is inserted …
    let own_task = &tenant.tasks[0];
    let member = tenant.members[0].user_id.clone();
    let _ = scope
        .task_assignees()
        .delete(pool, &own_task.id, &member)
        .await
        .unwrap();
    let assignee = scope
        .task_assignees()
        .insert(pool, &NewTaskAssignee::new(own_task.id, member.clone()))
        .await
        .unwrap();
    assert_eq!(
        (assignee.task_id, &assignee.user_id),
        (own_task.id, &member)
    );
    let moved = scope
        .task_assignees()
        .update(
            pool,
            &own_task.id,
            &member,
            &TaskAssigneePatch::default().with_assigned_at(fixed),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(moved.assigned_at, fixed);

    // … and one of another tenant's task is refused, with nothing inserted.
    let other = &world.tenants[1];
    let foreign_task = &other.tasks[0];
    let assignees_before = unscoped().task_assignees().count(pool).await.unwrap();
    let refused = scope
        .task_assignees()
        .insert(pool, &NewTaskAssignee::new(foreign_task.id, member.clone()))
        .await;
    // By Postgres, through the key that carries the tenant: as for a task that does not exist.
    assert_eq!(refused_by_a_key(refused), "task_assignees_task_id_fkey");
    let missing = scope
        .task_assignees()
        .insert(
            pool,
            &NewTaskAssignee::new(TaskId::new(schemaforge::uuid::Uuid::nil()), member.clone()),
        )
        .await;
    assert_eq!(refused_by_a_key(missing), "task_assignees_task_id_fkey");
    // A batch with one such row inserts none of them.
    let fresh_user = world
        .users
        .iter()
        .find(|u| {
            !tenant
                .assignees
                .iter()
                .any(|a| a.task_id == tenant.tasks[1].id && a.user_id == u.id)
        })
        .unwrap();
    let batch = [
        NewTaskAssignee::new(tenant.tasks[1].id, fresh_user.id.clone()),
        NewTaskAssignee::new(foreign_task.id, fresh_user.id.clone()),
    ];
    let refused = scope.task_assignees().insert_many(pool, &batch).await;
    assert_eq!(refused_by_a_key(refused), "task_assignees_task_id_fkey");
    assert_eq!(
        unscoped().task_assignees().count(pool).await.unwrap(),
        assignees_before
    );
    // One statement: the good row alone goes in.
    let good = scope
        .task_assignees()
        .insert_many(pool, &batch[..1])
        .await
        .unwrap();
    assert_eq!(good.len(), 1);
    assert_eq!(good[0].organization_id, tenant.org.id);
    assert_eq!(
        unscoped().task_assignees().count(pool).await.unwrap(),
        assignees_before + 1
    );

    // Webhook deliveries: the same, two tables deep.
    let refused = scope
        .webhook_deliveries()
        .insert(
            pool,
            &NewWebhookDelivery::new(
                other.endpoints[0].id,
                "x".into(),
                support::payload("x", serde_json::json!({})),
            ),
        )
        .await;
    assert_eq!(
        refused_by_a_key(refused),
        "webhook_deliveries_endpoint_id_fkey"
    );
    let delivery = scope
        .webhook_deliveries()
        .insert(
            pool,
            &NewWebhookDelivery::new(
                tenant.endpoints[0].id,
                "x".into(),
                support::payload("x", serde_json::json!({"a": 1})),
            ),
        )
        .await
        .unwrap();
    assert_eq!(delivery.attempt, 1, "a default");

    // The tenant root: created unscoped, then read and updated through its scope.
    let org = Organization::insert(pool, &NewOrganization::new("New".into(), "new-org".into()))
        .await
        .unwrap();
    let new_scope = OrganizationScope::new(org.id);
    assert_eq!(new_scope.tasks().count(pool).await.unwrap(), 0);
    let renamed = new_scope
        .organization()
        .update(
            pool,
            &OrganizationPatch::default().with_logo_url(Some("https://logo".into())),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(renamed.logo_url.as_deref(), Some("https://logo"));
    assert!(renamed.updated_at > org.updated_at);
    assert_eq!(
        new_scope
            .organization()
            .delete(pool)
            .await
            .unwrap()
            .map(|o| o.id),
        Some(org.id)
    );
    assert_eq!(new_scope.organization().get(pool).await.unwrap(), None);
}

on_each_engine!(inserts_leave_unset_fields_to_the_database_on: inserts_leave_unset_fields_to_the_database, inserts_leave_unset_fields_to_the_database_on_citus);

async fn inserts_leave_unset_fields_to_the_database_on(engine: Engine) {
    let Some((_db, pool)) = support::database_on(engine, false).await else {
        return;
    };
    let pool = &pool;
    // `banned boolean? default(false)`: None = the default, Some(None) = NULL.
    let rows = User::insert_many(
        pool,
        &[
            NewUser::new(UserId::new("a".into()), "A".into(), "a@x".into()),
            NewUser::new(UserId::new("b".into()), "B".into(), "b@x".into()).with_banned(None),
            NewUser::new(UserId::new("c".into()), "C".into(), "c@x".into())
                .with_banned(Some(true))
                .with_image(Some("i".into())),
        ],
    )
    .await
    .unwrap();
    let banned: Vec<Option<bool>> = rows.iter().map(|u| u.banned).collect();
    assert_eq!(banned, [Some(false), None, Some(true)]);
    assert_eq!(rows[2].image.as_deref(), Some("i"));
    assert_eq!(User::insert_many(pool, &[]).await.unwrap(), Vec::new());

    // Unscoped tables: plain helpers.
    assert_eq!(User::count(pool).await.unwrap(), 3);
    assert_eq!(
        User::get_by_email(pool, "b@x").await.unwrap().map(|u| u.id),
        Some(UserId::new("b".into()))
    );
    let ids: BTreeSet<UserId> = User::list(pool, ALL)
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.id)
        .collect();
    assert_eq!(ids.len(), 3);
    let patched = User::update(
        pool,
        &UserId::new("a".into()),
        &UserPatch::default().with_email_verified(true),
    )
    .await
    .unwrap()
    .unwrap();
    assert!(patched.email_verified && patched.updated_at > rows[0].updated_at);
    assert_eq!(
        User::delete(pool, &UserId::new("c".into()))
            .await
            .unwrap()
            .map(|u| u.name),
        Some("C".into())
    );
    assert_eq!(
        User::get(pool, &UserId::new("c".into())).await.unwrap(),
        None
    );

    // A unique violation is Postgres's error, untouched.
    let duplicate = User::insert(
        pool,
        &NewUser::new(UserId::new("d".into()), "D".into(), "a@x".into()),
    )
    .await;
    let Err(Error::Database(sqlx::Error::Database(e))) = duplicate else {
        panic!("{duplicate:?}")
    };
    assert_eq!(e.code().as_deref(), Some("23505"));
}

/// The foreign key by which Postgres refused `result` (23503: the row it points at is not
/// there, or, which it does not tell apart, is another tenant's).
fn refused_by_a_key<T: std::fmt::Debug>(result: Result<T, Error>) -> String {
    match result {
        Err(Error::Database(sqlx::Error::Database(e))) if e.code().as_deref() == Some("23503") => {
            match e.constraint() {
                Some(constraint) => constraint.to_string(),
                None => constraint_of_a_shard(e.message()),
            }
        }
        other => panic!("expected a foreign key violation, got {other:?}"),
    }
}

/// Citus passes a worker's error on without its fields: the constraint is named only in the
/// message, as the shard's (`task_assignees_task_id_fkey_102040`). The key's own name.
fn constraint_of_a_shard(message: &str) -> String {
    let named = message
        .split_once("constraint \"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map_or("", |(name, _)| name);
    match named.rsplit_once('_') {
        Some((key, shard)) if shard.bytes().all(|b| b.is_ascii_digit()) => key.to_string(),
        _ => named.to_string(),
    }
}
