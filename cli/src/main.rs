//! `schemaforge`: check a schema, print its DDL, generate every output, write and check
//! migrations, diff two schemas, format it, pull it from a live database.

mod docs;
mod migrate;
mod pull;

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
        #[command(flatten)]
        rust: RustArgs,
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
    /// Write one namespace of a live database as a schema, and list what it does not carry.
    Pull(pull::PullArgs),
    /// Rewrite schema files in the canonical layout.
    Fmt {
        /// A .forge file or a folder of them.
        #[arg(required_unless_present = "stdin")]
        path: Option<PathBuf>,
        /// Change nothing; exit 1 if a file is not formatted.
        #[arg(long)]
        check: bool,
        /// Format the schema text on standard input and print it on standard output (for
        /// editors); errors name the file as `--stdin-name` says.
        #[arg(long, conflicts_with = "path")]
        stdin: bool,
        /// The file name that errors give standard input's text.
        #[arg(long, requires = "stdin", default_value = "<stdin>")]
        stdin_name: String,
    },
}

/// The Rust options of `generate`: one flag per option of the build script's `Builder`, so
/// that committed code and a build script's output are the same for the same options.
#[derive(Debug, clap::Args)]
struct RustArgs {
    /// Date and time columns as `chrono` (the default) or `time` types
    /// (`Builder::time_crate`).
    #[arg(long, value_enum, default_value_t = TimeCrateArg::Chrono)]
    time_crate: TimeCrateArg,
    /// `PATH=ATTRIBUTE`: outer attributes for the generated types `PATH` selects (`.` for
    /// all, a schema name, or a Rust type name), e.g. `organizations=#[non_exhaustive]`
    /// (`Builder::type_attribute`; repeatable).
    #[arg(long, value_name = "PATH=ATTRIBUTE")]
    type_attribute: Vec<String>,
    /// `PATH=DERIVES`: more derives for the types `PATH` selects, e.g. `.=utoipa::ToSchema`
    /// (`Builder::derive`; repeatable).
    #[arg(long, value_name = "PATH=DERIVES")]
    derive: Vec<String>,
    /// `SCHEMA_NAME=RUST_NAME`: the Rust name of a table's row type or an enum, e.g.
    /// `people=Person` (`Builder::type_name`; repeatable).
    #[arg(long, value_name = "SCHEMA_NAME=RUST_NAME")]
    type_name: Vec<String>,
    /// The tenant scope type's name instead of `<Root>Scope` (`Builder::scope_name`).
    #[arg(long)]
    scope_name: Option<String>,
    /// The path of the runtime crate where the code is included, when it is renamed or
    /// re-exported; `::schemaforge` by default (`Builder::runtime_crate`).
    #[arg(long)]
    runtime_crate: Option<String>,
}

/// `--time-crate`'s values.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum TimeCrateArg {
    Chrono,
    Time,
}

impl RustArgs {
    /// The options, or the flag that does not read as `NAME=VALUE`.
    fn apply(
        &self,
        options: &mut schemaforge_generator::emit::rust::RustOptions,
    ) -> Result<(), String> {
        options.time_crate(match self.time_crate {
            TimeCrateArg::Chrono => schemaforge_generator::TimeCrate::Chrono,
            TimeCrateArg::Time => schemaforge_generator::TimeCrate::Time,
        });
        let pair = |flag: &str, value: &str| -> Result<(String, String), String> {
            value
                .split_once('=')
                .filter(|(name, _)| !name.is_empty())
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .ok_or_else(|| format!("--{flag} takes NAME=VALUE, not `{value}`"))
        };
        for value in &self.type_attribute {
            let (path, attribute) = pair("type-attribute", value)?;
            options.type_attribute(path, attribute);
        }
        for value in &self.derive {
            let (path, derives) = pair("derive", value)?;
            options.derive(path, derives);
        }
        for value in &self.type_name {
            let (schema_name, rust_name) = pair("type-name", value)?;
            options.type_name(schema_name, rust_name);
        }
        if let Some(name) = &self.scope_name {
            options.scope_name(name.clone());
        }
        if let Some(path) = &self.runtime_crate {
            options.runtime_crate(path.clone());
        }
        Ok(())
    }
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
            rust,
        } => load_for(&path, citus)
            .and_then(|loaded| generate(&path, &loaded, &out, rls, citus, &rust)),
        Command::Fmt {
            path,
            check,
            stdin,
            stdin_name,
        } => match path {
            Some(path) if !stdin => fmt(&path, check),
            _ => fmt_stdin(&stdin_name, check),
        },
        Command::Docs(args) => docs::run(&args),
        Command::Pull(args) => pull::run(&args),
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
    if color() {
        eprint!("{}", e.render_colored());
    } else {
        eprint!("{}", e.render());
    }
    Failure::Reported
}

