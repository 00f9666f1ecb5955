//! A throwaway Citus cluster: a coordinator and two workers.
//!
//! Three private servers of this test binary, each started like the plain one (a temp dir,
//! a watchdog, a Unix socket only) with `shared_preload_libraries = 'citus'`. The nodes
//! reach each other through their socket directories, which Citus (libpq) takes as host
//! names, so nothing listens on TCP and parallel test binaries cannot collide.
//!
//! Citus is an extension that many machines lack: [`citus`] returns `None` when it is not
//! installed, after printing one line that says so, so that a test can skip. With
//! `SCHEMAFORGE_REQUIRE_CITUS=1` (which CI sets once it has installed Citus) it panics
//! instead, so that a broken install cannot pass as a skip.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock};

use crate::binaries::Binaries;
use crate::server::Server;
use crate::{TestDatabase, psql};

/// Settings of every node. Four shards per table (rather than 32) keep a test database
/// quick to create; two workers still split them. Citus runs a maintenance worker per
/// database, and a test binary creates many: 64 worker processes rather than 8. Citus's statement counters and
/// `pg_stat_statements` (with `CREATE EXTENSION pg_stat_statements`) let a test see how its
/// statements were executed: on one shard or on many.
const SETTINGS: &str = "shared_preload_libraries = 'citus, pg_stat_statements'\n\
                        citus.shard_count = 4\n\
                        citus.enable_stat_counters = on\n\
                        max_prepared_transactions = 100\n\
                        max_worker_processes = 64\n";

/// Set to `1` to make a missing Citus a failure instead of a skip.
const REQUIRE: &str = "SCHEMAFORGE_REQUIRE_CITUS";

/// A Citus cluster shared by the tests of one binary: a coordinator and two workers.
///
/// ```no_run
/// let Some(citus) = schemaforge_testkit::citus() else { return };
/// let db = citus.create_database();
/// db.psql("create table t (tenant int, id int, primary key (tenant, id))").unwrap();
/// db.psql("select create_distributed_table('t', 'tenant')").unwrap();
/// ```
#[derive(Debug)]
pub struct Citus {
    coordinator: Server,
    workers: Vec<Server>,
    psql: PathBuf,
}

/// The Citus cluster of this test binary, started on first call; `None`, after printing
/// why on standard error, when Citus is not installed for the machine's PostgreSQL.
///
/// # Panics
///
/// When Citus is installed but the cluster does not start, and when it is missing while
/// `SCHEMAFORGE_REQUIRE_CITUS=1`.
pub fn citus() -> Option<&'static Citus> {
    static CITUS: OnceLock<Result<Option<Citus>, String>> = OnceLock::new();
    match CITUS.get_or_init(Citus::start) {
        Ok(Some(citus)) => Some(citus),
        Ok(None) => None,
        Err(message) => panic!("schemaforge-testkit: {message}"),
    }
}

impl Citus {
    fn start() -> Result<Option<Self>, String> {
        let binaries = Binaries::find()?;
        if let Err(missing) = installed(&binaries) {
            if std::env::var(REQUIRE).is_ok_and(|v| v == "1") {
                return Err(format!("{REQUIRE}=1, but {missing}"));
            }
            eprintln!(
                "skipped: the Citus tests need Citus, and {missing} (install it with \
                 ../shared/citus/install.sh, or your distribution's postgresql-15-citus package)"
            );
            return Ok(None);
        }
        let coordinator = Server::start(&binaries, SETTINGS)?;
        let workers = (0..2)
            .map(|_| Server::start(&binaries, SETTINGS))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Some(Citus {
            coordinator,
            workers,
            psql: binaries.psql.clone(),
        }))
    }

    /// A new database on every node with the `citus` extension, the workers added to the
    /// coordinator; the returned database is the coordinator's, where a test applies its
    /// DDL and runs its queries. Names are `c_<counter>_<pid>`.
    ///
    /// # Panics
    ///
    /// When a node refuses a step; the message carries psql's error.
    pub fn create_database(&self) -> TestDatabase {
        static COUNTER: AtomicU32 = AtomicU32::new(1);
        // One at a time: adding nodes to two new databases at once can fail on a worker
        // ("tuple concurrently updated").
        static SETUP: Mutex<()> = Mutex::new(());
        let _one_at_a_time = SETUP
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let counter = COUNTER.fetch_add(1, Ordering::Relaxed);
        let name = format!("c_{counter}_{}", std::process::id());
        for node in std::iter::once(&self.coordinator).chain(&self.workers) {
            self.run(node, "postgres", &format!("create database \"{name}\""));
            self.run(node, &name, "create extension citus");
        }
        let (host, port) = self.coordinator.node();
        let mut setup = format!(
            "select citus_set_coordinator_host({}, {port});\n",
            literal(&host)
        );
        for worker in &self.workers {
            let (host, port) = worker.node();
            setup.push_str(&format!(
                "select citus_add_node({}, {port});\n",
                literal(&host)
            ));
        }
        self.run(&self.coordinator, &name, &setup);
        TestDatabase {
            connect_args: self.coordinator.psql_args(&name),
            psql: self.psql.clone(),
            url: self.coordinator.url(&name),
            name,
        }
    }

    fn run(&self, node: &Server, database: &str, sql: &str) {
        let args: Vec<OsString> = node.psql_args(database);
        if let Err(e) = psql::run(&self.psql, &args, sql) {
            panic!("schemaforge-testkit: Citus setup step `{sql}` failed: {e}");
        }
    }
}

/// Whether the Citus extension is installed for these binaries: its library and control
/// file where `pg_config` says extensions go.
fn installed(binaries: &Binaries) -> Result<(), String> {
    let bin = binaries.pg_ctl.parent().unwrap_or(Path::new("/"));
    let pg_config = bin.join("pg_config");
    let ask = |flag: &str| -> Option<PathBuf> {
        let output = std::process::Command::new(&pg_config)
            .arg(flag)
            .output()
            .ok()?;
        let text = String::from_utf8_lossy(&output.stdout).trim().to_string();
        (output.status.success() && !text.is_empty()).then(|| PathBuf::from(text))
    };
    // Debian's layout when pg_config is not installed with the server.
    let libdir = ask("--pkglibdir").unwrap_or_else(|| bin.join("../lib"));
    let sharedir = ask("--sharedir").unwrap_or_else(|| {
        PathBuf::from(format!("/usr/share/postgresql/{}", binaries.major_version))
    });
    let library = libdir.join("citus.so");
    let control = sharedir.join("extension/citus.control");
    match (library.exists(), control.exists()) {
        (true, true) => Ok(()),
        (false, _) => Err(format!("{} does not exist", library.display())),
        (_, false) => Err(format!("{} does not exist", control.display())),
    }
}

/// A SQL string literal.
fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}
