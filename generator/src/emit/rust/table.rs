//! A table's types: its typed id, the row (what a `SELECT *` returns), the insert type
//! `New…` (Drizzle's `$inferInsert`), the patch type `…Patch`, and the trait impls through
//! which the runtime's helpers run on them. Behaviour lives in the runtime; what is written
//! here is definitions, docs and one line per impl.

use std::fmt::Write;

use schemaforge_schema::ir::{Column, ColumnType, DefaultValue, Identity, ScalarType, Tenancy};

use super::Ctx;
use super::docs::{code, doc, list, lit, packed, str_slice, struct_link};
use super::model::{ColumnModel, IdModel, InsertField, Model, TableModel};
use crate::emit::sql::quote_ident;

/// Which parts a front end writes: a derive has the row struct already.
#[derive(Debug, Clone, Copy)]
pub struct Parts {
    /// The row struct itself.
    pub row_struct: bool,
    /// The row's `FromRow` impl.
    pub from_row: bool,
}

impl Parts {
    pub const ALL: Parts = Parts {
        row_struct: true,
        from_row: true,
    };
}

/// What `tenancy` the helpers see: a table of a schema without a (usable) tenant root is
/// shared, whatever it says.
pub fn effective_tenancy<'t>(model: &Model, table: &'t TableModel) -> &'t Tenancy {
    match (&model.scope, &table.ir.tenancy) {
        (None, _) => &Tenancy::None,
        (Some(_), tenancy) => tenancy,
    }
}

/// Whether the helpers take the primary key as one typed value: a one-column key that is
/// not the tenant column (which a scope supplies).
pub fn keyed<'a>(table: &'a TableModel<'a>) -> Option<&'a ColumnModel<'a>> {
    let pk = table.ir.primary_key.as_ref()?;
    let [column] = pk.columns.as_slice() else {
        return None;
    };
    if table.ir.tenant_column() == Some(column.as_str()) {
        return None;
    }
    table.column(column)
}

pub fn emit(out: &mut String, ctx: &Ctx, model: &Model, t: &TableModel, parts: Parts) {
    if let Some(id) = &t.id {
        typed_id(out, ctx, t, id);
    }
    if parts.row_struct {
        row(out, ctx, t);
    }
    row_impls(out, ctx, t, parts);
    insert(out, ctx, t);
    patch(out, ctx, t);
    record(out, ctx, model, t);
}

fn typed_id(out: &mut String, ctx: &Ctx, t: &TableModel, id: &IdModel) {
    let note = format!(
        "The primary key of {}: {}. Foreign keys to it have this type too.",
        struct_link(&t.row),
        code(&format!("{}.{}", t.ir.name, id.column))
    );
    doc(out, "", [Some(note.as_str())]);
    if !ctx.id_is_struct(&t.ir.name, &id.ident) {
        let _ = writeln!(
            out,
            "pub type {} = {}::Id<{}, {}>;\n",
            id.ident, ctx.rt, t.row, id.inner.ty
        );
        return;
    }
    let copy = if id.inner.copy { "Copy, " } else { "" };
    let _ = writeln!(
        out,
        "#[derive(Debug, Clone, {copy}PartialEq, Eq, Hash, PartialOrd, Ord)]"
    );
    ctx.user_attributes(out, "", &t.ir.name, &id.ident);
    let _ = writeln!(out, "pub struct {}(pub {});", id.ident, id.inner.ty);
    let _ = writeln!(
        out,
        "{}::typed_id!({}, {});\n",
        ctx.private, id.ident, id.inner.ty
    );
}

