use std::fmt;

/// What a generated query helper can fail with.
///
/// A missing row is not an error: helpers that address one row return `Ok(None)` when it does
/// not exist or belongs to another tenant, which they cannot tell apart. A row that points at
/// another tenant's row is refused by Postgres (through the key, which carries the tenant)
/// exactly as one that points at a missing row: [`Error::Database`], SQLSTATE 23503.
///
/// ```
/// use schemaforge::Error;
///
/// let database: Error = sqlx::Error::PoolTimedOut.into();
/// assert!(matches!(database, Error::Database(_)));
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Postgres or the connection failed (a constraint, a lost connection, a value that
    /// could not be encoded or decoded …).
    Database(sqlx::Error),
    /// A scope's transaction was begun inside a transaction already set to another tenant.
    /// The tenant setting lasts until the outermost transaction ends, so the inner scope
    /// would change the tenant of everything the outer one does afterwards.
    TenantAlreadySet,
    /// A lookup named a column the table does not have, or gave another number of values
    /// than columns: a bug in code that calls the runtime's hidden lookups by hand (the
    /// generated ones cannot), refused before any SQL is written.
    InvalidLookup {
        /// The table.
        table: &'static str,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Database(error) => fmt::Display::fmt(error, f),
            Error::InvalidLookup { table } => write!(
                f,
                "a lookup on {table} names a column it does not have, or a value per column is missing"
            ),
            Error::TenantAlreadySet => f.write_str(
                "this transaction already belongs to another tenant; begin the scope's transaction outside it",
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Database(error) => Some(error),
            Error::TenantAlreadySet | Error::InvalidLookup { .. } => None,
        }
    }
}

impl From<sqlx::Error> for Error {
    fn from(error: sqlx::Error) -> Error {
        Error::Database(error)
    }
}
