//! Primary keys, unique constraints, checks, indexes and foreign keys of tables present in
//! both schemas.
//!
//! Old and new objects are paired by definition (the old one read through the renames),
//! preferring equal names: an equal definition under another name is a rename (derived
//! names change with table and column renames), anything else a drop and an add. An old
//! object is always dropped and re-added when something it depends on changes: a column
//! re-added, an expression over a column whose type changes (Postgres would rebuild it
//! with casts to the old type), a foreign key over a column whose type changes or whose
//! referenced key is dropped.

use std::collections::{HashMap, HashSet};

mod add;

use schemaforge_schema::ir::{ForeignKey, Index, IndexTarget, Table};

use super::Planner;
use super::columns::Analysis;
use super::expr::{mentions, rename_identifiers};
use super::matching::{Mapping, TablePair, order_renames};
use super::order::{Phase, Stage};
use crate::emit::sql::quote_ident;
use crate::hazard::Hazard;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    PrimaryKey,
    Unique,
    Check,
    Index,
    ForeignKey,
}

impl Kind {
    /// Whether the name lives in the schema-wide namespace of tables and indexes.
    fn is_relation(self) -> bool {
        matches!(self, Kind::PrimaryKey | Kind::Unique | Kind::Index)
    }
}

/// An old object: its name and its definition in new terms (`None`: cannot be kept).
struct Old<'a> {
    name: &'a str,
    def: Option<String>,
}

/// The pairing of one kind of object of one table.
struct Paired {
    kind: Kind,
    /// Old names to drop.
    dropped: Vec<String>,
    /// `(old name, new name)` of kept objects whose name changes.
    renamed: Vec<(String, String)>,
    /// Indexes of new objects to add.
    added: Vec<usize>,
    /// `(old index, new index)` of every kept object.
    kept: Vec<(usize, usize)>,
}

