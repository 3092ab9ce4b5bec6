//! The database: opening (pragmas, owner-only file mode), migrations, and the settings table.
//! This module and its children are the only places that speak SQL.

pub mod balances;
pub mod codes;
pub mod explain;
pub mod imports;
pub mod indexes;
pub mod ledger;
pub mod members;
pub mod migrations;
pub mod payouts;
pub mod programs;
pub mod redeem;
pub mod reports;
pub mod review;
pub mod settle;
pub mod verify;

use rusqlite::{Connection, OptionalExtension, params};
use std::path::Path;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot open database {path}: {source}")]
    Open {
        path: String,
        source: rusqlite::Error,
    },
    #[error(
        "database {path} was made by a newer rewards (schema version {found}, this build knows up to {known}); upgrade rewards"
    )]
    TooNew {
        path: String,
        found: i64,
        known: i64,
    },
    #[error(
        "cannot write database {path}: the file or its folder is read-only (SQLite also writes {path}-wal and {path}-shm beside it)"
    )]
    ReadOnly {
        path: String,
        source: rusqlite::Error,
    },
    #[error("{path} is not a rewards database: {source}")]
    NotADatabase {
        path: String,
        source: rusqlite::Error,
    },
    #[error(
        "{path} is an SQLite database of something else (it has tables {tables} and no rewards schema): nothing was changed; name another file with --db or $REWARDS_DB"
    )]
    Foreign { path: String, tables: String },
    #[error(transparent)]
    Sql(#[from] rusqlite::Error),
    #[error("cannot create database {path}: {source} (does its folder exist?)")]
    Permissions {
        path: String,
        source: std::io::Error,
    },
}

/// How long a writer waits for another writer (a cron `settle` and a person at the terminal).
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Opens (creating if missing, mode 0600) and migrates the database at `path`.
pub fn open(path: &Path) -> Result<Connection, DbError> {
    let shown = path.display().to_string();
    let existed = path.exists();
    if !existed {
        create_private(path).map_err(|source| DbError::Permissions {
            path: shown.clone(),
            source,
        })?;
    }
    let mut conn = Connection::open(path).map_err(|source| DbError::Open {
        path: shown.clone(),
        source,
    })?;
    if existed {
        refuse_foreign(&conn, &shown)?;
    }
    set_pragmas(&conn).map_err(|source| opening(&shown, source))?;
    migrate(&mut conn, &shown)?;
    Ok(conn)
}

/// Refuses a database that another program made (no schema version, but tables), before
/// anything is set or written: migrating it would add rewards' tables to someone else's data.
fn refuse_foreign(conn: &Connection, shown: &str) -> Result<(), DbError> {
    let read = |source| opening(shown, source);
    conn.busy_timeout(BUSY_TIMEOUT).map_err(read)?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(read)?;
    if version != 0 {
        return Ok(());
    }
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             ORDER BY name LIMIT 4",
        )
        .and_then(|mut st| st.query_map([], |r| r.get(0))?.collect())
        .map_err(read)?;
    if tables.is_empty() {
        return Ok(());
    }
    Err(DbError::Foreign {
        path: shown.to_string(),
        tables: tables.join(", "),
    })
}

/// What an error while first reading or setting up a database means: another process holding
/// it (WAL mode needs a moment of exclusive access), a read-only file, or not a database.
fn opening(path: &str, source: rusqlite::Error) -> DbError {
    use rusqlite::ErrorCode as C;
    let path = path.to_string();
    match source.sqlite_error_code() {
        Some(C::DatabaseBusy | C::DatabaseLocked | C::CannotOpen) => DbError::Open { path, source },
        Some(C::ReadOnly) => DbError::ReadOnly { path, source },
        _ => DbError::NotADatabase { path, source },
    }
}

/// Creates an empty file readable and writable by its owner only.
fn create_private(path: &Path) -> std::io::Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path).map(|_| ())
}

/// A second connection to the database file another connection has open (its full path, for
/// reading in a second thread), with the same pragmas; never creating one: if the file was
/// removed meanwhile, the caller reads in one thread.
pub fn open_second(path: &str) -> rusqlite::Result<Connection> {
    use rusqlite::OpenFlags;
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    set_pragmas(&conn)?;
    Ok(conn)
}

