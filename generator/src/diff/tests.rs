//! Unit tests of the planner over small schemas; the evolution cases with snapshots and
//! the Postgres oracle are in the workspace's `tests/migrations.rs`.

use schemaforge_schema::ir::Schema;

use super::{DiffError, DiffOptions, Phase, diff};

fn compile(text: &str) -> Schema {
    let mut sources = schemaforge_schema::Sources::new();
    sources.add("s.forge", text);
    match schemaforge_schema::compile(&sources) {
        Ok(s) => s,
        Err(d) => panic!("invalid test schema:\n{}", d.render(&sources)),
    }
}

fn sql(old: &str, new: &str) -> String {
    let options = DiffOptions::default().allow_data_loss(true);
    diff(&compile(old), &compile(new), &options)
        .expect("a migration")
        .sql()
}

#[test]
fn identical_schemas_need_nothing() {
    let s = "enum e { a b }\ntable t {\n  id uuid primary_key\n  e e default(a)\n  index (e)\n}\n";
    assert!(
        diff(&compile(s), &compile(s), &DiffOptions::default())
            .expect("ok")
            .is_empty()
    );
}

#[test]
fn added_values_keep_their_place_and_commit_first() {
    let old = "enum e { b d }\ntable t {\n  id uuid primary_key\n}\n";
    let new = "enum e { a b c d e }\ntable t {\n  id uuid primary_key\n  e e default(c)\n}\n";
    let m = diff(&compile(old), &compile(new), &DiffOptions::default()).expect("ok");
    let adds: Vec<&str> = m
        .steps
        .iter()
        .filter(|s| s.phase == Phase::EnumValues)
        .map(|s| s.sql.as_str())
        .collect();
    assert_eq!(
        adds,
        [
            "ALTER TYPE e ADD VALUE 'a' BEFORE 'b';",
            "ALTER TYPE e ADD VALUE 'c' AFTER 'b';",
            "ALTER TYPE e ADD VALUE 'e' AFTER 'd';",
        ]
    );
    let files = m.files();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0].suffix.as_deref(), Some("_enum_values"));
}

#[test]
fn a_missing_cast_is_a_clear_error() {
    let old = "table t {\n  id uuid primary_key\n  v jsonb\n}\n";
    let new = "table t {\n  id uuid primary_key\n  v uuid\n}\n";
    let err = diff(&compile(old), &compile(new), &DiffOptions::default()).expect_err("no cast");
    assert!(matches!(err, DiffError::NoCast { .. }));
    assert!(
        err.to_string()
            .starts_with("cannot change the type of `t.v` from `jsonb` to `uuid`")
    );
}

#[test]
fn renamed_tables_rename_their_derived_constraint_names() {
    let old = "table a {\n  id uuid primary_key\n  n text unique\n}\n";
    let new = "table b {\n  renamed_from(a)\n  id uuid primary_key\n  n text unique\n}\n";
    assert_eq!(
        sql(old, new),
        "ALTER TABLE a RENAME TO b;\n\n\
         ALTER TABLE b RENAME CONSTRAINT a_pkey TO b_pkey;\n\n\
         ALTER TABLE b RENAME CONSTRAINT a_n_key TO b_n_key;\n"
    );
}

#[test]
fn row_level_security_can_be_turned_on_and_off() {
    let s = compile(
        "table orgs {\n  tenant_root\n  id uuid primary_key\n}\n\
         table notes {\n  tenant org_id\n  id uuid primary_key\n  org_id uuid references(orgs.id)\n}\n",
    );
    let on = DiffOptions::default()
        .row_level_security(true)
        .previous_row_level_security(false);
    let sql = diff(&s, &s, &on).expect("ok").sql();
    // The root first, with its own row's policy, then the scoped table.
    assert!(sql.starts_with(
        "ALTER TABLE orgs ENABLE ROW LEVEL SECURITY;\n\n\
         ALTER TABLE orgs FORCE ROW LEVEL SECURITY;\n\n\
         CREATE POLICY tenant_isolation ON orgs\n"
    ));
    assert!(sql.contains(
        "ALTER TABLE notes ENABLE ROW LEVEL SECURITY;\n\n\
         ALTER TABLE notes FORCE ROW LEVEL SECURITY;\n\n\
         CREATE POLICY tenant_isolation ON notes\n"
    ));
    let off = DiffOptions::default()
        .row_level_security(false)
        .previous_row_level_security(true);
    assert_eq!(
        diff(&s, &s, &off).expect("ok").sql(),
        "DROP POLICY tenant_isolation ON orgs;\n\n\
         DROP POLICY tenant_isolation ON notes;\n\n\
         ALTER TABLE orgs NO FORCE ROW LEVEL SECURITY;\n\n\
         ALTER TABLE orgs DISABLE ROW LEVEL SECURITY;\n\n\
         ALTER TABLE notes NO FORCE ROW LEVEL SECURITY;\n\n\
         ALTER TABLE notes DISABLE ROW LEVEL SECURITY;\n"
    );
    let same = DiffOptions::default().row_level_security(true);
    assert!(diff(&s, &s, &same).expect("ok").is_empty());
}
