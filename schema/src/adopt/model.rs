//! What [`CATALOG_QUERY`](super::CATALOG_QUERY) returns: the facts of one namespace, as
//! Postgres's catalog holds them. Names are as stored (not quoted), expressions as
//! Postgres prints them under the search_path the query ran with.

use serde::Deserialize;

/// One namespace of a database.
#[derive(Debug, Clone, Deserialize)]
pub struct Catalog {
    /// The namespace read (`current_schema()`).
    pub schema: String,
    /// The search_path the query ran under, as `SHOW search_path` prints it.
    pub search_path: String,
    /// The database's extensions, but `plpgsql`.
    pub extensions: Vec<String>,
    /// Enum types, by name.
    pub enums: Vec<Enum>,
    /// Every sequence: declared ones, and those of identity and serial columns.
    pub sequences: Vec<Sequence>,
    /// Ordinary and partitioned tables, by name.
    pub tables: Vec<Table>,
    /// Views and materialized views.
    pub views: Vec<View>,
    /// Functions, procedures and aggregates not from an extension.
    pub functions: Vec<Function>,
    /// Objects of kinds the language has no word for (domains, composite types, …).
    pub others: Vec<Other>,
}

/// An enum type.
#[derive(Debug, Clone, Deserialize)]
pub struct Enum {
    /// Its name.
    pub name: String,
    /// Its values, in their order.
    pub values: Vec<String>,
    /// `COMMENT ON TYPE`.
    pub comment: Option<String>,
}

/// A sequence and its parameters (numbers as text: a `bigint` may not fit JSON's doubles).
#[derive(Debug, Clone, Deserialize)]
pub struct Sequence {
    /// Its name.
    pub name: String,
    /// `smallint`, `integer` or `bigint`.
    #[serde(rename = "type")]
    pub ty: String,
    /// `START WITH`.
    pub start: String,
    /// `INCREMENT BY`.
    pub increment: String,
    /// `MINVALUE`.
    pub min: String,
    /// `MAXVALUE`.
    pub max: String,
    /// `CACHE`.
    pub cache: String,
    /// `CYCLE`.
    pub cycle: bool,
    /// The column that owns it, if any.
    pub owner: Option<Owner>,
    /// `COMMENT ON SEQUENCE`.
    pub comment: Option<String>,
}

/// The column a sequence belongs to.
#[derive(Debug, Clone, Deserialize)]
pub struct Owner {
    /// The column's table.
    pub table: String,
    /// The column.
    pub column: String,
    /// `a` for `OWNED BY` (serial, or declared), `i` for an identity column's.
    pub kind: String,
}

/// A table.
#[derive(Debug, Clone, Deserialize)]
pub struct Table {
    /// Its name.
    pub name: String,
    /// `r` (ordinary) or `p` (partitioned).
    pub kind: String,
    /// `p` (permanent), `u` (unlogged).
    pub persistence: String,
    /// A partition of another table.
    pub partition: bool,
    /// Inherits from another table.
    pub inherits: bool,
    /// A typed table (`OF type`).
    pub typed: bool,
    /// Has privileges granted.
    pub grants: bool,
    /// Storage parameters, `name=value`.
    pub options: Vec<String>,
    /// The TOAST table's storage parameters.
    pub toast_options: Vec<String>,
    /// Row-Level Security enabled.
    pub rls: bool,
    /// Row-Level Security forced on the owner too.
    pub force_rls: bool,
    /// `COMMENT ON TABLE`.
    pub comment: Option<String>,
    /// A partitioned table's key, `pg_get_partkeydef`: `RANGE (at)`.
    pub partition_key: Option<String>,
    /// Its partitions, in the order they were made.
    pub partitions: Vec<PartitionOf>,
    /// Columns, in their order.
    pub columns: Vec<Column>,
    /// Constraints, by name.
    pub constraints: Vec<Constraint>,
    /// Indexes that back no constraint, by name.
    pub indexes: Vec<Index>,
    /// Triggers Postgres did not make for a constraint.
    pub triggers: Vec<Trigger>,
    /// Row-Level Security policies.
    pub policies: Vec<Policy>,
}

/// A partition of a partitioned table.
#[derive(Debug, Clone, Deserialize)]
pub struct PartitionOf {
    /// Its name.
    pub name: String,
    /// Its bound, as Postgres prints it: `FOR VALUES FROM (…) TO (…)`, `DEFAULT`.
    pub bound: String,
    /// `COMMENT ON TABLE`.
    pub comment: Option<String>,
    /// Partitioned itself (a sub-partitioned partition).
    pub partitioned: bool,
}

/// A column.
#[derive(Debug, Clone, Deserialize)]
pub struct Column {
    /// Its name.
    pub name: String,
    /// `format_type` of its type.
    #[serde(rename = "type")]
    pub ty: String,
    /// `format_type` of its element type (of the type itself when not an array).
    pub base: String,
    /// The element type's name in `pg_type`.
    pub base_name: String,
    /// The element type's `typtype` (`b` base, `e` enum, `d` domain, …).
    pub base_kind: String,
    /// The element type's namespace.
    pub base_schema: String,
    /// An array.
    pub array: bool,
    /// `NOT NULL`.
    pub not_null: bool,
    /// The default or the generation expression.
    pub default: Option<String>,
    /// `a` (always) or `d` (by default) for an identity column.
    pub identity: Option<String>,
    /// `s` for a stored generated column.
    pub generated: Option<String>,
    /// A collation other than its type's.
    pub collation: bool,
    /// `COMMENT ON COLUMN`.
    pub comment: Option<String>,
}