/// Pragmas set on every open.
pub fn set_pragmas(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // WAL lets readers (reports) run while a writer (settle) works; NORMAL is durable at
    // checkpoints and safe against corruption in WAL mode.
    let _: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.set_prepared_statement_cache_capacity(64);
    // Query planner stability: plans never depend on bound values. Without it, a `col = ?`
    // compared against a partial index's `WHERE code_status = 'unknown'` tied the statement to
    // the bound value and SQLite re-prepared it each time the value changed (a sixth of a big
    // settle). The partial indexes are used through literals and IS NOT NULL, so no plan is lost.
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    Ok(())
}

/// The schema version this build writes.
pub fn latest_version() -> i64 {
    migrations::MIGRATIONS.len() as i64
}

/// Applies every migration the database has not seen, each in its own transaction.
pub fn migrate(conn: &mut Connection, shown: &str) -> Result<(), DbError> {
    let current: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|source| opening(shown, source))?;
    let known = latest_version();
    if current > known {
        return Err(DbError::TooNew {
            path: shown.to_string(),
            found: current,
            known,
        });
    }
    if current == known {
        return Ok(());
    }
    // A migration may rebuild a table that others reference (SQLite's way to change a
    // constraint): foreign keys are off while it runs (they cannot change inside a
    // transaction); before each commits, a check finds no more rows pointing at nothing than
    // there were before.
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    migrations::register_functions(conn)?;
    let migrated = apply_migrations(conn, current);
    conn.pragma_update(None, "foreign_keys", "ON")?;
    migrated
}

/// Rows whose foreign key points at nothing (none, unless edited by hand with the keys off).
fn dangling_references(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| {
        r.get(0)
    })
}

fn apply_migrations(conn: &mut Connection, current: i64) -> Result<(), DbError> {
    // Only references a migration breaks stop it: a database that already had some (edited by
    // hand) still upgrades.
    let dangling = dangling_references(conn)?;
    for (i, sql) in migrations::MIGRATIONS
        .iter()
        .enumerate()
        .skip(current as usize)
    {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Another process may have migrated while we waited for the lock.
        let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if now > i as i64 {
            continue;
        }
        tx.execute_batch(sql)?;
        let now = dangling_references(&tx)?;
        if now > dangling {
            return Err(DbError::Sql(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY),
                Some(format!(
                    "migration {} would leave {} more rows pointing at nothing; nothing was changed",
                    i + 1,
                    now - dangling
                )),
            )));
        }
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

/// The shop's time zone setting of an existing database, read without writing anything (no
/// migration, no pragma), if it can be read.
pub fn peek_timezone(path: &Path) -> Option<String> {
    setting(&open_to_peek(path)?, "timezone").ok().flatten()
}

/// The schema version of an existing database, read without writing anything: Some(0) for an
/// empty file (or one of another program), None if it cannot be read at all.
pub fn peek_version(path: &Path) -> Option<i64> {
    open_to_peek(path)?
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .ok()
}

/// An existing database opened read-only (nothing created, migrated or set), if it can be.
fn open_to_peek(path: &Path) -> Option<Connection> {
    if !path.exists() {
        return None;
    }
    let flags =
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
    Connection::open_with_flags(path, flags).ok()
}

/// Reads a setting.
pub fn setting(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
        r.get(0)
    })
    .optional()
}

/// Writes a setting.
pub fn set_setting(conn: &Connection, key: &str, value: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO settings(key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

/// Whether the shop holds anything yet: programs, members or orders.
pub fn has_shop_data(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM programs) OR EXISTS(SELECT 1 FROM members)
             OR EXISTS(SELECT 1 FROM orders)",
        [],
        |r| r.get(0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(code: i32) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None)
    }

    #[test]
    fn opening_errors_say_what_went_wrong() {
        use rusqlite::ffi;
        let said = |code| opening("shop.db", failure(code)).to_string();
        assert!(said(ffi::SQLITE_NOTADB).starts_with("shop.db is not a rewards database"));
        assert!(
            said(ffi::SQLITE_READONLY)
                .starts_with("cannot write database shop.db: the file or its folder is read-only")
        );
        assert!(said(ffi::SQLITE_BUSY).starts_with("cannot open database shop.db"));
    }
}
