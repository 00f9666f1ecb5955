//! Which old object is which new object: by `renamed_from` hint first, then by name.
//!
//! Renames come only from hints. A hint applies when the old schema has the hinted name
//! and no new item keeps that name; a stale hint (the old name is gone from the old
//! schema, or a new item took it) is ignored, so hints can stay in the schema after their
//! migration. Two items may swap names, each with a hint.

use std::collections::{HashMap, HashSet};

use schemaforge_schema::ir::{Column, ColumnType, Enum, Schema, Table, Volatility};

/// The result of pairing two lists of named things.
pub(crate) struct Matched {
    /// `(old index, new index)`, in new order.
    pub pairs: Vec<(usize, usize)>,
    /// Old indexes with no new counterpart, in old order.
    pub dropped: Vec<usize>,
    /// New indexes with no old counterpart, in new order.
    pub added: Vec<usize>,
}

/// Pairs `old` with `new` items: hinted renames first, then equal names.
pub(crate) fn match_by_name<T>(
    old: &[T],
    new: &[T],
    name: impl Fn(&T) -> &str,
    hint: impl Fn(&T) -> Option<&str>,
) -> Matched {
    // A new item without a hint keeps its own name: a hint to that name is stale. (A new
    // item that is itself renamed does not: that is how two names are swapped.)
    let unhinted: HashSet<&str> = new
        .iter()
        .filter(|n| hint(n).is_none_or(|h| h == name(n)))
        .map(&name)
        .collect();
    let mut old_index: HashMap<&str, usize> = HashMap::new();
    for (i, o) in old.iter().enumerate() {
        old_index.entry(name(o)).or_insert(i);
    }
    let mut taken = vec![false; old.len()];
    let mut old_of: Vec<Option<usize>> = vec![None; new.len()];
    // An old item that already carries the same name and hint was renamed by an earlier
    // migration: the hint is history now.
    let done = |n: &T| old.iter().any(|o| name(o) == name(n) && hint(o) == hint(n));
    for (j, n) in new.iter().enumerate() {
        let Some(from) = hint(n) else { continue };
        if from == name(n) || unhinted.contains(from) || done(n) {
            continue;
        }
        if let Some(&i) = old_index.get(from).filter(|&&i| !taken[i]) {
            taken[i] = true;
            old_of[j] = Some(i);
        }
    }
    for (j, n) in new.iter().enumerate() {
        if old_of[j].is_some() {
            continue;
        }
        if let Some(&i) = old_index.get(name(n)).filter(|&&i| !taken[i]) {
            taken[i] = true;
            old_of[j] = Some(i);
        }
    }
    Matched {
        pairs: old_of
            .iter()
            .enumerate()
            .filter_map(|(j, i)| i.map(|i| (i, j)))
            .collect(),
        dropped: (0..old.len()).filter(|&i| !taken[i]).collect(),
        added: (0..new.len()).filter(|&j| old_of[j].is_none()).collect(),
    }
}

/// An enum present in both schemas.
pub(crate) struct EnumPair<'a> {
    pub old: &'a Enum,
    pub new: &'a Enum,
    /// Old value name → new value name, for the values that survive.
    pub values: HashMap<&'a str, &'a str>,
    pub removed: Vec<&'a str>,
    pub added: Vec<&'a str>,
    /// Whether the type must be rebuilt (a value removed or the order changed).
    pub rebuild: bool,
}

/// A table present in both schemas, with its columns paired.
pub(crate) struct TablePair<'a> {
    pub old: &'a Table,
    pub new: &'a Table,
    /// `(old, new)` columns, in new order.
    pub columns: Vec<(&'a Column, &'a Column)>,
    pub dropped: Vec<&'a Column>,
    pub added: Vec<&'a Column>,
    /// Old column name → new column name.
    pub column_names: HashMap<&'a str, &'a str>,
}

/// Every pairing between the old and the new schema.
pub(crate) struct Mapping<'a> {
    pub enums: Vec<EnumPair<'a>>,
    pub dropped_enums: Vec<&'a Enum>,
    pub added_enums: Vec<&'a Enum>,
    pub tables: Vec<TablePair<'a>>,
    pub dropped_tables: Vec<&'a Table>,
    pub added_tables: Vec<&'a Table>,
    enum_names: HashMap<&'a str, &'a str>,
    /// Old table name → index in `tables`.
    table_index: HashMap<&'a str, usize>,
    /// The new schema's functions that are volatile (declared so, or not declared otherwise).
    pub volatile_functions: Vec<&'a str>,
}

