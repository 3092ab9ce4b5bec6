//! Points, pure: expiry of earned points, oldest first, and what a redemption may spend.
//!
//! Every `points_earn` row is a lot. A lot expires `points_expire_days` after it became
//! available (its `available_at`); what expires is what is left of it then. Debits consume lots:
//! a reversal first takes from the lot it corrects, a redemption of a program takes from that
//! program's oldest available, unexpired lots, any other debit from the oldest lots of its pool
//! (FIFO). A pool is the points of one currency (`PointsRow::pool`): points of different
//! currencies never pay for each other. The part of a debit no lot can cover is a debt of its
//! pool, carried and paid by the pool's next lots as they become available, so what expires of
//! a lot is only what is really left of it. Expiry rows are dated at the expiry instant, not at
//! the settle's as-of, so settling in steps gives the same rows as settling once.

use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;

/// One points row of a member's ledger.
#[derive(Debug, Clone)]
pub struct PointsRow {
    pub id: i64,
    pub program_id: Option<i64>,
    /// The currency the row's points are counted in (its program's; for a row without a
    /// program, the member's only points currency, else the shop's).
    pub pool: String,
    pub kind: String,
    pub points: i64,
    pub effective_at: DateTime<Utc>,
    pub available_at: DateTime<Utc>,
    pub corrects_id: Option<i64>,
}

/// An expiry to write: `points` (negative) of lot `lot_id` expire at `at`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expiry {
    pub lot_id: i64,
    pub program_id: Option<i64>,
    pub points: i64,
    pub at: DateTime<Utc>,
}

struct Lot {
    id: i64,
    program_id: Option<i64>,
    pool: String,
    remaining: i64,
    available_at: DateTime<Utc>,
    expires_at: Option<DateTime<Utc>>,
}

impl Lot {
    fn usable(&self, t: DateTime<Utc>) -> bool {
        self.available_at <= t && self.expires_at.is_none_or(|e| e > t)
    }
}

/// What happens to a member's points, in time order; at one instant a lot becomes available
/// first (and pays its pool's debt), then lots expire, then debits spend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Event {
    /// Lot index (lots are sorted by available_at, id).
    Available(usize),
    Expire(usize),
    /// Index into the debits (sorted by effective_at, id).
    Debit(usize),
}

/// A member's lots and debts after replaying their points rows up to some instant.
struct Replay<'r> {
    lots: Vec<Lot>,
    debits: Vec<&'r PointsRow>,
    events: Vec<(DateTime<Utc>, Event)>,
    /// Points owed per pool: debits that no lot could cover yet.
    debt: HashMap<String, i64>,
    expired: Vec<Expiry>,
}

impl<'r> Replay<'r> {
    fn new(rows: &'r [PointsRow], expire_days: impl Fn(Option<i64>) -> Option<i64>) -> Self {
        let mut lots: Vec<Lot> = rows
            .iter()
            .filter(|r| r.points > 0 && r.kind == "points_earn")
            .map(|r| Lot {
                id: r.id,
                program_id: r.program_id,
                pool: r.pool.clone(),
                remaining: r.points,
                available_at: r.available_at,
                expires_at: expire_days(r.program_id).map(|d| r.available_at + Duration::days(d)),
            })
            .collect();
        lots.sort_by_key(|l| (l.available_at, l.id));
        let mut debits: Vec<&PointsRow> = rows
            .iter()
            .filter(|r| r.points < 0 && r.kind != "points_expire")
            .collect();
        debits.sort_by_key(|r| (r.effective_at, r.id));
        let mut events: Vec<(DateTime<Utc>, Event)> = Vec::new();
        for (i, l) in lots.iter().enumerate() {
            events.push((l.available_at, Event::Available(i)));
            if let Some(e) = l.expires_at {
                events.push((e, Event::Expire(i)));
            }
        }
        for (i, d) in debits.iter().enumerate() {
            events.push((d.effective_at, Event::Debit(i)));
        }
        events.sort();
        events.reverse();
        Replay {
            lots,
            debits,
            events,
            debt: HashMap::new(),
            expired: Vec::new(),
        }
    }

    /// Plays every event at or before `t`.
    fn run_to(&mut self, t: DateTime<Utc>) {
        while let Some(&(at, ev)) = self.events.last() {
            if at > t {
                break;
            }
            self.events.pop();
            match ev {
                Event::Available(i) => self.pay_debt(i),
                Event::Expire(i) => self.expire(i, at),
                Event::Debit(i) => self.debit(i),
            }
        }
    }

    fn pay_debt(&mut self, i: usize) {
        let lot = &mut self.lots[i];
        if let Some(owed) = self.debt.get_mut(&lot.pool) {
            let take = (*owed).min(lot.remaining);
            *owed -= take;
            lot.remaining -= take;
        }
    }

