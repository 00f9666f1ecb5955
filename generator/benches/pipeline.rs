//! Parse, check and emit DDL for synthetic schemas of growing size.
//!
//! `cargo bench -p schemaforge-generator --bench pipeline` prints, per size, the median
//! wall time of the whole pipeline and of each stage, and the process's peak resident
//! memory (each size runs in a child process of its own, so peaks do not mix).

use std::fmt::Write as _;
use std::hint::black_box;
use std::process::Command;
use std::time::{Duration, Instant};

use schemaforge_generator::emit::sql::{SqlOptions, emit};
use schemaforge_schema::{Sources, compile, parse};

const SIZES: &[usize] = &[20, 200, 1_000, 5_000];
const CHILD_ENV: &str = "SCHEMAFORGE_BENCH_TABLES";

/// A schema shaped like a real multi-tenant one: a tenant root, tables scoped by a column
/// or through a parent, foreign keys to earlier tables, enums, indexes, checks and docs.
fn synthetic_schema(tables: usize) -> String {
    let mut s = String::new();
    let enums = (tables / 10).max(1);
    for e in 0..enums {
        let _ = writeln!(
            s,
            "/// Enum {e}.\nenum state_{e} {{ draft active archived deleted }}\n"
        );
    }
    s.push_str("/// The tenant root.\ntable tenants {\n  tenant_root\n  id   uuid primary_key default(gen_random_uuid())\n  name text\n  slug text unique\n}\n\n");
    for t in 1..tables {
        let _ = writeln!(s, "/// Table number {t}.\ntable table_{t} {{");
        if t % 5 == 4 {
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
        if t % 5 == 4 {
            let _ = writeln!(
                s,
                "  parent_id  uuid        references(table_{}.id, on_delete: cascade)",
                t - 1
            );
        }
        let _ = writeln!(
            s,
            "  /// A name.\n  name       varchar(200) check(length(name) > 0)"
        );
        let _ = writeln!(s, "  state      state_{}     default(draft)", t % enums);
        let _ = writeln!(
            s,
            "  amount     numeric(12, 2) default(0) check(amount >= 0)"
        );
        let _ = writeln!(s, "  tags       text[]      default('{{}}')");
        let _ = writeln!(s, "  payload    jsonb?");
        let _ = writeln!(s, "  created_at timestamptz default(now())");
        let _ = writeln!(
            s,
            "  updated_at timestamptz default(now()) on_update(now())"
        );
        let _ = writeln!(s, "  unique (tenant_id, name)");
        let _ = writeln!(
            s,
            "  index (tenant_id, created_at desc) where (state <> 'deleted')"
        );
        let _ = writeln!(s, "}}\n");
    }
    s
}

struct Timing {
    parse: Duration,
    check: Duration,
    emit: Duration,
    total: Duration,
}

fn measure(text: &str) -> Timing {
    let mut sources = Sources::new();
    sources.add("bench.forge", text);
    let start = Instant::now();
    let files = parse(&sources).expect("synthetic schema parses");
    let parsed = Instant::now();
    let schema = schemaforge_schema::compile_files(&files).expect("synthetic schema checks");
    let checked = Instant::now();
    let ddl = emit(&schema, &SqlOptions::default());
    let emitted = Instant::now();
    black_box(ddl);
    Timing {
        parse: parsed - start,
        check: checked - parsed,
        emit: emitted - checked,
        total: emitted - start,
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

/// One size, in this process: prints a Markdown table row.
fn child(tables: usize) {
    let text = synthetic_schema(tables);
    // Sanity: the generated schema is valid (compile returns Ok).
    let mut sources = Sources::new();
    sources.add("bench.forge", text.as_str());
    compile(&sources).expect("valid synthetic schema");
    let iterations = (20_000 / tables).clamp(5, 200);
    let runs: Vec<Timing> = (0..iterations).map(|_| measure(&text)).collect();
    let pick = |f: fn(&Timing) -> Duration| median(runs.iter().map(f).collect());
    let total = pick(|t| t.total);
    let per_table_us = total.as_secs_f64() * 1e6 / tables as f64;
    let peak = peak_rss_kib().map_or("n/a".to_string(), |k| format!("{:.1}", k as f64 / 1024.0));
    println!(
        "| {tables} | {} KiB | {} | {} | {} | {} | {per_table_us:.1} | {peak} |",
        text.len() / 1024,
        ms(pick(|t| t.parse)),
        ms(pick(|t| t.check)),
        ms(pick(|t| t.emit)),
        ms(total),
    );
}

fn main() {
    if let Ok(n) = std::env::var(CHILD_ENV) {
        child(n.parse().expect("table count"));
        return;
    }
    let exe = std::env::current_exe().expect("own path");
    println!(
        "| tables | schema size | parse ms | check ms | DDL ms | total ms | µs/table | peak RSS MiB |"
    );
    println!("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for &tables in SIZES {
        let status = Command::new(&exe)
            .env(CHILD_ENV, tables.to_string())
            .status()
            .expect("run the bench for one size");
        assert!(status.success(), "bench for {tables} tables failed");
    }
}
