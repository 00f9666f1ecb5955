//! Starting a private server, and making sure it goes away.

use std::ffi::OsString;
use std::fs;
use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::binaries::Binaries;

/// Longest Unix socket path PostgreSQL accepts (`sun_path` less the NUL).
const MAX_SOCKET_PATH: usize = 107;

/// Waits for the test process (`$1`) to end, then stops the server and
/// deletes its directory. Arguments: pid, pg_ctl, data dir, temp dir, and
/// `postgres` when pg_ctl must run as that user.
const WATCHDOG: &str = r#"
while kill -0 "$1" 2>/dev/null; do sleep 0.3; done
if [ -f "$3/postmaster.pid" ]; then
  if [ "$5" = postgres ]; then
    runuser -u postgres -- "$2" -D "$3" -m immediate stop
  else
    "$2" -D "$3" -m immediate stop
  fi
fi
rm -rf "$4"
"#;

/// A running server that listens only on a Unix socket in its temp dir.
#[derive(Debug)]
pub(crate) struct Server {
    socket_dir: PathBuf,
    port: u16,
}

impl Server {
    /// Creates a temp dir, arms the watchdog, runs `initdb` and starts the
    /// server with `pg_ctl`.
    pub(crate) fn start(binaries: &Binaries, extra_settings: &str) -> Result<Self, String> {
        let owner = Owner::detect()?;
        let port = port_for(std::process::id());
        let dir = make_dir(&owner, port)?;
        let data = dir.join("data");
        let socket_dir = dir.join("socket");
        let log = dir.join("log");

        // Armed before anything can fail, so even a failed start is cleaned up.
        if let Err(e) = spawn_watchdog(binaries, &owner, &dir, &data) {
            let _ = fs::remove_dir_all(&dir);
            return Err(e);
        }

        run(
            owner
                .command(&binaries.initdb, &dir)
                .arg("-D")
                .arg(&data)
                .args(["-U", "postgres", "--auth=trust", "--encoding=UTF8"])
                .args(["--locale=C", "--no-sync"]),
            "initdb",
        )?;
        write_config(&data, &socket_dir, port, extra_settings)?;
        let started = run(
            owner
                .command(&binaries.pg_ctl, &dir)
                .arg("-D")
                .arg(&data)
                .arg("-l")
                .arg(&log)
                .args(["-w", "-t", "60", "start"]),
            "pg_ctl start",
        );
        if let Err(e) = started {
            let contents =
                fs::read_to_string(&log).unwrap_or_else(|e| format!("(cannot read it: {e})"));
            return Err(format!(
                "PostgreSQL did not start: {e}\n--- server log {} ---\n{contents}",
                log.display()
            ));
        }
        Ok(Server { socket_dir, port })
    }

    /// A URL for sqlx: the `host` parameter names the socket directory, the
    /// port the socket file in it.
    pub(crate) fn url(&self, database: &str) -> String {
        format!(
            "postgres://postgres@localhost:{}/{database}?host={}",
            self.port,
            crate::url::encode(&self.socket_dir.to_string_lossy()),
        )
    }

    /// The socket directory and port, as Citus names a node.
    pub(crate) fn node(&self) -> (String, u16) {
        (self.socket_dir.to_string_lossy().into_owned(), self.port)
    }

    /// Connection arguments for psql.
    pub(crate) fn psql_args(&self, database: &str) -> Vec<OsString> {
        vec![
            "-h".into(),
            self.socket_dir.clone().into(),
            "-p".into(),
            self.port.to_string().into(),
            "-U".into(),
            "postgres".into(),
            "-d".into(),
            database.into(),
        ]
    }
}

/// Who runs the server: PostgreSQL refuses to run as root.
#[derive(Debug)]
enum Owner {
    CurrentUser,
    Postgres { uid: u32, gid: u32 },
}

impl Owner {
    fn detect() -> Result<Self, String> {
        if current_uid()? != 0 {
            return Ok(Owner::CurrentUser);
        }
        let no_user = |e: String| {
            format!(
                "running as root, so the server must run as the `postgres` OS user, \
                 but it cannot be found ({e}). Create it (`useradd --system postgres`) \
                 or run the tests as another user."
            )
        };
        let uid = id(&["-u", "postgres"]).map_err(no_user)?;
        let gid = id(&["-g", "postgres"]).map_err(no_user)?;
        Ok(Owner::Postgres { uid, gid })
    }

    /// A command running `program` as the owner, in `dir`.
    fn command(&self, program: &Path, dir: &Path) -> Command {
        let mut command = match self {
            Owner::CurrentUser => Command::new(program),
            Owner::Postgres { .. } => {
                let mut command = Command::new("runuser");
                command.args(["-u", "postgres", "--"]).arg(program);
                command
            }
        };
        command.current_dir(dir);
        command
    }

    /// Gives `path` to the owner with `mode`.
    fn hand_over(&self, path: &Path, mode: u32) -> Result<(), String> {
        if let Owner::Postgres { uid, gid } = self {
            std::os::unix::fs::chown(path, Some(*uid), Some(*gid))
                .map_err(|e| format!("cannot chown {} to postgres: {e}", path.display()))?;
        }
        fs::set_permissions(path, fs::Permissions::from_mode(mode))
            .map_err(|e| format!("cannot chmod {}: {e}", path.display()))
    }

    /// Whether the owner can reach and write `dir` (every parent must be
    /// searchable by it, which a root-only `TMPDIR` is not).
    fn can_use(&self, dir: &Path) -> bool {
        match self {
            Owner::CurrentUser => true,
            Owner::Postgres { .. } => self
                .command(Path::new("test"), Path::new("/"))
                .arg("-w")
                .arg(dir)
                .arg("-a")
                .arg("-x")
                .arg(dir)
                .stdin(Stdio::null())
                .output()
                .is_ok_and(|output| output.status.success()),
        }
    }
}

