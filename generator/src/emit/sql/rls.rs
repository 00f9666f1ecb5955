//! Row-Level Security: policies that show a session only its tenant's rows.

use schemaforge_schema::ir::{PolicyCommand, Schema, Table, Tenancy};

use super::ident::{quote_ident, quote_literal};
use super::tenant::{TenantPath, tenant_type};

/// The setting the policies read, which a scope's transaction sets with
/// `set_config('app.tenant_id', …, true)`.
pub const TENANT_SETTING: &str = "app.tenant_id";

/// The tenant's policies of one table, as [`statements`] writes them.
pub(crate) struct TablePolicies {
    /// The relation the policies are on: the table, or one of its partitions.
    pub(crate) relation: String,
    /// `(name, CREATE POLICY statement)`, in the order they are created.
    pub(crate) policies: Vec<(String, String)>,
}

/// The name of the tenant's policy, and the prefix of those it adds for commands the
/// schema's own policies leave alone.
pub(crate) const TENANT_POLICY: &str = "tenant_isolation";

/// For every tenant-scoped table, in schema order, the policies that admit a row only when
/// it belongs to the tenant in [`TENANT_SETTING`]. With no tenant set (or an empty one, as a
/// transaction-local setting leaves behind) no row qualifies. The tenant root too: within a
/// scope a session sees and changes only its tenant's row, and only with no tenant set
/// (where tenants are created and looked up) every row.
///
/// Postgres admits a row that any one permissive policy admits, and refuses a command that
/// no permissive policy applies to. A table without permissive policies of its own gets
/// one permissive `tenant_isolation` for every command. Beside one of the schema's own, the
/// tenant's must be restrictive (else that policy would show every tenant's rows), and the
/// commands no own permissive policy names get a permissive `tenant_isolation_<command>`,
/// so that they keep every row of the tenant rather than none: the schema's policies narrow
/// the commands they name and leave the others as they were.
pub(crate) fn tables(schema: &Schema) -> Vec<TablePolicies> {
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
    let mut out = Vec::new();
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
        let named: Vec<PolicyCommand> = table
            .policies
            .iter()
            .filter(|p| !p.restrictive)
            .flat_map(|p| match p.command {
                PolicyCommand::All => COMMANDS.to_vec(),
                command => vec![command],
            })
            .collect();
        let policies = policies_on(&quote_ident(&table.name), &condition, &named, schema.format);
        out.push(TablePolicies {
            relation: table.name.clone(),
            policies,
        });
        // A partition queried by its own name is held to its own policies, not its
        // parent's: each gets the tenant's, alone (the schema's own policies are the
        // parent's, and apply to queries through it).
        let partitions = table.partitioning.iter().flat_map(|p| &p.partitions);
        for part in partitions {
            out.push(TablePolicies {
                relation: part.name.clone(),
                policies: policies_on(&quote_ident(&part.name), &condition, &[], schema.format),
            });
        }
    }
    out
}

/// The tenant's policies on the relation `name` (quoted), admitting the rows `condition`
/// admits, beside the schema's own permissive policies for the commands `named`.
fn policies_on(
    name: &str,
    condition: &str,
    named: &[PolicyCommand],
    format: u32,
) -> Vec<(String, String)> {
    let both = format!("\n    USING ({condition})\n    WITH CHECK ({condition});");
    let mut policies = Vec::new();
    if named.is_empty() {
        let sql = format!("CREATE POLICY {TENANT_POLICY} ON {name}{both}");
        policies.push((TENANT_POLICY.to_string(), sql));
    } else {
        let sql = format!("CREATE POLICY {TENANT_POLICY} ON {name} AS RESTRICTIVE{both}");
        policies.push((TENANT_POLICY.to_string(), sql));
        // Before format 2 the tenant's policy stood alone (and the unnamed commands
        // were refused): a migration from such a schema adds these.
        let unnamed = COMMANDS
            .iter()
            .filter(|c| format >= 2 && !named.contains(c));
        for command in unnamed {
            let keyword = command.sql();
            let policy = format!("{TENANT_POLICY}_{}", keyword.to_lowercase());
            let clauses = match command {
                PolicyCommand::Insert => format!("\n    WITH CHECK ({condition});"),
                PolicyCommand::Update => both.clone(),
                _ => format!("\n    USING ({condition});"),
            };
            let sql = format!("CREATE POLICY {policy} ON {name} FOR {keyword}{clauses}");
            policies.push((policy, sql));
        }
    }
    policies
}

