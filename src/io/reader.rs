//! Shared CSV machinery for imports: BOM, delimiter sniffing, files that are not CSV text,
//! header mapping (presets and `--map`), and rows with their line numbers.

use csv::{ByteRecord, StringRecord};
use std::any::Any;
use std::borrow::Cow;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;
use std::sync::Arc;

use super::feed::Feed;
use super::lines::LineCursor;

/// A field of an import layout (a contract column name, or a preset's own).
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub required: bool,
}

/// Why a file cannot be imported at all. Nothing is written.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read {file}: {source}")]
    Io {
        file: String,
        source: std::io::Error,
    },
    #[error("{file} is empty: expected a header row with the columns {expected}")]
    Empty { file: String, expected: String },
    #[error("{file}: missing required column(s) {missing}; the file's columns are: {found}{hint}")]
    MissingColumns {
        file: String,
        missing: String,
        found: String,
        hint: String,
    },
    #[error("{file}:{line}: {msg}")]
    Malformed {
        file: String,
        line: u64,
        msg: String,
    },
    #[error("--map {map}: {msg}")]
    BadMap { map: String, msg: String },
}

/// An open CSV file: its layout resolved, rows streamed one at a time.
pub struct Source {
    pub file: String,
    pub delimiter: u8,
    pub size: u64,
    pub headers: Vec<String>,
    /// Where each field is, shared with the reader thread.
    layout: Arc<Layout>,
    /// The rows after the header, read on their own thread.
    rows: Feed,
}

/// Where a file's fields are: what reading a row's fields needs.
pub struct Layout {
    headers: Vec<String>,
    /// For each layout field, the column it is read from.
    cols: Vec<Option<usize>>,
    fields: &'static [Field],
    delimiter: u8,
}

impl Layout {
    /// A view of a text row of this file.
    pub(super) fn row<'a>(&'a self, rec: &'a StringRecord) -> Row<'a> {
        Row { layout: self, rec }
    }

    /// The file's header for a layout field (for messages), else the field's name.
    fn header_of(&self, field: usize) -> &str {
        match self.cols[field] {
            Some(i) => &self.headers[i],
            None => self.fields[field].name,
        }
    }
}

/// Work done on the reader thread for each text row of the right shape, beside the import (an
/// orders import parses and hashes there), when it returns something. The import takes the
/// result with [`Source::take_prepared`] and hands it back with [`Source::give_back`], so that
/// it is freed on the thread that allocated it.
pub type Prepare = Box<dyn FnMut(&Row) -> Option<Box<dyn Any + Send>> + Send>;

/// Why a file is not CSV text, judging by its first bytes.
fn not_text(head: &[u8], first_line: &[u8]) -> Option<&'static str> {
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return Some("the file is UTF-16 text; save it as \"CSV UTF-8\"");
    }
    let nuls = first_line.iter().filter(|&&b| b == 0).count();
    if nuls > 0 && nuls * 3 >= first_line.len() {
        return Some("the file looks like UTF-16 text; save it as \"CSV UTF-8\"");
    }
    if nuls > 0
        || first_line
            .iter()
            .filter(|&&b| b < 0x09 || (0x0e..0x20).contains(&b))
            .count()
            > 2
    {
        return Some("the file is binary, not CSV text");
    }
    None
}

/// Picks the delimiter of a header line: the most frequent of `,` `;` tab `|` outside quotes,
/// comma on a tie.
pub fn sniff_delimiter(first_line: &[u8]) -> u8 {
    let mut counts = [0usize; 4];
    let cands = [b',', b';', b'\t', b'|'];
    let mut quoted = false;
    for &b in first_line {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(i) = cands.iter().position(|&c| c == b) {
            counts[i] += 1;
        }
    }
    let mut best = 0;
    for i in 1..4 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    cands[best]
}

impl Source {
    /// Opens `path`, skips a UTF-8 BOM, sniffs the delimiter, reads the header row and resolves
    /// every field of `fields`: first from `maps` (header -> field, from `--map`), then from the
    /// preset's `aliases` (header -> field), then from a header equal to the field's name
    /// (case-insensitive, surrounding spaces ignored).
    pub fn open(
        path: &Path,
        shown: &str,
        fields: &'static [Field],
        aliases: &[(&str, &str)],
        maps: &[(String, String)],
    ) -> Result<Source, ReadError> {
        Source::open_prepared(path, shown, fields, aliases, maps, None)
    }

