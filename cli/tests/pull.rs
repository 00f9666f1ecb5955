//! `schemaforge pull` as a user runs it, against a real PostgreSQL: what it writes, what it
//! reports, and that it writes nothing when it fails.

use std::path::Path;
use std::process::{Command, Output};

use schemaforge_testkit::cluster;

fn pull(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_schemaforge"))
        .arg("pull")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const DDL: &str = "
CREATE TYPE member_role AS ENUM ('owner', 'member');
CREATE TABLE orgs (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL);
COMMENT ON TABLE orgs IS 'A customer.';
CREATE TABLE members (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id uuid NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    email varchar(320) NOT NULL,
    role member_role NOT NULL DEFAULT 'member',
    UNIQUE (org_id, email)
);
CREATE TABLE countries (code char(2) PRIMARY KEY, name text NOT NULL);
";

#[test]
fn pull_writes_a_schema_that_checks_with_the_tenancy_asked_for() {
    let db = cluster().create_database();
    db.psql(DDL).expect("the DDL applies");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = pull(
        dir.path(),
        &[db.url(), "--out", "schema", "--tenant-root", "orgs"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.path().join("schema/public.forge"))
        .expect("public.forge written");
    assert_eq!(
        text,
        // In the order the DDL made them.
        "enum member_role { owner member }

/// A customer.
table orgs {
  tenant_root
  id   uuid primary_key default(gen_random_uuid())
  name text
}

table members {
  tenant org_id
  id     bigint       primary_key identity(always)
  org_id uuid         references(orgs.id, on_delete: cascade)
  email  varchar(320)
  role   member_role  default(member)
  unique (org_id, email)
}

table countries {
  code char(2) primary_key
  name text
}
"
    );
    let report = stderr(&out);
    assert!(
        report.contains("tenancy: tenant root: orgs; tenant tables (1): members (org_id)"),
        "{report}"
    );
    assert!(
        report.contains("tables of no tenant: countries"),
        "{report}"
    );
    assert!(!report.contains("not carried"), "{report}");

    // What it wrote passes `check` as it stands.
    let check = Command::new(env!("CARGO_BIN_EXE_schemaforge"))
        .args(["check", "schema"])
        .current_dir(dir.path())
        .output()
        .expect("the binary runs");
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn pull_lists_what_it_leaves_out_and_strict_refuses_it_writing_nothing() {
    let db = cluster().create_database();
    db.psql(&format!(
        "{DDL}\nALTER TABLE countries ADD COLUMN area point;\nCREATE DOMAIN code AS text;"
    ))
    .expect("the DDL applies");
    let dir = tempfile::tempdir().expect("a temporary folder");

    let strict = pull(dir.path(), &[db.url(), "--out", "schema", "--strict"]);
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
    let report = stderr(&strict);
    assert!(report.contains("error not carried (2):"), "{report}");
    assert!(
        report.contains(
            "  column countries.area: its type `point` is a type the language does not have"
        ),
        "{report}"
    );
    assert!(
        report.contains("  domain code: the language has no word for it"),
        "{report}"
    );
    assert!(
        !dir.path().join("schema").exists(),
        "--strict wrote something"
    );

    let lenient = pull(dir.path(), &[db.url(), "--out", "schema"]);
    assert!(lenient.status.success(), "{}", stderr(&lenient));
    assert!(stderr(&lenient).contains("warning not carried (2):"));
    let text = std::fs::read_to_string(dir.path().join("schema/public.forge"))
        .expect("public.forge written");
    assert!(!text.contains("area"), "{text}");
    // Without a root, one is proposed and nothing is scoped.
    assert!(
        stderr(&lenient).contains("`--tenant-root orgs` would make them tenant tables")
            || stderr(&lenient).contains("no tenant root given, so no table is scoped"),
        "{}",
        stderr(&lenient)
    );
    assert!(!text.contains("tenant"), "{text}");
}

#[test]
fn pull_fails_clearly_on_a_bad_root_namespace_or_database() {
    let db = cluster().create_database();
    db.psql(DDL).expect("the DDL applies");
    let dir = tempfile::tempdir().expect("a temporary folder");

    let root = pull(
        dir.path(),
        &[db.url(), "--out", "schema", "--tenant-root", "org"],
    );
    assert_eq!(root.status.code(), Some(1));
    assert!(
        stderr(&root).contains("error: the tenant root `org` is not a table of `public`"),
        "{}",
        stderr(&root)
    );

    let namespace = pull(
        dir.path(),
        &[db.url(), "--out", "schema", "--schema", "billing"],
    );
    assert_eq!(namespace.status.code(), Some(1));
    assert!(
        stderr(&namespace).contains("error: the database has no namespace `billing`"),
        "{}",
        stderr(&namespace)
    );

    let unreachable = pull(
        dir.path(),
        &["postgres://nobody@127.0.0.1:1/none", "--out", "schema"],
    );
    assert_eq!(unreachable.status.code(), Some(1));
    assert!(
        stderr(&unreachable).contains("error: cannot read the catalog of `public`"),
        "{}",
        stderr(&unreachable)
    );
    assert!(
        !dir.path().join("schema").exists(),
        "a failed pull wrote something"
    );
}

#[test]
fn pull_reads_the_namespace_asked_for_into_a_file_of_its_name() {
    let db = cluster().create_database();
    db.psql(
        "CREATE SCHEMA billing;
         CREATE TABLE billing.invoices (id bigserial PRIMARY KEY, total numeric(12,2) NOT NULL DEFAULT 0);
         CREATE TABLE public.other (id integer PRIMARY KEY);",
    )
    .expect("the DDL applies");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = pull(dir.path(), &[db.url(), "--out", ".", "--schema", "billing"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.path().join("billing.forge")).expect("billing.forge");
    assert_eq!(
        text,
        "table invoices {\n  id    bigserial      primary_key\n  total numeric(12, 2) default(0)\n}\n"
    );
}
