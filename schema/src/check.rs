//! Checks over the whole resolved schema: tenancy, primary keys, name clashes, lengths,
//! and SQL expressions. Each check says in one line why it exists.

use std::collections::{HashMap, HashSet};

use crate::catalog;
use crate::diagnostic::Diagnostics;
use crate::ir::*;
use crate::keyword::MAX_IDENTIFIER_BYTES;
use crate::resolve::Syntax;
use crate::span::Span;
use crate::sqlexpr;

pub fn check(schema: &mut Schema, syntax: &Syntax, diags: &mut Diagnostics) {
    tenancy(schema, syntax, diags);
    store_via_tenants(schema, syntax, diags);
    primary_keys(schema, syntax, diags);
    crate::tenant_keys::apply(schema, diags);
    scoped_uniques(schema, diags);
    unscoped_references(schema, syntax, diags);
    name_clashes(schema, diags);
    partitioned_tables(schema, diags);
    identifier_lengths(schema, syntax, diags);
    operator_classes(schema, syntax, diags);
    crate::extensions::check(schema, diags);
    // By name, once: a schema has thousands of expressions.
    let tables: std::collections::HashMap<&str, &crate::ir::Table> =
        schema.tables.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut suggestions = crate::exprs::Suggestions::new();
    // The schema's functions that its tables' own DDL calls: they are created first.
    let mut before_tables = HashSet::new();
    for site in &syntax.sql {
        match sqlexpr::check_expr(site.what, &site.text, site.span) {
            Err(d) => diags.push(d),
            // A column whose type is unknown is already reported, and stands in as `text`.
            Ok(_)
                if site.column.as_ref().is_some_and(|c| {
                    syntax
                        .unknown_types
                        .contains(&(site.table.clone(), c.clone()))
                }) => {}
            Ok(expr) => {
                if let Some(table) = tables.get(site.table.as_str()) {
                    let unknown = &syntax.unknown_types;
                    let mut calls = HashSet::new();
                    for d in crate::exprs::check(
                        schema,
                        table,
                        site,
                        &expr,
                        &mut suggestions,
                        unknown,
                        &mut calls,
                    ) {
                        diags.push(d);
                    }
                    if matches!(
                        site.what,
                        "default" | "check" | "generated" | "index" | "where"
                    ) {
                        before_tables.extend(calls);
                    }
                }
            }
        }
    }
    // A function created before the tables is created with the functions its body calls
    // before it, so those are created before the tables too.
    let mut pending: Vec<String> = before_tables.iter().cloned().collect();
    while let Some(name) = pending.pop() {
        let Some(f) = schema.functions.iter().find(|f| f.name == name) else {
            continue;
        };
        for g in schema.functions_called_by(f) {
            if before_tables.insert(g.name.clone()) {
                pending.push(g.name.clone());
            }
        }
    }
    for function in &mut schema.functions {
        function.before_tables = before_tables.contains(&function.name);
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
    let broken_fk = |table: &str, column: &str| {
        syntax
            .broken_fks
            .contains(&(table.to_string(), column.to_string()))
    };
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
                if !broken_fk(&schema.tables[i].name, column) {
                    diags.push(catalog::tenant_via_not_fk(column, column_span));
                }
                schema.tables[i].tenancy = Tenancy::None;
            }
        }
    }
    let schema = &*schema;
    let root_table = root.map(|(i, _)| &schema.tables[i]);
    let positions: std::collections::HashMap<&str, usize> = schema
        .tables
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let index_of = |name: &str| positions.get(name).copied();
    let via_span = |i: usize| syntax.tenancy[i].map_or(schema.tables[i].span, |(_, c)| c);
    let mut reported_no_root = false;
    for (i, t) in schema.tables.iter().enumerate() {
        let Some((directive_span, column_span)) = syntax.tenancy[i] else {
            continue;
        };
        // The scope writes this column on every insert and filters on it on every read:
        // it must be an ordinary NOT NULL column.
        if let Tenancy::Column { column } | Tenancy::Via { column, .. } = &t.tenancy
            && let Some(why) = tenant_column_problem(t, column)
        {
            diags.push(catalog::bad_tenant_column(
                column,
                matches!(t.tenancy, Tenancy::Via { .. }),
                column_span,
                why,
            ));
        }
        match &t.tenancy {
            Tenancy::Column { column } => {
                let Some(root) = root_table else {
                    // One missing root, one error, however many tables are scoped.
                    if !reported_no_root {
                        diags.push(catalog::no_tenant_root(directive_span));
                        reported_no_root = true;
                    }
                    continue;
                };
                if broken_fk(&t.name, column) {
                    continue;
                }
                let root_key = root.primary_key.as_ref().map(|pk| &pk.columns);
                let references_root = t.single_column_fk(column).is_some_and(|fk| {
                    fk.references_table == root.name && root_key == Some(&fk.references_columns)
                });
                if references_root
                    && let Some(key) = root_key.and_then(|k| k.first())
                    && let (Some(local), Some(target)) = (t.column(column), root.column(key))
                    && !same_key_type(&local.ty, &target.ty)
                {
                    let type_span = |table: &str, column: &str, fallback: Span| {
                        syntax
                            .type_spans
                            .get(&(table.to_string(), column.to_string()))
                            .copied()
                            .unwrap_or(fallback)
                    };
                    diags.push(catalog::tenant_column_type(
                        column,
                        &local.ty.to_string(),
                        &format!("{}.{key}", root.name),
                        &target.ty.to_string(),
                        type_span(&t.name, column, local.span),
                        type_span(&root.name, key, target.span),
                    ));
                }
                if !references_root {
                    let single_key = match root_key.map(Vec::as_slice) {
                        Some([one]) => Some(one.as_str()),
                        _ => None,
                    };
                    diags.push(catalog::tenant_column_not_root(
                        column,
                        &root.name,
                        single_key,
                        column_span,
                    ));
                }
            }
            Tenancy::Via { column, parent, .. } => {
                let Some(parent_index) = index_of(parent) else {
                    continue;
                };
                let parent_table = &schema.tables[parent_index];
                match &parent_table.tenancy {
                    Tenancy::Root => diags.push(catalog::tenant_via_root(
                        &t.name,
                        column,
                        parent,
                        column_span,
                        parent_table.span,
                    )),
                    // A parent whose own tenancy directive failed is already reported.
                    Tenancy::None if syntax.tenancy[parent_index].is_none() => {
                        diags.push(catalog::tenant_via_unscoped(
                            &t.name,
                            parent,
                            column_span,
                            parent_table.span,
                        ));
                    }
                    Tenancy::Via { .. } => {
                        // Each table reports its own link; here only loops are left to
                        // find, reported once, at the loop's first table in the files.
                        let mut chain = vec![i];
                        let mut current = parent_index;
                        while !chain.contains(&current) {
                            chain.push(current);
                            let Tenancy::Via { parent, .. } = &schema.tables[current].tenancy
                            else {
                                break;
                            };
                            match index_of(parent) {
                                Some(next) => current = next,
                                None => break,
                            }
                        }
                        let first_in_loop = chain.iter().all(|&j| via_span(i) <= via_span(j));
                        if current == i && first_in_loop {
                            let names: Vec<&str> = chain
                                .iter()
                                .chain([&i])
                                .map(|&j| schema.tables[j].name.as_str())
                                .collect();
                            let others = chain[1..]
                                .iter()
                                .map(|&j| (schema.tables[j].name.as_str(), via_span(j)))
                                .collect();
                            diags.push(catalog::tenant_via_loop(
                                &t.name,
                                &names.join(" → "),
                                column_span,
                                others,
                            ));
                        }
                    }
                    Tenancy::Column { .. } | Tenancy::None => {}
                }
            }
            Tenancy::Root | Tenancy::None => {}
        }
    }
}

