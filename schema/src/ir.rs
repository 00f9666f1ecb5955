//! The resolved, checked schema: the one input of every emitter.
//!
//! Plain data with ordered collections, so the same schema always serializes to the
//! same bytes. Spans point back into the source for diagnostics and are skipped when
//! serializing, so snapshots do not depend on layout.

use serde::{Deserialize, Serialize};

use crate::span::Span;

/// A whole schema: enums and tables in source order (files in path order).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Schema {
    /// The rules the schema was checked and is emitted under ([`Schema::FORMAT`] for one
    /// checked now). An IR read from a snapshot written before has a lower one, and is
    /// emitted as it was then, so that a migration from it adds what it lacked.
    #[serde(default)]
    pub format: u32,
    /// The extensions the schema needs, in source order: created before anything else.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<Extension>,
    /// The Postgres enum types, in source order.
    pub enums: Vec<Enum>,
    /// The tables, in source order (the DDL reorders them for foreign keys).
    pub tables: Vec<Table>,
    /// The functions the schema declares, in source order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub functions: Vec<Function>,
    /// The views, in source order (the DDL puts one after the views it reads).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub views: Vec<View>,
    /// The sequences the schema declares, in source order: created before the tables,
    /// whose defaults may take their values (`default(nextval('invoice_numbers'))`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sequences: Vec<Sequence>,
    /// The schema's files in order, each with the items it declares: how the docs group
    /// enums and tables. Empty for a schema that did not come from files. Documentation
    /// only: no DDL or Rust depends on it, and migrations ignore it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Group>,
}

impl Default for Schema {
    fn default() -> Schema {
        Schema {
            format: Schema::FORMAT,
            extensions: Vec::new(),
            enums: Vec::new(),
            tables: Vec::new(),
            functions: Vec::new(),
            views: Vec::new(),
            sequences: Vec::new(),
            groups: Vec::new(),
        }
    }
}

/// An extension the schema needs: `CREATE EXTENSION IF NOT EXISTS`, before the types and
/// tables that may use what it adds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    /// The extension's name (`pg_trgm`).
    pub name: String,
    /// The `///` doc before it: why the schema needs it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// Where the schema declares it.
    #[serde(skip)]
    pub span: Span,
}

/// A sequence the schema declares (`sequence invoice_numbers bigint start(1000)`). An
/// option left out is Postgres's default for it, so it is `None` here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sequence {
    /// The sequence's name.
    pub name: String,
    /// The `///` doc before it, which becomes `COMMENT ON SEQUENCE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// `smallint`, `integer` or `bigint` (Postgres's default).
    #[serde(rename = "type")]
    pub ty: ScalarType,
    /// `start(n)`: the first value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<i64>,
    /// `increment(n)`: the step, negative for a descending sequence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub increment: Option<i64>,
    /// `min(n)`: the smallest value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    /// `max(n)`: the largest value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    /// `cache(n)`: how many values a session takes at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache: Option<i64>,
    /// `cycle`: after the last value, the first again (else an error).
    #[serde(default, skip_serializing_if = "is_false")]
    pub cycle: bool,
    /// `owned_by(table.column)`: the column whose drop drops the sequence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owned_by: Option<ColumnRef>,
    /// Where the schema declares it.
    #[serde(skip)]
    pub span: Span,
}

/// How a partitioned table divides its rows among its partitions (`partition_by`): each
/// partition is a table of its own in Postgres, with the parent's columns, keys and indexes,
/// and the rows whose partition key its bound admits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Partitioning {
    /// By ranges, lists of values or a hash of the key.
    pub method: PartitionMethod,
    /// The partition key's columns, in order.
    pub columns: Vec<String>,
    /// The partitions, in the order declared.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partitions: Vec<Partition>,
    /// The `partition_by` directive in the schema file.
    #[serde(skip)]
    pub span: Span,
}

impl Partitioning {
    /// `PARTITION BY RANGE (created_at)`, with the columns quoted by `quote`.
    pub fn sql(&self, quote: impl Fn(&str) -> String) -> String {
        let columns: Vec<String> = self.columns.iter().map(|c| quote(c)).collect();
        format!(
            "PARTITION BY {} ({})",
            self.method.sql(),
            columns.join(", ")
        )
    }
}

/// How `partition_by` divides rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartitionMethod {
    /// Ranges of the key: `from (…) to (…)`.
    Range,
    /// Lists of values of a one-column key: `in (…)`.
    List,
    /// The key's hash: `modulus(n) remainder(r)`.
    Hash,
}

impl PartitionMethod {
    /// `RANGE`, `LIST` or `HASH`.
    pub fn sql(self) -> &'static str {
        match self {
            PartitionMethod::Range => "RANGE",
            PartitionMethod::List => "LIST",
            PartitionMethod::Hash => "HASH",
        }
    }
}

/// One partition of a partitioned table.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Partition {
    /// Its name, a table's in Postgres.
    pub name: String,
    /// The doc comment, which becomes `COMMENT ON TABLE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// The rows it holds.
    pub bound: PartitionBound,
    /// The directive in the schema file.
    #[serde(skip)]
    pub span: Span,
    /// Where each list of bound values is written (`from` and `to`, or `in`'s), for
    /// diagnostics about a value; empty for hash and default partitions.
    #[serde(skip)]
    pub bound_spans: Vec<Span>,
}

/// Which rows a partition holds. Bound values are kept as written, SQL literals.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartitionBound {
    /// Keys from `from` (included) up to `to` (excluded), each a list of values, one per
    /// key column (`MINVALUE` and `MAXVALUE` included).
    Range {
        /// The lower bound.
        from: String,
        /// The upper bound.
        to: String,
    },
    /// Keys equal to one of `values`.
    List {
        /// The values, comma-separated.
        values: String,
    },
    /// Keys whose hash is `remainder` modulo `modulus`.
    Hash {
        /// The modulus.
        modulus: u32,
        /// The remainder.
        remainder: u32,
    },
    /// The keys no other partition holds.
    Default,
}

