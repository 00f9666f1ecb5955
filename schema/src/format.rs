//! The canonical layout of schema files (`schemaforge fmt`).
//!
//! Formatting prints the syntax tree back: comments, doc comments and single blank lines
//! are kept; columns are aligned within a table; spacing is normalized. The output parses
//! to the same IR as the input.

use std::fmt::Write as _;

use crate::ast::*;
use crate::ir::{Identity, ReferentialAction};
use crate::keyword as kw;

const INDENT: &str = "  ";
/// Enums with undocumented values stay on one line up to this width.
const MAX_INLINE_ENUM: usize = 100;

/// Formats one parsed file.
pub fn format_file(file: &File) -> String {
    let mut out = String::new();
    for c in &file.leading_comments {
        write_comment(&mut out, c, "");
    }
    if let Some(doc) = &file.doc {
        write_doc(&mut out, "//!", &doc.text, "");
        if !file.items.is_empty() || !file.trailing_comments.is_empty() {
            out.push('\n');
        }
    }
    for (i, item) in file.items.iter().enumerate() {
        let trivia = match item {
            Item::Enum(e) => &e.trivia,
            Item::Table(t) => &t.trivia,
            Item::Extension(x) => &x.trivia,
            Item::Function(f) => &f.trivia,
            Item::View(v) => &v.trivia,
            Item::Sequence(q) => &q.trivia,
        };
        let starts_group = file.groups.iter().any(|g| g.first_item == i);
        // Extensions stay together, one per line, unless a blank line separated them; so do
        // sequences.
        let listed = i > 0
            && (matches!(
                (item, &file.items[i - 1]),
                (Item::Extension(_), Item::Extension(_)) | (Item::Sequence(_), Item::Sequence(_))
            ))
            && !trivia.blank_line_before
            && trivia.comments.is_empty()
            && trivia.doc.is_none()
            && !starts_group;
        if i > 0 && !listed {
            out.push('\n');
        }
        for group in file.groups.iter().filter(|g| g.first_item == i) {
            for c in &group.comments {
                write_comment(&mut out, c, "");
            }
            write_doc(&mut out, "//!", &group.doc.text, "");
            out.push('\n');
        }
        write_trivia(&mut out, trivia, "");
        match item {
            Item::Enum(e) => write_enum(&mut out, e),
            Item::Table(t) => write_table(&mut out, t),
            Item::Extension(x) => {
                let _ = writeln!(out, "{} {}", kw::EXTENSION, ident(&x.name.name));
            }
            Item::Function(f) => write_function(&mut out, f),
            Item::Sequence(q) => {
                let _ = write!(out, "{} {}", kw::SEQUENCE, ident(&q.name.name));
                if let Some(ty) = &q.ty {
                    let _ = write!(out, " {}", ty.name);
                }
                // In the canonical order, whatever the order written.
                for word in kw::SEQUENCE_OPTIONS {
                    for (option, arg) in q.options.iter().filter(|(o, _)| o.name == *word) {
                        out.push(' ');
                        out.push_str(&option.name);
                        if let Some(arg) = arg {
                            let _ = write!(out, "({})", arg.text.trim());
                        }
                    }
                }
                out.push('\n');
            }
            Item::View(v) => {
                let keyword = match v.materialized {
                    true => kw::MATERIALIZED_VIEW,
                    false => kw::VIEW,
                };
                let _ = write!(out, "{keyword} {} {}", ident(&v.name.name), kw::AS);
                write_block(&mut out, &v.query.text, v.block);
            }
        }
    }
    if !file.trailing_comments.is_empty() {
        if !file.items.is_empty() {
            out.push('\n');
        }
        for c in &file.trailing_comments {
            write_comment(&mut out, c, "");
        }
    }
    out
}

/// `function name(args) returns(type) language lang options as (body)`: the body on lines
/// of its own, as written, when it has more than one.
fn write_function(out: &mut String, f: &FunctionDef) {
    let _ = write!(
        out,
        "{} {}({}) {}({}) {} {}",
        kw::FUNCTION,
        ident(&f.name.name),
        sql(&f.arguments),
        kw::RETURNS,
        sql(&f.returns.text),
        kw::LANGUAGE,
        ident(&f.language.name)
    );
    for option in &f.options {
        let _ = write!(out, " {}", option.name);
    }
    let _ = write!(out, " {}", kw::AS);
    write_block(out, &f.body.text, f.block);
}

