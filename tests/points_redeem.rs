//! Points redemptions through the binary: which programs and currency a redemption spends,
//! when it may be dated, and expiry of what is really left after a carried debt.

mod common;

use common::TestEnv;
use serde_json::Value;

/// A shop (SAR, UTC) with a points program `Pts` (1 point per unit, expiring after 30 days,
/// no hold, 0.05 SAR per point).
fn shop() -> TestEnv {
    shop_with(&[
        "--points-expire-days",
        "30",
        "--hold-days",
        "0",
        "--point-value",
        "0.05",
    ])
}

/// A SAR shop in UTC with the points program Pts, 1 point per riyal, and `flags`.
fn shop_with(flags: &[&str]) -> TestEnv {
    let env = TestEnv::new();
    env.ok(&["init", "--currency", "SAR", "--timezone", "UTC"]);
    let mut create = vec![
        "program",
        "create",
        "Pts",
        "--kind",
        "points",
        "--points-per-unit",
        "1",
    ];
    create.extend_from_slice(flags);
    env.ok(&create);
    env
}

fn orders(env: &TestEnv, rows: &[(&str, &str, &str, &str, &str)]) {
    let mut csv = String::from("order_id,customer_email,amount,currency,ordered_at\n");
    for (id, email, amount, cur, at) in rows {
        csv.push_str(&format!("{id},{email},{amount},{cur},{at}\n"));
    }
    env.write("orders.csv", &csv);
    env.ok(&["import", "orders", "orders.csv"]);
}

fn returns(env: &TestEnv, rows: &[(&str, &str, &str, &str)]) {
    let mut csv = String::from("return_id,order_id,amount,returned_at\n");
    for (id, order, amount, at) in rows {
        csv.push_str(&format!("{id},{order},{amount},{at}\n"));
    }
    env.write("returns.csv", &csv);
    env.ok(&["import", "returns", "returns.csv"]);
}

fn settle(env: &TestEnv, as_of: &str) -> Value {
    env.json(&["--as-of", as_of, "settle"])
}

fn redeem(env: &TestEnv, as_of: &str, email: &str, points: &str) -> (i32, String) {
    let (code, _, err) = env.run(&["--as-of", as_of, "points", "redeem", email, points]);
    (code, err)
}