    /// [`Source::open`], running `prepare` on the reader thread for each text row of the right
    /// shape.
    pub fn open_prepared(
        path: &Path,
        shown: &str,
        fields: &'static [Field],
        aliases: &[(&str, &str)],
        maps: &[(String, String)],
        prepare: Option<Prepare>,
    ) -> Result<Source, ReadError> {
        let io = |source| ReadError::Io {
            file: shown.to_string(),
            source,
        };
        let mut f = File::open(path).map_err(io)?;
        let size = f.metadata().map_err(io)?.len();
        let expected = || {
            fields
                .iter()
                .filter(|f| f.required)
                .map(|f| f.name)
                .collect::<Vec<_>>()
                .join(",")
        };
        // Sniff on the first 64 KiB.
        let mut head = vec![0u8; 64 * 1024];
        let mut got = 0;
        while got < head.len() {
            let n = f.read(&mut head[got..]).map_err(io)?;
            if n == 0 {
                break;
            }
            got += n;
        }
        head.truncate(got);
        let bom = head.starts_with(b"\xEF\xBB\xBF");
        let body = if bom { &head[3..] } else { &head[..] };
        if body.iter().all(|b| b.is_ascii_whitespace()) {
            return Err(ReadError::Empty {
                file: shown.to_string(),
                expected: expected(),
            });
        }
        let first_line = body.split(|&b| b == b'\n').next().unwrap_or(body);
        if let Some(why) = not_text(&head, first_line) {
            return Err(ReadError::Malformed {
                file: shown.to_string(),
                line: 1,
                msg: why.to_string(),
            });
        }
        let delimiter = sniff_delimiter(first_line);

        let mut f = File::open(path).map_err(io)?;
        let mut g = File::open(path).map_err(io)?;
        if bom {
            let mut skip = [0u8; 3];
            f.read_exact(&mut skip).map_err(io)?;
            g.read_exact(&mut skip).map_err(io)?;
        }
        let lines = LineCursor::new(BufReader::with_capacity(256 * 1024, g));
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(true)
            .buffer_capacity(256 * 1024)
            .from_reader(BufReader::with_capacity(256 * 1024, f));
        let raw = rdr
            .byte_headers()
            .map_err(|e| ReadError::Malformed {
                file: shown.to_string(),
                line: 1,
                msg: e.to_string(),
            })?
            .clone();
        let headers: Vec<String> = match StringRecord::from_byte_record(raw) {
            Ok(r) => r.iter().map(|h| h.trim().to_string()).collect(),
            Err(e) => {
                return Err(ReadError::Malformed {
                    file: shown.to_string(),
                    line: 1,
                    msg: format!(
                        "the header row is not UTF-8 text (column {}); save the file as \"CSV UTF-8\"",
                        e.utf8_error().field() + 1
                    ),
                });
            }
        };
        let cols = resolve(shown, fields, &headers, aliases, maps, delimiter)?;
        let after_header = rdr.position().byte();
        let shape = Shape {
            headers: headers.clone(),
            read: cols.iter().flatten().copied().collect(),
            delimiter,
        };
        let layout = Arc::new(Layout {
            headers: headers.clone(),
            cols,
            fields,
            delimiter,
        });
        let prepare = prepare.map(|p| (Arc::clone(&layout), p));
        Ok(Source {
            file: shown.to_string(),
            delimiter,
            size,
            headers,
            layout,
            rows: Feed::start(rdr, lines, shape, shown.to_string(), after_header, prepare)?,
        })
    }

    /// Whether a layout field was found in the file.
    pub fn has(&self, field: usize) -> bool {
        self.layout.cols[field].is_some()
    }

    /// The file's header for a layout field (for messages), else the field's name.
    pub fn header_of(&self, field: usize) -> &str {
        self.layout.header_of(field)
    }

    /// Bytes read so far (for a progress bar).
    pub fn bytes_read(&self) -> u64 {
        self.rows.bytes_read()
    }

    /// Reads the next row into `row`; false at the end of the file.
    pub fn next(&mut self, row: &mut RawRow) -> Result<bool, ReadError> {
        self.rows.next(row)
    }

    /// A validated view of a text row.
    pub fn view<'a>(&'a self, rec: &'a StringRecord) -> Row<'a> {
        self.layout.row(rec)
    }

    /// What the reader thread's `prepare` made of the row last read (None for a row it did not
    /// prepare: no `prepare`, not text, the wrong shape, or `prepare` gave nothing).
    pub fn take_prepared(&mut self) -> Option<Box<dyn Any + Send>> {
        self.rows.take_prepared()
    }

