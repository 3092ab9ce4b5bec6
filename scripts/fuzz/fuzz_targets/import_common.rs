//! Shared by the import fuzz targets: one scratch database per process (seeded with the sample
//! orders, so returns and refunds find orders to match), each input imported inside a
//! transaction that is rolled back, exactly as the CLI runs `import ... --dry-run`.

use rewards::io::import::{Hooks, ImportError, Options, Preset, Summary};
use rusqlite::Connection;
use std::cell::RefCell;
use std::path::PathBuf;

pub fn scratch(name: &str) -> PathBuf {
    let dir = if std::path::Path::new("/dev/shm").is_dir() {
        PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    dir.join(format!("rewards-fuzz-{}-{name}", std::process::id()))
}

/// Checks every rejected row as it is reported: a line after the header, a message.
pub struct Checked {
    pub lines: u64,
    pub rejected: u64,
}

impl Hooks for Checked {
    fn rejected(&mut self, file: &str, line: u64, msg: &str) {
        self.rejected += 1;
        assert!(!file.is_empty());
        assert!(
            line >= 2 && line <= self.lines,
            "a rejected row names line {line} of a {}-line file: {msg}",
            self.lines
        );
        assert!(!msg.trim().is_empty(), "line {line}: a reject without a message");
    }
    fn progress(&mut self, _done: u64, _total: u64) {}
}

pub fn options(path: PathBuf, preset: Preset, maps: Vec<(String, String)>) -> Options {
    Options {
        path,
        preset,
        maps,
        rejects: Some(scratch("rejects.csv")),
        dry_run: true,
        history_only: false,
        zone: chrono_tz::Tz::Asia__Riyadh,
        now: chrono::DateTime::parse_from_rfc3339("2026-03-31T12:00:00Z")
            .map(|t| t.with_timezone(&chrono::Utc))
            .unwrap_or_default(),
    }
}

thread_local! {
    static DB: RefCell<Option<Connection>> = const { RefCell::new(None) };
}

fn open_seeded() -> Connection {
    let path = scratch("fuzz.db");
    let _ = std::fs::remove_file(&path);
    let mut conn = rewards::db::open(&path).expect("scratch database");
    let sample = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../sample-data/orders.csv");
    let tx = conn.transaction().expect("transaction");
    let mut opts = options(sample, Preset::Generic, Vec::new());
    opts.rejects = None;
    opts.dry_run = false;
    let mut hooks = Checked {
        lines: u64::MAX,
        rejected: 0,
    };
    rewards::io::orders::import(&tx, &opts, &mut hooks).expect("seed orders");
    tx.commit().expect("commit seed");
    conn
}

/// Writes `data` to a scratch file and runs `import` on it in a rolled-back transaction.
pub fn run(
    data: &[u8],
    preset: Preset,
    maps: Vec<(String, String)>,
    import: fn(&Connection, &Options, &mut dyn Hooks) -> Result<Summary, ImportError>,
) {
    let input = scratch("input.csv");
    if std::fs::write(&input, data).is_err() {
        return;
    }
    // Lines as an editor counts them: the reported line of a row can be at most this.
    let lines = 1 + data.iter().filter(|&&b| b == b'\n' || b == b'\r').count() as u64;
    let opts = options(input, preset, maps);
    DB.with(|db| {
        let mut db = db.borrow_mut();
        let conn = db.get_or_insert_with(open_seeded);
        let tx = conn.transaction().expect("transaction");
        let mut hooks = Checked { lines, rejected: 0 };
        if let Ok(s) = import(&tx, &opts, &mut hooks) {
            assert_eq!(s.rejected + s.conflicts, hooks.rejected, "{s:?}");
        }
        drop(tx);
    });
}
