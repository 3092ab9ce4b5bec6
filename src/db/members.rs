//! Members in the database: insert, edit, look up by email, list, block, and a balance summary.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;

/// A new member, already validated and normalised.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewMember {
    /// Trimmed and lower-cased.
    pub email: String,
    pub name: String,
    pub phone: Option<String>,
    /// customer or partner
    pub kind: String,
    /// bank, paypal or store-credit
    pub payout_method: Option<String>,
    pub payout_account: Option<String>,
}

/// A stored member.
#[derive(Debug, Clone, Serialize)]
pub struct Member {
    #[serde(skip)]
    pub id: i64,
    pub email: String,
    pub name: String,
    pub phone: Option<String>,
    pub kind: String,
    pub payout_method: Option<String>,
    pub payout_account: Option<String>,
    pub blocked: bool,
    pub blocked_at: Option<String>,
    pub created_at: String,
}

impl Member {
    /// Whether the stored member has these details. Earlier releases stored a neutralised
    /// cell (`'+966…`) as it was; it is the same detail as the value without the apostrophe.
    pub fn same_as(&self, m: &NewMember) -> bool {
        fn plain(s: &Option<String>) -> Option<&str> {
            s.as_deref().map(crate::output::unneutralised)
        }
        self.email == m.email
            && crate::output::unneutralised(&self.name) == m.name
            && plain(&self.phone) == m.phone.as_deref()
            && self.kind == m.kind
            && self.payout_method == m.payout_method
            && plain(&self.payout_account) == m.payout_account.as_deref()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum MemberDbError {
    #[error("a member with email {0} already exists")]
    Duplicate(String),
    #[error("no member with email {0} (see `rewards member list`)")]
    NotFound(String),
    #[error(transparent)]
    Sql(#[from] rusqlite::Error),
}

const COLUMNS: &str =
    "id, email, name, phone, kind, payout_method, payout_account, blocked, blocked_at, created_at";

fn member(r: &Row) -> rusqlite::Result<Member> {
    Ok(Member {
        id: r.get(0)?,
        email: r.get(1)?,
        name: r.get(2)?,
        phone: r.get(3)?,
        kind: r.get(4)?,
        payout_method: r.get(5)?,
        payout_account: r.get(6)?,
        blocked: r.get(7)?,
        blocked_at: r.get(8)?,
        created_at: r.get(9)?,
    })
}

/// Stores a member; a member with the same email is a [`MemberDbError::Duplicate`].
pub fn insert(conn: &Connection, m: &NewMember, created_at: &str) -> Result<i64, MemberDbError> {
    if find(conn, &m.email)?.is_some() {
        return Err(MemberDbError::Duplicate(m.email.clone()));
    }
    conn.prepare_cached(
        "INSERT INTO members(email, name, phone, kind, payout_method, payout_account, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        m.email,
        m.name,
        m.phone,
        m.kind,
        m.payout_method,
        m.payout_account,
        created_at
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Changes a member's details; the email, their identity, stays.
pub fn update(conn: &Connection, id: i64, m: &NewMember) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE members SET name = ?2, phone = ?3, kind = ?4, payout_method = ?5,
                            payout_account = ?6
         WHERE id = ?1",
        params![
            id,
            m.name,
            m.phone,
            m.kind,
            m.payout_method,
            m.payout_account
        ],
    )?;
    Ok(())
}

/// What `new` changes of `old`, for a message: `phone +966 5... -> (none)`.
pub fn changes(old: &Member, new: &NewMember) -> Vec<String> {
    let show = |v: Option<&str>| v.unwrap_or("(none)").to_string();
    [
        ("name", Some(old.name.as_str()), Some(new.name.as_str())),
        ("phone", old.phone.as_deref(), new.phone.as_deref()),
        ("kind", Some(old.kind.as_str()), Some(new.kind.as_str())),
        (
            "payout_method",
            old.payout_method.as_deref(),
            new.payout_method.as_deref(),
        ),
        (
            "payout_account",
            old.payout_account.as_deref(),
            new.payout_account.as_deref(),
        ),
    ]
    .into_iter()
    .filter(|(_, a, b)| a != b)
    .map(|(field, a, b)| format!("{field} {} -> {}", show(a), show(b)))
    .collect()
}

/// The member with this (normalised) email, if any.
pub fn find(conn: &Connection, email: &str) -> rusqlite::Result<Option<Member>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM members WHERE email = ?1"))?
        .query_row([email], member)
        .optional()
}

/// The member with this email, or [`MemberDbError::NotFound`].
pub fn get(conn: &Connection, email: &str) -> Result<Member, MemberDbError> {
    find(conn, email)?.ok_or_else(|| MemberDbError::NotFound(email.to_string()))
}

/// A row of `member list`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MemberRow {
    pub email: String,
    pub name: String,
    pub kind: String,
    pub phone: Option<String>,
    pub payout_method: Option<String>,
    pub payout_account: Option<String>,
    pub codes: i64,
    pub blocked: bool,
    pub created_at: String,
}

/// Every member, by email, with how many codes each has.
pub fn list(conn: &Connection) -> rusqlite::Result<Vec<MemberRow>> {
    let mut stmt = conn.prepare(
        "SELECT m.email, m.name, m.kind, m.phone, m.payout_method, m.payout_account,
                (SELECT COUNT(*) FROM codes c WHERE c.member_id = m.id), m.blocked, m.created_at
         FROM members m ORDER BY m.email",
    )?;
    stmt.query_map([], |r| {
        Ok(MemberRow {
            email: r.get(0)?,
            name: r.get(1)?,
            kind: r.get(2)?,
            phone: r.get(3)?,
            payout_method: r.get(4)?,
            payout_account: r.get(5)?,
            codes: r.get(6)?,
            blocked: r.get(7)?,
            created_at: r.get(8)?,
        })
    })?
    .collect()
}

/// Blocks or unblocks a member as of `at`; an unblock keeps the block it ends in
/// `member_blocks`.
pub fn set_blocked(conn: &Connection, id: i64, blocked: bool, at: &str) -> rusqlite::Result<()> {
    if !blocked {
        conn.execute(
            "INSERT INTO member_blocks(member_id, blocked_at, unblocked_at)
             SELECT id, blocked_at, ?2 FROM members WHERE id = ?1 AND blocked = 1",
            params![id, at],
        )?;
    }
    conn.execute(
        "UPDATE members SET blocked = ?2, blocked_at = ?3 WHERE id = ?1",
        params![id, blocked, blocked.then_some(at)],
    )?;
    Ok(())
}

/// The time of a member's newest block or unblock, if any.
pub fn newest_block_change(conn: &Connection, id: i64) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT MAX(t) FROM (SELECT blocked_at AS t FROM members WHERE id = ?1
                             UNION ALL SELECT unblocked_at FROM member_blocks WHERE member_id = ?1)",
        [id],
        |r| r.get(0),
    )
}

/// Every ended block: (member id, blocked_at, unblocked_at).
pub fn ended_blocks(conn: &Connection) -> rusqlite::Result<Vec<(i64, Option<String>, String)>> {
    conn.prepare("SELECT member_id, blocked_at, unblocked_at FROM member_blocks ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect()
}

/// Counts of one members import, for the `imports` table.
#[derive(Debug, Clone, Default)]
pub struct ImportCounts {
    pub rows: i64,
    pub inserted: i64,
    pub duplicates: i64,
    pub rejected: i64,
}

/// Records a members import in `imports`.
pub fn record_import(
    conn: &Connection,
    file_name: &str,
    sha256: &str,
    c: &ImportCounts,
    at: &str,
) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO imports(kind, file_name, sha256, rows, inserted, duplicates, rejected, imported_at)
         VALUES ('members', ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![file_name, sha256, c.rows, c.inserted, c.duplicates, c.rejected, at],
    )?;
    Ok(conn.last_insert_rowid())
}
