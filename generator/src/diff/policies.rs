//! Row-Level Security, as `emit` writes it with `SqlOptions::row_level_security`: for
//! every tenant-scoped table, RLS enabled and forced, and one policy.
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

/// A table's policy: its name and the `CREATE POLICY` statement.
struct Policy {
    name: String,
    sql: String,
}

/// The policies `emit` writes for `schema`, by quoted table name.
fn policies(schema: &Schema) -> HashMap<String, Policy> {
    let mut out = HashMap::new();
    for statement in rls::statements(schema) {
        let Some(rest) = statement.strip_prefix("CREATE POLICY ") else {
            continue;
        };
        let Some((name, rest)) = rest.split_once(" ON ") else {
            continue;
        };
        let table = rest
            .split(['\n', ' '])
            .next()
            .unwrap_or_default()
            .to_string();
        let policy = Policy {
            name: name.to_string(),
            sql: statement.clone(),
        };
        out.insert(table, policy);
    }
    out
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
        for t in &new.tables {
            let new_t = quote_ident(&t.name).into_owned();
            let old_name = self
                .map
                .tables
                .iter()
                .find(|p| p.new.name == t.name)
                .map(|p| p.old.name.as_str());
            let old_t = old_name.map(|n| quote_ident(n).into_owned());
            let was = old_t.as_ref().and_then(|o| before.get(o));
            let drop = |p: &Policy| {
                let table = old_t.as_deref().unwrap_or(&new_t);
                format!("DROP POLICY {} ON {table};", p.name)
            };
            match (was, after.get(&new_t)) {
                (None, None) => {}
                (None, Some(p)) => {
                    planned.push((
                        Stage::Policies,
                        format!("ALTER TABLE {new_t} ENABLE ROW LEVEL SECURITY;"),
                    ));
                    planned.push((
                        Stage::Policies,
                        format!("ALTER TABLE {new_t} FORCE ROW LEVEL SECURITY;"),
                    ));
                    planned.push((Stage::Policies, p.sql.clone()));
                }
                (Some(p), None) => {
                    planned.push((Stage::DropForeignKeys, drop(p)));
                    planned.push((
                        Stage::Policies,
                        format!("ALTER TABLE {new_t} NO FORCE ROW LEVEL SECURITY;"),
                    ));
                    // The table's own policies keep it on.
                    if t.policies.is_empty() {
                        planned.push((
                            Stage::Policies,
                            format!("ALTER TABLE {new_t} DISABLE ROW LEVEL SECURITY;"),
                        ));
                    }
                }
                (Some(o), Some(n)) => {
                    let reads_retyped = retyped.iter().any(|c| mentions(&o.sql, c));
                    if o.sql != n.sql || reads_retyped {
                        planned.push((Stage::DropForeignKeys, drop(o)));
                        planned.push((Stage::Policies, n.sql.clone()));
                    }
                }
            }
        }
        for (stage, sql) in planned {
            self.push(stage, sql, Vec::new());
        }
    }
}
