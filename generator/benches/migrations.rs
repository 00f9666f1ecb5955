//! Migration diff time for synthetic schemas of 200 and 1,000 tables, 10% of them changed.
//!
//! `cargo bench -p schemaforge-generator --bench migrations` prints a Markdown table: per
//! size, the steps planned and the median wall time of `diff` and of rendering the SQL.

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::{Duration, Instant};

use schemaforge_generator::diff::{DiffOptions, diff};
use schemaforge_schema::ir::Schema;
use schemaforge_schema::{Sources, compile};

const SIZES: &[usize] = &[200, 1_000];

/// A multi-tenant schema; with `changed`, every tenth table is edited: a column added,
/// one renamed (with its hint), a default changed, a type widened, an index added, and
/// one table in ten of those dropped.
fn synthetic(tables: usize, changed: bool) -> String {
    let mut s = String::new();
    let enums = (tables / 10).max(1);
    for e in 0..enums {
        let _ = writeln!(s, "enum state_{e} {{ draft active archived }}\n");
    }
    s.push_str("table tenants {\n  tenant_root\n  id uuid primary_key default(gen_random_uuid())\n  name text\n}\n\n");
    for t in 1..tables {
        let edit = changed && t % 10 == 0;
        if edit && t % 100 == 0 {
            continue; // dropped
        }
        let _ = writeln!(s, "table table_{t} {{\n  tenant tenant_id");
        let _ = writeln!(
            s,
            "  id         uuid         primary_key default(gen_random_uuid())"
        );
        let _ = writeln!(
            s,
            "  tenant_id  uuid         references(tenants.id, on_delete: cascade)"
        );
        if edit {
            let _ = writeln!(s, "  title      varchar(300) renamed_from(name)");
            let _ = writeln!(s, "  amount     numeric(14, 2) default(1)");
            let _ = writeln!(s, "  note       text?");
        } else {
            let _ = writeln!(s, "  name       varchar(200)");
            let _ = writeln!(s, "  amount     numeric(12, 2) default(0)");
        }
        let _ = writeln!(s, "  state      state_{}      default(draft)", t % enums);
        let _ = writeln!(s, "  created_at timestamptz  default(now())");
        if t > 1 && t % 7 != 0 && !(changed && (t - 1) % 100 == 0 && (t - 1) % 10 == 0) {
            let _ = writeln!(
                s,
                "  parent_id  uuid?        references(table_{}.id)",
                t - 1
            );
        }
        let _ = writeln!(s, "  index (tenant_id, created_at desc)");
        if edit {
            let _ = writeln!(s, "  index (state) where (note is not null)");
        }
        let _ = writeln!(s, "}}\n");
    }
    s
}

fn schema(text: &str) -> Schema {
    let mut sources = Sources::new();
    sources.add("bench.forge", text);
    compile(&sources).unwrap_or_else(|d| panic!("synthetic schema:\n{}", d.render(&sources)))
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

fn main() {
    println!("| tables | tables changed | steps | diff ms | render ms |");
    println!("| ---: | ---: | ---: | ---: | ---: |");
    let options = DiffOptions::default().allow_data_loss(true);
    for &tables in SIZES {
        let old = schema(&synthetic(tables, false));
        let new = schema(&synthetic(tables, true));
        let iterations = (20_000 / tables).clamp(10, 100);
        let mut diff_times = Vec::new();
        let mut render_times = Vec::new();
        let mut steps = 0;
        for _ in 0..iterations {
            let start = Instant::now();
            let migration = diff(&old, &new, &options).expect("the synthetic change diffs");
            let diffed = Instant::now();
            black_box(migration.sql());
            diff_times.push(diffed - start);
            render_times.push(diffed.elapsed());
            steps = migration.steps.len();
        }
        println!(
            "| {tables} | {} | {steps} | {} | {} |",
            tables / 10,
            ms(median(diff_times)),
            ms(median(render_times))
        );
    }
}
