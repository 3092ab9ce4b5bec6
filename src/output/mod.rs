//! Renderers: the only place that prints data. Every command hands plain `Serialize` data here and
//! it comes out as a table (comfy-table), CSV (header then rows) or one JSON document.
//!
//! Tables and CSV are derived from the JSON form, so the three never disagree: an array of objects
//! becomes rows with the objects' keys as columns; a single object becomes one row (CSV) or a
//! field/value table, and any array of objects inside it is shown as its own table below.
//! Columns whose name ends in `_minor` are left out of tables (people read the decimal column).

use serde::Serialize;
use serde_json::Value;
use std::io::Write;

/// How data is printed on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum Format {
    /// Aligned table for people
    #[default]
    Table,
    /// Header row then rows; safe to open in a spreadsheet
    Csv,
    /// One JSON document (an object, or an array for lists)
    Json,
}

/// The context of an error writing to stdout (a full disk, a closed terminal; a closed pipe is
/// no error): the command itself has finished, and what it changed is already saved.
#[derive(Debug)]
pub struct OutputFailed;

impl std::fmt::Display for OutputFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("cannot write the output")
    }
}

/// Renders `data` in `format` to a string.
pub fn render<T: Serialize + ?Sized>(format: Format, data: &T) -> anyhow::Result<String> {
    Ok(match format {
        // Straight from the data: a serde_json::Value of a big list (a payout batch of 20,000
        // members) costs several times the text. Same text (serde_json keeps field order).
        Format::Json => {
            let mut s = serde_json::to_string_pretty(data)?;
            s.push('\n');
            s
        }
        Format::Csv => render_csv(&serde_json::to_value(data)?)?,
        Format::Table => render_table(&serde_json::to_value(data)?),
    })
}

/// Renders and prints `data` on stdout. A closed pipe (`| head`) is not an error.
pub fn emit<T: Serialize + ?Sized>(format: Format, data: &T) -> anyhow::Result<()> {
    if format == Format::Json {
        // Straight from the data to stdout: no intermediate JSON tree for long lists.
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        let written = serde_json::to_writer_pretty(&mut out, data)
            .map_err(std::io::Error::from)
            .and_then(|()| out.write_all(b"\n"))
            .and_then(|()| out.flush());
        return match written {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            Err(e) => Err(anyhow::Error::from(e).context(OutputFailed)),
            Ok(()) => Ok(()),
        };
    }
    let text = render(format, data)?;
    write_stdout(text.as_bytes())
}

/// Renders and prints a list. An empty list still prints its CSV header row (taken from a
/// default row), so a script or a mail merge always gets the columns.
pub fn emit_list<T: Serialize + Default>(format: Format, items: &[T]) -> anyhow::Result<()> {
    emit_list_with(format, items, &T::default())
}

/// [`emit_list`] for rows whose default would not show every column (fields skipped when
/// empty): an empty list prints the CSV header of `probe`.
pub fn emit_list_with<T: Serialize>(format: Format, items: &[T], probe: &T) -> anyhow::Result<()> {
    if format != Format::Csv {
        return emit(format, items);
    }
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    match write_csv_list(out, items, probe) {
        Err(e) if is_broken_pipe(&e) => Ok(()),
        Err(e) => Err(e.context(OutputFailed)),
        Ok(()) => Ok(()),
    }
}

/// Writes a list as CSV a row at a time (a code list of 20,000 rows built whole took 69 MiB):
/// the header is every field of any row, in first-seen order, as [`render`] makes it; an empty
/// list gets the header of `probe`.
fn write_csv_list<T: Serialize, W: Write>(out: W, items: &[T], probe: &T) -> anyhow::Result<()> {
    let keys_from: &[T] = if items.is_empty() {
        std::slice::from_ref(probe)
    } else {
        items
    };
    // Each row is made twice (for the header, then to write it): holding them is what cost.
    let mut headers: Vec<String> = Vec::new();
    for item in keys_from {
        add_headers(&mut headers, &serde_json::to_value(item)?, false);
    }
    // Not a list of objects: one "value" column, as `rows_of` makes it.
    let scalars = headers.is_empty();
    if scalars {
        headers.push("value".to_string());
    }
    let mut w = csv::WriterBuilder::new().from_writer(out);
    write_safe(&mut w, &headers)?;
    for item in items {
        write_safe(
            &mut w,
            &cells_of(&serde_json::to_value(item)?, &headers, scalars),
        )?;
    }
    w.flush()?;
    Ok(())
}

/// Whether an output error is a closed pipe (`| head`), which is not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<csv::Error>().is_some_and(|c| {
                matches!(c.kind(), csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe)
            })
    })
}

