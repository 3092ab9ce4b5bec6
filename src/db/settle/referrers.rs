//! Settle, big runs: orders that can earn a referral or commission are settled referrer by
//! referrer instead of all in time order (points, if any, follow in their own pass).
//!
//! Every rule that reads what the run itself wrote (the referral count behind tiers, monthly
//! caps) reads it per code owner and program; the fraud signals, the first-order check and a
//! window program's first referred order read only imported orders and returns. So settling
//! each owner's orders in time order, one owner after the other, writes the same rows as
//! settling all orders in time order (property tests check it against per-order settling in
//! steps). An owner's orders are those carrying one of their codes, read straight from the
//! (code_id, ordered_at) index, and, in a window program, the later orders of the customers
//! whose first referred order in the program came through one of those codes, read from the
//! customer index. Only one owner's look-ups are held at a time.

use super::first_orders::FirstOrders;
use super::{CodeOrder, Engine, ORDER_COLUMNS, OrderRow, Result, State, key_hash, max_id, secs};
use crate::core::rules::ProgramKind;
use rusqlite::{OptionalExtension, params};
use std::collections::{HashMap, HashSet};

/// Every order of one code in time order, and (for a referral code: the fraud signals read it)
/// its first return.
const ALL_OF_CODE: &str =
    "SELECT {COLUMNS}, {FIRST_RETURN} FROM orders o INDEXED BY orders_code_time
     WHERE code_id = ?1 ORDER BY ordered_at, id";
const FIRST_RETURN: &str =
    "(SELECT MIN(r.returned_at) FROM returns r WHERE r.order_id = o.order_id)";

/// A customer's first order through a code of program ?2, at any time.
const FIRST_REFERRED: &str = first_referred_sql!("");

/// A customer's undecided, not cancelled orders placed after ?2, in time order.
const LATER_ORDERS: &str = "SELECT {COLUMNS} FROM orders
     WHERE customer_key = ?1 AND ordered_at > ?2 AND cancelled = 0 AND history_only = 0
       AND ordered_at <= ?3 AND (ordered_at > ?4 OR id > ?5)
     ORDER BY ordered_at, id";

const BY_ID: &str = "SELECT {COLUMNS} FROM orders WHERE id = ?1";

/// At most this many of one owner's undecided orders are held whole (a few MiB); past it, an
/// order is held as its id and read again when its turn comes.
pub(super) const HELD_ORDERS: usize = 10_000;

/// An owner's undecided order, waiting for its turn (time order).
struct Pending {
    at: i64,
    id: i64,
    /// The window program's code it is attributed through; 0 for an order carrying the code.
    window_code: i64,
    /// Its index in the rows held whole, or `usize::MAX` when only the id is.
    row: usize,
}

/// One owner's undecided orders.
struct Queue {
    rows: Vec<OrderRow>,
    pending: Vec<Pending>,
    held: usize,
}

impl Queue {
    /// Queues an order placed at `at` (Unix seconds).
    fn push(&mut self, row: OrderRow, at: i64, window_code: i64) {
        let id = row.id;
        let index = if self.rows.len() < self.held {
            self.rows.push(row);
            self.rows.len() - 1
        } else {
            usize::MAX
        };
        self.pending.push(Pending {
            at,
            id,
            window_code,
            row: index,
        });
    }
}

