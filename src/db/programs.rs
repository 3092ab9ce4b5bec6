//! Programs in the database: insert with tiers and actions, read back, lifecycle events.

use crate::core::money::Currency;
use crate::core::program::{Program, ProgramKind, Reward, RewardKind, Tier};
use rusqlite::{Connection, OptionalExtension, Row, params};

#[derive(Debug, thiserror::Error)]
pub enum ProgramDbError {
    #[error("a program named {0:?} already exists (names are case-insensitive)")]
    Duplicate(String),
    #[error("no program named {0:?} (see `rewards program list`)")]
    NotFound(String),
    #[error("program {name:?} has a bad stored value: {what}")]
    Corrupt { name: String, what: String },
    #[error(transparent)]
    Sql(#[from] rusqlite::Error),
}

fn reward_params(r: Option<Reward>) -> (Option<&'static str>, Option<i64>) {
    match r {
        Some(r) => (Some(r.kind.as_str()), Some(r.value)),
        None => (None, None),
    }
}

/// Whether a program with this name exists (case-insensitive).
pub fn name_exists(conn: &Connection, name: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM programs WHERE name = ?1)",
        [name],
        |r| r.get(0),
    )
}

/// Stores a validated program with its tiers and actions; returns its id.
pub fn insert(conn: &Connection, p: &Program) -> Result<i64, ProgramDbError> {
    if name_exists(conn, &p.name)? {
        return Err(ProgramDbError::Duplicate(p.name.clone()));
    }
    let (rk, rv) = reward_params(p.reward);
    let (fk, fv) = reward_params(p.friend_reward);
    conn.execute(
        "INSERT INTO programs(name, kind, status, currency, reward_kind, reward_value,
            friend_reward_kind, friend_reward_value, min_order_minor, first_order_only, window_days,
            hold_days, cap_count, cap_amount_minor, points_per_unit, points_expire_days,
            point_value_minor, starts_at, ends_at, created_at)
         VALUES (?1, ?2, 'active', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
        params![
            p.name,
            p.kind.as_str(),
            p.currency.code(),
            rk,
            rv,
            fk,
            fv,
            p.min_order_minor,
            p.first_order_only,
            p.window_days,
            p.hold_days,
            p.cap_count,
            p.cap_amount_minor,
            p.points_per_unit,
            p.points_expire_days,
            p.point_value_minor,
            p.starts_at,
            p.ends_at,
            p.created_at,
        ],
    )?;
    let id = conn.last_insert_rowid();
    for t in &p.tiers {
        conn.execute(
            "INSERT INTO program_tiers(program_id, from_count, reward_kind, reward_value)
             VALUES (?1, ?2, ?3, ?4)",
            params![id, t.from_count, t.reward.kind.as_str(), t.reward.value],
        )?;
    }
    for (action, points) in &p.actions {
        conn.execute(
            "INSERT INTO program_actions(program_id, action, points) VALUES (?1, ?2, ?3)",
            params![id, action, points],
        )?;
    }
    Ok(id)
}

const COLUMNS: &str = "id, name, kind, status, currency, reward_kind, reward_value,
    friend_reward_kind, friend_reward_value, min_order_minor, first_order_only, window_days,
    hold_days, cap_count, cap_amount_minor, points_per_unit, points_expire_days, point_value_minor,
    starts_at, ends_at, created_at";

/// A programs row as raw values, turned into a [`Program`] after the query.
struct RawProgram {
    id: i64,
    name: String,
    kind: String,
    status: String,
    currency: String,
    reward: (Option<String>, Option<i64>),
    friend: (Option<String>, Option<i64>),
    ints: [Option<i64>; 7],
    first_order_only: bool,
    hold_days: i64,
    starts_at: Option<String>,
    ends_at: Option<String>,
    created_at: String,
}

fn raw(r: &Row) -> rusqlite::Result<RawProgram> {
    Ok(RawProgram {
        id: r.get(0)?,
        name: r.get(1)?,
        kind: r.get(2)?,
        status: r.get(3)?,
        currency: r.get(4)?,
        reward: (r.get(5)?, r.get(6)?),
        friend: (r.get(7)?, r.get(8)?),
        ints: [
            r.get(9)?,
            r.get(11)?,
            r.get(13)?,
            r.get(14)?,
            r.get(15)?,
            r.get(16)?,
            r.get(17)?,
        ],
        first_order_only: r.get(10)?,
        hold_days: r.get(12)?,
        starts_at: r.get(18)?,
        ends_at: r.get(19)?,
        created_at: r.get(20)?,
    })
}

fn reward_of(
    name: &str,
    kind: &Option<String>,
    value: Option<i64>,
) -> Result<Option<Reward>, ProgramDbError> {
    match (kind, value) {
        (Some(k), Some(v)) => RewardKind::parse(k)
            .map(|kind| Some(Reward { kind, value: v }))
            .ok_or_else(|| ProgramDbError::Corrupt {
                name: name.to_string(),
                what: format!("reward kind {k:?}"),
            }),
        _ => Ok(None),
    }
}

