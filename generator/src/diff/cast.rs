//! Which column type changes Postgres can make in place, and at what cost.
//!
//! A change is written `ALTER COLUMN c TYPE t USING c::t`. The table below says whether a
//! cast exists (otherwise the diff refuses with an error), whether it can lose
//! information (a narrowing change: refused without `--allow-data-loss`), whether it can
//! fail on some values (text parsed into another type), and whether Postgres rewrites the
//! table (it does not for a widening of `varchar`/`numeric` limits or `varchar` → `text`).

use schemaforge_schema::ir::{ColumnType, ScalarType};

use crate::emit::sql::table::column_type;

/// How one column type converts to another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cast {
    /// The `USING` expression.
    pub using: String,
    /// Values may be truncated, rounded or collapsed.
    pub lossy: bool,
    /// Some values may not convert, failing the step.
    pub may_fail: bool,
    /// Postgres rewrites the table.
    pub rewrite: bool,
}

/// The cast from `from` to `to` for the (quoted) column `column`, or `None` when Postgres
/// has none. From one enum to another (or to the same enum, rebuilt) goes through `text`.
pub(crate) fn cast(column: &str, from: &ColumnType, to: &ColumnType) -> Option<Cast> {
    let class = class(from, to)?;
    let via_text = matches!(from.element(), ColumnType::Enum(_))
        && matches!(to.element(), ColumnType::Enum(_));
    let target = column_type(to);
    let using = if via_text {
        let text = match to {
            ColumnType::Array(_) => "text[]",
            _ => "text",
        };
        format!("{column}::{text}::{target}")
    } else {
        format!("{column}::{target}")
    };
    Some(Cast {
        using,
        lossy: class.lossy,
        may_fail: class.may_fail,
        rewrite: class.rewrite,
    })
}

#[derive(Clone, Copy)]
struct Class {
    lossy: bool,
    may_fail: bool,
    rewrite: bool,
}

const REWRITE: Class = Class {
    lossy: false,
    may_fail: false,
    rewrite: true,
};
const LOSSY: Class = Class {
    lossy: true,
    may_fail: false,
    rewrite: true,
};
const PARSE: Class = Class {
    lossy: false,
    may_fail: true,
    rewrite: true,
};
const FREE: Class = Class {
    lossy: false,
    may_fail: false,
    rewrite: false,
};

fn class(from: &ColumnType, to: &ColumnType) -> Option<Class> {
    use ColumnType::*;
    match (from, to) {
        (Array(a), Array(b)) => class(a, b).map(|c| Class {
            rewrite: c.rewrite || a != b,
            ..c
        }),
        (Array(_), _) | (_, Array(_)) => None,
        // An enum rebuilt under its own name: values are kept by their text.
        (Enum(a), Enum(b)) if a == b => Some(REWRITE),
        (Enum(_), Enum(_)) => Some(PARSE),
        (Enum(_), Scalar(s)) if is_text(*s) => Some(to_text(None, *s)),
        (Scalar(s), Enum(_)) if is_text(*s) => Some(PARSE),
        (Enum(_), _) | (_, Enum(_)) => None,
        (Scalar(a), Scalar(b)) => scalar(*a, *b),
    }
}

fn is_text(s: ScalarType) -> bool {
    matches!(
        s,
        ScalarType::Text | ScalarType::Varchar(_) | ScalarType::Char(_)
    )
}

/// Any type converts to a string type; only a length limit can lose characters.
fn to_text(from: Option<ScalarType>, to: ScalarType) -> Class {
    use ScalarType::*;
    match (from, to) {
        (Some(Varchar(Some(m))), Varchar(Some(n))) if m <= n => FREE,
        (Some(Varchar(_) | Text), Varchar(None) | Text) => FREE,
        (Some(Char(Some(m))), Char(Some(n))) if m <= n => REWRITE,
        (_, Varchar(Some(_)) | Char(_)) => LOSSY,
        _ => REWRITE,
    }
}

/// Decimal digits an integer type can hold, for casts to `numeric(p, s)`.
fn integer_digits(s: ScalarType) -> u32 {
    match s {
        ScalarType::Smallint => 5,
        ScalarType::Integer => 10,
        _ => 19,
    }
}

fn integer_rank(s: ScalarType) -> u8 {
    match s {
        ScalarType::Smallint => 1,
        ScalarType::Integer => 2,
        _ => 3,
    }
}

