//! The pieces every helper is built of: the method's shell (docs, signature, executor
//! bound, result), the receiver, the tenant bound from the scope, the key as parameters, and
//! a static statement run through sqlx.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::keys::Key;
use super::statements::Access;
use super::{Methods, Receiver};
use crate::emit::rust::model::ColumnModel;

const RESERVED_PARAMS: &[&str] = &["executor", "conn", "page", "patch", "new", "rows"];

/// The shell of a helper: `pub async fn name<'e, E>(executor: E, …) -> Result<ok, Error>`
/// over any `PgExecutor`.
pub(super) struct Shell<'n> {
    pub(super) docs: TokenStream,
    /// `#[allow(clippy::too_many_arguments)]`, where a long key needs it.
    pub(super) many: Option<TokenStream>,
    pub(super) name: &'n str,
    /// The parameters after `executor: E`, each after a comma.
    pub(super) params: TokenStream,
    /// The `Ok` type of the result.
    pub(super) ok: TokenStream,
}

impl Methods<'_> {
    /// A helper with this shell around `body`.
    pub(super) fn method(&self, shell: Shell, body: TokenStream) -> TokenStream {
        let Shell {
            docs,
            many,
            name,
            params,
            ok,
        } = shell;
        let method = format_ident!("{name}");
        let receiver = self.receiver();
        let result = self.result(ok);
        let bound = self.executor_bound();
        quote! {
            #docs
            #many
            pub async fn #method<'e, E>(#receiver executor: E #params) -> #result
            where
                #bound,
            {
                #body
            }
        }
    }

    /// `get`, `get_by_*` and `delete`: one static statement over the key (and the tenant)
    /// that returns the row it reached, if any.
    pub(super) fn fetch_optional(
        &self,
        name: &str,
        key: &Key,
        sql: &str,
        docs: TokenStream,
    ) -> TokenStream {
        let row = &self.table.row;
        let (params, binds) = self.params(key);
        let body = self.run(
            self.query_as(),
            sql,
            &binds,
            quote!(.fetch_optional(executor)),
        );
        let shell = Shell {
            docs,
            many: self.many_arguments(key, 1),
            name,
            params: quote!(, #(#params),*),
            ok: quote!(::core::option::Option<#row>),
        };
        self.method(shell, body)
    }

    /// A static statement run through sqlx: `query`, `sql` with the key's `binds` and then
    /// the tenant bound, ending in `rest` (more binds and the fetch).
    pub(super) fn run(
        &self,
        query: TokenStream,
        sql: &str,
        binds: &[Ident],
        rest: TokenStream,
    ) -> TokenStream {
        let rt = &self.ctx.rt;
        let sql = self.text(sql);
        let tenant = self.tenant().map(|t| quote!(.bind(#t)));
        quote! {
            #query(#sql)
                #(.bind(#binds))*
                #tenant
                #rest
                .await
                .map_err(#rt::Error::from)
        }
    }

    /// `sqlx::query_as` of the row type.
    pub(super) fn query_as(&self) -> TokenStream {
        let p = &self.ctx.private;
        let row = &self.table.row;
        quote!(#p::sqlx::query_as::<#p::sqlx::Postgres, #row>)
    }

    /// A statement's text as Rust: a string literal, or (with the
    /// [`MARKS`](super::statements::MARKS) of a derive's `tenant via` table) the runtime's
    /// `tenant_sql!`, which builds the same text at compile time from the table's way to its
    /// tenant.
    pub(super) fn text(&self, sql: &str) -> TokenStream {
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

    pub(super) fn receiver(&self) -> TokenStream {
        match self.receiver {
            Receiver::Associated => quote!(),
            // By value (the handles are `Copy`): the future then borrows the scope, not a
            // temporary handle, so `scope.tasks().get(…)` can be stored or joined.
            Receiver::Scoped | Receiver::Unscoped => quote!(self,),
        }
    }

    /// How a helper calls another of the same table.
    pub(super) fn sibling(&self, name: &str) -> TokenStream {
        let name = format_ident!("{name}");
        match self.receiver {
            Receiver::Associated => quote!(Self::#name),
            Receiver::Scoped | Receiver::Unscoped => quote!(self.#name),
        }
    }

    /// The tenant as a bound value, when the statement filters on it.
    pub(super) fn tenant(&self) -> Option<TokenStream> {
        (self.access != Access::All).then(|| {
            if self.tenant_copy {
                quote!(self.scope.tenant_id)
            } else {
                quote!(&self.scope.tenant_id)
            }
        })
    }

    pub(super) fn params(&self, key: &Key) -> (Vec<TokenStream>, Vec<Ident>) {
        key.columns
            .iter()
            .map(|c| {
                let name = param_name(c);
                let ty = param_type(c);
                (quote!(#name: #ty), name)
            })
            .unzip()
    }

    pub(super) fn result(&self, ok: TokenStream) -> TokenStream {
        let rt = &self.ctx.rt;
        quote!(::core::result::Result<#ok, #rt::Error>)
    }

    pub(super) fn executor_bound(&self) -> TokenStream {
        let p = &self.ctx.private;
        quote!(E: #p::sqlx::PgExecutor<'e>)
    }

    pub(super) fn many_arguments(&self, key: &Key, extra: usize) -> Option<TokenStream> {
        let receiver = usize::from(self.receiver != Receiver::Associated);
        (key.columns.len() + extra + receiver > 7)
            .then(|| quote!(#[allow(clippy::too_many_arguments)]))
    }

    pub(super) fn scope_phrase(&self) -> &'static str {
        match self.access {
            Access::All => "",
            Access::Tenant => " of this scope's tenant",
            Access::Own => "",
        }
    }

    pub(super) fn missing_phrase(&self) -> &'static str {
        match self.access {
            Access::All => "`None` when there is none.",
            Access::Tenant => {
                "`None` when there is none, or when it belongs to another tenant: the two look \
                 the same."
            }
            Access::Own => "`None` when the tenant's row no longer exists.",
        }
    }
}

/// `value`, or `&value` when its type is not `Copy`.
pub(super) fn by_value_if_copy(column: &ColumnModel, value: TokenStream) -> TokenStream {
    if column.ty.copy {
        value
    } else {
        quote!(&#value)
    }
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
