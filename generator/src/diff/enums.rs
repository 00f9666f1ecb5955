//! Enum types: created, dropped, renamed, values renamed and added in place, or the type
//! rebuilt when values are removed or reordered.

use schemaforge_schema::ir::{Enum, Schema};

use super::matching::{order_renames, temporary_name};
use super::order::{Phase, Stage};
use super::{Planner, hazard};
use crate::emit::sql::{
    create_extension, create_type, quote_ident, quote_literal, quote_type_name,
};
use crate::hazard::HazardKind;

impl Planner<'_> {
    /// `CREATE EXTENSION IF NOT EXISTS` for each new one, first; `DROP EXTENSION` for each
    /// one the schema no longer declares, last, without `CASCADE`: it fails while objects
    /// the schema does not manage still use it, rather than dropping them.
    pub(super) fn extensions(&mut self, old: &Schema, new: &Schema) {
        let has = |s: &Schema, name: &str| s.extensions.iter().any(|x| x.name == name);
        for x in new.extensions.iter().filter(|x| !has(old, &x.name)) {
            self.push(
                Stage::CreateExtensions,
                create_extension(&x.name),
                Vec::new(),
            );
        }
        for x in old.extensions.iter().filter(|x| !has(new, &x.name)) {
            let sql = format!("DROP EXTENSION IF EXISTS {};", quote_ident(&x.name));
            let dropped = hazard(
                HazardKind::DataLoss,
                format!(
                    "drops the extension `{}` and what it holds; fails while objects outside the schema use it",
                    x.name
                ),
            );
            self.push(Stage::DropExtensions, sql, vec![dropped]);
        }
    }

    pub(super) fn enums(&mut self) {
        let map = &self.map;
        let added: Vec<&Enum> = map.added_enums.clone();
        let dropped: Vec<&Enum> = map.dropped_enums.clone();
        for e in added {
            self.push(Stage::CreateEnums, create_type(e), Vec::new());
            if let Some(doc) = &e.doc {
                self.push(
                    Stage::CreateEnums,
                    comment_on_type(&e.name, Some(doc)),
                    Vec::new(),
                );
            }
        }
        for e in dropped {
            let sql = format!("DROP TYPE {};", quote_type_name(&e.name));
            self.push(Stage::DropEnums, sql, Vec::new());
        }

        // Renames of the types themselves, then of values, then new values, all in the
        // enum-values phase that commits before the main transaction.
        let type_renames = order_renames(
            self.map
                .enums
                .iter()
                .map(|p| (p.old.name.clone(), p.new.name.clone()))
                .collect(),
        );
        for (from, to) in type_renames {
            let sql = format!(
                "ALTER TYPE {} RENAME TO {};",
                quote_type_name(&from),
                quote_type_name(&to)
            );
            self.push_in(Phase::EnumValues, Stage::RenameTables, sql, Vec::new());
        }
        let mut planned = Vec::new();
        for p in &self.map.enums {
            let name = quote_type_name(&p.new.name).into_owned();
            let renames: Vec<(String, String)> = p
                .values
                .iter()
                .map(|(o, n)| (o.to_string(), n.to_string()))
                .collect();
            // Values in old order, so the output does not depend on hashing.
            let mut renames = renames;
            renames.sort_by_key(|(o, _)| p.old.values.iter().position(|v| &v.name == o));
            for (from, to) in order_renames(renames) {
                planned.push((
                    Phase::EnumValues,
                    Stage::RenameTables,
                    format!(
                        "ALTER TYPE {name} RENAME VALUE {} TO {};",
                        quote_literal(&from),
                        quote_literal(&to)
                    ),
                    Vec::new(),
                ));
            }
            if p.rebuild {
                let old_name = temporary_name(&p.new.name);
                let mut hazards = Vec::new();
                if !p.removed.is_empty() {
                    let values: Vec<String> = p.removed.iter().map(|v| quote_literal(v)).collect();
                    hazards.push(hazard(
                        HazardKind::DataLoss,
                        format!(
                            "removes {} from enum `{}`: rows still holding {} make this migration \
                             fail, so update them first",
                            values.join(", "),
                            p.new.name,
                            if values.len() == 1 { "it" } else { "them" }
                        ),
                    ));
                }
                if let ([removed], [added]) = (p.removed.as_slice(), p.added.as_slice()) {
                    hazards.push(hazard(
                        HazardKind::PossibleRename,
                        format!(
                            "'{removed}' is removed from enum `{}` and '{added}' added: if it \
                             is a rename, write `{added} renamed_from({removed})` to keep the rows",
                            p.new.name
                        ),
                    ));
                }
                planned.push((
                    Phase::Main,
                    Stage::CreateEnums,
                    format!(
                        "ALTER TYPE {name} RENAME TO {};\n{}",
                        quote_type_name(&old_name),
                        create_type(p.new)
                    ),
                    hazards,
                ));
                planned.push((
                    Phase::Main,
                    Stage::DropEnums,
                    format!("DROP TYPE {};", quote_type_name(&old_name)),
                    Vec::new(),
                ));
            } else {
                for sql in add_values(p.new, &p.added) {
                    planned.push((Phase::EnumValues, Stage::RenameTables, sql, Vec::new()));
                }
            }
        }
        for (phase, stage, sql, hazards) in planned {
            self.push_in(phase, stage, sql, hazards);
        }
    }

    /// `COMMENT ON TYPE` for enums whose doc changed (or that were rebuilt).
    pub(super) fn enum_comments(&mut self) {
        let mut out = Vec::new();
        for p in &self.map.enums {
            if p.new.doc != p.old.doc || (p.rebuild && p.new.doc.is_some()) {
                out.push(comment_on_type(&p.new.name, p.new.doc.as_deref()));
            }
        }
        for sql in out {
            self.push(Stage::Comments, sql, Vec::new());
        }
    }
}

/// `ALTER TYPE … ADD VALUE` for each added value, placed with BEFORE/AFTER so that the
/// type's order matches the schema's.
fn add_values(e: &Enum, added: &[&str]) -> Vec<String> {
    let name = quote_type_name(&e.name);
    let is_added = |v: &str| added.contains(&v);
    let Some(first_kept) = e.values.iter().position(|v| !is_added(&v.name)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, v) in e.values.iter().enumerate() {
        if !is_added(&v.name) {
            continue;
        }
        let place = if i < first_kept {
            format!("BEFORE {}", quote_literal(&e.values[first_kept].name))
        } else {
            format!("AFTER {}", quote_literal(&e.values[i - 1].name))
        };
        out.push(format!(
            "ALTER TYPE {name} ADD VALUE {} {place};",
            quote_literal(&v.name)
        ));
    }
    out
}

fn comment_on_type(name: &str, doc: Option<&str>) -> String {
    format!(
        "COMMENT ON TYPE {} IS {};",
        quote_type_name(name),
        doc.map_or_else(|| "NULL".to_string(), quote_literal)
    )
}
