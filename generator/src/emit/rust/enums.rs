//! A Rust enum for each Postgres enum: the definition and one line of impls.

use std::fmt::Write;

use super::Ctx;
use super::docs::{code, doc, list, lit};
use super::model::EnumModel;
use super::names::pg_type_name;

/// The enum's definition (unless a derive has it already) and its impls: `ALL`, `as_str`,
/// `Display`, `FromStr`, sqlx's traits, and (with the definition) serde by value name.
pub fn emit(out: &mut String, ctx: &Ctx, e: &EnumModel, definition: bool) {
    let p = &ctx.private;
    let name = &e.ident;
    let pg_name = &e.ir.name;
    if definition {
        let note = format!("The Postgres enum {}.", code(pg_name));
        doc(out, "", [e.ir.doc.as_deref(), Some(&note)]);
        let _ = writeln!(
            out,
            "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]"
        );
        ctx.user_attributes(out, "", pg_name, name);
        let _ = writeln!(out, "pub enum {name} {{");
        for (value, variant) in e.ir.values.iter().zip(&e.variants) {
            let fallback = format!("The value {}.", code(&value.name));
            doc(
                out,
                "    ",
                [Some(value.doc.as_deref().unwrap_or(&fallback))],
            );
            let _ = writeln!(out, "    {variant},");
        }
        let _ = writeln!(out, "}}\n");
    }
    let variants: Vec<String> =
        e.ir.values
            .iter()
            .zip(&e.variants)
            .map(|(value, variant)| format!("{variant} = {}", lit(&value.name)))
            .collect();
    let open = format!(
        "{p}::pg_enum!({name}, {}, {}, [",
        lit(pg_name),
        lit(&pg_type_name(pg_name))
    );
    list(out, "", &open, &variants, "]);");
    if definition {
        let _ = writeln!(out, "{p}::enum_serde!({name});");
    }
    out.push('\n');
}
