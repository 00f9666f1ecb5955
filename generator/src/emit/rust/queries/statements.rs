//! The SQL of one table's helpers, as text: static statements with `$n` parameters, and the
//! static pieces of the statements whose shape depends on which fields are set.

use schemaforge_schema::ir::{Column, ColumnType, ScalarType, Schema, Table};

use crate::emit::sql::quote_ident;
use crate::emit::sql::tenant::{Filter, TenantPath};

/// The parts of a `tenant via` path a derive does not see, as they stand in its statements'
/// text: the parents' `FROM`, the first parent's key, and the tenant column. A NUL is in no
/// Postgres identifier.
pub const MARKS: [&str; 3] = ["\0from\0", "\0link\0", "\0tenant\0"];

/// Which rows a statement may reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Every row: an unscoped table, or the escape hatch.
    All,
    /// The rows of the scope's tenant: a `tenant col` or `tenant via` table.
    Tenant,
    /// The tenant root's one row whose key is the scope's tenant.
    Own,
}

pub struct Sql<'a> {
    pub table: &'a Table,
    name: String,
    path: Option<TenantPath>,
}

impl<'a> Sql<'a> {
    pub fn new(schema: &Schema, table: &'a Table) -> Sql<'a> {
        Sql {
            table,
            name: quote_ident(&table.name).into_owned(),
            path: TenantPath::of(schema, table),
        }
    }

    pub fn path(&self) -> Option<&TenantPath> {
        self.path.as_ref()
    }

    /// For a derive of a `tenant via` table, which sees only its first parent: the parts of
    /// the path beyond the table itself become [`MARKS`], which the statements' Rust fills in
    /// at compile time from the table's `schemaforge::TenantScoped` way.
    pub fn mark_via_path(&mut self) {
        if let Some(TenantPath::Via { table, column, .. }) = &self.path {
            let [from, link, tenant] = MARKS;
            self.path = Some(TenantPath::Via {
                table: table.clone(),
                column: column.clone(),
                from: from.to_string(),
                link: link.to_string(),
                tenant: tenant.to_string(),
            });
        }
    }

    /// Every column, for `SELECT` and `RETURNING`.
    pub fn columns(&self) -> String {
        list(self.table.columns.iter().map(|c| c.name.as_str()))
    }

    pub fn returning(&self) -> String {
        format!(" RETURNING {}", self.columns())
    }

    /// The stable order of `list`: the primary key, or (without one) every column that
    /// Postgres can sort.
    fn order(&self) -> String {
        match &self.table.primary_key {
            Some(pk) => list(pk.columns.iter().map(String::as_str)),
            None => list(
                self.table
                    .columns
                    .iter()
                    .filter(|c| sortable(&c.ty))
                    .map(|c| c.name.as_str()),
            ),
        }
    }

    /// The condition on the tenant, with a hole for it.
    pub fn tenant_filter(&self, access: Access) -> Option<Filter> {
        match access {
            Access::All => None,
            Access::Tenant => self.path.as_ref().map(TenantPath::row_filter),
            Access::Own => {
                let pk = self.table.primary_key.as_ref()?;
                Some(Filter {
                    before: format!("{} = ", list(pk.columns.iter().map(String::as_str))),
                    after: String::new(),
                })
            }
        }
    }

    /// `WHERE k1 = $1 AND … AND <tenant> = $n`, or nothing; and the next parameter number.
    fn where_clause(&self, keys: &[&str], access: Access) -> (String, usize) {
        let mut conditions: Vec<String> = keys
            .iter()
            .enumerate()
            .map(|(i, key)| format!("{} = ${}", quote_ident(key), i + 1))
            .collect();
        let mut next = keys.len() + 1;
        if let Some(filter) = self.tenant_filter(access) {
            conditions.push(filter.with(&format!("${next}")));
            next += 1;
        }
        if conditions.is_empty() {
            (String::new(), next)
        } else {
            (format!(" WHERE {}", conditions.join(" AND ")), next)
        }
    }

    /// The row with these key values: `SELECT … WHERE k1 = $1 … [AND tenant = $n]`.
    pub fn select(&self, keys: &[&str], access: Access) -> String {
        let (condition, _) = self.where_clause(keys, access);
        format!("SELECT {} FROM {}{condition}", self.columns(), self.name)
    }

    /// A page of the rows with these key values, in the stable order.
    pub fn list(&self, keys: &[&str], access: Access) -> String {
        let (condition, next) = self.where_clause(keys, access);
        format!(
            "SELECT {} FROM {}{condition} ORDER BY {} LIMIT ${next} OFFSET ${}",
            self.columns(),
            self.name,
            self.order(),
            next + 1
        )
    }

    pub fn count(&self, access: Access) -> String {
        let (condition, _) = self.where_clause(&[], access);
        format!("SELECT count(*) FROM {}{condition}", self.name)
    }

    pub fn delete(&self, keys: &[&str], access: Access) -> String {
        let (condition, _) = self.where_clause(keys, access);
        format!("DELETE FROM {}{condition}{}", self.name, self.returning())
    }

    /// `UPDATE t SET `: the assignments follow, then [`Sql::update_where`].
    pub fn update_head(&self) -> String {
        format!("UPDATE {} SET ", self.name)
    }

    /// `col = ` for an assignment.
    pub fn assign(column: &Column) -> String {
        format!("{} = ", quote_ident(&column.name))
    }

    /// The pieces after the assignments: ` WHERE k1 = `, ` AND k2 = `, …, then the tenant
    /// filter's `before`, and last its `after` with `RETURNING`. A value goes after each piece
    /// but the last.
    pub fn update_where(&self, keys: &[&str], access: Access) -> Vec<String> {
        let mut pieces: Vec<String> = keys
            .iter()
            .enumerate()
            .map(|(i, key)| {
                let word = if i == 0 { " WHERE " } else { " AND " };
                format!("{word}{} = ", quote_ident(key))
            })
            .collect();
        let mut last = String::new();
        if let Some(filter) = self.tenant_filter(access) {
            let word = if keys.is_empty() { " WHERE " } else { " AND " };
            pieces.push(format!("{word}{}", filter.before));
            last = filter.after;
        }
        last.push_str(&self.returning());
        pieces.push(last);
        pieces
    }

    /// The columns an insert names, in table order: all but the generated ones.
    pub fn insert_columns(&self) -> Vec<&'a Column> {
        self.table
            .columns
            .iter()
            .filter(|c| !c.is_generated_always())
            .collect()
    }

