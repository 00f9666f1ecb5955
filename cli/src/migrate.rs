//! `schemaforge migrate generate`, `schemaforge migrate check` and `schemaforge diff`.
//!
//! Thin over [`schemaforge_generator::diff`]: the folder layout and its history are in
//! [`history`], versions in [`version`].

mod history;
mod version;

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use schemaforge_generator::diff::{DiffOptions, Migration, diff};
use schemaforge_generator::output::write_if_changed;
use schemaforge_schema::ir::Schema;

use history::{FORMAT, History, Snapshot};

/// A failure already reported on stderr.
pub struct Reported;

/// `schemaforge migrate …`
#[derive(Debug, Subcommand)]
pub enum MigrateCommand {
    /// Diff the schema against the last migration's snapshot and write the next migration
    /// (sqlx's `<version>_<name>.sql` layout) with its snapshot.
    Generate(GenerateArgs),
    /// Exit 1 when the schema has changed since the last migration (for CI), or when the
    /// migrations folder has forked.
    Check(CheckArgs),
}

/// Arguments of `migrate generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// A .forge file or a folder of them.
    schema: PathBuf,
    /// The migrations folder (created if missing).
    #[arg(long, default_value = "migrations")]
    dir: PathBuf,
    /// The migration's name: letters, digits and `_`.
    #[arg(long)]
    name: String,
    /// Accept steps that lose data (dropped tables or columns, removed enum values,
    /// narrowing type changes).
    #[arg(long)]
    allow_data_loss: bool,
    /// Use Postgres's less blocking paths: CREATE INDEX CONCURRENTLY (in files of their
    /// own, outside a transaction), NOT VALID then VALIDATE, unique keys USING INDEX.
    #[arg(long)]
    safe: bool,
    /// Maintain Row-Level Security as `schemaforge sql --rls` writes it.
    #[arg(long)]
    rls: bool,
    /// Migrate a Citus cluster created by `schemaforge sql --citus` (the schema is checked
    /// as by `check --citus`).
    #[arg(long)]
    citus: bool,
    /// The version (UTC YYYYMMDDHHMMSS) instead of the current time.
    #[arg(long, value_name = "YYYYMMDDHHMMSS")]
    timestamp: Option<String>,
}

/// Arguments of `migrate check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// A .forge file or a folder of them.
    schema: PathBuf,
    /// The migrations folder.
    #[arg(long, default_value = "migrations")]
    dir: PathBuf,
    /// Maintain Row-Level Security as `schemaforge sql --rls` writes it.
    #[arg(long)]
    rls: bool,
    /// Migrate a Citus cluster created by `schemaforge sql --citus` (the schema is checked
    /// as by `check --citus`).
    #[arg(long)]
    citus: bool,
}

/// Arguments of `schemaforge diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old schema: a .forge file, a folder of them, or a JSON snapshot
    /// (`schema.json`, or a migration snapshot).
    old: PathBuf,
    /// The new schema, in the same forms.
    new: PathBuf,
    /// Accept steps that lose data.
    #[arg(long)]
    allow_data_loss: bool,
    /// Use Postgres's less blocking paths (see `migrate generate --safe`).
    #[arg(long)]
    safe: bool,
    /// Maintain Row-Level Security as `schemaforge sql --rls` writes it.
    #[arg(long)]
    rls: bool,
    /// Migrate a Citus cluster created by `schemaforge sql --citus` (the schema is checked
    /// as by `check --citus`).
    #[arg(long)]
    citus: bool,
}

/// Runs `migrate generate` or `migrate check`.
pub fn run(command: MigrateCommand) -> Result<(), Reported> {
    match command {
        MigrateCommand::Generate(args) => generate(&args),
        MigrateCommand::Check(args) => check(&args),
    }
}

fn fail(message: impl std::fmt::Display) -> Reported {
    eprintln!("error: {message}");
    Reported
}

fn load_schema(path: &Path) -> Result<Schema, Reported> {
    if path.extension().is_some_and(|x| x == "json") {
        let text = std::fs::read_to_string(path)
            .map_err(|e| fail(format!("cannot read {}: {e}", path.display())))?;
        if let Ok(snapshot) = serde_json::from_str::<Snapshot>(&text) {
            return Ok(snapshot.schema);
        }
        return serde_json::from_str::<Schema>(&text).map_err(|e| {
            fail(format!(
                "{} is neither a schema nor a snapshot: {e}",
                path.display()
            ))
        });
    }
    schemaforge_generator::code_first::load(path)
        .map(|l| l.schema)
        .map_err(|e| {
            eprint!("{}", e.render());
            Reported
        })
}

/// [`load_schema`], and with `citus` what Citus would refuse reported like a schema error.
fn load_schema_for(path: &Path, citus: bool) -> Result<Schema, Reported> {
    if !citus || path.extension().is_some_and(|x| x == "json") {
        return load_schema(path);
    }
    let loaded = schemaforge_generator::code_first::load(path).map_err(|e| {
        eprint!("{}", e.render());
        Reported
    })?;
    let diagnostics = schemaforge_schema::citus::check(&loaded.schema);
    if !diagnostics.is_empty() {
        eprint!("{}", crate::render(&diagnostics, &loaded.sources));
        return Err(Reported);
    }
    Ok(loaded.schema)
}

/// The migrations of a folder are all for Citus or all for Postgres.
fn same_engine(last: Option<&Snapshot>, citus: bool, dir: &Path) -> Result<(), Reported> {
    match last {
        Some(s) if s.citus != citus => Err(fail(format!(
            "the migrations in {} were generated {} --citus: pass the same choice",
            dir.display(),
            if s.citus { "with" } else { "without" }
        ))),
        _ => Ok(()),
    }
}

