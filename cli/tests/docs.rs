//! `schemaforge docs` as a user runs it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn run_with_path(args: &[&str], path: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_schemaforge"));
    command.args(args).current_dir(workspace());
    if let Some(path) = path {
        command.env("PATH", path);
    }
    command.output().expect("the binary runs")
}

fn run(args: &[&str]) -> Output {
    run_with_path(args, None)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn has_dot() -> bool {
    Command::new("dot").arg("-V").output().is_ok()
}

#[test]
fn docs_writes_the_page_and_the_diagrams() {
    let out = tempfile::tempdir().expect("tempdir");
    let dir = out.path().join("docs");
    let dir_arg = dir.to_str().expect("utf-8 path");
    let result = run(&["docs", "examples/saas/schema", "--out", dir_arg]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    for name in ["schema.md", "schema.mmd", "schema.dot"] {
        let contents = std::fs::read_to_string(dir.join(name)).expect(name);
        let committed = std::fs::read_to_string(workspace().join("examples/saas/docs").join(name))
            .expect("committed docs");
        assert_eq!(
            contents, committed,
            "{name}: the CLI writes the committed docs"
        );
    }
    if has_dot() {
        let svg = std::fs::read_to_string(dir.join("schema.svg")).expect("schema.svg");
        assert!(svg.contains("<svg"));
    }
    // A second run changes nothing.
    let again = run(&["docs", "examples/saas/schema", "--out", dir_arg]);
    assert!(again.status.success());
    assert!(
        text(&again.stderr).contains("unchanged"),
        "{}",
        text(&again.stderr)
    );
}

#[test]
fn without_graphviz_the_svg_is_skipped_unless_required() {
    let out = tempfile::tempdir().expect("tempdir");
    let dir = out.path().to_str().expect("utf-8 path");
    let empty = tempfile::tempdir().expect("tempdir");
    let no_dot = empty.path().to_str().expect("utf-8 path");

    let skipped = run_with_path(
        &["docs", "examples/saas/schema", "--out", dir],
        Some(no_dot),
    );
    assert!(skipped.status.success(), "{}", text(&skipped.stderr));
    let stderr = text(&skipped.stderr);
    assert!(
        stderr.contains("note: Graphviz's `dot` is not on PATH; skipped schema.svg"),
        "{stderr}"
    );
    assert!(out.path().join("schema.md").is_file());
    assert!(!out.path().join("schema.svg").exists());

    let other = tempfile::tempdir().expect("tempdir");
    let other_dir = other.path().join("docs");
    let required = run_with_path(
        &[
            "docs",
            "examples/saas/schema",
            "--out",
            other_dir.to_str().expect("utf-8"),
            "--svg",
        ],
        Some(no_dot),
    );
    assert_eq!(required.status.code(), Some(1));
    let stderr = text(&required.stderr);
    assert!(
        stderr.contains("error: Graphviz's `dot` is not on PATH"),
        "{stderr}"
    );
    assert!(
        !other_dir.exists(),
        "nothing is written when a file cannot be made"
    );
}

#[test]
fn templates_replace_the_built_in_ones_and_errors_name_the_file() {
    let templates = tempfile::tempdir().expect("tempdir");
    let out = tempfile::tempdir().expect("tempdir");
    let docs_dir = out.path().join("docs");
    let args = |t: &Path| {
        vec![
            "docs".to_string(),
            "examples/saas/schema".to_string(),
            "--out".to_string(),
            docs_dir.to_str().expect("utf-8").to_string(),
            "--templates".to_string(),
            t.to_str().expect("utf-8").to_string(),
        ]
    };

    std::fs::write(
        templates.path().join("schema.mmd.jinja"),
        "{{ tables | length }} tables\n",
    )
    .expect("write");
    let a = args(templates.path());
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let ok = run(&a);
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    let mmd = std::fs::read_to_string(docs_dir.join("schema.mmd")).expect("schema.mmd");
    assert_eq!(mmd, "20 tables\n");
    let md = std::fs::read_to_string(docs_dir.join("schema.md")).expect("schema.md");
    assert!(
        md.contains("```mermaid\n20 tables\n```"),
        "the page embeds the override"
    );

    let broken = tempfile::tempdir().expect("tempdir");
    let file = broken.path().join("schema.md.jinja");
    std::fs::write(&file, "# {{ title }}\n{% if %}\n").expect("write");
    let a = args(broken.path());
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let failed = run(&a);
    assert_eq!(failed.status.code(), Some(1));
    let stderr = text(&failed.stderr);
    assert!(
        stderr.starts_with(&format!("error: {}:2: syntax error", file.display())),
        "{stderr}"
    );

    let unknown = tempfile::tempdir().expect("tempdir");
    std::fs::write(unknown.path().join("page.md.jinja"), "x").expect("write");
    let a = args(unknown.path());
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let failed = run(&a);
    assert_eq!(failed.status.code(), Some(1));
    let stderr = text(&failed.stderr);
    assert!(stderr.contains("page.md.jinja: not a template name (the templates are schema.md.jinja, schema.mmd.jinja, schema.dot.jinja)"), "{stderr}");
}
