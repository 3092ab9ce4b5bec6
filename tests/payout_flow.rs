//! Payouts end to end: batching, left-out members, exports checked cell by cell, status moves,
//! a failed payout returning money, and a refund after payout carried as a negative balance.

mod common;
mod payout_fixture;
use common::TestEnv;
use payout_fixture::Fx;
use serde_json::{Value, json};

struct Ids {
    alice: i64,
    bob: i64,
}

const AVAILABLE: &str = "2026-03-01T00:00:00Z";

fn scenario() -> (TestEnv, Fx, Ids) {
    let env = TestEnv::new();
    env.ok(&["init", "--currency", "SAR"]);
    let fx = Fx::open(&env.db);
    let p = fx.program("Friends", "referral", "SAR");
    let k = fx.program("Partners", "affiliate", "KWD");
    let alice = fx.member("alice@x.sa", "Alice", Some("paypal"), Some("alice.pp@x.sa"));
    let bob = fx.member(
        "bob@x.sa",
        "=HYPERLINK(\"http://evil\")",
        Some("bank"),
        Some("SA0380000000608010167519"),
    );
    fx.member("carol@x.sa", "Carol", Some("store-credit"), None);
    let dave = fx.member("dave@x.sa", "Dave", Some("bank"), Some("SA01"));
    let erin = fx.member("erin@x.sa", "Erin", Some("bank"), Some("SA02"));
    let frank = fx.member("frank@x.sa", "Frank", None, None);
    let gina = fx.member("gina@x.sa", "Gina", Some("bank"), Some("SA05"));
    let hank = fx.member("hank@x.sa", "Hank", Some("bank"), Some("SA06"));
    let kim = fx.member("kim@x.kw", "Kim", Some("paypal"), Some("kim.pp@x.kw"));
    fx.block(dave);
    let acc = |m: i64, amount: i64, order: &str| {
        fx.money(
            m,
            p,
            "accrual",
            "SAR",
            amount,
            "2026-02-01T00:00:00Z",
            AVAILABLE,
            ("order", order),
            order,
        )
    };
    acc(alice, 5000, "O1");
    fx.money(
        alice,
        p,
        "accrual",
        "SAR",
        2000,
        "2026-03-30T00:00:00Z",
        "2026-04-13T00:00:00Z",
        ("order", "O2"),
        "O2",
    );
    acc(bob, 12345, "O3");
    acc(dave, 4000, "O4");
    acc(erin, 4000, "O5");
    fx.held_review(erin, p, "O6", "SAR", 900, "velocity");
    acc(frank, 4000, "O7");
    acc(gina, 1000, "O8");
    fx.money(
        gina,
        p,
        "reversal",
        "SAR",
        -1500,
        "2026-02-10T00:00:00Z",
        "2026-02-10T00:00:00Z",
        ("return", "R8"),
        "O8",
    );
    acc(hank, 500, "O9");
    fx.money(
        kim,
        k,
        "accrual",
        "KWD",
        12345,
        "2026-02-01T00:00:00Z",
        AVAILABLE,
        ("order", "K1"),
        "K1",
    );
    env.ok(&[
        "adjust",
        "carol@x.sa",
        "30",
        "--reason",
        "store credit promised",
    ]);
    (env, fx, Ids { alice, bob })
}

fn batch<'a>(batches: &'a Value, currency: &str, method: &str) -> &'a Value {
    batches
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["currency"] == currency && b["method"] == method)
        .unwrap_or_else(|| panic!("no {currency} {method} batch in {batches}"))
}

fn id_of(b: &Value) -> String {
    b["id"].as_i64().unwrap().to_string()
}

