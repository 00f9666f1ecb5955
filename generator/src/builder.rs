//! The build-script API: schema in, `OUT_DIR/schemaforge/<name>.rs` out.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use schemaforge_schema::ir::Schema;
use schemaforge_schema::{ReadError, Sources};

use crate::emit::rust::{self, RustOptions, TimeCrate};

/// Generates the Rust for a schema file or folder with the default options, and on any error
/// prints it (a schema error as rendered diagnostics) and exits the build script with status
/// 1. Returns the path of the file written.
///
/// ```no_run
/// // build.rs
/// fn main() {
///     schemaforge_generator::compile_schema("schema/");
/// }
/// ```
///
/// and in the crate:
///
/// ```ignore
/// pub mod db {
///     schemaforge::include_schema!();
/// }
/// ```
// A build script's `main` is what the example shows.
#[allow(clippy::needless_doctest_main)]
pub fn compile_schema(path: impl AsRef<Path>) -> PathBuf {
    match Builder::new(path).generate() {
        Ok(file) => file,
        Err(error) => {
            eprintln!("{error}");
            std::process::exit(1);
        }
    }
}

/// Options for generating Rust from a schema in a build script, ending in [`generate`].
///
/// ```no_run
/// // build.rs
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     schemaforge_generator::Builder::new("schema/")
///         .time_crate(schemaforge_generator::TimeCrate::Time)
///         .generate()?;
///     Ok(())
/// }
/// ```
///
/// [`generate`]: Builder::generate
#[derive(Debug, Clone)]
pub struct Builder {
    schema: PathBuf,
    options: RustOptions,
    row_level_security: bool,
    file_name: String,
    out_dir: Option<PathBuf>,
    emit_rerun_if_changed: bool,
}

impl Builder {
    /// A builder for the schema at `path`: one `.forge` file, or a folder whose `.forge` files
    /// (searched recursively) form one schema. A relative path is relative to the package
    /// root, where Cargo runs build scripts.
    pub fn new(path: impl AsRef<Path>) -> Builder {
        Builder {
            schema: path.as_ref().to_path_buf(),
            options: RustOptions::default(),
            row_level_security: false,
            file_name: "schema".to_string(),
            out_dir: None,
            emit_rerun_if_changed: true,
        }
    }

    /// Date and time columns as `chrono` types (the default) or `time` types. `time` needs
    /// the `schemaforge` dependency's `time` feature.
    ///
    /// ```no_run
    /// // build.rs
    /// use schemaforge_generator::{Builder, TimeCrate};
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     Builder::new("schema/").time_crate(TimeCrate::Time).generate()?;
    ///     Ok(())
    /// }
    /// ```
    pub fn time_crate(&mut self, time_crate: TimeCrate) -> &mut Builder {
        self.options.time_crate(time_crate);
        self
    }

    /// Adds outer attributes to generated types. `path` selects the types: `.` for all; a
    /// table or enum name as written in the schema for every type generated from it; or the
    /// Rust name of one generated type (`Organization`, `NewOrganization`,
    /// `OrganizationPatch`, `OrganizationId`, `OrgRole`).
    ///
    /// ```no_run
    /// // build.rs
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     schemaforge_generator::Builder::new("schema/")
    ///         .type_attribute("Organization", "#[derive(utoipa::ToSchema)]")
    ///         .type_attribute("org_role", "#[non_exhaustive]")
    ///         .generate()?;
    ///     Ok(())
    /// }
    /// ```
    pub fn type_attribute(
        &mut self,
        path: impl Into<String>,
        attribute: impl Into<String>,
    ) -> &mut Builder {
        self.options.type_attribute(path, attribute);
        self
    }

    /// Derives more traits for the types `path` selects (as in [`type_attribute`]); `derives`
    /// is the list inside `#[derive(...)]`. The derives come after schemaforge's own, so
    /// deriving a trait schemaforge already implements is a compile error.
    ///
    /// ```no_run
    /// // build.rs
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     schemaforge_generator::Builder::new("schema/")
    ///         .derive("Organization", "Hash")
    ///         .derive(".", "utoipa::ToSchema")
    ///         .generate()?;
    ///     Ok(())
    /// }
    /// ```
    ///
    /// [`type_attribute`]: Builder::type_attribute
    pub fn derive(&mut self, path: impl Into<String>, derives: impl AsRef<str>) -> &mut Builder {
        self.options.derive(path, derives);
        self
    }

