//! The schema's own SQL objects: functions, views, triggers and policies, written from their
//! declarations with the SQL they carry kept verbatim.

use schemaforge_schema::ir::{
    Function, Policy, Sequence, Table, Trigger, TriggerEvent, TriggerTiming, View,
};

use super::ident::{quote_ident, quote_literal};
use super::table::ident_list;

/// `CREATE SEQUENCE` with the options the schema gives (Postgres's defaults for the rest),
/// and without its owner, which is set once the tables exist.
pub(crate) fn create_sequence(q: &Sequence) -> String {
    format!(
        "CREATE SEQUENCE {} AS {}{};",
        quote_ident(&q.name),
        q.ty,
        sequence_options(q, false)
    )
}

/// The options of `CREATE SEQUENCE` (those given), or of the `ALTER SEQUENCE` that makes
/// an existing sequence's options these (`all`: every one, Postgres's default where the
/// schema gives none; its current value stays).
pub(crate) fn sequence_options(q: &Sequence, all: bool) -> String {
    let option = |out: &mut String, given: Option<i64>, sql: &str, none: &str| match given {
        Some(v) => out.push_str(&format!(" {sql} {v}")),
        None if all => out.push_str(none),
        None => {}
    };
    let mut out = String::new();
    option(&mut out, q.increment, "INCREMENT BY", " INCREMENT BY 1");
    option(&mut out, q.min, "MINVALUE", " NO MINVALUE");
    option(&mut out, q.max, "MAXVALUE", " NO MAXVALUE");
    if all {
        // The default start is the minimum (the maximum, descending): written out, since
        // `ALTER SEQUENCE` keeps the old start otherwise.
        out.push_str(&format!(" START WITH {}", q.first()));
    } else if let Some(s) = q.start {
        out.push_str(&format!(" START WITH {s}"));
    }
    option(&mut out, q.cache, "CACHE", " CACHE 1");
    match (q.cycle, all) {
        (true, _) => out.push_str(" CYCLE"),
        (false, true) => out.push_str(" NO CYCLE"),
        (false, false) => {}
    }
    out
}

/// `ALTER SEQUENCE … OWNED BY`, for a sequence with an owner column, or `OWNED BY NONE`
/// (`none`) to take it away.
pub(crate) fn sequence_owner(q: &Sequence, none: bool) -> Option<String> {
    let owner = match (&q.owned_by, none) {
        (_, true) => "NONE".to_string(),
        (Some(o), false) => format!("{}.{}", quote_ident(&o.table), quote_ident(&o.column)),
        (None, false) => return None,
    };
    Some(format!(
        "ALTER SEQUENCE {} OWNED BY {owner};",
        quote_ident(&q.name)
    ))
}

/// `COMMENT ON SEQUENCE` with its doc (`NULL` without one, which removes a comment).
pub(crate) fn sequence_comment(q: &Sequence) -> String {
    let doc = q
        .doc
        .as_deref()
        .map_or_else(|| "NULL".to_string(), quote_literal);
    format!("COMMENT ON SEQUENCE {} IS {doc};", quote_ident(&q.name))
}

/// `CREATE [OR REPLACE] FUNCTION`, the body dollar-quoted with a tag it does not contain.
pub(crate) fn create_function(f: &Function, replace: bool) -> String {
    let mut tag = "$function$".to_string();
    let mut n = 0;
    while f.body.contains(&tag) {
        n += 1;
        tag = format!("$function{n}$");
    }
    let verb = if replace {
        "CREATE OR REPLACE FUNCTION"
    } else {
        "CREATE FUNCTION"
    };
    let mut options = Vec::new();
    if let Some(v) = f.volatility {
        options.push(v.sql());
    }
    if f.strict {
        options.push("STRICT");
    }
    if f.security_definer {
        options.push("SECURITY DEFINER");
    }
    let options = match options.is_empty() {
        true => String::new(),
        false => format!("\n    {}", options.join(" ")),
    };
    format!(
        "{verb} {}({})\n    RETURNS {}\n    LANGUAGE {}{options}\n    AS {tag}\n{}\n{tag};",
        quote_ident(&f.name),
        f.arguments,
        f.returns,
        quote_ident(&f.language),
        f.body
    )
}

