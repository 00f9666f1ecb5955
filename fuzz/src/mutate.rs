//! The mutations: what an attacker, a broken editor or a bad merge does to a schema file.

/// xorshift64*: small, seeded and reproducible.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed` (0 is taken as 1, since 0 would repeat forever).
    pub fn new(seed: u64) -> Rng {
        // Zero is xorshift's fixed point.
        Rng(seed.max(1))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n`; 0 when `n` is 0.
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (self.next_u64() % n as u64) as usize
    }

    /// An element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Characters worth inserting: the language's punctuation, whitespace of every kind, NUL,
/// a BOM, wide and combining characters, an emoji, right-to-left text.
const CHARS: &[char] = &[
    '(',
    ')',
    '{',
    '}',
    '[',
    ']',
    '?',
    '.',
    ',',
    ':',
    ';',
    '\'',
    '"',
    '/',
    '*',
    '\\',
    '\n',
    '\r',
    ' ',
    '\t',
    '-',
    '_',
    '0',
    '9',
    'a',
    'Z',
    '\0',
    '\u{feff}',
    '\u{00e9}',
    '\u{0301}',
    '\u{4e2d}',
    '\u{1f600}',
    '\u{05d0}',
    '\u{200b}',
    '\u{2028}',
    '\u{7f}',
];

/// Tokens and fragments of the language, and of SQL inside it.
const WORDS: &[&str] = &[
    " table ",
    " enum ",
    " tenant ",
    " tenant via ",
    " tenant_root ",
    " unscoped ",
    " primary_key ",
    " no_primary_key ",
    " unique ",
    " unique global ",
    " global ",
    " index ",
    " index x (a) unique where (b) ",
    " check ",
    " check (",
    " foreign_key ",
    " foreign_key (a, b) references(t.a, t.b)",
    " references(",
    " references(users.id, on_delete: set_null)",
    " references(organizations.id, on_delete: set_default)",
    " on_update(",
    " default(",
    " default(now)",
    " default(gen_random_uuid)",
    " default('x')",
    " identity ",
    " identity(always) ",
    " generated(",
    " rust_type(",
    " renamed_from(",
    " sensitive ",
    "///",
    "/// doc\n",
    "// ",
    "/*",
    "*/",
    "--",
    "[]",
    "[][]",
    "?",
    "(999999999999)",
    "(99999999999999999999999999999999)",
    "(0)",
    "(-1)",
    "\"\"",
    "\"",
    "''",
    "'",
    " uuid",
    " int ",
    " text ",
    " varchar(10) ",
    " numeric(1000, 2000) ",
    " timestamptz ",
    " jsonb ",
    " \"quoted name\" ",
    " \"\" ",
    " select ",
    " type ",
    " self ",
    " Self ",
    " fn ",
    " crate ",
    "{}",
    "}\n",
    "\n\n\n",
];

/// One random edit of `text`, always on character boundaries.
pub fn mutate(rng: &mut Rng, text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let at = rng.below(chars.len() + 1);
    let head: String = chars[..at].iter().collect();
    let tail: String = chars[at..].iter().collect();
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    match rng.below(18) {
        // Delete a range of characters.
        0 => {
            let end = (at + 1 + rng.below(24)).min(chars.len());
            chars[..at].iter().chain(&chars[end..]).collect()
        }
        // Replace a character.
        1 if at < chars.len() => {
            let mut chars = chars;
            chars[at] = *rng.pick(CHARS);
            chars.into_iter().collect()
        }
        // Insert a character.
        2 => format!("{head}{}{tail}", rng.pick(CHARS)),
        // Insert a token or fragment.
        3 | 4 => format!("{head}{}{tail}", rng.pick(WORDS)),
        // Duplicate, swap or delete lines.
        5 if !lines.is_empty() => {
            let i = rng.below(lines.len());
            lines.insert(i, lines[i]);
            lines.concat()
        }
        6 if !lines.is_empty() => {
            let (i, j) = (rng.below(lines.len()), rng.below(lines.len()));
            lines.swap(i, j);
            lines.concat()
        }
        7 if !lines.is_empty() => {
            lines.remove(rng.below(lines.len()));
            lines.concat()
        }
        // Truncate.
        8 => head,
        // A huge identifier or number.
        9 => {
            let n = 1 + rng.below(20_000);
            let filler = if rng.below(2) == 0 { "a" } else { "9" };
            format!("{head}{}{tail}", filler.repeat(n))
        }
        // Deep nesting.
        10 => {
            let n = 1 + rng.below(5_000);
            let (open, close) = *rng.pick(&[("(", ")"), ("[", "]"), ("{", "}"), ("[]", "")]);
            let closed = if rng.below(2) == 0 {
                close.repeat(n)
            } else {
                String::new()
            };
            format!("{head}{}{closed}{tail}", open.repeat(n))
        }
        // Line endings and a byte-order mark.
        11 => text.replace('\n', "\r\n"),
        12 => format!("\u{feff}{text}"),
        // Unterminated strings and comments.
        13 => format!("{head}{}{tail}", rng.pick(&["'", "\"", "/*", "`"])),
        // A region repeated many times (a flood of the same error).
        14 => {
            let end = (at + 1 + rng.below(80)).min(chars.len());
            let region: String = chars[at..end].iter().collect();
            let times = 1 + rng.below(400);
            format!("{head}{}{tail}", region.repeat(times))
        }
        // A copy of another part of the file spliced in.
        15 => {
            let from = rng.below(chars.len() + 1);
            let end = (from + rng.below(200)).min(chars.len());
            let piece: String = chars[from..end].iter().collect();
            format!("{head}{piece}{tail}")
        }
        // Case changes.
        16 => format!("{}{tail}", head.to_uppercase()),
        // Whitespace removed.
        _ => {
            let end = (at + rng.below(200)).min(chars.len());
            let squeezed: String = chars[at..end]
                .iter()
                .filter(|c| !c.is_whitespace())
                .collect();
            let rest: String = chars[end..].iter().collect();
            format!("{head}{squeezed}{rest}")
        }
    }
}
