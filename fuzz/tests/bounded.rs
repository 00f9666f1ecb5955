//! The bounded run of the fuzzer, in `cargo test`: tens of thousands of mutated schemas
//! through every oracle, and the DDL of a sample of the accepted ones applied to
//! PostgreSQL 15. The long run is `cargo run --release -p schemaforge-fuzz`.

use std::path::Path;

use schemaforge_fuzz::{Fuzzer, corpus, postgres};

fn root() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn mutated_schemas_break_no_oracle_and_their_ddl_applies() {
    let corpus = corpus(&root());
    assert!(corpus.len() > 100, "the corpus has {} inputs", corpus.len());
    // `FUZZ_INPUTS=200000 cargo test -p schemaforge-fuzz` searches longer.
    let inputs = std::env::var("FUZZ_INPUTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_000);
    let mut fuzzer = Fuzzer::new(corpus, 0x5eed_0f14);
    fuzzer.keep_ddl = 300;
    let report = fuzzer.run(inputs);
    let shown: Vec<String> = report.findings.iter().map(|f| f.to_string()).collect();
    assert!(
        report.finding_count == 0,
        "{} of {} inputs broke an oracle; the first:\n{}",
        report.finding_count,
        report.inputs,
        shown.join("\n")
    );
    assert!(
        report.accepted > inputs / 40,
        "only {} accepted",
        report.accepted
    );
    assert!(
        report.distinct_ddl.len() >= 100,
        "{} distinct",
        report.distinct_ddl.len()
    );

    let db = schemaforge_testkit::cluster().create_database();
    let rejected = postgres::apply_all(&db, &report.distinct_ddl);
    let shown: Vec<String> = rejected
        .iter()
        .take(5)
        .map(|r| format!("{}\n{}", r.error, visible(&r.ddl)))
        .collect();
    assert!(
        rejected.is_empty(),
        "Postgres rejected {} of {} accepted schemas:\n{}",
        rejected.len(),
        report.distinct_ddl.len(),
        shown.join("\n\n")
    );
}

/// The script with every control character but the newline shown as an escape, so that
/// a byte Postgres stumbles over can be seen.
fn visible(ddl: &str) -> String {
    ddl.chars()
        .map(|c| {
            if c.is_control() && c != '\n' || c == '\u{feff}' {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The differential can fail: a schema whose DDL Postgres refuses is reported, and the
/// scripts after it still run.
#[test]
fn the_differential_reports_a_refused_script_and_goes_on() {
    let db = schemaforge_testkit::cluster().create_database();
    let scripts = vec![
        "CREATE TABLE a (id int);".to_string(),
        "CREATE TABLE b (id nosuchtype);".to_string(),
        "CREATE TABLE c (id int);".to_string(),
        "CREATE TABLE d (id int DEFAULT 'x');".to_string(),
        // A declared function's body is Postgres's to check, not a finding.
        "CREATE FUNCTION e()\n    RETURNS trigger\n    LANGUAGE plpgsql\n    AS $function$\nbegn\n$function$;"
            .to_string(),
        "CREATE TABLE f (id int DEFAULT 'y');".to_string(),
    ];
    let rejected = postgres::apply_all(&db, &scripts);
    let failed: Vec<&str> = rejected.iter().map(|r| r.ddl.as_str()).collect();
    assert_eq!(
        failed,
        [
            scripts[1].as_str(),
            scripts[3].as_str(),
            scripts[5].as_str()
        ]
    );
    assert!(
        rejected[0].error.contains("nosuchtype"),
        "{}",
        rejected[0].error
    );
}

#[test]
fn only_names_qualified_with_a_users_schema_are_the_users_own() {
    for own in [
        "ERROR:  schema \"ext\" does not exist",
        "psql:<stdin>:9: ERROR:  type \"public.citext\" does not exist\nLINE 3: ...",
        "ERROR:  function ext.make_id(integer) does not exist",
    ] {
        assert!(postgres::users_own(own), "{own}");
    }
    for bug in [
        "ERROR:  type \"citext\" does not exist",
        "ERROR:  function lower(integer) does not exist",
        "ERROR:  function pg_catalog.nosuch(integer) does not exist",
        "ERROR:  syntax error at or near \"on\"",
    ] {
        assert!(!postgres::users_own(bug), "{bug}");
    }
}
