//! The DDL we emit, applied to a real PostgreSQL 15 and read back from its catalog.

use std::collections::BTreeSet;
use std::path::Path;

use schemaforge_generator::emit::sql::{SqlOptions, emit, quote_ident};
use schemaforge_schema::ir::{ReferentialAction, Schema};
use schemaforge_testkit::{TestDatabase, cluster};

fn load(path: &str) -> Schema {
    match schemaforge_schema::load(Path::new(path)) {
        Ok(loaded) => loaded.schema,
        Err(e) => panic!("{path} must compile:\n{}", e.render()),
    }
}

/// A fresh database with the schema's DDL applied in one transaction.
fn apply(schema: &Schema) -> TestDatabase {
    let db = cluster().create_database();
    let ddl = emit(schema, &SqlOptions::default());
    if let Err(e) = db.psql(&format!("BEGIN;\n{ddl}\nCOMMIT;")) {
        panic!("Postgres rejected the DDL: {e}\n{ddl}");
    }
    db
}

fn rows(db: &TestDatabase, sql: &str) -> BTreeSet<String> {
    let out = db.psql(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    out.lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

fn action_code(a: ReferentialAction) -> char {
    match a {
        ReferentialAction::NoAction => 'a',
        ReferentialAction::Restrict => 'r',
        ReferentialAction::Cascade => 'c',
        ReferentialAction::SetNull => 'n',
        ReferentialAction::SetDefault => 'd',
    }
}

/// Compares everything the catalog knows of the schema's objects with the IR.
fn assert_catalog_matches(db: &TestDatabase, schema: &Schema) {
    // Enums, with their values in order.
    let expected: BTreeSet<String> = schema
        .enums
        .iter()
        .map(|e| {
            let values: Vec<&str> = e.values.iter().map(|v| v.name.as_str()).collect();
            format!("{}|{}", e.name, values.join(","))
        })
        .collect();
    let actual = rows(
        db,
        "select t.typname || '|' || string_agg(e.enumlabel, ',' order by e.enumsortorder)
         from pg_type t join pg_enum e on e.enumtypid = t.oid group by t.typname",
    );
    assert_eq!(actual, expected, "enums");

    // Tables.
    let expected: BTreeSet<String> = schema.tables.iter().map(|t| t.name.clone()).collect();
    let actual = rows(
        db,
        "select tablename from pg_tables where schemaname = 'public'",
    );
    assert_eq!(actual, expected, "tables");

    // Columns: type (as Postgres prints it), nullability, default presence, generation.
    let expected: BTreeSet<String> = schema
        .tables
        .iter()
        .flat_map(|t| {
            t.columns.iter().map(move |c| {
                let identity = match c.identity {
                    Some(schemaforge_schema::ir::Identity::Always) => "a",
                    Some(schemaforge_schema::ir::Identity::ByDefault) => "d",
                    None => "",
                };
                format!(
                    "{}.{}|{}|{}|{}|{}",
                    t.name,
                    c.name,
                    catalog_type(&c.ty),
                    if c.nullable { "null" } else { "not null" },
                    identity,
                    if c.generated.is_some() { "s" } else { "" }
                )
            })
        })
        .collect();
    let actual = rows(
        db,
        "select c.relname || '.' || a.attname || '|' || format_type(a.atttypid, a.atttypmod) || '|' ||
                case when a.attnotnull then 'not null' else 'null' end || '|' || a.attidentity::text || '|' || a.attgenerated::text
         from pg_attribute a join pg_class c on c.oid = a.attrelid
         join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = 'public' and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped",
    );
    assert_eq!(actual, expected, "columns");

    // Primary keys, unique constraints and checks by name and table.
    let mut expected = BTreeSet::new();
    for t in &schema.tables {
        if let Some(pk) = &t.primary_key {
            expected.insert(format!("p|{}|{}", t.name, pk.name));
        }
        for u in &t.uniques {
            expected.insert(format!("u|{}|{}", t.name, u.name));
        }
        for c in &t.checks {
            expected.insert(format!("c|{}|{}", t.name, c.name));
        }
    }
    let actual = rows(
        db,
        "select contype::text || '|' || conrelid::regclass::text || '|' || conname from pg_constraint
         where contype in ('p', 'u', 'c') and connamespace = 'public'::regnamespace",
    );
    let actual: BTreeSet<String> = actual.into_iter().map(|r| r.replace('"', "")).collect();
    assert_eq!(
        actual, expected,
        "primary keys, unique constraints and checks"
    );

    // Foreign keys: columns, target, actions.
    let expected: BTreeSet<String> = schema
        .tables
        .iter()
        .flat_map(|t| {
            t.foreign_keys.iter().map(move |fk| {
                format!(
                    "{}|{}({})|{}({})|{}{}",
                    fk.name,
                    t.name,
                    fk.columns.join(","),
                    fk.references_table,
                    fk.references_columns.join(","),
                    action_code(fk.on_delete),
                    action_code(fk.on_update)
                )
            })
        })
        .collect();
    let actual = rows(
        db,
        "select con.conname || '|' || con.conrelid::regclass::text || '(' ||
                (select string_agg(a.attname, ',' order by k.i) from unnest(con.conkey) with ordinality k(n, i)
                 join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.n) || ')|' ||
                con.confrelid::regclass::text || '(' ||
                (select string_agg(a.attname, ',' order by k.i) from unnest(con.confkey) with ordinality k(n, i)
                 join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.n) || ')|' ||
                con.confdeltype::text || con.confupdtype::text
         from pg_constraint con where con.contype = 'f'",
    );
    let actual: BTreeSet<String> = actual.into_iter().map(|r| r.replace('"', "")).collect();
    assert_eq!(actual, expected, "foreign keys");

    // Indexes: ours plus those behind primary keys and unique constraints.
    let mut expected = BTreeSet::new();
    for t in &schema.tables {
        if let Some(pk) = &t.primary_key {
            expected.insert(format!("{}|{}|t", t.name, pk.name));
        }
        for u in &t.uniques {
            expected.insert(format!("{}|{}|t", t.name, u.name));
        }
        for i in &t.indexes {
            expected.insert(format!(
                "{}|{}|{}",
                t.name,
                i.name,
                if i.unique { "t" } else { "f" }
            ));
        }
    }
    let actual = rows(
        db,
        "select t.relname || '|' || i.relname || '|' || case when x.indisunique then 't' else 'f' end from pg_index x
         join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
         where t.relnamespace = 'public'::regnamespace",
    );
    assert_eq!(actual, expected, "indexes");

    // Comments on types, tables and columns.
    let mut expected = BTreeSet::new();
    for e in &schema.enums {
        if let Some(doc) = &e.doc {
            expected.insert(format!("type {}: {}", e.name, doc.replace('\n', "\\n")));
        }
    }
    for t in &schema.tables {
        if let Some(doc) = &t.doc {
            expected.insert(format!("table {}: {}", t.name, doc.replace('\n', "\\n")));
        }
        for c in &t.columns {
            if let Some(doc) = &c.doc {
                expected.insert(format!(
                    "column {}.{}: {}",
                    t.name,
                    c.name,
                    doc.replace('\n', "\\n")
                ));
            }
        }
    }
    let actual = rows(
        db,
        "select 'type ' || t.typname || ': ' || replace(d.description, E'\\n', '\\n') from pg_description d
           join pg_type t on t.oid = d.objoid and d.classoid = 'pg_type'::regclass
         where t.typnamespace = 'public'::regnamespace
         union all
         select case when d.objsubid = 0 then 'table ' || c.relname
                     else 'column ' || c.relname || '.' || a.attname end
                || ': ' || replace(d.description, E'\\n', '\\n')
         from pg_description d join pg_class c on c.oid = d.objoid and d.classoid = 'pg_class'::regclass
         left join pg_attribute a on a.attrelid = c.oid and a.attnum = d.objsubid
         where c.relnamespace = 'public'::regnamespace",
    );
    assert_eq!(actual, expected, "comments");
}

/// The type as `format_type` prints it.
fn catalog_type(ty: &schemaforge_schema::ir::ColumnType) -> String {
    use schemaforge_schema::ir::{ColumnType, ScalarType};
    match ty {
        ColumnType::Array(inner) => format!("{}[]", catalog_type(inner)),
        ColumnType::Enum(name) => quote_ident(name).into_owned(),
        ColumnType::Scalar(s) => match s {
            ScalarType::Varchar(None) => "character varying".into(),
            ScalarType::Varchar(Some(n)) => format!("character varying({n})"),
            ScalarType::Char(None) => "character(1)".into(),
            ScalarType::Char(Some(n)) => format!("character({n})"),
            ScalarType::Time => "time without time zone".into(),
            ScalarType::Timestamp => "timestamp without time zone".into(),
            ScalarType::Timestamptz => "timestamp with time zone".into(),
            ScalarType::Numeric(Some((p, s))) => format!("numeric({p},{})", s.unwrap_or(0)),
            other => other.to_string(),
        },
    }
}

#[test]
fn example_ddl_applies_and_matches_the_catalog() {
    let schema = load("examples/saas/schema");
    let db = apply(&schema);
    assert_eq!(
        rows(&db, "select count(*) from pg_type where typtype = 'e'"),
        BTreeSet::from(["7".to_string()])
    );
    assert_eq!(
        rows(
            &db,
            "select count(*) from pg_tables where schemaname = 'public'"
        ),
        BTreeSet::from(["20".to_string()])
    );
    assert_catalog_matches(&db, &schema);
}

#[test]
fn every_language_feature_applies_and_matches_the_catalog() {
    let schema = load("tests/fixtures/good/features");
    let db = apply(&schema);
    assert_catalog_matches(&db, &schema);
}

/// Tenant keys: composite foreign keys and the keys they reference, as the IR has them.
#[test]
fn tenant_keys_apply_and_match_the_catalog() {
    let schema = load("tests/fixtures/good/tenant_keys");
    let db = apply(&schema);
    assert_catalog_matches(&db, &schema);
}

/// The fixture whose generated Rust `tests/all-types` round-trips through Postgres.
#[test]
fn every_rust_type_fixture_applies_and_matches_the_catalog() {
    let schema = load("tests/fixtures/good/all_types");
    let db = apply(&schema);
    assert_catalog_matches(&db, &schema);
}

#[test]
fn example_constraints_hold_in_postgres() {
    let schema = load("examples/saas/schema");
    let db = apply(&schema);
    let ok = |sql: &str| db.psql(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    ok("insert into users (id, name, email) values ('u1', 'Ada', 'ada@example.com')");
    ok(
        "insert into organizations (id, name, slug) values ('00000000-0000-0000-0000-000000000001', 'Acme', 'acme')",
    );
    ok(
        "insert into organization_members (organization_id, user_id) values ('00000000-0000-0000-0000-000000000001', 'u1')",
    );
    // The enum default is applied by Postgres.
    assert_eq!(ok("select role from organization_members"), "member");
    // Unique (organization_id, user_id).
    let dup = db.psql("insert into organization_members (organization_id, user_id) values ('00000000-0000-0000-0000-000000000001', 'u1')");
    assert!(dup.is_err_and(|e| e.contains("organization_members_organization_id_user_id_key")));
    // ON DELETE CASCADE from the tenant root.
    ok("delete from organizations");
    assert_eq!(ok("select count(*) from organization_members"), "0");
}
