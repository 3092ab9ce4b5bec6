//! Concurrency: two `settle` and one `import` started at once on one database. None may fail with
//! "database is locked", and nothing may be counted twice.

mod common;
use common::TestEnv;
use std::process::{Command, Stdio};

fn setup(env: &TestEnv) {
    env.ok(&["init", "--currency", "SAR", "--timezone", "Asia/Riyadh"]);
    env.ok(&[
        "program",
        "create",
        "Partners",
        "--kind",
        "affiliate",
        "--reward",
        "25",
        "--every-order",
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
        "--kind",
        "partner",
    ]);
    env.ok(&[
        "code",
        "issue",
        "--program",
        "Partners",
        "--member",
        "sara@example.com",
        "--code",
        "SARA2026",
    ]);
    let mut first = String::from("order_id,customer_email,amount,currency,ordered_at,code\n");
    let mut second = first.clone();
    for i in 0..2_000 {
        first.push_str(&format!(
            "A{i},c{i}@shop.example,100.00,SAR,2026-02-01T10:00:00,SARA2026\n"
        ));
        second.push_str(&format!(
            "B{i},d{i}@shop.example,80.00,SAR,2026-02-02T10:00:00,sara2026\n"
        ));
    }
    env.write("first.csv", &first);
    env.write("second.csv", &second);
    env.ok(&["import", "orders", "first.csv"]);
}

fn spawn(env: &TestEnv, args: &[&str]) -> std::process::Child {
    Command::new(assert_cmd::cargo::cargo_bin("rewards"))
        .current_dir(env.dir.path())
        .env("REWARDS_DB", &env.db)
        .env("REWARDS_NOW", &env.now)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn")
}

#[test]
fn two_settles_and_an_import_at_once_count_everything_exactly_once() {
    let env = TestEnv::new();
    setup(&env);
    let children = vec![
        spawn(&env, &["settle"]),
        spawn(&env, &["import", "orders", "second.csv"]),
        spawn(&env, &["settle"]),
    ];
    for child in children {
        let out = child.wait_with_output().expect("wait");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("locked"), "a user saw a lock error: {err}");
        assert_eq!(out.status.code(), Some(0), "stderr: {err}");
    }
    // Whatever order they ran in, one more settle brings in anything not yet settled.
    env.ok(&["settle"]);
    let v = env.json(&["settle"]);
    assert_eq!(v["accrued"], 0, "a further settle must find nothing: {v}");

    let conn = rusqlite::Connection::open(&env.db).expect("open");
    let (rows, total): (i64, i64) = conn
        .query_row(
            "SELECT COUNT(*), SUM(amount_minor) FROM ledger WHERE kind = 'accrual'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("sum");
    assert_eq!(rows, 4_000, "one accrual per order");
    assert_eq!(total, 4_000 * 2500, "25.00 SAR per order");
    let orders: i64 = conn
        .query_row("SELECT COUNT(*) FROM orders", [], |r| r.get(0))
        .expect("count");
    assert_eq!(orders, 4_000);
}
