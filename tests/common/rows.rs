//! Rows for any schema, and the data that must survive a migration.
//!
//! [`seed`] inserts a few rows per table, spread over the first rows of every referenced
//! table (so over several tenants). It is best effort: a row that breaks a check or a
//! unique constraint is retried with its nullable columns NULL and its defaulted columns
//! left to their defaults, then skipped.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use schemaforge_generator::emit::sql::{quote_ident, quote_literal};
use schemaforge_schema::ir::{
    Column, ColumnType, DefaultValue, Identity, ScalarType, Schema, Table,
};

/// Rows per table.
pub const ROWS: usize = 6;

/// Tables in an order where referenced tables come first (cycles broken in schema order).
fn ordered(schema: &Schema) -> Vec<&Table> {
    let mut done: BTreeSet<&str> = BTreeSet::new();
    let mut out = Vec::new();
    while out.len() < schema.tables.len() {
        let ready = schema.tables.iter().find(|t| {
            !done.contains(t.name.as_str())
                && t.foreign_keys.iter().all(|fk| {
                    fk.references_table == t.name
                        || done.contains(fk.references_table.as_str())
                        || schema.table(&fk.references_table).is_none()
                })
        });
        let next = ready.or_else(|| {
            schema
                .tables
                .iter()
                .find(|t| !done.contains(t.name.as_str()))
        });
        let Some(t) = next else { break };
        done.insert(&t.name);
        out.push(t);
    }
    out
}

/// The SQL that seeds `schema` (to run with `search_path` set to its namespace).
pub fn seed(schema: &Schema) -> String {
    let mut sql = String::new();
    for t in ordered(schema) {
        for i in 0..ROWS {
            let full = insert(schema, t, i, false);
            let fallback = insert(schema, t, i, true);
            let _ = writeln!(
                sql,
                "DO $sf$ BEGIN\n  {full}\nEXCEPTION WHEN OTHERS THEN\n  BEGIN {fallback} EXCEPTION WHEN OTHERS THEN NULL; END;\nEND $sf$;"
            );
        }
    }
    sql
}

fn insert(schema: &Schema, t: &Table, i: usize, fallback: bool) -> String {
    let mut names = Vec::new();
    let mut values = Vec::new();
    for (ci, c) in t.columns.iter().enumerate() {
        if c.generated.is_some() || c.identity.is_some() {
            continue;
        }
        let fk = t.foreign_keys.iter().find_map(|fk| {
            fk.columns
                .iter()
                .position(|x| *x == c.name)
                .map(|k| (fk, k))
        });
        let value = match fk {
            Some((fk, k)) => {
                if fallback && c.nullable {
                    "NULL".to_string()
                } else {
                    let order = fk
                        .references_columns
                        .iter()
                        .map(|c| quote_ident(c).into_owned())
                        .collect::<Vec<_>>()
                        .join(", ");
                    format!(
                        "(SELECT {} FROM {} ORDER BY {order} OFFSET {} LIMIT 1)",
                        quote_ident(&fk.references_columns[k]),
                        quote_ident(&fk.references_table),
                        i % 3
                    )
                }
            }
            None if fallback && c.default.is_some() => continue,
            None if fallback && c.nullable => "NULL".to_string(),
            None => value(schema, &t.name, c, ci, i),
        };
        names.push(quote_ident(&c.name).into_owned());
        values.push(value);
    }
    if names.is_empty() {
        return format!("INSERT INTO {} DEFAULT VALUES;", quote_ident(&t.name));
    }
    format!(
        "INSERT INTO {} ({}) VALUES ({});",
        quote_ident(&t.name),
        names.join(", "),
        values.join(", ")
    )
}

