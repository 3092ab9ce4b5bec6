//! Ledger writes: the one INSERT every command uses, and the runs that ledger rows point at.
//! There is no UPDATE or DELETE of ledger rows anywhere (triggers refuse them too).

use rusqlite::{Connection, params};

/// One new ledger row. Amounts are minor units of `currency`; points rows leave `currency` None.
#[derive(Debug, Clone, Default)]
pub struct NewEntry {
    pub member_id: i64,
    pub program_id: Option<i64>,
    /// accrual, reversal, points_earn, points_redeem, points_expire, payout, payout_return, adjustment
    pub kind: &'static str,
    pub currency: Option<String>,
    pub amount_minor: i64,
    pub points: i64,
    /// When the cause happened (UTC, stored form).
    pub effective_at: String,
    /// Pending before this instant, available from it on.
    pub available_at: String,
    /// order, return, activity, payout, adjustment, redemption, expiry, review
    pub cause_type: &'static str,
    pub cause_id: String,
    pub order_id: Option<String>,
    pub corrects_id: Option<i64>,
    /// Frozen rule values (JSON) used to compute the amount.
    pub rule: Option<String>,
    pub note: Option<String>,
}

/// Records a run of a writing command and returns its id.
pub fn new_run(
    conn: &Connection,
    command: &str,
    as_of: &str,
    started_at: &str,
) -> rusqlite::Result<i64> {
    conn.prepare_cached("INSERT INTO runs(command, as_of, started_at) VALUES (?1, ?2, ?3)")?
        .execute(params![command, as_of, started_at])?;
    Ok(conn.last_insert_rowid())
}

/// Stores a run's summary (JSON counts).
pub fn finish_run(conn: &Connection, run_id: i64, summary: &str) -> rusqlite::Result<()> {
    // `runs` is a journal of commands, not the ledger; its summary is filled in once at the end.
    conn.prepare_cached("UPDATE runs SET summary = ?2 WHERE id = ?1")?
        .execute(params![run_id, summary])?;
    Ok(())
}

/// Inserts a ledger row unless one with the same cause already exists.
/// Returns the new row's id, or None when the UNIQUE cause index says it was written before.
pub fn insert(
    conn: &Connection,
    run_id: i64,
    created_at: &str,
    e: &NewEntry,
) -> rusqlite::Result<Option<i64>> {
    let n = conn
        .prepare_cached(
            "INSERT INTO ledger(run_id, member_id, program_id, kind, currency, amount_minor, points,
                                effective_at, available_at, cause_type, cause_id, order_id,
                                corrects_id, rule, note, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
             ON CONFLICT DO NOTHING",
        )?
        .execute(params![
            run_id,
            e.member_id,
            e.program_id,
            e.kind,
            e.currency,
            e.amount_minor,
            e.points,
            e.effective_at,
            e.available_at,
            e.cause_type,
            e.cause_id,
            e.order_id,
            e.corrects_id,
            e.rule,
            e.note,
            created_at,
        ])?;
    Ok((n == 1).then(|| conn.last_insert_rowid()))
}
