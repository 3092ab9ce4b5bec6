//! Every rule with hand-computed amounts.

use super::*;
use crate::core::fraud::Signals;
use chrono::TimeZone;

fn t(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
}

fn program(kind: ProgramKind, reward: Reward) -> Program {
    Program {
        id: 1,
        name: "p".into(),
        kind,
        currency: "SAR".into(),
        scale: 100,
        reward: Some(reward),
        friend_reward: None,
        min_order_minor: None,
        first_order_only: kind == ProgramKind::Referral,
        window_days: None,
        hold_days: 14,
        cap_count: None,
        cap_amount_minor: None,
        tiers: vec![],
        points_per_unit: None,
        points_expire_days: None,
        starts_at: None,
        ends_at: None,
        events: vec![],
    }
}

fn order(amount: i64) -> Order {
    Order {
        order_id: "A1".into(),
        customer_email: "friend@example.com".into(),
        customer_phone: Some("0501111111".into()),
        amount_minor: amount,
        currency: "SAR".into(),
        ordered_at: t(2026, 1, 10, 12),
        delivered_at: None,
    }
}

fn owner() -> Earner {
    Earner {
        member_id: 7,
        email: "owner@example.com".into(),
        phone: Some("0502222222".into()),
        blocks: vec![],
    }
}

fn earned(d: Decision) -> Planned {
    match d {
        Decision::Earn(p) => p,
        other => panic!("expected Earn, got {other:?}"),
    }
}

fn skipped(d: Decision) -> String {
    match d {
        Decision::Skip(r) => r,
        other => panic!("expected Skip, got {other:?}"),
    }
}

#[test]
fn fixed_reward_with_hold_from_order_or_delivery() {
    let p = program(ProgramKind::Referral, Reward::Fixed(5000));
    let e = earned(decide_referral(
        &p,
        &order(19990),
        &owner(),
        &Facts::default(),
    ));
    assert_eq!((e.kind, e.amount_minor, e.points), ("accrual", 5000, 0));
    assert_eq!(e.member_id, 7);
    assert_eq!(e.available_at, t(2026, 1, 24, 12));
    let mut o = order(19990);
    o.delivered_at = Some(t(2026, 1, 13, 9));
    let e = earned(decide_referral(&p, &o, &owner(), &Facts::default()));
    assert_eq!(e.effective_at, t(2026, 1, 10, 12));
    assert_eq!(e.available_at, t(2026, 1, 27, 9));
    assert_eq!(e.rule.to_value()["hold_from"], "delivered_at");
    // Delivered "before" it was ordered (a typo in the export): held from the order.
    o.delivered_at = Some(t(2026, 1, 9, 9));
    let e = earned(decide_referral(&p, &o, &owner(), &Facts::default()));
    assert_eq!(e.available_at, t(2026, 1, 24, 12));
    assert_eq!(e.rule.to_value()["hold_from"], "ordered_at");
}

#[test]
fn percent_rounds_half_away_from_zero_once() {
    // 10% of 199.95 = 19.995 -> 20.00; 12.5% of 10.01 = 1.25125 -> 1.25
    let p = program(ProgramKind::Affiliate, Reward::Percent(1000));
    assert_eq!(
        earned(decide_referral(
            &p,
            &order(19995),
            &owner(),
            &Facts::default()
        ))
        .amount_minor,
        2000
    );
    let p = program(ProgramKind::Affiliate, Reward::Percent(1250));
    assert_eq!(
        earned(decide_referral(
            &p,
            &order(1001),
            &owner(),
            &Facts::default()
        ))
        .amount_minor,
        125
    );
}

#[test]
fn points_reward_goes_to_the_referrer() {
    let p = program(ProgramKind::Referral, Reward::Points(200));
    let e = earned(decide_referral(
        &p,
        &order(5000),
        &owner(),
        &Facts::default(),
    ));
    assert_eq!(
        (e.kind, e.amount_minor, e.points, e.currency),
        ("points_earn", 0, 200, None)
    );
}

#[test]
fn minimum_order_and_first_order_only() {
    let mut p = program(ProgramKind::Referral, Reward::Fixed(5000));
    p.min_order_minor = Some(10000);
    assert!(
        skipped(decide_referral(
            &p,
            &order(9999),
            &owner(),
            &Facts::default()
        ))
        .contains("minimum")
    );
    assert_eq!(
        earned(decide_referral(
            &p,
            &order(10000),
            &owner(),
            &Facts::default()
        ))
        .amount_minor,
        5000
    );
    let f = Facts {
        ordered_before: true,
        ..Default::default()
    };
    assert!(
        skipped(decide_referral(&p, &order(10000), &owner(), &f)).contains("not a new customer")
    );
    p.first_order_only = false;
    assert_eq!(
        earned(decide_referral(&p, &order(10000), &owner(), &f)).amount_minor,
        5000
    );
}

