//! The schema's own functions, triggers and policies, each compared whole.
//!
//! A function whose body, language, options or argument defaults change is replaced in
//! place (`CREATE OR REPLACE`). One whose arguments or result type change otherwise is
//! dropped and created again, once the defaults, checks, indexes and generated columns that
//! call it have let go of it, and those are set again after it; the triggers that call it
//! and the policies that mention it are dropped first and created after. A trigger or
//! policy that changes in any way, or reads a column whose type changes (Postgres refuses
//! to retype a column a trigger or policy uses), is dropped before anything else and
//! created once every table, column and function is in place.

use std::collections::HashSet;

use schemaforge_schema::ir::{Function, Policy, Schema, Table, Trigger, TriggerEvent, View};

use super::Planner;
use super::columns::Analysis;
use super::expr::mentions;
use super::hazard;
use super::matching::Mapping;
use super::order::Stage;
use crate::emit::sql::{objects, quote_ident};
use crate::hazard::HazardKind;

/// Whether a view's query selects `*` or `t.*` (not `count(*)`, not a product): a `*` after
/// `select`, `distinct`, `all`, a comma or a dot, outside strings, quoted names and comments.
fn selects_star(query: &str) -> bool {
    let mut previous = String::new();
    let mut chars = query.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                for n in chars.by_ref() {
                    if n == c {
                        break;
                    }
                }
                previous = "x".into();
            }
            '-' if chars.peek() == Some(&'-') => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for n in chars.by_ref() {
                    if last == '*' && n == '/' {
                        break;
                    }
                    last = n;
                }
            }
            '*' => {
                let after_word = matches!(previous.as_str(), "select" | "distinct" | "all");
                if after_word || previous == "," || previous == "." {
                    return true;
                }
                previous = "*".into();
            }
            c if c.is_alphanumeric() || c == '_' => {
                let mut word: String = c.to_lowercase().collect();
                while let Some(&n) = chars.peek() {
                    if !(n.is_alphanumeric() || n == '_' || n == '$') {
                        break;
                    }
                    word.extend(n.to_lowercase());
                    chars.next();
                }
                previous = word;
            }
            c if c.is_whitespace() => {}
            c => previous = c.to_string(),
        }
    }
    false
}

/// How a function both schemas declare changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    /// Replaced in place, `CREATE OR REPLACE` (or left alone): the same argument names and
    /// types and result, with defaults changed or added but none taken away (which
    /// Postgres refuses in place).
    InPlace,
    /// Other arguments (names, types, fewer defaults) or another result type, which
    /// Postgres does not take in place: the old one is dropped and the new one created.
    /// Not a new overload beside the old: a default, check or index whose text stays would
    /// still call the old one, which then could not be dropped; and with the same argument
    /// types the two could not be overloads at all.
    Replaced,
}

fn change(o: &Function, f: &Function) -> Change {
    if o.same_signature(f) {
        return Change::InPlace;
    }
    let same_declarations = objects::signature(o) == objects::signature(f);
    if o.returns == f.returns && same_declarations && objects::defaults(f) >= objects::defaults(o) {
        Change::InPlace
    } else {
        Change::Replaced
    }
}

/// The functions of `old` that `new` drops and creates again (see [`Change::Replaced`]), and
/// those whose arguments or result are of an enum type that is rebuilt (whose old type
/// cannot be dropped while a function uses it): a default, check, index or generated
/// column that calls one lets go of it before, and is set again after.
pub(crate) fn replaced(old: &Schema, new: &Schema, map: &Mapping<'_>) -> HashSet<String> {
    let rebuilt: Vec<&str> = map
        .enums
        .iter()
        .filter(|p| p.rebuild)
        .flat_map(|p| [p.old.name.as_str(), p.new.name.as_str()])
        .collect();
    let uses_rebuilt = |f: &Function| {
        let words =
            schemaforge_schema::words::identifiers(&format!("{} {}", f.arguments, f.returns));
        words.iter().any(|w| rebuilt.contains(&w.as_str()))
    };
    new.functions
        .iter()
        .filter(|f| {
            old.functions
                .iter()
                .find(|o| o.name == f.name)
                .is_some_and(|o| change(o, f) == Change::Replaced || uses_rebuilt(o))
        })
        .map(|f| f.name.clone())
        .collect()
}

