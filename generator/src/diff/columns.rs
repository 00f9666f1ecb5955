//! Columns of tables present in both schemas: dropped, added, renamed, and altered in
//! place (type, default, nullability, identity, generation) or re-added.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use schemaforge_schema::ir::{
    Column, ColumnType, DefaultValue, ForeignKey, Identity, Table, Tenancy, owned_sequence_name,
};

use super::cast::cast;
use super::expr::{mentions, rename_identifiers};
use super::matching::{TablePair, order_renames};
use super::order::Stage;
use super::{DiffError, Planner, hazard};
use crate::emit::sql::quote_ident;
use crate::emit::sql::table::{column_line, column_type, declared_type};
use crate::hazard::{Hazard, HazardKind};

/// What the column pass learned that the constraint pass needs, by old table name.
#[derive(Default)]
pub(crate) struct Analysis {
    /// Old names of columns whose type changes, or that are dropped and re-added.
    pub retyped: HashMap<String, HashSet<String>>,
    /// Old names of columns that are dropped and re-added (generated columns).
    pub recreated: HashMap<String, HashSet<String>>,
    /// The functions dropped and created again, which nothing may call when they are.
    pub replaced_functions: HashSet<String>,
}

impl Analysis {
    pub(crate) fn is_retyped(&self, table: &str, column: &str) -> bool {
        self.retyped.get(table).is_some_and(|s| s.contains(column))
    }

    /// Whether `expr` calls a function that is dropped and created again.
    pub(crate) fn calls_replaced(&self, expr: &str) -> bool {
        self.replaced_functions.iter().any(|f| mentions(expr, f))
    }

    pub(crate) fn is_recreated(&self, table: &str, column: &str) -> bool {
        self.recreated
            .get(table)
            .is_some_and(|s| s.contains(column))
    }
}

/// `ALTER TABLE t ADD COLUMN …` with the column as `CREATE TABLE` declares it.
pub(crate) fn add_column(table: &str, c: &Column) -> String {
    format!(
        "ALTER TABLE {} ADD COLUMN {};",
        quote_ident(table),
        column_line(c, &declared_type(c), 0, 0)
    )
}

/// The tenant key of `table` that its new tenant column `c` can be filled from: `c` is the
/// table's tenant column, NOT NULL without a value of the database's, and leads a key to a
/// parent of the same tenant whose own columns are NOT NULL (a `tenant via` table's key to
/// its parent, when the table starts storing its tenant).
fn tenant_key_to_fill_from<'t>(
    old: &Table,
    table: &'t Table,
    c: &Column,
) -> Option<&'t ForeignKey> {
    let Tenancy::Column { column } = &table.tenancy else {
        return None;
    };
    if *column != c.name || c.has_database_value() {
        return None;
    }
    let candidates = || {
        table.foreign_keys.iter().filter(|fk| {
            fk.tenant.as_ref().is_some_and(|k| k.column == c.name)
                && fk.references_table != table.name
                && fk
                    .written_columns()
                    .iter()
                    .all(|w| table.column(w).is_some_and(|col| !col.nullable))
        })
    };
    // The key the table was scoped through, when it was `tenant via` (its parent is what
    // gave a row its tenant), else the first.
    let via = match &old.tenancy {
        Tenancy::Via { column, .. } => Some(column.as_str()),
        _ => None,
    };
    candidates()
        .find(|fk| via.is_some_and(|v| fk.written_columns() == [v.to_string()]))
        .or_else(|| candidates().next())
}

/// Filling a new tenant column of an existing table from its parent.
struct TenantFill {
    table: String,
    parent: String,
    /// With Row-Level Security: lets the owner past the policies for the fill, and back.
    before: Option<String>,
    sql: String,
    after: Option<String>,
    hazards: Vec<Hazard>,
}

