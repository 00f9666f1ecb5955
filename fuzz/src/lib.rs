//! Mutation fuzzing of schemaforge, on the stable toolchain.
//!
//! [`Fuzzer`] takes the project's own schemas (the example, the good and bad fixtures, the
//! migration cases) as a corpus, mutates them with seeded randomness the way an attacker or
//! a careless editor would (byte and character edits, keyword and token insertions, huge
//! identifiers and numbers, deep nesting, NUL, CRLF, a BOM, unterminated strings and
//! comments, lines deleted, duplicated and swapped), and runs each input through the
//! compiler, the diagnostic renderer, the formatter and, when it compiles, both emitters.
//! Every input must pass [the oracles](Finding): no panic, no run over the time budget,
//! every diagnostic located inside its file and the rendered report bounded, the formatter
//! idempotent and meaning-preserving, every output deterministic.
//!
//! `cargo test -p schemaforge-fuzz` runs a bounded search, and applies the DDL of a sample of
//! the accepted inputs to PostgreSQL; `cargo run --release -p schemaforge-fuzz -- --help`
//! runs a long one.

#![warn(missing_docs)]

pub mod mutate;
pub mod postgres;

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::{Duration, Instant};

use schemaforge_generator::emit::{rust, sql};
use schemaforge_schema::ir::Schema;
use schemaforge_schema::{Diagnostics, Sources, compile, compile_files, format, parse};

pub use mutate::Rng;

/// One input: the files of one schema, `(name, text)`.
pub type Input = Vec<(String, String)>;

/// An oracle an input broke, with the input, so that it can be saved and replayed.
#[derive(Debug, Clone)]
pub struct Finding {
    /// Which oracle: `panic`, `slow`, `span`, `flood`, `fmt`, `nondeterministic`.
    pub kind: &'static str,
    /// What happened: the panic's message, the time taken, the span out of its file, the
    /// formatter's difference.
    pub message: String,
    /// The input that broke it, whole, to replay.
    pub input: Input,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{}: {}", self.kind, self.message)?;
        for (name, text) in &self.input {
            let shown: String = text.chars().take(2_000).collect();
            writeln!(f, "--- {name} ({} bytes) ---\n{shown:?}", text.len())?;
        }
        Ok(())
    }
}

/// The outcome of one input that broke no oracle.
pub enum Outcome {
    /// The schema compiles: its IR.
    Accepted(Box<Schema>),
    /// It does not: its diagnostics were located and rendered.
    Refused,
}

/// Limits an input must stay within.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    /// Compiling, rendering, formatting and emitting one input.
    pub time: Duration,
}

impl Budget {
    /// 1 s per input in an optimized build; more in a debug build, which is many times
    /// slower (the bounded run in `cargo test`), so that only superlinear work trips it.
    pub fn default_for_build() -> Budget {
        let time = if cfg!(debug_assertions) {
            Duration::from_secs(10)
        } else {
            Duration::from_secs(1)
        };
        Budget { time }
    }
}

/// The rendered report of a refused input may be this long, plus a small multiple of the
/// input: enough for the 50 diagnostics shown with their lines, never a flood.
const REPORT_BASE: usize = 64 * 1024;

/// Runs every oracle on one input.
pub fn check(input: &Input, budget: Budget) -> Result<Outcome, Finding> {
    let found = |kind: &'static str, message: String| Finding {
        kind,
        message,
        input: input.clone(),
    };
    let start = Instant::now();
    let sources = sources(input);
    let compiled = guarded("compile", || compile(&sources)).map_err(|m| found("panic", m))?;
    let outcome = match &compiled {
        Err(diagnostics) => {
            located(&sources, diagnostics).map_err(|m| found("span", m))?;
            let rendered = guarded("render", || diagnostics.render(&sources))
                .map_err(|m| found("panic", m))?;
            let input_len: usize = input.iter().map(|(_, t)| t.len()).sum();
            if rendered.len() > REPORT_BASE + 4 * input_len {
                return Err(found(
                    "flood",
                    format!(
                        "{} bytes of diagnostics ({} diagnostics) for {input_len} bytes of input",
                        rendered.len(),
                        diagnostics.len()
                    ),
                ));
            }
            let again = compile(&sources)
                .err()
                .map(|d| d.render(&sources))
                .unwrap_or_default();
            if again != rendered {
                return Err(found(
                    "nondeterministic",
                    "two compiles rendered differently".into(),
                ));
            }
            Outcome::Refused
        }
        Ok(schema) => {
            let json = ir_json(schema);
            let again = compile(&sources).map(|s| ir_json(&s)).unwrap_or_default();
            if again != json {
                return Err(found(
                    "nondeterministic",
                    "two compiles gave different IR".into(),
                ));
            }
            emitted(&sources, schema).map_err(|(kind, m)| found(kind, m))?;
            Outcome::Accepted(Box::new(schema.clone()))
        }
    };
    formatted(&sources, &compiled).map_err(|(kind, m)| found(kind, m))?;
    let elapsed = start.elapsed();
    if elapsed > budget.time {
        return Err(found(
            "slow",
            format!("{elapsed:?}, over the budget of {:?}", budget.time),
        ));
    }
    Ok(outcome)
}