fn finish(conn: &Connection, r: RawProgram) -> Result<Program, ProgramDbError> {
    let corrupt = |what: String| ProgramDbError::Corrupt {
        name: r.name.clone(),
        what,
    };
    let kind = ProgramKind::parse(&r.kind).ok_or_else(|| corrupt(format!("kind {:?}", r.kind)))?;
    let currency = Currency::from_code(&r.currency).map_err(|e| corrupt(e.to_string()))?;
    let reward = reward_of(&r.name, &r.reward.0, r.reward.1)?;
    let friend_reward = reward_of(&r.name, &r.friend.0, r.friend.1)?;
    let mut tiers = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT from_count, reward_kind, reward_value FROM program_tiers
         WHERE program_id = ?1 ORDER BY from_count",
    )?;
    let rows = stmt.query_map([r.id], |row| {
        Ok((
            row.get::<_, i64>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, i64>(2)?,
        ))
    })?;
    for row in rows {
        let (from_count, k, v) = row?;
        let kind =
            RewardKind::parse(&k).ok_or_else(|| corrupt(format!("tier reward kind {k:?}")))?;
        tiers.push(Tier {
            from_count,
            reward: Reward { kind, value: v },
        });
    }
    let mut stmt = conn.prepare_cached(
        "SELECT action, points FROM program_actions WHERE program_id = ?1 ORDER BY action",
    )?;
    let actions = stmt
        .query_map([r.id], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<Vec<(String, i64)>>>()?;
    let [
        min_order,
        window,
        cap_count,
        cap_amount,
        ppu,
        expire,
        point_value,
    ] = r.ints;
    Ok(Program {
        id: r.id,
        name: r.name,
        kind,
        status: r.status,
        currency,
        reward,
        friend_reward,
        min_order_minor: min_order,
        first_order_only: r.first_order_only,
        window_days: window,
        hold_days: r.hold_days,
        cap_count,
        cap_amount_minor: cap_amount,
        points_per_unit: ppu,
        points_expire_days: expire,
        point_value_minor: point_value,
        starts_at: r.starts_at,
        ends_at: r.ends_at,
        created_at: r.created_at,
        tiers,
        actions,
    })
}

/// The program with this name (case-insensitive).
pub fn find(conn: &Connection, name: &str) -> Result<Program, ProgramDbError> {
    let r = conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM programs WHERE name = ?1"),
            [name.trim()],
            raw,
        )
        .optional()?
        .ok_or_else(|| ProgramDbError::NotFound(name.to_string()))?;
    finish(conn, r)
}

/// The program with this id (for code that holds ids, e.g. settlement).
pub fn get(conn: &Connection, id: i64) -> Result<Program, ProgramDbError> {
    let r = conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM programs WHERE id = ?1"),
            [id],
            raw,
        )
        .optional()?
        .ok_or_else(|| ProgramDbError::NotFound(format!("#{id}")))?;
    finish(conn, r)
}

/// Every program, oldest first.
pub fn list(conn: &Connection) -> Result<Vec<Program>, ProgramDbError> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM programs ORDER BY id"))?;
    let raws = stmt
        .query_map([], raw)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    raws.into_iter().map(|r| finish(conn, r)).collect()
}

/// How many codes a program has issued.
pub fn code_count(conn: &Connection, program_id: i64) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT COUNT(*) FROM codes WHERE program_id = ?1",
        [program_id],
        |r| r.get(0),
    )
}

/// A pause, resume or end, as recorded.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Event {
    pub event: String,
    pub at: String,
}

/// Records a lifecycle event and sets the program's status.
pub fn record_event(
    conn: &Connection,
    program_id: i64,
    event: &str,
    status: &str,
    at: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO program_events(program_id, event, at) VALUES (?1, ?2, ?3)",
        params![program_id, event, at],
    )?;
    conn.execute(
        "UPDATE programs SET status = ?2 WHERE id = ?1",
        params![program_id, status],
    )?;
    Ok(())
}

/// The time of a program's newest pause, resume or end, if it has one.
pub fn newest_event(conn: &Connection, program_id: i64) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT MAX(at) FROM program_events WHERE program_id = ?1",
        [program_id],
        |r| r.get(0),
    )
}

/// A program's events, oldest first.
pub fn events(conn: &Connection, program_id: i64) -> rusqlite::Result<Vec<Event>> {
    let mut stmt = conn.prepare_cached(
        "SELECT event, at FROM program_events WHERE program_id = ?1 ORDER BY at, id",
    )?;
    stmt.query_map([program_id], |r| {
        Ok(Event {
            event: r.get(0)?,
            at: r.get(1)?,
        })
    })?
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::program::{ProgramInput, validate};
    use chrono::TimeZone;

    #[test]
    fn a_program_round_trips_through_the_database() {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::db::migrate(&mut conn, ":memory:").unwrap();
        let input = ProgramInput {
            name: "Friends".into(),
            kind: Some(ProgramKind::Referral),
            reward: Some("10%".into()),
            friend_reward: Some("25".into()),
            min_order: Some("99.50".into()),
            cap_amount: Some("300".into()),
            tiers: vec!["3:15%".into(), "10:100".into()],
            starts: Some("2026-04-01".into()),
            ..Default::default()
        };
        let now = chrono::Utc.with_ymd_and_hms(2026, 3, 31, 12, 0, 0).unwrap();
        let sar = Currency::from_code("SAR").unwrap();
        let mut p = validate(&input, sar, chrono_tz::Tz::UTC, now).unwrap();
        let id = insert(&conn, &p).unwrap();
        p.id = id;
        assert_eq!(find(&conn, "FRIENDS").unwrap(), p);
        assert_eq!(get(&conn, id).unwrap(), p);
        assert!(matches!(
            insert(&conn, &p),
            Err(ProgramDbError::Duplicate(_))
        ));
        assert!(matches!(get(&conn, 99), Err(ProgramDbError::NotFound(_))));
        record_event(&conn, id, "pause", "paused", "2026-04-02T00:00:00Z").unwrap();
        assert_eq!(list(&conn).unwrap()[0].status, "paused");
        assert_eq!(events(&conn, id).unwrap()[0].event, "pause");
    }
}
