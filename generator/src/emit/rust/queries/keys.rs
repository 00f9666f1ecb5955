//! Which keys the helpers take: the primary key of `get`, `update` and `delete`, one
//! `get_by_*` for each unique key, one `list_by_*` for each foreign key. In a scope the
//! tenant column is no key column: the scope supplies it.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;

use super::Methods;
use super::statements::Access;
use crate::emit::rust::model::{ColumnModel, TableModel};

/// A key of a statement: its columns, as parameters.
pub(super) struct Key<'a> {
    pub(super) columns: Vec<&'a ColumnModel<'a>>,
}

impl Key<'_> {
    /// The key's column names, as the statements name them.
    pub(super) fn names(&self) -> Vec<&str> {
        self.columns.iter().map(|c| c.ir.name.as_str()).collect()
    }
}

impl<'a> Methods<'a> {
    /// The key of `get`, `update` and `delete`: the primary key (less the tenant column the
    /// scope supplies), or nothing for the root's own row (the scope is the key). `None`
    /// without a primary key.
    pub(super) fn primary_key(&self) -> Option<Key<'a>> {
        let pk = self.table.ir.primary_key.as_ref()?;
        if self.access == Access::Own {
            return Some(Key { columns: vec![] });
        }
        Some(self.key(&self.without_tenant(&pk.columns)))
    }

    fn key(&self, columns: &[String]) -> Key<'a> {
        Key {
            columns: columns
                .iter()
                .filter_map(|c| self.table.column(c))
                .map(|c| self.column_ref(c))
                .collect(),
        }
    }

    /// The same column model with the table's lifetime (`TableModel::column` shortens it).
    fn column_ref(&self, column: &ColumnModel) -> &'a ColumnModel<'a> {
        self.table
            .columns
            .iter()
            .find(|c| c.ir.name == column.ir.name)
            .expect("the column is the table's")
    }

    /// The scope supplies the tenant column: it is no parameter of a scoped statement.
    fn without_tenant(&self, columns: &[String]) -> Vec<String> {
        let tenant = match (self.access, self.table.ir.tenant_column()) {
            (Access::Tenant, Some(tenant)) => tenant,
            _ => return columns.to_vec(),
        };
        columns.iter().filter(|c| *c != tenant).cloned().collect()
    }

    pub(super) fn get_by_uniques(&self) -> Vec<TokenStream> {
        let ir = self.table.ir;
        let pk: BTreeSet<&String> = ir.primary_key.iter().flat_map(|pk| &pk.columns).collect();
        let mut seen: BTreeSet<Vec<String>> = BTreeSet::new();
        let mut names: BTreeSet<String> = BTreeSet::new();
        let index_keys = ir
            .indexes
            .iter()
            .filter(|i| i.unique && i.predicate.is_none())
            .filter_map(|i| i.column_names());
        let keys = ir
            .uniques
            .iter()
            .map(|u| u.columns.clone())
            .chain(index_keys);
        let mut methods = Vec::new();
        for columns in keys {
            let mut sorted = columns.clone();
            sorted.sort();
            if columns.iter().collect::<BTreeSet<_>>() == pk || !seen.insert(sorted) {
                continue;
            }
            let remaining = self.without_tenant(&columns);
            let named = if remaining.is_empty() {
                &columns
            } else {
                &remaining
            };
            let name = format!("get_by_{}", method_words(self.table, named));
            if !names.insert(name.clone()) {
                continue;
            }
            let key = self.key(&remaining);
            methods.push(self.fetch_one_by(&name, &key, &columns));
        }
        methods
    }

    pub(super) fn list_by_foreign_keys(&self) -> Vec<TokenStream> {
        let mut names: BTreeSet<String> = BTreeSet::new();
        let mut methods = Vec::new();
        for fk in &self.table.ir.foreign_keys {
            let remaining = self.without_tenant(&fk.columns);
            if remaining.is_empty() {
                continue;
            }
            let name = format!("list_by_{}", method_words(self.table, &remaining));
            if !names.insert(name.clone()) {
                continue;
            }
            methods.push(self.list(&name, &self.key(&remaining)));
        }
        methods
    }
}

/// `a_and_b` for the columns of a `get_by_…` or `list_by_…`, as their field names.
fn method_words(table: &TableModel, columns: &[String]) -> String {
    columns
        .iter()
        .map(|c| {
            table.column(c).map_or_else(
                || c.clone(),
                |c| c.field.to_string().trim_start_matches("r#").to_string(),
            )
        })
        .collect::<Vec<_>>()
        .join("_and_")
}
