//! The `.forge` text of a catalog: every object the language carries, in the order
//! extensions, enums, sequences, functions, tables, views; and what it does not.
//! The text is formatted afterwards, so columns need not line up here.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::Omission;
use super::model::{Catalog, Column, Constraint, Function, Index, Sequence, Table, View};
use super::tenancy::{Plan, is_tenant_policy};
use crate::format::ident;
use crate::keyword as kw;
use crate::resolve::constraint_name;

/// The schema's text and what it leaves out.
pub(super) fn schema(catalog: &Catalog, plan: &Plan) -> (String, Vec<Omission>) {
    let mut w = Writer {
        catalog,
        plan,
        out: String::new(),
        omissions: Vec::new(),
        serials: serials(catalog),
    };
    w.write();
    (w.out, w.omissions)
}

struct Writer<'a> {
    catalog: &'a Catalog,
    plan: &'a Plan,
    out: String,
    omissions: Vec<Omission>,
    /// Serial columns, (table, column) → `serial` / `bigserial` / `smallserial`, and the
    /// sequences they stand for.
    serials: BTreeMap<(String, String), (&'static str, String)>,
}

/// A column name as it must be written: quoted also when it reads as a directive.
fn column_name(name: &str) -> String {
    if kw::DIRECTIVES.contains(&name) {
        format!("\"{name}\"")
    } else {
        ident(name)
    }
}

fn idents(names: &[String]) -> String {
    names
        .iter()
        .map(|n| ident(n))
        .collect::<Vec<_>>()
        .join(", ")
}

fn string_literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// The range of an integer type's values.
fn integer_range(ty: &str) -> Option<(i128, i128)> {
    match ty {
        "smallint" => Some((i16::MIN.into(), i16::MAX.into())),
        "integer" => Some((i32::MIN.into(), i32::MAX.into())),
        "bigint" => Some((i64::MIN.into(), i64::MAX.into())),
        _ => None,
    }
}

struct SequenceValues {
    start: i128,
    increment: i128,
    min: i128,
    max: i128,
    cache: i128,
}

fn values(s: &Sequence) -> Option<SequenceValues> {
    Some(SequenceValues {
        start: s.start.parse().ok()?,
        increment: s.increment.parse().ok()?,
        min: s.min.parse().ok()?,
        max: s.max.parse().ok()?,
        cache: s.cache.parse().ok()?,
    })
}

/// Whether a sequence of type `ty` has Postgres's default parameters.
fn has_defaults(s: &Sequence) -> bool {
    let (Some((_, type_max)), Some(v)) = (integer_range(&s.ty), values(s)) else {
        return false;
    };
    v.start == 1 && v.increment == 1 && v.min == 1 && v.max == type_max && v.cache == 1 && !s.cycle
}

/// The sequence a default `nextval('name'::regclass)` takes its values from.
fn nextval_target(default: &str) -> Option<String> {
    let inner = default
        .strip_prefix("nextval('")?
        .strip_suffix("'::regclass)")?
        .replace("''", "'");
    Some(
        match inner.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
            Some(quoted) => quoted.replace("\"\"", "\""),
            None => inner,
        },
    )
}

/// The serial columns of the catalog: an integer column whose default takes the next value
/// of the sequence Postgres would make for it, owned by it, with the default parameters.
fn serials(catalog: &Catalog) -> BTreeMap<(String, String), (&'static str, String)> {
    let mut out = BTreeMap::new();
    for t in &catalog.tables {
        for c in &t.columns {
            let Some(target) = c.default.as_deref().and_then(nextval_target) else {
                continue;
            };
            let Some(s) = catalog.sequences.iter().find(|s| s.name == target) else {
                continue;
            };
            let owned = s
                .owner
                .as_ref()
                .is_some_and(|o| o.kind == "a" && o.table == t.name && o.column == c.name);
            let serial = match c.ty.as_str() {
                "integer" => "serial",
                "bigint" => "bigserial",
                "smallint" => "smallserial",
                _ => continue,
            };
            if owned
                && c.not_null
                && s.ty == c.ty
                && s.comment.is_none()
                && s.name == crate::ir::owned_sequence_name(&t.name, &c.name)
                && has_defaults(s)
            {
                out.insert((t.name.clone(), c.name.clone()), (serial, s.name.clone()));
            }
        }
    }
    out
}

