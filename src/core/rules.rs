//! Program rules, pure: whether an order or activity earns in a program, how much, when it
//! becomes available, and the frozen rule values recorded with the reward.
//!
//! Rounding and edge decisions (documented in the README too):
//! - percent rewards round half away from zero to the minor unit, once, here;
//! - the amount cap: an order whose reward would take the month's total over the monthly amount
//!   cap earns nothing (skipped, the reason naming the cap); a later, smaller reward that still
//!   fits under the cap earns;
//! - tiers: a referral is a customer's first rewarded order with the member's code in a program;
//!   an order's N is the number of distinct customers the member referred before it, plus one
//!   when its customer is new to the member (else that customer's own position), and the tier
//!   with the largest `from_count <= N` applies, else the program's reward. A customer's repeat
//!   orders keep the customer's N: they never move the member into a tier.

use super::fraud;
use super::money::{Currency, format_minor, percent_of};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Serialize;

/// What a referrer (or partner, or customer in a points program) earns per qualifying order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reward {
    /// Minor units of the program's currency.
    Fixed(i64),
    /// Basis points of the order's amount.
    Percent(i64),
    /// Whole points.
    Points(i64),
}

impl Reward {
    /// From the stored `reward_kind`/`reward_value` pair.
    pub fn from_parts(kind: &str, value: i64) -> Option<Reward> {
        match kind {
            "fixed" => Some(Reward::Fixed(value)),
            "percent" => Some(Reward::Percent(value)),
            "points" => Some(Reward::Points(value)),
            _ => None,
        }
    }

    fn describe(&self) -> RewardRule {
        match *self {
            Reward::Fixed(value_minor) => RewardRule::Fixed { value_minor },
            Reward::Percent(bps) => RewardRule::Percent { bps },
            Reward::Points(points) => RewardRule::Points { points },
        }
    }
}

/// Frozen rule values recorded with a reward: JSON objects whose keys come in the order of the
/// fields here (built as typed values, not `serde_json::Value` maps: a big settle writes one per
/// reward, and building and writing the maps took 10% of its profile, now 4%).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Rule {
    Order(OrderRule),
    Activity {
        program: String,
        action: String,
        points: i64,
    },
}

impl Rule {
    /// The stored form.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("rule values are strings and integers")
    }

    /// As a JSON value (tests read a field of it).
    #[cfg(test)]
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::to_value(self).expect("rule values are strings and integers")
    }
}

/// The rule of an order's reward: the program's terms, then what this reward used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrderRule {
    pub program: String,
    pub order_amount_minor: i64,
    pub currency: String,
    pub hold_days: i64,
    /// `ordered_at` or `delivered_at`.
    pub hold_from: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_order_minor: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window_days: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cap_count: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cap_amount_minor: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reward: Option<RewardRule>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nth_referral: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tier_from: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub friend_reward: Option<FriendReward>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points_per_unit: Option<i64>,
}

/// A reward as recorded: `{"kind": "percent", "bps": 1000}` and the like.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum RewardRule {
    Fixed { value_minor: i64 },
    Percent { bps: i64 },
    Points { points: i64 },
}

/// The friend's discount as recorded: `{"kind": "percent", "value": 1500}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FriendReward {
    pub kind: String,
    pub value: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgramKind {
    Referral,
    Affiliate,
    Points,
}

/// A program's rules, as loaded from `programs`, `program_tiers` and `program_events`.
#[derive(Debug, Clone)]
pub struct Program {
    pub id: i64,
    pub name: String,
    pub kind: ProgramKind,
    pub currency: String,
    /// 10^exponent of the currency: minor units per major unit.
    pub scale: i64,
    pub reward: Option<Reward>,
    /// The friend's discount (kind, value), recorded with each reward.
    pub friend_reward: Option<(String, i64)>,
    pub min_order_minor: Option<i64>,
    pub first_order_only: bool,
    pub window_days: Option<i64>,
    pub hold_days: i64,
    pub cap_count: Option<i64>,
    pub cap_amount_minor: Option<i64>,
    /// (from_count, reward), any order.
    pub tiers: Vec<(i64, Reward)>,
    pub points_per_unit: Option<i64>,
    pub points_expire_days: Option<i64>,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    /// (event, at): pause, resume, end.
    pub events: Vec<(String, DateTime<Utc>)>,
}

/// The order being judged.
#[derive(Debug, Clone)]
pub struct Order {
    pub order_id: String,
    pub customer_email: String,
    pub customer_phone: Option<String>,
    pub amount_minor: i64,
    pub currency: String,
    pub ordered_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
}

