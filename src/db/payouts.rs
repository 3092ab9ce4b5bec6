//! Payout batches: the candidates, writing a batch with its ledger rows, status moves, and
//! the rows an export needs. Ledger rows are only ever inserted (payout, payout_return).

use super::ledger::{self, NewEntry};
use crate::core::payout::{Candidate, PlannedBatch};
use rusqlite::{Connection, OptionalExtension, params};

/// Every member's available money per currency as of `as_of`, with what decides payment.
/// Money already batched (payout rows) and given back (payout_return rows) counts whatever
/// its date, so a backdated run never batches money a later batch already holds.
pub fn candidates(
    conn: &Connection,
    as_of: &str,
    currency: Option<&str>,
) -> rusqlite::Result<Vec<Candidate>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.email, l.currency, SUM(l.amount_minor), m.blocked,
                EXISTS (SELECT 1 FROM reviews r WHERE r.member_id = m.id AND r.status = 'held'),
                m.payout_method, m.payout_account
         FROM ledger l JOIN members m ON m.id = l.member_id
         WHERE l.currency IS NOT NULL
           AND (l.kind IN ('payout', 'payout_return') OR (l.effective_at <= ?1 AND l.available_at <= ?1))
           AND (?2 IS NULL OR l.currency = ?2)
         GROUP BY m.id, l.currency
         ORDER BY l.currency, m.email",
    )?;
    let rows = stmt.query_map(params![as_of, currency], |r| {
        Ok(Candidate {
            member_id: r.get(0)?,
            email: r.get(1)?,
            currency: r.get(2)?,
            available_minor: r.get(3)?,
            blocked: r.get::<_, i64>(4)? != 0,
            held: r.get::<_, i64>(5)? != 0,
            method: r.get(6)?,
            account: r.get(7)?,
        })
    })?;
    rows.collect()
}

/// The newest batch's id and period end, if any batch exists.
pub fn newest_period_end(conn: &Connection) -> rusqlite::Result<Option<(i64, String)>> {
    conn.query_row(
        "SELECT id, period_end FROM payouts ORDER BY period_end DESC, id DESC LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}

/// Ledger rows a member's payout amount sums: available money rows of that currency that the
/// member's last payout in it did not count, because they were written after it or were not
/// yet available (or had not happened) as of its date.
fn entries_since_last_payout(
    conn: &Connection,
    member_id: i64,
    currency: &str,
    as_of: &str,
) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "SELECT COUNT(*) FROM ledger l
         WHERE l.member_id = ?1 AND l.currency = ?2 AND l.effective_at <= ?3
           AND l.available_at <= ?3 AND l.kind <> 'payout'
           AND NOT EXISTS (SELECT 1 FROM ledger p
                WHERE p.id = (SELECT MAX(id) FROM ledger WHERE member_id = ?1 AND currency = ?2
                               AND kind = 'payout')
                  AND l.id < p.id AND l.effective_at <= p.effective_at
                  AND l.available_at <= p.effective_at)",
    )?
    .query_row(params![member_id, currency, as_of], |r| r.get(0))
}

/// The batch whose failure gave money back last, and when (a batch as of an earlier moment
/// would count that money as available before it was returned).
pub fn newest_failure(conn: &Connection) -> rusqlite::Result<Option<(i64, String)>> {
    conn.query_row(
        "SELECT id, failed_at FROM payouts WHERE failed_at IS NOT NULL
         ORDER BY failed_at DESC, id DESC LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}

/// Why `payout create` wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error(
        "{0} is not settled yet: run `rewards settle` first, so that what it takes back is not paid out"
    )]
    Unsettled(String),
    #[error(transparent)]
    Sql(#[from] rusqlite::Error),
}