impl PartitionBound {
    /// `FOR VALUES FROM (…) TO (…)`, `FOR VALUES IN (…)`,
    /// `FOR VALUES WITH (MODULUS n, REMAINDER r)` or `DEFAULT`.
    pub fn sql(&self) -> String {
        match self {
            PartitionBound::Range { from, to } => format!("FOR VALUES FROM ({from}) TO ({to})"),
            PartitionBound::List { values } => format!("FOR VALUES IN ({values})"),
            PartitionBound::Hash { modulus, remainder } => {
                format!("FOR VALUES WITH (MODULUS {modulus}, REMAINDER {remainder})")
            }
            PartitionBound::Default => "DEFAULT".to_string(),
        }
    }
}

/// One storage parameter of a table or index (`fillfactor = 70`): its name, lower case,
/// and its value as Postgres keeps it (a word in lower case, a number as written).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct StorageParam {
    /// The parameter's name (`fillfactor`, `toast.autovacuum_enabled`).
    pub name: String,
    /// Its value.
    pub value: String,
}

impl StorageParam {
    /// `name = value`, as `WITH (…)` and `SET (…)` take it.
    pub fn sql(&self) -> String {
        format!("{} = {}", self.name, self.value)
    }
}

/// The name Postgres gives the sequence of an identity or serial column `column` of
/// `table`: `<table>_<column>_seq`, and past 63 bytes the longer of the two names cut first,
/// a character at a time, as Postgres's `makeObjectName` does. (Postgres adds a number when
/// the name is taken; `check` refuses such a clash, E0207.)
pub fn owned_sequence_name(table: &str, column: &str) -> String {
    // 63 bytes less the two `_` and `seq`.
    const AVAILABLE: usize = 63 - 5;
    let (mut t, mut c) = (table.len(), column.len());
    while t + c > AVAILABLE {
        if t > c {
            t -= 1;
        } else {
            c -= 1;
        }
    }
    // Back to a character boundary, as pg_mbcliplen does.
    let clip = |s: &str, mut n: usize| {
        while !s.is_char_boundary(n) {
            n -= 1;
        }
        n
    };
    format!(
        "{}_{}_seq",
        &table[..clip(table, t)],
        &column[..clip(column, c)]
    )
}

impl Sequence {
    /// The smallest and largest values, Postgres's defaults where the schema gives none:
    /// 1 to the type's largest ascending, the type's smallest to -1 descending.
    pub fn limits(&self) -> (i64, i64) {
        let (lo, hi) = self.ty.integer_range();
        match self.increment.unwrap_or(1) > 0 {
            true => (self.min.unwrap_or(1), self.max.unwrap_or(hi)),
            false => (self.min.unwrap_or(lo), self.max.unwrap_or(-1)),
        }
    }

    /// The first value: `start`, else the smallest ascending or the largest descending.
    pub fn first(&self) -> i64 {
        let (min, max) = self.limits();
        self.start.unwrap_or(if self.increment.unwrap_or(1) > 0 {
            min
        } else {
            max
        })
    }
}

impl Schema {
    /// The sequences Postgres makes for the identity and serial columns, with their tables
    /// and columns: named by [`owned_sequence_name`].
    pub fn owned_sequences(&self) -> impl Iterator<Item = (&Table, &Column, String)> {
        self.tables.iter().flat_map(|t| {
            t.columns
                .iter()
                .filter(|c| c.identity.is_some() || c.is_serial())
                .map(move |c| (t, c, owned_sequence_name(&t.name, &c.name)))
        })
    }
}

/// A column by its table: `invoices.number`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnRef {
    /// The table's name.
    pub table: String,
    /// The column's name.
    pub column: String,
}

/// A function the schema declares, kept as written: its arguments, result type and body
/// are SQL that Postgres checks when it creates the function. A change to any of them
/// replaces the function whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Function {
    /// The function's name; the schema has one function of a name.
    pub name: String,
    /// The `///` doc before it, which becomes `COMMENT ON FUNCTION`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// The argument list without its parentheses (`org uuid, n integer`), empty for none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub arguments: String,
    /// The result type (`trigger`, `boolean`, `setof uuid`).
    pub returns: String,
    /// The language of the body (`plpgsql`, `sql`).
    pub language: String,
    /// `immutable`, `stable` or `volatile` when written (Postgres's default is volatile).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volatility: Option<Volatility>,
    /// `strict`: the function returns NULL, without running, on a NULL argument.
    #[serde(default, skip_serializing_if = "is_false")]
    pub strict: bool,
    /// `security_definer`: the function runs with its owner's privileges.
    #[serde(default, skip_serializing_if = "is_false")]
    pub security_definer: bool,
    /// The body, verbatim.
    pub body: String,
    /// Whether a table's expression (a default, check, generated column or index) calls
    /// it, so that it is created before the tables; otherwise after them, so that a body
    /// in `sql` can read them.
    #[serde(default, skip_serializing_if = "is_false")]
    pub before_tables: bool,
    /// Where the schema declares it.
    #[serde(skip)]
    pub span: Span,
}

impl Function {
    /// Whether `other` can replace this function in place (`CREATE OR REPLACE`): the same
    /// arguments and result type, which Postgres does not let a replacement change.
    pub fn same_signature(&self, other: &Function) -> bool {
        self.arguments == other.arguments && self.returns == other.returns
    }
}

/// A view, or a materialized view, with its query kept as written: Postgres checks it when
/// it creates the view, and a change replaces the view whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct View {
    /// The view's name (a relation name: no table or type may have it).
    pub name: String,
    /// The `///` doc before it, which becomes `COMMENT ON VIEW`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// A materialized view: its rows are stored, computed when it is created.
    #[serde(default, skip_serializing_if = "is_false")]
    pub materialized: bool,
    /// The query, verbatim.
    pub query: String,
    /// Where the schema declares it.
    #[serde(skip)]
    pub span: Span,
}

