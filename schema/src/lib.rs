//! The schemaforge schema language.
//!
//! [`compile`] turns schema sources into the checked [`ir::Schema`] every emitter reads,
//! or into [`Diagnostics`] that point at each problem. The language is described in
//! `docs/language.md`.
//!
//! ```
//! use schemaforge_schema::{compile, Sources};
//!
//! let mut sources = Sources::new();
//! sources.add("demo.forge", "table notes {\n  id uuid primary_key\n  body text?\n}\n");
//! let schema = compile(&sources).expect("valid schema");
//! assert_eq!(schema.tables[0].columns.len(), 2);
//! ```

#![warn(missing_docs)]
// Errors are the cold path here; a boxed Diagnostic would only add noise to every parser.
#![allow(clippy::result_large_err)]

pub mod adopt;
pub mod ast;
pub mod catalog;
mod check;
pub mod citus;
pub mod diagnostic;
mod exprs;
mod extensions;
pub mod format;
pub mod ir;
pub mod keyword;
pub mod lexer;
mod literals;
pub mod parser;
mod resolve;
pub mod span;
mod sqlexpr;
mod tenant_keys;
mod types;
mod typing;
pub mod words;

pub use diagnostic::{Diagnostic, Diagnostics};
pub use resolve::constraint_name;
pub use span::{FileId, ReadError, Sources, Span};

/// Parses every file of `sources`.
pub fn parse(sources: &Sources) -> Result<Vec<ast::File>, Diagnostics> {
    let mut diags = Diagnostics::new();
    let files = sources
        .files()
        .map(|(id, file)| {
            let mut parsed = parser::parse_file(id, &file.text, &mut diags);
            parsed.name.clone_from(&file.name);
            parsed
        })
        .collect();
    diags.into_result(files)
}

/// Parses, resolves and checks a schema.
///
/// Syntax errors stop before resolution (their follow-on errors would only be noise);
/// otherwise every resolution and check problem is reported together.
pub fn compile(sources: &Sources) -> Result<ir::Schema, Diagnostics> {
    let files = parse(sources)?;
    compile_files(&files)
}

/// Resolves and checks already parsed files.
pub fn compile_files(files: &[ast::File]) -> Result<ir::Schema, Diagnostics> {
    let mut diags = Diagnostics::new();
    let (mut schema, syntax) = resolve::resolve(files, &mut diags);
    check::check(&mut schema, &syntax, &mut diags);
    diags.into_result(schema)
}

/// A schema read from disk and compiled.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The files read, for rendering diagnostics and for `rerun-if-changed`.
    pub sources: Sources,
    /// The checked schema.
    pub schema: ir::Schema,
}

/// Why a schema could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    /// A file or folder could not be read.
    Read(ReadError),
    /// The schema has errors.
    Invalid {
        /// The files read, which the diagnostics' spans point into.
        sources: Sources,
        /// Every problem, sorted by position.
        diagnostics: Diagnostics,
    },
}

impl LoadError {
    /// The problem rendered for a terminal: every diagnostic with its source lines.
    pub fn render(&self) -> String {
        match self {
            LoadError::Read(e) => diagnostic::heading(&e.to_string(), &diagnostic::renderer(false)),
            LoadError::Invalid {
                sources,
                diagnostics,
            } => diagnostics.render(sources),
        }
    }

    /// As [`render`](LoadError::render), in colour (for a terminal that wants it).
    pub fn render_colored(&self) -> String {
        match self {
            LoadError::Read(e) => diagnostic::heading(&e.to_string(), &diagnostic::renderer(true)),
            LoadError::Invalid {
                sources,
                diagnostics,
            } => diagnostics.render_colored(sources),
        }
    }
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Read(e) => e.fmt(f),
            LoadError::Invalid { diagnostics, .. } => {
                let n = diagnostics.len();
                write!(
                    f,
                    "the schema has {n} error{}",
                    if n == 1 { "" } else { "s" }
                )
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// Reads a schema file or folder (every `.forge` file in it) and compiles it.
pub fn load(path: &std::path::Path) -> Result<Loaded, LoadError> {
    let sources = Sources::read(path).map_err(LoadError::Read)?;
    match compile(&sources) {
        Ok(schema) => Ok(Loaded { sources, schema }),
        Err(diagnostics) => Err(LoadError::Invalid {
            sources,
            diagnostics,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(files: &[(&str, &str)]) -> Vec<(String, Option<String>, Vec<String>)> {
        let mut sources = Sources::new();
        for (name, text) in files {
            sources.add(*name, *text);
        }
        let schema = compile(&sources).unwrap_or_else(|d| panic!("{}", d.render(&sources)));
        schema
            .groups
            .into_iter()
            .map(|g| {
                let items = g.enums.into_iter().chain(g.tables).collect();
                (g.name, g.doc, items)
            })
            .collect()
    }

    /// A file is a group, and each `//!` block between its items starts another of the items
    /// that follow it; a file whose first item starts a group and that has no doc of its own
    /// is no group of its own.
    #[test]
    fn files_and_group_docs_group_the_items() {
        let core = "//! # Core\n\ntable a {\n  id uuid primary_key\n}\n\n//! # Billing\n//!\n//! Paying.\n\nenum plan { free pro }\n\ntable b {\n  id uuid primary_key\n}\n";
        let more = "//! # More\n\ntable c {\n  id uuid primary_key\n}\n";
        let grouped = "table d {\n  id uuid primary_key\n}\n";
        let first = "//! # First\n\n//! # Second\n\ntable e {\n  id uuid primary_key\n}\n";
        let bare = "//! # Only\ntable f {\n  id uuid primary_key\n}\n";
        let owned = |s: &[&str]| s.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            groups(&[
                ("s/core.forge", core),
                ("s/more.forge", &format!("{grouped}\n{more}")),
                ("s/first.forge", first),
                ("s/bare.forge", bare),
            ]),
            [
                ("core".into(), Some("# Core".into()), owned(&["a"])),
                (
                    "core".into(),
                    Some("# Billing\n\nPaying.".into()),
                    owned(&["plan", "b"])
                ),
                ("more".into(), None, owned(&["d"])),
                ("more".into(), Some("# More".into()), owned(&["c"])),
                ("first".into(), Some("# First".into()), owned(&[])),
                ("first".into(), Some("# Second".into()), owned(&["e"])),
                ("bare".into(), Some("# Only".into()), owned(&["f"])),
            ]
        );
    }
}
