//! Money: integer minor units tagged with an ISO 4217 currency. No floats anywhere.
//!
//! Parsing is exact (more significant decimals than the currency has is an error), percents are
//! held in basis points (1% = 100) and round half away from zero, once.

use serde::{Serialize, Serializer};
use std::fmt;

/// An ISO 4217 currency with its minor-unit exponent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency {
    code: &'static str,
    exponent: u8,
}

/// Currencies this build knows, with their ISO 4217 exponents.
const CURRENCIES: &[(&str, u8)] = &[
    ("AED", 2),
    ("AUD", 2),
    ("BHD", 3),
    ("BRL", 2),
    ("CAD", 2),
    ("CHF", 2),
    ("CNY", 2),
    ("CZK", 2),
    ("DKK", 2),
    ("DZD", 2),
    ("EGP", 2),
    ("EUR", 2),
    ("GBP", 2),
    ("HKD", 2),
    ("IDR", 2),
    ("ILS", 2),
    ("INR", 2),
    ("IQD", 3),
    ("JOD", 3),
    ("JPY", 0),
    ("KRW", 0),
    ("KWD", 3),
    ("LBP", 2),
    ("LYD", 3),
    ("MAD", 2),
    ("MXN", 2),
    ("MYR", 2),
    ("NGN", 2),
    ("NOK", 2),
    ("NZD", 2),
    ("OMR", 3),
    ("PKR", 2),
    ("PLN", 2),
    ("QAR", 2),
    ("SAR", 2),
    ("SEK", 2),
    ("SGD", 2),
    ("TND", 3),
    ("TRY", 2),
    ("USD", 2),
    ("ZAR", 2),
];

impl Currency {
    /// Looks a currency up by its code, case-insensitively (a binary search of the sorted
    /// table, with no allocation: an import asks once per row).
    pub fn from_code(code: &str) -> Result<Currency, MoneyError> {
        let unknown = || MoneyError::UnknownCurrency(code.trim().to_string());
        let &[a, b, c] = code.trim().as_bytes() else {
            return Err(unknown());
        };
        let key = [a, b, c].map(|x| x.to_ascii_uppercase());
        CURRENCIES
            .binary_search_by(|(c, _)| c.as_bytes().cmp(&key[..]))
            .map(|i| Currency {
                code: CURRENCIES[i].0,
                exponent: CURRENCIES[i].1,
            })
            .map_err(|_| unknown())
    }

    pub fn code(&self) -> &'static str {
        self.code
    }

    pub fn exponent(&self) -> u8 {
        self.exponent
    }

    /// 10^exponent: how many minor units make one major unit.
    pub fn scale(&self) -> i64 {
        10i64.pow(self.exponent as u32)
    }

    /// Every currency code this build knows.
    pub fn all_codes() -> impl Iterator<Item = &'static str> {
        CURRENCIES.iter().map(|(c, _)| *c)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}

impl std::str::FromStr for Currency {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Currency::from_code(s)
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("unknown currency {0:?} (use an ISO 4217 code such as SAR, USD, KWD)")]
    UnknownCurrency(String),
    #[error("{0:?} is not a number")]
    NotANumber(String),
    #[error("{input:?} has more decimals than {currency} allows ({exponent})")]
    TooManyDecimals {
        input: String,
        currency: &'static str,
        exponent: u8,
    },
    #[error("{0:?} is too large")]
    Overflow(String),
    #[error("{input:?} is written with {symbol}, which is not a {currency} symbol")]
    ForeignSymbol {
        input: String,
        symbol: &'static str,
        currency: &'static str,
    },
    #[error("{0:?} is not a percent between 0% and 100% with at most 2 decimals")]
    BadPercent(String),
    #[error("amounts in {0} and {1} cannot be added")]
    CurrencyMismatch(&'static str, &'static str),
}