fn row(out: &mut String, ctx: &Ctx, t: &TableModel) {
    let note = format!(
        "A row of the table {}: a field per column, of its name, `Option` where it is nullable.",
        code(&t.ir.name)
    );
    doc(out, "", [t.ir.doc.as_deref(), Some(&note)]);
    let debug = if t.has_sensitive() { "" } else { "Debug, " };
    let eq = if t.all_eq() { "Eq, " } else { "" };
    // serde's derive only where a field needs `with` (`time`'s timestamps); otherwise the
    // runtime's `row_serde!`, the same format in a fraction of the code to compile.
    let derived_serde = needs_serde_derive(t);
    if derived_serde {
        let _ = writeln!(
            out,
            "#[derive({debug}Clone, PartialEq, {eq}{p}::serde::Serialize, {p}::serde::Deserialize)]",
            p = ctx.private
        );
        let _ = writeln!(out, "#[serde(crate = \"{}::serde\")]", ctx.private);
    } else {
        let eq = if t.all_eq() { ", Eq" } else { "" };
        let _ = writeln!(out, "#[derive({debug}Clone, PartialEq{eq})]");
    }
    allow_undocumented(out, t.columns.iter().any(|c| c.ir.doc.is_none()));
    ctx.user_attributes(out, "", &t.ir.name, &t.row);
    let _ = writeln!(out, "pub struct {} {{", t.row);
    for c in &t.columns {
        field_doc(out, c, None);
        if derived_serde {
            field_serde(out, ctx, c);
        }
        let _ = writeln!(out, "    pub {}: {},", c.field, c.row_type());
    }
    let _ = writeln!(out, "}}");
}

/// Whether the row derives serde: a field needs `#[serde(with)]`.
fn needs_serde_derive(t: &TableModel) -> bool {
    t.columns.iter().any(|c| c.ty.offset_date_time)
}

/// `FromRow`, `Debug` with redactions, and `Table`.
fn row_impls(out: &mut String, ctx: &Ctx, t: &TableModel, parts: Parts) {
    let p = &ctx.private;
    let key: Vec<String> =
        t.ir.primary_key
            .iter()
            .flat_map(|pk| pk.columns.iter().map(|c| lit(c)))
            .collect();
    // Each field with how serde treats it (used only with `serde`).
    let fields: Vec<String> = t
        .columns
        .iter()
        .map(|c| {
            let kind = match (c.ir.nullable, c.ir.sensitive) {
                (false, false) => "req",
                (true, false) => "opt",
                (false, true) => "secret",
                (true, true) => "opt_secret",
            };
            format!("{kind} {} {}", c.field, lit(&c.ir.name))
        })
        .collect();
    let mode = if !parts.from_row {
        "table_only "
    } else if parts.row_struct && !needs_serde_derive(t) {
        "serde "
    } else {
        ""
    };
    let open = format!("{p}::row!({mode}{} {} {{ ", t.row, lit(&t.ir.name));
    // The typed key of a one-column key, for `Keyed`.
    let keyed_by = keyed(t).map_or_else(String::new, |c| format!(" => {}", c.ty.ty));
    let close = format!(" }} key [{}]{keyed_by});", key.join(", "));
    list(out, "", &open, &fields, &close);
    out.push('\n');
    if t.has_sensitive() {
        redacted_debug(out, ctx, &t.row, t.columns.iter());
    }
}

fn redacted_debug<'a>(
    out: &mut String,
    ctx: &Ctx,
    name: &str,
    columns: impl Iterator<Item = &'a ColumnModel<'a>>,
) {
    let fields: Vec<String> = columns
        .map(|c| {
            let kind = if c.ir.sensitive { "redacted" } else { "shown" };
            if c.field == c.bare_field() {
                format!("{kind} {}", c.field)
            } else {
                format!("{kind} {} = {}", c.field, lit(c.bare_field()))
            }
        })
        .collect();
    list(
        out,
        "",
        &format!("{}::redacted_debug!({name} {{ ", ctx.private),
        &fields,
        " });",
    );
    out.push('\n');
}