#[test]
fn window_days_limit_recurring_commission() {
    let mut p = program(ProgramKind::Affiliate, Reward::Percent(1000));
    p.window_days = Some(365);
    let first = t(2025, 1, 10, 12);
    let f = Facts {
        first_referred_at: Some(first),
        ..Default::default()
    };
    // 2026-01-10 12:00 is exactly 365 days after 2025-01-10 12:00: still inside.
    assert_eq!(
        earned(decide_referral(&p, &order(10000), &owner(), &f)).amount_minor,
        1000
    );
    let mut late = order(10000);
    late.ordered_at = t(2026, 1, 10, 13);
    assert!(skipped(decide_referral(&p, &late, &owner(), &f)).contains("365-day window"));
}

#[test]
fn caps_count_and_amount_the_order_beyond_earns_nothing() {
    let mut p = program(ProgramKind::Affiliate, Reward::Percent(1000));
    p.cap_count = Some(3);
    let f = Facts {
        month_count: 3,
        ..Default::default()
    };
    assert!(skipped(decide_referral(&p, &order(10000), &owner(), &f)).contains("cap of 3"));
    p.cap_count = None;
    p.cap_amount_minor = Some(25000);
    // 240.00 earned this month, 10% of 500.00 = 50.00 would make 290.00 > 250.00: nothing.
    let f = Facts {
        month_amount_minor: 24000,
        ..Default::default()
    };
    let why = skipped(decide_referral(&p, &order(50000), &owner(), &f));
    assert!(why.contains("amount cap of 250.00 SAR"), "{why}");
    // 10% of 100.00 = 10.00 lands exactly on the cap: earned in full.
    let e = earned(decide_referral(&p, &order(10000), &owner(), &f));
    assert_eq!(e.amount_minor, 1000);
    assert!(e.rule.to_value().get("capped_from_minor").is_none());
    let f = Facts {
        month_amount_minor: 25000,
        ..Default::default()
    };
    assert!(skipped(decide_referral(&p, &order(50000), &owner(), &f)).contains("amount cap"));
}

#[test]
fn a_month_whose_first_midnight_is_skipped_starts_after_the_gap() {
    // Asuncion sprang forward at 00:00 on 2023-10-01 (to 01:00, UTC-3).
    let asuncion = crate::core::time::parse_zone("America/Asuncion").unwrap();
    let (s, e) = month_bounds(t(2023, 10, 10, 13), asuncion);
    assert_eq!((s, e), (t(2023, 10, 1, 4), t(2023, 11, 1, 3)));
}

#[test]
fn month_bounds_follow_the_shop_zone() {
    let riyadh: Tz = "Asia/Riyadh".parse().unwrap();
    // 2026-01-31T22:00Z is 2026-02-01 01:00 in Riyadh: February.
    let (s, e) = month_bounds(t(2026, 1, 31, 22), riyadh);
    assert_eq!(s, t(2026, 1, 31, 21));
    assert_eq!(e, t(2026, 2, 28, 21));
    let (s, e) = month_bounds(t(2026, 12, 5, 0), Tz::UTC);
    assert_eq!((s, e), (t(2026, 12, 1, 0), t(2027, 1, 1, 0)));
}

#[test]
fn tiers_from_the_nth_referral() {
    let mut p = program(ProgramKind::Affiliate, Reward::Percent(1000));
    p.tiers = vec![(5, Reward::Percent(1500)), (10, Reward::Fixed(9900))];
    // f(n): n distinct customers referred before this order's (new) customer.
    let f = |n: i64| Facts {
        nth_referral: n + 1,
        ..Default::default()
    };
    assert_eq!(
        earned(decide_referral(&p, &order(10000), &owner(), &f(3))).amount_minor,
        1000
    );
    let e = earned(decide_referral(&p, &order(10000), &owner(), &f(4)));
    assert_eq!(
        (e.amount_minor, e.rule.to_value()["tier_from"].as_i64()),
        (1500, Some(5))
    );
    assert_eq!(
        earned(decide_referral(&p, &order(10000), &owner(), &f(20))).amount_minor,
        9900
    );
}

