//! Settle, big runs without an affiliate window: orders carrying a code are settled referrer by
//! referrer instead of all in time order (points, if any, follow in their own pass).
//!
//! Every rule that reads what the run itself wrote (the referral count behind tiers, monthly
//! caps) reads it per code owner and program; the fraud signals and the first-order check read
//! only imported orders and returns. So settling each owner's orders in time order, one owner
//! after the other, writes the same rows as settling all orders in time order (a property test
//! checks it against per-order settling in steps). It reads each code's orders straight from the
//! (code_id, ordered_at) index, with no sort, and holds one owner's lookups at a time.

use super::{Engine, Result, State};
use rusqlite::params;

/// The columns `Engine::order` reads, of one code's undecided orders in time order.
const ORDERS_OF_CODE: &str =
    "SELECT id, order_id, customer_email, customer_phone, customer_name, amount_minor, currency,
            ordered_at, delivered_at, cancelled, code_id, code_status, customer_key
     FROM orders INDEXED BY orders_code_time
     WHERE code_id = ?4 AND code_status IS NULL AND history_only = 0 AND ordered_at <= ?1
       AND (ordered_at > ?2 OR id > ?3)
     ORDER BY ordered_at, id";

impl Engine<'_> {
    pub(super) fn orders_by_referrer(&mut self, a: &str, state: &State) -> Result<()> {
        // Each owner's codes in a program, owners taken in the order of their first code.
        let mut groups: Vec<((i64, i64), Vec<i64>)> = self
            .member_codes
            .iter()
            .map(|(&k, codes)| (k, codes.clone()))
            .collect();
        groups.sort_unstable_by_key(|(_, codes)| codes[0]);
        let conn = self.conn;
        for ((member, program), codes) in groups {
            self.code_orders.clear();
            for &code in &codes {
                self.load_code_orders(Some(code))?;
            }
            let (mut cached, mut owned);
            let mut rows = if let [code] = codes[..] {
                cached = conn.prepare_cached(ORDERS_OF_CODE)?;
                cached.query(params![a, state.as_of, state.max_order, code])?
            } else {
                // An owner with several codes in the program: their orders merged in time order.
                let list: Vec<String> = codes.iter().map(i64::to_string).collect();
                let sql = ORDERS_OF_CODE
                    .replace("INDEXED BY orders_code_time", "")
                    .replace("code_id = ?4", &format!("code_id IN ({})", list.join(", ")));
                owned = conn.prepare(&sql)?;
                owned.query(params![a, state.as_of, state.max_order])?
            };
            while let Some(r) = rows.next()? {
                self.order(r, true, &[], &[])?;
            }
            drop(rows);
            self.referred.remove(&(member, program));
        }
        self.code_orders.clear();
        Ok(())
    }
}
