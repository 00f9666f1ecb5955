//! `schemaforge`: check a schema, print its DDL, generate every output, write and check
//! migrations, diff two schemas, format it.

mod docs;
mod migrate;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use schemaforge_generator::output::{self, write_if_changed};
use schemaforge_schema::{LoadError, Loaded, Sources};

/// Schema-first code generation for Postgres and Rust.
#[derive(Debug, Parser)]
#[command(name = "schemaforge", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check a schema, and that its names can all be Rust; print every problem and exit 1
    /// if there are any.
    Check {
        /// A .forge file or a folder of them; or code-first .rs files.
        path: PathBuf,
        /// Also check that Citus can distribute the schema as `sql --citus` writes it.
        #[arg(long)]
        citus: bool,
    },
    /// Print the schema's Postgres DDL.
    Sql {
        /// A .forge file or a folder of them; or code-first .rs files.
        path: PathBuf,
        /// Add Row-Level Security: every tenant-scoped table admits only the rows of the
        /// tenant in the transaction-local setting `app.tenant_id`.
        #[arg(long)]
        rls: bool,
        /// Write it for a Citus cluster: tenant-scoped tables distributed by their tenant
        /// column and colocated, the others reference tables (checked first, as by
        /// `check --citus`).
        #[arg(long)]
        citus: bool,
    },
    /// Write every output (schema.sql, schema.json, schema.rs and schema/) into a folder.
    Generate {
        /// A .forge file or a folder of them; or code-first .rs files.
        path: PathBuf,
        /// The folder to write into (created if missing).
        #[arg(long)]
        out: PathBuf,
        /// Add Row-Level Security to schema.sql (see `sql --rls`).
        #[arg(long)]
        rls: bool,
        /// Write schema.sql for a Citus cluster (see `sql --citus`), and Rust whose scopes set
        /// the tenant there.
        #[arg(long)]
        citus: bool,
    },
    /// Generate migrations (sqlx's layout) and check that none is missing.
    Migrate {
        #[command(subcommand)]
        command: migrate::MigrateCommand,
    },
    /// Print the SQL that migrates a database from one schema to another.
    Diff(migrate::DiffArgs),
    /// Write the schema's reference page (schema.md) and ER diagrams (Mermaid, DOT, SVG).
    Docs(docs::DocsArgs),
    /// Rewrite schema files in the canonical layout.
    Fmt {
        /// A .forge file or a folder of them.
        path: PathBuf,
        /// Change nothing; exit 1 if a file is not formatted.
        #[arg(long)]
        check: bool,
    },
}

/// The outcome of a command that ran: success, or failure already reported on stderr.
enum Failure {
    Reported,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check { path, citus } => {
            load_for(&path, citus).and_then(rust_names).map(|loaded| {
                let tables = loaded.schema.tables.len();
                let enums = loaded.schema.enums.len();
                let on = if citus {
                    ", distributable on Citus"
                } else {
                    ""
                };
                eprintln!(
                    "{}: ok ({enums} enums, {tables} tables{on})",
                    path.display()
                );
            })
        }
        Command::Sql { path, rls, citus } => load_for(&path, citus).map(|loaded| {
            let mut options = output::Options::default();
            options.sql.row_level_security(rls).citus(citus);
            print!(
                "{}",
                schemaforge_generator::emit::sql::emit(&loaded.schema, &options.sql)
            );
        }),
        Command::Generate {
            path,
            out,
            rls,
            citus,
        } => load_for(&path, citus).and_then(|loaded| generate(&path, &loaded, &out, rls, citus)),
        Command::Fmt { path, check } => fmt(&path, check),
        Command::Docs(args) => docs::run(&args),
        Command::Migrate { command } => migrate::run(command).map_err(|_| Failure::Reported),
        Command::Diff(args) => migrate::diff_command(&args).map_err(|_| Failure::Reported),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Reported) => ExitCode::FAILURE,
    }
}

/// A schema file or folder, or code-first sources: a `.rs` file, or a folder of them without
/// `.forge` files (`#[derive(Table)]` and `#[derive(PgEnum)]` items, parsed, not compiled).
fn load(path: &Path) -> Result<Loaded, Failure> {
    schemaforge_generator::code_first::load(path).map_err(|e| report(&e))
}

/// [`load`], and with `citus` what Citus would refuse reported like any schema error.
fn load_for(path: &Path, citus: bool) -> Result<Loaded, Failure> {
    let loaded = load(path)?;
    let diagnostics = match citus {
        true => schemaforge_schema::citus::check(&loaded.schema),
        false => return Ok(loaded),
    };
    if diagnostics.is_empty() {
        return Ok(loaded);
    }
    Err(report(&LoadError::Invalid {
        sources: loaded.sources,
        diagnostics,
    }))
}

