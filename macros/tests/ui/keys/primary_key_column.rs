use schemaforge::Table;

#[derive(Table)]
#[schemaforge(primary_key(note_id, tag))]
struct NoteTag {
    note_id: i64,
    label: String,
}

fn main() {}
