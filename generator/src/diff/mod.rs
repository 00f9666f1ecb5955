//! Migrations: the ordered SQL that turns a database created from one schema into one
//! created from another, with the hazards of every step.
//!
//! [`diff`] compares two IRs. Renames come only from `renamed_from(…)` hints; a drop and
//! an add that look like a rename get a [`HazardKind::PossibleRename`] hazard suggesting
//! the hint. The [`Migration`] holds [`Step`]s in execution order, each in a [`Phase`]:
//! enum value additions are committed before the main transaction, and with
//! [`DiffOptions::safe`] concurrent index builds run outside any transaction and
//! validations in a last transaction. [`Migration::files`] splits it accordingly into
//! the files sqlx's migrator applies.
//!
//! ```
//! use schemaforge_generator::diff::{diff, DiffOptions};
//!
//! let compile = |text: &str| {
//!     let mut sources = schemaforge_schema::Sources::new();
//!     sources.add("s.forge", text);
//!     schemaforge_schema::compile(&sources).expect("valid schema")
//! };
//! let old = compile("table notes {\n  id uuid primary_key\n}\n");
//! let new = compile("table notes {\n  id uuid primary_key\n  body text?\n}\n");
//! let migration = diff(&old, &new, &DiffOptions::default()).expect("a migration");
//! assert_eq!(migration.sql(), "ALTER TABLE notes ADD COLUMN body text;\n");
//! assert!(diff(&new, &new, &DiffOptions::default()).expect("no change").is_empty());
//! ```

mod cast;
mod columns;
mod constraints;
mod enums;
pub(crate) mod expr;
mod matching;
mod objects;
mod order;
mod policies;
mod render;
mod sequences;
mod tables;

use std::collections::HashSet;
use std::fmt;

use schemaforge_schema::ir::Schema;

use crate::hazard::{Hazard, HazardKind};
use matching::Mapping;
use order::Stage;

pub use order::Phase;
pub use render::MigrationFile;

/// Choices for [`diff`]. `DiffOptions::default()` refuses data loss and uses plain DDL.
///
/// ```
/// let options = schemaforge_generator::diff::DiffOptions::default()
///     .allow_data_loss(true)
///     .safe(true);
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default)]
pub struct DiffOptions {
    allow_data_loss: bool,
    safe: bool,
    row_level_security: bool,
    previous_row_level_security: Option<bool>,
    citus: bool,
}

impl DiffOptions {
    /// Accept steps that lose data (dropped tables and columns, removed enum values,
    /// narrowing type changes). Without it [`diff`] returns [`DiffError::DataLoss`].
    pub fn allow_data_loss(mut self, allow: bool) -> Self {
        self.allow_data_loss = allow;
        self
    }

    /// Take Postgres's less blocking paths on existing tables: indexes built
    /// `CONCURRENTLY`, unique and primary keys added `USING INDEX` a concurrent build made,
    /// foreign keys and checks added `NOT VALID` and validated in a later transaction.
    pub fn safe(mut self, safe: bool) -> Self {
        self.safe = safe;
        self
    }

    /// Keep Row-Level Security as `emit` writes it with
    /// [`SqlOptions::row_level_security`](crate::emit::sql::SqlOptions::row_level_security):
    /// enable, force and create the policy of tables that become tenant-scoped, drop it
    /// from tables that no longer are, and re-create a policy whose text changes or that
    /// reads a column whose type changes. Use the same choice as for the DDL.
    pub fn row_level_security(mut self, enabled: bool) -> Self {
        self.row_level_security = enabled;
        self
    }

    /// Whether the old database has Row-Level Security, when that differs from
    /// [`row_level_security`](DiffOptions::row_level_security) (turning it on or off).
    ///
    /// ```
    /// // Turn Row-Level Security on for a database created without it.
    /// let options = schemaforge_generator::diff::DiffOptions::default()
    ///     .row_level_security(true)
    ///     .previous_row_level_security(false);
    /// # let _ = options;
    /// ```
    pub fn previous_row_level_security(mut self, enabled: bool) -> Self {
        self.previous_row_level_security = Some(enabled);
        self
    }