/// For each new tenant column of an existing table that a tenant key leads: `UPDATE … FROM`
/// the parent, then `SET NOT NULL`.
fn tenant_fills(p: &TablePair<'_>, rls: (bool, bool)) -> Vec<TenantFill> {
    let mut fills = Vec::new();
    for a in &p.added {
        let Some(fk) = tenant_key_to_fill_from(p.old, p.new, a) else {
            continue;
        };
        let Some(key) = &fk.tenant else {
            continue;
        };
        let t = quote_ident(&p.new.name);
        let parent = quote_ident(&fk.references_table);
        let c = quote_ident(&a.name);
        let alias = if p.new.name == "parent" {
            "parent_row"
        } else {
            "parent"
        };
        let join: Vec<String> = fk
            .written_columns()
            .iter()
            .zip(fk.written_references())
            .map(|(mine, theirs)| {
                format!(
                    "{t}.{} = {alias}.{}",
                    quote_ident(mine),
                    quote_ident(theirs)
                )
            })
            .collect();
        let sql = format!(
            "UPDATE {t} SET {c} = {alias}.{} FROM {parent} AS {alias} WHERE {};\nALTER TABLE {t} ALTER COLUMN {c} SET NOT NULL;",
            quote_ident(&key.references),
            join.join(" AND ")
        );
        let before = rls.0.then(|| {
            format!(
                "ALTER TABLE {t} NO FORCE ROW LEVEL SECURITY;\nALTER TABLE {parent} NO FORCE ROW LEVEL SECURITY;"
            )
        });
        let after = (rls.0 && rls.1).then(|| {
            format!(
                "ALTER TABLE {t} FORCE ROW LEVEL SECURITY;\nALTER TABLE {parent} FORCE ROW LEVEL SECURITY;"
            )
        });
        let hazards = vec![hazard(
            HazardKind::BlockingLock,
            format!(
                "fills the new tenant column `{}.{}` from `{}`, updating every row, then checks every row under an ACCESS EXCLUSIVE lock",
                p.new.name, a.name, fk.references_table
            ),
        )];
        fills.push(TenantFill {
            table: p.new.name.clone(),
            parent: fk.references_table.clone(),
            before,
            sql,
            after,
            hazards,
        });
    }
    fills
}

/// Hazards of adding `c` to the existing table `t`.
/// `volatile` names the schema's own volatile functions, which Postgres calls for each row.
fn add_column_hazards(t: &str, c: &Column, volatile: &[&str]) -> Vec<Hazard> {
    let mut hazards = Vec::new();
    let default_is_volatile = match &c.default {
        Some(DefaultValue::Sql(e)) => {
            crate::hazard::is_volatile(e.as_str())
                || volatile
                    .iter()
                    .any(|f| super::expr::mentions(e.as_str(), f))
        }
        _ => false,
    };
    if !c.has_database_value() {
        hazards.push(hazard(
            HazardKind::NotNullOnFilledTable,
            format!(
                "`{t}.{}` is NOT NULL without a default: fails if `{t}` has rows",
                c.name
            ),
        ));
    }
    if default_is_volatile || c.is_serial() || c.identity.is_some() || c.generated.is_some() {
        hazards.push(hazard(
            HazardKind::TableRewrite,
            format!(
                "fills `{t}.{}` row by row, rewriting `{t}` under an ACCESS EXCLUSIVE lock",
                c.name
            ),
        ));
    }
    hazards
}

