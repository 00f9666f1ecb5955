//! The schema on a real Citus cluster (a coordinator and two workers, started by the
//! testkit; skipped with one line where Citus is not installed): the example distributes
//! with every tenant-scoped table colocated by its tenant column and every other table a
//! reference table; what `check --citus` refuses, Citus refuses too; and migrations made
//! with `--citus` apply.

use std::path::Path;

use schemaforge_generator::diff::{DiffError, DiffOptions, diff};
use schemaforge_generator::emit::sql::{SqlOptions, emit};
use schemaforge_schema::citus::{Placement, check, placement};
use schemaforge_schema::ir::Schema;
use schemaforge_schema::{Sources, compile};
use schemaforge_testkit::{TestDatabase, citus};

const EXAMPLE: &str = "examples/saas/schema";
const BAD: &str = "tests/fixtures/bad";

fn load(path: &str) -> Schema {
    match schemaforge_schema::load(Path::new(path)) {
        Ok(loaded) => loaded.schema,
        Err(e) => panic!("{path} must compile:\n{}", e.render()),
    }
}

fn citus_sql(schema: &Schema, rls: bool) -> String {
    let mut options = SqlOptions::default();
    options.citus(true).row_level_security(rls);
    emit(schema, &options)
}

fn apply(db: &TestDatabase, sql: &str) -> Result<String, String> {
    db.psql(&format!("BEGIN;\n{sql}\nCOMMIT;"))
}

#[test]
fn the_example_distributes_by_its_tenant_and_colocates() {
    let Some(citus) = citus() else { return };
    let schema = load(EXAMPLE);
    let refused = check(&schema);
    assert!(refused.is_empty(), "{refused:?}");
    let db = citus.create_database();
    let sql = citus_sql(&schema, true);
    if let Err(e) = apply(&db, &sql) {
        panic!("Citus rejected the example:\n{e}");
    }
    // Every table of the schema, as Citus placed it: method, distribution column, group.
    let placed = db
        .psql(
            "select logicalrelid::text, partmethod, \
                    coalesce(column_to_column_name(logicalrelid, partkey), ''), colocationid \
             from pg_dist_partition order by 1",
        )
        .expect("pg_dist_partition");
    let mut distributed_groups = std::collections::BTreeSet::new();
    let mut count = 0;
    for line in placed.lines() {
        let [table, method, column, group] = line.split('|').collect::<Vec<_>>()[..] else {
            panic!("unexpected row {line:?}");
        };
        let ir = schema
            .tables
            .iter()
            .find(|t| t.name == table)
            .unwrap_or_else(|| panic!("{table} is not in the schema"));
        count += 1;
        match placement(ir) {
            Placement::Distributed { column: tenant } => {
                assert_eq!((method, column), ("h", tenant), "{table}");
                distributed_groups.insert(group.to_string());
            }
            // `n`: a reference table (no distribution column).
            Placement::Reference => assert_eq!((method, column), ("n", ""), "{table}"),
        }
    }
    assert_eq!(
        count,
        schema.tables.len(),
        "every table is placed:\n{placed}"
    );
    assert_eq!(distributed_groups.len(), 1, "colocated:\n{placed}");
    // The shapes the example relies on.
    for (table, method) in [
        ("organizations", "n"),
        ("users", "n"),
        ("platform_feature_flags", "n"),
        ("tasks", "h"),
        ("webhook_deliveries", "h"),
        ("task_assignees", "h"),
    ] {
        assert!(
            placed.contains(&format!("{table}|{method}|")),
            "{table} {method}:\n{placed}"
        );
    }
    // The distributed tables' shards are on both workers.
    let nodes = db
        .psql(
            "select count(distinct p.groupid) from pg_dist_placement p \
             join pg_dist_shard s using (shardid) \
             join pg_dist_partition d using (logicalrelid) where d.partmethod = 'h'",
        )
        .expect("placements");
    assert_eq!(nodes, "2");
}