/// Writes the planned batches in one IMMEDIATE transaction: a `runs` row, then per batch a
/// `payouts` row, its `payout_items`, and one negative `payout` ledger row per member.
/// The candidates are re-read inside the transaction, so a batch never pays money another
/// process batched meanwhile: `plan_again` recomputes the plan from the fresh candidates.
/// Refused while a return dated by `now` is not settled (its reversal is not in the balances
/// yet). Returns the batch ids in plan order, with the plan actually written.
pub fn create_batches<F>(
    conn: &mut Connection,
    now: &str,
    currency: Option<&str>,
    min_minor: &std::collections::BTreeMap<String, i64>,
    plan_again: F,
) -> Result<Vec<(i64, PlannedBatch)>, BatchError>
where
    F: FnOnce(&[Candidate]) -> Vec<PlannedBatch>,
{
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    if let Some(what) = crate::db::settle::unsettled_return_before(&tx, now)? {
        return Err(BatchError::Unsettled(what));
    }
    let fresh = candidates(&tx, now, currency)?;
    let plan = plan_again(&fresh);
    if plan.is_empty() {
        return Ok(Vec::new()); // nothing due: write nothing, not even a run
    }
    let run_id = ledger::new_run(&tx, "payout", now, now)?;
    let mut out = Vec::new();
    let mut rows = 0;
    for b in plan {
        tx.execute(
            "INSERT INTO payouts(currency, method, total_minor, min_minor, period_end, created_at, run_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)",
            params![
                b.currency,
                b.method,
                b.total(),
                min_minor.get(&b.currency).copied().unwrap_or(1),
                now,
                run_id
            ],
        )?;
        let id = tx.last_insert_rowid();
        for &(member_id, amount) in &b.members {
            let entries = entries_since_last_payout(&tx, member_id, &b.currency, now)?;
            // The member's payout details as they are now: a later `member edit` pays the
            // next batch there, not this one.
            tx.execute(
                "INSERT INTO payout_items(payout_id, member_id, amount_minor, entries,
                                          payout_method, payout_account, member_name)
                 SELECT ?1, ?2, ?3, ?4, payout_method, payout_account, name
                 FROM members WHERE id = ?2",
                params![id, member_id, amount, entries],
            )?;
            let e = NewEntry {
                member_id,
                kind: "payout",
                currency: Some(b.currency.clone()),
                amount_minor: -amount,
                effective_at: now.to_string(),
                available_at: now.to_string(),
                cause_type: "payout",
                cause_id: id.to_string(),
                note: Some(format!("payout batch {id} ({})", b.method)),
                ..NewEntry::default()
            };
            ledger::insert(&tx, run_id, now, &e)?;
            rows += 1;
        }
        out.push((id, b));
    }
    ledger::finish_run(
        &tx,
        run_id,
        &format!("{{\"batches\":{},\"payout_rows\":{rows}}}", out.len()),
    )?;
    tx.commit()?;
    Ok(out)
}

/// A batch as stored.
#[derive(Debug, Clone)]
pub struct Batch {
    pub id: i64,
    pub currency: String,
    pub method: String,
    pub status: String,
    pub total_minor: i64,
    pub min_minor: i64,
    pub members: i64,
    pub period_end: String,
    pub created_at: String,
    pub exported_at: Option<String>,
    pub paid_at: Option<String>,
    pub reference: Option<String>,
    pub failed_at: Option<String>,
    pub failure_reason: Option<String>,
}

const BATCH_SELECT: &str =
    "SELECT p.id, p.currency, p.method, p.status, p.total_minor, p.min_minor,
        (SELECT COUNT(*) FROM payout_items i WHERE i.payout_id = p.id), p.period_end, p.created_at,
        p.exported_at, p.paid_at, p.reference, p.failed_at, p.failure_reason FROM payouts p";

fn batch_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<Batch> {
    Ok(Batch {
        id: r.get(0)?,
        currency: r.get(1)?,
        method: r.get(2)?,
        status: r.get(3)?,
        total_minor: r.get(4)?,
        min_minor: r.get(5)?,
        members: r.get(6)?,
        period_end: r.get(7)?,
        created_at: r.get(8)?,
        exported_at: r.get(9)?,
        paid_at: r.get(10)?,
        reference: r.get(11)?,
        failed_at: r.get(12)?,
        failure_reason: r.get(13)?,
    })
}

