//! `balance`, `adjust` and the member statement, end to end.

mod common;
mod payout_fixture;
use common::TestEnv;
use payout_fixture::Fx;
use serde_json::json;

/// A fee in the affiliate program's currency (KWD).
const FEE_IN_KWD: &[&str] = &[
    "adjust",
    "sara@x.sa",
    "-1.250",
    "--reason",
    "fee",
    "--program",
    "partners",
];

fn setup() -> (TestEnv, Fx) {
    let env = TestEnv::new();
    env.ok(&["init", "--currency", "SAR"]);
    let fx = Fx::open(&env.db);
    fx.program("Partners", "affiliate", "KWD");
    fx.member("sara@x.sa", "Sara", Some("bank"), Some("SA03"));
    (env, fx)
}

#[test]
fn adjust_credits_at_once_and_balance_prints_the_contract_fields() {
    let (env, fx) = setup();
    let v = env.json(&["adjust", "Sara@X.sa", "25.50", "--reason", "goodwill"]);
    assert_eq!(v["amount"], "25.50");
    assert_eq!(v["available"], "25.50");
    assert_eq!(v["amount_minor"], 2550);
    // Program currency by default: KWD with three decimals.
    let v = env.json(FEE_IN_KWD);
    assert_eq!(v["currency"], "KWD");
    assert_eq!(v["amount"], "-1.250");
    assert_eq!(v["amount_minor"], -1250);
    assert_eq!(
        fx.count("SELECT COUNT(*) FROM adjustments"),
        2,
        "one adjustments row each"
    );
    assert_eq!(
        fx.count(
            "SELECT COUNT(*) FROM ledger WHERE kind = 'adjustment' AND cause_type = 'adjustment'"
        ),
        2
    );
    assert_eq!(
        fx.count("SELECT COUNT(*) FROM runs WHERE command = 'adjust'"),
        2
    );
    let b = env.json(&["balance"]);
    assert_eq!(
        b,
        json!([
            {"member_email": "sara@x.sa", "currency": "KWD", "pending": "0.000", "available": "-1.250",
             "paid": "0.000", "in_payout": "0.000", "points": 0, "points_pending": 0, "pending_minor": 0,
             "available_minor": -1250, "paid_minor": 0, "in_payout_minor": 0},
            {"member_email": "sara@x.sa", "currency": "SAR", "pending": "0.00", "available": "25.50",
             "paid": "0.00", "in_payout": "0.00", "points": 0, "points_pending": 0, "pending_minor": 0,
             "available_minor": 2550, "paid_minor": 0, "in_payout_minor": 0}
        ])
    );
    // As of a date before the adjustments, nothing.
    let b = env.json(&["--as-of", "2026-01-01", "balance", "sara@x.sa"]);
    assert_eq!(b[0]["available"], "0.00");
}

