//! The SaaS example written code-first (`fixtures/saas/*.rs`, by hand, mirroring
//! `examples/saas/schema/*.forge`): it compiles, each derive's `DDL` is the schema's, the CLI
//! path reads the same IR, and every derive expands to what the build script generates for
//! the same item, apart from what `docs/code-first.md` lists.

use std::collections::BTreeMap;
use std::path::Path;

use quote::ToTokens;
use schemaforge_generator::code_first;
use schemaforge_generator::emit::{rust, sql};
use schemaforge_schema::ir::Schema;

// The fixture's files, as a crate of the user's would hold them; each starts `use super::*`.
use chrono::{DateTime, Utc};
use ipnetwork::IpNetwork;
use schemaforge::Json;
use schemaforge::{PgEnum, Table};

#[allow(dead_code)]
#[path = "fixtures/saas/auth.rs"]
mod auth;
#[allow(dead_code)]
#[path = "fixtures/saas/core.rs"]
mod core_tables;
/// The example's types of its `jsonb` columns, which the fixtures name as the schema does.
#[path = "../../examples/saas/src/json.rs"]
mod json;
#[allow(dead_code)]
#[path = "fixtures/saas/product.rs"]
mod product;

#[allow(unused_imports)]
use {auth::*, core_tables::*, product::*};

const FIXTURE: &str = "tests/fixtures/saas";
const SCHEMA: &str = "../examples/saas/schema";

fn schema_file_ir() -> Schema {
    match schemaforge_schema::load(Path::new(SCHEMA)) {
        Ok(loaded) => loaded.schema,
        Err(e) => panic!("{}", e.render()),
    }
}

fn code_first_ir() -> Schema {
    match code_first::load(Path::new(FIXTURE)) {
        Ok(loaded) => loaded.schema,
        Err(e) => panic!("{}", e.render()),
    }
}

#[test]
fn code_first_sources_give_the_schema_files_ir_and_ddl() {
    let (ours, theirs) = (code_first_ir(), schema_file_ir());
    let json = |s: &Schema| serde_json::to_string_pretty(s).expect("the IR serializes");
    assert_eq!(json(&ours), json(&theirs));
    let options = sql::SqlOptions::default();
    assert_eq!(sql::emit(&ours, &options), sql::emit(&theirs, &options));
}

/// The schema as one table's derive sees it: without the tenant keys, which depend on how the
/// other tables are scoped (docs/code-first.md; `schemaforge sql` of the crate has them, as
/// the test above shows).
fn without_tenant_keys(
    mut schema: schemaforge_schema::ir::Schema,
) -> schemaforge_schema::ir::Schema {
    for table in &mut schema.tables {
        table.uniques.retain(|u| !u.implied);
        for fk in &mut table.foreign_keys {
            if fk.tenant.take().is_some() {
                fk.columns.remove(0);
                fk.references_columns.remove(0);
            }
        }
    }
    schema
}

#[test]
fn ddl_constants_are_the_schema_files_statements() {
    let schema = without_tenant_keys(schema_file_ir());
    let table =
        |name: &str| sql::table_statements(schema.table(name).expect("the example has the table"));
    let tables: [(&str, &str); 20] = [
        (Session::DDL, "sessions"),
        (Account::DDL, "accounts"),
        (Verification::DDL, "verifications"),
        (User::DDL, "users"),
        (Organization::DDL, "organizations"),
        (OrganizationMember::DDL, "organization_members"),
        (OrganizationInvitation::DDL, "organization_invitations"),
        (Subscription::DDL, "subscriptions"),
        (ApiKey::DDL, "api_keys"),
        (Task::DDL, "tasks"),
        (TaskAssignee::DDL, "task_assignees"),
        (Event::DDL, "events"),
        (AuditLogEntry::DDL, "audit_log_entries"),
        (WebhookEndpoint::DDL, "webhook_endpoints"),
        (WebhookDelivery::DDL, "webhook_deliveries"),
        (UserNotification::DDL, "user_notifications"),
        (
            UserNotificationPreference::DDL,
            "user_notification_preferences",
        ),
        (PlatformOnboardingConfig::DDL, "platform_onboarding_config"),
        (PlatformFeatureFlag::DDL, "platform_feature_flags"),
        (PlatformBanner::DDL, "platform_banners"),
    ];
    assert_eq!(tables.len(), schema.tables.len());
    for (ddl, name) in tables {
        assert_eq!(ddl, table(name), "{name}");
    }
    let enum_ddl = |name: &str| sql::enum_statements(schema.enum_named(name).expect("enum"));
    assert_eq!(OrgRole::DDL, enum_ddl("org_role"));
    assert_eq!(TaskStatus::DDL, enum_ddl("task_status"));
}

