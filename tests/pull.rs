//! Adopting a database (`schemaforge pull`'s core) proved on PostgreSQL 15: a schema's DDL
//! applied, its catalog read by the catalog query and written as a schema, that schema's
//! DDL applied to a fresh database, and the two catalogs compared; what the written schema
//! does not carry is listed, and the list is asserted.

mod common;

use std::path::Path;

use common::catalog;
use schemaforge_generator::emit::sql::{SqlOptions, emit};
use schemaforge_schema::adopt::{Adopted, Catalog, Options, adopt};
use schemaforge_schema::ir::{Schema, Tenancy};
use schemaforge_schema::{Sources, compile};
use schemaforge_testkit::{TestDatabase, cluster};

fn load(path: &str) -> Schema {
    match schemaforge_schema::load(Path::new(path)) {
        Ok(loaded) => loaded.schema,
        Err(e) => panic!("{path} must compile:\n{}", e.render()),
    }
}

fn options(rls: bool) -> SqlOptions {
    let mut options = SqlOptions::default();
    options.row_level_security(rls);
    options
}

/// A fresh database holding `ddl`.
fn database(ddl: &str) -> TestDatabase {
    let db = cluster().create_database();
    if let Err(e) = db.psql(&format!("BEGIN;\n{ddl}\nCOMMIT;")) {
        panic!("Postgres rejected the DDL: {e}\n{ddl}");
    }
    db
}

/// The catalog of `db`'s `public`, as `pull` reads it.
fn read(db: &TestDatabase) -> Catalog {
    let json = db
        .psql(&format!(
            "SET search_path TO public;\n{}",
            schemaforge_schema::adopt::CATALOG_QUERY
        ))
        .unwrap_or_else(|e| panic!("the catalog query failed: {e}"));
    let json = json.lines().last().unwrap_or_default();
    serde_json::from_str(json).unwrap_or_else(|e| panic!("the catalog did not read: {e}"))
}

fn compile_text(adopted: &Adopted) -> Schema {
    let mut sources = Sources::new();
    sources.add(adopted.file_name.clone(), adopted.source.clone());
    compile(&sources).unwrap_or_else(|d| {
        panic!(
            "the schema written does not pass check:\n{}\n{}",
            d.render(&sources),
            adopted.source
        )
    })
}

/// Applies `schema` (with Row-Level Security when `rls`), pulls it, applies what was pulled
/// to a fresh database, and asserts the catalogs equal and a second pull writes the same
/// schema. Returns what was pulled.
fn round_trip(schema: &Schema, rls: bool, tenant_root: Option<&str>) -> (Adopted, Schema) {
    let options_sql = options(rls);
    let first = database(&emit(schema, &options_sql));
    let adopt_options = Options {
        tenant_root: tenant_root.map(str::to_string),
    };
    let adopted = adopt(&read(&first), &adopt_options).unwrap_or_else(|e| panic!("{e}"));
    let pulled = compile_text(&adopted);
    let second = database(&emit(&pulled, &options_sql));
    let (a, b) = (
        catalog::dump(&first, "public"),
        catalog::dump(&second, "public"),
    );
    if a != b {
        let missing = |x: &str, y: &str| -> Vec<String> {
            x.lines()
                .filter(|l| !l.is_empty() && !y.lines().any(|m| m == *l))
                .map(str::to_string)
                .collect()
        };
        let (only_a, only_b) = (missing(&a, &b), missing(&b, &a));
        panic!(
            "the pulled schema's database differs\nonly in the original:\n  {}\nonly in the pulled one's:\n  {}\nthe pulled schema:\n{}",
            only_a.join("\n  "),
            only_b.join("\n  "),
            adopted.source
        );
    }
    let again = adopt(&read(&second), &adopt_options).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        again.source, adopted.source,
        "pulling the pulled schema's database writes another schema"
    );
    (adopted, pulled)
}

fn omissions(adopted: &Adopted) -> Vec<String> {
    adopted.omissions.iter().map(ToString::to_string).collect()
}

#[test]
fn every_language_feature_is_pulled_back_exactly() {
    let schema = load("tests/fixtures/good/features");
    let (adopted, _) = round_trip(&schema, false, Some("workspaces"));
    assert_eq!(
        omissions(&adopted),
        Vec::<String>::new(),
        "{}",
        adopted.source
    );
}

#[test]
fn without_a_tenant_root_keys_that_null_one_column_are_listed_and_a_root_proposed() {
    let schema = load("tests/fixtures/good/features");
    let first = database(&emit(&schema, &options(false)));
    let adopted = adopt(&read(&first), &Options::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        omissions(&adopted),
        [
            "constraint users_manager_id_fkey of users: `ON DELETE SET NULL/DEFAULT (manager_id)` is carried only for a tenant key",
            "constraint users_mentor_fkey of users: `ON DELETE SET NULL/DEFAULT (mentor)` is carried only for a tenant key",
        ]
    );
    assert!(
        adopted
            .tenancy
            .iter()
            .any(|l| l.contains("`--tenant-root workspaces`")),
        "{:?}",
        adopted.tenancy
    );
    compile_text(&adopted);
}

