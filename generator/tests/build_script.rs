//! The build-script API as a build script meets it: `compile_schema` runs in a process of its
//! own (on an error it exits rather than returning), and `Builder::generate` on every broken
//! fixture returns the diagnostics the CLI prints.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use schemaforge_generator::{Builder, Error};

/// Set in the child process: the schema path for `compile_schema`.
const CHILD_SCHEMA: &str = "SCHEMAFORGE_TEST_COMPILE_SCHEMA";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Does nothing in a normal test run. When [`compile_schema`] runs this test binary again with
/// `CHILD_SCHEMA` set, it calls `compile_schema` as a build script's `main` does.
#[test]
fn child_process_calls_compile_schema() {
    if let Some(path) = std::env::var_os(CHILD_SCHEMA) {
        let file = schemaforge_generator::compile_schema(PathBuf::from(path));
        println!("wrote {}", file.display());
    }
}

/// `compile_schema(schema)` in a child process with `OUT_DIR` set, as Cargo runs a build
/// script, and with backtraces on, so that a panic would show.
fn compile_schema(schema: &Path, out_dir: &Path) -> Output {
    Command::new(std::env::current_exe().expect("the test binary's path"))
        .args([
            "--exact",
            "child_process_calls_compile_schema",
            "--nocapture",
        ])
        .env(CHILD_SCHEMA, schema)
        .env("OUT_DIR", out_dir)
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("the test binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn compile_schema_writes_the_file_and_asks_cargo_to_watch_the_schema() {
    let dir = tempfile::tempdir().expect("tempdir");
    let schema = dir.path().join("schema");
    std::fs::create_dir(&schema).expect("mkdir");
    std::fs::write(
        schema.join("notes.forge"),
        "table notes {\n  id uuid primary_key\n  body text?\n}\n",
    )
    .expect("write");
    let out = compile_schema(&schema, dir.path());
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}\n{stdout}", text(&out.stderr));
    let file = dir.path().join("schemaforge").join("schema.rs");
    assert!(
        stdout.contains(&format!("wrote {}", file.display())),
        "{stdout}"
    );
    assert!(
        std::fs::read_to_string(&file)
            .expect("the generated file")
            .contains("include!(\"schema/notes.rs\");")
    );
    assert!(
        std::fs::read_to_string(dir.path().join("schemaforge/schema/notes.rs"))
            .expect("the table's file")
            .contains("pub struct Note {")
    );
    // The folder (for files added later) and each file read.
    for watched in [schema.clone(), schema.join("notes.forge")] {
        let line = format!("cargo:rerun-if-changed={}\n", watched.display());
        assert!(stdout.contains(&line), "{stdout}");
    }
}

#[test]
fn compile_schema_fails_a_bad_schema_with_its_diagnostics_and_no_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let schema = dir.path().join("bad.forge");
    std::fs::write(&schema, "table notes {\n  id uuidd primary_key\n}\n").expect("write");
    let out = compile_schema(&schema, dir.path());
    let stderr = text(&out.stderr);
    let stdout = text(&out.stdout);

    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with(&format!(
            "schemaforge: schema error in {}\n\n",
            schema.display()
        )),
        "{stderr}"
    );
    // Exactly what `schemaforge check` prints for the same file.
    let rendered = match schemaforge_schema::load(&schema) {
        Err(e) => e.render(),
        Ok(_) => panic!("the schema is broken"),
    };
    assert!(stderr.contains(&rendered), "{stderr}");
    assert!(
        stderr.contains("error[E0201]: unknown type `uuidd`"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("panicked") && !stderr.contains("stack backtrace"),
        "{stderr}"
    );
    // Cargo reruns the build script once the schema is fixed; nothing was written.
    let line = format!("cargo:rerun-if-changed={}\n", schema.display());
    assert!(stdout.contains(&line), "{stdout}");
    assert!(!dir.path().join("schemaforge").exists());
}

#[test]
fn compile_schema_fails_a_missing_schema_clearly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("schema");
    let out = compile_schema(&missing, dir.path());
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with(&format!(
            "schemaforge: cannot read schema `{}`",
            missing.display()
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn compile_schema_fails_a_schema_that_cannot_be_rust() {
    let dir = tempfile::tempdir().expect("tempdir");
    let schema = dir.path().join("clash.forge");
    // Valid SQL, but `organization` and `organizations` are both `Organization` in Rust.
    std::fs::write(
        &schema,
        "enum organization { a b }\ntable organizations {\n  id uuid primary_key\n}\n",
    )
    .expect("write");
    let out = compile_schema(&schema, dir.path());
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "schemaforge: cannot generate Rust for {}",
            schema.display()
        )) && stderr.contains("error[E0270]")
            && stderr.contains("clash.forge:2:7")
            && stderr.contains("another Rust name with `Builder::type_name`"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// Every broken fixture fails `Builder::generate` with an error (never a panic) that carries
/// the same rendered diagnostics as the CLI, and writes nothing.
#[test]
fn builder_reports_every_bad_fixture() {
    let bad = workspace().join("tests/fixtures/bad");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&bad)
        .expect("tests/fixtures/bad exists")
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    cases.sort();
    assert!(cases.len() > 50, "{} cases", cases.len());
    let out = tempfile::tempdir().expect("tempdir");
    for case in cases {
        // Cases for `--citus` compile, and the builder's `citus` option refuses them.
        let citus = std::fs::read_to_string(case.join("schema.forge"))
            .is_ok_and(|text| text.lines().any(|l| l.trim() == "// with: --citus"));
        let expected = match schemaforge_schema::load(&case) {
            Err(e) => e.render(),
            Ok(loaded) if citus => {
                let diagnostics = schemaforge_schema::citus::check(&loaded.schema);
                assert!(!diagnostics.is_empty(), "{}", case.display());
                diagnostics.render(&loaded.sources)
            }
            Ok(loaded) => {
                // Names that meet in Rust (`E0270`), which only generating finds.
                let options = schemaforge_generator::emit::rust::RustOptions::default();
                let problems =
                    schemaforge_generator::emit::rust::problems(&loaded.schema, &options);
                assert!(!problems.is_empty(), "{} compiles", case.display());
                problems.render(&loaded.sources)
            }
        };
        let error = Builder::new(&case)
            .citus(citus)
            .out_dir(out.path())
            .emit_rerun_if_changed(false)
            .generate()
            .expect_err("a bad schema does not generate");
        match &error {
            Error::Schema {
                rendered, count, ..
            }
            | Error::Rust {
                rendered, count, ..
            } => {
                assert_eq!(rendered, &expected, "{}", case.display());
                assert!(*count >= 1);
            }
            other => panic!("{}: not a schema error: {other}", case.display()),
        }
        assert!(error.to_string().ends_with(&expected));
    }
    assert!(!out.path().join("schemaforge").exists());
}