fn pair(kind: Kind, old: &[Old<'_>], new: &[(&str, String)]) -> Paired {
    let mut taken = vec![false; old.len()];
    let mut renamed = Vec::new();
    let mut added = Vec::new();
    let mut kept = Vec::new();
    for (j, (name, def)) in new.iter().enumerate() {
        let same = |i: usize| !taken[i] && old[i].def.as_ref() == Some(def);
        let found = (0..old.len())
            .find(|&i| same(i) && old[i].name == *name)
            .or_else(|| (0..old.len()).find(|&i| same(i)));
        match found {
            Some(i) => {
                taken[i] = true;
                kept.push((i, j));
                if old[i].name != *name {
                    renamed.push((old[i].name.to_string(), name.to_string()));
                }
            }
            None => added.push(j),
        }
    }
    Paired {
        kind,
        dropped: (0..old.len())
            .filter(|&i| !taken[i])
            .map(|i| old[i].name.to_string())
            .collect(),
        renamed,
        added,
        kept,
    }
}

/// A column list as a sorted set, for comparing keys the way Postgres matches them.
fn key_of(columns: &[String]) -> Vec<String> {
    let mut k = columns.to_vec();
    k.sort();
    k
}

/// An index's definition without its name; `column` maps column names and `expr` the
/// text of expressions (for reading an old index in new names).
fn index_def(
    index: &Index,
    column: impl Fn(&str) -> Option<String>,
    expr: impl Fn(&str) -> String,
) -> Option<String> {
    let mut elements = Vec::new();
    for e in &index.elements {
        let target = match &e.target {
            IndexTarget::Column(c) => quote_ident(&column(c)?).into_owned(),
            IndexTarget::Expr(x) => format!("({})", expr(x.as_str())),
        };
        let opclass = e.opclass.as_deref().unwrap_or_default();
        elements.push(format!("{target} {opclass}{}", e.sql_order()));
    }
    let include = index
        .include
        .iter()
        .map(|c| column(c))
        .collect::<Option<Vec<_>>>()?;
    Some(
        format!(
            "{}|{}|{}|{}|{}|{}",
            index.unique,
            index.method.as_deref().unwrap_or("btree").to_lowercase(),
            elements.join(", "),
            include.join(","),
            index.nulls_not_distinct,
            index
                .predicate
                .as_ref()
                .map_or(String::new(), |p| expr(p.as_str()))
        ) + &format!("|{}", crate::emit::sql::table::storage_list(&index.storage)),
    )
}

/// A foreign key's definition without its name, nor its deferral, which Postgres changes
/// in place (`ALTER CONSTRAINT`).
fn fk_def(fk: &ForeignKey, columns: &[String], table: &str, target: &[String]) -> String {
    format!(
        "{}|{table}|{}|{}|{}",
        columns.join(","),
        target.join(","),
        fk.on_delete.sql(),
        fk.on_update.sql()
    )
}

/// The keys (primary, unique, unique index) of one table, as column sets with names.
fn keys(t: &Table) -> Vec<(&str, Vec<String>)> {
    let mut out = Vec::new();
    if let Some(pk) = &t.primary_key {
        out.push((pk.name.as_str(), key_of(&pk.columns)));
    }
    for u in &t.uniques {
        out.push((u.name.as_str(), key_of(&u.columns)));
    }
    for i in &t.indexes {
        if let (true, None, Some(cols)) = (i.unique, &i.predicate, i.column_names()) {
            out.push((i.name.as_str(), key_of(&cols)));
        }
    }
    out
}

/// Pairs the keys, checks and indexes of one table.
fn pair_table(p: &TablePair<'_>, analysis: &Analysis) -> Vec<Paired> {
    let t = p.old.name.as_str();
    let col = |c: &str| -> Option<String> {
        if analysis.is_recreated(t, c) {
            return None;
        }
        p.column_names.get(c).map(|n| n.to_string())
    };
    let cols = |list: &[String]| -> Option<String> {
        list.iter()
            .map(|c| col(c))
            .collect::<Option<Vec<_>>>()
            .map(|v| v.join(","))
    };
    // An old expression in new column names.
    let renamed = |expr: &str| {
        rename_identifiers(expr, |id| {
            p.column_names
                .get(id)
                .filter(|new| **new != id)
                .map(|new| new.to_string())
        })
    };
    // An expression that reads a retyped column, or calls a function dropped and created
    // again, goes with it and comes back after.
    let reads_retyped = |expr: &str| {
        analysis.calls_replaced(expr)
            || analysis
                .retyped
                .get(t)
                .is_some_and(|set| set.iter().any(|c| mentions(expr, c)))
    };

    let old_pk: Vec<Old> = p
        .old
        .primary_key
        .iter()
        .map(|k| Old {
            name: &k.name,
            def: cols(&k.columns),
        })
        .collect();
    let new_pk: Vec<(&str, String)> = p
        .new
        .primary_key
        .iter()
        .map(|k| (k.name.as_str(), k.columns.join(",")))
        .collect();
    let old_uniques: Vec<Old> = p
        .old
        .uniques
        .iter()
        .map(|u| Old {
            name: &u.name,
            def: cols(&u.columns).map(|c| format!("{c}|{}", u.nulls_not_distinct)),
        })
        .collect();
    let new_uniques: Vec<(&str, String)> = p
        .new
        .uniques
        .iter()
        .map(|u| {
            let def = format!("{}|{}", u.columns.join(","), u.nulls_not_distinct);
            (u.name.as_str(), def)
        })
        .collect();
    let old_checks: Vec<Old> = p
        .old
        .checks
        .iter()
        .map(|c| Old {
            name: &c.name,
            def: (!reads_retyped(c.expr.as_str())).then(|| renamed(c.expr.as_str())),
        })
        .collect();
    let new_checks: Vec<(&str, String)> = p
        .new
        .checks
        .iter()
        .map(|c| (c.name.as_str(), c.expr.as_str().to_string()))
        .collect();
    let old_indexes: Vec<Old> = p
        .old
        .indexes
        .iter()
        .map(|i| {
            let exprs_read_retyped = i.elements.iter().any(|e| match &e.target {
                IndexTarget::Expr(x) => reads_retyped(x.as_str()),
                IndexTarget::Column(_) => false,
            }) || i
                .predicate
                .as_ref()
                .is_some_and(|x| reads_retyped(x.as_str()));
            Old {
                name: &i.name,
                def: if exprs_read_retyped {
                    None
                } else {
                    index_def(i, col, renamed)
                },
            }
        })
        .collect();
    let new_indexes: Vec<(&str, String)> = p
        .new
        .indexes
        .iter()
        .filter_map(|i| {
            Some((
                i.name.as_str(),
                index_def(i, |c| Some(c.to_string()), str::to_string)?,
            ))
        })
        .collect();
    vec![
        pair(Kind::PrimaryKey, &old_pk, &new_pk),
        pair(Kind::Unique, &old_uniques, &new_uniques),
        pair(Kind::Check, &old_checks, &new_checks),
        pair(Kind::Index, &old_indexes, &new_indexes),
    ]
}

/// Pairs the foreign keys of one table, given the keys dropped in every table.
fn pair_foreign_keys(
    p: &TablePair<'_>,
    map: &Mapping<'_>,
    analysis: &Analysis,
    dropped_keys: &HashSet<(String, Vec<String>)>,
) -> Paired {
    let t = p.old.name.as_str();
    let old: Vec<Old> = p
        .old
        .foreign_keys
        .iter()
        .map(|fk| {
            let target = fk.references_table.as_str();
            let depends_on_change = fk.columns.iter().any(|c| analysis.is_retyped(t, c))
                || fk
                    .references_columns
                    .iter()
                    .any(|c| analysis.is_retyped(target, c))
                || dropped_keys.contains(&(target.to_string(), key_of(&fk.references_columns)));
            let def = (|| {
                if depends_on_change {
                    return None;
                }
                let columns = fk
                    .columns
                    .iter()
                    .map(|c| map.column_name(t, c).map(str::to_string))
                    .collect::<Option<Vec<_>>>()?;
                let target_columns = fk
                    .references_columns
                    .iter()
                    .map(|c| map.column_name(target, c).map(str::to_string))
                    .collect::<Option<Vec<_>>>()?;
                Some(fk_def(
                    fk,
                    &columns,
                    map.table_name(target)?,
                    &target_columns,
                ))
            })();
            Old {
                name: &fk.name,
                def,
            }
        })
        .collect();
    let new: Vec<(&str, String)> = p
        .new
        .foreign_keys
        .iter()
        .map(|fk| {
            let def = fk_def(
                fk,
                &fk.columns,
                &fk.references_table,
                &fk.references_columns,
            );
            (fk.name.as_str(), def)
        })
        .collect();
    pair(Kind::ForeignKey, &old, &new)
}

impl Planner<'_> {
    pub(super) fn constraints(&mut self, analysis: &Analysis) {
        let map = &self.map;
        let mut paired: Vec<Vec<Paired>> =
            map.tables.iter().map(|p| pair_table(p, analysis)).collect();

        // Keys that go away: foreign keys that reference them must be re-created.
        let mut dropped_keys = HashSet::new();
        for (p, kinds) in map.tables.iter().zip(&paired) {
            let dropped: HashSet<&str> = kinds
                .iter()
                .flat_map(|k| k.dropped.iter().map(String::as_str))
                .collect();
            for (name, key) in keys(p.old) {
                if dropped.contains(name) {
                    dropped_keys.insert((p.old.name.clone(), key));
                }
            }
        }
        for (p, kinds) in map.tables.iter().zip(paired.iter_mut()) {
            kinds.push(pair_foreign_keys(p, map, analysis, &dropped_keys));
        }

        // Keys that foreign keys added by this migration reference must exist before them.
        let mut needed_keys: HashSet<(String, Vec<String>)> = HashSet::new();
        for (p, kinds) in map.tables.iter().zip(&paired) {
            for k in kinds.iter().filter(|k| k.kind == Kind::ForeignKey) {
                for &j in &k.added {
                    let fk = &p.new.foreign_keys[j];
                    needed_keys
                        .insert((fk.references_table.clone(), key_of(&fk.references_columns)));
                }
            }
        }
        for t in &map.added_tables {
            for fk in &t.foreign_keys {
                needed_keys.insert((fk.references_table.clone(), key_of(&fk.references_columns)));
            }
        }

        let mut planned: Vec<(Phase, Stage, String, Vec<Hazard>)> = Vec::new();
        let mut relation_renames = Vec::new();
        let mut rename_kinds: HashMap<String, Kind> = HashMap::new();
        for (p, kinds) in map.tables.iter().zip(&paired) {
            let old_t = quote_ident(&p.old.name).into_owned();
            let mut table_renames = Vec::new();
            for k in kinds {
                for name in &k.dropped {
                    let (stage, sql) = match k.kind {
                        Kind::Index => (
                            Stage::DropConstraints,
                            format!("DROP INDEX {};", quote_ident(name)),
                        ),
                        Kind::ForeignKey => (
                            Stage::DropForeignKeys,
                            format!("ALTER TABLE {old_t} DROP CONSTRAINT {};", quote_ident(name)),
                        ),
                        _ => (
                            Stage::DropConstraints,
                            format!("ALTER TABLE {old_t} DROP CONSTRAINT {};", quote_ident(name)),
                        ),
                    };
                    planned.push((Phase::Main, stage, sql, Vec::new()));
                }
                for (from, to) in &k.renamed {
                    rename_kinds.insert(from.clone(), k.kind);
                    if k.kind.is_relation() {
                        relation_renames.push((from.clone(), to.clone(), p.new.name.clone()));
                    } else {
                        table_renames.push((from.clone(), to.clone()));
                    }
                }
                for &j in &k.added {
                    planned.extend(self.add(p.new, k.kind, j, &needed_keys));
                }
                // A kept foreign key whose deferral changes: in place, without checking its
                // rows again.
                if k.kind == Kind::ForeignKey {
                    for &(i, j) in &k.kept {
                        let (old, new) = (&p.old.foreign_keys[i], &p.new.foreign_keys[j]);
                        if old.deferrable != new.deferrable {
                            let when = new.deferrable.map_or("NOT DEFERRABLE", |d| d.sql());
                            let sql = format!(
                                "ALTER TABLE {} ALTER CONSTRAINT {} {when};",
                                quote_ident(&p.new.name),
                                quote_ident(&new.name)
                            );
                            planned.push((Phase::Main, Stage::AddForeignKeys, sql, Vec::new()));
                        }
                    }
                }
            }
            for (from, to) in order_renames(table_renames) {
                let sql = format!(
                    "ALTER TABLE {} RENAME CONSTRAINT {} TO {};",
                    quote_ident(&p.new.name),
                    quote_ident(&from),
                    quote_ident(&to)
                );
                planned.push((Phase::Main, Stage::RenameConstraints, sql, Vec::new()));
            }
        }
        let tables_of: HashMap<String, String> = relation_renames
            .iter()
            .map(|(from, _, t)| (from.clone(), t.clone()))
            .collect();
        let mut tables_of = tables_of;
        let ordered = order_renames(
            relation_renames
                .into_iter()
                .map(|(f, t, _)| (f, t))
                .collect(),
        );
        for (from, to) in ordered {
            // A temporary name keeps the kind and table of the name it came from.
            let kind = rename_kinds.get(&from).copied().unwrap_or(Kind::Index);
            let table = tables_of.get(&from).cloned().unwrap_or_default();
            rename_kinds.insert(to.clone(), kind);
            tables_of.insert(to.clone(), table.clone());
            let sql = if kind == Kind::Index {
                format!(
                    "ALTER INDEX {} RENAME TO {};",
                    quote_ident(&from),
                    quote_ident(&to)
                )
            } else {
                format!(
                    "ALTER TABLE {} RENAME CONSTRAINT {} TO {};",
                    quote_ident(&table),
                    quote_ident(&from),
                    quote_ident(&to)
                )
            };
            planned.push((Phase::Main, Stage::RenameConstraints, sql, Vec::new()));
        }
        for (phase, stage, sql, hazards) in planned {
            self.push_in(phase, stage, sql, hazards);
        }
    }
}