/// Writes bytes to stdout, treating a broken pipe as success.
pub fn write_stdout(bytes: &[u8]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(anyhow::Error::from(e).context(OutputFailed)),
    }
}

/// The text of one cell: strings as they are, null empty, nested values as compact JSON.
fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

/// The rows of a list: column names (from the first object, in field order) and cells.
fn rows_of(items: &[Value], for_table: bool) -> (Vec<String>, Vec<Vec<String>>) {
    let mut headers: Vec<String> = Vec::new();
    for item in items {
        add_headers(&mut headers, item, for_table);
    }
    let scalars = headers.is_empty() && !items.is_empty();
    if scalars {
        headers.push("value".to_string());
    }
    let rows = items
        .iter()
        .map(|item| cells_of(item, &headers, scalars))
        .collect();
    (headers, rows)
}

/// The cells of one row: the object's fields under `headers`, or, for a list of scalars (one
/// "value" column), the item itself.
fn cells_of(item: &Value, headers: &[String], scalars: bool) -> Vec<String> {
    if scalars {
        return vec![cell(item)];
    }
    headers
        .iter()
        .map(|h| item.get(h).map(cell).unwrap_or_default())
        .collect()
}

/// Adds the fields of `item` (an object) that `headers` lacks, in field order; tables leave out
/// `_minor` columns.
fn add_headers(headers: &mut Vec<String>, item: &Value, for_table: bool) {
    if let Value::Object(map) = item {
        for k in map.keys() {
            let hidden = for_table && k.ends_with("_minor");
            if !hidden && !headers.contains(k) {
                headers.push(k.clone());
            }
        }
    }
}

/// Whether a cell would be read as a formula by a spreadsheet and is not a negative number as
/// this tool writes amounts (`-12.50`). A `+` is always neutralised: no amount is written with
/// one, and text such as a phone or account number (`+966123`) would lose its `+` to Excel.
fn is_dangerous(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if !matches!(first, '=' | '+' | '-' | '@' | '\t' | '\r') {
        return false;
    }
    let Some(body) = s.strip_prefix('-') else {
        return true;
    };
    let plain_number = !body.is_empty()
        && body.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && body.bytes().filter(|&b| b == b'.').count() <= 1
        && body.bytes().any(|b| b.is_ascii_digit());
    !plain_number
}

/// Neutralises a cell that a spreadsheet would run as a formula by prefixing `'`.
/// Plain numbers such as `-12.50` are left alone.
pub fn spreadsheet_safe(s: &str) -> std::borrow::Cow<'_, str> {
    if is_dangerous(s) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// The value of a cell [`spreadsheet_safe`] wrote (`'+966 50…`, `'=SUM(…)`): without the
/// apostrophe that kept a spreadsheet from running it as a formula.
pub fn unneutralised(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => s,
    }
}

/// Writes rows as CSV with every cell made spreadsheet-safe.
pub fn csv_bytes(headers: Option<&[String]>, rows: &[Vec<String>]) -> anyhow::Result<Vec<u8>> {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    if let Some(h) = headers {
        write_safe(&mut w, h)?;
    }
    for row in rows {
        write_safe(&mut w, row)?;
    }
    w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))
}

/// Writes one CSV record with every cell made spreadsheet-safe.
fn write_safe<W: Write>(w: &mut csv::Writer<W>, cells: &[String]) -> csv::Result<()> {
    w.write_record(cells.iter().map(|c| spreadsheet_safe(c).into_owned()))
}

fn render_csv(value: &Value) -> anyhow::Result<String> {
    let (headers, rows) = match value {
        Value::Array(items) => rows_of(items, false),
        Value::Object(_) => rows_of(std::slice::from_ref(value), false),
        other => (vec!["value".to_string()], vec![vec![cell(other)]]),
    };
    if headers.is_empty() {
        // An empty list whose columns are unknown: no header at all rather than a blank one
        // (lists print theirs through `emit_list`, reports through their own columns).
        return Ok(String::new());
    }
    Ok(String::from_utf8(csv_bytes(Some(&headers), &rows)?)?)
}

fn table(headers: &[String], rows: &[Vec<String>]) -> String {
    let mut t = comfy_table::Table::new();
    t.load_style(comfy_table::presets::UTF8_FULL_CONDENSED);
    t.set_header(headers);
    for r in rows {
        t.add_row(r);
    }
    t.to_string()
}