/// A function's declaration without where it is written or placed.
fn same_function(a: &Function, b: &Function) -> bool {
    a.same_signature(b)
        && a.language == b.language
        && a.volatility == b.volatility
        && a.strict == b.strict
        && a.security_definer == b.security_definer
        && a.body == b.body
}

fn same_trigger(a: &Trigger, b: &Trigger) -> bool {
    (
        a.timing,
        &a.events,
        a.for_each_row,
        &a.when,
        &a.execute,
        &a.function,
    ) == (
        b.timing,
        &b.events,
        b.for_each_row,
        &b.when,
        &b.execute,
        &b.function,
    )
}

fn same_policy(a: &Policy, b: &Policy) -> bool {
    (a.restrictive, a.command, &a.roles, &a.using, &a.with_check)
        == (b.restrictive, b.command, &b.roles, &b.using, &b.with_check)
}

/// The columns and SQL a trigger reads, for telling whether it reads a retyped column.
fn trigger_reads(t: &Trigger, column: &str) -> bool {
    let of = t.events.iter().any(|e| match e {
        TriggerEvent::Update(columns) => columns.iter().any(|c| c == column),
        _ => false,
    });
    of || t.when.as_ref().is_some_and(|w| mentions(&w.0, column))
}

fn policy_mentions(p: &Policy, name: &str) -> bool {
    [&p.using, &p.with_check]
        .into_iter()
        .flatten()
        .any(|e| mentions(&e.0, name))
}

