//! Seeded random evolution sequences of the example schema, each step proved on a real
//! PostgreSQL 15 by the migration oracle (`common::oracle`): the migrated database has the
//! catalog of a fresh one, rows of surviving columns are intact, and a schema diffed
//! against itself gives nothing.
//!
//! `SCHEMAFORGE_SEQUENCES` changes the number of sequences (default 200). A failing step
//! is shrunk (tables that do not matter removed) and saved under
//! `tests/fixtures/migrations/regressions/`, which `regressions_stay_fixed` replays.

mod common;

use std::path::{Path, PathBuf};

use common::evolve::{Rng, clear_hints, mutate};
use common::oracle;
use schemaforge_generator::diff::{DiffOptions, diff};
use schemaforge_schema::ir::{Schema, Tenancy};
use schemaforge_testkit::TestDatabase;

const EXAMPLE: &str = "examples/saas/schema";
const REGRESSIONS: &str = "tests/fixtures/migrations/regressions";
const STEPS: usize = 3;
const SHARDS: u64 = 4;

fn example() -> Schema {
    match schemaforge_schema::load(Path::new(EXAMPLE)) {
        Ok(loaded) => loaded.schema,
        Err(e) => panic!("the example must compile:\n{}", e.render()),
    }
}

fn sequences() -> u64 {
    std::env::var("SCHEMAFORGE_SEQUENCES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200)
}

fn options() -> DiffOptions {
    DiffOptions::default().allow_data_loss(true)
}

/// A failing step: its schemas, its options and what went wrong.
struct Failure {
    old: Schema,
    new: Schema,
    rls: bool,
    safe: bool,
    message: String,
}

/// Whether migrating `old` → `new` (with rows) fails the oracle, in namespace `ns`.
fn check(
    db: &TestDatabase,
    ns: &str,
    old: &Schema,
    new: &Schema,
    rls: bool,
    safe: bool,
) -> Result<(), String> {
    let options = options().row_level_security(rls).safe(safe);
    let migration = diff(old, new, &options).map_err(|e| e.to_string())?;
    let again = diff(new, new, &options).map_err(|e| e.to_string())?;
    if !again.is_empty() {
        return Err(format!(
            "diffing the new schema with itself gives:\n{}",
            again.sql()
        ));
    }
    oracle::prove(db, ns, old, new, &migration, true, rls)
}

/// One sequence: the example, then `STEPS` migrations of 1 to 3 random mutations each,
/// applied to one namespace with rows checked at every step and the catalog compared at
/// the end; Row-Level Security in some sequences, `--safe` in some steps. On failure, the
/// first step that fails on its own.
fn sequence(db: &TestDatabase, base: &Schema, seed: u64) -> Result<(), Box<Failure>> {
    let ns = format!("seq_{seed}");
    let mut rng = Rng::new(seed);
    let rls = rng.chance(30);
    let mut schemas = vec![base.clone()];
    let mut changes = Vec::new();
    let mut safe = Vec::new();
    for step in 0..STEPS {
        let mut next = schemas[step].clone();
        if rng.chance(50) {
            clear_hints(&mut next);
        }
        let wanted = 1 + rng.below(3);
        let mut done = Vec::new();
        for attempt in 0..30 {
            if done.len() == wanted {
                break;
            }
            if let Some(what) = mutate(&mut rng, &mut next, step * 100 + attempt) {
                done.push(what);
            }
        }
        safe.push(rng.chance(30));
        if safe[step] {
            done.push("--safe".to_string());
        }
        if rls {
            done.push("row-level security".to_string());
        }
        changes.push(done.join("; "));
        schemas.push(next);
    }
    let first_failing = |message: String| {
        // The first step that fails on its own; the last one if none does alone.
        let k = (0..STEPS)
            .find(|&k| {
                let ns = format!("{ns}_s{k}");
                check(db, &ns, &schemas[k], &schemas[k + 1], rls, safe[k]).is_err()
            })
            .unwrap_or(STEPS - 1);
        Box::new(Failure {
            old: schemas[k].clone(),
            new: schemas[k + 1].clone(),
            rls,
            safe: safe[k],
            message: format!("step {k} ({}): {message}", changes[k]),
        })
    };

    oracle::create_seeded(db, &ns, base, true, rls).map_err(&first_failing)?;
    for k in 0..STEPS {
        let (old, new) = (&schemas[k], &schemas[k + 1]);
        let step_options = options().safe(safe[k]).row_level_security(rls);
        let migration = diff(old, new, &step_options).map_err(|e| first_failing(e.to_string()))?;
        let again = diff(new, new, &step_options).map_err(|e| first_failing(e.to_string()))?;
        if !again.is_empty() {
            return Err(first_failing(format!(
                "self-diff not empty:\n{}",
                again.sql()
            )));
        }
        oracle::apply_keeping_rows(db, &ns, old, new, &migration).map_err(&first_failing)?;
    }
    let fresh = format!("{ns}_fresh");
    oracle::same_catalog(db, &ns, &fresh, &schemas[STEPS], rls).map_err(first_failing)
}

/// Removes table `name` and everything that points at it.
fn without_table(schema: &Schema, name: &str) -> Schema {
    let mut s = schema.clone();
    s.tables.retain(|t| t.name != name);
    for t in &mut s.tables {
        t.foreign_keys.retain(|f| f.references_table != name);
        let dangling = match &t.tenancy {
            Tenancy::Via { parent, .. } => parent == name,
            Tenancy::Column { .. } => schema
                .table(name)
                .is_some_and(|r| r.tenancy == Tenancy::Root),
            _ => false,
        };
        if dangling {
            t.tenancy = Tenancy::None;
        }
    }
    s
}

/// Removes an enum no column of either schema uses.
fn without_enum(schema: &Schema, name: &str, other: &Schema) -> Option<Schema> {
    let used = |s: &Schema| {
        s.tables.iter().flat_map(|t| &t.columns).any(
            |c| matches!(c.ty.element(), schemaforge_schema::ir::ColumnType::Enum(e) if e == name),
        )
    };
    if used(schema) || used(other) {
        return None;
    }
    let mut s = schema.clone();
    s.enums.retain(|e| e.name != name);
    Some(s)
}

/// Removes tables and unused enums (from both schemas) while the step still fails;
/// returns the smallest pair found.
fn shrink(db: &TestDatabase, ns: &str, failure: &Failure) -> (Schema, Schema) {
    let (mut old, mut new) = (failure.old.clone(), failure.new.clone());
    loop {
        let mut names: Vec<String> = old
            .tables
            .iter()
            .chain(&new.tables)
            .map(|t| t.name.clone())
            .collect();
        names.dedup();
        let mut enums: Vec<String> = old
            .enums
            .iter()
            .chain(&new.enums)
            .map(|e| e.name.clone())
            .collect();
        enums.dedup();
        let fewer_tables = names
            .iter()
            .map(|name| Some((without_table(&old, name), without_table(&new, name))));
        let fewer_enums = enums.iter().map(|name| {
            Some((
                without_enum(&old, name, &new)?,
                without_enum(&new, name, &old)?,
            ))
        });
        let smaller = fewer_tables
            .chain(fewer_enums)
            .flatten()
            .find(|(o, n)| check(db, ns, o, n, failure.rls, failure.safe).is_err());
        match smaller {
            Some((o, n)) => (old, new) = (o, n),
            None => return (old, new),
        }
    }
}

/// Saves a shrunk failure: `old.json`, `new.json`, `failure.txt`, and `options` (the words
/// `rls` and `safe` when they apply).
fn save(seed: u64, old: &Schema, new: &Schema, failure: &Failure) -> PathBuf {
    let dir = Path::new(REGRESSIONS).join(format!("seed_{seed}"));
    let json = |s: &Schema| schemaforge_generator::output::ir_json(s);
    let mut options = Vec::new();
    if failure.rls {
        options.push("rls");
    }
    if failure.safe {
        options.push("safe");
    }
    let written = std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(dir.join("old.json"), json(old)))
        .and_then(|()| std::fs::write(dir.join("new.json"), json(new)))
        .and_then(|()| std::fs::write(dir.join("options"), options.join(" ")))
        .and_then(|()| std::fs::write(dir.join("failure.txt"), &failure.message));
    if let Err(e) = written {
        eprintln!(
            "cannot save the regression fixture in {}: {e}",
            dir.display()
        );
    }
    dir
}