fn render_table(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Array(items) if items.is_empty() => out.push_str("(none)"),
        Value::Array(items) => {
            let (headers, rows) = rows_of(items, true);
            out.push_str(&table(&headers, &rows));
        }
        Value::Object(map) => {
            let mut pairs = Vec::new();
            let mut subtables = Vec::new();
            for (k, v) in map {
                if k.ends_with("_minor") {
                    continue;
                }
                match v {
                    Value::Array(items) if items.iter().all(Value::is_object) => {
                        subtables.push((k, items))
                    }
                    _ => pairs.push(vec![k.clone(), cell(v)]),
                }
            }
            if !pairs.is_empty() {
                out.push_str(&table(&["field".into(), "value".into()], &pairs));
            }
            for (k, items) in subtables {
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(k);
                out.push('\n');
                if items.is_empty() {
                    out.push_str("(none)");
                } else {
                    let (headers, rows) = rows_of(items, true);
                    out.push_str(&table(&headers, &rows));
                }
            }
        }
        other => out.push_str(&cell(other)),
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn list_renders_in_three_formats() {
        let data = json!([
            {"email": "a@x.sa", "name": "سارة", "amount": "10.00", "amount_minor": 1000},
            {"email": "b@x.sa", "name": "Bob", "amount": "-2.50", "amount_minor": -250}
        ]);
        let csv = render(Format::Csv, &data).unwrap();
        assert_eq!(
            csv,
            "email,name,amount,amount_minor\na@x.sa,سارة,10.00,1000\nb@x.sa,Bob,-2.50,-250\n"
        );
        let table = render(Format::Table, &data).unwrap();
        assert!(table.contains("سارة"));
        assert!(!table.contains("amount_minor"));
        let back: Value = serde_json::from_str(&render(Format::Json, &data).unwrap()).unwrap();
        assert_eq!(back, data);
    }

    #[test]
    fn object_renders_as_one_csv_row_and_field_table() {
        let data =
            json!({"run_id": 3, "accrued": 2, "totals": [{"currency": "SAR", "pending": "1.00"}]});
        let csv = render(Format::Csv, &data).unwrap();
        assert!(csv.starts_with("run_id,accrued,totals\n3,2,"));
        let table = render(Format::Table, &data).unwrap();
        assert!(table.contains("run_id") && table.contains("totals") && table.contains("SAR"));
    }

    #[derive(Serialize, Default)]
    struct Probe {
        email: String,
        amount_minor: i64,
    }

    #[test]
    fn an_empty_list_still_has_its_csv_header() {
        let mut out = Vec::new();
        write_csv_list::<Probe, _>(&mut out, &[], &Probe::default()).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "email,amount_minor\n");
        // A probe with its optional fields filled names them too.
        let mut out = Vec::new();
        let probe = Sparse {
            note: Some(String::new()),
            ..Sparse::default()
        };
        write_csv_list::<Sparse, _>(&mut out, &[], &probe).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "email,note\n");
    }

    #[derive(Serialize, Default)]
    struct Sparse {
        email: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    }

    #[test]
    fn a_list_streamed_as_csv_is_the_rendered_csv() {
        let items = vec![
            Sparse {
                email: "a@x.sa".into(),
                note: None,
            },
            Sparse {
                email: "=b@x.sa".into(),
                note: Some("سارة, \"quoted\"".into()),
            },
        ];
        let mut out = Vec::new();
        write_csv_list(&mut out, &items, &Sparse::default()).unwrap();
        let streamed = String::from_utf8(out).unwrap();
        assert_eq!(streamed, render(Format::Csv, &items).unwrap());
        assert_eq!(
            streamed,
            "email,note\na@x.sa,\n'=b@x.sa,\"سارة, \"\"quoted\"\"\"\n"
        );
        let mut out = Vec::new();
        write_csv_list(&mut out, &[1, 2], &0).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "value\n1\n2\n");
    }

    #[test]
    fn formulas_are_neutralised_but_numbers_are_not() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("+1+2"), "'+1+2");
        assert_eq!(spreadsheet_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(spreadsheet_safe("\tcmd"), "'\tcmd");
        assert_eq!(spreadsheet_safe("-12.50"), "-12.50");
        assert_eq!(spreadsheet_safe("+966123"), "'+966123");
        assert_eq!(spreadsheet_safe("+5"), "'+5");
        assert_eq!(spreadsheet_safe("-1-1"), "'-1-1");
        assert_eq!(spreadsheet_safe("-"), "'-");
        assert_eq!(spreadsheet_safe("normal"), "normal");
        let csv = render(Format::Csv, &json!([{"name": "=cmd|' /C calc'!A0"}])).unwrap();
        assert_eq!(csv, "name\n'=cmd|' /C calc'!A0\n");
    }
}
