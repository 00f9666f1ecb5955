//! The words of `#[schemaforge(...)]` attributes, in one place. Where the schema language has
//! the same word, the constant is the language's own, so both front ends spell it alike.

use schemaforge_schema::keyword as kw;

/// The attribute's path: `#[schemaforge(...)]`.
pub const SCHEMAFORGE: &str = "schemaforge";
/// The derive names a source file is searched for.
pub const DERIVE: &str = "derive";
pub const TABLE_DERIVE: &str = "Table";
pub const PG_ENUM_DERIVE: &str = "PgEnum";

// On a struct, a field, an enum and a variant.
/// The SQL name of the table, column, enum type or enum value.
pub const NAME: &str = "name";
pub const RENAMED_FROM: &str = kw::RENAMED_FROM;

// On a struct: the table directives.
pub const TENANT_ROOT: &str = kw::TENANT_ROOT;
pub const TENANT: &str = kw::TENANT;
/// `tenant_via = column`: the language's `tenant via column`.
pub const TENANT_VIA: &str = "tenant_via";
pub const NO_PRIMARY_KEY: &str = kw::NO_PRIMARY_KEY;
pub const UNSCOPED: &str = kw::UNSCOPED;
pub const PRIMARY_KEY: &str = kw::PRIMARY_KEY;
pub const UNIQUE: &str = kw::UNIQUE;
pub const CHECK: &str = kw::CHECK;
pub const FOREIGN_KEY: &str = kw::FOREIGN_KEY;
pub const INDEX: &str = kw::INDEX;
/// Opts out of the generated `sqlx::FromRow` impl, for a struct that derives sqlx's.
pub const NO_FROM_ROW: &str = "no_from_row";

pub const TABLE_KEYS: &[&str] = &[
    NAME,
    TENANT_ROOT,
    TENANT,
    TENANT_VIA,
    NO_PRIMARY_KEY,
    UNSCOPED,
    PRIMARY_KEY,
    UNIQUE,
    CHECK,
    FOREIGN_KEY,
    INDEX,
    RENAMED_FROM,
    NO_FROM_ROW,
];

// On a field: the column attributes.
/// The Postgres type, instead of the one the Rust type maps to.
pub const PG_TYPE: &str = "pg_type";
pub const REFERENCES: &str = kw::REFERENCES;
pub const DEFAULT: &str = kw::DEFAULT;
pub const IDENTITY: &str = kw::IDENTITY;
pub const GENERATED: &str = kw::GENERATED;
pub const ON_UPDATE: &str = kw::ON_UPDATE;
pub const SENSITIVE: &str = kw::SENSITIVE;
pub const GLOBAL: &str = kw::GLOBAL;

pub const COLUMN_KEYS: &[&str] = &[
    NAME,
    PG_TYPE,
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
    RENAMED_FROM,
];

pub const ENUM_KEYS: &[&str] = &[NAME];
pub const VARIANT_KEYS: &[&str] = &[NAME, RENAMED_FROM];

// Inside `references(...)`, `foreign_key(...)`, `index(...)`, `check(...)`, `identity(...)`.
pub const ON_DELETE: &str = kw::ON_DELETE;
pub const ALWAYS: &str = kw::ALWAYS;
pub const BY_DEFAULT: &str = kw::BY_DEFAULT;
pub const USING: &str = kw::USING;
pub const INCLUDE: &str = kw::INCLUDE;
pub const DEFERRABLE: &str = kw::DEFERRABLE;
pub const INITIALLY_IMMEDIATE: &str = kw::INITIALLY_IMMEDIATE;
pub const INITIALLY_DEFERRED: &str = kw::INITIALLY_DEFERRED;
pub const NULLS_NOT_DISTINCT: &str = kw::NULLS_NOT_DISTINCT;
pub const WHERE: &str = kw::WHERE;
pub const ASC: &str = kw::ASC;
pub const DESC: &str = kw::DESC;
pub const NULLS: &str = kw::NULLS;
pub const FIRST: &str = kw::FIRST;
pub const LAST: &str = kw::LAST;
