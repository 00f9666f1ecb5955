//! Checks over the whole resolved schema: tenancy, primary keys, name clashes, lengths,
//! and SQL expressions. Each check says in one line why it exists.

use std::collections::HashMap;

use crate::catalog;
use crate::diagnostic::Diagnostics;
use crate::ir::*;
use crate::keyword::MAX_IDENTIFIER_BYTES;
use crate::resolve::Syntax;
use crate::span::Span;
use crate::sqlexpr;

pub fn check(schema: &mut Schema, syntax: &Syntax, diags: &mut Diagnostics) {
    tenancy(schema, syntax, diags);
    primary_keys(schema, syntax, diags);
    name_clashes(schema, diags);
    identifier_lengths(schema, syntax, diags);
    for (what, text, span) in &syntax.sql {
        if let Err(d) = sqlexpr::check_expr(what, text, *span) {
            diags.push(d);
        }
    }
    for (path, span) in &syntax.rust_types {
        if !is_rust_type_path(path) {
            diags.push(catalog::invalid_rust_type(path, *span));
        }
    }
}

/// Every scoped table must reach the tenant root, or a helper could not filter by tenant.
fn tenancy(schema: &mut Schema, syntax: &Syntax, diags: &mut Diagnostics) {
    let mut root: Option<(usize, Span)> = None;
    for (i, t) in schema.tables.iter().enumerate() {
        if t.tenancy == Tenancy::Root {
            let span = syntax.tenancy[i].map_or(t.span, |(s, _)| s);
            match root {
                Some((_, first)) => diags.push(catalog::second_tenant_root(span, first)),
                None => root = Some((i, span)),
            }
        }
    }
    // Fill in the parent of every `tenant via`.
    for i in 0..schema.tables.len() {
        let Tenancy::Via { column, .. } = &schema.tables[i].tenancy else {
            continue;
        };
        let column_span = syntax.tenancy[i].map_or(schema.tables[i].span, |(_, c)| c);
        match schema.tables[i].single_column_fk(column) {
            Some(fk) => {
                let (parent, parent_column) = (
                    fk.references_table.clone(),
                    fk.references_columns[0].clone(),
                );
                if let Tenancy::Via {
                    parent: p,
                    parent_column: pc,
                    ..
                } = &mut schema.tables[i].tenancy
                {
                    *p = parent;
                    *pc = parent_column;
                }
            }
            None => {
                diags.push(catalog::tenant_via_not_fk(column, column_span));
                schema.tables[i].tenancy = Tenancy::None;
            }
        }
    }
    let root_table = root.map(|(i, _)| schema.tables[i].name.clone());
    for (i, t) in schema.tables.iter().enumerate() {
        let Some((directive_span, column_span)) = syntax.tenancy[i] else {
            continue;
        };
        match &t.tenancy {
            Tenancy::Column { column } => {
                let Some(root) = &root_table else {
                    diags.push(catalog::no_tenant_root(directive_span));
                    continue;
                };
                let references_root = t.single_column_fk(column).is_some_and(|fk| {
                    fk.references_table == *root
                        && schema
                            .table(root)
                            .and_then(|r| r.primary_key.as_ref())
                            .is_some_and(|pk| pk.columns == fk.references_columns)
                });
                if !references_root {
                    diags.push(catalog::tenant_column_not_root(column, root, column_span));
                }
            }
            Tenancy::Via { .. } => {
                let mut chain = vec![t.name.clone()];
                let mut current = t;
                while let Tenancy::Via { parent, .. } = &current.tenancy {
                    if chain.contains(parent) {
                        chain.push(parent.clone());
                        diags.push(catalog::tenant_via_loop(
                            &t.name,
                            &chain.join(" → "),
                            column_span,
                        ));
                        break;
                    }
                    chain.push(parent.clone());
                    let Some(parent_table) = schema.table(parent) else {
                        break;
                    };
                    match &parent_table.tenancy {
                        Tenancy::Via { .. } => current = parent_table,
                        Tenancy::Column { .. } => break,
                        Tenancy::Root | Tenancy::None => {
                            if parent_table.tenancy == Tenancy::Root {
                                // Scoping through the root itself is scoping by a column.
                                diags.push(
                                    catalog::tenant_via_unscoped(&current.name, parent, column_span, parent_table.span)
                                        .with_hint(format!(
                                            "`{parent}` is the tenant root: write `tenant <column>` instead of `tenant via`"
                                        )),
                                );
                            } else {
                                diags.push(catalog::tenant_via_unscoped(
                                    &current.name,
                                    parent,
                                    column_span,
                                    parent_table.span,
                                ));
                            }
                            break;
                        }
                    }
                }
            }
            Tenancy::Root | Tenancy::None => {}
        }
    }
}

/// Rows without a key cannot be addressed by the helpers, updated or diffed safely.
fn primary_keys(schema: &Schema, syntax: &Syntax, diags: &mut Diagnostics) {
    for (i, t) in schema.tables.iter().enumerate() {
        if t.primary_key.is_none() && syntax.no_primary_key[i].is_none() {
            diags.push(catalog::no_primary_key(&t.name, t.span));
        }
    }
}

