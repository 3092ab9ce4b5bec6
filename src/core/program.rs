//! Programs, pure: parsing reward specs ("50", "10%", "200pts") and tiers ("3:15%"), validating a
//! new program's rules, and describing them in words a shop owner understands.

use crate::core::money::{self, Currency};
use crate::core::time::{self, DayEdge};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;

/// What kind of program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProgramKind {
    Referral,
    Affiliate,
    Points,
}

impl ProgramKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ProgramKind::Referral => "referral",
            ProgramKind::Affiliate => "affiliate",
            ProgramKind::Points => "points",
        }
    }

    pub fn parse(s: &str) -> Option<ProgramKind> {
        match s {
            "referral" => Some(ProgramKind::Referral),
            "affiliate" => Some(ProgramKind::Affiliate),
            "points" => Some(ProgramKind::Points),
            _ => None,
        }
    }
}

/// How a reward is stored: `fixed` = minor units of the program currency, `percent` = basis
/// points of the order amount, `points` = a count of points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RewardKind {
    Fixed,
    Percent,
    Points,
}

impl RewardKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RewardKind::Fixed => "fixed",
            RewardKind::Percent => "percent",
            RewardKind::Points => "points",
        }
    }

    pub fn parse(s: &str) -> Option<RewardKind> {
        match s {
            "fixed" => Some(RewardKind::Fixed),
            "percent" => Some(RewardKind::Percent),
            "points" => Some(RewardKind::Points),
            _ => None,
        }
    }
}

/// A reward as the schema stores it: (reward_kind, reward_value).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reward {
    pub kind: RewardKind,
    pub value: i64,
}

impl Reward {
    /// In words: `50.00 SAR`, `10%`, `200 pts`.
    pub fn describe(&self, currency: Currency) -> String {
        match self.kind {
            RewardKind::Fixed => {
                format!("{} {}", money::format_minor(self.value, currency), currency)
            }
            RewardKind::Percent => money::format_bps(self.value),
            RewardKind::Points => format!("{} pts", self.value),
        }
    }
}

/// A tier: from a member's `from_count`th qualifying referral on, `reward` applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tier {
    pub from_count: i64,
    pub reward: Reward,
}

/// A bad value for one flag.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{flag}: {message}")]
pub struct ProgramError {
    pub flag: &'static str,
    pub message: String,
}

fn err(flag: &'static str, message: impl Into<String>) -> ProgramError {
    ProgramError {
        flag,
        message: message.into(),
    }
}

/// Parses a reward: `50` / `49.90` (fixed, in the currency), `10%` / `12.5%` (percent of the
/// order), `200pts` / `200 points` (points). Must be more than zero.
pub fn parse_reward(input: &str, currency: Currency) -> Result<Reward, String> {
    let s = input.trim();
    let lower = s.to_ascii_lowercase();
    for suffix in ["points", "point", "pts", "pt"] {
        if let Some(n) = lower.strip_suffix(suffix) {
            let n = n.trim();
            let value: i64 = n
                .parse()
                .ok()
                .filter(|_| n.bytes().all(|b| b.is_ascii_digit()))
                .ok_or_else(|| {
                    format!("{input:?} is not a whole number of points (e.g. 200pts)")
                })?;
            if value <= 0 {
                return Err(format!("{input:?}: points must be more than zero"));
            }
            if value > money::MAX_AMOUNT_MINOR {
                return Err(format!("{input:?}: too many points"));
            }
            return Ok(Reward {
                kind: RewardKind::Points,
                value,
            });
        }
    }
    if s.ends_with('%') || s.ends_with('٪') {
        let bps = money::parse_percent_bps(s).map_err(|e| e.to_string())?;
        if bps == 0 {
            return Err(format!("{input:?}: a percent reward must be more than 0%"));
        }
        return Ok(Reward {
            kind: RewardKind::Percent,
            value: bps,
        });
    }
    let minor = money::parse_minor(s, currency)
        .map_err(|e| format!("{e}; use an amount (50), a percent (10%) or points (200pts)"))?;
    if minor < 0 {
        return Err(format!("{input:?} is negative"));
    }
    if minor == 0 {
        return Err(format!("{input:?}: a reward must be more than zero"));
    }
    if minor > money::MAX_AMOUNT_MINOR {
        return Err(format!(
            "{input:?} is too large (at most {} {currency})",
            money::format_minor(money::MAX_AMOUNT_MINOR, currency)
        ));
    }
    Ok(Reward {
        kind: RewardKind::Fixed,
        value: minor,
    })
}

