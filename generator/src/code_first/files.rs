//! Code-first sources read without compiling them: every `#[derive(Table)]` struct and
//! `#[derive(PgEnum)]` enum of a `.rs` file or a folder of them, parsed with syn into one
//! schema, so that the CLI gives a code-first crate the same DDL, IR and migrations that
//! schema files get.

use std::path::{Path, PathBuf};

use schemaforge_schema::ast;
use schemaforge_schema::ir::Schema;
use schemaforge_schema::{Diagnostic, Diagnostics, LoadError, Loaded, ReadError, Sources};

use super::attr::Cx;
use super::ctxt::Ctxt;
use super::lower;
use super::spans::SpanMap;
use super::symbol as sym;

/// Whether `path` holds code-first sources: a `.rs` file, or a folder with no `.forge`
/// file in it (a folder with one is a schema folder, whatever else it holds).
pub fn is_code_first(path: &Path) -> bool {
    if path.is_dir() {
        !contains_extension(path, schemaforge_schema::span::SCHEMA_EXTENSION)
    } else {
        path.extension().is_some_and(|e| e == "rs")
    }
}

fn contains_extension(dir: &Path, ext: &str) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    entries.flatten().any(|e| {
        let path = e.path();
        if path.is_dir() {
            !skipped(&path) && contains_extension(&path, ext)
        } else {
            path.extension().is_some_and(|x| x == ext)
        }
    })
}

/// Build output and hidden folders are never sources.
fn skipped(dir: &Path) -> bool {
    dir.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n == "target" || n.starts_with('.'))
}

/// Reads a schema from `path`: code-first sources ([`is_code_first`]) or schema files.
///
/// ```
/// # let dir = tempfile::tempdir().unwrap();
/// std::fs::write(
///     dir.path().join("notes.rs"),
///     "#[derive(Table)]\nstruct Note {\n    #[schemaforge(primary_key, pg_type = \"uuid\")]\n    id: NoteId,\n    body: Option<String>,\n}\n",
/// )
/// .unwrap();
/// let loaded = schemaforge_generator::code_first::load(dir.path()).expect("valid");
/// assert_eq!(loaded.schema.tables[0].name, "notes");
/// ```
pub fn load(path: &Path) -> Result<Loaded, LoadError> {
    if !is_code_first(path) {
        return schemaforge_schema::load(path);
    }
    let sources = read(path).map_err(LoadError::Read)?;
    match compile(&sources) {
        Ok(schema) => Ok(Loaded { sources, schema }),
        Err(diagnostics) => Err(LoadError::Invalid {
            sources,
            diagnostics,
        }),
    }
}

/// Reads a `.rs` file, or every `.rs` file under a folder in path order.
pub fn read(path: &Path) -> Result<Sources, ReadError> {
    let err = |path: &Path, e: std::io::Error| ReadError {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let mut paths = Vec::new();
    if path.is_dir() {
        collect(path, &mut paths).map_err(|e| err(path, e))?;
        if paths.is_empty() {
            return Err(ReadError {
                path: path.to_path_buf(),
                message: "the folder holds no .forge or .rs files".into(),
            });
        }
    } else {
        paths.push(path.to_path_buf());
    }
    let mut sources = Sources::new();
    for p in paths {
        let text = std::fs::read_to_string(&p).map_err(|e| err(&p, e))?;
        sources.add_path(&p, text);
    }
    Ok(sources)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<Vec<_>, _>>()?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if !skipped(&path) {
                collect(&path, out)?;
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    Ok(())
}

/// Parses the derive-annotated items of every file and compiles them as one schema.
pub fn compile(sources: &Sources) -> Result<Schema, Diagnostics> {
    let errors = Ctxt::new();
    let mut files = Vec::new();
    let mut found = false;
    for (id, file) in sources.files() {
        let mut spans = SpanMap::text(id, &file.text);
        let parsed = match syn::parse_file(&file.text) {
            Ok(parsed) => parsed,
            Err(e) => {
                let span = spans.span(e.span());
                errors.push(Diagnostic::new(
                    "E0312",
                    format!("cannot parse Rust: {e}"),
                    span,
                    "here",
                ));
                continue;
            }
        };
        let mut cx = Cx {
            spans: &mut spans,
            errors: &errors,
        };
        let mut items = Vec::new();
        walk(&parsed.items, &mut cx, &mut items);
        found |= !items.is_empty();
        // The file's `//!` docs, as a schema file's: the title and purpose of its group.
        let doc = super::attr::doc(&parsed.attrs, &mut cx);
        files.push(ast::File {
            name: file.name.clone(),
            leading_comments: Vec::new(),
            doc,
            items,
            groups: Vec::new(),
            trailing_comments: Vec::new(),
        });
    }
    errors.check()?;
    if !found {
        let mut d = Diagnostics::new();
        if let Some((id, _)) = sources.files().next() {
            d.push(
                Diagnostic::new(
                    "E0313",
                    "no `#[derive(Table)]` or `#[derive(PgEnum)]` items",
                    schemaforge_schema::Span::new(id, 0, 0),
                    "nothing to read here",
                )
                .with_hint("a code-first schema is the structs and enums that derive schemaforge's `Table` and `PgEnum`; a folder with .forge files is read as a schema"),
            );
        }
        return Err(d);
    }
    schemaforge_schema::compile_files(&files).map_err(|diagnostics| {
        // Hints in attribute syntax, as the derives give them.
        let mut out = Diagnostics::new();
        for mut d in diagnostics {
            d.hint = d.hint.map(|h| super::catalog::attribute_hint(d.code, &h));
            out.push(d);
        }
        out
    })
}

/// The derive-annotated items of `items`, inline modules included, in source order.
fn walk(items: &[syn::Item], cx: &mut Cx<'_>, out: &mut Vec<ast::Item>) {
    for item in items {
        match item {
            syn::Item::Struct(s) if derives(&s.attrs, sym::TABLE_DERIVE) => {
                let input = syn::DeriveInput::from(s.clone());
                if let Some(t) = lower::table(&input, cx) {
                    out.push(ast::Item::Table(t.def));
                }
            }
            syn::Item::Enum(e) if derives(&e.attrs, sym::PG_ENUM_DERIVE) => {
                let input = syn::DeriveInput::from(e.clone());
                if let Some(e) = lower::pg_enum(&input, cx) {
                    out.push(ast::Item::Enum(e.def));
                }
            }
            syn::Item::Mod(m) => {
                if let Some((_, items)) = &m.content {
                    walk(items, cx, out);
                }
            }
            _ => {}
        }
    }
}

/// Whether `#[derive(…)]` lists `name` (as `name`, `schemaforge::name` or any path ending so).
fn derives(attrs: &[syn::Attribute], name: &str) -> bool {
    attrs
        .iter()
        .filter(|a| a.path().is_ident(sym::DERIVE))
        .any(|a| {
            let mut found = false;
            let _ = a.parse_nested_meta(|meta| {
                found |= meta.path.segments.last().is_some_and(|s| s.ident == name);
                Ok(())
            });
            found
        })
}
