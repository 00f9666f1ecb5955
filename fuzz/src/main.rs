//! The long run: `cargo run --release -p schemaforge-fuzz -- [--inputs N] [--seed S]
//! [--postgres N]`. Prints what it found (and exits 1) or a summary with the throughput and
//! peak memory; with `--postgres N`, applies the DDL of up to N accepted inputs with
//! distinct DDL to a throwaway PostgreSQL (or `DATABASE_URL`).

use std::path::Path;
use std::process::ExitCode;

use schemaforge_fuzz::{Fuzzer, corpus, peak_memory, postgres};

struct Args {
    inputs: usize,
    seed: u64,
    postgres: usize,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        inputs: 1_000_000,
        seed: 0x5eed_f022,
        postgres: 0,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .ok_or_else(|| format!("{name} needs a value"))
                .and_then(|v| {
                    v.parse::<u64>()
                        .map_err(|_| format!("{name}: not a number: {v}"))
                })
        };
        match flag.as_str() {
            "--inputs" => args.inputs = value("--inputs")? as usize,
            "--seed" => args.seed = value("--seed")?,
            "--postgres" => args.postgres = value("--postgres")? as usize,
            "--help" | "-h" => {
                return Err(
                    "usage: schemaforge-fuzz [--inputs N] [--seed S] [--postgres N]".into(),
                );
            }
            other => return Err(format!("unknown argument {other} (see --help)")),
        }
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let corpus = corpus(&root);
    let baseline = peak_memory().unwrap_or(0);
    let mut fuzzer = Fuzzer::new(corpus, args.seed);
    fuzzer.keep_ddl = args.postgres;
    let mut report = fuzzer.run(args.inputs);
    let peak = peak_memory().unwrap_or(0);
    println!(
        "{} inputs in {:.1} s ({:.0}/s), {} accepted, {} findings; peak memory {} MiB ({} MiB above the start)",
        report.inputs,
        report.elapsed.as_secs_f64(),
        report.inputs as f64 / report.elapsed.as_secs_f64().max(1e-9),
        report.accepted,
        report.finding_count,
        peak / (1024 * 1024),
        peak.saturating_sub(baseline) / (1024 * 1024),
    );
    for (kind, count) in &report.kinds {
        println!("  {kind}: {count}");
    }
    for finding in &report.findings {
        println!("\n{finding}");
    }
    if args.postgres > 0 {
        let db = schemaforge_testkit::cluster().create_database();
        let ddl = std::mem::take(&mut report.distinct_ddl);
        let rejected = postgres::apply_all(&db, &ddl);
        println!(
            "Postgres: {} accepted schemas with distinct DDL applied, {} rejected",
            ddl.len(),
            rejected.len()
        );
        for r in rejected.iter().take(20) {
            println!("\n{}\n{}", r.error, r.ddl);
        }
        if !rejected.is_empty() {
            return ExitCode::FAILURE;
        }
    }
    if report.finding_count > 0 {
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
