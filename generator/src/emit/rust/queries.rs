//! Query helpers on sqlx for every table: insert, insert many, get by key, get by each unique
//! constraint, list a page, list by each foreign key, update with a patch, delete, count.
//!
//! Where they live says which rows they reach. An unscoped table's helpers are associated
//! functions of its row type (`User::get`). A tenant-scoped table's are methods of a handle
//! that only the tenant scope makes (`scope.tasks().get`), and every statement filters on
//! the scope's tenant; the same reads and writes across tenants exist only behind the escape
//! hatch `Unscoped::i_am_bypassing_tenant_isolation()`. The tenant root's row type inserts
//! new tenants; a scope reads, updates and deletes only its own.
//!
//! Statements are static strings with `$n` parameters where their shape is fixed; inserts and
//! updates, whose columns depend on the fields set, are assembled by the runtime's
//! `Statement` from `'static` pieces, with every value bound.

mod statements;

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use schemaforge_schema::ir::{Schema, Tenancy};

use super::Ctx;
use super::docs::{code, doc};
use super::model::{ColumnModel, InsertField, Model, ScopeModel, TableModel};
use statements::{Access, Sql};

/// The helpers of one table: on its row type, and (for the tenant root and scoped tables)
/// the scope's handle and the escape hatch's handle.
pub fn emit(ctx: &Ctx, schema: &Schema, model: &Model, table: &TableModel) -> TokenStream {
    let row = &table.row;
    let plain = |access: Access, insert: Inserts| {
        Methods::new(ctx, schema, model, table, access, Receiver::Associated).all(insert)
    };
    let Some(scope) = &model.scope else {
        if table.ir.tenancy.is_scoped() {
            return quote!(::core::compile_error!(
                "schemaforge: tenant scopes need a tenant root with a one-column primary key"
            ););
        }
        let methods = plain(Access::All, Inserts::Plain);
        return quote!(impl #row { #(#methods)* });
    };
    match &table.ir.tenancy {
        Tenancy::None => {
            let methods = plain(Access::All, Inserts::Plain);
            quote!(impl #row { #(#methods)* })
        }
        Tenancy::Root => {
            let inserts = plain(Access::All, Inserts::Only);
            let own = Methods::new(ctx, schema, model, table, Access::Own, Receiver::Scoped)
                .all(Inserts::None);
            let unscoped = Methods::new(ctx, schema, model, table, Access::All, Receiver::Unscoped)
                .all(Inserts::None);
            let handles = handles(scope, table, &own, &unscoped);
            quote! {
                impl #row { #(#inserts)* }
                #handles
            }
        }
        Tenancy::Column { .. } | Tenancy::Via { .. } => {
            let scoped = Methods::new(ctx, schema, model, table, Access::Tenant, Receiver::Scoped)
                .all(Inserts::Plain);
            let unscoped = Methods::new(ctx, schema, model, table, Access::All, Receiver::Unscoped)
                .all(Inserts::None);
            handles(scope, table, &scoped, &unscoped)
        }
    }
}

/// The scope's handle and the escape hatch's handle of one table, with their methods.
fn handles(
    scope: &ScopeModel,
    table: &TableModel,
    scoped: &[TokenStream],
    unscoped: &[TokenStream],
) -> TokenStream {
    let queries = &table.queries;
    let unscoped_queries = &table.unscoped_queries;
    let scope_ident = &scope.ident;
    let unscoped_ident = &scope.unscoped;
    let accessor = &table.accessor;
    let name = code(&table.ir.name);
    let (what, from) = if table.ir.tenancy == Tenancy::Root {
        (
            format!("The helpers of the scope's own row of {name}."),
            format!("Made by [`{scope_ident}::{}`].", scope.root_accessor),
        )
    } else {
        (
            format!(
                "The helpers of {name} within one tenant scope: every statement reaches only \
                 the scope's rows, and a row of another tenant behaves as a missing one."
            ),
            format!("Made by [`{scope_ident}::{accessor}`]."),
        )
    };
    let scoped_doc = doc([Some(what.as_str()), Some(&from)]);
    let unscoped_doc = doc([
        Some(
            format!(
                "The helpers of {name} across every tenant: the escape hatch for operator tooling \
                 and for finding a tenant (e.g. from a credential) before there is a scope."
            )
            .as_str(),
        ),
        Some(&format!(
            "Made by [`{unscoped_ident}::{accessor}`]. There is no insert here: a row belongs to \
             one tenant, so insert it through that tenant's scope."
        )),
    ]);
    quote! {
        #scoped_doc
        #[derive(Debug, Clone, Copy)]
        pub struct #queries<'s> {
            scope: &'s #scope_ident,
        }

        impl #queries<'_> {
            #(#scoped)*
        }

        #unscoped_doc
        #[derive(Debug, Clone, Copy)]
        pub struct #unscoped_queries {
            _private: (),
        }

        impl #unscoped_queries {
            #(#unscoped)*
        }
    }
}

