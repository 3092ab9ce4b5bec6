//! Settle, loading and totals: programs with their tiers and events, and pending/available sums.

use super::{EngineError, Result, time};
use crate::core::money::Currency;
use crate::core::rules::{Program, ProgramKind, Reward};
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Every program, with tiers and pause/resume/end events, by id.
pub fn load_programs(conn: &Connection) -> Result<HashMap<i64, Program>> {
    let mut out = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT id, name, kind, currency, reward_kind, reward_value, friend_reward_kind,
                friend_reward_value, min_order_minor, first_order_only, window_days, hold_days,
                cap_count, cap_amount_minor, points_per_unit, points_expire_days, starts_at, ends_at
         FROM programs",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let kind: String = r.get(2)?;
        let currency: String = r.get(3)?;
        let scale = Currency::from_code(&currency)
            .map_err(|e| EngineError::BadData(e.to_string()))?
            .scale();
        let reward = match (r.get::<_, Option<String>>(4)?, r.get::<_, Option<i64>>(5)?) {
            (Some(k), Some(v)) => Reward::from_parts(&k, v),
            _ => None,
        };
        let friend = match (r.get::<_, Option<String>>(6)?, r.get::<_, Option<i64>>(7)?) {
            (Some(k), Some(v)) => Some((k, v)),
            _ => None,
        };
        let opt_time = |i: usize| -> Result<Option<DateTime<Utc>>> {
            r.get::<_, Option<String>>(i)?.map(|s| time(&s)).transpose()
        };
        let p = Program {
            id: r.get(0)?,
            name: r.get(1)?,
            kind: match kind.as_str() {
                "referral" => ProgramKind::Referral,
                "affiliate" => ProgramKind::Affiliate,
                _ => ProgramKind::Points,
            },
            currency,
            scale,
            reward,
            friend_reward: friend,
            min_order_minor: r.get(8)?,
            first_order_only: r.get::<_, i64>(9)? != 0,
            window_days: r.get(10)?,
            hold_days: r.get(11)?,
            cap_count: r.get(12)?,
            cap_amount_minor: r.get(13)?,
            tiers: vec![],
            points_per_unit: r.get(14)?,
            points_expire_days: r.get(15)?,
            starts_at: opt_time(16)?,
            ends_at: opt_time(17)?,
            events: vec![],
        };
        out.insert(p.id, p);
    }
    let mut stmt = conn
        .prepare("SELECT program_id, from_count, reward_kind, reward_value FROM program_tiers")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let kind: String = r.get(2)?;
        if let (Some(p), Some(rw)) = (out.get_mut(&id), Reward::from_parts(&kind, r.get(3)?)) {
            p.tiers.push((r.get(1)?, rw));
        }
    }
    let mut stmt =
        conn.prepare("SELECT program_id, event, at FROM program_events ORDER BY at, id")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let at: String = r.get(2)?;
        if let Some(p) = out.get_mut(&id) {
            p.events.push((r.get(1)?, time(&at)?));
        }
    }
    Ok(out)
}

/// Pending and available money per currency as of `as_of`.
#[derive(Debug, Clone, Serialize)]
pub struct Total {
    pub currency: String,
    pub pending: String,
    pub available: String,
    pub pending_minor: i64,
    pub available_minor: i64,
}

/// Summed here rather than by a GROUP BY: SQLite would sort every ledger row by currency first,
/// in as much memory as the page cache may take (1M orders: 8 MiB, half of a first settle's
/// peak heap).
pub fn totals(conn: &Connection, as_of: &str) -> Result<Vec<Total>> {
    let mut stmt = conn.prepare(
        "SELECT currency, available_at > ?1, amount_minor FROM ledger
         WHERE currency IS NOT NULL AND effective_at <= ?1",
    )?;
    let mut sums: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    let mut rows = stmt.query([as_of])?;
    while let Some(r) = rows.next()? {
        let (pending, amount): (bool, i64) = (r.get(1)?, r.get(2)?);
        let currency = r.get_ref(0)?;
        let currency = currency
            .as_str()
            .map_err(|e| EngineError::BadData(e.to_string()))?;
        let sum = match sums.get_mut(currency) {
            Some(sum) => sum,
            None => sums.entry(currency.to_string()).or_default(),
        };
        let slot = if pending { &mut sum.0 } else { &mut sum.1 };
        *slot = slot
            .checked_add(amount)
            .ok_or_else(|| EngineError::BadData(format!("the {currency} total overflows")))?;
    }
    let mut out = Vec::new();
    for (currency, (pending, available)) in sums {
        let cur =
            Currency::from_code(&currency).map_err(|e| EngineError::BadData(e.to_string()))?;
        out.push(Total {
            pending: crate::core::money::format_minor(pending, cur),
            available: crate::core::money::format_minor(available, cur),
            currency,
            pending_minor: pending,
            available_minor: available,
        });
    }
    Ok(out)
}
