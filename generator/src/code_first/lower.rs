//! From a derive's item to the schema crate's syntax tree: a struct becomes a `table`, an
//! enum an `enum`, so that resolution and every check are the schema language's own. What
//! only Rust knows (field idents, the written types) is kept beside it as facts.

use heck::ToSnakeCase;
use schemaforge_schema::Span;
use schemaforge_schema::ast::{self, ColumnAttr, Directive, MemberKind};
use syn::{Data, DeriveInput, Fields};

use super::attr::{self, Cx};
use super::catalog::{self, Place};
use super::symbol as sym;
use super::ty::{self, FieldType, PgType, RustKind, TimeFamily};

/// A `#[derive(Table)]` struct as a table definition, with its Rust facts.
pub struct TableItem {
    pub def: ast::TableDef,
    pub facts: TableFacts,
}

/// What the Rust side of a table struct says beyond the schema.
#[derive(Clone)]
pub struct TableFacts {
    pub ident: syn::Ident,
    /// The table's SQL name.
    pub name: String,
    pub no_from_row: bool,
    /// The date and time crate the fields use, when one does.
    pub time: Option<TimeFamily>,
    /// One per field, in order.
    pub columns: Vec<ColumnFacts>,
}

/// A field and its column.
#[derive(Clone)]
pub struct ColumnFacts {
    /// The column's SQL name.
    pub name: String,
    pub field: syn::Ident,
    /// The type as written.
    pub ty: syn::Type,
    pub kind: RustKind,
    pub pg: PgType,
    /// The single-column foreign key target written on the field, `(table, column)`.
    pub references: Option<(String, String)>,
}

/// A `#[derive(PgEnum)]` enum as an enum definition, with its Rust facts.
pub struct EnumItem {
    pub def: ast::EnumDef,
    pub facts: EnumFacts,
}

#[derive(Clone)]
pub struct EnumFacts {
    pub ident: syn::Ident,
    /// The Postgres type name.
    pub name: String,
    /// One per value, in order.
    pub variants: Vec<syn::Ident>,
}

/// The table name of a struct without `name = "…"`: snake_case, plural
/// (`OrganizationMember` → `organization_members`, `AuditLogEntry` → `audit_log_entries`).
pub fn default_table_name(ident: &str) -> String {
    let snake = ident.to_snake_case();
    let consonant_y = snake.ends_with('y')
        && snake
            .chars()
            .rev()
            .nth(1)
            .is_some_and(|c| !"aeiou".contains(c));
    if consonant_y {
        format!("{}ies", &snake[..snake.len() - 1])
    } else if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|e| snake.ends_with(e))
    {
        format!("{snake}es")
    } else {
        format!("{snake}s")
    }
}

fn unraw(ident: &syn::Ident) -> String {
    syn::ext::IdentExt::unraw(ident).to_string()
}

fn trivia(doc: Option<ast::Doc>) -> ast::Trivia {
    ast::Trivia {
        comments: Vec::new(),
        doc,
        blank_line_before: false,
    }
}

fn not_a(input: &DeriveInput, derive: &str, cx: &mut Cx<'_>) -> Option<()> {
    let what = match (&input.data, derive) {
        (Data::Struct(s), sym::TABLE_DERIVE) => match s.fields {
            Fields::Named(_) => None,
            Fields::Unnamed(_) => Some("a tuple struct"),
            Fields::Unit => Some("a unit struct"),
        },
        (Data::Enum(_), sym::PG_ENUM_DERIVE) => None,
        (Data::Struct(_), _) => Some("a struct"),
        (Data::Enum(_), _) => Some("an enum"),
        (Data::Union(_), _) => Some("a union"),
    };
    if let Some(what) = what {
        let span = cx.spans.span(input.ident.span());
        cx.errors.push(catalog::not_a_struct(what, derive, span));
        return None;
    }
    if !input.generics.params.is_empty() {
        let span = cx.spans.spanned(&input.generics);
        cx.errors
            .push(catalog::not_a_struct("a generic type", derive, span));
        return None;
    }
    Some(())
}

