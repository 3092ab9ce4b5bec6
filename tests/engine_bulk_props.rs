//! Property test: a big run (settled referrer by referrer) writes exactly the rows of per-order
//! settling, on a shop built to trip it: two affiliate windows, an owner with two codes in one,
//! a partner who is also a customer, one mailbox under three spellings, cancelled, revoked and
//! history-only orders, and whole-day times (many ties). Compares every decision: ledger rows
//! with their program and rule, reviews, skips with their reasons.

#[path = "engine/fixture.rs"]
mod fixture;

use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Tz;
use fixture::Fx;
use proptest::prelude::*;
use rewards::core::time::to_db;
use rewards::db::settle::Engine;
use rusqlite::TransactionBehavior;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Paid,
    Cancelled,
    Revoked,
    HistoryOnly,
}

#[derive(Debug, Clone)]
struct Spec {
    day: i64,
    amount: i64,
    customer: usize,
    code: usize,
    kind: Kind,
    returns: Vec<(i64, i64)>,
}

fn spec() -> impl Strategy<Value = Spec> {
    let kind = prop_oneof![
        4 => Just(Kind::Paid),
        1 => Just(Kind::Cancelled),
        1 => Just(Kind::Revoked),
        1 => Just(Kind::HistoryOnly),
    ];
    (
        0i64..30,
        1i64..50_000,
        0usize..CUSTOMERS.len(),
        0usize..CODES.len(),
        kind,
        prop::collection::vec((1i64..20 * 24, 1i64..30_000), 0..2),
    )
        .prop_map(|(day, amount, customer, code, kind, returns)| Spec {
            day,
            amount,
            customer,
            code,
            kind,
            returns,
        })
}

/// c0 is also a partner (B1); the next three are one Gmail mailbox.
const CUSTOMERS: [&str; 5] = [
    "c0@example.com",
    "a.b@gmail.com",
    "ab+x@gmail.com",
    "c3@example.com",
    "AB@googlemail.com",
];
const CODES: [Option<&str>; 8] = [
    None,
    Some("R1"),
    Some("R2"),
    Some("A1"),
    Some("A2"),
    Some("A3"),
    Some("B1"),
    Some("B2"),
];

fn at(hours: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap() + Duration::hours(hours)
}

fn build(dir: &std::path::Path, orders: &[Spec]) -> Fx {
    let mut fx = Fx::new(&dir.join("b.db"), "SAR", "UTC");
    let r = fx.program(
        "Ref",
        "referral",
        "reward_kind = 'fixed', reward_value = 1000, hold_days = 7, cap_count = 3",
    );
    let a = fx.program(
        "Aff",
        "affiliate",
        "reward_kind = 'percent', reward_value = 1250, first_order_only = 0, window_days = 30, hold_days = 10, cap_count = 2",
    );
    fx.tier(a, 3, "percent", 1500);
    let b = fx.program(
        "Aff2",
        "affiliate",
        "reward_kind = 'percent', reward_value = 500, first_order_only = 0, window_days = 10, hold_days = 0",
    );
    let pts = fx.program(
        "Pts",
        "points",
        "points_per_unit = 1, points_expire_days = 20, hold_days = 3",
    );
    fx.action(pts, "review", 25);
    let m1 = fx.member("m1@example.com", None);
    let m2 = fx.member("m2@example.com", None);
    let c0 = fx.member("c0@example.com", None);
    fx.code("R1", r, m1);
    fx.code("R2", r, m2);
    fx.code("A1", a, m2);
    fx.code("A2", a, m1);
    fx.code("A3", a, m1);
    fx.code("B1", b, c0);
    fx.code("B2", b, m2);
    for (i, o) in orders.iter().enumerate() {
        let id = format!("O{i}");
        let email = CUSTOMERS[o.customer];
        let when = to_db(at(o.day * 24));
        let history = o.kind == Kind::HistoryOnly;
        fx.order_full(
            &id,
            email,
            None,
            o.amount,
            &when,
            None,
            CODES[o.code],
            history,
        );
        let status = match o.kind {
            Kind::Cancelled => Some("UPDATE orders SET cancelled = 1 WHERE order_id = ?1"),
            Kind::Revoked => Some(
                "UPDATE orders SET code_status = 'revoked' WHERE order_id = ?1 AND code_id IS NOT NULL",
            ),
            Kind::Paid | Kind::HistoryOnly => None,
        };
        if let Some(sql) = status {
            fx.conn.execute(sql, [&id]).unwrap();
        }
        for (j, (after, amount)) in o.returns.iter().enumerate() {
            let when = to_db(at(o.day * 24 + after));
            fx.ret(&format!("{id}-R{j}"), &id, *amount, &when);
        }
        if i % 3 == 0 {
            let when = to_db(at(o.day * 24 + 1));
            fx.activity(&format!("A{i}"), email, "review", &when);
        }
    }
    fx
}

