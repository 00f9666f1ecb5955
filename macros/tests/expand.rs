//! What the derives expand to, formatted by prettyplease, for representative items. Review a
//! change here like a change to generated code.

use quote::quote;
use schemaforge_generator::code_first::{derive_pg_enum, derive_table};

fn pretty(tokens: proc_macro2::TokenStream) -> String {
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => prettyplease::unparse(&file),
        Err(e) => panic!("the expansion does not parse ({e}):\n{tokens}"),
    }
}

/// A tenant-scoped table: a typed id, foreign keys to other tables' ids, an enum column with
/// a default, a composite unique constraint and an index.
#[test]
fn tenant_scoped_table() {
    insta::assert_snapshot!(pretty(derive_table(quote! {
        /// A user's membership in an organization.
        #[schemaforge(
            tenant = organization_id,
            unique(organization_id, user_id),
            index(user_id)
        )]
        pub struct OrganizationMember {
            #[schemaforge(primary_key, pg_type = "uuid", default = "gen_random_uuid()")]
            pub id: OrganizationMemberId,
            #[schemaforge(references(organizations.id, on_delete = cascade), pg_type = "uuid")]
            pub organization_id: OrganizationId,
            #[schemaforge(references(users.id, on_delete = cascade), pg_type = "text")]
            pub user_id: UserId,
            #[schemaforge(default = member)]
            pub role: OrgRole,
            #[schemaforge(default = "now()", on_update = "now()")]
            pub updated_at: DateTime<Utc>,
        }
    })));
}

/// Most column attributes at once: identity, a renamed and `pg_type`d column, a sensitive
/// column, a typed json column, an array, a generated column, checks, a composite primary
/// key, a named partial unique index, and the opt-out of `FromRow`.
#[test]
fn column_attributes() {
    insta::assert_snapshot!(pretty(derive_table(quote! {
        #[schemaforge(
            name = "ledger",
            primary_key(account, seq),
            check(name = "ledger_balanced", "debit = 0 or credit = 0"),
            index(name = "ledger_open_idx", account, seq desc, unique, using = btree, where = "closed_at is null"),
            no_from_row
        )]
        pub struct LedgerLine {
            #[schemaforge(pg_type = "varchar(32)")]
            pub account: String,
            #[schemaforge(identity(always))]
            pub seq: i64,
            #[schemaforge(name = "amountCents", check = "\"amountCents\" <> 0")]
            pub amount_cents: i64,
            #[schemaforge(default = 0)]
            pub debit: i32,
            #[schemaforge(default = 0)]
            pub credit: i32,
            #[schemaforge(generated = "debit - credit")]
            pub net: i32,
            #[schemaforge(sensitive)]
            pub memo: Option<String>,
            pub details: sqlx::types::Json<crate::Details>,
            #[schemaforge(default = "'{}'")]
            pub tags: Vec<String>,
            #[schemaforge(pg_type = "numeric(12, 2)")]
            pub rate: Option<Decimal>,
            pub closed_at: Option<DateTime<Utc>>,
        }
    })));
}

/// A Postgres enum with a renamed type and value.
#[test]
fn pg_enum() {
    insta::assert_snapshot!(pretty(derive_pg_enum(quote! {
        /// A task's stage.
        #[schemaforge(name = "task_stage")]
        pub enum Stage {
            Backlog,
            /// Being worked on.
            InProgress,
            #[schemaforge(name = "done", renamed_from = "finished")]
            Finished,
        }
    })));
}
