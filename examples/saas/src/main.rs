//! `cargo run -p saas-example`: two organizations, each with members, an invitation, tasks,
//! assignees and API keys, all written and read through the generated tenant-scoped helpers;
//! then the proof that each sees only its own.
//!
//! It creates a fresh database on the server of `DATABASE_URL` when that is set, and
//! otherwise starts a throwaway PostgreSQL of its own (removed when it exits).

use std::error::Error;

use saas_example::db::*;
use schemaforge::Page;
use sqlx::PgPool;
use std::time::Duration;

use sqlx::types::chrono::Utc;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let pool = database().await?;

    // Users are not tenant-scoped: plain helpers on the row type.
    let users = User::insert_many(
        &pool,
        &["alice", "bob", "carol", "dave"].map(|name| {
            NewUser::new(
                UserId::new(name.into()),
                name.into(),
                format!("{name}@example.com"),
            )
        }),
    )
    .await?;
    let [alice, bob, carol, dave] = [0, 1, 2, 3].map(|i| users[i].id.clone());

    // Creating a tenant is unscoped; everything in it then goes through its scope.
    let acme =
        Organization::insert(&pool, &NewOrganization::new("Acme".into(), "acme".into())).await?;
    let globex = Organization::insert(
        &pool,
        &NewOrganization::new("Globex".into(), "globex".into()),
    )
    .await?;
    let acme_scope = OrganizationScope::new(acme.id);
    let globex_scope = OrganizationScope::new(globex.id);

    populate(
        &pool,
        &acme_scope,
        &[(&alice, OrgRole::Owner), (&bob, OrgRole::Member)],
    )
    .await?;
    populate(
        &pool,
        &globex_scope,
        &[
            (&carol, OrgRole::Owner),
            (&dave, OrgRole::Admin),
            (&bob, OrgRole::Member),
        ],
    )
    .await?;

    for (org, scope) in [(&acme, &acme_scope), (&globex, &globex_scope)] {
        show(&pool, org, scope).await?;
    }

    println!("\nIsolation:");
    let globex_task = &globex_scope.tasks().list(&pool, Page::first(1)).await?[0];
    let seen = acme_scope.tasks().get(&pool, &globex_task.id).await?;
    println!(
        "  Acme reads Globex's task {:?}: {seen:?}",
        globex_task.title
    );
    let renamed = acme_scope
        .tasks()
        .update(
            &pool,
            &globex_task.id,
            &TaskPatch::default().with_title("pwned".into()),
        )
        .await?;
    println!("  Acme renames it: {renamed:?}");
    let deleted = acme_scope.tasks().delete(&pool, &globex_task.id).await?;
    println!("  Acme deletes it: {deleted:?}");
    let assigned = acme_scope
        .task_assignees()
        .insert(&pool, &NewTaskAssignee::new(globex_task.id, alice.clone()))
        .await;
    match assigned {
        Err(error) => println!("  Acme assigns alice to it: refused ({error})"),
        Ok(row) => return Err(format!("cross-tenant insert succeeded: {row:?}").into()),
    }
    let still_there = globex_scope.tasks().get(&pool, &globex_task.id).await?;
    println!(
        "  Globex's task afterwards: {:?}",
        still_there.map(|t| t.title)
    );

    // The escape hatch, for operator tooling: its name is what a reviewer looks for.
    let all = Unscoped::i_am_bypassing_tenant_isolation();
    let (tasks, keys) = (
        all.tasks().count(&pool).await?,
        all.api_keys().count(&pool).await?,
    );
    let per_tenant =
        acme_scope.tasks().count(&pool).await? + globex_scope.tasks().count(&pool).await?;
    println!(
        "\nAcross tenants (escape hatch): {tasks} tasks ({per_tenant} = Acme's + Globex's), {keys} API keys."
    );
    assert_eq!(tasks, per_tenant);
    Ok(())
}