/// How a function's result depends on more than its arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Volatility {
    /// The same arguments always give the same result.
    Immutable,
    /// The same within one statement.
    Stable,
    /// Anything may change it.
    Volatile,
}

impl Volatility {
    /// The SQL keyword.
    pub fn sql(self) -> &'static str {
        match self {
            Volatility::Immutable => "IMMUTABLE",
            Volatility::Stable => "STABLE",
            Volatility::Volatile => "VOLATILE",
        }
    }
}

/// A trigger on a table: a function the table's changes call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trigger {
    /// The trigger's name, unique within its table.
    pub name: String,
    /// Before or after the event.
    pub timing: TriggerTiming,
    /// The events that fire it, in the order written.
    pub events: Vec<TriggerEvent>,
    /// Once per row (`FOR EACH ROW`), else once per statement.
    #[serde(default, skip_serializing_if = "is_false")]
    pub for_each_row: bool,
    /// `WHEN (…)`: the condition, on `old` and `new`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<SqlExpr>,
    /// The call, `touch_updated_at()` or `f('argument')`.
    pub execute: SqlExpr,
    /// The name of the function it calls.
    pub function: String,
    /// Where the trigger is declared.
    #[serde(skip)]
    pub span: Span,
}

/// When a trigger fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriggerTiming {
    /// Before the change (a row trigger may alter or skip it).
    Before,
    /// After the change.
    After,
}

/// An event that fires a trigger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriggerEvent {
    /// `INSERT`.
    Insert,
    /// `UPDATE`, or `UPDATE OF` the columns when there are any.
    Update(Vec<String>),
    /// `DELETE`.
    Delete,
    /// `TRUNCATE` (statement triggers only).
    Truncate,
}

/// A Row-Level Security policy the schema declares on a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    /// The policy's name, unique within its table.
    pub name: String,
    /// `AS RESTRICTIVE`: every row must pass it too, instead of being admitted by any one
    /// permissive policy.
    #[serde(default, skip_serializing_if = "is_false")]
    pub restrictive: bool,
    /// The command it applies to.
    #[serde(default, skip_serializing_if = "PolicyCommand::is_all")]
    pub command: PolicyCommand,
    /// The roles it applies to; every role (`PUBLIC`) when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// `USING (…)`: the existing rows the command may see.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub using: Option<SqlExpr>,
    /// `WITH CHECK (…)`: the rows the command may write.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_check: Option<SqlExpr>,
    /// Where the policy is declared.
    #[serde(skip)]
    pub span: Span,
}

/// The command a [`Policy`] applies to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicyCommand {
    /// Every command.
    #[default]
    All,
    /// `SELECT`.
    Select,
    /// `INSERT`.
    Insert,
    /// `UPDATE`.
    Update,
    /// `DELETE`.
    Delete,
}

impl PolicyCommand {
    fn is_all(&self) -> bool {
        *self == PolicyCommand::All
    }

    /// The SQL keyword.
    pub fn sql(self) -> &'static str {
        match self {
            PolicyCommand::All => "ALL",
            PolicyCommand::Select => "SELECT",
            PolicyCommand::Insert => "INSERT",
            PolicyCommand::Update => "UPDATE",
            PolicyCommand::Delete => "DELETE",
        }
    }
}

/// A group of enums and tables in the docs: a file's (up to its first `//!` block between
/// items), or one that such a block starts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// The file's stem (`core` for `schema/core.forge`), shared by the groups of one file:
    /// never a path, so that the IR does not depend on where the schema was read from.
    pub name: String,
    /// The group's `//!` lines, joined with newlines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// The group's enums, by name, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enums: Vec<String>,
    /// The group's tables, by name, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tables: Vec<String>,
}

impl Schema {
    /// The current rules: 2 since a tenant table whose own permissive policies leave
    /// commands unnamed has the tenant's permissive policies for them, and a
    /// `security_definer` function has its `search_path` pinned; 1 since `tenant via` tables
    /// store their tenant column and the tenant root has a Row-Level Security policy of its
    /// own; 0 (a snapshot without the field) before.
    pub const FORMAT: u32 = 2;

    /// The other functions of the schema that `f`'s body mentions by name (a `sql` body's
    /// calls, which Postgres resolves when it creates the function), in declaration order.
    pub fn functions_called_by(&self, f: &Function) -> Vec<&Function> {
        let words: std::collections::HashSet<String> =
            crate::words::identifiers(&f.body).into_iter().collect();
        self.functions
            .iter()
            .filter(|g| g.name != f.name && words.contains(&g.name))
            .collect()
    }

    /// The functions in the order their DDL creates them: each after the ones its body
    /// calls, otherwise as declared. Functions that call each other in a cycle (which
    /// Postgres cannot create as `sql` bodies anyway) are placed where the cycle is first
    /// entered: the first declared after the others.
    pub fn functions_in_creation_order(&self) -> Vec<&Function> {
        let mut placed: Vec<&Function> = Vec::with_capacity(self.functions.len());
        let mut done = std::collections::HashSet::new();
        let mut visiting = std::collections::HashSet::new();
        fn visit<'a>(
            schema: &'a Schema,
            f: &'a Function,
            done: &mut std::collections::HashSet<&'a str>,
            visiting: &mut std::collections::HashSet<&'a str>,
            placed: &mut Vec<&'a Function>,
        ) {
            if done.contains(f.name.as_str()) || !visiting.insert(f.name.as_str()) {
                return;
            }
            for g in schema.functions_called_by(f) {
                visit(schema, g, done, visiting, placed);
            }
            visiting.remove(f.name.as_str());
            if done.insert(f.name.as_str()) {
                placed.push(f);
            }
        }
        for f in &self.functions {
            visit(self, f, &mut done, &mut visiting, &mut placed);
        }
        placed
    }

    /// The enum named `name`.
    pub fn enum_named(&self, name: &str) -> Option<&Enum> {
        self.enums.iter().find(|e| e.name == name)
    }

    /// The table named `name`.
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// Each table's index in [`Schema::tables`], by name.
    pub fn positions(&self) -> std::collections::HashMap<String, usize> {
        self.tables
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.clone(), i))
            .collect()
    }

    /// The tenant root table, if the schema declares one.
    pub fn tenant_root(&self) -> Option<&Table> {
        self.tables
            .iter()
            .find(|t| matches!(t.tenancy, Tenancy::Root))
    }
}

