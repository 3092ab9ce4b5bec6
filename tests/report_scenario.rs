//! Reports end to end over a scenario with three programs, SAR and KWD (3 decimals), points,
//! a partial refund after payout and a failed payout; the totals must tie out to the ledger.

mod common;
mod payout_fixture;
use common::TestEnv;
use payout_fixture::Fx;
use serde_json::Value;

fn scenario() -> (TestEnv, Fx) {
    let env = TestEnv::new();
    env.ok(&["init", "--currency", "SAR"]);
    let fx = Fx::open(&env.db);
    let friends = fx.program("Friends", "referral", "SAR");
    let partners = fx.program("Partners", "affiliate", "KWD");
    let loyalty = fx.program("Loyalty", "points", "SAR");
    fx.conn
        .execute(
            "UPDATE programs SET point_value_minor = 5 WHERE id = ?1",
            [loyalty],
        )
        .unwrap();
    let alice = fx.member("alice@x.sa", "Alice", Some("paypal"), Some("alice.pp@x.sa"));
    let bob = fx.member("bob@x.sa", "Bob", Some("bank"), Some("SA01"));
    let kim = fx.member("kim@x.kw", "Kim", Some("bank"), Some("KW01"));
    let fa = fx.code("FR-ALICE", friends, alice, "2026-01-01T00:00:00Z");
    fx.code("FR-BOB", friends, bob, "2026-01-02T00:00:00Z");
    let kc = fx.code("KIM", partners, kim, "2026-01-03T00:00:00Z");

    fx.order("O0", "c2@x.sa", 5000, "SAR", "2025-12-01T10:00:00Z", None);
    fx.order(
        "O1",
        "c1@x.sa",
        20000,
        "SAR",
        "2026-01-10T10:00:00Z",
        Some(fa),
    );
    fx.order(
        "O2",
        "c2@x.sa",
        10000,
        "SAR",
        "2026-02-05T10:00:00Z",
        Some(fa),
    );
    fx.order(
        "O3",
        "alice@x.sa",
        8000,
        "SAR",
        "2026-02-10T10:00:00Z",
        Some(fa),
    );
    fx.order(
        "O4",
        "c3@x.sa",
        30000,
        "SAR",
        "2026-03-25T10:00:00Z",
        Some(fa),
    );
    fx.order("O5", "c9@x.sa", 4000, "SAR", "2026-01-15T10:00:00Z", None);
    fx.order(
        "K1",
        "k1@x.kw",
        50000,
        "KWD",
        "2026-01-20T10:00:00Z",
        Some(kc),
    );
    fx.order(
        "K2",
        "k2@x.kw",
        12345,
        "KWD",
        "2026-02-20T10:00:00Z",
        Some(kc),
    );
    fx.order("K3", "k3@x.kw", 7000, "KWD", "2026-03-01T10:00:00Z", None);

    fx.money(
        alice,
        friends,
        "accrual",
        "SAR",
        2000,
        "2026-01-10T10:00:00Z",
        "2026-01-24T10:00:00Z",
        ("order", "O1"),
        "O1",
    );
    fx.money(
        alice,
        friends,
        "accrual",
        "SAR",
        1000,
        "2026-02-05T10:00:00Z",
        "2026-02-19T10:00:00Z",
        ("order", "O2"),
        "O2",
    );
    fx.skip("O3", friends, alice, "self-referral: same email");
    fx.money(
        kim,
        partners,
        "accrual",
        "KWD",
        5000,
        "2026-01-20T10:00:00Z",
        "2026-02-03T10:00:00Z",
        ("order", "K1"),
        "K1",
    );
    fx.money(
        kim,
        partners,
        "accrual",
        "KWD",
        1235,
        "2026-02-20T10:00:00Z",
        "2026-03-06T10:00:00Z",
        ("order", "K2"),
        "K2",
    );
    fx.points(
        alice,
        loyalty,
        "points_earn",
        300,
        "2026-01-10T10:00:00Z",
        ("order", "O1"),
    );
    fx.points(
        alice,
        loyalty,
        "points_redeem",
        -100,
        "2026-02-01T10:00:00Z",
        ("redemption", "1"),
    );
    fx.points(
        alice,
        loyalty,
        "points_expire",
        -50,
        "2026-03-01T10:00:00Z",
        ("expiry", "1"),
    );

    // Payouts on 10 March: Alice's is paid, Kim's fails and the money comes back.
    let batches = env.json(&["--as-of", "2026-03-10", "payout", "create"]);
    assert_eq!(batches.as_array().unwrap().len(), 2, "{batches}");
    for b in batches.as_array().unwrap() {
        let id = b["id"].as_i64().unwrap().to_string();
        env.ok(&["--as-of", "2026-03-10", "payout", "export", &id]);
        if b["currency"] == "SAR" {
            assert_eq!(b["total"], "30.00");
            env.ok(&["payout", "mark-paid", &id, "--reference", "PP-1"]);
        } else {
            assert_eq!(b["total"], "6.235");
            env.ok(&["payout", "mark-failed", &id, "--reason", "IBAN rejected"]);
        }
    }
    // A partial refund after payout: a quarter of O1 comes back, reversing a quarter of the reward.
    fx.ret("R1", "O1", 5000, "SAR", "2026-03-15T10:00:00Z");
    fx.money(
        alice,
        friends,
        "reversal",
        "SAR",
        -500,
        "2026-03-15T10:00:00Z",
        "2026-03-15T10:00:00Z",
        ("return", "R1"),
        "O1",
    );
    fx.held_review(
        alice,
        friends,
        "O4",
        "SAR",
        3000,
        "velocity: 3 orders in a day",
    );
    env.ok(&[
        "adjust",
        "bob@x.sa",
        "10",
        "--reason",
        "goodwill",
        "--program",
        "Friends",
    ]);
    (env, fx)
}

