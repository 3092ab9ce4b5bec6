//! Property tests over arbitrary input (the CI-sized sibling of `scripts/fuzz`): the money and
//! time parsers and the members CSV reader never panic, and every row a reader returns — above
//! all every rejected row — names the line it came from.

mod common;

use chrono_tz::Tz;
use common::TestEnv;
use proptest::prelude::*;
use rewards::core::money::{Currency, format_minor, parse_minor, parse_percent_bps};
use rewards::core::time::{DayEdge, from_db, parse_instant, to_db};
use rewards::io::import::{Hooks, Options, Preset};
use rewards::io::members::{read_emails, read_members};
use std::path::{Path, PathBuf};

/// Reads `path` as a members CSV to the end (or the first file-level error) and returns each
/// row's line and whether it was rejected.
fn member_rows(path: &Path) -> Vec<(u64, bool)> {
    let mut out = Vec::new();
    if let Ok(mut rows) = read_members(path) {
        while let Ok(Some(row)) = rows.next_row() {
            if let Err(e) = &row.parsed {
                assert!(
                    !e.to_string().is_empty(),
                    "line {}: empty message",
                    row.line
                );
            }
            out.push((row.line, row.parsed.is_err()));
        }
    }
    out
}

/// A cell of CSV-ish text: no quotes or line breaks (so the line of each row is known), but
/// commas are fine since they just make more cells.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just(" ".to_string()),
        "[a-z]{1,6}@[a-z]{1,6}\\.(com|sa)",
        "[A-Za-z@.+_ -]{0,10}",
        "[0-9+ ]{0,14}",
        "(customer|partner|Partner|vip)",
        "(bank|paypal|store_credit|store-credit|cash)",
        "[=+@-][A-Za-z0-9()]{0,6}",
        "\\PC{0,6}",
    ]
    .prop_map(|s| s.replace(['"', '\n', '\r'], ""))
}

/// A data row; sometimes a blank line, which the reader skips.
fn row() -> impl Strategy<Value = Option<Vec<String>>> {
    prop_oneof![
        1 => Just(None),
        8 => proptest::collection::vec(cell(), 1..8).prop_map(Some),
    ]
}

const HEADERS: &[&str] = &[
    "email,name",
    "email,name,phone,kind,payout_method,payout_account",
    "\u{feff}Email, Name ,Kind,extra",
    "name,email,payout_account,payout_method",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Any bytes at all: the readers return rows or a file error, never panic, and every row's
    /// line comes after the header and after the previous row's.
    #[test]
    fn members_reader_survives_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("members.csv");
        std::fs::write(&path, &bytes).unwrap();
        let mut last = 1;
        for (line, _) in member_rows(&path) {
            prop_assert!(line > last || (line == last && last > 1), "line {line} after {last}");
            prop_assert!(line >= 2);
            last = line;
        }
        if let Ok(mut rows) = read_emails(&path) {
            while let Ok(Some(row)) = rows.next_row() {
                prop_assert!(row.line >= 2);
            }
        }
    }

    /// CSV-ish text whose line numbers are known: every non-blank row comes back once, with
    /// exactly its line, whether it is accepted or rejected.
    #[test]
    fn members_reader_names_each_rows_line(
        header in 0..HEADERS.len(),
        rows in proptest::collection::vec(row(), 0..30),
        crlf in any::<bool>(),
    ) {
        let eol = if crlf { "\r\n" } else { "\n" };
        let mut text = format!("{}{eol}", HEADERS[header]);
        let mut expected = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            match r {
                // A cell may hold commas, so judge the cells the reader will see.
                Some(cells) if cells.join(",").split(',').any(|c| !c.trim_ascii().is_empty()) => {
                    expected.push(i as u64 + 2);
                    text.push_str(&cells.join(","));
                }
                Some(cells) => text.push_str(&cells.join(",")),
                None => {}
            }
            text.push_str(eol);
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("members.csv");
        std::fs::write(&path, &text).unwrap();
        let got: Vec<u64> = member_rows(&path).into_iter().map(|(l, _)| l).collect();
        prop_assert_eq!(got, expected, "file:\n{}", text);
    }

    /// Amounts: never a panic, and an accepted amount formats and parses back to itself.
    #[test]
    fn money_parser_survives_any_text(
        s in "[-+ 0-9.,$€٠-٩۰-۹٫٬A-Za-z]{0,30}|\\PC{0,30}",
        pick in 0usize..64,
    ) {
        let codes: Vec<&str> = Currency::all_codes().collect();
        let c = Currency::from_code(codes[pick % codes.len()]).unwrap();
        if let Ok(minor) = parse_minor(&s, c) {
            prop_assert_eq!(parse_minor(&format_minor(minor, c), c), Ok(minor));
        }
        if let Ok(bps) = parse_percent_bps(&s) {
            prop_assert!((0..=10_000).contains(&bps));
        }
    }

    /// Timestamps: never a panic, and an accepted instant has the 20-character stored form.
    #[test]
    fn time_parser_keeps_the_stored_form(
        s in "[-+ 0-9:/TZ.]{0,30}|[-+]?[0-9]{1,7}-[0-9]{1,2}-[0-9]{1,2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2})?)?",
        end in any::<bool>(),
        zone in prop_oneof![Just(Tz::UTC), Just(Tz::Asia__Riyadh), Just(Tz::Pacific__Kiritimati), Just(Tz::America__New_York)],
    ) {
        let edge = if end { DayEdge::End } else { DayEdge::Start };
        if let Ok(t) = parse_instant(&s, zone, edge) {
            let stored = to_db(t);
            prop_assert_eq!(stored.len(), 20, "{:?} stored as {:?}", s, stored);
            prop_assert!(from_db(&stored).is_some());
        }
    }
}

