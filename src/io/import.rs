//! The parts every import shares: options, the summary it reports, the tally of rows (rejects to
//! stderr and the rejects file), and the value parsers that name the column at fault.

use super::reader::{RawRow, ReadError, Row, RowError, Source};
use super::rejects::RejectsWriter;
use super::values;
use crate::core::identity;
use crate::core::money::{self, Currency};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use csv::{ByteRecord, StringRecord};
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The layout of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    Generic,
    Shopify,
    Woocommerce,
}

impl Preset {
    pub fn name(self) -> &'static str {
        match self {
            Preset::Generic => "generic",
            Preset::Shopify => "shopify",
            Preset::Woocommerce => "woocommerce",
        }
    }
}

/// What to import and how.
#[derive(Debug, Clone)]
pub struct Options {
    pub path: PathBuf,
    pub preset: Preset,
    /// `--map HEADER=FIELD` pairs.
    pub maps: Vec<(String, String)>,
    pub rejects: Option<PathBuf>,
    pub dry_run: bool,
    pub history_only: bool,
    /// The shop's zone, for naive timestamps.
    pub zone: Tz,
    /// `--as-of`: rows dated after it are rejected.
    pub now: DateTime<Utc>,
}

impl Options {
    /// The file name as shown in messages and stored in the journal.
    pub fn shown(&self) -> String {
        self.path.display().to_string()
    }
}

/// Callbacks to the command line: rejected rows and progress.
pub trait Hooks {
    /// A row was rejected: `FILE:LINE: message`.
    fn rejected(&mut self, file: &str, line: u64, msg: &str);
    /// `done` of `total` bytes read.
    fn progress(&mut self, done: u64, total: u64);
}

/// Why an import stopped. Nothing is written (the caller rolls back).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("database: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("cannot write the rejects file {file}: {source}")]
    Rejects {
        file: String,
        source: std::io::Error,
    },
}

/// A code found on orders that matches no issued code, and on how many orders.
#[derive(Debug, Clone, Serialize)]
pub struct CodeCount {
    pub code: String,
    pub orders: u64,
}

/// What an import did. The first six fields are the contract's.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Summary {
    pub file: String,
    /// Records of the import's kind (for a Shopify export: orders, not line-item lines).
    pub rows: u64,
    pub inserted: u64,
    /// Rows already imported with the same data: skipped.
    pub duplicates: u64,
    pub rejected: u64,
    pub rejects_file: Option<String>,
    /// Rows whose id was imported before with different data: rejected, the stored row kept.
    pub conflicts: u64,
    pub kind: &'static str,
    pub preset: &'static str,
    /// Returns recorded (from a returns file, or refunds found in a preset's orders export).
    pub returns: u64,
    /// Refunds in the file that were already recorded.
    pub return_duplicates: u64,
    /// Inserted orders that are cancelled or voided (earn nothing).
    pub cancelled: u64,
    /// Orders whose code matches no issued code (kept on the order).
    pub unknown_code_orders: u64,
    /// The most frequent unknown codes.
    pub unknown_codes: Vec<CodeCount>,
    /// Orders whose code was revoked, expired or used up when ordered (earn nothing).
    pub revoked_code_orders: u64,
    pub expired_code_orders: u64,
    pub exhausted_code_orders: u64,
    pub history_only: bool,
    pub dry_run: bool,
    pub import_id: Option<i64>,
    pub sha256: String,
    /// An earlier import of a file with the same digest, if any.
    pub previous_import_id: Option<i64>,
    pub delimiter: String,
    /// Stored orders without a delivery date that the file gives one (fulfilled since the
    /// export they came from): the date is filled in, and the row counts as a duplicate.
    pub delivered_since: u64,
}

/// Distinct unknown codes remembered (memory stays bounded whatever the file).
const UNKNOWN_CODES_KEPT: usize = 1000;
/// Unknown codes listed in the summary.
const UNKNOWN_CODES_SHOWN: usize = 10;

/// Counts rows, reports rejects, writes the rejects file.
pub struct Tally<'h> {
    pub summary: Summary,
    rejects: Option<(RejectsWriter, String)>,
    hooks: &'h mut dyn Hooks,
    unknown: HashMap<String, u64>,
    last_progress: u64,
}

