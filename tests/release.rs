//! The published crates package as they would be uploaded: in dependency order (each one's
//! workspace dependencies resolve against the ones packaged before it, as `cargo publish
//! --workspace` does), with their README and both licence files, and without the tests,
//! fixtures and benchmarks that stay in the repository. Packaging is checked without the
//! verification build (`cargo publish --dry-run` at release time builds each one).

use std::path::Path;
use std::process::Command;

/// The crates users depend on, in the order they publish.
const PUBLISHED: &[&str] = &[
    "schemaforge-schema",
    "schemaforge-generator",
    "schemaforge-macros",
    "schemaforge",
    "schemaforge-cli",
];

#[test]
fn the_published_crates_package_with_their_readme_and_licences() {
    let target = tempfile::tempdir().expect("a target folder");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let mut command = Command::new(cargo);
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("CARGO_TARGET_DIR", target.path())
        .args(["package", "--no-verify", "--offline", "--allow-dirty"]);
    for name in PUBLISHED {
        command.args(["-p", name]);
    }
    let out = command.output().expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo package failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for name in PUBLISHED {
        let version = env!("CARGO_PKG_VERSION");
        let crate_file = target
            .path()
            .join("package")
            .join(format!("{name}-{version}.crate"));
        let files = list(&crate_file);
        let prefix = format!("{name}-{version}/");
        for needed in [
            "Cargo.toml",
            "README.md",
            "LICENSE-MIT",
            "LICENSE-APACHE",
            "src/lib.rs",
        ] {
            let needed = match (needed, *name) {
                ("src/lib.rs", "schemaforge-cli") => "src/main.rs",
                (n, _) => n,
            };
            assert!(
                files.iter().any(|f| *f == format!("{prefix}{needed}")),
                "{name} lacks {needed}: {files:?}"
            );
        }
        let stray: Vec<&String> = files
            .iter()
            .filter(|f| {
                let inner = f.strip_prefix(&prefix).unwrap_or(f);
                ["tests/", "benches/", "examples/", "target/", "fuzz/"]
                    .iter()
                    .any(|dir| inner.starts_with(dir))
            })
            .collect();
        assert!(stray.is_empty(), "{name} would ship {stray:?}");
        // Each licence file is the text itself, not a link that the archive left dangling.
        let licence = read(&crate_file, &format!("{prefix}LICENSE-APACHE"));
        assert!(
            licence.contains("Apache License"),
            "{name}'s LICENSE-APACHE"
        );
    }
}

/// The paths in a `.crate` archive (a gzipped tar).
fn list(crate_file: &Path) -> Vec<String> {
    let out = Command::new("tar")
        .arg("tzf")
        .arg(crate_file)
        .output()
        .expect("tar runs");
    assert!(out.status.success(), "tar tzf {}", crate_file.display());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

/// One file of a `.crate` archive.
fn read(crate_file: &Path, path: &str) -> String {
    let out = Command::new("tar")
        .arg("xzOf")
        .arg(crate_file)
        .arg(path)
        .output()
        .expect("tar runs");
    assert!(
        out.status.success(),
        "tar xzOf {} {path}",
        crate_file.display()
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
