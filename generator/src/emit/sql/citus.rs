//! The Citus statements of a script: where each table goes, and how a scope's tenant
//! reaches the workers.

use schemaforge_schema::citus::{Placement, placement};
use schemaforge_schema::ir::Table;

use super::ident::{quote_ident, quote_literal};
use super::rls::TENANT_SETTING;

/// The function a scope's `begin` calls on Citus to set the tenant, defined by every
/// `--citus` script.
pub const SET_TENANT_FUNCTION: &str = "schemaforge_set_tenant";

/// The first statement of a Citus script (and migration): Citus creates the shards of a
/// distributed table over several connections per worker, and then refuses, in the same
/// transaction, a key to a reference table, which needs one connection per worker. One
/// connection per worker from the start lets a whole script run in one transaction.
pub(crate) const SEQUENTIAL: &str = "-- Citus: one connection per worker, so that the whole script can run in one transaction.\n\
     SET citus.multi_shard_modify_mode TO 'sequential';";

/// `SELECT create_reference_table(…)` or `SELECT create_distributed_table(…)` for `table`.
/// Distributed tables are colocated with `first`, the first one distributed (which starts a
/// colocation group of its own, so that no unrelated table of the same type joins it).
pub(crate) fn placement_call(table: &Table, first: Option<&str>) -> String {
    let name = quote_literal(&quote_ident(&table.name));
    match placement(table) {
        Placement::Reference => format!("SELECT create_reference_table({name});"),
        Placement::Distributed { column } => {
            let colocate = match first {
                Some(first) => quote_literal(&quote_ident(first)),
                None => "'none'".to_string(),
            };
            format!(
                "SELECT create_distributed_table({name}, {}, colocate_with => {colocate});",
                quote_literal(column)
            )
        }
    }
}

/// The first distributed table of `schema` in `order`, which the others are colocated with.
pub(crate) fn colocation_anchor<'a>(order: impl IntoIterator<Item = &'a Table>) -> Option<&'a str> {
    order
        .into_iter()
        .find(|t| matches!(placement(t), Placement::Distributed { .. }))
        .map(|t| t.name.as_str())
}

/// The function that sets [`TENANT_SETTING`] for a transaction so that Citus sends it to
/// the workers, where the shards' Row-Level Security policies read it: Citus propagates a
/// `SET LOCAL` (with `citus.propagate_set_commands = 'local'`, which the function sets for
/// the transaction), but not `set_config`. Like the statement a scope runs on plain Postgres,
/// it refuses to switch a transaction that already belongs to another tenant (returns
/// false). The value is bound by the caller and quoted here by `format('%L')`.
pub(crate) fn set_tenant_function() -> String {
    format!(
        "-- Citus sends a transaction's SET LOCAL to the workers, not set_config: a scope on\n\
             -- Citus sets its tenant with this function, for the shards' policies to read.\n\
             CREATE FUNCTION {SET_TENANT_FUNCTION}(tenant text) RETURNS boolean\n\
             LANGUAGE plpgsql AS $schemaforge$\n\
             BEGIN\n    \
                 IF coalesce(nullif(current_setting({setting}, true), ''), tenant) <> tenant THEN\n        \
                     RETURN false;\n    \
                 END IF;\n    \
                 SET LOCAL citus.propagate_set_commands = 'local';\n    \
                 EXECUTE format('SET LOCAL {TENANT_SETTING} = %L', tenant);\n    \
                 RETURN true;\n\
             END\n\
             $schemaforge$;",
        setting = quote_literal(TENANT_SETTING),
    )
}

/// Whether `tables` include a tenant-scoped one, which needs [`set_tenant_function`].
pub(crate) fn has_scoped<'a>(mut tables: impl Iterator<Item = &'a Table>) -> bool {
    tables.any(|t| t.tenant_column().is_some())
}