impl Engine<'_> {
    pub(super) fn orders_by_referrer(
        &mut self,
        a: &str,
        state: &State,
        window_programs: &[i64],
    ) -> Result<()> {
        // Each owner's codes in a program, owners taken in the order of their first code.
        let mut groups: Vec<((i64, i64), Vec<i64>)> = self
            .member_codes
            .iter()
            .map(|(&k, codes)| (k, codes.clone()))
            .collect();
        groups.sort_unstable_by_key(|(_, codes)| codes[0]);
        let conn = self.conn;
        if self.first_orders.is_none() && self.judges_first_orders(&groups) {
            // Walking every order once beats a look-up per order when at least a tenth of the
            // orders are new since the last run (a first settle: all of them).
            let stored = max_id(conn, "orders")?;
            if (stored - state.max_order).saturating_mul(10) >= stored {
                self.first_orders = Some(FirstOrders::load(conn, stored)?);
            }
        }
        let all_of_code = |referral: bool| {
            ALL_OF_CODE.replace("{COLUMNS}", ORDER_COLUMNS).replace(
                "{FIRST_RETURN}",
                if referral { FIRST_RETURN } else { "NULL" },
            )
        };
        let (all_referral, all_other) = (all_of_code(true), all_of_code(false));
        let later_orders = LATER_ORDERS.replace("{COLUMNS}", ORDER_COLUMNS);
        let by_id = BY_ID.replace("{COLUMNS}", ORDER_COLUMNS);
        let undecided = |r: &OrderRow| {
            r.code_ok
                && !r.history_only
                && r.ordered_at.as_str() <= a
                && (r.ordered_at > state.as_of || r.id > state.max_order)
        };
        for ((member, program), codes) in groups {
            let referral = self
                .programs
                .get(&program)
                .is_some_and(|p| p.kind == ProgramKind::Referral);
            let window = window_programs.contains(&program);
            // One read of the owner's orders: the fraud signals' lists (referral programs), the
            // undecided orders, and (window programs) the customers they may have referred.
            self.code_orders.clear();
            let mut queue = Queue {
                rows: Vec::new(),
                pending: Vec::new(),
                held: self.held_orders,
            };
            let mut customers: HashSet<String> = HashSet::new();
            for &code in &codes {
                let sql = if referral { &all_referral } else { &all_other };
                let mut stmt = conn.prepare_cached(sql)?;
                let mut rows = stmt.query([code])?;
                while let Some(r) = rows.next()? {
                    let row = OrderRow::read(r)?;
                    let at = secs(&row.ordered_at)?;
                    if referral && !row.cancelled {
                        let first_return: Option<String> = r.get(14)?;
                        let order = CodeOrder {
                            at,
                            email: key_hash(&row.customer_email),
                            counted: row.code_ok && !row.history_only,
                            first_return: first_return
                                .as_deref()
                                .map(secs)
                                .transpose()?
                                .unwrap_or(i64::MAX),
                        };
                        self.code_orders.entry(code).or_default().push(order);
                    }
                    if window && row.code_ok && !row.cancelled && !row.history_only {
                        customers.insert(row.key.clone());
                    }
                    if undecided(&row) {
                        queue.push(row, at, 0);
                    }
                }
            }
            if window {
                // The customers whose first referred order in the program came through one of
                // the owner's codes: their later orders without a code of the program earn here.
                let mut keys: Vec<String> = customers.into_iter().collect();
                keys.sort_unstable();
                let mut firsts: HashMap<String, (String, i64, i64)> = HashMap::new();
                for key in keys {
                    let first: Option<(String, i64, i64)> = conn
                        .prepare_cached(FIRST_REFERRED)?
                        .query_row(params![key, program], |r| {
                            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                        })
                        .optional()?;
                    let Some(first) = first else { continue };
                    if codes.contains(&first.1) {
                        let mut stmt = conn.prepare_cached(&later_orders)?;
                        let mut rows =
                            stmt.query(params![key, first.0, a, state.as_of, state.max_order])?;
                        while let Some(r) = rows.next()? {
                            let row = OrderRow::read(r)?;
                            if !self.carries_code_of(&row, program) {
                                let at = secs(&row.ordered_at)?;
                                queue.push(row, at, first.1);
                            }
                        }
                    }
                    firsts.insert(key, first);
                }
                self.first_referred.insert(program, firsts);
            }
            queue.pending.sort_unstable_by_key(|p| (p.at, p.id));
            for p in &queue.pending {
                let fetched;
                let row = if p.row == usize::MAX {
                    fetched = conn
                        .prepare_cached(&by_id)?
                        .query_row([p.id], OrderRow::read)?;
                    &fetched
                } else {
                    &queue.rows[p.row]
                };
                if p.window_code == 0 {
                    self.order(row, true, &[], &[])?;
                } else {
                    let o = row.order()?;
                    self.referral(row, &o, p.window_code, program, member)?;
                }
            }
            self.referred.remove(&(member, program));
            self.first_referred.remove(&program);
        }
        self.code_orders.clear();
        self.first_orders = None;
        Ok(())
    }

    /// Whether a program of these owners rewards first orders only ([`FirstOrders`]).
    fn judges_first_orders(&self, groups: &[((i64, i64), Vec<i64>)]) -> bool {
        groups.iter().any(|((_, program), _)| {
            self.programs
                .get(program)
                .is_some_and(|p| p.kind != ProgramKind::Points && p.first_order_only)
        })
    }

    /// Whether the order carries a valid code of the program (then its code's owner settles it).
    fn carries_code_of(&self, row: &OrderRow, program: i64) -> bool {
        self.code_of(row)
            .is_some_and(|(_, (pid, _))| pid == program)
    }
}
