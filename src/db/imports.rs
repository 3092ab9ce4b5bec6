//! All SQL of `rewards import`: the imports journal, orders, returns, activities, and the codes
//! an import attributes orders to. Every statement is cached (`prepare_cached`) because the
//! import loop runs them once per row.

use crate::db::indexes::{drop_indexes, rebuild_indexes};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use std::collections::{HashMap, VecDeque};

/// Starts the journal row of one import; counts are filled in by [`finish`].
pub fn begin(
    conn: &Connection,
    kind: &str,
    file_name: &str,
    preset: &str,
    history_only: bool,
    imported_at: &str,
) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO imports(kind, file_name, sha256, preset, history_only, imported_at)
         VALUES (?1, ?2, '', ?3, ?4, ?5)",
    )?
    .execute(params![kind, file_name, preset, history_only, imported_at])?;
    Ok(conn.last_insert_rowid())
}

/// Counts stored on an import's journal row.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    pub rows: u64,
    pub inserted: u64,
    pub duplicates: u64,
    pub conflicts: u64,
    pub rejected: u64,
    pub returns: u64,
}

/// Stores the file's digest and the counts of an import.
pub fn finish(conn: &Connection, id: i64, sha256: &str, c: &Counts) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE imports SET sha256 = ?2, rows = ?3, inserted = ?4, duplicates = ?5,
                conflicts = ?6, rejected = ?7, returns = ?8
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        sha256,
        c.rows as i64,
        c.inserted as i64,
        c.duplicates as i64,
        c.conflicts as i64,
        c.rejected as i64,
        c.returns as i64
    ])?;
    Ok(())
}

/// One row of `rewards import list`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportRow {
    pub id: i64,
    pub kind: String,
    pub file_name: String,
    pub sha256: String,
    pub preset: Option<String>,
    pub rows: i64,
    pub inserted: i64,
    pub duplicates: i64,
    pub conflicts: i64,
    pub rejected: i64,
    pub returns: i64,
    pub history_only: bool,
    pub imported_at: String,
}

/// Every recorded import, oldest first.
pub fn list(conn: &Connection) -> rusqlite::Result<Vec<ImportRow>> {
    let mut stmt = conn.prepare(
        "SELECT id, kind, file_name, sha256, preset, rows, inserted, duplicates, conflicts,
                rejected, returns, history_only, imported_at
         FROM imports ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(ImportRow {
            id: r.get(0)?,
            kind: r.get(1)?,
            file_name: r.get(2)?,
            sha256: r.get(3)?,
            preset: r.get(4)?,
            rows: r.get(5)?,
            inserted: r.get(6)?,
            duplicates: r.get(7)?,
            conflicts: r.get(8)?,
            rejected: r.get(9)?,
            returns: r.get(10)?,
            history_only: r.get(11)?,
            imported_at: r.get(12)?,
        })
    })?;
    rows.collect()
}

/// The latest earlier import of the same kind of a file with this digest: (id, imported_at).
pub fn previous_with_sha(
    conn: &Connection,
    kind: &str,
    sha256: &str,
) -> rusqlite::Result<Option<(i64, String)>> {
    conn.prepare_cached(
        "SELECT id, imported_at FROM imports WHERE kind = ?1 AND sha256 = ?2 ORDER BY id DESC LIMIT 1",
    )?
    .query_row(params![kind, sha256], |r| Ok((r.get(0)?, r.get(1)?)))
    .optional()
}

/// A code as attribution needs it.
#[derive(Debug, Clone)]
pub struct CodeInfo {
    pub id: i64,
    pub max_uses: Option<i64>,
    pub expires_at: Option<String>,
    pub revoked_at: Option<String>,
}

/// Every code, keyed by its upper-cased text. Codes number in the thousands, not millions.
pub fn load_codes(conn: &Connection) -> rusqlite::Result<HashMap<String, CodeInfo>> {
    let mut stmt = conn.prepare("SELECT code, id, max_uses, expires_at, revoked_at FROM codes")?;
    let rows = stmt.query_map([], |r| {
        let code: String = r.get(0)?;
        Ok((
            code.to_uppercase(),
            CodeInfo {
                id: r.get(1)?,
                max_uses: r.get(2)?,
                expires_at: r.get(3)?,
                revoked_at: r.get(4)?,
            },
        ))
    })?;
    rows.collect()
}

