//! End-to-end tests of `rewards member add|list|show|import|block|unblock`.

mod common;
use common::{TestEnv, sample};

fn shop() -> TestEnv {
    let env = TestEnv::new();
    env.ok(&["init", "--currency", "SAR"]);
    env
}

fn sql(env: &TestEnv, sql: &str) {
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute_batch(sql).unwrap();
}

fn count(env: &TestEnv, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn add_normalises_the_email_and_refuses_duplicates() {
    let env = shop();
    let v = env.json(&[
        "member",
        "add",
        "--name",
        " سارة القحطاني ",
        "--email",
        "  Sara@Example.SA ",
        "--phone",
        "+966 50 123 4567",
        "--kind",
        "partner",
        "--payout-method",
        "bank",
        "--payout-account",
        "SA0380000000608010167519",
    ]);
    assert_eq!(v["email"], "sara@example.sa");
    assert_eq!(v["name"], "سارة القحطاني");
    assert_eq!(v["kind"], "partner");
    assert_eq!(v["payout_method"], "bank");
    assert_eq!(v["blocked"], false);
    let before = env.snapshot();
    let (code, _, err) = env.run(&[
        "member",
        "add",
        "--name",
        "Other",
        "--email",
        "SARA@example.sa",
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("a member with email sara@example.sa already exists"),
        "{err}"
    );
    assert_eq!(env.snapshot(), before);
}

#[test]
fn bad_member_values_are_usage_errors() {
    let env = shop();
    let before = env.snapshot();
    let cases: &[(&[&str], &str)] = &[
        (&["--name", "A", "--email", "not-an-email"], "--email"),
        (&["--name", " ", "--email", "a@x.sa"], "--name"),
        (
            &["--name", "A", "--email", "a@x.sa", "--phone", "12"],
            "--phone",
        ),
        (
            &[
                "--name",
                "A",
                "--email",
                "a@x.sa",
                "--payout-account",
                "SA03",
            ],
            "--payout-account",
        ),
        (
            &[
                "--name",
                "A",
                "--email",
                "a@x.sa",
                "--payout-method",
                "paypal",
                "--payout-account",
                "SA03",
            ],
            "--payout-account",
        ),
        (
            &["--name", "A", "--email", "a@x.sa", "--kind", "vip"],
            "--kind",
        ),
    ];
    for (extra, needle) in cases {
        let mut args = vec!["member", "add"];
        args.extend_from_slice(extra);
        let (code, _, err) = env.run(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
    }
    assert_eq!(env.snapshot(), before);
}

#[test]
fn sample_members_import_and_reimport_changes_nothing() {
    let env = shop();
    let file = sample("members.csv");
    let file = file.to_str().unwrap();
    let v = env.json(&["member", "import", file]);
    assert_eq!(v["rows"], 12);
    assert_eq!(v["inserted"], 12);
    assert_eq!(v["rejected"], 0);
    let after_first = count(&env, "SELECT COUNT(*) FROM members");
    assert_eq!(after_first, 12);
    let v = env.json(&["member", "import", file]);
    assert_eq!(v["inserted"], 0);
    assert_eq!(v["unchanged"], 12);
    assert_eq!(count(&env, "SELECT COUNT(*) FROM members"), 12);
    assert_eq!(
        count(&env, "SELECT COUNT(*) FROM imports WHERE kind = 'members'"),
        2
    );
    // Mixed-case email in the file is stored lower-cased.
    let omar = env.json(&["member", "show", "omar.haddad@example.com"]);
    assert_eq!(omar["name"], "عمر الحداد");
    assert_eq!(omar["payout_method"], "store-credit");
    let partners = count(
        &env,
        "SELECT COUNT(*) FROM members WHERE kind = 'partner' AND payout_method IS NOT NULL",
    );
    assert!(partners >= 4);
}

#[test]
fn import_reports_each_bad_line_writes_rejects_and_commits_good_rows() {
    let env = shop();
    env.ok(&["member", "add", "--name", "Omar", "--email", "omar@x.sa"]);
    // BOM, headers in another case and order, an extra column.
    let f = env.write(
        "members.csv",
        "\u{feff}Name,EMAIL,notes,Kind\n\
         Ali,ali@x.sa,vip,partner\n\
         Bad,bad-email,,\n\
         ,noname@x.sa,,\n\
         Ali again,ALI@x.sa,,\n\
         Omar Other,omar@x.sa,,\n\
         Huda,huda@x.sa,\"=HYPERLINK(\"\"x\"\")\",customer\n\
         Kim,kim@x.sa,,boss\n",
    );
    let rejects = env.path("rejects.csv");
    let (code, out, err) = env.run(&[
        "--format",
        "json",
        "member",
        "import",
        f.to_str().unwrap(),
        "--rejects",
        rejects.to_str().unwrap(),
    ]);
    assert_eq!(code, 3, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["rows"], 7);
    assert_eq!(v["inserted"], 2);
    assert_eq!(v["rejected"], 5);
    let shown = f.display().to_string();
    for (line, col) in [
        (3, "email"),
        (4, "name"),
        (5, "email"),
        (6, "email"),
        (8, "kind"),
    ] {
        let needle = format!("{shown}:{line}: column \"{col}\": ");
        assert!(err.contains(&needle), "missing {needle:?} in {err}");
    }
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(count(&env, "SELECT COUNT(*) FROM members"), 3);
    assert_eq!(
        count(
            &env,
            "SELECT COUNT(*) FROM members WHERE email = 'ali@x.sa' AND kind = 'partner'"
        ),
        1
    );
    assert_eq!(
        count(
            &env,
            "SELECT COUNT(*) FROM members WHERE email = 'omar@x.sa' AND name = 'Omar'"
        ),
        1
    );
    let text = std::fs::read_to_string(&rejects).unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(headers, ["Name", "EMAIL", "notes", "Kind", "error"]);
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 5);
    assert_eq!(&rows[0][1], "bad-email");
    assert!(rows[0][4].contains("not an email address"));
    assert_eq!(&rows[4][0], "Kim");
}

#[test]
fn an_unusable_file_changes_nothing() {
    let env = shop();
    let before = env.snapshot();
    let f = env.write("m.csv", "name,phone\nAli,0501234567\n");
    let (code, _, err) = env.run(&["member", "import", f.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("missing required column(s) email"), "{err}");
    let (code, _, err) = env.run(&["member", "import", "nope.csv"]);
    assert_eq!(code, 1);
    assert!(err.contains("cannot read nope.csv"), "{err}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn block_and_unblock() {
    let env = shop();
    env.ok(&["member", "add", "--name", "Ali", "--email", "ali@x.sa"]);
    let v = env.json(&["member", "block", "ALI@x.sa"]);
    assert_eq!(v["blocked"], true);
    assert_eq!(v["blocked_at"], "2026-03-31T12:00:00Z");
    assert_eq!(count(&env, "SELECT blocked FROM members"), 1);
    let before = env.snapshot();
    let (code, _, err) = env.run(&["member", "block", "ali@x.sa"]);
    assert_eq!(code, 1);
    assert!(err.contains("already blocked"), "{err}");
    assert_eq!(env.snapshot(), before);
    env.ok(&["member", "unblock", "ali@x.sa"]);
    assert_eq!(
        count(
            &env,
            "SELECT COUNT(*) FROM members WHERE blocked = 0 AND blocked_at IS NULL"
        ),
        1
    );
    let (code, _, err) = env.run(&["member", "unblock", "ghost@x.sa"]);
    assert_eq!(code, 1);
    assert!(err.contains("no member with email ghost@x.sa"), "{err}");
}

#[test]
fn show_sums_ledger_rows_into_pending_and_available() {
    let env = shop();
    env.ok(&["member", "add", "--name", "Ali", "--email", "ali@x.sa"]);
    sql(
        &env,
        "INSERT INTO runs(id, command, as_of, started_at) VALUES (1, 'settle', '2026-03-31T00:00:00Z', '2026-03-31T00:00:00Z');
         INSERT INTO ledger(run_id, member_id, kind, currency, amount_minor, points, effective_at, available_at, cause_type, cause_id, created_at) VALUES
           (1, 1, 'accrual', 'SAR', 5000, 0, '2026-03-01T00:00:00Z', '2026-03-15T00:00:00Z', 'order', 'A', '2026-03-31T00:00:00Z'),
           (1, 1, 'accrual', 'SAR', 1250, 0, '2026-03-25T00:00:00Z', '2026-04-08T00:00:00Z', 'order', 'B', '2026-03-31T00:00:00Z'),
           (1, 1, 'reversal', 'SAR', -1000, 0, '2026-03-20T00:00:00Z', '2026-03-20T00:00:00Z', 'return', 'R', '2026-03-31T00:00:00Z'),
           (1, 1, 'accrual', 'KWD', 1500, 0, '2026-03-01T00:00:00Z', '2026-03-02T00:00:00Z', 'order', 'C', '2026-03-31T00:00:00Z'),
           (1, 1, 'points_earn', NULL, 0, 200, '2026-03-01T00:00:00Z', '2026-03-02T00:00:00Z', 'activity', 'D', '2026-03-31T00:00:00Z'),
           (1, 1, 'points_earn', NULL, 0, 50, '2026-03-30T00:00:00Z', '2026-04-30T00:00:00Z', 'activity', 'E', '2026-03-31T00:00:00Z');",
    );
    let v = env.json(&["member", "show", "ali@x.sa"]);
    let b = v["balances"].as_array().unwrap();
    assert_eq!(b.len(), 2);
    assert_eq!(b[0]["currency"], "KWD");
    assert_eq!(b[0]["available"], "1.500");
    assert_eq!(b[1]["currency"], "SAR");
    assert_eq!(b[1]["pending"], "12.50");
    assert_eq!(b[1]["pending_minor"], 1250);
    assert_eq!(b[1]["available"], "40.00");
    assert_eq!(b[1]["available_minor"], 4000);
    assert_eq!(v["points_available"], 200);
    assert_eq!(v["points_pending"], 50);
    // Points without a program count in the shop's currency, as `balance` shows them.
    assert_eq!(
        (&b[1]["points"], &b[1]["points_pending"]),
        (&200.into(), &50.into())
    );
    assert_eq!(
        (&b[0]["points"], &b[0]["paid"]),
        (&0.into(), &"0.000".into())
    );
    // Later, everything is available.
    let v = env.json(&["--as-of", "2026-05-01", "member", "show", "ali@x.sa"]);
    assert_eq!(v["balances"][1]["available_minor"], 5250);
    assert_eq!(v["balances"][1]["pending_minor"], 0);
    assert_eq!(v["points_available"], 250);
}

#[test]
fn list_in_three_formats_with_arabic_names_aligned() {
    let env = shop();
    env.ok(&["member", "import", sample("members.csv").to_str().unwrap()]);
    let v = env.json(&["member", "list"]);
    assert_eq!(v.as_array().unwrap().len(), 12);
    let csv = env.ok(&["--format", "csv", "member", "list"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 13);
    assert_eq!(
        lines[0],
        "email,name,kind,phone,payout_method,payout_account,codes,blocked,created_at"
    );
    assert!(csv.contains("sara.alqahtani@example.sa,سارة القحطاني,customer"));
    let table = env.ok(&["member", "list"]);
    assert!(table.contains("نورة العتيبي"));
    let widths: Vec<usize> = table.lines().map(|l| l.chars().count()).collect();
    assert!(widths.windows(2).all(|w| w[0] == w[1]), "aligned:\n{table}");
}

#[test]
fn a_row_that_is_not_utf8_is_rejected_and_the_file_hash_recorded() {
    let env = shop();
    let mut bytes = b"email,name\nali@x.sa,Ali\nlatin@x.sa,Jos".to_vec();
    bytes.push(0xE9); // Latin-1 "é"
    bytes.extend_from_slice(b"\nhuda@x.sa,Huda\n");
    let f = env.path("latin1.csv");
    std::fs::write(&f, &bytes).unwrap();
    let (code, _, err) = env.run(&["member", "import", f.to_str().unwrap()]);
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains(&format!("{}:3: the row is not valid UTF-8", f.display())),
        "{err}"
    );
    assert_eq!(count(&env, "SELECT COUNT(*) FROM members"), 2);
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let (sha, rows, rejected): (String, i64, i64) = conn
        .query_row("SELECT sha256, rows, rejected FROM imports", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    use sha2::Digest as _;
    let want: String = sha2::Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(sha, want);
    assert_eq!((rows, rejected), (3, 1));
}

#[test]
fn the_bad_input_corpus_members_file() {
    let env = shop();
    let f = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/bad-input/members_bad_rows.csv");
    let (code, out, err) = env.run(&["--format", "json", "member", "import", f.to_str().unwrap()]);
    assert_eq!(code, 3, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (v["inserted"].as_i64(), v["rejected"].as_i64()),
        (Some(1), Some(4))
    );
    for line in 3..=6 {
        assert!(
            err.contains(&format!("members_bad_rows.csv:{line}: column ")),
            "{err}"
        );
    }
    assert_eq!(
        count(
            &env,
            "SELECT COUNT(*) FROM members WHERE email = 'ok@example.com' AND name = 'OK'"
        ),
        1
    );
}

#[test]
fn a_semicolon_file_from_european_excel_is_read() {
    let env = shop();
    let f = env.write(
        "eu.csv",
        "email;name;phone\nali@x.sa;Ali;0501234567\nbad-email;Bad;\nhuda@x.sa;Huda al-Harbi;\n",
    );
    let rejects = env.path("rejects.csv");
    let (code, out, err) = env.run(&[
        "--format",
        "json",
        "member",
        "import",
        f.to_str().unwrap(),
        "--rejects",
        rejects.to_str().unwrap(),
    ]);
    assert_eq!(code, 3, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (v["rows"].as_i64(), v["inserted"].as_i64()),
        (Some(3), Some(2))
    );
    assert_eq!(v["rejected"], 1);
    assert!(
        err.contains(&format!("{}:3: column \"email\": ", f.display())),
        "{err}"
    );
    assert_eq!(
        count(
            &env,
            "SELECT COUNT(*) FROM members WHERE email = 'ali@x.sa' AND name = 'Ali' AND phone IS NOT NULL"
        ),
        1
    );
    // The rejects file is written with the file's own delimiter, so Excel opens it the same way.
    let text = std::fs::read_to_string(&rejects).unwrap();
    assert!(text.starts_with("email;name;phone;error\n"), "{text}");
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1, "{text}");
    assert_eq!(
        (&rows[0][0], &rows[0][1], &rows[0][2]),
        ("bad-email", "Bad", "")
    );
    assert!(
        rows[0][3].starts_with("line 3: column \"email\": "),
        "{text}"
    );
}

#[test]
fn a_semicolon_members_file_issues_codes() {
    let env = shop();
    env.ok(&[
        "program", "create", "Friends", "--kind", "referral", "--reward", "50",
    ]);
    env.ok(&["member", "add", "--name", "Ali", "--email", "ali@x.sa"]);
    env.ok(&["member", "add", "--name", "Huda", "--email", "huda@x.sa"]);
    let f = env.write("list.csv", "name;email\nAli;ALI@x.sa\nHuda;huda@x.sa\n");
    let v = env.json(&[
        "code",
        "issue",
        "--program",
        "Friends",
        "--members-file",
        f.to_str().unwrap(),
    ]);
    let emails: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["member_email"].as_str().unwrap())
        .collect();
    assert_eq!(emails, ["ali@x.sa", "huda@x.sa"]);
    assert_eq!(count(&env, "SELECT COUNT(*) FROM codes"), 2);
}

/// UTF-16 little-endian bytes of `text`, with or without the byte order mark.
fn utf16le(text: &str, bom: bool) -> Vec<u8> {
    let mut out = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
    for u in text.encode_utf16() {
        out.extend_from_slice(&u.to_le_bytes());
    }
    out
}

#[test]
fn a_utf16_file_is_refused_with_a_clear_message_and_changes_nothing() {
    let env = shop();
    let before = env.snapshot();
    for (name, bom) in [("bom.csv", true), ("nobom.csv", false)] {
        let f = env.path(name);
        std::fs::write(&f, utf16le("email,name\nali@x.sa,Ali\n", bom)).unwrap();
        let (code, _, err) = env.run(&["member", "import", f.to_str().unwrap()]);
        assert_eq!(code, 1, "{name}: {err}");
        assert!(err.contains("UTF-16"), "{name}: {err}");
        assert!(err.contains("save it as \"CSV UTF-8\""), "{name}: {err}");
        assert!(!err.contains('\u{fffd}'), "{name}: garbled: {err}");
        let (code, _, err) = env.run(&[
            "code",
            "issue",
            "--program",
            "Nope",
            "--members-file",
            f.to_str().unwrap(),
        ]);
        assert_eq!(code, 1, "{name}: {err}");
    }
    assert_eq!(env.snapshot(), before);
}

#[test]
fn an_empty_file_says_it_is_empty_and_changes_nothing() {
    let env = shop();
    let before = env.snapshot();
    for (name, text) in [("empty.csv", ""), ("blank.csv", "\u{feff}\r\n\r\n")] {
        let f = env.write(name, text);
        let (code, _, err) = env.run(&["member", "import", f.to_str().unwrap()]);
        assert_eq!(code, 1, "{name}: {err}");
        assert!(
            err.contains(&format!(
                "{} is empty: expected a header row with the columns email,name",
                f.display()
            )),
            "{name}: {err}"
        );
        assert!(!err.contains("missing required column"), "{name}: {err}");
    }
    assert_eq!(env.snapshot(), before);
}

#[test]
fn a_bom_crlf_file_names_the_true_line_of_a_rejected_row() {
    let env = shop();
    let f = env.write(
        "win.csv",
        "\u{feff}email,name,kind\r\nali@x.sa,Ali,partner\r\n\r\n\r\nhuda@x.sa,Huda,vip\r\nomar@x.sa,Omar,\r\n",
    );
    let rejects = env.path("rejects.csv");
    let (code, out, err) = env.run(&[
        "--format",
        "json",
        "member",
        "import",
        f.to_str().unwrap(),
        "--rejects",
        rejects.to_str().unwrap(),
    ]);
    assert_eq!(code, 3, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (v["rows"].as_i64(), v["inserted"].as_i64()),
        (Some(3), Some(2))
    );
    assert!(
        err.contains(&format!("{}:5: column \"kind\": ", f.display())),
        "{err}"
    );
    assert_eq!(
        count(&env, "SELECT COUNT(*) FROM members WHERE kind = 'partner'"),
        1
    );
    let text = std::fs::read_to_string(&rejects).unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(headers, ["email", "name", "kind", "error"]);
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][0], "huda@x.sa");
    assert!(rows[0][3].starts_with("line 5: column \"kind\""), "{text}");
}

#[test]
fn a_row_with_an_unquoted_comma_is_rejected_not_misread() {
    let env = shop();
    let f = env.write(
        "m.csv",
        "email,name,phone\nali@x.sa,Ali,050 123 4567\nhuda@x.sa,Harbi, Huda,0501234567\n",
    );
    let (code, _, err) = env.run(&["member", "import", f.to_str().unwrap()]);
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains(&format!(
            "{}:3: has 4 columns, the header has 3",
            f.display()
        )),
        "{err}"
    );
    assert_eq!(count(&env, "SELECT COUNT(*) FROM members"), 1);
}