/// The commands a policy can be for, `all` aside.
const COMMANDS: [PolicyCommand; 4] = [
    PolicyCommand::Select,
    PolicyCommand::Insert,
    PolicyCommand::Update,
    PolicyCommand::Delete,
];

/// For every table of [`tables`]: `ENABLE` and `FORCE ROW LEVEL SECURITY` (so that the
/// table's owner is held to the policies too) and its policies.
pub(crate) fn statements(schema: &Schema) -> Vec<String> {
    let tables = tables(schema);
    let mut statements = Vec::new();
    if !tables.is_empty() {
        statements.push(format!(
            "-- Row-Level Security: a session sees and writes only the rows of the tenant in\n\
             -- {TENANT_SETTING}, set per transaction with set_config('{TENANT_SETTING}', <id>, true);\n\
             -- of the tenant root, only that tenant's row (every row while no tenant is set)."
        ));
    }
    for t in tables {
        statements.push(enable(&t.relation));
        statements.push(format!(
            "ALTER TABLE {} FORCE ROW LEVEL SECURITY;",
            quote_ident(&t.relation)
        ));
        statements.extend(t.policies.into_iter().map(|(_, sql)| sql));
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
    fn own_permissive_policies_narrow_only_the_commands_they_name() {
        let schema = schema(
            "table orgs {\n  tenant_root\n  id bigint primary_key\n}\n\
             table notes {\n  tenant org_id\n  id uuid primary_key\n  \
             org_id bigint references(orgs.id)\n  published boolean\n  \
             policy seen for select using(published)\n  \
             policy edited to(editor) for update using(true)\n  \
             policy capped restrictive for insert with_check(published)\n}\n\
             table tags {\n  tenant org_id\n  id uuid primary_key\n  \
             org_id bigint references(orgs.id)\n  policy everything using(true)\n}\n\
             table marks {\n  tenant org_id\n  id uuid primary_key\n  \
             org_id bigint references(orgs.id)\n  \
             policy capped restrictive for insert with_check(true)\n}\n",
        );
        let by_table: Vec<(String, Vec<String>)> = super::tables(&schema)
            .into_iter()
            .map(|t| {
                (
                    t.relation.clone(),
                    t.policies.into_iter().map(|p| p.1).collect(),
                )
            })
            .collect();
        let tenant = "org_id = nullif(current_setting('app.tenant_id', true), '')::bigint";
        let notes = &by_table[1];
        assert_eq!(notes.0, "notes");
        assert_eq!(
            notes.1,
            vec![
                format!(
                    "CREATE POLICY tenant_isolation ON notes AS RESTRICTIVE\n    \
                     USING ({tenant})\n    WITH CHECK ({tenant});"
                ),
                // Select and update are named (update for one role only, which Postgres
                // then refuses to every other); insert and delete are not.
                format!(
                    "CREATE POLICY tenant_isolation_insert ON notes FOR INSERT\n    \
                     WITH CHECK ({tenant});"
                ),
                format!(
                    "CREATE POLICY tenant_isolation_delete ON notes FOR DELETE\n    \
                     USING ({tenant});"
                ),
            ]
        );
        // `for all` names every command; restrictive policies of the schema's own name none.
        assert_eq!(by_table[2].0, "tags");
        assert_eq!(by_table[2].1.len(), 1);
        assert!(
            by_table[2].1[0].starts_with("CREATE POLICY tenant_isolation ON tags AS RESTRICTIVE\n")
        );
        assert_eq!(by_table[3].0, "marks");
        assert_eq!(by_table[3].1.len(), 1);
        assert!(by_table[3].1[0].starts_with("CREATE POLICY tenant_isolation ON marks\n"));
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
