//! A migration as text: the files sqlx applies, one script for reading, a hazard report.

use std::fmt::Write as _;

use super::{Migration, Phase, Step};

/// One file of a migration, in the order they must run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationFile {
    /// What goes after `<version>_<name>` in the file name (`_enum_values`,
    /// `_concurrently_1`, `_validate`), or `None` for the main file.
    pub suffix: Option<String>,
    /// Whether the runner wraps the file in a transaction.
    pub transactional: bool,
    /// The statements, each preceded by its `-- hazard` comments.
    pub body: String,
}

impl MigrationFile {
    /// The file's text: sqlx's `-- no-transaction` directive first when the file must run
    /// outside a transaction, then `header` (comment lines), then the statements.
    ///
    /// ```
    /// use schemaforge_generator::diff::MigrationFile;
    ///
    /// let file = MigrationFile {
    ///     suffix: Some("_concurrently_1".into()),
    ///     transactional: false,
    ///     body: "CREATE INDEX CONCURRENTLY t_a_idx ON t (a);\n".into(),
    /// };
    /// let text = file.contents("-- made by hand\n");
    /// assert!(text.starts_with("-- no-transaction\n-- made by hand\n"));
    /// ```
    pub fn contents(&self, header: &str) -> String {
        let mut text = String::new();
        if !self.transactional {
            text.push_str("-- no-transaction\n");
        }
        text.push_str(header);
        if !header.is_empty() {
            text.push('\n');
        }
        text.push_str(&self.body);
        text
    }

    fn label(&self) -> &'static str {
        match self.suffix.as_deref() {
            None => "main transaction",
            Some(s) if s.starts_with("_enum_values") => {
                "new enum values, committed before the main transaction"
            }
            Some(s) if s.starts_with("_concurrently") => "outside any transaction",
            Some(_) => "validation, in a transaction of its own",
        }
    }
}

impl Migration {
    /// The migration split into the files a runner applies in order:
    ///
    /// 1. `_enum_values`, when enum values are added and the migration does more: Postgres
    ///    cannot use a new value in the transaction that added it;
    /// 2. the main file;
    /// 3. with `--safe`, one `_concurrently_<n>` file per concurrent index build, each
    ///    starting with `-- no-transaction` (a file holding several statements would run
    ///    them in one implicit transaction, which `CONCURRENTLY` refuses);
    /// 4. with `--safe`, `_validate`: constraint validation and `USING INDEX` additions.
    pub fn files(&self) -> Vec<MigrationFile> {
        let of = |phase: Phase| -> Vec<&Step> {
            self.steps.iter().filter(|s| s.phase == phase).collect()
        };
        let enum_values = of(Phase::EnumValues);
        let main = of(Phase::Main);
        let adds_values = enum_values.iter().any(|s| s.sql.contains(" ADD VALUE "));
        let mut files = Vec::new();
        if adds_values && !main.is_empty() {
            files.push(file(Some("_enum_values".into()), true, &enum_values));
            files.push(file(None, true, &main));
        } else if !enum_values.is_empty() || !main.is_empty() {
            let group: Vec<&Step> = enum_values.into_iter().chain(main).collect();
            files.push(file(None, true, &group));
        }
        for (i, step) in of(Phase::Concurrent).into_iter().enumerate() {
            files.push(file(
                Some(format!("_concurrently_{}", i + 1)),
                false,
                &[step],
            ));
        }
        let finish = of(Phase::Finish);
        if !finish.is_empty() {
            files.push(file(Some("_validate".into()), true, &finish));
        }
        files
    }

    /// The whole migration as one script for reading: the files in order, each introduced
    /// by a comment when there are several. Empty for an empty migration.
    pub fn sql(&self) -> String {
        let files = self.files();
        if files.len() == 1 {
            return files[0].body.clone();
        }
        let n = files.len();
        let mut out = String::new();
        for (i, f) in files.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            let _ = writeln!(out, "-- file {}/{n}: {}", i + 1, f.label());
            out.push_str(&f.body);
        }
        out
    }

    /// A report of every hazard for a terminal, each with the first line of its statement,
    /// or `no hazards`.
    ///
    /// ```
    /// assert_eq!(schemaforge_generator::diff::Migration::default().report(), "no hazards\n");
    /// ```
    pub fn report(&self) -> String {
        let hazards: Vec<_> = self.hazards().collect();
        if hazards.is_empty() {
            return "no hazards\n".to_string();
        }
        let mut out = format!(
            "{} hazard{}:\n",
            hazards.len(),
            if hazards.len() == 1 { "" } else { "s" }
        );
        for (step, h) in hazards {
            let _ = writeln!(out, "  {h}\n      {}", one_line(&step.sql));
        }
        out
    }
}

/// The first statement of `sql` on one line, shortened to about 100 characters.
fn one_line(sql: &str) -> String {
    let first = sql.split_inclusive(';').next().unwrap_or(sql);
    let line = first.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= 100 {
        return line;
    }
    let mut short: String = line.chars().take(99).collect();
    short.push('…');
    short
}

fn file(suffix: Option<String>, transactional: bool, steps: &[&Step]) -> MigrationFile {
    let body = steps
        .iter()
        .map(|s| {
            let mut text = String::new();
            for h in &s.hazards {
                let _ = writeln!(text, "-- hazard {}: {}", h.kind, h.message);
            }
            text.push_str(&s.sql);
            text.push('\n');
            text
        })
        .collect::<Vec<_>>()
        .join("\n");
    MigrationFile {
        suffix,
        transactional,
        body,
    }
}