/// For a `security_definer` function, the statement that pins its `search_path` to the one
/// it is created under with `pg_temp` last: run as its owner, it must not resolve a name
/// through a schema or a temporary table of the caller's choosing. Written as `DO`, since
/// only the database applying the DDL knows the path (`SET search_path FROM CURRENT` would
/// leave `pg_temp` first); `CREATE OR REPLACE` clears it, so it follows every creation.
pub(crate) fn pin_search_path(f: &Function) -> Option<String> {
    if !f.security_definer {
        return None;
    }
    let alter = format!(
        "ALTER FUNCTION {} SET search_path = %s, pg_temp",
        signature(f).replace('%', "%%")
    );
    Some(format!(
        "DO $pin$ BEGIN\n    EXECUTE format({}, current_setting('search_path'));\nEND $pin$;",
        quote_literal(&alter)
    ))
}

/// `name(argument declarations)` as `COMMENT ON` and `DROP FUNCTION` take it, which names
/// one overload even while another is there (during a migration that changes the
/// arguments). Postgres takes the declarations here, but not their defaults.
pub(crate) fn signature(f: &Function) -> String {
    let arguments: Vec<&str> = split_top_level(&f.arguments)
        .into_iter()
        .map(without_default)
        .collect();
    format!("{}({})", quote_ident(&f.name), arguments.join(", "))
}

/// `COMMENT ON FUNCTION` with the function's doc (or `IS NULL` without one).
pub(crate) fn function_comment(f: &Function) -> String {
    let doc = f
        .doc
        .as_deref()
        .map_or_else(|| "NULL".to_string(), quote_literal);
    format!("COMMENT ON FUNCTION {} IS {doc};", signature(f))
}

/// `DROP FUNCTION name(arguments);` (without `CASCADE`: Postgres refuses while anything the
/// schema does not know of still uses it).
pub(crate) fn drop_function(f: &Function) -> String {
    format!("DROP FUNCTION {};", signature(f))
}

/// How many of a function's arguments have a default.
pub(crate) fn defaults(f: &Function) -> usize {
    split_top_level(&f.arguments)
        .into_iter()
        .filter(|arg| without_default(arg).len() != arg.len())
        .count()
}

