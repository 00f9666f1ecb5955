//! Where a table's query helpers are, and its own lookups.
//!
//! The helpers every table has (insert, get, list, update, delete, count) are the runtime's,
//! written once: a tenant-scoped table's handle (`scope.tasks()`) is a newtype that
//! dereferences to `schemaforge::Scoped`, the escape hatch's to `schemaforge::AllTenants`, the
//! tenant root's own row's to `schemaforge::OwnRow`, and a shared table's row type gets them
//! as associated functions from one macro line. What is generated per table is what differs:
//! a `get_by_…` per unique key, a `list_by_…` per foreign key, and `get`/`update`/`delete`
//! by a primary key of several columns. In a scope the tenant column is no parameter: the
//! scope supplies it.

use std::collections::BTreeSet;
use std::fmt::Write;

use schemaforge_schema::ir::Tenancy;

use super::Ctx;
use super::docs::{code, doc, lit};
use super::model::{ColumnModel, Model, TableModel};
use super::table::{effective_tenancy, keyed};
use crate::emit::sql::quote_ident;

/// How the helpers are called, and which rows they reach.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reach {
    /// Associated functions of a shared table's row type: every row.
    Shared,
    /// Methods of the scope's handle: the scope's tenant's rows.
    Scoped,
    /// Methods of the escape hatch's handle: every tenant's rows.
    Unscoped,
}

pub fn emit(out: &mut String, ctx: &Ctx, model: &Model, t: &TableModel) {
    let rt = &ctx.rt;
    let p = &ctx.private;
    let row = &t.row;
    if model.scope.is_none() && t.ir.tenancy.is_scoped() {
        let _ = writeln!(
            out,
            "::core::compile_error!(\"schemaforge: tenant scopes need a tenant root with a one-column primary key\");\n"
        );
        return;
    }
    match effective_tenancy(model, t) {
        Tenancy::None => {
            let keyed = if keyed(t).is_some() { ", keyed" } else { "" };
            let _ = writeln!(out, "{p}::shared_table!({row}{keyed});\n");
            methods(out, ctx, t, Reach::Shared, row);
        }
        Tenancy::Root => {
            let _ = writeln!(out, "{p}::inserts!({row});\n");
            let Some(scope) = &model.scope else { return };
            let what = format!(
                "The helpers of the scope's own row of {} ([`OwnRow`]({rt}::OwnRow)'s), made by \
                 [`{}::{}`].",
                code(&t.ir.name),
                scope.ident,
                scope.root_accessor
            );
            doc(out, "", [Some(what.as_str())]);
            let target = format!("{rt}::OwnRow<'s, {row}>");
            handle(out, ctx, &t.queries, &target, true);
            unscoped_handle(out, ctx, model, t);
        }
        Tenancy::Column { .. } | Tenancy::Via { .. } => {
            let Some(scope) = &model.scope else { return };
            let scope_name = &scope.ident;
            let what = format!(
                "The helpers of {} within one tenant scope ([`Scoped`]({rt}::Scoped)'s, and the \
                 lookups below), made by [`{scope_name}::{}`].",
                code(&t.ir.name),
                t.accessor
            );
            doc(out, "", [Some(what.as_str())]);
            let target = format!("{rt}::Scoped<'s, {row}>");
            handle(out, ctx, &t.queries, &target, true);
            methods(out, ctx, t, Reach::Scoped, &format!("{}<'_>", t.queries));
            unscoped_handle(out, ctx, model, t);
            tenant_table(out, ctx, t);
        }
    }
}

fn unscoped_handle(out: &mut String, ctx: &Ctx, model: &Model, t: &TableModel) {
    let rt = &ctx.rt;
    let unscoped = model
        .scope
        .as_ref()
        .map_or("Unscoped", |s| s.unscoped.as_str());
    let what = format!(
        "The helpers of {} across every tenant ([`AllTenants`]({rt}::AllTenants)'s, and the \
         lookups below): the escape hatch, made by [`{unscoped}::{}`].",
        code(&t.ir.name),
        t.accessor
    );
    doc(out, "", [Some(what.as_str())]);
    let target = format!("{rt}::AllTenants<{}>", t.row);
    handle(out, ctx, &t.unscoped_queries, &target, false);
    methods(out, ctx, t, Reach::Unscoped, &t.unscoped_queries);
}

/// The row type's uncallable helpers, which say where the real ones are, with the key
/// parameters the scope's `get` takes.
fn tenant_table(out: &mut String, ctx: &Ctx, t: &TableModel) {
    let key = if keyed(t).is_some() {
        vec!["key".to_string()]
    } else if let Some(pk) = &t.ir.primary_key {
        params(t, &without_tenant(t, &pk.columns, true))
            .into_iter()
            .map(|(name, _)| name)
            .collect()
    } else {
        Vec::new()
    };
    let _ = writeln!(
        out,
        "{}::tenant_table!({}({}));\n",
        ctx.private,
        t.row,
        key.join(", ")
    );
}

/// A handle newtype over the runtime's `target`, and its `Deref`.
fn handle(out: &mut String, ctx: &Ctx, name: &str, target: &str, scoped: bool) {
    let (generics, lifetime) = if scoped { ("<'s>", "<'s>") } else { ("", "") };
    let _ = writeln!(out, "#[derive(Debug, Clone, Copy)]");
    let _ = writeln!(out, "pub struct {name}{generics}({target});");
    let _ = writeln!(
        out,
        "{}::handle!({name}{lifetime} => {target});",
        ctx.private
    );
}

/// A helper the runtime has no generic form of.
struct Method {
    name: String,
    /// The key's columns as parameters.
    params: Vec<(String, String)>,
    /// The statement's columns.
    columns: Vec<String>,
    kind: Kind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Get,
    List,
    Update,
    Delete,
}

