//! The TextMate grammar of `.forge` files (`editors/forge.tmLanguage.json`) against every
//! fixture, run by a small TextMate tokenizer (line by line; `match` and `begin`/`end`
//! rules with captures and included repository rules; the embedded `source.sql` left out):
//! each pattern compiles, every file tokenizes to its end, every region the grammar opens in
//! a good schema is closed, and comments, the language's keywords, types and declarations
//! get the scopes an editor colours by.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use regex::Regex;
use serde_json::Value;

/// A rule of the grammar, its includes resolved by name when it runs.
enum Rule {
    Match {
        regex: Regex,
        name: Option<String>,
        captures: BTreeMap<usize, String>,
    },
    Region {
        begin: Regex,
        end: Regex,
        name: Option<String>,
        content: Option<String>,
        begin_captures: BTreeMap<usize, String>,
        patterns: Vec<Pattern>,
    },
}

/// An entry of a `patterns` list.
enum Pattern {
    Rule(Rule),
    Include(String),
}

struct Grammar {
    top: Vec<Pattern>,
    repository: BTreeMap<String, Vec<Pattern>>,
}

fn regex(v: &Value) -> Regex {
    let text = v.as_str().expect("a pattern is a string");
    Regex::new(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn captures(v: Option<&Value>) -> BTreeMap<usize, String> {
    let mut out = BTreeMap::new();
    if let Some(Value::Object(map)) = v {
        for (k, c) in map {
            let group: usize = k.parse().expect("a capture is numbered");
            let name = c["name"].as_str().expect("a capture has a name");
            out.insert(group, name.to_string());
        }
    }
    out
}

fn pattern(v: &Value) -> Pattern {
    if let Some(include) = v.get("include").and_then(Value::as_str) {
        return Pattern::Include(include.to_string());
    }
    let name = v.get("name").and_then(Value::as_str).map(str::to_string);
    if let Some(m) = v.get("match") {
        return Pattern::Rule(Rule::Match {
            regex: regex(m),
            name,
            captures: captures(v.get("captures")),
        });
    }
    if let Some(begin) = v.get("begin") {
        return Pattern::Rule(Rule::Region {
            begin: regex(begin),
            end: regex(&v["end"]),
            name,
            content: v
                .get("contentName")
                .and_then(Value::as_str)
                .map(str::to_string),
            begin_captures: captures(v.get("beginCaptures")),
            patterns: patterns(v.get("patterns")),
        });
    }
    // A repository entry that only groups patterns.
    Pattern::Include(String::new())
}

fn patterns(v: Option<&Value>) -> Vec<Pattern> {
    v.and_then(Value::as_array)
        .map(|list| list.iter().map(pattern).collect())
        .unwrap_or_default()
}

fn grammar() -> Grammar {
    let text = std::fs::read_to_string("editors/forge.tmLanguage.json").expect("the grammar");
    let json: Value = serde_json::from_str(&text).expect("the grammar is JSON");
    assert_eq!(json["scopeName"], "source.forge");
    let mut repository = BTreeMap::new();
    for (key, entry) in json["repository"].as_object().expect("a repository") {
        let list = match entry.get("patterns") {
            Some(p) if entry.get("begin").is_none() => patterns(Some(p)),
            _ => vec![pattern(entry)],
        };
        repository.insert(format!("#{key}"), list);
    }
    Grammar {
        top: patterns(json.get("patterns")),
        repository,
    }
}

/// The scope of every byte of a file: the names of the rules it is inside, innermost last.
struct Tokens {
    scopes: Vec<Vec<String>>,
    /// Regions still open at the end of the file.
    open: usize,
}

impl Grammar {
    /// The rules a pattern list offers, includes resolved (`source.sql` is another grammar).
    fn rules<'a>(&'a self, list: &'a [Pattern], out: &mut Vec<&'a Rule>) {
        for p in list {
            match p {
                Pattern::Rule(r) => out.push(r),
                Pattern::Include(name) if name.starts_with('#') => {
                    let included = self
                        .repository
                        .get(name)
                        .unwrap_or_else(|| panic!("no repository rule {name}"));
                    self.rules(included, out);
                }
                Pattern::Include(_) => {}
            }
        }
    }

    fn tokenize(&self, text: &str) -> Tokens {
        let mut scopes = vec![Vec::new(); text.len()];
        // The open regions: the rule and the scopes inside it.
        let mut stack: Vec<(&Rule, Vec<String>)> = Vec::new();
        let mut line_start = 0;
        for line in text.split_inclusive('\n') {
            let body = line.trim_end_matches('\n');
            let mut at = 0;
            while at < body.len() {
                let (patterns, outer): (&[Pattern], Vec<String>) = match stack.last() {
                    Some((Rule::Region { patterns, .. }, inner)) => (patterns, inner.clone()),
                    _ => (&self.top, Vec::new()),
                };
                let mut rules = Vec::new();
                self.rules(patterns, &mut rules);
                // The earliest match wins; the region's end before its patterns at a tie.
                let mut best: Option<(usize, usize, Option<&Rule>)> = None;
                if let Some((Rule::Region { end, .. }, _)) = stack.last()
                    && let Some(m) = end.find_at(body, at)
                {
                    best = Some((m.start(), m.end(), None));
                }
                for rule in rules {
                    let re = match rule {
                        Rule::Match { regex, .. } => regex,
                        Rule::Region { begin, .. } => begin,
                    };
                    if let Some(m) = re.find_at(body, at)
                        && best.is_none_or(|(s, _, _)| m.start() < s)
                    {
                        best = Some((m.start(), m.end(), Some(rule)));
                    }
                }
                let Some((start, end, rule)) = best else {
                    for s in &mut scopes[line_start + at..line_start + body.len()] {
                        s.clone_from(&outer);
                    }
                    break;
                };
                for s in &mut scopes[line_start + at..line_start + start] {
                    s.clone_from(&outer);
                }
                let mark = |scopes: &mut Vec<Vec<String>>, from: usize, to: usize, name: &str| {
                    for s in &mut scopes[line_start + from..line_start + to] {
                        s.push(name.to_string());
                    }
                };
                for s in &mut scopes[line_start + start..line_start + end] {
                    s.clone_from(&outer);
                }
                match rule {
                    None => {
                        stack.pop();
                    }
                    Some(Rule::Match {
                        regex,
                        name,
                        captures,
                    }) => {
                        if let Some(n) = name {
                            mark(&mut scopes, start, end, n);
                        }
                        if let Some(c) = regex.captures_at(body, start) {
                            for (group, n) in captures {
                                if let Some(m) = c.get(*group) {
                                    mark(&mut scopes, m.start(), m.end(), n);
                                }
                            }
                        }
                    }
                    Some(
                        region @ Rule::Region {
                            begin,
                            name,
                            content,
                            begin_captures,
                            ..
                        },
                    ) => {
                        let mut inner = outer.clone();
                        if let Some(n) = name {
                            inner.push(n.clone());
                            mark(&mut scopes, start, end, n);
                        }
                        if let Some(c) = begin.captures_at(body, start) {
                            for (group, n) in begin_captures {
                                if let Some(m) = c.get(*group) {
                                    mark(&mut scopes, m.start(), m.end(), n);
                                }
                            }
                        }
                        if let Some(n) = content {
                            inner.push(n.clone());
                        }
                        stack.push((region, inner));
                    }
                }
                // Always forward, even past an empty match.
                at = end.max(at + 1);
                while !body.is_char_boundary(at.min(body.len())) {
                    at += 1;
                }
            }
            line_start += line.len();
        }
        Tokens {
            scopes,
            open: stack.len(),
        }
    }
}

fn forge_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("a fixtures folder")
        .map(|e| e.expect("an entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            forge_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "forge") {
            out.push(path);
        }
    }
}

