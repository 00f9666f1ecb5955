//! The migration oracle: a database migrated from `old` to `new` must have the catalog of
//! a fresh database created from `new`, and keep the rows of surviving columns.
//!
//! Each run works in namespaces (Postgres schemas) of one database, with `search_path`
//! set, so that many runs share one database and tests stay fast.

use schemaforge_generator::diff::Migration;
use schemaforge_generator::emit::sql::{SqlOptions, emit};
use schemaforge_schema::ir::Schema;
use schemaforge_testkit::TestDatabase;

use super::{catalog, rows};

/// The DDL options of a run: Row-Level Security or not.
pub fn sql_options(rls: bool) -> SqlOptions {
    let mut options = SqlOptions::default();
    options.row_level_security(rls);
    options
}

/// Creates namespace `ns` (dropping any earlier one) holding `schema`'s DDL.
pub fn create(db: &TestDatabase, ns: &str, schema: &Schema, rls: bool) -> Result<(), String> {
    let ddl = emit(schema, &sql_options(rls));
    db.psql(&format!(
        "DROP SCHEMA IF EXISTS {ns} CASCADE;\nCREATE SCHEMA {ns};\nSET search_path TO {ns};\nBEGIN;\n{ddl}\nCOMMIT;"
    ))
    .map(drop)
    .map_err(|e| format!("the DDL of the schema failed: {e}\n{ddl}"))
}

/// Applies a migration's files in order to namespace `ns`, as sqlx runs them: each
/// transactional file in a transaction of its own, the others statement by statement (one
/// psql call; psql sends each statement on its own).
pub fn apply(db: &TestDatabase, ns: &str, migration: &Migration) -> Result<(), String> {
    db.psql(&format!(
        "SET search_path TO {ns};\n{}",
        script_of(migration)
    ))
    .map(drop)
    .map_err(|e| format!("the migration failed: {e}\n{}", migration.sql()))
}

/// The migration's files as one psql script.
fn script_of(migration: &Migration) -> String {
    let mut script = String::new();
    for file in migration.files() {
        if file.transactional {
            script.push_str(&format!("BEGIN;\n{}\nCOMMIT;\n", file.body));
        } else {
            script.push_str(&file.body);
        }
    }
    script
}

/// Creates namespace `ns` holding `schema`, with rows when `with_rows` (one psql call).
pub fn create_seeded(
    db: &TestDatabase,
    ns: &str,
    schema: &Schema,
    with_rows: bool,
    rls: bool,
) -> Result<(), String> {
    let ddl = emit(schema, &sql_options(rls));
    let rows = if with_rows {
        rows::seed(schema)
    } else {
        String::new()
    };
    db.psql(&format!(
        "DROP SCHEMA IF EXISTS {ns} CASCADE;\nCREATE SCHEMA {ns};\nSET search_path TO {ns};\nBEGIN;\n{ddl}\nCOMMIT;\n{rows}"
    ))
    .map(drop)
    .map_err(|e| format!("creating the old schema failed: {e}\n{ddl}"))
}

/// Seeds namespace `ns` with rows for `schema`.
pub fn seed(db: &TestDatabase, ns: &str, schema: &Schema) -> Result<(), String> {
    db.psql(&format!("SET search_path TO {ns};\n{}", rows::seed(schema)))
        .map(drop)
        .map_err(|e| format!("seeding failed: {e}"))
}

/// The lines of `out` tagged `tag`, sorted.
fn tagged(out: &str, tag: &str) -> Vec<String> {
    let mut lines: Vec<String> = out
        .lines()
        .filter_map(|l| l.strip_prefix(tag))
        .map(str::to_string)
        .collect();
    lines.sort();
    lines
}

/// Compares the catalog of `ns` with that of a fresh namespace `fresh` created from `new`
/// (in one psql call). Namespaces are left behind: dropping one costs more than the
/// database they live in, which goes with the test cluster.
pub fn same_catalog(
    db: &TestDatabase,
    ns: &str,
    fresh: &str,
    new: &Schema,
    rls: bool,
) -> Result<(), String> {
    let ddl = emit(new, &sql_options(rls));
    // An extension belongs to the database, and its objects to the schema it was created in
    // (`ns`): the fresh schema's `CREATE EXTENSION IF NOT EXISTS` finds it there, and its
    // DDL must see what it holds, as a database's DDL sees `public`'s.
    let path = if new.extensions.is_empty() {
        fresh.to_string()
    } else {
        format!("{fresh}, {ns}")
    };
    let script = format!(
        "DROP SCHEMA IF EXISTS {fresh} CASCADE;\nCREATE SCHEMA {fresh};\nSET search_path TO {path};\n\
         BEGIN;\n{ddl}\nCOMMIT;\n{}{}",
        catalog::query(ns, "M|"),
        catalog::query(fresh, "F|")
    );
    let out = db
        .psql(&script)
        .map_err(|e| format!("the DDL of the new schema or the catalog query failed: {e}"))?;
    let migrated = catalog::normalize(&out, ns, "M|");
    let expected = catalog::normalize(&out, fresh, "F|");
    if migrated == expected {
        return Ok(());
    }
    let only = |a: &str, b: &str| -> Vec<String> {
        a.lines()
            .filter(|l| !b.lines().any(|m| m == *l))
            .map(str::to_string)
            .collect()
    };
    Err(format!(
        "the migrated catalog differs from a fresh one:\n  only after migrating:\n    {}\n  only in a fresh database:\n    {}",
        only(&migrated, &expected).join("\n    "),
        only(&expected, &migrated).join("\n    ")
    ))
}