/// Lowers a table struct; `None` (with the problems reported) when it is not one.
pub fn table(input: &DeriveInput, cx: &mut Cx<'_>) -> Option<TableItem> {
    not_a(input, sym::TABLE_DERIVE, cx)?;
    let Data::Struct(data) = &input.data else {
        return None;
    };
    let table_attrs = attr::table(&input.attrs, cx);
    let name = table_attrs.name.as_ref().map_or_else(
        || default_table_name(&input.ident.to_string()),
        |n| n.text.clone(),
    );
    let name_span = table_attrs
        .name
        .as_ref()
        .map_or_else(|| cx.spans.span(input.ident.span()), |n| n.span);

    // Columns named in struct-level keys, by field name.
    let mut single_pk: Option<String> = None;
    let mut fk_members: Vec<String> = Vec::new();
    for (d, _) in &table_attrs.directives {
        match d {
            Directive::PrimaryKey { columns, .. } if columns.len() == 1 => {
                single_pk = Some(columns[0].name.clone());
            }
            Directive::ForeignKey { columns, .. } => {
                fk_members.extend(columns.iter().map(|c| c.name.clone()));
            }
            _ => {}
        }
    }

    let mut members = Vec::new();
    let mut columns = Vec::new();
    let mut time: Option<(TimeFamily, Span)> = None;
    for field in &data.fields {
        let Some(ident) = &field.ident else {
            continue;
        };
        let mut field_attrs = attr::field(&field.attrs, cx);
        let doc = attr::doc(&field.attrs, cx);
        let field_name = unraw(ident);
        let column_name = field_attrs
            .name
            .as_ref()
            .map_or_else(|| field_name.clone(), |n| n.text.clone());
        let column_span = field_attrs
            .name
            .as_ref()
            .map_or_else(|| cx.spans.span(ident.span()), |n| n.span);
        let type_span = cx.spans.spanned(&field.ty);
        let field_type = ty::field_type(&field.ty);
        // `Json<T>` is a json(b) column whose Rust type is `T`: the schema's `rust_type(T)`.
        if let RustKind::Scalar(ty::RustScalar::Json(inner)) = &field_type.kind {
            field_attrs.attrs.push(ColumnAttr::RustType(ast::Sql {
                text: inner.clone(),
                span: type_span,
                full: type_span,
            }));
        }
        if let Some(family) = field_type.time {
            match time {
                Some((other, other_span)) if other != family => {
                    cx.errors
                        .push(catalog::mixed_time_crates(type_span, other_span));
                }
                Some(_) => {}
                None => time = Some((family, type_span)),
            }
        }
        let references = field_attrs.attrs.iter().find_map(|a| match a {
            ColumnAttr::References(r) if r.columns.len() == 1 => {
                Some((r.table.name.clone(), r.columns[0].name.clone()))
            }
            _ => None,
        });
        let field_pk = field_attrs
            .attrs
            .iter()
            .any(|a| matches!(a, ColumnAttr::PrimaryKey(_)));
        let is_pk = field_pk || single_pk.as_deref() == Some(field_name.as_str());
        let in_fk = references.is_some() || fk_members.contains(&field_name);
        let pg = column_type(
            &field.ty,
            &field_type,
            field_attrs.pg_type.as_ref(),
            &column_name,
            is_pk || in_fk,
            references.as_ref(),
            type_span,
            cx,
        );
        // A one-column key of an id type is the table's typed id, unless it is a foreign
        // key too (it then has the referenced table's).
        if is_pk && !in_fk && pg.is_id_capable() {
            let expected = format!("{}Id", input.ident);
            let written = match (&field_type.kind, field_type.nullable) {
                (RustKind::Named(path), false) => path.segments.last().map(|s| s.ident.to_string()),
                _ => None,
            };
            if written.as_deref() != Some(expected.as_str()) {
                let ty_text = ty::type_text(&field.ty);
                cx.errors.push(catalog::wrong_id_type(
                    &ty_text,
                    &expected,
                    &name,
                    &column_name,
                    type_span,
                ));
            }
        }
        let type_expr = ast::TypeExpr {
            name: pg.name.clone(),
            name_span: type_span,
            args: pg.args.iter().map(|&a| (a, type_span)).collect(),
            array_dims: pg.array_dims,
            span: type_span,
        };
        members.push(ast::Member {
            trivia: trivia(doc),
            kind: MemberKind::Column(ast::ColumnDef {
                name: ast::Ident {
                    name: column_name.clone(),
                    span: column_span,
                    quoted: false,
                },
                ty: type_expr,
                nullable: field_type.nullable,
                attrs: field_attrs.attrs,
            }),
            line_comment: None,
            span: column_span,
        });
        columns.push(ColumnFacts {
            name: column_name,
            field: ident.clone(),
            ty: field.ty.clone(),
            kind: field_type.kind,
            pg,
            references,
        });
    }

    // Struct attributes name fields; the schema names columns.
    let column_of = |ident: &mut ast::Ident| {
        if let Some(c) = columns.iter().find(|c| unraw(&c.field) == ident.name) {
            ident.name = c.name.clone();
        }
    };
    for (mut directive, span) in table_attrs.directives {
        rename_columns(&mut directive, column_of);
        members.push(ast::Member {
            trivia: trivia(None),
            kind: MemberKind::Directive(directive),
            line_comment: None,
            span,
        });
    }

    let doc = attr::doc(&input.attrs, cx);
    Some(TableItem {
        def: ast::TableDef {
            trivia: trivia(doc),
            name: ast::Ident {
                name: name.clone(),
                span: name_span,
                quoted: false,
            },
            members,
            trailing_comments: Vec::new(),
            span: name_span,
        },
        facts: TableFacts {
            ident: input.ident.clone(),
            name,
            no_from_row: table_attrs.no_from_row,
            time: time.map(|(t, _)| t),
            columns,
        },
    })
}

