//! `schemaforge docs` through the library: snapshots of the page and the diagrams for the
//! example and a fixture of every column kind and tenancy, Graphviz rendering the DOT,
//! template overrides, determinism, and the committed example docs kept current.

use std::collections::BTreeMap;
use std::path::Path;

use schemaforge_generator::emit::docs::{
    self, DocsError, DocsOptions, SvgError, TEMPLATES, TemplateOverride,
};
use schemaforge_generator::output::GeneratedFile;
use schemaforge_schema::ir::Schema;

const EXAMPLE: &str = "examples/saas/schema";
const FIXTURE: &str = "tests/fixtures/good/docs";
const COMMITTED: &str = "examples/saas/docs";

fn load(path: &str) -> Schema {
    match schemaforge_schema::load(Path::new(path)) {
        Ok(loaded) => loaded.schema,
        Err(e) => panic!("{path} must compile:\n{}", e.render()),
    }
}

fn options(path: &str) -> DocsOptions {
    DocsOptions {
        introduction: docs::read_introduction(Path::new(path)).expect("README readable"),
        ..DocsOptions::default()
    }
}

fn render(path: &str) -> Vec<GeneratedFile> {
    docs::render(&load(path), &options(path)).expect("the built-in templates render")
}

fn file<'a>(files: &'a [GeneratedFile], name: &str) -> &'a str {
    files
        .iter()
        .find(|f| f.name == name)
        .map(|f| f.contents.as_str())
        .unwrap_or_else(|| panic!("no {name}"))
}

#[test]
fn example_docs_snapshots() {
    let files = render(EXAMPLE);
    insta::assert_snapshot!("saas_schema.md", file(&files, docs::MARKDOWN));
    insta::assert_snapshot!("saas_schema.mmd", file(&files, docs::MERMAID));
    insta::assert_snapshot!("saas_schema.dot", file(&files, docs::DOT));
}

#[test]
fn fixture_docs_snapshots() {
    let files = render(FIXTURE);
    insta::assert_snapshot!("fixture_schema.md", file(&files, docs::MARKDOWN));
    insta::assert_snapshot!("fixture_schema.mmd", file(&files, docs::MERMAID));
    insta::assert_snapshot!("fixture_schema.dot", file(&files, docs::DOT));
}

/// What the product page lists: every group with its title, every table's purpose,
/// every enum with every value in order, and the Mermaid diagram embedded.
#[test]
fn example_page_has_every_group_table_and_enum() {
    let schema = load(EXAMPLE);
    let files = render(EXAMPLE);
    let md = file(&files, docs::MARKDOWN);
    for title in ["## Core\n", "## Product and operator\n", "## Better Auth\n"] {
        assert!(md.contains(title), "missing group {title:?}");
    }
    assert!(md.starts_with("<!-- @generated"));
    assert!(md.contains("\n# "), "the README's title");
    for table in &schema.tables {
        assert!(
            md.contains(&format!("### `{}`\n", table.name)),
            "{}",
            table.name
        );
        let purpose = table.doc.as_deref().expect("every example table has a doc");
        let first = purpose.lines().next().expect("a line");
        assert!(md.contains(first), "{}: purpose", table.name);
    }
    for e in &schema.enums {
        let section = md
            .split(&format!("### `{}`\n", e.name))
            .nth(1)
            .unwrap_or_else(|| panic!("no section for {}", e.name));
        let mut at = 0;
        for v in &e.values {
            let row = format!("| `{}` |", v.name);
            let found = section[at..]
                .find(&row)
                .unwrap_or_else(|| panic!("{}: value {} missing or out of order", e.name, v.name));
            at += found + row.len();
        }
    }
    let mermaid = file(&files, docs::MERMAID);
    assert!(md.contains(&format!("```mermaid\n{}\n```\n", mermaid.trim_end())));
}

#[test]
fn rendering_twice_gives_identical_bytes() {
    for path in [EXAMPLE, FIXTURE, "tests/fixtures/good/adversarial_names"] {
        let schema = load(path);
        let first = docs::render(&schema, &options(path)).expect("renders");
        let second = docs::render(&load(path), &options(path)).expect("renders");
        assert_eq!(first, second, "{path}");
    }
}

