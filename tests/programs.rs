//! End-to-end tests of `rewards program create|list|show|pause|resume|end`.

mod common;
use common::TestEnv;

fn shop() -> TestEnv {
    let env = TestEnv::new();
    env.ok(&["init", "--currency", "SAR", "--timezone", "Asia/Riyadh"]);
    env
}

fn count(env: &TestEnv, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn referral_program_stores_every_rule_in_its_stored_form() {
    let env = shop();
    let v = env.json(&[
        "program",
        "create",
        "Friends",
        "--kind",
        "referral",
        "--reward",
        "50",
        "--friend-reward",
        "15%",
        "--min-order",
        "100",
        "--hold-days",
        "30",
        "--cap-count",
        "10",
        "--cap-amount",
        "500",
        "--tier",
        "5:75",
        "--tier",
        "10:12.5%",
        "--starts",
        "2026-04-01",
        "--ends",
        "2026-12-31",
    ]);
    assert_eq!(v["name"], "Friends");
    assert_eq!(v["kind"], "referral");
    assert_eq!(v["status"], "active");
    assert_eq!(v["currency"], "SAR");
    assert_eq!(v["reward"], "50.00 SAR");
    assert_eq!(v["reward_kind"], "fixed");
    assert_eq!(v["reward_value"], 5000);
    assert_eq!(v["friend_reward_kind"], "percent");
    assert_eq!(v["friend_reward_value"], 1500);
    assert_eq!(v["min_order"], "100.00");
    assert_eq!(v["min_order_minor"], 10000);
    assert_eq!(v["first_order_only"], true);
    assert_eq!(v["hold_days"], 30);
    assert_eq!(v["cap_count"], 10);
    assert_eq!(v["cap_amount_minor"], 50000);
    // Dates are read in the shop's zone (UTC+3): start of 1 April, end of 31 December.
    assert_eq!(v["starts_at"], "2026-03-31T21:00:00Z");
    assert_eq!(v["ends_at"], "2026-12-31T20:59:59Z");
    assert_eq!(v["tiers"][0]["from_count"], 5);
    assert_eq!(v["tiers"][0]["reward_value"], 7500);
    assert_eq!(v["tiers"][1]["reward_kind"], "percent");
    assert_eq!(v["tiers"][1]["reward_value"], 1250);
    assert_eq!(count(&env, "SELECT COUNT(*) FROM program_tiers"), 2);
    assert_eq!(
        count(
            &env,
            "SELECT reward_value FROM programs WHERE name = 'Friends'"
        ),
        5000
    );

    let table = env.ok(&["program", "show", "friends"]);
    assert!(
        table.contains("The referrer earns 50.00 SAR for a referred customer's first order."),
        "{table}"
    );
    assert!(
        table.contains("From the 10th qualifying referral on: 12.5%."),
        "{table}"
    );
    assert!(table.contains("The friend gets 15% off."), "{table}");
    assert!(
        table.contains("Orders below 100.00 SAR earn nothing."),
        "{table}"
    );
}

#[test]
fn defaults_follow_the_kind_and_the_shop() {
    let env = shop();
    let r = env.json(&[
        "program", "create", "R", "--kind", "referral", "--reward", "10%",
    ]);
    assert_eq!(r["first_order_only"], true);
    assert_eq!(r["hold_days"], 14);
    assert_eq!(r["currency"], "SAR");
    assert_eq!(r["reward_value"], 1000);
    let a = env.json(&[
        "program",
        "create",
        "Partners",
        "--kind",
        "affiliate",
        "--reward",
        "1.250",
        "--currency",
        "KWD",
        "--window-days",
        "365",
    ]);
    assert_eq!(a["first_order_only"], false);
    assert_eq!(a["window_days"], 365);
    assert_eq!(a["currency"], "KWD");
    assert_eq!(a["reward"], "1.250 KWD");
    assert_eq!(a["reward_value"], 1250);
    assert_eq!(a["orders"], "every order within 365 days");
    let f = env.json(&[
        "program",
        "create",
        "R2",
        "--kind",
        "referral",
        "--reward",
        "5",
        "--every-order",
    ]);
    assert_eq!(f["first_order_only"], false);
}

#[test]
fn points_program_with_action_points() {
    let env = shop();
    let v = env.json(&[
        "program",
        "create",
        "Loyalty",
        "--kind",
        "points",
        "--points-per-unit",
        "2",
        "--action-points",
        "review=50",
        "--action-points",
        "Signup=100",
        "--points-expire-days",
        "365",
        "--point-value",
        "0.05",
    ]);
    assert_eq!(v["points_per_unit"], 2);
    assert_eq!(v["points_expire_days"], 365);
    assert_eq!(v["point_value_minor"], 5);
    assert_eq!(v["action_points"].as_array().unwrap().len(), 2);
    assert_eq!(
        count(
            &env,
            "SELECT points FROM program_actions WHERE action = 'signup'"
        ),
        100
    );
}

#[test]
fn bad_values_are_usage_errors_that_name_the_flag_and_write_nothing() {
    let env = shop();
    env.ok(&[
        "program", "create", "Existing", "--kind", "referral", "--reward", "5",
    ]);
    let before = env.snapshot();
    let base = ["program", "create", "New", "--kind", "referral"];
    let cases: &[(&[&str], &str)] = &[
        (&["--reward", "101%"], "--reward"),
        (&["--reward", "-5"], "--reward"),
        (&["--reward", "5.001"], "more decimals"),
        (&["--reward", "0"], "--reward"),
        (&["--reward", "lots"], "--reward"),
        (
            &["--reward", "5", "--friend-reward", "200%"],
            "--friend-reward",
        ),
        (
            &["--reward", "5", "--friend-reward", "10pts"],
            "--friend-reward",
        ),
        (&["--reward", "5", "--min-order", "-1"], "--min-order"),
        (&["--reward", "5", "--cap-amount", "1.234"], "--cap-amount"),
        (
            &["--reward", "5", "--tier", "5:10", "--tier", "3:20"],
            "strictly ascending",
        ),
        (
            &["--reward", "5", "--tier", "5:10", "--tier", "5:20"],
            "strictly ascending",
        ),
        (&["--reward", "5", "--tier", "1:10"], "--tier"),
        (&["--reward", "5", "--tier", "ten"], "--tier"),
        (&["--reward", "5", "--window-days", "30"], "--window-days"),
        (
            &["--reward", "5", "--first-order-only", "--window-days", "30"],
            "--window-days",
        ),
        (
            &["--reward", "5", "--points-per-unit", "1"],
            "--points-per-unit",
        ),
        (
            &["--reward", "5", "--action-points", "review=5"],
            "--action-points",
        ),
        (&["--reward", "5", "--point-value", "0.05"], "--point-value"),
        (
            &["--reward", "5", "--points-expire-days", "30"],
            "--points-expire-days",
        ),
        (
            &[
                "--reward",
                "5",
                "--starts",
                "2026-06-01",
                "--ends",
                "2026-05-01",
            ],
            "--starts",
        ),
        (&["--reward", "5", "--starts", "soon"], "--starts"),
        (&["--reward", "5", "--currency", "XYZ"], "--currency"),
        (
            &["--reward", "5", "--every-order", "--first-order-only"],
            "cannot be used with",
        ),
    ];
    for (extra, needle) in cases {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        let (code, _, err) = env.run(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains(needle),
            "{args:?}: expected {needle:?} in {err}"
        );
    }
    let (code, _, err) = env.run(&["program", "create", "P", "--kind", "points"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--points-per-unit"), "{err}");
    let (code, _, err) = env.run(&[
        "program",
        "create",
        "P",
        "--kind",
        "points",
        "--action-points",
        "review=0",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--action-points"), "{err}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn duplicate_names_are_refused_case_insensitively() {
    let env = shop();
    env.ok(&[
        "program", "create", "Friends", "--kind", "referral", "--reward", "5",
    ]);
    let before = env.snapshot();
    let (code, _, err) = env.run(&[
        "program",
        "create",
        "FRIENDS",
        "--kind",
        "affiliate",
        "--reward",
        "5%",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn without_a_terminal_missing_values_are_named_not_asked() {
    let env = shop();
    let (code, _, err) = env.run(&["program", "create", "X"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("missing --kind and --reward; pass them, or run in a terminal to be asked"),
        "{err}"
    );
    let (code, _, err) = env.run(&["program", "create"]);
    assert_eq!(code, 2);
    assert!(err.contains("missing NAME, --kind and --reward"), "{err}");
    let (code, _, err) = env.run(&["program", "create", "X", "--kind", "affiliate"]);
    assert_eq!(code, 2);
    assert!(err.contains("missing --reward; pass it"), "{err}");
    assert_eq!(count(&env, "SELECT COUNT(*) FROM programs"), 0);
}

#[test]
fn without_a_shop_currency_the_flag_is_needed() {
    let env = TestEnv::new();
    let (code, _, err) = env.run(&[
        "program", "create", "X", "--kind", "referral", "--reward", "5",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("--currency"), "{err}");
    let v = env.json(&[
        "program",
        "create",
        "X",
        "--kind",
        "referral",
        "--reward",
        "5",
        "--currency",
        "JPY",
    ]);
    assert_eq!(v["reward"], "5 JPY");
    assert_eq!(v["reward_value"], 5);
}

#[test]
fn pause_resume_end_record_events_and_refuse_impossible_moves() {
    let env = shop();
    env.ok(&[
        "program", "create", "Friends", "--kind", "referral", "--reward", "5",
    ]);
    let v = env.json(&["program", "pause", "friends"]);
    assert_eq!(v["status"], "paused");
    assert_eq!(v["at"], "2026-03-31T12:00:00Z");
    let before = env.snapshot();
    let (code, _, err) = env.run(&["program", "pause", "Friends"]);
    assert_eq!(code, 1);
    assert!(err.contains("already paused"), "{err}");
    assert_eq!(env.snapshot(), before);
    env.ok(&[
        "--as-of",
        "2026-04-02T10:00:00Z",
        "program",
        "resume",
        "Friends",
    ]);
    let (code, _, err) = env.run(&["program", "resume", "Friends"]);
    assert_eq!(code, 1);
    assert!(err.contains("not paused"), "{err}");
    env.ok(&[
        "--as-of",
        "2026-05-01T00:00:00Z",
        "program",
        "end",
        "Friends",
    ]);
    let before = env.snapshot();
    for verb in ["pause", "resume", "end"] {
        let (code, _, err) = env.run(&["program", verb, "Friends"]);
        assert_eq!(code, 1, "{verb}");
        assert!(err.contains("has ended"), "{err}");
    }
    assert_eq!(env.snapshot(), before);
    let v = env.json(&["program", "show", "Friends"]);
    assert_eq!(v["status"], "ended");
    let events: Vec<(String, String)> = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["event"].as_str().unwrap().into(),
                e["at"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        events,
        vec![
            ("pause".into(), "2026-03-31T12:00:00Z".into()),
            ("resume".into(), "2026-04-02T10:00:00Z".into()),
            ("end".into(), "2026-05-01T00:00:00Z".into()),
        ]
    );
    let (code, _, err) = env.run(&["program", "pause", "Nope"]);
    assert_eq!(code, 1);
    assert!(err.contains("no program named"), "{err}");
}

#[test]
fn an_event_dated_before_the_newest_event_or_the_last_settle_is_refused() {
    let env = shop();
    env.ok(&[
        "program",
        "create",
        "Ref",
        "--kind",
        "referral",
        "--reward",
        "10",
        "--hold-days",
        "0",
    ]);
    env.ok(&["member", "add", "--name", "Amy", "--email", "amy@x.com"]);
    env.ok(&[
        "code",
        "issue",
        "--program",
        "Ref",
        "--member",
        "amy@x.com",
        "--code",
        "AMY1",
    ]);
    let orders = env.write(
        "o.csv",
        "order_id,customer_email,amount,currency,ordered_at,code\n\
         1,b1@y.com,100.00,SAR,2026-03-25T10:00:00Z,AMY1\n",
    );
    env.ok(&["import", "orders", orders.to_str().unwrap()]);
    env.ok(&["--as-of", "2026-03-20", "program", "pause", "Ref"]);
    // A resume dated before the pause it would end: the program would say "active" while
    // settle, replaying the events in time order, saw it paused from 03-20 on.
    let before = env.snapshot();
    let (code, _, err) = env.run(&["--as-of", "2026-03-15", "program", "resume", "Ref"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("has an event dated 2026-03-20T20:59:59Z"),
        "{err}"
    );
    assert_eq!(env.snapshot(), before);
    env.ok(&["--as-of", "2026-03-24", "program", "resume", "Ref"]);
    let v = env.json(&["settle"]);
    assert_eq!(v["accrued"], 1, "{v}");
    assert_eq!(count(&env, "SELECT SUM(amount_minor) FROM ledger"), 1000);
    // Settled up to now: pausing as of a time already settled would change judged orders.
    let (code, _, err) = env.run(&["--as-of", "2026-03-26", "program", "pause", "Ref"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("orders up to 2026-03-31T12:00:00Z are already settled"),
        "{err}"
    );
    let v = env.json(&["--as-of", "2026-04-01", "program", "pause", "Ref"]);
    assert_eq!(v["status"], "paused");
}

#[test]
fn list_renders_table_csv_and_json_from_the_same_rows() {
    let env = shop();
    env.ok(&[
        "program",
        "create",
        "أصدقاء",
        "--kind",
        "referral",
        "--reward",
        "50",
    ]);
    env.ok(&[
        "program",
        "create",
        "Partners",
        "--kind",
        "affiliate",
        "--reward",
        "10%",
    ]);
    let v = env.json(&["program", "list"]);
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["name"], "أصدقاء");
    assert_eq!(rows[0]["reward"], "50.00 SAR");
    assert_eq!(rows[1]["reward"], "10%");
    // And as numbers, as `program show` gives them.
    assert_eq!(
        (&rows[0]["reward_kind"], &rows[0]["reward_value"]),
        (&"fixed".into(), &5000.into())
    );
    assert_eq!(
        (&rows[1]["reward_kind"], &rows[1]["reward_value"]),
        (&"percent".into(), &1000.into())
    );
    let csv = env.ok(&["--format", "csv", "program", "list"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].starts_with("id,name,kind,status,currency,reward,orders,hold_days,codes"));
    assert!(lines[1].starts_with("1,أصدقاء,referral,active,SAR,50.00 SAR,first order only,14,0"));
    let table = env.ok(&["program", "list"]);
    assert!(table.contains("أصدقاء") && table.contains("Partners"));
    let widths: Vec<usize> = table.lines().map(|l| l.chars().count()).collect();
    assert!(widths.windows(2).all(|w| w[0] == w[1]), "aligned:\n{table}");
}

/// In a terminal (a pseudo-terminal from util-linux `script`), missing values are asked for.
#[test]
fn in_a_terminal_missing_values_are_asked_for() {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: `script` (util-linux) is not installed");
        return;
    }
    let env = shop();
    let bin = assert_cmd::cargo::cargo_bin("rewards");
    let out = std::process::Command::new("script")
        .args([
            "-qec",
            &format!("{} program create", bin.display()),
            "/dev/null",
        ])
        .env("REWARDS_DB", &env.db)
        .env("REWARDS_NOW", &env.now)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            // Name, then one down-arrow to "affiliate", then the reward.
            child
                .stdin
                .take()
                .unwrap()
                .write_all(b"Summer\r\x1b[B\r12%\r")?;
            child.wait_with_output()
        })
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let v = env.json(&["program", "show", "summer"]);
    assert_eq!(v["kind"], "affiliate");
    assert_eq!(v["reward_value"], 1200);
}

/// A points program earns per unit spent and per activity; a reward per referral there was
/// shown and never earned, so it is refused, pointing to the referral program that does earn it.
#[test]
fn a_points_program_takes_no_reward_per_referral() {
    let env = shop();
    for extra in [
        &["--reward", "200pts"][..],
        &["--points-per-unit", "1", "--reward", "200pts"][..],
    ] {
        let mut args = vec!["program", "create", "P", "--kind", "points"];
        args.extend_from_slice(extra);
        let (code, _, err) = env.run(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains("--kind referral --reward 200pts"),
            "{args:?}: {err}"
        );
    }
    assert_eq!(env.json(&["program", "list"]).as_array().unwrap().len(), 0);
    env.ok(&[
        "program", "create", "R", "--kind", "referral", "--reward", "200pts",
    ]);
}

/// Points per unit are bounded, and an order whose points would not fit (a program stored before
/// the bound) is skipped with its reason instead of earning i64::MAX points.
#[test]
fn points_per_unit_are_bounded_and_never_saturate() {
    let env = shop();
    let (code, _, err) = env.run(&[
        "program",
        "create",
        "P",
        "--kind",
        "points",
        "--points-per-unit",
        "4294967295",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("at most 1000"), "{err}");
    env.ok(&[
        "program",
        "create",
        "P",
        "--kind",
        "points",
        "--points-per-unit",
        "1000",
        "--hold-days",
        "0",
    ]);
    env.write(
        "orders.csv",
        "order_id,customer_email,amount,currency,ordered_at\n\
         B1,big@example.com,99999999999.99,SAR,2026-01-01T10:00:00Z\n\
         B2,big@example.com,99999999999.99,SAR,2026-01-02T10:00:00Z\n",
    );
    env.ok(&["import", "orders", "orders.csv"]);
    env.ok(&[
        "member",
        "add",
        "--name",
        "Big",
        "--email",
        "big@example.com",
    ]);
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    // As an older version stored it.
    conn.execute("UPDATE programs SET points_per_unit = 4294967295000000", [])
        .unwrap();
    let v = env.json(&["--as-of", "2026-01-05", "settle"]);
    assert_eq!(v["accrued"], 0, "{v}");
    let skips: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM reward_skips WHERE reason LIKE '%more points than can be counted%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(skips, 2);
    let max: i64 = conn
        .query_row("SELECT IFNULL(MAX(points), 0) FROM ledger", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(max, 0);
    env.ok(&["--as-of", "2026-01-05", "balance"]);
}