impl Planner<'_> {
    /// Views: a changed one, one that reads what changes under it (a column retyped or
    /// dropped, a table dropped or renamed, a function created again) and one that reads
    /// such a view are dropped first, dependents before what they read, and created again
    /// last; Postgres refuses those changes while a view reads them.
    fn views(
        &self,
        old: &Schema,
        new: &Schema,
        retyped: &[&String],
        recreated: &HashSet<&str>,
        planned: &mut Vec<(Stage, String, Vec<crate::hazard::Hazard>)>,
    ) {
        let mut moved: Vec<&str> = retyped.iter().map(|c| c.as_str()).collect();
        let mut star_tables: Vec<&str> = Vec::new();
        moved.extend(recreated.iter().copied());
        for p in &self.map.tables {
            moved.extend(p.dropped.iter().map(|c| c.name.as_str()));
            if p.old.name != p.new.name {
                moved.push(&p.old.name);
            }
        }
        moved.extend(self.map.dropped_tables.iter().map(|t| t.name.as_str()));
        // A view that selects `*` fixed its columns when it was created: one over a table
        // whose columns change (added, dropped, renamed, retyped) is created again to have
        // the new ones, as a fresh apply would.
        for p in &self.map.tables {
            let reshaped = !p.added.is_empty()
                || !p.dropped.is_empty()
                || p.columns.iter().any(|(o, n)| o.name != n.name)
                || p.columns
                    .iter()
                    .any(|(o, _)| retyped.iter().any(|r| **r == o.name));
            if reshaped && !moved.contains(&p.old.name.as_str()) {
                star_tables.push(p.old.name.as_str());
            }
        }
        let reads = |v: &View, name: &str| mentions(&v.query, name);
        let reads_star_of =
            |v: &View| selects_star(&v.query) && star_tables.iter().any(|t| reads(v, t));
        // Old views to drop: gone, changed, or reading something that moves.
        let mut dropped: HashSet<&str> = HashSet::new();
        for v in &old.views {
            let now = new.views.iter().find(|n| n.name == v.name);
            let changed =
                now.is_none_or(|n| n.query != v.query || n.materialized != v.materialized);
            if changed || moved.iter().any(|m| reads(v, m)) || reads_star_of(v) {
                dropped.insert(&v.name);
            }
        }
        // And every view that reads a dropped one, until none is left.
        loop {
            let more: Vec<&str> = old
                .views
                .iter()
                .filter(|v| !dropped.contains(v.name.as_str()))
                .filter(|v| dropped.iter().any(|d| reads(v, d)))
                .map(|v| v.name.as_str())
                .collect();
            if more.is_empty() {
                break;
            }
            dropped.extend(more);
        }
        for v in objects::view_order(&old.views).into_iter().rev() {
            if dropped.contains(v.name.as_str()) {
                planned.push((Stage::DropViews, objects::drop_view(v), Vec::new()));
            }
        }
        for v in objects::view_order(&new.views) {
            let was = old.views.iter().find(|o| o.name == v.name);
            let create = was.is_none_or(|o| dropped.contains(o.name.as_str()));
            if create {
                let hazards = match v.materialized {
                    true => vec![hazard(
                        HazardKind::BlockingLock,
                        format!(
                            "computes the materialized view `{}` from its tables, which it reads whole",
                            v.name
                        ),
                    )],
                    false => Vec::new(),
                };
                planned.push((Stage::Views, objects::create_view(v), hazards));
                if v.doc.is_some() {
                    planned.push((Stage::Views, objects::view_comment(v), Vec::new()));
                }
            } else if was.is_some_and(|o| o.doc != v.doc) {
                planned.push((Stage::Views, objects::view_comment(v), Vec::new()));
            }
        }
    }

    pub(super) fn objects(&mut self, old: &Schema, new: &Schema, analysis: &Analysis) {
        let now = self.options.row_level_security;
        let was = self.options.previous_row_level_security.unwrap_or(now);
        let tenant_old = super::policies::tenant_tables(old, was);
        let tenant_new = super::policies::tenant_tables(new, now);
        let create_stage = |f: &Function| match f.before_tables {
            true => Stage::CreateFunctions,
            false => Stage::CreateLateFunctions,
        };
        // Functions whose signature changes: dropped and created again.
        let mut recreated: HashSet<&str> = HashSet::new();
        let mut planned: Vec<(Stage, String, Vec<crate::hazard::Hazard>)> = Vec::new();
        for f in new.functions_in_creation_order() {
            let stage = create_stage(f);
            let Some(o) = old.functions.iter().find(|o| o.name == f.name) else {
                planned.push((stage, objects::create_function(f, false), Vec::new()));
                planned.extend(objects::pin_search_path(f).map(|pin| (stage, pin, Vec::new())));
                if f.doc.is_some() {
                    planned.push((stage, objects::function_comment(f), Vec::new()));
                }
                continue;
            };
            let how = match self.replaced_functions.contains(&f.name) {
                true => Change::Replaced,
                false => change(o, f),
            };
            match how {
                Change::Replaced => {
                    // What calls it (defaults, checks, indexes, generated columns: see
                    // `replaced`) has let go of it by the time it is dropped.
                    recreated.insert(&f.name);
                    planned.push((
                        Stage::DropReplacedFunctions,
                        objects::drop_function(o),
                        Vec::new(),
                    ));
                    planned.push((stage, objects::create_function(f, false), Vec::new()));
                    planned.extend(objects::pin_search_path(f).map(|pin| (stage, pin, Vec::new())));
                    if f.doc.is_some() {
                        planned.push((stage, objects::function_comment(f), Vec::new()));
                    }
                }
                Change::InPlace => {
                    // Under rules before format 2 a `security_definer` function was created
                    // without its `search_path` pinned: created again, it gets one.
                    let unpinned = f.security_definer && old.format < 2;
                    if !same_function(o, f) || unpinned {
                        planned.push((stage, objects::create_function(f, true), Vec::new()));
                        planned.extend(
                            objects::pin_search_path(f).map(|pin| (stage, pin, Vec::new())),
                        );
                    }
                    if o.doc != f.doc {
                        planned.push((stage, objects::function_comment(f), Vec::new()));
                    }
                }
            }
        }
        for o in &old.functions {
            if !new.functions.iter().any(|f| f.name == o.name) {
                let lost = hazard(
                    HazardKind::DataLoss,
                    format!(
                        "drops the function `{}`; fails while anything outside the schema uses it",
                        o.name
                    ),
                );
                planned.push((Stage::DropFunctions, objects::drop_function(o), vec![lost]));
            }
        }

        let retyped: Vec<&String> = analysis.retyped.values().flatten().collect();
        self.views(old, new, &retyped, &recreated, &mut planned);
        for t in &new.tables {
            let pair = self.map.tables.iter().find(|p| p.new.name == t.name);
            let old_t: Option<&Table> = pair.map(|p| p.old);
            let old_name = old_t.map_or(t.name.as_str(), |o| o.name.as_str());

            for tr in &t.triggers {
                let was = old_t.and_then(|o| o.triggers.iter().find(|x| x.name == tr.name));
                let changed = match was {
                    None => true,
                    Some(w) => {
                        !same_trigger(w, tr)
                            || recreated.contains(w.function.as_str())
                            || retyped.iter().any(|c| trigger_reads(w, c))
                    }
                };
                if let Some(w) = was
                    && changed
                {
                    planned.push((
                        Stage::DropTriggers,
                        objects::drop_trigger(old_name, &w.name),
                        Vec::new(),
                    ));
                }
                if changed {
                    planned.push((Stage::Triggers, objects::create_trigger(t, tr), Vec::new()));
                }
            }
            if let Some(o) = old_t {
                for w in &o.triggers {
                    if !t.triggers.iter().any(|x| x.name == w.name) {
                        planned.push((
                            Stage::DropTriggers,
                            objects::drop_trigger(old_name, &w.name),
                            Vec::new(),
                        ));
                    }
                }
            }

            for p in &t.policies {
                let was = old_t.and_then(|o| o.policies.iter().find(|x| x.name == p.name));
                let changed = match was {
                    None => true,
                    Some(w) => {
                        !same_policy(w, p)
                            || recreated.iter().any(|f| policy_mentions(w, f))
                            || retyped.iter().any(|c| policy_mentions(w, c))
                    }
                };
                if let Some(w) = was
                    && changed
                {
                    planned.push((
                        Stage::DropForeignKeys,
                        objects::drop_policy(old_name, &w.name),
                        Vec::new(),
                    ));
                }
                if changed {
                    planned.push((Stage::Policies, objects::create_policy(t, p), Vec::new()));
                }
            }
            let old_custom = old_t.is_some_and(|o| !o.policies.is_empty());
            if let Some(o) = old_t {
                for w in &o.policies {
                    if !t.policies.iter().any(|x| x.name == w.name) {
                        planned.push((
                            Stage::DropForeignKeys,
                            objects::drop_policy(old_name, &w.name),
                            Vec::new(),
                        ));
                    }
                }
            }
            // Row-Level Security on or off with the table's own policies, unless the
            // tenant's policy keeps it on (or its own steps turn it on or off).
            let new_custom = !t.policies.is_empty();
            let table = quote_ident(&t.name);
            let tenant = tenant_new.contains(table.as_ref())
                || tenant_old.contains(quote_ident(old_name).as_ref());
            if new_custom && !old_custom && !tenant {
                planned.push((
                    Stage::Policies,
                    format!("ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;"),
                    Vec::new(),
                ));
            }
            if old_custom && !new_custom && !tenant {
                planned.push((
                    Stage::Policies,
                    format!("ALTER TABLE {table} DISABLE ROW LEVEL SECURITY;"),
                    Vec::new(),
                ));
            }
        }
        for (stage, sql, hazards) in planned {
            self.push(stage, sql, hazards);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::selects_star;

    #[test]
    fn a_star_is_one_the_select_list_expands() {
        for query in [
            "select * from notes",
            "SELECT DISTINCT * FROM notes",
            "select n.* from notes n",
            "select id, * from notes",
            "select n . * from notes n",
        ] {
            assert!(selects_star(query), "{query}");
        }
        for query in [
            "select count(*) from notes",
            "select price * 2 from notes",
            "select 2 * 3",
            "select '*', \"a*\" from notes -- select *",
            "select /* select * */ id from notes",
        ] {
            assert!(!selects_star(query), "{query}");
        }
    }
}