/// The largest amount a file or a user may give, in minor units (99,999,999,999.99 SAR,
/// 9,999,999,999.999 KWD, 9,999,999,999,999 JPY). Anything larger is a typo or a garbled cell:
/// amounts up to i64::MAX let two of them overflow every balance and report sum.
pub const MAX_AMOUNT_MINOR: i64 = 9_999_999_999_999;

/// An amount of money: minor units and their currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    pub minor: i64,
    pub currency: Currency,
}

impl Money {
    pub fn new(minor: i64, currency: Currency) -> Money {
        Money { minor, currency }
    }

    pub fn zero(currency: Currency) -> Money {
        Money { minor: 0, currency }
    }

    /// Parses a decimal string in major units (see [`parse_minor`]).
    pub fn parse(input: &str, currency: Currency) -> Result<Money, MoneyError> {
        Ok(Money {
            minor: parse_minor(input, currency)?,
            currency,
        })
    }

    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        if self.currency != other.currency {
            return Err(MoneyError::CurrencyMismatch(
                self.currency.code,
                other.currency.code,
            ));
        }
        self.minor
            .checked_add(other.minor)
            .map(|minor| Money::new(minor, self.currency))
            .ok_or_else(|| MoneyError::Overflow(format!("{self} + {other}")))
    }

    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        self.checked_add(Money::new(
            other
                .minor
                .checked_neg()
                .ok_or_else(|| MoneyError::Overflow(other.to_string()))?,
            other.currency,
        ))
    }

    /// `bps` basis points of this amount, rounded half away from zero.
    pub fn percent(self, bps: i64) -> Money {
        Money::new(percent_of(self.minor, bps), self.currency)
    }

    /// The amount as a plain decimal string in major units, e.g. `49.90` or `-0.005`.
    pub fn decimal(&self) -> String {
        format_minor(self.minor, self.currency)
    }
}

impl fmt::Display for Money {
    /// `49.90 SAR`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.decimal(), self.currency.code)
    }
}

/// Formats minor units as a decimal string in major units with exactly `exponent` decimals.
/// (Written digit by digit: an import formats every row's amount for its row hash, and
/// `format!` with padding took 5% of a re-import of 1M orders.)
pub fn format_minor(minor: i64, currency: Currency) -> String {
    let exp = usize::from(currency.exponent);
    // Digits from the right: u64::MAX has 20, plus a point, zeros up to the exponent, a sign.
    let mut buf = [0u8; 48];
    let mut at = buf.len();
    let mut rest = minor.unsigned_abs();
    let mut written = 0;
    while rest > 0 || written <= exp {
        if written == exp && exp > 0 {
            at -= 1;
            buf[at] = b'.';
        }
        at -= 1;
        buf[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        written += 1;
    }
    if minor < 0 {
        at -= 1;
        buf[at] = b'-';
    }
    String::from_utf8_lossy(&buf[at..]).into_owned()
}

/// Maps Arabic-Indic and Eastern Arabic-Indic digits (and the Arabic decimal and thousands
/// separators) to ASCII, so `٤٩٫٩٠` reads as `49.90`.
fn asciify(input: &str) -> String {
    input
        .chars()
        .map(|c| match c {
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
            '\u{066B}' => '.',
            '\u{066C}' => ',',
            other => other,
        })
        .collect()
}

/// Currency symbols accepted before or after an amount, with the currencies each may stand
/// for; longer symbols first, so that `ر.س.` is not read as `ر.س` followed by `.10`.
const SYMBOLS: &[(&str, &[&str])] = &[
    ("ر.س.", &["SAR"]),
    ("ر.ع.", &["OMR"]),
    ("US$", &["USD"]),
    ("HK$", &["HKD"]),
    ("NZ$", &["NZD"]),
    ("R$", &["BRL"]),
    ("C$", &["CAD"]),
    ("A$", &["AUD"]),
    ("S$", &["SGD"]),
    ("ر.س", &["SAR"]),
    ("د.إ", &["AED"]),
    ("د.ك", &["KWD"]),
    ("د.ب", &["BHD"]),
    ("ر.ق", &["QAR"]),
    ("ج.م", &["EGP"]),
    ("د.ا", &["JOD"]),
    ("$", &["USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN"]),
    ("€", &["EUR"]),
    ("£", &["GBP"]),
    ("¥", &["JPY", "CNY"]),
    ("﷼", &["SAR", "OMR", "QAR"]),
];

/// `s` without a currency symbol or code before or after it. A symbol of another currency
/// (`£12.50` for SAR) is an error, not a number to take as it stands.
fn strip_symbol<'s>(s: &'s str, currency: Currency, input: &str) -> Result<&'s str, MoneyError> {
    let s = s.trim();
    let code = currency.code;
    for &(symbol, codes) in SYMBOLS {
        let rest = s.strip_prefix(symbol).or_else(|| s.strip_suffix(symbol));
        if let Some(rest) = rest {
            if !codes.contains(&code) {
                return Err(MoneyError::ForeignSymbol {
                    input: input.to_string(),
                    symbol,
                    currency: code,
                });
            }
            return Ok(rest.trim());
        }
    }
    // The currency's code in any case, e.g. "SAR 10" or "10 sar".
    if s.len() > 3 && s.is_char_boundary(3) && s[..3].eq_ignore_ascii_case(code) {
        return Ok(s[3..].trim());
    }
    if s.len() > 3 && s.is_char_boundary(s.len() - 3) && s[s.len() - 3..].eq_ignore_ascii_case(code)
    {
        return Ok(s[..s.len() - 3].trim());
    }
    Ok(s)
}

