//! A throwaway PostgreSQL server for tests.
//!
//! The first call to [`cluster`] in a test binary starts a private PostgreSQL
//! cluster in a temporary directory (no Docker: it runs the `initdb` and
//! `pg_ctl` binaries found on the machine, as the `postgres` OS user when the
//! tests run as root). The server listens only on a Unix socket inside that
//! directory. Every test then asks for its own database with
//! [`Cluster::create_database`], so tests can run in parallel without seeing
//! each other's tables.
//!
//! When the test binary exits, however it exits (success, panic, `SIGKILL`),
//! a detached watchdog process stops the server and deletes the directory.
//!
//! Set `DATABASE_URL` to use an existing server instead (any server on which
//! that role may `CREATE DATABASE`); nothing is started or stopped then.
//!
//! ```no_run
//! let db = schemaforge_testkit::cluster().create_database();
//! db.psql("create table t (id int primary key)").unwrap();
//! assert_eq!(db.psql("select count(*) from t").unwrap(), "0");
//! // Hand `db.url()` to sqlx: `PgPool::connect(db.url())`.
//! ```

#![warn(missing_docs)]

mod binaries;
mod citus;
mod psql;
mod server;
mod url;

use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

use crate::binaries::Binaries;
use crate::server::Server;

pub use crate::citus::{Citus, citus};

/// The PostgreSQL server shared by all tests of one test binary.
///
/// Obtain it with [`cluster`]; it is started on first use and torn down after
/// the test binary exits.
///
/// ```no_run
/// let cluster = schemaforge_testkit::cluster();
/// let db = cluster.create_database();
/// println!("PostgreSQL {} at {}", cluster.major_version(), db.url());
/// ```
#[derive(Debug)]
pub struct Cluster {
    backend: Backend,
    psql: PathBuf,
    major_version: u32,
}

#[derive(Debug)]
enum Backend {
    /// A server this crate started; `server` is never stopped from Rust
    /// (the watchdog does it), the field keeps its socket location.
    Owned(Server),
    /// The server named by `DATABASE_URL`.
    External { url: String },
}

/// A database of its own for one test, on the shared [`Cluster`].
///
/// Dropping it does **not** drop the database: connection pools that still
/// point at it may outlive it, and the whole cluster (with every database in
/// it) is deleted when the test binary exits anyway. With `DATABASE_URL` the
/// databases are left on that server (named `t_<counter>_<pid>`).
///
/// ```no_run
/// let db = schemaforge_testkit::cluster().create_database();
/// assert!(db.name().starts_with("t_"));
/// assert_eq!(db.psql("select 1").unwrap(), "1");
/// ```
#[derive(Debug)]
pub struct TestDatabase {
    name: String,
    url: String,
    psql: PathBuf,
    connect_args: Vec<OsString>,
}

/// The PostgreSQL cluster of this test binary, started on first call.
///
/// Without `DATABASE_URL` it starts a private server (see the crate docs);
/// with `DATABASE_URL` it uses that server. Safe to call from any number of
/// test threads; they all get the same cluster.
///
/// # Panics
///
/// When no PostgreSQL binaries are installed (the message says how to install
/// them or set `DATABASE_URL`), or when the server does not start (the message
/// includes its log). Every later call panics with the same message.
///
/// ```no_run
/// let db = schemaforge_testkit::cluster().create_database();
/// # let _ = db;
/// ```
pub fn cluster() -> &'static Cluster {
    static CLUSTER: OnceLock<Result<Cluster, String>> = OnceLock::new();
    match CLUSTER.get_or_init(Cluster::start) {
        Ok(cluster) => cluster,
        Err(message) => panic!("schemaforge-testkit: {message}"),
    }
}

impl Cluster {
    fn start() -> Result<Self, String> {
        match std::env::var("DATABASE_URL") {
            Ok(url) if !url.trim().is_empty() => Self::external(url),
            _ => Self::owned(),
        }
    }

    fn owned() -> Result<Self, String> {
        let binaries = Binaries::find()?;
        let server = Server::start(&binaries, "")?;
        Ok(Cluster {
            psql: binaries.psql.clone(),
            major_version: binaries.major_version,
            backend: Backend::Owned(server),
        })
    }

    fn external(url: String) -> Result<Self, String> {
        url::with_database(&url, "postgres")?;
        let psql = binaries::find_psql()?;
        let version = psql::run(
            &psql,
            &[OsString::from("-d"), url.clone().into()],
            "show server_version_num",
        )
        .map_err(|e| format!("cannot query the server at DATABASE_URL: {e}"))?;
        let version_num: u32 = version
            .trim()
            .parse()
            .map_err(|_| format!("unexpected server_version_num {version:?} from DATABASE_URL"))?;
        Ok(Cluster {
            psql,
            major_version: version_num / 10_000,
            backend: Backend::External { url },
        })
    }