/// A `tenant via` table stores its tenant column like any scoped table, so that its key to
/// the parent carries the tenant and Postgres itself refuses a parent of another tenant (and
/// every other key of the table is tenant-checked too). The column is the parent's tenant
/// column, added where the table does not write it; the table is then scoped by it.
/// Parents are converted before their children, so a chain of `tenant via` links stores the
/// tenant at every step.
fn store_via_tenants(schema: &mut Schema, syntax: &Syntax, diags: &mut Diagnostics) {
    let Some(root) = schema.tenant_root() else {
        return;
    };
    let root_name = root.name.clone();
    let root_key = match root.primary_key.as_ref().map(|pk| pk.columns.as_slice()) {
        Some([key]) => key.clone(),
        _ => return,
    };
    let position = schema.positions();
    let mut done = vec![false; schema.tables.len()];
    for start in 0..schema.tables.len() {
        if done[start] {
            continue;
        }
        // The chain of `tenant via` links from this table up to a table with a tenant
        // column (one converted already included); a loop, a broken link (both reported) or
        // a chain that failed before converts nothing.
        let mut chain = Vec::new();
        let mut current = start;
        let tenant = loop {
            if chain.contains(&current)
                || (done[current]
                    && current != start
                    && matches!(schema.tables[current].tenancy, Tenancy::Via { .. }))
            {
                break None;
            }
            match &schema.tables[current].tenancy {
                Tenancy::Via { parent, .. } => {
                    chain.push(current);
                    match position.get(parent) {
                        Some(&next) => current = next,
                        None => break None,
                    }
                }
                Tenancy::Column { column } => break Some(column.clone()),
                _ => break None,
            }
        };
        let Some(tenant) = tenant else {
            chain.iter().for_each(|&i| done[i] = true);
            continue;
        };
        let mut ty = schema.tables[current].column(&tenant).map(|c| c.ty.clone());
        for &i in chain.iter().rev() {
            done[i] = true;
            let Some(column_type) = ty.clone() else {
                break;
            };
            let span = syntax.tenancy[i].map_or(schema.tables[i].span, |(_, c)| c);
            let table = &mut schema.tables[i];
            let Tenancy::Via {
                column: via,
                parent,
                ..
            } = table.tenancy.clone()
            else {
                break;
            };
            match table.column(&tenant) {
                // Written by the author: it must be able to hold the tenant.
                Some(own) => {
                    // A plain NOT NULL column of the tenant's type, written by nobody but the
                    // scope, whose only key (if any) is to the tenant root.
                    let key_elsewhere = table.single_column_fk(&tenant).is_some_and(|fk| {
                        fk.references_table != root_name
                            || fk.references_columns != [root_key.clone()]
                    });
                    if own.ty != column_type
                        || own.nullable
                        || own.generated.is_some()
                        || own.identity.is_some()
                        || own.default.is_some()
                        || own.on_update.is_some()
                        || key_elsewhere
                        || own.name == via
                    {
                        diags.push(catalog::via_tenant_column_clash(
                            &table.name,
                            &tenant,
                            &parent,
                            own.span,
                        ));
                        break;
                    }
                }
                None => {
                    let at = table
                        .columns
                        .iter()
                        .position(|c| c.name == via)
                        .unwrap_or(0);
                    table.columns.insert(
                        at,
                        Column {
                            doc: Some(format!(
                                "The tenant, always the `{parent}` row's: stored for the key to it, which carries the tenant. The scope fills it in."
                            )),
                            ..Column::new(tenant.clone(), column_type.clone(), span)
                        },
                    );
                }
            }
            if table.single_column_fk(&tenant).is_none() {
                // Beside the key it belongs with, as the column is beside its column.
                let at = table
                    .foreign_keys
                    .iter()
                    .position(|fk| fk.columns == [via.clone()])
                    .unwrap_or(table.foreign_keys.len());
                table.foreign_keys.insert(
                    at,
                    ForeignKey {
                        name: crate::resolve::constraint_name(
                            &table.name,
                            std::slice::from_ref(&tenant),
                            "fkey",
                        ),
                        columns: vec![tenant.clone()],
                        references_table: root_name.clone(),
                        references_columns: vec![root_key.clone()],
                        tenant: None,
                        on_delete: ReferentialAction::Cascade,
                        on_update: ReferentialAction::NoAction,
                        deferrable: None,
                        span,
                    },
                );
            }
            table.tenancy = Tenancy::Column {
                column: tenant.clone(),
            };
            ty = Some(column_type);
        }
    }
}

