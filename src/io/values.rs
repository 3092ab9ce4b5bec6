//! Values every import row carries: timestamps (a fast path for the common shapes), amounts
//! from European spreadsheets, the stored time form, and the digests that key rows and files.

use super::reader::ReadError;
use crate::core::order_hash::hex;
use crate::core::time::{self, DayEdge, TimeError};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::thread::JoinHandle;

/// The sha256 of a whole file, as lower-case hex.
pub fn sha256_file(path: &Path, shown: &str) -> Result<String, ReadError> {
    let io = |source| ReadError::Io {
        file: shown.to_string(),
        source,
    };
    let mut f = File::open(path).map_err(io)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = f.read(&mut buf).map_err(io)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(hex(&h.finalize()))
}

/// `sha256_file` on another thread, so that an import reads and stores rows meanwhile (1M
/// orders: the hash takes 0.2 s of a core). `join_sha256` waits for it.
pub fn spawn_sha256_file(path: &Path, shown: &str) -> JoinHandle<Result<String, ReadError>> {
    let (path, shown) = (path.to_path_buf(), shown.to_string());
    std::thread::spawn(move || sha256_file(&path, &shown))
}

/// The hash a `spawn_sha256_file` thread computed (a panic there is resumed here).
pub fn join_sha256(job: JoinHandle<Result<String, ReadError>>) -> Result<String, ReadError> {
    job.join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// A stable digest of some values (unit-separated), 32 hex characters: the keys of returns and
/// activities that have no id of their own.
pub fn stable_hash(parts: &[&str]) -> String {
    hex(&digest(parts)[..16])
}

fn digest(parts: &[&str]) -> [u8; 32] {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0x1f]);
    }
    h.finalize().into()
}

/// `12,50` -> `12.50` and `1.234,50` -> `1234.50`, as a European Excel writes amounts in the
/// `;`-separated files it exports; a symbol before or after stays (`12,50 €` -> `12.50 €`).
/// `1.500` alone is refused: in such a file it may be 1500 (a thousands dot) or 1.5 (a
/// decimal point), and guessing could be off a thousandfold. Anything else is left as it is.
pub fn european_amount(s: &str) -> Result<Cow<'_, str>, String> {
    let digits = |c: char| c.is_ascii_digit();
    let (Some(a), Some(b)) = (s.find(digits), s.rfind(digits)) else {
        return Ok(Cow::Borrowed(s));
    };
    let (before, number, after) = (&s[..a], &s[a..=b], &s[b + 1..]);
    // Groups of a thousands-dotted whole number: 1-3 digits, then groups of exactly 3.
    let dotted = |int: &str| {
        let groups: Vec<&str> = int.split('.').collect();
        // A first group of 0 groups no thousands: 0.500 is half of one.
        groups.len() > 1
            && (1..=3).contains(&groups[0].len())
            && !groups[0].starts_with('0')
            && groups[1..].iter().all(|g| g.len() == 3)
            && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
    };
    let Some((int, frac)) = number.rsplit_once(',') else {
        if dotted(number) {
            return Err(format!(
                "{s:?} is ambiguous in a ;-separated file (a thousands dot or a decimal point?): \
                 write it with a decimal comma ({}) or without the dot",
                number.replace('.', "") + ",00"
            ));
        }
        return Ok(Cow::Borrowed(s));
    };
    if frac.is_empty() || frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(Cow::Borrowed(s));
    }
    // A space, or the no-break spaces spreadsheets in French and other locales group with.
    let int = int.replace([' ', '\u{a0}', '\u{202f}'], "");
    let int = if int.contains('.') {
        if !dotted(&int) {
            return Ok(Cow::Borrowed(s));
        }
        int.replace('.', "")
    } else {
        int
    };
    if int.contains(',') {
        return Ok(Cow::Borrowed(s));
    }
    Ok(Cow::Owned(format!("{before}{int}.{frac}{after}")))
}

/// Parses a CSV timestamp. A fast path reads `YYYY-MM-DD[T ]HH:MM:SS` with `Z`, `±HH:MM`,
/// ` ±HHMM` or no offset (then in the shop's `zone`); anything else goes to
/// [`time::parse_instant`] (a date alone is the start of that day).
pub fn parse_time(s: &str, zone: Tz) -> Result<DateTime<Utc>, TimeError> {
    // The same years as `parse_instant` (0001..=9999 in UTC): "0000-01-01T01:00:00" in a zone
    // east of UTC is year -1, whose stored form does not compare as text.
    if let Some(t) = fast_time(s.as_bytes(), zone).filter(|t| (1..=9999).contains(&t.year())) {
        return Ok(t);
    }
    time::parse_instant(s, zone, DayEdge::Start)
}

