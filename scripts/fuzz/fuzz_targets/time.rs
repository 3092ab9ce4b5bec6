//! Fuzz target: the timestamp parser (`parse_instant`) in several time zones, both day edges.
//!
//! Input: byte 0 picks the zone and the day edge, the rest is the text. Checks: no panic; an
//! accepted instant has the 20-character stored form `YYYY-MM-DDTHH:MM:SSZ` (which must compare
//! as text) and reads back with `from_db`.
#![no_main]

use chrono::Timelike;
use chrono_tz::Tz;
use libfuzzer_sys::fuzz_target;
use rewards::core::time::{DayEdge, from_db, parse_instant, to_db};

const ZONES: &[Tz] = &[
    Tz::UTC,
    Tz::Asia__Riyadh,
    Tz::America__New_York,
    Tz::Europe__London,
    Tz::Pacific__Kiritimati,
    Tz::Pacific__Pago_Pago,
    Tz::Asia__Kathmandu,
    Tz::America__St_Johns,
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let zone = ZONES[(pick >> 1) as usize % ZONES.len()];
    let edge = if pick & 1 == 0 {
        DayEdge::Start
    } else {
        DayEdge::End
    };
    let text = String::from_utf8_lossy(rest);
    if let Ok(t) = parse_instant(&text, zone, edge) {
        let stored = to_db(t);
        assert_eq!(stored.len(), 20, "{text:?} is stored as {stored:?}");
        let back = from_db(&stored);
        assert_eq!(
            back,
            t.with_nanosecond(0),
            "{text:?} stored as {stored:?} reads back differently"
        );
    }
});
