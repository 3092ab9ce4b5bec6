//! End-to-end scenarios through the binary: referral with hold and returns, affiliate with a
//! window and a tier, points with expiry and redemption, caps across a month boundary, fraud.

mod common;
#[path = "engine/fixture.rs"]
mod fixture;

use common::TestEnv;
use fixture::Fx;
use serde_json::Value;

fn settle(env: &TestEnv, as_of: &str) -> Value {
    env.json(&["settle", "--as-of", as_of])
}

fn counts(v: &Value) -> [i64; 5] {
    [
        "accrued",
        "approved",
        "reversed",
        "expired",
        "held_for_review",
    ]
    .map(|k| {
        v[k].as_i64()
            .unwrap_or_else(|| panic!("{k} missing in {v}"))
    })
}

fn total(v: &Value, field: &str) -> String {
    v["totals"][0][field].as_str().unwrap_or("none").to_string()
}

fn referral_fixture(env: &TestEnv) -> Fx {
    let mut fx = Fx::new(&env.db, "SAR", "UTC");
    let p = fx.program(
        "Friends",
        "referral",
        "reward_kind = 'fixed', reward_value = 5000, hold_days = 14",
    );
    let sara = fx.member("sara@example.com", None);
    fx.code("SARA10", p, sara);
    fx.order(
        "A1",
        "friend@example.com",
        30000,
        "2026-01-10T10:00:00Z",
        Some("SARA10"),
    );
    fx.ret("R1", "A1", 10000, "2026-01-20T09:00:00Z");
    fx.ret("R2", "A1", 20000, "2026-02-05T09:00:00Z");
    fx
}

#[test]
fn referral_with_hold_then_partial_and_full_return() {
    let env = TestEnv::new();
    let fx = referral_fixture(&env);

    let v = settle(&env, "2026-01-15");
    assert_eq!(counts(&v), [1, 0, 0, 0, 0]);
    assert_eq!(total(&v, "pending"), "50.00");
    assert_eq!(total(&v, "available"), "0.00");
    assert_eq!(v["totals"][0]["pending_minor"], 5000);
    assert!(v["run_id"].as_i64().is_some());

    // Return of 100.00 of 300.00 before the hold ends: round(5000 * 1/3) = 1667 off the pending.
    let v = settle(&env, "2026-01-21");
    assert_eq!(counts(&v), [0, 0, 1, 0, 0]);
    assert_eq!(total(&v, "pending"), "33.33");

    // The hold ended on 2026-01-24T10:00Z.
    let v = settle(&env, "2026-02-01");
    assert_eq!(counts(&v), [0, 1, 0, 0, 0]);
    assert_eq!(total(&v, "available"), "33.33");
    assert_eq!(
        fx.available("sara@example.com", "2026-02-01T00:00:00Z"),
        3333
    );

    // The rest is returned after the hold: exactly the remaining 33.33, available at once.
    let v = settle(&env, "2026-02-10");
    assert_eq!(counts(&v), [0, 0, 1, 0, 0]);
    assert_eq!(total(&v, "available"), "0.00");
    assert_eq!(
        fx.count("SELECT amount_minor FROM ledger WHERE cause_id = 'R2'"),
        -3333
    );

    // Same inputs again: nothing written.
    let v = settle(&env, "2026-02-10");
    assert_eq!(counts(&v), [0, 0, 0, 0, 0]);
    assert_eq!(fx.count("SELECT COUNT(*) FROM ledger"), 3);

    // Settling once at the end gives the same ledger as settling in steps.
    let once = TestEnv::new();
    let fx_once = referral_fixture(&once);
    let v = settle(&once, "2026-02-10");
    assert_eq!(counts(&v), [1, 1, 2, 0, 0]);
    assert_eq!(fx_once.ledger(), fx.ledger());
    assert_eq!(env.json(&["verify"])["ok"], true);
}

#[test]
fn dry_run_writes_nothing_and_quiet_prints_nothing() {
    let env = TestEnv::new();
    let _fx = referral_fixture(&env);
    let before = env.snapshot();
    let v = env.json(&["settle", "--dry-run", "--as-of", "2026-02-10"]);
    assert_eq!(counts(&v), [1, 1, 2, 0, 0]);
    assert!(v["run_id"].is_null());
    assert_eq!(env.snapshot(), before);
    let (code, out, err) = env.run(&["settle", "--quiet", "--as-of", "2026-02-10"]);
    assert_eq!((code, out.as_str(), err.as_str()), (0, "", ""));
    let v = env.json(&["settle", "--as-of", "2026-02-10"]);
    assert_eq!(counts(&v), [0, 0, 0, 0, 0]);
}