/// Diagnostics for stderr: in colour where [`color`] says so.
pub(crate) fn render(diagnostics: &schemaforge_schema::Diagnostics, sources: &Sources) -> String {
    if color() {
        diagnostics.render_colored(sources)
    } else {
        diagnostics.render(sources)
    }
}

/// Whether diagnostics go out in colour: on a terminal, unless `NO_COLOR` is set (to
/// anything but the empty string) or the terminal is `dumb`. Piped, they are plain text.
fn color() -> bool {
    use std::io::IsTerminal;
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
    std::io::stderr().is_terminal() && !no_color && !dumb
}

fn generate(
    path: &Path,
    loaded: &Loaded,
    out: &Path,
    rls: bool,
    citus: bool,
    rust: &RustArgs,
) -> Result<(), Failure> {
    // Everything is generated in memory first: a failure leaves no partial output.
    let mut options = output::Options::default();
    options.sql.row_level_security(rls).citus(citus);
    options.rust.citus(citus);
    if let Err(e) = rust.apply(&mut options.rust) {
        eprintln!("error: {e}");
        return Err(Failure::Reported);
    }
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

/// The files of `sources`, parsed for `fmt`: syntax errors are reported as `check` reports
/// them, and nothing is formatted.
fn parse_for_fmt(sources: &Sources) -> Result<Vec<schemaforge_schema::ast::File>, Failure> {
    schemaforge_schema::parse(sources).map_err(|diagnostics| {
        report(&LoadError::Invalid {
            sources: sources.clone(),
            diagnostics,
        })
    })
}

fn fmt(path: &Path, check: bool) -> Result<(), Failure> {
    let sources = Sources::read(path).map_err(|e| report(&LoadError::Read(e)))?;
    let files = parse_for_fmt(&sources)?;
    let mut formatted = Sources::new();
    let mut changed = Vec::new();
    // Formatting must never change meaning; refuse to write if it would.
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
    same_meaning(&files, &formatted)?;
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

/// `fmt --stdin`: the text of one file from standard input, formatted to standard output
/// (or, with `check`, exit 1 if it is not formatted, printing nothing).
fn fmt_stdin(name: &str, check: bool) -> Result<(), Failure> {
    use std::io::Read;
    let mut text = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut text) {
        eprintln!("error: cannot read standard input: {e}");
        return Err(Failure::Reported);
    }
    let mut sources = Sources::new();
    sources.add(name, text.clone());
    let files = parse_for_fmt(&sources)?;
    let mut formatted = Sources::new();
    let mut out = String::new();
    for file in &files {
        out = schemaforge_schema::format::format_file(file);
        formatted.add(name, out.clone());
    }
    same_meaning(&files, &formatted)?;
    if check {
        if out != text {
            eprintln!("not formatted: {name}");
            return Err(Failure::Reported);
        }
        return Ok(());
    }
    print!("{out}");
    Ok(())
}

/// Formatting must never change meaning: an error (and nothing written) if the formatted
/// sources compile to another IR than the files they came from.
fn same_meaning(
    files: &[schemaforge_schema::ast::File],
    formatted: &Sources,
) -> Result<(), Failure> {
    let before = schemaforge_schema::compile_files(files);
    let after = schemaforge_schema::compile(formatted);
    if let (Ok(before), Ok(after)) = (before, after)
        && output::ir_json(&before) != output::ir_json(&after)
    {
        eprintln!(
            "error: formatting would change the schema's meaning; nothing was written (please report this)"
        );
        return Err(Failure::Reported);
    }
    Ok(())
}