#[test]
fn create_batches_per_currency_and_method_and_never_twice() {
    let (env, fx, _) = scenario();
    let (code, out, err) = env.run(&["--format", "json", "payout", "create", "--min", "10"]);
    assert_eq!(code, 0, "{err}");
    let batches: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(batches.as_array().unwrap().len(), 4, "{batches}");
    let kwd = batch(&batches, "KWD", "paypal");
    assert_eq!(kwd["total"], "12.345");
    assert_eq!(
        kwd["members"],
        json!([{"member_email": "kim@x.kw", "amount": "12.345", "amount_minor": 12345}])
    );
    assert_eq!(
        batch(&batches, "SAR", "bank")["members"][0]["member_email"],
        "bob@x.sa"
    );
    assert_eq!(batch(&batches, "SAR", "bank")["total"], "123.45");
    assert_eq!(
        batch(&batches, "SAR", "paypal")["total"],
        "50.00",
        "pending money is not paid"
    );
    assert_eq!(batch(&batches, "SAR", "store-credit")["total"], "30.00");
    for (who, why) in [
        ("dave@x.sa", "blocked"),
        ("erin@x.sa", "rewards held for review"),
        ("frank@x.sa", "no payout method"),
        ("gina@x.sa", "negative balance carried"),
        ("hank@x.sa", "below minimum"),
    ] {
        assert!(
            err.lines().any(|l| l.contains(who) && l.contains(why)),
            "{who}: {why}\n{err}"
        );
    }
    // Ledger: one negative payout row per paid member, in the same run as the batches.
    assert_eq!(
        fx.count("SELECT COUNT(*) FROM ledger WHERE kind = 'payout'"),
        4
    );
    assert_eq!(
        fx.count(
            "SELECT -SUM(amount_minor) FROM ledger WHERE kind = 'payout' AND currency = 'SAR'"
        ),
        20345
    );
    assert_eq!(fx.count("SELECT COUNT(DISTINCT run_id) FROM payouts"), 1);
    assert_eq!(
        fx.count("SELECT COUNT(*) FROM runs WHERE command = 'payout'"),
        1
    );
    // Gina's negative balance stays.
    let g = env.json(&["balance", "gina@x.sa"]);
    assert_eq!(g[0]["available"], "-5.00");
    let a = env.json(&["balance", "alice@x.sa"]);
    assert_eq!(
        (
            a[0]["pending"].as_str(),
            a[0]["available"].as_str(),
            a[0]["in_payout"].as_str(),
            a[0]["paid"].as_str()
        ),
        (Some("20.00"), Some("0.00"), Some("50.00"), Some("0.00")),
        "batched, not paid yet"
    );

    // The same money is never batched twice.
    let before = env.snapshot();
    let again = env.json(&["payout", "create", "--min", "10"]);
    assert_eq!(again, json!([]));
    assert_eq!(env.snapshot(), before, "nothing due writes nothing");

    // The table view lists batches and who was left out.
    let table = env.ok(&["payout", "create", "--min", "10"]);
    assert!(
        table.contains("left_out") && table.contains("gina@x.sa"),
        "{table}"
    );

    let list = env.json(&["payout", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 4);
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .all(|b| b["status"] == "created")
    );
}

