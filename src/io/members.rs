//! The members CSV (`email,name` required; `phone,kind,payout_method,payout_account` optional;
//! UTF-8, BOM allowed, extra columns ignored), member validation shared with `member add`, the
//! email-list reader behind `code issue --members-file`, and the rejects file writer.

use crate::core::identity;
use crate::db::members::NewMember;
use std::io::Read;
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

/// A file read as it is streamed, hashing every byte on the way.
struct Hashing<R> {
    inner: R,
    hasher: sha2::Sha256,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        use sha2::Digest as _;
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

/// A CSV file streamed row by row (BOM allowed, columns found by name case-insensitively,
/// extra columns ignored); memory does not grow with the number of rows.
pub struct Rows<T> {
    shown: String,
    rdr: csv::Reader<Hashing<std::fs::File>>,
    headers: Vec<String>,
    cols: Vec<Option<usize>>,
    parse: fn(&[Option<&str>]) -> Result<T, FieldError>,
    record: csv::ByteRecord,
    /// A second reader of the file, for true line numbers (see `io::lines`).
    lines: crate::io::lines::LineCursor<std::io::BufReader<std::fs::File>>,
}

impl<T> Rows<T> {
    fn open(
        path: &Path,
        required: &[&str],
        optional: &[&str],
        parse: fn(&[Option<&str>]) -> Result<T, FieldError>,
    ) -> Result<Rows<T>, FileError> {
        use sha2::Digest as _;
        let shown = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|source| FileError::Read {
            path: shown.clone(),
            source,
        })?;
        let lines = std::fs::File::open(path).map_err(|source| FileError::Read {
            path: shown.clone(),
            source,
        })?;
        let lines = crate::io::lines::LineCursor::new(std::io::BufReader::new(lines));
        let mut rdr = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(Hashing {
                inner: file,
                hasher: sha2::Sha256::new(),
            });
        let headers: Vec<String> = rdr
            .byte_headers()
            .map_err(|source| FileError::Csv {
                path: shown.clone(),
                source,
            })?
            .iter()
            .map(|h| String::from_utf8_lossy(h).into_owned())
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
        let cols = required.iter().chain(optional).map(|c| index(c)).collect();
        Ok(Rows {
            shown,
            rdr,
            headers,
            cols,
            parse,
            record: csv::ByteRecord::new(),
            lines,
        })
    }

    /// The header row as given.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// The next non-blank row, or None at the end of the file.
    pub fn next_row(&mut self) -> Result<Option<Row<T>>, FileError> {
        loop {
            let more = self
                .rdr
                .read_byte_record(&mut self.record)
                .map_err(|source| FileError::Csv {
                    path: self.shown.clone(),
                    source,
                })?;
            if !more {
                return Ok(None);
            }
            let rec = &self.record;
            if rec.iter().all(|c| c.trim_ascii().is_empty()) {
                continue;
            }
            let line = match rec.position() {
                Some(p) => self
                    .lines
                    .line_at(p.byte())
                    .map_err(|source| FileError::Read {
                        path: self.shown.clone(),
                        source,
                    })?,
                None => 0,
            };
            let raw = rec
                .iter()
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect();
            let cells: Vec<Option<&[u8]>> = self
                .cols
                .iter()
                .map(|i| i.and_then(|i| rec.get(i)))
                .collect();
            let text: Option<Vec<Option<&str>>> = cells
                .iter()
                .map(|c| match c {
                    Some(b) => std::str::from_utf8(b).ok().map(Some),
                    None => Some(None),
                })
                .collect();
            let parsed = match text {
                Some(cells) => (self.parse)(&cells),
                None => Err(bad(
                    "*",
                    "the row is not valid UTF-8 (save the file as UTF-8)",
                )),
            };
            return Ok(Some(Row { line, raw, parsed }));
        }
    }

    /// The hex SHA-256 of the file's bytes; read every row first.
    pub fn sha256(self) -> String {
        use sha2::Digest as _;
        let mut h = self.rdr.into_inner();
        // Hash whatever the CSV reader had not pulled yet (nothing, once every row is read).
        let _ = std::io::copy(&mut h, &mut std::io::sink());
        h.hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

fn parse_member(c: &[Option<&str>]) -> Result<NewMember, FieldError> {
    validate_member(MemberFields {
        email: c[0].unwrap_or(""),
        name: c[1].unwrap_or(""),
        phone: c[2],
        kind: c[3],
        payout_method: c[4],
        payout_account: c[5],
    })
}

fn parse_email(c: &[Option<&str>]) -> Result<String, FieldError> {
    let email = identity::normalize_email(c[0].unwrap_or(""));
    if email.is_empty() {
        Err(bad("email", "is empty"))
    } else if !identity::is_plausible_email(&email) {
        Err(bad("email", format!("{email:?} is not an email address")))
    } else {
        Ok(email)
    }
}

/// Opens the members CSV (`email,name` required; `phone,kind,payout_method,payout_account`).
pub fn read_members(path: &Path) -> Result<Rows<NewMember>, FileError> {
    Rows::open(
        path,
        &["email", "name"],
        &["phone", "kind", "payout_method", "payout_account"],
        parse_member,
    )
}

/// Opens a CSV with an `email` column; rows parse to normalised emails.
pub fn read_emails(path: &Path) -> Result<Rows<String>, FileError> {
    Rows::open(path, &["email"], &[], parse_email)
}

/// A rejects file: the original header plus `error`, then each rejected row with its reason,
/// written as rows are rejected. Cells are made spreadsheet-safe.
pub struct Rejects {
    path: String,
    w: csv::Writer<std::fs::File>,
    width: usize,
}

impl Rejects {
    pub fn create(path: &Path, headers: &[String]) -> anyhow::Result<Rejects> {
        let shown = path.display().to_string();
        let mut w = csv::Writer::from_path(path)
            .map_err(|e| anyhow::anyhow!("cannot write {shown}: {e}"))?;
        let mut h: Vec<String> = headers.iter().map(|c| safe(c)).collect();
        h.push("error".to_string());
        w.write_record(&h)?;
        Ok(Rejects {
            path: shown,
            w,
            width: headers.len(),
        })
    }

    pub fn write(&mut self, raw: &[String], error: &str) -> anyhow::Result<()> {
        let mut r: Vec<String> = raw.iter().map(|c| safe(c)).collect();
        r.resize(self.width.max(raw.len()), String::new());
        r.push(safe(error));
        self.w
            .write_record(&r)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", self.path))
    }

    pub fn finish(mut self) -> anyhow::Result<()> {
        self.w
            .flush()
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", self.path))
    }
}

fn safe(c: &str) -> String {
    crate::output::spreadsheet_safe(c).into_owned()
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
