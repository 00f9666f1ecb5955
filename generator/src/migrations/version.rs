//! Migration versions: UTC timestamps `YYYYMMDDHHMMSS`, as `sqlx migrate add` writes them.

use std::time::{SystemTime, UNIX_EPOCH};

/// The version for the current time.
pub fn now() -> u64 {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    from_unix(secs as i64)
}

/// Parses a `YYYYMMDDHHMMSS` timestamp given on the command line.
pub fn parse(text: &str) -> Result<u64, String> {
    let bad = || format!("`{text}` is not a UTC timestamp YYYYMMDDHHMMSS");
    if text.len() != 14 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let version: u64 = text.parse().map_err(|_| bad())?;
    to_unix(version).ok_or_else(bad)?;
    Ok(version)
}

/// The version to give a new migration: `clock`, or one second after `last` when the
/// folder already holds a version that is not older (a clock behind, or two migrations
/// within one second).
pub fn next(last: Option<u64>, clock: u64) -> u64 {
    match last {
        Some(last) if last >= clock => match to_unix(last) {
            Some(secs) => from_unix(secs + 1),
            None => last + 1,
        },
        _ => clock,
    }
}

/// The version `n` seconds after `version`.
pub fn plus(version: u64, n: u64) -> u64 {
    match to_unix(version) {
        Some(secs) => from_unix(secs + n as i64),
        None => version + n,
    }
}

fn from_unix(secs: i64) -> u64 {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let (h, min, s) = (rem / 3600, rem % 3600 / 60, rem % 60);
    (((((y * 100 + m) * 100 + d) * 100 + h) * 100 + min) * 100 + s) as u64
}

fn to_unix(version: u64) -> Option<i64> {
    let v = version as i64;
    let (s, min, h) = (v % 100, v / 100 % 100, v / 10_000 % 100);
    let (d, m, y) = (
        v / 1_000_000 % 100,
        v / 100_000_000 % 100,
        v / 10_000_000_000,
    );
    let valid = (1970..=9999).contains(&y)
        && (1..=12).contains(&m)
        && (1..=31).contains(&d)
        && h < 24
        && min < 60
        && s < 60;
    if !valid {
        return None;
    }
    let days = days_from_civil(y, m, d);
    // Reject dates like 20250231 that do not round-trip.
    (civil_from_days(days) == (y, m, d)).then_some(days * 86_400 + h * 3600 + min * 60 + s)
}

/// Howard Hinnant's `days_from_civil`: days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_utc_timestamps() {
        assert_eq!(from_unix(0), 19700101000000);
        assert_eq!(from_unix(1_700_000_000), 20231114221320);
        assert_eq!(to_unix(20231114221320), Some(1_700_000_000));
        assert_eq!(plus(20241231235959, 1), 20250101000000);
        assert_eq!(plus(20240228235959, 1), 20240229000000);
        assert!(parse("20250231000000").is_err());
        assert!(parse("2025").is_err());
        assert_eq!(parse("20250101120000"), Ok(20250101120000));
    }

    #[test]
    fn a_new_version_is_later_than_every_old_one() {
        assert_eq!(next(None, 20250101120000), 20250101120000);
        assert_eq!(next(Some(20250101115959), 20250101120000), 20250101120000);
        assert_eq!(next(Some(20250101120000), 20250101120000), 20250101120001);
        assert_eq!(next(Some(20300101000000), 20250101120000), 20300101000001);
        assert_eq!(next(Some(3), 20250101120000), 20250101120000);
    }
}
