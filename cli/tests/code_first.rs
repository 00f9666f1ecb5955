//! The CLI on code-first sources: `.rs` files with `#[derive(Table)]` / `#[derive(PgEnum)]`
//! items, read with syn (never compiled), give the DDL and IR the schema files give.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the CLI crate is in the workspace")
        .to_path_buf()
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_schemaforge"))
        .args(args)
        .current_dir(workspace())
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The hand-written structs of the SaaS example (the macros crate compiles them too).
const STRUCTS: &str = "macros/tests/fixtures/saas";
const SCHEMA: &str = "examples/saas/schema";

#[test]
fn sql_of_the_example_structs_is_the_schema_files_ddl() {
    let structs = run(&["sql", STRUCTS]);
    let schema = run(&["sql", SCHEMA]);
    assert!(structs.status.success(), "{}", text(&structs.stderr));
    assert!(schema.status.success(), "{}", text(&schema.stderr));
    assert_eq!(text(&structs.stdout), text(&schema.stdout));
}

#[test]
fn generate_writes_the_same_ir() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let (a, b) = (dir.path().join("structs"), dir.path().join("schema"));
    for (input, out) in [(STRUCTS, &a), (SCHEMA, &b)] {
        let output = run(&["generate", input, "--out", &out.to_string_lossy()]);
        assert!(output.status.success(), "{}", text(&output.stderr));
    }
    let read = |dir: &Path| std::fs::read_to_string(dir.join("schema.json")).expect("written");
    assert_eq!(read(&a), read(&b));
}

#[test]
fn check_reports_attribute_problems_in_the_rust_file() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = dir.path().join("tables.rs");
    std::fs::write(
        &file,
        "#[derive(schemaforge::Table)]\n\
         #[schemaforge(tenant = org_id)]\n\
         pub struct Note {\n    \
             #[schemaforge(primary_key, pg_type = \"uuid\")]\n    \
             pub id: NoteId,\n    \
             pub body: Option<String>,\n\
         }\n",
    )
    .expect("written");
    let output = run(&["check", &file.to_string_lossy()]);
    assert!(!output.status.success());
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("error[E0216]: tenant column `org_id` is not a column of `notes`"),
        "{stderr}"
    );
    assert!(stderr.contains("tables.rs:2:24"), "{stderr}");
    assert!(
        stderr.contains("#[schemaforge(tenant = org_id)]"),
        "{stderr}"
    );
}
