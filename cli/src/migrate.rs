//! `schemaforge migrate generate`, `schemaforge migrate check` and `schemaforge diff`.
//!
//! Thin over [`schemaforge_generator::migrations`] (the folder, its history and the next
//! migration) and [`schemaforge_generator::diff`].

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use schemaforge_generator::diff::{DiffOptions, Migration, diff};
use schemaforge_generator::migrations::history::Snapshot;
use schemaforge_generator::migrations::{Folder, MigrationOptions, Status, version};
use schemaforge_generator::output::write_if_changed;
use schemaforge_schema::ir::Schema;

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

fn read_folder(dir: &Path) -> Result<Folder, Reported> {
    let folder = Folder::read(dir).map_err(fail)?;
    for file in folder.unrecorded() {
        eprintln!(
            "warning: {file} was not generated by schemaforge: the snapshot does not know \
             what it changes"
        );
    }
    Ok(folder)
}

fn generate(args: &GenerateArgs) -> Result<(), Reported> {
    let clock = match &args.timestamp {
        Some(text) => version::parse(text).map_err(fail)?,
        None => version::now(),
    };
    let new = load_schema_for(&args.schema, args.citus)?;
    let folder = read_folder(&args.dir)?;
    let options = MigrationOptions {
        allow_data_loss: args.allow_data_loss,
        safe: args.safe,
        row_level_security: args.rls,
        citus: args.citus,
    };
    let Some(next) = folder
        .next(&new, &args.name, clock, &options)
        .map_err(fail)?
    else {
        match folder.last_id() {
            Some(id) => eprintln!("no schema changes since migration {id}: nothing written"),
            None => eprintln!("the schema is empty: nothing written"),
        }
        return Ok(());
    };
    for (path, text) in &next.files {
        write_if_changed(path, text)
            .map_err(|e| fail(format!("cannot write {}: {e}", path.display())))?;
        eprintln!("wrote {}", path.display());
    }
    eprint!("{}", next.migration.report());
    Ok(())
}

fn check(args: &CheckArgs) -> Result<(), Reported> {
    let new = load_schema_for(&args.schema, args.citus)?;
    let folder = read_folder(&args.dir)?;
    let since = folder.last_id().map_or_else(
        || "no migration yet".to_string(),
        |id| format!("migration {id}"),
    );
    let options = MigrationOptions {
        row_level_security: args.rls,
        citus: args.citus,
        ..MigrationOptions::default()
    };
    match folder.check(&new, &options).map_err(fail)? {
        Status::UpToDate => {
            eprintln!("{}: up to date ({since})", args.dir.display());
            Ok(())
        }
        Status::Changed { steps } => Err(fail(format!(
            "the schema has changed since {since} ({steps} step{} to migrate): run `schemaforge \
             migrate generate {} --dir {} --name <name>`",
            if steps == 1 { "" } else { "s" },
            args.schema.display(),
            args.dir.display()
        ))),
        Status::Unmigratable(e) => Err(fail(format!(
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