/// Settles at `as_of`, per order or (`bulk`) as a big run holding two orders whole. Returns
/// how many rewards the run accrued.
fn settle(fx: &mut Fx, as_of: DateTime<Utc>, bulk: bool) -> i64 {
    settle_how(
        fx,
        as_of,
        How {
            bulk,
            ..How::default()
        },
    )
}

/// How a run settles.
#[derive(Default, Clone, Copy)]
struct How {
    /// As a big run holding two orders whole.
    bulk: bool,
    /// A big run reads coded orders by code from the index instead of in one pass over the
    /// table (which small fixtures, mostly coded, take otherwise).
    by_index: bool,
    /// A big run defers the ledger indexes (`ledger_cause` among them) whatever the ledger
    /// holds, as it does on a small one.
    defer: bool,
    /// A big run's pass over the table is read in the settling thread, not beside it.
    one_thread: bool,
}

fn settle_how(fx: &mut Fx, as_of: DateTime<Utc>, how: How) -> i64 {
    let tx = fx
        .conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .unwrap();
    let accrued = {
        let mut e = Engine::new(&tx, "settle", as_of, Tz::UTC).unwrap();
        if how.bulk {
            e.bulk_threshold = 0;
            e.member_cache = 2;
            e.held_orders = 2;
        }
        if how.defer {
            e.defer_ledger_rows = i64::MAX;
        }
        if how.by_index {
            e.scan_share = 0;
        }
        e.read_beside = !how.one_thread;
        e.settle(as_of).unwrap();
        e.counts.accrued
    };
    tx.commit().unwrap();
    accrued
}

/// Every decision, as sorted text.
fn decisions(fx: &Fx) -> Vec<String> {
    let mut out = Vec::new();
    for sql in [
        "SELECT 'ledger', m.email, p.name, l.kind, l.amount_minor, l.points, l.effective_at,
                l.available_at, l.cause_type, l.cause_id, IFNULL(l.rule, '')
         FROM ledger l JOIN members m ON m.id = l.member_id LEFT JOIN programs p ON p.id = l.program_id",
        "SELECT 'review', m.email, p.name, v.kind, v.amount_minor, v.points, v.effective_at,
                v.available_at, v.cause_type, v.cause_id, v.rule || v.reason || v.status
         FROM reviews v JOIN members m ON m.id = v.member_id JOIN programs p ON p.id = v.program_id",
        "SELECT 'skip', IFNULL(m.email, ''), p.name, s.reason, '', '', '', '', '', s.order_id, ''
         FROM reward_skips s JOIN programs p ON p.id = s.program_id
         LEFT JOIN members m ON m.id = s.member_id",
    ] {
        let mut stmt = fx.conn.prepare(sql).unwrap();
        let rows = stmt
            .query_map([], |r| {
                Ok((0..11)
                    .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                    .collect::<Vec<_>>()
                    .join("|"))
            })
            .unwrap();
        out.extend(rows.map(Result::unwrap));
    }
    out.sort();
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn a_big_run_decides_every_order_as_per_order_settling_does(
        orders in prop::collection::vec(spec(), 1..20),
        mut dates in prop::collection::vec(0i64..60 * 24, 1..4),
    ) {
        dates.sort_unstable();
        let last = *dates.last().unwrap();
        // Once at the last date: per order, and as a big run.
        let d1 = tempfile::tempdir().unwrap();
        let mut per_order = build(d1.path(), &orders);
        settle(&mut per_order, at(last), false);
        let d2 = tempfile::tempdir().unwrap();
        let mut bulk = build(d2.path(), &orders);
        settle(&mut bulk, at(last), true);
        prop_assert_eq!(decisions(&per_order), decisions(&bulk));
        let d5 = tempfile::tempdir().unwrap();
        let mut by_index = build(d5.path(), &orders);
        let how = How {
            bulk: true,
            ..How::default()
        };
        settle_how(&mut by_index, at(last), How { by_index: true, ..how });
        prop_assert_eq!(decisions(&per_order), decisions(&by_index));
        // The one pass over the table read in this thread, not beside it.
        let d7 = tempfile::tempdir().unwrap();
        let mut in_one_thread = build(d7.path(), &orders);
        settle_how(&mut in_one_thread, at(last), How { one_thread: true, ..how });
        prop_assert_eq!(decisions(&per_order), decisions(&in_one_thread));
        // In steps per order, and in steps whose last one is a big run on a ledger that
        // already holds rows (an incremental big run).
        let d3 = tempfile::tempdir().unwrap();
        let mut steps = build(d3.path(), &orders);
        let d4 = tempfile::tempdir().unwrap();
        let mut steps_bulk = build(d4.path(), &orders);
        // The same with the ledger indexes deferred although the ledger holds rows.
        let d6 = tempfile::tempdir().unwrap();
        let mut steps_deferred = build(d6.path(), &orders);
        for (i, d) in dates.iter().enumerate() {
            settle(&mut steps, at(*d), false);
            let last_bulk = i + 1 == dates.len() && i > 0;
            settle(&mut steps_bulk, at(*d), last_bulk);
            let how = How {
                bulk: last_bulk,
                defer: last_bulk,
                ..How::default()
            };
            settle_how(&mut steps_deferred, at(*d), how);
        }
        prop_assert_eq!(decisions(&steps), decisions(&steps_bulk));
        prop_assert_eq!(decisions(&steps), decisions(&steps_deferred));
    }
}