/// Postgres keeps indexes (and the indexes behind primary keys and unique constraints) in
/// the same namespace as tables, and constraint names per table.
fn name_clashes(schema: &Schema, diags: &mut Diagnostics) {
    let mut relations: HashMap<&str, Span> = HashMap::new();
    for t in &schema.tables {
        relations.insert(&t.name, t.span);
    }
    let scope_relations =
        "tables, indexes, primary keys and unique constraints share one namespace in Postgres";
    let scope_constraints = "constraint names are unique within a table";
    for t in &schema.tables {
        let mut constraints: HashMap<&str, Span> = HashMap::new();
        let pk = t
            .primary_key
            .iter()
            .map(|p| (p.name.as_str(), p.span, "constraint", true));
        let uniques = t
            .uniques
            .iter()
            .map(|u| (u.name.as_str(), u.span, "constraint", true));
        let fks = t
            .foreign_keys
            .iter()
            .map(|f| (f.name.as_str(), f.span, "constraint", false));
        let checks = t
            .checks
            .iter()
            .map(|c| (c.name.as_str(), c.span, "constraint", false));
        let indexes = t
            .indexes
            .iter()
            .map(|x| (x.name.as_str(), x.span, "index", true));
        for (name, span, kind, is_relation) in
            pk.chain(uniques).chain(fks).chain(checks).chain(indexes)
        {
            if kind == "constraint" {
                if let Some(&first) = constraints.get(name) {
                    diags.push(catalog::duplicate_name(
                        kind,
                        name,
                        span,
                        first,
                        scope_constraints,
                    ));
                    continue;
                }
                constraints.insert(name, span);
            }
            if is_relation {
                if let Some(&first) = relations.get(name) {
                    diags.push(catalog::duplicate_name(
                        kind,
                        name,
                        span,
                        first,
                        scope_relations,
                    ));
                    continue;
                }
                relations.insert(name, span);
            }
        }
    }
}

/// Postgres truncates longer names silently, so two long names could collide unseen.
fn identifier_lengths(schema: &Schema, syntax: &Syntax, diags: &mut Diagnostics) {
    let too_long = |name: &str| name.len() > MAX_IDENTIFIER_BYTES;
    for e in &schema.enums {
        if too_long(&e.name) {
            diags.push(catalog::identifier_too_long(&e.name, e.span));
        }
        for v in &e.values {
            if too_long(&v.name) {
                diags.push(catalog::bad_enum_value(
                    &v.name,
                    v.span,
                    "longer than 63 bytes",
                ));
            }
        }
    }
    for t in &schema.tables {
        if too_long(&t.name) {
            diags.push(catalog::identifier_too_long(&t.name, t.span));
        }
        for c in &t.columns {
            if too_long(&c.name) {
                diags.push(catalog::identifier_too_long(&c.name, c.span));
            }
        }
        let named = |kind: &'static str, name: &str, span: Span| (kind, name.to_string(), span);
        let all = t
            .primary_key
            .iter()
            .map(|p| named("primary key", &p.name, p.span))
            .chain(
                t.uniques
                    .iter()
                    .map(|u| named("unique constraint", &u.name, u.span)),
            )
            .chain(
                t.foreign_keys
                    .iter()
                    .map(|f| named("foreign key", &f.name, f.span)),
            )
            .chain(
                t.checks
                    .iter()
                    .map(|c| named("check constraint", &c.name, c.span)),
            )
            .chain(t.indexes.iter().map(|x| named("index", &x.name, x.span)));
        for (kind, name, span) in all {
            if too_long(&name) {
                if syntax.named.contains(&span) {
                    diags.push(catalog::identifier_too_long(&name, span));
                } else {
                    diags.push(catalog::generated_name_too_long(kind, &name, span));
                }
            }
        }
    }
}

/// A conservative check that `rust_type(…)` holds a type path, before the Rust emitter
/// pastes it into code.
fn is_rust_type_path(path: &str) -> bool {
    let mut depth = 0i32;
    let mut last_alnum = false;
    for c in path.chars() {
        match c {
            '<' => depth += 1,
            '>' => depth -= 1,
            c if c.is_alphanumeric() || c == '_' => {}
            ':' | ',' | ' ' => {}
            _ => return false,
        }
        if depth < 0 {
            return false;
        }
        last_alnum = c.is_alphanumeric() || c == '_' || c == '>';
    }
    depth == 0
        && last_alnum
        && path
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_' || c == ':')
        && !path.contains(":::")
}

#[cfg(test)]
mod tests {
    use super::is_rust_type_path;

    #[test]
    fn rust_type_paths() {
        assert!(is_rust_type_path("crate::billing::Plan"));
        assert!(is_rust_type_path("Vec<crate::Step>"));
        assert!(is_rust_type_path("std::collections::BTreeMap<String, i32>"));
        assert!(!is_rust_type_path("crate::Plan;"));
        assert!(!is_rust_type_path("Vec<"));
        assert!(!is_rust_type_path("crate::"));
    }
}
