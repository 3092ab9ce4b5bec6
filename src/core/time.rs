//! Time: parsing user and CSV timestamps in the shop's time zone, and the stored UTC form.
//!
//! Stored times are UTC text `YYYY-MM-DDTHH:MM:SSZ`, which sorts and compares as text in SQL.

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone,
    Timelike, Utc,
};
use chrono_tz::Tz;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    #[error(
        "{0:?} is not a date or time (use 2026-03-31, 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00)"
    )]
    Unparseable(String),
    #[error("{0:?} does not exist in the shop's time zone (a daylight-saving gap)")]
    Nonexistent(String),
    #[error("unknown time zone {0:?} (use an IANA name such as Asia/Riyadh or UTC)")]
    UnknownZone(String),
}

/// Looks up an IANA time zone name.
pub fn parse_zone(name: &str) -> Result<Tz, TimeError> {
    name.trim()
        .parse::<Tz>()
        .map_err(|_| TimeError::UnknownZone(name.to_string()))
}

/// The stored form of an instant.
pub fn to_db(t: DateTime<Utc>) -> String {
    let mut out = String::with_capacity(20);
    write_db(t, &mut out);
    out
}

/// Appends the stored form of an instant to `out`: digits written directly for years 0-9999
/// (chrono's formatter parses its format string on every call: a settle of 1M orders formats
/// over a million times), chrono's `%Y` form otherwise.
pub fn write_db(t: DateTime<Utc>, out: &mut String) {
    let year = t.year();
    if !(0..=9999).contains(&year) {
        out.push_str(&t.format("%Y-%m-%dT%H:%M:%SZ").to_string());
        return;
    }
    fn two(out: &mut String, n: u32) {
        out.push(char::from(b'0' + (n / 10 % 10) as u8));
        out.push(char::from(b'0' + (n % 10) as u8));
    }
    two(out, year as u32 / 100);
    two(out, year as u32 % 100);
    for (sep, n) in [
        ('-', t.month()),
        ('-', t.day()),
        ('T', t.hour()),
        (':', t.minute()),
        (':', t.second()),
    ] {
        out.push(sep);
        two(out, n);
    }
    out.push('Z');
}

/// Reads a stored instant back.
pub fn from_db(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Whether a date given without a time means the start or the end of that day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayEdge {
    Start,
    End,
}

const NAIVE_FORMATS: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
];

const OFFSET_FORMATS: &[&str] = &[
    "%Y-%m-%d %H:%M:%S %z", // Shopify: 2026-05-12 12:54:07 -0700
    "%Y-%m-%d %H:%M:%S%z",
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%Y-%m-%d %H:%M %z",
];

const DATE_FORMATS: &[&str] = &["%Y-%m-%d", "%Y/%m/%d"];

/// Parses a timestamp: RFC 3339 / ISO 8601 with an offset or `Z`, Shopify's
/// `2026-05-12 12:54:07 -0700`, a naive date-time (read in `zone`), or a date alone (the start or
/// end of that day in `zone`, per `edge`). Arabic-Indic digits are accepted. The instant must
/// fall in the years 0001..=9999 (UTC), the range the stored form can hold as comparable text.
pub fn parse_instant(input: &str, zone: Tz, edge: DayEdge) -> Result<DateTime<Utc>, TimeError> {
    let t = parse_any(input, zone, edge)?;
    // A leap second (`23:59:60`) is held by chrono as :59 plus a second of nanoseconds; it
    // would be stored as `:60`, which nothing reads back. It counts as the second before.
    let t = t
        .with_nanosecond(t.nanosecond() % 1_000_000_000)
        .unwrap_or(t);
    if (1..=9999).contains(&t.year()) {
        Ok(t)
    } else {
        Err(TimeError::Unparseable(input.to_string()))
    }
}