    /// Migrate a Citus cluster whose schema `emit` wrote with
    /// [`SqlOptions::citus`](crate::emit::sql::SqlOptions::citus): both schemas are compared
    /// in their [Citus form](schemaforge_schema::citus::citus_form), and a new table is placed
    /// (reference or distributed, colocated with the existing ones) before any foreign key is
    /// added to or from it. A table that would move between reference and distributed is
    /// [`DiffError::CitusPlacement`]. Check the new schema with
    /// [`schemaforge_schema::citus::check`] first.
    pub fn citus(mut self, enabled: bool) -> Self {
        self.citus = enabled;
        self
    }
}

/// One statement (rarely a few that belong together) of a migration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Which transaction the step runs in.
    pub phase: Phase,
    /// The SQL, ending with `;`.
    pub sql: String,
    /// What can go wrong when it runs on a database with data.
    pub hazards: Vec<Hazard>,
}

impl Step {
    /// Whether the step loses data.
    pub fn loses_data(&self) -> bool {
        self.hazards.iter().any(|h| h.kind.loses_data())
    }
}

/// The steps from one schema to another, in execution order. Empty when the schemas
/// create the same database.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Migration {
    /// The steps in execution order (by phase, then by stage within the main phase).
    pub steps: Vec<Step>,
}

impl Migration {
    /// Whether there is nothing to do.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// Every hazard with the step it belongs to.
    pub fn hazards(&self) -> impl Iterator<Item = (&Step, &Hazard)> {
        self.steps
            .iter()
            .flat_map(|s| s.hazards.iter().map(move |h| (s, h)))
    }
}

/// Why no migration could be planned.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DiffError {
    /// A column's type changes to one Postgres cannot cast it to.
    NoCast {
        /// The table, by its new name.
        table: String,
        /// The column, by its new name.
        column: String,
        /// The old type, as written in a schema.
        from: String,
        /// The new type, as written in a schema.
        to: String,
    },
    /// Steps lose data and the options do not allow it; each entry describes one.
    DataLoss(Vec<String>),
    /// On Citus, a table would become tenant-scoped or stop being so, which moves it
    /// between a reference table and a distributed one.
    CitusPlacement {
        /// The table, by its new name.
        table: String,
        /// Whether it is distributed in the new schema.
        distributed: bool,
    },
    /// A kept table's partitioning would change (become partitioned, stop being so, or be
    /// partitioned another way), which Postgres cannot do to a table in place.
    Partitioning {
        /// The table, by its new name.
        table: String,
        /// How it is partitioned in the old schema (`not partitioned`, `range (at)`).
        from: String,
        /// How it is in the new one.
        to: String,
    },
}

impl fmt::Display for DiffError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DiffError::NoCast {
                table,
                column,
                from,
                to,
            } => write!(
                f,
                "cannot change the type of `{table}.{column}` from `{from}` to `{to}`: Postgres \
                 has no cast between them. Add a new column instead, copy the data in a \
                 migration written by hand, then drop the old column"
            ),
            DiffError::DataLoss(steps) => {
                writeln!(f, "the migration would lose data:")?;
                for s in steps {
                    writeln!(f, "  - {s}")?;
                }
                write!(
                    f,
                    "if that is intended, pass --allow-data-loss; if something was renamed, \
                     add a renamed_from(…) hint to the schema"
                )
            }
            DiffError::Partitioning { table, from, to } => write!(
                f,
                "`{table}` would change from {from} to {to}, which Postgres cannot do to a \
                 table in place: create the new table beside it, move the rows in a migration \
                 written by hand, then drop the old one (or rename the new table with \
                 `renamed_from`)"
            ),
            DiffError::CitusPlacement { table, distributed } => {
                let (from, to) = match distributed {
                    true => ("a reference table", "distributed by its tenant"),
                    false => ("distributed by its tenant", "a reference table"),
                };
                write!(
                    f,
                    "on Citus `{table}` would change from {from} to {to}, which a migration \
                     cannot do in place: move its rows to a new table in a migration written \
                     by hand (Citus's `undistribute_table` and `create_distributed_table` or \
                     `create_reference_table`, with its foreign keys dropped meanwhile)"
                )
            }
        }
    }
}

