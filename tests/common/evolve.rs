//! Random schema evolutions for the migration oracle: a small deterministic PRNG and
//! mutations of a schema IR that keep it valid (as the checker would accept it) and keep
//! existing rows valid (no new NOT NULL without a default, no constraint that seeded data
//! could break, no lossy or failing cast).

mod extras;

use schemaforge_schema::constraint_name;
use schemaforge_schema::ir::*;

/// SplitMix64: tiny, deterministic, good enough to pick mutations.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            None
        } else {
            Some(&items[self.below(items.len())])
        }
    }
}

fn column(name: &str, ty: ColumnType) -> Column {
    Column {
        name: name.into(),
        doc: None,
        ty,
        nullable: true,
        default: None,
        identity: None,
        generated: None,
        on_update: None,
        sensitive: false,
        rust_type: None,
        renamed_from: None,
        span: Span::default(),
    }
}

use schemaforge_schema::Span;

/// A column type with a constant default valid for it.
fn random_type(rng: &mut Rng, schema: &Schema) -> (ColumnType, DefaultValue) {
    let sql = |s: &str| DefaultValue::Sql(SqlExpr(s.into()));
    match rng.below(9) {
        0 => (ColumnType::Scalar(ScalarType::Text), sql("''")),
        1 => (ColumnType::Scalar(ScalarType::Integer), sql("0")),
        2 => (ColumnType::Scalar(ScalarType::Boolean), sql("false")),
        3 => {
            let precision = [None, Some(0), Some(3)][rng.below(3)];
            (
                ColumnType::Scalar(ScalarType::Timestamptz(precision)),
                sql("now()"),
            )
        }
        4 => (ColumnType::Scalar(ScalarType::Jsonb), sql("'{}'")),
        5 => (
            ColumnType::Scalar(ScalarType::Numeric(Some((10, Some(2))))),
            sql("0"),
        ),
        6 => (
            ColumnType::Array(Box::new(ColumnType::Scalar(ScalarType::Text))),
            sql("'{}'"),
        ),
        7 => (
            ColumnType::Scalar(ScalarType::Varchar(Some(50))),
            sql("'x'"),
        ),
        _ => match rng.pick(&schema.enums) {
            Some(e) => (
                ColumnType::Enum(e.name.clone()),
                DefaultValue::EnumValue(e.values[0].name.clone()),
            ),
            None => (ColumnType::Scalar(ScalarType::Bigint), sql("1")),
        },
    }
}

/// Whether any expression of the table (checks, index expressions and predicates,
/// generated columns) or any other table's foreign key or tenancy names the column.
fn column_is_entangled(schema: &Schema, t: &Table, c: &str) -> bool {
    let mentions = |e: &str| e.contains(c);
    t.checks.iter().any(|k| mentions(k.expr.as_str()))
        || t.indexes.iter().any(|i| {
            i.predicate.as_ref().is_some_and(|p| mentions(p.as_str()))
                || i.elements.iter().any(|e| matches!(&e.target, IndexTarget::Expr(x) if mentions(x.as_str())))
        })
        || t.columns.iter().any(|o| o.generated.as_ref().is_some_and(|g| mentions(g.as_str())))
        || t.primary_key.as_ref().is_some_and(|k| k.columns.iter().any(|x| x == c))
        || t.foreign_keys.iter().any(|f| f.columns.iter().any(|x| x == c))
        || matches!(&t.tenancy, Tenancy::Column { column } | Tenancy::Via { column, .. } if column == c)
        || schema.tables.iter().any(|o| {
            o.foreign_keys.iter().any(|f| f.references_table == t.name && f.references_columns.iter().any(|x| x == c))
                || matches!(&o.tenancy, Tenancy::Via { parent, parent_column, .. } if *parent == t.name && parent_column == c)
        })
}

