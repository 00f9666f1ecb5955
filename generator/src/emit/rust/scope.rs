//! The tenant scope type (e.g. `OrganizationScope`), the only way to the helpers of
//! tenant-scoped tables, and the escape hatch `Unscoped` beside it.

use std::fmt::Write;

use schemaforge_schema::ir::Tenancy;

use super::Ctx;
use super::docs::{code, doc};
use super::model::{Model, TableModel};

/// Nothing for a schema without a tenant root.
pub fn emit(out: &mut String, ctx: &Ctx, model: &Model) {
    let Some(scope) = &model.scope else {
        return;
    };
    let rt = &ctx.rt;
    let p = &ctx.private;
    let name = &scope.ident;
    let unscoped = &scope.unscoped;
    let id = &scope.id.ty;
    let root_name = &scope.root;
    let scoped: Vec<&TableModel> = model
        .tables
        .iter()
        .filter(|t| t.ir.tenancy.is_scoped())
        .collect();
    let root = model.tables.iter().find(|t| t.ir.tenancy == Tenancy::Root);
    let scoped_list: Vec<String> = scoped.iter().map(|t| code(&t.ir.name)).collect();

    let summary = format!(
        "A tenant scope: one row of {}, whose tenant-scoped tables ({}) are reachable only \
         through it.",
        code(root_name),
        scoped_list.join(", ")
    );
    let rules = "Every statement of its helpers filters on the tenant, and inserts take the \
                 tenant from the scope; a row of another tenant behaves as a missing one. \
                 [`begin`](Self::begin) opens a transaction in which Row-Level Security policies \
                 (when the DDL has them) see the same tenant.";
    let escape =
        format!("The same reads and writes across tenants exist only behind [`{unscoped}`].");
    doc(
        out,
        "",
        [Some(summary.as_str()), Some(rules), Some(&escape)],
    );
    let copy = if scope.id.copy { "Copy, " } else { "" };
    let eq = if scope.id.eq { ", Eq, Hash" } else { "" };
    let _ = writeln!(out, "#[derive(Debug, Clone, {copy}PartialEq{eq})]");
    ctx.user_attributes(out, "", root_name, name);
    let _ = writeln!(out, "pub struct {name} {{\n    tenant_id: {id},\n}}\n");
    let _ = writeln!(out, "impl {name} {{");
    let _ = writeln!(
        out,
        "    /// The scope of one tenant.
    #[must_use]
    pub const fn new(tenant_id: {id}) -> Self {{
        Self {{ tenant_id }}
    }}

    /// The tenant's id.
    #[must_use]
    pub const fn tenant_id(&self) -> &{id} {{
        &self.tenant_id
    }}

    /// Begins a transaction (a savepoint inside one) in which the setting `app.tenant_id`
    /// holds this tenant, local to the transaction, for Row-Level Security policies. Run the
    /// helpers (and any SQL of your own) on it.
    pub async fn begin<'c>(
        &self,
        conn: impl {p}::sqlx::Acquire<'c, Database = {p}::sqlx::Postgres>,
    ) -> {rt}::Result<{p}::sqlx::Transaction<'c, {p}::sqlx::Postgres>> {{
        {rt}::begin(self, conn).await
    }}
"
    );
    if let Some(root) = root {
        let what = format!(
            "The helpers of the scope's own row of {}: read, update or delete it.",
            code(&root.ir.name)
        );
        accessor(
            out,
            &what,
            &scope.root_accessor,
            &root.queries,
            &format!("{rt}::OwnRow::new(self)"),
            true,
        );
    }
    for t in &scoped {
        scoped_accessor(out, ctx, t);
    }
    let _ = writeln!(out, "}}\n");

    let _ = writeln!(
        out,
        "impl {rt}::Scope for {name} {{
    const ROOT_TABLE: &'static str = {root:?};
    type TenantId = {id};
    fn tenant_id(&self) -> &{id} {{
        &self.tenant_id
    }}
    fn tenant_key(&self) -> ::std::string::String {{
        ::std::string::ToString::to_string(&self.tenant_id)
    }}{set_tenant}
}}
",
        root = root_name,
        set_tenant = match ctx.options.citus {
            true => format!("\n    const SET_TENANT: &'static str = {rt}::CITUS_SET_TENANT;"),
            false => String::new(),
        },
    );

    let unscoped_docs = format!(
        "The escape hatch: the helpers of the tenant root and of the tenant-scoped tables \
         across every tenant, with no tenant filter. For operator tooling, and for finding the \
         tenant (by slug, by an API key's hash) before a request has a scope; everything else \
         goes through a [`{name}`]."
    );
    let rls = "With Row-Level Security in the DDL, these helpers see rows only on a connection \
               whose role bypasses it (a superuser or a role with `BYPASSRLS`).";
    doc(out, "", [Some(unscoped_docs.as_str()), Some(rls)]);
    let _ = writeln!(
        out,
        "#[derive(Debug, Clone, Copy)]
pub struct {unscoped} {{
    _private: (),
}}

impl {unscoped} {{
    /// Every tenant's rows, with no tenant filter.
    ///
    /// The name is meant to stand out in review: use a [`{name}`] wherever a tenant is known.
    #[must_use]
    pub const fn i_am_bypassing_tenant_isolation() -> Self {{
        Self {{ _private: () }}
    }}
"
    );
    for t in root.into_iter().chain(scoped.iter().copied()) {
        unscoped_accessor(out, ctx, t);
    }
    let _ = writeln!(out, "}}\n");
}

/// The scope's method that reaches a scoped table's helpers (for a derive, in an `impl` of
/// its own).
pub fn scoped_accessor(out: &mut String, ctx: &Ctx, t: &TableModel) {
    let what = format!("The helpers of {} within this scope.", code(&t.ir.name));
    let make = format!("{}::Scoped::new(self)", ctx.rt);
    accessor(out, &what, &t.accessor, &t.queries, &make, true);
}

/// The escape hatch's method that reaches a table's helpers across tenants.
pub fn unscoped_accessor(out: &mut String, ctx: &Ctx, t: &TableModel) {
    let what = format!("The helpers of {} across every tenant.", code(&t.ir.name));
    let make = format!("{}::AllTenants::i_am_bypassing_tenant_isolation()", ctx.rt);
    accessor(out, &what, &t.accessor, &t.unscoped_queries, &make, false);
}

fn accessor(out: &mut String, what: &str, method: &str, handle: &str, make: &str, scoped: bool) {
    doc(out, "    ", [Some(what)]);
    let lifetime = if scoped { "<'_>" } else { "" };
    let _ = writeln!(
        out,
        "    #[must_use]\n    pub const fn {method}(&self) -> {handle}{lifetime} {{ {handle}({make}) }}"
    );
}