impl<'h> Tally<'h> {
    pub fn new(
        opts: &Options,
        src: &Source,
        kind: &'static str,
        hooks: &'h mut dyn Hooks,
    ) -> Result<Tally<'h>, ImportError> {
        let rejects = match &opts.rejects {
            Some(p) => {
                let shown = p.display().to_string();
                let w =
                    RejectsWriter::create(p, &src.headers, src.delimiter).map_err(|source| {
                        ImportError::Rejects {
                            file: shown.clone(),
                            source,
                        }
                    })?;
                Some((w, shown))
            }
            None => None,
        };
        let summary = Summary {
            file: src.file.clone(),
            kind,
            preset: opts.preset.name(),
            history_only: opts.history_only,
            dry_run: opts.dry_run,
            rejects_file: rejects.as_ref().map(|(_, s)| s.clone()),
            delimiter: match src.delimiter {
                b'\t' => "tab".to_string(),
                d => (d as char).to_string(),
            },
            ..Summary::default()
        };
        Ok(Tally {
            summary,
            rejects,
            hooks,
            unknown: HashMap::new(),
            last_progress: 0,
        })
    }

    fn write_reject(&mut self, rec: &ByteRecord, line: u64, msg: &str) -> Result<(), ImportError> {
        self.hooks.rejected(&self.summary.file, line, msg);
        if let Some((w, shown)) = &mut self.rejects {
            w.write(rec, line, msg)
                .map_err(|source| ImportError::Rejects {
                    file: shown.clone(),
                    source,
                })?;
        }
        Ok(())
    }

    /// The text of a row read from `src`. A row that is not UTF-8 is counted and rejected here
    /// (None), and a blank line is skipped (None, not counted).
    pub fn text_row<'r>(
        &mut self,
        src: &Source,
        raw: &'r RawRow,
    ) -> Result<Option<&'r StringRecord>, ImportError> {
        match raw {
            RawRow::Text(r) => Ok(Some(r)),
            RawRow::Bytes(b, field) => {
                self.summary.rows += 1;
                let msg = src.not_utf8_message(*field);
                self.reject(b, raw.line(), &msg)?;
                Ok(None)
            }
            RawRow::Empty => Ok(None),
        }
    }

    /// A rejected row.
    pub fn reject(&mut self, rec: &ByteRecord, line: u64, msg: &str) -> Result<(), ImportError> {
        self.summary.rejected += 1;
        self.write_reject(rec, line, msg)
    }

    /// A row whose id was imported before with different data.
    pub fn conflict(&mut self, rec: &ByteRecord, line: u64, msg: &str) -> Result<(), ImportError> {
        self.summary.conflicts += 1;
        self.write_reject(rec, line, msg)
    }

    /// Notes an unknown code.
    pub fn unknown_code(&mut self, code: &str) {
        self.summary.unknown_code_orders += 1;
        if let Some(n) = self.unknown.get_mut(code) {
            *n += 1;
        } else if self.unknown.len() < UNKNOWN_CODES_KEPT {
            self.unknown.insert(code.to_string(), 1);
        }
    }

    /// Reports progress every 1 MiB or so.
    pub fn progress(&mut self, src: &Source) {
        let done = src.bytes_read();
        if done >= self.last_progress + (1 << 20) {
            self.last_progress = done;
            self.hooks.progress(done, src.size);
        }
    }

    /// Closes the rejects file and returns the summary.
    pub fn finish(mut self) -> Result<Summary, ImportError> {
        if let Some((w, shown)) = self.rejects.take() {
            w.finish().map_err(|source| ImportError::Rejects {
                file: shown,
                source,
            })?;
        }
        let mut codes: Vec<CodeCount> = self
            .unknown
            .into_iter()
            .map(|(code, orders)| CodeCount { code, orders })
            .collect();
        codes.sort_by(|a, b| b.orders.cmp(&a.orders).then_with(|| a.code.cmp(&b.code)));
        codes.truncate(UNKNOWN_CODES_SHOWN);
        self.summary.unknown_codes = codes;
        Ok(self.summary)
    }
}

/// The counts stored on the journal row.
pub fn counts(s: &Summary) -> crate::db::imports::Counts {
    crate::db::imports::Counts {
        rows: s.rows,
        inserted: s.inserted,
        duplicates: s.duplicates,
        conflicts: s.conflicts,
        rejected: s.rejected,
        returns: s.returns,
    }
}

/// A currency cell (or the given default when the file has none).
pub fn currency(row: &Row, field: usize) -> Result<Currency, RowError> {
    let v = row.required(field)?;
    Currency::from_code(v).map_err(|e| row.err(field, e))
}

/// Plain `123` or `123.45` within the currency's decimals, the shape of nearly every cell; None
/// sends anything else (signs, symbols, separators, errors) to [`money::parse_minor`].
fn plain_minor(text: &str, cur: Currency) -> Option<i64> {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    let exp = cur.exponent() as usize;
    if int.is_empty() || int.len() > 15 || frac.len() > exp {
        return None;
    }
    let mut minor: i64 = 0;
    for b in int.bytes().chain(frac.bytes()) {
        if !b.is_ascii_digit() {
            return None;
        }
        minor = minor * 10 + (b - b'0') as i64;
    }
    for _ in frac.len()..exp {
        minor *= 10;
    }
    Some(minor)
}

/// The largest amount a file may give (see [`money::MAX_AMOUNT_MINOR`]).
pub const MAX_AMOUNT_MINOR: i64 = money::MAX_AMOUNT_MINOR;

