//! Schemas built by hand for the emitter's tests.

use schemaforge_schema::ir::*;
use schemaforge_schema::span::Span;

pub fn column(name: &str, ty: ColumnType) -> Column {
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

pub fn scalar(name: &str, ty: ScalarType) -> Column {
    column(name, ColumnType::Scalar(ty))
}

pub trait ColumnExt {
    fn null(self) -> Self;
    fn default_sql(self, sql: &str) -> Self;
    fn doc(self, doc: &str) -> Self;
}

impl ColumnExt for Column {
    fn null(mut self) -> Self {
        self.nullable = true;
        self
    }
    fn default_sql(mut self, sql: &str) -> Self {
        self.default = Some(DefaultValue::Sql(SqlExpr(sql.into())));
        self
    }
    fn doc(mut self, doc: &str) -> Self {
        self.doc = Some(doc.into());
        self
    }
}

pub fn table(name: &str, columns: Vec<Column>) -> Table {
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

pub fn primary_key(table: &mut Table, columns: &[&str]) {
    table.primary_key = Some(PrimaryKey {
        name: format!("{}_pkey", table.name),
        columns: columns.iter().map(|c| c.to_string()).collect(),
        span: Span::default(),
    });
}

pub fn references(table: &mut Table, column: &str, target: &str, target_column: &str) {
    table.foreign_keys.push(ForeignKey {
        tenant: None,
        name: format!("{}_{column}_fkey", table.name),
        columns: vec![column.into()],
        references_table: target.into(),
        references_columns: vec![target_column.into()],
        on_delete: ReferentialAction::Cascade,
        on_update: ReferentialAction::NoAction,
        deferrable: None,
        span: Span::default(),
    });
}

pub fn enumeration(name: &str, values: &[&str]) -> Enum {
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

/// Two tables and an enum: the tenant root and a tenant-scoped table.
pub fn small_schema() -> Schema {
    use ScalarType::*;
    let mut role = enumeration("org_role", &["owner", "admin", "member"]);
    role.doc = Some("A member's role in an organization.".into());
    role.values[0].doc = Some("Full control, billing included.".into());

    let mut organizations = table(
        "organizations",
        vec![
            scalar("id", Uuid).default_sql("gen_random_uuid()"),
            scalar("name", Text),
            scalar("slug", Text).doc("URL-safe handle used in links."),
            scalar("logo_url", Text).null(),
            scalar("created_at", Timestamptz(None)).default_sql("now()"),
            Column {
                on_update: Some(SqlExpr("now()".into())),
                ..scalar("updated_at", Timestamptz(None)).default_sql("now()")
            },
        ],
    );
    organizations.doc = Some("A workspace: the tenant root.".into());
    organizations.tenancy = Tenancy::Root;
    primary_key(&mut organizations, &["id"]);

    let mut members = table(
        "organization_members",
        vec![
            scalar("id", Uuid).default_sql("gen_random_uuid()"),
            scalar("organization_id", Uuid),
            scalar("user_id", Text),
            Column {
                default: Some(DefaultValue::EnumValue("member".into())),
                ..column("role", ColumnType::Enum("org_role".into()))
            },
            Column {
                sensitive: true,
                ..scalar("invite_token_hash", Text).null()
            },
            scalar("muted", Boolean).null().default_sql("false"),
        ],
    );
    members.tenancy = Tenancy::Column {
        column: "organization_id".into(),
    };
    primary_key(&mut members, &["id"]);
    references(&mut members, "organization_id", "organizations", "id");

    Schema {
        format: Schema::FORMAT,
        extensions: Vec::new(),
        functions: Vec::new(),
        views: Vec::new(),
        sequences: Vec::new(),
        groups: Vec::new(),
        enums: vec![role],
        tables: vec![organizations, members],
    }
}

/// Every column type and every shape of table the emitter distinguishes.
pub fn all_types_schema() -> Schema {
    use ScalarType::*;
    let status = enumeration(
        "task_status",
        &["backlog", "in_progress", "in-review", "done"],
    );

    let mut users = table("users", vec![scalar("id", Text), scalar("email", Text)]);
    primary_key(&mut users, &["id"]);

    // A one-to-one extension: its key is a foreign key to users, so it has `UserId`.
    let mut profiles = table(
        "user_profiles",
        vec![scalar("user_id", Text), scalar("bio", Text).null()],
    );
    primary_key(&mut profiles, &["user_id"]);
    references(&mut profiles, "user_id", "users", "id");

    let mut samples = table(
        "samples",
        vec![
            Column {
                identity: Some(Identity::Always),
                ..scalar("id", Bigint)
            },
            scalar("a_uuid", Uuid),
            scalar("a_text", Text),
            scalar("a_varchar", Varchar(Some(20))),
            scalar("a_char", Char(Some(2))),
            scalar("a_bool", Boolean),
            scalar("a_smallint", Smallint),
            scalar("a_integer", Integer),
            scalar("a_real", Real).null(),
            scalar("a_double", DoublePrecision).null(),
            scalar("a_numeric", Numeric(Some((10, Some(2))))).null(),
            scalar("a_date", Date).null(),
            scalar("a_time", Time(None)).null(),
            scalar("a_timestamp", Timestamp(None)).null(),
            scalar("a_timestamptz", Timestamptz(None)).null(),
            scalar("an_interval", Interval).null(),
            scalar("a_json", Json).null(),
            scalar("a_jsonb", Jsonb).default_sql("'{}'"),
            Column {
                rust_type: Some("crate::Settings".into()),
                ..scalar("settings", Jsonb).null()
            },
            scalar("a_bytea", Bytea).null(),
            scalar("an_inet", Inet).null(),
            column(
                "tags",
                ColumnType::Array(Box::new(ColumnType::Scalar(Text))),
            )
            .default_sql("'{}'"),
            column(
                "statuses",
                ColumnType::Array(Box::new(ColumnType::Enum("task_status".into()))),
            )
            .null(),
            column("status", ColumnType::Enum("task_status".into())),
            scalar("type", Text).null(),
            scalar("userId", Text).null(),
            Column {
                sensitive: true,
                ..scalar("secret", Text)
            },
            Column {
                generated: Some(SqlExpr("lower(a_text)".into())),
                ..scalar("a_text_lower", Text)
            },
            Column {
                identity: Some(Identity::ByDefault),
                ..scalar("serial", Integer)
            },
        ],
    );
    primary_key(&mut samples, &["id"]);
    references(&mut samples, "userId", "users", "id");

    // No primary key, every column defaulted: `new()` takes nothing and the type is `Default`.
    let mut log = table(
        "log_lines",
        vec![
            scalar("line", Text).default_sql("''"),
            scalar("at", Timestamptz(None)).default_sql("now()"),
        ],
    );
    log.doc = Some("Append-only.".into());

    // A composite key and nothing else to patch.
    let mut pairs = table(
        "sample_pairs",
        vec![scalar("left_id", Bigint), scalar("right_id", Bigint)],
    );
    primary_key(&mut pairs, &["left_id", "right_id"]);
    references(&mut pairs, "left_id", "samples", "id");
    references(&mut pairs, "right_id", "samples", "id");

    Schema {
        format: Schema::FORMAT,
        extensions: Vec::new(),
        functions: Vec::new(),
        views: Vec::new(),
        sequences: Vec::new(),
        groups: Vec::new(),
        enums: vec![status],
        tables: vec![users, profiles, samples, log, pairs],
    }
}