/// A field's rustdoc: the column's doc from the schema and a note about this type, or
/// nothing when there is neither (the field's name is the column's).
fn field_doc(out: &mut String, column: &ColumnModel, note: Option<&str>) {
    match (column.ir.doc.as_deref(), note) {
        // A one-line doc and its note read as one sentence pair.
        (Some(text), Some(note)) if !text.contains('\n') => {
            doc(
                out,
                "    ",
                [Some(format!("{} {note}", text.trim_end()).as_str())],
            );
        }
        (text, note) => doc(out, "    ", [text, note]),
    }
}

/// `#[allow(missing_docs)]` for a type with fields that have no doc of their own: their names
/// are the columns', and the type's doc says so.
fn allow_undocumented(out: &mut String, undocumented: bool) {
    if undocumented {
        let _ = writeln!(out, "#[allow(missing_docs)]");
    }
}

fn field_serde(out: &mut String, ctx: &Ctx, column: &ColumnModel) {
    let mut parts = Vec::new();
    if column.bare_field() != column.ir.name {
        parts.push(format!("rename = {}", lit(&column.ir.name)));
    }
    if column.ir.sensitive {
        parts.push("skip_serializing".to_string());
    }
    if column.ty.offset_date_time {
        // RFC 3339, as chrono writes; `time`'s own format is not. `time` has no module for
        // arrays, so the runtime has one.
        let array = matches!(column.ir.ty, ColumnType::Array(_));
        let module = match (array, column.ir.nullable) {
            (false, false) => "time::serde::rfc3339",
            (false, true) => "time::serde::rfc3339::option",
            (true, false) => "rfc3339_vec",
            (true, true) => "rfc3339_vec::option",
        };
        if column.ir.nullable {
            // With `with`, serde no longer reads a missing field as `None` by itself.
            parts.push("default".to_string());
        }
        parts.push(format!("with = \"{}::{module}\"", ctx.private));
    }
    if !parts.is_empty() {
        let _ = writeln!(out, "    #[serde({})]", parts.join(", "));
    }
}

fn insert(out: &mut String, ctx: &Ctx, t: &TableModel) {
    let name = &t.insert;
    let columns: Vec<&ColumnModel> = t
        .columns
        .iter()
        .filter(|c| c.insert != InsertField::Absent)
        .collect();
    let required: Vec<&ColumnModel> = columns
        .iter()
        .copied()
        .filter(|c| c.insert == InsertField::Required)
        .collect();
    let summary = format!(
        "A new row of the table {} to insert, the insert form of {}: [`{name}::new`] takes \
         the columns Postgres cannot fill in, and a field left `None` is left to the database.",
        code(&t.ir.name),
        struct_link(&t.row)
    );
    let mut absent: Vec<String> = Vec::new();
    if let Some(c) = t.ir.tenant_column() {
        absent.push(format!(
            "{}, the tenant column, which the scope supplies",
            code(c)
        ));
    }
    for c in t.columns.iter().filter(|c| c.ir.is_generated_always()) {
        absent.push(format!("{}, which Postgres generates", code(&c.ir.name)));
    }
    let absent = (!absent.is_empty()).then(|| format!("Not here: {}.", absent.join("; ")));
    doc(out, "", [Some(summary.as_str()), absent.as_deref()]);
    let sensitive = columns.iter().any(|c| c.ir.sensitive);
    let derives = derives(!sensitive, required.is_empty());
    let _ = writeln!(out, "#[derive({derives})]");
    allow_undocumented(
        out,
        columns
            .iter()
            .any(|c| c.ir.doc.is_none() && c.insert == InsertField::Required),
    );
    ctx.user_attributes(out, "", &t.ir.name, name);
    let _ = writeln!(out, "pub struct {name} {{");
    for c in &columns {
        let note = optional_note(c.ir, c.insert);
        field_doc(out, c, note.as_deref());
        let _ = writeln!(out, "    pub {}: {},", c.field, insert_type(c));
    }
    let _ = writeln!(out, "}}");
    if sensitive {
        redacted_debug(out, ctx, name, columns.iter().copied());
    }

    let params: Vec<String> = required
        .iter()
        .map(|c| format!("{}: {}", c.field, c.row_type()))
        .collect();
    let setters: Vec<String> = columns
        .iter()
        .filter(|c| c.insert != InsertField::Required)
        .map(|c| format!("{} {}: {}", c.setter(), c.field, c.row_type()))
        .collect();
    let mut items = vec![format!("new({});", params.join(", "))];
    items.extend(setters);
    let open = format!("{}::setters!(insert {name} {{ ", ctx.private);
    list_after(out, &open, &items, " });");
    out.push('\n');
}

