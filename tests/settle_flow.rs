//! The engine driven through the real commands: init, program, member, code, import, settle,
//! balance, explain, verify.

mod common;

use common::TestEnv;

#[test]
fn imported_orders_and_returns_settle_and_trace_back_to_their_lines() {
    let env = TestEnv::new();
    env.ok(&["init", "--currency", "SAR", "--timezone", "UTC"]);
    env.ok(&[
        "program",
        "create",
        "Friends",
        "--kind",
        "referral",
        "--reward",
        "10%",
        "--hold-days",
        "14",
    ]);
    env.ok(&[
        "member",
        "add",
        "--name",
        "Sara",
        "--email",
        "sara@example.com",
    ]);
    env.ok(&[
        "code",
        "issue",
        "--program",
        "Friends",
        "--member",
        "sara@example.com",
        "--code",
        "SARA",
    ]);
    env.write(
        "orders.csv",
        "order_id,customer_email,amount,currency,ordered_at,code\n\
         1,friend@example.com,300.00,SAR,2026-01-10T10:00:00,sara\n\
         2,sara@example.com,100.00,SAR,2026-01-11T10:00:00,SARA\n\
         3,friend@example.com,50.00,SAR,2026-01-12T10:00:00,SARA\n",
    );
    env.write(
        "returns.csv",
        "return_id,order_id,amount,returned_at\nRET-1,1,100.00,2026-01-15T10:00:00\n",
    );
    env.ok(&["import", "orders", "orders.csv"]);
    env.ok(&["import", "returns", "returns.csv"]);
    let v = env.json(&["settle", "--as-of", "2026-02-28"]);
    // Order 1: 10% of 300.00 = 30.00, less round(30.00 x 100/300) = 10.00 returned. Order 2 is a
    // self-referral; order 3 is not the friend's first order.
    assert_eq!(v["accrued"], 1);
    assert_eq!(v["reversed"], 1);
    assert_eq!(v["totals"][0]["available"], "20.00");
    let again = env.json(&["settle", "--as-of", "2026-02-28"]);
    assert_eq!(again["accrued"], 0);
    assert_eq!(again["reversed"], 0);
    let e = env.json(&["explain", "--order", "1"]);
    assert_eq!(e["source"], "orders.csv:2");
    assert_eq!(e["entries"][0]["amount"], "30.00");
    assert_eq!(e["entries"][1]["amount"], "-10.00");
    assert_eq!(e["entries"][1]["source"], "returns.csv:2");
    let e = env.json(&["explain", "--order", "2"]);
    assert!(
        e["decisions"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("self-referral")
    );
    assert_eq!(env.json(&["verify"])["ok"], true);
}

#[test]
fn points_from_imported_orders_and_activities_then_redeemed() {
    let env = TestEnv::new();
    env.ok(&["init", "--currency", "SAR"]);
    env.ok(&[
        "program",
        "create",
        "Points",
        "--kind",
        "points",
        "--points-per-unit",
        "2",
        "--points-expire-days",
        "60",
        "--hold-days",
        "0",
        "--action-points",
        "review=50",
    ]);
    env.write(
        "orders.csv",
        "order_id,customer_email,amount,currency,ordered_at\n\
         P1,Buyer@Example.com,99.99,SAR,2026-01-10T10:00:00\n",
    );
    env.write(
        "activities.csv",
        "customer_email,action,occurred_at,reference\nbuyer@example.com,review,2026-01-11T10:00:00,r1\n",
    );
    env.ok(&["import", "orders", "orders.csv"]);
    env.ok(&["import", "activities", "activities.csv"]);
    let v = env.json(&["settle", "--as-of", "2026-01-31"]);
    // floor(99.99) x 2 = 198 points, plus 50 for the review.
    assert_eq!(v["accrued"], 2);
    let (code, _, err) = env.run(&[
        "points",
        "redeem",
        "buyer@example.com",
        "249",
        "--as-of",
        "2026-01-31",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("only 248 points"), "{err}");
    let r = env.json(&[
        "points",
        "redeem",
        "buyer@example.com",
        "200",
        "--as-of",
        "2026-01-31",
    ]);
    assert_eq!(r["available_after"], 48);
    let rows = env.json(&["explain", "--member", "buyer@example.com"]);
    let last = rows.as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (last["kind"].as_str(), last["running_points"].as_i64()),
        (Some("points_redeem"), Some(48))
    );
    // Every row has every field: a points row's money fields are null, not missing or 0.
    let obj = last.as_object().unwrap();
    for field in [
        "amount",
        "amount_minor",
        "running_balance",
        "running_balance_minor",
    ] {
        assert_eq!(
            obj.get(field),
            Some(&serde_json::Value::Null),
            "{field}: {last}"
        );
    }
    // The 48 left of the review's points expire 60 days after 2026-01-11.
    let v = env.json(&["settle", "--as-of", "2026-04-30"]);
    assert_eq!(v["expired"], 1);
    assert_eq!(env.json(&["verify"])["ok"], true);
}

/// A points program with 100 points earned by v@x.com on 2026-03-01 (expiring after 10 days).
fn hundred_points(env: &TestEnv) {
    env.ok(&["init", "--currency", "SAR", "--timezone", "UTC"]);
    env.ok(&[
        "program",
        "create",
        "Points",
        "--kind",
        "points",
        "--points-per-unit",
        "1",
        "--points-expire-days",
        "10",
        "--hold-days",
        "0",
    ]);
    env.write(
        "orders.csv",
        "order_id,customer_email,amount,currency,ordered_at\n\
         P1,v@x.com,100.00,SAR,2026-03-01T10:00:00\n",
    );
    env.ok(&["import", "orders", "orders.csv"]);
    assert_eq!(env.json(&["settle", "--as-of", "2026-03-02"])["accrued"], 1);
}

fn points_sum(env: &TestEnv) -> i64 {
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.query_row("SELECT IFNULL(SUM(points), 0) FROM ledger", [], |r| {
        r.get(0)
    })
    .unwrap()
}

#[test]
fn an_earlier_as_of_cannot_redeem_the_same_points_twice() {
    let env = TestEnv::new();
    hundred_points(&env);
    let r = env.json(&[
        "--as-of",
        "2026-03-10",
        "points",
        "redeem",
        "v@x.com",
        "100",
    ]);
    assert_eq!(r["available_after"], 0);
    let before = env.snapshot();
    // Dated before the newest redemption: refused, nothing written.
    let (code, _, err) = env.run(&[
        "--as-of",
        "2026-03-05",
        "points",
        "redeem",
        "v@x.com",
        "100",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("already has a redemption dated"), "{err}");
    assert_eq!(env.snapshot(), before);
    assert_eq!(points_sum(&env), 0);
    // Nothing left at a later date either.
    let (code, _, err) = env.run(&["--as-of", "2026-03-10", "points", "redeem", "v@x.com", "1"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("only 0 points available"), "{err}");
    assert_eq!(points_sum(&env), 0);
    assert_eq!(env.json(&["verify"])["ok"], true);
}

#[test]
fn a_redemption_dated_before_an_expiry_already_written_is_refused() {
    let env = TestEnv::new();
    hundred_points(&env);
    // The 100 points expire on 2026-03-11T10:00Z.
    assert_eq!(env.json(&["settle", "--as-of", "2026-03-20"])["expired"], 1);
    assert_eq!(points_sum(&env), 0);
    let (code, _, err) = env.run(&[
        "--as-of",
        "2026-03-05",
        "points",
        "redeem",
        "v@x.com",
        "100",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("already has an expiry of points dated 2026-03-11T10:00:00Z"),
        "{err}"
    );
    assert_eq!(points_sum(&env), 0);
}

#[test]
fn verify_catches_a_redemption_that_spent_points_already_redeemed_later() {
    let env = TestEnv::new();
    hundred_points(&env);
    env.ok(&[
        "--as-of",
        "2026-03-10",
        "points",
        "redeem",
        "v@x.com",
        "100",
    ]);
    assert_eq!(env.json(&["verify"])["ok"], true);
    // What the old code wrote for a second redemption dated 2026-03-05.
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute_batch(
        "INSERT INTO redemptions(member_id, points, created_at) VALUES (1, 100, '2026-03-05T00:00:00Z');
         INSERT INTO ledger(run_id, member_id, kind, points, effective_at, available_at, cause_type,
             cause_id, created_at)
         VALUES (1, 1, 'points_redeem', -100, '2026-03-05T00:00:00Z', '2026-03-05T00:00:00Z',
                 'redemption', '2', '2026-03-05T00:00:00Z');",
    )
    .unwrap();
    let (code, out, _) = env.run(&["--format", "json", "verify"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let failed: Vec<&str> = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["ok"] == false)
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(failed, vec!["points_not_negative_from_redemption"]);
}

#[test]
fn a_customer_who_ordered_before_under_another_spelling_of_the_mailbox_is_not_new() {
    let env = TestEnv::new();
    env.ok(&["init", "--currency", "SAR", "--timezone", "UTC"]);
    env.ok(&[
        "program",
        "create",
        "Friends",
        "--kind",
        "referral",
        "--reward",
        "10.00",
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
    env.ok(&[
        "code",
        "issue",
        "--program",
        "Friends",
        "--member",
        "sara@example.com",
        "--code",
        "SARA",
    ]);
    env.write(
        "history.csv",
        "order_id,customer_email,amount,currency,ordered_at\n\
         H1,Old.Guy@Gmail.com,50.00,SAR,2025-06-01T10:00:00\n",
    );
    env.write(
        "orders.csv",
        "order_id,customer_email,amount,currency,ordered_at,code\n\
         1,oldguy+x@gmail.com,100.00,SAR,2026-01-10T10:00:00,SARA\n\
         2,new.friend@example.com,100.00,SAR,2026-01-11T10:00:00,SARA\n",
    );
    env.ok(&["import", "orders", "--history-only", "history.csv"]);
    env.ok(&["import", "orders", "orders.csv"]);
    let v = env.json(&["settle", "--as-of", "2026-01-31"]);
    assert_eq!(v["accrued"], 1);
    assert_eq!(v["totals"][0]["available"], "10.00");
    let e = env.json(&["explain", "--order", "1"]);
    assert!(
        e["decisions"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("not a new customer"),
        "{e}"
    );
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let keys: Vec<String> = conn
        .prepare("SELECT customer_key FROM orders ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        keys,
        [
            "oldguy@gmail.com",
            "oldguy@gmail.com",
            "new.friend@example.com"
        ]
    );
    let skip: (String, String) = conn
        .query_row("SELECT order_id, reason FROM reward_skips", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(skip.0, "1");
    assert!(skip.1.contains("not a new customer"), "{skip:?}");
}

#[test]
fn settling_back_over_orders_already_rewarded_keeps_their_place_in_the_tiers() {
    let env = TestEnv::new();
    env.affiliate_shop(&[
        "--reward",
        "10%",
        "--every-order",
        "--tier",
        "3:20%",
        "--hold-days",
        "0",
    ]);
    let mut csv = String::from("order_id,customer_email,amount,currency,ordered_at,code\n");
    for d in 10..=13 {
        csv += &format!("T{d},c{d}@x.com,100.00,SAR,2026-01-{d}T10:00:00,PART1\n");
    }
    env.write("tier.csv", &csv);
    // The nightly run, then a late export, then a backfill day by day: every run after the
    // first looks again at orders the one before rewarded (its as-of is below the latest).
    env.ok(&["--as-of", "2026-01-31", "settle"]);
    env.ok(&["import", "orders", "tier.csv"]);
    for d in 10..=13 {
        env.ok(&["--as-of", &format!("2026-01-{d}"), "settle"]);
    }
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let rows: Vec<(String, i64)> = conn
        .prepare("SELECT order_id, amount_minor FROM ledger ORDER BY order_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let want: Vec<(String, i64)> = [("T10", 1000), ("T11", 1000), ("T12", 2000), ("T13", 2000)]
        .iter()
        .map(|(o, a)| (o.to_string(), *a))
        .collect();
    assert_eq!(
        rows, want,
        "the third and fourth referrals earn the tier's 20%"
    );
}

#[test]
fn output_that_cannot_be_written_says_the_settle_was_saved() {
    let env = TestEnv::new();
    env.friends_shop(&[]);
    env.write(
        "orders.csv",
        "order_id,customer_email,amount,currency,ordered_at,code\n\
         1,friend@example.com,300.00,SAR,2026-01-10T10:00:00,SARA\n",
    );
    env.ok(&["import", "orders", "orders.csv"]);
    // stdout on a full disk: the run is committed before anything is printed.
    let (code, err) = env.run_with_stdout(
        &["--format", "json", "settle", "--as-of", "2026-02-28"],
        TestEnv::full_disk(),
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("cannot write the output"), "{err}");
    assert!(err.contains("what it changed is saved"), "{err}");
    let b = env.json(&["balance", "sara@example.com"]);
    assert_eq!(b[0]["available"], "10.00", "{b}");
    let again = env.json(&["settle", "--as-of", "2026-02-28"]);
    assert_eq!(again["accrued"], 0, "{again}");
}

#[test]
fn a_settle_dated_years_after_the_clock_is_refused_without_yes() {
    let env = TestEnv::new();
    env.friends_shop(&[]);
    let before = env.snapshot();
    // Not a terminal: refused (exit 2), nothing written, the way out named.
    let (code, _, err) = env.run(&["--as-of", "2099-01-01", "settle"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("after this machine's clock"), "{err}");
    assert!(err.contains("--yes"), "{err}");
    assert_eq!(env.snapshot(), before);
    // A dry run only looks; --yes means it.
    let v = env.json(&["--as-of", "2099-01-01", "settle", "--dry-run"]);
    assert_eq!(v["run_id"], serde_json::Value::Null, "{v}");
    assert_eq!(env.snapshot(), before);
    // So are the other commands whose date cannot be taken back.
    env.write(
        "later.csv",
        "order_id,customer_email,amount,currency,ordered_at\nL1,l@x.com,1.00,SAR,2098-01-01\n",
    );
    for args in [
        &["payout", "create"][..],
        &["payout", "mark-paid", "1"],
        &["payout", "mark-failed", "1", "--reason", "bounced"],
        &["member", "block", "sara@example.com"],
        &["member", "unblock", "sara@example.com"],
        &["program", "pause", "Friends"],
        &["program", "resume", "Friends"],
        &["program", "end", "Friends"],
        &["points", "redeem", "sara@example.com", "1"],
        &["code", "revoke", "SARA"],
        &["adjust", "sara@example.com", "5", "--reason", "goodwill"],
        &["review", "approve", "1"],
        &["review", "reject", "1", "--reason", "fraud"],
        &["import", "orders", "later.csv"],
    ] {
        let mut full = vec!["--as-of", "2099-01-01"];
        full.extend_from_slice(args);
        let (code, _, err) = env.run(&full);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains("after this machine's clock"), "{err}");
    }
    assert_eq!(env.snapshot(), before);
    // Refused before a database is made.
    let other = env.path("other.db");
    let (code, _, err) = env.run(&[
        "--db",
        other.to_str().unwrap(),
        "--as-of",
        "2099-01-01",
        "settle",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(!other.exists());
    let v = env.json(&["--yes", "--as-of", "2099-01-01", "settle"]);
    assert_eq!(v["as_of"], "2099-01-01T23:59:59Z", "{v}");
    assert!(v["run_id"].is_i64(), "{v}");
}

#[test]
fn a_free_order_earns_nothing_but_makes_later_orders_not_the_first() {
    let env = TestEnv::new();
    env.friends_shop(&[]);
    env.write(
        "orders.csv",
        "order_id,customer_email,amount,currency,ordered_at,code\n\
         F1,sample@example.com,0.00,SAR,2026-01-05T10:00:00,\n\
         P1,sample@example.com,80.00,SAR,2026-01-20T10:00:00,SARA\n\
         F2,freebie@example.com,0.00,SAR,2026-01-06T10:00:00,SARA\n",
    );
    let v = env.json(&["import", "orders", "orders.csv"]);
    assert_eq!(v["inserted"], 3, "{v}");
    let s = env.json(&["--as-of", "2026-02-01", "settle"]);
    assert_eq!(s["accrued"], 0, "{s}");
    let skip = |id: &str| -> String {
        let e = env.json(&["explain", "--order", id]);
        e["decisions"][0]["detail"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    // The free sample was the customer's first order, so the paid one is not.
    assert!(skip("P1").contains("not a new customer"), "{}", skip("P1"));
    // A free order with the code is no referral worth 10.00.
    assert!(skip("F2").contains("amount is zero"), "{}", skip("F2"));
    assert_eq!(env.json(&["verify"])["ok"], true);
}

/// An affiliate shop with `cap` (a monthly cap), where order 1 (March 10, 100.00) carries a
/// code issued only after a settle rewarded order 2 (March 20, 200.00, 20.00): the next settle
/// judges order 1 after the later order 2 of its month.
fn late_order_under_a_cap(cap: &[&str]) -> TestEnv {
    let env = TestEnv::new();
    env.ok(&["init", "--currency", "SAR", "--timezone", "Asia/Riyadh"]);
    let mut create = vec![
        "--as-of",
        "2026-01-01",
        "program",
        "create",
        "Aff",
        "--kind",
        "affiliate",
        "--reward",
        "10%",
        "--hold-days",
        "0",
    ];
    create.extend_from_slice(cap);
    env.ok(&create);
    env.ok(&["member", "add", "--name", "A", "--email", "a@x.com"]);
    env.ok(&[
        "--as-of",
        "2026-01-01",
        "code",
        "issue",
        "--program",
        "Aff",
        "--member",
        "a@x.com",
        "--code",
        "CODEY",
    ]);
    env.write(
        "orders.csv",
        "order_id,customer_email,amount,currency,ordered_at,code\n\
         1,f1@x.com,100.00,SAR,2026-03-10T10:00:00,CODEX\n\
         2,f2@x.com,200.00,SAR,2026-03-20T10:00:00,CODEY\n",
    );
    env.ok(&["import", "orders", "orders.csv"]);
    env.ok(&["--as-of", "2026-03-25", "settle"]);
    env.ok(&[
        "--as-of",
        "2026-03-26",
        "code",
        "issue",
        "--program",
        "Aff",
        "--member",
        "a@x.com",
        "--code",
        "CODEX",
    ]);
    env.ok(&["--as-of", "2026-03-31", "settle"]);
    env
}

/// March's accruals (count, sum) and order 1's skip reason.
fn march(env: &TestEnv) -> (i64, i64, String) {
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let (n, sum) = conn
        .query_row(
            "SELECT COUNT(*), SUM(amount_minor) FROM ledger WHERE kind = 'accrual'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let reason = conn
        .query_row(
            "SELECT reason FROM reward_skips WHERE order_id = '1'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    (n, sum, reason)
}

#[test]
fn an_order_judged_after_later_ones_of_its_month_finds_the_cap_they_filled() {
    // Count cap of 1: order 2 has it.
    let env = late_order_under_a_cap(&["--cap-count", "1"]);
    let (n, sum, reason) = march(&env);
    assert_eq!((n, sum), (1, 2000));
    assert!(reason.contains("monthly cap of 1"), "{reason}");
    assert_eq!(env.json(&["verify"])["ok"], true);
    // Amount cap of 25.00: order 1's 10.00 on top of order 2's 20.00 would pass it.
    let env = late_order_under_a_cap(&["--cap-amount", "25"]);
    let (n, sum, reason) = march(&env);
    assert_eq!((n, sum), (1, 2000));
    assert!(reason.contains("monthly amount cap of 25.00"), "{reason}");
}

#[test]
fn an_old_order_judged_again_does_not_hold_back_the_later_orders_tiers() {
    let env = TestEnv::new();
    env.ok(&["init", "--currency", "SAR", "--timezone", "UTC"]);
    env.ok(&[
        "--as-of",
        "2026-01-01",
        "program",
        "create",
        "Friends",
        "--kind",
        "referral",
        "--reward",
        "10",
        "--tier",
        "3:20",
        "--hold-days",
        "0",
    ]);
    env.ok(&["member", "add", "--name", "M", "--email", "m@x.com"]);
    env.ok(&[
        "--as-of",
        "2026-01-01",
        "code",
        "issue",
        "--program",
        "Friends",
        "--member",
        "m@x.com",
        "--code",
        "CODEY",
    ]);
    env.write(
        "o1.csv",
        "order_id,customer_email,amount,currency,ordered_at,code\n\
         X1,a@x.com,100.00,SAR,2026-01-05T10:00:00,CODEX\n\
         Y1,b@x.com,100.00,SAR,2026-02-01T10:00:00,CODEY\n\
         Y2,c@x.com,100.00,SAR,2026-02-02T10:00:00,CODEY\n",
    );
    env.ok(&["import", "orders", "o1.csv"]);
    env.ok(&["--as-of", "2026-02-28", "settle"]);
    // CODEX is issued later and claims X1, which the next settle judges first; then Y3, the
    // member's fourth referral (a, b, c before it), earns the tier.
    env.ok(&[
        "--as-of",
        "2026-03-01",
        "code",
        "issue",
        "--program",
        "Friends",
        "--member",
        "m@x.com",
        "--code",
        "CODEX",
    ]);
    env.write(
        "o2.csv",
        "order_id,customer_email,amount,currency,ordered_at,code\n\
         Y3,d@x.com,100.00,SAR,2026-03-10T10:00:00,CODEY\n",
    );
    env.ok(&["import", "orders", "o2.csv"]);
    env.ok(&["--as-of", "2026-03-31", "settle"]);
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let rows: Vec<(String, i64)> = conn
        .prepare("SELECT order_id, amount_minor FROM ledger ORDER BY order_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let want: Vec<(String, i64)> = [("X1", 1000), ("Y1", 1000), ("Y2", 1000), ("Y3", 2000)]
        .iter()
        .map(|(o, a)| (o.to_string(), *a))
        .collect();
    assert_eq!(rows, want);
}

#[test]
fn tomorrow_passes_the_as_of_guard_and_three_days_ahead_does_not() {
    let env = TestEnv::new();
    env.friends_shop(&[]);
    let day = |n: i64| {
        (chrono::Utc::now() + chrono::Duration::days(n))
            .format("%Y-%m-%d")
            .to_string()
    };
    // A date alone is the end of that day in the shop's zone: tomorrow's ends within two days.
    let (code, _, err) = env.run(&[
        "--as-of",
        &day(1),
        "adjust",
        "sara@example.com",
        "1",
        "--reason",
        "goodwill",
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = env.run(&[
        "--as-of",
        &day(3),
        "adjust",
        "sara@example.com",
        "1",
        "--reason",
        "goodwill",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("more than two days"), "{err}");
}

#[test]
fn a_free_order_with_the_code_starts_no_window() {
    let env = TestEnv::new();
    env.affiliate_shop(&[
        "--reward",
        "10%",
        "--every-order",
        "--window-days",
        "30",
        "--hold-days",
        "0",
    ]);
    // A free sample with the code, then the first paid one: the window runs from the paid one.
    env.write(
        "orders.csv",
        "order_id,customer_email,amount,currency,ordered_at,code\n\
         F1,c@x.com,0.00,SAR,2026-01-01T10:00:00,PART1\n\
         P1,c@x.com,100.00,SAR,2026-02-15T10:00:00,PART1\n\
         P2,c@x.com,50.00,SAR,2026-03-10T10:00:00,\n",
    );
    env.ok(&["import", "orders", "orders.csv"]);
    env.ok(&["--as-of", "2026-03-31", "settle"]);
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let rows: Vec<(String, i64)> = conn
        .prepare("SELECT order_id, amount_minor FROM ledger ORDER BY order_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows, [("P1".to_string(), 1000), ("P2".to_string(), 500)]);
}
