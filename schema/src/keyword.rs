//! The words of the schema language, in one place.

/// Starts an enum item: `enum org_role { owner admin member }`.
pub const ENUM: &str = "enum";
/// Starts a table item: `table tasks { … }`.
pub const TABLE: &str = "table";
/// `extension pg_trgm`: an extension the schema needs.
pub const EXTENSION: &str = "extension";
/// `sequence name bigint start(1)`: a sequence of the schema.
pub const SEQUENCE: &str = "sequence";
/// `with (fillfactor = 70)`: a table's (directive) or an index's (option) storage parameters.
pub const WITH: &str = "with";
/// The storage parameters of tables, as Postgres 15 has them (`toast.` ones are the same
/// autovacuum parameters of the table's TOAST table).
pub const TABLE_STORAGE: &[&str] = &[
    "fillfactor",
    "toast_tuple_target",
    "parallel_workers",
    "autovacuum_enabled",
    "autovacuum_vacuum_threshold",
    "autovacuum_vacuum_scale_factor",
    "autovacuum_vacuum_insert_threshold",
    "autovacuum_vacuum_insert_scale_factor",
    "autovacuum_analyze_threshold",
    "autovacuum_analyze_scale_factor",
    "autovacuum_vacuum_cost_delay",
    "autovacuum_vacuum_cost_limit",
    "autovacuum_freeze_min_age",
    "autovacuum_freeze_max_age",
    "autovacuum_freeze_table_age",
    "autovacuum_multixact_freeze_min_age",
    "autovacuum_multixact_freeze_max_age",
    "autovacuum_multixact_freeze_table_age",
    "log_autovacuum_min_duration",
    "user_catalog_table",
    "vacuum_index_cleanup",
    "vacuum_truncate",
];
/// The storage parameters of each index method, as Postgres 15 has them.
pub const INDEX_STORAGE: &[(&str, &[&str])] = &[
    ("btree", &["fillfactor", "deduplicate_items"]),
    ("hash", &["fillfactor"]),
    ("gist", &["fillfactor", "buffering"]),
    ("spgist", &["fillfactor"]),
    ("gin", &["fastupdate", "gin_pending_list_limit"]),
    ("brin", &["pages_per_range", "autosummarize"]),
];
/// The options of a `sequence`, in the order the formatter writes them; `cycle` alone
/// takes no argument.
pub const SEQUENCE_OPTIONS: &[&str] = &[
    "start",
    "increment",
    "min",
    "max",
    "cache",
    "cycle",
    "owned_by",
];
/// `function name(args) returns(type) language lang as (body)`: a function of the schema.
pub const FUNCTION: &str = "function";
/// `view name as (query)`: a view of the schema.
pub const VIEW: &str = "view";
/// `materialized_view name as (query)`: a materialized view, its rows stored.
pub const MATERIALIZED_VIEW: &str = "materialized_view";
/// Between a function's name and its result type: `returns(trigger)`.
pub const RETURNS: &str = "returns";
/// A function's language: `language plpgsql`.
pub const LANGUAGE: &str = "language";
/// Before a function's body: `as (…)`.
pub const AS: &str = "as";
/// A function's options, between its language and its body.
pub const FUNCTION_OPTIONS: &[&str] = &[
    "immutable",
    "stable",
    "volatile",
    "strict",
    "security_definer",
];

/// The table directive `trigger name before(update) [for_each_row] [when(…)] execute(f())`.
pub const TRIGGER: &str = "trigger";
/// A trigger's timing: before or after the event.
pub const TRIGGER_TIMINGS: &[&str] = &["before", "after"];
/// A trigger's events.
pub const TRIGGER_EVENTS: &[&str] = &["insert", "update", "delete", "truncate"];
/// A trigger that runs once per row (without it, once per statement).
pub const FOR_EACH_ROW: &str = "for_each_row";
/// A trigger's condition: `when(new.status <> old.status)`.
pub const WHEN: &str = "when";
/// The function a trigger calls: `execute(touch_updated_at())`.
pub const EXECUTE: &str = "execute";

