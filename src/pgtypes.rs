//! Rust types of the Postgres types sqlx reads in no serde-able form of its own: `money`,
//! `macaddr`, `macaddr8`, `bit`/`varbit`, `xml`, `tsvector` and `timetz`. Each is read and written in Postgres's binary
//! format, and serialized as its text (money as its minor units).

use core::fmt;
use core::str::FromStr;

use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::postgres::types::Oid;
use sqlx::postgres::{PgArgumentBuffer, PgHasArrayType, PgTypeInfo, PgValueFormat, PgValueRef};
use sqlx::{Decode, Encode, Postgres, Type};

/// The sqlx `Type`, `PgHasArrayType`, `Encode` and `Decode` of a type by its (and its
/// array's) fixed oid in `pg_type`; `also` another type of the same binary format it reads.
macro_rules! pg_type {
    ($ty:ty, $oid:literal, $array:literal $(, also $other:literal, $other_array:literal)?) => {
        impl Type<Postgres> for $ty {
            fn type_info() -> PgTypeInfo {
                PgTypeInfo::with_oid(Oid($oid))
            }
            fn compatible(ty: &PgTypeInfo) -> bool {
                *ty == PgTypeInfo::with_oid(Oid($oid))
                    $(|| *ty == PgTypeInfo::with_oid(Oid($other)))?
            }
        }

        impl PgHasArrayType for $ty {
            fn array_type_info() -> PgTypeInfo {
                PgTypeInfo::with_oid(Oid($array))
            }
            fn array_compatible(ty: &PgTypeInfo) -> bool {
                *ty == PgTypeInfo::with_oid(Oid($array))
                    $(|| *ty == PgTypeInfo::with_oid(Oid($other_array)))?
            }
        }

        impl Encode<'_, Postgres> for $ty {
            fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
                self.write(buf);
                Ok(IsNull::No)
            }
        }

        impl<'r> Decode<'r, Postgres> for $ty {
            fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
                match value.format() {
                    PgValueFormat::Binary => Self::read(value.as_bytes()?),
                    PgValueFormat::Text => Ok(value.as_str()?.parse()?),
                }
            }
        }
    };
}

/// serde as the type's text (`Display` and `FromStr`).
macro_rules! serde_as_text {
    ($ty:ty, $what:literal) => {
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                text.parse().map_err(|e| {
                    <D::Error as serde::de::Error>::custom(format_args!(
                        concat!("not ", $what, ": {}"),
                        e
                    ))
                })
            }
        }
    };
}

/// Why a text is no value of one of these types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseValueError {
    what: &'static str,
    text: String,
}

impl fmt::Display for ParseValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not {}", self.text, self.what)
    }
}

impl std::error::Error for ParseValueError {}

fn parse_error(what: &'static str, text: &str) -> ParseValueError {
    ParseValueError {
        what,
        text: text.to_string(),
    }
}

/// A `money` value: a whole number of the currency's minor unit (cents for `lc_monetary`'s
/// two fraction digits), which is how Postgres stores it. Serialized as that number.
///
/// ```
/// let price = schemaforge::Money(1999);
/// assert_eq!(price.to_string(), "19.99");
/// assert_eq!("19.99".parse::<schemaforge::Money>().unwrap(), price);
/// ```
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(transparent)]
pub struct Money(pub i64);

impl Money {
    fn write(&self, buf: &mut PgArgumentBuffer) {
        buf.extend_from_slice(&self.0.to_be_bytes());
    }

    fn read(bytes: &[u8]) -> Result<Self, BoxDynError> {
        let bytes: [u8; 8] = fixed_bytes(bytes, "money")?;
        Ok(Money(i64::from_be_bytes(bytes)))
    }
}

/// Two fraction digits, `-12.05`: the text of the minor units, not of a locale.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let units = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", units / 100, units % 100)
    }
}

