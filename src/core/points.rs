//! Points, pure: expiry of earned points, oldest first.
//!
//! Every `points_earn` row is a lot. A lot expires `points_expire_days` after it became
//! available (its `available_at`); what expires is what is left of it then. Debits consume lots:
//! a reversal first takes from the lot it corrects, a redemption (or any other debit) takes from
//! the oldest available, unexpired lots first (FIFO). Expiry rows are dated at the expiry instant,
//! not at the settle's as-of, so settling in steps gives the same rows as settling once.

use chrono::{DateTime, Duration, Utc};

/// One points row of a member's ledger.
#[derive(Debug, Clone)]
pub struct PointsRow {
    pub id: i64,
    pub program_id: Option<i64>,
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
    remaining: i64,
    available_at: DateTime<Utc>,
    expires_at: Option<DateTime<Utc>>,
}

/// The expiries due up to `as_of` for one member's points rows. `expire_days` gives a program's
/// `points_expire_days` (None: its points never expire). Existing `points_expire` rows are
/// ignored: the plan recomputes them (and writing is idempotent on the lot).
pub fn plan_expiries(
    rows: &[PointsRow],
    expire_days: impl Fn(Option<i64>) -> Option<i64>,
    as_of: DateTime<Utc>,
) -> Vec<Expiry> {
    let mut lots: Vec<Lot> = rows
        .iter()
        .filter(|r| r.points > 0 && r.kind == "points_earn")
        .map(|r| Lot {
            id: r.id,
            program_id: r.program_id,
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
    let mut expiry_times: Vec<(DateTime<Utc>, usize)> = lots
        .iter()
        .enumerate()
        .filter_map(|(i, l)| l.expires_at.filter(|e| *e <= as_of).map(|e| (e, i)))
        .collect();
    expiry_times.sort();

    let mut out = Vec::new();
    let mut next_expiry = 0;
    for d in debits {
        // Expiries at or before the debit happen first.
        while next_expiry < expiry_times.len() && expiry_times[next_expiry].0 <= d.effective_at {
            expire(&mut lots, expiry_times[next_expiry], &mut out);
            next_expiry += 1;
        }
        consume(&mut lots, d);
    }
    while next_expiry < expiry_times.len() {
        expire(&mut lots, expiry_times[next_expiry], &mut out);
        next_expiry += 1;
    }
    out
}

fn expire(lots: &mut [Lot], (at, i): (DateTime<Utc>, usize), out: &mut Vec<Expiry>) {
    let lot = &mut lots[i];
    if lot.remaining > 0 {
        out.push(Expiry {
            lot_id: lot.id,
            program_id: lot.program_id,
            points: -lot.remaining,
            at,
        });
        lot.remaining = 0;
    }
}

fn consume(lots: &mut [Lot], d: &PointsRow) {
    let mut left = -d.points;
    let t = d.effective_at;
    if let Some(target) = d.corrects_id
        && let Some(lot) = lots.iter_mut().find(|l| l.id == target)
    {
        let take = left.min(lot.remaining);
        lot.remaining -= take;
        left -= take;
    }
    for lot in lots.iter_mut() {
        if left == 0 {
            break;
        }
        let usable = lot.available_at <= t && lot.expires_at.is_none_or(|e| e > t);
        if usable {
            let take = left.min(lot.remaining);
            lot.remaining -= take;
            left -= take;
        }
    }
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
}