/// One migration proved end to end in namespace `ns`, which ends up holding `new`:
/// create `old`, seed rows (if `with_rows`), apply `migration`, compare the catalog
/// with a fresh `new`, and compare the rows of surviving columns. With `rls`, both
/// schemas' DDL has Row-Level Security.
pub fn prove(
    db: &TestDatabase,
    ns: &str,
    old: &Schema,
    new: &Schema,
    migration: &Migration,
    with_rows: bool,
    rls: bool,
) -> Result<(), String> {
    create_seeded(db, ns, old, with_rows, rls)?;
    step(db, ns, old, new, migration, rls)
}

/// Applies `migration` to `ns` (holding `old`, maybe with rows) and checks the result.
pub fn step(
    db: &TestDatabase,
    ns: &str,
    old: &Schema,
    new: &Schema,
    migration: &Migration,
    rls: bool,
) -> Result<(), String> {
    apply_keeping_rows(db, ns, old, new, migration)?;
    same_catalog(db, ns, &format!("{ns}_fresh"), new, rls)
}

/// Applies `migration` to `ns` and checks that the rows of surviving columns are intact
/// (the catalog is not compared).
pub fn apply_keeping_rows(
    db: &TestDatabase,
    ns: &str,
    old: &Schema,
    new: &Schema,
    migration: &Migration,
) -> Result<(), String> {
    let surviving = rows::surviving(old, new);
    let before_cols: Vec<(String, String)> = surviving
        .iter()
        .map(|(t, c, _, _)| (t.clone(), c.clone()))
        .collect();
    let after_cols: Vec<(String, String)> = surviving
        .iter()
        .map(|(_, _, t, c)| (t.clone(), c.clone()))
        .collect();
    // Each table's storage: a table whose file changes was rewritten.
    let files = |tag: &str| {
        format!(
            "SELECT '{tag}' || relname || '=' || relfilenode FROM pg_class \
             WHERE relnamespace = '{ns}'::regnamespace AND relkind = 'r';\n"
        )
    };
    // One psql call: the rows before, the migration as sqlx runs it, the rows after.
    let mut script = format!("SET search_path TO {ns};\n");
    script.push_str(&files("FB|"));
    if !before_cols.is_empty() {
        script.push_str(&rows::data_query(&before_cols, "B|"));
    }
    script.push_str(&script_of(migration));
    script.push_str(&files("FA|"));
    if !after_cols.is_empty() {
        script.push_str(&format!("SET search_path TO {ns};\n"));
        script.push_str(&rows::data_query(&after_cols, "A|"));
    }
    let out = db
        .psql(&script)
        .map_err(|e| format!("the migration failed: {e}\n{}", migration.sql()))?;
    let (before, after) = (tagged(&out, "B|"), tagged(&out, "A|"));
    if before != after {
        return Err(format!(
            "rows changed:\n  before: {before:?}\n  after:  {after:?}\n{}",
            migration.sql()
        ));
    }
    // Every table Postgres rewrote is one a hazard says is rewritten: a rewrite holds an
    // ACCESS EXCLUSIVE lock for as long as it takes, which a user must be told of.
    let after_files = tagged(&out, "FA|");
    let report = migration.report();
    for file in tagged(&out, "FB|") {
        let Some((table, _)) = file.split_once('=') else {
            continue;
        };
        let kept = after_files.contains(&file);
        let renamed_or_dropped = !after_files
            .iter()
            .any(|f| f.split_once('=').is_some_and(|(t, _)| t == table));
        if !kept && !renamed_or_dropped && !report.contains(&format!("rewriting `{table}`")) {
            return Err(format!(
                "Postgres rewrote `{table}`, and no hazard says so:\n{}\n{report}",
                migration.sql()
            ));
        }
    }
    Ok(())
}