fn value(schema: &Schema, table: &str, c: &Column, ci: usize, i: usize) -> String {
    match &c.ty {
        // JSON of the shape its default has (an array for `'[]'`), as a check on the
        // column's shape may ask.
        ColumnType::Scalar(ScalarType::Json | ScalarType::Jsonb)
            if c.default.as_ref().is_some_and(
                |d| matches!(d, DefaultValue::Sql(e) if e.as_str().starts_with("'[")),
            ) =>
        {
            format!("'[{{\"n\": {i}}}]'")
        }
        ColumnType::Scalar(s) => scalar(*s, &format!("{table}.{}", c.name), ci, i),
        ColumnType::Enum(e) => {
            let values = schema
                .enum_named(e)
                .map(|e| e.values.as_slice())
                .unwrap_or_default();
            match values.get(i % values.len().max(1)) {
                Some(v) => quote_literal(&v.name),
                None => "NULL".to_string(),
            }
        }
        ColumnType::Array(inner) => match inner.element() {
            ColumnType::Enum(e) => {
                let v = schema
                    .enum_named(e)
                    .and_then(|e| e.values.get(i % e.values.len().max(1)))
                    .map_or(String::new(), |v| {
                        format!("\"{}\"", v.name.replace('"', "\\\""))
                    });
                quote_literal(&format!("{{{v}}}"))
            }
            ColumnType::Scalar(ScalarType::Text | ScalarType::Varchar(None)) => {
                quote_literal(&format!("{{\"v {i}\"}}"))
            }
            _ => "'{}'".to_string(),
        },
    }
}

fn scalar(s: ScalarType, label: &str, ci: usize, i: usize) -> String {
    let text = |limit: Option<u32>| {
        let mut v = format!("{label} {i}");
        if let Some(n) = limit {
            // Keep the row number: the end of the text is what differs between rows.
            let n = n as usize;
            if v.len() > n {
                v = v[v.len() - n..].to_string();
            }
        }
        quote_literal(&v)
    };
    match s {
        ScalarType::Uuid => format!("md5({})::uuid", quote_literal(&format!("{label}.{i}"))),
        ScalarType::Text => text(None),
        ScalarType::Varchar(n) => text(n),
        ScalarType::Char(n) => text(Some(n.unwrap_or(1))),
        ScalarType::Boolean => i.is_multiple_of(2).to_string(),
        ScalarType::Smallint | ScalarType::Integer | ScalarType::Bigint => (i + 1).to_string(),
        ScalarType::Real | ScalarType::DoublePrecision => format!("{i}.5"),
        ScalarType::Numeric(Some((p, s))) if p.saturating_sub(s.unwrap_or(0)) < 2 => "0".into(),
        ScalarType::Numeric(_) => format!("{}", i + 1),
        ScalarType::Date => format!("date '2024-01-01' + {i}"),
        ScalarType::Time(_) => format!("time '10:00' + interval '{i} minutes'"),
        ScalarType::Timestamp(_) => {
            format!("timestamp '2024-01-01 00:00' + interval '{i} hours {ci} minutes'")
        }
        ScalarType::Timestamptz(_) => {
            format!("timestamptz '2024-01-01 00:00+00' + interval '{i} hours {ci} minutes'")
        }
        ScalarType::Interval => format!("interval '{} hours'", i + 1),
        ScalarType::Json | ScalarType::Jsonb => format!("'{{\"n\": {i}}}'"),
        ScalarType::Bytea => format!("decode('0{}', 'hex')", i % 10),
        ScalarType::Inet => format!("'10.0.0.{}'", i + 1),
        ScalarType::Cidr => format!("'10.{}.0.0/16'", i % 250),
        ScalarType::Citext | ScalarType::Name => format!("'v{i}'"),
        ScalarType::Money => format!("'{i}.25'"),
        ScalarType::Oid => format!("{}", i + 1),
        ScalarType::Macaddr => format!("'08:00:2b:01:02:{:02x}'", i % 256),
        // Exactly `n` bits, or at most `n`: the number's low bits.
        ScalarType::Bit(n) | ScalarType::Varbit(n) => {
            let width = n.unwrap_or(if matches!(s, ScalarType::Bit(_)) {
                1
            } else {
                8
            }) as usize;
            let bits: String = (0..width)
                .map(|b| if (i >> (b % 32)) & 1 == 1 { '1' } else { '0' })
                .collect();
            format!("B'{bits}'")
        }
        ScalarType::Xml => format!("'<v>{i}</v>'"),
        ScalarType::Tsvector => format!("'v{i}:1 w:2A'"),
        ScalarType::Timetz(_) => format!("'10:{:02}:00+02'", i % 60),
        ScalarType::Macaddr8 => format!("'08:00:2b:01:02:03:04:{:02x}'", i % 256),
    }
}

