//! Fraud holds and reviews, explain and verify through the binary.

mod common;
#[path = "engine/fixture.rs"]
mod fixture;

use common::TestEnv;
use fixture::Fx;
use serde_json::Value;

fn json_with_code(env: &TestEnv, args: &[&str]) -> (i32, Value) {
    let mut full = vec!["--format", "json"];
    full.extend_from_slice(args);
    let (code, out, err) = env.run(&full);
    let v = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
    (code, v)
}

fn leaked_code_fixture(env: &TestEnv) -> Fx {
    let mut fx = Fx::new(&env.db, "SAR", "UTC");
    let p = fx.program(
        "Friends",
        "referral",
        "reward_kind = 'fixed', reward_value = 1000, hold_days = 0",
    );
    let m = fx.member("leaky@example.com", None);
    fx.code("LEAK", p, m);
    for i in 1..=7 {
        fx.order(
            &format!("L{i}"),
            &format!("c{i}@example.com"),
            10000,
            &format!("2026-01-05T{:02}:00:00Z", 9 + i),
            Some("LEAK"),
        );
    }
    // Half of L6 is returned before anyone looks at the review.
    fx.ret("RL6", "L6", 5000, "2026-01-06T10:00:00Z");
    fx
}

#[test]
fn a_leaked_code_is_held_for_review_then_approved_or_rejected() {
    let env = TestEnv::new();
    let fx = leaked_code_fixture(&env);
    let (code, v) = json_with_code(&env, &["settle", "--as-of", "2026-01-10"]);
    // Five customers within 24 hours are fine; the sixth and seventh are held.
    assert_eq!(code, 3);
    assert_eq!(
        (v["accrued"].as_i64(), v["held_for_review"].as_i64()),
        (Some(5), Some(2))
    );
    assert_eq!(v["reversed"], 0, "nothing to reverse while L6 is held");
    let list = env.json(&["review", "list"]);
    let items = list.as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["order_id"], "L6");
    assert_eq!(items[0]["amount"], "10.00");
    assert!(
        items[0]["reason"]
            .as_str()
            .unwrap()
            .contains("6 customers within 24 hours")
    );
    let (id6, id7) = (
        items[0]["id"].as_i64().unwrap(),
        items[1]["id"].as_i64().unwrap(),
    );

    // The next night holds nothing new, but both still wait for a decision: exit 3 again.
    let (code, v) = json_with_code(&env, &["settle", "--as-of", "2026-01-10"]);
    assert_eq!((code, v["held_for_review"].as_i64()), (3, Some(0)), "{v}");

    // Approval writes the reward and the reversal of the half already returned.
    let a = env.json(&["review", "approve", &id6.to_string()]);
    assert_eq!(a["reversals"], 1);
    assert_eq!(
        fx.count("SELECT SUM(amount_minor) FROM ledger WHERE order_id = 'L6'"),
        500
    );
    assert_eq!(
        fx.count("SELECT COUNT(*) FROM runs WHERE command = 'review'"),
        1
    );
    let (code, _, err) = env.run(&["review", "approve", &id6.to_string()]);
    assert_eq!(code, 1);
    assert!(err.contains("already approved"), "{err}");
    let (code, _, _) = env.run(&["review", "reject", &id7.to_string(), "--reason", ""]);
    assert_eq!(code, 2);
    env.ok(&[
        "review",
        "reject",
        &id7.to_string(),
        "--reason",
        "coupon site",
    ]);
    assert_eq!(env.json(&["review", "list"]).as_array().unwrap().len(), 0);
    assert_eq!(
        fx.count("SELECT COUNT(*) FROM ledger WHERE order_id = 'L7'"),
        0
    );

    // Nothing new: exit 0 and zeros; the ledger holds.
    let (code, v) = json_with_code(&env, &["settle", "--as-of", "2026-01-10"]);
    assert_eq!(
        (code, v["accrued"].as_i64(), v["held_for_review"].as_i64()),
        (0, Some(0), Some(0))
    );
    let v = env.json(&["verify"]);
    assert_eq!(v["ok"], true, "{v}");

    let e = env.json(&["explain", "--order", "L6"]);
    assert_eq!(e["source"], "orders.csv:7");
    assert_eq!(e["entries"].as_array().unwrap().len(), 2);
    assert_eq!(e["entries"][1]["source"], "returns.csv:9");
    assert_eq!(
        e["entries"][1]["arithmetic"],
        "-(round(10.00 x 50.00 / 100.00) - 0.00) = -5.00"
    );
    assert!(
        e["decisions"][0]["what"]
            .as_str()
            .unwrap()
            .contains("approved")
    );
}

