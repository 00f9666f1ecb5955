//! What the generated Rust costs the crate that includes it, measured as a user meets it.
//!
//! `cargo bench -p schemaforge-cli --bench compile_cost` writes synthetic multi-tenant
//! schemas of 20, 200 and 1,000 tables (`SCHEMAFORGE_BENCH_SIZES=20,200` for others), runs
//! the release `schemaforge generate --out` on each, and puts the generated Rust (`schema.rs`
//! and its folder of per-table files) into a small downstream crate (under
//! `target/compile-cost/`) that depends on `schemaforge` alone. The crate is checked once
//! (the "first check": its dependencies are built, so this is the check of the generated
//! code from scratch, or after the previous size's); then one table of the schema changes (a
//! column is added), the Rust is generated again, and `cargo check` of that crate alone is
//! timed, with rustc's incremental compilation on as in any `cargo check`. Reported: lines
//! and bytes of generated Rust per table, `generate`'s wall time and peak memory, and
//! `cargo check`'s wall time, CPU time and peak memory.
//!
//! Times and peaks come from GNU time (`/usr/bin/time`, Debian's `time` package); without it
//! only wall times are reported.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Twelve columns per table, two foreign keys (the tenant and a parent), an enum column, a
/// composite unique and an index; a tenant root; every fifth table scoped through its parent.
fn synthetic_schema(tables: usize, changed: bool) -> String {
    let mut s = String::new();
    s.push_str("/// A task's stage.\nenum stage { draft active archived deleted }\n\n");
    s.push_str(
        "/// The tenant root.\ntable tenants {\n  tenant_root\n  \
         id   uuid primary_key default(gen_random_uuid())\n  name text\n}\n\n",
    );
    for t in 1..=tables {
        let _ = writeln!(s, "/// Table number {t}.\ntable table_{t} {{");
        let via = t % 5 == 0;
        if via {
            let _ = writeln!(s, "  tenant via parent_id");
        } else {
            let _ = writeln!(s, "  tenant tenant_id");
        }
        let _ = writeln!(
            s,
            "  id         uuid        primary_key default(gen_random_uuid())"
        );
        let _ = writeln!(
            s,
            "  tenant_id  uuid        references(tenants.id, on_delete: cascade)"
        );
        if t == 1 {
            let _ = writeln!(s, "  parent_id  uuid?       references(tenants.id)");
        } else if via {
            let _ = writeln!(s, "  parent_id  uuid        references(table_{}.id)", t - 1);
        } else {
            let _ = writeln!(s, "  parent_id  uuid?       references(table_{}.id)", t - 1);
        }
        let _ = writeln!(s, "  name       text");
        let _ = writeln!(s, "  stage      stage       default(draft)");
        let _ = writeln!(s, "  amount     numeric(12, 2) default(0)");
        let _ = writeln!(s, "  priority   integer     default(0)");
        let _ = writeln!(s, "  tags       text[]      default('{{}}')");
        let _ = writeln!(s, "  payload    jsonb?");
        let _ = writeln!(s, "  notes      text?");
        let _ = writeln!(s, "  created_at timestamptz default(now())");
        let _ = writeln!(
            s,
            "  updated_at timestamptz default(now()) on_update(now())"
        );
        if changed && t == 1 {
            let _ = writeln!(s, "  archived_at timestamptz?");
        }
        let _ = writeln!(s, "  unique (tenant_id, name)");
        let _ = writeln!(s, "  index (parent_id)");
        let _ = writeln!(s, "}}\n");
    }
    s
}

/// What GNU time says of one command: wall seconds, CPU seconds, peak KiB.
struct Usage {
    wall: f64,
    cpu: Option<f64>,
    peak_kib: Option<u64>,
}

fn gnu_time() -> Option<PathBuf> {
    let path = PathBuf::from("/usr/bin/time");
    path.exists().then_some(path)
}

