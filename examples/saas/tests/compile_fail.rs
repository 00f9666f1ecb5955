//! What must not compile: the generated API gives no way to reach a tenant-scoped table
//! without a scope, to mix up ids of different tables, to choose the tenant of an insert, or
//! to change a primary key (or the column that places a row in a tenant). Each case in
//! `tests/ui/` comes with the compiler's message, reviewed, in its `.stderr` file.

#[test]
fn what_must_not_compile() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
