//! Adopting an existing database: what Postgres's catalog holds for one namespace, read
//! by [`CATALOG_QUERY`] as one JSON document ([`Catalog`]), written as a `.forge` schema
//! by [`adopt`], with the list of what the language cannot carry ([`Omission`]) and, given
//! the tenant root, the tenancy of every table.
//!
//! The query runs on any connection (`schemaforge pull` runs it with sqlx, the tests with
//! psql); everything after it is plain data, so this crate stays free of a database client.
//!
//! ```
//! use schemaforge_schema::adopt::{adopt, Catalog, Options};
//!
//! let json = r#"{"schema": "public", "search_path": "public", "extensions": [],
//!   "enums": [{"name": "mood", "values": ["calm", "sleepy"], "comment": null}],
//!   "sequences": [], "tables": [], "views": [], "functions": [], "others": []}"#;
//! let catalog: Catalog = serde_json::from_str(json).expect("the query's JSON");
//! let adopted = adopt(&catalog, &Options::default()).expect("a schema");
//! assert_eq!(adopted.source, "enum mood { calm sleepy }\n");
//! assert!(adopted.omissions.is_empty());
//! ```

mod model;
mod tenancy;
mod write;

use std::fmt;

pub use model::{
    Catalog, Column, Constraint, Enum, Function, Index, IndexElement, Other, Owner, PartitionOf,
    Policy, Sequence, Table, Trigger, View,
};

/// The catalog query: one row, one `text` column holding the JSON of a [`Catalog`] of the
/// first namespace of the session's `search_path`. Expressions in it are printed under that
/// search_path, so set it to the namespace alone first (`SET search_path TO app`) for names
/// that read unqualified.
pub const CATALOG_QUERY: &str = include_str!("catalog.sql");

/// How to adopt a catalog.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The tenant root's table: tables with a `NOT NULL` foreign key to its primary key
    /// become `tenant` tables, and the others that reference them `unscoped`. Without it no
    /// table is scoped, and the report proposes a root.
    pub tenant_root: Option<String>,
}

/// A schema written from a catalog.
#[derive(Debug, Clone)]
pub struct Adopted {
    /// The `.forge` file's name: the namespace's, `public.forge`.
    pub file_name: String,
    /// The formatted schema.
    pub source: String,
    /// What the schema does not carry, in the order of the objects.
    pub omissions: Vec<Omission>,
    /// What was decided about tenancy and why, one line each.
    pub tenancy: Vec<String>,
}

/// Something of the database the schema does not carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Omission {
    /// The object: `table documents`, `column documents.geom`, `function f`.
    pub object: String,
    /// What is not carried, and why.
    pub what: String,
}

impl fmt::Display for Omission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.object, self.what)
    }
}

/// Why a catalog could not be adopted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdoptError {
    /// `--tenant-root` names no table of the namespace.
    UnknownTenantRoot {
        /// The name given.
        name: String,
        /// The namespace read.
        schema: String,
    },
    /// The tenant root has no one-column primary key to be referenced by.
    TenantRootKey {
        /// The tenant root.
        name: String,
    },
    /// The schema written does not read back: a bug of schemaforge's.
    Unreadable {
        /// The parser's complaint, rendered against the text.
        diagnostics: String,
        /// The text written.
        source: String,
    },
}

impl fmt::Display for AdoptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AdoptError::UnknownTenantRoot { name, schema } => {
                write!(f, "the tenant root `{name}` is not a table of `{schema}`")
            }
            AdoptError::TenantRootKey { name } => write!(
                f,
                "the tenant root `{name}` has no one-column primary key for tenant tables to reference"
            ),
            AdoptError::Unreadable { diagnostics, .. } => write!(
                f,
                "the schema written from the catalog does not read back (a bug of schemaforge's):\n{diagnostics}"
            ),
        }
    }
}

impl std::error::Error for AdoptError {}

/// Writes `catalog` as a formatted `.forge` schema.
pub fn adopt(catalog: &Catalog, options: &Options) -> Result<Adopted, AdoptError> {
    let plan = tenancy::plan(catalog, options)?;
    let (text, omissions) = write::schema(catalog, &plan);
    let file_name = format!("{}.forge", catalog.schema);
    let mut sources = crate::Sources::new();
    sources.add(file_name.clone(), text.clone());
    let files = crate::parse(&sources).map_err(|d| AdoptError::Unreadable {
        diagnostics: d.render(&sources),
        source: text.clone(),
    })?;
    let source = files
        .iter()
        .map(crate::format::format_file)
        .collect::<String>();
    Ok(Adopted {
        file_name,
        source,
        omissions,
        tenancy: plan.report,
    })
}