/// `12`, `12.5`, `-12.05`, with an optional `$` and `,` separators (what Postgres prints
/// in the C and en_US locales).
impl FromStr for Money {
    type Err = ParseValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || parse_error("a money amount", s);
        let text = s.trim();
        let (negative, text) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let text = text.strip_prefix('$').unwrap_or(text).replace(',', "");
        let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        if !digits(whole) || (!fraction.is_empty() && !digits(fraction)) || fraction.len() > 2 {
            return Err(bad());
        }
        let whole: i64 = whole.parse().map_err(|_| bad())?;
        let cents: i64 = format!("{fraction:0<2}").parse().map_err(|_| bad())?;
        let units = whole
            .checked_mul(100)
            .and_then(|w| w.checked_add(cents))
            .ok_or_else(bad)?;
        Ok(Money(if negative { -units } else { units }))
    }
}

pg_type!(Money, 790, 791);

/// A `macaddr` value: six bytes, shown as `08:00:2b:01:02:03`.
///
/// ```
/// let mac: schemaforge::MacAddr = "08:00:2b:01:02:03".parse().unwrap();
/// assert_eq!(mac.0, [8, 0, 0x2b, 1, 2, 3]);
/// assert_eq!(mac.to_string(), "08:00:2b:01:02:03");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct MacAddr(pub [u8; 6]);

impl MacAddr {
    fn write(&self, buf: &mut PgArgumentBuffer) {
        buf.extend_from_slice(&self.0);
    }

    fn read(bytes: &[u8]) -> Result<Self, BoxDynError> {
        let bytes: [u8; 6] = fixed_bytes(bytes, "macaddr")?;
        Ok(MacAddr(bytes))
    }
}

impl fmt::Display for MacAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_hex_pairs(f, &self.0)
    }
}

/// Six hexadecimal pairs separated by `:` or `-`, or twelve digits without separators.
impl FromStr for MacAddr {
    type Err = ParseValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_hex_pairs(s, "a MAC address").map(MacAddr)
    }
}

/// `08:00:2b:…`: each byte as two hexadecimal digits, separated by `:`.
fn write_hex_pairs(f: &mut fmt::Formatter<'_>, bytes: &[u8]) -> fmt::Result {
    for (i, byte) in bytes.iter().enumerate() {
        if i > 0 {
            f.write_str(":")?;
        }
        write!(f, "{byte:02x}")?;
    }
    Ok(())
}

/// `N` bytes written as hexadecimal pairs, separated by `:` or `-` or not at all.
fn parse_hex_pairs<const N: usize>(
    s: &str,
    what: &'static str,
) -> Result<[u8; N], ParseValueError> {
    let bad = || parse_error(what, s);
    let hex: String = s
        .trim()
        .chars()
        .filter(|c| !matches!(c, ':' | '-'))
        .collect();
    if hex.len() != 2 * N || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad());
    }
    let mut bytes = [0u8; N];
    for (i, byte) in bytes.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).map_err(|_| bad())?;
    }
    Ok(bytes)
}

/// A binary value of exactly `N` bytes.
fn fixed_bytes<const N: usize>(bytes: &[u8], what: &str) -> Result<[u8; N], BoxDynError> {
    bytes
        .try_into()
        .map_err(|_| format!("{what} is {N} bytes, not {}", bytes.len()).into())
}

pg_type!(MacAddr, 829, 1040);
serde_as_text!(MacAddr, "a MAC address");

/// A `macaddr8` value: eight bytes (EUI-64), shown as `08:00:2b:01:02:03:04:05`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct MacAddr8(pub [u8; 8]);

impl MacAddr8 {
    fn write(&self, buf: &mut PgArgumentBuffer) {
        buf.extend_from_slice(&self.0);
    }

    fn read(bytes: &[u8]) -> Result<Self, BoxDynError> {
        let bytes: [u8; 8] = fixed_bytes(bytes, "macaddr8")?;
        Ok(MacAddr8(bytes))
    }
}