/// ` (text)` after `as`, and the line's end: on lines of their own, indented, when the text
/// has several lines or was written so (`block`).
fn write_block(out: &mut String, text: &str, block: bool) {
    if block || text.contains('\n') {
        out.push_str(" (\n");
        for line in text.lines() {
            match line.is_empty() {
                true => out.push('\n'),
                false => {
                    let _ = writeln!(out, "  {line}");
                }
            }
        }
        out.push_str(")\n");
    } else {
        let _ = writeln!(out, " ({})", sql(text));
    }
}

fn write_comment(out: &mut String, line: &TriviaLine, indent: &str) {
    match line {
        TriviaLine::Blank => out.push('\n'),
        TriviaLine::Comment(text) if text.is_empty() => {
            let _ = writeln!(out, "{indent}//");
        }
        TriviaLine::Comment(text) => {
            let _ = writeln!(out, "{indent}// {text}");
        }
    }
}

fn write_trivia(out: &mut String, trivia: &Trivia, indent: &str) {
    for c in &trivia.comments {
        write_comment(out, c, indent);
    }
    if let Some(doc) = &trivia.doc {
        write_doc(out, "///", &doc.text, indent);
    }
}

/// Doc text as comment lines starting with `marker` (`///` or `//!`).
fn write_doc(out: &mut String, marker: &str, text: &str, indent: &str) {
    for line in text.split('\n') {
        if line.is_empty() {
            let _ = writeln!(out, "{indent}{marker}");
        } else {
            let _ = writeln!(out, "{indent}{marker} {line}");
        }
    }
}