fn affiliate_fixture(env: &TestEnv) -> Fx {
    let mut fx = Fx::new(&env.db, "SAR", "UTC");
    let p = fx.program(
        "Partners",
        "affiliate",
        "reward_kind = 'percent', reward_value = 1000, first_order_only = 0, window_days = 365, hold_days = 30",
    );
    fx.tier(p, 2, "percent", 1500);
    let blog = fx.member("blog@example.com", None);
    fx.code("BLOG", p, blog);
    fx.order(
        "B1",
        "c1@example.com",
        10000,
        "2025-01-05T12:00:00Z",
        Some("BLOG"),
    );
    fx.order("B2", "c1@example.com", 20000, "2025-06-01T12:00:00Z", None);
    fx.order(
        "B3",
        "c2@example.com",
        10000,
        "2025-07-01T12:00:00Z",
        Some("BLOG"),
    );
    fx.order("B4", "c3@example.com", 50000, "2025-08-01T12:00:00Z", None);
    fx.order("B5", "c1@example.com", 40000, "2026-01-06T12:00:00Z", None);
    fx
}

#[test]
fn affiliate_window_and_tier() {
    let env = TestEnv::new();
    let fx = affiliate_fixture(&env);
    let v = settle(&env, "2026-03-31");
    // B1 10% of 100 = 10.00; B2 recurring 10% of 200 = 20.00 (c1 is still referral 1: a
    // customer's repeat orders do not move the partner into the tier); B3 is c2, the 2nd
    // referred customer: tier 15% = 15.00; B4 has no partner; B5 is 366 days after c1's first
    // referred order.
    assert_eq!(counts(&v)[0], 3);
    assert_eq!(total(&v, "available"), "45.00");
    let amounts: Vec<(String, i64, i64)> = fx
        .conn
        .prepare(
            "SELECT order_id, amount_minor, json_extract(rule, '$.nth_referral') FROM ledger
             ORDER BY effective_at",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        amounts,
        vec![
            ("B1".into(), 1000, 1),
            ("B2".into(), 2000, 1),
            ("B3".into(), 1500, 2)
        ]
    );
    let reason: String = fx
        .conn
        .query_row(
            "SELECT reason FROM reward_skips WHERE order_id = 'B5'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(reason.contains("365-day window"), "{reason}");
}

fn points_fixture(env: &TestEnv) -> Fx {
    let mut fx = Fx::new(&env.db, "SAR", "UTC");
    let p = fx.program(
        "Points",
        "points",
        "points_per_unit = 1, points_expire_days = 30, hold_days = 0",
    );
    fx.action(p, "review", 50);
    fx.order(
        "P1",
        "buyer@example.com",
        12050,
        "2026-01-01T10:00:00Z",
        None,
    );
    fx.activity(
        "ACT1",
        "buyer@example.com",
        "review",
        "2026-01-10T10:00:00Z",
    );
    fx
}

#[test]
fn points_with_expiry_and_redemption() {
    let env = TestEnv::new();
    let fx = points_fixture(&env);
    let v = settle(&env, "2026-01-15");
    assert_eq!(counts(&v)[0], 2);
    // 120.50 SAR -> 120 points, plus 50 for the review; the customer was enrolled.
    assert_eq!(fx.points("buyer@example.com"), 170);

    let (code, _, err) = env.run(&[
        "points",
        "redeem",
        "buyer@example.com",
        "171",
        "--as-of",
        "2026-01-15",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("only 170 points available"), "{err}");
    assert_eq!(fx.points("buyer@example.com"), 170);

    let r = env.json(&[
        "points",
        "redeem",
        "Buyer@Example.com",
        "130",
        "--as-of",
        "2026-01-15",
        "--note",
        "voucher",
    ]);
    assert_eq!(r["available_after"], 40);

    // The 120 points of 2026-01-01 were used first; the 40 left of the review's 50 expire on
    // 2026-02-09T10:00Z.
    let v = settle(&env, "2026-03-01");
    assert_eq!(counts(&v)[3], 1);
    assert_eq!(fx.points("buyer@example.com"), 0);
    let (pts, at): (i64, String) = fx
        .conn
        .query_row(
            "SELECT points, effective_at FROM ledger WHERE kind = 'points_expire'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((pts, at.as_str()), (-40, "2026-02-09T10:00:00Z"));
    let v = settle(&env, "2026-03-01");
    assert_eq!(counts(&v), [0, 0, 0, 0, 0]);
    assert_eq!(env.json(&["verify"])["ok"], true);
    // Nothing left to redeem.
    let (code, _, _) = env.run(&[
        "points",
        "redeem",
        "buyer@example.com",
        "1",
        "--as-of",
        "2026-03-01",
    ]);
    assert_eq!(code, 1);
}

#[test]
fn unredeemed_points_expire_oldest_first_in_steps_or_at_once() {
    let a = TestEnv::new();
    let fa = points_fixture(&a);
    settle(&a, "2026-01-15");
    settle(&a, "2026-02-01");
    let v = settle(&a, "2026-03-01");
    assert_eq!(counts(&v)[3], 1);
    let b = TestEnv::new();
    let fb = points_fixture(&b);
    let v = settle(&b, "2026-03-01");
    assert_eq!(counts(&v)[3], 2);
    assert_eq!(fa.ledger(), fb.ledger());
    assert_eq!(fa.points("buyer@example.com"), 0);
    // explain --order shows the order's points and their expiry (cause `order:P1`, no order id).
    let e = b.json(&["explain", "--order", "P1"]);
    let kinds: Vec<(&str, i64)> = e["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["kind"].as_str().unwrap(), x["points"].as_i64().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [("points_earn", 120), ("points_expire", -120)],
        "{e}"
    );
}

#[test]
fn caps_per_calendar_month_in_the_shop_zone() {
    let env = TestEnv::new();
    let mut fx = Fx::new(&env.db, "SAR", "Asia/Riyadh");
    let p = fx.program(
        "Capped",
        "affiliate",
        "reward_kind = 'fixed', reward_value = 1000, first_order_only = 0, cap_count = 2, hold_days = 0",
    );
    let m = fx.member("cap@example.com", None);
    fx.code("CAP", p, m);
    fx.order("C1", "a@x.com", 5000, "2026-01-30T10:00:00Z", Some("CAP"));
    fx.order("C2", "b@x.com", 5000, "2026-01-31T10:00:00Z", Some("CAP"));
    // 23:00 in Riyadh on Jan 31: the third of January.
    fx.order("C3", "c@x.com", 5000, "2026-01-31T20:00:00Z", Some("CAP"));
    // 01:00 on Feb 1 in Riyadh: February's first.
    fx.order("C4", "d@x.com", 5000, "2026-01-31T22:00:00Z", Some("CAP"));
    fx.order("C5", "e@x.com", 5000, "2026-02-02T10:00:00Z", Some("CAP"));
    fx.order("C6", "f@x.com", 5000, "2026-02-03T10:00:00Z", Some("CAP"));
    // Settling across the boundary in two steps.
    settle(&env, "2026-01-31T21:00:00Z");
    let v = settle(&env, "2026-02-28");
    assert_eq!(total(&v, "available"), "40.00");
    let skipped: Vec<String> = fx
        .conn
        .prepare("SELECT order_id || ': ' || reason FROM reward_skips ORDER BY order_id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        skipped,
        vec![
            "C3: monthly cap of 2 rewards reached",
            "C6: monthly cap of 2 rewards reached"
        ]
    );
}

#[test]
fn self_referral_not_new_and_blocked_earn_nothing() {
    let env = TestEnv::new();
    let mut fx = Fx::new(&env.db, "SAR", "UTC");
    let p = fx.program(
        "Friends",
        "referral",
        "reward_kind = 'fixed', reward_value = 2500",
    );
    let owner = fx.member("a.li@gmail.com", Some("+966501234567"));
    fx.code("ALI", p, owner);
    let blocked = fx.member("blocked@example.com", None);
    fx.code("BLK", p, blocked);
    fx.conn
        .execute("UPDATE members SET blocked = 1 WHERE id = ?1", [blocked])
        .unwrap();
    fx.order(
        "S1",
        "ali+promo@googlemail.com",
        10000,
        "2026-01-02T00:00:00Z",
        Some("ALI"),
    );
    fx.order_full(
        "S2",
        "other@example.com",
        Some("00966 50 123 4567"),
        10000,
        "2026-01-03T00:00:00Z",
        None,
        Some("ALI"),
        false,
    );
    fx.order_full(
        "H0",
        "old@example.com",
        None,
        10000,
        "2025-01-01T00:00:00Z",
        None,
        None,
        true,
    );
    fx.order(
        "S3",
        "old@example.com",
        10000,
        "2026-01-04T00:00:00Z",
        Some("ALI"),
    );
    fx.order(
        "S4",
        "new@example.com",
        10000,
        "2026-01-05T00:00:00Z",
        Some("BLK"),
    );
    fx.order(
        "S5",
        "fresh@example.com",
        10000,
        "2026-01-06T00:00:00Z",
        Some("ALI"),
    );
    let v = settle(&env, "2026-03-31");
    assert_eq!(counts(&v)[0], 1);
    assert_eq!(
        fx.count("SELECT COUNT(*) FROM ledger WHERE order_id = 'S5'"),
        1
    );
    let reasons: Vec<String> = fx
        .conn
        .prepare("SELECT reason FROM reward_skips ORDER BY order_id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(reasons[0].contains("self-referral"), "{reasons:?}");
    assert!(reasons[1].contains("self-referral"), "{reasons:?}");
    assert!(reasons[2].contains("not a new customer"), "{reasons:?}");
    assert!(reasons[3].contains("blocked"), "{reasons:?}");
}

#[test]
fn concurrent_settles_do_not_double_count() {
    let env = TestEnv::new();
    let fx = affiliate_fixture(&env);
    let children: Vec<_> = (0..4)
        .map(|_| {
            let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("rewards"));
            c.env("REWARDS_DB", &env.db)
                .args(["--format", "json", "settle", "--as-of", "2026-03-31"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped());
            c.spawn().expect("spawn")
        })
        .collect();
    let mut accrued = 0;
    for child in children {
        let out = child.wait_with_output().expect("wait");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).expect("json");
        accrued += v["accrued"].as_i64().unwrap();
    }
    // Exactly one run wrote the three rewards; the others found them written.
    assert_eq!(accrued, 3);
    assert_eq!(fx.count("SELECT COUNT(*) FROM ledger"), 3);
}

#[test]
fn a_broken_database_fails_loudly_even_when_quiet() {
    let env = TestEnv::new();
    std::fs::write(
        &env.db,
        b"this is not a database, just text that is long enough....",
    )
    .unwrap();
    let (code, out, err) = env.run(&["settle", "--quiet"]);
    assert_eq!(code, 1);
    assert_eq!(out, "");
    assert!(err.starts_with("error:"), "{err}");
}

#[test]
fn the_rule_records_the_real_nth_referral_without_tiers() {
    let env = TestEnv::new();
    let mut fx = Fx::new(&env.db, "SAR", "UTC");
    let p = fx.program(
        "Plain",
        "affiliate",
        "reward_kind = 'fixed', reward_value = 500, first_order_only = 0, hold_days = 0",
    );
    let m = fx.member("plain@example.com", None);
    fx.code("PLAIN", p, m);
    fx.order("N1", "a@x.com", 5000, "2026-01-01T10:00:00Z", Some("PLAIN"));
    fx.order("N2", "A@x.com", 5000, "2026-01-02T10:00:00Z", Some("PLAIN"));
    fx.order("N3", "b@x.com", 5000, "2026-01-03T10:00:00Z", Some("PLAIN"));
    settle(&env, "2026-01-02T12:00:00Z");
    fx.order("N4", "c@x.com", 5000, "2026-01-04T10:00:00Z", Some("PLAIN"));
    settle(&env, "2026-01-31");
    let nth: Vec<(String, i64)> = fx
        .conn
        .prepare(
            "SELECT order_id, json_extract(rule, '$.nth_referral') FROM ledger ORDER BY order_id",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        nth,
        vec![
            ("N1".into(), 1),
            ("N2".into(), 1),
            ("N3".into(), 2),
            ("N4".into(), 3)
        ]
    );
}

/// Expiry rows name the expired lot by its own cause, so settling in steps or once gives the
/// same ledger, cause ids included (the lots' ledger ids differ: here the review's points are
/// row 2 in steps and row 3 at once).
#[test]
fn expiry_cause_ids_are_the_same_in_steps_or_at_once() {
    let a = TestEnv::new();
    let mut fa = points_fixture(&a);
    settle(&a, "2026-01-15");
    fa.order(
        "P2",
        "buyer@example.com",
        1000,
        "2026-01-20T10:00:00Z",
        None,
    );
    settle(&a, "2026-03-01");
    let b = TestEnv::new();
    let mut fb = points_fixture(&b);
    fb.order(
        "P2",
        "buyer@example.com",
        1000,
        "2026-01-20T10:00:00Z",
        None,
    );
    settle(&b, "2026-03-01");
    let lot = |fx: &Fx| -> i64 {
        fx.conn
            .query_row(
                "SELECT id FROM ledger WHERE cause_type = 'activity'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!((lot(&fa), lot(&fb)), (2, 3));
    let causes = |fx: &Fx| -> Vec<String> {
        fx.conn
            .prepare("SELECT cause_id FROM ledger WHERE kind = 'points_expire' ORDER BY cause_id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(
        causes(&fa),
        ["activity:ACT1", "order:P1", "order:P2"].map(String::from)
    );
    assert_eq!(causes(&fa), causes(&fb));
    assert_eq!(fa.ledger(), fb.ledger());
    assert_eq!(a.json(&["verify"])["ok"], true);
    let e = a.json(&["explain", "--member", "buyer@example.com"]);
    assert!(
        e.to_string()
            .contains("expiry of the points of activity:ACT1"),
        "{e}"
    );
}

/// A points program whose points expire 30 days after they are earned, and a customer with two
/// orders of 100.00 (100 points each), the first fully returned on Jan 20, before its expiry.
fn expiring_points_fixture(env: &TestEnv) -> Fx {
    let mut fx = Fx::new(&env.db, "SAR", "UTC");
    fx.program(
        "Points",
        "points",
        "points_per_unit = 1, points_expire_days = 30, hold_days = 0",
    );
    fx.order("X1", "u@example.com", 10000, "2026-01-01T10:00:00Z", None);
    fx.order("X2", "u@example.com", 10000, "2026-01-14T10:00:00Z", None);
    fx.ret("XR1", "X1", 10000, "2026-01-20T10:00:00Z");
    fx
}

/// The points of a returned order are taken back once: whether the return was settled before
/// the order's points expired or after, the customer ends with 0 points (100 + 100 - 100 for
/// the return or the expiry - 10 redeemed - 90 expired). A redemption waits for settle to read
/// the return dated before it, so the ledger does not depend on which ran first.
#[test]
fn a_returned_order_loses_its_points_once_whether_expired_or_reversed_first() {
    let mut ledgers = Vec::new();
    for first_settle in ["2026-01-15", "2026-01-31"] {
        let env = TestEnv::new();
        let fx = expiring_points_fixture(&env);
        settle(&env, first_settle);
        let redeem = [
            "points",
            "redeem",
            "u@example.com",
            "10",
            "--as-of",
            "2026-02-01",
        ];
        if first_settle == "2026-01-15" {
            let rows = fx.count("SELECT COUNT(*) FROM ledger");
            let (code, _, err) = env.run(&redeem);
            assert_eq!(code, 1, "{err}");
            assert!(
                err.contains(
                    "return XR1 of order X1 dated 2026-01-20T10:00:00Z is not settled yet"
                ),
                "{err}"
            );
            assert_eq!(fx.count("SELECT COUNT(*) FROM ledger"), rows);
            settle(&env, "2026-02-01");
        }
        env.ok(&redeem);
        settle(&env, "2026-03-01");
        assert_eq!(fx.points("u@example.com"), 0, "first settle {first_settle}");
        // X1's 100 points leave once: by their reversal or their expiry, not both.
        let x1_out = fx.count(
            "SELECT -SUM(l.points) FROM ledger l JOIN ledger e ON e.id = l.corrects_id
             WHERE e.order_id = 'X1' AND l.points < 0",
        );
        assert_eq!(x1_out, 100, "first settle {first_settle}");
        env.ok(&["verify"]);
        ledgers.push(fx.ledger());
    }
    assert_eq!(ledgers[0], ledgers[1]);
}

/// A return after the order's points expired takes nothing more: those points are gone, and
/// the customer's later points stay theirs.
#[test]
fn a_return_after_the_points_expired_does_not_take_other_points() {
    let env = TestEnv::new();
    let mut fx = Fx::new(&env.db, "SAR", "UTC");
    fx.program(
        "Points",
        "points",
        "points_per_unit = 1, points_expire_days = 10, hold_days = 0",
    );
    fx.order("X1", "u@example.com", 10000, "2026-01-01T10:00:00Z", None);
    fx.order("X2", "u@example.com", 10000, "2026-01-20T10:00:00Z", None);
    fx.ret("XR1", "X1", 10000, "2026-01-15T10:00:00Z");
    let v = settle(&env, "2026-01-25");
    assert_eq!(v["reversed"], 0, "{v}");
    assert_eq!(fx.points("u@example.com"), 100);
    let r = env.json(&[
        "points",
        "redeem",
        "u@example.com",
        "100",
        "--as-of",
        "2026-01-25",
    ]);
    assert_eq!(r["available_after"], 0, "{r}");
}
