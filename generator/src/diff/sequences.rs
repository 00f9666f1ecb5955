//! Storage parameters of kept tables, and the schema's own sequences: created before the tables and columns whose defaults take
//! their values, their options changed in place (the current value stays), their owner set
//! once the tables exist, and dropped once no default takes their values. A sequence is
//! matched by its name; one renamed is dropped and created again (a hazard: it starts over).

use schemaforge_schema::ir::{Schema, Sequence};

use super::order::Stage;
use super::{Planner, hazard};
use crate::emit::sql::{objects, quote_ident};
use crate::hazard::HazardKind;

impl Planner<'_> {
    /// A kept table's storage parameters: `ALTER TABLE … SET (…)` for those added or
    /// changed, `RESET (…)` for those gone (back to Postgres's defaults). They take effect
    /// for pages written after; nothing is rewritten.
    pub(super) fn table_storage(&mut self) {
        let mut steps = Vec::new();
        for p in &self.map.tables {
            let set: Vec<String> = p
                .new
                .storage
                .iter()
                .filter(|n| !p.old.storage.contains(n))
                .map(|n| n.sql())
                .collect();
            let reset: Vec<&str> = p
                .old
                .storage
                .iter()
                .filter(|o| !p.new.storage.iter().any(|n| n.name == o.name))
                .map(|o| o.name.as_str())
                .collect();
            let t = quote_ident(&p.new.name);
            if !reset.is_empty() {
                steps.push(format!("ALTER TABLE {t} RESET ({});", reset.join(", ")));
            }
            if !set.is_empty() {
                steps.push(format!("ALTER TABLE {t} SET ({});", set.join(", ")));
            }
        }
        for sql in steps {
            self.push(Stage::AlterColumns, sql, Vec::new());
        }
    }

    pub(super) fn sequences(&mut self, old: &Schema, new: &Schema) {
        let find = |s: &'_ Schema, name: &str| -> Option<Sequence> {
            s.sequences.iter().find(|q| q.name == name).cloned()
        };
        for q in &new.sequences {
            let Some(o) = find(old, &q.name) else {
                self.push(
                    Stage::CreateSequences,
                    objects::create_sequence(q),
                    Vec::new(),
                );
                if q.doc.is_some() {
                    self.push(Stage::Comments, objects::sequence_comment(q), Vec::new());
                }
                if let Some(sql) = objects::sequence_owner(q, false) {
                    self.push(Stage::AddForeignKeys, sql, Vec::new());
                }
                continue;
            };
            let options =
                |s: &Sequence| (s.ty, s.start, s.increment, s.min, s.max, s.cache, s.cycle);
            if options(&o) != options(q) {
                let alter = format!(
                    "ALTER SEQUENCE {} AS {}{}",
                    quote_ident(&q.name),
                    q.ty,
                    objects::sequence_options(q, true)
                );
                let (old_min, old_max) = o.limits();
                let (min, max) = q.limits();
                let sql = if min > old_min || max < old_max {
                    // Narrower limits: Postgres refuses them while the sequence's position is
                    // outside; it moves to the nearest value inside, as the next to hand out.
                    let name = quote_ident(&q.name);
                    let step = q.increment.unwrap_or(1);
                    format!(
                        "DO $seq$\nBEGIN\n    EXECUTE format('{} RESTART WITH %s', (SELECT least(greatest(CASE WHEN is_called THEN last_value + ({step}) ELSE last_value END, {min}), {max}) FROM {name}));\nEND\n$seq$;",
                        alter.replace('\'', "''")
                    )
                } else {
                    format!("{alter};")
                };
                self.push(Stage::CreateSequences, sql, Vec::new());
            }
            if o.doc != q.doc {
                self.push(Stage::Comments, objects::sequence_comment(q), Vec::new());
            }
            // The old owner lets go first: dropping it (a column or table that goes)
            // would drop the sequence with it.
            // Under their new names; `None` when they go.
            let old_owner = o.owned_by.as_ref().and_then(|c| {
                let table = self.map.table_name(&c.table)?.to_string();
                let column = self.map.column_name(&c.table, &c.column)?.to_string();
                Some((table, column))
            });
            let new_owner = q
                .owned_by
                .as_ref()
                .map(|c| (c.table.clone(), c.column.clone()));
            // An owner that goes (`old_owner` is `None`) lets go too.
            if o.owned_by.is_some()
                && (old_owner.is_none() || old_owner != new_owner)
                && let Some(sql) = objects::sequence_owner(&o, true)
            {
                self.push(Stage::DropForeignKeys, sql, Vec::new());
            }
            if old_owner != new_owner
                && let Some(sql) = objects::sequence_owner(q, false)
            {
                self.push(Stage::AddForeignKeys, sql, Vec::new());
            }
        }
        // The names the new schema's identity and serial columns give their sequences: a
        // declared sequence of such a name goes before those are created.
        let owned: Vec<String> = new.owned_sequences().map(|(_, _, name)| name).collect();
        for o in &old.sequences {
            if find(new, &o.name).is_some() {
                continue;
            }
            let stage = match owned.contains(&o.name) {
                true => Stage::DropTables,
                false => Stage::DropSequences,
            };
            // A sequence owned by a column that goes is gone with it by now.
            let sql = format!("DROP SEQUENCE IF EXISTS {};", quote_ident(&o.name));
            let hazards = vec![hazard(
                HazardKind::DataLoss,
                format!(
                    "drops the sequence `{}` and its position: a sequence declared again under another name starts over",
                    o.name
                ),
            )];
            self.push(stage, sql, hazards);
        }
    }
}
