//! Misuses of the derives, one file each under `ui/<category>/`, with the reviewed
//! `.stderr` beside it. One test binary for all of them (CI time).

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*/*.rs");
}
