//! The DDL we emit, applied to a real PostgreSQL 15 and read back from its catalog.

use std::collections::BTreeSet;
use std::path::Path;

use schemaforge_generator::emit::sql::{SqlOptions, emit, quote_ident};
use schemaforge_schema::ir::{ReferentialAction, Schema, TriggerEvent, TriggerTiming, Volatility};
use schemaforge_testkit::{TestDatabase, cluster};

fn load(path: &str) -> Schema {
    match schemaforge_schema::load(Path::new(path)) {
        Ok(loaded) => loaded.schema,
        Err(e) => panic!("{path} must compile:\n{}", e.render()),
    }
}

/// A fresh database with the schema's DDL applied in one transaction.
fn apply(schema: &Schema) -> TestDatabase {
    let db = cluster().create_database();
    let ddl = emit(schema, &SqlOptions::default());
    if let Err(e) = db.psql(&format!("BEGIN;\n{ddl}\nCOMMIT;")) {
        panic!("Postgres rejected the DDL: {e}\n{ddl}");
    }
    db
}

fn rows(db: &TestDatabase, sql: &str) -> BTreeSet<String> {
    let out = db.psql(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    out.lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

fn action_code(a: ReferentialAction) -> char {
    match a {
        ReferentialAction::NoAction => 'a',
        ReferentialAction::Restrict => 'r',
        ReferentialAction::Cascade => 'c',
        ReferentialAction::SetNull => 'n',
        ReferentialAction::SetDefault => 'd',
    }
}

/// Compares everything the catalog knows of the schema's objects with the IR.
fn assert_catalog_matches(db: &TestDatabase, schema: &Schema) {
    // Extensions: the schema's (and plpgsql, which every database has).
    let expected: BTreeSet<String> = schema
        .extensions
        .iter()
        .map(|x| x.name.clone())
        .chain(["plpgsql".to_string()])
        .collect();
    let actual = rows(db, "select extname from pg_extension");
    assert_eq!(actual, expected, "extensions");

    // Enums, with their values in order.
    let expected: BTreeSet<String> = schema
        .enums
        .iter()
        .map(|e| {
            let values: Vec<&str> = e.values.iter().map(|v| v.name.as_str()).collect();
            format!("{}|{}", e.name, values.join(","))
        })
        .collect();
    let actual = rows(
        db,
        "select t.typname || '|' || string_agg(e.enumlabel, ',' order by e.enumsortorder)
         from pg_type t join pg_enum e on e.enumtypid = t.oid group by t.typname",
    );
    assert_eq!(actual, expected, "enums");

    // Tables.
    let expected: BTreeSet<String> = schema.tables.iter().map(|t| t.name.clone()).collect();
    let actual = rows(
        db,
        "select relname from pg_class
          where relnamespace = 'public'::regnamespace and relkind in ('r', 'p') and not relispartition",
    );
    assert_eq!(actual, expected, "tables");

    // Columns: type (as Postgres prints it), nullability, default presence, generation.
    let expected: BTreeSet<String> = schema
        .tables
        .iter()
        .flat_map(|t| {
            t.columns.iter().map(move |c| {
                let identity = match c.identity {
                    Some(schemaforge_schema::ir::Identity::Always) => "a",
                    Some(schemaforge_schema::ir::Identity::ByDefault) => "d",
                    None => "",
                };
                format!(
                    "{}.{}|{}|{}|{}|{}",
                    t.name,
                    c.name,
                    catalog_type(&c.ty),
                    if c.nullable { "null" } else { "not null" },
                    identity,
                    if c.generated.is_some() { "s" } else { "" }
                )
            })
        })
        .collect();
    let actual = rows(
        db,
        "select c.relname || '.' || a.attname || '|' || format_type(a.atttypid, a.atttypmod) || '|' ||
                case when a.attnotnull then 'not null' else 'null' end || '|' || a.attidentity::text || '|' || a.attgenerated::text
         from pg_attribute a join pg_class c on c.oid = a.attrelid
         join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
           and a.attnum > 0 and not a.attisdropped",
    );
    assert_eq!(actual, expected, "columns");

    // Sequences: each identity's and serial column's, of the column's type, owned by it, and
    // the schema's own, with their parameters and owners.
    let mut expected: BTreeSet<String> = BTreeSet::new();
    for t in &schema.tables {
        for c in &t.columns {
            let owned = match (&c.identity, c.serial_sequence(&t.name)) {
                (Some(_), _) => Some((format!("{}_{}_seq", t.name, c.name), "i")),
                (None, Some(name)) => Some((name, "a")),
                (None, None) => None,
            };
            if let Some((name, kind)) = owned {
                let max = match c.ty {
                    schemaforge_schema::ir::ColumnType::Scalar(s) => s.integer_range().1,
                    _ => i64::MAX,
                };
                expected.insert(format!(
                    "{name}|{}|{}.{}|{kind}|1 1 1 {max} 1 f",
                    catalog_type(&c.ty),
                    t.name,
                    c.name
                ));
            }
        }
    }
    for q in &schema.sequences {
        let ty = schemaforge_schema::ir::ColumnType::Scalar(q.ty);
        let (min, max) = q.limits();
        let owner = match &q.owned_by {
            Some(o) => format!("{}.{}|a", o.table, o.column),
            None => "|".to_string(),
        };
        expected.insert(format!(
            "{}|{}|{owner}|{} {} {min} {max} {} {}",
            q.name,
            catalog_type(&ty),
            q.first(),
            q.increment.unwrap_or(1),
            q.cache.unwrap_or(1),
            if q.cycle { "t" } else { "f" }
        ));
    }
    let actual = rows(
        db,
        "select c.relname || '|' || format_type(s.seqtypid, null) || '|' ||
                coalesce((select d.refobjid::regclass::text || '.' || a.attname || '|' || d.deptype::text
                            from pg_depend d join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
                           where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.refobjsubid > 0
                             and d.deptype in ('a', 'i')), '|') || '|' ||
                concat_ws(' ', s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache,
                          case when s.seqcycle then 't' else 'f' end)
         from pg_sequence s join pg_class c on c.oid = s.seqrelid
         where c.relnamespace = 'public'::regnamespace",
    );
    assert_eq!(actual, expected, "sequences");

    // Storage parameters of tables (a `toast.` one on the TOAST table) and indexes.
    let mut expected: BTreeSet<String> = BTreeSet::new();
    for t in &schema.tables {
        let (toast, own): (Vec<_>, Vec<_>) =
            t.storage.iter().partition(|p| p.name.starts_with("toast."));
        let list = |params: &[&schemaforge_schema::ir::StorageParam], prefix: &str| {
            let parts: Vec<String> = params
                .iter()
                .map(|p| format!("{}={}", p.name.trim_start_matches(prefix), p.value))
                .collect();
            parts.join(",")
        };
        if !own.is_empty() {
            expected.insert(format!("{}|{}", t.name, list(&own, "")));
        }
        if !toast.is_empty() {
            expected.insert(format!("{} toast|{}", t.name, list(&toast, "toast.")));
        }
        for i in t.indexes.iter().filter(|i| !i.storage.is_empty()) {
            let params: Vec<&_> = i.storage.iter().collect();
            expected.insert(format!("{}|{}", i.name, list(&params, "")));
        }
    }
    let actual = rows(
        db,
        "select c.relname || '|' || array_to_string(c.reloptions, ',') from pg_class c
          where c.relnamespace = 'public'::regnamespace and c.reloptions is not null
            and c.relkind in ('r', 'i')
         union all
         select c.relname || ' toast|' || array_to_string(t.reloptions, ',') from pg_class c
           join pg_class t on t.oid = c.reltoastrelid
          where c.relnamespace = 'public'::regnamespace and t.reloptions is not null",
    );
    assert_eq!(actual, expected, "storage parameters");

    // Primary keys, unique constraints and checks by name and table.
    let mut expected = BTreeSet::new();
    for t in &schema.tables {
        if let Some(pk) = &t.primary_key {
            expected.insert(format!("p|{}|{}", t.name, pk.name));
        }
        for u in &t.uniques {
            expected.insert(format!("u|{}|{}", t.name, u.name));
        }
        for c in &t.checks {
            expected.insert(format!("c|{}|{}", t.name, c.name));
        }
    }
    let actual = rows(
        db,
        "select contype::text || '|' || conrelid::regclass::text || '|' || conname from pg_constraint
         where contype in ('p', 'u', 'c') and connamespace = 'public'::regnamespace
           and not (select relispartition from pg_class where oid = conrelid)",
    );
    let actual: BTreeSet<String> = actual.into_iter().map(|r| r.replace('"', "")).collect();
    assert_eq!(
        actual, expected,
        "primary keys, unique constraints and checks"
    );

    // Foreign keys: columns, target, actions.
    let expected: BTreeSet<String> = schema
        .tables
        .iter()
        .flat_map(|t| {
            t.foreign_keys.iter().map(move |fk| {
                format!(
                    "{}|{}({})|{}({})|{}{}|{}",
                    fk.name,
                    t.name,
                    fk.columns.join(","),
                    fk.references_table,
                    fk.references_columns.join(","),
                    action_code(fk.on_delete),
                    action_code(fk.on_update),
                    match fk.deferrable {
                        None => "",
                        Some(schemaforge_schema::ir::Deferral::InitiallyImmediate) => "d",
                        Some(schemaforge_schema::ir::Deferral::InitiallyDeferred) => "dd",
                    }
                )
            })
        })
        .collect();
    let actual = rows(
        db,
        "select con.conname || '|' || con.conrelid::regclass::text || '(' ||
                (select string_agg(a.attname, ',' order by k.i) from unnest(con.conkey) with ordinality k(n, i)
                 join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.n) || ')|' ||
                con.confrelid::regclass::text || '(' ||
                (select string_agg(a.attname, ',' order by k.i) from unnest(con.confkey) with ordinality k(n, i)
                 join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.n) || ')|' ||
                con.confdeltype::text || con.confupdtype::text || '|' ||
                case when con.condeferred then 'dd' when con.condeferrable then 'd' else '' end
         from pg_constraint con where con.contype = 'f'
           and not (select relispartition from pg_class where oid = con.conrelid)",
    );
    let actual: BTreeSet<String> = actual.into_iter().map(|r| r.replace('"', "")).collect();
    assert_eq!(actual, expected, "foreign keys");

    // Indexes: ours plus those behind primary keys and unique constraints; unique or not,
    // NULLs distinct or not, the included columns.
    let flag = |b: bool| if b { "t" } else { "f" };
    let mut expected = BTreeSet::new();
    for t in &schema.tables {
        if let Some(pk) = &t.primary_key {
            expected.insert(format!("{}|{}|t|f|", t.name, pk.name));
        }
        for u in &t.uniques {
            let nnd = flag(u.nulls_not_distinct);
            expected.insert(format!("{}|{}|t|{nnd}|", t.name, u.name));
        }
        for i in &t.indexes {
            expected.insert(format!(
                "{}|{}|{}|{}|{}",
                t.name,
                i.name,
                flag(i.unique),
                flag(i.nulls_not_distinct),
                i.include.join(",")
            ));
        }
    }
    let actual = rows(
        db,
        "select t.relname || '|' || i.relname || '|' || case when x.indisunique then 't' else 'f' end
                || '|' || case when x.indnullsnotdistinct then 't' else 'f' end || '|' ||
                coalesce((select string_agg(a.attname, ',' order by k.i)
                          from unnest(x.indkey::int2[]) with ordinality k(n, i)
                          join pg_attribute a on a.attrelid = x.indrelid and a.attnum = k.n
                          where k.i > x.indnkeyatts), '')
         from pg_index x
         join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
         where t.relnamespace = 'public'::regnamespace and not t.relispartition",
    );
    assert_eq!(actual, expected, "indexes");

    // Operator classes, where the schema names one: at their element's position.
    for t in &schema.tables {
        for i in t
            .indexes
            .iter()
            .filter(|i| i.elements.iter().any(|e| e.opclass.is_some()))
        {
            let classes = rows(
                db,
                &format!(
                    "select k.i || ':' || o.opcname from pg_index x
                     join pg_class c on c.oid = x.indexrelid
                     cross join unnest(x.indclass::oid[]) with ordinality k(oid, i)
                     join pg_opclass o on o.oid = k.oid
                     where c.relname = {}",
                    quote_literal(&i.name)
                ),
            );
            for (k, e) in i.elements.iter().enumerate() {
                if let Some(opclass) = &e.opclass {
                    let row = format!("{}:{opclass}", k + 1);
                    assert!(
                        classes.contains(&row),
                        "{}: {row} not in {classes:?}",
                        i.name
                    );
                }
            }
        }
    }

    // Comments on types, tables and columns.
    let mut expected = BTreeSet::new();
    for e in &schema.enums {
        if let Some(doc) = &e.doc {
            expected.insert(format!("type {}: {}", e.name, doc.replace('\n', "\\n")));
        }
    }
    // A view's and a sequence's comment is on its pg_class row, as a table's is.
    for v in &schema.views {
        if let Some(doc) = &v.doc {
            expected.insert(format!("table {}: {}", v.name, doc.replace('\n', "\\n")));
        }
    }
    for q in &schema.sequences {
        if let Some(doc) = &q.doc {
            expected.insert(format!("table {}: {}", q.name, doc.replace('\n', "\\n")));
        }
    }
    for t in &schema.tables {
        if let Some(doc) = &t.doc {
            expected.insert(format!("table {}: {}", t.name, doc.replace('\n', "\\n")));
        }
        for c in &t.columns {
            if let Some(doc) = &c.doc {
                expected.insert(format!(
                    "column {}.{}: {}",
                    t.name,
                    c.name,
                    doc.replace('\n', "\\n")
                ));
            }
        }
    }
    let actual = rows(
        db,
        "select 'type ' || t.typname || ': ' || replace(d.description, E'\\n', '\\n') from pg_description d
           join pg_type t on t.oid = d.objoid and d.classoid = 'pg_type'::regclass
         where t.typnamespace = 'public'::regnamespace
         union all
         select case when d.objsubid = 0 then 'table ' || c.relname
                     else 'column ' || c.relname || '.' || a.attname end
                || ': ' || replace(d.description, E'\\n', '\\n')
         from pg_description d join pg_class c on c.oid = d.objoid and d.classoid = 'pg_class'::regclass
         left join pg_attribute a on a.attrelid = c.oid and a.attnum = d.objsubid
         where c.relnamespace = 'public'::regnamespace and not c.relispartition",
    );
    assert_eq!(actual, expected, "comments");

    // Functions: signature, language, options and body as declared, and their comments.
    let expected: BTreeSet<String> = schema
        .functions
        .iter()
        .map(|f| {
            let volatility = f.volatility.map_or("v", |v| match v {
                Volatility::Immutable => "i",
                Volatility::Stable => "s",
                Volatility::Volatile => "v",
            });
            format!(
                "{}({}) {} {} {volatility} strict={} definer={}{} body={} doc={}",
                f.name,
                f.arguments,
                f.returns,
                f.language,
                f.strict,
                f.security_definer,
                // Pinned to the path the DDL was applied under (the database's default),
                // with `pg_temp` last.
                match f.security_definer {
                    true => " set=search_path=\"$user\", public, pg_temp",
                    false => "",
                },
                format!("\n{}\n", f.body).replace('\n', "\\n"),
                f.doc.as_deref().unwrap_or("").replace('\n', "\\n"),
            )
        })
        .collect();
    let actual = rows(
        db,
        "select p.proname || '(' || pg_get_function_arguments(p.oid) || ') '
                || pg_get_function_result(p.oid) || ' ' || l.lanname || ' ' || p.provolatile::text
                || ' strict=' || p.proisstrict || ' definer=' || p.prosecdef
                || coalesce(' set=' || array_to_string(p.proconfig, '; '), '')
                || ' body=' || replace(p.prosrc, E'\\n', '\\n')
                || ' doc=' || coalesce(replace(obj_description(p.oid, 'pg_proc'), E'\\n', '\\n'), '')
         from pg_proc p join pg_language l on l.oid = p.prolang
         where p.pronamespace = 'public'::regnamespace
           and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')",
    );
    assert_eq!(actual, expected, "functions");

    // Views: kind, and the query Postgres stored for each, which must read as the schema's
    // (compared by the columns it yields: the text Postgres prints is its own).
    let expected: BTreeSet<String> = schema
        .views
        .iter()
        .map(|v| {
            let kind = if v.materialized { "m" } else { "v" };
            format!(
                "{} {kind} doc={}",
                v.name,
                v.doc.as_deref().unwrap_or("").replace('\n', "\\n")
            )
        })
        .collect();
    let actual = rows(
        db,
        "select c.relname || ' ' || c.relkind::text || ' doc='
                || coalesce(replace(obj_description(c.oid, 'pg_class'), E'\\n', '\\n'), '')
         from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind in ('v', 'm')",
    );
    assert_eq!(actual, expected, "views");
    for v in &schema.views {
        let stored = rows(
            db,
            &format!(
                "select string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' order by attnum)
                 from pg_attribute where attrelid = '{}'::regclass and attnum > 0",
                quote_ident(&v.name)
            ),
        );
        let direct = rows(
            db,
            &format!(
                "create temp view schemaforge_probe as {};
                 select string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' order by attnum)
                 from pg_attribute where attrelid = 'schemaforge_probe'::regclass and attnum > 0;
                 drop view schemaforge_probe;",
                v.query
            ),
        );
        assert!(
            stored.is_subset(&direct) && !stored.is_empty(),
            "view {}: {stored:?} against {direct:?}",
            v.name
        );
    }

    // Triggers: table, timing, events (with their columns), level, condition, function.
    let expected: BTreeSet<String> = schema
        .tables
        .iter()
        .flat_map(|t| t.triggers.iter().map(move |tr| (t, tr)))
        .map(|(t, tr)| {
            let mut events: Vec<&str> = Vec::new();
            let mut columns: Vec<&str> = Vec::new();
            for e in &tr.events {
                match e {
                    TriggerEvent::Insert => events.push("insert"),
                    TriggerEvent::Update(c) => {
                        events.push("update");
                        columns.extend(c.iter().map(String::as_str));
                    }
                    TriggerEvent::Delete => events.push("delete"),
                    TriggerEvent::Truncate => events.push("truncate"),
                }
            }
            events.sort_unstable();
            let timing = match tr.timing {
                TriggerTiming::Before => "before",
                TriggerTiming::After => "after",
            };
            format!(
                "{} {} {timing} {} row={} when={} columns={} function={}",
                t.name,
                tr.name,
                events.join(","),
                tr.for_each_row,
                tr.when.is_some(),
                columns.join(","),
                tr.function
            )
        })
        .collect();
    let actual = rows(
        db,
        "select c.relname || ' ' || t.tgname || ' '
                || case when t.tgtype & 2 <> 0 then 'before' else 'after' end || ' '
                || concat_ws(',', case when t.tgtype & 8 <> 0 then 'delete' end,
                                  case when t.tgtype & 4 <> 0 then 'insert' end,
                                  case when t.tgtype & 32 <> 0 then 'truncate' end,
                                  case when t.tgtype & 16 <> 0 then 'update' end)
                || ' row=' || (t.tgtype & 1 <> 0) || ' when=' || (t.tgqual is not null)
                || ' columns=' || coalesce((select string_agg(a.attname, ',' order by k.n)
                      from unnest(t.tgattr::int2[]) with ordinality k(attnum, n)
                      join pg_attribute a on a.attrelid = t.tgrelid and a.attnum = k.attnum), '')
                || ' function=' || p.proname
         from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_proc p on p.oid = t.tgfoid
         where not t.tgisinternal and c.relnamespace = 'public'::regnamespace
           and not c.relispartition",
    );
    assert_eq!(actual, expected, "triggers");

    // Policies of the schema's own, and Row-Level Security on where a table has them.
    let expected: BTreeSet<String> = schema
        .tables
        .iter()
        .flat_map(|t| t.policies.iter().map(move |p| (t, p)))
        .map(|(t, p)| {
            let roles = match p.roles.is_empty() {
                true => "public".to_string(),
                false => p.roles.join(","),
            };
            format!(
                "{} {} {} {} {roles} using={} check={}",
                t.name,
                p.name,
                if p.restrictive {
                    "RESTRICTIVE"
                } else {
                    "PERMISSIVE"
                },
                p.command.sql(),
                p.using.is_some(),
                p.with_check.is_some()
            )
        })
        .chain(
            schema
                .tables
                .iter()
                .filter(|t| !t.policies.is_empty())
                .map(|t| format!("row level security {}", t.name)),
        )
        .collect();
    let actual = rows(
        db,
        "select tablename || ' ' || policyname || ' ' || permissive || ' ' || cmd || ' '
                || array_to_string(roles, ',') || ' using=' || (qual is not null)
                || ' check=' || (with_check is not null)
         from pg_policies where schemaname = 'public'
         union all
         select 'row level security ' || relname from pg_class
         where relnamespace = 'public'::regnamespace and relrowsecurity",
    );
    assert_eq!(actual, expected, "policies");

    // Partitioned tables: the key, and each partition's bound and comment.
    let mut expected = BTreeSet::new();
    for t in &schema.tables {
        let Some(p) = &t.partitioning else { continue };
        expected.insert(format!(
            "{} partition by {}",
            t.name,
            p.sql(|c| quote_ident(c).into_owned())
                .trim_start_matches("PARTITION BY ")
                .to_lowercase()
        ));
        for part in &p.partitions {
            expected.insert(format!(
                "{} partition of {} {}",
                part.name,
                t.name,
                part.bound.sql().to_lowercase()
            ));
            if let Some(doc) = &part.doc {
                expected.insert(format!(
                    "comment {}: {}",
                    part.name,
                    doc.replace('\n', "\\n")
                ));
            }
        }
    }
    let actual = rows(
        db,
        "SET timezone TO 'UTC';
         select c.relname || ' partition by ' || lower(pg_get_partkeydef(c.oid)) from pg_class c
          where c.relnamespace = 'public'::regnamespace and c.relkind = 'p'
         union all
         select c.relname || ' partition of ' || p.relname || ' ' || lower(pg_get_expr(c.relpartbound, c.oid))
           from pg_class c join pg_inherits i on i.inhrelid = c.oid join pg_class p on p.oid = i.inhparent
          where c.relnamespace = 'public'::regnamespace and c.relispartition
         union all
         select 'comment ' || c.relname || ': ' || replace(d.description, E'\\n', '\\n')
           from pg_description d join pg_class c on c.oid = d.objoid and d.classoid = 'pg_class'::regclass
          where c.relnamespace = 'public'::regnamespace and c.relispartition and d.objsubid = 0",
    );
    assert_eq!(actual, expected, "partitioned tables");
}

/// A time type's precision as `format_type` prints it: `(3)`, or nothing.
fn precision(p: Option<u32>) -> String {
    p.map_or_else(String::new, |p| format!("({p})"))
}

/// The type as `format_type` prints it.
fn catalog_type(ty: &schemaforge_schema::ir::ColumnType) -> String {
    use schemaforge_schema::ir::{ColumnType, ScalarType};
    match ty {
        ColumnType::Array(inner) => format!("{}[]", catalog_type(inner)),
        ColumnType::Enum(name) => quote_ident(name).into_owned(),
        ColumnType::Scalar(s) => match s {
            ScalarType::Varchar(None) => "character varying".into(),
            ScalarType::Varchar(Some(n)) => format!("character varying({n})"),
            ScalarType::Char(None) => "character(1)".into(),
            ScalarType::Char(Some(n)) => format!("character({n})"),
            ScalarType::Time(p) => format!("time{} without time zone", precision(*p)),
            ScalarType::Timestamp(p) => format!("timestamp{} without time zone", precision(*p)),
            ScalarType::Timestamptz(p) => format!("timestamp{} with time zone", precision(*p)),
            ScalarType::Numeric(Some((p, s))) => format!("numeric({p},{})", s.unwrap_or(0)),
            ScalarType::Bit(n) => format!("bit({})", n.unwrap_or(1)),
            ScalarType::Timetz(p) => format!("time{} with time zone", precision(*p)),
            ScalarType::Varbit(None) => "bit varying".into(),
            ScalarType::Varbit(Some(n)) => format!("bit varying({n})"),
            other => other.to_string(),
        },
    }
}

#[test]
fn example_ddl_applies_and_matches_the_catalog() {
    let schema = load("examples/saas/schema");
    let db = apply(&schema);
    assert_eq!(
        rows(&db, "select count(*) from pg_type where typtype = 'e'"),
        BTreeSet::from(["7".to_string()])
    );
    assert_eq!(
        rows(
            &db,
            "select count(*) from pg_tables where schemaname = 'public'"
        ),
        BTreeSet::from(["20".to_string()])
    );
    assert_catalog_matches(&db, &schema);
}

#[test]
fn every_language_feature_applies_and_matches_the_catalog() {
    let schema = load("tests/fixtures/good/features");
    let db = apply(&schema);
    assert_catalog_matches(&db, &schema);
}

/// Tenant keys: composite foreign keys and the keys they reference, as the IR has them.
#[test]
fn adversarial_names_apply_and_match_the_catalog() {
    let schema = load("tests/fixtures/good/adversarial_names");
    let db = apply(&schema);
    assert_catalog_matches(&db, &schema);
}

#[test]
fn partitioned_tables_apply_and_match_the_catalog() {
    let schema = load("tests/fixtures/good/partitions");
    let db = apply(&schema);
    assert_catalog_matches(&db, &schema);
}

#[test]
fn tenant_keys_apply_and_match_the_catalog() {
    let schema = load("tests/fixtures/good/tenant_keys");
    let db = apply(&schema);
    assert_catalog_matches(&db, &schema);
}

/// The fixture whose generated Rust `tests/all-types` round-trips through Postgres.
#[test]
fn every_rust_type_fixture_applies_and_matches_the_catalog() {
    let schema = load("tests/fixtures/good/all_types");
    let db = apply(&schema);
    assert_catalog_matches(&db, &schema);
}

#[test]
fn example_constraints_hold_in_postgres() {
    let schema = load("examples/saas/schema");
    let db = apply(&schema);
    let ok = |sql: &str| db.psql(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    ok("insert into users (id, name, email) values ('u1', 'Ada', 'ada@example.com')");
    ok(
        "insert into organizations (id, name, slug) values ('00000000-0000-0000-0000-000000000001', 'Acme', 'acme')",
    );
    ok(
        "insert into organization_members (organization_id, user_id) values ('00000000-0000-0000-0000-000000000001', 'u1')",
    );
    // The enum default is applied by Postgres.
    assert_eq!(ok("select role from organization_members"), "member");
    // Unique (organization_id, user_id).
    let dup = db.psql("insert into organization_members (organization_id, user_id) values ('00000000-0000-0000-0000-000000000001', 'u1')");
    assert!(dup.is_err_and(|e| e.contains("organization_members_organization_id_user_id_key")));
    // ON DELETE CASCADE from the tenant root.
    ok("delete from organizations");
    assert_eq!(ok("select count(*) from organization_members"), "0");
}

/// The functions the checker knows (`schema/src/pg_functions.txt`) are exactly those of the
/// PostgreSQL the tests run on, with the same argument counts, result types and first
/// argument types: the list is read from a real server, and this query regenerates it.
#[test]
fn the_known_functions_are_postgres_15s() {
    let db = cluster().create_database();
    let query = "with v as (select proname, pronargs - pronargdefaults as lo, \
                 case when provariadic <> 0 then 100 else pronargs end as hi, \
                 prorettype, proretset, t.typname, \
                 (select typname::text from pg_type a where a.oid = p.proargtypes[0]) as first \
                 from pg_proc p join pg_type t on t.oid = p.prorettype \
                 where pronamespace = 'pg_catalog'::regnamespace and prokind = 'f'), \
                 by_first as (select proname, first, \
                 case when count(distinct prorettype) = 1 and not bool_or(proretset) \
                 then min(typname::text) else '-' end as result \
                 from v where first is not null group by proname, first) \
                 select proname || ' ' || min(lo) || ' ' || max(hi) || ' ' || \
                 case when count(distinct prorettype) = 1 and not bool_or(proretset) \
                 then min(typname::text) else '-' end || ' ' || \
                 coalesce((select string_agg(b.first || ':' || b.result, ',' order by b.first) \
                 from by_first b where b.proname = v.proname), '-') \
                 from v group by proname order by proname collate \"C\"";
    let server = db.psql(query).expect("pg_proc");
    let known = std::fs::read_to_string("schema/src/pg_functions.txt").expect("the list");
    let known: Vec<&str> = known.lines().filter(|l| !l.starts_with('#')).collect();
    let server: Vec<&str> = server.lines().collect();
    assert!(server.len() > 2_000, "{} functions", server.len());
    let missing: Vec<&&str> = server
        .iter()
        .filter(|f| !known.contains(f))
        .take(10)
        .collect();
    let extra: Vec<&&str> = known
        .iter()
        .filter(|f| !server.contains(f))
        .take(10)
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "the server has {missing:?} that the list lacks, the list has {extra:?} that the server lacks"
    );
}

/// The functions the checker refuses in generated columns and indexes
/// (`schema/src/pg_not_immutable.txt`: none of their variants immutable) are exactly those
/// of the PostgreSQL the tests run on.
#[test]
fn the_non_immutable_functions_are_postgres_15s() {
    let db = cluster().create_database();
    let server = db
        .psql(
            "select proname from pg_proc where pronamespace = 'pg_catalog'::regnamespace \
             and prokind = 'f' group by proname having bool_and(provolatile <> 'i') \
             order by proname collate \"C\"",
        )
        .expect("pg_proc");
    let known = std::fs::read_to_string("schema/src/pg_not_immutable.txt").expect("the list");
    let known: Vec<&str> = known.lines().filter(|l| !l.starts_with('#')).collect();
    assert!(known.len() > 500, "{} functions", known.len());
    assert!(known.contains(&"now") && !known.contains(&"md5"));
    assert_eq!(server.lines().collect::<Vec<_>>(), known);
}

/// The extensions the checker knows Postgres ships (`schema/src/pg_extensions.txt`) are
/// the server's, Citus aside (installed apart, and known as such).
#[test]
fn the_extensions_are_postgres_15s() {
    let db = cluster().create_database();
    let server = db
        .psql(
            "select name from pg_available_extensions where name not like 'citus%' \
             order by name collate \"C\"",
        )
        .expect("pg_available_extensions");
    let known = std::fs::read_to_string("schema/src/pg_extensions.txt").expect("the list");
    let known: Vec<&str> = known.lines().filter(|l| !l.starts_with('#')).collect();
    assert!(known.contains(&"pg_trgm") && known.contains(&"uuid-ossp"));
    assert_eq!(server.lines().collect::<Vec<_>>(), known);
}

/// The operator classes the checker knows (`schema/src/pg_opclasses.txt`: Postgres's own
/// and those of the extensions that add some, with method and input type) are exactly the
/// server's once those extensions are created.
#[test]
fn the_operator_classes_are_postgres_15s() {
    let known = std::fs::read_to_string("schema/src/pg_opclasses.txt").expect("the list");
    let known: Vec<&str> = known.lines().filter(|l| !l.starts_with('#')).collect();
    let extensions: BTreeSet<&str> = known
        .iter()
        .filter_map(|l| l.split(' ').next())
        .filter(|e| *e != "-")
        .collect();
    assert!(extensions.contains("pg_trgm") && extensions.contains("btree_gin"));
    let db = cluster().create_database();
    let create: String = extensions
        .iter()
        .map(|e| format!("CREATE EXTENSION {};\n", quote_ident(e)))
        .collect();
    db.psql(&create).expect("the extensions");
    let server = db
        .psql(
            "select x from (
               select coalesce(e.extname, '-') || ' ' || am.amname || ' ' || c.opcname || ' ' ||
                      replace(c.opcintype::regtype::text, ' ', '_') as x
               from pg_opclass c join pg_am am on am.oid = c.opcmethod
               left join pg_depend d on d.classid = 'pg_opclass'::regclass and d.objid = c.oid
                                    and d.deptype = 'e'
               left join pg_extension e on e.oid = d.refobjid
             ) s order by x collate \"C\"",
        )
        .expect("pg_opclass");
    assert_eq!(server.lines().collect::<Vec<_>>(), known);
}

/// Postgres's verdict on each statement, in order: `accepted`, or its error message (on one
/// line). Each runs in a subtransaction that is rolled back, so none changes the database.
fn verdicts<'a>(db: &TestDatabase, statements: impl Iterator<Item = &'a str>) -> Vec<String> {
    db.psql(
        "CREATE OR REPLACE FUNCTION verdict(statement text) RETURNS text LANGUAGE plpgsql AS $$\n\
         BEGIN\n  EXECUTE statement;\n  RAISE EXCEPTION 'accepted';\n\
         EXCEPTION WHEN OTHERS THEN RETURN sqlerrm;\nEND $$;\n",
    )
    .expect("the verdict function");
    let list: Vec<String> = statements.map(quote_literal).collect();
    let out = db
        .psql(&format!(
            "SELECT n, replace(verdict(s), E'\\n', ' ') FROM unnest(ARRAY[{}]) WITH ORDINALITY AS v(s, n) ORDER BY n",
            list.join(",\n")
        ))
        .expect("the verdicts");
    out.lines()
        .filter_map(|l| l.split_once('|').map(|(_, v)| v.to_string()))
        .collect()
}

