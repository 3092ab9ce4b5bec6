//! Codes in the database: issue, look up (case-insensitively), list with uses, revoke; and the
//! customers seen in imported orders, for `code issue --all-customers`.

use rusqlite::{Connection, OptionalExtension, params};

/// A code to store. `code` is upper-case.
#[derive(Debug, Clone)]
pub struct NewCode {
    pub code: String,
    pub program_id: i64,
    pub member_id: i64,
    pub link: Option<String>,
    pub max_uses: Option<i64>,
    pub expires_at: Option<String>,
}

/// Whether a code exists (case-insensitive).
pub fn exists(conn: &Connection, code: &str) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT EXISTS(SELECT 1 FROM codes WHERE code = ?1)")?
        .query_row([code], |r| r.get(0))
}

/// Stores a code; returns its id.
pub fn insert(conn: &Connection, c: &NewCode, created_at: &str) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO codes(code, program_id, member_id, link, max_uses, expires_at, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        c.code,
        c.program_id,
        c.member_id,
        c.link,
        c.max_uses,
        c.expires_at,
        created_at
    ])?;
    let id = conn.last_insert_rowid();
    relink_unknown(conn, id, c)?;
    Ok(id)
}

/// Orders imported before this code existed keep the code text with status 'unknown'; a code
/// issued later with that text claims them, oldest first, under the rules the importer applies:
/// expired after its expiry, exhausted once its valid uses (orders not cancelled, not free) reach its
/// maximum. A claimed order that settle has already passed (judged without a code) is queued
/// in `settle_revisit` for the next settle. Returns how many orders it claimed.
fn relink_unknown(conn: &Connection, id: i64, c: &NewCode) -> rusqlite::Result<usize> {
    let claimed: Vec<(i64, String, bool)> = conn
        .prepare_cached(
            "SELECT id, ordered_at, cancelled OR amount_minor <= 0 FROM orders
             WHERE code = ?1 AND code_status = 'unknown' ORDER BY ordered_at, id",
        )?
        .query_map([&c.code], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut uses = 0;
    // Cancelled and free orders are linked but use nothing (and earn nothing to revisit).
    for (order_row, ordered_at, uses_nothing) in &claimed {
        let status = if c
            .expires_at
            .as_deref()
            .is_some_and(|e| e < ordered_at.as_str())
        {
            Some("expired")
        } else if c.max_uses.is_some_and(|m| uses >= m) {
            Some("exhausted")
        } else {
            None
        };
        if status.is_none() && !uses_nothing {
            uses += 1;
        }
        conn.prepare_cached("UPDATE orders SET code_id = ?1, code_status = ?2 WHERE id = ?3")?
            .execute(params![id, status, order_row])?;
        if status.is_none() && !uses_nothing {
            conn.prepare_cached(
                "INSERT OR IGNORE INTO settle_revisit(order_row)
                 SELECT ?1 FROM settle_state
                 WHERE id = 1 AND ?2 <= as_of AND ?1 <= max_order_id",
            )?
            .execute(params![order_row, ordered_at])?;
        }
    }
    Ok(claimed.len())
}

/// Whether a member already has a code in a program.
pub fn member_has_code(
    conn: &Connection,
    program_id: i64,
    member_id: i64,
) -> rusqlite::Result<bool> {
    conn.prepare_cached(
        "SELECT EXISTS(SELECT 1 FROM codes WHERE program_id = ?1 AND member_id = ?2)",
    )?
    .query_row(params![program_id, member_id], |r| r.get(0))
}

/// A stored code with its program, member and use count.
#[derive(Debug, Clone)]
pub struct CodeInfo {
    pub id: i64,
    pub code: String,
    pub program: String,
    pub member_email: String,
    pub member_name: String,
    pub link: Option<String>,
    pub uses: i64,
    pub max_uses: Option<i64>,
    pub expires_at: Option<String>,
    pub revoked_at: Option<String>,
    pub created_at: String,
}

const SELECT: &str = "SELECT c.id, c.code, p.name, m.email, m.name, c.link,
        (SELECT COUNT(*) FROM orders o
          WHERE o.code_id = c.id AND o.cancelled = 0 AND o.amount_minor > 0
            AND o.code_status IS NULL),
        c.max_uses, c.expires_at, c.revoked_at, c.created_at
    FROM codes c JOIN programs p ON p.id = c.program_id JOIN members m ON m.id = c.member_id";

fn info(r: &rusqlite::Row) -> rusqlite::Result<CodeInfo> {
    Ok(CodeInfo {
        id: r.get(0)?,
        code: r.get(1)?,
        program: r.get(2)?,
        member_email: r.get(3)?,
        member_name: r.get(4)?,
        link: r.get(5)?,
        uses: r.get(6)?,
        max_uses: r.get(7)?,
        expires_at: r.get(8)?,
        revoked_at: r.get(9)?,
        created_at: r.get(10)?,
    })
}

/// Codes, optionally of one program and/or one member, in issue order.
pub fn list(
    conn: &Connection,
    program_id: Option<i64>,
    member_id: Option<i64>,
) -> rusqlite::Result<Vec<CodeInfo>> {
    let mut stmt = conn.prepare(&format!(
        "{SELECT} WHERE (?1 IS NULL OR c.program_id = ?1) AND (?2 IS NULL OR c.member_id = ?2)
         ORDER BY c.id"
    ))?;
    stmt.query_map(params![program_id, member_id], info)?
        .collect()
}

/// One code (case-insensitive).
pub fn find(conn: &Connection, code: &str) -> rusqlite::Result<Option<CodeInfo>> {
    conn.query_row(&format!("{SELECT} WHERE c.code = ?1"), [code], info)
        .optional()
}

/// Sets a code's revoked_at.
pub fn revoke(conn: &Connection, id: i64, at: &str) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE codes SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
        params![id, at],
    )?;
    Ok(())
}

/// When the newest stored order that uses a code validly was placed, if one has.
pub fn newest_use(conn: &Connection, id: i64) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT MAX(ordered_at) FROM orders WHERE code_id = ?1 AND code_status IS NULL",
        [id],
        |r| r.get(0),
    )
}

/// Every distinct customer email in imported orders, with the name from their earliest order
/// that has one.
pub fn order_customers(conn: &Connection) -> rusqlite::Result<Vec<(String, Option<String>)>> {
    let mut stmt = conn.prepare(
        "SELECT o.customer_email,
                (SELECT o2.customer_name FROM orders o2
                 WHERE o2.customer_email = o.customer_email
                   AND o2.customer_name IS NOT NULL AND TRIM(o2.customer_name) <> ''
                 ORDER BY o2.ordered_at, o2.id LIMIT 1)
         FROM orders o GROUP BY o.customer_email ORDER BY MIN(o.ordered_at), o.customer_email",
    )?;
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect()
}
