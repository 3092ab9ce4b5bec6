//! End-to-end tests of `rewards code issue|list|revoke`.

mod common;
use common::TestEnv;

const ALPHABET: &str = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

fn shop() -> TestEnv {
    let env = TestEnv::new();
    env.ok(&["init", "--currency", "SAR"]);
    env.ok(&[
        "program", "create", "Friends", "--kind", "referral", "--reward", "50",
    ]);
    env.ok(&["member", "add", "--name", "سارة", "--email", "sara@x.sa"]);
    env.ok(&["member", "add", "--name", "Omar", "--email", "omar@x.sa"]);
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

/// Orders as an import would store them (the importer is built elsewhere).
fn orders(env: &TestEnv, rows: &[(&str, &str, Option<&str>)]) {
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute(
        "INSERT INTO imports(id, kind, file_name, sha256, imported_at)
         VALUES (1, 'orders', 'orders.csv', 'x', '2026-03-31T00:00:00Z')",
        [],
    )
    .unwrap();
    for (i, (id, email, name)) in rows.iter().enumerate() {
        conn.execute(
            "INSERT INTO orders(order_id, customer_email, customer_name, amount_minor, currency,
                ordered_at, import_id, source_line, row_hash, customer_key)
             VALUES (?1, ?2, ?3, 10000, 'SAR', ?4, 1, ?5, 'h', ?2)",
            rusqlite::params![
                id,
                email,
                name,
                format!("2026-03-{:02}T10:00:00Z", i + 1),
                i as i64 + 2
            ],
        )
        .unwrap();
    }
}

#[test]
fn one_random_code_for_one_member_ready_for_mail_merge() {
    let env = shop();
    let csv = env.ok(&[
        "--format",
        "csv",
        "code",
        "issue",
        "--program",
        "friends",
        "--member",
        "SARA@x.sa",
        "--link-base",
        "https://shop.example.sa/",
        "--max-uses",
        "3",
        "--expires",
        "2026-12-31",
    ]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "code,program,member_email,member_name,link,max_uses,expires_at"
    );
    assert_eq!(lines.len(), 2);
    let cells: Vec<&str> = lines[1].split(',').collect();
    let code = cells[0];
    assert_eq!(code.len(), 8);
    assert!(code.chars().all(|c| ALPHABET.contains(c)), "{code}");
    assert_eq!(&cells[1..4], ["Friends", "sara@x.sa", "سارة"]);
    assert_eq!(cells[4], format!("https://shop.example.sa/?ref={code}"));
    assert_eq!(cells[5], "3");
    assert_eq!(cells[6], "2026-12-31T23:59:59Z");
    assert_eq!(
        count(&env, "SELECT COUNT(*) FROM codes WHERE max_uses = 3"),
        1
    );
    // A second code for the same member is another random code.
    let v = env.json(&[
        "code",
        "issue",
        "--program",
        "Friends",
        "--member",
        "sara@x.sa",
    ]);
    assert_ne!(v[0]["code"], code);
    assert_eq!(v[0]["link"], serde_json::Value::Null);
}

