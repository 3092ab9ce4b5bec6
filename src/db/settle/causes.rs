//! Settle, big first runs: the ledger's UNIQUE cause index (`ledger_cause`, the last guard
//! against counting a reward twice) is built once after the orders phase instead of kept up to
//! date by an insert per reward in random key order (1M orders: 2.60 -> 2.45 s, medians of 4).
//!
//! While it is away, the causes of the rewards the ledger held before are remembered here, so
//! that a reward written by an earlier run (an order judged again, e.g. after a run at a past
//! as-of) is still not written twice. The orders phase writes only rewards caused by orders
//! (`Engine::apply`), so only those are remembered, and only while they are few: with more, the
//! index stays and refuses duplicates itself. Nothing else in the orders phase writes a cause
//! twice; should it, building the UNIQUE index again fails, and with it the whole run, which
//! rolls back.

use super::Result;
use crate::db::ledger::NewEntry;
use rusqlite::{Connection, OptionalExtension};
use std::collections::HashSet;

/// Most rewards remembered (a few hundred KiB); a ledger holding more keeps `ledger_cause`.
pub(super) const MOST: i64 = 2_000;

/// A reward's cause as `ledger_cause` keys it (cause type `order`): order id, member, program
/// (0 for none), kind.
type Cause = (String, i64, i64, String);

/// The causes of the rewards caused by orders that the ledger held when the run deferred
/// `ledger_cause`.
pub(super) struct KnownCauses(HashSet<Cause>);

impl KnownCauses {
    /// Reads them, unless there are more than [`MOST`].
    pub(super) fn load(conn: &Connection) -> Result<Option<KnownCauses>> {
        let mut stmt = conn.prepare(
            "SELECT cause_id, member_id, IFNULL(program_id, 0), kind FROM ledger
             WHERE cause_type = 'order' LIMIT ?1",
        )?;
        let causes = stmt
            .query_map([MOST + 1], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<rusqlite::Result<HashSet<Cause>>>()?;
        Ok((causes.len() as i64 <= MOST).then_some(KnownCauses(causes)))
    }

    /// Whether the ledger held a row with the cause of `e` before the run.
    pub(super) fn contains(&self, e: &NewEntry) -> bool {
        !self.0.is_empty()
            && e.cause_type == "order"
            && self.0.contains(&(
                e.cause_id.clone(),
                e.member_id,
                e.program_id.unwrap_or(0),
                e.kind.to_string(),
            ))
    }
}

/// A cause the ledger holds more than once, described for a message (what a failed rebuild of
/// `ledger_cause` found).
pub(super) fn duplicated(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT kind || ' of member ' || member_id || ' in program ' || IFNULL(program_id, 0)
                    || ' for ' || cause_type || ' ' || cause_id
             FROM ledger GROUP BY cause_type, cause_id, member_id, IFNULL(program_id, 0), kind
             HAVING COUNT(*) > 1 LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?)
}
