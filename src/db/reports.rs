//! Report queries: the facts `core::report` aggregates (orders in a window with their
//! referral, ledger rows as of a date), program and member details, and fraud findings.
//! See `core::report` for what each measure means.

use crate::core::fraud::{VELOCITY_CUSTOMERS_24H, is_velocity_reason};
use crate::core::report::{
    LedgerFact, OrderSums, ProgramOrderFacts, ReferredOrder, ReferredTotals,
};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::{BTreeMap, BTreeSet};

/// A program as reports show it.
#[derive(Debug, Clone)]
pub struct ProgramInfo {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub currency: String,
    pub point_value_minor: Option<i64>,
    /// Codes created in the window.
    pub codes_issued: i64,
}

/// Programs (one, or all), with the number of codes created in the window.
pub fn programs(
    conn: &Connection,
    only: Option<i64>,
    from: &str,
    to: &str,
) -> rusqlite::Result<Vec<ProgramInfo>> {
    let mut stmt = conn.prepare(
        "SELECT p.id, p.name, p.kind, p.currency, p.point_value_minor,
                (SELECT COUNT(*) FROM codes c WHERE c.program_id = p.id AND c.created_at >= ?2 AND c.created_at <= ?3)
         FROM programs p WHERE (?1 IS NULL OR p.id = ?1) ORDER BY p.name",
    )?;
    let rows = stmt.query_map(params![only, from, to], |r| {
        Ok(ProgramInfo {
            id: r.get(0)?,
            name: r.get(1)?,
            kind: r.get(2)?,
            currency: r.get(3)?,
            point_value_minor: r.get(4)?,
            codes_issued: r.get(5)?,
        })
    })?;
    rows.collect()
}

/// Per program (one, or all): the members holding a code of it created by `to` (conversion's
/// denominator starts from these, see `core::report`).
pub fn code_holders(
    conn: &Connection,
    only: Option<i64>,
    to: &str,
) -> rusqlite::Result<BTreeMap<i64, BTreeSet<i64>>> {
    let mut stmt = conn.prepare(
        "SELECT DISTINCT program_id, member_id FROM codes
         WHERE (?1 IS NULL OR program_id = ?1) AND created_at <= ?2",
    )?;
    let mut out: BTreeMap<i64, BTreeSet<i64>> = BTreeMap::new();
    let mut rows = stmt.query(params![only, to])?;
    while let Some(r) = rows.next()? {
        out.entry(r.get(0)?).or_default().insert(r.get(1)?);
    }
    Ok(out)
}

/// A read transaction on the report's connection, so that all of a report's queries read one
/// state of the database; and, when asked and it could be had, a second connection reading
/// the very same snapshot, for reading in two threads. Dropping it ends the first read
/// transaction; the second connection ends its own when it is dropped.
///
/// Two connections read one snapshot only if nothing commits between their starts. The
/// report's connection starts reading, the second one starts, then the first starts again:
/// if `PRAGMA data_version` (which moves when another connection commits) did not move
/// between its two starts, nothing committed, and the second started on that very state.
/// Otherwise (an import or a settle committed just then), or for a database without a file,
/// there is no second connection and the report reads in one thread, still from one snapshot.
/// No lock is taken: writers never wait for a report.
pub struct ReadSnapshot<'c> {
    conn: &'c Connection,
    pub second: Option<Connection>,
}

impl<'c> ReadSnapshot<'c> {
    /// Begins reading; with `two`, tries for the second connection. No statement of `conn` may
    /// be part-way through its rows: SQLite would keep its read transaction open across the
    /// ROLLBACK, and `conn` would stay on its first state while the second connection reads a
    /// later one.
    pub fn begin(conn: &'c Connection, two: bool) -> rusqlite::Result<Self> {
        Self::begin_with(conn, two, || {}, || {})
    }

