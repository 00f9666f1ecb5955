//! What a user can choose about the generated Rust.

use std::collections::BTreeMap;

/// Which crate date and time columns use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimeCrate {
    /// `chrono`: `DateTime<Utc>`, `NaiveDateTime`, `NaiveDate`, `NaiveTime`.
    #[default]
    Chrono,
    /// `time`: `OffsetDateTime`, `PrimitiveDateTime`, `Date`, `Time`. Needs the `schemaforge`
    /// crate's `time` feature in the crate that includes the generated code.
    Time,
}

/// Options of the Rust emitter. [`Builder`](crate::Builder) sets them from a build script.
///
/// ```
/// use schemaforge_generator::emit::rust::{RustOptions, TimeCrate};
///
/// let mut options = RustOptions::default();
/// options
///     .time_crate(TimeCrate::Time)
///     .type_attribute(".", "#[derive(Hash)]");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RustOptions {
    pub(crate) time_crate: TimeCrate,
    pub(crate) runtime_crate: String,
    pub(crate) type_attributes: Vec<(String, String)>,
    pub(crate) type_names: BTreeMap<String, String>,
    pub(crate) scope_name: Option<String>,
    pub(crate) citus: bool,
}

impl Default for RustOptions {
    fn default() -> RustOptions {
        RustOptions {
            time_crate: TimeCrate::Chrono,
            runtime_crate: "::schemaforge".to_string(),
            type_attributes: Vec::new(),
            type_names: BTreeMap::new(),
            scope_name: None,
            citus: false,
        }
    }
}

impl RustOptions {
    /// The defaults: `chrono` types, the runtime at `::schemaforge`, no extra attributes, no
    /// renames, the scope named after the tenant root, no Citus.
    pub fn new() -> RustOptions {
        RustOptions::default()
    }

    /// Date and time types from `chrono` (the default) or `time`.
    pub fn time_crate(&mut self, time_crate: TimeCrate) -> &mut RustOptions {
        self.time_crate = time_crate;
        self
    }

    /// Adds outer attributes, e.g. `#[derive(Hash)]`, to generated types. `path` selects them:
    /// `.` for every type; a table or enum name as written in the schema (`organizations`,
    /// `org_role`) for every type generated from it; or a generated type's Rust name
    /// (`Organization`, `NewOrganization`, `OrganizationPatch`, `OrganizationId`, `OrgRole`).
    /// Attributes come after schemaforge's own, in the order they were added.
    pub fn type_attribute(
        &mut self,
        path: impl Into<String>,
        attribute: impl Into<String>,
    ) -> &mut RustOptions {
        self.type_attributes.push((path.into(), attribute.into()));
        self
    }

    /// More derives for the types `path` selects (as in
    /// [`type_attribute`](RustOptions::type_attribute)): `derives` is the list inside
    /// `#[derive(...)]`.
    pub fn derive(
        &mut self,
        path: impl Into<String>,
        derives: impl AsRef<str>,
    ) -> &mut RustOptions {
        let attribute = format!("#[derive({})]", derives.as_ref());
        self.type_attribute(path, attribute)
    }

    /// The path of the runtime crate in the code that includes the generated file; by default
    /// `::schemaforge`. Needed only when the crate is renamed in `Cargo.toml` or re-exported.
    pub fn runtime_crate(&mut self, path: impl Into<String>) -> &mut RustOptions {
        self.runtime_crate = path.into();
        self
    }

    /// The Rust name of a table's row type or of an enum, instead of the one derived from its
    /// schema name (`people` → `Person` rather than `People`). A table's other types follow it:
    /// `NewPerson`, `PersonPatch`, `PersonId`.
    pub fn type_name(
        &mut self,
        schema_name: impl Into<String>,
        rust_name: impl Into<String>,
    ) -> &mut RustOptions {
        self.type_names.insert(schema_name.into(), rust_name.into());
        self
    }

    /// The name of the tenant scope type, instead of the tenant root's row type followed by
    /// `Scope` (`OrganizationScope` for `organizations`), e.g. `OrgScope`.
    pub fn scope_name(&mut self, name: impl Into<String>) -> &mut RustOptions {
        self.scope_name = Some(name.into());
        self
    }

    /// Whether the database is a Citus cluster set up by `schemaforge sql --citus` (off by
    /// default): the scope's `begin` then sets the tenant with the function that script
    /// defines ([`CITUS_SET_TENANT`](https://docs.rs/schemaforge/latest/schemaforge/constant.CITUS_SET_TENANT.html)),
    /// which reaches the workers where Row-Level Security is checked. Nothing else of the
    /// generated Rust changes: every statement of a scope already filters on the tenant
    /// column, which is the distribution column.
    pub fn citus(&mut self, enabled: bool) -> &mut RustOptions {
        self.citus = enabled;
        self
    }

    /// Whether [`citus`](RustOptions::citus) is on.
    pub fn has_citus(&self) -> bool {
        self.citus
    }

    /// Problems with the options themselves: attributes or paths that do not parse.
    pub fn check(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if syn::parse_str::<syn::Path>(&self.runtime_crate).is_err() {
            problems.push(format!(
                "runtime crate `{}` is not a Rust path",
                self.runtime_crate
            ));
        }
        for (path, attribute) in &self.type_attributes {
            if let Err(e) = parse_attributes(attribute) {
                problems.push(format!(
                    "type attribute `{attribute}` for `{path}` does not parse: {e}"
                ));
            }
        }
        for (schema_name, rust_name) in &self.type_names {
            if syn::parse_str::<syn::Ident>(rust_name).is_err() {
                problems.push(format!(
                    "type name `{rust_name}` for `{schema_name}` is not a Rust identifier"
                ));
            }
        }
        if let Some(name) = &self.scope_name
            && syn::parse_str::<syn::Ident>(name).is_err()
        {
            problems.push(format!("scope name `{name}` is not a Rust identifier"));
        }
        problems
    }

    /// The attributes the user added for a type generated from `schema_name` and named `rust_name`.
    pub(crate) fn attributes_for<'a>(
        &'a self,
        schema_name: &'a str,
        rust_name: &'a str,
    ) -> impl Iterator<Item = &'a str> {
        self.type_attributes
            .iter()
            .filter(move |(path, _)| path == "." || path == schema_name || path == rust_name)
            .map(|(_, attribute)| attribute.as_str())
    }
}

pub(crate) fn parse_attributes(text: &str) -> syn::Result<Vec<syn::Attribute>> {
    syn::parse::Parser::parse_str(syn::Attribute::parse_outer, text)
}