/// Orders stored that use a code validly (not cancelled, not free, earning status), whenever
/// they were placed: a code with a maximum is used up by the first orders imported with it, so
/// that an export listing the newest orders first, or two orders in one second, cannot exceed
/// it. A free order (a sample) earns nothing and uses nothing.
pub fn code_uses(conn: &Connection, code_id: i64) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "SELECT COUNT(*) FROM orders WHERE code_id = ?1 AND cancelled = 0 AND amount_minor > 0
                                     AND code_status IS NULL",
    )?
    .query_row(params![code_id], |r| r.get(0))
}

/// An order row to insert.
#[derive(Debug, Clone, Default)]
pub struct NewOrder<'a> {
    pub order_id: &'a str,
    pub customer_email: &'a str,
    /// `core::identity::canonical_email` of the customer's email.
    pub customer_key: &'a str,
    pub customer_name: Option<&'a str>,
    pub customer_phone: Option<&'a str>,
    pub amount_minor: i64,
    pub currency: &'a str,
    pub ordered_at: &'a str,
    pub delivered_at: Option<&'a str>,
    pub cancelled: bool,
    pub code: Option<&'a str>,
    pub code_id: Option<i64>,
    pub code_status: Option<&'a str>,
    pub history_only: bool,
    pub import_id: i64,
    pub source_line: u64,
    pub row_hash: &'a str,
}

const INSERT_ORDER: &str = "INSERT INTO orders(order_id, customer_email, customer_name,
        customer_phone, amount_minor, currency, ordered_at, delivered_at, cancelled, code, code_id,
        code_status, history_only, import_id, source_line, row_hash, customer_key)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
     ON CONFLICT(order_id) DO NOTHING";

const ORDER_BY_ID: &str =
    "SELECT import_id, source_line, row_hash, amount_minor, currency, ordered_at, cancelled
     FROM orders WHERE order_id = ?1";

/// An order id's stored row as the orders loop needs it: where it came from, whether it holds
/// the same data (row hash) as the row at hand, and its row id.
const KNOWN_ORDER: &str =
    "SELECT import_id, source_line, row_hash = ?2, id FROM orders WHERE order_id = ?1";

/// Stored orders after row id ?1, in row id order: what a re-import of the same export meets
/// next.
const STORED_AFTER: &str = "SELECT id, order_id, import_id, source_line, row_hash FROM orders
     WHERE id > ?1 ORDER BY id LIMIT ?2";

/// How many stored orders [`OrderStmts::known`] reads ahead: the first read after a run of
/// [`RUN_BEFORE_READING`] finds, then twice as many each time the file uses them all up.
const FIRST_READ: i64 = 4;
const MOST_READ: i64 = 512;
/// Stored orders found at consecutive row ids before reading ahead: a file that meets stored
/// orders in pairs (every other one, say) reads nothing ahead.
const RUN_BEFORE_READING: u32 = 3;

/// An order already stored, seen again by an import.
#[derive(Debug, Clone)]
pub struct KnownOrder {
    pub import_id: i64,
    pub source_line: i64,
    /// Its row hash is the new row's: a duplicate, not a conflict.
    pub same_data: bool,
}

/// A stored order read ahead (its strings reused for the next ones read).
#[derive(Default)]
struct Ahead {
    id: i64,
    order_id: String,
    import_id: i64,
    source_line: i64,
    row_hash: String,
}

/// The statements the orders loop runs per row, prepared once for the whole file.
pub struct OrderStmts<'c> {
    insert: rusqlite::CachedStatement<'c>,
    known: rusqlite::CachedStatement<'c>,
    after: rusqlite::CachedStatement<'c>,
    /// Stored orders following the last one found, while the file meets stored orders in the
    /// order they were stored (a re-import of an export, or of a longer one).
    ahead: VecDeque<Ahead>,
    /// Spent entries of `ahead`, read into again.
    spare: Vec<Ahead>,
    /// Row id of the last stored order found.
    last_found: i64,
    /// Stored orders found so far at consecutive row ids, the last one included.
    run: u32,
    /// How many stored orders the next read ahead reads.
    read_size: i64,
}

