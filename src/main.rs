//! The `rewards` binary: parse, run, and map the outcome to the contract's exit codes
//! (0 success, 1 error, 2 usage error, 3 finished with rejected rows or items to review).

use clap::Parser;
use rewards::cli::{self, Outcome, UsageError};
use std::process::ExitCode;

fn main() -> ExitCode {
    // `export REWARDS_NOW=` means no pinned clock, as an unset variable does (clap would read
    // an empty value and refuse it).
    for var in ["REWARDS_DB", "REWARDS_NOW"] {
        if std::env::var_os(var).is_some_and(|v| v.is_empty()) {
            // SAFETY: the first thing main does, before any other thread exists.
            unsafe { std::env::remove_var(var) };
        }
    }
    let parsed = match cli::Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            // --help and --version print to stdout and succeed; real usage errors exit 2.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli::run(parsed) {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::Partial) => ExitCode::from(3),
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            if is_busy(&e) {
                eprintln!(
                    "error: the database is busy: another process (a settle, an import, or another program) kept it locked for more than {} s; nothing was written, try again when it is done",
                    rewards::db::BUSY_TIMEOUT.as_secs()
                );
                return ExitCode::from(1);
            }
            if e.downcast_ref::<rewards::output::OutputFailed>().is_some() {
                // Printing comes last: what the command changed is committed by now.
                eprintln!(
                    "error: {}; the command itself finished and what it changed is saved (look before running it again)",
                    message(&e)
                );
                return ExitCode::from(1);
            }
            eprintln!("error: {}", message(&e));
            if e.downcast_ref::<UsageError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Whether SQLite gave up waiting for another process's lock (after `BUSY_TIMEOUT`).
fn is_busy(e: &anyhow::Error) -> bool {
    use rusqlite::ErrorCode as C;
    let busy = |code: Option<C>| matches!(code, Some(C::DatabaseBusy | C::DatabaseLocked));
    // Typed errors that wrap SQLite's transparently show its cause (`ffi::Error`), not it.
    e.chain().any(|c| {
        c.downcast_ref::<rusqlite::Error>()
            .is_some_and(|r| busy(r.sqlite_error_code()))
            || c.downcast_ref::<rusqlite::ffi::Error>()
                .is_some_and(|f| busy(Some(f.code)))
    })
}

/// The error and its causes, each once: typed errors often already quote their source.
fn message(e: &anyhow::Error) -> String {
    let mut msg = e.to_string();
    for cause in e.chain().skip(1) {
        let text = cause.to_string();
        if !msg.contains(&text) {
            msg.push_str(": ");
            msg.push_str(&text);
        }
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    fn sqlite(code: i32) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None)
    }

    #[test]
    fn a_lock_held_too_long_is_told_as_busy_however_it_is_wrapped() {
        let plain = anyhow::Error::from(sqlite(rusqlite::ffi::SQLITE_BUSY));
        assert!(is_busy(&plain));
        let engine = rewards::db::settle::EngineError::Sql(sqlite(rusqlite::ffi::SQLITE_BUSY));
        let wrapped = Err::<(), _>(engine)
            .context("cannot start the settle transaction")
            .unwrap_err();
        assert!(is_busy(&wrapped));
        let other = anyhow::Error::from(sqlite(rusqlite::ffi::SQLITE_CONSTRAINT));
        assert!(!is_busy(&other));
    }
}
