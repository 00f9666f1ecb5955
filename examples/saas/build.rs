fn main() {
    schemaforge_generator::compile_schema("schema");
}
