//! The order of a migration: phases (separate transactions) and, inside the main phase,
//! stages whose order makes every statement find what it needs.
//!
//! Steps are collected per stage while the schemas are compared, then sorted by
//! `(phase, stage)`; inside a stage they keep the order they were planned in (schema
//! order, foreign-key order for new tables).

/// A part of a migration that runs in its own transaction, or outside any.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Phase {
    /// Enum type renames, value renames and `ADD VALUE`s. Postgres refuses to use a value
    /// added in the same transaction, so when the migration does more, these are committed
    /// first, in a file of their own.
    EnumValues,
    /// Everything else that can run in one transaction.
    Main,
    /// `CREATE INDEX CONCURRENTLY` (with `--safe`): one statement per file, outside any
    /// transaction (sqlx's `-- no-transaction`), after the main phase has committed.
    Concurrent,
    /// With `--safe`: `VALIDATE CONSTRAINT` and `ADD CONSTRAINT … USING INDEX`, in a
    /// transaction of their own so that the main phase's locks are already released.
    Finish,
}

impl Phase {
    /// Whether the phase's statements run inside a transaction.
    pub fn transactional(self) -> bool {
        self != Phase::Concurrent
    }
}

/// The stages of the main phase, in execution order. Drops use the old names (they run
/// before renames); everything from `RenameTables` on uses the new names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Stage {
    /// New extensions, before anything that may use what they add.
    CreateExtensions,
    /// Views that go away or are created again, dependents first, before anything they read
    /// changes.
    DropViews,
    /// Triggers that go away or change, before the columns and functions they use.
    DropTriggers,
    /// Foreign keys that go away or depend on something that changes; policies likewise.
    DropForeignKeys,
    /// Indexes, checks, unique and primary keys that go away or change.
    DropConstraints,
    /// Columns that go away, and generated columns to be re-added.
    DropColumns,
    /// Functions whose signature changes, dropped to be created again, once no default,
    /// check, index or generated column calls them.
    DropReplacedFunctions,
    /// Tables that go away, referencing tables first.
    DropTables,
    RenameTables,
    RenameColumns,
    /// Constraints, indexes and identity sequences whose derived names changed.
    RenameConstraints,
    /// New enum types, and rebuilt ones (the old type renamed away first).
    CreateEnums,
    /// New sequences and changed options of existing ones, before the columns whose
    /// defaults take their values.
    CreateSequences,
    /// Functions a table's defaults, checks or indexes call, before the columns that do.
    CreateFunctions,
    AddColumns,
    /// Type, default, nullability, identity and generation of existing columns.
    AlterColumns,
    /// Generated columns, once the columns they read have their new types.
    AddGeneratedColumns,
    /// Functions the schema no longer declares, once no default or check calls them.
    DropFunctions,
    /// Sequences the schema no longer declares, once no default takes their values.
    DropSequences,
    /// Enum types that go away, and the old halves of rebuilt ones.
    DropEnums,
    /// Primary keys, uniques, checks and indexes on existing tables (before new tables,
    /// whose foreign keys may reference them).
    AddConstraints,
    /// New tables in foreign-key order, each with its indexes and comments.
    CreateTables,
    /// Foreign keys on existing tables, and those of new tables that close a cycle.
    AddForeignKeys,
    Comments,
    /// The other functions, once the tables their bodies may read exist.
    CreateLateFunctions,
    /// New and changed views, each after the views it reads.
    Views,
    /// New and changed triggers.
    Triggers,
    /// Row-Level Security policies (with `DiffOptions::row_level_security`), once every
    /// table and column they read is in place.
    Policies,
    /// Extensions the schema no longer declares, once nothing of the schema uses them.
    DropExtensions,
}