/// Parses `N:REWARD`, N at least 2 (the base reward covers the first).
pub fn parse_tier(input: &str, currency: Currency) -> Result<Tier, String> {
    let (n, reward) = input
        .split_once(':')
        .ok_or_else(|| format!("{input:?} is not N:REWARD (e.g. 5:15%)"))?;
    let n = n.trim();
    let from_count: i64 = n
        .parse()
        .ok()
        .filter(|_| n.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| format!("{input:?}: {n:?} is not a whole number"))?;
    if from_count < 2 {
        return Err(format!(
            "{input:?}: a tier starts at the 2nd qualifying referral or later (the --reward covers the first)"
        ));
    }
    let reward = parse_reward(reward, currency).map_err(|e| format!("{input:?}: {e}"))?;
    Ok(Tier { from_count, reward })
}

/// Parses `ACTION=POINTS`, e.g. `review=50`. Actions are lower-cased.
pub fn parse_action_points(input: &str) -> Result<(String, i64), String> {
    let (action, points) = input
        .split_once('=')
        .ok_or_else(|| format!("{input:?} is not ACTION=POINTS (e.g. review=50)"))?;
    let action = action.trim().to_lowercase();
    if action.is_empty()
        || !action
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
    {
        return Err(format!(
            "{input:?}: the action must be a word such as signup, review, share, newsletter"
        ));
    }
    let p = points.trim();
    let points: i64 = p
        .parse()
        .ok()
        .filter(|_| p.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| format!("{input:?}: {p:?} is not a whole number of points"))?;
    if points <= 0 {
        return Err(format!("{input:?}: points must be more than zero"));
    }
    if points > money::MAX_AMOUNT_MINOR {
        return Err(format!("{input:?}: too many points"));
    }
    Ok((action, points))
}

/// What the user gave for a new program, unparsed.
#[derive(Debug, Clone, Default)]
pub struct ProgramInput {
    pub name: String,
    pub kind: Option<ProgramKind>,
    pub reward: Option<String>,
    pub friend_reward: Option<String>,
    pub min_order: Option<String>,
    pub first_order_only: bool,
    pub every_order: bool,
    pub window_days: Option<u32>,
    pub hold_days: Option<u32>,
    pub cap_count: Option<u32>,
    pub cap_amount: Option<String>,
    pub tiers: Vec<String>,
    pub points_per_unit: Option<u32>,
    pub points_expire_days: Option<u32>,
    pub point_value: Option<String>,
    pub action_points: Vec<String>,
    pub starts: Option<String>,
    pub ends: Option<String>,
}

/// A validated program, ready to be stored (and, with an id, as read back).
#[derive(Debug, Clone, PartialEq)]
pub struct Program {
    pub id: i64,
    pub name: String,
    pub kind: ProgramKind,
    /// active, paused, ended
    pub status: String,
    pub currency: Currency,
    pub reward: Option<Reward>,
    pub friend_reward: Option<Reward>,
    pub min_order_minor: Option<i64>,
    pub first_order_only: bool,
    pub window_days: Option<i64>,
    pub hold_days: i64,
    pub cap_count: Option<i64>,
    pub cap_amount_minor: Option<i64>,
    pub points_per_unit: Option<i64>,
    pub points_expire_days: Option<i64>,
    pub point_value_minor: Option<i64>,
    /// Stored form (UTC text).
    pub starts_at: Option<String>,
    pub ends_at: Option<String>,
    pub created_at: String,
    pub tiers: Vec<Tier>,
    /// (action, points), in the order given.
    pub actions: Vec<(String, i64)>,
}

/// The default return window, in days.
pub const DEFAULT_HOLD_DAYS: u32 = 14;
/// The most days a hold, window or points expiry may last (100 years): dates beyond year 9999
/// cannot be stored, and a longer span means a typo, not a rule.
pub const MAX_DAYS: u32 = 36_525;

/// The most points a points program gives per currency unit spent: the largest order
/// (`money::MAX_AMOUNT_MINOR` yen) then earns 10^16 points, far from overflowing a sum.
pub const MAX_POINTS_PER_UNIT: u32 = 1_000;

