//! Referral codes, pure: the alphabet without look-alikes, secure random generation, vanity code
//! validation, share links and a code's status.

use rand::TryRng;
use rand::rngs::SysRng;

/// No 0/O, 1/I/L: a code read aloud or off a screen cannot be mistyped.
pub const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// Length of a random code.
pub const CODE_LEN: usize = 8;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error(
        "vanity code {0:?} must be 4 to 32 characters of A-Z, 0-9, '-' and '_' (case does not matter)"
    )]
    BadVanity(String),
    #[error("the operating system's random source failed: {0}")]
    Random(String),
}

/// A random code of `len` characters from [`ALPHABET`], drawn from the OS's secure source.
/// Bytes are rejection-sampled so every character is equally likely.
pub fn generate(len: usize) -> Result<String, CodeError> {
    let n = ALPHABET.len();
    // The largest multiple of n that fits in a byte: bytes at or above it are redrawn.
    let limit = (256 / n * n) as u16;
    let mut out = String::with_capacity(len);
    let mut buf = [0u8; 32];
    while out.len() < len {
        SysRng
            .try_fill_bytes(&mut buf)
            .map_err(|e| CodeError::Random(e.to_string()))?;
        for &b in &buf {
            if (b as u16) < limit && out.len() < len {
                out.push(ALPHABET[b as usize % n] as char);
            }
        }
    }
    Ok(out)
}

/// Checks a vanity code and returns its stored (upper-case) form.
pub fn validate_vanity(code: &str) -> Result<String, CodeError> {
    let c = code.trim();
    let ok = (4..=32).contains(&c.len())
        && c.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !ok {
        return Err(CodeError::BadVanity(code.to_string()));
    }
    Ok(c.to_ascii_uppercase())
}

/// The stored form of a code someone typed: trimmed, upper-case.
pub fn normalize(code: &str) -> String {
    code.trim().to_ascii_uppercase()
}

/// The share link: `base?ref=CODE`, or `base&ref=CODE` when the base has a query already;
/// a `#fragment` stays last (a query after it would never reach the server).
pub fn share_link(base: &str, code: &str) -> String {
    let base = base.trim();
    let (base, fragment) = match base.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (base, None),
    };
    let sep = if !base.contains('?') {
        "?"
    } else if base.ends_with('?') || base.ends_with('&') {
        ""
    } else {
        "&"
    };
    match fragment {
        Some(f) => format!("{base}{sep}ref={code}#{f}"),
        None => format!("{base}{sep}ref={code}"),
    }
}

/// Whether a link base looks like an http(s) URL.
pub fn is_link_base(base: &str) -> bool {
    let b = base.trim();
    let rest = b
        .strip_prefix("https://")
        .or_else(|| b.strip_prefix("http://"));
    rest.is_some_and(|r| {
        !r.is_empty() && !r.starts_with('/') && !b.chars().any(char::is_whitespace)
    })
}

/// A code's status now: `revoked`, `expired`, `exhausted` (used `max_uses` times) or `active`.
/// Times are stored UTC text, which compares correctly as text.
pub fn status(
    revoked_at: Option<&str>,
    expires_at: Option<&str>,
    max_uses: Option<i64>,
    uses: i64,
    now: &str,
) -> &'static str {
    if revoked_at.is_some() {
        "revoked"
    } else if expires_at.is_some_and(|e| e < now) {
        "expired"
    } else if max_uses.is_some_and(|m| uses >= m) {
        "exhausted"
    } else {
        "active"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn random_codes_use_the_alphabet_and_differ() {
        let mut seen = HashSet::new();
        for _ in 0..2000 {
            let c = generate(CODE_LEN).unwrap();
            assert_eq!(c.len(), 8);
            assert!(c.bytes().all(|b| ALPHABET.contains(&b)), "{c}");
            assert!(!c.contains(['0', 'O', '1', 'I', 'L']));
            seen.insert(c);
        }
        assert_eq!(seen.len(), 2000);
        assert_eq!(ALPHABET.len(), 31);
    }

    #[test]
    fn every_character_can_appear() {
        let mut chars = HashSet::new();
        for _ in 0..500 {
            chars.extend(generate(CODE_LEN).unwrap().bytes());
        }
        assert_eq!(chars.len(), ALPHABET.len());
    }

    #[test]
    fn vanity_codes_are_checked_and_upper_cased() {
        assert_eq!(validate_vanity("sara-10").unwrap(), "SARA-10");
        assert_eq!(validate_vanity("ABC_1").unwrap(), "ABC_1");
        assert!(validate_vanity("abc").is_err());
        assert!(validate_vanity(&"A".repeat(33)).is_err());
        assert!(validate_vanity("سارة2026").is_err());
        assert!(validate_vanity("has space").is_err());
    }

    #[test]
    fn links_append_ref() {
        assert_eq!(
            share_link("https://shop.sa", "AB12CD34"),
            "https://shop.sa?ref=AB12CD34"
        );
        assert_eq!(
            share_link("https://shop.sa/p?x=1", "AB"),
            "https://shop.sa/p?x=1&ref=AB"
        );
        assert_eq!(
            share_link("https://s.sa/r#x", "AB"),
            "https://s.sa/r?ref=AB#x"
        );
        assert_eq!(
            share_link("https://s.sa/r?a=1#top", "AB"),
            "https://s.sa/r?a=1&ref=AB#top"
        );
        assert!(is_link_base("https://shop.sa"));
        assert!(!is_link_base("shop.sa"));
        assert!(!is_link_base("https://"));
    }

    #[test]
    fn status_order() {
        let now = "2026-03-31T12:00:00Z";
        assert_eq!(status(Some(now), None, None, 0, now), "revoked");
        assert_eq!(
            status(None, Some("2026-03-01T00:00:00Z"), None, 0, now),
            "expired"
        );
        assert_eq!(status(None, None, Some(2), 2, now), "exhausted");
        assert_eq!(
            status(None, Some("2026-04-01T00:00:00Z"), Some(2), 1, now),
            "active"
        );
    }
}
