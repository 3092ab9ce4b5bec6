//! Settle, big runs: orders that can earn a referral or commission are settled referrer by
//! referrer instead of all in time order (points, if any, follow in their own pass).
//!
//! Every rule that reads what the run itself wrote (the referral count behind tiers, monthly
//! caps) reads it per code owner and program; the fraud signals, the first-order check and a
//! window program's first referred order read only imported orders and returns. So settling
//! each owner's orders in time order, one owner after the other, writes the same rows as
//! settling all orders in time order (property tests check it against per-order settling in
//! steps). An owner's orders are those carrying one of their codes (read in one pass over the
//! table sorted by owner when codes are common, else from the (code_id, ordered_at) index), and,
//! in a window program, the later orders of the customers whose first referred order in the
//! program came through one of those codes, read from the customer index. Only one owner's
//! look-ups are held at a time.

use super::first_orders::FirstOrders;
use super::{
    CACHE_KIB, CodeOrder, Engine, EngineError, ORDER_COLUMNS, OrderRow, Result, State, key_hash,
    max_id, secs,
};
use crate::core::rules::ProgramKind;
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

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
static LATER_ORDERS: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {ORDER_COLUMNS} FROM orders
     WHERE customer_key = ?1 AND ordered_at > ?2 AND cancelled = 0 AND history_only = 0
       AND ordered_at <= ?3 AND (ordered_at > ?4 OR id > ?5)
     ORDER BY ordered_at, id"
    )
});

/// An order by row id (one an owner had too many of to hold whole).
static BY_ID: LazyLock<String> =
    LazyLock::new(|| format!("SELECT {ORDER_COLUMNS} FROM orders WHERE id = ?1"));

/// Coded orders are read in one pass over the table when at least one order in this many
/// carries a code (a random read per order costs about eight rows of a scan here).
pub(super) const SCAN_SHARE: i64 = 8;

/// Page cache while the coded orders are sorted (KiB): the sort's memory, per sorting thread
/// (1M orders: 2 MiB with the helper thread took the run's peak to 31.7 MiB, 1 MiB to 29.9).
const SORT_CACHE_KIB: i64 = 1024;

/// How much smaller the page cache is while the sorted orders are read (KiB): the sort's
/// merge holds a buffer per sorted run it wrote (5M orders: the peak was 32.9 MiB without).
const SORTED_KIB: i64 = 2 * 1024;

/// Page cache of the reading thread's connection once its sort is done (KiB): reading the sorted
/// orders goes through the sort's own buffers, not the cache.
const READER_KIB: i64 = 256;

/// How much smaller the page cache is while a reading thread reads (KiB): its connection, the
/// batches handed over and its allocator arena.
const PIPE_KIB: i64 = 2 * 1024;

/// A reading thread hands over owners in batches holding about this many orders, code orders
/// and customers ([`Gathered::size`]).
const BATCH_ROWS: usize = 256;

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

/// One code owner in one program, and what reading their orders needs to know.
struct Owner {
    member: i64,
    program: i64,
    codes: Vec<i64>,
    referral: bool,
    window: bool,
}

/// What one read of an owner's orders gathers: the undecided orders, (window programs) the
/// customers they may have referred, and (referral programs) each code's orders for the fraud
/// signals.
struct Gathered {
    queue: Queue,
    customers: HashSet<String>,
    code_orders: HashMap<i64, Vec<CodeOrder>>,
}

impl Gathered {
    /// Nothing gathered yet; at most `held` orders are to be held whole.
    fn new(held: usize) -> Gathered {
        Gathered {
            queue: Queue {
                rows: Vec::new(),
                pending: Vec::new(),
                held,
            },
            customers: HashSet::new(),
            code_orders: HashMap::new(),
        }
    }

    /// How much it holds: orders (held whole or as ids), code orders and customers, and one for
    /// the owner.
    fn size(&self) -> usize {
        let code_orders: usize = self.code_orders.values().map(Vec::len).sum();
        self.queue.pending.len() + code_orders + self.customers.len() + 1
    }