/// The table directive `policy name [restrictive] [for cmd] [to(roles)] [using(…)] [with_check(…)]`.
pub const POLICY: &str = "policy";
/// The table directive `partition_by range (created_at)`: a partitioned table.
pub const PARTITION_BY: &str = "partition_by";
/// How `partition_by` divides rows: by ranges, lists of values, or a hash.
pub const PARTITION_METHODS: &[&str] = &["range", "list", "hash"];
/// The table directive `partition name from (…) to (…)` (or `in (…)`,
/// `modulus(n) remainder(n)`, `default`): one partition of a partitioned table.
pub const PARTITION: &str = "partition";
/// A policy that every row must also pass, instead of one of several that may admit it.
pub const RESTRICTIVE: &str = "restrictive";
/// A policy's command: `for select`.
pub const FOR: &str = "for";
/// The commands a policy can be for.
pub const POLICY_COMMANDS: &[&str] = &["all", "select", "insert", "update", "delete"];
/// A policy's roles: `to(app_user)`.
pub const TO: &str = "to";
/// The rows a policy lets a command write: `with_check(…)`.
pub const WITH_CHECK: &str = "with_check";

// Table directives.
/// The directive `tenant <column>`, and with [`VIA`] `tenant via <column>`.
pub const TENANT: &str = "tenant";
/// After [`TENANT`]: the table is scoped through the foreign key column that follows.
pub const VIA: &str = "via";
/// The directive that makes a table the tenant root: each of its rows is a tenant.
pub const TENANT_ROOT: &str = "tenant_root";
/// The directive that opts a table out of needing a primary key.
pub const NO_PRIMARY_KEY: &str = "no_primary_key";
/// A table that belongs to no tenant although it references tenant data, deliberately.
pub const UNSCOPED: &str = "unscoped";
/// The column attribute `primary_key`, and the directive `primary_key(a, b)`.
pub const PRIMARY_KEY: &str = "primary_key";
/// The column attribute `unique`, the directive `unique [name] (a, b)`, and the index option.
pub const UNIQUE: &str = "unique";
/// The column attribute `check(expr)` and the directive `check [name] (expr)`.
pub const CHECK: &str = "check";
/// The directive `foreign_key [name] (a, b) references(t(x, y))`.
pub const FOREIGN_KEY: &str = "foreign_key";
/// The directive `index [name] (elements) …`.
pub const INDEX: &str = "index";
/// `renamed_from(old)` on a table (a directive), a column or an enum value: its previous
/// name, for migrations.
pub const RENAMED_FROM: &str = "renamed_from";

/// Words that start a table directive; a column with one of these names must be quoted.
pub const DIRECTIVES: &[&str] = &[
    WITH,
    TENANT,
    TENANT_ROOT,
    NO_PRIMARY_KEY,
    UNSCOPED,
    PRIMARY_KEY,
    UNIQUE,
    CHECK,
    FOREIGN_KEY,
    INDEX,
    RENAMED_FROM,
    TRIGGER,
    POLICY,
    PARTITION_BY,
    PARTITION,
];

// Column attributes.
/// The column attribute `references(table.column, …)`, also part of [`FOREIGN_KEY`].
pub const REFERENCES: &str = "references";
/// The column attribute `default(expr)`.
pub const DEFAULT: &str = "default";
/// The column attribute `identity`, `identity(always)` or `identity(by_default)`.
pub const IDENTITY: &str = "identity";
/// The column attribute `generated(expr)`: a stored generated column.
pub const GENERATED: &str = "generated";
/// The column attribute `on_update(expr)`, and the option `on_update: action` of
/// `references(…)`.
pub const ON_UPDATE: &str = "on_update";
/// The column attribute that marks a secret (redacted in `Debug`, skipped by `Serialize`).
pub const SENSITIVE: &str = "sensitive";
/// After `unique` on a column of a tenant-scoped table: the value is unique across tenants,
/// deliberately.
pub const GLOBAL: &str = "global";
/// The column attribute `rust_type(path)`: a `json`/`jsonb` column's Rust type.
pub const RUST_TYPE: &str = "rust_type";