/// A referral shop (10.00 at once for every order) where Amy's code AMY1 was used on 03-01 and
/// 03-15, both imported.
fn amy_with_two_orders() -> TestEnv {
    let env = TestEnv::new();
    env.ok(&["init", "--currency", "SAR", "--timezone", "UTC"]);
    env.ok(&[
        "program",
        "create",
        "Ref",
        "--kind",
        "referral",
        "--reward",
        "10",
        "--hold-days",
        "0",
    ]);
    env.ok(&["member", "add", "--name", "Amy", "--email", "amy@x.com"]);
    env.ok(&[
        "code",
        "issue",
        "--program",
        "Ref",
        "--member",
        "amy@x.com",
        "--code",
        "AMY1",
    ]);
    env.write(
        "o.csv",
        "order_id,customer_email,amount,currency,ordered_at,code\n\
         1,bob@y.com,100.00,SAR,2026-03-01T10:00:00Z,AMY1\n\
         2,cat@y.com,100.00,SAR,2026-03-15T10:00:00Z,AMY1\n",
    );
    env.ok(&["import", "orders", "o.csv"]);
    env
}

fn earned_orders(env: &TestEnv) -> Vec<String> {
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.prepare("SELECT order_id FROM ledger WHERE kind = 'accrual' ORDER BY order_id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn an_order_placed_while_the_member_was_blocked_earns_nothing_whenever_settle_runs() {
    // Blocked 03-10 to 03-20, settled once after.
    let once = amy_with_two_orders();
    once.ok(&["--as-of", "2026-03-10", "member", "block", "amy@x.com"]);
    once.ok(&["--as-of", "2026-03-20", "member", "unblock", "amy@x.com"]);
    assert_eq!(count(&once, "SELECT COUNT(*) FROM member_blocks"), 1);
    once.ok(&["settle"]);
    assert_eq!(earned_orders(&once), ["1"]);
    // The same, with a settle while she was blocked: order 1, placed before the block, earns.
    let steps = amy_with_two_orders();
    steps.ok(&["--as-of", "2026-03-10", "member", "block", "amy@x.com"]);
    steps.ok(&["--as-of", "2026-03-16", "settle"]);
    assert_eq!(earned_orders(&steps), ["1"]);
    steps.ok(&["--as-of", "2026-03-20", "member", "unblock", "amy@x.com"]);
    steps.ok(&["settle"]);
    assert_eq!(earned_orders(&steps), ["1"]);
    // A block or unblock cannot be dated before the last one, or into what is settled.
    // After the settle of 03-31 it may.
    steps.ok(&["--as-of", "2026-04-01", "member", "block", "amy@x.com"]);
    let before = steps.snapshot();
    let (code, _, err) = steps.run(&["--as-of", "2026-03-25", "member", "unblock", "amy@x.com"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("last blocked or unblocked as of 2026-04-01T23:59:59Z"),
        "{err}"
    );
    assert_eq!(steps.snapshot(), before);
    let s = amy_with_two_orders();
    s.ok(&["--as-of", "2026-03-16", "settle"]);
    let (code, _, err) = s.run(&["--as-of", "2026-03-12", "member", "block", "amy@x.com"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("orders up to 2026-03-16T23:59:59Z are already settled"),
        "{err}"
    );
}

#[test]
fn member_edit_changes_details_checks_them_and_leaves_made_batches_as_they_were() {
    let env = TestEnv::new();
    env.friends_shop(&[
        "--phone",
        "+966 50 123 4567",
        "--payout-method",
        "paypal",
        "--payout-account",
        "sara.pp@example.com",
    ]);
    env.write(
        "o1.csv",
        "order_id,customer_email,amount,currency,ordered_at,code\n\
         1,friend@example.com,300.00,SAR,2026-01-10T10:00:00,SARA\n",
    );
    env.ok(&["import", "orders", "o1.csv"]);
    env.ok(&["--as-of", "2026-02-01", "settle"]);
    let b = env.json(&["--as-of", "2026-02-01", "payout", "create"]);
    assert_eq!(b[0]["id"], 1, "{b}");

    // Nothing to change is a usage error; so is a PayPal account that is no email. Neither
    // changes the member.
    let before = env.snapshot();
    let (code, _, err) = env.run(&["member", "edit", "sara@example.com"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("give at least one of"), "{err}");
    let (code, _, err) = env.run(&[
        "member",
        "edit",
        "sara@example.com",
        "--payout-account",
        "SA0380000000608010167519",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--payout-account"), "{err}");
    // Another method needs its own account: the PayPal email is no IBAN.
    let (code, _, err) = env.run(&[
        "member",
        "edit",
        "sara@example.com",
        "--payout-method",
        "bank",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("give the --payout-account"), "{err}");
    let (code, _, err) = env.run(&["member", "edit", "nobody@example.com", "--name", "X"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("no member with email nobody@example.com"),
        "{err}"
    );
    assert_eq!(env.snapshot(), before);

    // A new name, PayPal account and no phone; the email (identity) and the rest stay.
    let (code, out, err) = env.run(&[
        "--format",
        "json",
        "member",
        "edit",
        "Sara@Example.com",
        "--name",
        "Sara Q",
        "--payout-account",
        "sara.new@example.com",
        "--phone",
        "",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("payout_account sara.pp@example.com -> sara.new@example.com"),
        "{err}"
    );
    assert!(err.contains("phone +966 50 123 4567 -> (none)"), "{err}");
    let m: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(m["email"], "sara@example.com");
    assert_eq!(m["name"], "Sara Q");
    assert_eq!(m["phone"], serde_json::Value::Null);
    assert_eq!(m["payout_method"], "paypal");
    assert_eq!(m["payout_account"], "sara.new@example.com");
    let shown = env.json(&["member", "show", "sara@example.com"]);
    assert_eq!(shown["payout_account"], "sara.new@example.com");

    // Batch 1 was made for the old name and account and still pays them; the next batch pays
    // the new ones.
    env.ok(&["payout", "export", "1", "--to", "paypal", "-o", "b1.csv"]);
    let b1 = std::fs::read_to_string(env.path("b1.csv")).unwrap();
    assert!(b1.starts_with("sara.pp@example.com,10.00,SAR,"), "{b1}");
    env.ok(&["payout", "export", "1", "--to", "csv", "-o", "b1-bank.csv"]);
    let b1 = std::fs::read_to_string(env.path("b1-bank.csv")).unwrap();
    assert!(
        b1.lines()
            .nth(1)
            .unwrap()
            .starts_with("1,sara@example.com,Sara,paypal,sara.pp@example.com,SAR,10.00,"),
        "{b1}"
    );
    env.write(
        "o2.csv",
        "order_id,customer_email,amount,currency,ordered_at,code\n\
         2,other@example.com,100.00,SAR,2026-02-10T10:00:00,SARA\n",
    );
    env.ok(&["import", "orders", "o2.csv"]);
    env.ok(&["--as-of", "2026-03-01", "settle"]);
    let b = env.json(&["--as-of", "2026-03-01", "payout", "create"]);
    assert_eq!(b[0]["id"], 2, "{b}");
    env.ok(&["payout", "export", "2", "--to", "csv", "-o", "b2.csv"]);
    let b2 = std::fs::read_to_string(env.path("b2.csv")).unwrap();
    let row = b2.lines().nth(1).unwrap();
    assert!(
        row.starts_with("2,sara@example.com,Sara Q,paypal,sara.new@example.com,SAR,10.00,"),
        "{b2}"
    );
    assert_eq!(env.json(&["verify"])["ok"], true);

    // An item of a batch made before migration 9 kept no details: it takes the member's.
    rusqlite::Connection::open(&env.db)
        .unwrap()
        .execute(
            "UPDATE payout_items SET payout_method = NULL, payout_account = NULL
             WHERE payout_id = 1",
            [],
        )
        .unwrap();
    env.ok(&[
        "payout",
        "export",
        "1",
        "--to",
        "paypal",
        "-o",
        "b1-old.csv",
    ]);
    let old = std::fs::read_to_string(env.path("b1-old.csv")).unwrap();
    assert!(old.starts_with("sara.new@example.com,10.00,SAR,"), "{old}");
}

#[test]
fn a_member_list_exported_for_spreadsheets_imports_back_as_it_was() {
    let env = TestEnv::new();
    env.ok(&["init", "--currency", "SAR"]);
    env.ok(&[
        "member",
        "add",
        "--name",
        "=Sara",
        "--email",
        "sara@example.com",
        "--phone",
        "+966 50 123 4567",
    ]);
    let list = env.ok(&["--format", "csv", "member", "list"]);
    assert!(list.contains("'+966 50 123 4567"), "{list}");
    assert!(list.contains("'=Sara"), "{list}");
    let other = TestEnv::new();
    other.ok(&["init", "--currency", "SAR"]);
    other.write("members.csv", &list);
    other.ok(&["member", "import", "members.csv"]);
    let m = other.json(&["member", "show", "sara@example.com"]);
    assert_eq!(m["phone"], "+966 50 123 4567", "{m}");
    assert_eq!(m["name"], "=Sara", "{m}");
    // A member an earlier release stored with the apostrophe is the same member, not a clash.
    rusqlite::Connection::open(&other.db)
        .unwrap()
        .execute("UPDATE members SET phone = ?1", ["'+966 50 123 4567"])
        .unwrap();
    let v = other.json(&["member", "import", "members.csv"]);
    assert_eq!(
        (v["unchanged"].as_i64(), v["rejected"].as_i64()),
        (Some(1), Some(0)),
        "{v}"
    );
}

/// A member with points only, in two programs of two currencies: a row per currency with its
/// points (no money), as `balance` gives them, and the totals beside.
#[test]
fn show_gives_points_per_currency() {
    let env = shop();
    for (name, cur) in [("PtsS", "SAR"), ("PtsU", "USD")] {
        env.ok(&[
            "program",
            "create",
            name,
            "--kind",
            "points",
            "--points-per-unit",
            "1",
            "--hold-days",
            "0",
            "--currency",
            cur,
        ]);
    }
    let orders = env.write(
        "orders.csv",
        "order_id,customer_email,amount,currency,ordered_at\n\
         S1,b@x.com,30.00,SAR,2026-03-01T10:00:00Z\n\
         U1,b@x.com,80.00,USD,2026-03-02T10:00:00Z\n",
    );
    env.ok(&["import", "orders", orders.to_str().unwrap()]);
    env.ok(&["settle"]);
    let v = env.json(&["member", "show", "b@x.com"]);
    let rows: Vec<(String, i64, String)> = v["balances"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["currency"].as_str().unwrap().to_string(),
                b["points"].as_i64().unwrap(),
                b["available"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("SAR".into(), 30, "0.00".into()),
            ("USD".into(), 80, "0.00".into())
        ]
    );
    assert_eq!(
        (&v["points_available"], &v["points_pending"]),
        (&110.into(), &0.into())
    );
    let bal = env.json(&["balance", "b@x.com"]);
    assert_eq!(
        (&bal[0]["points"], &bal[1]["points"]),
        (&30.into(), &80.into())
    );
}
