use schemaforge_generator::{Builder, TimeCrate};

const SCHEMA: &str = "../fixtures/good/all_types";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // `OUT_DIR/schemaforge/schema.rs`: chrono, the default.
    schemaforge_generator::compile_schema(SCHEMA);
    // `OUT_DIR/schemaforge/all_types_time.rs`: the `time` crate, and two typed ids given
    // attributes of their own, which makes them structs of their own: the same tests run
    // on both forms of an id.
    Builder::new(SCHEMA)
        .time_crate(TimeCrate::Time)
        .type_attribute("AccountId", "#[doc(alias = \"account key\")]")
        .derive("ScalarId", "Default")
        .file_name("all_types_time")
        .generate()?;
    Ok(())
}
