//! Date, time and interval literals as Postgres reads them, judged before it does.
//!
//! Postgres reads a date in many forms, and which one it picks for `03/02/2024` depends on
//! the server's `DateStyle`. A schema is applied to many servers, so a date or timestamp
//! literal in a schema is written in ISO 8601 (`2024-02-29`, `2024-02-29 12:30:00+00`) or
//! is one of Postgres's special words; anything else is refused with a hint, and within
//! the ISO form every field is checked (month, day of that month, hour, minute, second,
//! offset). An interval is read in Postgres's own forms (`30 days`, `1 day 02:00:00`,
//! `P1DT2H`, `@ 3 hours ago`); text in none of them is refused.

/// The date and time types whose literals are checked here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Temporal {
    Date,
    Time,
    Timestamp,
    Timestamptz,
    Interval,
}

impl Temporal {
    fn name(self) -> &'static str {
        match self {
            Temporal::Date => "date",
            Temporal::Time => "time",
            Temporal::Timestamp => "timestamp",
            Temporal::Timestamptz => "timestamptz",
            Temporal::Interval => "interval",
        }
    }
}

/// Why Postgres would refuse `text` as a value of `ty`, or why it would read it by the
/// server's settings; `None` if it reads it the same everywhere.
pub fn problem(ty: Temporal, text: &str) -> Option<String> {
    let trimmed = text.trim();
    let lower = trimmed.to_ascii_lowercase();
    match ty {
        Temporal::Interval => interval(&lower).err().map(|why| format!("'{text}' {why}")),
        Temporal::Time => {
            if lower == "allballs" || lower == "now" {
                return None;
            }
            let mut s = Scanner::new(&lower);
            let result = s.time().and_then(|()| s.zone()).and_then(|()| s.end());
            result
                .err()
                .map(|why| format!("'{text}' is not a time: {why}"))
        }
        Temporal::Date | Temporal::Timestamp | Temporal::Timestamptz => {
            let special = [
                "epoch",
                "infinity",
                "-infinity",
                "+infinity",
                "now",
                "today",
                "tomorrow",
                "yesterday",
            ];
            if special.contains(&lower.as_str()) {
                return None;
            }
            let mut s = Scanner::new(&lower);
            let result = s.date().and_then(|()| {
                if s.at_end() {
                    return Ok(());
                }
                if !s.eat('t') && !s.eat_spaces() {
                    return Err("expected a time after the date".to_string());
                }
                s.time()?;
                s.zone()?;
                s.end()
            });
            result.err().map(|why| {
                // A field out of range is wrong on every server; any other text is not the
                // form every server reads alike.
                if why.starts_with(NO_SUCH) {
                    format!("'{text}' is not a {}: {why}", ty.name())
                } else {
                    format!(
                        "'{text}' is not a {} in ISO 8601 form (`2024-02-29 12:30:00`): {why}",
                        ty.name()
                    )
                }
            })
        }
    }
}

/// How the reason for a field out of range begins.
const NO_SUCH: &str = "there is no";