/// The columns whose values a migration must keep: `(old table, old column, new table,
/// new column)` for columns that survive with the same type, the same nullability or a
/// looser one, and no generation. Pairing follows the diff's rules: `renamed_from` hints
/// first, then equal names.
pub fn surviving(old: &Schema, new: &Schema) -> Vec<(String, String, String, String)> {
    let mut out = Vec::new();
    for nt in &new.tables {
        let Some(ot) = counterpart(
            &old.tables,
            &new.tables,
            nt,
            |t| &t.name,
            |t| t.renamed_from.as_deref(),
        ) else {
            continue;
        };
        for nc in &nt.columns {
            let Some(oc) = counterpart(
                &ot.columns,
                &nt.columns,
                nc,
                |c| &c.name,
                |c| c.renamed_from.as_deref(),
            ) else {
                continue;
            };
            let same_type = match (&oc.ty, &nc.ty) {
                (ColumnType::Scalar(a), ColumnType::Scalar(b)) => a == b,
                // Enum values may be renamed: compared elsewhere.
                _ => false,
            };
            let generated = oc.generated.is_some() || nc.generated.is_some();
            let filled = oc.nullable && !nc.nullable;
            let identity_added = oc.identity.is_none() && nc.identity == Some(Identity::Always);
            if same_type && !generated && !filled && !identity_added {
                out.push((
                    ot.name.clone(),
                    oc.name.clone(),
                    nt.name.clone(),
                    nc.name.clone(),
                ));
            }
        }
    }
    out
}

fn counterpart<'a, T>(
    old: &'a [T],
    new: &[T],
    item: &T,
    name: impl Fn(&T) -> &str,
    hint: impl Fn(&T) -> Option<&str>,
) -> Option<&'a T> {
    // The old name a new item's hint applies to, if it does.
    let applies = |n: &T| -> Option<String> {
        let h = hint(n)?;
        let kept_by_other = new
            .iter()
            .any(|m| name(m) == h && hint(m).is_none_or(|x| x == name(m)));
        let done = old.iter().any(|o| name(o) == name(n) && hint(o) == Some(h));
        (h != name(n) && !kept_by_other && !done && old.iter().any(|o| name(o) == h))
            .then(|| h.to_string())
    };
    if let Some(h) = applies(item) {
        return old.iter().find(|o| name(o) == h);
    }
    // An old item claimed by another item's hint is not this one's.
    let claimed = |o: &T| new.iter().any(|n| applies(n).as_deref() == Some(name(o)));
    old.iter().find(|o| name(o) == name(item) && !claimed(o))
}

/// A query printing the values of `(table, column)`s, one line per row, each line
/// starting with the table's position in the list (so that old and new names compare).
pub fn data_query(columns: &[(String, String)], tag: &str) -> String {
    let mut by_table: Vec<(&str, Vec<&str>)> = Vec::new();
    for (t, c) in columns {
        match by_table.iter_mut().find(|(name, _)| name == t) {
            Some((_, cols)) => cols.push(c),
            None => by_table.push((t, vec![c])),
        }
    }
    let mut sql = String::new();
    for (k, (t, cols)) in by_table.into_iter().enumerate() {
        let list: Vec<String> = cols
            .iter()
            .map(|c| format!("coalesce({}::text, 'NULL')", quote_ident(c)))
            .collect();
        let _ = writeln!(
            sql,
            "select '{tag}{k}: ' || concat_ws(' | ', {}) from {};",
            list.join(", "),
            quote_ident(t)
        );
    }
    sql
}
