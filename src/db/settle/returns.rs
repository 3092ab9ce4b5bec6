//! Settle, returns: each return reverses its share of every reward of its order.

use super::{Engine, Result, RewardRow, State, time};
use crate::core::rules;
use crate::core::time::to_db;
use crate::db::ledger::{NewEntry, insert};
use rusqlite::{OptionalExtension, params};

impl Engine<'_> {
    pub(super) fn returns(&mut self, a: &str, state: &State) -> Result<()> {
        let conn = self.conn;
        let mut stmt = conn.prepare(
            "SELECT order_id FROM returns
             WHERE returned_at <= ?1 AND (returned_at > ?2 OR id > ?3)
             ORDER BY returned_at, id",
        )?;
        // One return at a time: collecting their order ids first grew with the returns (5M
        // orders, 250k returns: ~10 MiB). Reversals write only ledger rows, never returns.
        let mut rows = stmt.query(params![a, state.as_of, state.max_return])?;
        while let Some(r) = rows.next()? {
            let order_id: String = r.get(0)?;
            self.reverse_order(&order_id, a)?;
        }
        Ok(())
    }

    /// Writes the reversals due for every return of `order_id` up to `upto` (idempotent: each
    /// return reverses each reward once). Used by settle and when a held reward is approved.
    pub fn reverse_order(&mut self, order_id: &str, upto: &str) -> Result<()> {
        let c = self.conn;
        // The rewards first: most returned orders earned nothing, and their rewards are a probe
        // of a small index where the order's amount is a read of a large table (1M orders,
        // 50,000 returns: 0.3 s less).
        let rewards: Vec<RewardRow> = c
            .prepare_cached(
                "SELECT id, member_id, program_id, currency, amount_minor, points, available_at FROM ledger
                 WHERE order_id = ?1 AND cause_type = 'order' AND kind IN ('accrual', 'points_earn')
                 ORDER BY id",
            )?
            .query_map([order_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        if rewards.is_empty() {
            return Ok(());
        }
        let order_amount: Option<i64> = c
            .prepare_cached("SELECT amount_minor FROM orders WHERE order_id = ?1")?
            .query_row([order_id], |r| r.get(0))
            .optional()?;
        let Some(order_amount) = order_amount else {
            return Ok(());
        };
        let returns: Vec<(String, i64, String)> = c
            .prepare_cached(
                "SELECT return_key, amount_minor, returned_at FROM returns
                 WHERE order_id = ?1 AND returned_at <= ?2 ORDER BY returned_at, id",
            )?
            .query_map(params![order_id, upto], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        for (lid, member_id, program_id, currency, amount, points, avail) in rewards {
            let accrued = if points != 0 { points } else { amount };
            let mut reversed: i64 = c
                .prepare_cached(
                    "SELECT IFNULL(SUM(amount_minor + points), 0) FROM ledger WHERE corrects_id = ?1 AND kind = 'reversal'",
                )?
                .query_row([lid], |r| r.get(0))?;
            // Returns already reversed count first, whatever their time; the sum of reversals
            // always equals round(accrued * (returns considered) / order amount).
            let mut todo = Vec::new();
            let mut cumulative = 0;
            for ret in &returns {
                let exists: bool = c
                    .prepare_cached(
                        "SELECT EXISTS(SELECT 1 FROM ledger WHERE cause_type = 'return' AND cause_id = ?1
                           AND member_id = ?2 AND IFNULL(program_id, 0) = IFNULL(?3, 0) AND kind = 'reversal')",
                    )?
                    .query_row(params![ret.0, member_id, program_id], |r| r.get(0))?;
                if exists {
                    cumulative += ret.1;
                } else {
                    todo.push(ret);
                }
            }
            for (key, ret_amount, returned_at) in todo {
                cumulative += ret_amount;
                let mut due = rules::reversal(accrued, order_amount, cumulative, reversed);
                let rt = time(returned_at)?;
                // Points of the lot that expired by the return (or whose expiry is already
                // written) are gone: only the rest can be taken back, else a return would
                // take them twice, from the member's other points.
                let mut gone = 0;
                if points != 0 && due != 0 {
                    gone = self.expired_of_lot(member_id, (lid, program_id, time(&avail)?), rt)?;
                    due = due.max(-(accrued - gone + reversed).max(0));
                }
                if due == 0 {
                    continue;
                }
                let e = NewEntry {
                    member_id,
                    program_id,
                    kind: "reversal",
                    currency: currency.clone(),
                    amount_minor: if points != 0 { 0 } else { due },
                    points: if points != 0 { due } else { 0 },
                    effective_at: returned_at.clone(),
                    available_at: to_db(rules::reversal_available_at(rt, time(&avail)?)),
                    cause_type: "return",
                    cause_id: key.clone(),
                    order_id: Some(order_id.to_string()),
                    corrects_id: Some(lid),
                    rule: Some({
                        let mut rule = serde_json::json!({
                            "accrued": accrued, "order_amount_minor": order_amount,
                            "returned_cumulative_minor": cumulative.min(order_amount),
                            "reversed_before": reversed,
                            "formula": "-(round(accrued * returned_cumulative / order_amount) - reversed_before)"
                        });
                        if gone > 0 {
                            rule["expired_before"] = gone.into();
                            rule["at_most"] = "accrued - expired_before + reversed_before".into();
                        }
                        rule.to_string()
                    }),
                    note: None,
                };
                if insert(c, self.run_id, &self.created_at, &e)?.is_some() {
                    self.counts.reversed += 1;
                    reversed += due;
                }
            }
        }
        Ok(())
    }
}