/// Each `// with: --citus` case of the bad fixtures compiles, `check --citus` refuses it,
/// and so does Citus when given its DDL anyway: the check refuses nothing Citus accepts.
#[test]
fn what_check_citus_refuses_citus_refuses() {
    let Some(citus) = citus() else { return };
    let mut cases = 0;
    for entry in std::fs::read_dir(BAD).expect("fixtures") {
        let dir = entry.expect("entry").path();
        let sources = Sources::read(&dir).expect("readable");
        let for_citus = sources
            .files()
            .any(|(_, f)| f.text.lines().any(|l| l.trim() == "// with: --citus"));
        if !for_citus {
            continue;
        }
        cases += 1;
        let schema = compile(&sources).unwrap_or_else(|e| panic!("{}: {e:?}", dir.display()));
        assert!(!check(&schema).is_empty(), "{}", dir.display());
        let code = check(&schema)
            .iter()
            .map(|d| d.code)
            .next()
            .unwrap_or_default();
        // Citus's own words for what the diagnostic stands for.
        let expected: &[&str] = match code {
            "E0250" => &["constraints that do not include the partition column"],
            "E0252" => &["SET NULL or SET DEFAULT is not supported in ON DELETE"],
            // A scoped table's id alone is no key on Citus (its primary key starts with the
            // tenant), so Postgres may refuse the key before Citus does.
            "E0253" => &[
                "foreign keys from reference tables and local tables to distributed tables",
                "there is no unique constraint matching given keys",
            ],
            "E0251" => &["triggers are not supported on distributed tables"],
            "E0291" => {
                &["distributing partitioned tables in only supported for hash-distributed tables"]
            }
            // Citus takes the policy, and weakens it: the shards hold it permissive.
            "E0260" => &[],
            other => panic!("{}: no Citus refusal known for {other}", dir.display()),
        };
        let db = citus.create_database();
        if expected.is_empty() {
            let sql = citus_sql(&schema, true);
            apply(&db, &sql).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
            let kinds = |query: &str| db.psql(query).unwrap_or_else(|e| panic!("{e}"));
            let on_coordinator = kinds(
                "select string_agg(tablename || '.' || policyname || ' ' || permissive, ', ' order by 1) \
                 from pg_policies where permissive = 'RESTRICTIVE'",
            );
            assert!(!on_coordinator.is_empty(), "{}", dir.display());
            let on_shards = kinds(
                "select string_agg(result, ', ') from run_command_on_shards('notes', \
                 $$select count(*) from pg_policies where tablename = '%s' and permissive = 'RESTRICTIVE'$$)",
            );
            assert!(
                on_shards.split(", ").all(|n| n == "0"),
                "{}: the shards kept a restrictive policy ({on_shards}), so E0260 can go",
                dir.display()
            );
            continue;
        }
        let sql = citus_sql(&schema, false);
        match apply(&db, &sql) {
            Ok(_) => panic!("Citus accepted {}:\n{sql}", dir.display()),
            Err(e) => assert!(
                expected.iter().any(|x| e.contains(x)),
                "{}: {e}",
                dir.display()
            ),
        }
        // Without the refused construct the same schema applies: it is that construct.
        let plain = citus_sql(&compile_without_problem(&dir), false);
        if let Err(e) = apply(&citus.create_database(), &plain) {
            panic!("{} without its problem:\n{e}", dir.display());
        }
    }
    assert_eq!(cases, 6, "one case per Citus diagnostic");
}

/// The case's schema with the line each diagnostic points at made acceptable: `unique
/// global` dropped, `set_null` made `cascade`, a shared table's key dropped, a trigger
/// dropped, a shared table's partitioning dropped.
fn compile_without_problem(dir: &Path) -> Schema {
    let sources = Sources::read(dir).expect("readable");
    let (_, file) = sources.files().next().expect("one file");
    let fixed: String = file
        .text
        .lines()
        .filter(|line| {
            let line = line.trim_start();
            !line.starts_with("trigger ")
                && !line.starts_with("partition_by ")
                && !line.starts_with("partition ")
        })
        .map(|line| {
            line.replace(" unique global", "")
                .replace("on_delete: set_null", "on_delete: cascade")
                .replace("uuid references(projects.id, on_delete: cascade)", "uuid")
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut fixed_sources = Sources::new();
    fixed_sources.add("schema.forge", &fixed);
    let schema = compile(&fixed_sources).unwrap_or_else(|e| panic!("{e:?}\n{fixed}"));
    let refused = check(&schema);
    assert!(refused.is_empty(), "{refused:?}\n{fixed}");
    schema
}

/// Migrations made with `--citus`: from an empty database to the example, then a new
/// tenant-scoped table and a new shared table, each applied to Citus, ending with the same
/// placements as a fresh apply.
#[test]
fn citus_migrations_place_new_tables() {
    let Some(citus) = citus() else { return };
    let example = load(EXAMPLE);
    let options = DiffOptions::default().citus(true).row_level_security(true);
    let first = diff(&Schema::default(), &example, &options).expect("first migration");
    let db = citus.create_database();
    if let Err(e) = apply(&db, &first.sql()) {
        panic!("the first migration:\n{e}\n{}", first.sql());
    }
    let mut sources = Sources::read(Path::new(EXAMPLE)).expect("example");
    sources.add(
        "more.forge",
        "/// A label an organization puts on its tasks.\n\
         table labels {\n  tenant organization_id\n  \
         id              uuid primary_key default(gen_random_uuid())\n  \
         organization_id uuid references(organizations.id, on_delete: cascade)\n  \
         task_id         uuid references(tasks.id, on_delete: cascade)\n  \
         name            text\n  unique (organization_id, name)\n}\n\n\
         /// Colours every organization may choose from.\n\
         table label_colours {\n  id text primary_key\n}\n",
    );
    let next = compile(&sources).expect("the example with two more tables");
    assert!(check(&next).is_empty());
    let second = diff(&example, &next, &options).expect("second migration");
    let sql = second.sql();
    assert!(
        sql.contains(
            "SELECT create_distributed_table('labels', 'organization_id', colocate_with => 'organization_members');"
        ),
        "{sql}"
    );
    assert!(
        sql.contains("SELECT create_reference_table('label_colours');"),
        "{sql}"
    );
    if let Err(e) = apply(&db, &sql) {
        panic!("the second migration:\n{e}\n{sql}");
    }
    let fresh = citus.create_database();
    if let Err(e) = apply(&fresh, &citus_sql(&next, true)) {
        panic!("a fresh apply:\n{e}");
    }
    let placements = "select logicalrelid::text, partmethod, \
                      coalesce(column_to_column_name(logicalrelid, partkey), '') \
                      from pg_dist_partition order by 1";
    assert_eq!(db.psql(placements), fresh.psql(placements));
    // A migration that would turn a shared table into a scoped one is refused.
    let mut moved = next.clone();
    let labels = moved
        .tables
        .iter_mut()
        .find(|t| t.name == "labels")
        .expect("labels");
    labels.tenancy = schemaforge_schema::ir::Tenancy::None;
    assert!(matches!(
        diff(&next, &moved, &options),
        Err(DiffError::CitusPlacement { table, distributed: false }) if table == "labels"
    ));
}
