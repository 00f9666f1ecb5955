//! `#[schemaforge(...)]` attributes, parsed straight into the schema crate's syntax tree: a
//! field's attributes are a column's, a struct's are the table's directives, with the same
//! words. Only what the language says another way is new: `name`, `pg_type`, `no_from_row`.

use schemaforge_schema::Span;
use schemaforge_schema::ast::{
    self, ColumnAttr, Directive, IndexDef, IndexElem, IndexElemTarget, Reference,
};
use schemaforge_schema::catalog as schema_catalog;
use schemaforge_schema::ir::{Identity, Nulls, ReferentialAction};
use syn::ext::IdentExt;
use syn::parse::ParseStream;
use syn::{Attribute, Ident, LitStr, Token, token};

use super::catalog::{self, Place};
use super::ctxt::Ctxt;
use super::spans::SpanMap;
use super::symbol as sym;

/// A parse in progress: where spans go and where problems go.
pub struct Cx<'a> {
    pub spans: &'a mut SpanMap,
    pub errors: &'a Ctxt,
}

/// A string value and where it was written.
#[derive(Debug, Clone)]
pub struct Spanned {
    pub text: String,
    pub span: Span,
}

/// A field's attributes.
#[derive(Debug, Default)]
pub struct FieldAttrs {
    pub name: Option<Spanned>,
    pub pg_type: Option<Spanned>,
    pub attrs: Vec<ColumnAttr>,
}

/// A struct's attributes.
#[derive(Debug, Default)]
pub struct TableAttrs {
    pub name: Option<Spanned>,
    pub no_from_row: bool,
    /// The directives, with the span of each.
    pub directives: Vec<(Directive, Span)>,
}

/// An enum's or a variant's attributes.
#[derive(Debug, Default)]
pub struct EnumAttrs {
    pub name: Option<Spanned>,
    pub renamed_from: Option<ast::Ident>,
}

/// Calls `each` with every `key` of every `#[schemaforge(...)]` attribute, the stream at
/// the key's value. Syntax errors are reported and end that attribute.
fn each_key(
    attrs: &[Attribute],
    cx: &mut Cx<'_>,
    mut each: impl FnMut(&Ident, ParseStream<'_>, &mut Cx<'_>) -> syn::Result<()>,
) {
    for attr in attrs.iter().filter(|a| a.path().is_ident(sym::SCHEMAFORGE)) {
        let result = match &attr.meta {
            syn::Meta::List(list) => {
                let parser = |input: ParseStream<'_>| -> syn::Result<()> {
                    while !input.is_empty() {
                        let key = Ident::parse_any(input)?;
                        each(&key, input, cx)?;
                        if input.is_empty() {
                            break;
                        }
                        input.parse::<Token![,]>()?;
                    }
                    Ok(())
                };
                list.parse_args_with(parser)
            }
            other => Err(syn::Error::new_spanned(
                other,
                "expected a list: `#[schemaforge(…)]`",
            )),
        };
        if let Err(e) = result {
            let span = cx.spans.span(e.span());
            cx.errors.push(catalog::bad_syntax(&e.to_string(), span));
        }
    }
}

/// Reports an unknown key and skips its value.
fn unknown(key: &Ident, place: Place, input: ParseStream<'_>, cx: &mut Cx<'_>) -> syn::Result<()> {
    let span = cx.spans.span(key.span());
    cx.errors
        .push(catalog::unknown_key(&ident_text(key), place, span));
    while !input.is_empty() && !input.peek(Token![,]) {
        input.parse::<proc_macro2::TokenTree>()?;
    }
    Ok(())
}

fn ident_text(ident: &Ident) -> String {
    ident.unraw().to_string()
}

fn schema_ident(ident: &Ident, cx: &mut Cx<'_>) -> ast::Ident {
    ast::Ident {
        name: ident_text(ident),
        span: cx.spans.span(ident.span()),
        quoted: false,
    }
}

/// `= "text"` or `= ident`.
fn name_value(input: ParseStream<'_>, cx: &mut Cx<'_>) -> syn::Result<Spanned> {
    input.parse::<Token![=]>()?;
    if input.peek(LitStr) {
        let lit: LitStr = input.parse()?;
        return Ok(Spanned {
            text: lit.value(),
            span: cx.spans.span(lit.span()),
        });
    }
    let ident = Ident::parse_any(input)
        .map_err(|e| syn::Error::new(e.span(), "expected a name, as a string or an identifier"))?;
    Ok(Spanned {
        text: ident_text(&ident),
        span: cx.spans.span(ident.span()),
    })
}