/// A big run that defers its ledger indexes judges again orders an earlier run rewarded (a run
/// at a past as-of leaves the settled state where it was, so its orders stay undecided): each
/// keeps its one reward, and only the new order earns. With 1 reward before, `ledger_cause` is
/// deferred and the run remembers them; with 2,001 (more than it remembers), the index stays.
#[test]
fn a_deferring_big_run_writes_no_second_reward_for_an_order_rewarded_before() {
    let run = |bulk: bool, before: usize| {
        let dir = tempfile::tempdir().unwrap();
        let mut fx = Fx::new(&dir.path().join("b.db"), "SAR", "UTC");
        let r = fx.program(
            "Ref",
            "referral",
            "reward_kind = 'fixed', reward_value = 1000",
        );
        let m1 = fx.member("m1@example.com", None);
        fx.code("R1", r, m1);
        let day = |d: i64| to_db(at(d * 24));
        for i in 0..before {
            fx.order(
                &format!("O1-{i}"),
                &format!("c1-{i}@example.com"),
                50_000,
                // A day apart, going back from the first day: many customers of one code in a
                // day would be held for review.
                &day(-(i as i64)),
                Some("R1"),
            );
        }
        assert_eq!(settle(&mut fx, at(30 * 24), false), before as i64);
        fx.order("O2", "c2@example.com", 50_000, &day(2), Some("R1"));
        fx.order("O3", "c3@example.com", 50_000, &day(3), Some("R1"));
        // A run at a past as-of: O2 and O3 earn, the settled state stays at day 30.
        assert_eq!(settle(&mut fx, at(10 * 24), false), 2);
        fx.order("O4", "c4@example.com", 50_000, &day(20), Some("R1"));
        let how = How {
            bulk,
            defer: bulk,
            ..How::default()
        };
        let accrued = settle_how(&mut fx, at(40 * 24), how);
        assert_eq!(
            accrued, 1,
            "only O4 is new (bulk: {bulk}, before: {before})"
        );
        let rewards = before as i64 + 3;
        assert_eq!(
            fx.count("SELECT COUNT(*) FROM ledger WHERE kind = 'accrual'"),
            rewards,
            "one reward per order (bulk: {bulk}, before: {before})"
        );
        assert_eq!(
            fx.count(&format!(
                "SELECT SUM(amount_minor) FROM ledger WHERE member_id = {m1}"
            )),
            rewards * 1_000
        );
        decisions(&fx)
    };
    for before in [1, 2_001] {
        assert_eq!(run(true, before), run(false, before));
    }
}
