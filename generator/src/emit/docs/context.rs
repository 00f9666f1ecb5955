//! What the templates see: the IR and the Rust names, as plain serializable data.
//!
//! Values are raw (names as the schema has them); the templates escape them with the
//! filters of [`super::filters`], so an overriding template gets the same data and the
//! same escaping. Everything is in schema order: the output never depends on a hash map.

use std::collections::BTreeMap;

use serde::Serialize;

use schemaforge_schema::ir::{
    Column, DefaultValue, Enum, ForeignKey, Identity, Index, IndexTarget, ReferentialAction,
    Schema, Table, Tenancy,
};

use crate::emit::rust::model::{Model, TableModel};
use crate::emit::sql::table::{column_type as sql_column_type, declared_type};
use crate::emit::sql::{quote_ident, quote_type_name};

use super::DocsOptions;
use super::names::{anchor, entity_names, mermaid_token, short_paths};

/// The whole schema for one rendering.
#[derive(Debug, Serialize)]
pub(crate) struct Context {
    /// The schema folder's `README.md`, when it has one.
    pub introduction: Option<String>,
    /// The title of the page: the introduction's `# ` heading, or a default.
    pub title: String,
    /// The introduction without its `# ` heading.
    pub introduction_body: Option<String>,
    pub groups: Vec<GroupCx>,
    /// The extensions the schema declares: `name`, and `doc` when it has one.
    pub extensions: Vec<schemaforge_schema::ir::Extension>,
    /// The functions the schema declares.
    pub functions: Vec<schemaforge_schema::ir::Function>,
    /// The views the schema declares.
    pub views: Vec<schemaforge_schema::ir::View>,
    pub enums: Vec<EnumCx>,
    pub tables: Vec<TableCx>,
    /// Every foreign key, as an edge of the ER diagram.
    pub relations: Vec<RelationCx>,
    /// The tenant scope type, when the schema has a tenant root.
    pub scope: Option<String>,
    /// The rendered `schema.mmd`, for embedding in `schema.md`; empty while rendering it.
    pub mermaid: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct GroupCx {
    /// The file's stem; empty for the group of items that came from no file.
    pub name: String,
    /// The first `//!` line when it is a `# ` heading, else the stem.
    pub title: String,
    /// The file's doc without that heading.
    pub doc: Option<String>,
    /// The fragment GitHub gives the group's heading, for links (`#better-auth`).
    pub anchor: String,
    /// The group's enums and tables, in order.
    pub enums: Vec<EnumCx>,
    pub tables: Vec<TableCx>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct EnumCx {
    pub name: String,
    /// The type as Postgres spells it in DDL (quoted where needed).
    pub sql_name: String,
    pub rust: String,
    pub doc: Option<String>,
    pub values: Vec<EnumValueCx>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct EnumValueCx {
    pub name: String,
    pub rust: String,
    pub doc: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct TableCx {
    pub name: String,
    pub sql_name: String,
    pub doc: Option<String>,
    /// The doc's first paragraph, on one line.
    pub purpose: Option<String>,
    /// The fragment GitHub gives the table's heading (`#tasks`).
    pub anchor: String,
    /// A node id for diagrams, `t<n>`: never needs escaping.
    pub node: String,
    /// An entity name for Mermaid: the name where it is a plain ASCII identifier, else one
    /// made of it, distinct from every other table's.
    pub entity: String,
    pub tenancy: TenancyCx,
    pub columns: Vec<ColumnCx>,
    pub primary_key: Option<KeyCx>,
    pub uniques: Vec<KeyCx>,
    pub foreign_keys: Vec<ForeignKeyCx>,
    pub indexes: Vec<IndexCx>,
    pub checks: Vec<CheckCx>,
    /// Each trigger in a line: name, then when it fires and what it calls.
    pub triggers: Vec<(String, String)>,
    /// Each policy of the schema's own in a line: name, then what it admits.
    pub policies: Vec<(String, String)>,
    pub rust: RustCx,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct TenancyCx {
    /// `root`, `column` or `none`.
    pub kind: &'static str,
    /// The tenant column of a scoped table.
    pub column: Option<String>,
    /// The tenant root table of a scoped table.
    pub root: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ColumnCx {
    pub name: String,
    /// The type as Postgres spells it in DDL.
    pub sql_type: String,
    pub nullable: bool,
    /// The default as written (`now()`; an enum default is its value's name).
    pub default: Option<String>,
    /// `always` or `by default` for an identity column.
    pub identity: Option<&'static str>,
    pub generated: Option<String>,
    pub on_update: Option<String>,
    pub sensitive: bool,
    pub primary_key: bool,
    /// A one-column unique constraint.
    pub unique: bool,
    /// Marked `unique global` on a tenant-scoped table.
    pub global: bool,
    pub tenant: bool,
    /// The `table.column` a one-column foreign key on it references (as written: a tenant
    /// key's tenant column aside).
    pub references: Option<String>,
    pub doc: Option<String>,
    /// The Rust field and its type in the row struct, e.g. `Option<String>`.
    pub rust_field: String,
    pub rust_type: String,
    /// The diagram port of its row, `c<n>`.
    pub port: String,
    /// Name and type as Mermaid attribute tokens.
    pub mermaid_name: String,
    pub mermaid_type: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct KeyCx {
    pub name: String,
    pub columns: Vec<String>,
    /// Added by the check for a tenant key to reference, not written.
    pub implied: bool,
    pub global: bool,
    /// NULLs in the key are equal (`NULLS NOT DISTINCT`).
    pub nulls_not_distinct: bool,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ForeignKeyCx {
    pub name: String,
    /// As Postgres has them (a tenant key's tenant column first).
    pub columns: Vec<String>,
    pub references_table: String,
    pub references_columns: Vec<String>,
    /// Whether the key carries the tenant.
    pub tenant: bool,
    /// `cascade`, `set null`, …; `None` for no action.
    pub on_delete: Option<&'static str>,
    pub on_update: Option<&'static str>,
    /// `initially immediate` or `initially deferred` for a deferrable key.
    pub deferrable: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct IndexCx {
    pub name: String,
    /// Each element as written: a column or a SQL expression in parentheses, with `desc`
    /// and `nulls first` / `nulls last` where they are not the default.
    pub elements: Vec<String>,
    pub unique: bool,
    pub method: Option<String>,
    pub predicate: Option<String>,
    /// The columns stored beside the key (`INCLUDE`).
    pub include: Vec<String>,
    pub nulls_not_distinct: bool,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct CheckCx {
    pub name: String,
    pub expr: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct RustCx {
    pub row: String,
    pub insert: String,
    pub patch: String,
    pub id: Option<String>,
    /// How the table's helpers are reached: `OrganizationScope::tasks()` for a scoped table,
    /// the row type's associated functions (`User::get`) otherwise.
    pub helpers: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct RelationCx {
    pub name: String,
    /// The referencing table.
    pub from: String,
    pub from_node: String,
    pub from_entity: String,
    /// The ports of the referencing columns as written.
    pub from_port: String,
    pub to: String,
    pub to_node: String,
    pub to_entity: String,
    pub to_port: String,
    /// The written columns, joined with `, `.
    pub columns: String,
    /// Every referencing column is NOT NULL: a row always has its parent.
    pub required: bool,
    /// The referencing columns are unique: at most one row per parent.
    pub one: bool,
    /// Mermaid's cardinality between the two, e.g. `||--o{`.
    pub mermaid: String,
}

/// Builds the context for `schema`.
pub(crate) fn build(schema: &Schema, options: &DocsOptions) -> Context {
    let model = Model::new(schema, &options.rust);
    let entities = entity_names(schema);
    let tables: Vec<TableCx> = model
        .tables
        .iter()
        .enumerate()
        .map(|(i, t)| table(schema, &model, t, i, &entities[i]))
        .collect();
    let enums: Vec<EnumCx> = model
        .enums
        .iter()
        .map(|e| enumeration(e.ir, &e.ident, &e.variants))
        .collect();
    let relations = relations(schema, &tables);
    let groups = groups(schema, &enums, &tables);
    let (title, introduction_body) = match &options.introduction {
        Some(text) => match heading(text) {
            Some((title, body)) => (title, non_empty(body)),
            None => (
                DEFAULT_TITLE.to_string(),
                non_empty(text.trim().to_string()),
            ),
        },
        None => (DEFAULT_TITLE.to_string(), None),
    };
    Context {
        introduction: options.introduction.clone(),
        title,
        introduction_body,
        groups,
        extensions: schema.extensions.clone(),
        functions: schema.functions.clone(),
        views: schema.views.clone(),
        enums,
        tables,
        relations,
        scope: model.scope.as_ref().map(|s| s.ident.clone()),
        mermaid: String::new(),
    }
}

const DEFAULT_TITLE: &str = "Schema reference";

fn non_empty(text: String) -> Option<String> {
    let text = text.trim().to_string();
    (!text.is_empty()).then_some(text)
}

/// A text's leading `# ` heading and the rest.
fn heading(text: &str) -> Option<(String, String)> {
    let text = text.trim_start();
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    let title = first.trim_end().strip_prefix("# ")?.trim();
    Some((title.to_string(), rest.trim().to_string()))
}

fn groups(schema: &Schema, enums: &[EnumCx], tables: &[TableCx]) -> Vec<GroupCx> {
    let enum_at: BTreeMap<&str, &EnumCx> = enums.iter().map(|e| (e.name.as_str(), e)).collect();
    let table_at: BTreeMap<&str, &TableCx> = tables.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut placed_enums = std::collections::BTreeSet::new();
    let mut placed_tables = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for g in &schema.groups {
        let (title, doc) = match g.doc.as_deref().and_then(heading) {
            Some((title, body)) => (title, non_empty(body)),
            None => (g.name.clone(), g.doc.clone().and_then(non_empty)),
        };
        let group = GroupCx {
            name: g.name.clone(),
            anchor: anchor(&title),
            title,
            doc,
            enums: g
                .enums
                .iter()
                .filter_map(|n| enum_at.get(n.as_str()))
                .filter(|e| placed_enums.insert(e.name.clone()))
                .map(|e| (*e).clone())
                .collect(),
            tables: g
                .tables
                .iter()
                .filter_map(|n| table_at.get(n.as_str()))
                .filter(|t| placed_tables.insert(t.name.clone()))
                .map(|t| (*t).clone())
                .collect(),
        };
        out.push(group);
    }
    // A schema that came from no files (code-first, an IR snapshot) has no groups: what no
    // group holds goes in one of its own.
    let rest_enums: Vec<EnumCx> = enums
        .iter()
        .filter(|e| !placed_enums.contains(&e.name))
        .cloned()
        .collect();
    let rest_tables: Vec<TableCx> = tables
        .iter()
        .filter(|t| !placed_tables.contains(&t.name))
        .cloned()
        .collect();
    if !rest_enums.is_empty() || !rest_tables.is_empty() {
        let title = if out.is_empty() { "Tables" } else { "Other" };
        out.push(GroupCx {
            name: String::new(),
            anchor: anchor(title),
            title: title.to_string(),
            doc: None,
            enums: rest_enums,
            tables: rest_tables,
        });
    }
    out
}

fn enumeration(e: &Enum, rust: &str, variants: &[String]) -> EnumCx {
    EnumCx {
        name: e.name.clone(),
        sql_name: quote_type_name(&e.name).into_owned(),
        rust: rust.to_string(),
        doc: e.doc.clone(),
        values: e
            .values
            .iter()
            .zip(variants)
            .map(|(v, rust)| EnumValueCx {
                name: v.name.clone(),
                rust: rust.clone(),
                doc: v.doc.clone(),
            })
            .collect(),
    }
}

/// The first paragraph of a doc, its lines joined with spaces.
fn purpose(doc: Option<&str>) -> Option<String> {
    let doc = doc?.trim();
    let first = doc.split("\n\n").next().unwrap_or(doc);
    non_empty(first.lines().map(str::trim).collect::<Vec<_>>().join(" "))
}

fn table(schema: &Schema, model: &Model, t: &TableModel, i: usize, entity: &str) -> TableCx {
    let table = t.ir;
    let pk: &[String] = table.primary_key.as_ref().map_or(&[], |pk| &pk.columns);
    let columns = t
        .columns
        .iter()
        .enumerate()
        .map(|(n, c)| column(table, c.ir, n, &c.field, &c.row_type(), pk))
        .collect();
    let scoped = table.tenancy.is_scoped();
    let helpers = match (&model.scope, &table.tenancy) {
        (Some(scope), Tenancy::Root) => format!("{}::{}()", scope.ident, scope.root_accessor),
        (Some(scope), _) if scoped => format!("{}::{}()", scope.ident, t.accessor),
        _ => t.row.clone(),
    };
    TableCx {
        name: table.name.clone(),
        sql_name: quote_ident(&table.name).into_owned(),
        doc: table.doc.clone(),
        purpose: purpose(table.doc.as_deref()),
        anchor: anchor(&table.name),
        node: format!("t{i}"),
        entity: entity.to_string(),
        tenancy: tenancy(schema, table),
        columns,
        primary_key: table.primary_key.as_ref().map(|pk| KeyCx {
            name: pk.name.clone(),
            columns: pk.columns.clone(),
            implied: false,
            global: false,
            nulls_not_distinct: false,
        }),
        uniques: table
            .uniques
            .iter()
            .map(|u| KeyCx {
                name: u.name.clone(),
                columns: u.columns.clone(),
                implied: u.implied,
                global: u.global,
                nulls_not_distinct: u.nulls_not_distinct,
            })
            .collect(),
        foreign_keys: table.foreign_keys.iter().map(foreign_key).collect(),
        indexes: table.indexes.iter().map(index).collect(),
        checks: table
            .checks
            .iter()
            .map(|c| CheckCx {
                name: c.name.clone(),
                expr: c.expr.as_str().to_string(),
            })
            .collect(),
        triggers: table.triggers.iter().map(trigger_line).collect(),
        policies: table.policies.iter().map(policy_line).collect(),
        rust: RustCx {
            row: t.row.clone(),
            insert: t.insert.clone(),
            patch: t.patch.clone(),
            id: t.id.as_ref().map(|id| id.ident.clone()),
            helpers,
        },
    }
}

fn tenancy(schema: &Schema, table: &Table) -> TenancyCx {
    let root = || schema.tenant_root().map(|r| r.name.clone());
    match &table.tenancy {
        Tenancy::Root => TenancyCx {
            kind: "root",
            column: None,
            root: None,
        },
        Tenancy::Column { column } | Tenancy::Via { column, .. } => TenancyCx {
            kind: "column",
            column: Some(column.clone()),
            root: root(),
        },
        Tenancy::None => TenancyCx {
            kind: "none",
            column: None,
            root: None,
        },
    }
}

fn column(
    table: &Table,
    c: &Column,
    n: usize,
    field: &str,
    rust_type: &str,
    pk: &[String],
) -> ColumnCx {
    let single = |cols: &[String]| cols.len() == 1 && cols[0] == c.name;
    let unique = table
        .uniques
        .iter()
        .find(|u| !u.implied && single(&u.columns));
    let references = table.single_column_fk(&c.name).map(|fk| {
        let target = fk.written_references().join(", ");
        format!("{}.{target}", fk.references_table)
    });
    ColumnCx {
        name: c.name.clone(),
        sql_type: declared_type(c),
        nullable: c.nullable,
        // A serial column's type says where its values come from.
        default: c.default.as_ref().and_then(|d| match d {
            DefaultValue::Sql(expr) => Some(expr.as_str().to_string()),
            DefaultValue::EnumValue(v) => Some(v.clone()),
            DefaultValue::Serial => None,
        }),
        identity: c.identity.map(|i| match i {
            Identity::Always => "always",
            Identity::ByDefault => "by default",
        }),
        generated: c.generated.as_ref().map(|e| e.as_str().to_string()),
        on_update: c.on_update.as_ref().map(|e| e.as_str().to_string()),
        sensitive: c.sensitive,
        primary_key: pk.len() == 1 && pk[0] == c.name,
        unique: unique.is_some(),
        global: unique.is_some_and(|u| u.global),
        tenant: table.tenant_column() == Some(c.name.as_str()),
        references,
        doc: c.doc.clone(),
        rust_field: field.to_string(),
        rust_type: short_paths(rust_type),
        port: format!("c{n}"),
        mermaid_name: mermaid_token(&c.name),
        mermaid_type: mermaid_token(&sql_column_type(&c.ty)),
    }
}

fn action(a: ReferentialAction) -> Option<&'static str> {
    match a {
        ReferentialAction::NoAction => None,
        ReferentialAction::Restrict => Some("restrict"),
        ReferentialAction::Cascade => Some("cascade"),
        ReferentialAction::SetNull => Some("set null"),
        ReferentialAction::SetDefault => Some("set default"),
    }
}

fn foreign_key(fk: &ForeignKey) -> ForeignKeyCx {
    ForeignKeyCx {
        name: fk.name.clone(),
        columns: fk.columns.clone(),
        references_table: fk.references_table.clone(),
        references_columns: fk.references_columns.clone(),
        tenant: fk.tenant.is_some(),
        on_delete: action(fk.on_delete),
        on_update: action(fk.on_update),
        deferrable: fk.deferrable.map(|d| match d {
            schemaforge_schema::ir::Deferral::InitiallyImmediate => "initially immediate",
            schemaforge_schema::ir::Deferral::InitiallyDeferred => "initially deferred",
        }),
    }
}

fn index(i: &Index) -> IndexCx {
    IndexCx {
        name: i.name.clone(),
        elements: i
            .elements
            .iter()
            .map(|e| {
                let target = match &e.target {
                    IndexTarget::Column(c) => c.clone(),
                    IndexTarget::Expr(expr) => format!("({})", expr.as_str()),
                };
                // As the schema language writes it: the operator class, `desc`,
                // `nulls first` / `nulls last`.
                let opclass = e
                    .opclass
                    .as_ref()
                    .map_or(String::new(), |o| format!(" {o}"));
                format!("{target}{opclass}{}", e.sql_order().to_lowercase())
            })
            .collect(),
        unique: i.unique,
        method: i.method.clone(),
        predicate: i.predicate.as_ref().map(|p| p.as_str().to_string()),
        include: i.include.clone(),
        nulls_not_distinct: i.nulls_not_distinct,
    }
}

fn relations(schema: &Schema, tables: &[TableCx]) -> Vec<RelationCx> {
    let at: BTreeMap<&str, &TableCx> = tables.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut out = Vec::new();
    for (table, cx) in schema.tables.iter().zip(tables) {
        for fk in &table.foreign_keys {
            let Some(parent) = at.get(fk.references_table.as_str()) else {
                continue;
            };
            let written = fk.written_columns();
            let port = |t: &TableCx, name: Option<&String>| {
                name.and_then(|n| t.columns.iter().find(|c| &c.name == n))
                    .map_or_else(String::new, |c| c.port.clone())
            };
            let required = written
                .iter()
                .all(|c| table.column(c).is_some_and(|c| !c.nullable));
            let one = table.is_unique_key(written) || table.is_unique_key(&fk.columns);
            let mermaid = format!(
                "{}--{}",
                if required { "||" } else { "|o" },
                if one { "o|" } else { "o{" }
            );
            out.push(RelationCx {
                name: fk.name.clone(),
                from: table.name.clone(),
                from_node: cx.node.clone(),
                from_entity: cx.entity.clone(),
                from_port: port(cx, written.first()),
                to: parent.name.clone(),
                to_node: parent.node.clone(),
                to_entity: parent.entity.clone(),
                to_port: port(parent, fk.written_references().first()),
                columns: written.join(", "),
                required,
                one,
                mermaid,
            });
        }
    }
    out
}

/// `(name, line)`, the line Markdown: "before update of `a`, each row, when `…`: calls `f()`")`.
use super::filters::code;

fn trigger_line(t: &schemaforge_schema::ir::Trigger) -> (String, String) {
    use schemaforge_schema::ir::{TriggerEvent, TriggerTiming};
    let events: Vec<String> = t
        .events
        .iter()
        .map(|e| match e {
            TriggerEvent::Insert => "insert".to_string(),
            TriggerEvent::Update(c) if c.is_empty() => "update".to_string(),
            TriggerEvent::Update(c) => {
                let cols: Vec<String> = c.iter().map(|c| code(c)).collect();
                format!("update of {}", cols.join(", "))
            }
            TriggerEvent::Delete => "delete".to_string(),
            TriggerEvent::Truncate => "truncate".to_string(),
        })
        .collect();
    let timing = match t.timing {
        TriggerTiming::Before => "before",
        TriggerTiming::After => "after",
    };
    let level = if t.for_each_row {
        "each row"
    } else {
        "each statement"
    };
    let when = t
        .when
        .as_ref()
        .map(|w| format!(", when {}", code(&w.0)))
        .unwrap_or_default();
    let line = format!(
        "{timing} {}, {level}{when}: calls {}",
        events.join(" or "),
        code(&t.execute.0)
    );
    (t.name.clone(), line)
}

/// `(name, line)`, the line Markdown: "restrictive, select, to `app`: using `…`, with check `…`")`.
fn policy_line(p: &schemaforge_schema::ir::Policy) -> (String, String) {
    let mut parts = vec![match p.restrictive {
        true => "restrictive".to_string(),
        false => "permissive".to_string(),
    }];
    parts.push(p.command.sql().to_lowercase());
    if !p.roles.is_empty() {
        let roles: Vec<String> = p.roles.iter().map(|r| code(r)).collect();
        parts.push(format!("to {}", roles.join(", ")));
    }
    let mut line = parts.join(", ");
    let mut conditions = Vec::new();
    if let Some(u) = &p.using {
        conditions.push(format!("using {}", code(&u.0)));
    }
    if let Some(c) = &p.with_check {
        conditions.push(format!("with check {}", code(&c.0)));
    }
    line.push_str(": ");
    line.push_str(&conditions.join(", "));
    (p.name.clone(), line)
}