/// A unique key of a tenant-scoped table is checked by Postgres across every tenant: unless it
/// includes the tenant column (or the columns of a tenant key, which pin the tenant), a
/// violation tells one tenant that another holds the value, and lets it squat the value.
/// `unique global` says a column is meant to be unique across tenants.
fn scoped_uniques(schema: &Schema, diags: &mut Diagnostics) {
    for table in &schema.tables {
        let Tenancy::Column { column } = &table.tenancy else {
            continue;
        };
        for unique in &table.uniques {
            if unique.implied || unique.global || unique.columns.contains(column) {
                continue;
            }
            let pinned = table.foreign_keys.iter().any(|fk| {
                fk.tenant.is_some()
                    && fk
                        .written_columns()
                        .iter()
                        .all(|c| unique.columns.contains(c))
            });
            if !pinned {
                diags.push(catalog::unique_without_tenant(
                    &table.name,
                    &unique.columns,
                    column,
                    unique.span,
                ));
            }
        }
        // A unique index is the same oracle, partial or not; its plain columns must hold the
        // tenant (or a tenant key's columns) as a constraint's must.
        for index in table.indexes.iter().filter(|i| i.unique) {
            let plain: Vec<&String> = index
                .elements
                .iter()
                .filter_map(|e| match &e.target {
                    IndexTarget::Column(c) => Some(c),
                    IndexTarget::Expr(_) => None,
                })
                .collect();
            let pinned = plain.contains(&column)
                || table.foreign_keys.iter().any(|fk| {
                    fk.tenant.is_some() && fk.written_columns().iter().all(|c| plain.contains(&c))
                });
            if !pinned {
                diags.push(catalog::unique_index_without_tenant(
                    &table.name,
                    &index.name,
                    column,
                    index.span,
                ));
            }
        }
    }
}