/// `enum name { values }`: a Postgres enum type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Enum {
    /// The type's name in Postgres (`CREATE TYPE <name> AS ENUM`).
    pub name: String,
    /// The doc comment, which becomes `COMMENT ON TYPE` and the Rust enum's rustdoc.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// The values in order; Postgres sorts and compares enum values in this order.
    pub values: Vec<EnumValue>,
    /// The type's previous name, which the migration diff matches the old enum by
    /// (`ALTER TYPE … RENAME TO`) instead of dropping it and creating another. The language
    /// has no syntax for it: a compiled schema leaves it `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    /// The enum's name in the schema file.
    #[serde(skip)]
    pub span: Span,
}

impl Enum {
    /// Whether `value` is one of the enum's labels (compared exactly, as Postgres does).
    pub fn has_value(&self, value: &str) -> bool {
        self.values.iter().any(|v| v.name == value)
    }
}

/// One label of an [`Enum`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnumValue {
    /// The label Postgres stores, e.g. `in progress`; the Rust variant is its camel case.
    pub name: String,
    /// The doc comment, which becomes the Rust variant's rustdoc.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// The label it had before (`renamed_from(old)`): a migration renames the value with
    /// `ALTER TYPE … RENAME VALUE`, keeping the rows that hold it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    /// The value in the schema file.
    #[serde(skip)]
    pub span: Span,
}

/// A table with its columns and every constraint, all names resolved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// The table's name in Postgres.
    pub name: String,
    /// The doc comment, which becomes `COMMENT ON TABLE` and the row type's rustdoc.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// The columns in table order, which is the order of `CREATE TABLE` and of the row
    /// type's fields.
    pub columns: Vec<Column>,
    /// The primary key, written on a column or as a directive; `None` only with
    /// `no_primary_key`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_key: Option<PrimaryKey>,
    /// The unique constraints, in the order declared, then those that tenant keys to this
    /// table imply ([`Unique::implied`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uniques: Vec<Unique>,
    /// The foreign keys, one-column and composite.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub foreign_keys: Vec<ForeignKey>,
    /// The check constraints, column and table ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<Check>,
    /// The indexes (`CREATE INDEX`), which are not constraints in Postgres even when unique.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indexes: Vec<Index>,
    /// The triggers, in the order declared.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub triggers: Vec<Trigger>,
    /// The schema's own Row-Level Security policies, in the order declared.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<Policy>,
    /// `with (…)`: storage parameters, in the order written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub storage: Vec<StorageParam>,
    /// Whose rows these are.
    #[serde(default, skip_serializing_if = "Tenancy::is_none")]
    pub tenancy: Tenancy,
    /// `partition_by` and the `partition`s: how a partitioned table divides its rows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partitioning: Option<Partitioning>,
    /// The table's previous name (`renamed_from(old)`): a migration renames the table, and
    /// the constraints and indexes named after it, instead of dropping it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    /// The table in the schema file.
    #[serde(skip)]
    pub span: Span,
}

impl Table {
    /// The column named `name`.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// Whether `columns` (in any order) are exactly the primary key or a unique constraint.
    pub fn is_unique_key(&self, columns: &[String]) -> bool {
        let same =
            |key: &[String]| key.len() == columns.len() && columns.iter().all(|c| key.contains(c));
        self.primary_key
            .as_ref()
            .is_some_and(|pk| same(&pk.columns))
            || self.uniques.iter().any(|u| same(&u.columns))
            || self.indexes.iter().any(|i| {
                i.unique && i.predicate.is_none() && i.column_names().is_some_and(|c| same(&c))
            })
    }

    /// The foreign key whose only column is `column`.
    pub fn single_column_fk(&self, column: &str) -> Option<&ForeignKey> {
        self.foreign_keys
            .iter()
            .find(|fk| fk.written_columns() == [column])
    }

    /// The column that holds the tenant id on this table, if it has one of its own.
    pub fn tenant_column(&self) -> Option<&str> {
        match &self.tenancy {
            Tenancy::Column { column } => Some(column),
            _ => None,
        }
    }
}

/// A column of a [`Table`], with what Postgres knows of it (type, nullability, default,
/// identity, generation) and what only the generated code uses (`on_update`, `sensitive`,
/// `rust_type`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    /// The column's name in Postgres.
    pub name: String,
    /// The doc comment, which becomes `COMMENT ON COLUMN` and the fields' rustdoc.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// The resolved type.
    #[serde(rename = "type")]
    pub ty: ColumnType,
    /// Whether the column may hold NULL (`?` in the schema); otherwise it is `NOT NULL`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub nullable: bool,
    /// The `DEFAULT`, which an insert that leaves the column out gets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<DefaultValue>,
    /// `GENERATED … AS IDENTITY`, on an integer column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<Identity>,
    /// A stored generated column's expression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated: Option<SqlExpr>,
    /// The value written on every update through the generated helpers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_update: Option<SqlExpr>,
    /// A secret (a password or token hash): redacted in the Rust types' `Debug` and skipped
    /// by their `Serialize`. Postgres does not see it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub sensitive: bool,
    /// A Rust type for a json/jsonb column, as written in the schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_type: Option<String>,
    /// The column's previous name (`renamed_from(old)`): a migration renames the column,
    /// keeping its values, instead of dropping it and adding another.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    /// The column in the schema file.
    #[serde(skip)]
    pub span: Span,
}

