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
    // Piped, as here, diagnostics are plain text: colour is for a terminal.
    assert!(!stderr.contains('\x1b'), "{stderr:?}");
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
fn rls_adds_row_level_security_to_sql_and_generate() {
    let example = example();
    let plain = run(&["sql", example.to_str().unwrap()]);
    let with_rls = run(&["sql", example.to_str().unwrap(), "--rls"]);
    assert!(with_rls.status.success(), "{}", text(&with_rls.stderr));
    let (plain, with_rls) = (text(&plain.stdout), text(&with_rls.stdout));
    assert!(!plain.contains("ROW LEVEL SECURITY"));
    // The same script, then the policies.
    assert!(with_rls.starts_with(plain.trim_end()), "RLS only appends");
    assert!(with_rls.contains("ALTER TABLE task_assignees FORCE ROW LEVEL SECURITY;"));
    assert!(with_rls.contains("CREATE POLICY tenant_isolation ON tasks\n"));

    let out = tempfile::tempdir().unwrap();
    let generated = run(&[
        "generate",
        example.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--rls",
    ]);
    assert!(generated.status.success(), "{}", text(&generated.stderr));
    let sql = std::fs::read_to_string(out.path().join("schema.sql")).unwrap();
    assert_eq!(sql, with_rls);
}

