//! The helpers' shape, over the generated file: where each table's helpers live, and that
//! every statement of a scope binds the tenant.

use schemaforge_schema::ir::Schema;

use crate::emit::rust::{RustOptions, file, problems};

fn schema(text: &str) -> Schema {
    let mut sources = schemaforge_schema::Sources::new();
    sources.add("app.forge", text);
    schemaforge_schema::compile(&sources).unwrap_or_else(|d| panic!("{}", d.render(&sources)))
}

const APP: &str = "
table orgs {
  tenant_root
  id   uuid primary_key default(gen_random_uuid())
  slug text unique
}
table users {
  id    text primary_key
  email text unique
}
table projects {
  tenant org_id
  id       uuid primary_key default(gen_random_uuid())
  org_id   uuid references(orgs.id)
  owner_id text? references(users.id)
  name     text
  unique (org_id, name)
}
table tasks {
  tenant via project_id
  id         bigint primary_key identity
  project_id uuid references(projects.id)
  title      text
  updated_at timestamptz default(now()) on_update(now())
}
table comments {
  tenant via task_id
  id      bigint primary_key identity
  task_id bigint references(tasks.id)
  body    text
}
";

fn generated(options: &RustOptions) -> syn::File {
    let text = file(&schema(APP), options);
    syn::parse_file(&text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// The names of the methods in the inherent impls of `type_name`.
fn methods(file: &syn::File, type_name: &str) -> Vec<String> {
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Impl(i) if i.trait_.is_none() => Some(i),
            _ => None,
        })
        .filter(|i| match &*i.self_ty {
            syn::Type::Path(p) => p.path.segments.last().unwrap().ident == type_name,
            _ => false,
        })
        .flat_map(|i| &i.items)
        .filter_map(|item| match item {
            syn::ImplItem::Fn(f) if matches!(f.vis, syn::Visibility::Public(_)) => {
                Some(f.sig.ident.to_string())
            }
            _ => None,
        })
        .collect()
}