#[test]
fn generated_types_work_like_the_build_scripts() {
    use schemaforge::Table as _;
    let org = OrganizationId::new(uuid_of(7));
    assert_eq!(
        <OrganizationId as schemaforge::TableId>::TABLE,
        "organizations"
    );
    assert_eq!(<UserId as schemaforge::TableId>::PG_TYPE, "text");
    assert_eq!(Organization::NAME, "organizations");
    assert_eq!(TaskAssignee::PRIMARY_KEY, ["task_id", "user_id"]);
    assert_eq!(<TaskStatus as schemaforge::PgEnum>::VALUES.len(), 5);
    assert_eq!(TaskStatus::InProgress.as_str(), "in_progress");
    assert_eq!(
        "past_due".parse::<SubscriptionStatus>(),
        Ok(SubscriptionStatus::PastDue)
    );
    // The tenant column is not in the insert type: the scope supplies it.
    let member = NewOrganizationMember::new(UserId::new("u1".into())).with_role(OrgRole::Admin);
    assert_eq!(member.role, Some(OrgRole::Admin));
    // Scoped tables are reached through the scope the tenant root's derive made.
    let scope = OrganizationScope::new(org);
    assert_eq!(scope.tenant_id(), &org);
    let _tasks = scope.tasks();
    let _all_tasks = Unscoped::i_am_bypassing_tenant_isolation().tasks();
    let patch = TaskPatch::default().with_title("Ship".into());
    assert!(!patch.is_empty());
    let invitation = OrganizationInvitation {
        id: OrganizationInvitationId::new(uuid_of(1)),
        organization_id: org,
        email: "a@example.com".into(),
        role: OrgRole::Member,
        token_hash: "secret".into(),
        invited_by_user_id: None,
        expires_at: chrono::DateTime::UNIX_EPOCH,
        accepted_at: None,
        revoked_at: None,
        created_at: chrono::DateTime::UNIX_EPOCH,
    };
    let debug = format!("{invitation:?}");
    assert!(debug.contains("token_hash: <redacted>") && !debug.contains("secret"));
    let json = serde_json::to_string(&invitation).expect("serializes");
    assert!(!json.contains("token_hash"));
}

fn uuid_of(n: u128) -> schemaforge::__private::uuid::Uuid {
    schemaforge::__private::uuid::Uuid::from_u128(n)
}

/// Every top-level item, formatted alone, with how many times it occurs.
fn items(tokens: proc_macro2::TokenStream) -> Vec<syn::Item> {
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => file.items,
        Err(e) => panic!("the expansion does not parse ({e}):\n{tokens}"),
    }
}

fn pretty(item: &syn::Item) -> String {
    prettyplease::unparse(&syn::File {
        shebang: None,
        attrs: Vec::new(),
        items: vec![item.clone()],
    })
}

/// What a derive emits and the build script does not, as `docs/code-first.md` lists: the
/// `DDL` constants, the traits through which derives check each other, and those checks.
fn derive_only(item: &syn::Item) -> bool {
    match item {
        syn::Item::Const(c) => c.ident == "_",
        syn::Item::Impl(i) => match &i.trait_ {
            Some((_, path, _)) => path.segments.last().is_some_and(|s| {
                ["TableId", "KeyFacts", "TenantRoot", "PgEnum"]
                    .contains(&s.ident.to_string().as_str())
            }),
            None => {
                i.items.len() == 1
                    && matches!(&i.items[0], syn::ImplItem::Const(c) if c.ident == "DDL")
            }
        },
        _ => false,
    }
}

/// The tenant scope and the escape hatch: the root's derive makes the types, and each scoped
/// table's derive adds its accessor to them, so they are compared method by method.
const SCOPE_TYPES: [&str; 2] = ["OrganizationScope", "Unscoped"];

/// Items as compared: formatted alone; a scope type's inherent impls split into one impl per
/// method; the scope struct without its docs (which list the scoped tables) and with its
/// fields private (a derive's are visible in the crate).
fn normalized(items: Vec<syn::Item>) -> Vec<String> {
    let scope_type = |ty: &syn::Type| match ty {
        syn::Type::Path(p) => p
            .path
            .segments
            .last()
            .is_some_and(|s| SCOPE_TYPES.contains(&s.ident.to_string().as_str())),
        _ => false,
    };
    let mut out = Vec::new();
    for item in items {
        match item {
            syn::Item::Impl(block) if block.trait_.is_none() && scope_type(&block.self_ty) => {
                for method in &block.items {
                    let mut one = block.clone();
                    one.items = vec![method.clone()];
                    out.push(pretty(&syn::Item::Impl(one)));
                }
            }
            syn::Item::Struct(mut s) if SCOPE_TYPES.contains(&s.ident.to_string().as_str()) => {
                s.attrs.retain(|a| !a.path().is_ident("doc"));
                for field in &mut s.fields {
                    field.vis = syn::Visibility::Inherited;
                }
                out.push(pretty(&syn::Item::Struct(s)));
            }
            other => out.push(pretty(&other)),
        }
    }
    out
}

