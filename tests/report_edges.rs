//! Reports at their edges, through the real commands: one customer under two spellings of a
//! mailbox, a program's figures beside a payout, a code issued after the orders it claimed,
//! and a --from after the implicit end.

mod common;
use common::TestEnv;
use serde_json::Value;

fn orders_csv(env: &TestEnv, rows: &str) -> String {
    let path = env.write(
        "orders.csv",
        &format!("order_id,customer_email,amount,currency,ordered_at,code\n{rows}"),
    );
    path.to_string_lossy().into_owned()
}

fn row<'a>(rows: &'a Value, key: &str, value: &str) -> &'a Value {
    rows.as_array()
        .unwrap()
        .iter()
        .find(|r| r[key] == value)
        .unwrap_or_else(|| panic!("no row with {key}={value} in {rows}"))
}

/// `Old.Guy@Gmail.com` and `oldguy+x@gmail.com` are one customer (settle's canonical mailbox):
/// his referred order is not a new customer's, and his revenue is one person's.
#[test]
fn reports_count_a_customer_by_canonical_mailbox_as_settle_does() {
    let env = TestEnv::new();
    let at = |t: &str, args: &[&str]| {
        let mut full = vec!["--as-of", t];
        full.extend_from_slice(args);
        env.ok(&full);
    };
    let jan = "2026-01-01T00:00:00Z";
    at(jan, &["init", "--currency", "SAR", "--timezone", "UTC"]);
    at(
        jan,
        &[
            "program",
            "create",
            "Aff",
            "--kind",
            "affiliate",
            "--reward",
            "10%",
            "--every-order",
        ],
    );
    at(
        jan,
        &[
            "member",
            "add",
            "--name",
            "Bob",
            "--email",
            "bob@example.com",
            "--kind",
            "partner",
        ],
    );
    at(
        jan,
        &[
            "code",
            "issue",
            "--program",
            "Aff",
            "--member",
            "bob@example.com",
            "--code",
            "BOBAFF",
        ],
    );
    let file = orders_csv(
        &env,
        "K1,Old.Guy@Gmail.com,100.00,SAR,2026-01-05T10:00:00,\n\
         K2,oldguy+x@gmail.com,200.00,SAR,2026-02-01T10:00:00,BOBAFF\n",
    );
    env.ok(&["import", "orders", &file]);
    env.ok(&["settle"]);

    let summary = env.json(&["report", "summary"]);
    let sar = row(&summary, "currency", "SAR");
    assert_eq!(sar["referred_orders"], 1);
    assert_eq!(sar["accrued"], "20.00");
    assert_eq!(sar["new_customers"], 0, "{sar}");
    assert_eq!(sar["cost_per_new_customer"], Value::Null, "{sar}");

    let programs = env.json(&["report", "programs"]);
    let aff = row(&programs, "program", "Aff");
    assert_eq!(aff["new_customers"], 0, "{aff}");
    assert_eq!(aff["cost_per_new_customer"], Value::Null);
    // One customer with both orders, referred: 300.00; no other customer at all.
    assert_eq!(aff["revenue_per_referred_customer"], "300.00", "{aff}");
    assert_eq!(aff["revenue_per_other_customer"], Value::Null, "{aff}");

    let members = env.json(&["report", "members"]);
    assert_eq!(
        row(&members, "member_email", "bob@example.com")["new_customers"],
        0
    );
    let monthly = env.json(&["report", "monthly"]);
    assert_eq!(row(&monthly, "month", "2026-02")["new_customers"], 0);
}

