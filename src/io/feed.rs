//! CSV rows read on a thread of their own: the csv crate's parsing, true line numbers
//! (`io::lines`) and the UTF-8 and shape checks run beside the import's own work, which gets
//! the rows in batches. A re-import of 1M orders spent a sixth of its main thread on them.

use super::lines::LineCursor;
use super::reader::{Layout, Prepare, RawRow, ReadError, Shape};
use csv::StringRecord;
use std::any::Any;
use std::fs::File;
use std::io::BufReader;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, SyncSender, TryRecvError, sync_channel};
use std::thread::JoinHandle;

/// Rows per batch: large enough that handing a batch over costs nothing per row, small enough
/// that the batches in flight stay well under a megabyte.
const BATCH: usize = 256;
/// Batches read ahead of the import.
const AHEAD: usize = 1;

/// Rows read so far, and how the file ended once it has.
struct Batch {
    rows: Vec<RawRow>,
    /// For each row, the file offset just after it (for progress and size estimates).
    ends: Vec<u64>,
    /// For each row, why it has the wrong shape, if it has (`Shape::error`).
    shapes: Vec<Option<String>>,
    /// For each row, what the reader's `prepare` made of it, if it ran (handed back by the
    /// import, and freed by the reader when it reuses the batch).
    prepared: Vec<Option<Box<dyn Any + Send>>>,
    /// After the last row: `Ok` at the end of the file, or why reading stopped.
    end: Option<Result<(), ReadError>>,
}

/// The importing side: rows in file order, as [`Feed::next`] hands them out.
pub struct Feed {
    batches: Receiver<Batch>,
    /// Batches handed back, so that their records' buffers are read into again.
    spent: SyncSender<Batch>,
    current: Batch,
    at: usize,
    bytes_read: u64,
    /// Why the row last handed out has the wrong shape, if it has.
    shape_error: Option<String>,
    finished: bool,
    reader: Option<JoinHandle<()>>,
}

impl Feed {
    /// Starts reading the rows after the header on a new thread, which runs `prepare` (with the
    /// file's layout) on each text row of the right shape.
    pub fn start(
        rdr: csv::Reader<BufReader<File>>,
        lines: LineCursor<BufReader<File>>,
        shape: Shape,
        file: String,
        bytes_read: u64,
        prepare: Option<(Arc<Layout>, Prepare)>,
    ) -> Result<Feed, ReadError> {
        let (tx, batches) = sync_channel(AHEAD);
        let (spent, returned) = sync_channel(AHEAD + 2);
        let reader = std::thread::Builder::new()
            .name("csv-reader".into())
            .spawn({
                let file = file.clone();
                move || read_rows(rdr, lines, &shape, prepare, &file, &tx, &returned)
            })
            .map_err(|source| ReadError::Io { file, source })?;
        Ok(Feed {
            batches,
            spent,
            current: Batch::empty(),
            at: 0,
            bytes_read,
            shape_error: None,
            finished: false,
            reader: Some(reader),
        })
    }

    /// Bytes of the file up to the end of the last row handed out.
    pub fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    /// Why the row last handed out has the wrong shape, if it has.
    pub fn shape_error(&self) -> Option<&str> {
        self.shape_error.as_deref()
    }

    /// What `prepare` made of the row last handed out (once).
    pub fn take_prepared(&mut self) -> Option<Box<dyn Any + Send>> {
        let i = self.at.checked_sub(1)?;
        self.current.prepared.get_mut(i)?.take()
    }

    /// Puts back what [`Feed::take_prepared`] gave for the row last handed out.
    pub fn give_back(&mut self, prepared: Box<dyn Any + Send>) {
        if let Some(slot) = self
            .at
            .checked_sub(1)
            .and_then(|i| self.current.prepared.get_mut(i))
        {
            *slot = Some(prepared);
        }
    }

