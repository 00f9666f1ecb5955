//! The schema's reference documentation: a Markdown page and an ER diagram, as Mermaid
//! (which GitHub renders) and as Graphviz DOT, rendered from the IR with `minijinja`
//! templates that a user can replace one by one.
//!
//! [`render`] gives every file in memory; nothing is written until all of them rendered.
//! [`svg`] runs Graphviz's `dot` on the DOT file. `docs/docs.md` describes the templates
//! and their variables.
//!
//! ```
//! use schemaforge_generator::emit::docs::{render, DocsOptions};
//!
//! let mut sources = schemaforge_schema::Sources::new();
//! sources.add("notes.forge", "//! # Notes\n\n/// A note.\ntable notes {\n  id uuid primary_key\n}\n");
//! let schema = schemaforge_schema::compile(&sources).expect("valid schema");
//! let files = render(&schema, &DocsOptions::default()).expect("the built-in templates render");
//! let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
//! assert_eq!(names, ["schema.md", "schema.mmd", "schema.dot"]);
//! assert!(files[0].contents.contains("## Notes"));
//! ```

mod context;
mod filters;
mod names;
mod svg;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use schemaforge_schema::ir::Schema;

use crate::emit::rust::RustOptions;
use crate::output::GeneratedFile;

pub use svg::{SvgError, svg};

/// The built-in templates: the file each renders, its template's name (what a file in a
/// `--templates` folder is called to replace it) and its text.
pub const TEMPLATES: &[Template] = &[
    Template {
        output: "schema.md",
        name: "schema.md.jinja",
        source: include_str!("../../templates/schema.md.jinja"),
    },
    Template {
        output: "schema.mmd",
        name: "schema.mmd.jinja",
        source: include_str!("../../templates/schema.mmd.jinja"),
    },
    Template {
        output: "schema.dot",
        name: "schema.dot.jinja",
        source: include_str!("../../templates/schema.dot.jinja"),
    },
];

/// The name of the Markdown file, which embeds the Mermaid diagram.
pub const MARKDOWN: &str = "schema.md";
/// The name of the Mermaid file.
pub const MERMAID: &str = "schema.mmd";
/// The name of the Graphviz file.
pub const DOT: &str = "schema.dot";
/// The name of the SVG that [`svg`] makes of [`DOT`].
pub const SVG: &str = "schema.svg";
/// The file of a schema folder whose text opens the Markdown page.
pub const INTRODUCTION: &str = "README.md";

/// A built-in template.
#[derive(Debug, Clone, Copy)]
pub struct Template {
    /// The file it renders, e.g. `schema.md`.
    pub output: &'static str,
    /// The template's name, e.g. `schema.md.jinja`.
    pub name: &'static str,
    /// Its text.
    pub source: &'static str,
}

/// What to render the docs with.
#[derive(Debug, Clone, Default)]
pub struct DocsOptions {
    /// The options the Rust is generated with, so that the page names the same types.
    pub rust: RustOptions,
    /// Markdown that opens the page (the schema folder's `README.md`: see
    /// [`read_introduction`]); its `# ` heading, if it starts with one, titles the page.
    pub introduction: Option<String>,
    /// Templates that replace built-in ones, by template name (see [`read_templates`]).
    pub templates: BTreeMap<String, TemplateOverride>,
}

/// A user's template.
#[derive(Debug, Clone)]
pub struct TemplateOverride {
    /// Where it was read from, for error messages.
    pub path: PathBuf,
    /// Its text.
    pub source: String,
}

/// Why the docs could not be rendered.
#[derive(Debug)]
pub enum DocsError {
    /// A file could not be read.
    Read {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// A file in the templates folder is not named like a built-in template.
    UnknownTemplate {
        /// The file.
        path: PathBuf,
    },
    /// A template does not parse or fails to render.
    Template {
        /// The template's name, e.g. `schema.md.jinja`.
        name: String,
        /// The file it came from, for a user's template.
        path: Option<PathBuf>,
        /// The line the error is on, when minijinja knows it.
        line: Option<usize>,
        /// minijinja's description of the problem.
        message: String,
    },
}

impl fmt::Display for DocsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocsError::Read { path, message } => {
                write!(f, "cannot read {}: {message}", path.display())
            }
            DocsError::UnknownTemplate { path } => {
                let names: Vec<&str> = TEMPLATES.iter().map(|t| t.name).collect();
                write!(
                    f,
                    "{}: not a template name (the templates are {})",
                    path.display(),
                    names.join(", ")
                )
            }
            DocsError::Template {
                name,
                path,
                line,
                message,
            } => {
                match path {
                    Some(path) => write!(f, "{}", path.display())?,
                    None => write!(f, "built-in template {name}")?,
                }
                if let Some(line) = line {
                    write!(f, ":{line}")?;
                }
                write!(f, ": {message}")
            }
        }
    }
}

