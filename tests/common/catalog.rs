//! A normalized dump of what Postgres's catalog holds for one namespace (schema): two
//! databases built differently are equal when their dumps are.
//!
//! Column order is not compared (a migration appends columns; Postgres cannot reorder
//! them); everything else is: enums with their value order, tables with their storage
//! parameters (and their TOAST tables'), partition keys and partitions' bounds, columns with type,
//! nullability, default, identity and generation, every constraint by name and
//! definition (and validation), every index by name and definition, sequences (identity,
//! serial and declared ones, with their parameters and owner),
//! Row-Level Security and policies, functions (signature, options, settings with the
//! namespace's name as `<ns>`, body), views (by their
//! definition as Postgres prints it) and triggers, and
//! comments on types, tables, columns and functions.

use schemaforge_testkit::TestDatabase;

/// The catalog of namespace `ns` of `db`, one sorted line per object.
pub fn dump(db: &TestDatabase, ns: &str) -> String {
    let out = db
        .psql(&query(ns, ""))
        .unwrap_or_else(|e| panic!("catalog query failed: {e}"));
    normalize(&out, ns, "")
}

/// The queries that print the catalog of `ns`, each line prefixed with `tag` (so that one
/// psql call can dump several namespaces). They leave `search_path` set to `ns`.
pub fn query(ns: &str, tag: &str) -> String {
    format!(
        "SET search_path TO {ns};
select '{tag}enum ' || t.typname || ' (' || string_agg(quote_literal(e.enumlabel), ', ' order by e.enumsortorder) || ')'
  from pg_type t join pg_enum e on e.enumtypid = t.oid
  where t.typnamespace = '{ns}'::regnamespace group by t.typname;
select '{tag}table ' || c.relname || coalesce(' with ' || array_to_string(c.reloptions, ','), '')
       || coalesce((select ' toast with ' || array_to_string(t.reloptions, ',') from pg_class t where t.oid = c.reltoastrelid), '')
       || coalesce(' partition by ' || pg_get_partkeydef(c.oid), '')
       || coalesce((select ' partition of ' || p.relname || ' ' || pg_get_expr(c.relpartbound, c.oid)
                      from pg_inherits i join pg_class p on p.oid = i.inhparent where i.inhrelid = c.oid), '')
  from pg_class c where c.relnamespace = '{ns}'::regnamespace and c.relkind in ('r', 'p');
select '{tag}column ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
       || case when a.attnotnull then ' not null' else '' end
       || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
       || case a.attidentity when 'a' then ' identity always' when 'd' then ' identity by default' else '' end
       || case a.attgenerated when 's' then ' stored' else '' end
  from pg_attribute a join pg_class c on c.oid = a.attrelid
  left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
  where c.relnamespace = '{ns}'::regnamespace and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped;
select '{tag}constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
       || case when convalidated then '' else ' (not validated)' end
  from pg_constraint where connamespace = '{ns}'::regnamespace;
select '{tag}index ' || pg_get_indexdef(x.indexrelid) || case when x.indisvalid then '' else ' (invalid)' end
  from pg_index x join pg_class i on i.oid = x.indexrelid where i.relnamespace = '{ns}'::regnamespace;
select '{tag}sequence ' || c.relname || ' ' || format_type(s.seqtypid, null)
       || ' start ' || s.seqstart || ' increment ' || s.seqincrement || ' min ' || s.seqmin
       || ' max ' || s.seqmax || ' cache ' || s.seqcache || case when s.seqcycle then ' cycle' else '' end
       || coalesce((select ' owned by ' || d.refobjid::regclass::text || '.' || a.attname || ' (' || d.deptype::text || ')'
                      from pg_depend d join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
                     where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.refobjsubid > 0
                       and d.deptype in ('a', 'i')), '')
  from pg_sequence s join pg_class c on c.oid = s.seqrelid where c.relnamespace = '{ns}'::regnamespace;
select '{tag}policy ' || tablename || ' ' || policyname || ' ' || permissive || ' ' || cmd || ' ' || array_to_string(roles, ',')
       || ' using ' || coalesce(qual, '') || ' check ' || coalesce(with_check, '')
  from pg_policies where schemaname = '{ns}';
select '{tag}function ' || p.proname || '(' || pg_get_function_arguments(p.oid) || ') ' || pg_get_function_result(p.oid)
       || ' ' || l.lanname || ' ' || p.provolatile::text || case when p.proisstrict then ' strict' else '' end
       || case when p.prosecdef then ' security definer' else '' end || ' ' || md5(p.prosrc)
       || coalesce(' set ' || replace(array_to_string(p.proconfig, '; '), '{ns}', '<ns>'), '')
       || coalesce(' comment: ' || replace(obj_description(p.oid, 'pg_proc'), E'\\n', '\\n'), '')
  from pg_proc p join pg_language l on l.oid = p.prolang
  where p.pronamespace = '{ns}'::regnamespace
    and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e');
select '{tag}view ' || c.relname || ' ' || c.relkind::text || ' ' || md5(pg_get_viewdef(c.oid))
  from pg_class c where c.relnamespace = '{ns}'::regnamespace and c.relkind in ('v', 'm');
select '{tag}trigger ' || pg_get_triggerdef(t.oid)
  from pg_trigger t join pg_class c on c.oid = t.tgrelid
  where not t.tgisinternal and c.relnamespace = '{ns}'::regnamespace;
select '{tag}row level security ' || relname || case when relforcerowsecurity then ' forced' else '' end
  from pg_class where relnamespace = '{ns}'::regnamespace and relkind in ('r', 'p') and (relrowsecurity or relforcerowsecurity);
select '{tag}comment type ' || t.typname || ': ' || replace(d.description, E'\\n', '\\n')
  from pg_description d join pg_type t on t.oid = d.objoid and d.classoid = 'pg_type'::regclass
  where t.typnamespace = '{ns}'::regnamespace;
select '{tag}comment ' || case when d.objsubid = 0 then 'table ' || c.relname else 'column ' || c.relname || '.' || a.attname end
       || ': ' || replace(d.description, E'\\n', '\\n')
  from pg_description d join pg_class c on c.oid = d.objoid and d.classoid = 'pg_class'::regclass
  left join pg_attribute a on a.attrelid = c.oid and a.attnum = d.objsubid
  where c.relnamespace = '{ns}'::regnamespace;\n"
    )
}

/// The lines of `out` that start with `tag`, without it, normalized and sorted.
pub fn normalize(out: &str, ns: &str, tag: &str) -> String {
    // pg_get_indexdef qualifies the table whatever the search_path (and only there: a
    // comment's text that happens to hold "<ns>." stays as it is).
    let on = format!(" ON {ns}.");
    // A partitioned table's index: `ON ONLY <ns>.t`.
    let on_only = format!(" ON ONLY {ns}.");
    let references = format!(" REFERENCES {ns}.");
    let mut lines: Vec<String> = out
        .lines()
        .filter_map(|l| l.strip_prefix(tag))
        .filter(|l| !l.is_empty() && *l != "SET")
        .map(|l| {
            l.replace(&on, " ON ")
                .replace(&on_only, " ON ONLY ")
                .replace(&references, " REFERENCES ")
        })
        .collect();
    lines.sort_unstable();
    let mut text = lines.join("\n");
    text.push('\n');
    text
}
