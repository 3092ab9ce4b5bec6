//! Settle, points: activities that earn points, and expiry of points oldest first.

use super::{Engine, Result, State, time};
use crate::core::points::{Expiry, PointsRow, plan_expiries};
use crate::core::rules;
use crate::core::time::to_db;
use crate::db::ledger::{NewEntry, insert};
use chrono::{DateTime, Duration, Utc};
use rusqlite::params;
use std::collections::HashMap;

impl Engine<'_> {
    pub(super) fn activities(&mut self, a: &str, state: &State) -> Result<()> {
        let mut actions: HashMap<String, Vec<(i64, i64)>> = HashMap::new();
        {
            let mut stmt = self.conn.prepare(
                "SELECT program_id, lower(action), points FROM program_actions ORDER BY program_id",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                actions
                    .entry(r.get(1)?)
                    .or_default()
                    .push((r.get(0)?, r.get(2)?));
            }
        }
        if actions.is_empty() {
            return Ok(());
        }
        let conn = self.conn;
        let mut stmt = conn.prepare(
            "SELECT activity_key, customer_email, lower(action), occurred_at FROM activities
             WHERE occurred_at <= ?1 AND (occurred_at > ?2 OR id > ?3) ORDER BY occurred_at, id",
        )?;
        let mut rows = stmt.query(params![a, state.as_of, state.max_activity])?;
        while let Some(r) = rows.next()? {
            let key: String = r.get(0)?;
            let email: String = r.get(1)?;
            let action: String = r.get(2)?;
            let at = time(&r.get::<_, String>(3)?)?;
            for &(pid, points) in actions.get(&action).map(Vec::as_slice).unwrap_or(&[]) {
                let running = self
                    .programs
                    .get(&pid)
                    .is_some_and(|p| rules::not_running(p, at).is_none());
                if !running {
                    continue;
                }
                let Some(m) = self.member_by_email(&email, None, true)? else {
                    continue;
                };
                let Some(p) = self.programs.get(&pid) else {
                    continue;
                };
                let d = rules::decide_activity(p, &m, &action, points, at);
                self.apply(d, "activity", &key, None, pid, Some(m.member_id))?;
            }
        }
        Ok(())
    }

    pub(super) fn expiries(&mut self, as_of: DateTime<Utc>, state: &State) -> Result<()> {
        let days: HashMap<i64, i64> = self
            .programs
            .values()
            .filter_map(|p| p.points_expire_days.map(|d| (p.id, d)))
            .collect();
        if days.is_empty() {
            return Ok(());
        }
        let mut members: Vec<i64> = Vec::new();
        for (&pid, &d) in &days {
            let hi = to_db(as_of - Duration::days(d));
            let lo = time(&state.as_of)
                .map(|w| to_db(w - Duration::days(d)))
                .unwrap_or_default();
            let mut stmt = self.conn.prepare_cached(
                "SELECT DISTINCT member_id FROM ledger
                 WHERE kind IN ('accrual', 'points_earn') AND kind = 'points_earn' AND program_id = ?1
                   AND available_at <= ?2 AND (available_at > ?3 OR id > ?4)",
            )?;
            let ids = stmt.query_map(params![pid, hi, lo, state.max_ledger], |r| r.get(0))?;
            for id in ids {
                members.push(id?);
            }
        }
        members.sort_unstable();
        members.dedup();
        for m in members {
            self.expire_member(m, as_of, &days)?;
        }
        Ok(())
    }

    /// Writes the expiries due up to `as_of` for one member.
    pub fn expire_member(
        &mut self,
        member_id: i64,
        as_of: DateTime<Utc>,
        days: &HashMap<i64, i64>,
    ) -> Result<()> {
        let (rows, lot_causes) = self.points_rows(member_id)?;
        for x in expiries_due(&rows, days, as_of) {
            let at = to_db(x.at);
            let e = NewEntry {
                member_id,
                program_id: x.program_id,
                kind: "points_expire",
                points: x.points,
                effective_at: at.clone(),
                available_at: at,
                cause_type: "expiry",
                cause_id: lot_causes
                    .get(&x.lot_id)
                    .cloned()
                    .unwrap_or_else(|| x.lot_id.to_string()),
                corrects_id: Some(x.lot_id),
                rule: Some(
                    serde_json::json!({"expire_days": x.program_id.and_then(|p| days.get(&p))})
                        .to_string(),
                ),
                ..NewEntry::default()
            };
            if insert(self.conn, self.run_id, &self.created_at, &e)?.is_some() {
                self.counts.expired += 1;
            }
        }
        Ok(())
    }

    /// A member's points rows, and each row's own cause (`<cause_type>:<cause_id>`), which is
    /// the cause of a lot's expiry: stable whether settled in steps or at once (ledger ids are
    /// not). A row's pool is its program's currency; a row without a program (a redemption
    /// written before redemptions named their programs) is counted in the member's only points
    /// currency, else the shop's, as `balance` shows it.
    pub fn points_rows(&self, member_id: i64) -> Result<(Vec<PointsRow>, HashMap<i64, String>)> {
        let mut lot_causes: HashMap<i64, String> = HashMap::new();
        let mut rows: Vec<PointsRow> = self
            .conn
            .prepare_cached(
                "SELECT id, program_id, kind, points, effective_at, available_at, corrects_id,
                        cause_type || ':' || cause_id FROM ledger
                 WHERE member_id = ?1 AND points != 0 ORDER BY id",
            )?
            .query_map([member_id], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get(6)?,
                    r.get::<_, String>(7)?,
                ))
            })?
            .map(|x| {
                let (id, program_id, kind, points, eff, avail, corrects_id, cause) = x?;
                lot_causes.insert(id, cause);
                Ok(PointsRow {
                    id,
                    program_id,
                    pool: self.pool_of(program_id).unwrap_or_default().to_string(),
                    kind,
                    points,
                    effective_at: time(&eff)?,
                    available_at: time(&avail)?,
                    corrects_id,
                })
            })
            .collect::<Result<_>>()?;
        if rows.iter().any(|r| r.program_id.is_none()) {
            let mut known: Vec<&str> = rows
                .iter()
                .filter_map(|r| r.program_id.and_then(|p| self.pool_of(Some(p))))
                .collect();
            known.sort_unstable();
            known.dedup();
            let pool = match known[..] {
                [only] => only.to_string(),
                _ => crate::db::setting(self.conn, "currency")?.unwrap_or_default(),
            };
            for r in rows.iter_mut().filter(|r| r.program_id.is_none()) {
                r.pool = pool.clone();
            }
        }
        Ok((rows, lot_causes))
    }

    /// The currency a program's points are counted in.
    pub fn pool_of(&self, program_id: Option<i64>) -> Option<&str> {
        program_id
            .and_then(|p| self.programs.get(&p))
            .map(|p| p.currency.as_str())
    }

    /// How many points of lot `lot` (a `points_earn` row of the member: id, program, when it
    /// became available) have expired by `t`: its expiry row when one is written (whatever its
    /// date: those points are gone), else what the plan expires of it at or before `t`. A
    /// return reverses only the rest.
    pub(super) fn expired_of_lot(
        &self,
        member_id: i64,
        lot: (i64, Option<i64>, DateTime<Utc>),
        t: DateTime<Utc>,
    ) -> Result<i64> {
        let (lot_id, program_id, available_at) = lot;
        let written: i64 = self
            .conn
            .prepare_cached(
                "SELECT IFNULL(-SUM(points), 0) FROM ledger WHERE corrects_id = ?1 AND kind = 'points_expire'",
            )?
            .query_row([lot_id], |r| r.get(0))?;
        if written > 0 {
            return Ok(written);
        }
        let expires_by_t = program_id
            .and_then(|p| self.programs.get(&p))
            .and_then(|p| p.points_expire_days)
            .is_some_and(|d| available_at + Duration::days(d) <= t);
        if !expires_by_t {
            return Ok(0);
        }
        let (rows, _) = self.points_rows(member_id)?;
        Ok(expiries_due(&rows, &self.expire_days(), t)
            .iter()
            .filter(|x| x.lot_id == lot_id)
            .map(|x| -x.points)
            .sum())
    }

    /// Every program's points expiry days.
    pub fn expire_days(&self) -> HashMap<i64, i64> {
        self.programs
            .values()
            .filter_map(|p| p.points_expire_days.map(|d| (p.id, d)))
            .collect()
    }
}

/// [`plan_expiries`] with each program's expiry days (`Engine::expire_days`).
fn expiries_due(rows: &[PointsRow], days: &HashMap<i64, i64>, as_of: DateTime<Utc>) -> Vec<Expiry> {
    plan_expiries(rows, |p| p.and_then(|p| days.get(&p).copied()), as_of)
}
