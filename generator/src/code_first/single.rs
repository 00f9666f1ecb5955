//! One derive on its own: the item and just enough stand-ins for what it refers to, so that
//! the schema crate's resolution and checks run unchanged.
//!
//! A derive sees one item. The tables its foreign keys reference, the tenant root and the
//! enums of its columns are elsewhere, so each gets a stub in a file of its own: a table
//! with the referenced columns (typed like the local ones, keyed as the field's type says),
//! an enum with the values the item uses. Problems found in a stub are not the item's and
//! are dropped; what the stubs take on trust is checked by the compiler instead, through
//! the traits the expansion asserts (see [`table_tokens`](crate::emit::rust::table_tokens)).

use std::collections::BTreeMap;

use schemaforge_schema::ast::{self, ColumnAttr, Directive, MemberKind};
use schemaforge_schema::ir::Schema;
use schemaforge_schema::{Diagnostics, FileId, Span};
use syn::DeriveInput;

use super::attr::Cx;
use super::catalog;
use super::ctxt::Ctxt;
use super::lower::{self, EnumFacts, TableFacts};
use super::spans::SpanMap;
use super::ty::{PgType, RustKind};

/// The file of the derive's own item.
const ITEM_FILE: FileId = FileId(0);
/// The file of the stubs.
const STUB_FILE: FileId = FileId(1);
/// The tenant root a `tenant_via` parent's stub is scoped by.
const STUB_ROOT: &str = "schemaforge_stub_tenant_root";
/// The stub enum value when the item names none.
const STUB_VALUE: &str = "schemaforge_stub_value";

/// A table struct, compiled with its stubs.
pub struct Table {
    /// The table and its stubs.
    pub schema: Schema,
    pub facts: TableFacts,
}

/// A Postgres enum, compiled.
pub struct Enum {
    pub schema: Schema,
    pub facts: EnumFacts,
}

/// Problems of a derive, with the spans to show them at.
pub struct Errors {
    pub diagnostics: Diagnostics,
    pub spans: SpanMap,
}

/// Lowers and checks a `#[derive(Table)]` item.
pub fn table(input: &DeriveInput) -> Result<Table, Errors> {
    let mut spans = SpanMap::tokens(ITEM_FILE);
    let errors = Ctxt::new();
    let mut cx = Cx {
        spans: &mut spans,
        errors: &errors,
    };
    let item = lower::table(input, &mut cx);
    // Attribute and type problems first: resolving a half-read item only adds noise.
    let Some(item) = item.filter(|_| errors.is_ok()) else {
        return Err(finish(errors, spans));
    };
    let mut unrooted = false;
    let stubs = stubs(&item.def, &item.facts, &errors, &mut unrooted);
    let files = [
        ast::File {
            name: String::new(),
            leading_comments: Vec::new(),
            doc: None,
            items: stubs,
            groups: Vec::new(),
            trailing_comments: Vec::new(),
        },
        ast::File {
            name: String::new(),
            leading_comments: Vec::new(),
            doc: None,
            items: vec![ast::Item::Table(item.def)],
            groups: Vec::new(),
            trailing_comments: Vec::new(),
        },
    ];
    match schemaforge_schema::compile_files(&files) {
        Ok(schema) if errors.is_ok() => {
            drop(errors.check());
            Ok(Table {
                schema,
                facts: item.facts,
            })
        }
        Ok(_) => Err(finish(errors, spans)),
        Err(diagnostics) => {
            let mut kept = Diagnostics::new();
            for d in diagnostics {
                // The stand-in root of an unrooted tenant column is reported as E0311.
                let stub_noise = unrooted && (d.code == "E0225" || d.code == "E0217");
                if d.span().file == ITEM_FILE && !stub_noise {
                    kept.push(d);
                }
            }
            if kept.is_empty() && errors.is_ok() {
                // Only a stub failed: a derive bug, but say what it was.
                let span = spans.span(proc_macro2::Span::call_site());
                errors.push(schemaforge_schema::Diagnostic::new(
                    "E0399",
                    "schemaforge could not check this table on its own (please report this)",
                    span,
                    "here",
                ));
            }
            errors.extend(kept);
            Err(finish(errors, spans))
        }
    }
}

/// Lowers and checks a `#[derive(PgEnum)]` item.
pub fn pg_enum(input: &DeriveInput) -> Result<Enum, Errors> {
    let mut spans = SpanMap::tokens(ITEM_FILE);
    let errors = Ctxt::new();
    let mut cx = Cx {
        spans: &mut spans,
        errors: &errors,
    };
    let item = lower::pg_enum(input, &mut cx);
    let Some(item) = item.filter(|_| errors.is_ok()) else {
        return Err(finish(errors, spans));
    };
    let files = [ast::File {
        name: String::new(),
        leading_comments: Vec::new(),
        doc: None,
        items: vec![ast::Item::Enum(item.def)],
        groups: Vec::new(),
        trailing_comments: Vec::new(),
    }];
    match schemaforge_schema::compile_files(&files) {
        Ok(schema) => {
            drop(errors.check());
            Ok(Enum {
                schema,
                facts: item.facts,
            })
        }
        Err(diagnostics) => {
            errors.extend(diagnostics);
            Err(finish(errors, spans))
        }
    }
}

