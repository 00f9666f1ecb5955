//! The Rust view of a schema: every generated name and type, decided once.
//!
//! Emitters of Rust (types here, query helpers elsewhere) read names from a [`Model`] instead
//! of deriving them again, so a row type, its id and its fields are spelled the same everywhere.

use std::collections::{BTreeMap, HashMap};

use schemaforge_schema::Diagnostic;
use schemaforge_schema::catalog;
use schemaforge_schema::ir::{Column, ColumnType, Enum, Schema, Table, Tenancy};
use schemaforge_schema::span::Span;

use super::names::{camel, ident, singular, snake};
use super::types::{self, RustType};
use super::{Ctx, RustOptions};

/// The Rust names of a schema's items, borrowing the IR they come from. Build it with
/// [`Model::new`] and the same options the emitter gets.
pub struct Model<'s> {
    /// One per Postgres enum, in the schema's order.
    pub enums: Vec<EnumModel<'s>>,
    /// One per table, in the schema's order.
    pub tables: Vec<TableModel<'s>>,
    /// The tenant scope, when the schema has a tenant root.
    pub scope: Option<ScopeModel>,
    /// Schemas that cannot be written as Rust (e.g. two tables named alike), reported as
    /// `compile_error!` in the output and as errors by the build script.
    pub problems: Vec<Diagnostic>,
}

/// The Rust enum of a Postgres enum.
pub struct EnumModel<'s> {
    /// The enum in the IR.
    pub ir: &'s Enum,
    /// The Rust enum's name, e.g. `OrgRole` for `org_role` (or the name the options give).
    pub ident: String,
    /// One per value, in order.
    pub variants: Vec<String>,
}

/// The Rust types and helper names of one table.
pub struct TableModel<'s> {
    /// The table in the IR.
    pub ir: &'s Table,
    /// The row type, e.g. `Organization`.
    pub row: String,
    /// The insert type, e.g. `NewOrganization`.
    pub insert: String,
    /// The patch type, e.g. `OrganizationPatch`.
    pub patch: String,
    /// The table's own id newtype, e.g. `OrganizationId`. `None` when the primary key is not a
    /// single column of an id type, or when it is a foreign key to another table's id (its
    /// column then has that table's id type).
    pub id: Option<IdModel>,
    /// One per column, in the table's column order.
    pub columns: Vec<ColumnModel<'s>>,
    /// The query helpers of a scoped table (or the tenant root) within a scope, e.g.
    /// `TaskQueries`.
    pub queries: String,
    /// Its helpers across every tenant, behind the escape hatch, e.g. `UnscopedTaskQueries`.
    pub unscoped_queries: String,
    /// The method of the scope and of the escape hatch that reaches them, e.g. `tasks`.
    pub accessor: String,
}

/// The scope type generated for the tenant root, and the escape hatch beside it.
pub struct ScopeModel {
    /// E.g. `OrganizationScope`.
    pub ident: String,
    /// The tenant root table.
    pub root: String,
    /// The scope's method that reaches the root's own row, e.g. `organization`.
    pub root_accessor: String,
    /// The tenant id's Rust type: the root's id type, e.g. `OrganizationId`.
    pub id: RustType,
    /// The escape hatch, `Unscoped`.
    pub unscoped: String,
}

/// Methods of a scope that no table accessor may take.
const SCOPE_METHODS: &[&str] = &[
    "new",
    "begin",
    "tenant_id",
    "clone",
    "i_am_bypassing_tenant_isolation",
];

/// A table's typed id: a newtype over the Rust type of its one-column primary key.
pub struct IdModel {
    /// The newtype's name, e.g. `OrganizationId`.
    pub ident: String,
    /// The primary key column.
    pub column: String,
    /// The type it wraps, e.g. `::uuid::Uuid` for a `uuid` key.
    pub inner: RustType,
}

/// The Rust field of one column, in the row, insert and patch types.
pub struct ColumnModel<'s> {
    /// The column in the IR.
    pub ir: &'s Column,
    /// The field's name: the column's name in snake case, raw (`r#type`) when it is a Rust
    /// keyword, with a trailing `_` for the keywords that cannot be raw (`self_`) and a
    /// leading one for a name that starts with a digit.
    pub field: String,
    /// The Rust type, without the `Option` of a nullable column.
    pub ty: RustType,
    /// How the insert type takes the column.
    pub insert: InsertField,
    /// Whether the patch type has this column.
    pub patchable: bool,
}