/// The member who would earn.
#[derive(Debug, Clone)]
pub struct Earner {
    pub member_id: i64,
    pub email: String,
    pub phone: Option<String>,
    /// When the member was blocked.
    pub blocks: Vec<Block>,
}

/// A member's block: (from, until); `None` from = ever since (a block with no recorded time),
/// `None` until = still blocked.
pub type Block = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

impl Earner {
    /// Whether the member was blocked at `t`: what happened while blocked earns nothing,
    /// what happened before or after does, whenever settle runs.
    pub fn blocked_at(&self, t: DateTime<Utc>) -> bool {
        self.blocks
            .iter()
            .any(|&(from, until)| from.is_none_or(|f| f <= t) && until.is_none_or(|u| t < u))
    }
}

/// Facts about an order's history, each judged on data up to the order's own time, so that the
/// decision does not depend on when settle runs.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// The customer has an imported order (any, history-only included) before this one.
    pub ordered_before: bool,
    /// The customer's first order in this program through a code (for window programs).
    pub first_referred_at: Option<DateTime<Utc>>,
    /// N of this order: the position (1 = first) of its customer among the distinct customers
    /// the earner referred in this program (rewarded or held orders), a new customer taking the
    /// next one. 0 is read as 1.
    pub nth_referral: i64,
    /// The earner's rewards in this program in the order's calendar month, before it.
    pub month_count: i64,
    pub month_amount_minor: i64,
    /// Signals for the suspicious-pattern checks (referral programs only).
    pub signals: fraud::Signals,
}

/// A reward to write (to the ledger, or to review when held).
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    pub member_id: i64,
    /// `accrual` for money, `points_earn` for points.
    pub kind: &'static str,
    pub currency: Option<String>,
    pub amount_minor: i64,
    pub points: i64,
    pub effective_at: DateTime<Utc>,
    pub available_at: DateTime<Utc>,
    /// Frozen rule values.
    pub rule: Rule,
}

/// What happens to an order (or activity) in a program.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    Earn(Planned),
    /// Suspicious: held for review with the reason.
    Hold(Planned, String),
    /// Earns nothing, with the reason (recorded in `reward_skips`).
    Skip(String),
    /// Not a matter for this program at all (nothing recorded).
    Ignore,
}

/// Why an order placed at `t` is outside the program's running time, if it is.
pub fn not_running(p: &Program, t: DateTime<Utc>) -> Option<String> {
    if p.starts_at.is_some_and(|s| t < s) {
        return Some("placed before the program started".into());
    }
    if p.ends_at.is_some_and(|e| t > e) {
        return Some("placed after the program ended".into());
    }
    let mut paused = false;
    for (event, at) in &p.events {
        if *at > t {
            break;
        }
        match event.as_str() {
            "pause" => paused = true,
            "resume" => paused = false,
            "end" => return Some("placed after the program ended".into()),
            _ => {}
        }
    }
    paused.then(|| "placed while the program was paused".into())
}

/// When a reward for this order stops being pending: delivery (or order) time plus hold days.
pub fn available_at(p: &Program, o: &Order) -> DateTime<Utc> {
    hold_start(o) + Duration::days(p.hold_days)
}

/// When an order's hold starts: its delivery, unless the file gives none or one before the
/// order (a typo cannot make a reward available before it was earned).
fn hold_start(o: &Order) -> DateTime<Utc> {
    o.delivered_at
        .filter(|d| *d >= o.ordered_at)
        .unwrap_or(o.ordered_at)
}

