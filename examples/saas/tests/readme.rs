//! The README's example of the query helpers: compiled and run here against Postgres, and
//! required to appear in the README word for word, so that the two cannot drift apart.

mod support;

// README example: begin
use saas_example::db::*;
use schemaforge::Page;
use sqlx::PgPool;

async fn example(
    pool: &PgPool,
    org_id: OrganizationId,
    ada: UserId,
) -> Result<Task, schemaforge::Error> {
    // Unscoped tables (users, platform_*, …) have plain helpers on their row type.
    let _ada = User::get(pool, &ada).await?;

    // Tenant-scoped tables are reached only through a scope; inserts take the tenant from
    // it (`NewTask` has no organization_id field).
    let org = OrganizationScope::new(org_id);
    let task = org
        .tasks()
        .insert(pool, &NewTask::new("Ship it".into()))
        .await?;

    // `tenant via` tables store the tenant too, and their key to the parent carries it:
    // Postgres refuses another tenant's task, as it refuses a task that does not exist.
    let assignee = NewTaskAssignee::new(task.id, ada.clone());
    org.task_assignees().insert(pool, &assignee).await?;

    // Every read, update and delete filters on the tenant: another tenant's row is `None`.
    let _same = org.tasks().get(pool, &task.id).await?;
    let _page = org.tasks().list(pool, Page::first(100)).await?;
    let _hers = org
        .task_assignees()
        .list_by_user_id(pool, &ada, Page::first(100))
        .await?;
    let done = TaskPatch::default().with_status(TaskStatus::Done); // updated_at follows
    let task = org
        .tasks()
        .update(pool, &task.id, &done)
        .await?
        .expect("ours");

    // With Row-Level Security in the DDL, Postgres filters too, on the tenant that `begin`
    // sets for this one transaction.
    let mut tx = org.begin(pool).await?;
    let _keys = org.api_keys().list(&mut *tx, Page::first(10)).await?;
    tx.commit().await?;
    Ok(task)
}
// README example: end

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_readme_example_runs() {
    let (_db, pool) = support::database(true).await;
    let org = Organization::insert(&pool, &NewOrganization::new("Acme".into(), "acme".into()))
        .await
        .unwrap();
    let ada = NewUser::new(
        UserId::new("ada".into()),
        "Ada".into(),
        "ada@example.com".into(),
    );
    let ada = User::insert(&pool, &ada).await.unwrap().id;
    let task = example(&pool, org.id, ada.clone()).await.unwrap();
    assert_eq!(
        (task.status, task.organization_id),
        (TaskStatus::Done, org.id)
    );
    let scope = OrganizationScope::new(org.id);
    let assigned = scope
        .task_assignees()
        .get(&pool, &task.id, &ada)
        .await
        .unwrap();
    assert!(assigned.is_some());
}

#[test]
fn the_readme_shows_this_example() {
    let source = include_str!("readme.rs");
    let start = source.find("// README example: begin\n").unwrap();
    let end = source.find("// README example: end").unwrap();
    let example = &source[start + "// README example: begin\n".len()..end];
    let readme = include_str!("../../../README.md");
    assert!(
        readme.contains(example),
        "README.md must show the example of tests/readme.rs as it is:\n{example}"
    );
}