/// How a column appears in the insert type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InsertField {
    /// `T`, an argument of `new`: NOT NULL with no default, identity or generation.
    Required,
    /// `Option<T>`: `None` leaves the column out of the insert, so Postgres writes the
    /// default (or NULL for a nullable column without a default: the same thing).
    Optional,
    /// `Option<Option<T>>` for a nullable column with a default: `None` = the default,
    /// `Some(None)` = NULL.
    OptionalNullable,
    /// Not in the insert type: generated always, or the tenant column the scope supplies.
    Absent,
}

impl ColumnModel<'_> {
    /// The column's type in the row: `Option<T>` when nullable.
    pub fn row_type(&self) -> String {
        self.ty.nullable(self.ir.nullable)
    }

    /// The field's name without `r#`, as in `with_<name>` and in `Debug` output.
    pub fn bare_field(&self) -> &str {
        self.field.trim_start_matches("r#")
    }

    /// The builder method that sets the field: `with_<name>`, one `_` between even when the
    /// field starts with one (`_1st` → `with_1st`), so that it is snake case.
    pub fn setter(&self) -> String {
        format!("with_{}", self.bare_field().trim_start_matches('_'))
    }
}

impl TableModel<'_> {
    /// The column named `name` (its Postgres name), if the table has one.
    pub fn column(&self, name: &str) -> Option<&ColumnModel<'_>> {
        self.columns.iter().find(|c| c.ir.name == name)
    }

    /// Whether a column is `sensitive`, so that the types need a redacting `Debug`.
    pub fn has_sensitive(&self) -> bool {
        self.columns.iter().any(|c| c.ir.sensitive)
    }

    /// Whether every column's type is `Eq`, so that the row can derive it.
    pub fn all_eq(&self) -> bool {
        self.columns.iter().all(|c| c.ty.eq)
    }
}