#[test]
fn vanity_codes_are_upper_cased_and_unique_case_insensitively() {
    let env = shop();
    let v = env.json(&[
        "code",
        "issue",
        "--program",
        "Friends",
        "--member",
        "sara@x.sa",
        "--code",
        "sara-10",
        "--link-base",
        "https://shop.sa/p?utm=x",
    ]);
    assert_eq!(v[0]["code"], "SARA-10");
    assert_eq!(v[0]["link"], "https://shop.sa/p?utm=x&ref=SARA-10");
    let before = env.snapshot();
    let (code, _, err) = env.run(&[
        "code",
        "issue",
        "--program",
        "Friends",
        "--member",
        "omar@x.sa",
        "--code",
        "Sara-10",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("SARA-10 is already taken"), "{err}");
    for bad in ["ab", "has space", "سارة2026", "x!yz1"] {
        let (code, _, err) = env.run(&[
            "code",
            "issue",
            "--program",
            "Friends",
            "--member",
            "omar@x.sa",
            "--code",
            bad,
        ]);
        assert_eq!(code, 2, "{bad}: {err}");
        assert!(err.contains("--code"), "{err}");
    }
    assert_eq!(env.snapshot(), before);
}

#[test]
fn refusals_write_nothing() {
    let env = shop();
    env.ok(&[
        "program", "create", "Old", "--kind", "referral", "--reward", "5",
    ]);
    env.ok(&["program", "end", "Old"]);
    env.ok(&["member", "block", "omar@x.sa"]);
    let before = env.snapshot();
    let cases: &[(&[&str], i32, &str)] = &[
        (
            &["--program", "Old", "--member", "sara@x.sa"],
            1,
            "has ended",
        ),
        (
            &["--program", "Friends", "--member", "omar@x.sa"],
            1,
            "is blocked",
        ),
        (
            &["--program", "Friends", "--member", "ghost@x.sa"],
            1,
            "no member with email ghost@x.sa",
        ),
        (
            &["--program", "Nope", "--member", "sara@x.sa"],
            1,
            "no program named",
        ),
        (
            &[
                "--program",
                "Friends",
                "--member",
                "sara@x.sa",
                "--link-base",
                "shop.sa",
            ],
            2,
            "--link-base",
        ),
        (
            &[
                "--program",
                "Friends",
                "--member",
                "sara@x.sa",
                "--max-uses",
                "0",
            ],
            2,
            "--max-uses",
        ),
        (
            &[
                "--program",
                "Friends",
                "--member",
                "sara@x.sa",
                "--expires",
                "2026-01-01",
            ],
            2,
            "in the past",
        ),
        (
            &[
                "--program",
                "Friends",
                "--member",
                "sara@x.sa",
                "--expires",
                "someday",
            ],
            2,
            "--expires",
        ),
        (&["--program", "Friends"], 2, "required"),
        (
            &["--program", "Friends", "--all-customers", "--code", "ABCD"],
            2,
            "--member",
        ),
    ];
    for (extra, want, needle) in cases {
        let mut args = vec!["code", "issue"];
        args.extend_from_slice(extra);
        let (code, _, err) = env.run(&args);
        assert_eq!(code, *want, "{args:?}: {err}");
        assert!(
            err.contains(needle),
            "{args:?}: expected {needle:?} in {err}"
        );
    }
    assert_eq!(env.snapshot(), before);
}

#[test]
fn members_file_issues_to_known_members_and_rejects_the_rest() {
    let env = shop();
    env.ok(&["member", "add", "--name", "Blocked", "--email", "b@x.sa"]);
    env.ok(&["member", "block", "b@x.sa"]);
    let f = env.write("list.csv", "name,email\nS,Sara@X.sa\nG,ghost@x.sa\nO,omar@x.sa\nB,b@x.sa\nS again,sara@x.sa\nX,not-email\n");
    let (code, out, err) = env.run(&[
        "--format",
        "json",
        "code",
        "issue",
        "--program",
        "Friends",
        "--members-file",
        f.to_str().unwrap(),
    ]);
    assert_eq!(code, 3, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let emails: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["member_email"].as_str().unwrap())
        .collect();
    assert_eq!(emails, ["sara@x.sa", "omar@x.sa"]);
    let shown = f.display().to_string();
    assert!(
        err.contains(&format!(
            "{shown}:3: column \"email\": no member with email ghost@x.sa"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{shown}:5: column \"email\": member b@x.sa is blocked"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("{shown}:7: column \"email\": ")),
        "{err}"
    );
    assert_eq!(count(&env, "SELECT COUNT(*) FROM codes"), 2);
    // Again: everyone known already has a code; nothing new.
    let (code, out, _) = env.run(&[
        "--format",
        "json",
        "code",
        "issue",
        "--program",
        "Friends",
        "--members-file",
        f.to_str().unwrap(),
    ]);
    assert_eq!(code, 3);
    assert_eq!(out.trim(), "[]");
    assert_eq!(count(&env, "SELECT COUNT(*) FROM codes"), 2);
    let f = env.write("nocol.csv", "mail\na@x.sa\n");
    let (code, _, err) = env.run(&[
        "code",
        "issue",
        "--program",
        "Friends",
        "--members-file",
        f.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("missing required column(s) email"), "{err}");
}

#[test]
fn all_customers_without_orders_says_so_and_writes_nothing() {
    let env = shop();
    let before = env.snapshot();
    let (code, out, err) = env.run(&[
        "--format",
        "json",
        "code",
        "issue",
        "--program",
        "Friends",
        "--all-customers",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), "[]");
    assert!(err.contains("no customers in imported orders yet"), "{err}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn all_customers_creates_members_and_skips_those_with_codes_or_blocked() {
    let env = shop();
    env.ok(&[
        "code",
        "issue",
        "--program",
        "Friends",
        "--member",
        "sara@x.sa",
        "--code",
        "SARA",
    ]);
    env.ok(&["member", "add", "--name", "Blocked", "--email", "b@x.sa"]);
    env.ok(&["member", "block", "b@x.sa"]);
    orders(
        &env,
        &[
            ("1001", "sara@x.sa", Some("Sara")),
            ("1002", "huda@x.sa", Some("هدى")),
            ("1003", "huda@x.sa", Some("Huda later")),
            ("1004", "no.name@x.sa", None),
            ("1005", "b@x.sa", Some("B")),
            ("1006", "omar@x.sa", Some("Omar")),
        ],
    );
    let v = env.json(&["code", "issue", "--program", "Friends", "--all-customers"]);
    let rows: Vec<(&str, &str)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["member_email"].as_str().unwrap(),
                r["member_name"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("huda@x.sa", "هدى"),
            ("no.name@x.sa", "no.name"),
            ("omar@x.sa", "Omar")
        ]
    );
    assert_eq!(
        count(&env, "SELECT COUNT(*) FROM members WHERE kind = 'customer'"),
        5
    );
    assert_eq!(count(&env, "SELECT COUNT(*) FROM codes"), 4);
    let v = env.json(&["code", "issue", "--program", "Friends", "--all-customers"]);
    assert_eq!(v.as_array().unwrap().len(), 0);
    assert_eq!(count(&env, "SELECT COUNT(*) FROM codes"), 4);
}

#[test]
fn list_shows_uses_and_status_and_revoke_is_case_insensitive() {
    let env = shop();
    env.ok(&[
        "program",
        "create",
        "Partners",
        "--kind",
        "affiliate",
        "--reward",
        "10%",
    ]);
    env.ok(&[
        "code",
        "issue",
        "--program",
        "Friends",
        "--member",
        "sara@x.sa",
        "--code",
        "ONCE",
        "--max-uses",
        "1",
    ]);
    env.ok(&[
        "code",
        "issue",
        "--program",
        "Friends",
        "--member",
        "omar@x.sa",
        "--code",
        "SOON",
        "--expires",
        "2026-04-10",
    ]);
    env.ok(&[
        "code",
        "issue",
        "--program",
        "Partners",
        "--member",
        "omar@x.sa",
        "--code",
        "GONE",
    ]);
    orders(&env, &[("1", "a@y.sa", None), ("2", "b@y.sa", None)]);
    sql(
        &env,
        "UPDATE orders SET code = 'ONCE', code_id = (SELECT id FROM codes WHERE code = 'ONCE')",
    );
    let v = env.json(&["code", "revoke", "gone"]);
    assert_eq!(v["code"], "GONE");
    assert_eq!(v["revoked_at"], "2026-03-31T12:00:00Z");
    let before = env.snapshot();
    let (code, _, err) = env.run(&["code", "revoke", "Gone"]);
    assert_eq!(code, 1);
    assert!(err.contains("already revoked"), "{err}");
    let (code, _, err) = env.run(&["code", "revoke", "NOPE"]);
    assert_eq!(code, 1);
    assert!(err.contains("no code NOPE"), "{err}");
    assert_eq!(env.snapshot(), before);

    let status = |args: &[&str]| -> Vec<(String, i64, String)> {
        env.json(args)
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["code"].as_str().unwrap().to_string(),
                    r["uses"].as_i64().unwrap(),
                    r["status"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    assert_eq!(
        status(&["code", "list"]),
        [
            ("ONCE".into(), 2, "exhausted".into()),
            ("SOON".into(), 0, "active".into()),
            ("GONE".into(), 0, "revoked".into())
        ]
    );
    assert_eq!(
        status(&[
            "--as-of",
            "2026-05-01",
            "code",
            "list",
            "--program",
            "friends"
        ]),
        [
            ("ONCE".into(), 2, "exhausted".into()),
            ("SOON".into(), 0, "expired".into())
        ]
    );
    let csv = env.ok(&["--format", "csv", "code", "list", "--program", "Partners"]);
    assert_eq!(
        csv.lines().next().unwrap(),
        "code,program,member_email,member_name,link,uses,max_uses,expires_at,status,revoked_at,created_at"
    );
    assert_eq!(csv.lines().count(), 2);
    let table = env.ok(&["code", "list"]);
    assert!(table.contains("سارة") && table.contains("exhausted"));
    let (code, _, err) = env.run(&["code", "list", "--program", "Nope"]);
    assert_eq!(code, 1);
    assert!(err.contains("no program named"), "{err}");
    // member show lists the member's codes with their status.
    let m = env.json(&["member", "show", "omar@x.sa"]);
    let codes: Vec<&str> = m["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["status"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["active", "revoked"]);
}

#[test]
fn a_code_issued_after_its_orders_were_imported_claims_them() {
    let env = TestEnv::new();
    env.ok(&["init", "--currency", "SAR"]);
    env.ok(&[
        "program",
        "create",
        "R",
        "--kind",
        "referral",
        "--reward",
        "50",
        "--every-order",
        "--hold-days",
        "0",
    ]);
    env.ok(&[
        "member",
        "add",
        "--name",
        "Sara",
        "--email",
        "sara@example.com",
    ]);
    env.write(
        "o.csv",
        "order_id,customer_email,amount,currency,ordered_at,code\n\
         1,a@example.com,100.00,SAR,2026-02-01T10:00:00,LATE2026\n\
         2,b@example.com,100.00,SAR,2026-02-02T10:00:00,late2026\n\
         3,c@example.com,100.00,SAR,2026-02-03T10:00:00,LATE2026\n\
         4,d@example.com,100.00,SAR,2026-02-04T10:00:00,OTHER\n",
    );
    let v = env.json(&["import", "orders", "o.csv"]);
    assert_eq!(v["unknown_code_orders"], 4);
    // At most two uses: the two earliest orders earn, the third is the code's but used up.
    env.ok(&[
        "code",
        "issue",
        "--program",
        "R",
        "--member",
        "sara@example.com",
        "--code",
        "LATE2026",
        "--max-uses",
        "2",
    ]);
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let linked: Vec<(String, Option<String>)> = conn
        .prepare("SELECT order_id, code_status FROM orders ORDER BY order_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        linked,
        vec![
            ("1".to_string(), None),
            ("2".to_string(), None),
            ("3".to_string(), Some("exhausted".to_string())),
            ("4".to_string(), Some("unknown".to_string())),
        ]
    );
    let s = env.json(&["settle"]);
    assert_eq!(s["accrued"], 2, "{s}");
}

/// A referral program paying 10.00 at once for every order, a member Amy, and `orders` (CSV
/// rows after the header) imported.
fn referral_shop(orders: &str) -> TestEnv {
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
        "--every-order",
        "--hold-days",
        "0",
    ]);
    env.ok(&["member", "add", "--name", "Amy", "--email", "amy@x.com"]);
    env.write(
        "o.csv",
        &format!("order_id,customer_email,amount,currency,ordered_at,code,status\n{orders}"),
    );
    env
}

fn import(env: &TestEnv) {
    env.ok(&["import", "orders", "o.csv"]);
}

fn earned(env: &TestEnv) -> i64 {
    count(
        env,
        "SELECT IFNULL(SUM(amount_minor), 0) FROM ledger WHERE kind = 'accrual'",
    )
}

#[test]
fn max_uses_hold_whatever_the_order_of_the_file() {
    // Newest first, as shop exports list them, and two orders in one second.
    let env = referral_shop(
        "2,c2@y.com,100.00,SAR,2026-03-05T10:00:00Z,AMY1,\n\
         1,c1@y.com,100.00,SAR,2026-03-01T10:00:00Z,AMY1,\n\
         3,c3@y.com,100.00,SAR,2026-03-06T10:00:00Z,AMY2,\n\
         4,c4@y.com,100.00,SAR,2026-03-06T10:00:00Z,AMY2,\n",
    );
    for code in ["AMY1", "AMY2"] {
        env.ok(&[
            "code",
            "issue",
            "--program",
            "Ref",
            "--member",
            "amy@x.com",
            "--code",
            code,
            "--max-uses",
            "1",
        ]);
    }
    import(&env);
    assert_eq!(
        count(
            &env,
            "SELECT COUNT(*) FROM orders WHERE code_status = 'exhausted'"
        ),
        2
    );
    env.ok(&["settle"]);
    assert_eq!(earned(&env), 2000, "one use of each code earns");
}

#[test]
fn a_later_code_claims_unknown_orders_without_counting_cancelled_ones_as_uses() {
    let env = referral_shop(
        "1,b1@y.com,100.00,SAR,2026-03-05T10:00:00Z,SPRING,cancelled\n\
         2,b2@y.com,100.00,SAR,2026-03-06T10:00:00Z,SPRING,\n\
         3,b3@y.com,100.00,SAR,2026-03-07T10:00:00Z,SPRING,\n",
    );
    import(&env);
    env.ok(&[
        "code",
        "issue",
        "--program",
        "Ref",
        "--member",
        "amy@x.com",
        "--code",
        "SPRING",
        "--max-uses",
        "1",
    ]);
    let statuses: Vec<Option<String>> = {
        let conn = rusqlite::Connection::open(&env.db).unwrap();
        conn.prepare("SELECT code_status FROM orders ORDER BY order_id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(statuses, vec![None, None, Some("exhausted".to_string())]);
    // `code list` counts the uses that max uses counts: not the cancelled or used-up orders.
    let v = env.json(&["code", "list"]);
    assert_eq!(
        (&v[0]["code"], &v[0]["uses"]),
        (&"SPRING".into(), &1.into()),
        "{v}"
    );
    env.ok(&["settle"]);
    assert_eq!(
        earned(&env),
        1000,
        "order 2 earns, not the cancelled order 1"
    );
}

#[test]
fn a_code_issued_after_a_settle_earns_for_the_orders_it_claims_as_if_settled_once() {
    let rows = "1,bob@y.com,100.00,SAR,2026-03-01T10:00:00Z,SPRING,\n";
    let issue = [
        "code",
        "issue",
        "--program",
        "Ref",
        "--member",
        "amy@x.com",
        "--code",
        "spring",
    ];
    // Settled before the code existed, then again after.
    let stepwise = referral_shop(rows);
    import(&stepwise);
    stepwise.ok(&["--as-of", "2026-03-10", "settle"]);
    assert_eq!(earned(&stepwise), 0);
    stepwise.ok(&issue);
    assert_eq!(count(&stepwise, "SELECT COUNT(*) FROM settle_revisit"), 1);
    let v = stepwise.json(&["settle"]);
    assert_eq!(v["accrued"], 1, "{v}");
    assert_eq!(earned(&stepwise), 1000);
    assert_eq!(count(&stepwise, "SELECT COUNT(*) FROM settle_revisit"), 0);
    let v = stepwise.json(&["settle"]);
    assert_eq!(v["accrued"], 0, "a second run writes nothing: {v}");
    // Settled once, after the code.
    let once = referral_shop(rows);
    import(&once);
    once.ok(&issue);
    assert_eq!(count(&once, "SELECT COUNT(*) FROM settle_revisit"), 0);
    once.ok(&["settle"]);
    assert_eq!(earned(&once), 1000);
}

#[test]
fn an_order_with_a_revoked_code_earns_nothing_through_the_window() {
    let env = TestEnv::new();
    env.ok(&["init", "--currency", "SAR", "--timezone", "UTC"]);
    env.ok(&[
        "program",
        "create",
        "Aff",
        "--kind",
        "affiliate",
        "--reward",
        "10",
        "--every-order",
        "--window-days",
        "365",
        "--hold-days",
        "0",
    ]);
    env.ok(&[
        "member",
        "add",
        "--name",
        "Amy",
        "--email",
        "amy@x.com",
        "--kind",
        "partner",
    ]);
    env.ok(&[
        "--as-of",
        "2026-02-01",
        "code",
        "issue",
        "--program",
        "Aff",
        "--member",
        "amy@x.com",
        "--code",
        "AMY1",
    ]);
    let header = "order_id,customer_email,amount,currency,ordered_at,code\n";
    env.write(
        "w1.csv",
        &format!("{header}1,c1@y.com,100.00,SAR,2026-03-01T10:00:00Z,AMY1\n"),
    );
    env.write(
        "w2.csv",
        &format!(
            "{header}2,c1@y.com,100.00,SAR,2026-03-15T10:00:00Z,AMY1\n\
             3,c1@y.com,100.00,SAR,2026-03-16T10:00:00Z,\n"
        ),
    );
    env.ok(&["--as-of", "2026-03-02", "import", "orders", "w1.csv"]);
    env.ok(&["--as-of", "2026-03-10", "code", "revoke", "AMY1"]);
    let v = env.json(&["import", "orders", "w2.csv"]);
    assert_eq!(v["revoked_code_orders"], 1, "{v}");
    env.ok(&["settle"]);
    // Order 1 through the code, order 3 (no code) through the window; order 2 nothing.
    let paid: Vec<String> = {
        let conn = rusqlite::Connection::open(&env.db).unwrap();
        conn.prepare("SELECT order_id FROM ledger WHERE kind = 'accrual' ORDER BY order_id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(paid, vec!["1".to_string(), "3".to_string()]);
}

#[test]
fn a_revocation_cannot_be_dated_before_orders_already_using_the_code() {
    let env = referral_shop("1,c1@y.com,100.00,SAR,2026-03-05T10:00:00Z,AMY1,\n");
    env.ok(&[
        "--as-of",
        "2026-02-01",
        "code",
        "issue",
        "--program",
        "Ref",
        "--member",
        "amy@x.com",
        "--code",
        "AMY1",
    ]);
    import(&env);
    let before = env.snapshot();
    // Order 1 would keep earning while a later import of an order of 03-05 would not.
    let (code, _, err) = env.run(&["--as-of", "2026-03-01", "code", "revoke", "AMY1"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("has orders up to 2026-03-05T10:00:00Z already imported"),
        "{err}"
    );
    assert_eq!(env.snapshot(), before);
    let v = env.json(&["--as-of", "2026-03-06", "code", "revoke", "AMY1"]);
    assert_eq!(v["revoked_at"], "2026-03-06T23:59:59Z");
}

#[test]
fn a_points_program_issues_no_codes() {
    let env = TestEnv::new();
    env.ok(&["init", "--currency", "SAR"]);
    env.ok(&[
        "program",
        "create",
        "Pts",
        "--kind",
        "points",
        "--points-per-unit",
        "1",
    ]);
    env.ok(&["member", "add", "--name", "P", "--email", "p@x.com"]);
    let before = env.snapshot();
    let (code, _, err) = env.run(&["code", "issue", "--program", "Pts", "--member", "p@x.com"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("is a points program"), "{err}");
    assert_eq!(env.snapshot(), before);
}
