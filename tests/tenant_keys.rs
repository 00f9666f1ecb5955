//! Tenant keys on real Postgres and on a real Citus cluster: a foreign key between two
//! tables of one tenant carries the tenant column, so no client can point a row at another
//! tenant's, the refusal says nothing another tenant's row would not, and no referential
//! action of one tenant reaches another's rows. Every attack runs as a login role that owns
//! nothing, in its tenant's transaction (set as a scope's `begin` sets it), with and without
//! Row-Level Security, on Postgres and (where Citus is installed) on Citus, whose shards
//! check the keys.

use std::path::Path;

use schemaforge_generator::emit::sql::{SqlOptions, emit};
use schemaforge_schema::ir::Schema;
use schemaforge_testkit::{TestDatabase, citus, cluster};

const FIXTURE: &str = "tests/fixtures/good/tenant_keys";

/// The same shapes without `set_null` on keys between distributed tables and without the
/// trigger, which Citus refuses (`check --citus` says so first).
const CITUS_FIXTURE: &str = "tests/fixtures/good/tenant_keys_citus";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Engine {
    Postgres,
    Citus,
}

fn load(path: &str) -> Schema {
    match schemaforge_schema::load(Path::new(path)) {
        Ok(loaded) => loaded.schema,
        Err(e) => panic!("{path} must compile:\n{}", e.render()),
    }
}

fn schema() -> Schema {
    load(FIXTURE)
}

fn ddl(engine: Engine, rls: bool) -> String {
    let mut options = SqlOptions::default();
    options
        .row_level_security(rls)
        .citus(engine == Engine::Citus);
    match engine {
        Engine::Postgres => emit(&schema(), &options),
        Engine::Citus => {
            let schema = load(CITUS_FIXTURE);
            let refused = schemaforge_schema::citus::check(&schema);
            assert!(refused.is_empty(), "{CITUS_FIXTURE}: {refused:?}");
            emit(&schema, &options)
        }
    }
}

/// A database with the fixture's schema: two tenants, 1 and 2, each with a project (ids 1
/// and 2) and a task in it, and tenant 1's comment; and a login role that owns nothing.
struct Setup {
    db: TestDatabase,
    engine: Engine,
    rls: bool,
    role: String,
}

impl Setup {
    fn new(db: TestDatabase, engine: Engine, rls: bool) -> Setup {
        let ddl = ddl(engine, rls);
        db.psql(&format!("BEGIN;\n{ddl}\nCOMMIT;"))
            .unwrap_or_else(|e| panic!("{engine:?} rejected the DDL: {e}\n{ddl}"));
        let role = format!("{}_app", db.name());
        db.psql(&format!(
            "create role {role} login;
             grant select, insert, update, delete on all tables in schema public to {role};
             grant usage on all sequences in schema public to {role};
             insert into orgs (name) values ('a'), ('b');
             insert into projects (org_id, code) values (1, 'pa'), (2, 'pb');
             insert into tasks (org_id, project_id, title) values (1, 1, 'a task'), (2, 2, 'b task');
             insert into comments (org_id, task_id, body) values (1, 1, 'a private note');"
        ))
        .unwrap_or_else(|e| panic!("seed: {e}"));
        let setup = Setup {
            db,
            engine,
            rls,
            role,
        };
        // The role reads as its tenant only under Row-Level Security, on Citus too (where
        // the setting must reach the workers that hold the shards).
        let seen = setup.ok(1, "select count(*) from tasks");
        assert_eq!(seen, if rls { "1" } else { "2" }, "{setup:?}");
        setup
    }

    /// `sql` as the role, in a transaction of `tenant`.
    fn run(&self, tenant: u32, sql: &str) -> Result<String, String> {
        let set = match self.engine {
            Engine::Postgres => format!("select set_config('app.tenant_id', '{tenant}', true)"),
            Engine::Citus => format!("select schemaforge_set_tenant('{tenant}')"),
        };
        let script = format!("begin;\n\\o /dev/null\n{set};\n\\o\n{sql};\ncommit;");
        self.db.psql_as(&self.role, &script)
    }

    /// `sql` as `tenant`, which must succeed.
    fn ok(&self, tenant: u32, sql: &str) -> String {
        self.run(tenant, sql)
            .unwrap_or_else(|e| panic!("{self:?}: {sql}: {e}"))
    }

    /// The error of `sql` as `tenant`, which must fail, with the probed value replaced where
    /// the key's detail names it (`Key (org_id, project_id)=(1, <probed>)`).
    fn refusal(&self, tenant: u32, sql: &str, probed: &str) -> String {
        match self.run(tenant, sql) {
            Ok(out) => panic!("{self:?}: accepted: {sql} ({out})"),
            Err(e) => e.replace(&format!(", {probed})"), ", <probed>)"),
        }
    }