/// The derives of an insert or patch type. Not `Eq`: comparing them is for tests, which
/// `PartialEq` serves, and every derive is code each build compiles.
fn derives(debug: bool, default: bool) -> String {
    let mut names = Vec::new();
    if debug {
        names.push("Debug");
    }
    names.extend(["Clone", "PartialEq"]);
    if default {
        names.push("Default");
    }
    names.join(", ")
}

fn setters_call(out: &mut String, ctx: &Ctx, kind: &str, name: &str, setters: &[String]) {
    let open = format!("{}::setters!({kind} {name} {{ ", ctx.private);
    list(out, "", &open, setters, " });");
    out.push('\n');
}

/// A macro call whose first item (`new(…);`) stands on a line of its own, the others listed
/// after it.
fn list_after(out: &mut String, open: &str, items: &[String], close: &str) {
    let Some((first, rest)) = items.split_first() else {
        return;
    };
    if rest.is_empty() {
        let _ = writeln!(out, "{open}{first}{close}");
        return;
    }
    let _ = writeln!(out, "{}", open.trim_end());
    let _ = writeln!(out, "    {first}");
    let mut body = String::new();
    list(&mut body, "", "", rest, "");
    for line in body.lines().filter(|l| !l.trim().is_empty()) {
        let line = line.trim_start();
        let _ = writeln!(out, "    {line}");
    }
    let _ = writeln!(out, "{}", close.trim_start());
}

/// The field's type: `T` when required, `Option<T>` when optional, and `Option<Option<T>>`
/// for a nullable column with a default (`None` = the default, `Some(None)` = NULL).
fn insert_type(c: &ColumnModel) -> String {
    let row = c.row_type();
    match c.insert {
        InsertField::Optional if c.ir.nullable => row,
        InsertField::Optional | InsertField::OptionalNullable => {
            format!("::core::option::Option<{row}>")
        }
        InsertField::Required | InsertField::Absent => row,
    }
}

/// What `None` means for an optional field.
fn optional_note(column: &Column, field: InsertField) -> Option<String> {
    let default = match (&column.default, column.identity) {
        (Some(DefaultValue::Sql(expr)), _) => format!("the default, {}", code(expr.as_str())),
        (Some(DefaultValue::EnumValue(value)), _) => format!("the default, {}", code(value)),
        (Some(DefaultValue::Serial), _) => "the next value of its sequence (serial)".to_string(),
        (None, Some(Identity::ByDefault)) => "the next identity value".to_string(),
        (None, _) => "NULL".to_string(),
    };
    match field {
        InsertField::Required | InsertField::Absent => None,
        InsertField::Optional => Some(format!("`None`: {default}.")),
        InsertField::OptionalNullable => Some(format!("`None`: {default}; `Some(None)`: NULL.")),
    }
}

