//! The mutations of enums, indexes, checks, foreign keys, docs, and of columns that come
//! with a constraint or a generation.

use schemaforge_schema::Span;
use schemaforge_schema::constraint_name;
use schemaforge_schema::ir::*;

use super::{Rng, column, column_is_entangled, too_long};

/// Mutation number `which` (10 to 20) of table `ti`, named `tname`.
pub(super) fn mutate(
    rng: &mut Rng,
    s: &mut Schema,
    ti: usize,
    tname: &str,
    serial: usize,
    which: usize,
) -> Option<String> {
    let tname = tname.to_string();
    match which {
        10 => {
            let ei = rng.below(s.enums.len());
            let e = s.enums.get_mut(ei)?;
            let value = format!("v{serial}");
            let at = rng.below(e.values.len() + 1);
            e.values.insert(
                at,
                EnumValue {
                    name: value.clone(),
                    doc: None,
                    renamed_from: None,
                    span: Span::default(),
                },
            );
            Some(format!("add value {value} to {}", e.name))
        }
        11 => {
            let ei = rng.below(s.enums.len());
            let e = s.enums.get(ei)?;
            let name = e.name.clone();
            // Renamed values break defaults written as SQL text and expressions; keep to enums only used plainly.
            let used_in_text = s.tables.iter().any(|t| {
                t.columns.iter().any(|c| {
                    c.ty.element() == &ColumnType::Enum(name.clone())
                        && (matches!(c.default, Some(DefaultValue::Sql(_)))
                            || column_is_entangled(s, t, &c.name))
                })
            });
            if used_in_text {
                return None;
            }
            let vi = rng.below(e.values.len());
            if e.values[vi].renamed_from.is_some() {
                return None;
            }
            let old = e.values[vi].name.clone();
            let new = format!("{old}_r{serial}");
            let e = &mut s.enums[ei];
            e.values[vi].name = new.clone();
            e.values[vi].renamed_from = Some(old.clone());
            for t in &mut s.tables {
                for c in &mut t.columns {
                    if c.ty.element() == &ColumnType::Enum(name.clone())
                        && c.default == Some(DefaultValue::EnumValue(old.clone()))
                    {
                        c.default = Some(DefaultValue::EnumValue(new.clone()));
                    }
                }
            }
            Some(format!("rename value {name}.{old} to {new}"))
        }
        12 => {
            let ei = rng.below(s.enums.len());
            let e = s.enums.get_mut(ei)?;
            if e.values.len() < 2 {
                return None;
            }
            e.values.reverse();
            Some(format!("reverse the values of {}", e.name))
        }
        13 => {
            let t = &mut s.tables[ti];
            if !t.indexes.is_empty() && rng.chance(40) {
                let i = rng.below(t.indexes.len());
                let removed = t.indexes.remove(i);
                let still_key = s.tables.iter().all(|o| {
                    o.foreign_keys.iter().all(|f| {
                        f.references_table != tname
                            || s.tables[ti].is_unique_key(&f.references_columns)
                    })
                });
                if !still_key {
                    s.tables[ti].indexes.insert(i, removed);
                    return None;
                }
                return Some(format!("drop an index of {tname}"));
            }
            let t = &mut s.tables[ti];
            let c = t.columns[rng.below(t.columns.len())].clone();
            let name = format!("{}_i{serial}", t.name.chars().take(40).collect::<String>());
            if t.indexes.iter().any(|i| i.name == name) {
                return None;
            }
            let predicate = rng
                .chance(40)
                .then(|| SqlExpr(format!("{} is not null", c.name)));
            let elements = if matches!(c.ty, ColumnType::Scalar(ScalarType::Text)) && rng.chance(40)
            {
                vec![IndexElement {
                    target: IndexTarget::Expr(SqlExpr(format!("lower({})", c.name))),
                    descending: false,
                    nulls: None,
                    opclass: None,
                }]
            } else {
                let descending = rng.chance(30);
                // NULLs where the direction does not put them, sometimes (the IR holds
                // only an order that differs from Postgres's default).
                let nulls = rng.chance(25).then_some(if descending {
                    schemaforge_schema::ir::Nulls::Last
                } else {
                    schemaforge_schema::ir::Nulls::First
                });
                vec![IndexElement {
                    target: IndexTarget::Column(c.name.clone()),
                    descending,
                    nulls,
                    opclass: None,
                }]
            };
            let method = matches!(
                c.ty,
                ColumnType::Array(_) | ColumnType::Scalar(ScalarType::Jsonb)
            )
            .then(|| "gin".to_string());
            if method.is_some()
                && (predicate.is_some()
                    || !matches!(elements[0].target, IndexTarget::Column(_))
                    || elements[0].descending)
            {
                return None;
            }
            t.indexes.push(Index {
                name,
                elements,
                unique: false,
                method,
                predicate,
                include: Vec::new(),
                nulls_not_distinct: false,
                storage: Vec::new(),
                span: Span::default(),
            });
            Some(format!("add an index on {tname}.{}", c.name))
        }
        14 => {
            let t = &mut s.tables[ti];
            let candidates: Vec<usize> = (0..t.columns.len())
                .filter(|&i| {
                    matches!(
                        t.columns[i].ty,
                        ColumnType::Scalar(ScalarType::Text | ScalarType::Integer)
                    ) && t.columns[i].generated.is_none()
                })
                .collect();
            if !t.checks.is_empty() && rng.chance(40) {
                let k = t.checks.remove(rng.below(t.checks.len()));
                return Some(format!("drop check {}", k.name));
            }
            let i = *rng.pick(&candidates)?;
            let c = t.columns[i].name.clone();
            let expr = match t.columns[i].ty {
                ColumnType::Scalar(ScalarType::Integer) => format!("{c} > -1000000"),
                _ => format!("length({c}) < 100000"),
            };
            let name = format!(
                "{}_c{serial}_check",
                t.name.chars().take(40).collect::<String>()
            );
            t.checks.push(Check {
                name: name.clone(),
                expr: SqlExpr(expr),
                span: Span::default(),
            });
            Some(format!("add check {name}"))
        }
        15 => {
            let t = &mut s.tables[ti];
            if let Some(k) = (0..t.foreign_keys.len()).find(|&k| rng.chance(50) && !matches!(&t.tenancy, Tenancy::Column { column } | Tenancy::Via { column, .. } if t.foreign_keys[k].columns.contains(column))) {
                let fk = &mut t.foreign_keys[k];
                let nullable = fk.columns.iter().all(|c| t.columns.iter().any(|x| x.name == *c && x.nullable));
                if rng.chance(50) {
                    let name = fk.name.clone();
                    t.foreign_keys.remove(k);
                    return Some(format!("drop foreign key {name}"));
                }
                fk.on_delete = match fk.on_delete {
                    ReferentialAction::Cascade if nullable => ReferentialAction::SetNull,
                    ReferentialAction::Cascade => ReferentialAction::Restrict,
                    _ => ReferentialAction::Cascade,
                };
                return Some(format!("change on_delete of {}", fk.name));
            }
            let doc = rng
                .chance(50)
                .then(|| format!("Doc of step {serial}: it's new."));
            match rng.below(3) {
                0 => t.doc = doc,
                1 => {
                    let i = rng.below(t.columns.len());
                    t.columns[i].doc = doc;
                }
                _ => {
                    let ei = rng.below(s.enums.len());
                    s.enums.get_mut(ei)?.doc = doc;
                }
            }
            Some(format!("change a doc near {tname}"))
        }
        16 => {
            // A generated column over a plain text column.
            let t = &s.tables[ti];
            let sources: Vec<String> = t
                .columns
                .iter()
                .filter(|c| c.ty == ColumnType::Scalar(ScalarType::Text) && c.generated.is_none())
                .map(|c| c.name.clone())
                .collect();
            let source = rng.pick(&sources)?.clone();
            let name = format!("gen_{serial}");
            let mut c = column(&name, ColumnType::Scalar(ScalarType::Text));
            c.generated = Some(SqlExpr(format!("lower({source})")));
            s.tables[ti].columns.push(c);
            Some(format!("add generated column {tname}.{name}"))
        }
        17 => {
            let t = &mut s.tables[ti];
            let c = t.columns.iter_mut().find(|c| c.generated.is_some())?;
            let expr = c.generated.as_ref()?.as_str().to_string();
            c.generated = Some(SqlExpr(match expr.strip_prefix("lower(") {
                Some(rest) => format!("upper({rest}"),
                None => format!("lower({})", expr.strip_prefix("upper(").unwrap_or(&expr)),
            }));
            Some(format!("change the expression of {tname}.{}", c.name))
        }
        18 => {
            // A new nullable column with a foreign key: all NULL, so existing rows hold.
            let target = s.tables[rng.below(s.tables.len())].clone();
            let pk = target
                .primary_key
                .as_ref()
                .filter(|k| k.columns.len() == 1)?;
            let ty = target.column(&pk.columns[0])?.ty.clone();
            let name = format!("ref_{serial}");
            let t = &mut s.tables[ti];
            t.columns.push(column(&name, ty));
            t.foreign_keys.push(ForeignKey {
                tenant: None,
                name: constraint_name(&t.name, std::slice::from_ref(&name), "fkey"),
                columns: vec![name.clone()],
                references_table: target.name.clone(),
                references_columns: pk.columns.clone(),
                on_delete: if rng.chance(50) {
                    ReferentialAction::SetNull
                } else {
                    ReferentialAction::NoAction
                },
                on_update: ReferentialAction::NoAction,
                deferrable: None,
                span: Span::default(),
            });
            if too_long(t) {
                return None;
            }
            Some(format!("add foreign key {tname}.{name} -> {}", target.name))
        }
        19 => {
            // A new nullable column with a unique constraint: NULLs are distinct.
            let name = format!("code_{serial}");
            let t = &mut s.tables[ti];
            t.columns
                .push(column(&name, ColumnType::Scalar(ScalarType::Text)));
            t.uniques.push(Unique {
                global: false,
                implied: false,
                nulls_not_distinct: false,
                name: constraint_name(&t.name, std::slice::from_ref(&name), "key"),
                columns: vec![name.clone()],
                span: Span::default(),
            });
            if too_long(t) {
                return None;
            }
            Some(format!("add unique column {tname}.{name}"))
        }
        20 => {
            let name = format!("seq_{serial}");
            let mut c = column(&name, ColumnType::Scalar(ScalarType::Bigint));
            c.nullable = false;
            c.identity = Some(if rng.chance(50) {
                Identity::Always
            } else {
                Identity::ByDefault
            });
            s.tables[ti].columns.push(c);
            Some(format!("add identity column {tname}.{name}"))
        }
        _ => None,
    }
}
