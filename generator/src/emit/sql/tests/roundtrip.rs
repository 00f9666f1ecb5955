//! The emitted script parses with sqlparser's Postgres dialect, prints back and parses to
//! the same AST, and its statements say what the IR says.

use sqlparser::ast::{CommentObject, Statement};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;

use super::{kitchen_sink, sql_of};
use crate::emit::sql::order;

fn parse(sql: &str) -> Vec<Statement> {
    Parser::parse_sql(&PostgreSqlDialect {}, sql)
        .unwrap_or_else(|e| panic!("sqlparser rejects the script: {e}\n{sql}"))
}

#[test]
fn every_statement_parses_prints_and_parses_back_the_same() {
    let sql = sql_of(&kitchen_sink());
    let statements = parse(&sql);
    for statement in &statements {
        // sqlparser 0.64 prints a comment's text between quotes without doubling the
        // quotes inside (`Statement::Comment`'s Display), so such a comment cannot come back.
        if let Statement::Comment {
            comment: Some(text),
            ..
        } = statement
            && text.contains('\'')
        {
            continue;
        }
        let printed = statement.to_string();
        let again = parse(&printed);
        assert_eq!(again.len(), 1, "{printed}");
        assert_eq!(&again[0], statement, "printed back as:\n{printed}");
    }
}

#[test]
fn the_parsed_script_says_what_the_ir_says() {
    let schema = kitchen_sink();
    let statements = parse(&sql_of(&schema));

    let types: Vec<(String, usize)> =
        statements
            .iter()
            .filter_map(|s| match s {
                Statement::CreateType {
                    name,
                    representation:
                        Some(sqlparser::ast::UserDefinedTypeRepresentation::Enum { labels }),
                } => Some((ident_of(name), labels.len())),
                _ => None,
            })
            .collect();
    let expected_types: Vec<(String, usize)> = schema
        .enums
        .iter()
        .map(|e| (e.name.clone(), e.values.len()))
        .collect();
    assert_eq!(types, expected_types);

    // Tables in creation order, each with its columns and inline constraints.
    let plan = order::plan(&schema);
    let tables: Vec<(String, Vec<String>, usize)> = statements
        .iter()
        .filter_map(|s| match s {
            Statement::CreateTable(t) => Some((
                ident_of(&t.name),
                t.columns.iter().map(|c| c.name.value.clone()).collect(),
                t.constraints.len(),
            )),
            _ => None,
        })
        .collect();
    let expected_tables: Vec<(String, Vec<String>, usize)> = plan
        .tables
        .iter()
        .map(|p| {
            let t = p.table;
            (
                t.name.clone(),
                t.columns.iter().map(|c| c.name.clone()).collect(),
                usize::from(t.primary_key.is_some())
                    + t.uniques.len()
                    + p.inline_fks.len()
                    + t.checks.len(),
            )
        })
        .collect();
    assert_eq!(tables, expected_tables);

    let indexes: Vec<(String, String, bool, usize, bool)> = statements
        .iter()
        .filter_map(|s| match s {
            Statement::CreateIndex(i) => Some((
                i.name.as_ref().map(ident_of).unwrap_or_default(),
                ident_of(&i.table_name),
                i.unique,
                i.columns.len(),
                i.predicate.is_some(),
            )),
            _ => None,
        })
        .collect();
    let expected_indexes: Vec<(String, String, bool, usize, bool)> = plan
        .tables
        .iter()
        .flat_map(|p| {
            p.table.indexes.iter().map(|i| {
                (
                    i.name.clone(),
                    p.table.name.clone(),
                    i.unique,
                    i.elements.len(),
                    i.predicate.is_some(),
                )
            })
        })
        .collect();
    assert_eq!(indexes, expected_indexes);

    let alters: Vec<String> = statements
        .iter()
        .filter_map(|s| match s {
            Statement::AlterTable(a) => Some(ident_of(&a.name)),
            _ => None,
        })
        .collect();
    let deferred: Vec<String> = plan.deferred.iter().map(|(t, _)| t.name.clone()).collect();
    assert_eq!(alters, deferred);
    assert_eq!(alters, ["teams"]);

    let comments: Vec<(CommentObject, String, String)> = statements
        .iter()
        .filter_map(|s| match s {
            Statement::Comment {
                object_type,
                object_name,
                comment: Some(text),
                ..
            } => Some((*object_type, ident_of(object_name), text.clone())),
            _ => None,
        })
        .collect();
    let mut expected_comments = Vec::new();
    for e in &schema.enums {
        if let Some(doc) = &e.doc {
            expected_comments.push((CommentObject::Type, e.name.clone(), doc.clone()));
        }
    }
    for p in &plan.tables {
        let t = p.table;
        if let Some(doc) = &t.doc {
            expected_comments.push((CommentObject::Table, t.name.clone(), doc.clone()));
        }
        for c in &t.columns {
            if let Some(doc) = &c.doc {
                let name = format!("{}.{}", t.name, c.name);
                expected_comments.push((CommentObject::Column, name, doc.clone()));
            }
        }
    }
    assert_eq!(comments, expected_comments);

    // Nothing else: header aside, every statement is one of the kinds counted above.
    assert_eq!(
        statements.len(),
        types.len() + tables.len() + indexes.len() + alters.len() + comments.len()
    );
}

/// The unquoted, dot-joined name, to compare with IR names.
fn ident_of(name: &sqlparser::ast::ObjectName) -> String {
    name.0
        .iter()
        .map(|part| match part.as_ident() {
            Some(ident) => ident.value.clone(),
            None => part.to_string(),
        })
        .collect::<Vec<_>>()
        .join(".")
}
