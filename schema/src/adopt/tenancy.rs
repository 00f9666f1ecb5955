//! Which tables of an adopted catalog belong to a tenant, and by which column: decided
//! from the foreign keys to the tenant root the user names, and proposed (never applied)
//! when none is named.

use std::collections::{BTreeMap, BTreeSet};

use super::model::{Catalog, Constraint, Table};
use super::{AdoptError, Options};
use crate::resolve::constraint_name;

/// The tenancy the schema is written with.
#[derive(Debug, Default)]
pub(super) struct Plan {
    /// The tenant root's table.
    pub root: Option<String>,
    /// Each tenant table's tenant column.
    pub tenant_of: BTreeMap<String, String>,
    /// Tables of no tenant that reference the root or a tenant table.
    pub unscoped: BTreeSet<String>,
    /// Foreign keys `(tenant, x) → (tenant, y)` written as `x references(t.y)`, which the
    /// check makes into the same key again: (table, constraint).
    pub tenant_keys: BTreeSet<(String, String)>,
    /// Unique keys `(tenant, y)` the check adds again for those keys: (table, constraint).
    pub regenerated: BTreeSet<(String, String)>,
    /// One-column unique keys of tenant tables that hold across tenants: `unique global`.
    pub global: BTreeSet<(String, String)>,
    /// What was decided and why.
    pub report: Vec<String>,
}

/// Whether `k` is a one-column foreign key from a `NOT NULL` column to `root`'s key `pk`.
fn to_root<'a>(catalog: &Catalog, t: &'a Table, k: &'a Constraint, root: &str, pk: &str) -> bool {
    k.kind == "f"
        && k.columns.len() == 1
        && k.ref_table.as_deref() == Some(root)
        && k.ref_schema.as_deref() == Some(catalog.schema.as_str())
        && k.ref_columns.len() == 1
        && k.ref_columns[0] == pk
        && t.columns
            .iter()
            .any(|c| c.name == k.columns[0] && c.not_null)
}

fn primary_key(t: &Table) -> Option<&[String]> {
    t.constraints
        .iter()
        .find(|k| k.kind == "p")
        .map(|k| k.columns.as_slice())
}

fn references_local<'a>(catalog: &'a Catalog, t: &'a Table) -> impl Iterator<Item = &'a str> {
    t.constraints
        .iter()
        .filter(move |k| k.kind == "f" && k.ref_schema.as_deref() == Some(catalog.schema.as_str()))
        .filter_map(|k| k.ref_table.as_deref())
}

fn list(names: &[String]) -> String {
    names.join(", ")
}

