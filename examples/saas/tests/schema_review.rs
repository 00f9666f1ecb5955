//! Schema changes reviewed as diffs (README, "Reviewing schema changes"): the build script
//! writes the DDL beside the Rust, `db::SCHEMA_SQL` holds it, and this snapshot turns any
//! change to the schema's SQL into a diff that `cargo insta review` shows before it lands.

#[test]
fn the_schema_sql_is_reviewed() {
    insta::assert_snapshot!("schema.sql", saas_example::db::SCHEMA_SQL);
}

/// What the snapshot reviews is what Postgres gets: the same bytes `schemaforge sql`
/// prints for the schema folder.
#[test]
fn the_schema_sql_is_what_the_cli_prints() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema");
    let loaded = schemaforge_generator::Builder::new(&dir)
        .emit_rerun_if_changed(false)
        .load()
        .expect("the example schema loads");
    assert_eq!(loaded.sql(), saas_example::db::SCHEMA_SQL);
}