#[test]
fn dates_pause_and_end() {
    let mut p = program(ProgramKind::Referral, Reward::Fixed(100));
    p.starts_at = Some(t(2026, 1, 11, 0));
    assert!(
        skipped(decide_referral(
            &p,
            &order(1000),
            &owner(),
            &Facts::default()
        ))
        .contains("before")
    );
    p.starts_at = None;
    p.ends_at = Some(t(2026, 1, 10, 0));
    assert!(
        skipped(decide_referral(
            &p,
            &order(1000),
            &owner(),
            &Facts::default()
        ))
        .contains("ended")
    );
    p.ends_at = None;
    p.events = vec![
        ("pause".into(), t(2026, 1, 5, 0)),
        ("resume".into(), t(2026, 1, 12, 0)),
    ];
    assert!(
        skipped(decide_referral(
            &p,
            &order(1000),
            &owner(),
            &Facts::default()
        ))
        .contains("paused")
    );
    p.events = vec![
        ("pause".into(), t(2026, 1, 5, 0)),
        ("resume".into(), t(2026, 1, 9, 0)),
    ];
    assert_eq!(
        earned(decide_referral(
            &p,
            &order(1000),
            &owner(),
            &Facts::default()
        ))
        .amount_minor,
        100
    );
    p.events.push(("end".into(), t(2026, 1, 10, 0)));
    assert!(
        skipped(decide_referral(
            &p,
            &order(1000),
            &owner(),
            &Facts::default()
        ))
        .contains("ended")
    );
}

#[test]
fn blocked_self_referral_and_currency() {
    let p = program(ProgramKind::Referral, Reward::Fixed(100));
    let mut w = owner();
    w.blocks = vec![(None, None)];
    assert!(skipped(decide_referral(&p, &order(1000), &w, &Facts::default())).contains("blocked"));
    // Blocked from the order's time (inclusive) until a later unblock; earned before and after.
    let at = order(1000).ordered_at;
    let h = Duration::hours(1);
    for (from, until, blocked) in [
        (at, at + h, true),
        (at - h, at, false),
        (at + h, at + h + h, false),
    ] {
        w.blocks = vec![(Some(from), Some(until))];
        let d = decide_referral(&p, &order(1000), &w, &Facts::default());
        assert_eq!(
            matches!(d, Decision::Skip(_)),
            blocked,
            "{from} {until}: {d:?}"
        );
    }
    w.blocks = vec![(Some(at + h), None)];
    assert!(matches!(
        decide_referral(&p, &order(1000), &w, &Facts::default()),
        Decision::Earn(_)
    ));
    let mut o = order(1000);
    o.customer_email = "Owner+promo@Example.com".into();
    assert!(
        skipped(decide_referral(&p, &o, &owner(), &Facts::default())).contains("self-referral")
    );
    let mut o = order(1000);
    o.currency = "USD".into();
    assert!(skipped(decide_referral(&p, &o, &owner(), &Facts::default())).contains("currency"));
}

#[test]
fn suspicious_referrals_are_held_but_affiliates_are_not() {
    let p = program(ProgramKind::Referral, Reward::Fixed(100));
    let f = Facts {
        signals: Signals {
            customers_24h: 9,
            ..Default::default()
        },
        ..Default::default()
    };
    match decide_referral(&p, &order(1000), &owner(), &f) {
        Decision::Hold(planned, why) => {
            assert_eq!(planned.amount_minor, 100);
            assert!(why.contains("9 customers"));
        }
        other => panic!("expected Hold, got {other:?}"),
    }
    let p = program(ProgramKind::Affiliate, Reward::Fixed(100));
    assert_eq!(
        earned(decide_referral(&p, &order(1000), &owner(), &f)).amount_minor,
        100
    );
}

#[test]
fn points_per_unit_floor() {
    let mut p = program(ProgramKind::Points, Reward::Points(0));
    p.reward = None;
    p.points_per_unit = Some(2);
    // 199.99 SAR -> floor(199) * 2 = 398 points.
    let e = earned(decide_points_order(
        &p,
        &order(19999),
        &owner(),
        &Facts::default(),
    ));
    assert_eq!((e.kind, e.points, e.amount_minor), ("points_earn", 398, 0));
    assert_eq!(e.available_at, t(2026, 1, 24, 12));
    assert_eq!(
        decide_points_order(&p, &order(99), &owner(), &Facts::default()),
        Decision::Ignore
    );
    assert_eq!(
        points_for_amount(1500, 1000, 3),
        Some(3),
        "KWD: 1.500 -> 1 unit"
    );
    assert_eq!(points_for_amount(1500, 1, 1), Some(1500), "JPY");
    assert_eq!(
        points_for_amount(9_999_999_999_999, 1, i64::from(u32::MAX) * 1_000_000),
        None
    );
    // A program stored before points per unit were bounded: the order is skipped, saying why.
    p.points_per_unit = Some(i64::MAX / 2);
    let d = decide_points_order(&p, &order(19999), &owner(), &Facts::default());
    assert!(
        matches!(&d, Decision::Skip(why) if why.contains("more points than can be counted")),
        "{d:?}"
    );
}

