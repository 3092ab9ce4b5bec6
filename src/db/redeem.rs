//! `points redeem`: a redemption row and its negative `points_redeem` ledger rows, one per
//! program whose points it spends (the oldest available, unexpired lots first, as the expiry
//! plan spends them), refused beyond the member's available points.
//!
//! A redemption spends points of one currency: when the member holds points in several, the
//! caller names a program. It writes no expiries (settle does, at their own instants; the
//! available points already leave out what has expired by the redemption's as-of). It is
//! refused while an order, return or activity dated at or before its as-of is not settled yet
//! (what it spends would depend on whether settle ran first), and when dated before a points
//! debit of the member already written (a redemption, expiry or reversal dated later), which it
//! would have changed: an earlier `--as-of` cannot spend the same points twice.

use crate::core::points::{redemption_split, spendable};
use crate::core::time::to_db;
use crate::db::ledger::{NewEntry, insert};
use crate::db::settle::{Engine, EngineError, Result, unsettled_before};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension, params};

/// What `points redeem` wrote.
pub struct Redemption {
    pub redemption_id: i64,
    /// The currency of the points spent.
    pub currency: String,
    pub available_before: i64,
    pub available_after: i64,
}

/// Redeems `points` of the member with `email` at `now`, inside the caller's transaction;
/// `program` (a program name) chooses whose points, required when the member holds points in
/// several currencies.
pub fn redeem(
    conn: &Connection,
    email: &str,
    points: i64,
    program: Option<&str>,
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
    if let Some(what) = unsettled_before(conn, &at)? {
        return Err(EngineError::Refused(format!(
            "cannot redeem as of {at}: {what} is not settled yet; run `rewards settle --as-of {at}` first"
        )));
    }
    let newest: Option<(String, String)> = conn
        .query_row(
            "SELECT effective_at, kind FROM ledger WHERE member_id = ?1 AND points < 0
             ORDER BY effective_at DESC LIMIT 1",
            [member_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((newest, kind)) = newest.filter(|(n, _)| at < *n) {
        let what = match kind.as_str() {
            "points_redeem" => "a redemption",
            "points_expire" => "an expiry of points",
            _ => "a reversal of points",
        };
        return Err(EngineError::Refused(format!(
            "cannot redeem as of {at}: {email} already has {what} dated {newest}, which a \
             redemption before it would change; date the redemption at or after it"
        )));
    }
    let engine = Engine::new(conn, "redeem", now, zone)?;
    let program_id = match program {
        None => None,
        Some(name) => Some(
            engine
                .programs
                .values()
                .find(|p| p.name.eq_ignore_ascii_case(name))
                .map(|p| p.id)
                .ok_or_else(|| EngineError::Refused(format!("no program named {name}")))?,
        ),
    };
    let days = engine.expire_days();
    let days = |p: Option<i64>| p.and_then(|p| days.get(&p).copied());
    let (rows, _) = engine.points_rows(member_id)?;
    let pool = match program_id {
        Some(p) => engine.pool_of(Some(p)).unwrap_or_default().to_string(),
        None => {
            let mut pools: Vec<&str> = rows
                .iter()
                .filter(|r| r.kind == "points_earn")
                .map(|r| r.pool.as_str())
                .filter(|pool| spendable(&rows, days, now, pool, None) > 0)
                .collect();
            pools.sort_unstable();
            pools.dedup();
            match pools[..] {
                [] => String::new(),
                [only] => only.to_string(),
                _ => {
                    return Err(EngineError::Refused(format!(
                        "{email} has points in {}: choose whose to redeem with --program NAME",
                        pools.join(", ")
                    )));
                }
            }
        }
    };
    let before = spendable(&rows, days, now, &pool, program_id);
    if points > before {
        return Err(EngineError::Refused(format!(
            "cannot redeem {points} points: {email} has only {before} points available{}",
            program.map(|p| format!(" in {p}")).unwrap_or_default()
        )));
    }
    conn.execute(
        "INSERT INTO redemptions(member_id, points, note, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![member_id, points, note, at],
    )?;
    let redemption_id = conn.last_insert_rowid();
    for (program_id, spent) in redemption_split(&rows, days, now, &pool, program_id, points) {
        insert(
            conn,
            engine.run_id,
            &engine.created_at,
            &NewEntry {
                member_id,
                program_id,
                kind: "points_redeem",
                points: -spent,
                effective_at: at.clone(),
                available_at: at.clone(),
                cause_type: "redemption",
                cause_id: redemption_id.to_string(),
                note: note.map(str::to_string),
                ..NewEntry::default()
            },
        )?;
    }
    let (rows, _) = engine.points_rows(member_id)?;
    Ok(Redemption {
        redemption_id,
        available_after: spendable(&rows, days, now, &pool, program_id),
        currency: pool,
        available_before: before,
    })
}