impl fmt::Display for MacAddr8 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_hex_pairs(f, &self.0)
    }
}

/// Eight hexadecimal pairs separated by `:` or `-`, or sixteen digits without separators.
impl FromStr for MacAddr8 {
    type Err = ParseValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_hex_pairs(s, "an EUI-64 MAC address").map(MacAddr8)
    }
}

pg_type!(MacAddr8, 774, 775);
serde_as_text!(MacAddr8, "an EUI-64 MAC address");

/// A `timetz` value: a time of day and its offset from UTC, as Postgres keeps them (it
/// compares two by their instant and then their offset, so `10:00+02` is not `09:00+01`).
/// Shown and serialized as `10:30:00+02`, `10:30:00.25-03:30`.
///
/// ```
/// let t: schemaforge::TimeTz = "10:30:00.5+02".parse().unwrap();
/// assert_eq!(t.microseconds, (10 * 3600 + 30 * 60) * 1_000_000 + 500_000);
/// assert_eq!(t.offset_seconds, 7200);
/// assert_eq!(t.to_string(), "10:30:00.5+02");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TimeTz {
    /// Microseconds since midnight, local time (at most 24:00:00).
    pub microseconds: i64,
    /// The offset from UTC in seconds, east positive (`+02` is 7200).
    pub offset_seconds: i32,
}

/// Postgres's limits: 24:00:00, and offsets of at most 15:59:59.
const DAY_MICROS: i64 = 86_400_000_000;
const MAX_OFFSET: i32 = 15 * 3600 + 59 * 60 + 59;

impl TimeTz {
    fn write(&self, buf: &mut PgArgumentBuffer) {
        buf.extend_from_slice(&self.microseconds.to_be_bytes());
        // Postgres stores the zone as seconds west of UTC.
        buf.extend_from_slice(&(-self.offset_seconds).to_be_bytes());
    }

    fn read(bytes: &[u8]) -> Result<Self, BoxDynError> {
        let bytes: [u8; 12] = fixed_bytes(bytes, "timetz")?;
        let (time, zone) = bytes.split_at(8);
        let time: [u8; 8] = time.try_into()?;
        let zone: [u8; 4] = zone.try_into()?;
        Ok(TimeTz {
            microseconds: i64::from_be_bytes(time),
            offset_seconds: -i32::from_be_bytes(zone),
        })
    }
}

impl fmt::Display for TimeTz {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let us = self.microseconds;
        let (h, m, sec, frac) = (
            us / 3_600_000_000,
            us / 60_000_000 % 60,
            us / 1_000_000 % 60,
            us % 1_000_000,
        );
        write!(f, "{h:02}:{m:02}:{sec:02}")?;
        if frac != 0 {
            let digits = format!("{frac:06}");
            write!(f, ".{}", digits.trim_end_matches('0'))?;
        }
        let sign = if self.offset_seconds < 0 { '-' } else { '+' };
        let off = self.offset_seconds.unsigned_abs();
        write!(f, "{sign}{:02}", off / 3600)?;
        if !off.is_multiple_of(3600) {
            write!(f, ":{:02}", off / 60 % 60)?;
        }
        if !off.is_multiple_of(60) {
            write!(f, ":{:02}", off % 60)?;
        }
        Ok(())
    }
}