/// (currency, points) of every balance row of `email` as of `as_of`.
fn points(env: &TestEnv, email: &str, as_of: &str) -> Vec<(String, i64)> {
    env.json(&["--as-of", as_of, "balance", email])
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["currency"].as_str().unwrap().to_string(),
                r["points"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn query(env: &TestEnv, sql: &str) -> Vec<String> {
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let mut stmt = conn.prepare(sql).unwrap();
    stmt.query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The ledger without run ids or creation times: what two histories must agree on.
fn ledger(env: &TestEnv) -> Vec<String> {
    query(
        env,
        "SELECT m.email || ' ' || IFNULL(p.name, '-') || ' ' || l.kind || ' ' || l.points || ' '
                || l.amount_minor || ' ' || l.effective_at || ' ' || l.available_at || ' '
                || l.cause_type || ':' || l.cause_id
         FROM ledger l JOIN members m ON m.id = l.member_id LEFT JOIN programs p ON p.id = l.program_id
         ORDER BY l.effective_at, m.email, l.kind, l.cause_id, p.name",
    )
}

fn summary(env: &TestEnv, as_of: &str, cur: &str) -> Value {
    env.json(&["--as-of", as_of, "report", "summary"])
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["currency"] == cur)
        .unwrap_or_else(|| panic!("no {cur} row"))
        .clone()
}

#[test]
fn a_redemption_is_filed_under_the_program_and_currency_whose_points_it_spends() {
    let env = TestEnv::new();
    env.ok(&["init", "--currency", "SAR", "--timezone", "UTC"]);
    env.ok(&[
        "program",
        "create",
        "PJ",
        "--kind",
        "points",
        "--points-per-unit",
        "1",
        "--currency",
        "JPY",
        "--hold-days",
        "0",
        "--point-value",
        "1",
    ]);
    orders(
        &env,
        &[("J1", "j@example.com", "2400", "JPY", "2026-01-01T10:00:00Z")],
    );
    settle(&env, "2026-03-31");
    let r = env.json(&[
        "--as-of",
        "2026-03-31",
        "points",
        "redeem",
        "j@example.com",
        "600",
    ]);
    assert_eq!(
        (r["currency"].as_str(), r["available_after"].as_i64()),
        (Some("JPY"), Some(1800))
    );
    assert_eq!(
        points(&env, "j@example.com", "2026-03-31"),
        vec![("JPY".to_string(), 1800)]
    );
    let programs = env.json(&["--as-of", "2026-03-31", "report", "programs"]);
    assert_eq!(programs[0]["points_redeemed"], 600, "{programs}");
    let s = summary(&env, "2026-03-31", "JPY");
    assert_eq!(
        (
            s["points_outstanding"].as_i64(),
            s["points_liability_minor"].as_i64()
        ),
        (Some(1800), Some(1800)),
        "{s}"
    );
    assert_eq!(
        query(
            &env,
            "SELECT p.name || ' ' || l.points FROM ledger l JOIN programs p ON p.id = l.program_id WHERE l.kind = 'points_redeem'"
        ),
        vec!["PJ -600"]
    );
    env.ok(&["verify"]);
}

#[test]
fn the_points_liability_counts_redemptions() {
    let env = shop();
    orders(
        &env,
        &[("A1", "a@example.com", "1000", "SAR", "2026-01-01T10:00:00Z")],
    );
    settle(&env, "2026-01-05");
    env.ok(&[
        "--as-of",
        "2026-01-05",
        "points",
        "redeem",
        "a@example.com",
        "600",
    ]);
    let s = summary(&env, "2026-01-05", "SAR");
    // 400 points left at 0.05 SAR.
    assert_eq!(
        (
            s["points_outstanding"].as_i64(),
            s["points_liability"].as_str()
        ),
        (Some(400), Some("20.00")),
        "{s}"
    );
}

#[test]
fn a_redemption_spends_the_oldest_lots_of_each_program_and_asks_which_currency() {
    let env = shop();
    env.ok(&[
        "program",
        "create",
        "Pts2",
        "--kind",
        "points",
        "--points-per-unit",
        "2",
        "--hold-days",
        "0",
    ]);
    env.ok(&[
        "program",
        "create",
        "PJ",
        "--kind",
        "points",
        "--points-per-unit",
        "1",
        "--currency",
        "JPY",
        "--hold-days",
        "0",
    ]);
    orders(
        &env,
        &[
            ("A1", "a@example.com", "100", "SAR", "2026-01-01T10:00:00Z"),
            ("J1", "a@example.com", "500", "JPY", "2026-01-02T10:00:00Z"),
        ],
    );
    settle(&env, "2026-01-05");
    // 100 of Pts and 200 of Pts2 (same order, Pts2's lot is younger by id); 500 JPY points.
    let (code, err) = redeem(&env, "2026-01-05", "a@example.com", "150");
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "a@example.com has points in JPY, SAR: choose whose to redeem with --program NAME"
        ),
        "{err}"
    );
    assert_eq!(
        query(&env, "SELECT COUNT(*) || '' FROM redemptions"),
        vec!["0"]
    );
    env.ok(&[
        "--as-of",
        "2026-01-05",
        "points",
        "redeem",
        "a@example.com",
        "150",
        "--program",
        "PJ",
    ]);
    let (code, _, err) = env.run(&[
        "--as-of",
        "2026-01-05",
        "points",
        "redeem",
        "a@example.com",
        "301",
        "--program",
        "Pts",
    ]);
    assert_eq!(
        (code, err.contains("only 100 points available in Pts")),
        (1, true),
        "{err}"
    );
    env.ok(&[
        "--as-of",
        "2026-01-06",
        "points",
        "redeem",
        "a@example.com",
        "350",
        "--program",
        "PJ",
    ]);
    // With no JPY points left, the SAR points alone are left to choose from: 150 of 300.
    env.ok(&[
        "--as-of",
        "2026-01-06",
        "points",
        "redeem",
        "a@example.com",
        "150",
    ]);
    assert_eq!(
        query(
            &env,
            "SELECT p.name || ' ' || l.points FROM ledger l JOIN programs p ON p.id = l.program_id
             WHERE l.kind = 'points_redeem' ORDER BY l.id"
        ),
        vec!["PJ -150", "PJ -350", "Pts -100", "Pts2 -50"]
    );
    assert_eq!(
        points(&env, "a@example.com", "2026-01-06"),
        vec![("JPY".to_string(), 0), ("SAR".to_string(), 150)]
    );
    // Pts's lot (which expires after 30 days) was spent first: nothing expires, and the 150
    // left of Pts2's lot never expire.
    let v = settle(&env, "2026-03-31");
    assert_eq!(v["expired"], 0, "{v}");
    assert_eq!(
        points(&env, "a@example.com", "2026-03-31"),
        vec![("JPY".to_string(), 0), ("SAR".to_string(), 150)]
    );
    env.ok(&["verify"]);
}