impl<'a> Mapping<'a> {
    pub(crate) fn new(old: &'a Schema, new: &'a Schema) -> Mapping<'a> {
        let m = match_by_name(
            &old.enums,
            &new.enums,
            |e| &e.name,
            |e| e.renamed_from.as_deref(),
        );
        let enums: Vec<EnumPair<'a>> = m
            .pairs
            .iter()
            .map(|&(i, j)| enum_pair(&old.enums[i], &new.enums[j]))
            .collect();
        let enum_names = enums
            .iter()
            .map(|p| (p.old.name.as_str(), p.new.name.as_str()))
            .collect();
        let dropped_enums = m.dropped.iter().map(|&i| &old.enums[i]).collect();
        let added_enums = m.added.iter().map(|&j| &new.enums[j]).collect();

        let m = match_by_name(
            &old.tables,
            &new.tables,
            |t| &t.name,
            |t| t.renamed_from.as_deref(),
        );
        let tables: Vec<TablePair<'a>> = m
            .pairs
            .iter()
            .map(|&(i, j)| table_pair(&old.tables[i], &new.tables[j]))
            .collect();
        let table_index = tables
            .iter()
            .enumerate()
            .map(|(k, p)| (p.old.name.as_str(), k))
            .collect();
        Mapping {
            enums,
            dropped_enums,
            added_enums,
            tables,
            dropped_tables: m.dropped.iter().map(|&i| &old.tables[i]).collect(),
            added_tables: m.added.iter().map(|&j| &new.tables[j]).collect(),
            enum_names,
            table_index,
            volatile_functions: new
                .functions
                .iter()
                .filter(|f| matches!(f.volatility, None | Some(Volatility::Volatile)))
                .map(|f| f.name.as_str())
                .collect(),
        }
    }

    /// The pair of the old table named `old_name`, if it survives.
    pub(crate) fn table(&self, old_name: &str) -> Option<&TablePair<'a>> {
        self.table_index.get(old_name).map(|&k| &self.tables[k])
    }

    /// The new name of an old table, if it survives.
    pub(crate) fn table_name(&self, old_name: &str) -> Option<&'a str> {
        self.table(old_name).map(|p| p.new.name.as_str())
    }

    /// The new name of an old column, if its table and the column survive.
    pub(crate) fn column_name(&self, old_table: &str, old_column: &str) -> Option<&'a str> {
        self.table(old_table)?.column_names.get(old_column).copied()
    }

    /// The enum pair whose new name is `new_name`.
    pub(crate) fn enum_by_new_name(&self, new_name: &str) -> Option<&EnumPair<'a>> {
        self.enums.iter().find(|p| p.new.name == new_name)
    }

    /// An old column type with enum names mapped to their new names.
    pub(crate) fn map_type(&self, ty: &ColumnType) -> ColumnType {
        match ty {
            ColumnType::Scalar(s) => ColumnType::Scalar(*s),
            ColumnType::Enum(name) => ColumnType::Enum(
                self.enum_names
                    .get(name.as_str())
                    .map_or_else(|| name.clone(), |n| n.to_string()),
            ),
            ColumnType::Array(inner) => ColumnType::Array(Box::new(self.map_type(inner))),
        }
    }

    /// Whether a (new) column type is, or is an array of, an enum being rebuilt.
    pub(crate) fn uses_rebuilt_enum(&self, ty: &ColumnType) -> bool {
        match ty.element() {
            ColumnType::Enum(name) => self.enum_by_new_name(name).is_some_and(|p| p.rebuild),
            _ => false,
        }
    }

    /// The new name of an old enum value of the old enum `old_enum`.
    pub(crate) fn enum_value(&self, old_enum: &str, value: &str) -> Option<&'a str> {
        let pair = self.enums.iter().find(|p| p.old.name == old_enum)?;
        pair.values.get(value).copied()
    }
}

fn enum_pair<'a>(old: &'a Enum, new: &'a Enum) -> EnumPair<'a> {
    let m = match_by_name(
        &old.values,
        &new.values,
        |v| &v.name,
        |v| v.renamed_from.as_deref(),
    );
    let values: HashMap<&str, &str> = m
        .pairs
        .iter()
        .map(|&(i, j)| (old.values[i].name.as_str(), new.values[j].name.as_str()))
        .collect();
    // Surviving values must keep their relative order for ADD VALUE to suffice.
    let old_order: Vec<&str> = old
        .values
        .iter()
        .filter_map(|v| values.get(v.name.as_str()).copied())
        .collect();
    let new_order: Vec<&str> = new
        .values
        .iter()
        .map(|v| v.name.as_str())
        .filter(|n| values.values().any(|m| m == n))
        .collect();
    let removed: Vec<&str> = m
        .dropped
        .iter()
        .map(|&i| old.values[i].name.as_str())
        .collect();
    EnumPair {
        old,
        new,
        rebuild: !removed.is_empty() || old_order != new_order,
        removed,
        added: m
            .added
            .iter()
            .map(|&j| new.values[j].name.as_str())
            .collect(),
        values,
    }
}