/// `HH:MM[:SS[.ffffff]]` and an offset, `+HH[:MM[:SS]]`, `-HHMM` or `Z`: the offset is
/// required, since one left out would be the server's.
impl FromStr for TimeTz {
    type Err = ParseValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || parse_error("a time with an offset", s);
        let text = s.trim();
        let split = text.find(['+', '-', 'Z', 'z']).ok_or_else(bad)?;
        let (clock, zone) = text.split_at(split);
        let number = |t: &str| -> Result<i64, ParseValueError> {
            if t.is_empty() || t.len() > 2 || !t.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            t.parse().map_err(|_| bad())
        };
        let mut parts = clock.split(':');
        let h = number(parts.next().ok_or_else(bad)?)?;
        let m = number(parts.next().ok_or_else(bad)?)?;
        let (sec, micros) = match parts.next() {
            None => (0, 0),
            Some(sec) => {
                let (whole, frac) = sec.split_once('.').unwrap_or((sec, ""));
                if frac.len() > 6 || !frac.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(bad());
                }
                let micros = if frac.is_empty() {
                    0
                } else {
                    format!("{frac:0<6}").parse().map_err(|_| bad())?
                };
                (number(whole)?, micros)
            }
        };
        if parts.next().is_some() || m > 59 || sec > 59 {
            return Err(bad());
        }
        let microseconds = ((h * 60 + m) * 60 + sec) * 1_000_000 + micros;
        if microseconds > DAY_MICROS {
            return Err(bad());
        }
        let offset_seconds = if zone.eq_ignore_ascii_case("z") {
            0
        } else {
            let sign = if zone.starts_with('-') { -1 } else { 1 };
            let digits = &zone[1..];
            let fields: Vec<&str> = if digits.contains(':') {
                digits.split(':').collect()
            } else {
                digits
                    .as_bytes()
                    .chunks(2)
                    .map(|c| std::str::from_utf8(c).unwrap_or(""))
                    .collect()
            };
            if fields.is_empty() || fields.len() > 3 {
                return Err(bad());
            }
            let mut seconds = 0i64;
            for (i, field) in fields.iter().enumerate() {
                let n = number(field)?;
                if i > 0 && n > 59 {
                    return Err(bad());
                }
                seconds = seconds * 60 + n;
            }
            seconds *= 60i64.pow(3 - fields.len() as u32);
            let seconds = i32::try_from(seconds).map_err(|_| bad())?;
            if seconds > MAX_OFFSET {
                return Err(bad());
            }
            sign * seconds
        };
        Ok(TimeTz {
            microseconds,
            offset_seconds,
        })
    }
}

pg_type!(TimeTz, 1266, 1270);
serde_as_text!(TimeTz, "a time with an offset");

/// A `bit(n)` or `varbit(n)` value: a string of bits, shown as `0101`. Postgres checks the
/// length against the column's.
///
/// ```
/// let flags: schemaforge::Bits = "1010".parse().unwrap();
/// assert_eq!(flags.len(), 4);
/// assert_eq!(flags.get(0), Some(true));
/// assert_eq!(flags.to_string(), "1010");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Bits {
    len: usize,
    bytes: Vec<u8>,
}

impl Bits {
    /// The bits, first to last.
    pub fn from_bools(bits: impl IntoIterator<Item = bool>) -> Bits {
        let mut out = Bits::default();
        for bit in bits {
            if out.len % 8 == 0 {
                out.bytes.push(0);
            }
            if bit && let Some(last) = out.bytes.last_mut() {
                *last |= 0x80 >> (out.len % 8);
            }
            out.len += 1;
        }
        out
    }

    /// How many bits there are.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The bit at `i` (0 is the first), if there is one.
    pub fn get(&self, i: usize) -> Option<bool> {
        (i < self.len).then(|| self.bytes[i / 8] & (0x80 >> (i % 8)) != 0)
    }

    /// The bits, first to last.
    pub fn iter(&self) -> impl Iterator<Item = bool> + '_ {
        (0..self.len).filter_map(|i| self.get(i))
    }

    fn write(&self, buf: &mut PgArgumentBuffer) {
        let len = i32::try_from(self.len).unwrap_or(i32::MAX);
        buf.extend_from_slice(&len.to_be_bytes());
        buf.extend_from_slice(&self.bytes);
    }

    fn read(bytes: &[u8]) -> Result<Self, BoxDynError> {
        let (len, rest) = bytes
            .split_first_chunk::<4>()
            .ok_or("a bit string starts with its length")?;
        let len = usize::try_from(i32::from_be_bytes(*len))?;
        if rest.len() != len.div_ceil(8) {
            return Err(format!("{len} bits in {} bytes", rest.len()).into());
        }
        Ok(Bits {
            len,
            bytes: rest.to_vec(),
        })
    }
}