    /// Hands back what [`Source::take_prepared`] gave for the row last read, before the next
    /// row is read: it goes back to the reader thread with the row's batch.
    pub fn give_back(&mut self, prepared: Box<dyn Any + Send>) {
        self.rows.give_back(prepared);
    }

    /// The message for a row whose field `field` is not UTF-8.
    pub fn not_utf8_message(&self, field: usize) -> String {
        let col = self.headers.get(field).map(String::as_str).unwrap_or("?");
        format!(
            "column \"{col}\": not UTF-8 text (the file was probably saved as Windows-1252 or \
             Latin-1; save it as \"CSV UTF-8\")"
        )
    }

    /// Why the row last read cannot be read as a row of this file (another number of cells
    /// than the header, an overlong cell, a NUL byte), if it cannot. Checked on the reader's
    /// thread as the row was read.
    pub fn shape_error(&self) -> Option<String> {
        self.rows.shape_error().map(str::to_string)
    }
}

fn resolve(
    shown: &str,
    fields: &'static [Field],
    headers: &[String],
    aliases: &[(&str, &str)],
    maps: &[(String, String)],
    delimiter: u8,
) -> Result<Vec<Option<usize>>, ReadError> {
    let find = |h: &str| {
        headers
            .iter()
            .position(|x| x.eq_ignore_ascii_case(h.trim()))
    };
    let field_index = |name: &str| {
        fields
            .iter()
            .position(|f| f.name.eq_ignore_ascii_case(name.trim()))
    };
    let mut cols: Vec<Option<usize>> = vec![None; fields.len()];
    for (header, field) in maps {
        let map = format!("{header}={field}");
        let fi = field_index(field).ok_or_else(|| ReadError::BadMap {
            map: map.clone(),
            msg: format!(
                "unknown field {field:?}; fields: {}",
                fields.iter().map(|f| f.name).collect::<Vec<_>>().join(", ")
            ),
        })?;
        let hi = find(header).ok_or_else(|| ReadError::BadMap {
            map: map.clone(),
            msg: format!(
                "{shown} has no column {header:?}; its columns are: {}",
                headers.join(", ")
            ),
        })?;
        cols[fi] = Some(hi);
    }
    for (header, field) in aliases {
        if let (Some(fi), Some(hi)) = (field_index(field), find(header))
            && cols[fi].is_none()
        {
            cols[fi] = Some(hi);
        }
    }
    for (fi, f) in fields.iter().enumerate() {
        if cols[fi].is_none() {
            cols[fi] = find(f.name);
        }
    }
    for c in cols.iter().flatten() {
        let name = &headers[*c];
        let same: Vec<String> = (0..headers.len())
            .filter(|&i| headers[i].eq_ignore_ascii_case(name))
            .map(|i| (i + 1).to_string())
            .collect();
        if same.len() > 1 {
            return Err(ReadError::Malformed {
                file: shown.to_string(),
                line: 1,
                msg: format!(
                    "column \"{name}\" appears more than once (columns {}); which one to read is unclear",
                    same.join(", ")
                ),
            });
        }
    }
    let missing: Vec<&str> = fields
        .iter()
        .zip(&cols)
        .filter(|(f, c)| f.required && c.is_none())
        .map(|(f, _)| f.name)
        .collect();
    if !missing.is_empty() {
        let hint = if headers.len() == 1 {
            format!(
                " (one column only: is the delimiter something other than {:?}?)",
                delimiter as char
            )
        } else {
            " (use --map \"HEADER=FIELD\" or --preset for another layout)".to_string()
        };
        const LISTED: usize = 40;
        let mut found = headers
            .iter()
            .take(LISTED)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if headers.len() > LISTED {
            found.push_str(&format!(" and {} more", headers.len() - LISTED));
        }
        return Err(ReadError::MissingColumns {
            file: shown.to_string(),
            missing: missing.join(", "),
            found,
            hint,
        });
    }
    Ok(cols)
}

/// What a row must look like to be read: as many cells as the header, none overlong (of the
/// columns the layout reads) and no NUL byte.
#[derive(Debug, Clone)]
pub struct Shape {
    headers: Vec<String>,
    /// The columns the layout reads.
    read: Vec<usize>,
    delimiter: u8,
}