/// Nothing for a table without patchable columns (every column is in the key, the tenant
/// column or generated).
fn patch(out: &mut String, ctx: &Ctx, t: &TableModel) {
    let columns: Vec<&ColumnModel> = t.columns.iter().filter(|c| c.patchable).collect();
    if columns.is_empty() {
        return;
    }
    let name = &t.patch;
    let null = if columns.iter().any(|c| c.ir.nullable) {
        ", `Some(None)` sets a nullable one to NULL"
    } else {
        ""
    };
    let summary = format!(
        "Changes to a row of the table {} ({}): a field left `None` keeps its column{null}; \
         `Default` is the empty patch.",
        code(&t.ir.name),
        struct_link(&t.row)
    );
    let fixed: Vec<String> = t
        .columns
        .iter()
        .filter(|c| !c.patchable)
        .map(|c| code(&c.ir.name))
        .collect();
    let fixed_note = (!fixed.is_empty()).then(|| format!("Not patchable: {}.", fixed.join(", ")));
    doc(out, "", [Some(summary.as_str()), fixed_note.as_deref()]);
    let sensitive = columns.iter().any(|c| c.ir.sensitive);
    let derives = derives(!sensitive, true);
    let _ = writeln!(out, "#[derive({derives})]");
    allow_undocumented(
        out,
        columns
            .iter()
            .any(|c| c.ir.doc.is_none() && c.ir.on_update.is_none()),
    );
    ctx.user_attributes(out, "", &t.ir.name, name);
    let _ = writeln!(out, "pub struct {name} {{");
    for c in &columns {
        let note =
            c.ir.on_update
                .as_ref()
                .map(|expr| format!("`None`: the update helpers write {}.", code(expr.as_str())));
        field_doc(out, c, note.as_deref());
        let _ = writeln!(
            out,
            "    pub {}: ::core::option::Option<{}>,",
            c.field,
            c.row_type()
        );
    }
    let _ = writeln!(out, "}}");
    if sensitive {
        redacted_debug(out, ctx, name, columns.iter().copied());
    }
    let setters: Vec<String> = columns
        .iter()
        .map(|c| format!("{} {}: {}", c.setter(), c.field, c.row_type()))
        .collect();
    setters_call(out, ctx, "patch", name, &setters);
}

