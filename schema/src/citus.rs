//! Citus: where each table goes on a distributed cluster, what Citus would refuse, and the
//! keys it needs.
//!
//! Every table that belongs to a tenant by a column of its own (after the check, that is
//! every tenant-scoped table: `tenant via` tables store the column too) is *distributed* by
//! that column, all of them colocated, so that one tenant's rows of every table live on one
//! shard and a scope's statements, which all filter on the column, run on that shard alone.
//! Every other table is a *reference* table, copied to every node: the tables all tenants
//! share (users, platform settings) and the tenant root itself. The root is a reference
//! table rather than distributed by its key because it is small (a row per tenant), rarely
//! written, joined with every tenant's rows (a reference table is local to every shard),
//! and looked up by keys of its own (a slug) that only a table held whole can keep unique.
//!
//! Citus enforces a primary key or unique constraint of a distributed table shard by shard,
//! so each must include the distribution column. [`citus_form`] writes them that way:
//! the tenant column is put first in a primary key that lacks it (ids are then unique within
//! their tenant, which is all a tenant key compares), and in a unique key that names it only
//! through a key to another table of the tenant (whose rows determine the tenant, so the
//! constraint means the same). What cannot be made to hold shard by shard is an error of
//! [`check`], located like every diagnostic.

use crate::catalog;
use crate::diagnostic::Diagnostics;
use crate::ir::{IndexElement, IndexTarget, ReferentialAction, Schema, Table, Tenancy};

/// Where a table goes on Citus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement<'a> {
    /// Copied whole to every node: the tenant root and the tables every tenant shares.
    Reference,
    /// Split into shards by this column, the tenant's.
    Distributed {
        /// The distribution column: the table's tenant column.
        column: &'a str,
    },
}

/// Where `table` goes on Citus.
///
/// ```
/// use schemaforge_schema::citus::{Placement, placement};
///
/// let mut sources = schemaforge_schema::Sources::new();
/// sources.add(
///     "app.forge",
///     "table orgs {\n  tenant_root\n  id uuid primary_key\n}\n\
///      table notes {\n  tenant org_id\n  id uuid primary_key\n  \
///      org_id uuid references(orgs.id)\n}\n",
/// );
/// let schema = schemaforge_schema::compile(&sources).expect("valid schema");
/// assert_eq!(placement(&schema.tables[0]), Placement::Reference);
/// assert_eq!(placement(&schema.tables[1]), Placement::Distributed { column: "org_id" });
/// ```
pub fn placement(table: &Table) -> Placement<'_> {
    match &table.tenancy {
        Tenancy::Column { column } => Placement::Distributed { column },
        // `Via` is gone after the check (the column is stored); an IR from before that
        // keeps it, and has no column to distribute by.
        Tenancy::None | Tenancy::Root | Tenancy::Via { .. } => Placement::Reference,
    }
}

/// What Citus would refuse in `schema` (a checked schema), as located diagnostics:
/// `unique global` on a distributed table (E0250), `set_null` or an `on_update` action on a
/// key between two distributed tables (E0252), and a shared table's key to a distributed one
/// (E0253). A unique index that cannot include the tenant is refused on any engine (E0254).
///
/// ```
/// let mut sources = schemaforge_schema::Sources::new();
/// sources.add(
///     "app.forge",
///     "table orgs {\n  tenant_root\n  id uuid primary_key\n}\n\
///      table keys {\n  tenant org_id\n  id uuid primary_key\n  \
///      org_id uuid references(orgs.id)\n  hash text unique global\n}\n",
/// );
/// let schema = schemaforge_schema::compile(&sources).expect("valid schema");
/// let diagnostics = schemaforge_schema::citus::check(&schema);
/// assert_eq!(diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(), ["E0250"]);
/// ```
pub fn check(schema: &Schema) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let position = schema.positions();
    let placement_of = |name: &str| {
        position
            .get(name)
            .map(|&i| placement(&schema.tables[i]))
            .unwrap_or(Placement::Reference)
    };
    for table in &schema.tables {
        let distributed = matches!(placement(table), Placement::Distributed { .. });
        for t in &table.triggers {
            diags.push(catalog::citus_trigger(
                &table.name,
                &t.name,
                distributed,
                t.span,
            ));
        }
        // Citus creates `AS RESTRICTIVE` policies on the shards as permissive ones.
        let scoped = table.tenant_column().is_some() || table.tenancy == crate::ir::Tenancy::Root;
        for p in &table.policies {
            if p.restrictive || scoped {
                diags.push(catalog::citus_weakened_policy(
                    &table.name,
                    &p.name,
                    p.restrictive,
                    p.span,
                ));
            }
        }
        if let (Placement::Reference, Some(p)) = (placement(table), &table.partitioning) {
            diags.push(catalog::citus_partitioned_reference(&table.name, p.span));
        }
        match placement(table) {
            Placement::Distributed { column } => {
                for u in table.uniques.iter().filter(|u| u.global) {
                    diags.push(catalog::citus_global_unique(
                        &table.name,
                        &u.columns,
                        column,
                        u.span,
                    ));
                }
                for fk in &table.foreign_keys {
                    let to_distributed = matches!(
                        placement_of(&fk.references_table),
                        Placement::Distributed { .. }
                    );
                    let action = match (fk.on_delete, fk.on_update) {
                        (ReferentialAction::SetNull, _) => Some("on_delete: set_null"),
                        (ReferentialAction::SetDefault, _) => Some("on_delete: set_default"),
                        (_, ReferentialAction::Cascade) => Some("on_update: cascade"),
                        (_, ReferentialAction::SetNull) => Some("on_update: set_null"),
                        (_, ReferentialAction::SetDefault) => Some("on_update: set_default"),
                        _ => None,
                    };
                    if let (true, Some(action)) = (to_distributed, action) {
                        diags.push(catalog::citus_tenant_key_action(
                            &table.name,
                            &fk.columns,
                            action,
                            fk.span,
                        ));
                    }
                }
            }
            Placement::Reference => {
                for fk in &table.foreign_keys {
                    if let Placement::Distributed { .. } = placement_of(&fk.references_table) {
                        diags.push(catalog::citus_shared_references_scoped(
                            &table.name,
                            &fk.columns.join(", "),
                            &fk.references_table,
                            fk.span,
                        ));
                    }
                }
            }
        }
    }
    diags.sort();
    diags
}

