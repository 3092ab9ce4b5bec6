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