/// A constraint.
#[derive(Debug, Clone, Deserialize)]
pub struct Constraint {
    /// Its name.
    pub name: String,
    /// `p`, `u`, `f`, `c`, `x` or `t`.
    pub kind: String,
    /// The constrained columns, in key order.
    pub columns: Vec<String>,
    /// A foreign key's table.
    pub ref_table: Option<String>,
    /// A foreign key's table's namespace.
    pub ref_schema: Option<String>,
    /// A foreign key's referenced columns.
    pub ref_columns: Vec<String>,
    /// `ON DELETE SET NULL (…)` / `SET DEFAULT (…)` columns.
    pub set_columns: Vec<String>,
    /// A foreign key's `ON UPDATE`: `a`, `r`, `c`, `n` or `d`.
    pub on_update: String,
    /// A foreign key's `ON DELETE`.
    pub on_delete: String,
    /// A foreign key's `MATCH`: `s` (simple), `f` (full), `p` (partial).
    #[serde(rename = "match")]
    pub match_type: String,
    /// `DEFERRABLE`.
    pub deferrable: bool,
    /// `INITIALLY DEFERRED`.
    pub deferred: bool,
    /// Validated (not `NOT VALID`).
    pub validated: bool,
    /// `pg_get_constraintdef`.
    pub definition: String,
    /// A check's expression.
    pub expression: Option<String>,
    /// `NO INHERIT`.
    pub no_inherit: bool,
    /// A unique constraint's `NULLS NOT DISTINCT`.
    pub nulls_not_distinct: bool,
    /// The constraint's index has `INCLUDE` columns or storage parameters.
    pub index_extras: bool,
}

/// An index that backs no constraint.
#[derive(Debug, Clone, Deserialize)]
pub struct Index {
    /// Its name.
    pub name: String,
    /// `UNIQUE`.
    pub unique: bool,
    /// `NULLS NOT DISTINCT`.
    pub nulls_not_distinct: bool,
    /// The access method.
    pub method: String,
    /// How many of the elements are key columns (the rest are `INCLUDE`d).
    pub key_count: usize,
    /// Not left invalid by a failed `CREATE INDEX CONCURRENTLY`.
    pub valid: bool,
    /// A partial index's predicate.
    pub predicate: Option<String>,
    /// Storage parameters, `name=value`.
    pub options: Vec<String>,
    /// `COMMENT ON INDEX`.
    pub comment: Option<String>,
    /// Key and included columns, in order.
    pub elements: Vec<IndexElement>,
}

/// One column or expression of an index.
#[derive(Debug, Clone, Deserialize)]
pub struct IndexElement {
    /// A column.
    pub column: Option<String>,
    /// Or an expression.
    pub expression: Option<String>,
    /// `DESC`.
    pub desc: bool,
    /// `NULLS FIRST`.
    pub nulls_first: bool,
    /// An operator class other than the default one.
    pub opclass: Option<String>,
    /// A collation other than the default.
    pub collation: bool,
}

/// A trigger.
#[derive(Debug, Clone, Deserialize)]
pub struct Trigger {
    /// Its name.
    pub name: String,
    /// `tgtype`: bits for row, before, insert, delete, update, truncate, instead.
    #[serde(rename = "type")]
    pub ty: u16,
    /// `UPDATE OF` columns.
    pub columns: Vec<String>,
    /// `O` when it fires normally.
    pub enabled: String,
    /// A constraint trigger.
    pub constraint: bool,
    /// Has transition tables (`REFERENCING`).
    pub transition: bool,
    /// `pg_get_triggerdef`.
    pub definition: String,
}

/// A Row-Level Security policy.
#[derive(Debug, Clone, Deserialize)]
pub struct Policy {
    /// Its name.
    pub name: String,
    /// Permissive (or restrictive).
    pub permissive: bool,
    /// `all`, `select`, `insert`, `update` or `delete`.
    pub command: String,
    /// The roles it applies to (`public` for every role).
    pub roles: Vec<String>,
    /// `USING`.
    pub using: Option<String>,
    /// `WITH CHECK`.
    pub with_check: Option<String>,
}

/// A view or materialized view.
#[derive(Debug, Clone, Deserialize)]
pub struct View {
    /// Its name.
    pub name: String,
    /// A materialized view.
    pub materialized: bool,
    /// `pg_get_viewdef`.
    pub definition: String,
    /// Its options, `name=value`.
    pub options: Vec<String>,
    /// `COMMENT ON VIEW`.
    pub comment: Option<String>,
}

/// A function, procedure or aggregate.
#[derive(Debug, Clone, Deserialize)]
pub struct Function {
    /// Its name.
    pub name: String,
    /// `f` function, `p` procedure, `a` aggregate, `w` window function.
    pub kind: String,
    /// `pg_get_function_arguments`.
    pub arguments: String,
    /// `pg_get_function_result` (none for a procedure).
    pub result: Option<String>,
    /// Its language.
    pub language: String,
    /// `i`, `s` or `v`.
    pub volatility: String,
    /// `STRICT`.
    pub strict: bool,
    /// `SECURITY DEFINER`.
    pub security_definer: bool,
    /// `LEAKPROOF`.
    pub leakproof: bool,
    /// `PARALLEL`: `u` unsafe (the default), `r` restricted, `s` safe.
    pub parallel: String,
    /// `SET` settings, `name=value`.
    pub config: Vec<String>,
    /// The body.
    pub source: String,
    /// A `BEGIN ATOMIC` body (kept parsed, not as text).
    pub atomic: bool,
    /// `COMMENT ON FUNCTION`.
    pub comment: Option<String>,
}

/// An object the language cannot express.
#[derive(Debug, Clone, Deserialize)]
pub struct Other {
    /// What it is: `domain`, `composite type`, …
    pub kind: String,
    /// Its name.
    pub name: String,
}