    /// The Rust name of a table's row type (its other types follow: `New…`, `…Patch`, `…Id`)
    /// or of an enum, when the one made from the schema name reads badly.
    ///
    /// ```no_run
    /// // build.rs
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     schemaforge_generator::Builder::new("schema/")
    ///         .type_name("people", "Person")
    ///         .generate()?;
    ///     Ok(())
    /// }
    /// ```
    pub fn type_name(
        &mut self,
        schema_name: impl Into<String>,
        rust_name: impl Into<String>,
    ) -> &mut Builder {
        self.options.type_name(schema_name, rust_name);
        self
    }

    /// The name of the tenant scope type, through which alone the helpers of tenant-scoped
    /// tables are reached; by default the tenant root's row type followed by `Scope`
    /// (`OrganizationScope` for `organizations`).
    ///
    /// ```no_run
    /// // build.rs
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     schemaforge_generator::Builder::new("schema/")
    ///         .scope_name("OrgScope")
    ///         .generate()?;
    ///     Ok(())
    /// }
    /// ```
    pub fn scope_name(&mut self, name: impl Into<String>) -> &mut Builder {
        self.options.scope_name(name);
        self
    }

    /// Generate for a Citus cluster whose schema `schemaforge sql --citus` wrote: the schema is
    /// checked as `schemaforge check --citus` checks it, and the scope's `begin` sets the
    /// tenant so that the workers see it (see [`RustOptions::citus`]).
    ///
    /// ```no_run
    /// // build.rs
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     schemaforge_generator::Builder::new("schema/").citus(true).generate()?;
    ///     Ok(())
    /// }
    /// ```
    pub fn citus(&mut self, enabled: bool) -> &mut Builder {
        self.options.citus(enabled);
        self
    }

    /// Whether the DDL written beside the Rust (`SCHEMA_SQL`) ends with Row-Level Security
    /// for the tenant-scoped tables, as `schemaforge sql --rls` writes it (off by default;
    /// see [`SqlOptions::row_level_security`](crate::emit::sql::SqlOptions::row_level_security)).
    /// The Rust is the same either way.
    ///
    /// ```no_run
    /// // build.rs
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     schemaforge_generator::Builder::new("schema/")
    ///         .row_level_security(true)
    ///         .generate()?;
    ///     Ok(())
    /// }
    /// ```
    pub fn row_level_security(&mut self, enabled: bool) -> &mut Builder {
        self.row_level_security = enabled;
        self
    }

    /// The path of the `schemaforge` crate in the including crate, when it is renamed in
    /// `Cargo.toml` or re-exported; by default `::schemaforge`.
    ///
    /// ```no_run
    /// // build.rs
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     schemaforge_generator::Builder::new("schema/")
    ///         .runtime_crate("::my_platform::schemaforge")
    ///         .generate()?;
    ///     Ok(())
    /// }
    /// ```
    pub fn runtime_crate(&mut self, path: impl Into<String>) -> &mut Builder {
        self.options.runtime_crate(path);
        self
    }

    /// The generated file's name without `.rs`, by default `schema`; include it with
    /// `schemaforge::include_schema!("<name>")`. Lets one crate generate several schemas.
    ///
    /// ```no_run
    /// // build.rs
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     schemaforge_generator::Builder::new("billing.forge")
    ///         .file_name("billing")
    ///         .generate()?;
    ///     Ok(())
    /// }
    /// ```
    pub fn file_name(&mut self, name: impl Into<String>) -> &mut Builder {
        self.file_name = name.into();
        self
    }