/// Orders A1 (100, 01-01) and A2 (100, 01-20) of alice.
fn alice(env: &TestEnv) {
    orders(
        env,
        &[
            (
                "A1",
                "alice@example.com",
                "100",
                "SAR",
                "2026-01-01T10:00:00Z",
            ),
            (
                "A2",
                "alice@example.com",
                "100",
                "SAR",
                "2026-01-20T10:00:00Z",
            ),
        ],
    );
}

#[test]
fn a_redemption_dated_before_an_expiry_already_written_is_refused() {
    // Settled to 02-05 first: A1's expiry of 01-31 is written; a redemption of 01-25 would have
    // spent those points, so it is refused and the end balance is 0, not -100.
    let env = shop();
    alice(&env);
    settle(&env, "2026-02-05");
    let before = ledger(&env);
    let (code, err) = redeem(&env, "2026-01-25", "alice@example.com", "100");
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("already has an expiry of points dated 2026-01-31T10:00:00Z"),
        "{err}"
    );
    assert_eq!(ledger(&env), before);
    settle(&env, "2026-03-31");
    assert_eq!(
        points(&env, "alice@example.com", "2026-03-31"),
        vec![("SAR".to_string(), 0)]
    );
    // The other order of events: redeemed on 01-25 after a settle of 01-21, then settled.
    let env = shop();
    alice(&env);
    settle(&env, "2026-01-21");
    let (code, err) = redeem(&env, "2026-01-25", "alice@example.com", "100");
    assert_eq!(code, 0, "{err}");
    settle(&env, "2026-03-31");
    assert_eq!(
        points(&env, "alice@example.com", "2026-03-31"),
        vec![("SAR".to_string(), 0)]
    );
    env.ok(&["verify"]);
}

/// Orders A1 (100, 01-01) and A3 (100, 01-04), settled to 01-05, then a return of half of A1
/// dated 01-20.
fn returned_half(env: &TestEnv) {
    orders(
        env,
        &[
            (
                "A1",
                "alice@example.com",
                "100",
                "SAR",
                "2026-01-01T10:00:00Z",
            ),
            (
                "A3",
                "alice@example.com",
                "100",
                "SAR",
                "2026-01-04T10:00:00Z",
            ),
        ],
    );
    settle(env, "2026-01-05");
    returns(env, &[("RT1", "A1", "50", "2026-01-20T10:00:00Z")]);
}