impl Column {
    /// A plain column: NOT NULL, no default, no doc; the attributes are set on it after.
    pub fn new(name: impl Into<String>, ty: ColumnType, span: Span) -> Column {
        Column {
            name: name.into(),
            doc: None,
            ty,
            nullable: false,
            default: None,
            identity: None,
            generated: None,
            on_update: None,
            sensitive: false,
            rust_type: None,
            renamed_from: None,
            span,
        }
    }

    /// Whether an insert may leave this column out and get a value from the database.
    pub fn has_database_value(&self) -> bool {
        self.nullable
            || self.default.is_some()
            || self.identity.is_some()
            || self.generated.is_some()
    }

    /// Whether the column is `serial` (or `bigserial`, `smallserial`).
    pub fn is_serial(&self) -> bool {
        self.default == Some(DefaultValue::Serial)
    }

    /// The name of a serial column's sequence, in table `table`: `<table>_<column>_seq`, as
    /// Postgres names it ([`owned_sequence_name`]).
    pub fn serial_sequence(&self, table: &str) -> Option<String> {
        self.is_serial()
            .then(|| owned_sequence_name(table, &self.name))
    }

    /// Whether the database refuses a value for this column on insert and update.
    pub fn is_generated_always(&self) -> bool {
        self.generated.is_some() || self.identity == Some(Identity::Always)
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A column's Postgres type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnType {
    /// A built-in type.
    Scalar(ScalarType),
    /// An enum of this schema, by name.
    Enum(String),
    /// An array of the inner type: `text[]` is `Array(Scalar(Text))`. The language has
    /// one-dimensional arrays only (`text[][]` is E0202), so a checked schema never nests
    /// them.
    Array(Box<ColumnType>),
}

impl ColumnType {
    /// The element type of an array, or the type itself.
    pub fn element(&self) -> &ColumnType {
        match self {
            ColumnType::Array(inner) => inner.element(),
            other => other,
        }
    }
}

/// The built-in Postgres types the language supports.
///
/// In the IR's JSON a type without arguments is its name (`"timestamptz"`), one with them
/// an object (`{"varchar": 255}`, `{"timestamptz": 3}`); a fractional-seconds precision is
/// written only when there is one, so snapshots from before it read the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScalarType {
    /// `uuid`: a 128-bit UUID.
    Uuid,
    /// `text`: a string of any length.
    Text,
    /// `varchar` or `varchar(n)`: a string of at most `n` characters (no limit without it).
    Varchar(Option<u32>),
    /// `char` or `char(n)`: a string of exactly `n` characters, blank-padded (`n` is 1
    /// without it, as in Postgres).
    Char(Option<u32>),
    /// `boolean`.
    Boolean,
    /// `smallint`: a 2-byte signed integer.
    Smallint,
    /// `integer`: a 4-byte signed integer.
    Integer,
    /// `bigint`: an 8-byte signed integer.
    Bigint,
    /// `real`: a 4-byte float.
    Real,
    /// `double precision`: an 8-byte float.
    DoublePrecision,
    /// `numeric`, `numeric(p)` or `numeric(p, s)`: an exact decimal of precision `p` (total
    /// digits) and scale `s` (digits after the point), unbounded without them.
    Numeric(Option<(u32, Option<u32>)>),
    /// `date`: a calendar date.
    Date,
    /// `time` or `time(p)`: a time of day without time zone, with `p` (0 to 6) digits of
    /// fractional seconds (6 without it).
    Time(Option<u32>),
    /// `timestamp` or `timestamp(p)`: a date and time without time zone, with `p` (0 to 6)
    /// digits of fractional seconds (6 without it).
    Timestamp(Option<u32>),
    /// `timestamptz` or `timestamptz(p)`: an instant, stored as UTC and shown in the
    /// session's time zone, with `p` (0 to 6) digits of fractional seconds (6 without it).
    Timestamptz(Option<u32>),
    /// `interval`: months, days and microseconds, kept apart.
    Interval,
    /// `json`: JSON kept as the text written.
    Json,
    /// `jsonb`: JSON stored decomposed (keys deduplicated and reordered), indexable.
    Jsonb,
    /// `bytea`: a byte string.
    Bytea,
    /// `inet`: an IPv4 or IPv6 host address, with an optional netmask.
    Inet,
    /// `cidr`: an IPv4 or IPv6 network (no bits set right of its netmask).
    Cidr,
    /// `citext`, of the extension `citext`: text compared case-insensitively.
    Citext,
    /// `name`: Postgres's type of identifiers, at most 63 bytes.
    Name,
    /// `money`: an amount in the currency of `lc_monetary`, stored as a whole number of its
    /// minor unit.
    Money,
    /// `oid`: an object identifier of the system catalogs.
    Oid,
    /// `macaddr`: a MAC address of six bytes.
    Macaddr,
    /// `bit` or `bit(n)`: a string of exactly `n` bits (`n` is 1 without it).
    Bit(Option<u32>),
    /// `varbit` or `varbit(n)`: a string of at most `n` bits (no limit without it).
    Varbit(Option<u32>),
    /// `xml`: a well-formed XML document or fragment.
    Xml,
    /// `tsvector`: a document for text search, its normalized words and their positions.
    Tsvector,
    /// `timetz` or `timetz(p)`: a time of day with its offset from UTC, with `p` (0 to 6)
    /// digits of fractional seconds (6 without it).
    Timetz(Option<u32>),
    /// `macaddr8`: a MAC address of eight bytes (EUI-64).
    Macaddr8,
}

impl ScalarType {
    /// The type without its type arguments' effect on the values' precision: `time(3)` is
    /// `time`. What compares kinds of values (casts, operators, Rust types) looks at this.
    pub fn without_precision(self) -> ScalarType {
        match self {
            ScalarType::Time(_) => ScalarType::Time(None),
            ScalarType::Timetz(_) => ScalarType::Timetz(None),
            ScalarType::Timestamp(_) => ScalarType::Timestamp(None),
            ScalarType::Timestamptz(_) => ScalarType::Timestamptz(None),
            other => other,
        }
    }

