//! Tenant keys on real Postgres: a foreign key between two tables of one tenant carries the
//! tenant column, so no client (helpers, raw SQL, with or without Row-Level Security) can
//! point a row at another tenant's, the refusal says nothing another tenant's row would not,
//! and no referential action of one tenant reaches another's rows.

use std::path::Path;

use schemaforge_generator::emit::sql::{SqlOptions, emit};
use schemaforge_schema::ir::Schema;
use schemaforge_testkit::{TestDatabase, cluster};

const FIXTURE: &str = "tests/fixtures/good/tenant_keys";

fn schema() -> Schema {
    match schemaforge_schema::load(Path::new(FIXTURE)) {
        Ok(loaded) => loaded.schema,
        Err(e) => panic!("{FIXTURE} must compile:\n{}", e.render()),
    }
}

/// Two tenants, 1 and 2, each with a project (ids 1 and 2) and a task in it.
fn database() -> TestDatabase {
    let db = cluster().create_database();
    let ddl = emit(&schema(), &SqlOptions::default());
    db.psql(&format!("BEGIN;\n{ddl}\nCOMMIT;"))
        .unwrap_or_else(|e| panic!("Postgres rejected the DDL: {e}\n{ddl}"));
    db.psql(
        "insert into orgs (name) values ('a'), ('b');
         insert into projects (org_id, code) values (1, 'pa'), (2, 'pb');
         insert into tasks (org_id, project_id, title) values (1, 1, 'a task'), (2, 2, 'b task');
         insert into comments (org_id, task_id, body) values (1, 1, 'a private note');",
    )
    .unwrap_or_else(|e| panic!("seed: {e}"));
    db
}

