//! Tests of the whole script, over IR values built by hand with the helpers here.

use schemaforge_schema::Span;
use schemaforge_schema::ir::*;

use super::{SqlOptions, emit};

fn col(name: &str, ty: ColumnType) -> Column {
    Column {
        name: name.into(),
        doc: None,
        ty,
        nullable: false,
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

fn scalar(name: &str, ty: ScalarType) -> Column {
    col(name, ColumnType::Scalar(ty))
}

fn nullable(mut c: Column) -> Column {
    c.nullable = true;
    c
}

fn with_default(mut c: Column, sql: &str) -> Column {
    c.default = Some(DefaultValue::Sql(SqlExpr(sql.into())));
    c
}

fn doc(mut c: Column, text: &str) -> Column {
    c.doc = Some(text.into());
    c
}

fn table(name: &str, columns: Vec<Column>) -> Table {
    Table {
        name: name.into(),
        doc: None,
        columns,
        primary_key: None,
        uniques: Vec::new(),
        foreign_keys: Vec::new(),
        checks: Vec::new(),
        indexes: Vec::new(),
        triggers: Vec::new(),
        policies: Vec::new(),
        storage: Vec::new(),
        tenancy: Tenancy::None,
        partitioning: None,
        renamed_from: None,
        span: Span::default(),
    }
}

fn strings(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

fn pk(name: &str, columns: &[&str]) -> Option<PrimaryKey> {
    Some(PrimaryKey {
        name: name.into(),
        columns: strings(columns),
        span: Span::default(),
    })
}

fn fk(name: &str, columns: &[&str], target: &str, target_columns: &[&str]) -> ForeignKey {
    ForeignKey {
        tenant: None,
        name: name.into(),
        columns: strings(columns),
        references_table: target.into(),
        references_columns: strings(target_columns),
        on_delete: ReferentialAction::NoAction,
        on_update: ReferentialAction::NoAction,
        deferrable: None,
        span: Span::default(),
    }
}

fn index(name: &str, elements: Vec<IndexElement>) -> Index {
    Index {
        name: name.into(),
        elements,
        unique: false,
        method: None,
        predicate: None,
        include: Vec::new(),
        nulls_not_distinct: false,
        storage: Vec::new(),
        span: Span::default(),
    }
}

fn on(column: &str) -> IndexElement {
    IndexElement {
        target: IndexTarget::Column(column.into()),
        descending: false,
        nulls: None,
        opclass: None,
    }
}

fn expr(sql: &str) -> IndexElement {
    IndexElement {
        target: IndexTarget::Expr(SqlExpr(sql.into())),
        descending: false,
        nulls: None,
        opclass: None,
    }
}

fn desc(mut e: IndexElement) -> IndexElement {
    e.descending = true;
    e
}

fn enumeration(name: &str, values: &[&str]) -> Enum {
    Enum {
        name: name.into(),
        doc: None,
        values: values
            .iter()
            .map(|v| EnumValue {
                name: v.to_string(),
                doc: None,
                renamed_from: None,
                span: Span::default(),
            })
            .collect(),
        renamed_from: None,
        span: Span::default(),
    }
}

/// A table `name` with an `id uuid` primary key and one FK column per target.
fn linked(name: &str, targets: &[&str]) -> Table {
    let mut t = table(name, vec![scalar("id", ScalarType::Uuid)]);
    t.primary_key = pk(&format!("{name}_pkey"), &["id"]);
    for target in targets {
        let column = format!("{target}_id");
        t.columns.push(scalar(&column, ScalarType::Uuid));
        t.foreign_keys.push(fk(
            &format!("{name}_{column}_fkey"),
            &[&column],
            target,
            &["id"],
        ));
    }
    t
}

fn sql_of(schema: &Schema) -> String {
    emit(schema, &SqlOptions::default())
}

/// Byte offset of `needle`, failing the test with the script when absent.
fn pos(sql: &str, needle: &str) -> usize {
    sql.find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not found in:\n{sql}"))
}

/// The statement (blank-line separated) that starts with `start`.
fn statement<'a>(sql: &'a str, start: &str) -> &'a str {
    sql.split("\n\n")
        .map(|s| s.trim_end_matches('\n'))
        .find(|s| s.starts_with(start))
        .unwrap_or_else(|| panic!("no statement starting `{start}` in:\n{sql}"))
}

/// Every feature the emitter knows, in one schema.
fn kitchen_sink() -> Schema {
    let mut role = enumeration("org_role", &["owner", "admin", "member", "it's"]);
    role.doc = Some("A member's role.\nOwners can delete the workspace.".into());
    let status = enumeration("Status", &["active", "archived"]);

    let mut orgs = table(
        "organizations",
        vec![
            doc(
                with_default(scalar("id", ScalarType::Uuid), "gen_random_uuid()"),
                "Primary key.",
            ),
            scalar("name", ScalarType::Text),
            scalar("slug", ScalarType::Varchar(Some(64))),
            nullable(scalar("logo_url", ScalarType::Text)),
            with_default(scalar("created_at", ScalarType::Timestamptz(None)), "now()"),
        ],
    );
    orgs.doc = Some("Workspace name, slug, logo.\nIt's the tenant root.".into());
    orgs.tenancy = Tenancy::Root;
    orgs.primary_key = pk("organizations_pkey", &["id"]);
    orgs.uniques.push(Unique {
        nulls_not_distinct: false,
        global: false,
        implied: false,
        name: "organizations_slug_key".into(),
        columns: strings(&["slug"]),
        span: Span::default(),
    });
    orgs.checks.push(Check {
        name: "organizations_slug_check".into(),
        expr: SqlExpr("slug ~ '^[a-z0-9-]+$'".into()),
        span: Span::default(),
    });

    let mut users = table(
        "user",
        vec![
            scalar("id", ScalarType::Text),
            scalar("Email", ScalarType::Text),
            with_default(scalar("order", ScalarType::Integer), "0"),
            nullable(col("status", ColumnType::Enum("Status".into()))),
        ],
    );
    users.primary_key = pk("user_pkey", &["id"]);
    users.indexes.push({
        let mut i = index("user_email_lower_idx", vec![expr("lower(\"Email\")")]);
        i.unique = true;
        i
    });

    let mut members = table(
        "organization_members",
        vec![
            with_default(scalar("id", ScalarType::Uuid), "gen_random_uuid()"),
            scalar("organization_id", ScalarType::Uuid),
            scalar("user_id", ScalarType::Text),
            {
                let mut c = col("role", ColumnType::Enum("org_role".into()));
                c.default = Some(DefaultValue::EnumValue("member".into()));
                c
            },
            nullable(col(
                "past_roles",
                ColumnType::Array(Box::new(ColumnType::Enum("org_role".into()))),
            )),
        ],
    );
    members.tenancy = Tenancy::Column {
        column: "organization_id".into(),
    };
    members.primary_key = pk("organization_members_pkey", &["id"]);
    members.uniques.push(Unique {
        nulls_not_distinct: false,
        global: false,
        implied: false,
        name: "organization_members_organization_id_user_id_key".into(),
        columns: strings(&["organization_id", "user_id"]),
        span: Span::default(),
    });
    members.foreign_keys.push(ForeignKey {
        on_delete: ReferentialAction::Cascade,
        ..fk(
            "organization_members_organization_id_fkey",
            &["organization_id"],
            "organizations",
            &["id"],
        )
    });
    members.foreign_keys.push(ForeignKey {
        on_delete: ReferentialAction::Cascade,
        on_update: ReferentialAction::Restrict,
        ..fk(
            "organization_members_user_id_fkey",
            &["user_id"],
            "user",
            &["id"],
        )
    });
    members.indexes.push(index(
        "organization_members_user_id_idx",
        vec![on("user_id")],
    ));

    let mut tasks = table(
        "tasks",
        vec![
            {
                let mut c = scalar("id", ScalarType::Bigint);
                c.identity = Some(Identity::Always);
                c
            },
            scalar("organization_id", ScalarType::Uuid),
            nullable(scalar("parent_id", ScalarType::Bigint)),
            doc(
                scalar("title", ScalarType::Text),
                r"Shown as written: a \n here is a backslash and an n.",
            ),
            {
                let mut c = scalar("search", ScalarType::Text);
                c.generated = Some(SqlExpr("lower(title)".into()));
                c
            },
            {
                let mut c = scalar("position", ScalarType::Integer);
                c.identity = Some(Identity::ByDefault);
                c
            },
            with_default(
                col(
                    "tags",
                    ColumnType::Array(Box::new(ColumnType::Scalar(ScalarType::Text))),
                ),
                "'{}'",
            ),
            nullable(scalar("estimate", ScalarType::Numeric(Some((10, Some(2)))))),
            nullable(scalar("metadata", ScalarType::Jsonb)),
            nullable(scalar("due", ScalarType::Date)),
            nullable(scalar("deleted_at", ScalarType::Timestamptz(None))),
        ],
    );
    tasks.primary_key = pk("tasks_pkey", &["id"]);
    tasks.foreign_keys.push(ForeignKey {
        on_delete: ReferentialAction::Cascade,
        ..fk(
            "tasks_organization_id_fkey",
            &["organization_id"],
            "organizations",
            &["id"],
        )
    });
    tasks.foreign_keys.push(ForeignKey {
        on_delete: ReferentialAction::SetNull,
        ..fk("tasks_parent_id_fkey", &["parent_id"], "tasks", &["id"])
    });
    tasks.checks.push(Check {
        name: "tasks_check".into(),
        expr: SqlExpr("char_length(title) > 0 AND (estimate IS NULL OR estimate >= 0)".into()),
        span: Span::default(),
    });
    tasks.indexes.push(index(
        "tasks_organization_id_due_idx",
        vec![on("organization_id"), desc(on("due"))],
    ));
    tasks.indexes.push({
        let mut i = index("tasks_tags_idx", vec![on("tags")]);
        i.method = Some("gin".into());
        i
    });
    tasks.indexes.push({
        let mut i = index(
            "tasks_live_title_idx",
            vec![on("organization_id"), desc(expr("lower(title)"))],
        );
        i.unique = true;
        i.method = Some("btree".into());
        i.predicate = Some(SqlExpr("deleted_at IS NULL".into()));
        i
    });

    // A two-table cycle: teams.lead_id → people, people.team_id → teams.
    let mut teams = linked("teams", &["people"]);
    teams.columns[1].name = "lead_id".into();
    teams.foreign_keys[0].columns = strings(&["lead_id"]);
    teams.foreign_keys[0].name = "teams_lead_id_fkey".into();
    let mut people = linked("people", &["teams"]);
    people.columns[1].name = "team_id".into();
    people.columns[1].nullable = true;
    people.foreign_keys[0].columns = strings(&["team_id"]);
    people.foreign_keys[0].name = "people_team_id_fkey".into();
    teams.columns[1].nullable = true;

    Schema {
        format: Schema::FORMAT,
        extensions: Vec::new(),
        functions: Vec::new(),
        views: Vec::new(),
        sequences: Vec::new(),
        groups: Vec::new(),
        enums: vec![role, status],
        tables: vec![members, tasks, orgs, users, teams, people],
    }
}

mod order;
mod roundtrip;
mod statements;
