//! The members CSV (`email,name` required; `phone,kind,payout_method,payout_account` optional;
//! UTF-8, BOM allowed, extra columns ignored), member validation shared with `member add`, the
//! email-list reader behind `code issue --members-file`, and the rejects file writer.

use crate::core::identity;
use crate::db::members::NewMember;
use std::path::Path;

/// A bad value in one column (or flag).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("column {column:?}: {message}")]
pub struct FieldError {
    pub column: &'static str,
    pub message: String,
}

fn bad(column: &'static str, message: impl Into<String>) -> FieldError {
    FieldError {
        column,
        message: message.into(),
    }
}

/// A file that cannot be read as a members CSV at all (nothing is imported).
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Csv { path: String, source: csv::Error },
    #[error("{path}: missing required column(s) {missing} (found: {found})")]
    MissingColumns {
        path: String,
        missing: String,
        found: String,
    },
}

/// A member's details as given, before validation.
#[derive(Debug, Clone, Copy, Default)]
pub struct MemberFields<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub phone: Option<&'a str>,
    pub kind: Option<&'a str>,
    pub payout_method: Option<&'a str>,
    pub payout_account: Option<&'a str>,
}

fn non_empty(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// Validates and normalises a member: email trimmed and lower-cased and plausible, a name, a
/// phone with at least 7 digits, a known kind and payout method.
pub fn validate_member(f: MemberFields<'_>) -> Result<NewMember, FieldError> {
    let email = identity::normalize_email(f.email);
    if email.is_empty() {
        return Err(bad("email", "is empty"));
    }
    if !identity::is_plausible_email(&email) {
        return Err(bad(
            "email",
            format!("{:?} is not an email address", f.email.trim()),
        ));
    }
    let name = f.name.trim();
    if name.is_empty() {
        return Err(bad("name", "is empty"));
    }
    let phone = non_empty(f.phone);
    if let Some(p) = phone
        && identity::normalize_phone(p).is_none()
    {
        return Err(bad("phone", format!("{p:?} has fewer than 7 digits")));
    }
    let kind = match non_empty(f.kind).map(str::to_lowercase).as_deref() {
        None | Some("customer") => "customer",
        Some("partner") => "partner",
        Some(other) => return Err(bad("kind", format!("{other:?} is not customer or partner"))),
    };
    let method = match non_empty(f.payout_method)
        .map(|m| m.to_lowercase().replace('_', "-"))
        .as_deref()
    {
        None => None,
        Some(m @ ("bank" | "paypal" | "store-credit")) => Some(m.to_string()),
        Some(other) => {
            return Err(bad(
                "payout_method",
                format!("{other:?} is not bank, paypal or store-credit"),
            ));
        }
    };
    let account = non_empty(f.payout_account).map(str::to_string);
    if account.is_some() && method.is_none() {
        return Err(bad("payout_account", "is given without a payout_method"));
    }
    if method.as_deref() == Some("paypal")
        && let Some(a) = &account
        && !identity::is_plausible_email(a)
    {
        return Err(bad(
            "payout_account",
            format!("{a:?} is not a PayPal email address"),
        ));
    }
    Ok(NewMember {
        email,
        name: name.to_string(),
        phone: phone.map(str::to_string),
        kind: kind.to_string(),
        payout_method: method,
        payout_account: account,
    })
}

/// One data row of a CSV file: its line number, its cells as given, and the parse result.
#[derive(Debug, Clone)]
pub struct Row<T> {
    pub line: u64,
    pub raw: Vec<String>,
    pub parsed: Result<T, FieldError>,
}

/// A parsed CSV: its header and rows.
#[derive(Debug, Clone)]
pub struct Parsed<T> {
    /// Hex SHA-256 of the file's bytes.
    pub sha256: String,
    pub headers: Vec<String>,
    pub rows: Vec<Row<T>>,
}

/// Reads a CSV file (BOM allowed), finds the named columns (case-insensitive) and parses each
/// row with `parse(cells_by_column)`.
fn read_with<T>(
    path: &Path,
    required: &[&str],
    optional: &[&str],
    parse: impl Fn(&[Option<&str>]) -> Result<T, FieldError>,
) -> Result<Parsed<T>, FileError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| FileError::Read {
        path: shown.clone(),
        source,
    })?;
    let sha256 = {
        use sha2::Digest as _;
        sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(body);
    let csv_err = |source| FileError::Csv {
        path: shown.clone(),
        source,
    };
    let headers: Vec<String> = rdr
        .headers()
        .map_err(csv_err)?
        .iter()
        .map(str::to_string)
        .collect();
    let index = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|c| index(c).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(FileError::MissingColumns {
            path: shown,
            missing: missing.join(", "),
            found: headers.join(", "),
        });
    }
    let cols: Vec<Option<usize>> = required.iter().chain(optional).map(|c| index(c)).collect();
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(csv_err)?;
        let line = rec.position().map_or(0, |p| p.line());
        let raw: Vec<String> = rec.iter().map(str::to_string).collect();
        if raw.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cells: Vec<Option<&str>> = cols.iter().map(|i| i.and_then(|i| rec.get(i))).collect();
        rows.push(Row {
            line,
            parsed: parse(&cells),
            raw,
        });
    }
    Ok(Parsed {
        sha256,
        headers,
        rows,
    })
}