/// Decides the tenancy of every table.
pub(super) fn plan(catalog: &Catalog, options: &Options) -> Result<Plan, AdoptError> {
    let mut plan = Plan::default();
    let own_policies: Vec<String> = catalog
        .tables
        .iter()
        .filter(|t| t.policies.iter().any(|p| is_tenant_policy(&p.name)))
        .map(|t| t.name.clone())
        .collect();
    if !own_policies.is_empty() {
        plan.report.push(format!(
            "tenant isolation policies (`tenant_isolation…`) on {} are schemaforge's own: `schemaforge sql --rls` writes them again, so the schema leaves them out",
            list(&own_policies)
        ));
    }
    let Some(root) = options.tenant_root.as_deref() else {
        propose(catalog, &mut plan);
        return Ok(plan);
    };
    let Some(root_table) = catalog.tables.iter().find(|t| t.name == root) else {
        return Err(AdoptError::UnknownTenantRoot {
            name: root.to_string(),
            schema: catalog.schema.clone(),
        });
    };
    let pk = match primary_key(root_table) {
        Some([pk]) => pk.clone(),
        _ => {
            return Err(AdoptError::TenantRootKey {
                name: root.to_string(),
            });
        }
    };
    let pk_type = root_table
        .columns
        .iter()
        .find(|c| c.name == pk)
        .map(|c| c.ty.clone())
        .unwrap_or_default();
    plan.root = Some(root.to_string());

    for t in catalog.tables.iter().filter(|t| t.name != root) {
        let keys: Vec<&Constraint> = t
            .constraints
            .iter()
            .filter(|k| to_root(catalog, t, k, root, &pk))
            .collect();
        // The first such column in the table's order.
        let chosen = t
            .columns
            .iter()
            .find(|c| keys.iter().any(|k| k.columns[0] == c.name));
        let Some(column) = chosen else { continue };
        if column.ty != pk_type {
            plan.report.push(format!(
                "{}: `{}` references {root} but is `{}`, not the key's `{pk_type}`: not a tenant table",
                t.name, column.name, column.ty
            ));
            continue;
        }
        if keys.len() > 1 {
            let others: Vec<String> = keys
                .iter()
                .map(|k| k.columns[0].clone())
                .filter(|c| *c != column.name)
                .collect();
            plan.report.push(format!(
                "{}: scoped by `{}`, its first key to {root}, not by {}",
                t.name,
                column.name,
                list(&others)
            ));
        }
        plan.tenant_of.insert(t.name.clone(), column.name.clone());
    }

    // A tenant table whose unique key leaves the tenant out (two columns or more, or a
    // unique index) has no word in the language: it stays a table of no tenant.
    loop {
        find_tenant_keys(catalog, &mut plan);
        let mut demoted = Vec::new();
        for t in &catalog.tables {
            let Some(tc) = plan.tenant_of.get(&t.name) else {
                continue;
            };
            let fixed = tenant_fixing_columns(catalog, t, tc, &plan);
            let holds = |cols: &[&str]| cols.iter().any(|c| fixed.contains(*c));
            for k in t.constraints.iter().filter(|k| k.kind == "u") {
                if plan.regenerated.contains(&(t.name.clone(), k.name.clone())) {
                    continue;
                }
                let cols: Vec<&str> = k.columns.iter().map(String::as_str).collect();
                if holds(&cols) {
                    continue;
                }
                if cols.len() == 1 && !k.nulls_not_distinct {
                    plan.global.insert((t.name.clone(), k.name.clone()));
                } else {
                    demoted.push((t.name.clone(), format!("unique ({})", k.columns.join(", "))));
                }
            }
            for x in t.indexes.iter().filter(|x| x.unique) {
                let cols: Vec<&str> = x
                    .elements
                    .iter()
                    .take(x.key_count)
                    .filter_map(|e| e.column.as_deref())
                    .collect();
                if !holds(&cols) {
                    demoted.push((t.name.clone(), format!("unique index {}", x.name)));
                }
            }
        }
        if demoted.is_empty() {
            break;
        }
        for (table, key) in demoted {
            if let Some(tc) = plan.tenant_of.remove(&table) {
                plan.report.push(format!(
                    "{table}: not a tenant table although `{tc}` references {root}: its {key} holds across tenants, and a tenant table's keys must include `{tc}`"
                ));
            }
        }
        plan.global.clear();
    }

    for t in &catalog.tables {
        if t.name == root || plan.tenant_of.contains_key(&t.name) {
            continue;
        }
        let reaches: Vec<&str> = references_local(catalog, t)
            .filter(|r| *r == root || plan.tenant_of.contains_key(*r))
            .collect();
        if !reaches.is_empty() {
            plan.unscoped.insert(t.name.clone());
        }
    }
    let scoped: Vec<String> = plan
        .tenant_of
        .iter()
        .map(|(t, c)| format!("{t} ({c})"))
        .collect();
    plan.report.push(format!(
        "tenant root: {root}; tenant tables ({}): {}",
        scoped.len(),
        if scoped.is_empty() {
            "none".to_string()
        } else {
            list(&scoped)
        }
    ));
    if !plan.unscoped.is_empty() {
        let names: Vec<String> = plan.unscoped.iter().cloned().collect();
        plan.report.push(format!(
            "unscoped (reference tenant data but belong to no tenant, so no scope guards them): {}",
            list(&names)
        ));
    }
    let rest: Vec<String> = catalog
        .tables
        .iter()
        .filter(|t| {
            t.name != root
                && !plan.tenant_of.contains_key(&t.name)
                && !plan.unscoped.contains(&t.name)
        })
        .map(|t| t.name.clone())
        .collect();
    if !rest.is_empty() {
        plan.report
            .push(format!("tables of no tenant: {}", list(&rest)));
    }
    Ok(plan)
}

/// Whether a policy name is one of the tenant's, which `sql --rls` writes.
pub(super) fn is_tenant_policy(name: &str) -> bool {
    name == "tenant_isolation" || name.starts_with("tenant_isolation_")
}