fn parse_any(input: &str, zone: Tz, edge: DayEdge) -> Result<DateTime<Utc>, TimeError> {
    let s: String = input
        .trim()
        .chars()
        .map(|c| match c {
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
            other => other,
        })
        .collect();
    let bad = || TimeError::Unparseable(input.to_string());
    if s.is_empty() {
        return Err(bad());
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(&s) {
        return Ok(t.with_timezone(&Utc));
    }
    for f in OFFSET_FORMATS {
        if let Ok(t) = DateTime::<FixedOffset>::parse_from_str(&s, f) {
            return Ok(t.with_timezone(&Utc));
        }
    }
    for f in NAIVE_FORMATS {
        if let Ok(n) = NaiveDateTime::parse_from_str(&s, f) {
            return local_to_utc(n, zone, input);
        }
    }
    for f in DATE_FORMATS {
        if let Ok(d) = NaiveDate::parse_from_str(&s, f) {
            return day_edge(d, zone, edge, input);
        }
    }
    Err(bad())
}

/// The first or last second of a calendar day in `zone`, as UTC.
pub fn day_edge(
    d: NaiveDate,
    zone: Tz,
    edge: DayEdge,
    input: &str,
) -> Result<DateTime<Utc>, TimeError> {
    match edge {
        DayEdge::Start => day_start(d, zone, input),
        DayEdge::End => {
            let next = d
                .succ_opt()
                .ok_or_else(|| TimeError::Unparseable(input.to_string()))?;
            Ok(day_start(next, zone, input)? - Duration::seconds(1))
        }
    }
}

/// The first instant of a calendar day in `zone`: its midnight, or, where a daylight-saving
/// change skips midnight (Santiago, Cairo, Beirut), the first minute after the gap. A day
/// that does not exist at all in the zone is an error.
fn day_start(d: NaiveDate, zone: Tz, input: &str) -> Result<DateTime<Utc>, TimeError> {
    let midnight = d.and_time(NaiveTime::MIN);
    (0..24 * 60)
        .map(|m| midnight + Duration::minutes(m))
        .take_while(|n| n.date() == d)
        .find_map(|n| local_to_utc(n, zone, input).ok())
        .ok_or_else(|| TimeError::Nonexistent(input.to_string()))
}

fn local_to_utc(n: NaiveDateTime, zone: Tz, input: &str) -> Result<DateTime<Utc>, TimeError> {
    match zone.from_local_datetime(&n) {
        chrono::LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        // In a fall-back overlap, the earlier instant.
        chrono::LocalResult::Ambiguous(a, _) => Ok(a.with_timezone(&Utc)),
        chrono::LocalResult::None => Err(TimeError::Nonexistent(input.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn riyadh() -> Tz {
        parse_zone("Asia/Riyadh").unwrap()
    }

    #[test]
    fn a_day_whose_midnight_is_skipped_starts_after_the_gap() {
        // Santiago springs forward at 00:00 on 2026-09-06 (to 01:00, UTC-3).
        let zone = parse_zone("America/Santiago").unwrap();
        let d = NaiveDate::from_ymd_opt(2026, 9, 6).unwrap();
        let start = day_edge(d, zone, DayEdge::Start, "2026-09-06").unwrap();
        assert_eq!(to_db(start), "2026-09-06T04:00:00Z");
        let prev = NaiveDate::from_ymd_opt(2026, 9, 5).unwrap();
        let end = day_edge(prev, zone, DayEdge::End, "2026-09-05").unwrap();
        assert_eq!(to_db(end), "2026-09-06T03:59:59Z");
        // Samoa skipped 2011-12-30 entirely.
        let apia = parse_zone("Pacific/Apia").unwrap();
        let gone = NaiveDate::from_ymd_opt(2011, 12, 30).unwrap();
        assert!(day_edge(gone, apia, DayEdge::Start, "2011-12-30").is_err());
    }

    /// The stored form written digit by digit is chrono's, for every year (outside 0-9999 it
    /// is chrono's own).
    #[test]
    fn stored_form_matches_chrono_format() {
        let at = |y, mo, d, h, mi, s| Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap();
        for t in [
            at(2026, 3, 31, 12, 0, 0),
            at(2025, 12, 9, 5, 54, 58),
            at(1999, 1, 1, 0, 0, 9),
            at(0, 1, 1, 0, 0, 0),
            at(9999, 12, 31, 23, 59, 59),
            at(10000, 1, 1, 0, 0, 0),
            at(-1, 6, 15, 7, 8, 9),
        ] {
            assert_eq!(
                to_db(t),
                t.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                "{t:?}"
            );
        }
        assert_eq!(to_db(at(2026, 3, 1, 9, 5, 7)), "2026-03-01T09:05:07Z");
    }

    #[test]
    fn reads_every_contract_form() {
        let z = riyadh();
        let t = parse_instant("2026-03-31", z, DayEdge::Start).unwrap();
        assert_eq!(to_db(t), "2026-03-30T21:00:00Z");
        let t = parse_instant("2026-03-31", z, DayEdge::End).unwrap();
        assert_eq!(to_db(t), "2026-03-31T20:59:59Z");
        let t = parse_instant("2026-03-31T23:59:59", z, DayEdge::Start).unwrap();
        assert_eq!(to_db(t), "2026-03-31T20:59:59Z");
        let t = parse_instant("2026-03-31T23:59:59+03:00", Tz::UTC, DayEdge::Start).unwrap();
        assert_eq!(to_db(t), "2026-03-31T20:59:59Z");
        let t = parse_instant("2026-05-12 12:54:07 -0700", z, DayEdge::Start).unwrap();
        assert_eq!(to_db(t), "2026-05-12T19:54:07Z");
        let t = parse_instant("2026-05-12T19:54:07Z", z, DayEdge::Start).unwrap();
        assert_eq!(to_db(t), "2026-05-12T19:54:07Z");
        let t = parse_instant("٢٠٢٦-٠٣-٣١", Tz::UTC, DayEdge::Start).unwrap();
        assert_eq!(to_db(t), "2026-03-31T00:00:00Z");
    }

    #[test]
    fn rejects_nonsense() {
        assert!(parse_instant("yesterday", Tz::UTC, DayEdge::Start).is_err());
        assert!(parse_instant("2026-02-30", Tz::UTC, DayEdge::Start).is_err());
        assert!(parse_instant("", Tz::UTC, DayEdge::Start).is_err());
        assert!(parse_zone("Mars/Olympus").is_err());
    }

    #[test]
    fn rejects_years_the_stored_form_cannot_hold() {
        // Found by fuzzing: chrono's %Y takes a sign and more than four digits, and the stored
        // form of year -1 or 10000 ("-0001-..", "+10000-..") does not compare as text.
        for s in [
            "-01-01-01",
            "+10000-01-01",
            "10000-01-01T00:00:00",
            "0000-12-31",
        ] {
            assert!(
                parse_instant(s, Tz::UTC, DayEdge::Start).is_err(),
                "{s} was accepted"
            );
        }
        let t = parse_instant("9999-12-31", Tz::UTC, DayEdge::End).unwrap();
        assert_eq!(to_db(t), "9999-12-31T23:59:59Z");
        let t = parse_instant("0001-01-01", Tz::UTC, DayEdge::Start).unwrap();
        assert_eq!(to_db(t), "0001-01-01T00:00:00Z");
    }

    #[test]
    fn a_leap_second_is_stored_as_the_second_before() {
        // Found by fuzzing: "..:60" parsed as a leap second and was stored as "..:60Z".
        let t = parse_instant("+4052-01-129:57:60-0515", Tz::UTC, DayEdge::Start).unwrap();
        assert_eq!(to_db(t), "4052-01-12T15:12:59Z");
        assert_eq!(from_db(&to_db(t)), Some(t));
        let t = parse_instant("2016-12-31T23:59:60Z", Tz::UTC, DayEdge::Start).unwrap();
        assert_eq!(to_db(t), "2016-12-31T23:59:59Z");
    }

    #[test]
    fn stored_form_round_trips() {
        let t = parse_instant("2026-01-02T03:04:05Z", Tz::UTC, DayEdge::Start).unwrap();
        assert_eq!(from_db(&to_db(t)), Some(t));
    }
}