fn within_bounds(row: &Row, field: usize, minor: i64, cur: Currency) -> Result<i64, RowError> {
    if minor.unsigned_abs() > MAX_AMOUNT_MINOR as u64 {
        return Err(row.err(
            field,
            format!(
                "{:?} is too large (at most {} {cur})",
                row.get(field),
                money::format_minor(MAX_AMOUNT_MINOR, cur)
            ),
        ));
    }
    Ok(minor)
}

/// A positive amount in `cur`, exact to its decimals, at most [`MAX_AMOUNT_MINOR`].
pub fn positive_amount(row: &Row, field: usize, cur: Currency) -> Result<i64, RowError> {
    required_amount(row, field, cur, false)
}

/// An order's amount: required, zero allowed (a free sample, an exchange: an order all the
/// same, which makes the customer's later orders not their first), never negative.
pub fn order_amount(row: &Row, field: usize, cur: Currency) -> Result<i64, RowError> {
    required_amount(row, field, cur, true)
}

fn required_amount(row: &Row, field: usize, cur: Currency, zero_ok: bool) -> Result<i64, RowError> {
    let v = row.required(field)?;
    // The fast path reads a dot as a decimal point, which a `;`-separated file must not.
    let plain = !(row.decimal_comma() && v.contains('.'));
    if let Some(minor) = plain
        .then(|| plain_minor(v, cur))
        .flatten()
        .filter(|&m| (m > 0 || (zero_ok && m == 0)) && m <= MAX_AMOUNT_MINOR)
    {
        return Ok(minor);
    }
    let text = row.amount_text(field)?;
    let minor = money::parse_minor(&text, cur).map_err(|e| match e {
        money::MoneyError::NotANumber(_) => {
            row.err(field, format!("{:?} is not a number", row.get(field)))
        }
        other => row.err(field, other),
    })?;
    if minor < 0 && zero_ok {
        return Err(row.err(field, format!("{:?} is negative", row.get(field))));
    }
    if minor <= 0 && !zero_ok {
        return Err(row.err(
            field,
            format!("{:?} must be greater than zero", row.get(field)),
        ));
    }
    within_bounds(row, field, minor, cur)
}

/// An amount that may be zero (a part of a total, e.g. shipping); empty is zero.
pub fn amount_or_zero(row: &Row, field: usize, cur: Currency) -> Result<i64, RowError> {
    if row.get(field).is_empty() {
        return Ok(0);
    }
    let text = row.amount_text(field)?;
    let minor = money::parse_minor(&text, cur).map_err(|e| match e {
        money::MoneyError::NotANumber(_) => {
            row.err(field, format!("{:?} is not a number", row.get(field)))
        }
        other => row.err(field, other),
    })?;
    within_bounds(row, field, minor, cur)
}

/// A timestamp cell, not after `now`.
pub fn instant(row: &Row, field: usize, opts: &Options) -> Result<DateTime<Utc>, RowError> {
    let v = row.required(field)?;
    let t = values::parse_time(v, opts.zone).map_err(|e| row.err(field, e))?;
    not_future(row, field, t, opts)
}

/// Rejects an instant after `--as-of`.
pub fn not_future(
    row: &Row,
    field: usize,
    t: DateTime<Utc>,
    opts: &Options,
) -> Result<DateTime<Utc>, RowError> {
    if t > opts.now {
        return Err(row.err(
            field,
            format!(
                "{:?} is after the as-of time {} (pass --as-of to import later rows)",
                row.get(field),
                crate::core::time::to_db(opts.now)
            ),
        ));
    }
    Ok(t)
}

/// An email cell, normalised.
pub fn email(row: &Row, field: usize) -> Result<String, RowError> {
    let v = row.required(field)?;
    if !identity::is_plausible_email(v) {
        return Err(row.err(field, format!("{v:?} is not an email address")));
    }
    Ok(identity::normalize_email(v))
}

/// The display form of a path for the journal (as given).
pub fn file_name(p: &Path) -> String {
    p.display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_amounts_agree_with_the_money_parser() {
        for code in ["SAR", "KWD", "JPY"] {
            let cur = Currency::from_code(code).unwrap();
            for text in [
                "0",
                "7",
                "49.9",
                "49.90",
                "1234567.891",
                "12.",
                ".5",
                "1.2345",
                "999999999999999",
            ] {
                let fast = plain_minor(text, cur);
                let slow = money::parse_minor(text, cur).ok();
                if let Some(f) = fast {
                    assert_eq!(Some(f), slow, "{text} {code}");
                }
            }
        }
        let sar = Currency::from_code("SAR").unwrap();
        assert_eq!(plain_minor("49.9", sar), Some(4990));
        assert_eq!(plain_minor("49.999", sar), None);
        assert_eq!(plain_minor("-1", sar), None);
    }
}
