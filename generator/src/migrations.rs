//! The migrations folder as a library: what `schemaforge migrate generate` writes and
//! `schemaforge migrate check` checks, for a crate's own tests too (a test that fails when
//! the schema changed without a migration, or that reviews the next one as a snapshot).
//!
//! The folder has sqlx's layout, `<version>_<name>.sql`, and beside the files a snapshot of
//! the schema per generated migration (see [`history`]); the next migration is the
//! [`diff`](crate::diff::diff()) from the last snapshot to the schema.
//!
//! ```no_run
//! use schemaforge_generator::migrations::{Folder, MigrationOptions, Status};
//!
//! let schema = schemaforge_schema::load("schema/".as_ref()).expect("the schema").schema;
//! let folder = Folder::read("migrations/".as_ref()).expect("the migrations folder");
//! match folder.check(&schema, &MigrationOptions::default()) {
//!     Ok(Status::UpToDate) => {}
//!     other => panic!("run `schemaforge migrate generate`: {other:?}"),
//! }
//! ```

pub mod history;
pub mod version;

use std::path::{Path, PathBuf};

use schemaforge_schema::ir::Schema;

use crate::diff::{DiffOptions, Migration, diff};
use history::{FORMAT, History, Snapshot};

/// How migrations are made, as `migrate generate`'s flags say.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MigrationOptions {
    /// Steps that lose data (dropping a column or a table) are written, not refused.
    pub allow_data_loss: bool,
    /// Steps that lock are written in their non-locking forms (`--safe`).
    pub safe: bool,
    /// The migrations maintain Row-Level Security (`--rls`).
    pub row_level_security: bool,
    /// The migrations are for a Citus cluster (`--citus`).
    pub citus: bool,
}

/// A migrations folder, read.
#[derive(Debug)]
pub struct Folder {
    dir: PathBuf,
    history: History,
}

/// A schema against the folder's last migration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// The last migration's schema is the schema (or both are empty).
    UpToDate,
    /// The schema changed since: this many steps migrate to it.
    Changed {
        /// How many steps the next migration has.
        steps: usize,
    },
    /// The schema changed in a way no migration can carry (the diff's error).
    Unmigratable(String),
}

/// The next migration: the files to write, in order (the SQL, then the snapshot).
#[derive(Debug)]
pub struct NextMigration {
    /// Each file's path in the folder and its text.
    pub files: Vec<(PathBuf, String)>,
    /// The migration, for its hazard report.
    pub migration: Migration,
}

impl Folder {
    /// Reads the folder (a missing one is an empty history): its snapshots in chain order,
    /// refusing a fork or a snapshot that names a missing file.
    pub fn read(dir: &Path) -> Result<Folder, String> {
        Ok(Folder {
            dir: dir.to_path_buf(),
            history: history::read(dir)?,
        })
    }

    /// `.sql` files newer than the last snapshot that no snapshot lists: written by hand,
    /// so the snapshot does not know what they change.
    pub fn unrecorded(&self) -> &[String] {
        &self.history.unrecorded
    }

    /// The last generated migration's id (`<version>_<name>`).
    pub fn last_id(&self) -> Option<&str> {
        self.history.last().map(|s| s.id.as_str())
    }

    /// The schema after the last generated migration (empty before the first).
    pub fn last_schema(&self) -> Schema {
        self.history
            .last()
            .map(|s| s.schema.clone())
            .unwrap_or_default()
    }

    /// The migrations of a folder are all for Citus or all for Postgres.
    fn same_engine(&self, citus: bool) -> Result<(), String> {
        match self.history.last() {
            Some(s) if s.citus != citus => Err(format!(
                "the migrations in {} were generated {} --citus: pass the same choice",
                self.dir.display(),
                if s.citus { "with" } else { "without" }
            )),
            _ => Ok(()),
        }
    }

    fn diff_options(&self, options: &MigrationOptions) -> DiffOptions {
        DiffOptions::default()
            .allow_data_loss(options.allow_data_loss)
            .safe(options.safe)
            .row_level_security(options.row_level_security)
            .previous_row_level_security(self.history.last().is_some_and(|s| s.row_level_security))
            .citus(options.citus)
    }

    /// Whether `schema` needs a migration the folder lacks. Data loss does not matter here:
    /// any change does.
    pub fn check(&self, schema: &Schema, options: &MigrationOptions) -> Result<Status, String> {
        self.same_engine(options.citus)?;
        let options = MigrationOptions {
            allow_data_loss: true,
            ..*options
        };
        Ok(
            match diff(&self.last_schema(), schema, &self.diff_options(&options)) {
                Ok(m) if m.is_empty() => Status::UpToDate,
                Ok(m) => Status::Changed {
                    steps: m.steps.len(),
                },
                Err(e) => Status::Unmigratable(e.to_string()),
            },
        )
    }

    /// The next migration to `schema`, named `name` (letters, digits and `_`), versioned by
    /// `clock` (UTC `YYYYMMDDHHMMSS`) or later than the last file; `None` when nothing
    /// changed. Nothing is written: the caller writes [`NextMigration::files`].
    pub fn next(
        &self,
        schema: &Schema,
        name: &str,
        clock: u64,
        options: &MigrationOptions,
    ) -> Result<Option<NextMigration>, String> {
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(format!(
                "migration name `{name}`: use letters, digits and `_` only"
            ));
        }
        self.same_engine(options.citus)?;
        let last = self.history.last();
        let migration = diff(&self.last_schema(), schema, &self.diff_options(options))
            .map_err(|e| e.to_string())?;
        if migration.is_empty() {
            return Ok(None);
        }
        let first = version::next(self.history.last_version, clock);
        let id = format!("{first}_{name}");
        let parent = last.map(|s| s.id.clone());
        let parts = migration.files();
        let mut written = Vec::new();
        for (i, file) in parts.iter().enumerate() {
            let version = version::plus(first, i as u64);
            let file_name = format!(
                "{version}_{name}{}.sql",
                file.suffix.as_deref().unwrap_or_default()
            );
            // Each file names itself by its own version; a migration split in several files
            // (sqlx runs each as a migration) says which part it is.
            let part = if parts.len() > 1 {
                format!(", part {} of {} of migration {id}", i + 1, parts.len())
            } else {
                String::new()
            };
            let header = format!(
                "-- Migration {}{part}, generated by schemaforge from {}.\n\
                 -- Review it like code; the hazards of each step are noted above it.\n",
                file_name.trim_end_matches(".sql"),
                parent.as_deref().map_or_else(
                    || "an empty database".to_string(),
                    |p| format!("migration {p}")
                )
            );
            written.push((file_name, file.contents(&header)));
        }
        for (file_name, _) in &written {
            let path = self.dir.join(file_name);
            if path.exists() {
                return Err(format!("{} already exists", path.display()));
            }
        }
        let snapshot = Snapshot {
            format: FORMAT.to_string(),
            id: id.clone(),
            parent,
            files: written.iter().map(|(n, _)| n.clone()).collect(),
            row_level_security: options.row_level_security,
            citus: options.citus,
            schema: schema.clone(),
        };
        let mut files: Vec<(PathBuf, String)> = written
            .into_iter()
            .map(|(file_name, text)| (self.dir.join(file_name), text))
            .collect();
        files.push((
            history::snapshot_path(&self.dir, &id),
            history::to_json(&snapshot),
        ));
        Ok(Some(NextMigration { files, migration }))
    }
}