/// Whether `scopes` (of one byte) has a scope starting with `prefix`.
fn has(scopes: &[String], prefix: &str) -> bool {
    scopes.iter().any(|s| s.starts_with(prefix))
}

#[test]
fn the_editor_grammar_tokenizes_every_fixture() {
    let grammar = grammar();
    let keywords = Regex::new(
        r"\b(table|enum|tenant_root|tenant|via|unscoped|no_primary_key|primary_key|unique|global|index|references|sensitive|identity|rust_type|renamed_from|foreign_key|using|on_delete|cascade|set_null|restrict)\b",
    )
    .expect("the keyword pattern");
    let types = Regex::new(
        r"(?m)^\s+[a-z_][a-z0-9_]*\s+(uuid|text|boolean|integer|bigint|timestamptz|jsonb)\b",
    )
    .expect("the column pattern");
    let mut good = Vec::new();
    forge_files(Path::new("tests/fixtures/good"), &mut good);
    forge_files(Path::new("examples/saas/schema"), &mut good);
    let mut bad = Vec::new();
    forge_files(Path::new("tests/fixtures/bad"), &mut bad);
    assert!(
        good.len() > 5 && bad.len() > 100,
        "{} good, {} bad",
        good.len(),
        bad.len()
    );
    let (mut keywords_seen, mut comments_seen, mut types_seen) = (0, 0, 0);
    for path in &good {
        let text = std::fs::read_to_string(path).expect("a fixture");
        let tokens = grammar.tokenize(&text);
        assert_eq!(tokens.open, 0, "{}: a region is left open", path.display());
        let scope = |at: usize| tokens.scopes[at].as_slice();
        let plain = |at: usize| {
            !has(scope(at), "comment")
                && !has(scope(at), "string")
                && !has(scope(at), "meta.embedded")
                && !has(scope(at), "variable.other.quoted")
        };
        for m in keywords.find_iter(&text) {
            if plain(m.start()) {
                let s = scope(m.start());
                assert!(
                    has(s, "keyword") || has(s, "constant.language"),
                    "{}: `{}` at byte {} is {s:?}",
                    path.display(),
                    m.as_str(),
                    m.start()
                );
                keywords_seen += 1;
            }
        }
        for (at, _) in text.match_indices("//") {
            let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
            // A `//` inside a string or SQL is not a comment.
            if !text[line_start..at].contains(['\'', '(']) {
                assert!(
                    has(scope(at), "comment"),
                    "{}: the comment at {at}",
                    path.display()
                );
                comments_seen += 1;
            }
        }
        for c in types.captures_iter(&text) {
            let m = c.get(1).expect("the type");
            assert!(
                has(scope(m.start()), "support.type"),
                "{}: type at {}",
                path.display(),
                m.start()
            );
            types_seen += 1;
        }
    }
    assert!(
        keywords_seen > 300 && comments_seen > 100 && types_seen > 200,
        "{keywords_seen} keywords, {comments_seen} comments, {types_seen} types"
    );
    // Bad input tokenizes to its end too (an unterminated region may stay open).
    for path in &bad {
        let text = std::fs::read_to_string(path).expect("a fixture");
        let tokens = grammar.tokenize(&text);
        assert_eq!(tokens.scopes.len(), text.len());
    }
}