    /// [`ReadSnapshot::begin`], running `before` just before the second connection starts
    /// reading and `after` just after it (where a commit makes the two differ: for tests).
    fn begin_with(
        conn: &'c Connection,
        two: bool,
        before: impl FnOnce(),
        after: impl FnOnce(),
    ) -> rusqlite::Result<Self> {
        start_reading(conn)?;
        let mut snapshot = ReadSnapshot { conn, second: None };
        let Some(path) = conn.path().filter(|p| two && !p.is_empty()) else {
            return Ok(snapshot);
        };
        let version = data_version(conn)?;
        // Without a second connection the report is still right, only slower.
        let Ok(second) = super::open_second(path).and_then(|b| {
            before();
            start_reading(&b)?;
            after();
            Ok(b)
        }) else {
            return Ok(snapshot);
        };
        conn.execute_batch("ROLLBACK")?;
        start_reading(conn)?;
        if data_version(conn)? == version {
            snapshot.second = Some(second);
        }
        Ok(snapshot)
    }
}

impl Drop for ReadSnapshot<'_> {
    fn drop(&mut self) {
        // A read transaction: nothing to keep, nothing to lose.
        let _ = self.conn.execute_batch("ROLLBACK");
    }
}

/// A number that changes when another connection commits (SQLite's `data_version`).
fn data_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA data_version", [], |r| r.get(0))
}

/// Begins a read transaction and makes it read, which fixes its snapshot.
fn start_reading(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch("BEGIN")?;
    conn.query_row("SELECT COUNT(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })?;
    Ok(())
}

/// Referred orders (see `core::report`: non-cancelled, non-history orders carrying a code of a
/// program that earned a reward for that program, as an accrual or points row or a held or
/// approved review) placed in [from, to], per program and currency: count, first orders of
/// their customer (canonical mailbox, `orders.customer_key`, as settle judges first orders),
/// and net amount (returns dated by `to` deducted). Driven by the rewarded orders (CROSS JOIN
/// fixes that order: left to itself, SQLite may scan every order and probe the rewarded ones),
/// so it reads only those orders, whatever the size of the orders table; they are sorted by
/// customer before looking for earlier orders, so that those look-ups walk the customer index
/// (`orders_customer_key`) in order instead of reading a random page each.
///
/// These per-order look-ups are most of a report summary's time. Given a `second` connection
/// on the same snapshot ([`ReadSnapshot`]), the rewarded orders are split at their median
/// order id and the two halves are read in two threads; an order's earlier orders are looked
/// for in the whole table either way (1M orders, 143k rewarded: 0.55 -> 0.37 s on 2 cores).
pub fn referred_totals(
    conn: &Connection,
    second: Option<Connection>,
    from: &str,
    to: &str,
) -> rusqlite::Result<Vec<ReferredTotals>> {
    let split = match second {
        Some(b) => median_earned(conn)?.map(|key| (b, key)),
        None => None,
    };
    let Some((b, key)) = split else {
        return referred_part(conn, from, to, Part::All);
    };
    std::thread::scope(|scope| {
        let upper = &key;
        let theirs = scope.spawn(move || referred_part(&b, from, to, Part::From(upper)));
        let mine = referred_part(conn, from, to, Part::Below(&key));
        let theirs = joined(theirs);
        let mut out = mine?;
        out.extend(theirs?);
        Ok(out)
    })
}

/// What the other thread returned; its panic, raised again here.
fn joined<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    match handle.join() {
        Ok(r) => r,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// The median order id of the orders behind rewards (None without any).
fn median_earned(conn: &Connection) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT order_id FROM ledger INDEXED BY ledger_earned
          WHERE order_id IS NOT NULL AND kind IN ('accrual', 'points_earn')
          ORDER BY order_id
          LIMIT 1 OFFSET (SELECT COUNT(*) / 2 FROM ledger INDEXED BY ledger_earned
                           WHERE order_id IS NOT NULL AND kind IN ('accrual', 'points_earn'))",
        [],
        |r| r.get(0),
    )
    .optional()
}