/// Alice's 50.00 was paid: with --program, the member-level figures a program cannot have
/// (available, paid, in payout, paid out) are empty instead of claiming the 50.00 is available.
#[test]
fn program_reports_leave_member_level_balances_empty_instead_of_contradicting_balance() {
    let env = TestEnv::new();
    let jan = "2026-01-01T00:00:00Z";
    let at = |t: &str, args: &[&str]| {
        let mut full = vec!["--as-of", t];
        full.extend_from_slice(args);
        env.ok(&full)
    };
    at(jan, &["init", "--currency", "SAR", "--timezone", "UTC"]);
    at(
        jan,
        &[
            "program",
            "create",
            "Ref",
            "--kind",
            "referral",
            "--reward",
            "50",
            "--hold-days",
            "0",
        ],
    );
    at(
        jan,
        &[
            "member",
            "add",
            "--name",
            "Alice",
            "--email",
            "alice@x.sa",
            "--payout-method",
            "bank",
            "--payout-account",
            "SA01",
        ],
    );
    at(
        jan,
        &[
            "code",
            "issue",
            "--program",
            "Ref",
            "--member",
            "alice@x.sa",
            "--code",
            "ALICE",
        ],
    );
    let file = orders_csv(&env, "O1,c1@x.sa,200.00,SAR,2026-01-10T10:00:00,ALICE\n");
    let feb = "2026-02-01T00:00:00Z";
    at(feb, &["import", "orders", &file]);
    at(feb, &["settle"]);
    at(feb, &["payout", "create"]);
    let out = env.path("p.csv");
    at(feb, &["payout", "export", "1", "-o", out.to_str().unwrap()]);
    at(feb, &["payout", "mark-paid", "1"]);

    let bal = env.json(&["--as-of", feb, "balance"]);
    assert_eq!(
        (bal[0]["available"].as_str(), bal[0]["paid"].as_str()),
        (Some("0.00"), Some("50.00"))
    );
    // Without --program the reports agree with balance.
    let all = env.json(&["--as-of", feb, "report", "members"]);
    assert_eq!(
        (all[0]["available"].as_str(), all[0]["paid"].as_str()),
        (Some("0.00"), Some("50.00"))
    );

    let m = env.json(&["--as-of", feb, "report", "members", "--program", "Ref"]);
    assert_eq!(m.as_array().unwrap().len(), 1);
    assert_eq!(
        (m[0]["accrued"].as_str(), m[0]["pending"].as_str()),
        (Some("50.00"), Some("0.00"))
    );
    for k in ["available", "paid", "in_payout"] {
        assert_eq!(m[0][k], Value::Null, "members --program {k}: {}", m[0]);
        assert_eq!(m[0][format!("{k}_minor")], Value::Null, "{k}_minor");
    }
    let top = env.json(&["--as-of", feb, "report", "top", "--program", "Ref"]);
    assert_eq!(top[0]["available"], Value::Null, "{top}");

    let s = env.json(&["--as-of", feb, "report", "summary", "--program", "Ref"]);
    assert_eq!(
        (s[0]["accrued"].as_str(), s[0]["reward_cost"].as_str()),
        (Some("50.00"), Some("50.00"))
    );
    for k in ["available", "paid", "in_payout", "paid_out"] {
        assert_eq!(s[0][k], Value::Null, "summary --program {k}: {}", s[0]);
    }
    let s = env.json(&["--as-of", feb, "report", "summary"]);
    assert_eq!(
        (
            s[0]["available"].as_str(),
            s[0]["paid"].as_str(),
            s[0]["paid_out"].as_str()
        ),
        (Some("0.00"), Some("50.00"), Some("50.00"))
    );
    let monthly = env.json(&["--as-of", feb, "report", "monthly", "--program", "Ref"]);
    assert!(
        monthly
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["paid_out"].is_null()),
        "{monthly}"
    );

    // CSV keeps every column, with empty cells.
    use rewards::cli::report::{ReportKind, columns};
    let csv = env.ok(&[
        "--as-of",
        feb,
        "--format",
        "csv",
        "report",
        "members",
        "--program",
        "Ref",
    ]);
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(header, columns(ReportKind::Members));
    let cells: Vec<&str> = lines.next().unwrap().split(',').collect();
    let cell = |k: &str| cells[header.iter().position(|h| *h == k).unwrap()];
    assert_eq!(
        (cell("accrued"), cell("available"), cell("paid")),
        ("50.00", "", "")
    );
}