/// `loaded`, unless two of its names meet in the generated Rust (`generate` would refuse it):
/// then each such pair reported like any schema error.
fn rust_names(loaded: Loaded) -> Result<Loaded, Failure> {
    let options = schemaforge_generator::emit::rust::RustOptions::default();
    let problems = schemaforge_generator::emit::rust::problems(&loaded.schema, &options);
    if problems.names.is_empty() {
        return Ok(loaded);
    }
    Err(report(&LoadError::Invalid {
        sources: loaded.sources,
        diagnostics: problems.names,
    }))
}

fn report(e: &LoadError) -> Failure {
    eprint!("{}", e.render());
    Failure::Reported
}

fn generate(
    path: &Path,
    loaded: &Loaded,
    out: &Path,
    rls: bool,
    citus: bool,
) -> Result<(), Failure> {
    // Everything is generated in memory first: a failure leaves no partial output.
    let mut options = output::Options::default();
    options.sql.row_level_security(rls).citus(citus);
    options.rust.citus(citus);
    let problems = schemaforge_generator::emit::rust::problems(&loaded.schema, &options.rust);
    if !problems.is_empty() {
        eprintln!("error: cannot generate Rust for {}", path.display());
        eprintln!("{}", problems.render(&loaded.sources));
        return Err(Failure::Reported);
    }
    let files = output::generate(&loaded.schema, &options);
    let prefix = format!("{}/", output::RUST_NAME);
    let mut unchanged_parts = 0;
    // The parts before the file that includes them, so that it never names a missing one.
    let (parts, top): (Vec<_>, Vec<_>) = files.iter().partition(|f| f.name.starts_with(&prefix));
    // The Rust replaces only files schemaforge wrote: `--out` may be a folder whose
    // `schema.rs` and `schema/` hold the user's own code.
    let rust_top = top.iter().filter(|f| f.name.ends_with(".rs"));
    for file in parts.iter().chain(rust_top) {
        let path = out.join(&file.name);
        let foreign = std::fs::read_to_string(&path)
            .is_ok_and(|text| !text.starts_with(schemaforge_generator::emit::rust::HEADER));
        if foreign || (path.exists() && std::fs::read_to_string(&path).is_err()) {
            eprintln!(
                "error: {} exists and was not written by schemaforge; not replacing it (choose another --out)",
                path.display()
            );
            return Err(Failure::Reported);
        }
    }
    for file in parts.iter().chain(&top) {
        let path = out.join(&file.name);
        let part = file.name.starts_with(&prefix);
        match write_if_changed(&path, &file.contents) {
            Ok(true) => eprintln!("wrote {}", path.display()),
            Ok(false) if part => unchanged_parts += 1,
            Ok(false) => eprintln!("unchanged {}", path.display()),
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", path.display());
                return Err(Failure::Reported);
            }
        }
    }
    let dir = out.join(output::RUST_NAME);
    if unchanged_parts > 0 {
        eprintln!(
            "unchanged {unchanged_parts} table files in {}",
            dir.display()
        );
    }
    // The part of a table that is no longer in the schema.
    let parts: Vec<&str> = parts
        .iter()
        .filter_map(|f| f.name.strip_prefix(&prefix))
        .collect();
    match output::remove_stale_parts(&dir, &parts) {
        Ok(removed) => {
            for path in removed {
                eprintln!("removed {}", path.display());
            }
        }
        Err(e) => {
            eprintln!("error: cannot tidy {}: {e}", dir.display());
            return Err(Failure::Reported);
        }
    }
    Ok(())
}

fn fmt(path: &Path, check: bool) -> Result<(), Failure> {
    let sources = Sources::read(path).map_err(|e| report(&LoadError::Read(e)))?;
    let files = schemaforge_schema::parse(&sources).map_err(|diagnostics| {
        report(&LoadError::Invalid {
            sources: sources.clone(),
            diagnostics,
        })
    })?;
    let mut formatted = Sources::new();
    let mut changed = Vec::new();
    for ((_, source), file) in sources.files().zip(&files) {
        let text = schemaforge_schema::format::format_file(file);
        if text != source.text {
            changed.push((
                source
                    .path
                    .clone()
                    .unwrap_or_else(|| PathBuf::from(&source.name)),
                text.clone(),
            ));
        }
        formatted.add(source.name.clone(), text);
    }
    // Formatting must never change meaning; refuse to write if it would.
    let before = schemaforge_schema::compile_files(&files);
    let after = schemaforge_schema::compile(&formatted);
    if let (Ok(before), Ok(after)) = (before, after)
        && output::ir_json(&before) != output::ir_json(&after)
    {
        eprintln!(
            "error: formatting would change the schema's meaning; nothing was written (please report this)"
        );
        return Err(Failure::Reported);
    }
    if check {
        for (path, _) in &changed {
            eprintln!("not formatted: {}", path.display());
        }
        return if changed.is_empty() {
            Ok(())
        } else {
            Err(Failure::Reported)
        };
    }
    for (path, text) in &changed {
        if let Err(e) = write_if_changed(path, text) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return Err(Failure::Reported);
        }
        eprintln!("formatted {}", path.display());
    }
    Ok(())
}