/// A table of no tenant that references the tenant root or a tenant's table holds rows about
/// a tenant that no scope guards: every reader sees them, and no tenant key protects them.
/// That must be a decision (`unscoped`), not an omission.
fn unscoped_references(schema: &Schema, syntax: &Syntax, diags: &mut Diagnostics) {
    if schema.tenant_root().is_none() {
        return;
    }
    let tenancy: HashMap<&str, &Tenancy> = schema
        .tables
        .iter()
        .map(|t| (t.name.as_str(), &t.tenancy))
        .collect();
    for (i, table) in schema.tables.iter().enumerate() {
        // Shared by no directive: neither scoped, nor marked `unscoped`, nor a failed
        // tenancy directive (already reported).
        if table.tenancy != Tenancy::None
            || syntax.unscoped[i].is_some()
            || syntax.tenancy[i].is_some()
        {
            continue;
        }
        let tenant_data = table.foreign_keys.iter().find(|fk| {
            matches!(
                tenancy.get(fk.references_table.as_str()),
                Some(Tenancy::Root | Tenancy::Column { .. } | Tenancy::Via { .. })
            )
        });
        if let Some(fk) = tenant_data {
            let root = schema.tenant_root().map_or("", |r| r.name.as_str());
            diags.push(catalog::unscoped_reference(
                &table.name,
                &fk.written_columns().join(", "),
                &fk.references_table,
                fk.references_table == root,
                fk.span,
            ));
        }
    }
}

/// Why a tenant (or `tenant via`) column cannot carry the tenant, if it cannot.
/// Whether a tenant column of type `column` holds the root key's values as they are: one
/// type, up to a string's length.
fn same_key_type(column: &ColumnType, key: &ColumnType) -> bool {
    use ScalarType as S;
    let text =
        |t: &ColumnType| matches!(t, ColumnType::Scalar(S::Text | S::Varchar(_) | S::Char(_)));
    column == key || (text(column) && text(key))
}