    /// Whether the type is `smallint`, `integer` or `bigint`, the types an identity column
    /// may have.
    pub fn is_integer(self) -> bool {
        matches!(
            self,
            ScalarType::Smallint | ScalarType::Integer | ScalarType::Bigint
        )
    }

    /// The smallest and largest values of `smallint`, `integer` or `bigint` (of `bigint`
    /// for any other type).
    pub fn integer_range(self) -> (i64, i64) {
        match self {
            ScalarType::Smallint => (i64::from(i16::MIN), i64::from(i16::MAX)),
            ScalarType::Integer => (i64::from(i32::MIN), i64::from(i32::MAX)),
            _ => (i64::MIN, i64::MAX),
        }
    }

    /// The serial type of this integer type: `serial` of `integer`, `bigserial` of `bigint`,
    /// `smallserial` of `smallint`.
    pub fn serial_name(self) -> &'static str {
        match self {
            ScalarType::Bigint => "bigserial",
            ScalarType::Smallint => "smallserial",
            _ => "serial",
        }
    }

    /// Whether the type is `json` or `jsonb`, the types `rust_type(…)` may name a Rust type
    /// for.
    pub fn is_json(self) -> bool {
        matches!(self, ScalarType::Json | ScalarType::Jsonb)
    }
}

/// A column default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DefaultValue {
    /// A SQL expression, checked to parse as Postgres.
    Sql(SqlExpr),
    /// One of the column's enum values, by name.
    EnumValue(String),
    /// The next value of the column's own sequence: a `serial`, `bigserial` or
    /// `smallserial` column (of type `integer`, `bigint`, `smallint`), whose sequence
    /// ([`Column::serial_sequence`]) Postgres creates with the column and drops with it.
    Serial,
}

/// A SQL expression, kept verbatim (trimmed) as written in the schema.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SqlExpr(pub String);

impl SqlExpr {
    /// The expression's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How an identity column generates its values (`identity` in the schema is `ByDefault`,
/// `identity(always)` is `Always`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Identity {
    /// `GENERATED ALWAYS AS IDENTITY`: the database refuses explicit values.
    Always,
    /// `GENERATED BY DEFAULT AS IDENTITY`: the sequence fills the column unless an insert
    /// gives a value.
    ByDefault,
}

/// A table's `PRIMARY KEY` constraint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrimaryKey {
    /// The constraint's name, `<table>_pkey` unless the schema names it.
    pub name: String,
    /// The key's columns, in key order.
    pub columns: Vec<String>,
    /// Where the key is declared.
    #[serde(skip)]
    pub span: Span,
}

/// A `UNIQUE` constraint (a unique index is an [`Index`] instead).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unique {
    /// The constraint's name, `<table>_<columns>_key` unless the schema names it.
    pub name: String,
    /// The constrained columns, in order.
    pub columns: Vec<String>,
    /// Not written in the schema: the key (tenant column, key) that the tenant keys of
    /// foreign keys to this table reference.
    #[serde(default, skip_serializing_if = "is_false")]
    pub implied: bool,
    /// Written `unique global` on a tenant-scoped table: unique across tenants, deliberately
    /// (a key looked up before there is a scope, such as an API key's hash).
    #[serde(default, skip_serializing_if = "is_false")]
    pub global: bool,
    /// `NULLS NOT DISTINCT`: a NULL in the key equals another NULL, so at most one row has
    /// NULLs where another has them (without it, rows with a NULL never collide).
    #[serde(default, skip_serializing_if = "is_false")]
    pub nulls_not_distinct: bool,
    /// Where the constraint is declared (for an implied one, the key that implies it).
    #[serde(skip)]
    pub span: Span,
}

/// A `FOREIGN KEY` constraint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForeignKey {
    /// The constraint's name, `<table>_<columns>_fkey` (of the written columns) unless the
    /// schema names it.
    pub name: String,
    /// The columns as Postgres has them: with [`tenant`](ForeignKey::tenant), the tenant
    /// column first, then the ones the schema wrote.
    pub columns: Vec<String>,
    /// The referenced table.
    pub references_table: String,
    /// The referenced columns, matched in order with [`columns`](ForeignKey::columns): the
    /// referenced table's primary key or a unique key of it.
    pub references_columns: Vec<String>,
    /// Set when the key carries the tenant: both tables belong to one tenant root, so the
    /// key compares the tenant columns too and a row can only reference a row of its own
    /// tenant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant: Option<TenantKey>,
    /// `ON DELETE`: what deleting a referenced row does to the rows referencing it.
    #[serde(default, skip_serializing_if = "ReferentialAction::is_no_action")]
    pub on_delete: ReferentialAction,
    /// `ON UPDATE`: what changing a referenced key does to the rows referencing it.
    #[serde(default, skip_serializing_if = "ReferentialAction::is_no_action")]
    pub on_update: ReferentialAction,
    /// `DEFERRABLE INITIALLY …`; `None` for a key checked at each statement, always.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deferrable: Option<Deferral>,
    /// Where the key is declared.
    #[serde(skip)]
    pub span: Span,
}

/// The tenant columns a [`ForeignKey`] leads with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantKey {
    /// The referencing table's tenant column.
    pub column: String,
    /// The referenced table's tenant column.
    pub references: String,
}

impl ForeignKey {
    /// The columns the schema wrote: without the tenant column a tenant key leads with.
    pub fn written_columns(&self) -> &[String] {
        match self.tenant {
            Some(_) => self.columns.get(1..).unwrap_or_default(),
            None => &self.columns,
        }
    }

    /// The referenced columns the schema wrote.
    pub fn written_references(&self) -> &[String] {
        match self.tenant {
            Some(_) => self.references_columns.get(1..).unwrap_or_default(),
            None => &self.references_columns,
        }
    }
}

/// When a deferrable foreign key is checked: `DEFERRABLE INITIALLY …`. A transaction may
/// move the check with `SET CONSTRAINTS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Deferral {
    /// `INITIALLY IMMEDIATE`: at the end of each statement.
    InitiallyImmediate,
    /// `INITIALLY DEFERRED`: at commit.
    InitiallyDeferred,
}