/// `schemaforge::Record`: the names, tenancy and binders the runtime's helpers run on (`Keyed`
/// is in the `row!` line).
fn record(out: &mut String, ctx: &Ctx, model: &Model, t: &TableModel) {
    let rt = &ctx.rt;
    let has_patch = t.columns.iter().any(|c| c.patchable);
    let patch = if has_patch {
        t.patch.clone()
    } else {
        format!("{rt}::NoPatch")
    };
    let tenancy = effective_tenancy(model, t);
    let scope = match (&model.scope, tenancy) {
        (Some(_), Tenancy::None) | (None, _) => format!("{rt}::Shared"),
        (Some(scope), _) => scope.ident.clone(),
    };
    let quoted = |name: &str| quote_ident(name).into_owned();
    let raw: Vec<&str> = t.columns.iter().map(|c| c.ir.name.as_str()).collect();
    let columns: Vec<String> = raw.iter().map(|c| quoted(c)).collect();
    let key: Vec<String> =
        t.ir.primary_key
            .iter()
            .flat_map(|pk| pk.columns.iter().map(|c| quoted(c)))
            .collect();
    let insert: Vec<&ColumnModel> = t
        .columns
        .iter()
        .filter(|c| !c.ir.is_generated_always())
        .collect();
    // The names as `Table` has them, where no quoting changes them.
    let columns_sql = if columns.iter().zip(&raw).all(|(q, r)| q == r) {
        format!("<Self as {rt}::Table>::COLUMNS")
    } else {
        str_slice(columns.iter().map(String::as_str))
    };
    let key_sql = if key.iter().all(|k| quote_ident(k) == k.as_str()) {
        format!("<Self as {rt}::Table>::PRIMARY_KEY")
    } else {
        str_slice(key.iter().map(String::as_str))
    };
    let mut names = format!(
        "{rt}::SqlNames::new({}, {columns_sql}, {key_sql})",
        lit(&quoted(&t.ir.name))
    );
    if t.ir.primary_key.is_none() {
        let order: Vec<String> = t
            .columns
            .iter()
            .filter(|c| sortable(&c.ir.ty))
            .map(|c| quoted(&c.ir.name))
            .collect();
        let order = str_slice(order.iter().map(String::as_str));
        let _ = write!(names, ".ordered_by({order})");
    }
    let generated: Vec<String> = t
        .columns
        .iter()
        .filter(|c| c.ir.is_generated_always())
        .map(|c| quoted(&c.ir.name))
        .collect();
    if !generated.is_empty() {
        let generated = str_slice(generated.iter().map(String::as_str));
        let _ = write!(names, ".generated({generated})");
    }

    let _ = writeln!(out, "impl {rt}::Record for {} {{", t.row);
    let _ = writeln!(out, "    type Insert = {};", t.insert);
    let _ = writeln!(out, "    type Patch = {patch};");
    let _ = writeln!(out, "    type Scope = {scope};");
    let _ = writeln!(out, "    const SQL: {rt}::SqlNames = {names};");
    let tenancy = tenancy_const(ctx, tenancy);
    let _ = writeln!(out, "    const TENANCY: {rt}::Tenancy = {tenancy};");

    let (new, values) = if insert.is_empty() {
        ("_", "_")
    } else {
        ("new", "v")
    };
    let _ = writeln!(
        out,
        "    fn values({new}: &{}, {values}: &mut {rt}::Values<'_>) {{",
        t.insert
    );
    let values: Vec<String> = insert
        .iter()
        .map(|c| {
            let field = &c.field;
            match c.insert {
                // The tenant column: the scope's tenant.
                InsertField::Absent => "v.tenant();".to_string(),
                InsertField::Required => format!("v.value(&new.{field});"),
                InsertField::Optional | InsertField::OptionalNullable => {
                    format!("v.or_default(new.{field}.as_ref());")
                }
            }
        })
        .collect();
    packed(out, "        ", &values);
    let _ = writeln!(out, "    }}");
    let statement = format!("{}::Statement", ctx.private);
    if has_patch {
        let _ = writeln!(out, "    fn changes(p: &{patch}, s: &mut {statement}) {{");
        let changes: Vec<String> = t
            .columns
            .iter()
            .filter(|c| c.patchable)
            .map(|c| {
                let assign = format!("{} = ", quoted(&c.ir.name));
                let field = &c.field;
                match &c.ir.on_update {
                    Some(expr) => format!(
                        "s.set_or({}, p.{field}.as_ref(), {});",
                        lit(&assign),
                        lit(&format!("{assign}{}", expr.as_str()))
                    ),
                    None => format!("s.set({}, p.{field}.as_ref());", lit(&assign)),
                }
            })
            .collect();
        packed(out, "        ", &changes);
        let _ = writeln!(out, "    }}");
        let _ = writeln!(
            out,
            "    fn unchanged(p: &{patch}) -> bool {{ p.is_empty() }}"
        );
    } else {
        let _ = writeln!(
            out,
            "    fn changes(patch: &{patch}, _: &mut {statement}) {{\n        match *patch {{}}\n    }}"
        );
        let _ = writeln!(
            out,
            "    fn unchanged(patch: &{patch}) -> bool {{\n        match *patch {{}}\n    }}"
        );
    }
    let _ = writeln!(out, "}}\n");
}

/// The `Tenancy` constant. A checked schema has no `tenant via` table left (each stores its
/// tenant column, and is scoped by it); an unchecked one is refused where it would compile.
fn tenancy_const(ctx: &Ctx, tenancy: &Tenancy) -> String {
    let rt = &ctx.rt;
    match tenancy {
        Tenancy::None => format!("{rt}::Tenancy::Shared"),
        Tenancy::Root => format!("{rt}::Tenancy::Root"),
        Tenancy::Column { column } => {
            format!("{rt}::Tenancy::Column({})", lit(&quote_ident(column)))
        }
        Tenancy::Via { .. } => "::core::compile_error!(\"schemaforge: a `tenant via` table of an unchecked schema (check it first: it stores the tenant column)\")".to_string(),
    }
}

/// Whether Postgres can order by a column of this type (`json` has no ordering).
fn sortable(ty: &ColumnType) -> bool {
    !matches!(ty.element(), ColumnType::Scalar(ScalarType::Json))
}