fn tenant_column_problem(table: &Table, column: &str) -> Option<&'static str> {
    let c = table.column(column)?;
    if c.generated.is_some() {
        Some("is a generated column")
    } else if c.identity.is_some() {
        Some("is an identity column")
    } else if c.nullable {
        Some("is nullable")
    } else {
        None
    }
}

/// Rows without a key cannot be addressed by the helpers, updated or diffed safely.
fn primary_keys(schema: &Schema, syntax: &Syntax, diags: &mut Diagnostics) {
    for (i, t) in schema.tables.iter().enumerate() {
        // A written primary key that failed to resolve is already reported.
        if t.primary_key.is_none()
            && !syntax.primary_key_written[i]
            && syntax.no_primary_key[i].is_none()
        {
            diags.push(catalog::no_primary_key(&t.name, t.span));
        }
    }
}

/// What Postgres refuses of a partitioned table: a partition key of a generated column or
/// of a type without the method's operator class, storage parameters (a partitioned table
/// stores nothing itself), and keys without the partition key's columns (checked partition
/// by partition). Runs after the tenant keys have added the keys they need.
fn partitioned_tables(schema: &Schema, diags: &mut Diagnostics) {
    use crate::ir::{ColumnType, PartitionMethod, ScalarType};
    for t in &schema.tables {
        let Some(p) = &t.partitioning else { continue };
        for name in &p.columns {
            let Some(c) = t.column(name) else { continue };
            if c.generated.is_some() {
                diags.push(catalog::bad_partitioning(
                    format!("the partition key column `{name}` is a generated column"),
                    p.span,
                    "partitioned by it here",
                    "Postgres computes a generated column after it has chosen the row's partition: partition by the columns it is computed from",
                ));
            }
            if matches!(c.ty, ColumnType::Scalar(ScalarType::Json)) {
                let method = if p.method == PartitionMethod::Hash {
                    "hash"
                } else {
                    "btree"
                };
                diags.push(catalog::bad_partitioning(
                    format!("the partition key column `{name}` is `json`, which has no {method} operator class"),
                    p.span,
                    "partitioned by it here",
                    "make the column `jsonb`, or partition by another column",
                ));
            }
        }
        if p.method == PartitionMethod::List && p.columns.len() > 1 {
            diags.push(catalog::bad_partitioning(
                "a list partition key of more than one column".to_string(),
                p.span,
                "partitioned here",
                "partition by `list` of one column, or by `range` of several",
            ));
        }
        if !t.storage.is_empty() {
            diags.push(catalog::bad_partitioning(
                format!("storage parameters on the partitioned table `{}`", t.name),
                p.span,
                "partitioned here",
                "a partitioned table stores no rows itself, so Postgres takes no `with (…)` for it",
            ));
        }
        let keys = t
            .primary_key
            .iter()
            .map(|k| ("primary key", &k.columns, k.span))
            .chain(t.uniques.iter().map(|u| {
                let kind = if u.implied {
                    "unique key a tenant key to it needs"
                } else {
                    "unique key"
                };
                (kind, &u.columns, u.span)
            }));
        let mut lacking: Vec<(&str, String, Span)> = Vec::new();
        for (kind, columns, span) in keys {
            if let Some(missing) = p.columns.iter().find(|c| !columns.contains(c)) {
                lacking.push((kind, missing.clone(), span));
            }
        }
        for x in t.indexes.iter().filter(|x| x.unique) {
            let columns: Vec<String> = x
                .elements
                .iter()
                .filter_map(|e| match &e.target {
                    crate::ir::IndexTarget::Column(c) => Some(c.clone()),
                    crate::ir::IndexTarget::Expr(_) => None,
                })
                .collect();
            if let Some(missing) = p.columns.iter().find(|c| !columns.contains(c)) {
                lacking.push(("unique index", missing.clone(), x.span));
            }
        }
        for (kind, column, span) in lacking {
            diags.push(catalog::key_lacks_partition_column(
                kind, &t.name, &column, span, p.span,
            ));
        }
        for partition in &p.partitions {
            bound_values(partition, diags);
        }
    }
}