/// `text` split at the commas outside parentheses and quotes, each part trimmed.
fn split_top_level(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut quote, mut start) = (0usize, None, 0);
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => depth = depth.saturating_sub(1),
            (None, ',') if depth == 0 => {
                parts.push(text[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    let last = text[start..].trim();
    if !last.is_empty() {
        parts.push(last);
    }
    parts
}

/// An argument declaration without its `DEFAULT …` or `= …`.
fn without_default(arg: &str) -> &str {
    let lower = arg.to_ascii_lowercase();
    let cut = [" default ", "=", " default("]
        .iter()
        .filter_map(|m| lower.find(m))
        .min();
    cut.map_or(arg, |at| arg[..at].trim_end())
}

/// `CREATE TRIGGER name BEFORE UPDATE OF a ON table FOR EACH ROW WHEN (…) EXECUTE FUNCTION f();`.
pub(crate) fn create_trigger(table: &Table, t: &Trigger) -> String {
    let timing = match t.timing {
        TriggerTiming::Before => "BEFORE",
        TriggerTiming::After => "AFTER",
    };
    let events: Vec<String> = t
        .events
        .iter()
        .map(|e| match e {
            TriggerEvent::Insert => "INSERT".to_string(),
            TriggerEvent::Update(columns) if columns.is_empty() => "UPDATE".to_string(),
            TriggerEvent::Update(columns) => format!("UPDATE OF {}", ident_list(columns)),
            TriggerEvent::Delete => "DELETE".to_string(),
            TriggerEvent::Truncate => "TRUNCATE".to_string(),
        })
        .collect();
    let level = if t.for_each_row { "ROW" } else { "STATEMENT" };
    let when = t
        .when
        .as_ref()
        .map(|w| format!("\n    WHEN ({})", w.0))
        .unwrap_or_default();
    format!(
        "CREATE TRIGGER {} {timing} {} ON {}\n    FOR EACH {level}{when}\n    EXECUTE FUNCTION {};",
        quote_ident(&t.name),
        events.join(" OR "),
        quote_ident(&table.name),
        t.execute.0
    )
}

/// `DROP TRIGGER name ON table;`.
pub(crate) fn drop_trigger(table: &str, name: &str) -> String {
    format!(
        "DROP TRIGGER {} ON {};",
        quote_ident(name),
        quote_ident(table)
    )
}

/// `CREATE POLICY name ON table [AS RESTRICTIVE] FOR cmd TO roles USING (…) WITH CHECK (…);`.
pub(crate) fn create_policy(table: &Table, p: &Policy) -> String {
    let mut sql = format!(
        "CREATE POLICY {} ON {}",
        quote_ident(&p.name),
        quote_ident(&table.name)
    );
    if p.restrictive {
        sql.push_str(" AS RESTRICTIVE");
    }
    sql.push_str(" FOR ");
    sql.push_str(p.command.sql());
    if !p.roles.is_empty() {
        let roles: Vec<String> = p.roles.iter().map(|r| role(r)).collect();
        sql.push_str(" TO ");
        sql.push_str(&roles.join(", "));
    }
    if let Some(using) = &p.using {
        sql.push_str(&format!("\n    USING ({})", using.0));
    }
    if let Some(check) = &p.with_check {
        sql.push_str(&format!("\n    WITH CHECK ({})", check.0));
    }
    sql.push(';');
    sql
}

/// A role as `CREATE POLICY … TO` takes it: the keywords `PUBLIC`, `CURRENT_USER`,
/// `CURRENT_ROLE` and `SESSION_USER` as such, any other name quoted as needed.
fn role(name: &str) -> String {
    match name {
        "public" | "current_user" | "current_role" | "session_user" => name.to_uppercase(),
        _ => quote_ident(name).into_owned(),
    }
}

/// `DROP POLICY name ON table;`.
pub(crate) fn drop_policy(table: &str, name: &str) -> String {
    format!(
        "DROP POLICY {} ON {};",
        quote_ident(name),
        quote_ident(table)
    )
}

/// The views in the order to create them: each after the views its query names, else in
/// the order declared (Postgres has no cycles of views).
pub(crate) fn view_order(views: &[View]) -> Vec<&View> {
    let reads: Vec<Vec<usize>> = views
        .iter()
        .map(|v| {
            let names = crate::diff::expr::identifiers(&v.query);
            views
                .iter()
                .enumerate()
                .filter(|(_, other)| other.name != v.name && names.contains(&other.name))
                .map(|(i, _)| i)
                .collect()
        })
        .collect();
    let mut placed = vec![false; views.len()];
    let mut order = Vec::with_capacity(views.len());
    while order.len() < views.len() {
        let before = order.len();
        for (i, v) in views.iter().enumerate() {
            if !placed[i] && reads[i].iter().all(|&r| placed[r]) {
                placed[i] = true;
                order.push(v);
            }
        }
        if order.len() == before {
            // A cycle, which Postgres refuses anyway: the rest as declared.
            order.extend(
                views
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| !placed[*i])
                    .map(|(_, v)| v),
            );
            break;
        }
    }
    order
}

fn view_kind(v: &View) -> &'static str {
    match v.materialized {
        true => "MATERIALIZED VIEW",
        false => "VIEW",
    }
}

/// `CREATE VIEW name WITH (security_invoker = true) AS query;`: a view reads its tables
/// with the privileges, and under the Row-Level Security policies, of whoever queries it
/// (Postgres 15), not of its owner, so that a view over a tenant's tables shows a session
/// only its tenant's rows. `CREATE MATERIALIZED VIEW name AS query;`.
pub(crate) fn create_view(v: &View) -> String {
    let options = match v.materialized {
        true => "",
        false => " WITH (security_invoker = true)",
    };
    format!(
        "CREATE {} {}{options} AS\n{};",
        view_kind(v),
        quote_ident(&v.name),
        v.query
    )
}

/// `COMMENT ON [MATERIALIZED] VIEW` with the view's doc (or `IS NULL` without one).
pub(crate) fn view_comment(v: &View) -> String {
    let doc = v
        .doc
        .as_deref()
        .map_or_else(|| "NULL".to_string(), quote_literal);
    format!(
        "COMMENT ON {} {} IS {doc};",
        view_kind(v),
        quote_ident(&v.name)
    )
}

/// `DROP [MATERIALIZED] VIEW name;`.
pub(crate) fn drop_view(v: &View) -> String {
    format!("DROP {} {};", view_kind(v), quote_ident(&v.name))
}