/// An identifier as it must be written: bare when possible, otherwise double-quoted.
pub fn ident(name: &str) -> String {
    let bare = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if bare {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

/// A column name, quoted also when it would read as a directive.
fn column_name(name: &str) -> String {
    if kw::DIRECTIVES.contains(&name) {
        format!("\"{name}\"")
    } else {
        ident(name)
    }
}

fn enum_value(name: &str) -> String {
    let bare = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != kw::RENAMED_FROM;
    if bare {
        name.to_string()
    } else {
        format!("'{}'", name.replace('\'', "''"))
    }
}

fn write_enum(out: &mut String, e: &EnumDef) {
    let value = |v: &EnumValueDef| {
        let mut s = enum_value(&v.name.name);
        if let Some(old) = &v.renamed_from {
            let _ = write!(s, " renamed_from({})", enum_value(&old.name));
        }
        s
    };
    // A blank line before the first value is not kept, so it does not count.
    let simple = e.values.iter().enumerate().all(|(i, v)| {
        v.trivia.doc.is_none()
            && v.trivia.comments.is_empty()
            && !(i > 0 && v.trivia.blank_line_before)
    });
    let inline = format!(
        "enum {} {{ {} }}",
        ident(&e.name.name),
        e.values.iter().map(value).collect::<Vec<_>>().join(" ")
    );
    if simple && inline.len() <= MAX_INLINE_ENUM {
        out.push_str(&inline);
        out.push('\n');
        return;
    }
    let _ = writeln!(out, "enum {} {{", ident(&e.name.name));
    for (i, v) in e.values.iter().enumerate() {
        if i > 0 && v.trivia.blank_line_before {
            out.push('\n');
        }
        write_trivia(out, &v.trivia, INDENT);
        let _ = writeln!(out, "{INDENT}{}", value(v));
    }
    out.push_str("}\n");
}

fn write_table(out: &mut String, t: &TableDef) {
    let _ = writeln!(out, "table {} {{", ident(&t.name.name));
    // Align names and types over all columns of the table.
    let columns = t.members.iter().filter_map(|m| match &m.kind {
        MemberKind::Column(c) => Some(c),
        MemberKind::Directive(_) => None,
    });
    let name_width = columns
        .clone()
        .map(|c| column_name(&c.name.name).len())
        .max()
        .unwrap_or(0);
    let type_width = columns.map(|c| type_text(c).len()).max().unwrap_or(0);
    for (i, m) in t.members.iter().enumerate() {
        if i > 0 && m.trivia.blank_line_before {
            out.push('\n');
        }
        write_trivia(out, &m.trivia, INDENT);
        let mut line = String::from(INDENT);
        match &m.kind {
            MemberKind::Column(c) => {
                let attrs: Vec<String> = c.attrs.iter().map(attr_text).collect();
                padded(&mut line, &column_name(&c.name.name), name_width);
                line.push(' ');
                if attrs.is_empty() {
                    line.push_str(&type_text(c));
                } else {
                    padded(&mut line, &type_text(c), type_width);
                    line.push(' ');
                    line.push_str(&attrs.join(" "));
                }
            }
            MemberKind::Directive(d) => line.push_str(&directive_text(d)),
        }
        if let Some(comment) = &m.line_comment {
            let _ = write!(line, "  // {comment}");
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    if !t.trailing_comments.is_empty() {
        if !t.members.is_empty() {
            out.push('\n');
        }
        for c in &t.trailing_comments {
            write_comment(out, c, INDENT);
        }
    }
    out.push_str("}\n");
}

fn type_text(c: &ColumnDef) -> String {
    let name = c.ty.name.as_str();
    // `double precision` is one name of two words; any other name is an identifier, quoted
    // when it is not a plain one or when it would read as a column attribute.
    let mut s = if name == "double precision" {
        name.to_string()
    } else if kw::COLUMN_ATTRIBUTES.contains(&name) {
        format!("\"{name}\"")
    } else {
        ident(name)
    };
    if !c.ty.args.is_empty() {
        let args: Vec<String> = c.ty.args.iter().map(|(n, _)| n.to_string()).collect();
        let _ = write!(s, "({})", args.join(", "));
    }
    for _ in 0..c.ty.array_dims {
        s.push_str("[]");
    }
    if c.nullable {
        s.push('?');
    }
    s
}

fn action(a: ReferentialAction) -> &'static str {
    match a {
        ReferentialAction::NoAction => kw::NO_ACTION,
        ReferentialAction::Restrict => kw::RESTRICT,
        ReferentialAction::Cascade => kw::CASCADE,
        ReferentialAction::SetNull => kw::SET_NULL,
        ReferentialAction::SetDefault => kw::SET_DEFAULT,
    }
}

fn reference_text(r: &Reference) -> String {
    let mut s = format!("{}(", kw::REFERENCES);
    s.push_str(&ident(&r.table.name));
    if r.list_form {
        let _ = write!(s, "({})", idents(&r.columns));
    } else {
        for c in &r.columns {
            let _ = write!(s, ".{}", ident(&c.name));
        }
    }
    if let Some((a, _)) = r.on_delete {
        let _ = write!(s, ", {}: {}", kw::ON_DELETE, action(a));
    }
    if let Some((a, _)) = r.on_update {
        let _ = write!(s, ", {}: {}", kw::ON_UPDATE, action(a));
    }
    if let Some((d, _)) = r.deferrable {
        let when = match d {
            crate::ir::Deferral::InitiallyImmediate => kw::INITIALLY_IMMEDIATE,
            crate::ir::Deferral::InitiallyDeferred => kw::INITIALLY_DEFERRED,
        };
        let _ = write!(s, ", {}: {when}", kw::DEFERRABLE);
    }
    s.push(')');
    s
}

fn idents(list: &[Ident]) -> String {
    list.iter()
        .map(|i| ident(&i.name))
        .collect::<Vec<_>>()
        .join(", ")
}

fn attr_text(a: &ColumnAttr) -> String {
    match a {
        ColumnAttr::PrimaryKey(_) => kw::PRIMARY_KEY.to_string(),
        ColumnAttr::Unique(_) => kw::UNIQUE.to_string(),
        ColumnAttr::Sensitive(_) => kw::SENSITIVE.to_string(),
        ColumnAttr::Global(_) => kw::GLOBAL.to_string(),
        ColumnAttr::References(r) => reference_text(r),
        ColumnAttr::Identity(Identity::ByDefault, _) => kw::IDENTITY.to_string(),
        ColumnAttr::Identity(Identity::Always, _) => format!("{}({})", kw::IDENTITY, kw::ALWAYS),
        ColumnAttr::Default(s)
        | ColumnAttr::Check(s)
        | ColumnAttr::Generated(s)
        | ColumnAttr::OnUpdate(s)
        | ColumnAttr::RustType(s) => format!("{}({})", a.keyword(), sql(&s.text)),
        ColumnAttr::RenamedFrom(old) => format!("{}({})", kw::RENAMED_FROM, ident(&old.name)),
    }
}

/// The text of a SQL expression as written, with a line break before the closing
/// parenthesis when its last line holds a `--` comment, which would otherwise swallow the
/// parenthesis (the check refuses such comments, E0240, but the file must still parse).
fn sql(text: &str) -> std::borrow::Cow<'_, str> {
    match text.lines().last().is_some_and(|l| l.contains("--")) {
        true => std::borrow::Cow::Owned(format!("{text}\n")),
        false => std::borrow::Cow::Borrowed(text),
    }
}

fn named(keyword: &str, name: &Option<Ident>) -> String {
    match name {
        Some(n) => format!("{keyword} {} ", ident(&n.name)),
        None => format!("{keyword} "),
    }
}

fn directive_text(d: &Directive) -> String {
    match d {
        Directive::TenantRoot(_) => kw::TENANT_ROOT.to_string(),
        Directive::NoPrimaryKey(_) => kw::NO_PRIMARY_KEY.to_string(),
        Directive::Unscoped(_) => kw::UNSCOPED.to_string(),
        Directive::Tenant(c) => format!("{} {}", kw::TENANT, ident(&c.name)),
        Directive::TenantVia(c) => format!("{} {} {}", kw::TENANT, kw::VIA, ident(&c.name)),
        Directive::PrimaryKey { name, columns, .. } => {
            format!("{}({})", named(kw::PRIMARY_KEY, name), idents(columns))
        }
        Directive::Unique {
            name,
            columns,
            nulls_not_distinct,
            ..
        } => {
            let mut s = format!("{}({})", named(kw::UNIQUE, name), idents(columns));
            if nulls_not_distinct.is_some() {
                let _ = write!(s, " {}", kw::NULLS_NOT_DISTINCT);
            }
            s
        }
        Directive::Check { name, expr, .. } => {
            format!("{}({})", named(kw::CHECK, name), sql(&expr.text))
        }
        Directive::ForeignKey {
            name,
            columns,
            reference,
            ..
        } => format!(
            "{}({}) {}",
            named(kw::FOREIGN_KEY, name),
            idents(columns),
            reference_text(reference)
        ),
        Directive::Index(index) => {
            let elements: Vec<String> = index
                .elements
                .iter()
                .map(|e| {
                    let mut s = match &e.target {
                        IndexElemTarget::Column(c) => ident(&c.name),
                        IndexElemTarget::Expr(expr) => format!("({})", sql(&expr.text)),
                    };
                    if let Some(opclass) = &e.opclass {
                        let _ = write!(s, " {}", ident(&opclass.name));
                    }
                    if e.descending {
                        let _ = write!(s, " {}", kw::DESC);
                    } else if e.explicit_asc {
                        let _ = write!(s, " {}", kw::ASC);
                    }
                    match e.nulls {
                        Some(crate::ir::Nulls::First) => {
                            let _ = write!(s, " {} {}", kw::NULLS, kw::FIRST);
                        }
                        Some(crate::ir::Nulls::Last) => {
                            let _ = write!(s, " {} {}", kw::NULLS, kw::LAST);
                        }
                        None => {}
                    }
                    s
                })
                .collect();
            let mut s = format!("{}({})", named(kw::INDEX, &index.name), elements.join(", "));
            if index.unique {
                let _ = write!(s, " {}", kw::UNIQUE);
            }
            if index.nulls_not_distinct.is_some() {
                let _ = write!(s, " {}", kw::NULLS_NOT_DISTINCT);
            }
            if let Some(using) = &index.using {
                let _ = write!(s, " {} {}", kw::USING, ident(&using.name));
            }
            if !index.include.is_empty() {
                let _ = write!(s, " {} ({})", kw::INCLUDE, idents(&index.include));
            }
            if let Some(with) = &index.with {
                let _ = write!(s, " {} ({})", kw::WITH, storage_text(&with.text));
            }
            if let Some(p) = &index.predicate {
                let _ = write!(s, " {} ({})", kw::WHERE, sql(&p.text));
            }
            s
        }
        Directive::RenamedFrom(old) => format!("{}({})", kw::RENAMED_FROM, ident(&old.name)),
        Directive::With(params) => format!("{} ({})", kw::WITH, storage_text(&params.text)),
        Directive::Trigger(t) => {
            let events: Vec<String> = t
                .events
                .iter()
                .map(|e| match e.columns.is_empty() {
                    true => e.word.name.clone(),
                    false => format!("{}({})", e.word.name, idents(&e.columns)),
                })
                .collect();
            let mut s = format!(
                "{} {} {}({})",
                kw::TRIGGER,
                ident(&t.name.name),
                t.timing.name,
                events.join(", ")
            );
            if t.for_each_row.is_some() {
                let _ = write!(s, " {}", kw::FOR_EACH_ROW);
            }
            if let Some(when) = &t.when {
                let _ = write!(s, " {}({})", kw::WHEN, sql(&when.text));
            }
            let _ = write!(s, " {}({})", kw::EXECUTE, sql(&t.execute.text));
            s
        }
        Directive::Policy(p) => {
            let mut s = format!("{} {}", kw::POLICY, ident(&p.name.name));
            if p.restrictive.is_some() {
                let _ = write!(s, " {}", kw::RESTRICTIVE);
            }
            if let Some(command) = &p.command {
                let _ = write!(s, " {} {}", kw::FOR, command.name);
            }
            if !p.roles.is_empty() {
                let _ = write!(s, " {}({})", kw::TO, idents(&p.roles));
            }
            if let Some(using) = &p.using {
                let _ = write!(s, " {}({})", kw::USING, sql(&using.text));
            }
            if let Some(check) = &p.with_check {
                let _ = write!(s, " {}({})", kw::WITH_CHECK, sql(&check.text));
            }
            s
        }
        Directive::PartitionBy {
            method, columns, ..
        } => format!("{} {} ({})", kw::PARTITION_BY, method.name, idents(columns)),
        Directive::Partition(p) => {
            let bound = match &p.bound {
                PartitionBoundDef::Range { from, to } => {
                    format!("from ({}) to ({})", sql(&from.text), sql(&to.text))
                }
                PartitionBoundDef::List(values) => format!("in ({})", sql(&values.text)),
                PartitionBoundDef::Hash { modulus, remainder } => format!(
                    "modulus({}) remainder({})",
                    sql(&modulus.text),
                    sql(&remainder.text)
                ),
                PartitionBoundDef::Default(_) => kw::DEFAULT.to_string(),
            };
            format!("{} {} {bound}", kw::PARTITION, ident(&p.name.name))
        }
    }
}

/// `text`, then spaces up to `width` characters (written out: a format width is limited to
/// 16 bits, and an identifier in a file being formatted is not yet checked for length).
fn padded(out: &mut String, text: &str, width: usize) {
    out.push_str(text);
    let n = text.chars().count();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(n)));
}

