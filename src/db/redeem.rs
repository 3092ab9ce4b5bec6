//! `points redeem`: a redemption row and its negative `points_redeem` ledger row, refused beyond
//! the member's available points (after writing any expiry already due, oldest points first).
//! Debits already written (redemptions, expiries, reversals) count whatever their date, and a
//! redemption dated before the member's newest one is refused, so an earlier `--as-of` cannot
//! spend the same points twice.

use crate::core::time::to_db;
use crate::db::ledger::{NewEntry, insert};
use crate::db::settle::{Engine, EngineError, Result};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension, params};

pub struct Redemption {
    pub redemption_id: i64,
    pub available_before: i64,
    pub available_after: i64,
}

/// Points of a member that can be redeemed at `at`: credits earned and no longer pending by
/// then, net of every debit already written, whatever its date (a debit dated later still
/// spends the points) unless it corrects a credit that is not available by then (a reversal of
/// a pending reward, an expiry of a lot not yet available).
pub fn available_points(conn: &Connection, member_id: i64, at: &str) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT IFNULL(SUM(l.points), 0) FROM ledger l LEFT JOIN ledger c ON c.id = l.corrects_id
         WHERE l.member_id = ?1 AND l.points != 0
           AND ((l.effective_at <= ?2 AND l.available_at <= ?2)
             OR (l.points < 0 AND (c.id IS NULL OR (c.effective_at <= ?2 AND c.available_at <= ?2))))",
        params![member_id, at],
        |r| r.get(0),
    )?)
}

/// Redeems `points` of the member with `email` at `now`, inside the caller's transaction.
pub fn redeem(
    conn: &Connection,
    email: &str,
    points: i64,
    note: Option<&str>,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<Redemption> {
    let member_id: i64 = conn
        .query_row("SELECT id FROM members WHERE email = ?1", [email], |r| {
            r.get(0)
        })
        .optional()?
        .ok_or_else(|| EngineError::Refused(format!("no member with email {email}")))?;
    let at = to_db(now);
    let newest: Option<String> = conn.query_row(
        "SELECT MAX(created_at) FROM redemptions WHERE member_id = ?1",
        [member_id],
        |r| r.get(0),
    )?;
    if let Some(newest) = newest.filter(|n| at < *n) {
        return Err(EngineError::Refused(format!(
            "cannot redeem as of {at}: {email} already has a redemption dated {newest}"
        )));
    }
    let mut engine = Engine::new(conn, "redeem", now, zone)?;
    let days = engine.expire_days();
    engine.expire_member(member_id, now, &days)?;
    let before = available_points(conn, member_id, &at)?;
    if points > before {
        return Err(EngineError::Refused(format!(
            "cannot redeem {points} points: {email} has only {before} points available"
        )));
    }
    conn.execute(
        "INSERT INTO redemptions(member_id, points, note, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![member_id, points, note, at],
    )?;
    let redemption_id = conn.last_insert_rowid();
    insert(
        conn,
        engine.run_id,
        &engine.created_at,
        &NewEntry {
            member_id,
            kind: "points_redeem",
            points: -points,
            effective_at: at.clone(),
            available_at: at.clone(),
            cause_type: "redemption",
            cause_id: redemption_id.to_string(),
            note: note.map(str::to_string),
            ..NewEntry::default()
        },
    )?;
    Ok(Redemption {
        redemption_id,
        available_before: before,
        available_after: available_points(conn, member_id, &at)?,
    })
}