/// Which rewarded orders a part reads, by order id.
enum Part<'k> {
    All,
    Below(&'k str),
    From(&'k str),
}

/// [`referred_totals`] over the rewarded orders of one part.
fn referred_part(
    conn: &Connection,
    from: &str,
    to: &str,
    part: Part,
) -> rusqlite::Result<Vec<ReferredTotals>> {
    let (bound, key) = match part {
        Part::All => ("", ""),
        Part::Below(k) => ("AND order_id < ?3", k),
        Part::From(k) => ("AND order_id >= ?3", k),
    };
    let sql = format!(
        "{}
         SELECT program_id, currency, COUNT(*), SUM({FIRST_ORDER}), SUM(amount - refunded)
         FROM referred f GROUP BY program_id, currency",
        referred_cte(bound)
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let map = |r: &rusqlite::Row| {
        Ok(ReferredTotals {
            program_id: r.get(0)?,
            currency: r.get(1)?,
            orders: r.get(2)?,
            new_customers: r.get(3)?,
            net: r.get(4)?,
        })
    };
    match part {
        Part::All => stmt.query_map(params![from, to], map)?.collect(),
        _ => stmt.query_map(params![from, to, key], map)?.collect(),
    }
}

/// The referred orders of [`referred_totals`] as the table `referred` (program_id,
/// referrer_id, currency, customer_key, ordered_at, id, amount, refunded: returns dated by
/// `to`), sorted by customer; `bound` narrows the rewarded orders by order id (`?3`). Binds
/// `?1` and `?2` to from and to.
fn referred_cte(bound: &str) -> String {
    format!(
        "WITH earned(order_id, program_id) AS (
             SELECT order_id, program_id FROM ledger
              WHERE order_id IS NOT NULL AND kind IN ('accrual', 'points_earn') {bound}
             UNION
             SELECT order_id, program_id FROM reviews
              WHERE order_id IS NOT NULL AND status IN ('held', 'approved') {bound}),
         referred(program_id, referrer_id, currency, customer_key, ordered_at, id, amount,
                  refunded)
         AS MATERIALIZED (
             SELECT c.program_id, c.member_id, o.currency, o.customer_key, o.ordered_at, o.id,
                    o.amount_minor, {REFUNDED}
             FROM earned x CROSS JOIN orders o CROSS JOIN codes c
             WHERE o.order_id = x.order_id AND c.id = o.code_id AND c.program_id = x.program_id
               AND {IN_WINDOW}
             ORDER BY o.customer_key)"
    )
}

/// Whether the order `o` counts in a report's window: not cancelled, not history-only, placed
/// in [?1, ?2].
const IN_WINDOW: &str = "o.cancelled = 0 AND o.history_only = 0
                         AND o.ordered_at >= ?1 AND o.ordered_at <= ?2";

/// What of the order `o` was returned by ?2 (the sum of its returns).
const REFUNDED: &str = "(SELECT IFNULL(SUM(r.amount_minor), 0) FROM returns r
                          WHERE r.order_id = o.order_id AND r.returned_at <= ?2)";

/// Whether the referred order `f` was its customer's first (no earlier order, any kind).
const FIRST_ORDER: &str = "NOT EXISTS (SELECT 1 FROM orders e WHERE e.customer_key = f.customer_key
                             AND e.ordered_at <= f.ordered_at
                             AND (e.ordered_at < f.ordered_at OR e.id < f.id))";

/// Each referred order of [`referred_totals`] with its referrer, one at a time (in customer
/// order), without holding them: what `report members`, `top` and `monthly` group.
pub fn for_each_referred_order(
    conn: &Connection,
    from: &str,
    to: &str,
    mut each: impl FnMut(ReferredOrder),
) -> rusqlite::Result<()> {
    let sql = format!(
        "{}
         SELECT program_id, referrer_id, currency, ordered_at, {FIRST_ORDER},
                amount - refunded FROM referred f",
        referred_cte("")
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params![from, to])?;
    while let Some(r) = rows.next()? {
        each(ReferredOrder {
            program_id: r.get(0)?,
            referrer_id: r.get(1)?,
            currency: r.get(2)?,
            ordered_at: r.get(3)?,
            first_order: r.get(4)?,
            net: r.get(5)?,
        });
    }
    Ok(())
}