impl Deferral {
    /// The clause as DDL writes it.
    pub fn sql(self) -> &'static str {
        match self {
            Deferral::InitiallyImmediate => "DEFERRABLE INITIALLY IMMEDIATE",
            Deferral::InitiallyDeferred => "DEFERRABLE INITIALLY DEFERRED",
        }
    }
}

/// What a foreign key does when the row it references is deleted or its key updated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferentialAction {
    /// `NO ACTION` (the default, `no_action`): the statement fails if rows still reference
    /// it, checked at the end of the statement (or of the transaction, for a deferred key).
    #[default]
    NoAction,
    /// `RESTRICT` (`restrict`): the statement fails if rows still reference it, checked at
    /// once.
    Restrict,
    /// `CASCADE` (`cascade`): the referencing rows are deleted (or their key updated) too.
    Cascade,
    /// `SET NULL` (`set_null`): the referencing columns become NULL.
    SetNull,
    /// `SET DEFAULT` (`set_default`): the referencing columns get their defaults.
    SetDefault,
}

impl ReferentialAction {
    /// Whether this is the default, `NO ACTION`, which the DDL and the IR leave unwritten.
    pub fn is_no_action(&self) -> bool {
        *self == ReferentialAction::NoAction
    }

    /// The SQL spelling, e.g. `SET NULL`.
    pub fn sql(self) -> &'static str {
        match self {
            ReferentialAction::NoAction => "NO ACTION",
            ReferentialAction::Restrict => "RESTRICT",
            ReferentialAction::Cascade => "CASCADE",
            ReferentialAction::SetNull => "SET NULL",
            ReferentialAction::SetDefault => "SET DEFAULT",
        }
    }
}

/// A `CHECK` constraint, of a column or of the table (Postgres does not tell them apart).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Check {
    /// The constraint's name: `<table>_<column>_check` for a column's, `<table>_check` for
    /// a table's, unless the schema names it.
    pub name: String,
    /// The condition every row must not make false (NULL passes, as in Postgres).
    pub expr: SqlExpr,
    /// Where the check is declared.
    #[serde(skip)]
    pub span: Span,
}

/// A `CREATE INDEX`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Index {
    /// The index's name, `<table>_<columns>_idx` unless the schema names it (which it must
    /// when an element is an expression).
    pub name: String,
    /// The indexed columns and expressions, in order.
    pub elements: Vec<IndexElement>,
    /// `CREATE UNIQUE INDEX`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub unique: bool,
    /// The access method (`btree` when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// A partial index's `WHERE` predicate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predicate: Option<SqlExpr>,
    /// `INCLUDE (…)`: columns stored in the index beside its key, so that a query reading
    /// only them is answered from the index.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
    /// `NULLS NOT DISTINCT`, on a unique index: see [`Unique::nulls_not_distinct`].
    #[serde(default, skip_serializing_if = "is_false")]
    pub nulls_not_distinct: bool,
    /// `with (…)`: storage parameters, in the order written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub storage: Vec<StorageParam>,
    /// Where the index is declared.
    #[serde(skip)]
    pub span: Span,
}

impl Index {
    /// The index's columns when every element is a plain column.
    pub fn column_names(&self) -> Option<Vec<String>> {
        self.elements
            .iter()
            .map(|e| match &e.target {
                IndexTarget::Column(c) => Some(c.clone()),
                IndexTarget::Expr(_) => None,
            })
            .collect()
    }
}

/// One element of an [`Index`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexElement {
    /// The column or expression indexed.
    #[serde(flatten)]
    pub target: IndexTarget,
    /// `DESC`: the index keeps this element in descending order.
    #[serde(default, skip_serializing_if = "is_false")]
    pub descending: bool,
    /// Where NULLs sort, when not where Postgres puts them for the direction (last when
    /// ascending, first when descending): `None` for the default, whether written or not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nulls: Option<Nulls>,
    /// The operator class, when not the type's default for the method (`gin_trgm_ops`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opclass: Option<String>,
}

impl IndexElement {
    /// The element's order in DDL: `""`, `" DESC"`, `" NULLS FIRST"`, `" DESC NULLS LAST"`.
    pub fn sql_order(&self) -> &'static str {
        match (self.descending, self.nulls) {
            (false, Some(Nulls::First)) => " NULLS FIRST",
            (false, _) => "",
            (true, Some(Nulls::Last)) => " DESC NULLS LAST",
            (true, _) => " DESC",
        }
    }
}

/// Where an index element's NULLs sort (`nulls first` / `nulls last`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Nulls {
    /// `NULLS FIRST`: before every value (the default of a descending element).
    First,
    /// `NULLS LAST`: after every value (the default of an ascending element).
    Last,
}

/// What an [`IndexElement`] indexes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndexTarget {
    /// A column of the table, by name.
    Column(String),
    /// An expression over the row, e.g. `lower(email)` (written in parentheses in the DDL).
    Expr(SqlExpr),
}

/// How a table's rows belong to a tenant.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Tenancy {
    /// Shared by all tenants (or not multi-tenant at all).
    #[default]
    None,
    /// The tenant root itself: each row is a tenant.
    Root,
    /// Scoped by a column of its own that references the tenant root. A checked `tenant via`
    /// table is scoped this way too: the check gives it the parent's tenant column.
    Column {
        /// The tenant column: NOT NULL, a foreign key to the tenant root's primary key.
        column: String,
    },
    /// Scoped through the foreign key `column` to `parent`, which is itself scoped: what
    /// `tenant via` resolves to before the check stores the tenant column (see
    /// [`Tenancy::Column`]), and what a snapshot of [format](Schema::format) 0 holds.
    Via {
        /// The foreign key column the tenant is reached through.
        column: String,
        /// The table `column` references.
        parent: String,
        /// The column of `parent` that `column` references (empty until the check fills
        /// it in).
        parent_column: String,
    },
}

