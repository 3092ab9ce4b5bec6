//! Secondary indexes dropped for a bulk write and rebuilt at its end, inside the same
//! transaction (a crash rolls the drop back with everything else).
//!
//! Millions of B-tree inserts in random key order through a bounded page cache cost far more
//! than one sort that builds the index afterwards. Only indexes the bulk write itself does not
//! read may be deferred: queries stay correct without them, just slow.

use rusqlite::{Connection, OptionalExtension};

/// An index dropped by [`drop_indexes`], to recreate with [`rebuild_indexes`].
#[derive(Debug)]
pub struct DeferredIndex(String);

/// Drops the named indexes that exist, returning how to rebuild them.
pub fn drop_indexes(conn: &Connection, names: &[&str]) -> rusqlite::Result<Vec<DeferredIndex>> {
    let mut out = Vec::new();
    for name in names {
        let sql: Option<String> = conn
            .query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?1",
                [name],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        if let Some(sql) = sql {
            conn.execute_batch(&format!("DROP INDEX \"{name}\""))?;
            out.push(DeferredIndex(sql));
        }
    }
    Ok(out)
}

/// Rebuilds indexes dropped by [`drop_indexes`]. The sort that builds an index takes as much
/// memory as the page cache may, per sorting thread, so the cache is `sort_cache_kib` while they
/// are built and `then_cache_kib` after (KiB; nothing changes when there is nothing to rebuild).
/// Each sort has two helper threads ([`SORT_HELPERS`]): the table is read while filled buffers
/// are sorted (1M orders, an import's four indexes: 6.1 -> 5.3 s with one helper, 5.40 -> 5.14
/// s, medians of 4, with two).
pub const SORT_HELPERS: i64 = 2;
pub fn rebuild_indexes(
    conn: &Connection,
    deferred: Vec<DeferredIndex>,
    sort_cache_kib: i64,
    then_cache_kib: i64,
) -> rusqlite::Result<()> {
    if deferred.is_empty() {
        return Ok(());
    }
    conn.pragma_update(None, "cache_size", -sort_cache_kib)?;
    conn.pragma_update(None, "threads", SORT_HELPERS)?;
    for DeferredIndex(sql) in deferred {
        conn.execute_batch(&sql)?;
    }
    conn.pragma_update(None, "threads", 0)?;
    conn.pragma_update(None, "cache_size", -then_cache_kib)?;
    Ok(())
}
