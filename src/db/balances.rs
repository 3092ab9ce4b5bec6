//! Balances as sums over the ledger, member statements, and manual adjustments.
//!
//! A balance as of T counts rows with `effective_at <= T`, per member per currency:
//! pending = money not yet available (`available_at > T`); available = money available
//! (`available_at <= T`, including negative payout rows, positive payout_return rows,
//! adjustments and reversals); paid = -(payout rows of batches marked paid by T);
//! in_payout = money batched and not yet paid nor given back (batches created or exported, or
//! paid/failed after T): -(payout rows + payout_return rows) - paid. A failed batch's money is
//! back in available through its payout_return rows; points = points available, points_pending = points not yet available.
//! Points rows carry no currency; they are shown under their program's currency. A points row
//! without a program (a redemption written before redemptions named their programs) is shown
//! under the member's only points currency (of their `points_earn` rows), else the shop's.

use super::ledger::{self, NewEntry};
use rusqlite::{Connection, OptionalExtension, params};

/// A member as the balance, payout and report code needs it.
#[derive(Debug, Clone)]
pub struct MemberRef {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub blocked: bool,
    pub payout_method: Option<String>,
    pub payout_account: Option<String>,
}

/// One member's sums in one currency. `currency` is None only for points with no currency known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BalanceSums {
    pub member_id: i64,
    pub email: String,
    pub currency: Option<String>,
    pub pending: i64,
    pub available: i64,
    pub paid: i64,
    /// Batched, not yet paid (nor returned).
    pub in_payout: i64,
    pub points: i64,
    pub points_pending: i64,
}

/// Finds a member by (normalised) email.
pub fn member_by_email(conn: &Connection, email: &str) -> rusqlite::Result<Option<MemberRef>> {
    conn.prepare_cached(
        "SELECT id, email, name, blocked, payout_method, payout_account FROM members WHERE email = ?1",
    )?
    .query_row([email], |r| {
        Ok(MemberRef {
            id: r.get(0)?,
            email: r.get(1)?,
            name: r.get(2)?,
            blocked: r.get::<_, i64>(3)? != 0,
            payout_method: r.get(4)?,
            payout_account: r.get(5)?,
        })
    })
    .optional()
}

/// A program's id and currency, by name (case-insensitive).
pub fn program_by_name(conn: &Connection, name: &str) -> rusqlite::Result<Option<(i64, String)>> {
    conn.prepare_cached("SELECT id, currency FROM programs WHERE name = ?1")?
        .query_row([name], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
}

/// Balances of every member (or one) as of `as_of` (stored form), ordered by email, currency.
/// `shop_currency` places points rows without a program when the member's points are not all
/// of one currency.
pub fn balances(
    conn: &Connection,
    as_of: &str,
    member_id: Option<i64>,
    shop_currency: Option<&str>,
) -> rusqlite::Result<Vec<BalanceSums>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.email, COALESCE(l.currency, p.currency, (SELECT MIN(q.currency) FROM ledger k
                  JOIN programs q ON q.id = k.program_id WHERE k.member_id = l.member_id
                  AND k.kind = 'points_earn' HAVING COUNT(DISTINCT q.currency) = 1), ?3) AS cur,
                SUM(CASE WHEN l.available_at > ?1 THEN l.amount_minor ELSE 0 END),
                SUM(CASE WHEN l.available_at <= ?1 THEN l.amount_minor ELSE 0 END),
                -SUM(CASE WHEN l.kind = 'payout' AND EXISTS (SELECT 1 FROM payouts b
                       WHERE b.id = CAST(l.cause_id AS INTEGER) AND b.status = 'paid' AND b.paid_at <= ?1)
                     THEN l.amount_minor ELSE 0 END),
                -SUM(CASE WHEN l.kind IN ('payout', 'payout_return') THEN l.amount_minor ELSE 0 END),
                SUM(CASE WHEN l.available_at <= ?1 THEN l.points ELSE 0 END),
                SUM(CASE WHEN l.available_at > ?1 THEN l.points ELSE 0 END)
         FROM ledger l
         JOIN members m ON m.id = l.member_id
         LEFT JOIN programs p ON p.id = l.program_id
         WHERE l.effective_at <= ?1 AND (?2 IS NULL OR l.member_id = ?2)
         GROUP BY m.id, cur
         ORDER BY m.email, cur",
    )?;
    let rows = stmt.query_map(params![as_of, member_id, shop_currency], |r| {
        Ok(BalanceSums {
            member_id: r.get(0)?,
            email: r.get(1)?,
            currency: r.get(2)?,
            pending: r.get(3)?,
            available: r.get(4)?,
            paid: r.get(5)?,
            in_payout: r.get::<_, i64>(6)? - r.get::<_, i64>(5)?,
            points: r.get(7)?,
            points_pending: r.get(8)?,
        })
    })?;
    rows.collect()
}