/// The sums `report programs` needs of the orders in [from, to] ([`ProgramOrderFacts`]).
/// Given a `second` connection on the same snapshot ([`ReadSnapshot`]), the totals of all
/// orders are read on a second thread while this one reads the referred orders.
pub fn program_order_facts(
    conn: &Connection,
    second: Option<Connection>,
    from: &str,
    to: &str,
) -> rusqlite::Result<ProgramOrderFacts> {
    let mut facts = ProgramOrderFacts::default();
    let (all, customers) = match second {
        None => {
            referred_facts(conn, from, to, &mut facts)?;
            window_totals(conn, from, to)?
        }
        Some(b) => std::thread::scope(|scope| {
            let theirs = scope.spawn(move || window_totals(&b, from, to));
            let mine = referred_facts(conn, from, to, &mut facts);
            let theirs = joined(theirs);
            mine.and(theirs)
        })?,
    };
    facts.all = all;
    facts.customers = customers;
    Ok(facts)
}

/// Per currency: the sums of all orders, and (net revenue, distinct customers).
type WindowTotals = (BTreeMap<String, OrderSums>, BTreeMap<String, (i64, i64)>);

/// All non-cancelled, non-history orders in [from, to] per currency: their sums, and their
/// net revenue with the number of distinct customers.
///
/// A window holding a good part of the orders is read in one pass over the table (1M orders:
/// 0.3 s); through the time index each order would be a random read (2.7 s). A narrow one
/// (a month of a big shop) is read through the index.
fn window_totals(conn: &Connection, from: &str, to: &str) -> rusqlite::Result<WindowTotals> {
    let (in_window, all_orders): (i64, i64) = conn.query_row(
        "SELECT (SELECT COUNT(*) FROM orders INDEXED BY orders_time
                  WHERE ordered_at >= ?1 AND ordered_at <= ?2),
                (SELECT IFNULL(MAX(id), 0) FROM orders)",
        params![from, to],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let access = if in_window * 8 >= all_orders {
        "NOT INDEXED"
    } else {
        "INDEXED BY orders_time"
    };
    let mut all: BTreeMap<String, OrderSums> = BTreeMap::new();
    let mut customers: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    // Grouped by customer first: a sort, cheaper than COUNT(DISTINCT)'s B-tree (1.4 / 2.3 s).
    let mut stmt = conn.prepare(&format!(
        "SELECT currency, SUM(n), SUM(gross), COUNT(*)
         FROM (SELECT o.currency, COUNT(*) AS n, SUM(o.amount_minor) AS gross
                 FROM orders o {access} WHERE {IN_WINDOW}
                GROUP BY o.currency, o.customer_key)
         GROUP BY currency"
    ))?;
    let mut rows = stmt.query(params![from, to])?;
    while let Some(r) = rows.next()? {
        let cur: String = r.get(0)?;
        let e = all.entry(cur.clone()).or_default();
        e.orders = r.get(1)?;
        e.gross = r.get(2)?;
        customers.insert(cur, (e.gross, r.get(3)?));
    }
    // Returns dated by `to`, per order, then per currency: driven by the returns, which are
    // few beside the orders.
    let mut stmt = conn.prepare(&format!(
        "SELECT o.currency, SUM(t.amount), SUM(t.amount > 0)
         FROM (SELECT order_id, SUM(amount_minor) AS amount FROM returns
                WHERE returned_at <= ?2 GROUP BY order_id) t
         CROSS JOIN orders o
         WHERE o.order_id = t.order_id AND {IN_WINDOW}
         GROUP BY o.currency"
    ))?;
    let mut rows = stmt.query(params![from, to])?;
    while let Some(r) = rows.next()? {
        let cur: String = r.get(0)?;
        let refunded: i64 = r.get(1)?;
        let e = all.entry(cur.clone()).or_default();
        e.refunded = refunded;
        e.orders_refunded = r.get(2)?;
        customers.entry(cur).or_default().0 -= refunded;
    }
    Ok((all, customers))
}