fn by<'a>(rows: &'a Value, key: &str, value: &str) -> &'a Value {
    rows.as_array()
        .unwrap()
        .iter()
        .find(|r| r[key] == value)
        .unwrap_or_else(|| panic!("no row with {key}={value} in {rows}"))
}

#[test]
fn summary_totals_tie_out_to_the_ledger() {
    let (env, fx) = scenario();
    let rows = env.json(&["report", "summary"]);
    assert_eq!(rows.as_array().unwrap().len(), 2);
    for cur in ["SAR", "KWD"] {
        let r = by(&rows, "currency", cur);
        let sql = |q: &str| fx.count(&q.replace("CUR", cur));
        let total = sql("SELECT IFNULL(SUM(amount_minor), 0) FROM ledger WHERE currency = 'CUR'");
        let minor = |k: &str| r[format!("{k}_minor")].as_i64().unwrap();
        assert_eq!(
            minor("pending") + minor("available"),
            total,
            "{cur}: states = ledger sum"
        );
        assert_eq!(
            minor("reward_cost") - minor("paid_out"),
            total,
            "{cur}: flows = ledger sum"
        );
        assert_eq!(
            minor("accrued"),
            sql(
                "SELECT IFNULL(SUM(amount_minor), 0) FROM ledger WHERE currency = 'CUR' AND kind = 'accrual'"
            )
        );
        assert_eq!(
            minor("reversed"),
            -sql(
                "SELECT IFNULL(SUM(amount_minor), 0) FROM ledger WHERE currency = 'CUR' AND kind = 'reversal'"
            )
        );
        assert_eq!(
            minor("paid"),
            -sql(
                "SELECT IFNULL(SUM(amount_minor), 0) FROM ledger WHERE currency = 'CUR' AND kind IN ('payout', 'payout_return')"
            )
        );
        // The members report adds up to the same totals.
        let members = env.json(&["report", "members"]);
        for k in ["accrued", "pending", "available", "paid"] {
            let sum: i64 = members
                .as_array()
                .unwrap()
                .iter()
                .filter(|m| m["currency"] == cur)
                .map(|m| m[format!("{k}_minor")].as_i64().unwrap())
                .sum();
            assert_eq!(sum, minor(k), "{cur} members {k}");
        }
        // And so does the balance command.
        let bal = env.json(&["balance"]);
        let avail: i64 = bal
            .as_array()
            .unwrap()
            .iter()
            .filter(|b| b["currency"] == cur)
            .map(|b| b["available_minor"].as_i64().unwrap())
            .sum();
        assert_eq!(avail, minor("available"));
    }
    let sar = by(&rows, "currency", "SAR");
    let want = [
        ("programs", "2"),
        ("referred_orders", "3"),
        ("new_customers", "2"),
        ("referred_revenue", "\"550.00\""),
        ("accrued", "\"30.00\""),
        ("reversed", "\"5.00\""),
        ("adjusted", "\"10.00\""),
        ("reward_cost", "\"35.00\""),
        ("paid_out", "\"30.00\""),
        ("pending", "\"0.00\""),
        ("available", "\"5.00\""),
        ("paid", "\"30.00\""),
        ("cost_per_new_customer", "\"17.50\""),
        ("roi", "\"14.71\""),
        ("points_issued", "300"),
        ("points_redeemed", "100"),
        ("points_expired", "50"),
        ("points_outstanding", "150"),
        ("points_liability", "\"7.50\""),
    ];
    for (k, v) in want {
        assert_eq!(sar[k].to_string(), v, "SAR {k}");
    }
    let kwd = by(&rows, "currency", "KWD");
    for (k, v) in [
        ("referred_revenue", "62.345"),
        ("accrued", "6.235"),
        ("paid_out", "0.000"),
        ("available", "6.235"),
        ("paid", "0.000"),
        ("roi", "9.00"),
        ("cost_per_new_customer", "3.118"),
    ] {
        assert_eq!(kwd[k], v, "KWD {k}");
    }
    // A point value given on the command line wins.
    let rows = env.json(&["report", "summary", "--point-value", "0.10"]);
    assert_eq!(by(&rows, "currency", "SAR")["points_liability"], "15.00");
}