impl<'s> Model<'s> {
    /// The names and types of everything `schema` generates with `options`.
    pub fn new(schema: &'s Schema, options: &RustOptions) -> Model<'s> {
        Model::with_ctx(&Ctx::new(options), schema)
    }

    pub(crate) fn with_ctx(ctx: &Ctx, schema: &'s Schema) -> Model<'s> {
        let options = ctx.options;
        let mut problems = Vec::new();
        let renamed =
            |name: &str, default: String| options.type_names.get(name).cloned().unwrap_or(default);

        let enums: Vec<EnumModel> = schema
            .enums
            .iter()
            .map(|e| {
                let variant_names: Vec<String> = e.values.iter().map(|v| camel(&v.name)).collect();
                let variant_idents: Vec<String> = variant_names.iter().map(|v| ident(v)).collect();
                report_duplicates(
                    &mut problems,
                    e.values
                        .iter()
                        .map(|v| (v.name.as_str(), v.span))
                        .zip(&variant_idents),
                    |a, b, name| {
                        format!(
                            "enum `{}`: values `{a}` and `{b}` are both the Rust variant `{name}`",
                            e.name
                        )
                    },
                );
                EnumModel {
                    ir: e,
                    ident: ident(&renamed(&e.name, camel(&e.name))),
                    variants: variant_idents,
                }
            })
            .collect();

        let row_names: Vec<String> = schema
            .tables
            .iter()
            .map(|t| renamed(&t.name, camel(&singular(&t.name))))
            .collect();
        let ids = resolve_ids(schema);
        // The id newtype of each table that owns one, as a column type.
        let mut id_types: BTreeMap<&str, (String, RustType)> = BTreeMap::new();
        for (table, row_name) in schema.tables.iter().zip(&row_names) {
            if ids.get(&table.name) == Some(&table.name) {
                let pk = table
                    .column(single_pk(table).expect("an id owner has a one-column key"))
                    .expect("key columns exist");
                let inner = column_type(ctx, schema, pk, &pk.ty);
                let name = format!("{row_name}Id");
                let ty = RustType {
                    ty: ident(&name),
                    copy: inner.copy,
                    eq: true,
                    offset_date_time: false,
                };
                id_types.insert(&table.name, (name, ty));
            }
        }

        let mut tables = Vec::new();
        for (table, row_name) in schema.tables.iter().zip(&row_names) {
            let mut columns = Vec::new();
            for column in &table.columns {
                let ty = match id_column_owner(schema, table, column, &ids) {
                    Some(t) => id_types[ids[t].as_str()].1.clone(),
                    None => column_type(ctx, schema, column, &column.ty),
                };
                columns.push(ColumnModel {
                    ir: column,
                    field: ident(&snake(&column.name)),
                    ty,
                    insert: insert_field(table, column),
                    patchable: patchable(table, column),
                });
            }
            let fields: Vec<String> = columns.iter().map(|c| c.field.clone()).collect();
            let before = problems.len();
            report_duplicates(
                &mut problems,
                table
                    .columns
                    .iter()
                    .map(|c| (c.name.as_str(), c.span))
                    .zip(&fields),
                |a, b, name| {
                    format!(
                        "table `{}`: columns `{a}` and `{b}` are both the Rust field `{name}`",
                        table.name
                    )
                },
            );
            let setters: Vec<String> = columns.iter().map(ColumnModel::setter).collect();
            // Distinct fields may still share a setter (`a` and `_a`).
            if problems.len() == before {
                report_duplicates(
                    &mut problems,
                    table
                        .columns
                        .iter()
                        .map(|c| (c.name.as_str(), c.span))
                        .zip(&setters),
                    |a, b, name| {
                        format!(
                            "table `{}`: columns `{a}` and `{b}` are both set by the Rust method `{name}`",
                            table.name
                        )
                    },
                );
            }
            let id = id_types.get(table.name.as_str()).map(|(name, _)| {
                let pk = single_pk(table).expect("an id owner has a one-column key");
                let column = table.column(pk).expect("key columns exist");
                IdModel {
                    ident: ident(name),
                    column: pk.to_string(),
                    inner: column_type(ctx, schema, column, &column.ty),
                }
            });
            let accessor = snake(&table.name);
            let accessor = if SCOPE_METHODS.contains(&accessor.as_str()) {
                format!("{accessor}_table")
            } else {
                accessor
            };
            tables.push(TableModel {
                ir: table,
                row: ident(row_name),
                insert: ident(&format!("New{row_name}")),
                patch: ident(&format!("{row_name}Patch")),
                id,
                columns,
                queries: ident(&format!("{row_name}Queries")),
                unscoped_queries: ident(&format!("Unscoped{row_name}Queries")),
                accessor: ident(&accessor),
            });
        }
        let scope = scope_model(options, &tables);
        // The scope and `Unscoped` have a method per table (and the scope one for its root
        // row): two that end as one name, or one that is a method of its own, would not
        // compile.
        if let Some(scope) = &scope {
            let mut accessors: Vec<((&str, Span), &String)> = Vec::new();
            let root_span = tables
                .iter()
                .find(|t| t.ir.name == scope.root)
                .map_or_else(Span::default, |t| t.ir.span);
            let own = format!("{} (its own row)", scope.root);
            if SCOPE_METHODS.contains(&scope.root_accessor.as_str()) {
                problems.push(catalog::rust_name_collision(
                    format!(
                        "the tenant root `{}` gives its scope the method `{}`, which every scope has already",
                        scope.root, scope.root_accessor
                    ),
                    root_span,
                    root_span,
                ));
            }
            accessors.push(((own.as_str(), root_span), &scope.root_accessor));
            let scoped: Vec<&TableModel> =
                tables.iter().filter(|t| t.ir.tenancy.is_scoped()).collect();
            for t in &scoped {
                accessors.push(((t.ir.name.as_str(), t.ir.span), &t.accessor));
            }
            report_duplicates(&mut problems, accessors.into_iter(), |a, b, name| {
                format!("tables `{a}` and `{b}` both give the scope the Rust method `{name}`")
            });
            // `Unscoped` has the root's table helpers beside the scoped tables'.
            if let Some(root) = tables.iter().find(|t| t.ir.name == scope.root)
                && let Some(other) = scoped.iter().find(|t| t.accessor == root.accessor)
            {
                problems.push(catalog::rust_name_collision(
                    format!(
                        "tables `{}` and `{}` both give `Unscoped` the Rust method `{}`",
                        root.ir.name, other.ir.name, root.accessor
                    ),
                    other.ir.span,
                    root.ir.span,
                ));
            }
        }

        // Every generated type name, with the schema item it comes from.
        let mut type_names: Vec<(String, String, Span)> = Vec::new();
        for e in &enums {
            type_names.push((e.ident.clone(), format!("enum `{}`", e.ir.name), e.ir.span));
        }
        for t in &tables {
            let from = format!("table `{}`", t.ir.name);
            for name in [&t.row, &t.insert, &t.patch]
                .into_iter()
                .chain(t.id.as_ref().map(|id| &id.ident))
            {
                type_names.push((name.clone(), from.clone(), t.ir.span));
            }
            if scope.is_some() && (t.ir.tenancy.is_scoped() || t.ir.tenancy == Tenancy::Root) {
                for name in [&t.queries, &t.unscoped_queries] {
                    type_names.push((name.clone(), from.clone(), t.ir.span));
                }
            }
        }
        if let Some(scope) = &scope {
            let from = format!("the tenant root `{}`", scope.root);
            let span = tables
                .iter()
                .find(|t| t.ir.name == scope.root)
                .map_or_else(Span::default, |t| t.ir.span);
            type_names.push((scope.ident.clone(), from.clone(), span));
            type_names.push((scope.unscoped.clone(), from, span));
        }
        // Two items that meet are one problem, however many of their names clash.
        let mut seen: HashMap<&str, (&str, Span)> = HashMap::new();
        let mut clashes: Vec<(Item, Item, Vec<&str>)> = Vec::new();
        for (name, from, span) in &type_names {
            if let Some(first) = seen.insert(name, (from, *span)) {
                let second = (from.as_str(), *span);
                match clashes.iter_mut().find(|c| c.0 == first && c.1 == second) {
                    Some(clash) => clash.2.push(name),
                    None => clashes.push((first, second, vec![name])),
                }
            }
        }
        for ((first, first_span), (second, span), names) in clashes {
            problems.push(catalog::rust_type_collision(
                first, second, &names, span, first_span,
            ));
        }

        Model {
            enums,
            tables,
            scope,
            problems,
        }
    }

    /// The table named `name` (its Postgres name), if the schema has one.
    pub fn table(&self, name: &str) -> Option<&TableModel<'s>> {
        self.tables.iter().find(|t| t.ir.name == name)
    }
}

/// The scope of the tenant root, when it has a one-column primary key.
fn scope_model(options: &RustOptions, tables: &[TableModel]) -> Option<ScopeModel> {
    let root = tables.iter().find(|t| t.ir.tenancy == Tenancy::Root)?;
    let [key] = root.ir.primary_key.as_ref()?.columns.as_slice() else {
        return None;
    };
    let id = root.column(key)?.ty.clone();
    // A name that is no identifier is reported by `RustOptions::check`.
    let name = options
        .scope_name
        .clone()
        .filter(|name| syn::parse_str::<syn::Ident>(name).is_ok())
        .unwrap_or_else(|| format!("{}Scope", root.row));
    Some(ScopeModel {
        ident: ident(&name),
        root: root.ir.name.clone(),
        root_accessor: ident(&snake(&singular(&root.ir.name))),
        id,
        unscoped: ident("Unscoped"),
    })
}

/// A schema item as a problem names it: what it is, and where.
type Item<'a> = (&'a str, Span);