/// The referred orders' part of [`program_order_facts`], in one statement that reads them
/// once: per (program, currency) their sums, their referrers and their customers' revenue;
/// per currency the revenue of the customers any program referred.
fn referred_facts(
    conn: &Connection,
    from: &str,
    to: &str,
    facts: &mut ProgramOrderFacts,
) -> rusqlite::Result<()> {
    let sql = format!(
        "{},
         customer_net(customer_key, currency, net) AS MATERIALIZED (
             SELECT k.customer_key, k.currency,
                    (SELECT IFNULL(SUM(o.amount_minor - {REFUNDED}), 0)
                     FROM orders o
                     WHERE o.customer_key = k.customer_key AND o.currency = k.currency
                       AND {IN_WINDOW})
             FROM (SELECT DISTINCT customer_key, currency FROM referred) k)
         SELECT 'orders', program_id, currency, COUNT(*), SUM(amount), SUM(refunded),
                SUM(refunded > 0), SUM({FIRST_ORDER})
         FROM referred f GROUP BY program_id, currency
         UNION ALL
         SELECT 'referrer', program_id, currency, referrer_id, 0, 0, 0, 0
         FROM referred GROUP BY program_id, currency, referrer_id
         UNION ALL
         SELECT 'customers', p.program_id, p.currency, COUNT(*), SUM(n.net), 0, 0, 0
         FROM (SELECT DISTINCT program_id, currency, customer_key FROM referred) p
         JOIN customer_net n ON n.customer_key = p.customer_key AND n.currency = p.currency
         GROUP BY p.program_id, p.currency
         UNION ALL
         SELECT 'any', NULL, currency, COUNT(*), SUM(net), 0, 0, 0
         FROM customer_net GROUP BY currency",
        referred_cte("")
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params![from, to])?;
    while let Some(r) = rows.next()? {
        let what: String = r.get(0)?;
        let program: Option<i64> = r.get(1)?;
        let cur: String = r.get(2)?;
        let (a, b): (i64, i64) = (r.get(3)?, r.get(4)?);
        match (what.as_str(), program) {
            ("orders", Some(p)) => {
                let sums = OrderSums {
                    orders: a,
                    gross: b,
                    refunded: r.get(5)?,
                    orders_refunded: r.get(6)?,
                    new_customers: r.get(7)?,
                };
                facts.referred.insert((p, cur), sums);
            }
            ("referrer", Some(p)) => {
                facts.referrers.entry((p, cur)).or_default().insert(a);
            }
            ("customers", Some(p)) => {
                facts.referred_customers.insert((p, cur), (b, a));
            }
            ("any", None) => {
                facts.any_referred_customers.insert(cur, (b, a));
            }
            _ => {}
        }
    }
    Ok(())
}

/// Every ledger row effective by `to`; points rows take their program's currency (a points
/// row without a program: the member's only points currency), else `fallback` (the shop's).
/// One row at a time, without holding them.
pub fn for_each_ledger_fact(
    conn: &Connection,
    to: &str,
    fallback: &str,
    mut each: impl FnMut(LedgerFact),
) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare(
        "SELECT l.member_id, l.program_id, l.kind, COALESCE(l.currency, p.currency, (SELECT MIN(q.currency) FROM ledger k
                  JOIN programs q ON q.id = k.program_id WHERE k.member_id = l.member_id
                  AND k.kind = 'points_earn' HAVING COUNT(DISTINCT q.currency) = 1), ?2),
                l.amount_minor, l.points, l.effective_at, l.available_at,
                CASE WHEN l.kind = 'payout' THEN (SELECT b.paid_at FROM payouts b
                  WHERE b.id = CAST(l.cause_id AS INTEGER) AND b.status = 'paid') END
         FROM ledger l LEFT JOIN programs p ON p.id = l.program_id
         WHERE l.effective_at <= ?1",
    )?;
    let mut rows = stmt.query(params![to, fallback])?;
    while let Some(r) = rows.next()? {
        each(LedgerFact {
            member_id: r.get(0)?,
            program_id: r.get(1)?,
            kind: r.get(2)?,
            currency: r.get(3)?,
            amount: r.get(4)?,
            points: r.get(5)?,
            effective_at: r.get(6)?,
            available_at: r.get(7)?,
            batch_paid_at: r.get(8)?,
        });
    }
    Ok(())
}