    /// Swaps the next row into `row` (whose buffers go back to the reader); false at the end.
    pub fn next(&mut self, row: &mut RawRow) -> Result<bool, ReadError> {
        loop {
            if self.at < self.current.rows.len() {
                std::mem::swap(row, &mut self.current.rows[self.at]);
                self.bytes_read = self.current.ends[self.at];
                self.shape_error = self.current.shapes[self.at].take();
                self.at += 1;
                return Ok(true);
            }
            if let Some(end) = self.current.end.take() {
                self.finished = true;
                return end.map(|()| false);
            }
            if self.finished {
                return Ok(false);
            }
            let spent = std::mem::replace(&mut self.current, Batch::empty());
            // The reader makes a new batch when none comes back in time.
            let _ = self.spent.try_send(spent);
            match self.batches.recv() {
                Ok(b) => {
                    self.current = b;
                    self.at = 0;
                }
                // The reader always sends an end before it stops, unless it panicked.
                Err(_) => match self.reader.take().map(JoinHandle::join) {
                    Some(Err(panic)) => std::panic::resume_unwind(panic),
                    _ => unreachable!("the CSV reader stopped without an end"),
                },
            }
        }
    }
}

impl Batch {
    fn empty() -> Batch {
        Batch {
            rows: Vec::new(),
            ends: Vec::new(),
            shapes: Vec::new(),
            prepared: Vec::new(),
            end: None,
        }
    }
}

/// The reader thread: fills batches (reusing the records of spent ones) until the file ends,
/// reading fails or the importer hangs up.
fn read_rows(
    mut rdr: csv::Reader<BufReader<File>>,
    mut lines: LineCursor<BufReader<File>>,
    shape: &Shape,
    mut prepare: Option<(Arc<Layout>, Prepare)>,
    file: &str,
    tx: &SyncSender<Batch>,
    returned: &Receiver<Batch>,
) {
    loop {
        let mut batch = match returned.try_recv() {
            Ok(b) => b,
            Err(TryRecvError::Empty | TryRecvError::Disconnected) => Batch {
                rows: Vec::with_capacity(BATCH),
                ends: Vec::with_capacity(BATCH),
                shapes: Vec::with_capacity(BATCH),
                prepared: Vec::with_capacity(BATCH),
                end: None,
            },
        };
        batch.ends.clear();
        batch.shapes.clear();
        batch.prepared.clear();
        let mut n = 0;
        while n < BATCH && batch.end.is_none() {
            if n == batch.rows.len() {
                batch.rows.push(RawRow::Empty);
            }
            match read_row(&mut rdr, &mut lines, file, &mut batch.rows[n]) {
                Ok(true) => {
                    batch.ends.push(rdr.position().byte());
                    let rec = batch.rows[n].bytes();
                    let wrong = rec.and_then(|r| shape.error(r));
                    let prepared = match (&mut prepare, &batch.rows[n], &wrong) {
                        (Some((layout, prepare)), RawRow::Text(rec), None) => {
                            prepare(&layout.row(rec))
                        }
                        _ => None,
                    };
                    batch.shapes.push(wrong);
                    batch.prepared.push(prepared);
                    n += 1;
                }
                Ok(false) => batch.end = Some(Ok(())),
                Err(e) => batch.end = Some(Err(e)),
            }
        }
        batch.rows.truncate(n);
        let last = batch.end.is_some();
        if tx.send(batch).is_err() || last {
            return;
        }
    }
}

