//! What can go wrong when a migration step runs on a database that holds data.
//!
//! Every [`Step`](crate::diff::Step) of a [`Migration`](crate::diff::Migration) carries the
//! hazards that apply to it. They are written into the migration as `-- hazard …` comments
//! above the statement and listed by the CLI. Steps with a [`HazardKind::DataLoss`] hazard
//! are refused unless the caller allows data loss.
//!
//! ```
//! use schemaforge_generator::hazard::{Hazard, HazardKind};
//!
//! let h = Hazard::new(HazardKind::DataLoss, "drops table `legacy` and every row in it");
//! assert_eq!(h.to_string(), "data-loss: drops table `legacy` and every row in it");
//! assert!(h.kind.loses_data());
//! ```

use std::fmt;

/// The kinds of hazard, from the most to the least severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum HazardKind {
    /// Rows or values are deleted or changed irreversibly: a dropped table or column, a
    /// removed enum value, a narrowing type change.
    DataLoss,
    /// A cast that Postgres checks row by row: the step fails if a value does not convert.
    CastMayFail,
    /// `SET NOT NULL` (or a new `NOT NULL` column) without a default on a table that may
    /// hold rows: the step fails if any row holds NULL.
    NotNullOnFilledTable,
    /// A new unique constraint or index over existing data: the step fails on duplicates.
    UniqueOverExistingData,
    /// A new foreign key or check over existing data: the step (or its validation) fails
    /// if a row violates it.
    ConstraintOverExistingData,
    /// The whole table is rewritten under an `ACCESS EXCLUSIVE` lock: nothing can read or
    /// write it until the step ends.
    TableRewrite,
    /// A lock that blocks writes (or reads and writes) while Postgres scans every row.
    BlockingLock,
    /// An index built without `CONCURRENTLY` on an existing table: writes wait for the build.
    IndexNotConcurrent,
    /// A drop and an add that look like a rename: without a `renamed_from` hint the data
    /// of the old object is lost.
    PossibleRename,
}

impl HazardKind {
    /// The short name used in SQL comments and reports, e.g. `data-loss`.
    ///
    /// ```
    /// assert_eq!(schemaforge_generator::hazard::HazardKind::TableRewrite.code(), "table-rewrite");
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            HazardKind::DataLoss => "data-loss",
            HazardKind::CastMayFail => "cast-may-fail",
            HazardKind::NotNullOnFilledTable => "not-null-on-filled-table",
            HazardKind::UniqueOverExistingData => "unique-over-existing-data",
            HazardKind::ConstraintOverExistingData => "constraint-over-existing-data",
            HazardKind::TableRewrite => "table-rewrite",
            HazardKind::BlockingLock => "blocking-lock",
            HazardKind::IndexNotConcurrent => "index-not-concurrent",
            HazardKind::PossibleRename => "possible-rename",
        }
    }

    /// Whether a step with this hazard loses data (and so needs `--allow-data-loss`).
    ///
    /// ```
    /// use schemaforge_generator::hazard::HazardKind;
    /// assert!(HazardKind::DataLoss.loses_data());
    /// assert!(!HazardKind::TableRewrite.loses_data());
    /// ```
    pub fn loses_data(self) -> bool {
        self == HazardKind::DataLoss
    }
}

impl fmt::Display for HazardKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One hazard of one step: its kind and a sentence about this step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hazard {
    /// What kind of hazard it is.
    pub kind: HazardKind,
    /// What this step does that is hazardous, naming its table and column.
    pub message: String,
}

impl Hazard {
    /// A hazard of `kind` described by `message`.
    ///
    /// ```
    /// use schemaforge_generator::hazard::{Hazard, HazardKind};
    /// let h = Hazard::new(HazardKind::IndexNotConcurrent, "blocks writes to `tasks`");
    /// assert_eq!(h.kind, HazardKind::IndexNotConcurrent);
    /// ```
    pub fn new(kind: HazardKind, message: impl Into<String>) -> Hazard {
        Hazard {
            kind,
            message: message.into(),
        }
    }
}

impl fmt::Display for Hazard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.message)
    }
}

/// Functions whose value changes on every call: a column added with such a default is
/// filled row by row, which rewrites the table (a stable default such as `now()` is
/// stored once in the catalog instead).
const VOLATILE_FUNCTIONS: &[&str] = &[
    "clock_timestamp",
    "gen_random_uuid",
    "nextval",
    "random",
    "timeofday",
    "uuid_generate_v1",
    "uuid_generate_v4",
];

/// Whether a default expression calls a volatile function (see [`VOLATILE_FUNCTIONS`]).
pub(crate) fn is_volatile(expr: &str) -> bool {
    crate::diff::expr::identifiers(expr)
        .iter()
        .any(|id| VOLATILE_FUNCTIONS.contains(&id.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn volatile_defaults_are_recognised() {
        assert!(is_volatile("gen_random_uuid()"));
        assert!(is_volatile("(random() * 10)::int"));
        assert!(!is_volatile("now()"));
        assert!(!is_volatile("'random()'"));
    }

    #[test]
    fn codes_are_unique() {
        let kinds = [
            HazardKind::DataLoss,
            HazardKind::CastMayFail,
            HazardKind::NotNullOnFilledTable,
            HazardKind::UniqueOverExistingData,
            HazardKind::ConstraintOverExistingData,
            HazardKind::TableRewrite,
            HazardKind::BlockingLock,
            HazardKind::IndexNotConcurrent,
            HazardKind::PossibleRename,
        ];
        let codes: std::collections::BTreeSet<_> = kinds.iter().map(|k| k.code()).collect();
        assert_eq!(codes.len(), kinds.len());
    }
}