/// A built-in type as the language writes it, from `format_type`'s spelling.
fn builtin_type(base: &str) -> Option<String> {
    const SAME: &[&str] = &[
        "uuid",
        "text",
        "boolean",
        "smallint",
        "integer",
        "bigint",
        "real",
        "double precision",
        "date",
        "interval",
        "json",
        "jsonb",
        "bytea",
        "inet",
        "cidr",
        "name",
        "numeric",
        "money",
        "oid",
        "macaddr",
        "xml",
        "bit",
        "tsvector",
        "macaddr8",
    ];
    if SAME.contains(&base) {
        return Some(base.to_string());
    }
    if base == "character varying" {
        return Some("varchar".to_string());
    }
    if let Some(rest) = base.strip_prefix("character varying(") {
        return Some(format!("varchar({rest}"));
    }
    if base == "bit varying" {
        return Some("varbit".to_string());
    }
    if let Some(rest) = base.strip_prefix("bit varying(") {
        return Some(format!("varbit({rest}"));
    }
    if base.starts_with("bit(") {
        return Some(base.to_string());
    }
    if let Some(rest) = base.strip_prefix("character(") {
        return Some(format!("char({rest}"));
    }
    if let Some(rest) = base.strip_prefix("numeric(") {
        return Some(format!("numeric({}", rest.replace(',', ", ")));
    }
    for (sql, forge) in [("time", "time"), ("timestamp", "timestamp")] {
        if base == format!("{sql} without time zone") {
            return Some(forge.to_string());
        }
        if let Some(p) = base
            .strip_prefix(&format!("{sql}("))
            .and_then(|r| r.strip_suffix(") without time zone"))
        {
            return Some(format!("{forge}({p})"));
        }
    }
    if base == "time with time zone" {
        return Some("timetz".to_string());
    }
    if let Some(p) = base
        .strip_prefix("time(")
        .and_then(|r| r.strip_suffix(") with time zone"))
    {
        return Some(format!("timetz({p})"));
    }
    if base == "timestamp with time zone" {
        return Some("timestamptz".to_string());
    }
    if let Some(p) = base
        .strip_prefix("timestamp(")
        .and_then(|r| r.strip_suffix(") with time zone"))
    {
        return Some(format!("timestamptz({p})"));
    }
    None
}

/// A `name=value` storage parameter as the language writes it, `name = value`.
fn parameter(prefix: &str, option: &str) -> Option<String> {
    let (name, value) = option.split_once('=')?;
    let plain = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-')
    };
    (plain(name) && plain(value)).then(|| format!("{prefix}{name} = {value}"))
}

/// A function body's lines as the schema writes them between `as (` and `)`: Postgres
/// keeps the body schemaforge wrote with a newline before and after it.
fn body_lines(source: &str) -> String {
    let body = source.strip_prefix('\n').unwrap_or(source);
    let body = body.strip_suffix('\n').unwrap_or(body);
    let mut out = String::new();
    for line in body.lines() {
        if line.trim().is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "  {line}");
        }
    }
    out
}