/// A cursor over a literal's text (already lower-cased).
struct Scanner<'a> {
    text: &'a [u8],
    at: usize,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Scanner<'a> {
        Scanner {
            text: text.as_bytes(),
            at: 0,
        }
    }

    fn at_end(&self) -> bool {
        self.at == self.text.len()
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c as u8) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn eat_spaces(&mut self) -> bool {
        let start = self.at;
        while self.peek() == Some(b' ') {
            self.at += 1;
        }
        self.at > start
    }

    fn end(&mut self) -> Result<(), String> {
        self.eat_spaces();
        if self.at_end() {
            Ok(())
        } else {
            Err("unexpected text at its end".to_string())
        }
    }

    /// Exactly `n` digits, as a number.
    fn digits(&mut self, n: usize, what: &str) -> Result<u32, String> {
        let end = self.at + n;
        let Some(run) = self.text.get(self.at..end) else {
            return Err(format!("expected {n} digits of {what}"));
        };
        if !run.iter().all(u8::is_ascii_digit) {
            return Err(format!("expected {n} digits of {what}"));
        }
        self.at = end;
        Ok(run.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    }

    fn expect(&mut self, c: char, what: &str) -> Result<(), String> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(format!("expected `{c}` {what}"))
        }
    }

    /// `YYYY-MM-DD`, the day within its month.
    fn date(&mut self) -> Result<(), String> {
        let year = self.digits(4, "the year")?;
        self.expect('-', "after the year")?;
        let month = self.digits(2, "the month")?;
        self.expect('-', "after the month")?;
        let day = self.digits(2, "the day")?;
        if !(1..=12).contains(&month) {
            return Err(format!("{NO_SUCH} month {month}"));
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(format!("{NO_SUCH} day {day} in month {month} of {year}"));
        }
        Ok(())
    }

    /// `HH:MM[:SS[.fraction]]`; `24:00:00` is the end of a day.
    fn time(&mut self) -> Result<(), String> {
        let hour = self.digits(2, "the hour")?;
        self.expect(':', "after the hour")?;
        let minute = self.digits(2, "the minute")?;
        let mut second = 0;
        let mut fraction = false;
        if self.eat(':') {
            second = self.digits(2, "the second")?;
            if self.eat('.') {
                let start = self.at;
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.at += 1;
                }
                if self.at == start {
                    return Err("expected digits after the `.`".to_string());
                }
                fraction = self.text[start..self.at].iter().any(|&d| d != b'0');
            }
        }
        let end_of_day = hour == 24 && minute == 0 && second == 0 && !fraction;
        if hour > 23 && !end_of_day {
            return Err(format!("{NO_SUCH} hour {hour}"));
        }
        if minute > 59 {
            return Err(format!("{NO_SUCH} minute {minute}"));
        }
        // Postgres takes second 60 (a leap second) and carries it into the minute.
        if second > 60 {
            return Err(format!("{NO_SUCH} second {second}"));
        }
        Ok(())
    }

    /// An optional zone: `z`, `utc`, `gmt`, or an offset `±HH[[:]MM]`.
    fn zone(&mut self) -> Result<(), String> {
        self.eat_spaces();
        let rest = &self.text[self.at..];
        for word in [&b"utc"[..], b"gmt", b"z"] {
            if rest == word {
                self.at = self.text.len();
                return Ok(());
            }
        }
        if !(self.eat('+') || self.eat('-')) {
            if self.at_end() {
                return Ok(());
            }
            return Err("a zone is written as an offset (`+02:00`) or `UTC`".to_string());
        }
        let hours = self.digits(2, "the offset's hours")?;
        let minutes = if self.eat(':') || self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.digits(2, "the offset's minutes")?
        } else {
            0
        };
        if hours > 15 || minutes > 59 {
            return Err(format!("{NO_SUCH} offset of {hours:02}:{minutes:02}"));
        }
        Ok(())
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The units Postgres reads in an interval, singular, plural and abbreviated.
const INTERVAL_UNITS: &[&str] = &[
    "microsecond",
    "microseconds",
    "us",
    "usec",
    "usecs",
    "millisecond",
    "milliseconds",
    "ms",
    "msec",
    "msecs",
    "second",
    "seconds",
    "s",
    "sec",
    "secs",
    "minute",
    "minutes",
    "m",
    "min",
    "mins",
    "hour",
    "hours",
    "h",
    "hr",
    "hrs",
    "day",
    "days",
    "d",
    "week",
    "weeks",
    "w",
    "month",
    "months",
    "mon",
    "mons",
    "year",
    "years",
    "y",
    "yr",
    "yrs",
    "decade",
    "decades",
    "century",
    "centuries",
    "millennium",
    "millennia",
];

/// Reads an interval in Postgres's verbose form (`@ 1 day 2 hours ago`, `1 day 02:00`), as
/// one bare number of seconds, or in ISO 8601's `P…` form.
fn interval(text: &str) -> Result<(), String> {
    if text.starts_with('p') {
        return iso_interval(text);
    }
    let words: Vec<&str> = text.split_ascii_whitespace().collect();
    let mut words = words.as_slice();
    if let [first, rest @ ..] = words
        && *first == "@"
    {
        words = rest;
    }
    let mut ago = false;
    if let [rest @ .., last] = words
        && *last == "ago"
    {
        words = rest;
        ago = true;
    }
    if words.is_empty() {
        return Err("is not an interval: it has no quantity".to_string());
    }
    // A bare number is seconds: alone, or last after a unit, and never with `ago`.
    if let [only] = words
        && is_number(only)
        && !ago
    {
        return Ok(());
    }
    let mut i = 0;
    let mut after_unit = false;
    while i < words.len() {
        let word = words[i];
        if is_clock(word) {
            i += 1;
            after_unit = false;
            continue;
        }
        if i + 1 == words.len() && is_number(word) && after_unit && !ago {
            return Ok(());
        }
        // `30 days`, or `30days` written together.
        let split = word
            .find(|c: char| c.is_ascii_alphabetic())
            .unwrap_or(word.len());
        let (number, unit) = word.split_at(split);
        let (number, unit) = if unit.is_empty() {
            i += 1;
            let Some(unit) = words.get(i) else {
                return Err(format!("is not an interval: `{number}` has no unit"));
            };
            (number, *unit)
        } else {
            (number, unit)
        };
        if !is_number(number) {
            return Err(format!("is not an interval: `{word}` is not a quantity"));
        }
        if !INTERVAL_UNITS.contains(&unit) {
            return Err(format!(
                "is not an interval: `{unit}` is not a unit (`second`, `minute`, `hour`, `day`, `week`, `month`, `year`)"
            ));
        }
        after_unit = true;
        i += 1;
    }
    Ok(())
}

