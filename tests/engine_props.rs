//! Property tests: random orders, returns, redemptions and settle dates keep every invariant
//! `verify` checks, and settling in steps gives the same ledger as settling once.

#[path = "engine/fixture.rs"]
mod fixture;

use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Tz;
use fixture::Fx;
use proptest::prelude::*;
use rewards::core::time::to_db;
use rewards::db::settle::Engine;
use rusqlite::TransactionBehavior;

#[derive(Debug, Clone)]
struct OrderSpec {
    hour: i64,
    amount: i64,
    customer: usize,
    code: usize,
    returns: Vec<(i64, i64)>,
}

fn order_spec() -> impl Strategy<Value = OrderSpec> {
    (
        0i64..60 * 24,
        1i64..50_000,
        0usize..6,
        0usize..6,
        prop::collection::vec((1i64..40 * 24, 1i64..30_000), 0..3),
    )
        .prop_map(|(hour, amount, customer, code, returns)| OrderSpec {
            hour,
            amount,
            customer,
            code,
            returns,
        })
}

fn at(hours: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap() + Duration::hours(hours)
}

fn build(dir: &std::path::Path, orders: &[OrderSpec]) -> Fx {
    build_with(dir, orders, true, true)
}

/// The scenario's shop, with or without its points program and its affiliate program's window
/// (big runs settle referrer by referrer, and points in a pass of their own).
fn build_with(dir: &std::path::Path, orders: &[OrderSpec], points: bool, window: bool) -> Fx {
    let mut fx = Fx::new(&dir.join("p.db"), "SAR", "UTC");
    let r = fx.program(
        "Ref",
        "referral",
        "reward_kind = 'fixed', reward_value = 1000, hold_days = 7, cap_count = 3",
    );
    let window = if window { "30" } else { "NULL" };
    let a = fx.program(
        "Aff",
        "affiliate",
        &format!(
            "reward_kind = 'percent', reward_value = 1250, first_order_only = 0, window_days = {window}, hold_days = 10, cap_count = 2"
        ),
    );
    fx.tier(a, 3, "percent", 1500);
    if points {
        let pts = fx.program(
            "Pts",
            "points",
            "points_per_unit = 1, points_expire_days = 20, hold_days = 3",
        );
        fx.action(pts, "review", 25);
    }
    let m1 = fx.member("m1@example.com", None);
    let m2 = fx.member("m2@example.com", None);
    fx.code("R1", r, m1);
    fx.code("R2", r, m2);
    fx.code("A1", a, m2);
    // A second affiliate: a customer's first referred order decides whose window a later
    // order falls in.
    fx.code("A2", a, m1);
    // The shop without points also gives m1 a second referral code.
    let last = if points {
        "A1"
    } else {
        fx.code("R3", r, m1);
        "R3"
    };
    let codes = [
        None,
        Some("R1"),
        Some("R2"),
        Some("A1"),
        Some(last),
        Some("A2"),
    ];
    for (i, o) in orders.iter().enumerate() {
        let id = format!("O{i}");
        let email = format!("c{}@example.com", o.customer);
        fx.order(&id, &email, o.amount, &to_db(at(o.hour)), codes[o.code]);
        for (j, (after, amount)) in o.returns.iter().enumerate() {
            fx.ret(
                &format!("{id}-R{j}"),
                &id,
                *amount,
                &to_db(at(o.hour + after)),
            );
        }
        if i % 3 == 0 {
            fx.activity(&format!("A{i}"), &email, "review", &to_db(at(o.hour + 1)));
        }
    }
    fx
}

fn settle(fx: &mut Fx, as_of: DateTime<Utc>) {
    settle_with(fx, as_of, None)
}

/// Settles; `bulk_threshold` Some(0) forces the bulk lookups used by big runs.
fn settle_with(fx: &mut Fx, as_of: DateTime<Utc>, bulk_threshold: Option<i64>) {
    let tx = fx
        .conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .unwrap();
    {
        let mut e = Engine::new(&tx, "settle", as_of, Tz::UTC).unwrap();
        if let Some(t) = bulk_threshold {
            e.bulk_threshold = t;
            // The member cache, a cache only, emptied at every second member; past an owner's
            // second undecided order, orders are held as ids and read again.
            e.member_cache = 2;
            e.held_orders = 2;
        }
        e.settle(as_of).unwrap();
    }
    tx.commit().unwrap();
}