    fn expire(&mut self, i: usize, at: DateTime<Utc>) {
        let lot = &mut self.lots[i];
        if lot.remaining > 0 {
            self.expired.push(Expiry {
                lot_id: lot.id,
                program_id: lot.program_id,
                points: -lot.remaining,
                at,
            });
            lot.remaining = 0;
        }
    }

    fn debit(&mut self, i: usize) {
        let d = self.debits[i];
        let mut left = -d.points;
        if let Some(target) = d.corrects_id
            && let Some(lot) = self.lots.iter_mut().find(|l| l.id == target)
        {
            let take = left.min(lot.remaining);
            lot.remaining -= take;
            left -= take;
        }
        // A redemption of a program spends that program's points; a reversal, or a redemption
        // written without a program, any points of its pool.
        let program = (d.kind == "points_redeem")
            .then_some(d.program_id)
            .flatten();
        let t = d.effective_at;
        for lot in self.lots.iter_mut() {
            if left == 0 {
                break;
            }
            let mine = lot.pool == d.pool && program.is_none_or(|p| lot.program_id == Some(p));
            if mine && lot.usable(t) {
                let take = left.min(lot.remaining);
                lot.remaining -= take;
                left -= take;
            }
        }
        if left > 0 {
            *self.debt.entry(d.pool.clone()).or_default() += left;
        }
    }
}

/// The expiries due up to `as_of` for one member's points rows. `expire_days` gives a program's
/// `points_expire_days` (None: its points never expire). Existing `points_expire` rows are
/// ignored: the plan recomputes them (and writing is idempotent on the lot).
pub fn plan_expiries(
    rows: &[PointsRow],
    expire_days: impl Fn(Option<i64>) -> Option<i64>,
    as_of: DateTime<Utc>,
) -> Vec<Expiry> {
    let mut replay = Replay::new(rows, expire_days);
    replay.run_to(as_of);
    replay.expired
}

/// Points of a pool that can be spent at `at` (of one program's lots when `program` is given):
/// what is left of the lots available and not expired by then, less the pool's carried debt.
/// Debits dated after `at` are not counted: the caller refuses to spend at an instant before
/// any debit already written.
pub fn spendable(
    rows: &[PointsRow],
    expire_days: impl Fn(Option<i64>) -> Option<i64>,
    at: DateTime<Utc>,
    pool: &str,
    program: Option<i64>,
) -> i64 {
    let mut replay = Replay::new(rows, expire_days);
    replay.run_to(at);
    let lots: i64 = replay
        .lots
        .iter()
        .filter(|l| l.pool == pool && program.is_none_or(|p| l.program_id == Some(p)))
        .filter(|l| l.usable(at))
        .map(|l| l.remaining)
        .sum();
    let pool_lots: i64 = replay
        .lots
        .iter()
        .filter(|l| l.pool == pool && l.usable(at))
        .map(|l| l.remaining)
        .sum();
    let owed = replay.debt.get(pool).copied().unwrap_or(0);
    lots.min(pool_lots - owed).max(0)
}

