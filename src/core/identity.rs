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

/// Gmail's domain, whose mailboxes ignore dots in the local part, and its other name.
const GMAIL: &str = "gmail.com";
const GOOGLEMAIL: &str = "googlemail.com";

/// The mailbox behind an email, for self-referral checks: lower-cased, `+tag` removed, and for
/// Gmail-style providers the dots of the local part removed (`A.Li+x@GoogleMail.com` ->
/// `ali@gmail.com`).
pub fn canonical_email(email: &str) -> String {
    let e = email.trim();
    if !e.is_ascii() {
        return canonical_email_of_any(e);
    }
    // ASCII (nearly every email): one pass into one string (an import of 1M orders spent 2% of
    // its main thread here), the same as below.
    let Some((local, domain)) = e.rsplit_once('@') else {
        return e.to_ascii_lowercase();
    };
    let local = local.split('+').next().unwrap_or(local);
    let gmail = domain.eq_ignore_ascii_case(GMAIL) || domain.eq_ignore_ascii_case(GOOGLEMAIL);
    let mut out = String::with_capacity(e.len());
    out.extend(
        local
            .chars()
            .filter(|&c| !(gmail && c == '.'))
            .map(|c| c.to_ascii_lowercase()),
    );
    out.push('@');
    if gmail {
        out.push_str(GMAIL);
    } else {
        out.extend(domain.chars().map(|c| c.to_ascii_lowercase()));
    }
    out
}

/// [`canonical_email`] of any text.
fn canonical_email_of_any(email: &str) -> String {
    let e = normalize_email(email);
    let Some((local, domain)) = e.rsplit_once('@') else {
        return e;
    };
    let local = local.split('+').next().unwrap_or(local);
    let domain = if domain == GOOGLEMAIL { GMAIL } else { domain };
    if domain == GMAIL {
        format!("{}@{domain}", local.replace('.', ""))
    } else {
        format!("{local}@{domain}")
    }
}

/// Whether two emails reach one mailbox: `canonical_email(a) == canonical_email(b)`, without
/// allocating when both are ASCII (settle asks it for every referred order).
pub fn same_mailbox(a: &str, b: &str) -> bool {
    if !a.is_ascii() || !b.is_ascii() {
        return canonical_email(a) == canonical_email(b);
    }
    /// (local part up to a `+`, domain, whether the domain is Gmail's); no `@`: the whole.
    fn parts(e: &str) -> (&[u8], Option<(&[u8], bool)>) {
        let e = e.trim();
        match e.rsplit_once('@') {
            Some((local, domain)) => {
                let local = local.split('+').next().unwrap_or(local);
                let gmail =
                    domain.eq_ignore_ascii_case(GMAIL) || domain.eq_ignore_ascii_case(GOOGLEMAIL);
                (local.as_bytes(), Some((domain.as_bytes(), gmail)))
            }
            None => (e.as_bytes(), None),
        }
    }
    let (local_a, domain_a) = parts(a);
    let (local_b, domain_b) = parts(b);
    match (domain_a, domain_b) {
        (None, None) => local_a.eq_ignore_ascii_case(local_b),
        (Some((_, true)), Some((_, true))) => {
            let undotted = |l: &[u8]| {
                l.iter()
                    .filter(|&&c| c != b'.')
                    .map(u8::to_ascii_lowercase)
                    .collect::<Vec<u8>>()
            };
            // Dots are rare: compare in place unless there are any.
            if !local_a.contains(&b'.') && !local_b.contains(&b'.') {
                local_a.eq_ignore_ascii_case(local_b)
            } else {
                undotted(local_a) == undotted(local_b)
            }
        }
        (Some((da, false)), Some((db, false))) => {
            da.eq_ignore_ascii_case(db) && local_a.eq_ignore_ascii_case(local_b)
        }
        _ => false,
    }
}

/// Whether two phone numbers have the same [`normalize_phone`] digits (both of them some).
pub fn same_phone(a: &str, b: &str) -> bool {
    /// The digits after a leading `00`, and how many there are.
    fn kept(p: &str) -> (impl Iterator<Item = u8> + '_, usize) {
        let all = phone_digits(p);
        let skip = if all.clone().take(2).eq(*b"00") { 2 } else { 0 };
        let n = all.clone().count() - skip;
        (all.skip(skip), n)
    }
    let ((da, na), (db, nb)) = (kept(a), kept(b));
    na >= 7 && na == nb && da.eq(db)
}