    /// Where to write instead of `$OUT_DIR`; the file goes to `<dir>/schemaforge/<name>.rs`.
    ///
    /// ```no_run
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let file = schemaforge_generator::Builder::new("schema/")
    ///         .out_dir("target/generated")
    ///         .generate()?;
    ///     println!("wrote {}", file.display());
    ///     Ok(())
    /// }
    /// ```
    pub fn out_dir(&mut self, dir: impl AsRef<Path>) -> &mut Builder {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Whether to print `cargo:rerun-if-changed` for the schema folder and every file read
    /// (on by default), so that Cargo reruns the build script exactly when the schema changes.
    ///
    /// ```no_run
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     // Outside a build script: nothing for Cargo to read.
    ///     schemaforge_generator::Builder::new("schema/")
    ///         .emit_rerun_if_changed(false)
    ///         .out_dir("generated")
    ///         .generate()?;
    ///     Ok(())
    /// }
    /// ```
    pub fn emit_rerun_if_changed(&mut self, yes: bool) -> &mut Builder {
        self.emit_rerun_if_changed = yes;
        self
    }

    /// The options of the Rust emitter, as the setters left them.
    pub fn rust_options(&self) -> &RustOptions {
        &self.options
    }

    /// Reads and checks the schema without writing anything, so that a build script can look
    /// at it first; [`Loaded::generate`] then writes the file.
    ///
    /// ```no_run
    /// // build.rs
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let loaded = schemaforge_generator::Builder::new("schema/").load()?;
    ///     for table in &loaded.schema().tables {
    ///         println!("cargo:warning=table {}", table.name);
    ///     }
    ///     loaded.generate()?;
    ///     Ok(())
    /// }
    /// ```
    pub fn load(&self) -> Result<Loaded, Error> {
        let sources = match Sources::read(&self.schema) {
            Ok(sources) => sources,
            Err(error) => {
                // Rerun once the path exists or becomes readable.
                self.rerun_if_changed(std::iter::empty());
                return Err(Error::Read(error));
            }
        };
        self.rerun_if_changed(sources.paths());
        let checked =
            schemaforge_schema::compile(&sources).and_then(|schema| match self.options.citus {
                true => schemaforge_schema::citus::check(&schema).into_result(schema),
                false => Ok(schema),
            });
        match checked {
            Ok(schema) => Ok(Loaded {
                builder: self.clone(),
                sources,
                schema,
            }),
            Err(diagnostics) => Err(Error::Schema {
                path: self.schema.clone(),
                count: diagnostics.len(),
                rendered: diagnostics.render(&sources),
            }),
        }
    }

    /// Reads and checks the schema, then writes `OUT_DIR/schemaforge/<name>.rs` (only when
    /// its bytes change, so that dependents are not rebuilt for nothing). Returns its path.
    ///
    /// ```no_run
    /// // build.rs
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     schemaforge_generator::Builder::new("schema/").generate()?;
    ///     Ok(())
    /// }
    /// ```
    pub fn generate(&self) -> Result<PathBuf, Error> {
        self.load()?.generate()
    }

    fn rerun_if_changed<'a>(&self, files: impl Iterator<Item = &'a Path>) {
        if !self.emit_rerun_if_changed {
            return;
        }
        // The folder too: Cargo then notices files added to it.
        println!("cargo:rerun-if-changed={}", self.schema.display());
        for file in files.filter(|f| *f != self.schema) {
            println!("cargo:rerun-if-changed={}", file.display());
        }
    }
}

/// A schema read and checked by [`Builder::load`], ready to generate.
#[derive(Debug)]
pub struct Loaded {
    builder: Builder,
    sources: Sources,
    schema: Schema,
}

impl Loaded {
    /// The checked schema.
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// The files it was read from.
    pub fn sources(&self) -> &Sources {
        &self.sources
    }

    /// The generated Rust as one text: the items of every file [`generate`](Loaded::generate)
    /// writes, in the same order (for a snapshot test of the generated code).
    pub fn rust(&self) -> Result<String, Error> {
        self.check_rust()?;
        Ok(rust::file(&self.schema, &self.builder.options))
    }

    /// The DDL that [`generate`](Loaded::generate) writes beside the Rust as `<name>.sql`
    /// (the generated `SCHEMA_SQL`): what `schemaforge sql` prints, with the builder's
    /// Row-Level Security and Citus options.
    pub fn sql(&self) -> String {
        let mut options = crate::emit::sql::SqlOptions::default();
        options
            .row_level_security(self.builder.row_level_security)
            .citus(self.builder.options.has_citus());
        crate::emit::sql::emit(&self.schema, &options)
    }