fn finish(errors: Ctxt, spans: SpanMap) -> Errors {
    Errors {
        diagnostics: errors.check().err().unwrap_or_default(),
        spans,
    }
}

fn stub_span() -> Span {
    Span::new(STUB_FILE, 0, 0)
}

fn stub_ident(name: &str) -> ast::Ident {
    ast::Ident {
        name: name.to_string(),
        span: stub_span(),
        quoted: false,
    }
}

fn no_trivia() -> ast::Trivia {
    ast::Trivia {
        comments: Vec::new(),
        doc: None,
        blank_line_before: false,
    }
}

#[derive(Default)]
struct StubTable {
    columns: Vec<(String, ast::TypeExpr)>,
    primary_key: Option<String>,
    uniques: Vec<Vec<String>>,
    tenant_root: bool,
    /// Scoped through a stand-in root, as the parent of a `tenant_via`.
    scoped: bool,
}

impl StubTable {
    fn column(&mut self, name: &str, ty: &ast::TypeExpr) {
        if !self.columns.iter().any(|(c, _)| c == name) {
            let mut ty = ty.clone();
            ty.span = stub_span();
            ty.name_span = stub_span();
            for arg in &mut ty.args {
                arg.1 = stub_span();
            }
            self.columns.push((name.to_string(), ty));
        }
    }
}

/// The stubs `def` needs. Reports a tenant column without a foreign key (`unrooted`).
fn stubs(
    def: &ast::TableDef,
    facts: &TableFacts,
    errors: &Ctxt,
    unrooted: &mut bool,
) -> Vec<ast::Item> {
    let own = def.name.name.as_str();
    let mut tables: BTreeMap<String, StubTable> = BTreeMap::new();
    let mut enums: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let column_type = |name: &str| {
        def.members.iter().find_map(|m| match &m.kind {
            MemberKind::Column(c) if c.name.name == name => Some(&c.ty),
            _ => None,
        })
    };
    for member in &def.members {
        match &member.kind {
            MemberKind::Column(c) => {
                let fact = facts.columns.iter().find(|f| f.name == c.name.name);
                if let Some(fact) = fact {
                    stub_enum(c, &fact.pg, &mut enums);
                }
                for attr in &c.attrs {
                    let ColumnAttr::References(r) = attr else {
                        continue;
                    };
                    if r.table.name == own {
                        continue;
                    }
                    let [target] = r.columns.as_slice() else {
                        continue;
                    };
                    let stub = tables.entry(r.table.name.clone()).or_default();
                    stub.column(&target.name, &c.ty);
                    // A foreign key of a named type is a typed id: the target's key.
                    let typed_id = fact.is_some_and(|f| {
                        matches!(f.kind, RustKind::Named(_)) && f.pg.is_id_capable()
                    });
                    let keyed = stub.primary_key.as_deref() == Some(target.name.as_str())
                        || stub
                            .uniques
                            .iter()
                            .any(|u| u == std::slice::from_ref(&target.name));
                    if typed_id && stub.primary_key.is_none() {
                        stub.primary_key = Some(target.name.clone());
                    } else if !keyed {
                        stub.uniques.push(vec![target.name.clone()]);
                    }
                }
            }
            MemberKind::Directive(Directive::ForeignKey {
                columns, reference, ..
            }) if reference.table.name != own => {
                let stub = tables.entry(reference.table.name.clone()).or_default();
                for (local, remote) in columns.iter().zip(&reference.columns) {
                    if let Some(ty) = column_type(&local.name) {
                        stub.column(&remote.name, ty);
                    }
                }
                stub.uniques
                    .push(reference.columns.iter().map(|c| c.name.clone()).collect());
            }
            MemberKind::Directive(_) => {}
        }
    }
    // Tenancy: the tenant column's target is the root; a `tenant_via` parent is scoped.
    let fk_target = |column: &str| {
        facts
            .columns
            .iter()
            .find(|f| f.name == column)
            .and_then(|f| f.references.clone())
    };
    // The first tenancy directive counts; resolution reports any other.
    let tenancy = def.members.iter().find(|m| {
        matches!(
            m.kind,
            MemberKind::Directive(
                Directive::TenantRoot(_) | Directive::Tenant(_) | Directive::TenantVia(_)
            )
        )
    });
    if let Some(member) = tenancy {
        match &member.kind {
            MemberKind::Directive(Directive::Tenant(column)) => match fk_target(&column.name) {
                Some((target, key)) => {
                    // The tenant column references the root's key, whatever its field's type.
                    if let Some(stub) = tables.get_mut(&target) {
                        stub.tenant_root = true;
                        if stub.primary_key.is_none() {
                            stub.uniques.retain(|u| u != std::slice::from_ref(&key));
                            stub.primary_key = Some(key);
                        }
                    }
                }
                None if facts.columns.iter().any(|f| f.name == column.name) => {
                    *unrooted = true;
                    errors.push(catalog::tenant_without_reference(&column.name, column.span));
                }
                None => {}
            },
            MemberKind::Directive(Directive::TenantVia(column)) => {
                if let Some(stub) = fk_target(&column.name).and_then(|(t, _)| tables.get_mut(&t)) {
                    stub.scoped = true;
                }
            }
            _ => {}
        }
    }

    let mut items = Vec::new();
    for (name, values) in enums {
        if name == own {
            continue;
        }
        items.push(ast::Item::Enum(ast::EnumDef {
            trivia: no_trivia(),
            name: stub_ident(&name),
            values: values
                .iter()
                .map(|v| ast::EnumValueDef {
                    trivia: no_trivia(),
                    name: stub_ident(v),
                    renamed_from: None,
                })
                .collect(),
            span: stub_span(),
        }));
    }
    let needs_root = tables.values().any(|t| t.scoped);
    for (name, stub) in tables {
        items.push(ast::Item::Table(stub_table(&name, stub)));
    }
    if needs_root {
        let uuid = PgType::parse("uuid").unwrap_or_else(|_| unreachable!("`uuid` parses"));
        let root = StubTable {
            columns: vec![("id".into(), type_expr(&uuid))],
            primary_key: Some("id".into()),
            tenant_root: true,
            ..StubTable::default()
        };
        items.push(ast::Item::Table(stub_table(STUB_ROOT, root)));
    }
    items
}

