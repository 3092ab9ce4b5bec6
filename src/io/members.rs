//! The members CSV (`email,name` required; `phone,kind,payout_method,payout_account` optional;
//! extra columns ignored), read through the shared `io::reader::Source`; member validation
//! shared with `member add`; the email-list reader behind `code issue --members-file`.

use super::reader::{Field, RawRow, ReadError, Row, Source};
use crate::core::identity;
use crate::db::members::NewMember;
use csv::ByteRecord;
use std::path::Path;

/// A bad value in one column (or flag).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The column's name, or `*` for the whole row.
    pub column: &'static str,
    pub message: String,
}

impl std::fmt::Display for FieldError {
    /// `column "email": is empty`, or the message alone for a whole-row problem.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.column == "*" {
            f.write_str(&self.message)
        } else {
            write!(f, "column {:?}: {}", self.column, self.message)
        }
    }
}

impl std::error::Error for FieldError {}

fn bad(column: &'static str, message: impl Into<String>) -> FieldError {
    FieldError {
        column,
        message: message.into(),
    }
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
/// phone with at least 7 digits, a known kind and payout method. A name, phone or account as
/// this tool's CSV neutralised it for spreadsheets (`'+966…`) is read without the apostrophe,
/// so a `member list` imports back as it was.
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
    let name = crate::output::unneutralised(f.name.trim());
    if name.is_empty() {
        return Err(bad("name", "is empty"));
    }
    let phone = non_empty(f.phone).map(crate::output::unneutralised);
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
    let account = non_empty(f.payout_account)
        .map(crate::output::unneutralised)
        .map(str::to_string);
    if account.is_some() && method.is_none() {
        return Err(bad("payout_account", "is given without a payout_method"));
    }
    // A PayPal email starting with a formula sign would be neutralised in the mass-pay file
    // (`'=x@y.com`), and PayPal would not find the recipient.
    if method.as_deref() == Some("paypal")
        && let Some(a) = &account
        && (!identity::is_plausible_email(a) || a.starts_with(['=', '+', '-', '@']))
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

/// Column indexes into [`FIELDS`].
pub const EMAIL: usize = 0;
pub const NAME: usize = 1;
pub const PHONE: usize = 2;
pub const KIND: usize = 3;
pub const PAYOUT_METHOD: usize = 4;
pub const PAYOUT_ACCOUNT: usize = 5;

/// The members CSV layout: `email,name` required, the rest optional.
pub static FIELDS: &[Field] = &[
    Field {
        name: "email",
        required: true,
    },
    Field {
        name: "name",
        required: true,
    },
    Field {
        name: "phone",
        required: false,
    },
    Field {
        name: "kind",
        required: false,
    },
    Field {
        name: "payout_method",
        required: false,
    },
    Field {
        name: "payout_account",
        required: false,
    },
];

/// The `code issue --members-file` layout: an `email` column.
pub static EMAIL_FIELDS: &[Field] = &[Field {
    name: "email",
    required: true,
}];

/// One non-blank data row: the line it starts on, its cells as read (for a rejects file), and
/// the parse result.
#[derive(Debug)]
pub struct MemberRow<'a, T> {
    pub line: u64,
    pub record: &'a ByteRecord,
    pub parsed: Result<T, FieldError>,
}

/// A members CSV streamed row by row through the shared import reader (`io::reader::Source`:
/// BOM, `;`/tab/`|` delimiters, UTF-16 and binary files refused, true line numbers); rows
/// whose cells are all blank are skipped.
pub struct Rows<T> {
    src: Source,
    raw: RawRow,
    parse: fn(&Row<'_>) -> Result<T, FieldError>,
}

impl<T> Rows<T> {
    fn open(
        path: &Path,
        fields: &'static [Field],
        parse: fn(&Row<'_>) -> Result<T, FieldError>,
    ) -> Result<Rows<T>, ReadError> {
        let shown = path.display().to_string();
        let src = Source::open(path, &shown, fields, &[], &[]).map_err(|e| match e {
            // Member files have no --map or --preset: keep only the delimiter hint.
            ReadError::MissingColumns {
                file,
                missing,
                found,
                hint,
            } if hint.contains("--map") => ReadError::MissingColumns {
                file,
                missing,
                found,
                hint: String::new(),
            },
            e => e,
        })?;
        Ok(Rows {
            src,
            raw: RawRow::Empty,
            parse,
        })
    }

    /// The header row as read (trimmed).
    pub fn headers(&self) -> &[String] {
        &self.src.headers
    }

    /// The delimiter the file uses (for a rejects file written the same way).
    pub fn delimiter(&self) -> u8 {
        self.src.delimiter
    }

    /// The next row whose cells are not all blank, or None at the end of the file. A row that
    /// is not UTF-8, has another number of cells than the header, or an overlong or NUL cell
    /// is returned with an error for the whole row (`*`).
    pub fn next_row(&mut self) -> Result<Option<MemberRow<'_, T>>, ReadError> {
        loop {
            if !self.src.next(&mut self.raw)? {
                return Ok(None);
            }
            let blank = self
                .raw
                .bytes()
                .is_none_or(|r| r.iter().all(|c| c.trim_ascii().is_empty()));
            if !blank {
                break;
            }
        }
        let line = self.raw.line();
        let (record, parsed) = match &self.raw {
            RawRow::Text(rec) => {
                let bytes = rec.as_byte_record();
                let parsed = match self.src.shape_error() {
                    Some(msg) => Err(bad("*", msg)),
                    None => (self.parse)(&self.src.view(rec)),
                };
                (bytes, parsed)
            }
            RawRow::Bytes(bytes, field) => {
                let col = self.src.headers.get(*field).map_or("?", String::as_str);
                let msg = format!(
                    "the row is not valid UTF-8 (column \"{col}\"; save the file as \"CSV UTF-8\")"
                );
                (bytes, Err(bad("*", msg)))
            }
            // `next` returned a row, so it is never Empty.
            RawRow::Empty => return Ok(None),
        };
        Ok(Some(MemberRow {
            line,
            record,
            parsed,
        }))
    }
}

fn parse_member(r: &Row<'_>) -> Result<NewMember, FieldError> {
    validate_member(MemberFields {
        email: r.get(EMAIL),
        name: r.get(NAME),
        phone: r.opt(PHONE),
        kind: r.opt(KIND),
        payout_method: r.opt(PAYOUT_METHOD),
        payout_account: r.opt(PAYOUT_ACCOUNT),
    })
}

fn parse_email(r: &Row<'_>) -> Result<String, FieldError> {
    let email = identity::normalize_email(r.get(0));
    if email.is_empty() {
        Err(bad("email", "is empty"))
    } else if !identity::is_plausible_email(&email) {
        Err(bad("email", format!("{email:?} is not an email address")))
    } else {
        Ok(email)
    }
}

/// Opens the members CSV ([`FIELDS`]).
pub fn read_members(path: &Path) -> Result<Rows<NewMember>, ReadError> {
    Rows::open(path, FIELDS, parse_member)
}

/// Opens a CSV with an `email` column ([`EMAIL_FIELDS`]); rows parse to normalised emails.
pub fn read_emails(path: &Path) -> Result<Rows<String>, ReadError> {
    Rows::open(path, EMAIL_FIELDS, parse_email)
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
        assert_eq!(
            validate_member(f("a@b.co", "A", None, Some("paypal"), Some("=x@y.com")))
                .unwrap_err()
                .column,
            "payout_account"
        );
        assert!(validate_member(f("a@b.co", "A", None, Some("paypal"), Some("x@y.com"))).is_ok());
    }
}