impl std::error::Error for DocsError {}

/// Renders `schema.md`, `schema.mmd` and `schema.dot` for `schema`, in that order. The
/// same schema and options always give the same bytes.
pub fn render(schema: &Schema, options: &DocsOptions) -> Result<Vec<GeneratedFile>, DocsError> {
    let env = environment(options)?;
    let mut cx = context::build(schema, options);
    let mermaid = render_one(&env, options, MERMAID, &cx)?;
    cx.mermaid = mermaid.trim_end().to_string();
    let markdown = render_one(&env, options, MARKDOWN, &cx)?;
    let dot = render_one(&env, options, DOT, &cx)?;
    Ok(vec![
        GeneratedFile {
            name: MARKDOWN.to_string(),
            contents: markdown,
        },
        GeneratedFile {
            name: MERMAID.to_string(),
            contents: mermaid,
        },
        GeneratedFile {
            name: DOT.to_string(),
            contents: dot,
        },
    ])
}

/// The templates in `dir`: every file must be named like a built-in template (see
/// [`TEMPLATES`]), which it replaces. Files whose names start with `.` are ignored.
pub fn read_templates(dir: &Path) -> Result<BTreeMap<String, TemplateOverride>, DocsError> {
    let read_error = |path: &Path, e: std::io::Error| DocsError::Read {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| read_error(dir, e))? {
        paths.push(entry.map_err(|e| read_error(dir, e))?.path());
    }
    paths.sort();
    let mut out = BTreeMap::new();
    for path in paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        if !path.is_file() || !TEMPLATES.iter().any(|t| t.name == name) {
            return Err(DocsError::UnknownTemplate { path });
        }
        let source = std::fs::read_to_string(&path).map_err(|e| read_error(&path, e))?;
        out.insert(name, TemplateOverride { path, source });
    }
    Ok(out)
}

/// The introduction of the schema at `schema_path`: the `README.md` of a schema folder, if
/// it has one (`None` for a single file, or a folder without one).
pub fn read_introduction(schema_path: &Path) -> Result<Option<String>, DocsError> {
    if !schema_path.is_dir() {
        return Ok(None);
    }
    let path = schema_path.join(INTRODUCTION);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(Some(text.replace("\r\n", "\n"))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(DocsError::Read {
            path,
            message: e.to_string(),
        }),
    }
}

fn environment(options: &DocsOptions) -> Result<Environment<'_>, DocsError> {
    let mut env = Environment::new();
    let syntax = minijinja::syntax::SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .keep_trailing_newline(true)
        .build()
        .map_err(|e| template_error(options, "", &e))?;
    env.set_syntax(syntax);
    // Output is Markdown, Mermaid and DOT, escaped by the filters below: never HTML.
    env.set_auto_escape_callback(|_| AutoEscape::None);
    // A misspelt variable in a template is an error, not an empty string.
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.add_filter("code", |s: &str| filters::code(s));
    env.add_filter("cell", |s: &str| filters::cell(s));
    env.add_filter("text", |s: &str| filters::text(s));
    env.add_filter("dot", |s: &str| filters::dot(s));
    env.add_filter("mermaid", |s: &str| filters::mermaid(s));
    for t in TEMPLATES {
        let source = options
            .templates
            .get(t.name)
            .map_or(t.source, |o| o.source.as_str());
        env.add_template(t.name, source)
            .map_err(|e| template_error(options, t.name, &e))?;
    }
    Ok(env)
}

fn render_one(
    env: &Environment<'_>,
    options: &DocsOptions,
    output: &str,
    cx: &context::Context,
) -> Result<String, DocsError> {
    let name = TEMPLATES
        .iter()
        .find(|t| t.output == output)
        .map_or(output, |t| t.name);
    env.get_template(name)
        .and_then(|t| t.render(minijinja::Value::from(minijinja::value::Serde(cx))))
        .map_err(|e| template_error(options, name, &e))
}

fn template_error(options: &DocsOptions, name: &str, e: &minijinja::Error) -> DocsError {
    // The template the error is in: an included one may differ from the one rendered.
    let name = e.name().unwrap_or(name).to_string();
    let mut message = e.kind().to_string();
    if let Some(detail) = e.detail() {
        message = format!("{message}: {detail}");
    }
    DocsError::Template {
        path: options.templates.get(&name).map(|o| o.path.clone()),
        line: e.line(),
        name,
        message,
    }
}