/// Ann's code, issued on 30 March, claimed an order of 6 February: she converted in February
/// and is counted among the members with a code, so conversion stays at most 100%.
#[test]
fn conversion_counts_the_same_members_above_and_below_the_line() {
    let env = TestEnv::new();
    let at = |t: &str, args: &[&str]| {
        let mut full = vec!["--as-of", t];
        full.extend_from_slice(args);
        env.ok(&full)
    };
    let jan = "2026-01-01T00:00:00Z";
    at(jan, &["init", "--currency", "SAR", "--timezone", "UTC"]);
    at(
        jan,
        &[
            "program",
            "create",
            "Aff",
            "--kind",
            "affiliate",
            "--reward",
            "10%",
            "--every-order",
        ],
    );
    for (name, email) in [("Bob", "bob@x.sa"), ("Ann", "ann@x.sa")] {
        at(
            jan,
            &[
                "member", "add", "--name", name, "--email", email, "--kind", "partner",
            ],
        );
    }
    at(
        jan,
        &[
            "code",
            "issue",
            "--program",
            "Aff",
            "--member",
            "bob@x.sa",
            "--code",
            "BOBB",
        ],
    );
    at(
        "2026-03-30T00:00:00Z",
        &[
            "code",
            "issue",
            "--program",
            "Aff",
            "--member",
            "ann@x.sa",
            "--code",
            "ANNN",
        ],
    );
    let file = orders_csv(
        &env,
        "V1,c1@x.sa,100.00,SAR,2026-02-05T10:00:00,BOBB\n\
         V2,c2@x.sa,100.00,SAR,2026-02-06T10:00:00,ANNN\n",
    );
    env.ok(&["import", "orders", &file]);
    env.ok(&["settle"]);

    let feb = env.json(&["report", "programs", "--to", "2026-02-28"]);
    let aff = row(&feb, "program", "Aff");
    assert_eq!(aff["referred_orders"], 2, "{aff}");
    assert_eq!(
        (
            aff["members_with_codes"].as_i64(),
            aff["members_converted"].as_i64(),
            aff["conversion"].as_str()
        ),
        (Some(2), Some(2), Some("100.00%")),
        "{aff}"
    );
    // Ann's code counts for the window it converted in, not for one it did not.
    let jan_only = env.json(&["report", "programs", "--to", "2026-01-31"]);
    let aff = row(&jan_only, "program", "Aff");
    assert_eq!(
        (
            aff["members_with_codes"].as_i64(),
            aff["members_converted"].as_i64(),
            aff["conversion"].as_str()
        ),
        (Some(1), Some(0), Some("0.00%")),
        "{aff}"
    );
}