fn read_history(dir: &Path) -> Result<History, Reported> {
    let history = history::read(dir).map_err(fail)?;
    for file in &history.unrecorded {
        eprintln!(
            "warning: {file} was not generated by schemaforge: the snapshot does not know \
             what it changes"
        );
    }
    Ok(history)
}

fn valid_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

fn generate(args: &GenerateArgs) -> Result<(), Reported> {
    if !valid_name(&args.name) {
        return Err(fail(format!(
            "migration name `{}`: use letters, digits and `_` only",
            args.name
        )));
    }
    let clock = match &args.timestamp {
        Some(text) => version::parse(text).map_err(fail)?,
        None => version::now(),
    };
    let new = load_schema_for(&args.schema, args.citus)?;
    let history = read_history(&args.dir)?;
    let last = history.last();
    same_engine(last, args.citus, &args.dir)?;
    let old = last.map(|s| s.schema.clone()).unwrap_or_default();
    let options = DiffOptions::default()
        .allow_data_loss(args.allow_data_loss)
        .safe(args.safe)
        .row_level_security(args.rls)
        .previous_row_level_security(last.is_some_and(|s| s.row_level_security))
        .citus(args.citus);
    let migration = diff(&old, &new, &options).map_err(fail)?;
    if migration.is_empty() {
        match last {
            Some(s) => eprintln!(
                "no schema changes since migration {}: nothing written",
                s.id
            ),
            None => eprintln!("the schema is empty: nothing written"),
        }
        return Ok(());
    }

    let first = version::next(history.last_version, clock);
    let id = format!("{first}_{}", args.name);
    let parent = last.map(|s| s.id.clone());
    let files = migration.files();
    let mut written = Vec::new();
    for (i, file) in files.iter().enumerate() {
        let version = version::plus(first, i as u64);
        let name = format!(
            "{version}_{}{}.sql",
            args.name,
            file.suffix.as_deref().unwrap_or_default()
        );
        // Each file names itself by its own version; a migration split in several files
        // (sqlx runs each as a migration) says which part it is.
        let part = if files.len() > 1 {
            format!(", part {} of {} of migration {id}", i + 1, files.len())
        } else {
            String::new()
        };
        let header = format!(
            "-- Migration {}{part}, generated by schemaforge from {}.\n\
             -- Review it like code; the hazards of each step are noted above it.\n",
            name.trim_end_matches(".sql"),
            parent.as_deref().map_or_else(
                || "an empty database".to_string(),
                |p| format!("migration {p}")
            )
        );
        written.push((name, file.contents(&header)));
    }
    for (name, _) in &written {
        let path = args.dir.join(name);
        if path.exists() {
            return Err(fail(format!("{} already exists", path.display())));
        }
    }
    let snapshot = Snapshot {
        format: FORMAT.to_string(),
        id: id.clone(),
        parent,
        files: written.iter().map(|(n, _)| n.clone()).collect(),
        row_level_security: args.rls,
        citus: args.citus,
        schema: new,
    };
    let snapshot_path = history::snapshot_path(&args.dir, &id);
    let mut outputs: Vec<(PathBuf, String)> = written
        .into_iter()
        .map(|(name, text)| (args.dir.join(name), text))
        .collect();
    outputs.push((snapshot_path, history::to_json(&snapshot)));
    for (path, text) in &outputs {
        write_if_changed(path, text)
            .map_err(|e| fail(format!("cannot write {}: {e}", path.display())))?;
        eprintln!("wrote {}", path.display());
    }
    eprint!("{}", migration.report());
    Ok(())
}

fn check(args: &CheckArgs) -> Result<(), Reported> {
    let new = load_schema_for(&args.schema, args.citus)?;
    let history = read_history(&args.dir)?;
    same_engine(history.last(), args.citus, &args.dir)?;
    let old = history.last().map(|s| s.schema.clone()).unwrap_or_default();
    let since = history.last().map_or_else(
        || "no migration yet".to_string(),
        |s| format!("migration {}", s.id),
    );
    let options = DiffOptions::default()
        .allow_data_loss(true)
        .row_level_security(args.rls)
        .previous_row_level_security(history.last().is_some_and(|s| s.row_level_security))
        .citus(args.citus);
    match diff(&old, &new, &options) {
        Ok(m) if m.is_empty() => {
            eprintln!("{}: up to date ({since})", args.dir.display());
            Ok(())
        }
        Ok(m) => Err(fail(format!(
            "the schema has changed since {since} ({} step{} to migrate): run `schemaforge \
             migrate generate {} --dir {} --name <name>`",
            m.steps.len(),
            if m.steps.len() == 1 { "" } else { "s" },
            args.schema.display(),
            args.dir.display()
        ))),
        Err(e) => Err(fail(format!(
            "the schema has changed since {since}, and {e}"
        ))),
    }
}

/// Runs `schemaforge diff`: the SQL on stdout, the hazards on stderr.
pub fn diff_command(args: &DiffArgs) -> Result<(), Reported> {
    let old = load_schema(&args.old)?;
    let new = load_schema_for(&args.new, args.citus)?;
    let options = DiffOptions::default()
        .allow_data_loss(args.allow_data_loss)
        .safe(args.safe)
        .row_level_security(args.rls)
        .citus(args.citus);
    let migration: Migration = diff(&old, &new, &options).map_err(fail)?;
    if migration.is_empty() {
        eprintln!("no changes");
        return Ok(());
    }
    print!("{}", migration.sql());
    eprint!("{}", migration.report());
    Ok(())
}
