//! How a tenant-scoped table's rows are matched to a tenant, as SQL: the one place that
//! spells it, for the Row-Level Security policies and for the query helpers alike.

use schemaforge_schema::ir::{Schema, Table, Tenancy};

use super::ident::quote_ident;
use super::table::column_type;

/// The way from a scoped table's row to the column that holds its tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TenantPath {
    /// The table's own column, e.g. `organization_id`.
    Column {
        /// The column, quoted as needed.
        column: String,
    },
    /// Through the foreign key `column` to a parent, and on through the parent's own
    /// `tenant via` links to a table with a tenant column.
    Via {
        /// The table itself, quoted as needed (to qualify `column` inside a subquery).
        table: String,
        /// The foreign key column of the table, quoted as needed.
        column: String,
        /// The subquery's `FROM`: the first parent and a `JOIN` per further link, aliased.
        from: String,
        /// The first parent's key that `column` references, e.g. `parent_1.id`.
        link: String,
        /// The tenant column at the end of the chain, e.g. `parent_1.organization_id`.
        tenant: String,
    },
}

/// A piece of SQL with one hole for the tenant id: `before` + the tenant + `after`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub before: String,
    pub after: String,
}

impl Filter {
    /// The SQL with `tenant` (a `$n` parameter or an expression) in the hole.
    pub fn with(&self, tenant: &str) -> String {
        format!("{}{tenant}{}", self.before, self.after)
    }
}

impl TenantPath {
    /// The path of a table scoped by `tenant col` or `tenant via col`; `None` for the root
    /// and unscoped tables, and for a chain the checker rejected.
    pub fn of(schema: &Schema, table: &Table) -> Option<TenantPath> {
        match &table.tenancy {
            Tenancy::Column { column } => Some(TenantPath::Column {
                column: quote_ident(column).into_owned(),
            }),
            Tenancy::Via {
                column: via,
                parent,
                parent_column,
            } => {
                let alias = |n: usize| {
                    let plain = format!("parent_{n}");
                    if plain == table.name {
                        format!("_parent_{n}")
                    } else {
                        plain
                    }
                };
                let first = alias(1);
                let mut from = format!("{} {first}", quote_ident(parent));
                let link = format!("{first}.{}", quote_ident(parent_column));
                let mut current = schema.table(parent)?;
                let mut current_alias = first;
                let mut hops = 1;
                loop {
                    match &current.tenancy {
                        Tenancy::Column { column } => {
                            let tenant = format!("{current_alias}.{}", quote_ident(column));
                            return Some(TenantPath::Via {
                                table: quote_ident(&table.name).into_owned(),
                                column: quote_ident(via).into_owned(),
                                from,
                                link,
                                tenant,
                            });
                        }
                        Tenancy::Via {
                            column,
                            parent,
                            parent_column,
                        } => {
                            hops += 1;
                            if hops > schema.tables.len() {
                                return None;
                            }
                            let next = alias(hops);
                            from.push_str(&format!(
                                " JOIN {} {next} ON {next}.{} = {current_alias}.{}",
                                quote_ident(parent),
                                quote_ident(parent_column),
                                quote_ident(column)
                            ));
                            current = schema.table(parent)?;
                            current_alias = next;
                        }
                        Tenancy::Root | Tenancy::None => return None,
                    }
                }
            }
            Tenancy::Root | Tenancy::None => None,
        }
    }

    /// A condition on a row of the table (unqualified columns, as in a `WHERE` on that table
    /// alone or in a policy) that holds when the row belongs to the tenant in the hole.
    pub fn row_filter(&self) -> Filter {
        match self {
            TenantPath::Column { column } => Filter {
                before: format!("{column} = "),
                after: String::new(),
            },
            TenantPath::Via {
                table,
                column,
                from,
                link,
                tenant,
            } => Filter {
                before: format!(
                    "EXISTS (SELECT 1 FROM {from} WHERE {link} = {table}.{column} AND {tenant} = "
                ),
                after: ")".to_string(),
            },
        }
    }
}

/// The Postgres type of the tenant id: the tenant root's primary key column's.
pub fn tenant_type(schema: &Schema) -> Option<String> {
    let root = schema.tenant_root()?;
    let pk = root.primary_key.as_ref()?;
    let [column] = pk.columns.as_slice() else {
        return None;
    };
    Some(column_type(&root.column(column)?.ty))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(text: &str) -> Schema {
        let mut sources = schemaforge_schema::Sources::new();
        sources.add("t.forge", text);
        match schemaforge_schema::compile(&sources) {
            Ok(schema) => schema,
            Err(d) => panic!("{}", d.render(&sources)),
        }
    }

    const CHAIN: &str = "
table orgs { tenant_root
  id uuid primary_key }
table projects { tenant org_id
  id uuid primary_key
  org_id uuid references(orgs.id) }
table tasks { tenant via project_id
  id bigint primary_key
  project_id uuid references(projects.id) }
table comments { tenant via task_id
  id bigint primary_key
  task_id bigint references(tasks.id) }
";

    #[test]
    fn column_scoped_tables_compare_their_own_column() {
        let schema = schema(CHAIN);
        let path = TenantPath::of(&schema, schema.table("projects").unwrap()).unwrap();
        assert_eq!(path.row_filter().with("$3"), "org_id = $3");
        assert_eq!(tenant_type(&schema).as_deref(), Some("uuid"));
    }

    #[test]
    fn via_tables_compare_the_tenant_column_they_store() {
        // `tenant via` tables store the tenant (the check adds the column), so a chain of
        // them filters like any scoped table: no join to the parents.
        let schema = schema(CHAIN);
        for table in ["tasks", "comments"] {
            let path = TenantPath::of(&schema, schema.table(table).unwrap()).unwrap();
            assert_eq!(path.row_filter().with("$1"), "org_id = $1", "{table}");
        }
    }

    #[test]
    fn unscoped_tables_and_the_root_have_no_path() {
        let schema = schema(CHAIN);
        assert_eq!(TenantPath::of(&schema, schema.table("orgs").unwrap()), None);
    }
}