/// Parses a decimal amount in major units into minor units, exactly.
///
/// Accepts an optional sign, ASCII or Arabic-Indic digits, `,` thousands separators in groups of
/// three, a `.` decimal point, and a currency symbol or code before or after. Decimals beyond the
/// currency's exponent are allowed only when they are zeros (`1200.00` JPY is 1200).
pub fn parse_minor(input: &str, currency: Currency) -> Result<i64, MoneyError> {
    let bad = || MoneyError::NotANumber(input.to_string());
    let ascii = asciify(input);
    let mut s = strip_symbol(&ascii, currency, input)?;
    let mut negative = false;
    if let Some(rest) = s.strip_prefix('-') {
        negative = true;
        s = rest.trim_start();
    } else if let Some(rest) = s.strip_prefix('+') {
        s = rest.trim_start();
    }
    // A symbol may also stand after the sign: "-$5".
    let s = strip_symbol(s, currency, input)?;
    let (int_part, frac_part) = match s.split_once('.') {
        Some((i, f)) => (i, f),
        None => (s, ""),
    };
    if int_part.is_empty() && frac_part.is_empty() {
        return Err(bad());
    }
    let int_digits: String = if int_part.contains(',') {
        let groups: Vec<&str> = int_part.split(',').collect();
        let first_ok = !groups[0].is_empty() && groups[0].len() <= 3;
        if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
            return Err(bad());
        }
        groups.concat()
    } else {
        int_part.to_string()
    };
    if !int_digits.bytes().all(|b| b.is_ascii_digit())
        || !frac_part.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    let exp = currency.exponent as usize;
    let (kept, extra) = if frac_part.len() > exp {
        frac_part.split_at(exp)
    } else {
        (frac_part, "")
    };
    if extra.bytes().any(|b| b != b'0') {
        return Err(MoneyError::TooManyDecimals {
            input: input.to_string(),
            currency: currency.code,
            exponent: currency.exponent,
        });
    }
    let overflow = || MoneyError::Overflow(input.to_string());
    let mut minor: i64 = 0;
    for b in int_digits.bytes().chain(kept.bytes()) {
        minor = minor
            .checked_mul(10)
            .and_then(|m| m.checked_add((b - b'0') as i64))
            .ok_or_else(overflow)?;
    }
    for _ in kept.len()..exp {
        minor = minor.checked_mul(10).ok_or_else(overflow)?;
    }
    Ok(if negative { -minor } else { minor })
}