impl<'c> OrderStmts<'c> {
    pub fn new(conn: &'c Connection) -> rusqlite::Result<OrderStmts<'c>> {
        Ok(OrderStmts {
            insert: conn.prepare_cached(INSERT_ORDER)?,
            known: conn.prepare_cached(KNOWN_ORDER)?,
            after: conn.prepare_cached(STORED_AFTER)?,
            ahead: VecDeque::new(),
            spare: Vec::new(),
            last_found: -1,
            run: 0,
            read_size: FIRST_READ,
        })
    }

    /// Inserts an order unless its order id exists; true when inserted.
    pub fn insert(&mut self, o: &NewOrder) -> rusqlite::Result<bool> {
        let n = self.insert.execute(params![
            o.order_id,
            o.customer_email,
            o.customer_name,
            o.customer_phone,
            o.amount_minor,
            o.currency,
            o.ordered_at,
            o.delivered_at,
            o.cancelled,
            o.code,
            o.code_id,
            o.code_status,
            o.history_only,
            o.import_id,
            o.source_line as i64,
            o.row_hash,
            o.customer_key
        ])?;
        Ok(n == 1)
    }

    /// Looks an order up by the shop's order id, comparing its row hash with `row_hash`.
    ///
    /// After a few stored orders found at consecutive row ids, the next stored orders are read
    /// ahead in row id order, and the file's next order ids are matched against them without a
    /// look-up: a re-import of 1M orders walks the table once instead of probing the order id
    /// index a million times at random. An order id that is not next is looked up as before:
    /// a new order leaves what was read ahead in place, a stored order further on skips to it,
    /// any other drops it. Reads start small and grow only while the file uses them up, so a
    /// file that keeps leaving the stored order reads little for nothing.
    pub fn known(
        &mut self,
        order_id: &str,
        row_hash: &str,
    ) -> rusqlite::Result<Option<KnownOrder>> {
        if self.ahead.front().is_some_and(|a| a.order_id == order_id)
            && let Some(next) = self.ahead.pop_front()
        {
            let known = KnownOrder {
                import_id: next.import_id,
                source_line: next.source_line,
                same_data: next.row_hash == row_hash,
            };
            let id = next.id;
            self.spare.push(next);
            self.found(id)?;
            return Ok(Some(known));
        }
        let found = self
            .known
            .query_row([order_id, row_hash], |r| {
                Ok((
                    KnownOrder {
                        import_id: r.get(0)?,
                        source_line: r.get(1)?,
                        same_data: r.get(2)?,
                    },
                    r.get::<_, i64>(3)?,
                ))
            })
            .optional()?;
        let Some((known, id)) = found else {
            return Ok(None);
        };
        let ahead_of_it = |a: &VecDeque<Ahead>| a.front().is_some_and(|f| f.id <= id);
        let within = ahead_of_it(&self.ahead) && self.ahead.back().is_some_and(|b| b.id >= id);
        if within {
            while ahead_of_it(&self.ahead)
                && let Some(a) = self.ahead.pop_front()
            {
                self.spare.push(a);
            }
        } else {
            self.spare.extend(self.ahead.drain(..));
        }
        self.read_size = FIRST_READ;
        self.found(id)?;
        Ok(Some(known))
    }

    /// Notes the stored order found at row `id`, and reads ahead when the file is keeping to
    /// the stored order and nothing read ahead is left.
    fn found(&mut self, id: i64) -> rusqlite::Result<()> {
        self.run = if id == self.last_found + 1 {
            self.run.saturating_add(1)
        } else {
            1
        };
        self.last_found = id;
        if !self.ahead.is_empty() || self.run < RUN_BEFORE_READING {
            return Ok(());
        }
        let mut rows = self.after.query(params![id, self.read_size])?;
        while let Some(r) = rows.next()? {
            let mut a = self.spare.pop().unwrap_or_default();
            a.id = r.get(0)?;
            a.order_id.clear();
            a.order_id.push_str(r.get_ref(1)?.as_str()?);
            a.import_id = r.get(2)?;
            a.source_line = r.get(3)?;
            a.row_hash.clear();
            a.row_hash.push_str(r.get_ref(4)?.as_str()?);
            self.ahead.push_back(a);
        }
        self.read_size = (self.read_size * 2).min(MOST_READ);
        Ok(())
    }
}

fn stored_order(r: &rusqlite::Row) -> rusqlite::Result<StoredOrder> {
    Ok(StoredOrder {
        import_id: r.get(0)?,
        source_line: r.get(1)?,
        row_hash: r.get(2)?,
        amount_minor: r.get(3)?,
        currency: r.get(4)?,
        ordered_at: r.get(5)?,
        cancelled: r.get(6)?,
    })
}

/// What an import needs to know about an order already stored.
#[derive(Debug, Clone)]
pub struct StoredOrder {
    pub import_id: i64,
    pub source_line: i64,
    pub row_hash: String,
    pub amount_minor: i64,
    pub currency: String,
    pub ordered_at: String,
    pub cancelled: bool,
}

/// Fills in the delivery date of a stored order that has none, with the row hash of the order
/// as it now reads. Whether it did.
pub fn fill_in_delivery(
    conn: &Connection,
    order_id: &str,
    delivered_at: &str,
    row_hash: &str,
) -> rusqlite::Result<bool> {
    Ok(conn
        .prepare_cached(
            "UPDATE orders SET delivered_at = ?2, row_hash = ?3
             WHERE order_id = ?1 AND delivered_at IS NULL",
        )?
        .execute(params![order_id, delivered_at, row_hash])?
        == 1)
}

/// Looks an order up by the shop's order id.
pub fn order(conn: &Connection, order_id: &str) -> rusqlite::Result<Option<StoredOrder>> {
    conn.prepare_cached(ORDER_BY_ID)?
        .query_row([order_id], stored_order)
        .optional()
}

/// The total already returned of an order; with `key_prefix`, only returns whose key starts so.
pub fn returned_total(
    conn: &Connection,
    order_id: &str,
    key_prefix: Option<&str>,
) -> rusqlite::Result<i64> {
    match key_prefix {
        None => conn
            .prepare_cached(
                "SELECT COALESCE(SUM(amount_minor), 0) FROM returns WHERE order_id = ?1",
            )?
            .query_row([order_id], |r| r.get(0)),
        Some(p) => conn
            .prepare_cached(
                "SELECT COALESCE(SUM(amount_minor), 0) FROM returns
                 WHERE order_id = ?1 AND substr(return_key, 1, length(?2)) = ?2",
            )?
            .query_row(params![order_id, p], |r| r.get(0)),
    }
}

/// How many returns of an order, with keys starting `key_prefix`, are dated `returned_at`.
pub fn returns_at(
    conn: &Connection,
    order_id: &str,
    key_prefix: &str,
    returned_at: &str,
) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "SELECT COUNT(*) FROM returns
         WHERE order_id = ?1 AND substr(return_key, 1, length(?2)) = ?2 AND returned_at = ?3",
    )?
    .query_row(params![order_id, key_prefix, returned_at], |r| r.get(0))
}