fn table_pair<'a>(old: &'a Table, new: &'a Table) -> TablePair<'a> {
    let m = match_by_name(
        &old.columns,
        &new.columns,
        |c| &c.name,
        |c| c.renamed_from.as_deref(),
    );
    let columns: Vec<(&Column, &Column)> = m
        .pairs
        .iter()
        .map(|&(i, j)| (&old.columns[i], &new.columns[j]))
        .collect();
    TablePair {
        old,
        new,
        column_names: columns
            .iter()
            .map(|(o, n)| (o.name.as_str(), n.name.as_str()))
            .collect(),
        columns,
        dropped: m.dropped.iter().map(|&i| &old.columns[i]).collect(),
        added: m.added.iter().map(|&j| &new.columns[j]).collect(),
    }
}

/// Orders renames inside one namespace so that no rename targets a name still in use,
/// going through a temporary name to break a cycle (`a → b`, `b → a`).
pub(crate) fn order_renames(renames: Vec<(String, String)>) -> Vec<(String, String)> {
    let mut pending: Vec<(String, String)> = renames.into_iter().filter(|(a, b)| a != b).collect();
    let mut out = Vec::with_capacity(pending.len());
    while !pending.is_empty() {
        let free = pending
            .iter()
            .position(|(_, to)| !pending.iter().any(|(from, _)| from == to));
        match free {
            Some(i) => out.push(pending.remove(i)),
            None => {
                let (from, to) = pending[0].clone();
                let tmp = temporary_name(&from);
                out.push((from, tmp.clone()));
                pending[0] = (tmp, to);
            }
        }
    }
    out
}

/// `name` with a suffix that marks it as temporary, within Postgres's 63 bytes.
pub(crate) fn temporary_name(name: &str) -> String {
    const SUFFIX: &str = "__old";
    let mut base = name.to_string();
    while base.len() + SUFFIX.len() > 63 {
        base.pop();
    }
    base + SUFFIX
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[(String, String)]) -> Vec<(&str, &str)> {
        v.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect()
    }

    #[test]
    fn renames_avoid_names_in_use_and_break_cycles() {
        let chain = order_renames(vec![("a".into(), "b".into()), ("b".into(), "c".into())]);
        assert_eq!(names(&chain), [("b", "c"), ("a", "b")]);
        let swap = order_renames(vec![("a".into(), "b".into()), ("b".into(), "a".into())]);
        assert_eq!(names(&swap), [("a", "a__old"), ("b", "a"), ("a__old", "b")]);
    }

    #[test]
    fn hints_win_over_names_and_stale_hints_are_ignored() {
        let old = [("a", None), ("b", None)];
        let new = [("b", Some("a")), ("c", Some("zzz"))];
        let m = match_by_name(&old, &new, |(s, _)| s, |(_, h): &(&str, Option<&str>)| *h);
        // `b renamed_from(a)`: old a is new b; old b is dropped; c is new.
        assert_eq!(m.pairs, [(0, 0)]);
        assert_eq!(m.dropped, [1]);
        assert_eq!(m.added, [1]);
        // Without hints, equal names pair.
        let m = match_by_name(&old, &new, |(s, _)| s, |_| None);
        assert_eq!(m.pairs, [(1, 0)]);
        // A swap.
        let new = [("a", Some("b")), ("b", Some("a"))];
        let m = match_by_name(&old, &new, |(s, _)| s, |(_, h): &(&str, Option<&str>)| *h);
        assert_eq!(m.pairs, [(1, 0), (0, 1)]);
        // Once swapped, the same hints in the old schema mean nothing more.
        let m = match_by_name(&new, &new, |(s, _)| s, |(_, h): &(&str, Option<&str>)| *h);
        assert_eq!(m.pairs, [(0, 0), (1, 1)]);
        // A stale hint: `a` is a new item of its own.
        let new = [("a", None), ("b", Some("a"))];
        let m = match_by_name(&old, &new, |(s, _)| s, |(_, h): &(&str, Option<&str>)| *h);
        assert_eq!(m.pairs, [(0, 0), (1, 1)]);
    }
}
