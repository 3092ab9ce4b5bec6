//! `rewards import returns` and `import activities`: unknown orders (importable later), totals
//! above the order's amount, currency checks, stable keys without ids, activities' keys.

mod common;
use common::{TestEnv, sample};
use serde_json::Value;
use std::path::PathBuf;

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
        .display()
        .to_string()
}

fn setup() -> TestEnv {
    let env = TestEnv::new();
    env.ok(&["init", "--currency", "SAR", "--timezone", "Asia/Riyadh"]);
    env
}

fn count(env: &TestEnv, sql: &str) -> i64 {
    let c = rusqlite::Connection::open(&env.db).unwrap();
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn import(env: &TestEnv, args: &[&str]) -> (i32, Value, String) {
    let mut full = vec!["--format", "json", "import"];
    full.extend_from_slice(args);
    let (code, out, err) = env.run(&full);
    (code, serde_json::from_str(&out).unwrap_or(Value::Null), err)
}

#[test]
fn a_return_for_an_unknown_order_is_rejected_and_importable_later() {
    let env = setup();
    let orders = env.write(
        "o.csv",
        "order_id,customer_email,amount,currency,ordered_at\nS9,huda@example.sa,50.00,SAR,2026-03-01\n",
    );
    let f = fixture("returns_unknown_order.csv");
    let (code, v, err) = import(&env, &["returns", &f]);
    assert_eq!(code, 3);
    assert_eq!(v["rejected"], 1);
    assert!(
        err.contains(&format!("{f}:2: order S9 is not imported yet")),
        "{err}"
    );
    assert_eq!(count(&env, "SELECT COUNT(*) FROM returns"), 0);
    import(&env, &["orders", orders.to_str().unwrap()]);
    let (code, v, _) = import(&env, &["returns", &f]);
    assert_eq!(code, 0);
    assert_eq!(v["inserted"], 1);
    assert_eq!(count(&env, "SELECT amount_minor FROM returns"), 1000);
}

#[test]
fn returns_may_not_exceed_the_order_amount_in_total() {
    let env = setup();
    import(&env, &["orders", &fixture("bad_amount.csv")]); // S1: 100.00 SAR
    let f = fixture("returns_exceeding.csv");
    let (code, v, err) = import(&env, &["returns", &f]);
    assert_eq!(code, 3);
    assert_eq!(v["inserted"], 2);
    assert_eq!(v["rejected"], 1);
    assert!(
        err.contains(&format!(
            "{f}:3: returns of order S1 would total 110.00, more than its amount 100.00 (returned before: 60.00)"
        )),
        "{err}"
    );
    assert_eq!(count(&env, "SELECT SUM(amount_minor) FROM returns"), 10000);
    // Re-importing: the two stored are duplicates, the third still too much.
    let (code, v, _) = import(&env, &["returns", &f]);
    assert_eq!(code, 3);
    assert_eq!(v["duplicates"], 2);
    assert_eq!(v["inserted"], 0);
}

#[test]
fn currency_must_match_and_returns_without_ids_get_stable_keys() {
    let env = setup();
    import(&env, &["orders", &fixture("bad_amount.csv")]);
    let f = fixture("returns_mixed.csv");
    let (code, v, err) = import(&env, &["returns", &f]);
    assert_eq!(code, 3);
    assert_eq!(v["inserted"], 1);
    assert!(
        err.contains(&format!(
            "{f}:3: column \"currency\": \"USD\" is not the currency of order S1 (SAR)"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("{f}:4: column \"returned_at\"")),
        "{err}"
    );
    assert!(err.contains("before order S1 was placed"), "{err}");
    let (_, v, _) = import(&env, &["returns", &f]);
    assert_eq!(v["inserted"], 0);
    assert_eq!(v["duplicates"], 1);
    assert_eq!(count(&env, "SELECT COUNT(*) FROM returns"), 1);
}

#[test]
fn sample_returns_import_after_sample_orders() {
    let env = setup();
    let o = sample("orders.csv");
    let r = sample("returns.csv");
    import(&env, &["orders", o.to_str().unwrap()]);
    let (code, v, err) = import(&env, &["returns", r.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["inserted"], 3);
    assert_eq!(
        count(&env, "SELECT SUM(amount_minor) FROM returns"),
        41075 + 16000 + 48000
    );
}

#[test]
fn activities_are_keyed_by_reference_or_a_stable_hash() {
    let env = setup();
    let f = fixture("activities.csv");
    let (code, v, err) = import(&env, &["activities", &f]);
    assert_eq!(code, 3);
    assert_eq!(v["inserted"], 2);
    assert_eq!(v["rejected"], 2);
    assert!(
        err.contains(&format!("{f}:4: column \"customer_email\"")),
        "{err}"
    );
    assert!(
        err.contains(&format!("{f}:5: column \"occurred_at\"")),
        "{err}"
    );
    assert_eq!(
        count(
            &env,
            "SELECT COUNT(*) FROM activities WHERE customer_email = 'sara@example.sa'"
        ),
        2
    );
    assert_eq!(
        count(
            &env,
            "SELECT COUNT(*) FROM activities WHERE activity_key = 'su-1'"
        ),
        1
    );
    let (_, v, _) = import(&env, &["activities", &f]);
    assert_eq!(v["inserted"], 0);
    assert_eq!(v["duplicates"], 2);
    let s = sample("activities.csv");
    let (code, v, _) = import(&env, &["activities", s.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(v["inserted"], 7);
}

#[test]
fn blank_lines_in_an_activities_file_are_not_counted_as_rows() {
    let env = TestEnv::new();
    env.ok(&["init", "--currency", "SAR"]);
    let file = env.write(
        "acts.csv",
        "customer_email,action,occurred_at,reference\n\n\
         a@example.com,review,2026-02-01T10:00:00,r1\n\n\n\
         b@example.com,share,2026-02-02T10:00:00,r2\n",
    );
    let v = env.json(&["import", "activities", file.to_str().unwrap()]);
    assert_eq!(v["rows"], 2, "{v}");
    assert_eq!(v["inserted"], 2, "{v}");
}
