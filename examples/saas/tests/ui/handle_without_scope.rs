// The handles that hold the helpers cannot be made by hand, only by a scope (or, across
// tenants, by the escape hatch, whose name says what it does).
use saas_example::db::{OrganizationId, OrganizationScope, TaskQueries, UnscopedTaskQueries};

fn main() {
    let scope = OrganizationScope::new(OrganizationId(Default::default()));
    let _ = TaskQueries { scope: &scope };
    let _ = UnscopedTaskQueries { _private: () };
}