fn shard(k: u64) {
    let db = schemaforge_testkit::cluster().create_database();
    let base = example();
    let mut failures = Vec::new();
    for seed in (k..sequences()).step_by(SHARDS as usize) {
        if let Err(failure) = sequence(&db, &base, seed) {
            let (old, new) = shrink(&db, &format!("shrink_{seed}"), &failure);
            let dir = save(seed, &old, &new, &failure);
            failures.push(format!(
                "seed {seed}: {}\n(shrunk and saved in {})",
                failure.message,
                dir.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn random_sequences_shard_0() {
    shard(0);
}

#[test]
fn random_sequences_shard_1() {
    shard(1);
}

#[test]
fn random_sequences_shard_2() {
    shard(2);
}

#[test]
fn random_sequences_shard_3() {
    shard(3);
}

#[test]
fn regressions_stay_fixed() {
    let Ok(entries) = std::fs::read_dir(REGRESSIONS) else {
        return;
    };
    let db = schemaforge_testkit::cluster().create_database();
    let read = |p: PathBuf| -> Schema {
        let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    };
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for (k, dir) in dirs.iter().enumerate() {
        let (old, new) = (read(dir.join("old.json")), read(dir.join("new.json")));
        let options = std::fs::read_to_string(dir.join("options")).unwrap_or_default();
        let has = |word: &str| options.split_whitespace().any(|w| w == word);
        if let Err(e) = check(
            &db,
            &format!("regression_{k}"),
            &old,
            &new,
            has("rls"),
            has("safe"),
        ) {
            panic!("{}: {e}", dir.display());
        }
    }
}
