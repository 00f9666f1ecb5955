//! The helpers over a key: `get`, `get_by_*`, `list`, `list_by_*`, `count`, `delete`, and
//! `update`, whose statement depends on which fields the patch sets.

use proc_macro2::TokenStream;
use quote::quote;

use super::Methods;
use super::keys::Key;
use super::shell::Shell;
use super::statements::{Access, Sql};
use crate::emit::rust::docs::{code, doc};
use crate::emit::rust::model::ColumnModel;

impl Methods<'_> {
    pub(super) fn get(&self, key: &Key) -> TokenStream {
        let columns: Vec<String> = key.columns.iter().map(|c| c.ir.name.clone()).collect();
        self.fetch_one_by("get", key, &columns)
    }

    /// `get` and `get_by_*`: one row by the key's columns (`columns`, for the docs, may also
    /// name the tenant column the scope supplies).
    pub(super) fn fetch_one_by(&self, name: &str, key: &Key, columns: &[String]) -> TokenStream {
        let sql = self.sql.select(&key.names(), self.access);
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
        self.fetch_optional(name, key, &sql, docs)
    }

    /// `list` and `list_by_*`: a page of the rows with the key's values, in key order.
    pub(super) fn list(&self, name: &str, key: &Key) -> TokenStream {
        let rt = &self.ctx.rt;
        let row = &self.table.row;
        let key_names = key.names();
        let sql = self.sql.list(&key_names, self.access);
        let (params, binds) = self.params(key);
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
        let fetch = quote! {
            .bind(page.limit())
            .bind(page.offset())
            .fetch_all(executor)
        };
        let shell = Shell {
            docs: doc([Some(what.as_str())]),
            many: self.many_arguments(key, 2),
            name,
            params: quote!(, #(#params,)* page: #rt::Page),
            ok: quote!(::std::vec::Vec<#row>),
        };
        self.method(shell, self.run(self.query_as(), &sql, &binds, fetch))
    }

    pub(super) fn count(&self) -> TokenStream {
        let p = &self.ctx.private;
        let sql = self.sql.count(self.access);
        let what = format!("Counts the rows{}.", self.scope_phrase());
        let query = quote!(#p::sqlx::query_scalar::<#p::sqlx::Postgres, i64>);
        let shell = Shell {
            docs: doc([Some(what.as_str())]),
            many: None,
            name: "count",
            params: quote!(),
            ok: quote!(i64),
        };
        self.method(
            shell,
            self.run(query, &sql, &[], quote!(.fetch_one(executor))),
        )
    }

    pub(super) fn delete(&self, key: &Key) -> TokenStream {
        let sql = self.sql.delete(&key.names(), self.access);
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
        self.fetch_optional("delete", key, &sql, docs)
    }

    /// Nothing when the table has no patch type.
    pub(super) fn update(&self, key: &Key) -> Option<TokenStream> {
        let patchable: Vec<&ColumnModel> =
            self.table.columns.iter().filter(|c| c.patchable).collect();
        if patchable.is_empty() {
            return None;
        }
        let p = &self.ctx.private;
        let rt = &self.ctx.rt;
        let row = &self.table.row;
        let patch = &self.table.patch;
        let key_names = key.names();
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
        let shell = Shell {
            docs,
            many: self.many_arguments(key, 2),
            name: "update",
            params: quote!(, #(#params,)* patch: &#patch),
            ok: quote!(::core::option::Option<#row>),
        };
        let body = quote! {
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
        };
        Some(self.method(shell, body))
    }
}
