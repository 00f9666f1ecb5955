use schemaforge::Table;

#[derive(Table)]
#[schemaforge(no_primary_key, primary_key(id, double))]
struct Counter {
    #[schemaforge(primary_key, pg_type = "bigint", identity, default = "0")]
    id: CounterId,
    #[schemaforge(generated = "id * 2", on_update = "now()")]
    double: i64,
}

#[derive(Table)]
#[schemaforge(tenant_root, tenant = id)]
struct Org {
    #[schemaforge(primary_key, pg_type = "uuid", unique, unique)]
    id: OrgId,
}

fn main() {}
