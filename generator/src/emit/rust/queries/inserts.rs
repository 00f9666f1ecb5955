//! `insert` and `insert_many`: a `VALUES` list with `DEFAULT` for the fields left unset, or
//! for a `tenant via` table an `INSERT … SELECT` that checks the parent is the scope's
//! tenant's.

use proc_macro2::TokenStream;
use quote::quote;
use schemaforge_schema::ir::Tenancy;

use super::Methods;
use super::shell::{Shell, by_value_if_copy};
use super::statements::{self, Access};
use crate::emit::rust::docs::{code, doc};
use crate::emit::rust::model::{ColumnModel, InsertField, TableModel};

impl Methods<'_> {
    pub(super) fn inserts(&self) -> Vec<TokenStream> {
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
            let query = self.query_as();
            let body = quote! {
                let _ = new;
                #query(#sql)
                    .fetch_one(executor)
                    .await
                    .map_err(#rt::Error::from)
            };
            return vec![self.method(self.insert_shell(one_doc), body)];
        }
        let head = self.sql.insert_head();
        let one = self.method(
            self.insert_shell(one_doc),
            quote! {
                let mut statement = #p::Statement::new(#head);
                Self::push_values(&mut statement, #tenant_arg new);
                statement.push(#returning);
                statement
                    .fetch_one::<#row, E>(executor)
                    .await
                    .map_err(#rt::Error::from)
            },
        );
        let many_shell = Shell {
            docs: many_doc,
            many: None,
            name: "insert_many",
            params: quote!(, rows: &[#insert]),
            ok: quote!(::std::vec::Vec<#row>),
        };
        let many = self.method(
            many_shell,
            quote! {
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
            },
        );
        vec![quote! {
            #one

            #many

            /// One row's values: a bound value or `DEFAULT` for each column.
            fn push_values(statement: &mut #p::Statement, #tenant_id new: &#insert) {
                statement.push("(");
                #(#values)*
                statement.push(")");
            }
        }]
    }

    /// The shell of `insert`: one new row in, the row as stored out.
    fn insert_shell(&self, docs: TokenStream) -> Shell<'static> {
        let row = &self.table.row;
        let insert = &self.table.insert;
        Shell {
            docs,
            many: None,
            name: "insert",
            params: quote!(, new: &#insert),
            ok: quote!(#row),
        }
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
        let tenant = self.tenant();
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
        let one = self.method(
            self.insert_shell(one_doc),
            quote! {
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
            },
        );
        // Not `method`'s shell: one statement per row, in a transaction it begins.
        vec![quote! {
            #one

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

fn quote_name(table: &TableModel) -> String {
    statements::list(std::iter::once(table.ir.name.as_str()))
}
