//! `schemaforge docs`: the schema's reference page and ER diagrams, written into a folder.

use std::path::{Path, PathBuf};

use clap::Args;
use schemaforge_generator::emit::docs::{self, DocsOptions, SvgError};
use schemaforge_generator::output::{GeneratedFile, write_if_changed};

use crate::Failure;

/// `schemaforge docs <path> --out <dir>`.
#[derive(Debug, Args)]
pub struct DocsArgs {
    /// A .forge file or a folder of them (a folder's README.md opens the page); or
    /// code-first .rs files.
    path: PathBuf,
    /// The folder to write schema.md, schema.mmd, schema.dot and schema.svg into (created if
    /// missing).
    #[arg(long)]
    out: PathBuf,
    /// A folder of templates that replace the built-in ones, each named like the one it
    /// replaces (schema.md.jinja, schema.mmd.jinja, schema.dot.jinja).
    #[arg(long)]
    templates: Option<PathBuf>,
    /// Fail when Graphviz's `dot` is missing, instead of skipping schema.svg.
    #[arg(long)]
    svg: bool,
}

/// Renders every file in memory, then writes them: a failure writes nothing.
pub fn run(args: &DocsArgs) -> Result<(), Failure> {
    let loaded = crate::load(&args.path)?;
    let fail = |e: &dyn std::fmt::Display| {
        eprintln!("error: {e}");
        Failure::Reported
    };
    let mut options = DocsOptions {
        introduction: docs::read_introduction(&args.path).map_err(|e| fail(&e))?,
        ..DocsOptions::default()
    };
    if let Some(dir) = &args.templates {
        options.templates = docs::read_templates(dir).map_err(|e| fail(&e))?;
    }
    let mut files = docs::render(&loaded.schema, &options).map_err(|e| fail(&e))?;
    let dot = files
        .iter()
        .find(|f| f.name == docs::DOT)
        .map(|f| f.contents.clone())
        .unwrap_or_default();
    match docs::svg(&dot) {
        Ok(svg) => files.push(GeneratedFile {
            name: docs::SVG.to_string(),
            contents: svg,
        }),
        Err(SvgError::NotFound) if !args.svg => {
            let earlier = args.out.join(docs::SVG);
            let stale = if earlier.exists() {
                format!(" ({} is from an earlier run)", earlier.display())
            } else {
                String::new()
            };
            eprintln!(
                "note: Graphviz's `dot` is not on PATH; skipped {}{stale}",
                docs::SVG
            );
        }
        Err(e) => return Err(fail(&e)),
    }
    write_all(&args.out, &files)
}

fn write_all(out: &Path, files: &[GeneratedFile]) -> Result<(), Failure> {
    for file in files {
        let path = out.join(&file.name);
        match write_if_changed(&path, &file.contents) {
            Ok(true) => eprintln!("wrote {}", path.display()),
            Ok(false) => eprintln!("unchanged {}", path.display()),
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", path.display());
                return Err(Failure::Reported);
            }
        }
    }
    Ok(())
}