/// Reads the next row into `row`, reusing its record; false at the end of the file.
fn read_row(
    rdr: &mut csv::Reader<BufReader<File>>,
    lines: &mut LineCursor<BufReader<File>>,
    file: &str,
    row: &mut RawRow,
) -> Result<bool, ReadError> {
    let mut brec = match std::mem::take(row) {
        RawRow::Text(r) => r.into_byte_record(),
        RawRow::Bytes(r, _) => r,
        RawRow::Empty => csv::ByteRecord::new(),
    };
    let more = rdr
        .read_byte_record(&mut brec)
        .map_err(|e| ReadError::Malformed {
            file: file.to_string(),
            line: e.position().map(|p| p.line()).unwrap_or(0),
            msg: e.to_string(),
        })?;
    if !more {
        return Ok(false);
    }
    // The csv crate's line is wrong after blank lines and in CRLF files; its byte offset is
    // right, so the line is recounted from it.
    if let Some(p) = brec.position() {
        let mut p = p.clone();
        let line = lines.line_at(p.byte()).map_err(|source| ReadError::Io {
            file: file.to_string(),
            source,
        })?;
        p.set_line(line);
        brec.set_position(Some(p));
    }
    *row = match StringRecord::from_byte_record(brec) {
        Ok(r) => RawRow::Text(r),
        Err(e) => {
            let field = e.utf8_error().field();
            RawRow::Bytes(e.into_byte_record(), field)
        }
    };
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::super::reader::{Field, RawRow, Source};
    use std::io::Write;

    const FIELDS: &[Field] = &[
        Field {
            name: "id",
            required: true,
        },
        Field {
            name: "v",
            required: true,
        },
    ];

    /// Rows over several batches come out in order with their true lines, each with its own
    /// shape error; the bytes read reach the file's end.
    #[test]
    fn rows_across_batches_keep_their_lines_and_shapes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rows.csv");
        let mut f = std::fs::File::create(&path).unwrap();
        f.write_all(b"id,v\r\n").unwrap();
        for i in 2..=1400u32 {
            match i {
                600 => f.write_all(b"\r\n").unwrap(),
                1100 => f.write_all(b"1100,x,extra\r\n").unwrap(),
                1200 => f.write_all(b"1200,caf\xe9\r\n").unwrap(),
                _ => write!(f, "{i},v{i}\r\n").unwrap(),
            }
        }
        drop(f);
        let size = std::fs::metadata(&path).unwrap().len();
        let mut src = Source::open(&path, "rows.csv", FIELDS, &[], &[]).unwrap();
        let (mut rows, mut shapes, mut not_text) = (0, Vec::new(), Vec::new());
        let mut raw = RawRow::Empty;
        while src.next(&mut raw).unwrap() {
            rows += 1;
            let line = raw.line();
            match &raw {
                RawRow::Text(r) if line != 1100 => {
                    assert_eq!(&r[0], line.to_string(), "a row is on the line it names")
                }
                RawRow::Bytes(..) => not_text.push(line),
                _ => {}
            }
            if let Some(e) = src.shape_error() {
                shapes.push((line, e));
            }
        }
        assert_eq!(rows, 1398, "1399 lines after the header, one blank");
        assert_eq!(not_text, [1200]);
        assert_eq!(shapes.len(), 1, "{shapes:?}");
        assert_eq!(shapes[0].0, 1100);
        assert!(shapes[0].1.starts_with("has 3 columns, the header has 2"));
        // (The csv crate stops before the `\n` of the last `\r\n`.)
        assert_eq!(src.bytes_read(), size - 1);
        assert!(!src.next(&mut raw).unwrap(), "the end stays the end");
    }

    /// An import that stops early (a fatal row) drops the source at once, with the reader
    /// thread blocked on handing over rows nobody takes: dropping must not wait for it.
    #[test]
    fn dropping_the_source_early_stops_the_reader() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rows.csv");
        let body: String = std::iter::once("id,v\n".to_string())
            .chain((0..20_000).map(|i| format!("{i},v\n")))
            .collect();
        std::fs::write(&path, body).unwrap();
        for _ in 0..20 {
            let mut src = Source::open(&path, "rows.csv", FIELDS, &[], &[]).unwrap();
            let mut raw = RawRow::Empty;
            assert!(src.next(&mut raw).unwrap());
            drop(src);
        }
    }
}