    /// What the owner, who sees every tenant's rows, reads.
    fn owner(&self, sql: &str) -> String {
        self.db
            .psql(sql)
            .unwrap_or_else(|e| panic!("{self:?}: {sql}: {e}"))
    }
}

impl std::fmt::Debug for Setup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let rls = if self.rls { "with" } else { "without" };
        write!(f, "{:?} {rls} Row-Level Security", self.engine)
    }
}

/// Every way the attacks run: Postgres and Citus, each with and without Row-Level Security.
fn setups() -> Vec<Setup> {
    setups_with(&[false, true])
}

/// Postgres and Citus, each with Row-Level Security or without as `rls` lists.
fn setups_with(rls: &[bool]) -> Vec<Setup> {
    let mut setups = Vec::new();
    for &rls in rls {
        setups.push(Setup::new(
            cluster().create_database(),
            Engine::Postgres,
            rls,
        ));
    }
    if let Some(citus) = citus() {
        for &rls in rls {
            setups.push(Setup::new(citus.create_database(), Engine::Citus, rls));
        }
    }
    setups
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
    for s in setups() {
        // Tenant 1 points a new task at tenant 2's project, then at a project that does not
        // exist: the same error, the same constraint, nothing inserted.
        let insert = |project: &str| {
            format!("insert into tasks (org_id, project_id, title) values (1, {project}, 'x')")
        };
        let foreign = s.refusal(1, &insert("2"), "2");
        let missing = s.refusal(1, &insert("999"), "999");
        assert!(
            foreign.contains("tasks_project_id_fkey"),
            "{s:?}: {foreign}"
        );
        assert_eq!(foreign, missing, "{s:?}");
        // An update is refused the same way, for every key to another table of the tenant.
        for column in [
            "project_id",
            "review_project",
            "blocked_by",
            "parent_task_id",
        ] {
            let update = |value: &str| format!("update tasks set {column} = {value} where id = 1");
            let foreign = s.refusal(1, &update("2"), "2");
            let missing = s.refusal(1, &update("999"), "999");
            assert_eq!(foreign, missing, "{s:?}: {column}");
        }
        assert_eq!(s.owner("select count(*) from tasks"), "2", "{s:?}");
        // Its own tenant's rows are fine.
        s.ok(
            1,
            "update tasks set review_project = 1, blocked_by = 1, parent_task_id = 1 where id = 1",
        );
    }
}

#[test]
fn ids_of_other_tenants_cannot_be_probed() {
    for s in setups() {
        // With identity ids, tenant 1 probes ids 1 to 10: every id but its own fails the same
        // way, whether tenant 2 has a project with it or not.
        let mut refusals = Vec::new();
        for id in 2..=10 {
            let probe =
                format!("insert into tasks (org_id, project_id, title) values (1, {id}, 'probe')");
            refusals.push(s.refusal(1, &probe, &id.to_string()));
        }
        refusals.dedup();
        assert_eq!(refusals.len(), 1, "{s:?}: {refusals:?}");
    }
}

#[test]
fn referential_actions_stay_within_the_tenant() {
    for s in setups() {
        s.ok(
            2,
            "update tasks set review_project = 2, blocked_by = null where id = 2;
             insert into projects (org_id, code) values (2, 'pb2'), (2, 'pb3');
             update tasks set project_id = 3 where id = 2",
        );
        if s.engine == Engine::Citus {
            // No `set_null` between distributed tables: the application clears the key.
            s.ok(2, "update tasks set review_project = null where id = 2");
        }
        // Tenant 2 deletes its reviewed project: its task's key is nulled, its tenant column
        // kept (`SET NULL (review_project)` on Postgres), and tenant 1's rows are untouched.
        s.ok(2, "delete from projects where id = 2");
        assert_eq!(
            s.owner("select org_id, review_project is null from tasks where id = 2"),
            "2|t",
            "{s:?}"
        );
        assert_eq!(s.owner("select count(*) from tasks where org_id = 1"), "1");
        // A restrict from tenant 2's own row blocks only tenant 2.
        s.ok(2, "update tasks set blocked_by = 4 where id = 2");
        s.refusal(2, "delete from projects where id = 4", "4");
        s.ok(1, "delete from projects where id = 1");
        assert_eq!(s.owner("select count(*) from tasks where org_id = 1"), "0");
        assert_eq!(s.owner("select count(*) from tasks where org_id = 2"), "1");
    }
}