#[test]
fn mostly_refunded_referrers_are_held() {
    let env = TestEnv::new();
    let mut fx = Fx::new(&env.db, "SAR", "UTC");
    let p = fx.program(
        "Friends",
        "referral",
        "reward_kind = 'fixed', reward_value = 1000",
    );
    let m = fx.member("r@example.com", None);
    fx.code("REF", p, m);
    for i in 1..=4 {
        fx.order(
            &format!("F{i}"),
            &format!("f{i}@x.com"),
            10000,
            &format!("2026-01-0{i}T10:00:00Z"),
            Some("REF"),
        );
    }
    for i in 1..=3 {
        fx.ret(
            &format!("FR{i}"),
            &format!("F{i}"),
            10000,
            "2026-01-09T10:00:00Z",
        );
    }
    fx.order("F5", "f5@x.com", 10000, "2026-01-10T10:00:00Z", Some("REF"));
    fx.order("F0", "f0@x.com", 10000, "2026-01-08T10:00:00Z", Some("REF"));
    let (code, v) = json_with_code(&env, &["settle", "--as-of", "2026-02-28"]);
    assert_eq!(code, 3);
    // F0 came before the refunds: earned. F5 came after 3 of 5 were refunded: held.
    assert_eq!(v["held_for_review"], 1);
    assert_eq!(
        fx.count("SELECT COUNT(*) FROM reviews WHERE order_id = 'F5'"),
        1
    );
    assert_eq!(
        fx.count("SELECT COUNT(*) FROM ledger WHERE order_id = 'F0'"),
        1
    );
}

#[test]
fn explain_member_traces_each_row_with_a_running_balance() {
    let env = TestEnv::new();
    let mut fx = Fx::new(&env.db, "SAR", "UTC");
    let p = fx.program(
        "Partners",
        "affiliate",
        "reward_kind = 'percent', reward_value = 1000, first_order_only = 0, hold_days = 0",
    );
    let m = fx.member("blog@example.com", None);
    fx.code("BLOG", p, m);
    fx.order("E1", "a@x.com", 30000, "2026-01-01T10:00:00Z", Some("BLOG"));
    fx.order("E2", "b@x.com", 12345, "2026-01-02T10:00:00Z", Some("BLOG"));
    fx.ret("ER1", "E1", 30000, "2026-01-03T10:00:00Z");
    env.ok(&["settle", "--as-of", "2026-01-31"]);
    let rows = env.json(&["explain", "--member", "Blog@Example.com"]);
    let rows = rows.as_array().unwrap();
    let seen: Vec<(String, String, String, String)> = rows
        .iter()
        .map(|r| {
            (
                r["amount"].as_str().unwrap().to_string(),
                r["running_balance"].as_str().unwrap().to_string(),
                r["source"].as_str().unwrap().to_string(),
                r["arithmetic"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(seen[0].0, "30.00");
    assert_eq!(rows[0]["running_balance_minor"], 3000);
    assert_eq!(seen[0].2, "orders.csv:2");
    assert!(
        seen[0].3.starts_with("10% of 300.00 = 30.00"),
        "{}",
        seen[0].3
    );
    assert_eq!((seen[1].0.as_str(), seen[1].1.as_str()), ("12.35", "42.35"));
    assert_eq!(
        (seen[2].0.as_str(), seen[2].1.as_str(), seen[2].2.as_str()),
        ("-30.00", "12.35", "returns.csv:4")
    );
    // As of Jan 2, the return of Jan 3 has not happened yet: two rows, 42.35.
    let early = env.json(&[
        "--as-of",
        "2026-01-02",
        "explain",
        "--member",
        "blog@example.com",
    ]);
    let early = early.as_array().unwrap();
    assert_eq!(early.len(), 2, "{early:?}");
    assert_eq!(early[1]["running_balance"], "42.35");
    let (code, _, err) = env.run(&["explain", "--member", "nobody@example.com"]);
    assert_eq!(code, 1);
    assert!(err.contains("no member"), "{err}");
    let (code, _, _) = env.run(&["explain", "--order", "NOPE"]);
    assert_eq!(code, 1);
}

#[test]
fn verify_names_each_broken_invariant() {
    let env = TestEnv::new();
    let mut fx = Fx::new(&env.db, "SAR", "UTC");
    let p = fx.program(
        "Friends",
        "referral",
        "reward_kind = 'fixed', reward_value = 1000, hold_days = 0",
    );
    let m = fx.member("v@example.com", None);
    fx.code("VV", p, m);
    fx.order("V1", "a@x.com", 10000, "2026-01-01T10:00:00Z", Some("VV"));
    env.ok(&["settle", "--as-of", "2026-01-31"]);
    let v = env.json(&["verify"]);
    assert_eq!(v["ok"], true);
    assert!(v["checks"].as_array().unwrap().len() >= 6);
    // Break it by hand: a reversal larger than its accrual, a redemption beyond the points, and
    // a row whose cause does not exist.
    fx.conn
        .execute_batch(
            "INSERT INTO ledger(run_id, member_id, program_id, kind, currency, amount_minor, effective_at,
                 available_at, cause_type, cause_id, order_id, corrects_id, created_at)
             VALUES (1, 1, 1, 'reversal', 'SAR', -1500, '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z',
                     'return', 'GHOST', 'V1', 1, '2026-01-02T00:00:00Z');
             INSERT INTO ledger(run_id, member_id, kind, points, effective_at, available_at, cause_type,
                 cause_id, created_at)
             VALUES (1, 1, 'points_redeem', -5, '2026-01-03T00:00:00Z', '2026-01-03T00:00:00Z',
                     'redemption', '99', '2026-01-03T00:00:00Z');",
        )
        .unwrap();
    let (code, out, err) = env.run(&["--format", "json", "verify"]);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["ok"], false);
    let failed: Vec<&str> = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["ok"] == false)
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        failed,
        vec![
            "reversals_within_accruals",
            "causes_exist",
            "points_not_negative_from_redemption"
        ]
    );
    for name in failed {
        assert!(err.contains(name), "{err}");
    }
}

