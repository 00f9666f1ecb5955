//! Running SQL through `psql`.

use std::ffi::OsString;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// Runs `sql` (fed on standard input) with `psql`, connected by
/// `connect_args`. Returns standard output without its final newline, or
/// standard error when psql fails.
pub(crate) fn run(psql: &Path, connect_args: &[OsString], sql: &str) -> Result<String, String> {
    let mut child = Command::new(psql)
        .args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"])
        .args(connect_args)
        .args(["-f", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", psql.display()))?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| "psql has no standard input".to_owned())?;
    // Write from another thread: psql may fill its output pipe before it
    // has read all of a long script.
    let output = std::thread::scope(|scope| {
        scope.spawn(move || {
            // A write error means psql stopped reading (it failed); its
            // exit status and standard error tell why.
            let _ = stdin.write_all(sql.as_bytes());
        });
        child.wait_with_output()
    })
    .map_err(|e| format!("cannot wait for {}: {e}", psql.display()))?;

    if output.status.success() {
        let mut stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        if stdout.ends_with('\n') {
            stdout.pop();
        }
        Ok(stdout)
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let stderr = stderr.trim_end();
        if stderr.is_empty() {
            Err(format!("psql failed ({})", output.status))
        } else {
            Err(stderr.to_owned())
        }
    }
}
