//! Migrations between schema versions: one reviewed snapshot per evolution case
//! (`tests/fixtures/migrations/<case>/{old,new}.forge`), and every case proved on a real
//! PostgreSQL 15 by the oracle of `common::oracle`.
//!
//! A case folder may hold an `options` file with words: `safe` (diff with
//! `DiffOptions::safe`), `fails_with_rows` (the hazard report says the migration fails on
//! a filled table: it must, and it must succeed on an empty one), `no_cast` (the diff
//! must refuse with an error).

mod common;

use std::path::{Path, PathBuf};

use common::oracle;
use schemaforge_generator::diff::{DiffError, DiffOptions, Migration, diff};
use schemaforge_schema::ir::Schema;

const CASES: &str = "tests/fixtures/migrations";
const EXAMPLE: &str = "examples/saas/schema";

fn load(path: &Path) -> Schema {
    match schemaforge_schema::load(path) {
        Ok(loaded) => loaded.schema,
        Err(e) => panic!("{} must compile:\n{}", path.display(), e.render()),
    }
}

struct Case {
    name: String,
    old: Schema,
    new: Schema,
    options: Vec<String>,
}

impl Case {
    fn has(&self, option: &str) -> bool {
        self.options.iter().any(|o| o == option)
    }

    fn diff_options(&self) -> DiffOptions {
        DiffOptions::default()
            .allow_data_loss(true)
            .safe(self.has("safe"))
            .row_level_security(self.has("rls"))
    }

    fn migration(&self) -> Result<Migration, DiffError> {
        diff(&self.old, &self.new, &self.diff_options())
    }
}

fn cases() -> Vec<Case> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(CASES)
        .expect("the migration fixtures folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("old.forge").is_file())
        .collect();
    dirs.sort();
    dirs.into_iter()
        .map(|dir| Case {
            name: dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            old: load(&dir.join("old.forge")),
            new: load(&dir.join("new.forge")),
            options: std::fs::read_to_string(dir.join("options"))
                .unwrap_or_default()
                .split_whitespace()
                .map(str::to_string)
                .collect(),
        })
        .collect()
}

/// The snapshot text of a case: its options, the migration, the hazard report.
fn render(case: &Case) -> String {
    let mut text = String::new();
    if !case.options.is_empty() {
        text.push_str(&format!("-- options: {}\n", case.options.join(" ")));
    }
    match case.migration() {
        Ok(m) => {
            text.push_str(&m.sql());
            text.push_str("\n== hazards ==\n");
            text.push_str(&m.report());
        }
        Err(e) => {
            text.push_str("== error ==\n");
            text.push_str(&e.to_string());
            text.push('\n');
        }
    }
    text
}

#[test]
fn every_case_has_a_reviewed_snapshot() {
    let cases = cases();
    assert!(
        cases.len() >= 25,
        "expected the evolution cases, found {}",
        cases.len()
    );
    for case in &cases {
        insta::assert_snapshot!(case.name.as_str(), render(case));
    }
}

#[test]
fn diffing_a_schema_with_itself_gives_nothing() {
    for case in cases() {
        for schema in [&case.old, &case.new] {
            let m = diff(schema, schema, &DiffOptions::default()).expect("no change");
            assert!(m.is_empty(), "{}: {}", case.name, m.sql());
        }
    }
    let example = load(Path::new(EXAMPLE));
    assert!(
        diff(&example, &example, &DiffOptions::default())
            .expect("no change")
            .is_empty()
    );
}

#[test]
fn data_loss_is_refused_without_the_flag() {
    let case = cases()
        .into_iter()
        .find(|c| c.name == "drop_column")
        .expect("drop_column case");
    let err = diff(&case.old, &case.new, &DiffOptions::default()).expect_err("refused");
    let DiffError::DataLoss(steps) = &err else {
        panic!("expected a data-loss refusal, got {err}");
    };
    assert_eq!(steps.len(), 2, "{steps:?}");
    assert!(err.to_string().contains("--allow-data-loss"));
}

