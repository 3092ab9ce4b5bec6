//! `rewards import orders` on the generic layout: every bad-input case, idempotency, conflicts,
//! dry runs, history-only imports, code attribution and the imports journal.

mod common;
use common::{TestEnv, sample};
use serde_json::Value;
use std::path::PathBuf;

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
        .display()
        .to_string()
}

fn setup() -> TestEnv {
    let env = TestEnv::new();
    env.ok(&["init", "--currency", "SAR", "--timezone", "Asia/Riyadh"]);
    env
}

fn db(env: &TestEnv) -> rusqlite::Connection {
    rusqlite::Connection::open(&env.db).unwrap()
}

fn count(env: &TestEnv, sql: &str) -> i64 {
    db(env).query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Runs `--format json ARGS`, returns (exit code, summary, stderr).
fn import(env: &TestEnv, args: &[&str]) -> (i32, Value, String) {
    let mut full = vec!["--format", "json", "import"];
    full.extend_from_slice(args);
    let (code, out, err) = env.run(&full);
    let v = serde_json::from_str(&out).unwrap_or(Value::Null);
    (code, v, err)
}

#[test]
fn sample_orders_import_with_the_contract_summary() {
    let env = setup();
    let path = sample("orders.csv");
    let (code, v, err) = import(&env, &["orders", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    for key in [
        "file",
        "rows",
        "inserted",
        "duplicates",
        "rejected",
        "rejects_file",
    ] {
        assert!(v.get(key).is_some(), "missing {key} in {v}");
    }
    assert_eq!(v["rows"], 18);
    assert_eq!(v["inserted"], 18);
    assert_eq!(v["rejected"], 0);
    assert_eq!(v["rejects_file"], Value::Null);
    assert_eq!(v["cancelled"], 1);
    assert_eq!(count(&env, "SELECT COUNT(*) FROM orders"), 18);
    // Emails are normalised, naive times read in Riyadh and stored as UTC, codes upper-cased.
    let (email, at, code): (String, String, String) = db(&env)
        .query_row(
            "SELECT customer_email, ordered_at, code FROM orders WHERE order_id = '1004'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(email, "fahad.aldosari@example.sa");
    assert_eq!(at, "2026-02-03T18:15:00Z");
    assert_eq!(code, "SARA2026");
}

#[test]
fn bad_amount_is_reported_with_file_line_and_column_and_good_rows_are_kept() {
    let env = setup();
    let f = fixture("bad_amount.csv");
    let rejects = env.path("rejects.csv");
    let (code, v, err) = import(
        &env,
        &["orders", &f, "--rejects", rejects.to_str().unwrap()],
    );
    assert_eq!(code, 3);
    assert!(
        err.contains(&format!(
            "{f}:3: column \"amount\": \"12,5O\" is not a number"
        )),
        "{err}"
    );
    assert_eq!(v["inserted"], 1);
    assert_eq!(v["rejected"], 1);
    assert_eq!(count(&env, "SELECT COUNT(*) FROM orders"), 1);
    let text = std::fs::read_to_string(&rejects).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("order_id,customer_email,customer_name,amount,currency,ordered_at,code,error")
    );
    let row = lines.next().unwrap();
    assert!(
        row.starts_with("S2,noura@example.sa,نورة,\"12,5O\",SAR,"),
        "{row}"
    );
    assert!(row.contains("is not a number"), "{row}");
    assert_eq!(lines.next(), None);
}

#[test]
fn missing_required_column_refuses_the_whole_file_and_lists_the_columns() {
    let env = setup();
    let before = env.snapshot();
    let (code, _, err) = import(&env, &["orders", &fixture("missing_column.csv")]);
    assert_eq!(code, 1);
    assert!(err.contains("missing required column(s) amount"), "{err}");
    assert!(
        err.contains("order_id, customer_email, currency, ordered_at"),
        "{err}"
    );
    assert_eq!(
        env.snapshot(),
        before,
        "nothing written, not even the journal"
    );
}

#[test]
fn empty_file_is_an_error_that_writes_nothing() {
    let env = setup();
    let before = env.snapshot();
    let (code, _, err) = import(&env, &["orders", &fixture("empty.csv")]);
    assert_eq!(code, 1);
    assert!(err.contains("is empty"), "{err}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn semicolon_files_from_european_excel_are_read_with_decimal_commas() {
    let env = setup();
    let (code, v, err) = import(&env, &["orders", &fixture("semicolon.csv")]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains(";-separated"), "{err}");
    assert_eq!(v["inserted"], 2);
    assert_eq!(
        count(
            &env,
            "SELECT amount_minor FROM orders WHERE order_id = 'S1'"
        ),
        123450
    );
    assert_eq!(
        count(
            &env,
            "SELECT amount_minor FROM orders WHERE order_id = 'S2'"
        ),
        1250
    );
}

/// In a `;`-separated file a lone thousands dot is ambiguous (1.500: 1500 or 1.5?), so the
/// row is rejected, whatever the currency's decimals; a symbol after a decimal comma is read.
#[test]
fn ambiguous_dots_in_a_semicolon_file_are_rejected_not_guessed() {
    let env = setup();
    let file = env.write(
        "eu.csv",
        "order_id;customer_email;amount;currency;ordered_at\n\
         E1;a@example.com;1.500;KWD;2026-03-01T10:00:00\n\
         E2;b@example.com;1.000;JPY;2026-03-01T10:00:00\n\
         E3;c@example.com;1.500;SAR;2026-03-01T10:00:00\n\
         E4;d@example.com;12,50 €;EUR;2026-03-01T10:00:00\n\
         E5;e@example.com;1.500,250;KWD;2026-03-01T10:00:00\n\
         E6;f@example.com;12.5;SAR;2026-03-01T10:00:00\n",
    );
    let (code, v, err) = import(&env, &["orders", file.to_str().unwrap()]);
    assert_eq!(code, 3, "{err}");
    assert_eq!(v["rejected"], 3, "{v}");
    assert_eq!(v["inserted"], 3, "{v}");
    for line in [2, 3, 4] {
        assert!(
            err.contains(&format!("eu.csv:{line}:")),
            "line {line}: {err}"
        );
    }
    assert!(err.contains("ambiguous"), "{err}");
    let amount = |id: &str| {
        count(
            &env,
            &format!("SELECT amount_minor FROM orders WHERE order_id = '{id}'"),
        )
    };
    assert_eq!(amount("E4"), 1250);
    assert_eq!(amount("E5"), 1_500_250);
    assert_eq!(amount("E6"), 1250);
}

/// A currency sign is read for what it is: the long riyal sign with its closing dot is not
/// `.10`, and a sign of another currency than the row's is an error, not a number.
#[test]
fn currency_signs_must_belong_to_the_row_currency() {
    let env = setup();
    let file = env.write(
        "signs.csv",
        "order_id,customer_email,amount,currency,ordered_at\n\
         G1,a@example.com,ر.س.10,SAR,2026-03-01T10:00:00\n\
         G2,b@example.com,£12.50,SAR,2026-03-01T10:00:00\n\
         G3,c@example.com,¥1500,USD,2026-03-01T10:00:00\n\
         G4,d@example.com,¥1500,JPY,2026-03-01T10:00:00\n",
    );
    let (code, v, err) = import(&env, &["orders", file.to_str().unwrap()]);
    assert_eq!(code, 3, "{err}");
    assert_eq!(v["inserted"], 2, "{v}");
    assert_eq!(v["rejected"], 2, "{v}");
    assert!(
        err.contains("signs.csv:3:") && err.contains("not a SAR symbol"),
        "{err}"
    );
    assert!(
        err.contains("signs.csv:4:") && err.contains("not a USD symbol"),
        "{err}"
    );
    let amount = |id: &str| {
        count(
            &env,
            &format!("SELECT amount_minor FROM orders WHERE order_id = '{id}'"),
        )
    };
    assert_eq!(amount("G1"), 1000);
    assert_eq!(amount("G4"), 1500);
}

#[test]
fn bom_and_crlf_are_accepted() {
    let env = setup();
    let (code, v, _) = import(&env, &["orders", &fixture("bom_crlf.csv")]);
    assert_eq!(code, 0);
    assert_eq!(v["inserted"], 2);
    assert_eq!(
        count(
            &env,
            "SELECT COUNT(*) FROM orders WHERE order_id IN ('S1', 'S2')"
        ),
        2
    );
}

#[test]
fn quoted_newlines_keep_line_numbers_right() {
    let env = setup();
    let f = fixture("quoted_newline.csv");
    let (code, v, err) = import(&env, &["orders", &f]);
    assert_eq!(code, 3);
    assert_eq!(v["inserted"], 1);
    // The first record spans lines 2-3, so the bad one starts on line 4.
    assert!(err.contains(&format!("{f}:4: column \"amount\"")), "{err}");
    let name: String = db(&env)
        .query_row("SELECT customer_name FROM orders", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "Sara\nAl-Qahtani");
}

#[test]
fn non_utf8_bytes_reject_the_row_naming_its_line() {
    let env = setup();
    let f = fixture("latin1.csv");
    let rejects = env.path("rejects.csv");
    let (code, v, err) = import(
        &env,
        &["orders", &f, "--rejects", rejects.to_str().unwrap()],
    );
    assert_eq!(code, 3);
    assert!(
        err.contains(&format!("{f}:3: column \"customer_name\": not UTF-8")),
        "{err}"
    );
    assert_eq!(v["inserted"], 2);
    // The original bytes are kept in the rejects file.
    let bytes = std::fs::read(&rejects).unwrap();
    assert!(bytes.windows(4).any(|w| w == b"Jos\xe9"));
}

#[test]
fn a_negative_amount_is_rejected_and_a_free_order_is_stored() {
    let env = setup();
    let f = fixture("nonpositive.csv");
    let (code, v, err) = import(&env, &["orders", &f]);
    assert_eq!(code, 3);
    assert_eq!(v["rejected"], 1);
    assert!(
        err.contains(&format!("{f}:3: column \"amount\": \"-5.00\" is negative")),
        "{err}"
    );
    assert!(!err.contains(&format!("{f}:4:")), "{err}");
    assert_eq!(
        count(
            &env,
            "SELECT COUNT(*) FROM orders WHERE order_id = 'S3' AND amount_minor = 0"
        ),
        1
    );
}

#[test]
fn more_decimals_than_the_currency_allows_are_rejected() {
    let env = setup();
    let f = fixture("decimals.csv");
    let (code, v, err) = import(&env, &["orders", &f]);
    assert_eq!(code, 3);
    // 10.005 KWD has three decimals, which KWD allows.
    assert_eq!(v["inserted"], 2);
    assert_eq!(v["rejected"], 2);
    assert!(
        err.contains(&format!(
            "{f}:3: column \"amount\": \"10.005\" has more decimals than SAR allows (2)"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{f}:5: column \"amount\": \"1.5\" has more decimals than JPY"
        )),
        "{err}"
    );
    assert_eq!(
        count(
            &env,
            "SELECT amount_minor FROM orders WHERE order_id = 'S3'"
        ),
        10005
    );
}

#[test]
fn unknown_currency_is_rejected() {
    let env = setup();
    let f = fixture("currency.csv");
    let (code, _, err) = import(&env, &["orders", &f]);
    assert_eq!(code, 3);
    assert!(
        err.contains(&format!(
            "{f}:3: column \"currency\": unknown currency \"RIYAL\""
        )),
        "{err}"
    );
}

#[test]
fn unparseable_and_future_dates_are_rejected() {
    let env = setup();
    let f = fixture("dates.csv");
    let (code, v, err) = import(&env, &["orders", &f]);
    assert_eq!(code, 3);
    assert_eq!(v["inserted"], 1);
    assert!(
        err.contains(&format!(
            "{f}:3: column \"ordered_at\": \"31/02/2026\" is not a date"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{f}:4: column \"ordered_at\": \"2026-04-01T00:00:00\" is after the as-of time"
        )),
        "{err}"
    );
    // With a later --as-of the future row is fine.
    let (code, v, _) = import(&env, &["orders", &f, "--as-of", "2026-04-30"]);
    assert_eq!(code, 3);
    assert_eq!(v["inserted"], 1);
    assert_eq!(v["duplicates"], 1);
    assert_eq!(v["rejected"], 1);
}

#[test]
fn duplicate_order_id_inside_the_file_is_rejected() {
    let env = setup();
    let f = fixture("dup_in_file.csv");
    let (code, v, err) = import(&env, &["orders", &f]);
    assert_eq!(code, 3);
    assert_eq!(v["inserted"], 2);
    assert!(
        err.contains(&format!(
            "{f}:4: order id S1 already appears on line 2 of this file"
        )),
        "{err}"
    );
}

#[test]
fn reimporting_inserts_nothing_and_says_so() {
    let env = setup();
    let path = sample("orders.csv");
    let p = path.to_str().unwrap();
    let (_, first, _) = import(&env, &["orders", p]);
    let snapshot_orders = count(&env, "SELECT COUNT(*) FROM orders");
    let (code, again, err) = import(&env, &["orders", p]);
    assert_eq!(code, 0);
    assert_eq!(again["inserted"], 0);
    assert_eq!(again["duplicates"], 18);
    assert_eq!(again["previous_import_id"], first["import_id"]);
    assert!(err.contains("nothing new"), "{err}");
    assert!(err.contains("imported before"), "{err}");
    assert_eq!(count(&env, "SELECT COUNT(*) FROM orders"), snapshot_orders);
    let list = env.json(&["import", "list"]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["inserted"], 18);
    assert_eq!(list[1]["inserted"], 0);
    assert_eq!(list[1]["duplicates"], 18);
    assert_eq!(list[0]["sha256"], list[1]["sha256"]);
    assert_eq!(list[0]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(list[0]["imported_at"], "2026-03-31T12:00:00Z");
}

/// `n`'s row of a generated export (`amount` in halalas).
fn export_row(n: usize, amount: u32) -> String {
    format!(
        "G{n},c{n}@example.com,{}.{:02},SAR,2026-01-{:02}T10:00:00\n",
        amount / 100,
        amount % 100,
        1 + n % 28
    )
}

/// A re-import reads stored orders ahead in the order they were stored while the file keeps
/// to it (more than one read-ahead of 512 here), and looks up any order that breaks it: a
/// changed row in the middle is still a conflict naming its first line, moved and repeated
/// rows are duplicates, a new row in the middle is inserted.
#[test]
fn reimporting_a_longer_reordered_export_sorts_every_row() {
    let env = setup();
    let header = "order_id,customer_email,amount,currency,ordered_at\n";
    let first: String = (1..=1200).map(|n| export_row(n, 1000 + n as u32)).collect();
    let f1 = env.write("first.csv", &format!("{header}{first}"));
    let (code, v, err) = import(&env, &["orders", f1.to_str().unwrap()]);
    assert_eq!((code, v["inserted"].as_i64()), (0, Some(1200)), "{err}");
    let mut second = String::from(header);
    for n in (1..=1200).filter(|n| !(100..=105).contains(n)) {
        if n == 300 {
            second.push_str("NEW1,new@example.com,5.00,SAR,2026-01-03T10:00:00\n");
        }
        let amount = if n == 700 { 99 } else { 1000 + n as u32 };
        second.push_str(&export_row(n, amount));
    }
    for n in (100..=105).chain([10]) {
        second.push_str(&export_row(n, 1000 + n as u32));
    }
    let f2 = env.write("second.csv", &second);
    for (run, inserted, duplicates) in [(1, 1, 1200), (2, 0, 1201)] {
        let (code, v, err) = import(&env, &["orders", f2.to_str().unwrap()]);
        assert_eq!(code, 3, "run {run}: {err}");
        assert_eq!(v["rows"], 1202, "run {run}");
        assert_eq!(v["inserted"], inserted, "run {run}");
        assert_eq!(v["duplicates"], duplicates, "run {run}");
        assert_eq!(v["conflicts"], 1, "run {run}");
        assert!(
            err.contains(
                "order id G700 already imported with different data (import #1, line 701)"
            ),
            "run {run}: {err}"
        );
    }
    assert_eq!(count(&env, "SELECT COUNT(*) FROM orders"), 1201);
    assert_eq!(
        count(
            &env,
            "SELECT amount_minor FROM orders WHERE order_id = 'G700'"
        ),
        1700
    );
}

/// Files that keep leaving the stored order (stored orders alternating with new ones, runs of
/// three with gaps, and the same backwards) sort every row as a plain look-up would; a changed
/// row met just after a skip forward is a conflict naming its first line.
#[test]
fn reimporting_exports_that_leave_the_stored_order_sorts_every_row() {
    let env = setup();
    let header = "order_id,customer_email,amount,currency,ordered_at\n";
    let stored: String = (1..=1200).map(|n| export_row(n, 1000 + n as u32)).collect();
    let f = env.write("stored.csv", &format!("{header}{stored}"));
    import(&env, &["orders", f.to_str().unwrap()]);
    let alternating: String = (1..=1200)
        .map(|n| {
            let new = format!("N{n},n{n}@example.com,1.00,SAR,2026-01-02T10:00:00\n");
            export_row(n, 1000 + n as u32) + &new
        })
        .collect();
    let triples: Vec<usize> = (1..=1200).filter(|n| n % 5 < 3).collect();
    let row = |n: usize| export_row(n, if n == 606 { 7 } else { 1000 + n as u32 });
    let forwards: String = triples.iter().map(|&n| row(n)).collect();
    let backwards: String = triples.iter().rev().map(|&n| row(n)).collect();
    for (name, body, rows, inserted, duplicates, conflicts) in [
        ("alternating.csv", alternating, 2400, 1200, 1200, 0),
        ("forwards.csv", forwards, 720, 0, 719, 1),
        ("backwards.csv", backwards, 720, 0, 719, 1),
    ] {
        let f = env.write(name, &format!("{header}{body}"));
        let (code, v, err) = import(&env, &["orders", f.to_str().unwrap()]);
        assert_eq!(code, if conflicts == 0 { 0 } else { 3 }, "{name}: {err}");
        assert_eq!(v["rows"], rows, "{name}");
        assert_eq!(v["inserted"], inserted, "{name}");
        assert_eq!(v["duplicates"], duplicates, "{name}");
        assert_eq!(v["conflicts"], conflicts, "{name}");
        if conflicts > 0 {
            assert!(
                err.contains(
                    "order id G606 already imported with different data (import #1, line 607)"
                ),
                "{name}: {err}"
            );
        }
    }
    assert_eq!(count(&env, "SELECT COUNT(*) FROM orders"), 2400);
}

#[test]
fn same_order_id_with_different_data_is_a_conflict_and_the_stored_row_is_kept() {
    let env = setup();
    import(&env, &["orders", &fixture("bad_amount.csv")]);
    let f = fixture("conflict.csv");
    let (code, v, err) = import(&env, &["orders", &f]);
    assert_eq!(code, 3);
    assert_eq!(v["conflicts"], 1);
    assert_eq!(v["inserted"], 0);
    assert!(
        err.contains("order id S1 already imported with different data"),
        "{err}"
    );
    assert_eq!(
        count(
            &env,
            "SELECT amount_minor FROM orders WHERE order_id = 'S1'"
        ),
        10000
    );
}

#[test]
fn dry_run_validates_and_writes_nothing() {
    let env = setup();
    let before = env.snapshot();
    let f = fixture("bad_amount.csv");
    let (code, v, err) = import(&env, &["orders", &f, "--dry-run"]);
    assert_eq!(code, 3);
    assert_eq!(v["dry_run"], true);
    assert_eq!(v["inserted"], 1);
    assert_eq!(v["rejected"], 1);
    assert_eq!(v["import_id"], Value::Null);
    assert!(err.contains("dry run"), "{err}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn history_only_orders_are_flagged() {
    let env = setup();
    let path = sample("orders.csv");
    let (code, v, _) = import(&env, &["orders", path.to_str().unwrap(), "--history-only"]);
    assert_eq!(code, 0);
    assert_eq!(v["history_only"], true);
    assert_eq!(
        count(&env, "SELECT COUNT(*) FROM orders WHERE history_only = 1"),
        18
    );
    let list = env.json(&["import", "list"]);
    assert_eq!(list[0]["history_only"], true);
}

/// Adds a program, a member and a code straight into the database.
fn add_code(
    env: &TestEnv,
    code: &str,
    max_uses: Option<i64>,
    expires: Option<&str>,
    revoked: Option<&str>,
) {
    let c = db(env);
    c.execute(
        "INSERT OR IGNORE INTO programs(id, name, kind, currency, created_at)
         VALUES (1, 'Friends', 'referral', 'SAR', '2026-01-01T00:00:00Z')",
        [],
    )
    .unwrap();
    c.execute(
        "INSERT OR IGNORE INTO members(id, email, name, created_at)
         VALUES (1, 'sara@example.sa', 'Sara', '2026-01-01T00:00:00Z')",
        [],
    )
    .unwrap();
    c.execute(
        "INSERT INTO codes(code, program_id, member_id, max_uses, expires_at, revoked_at, created_at)
         VALUES (?1, 1, 1, ?2, ?3, ?4, '2026-01-01T00:00:00Z')",
        rusqlite::params![code, max_uses, expires, revoked],
    )
    .unwrap();
}

#[test]
fn codes_are_attributed_case_insensitively_with_reasons_for_those_that_earn_nothing() {
    let env = setup();
    add_code(&env, "SARA2026", None, None, None);
    add_code(&env, "OLD10", None, None, Some("2026-02-01T00:00:00Z"));
    add_code(&env, "GONE5", None, Some("2026-02-28T20:59:59Z"), None);
    add_code(&env, "ONCE1", Some(1), None, None);
    let (code, v, err) = import(&env, &["orders", &fixture("codes.csv")]);
    assert_eq!(code, 0, "unknown codes are not rejections: {err}");
    assert_eq!(v["inserted"], 7);
    assert_eq!(v["unknown_code_orders"], 2);
    assert_eq!(v["unknown_codes"][0]["code"], "NOSUCH");
    assert_eq!(v["unknown_codes"][0]["orders"], 2);
    assert_eq!(v["revoked_code_orders"], 1);
    assert_eq!(v["expired_code_orders"], 1);
    assert_eq!(v["exhausted_code_orders"], 1);
    let rows: Vec<(String, String, Option<i64>, Option<String>)> = db(&env)
        .prepare("SELECT order_id, code, code_id, code_status FROM orders ORDER BY order_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let status: Vec<(&str, &str, bool, Option<&str>)> = rows
        .iter()
        .map(|(o, c, id, s)| (o.as_str(), c.as_str(), id.is_some(), s.as_deref()))
        .collect();
    assert_eq!(
        status,
        vec![
            ("C1", "SARA2026", true, None),
            ("C2", "OLD10", true, Some("revoked")),
            ("C3", "GONE5", true, Some("expired")),
            ("C4", "ONCE1", true, None),
            ("C5", "ONCE1", true, Some("exhausted")),
            ("C6", "NOSUCH", false, Some("unknown")),
            ("C7", "NOSUCH", false, Some("unknown")),
        ]
    );
}

#[test]
fn map_reads_other_headers() {
    let env = setup();
    let f = env.write(
        "export.csv",
        "Order Number,E-mail,Net,Cur,Date\nX1,huda@example.sa,75.50,SAR,2026-03-01 09:00:00\n",
    );
    let (code, v, err) = import(
        &env,
        &[
            "orders",
            f.to_str().unwrap(),
            "--map",
            "Order Number=order_id",
            "--map",
            "e-mail=customer_email",
            "--map",
            "Net=amount",
            "--map",
            "Cur=currency",
            "--map",
            "Date=ordered_at",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["inserted"], 1);
    assert_eq!(count(&env, "SELECT amount_minor FROM orders"), 7550);
    // A map naming an unknown field or a missing header is a usage error.
    let (code, _, err) = import(&env, &["orders", f.to_str().unwrap(), "--map", "Net=price"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown field \"price\""), "{err}");
    let (code, _, err) = import(
        &env,
        &["orders", f.to_str().unwrap(), "--map", "Nope=amount"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("no column \"Nope\""), "{err}");
}

#[test]
fn only_the_first_rejects_go_to_stderr_and_all_go_to_the_rejects_file() {
    let env = setup();
    let mut text = String::from("order_id,customer_email,amount,currency,ordered_at\n");
    for i in 0..12 {
        text.push_str(&format!("B{i},b{i}@example.sa,abc,SAR,2026-03-01\n"));
    }
    let f = env.write("many.csv", &text);
    let rejects = env.path("r.csv");
    let (code, v, err) = import(
        &env,
        &[
            "orders",
            f.to_str().unwrap(),
            "--rejects",
            rejects.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 3);
    assert_eq!(v["rejected"], 12);
    assert_eq!(err.matches("is not a number").count(), 5, "{err}");
    assert!(err.contains("7 more rejected rows"), "{err}");
    let n = std::fs::read_to_string(&rejects).unwrap().lines().count();
    assert_eq!(n, 13);
}

#[test]
fn a_bulk_load_rebuilds_the_customer_index_it_deferred() {
    let env = setup();
    let mut text = String::from("order_id,customer_email,amount,currency,ordered_at\n");
    for i in 0..60_000 {
        text.push_str(&format!(
            "B{i:06},c{}@example.sa,{}.50,SAR,2026-03-{:02}T10:00:00\n",
            (i * 7919) % 20_000,
            10 + i % 90,
            1 + i % 28
        ));
    }
    let f = env.write("bulk.csv", &text);
    let (code, v, err) = import(&env, &["orders", f.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["inserted"], 60_000);
    let c = db(&env);
    let sql: String = c
        .query_row(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'orders_customer'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(sql.contains("customer_email"), "{sql}");
    let n: i64 = c
        .query_row(
            "SELECT COUNT(*) FROM orders INDEXED BY orders_customer WHERE customer_email = 'c0@example.sa'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 3);
    let ok: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
}

#[test]
fn unreadable_files_and_bad_flags_write_nothing() {
    let env = setup();
    let before = env.snapshot();
    let (code, _, err) = import(&env, &["orders", "no-such-file.csv"]);
    assert_eq!(code, 1);
    assert!(err.contains("cannot read no-such-file.csv"), "{err}");
    let f = fixture("bad_amount.csv");
    let (code, _, err) = import(&env, &["orders", &f, "--map", "amount"]);
    assert_eq!(code, 2);
    assert!(err.contains("expected HEADER=FIELD"), "{err}");
    let (code, _, err) = import(&env, &["orders", &f, "--rejects", &f]);
    assert_eq!(code, 2);
    assert!(err.contains("is the file being read"), "{err}");
    assert_eq!(env.snapshot(), before);
}

/// A pipe or a directory is refused at once (exit 2) instead of hanging on a read that
/// never ends or failing with a confusing message; members imports too.
#[test]
fn a_pipe_or_a_directory_is_not_imported() {
    let env = setup();
    let fifo = env.path("orders.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let before = env.snapshot();
    let dir = env.path("");
    for (args, what) in [
        (vec!["orders", fifo.to_str().unwrap()], "orders.fifo"),
        (vec!["returns", fifo.to_str().unwrap()], "orders.fifo"),
        (
            vec!["orders", dir.to_str().unwrap()],
            "is not a regular file",
        ),
    ] {
        let (code, _, err) = import(&env, &args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains("is not a regular file") && err.contains(what),
            "{err}"
        );
    }
    let (code, _, err) = env.run(&["member", "import", fifo.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("is not a regular file"), "{err}");
    let db_path = env.db.display().to_string();
    let members = env.write("members.csv", "email,name\nm@example.com,M\n");
    let (code, _, err) = env.run(&[
        "member",
        "import",
        members.to_str().unwrap(),
        "--rejects",
        &db_path,
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("is the database"), "{err}");
    assert_eq!(env.snapshot(), before);
}

/// `--rejects` naming the database, its WAL, or a hard link of the file being imported is
/// refused before anything is opened for writing: the database and the input stay as they were.
#[test]
fn rejects_file_that_is_the_database_or_the_input_is_refused() {
    let env = setup();
    let input = env.write(
        "orders.csv",
        "order_id,customer_email,amount,currency,ordered_at\nA1,a@example.com,10,SAR,2026-01-01\nA2,b@example.com,oops,SAR,2026-01-01\n",
    );
    let text = std::fs::read(&input).unwrap();
    let link = env.path("same-orders.csv");
    std::fs::hard_link(&input, &link).unwrap();
    let before = env.snapshot();
    let db_path = env.db.display().to_string();
    let wal = format!("{db_path}-wal");
    for (target, says) in [
        (db_path.as_str(), "is the database"),
        (wal.as_str(), "is the database"),
        (link.to_str().unwrap(), "is the file being read"),
    ] {
        let (code, _, err) = import(
            &env,
            &["orders", input.to_str().unwrap(), "--rejects", target],
        );
        assert_eq!(code, 2, "{target}: {err}");
        assert!(err.contains(says), "{target}: {err}");
        assert_eq!(env.snapshot(), before, "{target}");
        assert_eq!(std::fs::read(&input).unwrap(), text, "{target}");
    }
    // Another file is fine, and gets the bad row.
    let out = env.path("rejects.csv");
    let (code, v, err) = import(
        &env,
        &[
            "orders",
            input.to_str().unwrap(),
            "--rejects",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 3, "{err}");
    assert_eq!(v["inserted"], 1);
    let rejects = std::fs::read_to_string(&out).unwrap();
    assert_eq!(rejects.lines().count(), 2, "{rejects}");
    assert!(rejects.contains("A2"), "{rejects}");
}

#[test]
fn sample_orders_are_attributed_to_vanity_codes_issued_first() {
    let env = setup();
    env.ok(&[
        "program", "create", "Friends", "--kind", "referral", "--reward", "10%",
    ]);
    env.ok(&[
        "program",
        "create",
        "Partners",
        "--kind",
        "affiliate",
        "--reward",
        "5%",
        "--every-order",
    ]);
    env.ok(&["member", "import", sample("members.csv").to_str().unwrap()]);
    for (program, member, code) in [
        ("Friends", "sara.alqahtani@example.sa", "SARA2026"),
        ("Friends", "noura.alotaibi@example.sa", "NOURA10"),
        ("Partners", "layla.travels@example.com", "INFLUENCE1"),
    ] {
        env.ok(&[
            "code",
            "issue",
            "--program",
            program,
            "--member",
            member,
            "--code",
            code,
        ]);
    }
    let (code, v, err) = import(&env, &["orders", sample("orders.csv").to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["inserted"], 18);
    // WELCOME15 was never issued: kept on its order, reported, not rejected.
    assert_eq!(v["unknown_code_orders"], 1);
    assert_eq!(v["unknown_codes"][0]["code"], "WELCOME15");
    let per_code: Vec<(String, i64)> = db(&env)
        .prepare(
            "SELECT c.code, COUNT(*) FROM orders o JOIN codes c ON c.id = o.code_id
             WHERE o.code_status IS NULL GROUP BY c.code ORDER BY c.code",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        per_code,
        vec![
            ("INFLUENCE1".to_string(), 7),
            ("NOURA10".to_string(), 3),
            ("SARA2026".to_string(), 3),
        ]
    );
}

/// A bulk load prepares its rows on the reader thread once the first 20,000 show mostly new
/// orders. Rows after that keep their rejects with their lines, a repeated id names its first
/// line, codes and mailboxes are read; and a re-import (prepared on the importing thread) finds
/// every stored row the same: no conflicts, nothing inserted.
#[test]
fn a_bulk_load_prepared_on_the_reader_thread_stores_what_a_re_import_finds_the_same() {
    let env = setup();
    add_code(&env, "SARA2026", None, None, None);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bulk.csv");
    let mut body = String::from("order_id,customer_email,amount,currency,ordered_at,code\n");
    let row = |n: usize| {
        let email = if n.is_multiple_of(2) {
            format!("A.b{n}+x@GoogleMail.com")
        } else {
            format!("c{n}@example.com")
        };
        let code = ["sara2026", "nosuch", ""][n % 3];
        format!(
            "B{n},{email},12.50,SAR,2026-01-{:02}T10:00:00,{code}\n",
            1 + n % 28
        )
    };
    for n in 0..25_000 {
        match n {
            22_000 => body.push_str("B22000,c@example.com,\"12,5O\",SAR,2026-01-02T10:00:00,\n"),
            // The row of B21000 again, on line 23,002.
            23_000 => body.push_str(&row(21_000)),
            _ => body.push_str(&row(n)),
        }
    }
    std::fs::write(&path, body).unwrap();
    let f = path.to_str().unwrap();
    let (code, v, err) = import(&env, &["orders", f]);
    assert_eq!(code, 3, "{err}");
    assert_eq!(v["rows"], 25_000);
    assert_eq!(v["inserted"], 24_998);
    assert_eq!(v["rejected"], 2);
    let unknown = (0..25_000).filter(|n| n % 3 == 1 && *n != 22_000 && *n != 23_000);
    assert_eq!(v["unknown_code_orders"], unknown.count());
    assert!(
        err.contains(&format!("{f}:22002: column \"amount\"")),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{f}:23002: order id B21000 already appears on line 21002 of this file"
        )),
        "{err}"
    );
    let stored: (String, Option<i64>, Option<String>) = db(&env)
        .query_row(
            "SELECT customer_key, code_id, code FROM orders WHERE order_id = 'B24000'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        stored,
        ("ab24000@gmail.com".into(), Some(1), Some("SARA2026".into()))
    );
    let (code, again, err) = import(&env, &["orders", f]);
    assert_eq!(code, 3, "{err}");
    assert_eq!(again["inserted"], 0, "{again}");
    assert_eq!(again["conflicts"], 0, "{again}");
    assert_eq!(again["duplicates"], 24_999, "{again}");
    assert_eq!(again["rejected"], 1, "{again}");
}