impl Writer<'_> {
    fn omit(&mut self, object: impl Into<String>, what: impl Into<String>) {
        self.omissions.push(Omission {
            object: object.into(),
            what: what.into(),
        });
    }

    /// `///` lines of a comment, at `indent`; a comment with control characters is left out.
    fn doc(&mut self, indent: &str, comment: Option<&str>, object: &str) {
        let Some(text) = comment else { return };
        if text
            .chars()
            .any(|c| (c.is_control() && c != '\n' && c != '\t') || c == '\u{7f}')
        {
            self.omit(
                object,
                "its comment holds control characters, which a `///` line cannot",
            );
            return;
        }
        for line in text.split('\n') {
            let line = line.trim_end();
            if line.is_empty() {
                let _ = writeln!(self.out, "{indent}///");
            } else {
                let _ = writeln!(self.out, "{indent}/// {line}");
            }
        }
    }

    fn write(&mut self) {
        let catalog = self.catalog;
        for e in &catalog.extensions {
            let _ = writeln!(self.out, "extension {}\n", ident(e));
        }
        for e in &catalog.enums {
            self.doc("", e.comment.as_deref(), &format!("enum {}", e.name));
            let values: Vec<String> = e
                .values
                .iter()
                .map(|v| {
                    if ident(v) == *v && !kw::DIRECTIVES.contains(&v.as_str()) {
                        v.clone()
                    } else {
                        string_literal(v)
                    }
                })
                .collect();
            let _ = writeln!(
                self.out,
                "enum {} {{ {} }}\n",
                ident(&e.name),
                values.join(" ")
            );
        }
        for s in &catalog.sequences {
            self.sequence(s);
        }
        let mut seen = BTreeSet::new();
        for f in &catalog.functions {
            if !seen.insert(f.name.as_str()) {
                self.omit(
                    format!("function {}({})", f.name, f.arguments),
                    "a second function of the same name: the language has one function of a name",
                );
                continue;
            }
            self.function(f);
        }
        for t in &catalog.tables {
            self.table(t);
        }
        for v in &catalog.views {
            self.view(v);
        }
        for o in &catalog.others {
            self.omit(
                format!("{} {}", o.kind, o.name),
                "the language has no word for it",
            );
        }
    }

    fn sequence(&mut self, s: &Sequence) {
        if s.owner.as_ref().is_some_and(|o| o.kind == "i") {
            return;
        }
        if self.serials.values().any(|(_, name)| *name == s.name) {
            return;
        }
        let object = format!("sequence {}", s.name);
        let (Some((type_min, type_max)), Some(v)) = (integer_range(&s.ty), values(s)) else {
            self.omit(
                object,
                format!("its type `{}` is not an integer type", s.ty),
            );
            return;
        };
        self.doc("", s.comment.as_deref(), &object);
        let mut line = format!("sequence {}", ident(&s.name));
        if s.ty != "bigint" {
            let _ = write!(line, " {}", s.ty);
        }
        let (min_default, max_default) = if v.increment > 0 {
            (1, type_max)
        } else {
            (type_min, -1)
        };
        let start_default = if v.increment > 0 { v.min } else { v.max };
        if v.start != start_default {
            let _ = write!(line, " start({})", v.start);
        }
        if v.increment != 1 {
            let _ = write!(line, " increment({})", v.increment);
        }
        if v.min != min_default {
            let _ = write!(line, " min({})", v.min);
        }
        if v.max != max_default {
            let _ = write!(line, " max({})", v.max);
        }
        if v.cache != 1 {
            let _ = write!(line, " cache({})", v.cache);
        }
        if s.cycle {
            line.push_str(" cycle");
        }
        if let Some(o) = &s.owner {
            let _ = write!(
                line,
                " owned_by({}.{})",
                ident(&o.table),
                column_name(&o.column)
            );
        }
        let _ = writeln!(self.out, "{line}\n");
    }

    fn function(&mut self, f: &Function) {
        let object = format!("function {}({})", f.name, f.arguments);
        match f.kind.as_str() {
            "f" => {}
            "p" => return self.omit(object, "a procedure: the language declares functions"),
            "a" => return self.omit(object, "an aggregate: the language declares functions"),
            _ => return self.omit(object, "a window function: the language declares functions"),
        }
        if f.atomic {
            return self.omit(
                object,
                "a `BEGIN ATOMIC` body, which Postgres keeps parsed rather than as text",
            );
        }
        // The DDL pins a `security_definer` function's search_path to its own, then
        // `pg_temp`: any such pin that holds this namespace is the schema's.
        let schema = self.catalog.schema.as_str();
        let pinned = |c: &String| {
            c.strip_prefix("search_path=")
                .and_then(|path| path.strip_suffix(", pg_temp"))
                .is_some_and(|path| path.split(", ").any(|p| p.trim_matches('"') == schema))
        };
        let config_fits = f.config.is_empty()
            || (f.security_definer && f.config.len() == 1 && pinned(&f.config[0]));
        if !config_fits {
            self.omit(
                &object,
                format!("its settings ({}) are not carried", f.config.join("; ")),
            );
        }
        if f.leakproof {
            self.omit(&object, "`LEAKPROOF` is not carried");
        }
        if f.parallel != "u" {
            self.omit(&object, "its `PARALLEL` marking is not carried");
        }
        self.doc("", f.comment.as_deref(), &object);
        let mut line = format!(
            "function {}({}) returns({}) language {}",
            ident(&f.name),
            f.arguments,
            f.result.as_deref().unwrap_or_default(),
            ident(&f.language)
        );
        match f.volatility.as_str() {
            "i" => line.push_str(" immutable"),
            "s" => line.push_str(" stable"),
            _ => {}
        }
        if f.strict {
            line.push_str(" strict");
        }
        if f.security_definer {
            line.push_str(" security_definer");
        }
        let _ = writeln!(self.out, "{line} as (\n{})\n", body_lines(&f.source));
    }

    fn view(&mut self, v: &View) {
        let object = format!("view {}", v.name);
        let invoker = v.options.iter().any(|o| o == "security_invoker=true");
        for o in &v.options {
            if o != "security_invoker=true" {
                self.omit(&object, format!("its option `{o}` is not carried"));
            }
        }
        if !v.materialized && !invoker {
            self.omit(
                &object,
                "it reads its tables as its owner; the schema's views read them as whoever queries them (`security_invoker`)",
            );
        }
        self.doc("", v.comment.as_deref(), &object);
        let query = v.definition.trim();
        let query = query.strip_suffix(';').unwrap_or(query);
        let keyword = if v.materialized {
            "materialized_view"
        } else {
            "view"
        };
        let _ = writeln!(
            self.out,
            "{keyword} {} as (\n{})\n",
            ident(&v.name),
            body_lines(query)
        );
    }

    fn table(&mut self, t: &Table) {
        let object = format!("table {}", t.name);
        if t.partition {
            return self.omit(object, "a partition of a table in another namespace");
        }
        if t.inherits {
            return self.omit(
                object,
                "inherits from another table, which the language cannot say",
            );
        }
        if t.typed {
            return self.omit(
                object,
                "a typed table (`OF type`), which the language cannot say",
            );
        }
        if t.persistence == "u" {
            self.omit(&object, "`UNLOGGED` is not carried");
        }
        if t.grants {
            self.omit(&object, "its grants are not carried");
        }

        // Columns the language cannot type are left out, and so is what uses them.
        let mut skipped: BTreeSet<&str> = BTreeSet::new();
        let mut column_types = BTreeMap::new();
        for c in &t.columns {
            match self.column_type(t, c) {
                Ok(ty) => {
                    column_types.insert(c.name.as_str(), ty);
                }
                Err(why) => {
                    self.omit(format!("column {}.{}", t.name, c.name), why);
                    skipped.insert(&c.name);
                }
            }
        }
        let uses_skipped = |cols: &[String]| cols.iter().any(|c| skipped.contains(c.as_str()));
        let reads_skipped = |expr: &str| {
            crate::words::identifiers(expr)
                .iter()
                .any(|w| skipped.contains(w.as_str()))
        };

        self.doc("", t.comment.as_deref(), &object);
        let mut body = String::new();
        let plan = self.plan;
        if plan.root.as_deref() == Some(t.name.as_str()) {
            body.push_str("  tenant_root\n");
        } else if let Some(tc) = plan.tenant_of.get(&t.name) {
            let _ = writeln!(body, "  tenant {}", column_name(tc));
        } else if plan.unscoped.contains(&t.name) {
            body.push_str("  unscoped\n");
        }

        // One-column keys go on their column; the rest are directives.
        let mut column_attrs: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut directives: Vec<String> = Vec::new();
        let pk = t.constraints.iter().find(|k| k.kind == "p");
        if pk.is_none() {
            directives.push("no_primary_key".to_string());
        }
        for k in &t.constraints {
            let object = format!("constraint {} of {}", k.name, t.name);
            if uses_skipped(&k.columns) || k.expression.as_deref().is_some_and(reads_skipped) {
                self.omit(object, "uses a column left out");
                continue;
            }
            if !k.validated {
                self.omit(
                    &object,
                    "`NOT VALID` is not carried: the schema's constraint is validated",
                );
            }
            if k.index_extras {
                self.omit(
                    &object,
                    "its index's `INCLUDE` columns or storage parameters are not carried",
                );
            }
            if k.kind != "f" && k.deferrable {
                self.omit(&object, "`DEFERRABLE` is carried for foreign keys only");
            }
            match k.kind.as_str() {
                "p" => self.primary_key(t, k, &mut column_attrs, &mut directives),
                "u" => {
                    if plan.regenerated.contains(&(t.name.clone(), k.name.clone())) {
                        continue;
                    }
                    self.unique(t, k, &mut column_attrs, &mut directives);
                }
                "c" => self.check(t, k, &mut column_attrs, &mut directives),
                "f" => self.foreign_key(t, k, &mut column_attrs, &mut directives),
                "x" => self.omit(object, "an exclusion constraint: the language has none"),
                _ => self.omit(object, "a constraint trigger: the language has none"),
            }
        }
        for c in &t.columns {
            let Some(ty) = column_types.get(c.name.as_str()) else {
                continue;
            };
            let mut doc = String::new();
            std::mem::swap(&mut self.out, &mut doc);
            self.doc(
                "  ",
                c.comment.as_deref(),
                &format!("column {}.{}", t.name, c.name),
            );
            std::mem::swap(&mut self.out, &mut doc);
            body.push_str(&doc);
            let _ = write!(body, "  {} {ty}", column_name(&c.name));
            if !c.not_null {
                body.push('?');
            }
            // Keys, then the value, then checks: `unique default(…) check(…)`.
            let (checks, keys): (Vec<String>, Vec<String>) = column_attrs
                .remove(&c.name)
                .unwrap_or_default()
                .into_iter()
                .partition(|a| a.starts_with("check("));
            for attr in keys
                .into_iter()
                .chain(self.column_value(t, c))
                .chain(checks)
            {
                let _ = write!(body, " {attr}");
            }
            body.push('\n');
        }
        let mut with = Vec::new();
        for o in &t.options {
            match parameter("", o) {
                Some(p) => with.push(p),
                None => self.omit(
                    &object,
                    format!("its storage parameter `{o}` is not carried"),
                ),
            }
        }
        for o in &t.toast_options {
            match parameter("toast.", o) {
                Some(p) => with.push(p),
                None => self.omit(
                    &object,
                    format!("its TOAST storage parameter `{o}` is not carried"),
                ),
            }
        }
        if !with.is_empty() {
            directives.push(format!("with ({})", with.join(", ")));
        }
        for x in &t.indexes {
            let cols: Vec<String> = x.elements.iter().filter_map(|e| e.column.clone()).collect();
            let reads = x
                .elements
                .iter()
                .filter_map(|e| e.expression.as_deref())
                .any(reads_skipped)
                || x.predicate.as_deref().is_some_and(reads_skipped);
            if uses_skipped(&cols) || reads {
                self.omit(format!("index {}", x.name), "uses a column left out");
                continue;
            }
            if let Some(line) = self.index(t, x) {
                directives.push(line);
            }
        }
        if t.kind == "p" {
            self.partitioning(t, &mut directives);
        }
        self.triggers(t, &skipped, &mut directives);
        self.policies(t, &mut directives);
        for d in directives {
            let _ = writeln!(body, "  {d}");
        }
        let _ = writeln!(self.out, "table {} {{\n{body}}}\n", ident(&t.name));
    }

    /// A column's type, or why the language has none for it.
    fn column_type(&self, t: &Table, c: &Column) -> Result<String, String> {
        if c.collation {
            return Err(
                "a collation other than its type's, which the language cannot say".to_string(),
            );
        }
        if let Some((serial, _)) = self.serials.get(&(t.name.clone(), c.name.clone())) {
            return Ok((*serial).to_string());
        }
        let base = if c.base_schema == "pg_catalog" {
            builtin_type(&c.base)
        } else if c.base_kind == "e"
            && c.base_schema == self.catalog.schema
            && self.catalog.enums.iter().any(|e| e.name == c.base_name)
        {
            Some(ident(&c.base_name))
        } else if c.base_name == "citext" {
            Some("citext".to_string())
        } else {
            None
        };
        let Some(base) = base else {
            let what = match c.base_kind.as_str() {
                "d" => "a domain",
                "c" => "a composite type",
                "r" | "m" => "a range type",
                "e" => "an enum of another namespace",
                _ => "a type",
            };
            return Err(format!(
                "its type `{}` is {what} the language does not have",
                c.ty
            ));
        };
        Ok(if c.array { format!("{base}[]") } else { base })
    }

    /// `default(…)`, `identity`, `generated(…)` of a column.
    fn column_value(&mut self, t: &Table, c: &Column) -> Vec<String> {
        let object = format!("column {}.{}", t.name, c.name);
        if self.serials.contains_key(&(t.name.clone(), c.name.clone())) {
            return Vec::new();
        }
        let mut attrs = Vec::new();
        if let Some(kind) = c.identity.as_deref() {
            attrs.push(
                if kind == "a" {
                    "identity(always)"
                } else {
                    "identity"
                }
                .to_string(),
            );
            let own = self.catalog.sequences.iter().find(|s| {
                s.owner
                    .as_ref()
                    .is_some_and(|o| o.kind == "i" && o.table == t.name && o.column == c.name)
            });
            if own.is_some_and(|s| !has_defaults(s) || s.comment.is_some()) {
                self.omit(&object, "its identity sequence's options are not carried");
            }
        }
        match (c.default.as_deref(), c.generated.is_some()) {
            (Some(expr), true) => attrs.push(format!("generated({expr})")),
            (Some(expr), false) => attrs.push(format!("default({})", self.default_text(c, expr))),
            _ => {}
        }
        attrs
    }

    /// A default as the schema writes it: a string literal without the cast to the column's
    /// own type Postgres prints (`'{}'::text[]` is `'{}'`), `nextval('s')` without
    /// `::regclass`.
    fn default_text(&self, c: &Column, expr: &str) -> String {
        if let Some(target) = nextval_target(expr) {
            let quoted = if ident(&target) == target {
                target
            } else {
                format!("\"{}\"", target.replace('"', "\"\""))
            };
            return format!("nextval({})", string_literal(&quoted));
        }
        if let Some((literal, cast)) = split_literal_cast(expr) {
            let own = [c.ty.clone(), strip_typmod(&c.ty)];
            if own.iter().any(|t| *t == cast) {
                // An enum's value by its name where that reads: `default(member)`.
                let value = &literal[1..literal.len() - 1];
                // Not a word SQL reads as something else (`null`, `current_user`).
                const SQL_WORDS: &[&str] = &[
                    "null",
                    "true",
                    "false",
                    "default",
                    "user",
                    "current_user",
                    "session_user",
                    "current_role",
                    "current_date",
                    "current_time",
                    "current_timestamp",
                    "localtime",
                    "localtimestamp",
                    "current_catalog",
                    "current_schema",
                ];
                if c.base_kind == "e"
                    && !c.array
                    && ident(value) == value
                    && !SQL_WORDS.contains(&value.to_ascii_lowercase().as_str())
                {
                    return value.to_string();
                }
                return literal.to_string();
            }
        }
        expr.to_string()
    }

    fn primary_key(
        &mut self,
        t: &Table,
        k: &Constraint,
        column_attrs: &mut BTreeMap<String, Vec<String>>,
        directives: &mut Vec<String>,
    ) {
        let default_name = format!("{}_pkey", t.name);
        match k.columns.as_slice() {
            [only] if k.name == default_name => {
                push_attr(column_attrs, only, "primary_key".to_string());
            }
            cols => {
                let name = if k.name == default_name {
                    String::new()
                } else {
                    format!(" {}", ident(&k.name))
                };
                directives.push(format!("primary_key{name} ({})", idents(cols)));
            }
        }
    }

    fn unique(
        &mut self,
        t: &Table,
        k: &Constraint,
        column_attrs: &mut BTreeMap<String, Vec<String>>,
        directives: &mut Vec<String>,
    ) {
        let default_name = constraint_name(&t.name, &k.columns, "key");
        let global = self.plan.global.contains(&(t.name.clone(), k.name.clone()));
        match k.columns.as_slice() {
            [only] if k.name == default_name && !k.nulls_not_distinct => {
                let attr = if global { "unique global" } else { "unique" };
                push_attr(column_attrs, only, attr.to_string());
            }
            cols => {
                let name = if k.name == default_name {
                    String::new()
                } else {
                    format!(" {}", ident(&k.name))
                };
                let nnd = if k.nulls_not_distinct {
                    " nulls_not_distinct"
                } else {
                    ""
                };
                directives.push(format!("unique{name} ({}){nnd}", idents(cols)));
            }
        }
    }

    fn check(
        &mut self,
        t: &Table,
        k: &Constraint,
        column_attrs: &mut BTreeMap<String, Vec<String>>,
        directives: &mut Vec<String>,
    ) {
        let object = format!("constraint {} of {}", k.name, t.name);
        if k.no_inherit {
            self.omit(&object, "`NO INHERIT` is not carried");
        }
        let Some(expr) = k.expression.as_deref() else {
            return self.omit(object, "a check without an expression");
        };
        if let [only] = k.columns.as_slice()
            && k.name == constraint_name(&t.name, std::slice::from_ref(only), "check")
        {
            push_attr(column_attrs, only, format!("check({})", unwrapped(expr)));
            return;
        }
        let expr = unwrapped(expr);
        if k.name == format!("{}_check", t.name) {
            directives.push(format!("check ({expr})"));
        } else {
            directives.push(format!("check {} ({expr})", ident(&k.name)));
        }
    }

    fn foreign_key(
        &mut self,
        t: &Table,
        k: &Constraint,
        column_attrs: &mut BTreeMap<String, Vec<String>>,
        directives: &mut Vec<String>,
    ) {
        let object = format!("constraint {} of {}", k.name, t.name);
        let (Some(target), Some(target_schema)) = (k.ref_table.as_deref(), k.ref_schema.as_deref())
        else {
            return self.omit(object, "a foreign key without its table");
        };
        if target_schema != self.catalog.schema {
            return self.omit(
                object,
                format!("references `{target_schema}.{target}` in another namespace, which the language cannot say yet"),
            );
        }
        if k.match_type != "s" {
            return self.omit(object, "`MATCH FULL` is not carried");
        }
        let tenant_key = self
            .plan
            .tenant_keys
            .contains(&(t.name.clone(), k.name.clone()));
        let set_null_written = match (k.on_delete.as_str(), k.set_columns.as_slice()) {
            (_, []) => true,
            ("n", [only]) => tenant_key && k.columns.get(1) == Some(only),
            _ => false,
        };
        if !set_null_written {
            return self.omit(
                object,
                format!(
                    "`ON DELETE SET NULL/DEFAULT ({})` is carried only for a tenant key",
                    k.set_columns.join(", ")
                ),
            );
        }
        let action = |code: &str| match code {
            "r" => Some("restrict"),
            "c" => Some("cascade"),
            "n" => Some("set_null"),
            "d" => Some("set_default"),
            _ => None,
        };
        let mut actions = String::new();
        if let Some(a) = action(&k.on_delete) {
            let _ = write!(actions, ", on_delete: {a}");
        }
        if let Some(a) = action(&k.on_update) {
            let _ = write!(actions, ", on_update: {a}");
        }
        if k.deferrable {
            let when = if k.deferred {
                "initially_deferred"
            } else {
                "initially_immediate"
            };
            let _ = write!(actions, ", deferrable: {when}");
        }
        if tenant_key {
            let x = &k.columns[1];
            let y = &k.ref_columns[1];
            let attr = format!("references({}.{}{actions})", ident(target), column_name(y));
            push_attr(column_attrs, x, attr);
            return;
        }
        let default_name = constraint_name(&t.name, &k.columns, "fkey");
        match (k.columns.as_slice(), k.ref_columns.as_slice()) {
            ([only], [to]) if k.name == default_name => {
                let attr = format!("references({}.{}{actions})", ident(target), column_name(to));
                push_attr(column_attrs, only, attr);
            }
            (cols, to) => {
                let name = if k.name == default_name {
                    String::new()
                } else {
                    format!(" {}", ident(&k.name))
                };
                directives.push(format!(
                    "foreign_key{name} ({}) references({}({}){actions})",
                    idents(cols),
                    ident(target),
                    idents(to)
                ));
            }
        }
    }

    fn index(&mut self, t: &Table, x: &Index) -> Option<String> {
        let object = format!("index {}", x.name);
        if !x.valid {
            self.omit(
                object,
                "invalid (a failed `CREATE INDEX CONCURRENTLY`): left out",
            );
            return None;
        }
        let mut elements = Vec::new();
        let mut include = Vec::new();
        let mut plain = Vec::new();
        for (i, e) in x.elements.iter().enumerate() {
            if e.collation {
                self.omit(&object, "a collation of an element is not carried");
            }
            let mut text = match (&e.column, &e.expression) {
                (Some(c), _) => {
                    plain.push(c.clone());
                    ident(c)
                }
                (None, Some(expr)) => format!("({expr})"),
                (None, None) => {
                    self.omit(object, "an element Postgres did not describe");
                    return None;
                }
            };
            if i >= x.key_count {
                include.push(text);
                continue;
            }
            if let Some(class) = &e.opclass {
                let _ = write!(text, " {}", ident(class));
            }
            if e.desc {
                text.push_str(" desc");
                if !e.nulls_first {
                    text.push_str(" nulls last");
                }
            } else if e.nulls_first {
                text.push_str(" nulls first");
            }
            elements.push(text);
        }
        let all_plain = x.elements.iter().all(|e| e.column.is_some());
        let key_plain: Vec<String> = plain.iter().take(x.key_count).cloned().collect();
        let default_name = constraint_name(&t.name, &key_plain, "idx");
        let mut line = if all_plain && x.name == default_name {
            "index".to_string()
        } else {
            format!("index {}", ident(&x.name))
        };
        let _ = write!(line, " ({})", elements.join(", "));
        if x.unique {
            line.push_str(" unique");
        }
        if x.nulls_not_distinct {
            line.push_str(" nulls_not_distinct");
        }
        if x.method != "btree" {
            let _ = write!(line, " using {}", ident(&x.method));
        }
        if !include.is_empty() {
            let _ = write!(line, " include ({})", include.join(", "));
        }
        let mut with = Vec::new();
        for o in &x.options {
            match parameter("", o) {
                Some(p) => with.push(p),
                None => self.omit(
                    &object,
                    format!("its storage parameter `{o}` is not carried"),
                ),
            }
        }
        if !with.is_empty() {
            let _ = write!(line, " with ({})", with.join(", "));
        }
        if let Some(p) = &x.predicate {
            let _ = write!(line, " where ({})", unwrapped(p));
        }
        let mut doc = String::new();
        std::mem::swap(&mut self.out, &mut doc);
        self.doc("  ", x.comment.as_deref(), &object);
        std::mem::swap(&mut self.out, &mut doc);
        Some(format!(
            "{}{line}",
            doc.replace("  ///", "///").replace('\n', "\n  ")
        ))
    }

    /// `partition_by` and each `partition` of a partitioned table.
    fn partitioning(&mut self, t: &Table, directives: &mut Vec<String>) {
        let object = format!("table {}", t.name);
        let key = t.partition_key.as_deref().unwrap_or_default();
        let parsed = key.split_once(" (").and_then(|(method, rest)| {
            let columns = rest.strip_suffix(')')?;
            let names: Option<Vec<String>> = columns
                .split(", ")
                .map(|c| {
                    let name = match c.strip_prefix('"').and_then(|c| c.strip_suffix('"')) {
                        Some(quoted) => quoted.replace("\"\"", "\""),
                        None => c.to_string(),
                    };
                    t.columns.iter().any(|col| col.name == name).then_some(name)
                })
                .collect();
            Some((method.to_lowercase(), names?))
        });
        let Some((method, columns)) =
            parsed.filter(|(m, _)| kw::PARTITION_METHODS.contains(&m.as_str()))
        else {
            return self.omit(
                object,
                format!("its partition key `{key}` is not of columns alone, which the language cannot say yet"),
            );
        };
        directives.push(format!("partition_by {method} ({})", idents(&columns)));
        for p in &t.partitions {
            let part = format!("partition {}", p.name);
            if p.partitioned {
                self.omit(
                    part,
                    "partitioned itself: the language has no sub-partitions yet",
                );
                continue;
            }
            let bound = p.bound.as_str();
            let written = if bound == "DEFAULT" {
                Some("default".to_string())
            } else if let Some(rest) = bound.strip_prefix("FOR VALUES FROM (") {
                rest.strip_suffix(')')
                    .and_then(|r| r.split_once(") TO ("))
                    .map(|(from, to)| {
                        // The language's words for an open end, as its docs write them.
                        let open = |v: &str| {
                            v.replace("MINVALUE", "minvalue")
                                .replace("MAXVALUE", "maxvalue")
                        };
                        format!("from ({}) to ({})", open(from), open(to))
                    })
            } else if let Some(rest) = bound.strip_prefix("FOR VALUES IN (") {
                rest.strip_suffix(')')
                    .map(|values| format!("in ({values})"))
            } else if let Some(rest) = bound.strip_prefix("FOR VALUES WITH (modulus ") {
                rest.strip_suffix(')')
                    .and_then(|r| r.split_once(", remainder "))
                    .map(|(m, r)| format!("modulus({m}) remainder({r})"))
            } else {
                None
            };
            let Some(written) = written else {
                self.omit(part, format!("its bound `{bound}` did not read"));
                continue;
            };
            let mut doc = String::new();
            std::mem::swap(&mut self.out, &mut doc);
            self.doc("  ", p.comment.as_deref(), &part);
            std::mem::swap(&mut self.out, &mut doc);
            directives.push(format!(
                "{}partition {} {written}",
                doc.replace("  ///", "///").replace('\n', "\n  "),
                ident(&p.name)
            ));
        }
    }

    fn triggers(&mut self, t: &Table, skipped: &BTreeSet<&str>, directives: &mut Vec<String>) {
        const ROW: u16 = 1;
        const BEFORE: u16 = 2;
        const INSERT: u16 = 4;
        const DELETE: u16 = 8;
        const UPDATE: u16 = 16;
        const TRUNCATE: u16 = 32;
        const INSTEAD: u16 = 64;
        for g in &t.triggers {
            let object = format!("trigger {} on {}", g.name, t.name);
            if g.constraint {
                self.omit(object, "a constraint trigger: the language has none");
                continue;
            }
            if g.transition {
                self.omit(object, "transition tables (`REFERENCING`) are not carried");
                continue;
            }
            if g.ty & INSTEAD != 0 {
                self.omit(object, "an `INSTEAD OF` trigger: the language has none");
                continue;
            }
            if g.columns.iter().any(|c| skipped.contains(c.as_str())) {
                self.omit(object, "uses a column left out");
                continue;
            }
            if g.enabled != "O" {
                self.omit(
                    &object,
                    "it is disabled or fires only in replication; the schema's triggers fire",
                );
            }
            let def = g.definition.as_str();
            let Some(at) = def.rfind(" EXECUTE FUNCTION ") else {
                self.omit(object, "Postgres's definition of it did not read");
                continue;
            };
            let call = &def[at + " EXECUTE FUNCTION ".len()..];
            let when = def[..at]
                .find(" WHEN (")
                .and_then(|w| def[w + " WHEN (".len()..at].strip_suffix(')'));
            let mut events = Vec::new();
            if g.ty & INSERT != 0 {
                events.push("insert".to_string());
            }
            if g.ty & UPDATE != 0 {
                if g.columns.is_empty() {
                    events.push("update".to_string());
                } else {
                    events.push(format!("update({})", idents(&g.columns)));
                }
            }
            if g.ty & DELETE != 0 {
                events.push("delete".to_string());
            }
            if g.ty & TRUNCATE != 0 {
                events.push("truncate".to_string());
            }
            let timing = if g.ty & BEFORE != 0 {
                "before"
            } else {
                "after"
            };
            let mut line = format!("trigger {} {timing}({})", ident(&g.name), events.join(", "));
            if g.ty & ROW != 0 {
                line.push_str(" for_each_row");
            }
            if let Some(w) = when {
                let _ = write!(line, " when({})", unwrapped(w));
            }
            let _ = write!(line, " execute({call})");
            directives.push(line);
        }
    }

    fn policies(&mut self, t: &Table, directives: &mut Vec<String>) {
        let own: Vec<_> = t
            .policies
            .iter()
            .filter(|p| !is_tenant_policy(&p.name))
            .collect();
        let tenant = t.policies.len() > own.len();
        if t.rls && own.is_empty() && !tenant {
            self.omit(
                format!("table {}", t.name),
                "Row-Level Security is enabled without policies, which the language cannot say",
            );
        }
        if t.force_rls && !tenant {
            self.omit(
                format!("table {}", t.name),
                "`FORCE ROW LEVEL SECURITY` is carried only for the tenant's policies",
            );
        }
        for p in own {
            let mut line = format!("policy {}", ident(&p.name));
            if !p.permissive {
                line.push_str(" restrictive");
            }
            if p.command != "all" {
                let _ = write!(line, " for {}", p.command);
            }
            if p.roles != ["public"] {
                let _ = write!(line, " to({})", idents(&p.roles));
            }
            if let Some(u) = &p.using {
                let _ = write!(line, " using({})", unwrapped(u));
            }
            if let Some(c) = &p.with_check {
                let _ = write!(line, " with_check({})", unwrapped(c));
            }
            directives.push(line);
        }
    }
}

