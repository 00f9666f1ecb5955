//! The differential: the DDL of every accepted input must apply to PostgreSQL. A schema
//! that `check` accepts and Postgres refuses is a bug of the checker (or of the emitter).

use schemaforge_testkit::TestDatabase;

/// Whether Postgres refused a script for something of the user's own that the checker
/// cannot know: a schema, a role, or a function or type qualified with a schema other than
/// `pg_catalog` (`public.my_fn()`, `extensions.uuid_generate_v4()`, `public.citext`),
/// which the language leaves to the database. A script refused only for that is not a
/// finding.
pub fn users_own(error: &str) -> bool {
    let Some(message) = error.split("ERROR:  ").nth(1) else {
        return false;
    };
    let message = message.lines().next().unwrap_or("");
    // Roles are the database's, not the schema's: a policy's `to(…)` names them.
    if (message.starts_with("schema \"") || message.starts_with("role \""))
        && message.ends_with("does not exist")
    {
        return true;
    }
    // `type "public.citext" does not exist`, `function ext.f(integer) does not exist`.
    let qualified = |name: &str| name.contains('.') && !name.starts_with("pg_catalog.");
    if let Some(name) = message
        .strip_prefix("type \"")
        .and_then(|rest| rest.strip_suffix("\" does not exist"))
    {
        return qualified(name);
    }
    if let Some(rest) = message.strip_prefix("function ") {
        return rest.ends_with("does not exist") && qualified(rest.split('(').next().unwrap_or(""));
    }
    false
}

/// Whether the statement of `batch` that psql stopped at (`error` names its line,
/// `psql:<stdin>:LINE: ERROR:`) creates a function or a view the schema declares: their
/// bodies and queries are kept verbatim and left to Postgres to check beyond their syntax,
/// so one a mutation broke is not a finding.
pub fn in_function_body(batch: &str, error: &str) -> bool {
    let line = error.lines().find_map(|l| {
        let rest = l.strip_prefix("psql:<stdin>:")?;
        let (n, rest) = rest.split_once(':')?;
        rest.trim_start()
            .starts_with("ERROR:")
            .then(|| n.parse::<usize>().ok())?
    });
    let Some(n) = line else {
        return false;
    };
    // The statement's first line: the last line up to the error's that starts one.
    // (Statements are written in capitals, the fixtures' bodies and queries in lower case.)
    let starts = ["CREATE ", "ALTER ", "COMMENT ", "SET ", "BEGIN", "ROLLBACK"];
    batch
        .lines()
        .take(n)
        .filter(|l| starts.iter().any(|s| l.starts_with(s)))
        .last()
        .is_some_and(|l| {
            [
                "CREATE FUNCTION ",
                "CREATE VIEW ",
                "CREATE MATERIALIZED VIEW ",
            ]
            .iter()
            .any(|s| l.starts_with(s))
        })
}

/// A DDL script Postgres refused, with its error.
#[derive(Debug, Clone)]
pub struct Rejected {
    /// The script as sent.
    pub ddl: String,
    /// The `ERROR` lines `psql` printed for it.
    pub error: String,
}

/// Applies each script in its own transaction, in a schema of its own that is rolled back,
/// many scripts to one `psql` run; returns those Postgres refused.
pub fn apply_all(db: &TestDatabase, scripts: &[String]) -> Vec<Rejected> {
    const BATCH: usize = 200;
    let mut rejected = Vec::new();
    let mut next = 0;
    while next < scripts.len() {
        let end = (next + BATCH).min(scripts.len());
        let mut batch = String::new();
        for (i, ddl) in scripts[next..end].iter().enumerate() {
            batch.push_str(&format!(
                "\\warn fuzz:{}\nBEGIN;\nCREATE SCHEMA fuzz;\nSET LOCAL search_path TO fuzz;\n{ddl}\nROLLBACK;\n",
                next + i
            ));
        }
        match db.psql(&batch) {
            Ok(_) => next = end,
            Err(e) => {
                // psql stopped at the first error: the last marker it printed names the
                // script; the next batch starts after it.
                let failed = last_marker(&e).unwrap_or(next);
                let error = e
                    .lines()
                    .filter(|l| l.contains("ERROR"))
                    .collect::<Vec<_>>()
                    .join("\n");
                if !users_own(&error) && !in_function_body(&batch, &e) {
                    rejected.push(Rejected {
                        ddl: scripts[failed].clone(),
                        error,
                    });
                }
                next = failed + 1;
            }
        }
    }
    rejected
}

/// The last script psql announced (`\warn` writes to standard error, which the error
/// carries) before it stopped.
fn last_marker(error: &str) -> Option<usize> {
    error
        .lines()
        .filter_map(|l| l.strip_prefix("fuzz:"))
        .filter_map(|n| n.trim().parse().ok())
        .next_back()
}
