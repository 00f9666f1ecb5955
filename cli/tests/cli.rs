//! The `schemaforge` binary as a user runs it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn example() -> PathBuf {
    workspace().join("examples/saas/schema")
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

#[test]
fn check_accepts_the_example() {
    let out = run(&["check", "examples/saas/schema"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("ok (7 enums, 20 tables)"));
}

#[test]
fn check_rejects_a_bad_schema_with_located_diagnostics() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("bad.forge");
    std::fs::write(&file, "table t {\n  id uuidd primary_key\n}\n").expect("write");
    let out = run(&["check", file.to_str().expect("utf-8 path")]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("error[E0201]: unknown type `uuidd`"),
        "{stderr}"
    );
    assert!(stderr.contains("bad.forge:2:6"), "{stderr}");
    assert!(
        stderr.contains("2 |   id uuidd primary_key\n  |      ^^^^^ not a supported"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn sql_prints_the_ddl() {
    let out = run(&["sql", "examples/saas/schema"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let sql = text(&out.stdout);
    assert!(sql.contains("CREATE TABLE organizations ("));
    assert!(sql.contains("CREATE TYPE org_role AS ENUM"));
}

#[test]
fn generate_writes_every_output_and_is_idempotent() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out_dir = dir.path().join("out");
    let out = run(&[
        "generate",
        example().to_str().expect("utf-8"),
        "--out",
        out_dir.to_str().expect("utf-8"),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let sql = std::fs::read_to_string(out_dir.join("schema.sql")).expect("schema.sql");
    let json = std::fs::read_to_string(out_dir.join("schema.json")).expect("schema.json");
    assert_eq!(sql, text(&run(&["sql", "examples/saas/schema"]).stdout));
    assert!(json.starts_with("{\n  \"enums\": ["));

    // A second run finds nothing to change.
    let again = run(&[
        "generate",
        example().to_str().expect("utf-8"),
        "--out",
        out_dir.to_str().expect("utf-8"),
    ]);
    assert!(
        text(&again.stderr).contains("unchanged"),
        "{}",
        text(&again.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(out_dir.join("schema.sql")).expect("schema.sql"),
        sql
    );
}

#[test]
fn generate_writes_nothing_for_an_invalid_schema() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("bad.forge");
    std::fs::write(&file, "table t {\n  id uuid\n}\n").expect("write");
    let out_dir = dir.path().join("out");
    let out = run(&[
        "generate",
        file.to_str().expect("utf-8"),
        "--out",
        out_dir.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("has no primary key"));
    assert!(!out_dir.exists());
}

#[test]
fn fmt_check_and_rewrite() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("s.forge");
    std::fs::write(
        &file,
        "table t{\n id uuid primary_key\n  name text?   // shown in the UI\n}\n",
    )
    .expect("write");
    let path = file.to_str().expect("utf-8");

    let check = run(&["fmt", path, "--check"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(text(&check.stderr).contains("not formatted"));

    let fmt = run(&["fmt", path]);
    assert!(fmt.status.success(), "{}", text(&fmt.stderr));
    assert_eq!(
        std::fs::read_to_string(&file).expect("read"),
        "table t {\n  id   uuid  primary_key\n  name text?  // shown in the UI\n}\n"
    );
    assert!(run(&["fmt", path, "--check"]).status.success());
    assert!(
        run(&["fmt", "examples/saas/schema", "--check"])
            .status
            .success()
    );
}

#[test]
fn a_missing_path_is_a_clear_error() {
    let out = run(&["check", "no/such/schema"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("cannot read schema `no/such/schema`"),
        "{}",
        text(&out.stderr)
    );
}