    /// `INSERT INTO t (every insertable column) VALUES `: a tuple per row follows, with a
    /// value or `DEFAULT` for each column.
    pub fn insert_head(&self) -> String {
        format!(
            "INSERT INTO {} ({}) VALUES ",
            self.name,
            list(self.insert_columns().iter().map(|c| c.name.as_str()))
        )
    }

    /// `INSERT INTO t (`: for a `tenant via` table, whose inserts name only the columns set
    /// and take their values from a `SELECT` that checks the parent.
    pub fn insert_into(&self) -> String {
        format!("INSERT INTO {} (", self.name)
    }
}

/// Column names, quoted as needed, separated by commas.
pub fn list<'n>(names: impl Iterator<Item = &'n str>) -> String {
    names
        .map(|n| quote_ident(n).into_owned())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether Postgres can order by a column of this type (`json` has no ordering).
fn sortable(ty: &ColumnType) -> bool {
    !matches!(ty.element(), ColumnType::Scalar(ScalarType::Json))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> Schema {
        let mut sources = schemaforge_schema::Sources::new();
        sources.add(
            "t.forge",
            "table orgs {\n  tenant_root\n  id uuid primary_key\n}\n\
             table tasks {\n  tenant org_id\n  id uuid primary_key\n  org_id uuid references(orgs.id)\n  \
             title text\n  \"order\" integer?\n}\n\
             table assignees {\n  tenant via task_id\n  task_id uuid references(tasks.id)\n  \
             who text\n  primary_key(task_id, who)\n}\n\
             table log {\n  no_primary_key\n  at date\n  body json\n}\n",
        );
        schemaforge_schema::compile(&sources).unwrap_or_else(|d| panic!("{}", d.render(&sources)))
    }

    #[test]
    fn scoped_statements_filter_on_the_tenant_after_the_keys() {
        let schema = schema();
        let sql = Sql::new(&schema, schema.table("tasks").unwrap());
        assert_eq!(
            sql.select(&["id"], Access::Tenant),
            "SELECT id, org_id, title, \"order\" FROM tasks WHERE id = $1 AND org_id = $2"
        );
        assert_eq!(
            sql.list(&[], Access::Tenant),
            "SELECT id, org_id, title, \"order\" FROM tasks WHERE org_id = $1 ORDER BY id \
             LIMIT $2 OFFSET $3"
        );
        assert_eq!(sql.count(Access::All), "SELECT count(*) FROM tasks");
        assert_eq!(
            sql.delete(&["id"], Access::Tenant),
            "DELETE FROM tasks WHERE id = $1 AND org_id = $2 RETURNING id, org_id, title, \"order\""
        );
        assert_eq!(
            sql.insert_head(),
            "INSERT INTO tasks (id, org_id, title, \"order\") VALUES "
        );
    }

    #[test]
    fn via_statements_go_through_the_parent() {
        let schema = schema();
        let sql = Sql::new(&schema, schema.table("assignees").unwrap());
        assert_eq!(
            sql.select(&["task_id", "who"], Access::Tenant),
            "SELECT task_id, who FROM assignees WHERE task_id = $1 AND who = $2 AND EXISTS \
             (SELECT 1 FROM tasks parent_1 WHERE parent_1.id = assignees.task_id AND \
             parent_1.org_id = $3)"
        );
        assert_eq!(
            sql.update_where(&["task_id", "who"], Access::Tenant),
            [
                " WHERE task_id = ",
                " AND who = ",
                " AND EXISTS (SELECT 1 FROM tasks parent_1 WHERE parent_1.id = assignees.task_id \
                 AND parent_1.org_id = ",
                ") RETURNING task_id, who",
            ]
        );
    }

    #[test]
    fn the_root_in_a_scope_is_its_own_row() {
        let schema = schema();
        let sql = Sql::new(&schema, schema.table("orgs").unwrap());
        assert_eq!(
            sql.select(&[], Access::Own),
            "SELECT id FROM orgs WHERE id = $1"
        );
        assert_eq!(
            sql.update_where(&[], Access::Own),
            [" WHERE id = ", " RETURNING id"]
        );
    }

    #[test]
    fn tables_without_a_key_list_in_the_order_of_their_sortable_columns() {
        let schema = schema();
        let sql = Sql::new(&schema, schema.table("log").unwrap());
        assert_eq!(
            sql.list(&[], Access::All),
            "SELECT at, body FROM log ORDER BY at LIMIT $1 OFFSET $2"
        );
    }
}
