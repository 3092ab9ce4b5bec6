//! Rewards held by the fraud checks: list, approve (writes the ledger row, cause stays the
//! order, in a run with command `review`), reject with a reason.
//!
//! Returns of an order whose reward is held are not reversed while it is held (there is nothing
//! in the ledger to reverse); approval writes the reward and then every reversal already due,
//! so an approved reward of a refunded order comes out net of its returns.

use crate::core::money::{Currency, format_minor};
use crate::core::time::to_db;
use crate::db::ledger::{NewEntry, insert};
use crate::db::settle::{Engine, EngineError, Result};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

#[derive(Debug, Default, Serialize)]
pub struct ReviewItem {
    pub id: i64,
    pub status: String,
    pub member_email: String,
    pub program: String,
    pub order_id: Option<String>,
    pub amount: Option<String>,
    pub currency: Option<String>,
    pub amount_minor: i64,
    pub points: i64,
    pub reason: String,
    pub effective_at: String,
    pub decision_note: Option<String>,
}

/// Reviews, held ones only unless `all`.
pub fn list(conn: &Connection, all: bool) -> Result<Vec<ReviewItem>> {
    let mut stmt = conn.prepare(
        "SELECT r.id, r.status, m.email, p.name, r.order_id, r.currency, r.amount_minor, r.points,
                r.reason, r.effective_at, r.decision_note
         FROM reviews r JOIN members m ON m.id = r.member_id JOIN programs p ON p.id = r.program_id
         WHERE ?1 OR r.status = 'held' ORDER BY r.id",
    )?;
    let rows = stmt.query_map([all], |r| {
        let currency: Option<String> = r.get(5)?;
        let amount_minor: i64 = r.get(6)?;
        Ok(ReviewItem {
            id: r.get(0)?,
            status: r.get(1)?,
            member_email: r.get(2)?,
            program: r.get(3)?,
            order_id: r.get(4)?,
            amount: currency
                .as_deref()
                .and_then(|c| Currency::from_code(c).ok())
                .map(|c| format_minor(amount_minor, c)),
            currency,
            amount_minor,
            points: r.get(7)?,
            reason: r.get(8)?,
            effective_at: r.get(9)?,
            decision_note: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn held(conn: &Connection, id: i64) -> Result<()> {
    let status: Option<String> = conn
        .query_row("SELECT status FROM reviews WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?;
    match status.as_deref() {
        None => Err(EngineError::Refused(format!("no review with id {id}"))),
        Some("held") => Ok(()),
        Some(other) => Err(EngineError::Refused(format!(
            "review {id} is already {other}"
        ))),
    }
}

#[derive(Debug, Serialize)]
pub struct Approved {
    pub review_id: i64,
    pub ledger_id: Option<i64>,
    pub reversals: i64,
}

/// Approves a held review at `now`: writes its ledger row and the reversals already due.
pub fn approve(conn: &Connection, id: i64, now: DateTime<Utc>, zone: Tz) -> Result<Approved> {
    held(conn, id)?;
    let mut engine = Engine::new(conn, "review", now, zone)?;
    let (entry, order_id) = conn.query_row(
        "SELECT member_id, program_id, kind, currency, amount_minor, points, effective_at,
                available_at, cause_type, cause_id, order_id, rule
         FROM reviews WHERE id = ?1",
        [id],
        |r| {
            let kind: String = r.get(2)?;
            let cause_type: String = r.get(8)?;
            let order_id: Option<String> = r.get(10)?;
            Ok((
                NewEntry {
                    member_id: r.get(0)?,
                    program_id: r.get(1)?,
                    kind: if kind == "points_earn" {
                        "points_earn"
                    } else {
                        "accrual"
                    },
                    currency: r.get(3)?,
                    amount_minor: r.get(4)?,
                    points: r.get(5)?,
                    effective_at: r.get(6)?,
                    available_at: r.get(7)?,
                    cause_type: if cause_type == "activity" {
                        "activity"
                    } else {
                        "order"
                    },
                    cause_id: r.get(9)?,
                    order_id: order_id.clone(),
                    corrects_id: None,
                    rule: r.get(11)?,
                    note: Some(format!("approved review {id}")),
                },
                order_id,
            ))
        },
    )?;
    // Settle gives a blocked member nothing for what happened while blocked; nor does approval.
    if engine.blocked_at(entry.member_id, &entry.effective_at)? {
        return Err(EngineError::Refused(format!(
            "review {id}: the member was blocked at {}, when it happened, so it cannot earn; \
             reject it instead",
            entry.effective_at
        )));
    }
    let ledger_id = insert(conn, engine.run_id, &engine.created_at, &entry)?;
    conn.execute(
        "UPDATE reviews SET status = 'approved', decided_at = ?2, ledger_id = ?3 WHERE id = ?1",
        params![id, to_db(now), ledger_id],
    )?;
    if let Some(order_id) = order_id {
        let settled = crate::db::settle::settled_as_of(conn)?;
        let upto = settled.unwrap_or_default().max(to_db(now));
        engine.reverse_order(&order_id, &upto)?;
    }
    crate::db::ledger::finish_run(
        conn,
        engine.run_id,
        &serde_json::to_string(&engine.counts).unwrap_or_default(),
    )?;
    Ok(Approved {
        review_id: id,
        ledger_id,
        reversals: engine.counts.reversed,
    })
}

/// Rejects a held review with a reason: it never earns.
pub fn reject(
    conn: &Connection,
    id: i64,
    reason: &str,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<()> {
    held(conn, id)?;
    let at: String = conn.query_row(
        "SELECT effective_at FROM reviews WHERE id = ?1",
        [id],
        |r| r.get(0),
    )?;
    let (month_start, month_end) = match crate::core::time::from_db(&at) {
        Some(t) => crate::core::rules::month_bounds(t, zone),
        None => (now, now),
    };
    conn.execute(
        "UPDATE reviews SET status = 'rejected', decided_at = ?2, decision_note = ?3 WHERE id = ?1",
        params![id, to_db(now), reason],
    )?;
    // While held, it took a place under the member's cap of its calendar month (it might have
    // been approved): the orders of that month skipped for a cap are judged again at the next
    // settle, as they would have been had it been rejected before they were settled. Earlier
    // orders of the month too: one judged late (its code issued later) counted it as well.
    conn.execute(
        &format!(
            "INSERT OR IGNORE INTO settle_revisit(order_row)
             SELECT o.id FROM reviews v
               JOIN reward_skips s ON s.member_id = v.member_id AND s.program_id = v.program_id
               JOIN orders o ON o.order_id = s.order_id
             WHERE v.id = ?1 AND o.ordered_at >= ?2 AND o.ordered_at < ?3 AND ({})",
            crate::db::settle::CAP_SKIP.replace("reason", "s.reason")
        ),
        params![id, to_db(month_start), to_db(month_end)],
    )?;
    Ok(())
}