fn scalar(from: ScalarType, to: ScalarType) -> Option<Class> {
    use ScalarType::*;
    if from == to {
        return Some(FREE);
    }
    if is_text(to) {
        return Some(to_text(Some(from), to));
    }
    match (from, to) {
        // Text and citext are binary compatible: the values stay, their comparison changes
        // (the indexes on them are built again).
        (f, Citext) if is_text(f) || f == Name => return Some(REWRITE),
        // A `name` holds 63 bytes: longer text is cut.
        (f, Name) if is_text(f) || f == Citext => return Some(LOSSY),
        (Cidr, Inet) => return Some(REWRITE),
        // An address with bits right of its netmask is no network.
        (Inet, Cidr) => return Some(PARSE),
        _ => {}
    }
    if is_text(from) {
        return Some(PARSE);
    }
    // A time type's precision: Postgres relabels a change to more digits (or to none, or to
    // 6) in place, and rounds to fewer, rewriting.
    let precision = |p: Option<u32>| p.unwrap_or(6);
    match (from, to) {
        (Time(a), Time(b)) | (Timestamp(a), Timestamp(b)) | (Timestamptz(a), Timestamptz(b)) => {
            let free = b.is_none() || precision(b) >= precision(a);
            return Some(if free { FREE } else { LOSSY });
        }
        _ => {}
    }
    let widening = |wide: bool| if wide { REWRITE } else { LOSSY };
    Some(match (from, to) {
        (a, b) if a.is_integer() && b.is_integer() => widening(integer_rank(a) <= integer_rank(b)),
        (a, Numeric(None)) if a.is_integer() => REWRITE,
        (a, Numeric(Some((p, s)))) if a.is_integer() => {
            widening(p.saturating_sub(s.unwrap_or(0)) >= integer_digits(a))
        }
        (a, Real) if a.is_integer() => widening(a == Smallint),
        (a, DoublePrecision) if a.is_integer() => widening(a != Bigint),
        (Numeric(_) | Real | DoublePrecision, b) if b.is_integer() => LOSSY,
        (Numeric(Some(_)), Numeric(None)) => FREE,
        (Numeric(None), Numeric(Some(_))) => LOSSY,
        (Numeric(Some((p1, s1))), Numeric(Some((p2, s2)))) => {
            let (s1, s2) = (s1.unwrap_or(0), s2.unwrap_or(0));
            if s2 < s1 || p2.saturating_sub(s2) < p1.saturating_sub(s1) {
                LOSSY
            } else if s1 == s2 {
                FREE
            } else {
                REWRITE
            }
        }
        (Real, DoublePrecision) => REWRITE,
        (Real | DoublePrecision, Numeric(None)) => REWRITE,
        (Real | DoublePrecision | Numeric(_), _) if is_float_or_numeric(to) => LOSSY,
        (Boolean, Integer) => REWRITE,
        (Integer, Boolean) => LOSSY,
        (Date, Timestamp(_) | Timestamptz(_)) => REWRITE,
        (Timestamp(_) | Timestamptz(_), Date | Time(_)) => LOSSY,
        // To fewer digits of seconds, the values are rounded too.
        (Timestamp(a), Timestamptz(b)) | (Timestamptz(a), Timestamp(b))
            if precision(b) < precision(a) =>
        {
            LOSSY
        }
        (Timestamp(_), Timestamptz(_)) | (Timestamptz(_), Timestamp(_)) => REWRITE,
        (Time(_), Interval) => REWRITE,
        (Interval, Time(_)) => LOSSY,
        (Json, Jsonb) | (Jsonb, Json) => REWRITE,
        // A bit string's length: `varbit(n)` holds at most `n`, `bit(n)` exactly `n`; the
        // cast cuts a longer value (and pads a shorter one to `bit(n)`).
        (Varbit(_), Varbit(None)) => FREE,
        (Varbit(Some(m)), Varbit(Some(n))) if m <= n => FREE,
        (Varbit(_), Varbit(Some(_))) => LOSSY,
        (Bit(Some(m)), Varbit(Some(n))) if m <= n => REWRITE,
        (Bit(None), Varbit(Some(_))) | (Bit(_), Varbit(None)) => REWRITE,
        (Bit(_) | Varbit(_), Bit(_) | Varbit(_)) => LOSSY,
        _ => return None,
    })
}

