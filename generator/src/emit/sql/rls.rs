//! Row-Level Security: policies that show a session only its tenant's rows.

use schemaforge_schema::ir::{Schema, Table, Tenancy};

use super::ident::{quote_ident, quote_literal};
use super::tenant::{TenantPath, tenant_type};

/// The setting the policies read, which a scope's transaction sets with
/// `set_config('app.tenant_id', …, true)`.
pub const TENANT_SETTING: &str = "app.tenant_id";

/// For every tenant-scoped table, in schema order: `ENABLE` and `FORCE ROW LEVEL SECURITY`
/// (so that the table's owner is held to the policy too), and one policy for every command
/// that admits a row only when it belongs to the tenant in [`TENANT_SETTING`]. With no tenant
/// set (or an empty one, as a transaction-local setting leaves behind) no row qualifies. The
/// tenant root too: within a scope a session sees and changes only its tenant's row, and
/// only with no tenant set (where tenants are created and looked up) every row.
pub(crate) fn statements(schema: &Schema) -> Vec<String> {
    let Some(ty) = tenant_type(schema) else {
        return Vec::new();
    };
    let current = format!(
        "nullif(current_setting({}, true), '')::{ty}",
        quote_literal(TENANT_SETTING)
    );
    // "No tenant set" without `IS NULL`, which Citus cannot send to the workers in a policy
    // ("unrecognized node type").
    let unset = format!(
        "coalesce(current_setting({}, true), '') = ''",
        quote_literal(TENANT_SETTING)
    );
    let mut statements = Vec::new();
    for table in &schema.tables {
        let condition = match TenantPath::of(schema, table) {
            Some(path) => path.row_filter().with(&current),
            // A schema of an older format is written as it was: without the root's policy,
            // which a migration from it then adds.
            None if schema.format < 1 => continue,
            None => match root_key(table) {
                // The root's own row, within a scope; outside any (no tenant set) the
                // directory of tenants, which is where tenants are created and found.
                Some(key) => format!("{} = {current} OR {unset}", quote_ident(key)),
                None => continue,
            },
        };
        if statements.is_empty() {
            statements.push(format!(
                "-- Row-Level Security: a session sees and writes only the rows of the tenant in\n\
                 -- {TENANT_SETTING}, set per transaction with set_config('{TENANT_SETTING}', <id>, true);\n\
                 -- of the tenant root, only that tenant's row (every row while no tenant is set)."
            ));
        }
        let name = quote_ident(&table.name);
        statements.push(enable(&table.name));
        statements.push(format!("ALTER TABLE {name} FORCE ROW LEVEL SECURITY;"));
        // Permissive policies admit a row that any one of them admits: beside a permissive
        // policy of the schema's own, the tenant's must be restrictive, or that policy
        // would show the rows of every tenant.
        let kind = match table.policies.iter().any(|p| !p.restrictive) {
            true => " AS RESTRICTIVE",
            false => "",
        };
        statements.push(format!(
            "CREATE POLICY tenant_isolation ON {name}{kind}\n    USING ({condition})\n    WITH CHECK ({condition});"
        ));
    }
    statements
}

/// `ALTER TABLE name ENABLE ROW LEVEL SECURITY;`.
pub(crate) fn enable(table: &str) -> String {
    format!(
        "ALTER TABLE {} ENABLE ROW LEVEL SECURITY;",
        quote_ident(table)
    )
}

/// The one-column key of the tenant root, which its policy compares with the tenant.
fn root_key(table: &Table) -> Option<&str> {
    if table.tenancy != Tenancy::Root {
        return None;
    }
    match table.primary_key.as_ref()?.columns.as_slice() {
        [key] => Some(key),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{SqlOptions, emit};
    use schemaforge_schema::ir::Schema;

    fn schema(text: &str) -> Schema {
        let mut sources = schemaforge_schema::Sources::new();
        sources.add("app.forge", text);
        schemaforge_schema::compile(&sources).unwrap_or_else(|d| panic!("{}", d.render(&sources)))
    }

    const APP: &str = "
table orgs {
  tenant_root
  id bigint primary_key identity
}
table notes {
  tenant org_id
  id     uuid primary_key
  org_id bigint references(orgs.id)
}
table tags {
  tenant via note_id
  id      uuid primary_key
  note_id uuid references(notes.id)
}
table users {
  id text primary_key
}
";

    fn with_rls(schema: &Schema) -> String {
        let mut options = SqlOptions::default();
        options.row_level_security(true);
        emit(schema, &options)
    }

    #[test]
    fn off_by_default_and_only_appended_when_on() {
        let schema = schema(APP);
        let plain = emit(&schema, &SqlOptions::default());
        assert!(!plain.contains("ROW LEVEL SECURITY") && !plain.contains("POLICY"));
        let rls = with_rls(&schema);
        let (head, tail) = rls.split_at(plain.len() - 1);
        assert_eq!(head, plain.trim_end_matches('\n'));
        assert_eq!(
            tail,
            "\n\n-- Row-Level Security: a session sees and writes only the rows of the tenant in\n\
             -- app.tenant_id, set per transaction with set_config('app.tenant_id', <id>, true);\n\
             -- of the tenant root, only that tenant's row (every row while no tenant is set).\n\n\
             ALTER TABLE orgs ENABLE ROW LEVEL SECURITY;\n\n\
             ALTER TABLE orgs FORCE ROW LEVEL SECURITY;\n\n\
             CREATE POLICY tenant_isolation ON orgs\n    \
             USING (id = nullif(current_setting('app.tenant_id', true), '')::bigint OR \
             coalesce(current_setting('app.tenant_id', true), '') = '')\n    \
             WITH CHECK (id = nullif(current_setting('app.tenant_id', true), '')::bigint OR \
             coalesce(current_setting('app.tenant_id', true), '') = '');\n\n\
             ALTER TABLE notes ENABLE ROW LEVEL SECURITY;\n\n\
             ALTER TABLE notes FORCE ROW LEVEL SECURITY;\n\n\
             CREATE POLICY tenant_isolation ON notes\n    \
             USING (org_id = nullif(current_setting('app.tenant_id', true), '')::bigint)\n    \
             WITH CHECK (org_id = nullif(current_setting('app.tenant_id', true), '')::bigint);\n\n\
             ALTER TABLE tags ENABLE ROW LEVEL SECURITY;\n\n\
             ALTER TABLE tags FORCE ROW LEVEL SECURITY;\n\n\
             CREATE POLICY tenant_isolation ON tags\n    \
             USING (org_id = nullif(current_setting('app.tenant_id', true), '')::bigint)\n    \
             WITH CHECK (org_id = nullif(current_setting('app.tenant_id', true), '')::bigint);\n"
        );
    }

    #[test]
    fn a_schema_without_tenants_gets_nothing() {
        let schema = schema("table users {\n  id text primary_key\n}\n");
        assert_eq!(with_rls(&schema), emit(&schema, &SqlOptions::default()));
    }

    #[test]
    fn sqlparser_reads_every_statement() {
        use sqlparser::dialect::PostgreSqlDialect;
        use sqlparser::parser::Parser;
        let sql = with_rls(&schema(APP));
        let statements =
            Parser::parse_sql(&PostgreSqlDialect {}, &sql).unwrap_or_else(|e| panic!("{e}\n{sql}"));
        let policies = statements
            .iter()
            .filter(|s| matches!(s, sqlparser::ast::Statement::CreatePolicy { .. }))
            .count();
        // The root's, and one per scoped table.
        assert_eq!(policies, 3);
    }
}