/// Runs `command`, under GNU time when there is one.
fn measured(program: &Path, args: &[&str], dir: &Path, env: &[(&str, &Path)]) -> Usage {
    let report = dir.join(".usage");
    let mut command = match gnu_time() {
        Some(time) => {
            let mut c = Command::new(time);
            c.arg("-f")
                .arg("%e %U %S %M")
                .arg("-o")
                .arg(&report)
                .arg(program);
            c
        }
        None => Command::new(program),
    };
    command.args(args).current_dir(dir);
    for (key, value) in env {
        command.env(key, value);
    }
    let start = Instant::now();
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", program.display()));
    let wall = start.elapsed().as_secs_f64();
    if !output.status.success() {
        panic!(
            "{} {args:?} failed:\n{}",
            program.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let fields: Vec<f64> = std::fs::read_to_string(&report)
        .ok()
        .and_then(|text| text.lines().last().map(str::to_string))
        .map(|line| {
            line.split_whitespace()
                .filter_map(|f| f.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    let _ = std::fs::remove_file(&report);
    match fields.as_slice() {
        [wall, user, system, peak] => Usage {
            wall: *wall,
            cpu: Some(user + system),
            peak_kib: Some(*peak as u64),
        },
        _ => Usage {
            wall,
            cpu: None,
            peak_kib: None,
        },
    }
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or_else(
        || "n/a".to_string(),
        |k| format!("{:.0}", k as f64 / 1024.0),
    )
}

/// Copies `schema.rs`, its folder of parts and `schema.sql` from `out` to `src`, as `generate` would
/// leave them (unchanged files untouched), and returns the lines and bytes of Rust copied.
fn copy_rust(out: &Path, src: &Path) -> (usize, usize) {
    let parts = src.join("schema");
    std::fs::create_dir_all(&parts).expect("the parts folder");
    for stale in std::fs::read_dir(&parts)
        .expect("the parts folder")
        .flatten()
    {
        if !out.join("schema").join(stale.file_name()).exists() {
            let _ = std::fs::remove_file(stale.path());
        }
    }
    let mut files = vec![(out.join("schema.rs"), src.join("schema.rs"))];
    let mut names: Vec<_> = std::fs::read_dir(out.join("schema"))
        .expect("the generated parts")
        .filter_map(|e| e.ok().map(|e| e.file_name()))
        .collect();
    names.sort();
    files.extend(
        names
            .into_iter()
            .map(|n| (out.join("schema").join(&n), parts.join(&n))),
    );
    // The DDL that `schema.rs` includes as `SCHEMA_SQL` (not counted as generated Rust).
    std::fs::copy(out.join("schema.sql"), src.join("schema.sql")).expect("the DDL");
    let (mut lines, mut bytes) = (0, 0);
    for (from, to) in files {
        let text = std::fs::read_to_string(&from).expect("generated Rust");
        lines += text.lines().count();
        bytes += text.len();
        // Unchanged files keep their times, as `generate` leaves them.
        if std::fs::read_to_string(&to).ok().as_deref() != Some(text.as_str()) {
            std::fs::write(&to, &text).expect("copy");
        }
    }
    (lines, bytes)
}

fn main() {
    let sizes: Vec<usize> = std::env::var("SCHEMAFORGE_BENCH_SIZES")
        .ok()
        .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![20, 200, 1_000]);
    let cli = PathBuf::from(env!("CARGO_BIN_EXE_schemaforge"));
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the cli crate is in the workspace")
        .to_path_buf();
    let work = workspace.join("target").join("compile-cost");
    let krate = work.join("downstream");
    std::fs::create_dir_all(krate.join("src")).expect("the bench folder");
    let runtime = workspace.display().to_string().replace('\\', "/");
    std::fs::write(
        krate.join("Cargo.toml"),
        format!(
            "[package]\nname = \"compile-cost-downstream\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\
             publish = false\n\n[dependencies]\nschemaforge = {{ path = \"{runtime}\" }}\n\n[workspace]\n"
        ),
    )
    .expect("the crate's manifest");
    // The workspace's lock: the same dependency versions, no resolution.
    std::fs::copy(workspace.join("Cargo.lock"), krate.join("Cargo.lock")).expect("the lock");
    std::fs::write(
        krate.join("src/lib.rs"),
        "//! A crate that includes a generated schema.\n\n\
         /// The generated types and helpers.\npub mod db {\n    include!(\"schema.rs\");\n}\n",
    )
    .expect("the crate's lib.rs");
    let cargo = PathBuf::from(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    let target = work.join("target");
    let env = [("CARGO_TARGET_DIR", target.as_path())];
    let check = ["check", "--quiet", "--offline"];

    println!(
        "| tables | generated lines | bytes | lines/table | bytes/table | generate s | generate MiB | first check s | check s | check cpu s | check MiB |"
    );
    println!("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for &n in &sizes {
        let dir = work.join(format!("schema-{n}"));
        let out = work.join(format!("out-{n}"));
        std::fs::create_dir_all(&dir).expect("the schema folder");
        let generate_args = [
            "generate".to_string(),
            dir.display().to_string(),
            "--out".to_string(),
            out.display().to_string(),
        ];
        let generate_args: Vec<&str> = generate_args.iter().map(String::as_str).collect();

        // The schema as it was: generated and checked once, so that only the change is timed.
        std::fs::write(dir.join("schema.forge"), synthetic_schema(n, false)).expect("schema");
        measured(&cli, &generate_args, &work, &[]);
        copy_rust(&out, &krate.join("src"));
        let first = measured(&cargo, &check, &krate, &env);

        // One table changes.
        std::fs::write(dir.join("schema.forge"), synthetic_schema(n, true)).expect("schema");
        let _ = std::fs::remove_dir_all(&out);
        let generate = measured(&cli, &generate_args, &work, &[]);
        let (lines, bytes) = copy_rust(&out, &krate.join("src"));
        let checked = measured(&cargo, &check, &krate, &env);

        println!(
            "| {n} | {lines} | {bytes} | {:.0} | {:.0} | {:.2} | {} | {:.1} | {:.1} | {} | {} |",
            lines as f64 / n as f64,
            bytes as f64 / n as f64,
            generate.wall,
            mib(generate.peak_kib),
            first.wall,
            checked.wall,
            checked
                .cpu
                .map_or_else(|| "n/a".to_string(), |c| format!("{c:.1}")),
            mib(checked.peak_kib),
        );
    }
}
