fn main() {
    schemaforge_generator::compile_schema("schema");
    // The same schema for a Citus cluster (`schemaforge sql --citus`): its scope sets the
    // tenant so that the workers' Row-Level Security sees it.
    let citus = schemaforge_generator::Builder::new("schema")
        .file_name("schema_citus")
        .citus(true)
        .generate();
    // Names that are Rust keywords, SQL reserved words and unicode: their generated code
    // must compile (`tests/adversarial.rs`).
    let adversarial =
        schemaforge_generator::Builder::new("../../tests/fixtures/good/adversarial_names")
            .file_name("adversarial")
            .generate();
    for result in [citus, adversarial] {
        if let Err(error) = result {
            eprintln!("{error}");
            std::process::exit(1);
        }
    }
}