impl fmt::Display for Bits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.iter()
            .try_for_each(|bit| f.write_str(if bit { "1" } else { "0" }))
    }
}

/// `0` and `1` only.
impl FromStr for Bits {
    type Err = ParseValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if !s.bytes().all(|b| b == b'0' || b == b'1') {
            return Err(parse_error("a bit string", s));
        }
        Ok(Bits::from_bools(s.bytes().map(|b| b == b'1')))
    }
}

// Written as `varbit`, which Postgres casts to a `bit(n)` column of the same length.
pg_type!(Bits, 1562, 1563, also 1560, 1561);
serde_as_text!(Bits, "a bit string");

/// An `xml` value, as its text. Postgres checks that it is well-formed XML.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Xml(pub String);

impl Xml {
    fn write(&self, buf: &mut PgArgumentBuffer) {
        buf.extend_from_slice(self.0.as_bytes());
    }

    fn read(bytes: &[u8]) -> Result<Self, BoxDynError> {
        Ok(Xml(std::str::from_utf8(bytes)?.to_string()))
    }
}

impl fmt::Display for Xml {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Xml {
    type Err = core::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Xml(s.to_string()))
    }
}

pg_type!(Xml, 142, 143);
serde_as_text!(Xml, "XML");

/// A `tsvector` value: its lexemes (normalized words), each with its positions in the
/// document and their weights, in Postgres's order (sorted, each lexeme once). Shown and
/// serialized in Postgres's text form, `'fat':2A 'rat':3`.
///
/// ```
/// let doc: schemaforge::TsVector = "rat:3 fat:2A".parse().unwrap();
/// assert_eq!(doc.to_string(), "'fat':2A 'rat':3");
/// assert_eq!(doc.lexemes().collect::<Vec<_>>(), ["fat", "rat"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct TsVector {
    entries: Vec<(String, Vec<u16>)>,
}

/// The highest position Postgres keeps; a larger one is stored as it.
const MAX_POSITION: u16 = 16383;

impl TsVector {
    /// The lexemes, in order.
    pub fn lexemes(&self) -> impl Iterator<Item = &str> + '_ {
        self.entries.iter().map(|(word, _)| word.as_str())
    }

    /// Sorted as Postgres sorts lexemes (by their bytes), each once with its positions
    /// merged, sorted and each once.
    fn normalized(mut entries: Vec<(String, Vec<u16>)>) -> TsVector {
        entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        let mut out: Vec<(String, Vec<u16>)> = Vec::with_capacity(entries.len());
        for (word, positions) in entries {
            match out.last_mut() {
                Some((last, merged)) if *last == word => merged.extend(positions),
                _ => out.push((word, positions)),
            }
        }
        for (_, positions) in &mut out {
            // A position once, with the highest weight written for it.
            positions.sort_unstable_by_key(|p| (p & MAX_POSITION, u16::MAX - (p >> 14)));
            positions.dedup_by_key(|p| *p & MAX_POSITION);
        }
        TsVector { entries: out }
    }

    fn write(&self, buf: &mut PgArgumentBuffer) {
        let count = i32::try_from(self.entries.len()).unwrap_or(i32::MAX);
        buf.extend_from_slice(&count.to_be_bytes());
        for (word, positions) in &self.entries {
            buf.extend_from_slice(word.as_bytes());
            buf.push(0);
            let n = u16::try_from(positions.len()).unwrap_or(u16::MAX);
            buf.extend_from_slice(&n.to_be_bytes());
            for p in positions.iter().take(usize::from(n)) {
                buf.extend_from_slice(&p.to_be_bytes());
            }
        }
    }

    fn read(bytes: &[u8]) -> Result<Self, BoxDynError> {
        let truncated = || "a truncated tsvector";
        let (count, mut rest) = bytes.split_first_chunk::<4>().ok_or_else(truncated)?;
        let count = usize::try_from(i32::from_be_bytes(*count))?;
        let mut entries = Vec::with_capacity(count.min(rest.len()));
        for _ in 0..count {
            let end = rest.iter().position(|b| *b == 0).ok_or_else(truncated)?;
            let word = std::str::from_utf8(&rest[..end])?.to_string();
            let (n, after) = rest[end + 1..]
                .split_first_chunk::<2>()
                .ok_or_else(truncated)?;
            let n = usize::from(u16::from_be_bytes(*n));
            let mut positions = Vec::with_capacity(n);
            rest = after;
            for _ in 0..n {
                let (p, after) = rest.split_first_chunk::<2>().ok_or_else(truncated)?;
                positions.push(u16::from_be_bytes(*p));
                rest = after;
            }
            entries.push((word, positions));
        }
        Ok(TsVector { entries })
    }
}