#[test]
fn programs_report_measures() {
    let (env, _fx) = scenario();
    let rows = env.json(&["report", "programs"]);
    assert_eq!(rows.as_array().unwrap().len(), 3);
    let fr = by(&rows, "program", "Friends");
    for (k, v) in [
        ("codes_issued", "2"),
        ("members_with_codes", "2"),
        ("members_converted", "1"),
        ("conversion", "\"50.00%\""),
        ("referred_orders", "3"),
        ("new_customers", "2"),
        ("referred_revenue", "\"550.00\""),
        ("reward_cost", "\"35.00\""),
        ("matured", "\"35.00\""),
        ("roi", "\"14.71\""),
        ("refund_rate_referred", "\"33.33%\""),
        ("refund_rate_all", "\"16.67%\""),
        ("aov_referred", "\"200.00\""),
        ("aov_other", "\"56.67\""),
        ("revenue_per_referred_customer", "\"200.00\""),
        ("revenue_per_other_customer", "\"60.00\""),
    ] {
        assert_eq!(fr[k].to_string(), v, "Friends {k}");
    }
    let lo = by(&rows, "program", "Loyalty");
    assert_eq!(lo["points_outstanding"], 150);
    assert_eq!(lo["points_liability"], "7.50");
    let pa = by(&rows, "program", "Partners");
    assert_eq!(pa["currency"], "KWD");
    assert_eq!(pa["referred_orders"], 2);
    assert_eq!(pa["conversion"], "100.00%");

    // Filters: one program, a date window.
    let only = env.json(&["report", "programs", "--program", "partners"]);
    assert_eq!(only.as_array().unwrap().len(), 1);
    let feb = env.json(&[
        "report",
        "programs",
        "--program",
        "Friends",
        "--from",
        "2026-02-01",
        "--to",
        "2026-02-28",
    ]);
    assert_eq!(feb[0]["referred_orders"], 1);
    assert_eq!(feb[0]["accrued"], "10.00");
    assert_eq!(feb[0]["reversed"], "0.00");
    let (code, _, _) = env.run(&[
        "report",
        "programs",
        "--from",
        "2026-03-01",
        "--to",
        "2026-02-01",
    ]);
    assert_eq!(code, 2);
    let (code, _, err) = env.run(&["report", "programs", "--program", "Nope"]);
    assert_eq!(code, 1, "{err}");

    // CSV and table views of the same data.
    let csv = env.ok(&["--format", "csv", "report", "programs"]);
    assert!(
        csv.starts_with("program,kind,currency,codes_issued,"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 4);
    let table = env.ok(&["report", "programs"]);
    assert!(table.contains("Friends") && table.contains("14.71") && !table.contains("_minor"));
}

#[test]
fn top_monthly_and_fraud() {
    let (env, _fx) = scenario();
    let top = env.json(&["report", "top", "--limit", "2"]);
    assert_eq!(top.as_array().unwrap().len(), 2);
    assert_eq!(top[0]["member_email"], "alice@x.sa");
    assert_eq!(top[0]["referred_orders"], 3);
    assert_eq!(top[1]["member_email"], "kim@x.kw");

    let monthly = env.json(&["report", "monthly"]);
    let row = |m: &str, c: &str| {
        monthly
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["month"] == m && r["currency"] == c)
            .unwrap_or_else(|| panic!("{m} {c} in {monthly}"))
            .clone()
    };
    let jan = row("2026-01", "SAR");
    assert_eq!(
        (
            jan["referred_orders"].as_i64(),
            jan["accrued"].as_str(),
            jan["points_issued"].as_i64()
        ),
        (Some(1), Some("20.00"), Some(300))
    );
    let mar = row("2026-03", "SAR");
    assert_eq!(mar["reversed"], "5.00");
    assert_eq!(mar["paid_out"], "30.00");
    assert_eq!(mar["points_expired"], 50);
    assert_eq!(
        row("2026-03", "KWD")["paid_out"],
        "0.000",
        "failed payout came back"
    );

    let (code, out, err) = env.run(&[
        "--format",
        "json",
        "report",
        "fraud",
        "--leak-threshold",
        "3",
    ]);
    assert_eq!(code, 0);
    assert!(
        err.contains(
            "1 self-referral(s) blocked, 1 reward(s) held for review (1 still held), 1 suspicious code(s)"
        ),
        "{err}"
    );
    let f: Value = serde_json::from_str(&out).unwrap();
    let selfref = by(&f, "kind", "self_referral_blocked");
    assert_eq!(
        (
            selfref["order_id"].as_str(),
            selfref["member_email"].as_str()
        ),
        (Some("O3"), Some("alice@x.sa"))
    );
    let held = by(&f, "kind", "held_for_review");
    assert_eq!(
        (held["amount"].as_str(), held["detail"].as_str()),
        (Some("30.00"), Some("velocity: 3 orders in a day"))
    );
    let code_row = by(&f, "kind", "suspicious_code");
    assert_eq!(code_row["code"], "FR-ALICE");
    assert!(
        code_row["detail"]
            .as_str()
            .unwrap()
            .contains("4 different customers")
    );
    let csv = env.ok(&["--format", "csv", "report", "fraud"]);
    assert!(
        csv.starts_with("kind,program,member_email,code,order_id,detail,"),
        "{csv}"
    );
}

