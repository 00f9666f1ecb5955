//! Tenant keys: a foreign key between two tables of one tenant root compares the tenant
//! columns too. `tasks.project_id references(projects.id)`, both tables `tenant
//! organization_id`, becomes `FOREIGN KEY (organization_id, project_id) REFERENCES projects
//! (organization_id, id)`, with the `UNIQUE (organization_id, id)` that needs on `projects`.
//! Postgres then refuses a reference to another tenant's row with any client, RLS or not,
//! exactly as it refuses one to a missing row, and no referential action of one tenant
//! reaches another's rows.

use crate::catalog;
use crate::diagnostic::Diagnostics;
use crate::ir::{ReferentialAction, Schema, Tenancy, TenantKey, Unique};
use crate::resolve::constraint_name;
use crate::span::Span;

pub fn apply(schema: &mut Schema, diags: &mut Diagnostics) {
    // Each table's position, and the tenant column of those scoped by their own: one pass,
    // so the rest is linear in the foreign keys.
    let position = schema.positions();
    let tenant_of = |schema: &Schema, table: &str| -> Option<String> {
        match &schema.tables[*position.get(table)?].tenancy {
            Tenancy::Column { column } => Some(column.clone()),
            _ => None,
        }
    };
    let mut keys: Vec<(usize, TenantKey, usize)> = Vec::new();
    for (t, table) in schema.tables.iter().enumerate() {
        let Some(own) = tenant_of(schema, &table.name) else {
            continue;
        };
        for (f, fk) in table.foreign_keys.iter().enumerate() {
            let Some(theirs) = tenant_of(schema, &fk.references_table) else {
                continue;
            };
            // Written with the tenant already (`foreign_key (org_id, x) references(…)`).
            if fk.columns.contains(&own) {
                continue;
            }
            let action = match (fk.on_delete, fk.on_update) {
                (ReferentialAction::SetDefault, _) => Some("on_delete: set_default"),
                (_, ReferentialAction::SetDefault) => Some("on_update: set_default"),
                (_, ReferentialAction::SetNull) => Some("on_update: set_null"),
                _ => None,
            };
            if let Some(action) = action {
                diags.push(catalog::tenant_key_action(
                    &table.name,
                    &fk.columns,
                    action,
                    fk.span,
                ));
                continue;
            }
            keys.push((
                t,
                TenantKey {
                    column: own.clone(),
                    references: theirs,
                },
                f,
            ));
        }
    }
    let mut implied: Vec<(String, Vec<String>, Span)> = Vec::new();
    for (t, key, f) in keys {
        let fk = &mut schema.tables[t].foreign_keys[f];
        fk.columns.insert(0, key.column.clone());
        fk.references_columns.insert(0, key.references.clone());
        fk.tenant = Some(key);
        implied.push((
            fk.references_table.clone(),
            fk.references_columns.clone(),
            fk.span,
        ));
    }
    for (parent, key, span) in implied {
        let Some(&i) = position.get(&parent) else {
            continue;
        };
        let table = &mut schema.tables[i];
        let covers = |columns: &[String]| {
            columns.len() == key.len() && key.iter().all(|k| columns.contains(k))
        };
        let has_key = table.primary_key.iter().any(|pk| covers(&pk.columns))
            || table.uniques.iter().any(|u| covers(&u.columns))
            || table.indexes.iter().any(|i| {
                i.unique && i.predicate.is_none() && i.column_names().is_some_and(|c| covers(&c))
            });
        if !has_key {
            table.uniques.push(Unique {
                global: false,
                implied: true,
                nulls_not_distinct: false,
                name: constraint_name(&table.name, &key, "key"),
                columns: key,
                span,
            });
        }
    }
}