impl Shape {
    /// The message for a row of the wrong shape, if it is.
    pub fn error(&self, rec: &ByteRecord) -> Option<String> {
        let n = rec.len();
        if n != self.headers.len() {
            let d = self.delimiter as char;
            return Some(format!(
                "has {n} columns, the header has {}: an unquoted {d:?} inside a value (such as a \
                 decimal comma in 12,50) or a missing quote?",
                self.headers.len()
            ));
        }
        for &i in &self.read {
            let len = rec.get(i).map_or(0, <[u8]>::len);
            if len > MAX_CELL_BYTES {
                let col = self.headers.get(i).map(String::as_str).unwrap_or("?");
                return Some(format!(
                    "column \"{col}\": {len} bytes long, more than the {MAX_CELL_BYTES} a value may have"
                ));
            }
        }
        if !rec.as_slice().contains(&0) {
            return None;
        }
        if let Some(i) = rec.iter().position(|c| c.contains(&0)) {
            let col = self.headers.get(i).map(String::as_str).unwrap_or("?");
            return Some(format!("column \"{col}\": contains a NUL byte"));
        }
        None
    }
}

/// A row as read: valid UTF-8 text, or bytes with the first field that is not UTF-8.
#[derive(Debug, Default)]
pub enum RawRow {
    #[default]
    Empty,
    Text(StringRecord),
    Bytes(ByteRecord, usize),
}

impl RawRow {
    /// The row's first line in the file (1-based).
    pub fn line(&self) -> u64 {
        let pos = match self {
            RawRow::Empty => None,
            RawRow::Text(r) => r.position(),
            RawRow::Bytes(r, _) => r.position(),
        };
        pos.map(|p| p.line()).unwrap_or(0)
    }

    pub fn bytes(&self) -> Option<&ByteRecord> {
        match self {
            RawRow::Empty => None,
            RawRow::Text(r) => Some(r.as_byte_record()),
            RawRow::Bytes(r, _) => Some(r),
        }
    }
}

/// One text row and the layout that reads it.
#[derive(Clone, Copy)]
pub struct Row<'a> {
    layout: &'a Layout,
    rec: &'a StringRecord,
}

impl<'a> Row<'a> {
    /// A field's trimmed value; empty when the file has no such column.
    pub fn get(&self, field: usize) -> &'a str {
        match self.layout.cols[field] {
            Some(i) => self.rec.get(i).unwrap_or("").trim(),
            None => "",
        }
    }

    /// A field's value, None when empty.
    pub fn opt(&self, field: usize) -> Option<&'a str> {
        Some(self.get(field)).filter(|s| !s.is_empty())
    }

    /// The file's header for a field, for messages.
    pub fn header(&self, field: usize) -> &'a str {
        self.layout.header_of(field)
    }

    /// An error about a field's value: `column "amount": "12,5O" is not a number`.
    pub fn err(&self, field: usize, msg: impl std::fmt::Display) -> RowError {
        RowError(format!("column \"{}\": {msg}", self.header(field)))
    }

    /// A required field's value, or an error naming the column.
    pub fn required(&self, field: usize) -> Result<&'a str, RowError> {
        let v = self.get(field);
        if v.is_empty() {
            Err(RowError(format!(
                "column \"{}\" is empty",
                self.header(field)
            )))
        } else {
            Ok(v)
        }
    }

    /// Whether amounts may be written with a decimal comma (a `;`-separated file).
    pub fn decimal_comma(&self) -> bool {
        self.layout.delimiter == b';'
    }

    /// An amount cell, with a European decimal comma accepted in `;`-separated files.
    pub fn amount_text(&self, field: usize) -> Result<Cow<'a, str>, RowError> {
        let v = self.get(field);
        if self.decimal_comma() {
            super::values::european_amount(v).map_err(|e| self.err(field, e))
        } else {
            Ok(Cow::Borrowed(v))
        }
    }
}

/// The longest value read from a column the import uses (names, emails, codes, amounts);
/// anything longer is a broken file or an attack, not data.
pub const MAX_CELL_BYTES: usize = 1024;

/// Why a row was rejected (its message, without file and line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError(pub String);

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_delimiters() {
        assert_eq!(sniff_delimiter(b"a,b,c"), b',');
        assert_eq!(sniff_delimiter(b"a;b;c"), b';');
        assert_eq!(sniff_delimiter(b"\"a;x\",b,c"), b',');
        assert_eq!(sniff_delimiter(b"a\tb"), b'\t');
        assert_eq!(sniff_delimiter(b"abc"), b',');
    }
}
