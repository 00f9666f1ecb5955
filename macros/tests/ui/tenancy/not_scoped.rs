use schemaforge::Table;

#[derive(Table)]
struct Organization {
    #[schemaforge(primary_key, pg_type = "uuid")]
    id: OrganizationId,
}

/// Scoped by a column that references a table that is not the tenant root.
#[derive(Table)]
#[schemaforge(tenant = organization_id)]
struct Task {
    #[schemaforge(primary_key, pg_type = "uuid")]
    id: TaskId,
    #[schemaforge(references(organizations.id), pg_type = "uuid")]
    organization_id: OrganizationId,
}

/// `tenant_via` on a derive: refused, the struct must write its tenant column.
#[derive(Table)]
#[schemaforge(tenant_via = organization_id, primary_key(organization_id, label))]
struct Label {
    #[schemaforge(references(organizations.id), pg_type = "uuid")]
    organization_id: OrganizationId,
    label: String,
}

fn main() {}
