fn main() {
    schemaforge_generator::compile_schema("schema");
    // The same schema for a Citus cluster (`schemaforge sql --citus`): its scope sets the
    // tenant so that the workers' Row-Level Security sees it.
    let citus = schemaforge_generator::Builder::new("schema")
        .file_name("schema_citus")
        .citus(true)
        .generate();
    if let Err(error) = citus {
        eprintln!("{error}");
        std::process::exit(1);
    }
}