/// Why a points program takes no `--reward` or `--tier`: it earns per order and per activity.
const POINTS_PER_REFERRAL: &str = "a points program earns points per unit spent \
    (--points-per-unit) and per activity (--action-points), not per referral; to reward \
    referrals with points, create a referral program: --kind referral --reward 200pts";

/// A day count of a flag, at most [`MAX_DAYS`].
fn days(flag: &'static str, n: u32) -> Result<i64, ProgramError> {
    if n > MAX_DAYS {
        return Err(err(
            flag,
            format!("{n} days is more than {MAX_DAYS} (100 years)"),
        ));
    }
    Ok(i64::from(n))
}

fn amount(flag: &'static str, s: &str, currency: Currency) -> Result<i64, ProgramError> {
    let minor = money::parse_minor(s, currency).map_err(|e| err(flag, e.to_string()))?;
    if minor < 0 {
        return Err(err(flag, format!("{s:?} is negative")));
    }
    if minor > money::MAX_AMOUNT_MINOR {
        return Err(err(
            flag,
            format!(
                "{s:?} is too large (at most {} {currency})",
                money::format_minor(money::MAX_AMOUNT_MINOR, currency)
            ),
        ));
    }
    Ok(minor)
}

/// Checks every rule of a new program; nothing is stored unless this succeeds.
pub fn validate(
    input: &ProgramInput,
    currency: Currency,
    zone: Tz,
    now: DateTime<Utc>,
) -> Result<Program, ProgramError> {
    let name = input.name.trim().to_string();
    if name.is_empty() {
        return Err(err("NAME", "the program needs a name"));
    }
    let kind = input
        .kind
        .ok_or_else(|| err("--kind", "missing (referral, affiliate or points)"))?;
    let reward = match &input.reward {
        Some(r) => Some(parse_reward(r, currency).map_err(|m| err("--reward", m))?),
        None if kind != ProgramKind::Points => {
            return Err(err(
                "--reward",
                "missing: a referral or affiliate program needs a reward (50, 10% or 200pts)",
            ));
        }
        None => None,
    };
    // Settle earns a points program's points per order and per activity only; a reward per
    // referral here would be shown and never earned.
    if kind == ProgramKind::Points && reward.is_some() {
        return Err(err("--reward", POINTS_PER_REFERRAL));
    }
    let friend_reward = match &input.friend_reward {
        Some(_) if kind == ProgramKind::Points => {
            return Err(err(
                "--friend-reward",
                "only referral and affiliate programs give the friend a discount",
            ));
        }
        Some(r) => {
            let fr = parse_reward(r, currency).map_err(|m| err("--friend-reward", m))?;
            if fr.kind == RewardKind::Points {
                return Err(err(
                    "--friend-reward",
                    "the friend's discount is an amount (25) or a percent (15%), not points",
                ));
            }
            Some(fr)
        }
        None => None,
    };
    let min_order_minor = input
        .min_order
        .as_deref()
        .map(|s| amount("--min-order", s, currency))
        .transpose()?;
    let first_order_only = if input.first_order_only {
        true
    } else if input.every_order {
        false
    } else {
        kind == ProgramKind::Referral
    };
    let window_days = match input.window_days {
        Some(_) if first_order_only => {
            return Err(err(
                "--window-days",
                "counts orders after the first, so it needs --every-order (not --first-order-only)",
            ));
        }
        Some(0) => return Err(err("--window-days", "must be at least 1")),
        Some(n) => Some(days("--window-days", n)?),
        None => None,
    };
    let hold_days = days("--hold-days", input.hold_days.unwrap_or(DEFAULT_HOLD_DAYS))?;
    let cap_count = match input.cap_count {
        Some(0) => return Err(err("--cap-count", "must be at least 1")),
        other => other.map(i64::from),
    };
    let cap_amount_minor = match &input.cap_amount {
        Some(s) => {
            let m = amount("--cap-amount", s, currency)?;
            if m == 0 {
                return Err(err("--cap-amount", "must be more than zero"));
            }
            Some(m)
        }
        None => None,
    };
    let mut tiers: Vec<Tier> = Vec::new();
    for t in &input.tiers {
        let tier = parse_tier(t, currency).map_err(|m| err("--tier", m))?;
        if let Some(prev) = tiers.last()
            && tier.from_count <= prev.from_count
        {
            return Err(err(
                "--tier",
                format!(
                    "tiers must be strictly ascending: {} comes after {}",
                    tier.from_count, prev.from_count
                ),
            ));
        }
        if kind == ProgramKind::Points {
            return Err(err("--tier", POINTS_PER_REFERRAL));
        }
        tiers.push(tier);
    }
    // The amount cap sums money rewards; points have no amount to sum against it.
    let pays_points = kind == ProgramKind::Points
        || reward.is_some_and(|r| r.kind == RewardKind::Points)
        || tiers.iter().any(|t| t.reward.kind == RewardKind::Points);
    if cap_amount_minor.is_some() && pays_points {
        return Err(err(
            "--cap-amount",
            "caps money rewards; this program rewards points (use --cap-count)",
        ));
    }
    if !tiers.is_empty() && reward.is_none() {
        return Err(err(
            "--tier",
            "tiers need a base --reward for the first referrals",
        ));
    }
    let earns_points = kind == ProgramKind::Points
        || reward.is_some_and(|r| r.kind == RewardKind::Points)
        || tiers.iter().any(|t| t.reward.kind == RewardKind::Points);
    if kind != ProgramKind::Points {
        if input.points_per_unit.is_some() {
            return Err(err(
                "--points-per-unit",
                "only points programs earn points per unit spent",
            ));
        }
        if !input.action_points.is_empty() {
            return Err(err(
                "--action-points",
                "only points programs give points for activities",
            ));
        }
    }
    if !earns_points {
        if input.points_expire_days.is_some() {
            return Err(err("--points-expire-days", "this program gives no points"));
        }
        if input.point_value.is_some() {
            return Err(err("--point-value", "this program gives no points"));
        }
    }
    let points_per_unit = match input.points_per_unit {
        Some(0) => return Err(err("--points-per-unit", "must be at least 1")),
        Some(n) if n > MAX_POINTS_PER_UNIT => {
            return Err(err(
                "--points-per-unit",
                format!("{n} is too many points per unit: at most {MAX_POINTS_PER_UNIT}"),
            ));
        }
        other => other.map(i64::from),
    };
    let points_expire_days = match input.points_expire_days {
        Some(0) => return Err(err("--points-expire-days", "must be at least 1")),
        Some(n) => Some(days("--points-expire-days", n)?),
        None => None,
    };
    let point_value_minor = input
        .point_value
        .as_deref()
        .map(|s| amount("--point-value", s, currency))
        .transpose()?;
    let mut actions: Vec<(String, i64)> = Vec::new();
    for a in &input.action_points {
        let (action, points) = parse_action_points(a).map_err(|m| err("--action-points", m))?;
        if actions.iter().any(|(x, _)| *x == action) {
            return Err(err("--action-points", format!("{action:?} is given twice")));
        }
        actions.push((action, points));
    }
    if kind == ProgramKind::Points
        && reward.is_none()
        && points_per_unit.is_none()
        && actions.is_empty()
    {
        return Err(err(
            "--points-per-unit",
            "a points program needs --points-per-unit or --action-points",
        ));
    }
    let starts = input
        .starts
        .as_deref()
        .map(|s| {
            time::parse_instant(s, zone, DayEdge::Start).map_err(|e| err("--starts", e.to_string()))
        })
        .transpose()?;
    let ends = input
        .ends
        .as_deref()
        .map(|s| {
            time::parse_instant(s, zone, DayEdge::End).map_err(|e| err("--ends", e.to_string()))
        })
        .transpose()?;
    if let (Some(s), Some(e)) = (starts, ends)
        && s > e
    {
        return Err(err("--starts", "is after --ends"));
    }
    Ok(Program {
        id: 0,
        name,
        kind,
        status: "active".to_string(),
        currency,
        reward,
        friend_reward,
        min_order_minor,
        first_order_only,
        window_days,
        hold_days,
        cap_count,
        cap_amount_minor,
        points_per_unit,
        points_expire_days,
        point_value_minor,
        starts_at: starts.map(time::to_db),
        ends_at: ends.map(time::to_db),
        created_at: time::to_db(now),
        tiers,
        actions,
    })
}