impl fmt::Display for TsVector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (word, positions)) in self.entries.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            f.write_str("'")?;
            for c in word.chars() {
                match c {
                    '\'' => f.write_str("''")?,
                    '\\' => f.write_str("\\\\")?,
                    c => write!(f, "{c}")?,
                }
            }
            f.write_str("'")?;
            for (j, p) in positions.iter().enumerate() {
                f.write_str(if j == 0 { ":" } else { "," })?;
                write!(f, "{}", p & MAX_POSITION)?;
                match p >> 14 {
                    3 => f.write_str("A")?,
                    2 => f.write_str("B")?,
                    1 => f.write_str("C")?,
                    _ => {}
                }
            }
        }
        Ok(())
    }
}

/// Postgres's text form: lexemes separated by spaces, quoted (`'it''s'`) or not, each
/// optionally followed by `:` and positions (`1`, `2A`, `3b`), separated by `,`.
impl FromStr for TsVector {
    type Err = ParseValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || parse_error("a tsvector", s);
        let chars: Vec<char> = s.chars().collect();
        let mut at = 0;
        let mut entries = Vec::new();
        loop {
            while chars.get(at).is_some_and(|c| c.is_whitespace()) {
                at += 1;
            }
            let Some(&first) = chars.get(at) else { break };
            let mut word = String::new();
            if first == '\'' {
                at += 1;
                loop {
                    match chars.get(at) {
                        None => return Err(bad()),
                        Some('\'') if chars.get(at + 1) == Some(&'\'') => {
                            word.push('\'');
                            at += 2;
                        }
                        Some('\'') => {
                            at += 1;
                            break;
                        }
                        Some('\\') => {
                            word.push(*chars.get(at + 1).ok_or_else(bad)?);
                            at += 2;
                        }
                        Some(c) => {
                            word.push(*c);
                            at += 1;
                        }
                    }
                }
            } else {
                while let Some(&c) = chars.get(at) {
                    if c.is_whitespace() || c == ':' {
                        break;
                    }
                    if c == '\\' {
                        word.push(*chars.get(at + 1).ok_or_else(bad)?);
                        at += 2;
                    } else {
                        word.push(c);
                        at += 1;
                    }
                }
            }
            if word.is_empty() {
                return Err(bad());
            }
            let mut positions = Vec::new();
            if chars.get(at) == Some(&':') {
                loop {
                    at += 1;
                    let start = at;
                    while chars.get(at).is_some_and(char::is_ascii_digit) {
                        at += 1;
                    }
                    let digits: String = chars[start..at].iter().collect();
                    let position: u32 = digits.parse().map_err(|_| bad())?;
                    if position == 0 {
                        return Err(bad());
                    }
                    let position =
                        u16::try_from(position.min(u32::from(MAX_POSITION))).map_err(|_| bad())?;
                    let weight = match chars.get(at).map(char::to_ascii_uppercase) {
                        Some('A') => 3,
                        Some('B') => 2,
                        Some('C') => 1,
                        Some('D') => 0,
                        _ => {
                            positions.push(position);
                            if chars.get(at) == Some(&',') {
                                continue;
                            }
                            break;
                        }
                    };
                    at += 1;
                    positions.push(position | (weight << 14));
                    if chars.get(at) != Some(&',') {
                        break;
                    }
                }
                if chars.get(at).is_some_and(|c| !c.is_whitespace()) {
                    return Err(bad());
                }
            }
            entries.push((word, positions));
        }
        Ok(TsVector::normalized(entries))
    }
}