/// A return already stored.
#[derive(Debug, Clone)]
pub struct StoredReturn {
    pub import_id: i64,
    pub source_line: i64,
    pub order_id: String,
    pub amount_minor: i64,
    pub returned_at: String,
}

/// Looks a return up by its key.
pub fn return_by_key(conn: &Connection, key: &str) -> rusqlite::Result<Option<StoredReturn>> {
    conn.prepare_cached(
        "SELECT import_id, source_line, order_id, amount_minor, returned_at
         FROM returns WHERE return_key = ?1",
    )?
    .query_row([key], |r| {
        Ok(StoredReturn {
            import_id: r.get(0)?,
            source_line: r.get(1)?,
            order_id: r.get(2)?,
            amount_minor: r.get(3)?,
            returned_at: r.get(4)?,
        })
    })
    .optional()
}

/// A return row to insert.
#[derive(Debug, Clone)]
pub struct NewReturn<'a> {
    pub return_key: &'a str,
    pub order_id: &'a str,
    pub amount_minor: i64,
    pub currency: &'a str,
    pub returned_at: &'a str,
    pub reason: Option<&'a str>,
    pub import_id: i64,
    pub source_line: u64,
}

/// Inserts a return (its key was checked to be new).
pub fn insert_return(conn: &Connection, r: &NewReturn) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO returns(return_key, order_id, amount_minor, currency, returned_at, reason,
            import_id, source_line)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        r.return_key,
        r.order_id,
        r.amount_minor,
        r.currency,
        r.returned_at,
        r.reason,
        r.import_id,
        r.source_line as i64
    ])?;
    Ok(())
}

