//! Whole tables: created (with the DDL emitter's own statements, in foreign-key order),
//! dropped (referencing tables first), renamed; and the comments of every table.

use schemaforge_schema::ir::{Schema, Table};

use super::columns::Analysis;
use super::matching::order_renames;
use super::order::Stage;
use super::{Planner, hazard};
use crate::emit::sql::citus;
use crate::emit::sql::table::{add_foreign_key, comments, create_index, create_table};
use crate::emit::sql::{order, quote_ident, quote_literal};
use crate::hazard::HazardKind;

impl Planner<'_> {
    /// On Citus, no kept table may move between reference and distributed.
    pub(super) fn citus_placements(&self) -> Result<(), super::DiffError> {
        use schemaforge_schema::citus::{Placement, placement};
        for pair in &self.map.tables {
            let distributed = |t| matches!(placement(t), Placement::Distributed { .. });
            if distributed(pair.old) != distributed(pair.new) {
                return Err(super::DiffError::CitusPlacement {
                    table: pair.new.name.clone(),
                    distributed: distributed(pair.new),
                });
            }
        }
        Ok(())
    }

    /// No kept table may change how it is partitioned.
    pub(super) fn partitioning_kept(&self) -> Result<(), super::DiffError> {
        let describe = |t: &Table| match &t.partitioning {
            None => "not partitioned".to_string(),
            Some(p) => format!(
                "partitioned by {} ({})",
                p.method.sql().to_lowercase(),
                p.columns.join(", ")
            ),
        };
        for pair in &self.map.tables {
            let shape = |t: &Table| {
                t.partitioning
                    .as_ref()
                    .map(|p| (p.method, p.columns.clone()))
            };
            if shape(pair.old) != shape(pair.new) {
                return Err(super::DiffError::Partitioning {
                    table: pair.new.name.clone(),
                    from: describe(pair.old),
                    to: describe(pair.new),
                });
            }
        }
        Ok(())
    }

    /// The partitions of kept partitioned tables: new ones created, those no longer
    /// declared dropped (a data-loss hazard), and one whose bound changes detached and
    /// attached again with it (Postgres scans it to check its rows fit). A partition keeps
    /// its name: one renamed is dropped and created again.
    pub(super) fn partitions(&mut self) {
        use crate::emit::sql::table::create_partition;
        let mut planned: Vec<(Stage, String, Vec<crate::hazard::Hazard>)> = Vec::new();
        for pair in &self.map.tables {
            let (Some(old), Some(new)) = (&pair.old.partitioning, &pair.new.partitioning) else {
                continue;
            };
            let parent = quote_ident(&pair.new.name);
            let had_default = old
                .partitions
                .iter()
                .any(|p| p.bound == schemaforge_schema::ir::PartitionBound::Default);
            for part in &old.partitions {
                if !new.partitions.iter().any(|n| n.name == part.name) {
                    let hazards = vec![hazard(
                        HazardKind::DataLoss,
                        format!(
                            "drops partition `{}` of `{}` and every row in it",
                            part.name, pair.new.name
                        ),
                    )];
                    let sql = format!("DROP TABLE {};", quote_ident(&part.name));
                    planned.push((Stage::DropTables, sql, hazards));
                }
            }
            for part in &new.partitions {
                let name = quote_ident(&part.name);
                match old.partitions.iter().find(|o| o.name == part.name) {
                    None => {
                        let mut hazards = Vec::new();
                        if had_default
                            && part.bound != schemaforge_schema::ir::PartitionBound::Default
                        {
                            hazards.push(hazard(
                                HazardKind::BlockingLock,
                                format!(
                                    "creating partition `{}` scans the default partition of `{}`, and fails if it holds rows the new partition's bound admits: move them out first",
                                    part.name, pair.new.name
                                ),
                            ));
                        }
                        planned.push((
                            Stage::CreateTables,
                            create_partition(pair.new, part),
                            hazards,
                        ));
                        if let Some(doc) = &part.doc {
                            let sql = format!("COMMENT ON TABLE {name} IS {};", quote_literal(doc));
                            planned.push((Stage::Comments, sql, Vec::new()));
                        }
                    }
                    Some(o) => {
                        if o.bound != part.bound {
                            let detach = format!("ALTER TABLE {parent} DETACH PARTITION {name};");
                            let attach = format!(
                                "ALTER TABLE {parent} ATTACH PARTITION {name} {};",
                                part.bound.sql()
                            );
                            let hazards = vec![hazard(
                                HazardKind::BlockingLock,
                                format!(
                                    "attaching partition `{}` with its new bound scans its rows (and the default partition's) and fails if one falls outside it",
                                    part.name
                                ),
                            )];
                            // Detached and attached at once: a detached partition does not
                            // follow its parent's column changes.
                            planned.push((Stage::CreateTables, detach, Vec::new()));
                            planned.push((Stage::CreateTables, attach, hazards));
                        }
                        if o.doc != part.doc {
                            let sql = format!(
                                "COMMENT ON TABLE {name} IS {};",
                                literal(part.doc.as_deref())
                            );
                            planned.push((Stage::Comments, sql, Vec::new()));
                        }
                    }
                }
            }
        }
        for (stage, sql, hazards) in planned {
            self.push(stage, sql, hazards);
        }
    }

    pub(super) fn tables(&mut self) {
        let mut planned: Vec<(Stage, String, Vec<crate::hazard::Hazard>)> = Vec::new();

        // New tables, as `emit` creates them; foreign keys that close a cycle come last.
        let added = Schema {
            format: Schema::FORMAT,
            extensions: Vec::new(),
            functions: Vec::new(),
            views: Vec::new(),
            sequences: Vec::new(),
            groups: Vec::new(),
            enums: Vec::new(),
            tables: self.map.added_tables.iter().map(|t| (*t).clone()).collect(),
        };
        let plan = order::plan(&added);
        let citus = self.options.citus;
        // On Citus, new distributed tables join the colocation group of the existing ones
        // (the first in the new schema's order), or start one.
        let existing = self.map.tables.iter().map(|p| p.new);
        let mut anchor = citus::colocation_anchor(existing).map(str::to_string);
        for planned_table in &plan.tables {
            let t = planned_table.table;
            let inline: &[_] = if citus {
                &[]
            } else {
                &planned_table.inline_fks
            };
            planned.push((Stage::CreateTables, create_table(t, inline), Vec::new()));
            for p in crate::emit::sql::table::partitions(t) {
                planned.push((Stage::CreateTables, p, Vec::new()));
            }
            for i in &t.indexes {
                planned.push((Stage::CreateTables, create_index(t, i), Vec::new()));
            }
            for c in comments(t) {
                planned.push((Stage::CreateTables, c, Vec::new()));
            }
            if citus {
                let call = citus::placement_call(t, anchor.as_deref());
                planned.push((Stage::CreateTables, call, Vec::new()));
                if anchor.is_none() && citus::colocation_anchor([t]).is_some() {
                    anchor = Some(t.name.clone());
                }
            }
        }
        if citus {
            for planned_table in &plan.tables {
                let t = planned_table.table;
                for fk in &t.foreign_keys {
                    planned.push((Stage::AddForeignKeys, add_foreign_key(t, fk), Vec::new()));
                }
            }
        } else {
            for (t, fk) in &plan.deferred {
                planned.push((Stage::AddForeignKeys, add_foreign_key(t, fk), Vec::new()));
            }
        }
        let m = &self.map;
        let scoped_before = citus::has_scoped(m.tables.iter().map(|p| p.old))
            || citus::has_scoped(m.dropped_tables.iter().copied());
        if citus && !scoped_before && citus::has_scoped(m.added_tables.iter().copied()) {
            planned.push((
                Stage::AddForeignKeys,
                citus::set_tenant_function(),
                Vec::new(),
            ));
        }

        // Dropped tables: the reverse of their creation order, so that a table goes before
        // the tables it references; foreign keys inside a cycle are dropped first.
        let dropped = Schema {
            format: Schema::FORMAT,
            extensions: Vec::new(),
            functions: Vec::new(),
            views: Vec::new(),
            sequences: Vec::new(),
            groups: Vec::new(),
            enums: Vec::new(),
            tables: self
                .map
                .dropped_tables
                .iter()
                .map(|t| (*t).clone())
                .collect(),
        };
        let plan = order::plan(&dropped);
        for (t, fk) in &plan.deferred {
            let sql = format!(
                "ALTER TABLE {} DROP CONSTRAINT {};",
                quote_ident(&t.name),
                quote_ident(&fk.name)
            );
            planned.push((Stage::DropForeignKeys, sql, Vec::new()));
        }
        for planned_table in plan.tables.iter().rev() {
            let t = planned_table.table;
            let mut hazards = vec![hazard(
                HazardKind::DataLoss,
                format!("drops table `{}` and every row in it", t.name),
            )];
            if let Some(twin) = self.same_columns(t) {
                hazards.push(hazard(
                    HazardKind::PossibleRename,
                    format!(
                        "table `{}` is dropped and `{}` created with the same columns: if it is \
                         a rename, write `renamed_from({})` in table `{}` to keep the rows",
                        t.name, twin.name, t.name, twin.name
                    ),
                ));
            }
            let sql = format!("DROP TABLE {};", quote_ident(&t.name));
            planned.push((Stage::DropTables, sql, hazards));
        }

        let renames = order_renames(
            self.map
                .tables
                .iter()
                .map(|p| (p.old.name.clone(), p.new.name.clone()))
                .collect(),
        );
        for (from, to) in renames {
            let sql = format!(
                "ALTER TABLE {} RENAME TO {};",
                quote_ident(&from),
                quote_ident(&to)
            );
            planned.push((Stage::RenameTables, sql, Vec::new()));
        }

        for (stage, sql, hazards) in planned {
            self.push(stage, sql, hazards);
        }
    }

    /// An added table with exactly the columns (names and types) of the dropped table `t`.
    fn same_columns(&self, t: &Table) -> Option<&Table> {
        let shape = |table: &Table, map: bool| -> Vec<(String, String)> {
            let mut cols: Vec<(String, String)> = table
                .columns
                .iter()
                .map(|c| {
                    let ty = if map {
                        self.map.map_type(&c.ty)
                    } else {
                        c.ty.clone()
                    };
                    (c.name.clone(), ty.to_string())
                })
                .collect();
            cols.sort();
            cols
        };
        let old = shape(t, true);
        let mut twins = self
            .map
            .added_tables
            .iter()
            .filter(|n| shape(n, false) == old);
        match (twins.next(), twins.next()) {
            (Some(one), None) => Some(one),
            _ => None,
        }
    }

    /// `COMMENT ON` for tables and columns whose doc changed, and for new columns.
    pub(super) fn comments(&mut self, analysis: &Analysis) {
        self.enum_comments();
        let mut out = Vec::new();
        for p in &self.map.tables {
            let t = quote_ident(&p.new.name);
            if p.old.doc != p.new.doc {
                out.push(format!(
                    "COMMENT ON TABLE {t} IS {};",
                    literal(p.new.doc.as_deref())
                ));
            }
            let on_column = |name: &str, doc: Option<&str>| {
                format!(
                    "COMMENT ON COLUMN {t}.{} IS {};",
                    quote_ident(name),
                    literal(doc)
                )
            };
            for c in &p.new.columns {
                let old = p
                    .columns
                    .iter()
                    .find(|(_, n)| n.name == c.name)
                    .map(|(o, _)| o);
                let recreated = old.is_some_and(|o| analysis.is_recreated(&p.old.name, &o.name));
                let old_doc = if recreated {
                    None
                } else {
                    old.and_then(|o| o.doc.as_deref())
                };
                if old_doc != c.doc.as_deref() {
                    out.push(on_column(&c.name, c.doc.as_deref()));
                }
            }
        }
        for sql in out {
            self.push(Stage::Comments, sql, Vec::new());
        }
    }
}

fn literal(doc: Option<&str>) -> String {
    doc.map_or_else(|| "NULL".to_string(), quote_literal)
}
