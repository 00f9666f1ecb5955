//! One table or one enum of a schema, as a derive expands it: everything [`super::tokens`]
//! writes for the item except the type definition the user wrote, through the same
//! functions, plus the item's DDL as a constant.

use std::collections::BTreeMap;

use std::fmt::Write;

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use schemaforge_schema::ir::{ColumnType, Schema, Tenancy};

mod facts;

use super::docs::{code, doc};
use super::model::{Model, TableModel};
use super::{Ctx, RustOptions, enums, scope, table};
use crate::emit::sql;

/// What the front end of one table knows better than the schema: the user's struct.
#[derive(Debug, Clone, Default)]
pub struct TableParts {
    /// The user's field of each column, by column name, where it is not the column's
    /// snake_case name.
    pub fields: BTreeMap<String, Ident>,
    /// The user's type of each column whose type the schema alone cannot name (an enum, a
    /// typed id of another table), by column name: the element type, without `Option` or
    /// `Vec`.
    pub types: BTreeMap<String, TokenStream>,
    /// Columns whose field type must be the schema's Rust type for the column, with the
    /// span of the field's type to report a mismatch at: the compiler checks what the
    /// derive could not tell from the type's name (an alias, say).
    pub checked: BTreeMap<String, proc_macro2::Span>,
    /// Whether to implement `sqlx::FromRow` (a struct may derive sqlx's instead).
    pub from_row: bool,
}

/// What the front end of one enum knows better than the schema: the user's variants.
#[derive(Debug, Clone, Default)]
pub struct EnumParts {
    /// One variant per value, in order.
    pub variants: Vec<Ident>,
}

/// The Rust of table `table` of `schema` without its row struct: the typed id, the row's
/// `FromRow` (unless `parts` says not), `schemaforge::Table` and (with `sensitive` columns)
/// `Debug` impls, the insert and patch types, and an inherent `DDL` constant with the
/// table's statements. Name the row type with [`RustOptions::type_name`].
///
/// ```
/// use schemaforge_generator::emit::rust::{table_tokens, RustOptions, TableParts};
///
/// let mut sources = schemaforge_schema::Sources::new();
/// sources.add("notes.forge", "table notes {\n  id uuid primary_key\n  body text?\n}\n");
/// let schema = schemaforge_schema::compile(&sources).expect("valid schema");
/// let parts = TableParts { from_row: true, ..TableParts::default() };
/// let tokens = table_tokens(&schema, "notes", &RustOptions::default(), &parts).to_string();
/// assert!(tokens.contains("pub type NoteId"));
/// assert!(!tokens.contains("pub struct Note {"));
/// ```
pub fn table_tokens(
    schema: &Schema,
    table: &str,
    options: &RustOptions,
    parts: &TableParts,
) -> TokenStream {
    let ctx = Ctx::new(options);
    let mut model = Model::with_ctx(&ctx, schema);
    let Some(index) = model.tables.iter().position(|t| t.ir.name == table) else {
        let message = format!("schemaforge: no table `{table}` in the schema");
        return quote!(::core::compile_error!(#message););
    };
    for column in &mut model.tables[index].columns {
        if let Some(field) = parts.fields.get(&column.ir.name) {
            column.field = field.to_string();
        }
        if let Some(element) = parts.types.get(&column.ir.name) {
            column.ty.ty = match &column.ir.ty {
                ColumnType::Array(_) => format!("::std::vec::Vec<{element}>"),
                _ => element.to_string(),
            };
        }
    }
    let own = format!("table `{table}`");
    let errors = options
        .check()
        .into_iter()
        .chain(
            model
                .problems
                .iter()
                .filter(|p| p.message.contains(&own))
                .map(|p| p.message.clone()),
        )
        .map(|problem| {
            let message = format!("schemaforge: {problem}");
            quote!(::core::compile_error!(#message);)
        });
    let t = &model.tables[index];
    let mut text = String::new();
    let table_parts = table::Parts {
        row_struct: false,
        from_row: parts.from_row,
    };
    table::emit(&mut text, &ctx, &model, t, table_parts);
    helpers(&mut text, &ctx, &model, t);
    ddl_const(
        &mut text,
        &t.row,
        &t.ir.name,
        "table",
        &sql::table_statements(t.ir),
    );
    let items = super::parse(&text);
    let facts = facts::table(&ctx, t, parts);
    quote! {
        #(#errors)*
        #items
        #facts
    }
}

/// The table's query helpers, and its part of the tenant scope: the scope type itself for
/// the tenant root; for a scoped table, its accessors on the scope and on the escape hatch,
/// in impl blocks of their own: the root's derive made the types.
fn helpers(out: &mut String, ctx: &Ctx, model: &Model, t: &TableModel) {
    super::helpers::emit(out, ctx, model, t);
    let Some(scope_model) = &model.scope else {
        return;
    };
    match &t.ir.tenancy {
        Tenancy::None => {}
        Tenancy::Root => scope::emit(out, ctx, model),
        Tenancy::Column { .. } | Tenancy::Via { .. } => {
            let _ = writeln!(out, "impl {} {{", scope_model.ident);
            scope::scoped_accessor(out, ctx, t);
            let _ = writeln!(out, "}}\n\nimpl {} {{", scope_model.unscoped);
            scope::unscoped_accessor(out, ctx, t);
            let _ = writeln!(out, "}}\n");
        }
    }
}

/// The Rust of enum `name` of `schema` without its definition: `ALL`, `as_str`, `Display`,
/// `FromStr`, sqlx's traits, and an inherent `DDL` constant with its `CREATE TYPE`. Name the
/// enum with [`RustOptions::type_name`]; `parts` gives its variants.
pub fn enum_tokens(
    schema: &Schema,
    name: &str,
    options: &RustOptions,
    parts: &EnumParts,
) -> TokenStream {
    let ctx = Ctx::new(options);
    let mut model = Model::with_ctx(&ctx, schema);
    let Some(e) = model.enums.iter_mut().find(|e| e.ir.name == name) else {
        let message = format!("schemaforge: no enum `{name}` in the schema");
        return quote!(::core::compile_error!(#message););
    };
    if parts.variants.len() == e.variants.len() {
        e.variants = parts.variants.iter().map(ToString::to_string).collect();
    }
    let e = &*e;
    let mut text = String::new();
    enums::emit(&mut text, &ctx, e, false);
    ddl_const(
        &mut text,
        &e.ident,
        &e.ir.name,
        "enum",
        &sql::enum_statements(e.ir),
    );
    let items = super::parse(&text);
    let facts = facts::pg_enum(&ctx, e);
    quote! {
        #items
        #facts
    }
}

fn ddl_const(out: &mut String, ty: &str, name: &str, what: &str, statements: &str) {
    let _ = writeln!(out, "impl {ty} {{");
    let text = format!(
        "The Postgres statements that create the {what} {}, as in the schema's DDL (foreign keys inline).",
        code(name)
    );
    doc(out, "    ", [Some(text.as_str())]);
    let _ = writeln!(
        out,
        "    pub const DDL: &'static str = {statements:?};\n}}\n"
    );
}
