//! The SaaS example schema through every output: snapshots reviewed like code,
//! determinism, and the DDL read back by sqlparser.

use std::path::Path;

use schemaforge_generator::emit::rust::RustOptions;
use schemaforge_generator::emit::sql::{SqlOptions, emit};
use schemaforge_generator::output::{self, ir_json};
use schemaforge_schema::ir::{Schema, Tenancy};
use sqlparser::ast::Statement;
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;

const EXAMPLE: &str = "examples/saas/schema";

fn example() -> Schema {
    match schemaforge_schema::load(Path::new(EXAMPLE)) {
        Ok(loaded) => loaded.schema,
        Err(e) => panic!("the example schema must compile:\n{}", e.render()),
    }
}

#[test]
fn example_has_the_reference_shape() {
    let schema = example();
    let enums: Vec<&str> = schema.enums.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        enums,
        [
            "org_role",
            "subscription_status",
            "notification_severity",
            "platform_banner_placement",
            "platform_banner_variant",
            "task_status",
            "task_priority"
        ]
    );
    assert_eq!(schema.tables.len(), 20);
    assert_eq!(
        schema.tenant_root().map(|t| t.name.as_str()),
        Some("organizations")
    );
    // `tenant via task_id`: the tenant column is stored, and the key to the task carries it.
    let assignees = schema.table("task_assignees").expect("task_assignees");
    assert_eq!(
        assignees.tenancy,
        Tenancy::Column {
            column: "organization_id".into()
        }
    );
    let key = assignees
        .single_column_fk("task_id")
        .expect("the key to tasks");
    assert_eq!(key.columns, ["organization_id", "task_id"]);
    assert_eq!(key.references_columns, ["organization_id", "id"]);
    // Better Auth tables keep string ids.
    for t in ["users", "sessions", "accounts", "verifications"] {
        let table = schema.table(t).expect(t);
        let id = table.column("id").expect("id column");
        assert_eq!(id.ty.to_string(), "text", "{t}.id");
    }
}

#[test]
fn example_ir_snapshot() {
    insta::assert_snapshot!("saas_schema.json", ir_json(&example()));
}

/// The Rust a build script (or `schemaforge generate`) writes for the example, with the default
/// options. Review it like code: names, docs, derives, the insert and patch shapes, redaction.
#[test]
fn example_rust_snapshot() {
    let rust = schemaforge_generator::emit::rust::file(&example(), &RustOptions::default());
    insta::assert_snapshot!("saas_schema.rs", rust);
}

#[test]
fn generating_twice_gives_identical_bytes() {
    let first = output::generate(&example(), &output::Options::default());
    let second = output::generate(&example(), &output::Options::default());
    assert_eq!(first, second);
    // The IR snapshot reads back to the same schema (spans aside).
    let json = ir_json(&example());
    let back: Schema = serde_json::from_str(&json).expect("IR JSON deserializes");
    assert_eq!(ir_json(&back), json);
}

#[test]
fn formatting_the_example_changes_nothing_and_keeps_the_ir() {
    let sources = schemaforge_schema::Sources::read(Path::new(EXAMPLE)).expect("read");
    let files = schemaforge_schema::parse(&sources).expect("parse");
    let mut formatted = schemaforge_schema::Sources::new();
    for ((_, source), file) in sources.files().zip(&files) {
        let text = schemaforge_schema::format::format_file(file);
        assert_eq!(
            text, source.text,
            "{} is not in canonical layout",
            source.name
        );
        formatted.add(source.name.clone(), text);
    }
    let again = schemaforge_schema::compile(&formatted).expect("formatted schema compiles");
    assert_eq!(ir_json(&again), ir_json(&example()));
}

fn parse_sql(sql: &str) -> Vec<Statement> {
    Parser::parse_sql(&PostgreSqlDialect {}, sql)
        .unwrap_or_else(|e| panic!("sqlparser rejects our DDL: {e}"))
}

#[test]
fn example_ddl_reparses_to_the_same_ast() {
    let schema = example();
    let sql = emit(&schema, &SqlOptions::default());
    let statements = parse_sql(&sql);
    // Printing the AST and parsing it again gives the same AST. sqlparser 0.64 prints a
    // COMMENT's string without doubling its quotes, so comments are left out of this part.
    let not_comment = |s: &&Statement| !matches!(s, Statement::Comment { .. });
    let printed: Vec<String> = statements
        .iter()
        .filter(not_comment)
        .map(|s| format!("{s};"))
        .collect();
    let reparsed = parse_sql(&printed.join("\n"));
    assert_eq!(
        statements
            .iter()
            .filter(not_comment)
            .cloned()
            .collect::<Vec<_>>(),
        reparsed
    );

    // And the AST says what the IR says: every table with its columns, nullability and
    // constraints, every enum, every index.
    let mut tables = 0;
    let mut indexes = 0;
    let mut enums = 0;
    for statement in &statements {
        match statement {
            Statement::CreateTable(create) => {
                tables += 1;
                let name = create.name.to_string();
                let table = schema
                    .table(&name)
                    .unwrap_or_else(|| panic!("unknown table {name}"));
                let columns: Vec<String> = create
                    .columns
                    .iter()
                    .map(|c| c.name.value.clone())
                    .collect();
                let expected: Vec<String> = table.columns.iter().map(|c| c.name.clone()).collect();
                assert_eq!(columns, expected, "columns of {name}");
                for (ast_col, col) in create.columns.iter().zip(&table.columns) {
                    let not_null = ast_col
                        .options
                        .iter()
                        .any(|o| matches!(o.option, sqlparser::ast::ColumnOption::NotNull));
                    assert_eq!(
                        not_null, !col.nullable,
                        "nullability of {name}.{}",
                        col.name
                    );
                }
                let constraint_names: Vec<String> = create
                    .constraints
                    .iter()
                    .filter_map(constraint_name)
                    .collect();
                for expected in table
                    .primary_key
                    .iter()
                    .map(|p| &p.name)
                    .chain(table.uniques.iter().map(|u| &u.name))
                    .chain(table.checks.iter().map(|c| &c.name))
                {
                    assert!(
                        constraint_names.contains(expected),
                        "{name} lacks {expected}"
                    );
                }
            }
            Statement::CreateIndex(_) => indexes += 1,
            Statement::CreateType { .. } => enums += 1,
            _ => {}
        }
    }
    assert_eq!(tables, schema.tables.len());
    assert_eq!(enums, schema.enums.len());
    assert_eq!(
        indexes,
        schema.tables.iter().map(|t| t.indexes.len()).sum::<usize>()
    );
}

fn constraint_name(c: &sqlparser::ast::TableConstraint) -> Option<String> {
    // Every constraint we emit is named: `CONSTRAINT <name> …`.
    let text = c.to_string();
    let rest = text.strip_prefix("CONSTRAINT ")?;
    rest.split_whitespace()
        .next()
        .map(|n| n.trim_matches('"').to_string())
}
