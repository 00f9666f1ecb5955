//! The schema compiler's error messages, reviewed like code.
//!
//! Every folder under `tests/fixtures/bad/` is one broken schema (one `.forge` file, or
//! several that form one schema). Each announces the codes it must produce in a comment,
//! `// expect: E0201 E0209`; the test fails if a case compiles, panics, or produces a
//! different set of codes, so a blindly accepted snapshot cannot hide a lost error. A case
//! with a `// with: --citus` line is a schema that compiles and that `check --citus`
//! refuses (`tests/citus.rs` also applies its DDL to Citus, which must refuse it too). As
//! `check` does, a schema that compiles has its names tried as Rust (`E0270`). The
//! rendered diagnostics are insta snapshots (`tests/snapshots/diagnostics__<case>.snap`).
//!
//! A second test mutates the example schema at random and checks that the compiler never
//! panics and that every diagnostic points into its file.

use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use schemaforge_schema::{Diagnostics, Sources, compile};

/// Relative to the package root, which is the working directory of integration tests, so
/// that the file names in the rendered diagnostics are relative and stable.
const BAD: &str = "tests/fixtures/bad";

const EXPECT: &str = "// expect:";

const WITH_CITUS: &str = "// with: --citus";

fn case_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(BAD)
        .expect("tests/fixtures/bad exists")
        .map(|entry| entry.expect("readable entry"))
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The codes announced by `// expect: …` lines anywhere in the case's files.
fn expected_codes(sources: &Sources) -> BTreeSet<String> {
    sources
        .files()
        .flat_map(|(_, file)| file.text.lines())
        .filter_map(|line| line.trim().strip_prefix(EXPECT))
        .flat_map(|rest| rest.split([' ', ',']))
        .filter(|code| !code.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether a case is checked as `check --citus` checks (a `// with: --citus` line): the
/// schema compiles, and Citus would refuse it.
fn for_citus(sources: &Sources) -> bool {
    sources
        .files()
        .any(|(_, file)| file.text.lines().any(|l| l.trim() == WITH_CITUS))
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "non-string panic payload".to_string())
}

/// Every label of every diagnostic lies within its file, on character boundaries, and
/// the list is sorted by position.
fn check_spans(sources: &Sources, diagnostics: &Diagnostics) -> Result<(), String> {
    diagnostics.check_located(sources)?;
    let mut previous = None;
    for d in diagnostics.iter() {
        if previous.is_some_and(|p| p > d.span()) {
            return Err(format!(
                "{}: diagnostics are not sorted by position",
                d.code
            ));
        }
        previous = Some(d.span());
    }
    Ok(())
}

#[test]
fn bad_schemas_report_their_errors() {
    let cases = case_names();
    assert!(
        cases.len() >= 36,
        "expected at least 36 cases, found {}",
        cases.len()
    );
    let mut failures = Vec::new();
    for case in &cases {
        let dir = format!("{BAD}/{case}");
        let sources = Sources::read(Path::new(&dir)).expect("fixture folder is readable");
        let expected = expected_codes(&sources);
        if expected.is_empty() {
            failures.push(format!("{case}: no `{EXPECT} E0…` comment in its files"));
            continue;
        }
        let citus = for_citus(&sources);
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            // As `check` does: the schema, Citus if asked, and its names as Rust.
            let checked = compile(&sources).and_then(|schema| {
                if citus {
                    schemaforge_schema::citus::check(&schema).into_result(())?;
                }
                let options = schemaforge_generator::emit::rust::RustOptions::default();
                schemaforge_generator::emit::rust::problems(&schema, &options)
                    .names
                    .into_result(())
            });
            checked.map_err(|diagnostics| {
                let rendered = diagnostics.render(&sources);
                (diagnostics, rendered)
            })
        }));
        let (diagnostics, rendered) = match outcome {
            Err(payload) => {
                failures.push(format!("{case}: panicked: {}", panic_message(&*payload)));
                continue;
            }
            Ok(Ok(())) => {
                failures.push(format!("{case}: compiled, but it should fail"));
                continue;
            }
            Ok(Err(result)) => result,
        };
        if let Err(e) = check_spans(&sources, &diagnostics) {
            failures.push(format!("{case}: {e}"));
        }
        let found: BTreeSet<String> = diagnostics.iter().map(|d| d.code.to_string()).collect();
        if found != expected {
            failures.push(format!(
                "{case}: expected codes {expected:?}, found {found:?}\n{rendered}"
            ));
        }
        let snapshot = catch_unwind(AssertUnwindSafe(|| {
            insta::with_settings!({
                description => format!("{dir}: {}", expected.iter().cloned().collect::<Vec<_>>().join(" ")),
                omit_expression => true,
            }, {
                insta::assert_snapshot!(case.as_str(), rendered);
            });
        }));
        if snapshot.is_err() {
            failures.push(format!("{case}: snapshot differs (see the .snap.new file)"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

/// Each code of the catalog is produced by at least one fixture, so the catalog cannot
/// grow an error that no test has ever rendered.
#[test]
fn every_catalog_code_has_a_fixture() {
    let catalog = std::fs::read_to_string("schema/src/catalog.rs").expect("catalog source");
    let codes: BTreeSet<&str> = catalog
        .match_indices("\"E0")
        .filter_map(|(i, _)| catalog.get(i + 1..i + 6))
        .filter(|code| code[1..].bytes().all(|b| b.is_ascii_digit()))
        .collect();
    assert!(codes.len() > 30, "found only {} codes", codes.len());
    let mut covered = BTreeSet::new();
    for case in case_names() {
        let sources = Sources::read(Path::new(&format!("{BAD}/{case}"))).expect("readable");
        covered.extend(expected_codes(&sources));
    }
    let missing: Vec<&str> = codes
        .iter()
        .copied()
        .filter(|code| !covered.contains(*code))
        .collect();
    assert!(missing.is_empty(), "codes without a fixture: {missing:?}");
}

// ---- robustness --------------------------------------------------------------------------

/// xorshift64: deterministic, so a failure names a reproducible iteration.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const EXAMPLE: &str = "examples/saas/schema";

const CHARS: &[char] = &[
    '(', ')', '{', '}', '[', ']', '?', '.', ',', ':', ';', '\'', '"', '/', '\n', ' ', '-', 'é',
    '→', '\t', '0',
];

const WORDS: &[&str] = &[
    " table ",
    " enum ",
    " tenant ",
    " tenant via ",
    " tenant_root ",
    " primary_key ",
    " no_primary_key ",
    " unique ",
    " index ",
    " check ",
    " foreign_key ",
    " references(",
    " references(users.id, on_delete: set_null)",
    " default(",
    " identity ",
    " generated(",
    " rust_type(",
    " renamed_from(",
    "///",
    "// ",
    "--",
    "[]",
    "[][]",
    "(999999999999)",
    "(0)",
    "\"\"",
    "''",
    " uuid",
    " int ",
];

/// One random edit of `text`, always on character boundaries.
fn mutate(rng: &mut Rng, text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    match rng.below(7) {
        // Delete a range of characters.
        0 if !chars.is_empty() => {
            let start = rng.below(chars.len());
            let end = (start + 1 + rng.below(24)).min(chars.len());
            chars[..start].iter().chain(&chars[end..]).collect()
        }
        // Duplicate a line.
        1 if !lines.is_empty() => {
            let i = rng.below(lines.len());
            lines.insert(i, lines[i]);
            lines.concat()
        }
        // Swap two lines.
        2 if !lines.is_empty() => {
            let (i, j) = (rng.below(lines.len()), rng.below(lines.len()));
            lines.swap(i, j);
            lines.concat()
        }
        // Insert a punctuation character.
        3 => {
            let at = rng.below(chars.len() + 1);
            let c = *rng.pick(CHARS);
            chars[..at]
                .iter()
                .chain(std::iter::once(&c))
                .chain(&chars[at..])
                .collect()
        }
        // Insert a keyword or fragment.
        4 => {
            let at = rng.below(chars.len() + 1);
            let word = rng.pick(WORDS);
            let mut out: String = chars[..at].iter().collect();
            out.push_str(word);
            out.extend(&chars[at..]);
            out
        }
        // Delete a line.
        5 if !lines.is_empty() => {
            lines.remove(rng.below(lines.len()));
            lines.concat()
        }
        // Truncate.
        _ => chars[..rng.below(chars.len() + 1)].iter().collect(),
    }
}

#[test]
fn mutated_example_never_panics() {
    let original = Sources::read(Path::new(EXAMPLE)).expect("example schema");
    let files: Vec<(String, String)> = original
        .files()
        .map(|(_, f)| (f.name.clone(), f.text.clone()))
        .collect();
    assert_eq!(files.len(), 3, "the example has three files");
    compile(&original).expect("the example schema is valid");

    // `MUTATIONS=100000 cargo test --test diagnostics mutated` searches longer.
    let iterations: usize = std::env::var("MUTATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(500);
    let mut rng = Rng(0x5eed_cafe_f00d_d00d);
    let mut failures = Vec::new();
    let mut rejected = 0;
    for iteration in 0..iterations {
        let mut texts: Vec<String> = files.iter().map(|(_, t)| t.clone()).collect();
        for _ in 0..1 + rng.below(3) {
            let f = rng.below(texts.len());
            texts[f] = mutate(&mut rng, &texts[f]);
        }
        let mut sources = Sources::new();
        for ((name, _), text) in files.iter().zip(&texts) {
            sources.add(name.clone(), text.clone());
        }
        let outcome = catch_unwind(AssertUnwindSafe(|| match compile(&sources) {
            Ok(_) => Ok(None),
            Err(diagnostics) => {
                let rendered = diagnostics.render(&sources);
                check_spans(&sources, &diagnostics).map(|()| Some(rendered))
            }
        }));
        let problem = match outcome {
            Err(payload) => format!("panicked: {}", panic_message(&*payload)),
            Ok(Err(e)) => e,
            Ok(Ok(None)) => continue,
            Ok(Ok(Some(rendered))) => {
                rejected += 1;
                if rendered.contains("error[") {
                    continue;
                }
                "rendered without any error".to_string()
            }
        };
        let dump: String = files
            .iter()
            .zip(&texts)
            .filter(|((_, before), after)| before != *after)
            .map(|((name, _), text)| format!("--- {name}\n{text}"))
            .collect();
        failures.push(format!("iteration {iteration}: {problem}\n{dump}"));
    }
    assert!(
        failures.is_empty(),
        "{} of {iterations} mutations failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    // Most edits break the schema; if none did, the mutations are not reaching the parser.
    assert!(
        rejected > iterations / 2,
        "only {rejected} of {iterations} mutations were rejected"
    );
}

/// On a terminal a wide character takes two columns and a combining mark none: the caret
/// stands under its text whatever came before it on the line.
#[test]
fn carets_stand_under_their_text_after_wide_characters() {
    let mut sources = Sources::new();
    sources.add(
        "wide.forge",
        "table t {\n  id uuid primary_key\n  \"名前\" tex\n  \"e\u{301}\" tex\n}\n",
    );
    let Err(diagnostics) = schemaforge_schema::compile(&sources) else {
        panic!("`tex` is not a type");
    };
    let rendered = diagnostics.render(&sources);
    let lines: Vec<&str> = rendered.lines().collect();
    let marks_after = |source: &str| {
        let at = lines
            .iter()
            .position(|l| l.ends_with(source))
            .unwrap_or_else(|| panic!("{source} is shown:\n{rendered}"));
        lines[at + 1]
    };
    // `  "名前" ` is nine columns: two spaces, the quotes, two wide characters, a space.
    assert!(
        marks_after("\"名前\" tex").starts_with(&format!("  | {}^^^ ", " ".repeat(9))),
        "{rendered}"
    );
    // `  "é" ` with a combining accent is six columns.
    assert!(
        marks_after("\"e\u{301}\" tex").starts_with(&format!("  | {}^^^ ", " ".repeat(6))),
        "{rendered}"
    );
}

/// In colour, the text is the plain rendering's, with escapes around its parts.
#[test]
fn colored_diagnostics_are_the_plain_text_with_escapes() {
    let mut sources = Sources::new();
    sources.add("c.forge", "table t {\n  id uuid primary_key\n  n tex\n}\n");
    let Err(diagnostics) = schemaforge_schema::compile(&sources) else {
        panic!("`tex` is not a type");
    };
    let plain = diagnostics.render(&sources);
    let colored = diagnostics.render_colored(&sources);
    assert!(
        colored.starts_with("\x1b[1m\x1b[91merror[E0201]\x1b[0m"),
        "{colored:?}"
    );
    let mut stripped = String::new();
    let mut chars = colored.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            // `ESC [ … m`
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            stripped.push(c);
        }
    }
    assert_eq!(stripped, plain);
    assert!(!plain.contains('\x1b'));
}
