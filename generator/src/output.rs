//! The set of files `schemaforge generate` writes, and writing them safely.

use std::io;
use std::path::{Path, PathBuf};

use schemaforge_schema::ir::Schema;

use crate::emit;

/// One generated file: its name inside the output folder and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// A relative path with `/` separators, e.g. `schema.sql` or `schema/tasks.rs`.
    pub name: String,
    /// The file's text.
    pub contents: String,
}

/// Options for every output.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// For `schema.sql`.
    pub sql: emit::sql::SqlOptions,
    /// For `schema.rs` and the files under `schema/`.
    pub rust: emit::rust::RustOptions,
}

/// Every output for a schema, in a fixed order: `schema.sql` (DDL), `schema.json` (IR),
/// `schema.rs` and a file per table under `schema/` (the Rust types, see
/// [`emit::rust::files`]: the same bytes a build script writes with the same options, for
/// teams that commit generated code).
///
/// A schema that cannot be written as Rust still gets a `schema.rs`, holding a
/// `compile_error!` per problem; callers that can report errors check
/// [`emit::rust::problems`] first.
pub fn generate(schema: &Schema, options: &Options) -> Vec<GeneratedFile> {
    let mut files = vec![
        GeneratedFile {
            name: "schema.sql".to_string(),
            contents: emit::sql::emit(schema, &options.sql),
        },
        GeneratedFile {
            name: "schema.json".to_string(),
            contents: ir_json(schema),
        },
    ];
    files.extend(
        emit::rust::files(schema, &options.rust, RUST_NAME)
            .into_iter()
            .map(|(name, contents)| GeneratedFile { name, contents }),
    );
    files
}

/// The name of the generated Rust: `schema.rs`, and the folder `schema/` of its parts.
pub const RUST_NAME: &str = "schema";

/// Removes the Rust files in `dir` that an earlier run generated and `keep` does not name
/// (the part of a table since dropped). Only files that start with the generated header
/// are touched. Returns the paths removed.
pub fn remove_stale_parts(dir: &Path, keep: &[&str]) -> io::Result<Vec<PathBuf>> {
    let mut removed = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(removed),
        Err(e) => return Err(e),
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .collect();
    paths.sort();
    for path in paths {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        if name.as_deref().is_some_and(|n| keep.contains(&n)) {
            continue;
        }
        let generated =
            std::fs::read_to_string(&path).is_ok_and(|text| text.starts_with(emit::rust::HEADER));
        if generated {
            std::fs::remove_file(&path)?;
            removed.push(path);
        }
    }
    Ok(removed)
}

/// The IR as pretty JSON with a trailing newline: the snapshot migrations diff against.
pub fn ir_json(schema: &Schema) -> String {
    let mut json = serde_json::to_string_pretty(schema).unwrap_or_else(|e| {
        // The IR is plain data with string keys; serializing it cannot fail.
        unreachable!("IR serializes to JSON: {e}")
    });
    json.push('\n');
    json
}

/// Writes `contents` to `path` only if its bytes differ, through a temporary file and a
/// rename so that a reader never sees a half-written file. Returns whether it wrote.
pub fn write_if_changed(path: &Path, contents: &str) -> io::Result<bool> {
    if std::fs::read(path).is_ok_and(|old| old == contents.as_bytes()) {
        return Ok(false);
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut tmp = PathBuf::from(path);
    let name = path
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    tmp.set_file_name(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, contents)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })?;
    Ok(true)
}