/// The digits of a phone number as ASCII, Arabic-Indic and Extended Arabic-Indic ones
/// included, everything else left out.
fn phone_digits(p: &str) -> impl Iterator<Item = u8> + Clone + '_ {
    p.chars().filter_map(|c| match c {
        '0'..='9' => Some(c as u8),
        '\u{0660}'..='\u{0669}' => Some(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => Some(b'0' + (c as u32 - 0x06F0) as u8),
        _ => None,
    })
}

/// Digits of a phone number, with a leading international `00` read as `+`; Arabic-Indic digits
/// count. Returns None when fewer than 7 digits remain.
pub fn normalize_phone(phone: &str) -> Option<String> {
    let digits: String = phone_digits(phone).map(char::from).collect();
    let digits = digits
        .strip_prefix("00")
        .map(str::to_string)
        .unwrap_or(digits);
    (digits.len() >= 7).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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

    /// Emails built from pieces that matter to a mailbox: case, dots, `+tags`, Gmail's two
    /// domains, a missing `@`, spaces around, non-ASCII letters.
    fn email() -> impl Strategy<Value = String> {
        let local = prop::collection::vec(
            prop::sample::select(vec!["a", "A", "b", ".", "+", "x", "é", "É", "K"]),
            0..6,
        )
        .prop_map(|v| v.concat());
        let domain = prop::sample::select(vec![
            "gmail.com",
            "GMail.com",
            "googlemail.com",
            "example.com",
            "Example.COM",
            "exämple.com",
            "",
        ]);
        (local, prop::option::of(domain), any::<bool>()).prop_map(|(l, d, pad)| {
            let e = match d {
                Some(d) => format!("{l}@{d}"),
                None => l,
            };
            if pad { format!(" {e} ") } else { e }
        })
    }

    fn phone() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop::sample::select(vec!["0", "5", "9", "+", " ", "-", "٠", "٥", "۵", "x"]),
            0..14,
        )
        .prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn canonical_emails_of_ascii_are_those_of_any_text(
            a in email(),
            b in "[ -~]{0,24}",
            c in "[ .+@aAgGlMmoOc]{0,24}",
        ) {
            for e in [&a, &b, &c] {
                prop_assert_eq!(canonical_email(e), canonical_email_of_any(e), "{:?}", e);
            }
            let gmail = format!("{}@GoogleMail.com", c.replace('@', ""));
            prop_assert_eq!(canonical_email(&gmail), canonical_email_of_any(&gmail));
        }

        #[test]
        fn same_mailbox_is_equal_canonical_emails(a in email(), b in email()) {
            prop_assert_eq!(same_mailbox(&a, &b), canonical_email(&a) == canonical_email(&b));
            prop_assert!(same_mailbox(&a, &a));
            let gmail = a.replace("googlemail", "gmail");
            prop_assert_eq!(same_mailbox(&a, &gmail), canonical_email(&a) == canonical_email(&gmail));
        }

        #[test]
        fn same_phone_is_equal_normalised_phones(a in phone(), b in phone()) {
            let want = matches!((normalize_phone(&a), normalize_phone(&b)), (Some(x), Some(y)) if x == y);
            prop_assert_eq!(same_phone(&a, &b), want);
            let doubled = format!("00{a}");
            let want = matches!((normalize_phone(&a), normalize_phone(&doubled)), (Some(x), Some(y)) if x == y);
            prop_assert_eq!(same_phone(&a, &doubled), want);
        }
    }

    #[test]
    fn mailboxes_and_phones_compare_in_place() {
        assert!(same_mailbox("A.Li+promo@GoogleMail.com", "ali@gmail.com"));
        assert!(!same_mailbox("a.li@example.com", "ali@example.com"));
        assert!(same_mailbox(" Sara+x@Example.SA", "sara@example.sa"));
        assert!(!same_mailbox("sara@example.sa", "sara@example.com"));
        assert!(!same_mailbox("sara", "sara@example.sa"));
        assert!(same_phone("+966 50 123 4567", "00966501234567"));
        assert!(same_phone("٠٥٠١٢٣٤٥٦٧", "0501234567"));
        assert!(!same_phone("12", "12"));
        assert!(!same_phone("0501234567", "0501234568"));
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
