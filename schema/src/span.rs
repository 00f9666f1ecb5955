//! Source files and byte spans into them.

use std::fmt;
use std::path::{Path, PathBuf};

/// Index of a file in [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    /// The file the range is in.
    pub file: FileId,
    /// The byte offset of the first byte.
    pub start: u32,
    /// The byte offset just past the last byte (`start == end` for an empty span).
    pub end: u32,
}

impl Span {
    /// The bytes `start..end` of `file`. The offsets are stored as `u32`: a schema file is
    /// assumed smaller than 4 GiB.
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        Span {
            file,
            start: start as u32,
            end: end as u32,
        }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// One schema source file: a display name (the path as given) and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name diagnostics show, e.g. `schema/core.forge`.
    pub name: String,
    /// The file on disk, for a file that was read from one (`rerun-if-changed` needs it);
    /// `None` for text added from memory.
    pub path: Option<PathBuf>,
    /// The file's text.
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    fn new(name: String, path: Option<PathBuf>, text: String) -> SourceFile {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            name,
            path,
            text,
            line_starts,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = self.boundary(offset);
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let col = self.text[start..offset].chars().count();
        (line + 1, col + 1)
    }

    /// `offset` within the text and on a character boundary (the start of the character it
    /// falls in), so that a span from anywhere can be shown.
    pub fn boundary(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&next| next);
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// Byte offset where a 1-based line starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts[line - 1]
    }
}

/// The files of one schema.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

/// The paths of a schema could not be read.
#[derive(Debug)]
pub struct ReadError {
    /// The file or folder that could not be read.
    pub path: PathBuf,
    /// Why not: the I/O error's text, or that a folder holds no `.forge` file.
    pub message: String,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot read schema `{}`: {}",
            self.path.display(),
            self.message
        )
    }
}

impl std::error::Error for ReadError {}

/// The extension of schema files in a schema folder.
pub const SCHEMA_EXTENSION: &str = "forge";

impl Sources {
    /// No files yet.
    pub fn new() -> Sources {
        Sources::default()
    }

    /// Adds a file from memory; `name` is what diagnostics show.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        self.push(SourceFile::new(name.into(), None, text.into()))
    }

    /// Adds a file read from `path` (for `rerun-if-changed`); diagnostics show the path.
    pub fn add_path(&mut self, path: &Path, text: impl Into<String>) -> FileId {
        let name = path.to_string_lossy().replace('\\', "/");
        self.push(SourceFile::new(name, Some(path.to_path_buf()), text.into()))
    }

    fn push(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId((self.files.len() - 1) as u32)
    }

    /// Reads a schema file, or every `.forge` file under a folder (recursively, in path
    /// order so that output never depends on the file system's listing order).
    pub fn read(path: &Path) -> Result<Sources, ReadError> {
        let err = |path: &Path, e: std::io::Error| ReadError {
            path: path.to_path_buf(),
            message: e.to_string(),
        };
        let meta = std::fs::metadata(path).map_err(|e| err(path, e))?;
        let mut paths = Vec::new();
        if meta.is_dir() {
            collect_schema_files(path, &mut paths).map_err(|e| err(path, e))?;
            if paths.is_empty() {
                return Err(ReadError {
                    path: path.to_path_buf(),
                    message: format!("the folder holds no .{SCHEMA_EXTENSION} files"),
                });
            }
        } else {
            paths.push(path.to_path_buf());
        }
        let mut sources = Sources::new();
        for p in paths {
            let text = std::fs::read_to_string(&p).map_err(|e| err(&p, e))?;
            let name = p.to_string_lossy().replace('\\', "/");
            sources.push(SourceFile::new(name, Some(p), text));
        }
        Ok(sources)
    }

    /// The file `id` names.
    ///
    /// # Panics
    ///
    /// If `id` is not a file of these sources (an id from another `Sources`).
    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// Every file with its id, in the order added (for a folder, path order).
    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }

    /// Paths of the files read from disk (for `cargo:rerun-if-changed`).
    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.files.iter().filter_map(|f| f.path.as_deref())
    }

    /// The source text a span covers.
    pub fn slice(&self, span: Span) -> &str {
        &self.file(span.file).text[span.start as usize..span.end as usize]
    }
}

fn collect_schema_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<Vec<_>, _>>()?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect_schema_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == SCHEMA_EXTENSION) {
            out.push(path);
        }
    }
    Ok(())
}