#[test]
fn derives_expand_to_the_build_scripts_code() {
    let schema = schema_file_ir();
    let build = items(rust::tokens(&schema, &rust::RustOptions::default()));

    let mut written = Vec::new();
    let mut derived = Vec::new();
    let sources = code_first::read(Path::new(FIXTURE)).expect("the fixture reads");
    for (_, file) in sources.files() {
        let parsed = syn::parse_file(&file.text).expect("the fixture parses");
        for item in parsed.items {
            let (ident, expansion) = match &item {
                syn::Item::Struct(s) => (
                    s.ident.to_string(),
                    code_first::derive_table(s.to_token_stream()),
                ),
                syn::Item::Enum(e) => (
                    e.ident.to_string(),
                    code_first::derive_pg_enum(e.to_token_stream()),
                ),
                _ => continue,
            };
            written.push(ident);
            let kept: Vec<syn::Item> = items(expansion)
                .into_iter()
                .filter(|i| !derive_only(i))
                .collect();
            derived.extend(normalized(kept));
        }
    }
    // What the user writes: the types, and the serde of an enum (a derive leaves serde to
    // the item's own derives).
    let user_written = |item: &syn::Item| match item {
        syn::Item::Struct(s) => written.contains(&s.ident.to_string()),
        syn::Item::Enum(e) => written.contains(&e.ident.to_string()),
        syn::Item::Macro(m) => {
            let tokens = m.mac.tokens.to_string();
            let item = tokens.split_whitespace().next().unwrap_or_default();
            m.mac
                .path
                .segments
                .last()
                .is_some_and(|s| s.ident == "enum_serde")
                && written.iter().any(|w| w == item)
        }
        _ => false,
    };
    let mut expected: BTreeMap<String, usize> = BTreeMap::new();
    // A row's serde is the user's: the build script's `row!(serde …)` is a derive's `row!(…)`.
    let without_serde = |item: syn::Item| match item {
        syn::Item::Macro(mut m) if m.mac.path.segments.last().is_some_and(|s| s.ident == "row") => {
            let mut tokens = m.mac.tokens.clone().into_iter().peekable();
            if tokens.peek().is_some_and(|t| t.to_string() == "serde") {
                tokens.next();
                m.mac.tokens = tokens.collect();
            }
            syn::Item::Macro(m)
        }
        other => other,
    };
    let build: Vec<syn::Item> = build
        .into_iter()
        .filter(|i| !user_written(i))
        .map(without_serde)
        .collect();
    for item in normalized(build) {
        *expected.entry(item).or_default() += 1;
    }
    let mut unexpected = Vec::new();
    let mut matched = 0;
    for item in derived {
        match expected.get_mut(&item) {
            Some(n) if *n > 0 => {
                *n -= 1;
                matched += 1;
            }
            _ => unexpected.push(item),
        }
    }
    // Ids, impls, insert, patch and helper types of 20 tables, the scope, 7 enums' impls
    // (284 items: a table's `Keyed` impl is in its `row!` line).
    assert!(matched > 250, "only {matched} items compared");
    let missing: Vec<&String> = expected
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(item, _)| item)
        .collect();
    assert!(
        unexpected.is_empty() && missing.is_empty(),
        "derives differ from the build script\n--- only in derives:\n{}\n--- only in the build script:\n{}",
        unexpected.join("\n"),
        missing
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
    );
}

/// The README's code-first example is `examples/code_first.rs`, which `cargo test` compiles.
#[test]
fn readme_shows_the_compiled_example() {
    let readme = std::fs::read_to_string("../README.md").expect("the README reads");
    let example = std::fs::read_to_string("../examples/code_first.rs").expect("the example reads");
    let start = example.find("use chrono").expect("the example's items");
    let end = example.find("fn main()").expect("the example's main");
    let items = example[start..end].trim_end();
    assert!(
        readme.contains(items),
        "README.md's code-first example differs from examples/code_first.rs"
    );
}