/// The words of a range partition's bound: after `minvalue` (`maxvalue`) every value is
/// `minvalue` (`maxvalue`) too, and NULL bounds no range, as Postgres says when it creates
/// the partition. The other values are typed as their key columns' expressions are
/// (`SqlSite` "partition").
fn bound_values(partition: &Partition, diags: &mut Diagnostics) {
    let PartitionBound::Range { from, to } = &partition.bound else {
        return;
    };
    for (list, span) in [from, to].into_iter().zip(&partition.bound_spans) {
        let mut unbounded: Option<&str> = None;
        for (offset, item) in crate::words::top_level_split(list) {
            let lead = item.len() - item.trim_start().len();
            let text = item.trim();
            let start = span.start as usize + offset + lead;
            let at = Span::new(span.file, start, start + text.len());
            let word = text.to_ascii_lowercase();
            let word = match word.as_str() {
                "minvalue" => Some("minvalue"),
                "maxvalue" => Some("maxvalue"),
                _ => None,
            };
            match (unbounded, word) {
                (Some(before), now) if now != Some(before) => {
                    diags.push(catalog::bad_partitioning(
                        format!("`{text}` after `{before}` in a range bound"),
                        at,
                        "this value",
                        &format!("every value after `{before}` in a bound is `{before}` too"),
                    ));
                }
                (None, Some(now)) => unbounded = Some(now),
                _ if text.eq_ignore_ascii_case("null") => {
                    diags.push(catalog::bad_partitioning(
                        "NULL in a range bound".to_string(),
                        at,
                        "not a value of the key",
                        "a range partition holds no NULL keys: bound the range with values, `minvalue` or `maxvalue`, and leave NULLs to a default partition",
                    ));
                }
                _ => {}
            }
        }
    }
}

/// Postgres keeps indexes (and the indexes behind primary keys and unique constraints) in
/// the same namespace as tables and views, and constraint names per table.
fn name_clashes(schema: &Schema, diags: &mut Diagnostics) {
    let mut relations: HashMap<&str, Span> = HashMap::new();
    for t in &schema.tables {
        relations.insert(&t.name, t.span);
    }
    // Each partition is a table of its own.
    for p in schema
        .tables
        .iter()
        .filter_map(|t| t.partitioning.as_ref())
        .flat_map(|p| &p.partitions)
    {
        if let Some(&first) = relations.get(p.name.as_str()) {
            diags.push(catalog::duplicate_name(
                "partition",
                &p.name,
                p.span,
                first,
                "a partition is a table, and tables, views and indexes share one namespace in Postgres",
            ));
            continue;
        }
        relations.insert(&p.name, p.span);
    }
    // A view named like a table is E0282 already.
    for v in &schema.views {
        relations.entry(&v.name).or_insert(v.span);
    }
    let scope_relations = "tables, views, indexes, primary keys and unique constraints share one \
                           namespace in Postgres";
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
    // Sequences too: the schema's own, and those Postgres makes for identity and serial
    // columns, named `<table>_<column>_seq`, which migrations rename by that rule.
    let owned: Vec<(String, Span)> = schema
        .owned_sequences()
        .map(|(_, c, name)| (name, c.span))
        .collect();
    let declared = schema.sequences.iter().map(|s| (s.name.clone(), s.span));
    // A sequence has a row type, named like it, beside the enums.
    for e in &schema.enums {
        relations.entry(&e.name).or_insert(e.span);
    }
    let mut sequences: HashMap<String, Span> = HashMap::new();
    for (name, span) in owned.into_iter().chain(declared) {
        let taken = relations
            .get(name.as_str())
            .or_else(|| sequences.get(&name))
            .copied();
        if let Some(first) = taken {
            diags.push(catalog::duplicate_name(
                "sequence",
                &name,
                span,
                first,
                "sequences share one namespace with tables, views and indexes in Postgres, \
                 and their row types share one with the enums; an identity or serial \
                 column's sequence is named `<table>_<column>_seq`",
            ));
            continue;
        }
        sequences.insert(name, span);
    }
}

