use schemaforge::Table;

#[derive(Table)]
#[schemaforge(tenant = organisation_id)]
struct Task {
    #[schemaforge(primary_key, pg_type = "uuid")]
    id: TaskId,
    #[schemaforge(references(organizations.id), pg_type = "uuid")]
    organization_id: OrganizationId,
}

#[derive(Table)]
#[schemaforge(tenant = organization_id)]
struct Project {
    #[schemaforge(primary_key, pg_type = "uuid")]
    id: ProjectId,
    #[schemaforge(pg_type = "uuid")]
    organization_id: OrganizationId,
}

fn main() {}