#[test]
fn a_review_of_a_member_blocked_when_it_happened_cannot_be_approved() {
    let env = TestEnv::new();
    let _fx = leaked_code_fixture(&env);
    let (code, _) = json_with_code(&env, &["settle", "--as-of", "2026-01-10"]);
    assert_eq!(code, 3);
    let id = env.json(&["review", "list"])[0]["id"].as_i64().unwrap();
    // Blocked before times were kept (no blocked_at): blocked ever since, as settle reads it.
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute(
        "UPDATE members SET blocked = 1 WHERE email = 'leaky@example.com'",
        [],
    )
    .unwrap();
    let ledger = |c: &rusqlite::Connection| -> i64 {
        c.query_row("SELECT COUNT(*) FROM ledger", [], |r| r.get(0))
            .unwrap()
    };
    let rows = ledger(&conn);
    let (code, _, err) = env.run(&["review", "approve", &id.to_string()]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("the member was blocked at 2026-01-05T15:00:00Z"),
        "{err}"
    );
    assert_eq!(ledger(&conn), rows);
    // Unblocked (the block ended now): what happened while blocked still cannot earn.
    env.ok(&[
        "--as-of",
        "2026-04-01",
        "member",
        "unblock",
        "leaky@example.com",
    ]);
    let (code, _, _) = env.run(&["review", "approve", &id.to_string()]);
    assert_eq!(code, 1);
    env.ok(&["review", "reject", &id.to_string(), "--reason", "blocked"]);
}

/// Cap 6 a month; A6 is held for velocity and so takes the sixth place; A8 comes later.
fn capped_fixture(env: &TestEnv) -> Fx {
    let mut fx = Fx::new(&env.db, "SAR", "UTC");
    let p = fx.program(
        "Friends",
        "referral",
        "reward_kind = 'fixed', reward_value = 5000, hold_days = 14, cap_count = 6",
    );
    let m = fx.member("ref@example.com", None);
    fx.code("CAP", p, m);
    for i in 1..=6 {
        fx.order(
            &format!("A{i}"),
            &format!("a{i}@example.com"),
            10000,
            &format!("2026-03-01T{:02}:00:00Z", 9 + i),
            Some("CAP"),
        );
    }
    fx.order(
        "A8",
        "a8@example.com",
        10000,
        "2026-03-20T10:00:00Z",
        Some("CAP"),
    );
    fx
}

fn reject_the_held_one(env: &TestEnv) {
    let list = env.json(&["review", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    assert_eq!(list[0]["order_id"], "A6");
    let id = list[0]["id"].as_i64().unwrap().to_string();
    env.ok(&["review", "reject", &id, "--reason", "coupon site"]);
}

#[test]
fn a_rejected_review_frees_its_cap_place_whenever_it_is_rejected() {
    // Rejected before A8 is settled: A8 takes the freed place.
    let early = TestEnv::new();
    let fx_early = capped_fixture(&early);
    early.run(&["settle", "--as-of", "2026-03-05"]);
    reject_the_held_one(&early);
    early.run(&["settle", "--as-of", "2026-03-25"]);

    // Rejected after A8 was skipped for the cap: the next settle judges A8 again.
    let late = TestEnv::new();
    let fx_late = capped_fixture(&late);
    late.run(&["settle", "--as-of", "2026-03-25"]);
    assert_eq!(
        fx_late.count("SELECT COUNT(*) FROM reward_skips WHERE order_id = 'A8'"),
        1,
        "A8 is capped while A6 holds a place"
    );
    reject_the_held_one(&late);
    let (code, v) = json_with_code(&late, &["settle", "--as-of", "2026-03-25"]);
    assert_eq!((code, v["accrued"].as_i64()), (0, Some(1)), "{v}");

    for (env, fx) in [(&early, &fx_early), (&late, &fx_late)] {
        assert_eq!(
            fx.count("SELECT COALESCE(SUM(amount_minor), 0) FROM ledger WHERE order_id = 'A8'"),
            5000
        );
        assert_eq!(
            fx.count("SELECT COUNT(*) FROM reward_skips WHERE order_id = 'A8'"),
            0
        );
        assert_eq!(
            fx.count("SELECT SUM(amount_minor) FROM ledger WHERE kind = 'accrual'"),
            6 * 5000
        );
        assert_eq!(env.json(&["verify"])["ok"], true);
    }
    // A rerun writes nothing more.
    let (code, v) = json_with_code(&late, &["settle", "--as-of", "2026-03-25"]);
    assert_eq!((code, v["accrued"].as_i64()), (0, Some(0)), "{v}");
    assert_eq!(fx_late.ledger(), fx_early.ledger());
}