impl Planner<'_> {
    /// Plans every column change and returns what the constraint pass needs.
    pub(super) fn columns(&mut self) -> Result<Analysis, DiffError> {
        let mut analysis = Analysis {
            replaced_functions: self.replaced_functions.clone(),
            ..Analysis::default()
        };
        let mut planned: Vec<(Stage, String, Vec<Hazard>)> = Vec::new();
        for p in &self.map.tables {
            self.table_columns(p, &mut analysis, &mut planned)?;
        }
        // A new tenant column is filled from the parent its tenant key leads to, parents
        // first: in a chain of `tenant via` tables, each parent's column is filled before
        // its children read it.
        // Under Row-Level Security (FORCE holds the owner too, and no tenant is set while
        // migrating) the fill would see no parent rows: the owner is let through for it.
        // `(before, after)`: NO FORCE where RLS was on; FORCE again only where it stays on
        // (where it goes, the policies step lifts it, and a table that never had it stays
        // without).
        let rls = (
            self.options
                .previous_row_level_security
                .unwrap_or(self.options.row_level_security),
            self.options.row_level_security,
        );
        let mut fills: Vec<TenantFill> = self
            .map
            .tables
            .iter()
            .flat_map(|p| tenant_fills(p, rls))
            .collect();
        while !fills.is_empty() {
            let ready = fills
                .iter()
                .position(|f| !fills.iter().any(|g| g.table == f.parent))
                .unwrap_or(0);
            let fill = fills.remove(ready);
            if let Some(before) = fill.before {
                planned.push((Stage::AlterColumns, before, Vec::new()));
            }
            planned.push((Stage::AlterColumns, fill.sql, fill.hazards));
            if let Some(after) = fill.after {
                planned.push((Stage::AlterColumns, after, Vec::new()));
            }
        }
        for (stage, sql, hazards) in planned {
            self.push(stage, sql, hazards);
        }
        Ok(analysis)
    }

    fn table_columns(
        &self,
        p: &TablePair<'_>,
        analysis: &mut Analysis,
        out: &mut Vec<(Stage, String, Vec<Hazard>)>,
    ) -> Result<(), DiffError> {
        let old_t = quote_ident(&p.old.name).into_owned();
        let new_name = p.new.name.as_str();
        let new_t = quote_ident(new_name).into_owned();

        // Which columns change type, and which generated columns must be re-added.
        let mut retyped: HashSet<&str> = HashSet::new();
        for (o, n) in &p.columns {
            if self.map.map_type(&o.ty) != n.ty || self.map.uses_rebuilt_enum(&n.ty) {
                retyped.insert(o.name.as_str());
            }
        }
        let mut recreated: HashSet<&str> = HashSet::new();
        for (o, n) in &p.columns {
            let Some(new_expr) = &n.generated else {
                continue;
            };
            let in_new_names = |e: &str| {
                rename_identifiers(e, |id| {
                    p.column_names
                        .get(id)
                        .filter(|new| **new != id)
                        .map(|new| new.to_string())
                })
            };
            let same_expr = o.generated.as_ref().map(|e| in_new_names(e.as_str()))
                == Some(new_expr.as_str().to_string());
            let reads_retyped = p.columns.iter().any(|(o2, n2)| {
                retyped.contains(o2.name.as_str())
                    && (mentions(new_expr.as_str(), &n2.name)
                        || o.generated
                            .as_ref()
                            .is_some_and(|e| mentions(e.as_str(), &o2.name)))
            });
            let calls_replaced = o
                .generated
                .as_ref()
                .is_some_and(|e| analysis.calls_replaced(e.as_str()));
            if !same_expr || retyped.contains(o.name.as_str()) || reads_retyped || calls_replaced {
                recreated.insert(o.name.as_str());
            }
        }
        let entry = analysis.retyped.entry(p.old.name.clone()).or_default();
        entry.extend(retyped.iter().chain(&recreated).map(|s| s.to_string()));
        analysis
            .recreated
            .entry(p.old.name.clone())
            .or_default()
            .extend(recreated.iter().map(|s| s.to_string()));

        // Drops, with the old names: re-added generated columns first (an ordinary column
        // cannot be dropped while a generated one reads it).
        for (o, n) in &p.columns {
            if recreated.contains(o.name.as_str()) {
                let sql = format!("ALTER TABLE {old_t} DROP COLUMN {};", quote_ident(&o.name));
                out.push((Stage::DropColumns, sql, Vec::new()));
                let hazards = if o.generated.is_none() {
                    vec![hazard(
                        HazardKind::DataLoss,
                        format!(
                            "replaces the values of `{new_name}.{}` with its generated expression",
                            n.name
                        ),
                    )]
                } else {
                    vec![hazard(
                        HazardKind::TableRewrite,
                        format!(
                            "re-adds generated column `{new_name}.{}` (Postgres 15 cannot change \
                             a generation expression), rewriting `{new_name}` under an ACCESS \
                             EXCLUSIVE lock",
                            n.name
                        ),
                    )]
                };
                out.push((Stage::AddGeneratedColumns, add_column(new_name, n), hazards));
            }
        }
        for d in &p.dropped {
            let mut hazards = vec![hazard(
                HazardKind::DataLoss,
                format!("drops column `{}.{}` and its values", p.old.name, d.name),
            )];
            if let Some(a) = self.rename_candidate(p, d) {
                hazards.push(hazard(
                    HazardKind::PossibleRename,
                    format!(
                        "`{}.{}` is dropped and `{new_name}.{}` added with the same type: if it \
                         is a rename, write `renamed_from({})` on column `{}` to keep the values",
                        p.old.name, d.name, a.name, d.name, a.name
                    ),
                ));
            }
            let sql = format!("ALTER TABLE {old_t} DROP COLUMN {};", quote_ident(&d.name));
            out.push((Stage::DropColumns, sql, hazards));
        }

        let renames = order_renames(
            p.columns
                .iter()
                .map(|(o, n)| (o.name.clone(), n.name.clone()))
                .collect(),
        );
        for (from, to) in renames {
            let sql = format!(
                "ALTER TABLE {new_t} RENAME COLUMN {} TO {};",
                quote_ident(&from),
                quote_ident(&to)
            );
            out.push((Stage::RenameColumns, sql, Vec::new()));
        }
        for (o, n) in &p.columns {
            // Postgres names an identity's or a serial's sequence after its table and column
            // when it creates it, and keeps the name through renames. A column that changes
            // between the two drops its sequence and gets another (`alter_column`).
            let same_kind =
                (o.identity.is_some() && n.identity.is_some()) || (o.is_serial() && n.is_serial());
            if same_kind && (o.name != n.name || p.old.name != p.new.name) {
                let from = owned_sequence_name(&p.old.name, &o.name);
                let to = owned_sequence_name(&p.new.name, &n.name);
                if from != to {
                    let sql = format!(
                        "ALTER SEQUENCE {} RENAME TO {};",
                        quote_ident(&from),
                        quote_ident(&to)
                    );
                    out.push((Stage::RenameConstraints, sql, Vec::new()));
                }
            }
        }

        for a in &p.added {
            let stage = if a.generated.is_some() {
                Stage::AddGeneratedColumns
            } else {
                Stage::AddColumns
            };
            if tenant_key_to_fill_from(p.old, p.new, a).is_some() {
                // Added nullable, filled from the parent, then NOT NULL: see `tenant_fills`.
                let nullable = Column {
                    nullable: true,
                    ..(*a).clone()
                };
                out.push((stage, add_column(new_name, &nullable), Vec::new()));
                continue;
            }
            out.push((
                stage,
                add_column(new_name, a),
                add_column_hazards(new_name, a, &self.map.volatile_functions),
            ));
        }

        for (o, n) in &p.columns {
            if recreated.contains(o.name.as_str()) {
                continue;
            }
            let retype = retyped.contains(o.name.as_str());
            // A default that calls a function dropped and created again lets go of it
            // first (old names: this is before the renames), and is set again below.
            let calls_replaced = o
                .default
                .as_ref()
                .is_some_and(|d| analysis.calls_replaced(&default_sql(d)));
            if calls_replaced {
                let sql = format!(
                    "ALTER TABLE {old_t} ALTER COLUMN {} DROP DEFAULT;",
                    quote_ident(&o.name)
                );
                out.push((Stage::DropConstraints, sql, Vec::new()));
            }
            let sides = (p.old.name.as_str(), new_name);
            self.alter_column(sides, o, n, retype, calls_replaced, out)?;
        }
        Ok(())
    }

    /// The one added column that a dropped column may have been renamed to: same type,
    /// and neither has another candidate.
    fn rename_candidate<'t>(&self, p: &TablePair<'t>, dropped: &Column) -> Option<&'t Column> {
        let ty = self.map.map_type(&dropped.ty);
        let candidates: Vec<&&Column> = p.added.iter().filter(|a| a.ty == ty).collect();
        let [added] = candidates.as_slice() else {
            return None;
        };
        let reverse = p
            .dropped
            .iter()
            .filter(|d| self.map.map_type(&d.ty) == added.ty)
            .count();
        (reverse == 1).then_some(**added)
    }

    /// In-place changes of a column that keeps existing: generation dropped, identity
    /// dropped, default dropped, type, default set, nullability, identity added.
    ///
    /// A serial column keeps its sequence through a change of its integer type (which
    /// changes the sequence's type too); a column that becomes serial gets a sequence of its
    /// own, owned by it and set past the column's largest value, and one that stops being
    /// serial drops its default and sequence first, under their old names (before renames,
    /// and before a declared sequence of that name may be created). `tables` are the
    /// table's old and new names.
    fn alter_column(
        &self,
        tables: (&str, &str),
        o: &Column,
        n: &Column,
        retype: bool,
        default_dropped: bool,
        out: &mut Vec<(Stage, String, Vec<Hazard>)>,
    ) -> Result<(), DiffError> {
        let (old_table, table) = tables;
        let t = quote_ident(table);
        let c = quote_ident(&n.name);
        let (was_serial, is_serial) = (o.is_serial(), n.is_serial());
        let alter = |what: &str| format!("ALTER TABLE {t} ALTER COLUMN {c} {what};");
        let stops_serial = was_serial && !is_serial;
        // A column that becomes serial lets go of its old default first: it may take the
        // values of a declared sequence of the name its own sequence gets, dropped before
        // that one is created.
        if is_serial && !was_serial && o.default.is_some() && !default_dropped {
            let sql = format!(
                "ALTER TABLE {} ALTER COLUMN {} DROP DEFAULT;",
                quote_ident(old_table),
                quote_ident(&o.name)
            );
            out.push((Stage::DropConstraints, sql, Vec::new()));
        }
        if stops_serial {
            let sequence = owned_sequence_name(old_table, &o.name);
            let sql = format!(
                "ALTER TABLE {} ALTER COLUMN {} DROP DEFAULT;\nDROP SEQUENCE {};",
                quote_ident(old_table),
                quote_ident(&o.name),
                quote_ident(&sequence)
            );
            out.push((Stage::DropConstraints, sql, Vec::new()));
        }
        let mut push = |sql: String, hazards: Vec<Hazard>| {
            out.push((Stage::AlterColumns, sql, hazards));
        };
        let old_default = self.map_default(o);
        let default_changed = old_default != n.default;

        if o.generated.is_some() && n.generated.is_none() {
            push(alter("DROP EXPRESSION"), Vec::new());
        }
        if o.identity.is_some() && n.identity.is_none() {
            push(alter("DROP IDENTITY"), Vec::new());
        }
        // A serial column's `nextval(…)` is of any integer type: it stays through a retype.
        let keeps_serial = was_serial && is_serial;
        if o.default.is_some()
            && !default_dropped
            && !stops_serial
            && ((retype && !keeps_serial) || (default_changed && n.default.is_none()))
        {
            push(alter("DROP DEFAULT"), Vec::new());
        }
        if retype {
            let from = self.map.map_type(&o.ty);
            let Some(cast) = cast(&c, &from, &n.ty) else {
                return Err(DiffError::NoCast {
                    table: table.to_string(),
                    column: n.name.clone(),
                    from: o.ty.to_string(),
                    to: n.ty.to_string(),
                });
            };
            let what = if from == n.ty {
                format!("to the rebuilt enum `{}`", n.ty)
            } else {
                format!("from `{}` to `{}`", o.ty, n.ty)
            };
            let mut hazards = Vec::new();
            if cast.lossy {
                hazards.push(hazard(
                    HazardKind::DataLoss,
                    format!(
                        "narrows `{table}.{}` {what}: values that do not fit are truncated, \
                         rounded or rejected",
                        n.name
                    ),
                ));
            }
            if cast.may_fail {
                hazards.push(hazard(
                    HazardKind::CastMayFail,
                    format!(
                        "converts `{table}.{}` {what} value by value: the step fails on a \
                         value that does not convert",
                        n.name
                    ),
                ));
            }
            if cast.rewrite {
                hazards.push(hazard(
                    HazardKind::TableRewrite,
                    format!(
                        "changes `{table}.{}` {what}, rewriting `{table}` under an ACCESS \
                         EXCLUSIVE lock",
                        n.name
                    ),
                ));
            }
            let mut sql = alter(&format!("TYPE {} USING {}", column_type(&n.ty), cast.using));
            if keeps_serial {
                let sequence = owned_sequence_name(table, &n.name);
                let _ = write!(
                    sql,
                    "\nALTER SEQUENCE {} AS {};",
                    quote_ident(&sequence),
                    column_type(&n.ty)
                );
            }
            push(sql, hazards);
        }
        if is_serial && !was_serial {
            let name = owned_sequence_name(table, &n.name);
            let sequence = quote_ident(&name).into_owned();
            let literal = crate::emit::sql::quote_literal(&sequence);
            let sql = format!(
                "CREATE SEQUENCE {sequence} AS {} OWNED BY {t}.{c};\n{}\nSELECT setval({literal}, coalesce(max({c}), 0) + 1, false) FROM {t};",
                column_type(&n.ty),
                alter(&format!("SET DEFAULT nextval({literal}::regclass)")),
            );
            push(sql, Vec::new());
        } else if let Some(default) = n
            .default
            .as_ref()
            .filter(|_| !keeps_serial)
            .filter(|_| default_changed || retype || default_dropped || stops_serial)
        {
            push(
                alter(&format!("SET DEFAULT {}", default_sql(default))),
                Vec::new(),
            );
        }
        if o.nullable && !n.nullable {
            if n.default.is_some() {
                let fill = format!("UPDATE {t} SET {c} = DEFAULT WHERE {c} IS NULL;");
                let hazards = vec![hazard(
                    HazardKind::BlockingLock,
                    format!(
                        "fills NULLs in `{table}.{}` with its default, then checks every row of \
                         `{table}` under an ACCESS EXCLUSIVE lock",
                        n.name
                    ),
                )];
                push(format!("{fill}\n{}", alter("SET NOT NULL")), hazards);
            } else {
                let hazards = vec![
                    hazard(
                        HazardKind::NotNullOnFilledTable,
                        format!(
                            "`{table}.{}` becomes NOT NULL without a default: fails if a row \
                             holds NULL",
                            n.name
                        ),
                    ),
                    hazard(
                        HazardKind::BlockingLock,
                        format!("checks every row of `{table}` under an ACCESS EXCLUSIVE lock"),
                    ),
                ];
                push(alter("SET NOT NULL"), hazards);
            }
        } else if !o.nullable && n.nullable {
            push(alter("DROP NOT NULL"), Vec::new());
        }
        match (o.identity, n.identity) {
            (None, Some(identity)) => {
                let sql = format!(
                    "{}\nSELECT setval(pg_get_serial_sequence({}, {}), coalesce(max({c}), 0) + 1, false) FROM {t};",
                    alter(&format!("ADD {}", identity_sql(identity))),
                    crate::emit::sql::quote_literal(&t),
                    crate::emit::sql::quote_literal(&n.name),
                );
                push(sql, Vec::new());
            }
            (Some(a), Some(b)) if a != b => {
                let kind = match b {
                    Identity::Always => "ALWAYS",
                    Identity::ByDefault => "BY DEFAULT",
                };
                push(alter(&format!("SET GENERATED {kind}")), Vec::new());
            }
            _ => {}
        }
        Ok(())
    }

    /// An old column's default with enum values renamed as in the new schema.
    fn map_default(&self, o: &Column) -> Option<DefaultValue> {
        match (&o.default, o.ty.element()) {
            (Some(DefaultValue::EnumValue(v)), ColumnType::Enum(e)) => {
                Some(DefaultValue::EnumValue(
                    self.map
                        .enum_value(e, v)
                        .map_or_else(|| v.clone(), str::to_string),
                ))
            }
            (other, _) => other.clone(),
        }
    }
}

/// A default's SQL; a serial column's, whose `nextval(…)` names its sequence, is not set
/// from here (see `alter_column`) and calls none of the schema's functions: empty.
fn default_sql(default: &DefaultValue) -> String {
    match default {
        DefaultValue::Sql(expr) => expr.as_str().to_string(),
        DefaultValue::EnumValue(v) => crate::emit::sql::quote_literal(v),
        DefaultValue::Serial => String::new(),
    }
}

fn identity_sql(identity: Identity) -> &'static str {
    match identity {
        Identity::Always => "GENERATED ALWAYS AS IDENTITY",
        Identity::ByDefault => "GENERATED BY DEFAULT AS IDENTITY",
    }
}