/// Postgres truncates longer names silently, so two long names could collide unseen.
fn identifier_lengths(schema: &Schema, syntax: &Syntax, diags: &mut Diagnostics) {
    let too_long = |name: &str| name.len() > MAX_IDENTIFIER_BYTES;
    for q in &schema.sequences {
        if too_long(&q.name) {
            diags.push(catalog::identifier_too_long(&q.name, q.span));
        }
    }
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
        // A generated name made of a name already reported as too long says nothing new.
        let mut reported: Vec<&str> = Vec::new();
        if too_long(&t.name) {
            diags.push(catalog::identifier_too_long(&t.name, t.span));
            reported.push(&t.name);
        }
        for c in &t.columns {
            if too_long(&c.name) {
                diags.push(catalog::identifier_too_long(&c.name, c.span));
                reported.push(&c.name);
            }
            if crate::keyword::SYSTEM_COLUMNS.contains(&c.name.as_str()) {
                diags.push(catalog::system_column_name(&c.name, c.span));
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
                } else if !reported.iter().any(|r| name.contains(r)) {
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

/// Postgres indexes a column only with a default operator class of the index's method for
/// its type (`json` has none for btree, so neither a unique key; gin takes arrays and
/// `jsonb`): a column without one fails when the schema is applied.
fn operator_classes(schema: &Schema, syntax: &Syntax, diags: &mut Diagnostics) {
    for t in &schema.tables {
        let unknown = |c: &str| {
            syntax
                .unknown_types
                .contains(&(t.name.clone(), c.to_string()))
        };
        let mut keyed: Vec<(&str, &[String], Span)> = Vec::new();
        if let Some(pk) = &t.primary_key {
            keyed.push(("btree", &pk.columns, pk.span));
        }
        for u in &t.uniques {
            keyed.push(("btree", &u.columns, u.span));
        }
        let mut found = |method: &str, column: &str, span: Span| {
            if unknown(column) {
                return;
            }
            if let Some(c) = t.column(column)
                && !has_default_operator_class(method, &c.ty)
            {
                diags.push(catalog::no_operator_class(
                    method,
                    &c.ty.to_string(),
                    column,
                    span,
                ));
            }
        };
        for (method, columns, span) in keyed {
            for c in columns {
                found(method, c, span);
            }
        }
        for i in &t.indexes {
            let method = i.method.as_deref().unwrap_or("btree");
            for e in &i.elements {
                // A named operator class is Postgres's to check: it may come from an
                // extension.
                if let (IndexTarget::Column(c), None) = (&e.target, &e.opclass) {
                    found(method, c, i.span);
                }
            }
        }
    }
}

/// Whether the index method has a default operator class for the column type, in Postgres
/// 15 (checked against the server in `tests/postgres.rs`).
pub(crate) fn has_default_operator_class(method: &str, ty: &ColumnType) -> bool {
    use ScalarType as S;
    match ty {
        ColumnType::Scalar(s) => match method {
            "btree" => !matches!(s, S::Json | S::Xml),
            "hash" => !matches!(
                s,
                S::Json | S::Xml | S::Money | S::Bit(_) | S::Varbit(_) | S::Tsvector
            ),
            "gist" => matches!(s, S::Tsvector),
            "spgist" => matches!(s, S::Text | S::Varchar(_) | S::Inet | S::Cidr | S::Citext),
            "gin" => matches!(s, S::Jsonb | S::Tsvector),
            "brin" => !matches!(
                s,
                S::Boolean | S::Json | S::Jsonb | S::Money | S::Xml | S::Tsvector
            ),
            _ => true,
        },
        ColumnType::Enum(_) => matches!(method, "btree" | "hash"),
        // An array's btree and hash classes are polymorphic (its elements are compared only
        // when rows are); gin's needs the elements' comparison when the index is made.
        ColumnType::Array(element) => match method {
            "btree" | "hash" => true,
            "gin" => has_default_operator_class("btree", element),
            _ => false,
        },
    }
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