/// The effective uid: the owner of `/proc/self`, else what `id -u` says.
fn current_uid() -> Result<u32, String> {
    match fs::metadata("/proc/self") {
        Ok(metadata) => Ok(metadata.uid()),
        Err(_) => id(&["-u"]),
    }
}

fn id(args: &[&str]) -> Result<u32, String> {
    let output = Command::new("id")
        .args(args)
        .output()
        .map_err(|e| format!("cannot run id: {e}"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    match output.status.success() {
        true => text
            .trim()
            .parse()
            .map_err(|_| format!("unexpected output from id {}: {text:?}", args.join(" "))),
        false => Err(format!(
            "id {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        )),
    }
}

/// With `listen_addresses = ''` the port only names the socket file, and the
/// socket directory is private; deriving it from the pid keeps socket names
/// distinct in logs and `ps` output all the same.
fn port_for(pid: u32) -> u16 {
    // 20000..60000 fits in u16.
    u16::try_from(20_000 + pid % 40_000).unwrap_or(54_321)
}

/// Creates `<tmp>/schemaforge-pg-<pid>-<nanos>` with a `socket` directory,
/// both owned by the server's owner. Falls back from `TMPDIR` to `/tmp` when
/// the socket path would be too long, or the `postgres` user cannot reach it.
fn make_dir(owner: &Owner, port: u16) -> Result<PathBuf, String> {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let name = format!("schemaforge-pg-{}-{nanos}", std::process::id());
    let mut bases = vec![std::env::temp_dir()];
    if bases[0] != Path::new("/tmp") {
        bases.push(PathBuf::from("/tmp"));
    }
    let mut problems = Vec::new();
    for base in bases {
        let dir = base.join(&name);
        let socket_dir = dir.join("socket");
        let socket = socket_dir.join(format!(".s.PGSQL.{port}"));
        if dir.to_str().is_none() {
            problems.push(format!("{} is not UTF-8", dir.display()));
            continue;
        }
        if socket.as_os_str().len() > MAX_SOCKET_PATH {
            problems.push(format!("socket path {} is too long", socket.display()));
            continue;
        }
        let made = fs::create_dir(&dir)
            .and_then(|()| fs::create_dir(&socket_dir))
            .map_err(|e| format!("cannot create {}: {e}", socket_dir.display()))
            .and_then(|()| owner.hand_over(&dir, 0o755))
            .and_then(|()| owner.hand_over(&socket_dir, 0o755));
        match made {
            Ok(()) if owner.can_use(&dir) => return Ok(dir),
            Ok(()) => problems.push(format!("user postgres cannot write {}", dir.display())),
            Err(e) => problems.push(e),
        }
        let _ = fs::remove_dir_all(&dir);
    }
    Err(format!("no usable temp directory: {}", problems.join("; ")))
}

/// Starts the watchdog in its own process group (so Ctrl-C on the tests does
/// not kill it first) with no standard streams (so it does not hold the
/// test's output pipes open and make `cargo test` wait for it).
fn spawn_watchdog(
    binaries: &Binaries,
    owner: &Owner,
    dir: &Path,
    data: &Path,
) -> Result<(), String> {
    let run_as = match owner {
        Owner::CurrentUser => "current",
        Owner::Postgres { .. } => "postgres",
    };
    Command::new("sh")
        .arg("-c")
        .arg(WATCHDOG)
        .arg("schemaforge-testkit-watchdog")
        .arg(std::process::id().to_string())
        .arg(&binaries.pg_ctl)
        .arg(data)
        .arg(dir)
        .arg(run_as)
        .current_dir("/")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .map(drop)
        .map_err(|e| format!("cannot start the cleanup watchdog (sh): {e}"))
}

/// Appends the test settings to `postgresql.conf` (rather than `pg_ctl -o`,
/// which goes through a shell and would need the paths quoted for it).
fn write_config(
    data: &Path,
    socket_dir: &Path,
    port: u16,
    extra_settings: &str,
) -> Result<(), String> {
    let path = data.join("postgresql.conf");
    let socket_dir = socket_dir
        .to_string_lossy()
        .replace('\\', "\\\\")
        .replace('\'', "''");
    let settings = format!(
        "\n# schemaforge-testkit: a throwaway server for tests\n\
         listen_addresses = ''\n\
         unix_socket_directories = '{socket_dir}'\n\
         port = {port}\n\
         fsync = off\n\
         synchronous_commit = off\n\
         full_page_writes = off\n\
         max_connections = 200\n\
         {extra_settings}"
    );
    fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .and_then(|mut file| file.write_all(settings.as_bytes()))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Runs a setup command; on failure, says which and shows its output.
fn run(command: &mut Command, what: &str) -> Result<(), String> {
    let output = command
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {what}: {e}"))?;
    if output.status.success() {
        return Ok(());
    }
    Err(format!(
        "{what} failed ({}):\n{}{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_stay_in_range() {
        for pid in [0, 1, 39_999, 40_000, 4_194_304, u32::MAX] {
            assert!((20_000..60_000).contains(&port_for(pid)));
        }
    }

    #[test]
    fn urls_name_the_socket_directory() {
        let server = Server {
            socket_dir: PathBuf::from("/tmp/x y/socket"),
            port: 23456,
        };
        assert_eq!(
            server.url("t_1_2"),
            "postgres://postgres@localhost:23456/t_1_2?host=/tmp/x%20y/socket"
        );
    }
}