#[test]
fn adjust_refuses_unknown_members_zero_and_bad_decimals_writing_nothing() {
    let (env, _fx) = setup();
    let before = env.snapshot();
    let (code, _, err) = env.run(&["adjust", "nobody@x.sa", "10", "--reason", "x"]);
    assert_eq!(code, 1);
    assert!(err.contains("no member"), "{err}");
    let (code, _, err) = env.run(&["adjust", "sara@x.sa", "0.00", "--reason", "x"]);
    assert_eq!(code, 2);
    assert!(err.contains("zero"), "{err}");
    let (code, _, err) = env.run(&["adjust", "sara@x.sa", "1.234", "--reason", "x"]);
    assert_eq!(code, 2);
    assert!(err.contains("decimals"), "{err}");
    let (code, _, _) = env.run(&[
        "adjust",
        "sara@x.sa",
        "1.2345",
        "--reason",
        "x",
        "--currency",
        "KWD",
    ]);
    assert_eq!(code, 2);
    let (code, _, _) = env.run(&["adjust", "sara@x.sa", "ten", "--reason", "x"]);
    assert_eq!(code, 2);
    let (code, _, err) = env.run(&[
        "adjust",
        "sara@x.sa",
        "5",
        "--reason",
        "x",
        "--program",
        "Nope",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("no program"), "{err}");
    let (code, _, _) = env.run(&["adjust", "sara@x.sa", "5", "--reason", "  "]);
    assert_eq!(code, 2);
    assert_eq!(env.snapshot(), before, "refused adjustments change nothing");
    let (code, _, err) = env.run(&["balance", "nobody@x.sa"]);
    assert_eq!(code, 1);
    assert!(err.contains("no member"), "{err}");
}

#[test]
fn pending_available_paid_and_points_follow_the_clock() {
    let (env, fx) = setup();
    let p = fx.program("Friends", "referral", "SAR");
    let pts = fx.program("Points", "points", "SAR");
    let m = fx.member("ali@x.sa", "Ali", Some("bank"), Some("SA04"));
    fx.money(
        m,
        p,
        "accrual",
        "SAR",
        5000,
        "2026-03-01T10:00:00Z",
        "2026-03-15T10:00:00Z",
        ("order", "A1"),
        "A1",
    );
    fx.money(
        m,
        p,
        "accrual",
        "SAR",
        3000,
        "2026-03-20T10:00:00Z",
        "2026-04-03T10:00:00Z",
        ("order", "A2"),
        "A2",
    );
    fx.money(
        m,
        p,
        "reversal",
        "SAR",
        -1000,
        "2026-03-25T10:00:00Z",
        "2026-03-25T10:00:00Z",
        ("return", "R1"),
        "A1",
    );
    fx.points(
        m,
        pts,
        "points_earn",
        120,
        "2026-03-02T00:00:00Z",
        ("order", "A1"),
    );
    fx.points(
        m,
        pts,
        "points_redeem",
        -20,
        "2026-03-03T00:00:00Z",
        ("redemption", "1"),
    );
    let b = env.json(&["balance", "ali@x.sa"]);
    assert_eq!(
        b.as_array().unwrap().len(),
        1,
        "points sit on the program's currency row"
    );
    assert_eq!(b[0]["pending"], "30.00");
    assert_eq!(b[0]["available"], "40.00");
    assert_eq!(b[0]["paid"], "0.00");
    assert_eq!(b[0]["points"], 100);
    let b = env.json(&["--as-of", "2026-03-10", "balance", "ali@x.sa"]);
    assert_eq!(b[0]["pending"], "50.00");
    assert_eq!(b[0]["available"], "0.00");
    let b = env.json(&["--as-of", "2026-04-05", "balance", "ali@x.sa"]);
    assert_eq!(b[0]["available"], "70.00");

    // The statement lists every entry with dates and a running total.
    let st = env.json(&["balance", "--member", "ali@x.sa"]);
    assert_eq!(st["member_name"], "Ali");
    let entries = st["entries"].as_array().unwrap();
    let kinds: Vec<&str> = entries
        .iter()
        .map(|e| e["entry"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "accrual",
            "points_earn",
            "points_redeem",
            "accrual",
            "reversal"
        ]
    );
    assert_eq!(entries[0]["date"], "2026-03-01");
    assert_eq!(entries[0]["available_from"], "2026-03-15");
    assert_eq!(entries[4]["amount"], "-10.00");
    assert_eq!(entries[4]["running_total"], "70.00");
    assert_eq!(entries[4]["running_total_minor"], 7000);
    assert_eq!(entries[4]["amount_minor"], -1000);
    // A points row moves no money: neither amount nor its minor units.
    assert_eq!(entries[1]["amount"], serde_json::Value::Null);
    assert_eq!(entries[1]["amount_minor"], serde_json::Value::Null);
    assert!(
        entries[4]["description"]
            .as_str()
            .unwrap()
            .contains("order A1")
    );
    let table = env.ok(&["balance", "--member", "ali@x.sa"]);
    assert!(
        table.contains("reward reversed") && table.contains("2026-03-25"),
        "{table}"
    );
}

/// `settle`'s totals: one row per currency in code order, each summing its rows up to the
/// as-of. (Pending amounts: `engine_scenarios`.)
#[test]
fn settle_totals_sum_each_currency_in_code_order() {
    let (env, _fx) = setup();
    env.ok(&["adjust", "sara@x.sa", "25.50", "--reason", "goodwill"]);
    env.ok(&["adjust", "sara@x.sa", "4.50", "--reason", "goodwill"]);
    env.ok(FEE_IN_KWD);
    // Nothing had happened by then.
    let v = env.json(&["settle", "--as-of", "2020-01-01T00:00:00Z"]);
    assert_eq!(v["totals"], json!([]));
    let v = env.json(&["settle"]);
    assert_eq!(
        v["totals"],
        json!([
            {"currency": "KWD", "pending": "0.000", "available": "-1.250",
             "pending_minor": 0, "available_minor": -1250},
            {"currency": "SAR", "pending": "0.00", "available": "30.00",
             "pending_minor": 0, "available_minor": 3000},
        ])
    );
}
