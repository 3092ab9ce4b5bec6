//! `verify`: the ledger's invariants, each checked with one query and reported by name.

use crate::db::settle::Result;
use rusqlite::Connection;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Check {
    pub name: &'static str,
    pub ok: bool,
    /// What was checked, or the first offending rows.
    pub detail: String,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub ok: bool,
    pub checks: Vec<Check>,
}

/// Each check: a name, what it means, and a query returning offending rows as text (none = ok).
const CHECKS: &[(&str, &str, &str)] = &[
    (
        "rows_well_formed",
        "money rows have a currency and no points, points rows no currency and no money, nothing is available before it happened",
        "SELECT 'ledger #' || id FROM ledger
         WHERE (currency IS NOT NULL AND points != 0) OR (currency IS NULL AND amount_minor != 0)
            OR available_at < effective_at",
    ),
    (
        "payout_rows_match_batches",
        "every batch's items sum to its total, and its payout ledger rows are exactly minus its items, member by member, in its currency",
        "SELECT 'payout batch #' || p.id || ' total ' || p.total_minor || ' but items sum ' ||
                IFNULL((SELECT SUM(i.amount_minor) FROM payout_items i WHERE i.payout_id = p.id), 0)
         FROM payouts p
         WHERE p.total_minor != IFNULL((SELECT SUM(i.amount_minor) FROM payout_items i WHERE i.payout_id = p.id), 0)
         UNION ALL
         SELECT 'payout batch #' || p.id || ' member #' || i.member_id || ' item ' || i.amount_minor ||
                ' but payout rows ' || IFNULL((SELECT SUM(l.amount_minor) FROM ledger l
                  WHERE l.cause_type = 'payout' AND l.cause_id = CAST(p.id AS TEXT) AND l.member_id = i.member_id
                    AND l.kind = 'payout' AND l.currency = p.currency), 0)
         FROM payout_items i JOIN payouts p ON p.id = i.payout_id
         WHERE -i.amount_minor != IFNULL((SELECT SUM(l.amount_minor) FROM ledger l
                  WHERE l.cause_type = 'payout' AND l.cause_id = CAST(p.id AS TEXT) AND l.member_id = i.member_id
                    AND l.kind = 'payout' AND l.currency = p.currency), 0)
         UNION ALL
         SELECT 'payout ledger #' || l.id || ' belongs to no batch item' FROM ledger l
         WHERE l.kind = 'payout' AND NOT EXISTS (
           SELECT 1 FROM payout_items i JOIN payouts p ON p.id = i.payout_id
           WHERE l.cause_type = 'payout' AND l.cause_id = CAST(p.id AS TEXT) AND i.member_id = l.member_id
             AND l.currency = p.currency)",
    ),
    (
        "payout_returns_match_failures",
        "every failed batch gave each member's item back with payout_return rows, and no other batch has any",
        "SELECT 'failed payout batch #' || p.id || ' member #' || i.member_id || ' item ' || i.amount_minor ||
                ' but returned ' || IFNULL((SELECT SUM(l.amount_minor) FROM ledger l
                  WHERE l.cause_type = 'payout' AND l.cause_id = CAST(p.id AS TEXT) AND l.member_id = i.member_id
                    AND l.kind = 'payout_return' AND l.currency = p.currency), 0)
         FROM payout_items i JOIN payouts p ON p.id = i.payout_id
         WHERE p.status = 'failed'
           AND i.amount_minor != IFNULL((SELECT SUM(l.amount_minor) FROM ledger l
                  WHERE l.cause_type = 'payout' AND l.cause_id = CAST(p.id AS TEXT) AND l.member_id = i.member_id
                    AND l.kind = 'payout_return' AND l.currency = p.currency), 0)
         UNION ALL
         SELECT 'payout_return ledger #' || l.id || ' without a failed batch item' FROM ledger l
         WHERE l.kind = 'payout_return' AND NOT EXISTS (
           SELECT 1 FROM payout_items i JOIN payouts p ON p.id = i.payout_id
           WHERE p.status = 'failed' AND l.cause_type = 'payout' AND l.cause_id = CAST(p.id AS TEXT)
             AND i.member_id = l.member_id AND l.currency = p.currency)",
    ),
    (
        "reversals_within_accruals",
        "no reward's reversals exceed it, and they have the opposite sign",
        "SELECT 'ledger #' || a.id || ' accrued ' || (a.amount_minor + a.points) || ', reversed ' || SUM(r.amount_minor + r.points)
         FROM ledger a JOIN ledger r ON r.corrects_id = a.id AND r.kind = 'reversal'
         GROUP BY a.id
         HAVING SUM(r.amount_minor + r.points) > 0
             OR -SUM(r.amount_minor + r.points) > (a.amount_minor + a.points)
             OR r.member_id != a.member_id",
    ),
    (
        "causes_exist",
        "every row's cause (order, return, activity, payout, adjustment, redemption, expiry, review) exists",
        "SELECT 'ledger #' || l.id || ' ' || l.cause_type || ' ' || l.cause_id FROM ledger l
         WHERE NOT CASE l.cause_type
           WHEN 'order' THEN EXISTS (SELECT 1 FROM orders o WHERE o.order_id = l.cause_id)
           WHEN 'return' THEN EXISTS (SELECT 1 FROM returns r WHERE r.return_key = l.cause_id)
           WHEN 'activity' THEN EXISTS (SELECT 1 FROM activities a WHERE a.activity_key = l.cause_id)
           WHEN 'payout' THEN EXISTS (SELECT 1 FROM payouts p WHERE p.id = CAST(l.cause_id AS INTEGER))
           WHEN 'adjustment' THEN EXISTS (SELECT 1 FROM adjustments a WHERE a.id = CAST(l.cause_id AS INTEGER))
           WHEN 'redemption' THEN EXISTS (SELECT 1 FROM redemptions d WHERE d.id = CAST(l.cause_id AS INTEGER))
           WHEN 'expiry' THEN EXISTS (SELECT 1 FROM ledger x WHERE x.id = l.corrects_id AND x.kind = 'points_earn'
                                        AND x.cause_type || ':' || x.cause_id = l.cause_id)
           WHEN 'review' THEN EXISTS (SELECT 1 FROM reviews v WHERE v.id = CAST(l.cause_id AS INTEGER))
           ELSE 0 END",
    ),
    (
        "no_duplicate_causes",
        "no cause was counted twice for a member, program and kind",
        "SELECT cause_type || ' ' || cause_id || ' ' || kind || ' x' || COUNT(*) FROM ledger
         GROUP BY cause_type, cause_id, member_id, IFNULL(program_id, 0), kind HAVING COUNT(*) > 1",
    ),
    (
        "payouts_within_available",
        "no payout exceeded the member's available money when it was written: money available by its date, less every earlier payout and payout_return whatever their date",
        "SELECT 'payout ledger #' || id || ' of ' || (-amount_minor) || ' with ' || avail || ' available'
         FROM (SELECT p.id, p.amount_minor,
                      IFNULL((SELECT SUM(l.amount_minor) FROM ledger l
                              WHERE l.member_id = p.member_id AND l.currency = p.currency AND l.id < p.id
                                AND (l.kind IN ('payout', 'payout_return')
                                     OR (l.effective_at <= p.effective_at AND l.available_at <= p.effective_at))), 0) AS avail
               FROM ledger p WHERE p.kind = 'payout')
         WHERE -amount_minor > avail",
    ),
    (
        "points_not_negative_from_redemption",
        "no redemption took a member's available points below zero (debits written before it count whatever their date)",
        "SELECT 'redemption ledger #' || d.id FROM ledger d WHERE d.kind = 'points_redeem'
           AND (SELECT SUM(l.points) FROM ledger l LEFT JOIN ledger c ON c.id = l.corrects_id
                WHERE l.member_id = d.member_id AND l.id <= d.id AND l.points != 0
                  AND ((l.effective_at <= d.effective_at AND l.available_at <= d.effective_at)
                    OR (l.points < 0 AND (c.id IS NULL
                          OR (c.effective_at <= d.effective_at AND c.available_at <= d.effective_at))))) < 0",
    ),
    (
        "approved_reviews_in_ledger",
        "every approved review points at its ledger row",
        "SELECT 'review #' || v.id FROM reviews v WHERE v.status = 'approved'
           AND NOT EXISTS (SELECT 1 FROM ledger l WHERE l.id = v.ledger_id AND l.cause_id = v.cause_id)",
    ),
];

/// Runs every check as of `now` (stored form).
pub fn verify(conn: &Connection, now: &str) -> Result<Report> {
    let mut checks = Vec::new();
    for (name, meaning, sql) in CHECKS {
        let mut stmt = conn.prepare(sql)?;
        let bad: Vec<String> = if stmt.parameter_count() == 1 {
            stmt.query_map([now], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        } else {
            stmt.query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        let detail = if bad.is_empty() {
            meaning.to_string()
        } else {
            let shown: Vec<&str> = bad.iter().take(5).map(String::as_str).collect();
            format!(
                "{} offending: {}{}",
                bad.len(),
                shown.join("; "),
                if bad.len() > 5 { "; ..." } else { "" }
            )
        };
        checks.push(Check {
            name,
            ok: bad.is_empty(),
            detail,
        });
    }
    Ok(Report {
        ok: checks.iter().all(|c| c.ok),
        checks,
    })
}
