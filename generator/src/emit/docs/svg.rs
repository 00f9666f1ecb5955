//! The ER diagram as SVG, by Graphviz's `dot`.

use std::fmt;
use std::io::Write;
use std::process::{Command, Stdio};

/// Why [`svg`] could not render.
#[derive(Debug)]
pub enum SvgError {
    /// `dot` is not on `PATH`.
    NotFound,
    /// `dot` could not be run, or failed.
    Failed(String),
}

impl fmt::Display for SvgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SvgError::NotFound => write!(
                f,
                "Graphviz's `dot` is not on PATH (install Graphviz, e.g. `apt-get install graphviz`)"
            ),
            SvgError::Failed(message) => write!(f, "`dot -Tsvg` failed: {message}"),
        }
    }
}

impl std::error::Error for SvgError {}

/// `dot` (a Graphviz graph, such as `schema.dot`) rendered as SVG by running `dot -Tsvg`.
pub fn svg(dot: &str) -> Result<String, SvgError> {
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => SvgError::NotFound,
            _ => SvgError::Failed(e.to_string()),
        })?;
    let input = dot.as_bytes().to_vec();
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| SvgError::Failed("no stdin".into()))?;
    // Written from a thread, so that a large graph cannot fill both pipes at once.
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child
        .wait_with_output()
        .map_err(|e| SvgError::Failed(e.to_string()))?;
    let written = writer
        .join()
        .map_err(|_| SvgError::Failed("writing to dot panicked".into()))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(SvgError::Failed(format!(
            "{}: {}",
            output.status,
            stderr.trim()
        )));
    }
    written.map_err(|e| SvgError::Failed(e.to_string()))?;
    String::from_utf8(output.stdout).map_err(|e| SvgError::Failed(e.to_string()))
}
