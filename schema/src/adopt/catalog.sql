-- What `schemaforge pull` reads of one namespace, the first of the search_path
-- (current_schema()), as one JSON document. Names come back as they are stored, not
-- quoted; expressions as Postgres prints them with that search_path.
-- Objects come in the order they were created (by oid), which is the order of the DDL
-- that made them: a schema pulled keeps its author's order.
with ns as (select oid from pg_namespace where nspname = current_schema()),
ext_member as (select objid, classid from pg_depend where deptype = 'e')
select json_build_object(
  'schema', current_schema(),
  'search_path', current_setting('search_path'),
  'extensions', coalesce((
    select json_agg(e.extname order by e.oid) from pg_extension e where e.extname <> 'plpgsql'), '[]'),
  'enums', coalesce((
    select json_agg(json_build_object(
        'name', t.typname,
        'values', (select json_agg(v.enumlabel order by v.enumsortorder) from pg_enum v where v.enumtypid = t.oid),
        'comment', obj_description(t.oid, 'pg_type'))
      order by t.oid)
    from pg_type t where t.typnamespace = (select oid from ns) and t.typtype = 'e'
      and t.oid not in (select objid from ext_member)), '[]'),
  'sequences', coalesce((
    select json_agg(json_build_object(
        'name', c.relname,
        'type', format_type(s.seqtypid, null),
        'start', s.seqstart::text, 'increment', s.seqincrement::text,
        'min', s.seqmin::text, 'max', s.seqmax::text, 'cache', s.seqcache::text, 'cycle', s.seqcycle,
        'owner', (select json_build_object('table', oc.relname, 'column', a.attname, 'kind', d.deptype::text)
                    from pg_depend d join pg_class oc on oc.oid = d.refobjid
                    join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
                   where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.refobjsubid > 0
                     and d.deptype in ('a', 'i') limit 1),
        'comment', obj_description(c.oid, 'pg_class'))
      order by c.oid)
    from pg_sequence s join pg_class c on c.oid = s.seqrelid
    where c.relnamespace = (select oid from ns)), '[]'),
  'tables', coalesce((
    select json_agg(json_build_object(
        'name', c.relname,
        'kind', c.relkind::text,
        'persistence', c.relpersistence::text,
        'partition', c.relispartition,
        'inherits', exists (select 1 from pg_inherits i where i.inhrelid = c.oid),
        'typed', c.reloftype <> 0,
        'grants', c.relacl is not null,
        'options', coalesce(to_json(c.reloptions), '[]'),
        'toast_options', coalesce((select to_json(t.reloptions) from pg_class t where t.oid = c.reltoastrelid and t.reloptions is not null), '[]'),
        'rls', c.relrowsecurity, 'force_rls', c.relforcerowsecurity,
        'comment', obj_description(c.oid, 'pg_class'),
        'partition_key', case when c.relkind = 'p' then pg_get_partkeydef(c.oid) end,
        'partitions', coalesce((
          select json_agg(json_build_object(
              'name', pc.relname,
              'bound', pg_get_expr(pc.relpartbound, pc.oid),
              'comment', obj_description(pc.oid, 'pg_class'),
              'partitioned', pc.relkind = 'p')
            order by pc.oid)
          from pg_inherits i join pg_class pc on pc.oid = i.inhrelid
          where i.inhparent = c.oid), '[]'),
        'columns', coalesce((
          select json_agg(json_build_object(
              'name', a.attname,
              'type', format_type(a.atttypid, a.atttypmod),
              'base', format_type(case when t.typcategory = 'A' then t.typelem else t.oid end, a.atttypmod),
              'base_name', b.typname,
              'base_kind', b.typtype::text,
              'base_schema', bn.nspname,
              'array', t.typcategory = 'A',
              'not_null', a.attnotnull,
              'default', pg_get_expr(d.adbin, d.adrelid),
              'identity', nullif(a.attidentity::text, ''),
              'generated', nullif(a.attgenerated::text, ''),
              'collation', a.attcollation <> b.typcollation,
              'comment', col_description(c.oid, a.attnum))
            order by a.attnum)
          from pg_attribute a
          join pg_type t on t.oid = a.atttypid
          join pg_type b on b.oid = case when t.typcategory = 'A' then t.typelem else t.oid end
          join pg_namespace bn on bn.oid = b.typnamespace
          left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
          where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped), '[]'),
        'constraints', coalesce((
          select json_agg(json_build_object(
              'name', k.conname,
              'kind', k.contype::text,
              'columns', coalesce((select json_agg(a.attname order by u.ord)
                           from unnest(k.conkey) with ordinality u(num, ord)
                           join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.num), '[]'),
              'ref_table', (select r.relname from pg_class r where r.oid = k.confrelid),
              'ref_schema', (select rn.nspname from pg_class r join pg_namespace rn on rn.oid = r.relnamespace where r.oid = k.confrelid),
              'ref_columns', coalesce((select json_agg(a.attname order by u.ord)
                           from unnest(k.confkey) with ordinality u(num, ord)
                           join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.num), '[]'),
              'set_columns', coalesce((select json_agg(a.attname order by u.ord)
                           from unnest(k.confdelsetcols) with ordinality u(num, ord)
                           join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.num), '[]'),
              'on_update', k.confupdtype::text, 'on_delete', k.confdeltype::text, 'match', k.confmatchtype::text,
              'deferrable', k.condeferrable, 'deferred', k.condeferred, 'validated', k.convalidated,
              'definition', pg_get_constraintdef(k.oid),
              'expression', case when k.contype = 'c' then pg_get_expr(k.conbin, k.conrelid) end,
              'no_inherit', k.connoinherit,
              'nulls_not_distinct', coalesce((select x.indnullsnotdistinct from pg_index x where x.indexrelid = k.conindid and k.contype = 'u'), false),
              'index_extras', coalesce((select x.indnatts <> x.indnkeyatts or i.reloptions is not null
                           from pg_index x join pg_class i on i.oid = x.indexrelid
                          where x.indexrelid = k.conindid and k.contype in ('p', 'u')), false))
            order by k.oid)
          from pg_constraint k where k.conrelid = c.oid), '[]'),
        'indexes', coalesce((
          select json_agg(json_build_object(
              'name', i.relname,
              'unique', x.indisunique,
              'nulls_not_distinct', x.indnullsnotdistinct,
              'method', am.amname,
              'key_count', x.indnkeyatts,
              'valid', x.indisvalid,
              'predicate', pg_get_expr(x.indpred, x.indrelid),
              'options', coalesce(to_json(i.reloptions), '[]'),
              'comment', obj_description(i.oid, 'pg_class'),
              'elements', (
                select json_agg(json_build_object(
                    'column', (select a.attname from pg_attribute a where a.attrelid = x.indrelid and a.attnum = u.num and u.num > 0),
                    'expression', case when u.num = 0 then pg_get_indexdef(x.indexrelid, u.ord::int, false) end,
                    'desc', coalesce((x.indoption[u.ord - 1] & 1) = 1, false),
                    'nulls_first', coalesce((x.indoption[u.ord - 1] & 2) = 2, false),
                    'opclass', (select case when o.opcdefault and o.oid not in (select objid from ext_member) then null else o.opcname end
                                  from pg_opclass o where o.oid = x.indclass[u.ord - 1]),
                    'collation', coalesce(x.indcollation[u.ord - 1] not in (0, 100), false))
                  order by u.ord)
                from unnest(x.indkey::int2[]) with ordinality u(num, ord)))
            order by i.oid)
          from pg_index x
          join pg_class i on i.oid = x.indexrelid
          join pg_am am on am.oid = i.relam
          where x.indrelid = c.oid
            and not exists (select 1 from pg_constraint k where k.conindid = x.indexrelid and k.contype in ('p', 'u', 'x'))), '[]'),
        'triggers', coalesce((
          select json_agg(json_build_object(
              'name', g.tgname,
              'type', g.tgtype,
              'columns', coalesce((select json_agg(a.attname order by u.ord)
                           from unnest(g.tgattr::int2[]) with ordinality u(num, ord)
                           join pg_attribute a on a.attrelid = g.tgrelid and a.attnum = u.num), '[]'),
              'enabled', g.tgenabled::text,
              'constraint', g.tgconstraint <> 0,
              'transition', g.tgoldtable is not null or g.tgnewtable is not null,
              'definition', pg_get_triggerdef(g.oid))
            order by g.oid)
          from pg_trigger g where g.tgrelid = c.oid and not g.tgisinternal), '[]'),
        'policies', coalesce((
          select json_agg(json_build_object(
              'name', p.policyname,
              'permissive', p.permissive = 'PERMISSIVE',
              'command', lower(p.cmd),
              'roles', to_json(p.roles),
              'using', p.qual,
              'with_check', p.with_check)
            order by p.policyname)
          from pg_policies p where p.schemaname = current_schema() and p.tablename = c.relname), '[]'))
      order by c.oid)
    from pg_class c where c.relnamespace = (select oid from ns) and c.relkind in ('r', 'p')
      and not c.relispartition), '[]'),
  'views', coalesce((
    select json_agg(json_build_object(
        'name', c.relname,
        'materialized', c.relkind = 'm',
        'definition', pg_get_viewdef(c.oid),
        'options', coalesce(to_json(c.reloptions), '[]'),
        'comment', obj_description(c.oid, 'pg_class'))
      order by c.oid)
    from pg_class c where c.relnamespace = (select oid from ns) and c.relkind in ('v', 'm')), '[]'),
  'functions', coalesce((
    select json_agg(json_build_object(
        'name', p.proname,
        'kind', p.prokind::text,
        'arguments', pg_get_function_arguments(p.oid),
        'result', pg_get_function_result(p.oid),
        'language', l.lanname,
        'volatility', p.provolatile::text,
        'strict', p.proisstrict,
        'security_definer', p.prosecdef,
        'leakproof', p.proleakproof,
        'parallel', p.proparallel::text,
        'config', coalesce(to_json(p.proconfig), '[]'),
        'source', p.prosrc,
        'atomic', p.prosqlbody is not null,
        'comment', obj_description(p.oid, 'pg_proc'))
      order by p.oid)
    from pg_proc p join pg_language l on l.oid = p.prolang
    where p.pronamespace = (select oid from ns)
      and p.oid not in (select objid from ext_member)), '[]'),
  'others', coalesce((
    select json_agg(json_build_object('kind', o.kind, 'name', o.name) order by o.kind, o.name) from (
      select case t.typtype when 'd' then 'domain' when 'r' then 'range type' when 'c' then 'composite type'
             else 'type' end as kind, t.typname::text as name
        from pg_type t where t.typnamespace = (select oid from ns) and t.typtype in ('d', 'r', 'c', 'b', 'p') and t.typcategory <> 'A'
         and (t.typtype <> 'c' or (select relkind from pg_class where oid = t.typrelid) = 'c')
         and t.oid not in (select objid from ext_member)
      union all
      select case c.relkind when 'f' then 'foreign table' else 'relation' end, c.relname::text
        from pg_class c where c.relnamespace = (select oid from ns) and c.relkind = 'f'
      union all
      select 'collation', c.collname::text from pg_collation c where c.collnamespace = (select oid from ns)
        and c.oid not in (select objid from ext_member)
      union all
      select 'operator', o.oprname::text from pg_operator o where o.oprnamespace = (select oid from ns)
        and o.oid not in (select objid from ext_member)
    ) o), '[]')
)::text;