/// The calendar month containing `t` in the shop's zone, as a UTC half-open range.
pub fn month_bounds(t: DateTime<Utc>, zone: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    let local = t.with_timezone(&zone);
    let first =
        NaiveDate::from_ymd_opt(local.year(), local.month(), 1).unwrap_or(local.date_naive());
    let next = if local.month() == 12 {
        NaiveDate::from_ymd_opt(local.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(local.year(), local.month() + 1, 1)
    }
    .unwrap_or(first);
    // A month whose first midnight a daylight-saving change skips (Asuncion in October 2023)
    // starts at the first minute after the gap, as a day does.
    let at = |d: NaiveDate| {
        crate::core::time::day_edge(d, zone, crate::core::time::DayEdge::Start, "").unwrap_or(t)
    };
    (at(first), at(next))
}

/// The reward that applies to the Nth qualifying referral.
pub fn reward_for(p: &Program, nth: i64) -> Option<(Reward, Option<i64>)> {
    p.tiers
        .iter()
        .filter(|(from, _)| *from <= nth)
        .max_by_key(|(from, _)| *from)
        .map(|(from, r)| (*r, Some(*from)))
        .or(p.reward.map(|r| (r, None)))
}

/// Judges an order that carries a code of a referral or affiliate program (or falls in an
/// affiliate's recurring window) for the code's owner.
pub fn decide_referral(p: &Program, o: &Order, owner: &Earner, f: &Facts) -> Decision {
    if o.currency != p.currency {
        return Decision::Skip(format!(
            "order currency {} differs from the program's {}",
            o.currency, p.currency
        ));
    }
    if let Some(why) = not_running(p, o.ordered_at) {
        return Decision::Skip(why);
    }
    if owner.blocked_at(o.ordered_at) {
        return Decision::Skip("member is blocked".into());
    }
    if fraud::is_self_referral(
        &o.customer_email,
        o.customer_phone.as_deref(),
        &owner.email,
        owner.phone.as_deref(),
    ) {
        return Decision::Skip("self-referral: the customer is the code's owner".into());
    }
    if p.first_order_only && f.ordered_before {
        return Decision::Skip("not a new customer: the customer had ordered before".into());
    }
    // A free order (a sample, an exchange) is an order, which makes the customer's later ones
    // not their first, but it earns no reward, fixed ones included.
    if o.amount_minor <= 0 {
        return Decision::Skip("the order's amount is zero".into());
    }
    if let (Some(days), Some(first)) = (p.window_days, f.first_referred_at)
        && o.ordered_at > first + Duration::days(days)
    {
        return Decision::Skip(format!(
            "outside the {days}-day window after the customer's first referred order"
        ));
    }
    if let Some(min) = p.min_order_minor
        && o.amount_minor < min
    {
        return Decision::Skip("below the program's minimum order".into());
    }
    if let Some(cap) = p.cap_count
        && f.month_count >= cap
    {
        return Decision::Skip(format!("monthly cap of {cap} rewards reached"));
    }
    let nth = f.nth_referral.max(1);
    let Some((reward, tier)) = reward_for(p, nth) else {
        return Decision::Skip("the program has no reward".into());
    };
    let (amount, points) = match reward {
        Reward::Fixed(v) => (v, 0),
        Reward::Percent(bps) => (percent_of(o.amount_minor, bps), 0),
        Reward::Points(n) => (0, n),
    };
    let rule = Rule::Order(OrderRule {
        reward: Some(reward.describe()),
        nth_referral: Some(nth),
        tier_from: tier,
        friend_reward: p.friend_reward.as_ref().map(|(kind, value)| FriendReward {
            kind: kind.clone(),
            value: *value,
        }),
        ..base_rule(p, o)
    });
    if points == 0 {
        if let Some(cap) = p.cap_amount_minor
            && f.month_amount_minor.saturating_add(amount) > cap
        {
            let show = |m: i64| match Currency::from_code(&p.currency) {
                Ok(c) => format!("{} {}", format_minor(m, c), c.code()),
                Err(_) => format!("{m} minor units"),
            };
            return Decision::Skip(format!(
                "monthly amount cap of {} would be exceeded: {} earned this month, this reward {}",
                show(cap),
                show(f.month_amount_minor),
                show(amount)
            ));
        }
        if amount <= 0 {
            return Decision::Skip("the reward rounds to zero".into());
        }
    }
    let planned = planned(p, o, owner.member_id, amount, points, rule);
    match (p.kind, fraud::suspicious(&f.signals)) {
        (ProgramKind::Referral, Some(why)) => Decision::Hold(planned, why),
        _ => Decision::Earn(planned),
    }
}

/// Judges an order for a points program: the customer earns floor(amount in major units) *
/// points_per_unit points (whole points; fractions of a currency unit earn nothing).
pub fn decide_points_order(p: &Program, o: &Order, customer: &Earner, f: &Facts) -> Decision {
    let Some(per_unit) = p.points_per_unit.filter(|n| *n > 0) else {
        return Decision::Ignore;
    };
    if o.currency != p.currency {
        return Decision::Skip(format!(
            "order currency {} differs from the program's {}",
            o.currency, p.currency
        ));
    }
    if let Some(why) = not_running(p, o.ordered_at) {
        return Decision::Skip(why);
    }
    if customer.blocked_at(o.ordered_at) {
        return Decision::Skip("member is blocked".into());
    }
    if let Some(min) = p.min_order_minor
        && o.amount_minor < min
    {
        return Decision::Skip("below the program's minimum order".into());
    }
    if let Some(cap) = p.cap_count
        && f.month_count >= cap
    {
        return Decision::Skip(format!("monthly cap of {cap} rewards reached"));
    }
    let Some(points) = points_for_amount(o.amount_minor, p.scale, per_unit) else {
        return Decision::Skip(format!(
            "{} units at {per_unit} points per unit is more points than can be counted",
            o.amount_minor / p.scale.max(1)
        ));
    };
    if points <= 0 {
        return Decision::Ignore;
    }
    let rule = Rule::Order(OrderRule {
        points_per_unit: Some(per_unit),
        ..base_rule(p, o)
    });
    Decision::Earn(planned(p, o, customer.member_id, 0, points, rule))
}

/// floor(amount / scale) * per_unit: whole currency units spent times points per unit; None
/// when that does not fit in an i64 (never saturated: the order is skipped, saying why).
pub fn points_for_amount(amount_minor: i64, scale: i64, per_unit: i64) -> Option<i64> {
    if amount_minor <= 0 || scale <= 0 {
        return Some(0);
    }
    (amount_minor / scale).checked_mul(per_unit)
}

/// Judges an activity (signup, review, ...) for a points program that gives `points` for it.
/// Activities cannot be returned, so their points are available at once.
pub fn decide_activity(
    p: &Program,
    member: &Earner,
    action: &str,
    points: i64,
    occurred_at: DateTime<Utc>,
) -> Decision {
    if let Some(why) = not_running(p, occurred_at) {
        return Decision::Skip(why);
    }
    if member.blocked_at(occurred_at) {
        return Decision::Skip("member is blocked".into());
    }
    Decision::Earn(Planned {
        member_id: member.member_id,
        kind: "points_earn",
        currency: None,
        amount_minor: 0,
        points,
        effective_at: occurred_at,
        available_at: occurred_at,
        rule: Rule::Activity {
            program: p.name.clone(),
            action: action.to_string(),
            points,
        },
    })
}

fn base_rule(p: &Program, o: &Order) -> OrderRule {
    OrderRule {
        program: p.name.clone(),
        order_amount_minor: o.amount_minor,
        currency: p.currency.clone(),
        hold_days: p.hold_days,
        hold_from: if o.delivered_at.is_some_and(|d| d >= o.ordered_at) {
            "delivered_at"
        } else {
            "ordered_at"
        },
        min_order_minor: p.min_order_minor,
        window_days: p.window_days,
        cap_count: p.cap_count,
        cap_amount_minor: p.cap_amount_minor,
        reward: None,
        nth_referral: None,
        tier_from: None,
        friend_reward: None,
        points_per_unit: None,
    }
}

fn planned(
    p: &Program,
    o: &Order,
    member_id: i64,
    amount: i64,
    points: i64,
    rule: Rule,
) -> Planned {
    Planned {
        member_id,
        kind: if points != 0 {
            "points_earn"
        } else {
            "accrual"
        },
        currency: (points == 0).then(|| p.currency.clone()),
        amount_minor: amount,
        points,
        effective_at: o.ordered_at,
        available_at: available_at(p, o),
        rule,
    }
}

/// The reversal for one return: `-(round(accrued * cumulative / order_amount) - reversed_so_far)`.
/// `cumulative_returned` includes this return; `already_reversed` is the (non-positive) sum of
/// earlier reversals of the same reward. The sum of reversals never exceeds the accrual and a
/// full refund reverses exactly all of it. Works for money and points alike.
pub fn reversal(
    accrued: i64,
    order_amount: i64,
    cumulative_returned: i64,
    already_reversed: i64,
) -> i64 {
    if order_amount <= 0 {
        return 0;
    }
    let cum = cumulative_returned.clamp(0, order_amount);
    let target = super::money::share_of(accrued, cum, order_amount);
    let due = target + already_reversed; // already_reversed <= 0
    if due <= 0 { 0 } else { -due }
}

/// When a reversal becomes available: a return before the reward's `available_at` shrinks the
/// pending amount (same `available_at`); after it, the negative entry is available at once.
pub fn reversal_available_at(
    returned_at: DateTime<Utc>,
    accrual_available_at: DateTime<Utc>,
) -> DateTime<Utc> {
    returned_at.max(accrual_available_at)
}

#[cfg(test)]
mod tests;