/// A located problem for each schema name whose Rust name an earlier one already has.
fn report_duplicates<'a>(
    problems: &mut Vec<Diagnostic>,
    names: impl Iterator<Item = ((&'a str, Span), &'a String)>,
    message: impl Fn(&str, &str, &str) -> String,
) {
    let mut seen: HashMap<&String, (&str, Span)> = HashMap::new();
    for ((schema_name, span), rust_name) in names {
        if let Some((first, first_span)) = seen.insert(rust_name, (schema_name, span)) {
            problems.push(catalog::rust_name_collision(
                message(first, schema_name, rust_name),
                span,
                first_span,
            ));
        }
    }
}

/// The Rust type of a column type, ignoring typed ids.
fn column_type(ctx: &Ctx, schema: &Schema, column: &Column, ty: &ColumnType) -> RustType {
    match ty {
        ColumnType::Scalar(scalar) => types::scalar(ctx, *scalar, column.rust_type.as_deref()),
        ColumnType::Enum(name) => match schema.enum_named(name) {
            Some(e) => {
                let name = ident(
                    &ctx.options
                        .type_names
                        .get(&e.name)
                        .cloned()
                        .unwrap_or_else(|| camel(&e.name)),
                );
                RustType {
                    ty: name,
                    copy: true,
                    eq: true,
                    offset_date_time: false,
                }
            }
            None => RustType::error(&format!("schemaforge: unknown enum `{name}`")),
        },
        ColumnType::Array(element) => {
            types::array(element, column_type(ctx, schema, column, element))
        }
    }
}