fn push_attr(column_attrs: &mut BTreeMap<String, Vec<String>>, column: &str, attr: String) {
    column_attrs
        .entry(column.to_string())
        .or_default()
        .push(attr);
}

/// `expr` without the parentheses Postgres prints around a whole condition:
/// `((a IS NULL) OR (b IS NULL))` is `(a IS NULL) OR (b IS NULL)`.
fn unwrapped(expr: &str) -> &str {
    let Some(inner) = expr.strip_prefix('(').and_then(|e| e.strip_suffix(')')) else {
        return expr;
    };
    // The first `(` must close at the very end, outside strings and quoted names.
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (i, ch) in expr.char_indices() {
        match (quote, ch) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(ch),
            (None, '(') => depth += 1,
            (None, ')') => {
                depth -= 1;
                if depth == 0 {
                    return if i == expr.len() - 1 { inner } else { expr };
                }
            }
            _ => {}
        }
    }
    expr
}

/// `'text'::type` as the literal and the type, when the whole expression is that.
fn split_literal_cast(expr: &str) -> Option<(&str, &str)> {
    if !expr.starts_with('\'') {
        return None;
    }
    let bytes = expr.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        if bytes[i] == b'\'' {
            if bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            let (literal, rest) = expr.split_at(i + 1);
            return rest.strip_prefix("::").map(|cast| (literal, cast));
        }
        i += 1;
    }
    None
}

/// A type without its modifier: `character varying(10)` is `character varying`.
fn strip_typmod(ty: &str) -> String {
    match (ty.find('('), ty.find(')')) {
        (Some(open), Some(close)) if open < close => {
            format!("{}{}", &ty[..open], &ty[close + 1..])
        }
        _ => ty.to_string(),
    }
}