/// A `tenant via` table stores the tenant: its key to the parent and its second key both
/// carry it, so neither can name another tenant's task, and another tenant's actions cannot
/// reach its rows.
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
    for s in setups() {
        // Tenant 1 quotes tenant 2's task: refused as a task that does not exist.
        let quote =
            |task: &str| format!("update comments set quoted_task_id = {task} where id = 1");
        let foreign = s.refusal(1, &quote("2"), "2");
        let missing = s.refusal(1, &quote("999"), "999");
        assert!(
            foreign.contains("comments_quoted_task_id_fkey"),
            "{s:?}: {foreign}"
        );
        assert_eq!(foreign, missing, "{s:?}");
        // A comment of tenant 1 on tenant 2's task, and one claiming tenant 2 on tenant 1's.
        let comment = |org: &str, task: &str| {
            format!("insert into comments (org_id, task_id, body) values ({org}, {task}, 'x')")
        };
        let on_theirs = s.refusal(1, &comment("1", "2"), "2");
        let on_none = s.refusal(1, &comment("1", "999"), "999");
        assert_eq!(on_theirs, on_none, "{s:?}");
        s.refusal(1, &comment("2", "1"), "1");
        // Its own tenant's task is fine; tenant 2 deleting its task touches nothing of
        // tenant 1.
        s.ok(1, &quote("1"));
        s.ok(2, "delete from tasks where id = 2");
        assert_eq!(
            s.owner("select org_id, task_id, quoted_task_id, body from comments"),
            "1|1|1|a private note",
            "{s:?}"
        );
    }
}

/// `unique (org_id, code)`, which the check asks for on a scoped table: each tenant has its
/// own codes, and a tenant trying another's learns nothing.
#[test]
fn a_unique_with_the_tenant_column_is_per_tenant() {
    for s in setups() {
        s.ok(1, "insert into projects (org_id, code) values (1, 'pb')");
        assert_eq!(
            s.owner("select count(*) from projects where code = 'pb'"),
            "2"
        );
    }
}

/// Under Row-Level Security, on Postgres and on Citus (whose shards evaluate the policies),
/// no command reaches another tenant's notes, and the schema's view reads under the same
/// policies. On Postgres the table has a policy of its own that names only `select`: it
/// still takes its tenant's inserts, updates and deletes (the tenant's policies for the
/// commands it leaves unnamed), hides archived rows, and its trigger runs. (On Citus the
/// table has neither: Citus refuses triggers on its tables, E0251, and would make the
/// tenant's policy beside its own permissive on the shards, E0260.)
#[test]
fn a_tables_own_policy_and_a_view_hold_the_tenant_on_every_engine() {
    for s in setups_with(&[true]) {
        s.ok(
            1,
            "insert into notes (org_id, body, archived) values (1, 'a live', false), (1, 'a shelved', true)",
        );
        s.ok(2, "insert into notes (org_id, body) values (2, 'b live')");
        // Another tenant's row is neither written nor read.
        let other = s.refusal(1, "insert into notes (org_id, body) values (2, 'x')", "");
        assert!(other.contains("row-level security"), "{s:?}: {other}");
        s.ok(1, "update notes set body = 'taken' where org_id = 2");
        s.ok(1, "delete from notes where org_id = 2");
        assert_eq!(
            s.owner("select body from notes where org_id = 2"),
            "b live",
            "{s:?}"
        );
        // The tenant sees its own notes only: on Postgres, the live one (the table's own
        // policy); on Citus, where the table has no policy of its own (E0260), both.
        let own = match s.engine {
            Engine::Postgres => "a live",
            Engine::Citus => "a live\na shelved",
        };
        assert_eq!(
            s.ok(1, "select body from notes order by body"),
            own,
            "{s:?}"
        );
        // The view reads under the same policies.
        assert_eq!(s.ok(1, "select body from live_notes"), "a live", "{s:?}");
        assert_eq!(s.ok(2, "select body from live_notes"), "b live", "{s:?}");
        // And updates and deletes it.
        s.ok(
            1,
            "update notes set body = 'a edited' where body = 'a live'",
        );
        assert_eq!(
            s.owner("select body from notes where org_id = 1 order by body"),
            "a edited\na shelved",
            "{s:?}"
        );
        if s.engine == Engine::Postgres {
            assert_eq!(
                s.owner("select edits from notes where body = 'a edited'"),
                "1",
                "{s:?}: the trigger ran"
            );
        }
        s.ok(1, "delete from notes where body = 'a edited'");
        assert_eq!(
            s.owner("select body from notes where org_id = 1"),
            "a shelved",
            "{s:?}"
        );
    }
}