/// `schema` as Citus needs it: every primary key, unique constraint and unique index of a
/// distributed table includes its tenant column (put first where it was missing), and a
/// key that only the tenant keys needed and that is now the primary key is dropped. A pure
/// function, and idempotent; meant for a schema that [`check`] accepts (what it refuses is
/// left as written, for Citus to refuse).
///
/// ```
/// let mut sources = schemaforge_schema::Sources::new();
/// sources.add(
///     "app.forge",
///     "table orgs {\n  tenant_root\n  id uuid primary_key\n}\n\
///      table notes {\n  tenant org_id\n  id uuid primary_key\n  \
///      org_id uuid references(orgs.id)\n}\n",
/// );
/// let schema = schemaforge_schema::compile(&sources).expect("valid schema");
/// let citus = schemaforge_schema::citus::citus_form(&schema);
/// let pk = citus.tables[1].primary_key.as_ref().expect("a primary key");
/// assert_eq!(pk.columns, ["org_id", "id"]);
/// ```
pub fn citus_form(schema: &Schema) -> Schema {
    let mut schema = schema.clone();
    for table in &mut schema.tables {
        let Placement::Distributed { column } = placement(table) else {
            continue;
        };
        let column = column.to_string();
        let lacks = |columns: &[String]| !columns.contains(&column);
        if let Some(pk) = &mut table.primary_key
            && lacks(&pk.columns)
        {
            pk.columns.insert(0, column.clone());
        }
        for u in &mut table.uniques {
            if !u.global && lacks(&u.columns) {
                u.columns.insert(0, column.clone());
            }
        }
        let pk = table.primary_key.clone();
        table.uniques.retain(|u| {
            let same_as_pk = pk.as_ref().is_some_and(|pk| {
                pk.columns.len() == u.columns.len()
                    && u.columns.iter().all(|c| pk.columns.contains(c))
            });
            !(u.implied && same_as_pk)
        });
        let mut indexes = std::mem::take(&mut table.indexes);
        for index in indexes.iter_mut().filter(|i| i.unique) {
            if let Some(elements) = unique_index_columns(table, &column, &index.elements) {
                index.elements = elements;
            }
        }
        table.indexes = indexes;
    }
    schema
}

/// The elements of a unique index of a table distributed by `tenant`, with the tenant
/// column first if it was missing; `None` when it cannot be added without changing what
/// the index means (no key to a table of the tenant among its plain columns), which the
/// check refuses (E0254).
fn unique_index_columns(
    table: &Table,
    tenant: &str,
    elements: &[IndexElement],
) -> Option<Vec<IndexElement>> {
    let plain: Vec<&str> = elements
        .iter()
        .filter_map(|e| match &e.target {
            IndexTarget::Column(c) => Some(c.as_str()),
            IndexTarget::Expr(_) => None,
        })
        .collect();
    if plain.contains(&tenant) {
        return Some(elements.to_vec());
    }
    let determined = table.foreign_keys.iter().any(|fk| {
        fk.tenant.is_some()
            && fk
                .written_columns()
                .iter()
                .all(|c| plain.contains(&c.as_str()))
    });
    if !determined {
        return None;
    }
    let mut with_tenant = vec![IndexElement {
        target: IndexTarget::Column(tenant.to_string()),
        descending: false,
        nulls: None,
        opclass: None,
    }];
    with_tenant.extend(elements.iter().cloned());
    Some(with_tenant)
}
