use schemaforge::Table;

#[derive(Table)]
#[schemaforge(sensitive)]
struct Note {
    #[schemaforge(primary_key, pg_type = "uuid", tenant_root)]
    id: NoteId,
}

fn main() {}