fn rename_columns(d: &mut Directive, mut rename: impl FnMut(&mut ast::Ident)) {
    match d {
        Directive::Tenant(c) | Directive::TenantVia(c) => rename(c),
        Directive::PrimaryKey { columns, .. }
        | Directive::Unique { columns, .. }
        | Directive::ForeignKey { columns, .. } => columns.iter_mut().for_each(rename),
        Directive::Index(index) => {
            for e in &mut index.elements {
                if let ast::IndexElemTarget::Column(c) = &mut e.target {
                    rename(c);
                }
            }
        }
        _ => {}
    }
}

/// The column's Postgres type: `pg_type`, else the Rust type's, else (a named type) an
/// enum of the type's snake_case name. Problems are reported; a stand-in is returned.
#[allow(clippy::too_many_arguments)]
fn column_type(
    written: &syn::Type,
    field_type: &FieldType,
    pg_type: Option<&attr::Spanned>,
    column: &str,
    is_key: bool,
    references: Option<&(String, String)>,
    type_span: Span,
    cx: &mut Cx<'_>,
) -> PgType {
    let stand_in = || PgType::parse("text").unwrap_or_else(|_| unreachable!("`text` parses"));
    if let RustKind::Unsupported(why) = &field_type.kind {
        let inner = ty::generic_of(written, "Option").unwrap_or(written);
        cx.errors.push(catalog::unsupported_type(
            &ty::type_text(inner),
            why,
            type_span,
        ));
        return stand_in();
    }
    if let Some(text) = pg_type {
        let pg = match PgType::parse(&text.text) {
            Ok(pg) => pg,
            Err(why) => {
                cx.errors
                    .push(catalog::bad_pg_type(&text.text, &why, text.span));
                return stand_in();
            }
        };
        if !ty::fits(&field_type.kind, &pg) {
            let inner = ty::generic_of(written, "Option").unwrap_or(written);
            cx.errors.push(catalog::type_does_not_fit(
                &ty::type_text(inner),
                &pg.to_text(),
                &ty::rust_name_of(&pg),
                type_span,
            ));
        }
        return pg;
    }
    if let Some(pg) = ty::default_pg_type(&field_type.kind) {
        return pg;
    }
    let Some(path) = field_type.kind.named() else {
        return stand_in();
    };
    if is_key {
        let target = references.map(|(t, c)| format!("{t}.{c}"));
        let inner = ty::generic_of(written, "Option").unwrap_or(written);
        cx.errors.push(catalog::needs_pg_type(
            &ty::type_text(inner),
            column,
            target.as_deref(),
            type_span,
        ));
        return stand_in();
    }
    let mut dims = 0;
    let mut kind = &field_type.kind;
    while let RustKind::Array(inner) = kind {
        dims += 1;
        kind = inner;
    }
    let name = path
        .segments
        .last()
        .map(|s| s.ident.to_string().to_snake_case())
        .unwrap_or_default();
    PgType {
        name,
        args: Vec::new(),
        array_dims: dims,
    }
}