fn type_expr(pg: &PgType) -> ast::TypeExpr {
    ast::TypeExpr {
        name: pg.name.clone(),
        name_span: stub_span(),
        args: pg.args.iter().map(|&a| (a, stub_span())).collect(),
        array_dims: pg.array_dims,
        span: stub_span(),
    }
}

/// An enum stub for a column of a non-built-in type, with the values its defaults name.
fn stub_enum(c: &ast::ColumnDef, pg: &PgType, enums: &mut BTreeMap<String, Vec<String>>) {
    if pg.is_builtin() {
        return;
    }
    let values = enums.entry(pg.name.clone()).or_default();
    for attr in &c.attrs {
        if let ColumnAttr::Default(sql) = attr {
            let text = sql.text.trim_matches('\'');
            if !text.is_empty() && !values.iter().any(|v| v == text) {
                values.push(text.to_string());
            }
        }
    }
    if values.is_empty() {
        values.push(STUB_VALUE.to_string());
    }
}

fn stub_table(name: &str, stub: StubTable) -> ast::TableDef {
    let mut members = Vec::new();
    let member = |kind| ast::Member {
        trivia: no_trivia(),
        kind,
        line_comment: None,
        span: stub_span(),
    };
    for (column, ty) in &stub.columns {
        let mut attrs = Vec::new();
        if stub.primary_key.as_deref() == Some(column.as_str()) {
            attrs.push(ColumnAttr::PrimaryKey(stub_span()));
        }
        members.push(member(MemberKind::Column(ast::ColumnDef {
            name: stub_ident(column),
            ty: ty.clone(),
            nullable: false,
            attrs,
        })));
    }
    if stub.scoped {
        let uuid = PgType::parse("uuid").unwrap_or_else(|_| unreachable!("`uuid` parses"));
        let reference = ast::Reference {
            table: stub_ident(STUB_ROOT),
            columns: vec![stub_ident("id")],
            on_delete: None,
            on_update: None,
            deferrable: None,
            list_form: false,
            span: stub_span(),
        };
        members.push(member(MemberKind::Column(ast::ColumnDef {
            name: stub_ident(STUB_ROOT),
            ty: type_expr(&uuid),
            nullable: false,
            attrs: vec![ColumnAttr::References(reference)],
        })));
        members.push(member(MemberKind::Directive(Directive::Tenant(
            stub_ident(STUB_ROOT),
        ))));
    }
    if stub.tenant_root {
        members.push(member(MemberKind::Directive(Directive::TenantRoot(
            stub_span(),
        ))));
    }
    for unique in &stub.uniques {
        members.push(member(MemberKind::Directive(Directive::Unique {
            name: None,
            columns: unique.iter().map(|c| stub_ident(c)).collect(),
            nulls_not_distinct: None,
            span: stub_span(),
        })));
    }
    if stub.primary_key.is_none() {
        members.push(member(MemberKind::Directive(Directive::NoPrimaryKey(
            stub_span(),
        ))));
    }
    ast::TableDef {
        trivia: no_trivia(),
        name: stub_ident(name),
        members,
        trailing_comments: Vec::new(),
        span: stub_span(),
    }
}