impl std::error::Error for DiffError {}

/// The migration from a database created from `old` to one equal to a fresh database
/// created from `new`.
///
/// Columns added to an existing table go at its end: a migrated table may list its
/// columns in another order than a fresh one (Postgres cannot reorder columns).
///
/// ```
/// use schemaforge_generator::diff::{diff, DiffError, DiffOptions};
///
/// let compile = |text: &str| {
///     let mut sources = schemaforge_schema::Sources::new();
///     sources.add("s.forge", text);
///     schemaforge_schema::compile(&sources).expect("valid schema")
/// };
/// let old = compile("table t {\n  id uuid primary_key\n  notes text?\n}\n");
/// let new = compile("table t {\n  id uuid primary_key\n}\n");
/// let refused = diff(&old, &new, &DiffOptions::default());
/// assert!(matches!(refused, Err(DiffError::DataLoss(_))));
/// let migration = diff(&old, &new, &DiffOptions::default().allow_data_loss(true)).unwrap();
/// assert!(migration.sql().contains("-- hazard data-loss: drops column `t.notes`"));
/// ```
pub fn diff(old: &Schema, new: &Schema, options: &DiffOptions) -> Result<Migration, DiffError> {
    let citus_forms;
    let (old, new) = match options.citus {
        true => {
            citus_forms = (
                schemaforge_schema::citus::citus_form(old),
                schemaforge_schema::citus::citus_form(new),
            );
            (&citus_forms.0, &citus_forms.1)
        }
        false => (old, new),
    };
    let map = Mapping::new(old, new);
    let replaced_functions = objects::replaced(old, new, &map);
    let mut planner = Planner {
        map,
        options,
        steps: Vec::new(),
        replaced_functions,
    };
    if options.citus {
        planner.citus_placements()?;
    }
    planner.partitioning_kept()?;
    planner.extensions(old, new);
    planner.sequences(old, new);
    planner.enums();
    let analysis = planner.columns()?;
    planner.tables();
    planner.table_storage();
    planner.partitions();
    planner.constraints(&analysis);
    planner.comments(&analysis);
    planner.policies(old, new, &analysis);
    planner.objects(old, new, &analysis);

    let mut steps = std::mem::take(&mut planner.steps);
    steps.sort_by_key(|(phase, stage, _)| (*phase, *stage));
    let mut steps: Vec<Step> = steps.into_iter().map(|(_, _, step)| step).collect();
    if let (true, Some(first)) = (options.citus, steps.first()) {
        let phase = first.phase;
        steps.insert(
            0,
            Step {
                phase,
                sql: crate::emit::sql::citus::SEQUENTIAL.to_string(),
                hazards: Vec::new(),
            },
        );
    }
    if !options.allow_data_loss {
        let lost: Vec<String> = steps
            .iter()
            .flat_map(|s| s.hazards.iter())
            .filter(|h| h.kind.loses_data())
            .map(|h| h.message.clone())
            .collect();
        if !lost.is_empty() {
            return Err(DiffError::DataLoss(lost));
        }
    }
    Ok(Migration { steps })
}

/// The state of one diff: the pairing of the schemas and the steps planned so far.
pub(crate) struct Planner<'a> {
    map: Mapping<'a>,
    options: &'a DiffOptions,
    steps: Vec<(Phase, Stage, Step)>,
    /// The functions dropped and created again (`objects::replaced`).
    replaced_functions: HashSet<String>,
}

impl Planner<'_> {
    fn push(&mut self, stage: Stage, sql: impl Into<String>, hazards: Vec<Hazard>) {
        self.push_in(Phase::Main, stage, sql, hazards);
    }

    fn push_in(
        &mut self,
        phase: Phase,
        stage: Stage,
        sql: impl Into<String>,
        hazards: Vec<Hazard>,
    ) {
        self.steps.push((
            phase,
            stage,
            Step {
                phase,
                sql: sql.into(),
                hazards,
            },
        ));
    }
}

/// A hazard, shorter to write.
fn hazard(kind: HazardKind, message: impl Into<String>) -> Hazard {
    Hazard::new(kind, message)
}

#[cfg(test)]
mod tests;