#[test]
fn the_example_schema_is_pulled_back_with_its_tenancy() {
    let schema = load("examples/saas/schema");
    let (adopted, pulled) = round_trip(&schema, true, Some("organizations"));
    assert_eq!(
        omissions(&adopted),
        Vec::<String>::new(),
        "{}",
        adopted.source
    );
    // The IR is the original's but for what a database does not hold (the Rust-side
    // attributes, the files' groups), the order of tables, and the words of expressions,
    // which Postgres prints its own way (their meaning is compared by the catalogs above).
    assert_eq!(
        comparable(&pulled),
        comparable(&schema),
        "the pulled IR differs:\n{}",
        adopted.source
    );
    // Every table keeps its tenancy: scoped by the same column, or of no tenant.
    for t in &schema.tables {
        let p = pulled
            .tables
            .iter()
            .find(|p| p.name == t.name)
            .unwrap_or_else(|| panic!("{} was not pulled", t.name));
        assert_eq!(
            p.tenant_column(),
            t.tenant_column(),
            "the tenant column of {}",
            t.name
        );
    }
}

/// `schema`'s IR as JSON without what a database cannot give back: the Rust-side
/// attributes, groups, the order of tables and enums, the text of checks and predicates,
/// and the case of defaults.
fn comparable(schema: &Schema) -> serde_json::Value {
    fn strip(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                for key in [
                    "sensitive",
                    "on_update",
                    "rust_type",
                    "expr",
                    "predicate",
                    "groups",
                ] {
                    map.remove(key);
                }
                // Postgres prints SQL's words in capitals (`CURRENT_DATE`).
                if let Some(serde_json::Value::Object(default)) = map.get_mut("default")
                    && let Some(serde_json::Value::String(sql)) = default.get_mut("sql")
                {
                    *sql = sql.to_lowercase();
                }
                map.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut value = serde_json::to_value(schema).unwrap_or_else(|e| panic!("{e}"));
    for key in ["tables", "enums"] {
        if let Some(serde_json::Value::Array(items)) = value.get_mut(key) {
            items.sort_by_key(|t| t["name"].as_str().map(str::to_string));
        }
    }
    strip(&mut value);
    value
}

#[test]
fn partitioned_tables_are_pulled_back_exactly() {
    let schema = load("tests/fixtures/good/partitions");
    let (adopted, pulled) = round_trip(&schema, true, Some("orgs"));
    assert_eq!(
        omissions(&adopted),
        Vec::<String>::new(),
        "{}",
        adopted.source
    );
    assert_eq!(
        comparable(&pulled),
        comparable(&schema),
        "{}",
        adopted.source
    );
}

#[test]
fn names_that_need_quotes_are_pulled_back_exactly() {
    let schema = load("tests/fixtures/good/adversarial_names");
    let (adopted, _) = round_trip(&schema, false, None);
    assert_eq!(
        omissions(&adopted),
        Vec::<String>::new(),
        "{}",
        adopted.source
    );
}

#[test]
fn every_type_is_pulled_back_exactly() {
    let schema = load("tests/fixtures/good/all_types");
    let (adopted, _) = round_trip(&schema, false, None);
    assert_eq!(
        omissions(&adopted),
        Vec::<String>::new(),
        "{}",
        adopted.source
    );
}

#[test]
fn tenant_keys_are_pulled_back_as_one_column_references() {
    let schema = load("tests/fixtures/good/tenant_keys");
    let root = schema
        .tables
        .iter()
        .find(|t| t.tenancy == Tenancy::Root)
        .map(|t| t.name.clone());
    let (adopted, _) = round_trip(&schema, true, root.as_deref());
    assert_eq!(
        omissions(&adopted),
        Vec::<String>::new(),
        "{}",
        adopted.source
    );
}

#[test]
fn what_the_language_cannot_say_is_listed_not_dropped() {
    let db = cluster().create_database();
    db.psql(
        "CREATE DOMAIN positive AS integer CHECK (VALUE > 0);
         CREATE TYPE pair AS (a integer, b integer);
         CREATE TABLE events (id bigint PRIMARY KEY, at timestamptz NOT NULL, n positive, note text COLLATE \"C\")
             PARTITION BY RANGE (id);
         CREATE TABLE kept (id integer PRIMARY KEY, during tstzrange, words point, body text NOT NULL);
         ALTER TABLE kept ADD CONSTRAINT kept_body_check CHECK (body <> '') NOT VALID;
         CREATE INDEX kept_words_idx ON kept USING gist (words);
         CREATE UNLOGGED TABLE scratch (id integer PRIMARY KEY);
         CREATE VIEW owner_view AS SELECT id FROM kept;
         CREATE PROCEDURE tidy() LANGUAGE sql AS $$ delete from scratch $$;",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let adopted = adopt(&read(&db), &Options::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        omissions(&adopted),
        [
            "function tidy(): a procedure: the language declares functions",
            "column events.n: its type `positive` is a domain the language does not have",
            "column events.note: a collation other than its type's, which the language cannot say",
            "column kept.during: its type `tstzrange` is a range type the language does not have",
            "column kept.words: its type `point` is a type the language does not have",
            "constraint kept_body_check of kept: `NOT VALID` is not carried: the schema's constraint is validated",
            "index kept_words_idx: uses a column left out",
            "table scratch: `UNLOGGED` is not carried",
            "view owner_view: it reads its tables as its owner; the schema's views read them as whoever queries them (`security_invoker`)",
            "composite type pair: the language has no word for it",
            "domain positive: the language has no word for it",
        ]
    );
    let pulled = compile_text(&adopted);
    let kept = pulled
        .tables
        .iter()
        .find(|t| t.name == "kept")
        .unwrap_or_else(|| panic!("kept was not pulled:\n{}", adopted.source));
    let names: Vec<&str> = kept.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["id", "body"]);
}