#[test]
fn a_redemption_waits_for_settle_so_the_ledger_does_not_depend_on_which_ran_first() {
    // Redeem first: refused (the return dated before it is not settled), nothing written.
    let a = shop();
    returned_half(&a);
    let before = ledger(&a);
    let (code, err) = redeem(&a, "2026-02-02", "alice@example.com", "50");
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("return RT1 of order A1 dated 2026-01-20T10:00:00Z is not settled yet"),
        "{err}"
    );
    assert_eq!(ledger(&a), before);
    assert_eq!(
        query(&a, "SELECT COUNT(*) || '' FROM redemptions"),
        vec!["0"]
    );
    settle(&a, "2026-02-02");
    assert_eq!(redeem(&a, "2026-02-02", "alice@example.com", "50").0, 0);
    settle(&a, "2026-03-31");
    // Settled at once up to the redemption, then redeemed: the same ledger.
    let b = shop();
    orders(
        &b,
        &[
            (
                "A1",
                "alice@example.com",
                "100",
                "SAR",
                "2026-01-01T10:00:00Z",
            ),
            (
                "A3",
                "alice@example.com",
                "100",
                "SAR",
                "2026-01-04T10:00:00Z",
            ),
        ],
    );
    returns(&b, &[("RT1", "A1", "50", "2026-01-20T10:00:00Z")]);
    settle(&b, "2026-02-02");
    assert_eq!(redeem(&b, "2026-02-02", "alice@example.com", "50").0, 0);
    settle(&b, "2026-03-31");
    assert_eq!(ledger(&a), ledger(&b));
    // RT1 reversed 50 of A1, whose other 50 expired; the redemption spent half of A3.
    assert_eq!(
        query(
            &a,
            "SELECT kind || ' ' || points || ' ' || effective_at FROM ledger
             WHERE points < 0 ORDER BY effective_at"
        ),
        vec![
            "reversal -50 2026-01-20T10:00:00Z",
            "points_expire -50 2026-01-31T10:00:00Z",
            "points_redeem -50 2026-02-02T23:59:59Z",
            "points_expire -50 2026-02-03T10:00:00Z",
        ]
    );
    assert_eq!(
        points(&a, "alice@example.com", "2026-03-31"),
        vec![("SAR".to_string(), 0)]
    );
    // issued - redeemed - expired - reversed = outstanding: 200 - 50 - 100 - 50 = 0.
    let s = summary(&a, "2026-03-31", "SAR");
    let n = |k: &str| s[k].as_i64().unwrap_or_else(|| panic!("{k} in {s}"));
    assert_eq!(
        [
            "points_issued",
            "points_redeemed",
            "points_expired",
            "points_reversed",
            "points_outstanding"
        ]
        .map(n),
        [200, 50, 100, 50, 0]
    );
    // So do `report programs` and, per month, `report monthly`.
    let programs = a.json(&["--as-of", "2026-03-31", "report", "programs"]);
    assert_eq!(programs[0]["points_reversed"], 50, "{programs}");
    let monthly = a.json(&["--as-of", "2026-03-31", "report", "monthly"]);
    let month = |m: &str| {
        let r = monthly
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["month"] == m)
            .unwrap_or_else(|| panic!("{m} in {monthly}"));
        [
            "points_issued",
            "points_redeemed",
            "points_expired",
            "points_reversed",
        ]
        .map(|k| r[k].as_i64().unwrap())
    };
    assert_eq!(month("2026-01"), [200, 0, 50, 50]);
    assert_eq!(month("2026-02"), [0, 50, 50, 0]);
}

