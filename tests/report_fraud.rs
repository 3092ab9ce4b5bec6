//! `report fraud` against what settle really did: codes settle held for velocity, reviews of
//! every status with their decision, and blocked self-referrals.

mod common;
#[path = "engine/fixture.rs"]
mod fixture;

use common::TestEnv;
use fixture::Fx;
use serde_json::Value;

fn rows<'a>(v: &'a Value, kind: &str) -> Vec<&'a Value> {
    v.as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == kind)
        .collect()
}

#[test]
fn codes_settle_held_reviews_of_every_status_and_self_referrals_are_listed() {
    let env = TestEnv::new();
    let mut fx = Fx::new(&env.db, "SAR", "UTC");
    let p = fx.program(
        "Friends",
        "referral",
        "reward_kind = 'fixed', reward_value = 1000, hold_days = 0",
    );
    let leaky = fx.member("leaky@example.com", None);
    let calm = fx.member("calm@example.com", None);
    fx.code("LEAK", p, leaky);
    fx.code("CALM", p, calm);
    // LEAK: 8 customers within a day, so settle holds the 6th, 7th and 8th.
    for i in 1..=8 {
        fx.order(
            &format!("L{i}"),
            &format!("c{i}@example.com"),
            10000,
            &format!("2026-01-05T{:02}:00:00Z", 9 + i),
            Some("LEAK"),
        );
    }
    // CALM: exactly 5 customers within a day: settle's limit, nothing held.
    for i in 1..=5 {
        fx.order(
            &format!("K{i}"),
            &format!("k{i}@example.com"),
            10000,
            &format!("2026-01-06T{:02}:00:00Z", 9 + i),
            Some("CALM"),
        );
    }
    // Calm refers herself.
    fx.order(
        "S1",
        "calm@example.com",
        10000,
        "2026-01-07T10:00:00Z",
        Some("CALM"),
    );
    let (code, _, err) = env.run(&["settle", "--as-of", "2026-01-10"]);
    assert_eq!(code, 3, "{err}");
    assert_eq!(fx.count("SELECT COUNT(*) FROM reviews"), 3);
    let ids: Vec<i64> = {
        let mut st = fx
            .conn
            .prepare("SELECT id FROM reviews ORDER BY id")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    env.ok(&[
        "--as-of",
        "2026-01-11",
        "review",
        "approve",
        &ids[0].to_string(),
    ]);
    env.ok(&[
        "--as-of",
        "2026-01-11",
        "review",
        "reject",
        &ids[1].to_string(),
        "--reason",
        "coupon site",
    ]);

    let (code, out, err) = env.run(&[
        "--format",
        "json",
        "report",
        "fraud",
        "--from",
        "2026-01-01",
        "--to",
        "2026-01-31",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(
            "1 self-referral(s) blocked, 3 reward(s) held for review (1 still held), 1 suspicious code(s)"
        ),
        "{err}"
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    // (b) the code settle held is listed, by settle's own rule, though the leak threshold
    // (20 by default) is far away; CALM at the limit is not.
    let codes = rows(&v, "suspicious_code");
    assert_eq!(codes.len(), 1, "{v}");
    assert_eq!(codes[0]["code"], "LEAK");
    assert_eq!(codes[0]["member_email"], "leaky@example.com");
    let detail = codes[0]["detail"].as_str().unwrap();
    assert!(
        detail.contains("used by 8 customers within 24 hours")
            && detail.contains("3 reward(s) held by settle"),
        "{detail}"
    );
    // (a) every review, whatever became of it, with its reason and decision.
    let reviews = rows(&v, "held_for_review");
    let got: Vec<(&str, &str, &str)> = reviews
        .iter()
        .map(|r| {
            (
                r["order_id"].as_str().unwrap(),
                r["detail"].as_str().unwrap(),
                r["decision"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(got.len(), 3);
    assert_eq!(
        (got[0].0, got[0].1),
        ("L6", "code used by 6 customers within 24 hours")
    );
    assert!(got[0].2.starts_with("approved 2026-01-11"), "{got:?}");
    assert!(
        got[1].2.starts_with("rejected 2026-01-11") && got[1].2.ends_with(": coupon site"),
        "{got:?}"
    );
    assert_eq!((got[2].0, got[2].2), ("L8", "held"));
    assert_eq!(reviews[0]["amount"], "10.00");
    // (c) the blocked self-referral.
    let selfref = rows(&v, "self_referral_blocked");
    assert_eq!(selfref.len(), 1);
    assert_eq!(
        (
            selfref[0]["order_id"].as_str(),
            selfref[0]["member_email"].as_str()
        ),
        (Some("S1"), Some("calm@example.com"))
    );

    // A lower leak threshold adds CALM (5 customers in the period), for that reason only.
    let v = env.json(&[
        "report",
        "fraud",
        "--from",
        "2026-01-01",
        "--to",
        "2026-01-31",
        "--leak-threshold",
        "5",
    ]);
    let codes = rows(&v, "suspicious_code");
    assert_eq!(codes.len(), 2, "{v}");
    let calm_row = codes.iter().find(|r| r["code"] == "CALM").unwrap();
    assert_eq!(
        calm_row["detail"],
        "used by 6 different customers (leaked?)"
    );
}