    /// Takes one order of `code` (read in time order) into what the owner's settling needs:
    /// the fraud signals' lists (referral programs), the undecided orders, and (window
    /// programs) the customers they may have referred.
    fn take(
        &mut self,
        u: &Undecided,
        owner: &Owner,
        code: i64,
        row: OrderRow,
        first_return: Option<String>,
    ) -> Result<()> {
        let at = secs(&row.ordered_at)?;
        if owner.referral && !row.cancelled {
            let order = CodeOrder {
                at,
                email: key_hash(&row.customer_email),
                // Free orders are no referred orders for the refund signal (they could dilute it).
                counted: row.code_ok && !row.history_only && row.amount_minor > 0,
                first_return: first_return
                    .as_deref()
                    .map(secs)
                    .transpose()?
                    .unwrap_or(i64::MAX),
            };
            self.code_orders.entry(code).or_default().push(order);
        }
        if owner.window && row.code_ok && !row.cancelled && !row.history_only {
            self.customers.insert(row.key.clone());
        }
        let undecided = row.code_ok
            && !row.history_only
            && row.ordered_at.as_str() <= u.a
            && (row.ordered_at.as_str() > u.as_of || row.id > u.max_order);
        if undecided {
            self.queue.push(row, at, 0);
        }
        Ok(())
    }
}

/// Which orders this run decides: placed at or before `a`, and after `as_of` or with a row id
/// above `max_order` (see `State`).
#[derive(Clone, Copy)]
struct Undecided<'s> {
    a: &'s str,
    as_of: &'s str,
    max_order: i64,
}

/// Every coded order in one pass over the table, sorted by owner (their ranks in
/// `temp.settle_owner_rank`), then time; with the first return for a referral code's orders.
const ALL_CODED: &str = "SELECT {COLUMNS}, CASE WHEN g.referral THEN {FIRST_RETURN} END, g.rank
     FROM orders o NOT INDEXED JOIN temp.settle_owner_rank g ON g.code_id = o.code_id
     WHERE o.code_id IS NOT NULL ORDER BY g.rank, o.ordered_at, o.id";

