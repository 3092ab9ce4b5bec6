//! Settle, big runs: which orders are their customer's first, from one walk of the customer
//! index instead of a look-up per referral order.
//!
//! A first-order-only program asks, for each order it judges, whether the customer (canonical
//! mailbox, `orders.customer_key`) ordered anything before it: earlier, or in the same second
//! and imported first (lower row id). Only the customer's first order by (time, row id) has
//! not. A first settle of 1M orders asked 150,000 times, each a random probe of the index
//! (about 1.2 s on the bench machine); walking the index once in its own order costs about
//! 0.25 s, and the answer for every order fits in one bit per row id (1M orders: 125 KiB).

use super::Result;
use rusqlite::Connection;

/// The row ids of the orders that are their customer's first.
pub(super) struct FirstOrders {
    bits: Vec<u64>,
}

impl FirstOrders {
    /// Walks every order by customer, time and row id (`orders_customer_key`, whose entries end
    /// with the row id, read in its own order); `max_id`: the largest order row id, which sizes
    /// the bits.
    pub(super) fn load(conn: &Connection, max_id: i64) -> Result<FirstOrders> {
        let mut bits = vec![0u64; usize::try_from(max_id).unwrap_or(0) / 64 + 1];
        let mut stmt = conn.prepare(
            "SELECT id, customer_key FROM orders INDEXED BY orders_customer_key
             ORDER BY customer_key, ordered_at, id",
        )?;
        let mut rows = stmt.query([])?;
        // The customer being walked (None before the first, so that an empty key is a
        // customer too): only the first row of each is marked.
        let mut key: Option<Vec<u8>> = None;
        while let Some(r) = rows.next()? {
            let k = r.get_ref(1).and_then(|v| Ok(v.as_bytes()?))?;
            if key.as_deref() == Some(k) {
                continue;
            }
            key = Some(k.to_vec());
            let id: i64 = r.get(0)?;
            if let Some(word) = usize::try_from(id).ok().and_then(|i| bits.get_mut(i / 64)) {
                *word |= 1 << (id % 64);
            }
        }
        Ok(FirstOrders { bits })
    }

    /// Whether the customer of order `id` had ordered before it (any order, earlier or in the
    /// same second with a lower row id).
    pub(super) fn ordered_before(&self, id: i64) -> bool {
        let first = usize::try_from(id)
            .ok()
            .and_then(|i| self.bits.get(i / 64))
            .is_some_and(|word| word & (1 << (id % 64)) != 0);
        !first
    }
}