#[test]
fn programs_report_says_where_paid_is_read_instead_of_inventing_it() {
    let (env, _fx) = scenario();
    let v = env.json(&["report", "programs"]);
    for row in v.as_array().unwrap() {
        assert!(row.get("matured").is_some(), "{row}");
        assert!(
            row.get("paid").is_none() && row.get("available").is_none(),
            "{row}"
        );
    }
    let help = env.ok(&["report", "--help"]);
    assert!(
        help.contains("per-program `available`/`paid` are not shown")
            && help.contains("`report summary`"),
        "{help}"
    );
}

/// Every report's CSV header is the same with rows and without: a script or a spreadsheet gets
/// the columns even from an empty database (it got `""` before).
#[test]
fn reports_print_their_csv_header_with_or_without_rows() {
    use rewards::cli::report::{ReportKind, columns};
    let kinds = [
        ("summary", ReportKind::Summary),
        ("programs", ReportKind::Programs),
        ("members", ReportKind::Members),
        ("top", ReportKind::Top),
        ("monthly", ReportKind::Monthly),
        ("fraud", ReportKind::Fraud),
    ];
    let (env, _fx) = scenario();
    for (name, kind) in kinds {
        let rows = env.json(&["report", name]);
        assert!(!rows.as_array().unwrap().is_empty(), "{name} has rows");
        let csv = env.ok(&["--format", "csv", "report", name]);
        let header = csv.lines().next().unwrap();
        assert_eq!(header, columns(kind).join(","), "{name}");
    }
    let empty = TestEnv::new();
    empty.ok(&["init", "--currency", "SAR", "--timezone", "Asia/Riyadh"]);
    for (name, kind) in kinds {
        let csv = empty.ok(&["--format", "csv", "report", name]);
        assert_eq!(csv, format!("{}\n", columns(kind).join(",")), "{name}");
    }
    let csv = empty.ok(&["--format", "csv", "payout", "create"]);
    assert_eq!(csv, "id,currency,method,total,members,total_minor\n");
}