    fn check_rust(&self) -> Result<(), Error> {
        let problems = rust::problems(&self.schema, &self.builder.options);
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::Rust {
                path: self.builder.schema.clone(),
                count: problems.len(),
                rendered: problems.render(&self.sources),
            })
        }
    }

    /// Writes `OUT_DIR/schemaforge/<name>.rs` and, in `OUT_DIR/schemaforge/<name>/`, the file
    /// of each table it includes (see [`rust::files`]), each only when its bytes change, so
    /// that dependents are not rebuilt for nothing; removes the file of a table no longer in
    /// the schema. Returns the path of `<name>.rs`.
    pub fn generate(&self) -> Result<PathBuf, Error> {
        let name = &self.builder.file_name;
        if name.is_empty() || name.contains(['/', '\\']) || name.ends_with(".rs") {
            return Err(Error::FileName(name.clone()));
        }
        self.check_rust()?;
        let mut files = rust::files(&self.schema, &self.builder.options, name);
        files.push((format!("{name}.sql"), self.sql()));
        let out_dir = match &self.builder.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or(Error::NoOutDir)?,
        };
        let dir = out_dir.join("schemaforge");
        let io_error = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::Write { path, source }
        };
        // The parts first: the file that includes them never names one not yet written.
        for (file, text) in files.iter().rev() {
            let path = dir.join(file);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(io_error(parent))?;
            }
            write_if_changed(&path, text.as_bytes()).map_err(io_error(&path))?;
        }
        let prefix = format!("{name}/");
        let parts: Vec<&str> = files
            .iter()
            .filter_map(|(file, _)| file.strip_prefix(&prefix))
            .collect();
        let parts_dir = dir.join(name);
        crate::output::remove_stale_parts(&parts_dir, &parts).map_err(io_error(&parts_dir))?;
        Ok(dir.join(format!("{name}.rs")))
    }
}

fn write_if_changed(path: &Path, bytes: &[u8]) -> io::Result<()> {
    match std::fs::read(path) {
        Ok(old) if old == bytes => Ok(()),
        _ => std::fs::write(path, bytes),
    }
}

/// Why a build script could not generate the schema's Rust.
#[non_exhaustive]
pub enum Error {
    /// The schema file or folder could not be read.
    Read(ReadError),
    /// The schema has errors; `rendered` shows each with its file, line and a caret.
    Schema {
        /// The schema file or folder the builder was given.
        path: PathBuf,
        /// How many errors there are (the rendering may show only the first ones).
        count: usize,
        /// The diagnostics as `schemaforge check` prints them.
        rendered: String,
    },
    /// The schema is valid but cannot be written as Rust with these options (e.g. two tables
    /// whose types would share a name, or an attribute that does not parse).
    Rust {
        /// The schema file or folder the builder was given.
        path: PathBuf,
        /// How many problems there are.
        count: usize,
        /// Each problem, those of schema names with their file, line and a caret.
        rendered: String,
    },
    /// `file_name` is not a plain file name.
    FileName(String),
    /// Neither `out_dir` nor the `OUT_DIR` variable of a build script says where to write.
    NoOutDir,
    /// The generated file could not be written.
    Write {
        /// The file that could not be written (or the folder that could not be created).
        path: PathBuf,
        /// Why not.
        source: io::Error,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Read(error) => write!(f, "schemaforge: {error}"),
            Error::Schema { path, rendered, .. } => {
                write!(
                    f,
                    "schemaforge: schema error in {}\n\n{rendered}",
                    path.display()
                )
            }
            Error::Rust { path, rendered, .. } => {
                write!(
                    f,
                    "schemaforge: cannot generate Rust for {}\n{rendered}",
                    path.display()
                )
            }
            Error::FileName(name) => {
                write!(
                    f,
                    "schemaforge: file name `{name}` must be a plain name without `.rs`, e.g. `schema`"
                )
            }
            Error::NoOutDir => write!(
                f,
                "schemaforge: OUT_DIR is not set; call the generator from a build script or set `out_dir`"
            ),
            Error::Write { path, source } => {
                write!(f, "schemaforge: cannot write {}: {source}", path.display())
            }
        }
    }
}