/// Every string literal in the inherent impls of `type_name`.
fn literals(file: &syn::File, type_name: &str) -> Vec<String> {
    let text = file
        .items
        .iter()
        .filter(|item| match item {
            syn::Item::Impl(i) if i.trait_.is_none() => match &*i.self_ty {
                syn::Type::Path(p) => p.path.segments.last().unwrap().ident == type_name,
                _ => false,
            },
            _ => false,
        })
        .map(|item| quote::quote!(#item).to_string())
        .collect::<String>();
    let mut out = Vec::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find('"') {
        let end = rest[start + 1..].find('"').unwrap() + start + 1;
        out.push(rest[start + 1..end].to_string());
        rest = &rest[end + 1..];
    }
    out
}

#[test]
fn scoped_tables_have_helpers_only_through_the_scope() {
    let file = generated(&RustOptions::default());
    // No helper on the row types of scoped tables.
    for row in ["Project", "Task", "Comment"] {
        assert_eq!(methods(&file, row), Vec::<String>::new(), "{row}");
    }
    assert_eq!(
        methods(&file, "ProjectQueries"),
        [
            "insert",
            "insert_many",
            "get",
            "get_by_name",
            "list",
            "list_by_owner_id",
            "update",
            "delete",
            "count"
        ]
    );
    assert_eq!(
        methods(&file, "TaskQueries"),
        [
            "insert",
            "insert_many",
            "get",
            "list",
            "list_by_project_id",
            "update",
            "delete",
            "count"
        ]
    );
    assert_eq!(
        methods(&file, "OrgScope"),
        [
            "new",
            "tenant_id",
            "begin",
            "org",
            "projects",
            "tasks",
            "comments"
        ]
    );
    // The escape hatch: no inserts, and the tenant column is a key like any other.
    assert_eq!(
        methods(&file, "UnscopedProjectQueries"),
        [
            "get",
            "get_by_org_id_and_name",
            "list",
            "list_by_org_id",
            "list_by_owner_id",
            "update",
            "delete",
            "count"
        ]
    );
    assert_eq!(
        methods(&file, "Unscoped"),
        [
            "i_am_bypassing_tenant_isolation",
            "orgs",
            "projects",
            "tasks",
            "comments"
        ]
    );
    // The root: created unscoped, then its own row through the scope.
    assert_eq!(methods(&file, "Org"), ["insert", "insert_many"]);
    assert_eq!(methods(&file, "OrgQueries"), ["get", "update", "delete"]);
    // Unscoped tables: everything on the row type.
    assert_eq!(
        methods(&file, "User"),
        [
            "insert",
            "insert_many",
            "get",
            "get_by_email",
            "list",
            "update",
            "delete",
            "count"
        ]
    );
}

#[test]
fn every_scoped_statement_filters_on_the_tenant() {
    let file = generated(&RustOptions::default());
    let statements = |type_name: &str| -> Vec<String> {
        literals(&file, type_name)
            .into_iter()
            .filter(|l| l.starts_with("SELECT") || l.starts_with("DELETE"))
            .collect()
    };
    let projects = statements("ProjectQueries");
    assert_eq!(projects.len(), 6, "{projects:#?}");
    for sql in &projects {
        assert!(sql.contains("org_id = $"), "{sql}");
    }
    // Two hops: comments → tasks → projects.org_id.
    let comments = statements("CommentQueries");
    for sql in &comments {
        assert!(
            sql.contains(
                "EXISTS (SELECT 1 FROM tasks parent_1 JOIN projects parent_2 ON parent_2.id = \
                 parent_1.project_id WHERE parent_1.id = comments.task_id AND parent_2.org_id = $"
            ),
            "{sql}"
        );
    }
    // Dynamic statements are assembled from static pieces, the tenant among the binds.
    let updates = literals(&file, "TaskQueries");
    assert!(
        updates.contains(&"updated_at = now()".to_string()),
        "{updates:#?}"
    );
    assert!(
        updates
            .iter()
            .any(|l| l.starts_with(" AND EXISTS (SELECT 1 FROM projects"))
    );
    // The escape hatch filters on nothing.
    for sql in statements("UnscopedCommentQueries") {
        assert!(!sql.contains("EXISTS"), "{sql}");
    }
}

#[test]
fn the_scope_can_be_renamed_and_its_names_are_checked() {
    let mut options = RustOptions::default();
    options.scope_name("TenantScope");
    let file = generated(&options);
    assert!(methods(&file, "OrgScope").is_empty());
    assert_eq!(methods(&file, "TenantScope")[0], "new");

    options.scope_name("Project");
    let found = problems(&schema(APP), &options);
    assert!(
        found
            .iter()
            .any(|p| p.contains("both generate the Rust type `Project`")),
        "{found:?}"
    );
    options.scope_name("not an ident");
    assert!(!problems(&schema(APP), &options).is_empty());
}

#[test]
fn a_schema_without_a_tenant_root_has_no_scope() {
    let text = file(
        &schema("table notes {\n  id uuid primary_key\n  body text\n}\n"),
        &RustOptions::default(),
    );
    let file = syn::parse_file(&text).unwrap();
    assert!(!text.contains("Unscoped") && !text.contains("Scope"));
    assert_eq!(
        methods(&file, "Note"),
        [
            "insert",
            "insert_many",
            "get",
            "list",
            "update",
            "delete",
            "count"
        ]
    );
}

#[test]
fn helpers_are_in_the_tokens_every_front_end_uses() {
    let schema = schema(APP);
    let tokens = crate::emit::rust::tokens(&schema, &RustOptions::default()).to_string();
    assert!(tokens.contains("pub struct OrgScope"));
    assert!(tokens.contains("i_am_bypassing_tenant_isolation"));
}

#[test]
fn the_scope_supplies_a_tenant_column_in_the_primary_key() {
    let text = format!(
        "{APP}\ntable org_settings {{\n  tenant org_id\n  org_id uuid primary_key references(orgs.id)\n  \
         theme text\n}}\ntable labels {{\n  tenant org_id\n  org_id uuid references(orgs.id)\n  \
         name text\n  primary_key(org_id, name)\n}}\n"
    );
    let text = file(&schema(&text), &RustOptions::default());
    let file = syn::parse_file(&text).unwrap();
    assert_eq!(
        methods(&file, "OrgSettingQueries"),
        [
            "insert",
            "insert_many",
            "get",
            "list",
            "update",
            "delete",
            "count"
        ]
    );
    assert!(text.contains("\"SELECT org_id, theme FROM org_settings WHERE org_id = $1\""));
    assert!(text.contains("\"SELECT org_id, name FROM labels WHERE name = $1 AND org_id = $2\""));
}