/// Derived constraint names recomputed after a rename (names written in the schema stay).
fn rederive(t: &mut Table, old_table: &str, renamed: Option<(&str, &str)>) {
    let old_col = |c: &str| match renamed {
        Some((from, to)) if c == to => from.to_string(),
        _ => c.to_string(),
    };
    let olds = |cols: &[String]| cols.iter().map(|c| old_col(c)).collect::<Vec<_>>();
    let name = t.name.clone();
    if let Some(pk) = &mut t.primary_key {
        pk.name = format!("{name}_pkey");
    }
    for u in &mut t.uniques {
        if u.name == constraint_name(old_table, &olds(&u.columns), "key") {
            u.name = constraint_name(&name, &u.columns, "key");
        }
    }
    for f in &mut t.foreign_keys {
        if f.name == constraint_name(old_table, &olds(&f.columns), "fkey") {
            f.name = constraint_name(&name, &f.columns, "fkey");
        }
    }
    for i in &mut t.indexes {
        if let Some(cols) = i.column_names()
            && i.name == constraint_name(old_table, &olds(&cols), "idx")
        {
            i.name = constraint_name(&name, &cols, "idx");
        }
    }
    for k in &mut t.checks {
        if k.name == format!("{old_table}_check") {
            k.name = format!("{name}_check");
        } else if let Some(rest) = k.name.strip_prefix(&format!("{old_table}_"))
            && let Some(col) = rest.strip_suffix("_check")
        {
            let new_col = match renamed {
                Some((from, to)) if col == from => to,
                _ => col,
            };
            k.name = format!("{name}_{new_col}_check");
        }
    }
}

fn too_long(t: &Table) -> bool {
    t.primary_key
        .iter()
        .map(|k| &k.name)
        .chain(t.uniques.iter().map(|u| &u.name))
        .chain(t.foreign_keys.iter().map(|f| &f.name))
        .chain(t.indexes.iter().map(|i| &i.name))
        .chain(t.checks.iter().map(|c| &c.name))
        .any(|n| n.len() > 63)
        || t.name.len() > 50
}

/// Clears every `renamed_from` hint: hints belong to one migration.
pub fn clear_hints(schema: &mut Schema) {
    for e in &mut schema.enums {
        e.renamed_from = None;
        for v in &mut e.values {
            v.renamed_from = None;
        }
    }
    for t in &mut schema.tables {
        t.renamed_from = None;
        for c in &mut t.columns {
            c.renamed_from = None;
        }
    }
}