/// Without --to a report ends at the as-of; a --from after it says so instead of blaming a
/// --to that was not given.
#[test]
fn a_from_after_the_implicit_end_names_the_as_of() {
    let env = TestEnv::new();
    env.ok(&["init", "--currency", "SAR"]);
    let (code, out, err) = env.run(&["report", "summary", "--from", "2026-04-01"]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty(), "{out}");
    assert!(!err.contains("after --to"), "{err}");
    assert!(
        err.contains("without --to") && err.contains("2026-03-31T12:00:00Z"),
        "{err}"
    );
    let (code, _, err) = env.run(&[
        "report",
        "summary",
        "--from",
        "2026-04-01",
        "--to",
        "2026-03-01",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("after --to"), "{err}");
}

/// `report summary` reads the rewarded orders in two halves (split at the median order id, in
/// two threads, from one snapshot). Carol's second order A1 sorts into the lower half and her
/// first, Z1, into the upper: A1 is still not a new customer's. The figures are the
/// hand-computed ones, and the same while another process holds the write lock (a commit
/// between the two connections' starts makes the report read in one piece: the unit test in
/// `db::reports`).
#[test]
fn summary_counts_the_same_in_two_halves_and_while_a_writer_holds_the_database() {
    let env = TestEnv::new();
    env.affiliate_shop(&["--reward", "10%", "--every-order"]);
    let file = orders_csv(
        &env,
        "B1,erin@x.com,80.00,SAR,2026-01-03T10:00:00,\n\
         Z1,carol@x.com,100.00,SAR,2026-01-05T10:00:00,PART1\n\
         M1,dave@x.com,50.00,SAR,2026-01-10T10:00:00,PART1\n\
         C1,erin@x.com,40.00,SAR,2026-01-20T10:00:00,PART1\n\
         A1,carol@x.com,200.00,SAR,2026-02-01T10:00:00,PART1\n",
    );
    env.ok(&["import", "orders", &file]);
    let returns = env.write(
        "returns.csv",
        "return_id,order_id,amount,returned_at\nR1,Z1,30.00,2026-01-08T10:00:00\n",
    );
    env.ok(&["import", "returns", &returns.to_string_lossy()]);
    env.ok(&["settle"]);

    let check = |summary: &Value| {
        let sar = row(summary, "currency", "SAR");
        assert_eq!(sar["referred_orders"], 4, "{sar}");
        // Z1 (Carol's first) and M1 (Dave's only); not A1 (Carol's second) nor C1 (Erin's B1
        // came first).
        assert_eq!(sar["new_customers"], 2, "{sar}");
        // 100.00 - 30.00 + 50.00 + 40.00 + 200.00
        assert_eq!(sar["referred_revenue"], "360.00", "{sar}");
        // 10% of 390.00, less 10% of the 30.00 returned
        assert_eq!(sar["accrued"], "39.00", "{sar}");
        assert_eq!(sar["reversed"], "3.00", "{sar}");
    };
    let two_halves = env.json(&["report", "summary"]);
    check(&two_halves);

    let writer = rusqlite::Connection::open(&env.db).expect("open");
    writer.execute_batch("BEGIN IMMEDIATE").expect("write lock");
    let (code, out, err) = env.run(&["--format", "json", "report", "summary"]);
    writer.execute_batch("ROLLBACK").expect("rollback");
    assert_eq!(code, 0, "{err}");
    let while_writing: Value = serde_json::from_str(&out).expect("json");
    check(&while_writing);
    assert_eq!(while_writing, two_halves);

    // `report members` and `monthly` count the same orders, per referrer and per month.
    let members = env.json(&["report", "members"]);
    let p = row(&members, "member_email", "p@x.com");
    assert_eq!(
        (
            &p["referred_orders"],
            &p["new_customers"],
            &p["referred_revenue"]
        ),
        (&Value::from(4), &Value::from(2), &Value::from("360.00")),
        "{p}"
    );
    let monthly = env.json(&["report", "monthly"]);
    let month = |m: &str| {
        let r = row(&monthly, "month", m);
        (
            r["referred_orders"].clone(),
            r["new_customers"].clone(),
            r["referred_revenue"].clone(),
        )
    };
    // January: Z1 (70.00 after its return), M1, C1; February: A1, Carol's second.
    assert_eq!(month("2026-01"), (3.into(), 2.into(), "160.00".into()));
    assert_eq!(month("2026-02"), (1.into(), 0.into(), "200.00".into()));
}

/// `report programs` for one month of a shop whose other orders are older: the month's two
/// orders of twenty are read through the time index instead of a pass over every order, with
/// the same definitions. Carol's March order is referred; her January one is outside the
/// window, so she is no new customer and her revenue in the window is 100.00. Dan's order,
/// 20.00 of it returned, is the other orders and the other customers.
#[test]
fn programs_for_a_month_of_a_bigger_shop_count_only_that_month() {
    let env = TestEnv::new();
    env.affiliate_shop(&["--reward", "10%", "--every-order"]);
    let mut rows = String::new();
    for i in 1..=17 {
        rows += &format!("J{i:02},j{i}@x.com,10.00,SAR,2026-01-{i:02}T10:00:00,\n");
    }
    rows += "J18,carol@x.com,50.00,SAR,2026-01-20T10:00:00,\n\
             M1,carol@x.com,100.00,SAR,2026-03-05T10:00:00,PART1\n\
             M2,dan@x.com,80.00,SAR,2026-03-06T10:00:00,\n";
    env.ok(&["import", "orders", &orders_csv(&env, &rows)]);
    let returns = env.write(
        "returns.csv",
        "return_id,order_id,amount,returned_at\n\
         R1,M2,20.00,2026-03-10T10:00:00\n\
         R2,J01,5.00,2026-01-05T10:00:00\n",
    );
    env.ok(&["import", "returns", &returns.to_string_lossy()]);
    env.ok(&["settle"]);

    let march = env.json(&[
        "report",
        "programs",
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-20",
    ]);
    let aff = row(&march, "program", "Aff");
    let got = |k: &str| aff[k].clone();
    assert_eq!(got("referred_orders"), 1, "{aff}");
    assert_eq!(got("new_customers"), 0, "{aff}");
    assert_eq!(got("referred_revenue"), "100.00", "{aff}");
    assert_eq!(got("refund_rate_referred"), "0.00%", "{aff}");
    assert_eq!(got("refund_rate_all"), "50.00%", "{aff}");
    assert_eq!(got("aov_referred"), "100.00", "{aff}");
    assert_eq!(got("aov_other"), "80.00", "{aff}");
    assert_eq!(got("revenue_per_referred_customer"), "100.00", "{aff}");
    assert_eq!(got("revenue_per_other_customer"), "60.00", "{aff}");

    // The whole year, read in one pass: 2 of 20 orders returned; Carol, referred, 150.00;
    // the 18 other customers 17 x 10.00 - 5.00 + 60.00 = 225.00; the 19 other orders (all
    // but M1) 300.00.
    let year = env.json(&["report", "programs", "--from", "2026-01-01"]);
    let aff = row(&year, "program", "Aff");
    assert_eq!(aff["refund_rate_all"], "10.00%", "{aff}");
    assert_eq!(aff["revenue_per_referred_customer"], "150.00", "{aff}");
    assert_eq!(aff["revenue_per_other_customer"], "12.50", "{aff}");
    assert_eq!(aff["aov_other"], "15.79", "{aff}");
}
