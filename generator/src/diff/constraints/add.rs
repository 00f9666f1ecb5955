//! Adding keys, checks, indexes and foreign keys to existing tables: directly, or with
//! `--safe` by Postgres's less blocking paths.

use std::collections::HashSet;

use schemaforge_schema::ir::Table;

use super::super::order::{Phase, Stage};
use super::super::{Planner, hazard};
use super::{Kind, key_of};
use crate::emit::sql::quote_ident;
use crate::emit::sql::table::{add_foreign_key, create_index, ident_list};
use crate::hazard::{Hazard, HazardKind};

impl Planner<'_> {
    /// The steps that add the `j`th object of `kind` to the existing table `t`.
    pub(super) fn add(
        &self,
        t: &Table,
        kind: Kind,
        j: usize,
        needed_keys: &HashSet<(String, Vec<String>)>,
    ) -> Vec<(Phase, Stage, String, Vec<Hazard>)> {
        // Postgres builds no index of a partitioned table `CONCURRENTLY`, and adds no
        // foreign key to one `NOT VALID`: there `--safe` takes the plain paths.
        let safe = self.options.safe && t.partitioning.is_none();
        let name = quote_ident(&t.name);
        let main = |stage, sql: String, hazards| (Phase::Main, stage, sql, hazards);
        let unique_hazard = |what: &str| {
            hazard(
                HazardKind::UniqueOverExistingData,
                format!(
                    "{what}: fails if existing rows of `{}` hold duplicates",
                    t.name
                ),
            )
        };
        let needed = |columns: &[String]| needed_keys.contains(&(t.name.clone(), key_of(columns)));
        match kind {
            Kind::PrimaryKey | Kind::Unique => {
                let (constraint, columns, what, nulls_not_distinct) = match kind {
                    Kind::PrimaryKey => {
                        let Some(pk) = &t.primary_key else {
                            return Vec::new();
                        };
                        (&pk.name, &pk.columns, "PRIMARY KEY", false)
                    }
                    _ => {
                        let u = &t.uniques[j];
                        (&u.name, &u.columns, "UNIQUE", u.nulls_not_distinct)
                    }
                };
                let nulls = if nulls_not_distinct {
                    " NULLS NOT DISTINCT"
                } else {
                    ""
                };
                let cname = quote_ident(constraint);
                let label = format!("new {} `{constraint}`", what.to_lowercase());
                if safe && !needed(columns) {
                    let build = format!(
                        "CREATE UNIQUE INDEX CONCURRENTLY {cname} ON {name} ({}){nulls};",
                        ident_list(columns)
                    );
                    let attach = format!(
                        "ALTER TABLE {name} ADD CONSTRAINT {cname} {what} USING INDEX {cname};"
                    );
                    vec![
                        (
                            Phase::Concurrent,
                            Stage::AddConstraints,
                            build,
                            vec![unique_hazard(&label)],
                        ),
                        (Phase::Finish, Stage::AddConstraints, attach, Vec::new()),
                    ]
                } else {
                    let sql = format!(
                        "ALTER TABLE {name} ADD CONSTRAINT {cname} {what}{nulls} ({});",
                        ident_list(columns)
                    );
                    let lock = hazard(
                        HazardKind::BlockingLock,
                        format!(
                            "builds the index of `{constraint}` under an ACCESS EXCLUSIVE lock on `{}`{}",
                            t.name,
                            if needed(columns) {
                                ""
                            } else {
                                " (--safe builds it concurrently)"
                            }
                        ),
                    );
                    vec![main(
                        Stage::AddConstraints,
                        sql,
                        vec![unique_hazard(&label), lock],
                    )]
                }
            }
            Kind::Check => {
                let c = &t.checks[j];
                let add = format!(
                    "ALTER TABLE {name} ADD CONSTRAINT {} CHECK ({})",
                    quote_ident(&c.name),
                    c.expr.as_str()
                );
                let violated = hazard(
                    HazardKind::ConstraintOverExistingData,
                    format!(
                        "check `{}`: fails if existing rows of `{}` violate it",
                        c.name, t.name
                    ),
                );
                if safe {
                    let validate = format!(
                        "ALTER TABLE {name} VALIDATE CONSTRAINT {};",
                        quote_ident(&c.name)
                    );
                    vec![
                        main(
                            Stage::AddConstraints,
                            format!("{add} NOT VALID;"),
                            Vec::new(),
                        ),
                        (
                            Phase::Finish,
                            Stage::AddConstraints,
                            validate,
                            vec![violated],
                        ),
                    ]
                } else {
                    let lock = hazard(
                        HazardKind::BlockingLock,
                        format!(
                            "checks every row of `{}` under an ACCESS EXCLUSIVE lock (--safe adds \
                             it NOT VALID and validates it separately)",
                            t.name
                        ),
                    );
                    vec![main(
                        Stage::AddConstraints,
                        format!("{add};"),
                        vec![violated, lock],
                    )]
                }
            }
            Kind::Index => {
                let i = &t.indexes[j];
                let sql = create_index(t, i);
                let mut hazards = Vec::new();
                if i.unique {
                    hazards.push(unique_hazard(&format!("new unique index `{}`", i.name)));
                }
                let key_needed = i.unique
                    && i.predicate.is_none()
                    && i.column_names().is_some_and(|c| needed(&c));
                if safe && !key_needed {
                    let sql = sql.replacen("INDEX ", "INDEX CONCURRENTLY ", 1);
                    vec![(Phase::Concurrent, Stage::AddConstraints, sql, hazards)]
                } else {
                    hazards.push(hazard(
                        HazardKind::IndexNotConcurrent,
                        format!(
                            "blocks writes to `{}` while the index builds (--safe builds it \
                             CONCURRENTLY)",
                            t.name
                        ),
                    ));
                    vec![main(Stage::AddConstraints, sql, hazards)]
                }
            }
            Kind::ForeignKey => {
                let fk = &t.foreign_keys[j];
                let sql = add_foreign_key(t, fk);
                let violated = hazard(
                    HazardKind::ConstraintOverExistingData,
                    format!(
                        "foreign key `{}`: fails if existing rows of `{}` reference missing rows of `{}`",
                        fk.name, t.name, fk.references_table
                    ),
                );
                if safe {
                    let not_valid = format!("{} NOT VALID;", sql.trim_end_matches(';'));
                    let validate = format!(
                        "ALTER TABLE {name} VALIDATE CONSTRAINT {};",
                        quote_ident(&fk.name)
                    );
                    vec![
                        main(Stage::AddForeignKeys, not_valid, Vec::new()),
                        (
                            Phase::Finish,
                            Stage::AddForeignKeys,
                            validate,
                            vec![violated],
                        ),
                    ]
                } else {
                    let lock = hazard(
                        HazardKind::BlockingLock,
                        format!(
                            "checks every row of `{}` against `{}`, blocking writes to both \
                             (--safe adds it NOT VALID and validates it separately)",
                            t.name, fk.references_table
                        ),
                    );
                    vec![main(Stage::AddForeignKeys, sql, vec![violated, lock])]
                }
            }
        }
    }
}