fn sources(input: &Input) -> Sources {
    let mut sources = Sources::new();
    for (name, text) in input {
        sources.add(name.clone(), text.clone());
    }
    sources
}

/// `f()`, or the panic's message.
fn guarded<T>(what: &str, f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".into());
        format!("{what} panicked: {message}")
    })
}

fn ir_json(schema: &Schema) -> String {
    serde_json::to_string(schema).unwrap_or_default()
}

/// Every label of every diagnostic lies within its file, on character boundaries.
fn located(sources: &Sources, diagnostics: &Diagnostics) -> Result<(), String> {
    diagnostics.check_located(sources)
}

/// The DDL and the Rust of an accepted schema: no panic, and the same bytes twice; or names
/// that cannot be Rust, each located inside its file.
fn emitted(sources: &Sources, schema: &Schema) -> Result<(), (&'static str, String)> {
    let options = sql::SqlOptions::default();
    let ddl = guarded("sql", || sql::emit(schema, &options)).map_err(|m| ("panic", m))?;
    if sql::emit(schema, &options) != ddl {
        return Err(("nondeterministic", "two DDL emits differ".into()));
    }
    let rust_options = rust::RustOptions::default();
    let problems = rust::problems(schema, &rust_options);
    located(sources, &problems.names).map_err(|m| ("span", m))?;
    if problems.is_empty() {
        let files = guarded("rust", || rust::files(schema, &rust_options, "schema"))
            .map_err(|m| ("panic", m))?;
        if rust::files(schema, &rust_options, "schema") != files {
            return Err(("nondeterministic", "two Rust emits differ".into()));
        }
    }
    Ok(())
}

