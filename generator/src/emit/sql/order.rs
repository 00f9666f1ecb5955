//! The order in which tables are created, so that every foreign key finds its target.

use std::collections::{BTreeSet, HashMap};

use schemaforge_schema::ir::{ForeignKey, Schema, Table};

/// Tables in creation order, and the foreign keys that must wait until every table exists.
pub(crate) struct Plan<'a> {
    /// Each table with the foreign keys it can declare inline, in creation order.
    pub tables: Vec<Planned<'a>>,
    /// Foreign keys of a dependency cycle, added by `ALTER TABLE` once all tables exist.
    pub deferred: Vec<(&'a Table, &'a ForeignKey)>,
}

/// One table in the plan.
pub(crate) struct Planned<'a> {
    pub table: &'a Table,
    /// The table's foreign keys minus the deferred ones, in IR order.
    pub inline_fks: Vec<&'a ForeignKey>,
}

/// A foreign key to its own table whose target is unique only through a unique index: the
/// index is created after the table, so the key must wait for it.
fn needs_own_index(table: &Table, fk: &ForeignKey) -> bool {
    let same = |key: &[String]| {
        key.len() == fk.references_columns.len()
            && fk.references_columns.iter().all(|c| key.contains(c))
    };
    fk.references_table == table.name
        && !table
            .primary_key
            .as_ref()
            .is_some_and(|pk| same(&pk.columns))
        && !table.uniques.iter().any(|u| same(&u.columns))
}

/// Orders tables so that each comes after every table it references (Kahn's algorithm;
/// among ready tables the first in IR order goes first, so the result is stable).
///
/// When a cycle leaves no table ready, the first remaining table in IR order is created
/// anyway, and only its foreign keys to tables not yet created are deferred. A reference
/// to the table itself, or to a table the schema does not hold, never blocks.
pub(crate) fn plan(schema: &Schema) -> Plan<'_> {
    let tables = &schema.tables;
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, t) in tables.iter().enumerate() {
        index.entry(t.name.as_str()).or_insert(i);
    }
    let targets = |i: usize| -> BTreeSet<usize> {
        tables[i]
            .foreign_keys
            .iter()
            .filter_map(|fk| index.get(fk.references_table.as_str()).copied())
            .filter(|&j| j != i)
            .collect()
    };

    // waiting[i]: how many distinct other tables `i` references that are not created yet.
    let mut waiting = Vec::with_capacity(tables.len());
    let mut dependents = vec![Vec::new(); tables.len()];
    for i in 0..tables.len() {
        let deps = targets(i);
        waiting.push(deps.len());
        for j in deps {
            dependents[j].push(i);
        }
    }
    let mut ready: BTreeSet<usize> = (0..tables.len()).filter(|&i| waiting[i] == 0).collect();
    let mut remaining: BTreeSet<usize> = (0..tables.len()).collect();
    let mut created = vec![false; tables.len()];
    let mut plan = Plan {
        tables: Vec::with_capacity(tables.len()),
        deferred: Vec::new(),
    };

    while let Some(&first_remaining) = remaining.first() {
        let (i, breaks_cycle) = match ready.pop_first() {
            Some(i) => (i, false),
            None => (first_remaining, true),
        };
        remaining.remove(&i);
        let table = &tables[i];
        let mut inline_fks = Vec::with_capacity(table.foreign_keys.len());
        for fk in &table.foreign_keys {
            let blocked = breaks_cycle
                && index
                    .get(fk.references_table.as_str())
                    .is_some_and(|&j| j != i && !created[j]);
            if blocked || needs_own_index(table, fk) {
                plan.deferred.push((table, fk));
            } else {
                inline_fks.push(fk);
            }
        }
        created[i] = true;
        plan.tables.push(Planned { table, inline_fks });
        for &d in &dependents[i] {
            waiting[d] -= 1;
            if waiting[d] == 0 && remaining.contains(&d) {
                ready.insert(d);
            }
        }
    }
    plan
}