#[test]
fn reversals_are_proportional_and_never_exceed_the_accrual() {
    // 10.00 on a 300.00 order; returns of 100.00 then 100.00 then 100.00.
    // round(1000*100/300)=333 -> -333; round(1000*200/300)=667 -> -334; full -> -333.
    assert_eq!(reversal(1000, 30000, 10000, 0), -333);
    assert_eq!(reversal(1000, 30000, 20000, -333), -334);
    assert_eq!(reversal(1000, 30000, 30000, -667), -333);
    // Returning more than the order reverses exactly all, once.
    assert_eq!(reversal(1000, 30000, 45000, 0), -1000);
    assert_eq!(reversal(1000, 30000, 45000, -1000), 0);
    // Points alike: 398 points, half refunded -> 199.
    assert_eq!(reversal(398, 19999, 9999, 0), -199);
}

#[test]
fn reversal_availability() {
    let acc = t(2026, 1, 24, 12);
    assert_eq!(reversal_available_at(t(2026, 1, 15, 0), acc), acc);
    assert_eq!(
        reversal_available_at(t(2026, 2, 1, 0), acc),
        t(2026, 2, 1, 0)
    );
}

/// Every field a rule can hold, an escaped name, and each shape (a tiered partner reward, a
/// plain referral, points for an order, an activity).
fn rule_examples() -> Vec<Planned> {
    let mut p = program(ProgramKind::Affiliate, Reward::Percent(1000));
    p.name = "Partners \"A\" é".into();
    p.tiers = vec![(5, Reward::Fixed(2500))];
    p.friend_reward = Some(("percent".into(), 1500));
    p.min_order_minor = Some(5000);
    p.window_days = Some(365);
    p.cap_count = Some(40);
    p.cap_amount_minor = Some(900_000);
    let mut o = order(19990);
    o.delivered_at = Some(t(2026, 1, 13, 9));
    let f = Facts {
        nth_referral: 6,
        ..Default::default()
    };
    let tiered = earned(decide_referral(&p, &o, &owner(), &f));
    let plain = earned(decide_referral(
        &program(ProgramKind::Referral, Reward::Fixed(5000)),
        &order(19990),
        &owner(),
        &Facts::default(),
    ));
    let mut points = program(ProgramKind::Points, Reward::Points(1));
    points.points_per_unit = Some(2);
    let earned_points = earned(decide_points_order(
        &points,
        &order(19990),
        &owner(),
        &Facts::default(),
    ));
    let activity = earned(decide_activity(
        &points,
        &owner(),
        "review",
        50,
        t(2026, 1, 10, 12),
    ));
    vec![tiered, plain, earned_points, activity]
}

/// The stored JSON, key order included, is what the `serde_json::Value` maps these rules were
/// built as before wrote (taken from that build): explain and old ledger rows read the same.
#[test]
fn rules_are_stored_as_before() {
    let stored: Vec<String> = rule_examples().iter().map(|e| e.rule.to_json()).collect();
    assert_eq!(
        stored,
        [
            r#"{"program":"Partners \"A\" é","order_amount_minor":19990,"currency":"SAR","hold_days":14,"hold_from":"delivered_at","min_order_minor":5000,"window_days":365,"cap_count":40,"cap_amount_minor":900000,"reward":{"kind":"fixed","value_minor":2500},"nth_referral":6,"tier_from":5,"friend_reward":{"kind":"percent","value":1500}}"#,
            r#"{"program":"p","order_amount_minor":19990,"currency":"SAR","hold_days":14,"hold_from":"ordered_at","reward":{"kind":"fixed","value_minor":5000},"nth_referral":1}"#,
            r#"{"program":"p","order_amount_minor":19990,"currency":"SAR","hold_days":14,"hold_from":"ordered_at","points_per_unit":2}"#,
            r#"{"program":"p","action":"review","points":50}"#,
        ]
    );
}
