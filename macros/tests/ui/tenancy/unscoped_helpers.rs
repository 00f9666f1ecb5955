// The runtime's macros write helpers without a tenant filter only for tables that belong to
// no tenant: used by hand on a tenant's table, they do not compile. The derive has given the
// row type the uncallable helpers that say where the real ones are, so the names clash
// first; behind them each macro's tenancy check fails the build too.
use schemaforge::Table;

#[derive(Table)]
#[schemaforge(tenant_root)]
pub struct Organization {
    #[schemaforge(primary_key, pg_type = "uuid")]
    pub id: OrganizationId,
}

#[derive(Table)]
#[schemaforge(tenant = organization_id)]
pub struct Task {
    #[schemaforge(primary_key, pg_type = "uuid")]
    pub id: TaskId,
    #[schemaforge(references(organizations.id), pg_type = "uuid")]
    pub organization_id: OrganizationId,
}

schemaforge::__keyed!(keyed Task);
schemaforge::__inserts!(Task);

fn main() {}