/// Reads the members CSV.
pub fn read_members(path: &Path) -> Result<Parsed<NewMember>, FileError> {
    read_with(
        path,
        &["email", "name"],
        &["phone", "kind", "payout_method", "payout_account"],
        |c| {
            validate_member(MemberFields {
                email: c[0].unwrap_or(""),
                name: c[1].unwrap_or(""),
                phone: c[2],
                kind: c[3],
                payout_method: c[4],
                payout_account: c[5],
            })
        },
    )
}

/// Reads a CSV with an `email` column: the normalised emails.
pub fn read_emails(path: &Path) -> Result<Parsed<String>, FileError> {
    read_with(path, &["email"], &[], |c| {
        let email = identity::normalize_email(c[0].unwrap_or(""));
        if email.is_empty() {
            Err(bad("email", "is empty"))
        } else if !identity::is_plausible_email(&email) {
            Err(bad("email", format!("{email:?} is not an email address")))
        } else {
            Ok(email)
        }
    })
}

/// Writes rejected rows: the original header plus `error`, each original row plus its reason.
pub fn write_rejects(
    path: &Path,
    headers: &[String],
    rejects: &[(Vec<String>, String)],
) -> anyhow::Result<()> {
    let mut h = headers.to_vec();
    h.push("error".to_string());
    let rows: Vec<Vec<String>> = rejects
        .iter()
        .map(|(raw, err)| {
            let mut r = raw.clone();
            r.resize(headers.len(), String::new());
            r.push(err.clone());
            r
        })
        .collect();
    let bytes = crate::output::csv_bytes(Some(&h), &rows)?;
    std::fs::write(path, bytes).map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_are_normalised_and_checked() {
        let m = validate_member(MemberFields {
            email: "  Sara@Example.SA ",
            name: " سارة القحطاني ",
            phone: Some("+966 50 123 4567"),
            kind: Some("Partner"),
            payout_method: Some("store_credit"),
            payout_account: None,
        })
        .unwrap();
        assert_eq!(m.email, "sara@example.sa");
        assert_eq!(m.name, "سارة القحطاني");
        assert_eq!(m.kind, "partner");
        assert_eq!(m.payout_method.as_deref(), Some("store-credit"));
        let f = |email, name, kind, method, account| MemberFields {
            email,
            name,
            phone: None,
            kind,
            payout_method: method,
            payout_account: account,
        };
        assert_eq!(
            validate_member(f("nope", "A", None, None, None))
                .unwrap_err()
                .column,
            "email"
        );
        assert_eq!(
            validate_member(f("a@b.co", " ", None, None, None))
                .unwrap_err()
                .column,
            "name"
        );
        assert_eq!(
            validate_member(f("a@b.co", "A", Some("vip"), None, None))
                .unwrap_err()
                .column,
            "kind"
        );
        assert_eq!(
            validate_member(f("a@b.co", "A", None, Some("cash"), None))
                .unwrap_err()
                .column,
            "payout_method"
        );
        assert_eq!(
            validate_member(f("a@b.co", "A", None, None, Some("SA03")))
                .unwrap_err()
                .column,
            "payout_account"
        );
        assert_eq!(
            validate_member(f("a@b.co", "A", None, Some("paypal"), Some("SA03")))
                .unwrap_err()
                .column,
            "payout_account"
        );
    }
}