/// Applies one random mutation; returns its description (or `None` if the one drawn did
/// not apply to this schema).
pub fn mutate(rng: &mut Rng, s: &mut Schema, serial: usize) -> Option<String> {
    let ti = rng.below(s.tables.len());
    let tname = s.tables.get(ti)?.name.clone();
    let which = rng.below(21);
    match which {
        0 | 1 => {
            let (ty, default) = random_type(rng, s);
            let name = format!("extra_{serial}");
            let mut c = column(&name, ty);
            if rng.chance(50) {
                c.nullable = false;
                c.default = Some(default);
            } else if rng.chance(30) {
                c.default = Some(default);
            }
            if rng.chance(30) {
                c.doc = Some(format!("Added by step {serial}."));
            }
            s.tables[ti].columns.push(c);
            Some(format!("add column {tname}.{name}"))
        }
        2 => {
            let t = &s.tables[ti];
            let candidates: Vec<String> = t
                .columns
                .iter()
                .filter(|c| !column_is_entangled(s, t, &c.name) && t.columns.len() > 2)
                .map(|c| c.name.clone())
                .collect();
            let c = rng.pick(&candidates)?.clone();
            let t = &mut s.tables[ti];
            t.columns.retain(|x| x.name != c);
            t.uniques.retain(|u| !u.columns.contains(&c));
            t.indexes.retain(|i| {
                !i.elements
                    .iter()
                    .any(|e| e.target == IndexTarget::Column(c.clone()))
            });
            Some(format!("drop column {tname}.{c}"))
        }
        3 => {
            let t = &s.tables[ti];
            // A column renamed once already carries a hint (maybe from this very step).
            let candidates: Vec<String> = t
                .columns
                .iter()
                .filter(|c| !column_is_entangled(s, t, &c.name) && c.renamed_from.is_none())
                .map(|c| c.name.clone())
                .collect();
            let c = rng.pick(&candidates)?.clone();
            let new = format!("{c}_r{serial}");
            let mut t = s.tables[ti].clone();
            for col in &mut t.columns {
                if col.name == c {
                    col.name = new.clone();
                    col.renamed_from = Some(c.clone());
                }
            }
            for u in &mut t.uniques {
                u.columns
                    .iter_mut()
                    .filter(|x| **x == c)
                    .for_each(|x| *x = new.clone());
            }
            for i in &mut t.indexes {
                for e in &mut i.elements {
                    if e.target == IndexTarget::Column(c.clone()) {
                        e.target = IndexTarget::Column(new.clone());
                    }
                }
            }
            rederive(&mut t, &tname, Some((&c, &new)));
            if too_long(&t) {
                return None;
            }
            s.tables[ti] = t;
            Some(format!("rename column {tname}.{c} to {new}"))
        }
        4 => {
            if s.tables[ti].renamed_from.is_some() {
                return None;
            }
            let new = format!("{tname}_r{serial}");
            let mut t = s.tables[ti].clone();
            t.name = new.clone();
            t.renamed_from = Some(tname.clone());
            rederive(&mut t, &tname, None);
            if too_long(&t) {
                return None;
            }
            s.tables[ti] = t;
            for o in &mut s.tables {
                for f in &mut o.foreign_keys {
                    if f.references_table == tname {
                        f.references_table = new.clone();
                    }
                }
                if let Tenancy::Via { parent, .. } = &mut o.tenancy
                    && *parent == tname
                {
                    *parent = new.clone();
                }
            }
            Some(format!("rename table {tname} to {new}"))
        }
        5 => {
            let referenced = s.tables.iter().any(|o| {
                o.name != tname && o.foreign_keys.iter().any(|f| f.references_table == tname)
            });
            if referenced || s.tables[ti].tenancy == Tenancy::Root || s.tables.len() < 3 {
                return None;
            }
            s.tables.remove(ti);
            Some(format!("drop table {tname}"))
        }
        6 => {
            let name = format!("new_table_{serial}");
            let mut t = Table {
                name: name.clone(),
                doc: rng
                    .chance(50)
                    .then(|| "A table added by a random step.".to_string()),
                columns: vec![
                    Column {
                        nullable: false,
                        default: Some(DefaultValue::Sql(SqlExpr("gen_random_uuid()".into()))),
                        ..column("id", ColumnType::Scalar(ScalarType::Uuid))
                    },
                    Column {
                        nullable: false,
                        ..column("label", ColumnType::Scalar(ScalarType::Text))
                    },
                ],
                primary_key: Some(PrimaryKey {
                    name: format!("{name}_pkey"),
                    columns: vec!["id".into()],
                    span: Span::default(),
                }),
                uniques: Vec::new(),
                foreign_keys: Vec::new(),
                checks: Vec::new(),
                indexes: vec![Index {
                    name: format!("{name}_label_idx"),
                    elements: vec![IndexElement {
                        target: IndexTarget::Column("label".into()),
                        descending: false,
                        nulls: None,
                        opclass: None,
                    }],
                    unique: false,
                    method: None,
                    include: Vec::new(),
                    nulls_not_distinct: false,
                    storage: Vec::new(),
                    predicate: None,
                    span: Span::default(),
                }],
                triggers: Vec::new(),
                policies: Vec::new(),
                storage: Vec::new(),
                tenancy: Tenancy::None,
                partitioning: None,
                renamed_from: None,
                span: Span::default(),
            };
            let target = &s.tables[ti];
            if let Some(pk) = target.primary_key.as_ref().filter(|k| k.columns.len() == 1) {
                let pk_col = target.column(&pk.columns[0])?;
                let ref_col = format!("{}_ref", target.name.chars().take(20).collect::<String>());
                t.columns.push(Column {
                    nullable: rng.chance(50),
                    ..column(&ref_col, pk_col.ty.clone())
                });
                t.foreign_keys.push(ForeignKey {
                    tenant: None,
                    name: constraint_name(&name, std::slice::from_ref(&ref_col), "fkey"),
                    columns: vec![ref_col],
                    references_table: target.name.clone(),
                    references_columns: pk.columns.clone(),
                    on_delete: ReferentialAction::Cascade,
                    on_update: ReferentialAction::NoAction,
                    deferrable: None,
                    span: Span::default(),
                });
            }
            let at = rng.below(s.tables.len() + 1);
            s.tables.insert(at, t);
            Some(format!("add table {name}"))
        }
        7 => {
            let t = &s.tables[ti];
            let widen = |ty: &ColumnType| -> Option<ColumnType> {
                Some(ColumnType::Scalar(match ty {
                    ColumnType::Scalar(ScalarType::Smallint) => ScalarType::Integer,
                    ColumnType::Scalar(ScalarType::Integer) => ScalarType::Bigint,
                    ColumnType::Scalar(ScalarType::Varchar(_)) => ScalarType::Text,
                    ColumnType::Scalar(ScalarType::Json) => ScalarType::Jsonb,
                    // More digits of seconds: in place.
                    ColumnType::Scalar(ScalarType::Timestamptz(Some(p))) if *p < 6 => {
                        ScalarType::Timestamptz(Some(p + 3).filter(|p| *p < 6))
                    }
                    ColumnType::Scalar(ScalarType::Timestamptz(p)) => ScalarType::Timestamp(*p),
                    ColumnType::Scalar(ScalarType::Timestamp(p)) => ScalarType::Timestamptz(*p),
                    ColumnType::Enum(_) => ScalarType::Text,
                    _ => return None,
                }))
            };
            let candidates: Vec<(String, ColumnType)> = t
                .columns
                .iter()
                .filter(|c| {
                    !column_is_entangled(s, t, &c.name)
                        && c.identity.is_none()
                        && c.generated.is_none()
                })
                .filter_map(|c| Some((c.name.clone(), widen(&c.ty)?)))
                .collect();
            let (c, ty) = rng.pick(&candidates)?.clone();
            let col = s.tables[ti].columns.iter_mut().find(|x| x.name == c)?;
            if let Some(DefaultValue::EnumValue(v)) = &col.default {
                col.default = Some(DefaultValue::Sql(SqlExpr(format!("'{v}'"))));
            }
            col.ty = ty;
            Some(format!("change type of {tname}.{c}"))
        }
        8 => {
            let t = &mut s.tables[ti];
            let pk: Vec<String> = t
                .primary_key
                .iter()
                .flat_map(|k| k.columns.clone())
                .collect();
            let candidates: Vec<usize> = (0..t.columns.len())
                .filter(|&i| !pk.contains(&t.columns[i].name) && t.columns[i].generated.is_none() && t.columns[i].identity.is_none())
                .filter(|&i| t.columns[i].nullable == t.columns[i].default.is_some() || !t.columns[i].nullable)
                .filter(|&i| {
                    let name = &t.columns[i].name;
                    !t.foreign_keys.iter().any(|f| f.columns.contains(name))
                        && !matches!(&t.tenancy, Tenancy::Column { column } | Tenancy::Via { column, .. } if column == name)
                })
                .collect();
            let i = *rng.pick(&candidates)?;
            let c = &mut t.columns[i];
            if c.nullable && c.default.is_some() {
                c.nullable = false;
            } else if !c.nullable {
                // A NOT NULL foreign key column that becomes nullable must not be ON DELETE SET NULL-bound: fine either way.
                c.nullable = true;
            } else {
                return None;
            }
            Some(format!("toggle nullability of {tname}.{}", c.name))
        }
        9 => {
            let t = &mut s.tables[ti];
            let candidates: Vec<usize> = (0..t.columns.len())
                .filter(|&i| {
                    t.columns[i].generated.is_none()
                        && t.columns[i].identity.is_none()
                        && t.columns[i].nullable
                })
                .collect();
            let i = *rng.pick(&candidates)?;
            let c = &mut t.columns[i];
            let name = c.name.clone();
            match (&c.ty, c.default.is_some()) {
                (_, true) => c.default = None,
                (ColumnType::Scalar(ScalarType::Text), false) => {
                    c.default = Some(DefaultValue::Sql(SqlExpr(format!("'default {serial}'"))))
                }
                (ColumnType::Scalar(ScalarType::Boolean), false) => {
                    c.default = Some(DefaultValue::Sql(SqlExpr("true".into())))
                }
                _ => return None,
            }
            Some(format!("change default of {tname}.{name}"))
        }
        10..=20 => extras::mutate(rng, s, ti, &tname, serial, which),
        _ => None,
    }
}