proptest! {
    // Each case runs the real binary against a fresh database: few cases.
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// `member import` on CSV-ish text: exit 0 or 3 (never a panic), one `FILE:LINE:` message
    /// on stderr per rejected row, naming a line that is in the file.
    #[test]
    fn member_import_names_the_line_of_each_rejected_row(
        rows in proptest::collection::vec(row(), 1..12),
    ) {
        let env = TestEnv::new();
        let mut text = String::from("email,name,phone,kind,payout_method,payout_account\n");
        for r in rows.iter().flatten() {
            text.push_str(&r.join(","));
            text.push('\n');
        }
        let lines = text.lines().count();
        env.write("m.csv", &text);
        env.ok(&["init", "--currency", "SAR", "--timezone", "Asia/Riyadh"]);
        let (code, out, err) = env.run(&["--format", "json", "member", "import", "m.csv"]);
        prop_assert!(code == 0 || code == 3, "exit {code}\n{err}\n{text}");
        let report: serde_json::Value = serde_json::from_str(&out).unwrap();
        let rejected = report["rejected"].as_i64().unwrap();
        prop_assert_eq!(code == 3, rejected > 0);
        let named: Vec<usize> = err
            .lines()
            .filter_map(|l| l.strip_prefix("m.csv:"))
            .filter_map(|l| l.split_once(':'))
            .filter_map(|(n, _)| n.parse().ok())
            .collect();
        prop_assert_eq!(named.len() as i64, rejected, "stderr:\n{}", err);
        for n in named {
            prop_assert!(n >= 2 && n <= lines, "line {n} of a {lines}-line file");
        }
    }
}

/// Collects what an import reports about rejected rows.
#[derive(Default)]
struct Reported {
    lines: Vec<u64>,
    messages: Vec<String>,
}

impl Hooks for Reported {
    fn rejected(&mut self, _file: &str, line: u64, msg: &str) {
        self.lines.push(line);
        self.messages.push(msg.to_string());
    }
    fn progress(&mut self, _done: u64, _total: u64) {}
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Orders(Preset),
    Returns(Preset),
    Activities,
}