/// Member id -> (email, name).
pub fn members(conn: &Connection) -> rusqlite::Result<BTreeMap<i64, (String, String)>> {
    let mut stmt = conn.prepare("SELECT id, email, name FROM members")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
    rows.collect()
}

/// Codes held per member (optionally of one program).
pub fn codes_per_member(
    conn: &Connection,
    only: Option<i64>,
) -> rusqlite::Result<BTreeMap<i64, i64>> {
    let mut stmt = conn.prepare(
        "SELECT member_id, COUNT(*) FROM codes WHERE (?1 IS NULL OR program_id = ?1) GROUP BY member_id",
    )?;
    let rows = stmt.query_map([only], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// One fraud finding.
#[derive(Debug, Clone)]
pub struct Finding {
    pub kind: &'static str,
    pub program: Option<String>,
    pub member_email: Option<String>,
    pub code: Option<String>,
    pub order_id: Option<String>,
    pub detail: String,
    pub currency: Option<String>,
    pub amount_minor: Option<i64>,
    pub at: Option<String>,
    /// For a review: held, or approved/rejected with when and the note.
    pub decision: Option<String>,
}

/// Self-referrals blocked (reward skips whose reason names a self-referral); every reward held
/// for review in the window, whatever became of it (held, approved, rejected), with the reason
/// and the decision; and codes with suspicious use in the window: settle's own velocity rule
/// (more than [`VELOCITY_CUSTOMERS_24H`] distinct customers within 24 hours, on a referral
/// program; every code that had a reward held for that reason is listed), used by at least
/// `leak_threshold` distinct customers in the window, mostly refunded (half or more of at least
/// 3 orders), or used while revoked, expired or exhausted.
pub fn fraud(
    conn: &Connection,
    only: Option<i64>,
    from: &str,
    to: &str,
    leak_threshold: i64,
) -> rusqlite::Result<Vec<Finding>> {
    let mut out = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT p.name, m.email, o.code, s.order_id, s.reason, o.currency, o.amount_minor, o.ordered_at
         FROM reward_skips s JOIN programs p ON p.id = s.program_id
         LEFT JOIN members m ON m.id = s.member_id
         LEFT JOIN orders o ON o.order_id = s.order_id
         WHERE (?1 IS NULL OR s.program_id = ?1) AND lower(s.reason) LIKE '%self%'
           AND (o.ordered_at IS NULL OR (o.ordered_at >= ?2 AND o.ordered_at <= ?3))
         ORDER BY o.ordered_at, s.id",
    )?;
    let rows = stmt.query_map(params![only, from, to], |r| {
        Ok(Finding {
            kind: "self_referral_blocked",
            program: r.get(0)?,
            member_email: r.get(1)?,
            code: r.get(2)?,
            order_id: r.get(3)?,
            detail: r.get(4)?,
            currency: r.get(5)?,
            amount_minor: r.get(6)?,
            at: r.get(7)?,
            decision: None,
        })
    })?;
    for f in rows {
        out.push(f?);
    }
    let mut stmt = conn.prepare(
        "SELECT p.name, m.email, o.code, v.order_id, v.reason, v.currency, v.amount_minor, v.effective_at,
                v.status, v.decided_at, v.decision_note, c.id
         FROM reviews v JOIN programs p ON p.id = v.program_id JOIN members m ON m.id = v.member_id
         LEFT JOIN orders o ON o.order_id = v.order_id
         LEFT JOIN codes c ON c.id = o.code_id
         WHERE (?1 IS NULL OR v.program_id = ?1)
           AND v.effective_at >= ?2 AND v.effective_at <= ?3
         ORDER BY v.effective_at, v.id",
    )?;
    // Codes that had a reward held by settle's velocity rule: code id -> how many.
    let mut velocity_held: BTreeMap<i64, i64> = BTreeMap::new();
    let rows = stmt.query_map(params![only, from, to], |r| {
        let status: String = r.get(8)?;
        let decided: Option<String> = r.get(9)?;
        let note: Option<String> = r.get(10)?;
        let decision = match (status.as_str(), decided, note) {
            ("held", _, _) => status.clone(),
            (_, d, n) => {
                let mut t = status.clone();
                if let Some(d) = d {
                    t.push_str(&format!(" {d}"));
                }
                if let Some(n) = n.filter(|n| !n.trim().is_empty()) {
                    t.push_str(&format!(": {n}"));
                }
                t
            }
        };
        let f = Finding {
            kind: "held_for_review",
            program: r.get(0)?,
            member_email: r.get(1)?,
            code: r.get(2)?,
            order_id: r.get(3)?,
            detail: r.get(4)?,
            currency: r.get(5)?,
            amount_minor: r.get(6)?,
            at: r.get(7)?,
            decision: Some(decision),
        };
        Ok((f, r.get::<_, Option<i64>>(11)?))
    })?;
    for row in rows {
        let (f, code_id) = row?;
        if let Some(c) = code_id
            && is_velocity_reason(&f.detail)
        {
            *velocity_held.entry(c).or_default() += 1;
        }
        out.push(f);
    }
    // Per code in the window: orders, customers, refunded, used while invalid, last use, and
    // the most distinct customers in the 24 hours up to any of its orders (settle's signal:
    // non-cancelled orders of the code in (t - 24h, t]).
    let mut stmt = conn.prepare(
        "SELECT c.id, p.name, m.email, c.code, COUNT(*), COUNT(DISTINCT o.customer_email),
                SUM(EXISTS (SELECT 1 FROM returns r WHERE r.order_id = o.order_id AND r.returned_at <= ?3)),
                SUM(o.code_status IS NOT NULL), MAX(o.ordered_at),
                CASE WHEN p.kind = 'referral' THEN MAX((SELECT COUNT(DISTINCT w.customer_email) FROM orders w
                  WHERE w.code_id = o.code_id AND w.cancelled = 0 AND w.ordered_at <= o.ordered_at
                    AND w.ordered_at > strftime('%Y-%m-%dT%H:%M:%SZ', o.ordered_at, '-24 hours'))) ELSE 0 END
         FROM orders o JOIN codes c ON c.id = o.code_id JOIN programs p ON p.id = c.program_id
         JOIN members m ON m.id = c.member_id
         WHERE o.cancelled = 0 AND o.history_only = 0 AND (?1 IS NULL OR c.program_id = ?1)
           AND o.ordered_at >= ?2 AND o.ordered_at <= ?3
         GROUP BY c.id ORDER BY c.code",
    )?;
    let rows = stmt.query_map(params![only, from, to], |r| {
        Ok(CodeUse {
            id: r.get(0)?,
            program: r.get(1)?,
            email: r.get(2)?,
            code: r.get(3)?,
            orders: r.get(4)?,
            customers: r.get(5)?,
            refunded: r.get(6)?,
            invalid: r.get(7)?,
            last: r.get(8)?,
            max_24h: r.get(9)?,
        })
    })?;
    let mut uses: Vec<CodeUse> = rows.collect::<rusqlite::Result<_>>()?;
    // A code settle held for velocity whose orders are no longer counted here (cancelled since)
    // is listed all the same.
    for (&id, _) in velocity_held.iter() {
        if uses.iter().any(|u| u.id == id) {
            continue;
        }
        let u = conn.query_row(
            "SELECT c.id, p.name, m.email, c.code FROM codes c JOIN programs p ON p.id = c.program_id
             JOIN members m ON m.id = c.member_id WHERE c.id = ?1",
            [id],
            |r| {
                Ok(CodeUse {
                    id: r.get(0)?,
                    program: r.get(1)?,
                    email: r.get(2)?,
                    code: r.get(3)?,
                    ..CodeUse::default()
                })
            },
        )?;
        uses.push(u);
    }
    for u in uses {
        let mut why = Vec::new();
        if u.max_24h > VELOCITY_CUSTOMERS_24H {
            why.push(format!(
                "used by {} customers within 24 hours (settle holds above {VELOCITY_CUSTOMERS_24H})",
                u.max_24h
            ));
        }
        if let Some(n) = velocity_held.get(&u.id) {
            why.push(format!("{n} reward(s) held by settle for that"));
        }
        if u.customers >= leak_threshold {
            why.push(format!(
                "used by {} different customers (leaked?)",
                u.customers
            ));
        }
        if u.orders >= 3 && u.refunded * 2 >= u.orders {
            why.push(format!("{} of {} orders refunded", u.refunded, u.orders));
        }
        if u.invalid > 0 {
            why.push(format!(
                "{} order(s) while revoked, expired or used up",
                u.invalid
            ));
        }
        if !why.is_empty() {
            out.push(Finding {
                kind: "suspicious_code",
                program: Some(u.program),
                member_email: Some(u.email),
                code: Some(u.code),
                order_id: None,
                detail: why.join("; "),
                currency: None,
                amount_minor: None,
                at: u.last,
                decision: None,
            });
        }
    }
    Ok(out)
}

/// One code's use in the report window.
#[derive(Debug, Default)]
struct CodeUse {
    id: i64,
    program: String,
    email: String,
    code: String,
    orders: i64,
    customers: i64,
    refunded: i64,
    invalid: i64,
    last: Option<String>,
    max_24h: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probe(c: &Connection) -> String {
        c.query_row("SELECT value FROM settings WHERE key = 'probe'", [], |r| {
            r.get(0)
        })
        .unwrap()
    }

    /// Both connections of a snapshot read the state of its start, whatever commits after,
    /// until it is dropped; a writer at work (not yet committed) does not stop the split, and
    /// takes no part in it; a commit between the two starts leaves one connection, reading the
    /// state after that commit.
    #[test]
    fn both_connections_read_the_state_of_the_start() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.db");
        let conn = crate::db::open(&path).unwrap();
        let other = crate::db::open(&path).unwrap();
        let set = |v: &str| {
            other
                .execute(
                    "INSERT OR REPLACE INTO settings (key, value) VALUES ('probe', ?1)",
                    [v],
                )
                .unwrap();
        };
        set("before");
        let mut snapshot = ReadSnapshot::begin(&conn, true).unwrap();
        let second = snapshot.second.take().expect("a second connection");
        assert!(
            !conn.is_autocommit(),
            "the report's connection keeps reading"
        );
        set("after");
        assert_eq!(probe(&other), "after");
        assert_eq!(
            (probe(&conn), probe(&second)),
            ("before".into(), "before".into())
        );
        drop((snapshot, second));
        assert_eq!(probe(&conn), "after");

        other.execute_batch("BEGIN IMMEDIATE").unwrap();
        set("uncommitted");
        let mut snapshot = ReadSnapshot::begin(&conn, true).unwrap();
        let second = snapshot
            .second
            .take()
            .expect("a writer at work does not stop the split");
        other.execute_batch("COMMIT").unwrap();
        assert_eq!(
            (probe(&conn), probe(&second)),
            ("after".into(), "after".into())
        );
        drop((snapshot, second));

        // A commit before the second starts (it would read a later state than the first did)
        // or after it (an earlier one than the first's next start): one connection either way.
        for (at_start, at_end) in [("between", "later"), ("between 2", "later 2")] {
            let snapshot = if at_start == "between" {
                ReadSnapshot::begin_with(&conn, true, || set(at_start), || {})
            } else {
                ReadSnapshot::begin_with(&conn, true, || {}, || set(at_start))
            }
            .unwrap();
            assert!(
                snapshot.second.is_none(),
                "a commit between the starts: one connection"
            );
            set(at_end);
            assert_eq!(probe(&conn), at_start);
            drop(snapshot);
            assert_eq!(probe(&conn), at_end);
            assert!(conn.is_autocommit());
        }
    }
}