/// Storage parameters at and past the edges of what Postgres takes: `check` refuses exactly
/// the values Postgres refuses (E0287).
#[test]
fn storage_parameter_values_are_what_postgres_takes() {
    // (a table's or an index method's parameter, its value)
    let cases: Vec<(&str, &str, &str)> = [
        (
            "table",
            "fillfactor",
            &[
                "10", "100", "9", "101", "50.5", "9.6", "100.4", "1e2", "abc", "nan",
            ][..],
        ),
        (
            "table",
            "toast_tuple_target",
            &["128", "8160", "127", "8161"],
        ),
        ("table", "parallel_workers", &["0", "1024", "-1", "1025"]),
        (
            "table",
            "autovacuum_enabled",
            &[
                "on", "off", "t", "false", "yes", "n", "1", "0", "o", "ofx", "2",
            ],
        ),
        (
            "table",
            "autovacuum_vacuum_threshold",
            &["0", "-1", "2147483647", "2147483648"],
        ),
        ("table", "autovacuum_vacuum_insert_threshold", &["-1", "-2"]),
        (
            "table",
            "autovacuum_vacuum_cost_limit",
            &["1", "10000", "0", "10001"],
        ),
        (
            "table",
            "autovacuum_freeze_max_age",
            &["100000", "99999", "2000000000", "2000000001"],
        ),
        (
            "table",
            "autovacuum_multixact_freeze_max_age",
            &["10000", "9999"],
        ),
        (
            "table",
            "autovacuum_freeze_min_age",
            &["1000000000", "1000000001"],
        ),
        ("table", "log_autovacuum_min_duration", &["-1", "-2"]),
        (
            "table",
            "autovacuum_vacuum_scale_factor",
            &["0", "100", "0.02", "100.5", "-0.1", "1e1"],
        ),
        ("table", "autovacuum_vacuum_cost_delay", &["2.5", "101"]),
        (
            "table",
            "vacuum_index_cleanup",
            &["auto", "on", "false", "sometimes"],
        ),
        ("table", "vacuum_truncate", &["off", "maybe"]),
        ("table", "toast.autovacuum_enabled", &["off", "sure"]),
        ("table", "toast.autovacuum_analyze_threshold", &["10"]),
        ("btree", "fillfactor", &["10", "9"]),
        ("btree", "deduplicate_items", &["off", "of", "ofaaa"]),
        ("gist", "buffering", &["auto", "on", "off", "sometimes"]),
        ("gin", "fastupdate", &["off", "nope"]),
        ("gin", "gin_pending_list_limit", &["64", "63"]),
        ("brin", "pages_per_range", &["1", "131072", "0", "131073"]),
        ("brin", "autosummarize", &["on", "onn"]),
    ]
    .iter()
    .flat_map(|(on, name, values)| values.iter().map(move |v| (*on, *name, *v)))
    .collect();
    let mut ours = Vec::new();
    let mut statements = Vec::new();
    for (n, (on, name, value)) in cases.iter().enumerate() {
        let (directive, sql) = if *on == "table" {
            (
                format!("  with ({name} = {value})"),
                format!(
                    "CREATE TABLE p{n} (id integer, words tsvector, at timestamptz) WITH ({name} = {value})"
                ),
            )
        } else {
            let column = match *on {
                "gin" | "gist" => "words",
                _ => "at",
            };
            (
                format!("  index ({column}) using {on} with ({name} = {value})"),
                format!(
                    "CREATE TABLE p{n} (id integer, words tsvector, at timestamptz); CREATE INDEX ON p{n} USING {on} ({column}) WITH ({name} = {value})"
                ),
            )
        };
        let src = format!(
            "table p{n} {{\n  unscoped\n  id integer primary_key\n  words tsvector\n  at timestamptz\n{directive}\n}}\n"
        );
        let mut sources = schemaforge_schema::Sources::new();
        sources.add("storage.forge", src);
        let accepted = match schemaforge_schema::compile(&sources) {
            Ok(_) => true,
            Err(diagnostics) => {
                assert!(
                    diagnostics.iter().all(|d| d.code == "E0287"),
                    "{}",
                    diagnostics.render(&sources)
                );
                false
            }
        };
        ours.push(accepted);
        statements.push(sql);
    }
    let db = cluster().create_database();
    let out = verdicts(&db, statements.iter().map(String::as_str));
    let wrong: Vec<String> = cases
        .iter()
        .zip(&ours)
        .zip(&out)
        .filter(|((_, ours), verdict)| **ours != (verdict.as_str() == "accepted"))
        .map(|(((on, name, value), ours), verdict)| {
            format!("{on} {name} = {value}: check accepts it: {ours}; Postgres: {verdict}")
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// An index of each method on a column of each type, and a unique key of each type: `check`
/// refuses exactly those Postgres has no default operator class for (E0272).
#[test]
fn index_methods_take_the_types_postgres_has_operator_classes_for() {
    let types = [
        "uuid",
        "text",
        "varchar(10)",
        "char(3)",
        "boolean",
        "smallint",
        "integer",
        "bigint",
        "real",
        "double precision",
        "numeric",
        "date",
        "time",
        "timestamp",
        "timestamptz",
        "interval",
        "json",
        "jsonb",
        "bytea",
        "inet",
        "cidr",
        "citext",
        "name",
        "money",
        "oid",
        "macaddr",
        "bit(4)",
        "varbit(8)",
        "xml",
        "tsvector",
        "timetz",
        "macaddr8",
        "mood",
        "integer[]",
        "text[]",
        "mood[]",
        "jsonb[]",
        "json[]",
    ];
    let methods = ["btree", "hash", "gist", "spgist", "gin", "brin"];
    let mut src =
        String::from("extension citext\nenum mood { calm }\ntable t {\n  id integer primary_key\n");
    for (n, ty) in types.iter().enumerate() {
        src.push_str(&format!("  c{n} {ty}?\n"));
    }
    // One line per case: (the line's SQL, the line of the schema).
    let mut cases: Vec<(String, usize)> = Vec::new();
    for (n, _) in types.iter().enumerate() {
        for m in methods {
            let line = src.lines().count();
            src.push_str(&format!("  index i_{m}_{n} (c{n}) using {m}\n"));
            cases.push((format!("CREATE INDEX ON t USING {m} (c{n})"), line));
        }
        let line = src.lines().count();
        src.push_str(&format!("  unique k_{n} (c{n})\n"));
        cases.push((format!("ALTER TABLE t ADD UNIQUE (c{n})"), line));
    }
    src.push_str("}\n");
    let mut sources = schemaforge_schema::Sources::new();
    sources.add("opclass.forge", src.clone());
    let mut refused = BTreeSet::new();
    if let Err(diagnostics) = schemaforge_schema::compile(&sources) {
        for d in diagnostics.iter() {
            assert_eq!(d.code, "E0272", "{}", diagnostics.render(&sources));
            refused.insert(src[..d.span().start as usize].matches('\n').count());
        }
    }
    let db = cluster().create_database();
    let mut setup = String::from(
        "CREATE EXTENSION citext;\nCREATE TYPE mood AS ENUM ('calm');\nCREATE TABLE t (id integer",
    );
    for (n, ty) in types.iter().enumerate() {
        setup.push_str(&format!(", c{n} {ty}"));
    }
    setup.push_str(");\n");
    db.psql(&setup).expect("the table");
    let out = verdicts(&db, cases.iter().map(|(sql, _)| sql.as_str()));
    let verdicts: Vec<&str> = out.iter().map(String::as_str).collect();
    assert_eq!(verdicts.len(), cases.len());
    let mut wrong = Vec::new();
    for ((sql, line), verdict) in cases.iter().zip(&verdicts) {
        let accepted = *verdict == "accepted";
        if accepted == refused.contains(line) {
            let ours = refused.contains(line);
            wrong.push(format!(
                "{sql}: Postgres: {verdict}; check refused it: {ours}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(refused.len() > 50, "{} refused", refused.len());
}

/// The type names the checker knows (`schema/src/pg_types.txt`) are exactly those of the
/// PostgreSQL the tests run on.
#[test]
fn the_known_types_are_postgres_15s() {
    let db = cluster().create_database();
    let server = db
        .psql(
            "select typname from pg_type where typnamespace = 'pg_catalog'::regnamespace \
             and typname not like '\\_%' order by typname collate \"C\"",
        )
        .expect("pg_type");
    let known = std::fs::read_to_string("schema/src/pg_types.txt").expect("the list");
    let known: Vec<&str> = known.lines().filter(|l| !l.starts_with('#')).collect();
    assert!(known.len() > 200, "{} types", known.len());
    assert_eq!(server.lines().collect::<Vec<_>>(), known);
}

/// Date, time, interval and array literals: every one `check` accepts as a default, Postgres
/// accepts; every one it refuses for a field out of range or an unknown unit, Postgres
/// refuses too. (Text refused only for not being ISO 8601, which Postgres may read by its
/// `DateStyle`, is left out of the second half.)
#[test]
fn date_time_interval_and_array_literals_are_judged_as_postgres_does() {
    let cases: &[(&str, &str)] = &[
        ("date", "2024-02-29"),
        ("date", "2023-02-29"),
        ("date", "2024-04-31"),
        ("date", "2024-13-01"),
        ("date", "2024-00-10"),
        ("date", "epoch"),
        ("date", "infinity"),
        ("timestamp", "2024-01-01 24:00:00"),
        ("timestamp", "2024-01-01 24:00:01"),
        ("timestamp", "2024-01-01 23:59:60"),
        ("timestamp", "2024-01-01 23:60:00"),
        ("timestamp", "2024-01-01T12:30:00.123456"),
        ("timestamp", "2024-01-01 12:30"),
        ("timestamptz", "2024-01-01 12:30:00+05:30"),
        ("timestamptz", "2024-01-01 12:30:00-0800"),
        ("timestamptz", "2024-01-01 12:30:00 UTC"),
        ("timestamptz", "2024-01-01 12:30:00Z"),
        ("timestamptz", "2024-01-01 25:30:00Z"),
        ("time", "12:30:00"),
        ("time", "allballs"),
        ("time", "24:00"),
        ("time", "12:61"),
        ("interval", "30 days"),
        ("interval", "30days"),
        ("interval", "@ 3 hours ago"),
        ("interval", "1 day 02:00:00"),
        ("interval", "-1.5 hours"),
        ("interval", "90"),
        ("interval", "P1Y2M3DT4H5M6.5S"),
        ("interval", "PT15M"),
        ("interval", "1 year 2 mons 3 weeks"),
        ("interval", "2 decades 1 century"),
        ("interval", "30 dayZ"),
        ("interval", "3 fortnights"),
        ("text[]", "{}"),
        ("text[]", "{a,\"b}\",c}"),
        ("integer[]", "[1:2]={1,2}"),
        ("text[]", "{{a},{b}}"),
        ("text[]", "aaa{}"),
        ("text[]", "{a}b"),
        ("text[]", "{a,{b}"),
        ("text[]", "{a} "),
        ("text[]", "{a}\u{a0}"),
        ("text[]", "{{{{{{{a}}}}}}}"),
        ("text[]", "{{{{{{a}}}}}}"),
        ("integer[]", "{1,{2}}"),
        ("integer[]", "{{1},2}"),
        ("integer[]", "{{1,2},{3}}"),
        ("integer[]", "{{1,2},{3,4}}"),
        ("text[]", "{a,,b}"),
        ("text[]", "{a,}"),
        ("text[]", "{\"\"}"),
        ("text[]", "{a b, c }"),
        ("text[]", "{a\"b}"),
        ("text[]", "{\"a\" b}"),
        ("interval", "1 day 2"),
        ("interval", "1 hour 2"),
        ("interval", "@ 90"),
        ("interval", "5 ago"),
        ("interval", "1 day 2 ago"),
        ("interval", "02:00 3"),
        ("interval", "1 2 day"),
        ("interval", "P1H"),
    ];
    let db = cluster().create_database();
    let mut wrong = Vec::new();
    for (i, &(ty, literal)) in cases.iter().enumerate() {
        let src = format!(
            "table t{i} {{\n  id integer primary_key\n  at {ty} default('{literal}')\n}}\n"
        );
        let mut sources = schemaforge_schema::Sources::new();
        sources.add("literal.forge", src);
        let checked = schemaforge_schema::compile(&sources);
        let postgres = db.psql(&format!(
            "BEGIN; CREATE TABLE t (at {ty} DEFAULT '{literal}'); ROLLBACK;"
        ));
        match (&checked, &postgres) {
            (Ok(_), Err(e)) => wrong.push(format!("{ty} '{literal}': accepted, Postgres: {e}")),
            (Err(d), Ok(_)) => {
                let text = d.render(&sources);
                if !text.contains("ISO 8601 form") {
                    wrong.push(format!(
                        "{ty} '{literal}': refused, Postgres took it:\n{text}"
                    ));
                }
            }
            _ => {}
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // The cases are worth something only if both verdicts occur.
    let refused = cases
        .iter()
        .filter(|(ty, literal)| db.psql(&format!("SELECT '{literal}'::{ty};")).is_err())
        .count();
    assert!(refused >= 10 && refused < cases.len() - 10, "{refused}");
}

#[test]
fn the_known_operators_are_postgres_15s() {
    let db = cluster().create_database();
    let query = "select oprname::text || ' ' || \
                 coalesce(string_agg(distinct l.typname::text, ',' order by l.typname::text) \
                 filter (where l.typname is not null), '-') || ' ' || \
                 coalesce(string_agg(distinct r.typname::text, ',' order by r.typname::text) \
                 filter (where r.typname is not null), '-') || ' ' || \
                 coalesce((select string_agg(l2.typname::text || ':' || r2.typname::text \
                 || ':' || t2.typname::text, ',' \
                 order by l2.typname::text collate \"C\", r2.typname::text collate \"C\") \
                 from pg_operator o2 join pg_type l2 on l2.oid = o2.oprleft \
                 join pg_type r2 on r2.oid = o2.oprright join pg_type t2 on t2.oid = o2.oprresult \
                 where o2.oprnamespace = 'pg_catalog'::regnamespace \
                 and o2.oprname = o.oprname), '-') \
                 from pg_operator o left join pg_type l on l.oid = o.oprleft \
                 left join pg_type r on r.oid = o.oprright \
                 where oprnamespace = 'pg_catalog'::regnamespace \
                 group by oprname order by oprname::text collate \"C\"";
    let server = db.psql(query).expect("pg_operator");
    let known = std::fs::read_to_string("schema/src/pg_operators.txt").expect("the list");
    let known: Vec<&str> = known.lines().filter(|l| !l.starts_with("-- ")).collect();
    let server: Vec<&str> = server.lines().collect();
    assert!(server.len() > 50, "{} operators", server.len());
    assert_eq!(known, server);
}

/// The expression types the checker knows (`schema/src/typing.rs`) against Postgres's own
/// verdicts, over every pair of operand types for every modelled operator, every operand
/// where a condition is needed, every type of default and generated column, and the
/// operators Postgres's grammar does not chain. Each case is one constraint or column of
/// one schema; the checker must never refuse what Postgres takes, and must refuse what
/// Postgres refuses for every operand whose type it knows.
#[test]
fn expression_types_are_judged_as_postgres_does() {
    // (column, type in the schema and in SQL, whether the checker knows its type)
    let columns: &[(&str, &str, bool)] = &[
        ("c_bool", "boolean", true),
        ("c_int2", "smallint", true),
        ("c_int", "integer", true),
        ("c_int8", "bigint", true),
        ("c_real", "real", true),
        ("c_float", "double precision", true),
        ("c_num", "numeric", true),
        ("c_text", "text", true),
        ("c_vc", "varchar(10)", true),
        ("c_ch", "char(3)", true),
        ("c_uuid", "uuid", true),
        ("c_json", "json", true),
        ("c_jsonb", "jsonb", true),
        ("c_bytea", "bytea", true),
        ("c_date", "date", true),
        ("c_time", "time", true),
        ("c_ts", "timestamp", true),
        ("c_tstz", "timestamptz", true),
        ("c_iv", "interval", true),
        ("c_color", "color", true),
        ("c_shade", "shade", true),
        ("c_tags", "text[]", true),
        ("c_ints", "integer[]", true),
        ("c_inet", "inet", false),
    ];
    // Operands that are not columns (so they may stand in a default), and whether the
    // checker knows their type.
    let values: &[(&str, bool)] = &[
        ("1", true),
        ("1.5", true),
        ("'x'", true),
        ("'1'", true),
        ("true", true),
        ("null", true),
        ("now()", true),
        ("current_date", true),
        ("interval '1 day'", true),
        ("gen_random_uuid()", true),
        ("'{}'::jsonb", true),
        ("'red'::color", true),
        ("md5('a')", true),
        ("abs(-1)", false),
    ];
    let operands: Vec<(&str, bool)> = columns
        .iter()
        .map(|&(c, _, known)| (c, known))
        .chain(values.iter().copied())
        .collect();
    // Each case: what the schema says, what Postgres is asked (as our DDL has it, in a
    // `CREATE TABLE`, where nothing is evaluated), whether the checker must refuse it when
    // Postgres does.
    struct Case {
        forge: String,
        sql: String,
        known: bool,
    }
    let mut cases = Vec::new();
    let mut calls = BTreeSet::new();
    let mut operators = BTreeSet::new();
    let check = |expr: String, known: bool| Case {
        forge: format!("  check (({expr}))"),
        sql: format!("CREATE TABLE k (LIKE t, CHECK (({expr})))"),
        known,
    };
    for &(a, ka) in &operands {
        for &(b, kb) in &operands {
            for op in ["=", "<", "like"] {
                cases.push(check(format!("{a} {op} {b}"), ka && kb));
            }
            for op in ["+", "-", "*", "/", "%", "||"] {
                cases.push(check(format!("({a} {op} {b}) is null"), ka && kb));
            }
            // Operators judged by the types their variants take on each side: only no
            // false refusal is asked of these.
            for op in [
                "?", "@>", "->>", "&", "|", "#", "<<", "~", "^", "&&", "^@", "@@",
            ] {
                operators.insert(cases.len());
                cases.push(check(format!("({a} {op} {b}) is null"), false));
            }
        }
        cases.push(check(a.to_string(), ka));
        cases.push(check(format!("{a} and true"), ka));
        cases.push(check(format!("not {a}"), ka));
        cases.push(check(format!("{a} is true"), ka));
        cases.push(check(format!("(- {a}) is null"), ka));
        // A function's first argument: only no false refusal is asked of these (a type
        // outside the language may take a number or a string).
        for call in [
            "area({})",
            "length({})",
            "md5({})",
            "abs({})",
            "sqrt({})",
            "jsonb_typeof({})",
            "json_typeof({})",
            "btrim({})",
            "char_length({})",
            "isfinite({})",
            "age({})",
            "upper({})",
            "lower({})",
            "array_length({}, 1)",
            "to_char({}, 'x')",
            "row_to_json({})",
            "num_nulls({})",
            "pg_typeof({})",
            "quote_literal({})",
            "to_json({})",
            "enum_first({})",
            "cardinality({})",
            "date_part('day', {})",
            "left({}, 1)",
            "sign({})",
        ] {
            calls.insert(cases.len());
            let expr = call.replace("{}", a);
            cases.push(check(format!("({expr}) is null"), false));
            // Its result, as the checker types it, stored in columns of three types.
            for target in ["boolean", "bigint", "text[]"] {
                let n = cases.len();
                cases.push(Case {
                    forge: format!("  r{n} {target}? generated({expr})"),
                    sql: format!(
                        "CREATE TABLE k (LIKE t, r{n} {target} GENERATED ALWAYS AS ({expr}) STORED)"
                    ),
                    known: false,
                });
            }
        }
        cases.push(check(format!("(+ {a}) is null"), ka));
        cases.push(check(format!("(case when {a} then 1 end) is null"), ka));
        cases.push(check(format!("{a} in (1, 'x')"), ka));
    }
    for chained in [
        "c_int = c_int = c_bool",
        "c_int < 1 < 2",
        "(c_int < 1) < true",
        "c_text like 'a' like 'b'",
        "(c_text like 'a') = true",
        "c_int is null is null",
        "c_int between 1 and 2 between true and true",
        "c_int in (1) in (true)",
        "c_int = 1 is null",
        "not c_int = 1",
        "c_text like 'a' between 'a' and 'b'",
        "c_text between 'a' and 'b' like 'x'",
        "c_text ilike 'a' similar to 'b'",
        "c_text in ('a') like 'x'",
        "c_text like 'x' in (true)",
        "c_int is distinct from 1 is distinct from true",
        "c_bool is true is true",
        "c_int between 1 and 2 in (true)",
        "c_int is null is distinct from true",
        "c_int is distinct from 1 is null",
        "c_int is not distinct from 1 is not distinct from true",
        "c_int in (1) between true and true",
        "c_int is distinct from 1 is true",
        "c_int is distinct from 1 is not null",
        "(c_int is distinct from 1) is null",
    ] {
        cases.push(check(chained.to_string(), true));
    }
    // The result of those operators, as a condition: their variants for the exact operand
    // types give it (`low << high` is an integer).
    for &(a, _, _) in columns {
        for &(b, _, _) in columns {
            for op in ["&", "|", "#", "<<", "?", "@>", "->>", "^"] {
                operators.insert(cases.len());
                cases.push(check(format!("{a} {op} {b}"), false));
            }
        }
    }
    let mut next = 0;
    // Casts and operators computed in a generated column: refused when they call a function
    // that is not immutable (the output of dates as text, `timestamptz + interval`, …).
    for &(a, _, _) in columns {
        for &(_, ty, _) in columns {
            next += 1;
            cases.push(Case {
                forge: format!("  g{next} {ty}? generated({a}::{ty})"),
                sql: format!(
                    "CREATE TABLE k (LIKE t, g{next} {ty} GENERATED ALWAYS AS ({a}::{ty}) STORED)"
                ),
                known: false,
            });
        }
        for computed in [
            "'x' || {}",
            "{} || 'x'::text",
            "({} + interval '1 day')",
            "{} > now()",
        ] {
            next += 1;
            let expr = computed.replace("{}", a);
            cases.push(Case {
                forge: format!("  g{next} text? generated({expr})"),
                sql: format!(
                    "CREATE TABLE k (LIKE t, g{next} text GENERATED ALWAYS AS ({expr}) STORED)"
                ),
                known: false,
            });
        }
    }
    for &(_, ty, known_ty) in columns {
        for &(value, known) in values {
            next += 1;
            cases.push(Case {
                forge: format!("  d{next} {ty}? default({value})"),
                sql: format!("CREATE TABLE k (d{next} {ty} DEFAULT {value})"),
                known: known && known_ty,
            });
            // The same value computed: refused for a function that is not immutable.
            next += 1;
            cases.push(Case {
                forge: format!("  g{next} {ty}? generated({value})"),
                sql: format!(
                    "CREATE TABLE k (LIKE t, g{next} {ty} GENERATED ALWAYS AS ({value}) STORED)"
                ),
                known: false,
            });
        }
        for &(column, _, known) in columns {
            next += 1;
            cases.push(Case {
                forge: format!("  g{next} {ty}? generated({column})"),
                sql: format!(
                    "CREATE TABLE k (LIKE t, g{next} {ty} GENERATED ALWAYS AS ({column}) STORED)"
                ),
                known: known && known_ty,
            });
        }
    }

    let mut src = String::from("enum color { red green }\nenum shade { dark light }\ntable t {\n");
    src.push_str("  id integer primary_key\n");
    for &(c, ty, _) in columns {
        src.push_str(&format!("  {c} {ty}?\n"));
    }
    let first_line = src.lines().count();
    for case in &cases {
        src.push_str(&case.forge);
        src.push('\n');
    }
    src.push_str("}\n");
    let mut sources = schemaforge_schema::Sources::new();
    let file = sources.add("types.forge", src.clone());
    let mut refused = vec![false; cases.len()];
    if let Err(diagnostics) = schemaforge_schema::compile(&sources) {
        for d in diagnostics.iter() {
            let span = d.span();
            assert_eq!(span.file, file);
            let line = src[..span.start as usize].matches('\n').count();
            let Some(index) = line.checked_sub(first_line).filter(|i| *i < cases.len()) else {
                panic!(
                    "a diagnostic outside the cases:\n{}",
                    diagnostics.render(&sources)
                );
            };
            refused[index] = true;
        }
    }

    let db = cluster().create_database();
    let mut setup = String::from(
        "CREATE TYPE color AS ENUM ('red', 'green');\n\
         CREATE TYPE shade AS ENUM ('dark', 'light');\n\
         CREATE TABLE t (id integer PRIMARY KEY",
    );
    for &(c, ty, _) in columns {
        setup.push_str(&format!(", {c} {ty}"));
    }
    setup.push_str(");\n");
    db.psql(&setup).expect("the table");
    let out = verdicts(&db, cases.iter().map(|c| c.sql.as_str()));
    let verdicts: Vec<&str> = out.iter().map(String::as_str).collect();
    assert_eq!(verdicts.len(), cases.len());

    let mut false_refusals = Vec::new();
    let mut missed = Vec::new();
    let mut postgres_refused = 0;
    for ((case, &ours), &theirs) in cases.iter().zip(&refused).zip(&verdicts) {
        let accepted = theirs == "accepted";
        postgres_refused += usize::from(!accepted);
        if ours && accepted {
            false_refusals.push(case.forge.trim().to_string());
        } else if !ours && !accepted && case.known {
            missed.push(format!("{}: {theirs}", case.forge.trim()));
        }
    }
    assert!(
        false_refusals.is_empty() && missed.is_empty(),
        "refused, though Postgres takes them ({}):\n{}\n\naccepted, though Postgres refuses them ({}):\n{}",
        false_refusals.len(),
        false_refusals.join("\n"),
        missed.len(),
        missed.join("\n"),
    );
    // The rule for functions' arguments is at work: of the calls Postgres refuses, the
    // checker refuses many (and, above, none that Postgres takes).
    let calls_refused = calls.iter().filter(|&&i| refused[i]).count();
    assert!(calls_refused > 100, "{calls_refused} calls refused");
    let operators_refused = operators.iter().filter(|&&i| refused[i]).count();
    assert!(
        operators_refused > 1_000,
        "{operators_refused} operators refused"
    );
    // Both verdicts occur, often.
    let accepted = cases.len() - postgres_refused;
    assert!(
        postgres_refused > 2_000 && accepted > 2_000,
        "{postgres_refused} refused, {accepted} accepted"
    );
}

fn quote_literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// The schema's own triggers and policies act in Postgres as declared, and neither a
/// permissive policy of the schema's own nor a view widens the tenant's: beside such a
/// policy the tenant's is restrictive, and views read as the session, so a session still
/// sees only its tenant's rows.
#[test]
fn declared_triggers_and_policies_act_and_cannot_widen_the_tenant_policy() {
    let schema = load("tests/fixtures/good/features");
    let db = cluster().create_database();
    let mut options = SqlOptions::default();
    options.row_level_security(true);
    let ddl = emit(&schema, &options);
    db.psql(&format!("BEGIN;\n{ddl}\nCOMMIT;"))
        .unwrap_or_else(|e| panic!("Postgres rejected the DDL: {e}\n{ddl}"));
    assert!(ddl.contains("CREATE POLICY tenant_isolation ON documents AS RESTRICTIVE"));
    // A role as an application connects: neither superuser nor BYPASSRLS.
    db.psql(
        "CREATE ROLE app NOSUPERUSER NOBYPASSRLS;
         GRANT ALL ON ALL TABLES IN SCHEMA public TO app;
         GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO app;
         INSERT INTO workspaces (id, name, created_at, updated_at) VALUES
           ('00000000-0000-0000-0000-00000000000a', 'a', now() - interval '1 day', now() - interval '1 day'),
           ('00000000-0000-0000-0000-00000000000b', 'b', now(), now());
         INSERT INTO documents (workspace_id, number, title, price, state) VALUES
           ('00000000-0000-0000-0000-00000000000a', 1, 'a draft', 1, 'draft'),
           ('00000000-0000-0000-0000-00000000000b', 1, 'b published', 1, 'published');",
    )
    .unwrap_or_else(|e| panic!("seed: {e}"));

    // The row trigger: an update sets updated_at.
    let touched = rows(
        &db,
        "UPDATE workspaces SET name = 'a2' WHERE name = 'a';
         SELECT updated_at > created_at FROM workspaces WHERE name = 'a2';",
    );
    assert!(touched.contains("t"), "{touched:?}");
    // The trigger with a condition and an argument wrote audit events for both inserts.
    let audited = rows(
        &db,
        "SELECT payload->>'what' || ' ' || (payload->>'title') FROM audit_events",
    );
    assert!(
        audited.contains("title a draft") && audited.contains("title b published"),
        "{audited:?}"
    );
    // The statement trigger on truncate refuses it.
    let refused = db
        .psql("TRUNCATE documents CASCADE;")
        .expect_err("truncate refused");
    assert!(refused.contains("documents are not truncated"), "{refused}");

    // As the application in workspace a: the schema's policy `documents_visible` admits
    // published documents of every workspace, but the tenant's restrictive policy holds.
    let seen = rows(
        &db,
        "SET ROLE app;
         BEGIN;
         SELECT set_config('app.tenant_id', '00000000-0000-0000-0000-00000000000a', true);
         SELECT 'seen ' || title FROM documents;
         COMMIT;",
    );
    let titles: Vec<&String> = seen.iter().filter(|l| l.starts_with("seen ")).collect();
    assert_eq!(titles, vec!["seen a draft"], "{seen:?}");
    // A view of the schema reads as the session does, under the same policies: tenant a
    // has no published document, and b's is not shown through the view either (read as
    // its owner, the superuser that created it, the view would show it).
    let through_view = rows(
        &db,
        "SET ROLE app;
         BEGIN;
         SELECT set_config('app.tenant_id', '00000000-0000-0000-0000-00000000000a', true);
         SELECT 'seen ' || title FROM published_documents;
         COMMIT;",
    );
    assert!(
        !through_view.iter().any(|l| l.starts_with("seen ")),
        "{through_view:?}"
    );
    let as_owner = rows(&db, "SELECT 'seen ' || title FROM published_documents;");
    assert!(as_owner.contains("seen b published"), "{as_owner:?}");
    // The restrictive policy of the schema's own holds too: no insert at that price.
    let priced = db
        .psql(
            "SET ROLE app;
             BEGIN;
             SELECT set_config('app.tenant_id', '00000000-0000-0000-0000-00000000000a', true);
             INSERT INTO documents (workspace_id, number, title, price)
               VALUES ('00000000-0000-0000-0000-00000000000a', 2, 'dear', 2000000);
             COMMIT;",
        )
        .expect_err("the insert is refused");
    assert!(priced.contains("row-level security policy"), "{priced}");
}

/// A tenant table whose only policy of its own is `for select` narrows what a tenant reads
/// and nothing else: as an application role under RLS, its inserts, updates and deletes of
/// its tenant's rows go through (Postgres refuses a command no permissive policy applies
/// to, so the tenant's permissive policies cover the commands left unnamed), and another
/// tenant's rows stay out of reach for every command.
#[test]
fn a_select_policy_of_the_schemas_own_leaves_the_other_commands_to_the_tenant() {
    let mut sources = schemaforge_schema::Sources::new();
    sources.add(
        "notes.forge",
        "table orgs {
  tenant_root
  id uuid primary_key
}
table notes {
  tenant org_id
  id        integer primary_key
  org_id    uuid references(orgs.id)
  published boolean default(false)
  policy notes_published for select using(published)
}
",
    );
    let schema =
        schemaforge_schema::compile(&sources).unwrap_or_else(|d| panic!("{}", d.render(&sources)));
    let db = cluster().create_database();
    let mut options = SqlOptions::default();
    options.row_level_security(true);
    let ddl = emit(&schema, &options);
    db.psql(&format!("BEGIN;\n{ddl}\nCOMMIT;"))
        .unwrap_or_else(|e| panic!("Postgres rejected the DDL: {e}\n{ddl}"));
    let a = "00000000-0000-0000-0000-00000000000a";
    let b = "00000000-0000-0000-0000-00000000000b";
    db.psql(&format!(
        "CREATE ROLE notes_app NOSUPERUSER NOBYPASSRLS;
         GRANT ALL ON ALL TABLES IN SCHEMA public TO notes_app;
         INSERT INTO orgs (id) VALUES ('{a}'), ('{b}');
         INSERT INTO notes (id, org_id, published) VALUES (10, '{b}', true);"
    ))
    .unwrap_or_else(|e| panic!("seed: {e}"));
    let as_tenant = |tenant: &str, sql: &str| {
        db.psql(&format!(
            "SET ROLE notes_app;
             BEGIN;
             SELECT set_config('app.tenant_id', '{tenant}', true);
             {sql}
             COMMIT;"
        ))
    };
    let count = |sql: &str| -> Vec<String> {
        as_tenant(a, sql)
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
            .lines()
            .filter(|l| l.starts_with("n "))
            .map(str::to_string)
            .collect()
    };
    // Insert: a's rows, never b's.
    as_tenant(
        a,
        &format!(
            "INSERT INTO notes (id, org_id, published) VALUES (1, '{a}', true), (2, '{a}', false);"
        ),
    )
    .unwrap_or_else(|e| panic!("tenant a inserts its rows: {e}"));
    let foreign = as_tenant(
        a,
        &format!("INSERT INTO notes (id, org_id) VALUES (3, '{b}');"),
    )
    .expect_err("tenant a cannot insert b's row");
    assert!(foreign.contains("row-level security policy"), "{foreign}");
    // Select: narrowed by the schema's policy to a's published rows.
    assert_eq!(
        count("SELECT 'n ' || id FROM notes ORDER BY id;"),
        vec!["n 1"]
    );
    // Update and delete: a's rows (those its select shows, as Postgres has it for a
    // statement with a WHERE), never b's.
    assert_eq!(
        count(
            "WITH u AS (UPDATE notes SET published = true WHERE id IN (1, 10) RETURNING id) SELECT 'n ' || count(*) FROM u;"
        ),
        vec!["n 1"]
    );
    let moved = as_tenant(a, &format!("UPDATE notes SET org_id = '{b}' WHERE id = 1;"))
        .expect_err("tenant a cannot move its row to b");
    assert!(moved.contains("row-level security policy"), "{moved}");
    assert_eq!(
        count(
            "WITH d AS (DELETE FROM notes WHERE id IN (1, 10) RETURNING id) SELECT 'n ' || count(*) FROM d;"
        ),
        vec!["n 1"]
    );
    // As the superuser: a's note 1 is gone, its unpublished 2 and b's 10 remain.
    let left = rows(&db, "SELECT 'left ' || id FROM notes ORDER BY id;");
    assert_eq!(
        left,
        ["left 10", "left 2"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    );
}

/// A partition queried by its own name is held to its own policies, not its parent's: with
/// `--rls` each partition of a tenant table has the tenant's, so going around the parent
/// shows a session no other tenant's rows and takes none of theirs.
#[test]
fn tenant_isolation_holds_on_each_partition_queried_directly() {
    let schema = load("tests/fixtures/good/partitions");
    let db = cluster().create_database();
    let mut options = SqlOptions::default();
    options.row_level_security(true);
    let ddl = emit(&schema, &options);
    db.psql(&format!("BEGIN;\n{ddl}\nCOMMIT;"))
        .unwrap_or_else(|e| panic!("Postgres rejected the DDL: {e}\n{ddl}"));
    db.psql(
        "CREATE ROLE partitions_app NOSUPERUSER NOBYPASSRLS;
         GRANT ALL ON ALL TABLES IN SCHEMA public TO partitions_app;
         INSERT INTO orgs (id, name) VALUES
           ('00000000-0000-0000-0000-00000000000a', 'a'),
           ('00000000-0000-0000-0000-00000000000b', 'b');
         INSERT INTO events (org_id, at, kind) VALUES
           ('00000000-0000-0000-0000-00000000000a', '2026-01-05', 'a in january'),
           ('00000000-0000-0000-0000-00000000000b', '2026-01-06', 'b in january'),
           ('00000000-0000-0000-0000-00000000000b', '2025-06-01', 'b long ago');
         INSERT INTO counters (org_id, name) VALUES
           ('00000000-0000-0000-0000-00000000000a', 'x'),
           ('00000000-0000-0000-0000-00000000000b', 'x');",
    )
    .unwrap_or_else(|e| panic!("seed: {e}"));
    // Rows went where their bounds say.
    let placed = rows(&db, "SELECT tableoid::regclass || ' ' || kind FROM events");
    assert_eq!(
        placed,
        BTreeSet::from([
            "events_2026_01 a in january".to_string(),
            "events_2026_01 b in january".to_string(),
            "events_other b long ago".to_string(),
        ])
    );
    let as_a = |sql: &str| {
        db.psql(&format!(
            "SET ROLE partitions_app;
             BEGIN;
             SELECT set_config('app.tenant_id', '00000000-0000-0000-0000-00000000000a', true);
             {sql}
             COMMIT;"
        ))
    };
    let seen = as_a(
        "SELECT 'seen ' || kind FROM events_2026_01;
         SELECT 'seen ' || kind FROM events_other;",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let seen: Vec<&str> = seen.lines().filter(|l| l.starts_with("seen ")).collect();
    assert_eq!(seen, ["seen a in january"]);
    // Counters of a and b: a sees its one, in whichever partition it hashed to.
    let counted = as_a(
        "SELECT 'counted ' || ((SELECT count(*) FROM counters_0) + (SELECT count(*) FROM counters_1)
                               + (SELECT count(*) FROM counters_2) + (SELECT count(*) FROM counters_3));",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(counted.lines().any(|l| l == "counted 1"), "{counted}");
    // Neither another tenant's row written into a partition, nor one changed there.
    let refused = as_a(
        "INSERT INTO events_2026_01 (org_id, at, kind)
         VALUES ('00000000-0000-0000-0000-00000000000b', '2026-01-07', 'planted');",
    )
    .expect_err("another tenant's row refused");
    assert!(refused.contains("row-level security"), "{refused}");
    let updated = as_a("UPDATE events_other SET kind = 'changed'; SELECT 'left ' || count(*) FROM events_other WHERE kind = 'changed';")
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(updated.lines().any(|l| l == "left 0"), "{updated}");
    let owner = rows(&db, "SELECT kind FROM events_other");
    assert_eq!(owner, BTreeSet::from(["b long ago".to_string()]));
}