/// Every column attribute, for "did you mean" hints.
pub const COLUMN_ATTRIBUTES: &[&str] = &[
    PRIMARY_KEY,
    UNIQUE,
    REFERENCES,
    DEFAULT,
    CHECK,
    IDENTITY,
    GENERATED,
    ON_UPDATE,
    SENSITIVE,
    GLOBAL,
    RUST_TYPE,
    RENAMED_FROM,
];

/// Common spellings of column attributes from SQL and other schema languages, for hints.
pub const ATTRIBUTE_ALIASES: &[(&str, &str)] = &[
    (
        "not_null",
        "a column is NOT NULL unless its type ends in `?`, e.g. `text?`",
    ),
    (
        "notnull",
        "a column is NOT NULL unless its type ends in `?`, e.g. `text?`",
    ),
    (
        "not",
        "a column is NOT NULL unless its type ends in `?`, e.g. `text?`",
    ),
    (
        "null",
        "a nullable column has `?` after its type, e.g. `text?`",
    ),
    (
        "nullable",
        "a nullable column has `?` after its type, e.g. `text?`",
    ),
    (
        "optional",
        "a nullable column has `?` after its type, e.g. `text?`",
    ),
    ("primary", "write `primary_key`"),
    ("pk", "write `primary_key`"),
    ("key", "write `primary_key` or `unique`"),
    (
        "serial",
        "write `identity` after an integer type, e.g. `id bigint identity`",
    ),
    (
        "autoincrement",
        "write `identity` after an integer type, e.g. `id bigint identity`",
    ),
    (
        "auto_increment",
        "write `identity` after an integer type, e.g. `id bigint identity`",
    ),
    ("fk", "write `references(table.column)`"),
    ("foreign_key", "write `references(table.column)`"),
    ("ref", "write `references(table.column)`"),
    ("secret", "write `sensitive`"),
];

// Identity kinds.
/// `identity(always)`: `GENERATED ALWAYS AS IDENTITY`.
pub const ALWAYS: &str = "always";
/// `identity(by_default)`: `GENERATED BY DEFAULT AS IDENTITY`, also what a bare `identity` is.
pub const BY_DEFAULT: &str = "by_default";

// Referential actions and their options.
/// The option `on_delete: action` of `references(…)`.
pub const ON_DELETE: &str = "on_delete";
/// The referential action `CASCADE`.
pub const CASCADE: &str = "cascade";
/// The referential action `RESTRICT`.
pub const RESTRICT: &str = "restrict";
/// The referential action `SET NULL`.
pub const SET_NULL: &str = "set_null";
/// The referential action `SET DEFAULT`.
pub const SET_DEFAULT: &str = "set_default";
/// The referential action `NO ACTION`, also what an unwritten one is.
pub const NO_ACTION: &str = "no_action";
/// The reference option `deferrable: initially_immediate | initially_deferred`.
pub const DEFERRABLE: &str = "deferrable";
/// `deferrable: initially_immediate`: checked at each statement unless a transaction defers it.
pub const INITIALLY_IMMEDIATE: &str = "initially_immediate";
/// `deferrable: initially_deferred`: checked at commit unless a transaction asks sooner.
pub const INITIALLY_DEFERRED: &str = "initially_deferred";
/// Every referential action, for "did you mean" hints.
pub const ACTIONS: &[&str] = &[CASCADE, RESTRICT, SET_NULL, SET_DEFAULT, NO_ACTION];

// Index options.
/// The index option `using method`: the access method.
pub const USING: &str = "using";
/// The index option `where (expr)`: a partial index.
pub const WHERE: &str = "where";
/// The index option `include (a, b)`: columns stored in the index but not part of its key.
pub const INCLUDE: &str = "include";
/// After a unique constraint's columns, or a unique index's option: rows whose key has
/// NULLs are duplicates of each other too (Postgres 15's `NULLS NOT DISTINCT`).
pub const NULLS_NOT_DISTINCT: &str = "nulls_not_distinct";
/// After an index element: ascending order, the default.
pub const ASC: &str = "asc";
/// After an index element: descending order.
pub const DESC: &str = "desc";
/// After an index element's order: `nulls first` or `nulls last`.
pub const NULLS: &str = "nulls";
/// `nulls first`: NULLs sort before every value.
pub const FIRST: &str = "first";
/// `nulls last`: NULLs sort after every value.
pub const LAST: &str = "last";

