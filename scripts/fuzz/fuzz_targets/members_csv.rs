//! Fuzz target: the members CSV reader (`io::members::read_members` and `read_emails`, both on
//! the shared `io::reader::Source`) and the shared rejects writer, on arbitrary file contents.
//!
//! The readers open a path, so the input is written to a scratch file first. Checks: no panic;
//! every row names its line (>= 2, the header being line 1); every rejected row has a message.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rewards::io::members::{read_emails, read_members};
use rewards::io::rejects::RejectsWriter;
use std::path::PathBuf;

fn scratch(name: &str) -> PathBuf {
    let dir = if std::path::Path::new("/dev/shm").is_dir() {
        PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    dir.join(format!("rewards-fuzz-{}-{name}", std::process::id()))
}

fuzz_target!(|data: &[u8]| {
    let input = scratch("members.csv");
    let rejects_path = scratch("rejects.csv");
    if std::fs::write(&input, data).is_err() {
        return;
    }
    if let Ok(mut rows) = read_members(&input) {
        let mut rejects =
            RejectsWriter::create(&rejects_path, rows.headers(), rows.delimiter()).ok();
        let mut last = 1;
        while let Ok(Some(row)) = rows.next_row() {
            assert!(row.line >= 2, "a row names line {}", row.line);
            assert!(row.line >= last, "line {} after line {last}", row.line);
            last = row.line;
            if let Err(e) = &row.parsed {
                let msg = e.to_string();
                assert!(!msg.is_empty(), "a rejected row without a message");
                if let Some(r) = rejects.as_mut() {
                    let _ = r.write(row.record, row.line, &msg);
                }
            }
        }
        if let Some(r) = rejects {
            let _ = r.finish();
        }
    }
    if let Ok(mut rows) = read_emails(&input) {
        while let Ok(Some(row)) = rows.next_row() {
            assert!(row.line >= 2, "a row names line {}", row.line);
        }
    }
});