/// Members with their roles, an invitation, tasks with assignees and an API key, all
/// through the scope: the tenant column comes from it.
async fn populate(
    pool: &PgPool,
    scope: &OrganizationScope,
    members: &[(&UserId, OrgRole)],
) -> Result<(), schemaforge::Error> {
    let new_members: Vec<NewOrganizationMember> = members
        .iter()
        .map(|(user, role)| NewOrganizationMember::new((*user).clone()).with_role(*role))
        .collect();
    scope
        .organization_members()
        .insert_many(pool, &new_members)
        .await?;
    let owner = members[0].0;

    let slug = scope
        .organization()
        .get(pool)
        .await?
        .map(|o| o.slug)
        .unwrap_or_default();
    scope
        .organization_invitations()
        .insert(
            pool,
            &NewOrganizationInvitation::new(
                format!("new.hire@{slug}.example"),
                format!("invite-token-hash-{slug}"),
                Utc::now() + Duration::from_secs(7 * 24 * 3600),
            )
            .with_invited_by_user_id(Some(owner.clone())),
        )
        .await?;

    let tasks = scope
        .tasks()
        .insert_many(
            pool,
            &[
                NewTask::new(format!("Onboard {slug}")).with_priority(TaskPriority::High),
                NewTask::new(format!("Write {slug}'s roadmap"))
                    .with_created_by_user_id(Some(owner.clone())),
            ],
        )
        .await?;
    let assignees: Vec<NewTaskAssignee> = tasks
        .iter()
        .zip(members.iter().cycle())
        .map(|(task, (user, _))| NewTaskAssignee::new(task.id, (*user).clone()))
        .collect();
    scope.task_assignees().insert_many(pool, &assignees).await?;

    scope
        .api_keys()
        .insert(
            pool,
            &NewApiKey::new(
                "CI".into(),
                format!("sk_{slug}"),
                format!("key-hash-{slug}"),
            )
            .with_created_by_user_id(Some(owner.clone())),
        )
        .await?;
    Ok(())
}

/// What one organization sees: only its own rows.
async fn show(
    pool: &PgPool,
    org: &Organization,
    scope: &OrganizationScope,
) -> Result<(), schemaforge::Error> {
    let page = Page::first(100);
    println!("\n{} ({}):", org.name, org.slug);
    // One transaction in which the tenant is also set for Row-Level Security, when the
    // DDL has it; the helpers run on it like on the pool.
    let mut tx = scope.begin(pool).await?;
    for m in scope.organization_members().list(&mut *tx, page).await? {
        println!("  member      {} as {}", m.user_id, m.role);
    }
    for i in scope
        .organization_invitations()
        .list(&mut *tx, page)
        .await?
    {
        println!("  invitation  {} as {}", i.email, i.role);
    }
    for t in scope.tasks().list(&mut *tx, page).await? {
        let who: Vec<String> = scope
            .task_assignees()
            .list_by_task_id(&mut *tx, &t.id, page)
            .await?
            .into_iter()
            .map(|a| a.user_id.to_string())
            .collect();
        println!(
            "  task        {:?} ({}, {}) assigned to {}",
            t.title,
            t.status,
            t.priority,
            who.join(", ")
        );
    }
    for k in scope.api_keys().list(&mut *tx, page).await? {
        println!("  API key     {:?} ({}…)", k.name, k.prefix);
    }
    tx.commit().await?;
    Ok(())
}

/// A fresh database with the example's schema: on `DATABASE_URL`'s server, or on a
/// throwaway PostgreSQL started for this run.
async fn database() -> Result<PgPool, Box<dyn Error>> {
    // The DDL the build script wrote beside the Rust.
    let ddl = saas_example::db::SCHEMA_SQL;
    match std::env::var("DATABASE_URL") {
        Ok(url) if !url.trim().is_empty() => println!("Using the server of DATABASE_URL."),
        _ => println!("DATABASE_URL is not set: starting a throwaway PostgreSQL."),
    }
    let db = schemaforge_testkit::cluster().create_database();
    db.psql(&format!("BEGIN;\n{ddl}\nCOMMIT;"))?;
    println!("Created database {} with the example's schema.", db.name());
    Ok(PgPool::connect(db.url()).await?)
}
