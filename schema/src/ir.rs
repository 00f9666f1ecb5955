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
    pub enums: Vec<Enum>,
    pub tables: Vec<Table>,
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
            enums: Vec::new(),
            tables: Vec::new(),
            groups: Vec::new(),
        }
    }
}

/// One file of a schema, as a group of enums and tables in the docs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// The file's stem (`core` for `schema/core.forge`): never a path, so that the IR does
    /// not depend on where the schema was read from.
    pub name: String,
    /// The file's `//!` lines, joined with newlines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// The enums the file declares, by name, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enums: Vec<String>,
    /// The tables the file declares, by name, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tables: Vec<String>,
}

impl Schema {
    /// The current rules: 1 since `tenant via` tables store their tenant column and the
    /// tenant root has a Row-Level Security policy of its own; 0 (a snapshot without the
    /// field) before.
    pub const FORMAT: u32 = 1;

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
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    pub values: Vec<EnumValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    #[serde(skip)]
    pub span: Span,
}

impl Enum {
    pub fn has_value(&self, value: &str) -> bool {
        self.values.iter().any(|v| v.name == value)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnumValue {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    #[serde(skip)]
    pub span: Span,
}

/// A table with its columns and every constraint, all names resolved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    pub columns: Vec<Column>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_key: Option<PrimaryKey>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uniques: Vec<Unique>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub foreign_keys: Vec<ForeignKey>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<Check>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indexes: Vec<Index>,
    #[serde(default, skip_serializing_if = "Tenancy::is_none")]
    pub tenancy: Tenancy,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    #[serde(skip)]
    pub span: Span,
}

impl Table {
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    #[serde(rename = "type")]
    pub ty: ColumnType,
    #[serde(default, skip_serializing_if = "is_false")]
    pub nullable: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<DefaultValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<Identity>,
    /// A stored generated column's expression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated: Option<SqlExpr>,
    /// The value written on every update through the generated helpers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_update: Option<SqlExpr>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub sensitive: bool,
    /// A Rust type for a json/jsonb column, as written in the schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
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
    Scalar(ScalarType),
    /// An enum of this schema, by name.
    Enum(String),
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScalarType {
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
    /// `numeric`, `numeric(p)` or `numeric(p, s)`.
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
}

impl ScalarType {
    pub fn is_integer(self) -> bool {
        matches!(
            self,
            ScalarType::Smallint | ScalarType::Integer | ScalarType::Bigint
        )
    }

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
}

/// A SQL expression, kept verbatim (trimmed) as written in the schema.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SqlExpr(pub String);

impl SqlExpr {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Identity {
    /// `GENERATED ALWAYS AS IDENTITY`: the database refuses explicit values.
    Always,
    /// `GENERATED BY DEFAULT AS IDENTITY`.
    ByDefault,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrimaryKey {
    pub name: String,
    pub columns: Vec<String>,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unique {
    pub name: String,
    pub columns: Vec<String>,
    /// Not written in the schema: the key (tenant column, key) that the tenant keys of
    /// foreign keys to this table reference.
    #[serde(default, skip_serializing_if = "is_false")]
    pub implied: bool,
    /// Written `unique global` on a tenant-scoped table: unique across tenants, deliberately
    /// (a key looked up before there is a scope, such as an API key's hash).
    #[serde(default, skip_serializing_if = "is_false")]
    pub global: bool,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForeignKey {
    pub name: String,
    /// The columns as Postgres has them: with [`tenant`](ForeignKey::tenant), the tenant
    /// column first, then the ones the schema wrote.
    pub columns: Vec<String>,
    pub references_table: String,
    pub references_columns: Vec<String>,
    /// Set when the key carries the tenant: both tables belong to one tenant root, so the
    /// key compares the tenant columns too and a row can only reference a row of its own
    /// tenant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant: Option<TenantKey>,
    #[serde(default, skip_serializing_if = "ReferentialAction::is_no_action")]
    pub on_delete: ReferentialAction,
    #[serde(default, skip_serializing_if = "ReferentialAction::is_no_action")]
    pub on_update: ReferentialAction,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferentialAction {
    #[default]
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
}

impl ReferentialAction {
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Check {
    pub name: String,
    pub expr: SqlExpr,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Index {
    pub name: String,
    pub elements: Vec<IndexElement>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub unique: bool,
    /// The access method (`btree` when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// A partial index's `WHERE` predicate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predicate: Option<SqlExpr>,
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexElement {
    #[serde(flatten)]
    pub target: IndexTarget,
    #[serde(default, skip_serializing_if = "is_false")]
    pub descending: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndexTarget {
    Column(String),
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
    /// Scoped by a column of its own that references the tenant root.
    Column { column: String },
    /// Scoped through the foreign key `column` to `parent`, which is itself scoped.
    Via {
        column: String,
        parent: String,
        parent_column: String,
    },
}

impl Tenancy {
    pub fn is_none(&self) -> bool {
        *self == Tenancy::None
    }

    /// Whether rows of this table belong to one tenant (root excluded).
    pub fn is_scoped(&self) -> bool {
        matches!(self, Tenancy::Column { .. } | Tenancy::Via { .. })
    }
}
