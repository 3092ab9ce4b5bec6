//! `--preset shopify` and `--preset woocommerce` on small files shaped like the real exports.

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

fn db(env: &TestEnv) -> rusqlite::Connection {
    rusqlite::Connection::open(&env.db).unwrap()
}

fn import(env: &TestEnv, args: &[&str]) -> (i32, Value, String) {
    let mut full = vec!["--format", "json", "import"];
    full.extend_from_slice(args);
    let (code, out, err) = env.run(&full);
    (code, serde_json::from_str(&out).unwrap_or(Value::Null), err)
}

fn orders(env: &TestEnv) -> Vec<(String, String, i64, String, bool, Option<String>)> {
    db(env)
        .prepare(
            "SELECT order_id, customer_email, amount_minor, ordered_at, cancelled, code
             FROM orders ORDER BY order_id",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn returns(env: &TestEnv) -> Vec<(String, String, i64, String)> {
    db(env)
        .prepare("SELECT return_key, order_id, amount_minor, returned_at FROM returns ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn add_code(env: &TestEnv, code: &str) {
    let c = db(env);
    c.execute_batch(
        "INSERT OR IGNORE INTO programs(id, name, kind, currency, created_at)
           VALUES (1, 'Partners', 'affiliate', 'SAR', '2026-01-01T00:00:00Z');
         INSERT OR IGNORE INTO members(id, email, name, kind, created_at)
           VALUES (1, 'influencer@example.sa', 'Influencer', 'partner', '2026-01-01T00:00:00Z');",
    )
    .unwrap();
    c.execute(
        "INSERT INTO codes(code, program_id, member_id, created_at) VALUES (?1, 1, 1, '2026-01-01T00:00:00Z')",
        [code],
    )
    .unwrap();
}

#[test]
fn shopify_export_gives_one_order_per_order_its_code_and_its_refund() {
    let env = setup();
    add_code(&env, "INFLUENCE1");
    let path = sample("shopify_orders.csv");
    let (code, v, err) = import(
        &env,
        &["orders", "--preset", "shopify", path.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["rows"], 6, "six orders on ten lines");
    assert_eq!(v["inserted"], 6);
    assert_eq!(v["returns"], 2);
    assert_eq!(v["cancelled"], 2);
    let o = orders(&env);
    let ids: Vec<&str> = o.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(ids, ["#2001", "#2002", "#2003", "#2004", "#2005", "#2006"]);
    // Subtotal is the commissionable amount; `-0700`-style offsets are honoured.
    assert_eq!(o[0].2, 30000);
    assert_eq!(o[0].3, "2026-02-02T07:14:31Z");
    // Email normalised; of "WELCOME15, INFLUENCE1" the known code is attributed.
    assert_eq!(o[2].1, "omar.farouk@example.com");
    assert_eq!(o[2].5.as_deref(), Some("INFLUENCE1"));
    // Voided and cancelled orders earn nothing.
    assert!(o[3].4 && o[4].4);
    assert!(!o[0].4);
    // Refunds: keyed by order name, the Subtotal's share of `Refunded Amount` (which includes
    // tax and shipping: 287.50 x 1125.00 / 1293.75 = 250.00; #2005 refunded its whole total
    // of 580.75, so all of its 480.00), dated when cancelled, else when paid.
    assert_eq!(
        returns(&env),
        vec![
            (
                "shopify-refund:#2003".into(),
                "#2003".into(),
                25000,
                "2026-02-10T14:51:00Z".into()
            ),
            (
                "shopify-refund:#2005".into(),
                "#2005".into(),
                48000,
                "2026-03-05T13:20:00Z".into()
            ),
        ]
    );
    // Again: nothing new, refunds included.
    let (code, v, _) = import(
        &env,
        &["orders", "--preset", "shopify", path.to_str().unwrap()],
    );
    assert_eq!(code, 0);
    assert_eq!(v["inserted"], 0);
    assert_eq!(v["duplicates"], 6);
    assert_eq!(v["returns"], 0);
    assert_eq!(v["return_duplicates"], 2);
    assert_eq!(returns(&env).len(), 2);
    // Earlier releases recorded #2003's whole 287.50: the same export again is no conflict.
    db(&env)
        .execute(
            "UPDATE returns SET amount_minor = 28750 WHERE return_key = 'shopify-refund:#2003'",
            [],
        )
        .unwrap();
    let (code, v, err) = import(
        &env,
        &["orders", "--preset", "shopify", path.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        (v["conflicts"].as_i64(), v["returns"].as_i64()),
        (Some(0), Some(0)),
        "{v}"
    );
    assert_eq!(v["return_duplicates"], 2);
    assert_eq!(returns(&env).len(), 2);
    // Its refund grows to 300.00: the share (260.87) is still below the 287.50 recorded, which
    // covers it; no conflict, nothing new.
    let text = std::fs::read_to_string(&path).unwrap();
    let grown = env.write("grown.csv", &text.replace(",287.50,", ",300.00,"));
    let (code, v, err) = import(
        &env,
        &["orders", "--preset", "shopify", grown.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        (v["conflicts"].as_i64(), v["returns"].as_i64()),
        (Some(0), Some(0)),
        "{v}"
    );
}

#[test]
fn shopify_refunds_import_alone_and_a_grown_refund_adds_the_difference() {
    let env = setup();
    let path = sample("shopify_orders.csv");
    let p = path.to_str().unwrap();
    // Returns before the orders: rejected, importable later.
    let (code, v, err) = import(&env, &["returns", "--preset", "shopify", p]);
    assert_eq!(code, 3);
    assert_eq!(v["rows"], 2, "only orders with a refund count");
    assert_eq!(v["rejected"], 2);
    assert!(err.contains("order #2003 is not imported yet"), "{err}");
    let text = std::fs::read_to_string(&path).unwrap();
    let without_refunds = text
        .replace(",287.50,", ",0.00,")
        .replace(",580.75,", ",0.00,");
    let f = env.write("no_refunds.csv", &without_refunds);
    let (_, v, _) = import(
        &env,
        &["orders", "--preset", "shopify", f.to_str().unwrap()],
    );
    assert_eq!(v["returns"], 0);
    let (code, v, _) = import(&env, &["returns", "--preset", "shopify", p]);
    assert_eq!(code, 0);
    assert_eq!(v["inserted"], 2);
    assert_eq!(returns(&env).len(), 2);
    // Refunds of orders imported before, with no date in the export: dated at this import,
    // #2005's too (it was stored cancelled already: the refund came since).
    let dates: Vec<String> = returns(&env).into_iter().map(|r| r.3).collect();
    assert_eq!(dates, ["2026-03-31T12:00:00Z", "2026-03-31T12:00:00Z"]);
    // A later export where #2003's refund grew from 287.50 to 400.00: the difference of the
    // shares is added (400.00 x 1125.00 / 1293.75 = 347.83, less the 250.00 recorded).
    let grown = env.write("grown.csv", &text.replace(",287.50,", ",400.00,"));
    let (code, v, err) = import(
        &env,
        &["returns", "--preset", "shopify", grown.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["inserted"], 1);
    // #2005's refund was recorded before: a duplicate row, so the counts add up to the rows.
    assert_eq!(v["duplicates"], 1, "{v}");
    assert_eq!(v["rows"], 2, "{v}");
    let r = returns(&env);
    assert_eq!(r[2].0, "shopify-refund:#2003:34783");
    assert_eq!(r[2].2, 34783 - 25000);
    // An export saying less was refunded than recorded is a conflict.
    let shrunk = env.write("shrunk.csv", &text.replace(",287.50,", ",100.00,"));
    let (code, v, err) = import(
        &env,
        &["returns", "--preset", "shopify", shrunk.to_str().unwrap()],
    );
    assert_eq!(code, 3);
    assert_eq!(v["conflicts"], 1);
    assert_eq!(
        (v["inserted"].as_i64(), v["duplicates"].as_i64()),
        (Some(0), Some(1)),
        "{v}"
    );
    assert!(err.contains("347.83 was recorded before"), "{err}");
    assert_eq!(returns(&env).len(), 3);
}

#[test]
fn woocommerce_export_reads_packed_coupons_and_refunds() {
    let env = setup();
    add_code(&env, "NOURA10");
    let f = fixture("woocommerce.csv");
    let (code, v, err) = import(&env, &["orders", "--preset", "woocommerce", &f]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["inserted"], 3);
    assert_eq!(v["cancelled"], 1);
    let o = orders(&env);
    // Commissionable: total less shipping, fees and tax; day-first dates in Riyadh.
    assert_eq!(o[0].2, 20000);
    assert_eq!(o[0].3, "2026-02-16T04:32:06Z");
    assert_eq!(o[0].5.as_deref(), Some("SARA2026"));
    // Billing email when customer_email is empty.
    assert_eq!(o[1].1, "james.miller@example.com");
    assert!(o[1].4);
    assert_eq!(o[2].5.as_deref(), Some("NOURA10"));
    // Two refunds of 60 and 55 on a 100.00 order: the second is capped at what remains.
    let r = returns(&env);
    assert_eq!(r.len(), 3);
    assert_eq!(r[0].0, "woocommerce-refund:2001:2026-02-20T09:13:48Z:1");
    assert_eq!(r[0].2, 10000);
    assert_eq!((r[1].2, r[2].2), (6000, 4000));
    let (_, v, _) = import(&env, &["orders", "--preset", "woocommerce", &f]);
    assert_eq!(v["duplicates"], 3);
    assert_eq!(returns(&env).len(), 3);
    // The same file read as a returns export: every refund is already there.
    let (code, v, err) = import(&env, &["returns", "--preset", "woocommerce", &f]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["rows"], 2);
    assert_eq!(v["inserted"], 0);
    assert_eq!(v["return_duplicates"], 3);
}

#[test]
fn map_works_with_a_preset() {
    let env = setup();
    let path = sample("shopify_orders.csv");
    // Read the order total instead of the subtotal.
    let (code, _, err) = import(
        &env,
        &[
            "orders",
            "--preset",
            "shopify",
            "--map",
            "Total=amount",
            path.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(orders(&env)[0].2, 37375);
}

/// An order's later life in a newer export: fulfilled and partly refunded (its delivery date is
/// filled in, no conflict), then cancelled. The cancelled row is a conflict (the stored order
/// is kept), but its cancellation is a return of what is left, dated when it was cancelled; a
/// third import of the same export adds nothing.
#[test]
fn refunds_and_cancellation_of_a_changed_shopify_order_are_recorded() {
    let env = TestEnv::new();
    env.ok(&[
        "init",
        "--currency",
        "USD",
        "--timezone",
        "America/Los_Angeles",
    ]);
    let header = "Name,Email,Financial Status,Paid at,Fulfilled at,Currency,Subtotal,Discount Code,Created at,Lineitem name,Refunded Amount,Cancelled at\n";
    let first = env.write(
        "s1.csv",
        &format!("{header}#1001,a@example.com,paid,2026-02-01 10:00:05 -0800,,USD,100.00,,2026-02-01 10:00:00 -0800,Shirt,0.00,\n"),
    );
    let refunded = env.write(
        "s2.csv",
        &format!("{header}#1001,a@example.com,partially_refunded,2026-02-01 10:00:05 -0800,2026-02-03 09:00:00 -0800,USD,100.00,,2026-02-01 10:00:00 -0800,Shirt,40.00,\n"),
    );
    let cancelled = env.write(
        "s3.csv",
        &format!("{header}#1001,a@example.com,voided,2026-02-01 10:00:05 -0800,2026-02-03 09:00:00 -0800,USD,100.00,,2026-02-01 10:00:00 -0800,Shirt,40.00,2026-02-05 12:00:00 -0800\n"),
    );
    let run = |f: &std::path::Path| {
        import(
            &env,
            &["orders", "--preset", "shopify", f.to_str().unwrap()],
        )
    };
    let (code, v, err) = run(&first);
    assert_eq!((code, v["inserted"].as_i64()), (0, Some(1)), "{err}");

    // The export gives no refund date; the order was imported before, so the refund happened
    // since: it is dated at this import (the pinned clock), not back in February.
    let (code, v, err) = run(&refunded);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        (v["conflicts"].as_i64(), v["delivered_since"].as_i64()),
        (Some(0), Some(1)),
        "{v}"
    );
    assert_eq!(v["returns"], 1, "{v}");
    assert_eq!(
        returns(&env),
        [(
            "shopify-refund:#1001".into(),
            "#1001".into(),
            4000,
            "2026-03-31T12:00:00Z".into()
        )]
    );

    let (code, v, err) = run(&cancelled);
    assert_eq!(code, 3, "{err}");
    assert_eq!(v["returns"], 1, "{v}");
    let r = returns(&env);
    assert_eq!(r.len(), 2, "{r:?}");
    assert_eq!(
        r[1],
        (
            "cancelled:#1001".into(),
            "#1001".into(),
            6000,
            "2026-02-05T20:00:00Z".into()
        )
    );

    let (_, v, _) = run(&cancelled);
    assert_eq!(v["returns"], 0, "{v}");
    // An export saying less was refunded than recorded, on a changed row: one row, one
    // conflict (the refund's reason), not two.
    let shrunk = env.write(
        "s4.csv",
        &format!("{header}#1001,a@example.com,partially_refunded,2026-02-01 10:00:05 -0800,2026-02-04 09:00:00 -0800,USD,100.00,,2026-02-01 10:00:00 -0800,Shirt,30.00,\n"),
    );
    let out = env.path("rejects.csv");
    let (code, v, err) = import(
        &env,
        &[
            "orders",
            "--preset",
            "shopify",
            shrunk.to_str().unwrap(),
            "--rejects",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 3, "{err}");
    assert_eq!(
        (v["rows"].as_i64(), v["conflicts"].as_i64()),
        (Some(1), Some(1)),
        "{v}"
    );
    let rejects = std::fs::read_to_string(&out).unwrap();
    assert_eq!(rejects.lines().count(), 2, "{rejects}");
    assert!(rejects.contains("40.00 was recorded before"), "{rejects}");
    assert_eq!(returns(&env).len(), 2);
    // The stored order itself is as first imported.
    assert!(!orders(&env)[0].4);
}

/// WooCommerce lists an order's refunds newest first and without ids: a later export with a
/// new refund in front is the old refund plus the new one (10.00 + 5.00), not two at the old
/// place. Refunds stored under the keys of earlier releases (their place in the list) are
/// known by their time too.
#[test]
fn woocommerce_refunds_are_known_by_their_time_not_their_place() {
    let env = setup();
    let text = std::fs::read_to_string(fixture("woocommerce.csv")).unwrap();
    // The header and order 2001 (its record spans two lines), without the other orders.
    let first_order = &text[..text.find("\n2002,").unwrap() + 1];
    let one = "amount:100.00|reason:damaged|date:2026-02-20 12:13:48";
    assert!(first_order.contains(one));
    let with_refunds = |items: &str| first_order.replace(one, items);
    let a = "amount:10.00|reason:a|date:2026-02-20 12:13:48";
    let b = "amount:5.00|reason:b|date:2026-02-22 10:00:00";
    let w1 = env.write("w1.csv", &with_refunds(a));
    let w2 = env.write("w2.csv", &with_refunds(&format!("{b};{a}")));
    let (code, v, err) = import_woo(&env, &w1);
    assert_eq!((code, v["returns"].as_i64()), (0, Some(1)), "{err}");
    let (code, v, err) = import_woo(&env, &w2);
    assert_eq!((code, v["returns"].as_i64()), (0, Some(1)), "{err}");
    let total = |env: &TestEnv| -> i64 {
        db(env)
            .query_row("SELECT SUM(amount_minor) FROM returns", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(total(&env), 1500);
    let (_, v, _) = import_woo(&env, &w2);
    assert_eq!(v["returns"], 0);
    assert_eq!(total(&env), 1500);

    // Refunds at one time (no date: the order's time; or a date alone) are numbered from the
    // oldest, the last in the list, so a newer one in front does not shift them.
    for (older, newer) in [
        ("amount:10.00|reason:a", "amount:5.00|reason:b"),
        (
            "amount:10.00|reason:a|date:2026-02-20",
            "amount:5.00|reason:b|date:2026-02-20",
        ),
    ] {
        let env = setup();
        let w1 = env.write("w1.csv", &with_refunds(older));
        let w2 = env.write("w2.csv", &with_refunds(&format!("{newer};{older}")));
        assert_eq!(import_woo(&env, &w1).1["returns"], 1);
        assert_eq!(import_woo(&env, &w2).1["returns"], 1, "{newer}");
        assert_eq!(total(&env), 1500, "{newer}");
        assert_eq!(import_woo(&env, &w2).1["returns"], 0);
        // Both at once into a database that has neither: both are recorded, once.
        let env = setup();
        let w2 = env.write("w2.csv", &with_refunds(&format!("{newer};{older}")));
        assert_eq!(import_woo(&env, &w2).1["returns"], 2, "{newer}");
        assert_eq!(total(&env), 1500, "{newer}");
        assert_eq!(import_woo(&env, &w2).1["returns"], 0);
        assert_eq!(total(&env), 1500, "{newer}");
    }

    // A database where an earlier release stored refund a under its place ("...:2001:1").
    let env = setup();
    let (code, _, err) = import_woo(&env, &w1);
    assert_eq!(code, 0, "{err}");
    db(&env)
        .execute(
            "UPDATE returns SET return_key = 'woocommerce-refund:2001:1'",
            [],
        )
        .unwrap();
    let (code, v, err) = import_woo(&env, &w2);
    assert_eq!((code, v["returns"].as_i64()), (0, Some(1)), "{err}");
    assert_eq!(total(&env), 1500);
}

/// Runs `import orders --preset woocommerce FILE`: (exit code, summary, stderr).
fn import_woo(env: &TestEnv, f: &std::path::Path) -> (i32, Value, String) {
    import(
        env,
        &["orders", "--preset", "woocommerce", f.to_str().unwrap()],
    )
}

/// A nightly export lists an order before it ships and again once fulfilled: the delivery date
/// is filled in (no conflict, exit 0), and settle holds the reward from it.
#[test]
fn a_delivery_date_a_later_export_adds_is_filled_in_not_a_conflict() {
    let env = TestEnv::new();
    env.ok(&["init", "--currency", "USD", "--timezone", "UTC"]);
    env.ok(&[
        "program",
        "create",
        "Friends",
        "--kind",
        "referral",
        "--reward",
        "10",
        "--hold-days",
        "14",
    ]);
    env.ok(&[
        "member",
        "add",
        "--name",
        "Sara",
        "--email",
        "sara@example.com",
    ]);
    env.ok(&[
        "code",
        "issue",
        "--program",
        "Friends",
        "--member",
        "sara@example.com",
        "--code",
        "SARA",
    ]);
    let header = "Name,Email,Financial Status,Paid at,Fulfilled at,Currency,Subtotal,Discount Code,Created at,Lineitem name,Refunded Amount,Cancelled at\n";
    let row = |fulfilled: &str| {
        format!(
            "{header}#1001,a@example.com,paid,2026-02-01 10:00:05 -0000,{fulfilled},USD,100.00,SARA,2026-02-01 10:00:00 -0000,Shirt,0.00,\n"
        )
    };
    let first = env.write("s1.csv", &row(""));
    let later = env.write("s2.csv", &row("2026-02-10 09:00:00 -0000"));
    let run = |f: &std::path::Path| {
        import(
            &env,
            &["orders", "--preset", "shopify", f.to_str().unwrap()],
        )
    };
    assert_eq!(run(&first).1["inserted"], 1);
    let (code, v, err) = run(&later);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        (
            v["duplicates"].as_i64(),
            v["conflicts"].as_i64(),
            v["delivered_since"].as_i64()
        ),
        (Some(1), Some(0), Some(1)),
        "{v}"
    );
    let delivered: Option<String> = db(&env)
        .query_row("SELECT delivered_at FROM orders", [], |r| r.get(0))
        .unwrap();
    assert_eq!(delivered.as_deref(), Some("2026-02-10T09:00:00Z"));
    // Again: nothing new.
    let (code, v, _) = run(&later);
    assert_eq!((code, v["delivered_since"].as_i64()), (0, Some(0)), "{v}");
    assert_eq!(v["duplicates"], 1);
    // The older export again, without the date, is other data: a conflict; the date stays.
    let (code, v, err) = run(&first);
    assert_eq!(code, 3, "{err}");
    assert_eq!(v["conflicts"], 1, "{v}");
    let delivered: Option<String> = db(&env)
        .query_row("SELECT delivered_at FROM orders", [], |r| r.get(0))
        .unwrap();
    assert_eq!(delivered.as_deref(), Some("2026-02-10T09:00:00Z"));
    // Held 14 days from delivery, not from the order.
    env.ok(&["--as-of", "2026-03-01", "settle"]);
    let available: String = db(&env)
        .query_row("SELECT available_at FROM ledger", [], |r| r.get(0))
        .unwrap();
    assert_eq!(available, "2026-02-24T09:00:00Z");
}