/// `-1.5`, `30`, `+2`.
fn is_number(word: &str) -> bool {
    let digits = word.strip_prefix(['-', '+']).unwrap_or(word);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let fraction = parts.next();
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole)
        && fraction.is_none_or(all_digits)
        && (!whole.is_empty() || fraction.is_some_and(|f| !f.is_empty()))
}

/// `02:00`, `-1:30:15.5`: hours, minutes and seconds of an interval.
fn is_clock(word: &str) -> bool {
    let word = word.strip_prefix(['-', '+']).unwrap_or(word);
    let parts: Vec<&str> = word.split(':').collect();
    let whole = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [h, m] => whole(h) && whole(m),
        [h, m, s] => whole(h) && whole(m) && is_number(s) && !s.starts_with(['-', '+']),
        _ => false,
    }
}

/// `P1Y2M3W4DT5H6M7.5S`: each designator at most once, in order, a `T` before the time.
fn iso_interval(text: &str) -> Result<(), String> {
    let bad = || {
        Err(format!(
            "is not an interval: `{text}` is not ISO 8601's `P1DT2H` form"
        ))
    };
    let body = &text[1..];
    let (date, time) = match body.split_once('t') {
        Some((d, t)) if !t.is_empty() => (d, Some(t)),
        Some(_) => return bad(),
        None => (body, None),
    };
    let designators = |part: &str, order: &[u8]| -> bool {
        let mut next = 0;
        let mut number = String::new();
        for c in part.bytes() {
            if c.is_ascii_digit() || c == b'.' {
                number.push(char::from(c));
                continue;
            }
            let Some(at) = order[next..].iter().position(|&d| d == c) else {
                return false;
            };
            if !is_number(&number) {
                return false;
            }
            number.clear();
            next += at + 1;
        }
        number.is_empty()
    };
    if date.is_empty() && time.is_none() {
        return bad();
    }
    if !designators(date, b"ymwd") || !time.is_none_or(|t| designators(t, b"hms")) {
        return bad();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_and_times_are_read_field_by_field() {
        for ok in [
            "2024-02-29",
            "2024-02-29 12:30:00",
            "2024-02-29T12:30:00.123456Z",
            "2024-12-31 23:59:60",
            "2024-01-01 24:00:00",
            "2024-01-01 12:00+02",
            "2024-01-01 12:00:00 -05:30",
            "2024-01-01 12:00 UTC",
            "epoch",
            "-infinity",
        ] {
            assert_eq!(problem(Temporal::Timestamptz, ok), None, "{ok}");
        }
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-04-31",
            "2024-02-2 unscoped 9 12:30:00",
            "2024-01-01 25:00",
            "2024-01-01 24:00:01",
            "2024-01-01 12:60",
            "2024-01-01 12:00 Mars/Olympus",
            "Feb 29 2024",
            "03/02/2024",
            "",
        ] {
            assert!(problem(Temporal::Timestamp, bad).is_some(), "{bad}");
        }
        assert_eq!(problem(Temporal::Time, "allballs"), None);
        assert_eq!(problem(Temporal::Time, "12:30:00+01"), None);
        assert!(problem(Temporal::Time, "12:30 tomorrow").is_some());
    }

    #[test]
    fn intervals_are_read_in_postgres_forms() {
        for ok in [
            "30 days",
            "30days",
            "1 day 02:00:00",
            "@ 3 hours ago",
            "-1.5 hours",
            "90",
            "P1Y2M3DT4H5M6.5S",
            "PT15M",
            "1 year 2 mons",
            "2 weeks",
            "1 day 2",
            "@ 90",
        ] {
            assert_eq!(problem(Temporal::Interval, ok), None, "{ok}");
        }
        for bad in [
            "30 dayZ",
            "days",
            "",
            "P",
            "PT",
            "P1H",
            "P1D2Y",
            "ago",
            "1::00",
            "5 ago",
            "1 2 day",
            "1 day 2 ago",
            "02:00 3",
        ] {
            assert!(problem(Temporal::Interval, bad).is_some(), "{bad}");
        }
    }
}