fn num(b: &[u8]) -> Option<u32> {
    let mut n = 0u32;
    for &d in b {
        if !d.is_ascii_digit() {
            return None;
        }
        n = n * 10 + (d - b'0') as u32;
    }
    Some(n)
}

fn fast_time(b: &[u8], zone: Tz) -> Option<DateTime<Utc>> {
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !(b[10] == b'T' || b[10] == b' ') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(num(&b[0..4])? as i32, num(&b[5..7])?, num(&b[8..10])?)?;
    let dt = date.and_hms_opt(num(&b[11..13])?, num(&b[14..16])?, num(&b[17..19])?)?;
    let rest = &b[19..];
    let offset_secs = match rest {
        [] => return local(dt, zone),
        [b'Z'] => 0,
        [s @ (b'+' | b'-'), h1, h2, b':', m1, m2] | [b' ', s @ (b'+' | b'-'), h1, h2, m1, m2] => {
            let h = num(&[*h1, *h2])? as i32;
            let m = num(&[*m1, *m2])? as i32;
            let v = h * 3600 + m * 60;
            if *s == b'-' { -v } else { v }
        }
        _ => return None,
    };
    let off = FixedOffset::east_opt(offset_secs)?;
    off.from_local_datetime(&dt)
        .single()
        .map(|t| t.with_timezone(&Utc))
}

fn local(dt: NaiveDateTime, zone: Tz) -> Option<DateTime<Utc>> {
    match zone.from_local_datetime(&dt) {
        chrono::LocalResult::Single(t) => Some(t.with_timezone(&Utc)),
        chrono::LocalResult::Ambiguous(a, _) => Some(a.with_timezone(&Utc)),
        chrono::LocalResult::None => None,
    }
}

/// The stored form of an instant (as [`time::to_db`]) into a reused buffer.
pub fn db_time(t: DateTime<Utc>, out: &mut String) {
    out.clear();
    time::write_db(t, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn european_amounts() {
        let ok = |s| european_amount(s).unwrap();
        assert_eq!(ok("12,50"), "12.50");
        assert_eq!(ok("1.234,50"), "1234.50");
        assert_eq!(ok("1.234.567,5"), "1234567.5");
        assert_eq!(ok("12.50"), "12.50");
        assert_eq!(ok("1.5"), "1.5");
        // Only the number is rewritten; the parser then rejects the cell for its letter O.
        assert_eq!(ok("12,5O"), "12.5O");
        assert_eq!(ok("12,50 €"), "12.50 €");
        assert_eq!(ok("€ 12,50"), "€ 12.50");
        assert_eq!(ok("-1.000,00 ر.س"), "-1000.00 ر.س");
        // Spaces group thousands, the no-break ones of French spreadsheets too.
        assert_eq!(ok("1 234,56"), "1234.56");
        assert_eq!(ok("1\u{a0}234,56"), "1234.56");
        assert_eq!(ok("1\u{202f}234,56 €"), "1234.56 €");
        assert_eq!(ok("abc"), "abc");
        // Dots that do not group thousands are not taken away: the parser rejects the cell.
        assert_eq!(ok("1.23,50"), "1.23,50");
        assert_eq!(ok("0.500"), "0.500");
        assert_eq!(ok("€ 0.250"), "€ 0.250");
        for ambiguous in ["1.500", "1.000", "12.500", "1.234.567", "€ 2.000"] {
            let e = european_amount(ambiguous).unwrap_err();
            assert!(e.contains("ambiguous"), "{ambiguous}: {e}");
        }
    }

    #[test]
    fn fast_times_agree_with_the_core_parser() {
        let z: Tz = "Asia/Riyadh".parse().unwrap();
        for s in [
            "2026-03-01T10:00:00Z",
            "2026-03-01T10:00:00+03:00",
            "2026-05-12 12:54:07 -0700",
            "2026-03-01 10:00:00",
            "2026-03-01T10:00:00",
        ] {
            let fast = fast_time(s.as_bytes(), z).unwrap();
            assert_eq!(
                fast,
                time::parse_instant(s, z, DayEdge::Start).unwrap(),
                "{s}"
            );
        }
        assert!(fast_time(b"2026-02-30T10:00:00Z", z).is_none());
        let mut s = String::new();
        db_time(parse_time("2026-05-12 12:54:07 -0700", z).unwrap(), &mut s);
        assert_eq!(s, "2026-05-12T19:54:07Z");
    }
}
