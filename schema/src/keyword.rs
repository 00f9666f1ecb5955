//! The words of the schema language, in one place.

pub const ENUM: &str = "enum";
pub const TABLE: &str = "table";

// Table directives.
pub const TENANT: &str = "tenant";
pub const VIA: &str = "via";
pub const TENANT_ROOT: &str = "tenant_root";
pub const NO_PRIMARY_KEY: &str = "no_primary_key";
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
    RUST_TYPE,
    RENAMED_FROM,
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