/// For each table whose primary key is one id-typed column, the table whose id newtype that
/// column has: the table itself, or (when the key is also a foreign key to another table's
/// id, as in a one-to-one extension table) that table's owner.
fn resolve_ids(schema: &Schema) -> BTreeMap<String, String> {
    let mut owners = BTreeMap::new();
    for table in &schema.tables {
        let mut visiting = vec![table.name.as_str()];
        if let Some(owner) = id_owner(schema, table, &mut visiting) {
            owners.insert(table.name.clone(), owner.to_string());
        }
    }
    owners
}

fn id_owner<'s>(
    schema: &'s Schema,
    table: &'s Table,
    visiting: &mut Vec<&'s str>,
) -> Option<&'s str> {
    let pk = single_pk(table)?;
    if !types::id_capable(&table.column(pk)?.ty) {
        return None;
    }
    if let Some(target) = id_fk_target(schema, table, pk)
        && !visiting.contains(&target.name.as_str())
    {
        visiting.push(&target.name);
        if let Some(owner) = id_owner(schema, target, visiting) {
            return Some(owner);
        }
    }
    Some(&table.name)
}

fn single_pk(table: &Table) -> Option<&str> {
    match table.primary_key.as_ref().map(|pk| pk.columns.as_slice()) {
        Some([column]) => Some(column),
        _ => None,
    }
}

/// The table that `column` references through a single-column foreign key to its primary key.
fn id_fk_target<'s>(schema: &'s Schema, table: &Table, column: &str) -> Option<&'s Table> {
    let fk = table.single_column_fk(column)?;
    let target = schema.table(&fk.references_table)?;
    let key = fk.written_references().first()?;
    let shares = types::shares_id(&table.column(column)?.ty, &target.column(key)?.ty);
    (single_pk(target) == Some(key.as_str()) && shares).then_some(target)
}

/// The table whose id type `column` has: its own table's for its primary key, the target's
/// for a foreign key to a primary key.
fn id_column_owner<'s>(
    schema: &'s Schema,
    table: &'s Table,
    column: &Column,
    ids: &BTreeMap<String, String>,
) -> Option<&'s str> {
    if single_pk(table) == Some(column.name.as_str()) && ids.contains_key(&table.name) {
        return Some(&table.name);
    }
    let target = id_fk_target(schema, table, &column.name)?;
    ids.contains_key(&target.name).then_some(&target.name)
}

fn insert_field(table: &Table, column: &Column) -> InsertField {
    if column.is_generated_always() || table.tenant_column() == Some(column.name.as_str()) {
        InsertField::Absent
    } else if column.nullable && column.default.is_some() {
        InsertField::OptionalNullable
    } else if column.has_database_value() {
        InsertField::Optional
    } else {
        InsertField::Required
    }
}

/// Primary key columns, the tenant column, the column a `tenant via` table is scoped through
/// (changing it could move the row to another tenant) and generated columns are not patchable.
fn patchable(table: &Table, column: &Column) -> bool {
    let in_pk = table
        .primary_key
        .as_ref()
        .is_some_and(|pk| pk.columns.contains(&column.name));
    let scoping = match &table.tenancy {
        Tenancy::Column { column: c } | Tenancy::Via { column: c, .. } => *c == column.name,
        Tenancy::None | Tenancy::Root => false,
    };
    !(in_pk || scoping || column.is_generated_always())
}