/// `= "sql"`, `= ident`, `= 0` or `= true` (a SQL expression or an enum value), or `("sql")`.
fn sql_value(key: &Ident, input: ParseStream<'_>, cx: &mut Cx<'_>) -> syn::Result<ast::Sql> {
    if input.peek(token::Paren) {
        let content;
        syn::parenthesized!(content in input);
        let lit: LitStr = content.parse()?;
        let span = cx.spans.span(lit.span());
        let full = cx.spans.range(key.span(), lit.span());
        return Ok(ast::Sql {
            text: lit.value().trim().to_string(),
            span,
            full,
        });
    }
    input.parse::<Token![=]>()?;
    let (text, last) = if input.peek(Token![-]) {
        input.parse::<Token![-]>()?;
        let lit: syn::Lit = input.parse()?;
        (format!("-{}", lit_text(&lit)), lit.span())
    } else if input.peek(syn::Lit) {
        let lit: syn::Lit = input.parse()?;
        (lit_text(&lit), lit.span())
    } else {
        let ident = Ident::parse_any(input).map_err(|e| {
            syn::Error::new(
                e.span(),
                "expected a SQL expression in a string, e.g. `default = \"now()\"`",
            )
        })?;
        (ident_text(&ident), ident.span())
    };
    Ok(ast::Sql {
        text: text.trim().to_string(),
        span: cx.spans.span(last),
        full: cx.spans.range(key.span(), last),
    })
}