#[test]
fn every_case_migrates_like_a_fresh_database() {
    let shared = schemaforge_testkit::cluster().create_database();
    let mut failures = Vec::new();
    for (k, case) in cases().iter().enumerate() {
        let ns = format!("case_{k}");
        // An extension belongs to a database (its objects to the schema it was created
        // in): a case that declares one gets a database of its own.
        let own;
        let db = if case.old.extensions.is_empty() && case.new.extensions.is_empty() {
            &shared
        } else {
            own = schemaforge_testkit::cluster().create_database();
            &own
        };
        let migration = match case.migration() {
            Ok(m) => m,
            Err(e) if case.has("no_cast") => {
                assert!(matches!(e, DiffError::NoCast { .. }), "{}: {e}", case.name);
                continue;
            }
            Err(e) => {
                failures.push(format!("{}: {e}", case.name));
                continue;
            }
        };
        if case.has("fails_with_rows") {
            // Honest hazards: with rows the migration fails (and rolls back)...
            let failed = oracle::create(db, &ns, &case.old, case.has("rls"))
                .and_then(|()| oracle::seed(db, &ns, &case.old))
                .and_then(|()| oracle::apply(db, &ns, &migration));
            if failed.is_ok() {
                failures.push(format!(
                    "{}: expected a failure on a filled table",
                    case.name
                ));
            }
        }
        // ...and it works on a table without the offending rows.
        let with_rows = !case.has("fails_with_rows");
        if let Err(e) = oracle::prove(
            db,
            &ns,
            &case.old,
            &case.new,
            &migration,
            with_rows,
            case.has("rls"),
        ) {
            failures.push(format!("{}: {e}", case.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_first_migration_creates_the_example_like_its_ddl() {
    let db = schemaforge_testkit::cluster().create_database();
    let example = load(Path::new(EXAMPLE));
    for rls in [false, true] {
        let options = DiffOptions::default().row_level_security(rls);
        let migration = diff(&Schema::default(), &example, &options).expect("create all");
        assert!(
            migration.hazards().next().is_none(),
            "{}",
            migration.report()
        );
        let ns = if rls { "first_rls" } else { "first" };
        let empty = Schema::default();
        if let Err(e) = oracle::prove(&db, ns, &empty, &example, &migration, false, rls) {
            panic!("{e}");
        }
        let again = diff(&example, &example, &options).expect("no change");
        assert!(again.is_empty(), "{}", again.sql());
    }
}

/// The example as it was before tenant keys (its IR, as a migration snapshot holds it: its
/// `tenant via` tables without a tenant column, no key carrying the tenant) migrates to
/// today's on a database filled with rows of several tenants: the new tenant columns are
/// filled from the parents, the keys replaced, every row kept, and the catalog is a fresh
/// apply's. With Row-Level Security too.
#[test]
fn the_example_migrates_to_tenant_keys_on_a_filled_database() {
    let text = std::fs::read_to_string("tests/fixtures/ir/example_before_tenant_keys.json")
        .expect("the old IR");
    let old: Schema = serde_json::from_str(&text).expect("the old IR reads");
    let new = load(Path::new(EXAMPLE));
    let db = schemaforge_testkit::cluster().create_database();
    for rls in [false, true] {
        let options = DiffOptions::default().row_level_security(rls);
        let migration = diff(&old, &new, &options).expect("the tenant-keys migration");
        let sql = migration.sql();
        for expected in [
            "ALTER TABLE task_assignees ADD COLUMN organization_id uuid;",
            "UPDATE task_assignees SET organization_id = parent.organization_id FROM tasks AS parent WHERE task_assignees.task_id = parent.id;",
            "ALTER TABLE task_assignees ALTER COLUMN organization_id SET NOT NULL;",
            "ADD CONSTRAINT tasks_organization_id_id_key UNIQUE (organization_id, id);",
            "FOREIGN KEY (organization_id, task_id) REFERENCES tasks (organization_id, id) ON DELETE CASCADE;",
            "UPDATE webhook_deliveries SET organization_id = parent.organization_id FROM webhook_endpoints AS parent WHERE webhook_deliveries.endpoint_id = parent.id;",
        ] {
            assert!(sql.contains(expected), "missing `{expected}` in:\n{sql}");
        }
        let ns = if rls {
            "tenant_keys_rls"
        } else {
            "tenant_keys"
        };
        oracle::create_seeded(&db, ns, &old, true, rls).unwrap_or_else(|e| panic!("{e}"));
        // Rows of several tenants in the tables that gain a tenant column (counted as the
        // superuser the test connects as, whom no policy holds).
        let count = |sql: &str| -> String {
            db.psql(&format!("SET search_path TO {ns};\n{sql}"))
                .unwrap_or_else(|e| panic!("{sql}: {e}"))
                .trim()
                .to_string()
        };
        let before = count(
            "select count(*), count(distinct t.organization_id) from task_assignees a join tasks t on t.id = a.task_id;",
        );
        let (rows, tenants) = before.split_once('|').expect("two counts");
        assert!(
            rows.parse::<u32>().unwrap() >= 2 && tenants.parse::<u32>().unwrap() >= 2,
            "the seed must give assignees of several tenants: {before}"
        );
        if rls {
            // As a migration runs in production: as the tables' owner, neither superuser nor
            // `BYPASSRLS`, whom FORCE holds to the policies (under which, with no tenant set,
            // no parent row would show).
            let owner = format!("owner_{ns}");
            db.psql(&format!(
                "CREATE ROLE {owner} NOSUPERUSER NOBYPASSRLS;
                 GRANT ALL ON SCHEMA {ns} TO {owner};
                 DO $$ DECLARE r record; BEGIN
                   FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = '{ns}' LOOP
                     EXECUTE format('ALTER TABLE {ns}.%I OWNER TO {owner}', r.tablename);
                   END LOOP;
                 END $$;"
            ))
            .unwrap_or_else(|e| panic!("{e}"));
            db.psql(&format!(
                "SET ROLE {owner};\nSET search_path TO {ns};\nBEGIN;\n{sql}\nCOMMIT;"
            ))
            .unwrap_or_else(|e| panic!("the migration as the owner: {e}\n{sql}"));
            // The root had no policy before: the migration adds it.
            assert!(
                sql.contains("CREATE POLICY tenant_isolation ON organizations"),
                "{sql}"
            );
            oracle::same_catalog(&db, ns, &format!("{ns}_fresh"), &new, rls)
                .unwrap_or_else(|e| panic!("{e}"));
        } else {
            oracle::step(&db, ns, &old, &new, &migration, rls).unwrap_or_else(|e| panic!("{e}"));
        }
        // Every row now stores its parent's tenant.
        assert_eq!(
            count(
                "select count(*) from task_assignees a join tasks t on t.id = a.task_id and t.organization_id = a.organization_id;"
            ),
            rows
        );
    }
}

/// A schema applied under format 1 (its snapshot says so) migrates to today's rules: the
/// `security_definer` function is created again with its `search_path` pinned, and the
/// tenant table whose own policy names only `select` gains the tenant's permissive
/// policies for the other commands; the catalog is then a fresh apply's.
#[test]
fn a_format_1_schema_migrates_to_pinned_functions_and_the_tenants_command_policies() {
    let new = load(Path::new("tests/fixtures/format1/schema.forge"));
    let mut old = new.clone();
    old.format = 1;
    let options = DiffOptions::default().row_level_security(true);
    let migration = diff(&old, &new, &options).expect("the format migration");
    let sql = migration.sql();
    for expected in [
        "CREATE OR REPLACE FUNCTION audit()",
        "EXECUTE format('ALTER FUNCTION audit() SET search_path = %s, pg_temp'",
        "CREATE POLICY tenant_isolation_insert ON projects FOR INSERT",
        "CREATE POLICY tenant_isolation_update ON projects FOR UPDATE",
        "CREATE POLICY tenant_isolation_delete ON projects FOR DELETE",
    ] {
        assert!(sql.contains(expected), "missing `{expected}` in:\n{sql}");
    }
    assert!(!sql.contains("tenant_isolation_select"), "{sql}");
    let db = schemaforge_testkit::cluster().create_database();
    if let Err(e) = oracle::prove(&db, "format1", &old, &new, &migration, true, true) {
        panic!("{e}");
    }
    let again = diff(&new, &new, &options).expect("no change");
    assert!(again.is_empty(), "{}", again.sql());
}

/// A table that would become partitioned, or change its key, is refused by name: Postgres
/// cannot do either in place.
#[test]
fn a_change_of_partitioning_is_refused() {
    let compile = |text: &str| {
        let mut sources = schemaforge_schema::Sources::new();
        sources.add("schema.forge", text);
        schemaforge_schema::compile(&sources).unwrap_or_else(|d| panic!("{}", d.render(&sources)))
    };
    let plain =
        compile("table logs {\n  at   timestamptz\n  line text\n  primary_key (at, line)\n}\n");
    let by_at = compile(
        "table logs {\n  at   timestamptz\n  line text\n  primary_key (at, line)\n  partition_by range (at)\n  partition logs_all default\n}\n",
    );
    let by_line = compile(
        "table logs {\n  at   timestamptz\n  line text\n  primary_key (at, line)\n  partition_by list (line)\n}\n",
    );
    for (old, new, from, to) in [
        (
            &plain,
            &by_at,
            "not partitioned",
            "partitioned by range (at)",
        ),
        (
            &by_at,
            &plain,
            "partitioned by range (at)",
            "not partitioned",
        ),
        (
            &by_at,
            &by_line,
            "partitioned by range (at)",
            "partitioned by list (line)",
        ),
    ] {
        let error =
            diff(old, new, &DiffOptions::default().allow_data_loss(true)).expect_err("refused");
        assert!(
            error
                .to_string()
                .starts_with(&format!("`logs` would change from {from} to {to}")),
            "{error}"
        );
    }
}
