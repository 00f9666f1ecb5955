// The handles that hold the helpers cannot be made by hand, only by a scope (or, across
// tenants, by the escape hatch, whose name says what it does); and the runtime's generic
// handles reach only the tables of a tenant, through a scope of that tenant.
use saas_example::db::{OrganizationId, OrganizationScope, Task, TaskQueries, UnscopedTaskQueries, User};

fn main() {
    let scope = OrganizationScope::new(OrganizationId::new(Default::default()));
    let _ = TaskQueries(schemaforge::Scoped::new(&scope));
    let _ = UnscopedTaskQueries(schemaforge::AllTenants::i_am_bypassing_tenant_isolation());
    // `users` belongs to no tenant: it has no scoped handle.
    let _ = schemaforge::Scoped::<User>::new(&scope);
    // A task's handle takes the organization's scope, not something else.
    let _ = schemaforge::Scoped::<Task>::new(&OrganizationId::new(Default::default()));
}