fn is_float_or_numeric(s: ScalarType) -> bool {
    matches!(
        s,
        ScalarType::Real | ScalarType::DoublePrecision | ScalarType::Numeric(_)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use ScalarType::*;

    fn s(t: ScalarType) -> ColumnType {
        ColumnType::Scalar(t)
    }

    fn flags(from: ColumnType, to: ColumnType) -> Option<(bool, bool, bool)> {
        cast("c", &from, &to).map(|c| (c.lossy, c.may_fail, c.rewrite))
    }

    #[test]
    fn bit_strings_widen_freely_and_lose_bits_when_cut() {
        assert_eq!(
            flags(s(Varbit(Some(8))), s(Varbit(Some(16)))),
            Some((false, false, false))
        );
        assert_eq!(
            flags(s(Varbit(Some(16))), s(Varbit(Some(8)))).map(|f| f.0),
            Some(true)
        );
        assert_eq!(
            flags(s(Bit(Some(8))), s(Bit(Some(16)))).map(|f| f.0),
            Some(true)
        );
    }

    #[test]
    fn widening_is_free_or_a_rewrite_and_narrowing_is_lossy() {
        assert_eq!(
            flags(s(Varchar(Some(10))), s(Varchar(Some(20)))),
            Some((false, false, false))
        );
        assert_eq!(
            flags(s(Varchar(Some(20))), s(Varchar(Some(10)))),
            Some((true, false, true))
        );
        assert_eq!(
            flags(s(Varchar(Some(20))), s(Text)),
            Some((false, false, false))
        );
        assert_eq!(flags(s(Integer), s(Bigint)), Some((false, false, true)));
        assert_eq!(flags(s(Bigint), s(Integer)), Some((true, false, true)));
        assert_eq!(
            flags(
                s(Numeric(Some((10, Some(2))))),
                s(Numeric(Some((12, Some(2)))))
            ),
            Some((false, false, false))
        );
        assert_eq!(
            flags(
                s(Numeric(Some((10, Some(2))))),
                s(Numeric(Some((10, Some(1)))))
            ),
            Some((true, false, true))
        );
        assert_eq!(
            flags(s(Timestamptz(None)), s(Date)),
            Some((true, false, true))
        );
        // More digits of seconds relabel in place; fewer round, rewriting.
        let tz = |p| s(Timestamptz(p));
        assert_eq!(flags(tz(Some(3)), tz(None)), Some((false, false, false)));
        assert_eq!(flags(tz(Some(3)), tz(Some(6))), Some((false, false, false)));
        assert_eq!(flags(tz(Some(0)), tz(Some(3))), Some((false, false, false)));
        assert_eq!(flags(tz(None), tz(Some(6))), Some((false, false, false)));
        assert_eq!(flags(tz(None), tz(Some(3))), Some((true, false, true)));
        assert_eq!(flags(tz(Some(3)), tz(Some(0))), Some((true, false, true)));
        assert_eq!(
            flags(s(Time(Some(2))), s(Time(Some(1)))),
            Some((true, false, true))
        );
        assert_eq!(
            flags(s(Timestamp(Some(3))), tz(Some(3))),
            Some((false, false, true))
        );
        assert_eq!(
            flags(s(Timestamp(None)), tz(Some(3))),
            Some((true, false, true))
        );
        assert_eq!(flags(s(Text), s(Uuid)), Some((false, true, true)));
    }

    #[test]
    fn impossible_casts_are_refused() {
        assert_eq!(flags(s(Jsonb), s(Uuid)), None);
        assert_eq!(flags(s(Uuid), s(Integer)), None);
        assert_eq!(flags(s(Boolean), s(Bigint)), None);
        assert_eq!(flags(ColumnType::Enum("e".into()), s(Integer)), None);
        assert_eq!(flags(s(Text), ColumnType::Array(Box::new(s(Text)))), None);
    }

    #[test]
    fn enums_go_through_text() {
        let e = ColumnType::Enum("mood".into());
        let cast = cast("c", &e, &e).expect("rebuilt enum");
        assert_eq!(cast.using, "c::text::mood");
        let arr = ColumnType::Array(Box::new(e.clone()));
        assert_eq!(cast_using(&arr, &arr), "c::text[]::mood[]");
        assert_eq!(cast_using(&e, &s(Text)), "c::text");
        assert_eq!(cast_using(&s(Text), &e), "c::mood");
    }

    fn cast_using(from: &ColumnType, to: &ColumnType) -> String {
        cast("c", from, to).expect("cast exists").using
    }
}