// `Debug` shows the message: `fn main() -> Result<(), Box<dyn Error>>` in a build script
// prints errors with `Debug`, and rendered diagnostics must stay readable there.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Read(error) => Some(error),
            Error::Write { source, .. } => Some(source),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_into_a_schemaforge_folder_only_when_bytes_change() {
        let dir = tempfile::tempdir().unwrap();
        let schema = dir.path().join("app.forge");
        std::fs::write(
            &schema,
            "table notes {\n  id uuid primary_key\n  body text?\n}\n",
        )
        .unwrap();
        let out = dir.path().join("out");
        let mut builder = Builder::new(&schema);
        builder
            .out_dir(&out)
            .emit_rerun_if_changed(false)
            .file_name("app");

        let path = builder.generate().unwrap();
        assert_eq!(path, out.join("schemaforge").join("app.rs"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with(rust::HEADER));
        assert!(text.contains("include!(\"app/notes.rs\");"), "{text}");
        let part = out.join("schemaforge").join("app").join("notes.rs");
        let table = std::fs::read_to_string(&part).unwrap();
        assert!(table.starts_with(rust::HEADER));
        assert!(table.contains("pub struct Note {"), "{table}");
        assert!(
            table.contains("pub type NoteId = ::schemaforge::Id<Note, ::schemaforge::uuid::Uuid>;")
        );

        // Same bytes: the files are left alone (their modification times do not move).
        let before = std::fs::metadata(&path).unwrap().modified().unwrap();
        let part_before = std::fs::metadata(&part).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        builder.generate().unwrap();
        assert_eq!(
            std::fs::metadata(&path).unwrap().modified().unwrap(),
            before
        );
        assert_eq!(
            std::fs::metadata(&part).unwrap().modified().unwrap(),
            part_before
        );

        // A table dropped from the schema takes its file with it.
        std::fs::write(&schema, "table tags {\n  id uuid primary_key\n}\n").unwrap();
        builder.generate().unwrap();
        assert!(!part.exists());
        assert!(out.join("schemaforge/app/tags.rs").exists());
    }

    #[test]
    fn schema_errors_carry_rendered_diagnostics() {
        let dir = tempfile::tempdir().unwrap();
        let schema = dir.path().join("bad.forge");
        std::fs::write(&schema, "table notes {\n  id uuidd primary_key\n}\n").unwrap();
        let mut builder = Builder::new(&schema);
        builder.out_dir(dir.path()).emit_rerun_if_changed(false);
        let error = builder.generate().unwrap_err();
        let Error::Schema { count, .. } = &error else {
            panic!("not a schema error: {error}");
        };
        assert!(*count >= 1);
        let message = error.to_string();
        assert!(
            message.starts_with(&format!(
                "schemaforge: schema error in {}\n\nerror",
                schema.display()
            )),
            "{message}"
        );
        assert!(message.contains("bad.forge:2:"), "{message}");
        // `Debug` (what `main` returning `Result` prints) is the same readable text.
        assert_eq!(format!("{error:?}"), message);
    }

    #[test]
    fn missing_schema_is_a_read_error() {
        let mut builder = Builder::new("/nonexistent/schema.forge");
        builder.emit_rerun_if_changed(false).out_dir("/nonexistent");
        let error = builder.generate().unwrap_err();
        assert!(matches!(error, Error::Read(_)));
        assert!(
            error
                .to_string()
                .starts_with("schemaforge: cannot read schema `/nonexistent/schema.forge`")
        );
    }

    #[test]
    fn bad_options_fail_before_writing() {
        let dir = tempfile::tempdir().unwrap();
        let schema = dir.path().join("app.forge");
        std::fs::write(&schema, "").unwrap();
        let mut builder = Builder::new(&schema);
        builder
            .out_dir(dir.path())
            .emit_rerun_if_changed(false)
            .type_attribute(".", "#[derive(Hash");
        let error = builder.generate().unwrap_err();
        assert!(matches!(error, Error::Rust { .. }), "{error}");
        assert!(!dir.path().join("schemaforge").exists());

        builder.file_name("nested/app");
        assert!(matches!(
            builder.generate().unwrap_err(),
            Error::FileName(_)
        ));
    }
}