/// `ORDER_COLUMNS` qualified with a table alias.
fn prefixed_columns(alias: &str) -> String {
    ORDER_COLUMNS
        .split(',')
        .map(|c| format!("{alias}.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads every coded order in one pass over the table on `conn`, sorted by owner and time
/// (SQLite sorts in its page cache, spilling to a temporary file), and hands each owner's
/// gathered orders to `sink` in the owners' order (every owner, with or without orders) until it
/// answers false. Cheaper than a random read per order once coded orders are more than about one
/// in eight (1M orders, 300k coded: the reading takes 2.3 s instead of 3.1 s). `cache_kib`: the
/// page cache of `conn` once the sort is done.
fn scan_owners(
    conn: &Connection,
    u: Undecided,
    owners: &[Owner],
    held: usize,
    cache_kib: i64,
    mut sink: impl FnMut(&Owner, Gathered) -> Result<bool>,
) -> Result<()> {
    conn.execute_batch(
        "DROP TABLE IF EXISTS temp.settle_owner_rank;
         CREATE TEMP TABLE settle_owner_rank(code_id INTEGER PRIMARY KEY,
           rank INTEGER NOT NULL, referral INTEGER NOT NULL);",
    )?;
    {
        let mut insert = conn.prepare("INSERT INTO temp.settle_owner_rank VALUES (?1, ?2, ?3)")?;
        for (rank, owner) in owners.iter().enumerate() {
            for &code in &owner.codes {
                insert.execute(params![code, rank as i64, owner.referral])?;
            }
        }
    }
    let sql = ALL_CODED
        .replace("{COLUMNS}", &prefixed_columns("o"))
        .replace("{FIRST_RETURN}", FIRST_RETURN);
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    // The sort takes as much memory as the page cache may: a small one while it runs (the
    // first step scans and sorts everything), `cache_kib` after. One helper thread sorts
    // filled buffers while the scan goes on (1M orders, two cores: 1.65 -> 1.45 s for the
    // query in the sqlite3 shell).
    conn.pragma_update(None, "cache_size", -SORT_CACHE_KIB)?;
    conn.pragma_update(None, "threads", 1)?;
    let mut next = rows.next()?;
    conn.pragma_update(None, "threads", 0)?;
    conn.pragma_update(None, "cache_size", -cache_kib)?;
    for (rank, owner) in owners.iter().enumerate() {
        let mut gathered = Gathered::new(held);
        while let Some(r) = next {
            if r.get::<_, i64>(15)? != rank as i64 {
                break;
            }
            let row = OrderRow::read(r)?;
            let code = row.code_id.unwrap_or_default();
            gathered.take(&u, owner, code, row, r.get(14)?)?;
            next = rows.next()?;
        }
        if !sink(owner, gathered)? {
            break;
        }
    }
    drop(rows);
    drop(stmt);
    conn.execute_batch("DROP TABLE temp.settle_owner_rank")?;
    Ok(())
}

/// A second connection to the settling connection's database for [`scan_owners`] in a thread,
/// when there is a file to open and the settling connection is inside its transaction. That
/// transaction has written (`Engine::new` wrote its run), so it holds the write lock: nothing
/// commits until it ends, and the second connection reads the state it started from. Settling
/// writes no orders, returns or codes, which is all the scan reads; a transaction that wrote
/// some before settling (seen by their largest ids) is read in one thread.
fn reading_connection(conn: &Connection) -> Option<Connection> {
    let path = conn.path().filter(|p| !p.is_empty())?;
    if conn.is_autocommit() {
        return None;
    }
    let reader = crate::db::open_second(path).ok()?;
    let newest = |c: &Connection| -> rusqlite::Result<(i64, i64, i64)> {
        c.query_row(
            "SELECT (SELECT IFNULL(MAX(id), 0) FROM orders), (SELECT IFNULL(MAX(id), 0) FROM returns),
                    (SELECT IFNULL(MAX(id), 0) FROM codes)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
    };
    (newest(conn).ok()? == newest(&reader).ok()?).then_some(reader)
}

/// Hands the memory the reading thread freed back to the system. glibc keeps a thread's freed
/// memory in that thread's own arena, where the settling thread never reuses it (1M orders
/// with a points program, after an earlier settle of 19,479 rewards: peak 33.1-33.5 -> 31.0-32.0
/// MiB).
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        unsafe extern "C" {
            fn malloc_trim(pad: usize) -> i32;
        }
        // SAFETY: malloc_trim takes no pointers and only returns free memory to the system.
        unsafe {
            malloc_trim(0);
        }
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
        let stored = max_id(conn, "orders")?;
        // Walking every order once beats a look-up per order when at least a tenth of the
        // orders are new since the last run (a first settle: all of them).
        let first_orders = self.first_orders.is_none()
            && self.judges_first_orders(&groups)
            && (stored - state.max_order).saturating_mul(10) >= stored;
        let owners: Vec<Owner> = groups
            .into_iter()
            .map(|((member, program), codes)| Owner {
                member,
                program,
                codes,
                referral: self
                    .programs
                    .get(&program)
                    .is_some_and(|p| p.kind == ProgramKind::Referral),
                window: window_programs.contains(&program),
            })
            .collect();
        let coded: i64 = conn.query_row(
            "SELECT COUNT(*) FROM orders INDEXED BY orders_code WHERE code_id IS NOT NULL",
            [],
            |r| r.get(0),
        )?;
        let u = Undecided {
            a,
            as_of: &state.as_of,
            max_order: state.max_order,
        };
        let settled = if coded > 0 && coded.saturating_mul(self.scan_share) >= stored {
            self.owners_from_scan(u, state, &owners, first_orders.then_some(stored))
        } else {
            if first_orders {
                self.first_orders = Some(FirstOrders::load(conn, stored)?);
            }
            self.owners_from_index(u, state, &owners)
        };
        self.code_orders.clear();
        self.first_orders = None;
        settled
    }

    /// Reads each owner's orders with a query per code, from the (code_id, ordered_at) index:
    /// a random read per order, cheapest while coded orders are few.
    fn owners_from_index(&mut self, u: Undecided, state: &State, owners: &[Owner]) -> Result<()> {
        let all_of_code = |referral: bool| {
            ALL_OF_CODE.replace("{COLUMNS}", ORDER_COLUMNS).replace(
                "{FIRST_RETURN}",
                if referral { FIRST_RETURN } else { "NULL" },
            )
        };
        let (all_referral, all_other) = (all_of_code(true), all_of_code(false));
        for owner in owners {
            let mut gathered = Gathered::new(self.held_orders);
            for &code in &owner.codes {
                let sql = if owner.referral {
                    &all_referral
                } else {
                    &all_other
                };
                let mut stmt = self.conn.prepare_cached(sql)?;
                let mut rows = stmt.query([code])?;
                while let Some(r) = rows.next()? {
                    let row = OrderRow::read(r)?;
                    gathered.take(&u, owner, code, row, r.get(14)?)?;
                }
            }
            self.settle_owner(u.a, state, owner, &mut gathered)?;
        }
        Ok(())
    }

    /// Settles the owners' orders read by [`scan_owners`]: in a second thread on its own
    /// connection where [`reading_connection`] gives one, else in this one. Reading, sorting
    /// and gathering the orders then go on beside the judging and writing (1M orders, a first
    /// settle: 2.69 -> 2.46 s, medians of 8 runs in turns). `first_orders`: the largest order
    /// row id, when the first orders are to be loaded ([`FirstOrders`], beside the sort).
    fn owners_from_scan(
        &mut self,
        u: Undecided,
        state: &State,
        owners: &[Owner],
        first_orders: Option<i64>,
    ) -> Result<()> {
        let conn = self.conn;
        // While the sorted orders are read, the sort's merge holds a buffer per sorted run.
        let reading_kib = CACHE_KIB - SORTED_KIB;
        let Some(reader) = reading_connection(conn).filter(|_| self.read_beside) else {
            if let Some(stored) = first_orders {
                self.first_orders = Some(FirstOrders::load(conn, stored)?);
            }
            let held = self.held_orders;
            conn.pragma_update(None, "cache_size", -reading_kib)?;
            scan_owners(conn, u, owners, held, reading_kib, |owner, mut g| {
                self.settle_owner(u.a, state, owner, &mut g)?;
                Ok(true)
            })?;
            conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
            return Ok(());
        };
        // An owner being settled, one waiting and one being read: each holds a third of what
        // one owner may hold when read in this thread.
        let held = (self.held_orders / 3).max(1);
        let settled = std::thread::scope(|s| -> Result<()> {
            // Owners go over in batches (a hand-over per owner, 20,000 at 1M orders, cost more
            // waiting than the reading it saved).
            let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Vec<Gathered>>>(0);
            // Settled batches go back to be freed where they were allocated: freed in this
            // thread, each row's strings took a lock of the other thread's allocator arena
            // (1M orders: 2.37 -> 2.24 s, medians of 6 in turns).
            let (spent_tx, spent) = std::sync::mpsc::sync_channel::<Vec<Gathered>>(2);
            let reading = s.spawn(move || {
                let mut batch = Vec::new();
                let mut rows = 0;
                let read = scan_owners(&reader, u, owners, held, READER_KIB, |_, g| {
                    while let Ok(settled) = spent.try_recv() {
                        drop(settled);
                    }
                    rows += g.size();
                    batch.push(g);
                    if rows < BATCH_ROWS {
                        return Ok(true);
                    }
                    rows = 0;
                    Ok(tx.send(Ok(std::mem::take(&mut batch))).is_ok())
                });
                let _ = tx.send(read.map(|()| batch));
            });
            if let Some(stored) = first_orders {
                // Beside the sort, with a small cache: the walk reads the index in its order.
                conn.pragma_update(None, "cache_size", -SORT_CACHE_KIB)?;
                self.first_orders = Some(FirstOrders::load(conn, stored)?);
            }
            conn.pragma_update(None, "cache_size", -(reading_kib - PIPE_KIB))?;
            let mut owners = owners.iter();
            'batches: while let Ok(batch) = rx.recv() {
                let mut batch = batch?;
                for gathered in &mut batch {
                    let Some(owner) = owners.next() else {
                        break 'batches;
                    };
                    self.settle_owner(u.a, state, owner, gathered)?;
                }
                // When the reader is ahead (or done), this thread frees the batch.
                let _ = spent_tx.try_send(batch);
            }
            drop(rx);
            let joined = reading.join();
            if joined.is_err() || owners.next().is_some() {
                return Err(EngineError::BadData(
                    "reading the coded orders stopped before their end".into(),
                ));
            }
            Ok(())
        });
        conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
        release_freed_memory();
        settled
    }

    /// Settles one owner's gathered orders, and (window programs) the later orders of the
    /// customers whose first referred order in the program came through one of their codes.
    /// What it was gathered in stays in `g` (the reading thread, which allocated it, frees it).
    fn settle_owner(
        &mut self,
        a: &str,
        state: &State,
        owner: &Owner,
        g: &mut Gathered,
    ) -> Result<()> {
        let Gathered {
            queue,
            customers,
            code_orders,
        } = g;
        std::mem::swap(&mut self.code_orders, code_orders);
        let settled = self.settle_queue(a, state, owner, queue, customers);
        std::mem::swap(&mut self.code_orders, code_orders);
        settled
    }

    /// [`Engine::settle_owner`] with the owner's orders in `queue` and the customers they may
    /// have referred.
    fn settle_queue(
        &mut self,
        a: &str,
        state: &State,
        owner: &Owner,
        queue: &mut Queue,
        customers: &mut HashSet<String>,
    ) -> Result<()> {
        let conn = self.conn;
        let (member, program) = (owner.member, owner.program);
        if owner.window {
            // Their later orders without a code of the program earn here.
            let mut keys: Vec<String> = customers.drain().collect();
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
                if owner.codes.contains(&first.1) {
                    let mut stmt = conn.prepare_cached(&LATER_ORDERS)?;
                    let mut rows =
                        stmt.query(params![key, first.0, a, state.as_of, state.max_order])?;
                    while let Some(r) = rows.next()? {
                        let row = OrderRow::read(r)?;
                        if !self.carries_any_code_of(&row, program) {
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
                    .prepare_cached(&BY_ID)?
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
        // Only this owner's orders ask for them: holding every owner grew to about 3 MiB.
        self.owners.remove(&member);
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
}