/// The flags a `program create` needs and did not get (for prompts or the usage error).
pub fn missing_flags(
    name: Option<&str>,
    kind: Option<ProgramKind>,
    reward: Option<&str>,
) -> Vec<&'static str> {
    let mut missing = Vec::new();
    if name.is_none_or(|n| n.trim().is_empty()) {
        missing.push("NAME");
    }
    if kind.is_none() {
        missing.push("--kind");
    }
    if reward.is_none() && kind != Some(ProgramKind::Points) {
        missing.push("--reward");
    }
    missing
}

/// A lifecycle move: pause, resume or end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Pause,
    Resume,
    End,
}

impl Move {
    pub fn event(self) -> &'static str {
        match self {
            Move::Pause => "pause",
            Move::Resume => "resume",
            Move::End => "end",
        }
    }
}

/// The status after `mv` from `status`, or why the move is impossible.
pub fn next_status(name: &str, status: &str, mv: Move) -> Result<&'static str, String> {
    match (status, mv) {
        ("ended", _) => Err(format!(
            "program {name:?} has ended; an ended program cannot be paused, resumed or ended again"
        )),
        ("active", Move::Pause) => Ok("paused"),
        ("paused", Move::Pause) => Err(format!("program {name:?} is already paused")),
        ("paused", Move::Resume) => Ok("active"),
        ("active", Move::Resume) => Err(format!(
            "program {name:?} is active, not paused; nothing to resume"
        )),
        (_, Move::End) => Ok("ended"),
        (other, _) => Err(format!("program {name:?} has an unknown status {other:?}")),
    }
}