/// Lowers an enum; `None` (with the problems reported) when it is not a fieldless enum.
pub fn pg_enum(input: &DeriveInput, cx: &mut Cx<'_>) -> Option<EnumItem> {
    not_a(input, sym::PG_ENUM_DERIVE, cx)?;
    let Data::Enum(data) = &input.data else {
        return None;
    };
    let attrs = attr::enum_item(&input.attrs, Place::Enum, cx);
    let name = attrs.name.as_ref().map_or_else(
        || input.ident.to_string().to_snake_case(),
        |n| n.text.clone(),
    );
    let name_span = attrs
        .name
        .as_ref()
        .map_or_else(|| cx.spans.span(input.ident.span()), |n| n.span);
    let mut values = Vec::new();
    let mut variants = Vec::new();
    for variant in &data.variants {
        if !matches!(variant.fields, Fields::Unit) {
            let span = cx.spans.spanned(&variant.fields);
            cx.errors.push(catalog::not_a_struct(
                "a variant with fields",
                sym::PG_ENUM_DERIVE,
                span,
            ));
            continue;
        }
        let v = attr::enum_item(&variant.attrs, Place::Variant, cx);
        let doc = attr::doc(&variant.attrs, cx);
        let value = v
            .name
            .as_ref()
            .map_or_else(|| unraw(&variant.ident).to_snake_case(), |n| n.text.clone());
        let span = v
            .name
            .as_ref()
            .map_or_else(|| cx.spans.span(variant.ident.span()), |n| n.span);
        values.push(ast::EnumValueDef {
            trivia: trivia(doc),
            name: ast::Ident {
                name: value,
                span,
                quoted: false,
            },
            renamed_from: v.renamed_from,
        });
        variants.push(variant.ident.clone());
    }
    let doc = attr::doc(&input.attrs, cx);
    let span = cx.spans.spanned(&input.ident);
    Some(EnumItem {
        def: ast::EnumDef {
            trivia: trivia(doc),
            name: ast::Ident {
                name: name.clone(),
                span: name_span,
                quoted: false,
            },
            values,
            span,
        },
        facts: EnumFacts {
            ident: input.ident.clone(),
            name,
            variants,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::default_table_name;

    #[test]
    fn table_names_are_plural_snake_case() {
        for (ident, table) in [
            ("Organization", "organizations"),
            ("OrganizationMember", "organization_members"),
            ("AuditLogEntry", "audit_log_entries"),
            ("WebhookDelivery", "webhook_deliveries"),
            ("Key", "keys"),
            ("Address", "addresses"),
            ("Batch", "batches"),
        ] {
            assert_eq!(default_table_name(ident), table);
        }
    }
}
