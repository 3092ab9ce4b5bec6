//! The rejects file: the original header plus `error`, then each rejected row as it was.

use csv::ByteRecord;
use std::fs::File;
use std::io::Write;
use std::path::Path;

/// The rejects file: the original header plus `error`, then each rejected row as it was, with
/// its reason. Cells are neutralised for spreadsheets.
pub struct RejectsWriter {
    w: csv::Writer<std::io::BufWriter<File>>,
}

impl RejectsWriter {
    pub fn create(
        path: &Path,
        headers: &[String],
        delimiter: u8,
    ) -> std::io::Result<RejectsWriter> {
        let f = File::create(path)?;
        let mut w = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .from_writer(std::io::BufWriter::new(f));
        let mut h: Vec<&str> = headers.iter().map(String::as_str).collect();
        h.push("error");
        w.write_record(&h).map_err(std::io::Error::other)?;
        Ok(RejectsWriter { w })
    }

    pub fn write(&mut self, rec: &ByteRecord, line: u64, error: &str) -> std::io::Result<()> {
        let mut out = ByteRecord::new();
        for cell in rec.iter() {
            match std::str::from_utf8(cell) {
                Ok(s) => out.push_field(crate::output::spreadsheet_safe(s).as_bytes()),
                Err(_) => out.push_field(cell),
            }
        }
        out.push_field(format!("line {line}: {error}").as_bytes());
        self.w
            .write_byte_record(&out)
            .map_err(std::io::Error::other)
    }

    pub fn finish(mut self) -> std::io::Result<()> {
        self.w.flush()?;
        self.w
            .into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))?
            .flush()
    }
}