fn one(db: &TestDatabase, sql: &str) -> String {
    db.psql(sql).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// The error of a statement that must fail, with the probed value replaced.
fn refusal(db: &TestDatabase, sql: &str, probed: &str) -> String {
    match db.psql(sql) {
        Ok(out) => panic!("accepted: {sql} ({out})"),
        Err(e) => e.replace(probed, "<probed>"),
    }
}

#[test]
fn the_ddl_carries_the_tenant_in_every_key_between_tenant_tables() {
    let ddl = emit(&schema(), &SqlOptions::default());
    for expected in [
        "FOREIGN KEY (org_id, project_id) REFERENCES projects (org_id, id) ON DELETE CASCADE",
        "FOREIGN KEY (org_id, review_project) REFERENCES projects (org_id, id) ON DELETE SET NULL (review_project)",
        "FOREIGN KEY (org_id, blocked_by) REFERENCES projects (org_id, id) ON DELETE RESTRICT",
        "FOREIGN KEY (org_id, parent_task_id) REFERENCES tasks (org_id, id)",
        "CONSTRAINT projects_org_id_id_key UNIQUE (org_id, id)",
        "CONSTRAINT tasks_org_id_id_key UNIQUE (org_id, id)",
        // The tenant column's own key to the root is as written.
        "FOREIGN KEY (org_id) REFERENCES orgs (id) ON DELETE CASCADE",
    ] {
        assert!(ddl.contains(expected), "missing `{expected}` in:\n{ddl}");
    }
}

#[test]
fn another_tenants_row_is_refused_exactly_like_a_missing_one() {
    let db = database();
    // Tenant 1 points a new task at tenant 2's project, then at a project that does not
    // exist: the same error, the same constraint, nothing inserted.
    let foreign = refusal(
        &db,
        "insert into tasks (org_id, project_id, title) values (1, 2, 'x')",
        "2",
    );
    let missing = refusal(
        &db,
        "insert into tasks (org_id, project_id, title) values (1, 999, 'x')",
        "999",
    );
    assert!(foreign.contains("tasks_project_id_fkey"), "{foreign}");
    assert_eq!(foreign, missing);
    // An update is refused the same way, for every key to another table of the tenant.
    for column in ["project_id", "review_project", "blocked_by"] {
        let foreign = refusal(
            &db,
            &format!("update tasks set {column} = 2 where id = 1"),
            "2",
        );
        let missing = refusal(
            &db,
            &format!("update tasks set {column} = 999 where id = 1"),
            "999",
        );
        assert_eq!(foreign, missing, "{column}");
    }
    let parent = refusal(&db, "update tasks set parent_task_id = 2 where id = 1", "2");
    let none = refusal(
        &db,
        "update tasks set parent_task_id = 999 where id = 1",
        "999",
    );
    assert_eq!(parent, none);
    assert_eq!(one(&db, "select count(*) from tasks"), "2");
    // Its own tenant's rows are fine.
    one(
        &db,
        "update tasks set review_project = 1, blocked_by = 1, parent_task_id = 1 where id = 1",
    );
}

#[test]
fn ids_of_other_tenants_cannot_be_probed() {
    let db = database();
    // With identity ids, tenant 1 probes ids 1 to 10: every id but its own fails the same
    // way, whether tenant 2 has a project with it or not.
    let mut refusals = Vec::new();
    for id in 2..=10 {
        refusals.push(refusal(
            &db,
            &format!("insert into tasks (org_id, project_id, title) values (1, {id}, 'probe')"),
            &id.to_string(),
        ));
    }
    refusals.dedup();
    assert_eq!(refusals.len(), 1, "{refusals:?}");
}

#[test]
fn referential_actions_stay_within_the_tenant() {
    let db = database();
    one(
        &db,
        "update tasks set review_project = 2, blocked_by = null where id = 2;
         insert into projects (org_id, code) values (2, 'pb2'), (2, 'pb3');
         update tasks set project_id = 3 where id = 2;",
    );
    // Tenant 2 deletes its reviewed project: its task's key is nulled, its tenant column
    // kept (`SET NULL (review_project)`), and tenant 1's rows are untouched.
    one(&db, "delete from projects where id = 2");
    assert_eq!(
        one(
            &db,
            "select org_id, review_project is null from tasks where id = 2"
        ),
        "2|t"
    );
    assert_eq!(one(&db, "select count(*) from tasks where org_id = 1"), "1");
    // A restrict from tenant 2's own row blocks only tenant 2.
    one(&db, "update tasks set blocked_by = 4 where id = 2");
    assert!(db.psql("delete from projects where id = 4").is_err());
    one(&db, "delete from projects where id = 1");
    assert_eq!(one(&db, "select count(*) from tasks where org_id = 1"), "0");
    assert_eq!(one(&db, "select count(*) from tasks where org_id = 2"), "1");
}

/// A `tenant via` table stores the tenant: its key to the parent and its second key both
/// carry it, so neither can name another tenant's task (raw SQL, no helper), and another
/// tenant's actions cannot reach its rows.
#[test]
fn a_tenant_via_table_with_a_second_key_stays_within_its_tenant() {
    let ddl = emit(&schema(), &SqlOptions::default());
    for expected in [
        "org_id         bigint NOT NULL",
        "FOREIGN KEY (org_id, task_id) REFERENCES tasks (org_id, id) ON DELETE CASCADE",
        "FOREIGN KEY (org_id, quoted_task_id) REFERENCES tasks (org_id, id) ON DELETE SET NULL (quoted_task_id)",
    ] {
        assert!(ddl.contains(expected), "missing `{expected}` in:\n{ddl}");
    }
    let db = database();
    // Tenant 1 quotes tenant 2's task: refused as a task that does not exist.
    let foreign = refusal(
        &db,
        "update comments set quoted_task_id = 2 where id = 1",
        "2",
    );
    let missing = refusal(
        &db,
        "update comments set quoted_task_id = 999 where id = 1",
        "999",
    );
    assert!(
        foreign.contains("comments_quoted_task_id_fkey"),
        "{foreign}"
    );
    assert_eq!(foreign, missing);
    // A comment of tenant 1 on tenant 2's task, and one claiming tenant 2 on tenant 1's.
    let on_theirs = refusal(
        &db,
        "insert into comments (org_id, task_id, body) values (1, 2, 'x')",
        "2",
    );
    let on_none = refusal(
        &db,
        "insert into comments (org_id, task_id, body) values (1, 999, 'x')",
        "999",
    );
    assert_eq!(on_theirs, on_none);
    refusal(
        &db,
        "insert into comments (org_id, task_id, body) values (2, 1, 'x')",
        "1",
    );
    // Its own tenant's task is fine; tenant 2 deleting its task touches nothing of tenant 1.
    one(&db, "update comments set quoted_task_id = 1 where id = 1");
    one(&db, "delete from tasks where id = 2");
    assert_eq!(
        one(
            &db,
            "select org_id, task_id, quoted_task_id, body from comments"
        ),
        "1|1|1|a private note"
    );
}

/// `unique (org_id, code)`, which the check asks for on a scoped table: each tenant has its
/// own codes, and a tenant trying another's learns nothing.
#[test]
fn a_unique_with_the_tenant_column_is_per_tenant() {
    let db = database();
    one(&db, "insert into projects (org_id, code) values (1, 'pb')");
    assert_eq!(
        one(&db, "select count(*) from projects where code = 'pb'"),
        "2"
    );
}