fn lit_text(lit: &syn::Lit) -> String {
    match lit {
        syn::Lit::Str(s) => s.value(),
        syn::Lit::Bool(b) => b.value.to_string(),
        syn::Lit::Int(i) => i.base10_digits().to_string(),
        syn::Lit::Float(f) => f.base10_digits().to_string(),
        other => quote::quote!(#other).to_string(),
    }
}

/// `a, b, c` up to the end of `input`.
fn ident_list(input: ParseStream<'_>, cx: &mut Cx<'_>) -> syn::Result<Vec<ast::Ident>> {
    let list = input.parse_terminated(Ident::parse_any, Token![,])?;
    Ok(list.iter().map(|i| schema_ident(i, cx)).collect())
}

/// `table.column, on_delete = action, on_update = action` or `table(a, b), …`.
fn reference(input: ParseStream<'_>, cx: &mut Cx<'_>) -> syn::Result<Reference> {
    let table = Ident::parse_any(input)?;
    let first = table.span();
    let (columns, list_form, mut last) = if input.peek(Token![.]) {
        input.parse::<Token![.]>()?;
        let column = Ident::parse_any(input)?;
        let last = column.span();
        (vec![schema_ident(&column, cx)], false, last)
    } else if input.peek(token::Paren) {
        let content;
        let paren = syn::parenthesized!(content in input);
        (ident_list(&content, cx)?, true, paren.span.close())
    } else {
        return Err(input.error("expected `table.column`"));
    };
    let mut on_delete = None;
    let mut deferrable = None;
    let mut on_update = None;
    while input.peek(Token![,]) {
        input.parse::<Token![,]>()?;
        if input.is_empty() {
            break;
        }
        let key = Ident::parse_any(input)?;
        let word = ident_text(&key);
        if word == sym::DEFERRABLE {
            input.parse::<Token![=]>()?;
            let value = Ident::parse_any(input)?;
            last = value.span();
            let when = match ident_text(&value).as_str() {
                sym::INITIALLY_IMMEDIATE => schemaforge_schema::ir::Deferral::InitiallyImmediate,
                sym::INITIALLY_DEFERRED => schemaforge_schema::ir::Deferral::InitiallyDeferred,
                _ => {
                    return Err(syn::Error::new(
                        value.span(),
                        "`deferrable` is `initially_immediate` or `initially_deferred`",
                    ));
                }
            };
            deferrable = Some((when, cx.spans.span(value.span())));
            continue;
        }
        if word != sym::ON_DELETE && word != sym::ON_UPDATE {
            return Err(syn::Error::new(
                key.span(),
                format!(
                    "unknown option `{word}` in `references(…)`: the options are `on_delete = <action>`, `on_update = <action>` and `deferrable = initially_immediate | initially_deferred`"
                ),
            ));
        }
        input.parse::<Token![=]>()?;
        let action = Ident::parse_any(input)?;
        last = action.span();
        let action_span = cx.spans.span(action.span());
        let Some(parsed) = referential_action(&ident_text(&action)) else {
            cx.errors.push(schema_catalog::unknown_action(
                &ident_text(&action),
                action_span,
            ));
            continue;
        };
        let slot = if word == sym::ON_DELETE {
            &mut on_delete
        } else {
            &mut on_update
        };
        if slot.is_some() {
            let span = cx.spans.span(key.span());
            cx.errors.push(schema_catalog::repeated_option(&word, span));
        }
        *slot = Some((parsed, action_span));
    }
    if !input.is_empty() {
        return Err(input.error("expected `,` or the end of `references(…)`"));
    }
    Ok(Reference {
        table: schema_ident(&table, cx),
        columns,
        on_delete,
        on_update,
        deferrable,
        list_form,
        span: cx.spans.range(first, last),
    })
}

fn referential_action(word: &str) -> Option<ReferentialAction> {
    Some(match word {
        "cascade" => ReferentialAction::Cascade,
        "restrict" => ReferentialAction::Restrict,
        "set_null" => ReferentialAction::SetNull,
        "set_default" => ReferentialAction::SetDefault,
        "no_action" => ReferentialAction::NoAction,
        _ => return None,
    })
}

/// The attributes of a field.
pub fn field(attrs: &[Attribute], cx: &mut Cx<'_>) -> FieldAttrs {
    let mut out = FieldAttrs::default();
    each_key(attrs, cx, |key, input, cx| {
        let word = ident_text(key);
        let span = cx.spans.span(key.span());
        let attr = match word.as_str() {
            sym::NAME | sym::PG_TYPE => {
                let value = if word == sym::NAME {
                    name_value(input, cx)?
                } else {
                    input.parse::<Token![=]>()?;
                    let lit: LitStr = input.parse()?;
                    Spanned {
                        text: lit.value(),
                        span: cx.spans.span(lit.span()),
                    }
                };
                let slot = if word == sym::NAME {
                    &mut out.name
                } else {
                    &mut out.pg_type
                };
                if let Some(first) = slot {
                    cx.errors
                        .push(catalog::repeated_key(&word, value.span, first.span));
                }
                *slot = Some(value);
                return Ok(());
            }
            sym::PRIMARY_KEY => ColumnAttr::PrimaryKey(span),
            sym::UNIQUE => ColumnAttr::Unique(span),
            sym::SENSITIVE => ColumnAttr::Sensitive(span),
            sym::GLOBAL => ColumnAttr::Global(span),
            sym::REFERENCES => {
                let content;
                syn::parenthesized!(content in input);
                let reference = reference(&content, cx)?;
                if reference.list_form {
                    let target = match reference.columns.as_slice() {
                        [one] => Some(format!("{}.{}", reference.table.name, one.name)),
                        _ => None,
                    };
                    cx.errors.push(schema_catalog::column_reference_list(
                        reference.span,
                        target,
                    ));
                }
                ColumnAttr::References(reference)
            }
            sym::DEFAULT => ColumnAttr::Default(sql_value(key, input, cx)?),
            sym::CHECK => ColumnAttr::Check(sql_value(key, input, cx)?),
            sym::GENERATED => ColumnAttr::Generated(sql_value(key, input, cx)?),
            sym::ON_UPDATE => ColumnAttr::OnUpdate(sql_value(key, input, cx)?),
            sym::IDENTITY => {
                let mut kind = Identity::ByDefault;
                let mut last = key.span();
                if input.peek(token::Paren) {
                    let content;
                    syn::parenthesized!(content in input);
                    let word = Ident::parse_any(&content)?;
                    last = word.span();
                    kind = match ident_text(&word).as_str() {
                        sym::ALWAYS => Identity::Always,
                        sym::BY_DEFAULT => Identity::ByDefault,
                        other => {
                            let span = cx.spans.span(word.span());
                            cx.errors
                                .push(schema_catalog::unknown_identity_kind(other, span));
                            Identity::ByDefault
                        }
                    };
                }
                ColumnAttr::Identity(kind, cx.spans.range(key.span(), last))
            }
            sym::RENAMED_FROM => {
                let value = name_value(input, cx)?;
                ColumnAttr::RenamedFrom(ast::Ident {
                    name: value.text,
                    span: value.span,
                    quoted: false,
                })
            }
            _ => return unknown(key, Place::Field, input, cx),
        };
        out.attrs.push(attr);
        Ok(())
    });
    out
}

/// The attributes of a struct.
pub fn table(attrs: &[Attribute], cx: &mut Cx<'_>) -> TableAttrs {
    let mut out = TableAttrs::default();
    each_key(attrs, cx, |key, input, cx| {
        let word = ident_text(key);
        let key_span = cx.spans.span(key.span());
        let directive = match word.as_str() {
            sym::NAME => {
                let value = name_value(input, cx)?;
                if let Some(first) = &out.name {
                    cx.errors
                        .push(catalog::repeated_key(&word, value.span, first.span));
                }
                out.name = Some(value);
                return Ok(());
            }
            sym::NO_FROM_ROW => {
                out.no_from_row = true;
                return Ok(());
            }
            sym::TENANT_ROOT => Directive::TenantRoot(key_span),
            sym::NO_PRIMARY_KEY => Directive::NoPrimaryKey(key_span),
            sym::UNSCOPED => Directive::Unscoped(key_span),
            sym::TENANT | sym::TENANT_VIA => {
                input.parse::<Token![=]>()?;
                let column = Ident::parse_any(input)?;
                let column = schema_ident(&column, cx);
                if word == sym::TENANT {
                    Directive::Tenant(column)
                } else {
                    // A derive sees only its struct, and a `tenant via` table stores a column
                    // the struct would not have: the struct writes the column instead.
                    cx.errors
                        .push(catalog::tenant_via_on_a_derive(&column.name, key_span));
                    return Ok(());
                }
            }
            sym::RENAMED_FROM => {
                let value = name_value(input, cx)?;
                Directive::RenamedFrom(ast::Ident {
                    name: value.text,
                    span: value.span,
                    quoted: false,
                })
            }
            sym::PRIMARY_KEY => {
                let content;
                let paren = syn::parenthesized!(content in input);
                let columns = ident_list(&content, cx)?;
                Directive::PrimaryKey {
                    name: None,
                    columns,
                    span: cx.spans.range(key.span(), paren.span.close()),
                }
            }
            sym::UNIQUE => {
                let content;
                let paren = syn::parenthesized!(content in input);
                let (name, columns) = named_list(&content, cx)?;
                Directive::Unique {
                    name,
                    columns,
                    nulls_not_distinct: None,
                    span: cx.spans.range(key.span(), paren.span.close()),
                }
            }
            sym::CHECK => {
                if input.peek(Token![=]) {
                    let expr = sql_value(key, input, cx)?;
                    let span = expr.full;
                    Directive::Check {
                        name: None,
                        expr,
                        span,
                    }
                } else {
                    let content;
                    let paren = syn::parenthesized!(content in input);
                    let (name, expr) = named_check(key, &content, cx)?;
                    Directive::Check {
                        name,
                        expr,
                        span: cx.spans.range(key.span(), paren.span.close()),
                    }
                }
            }
            sym::FOREIGN_KEY => {
                let content;
                let paren = syn::parenthesized!(content in input);
                let span = cx.spans.range(key.span(), paren.span.close());
                foreign_key(&content, span, cx)?
            }
            sym::INDEX => {
                let content;
                let paren = syn::parenthesized!(content in input);
                let span = cx.spans.range(key.span(), paren.span.close());
                Directive::Index(index(&content, span, cx)?)
            }
            _ => return unknown(key, Place::Struct, input, cx),
        };
        let span = directive_span(&directive, key_span);
        out.directives.push((directive, span));
        Ok(())
    });
    out
}

fn directive_span(d: &Directive, key: Span) -> Span {
    match d {
        Directive::PrimaryKey { span, .. }
        | Directive::Unique { span, .. }
        | Directive::Check { span, .. }
        | Directive::ForeignKey { span, .. } => *span,
        Directive::Index(index) => index.span,
        Directive::Tenant(c) | Directive::TenantVia(c) => key.to(c.span),
        _ => key,
    }
}

/// `name = "x", a, b` (the name anywhere in the list).
fn named_list(
    input: ParseStream<'_>,
    cx: &mut Cx<'_>,
) -> syn::Result<(Option<ast::Ident>, Vec<ast::Ident>)> {
    let mut name = None;
    let mut columns = Vec::new();
    while !input.is_empty() {
        let ident = Ident::parse_any(input)?;
        if ident == sym::NAME && input.peek(Token![=]) {
            let value = name_value(input, cx)?;
            name = Some(ast::Ident {
                name: value.text,
                span: value.span,
                quoted: false,
            });
        } else {
            columns.push(schema_ident(&ident, cx));
        }
        if input.is_empty() {
            break;
        }
        input.parse::<Token![,]>()?;
    }
    Ok((name, columns))
}

/// `name = "x", "expr"` or `"expr"`.
fn named_check(
    key: &Ident,
    input: ParseStream<'_>,
    cx: &mut Cx<'_>,
) -> syn::Result<(Option<ast::Ident>, ast::Sql)> {
    let mut name = None;
    let mut expr = None;
    while !input.is_empty() {
        if input.peek(LitStr) {
            let lit: LitStr = input.parse()?;
            expr = Some(ast::Sql {
                text: lit.value().trim().to_string(),
                span: cx.spans.span(lit.span()),
                full: cx.spans.range(key.span(), lit.span()),
            });
        } else {
            let ident = Ident::parse_any(input)?;
            if ident != sym::NAME {
                return Err(syn::Error::new(
                    ident.span(),
                    "expected `name = \"…\"` or the check's SQL as a string",
                ));
            }
            let value = name_value(input, cx)?;
            name = Some(ast::Ident {
                name: value.text,
                span: value.span,
                quoted: false,
            });
        }
        if input.is_empty() {
            break;
        }
        input.parse::<Token![,]>()?;
    }
    let expr = expr.ok_or_else(|| input.error("expected the check's SQL as a string"))?;
    Ok((name, expr))
}

/// `a, b, references(table(x, y), on_delete = …), name = "…"`.
fn foreign_key(input: ParseStream<'_>, span: Span, cx: &mut Cx<'_>) -> syn::Result<Directive> {
    let mut name = None;
    let mut columns = Vec::new();
    let mut target = None;
    while !input.is_empty() {
        let ident = Ident::parse_any(input)?;
        if ident == sym::NAME && input.peek(Token![=]) {
            let value = name_value(input, cx)?;
            name = Some(ast::Ident {
                name: value.text,
                span: value.span,
                quoted: false,
            });
        } else if ident == sym::REFERENCES && input.peek(token::Paren) {
            let content;
            syn::parenthesized!(content in input);
            target = Some(reference(&content, cx)?);
        } else {
            columns.push(schema_ident(&ident, cx));
        }
        if input.is_empty() {
            break;
        }
        input.parse::<Token![,]>()?;
    }
    let reference = target.ok_or_else(|| {
        input.error("expected `references(table(columns), …)` in `foreign_key(…)`")
    })?;
    Ok(Directive::ForeignKey {
        name,
        columns,
        reference,
        span,
    })
}

/// `a, b desc, "lower(email)", name = "…", unique, using = gin, where = "…"`.
fn index(input: ParseStream<'_>, span: Span, cx: &mut Cx<'_>) -> syn::Result<IndexDef> {
    let mut def = IndexDef {
        name: None,
        elements: Vec::new(),
        unique: false,
        using: None,
        predicate: None,
        include: Vec::new(),
        nulls_not_distinct: None,
        with: None,
        span,
    };
    while !input.is_empty() {
        if input.peek(LitStr) {
            let lit: LitStr = input.parse()?;
            let sql = ast::Sql {
                text: lit.value().trim().to_string(),
                span: cx.spans.span(lit.span()),
                full: cx.spans.span(lit.span()),
            };
            let elem_span = sql.span;
            let (descending, explicit_asc, nulls) = order(input)?;
            def.elements.push(IndexElem {
                target: IndexElemTarget::Expr(sql),
                descending,
                explicit_asc,
                nulls,
                opclass: None,
                span: elem_span,
            });
        } else {
            let ident = Ident::parse_any(input)?;
            let word = ident_text(&ident);
            if input.peek(Token![=]) {
                match word.as_str() {
                    sym::NAME => {
                        let value = name_value(input, cx)?;
                        def.name = Some(ast::Ident {
                            name: value.text,
                            span: value.span,
                            quoted: false,
                        });
                    }
                    sym::USING => {
                        let value = name_value(input, cx)?;
                        def.using = Some(ast::Ident {
                            name: value.text,
                            span: value.span,
                            quoted: false,
                        });
                    }
                    sym::WHERE => def.predicate = Some(sql_value(&ident, input, cx)?),
                    _ => {
                        return Err(syn::Error::new(
                            ident.span(),
                            format!(
                                "unknown index option `{word}`: after the columns an index takes `name = \"…\"`, `unique`, `nulls_not_distinct`, `using = <method>`, `include(<columns>)` and `where = \"<predicate>\"`"
                            ),
                        ));
                    }
                }
            } else if word == sym::UNIQUE {
                def.unique = true;
            } else if word == sym::NULLS_NOT_DISTINCT {
                def.nulls_not_distinct = Some(cx.spans.span(ident.span()));
            } else if word == sym::INCLUDE && input.peek(syn::token::Paren) {
                let content;
                syn::parenthesized!(content in input);
                def.include = ident_list(&content, cx)?;
            } else {
                let column = schema_ident(&ident, cx);
                let elem_span = column.span;
                let (descending, explicit_asc, nulls) = order(input)?;
                def.elements.push(IndexElem {
                    target: IndexElemTarget::Column(column),
                    descending,
                    explicit_asc,
                    nulls,
                    opclass: None,
                    span: elem_span,
                });
            }
        }
        if input.is_empty() {
            break;
        }
        input.parse::<Token![,]>()?;
    }
    Ok(def)
}

/// An optional `asc` or `desc` after an index element, then an optional `nulls first` or
/// `nulls last`: (descending, explicit asc, nulls).
fn order(input: ParseStream<'_>) -> syn::Result<(bool, bool, Option<Nulls>)> {
    let next_word = |input: ParseStream<'_>| -> Option<String> {
        let fork = input.fork();
        Ident::parse_any(&fork).ok().map(|i| ident_text(&i))
    };
    let (mut descending, mut explicit_asc) = (false, false);
    if let Some(word) = next_word(input)
        && (word == sym::DESC || word == sym::ASC)
    {
        Ident::parse_any(input)?;
        descending = word == sym::DESC;
        explicit_asc = word == sym::ASC;
    }
    let mut nulls = None;
    if next_word(input).as_deref() == Some(sym::NULLS) {
        Ident::parse_any(input)?;
        let which = Ident::parse_any(input)?;
        nulls = match ident_text(&which).as_str() {
            sym::FIRST => Some(Nulls::First),
            sym::LAST => Some(Nulls::Last),
            _ => {
                return Err(syn::Error::new(
                    which.span(),
                    "expected `first` or `last` after `nulls`",
                ));
            }
        };
    }
    Ok((descending, explicit_asc, nulls))
}