/// An activity already stored.
#[derive(Debug, Clone)]
pub struct StoredActivity {
    pub import_id: i64,
    pub source_line: i64,
    pub customer_email: String,
    pub action: String,
    pub occurred_at: String,
}

/// Looks an activity up by its key.
pub fn activity_by_key(conn: &Connection, key: &str) -> rusqlite::Result<Option<StoredActivity>> {
    conn.prepare_cached(
        "SELECT import_id, source_line, customer_email, action, occurred_at
         FROM activities WHERE activity_key = ?1",
    )?
    .query_row([key], |r| {
        Ok(StoredActivity {
            import_id: r.get(0)?,
            source_line: r.get(1)?,
            customer_email: r.get(2)?,
            action: r.get(3)?,
            occurred_at: r.get(4)?,
        })
    })
    .optional()
}

/// An activity row to insert.
#[derive(Debug, Clone)]
pub struct NewActivity<'a> {
    pub activity_key: &'a str,
    pub customer_email: &'a str,
    pub action: &'a str,
    pub occurred_at: &'a str,
    pub reference: Option<&'a str>,
    pub import_id: i64,
    pub source_line: u64,
}

/// Inserts an activity (its key was checked to be new).
pub fn insert_activity(conn: &Connection, a: &NewActivity) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO activities(activity_key, customer_email, action, occurred_at, reference,
            import_id, source_line)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        a.activity_key,
        a.customer_email,
        a.action,
        a.occurred_at,
        a.reference,
        a.import_id,
        a.source_line as i64
    ])?;
    Ok(())
}

/// Page cache for the length of an import (KiB, as a negative `cache_size`). Kept well under the
/// 32 MiB memory budget of an import.
pub const IMPORT_CACHE_KIB: i64 = 16 * 1024;

/// Page cache (KiB) of a bulk load once its random indexes are deferred.
pub const BULK_CACHE_KIB: i64 = 4 * 1024;

/// Enlarges SQLite's page cache for a bulk import.
pub fn tune_for_import(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "cache_size", -IMPORT_CACHE_KIB)?;
    Ok(())
}

/// The page cache an orders import starts with, until it knows whether it is a bulk load: the
/// bulk one. Memory the cache touches before [`defer_indexes`] shrinks it stays with the process
/// (SQLite hands the pages back to the allocator, which keeps them), so a big cache here would
/// add itself to the index rebuild's sort at the end. [`tune_for_import`] enlarges it when the
/// import turns out not to be a bulk load.
pub fn tune_for_probe(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "cache_size", -BULK_CACHE_KIB)?;
    Ok(())
}

/// Indexes of `orders` whose entries arrive in random order (by customer, by mailbox, by order time, by code
/// and time) and that the import itself never reads (`code_uses` has `orders_code`).
/// For a bulk load they are dropped and rebuilt once at the end (a sort), which is much cheaper
/// than millions of random B-tree inserts through a bounded page cache.
const DEFERRABLE: &[&str] = &[
    "orders_customer",
    "orders_customer_key",
    "orders_time",
    "orders_code_time",
];

pub use crate::db::indexes::DeferredIndex;

/// Orders stored (the largest row id: cheap, and close enough for deciding to defer indexes).
pub fn orders_stored(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT IFNULL(MAX(id), 0) FROM orders", [], |r| r.get(0))
}

/// Drops the deferrable indexes (inside the import's transaction), returning how to rebuild them.
pub fn defer_indexes(conn: &Connection) -> rusqlite::Result<Vec<DeferredIndex>> {
    // Without them a bulk load only appends (rows, and order ids in file order): a small page
    // cache does, and memory stays flat however big the file.
    conn.pragma_update(None, "cache_size", -BULK_CACHE_KIB)?;
    drop_indexes(conn, DEFERRABLE)
}

/// Page cache (KiB) while the deferred indexes are rebuilt: the memory of each of the sort's
/// threads (three). 1M orders: as fast as 3 MiB; the peak is 26.5 MiB (24.4 MiB with one
/// helper thread, as with one thread and 4 MiB).
const REBUILD_SORT_KIB: i64 = 2 * 1024;

/// Rebuilds indexes dropped by [`defer_indexes`].
pub fn restore_indexes(conn: &Connection, deferred: Vec<DeferredIndex>) -> rusqlite::Result<()> {
    rebuild_indexes(conn, deferred, REBUILD_SORT_KIB, IMPORT_CACHE_KIB)
}