pg_type!(TsVector, 3614, 3643);
serde_as_text!(TsVector, "a tsvector");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_reads_and_prints_minor_units() {
        for (text, units) in [
            ("0", 0),
            ("12", 1200),
            ("12.5", 1250),
            ("-0.05", -5),
            ("$1,234.56", 123_456),
        ] {
            assert_eq!(text.parse::<Money>(), Ok(Money(units)), "{text}");
        }
        assert_eq!(Money(-5).to_string(), "-0.05");
        for bad in ["", "1.234", "abc", "1.x", "--1"] {
            assert!(bad.parse::<Money>().is_err(), "{bad}");
        }
    }

    #[test]
    fn mac_addresses_and_bits_round_trip_their_text() {
        let mac: MacAddr = "08-00-2B-01-02-03".parse().expect("a MAC");
        assert_eq!(mac.to_string(), "08:00:2b:01:02:03");
        assert!("08:00:2b:01:02".parse::<MacAddr>().is_err());
        let bits: Bits = "101000001".parse().expect("bits");
        assert_eq!(bits.len(), 9);
        assert_eq!(bits.bytes, [0b1010_0000, 0b1000_0000]);
        assert_eq!(bits.to_string(), "101000001");
        assert!("102".parse::<Bits>().is_err());
        assert_eq!(Bits::default().to_string(), "");
    }

    #[test]
    fn times_with_offsets_read_and_print_their_text() {
        for (text, shown) in [
            ("10:30+02", "10:30:00+02"),
            ("23:59:59.999999-03:30", "23:59:59.999999-03:30"),
            ("00:00:00Z", "00:00:00+00"),
            ("24:00:00+0530", "24:00:00+05:30"),
            ("07:05:01.1-00:00:30", "07:05:01.1-00:00:30"),
        ] {
            let t: TimeTz = text.parse().expect(text);
            assert_eq!(t.to_string(), shown, "{text}");
            assert_eq!(shown.parse::<TimeTz>(), Ok(t));
        }
        for bad in [
            "10:30",
            "10:60+02",
            "25:00+00",
            "10:30+16",
            "10:30:00.1234567+00",
            "x+01",
        ] {
            assert!(bad.parse::<TimeTz>().is_err(), "{bad}");
        }
        let mac: MacAddr8 = "08-00-2b-01-02-03-04-05".parse().expect("an EUI-64");
        assert_eq!(mac.to_string(), "08:00:2b:01:02:03:04:05");
    }

    #[test]
    fn tsvectors_read_postgres_text_and_print_it_sorted() {
        let doc: TsVector = "b:3,1 a:2B 'it''s':1 a:5 'back\\\\slash'"
            .parse()
            .expect("a tsvector");
        assert_eq!(
            doc.to_string(),
            "'a':2B,5 'b':1,3 'back\\\\slash' 'it''s':1"
        );
        assert_eq!(doc.to_string().parse::<TsVector>(), Ok(doc));
        for bad in ["'open", "a:", "a:0", "a:x", "a:1Z", "a:1 :2"] {
            assert!(bad.parse::<TsVector>().is_err(), "{bad}");
        }
        assert_eq!("".parse::<TsVector>(), Ok(TsVector::default()));
    }
}