#[test]
fn citus_checks_then_writes_the_distributed_ddl_and_rust() {
    // What Citus would refuse is a located error of `check --citus` and `sql --citus`, and
    // nothing is printed or written; plain `check` accepts the same schema.
    let bad = "tests/fixtures/bad/citus_global_unique";
    assert!(run(&["check", bad]).status.success());
    for args in [vec!["check", bad, "--citus"], vec!["sql", bad, "--citus"]] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = text(&out.stderr);
        assert!(stderr.contains("error[E0250]"), "{stderr}");
        assert!(stderr.contains("schema.forge:12:20"), "{stderr}");
        assert!(out.stdout.is_empty());
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let refused = run(&[
        "generate",
        bad,
        "--citus",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing written"
    );

    let example = example();
    let out = run(&["check", example.to_str().unwrap(), "--citus"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("distributable on Citus"));
    let sql = run(&["sql", example.to_str().unwrap(), "--citus", "--rls"]);
    assert!(sql.status.success(), "{}", text(&sql.stderr));
    let sql = text(&sql.stdout);
    for expected in [
        "SET citus.multi_shard_modify_mode TO 'sequential';",
        "SELECT create_reference_table('organizations');",
        "SELECT create_distributed_table('tasks', 'organization_id', colocate_with => 'organization_members');",
        "CONSTRAINT tasks_pkey PRIMARY KEY (organization_id, id)",
        "CREATE FUNCTION schemaforge_set_tenant(tenant text) RETURNS boolean",
    ] {
        assert!(sql.contains(expected), "missing `{expected}`");
    }
    let generated = run(&[
        "generate",
        example.to_str().unwrap(),
        "--citus",
        "--rls",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert!(generated.status.success(), "{}", text(&generated.stderr));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("schema.sql")).unwrap(),
        sql
    );
    let rust = std::fs::read_to_string(dir.path().join("schema.rs")).unwrap();
    assert!(
        rust.contains("const SET_TENANT: &'static str = ::schemaforge::CITUS_SET_TENANT;"),
        "the scope sets the tenant on the workers"
    );
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
    let rust = std::fs::read_to_string(out_dir.join("schema.rs")).expect("schema.rs");
    assert_eq!(sql, text(&run(&["sql", "examples/saas/schema"]).stdout));
    assert!(
        json.starts_with("{\n  \"format\": 2,\n  \"enums\": ["),
        "{json}"
    );
    assert!(rust.starts_with("// @generated by schemaforge. Do not edit.\n"));
    assert!(rust.contains("include!(\"schema/organizations.rs\");"));
    let part = std::fs::read_to_string(out_dir.join("schema/organizations.rs")).expect("a part");
    assert!(part.starts_with("// @generated by schemaforge. Do not edit.\n"));
    assert!(part.contains("pub struct Organization {"));

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
    for name in ["schema.sql", "schema.json", "schema.rs"] {
        assert!(
            text(&again.stderr).contains(&format!("unchanged {}", out_dir.join(name).display())),
            "{}",
            text(&again.stderr)
        );
    }
    assert!(
        !text(&again.stderr).contains("wrote"),
        "{}",
        text(&again.stderr)
    );
}

#[test]
fn generate_writes_the_same_rust_as_a_build_script() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = run(&[
        "generate",
        example().to_str().expect("utf-8"),
        "--out",
        dir.path().join("cli").to_str().expect("utf-8"),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let cli = std::fs::read(dir.path().join("cli/schema.rs")).expect("schema.rs");

    // What `build.rs` gets from `compile_schema`: a Builder with the default options.
    let built = schemaforge_generator::Builder::new(example())
        .out_dir(dir.path().join("build"))
        .emit_rerun_if_changed(false)
        .generate()
        .expect("the example generates");
    assert_eq!(built, dir.path().join("build/schemaforge/schema.rs"));
    let build = std::fs::read(&built).expect("the build script's file");
    assert!(
        cli == build,
        "schemaforge generate and the build script wrote different Rust"
    );
    let mut parts = 0;
    for entry in std::fs::read_dir(dir.path().join("cli/schema")).expect("the parts") {
        let name = entry.expect("an entry").file_name();
        let cli = std::fs::read(dir.path().join("cli/schema").join(&name)).expect("a part");
        let build = std::fs::read(dir.path().join("build/schemaforge/schema").join(&name))
            .expect("the build script wrote the same part");
        assert!(cli == build, "{name:?} differs");
        parts += 1;
    }
    assert!(parts > 10, "one file per table of the example");
}

#[test]
fn generate_removes_the_file_of_a_dropped_table_and_nothing_else() {
    let dir = tempfile::tempdir().expect("tempdir");
    let schema = dir.path().join("schema.forge");
    let out = dir.path().join("out");
    let two = "table notes {\n  id uuid primary_key\n}\n\ntable tags {\n  id uuid primary_key\n}\n";
    std::fs::write(&schema, two).expect("schema");
    let args = [
        "generate",
        schema.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
    ];
    assert!(run(&args).status.success());
    assert!(out.join("schema/notes.rs").exists() && out.join("schema/tags.rs").exists());
    let mine = out.join("schema/mine.rs");
    std::fs::write(&mine, "// not generated\n").expect("a file of the user's");

    std::fs::write(&schema, "table notes {\n  id uuid primary_key\n}\n").expect("schema");
    let again = run(&args);
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert!(
        !out.join("schema/tags.rs").exists(),
        "the dropped table's file stays"
    );
    assert!(out.join("schema/notes.rs").exists());
    assert!(
        mine.exists(),
        "a file schemaforge did not write was removed"
    );
    let rust = std::fs::read_to_string(out.join("schema.rs")).expect("schema.rs");
    assert!(rust.contains("include!(\"schema/notes.rs\");"));
    assert!(!rust.contains("tags.rs"));

    // A file of the user's where a table's would go is left alone, and nothing is written.
    let notes = out.join("schema/notes.rs");
    std::fs::write(&notes, "// mine\n").expect("a file of the user's");
    std::fs::write(
        &schema,
        "table notes {\n  id uuid primary_key\n  body text\n}\n",
    )
    .expect("schema");
    let refused = run(&args);
    assert!(!refused.status.success());
    assert!(
        text(&refused.stderr).contains("was not written by schemaforge"),
        "{}",
        text(&refused.stderr)
    );
    assert_eq!(std::fs::read_to_string(&notes).expect("kept"), "// mine\n");
    // The same for a `schema.rs` of the user's.
    std::fs::remove_file(&notes).expect("remove");
    std::fs::write(out.join("schema.rs"), "mod notes;\n").expect("a schema.rs of the user's");
    assert!(!run(&args).status.success());
    assert_eq!(
        std::fs::read_to_string(out.join("schema.rs")).expect("kept"),
        "mod notes;\n"
    );
    std::fs::write(out.join("schema.rs"), &rust).expect("restore");
    assert_eq!(
        std::fs::read_to_string(out.join("schema.rs")).expect("schema.rs"),
        rust,
        "schema.rs was rewritten"
    );
}

#[test]
fn check_and_generate_refuse_a_schema_whose_rust_names_collide() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("clash.forge");
    // A valid schema, but `organization` and `organizations` are both `Organization` in Rust.
    std::fs::write(
        &file,
        "enum organization { a b }\ntable organizations {\n  id uuid primary_key\n}\n",
    )
    .expect("write");
    // `check` says what `generate` would refuse, located like any schema error.
    let checked = run(&["check", file.to_str().expect("utf-8")]);
    assert_eq!(checked.status.code(), Some(1));
    let stderr = text(&checked.stderr);
    assert!(
        stderr.contains("error[E0270]: enum `organization` and table `organizations` both generate the Rust type `Organization`")
            && stderr.contains("clash.forge:2:7")
            && stderr.contains("^^^^^^^^^^^^^ generates `Organization`"),
        "{stderr}"
    );
    let out_dir = dir.path().join("out");
    let out = run(&[
        "generate",
        file.to_str().expect("utf-8"),
        "--out",
        out_dir.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("error: cannot generate Rust for")
            && stderr.contains("both generate the Rust type `Organization`"),
        "{stderr}"
    );
    assert!(!out_dir.exists(), "nothing is written");
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

/// What an editor runs on save: the buffer on stdin, the formatted text on stdout, errors
/// located in the name the editor gives.
#[test]
fn fmt_reads_standard_input() {
    use std::io::Write;
    let with_stdin = |args: &[&str], input: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_schemaforge"))
            .args(args)
            .current_dir(workspace())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("the CLI starts");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("write stdin");
        child.wait_with_output().expect("the CLI ends")
    };
    let messy = "table t{\n id uuid primary_key\n  name text?   // shown in the UI\n}\n";
    let tidy = "table t {\n  id   uuid  primary_key\n  name text?  // shown in the UI\n}\n";

    let out = with_stdin(&["fmt", "--stdin"], messy);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), tidy);

    let check = with_stdin(&["fmt", "--stdin", "--check"], messy);
    assert_eq!(check.status.code(), Some(1));
    assert!(check.stdout.is_empty());
    assert!(
        with_stdin(&["fmt", "--stdin", "--check"], tidy)
            .status
            .success()
    );

    let bad = with_stdin(
        &["fmt", "--stdin", "--stdin-name", "app.forge"],
        "table t {\n  id uuid primary_key(\n}\n",
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(bad.stdout.is_empty(), "nothing is printed for a bad file");
    assert!(
        text(&bad.stderr).contains(" --> app.forge:2:22"),
        "{}",
        text(&bad.stderr)
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

/// Every option of the build script's `Builder` is a flag of `generate` (or is about where a
/// build script writes), so the two cannot drift apart: a new option fails this test until
/// the command line has it.
#[test]
fn generate_has_a_flag_for_every_builder_option() {
    let source = std::fs::read_to_string(workspace().join("generator/src/builder.rs"))
        .expect("the Builder's source");
    let help = text(&run(&["generate", "--help"]).stdout);
    // Options with another flag name, and those only a build script has.
    let flag_of = |option: &str| match option {
        "row_level_security" => Some("--rls".to_string()),
        "out_dir" => Some("--out".to_string()),
        "file_name" | "emit_rerun_if_changed" => None,
        other => Some(format!("--{}", other.replace('_', "-"))),
    };
    let mut options = 0;
    for line in source.lines() {
        let Some(rest) = line.trim().strip_prefix("pub fn ") else {
            continue;
        };
        let Some((name, signature)) = rest.split_once('(') else {
            continue;
        };
        // The setters: `fn name(&mut self, …) -> &mut Builder` (possibly over lines).
        if !signature.starts_with("&mut self") && !signature.is_empty() {
            continue;
        }
        if signature.is_empty() && !source.contains(&format!("pub fn {name}(\n        &mut self")) {
            continue;
        }
        options += 1;
        if let Some(flag) = flag_of(name) {
            assert!(
                help.contains(&flag),
                "`Builder::{name}` has no `generate {flag}`:\n{help}"
            );
        }
    }
    assert!(options >= 10, "found {options} Builder options");
}

/// `generate` with the flags writes the Rust a build script writes with the same options.
#[test]
fn generate_with_flags_writes_what_the_builder_writes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (cli_out, builder_out) = (dir.path().join("cli"), dir.path().join("builder"));
    let out = run(&[
        "generate",
        &example().to_string_lossy(),
        "--out",
        &cli_out.to_string_lossy(),
        "--time-crate",
        "time",
        "--derive",
        "organizations=Hash",
        "--type-attribute",
        "org_role=#[non_exhaustive]",
        "--type-name",
        "organizations=Org",
        "--scope-name",
        "TenantScope",
        "--runtime-crate",
        "crate::sf",
        "--rls",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    schemaforge_generator::Builder::new(example())
        .time_crate(schemaforge_generator::TimeCrate::Time)
        .derive("organizations", "Hash")
        .type_attribute("org_role", "#[non_exhaustive]")
        .type_name("organizations", "Org")
        .scope_name("TenantScope")
        .runtime_crate("crate::sf")
        .row_level_security(true)
        .out_dir(&builder_out)
        .emit_rerun_if_changed(false)
        .generate()
        .expect("the build script's generate");
    let built = builder_out.join("schemaforge");
    let main = std::fs::read_to_string(cli_out.join("schema.rs")).expect("schema.rs");
    assert!(
        main.contains("pub struct TenantScope"),
        "the scope name applies"
    );
    assert_eq!(
        main,
        std::fs::read_to_string(built.join("schema.rs")).expect("the build script's")
    );
    assert_eq!(
        std::fs::read_to_string(cli_out.join("schema.sql")).expect("schema.sql"),
        std::fs::read_to_string(built.join("schema.sql")).expect("the build script's DDL")
    );
    let part = |dir: &Path| {
        std::fs::read_to_string(dir.join("schema/organizations.rs")).expect("a table's part")
    };
    let cli_part = part(&cli_out);
    assert!(
        cli_part.contains("pub struct Org {"),
        "the type name applies"
    );
    assert!(cli_part.contains("Hash)]"), "the derive applies");
    assert_eq!(cli_part, part(&built));
}