#[test]
fn bad_min_is_a_usage_error() {
    let (env, _, _) = scenario();
    let before = env.snapshot();
    let (code, _, err) = env.run(&["payout", "create", "--min", "1.001", "--currency", "SAR"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, _) = env.run(&["payout", "create", "--min", "-5"]);
    assert_eq!(code, 2);
    assert_eq!(env.snapshot(), before);
    // --currency limits the batches.
    let only = env.json(&["payout", "create", "--currency", "KWD"]);
    assert_eq!(only.as_array().unwrap().len(), 1);
    assert_eq!(only[0]["currency"], "KWD");
}

#[test]
fn export_csv_and_paypal_cell_by_cell_without_touching_the_ledger() {
    let (env, fx, ids) = scenario();
    let batches = env.json(&["payout", "create", "--min", "10"]);
    let bank = id_of(batch(&batches, "SAR", "bank"));
    let pp = id_of(batch(&batches, "SAR", "paypal"));
    let ledger_before = fx.count("SELECT COUNT(*) FROM ledger");

    // The database itself is never an export target.
    let before = env.snapshot();
    let db = env.db.display().to_string();
    let (code, _, err) = env.run(&["payout", "export", &bank, "--to", "csv", "-o", &db]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("is the database"), "{err}");
    assert_eq!(env.snapshot(), before);

    env.ok(&["payout", "export", &bank, "--to", "csv", "-o", "bank.csv"]);
    let text = std::fs::read_to_string(env.path("bank.csv")).unwrap();
    let mut rdr = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "payout_id",
            "member_email",
            "member_name",
            "payout_method",
            "payout_account",
            "currency",
            "amount",
            "entries",
            "period_end",
            "reference"
        ]
    );
    let rows: Vec<Vec<String>> = rdr
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    assert_eq!(
        rows,
        vec![vec![
            bank.clone(),
            "bob@x.sa".into(),
            "'=HYPERLINK(\"http://evil\")".into(),
            "bank".into(),
            "SA0380000000608010167519".into(),
            "SAR".into(),
            "123.45".into(),
            "1".into(),
            "2026-03-31".into(),
            format!("RW-{bank}-{}", ids.bob),
        ]]
    );
    assert_eq!(
        fx.count("SELECT COUNT(*) FROM ledger"),
        ledger_before,
        "export writes no ledger row"
    );
    let show = env.json(&["payout", "show", &bank]);
    assert_eq!(show["status"], "exported");
    assert_eq!(
        (&show["minimum"], &show["minimum_minor"]),
        (&"10.00".into(), &1000.into())
    );
    assert_eq!(
        show["items"][0]["reference"],
        format!("RW-{bank}-{}", ids.bob)
    );
    // Exporting again gives the same file and keeps the status.
    let again = env.ok(&["payout", "export", &bank]);
    assert_eq!(again, text);

    // PayPal: only for a PayPal batch; no header; the contract's column order.
    let before = env.snapshot();
    let (code, _, err) = env.run(&["payout", "export", &bank, "--to", "paypal"]);
    assert_eq!(code, 1);
    assert!(err.contains("not PayPal"), "{err}");
    assert_eq!(env.snapshot(), before);
    let out = env.ok(&["payout", "export", &pp, "--to", "paypal"]);
    assert_eq!(
        out,
        format!(
            "alice.pp@x.sa,50.00,SAR,RW-{pp}-{},Rewards payout {pp},PAYPAL\n",
            ids.alice
        )
    );
    let kwd = id_of(batch(&batches, "KWD", "paypal"));
    let v = env.json(&["payout", "export", &kwd, "--to", "paypal", "-o", "kwd.csv"]);
    assert_eq!(v["files"], json!(["kwd.csv"]));
    let kwd_file = std::fs::read_to_string(env.path("kwd.csv")).unwrap();
    assert!(
        kwd_file.starts_with("kim.pp@x.kw,12.345,KWD,"),
        "{kwd_file}"
    );
    assert_eq!(fx.count("SELECT COUNT(*) FROM ledger"), ledger_before);
    let (code, _, _) = env.run(&["payout", "export", "999"]);
    assert_eq!(code, 1);
}