/// How the helpers are called.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Receiver {
    /// Associated functions of the row type: `User::get(executor, …)`.
    Associated,
    /// Methods of the scope's handle, which holds the scope: `scope.tasks().get(executor, …)`.
    Scoped,
    /// Methods of the escape hatch's handle.
    Unscoped,
}

/// Which inserts to generate.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Inserts {
    /// None: the escape hatch, and the root's own row in a scope.
    None,
    /// Inserts with every other helper.
    Plain,
    /// Only the inserts: the tenant root's row type.
    Only,
}

const RESERVED_PARAMS: &[&str] = &["executor", "conn", "page", "patch", "new", "rows"];

struct Methods<'a> {
    ctx: &'a Ctx<'a>,
    /// Whether the tenant id is `Copy`, to bind it by value (as clippy wants).
    tenant_copy: bool,
    table: &'a TableModel<'a>,
    sql: Sql<'a>,
    access: Access,
    receiver: Receiver,
}

/// A key of a statement: its columns, as parameters.
struct Key<'a> {
    columns: Vec<&'a ColumnModel<'a>>,
}

impl<'a> Methods<'a> {
    fn new(
        ctx: &'a Ctx<'a>,
        schema: &Schema,
        model: &Model,
        table: &'a TableModel<'a>,
        access: Access,
        receiver: Receiver,
    ) -> Methods<'a> {
        let mut sql = Sql::new(schema, table.ir);
        // A derive of a `tenant via` table sees neither its parents' way to the tenant nor
        // the tenant's type: the way comes from the traits, the tenant is bound by reference.
        let marked = ctx.via_from_traits && matches!(table.ir.tenancy, Tenancy::Via { .. });
        if marked {
            sql.mark_via_path();
        }
        Methods {
            ctx,
            tenant_copy: !marked && model.scope.as_ref().is_some_and(|s| s.id.copy),
            table,
            sql,
            access,
            receiver,
        }
    }

    /// A statement's text as Rust: a string literal, or (with the [`statements::MARKS`] of a
    /// derive's `tenant via` table) the runtime's `tenant_sql!`, which builds the same text
    /// at compile time from the table's way to its tenant.
    fn text(&self, sql: &str) -> TokenStream {
        if !sql.contains('\0') {
            return quote!(#sql);
        }
        let p = &self.ctx.private;
        let row = &self.table.row;
        let own = &self.table.ir.name;
        let pieces = sql.split('\0').enumerate().filter_map(|(i, piece)| {
            if i % 2 == 1 {
                let mark = format_ident!("{piece}");
                Some(quote!(#mark))
            } else {
                (!piece.is_empty()).then(|| quote!(#piece))
            }
        });
        quote!(#p::tenant_sql!(#row, #own, #(#pieces),*))
    }

    fn all(&self, inserts: Inserts) -> Vec<TokenStream> {
        let mut methods = Vec::new();
        if inserts != Inserts::None {
            methods.extend(self.inserts());
        }
        if inserts == Inserts::Only {
            return methods;
        }
        if let Some(pk) = self.primary_key() {
            methods.push(self.get(&pk));
        }
        if self.access != Access::Own {
            methods.extend(self.get_by_uniques());
            methods.push(self.list("list", &Key { columns: vec![] }));
            methods.extend(self.list_by_foreign_keys());
        }
        if let Some(pk) = self.primary_key() {
            methods.extend(self.update(&pk));
            methods.push(self.delete(&pk));
        }
        if self.access != Access::Own {
            methods.push(self.count());
        }
        methods
    }

    /// The key of `get`, `update` and `delete`: the primary key (less the tenant column the
    /// scope supplies), or nothing for the root's own row (the scope is the key). `None`
    /// without a primary key.
    fn primary_key(&self) -> Option<Key<'a>> {
        let pk = self.table.ir.primary_key.as_ref()?;
        if self.access == Access::Own {
            return Some(Key { columns: vec![] });
        }
        Some(self.key(&self.without_tenant(&pk.columns)))
    }

    fn key(&self, columns: &[String]) -> Key<'a> {
        Key {
            columns: columns
                .iter()
                .filter_map(|c| self.table.column(c))
                .map(|c| self.column_ref(c))
                .collect(),
        }
    }

    /// The same column model with the table's lifetime (`TableModel::column` shortens it).
    fn column_ref(&self, column: &ColumnModel) -> &'a ColumnModel<'a> {
        self.table
            .columns
            .iter()
            .find(|c| c.ir.name == column.ir.name)
            .expect("the column is the table's")
    }

    /// The scope supplies the tenant column: it is no parameter of a scoped statement.
    fn without_tenant(&self, columns: &[String]) -> Vec<String> {
        let tenant = match (self.access, self.table.ir.tenant_column()) {
            (Access::Tenant, Some(tenant)) => tenant,
            _ => return columns.to_vec(),
        };
        columns.iter().filter(|c| *c != tenant).cloned().collect()
    }

    fn get_by_uniques(&self) -> Vec<TokenStream> {
        let ir = self.table.ir;
        let pk: BTreeSet<&String> = ir.primary_key.iter().flat_map(|pk| &pk.columns).collect();
        let mut seen: BTreeSet<Vec<String>> = BTreeSet::new();
        let mut names: BTreeSet<String> = BTreeSet::new();
        let index_keys = ir
            .indexes
            .iter()
            .filter(|i| i.unique && i.predicate.is_none())
            .filter_map(|i| i.column_names());
        let keys = ir
            .uniques
            .iter()
            .map(|u| u.columns.clone())
            .chain(index_keys);
        let mut methods = Vec::new();
        for columns in keys {
            let mut sorted = columns.clone();
            sorted.sort();
            if columns.iter().collect::<BTreeSet<_>>() == pk || !seen.insert(sorted) {
                continue;
            }
            let remaining = self.without_tenant(&columns);
            let named = if remaining.is_empty() {
                &columns
            } else {
                &remaining
            };
            let name = format!("get_by_{}", method_words(self.table, named));
            if !names.insert(name.clone()) {
                continue;
            }
            let key = self.key(&remaining);
            methods.push(self.fetch_one_by(&name, &key, &columns));
        }
        methods
    }

    fn list_by_foreign_keys(&self) -> Vec<TokenStream> {
        let mut names: BTreeSet<String> = BTreeSet::new();
        let mut methods = Vec::new();
        for fk in &self.table.ir.foreign_keys {
            let remaining = self.without_tenant(&fk.columns);
            if remaining.is_empty() {
                continue;
            }
            let name = format!("list_by_{}", method_words(self.table, &remaining));
            if !names.insert(name.clone()) {
                continue;
            }
            methods.push(self.list(&name, &self.key(&remaining)));
        }
        methods
    }

    // ---- pieces of generated code ----

    fn receiver(&self) -> TokenStream {
        match self.receiver {
            Receiver::Associated => quote!(),
            // By value (the handles are `Copy`): the future then borrows the scope, not a
            // temporary handle, so `scope.tasks().get(…)` can be stored or joined.
            Receiver::Scoped | Receiver::Unscoped => quote!(self,),
        }
    }

    /// How a helper calls another of the same table.
    fn sibling(&self, name: &str) -> TokenStream {
        let name = format_ident!("{name}");
        match self.receiver {
            Receiver::Associated => quote!(Self::#name),
            Receiver::Scoped | Receiver::Unscoped => quote!(self.#name),
        }
    }

    /// The tenant as a bound value, when the statement filters on it.
    fn tenant(&self) -> Option<TokenStream> {
        (self.access != Access::All).then(|| {
            if self.tenant_copy {
                quote!(self.scope.tenant_id)
            } else {
                quote!(&self.scope.tenant_id)
            }
        })
    }

    fn params(&self, key: &Key) -> (Vec<TokenStream>, Vec<Ident>) {
        key.columns
            .iter()
            .map(|c| {
                let name = param_name(c);
                let ty = param_type(c);
                (quote!(#name: #ty), name)
            })
            .unzip()
    }

    fn result(&self, ok: TokenStream) -> TokenStream {
        let rt = &self.ctx.rt;
        quote!(::core::result::Result<#ok, #rt::Error>)
    }

    fn executor_bound(&self) -> TokenStream {
        let p = &self.ctx.private;
        quote!(E: #p::sqlx::PgExecutor<'e>)
    }

    fn many_arguments(&self, key: &Key, extra: usize) -> Option<TokenStream> {
        let receiver = usize::from(self.receiver != Receiver::Associated);
        (key.columns.len() + extra + receiver > 7)
            .then(|| quote!(#[allow(clippy::too_many_arguments)]))
    }

    fn scope_phrase(&self) -> &'static str {
        match self.access {
            Access::All => "",
            Access::Tenant => " of this scope's tenant",
            Access::Own => "",
        }
    }

    fn missing_phrase(&self) -> &'static str {
        match self.access {
            Access::All => "`None` when there is none.",
            Access::Tenant => {
                "`None` when there is none, or when it belongs to another tenant: the two look \
                 the same."
            }
            Access::Own => "`None` when the tenant's row no longer exists.",
        }
    }

    // ---- the helpers ----

    fn get(&self, key: &Key) -> TokenStream {
        let columns: Vec<String> = key.columns.iter().map(|c| c.ir.name.clone()).collect();
        self.fetch_one_by("get", key, &columns)
    }

    /// `get` and `get_by_*`: one row by the key's columns (`columns`, for the docs, may also
    /// name the tenant column the scope supplies).
    fn fetch_one_by(&self, name: &str, key: &Key, columns: &[String]) -> TokenStream {
        let p = &self.ctx.private;
        let rt = &self.ctx.rt;
        let row = &self.table.row;
        let method = format_ident!("{name}");
        let key_names: Vec<&str> = key.columns.iter().map(|c| c.ir.name.as_str()).collect();
        let sql = self.text(&self.sql.select(&key_names, self.access));
        let (params, binds) = self.params(key);
        let tenant = self.tenant().map(|t| quote!(.bind(#t)));
        let what = if self.access == Access::Own {
            format!(
                "Reads the scope's own row of {}.",
                code(&self.table.ir.name)
            )
        } else if name == "get" {
            format!(
                "Reads the row{} with this primary key.",
                self.scope_phrase()
            )
        } else {
            let list: Vec<String> = columns.iter().map(|c| code(c)).collect();
            format!(
                "Reads the row{} with these values of the unique key ({}).",
                self.scope_phrase(),
                list.join(", ")
            )
        };
        let docs = doc([Some(what.as_str()), Some(self.missing_phrase())]);
        let receiver = self.receiver();
        let result = self.result(quote!(::core::option::Option<#row>));
        let bound = self.executor_bound();
        let many = self.many_arguments(key, 1);
        quote! {
            #docs
            #many
            pub async fn #method<'e, E>(#receiver executor: E, #(#params),*) -> #result
            where
                #bound,
            {
                #p::sqlx::query_as::<#p::sqlx::Postgres, #row>(#sql)
                    #(.bind(#binds))*
                    #tenant
                    .fetch_optional(executor)
                    .await
                    .map_err(#rt::Error::from)
            }
        }
    }

    /// `list` and `list_by_*`: a page of the rows with the key's values, in key order.
    fn list(&self, name: &str, key: &Key) -> TokenStream {
        let p = &self.ctx.private;
        let rt = &self.ctx.rt;
        let row = &self.table.row;
        let method = format_ident!("{name}");
        let key_names: Vec<&str> = key.columns.iter().map(|c| c.ir.name.as_str()).collect();
        let sql = self.text(&self.sql.list(&key_names, self.access));
        let (params, binds) = self.params(key);
        let tenant = self.tenant().map(|t| quote!(.bind(#t)));
        let order = match &self.table.ir.primary_key {
            Some(_) => "in primary key order",
            None => "in the order of their columns",
        };
        let what = if key.columns.is_empty() {
            format!("Lists a page of the rows{}, {order}.", self.scope_phrase())
        } else {
            let list: Vec<String> = key_names.iter().map(|c| code(c)).collect();
            format!(
                "Lists a page of the rows{} with these values of {}, {order}.",
                self.scope_phrase(),
                list.join(", ")
            )
        };
        let docs = doc([Some(what.as_str())]);
        let receiver = self.receiver();
        let result = self.result(quote!(::std::vec::Vec<#row>));
        let bound = self.executor_bound();
        let many = self.many_arguments(key, 2);
        quote! {
            #docs
            #many
            pub async fn #method<'e, E>(#receiver executor: E, #(#params,)* page: #rt::Page) -> #result
            where
                #bound,
            {
                #p::sqlx::query_as::<#p::sqlx::Postgres, #row>(#sql)
                    #(.bind(#binds))*
                    #tenant
                    .bind(page.limit())
                    .bind(page.offset())
                    .fetch_all(executor)
                    .await
                    .map_err(#rt::Error::from)
            }
        }
    }

    fn count(&self) -> TokenStream {
        let p = &self.ctx.private;
        let rt = &self.ctx.rt;
        let sql = self.text(&self.sql.count(self.access));
        let tenant = self.tenant().map(|t| quote!(.bind(#t)));
        let what = format!("Counts the rows{}.", self.scope_phrase());
        let docs = doc([Some(what.as_str())]);
        let receiver = self.receiver();
        let result = self.result(quote!(i64));
        let bound = self.executor_bound();
        quote! {
            #docs
            pub async fn count<'e, E>(#receiver executor: E) -> #result
            where
                #bound,
            {
                #p::sqlx::query_scalar::<#p::sqlx::Postgres, i64>(#sql)
                    #tenant
                    .fetch_one(executor)
                    .await
                    .map_err(#rt::Error::from)
            }
        }
    }

    fn delete(&self, key: &Key) -> TokenStream {
        let p = &self.ctx.private;
        let rt = &self.ctx.rt;
        let row = &self.table.row;
        let key_names: Vec<&str> = key.columns.iter().map(|c| c.ir.name.as_str()).collect();
        let sql = self.text(&self.sql.delete(&key_names, self.access));
        let (params, binds) = self.params(key);
        let tenant = self.tenant().map(|t| quote!(.bind(#t)));
        let what = if self.access == Access::Own {
            format!(
                "Deletes the scope's own row of {}, and returns it.",
                code(&self.table.ir.name)
            )
        } else {
            format!(
                "Deletes the row{} with this primary key, and returns it.",
                self.scope_phrase()
            )
        };
        let docs = doc([Some(what.as_str()), Some(self.missing_phrase())]);
        let receiver = self.receiver();
        let result = self.result(quote!(::core::option::Option<#row>));
        let bound = self.executor_bound();
        let many = self.many_arguments(key, 1);
        quote! {
            #docs
            #many
            pub async fn delete<'e, E>(#receiver executor: E, #(#params),*) -> #result
            where
                #bound,
            {
                #p::sqlx::query_as::<#p::sqlx::Postgres, #row>(#sql)
                    #(.bind(#binds))*
                    #tenant
                    .fetch_optional(executor)
                    .await
                    .map_err(#rt::Error::from)
            }
        }
    }

    /// Nothing when the table has no patch type.
    fn update(&self, key: &Key) -> Option<TokenStream> {
        let patchable: Vec<&ColumnModel> =
            self.table.columns.iter().filter(|c| c.patchable).collect();
        if patchable.is_empty() {
            return None;
        }
        let p = &self.ctx.private;
        let rt = &self.ctx.rt;
        let row = &self.table.row;
        let patch = &self.table.patch;
        let key_names: Vec<&str> = key.columns.iter().map(|c| c.ir.name.as_str()).collect();
        let (params, binds) = self.params(key);
        let head = self.sql.update_head();
        let assignments = patchable.iter().map(|c| {
            let field = &c.field;
            let assign = Sql::assign(c.ir);
            match &c.ir.on_update {
                Some(expr) => {
                    let otherwise = format!("{assign}{}", expr.as_str());
                    quote!(statement.set_or(#assign, patch.#field.as_ref(), #otherwise);)
                }
                None => quote!(statement.set(#assign, patch.#field.as_ref());),
            }
        });
        let pieces = self.sql.update_where(&key_names, self.access);
        let (last, wheres) = pieces
            .split_last()
            .expect("update_where ends with RETURNING");
        let last = self.text(last);
        let wheres: Vec<TokenStream> = wheres.iter().map(|w| self.text(w)).collect();
        let values: Vec<TokenStream> = binds
            .iter()
            .map(|b| quote!(#b))
            .chain(self.tenant())
            .collect();
        let get = self.sibling("get");
        let on_update: Vec<String> = patchable
            .iter()
            .filter_map(|c| {
                let expr = c.ir.on_update.as_ref()?;
                Some(format!("{} to {}", code(&c.ir.name), code(expr.as_str())))
            })
            .collect();
        let what = if self.access == Access::Own {
            format!(
                "Updates the scope's own row of {} with the fields the patch sets, and returns it.",
                code(&self.table.ir.name)
            )
        } else {
            format!(
                "Updates the row{} with this primary key with the fields the patch sets, and \
                 returns it.",
                self.scope_phrase()
            )
        };
        let sets = (!on_update.is_empty()).then(|| {
            format!(
                "Unless the patch sets them, the update sets {}.",
                on_update.join(", ")
            )
        });
        let empty = "An empty patch changes nothing (not even those): it returns the row as it is.";
        let docs = doc([
            Some(what.as_str()),
            sets.as_deref(),
            Some(empty),
            Some(self.missing_phrase()),
        ]);
        let receiver = self.receiver();
        let result = self.result(quote!(::core::option::Option<#row>));
        let bound = self.executor_bound();
        let many = self.many_arguments(key, 2);
        Some(quote! {
            #docs
            #many
            pub async fn update<'e, E>(#receiver executor: E, #(#params,)* patch: &#patch) -> #result
            where
                #bound,
            {
                if patch.is_empty() {
                    return #get(executor, #(#binds),*).await;
                }
                let mut statement = #p::Statement::new(#head);
                #(#assignments)*
                #(statement.push(#wheres).bind(#values);)*
                statement.push(#last);
                statement
                    .fetch_optional::<#row, E>(executor)
                    .await
                    .map_err(#rt::Error::from)
            }
        })
    }

    fn inserts(&self) -> Vec<TokenStream> {
        match (self.access, &self.table.ir.tenancy) {
            (Access::Tenant, Tenancy::Via { column, .. }) => self.via_inserts(column),
            _ => self.value_inserts(),
        }
    }

    /// `insert` and `insert_many` as `INSERT … VALUES (…), (…)` with `DEFAULT` for the fields
    /// left `None`; in a scope the tenant column takes the scope's tenant.
    fn value_inserts(&self) -> Vec<TokenStream> {
        let p = &self.ctx.private;
        let rt = &self.ctx.rt;
        let row = &self.table.row;
        let insert = &self.table.insert;
        let columns = self.sql.insert_columns();
        let returning = self.sql.returning();
        let scoped = self.access == Access::Tenant;
        let tenant_column = self.table.ir.tenant_column();
        let values = columns.iter().map(|column| {
            let c = self
                .table
                .column(&column.name)
                .expect("the column is the table's");
            let field = &c.field;
            match c.insert {
                InsertField::Absent if scoped && tenant_column == Some(column.name.as_str()) => {
                    quote!(statement.bind_item(tenant);)
                }
                InsertField::Absent => quote!(),
                InsertField::Required => {
                    let value = by_value_if_copy(c, quote!(new.#field));
                    quote!(statement.bind_item(#value);)
                }
                InsertField::Optional | InsertField::OptionalNullable => {
                    quote!(statement.bind_or_default(new.#field.as_ref());)
                }
            }
        });
        let tenant_id = self
            .tenant_type()
            .filter(|_| scoped)
            .map(|ty| quote!(tenant: &#ty,));
        let tenant_arg = scoped.then(|| quote!(&self.scope.tenant_id,));
        let receiver = self.receiver();
        let bound = self.executor_bound();
        let result_one = self.result(quote!(#row));
        let result_many = self.result(quote!(::std::vec::Vec<#row>));
        let where_ = if scoped {
            " of this scope's tenant (the scope supplies the tenant column)"
        } else {
            ""
        };
        let one_doc = doc([
            Some(format!("Inserts a row{where_}, and returns it as stored.").as_str()),
            Some("Fields left `None` take the column's default."),
        ]);
        let many_doc = doc([
            Some(
                format!("Inserts rows{where_} in one statement, and returns them as stored.")
                    .as_str(),
            ),
            Some(
                "Nothing is inserted if one row fails. Postgres takes at most 65535 values in a statement.",
            ),
        ]);
        if columns.is_empty() {
            let sql = format!(
                "INSERT INTO {} DEFAULT VALUES{returning}",
                quote_name(self.table)
            );
            return vec![quote! {
                #one_doc
                pub async fn insert<'e, E>(#receiver executor: E, new: &#insert) -> #result_one
                where
                    #bound,
                {
                    let _ = new;
                    #p::sqlx::query_as::<#p::sqlx::Postgres, #row>(#sql)
                        .fetch_one(executor)
                        .await
                        .map_err(#rt::Error::from)
                }
            }];
        }
        let head = self.sql.insert_head();
        vec![quote! {
            #one_doc
            pub async fn insert<'e, E>(#receiver executor: E, new: &#insert) -> #result_one
            where
                #bound,
            {
                let mut statement = #p::Statement::new(#head);
                Self::push_values(&mut statement, #tenant_arg new);
                statement.push(#returning);
                statement
                    .fetch_one::<#row, E>(executor)
                    .await
                    .map_err(#rt::Error::from)
            }

            #many_doc
            pub async fn insert_many<'e, E>(#receiver executor: E, rows: &[#insert]) -> #result_many
            where
                #bound,
            {
                if rows.is_empty() {
                    return ::core::result::Result::Ok(::std::vec::Vec::new());
                }
                let mut statement = #p::Statement::new(#head);
                for (i, new) in rows.iter().enumerate() {
                    if i > 0 {
                        statement.push(", ");
                    }
                    Self::push_values(&mut statement, #tenant_arg new);
                }
                statement.push(#returning);
                statement
                    .fetch_all::<#row, E>(executor)
                    .await
                    .map_err(#rt::Error::from)
            }

            /// One row's values: a bound value or `DEFAULT` for each column.
            fn push_values(statement: &mut #p::Statement, #tenant_id new: &#insert) {
                statement.push("(");
                #(#values)*
                statement.push(")");
            }
        }]
    }

    /// `insert` and `insert_many` of a `tenant via` table: `INSERT … SELECT <values> WHERE
    /// <the parent belongs to the scope's tenant>`, so that a row whose parent is missing or
    /// another tenant's is not inserted.
    fn via_inserts(&self, via: &str) -> Vec<TokenStream> {
        let p = &self.ctx.private;
        let rt = &self.ctx.rt;
        let row = &self.table.row;
        let insert = &self.table.insert;
        let table_name = &self.table.ir.name;
        let Some(via_column) = self.table.column(via) else {
            return Vec::new();
        };
        let Some([check_before, check_middle, check_after]) =
            self.sql.path().and_then(|path| path.parent_check())
        else {
            return Vec::new();
        };
        let via_field = &via_column.field;
        let not_in_scope = quote! {
            #rt::Error::ParentNotInScope { table: #table_name, column: #via }
        };
        let parent = match via_column.insert {
            InsertField::Required => quote!(let parent = &new.#via_field;),
            InsertField::Optional => quote! {
                let ::core::option::Option::Some(parent) = &new.#via_field else {
                    return ::core::result::Result::Err(#not_in_scope);
                };
            },
            InsertField::OptionalNullable => quote! {
                let ::core::option::Option::Some(::core::option::Option::Some(parent)) = &new.#via_field else {
                    return ::core::result::Result::Err(#not_in_scope);
                };
            },
            InsertField::Absent => return Vec::new(),
        };
        let others: Vec<&ColumnModel> = self
            .sql
            .insert_columns()
            .iter()
            .filter(|c| c.name != via)
            .filter_map(|c| self.table.column(&c.name))
            .collect();
        let via_name = statements::list(std::iter::once(via));
        let names = others.iter().map(|c| {
            let field = &c.field;
            let name = statements::list(std::iter::once(c.ir.name.as_str()));
            match c.insert {
                InsertField::Required => quote!(statement.item(#name);),
                _ => quote! {
                    if new.#field.is_some() {
                        statement.item(#name);
                    }
                },
            }
        });
        let values = others.iter().map(|c| {
            let field = &c.field;
            match c.insert {
                InsertField::Required => {
                    let value = by_value_if_copy(c, quote!(new.#field));
                    quote!(statement.bind_item(#value);)
                }
                _ => quote! {
                    if let ::core::option::Option::Some(value) = &new.#field {
                        statement.bind_item(value);
                    }
                },
            }
        });
        let into = self.sql.insert_into();
        let returning = self.sql.returning();
        let check_after = self.text(&format!("{check_after}{returning}"));
        let check_before = self.text(&format!(" WHERE {check_before}"));
        let check_middle = self.text(&check_middle);
        let bound = self.executor_bound();
        let tenant = self.tenant();
        let result_one = self.result(quote!(#row));
        let result_many = self.result(quote!(::std::vec::Vec<#row>));
        let parent_doc = format!(
            "Fails with [`ParentNotInScope`]({rt_path}::Error::ParentNotInScope), inserting \
             nothing, when {} is missing or names a row that is not this tenant's.",
            code(via),
            rt_path = self.ctx.rt_path
        );
        let one_doc = doc([
            Some(
                format!(
                    "Inserts a row whose {} belongs to this scope's tenant, and returns it as \
                     stored.",
                    code(via)
                )
                .as_str(),
            ),
            Some(&parent_doc),
            Some("Fields left `None` take the column's default."),
        ]);
        let many_doc = doc([
            Some(
                "Inserts rows as [`insert`](Self::insert) does, one statement each, in a \
                 transaction it begins on `conn` (a savepoint when `conn` is already in one), \
                 and returns them as stored.",
            ),
            Some("Nothing is inserted if one row fails."),
        ]);
        vec![quote! {
            #one_doc
            pub async fn insert<'e, E>(self, executor: E, new: &#insert) -> #result_one
            where
                #bound,
            {
                #parent
                let mut statement = #p::Statement::new(#into);
                statement.item(#via_name);
                #(#names)*
                statement.push(") SELECT ");
                statement.bind_item(parent);
                #(#values)*
                statement
                    .push(#check_before)
                    .bind(parent)
                    .push(#check_middle)
                    .bind(#tenant)
                    .push(#check_after);
                match statement.fetch_optional::<#row, E>(executor).await? {
                    ::core::option::Option::Some(row) => ::core::result::Result::Ok(row),
                    ::core::option::Option::None => ::core::result::Result::Err(#not_in_scope),
                }
            }

            #many_doc
            pub async fn insert_many<'c, A>(self, conn: A, rows: &[#insert]) -> #result_many
            where
                A: #p::sqlx::Acquire<'c, Database = #p::sqlx::Postgres>,
            {
                if rows.is_empty() {
                    return ::core::result::Result::Ok(::std::vec::Vec::new());
                }
                let mut transaction = #p::sqlx::Acquire::begin(conn).await?;
                let mut inserted = ::std::vec::Vec::with_capacity(rows.len());
                for new in rows {
                    inserted.push(self.insert(&mut *transaction, new).await?);
                }
                transaction.commit().await?;
                ::core::result::Result::Ok(inserted)
            }
        }]
    }

    /// The tenant id's Rust type.
    fn tenant_type(&self) -> Option<TokenStream> {
        let tenant = self.table.ir.tenant_column()?;
        let column = self.table.column(tenant)?;
        Some(column.ty.tokens.clone())
    }
}

/// `value`, or `&value` when its type is not `Copy`.
fn by_value_if_copy(column: &ColumnModel, value: TokenStream) -> TokenStream {
    if column.ty.copy {
        value
    } else {
        quote!(&#value)
    }
}

fn quote_name(table: &TableModel) -> String {
    statements::list(std::iter::once(table.ir.name.as_str()))
}

/// `a_and_b` for the columns of a `get_by_…` or `list_by_…`, as their field names.
fn method_words(table: &TableModel, columns: &[String]) -> String {
    columns
        .iter()
        .map(|c| {
            table.column(c).map_or_else(
                || c.clone(),
                |c| c.field.to_string().trim_start_matches("r#").to_string(),
            )
        })
        .collect::<Vec<_>>()
        .join("_and_")
}

fn param_name(column: &ColumnModel) -> Ident {
    let field = column.field.to_string();
    if RESERVED_PARAMS.contains(&field.as_str()) {
        format_ident!("{field}_value")
    } else {
        column.field.clone()
    }
}

/// A key column as a parameter: `&str` for text, else a reference to the column's type
/// (without the `Option` of a nullable column).
fn param_type(column: &ColumnModel) -> TokenStream {
    let ty = &column.ty.tokens;
    if ty.to_string() == quote!(::std::string::String).to_string() {
        quote!(&str)
    } else {
        quote!(&#ty)
    }
}

#[cfg(test)]
mod tests;
