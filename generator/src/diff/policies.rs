//! Row-Level Security, as `emit` writes it with `SqlOptions::row_level_security`: for
//! every tenant-scoped table, RLS enabled and forced, and the tenant's policies.
//!
//! A policy that changes (its text, or a column it reads changes type) is dropped before
//! anything else happens, since Postgres refuses to drop or retype a column a policy reads,
//! and created again once every table and column is in place.

use std::collections::HashMap;

use schemaforge_schema::ir::Schema;

use super::Planner;
use super::columns::Analysis;
use super::expr::mentions;
use super::order::Stage;
use crate::emit::sql::quote_ident;
use crate::emit::sql::rls;

/// The tenant's policies of each table `emit` writes them for, by quoted table name:
/// `(name, CREATE POLICY statement)`.
fn policies(schema: &Schema) -> HashMap<String, Vec<(String, String)>> {
    rls::tables(schema)
        .into_iter()
        .map(|t| (quote_ident(&t.relation).into_owned(), t.policies))
        .collect()
}

/// The tables (quoted) that have the tenant's policy in `schema`, with RLS `enabled`.
pub(super) fn tenant_tables(schema: &Schema, enabled: bool) -> std::collections::HashSet<String> {
    match enabled {
        true => policies(schema).into_keys().collect(),
        false => Default::default(),
    }
}

impl Planner<'_> {
    pub(super) fn policies(&mut self, old: &Schema, new: &Schema, analysis: &Analysis) {
        let now = self.options.row_level_security;
        let was = self.options.previous_row_level_security.unwrap_or(now);
        if !now && !was {
            return;
        }
        let before = if was { policies(old) } else { HashMap::new() };
        let after = if now { policies(new) } else { HashMap::new() };
        let retyped: Vec<&String> = analysis.retyped.values().flatten().collect();
        let mut planned = Vec::new();
        // Each table, then each of its partitions (which keep their names), with whether
        // policies of the schema's own keep RLS on.
        let mut relations: Vec<(Option<String>, String, bool)> = Vec::new();
        for t in &new.tables {
            let old_name = self
                .map
                .tables
                .iter()
                .find(|p| p.new.name == t.name)
                .map(|p| p.old.name.as_str());
            relations.push((
                old_name.map(|n| quote_ident(n).into_owned()),
                quote_ident(&t.name).into_owned(),
                !t.policies.is_empty(),
            ));
            for part in t.partitioning.iter().flat_map(|p| &p.partitions) {
                let name = quote_ident(&part.name).into_owned();
                relations.push((Some(name.clone()), name, false));
            }
        }
        for (old_t, new_t, own_policies) in relations {
            let none = Vec::new();
            let was = old_t.as_ref().and_then(|o| before.get(o)).unwrap_or(&none);
            let will = after.get(&new_t).unwrap_or(&none);
            let drop = |name: &str| {
                let table = old_t.as_deref().unwrap_or(&new_t);
                format!("DROP POLICY {name} ON {table};")
            };
            if was.is_empty() && !will.is_empty() {
                planned.push((
                    Stage::Policies,
                    format!("ALTER TABLE {new_t} ENABLE ROW LEVEL SECURITY;"),
                ));
                planned.push((
                    Stage::Policies,
                    format!("ALTER TABLE {new_t} FORCE ROW LEVEL SECURITY;"),
                ));
            }
            for (name, sql) in was {
                let kept = will.iter().find(|(n, _)| n == name);
                let reads_retyped = retyped.iter().any(|c| mentions(sql, c));
                match kept {
                    Some((_, new_sql)) if new_sql == sql && !reads_retyped => {}
                    _ => planned.push((Stage::DropForeignKeys, drop(name))),
                }
            }
            for (name, sql) in will {
                let kept = was.iter().find(|(n, _)| n == name);
                let reads_retyped = retyped.iter().any(|c| mentions(sql, c));
                match kept {
                    Some((_, old_sql)) if old_sql == sql && !reads_retyped => {}
                    _ => planned.push((Stage::Policies, sql.clone())),
                }
            }
            if !was.is_empty() && will.is_empty() {
                planned.push((
                    Stage::Policies,
                    format!("ALTER TABLE {new_t} NO FORCE ROW LEVEL SECURITY;"),
                ));
                // The table's own policies keep it on.
                if !own_policies {
                    planned.push((
                        Stage::Policies,
                        format!("ALTER TABLE {new_t} DISABLE ROW LEVEL SECURITY;"),
                    ));
                }
            }
        }
        for (stage, sql) in planned {
            self.push(stage, sql, Vec::new());
        }
    }
}