/// Why a pause, resume or end dated `at` cannot be recorded, if it cannot: settle replays a
/// program's events in time order, so one dated before the program's newest event would
/// reorder its history (a resume before the pause it ends leaves the program paused), and one
/// dated at or before the latest settle would change orders that were already judged.
pub fn event_too_early(
    name: &str,
    at: &str,
    newest_event: Option<&str>,
    settled: Option<&str>,
) -> Option<String> {
    if let Some(e) = newest_event.filter(|e| at < *e) {
        return Some(format!(
            "program {name:?} has an event dated {e}; a later one cannot be dated {at}, before it"
        ));
    }
    settled.filter(|s| at <= *s).map(|s| {
        format!(
            "orders up to {s} are already settled; an event dated {at} would change them \
             (use an --as-of after {s})"
        )
    })
}

/// The rules of a program as sentences for a shop owner.
pub fn describe_rules(p: &Program) -> Vec<String> {
    let cur = p.currency;
    let mut out = Vec::new();
    let who = match p.kind {
        ProgramKind::Affiliate => "The partner",
        _ => "The referrer",
    };
    if let Some(r) = p.reward {
        let what = match r.kind {
            RewardKind::Percent => format!("{} of the order amount", r.describe(cur)),
            _ => r.describe(cur),
        };
        let per = if p.first_order_only {
            "for a referred customer's first order".to_string()
        } else if let Some(w) = p.window_days {
            format!("for every order within {w} days of the customer's first referred order")
        } else {
            "for every order carrying the code".to_string()
        };
        out.push(format!("{who} earns {what} {per}."));
    }
    for t in &p.tiers {
        out.push(format!(
            "From the {} qualifying referral on: {}.",
            ordinal(t.from_count),
            t.reward.describe(cur)
        ));
    }
    if let Some(f) = p.friend_reward {
        out.push(format!("The friend gets {} off.", f.describe(cur)));
    }
    if let Some(m) = p.min_order_minor {
        out.push(format!(
            "Orders below {} {} earn nothing.",
            money::format_minor(m, cur),
            cur
        ));
    }
    if let Some(n) = p.points_per_unit {
        out.push(format!("Customers earn {n} pts per 1 {cur} spent."));
    }
    for (a, n) in &p.actions {
        out.push(format!("Action {a}: {n} pts."));
    }
    out.push(format!(
        "Rewards stay pending for {} days (the return window), then become available.",
        p.hold_days
    ));
    if let Some(c) = p.cap_count {
        out.push(format!(
            "At most {c} rewarded orders per member per calendar month."
        ));
    }
    if let Some(c) = p.cap_amount_minor {
        out.push(format!(
            "At most {} {} of rewards per member per calendar month.",
            money::format_minor(c, cur),
            cur
        ));
    }
    if let Some(d) = p.points_expire_days {
        out.push(format!(
            "Points expire {d} days after they become available (after the hold)."
        ));
    }
    if let Some(v) = p.point_value_minor {
        out.push(format!(
            "One point is worth {} {}.",
            money::format_minor(v, cur),
            cur
        ));
    }
    match (&p.starts_at, &p.ends_at) {
        (Some(s), Some(e)) => out.push(format!("Orders from {s} to {e} count.")),
        (Some(s), None) => out.push(format!("Orders from {s} on count.")),
        (None, Some(e)) => out.push(format!("Orders until {e} count.")),
        (None, None) => {}
    }
    out
}