/// `bps` basis points of `minor`, rounded half away from zero (computed in i128, no overflow).
pub fn percent_of(minor: i64, bps: i64) -> i64 {
    let product = minor as i128 * bps as i128;
    let q = product / 10_000;
    let r = product % 10_000;
    let rounded = if r.abs() * 2 >= 10_000 {
        q + product.signum()
    } else {
        q
    };
    rounded.clamp(i64::MIN as i128, i64::MAX as i128) as i64
}

/// `numerator/denominator` of `minor`, rounded half away from zero; used for proportional
/// reversals. A zero denominator gives zero.
pub fn share_of(minor: i64, numerator: i64, denominator: i64) -> i64 {
    if denominator == 0 {
        return 0;
    }
    let product = minor as i128 * numerator as i128;
    let d = denominator as i128;
    let q = product / d;
    let r = product % d;
    let rounded = if r.abs() * 2 >= d.abs() {
        q + (product.signum() * d.signum())
    } else {
        q
    };
    rounded.clamp(i64::MIN as i128, i64::MAX as i128) as i64
}

/// Parses a percent such as `10%`, `12.5%` or `0.25` into basis points (1% = 100), 0..=100%.
pub fn parse_percent_bps(input: &str) -> Result<i64, MoneyError> {
    let bad = || MoneyError::BadPercent(input.to_string());
    let ascii = asciify(input);
    let s = ascii.trim().trim_end_matches(['%', '٪']).trim();
    let (int_part, frac_part) = s.split_once('.').unwrap_or((s, ""));
    if int_part.is_empty()
        || int_part.len() > 3
        || frac_part.len() > 2
        || !int_part.bytes().all(|b| b.is_ascii_digit())
        || !frac_part.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    let int: i64 = int_part.parse().map_err(|_| bad())?;
    let frac: i64 = format!("{frac_part:0<2}").parse().map_err(|_| bad())?;
    let bps = int * 100 + frac;
    if bps > 10_000 {
        return Err(bad());
    }
    Ok(bps)
}