/// The columns of `t` whose value fixes the tenant: its tenant column and the columns of
/// its keys `(tenant, x)` to tenant tables.
fn tenant_fixing_columns<'a>(
    catalog: &'a Catalog,
    t: &'a Table,
    tc: &'a str,
    plan: &Plan,
) -> BTreeSet<&'a str> {
    let mut fixed = BTreeSet::from([tc]);
    for k in &t.constraints {
        if k.kind == "f"
            && k.columns.len() == 2
            && k.columns[0] == tc
            && k.ref_schema.as_deref() == Some(catalog.schema.as_str())
            && k.ref_table
                .as_ref()
                .is_some_and(|r| plan.tenant_of.contains_key(r))
        {
            fixed.insert(k.columns[1].as_str());
        }
    }
    fixed
}

/// The composite keys between tenant tables that the check writes from one column, and the
/// unique keys it adds for them.
fn find_tenant_keys(catalog: &Catalog, plan: &mut Plan) {
    plan.tenant_keys.clear();
    plan.regenerated.clear();
    let mut targets: BTreeSet<(String, String, String)> = BTreeSet::new();
    for t in &catalog.tables {
        let Some(tc) = plan.tenant_of.get(&t.name) else {
            continue;
        };
        for k in t.constraints.iter().filter(|k| k.kind == "f") {
            let (Some(parent), [first, x]) = (k.ref_table.as_deref(), k.columns.as_slice()) else {
                continue;
            };
            let Some(ptc) = plan.tenant_of.get(parent) else {
                continue;
            };
            let [pfirst, y] = k.ref_columns.as_slice() else {
                continue;
            };
            let Some(p) = catalog.tables.iter().find(|p| p.name == parent) else {
                continue;
            };
            let actions_fit = match (k.on_delete.as_str(), k.set_columns.as_slice()) {
                ("n", [only]) => only == x,
                ("d", _) => false,
                (_, []) => true,
                _ => false,
            } && matches!(k.on_update.as_str(), "a" | "r" | "c");
            // What the check takes as the target of `references(p.y)`: a key of `y` alone,
            // or a unique index of the parent's tenant column and `y`.
            let y_is_key = p.constraints.iter().any(|c| {
                (c.kind == "p" || c.kind == "u") && c.columns.len() == 1 && c.columns[0] == *y
            }) || p.indexes.iter().any(|x| {
                let cols: Vec<Option<&str>> =
                    x.elements.iter().map(|e| e.column.as_deref()).collect();
                x.unique
                    && x.predicate.is_none()
                    && x.key_count == 2
                    && cols == [Some(ptc.as_str()), Some(y.as_str())]
            });
            if first == tc
                && pfirst == ptc
                && k.ref_schema.as_deref() == Some(catalog.schema.as_str())
                && k.match_type == "s"
                && k.name == constraint_name(&t.name, std::slice::from_ref(x), "fkey")
                && actions_fit
                && y_is_key
            {
                plan.tenant_keys.insert((t.name.clone(), k.name.clone()));
                targets.insert((parent.to_string(), ptc.clone(), y.clone()));
            }
        }
    }
    for (parent, ptc, y) in targets {
        let cols = [ptc.clone(), y.clone()];
        let name = constraint_name(&parent, &cols, "key");
        let Some(p) = catalog.tables.iter().find(|p| p.name == parent) else {
            continue;
        };
        if p.constraints
            .iter()
            .any(|c| c.kind == "u" && c.name == name && c.columns == cols && !c.nulls_not_distinct)
        {
            plan.regenerated.insert((parent, name));
        }
    }
}

/// Without a tenant root: the table most tables reference by a `NOT NULL` key, proposed.
fn propose(catalog: &Catalog, plan: &mut Plan) {
    let mut best: Option<(usize, &str, Vec<String>)> = None;
    for r in &catalog.tables {
        let Some([pk]) = primary_key(r) else { continue };
        let referencing: Vec<String> = catalog
            .tables
            .iter()
            .filter(|t| t.name != r.name)
            .filter(|t| {
                t.constraints
                    .iter()
                    .any(|k| to_root(catalog, t, k, &r.name, pk))
            })
            .map(|t| t.name.clone())
            .collect();
        if referencing.len() >= 2 && best.as_ref().is_none_or(|b| referencing.len() > b.0) {
            best = Some((referencing.len(), &r.name, referencing));
        }
    }
    match best {
        Some((n, root, tables)) => plan.report.push(format!(
            "no tenant root given, so no table is scoped; `{root}` is referenced by a NOT NULL key from {n} tables ({}): `--tenant-root {root}` would make them tenant tables",
            list(&tables)
        )),
        None => plan
            .report
            .push("no tenant root given, so no table is scoped".to_string()),
    }
}