/// Storage parameters as `name = value, …`, one space around each `=`; text that is not a
/// list of them stays as written (resolution reports it).
fn storage_text(text: &str) -> String {
    let parts: Vec<String> = text
        .split(',')
        .map(|p| match p.split_once('=') {
            Some((k, v)) => format!("{} = {}", k.trim(), v.trim()),
            None => p.trim().to_string(),
        })
        .collect();
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostics;
    use crate::parser::parse_file;
    use crate::span::FileId;

    fn fmt(src: &str) -> String {
        let mut diags = Diagnostics::new();
        let file = parse_file(FileId(0), src, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        format_file(&file)
    }

    #[test]
    fn aligns_columns_and_normalizes_spacing() {
        let src = "// header\n\n/// Notes.\ntable notes{\n tenant   organization_id\n  id uuid primary_key   default( gen_random_uuid() )\n  organization_id uuid references(organizations.id,on_delete:cascade) // owner\n\n  body text?\n  unique  (organization_id,body)\n  index notes_body_idx (body desc,(lower(body))) using gin where(body is not null)\n}\nenum    mood {happy,sad}\n";
        let expected = "// header\n\n/// Notes.\ntable notes {\n  tenant organization_id\n  id              uuid  primary_key default(gen_random_uuid())\n  organization_id uuid  references(organizations.id, on_delete: cascade)  // owner\n\n  body            text?\n  unique (organization_id, body)\n  index notes_body_idx (body desc, (lower(body))) using gin where (body is not null)\n}\n\nenum mood { happy sad }\n";
        assert_eq!(fmt(src), expected);
        assert_eq!(fmt(expected), expected, "formatting is idempotent");
    }

    #[test]
    fn keeps_the_file_doc_and_the_comments_around_it() {
        let src = "// header\n\n//! # Core\n//!\n//! Users and workspaces.\n// about notes\n/// Notes.\ntable notes {\n  id uuid primary_key\n}\n";
        let expected = "// header\n\n//! # Core\n//!\n//! Users and workspaces.\n\n// about notes\n/// Notes.\ntable notes {\n  id uuid primary_key\n}\n";
        assert_eq!(fmt(src), expected);
        assert_eq!(fmt(expected), expected, "formatting is idempotent");
        assert_eq!(fmt("//! Only a doc.\n"), "//! Only a doc.\n");
        assert_eq!(fmt("//! Doc.\n// trailing\n"), "//! Doc.\n\n// trailing\n");
    }

    #[test]
    fn lists_extensions_and_operator_classes() {
        let src = "extension   pg_trgm\nextension \"uuid-ossp\"\n/// For gin on scalars.\nextension btree_gin\ntable t {\n  a text\n  index t_a_idx (a   gin_trgm_ops) using gin\n  index t_b_idx (a text_pattern_ops desc nulls last)\n}\n";
        let expected = "extension pg_trgm\nextension \"uuid-ossp\"\n\n/// For gin on scalars.\nextension btree_gin\n\ntable t {\n  a text\n  index t_a_idx (a gin_trgm_ops) using gin\n  index t_b_idx (a text_pattern_ops desc nulls last)\n}\n";
        assert_eq!(fmt(src), expected);
        assert_eq!(fmt(expected), expected, "formatting is idempotent");
    }

    #[test]
    fn writes_deferrable_references() {
        let src = "table t {\n  id int primary_key\n  p int? references(t.id,deferrable:initially_deferred ,on_delete:cascade)\n}\n";
        let expected = "table t {\n  id int  primary_key\n  p  int? references(t.id, on_delete: cascade, deferrable: initially_deferred)\n}\n";
        assert_eq!(fmt(src), expected);
        assert_eq!(fmt(expected), expected, "formatting is idempotent");
    }

    #[test]
    fn writes_nulls_not_distinct_and_include() {
        let src = "table t {\n  a int?\n  b text\n  unique(a,b)   nulls_not_distinct\n  index (a) nulls_not_distinct unique include(b,  a) where (a > 0)\n}\n";
        let expected = "table t {\n  a int?\n  b text\n  unique (a, b) nulls_not_distinct\n  index (a) unique nulls_not_distinct include (b, a) where (a > 0)\n}\n";
        assert_eq!(fmt(src), expected);
        assert_eq!(fmt(expected), expected, "formatting is idempotent");
    }

    #[test]
    fn keeps_group_docs_between_items() {
        let src = "//! # Core\ntable a {\n  id uuid primary_key\n}\n// billing starts\n//! # Billing\n//!\n//! Paying.\n/// Plans.\ntable b {\n  id uuid primary_key\n}\n";
        let expected = "//! # Core\n\ntable a {\n  id uuid primary_key\n}\n\n// billing starts\n//! # Billing\n//!\n//! Paying.\n\n/// Plans.\ntable b {\n  id uuid primary_key\n}\n";
        assert_eq!(fmt(src), expected);
        assert_eq!(fmt(expected), expected, "formatting is idempotent");
    }

    /// Names longer than a format width may reach (16 bits) are aligned too, not a panic:
    /// `fmt` runs before the check that would refuse them.
    #[test]
    fn aligns_names_of_any_length() {
        let long = "a".repeat(70_000);
        let src = format!("table t {{\n  {long} text unique\n  id uuid primary_key\n}}\n");
        let out = fmt(&src);
        assert!(out.contains(&format!("  id{} uuid", " ".repeat(long.len() - 2))));
        assert_eq!(fmt(&out), out, "formatting is idempotent");
    }

    #[test]
    fn quotes_names_that_need_it() {
        let out = fmt(
            "table t {\n  \"index\" text\n  \"Mixed Case\" integer primary_key\n}\nenum e { 'in progress' done }\n",
        );
        assert!(out.contains("  \"index\"      text\n"), "{out}");
        assert!(out.contains("\"Mixed Case\" integer primary_key"), "{out}");
        assert!(out.contains("enum e { 'in progress' done }"), "{out}");
    }

    #[test]
    fn quotes_type_names_that_need_it_and_is_idempotent() {
        let src = "enum \" odd type\" { a }\nenum \"unique\" { b }\nenum e {\n\n  c\n}\n\
                   table t {\n  id integer primary_key\n  x \" odd type\"[]\n  y \"unique\"?\n  \
                   z double precision\n}\n";
        let once = fmt(src);
        assert!(once.contains("x  \" odd type\"[]"), "{once}");
        assert!(once.contains("y  \"unique\"?"), "{once}");
        assert!(once.contains("z  double precision"), "{once}");
        assert!(once.contains("enum e { c }"), "{once}");
        assert_eq!(fmt(&once), once);
    }
}
