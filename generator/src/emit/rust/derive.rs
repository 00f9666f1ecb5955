//! One table or one enum of a schema, as a derive expands it: everything [`super::tokens`]
//! writes for the item except the type definition the user wrote, through the same
//! functions, plus the item's DDL as a constant.

use std::collections::BTreeMap;

use proc_macro2::{Ident, TokenStream};
use quote::{ToTokens, quote};
use schemaforge_schema::ir::{ColumnType, Schema, Tenancy};

mod facts;

use super::docs::{code, doc};
use super::model::{Model, TableModel};
use super::{Ctx, RustOptions, enums, ids, insert, patch, queries, row, scope};
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
/// assert!(tokens.contains("pub struct NoteId"));
/// assert!(!tokens.contains("pub struct Note {"));
/// ```
pub fn table_tokens(
    schema: &Schema,
    table: &str,
    options: &RustOptions,
    parts: &TableParts,
) -> TokenStream {
    let ctx = Ctx {
        via_from_traits: true,
        ..Ctx::new(options)
    };
    let mut model = Model::with_ctx(&ctx, schema);
    let Some(index) = model.tables.iter().position(|t| t.ir.name == table) else {
        let message = format!("schemaforge: no table `{table}` in the schema");
        return quote!(::core::compile_error!(#message););
    };
    for column in &mut model.tables[index].columns {
        if let Some(field) = parts.fields.get(&column.ir.name) {
            column.field = field.clone();
        }
        if let Some(element) = parts.types.get(&column.ir.name) {
            column.ty.tokens = match &column.ir.ty {
                ColumnType::Array(_) => quote!(::std::vec::Vec<#element>),
                _ => element.clone(),
            };
        }
    }
    let own = format!("table `{table}`");
    let errors = options
        .check()
        .into_iter()
        .chain(model.problems.iter().filter(|p| p.contains(&own)).cloned())
        .map(|problem| {
            let message = format!("schemaforge: {problem}");
            quote!(::core::compile_error!(#message);)
        });
    let t = &model.tables[index];
    let id = t.id.as_ref().map(|id| ids::emit(&ctx, t, id));
    let row_name = t.row.to_string();
    let row = without_items(row::emit(&ctx, t), |item| match item {
        syn::Item::Struct(s) => s.ident == row_name,
        syn::Item::Impl(i) => {
            !parts.from_row
                && i.trait_
                    .as_ref()
                    .and_then(|(_, path, _)| path.segments.last())
                    .is_some_and(|s| s.ident == "FromRow")
        }
        _ => false,
    });
    let insert = insert::emit(&ctx, t);
    let patch = patch::emit(&ctx, t);
    let scope = scope_path(&model, t, parts);
    let helpers = match &scope {
        Err(error) => error.clone(),
        Ok(scope) => helpers(&ctx, schema, &model, t, scope.as_ref()),
    };
    let ddl = ddl_const(&t.row, &t.ir.name, "table", &sql::table_statements(t.ir));
    let facts = facts::table(&ctx, t, parts, scope.ok().flatten().as_ref());
    quote! {
        #(#errors)*
        #id
        #row
        #insert
        #patch
        #helpers
        #ddl
        #facts
    }
}

/// How a scoped table's derive names the tenant scope type: the scope itself (e.g.
/// `OrganizationScope`, after the root's table) for a table scoped by its own column; for a
/// `tenant_via` table, which cannot see the root, the alias its parent's derive defines
/// beside the parent's id type (`TaskIdScope` for a field of type `TaskId`, at the same
/// path). `None` for the root and unscoped tables; an error when a `tenant_via` field is not
/// the parent's typed id, the only way a derive reaches the parent.
fn scope_path(
    model: &Model,
    t: &TableModel,
    parts: &TableParts,
) -> Result<Option<TokenStream>, TokenStream> {
    let Some(scope) = &model.scope else {
        return Ok(None);
    };
    match &t.ir.tenancy {
        Tenancy::Column { .. } => {
            let ident = &scope.ident;
            Ok(Some(quote!(#ident)))
        }
        Tenancy::Via { column, parent, .. } => {
            let alias = parts
                .types
                .get(column)
                .and_then(|ty| syn::parse2::<syn::TypePath>(ty.clone()).ok())
                .and_then(|mut path| {
                    let last = path.path.segments.last_mut()?;
                    last.ident = quote::format_ident!("{}Scope", last.ident);
                    Some(path)
                });
            match alias {
                Some(path) => Ok(Some(quote!(#path))),
                None => {
                    let message = format!(
                        "schemaforge: `tenant_via = {column}` reaches the tenant through the parent's derive: give `{column}` the id type of `{parent}` (and its `pg_type`)"
                    );
                    let span = parts
                        .checked
                        .get(column)
                        .copied()
                        .unwrap_or_else(proc_macro2::Span::call_site);
                    Err(quote::quote_spanned!(span=> ::core::compile_error!(#message);))
                }
            }
        }
        Tenancy::Root | Tenancy::None => Ok(None),
    }
}

/// The table's query helpers, and its part of the tenant scope: the scope type itself for
/// the tenant root; for a scoped table, its accessors on the scope (named by `scope`) and on
/// the escape hatch (in impl blocks of their own: the root's derive made the types).
fn helpers(
    ctx: &Ctx,
    schema: &Schema,
    model: &Model,
    t: &TableModel,
    scope: Option<&TokenStream>,
) -> TokenStream {
    match &t.ir.tenancy {
        Tenancy::None => queries::emit(ctx, schema, model, t),
        Tenancy::Root => {
            let queries = queries::emit(ctx, schema, model, t);
            let scope = match &model.scope {
                Some(s) => crate_visible_fields(scope::emit(ctx, model), &s.ident.to_string()),
                None => quote!(),
            };
            quote!(#queries #scope)
        }
        Tenancy::Column { .. } | Tenancy::Via { .. } => {
            let queries = queries::emit(ctx, schema, model, t);
            let Some(scope_model) = &model.scope else {
                return queries;
            };
            let owners = [
                scope_model.ident.to_string(),
                scope_model.unscoped.to_string(),
            ];
            let accessor = t.accessor.to_string();
            let accessors = only_methods(scope::emit(ctx, model), &owners, &accessor);
            let tokens = quote!(#queries #accessors);
            match (&t.ir.tenancy, scope) {
                // The stand-in root's scope is the alias of the parent's derive.
                (Tenancy::Via { .. }, Some(scope)) => {
                    let name = scope_model.ident.to_string();
                    let text = scope.to_string().replace(' ', "");
                    renamed(tokens, &name, scope, &text)
                }
                _ => tokens,
            }
        }
    }
}

/// `tokens` with the identifier `name` replaced by the path `with`, and in string literals
/// (the docs) by `text`.
fn renamed(tokens: TokenStream, name: &str, with: &TokenStream, text: &str) -> TokenStream {
    use proc_macro2::{Group, TokenTree};
    tokens
        .into_iter()
        .flat_map(|tree| -> TokenStream {
            match tree {
                TokenTree::Ident(ident) if ident == name => with.clone(),
                TokenTree::Group(group) => {
                    let stream = renamed(group.stream(), name, with, text);
                    let mut new = Group::new(group.delimiter(), stream);
                    new.set_span(group.span());
                    TokenTree::Group(new).into()
                }
                TokenTree::Literal(literal) if literal.to_string().contains(name) => {
                    match syn::parse_str::<syn::LitStr>(&literal.to_string()) {
                        Ok(lit) => {
                            let value = lit.value().replace(name, text);
                            syn::LitStr::new(&value, literal.span()).into_token_stream()
                        }
                        Err(_) => TokenTree::Literal(literal).into(),
                    }
                }
                other => other.into(),
            }
        })
        .collect()
}

/// `tokens` with the fields of struct `name` visible in the crate: the helpers of scoped
/// tables read the scope's tenant, and a derive's tables may be in other modules than the
/// tenant root's (a build script's file is one module).
fn crate_visible_fields(tokens: TokenStream, name: &str) -> TokenStream {
    let Ok(mut file) = syn::parse2::<syn::File>(tokens.clone()) else {
        return tokens;
    };
    for item in &mut file.items {
        if let syn::Item::Struct(s) = item
            && s.ident == name
        {
            for field in &mut s.fields {
                if matches!(field.vis, syn::Visibility::Inherited) {
                    field.vis = syn::parse_quote!(pub(crate));
                }
            }
        }
    }
    let items = file.items;
    quote!(#(#items)*)
}

/// The inherent impls of `owners` in `tokens`, each with only its method `method`.
fn only_methods(tokens: TokenStream, owners: &[String], method: &str) -> TokenStream {
    let Ok(file) = syn::parse2::<syn::File>(tokens) else {
        return quote!();
    };
    let impls = file.items.into_iter().filter_map(|item| {
        let syn::Item::Impl(mut block) = item else {
            return None;
        };
        let owner = match &*block.self_ty {
            syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
            _ => None,
        };
        if block.trait_.is_some() || !owner.is_some_and(|o| owners.contains(&o)) {
            return None;
        }
        block
            .items
            .retain(|i| matches!(i, syn::ImplItem::Fn(f) if f.sig.ident == method));
        (!block.items.is_empty()).then_some(block)
    });
    quote!(#(#impls)*)
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
        e.variants = parts.variants.clone();
    }
    let e = &*e;
    let ident = e.ident.to_string();
    let impls = without_items(
        enums::emit(&ctx, e),
        |item| matches!(item, syn::Item::Enum(x) if x.ident == ident),
    );
    let ddl = ddl_const(&e.ident, &e.ir.name, "enum", &sql::enum_statements(e.ir));
    let facts = facts::pg_enum(&ctx, e);
    quote! {
        #impls
        #ddl
        #facts
    }
}

fn ddl_const(ty: &Ident, name: &str, what: &str, statements: &str) -> TokenStream {
    let docs = doc([Some(
        format!(
            "The Postgres statements that create the {what} {}, as in the schema's DDL (foreign keys inline).",
            code(name)
        )
        .as_str(),
    )]);
    quote! {
        impl #ty {
            #docs
            pub const DDL: &'static str = #statements;
        }
    }
}

/// `tokens` without the items `drop` selects.
fn without_items(tokens: TokenStream, drop: impl Fn(&syn::Item) -> bool) -> TokenStream {
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => {
            let items = file.items.into_iter().filter(|i| !drop(i));
            quote!(#(#items)*)
        }
        Err(_) => tokens,
    }
}
