//! Identity: normalising emails and phones so the same person is recognised across files.

/// The stored form of an email: trimmed and lower-cased.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Whether an email looks like one: something@domain.tld, no spaces.
pub fn is_plausible_email(email: &str) -> bool {
    let e = email.trim();
    match e.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !e.chars().any(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    }
}

/// The mailbox behind an email, for self-referral checks: lower-cased, `+tag` removed, and for
/// Gmail-style providers the dots of the local part removed (`A.Li+x@GoogleMail.com` ->
/// `ali@gmail.com`).
pub fn canonical_email(email: &str) -> String {
    let e = normalize_email(email);
    let Some((local, domain)) = e.rsplit_once('@') else {
        return e;
    };
    let local = local.split('+').next().unwrap_or(local);
    let domain = if domain == "googlemail.com" {
        "gmail.com"
    } else {
        domain
    };
    if domain == "gmail.com" {
        format!("{}@{domain}", local.replace('.', ""))
    } else {
        format!("{local}@{domain}")
    }
}

/// Digits of a phone number, with a leading international `00` read as `+`; Arabic-Indic digits
/// count. Returns None when fewer than 7 digits remain.
pub fn normalize_phone(phone: &str) -> Option<String> {
    let digits: String = phone
        .chars()
        .filter_map(|c| match c {
            '0'..='9' => Some(c),
            '\u{0660}'..='\u{0669}' => Some(char::from(b'0' + (c as u32 - 0x0660) as u8)),
            '\u{06F0}'..='\u{06F9}' => Some(char::from(b'0' + (c as u32 - 0x06F0) as u8)),
            _ => None,
        })
        .collect();
    let digits = digits
        .strip_prefix("00")
        .map(str::to_string)
        .unwrap_or(digits);
    (digits.len() >= 7).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_normalise_and_canonicalise() {
        assert_eq!(normalize_email("  Sara@Example.SA "), "sara@example.sa");
        assert_eq!(
            canonical_email("A.Li+promo@GoogleMail.com"),
            "ali@gmail.com"
        );
        assert_eq!(canonical_email("a.li+x@example.com"), "a.li@example.com");
        assert!(is_plausible_email("a@b.co"));
        assert!(!is_plausible_email("a@b"));
        assert!(!is_plausible_email("a b@c.com"));
        assert!(!is_plausible_email("@c.com"));
    }

    #[test]
    fn phones_keep_digits() {
        assert_eq!(
            normalize_phone("+966 50 123 4567").as_deref(),
            Some("966501234567")
        );
        assert_eq!(
            normalize_phone("00966501234567").as_deref(),
            Some("966501234567")
        );
        assert_eq!(normalize_phone("٠٥٠١٢٣٤٥٦٧").as_deref(), Some("0501234567"));
        assert_eq!(normalize_phone("12"), None);
    }
}