/// Every batch, newest first.
pub fn list(conn: &Connection) -> rusqlite::Result<Vec<Batch>> {
    let mut stmt = conn.prepare(&format!("{BATCH_SELECT} ORDER BY p.id DESC"))?;
    let rows = stmt.query_map([], batch_of)?;
    rows.collect()
}

/// One batch.
pub fn get(conn: &Connection, id: i64) -> rusqlite::Result<Option<Batch>> {
    conn.query_row(&format!("{BATCH_SELECT} WHERE p.id = ?1"), [id], batch_of)
        .optional()
}

/// One member's line in a batch.
#[derive(Debug, Clone)]
pub struct Item {
    pub member_id: i64,
    pub email: String,
    pub name: String,
    pub method: Option<String>,
    pub account: Option<String>,
    pub amount_minor: i64,
    pub entries: i64,
}

/// A batch's members, by email, with the name and payout details each had when the batch was made
/// (batches made before those were kept: the member's current ones).
pub fn items(conn: &Connection, id: i64) -> rusqlite::Result<Vec<Item>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.email,
                CASE WHEN i.payout_method IS NULL THEN m.name ELSE i.member_name END,
                IFNULL(i.payout_method, m.payout_method),
                CASE WHEN i.payout_method IS NULL THEN m.payout_account ELSE i.payout_account END,
                i.amount_minor, i.entries
         FROM payout_items i JOIN members m ON m.id = i.member_id
         WHERE i.payout_id = ?1 ORDER BY m.email",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(Item {
            member_id: r.get(0)?,
            email: r.get(1)?,
            name: r.get(2)?,
            method: r.get(3)?,
            account: r.get(4)?,
            amount_minor: r.get(5)?,
            entries: r.get(6)?,
        })
    })?;
    rows.collect()
}

/// Records a first export (created -> exported). Later exports change nothing.
pub fn mark_exported(conn: &Connection, id: i64, now: &str) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE payouts SET status = 'exported', exported_at = ?2 WHERE id = ?1 AND status = 'created'",
        params![id, now],
    )?;
    Ok(())
}

/// Marks a batch paid. `from` is the status the caller checked; a batch that changed meanwhile
/// is not touched (returns false).
pub fn mark_paid(
    conn: &mut Connection,
    id: i64,
    from: &str,
    now: &str,
    reference: Option<&str>,
) -> rusqlite::Result<bool> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let n = tx.execute(
        "UPDATE payouts SET status = 'paid', paid_at = ?3, reference = ?4 WHERE id = ?1 AND status = ?2",
        params![id, from, now, reference],
    )?;
    tx.commit()?;
    Ok(n == 1)
}

/// Marks a batch failed and, in the same transaction, returns each member's money with one
/// positive `payout_return` ledger row (available at once). Returns the rows written, or None
/// when the batch's status changed meanwhile.
pub fn mark_failed(
    conn: &mut Connection,
    id: i64,
    from: &str,
    now: &str,
    reason: &str,
) -> rusqlite::Result<Option<usize>> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let n = tx.execute(
        "UPDATE payouts SET status = 'failed', failed_at = ?3, failure_reason = ?4 WHERE id = ?1 AND status = ?2",
        params![id, from, now, reason],
    )?;
    if n != 1 {
        return Ok(None);
    }
    let currency: String =
        tx.query_row("SELECT currency FROM payouts WHERE id = ?1", [id], |r| {
            r.get(0)
        })?;
    let run_id = ledger::new_run(&tx, "payout", now, now)?;
    let mut written = 0;
    for it in items(&tx, id)? {
        let e = NewEntry {
            member_id: it.member_id,
            kind: "payout_return",
            currency: Some(currency.clone()),
            amount_minor: it.amount_minor,
            effective_at: now.to_string(),
            available_at: now.to_string(),
            cause_type: "payout",
            cause_id: id.to_string(),
            note: Some(format!("payout batch {id} failed: {reason}")),
            ..NewEntry::default()
        };
        if ledger::insert(&tx, run_id, now, &e)?.is_some() {
            written += 1;
        }
    }
    ledger::finish_run(&tx, run_id, &format!("{{\"payout_returns\":{written}}}"))?;
    tx.commit()?;
    Ok(Some(written))
}
