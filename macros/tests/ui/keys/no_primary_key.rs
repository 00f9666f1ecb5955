use schemaforge::Table;

/// An append-only log, without its opt-out.
#[derive(Table)]
struct LogLine {
    message: String,
}

fn main() {}