/// Which programs a redemption of `points` of a pool at `at` spends, oldest lots first (only
/// `program`'s lots when given): (program, points) in the order first spent. Spends at most
/// what the lots hold; the caller checks [`spendable`] first.
pub fn redemption_split(
    rows: &[PointsRow],
    expire_days: impl Fn(Option<i64>) -> Option<i64>,
    at: DateTime<Utc>,
    pool: &str,
    program: Option<i64>,
    points: i64,
) -> Vec<(Option<i64>, i64)> {
    let mut replay = Replay::new(rows, expire_days);
    replay.run_to(at);
    let mut left = points;
    let mut out: Vec<(Option<i64>, i64)> = Vec::new();
    for lot in &replay.lots {
        if left == 0 {
            break;
        }
        let mine = lot.pool == pool && program.is_none_or(|p| lot.program_id == Some(p));
        if !mine || !lot.usable(at) || lot.remaining == 0 {
            continue;
        }
        let take = left.min(lot.remaining);
        left -= take;
        match out.iter_mut().find(|(p, _)| *p == lot.program_id) {
            Some((_, n)) => *n += take,
            None => out.push((lot.program_id, take)),
        }
    }
    out
}
#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap() + Duration::days(d as i64 - 1)
    }

    fn row(id: i64, kind: &str, points: i64, eff: u32, avail: u32) -> PointsRow {
        PointsRow {
            id,
            program_id: Some(1),
            pool: "SAR".into(),
            kind: kind.into(),
            points,
            effective_at: day(eff),
            available_at: day(avail),
            corrects_id: None,
        }
    }

    #[test]
    fn oldest_points_are_redeemed_first_and_the_rest_expires() {
        // Lot 1: 100 on day 1, expires day 31. Lot 2: 50 on day 10, expires day 40.
        // Redeem 120 on day 20: takes 100 from lot 1, 20 from lot 2.
        let rows = vec![
            row(1, "points_earn", 100, 1, 1),
            row(2, "points_earn", 50, 10, 10),
            row(3, "points_redeem", -120, 20, 20),
        ];
        let plan = plan_expiries(&rows, |_| Some(30), day(60));
        assert_eq!(
            plan,
            vec![Expiry {
                lot_id: 2,
                program_id: Some(1),
                points: -30,
                at: day(40)
            }]
        );
        // Before day 40 nothing is due.
        assert!(plan_expiries(&rows, |_| Some(30), day(39)).is_empty());
    }

    #[test]
    fn expiry_before_a_redemption_happens_first() {
        // Lot 1 expires on day 31 untouched; the redemption on day 35 takes from lot 2.
        let rows = vec![
            row(1, "points_earn", 100, 1, 1),
            row(2, "points_earn", 50, 10, 10),
            row(3, "points_redeem", -40, 35, 35),
        ];
        let plan = plan_expiries(&rows, |_| Some(30), day(60));
        assert_eq!(plan.len(), 2);
        assert_eq!(
            (plan[0].lot_id, plan[0].points, plan[0].at),
            (1, -100, day(31))
        );
        assert_eq!(
            (plan[1].lot_id, plan[1].points, plan[1].at),
            (2, -10, day(40))
        );
    }

    #[test]
    fn reversal_takes_from_its_own_lot_and_pending_lots_wait() {
        // Lot 1 (available day 15, hold) partly reversed on day 5: 30 of 100 left, expires day 45.
        let mut rev = row(3, "reversal", -70, 5, 15);
        rev.corrects_id = Some(1);
        let rows = vec![
            row(1, "points_earn", 100, 1, 15),
            row(2, "points_earn", 10, 2, 2),
            rev,
        ];
        let plan = plan_expiries(&rows, |_| Some(30), day(50));
        assert_eq!(
            plan.iter()
                .map(|e| (e.lot_id, e.points))
                .collect::<Vec<_>>(),
            vec![(2, -10), (1, -30)]
        );
        assert!(plan_expiries(&rows, |_| None, day(500)).is_empty());
    }

    #[test]
    fn a_debt_is_paid_by_the_next_lot_which_then_expires_only_what_is_left() {
        // Lot 1: 100 on day 1, redeemed on day 5; its return on day 10 takes 100 more than is
        // left: a debt of 100, paid by lot 2 (100 on day 20), so nothing is left to expire.
        let mut rev = row(4, "reversal", -100, 10, 10);
        rev.corrects_id = Some(1);
        let rows = vec![
            row(1, "points_earn", 100, 1, 1),
            row(2, "points_earn", 100, 20, 20),
            row(3, "points_redeem", -100, 5, 5),
            rev,
        ];
        assert!(plan_expiries(&rows, |_| Some(30), day(120)).is_empty());
        assert_eq!(spendable(&rows, |_| Some(30), day(15), "SAR", None), 0);
        assert_eq!(spendable(&rows, |_| Some(30), day(25), "SAR", None), 0);
    }

    #[test]
    fn a_debt_is_paid_only_by_points_of_its_own_currency() {
        let mut jpy = row(2, "points_earn", 100, 20, 20);
        (jpy.program_id, jpy.pool) = (Some(2), "JPY".into());
        let rows = vec![
            row(1, "points_earn", 50, 1, 1),
            row(3, "reversal", -80, 10, 10),
            jpy,
        ];
        let plan = plan_expiries(&rows, |_| Some(30), day(120));
        assert_eq!(
            plan.iter()
                .map(|e| (e.lot_id, e.points))
                .collect::<Vec<_>>(),
            vec![(2, -100)]
        );
        assert_eq!(spendable(&rows, |_| None, day(25), "JPY", None), 100);
        assert_eq!(spendable(&rows, |_| None, day(25), "SAR", None), 0);
    }

    #[test]
    fn a_redemption_is_split_over_the_programs_of_the_oldest_lots() {
        let mut other = row(2, "points_earn", 100, 5, 5);
        other.program_id = Some(2);
        let rows = vec![
            row(1, "points_earn", 100, 1, 1),
            other,
            row(3, "points_earn", 100, 9, 9),
        ];
        let split = |program, n| redemption_split(&rows, |_| None, day(10), "SAR", program, n);
        assert_eq!(split(None, 150), vec![(Some(1), 100), (Some(2), 50)]);
        assert_eq!(split(Some(1), 150), vec![(Some(1), 150)]);
        assert_eq!(spendable(&rows, |_| None, day(10), "SAR", Some(2)), 100);
        // A redemption of program 1 spends program 1's lots only, oldest first.
        let mut rows = rows.clone();
        let mut redeem = row(4, "points_redeem", -150, 10, 10);
        redeem.program_id = Some(1);
        rows.push(redeem);
        let plan = plan_expiries(&rows, |_| Some(30), day(120));
        assert_eq!(
            plan.iter()
                .map(|e| (e.lot_id, e.points))
                .collect::<Vec<_>>(),
            vec![(2, -100), (3, -50)]
        );
    }
}