/// Graphviz renders every DOT we write, and the SVG names every table. Where `dot` is
/// missing the test says so and passes, unless `SCHEMAFORGE_REQUIRE_GRAPHVIZ` is set.
#[test]
fn graphviz_renders_the_dot() {
    for path in [EXAMPLE, FIXTURE, "tests/fixtures/good/adversarial_names"] {
        let schema = load(path);
        let files = docs::render(&schema, &options(path)).expect("renders");
        let svg = match docs::svg(file(&files, docs::DOT)) {
            Ok(svg) => svg,
            Err(SvgError::NotFound)
                if std::env::var_os("SCHEMAFORGE_REQUIRE_GRAPHVIZ").is_none() =>
            {
                eprintln!("skipped: Graphviz's `dot` is not on PATH");
                return;
            }
            Err(e) => panic!("{path}: {e}"),
        };
        assert!(svg.contains("<svg"), "{path}");
        for table in &schema.tables {
            // SVG text is XML-escaped.
            let name = table
                .name
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            assert!(
                svg.contains(&format!(">{name}</text>")),
                "{path}: {}",
                table.name
            );
        }
    }
}

fn with_template(name: &str, source: &str) -> DocsOptions {
    let mut templates = BTreeMap::new();
    templates.insert(
        name.to_string(),
        TemplateOverride {
            path: Path::new("my-templates").join(name),
            source: source.to_string(),
        },
    );
    DocsOptions {
        templates,
        ..DocsOptions::default()
    }
}

#[test]
fn a_template_override_takes_effect() {
    let schema = load(EXAMPLE);
    let options = with_template(
        "schema.md.jinja",
        "{% for t in tables %}{{ t.name | code }} is {{ t.rust.row }}\n{% endfor %}",
    );
    let files = docs::render(&schema, &options).expect("renders");
    let md = file(&files, docs::MARKDOWN);
    assert!(md.starts_with("`sessions` is Session\n"), "{md}");
    // The other templates are still the built-in ones.
    assert_eq!(file(&files, docs::DOT), file(&render(EXAMPLE), docs::DOT));
}

#[test]
fn a_broken_template_is_an_error_at_its_file_and_line() {
    let schema = load(EXAMPLE);
    let broken = with_template("schema.dot.jinja", "digraph {\n  {% for t in %}\n}\n");
    let e = docs::render(&schema, &broken).expect_err("does not parse");
    let text = e.to_string();
    assert!(
        matches!(&e, DocsError::Template { line: Some(2), .. }),
        "{e:?}"
    );
    assert!(
        text.starts_with("my-templates/schema.dot.jinja:2: syntax error"),
        "{text}"
    );

    let misspelt = with_template("schema.mmd.jinja", "{% for t in tabels %}{% endfor %}");
    let text = docs::render(&schema, &misspelt)
        .expect_err("an unknown variable is an error")
        .to_string();
    assert!(
        text.starts_with("my-templates/schema.mmd.jinja:1: undefined value"),
        "{text}"
    );
}

#[test]
fn a_templates_folder_holds_only_template_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("schema.md.jinja"), "x").expect("write");
    std::fs::write(dir.path().join(".keep"), "").expect("write");
    let read = docs::read_templates(dir.path()).expect("one template");
    assert_eq!(read.keys().collect::<Vec<_>>(), ["schema.md.jinja"]);

    std::fs::write(dir.path().join("schema.md"), "x").expect("write");
    let e = docs::read_templates(dir.path()).expect_err("an unknown name");
    assert!(matches!(e, DocsError::UnknownTemplate { .. }), "{e:?}");
    let names: Vec<&str> = TEMPLATES.iter().map(|t| t.name).collect();
    assert!(e.to_string().contains(&names.join(", ")), "{e}");
}

/// `examples/saas/docs` is what `schemaforge docs examples/saas/schema --out
/// examples/saas/docs` writes; regenerate it with that command when this fails. The SVG
/// depends on the Graphviz version, so only its presence is checked.
#[test]
fn committed_example_docs_are_current() {
    let files = render(EXAMPLE);
    for f in &files {
        let path = Path::new(COMMITTED).join(&f.name);
        let committed =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            committed == f.contents,
            "{} is out of date: run `cargo run -p schemaforge-cli -- docs {EXAMPLE} --out {COMMITTED}`",
            path.display()
        );
    }
    assert!(Path::new(COMMITTED).join(docs::SVG).is_file());
}
