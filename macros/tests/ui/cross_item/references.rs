use schemaforge::{PgEnum, Table};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PgEnum)]
enum Mood {
    Happy,
    Sad,
}

#[derive(Table)]
struct User {
    #[schemaforge(primary_key, pg_type = "text")]
    id: UserId,
}

#[derive(Table)]
struct Note {
    #[schemaforge(primary_key, pg_type = "uuid")]
    id: NoteId,
    /// `NoteId` is the id of `notes`, not of `users`.
    #[schemaforge(references(users.id), pg_type = "uuid")]
    author: NoteId,
    /// `users.id` is `text`.
    #[schemaforge(references(users.id), pg_type = "uuid")]
    editor: UserId,
    /// `grumpy` is not a value of `mood`.
    #[schemaforge(default = grumpy)]
    mood: Mood,
}

fn main() {}