/// One ledger row for a statement.
#[derive(Debug, Clone)]
pub struct StatementRow {
    pub id: i64,
    pub effective_at: String,
    pub available_at: String,
    pub kind: String,
    pub program: Option<String>,
    pub currency: Option<String>,
    pub amount_minor: i64,
    pub points: i64,
    pub cause_type: String,
    pub cause_id: String,
    pub order_id: Option<String>,
    pub note: Option<String>,
}

/// Every ledger row of a member effective by `as_of`, oldest first.
pub fn statement(
    conn: &Connection,
    member_id: i64,
    as_of: &str,
) -> rusqlite::Result<Vec<StatementRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.id, l.effective_at, l.available_at, l.kind, p.name, l.currency, l.amount_minor,
                l.points, l.cause_type, l.cause_id, l.order_id, l.note
         FROM ledger l LEFT JOIN programs p ON p.id = l.program_id
         WHERE l.member_id = ?1 AND l.effective_at <= ?2
         ORDER BY l.effective_at, l.id",
    )?;
    let rows = stmt.query_map(params![member_id, as_of], |r| {
        Ok(StatementRow {
            id: r.get(0)?,
            effective_at: r.get(1)?,
            available_at: r.get(2)?,
            kind: r.get(3)?,
            program: r.get(4)?,
            currency: r.get(5)?,
            amount_minor: r.get(6)?,
            points: r.get(7)?,
            cause_type: r.get(8)?,
            cause_id: r.get(9)?,
            order_id: r.get(10)?,
            note: r.get(11)?,
        })
    })?;
    rows.collect()
}

/// A manual credit or debit to write.
#[derive(Debug, Clone)]
pub struct NewAdjustment {
    pub member_id: i64,
    pub program_id: Option<i64>,
    pub currency: String,
    pub amount_minor: i64,
    pub reason: String,
}

/// Writes an `adjustments` row, a `runs` row and its `adjustment` ledger row (available at
/// `now`) in one IMMEDIATE transaction. Returns (adjustment id, ledger id).
pub fn adjust(conn: &mut Connection, now: &str, a: &NewAdjustment) -> rusqlite::Result<(i64, i64)> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let run_id = ledger::new_run(&tx, "adjust", now, now)?;
    tx.execute(
        "INSERT INTO adjustments(member_id, program_id, currency, amount_minor, reason, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            a.member_id,
            a.program_id,
            a.currency,
            a.amount_minor,
            a.reason,
            now
        ],
    )?;
    let adj_id = tx.last_insert_rowid();
    let entry = NewEntry {
        member_id: a.member_id,
        program_id: a.program_id,
        kind: "adjustment",
        currency: Some(a.currency.clone()),
        amount_minor: a.amount_minor,
        effective_at: now.to_string(),
        available_at: now.to_string(),
        cause_type: "adjustment",
        cause_id: adj_id.to_string(),
        note: Some(a.reason.clone()),
        ..NewEntry::default()
    };
    // A fresh adjustments id cannot collide on the cause index.
    let ledger_id = ledger::insert(&tx, run_id, now, &entry)?.unwrap_or_default();
    ledger::finish_run(
        &tx,
        run_id,
        &format!("{{\"adjustments\":1,\"ledger_id\":{ledger_id}}}"),
    )?;
    tx.commit()?;
    Ok((adj_id, ledger_id))
}