/// The table's own helpers for `reach`, as one `lookups!` call on `owner`; nothing when it
/// has none.
fn methods(out: &mut String, ctx: &Ctx, t: &TableModel, reach: Reach, owner: &str) {
    let methods = table_methods(t, reach);
    if methods.is_empty() {
        return;
    }
    let p = &ctx.private;
    let head = match reach {
        Reach::Shared => format!("{p}::lookups!(shared {owner} {{"),
        Reach::Scoped | Reach::Unscoped => format!("{p}::lookups!({owner} => {} {{", t.row),
    };
    let _ = writeln!(out, "{head}");
    for m in &methods {
        let kind = match m.kind {
            Kind::Get => "get",
            Kind::List => "list",
            Kind::Update => "update",
            Kind::Delete => "delete",
        };
        let params: Vec<String> = m
            .params
            .iter()
            .map(|(name, ty)| format!("{name}: {ty}"))
            .collect();
        let columns: Vec<String> = m.columns.iter().map(|c| lit(&quote_ident(c))).collect();
        let _ = writeln!(
            out,
            "    {kind} {}({}) [{}];",
            m.name,
            params.join(", "),
            columns.join(", ")
        );
    }
    let _ = writeln!(out, "}});\n");
}

fn table_methods(t: &TableModel, reach: Reach) -> Vec<Method> {
    let mut methods = Vec::new();
    let scoped = reach == Reach::Scoped;
    // `get`, `update` and `delete` by a key the runtime cannot take as one typed id.
    if keyed(t).is_none()
        && let Some(pk) = &t.ir.primary_key
    {
        let columns = without_tenant(t, &pk.columns, scoped);
        let key = params(t, &columns);
        methods.push(Method {
            name: "get".into(),
            params: key.clone(),
            columns: columns.clone(),
            kind: Kind::Get,
        });
        if t.columns.iter().any(|c| c.patchable) {
            methods.push(Method {
                name: "update".into(),
                params: key.clone(),
                columns: columns.clone(),
                kind: Kind::Update,
            });
        }
        methods.push(Method {
            name: "delete".into(),
            params: key,
            columns,
            kind: Kind::Delete,
        });
    }

    let ir = t.ir;
    let pk: BTreeSet<&String> = ir.primary_key.iter().flat_map(|pk| &pk.columns).collect();
    let mut seen: BTreeSet<Vec<String>> = BTreeSet::new();
    let mut names: BTreeSet<String> = methods.iter().map(|m| m.name.clone()).collect();
    let index_keys = ir
        .indexes
        .iter()
        .filter(|i| i.unique && i.predicate.is_none())
        .filter_map(|i| i.column_names());
    // A key only the tenant keys need is no lookup of its own.
    let uniques = ir
        .uniques
        .iter()
        .filter(|u| !u.implied)
        .map(|u| u.columns.clone())
        .chain(index_keys);
    for columns in uniques {
        let mut sorted = columns.clone();
        sorted.sort();
        if columns.iter().collect::<BTreeSet<_>>() == pk || !seen.insert(sorted) {
            continue;
        }
        let remaining = without_tenant(t, &columns, scoped);
        let named = if remaining.is_empty() {
            &columns
        } else {
            &remaining
        };
        let name = format!("get_by_{}", method_words(t, named));
        if !names.insert(name.clone()) {
            continue;
        }
        methods.push(Method {
            name,
            params: params(t, &remaining),
            columns: remaining,
            kind: Kind::Get,
        });
    }
    for fk in &ir.foreign_keys {
        let remaining = without_tenant(t, fk.written_columns(), scoped);
        if remaining.is_empty() {
            continue;
        }
        let name = format!("list_by_{}", method_words(t, &remaining));
        if !names.insert(name.clone()) {
            continue;
        }
        methods.push(Method {
            name,
            params: params(t, &remaining),
            columns: remaining,
            kind: Kind::List,
        });
    }
    methods
}

/// The scope supplies the tenant column: it is no parameter of a scoped statement.
fn without_tenant(t: &TableModel, columns: &[String], scoped: bool) -> Vec<String> {
    match (scoped, t.ir.tenant_column()) {
        (true, Some(tenant)) => columns.iter().filter(|c| *c != tenant).cloned().collect(),
        _ => columns.to_vec(),
    }
}

/// Names a key parameter cannot take: the helpers' own parameters.
const RESERVED_PARAMS: &[&str] = &["executor", "conn", "page", "patch", "new", "rows"];

/// Each column as a parameter: its field name (`<name>_value` where the helper has a
/// parameter of that name), and a reference to its (non-null) type, `&str` for text.
fn params(t: &TableModel, columns: &[String]) -> Vec<(String, String)> {
    columns
        .iter()
        .filter_map(|c| t.column(c))
        .map(|c: &ColumnModel| {
            let name = if RESERVED_PARAMS.contains(&c.field.as_str()) {
                format!("{}_value", c.field)
            } else {
                c.field.clone()
            };
            let ty = if c.ty.ty == "::std::string::String" {
                "&str".to_string()
            } else {
                format!("&{}", c.ty.ty)
            };
            (name, ty)
        })
        .collect()
}

/// `a_and_b` for the columns of a `get_by_…` or `list_by_…`, as their field names.
fn method_words(table: &TableModel, columns: &[String]) -> String {
    columns
        .iter()
        .map(|c| {
            table
                .column(c)
                .map_or_else(|| c.clone(), |c| c.bare_field().to_string())
        })
        .collect::<Vec<_>>()
        .join("_and_")
}