/// The formatter: a file that parses formats to one that parses, formatting again changes
/// nothing, and the formatted schema compiles to the same IR (or is refused with the same
/// codes).
fn formatted(
    sources: &Sources,
    compiled: &Result<Schema, Diagnostics>,
) -> Result<(), (&'static str, String)> {
    let Ok(files) = parse(sources) else {
        return Ok(());
    };
    let mut formatted = Sources::new();
    for ((_, source), file) in sources.files().zip(&files) {
        let text = guarded("fmt", || format::format_file(file)).map_err(|m| ("panic", m))?;
        formatted.add(source.name.clone(), text);
    }
    let reparsed = match parse(&formatted) {
        Ok(reparsed) => reparsed,
        Err(d) => {
            let codes: Vec<&str> = d.iter().map(|d| d.code).collect();
            return Err((
                "fmt",
                format!("the formatted file does not parse: {codes:?}"),
            ));
        }
    };
    for ((_, text), file) in formatted.files().zip(&reparsed) {
        if format::format_file(file) != text.text {
            return Err(("fmt", "formatting is not idempotent".into()));
        }
    }
    let after = compile_files(&reparsed);
    match (compiled, &after) {
        (Ok(before), Ok(after)) if ir_json(before) != ir_json(after) => {
            Err(("fmt", "formatting changed the IR".into()))
        }
        (Ok(_), Err(d)) => {
            let codes: Vec<&str> = d.iter().map(|d| d.code).collect();
            Err(("fmt", format!("the formatted schema is refused: {codes:?}")))
        }
        (Err(_), Ok(_)) => Err((
            "fmt",
            "the formatted schema is accepted, the input was not".into(),
        )),
        (Err(before), Err(after)) => {
            let codes = |d: &Diagnostics| d.iter().map(|d| d.code).collect::<HashSet<_>>();
            if codes(before) != codes(after) {
                let message = format!(
                    "formatting changed the errors from {:?} to {:?}",
                    codes(before),
                    codes(after)
                );
                return Err(("fmt", message));
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// The project's own schemas under `root` (the workspace): the example, every good and bad
/// fixture, every migration case's old and new schema. Each is one input.
pub fn corpus(root: &Path) -> Vec<Input> {
    let mut dirs = vec![root.join("examples/saas/schema")];
    for group in ["tests/fixtures/good", "tests/fixtures/bad"] {
        dirs.extend(subdirs(&root.join(group)));
    }
    let mut corpus: Vec<Input> = dirs.iter().filter_map(|d| read_dir_input(d)).collect();
    for case in subdirs(&root.join("tests/fixtures/migrations")) {
        for side in ["old.forge", "new.forge"] {
            if let Ok(text) = std::fs::read_to_string(case.join(side)) {
                corpus.push(vec![(side.to_string(), text)]);
            }
        }
    }
    corpus
}

fn subdirs(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut dirs: Vec<_> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    dirs.retain(|d| d.is_dir());
    dirs.sort();
    dirs
}

fn read_dir_input(dir: &Path) -> Option<Input> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "forge"))
        .collect();
    files.sort();
    let input: Input = files
        .iter()
        .filter_map(|p| {
            let name = p.file_name()?.to_string_lossy().into_owned();
            Some((name, std::fs::read_to_string(p).ok()?))
        })
        .collect();
    (!input.is_empty()).then_some(input)
}

/// What a run found.
#[derive(Debug, Default)]
pub struct Report {
    /// How many inputs were checked.
    pub inputs: usize,
    /// How many of them compiled.
    pub accepted: usize,
    /// The findings kept: the first of each kind, and the first others up to
    /// [`Fuzzer::MAX_FINDINGS`].
    pub findings: Vec<Finding>,
    /// How many inputs broke an oracle, kept or not.
    pub finding_count: usize,
    /// How many findings of each kind.
    pub kinds: std::collections::BTreeMap<&'static str, usize>,
    /// Accepted inputs with distinct DDL, for the Postgres differential.
    pub distinct_ddl: Vec<String>,
    /// The wall-clock time of the run.
    pub elapsed: Duration,
}

/// A seeded search over mutations of a corpus.
pub struct Fuzzer {
    /// The inputs mutations start from (see [`corpus`]).
    pub corpus: Vec<Input>,
    /// The source of every random choice: the same seed gives the same run.
    pub rng: Rng,
    /// The limits each input is held to.
    pub budget: Budget,
    /// How many accepted inputs with distinct DDL to keep for Postgres.
    pub keep_ddl: usize,
}

impl Fuzzer {
    /// How many findings a [`Report`] keeps beyond the first of each kind, which it always
    /// keeps.
    pub const MAX_FINDINGS: usize = 20;

    /// A fuzzer over `corpus` seeded with `seed`, with the budget of this build
    /// ([`Budget::default_for_build`]) and no DDL kept.
    pub fn new(corpus: Vec<Input>, seed: u64) -> Fuzzer {
        Fuzzer {
            corpus,
            rng: Rng::new(seed),
            budget: Budget::default_for_build(),
            keep_ddl: 0,
        }
    }

    /// One mutated input: a corpus entry with one to four mutations of one of its files.
    pub fn next_input(&mut self) -> Input {
        let mut input = self.rng.pick(&self.corpus).clone();
        let file = self.rng.below(input.len());
        let edits = 1 + self.rng.below(4);
        for _ in 0..edits {
            input[file].1 = mutate::mutate(&mut self.rng, &input[file].1);
        }
        input
    }

    /// Runs `inputs` mutated inputs through [`check`].
    pub fn run(&mut self, inputs: usize) -> Report {
        let start = Instant::now();
        let mut report = Report::default();
        let mut seen = HashSet::new();
        for _ in 0..inputs {
            let input = self.next_input();
            report.inputs += 1;
            match check(&input, self.budget) {
                Ok(Outcome::Accepted(schema)) => {
                    report.accepted += 1;
                    if report.distinct_ddl.len() < self.keep_ddl {
                        let ddl = sql::emit(&schema, &sql::SqlOptions::default());
                        let mut hasher = DefaultHasher::new();
                        ddl.hash(&mut hasher);
                        if seen.insert(hasher.finish()) {
                            report.distinct_ddl.push(ddl);
                        }
                    }
                }
                Ok(Outcome::Refused) => {}
                Err(finding) => {
                    report.finding_count += 1;
                    let seen_kind = report.kinds.contains_key(finding.kind);
                    *report.kinds.entry(finding.kind).or_default() += 1;
                    // The first of each kind, then the first others.
                    if !seen_kind || report.findings.len() < Self::MAX_FINDINGS {
                        report.findings.push(finding);
                    }
                }
            }
        }
        report.elapsed = start.elapsed();
        report
    }
}

/// The process's peak resident memory so far, in bytes (Linux's `VmHWM`), if known.
pub fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}