    /// Creates a new, empty database for one test and returns it.
    ///
    /// Names are `t_<counter>_<pid>`, unique within the cluster. Databases are
    /// created from `template1` (so they hold the `public` schema and nothing
    /// else) and owned by the connecting role (`postgres` on a private cluster).
    ///
    /// # Panics
    ///
    /// When `CREATE DATABASE` fails; the message carries psql's error.
    ///
    /// ```no_run
    /// let cluster = schemaforge_testkit::cluster();
    /// let a = cluster.create_database();
    /// let b = cluster.create_database();
    /// assert_ne!(a.name(), b.name());
    /// ```
    pub fn create_database(&self) -> TestDatabase {
        static COUNTER: AtomicU32 = AtomicU32::new(1);
        let counter = COUNTER.fetch_add(1, Ordering::Relaxed);
        let name = format!("t_{counter}_{}", std::process::id());
        let create = match &self.backend {
            // A private cluster never has leftovers; a shared server may hold
            // one from an earlier run whose pid was the same.
            Backend::Owned(_) => format!("create database \"{name}\""),
            Backend::External { .. } => {
                format!("drop database if exists \"{name}\";\ncreate database \"{name}\"")
            }
        };
        if let Err(e) = psql::run(&self.psql, &self.connect_args("postgres"), &create) {
            panic!("schemaforge-testkit: cannot create database {name}: {e}");
        }
        let url = match &self.backend {
            Backend::Owned(server) => server.url(&name),
            // Validated when the cluster was set up.
            Backend::External { url } => url::with_database(url, &name).unwrap_or_default(),
        };
        TestDatabase {
            connect_args: self.connect_args(&name),
            psql: self.psql.clone(),
            name,
            url,
        }
    }

    /// Major version of the server, e.g. `15`.
    ///
    /// For a private cluster this is the version of the binaries that were
    /// found (version 15 is preferred when several are installed, then the
    /// highest); with `DATABASE_URL` it is read from the server.
    ///
    /// ```no_run
    /// if schemaforge_testkit::cluster().major_version() < 15 {
    ///     return; // `NULLS NOT DISTINCT` needs PostgreSQL 15
    /// }
    /// ```
    pub fn major_version(&self) -> u32 {
        self.major_version
    }

    fn connect_args(&self, database: &str) -> Vec<OsString> {
        match &self.backend {
            Backend::Owned(server) => server.psql_args(database),
            Backend::External { url } => {
                let url = url::with_database(url, database).unwrap_or_else(|_| url.clone());
                vec!["-d".into(), url.into()]
            }
        }
    }
}

impl TestDatabase {
    /// A connection URL for this database that sqlx 0.8 accepts.
    ///
    /// For a private cluster it has the form
    /// `postgres://postgres@localhost:<port>/<name>?host=<socket dir>`: sqlx
    /// (and libpq) take a `host` parameter starting with `/` as the directory
    /// of a Unix socket, and the port names the socket file in it
    /// (`.s.PGSQL.<port>`). With `DATABASE_URL` it is that URL with the
    /// database replaced.
    ///
    /// ```ignore
    /// # async fn demo() -> Result<(), sqlx::Error> {
    /// let db = schemaforge_testkit::cluster().create_database();
    /// let pool = sqlx::PgPool::connect(db.url()).await?;
    /// # Ok(()) }
    /// ```
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The database's name, `t_<counter>_<pid>`.
    ///
    /// ```no_run
    /// let db = schemaforge_testkit::cluster().create_database();
    /// let name = db.psql("select current_database()").unwrap();
    /// assert_eq!(name, db.name());
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Runs SQL in this database through `psql` and returns what it printed.
    ///
    /// The SQL is fed to `psql -X -q -A -t -v ON_ERROR_STOP=1` on standard
    /// input, so it may hold several statements (each runs in its own
    /// transaction unless you write `begin`/`commit`) and psql
    /// meta-commands. Output is unaligned and tuples-only: one line per row,
    /// columns separated by `|`, with the final newline removed. Execution
    /// stops at the first error, which is returned with psql's standard
    /// error text (`psql:<stdin>:<line>: ERROR: ...`).
    ///
    /// Handy for catalog checks without an async runtime.
    ///
    /// ```no_run
    /// let db = schemaforge_testkit::cluster().create_database();
    /// db.psql("create type mood as enum ('happy', 'sad')").unwrap();
    /// let labels = db.psql("select enumlabel from pg_enum order by enumsortorder").unwrap();
    /// assert_eq!(labels, "happy\nsad");
    /// assert!(db.psql("select * from missing").is_err());
    /// ```
    pub fn psql(&self, sql: &str) -> Result<String, String> {
        psql::run(&self.psql, &self.connect_args, sql)
    }

    /// [`psql`](TestDatabase::psql), logged in as `role` rather than as the owner: a role
    /// the test created with `LOGIN` (the private servers trust every local connection).
    ///
    /// ```no_run
    /// let db = schemaforge_testkit::cluster().create_database();
    /// let role = format!("{}_app", db.name());
    /// db.psql(&format!("create role {role} login")).unwrap();
    /// assert_eq!(db.psql_as(&role, "select current_user").unwrap(), role);
    /// ```
    pub fn psql_as(&self, role: &str, sql: &str) -> Result<String, String> {
        let mut args = self.connect_args.clone();
        match args.iter().position(|a| a == "-U") {
            Some(i) if i + 1 < args.len() => args[i + 1] = role.into(),
            _ => args.extend(["-U".into(), role.into()]),
        }
        psql::run(&self.psql, &args, sql)
    }
}
