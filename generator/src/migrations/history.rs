//! The migrations folder: sqlx's `<version>_<name>.sql` files, and beside them, in
//! `snapshots/`, one JSON snapshot per generated migration.
//!
//! A snapshot records the migration's id (`<version>_<name>`), the id of the snapshot it
//! was diffed from (`parent`), the files it wrote, and the IR after it. Generated
//! migrations form a chain through `parent`; two snapshots with the same parent are a
//! fork: two branches each generated a migration from the same state, and neither
//! includes the other's changes. sqlx ignores the `snapshots/` folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use schemaforge_schema::ir::Schema;
use serde::{Deserialize, Serialize};

/// The format tag every snapshot carries.
pub const FORMAT: &str = "schemaforge-migration-snapshot/1";

/// The folder, inside the migrations folder, that holds the snapshots.
pub const SNAPSHOTS: &str = "snapshots";

/// One generated migration's record.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Snapshot {
    /// [`FORMAT`], which a reader checks before trusting the rest.
    pub format: String,
    /// `<version>_<name>`: the version of its first file and the migration's name.
    pub id: String,
    /// The snapshot this migration was diffed from; `None` for the first.
    pub parent: Option<String>,
    /// The SQL files it wrote, in the order they run.
    pub files: Vec<String>,
    /// Whether the migrations maintain Row-Level Security (`--rls`).
    #[serde(default)]
    pub row_level_security: bool,
    /// Whether the migrations are for a Citus cluster (`--citus`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub citus: bool,
    /// The schema after the migration.
    pub schema: Schema,
}

/// What the folder holds.
#[derive(Debug, Default)]
pub struct History {
    /// Generated migrations in chain order.
    pub snapshots: Vec<Snapshot>,
    /// The highest version of any `.sql` file, generated or not.
    pub last_version: Option<u64>,
    /// `.sql` files no snapshot lists, newer than the last snapshot: written by hand.
    pub unrecorded: Vec<String>,
}

impl History {
    /// The last generated migration.
    pub fn last(&self) -> Option<&Snapshot> {
        self.snapshots.last()
    }
}

/// The version prefix of a sqlx migration file name, if it has one.
pub fn version_of(file_name: &str) -> Option<u64> {
    let (version, rest) = file_name.split_once('_')?;
    if !rest.ends_with(".sql") {
        return None;
    }
    version.parse().ok()
}

/// Reads the folder (a missing folder is an empty history) and checks that the
/// snapshots form one chain. Errors are messages for the terminal.
pub fn read(dir: &Path) -> Result<History, String> {
    let mut history = History::default();
    let sql_files = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok())
            .filter(|e| e.path().is_file())
            .filter_map(|e| e.file_name().to_str().map(str::to_string))
            .filter(|n| version_of(n).is_some())
            .collect::<Vec<_>>(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(history),
        Err(e) => return Err(format!("cannot read {}: {e}", dir.display())),
    };
    history.last_version = sql_files.iter().filter_map(|n| version_of(n)).max();

    let snapshot_dir = dir.join(SNAPSHOTS);
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(&snapshot_dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(format!("cannot read {}: {e}", snapshot_dir.display())),
    };
    paths.sort();
    let mut snapshots = Vec::new();
    for path in &paths {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let snapshot: Snapshot = serde_json::from_str(&text)
            .map_err(|e| format!("{} is not a schemaforge snapshot: {e}", path.display()))?;
        if snapshot.format != FORMAT {
            return Err(format!(
                "{}: unknown snapshot format `{}` (this schemaforge reads `{FORMAT}`)",
                path.display(),
                snapshot.format
            ));
        }
        for file in &snapshot.files {
            if !sql_files.contains(file) {
                return Err(format!(
                    "migration {} lists {file}, which is missing from {}",
                    snapshot.id,
                    dir.display()
                ));
            }
        }
        snapshots.push(snapshot);
    }
    history.snapshots = chain(snapshots, dir)?;

    let recorded: Vec<&String> = history.snapshots.iter().flat_map(|s| &s.files).collect();
    let last_recorded = history
        .snapshots
        .iter()
        .flat_map(|s| &s.files)
        .filter_map(|f| version_of(f))
        .max()
        .unwrap_or(0);
    let mut unrecorded: Vec<String> = sql_files
        .into_iter()
        .filter(|f| !recorded.contains(&f) && version_of(f).unwrap_or(0) > last_recorded)
        .collect();
    unrecorded.sort();
    history.unrecorded = unrecorded;
    Ok(history)
}

/// Orders snapshots by `parent`, refusing forks, gaps and cycles.
fn chain(snapshots: Vec<Snapshot>, dir: &Path) -> Result<Vec<Snapshot>, String> {
    let mut children: BTreeMap<Option<String>, Vec<String>> = BTreeMap::new();
    for s in &snapshots {
        children
            .entry(s.parent.clone())
            .or_default()
            .push(s.id.clone());
    }
    if let Some((parent, ids)) = children.iter().find(|(_, ids)| ids.len() > 1) {
        let from = parent.as_deref().map_or_else(
            || "an empty database".to_string(),
            |p| format!("migration {p}"),
        );
        return Err(format!(
            "the migrations in {dir} have forked: {list} were each generated from {from}, so \
             neither contains the other's changes (two branches each added a migration).\n\
             hint: keep one of them; delete the others' .sql files and their snapshots/<id>.json, \
             then run `schemaforge migrate generate` again to diff the merged schema against \
             the one you kept. A fork already applied to a database must be undone there by hand.",
            dir = dir.display(),
            list = ids.join(" and "),
        ));
    }
    let mut by_parent: BTreeMap<Option<String>, Snapshot> = snapshots
        .into_iter()
        .map(|s| (s.parent.clone(), s))
        .collect();
    let mut ordered = Vec::new();
    let mut parent: Option<String> = None;
    while let Some(s) = by_parent.remove(&parent) {
        parent = Some(s.id.clone());
        ordered.push(s);
    }
    if let Some(orphan) = by_parent.values().next() {
        return Err(format!(
            "migration {} was generated from {}, which is not in the chain of {}: restore that \
             snapshot, or delete the migration and generate it again",
            orphan.id,
            orphan.parent.as_deref().unwrap_or("an empty database"),
            dir.display()
        ));
    }
    Ok(ordered)
}

/// The snapshot file of migration `id`.
pub fn snapshot_path(dir: &Path, id: &str) -> PathBuf {
    dir.join(SNAPSHOTS).join(format!("{id}.json"))
}

/// The snapshot as pretty JSON with a trailing newline.
pub fn to_json(snapshot: &Snapshot) -> String {
    let mut json = serde_json::to_string_pretty(snapshot).unwrap_or_else(|e| {
        // Plain data with string keys; serializing it cannot fail.
        unreachable!("snapshot serializes to JSON: {e}")
    });
    json.push('\n');
    json
}
