//! Finding the PostgreSQL binaries.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where Debian and Ubuntu install each major version's binaries.
const DEBIAN_ROOT: &str = "/usr/lib/postgresql";

/// The version picked when several are installed: what the project targets.
const PREFERRED_MAJOR: u32 = 15;

/// The server binaries of one PostgreSQL installation.
#[derive(Debug)]
pub(crate) struct Binaries {
    pub(crate) initdb: PathBuf,
    pub(crate) pg_ctl: PathBuf,
    pub(crate) psql: PathBuf,
    pub(crate) major_version: u32,
}

impl Binaries {
    /// Finds a directory holding `initdb`, `pg_ctl` and `postgres`, on `PATH`
    /// or under `/usr/lib/postgresql/*/bin`: version 15 if present, else the
    /// highest version, else the first found.
    pub(crate) fn find() -> Result<Self, String> {
        let (dir, major_version) = best_dir(&["initdb", "pg_ctl", "postgres"], "postgres")
            .ok_or_else(|| {
                format!(
                    "no PostgreSQL server binaries (initdb, pg_ctl, postgres) on PATH or in \
                     {DEBIAN_ROOT}/*/bin. Install them (Debian/Ubuntu: \
                     `apt-get install postgresql-15`) or set DATABASE_URL to a server \
                     where this role may CREATE DATABASE."
                )
            })?;
        let psql = match executable(&dir.join("psql")) {
            true => dir.join("psql"),
            false => find_psql()?,
        };
        Ok(Binaries {
            initdb: dir.join("initdb"),
            pg_ctl: dir.join("pg_ctl"),
            psql,
            major_version,
        })
    }
}

/// Finds `psql`, preferring the same versions as [`Binaries::find`].
pub(crate) fn find_psql() -> Result<PathBuf, String> {
    best_dir(&["psql"], "psql")
        .map(|(dir, _)| dir.join("psql"))
        .ok_or_else(|| {
            "no psql on PATH or in /usr/lib/postgresql/*/bin. Install it (Debian/Ubuntu: \
             `apt-get install postgresql-client-15`)."
                .to_owned()
        })
}

/// The best directory holding all of `names`, and the major version that
/// `<dir>/<versioned> --version` reports.
fn best_dir(names: &[&str], versioned: &str) -> Option<(PathBuf, u32)> {
    let mut found: Vec<(PathBuf, u32)> = Vec::new();
    for dir in candidate_dirs() {
        // Resolve symlinks (`/usr/local/bin/initdb -> /usr/lib/postgresql/15/bin/initdb`)
        // so the binaries we run sit beside the rest of their installation.
        let Ok(first) = dir.join(names[0]).canonicalize() else {
            continue;
        };
        let Some(dir) = first.parent().map(Path::to_path_buf) else {
            continue;
        };
        if found.iter().any(|(seen, _)| *seen == dir)
            || !names.iter().all(|name| executable(&dir.join(name)))
        {
            continue;
        }
        if let Some(major) = major_version(&dir.join(versioned)) {
            found.push((dir, major));
        }
    }
    let preferred = found
        .iter()
        .position(|(_, major)| *major == PREFERRED_MAJOR);
    let index = preferred.or_else(|| {
        // `max_by_key` keeps the last of equals; reverse so the first found wins.
        (0..found.len()).rev().max_by_key(|&i| found[i].1)
    })?;
    Some(found.swap_remove(index))
}

/// Directories on `PATH`, then `/usr/lib/postgresql/*/bin`.
fn candidate_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect())
        .unwrap_or_default();
    if let Ok(entries) = std::fs::read_dir(DEBIAN_ROOT) {
        let mut versions: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path().join("bin"))
            .collect();
        versions.sort();
        dirs.extend(versions);
    }
    dirs
}

fn executable(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// Runs `<binary> --version` (`postgres (PostgreSQL) 15.18 (Debian ...)`) and
/// returns the major version.
fn major_version(binary: &Path) -> Option<u32> {
    let output = Command::new(binary).arg("--version").output().ok()?;
    parse_major_version(&String::from_utf8_lossy(&output.stdout))
}

fn parse_major_version(text: &str) -> Option<u32> {
    let after_name = text.split_once(')').map_or(text, |(_, rest)| rest);
    let version = after_name
        .split_whitespace()
        .find(|word| word.starts_with(|c: char| c.is_ascii_digit()))?;
    let digits: String = version.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::parse_major_version;

    #[test]
    fn parses_version_lines() {
        let debian = "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)\n";
        assert_eq!(parse_major_version(debian), Some(15));
        assert_eq!(parse_major_version("initdb (PostgreSQL) 9.6.24"), Some(9));
        assert_eq!(parse_major_version("psql (PostgreSQL) 17beta1"), Some(17));
        assert_eq!(parse_major_version("nonsense"), None);
    }
}