#[test]
fn points_that_repay_a_debt_do_not_expire_again() {
    // 100 of A1 redeemed on 01-05; A1 fully returned on 01-10: -100, repaid by A2's 100.
    let env = shop();
    alice(&env);
    settle(&env, "2026-01-05");
    assert_eq!(redeem(&env, "2026-01-05", "alice@example.com", "100").0, 0);
    returns(&env, &[("R1", "A1", "100", "2026-01-10T10:00:00Z")]);
    settle(&env, "2026-04-30");
    assert_eq!(
        points(&env, "alice@example.com", "2026-02-01"),
        vec![("SAR".to_string(), 0)]
    );
    assert_eq!(
        points(&env, "alice@example.com", "2026-04-30"),
        vec![("SAR".to_string(), 0)]
    );
    assert_eq!(
        query(
            &env,
            "SELECT COUNT(*) || '' FROM ledger WHERE kind = 'points_expire'"
        ),
        vec!["0"]
    );
    // Nothing to redeem while the debt is being repaid.
    let (code, err) = redeem(&env, "2026-04-30", "alice@example.com", "1");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("only 0 points available"), "{err}");
    env.ok(&["verify"]);
}

/// A redemption row written before redemptions named their program: shown and spent in the
/// member's only points currency, not the shop's.
#[test]
fn an_old_redemption_without_a_program_counts_in_the_members_only_points_currency() {
    let env = TestEnv::new();
    env.ok(&["init", "--currency", "SAR", "--timezone", "UTC"]);
    env.ok(&[
        "program",
        "create",
        "PJ",
        "--kind",
        "points",
        "--points-per-unit",
        "1",
        "--currency",
        "JPY",
        "--hold-days",
        "0",
        "--point-value",
        "1",
    ]);
    orders(
        &env,
        &[("J1", "j@example.com", "2400", "JPY", "2026-01-01T10:00:00Z")],
    );
    settle(&env, "2026-01-05");
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute_batch(
        "INSERT INTO redemptions(member_id, points, created_at) VALUES (1, 600, '2026-01-05T00:00:00Z');
         INSERT INTO ledger(run_id, member_id, kind, points, effective_at, available_at, cause_type,
             cause_id, created_at)
         VALUES (1, 1, 'points_redeem', -600, '2026-01-05T00:00:00Z', '2026-01-05T00:00:00Z',
                 'redemption', '1', '2026-01-05T00:00:00Z');",
    )
    .unwrap();
    assert_eq!(
        points(&env, "j@example.com", "2026-01-05"),
        vec![("JPY".to_string(), 1800)]
    );
    let s = summary(&env, "2026-01-05", "JPY");
    assert_eq!(
        (
            s["points_redeemed"].as_i64(),
            s["points_outstanding"].as_i64()
        ),
        (Some(600), Some(1800)),
        "{s}"
    );
    let (code, err) = redeem(&env, "2026-01-06", "j@example.com", "1801");
    assert!(
        code == 1 && err.contains("only 1800 points available"),
        "{err}"
    );
    assert_eq!(redeem(&env, "2026-01-06", "j@example.com", "1800").0, 0);
}

/// Points still in their hold are shown as pending in `report summary` and `programs`, apart
/// from the outstanding (available) ones: 100 points from 25 March hold until 8 April.
#[test]
fn reports_show_points_in_their_hold_as_pending() {
    let env = shop_with(&["--hold-days", "14"]);
    orders(
        &env,
        &[
            (
                "P1",
                "alice@example.com",
                "50",
                "SAR",
                "2026-03-01T10:00:00Z",
            ),
            (
                "P2",
                "alice@example.com",
                "100",
                "SAR",
                "2026-03-25T10:00:00Z",
            ),
        ],
    );
    settle(&env, "2026-03-31");
    let s = summary(&env, "2026-03-31", "SAR");
    assert_eq!(
        (
            &s["points_issued"],
            &s["points_outstanding"],
            &s["points_pending"]
        ),
        (&150.into(), &50.into(), &100.into()),
        "{s}"
    );
    let p = env.json(&["--as-of", "2026-03-31", "report", "programs"]);
    assert_eq!(
        (&p[0]["points_outstanding"], &p[0]["points_pending"]),
        (&50.into(), &100.into())
    );
    // Once the hold is over, they are outstanding.
    let s = summary(&env, "2026-04-09", "SAR");
    assert_eq!(
        (&s["points_outstanding"], &s["points_pending"]),
        (&150.into(), &0.into())
    );
}