fn ordinal(n: i64) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, x) if x != 11 => "st",
        (2, x) if x != 12 => "nd",
        (3, x) if x != 13 => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sar() -> Currency {
        Currency::from_code("SAR").unwrap()
    }

    fn now() -> DateTime<Utc> {
        time::parse_instant("2026-03-31T12:00:00Z", Tz::UTC, DayEdge::Start).unwrap()
    }

    #[test]
    fn rewards_parse_into_stored_form() {
        let c = sar();
        assert_eq!(
            parse_reward("50", c),
            Ok(Reward {
                kind: RewardKind::Fixed,
                value: 5000
            })
        );
        assert_eq!(parse_reward("49.90", c).unwrap().value, 4990);
        assert_eq!(
            parse_reward("10%", c),
            Ok(Reward {
                kind: RewardKind::Percent,
                value: 1000
            })
        );
        assert_eq!(parse_reward("12.5%", c).unwrap().value, 1250);
        assert_eq!(
            parse_reward("200pts", c),
            Ok(Reward {
                kind: RewardKind::Points,
                value: 200
            })
        );
        assert_eq!(parse_reward("200 points", c).unwrap().value, 200);
        assert!(parse_reward("101%", c).is_err());
        assert!(parse_reward("-5", c).is_err());
        assert!(parse_reward("0", c).is_err());
        assert!(parse_reward("1.999", c).is_err());
        assert!(parse_reward("abc", c).is_err());
        assert!(parse_reward("-5pts", c).is_err());
        let kwd = Currency::from_code("KWD").unwrap();
        assert_eq!(parse_reward("1.250", kwd).unwrap().value, 1250);
    }

    #[test]
    fn rewards_describe_in_words() {
        let c = sar();
        assert_eq!(parse_reward("50", c).unwrap().describe(c), "50.00 SAR");
        assert_eq!(parse_reward("10%", c).unwrap().describe(c), "10%");
        assert_eq!(parse_reward("200pts", c).unwrap().describe(c), "200 pts");
    }

    #[test]
    fn tiers_need_n_of_two_or_more_and_ascend() {
        let c = sar();
        assert_eq!(parse_tier("5:15%", c).unwrap().from_count, 5);
        assert!(parse_tier("1:15%", c).is_err());
        assert!(parse_tier("x:15%", c).is_err());
        assert!(parse_tier("515%", c).is_err());
        let input = ProgramInput {
            name: "R".into(),
            kind: Some(ProgramKind::Referral),
            reward: Some("10%".into()),
            tiers: vec!["5:15%".into(), "3:20%".into()],
            ..Default::default()
        };
        let e = validate(&input, c, Tz::UTC, now()).unwrap_err();
        assert_eq!(e.flag, "--tier");
    }

    #[test]
    fn defaults_follow_the_kind() {
        let c = sar();
        let mut input = ProgramInput {
            name: "R".into(),
            kind: Some(ProgramKind::Referral),
            reward: Some("50".into()),
            ..Default::default()
        };
        let p = validate(&input, c, Tz::UTC, now()).unwrap();
        assert!(p.first_order_only);
        assert_eq!(p.hold_days, 14);
        input.kind = Some(ProgramKind::Affiliate);
        input.window_days = Some(365);
        let p = validate(&input, c, Tz::UTC, now()).unwrap();
        assert!(!p.first_order_only);
        assert_eq!(p.window_days, Some(365));
        input.kind = Some(ProgramKind::Referral);
        assert_eq!(
            validate(&input, c, Tz::UTC, now()).unwrap_err().flag,
            "--window-days"
        );
    }

    #[test]
    fn day_counts_are_bounded_to_a_hundred_years() {
        let c = sar();
        let base = ProgramInput {
            name: "A".into(),
            kind: Some(ProgramKind::Affiliate),
            reward: Some("10%".into()),
            every_order: true,
            ..Default::default()
        };
        let with = |f: &dyn Fn(&mut ProgramInput)| {
            let mut i = base.clone();
            f(&mut i);
            validate(&i, c, Tz::UTC, now())
        };
        assert_eq!(
            with(&|i| i.hold_days = Some(MAX_DAYS)).unwrap().hold_days,
            36_525
        );
        let e = with(&|i| i.hold_days = Some(MAX_DAYS + 1)).unwrap_err();
        assert_eq!(
            (e.flag, e.message.as_str()),
            ("--hold-days", "36526 days is more than 36525 (100 years)")
        );
        let e = with(&|i| i.window_days = Some(4_000_000_000)).unwrap_err();
        assert_eq!(e.flag, "--window-days");
        let points = |d| {
            let mut i = base.clone();
            i.kind = Some(ProgramKind::Points);
            i.reward = None;
            i.every_order = false;
            i.points_per_unit = Some(1);
            i.points_expire_days = Some(d);
            validate(&i, c, Tz::UTC, now())
        };
        assert_eq!(points(MAX_DAYS).unwrap().points_expire_days, Some(36_525));
        assert_eq!(
            points(MAX_DAYS + 1).unwrap_err().flag,
            "--points-expire-days"
        );
    }

    #[test]
    fn points_flags_and_dates_are_checked() {
        let c = sar();
        let input = ProgramInput {
            name: "R".into(),
            kind: Some(ProgramKind::Referral),
            reward: Some("50".into()),
            points_per_unit: Some(1),
            ..Default::default()
        };
        assert_eq!(
            validate(&input, c, Tz::UTC, now()).unwrap_err().flag,
            "--points-per-unit"
        );
        let input = ProgramInput {
            name: "P".into(),
            kind: Some(ProgramKind::Points),
            ..Default::default()
        };
        assert!(validate(&input, c, Tz::UTC, now()).is_err());
        let input = ProgramInput {
            name: "P".into(),
            kind: Some(ProgramKind::Points),
            action_points: vec!["review=50".into(), "Signup=100".into()],
            starts: Some("2026-05-01".into()),
            ends: Some("2026-04-01".into()),
            ..Default::default()
        };
        assert_eq!(
            validate(&input, c, Tz::UTC, now()).unwrap_err().flag,
            "--starts"
        );
        assert_eq!(
            parse_action_points("Signup=100"),
            Ok(("signup".into(), 100))
        );
        assert!(parse_action_points("signup=0").is_err());
        assert!(parse_action_points("signup").is_err());
    }

    #[test]
    fn the_amount_cap_is_for_money_rewards_only() {
        let c = sar();
        let with = |kind, reward: Option<&str>, tiers: &[&str]| ProgramInput {
            name: "X".into(),
            kind: Some(kind),
            reward: reward.map(String::from),
            points_per_unit: (kind == ProgramKind::Points).then_some(1),
            tiers: tiers.iter().map(|t| t.to_string()).collect(),
            cap_amount: Some("50".into()),
            ..Default::default()
        };
        for input in [
            with(ProgramKind::Points, None, &[]),
            with(ProgramKind::Referral, Some("200pts"), &[]),
            with(ProgramKind::Referral, Some("50"), &["3:300pts"]),
        ] {
            assert_eq!(
                validate(&input, c, Tz::UTC, now()).unwrap_err().flag,
                "--cap-amount",
                "{input:?}"
            );
        }
        let money = with(ProgramKind::Referral, Some("50"), &["3:60"]);
        let p = validate(&money, c, Tz::UTC, now()).unwrap();
        assert_eq!(p.cap_amount_minor, Some(5000));
    }

    #[test]
    fn lifecycle_moves() {
        assert_eq!(next_status("p", "active", Move::Pause), Ok("paused"));
        assert_eq!(next_status("p", "paused", Move::Resume), Ok("active"));
        assert!(next_status("p", "active", Move::Resume).is_err());
        assert!(next_status("p", "paused", Move::Pause).is_err());
        assert_eq!(next_status("p", "paused", Move::End), Ok("ended"));
        assert!(next_status("p", "ended", Move::Resume).is_err());
        assert!(next_status("p", "ended", Move::End).is_err());
    }
}