impl Tenancy {
    /// Whether the table belongs to no tenant ([`Tenancy::None`]).
    pub fn is_none(&self) -> bool {
        *self == Tenancy::None
    }

    /// Whether rows of this table belong to one tenant (root excluded).
    pub fn is_scoped(&self) -> bool {
        matches!(self, Tenancy::Column { .. } | Tenancy::Via { .. })
    }
}

/// The JSON form of [`ScalarType`]: derived on [`wire::Plain`], the type names as they were
/// before precisions, with the precisions beside them.
mod wire {
    use serde::{Deserialize, Serialize};

    use super::ScalarType;

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub(super) enum Plain {
        Uuid,
        Text,
        Varchar(Option<u32>),
        Char(Option<u32>),
        Boolean,
        Smallint,
        Integer,
        Bigint,
        Real,
        DoublePrecision,
        Numeric(Option<(u32, Option<u32>)>),
        Date,
        Time,
        Timestamp,
        Timestamptz,
        Interval,
        Json,
        Jsonb,
        Bytea,
        Inet,
        Cidr,
        Citext,
        Name,
        Money,
        Oid,
        Macaddr,
        Bit(Option<u32>),
        Varbit(Option<u32>),
        Xml,
        Tsvector,
        Timetz,
        Macaddr8,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub(super) enum Precise {
        Time(u32),
        Timestamp(u32),
        Timestamptz(u32),
        Timetz(u32),
    }

    #[derive(Serialize, Deserialize)]
    #[serde(untagged)]
    pub(super) enum Wire {
        Plain(Plain),
        Precise(Precise),
    }

    impl From<ScalarType> for Wire {
        fn from(t: ScalarType) -> Wire {
            use ScalarType as S;
            Wire::Plain(match t {
                S::Time(Some(p)) => return Wire::Precise(Precise::Time(p)),
                S::Timestamp(Some(p)) => return Wire::Precise(Precise::Timestamp(p)),
                S::Timestamptz(Some(p)) => return Wire::Precise(Precise::Timestamptz(p)),
                S::Timetz(Some(p)) => return Wire::Precise(Precise::Timetz(p)),
                S::Uuid => Plain::Uuid,
                S::Text => Plain::Text,
                S::Varchar(n) => Plain::Varchar(n),
                S::Char(n) => Plain::Char(n),
                S::Boolean => Plain::Boolean,
                S::Smallint => Plain::Smallint,
                S::Integer => Plain::Integer,
                S::Bigint => Plain::Bigint,
                S::Real => Plain::Real,
                S::DoublePrecision => Plain::DoublePrecision,
                S::Numeric(n) => Plain::Numeric(n),
                S::Date => Plain::Date,
                S::Time(None) => Plain::Time,
                S::Timestamp(None) => Plain::Timestamp,
                S::Timestamptz(None) => Plain::Timestamptz,
                S::Interval => Plain::Interval,
                S::Json => Plain::Json,
                S::Jsonb => Plain::Jsonb,
                S::Bytea => Plain::Bytea,
                S::Inet => Plain::Inet,
                S::Cidr => Plain::Cidr,
                S::Citext => Plain::Citext,
                S::Name => Plain::Name,
                S::Money => Plain::Money,
                S::Oid => Plain::Oid,
                S::Macaddr => Plain::Macaddr,
                S::Bit(n) => Plain::Bit(n),
                S::Varbit(n) => Plain::Varbit(n),
                S::Xml => Plain::Xml,
                S::Tsvector => Plain::Tsvector,
                S::Timetz(None) => Plain::Timetz,
                S::Macaddr8 => Plain::Macaddr8,
            })
        }
    }

    impl From<Wire> for ScalarType {
        fn from(w: Wire) -> ScalarType {
            use ScalarType as S;
            match w {
                Wire::Precise(Precise::Time(p)) => S::Time(Some(p)),
                Wire::Precise(Precise::Timestamp(p)) => S::Timestamp(Some(p)),
                Wire::Precise(Precise::Timestamptz(p)) => S::Timestamptz(Some(p)),
                Wire::Precise(Precise::Timetz(p)) => S::Timetz(Some(p)),
                Wire::Plain(plain) => match plain {
                    Plain::Uuid => S::Uuid,
                    Plain::Text => S::Text,
                    Plain::Varchar(n) => S::Varchar(n),
                    Plain::Char(n) => S::Char(n),
                    Plain::Boolean => S::Boolean,
                    Plain::Smallint => S::Smallint,
                    Plain::Integer => S::Integer,
                    Plain::Bigint => S::Bigint,
                    Plain::Real => S::Real,
                    Plain::DoublePrecision => S::DoublePrecision,
                    Plain::Numeric(n) => S::Numeric(n),
                    Plain::Date => S::Date,
                    Plain::Time => S::Time(None),
                    Plain::Timestamp => S::Timestamp(None),
                    Plain::Timestamptz => S::Timestamptz(None),
                    Plain::Interval => S::Interval,
                    Plain::Json => S::Json,
                    Plain::Jsonb => S::Jsonb,
                    Plain::Bytea => S::Bytea,
                    Plain::Inet => S::Inet,
                    Plain::Cidr => S::Cidr,
                    Plain::Citext => S::Citext,
                    Plain::Name => S::Name,
                    Plain::Money => S::Money,
                    Plain::Oid => S::Oid,
                    Plain::Macaddr => S::Macaddr,
                    Plain::Bit(n) => S::Bit(n),
                    Plain::Varbit(n) => S::Varbit(n),
                    Plain::Xml => S::Xml,
                    Plain::Tsvector => S::Tsvector,
                    Plain::Timetz => S::Timetz(None),
                    Plain::Macaddr8 => S::Macaddr8,
                },
            }
        }
    }
}

impl Serialize for ScalarType {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        wire::Wire::from(*self).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for ScalarType {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<ScalarType, D::Error> {
        wire::Wire::deserialize(deserializer).map(ScalarType::from)
    }
}