/// Formats basis points as a percent string: 1250 -> `12.5%`.
pub fn format_bps(bps: i64) -> String {
    let int = bps / 100;
    let frac = bps % 100;
    if frac == 0 {
        format!("{int}%")
    } else if frac % 10 == 0 {
        format!("{int}.{}%", frac / 10)
    } else {
        format!("{int}.{frac:02}%")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cur(c: &str) -> Currency {
        Currency::from_code(c).unwrap()
    }

    #[test]
    fn parses_plain_and_signed_amounts() {
        assert_eq!(parse_minor("49.90", cur("SAR")), Ok(4990));
        assert_eq!(parse_minor("49.9", cur("SAR")), Ok(4990));
        assert_eq!(parse_minor("49", cur("SAR")), Ok(4900));
        assert_eq!(parse_minor(".5", cur("SAR")), Ok(50));
        assert_eq!(parse_minor("-12.345", cur("KWD")), Ok(-12345));
        assert_eq!(parse_minor("+7", cur("JPY")), Ok(7));
        assert_eq!(parse_minor("1,234,567.89", cur("USD")), Ok(123456789));
    }

    #[test]
    fn parses_arabic_digits_and_symbols() {
        assert_eq!(parse_minor("٤٩٫٩٠", cur("SAR")), Ok(4990));
        assert_eq!(parse_minor("۱۲۳", cur("SAR")), Ok(12300));
        assert_eq!(parse_minor("49.90 ر.س", cur("SAR")), Ok(4990));
        assert_eq!(parse_minor("$10.00", cur("USD")), Ok(1000));
        assert_eq!(parse_minor("-$10.00", cur("USD")), Ok(-1000));
        assert_eq!(parse_minor("SAR 5", cur("SAR")), Ok(500));
        assert_eq!(parse_minor("5 kwd", cur("KWD")), Ok(5000));
        // The longer form of the riyal sign, with its closing dot, before the amount.
        assert_eq!(parse_minor("ر.س.10", cur("SAR")), Ok(1000));
        assert_eq!(parse_minor("R$ 5.00", cur("BRL")), Ok(500));
        assert_eq!(parse_minor("C$12.50", cur("CAD")), Ok(1250));
        assert!(parse_minor("R$ 5.00", cur("USD")).is_err());
        assert_eq!(parse_minor("10 ر.س.", cur("SAR")), Ok(1000));
        assert_eq!(parse_minor("ر.ع.1.250", cur("OMR")), Ok(1250));
        assert_eq!(parse_minor("C$ 5", cur("CAD")), Ok(500));
        assert_eq!(parse_minor("$5", cur("CAD")), Ok(500));
    }

    #[test]
    fn every_symbol_stands_for_known_currencies() {
        for (symbol, codes) in SYMBOLS {
            for code in *codes {
                assert!(Currency::from_code(code).is_ok(), "{symbol}: {code}");
            }
        }
        // Longer symbols come before the shorter ones they start or end with.
        for (i, (a, _)) in SYMBOLS.iter().enumerate() {
            for (b, _) in &SYMBOLS[i + 1..] {
                assert!(
                    !(b.starts_with(a) || b.ends_with(a)) || b == a,
                    "{b} after {a}"
                );
            }
        }
    }

    #[test]
    fn a_symbol_of_another_currency_is_an_error() {
        for (text, code, symbol) in [
            ("£12.50", "SAR", "£"),
            ("¥1500", "USD", "¥"),
            ("12.50 €", "GBP", "€"),
            ("$10", "SAR", "$"),
            ("-$10", "EUR", "$"),
            ("د.ك 5", "SAR", "د.ك"),
        ] {
            assert_eq!(
                parse_minor(text, cur(code)),
                Err(MoneyError::ForeignSymbol {
                    input: text.to_string(),
                    symbol,
                    currency: cur(code).code,
                }),
                "{text} in {code}"
            );
        }
    }

    #[test]
    fn rejects_garbage_and_excess_precision() {
        assert!(matches!(
            parse_minor("12,5O", cur("SAR")),
            Err(MoneyError::NotANumber(_))
        ));
        assert!(matches!(
            parse_minor("12,50", cur("SAR")),
            Err(MoneyError::NotANumber(_))
        ));
        assert!(matches!(
            parse_minor("", cur("SAR")),
            Err(MoneyError::NotANumber(_))
        ));
        assert!(matches!(
            parse_minor("1e5", cur("SAR")),
            Err(MoneyError::NotANumber(_))
        ));
        assert!(matches!(
            parse_minor("49.999", cur("SAR")),
            Err(MoneyError::TooManyDecimals { .. })
        ));
        assert!(matches!(
            parse_minor("1.5", cur("JPY")),
            Err(MoneyError::TooManyDecimals { .. })
        ));
        assert_eq!(parse_minor("1200.00", cur("JPY")), Ok(1200));
        assert!(matches!(
            parse_minor("99999999999999999999", cur("SAR")),
            Err(MoneyError::Overflow(_))
        ));
    }

    #[test]
    fn formats_with_currency_exponent() {
        assert_eq!(format_minor(4990, cur("SAR")), "49.90");
        assert_eq!(format_minor(-5, cur("KWD")), "-0.005");
        assert_eq!(format_minor(1200, cur("JPY")), "1200");
        assert_eq!(format_minor(0, cur("BHD")), "0.000");
        assert_eq!(Money::new(4990, cur("SAR")).to_string(), "49.90 SAR");
    }

    #[test]
    fn unknown_currency_is_an_error() {
        assert!(matches!(
            Currency::from_code("XYZ"),
            Err(MoneyError::UnknownCurrency(_))
        ));
        assert_eq!(cur("sar").code(), "SAR");
        assert_eq!(cur(" Kwd ").exponent(), 3);
        for bad in ["", "SA", "SARR", "ريال", "S\u{e9}"] {
            assert!(Currency::from_code(bad).is_err(), "{bad:?}");
        }
    }

    /// `from_code` searches the table by halves: it must stay sorted, and find every code.
    #[test]
    fn the_currency_table_is_sorted_and_every_code_is_found() {
        assert!(CURRENCIES.windows(2).all(|w| w[0].0 < w[1].0));
        for (code, exponent) in CURRENCIES {
            let c = cur(&code.to_lowercase());
            assert_eq!((c.code(), c.exponent()), (*code, *exponent));
        }
    }

    #[test]
    fn percent_rounds_half_away_from_zero() {
        assert_eq!(percent_of(4990, 1000), 499);
        assert_eq!(percent_of(5, 1000), 1); // 0.5 -> 1
        assert_eq!(percent_of(-5, 1000), -1); // -0.5 -> -1
        assert_eq!(percent_of(4, 1000), 0); // 0.4 -> 0
        assert_eq!(percent_of(12345, 1250), 1543); // 1543.125
        assert_eq!(percent_of(i64::MAX, 10_000), i64::MAX);
    }

    #[test]
    fn share_rounds_half_away_from_zero() {
        assert_eq!(share_of(1000, 1, 3), 333);
        assert_eq!(share_of(1000, 2, 3), 667);
        assert_eq!(share_of(5, 1, 2), 3);
        assert_eq!(share_of(-5, 1, 2), -3);
        assert_eq!(share_of(7, 0, 0), 0);
    }

    #[test]
    fn percents_parse_to_basis_points() {
        assert_eq!(parse_percent_bps("10%"), Ok(1000));
        assert_eq!(parse_percent_bps("12.5%"), Ok(1250));
        assert_eq!(parse_percent_bps("0.25"), Ok(25));
        assert_eq!(parse_percent_bps("100%"), Ok(10_000));
        assert!(parse_percent_bps("101%").is_err());
        assert!(parse_percent_bps("-5%").is_err());
        assert!(parse_percent_bps("1.255%").is_err());
        assert_eq!(format_bps(1250), "12.5%");
        assert_eq!(format_bps(1000), "10%");
        assert_eq!(format_bps(25), "0.25%");
    }

    #[test]
    fn checked_arithmetic_refuses_mixed_currencies() {
        let a = Money::new(100, cur("SAR"));
        let b = Money::new(100, cur("KWD"));
        assert!(matches!(
            a.checked_add(b),
            Err(MoneyError::CurrencyMismatch(_, _))
        ));
        assert_eq!(a.checked_sub(a).unwrap().minor, 0);
        assert!(Money::new(i64::MAX, cur("SAR")).checked_add(a).is_err());
    }

    proptest! {
        #[test]
        fn format_minor_writes_what_the_formatter_would(minor in any::<i64>(),
                                                        idx in 0usize..CURRENCIES.len()) {
            let c = cur(CURRENCIES[idx].0);
            let exp = usize::from(c.exponent);
            let (sign, abs) = (if minor < 0 { "-" } else { "" }, minor.unsigned_abs());
            let scale = 10u64.pow(exp as u32);
            let want = if exp == 0 {
                format!("{sign}{abs}")
            } else {
                format!("{sign}{}.{:0exp$}", abs / scale, abs % scale)
            };
            prop_assert_eq!(format_minor(minor, c), want);
        }

        #[test]
        fn format_then_parse_round_trips(minor in any::<i64>().prop_filter("no MIN", |m| *m != i64::MIN),
                                         idx in 0usize..CURRENCIES.len()) {
            let (code, _) = CURRENCIES[idx];
            let c = cur(code);
            let text = format_minor(minor, c);
            prop_assert_eq!(parse_minor(&text, c), Ok(minor));
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,24}") {
            let _ = parse_minor(&s, cur("SAR"));
            let _ = parse_percent_bps(&s);
        }

        #[test]
        fn percent_never_exceeds_amount(minor in 0i64..1_000_000_000_000, bps in 0i64..=10_000) {
            let p = percent_of(minor, bps);
            prop_assert!(p >= 0 && p <= minor);
        }
    }
}
