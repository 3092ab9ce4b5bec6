//! Fuzz target: the money parser (`parse_minor`, `parse_percent_bps`) and the arithmetic that
//! follows it (`format_minor`, `percent_of`, `share_of`).
//!
//! Input: byte 0 picks a currency, the rest is the text (lossily decoded, so every input
//! reaches the parser). Checks: no panic; an accepted amount formats and parses back to itself;
//! an accepted percent is within 0..=100% and round-trips through `format_bps`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rewards::core::money::{
    Currency, Money, format_bps, format_minor, parse_minor, parse_percent_bps, percent_of,
    share_of,
};

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let codes: Vec<&str> = Currency::all_codes().collect();
    let Ok(currency) = Currency::from_code(codes[pick as usize % codes.len()]) else {
        return;
    };
    let text = String::from_utf8_lossy(rest);

    if let Ok(minor) = parse_minor(&text, currency) {
        let shown = format_minor(minor, currency);
        assert_eq!(
            parse_minor(&shown, currency),
            Ok(minor),
            "{text:?} parsed to {minor}, shown as {shown:?}, which does not parse back"
        );
        let m = Money::new(minor, currency);
        let _ = m.checked_add(m);
        let _ = m.checked_sub(m);
        let _ = m.to_string();
        // The accrual arithmetic on a parsed amount, with bps and ratios from the input too.
        let n = |i: usize| {
            let mut b = [0u8; 8];
            for (j, x) in rest.iter().skip(i * 8).take(8).enumerate() {
                b[j] = *x;
            }
            i64::from_le_bytes(b)
        };
        let _ = percent_of(minor, n(0));
        let _ = share_of(minor, n(1), n(2));
    }

    if let Ok(bps) = parse_percent_bps(&text) {
        assert!((0..=10_000).contains(&bps), "{text:?} -> {bps} bps");
        let shown = format_bps(bps);
        assert_eq!(parse_percent_bps(&shown), Ok(bps), "{text:?} -> {shown:?}");
    }
    let _ = Currency::from_code(&text);
});
