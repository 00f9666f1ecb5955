fn main() {
    let path = std::env::args().nth(1).expect("path");
    match schemaforge_schema::load(std::path::Path::new(&path)) {
        Ok(l) => println!("{}", serde_json::to_string_pretty(&l.schema).expect("json")),
        Err(e) => eprint!("{}", e.render()),
    }
}
