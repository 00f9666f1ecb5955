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

mod handles;
mod helpers;
mod inserts;
mod keys;
mod shell;
mod statements;

use proc_macro2::TokenStream;
use quote::quote;
use schemaforge_schema::ir::{Schema, Tenancy};

use super::Ctx;
use super::model::{Model, TableModel};
use handles::handles;
use keys::Key;
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

/// The helpers of one table for one receiver and one reach.
struct Methods<'a> {
    ctx: &'a Ctx<'a>,
    /// Whether the tenant id is `Copy`, to bind it by value (as clippy wants).
    tenant_copy: bool,
    table: &'a TableModel<'a>,
    sql: Sql<'a>,
    access: Access,
    receiver: Receiver,
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

    /// Every helper of the table for this receiver, in the order they are emitted.
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
}

#[cfg(test)]
mod tests;