fn assert_verified(fx: &Fx, now: DateTime<Utc>) {
    let report = rewards::db::verify::verify(&fx.conn, &to_db(now)).unwrap();
    let broken: Vec<_> = report.checks.iter().filter(|c| !c.ok).collect();
    assert!(broken.is_empty(), "{broken:?}");
}

/// Two orders of a new customer in the same second: only the first imported (lower row id) is
/// the customer's first order; the other is "not a new customer". The same with the lookups of
/// big runs, and in the report's count of new customers.
#[test]
fn of_two_first_orders_in_one_second_only_the_first_imported_earns() {
    for bulk in [None, Some(0)] {
        let dir = tempfile::tempdir().unwrap();
        let mut fx = Fx::new(&dir.path().join("s.db"), "SAR", "UTC");
        let p = fx.program(
            "Ref",
            "referral",
            "reward_kind = 'fixed', reward_value = 2500, hold_days = 0",
        );
        let m = fx.member("sara@example.com", None);
        fx.code("SARA", p, m);
        fx.order(
            "S1",
            "k1@example.com",
            10_000,
            "2026-01-01T10:00:00Z",
            Some("SARA"),
        );
        fx.order(
            "S2",
            "k1@example.com",
            8_000,
            "2026-01-01T10:00:00Z",
            Some("SARA"),
        );
        // Another customer whose first order (no code) shares its second with a coded one.
        fx.order("T1", "k2@example.com", 5_000, "2026-01-02T10:00:00Z", None);
        fx.order(
            "T2",
            "k2@example.com",
            6_000,
            "2026-01-02T10:00:00Z",
            Some("SARA"),
        );
        settle_with(&mut fx, at(24 * 30), bulk);
        let earned: Vec<String> = fx
            .conn
            .prepare("SELECT order_id || ':' || amount_minor FROM ledger WHERE kind = 'accrual' ORDER BY order_id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(earned, ["S1:2500"], "bulk {bulk:?}");
        let skipped = fx.count(
            "SELECT COUNT(*) FROM reward_skips WHERE order_id IN ('S2', 'T2') AND reason LIKE 'not a new customer%'",
        );
        assert_eq!(skipped, 2, "bulk {bulk:?}");
        let totals = rewards::db::reports::referred_totals(
            &fx.conn,
            None,
            "2026-01-01T00:00:00Z",
            "2026-02-01T00:00:00Z",
        )
        .unwrap();
        assert_eq!(totals.len(), 1);
        assert_eq!(
            (totals[0].orders, totals[0].new_customers, totals[0].net),
            (1, 1, 10_000)
        );
    }
}

/// A reward held for review keeps its place under the monthly cap: with a cap of 6, the sixth
/// customer of a day is held (velocity), so the seventh of the month is beyond the cap and
/// earns nothing, and approving the sixth makes 6 rewards, never 7. Per order and in big runs.
#[test]
fn a_held_review_counts_against_the_monthly_cap() {
    for bulk in [None, Some(0)] {
        let dir = tempfile::tempdir().unwrap();
        let mut fx = Fx::new(&dir.path().join("c.db"), "SAR", "UTC");
        let p = fx.program(
            "F",
            "referral",
            "reward_kind = 'fixed', reward_value = 1000, hold_days = 0, cap_count = 6",
        );
        let m = fx.member("sara@example.com", None);
        fx.code("SARA", p, m);
        for i in 1..=6 {
            let at = format!("2026-01-10T{i:02}:00:00Z");
            fx.order(
                &format!("A{i}"),
                &format!("c{i}@example.com"),
                10_000,
                &at,
                Some("SARA"),
            );
        }
        fx.order(
            "A7",
            "c7@example.com",
            10_000,
            "2026-01-15T10:00:00Z",
            Some("SARA"),
        );
        settle_with(&mut fx, at(30 * 24), bulk);
        let held =
            fx.count("SELECT COUNT(*) FROM reviews WHERE status = 'held' AND order_id = 'A6'");
        assert_eq!(held, 1, "bulk {bulk:?}");
        let a7 = fx.count(
            "SELECT COUNT(*) FROM reward_skips WHERE order_id = 'A7' AND reason = 'monthly cap of 6 rewards reached'",
        );
        assert_eq!(a7, 1, "bulk {bulk:?}");
        let id = fx.count("SELECT id FROM reviews WHERE order_id = 'A6'");
        let tx = fx
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .unwrap();
        rewards::db::review::approve(&tx, id, at(31 * 24), Tz::UTC).unwrap();
        tx.commit().unwrap();
        let (n, sum) = (
            fx.count("SELECT COUNT(*) FROM ledger WHERE kind = 'accrual'"),
            fx.count("SELECT SUM(amount_minor) FROM ledger WHERE kind = 'accrual'"),
        );
        assert_eq!((n, sum), (6, 6_000), "bulk {bulk:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn invariants_hold_at_every_settle(
        orders in prop::collection::vec(order_spec(), 1..14),
        mut dates in prop::collection::vec(0i64..110 * 24, 1..5),
        redeem in prop::collection::vec(1i64..400, 0..4),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut fx = build(dir.path(), &orders);
        dates.sort_unstable();
        for (i, d) in dates.iter().enumerate() {
            settle(&mut fx, at(*d));
            assert_verified(&fx, at(*d));
            if let Some(points) = redeem.get(i) {
                for c in 0..6 {
                    let tx = fx.conn.transaction_with_behavior(TransactionBehavior::Immediate).unwrap();
                    let r = rewards::db::redeem::redeem(&tx, &format!("c{c}@example.com"), *points, None, None, at(*d), Tz::UTC);
                    if r.is_ok() { tx.commit().unwrap(); }
                }
                assert_verified(&fx, at(*d));
            }
        }
        // Totals never count a cause twice; a second settle at the last date writes nothing.
        let before: i64 = fx.count("SELECT COUNT(*) FROM ledger");
        settle(&mut fx, at(*dates.last().unwrap()));
        prop_assert_eq!(fx.count("SELECT COUNT(*) FROM ledger"), before);
        // Reversals of each reward never exceed it.
        prop_assert_eq!(fx.count(
            "SELECT COUNT(*) FROM (SELECT a.id FROM ledger a JOIN ledger r ON r.corrects_id = a.id AND r.kind = 'reversal'
             GROUP BY a.id HAVING -SUM(r.amount_minor + r.points) > a.amount_minor + a.points)"), 0);
    }

    #[test]
    fn settling_in_steps_equals_settling_once(
        orders in prop::collection::vec(order_spec(), 1..14),
        dates in prop::collection::vec(0i64..110 * 24, 1..5),
    ) {
        steps_equal_once(&orders, dates, true, true)?;
    }

    #[test]
    fn settling_once_in_bulk_equals_steps_with_a_window_and_no_points(
        orders in prop::collection::vec(order_spec(), 1..14),
        dates in prop::collection::vec(0i64..110 * 24, 1..5),
    ) {
        steps_equal_once(&orders, dates, false, true)?;
    }

    #[test]
    fn settling_once_in_bulk_equals_steps_with_points_and_no_window(
        orders in prop::collection::vec(order_spec(), 1..14),
        dates in prop::collection::vec(0i64..110 * 24, 1..5),
    ) {
        steps_equal_once(&orders, dates, true, false)?;
    }

    #[test]
    fn settling_once_in_bulk_equals_steps_when_only_coded_orders_earn(
        orders in prop::collection::vec(order_spec(), 1..14),
        dates in prop::collection::vec(0i64..110 * 24, 1..5),
    ) {
        steps_equal_once(&orders, dates, false, false)?;
    }
}

/// Settles the shop of `build_with(points, window)` at each date, and a copy once at the last
/// date through the bulk path of big runs (the steps query per order): the same ledger rows and
/// the same skips.
fn steps_equal_once(
    orders: &[OrderSpec],
    mut dates: Vec<i64>,
    points: bool,
    window: bool,
) -> Result<(), TestCaseError> {
    dates.sort_unstable();
    let last = *dates.last().unwrap();
    let d1 = tempfile::tempdir().unwrap();
    let mut steps = build_with(d1.path(), orders, points, window);
    for d in &dates {
        settle(&mut steps, at(*d));
    }
    let d2 = tempfile::tempdir().unwrap();
    let mut once = build_with(d2.path(), orders, points, window);
    settle_with(&mut once, at(last), Some(0));
    prop_assert_eq!(steps.ledger(), once.ledger());
    for sql in DECISIONS {
        prop_assert_eq!(rows(&steps, sql), rows(&once, sql), "{}", sql);
    }
    assert_verified(&once, at(last));
    Ok(())
}

/// What `Fx::ledger` leaves out: each row's program and frozen rule, every skip with its
/// reason, every review.
const DECISIONS: &[&str] = &[
    "SELECT l.cause_type, l.cause_id, l.kind, p.name, IFNULL(l.rule, '')
     FROM ledger l LEFT JOIN programs p ON p.id = l.program_id",
    "SELECT s.order_id, p.name, IFNULL(m.email, ''), s.reason
     FROM reward_skips s JOIN programs p ON p.id = s.program_id
     LEFT JOIN members m ON m.id = s.member_id",
    "SELECT v.cause_id, p.name, m.email, v.kind, v.amount_minor, v.points, v.reason, v.status
     FROM reviews v JOIN programs p ON p.id = v.program_id JOIN members m ON m.id = v.member_id",
];

/// The rows of `sql` as text, sorted.
fn rows(fx: &Fx, sql: &str) -> Vec<String> {
    let mut stmt = fx.conn.prepare(sql).unwrap();
    let n = stmt.column_count();
    let mut out: Vec<String> = stmt
        .query_map([], |r| {
            Ok((0..n)
                .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                .collect::<Vec<_>>()
                .join("|"))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    out.sort();
    out
}

/// A shop with one referral program, "Friends": 10.00 SAR per new customer, no hold.
fn friends_shop(dir: &tempfile::TempDir) -> (Fx, i64) {
    let fx = Fx::new(&dir.path().join("f.db"), "SAR", "UTC");
    let p = fx.program(
        "Friends",
        "referral",
        "reward_kind = 'fixed', reward_value = 1000, hold_days = 0",
    );
    (fx, p)
}

/// The bulk path of big runs holds the same suspicious rewards as the per-order queries.
#[test]
fn bulk_and_per_order_fraud_signals_agree() {
    for bulk in [None, Some(0)] {
        let dir = tempfile::tempdir().unwrap();
        let (mut fx, p) = friends_shop(&dir);
        let leaky = fx.member("leaky@example.com", None);
        fx.code("LEAK", p, leaky);
        for i in 1..=7 {
            let at = format!("2026-01-05T{:02}:00:00Z", 9 + i);
            fx.order(
                &format!("L{i}"),
                &format!("c{i}@x.com"),
                10000,
                &at,
                Some("LEAK"),
            );
        }
        let refunder = fx.member("r@example.com", None);
        fx.code("REF", p, refunder);
        for i in 1..=4 {
            let at = format!("2026-01-0{i}T10:00:00Z");
            fx.order(
                &format!("F{i}"),
                &format!("f{i}@x.com"),
                10000,
                &at,
                Some("REF"),
            );
        }
        for i in 1..=3 {
            fx.ret(
                &format!("FR{i}"),
                &format!("F{i}"),
                10000,
                "2026-01-09T10:00:00Z",
            );
        }
        fx.order("F5", "f5@x.com", 10000, "2026-01-10T10:00:00Z", Some("REF"));
        settle_with(&mut fx, at(60 * 24), bulk);
        let held: Vec<String> = fx
            .conn
            .prepare("SELECT order_id FROM reviews ORDER BY order_id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(held, vec!["F5", "L6", "L7"], "bulk threshold {bulk:?}");
    }
}

/// A window program's order placed in the same second as the customer's first referred order
/// is not in the window (it is not after the first), whether settled in bulk or per order; the
/// next second's is.
#[test]
fn a_window_starts_after_the_first_referred_order_in_bulk_and_per_order() {
    for bulk in [None, Some(0)] {
        let dir = tempfile::tempdir().unwrap();
        let mut fx = Fx::new(&dir.path().join("w.db"), "SAR", "UTC");
        let p = fx.program(
            "Aff",
            "affiliate",
            "reward_kind = 'percent', reward_value = 1000, first_order_only = 0, window_days = 30, hold_days = 0",
        );
        let partner = fx.member("partner@example.com", None);
        fx.code("AFF", p, partner);
        fx.order("W1", "c@x.com", 10000, "2026-01-05T10:00:00Z", Some("AFF"));
        fx.order("W2", "c@x.com", 20000, "2026-01-05T10:00:00Z", None);
        fx.order("W3", "c@x.com", 40000, "2026-01-05T10:00:01Z", None);
        settle_with(&mut fx, at(60 * 24), bulk);
        let earned =
            fx.count("SELECT IFNULL(SUM(amount_minor), 0) FROM ledger WHERE kind = 'accrual'");
        assert_eq!(earned, 1000 + 4000, "bulk threshold {bulk:?}");
        assert_eq!(
            fx.count("SELECT COUNT(*) FROM ledger WHERE order_id = 'W2'"),
            0,
            "bulk threshold {bulk:?}"
        );
    }
}

/// A first-order-only program: of two orders of one customer (one mailbox under two
/// spellings) placed in the same second, only the one imported first is the first order (a
/// customer has one); an order a second later is not, nor is one after a history-only or
/// cancelled order. Big runs answer this from one walk of the customer index, per-order runs
/// with a look-up each.
#[test]
fn a_first_order_is_the_earliest_by_time_then_import_in_bulk_and_per_order() {
    for bulk in [None, Some(0)] {
        let dir = tempfile::tempdir().unwrap();
        let (mut fx, p) = friends_shop(&dir);
        let (m1, m2) = (
            fx.member("m1@example.com", None),
            fx.member("m2@example.com", None),
        );
        fx.code("ONE", p, m1);
        fx.code("TWO", p, m2);
        fx.order(
            "T1",
            "jo.e@gmail.com",
            10000,
            "2026-01-05T10:00:00Z",
            Some("ONE"),
        );
        fx.order(
            "T2",
            "joe+x@gmail.com",
            10000,
            "2026-01-05T10:00:00Z",
            Some("TWO"),
        );
        fx.order(
            "T3",
            "joe@gmail.com",
            10000,
            "2026-01-05T10:00:01Z",
            Some("TWO"),
        );
        fx.order("H1", "h@x.com", 10000, "2026-01-04T10:00:00Z", None);
        fx.conn
            .execute(
                "UPDATE orders SET history_only = 1 WHERE order_id = 'H1'",
                [],
            )
            .unwrap();
        fx.order("H2", "h@x.com", 10000, "2026-01-05T10:00:00Z", Some("ONE"));
        fx.order("C1", "c@x.com", 10000, "2026-01-03T10:00:00Z", None);
        fx.conn
            .execute("UPDATE orders SET cancelled = 1 WHERE order_id = 'C1'", [])
            .unwrap();
        fx.order("C2", "c@x.com", 10000, "2026-01-05T10:00:00Z", Some("TWO"));
        fx.order("N1", "d@x.com", 10000, "2026-01-06T10:00:00Z", Some("ONE"));
        fx.order("E1", "e@x.com", 10000, "2026-01-07T10:00:00Z", Some("TWO"));
        // A key the importer never writes, walked first: still a customer of its own.
        fx.conn
            .execute(
                "UPDATE orders SET customer_key = '' WHERE order_id = 'N1'",
                [],
            )
            .unwrap();
        settle_with(&mut fx, at(60 * 24), bulk);
        let strings = |sql: &str| -> Vec<String> {
            let mut stmt = fx.conn.prepare(sql).unwrap();
            stmt.query_map([], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect()
        };
        let earned = strings("SELECT order_id FROM ledger WHERE kind = 'accrual' ORDER BY 1");
        assert_eq!(earned, ["E1", "N1", "T1"], "bulk threshold {bulk:?}");
        let skipped = strings("SELECT order_id || ': ' || reason FROM reward_skips ORDER BY 1");
        assert_eq!(skipped.len(), 4, "bulk threshold {bulk:?}: {skipped:?}");
        assert!(skipped[2].starts_with("T2: "), "{skipped:?}");
        assert!(
            skipped
                .iter()
                .all(|s| s.ends_with("the customer had ordered before")),
            "bulk threshold {bulk:?}: {skipped:?}"
        );
    }
}