/// The attributes of an enum (`place` Enum) or of a variant (`place` Variant).
pub fn enum_item(attrs: &[Attribute], place: Place, cx: &mut Cx<'_>) -> EnumAttrs {
    let mut out = EnumAttrs::default();
    each_key(attrs, cx, |key, input, cx| {
        let word = ident_text(key);
        match word.as_str() {
            sym::NAME => {
                let value = name_value(input, cx)?;
                if let Some(first) = &out.name {
                    cx.errors
                        .push(catalog::repeated_key(&word, value.span, first.span));
                }
                out.name = Some(value);
            }
            sym::RENAMED_FROM if place == Place::Variant => {
                let value = name_value(input, cx)?;
                out.renamed_from = Some(ast::Ident {
                    name: value.text,
                    span: value.span,
                    quoted: false,
                });
            }
            _ => return unknown(key, place, input, cx),
        }
        Ok(())
    });
    out
}

/// The text of `///` comments, as the schema language reads them: one leading space
/// dropped, trailing space trimmed, lines joined with newlines.
pub fn doc(attrs: &[Attribute], cx: &mut Cx<'_>) -> Option<ast::Doc> {
    let mut lines = Vec::new();
    let mut span: Option<Span> = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("doc")) {
        let syn::Meta::NameValue(nv) = &attr.meta else {
            continue;
        };
        let syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) = &nv.value
        else {
            continue;
        };
        let value = s.value();
        for line in value.split('\n') {
            let line = line.strip_prefix(' ').unwrap_or(line).trim_end();
            lines.push(line.to_string());
        }
        let here = cx.spans.spanned(attr);
        span = Some(span.map_or(here, |s| s.to(here)));
    }
    Some(ast::Doc {
        text: lines.join("\n"),
        span: span?,
    })
}