#[test]
fn paypal_files_split_above_5000_rows() {
    let env = TestEnv::new();
    env.ok(&["init", "--currency", "USD"]);
    let fx = Fx::open(&env.db);
    let p = fx.program("Big", "affiliate", "USD");
    fx.conn.execute_batch("BEGIN").unwrap();
    for i in 0..5003 {
        let m = fx.member(
            &format!("m{i:05}@x.com"),
            "M",
            Some("paypal"),
            Some(&format!("pp{i:05}@x.com")),
        );
        fx.money(
            m,
            p,
            "accrual",
            "USD",
            100 + i,
            "2026-02-01T00:00:00Z",
            AVAILABLE,
            ("order", &format!("O{i}")),
            &format!("O{i}"),
        );
    }
    fx.conn.execute_batch("COMMIT").unwrap();
    let batches = env.json(&["payout", "create"]);
    let id = id_of(&batches[0]);
    let (code, _, err) = env.run(&["payout", "export", &id, "--to", "paypal"]);
    assert_eq!(code, 2, "stdout cannot hold two files: {err}");
    let (code, _, err) = env.run(&["payout", "export", &id, "--to", "paypal", "-o", "mass.csv"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("wrote 2 files") && err.contains("mass-1.csv, mass-2.csv"),
        "{err}"
    );
    let one = std::fs::read_to_string(env.path("mass-1.csv")).unwrap();
    let two = std::fs::read_to_string(env.path("mass-2.csv")).unwrap();
    assert_eq!(one.lines().count(), 5000);
    assert_eq!(two.lines().count(), 3);
    assert!(one.starts_with("pp00000@x.com,1.00,USD,"), "{}", &one[..60]);
    assert!(
        two.lines()
            .last()
            .unwrap()
            .starts_with("pp05002@x.com,51.02,USD,")
    );
}

#[test]
fn status_moves_failed_money_returns_and_refunds_after_payout_are_carried() {
    let (env, fx, _) = scenario();
    let batches = env.json(&["payout", "create", "--min", "10"]);
    let bank = id_of(batch(&batches, "SAR", "bank"));
    let pp = id_of(batch(&batches, "SAR", "paypal"));

    // A batch nobody exported cannot be paid or failed: the message names the export command.
    let before = env.snapshot();
    for args in [
        vec!["payout", "mark-paid", &bank[..], "--reference", "TRX-77"],
        vec!["payout", "mark-failed", &bank[..], "--reason", "oops"],
    ] {
        let (code, _, err) = env.run(&args);
        assert_eq!(code, 1, "{args:?}");
        assert!(
            err.contains("is created") && err.contains(&format!("`rewards payout export {bank}`")),
            "{err}"
        );
    }
    assert_eq!(env.snapshot(), before, "refused moves change nothing");

    // created -> exported -> paid; paid is final.
    env.ok(&["payout", "export", &bank]);
    let v = env.json(&["payout", "mark-paid", &bank, "--reference", "TRX-77"]);
    assert_eq!(
        (v["status"].as_str(), v["reference"].as_str()),
        (Some("paid"), Some("TRX-77"))
    );
    let before = env.snapshot();
    let (code, _, err) = env.run(&["payout", "mark-failed", &bank, "--reason", "oops"]);
    assert_eq!(code, 1);
    assert!(err.contains("is paid") && err.contains("final"), "{err}");
    let (code, _, _) = env.run(&["payout", "mark-paid", &bank]);
    assert_eq!(code, 1);
    assert_eq!(env.snapshot(), before, "refused moves change nothing");

    // exported -> failed: the money comes back as new ledger rows, available at once.
    env.ok(&["payout", "export", &pp, "--to", "paypal"]);
    env.ok(&["payout", "mark-failed", &pp, "--reason", "account closed"]);
    let a = env.json(&["balance", "alice@x.sa"]);
    assert_eq!(
        (
            a[0]["available"].as_str(),
            a[0]["paid"].as_str(),
            a[0]["in_payout"].as_str(),
            a[0]["pending"].as_str()
        ),
        (Some("50.00"), Some("0.00"), Some("0.00"), Some("20.00"))
    );
    assert_eq!(fx.count("SELECT COUNT(*) FROM ledger WHERE kind = 'payout_return' AND cause_id = (SELECT MAX(id) FROM payouts WHERE status = 'failed')"), 1);
    for args in [["mark-paid", &pp[..]], ["export", &pp[..]]] {
        let (code, _, err) = env.run(&["payout", args[0], args[1]]);
        assert_eq!(code, 1, "{args:?}");
        assert!(err.contains("is failed"), "{err}");
    }
    let show = env.json(&["payout", "show", &pp]);
    assert_eq!(show["failure_reason"], "account closed");

    // A partial refund after payout: a reversal carried as a negative balance, never paid.
    let p: i64 = fx.count("SELECT id FROM programs WHERE name = 'Friends'");
    let bob: i64 = fx.count("SELECT id FROM members WHERE email = 'bob@x.sa'");
    fx.money(
        bob,
        p,
        "reversal",
        "SAR",
        -15000,
        "2026-03-30T00:00:00Z",
        "2026-03-30T00:00:00Z",
        ("return", "R3"),
        "O3",
    );
    let b = env.json(&["balance", "bob@x.sa"]);
    assert_eq!(
        (b[0]["available"].as_str(), b[0]["paid"].as_str()),
        (Some("-150.00"), Some("123.45"))
    );

    // The next run pays Alice's returned money again and carries Bob's debt.
    let (code, out, err) = env.run(&["--format", "json", "payout", "create", "--min", "10"]);
    assert_eq!(code, 0);
    let next: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(next.as_array().unwrap().len(), 1, "{next}");
    assert_eq!(next[0]["members"][0]["member_email"], "alice@x.sa");
    assert_eq!(next[0]["total"], "50.00");
    assert!(
        err.contains("bob@x.sa (-150.00 SAR): negative balance carried"),
        "{err}"
    );
    let show = env.json(&["payout", "show", &id_of(&next[0])]);
    assert_eq!(
        show["items"][0]["entries"], 1,
        "only the payout_return since the last payout"
    );
}

#[test]
fn two_payout_runs_at_once_never_batch_the_same_money_twice() {
    let (env, fx, _) = scenario();
    let spawn = || {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("rewards"))
            .current_dir(env.dir.path())
            .env("REWARDS_DB", &env.db)
            .env("REWARDS_NOW", &env.now)
            .args(["--format", "json", "payout", "create", "--min", "10"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn")
    };
    let children = [spawn(), spawn(), spawn()];
    let mut batches = 0;
    for child in children {
        let out = child.wait_with_output().expect("wait");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        batches += v.as_array().unwrap().len();
    }
    assert_eq!(batches, 4, "exactly one run made the batches");
    assert_eq!(fx.count("SELECT COUNT(*) FROM payouts"), 4);
    assert_eq!(
        fx.count("SELECT COUNT(*) FROM ledger WHERE kind = 'payout'"),
        4
    );
    assert_eq!(
        fx.count("SELECT COUNT(*) FROM (SELECT member_id FROM payout_items GROUP BY member_id HAVING COUNT(*) > 1)"),
        0
    );
}

/// One member who earned 10.00 SAR, available from 2025-01-05 (an adjustment, whose cause
/// exists, so `verify` passes on the untouched state).
fn ten_earned() -> (TestEnv, Fx, i64) {
    let env = TestEnv::new();
    env.ok(&["init", "--currency", "SAR"]);
    let fx = Fx::open(&env.db);
    let m = fx.member("zed@x.sa", "Zed", Some("bank"), Some("SA09"));
    env.ok(&[
        "--as-of",
        "2025-01-05",
        "adjust",
        "zed@x.sa",
        "10",
        "--reason",
        "earned",
    ]);
    (env, fx, m)
}

#[test]
fn a_backdated_payout_create_is_refused_and_never_batches_money_again() {
    let (env, fx, _) = ten_earned();
    let first = env.json(&["--as-of", "2025-02-12", "payout", "create"]);
    assert_eq!(first[0]["total"], "10.00");
    for day in ["2025-02-11", "2025-01-07"] {
        let before = env.snapshot();
        let (code, _, err) = env.run(&["--as-of", day, "payout", "create"]);
        assert_eq!(code, 1, "{day}: {err}");
        assert!(
            err.contains("backdated") && err.contains("batch 1"),
            "{err}"
        );
        assert_eq!(env.snapshot(), before, "a refused create writes nothing");
    }
    assert_eq!(fx.count("SELECT COUNT(*) FROM payouts"), 1);
    let b = env.json(&["--as-of", "2025-02-13", "balance", "zed@x.sa"]);
    assert_eq!(b[0]["available"], "0.00");
    // A later run finds nothing more to pay.
    let (code, out, _) = env.run(&[
        "--as-of",
        "2025-02-13",
        "--format",
        "json",
        "payout",
        "create",
    ]);
    assert_eq!(code, 0);
    assert_eq!(out.trim(), "[]");
    assert_eq!(fx.count("SELECT COUNT(*) FROM payouts"), 1);
}

#[test]
fn candidates_count_every_payout_row_whatever_its_date() {
    // Even without the backdating guard (a batch whose period end is later than its payout
    // row, e.g. written by another version), money batched later is not available earlier.
    let (env, fx, m) = ten_earned();
    env.ok(&["--as-of", "2025-02-12", "payout", "create"]);
    fx.conn
        .execute("UPDATE payouts SET period_end = '2025-01-01T00:00:00Z'", [])
        .unwrap();
    let (code, out, err) = env.run(&[
        "--as-of",
        "2025-01-07",
        "--format",
        "json",
        "payout",
        "create",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out.trim(),
        "[]",
        "nothing is due: the 10.00 is already batched"
    );
    assert_eq!(
        fx.count(&format!(
            "SELECT -SUM(amount_minor) FROM ledger WHERE kind = 'payout' AND member_id = {m}"
        )),
        1000
    );
}

fn failed_checks(env: &TestEnv) -> Vec<String> {
    let (code, out, err) = env.run(&["--format", "json", "verify"]);
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|_| panic!("{out} {err}"));
    let failed: Vec<String> = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["ok"] == false)
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(code, if failed.is_empty() { 0 } else { 1 }, "{err}");
    for name in &failed {
        assert!(err.contains(name.as_str()), "{err}");
    }
    failed
}

#[test]
fn verify_catches_money_batched_twice_and_batches_out_of_step_with_the_ledger() {
    let (env, fx, m) = ten_earned();
    env.ok(&["--as-of", "2025-02-12", "payout", "create"]);
    let pp = env.json(&["--as-of", "2025-02-12", "payout", "create"]);
    assert_eq!(pp.as_array().unwrap().len(), 0);
    assert_eq!(failed_checks(&env), Vec::<String>::new());

    // The state the old bug left: a second, backdated batch of the same 10.00, written by hand.
    fx.conn
        .execute_batch(&format!(
            "INSERT INTO payouts(currency, method, total_minor, min_minor, period_end, created_at, run_id)
               VALUES ('SAR', 'bank', 1000, 1, '2025-01-07T00:00:00Z', '2025-01-07T00:00:00Z', 1);
             INSERT INTO payout_items(payout_id, member_id, amount_minor, entries) VALUES (2, {m}, 1000, 1);
             INSERT INTO ledger(run_id, member_id, kind, currency, amount_minor, effective_at, available_at,
                                cause_type, cause_id, created_at)
               VALUES (1, {m}, 'payout', 'SAR', -1000, '2025-01-07T00:00:00Z', '2025-01-07T00:00:00Z',
                       'payout', '2', '2025-01-07T00:00:00Z');"
        ))
        .unwrap();
    assert_eq!(failed_checks(&env), vec!["payouts_within_available"]);
    let (_, out, _) = env.run(&["--format", "json", "verify"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let detail = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "payouts_within_available")
        .unwrap()["detail"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(detail.contains("of 1000 with 0 available"), "{detail}");
}

#[test]
fn verify_checks_batch_totals_items_and_failed_returns() {
    let (env, fx, _) = ten_earned();
    env.ok(&["--as-of", "2025-02-12", "payout", "create"]);
    assert_eq!(failed_checks(&env), Vec::<String>::new());
    // A total that is not its items' sum.
    fx.conn
        .execute("UPDATE payouts SET total_minor = 900", [])
        .unwrap();
    assert_eq!(failed_checks(&env), vec!["payout_rows_match_batches"]);
    fx.conn
        .execute("UPDATE payouts SET total_minor = 1000", [])
        .unwrap();
    // A batch marked failed by hand, without giving the money back.
    fx.conn
        .execute("UPDATE payouts SET status = 'failed'", [])
        .unwrap();
    assert_eq!(failed_checks(&env), vec!["payout_returns_match_failures"]);
    // Failing it properly writes the returns; verify passes again.
    fx.conn
        .execute("UPDATE payouts SET status = 'exported'", [])
        .unwrap();
    env.ok(&[
        "--as-of",
        "2025-02-13",
        "payout",
        "mark-failed",
        "1",
        "--reason",
        "bounced",
    ]);
    assert_eq!(failed_checks(&env), Vec::<String>::new());
    // A return for a batch that did not fail.
    fx.conn
        .execute("UPDATE payouts SET status = 'paid'", [])
        .unwrap();
    assert_eq!(failed_checks(&env), vec!["payout_returns_match_failures"]);
}

#[test]
fn balance_paid_counts_only_batches_marked_paid_and_in_payout_the_rest() {
    let (env, _fx, _) = ten_earned();
    let sums = |day: &str| {
        let b = env.json(&["--as-of", day, "balance", "zed@x.sa"]);
        (
            b[0]["available"].as_str().unwrap().to_string(),
            b[0]["in_payout"].as_str().unwrap().to_string(),
            b[0]["paid"].as_str().unwrap().to_string(),
            b[0]["in_payout_minor"].as_i64().unwrap(),
        )
    };
    let t = |a: &str, i: &str, p: &str, im: i64| (a.to_string(), i.to_string(), p.to_string(), im);
    assert_eq!(sums("2025-02-12"), t("10.00", "0.00", "0.00", 0));
    env.ok(&["--as-of", "2025-02-12", "payout", "create"]);
    assert_eq!(sums("2025-02-12"), t("0.00", "10.00", "0.00", 1000));
    env.ok(&["--as-of", "2025-02-13", "payout", "export", "1"]);
    assert_eq!(sums("2025-02-13"), t("0.00", "10.00", "0.00", 1000));
    env.ok(&["--as-of", "2025-02-20", "payout", "mark-paid", "1"]);
    // As of a day before it was marked paid, the money was still in payout.
    assert_eq!(sums("2025-02-15"), t("0.00", "10.00", "0.00", 1000));
    assert_eq!(sums("2025-02-21"), t("0.00", "0.00", "10.00", 0));
    // The statement carries the same fields.
    let st = env.json(&["--as-of", "2025-02-21", "balance", "--member", "zed@x.sa"]);
    assert_eq!(
        (
            st["balances"][0]["paid"].as_str(),
            st["balances"][0]["in_payout"].as_str()
        ),
        (Some("10.00"), Some("0.00"))
    );
    // And so does `member show`, as of each day.
    let shown = |day: &str| {
        let m = env.json(&["--as-of", day, "member", "show", "zed@x.sa"]);
        let b = &m["balances"][0];
        [&b["available"], &b["paid"], &b["in_payout"]].map(|v| v.as_str().unwrap().to_string())
    };
    assert_eq!(shown("2025-02-15"), ["0.00", "0.00", "10.00"]);
    assert_eq!(shown("2025-02-21"), ["0.00", "10.00", "0.00"]);
}

#[test]
fn report_summary_and_members_split_paid_from_in_payout() {
    let (env, _fx, _) = ten_earned();
    env.ok(&["--as-of", "2025-02-12", "payout", "create"]);
    let row = |cmd: &str, day: &str| {
        let v = env.json(&["--as-of", day, "report", cmd]);
        let r = &v[0];
        (
            r["paid"].as_str().unwrap().to_string(),
            r["in_payout"].as_str().unwrap().to_string(),
        )
    };
    let t = |p: &str, i: &str| (p.to_string(), i.to_string());
    assert_eq!(row("summary", "2025-02-12"), t("0.00", "10.00"));
    assert_eq!(row("members", "2025-02-12"), t("0.00", "10.00"));
    env.ok(&["--as-of", "2025-02-13", "payout", "export", "1"]);
    env.ok(&["--as-of", "2025-02-14", "payout", "mark-paid", "1"]);
    assert_eq!(row("summary", "2025-02-14"), t("10.00", "0.00"));
    assert_eq!(row("members", "2025-02-14"), t("10.00", "0.00"));
    assert_eq!(row("summary", "2025-02-13"), t("0.00", "10.00"));
}

/// A batch's steps cannot be dated before the batch: no export before it was created, no
/// payment or failure before its export. Each refusal (exit 2) changes nothing.
#[test]
fn a_batch_is_not_exported_or_paid_before_it_exists() {
    let (env, _fx, _ids) = scenario();
    let batches = env.json(&["--as-of", "2026-04-30", "payout", "create", "--min", "10"]);
    let bank = id_of(batch(&batches, "SAR", "bank"));
    let before = env.snapshot();
    let (code, _, err) = env.run(&["--as-of", "2026-04-01", "payout", "export", &bank]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("cannot be exported") && err.contains("earlier"),
        "{err}"
    );
    assert_eq!(env.snapshot(), before);
    env.ok(&["--as-of", "2026-05-02", "payout", "export", &bank]);
    let before = env.snapshot();
    for args in [
        vec!["--as-of", "2026-05-01", "payout", "mark-paid", &bank],
        vec![
            "--as-of",
            "2026-05-01",
            "payout",
            "mark-failed",
            &bank,
            "--reason",
            "bounced",
        ],
    ] {
        let (code, _, err) = env.run(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains("was exported as of"), "{err}");
        assert_eq!(env.snapshot(), before);
    }
    let paid = env.json(&["--as-of", "2026-05-03", "payout", "mark-paid", &bank]);
    assert_eq!(paid["status"], "paid");
    assert!(
        paid["paid_at"].as_str().unwrap().starts_with("2026-05-03"),
        "{paid}"
    );
}

/// A later batch counts the entries its amount sums, including a reward that was still
/// pending at the member's previous payout (alice's O2: 20.00, one entry, not 0).
#[test]
fn entries_count_rewards_that_matured_after_the_last_payout() {
    let (env, _fx, _ids) = scenario();
    let first = env.json(&["payout", "create", "--currency", "SAR"]);
    assert!(!first.as_array().unwrap().is_empty());
    let later = env.json(&[
        "--as-of",
        "2026-04-20",
        "payout",
        "create",
        "--currency",
        "SAR",
    ]);
    let batch = later.as_array().unwrap().iter().find(|b| {
        b["members"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["member_email"] == "alice@x.sa")
    });
    let id = batch.expect("alice in a later batch")["id"].to_string();
    let show = env.json(&["payout", "show", &id]);
    let alice = show["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["member_email"] == "alice@x.sa")
        .unwrap()
        .clone();
    assert_eq!(
        (&alice["amount"], &alice["entries"]),
        (&"20.00".into(), &1.into()),
        "{alice}"
    );
}

/// Money a failed batch gave back is not available before the failure: a batch as of an
/// earlier moment is refused (it batched the money twice before).
#[test]
fn a_batch_before_a_later_failure_is_refused() {
    let (env, _fx, _ids) = scenario();
    let batches = env.json(&["--as-of", "2026-04-30", "payout", "create", "--min", "10"]);
    let bank = id_of(batch(&batches, "SAR", "bank"));
    env.ok(&["--as-of", "2026-04-30", "payout", "export", &bank]);
    env.ok(&[
        "--as-of",
        "2026-05-20",
        "payout",
        "mark-failed",
        &bank,
        "--reason",
        "bounced",
    ]);
    let before = env.snapshot();
    let (code, _, err) = env.run(&["--as-of", "2026-05-10", "payout", "create"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("failed as of") && err.contains("backdated"),
        "{err}"
    );
    assert_eq!(env.snapshot(), before);
    let again = env.json(&["--as-of", "2026-05-21", "payout", "create", "--min", "10"]);
    assert!(!again.as_array().unwrap().is_empty());
}

#[test]
fn a_payout_waits_for_returns_imported_but_not_settled() {
    let env = TestEnv::new();
    env.friends_shop(&[
        "--payout-method",
        "paypal",
        "--payout-account",
        "sara.pp@example.com",
    ]);
    env.write(
        "o.csv",
        "order_id,customer_email,amount,currency,ordered_at,code\n\
         A1,friend@example.com,200.00,SAR,2026-02-01T10:00:00,SARA\n",
    );
    env.write(
        "r.csv",
        "return_id,order_id,amount,returned_at\nR1,A1,200.00,2026-03-06T10:00:00\n",
    );
    env.ok(&["import", "orders", "o.csv"]);
    env.ok(&["--as-of", "2026-03-05", "settle"]);
    env.ok(&["import", "returns", "r.csv"]);
    // The 10.00 is available, but the full return imported since takes it back: no batch.
    let before = env.snapshot();
    let (code, _, err) = env.run(&["--as-of", "2026-03-10", "payout", "create"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("return R1 of order A1"), "{err}");
    assert!(err.contains("not settled yet"), "{err}");
    assert_eq!(env.snapshot(), before);
    // A batch before the return is still fine; after settle nothing is due.
    let b = env.json(&["--as-of", "2026-03-06T09:00:00Z", "payout", "create"]);
    assert_eq!(b[0]["total"], "10.00", "{b}");
    env.ok(&["--as-of", "2026-03-10", "settle"]);
    let b = env.json(&["--as-of", "2026-03-10", "payout", "create"]);
    assert_eq!(b, serde_json::json!([]), "{b}");
    let bal = env.json(&["--as-of", "2026-03-10", "balance", "sara@example.com"]);
    assert_eq!(bal[0]["available"], "-10.00", "{bal}");
    // A payout file that cannot be written whole records no export.
    let export = [
        "--as-of",
        "2026-03-10",
        "payout",
        "export",
        "1",
        "--to",
        "paypal",
    ];
    let (code, err) = env.run_with_stdout(&export, TestEnv::full_disk());
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("the export was not recorded"), "{err}");
    let b = env.json(&["payout", "show", "1"]);
    assert_eq!(b["status"], "created", "{b}");
    // Nor one whose reader went away (`| head`, an upload that died).
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let (code, err) = env.run_with_stdout(&export, writer);
    assert_eq!(code, 1, "{err}");
    let b = env.json(&["payout", "show", "1"]);
    assert_eq!(b["status"], "created", "{b}");
}