/// Imports `bytes` as a file of `kind` into a fresh database, rolled back; returns the
/// reported rejects, or None when the file as a whole was refused.
fn import_bytes(bytes: &[u8], kind: Kind) -> Option<(Reported, u64)> {
    let dir = tempfile::tempdir().unwrap();
    let path: PathBuf = dir.path().join("in.csv");
    std::fs::write(&path, bytes).unwrap();
    let mut conn = rewards::db::open(&dir.path().join("t.db")).unwrap();
    let tx = conn.transaction().unwrap();
    let preset = match kind {
        Kind::Orders(p) | Kind::Returns(p) => p,
        Kind::Activities => Preset::Generic,
    };
    let opts = Options {
        path,
        preset,
        maps: Vec::new(),
        rejects: Some(dir.path().join("rejects.csv")),
        dry_run: true,
        history_only: false,
        zone: Tz::Asia__Riyadh,
        now: parse_instant("2026-03-31T12:00:00Z", Tz::UTC, DayEdge::Start).unwrap(),
    };
    let mut hooks = Reported::default();
    let result = match kind {
        Kind::Orders(_) => rewards::io::orders::import(&tx, &opts, &mut hooks),
        Kind::Returns(_) => rewards::io::returns::import(&tx, &opts, &mut hooks),
        Kind::Activities => rewards::io::activities::import(&tx, &opts, &mut hooks),
    };
    let summary = result.ok()?;
    assert_eq!(
        summary.rejected + summary.conflicts,
        hooks.lines.len() as u64
    );
    Some((hooks, summary.rows))
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        Just(Kind::Orders(Preset::Generic)),
        Just(Kind::Orders(Preset::Shopify)),
        Just(Kind::Orders(Preset::Woocommerce)),
        Just(Kind::Returns(Preset::Generic)),
        Just(Kind::Activities),
    ]
}

/// An order cell: mostly plausible, often not.
fn order_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[0-9]{1,4}",
        "[a-z]{1,5}@[a-z]{1,5}\\.sa",
        "-?[0-9]{1,20}(\\.[0-9]{0,4})?",
        "(SAR|KWD|JPY|usd|XYZ)",
        "(2026-0[1-3]-[0-3][0-9](T[0-2][0-9]:[0-5][0-9]:[0-6][0-9])?|[0-9]{4,5}-[0-9]{2}-[0-9]{2})",
        "\\PC{0,8}",
    ]
    .prop_map(|s| s.replace(['"', '\n', '\r'], ""))
}

const IMPORT_HEADERS: &[&str] = &[
    "order_id,customer_email,amount,currency,ordered_at",
    "order_id,customer_email,amount,currency,ordered_at,delivered_at,status,code",
    "return_id,order_id,amount,returned_at",
    "customer_email,action,occurred_at,reference",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Any bytes through every importer: never a panic; every reject names a line in the file.
    #[test]
    fn importers_survive_any_bytes(
        bytes in proptest::collection::vec(any::<u8>(), 0..400),
        header in 0..IMPORT_HEADERS.len(),
        with_header in any::<bool>(),
        kind in kind(),
    ) {
        let mut data = Vec::new();
        if with_header {
            data.extend_from_slice(IMPORT_HEADERS[header].as_bytes());
            data.push(b'\n');
        }
        data.extend_from_slice(&bytes);
        let breaks = data.iter().filter(|&&b| b == b'\n' || b == b'\r').count() as u64;
        if let Some((r, _)) = import_bytes(&data, kind) {
            for (line, msg) in r.lines.iter().zip(&r.messages) {
                prop_assert!(*line >= 2 && *line <= breaks + 1, "line {line}: {msg}");
                prop_assert!(!msg.trim().is_empty());
            }
        }
    }

    /// CSV-ish rows with known lines (blank lines, CRLF): every rejected row names exactly the
    /// line it is on, and every row is either accepted or rejected once.
    #[test]
    fn importers_name_the_line_of_each_rejected_row(
        header in 0..IMPORT_HEADERS.len(),
        rows in proptest::collection::vec(
            prop_oneof![1 => Just(None), 6 => proptest::collection::vec(order_cell(), 1..9).prop_map(Some)],
            0..16,
        ),
        crlf in any::<bool>(),
        kind in kind(),
    ) {
        let eol = if crlf { "\r\n" } else { "\n" };
        let mut text = format!("{}{eol}", IMPORT_HEADERS[header]);
        let mut row_lines = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            if let Some(cells) = r {
                let joined = cells.join(",");
                if !joined.is_empty() {
                    row_lines.push(i as u64 + 2);
                }
                text.push_str(&joined);
            }
            text.push_str(eol);
        }
        if let Some((r, _)) = import_bytes(text.as_bytes(), kind) {
            for (line, msg) in r.lines.iter().zip(&r.messages) {
                prop_assert!(row_lines.contains(line), "line {line} ({msg}) is not a row's line; rows on {row_lines:?}\n{text}");
            }
            let mut seen = r.lines.clone();
            seen.dedup();
            prop_assert_eq!(seen.len(), r.lines.len(), "a line rejected twice: {:?}", r.lines);
        }
    }
}