/// Built-in type names (`double precision` is two words).
pub const TYPES: &[&str] = &[
    "uuid",
    "text",
    "varchar",
    "char",
    "boolean",
    "smallint",
    "integer",
    "bigint",
    "real",
    "double precision",
    "numeric",
    "date",
    "time",
    "timestamp",
    "timestamptz",
    "interval",
    "json",
    "jsonb",
    "bytea",
    "inet",
    "cidr",
    "citext",
    "name",
    "money",
    "oid",
    "macaddr",
    "bit",
    "varbit",
    "xml",
    "tsvector",
    "timetz",
    "macaddr8",
    "serial",
    "bigserial",
    "smallserial",
];

/// Common spellings of the built-in types, for hints.
pub const TYPE_ALIASES: &[(&str, &str)] = &[
    ("int", "integer"),
    ("int2", "smallint"),
    ("int4", "integer"),
    ("int8", "bigint"),
    ("bool", "boolean"),
    ("float4", "real"),
    ("float8", "double precision"),
    ("double", "double precision"),
    ("decimal", "numeric"),
    ("string", "text"),
    ("character", "char"),
    ("serial", "integer identity"),
    ("bigserial", "bigint identity"),
    ("datetime", "timestamptz"),
    ("timestamp_tz", "timestamptz"),
];

/// Postgres's limit on identifier length, in bytes (NAMEDATALEN - 1).
pub const MAX_IDENTIFIER_BYTES: usize = 63;

/// Type names in Postgres's `pg_catalog` (arrays and `pg_*` internals aside). Postgres
/// searches `pg_catalog` first, so an enum of one of these names would be shadowed even
/// when quoted: a column declared with it would get the built-in type instead.
pub const PG_BUILTIN_TYPES: &[&str] = &[
    "aclitem",
    "any",
    "anyarray",
    "anycompatible",
    "anycompatiblearray",
    "anycompatiblemultirange",
    "anycompatiblenonarray",
    "anycompatiblerange",
    "anyelement",
    "anyenum",
    "anymultirange",
    "anynonarray",
    "anyrange",
    "bit",
    "bool",
    "box",
    "bpchar",
    "bytea",
    "char",
    "cid",
    "cidr",
    "circle",
    "cstring",
    "date",
    "datemultirange",
    "daterange",
    "event_trigger",
    "fdw_handler",
    "float4",
    "float8",
    "gtsvector",
    "index_am_handler",
    "inet",
    "int2",
    "int2vector",
    "int4",
    "int4multirange",
    "int4range",
    "int8",
    "int8multirange",
    "int8range",
    "internal",
    "interval",
    "json",
    "jsonb",
    "jsonpath",
    "language_handler",
    "line",
    "lseg",
    "macaddr",
    "macaddr8",
    "money",
    "name",
    "numeric",
    "nummultirange",
    "numrange",
    "oid",
    "oidvector",
    "path",
    "point",
    "polygon",
    "record",
    "refcursor",
    "regclass",
    "regcollation",
    "regconfig",
    "regdictionary",
    "regnamespace",
    "regoper",
    "regoperator",
    "regproc",
    "regprocedure",
    "regrole",
    "regtype",
    "table_am_handler",
    "text",
    "tid",
    "time",
    "timestamp",
    "timestamptz",
    "timetz",
    "trigger",
    "tsm_handler",
    "tsmultirange",
    "tsquery",
    "tsrange",
    "tstzmultirange",
    "tstzrange",
    "tsvector",
    "txid_snapshot",
    "unknown",
    "uuid",
    "varbit",
    "varchar",
    "void",
    "xid",
    "xid8",
    "xml",
];

/// The index access methods Postgres ships with.
pub const INDEX_METHODS: &[&str] = &["btree", "hash", "gist", "spgist", "gin", "brin"];

/// Columns every Postgres table has; a user column cannot take these names.
pub const SYSTEM_COLUMNS: &[&str] = &["tableoid", "xmin", "cmin", "xmax", "cmax", "ctid"];
