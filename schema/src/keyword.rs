//! The words of the schema language, in one place.

pub const ENUM: &str = "enum";
pub const TABLE: &str = "table";

// Table directives.
pub const TENANT: &str = "tenant";
pub const VIA: &str = "via";
pub const TENANT_ROOT: &str = "tenant_root";
pub const NO_PRIMARY_KEY: &str = "no_primary_key";
/// A table that belongs to no tenant although it references tenant data, deliberately.
pub const UNSCOPED: &str = "unscoped";
pub const PRIMARY_KEY: &str = "primary_key";
pub const UNIQUE: &str = "unique";
pub const CHECK: &str = "check";
pub const FOREIGN_KEY: &str = "foreign_key";
pub const INDEX: &str = "index";
pub const RENAMED_FROM: &str = "renamed_from";

/// Words that start a table directive; a column with one of these names must be quoted.
pub const DIRECTIVES: &[&str] = &[
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
];

// Column attributes.
pub const REFERENCES: &str = "references";
pub const DEFAULT: &str = "default";
pub const IDENTITY: &str = "identity";
pub const GENERATED: &str = "generated";
pub const ON_UPDATE: &str = "on_update";
pub const SENSITIVE: &str = "sensitive";
/// After `unique` on a column of a tenant-scoped table: the value is unique across tenants,
/// deliberately.
pub const GLOBAL: &str = "global";
pub const RUST_TYPE: &str = "rust_type";

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
pub const ALWAYS: &str = "always";
pub const BY_DEFAULT: &str = "by_default";

// Referential actions and their options.
pub const ON_DELETE: &str = "on_delete";
pub const CASCADE: &str = "cascade";
pub const RESTRICT: &str = "restrict";
pub const SET_NULL: &str = "set_null";
pub const SET_DEFAULT: &str = "set_default";
pub const NO_ACTION: &str = "no_action";
pub const ACTIONS: &[&str] = &[CASCADE, RESTRICT, SET_NULL, SET_DEFAULT, NO_ACTION];

// Index options.
pub const USING: &str = "using";
pub const WHERE: &str = "where";
pub const ASC: &str = "asc";
pub const DESC: &str = "desc";
pub const NULLS: &str = "nulls";
pub const FIRST: &str = "first";
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
