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
