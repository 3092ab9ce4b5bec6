//! The command line: clap types, one file per command group, and the context every handler gets.
//!
//! A handler turns its arguments into an options struct, calls `core`/`db`, and hands plain data
//! to `output`. Status and warnings go to stderr through [`Ctx::status`] / [`Ctx::warn`].

pub mod balance;
pub mod code;
pub mod completions;
pub mod demo;
pub mod import;
pub mod init;
pub mod ledger;
pub mod member;
pub mod payout;
pub mod program;
pub mod report;
pub mod review;

use crate::core::money::Currency;
use crate::core::time::{self, DayEdge};
use crate::output::Format;
use anyhow::Context as _;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use clap::{Parser, Subcommand};
use rusqlite::Connection;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Referral, affiliate and points programs for a shop, from one local SQLite file.
#[derive(Debug, Parser)]
#[command(name = "rewards", version, about, max_term_width = 100)]
pub struct Cli {
    /// Database file [default: $REWARDS_DB, else ./rewards.db]
    #[arg(long, global = true, env = "REWARDS_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Output format for data on stdout
    #[arg(long, global = true, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// The moment to act as of: 2026-03-31 (end of that day in the shop's time zone),
    /// 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]
    #[arg(long, global = true, env = "REWARDS_NOW", value_name = "TIMESTAMP")]
    pub as_of: Option<String>,

    /// Print no status messages on stderr (errors and warnings are still printed); `settle`
    /// prints nothing at all on success
    #[arg(long, short, global = true)]
    pub quiet: bool,

    /// Answer yes to confirmations; never prompt
    #[arg(long, short, global = true)]
    pub yes: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the database and set the shop's currency and time zone
    Init(init::InitArgs),
    /// Create and manage referral, affiliate and points programs
    #[command(subcommand)]
    Program(program::ProgramCmd),
    /// Add, import, list and block members (customers and partners)
    #[command(subcommand)]
    Member(member::MemberCmd),
    /// Issue, list and revoke referral and partner codes
    #[command(subcommand)]
    Code(code::CodeCmd),
    /// Import orders, returns and activities from the shop's CSV exports
    #[command(subcommand)]
    Import(import::ImportCmd),
    /// Turn imported orders, returns and activities into ledger entries (run nightly)
    Settle(ledger::SettleArgs),
    /// Show pending, available and paid balances and points
    Balance(balance::BalanceArgs),
    /// Redeem points
    #[command(subcommand)]
    Points(ledger::PointsCmd),
    /// Credit or debit a member by hand, with a reason
    Adjust(balance::AdjustArgs),
    /// Create, export and settle payout batches
    #[command(subcommand)]
    Payout(payout::PayoutCmd),
    /// Reports for the shop owner
    Report(report::ReportArgs),
    /// Rewards held for review: list, approve, reject
    #[command(subcommand)]
    Review(review::ReviewCmd),
    /// Trace amounts back to orders, returns and the CSV lines they came from
    Explain(ledger::ExplainArgs),
    /// Check the ledger's invariants
    Verify(ledger::VerifyArgs),
    /// Print shell completions
    Completions(completions::CompletionsArgs),
    /// Walk the bundled sample data through the whole flow in a temporary database
    Demo(demo::DemoArgs),
}

/// How a command that did not fail ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Done,
    /// Exit 3: finished, but some input rows were rejected or some items need review.
    Partial,
}

/// A usage error: bad or missing arguments. Exit 2, nothing written.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Returns a usage error (exit code 2).
pub fn usage(msg: impl Into<String>) -> anyhow::Error {
    UsageError(msg.into()).into()
}

/// What every handler gets: the global options.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub db_path: PathBuf,
    pub format: Format,
    pub as_of: Option<String>,
    pub quiet: bool,
    pub yes: bool,
}

/// An open database with the shop's settings and the resolved clock.
pub struct Session {
    pub conn: Connection,
    pub zone: Tz,
    pub currency: Option<Currency>,
    /// `--as-of`, `$REWARDS_NOW`, or the system clock.
    pub now: DateTime<Utc>,
}

impl Session {
    /// The shop's default currency, or a usage error telling how to set it.
    pub fn currency_or(&self, given: Option<&str>) -> anyhow::Result<Currency> {
        match given {
            Some(code) => Currency::from_code(code).map_err(|e| usage(e.to_string())),
            None => self.currency.ok_or_else(|| {
                usage("no currency given: pass --currency, or set the shop's with `rewards init --currency SAR`")
            }),
        }
    }

    /// Parses a user-given date or timestamp in the shop's zone.
    pub fn parse_time(&self, what: &str, s: &str, edge: DayEdge) -> anyhow::Result<DateTime<Utc>> {
        time::parse_instant(s, self.zone, edge).map_err(|e| usage(format!("{what}: {e}")))
    }
}

impl Ctx {
    pub fn from_cli(cli: &Cli) -> Ctx {
        Ctx {
            db_path: cli
                .db
                .clone()
                .unwrap_or_else(|| PathBuf::from("rewards.db")),
            format: cli.format,
            as_of: cli.as_of.clone(),
            quiet: cli.quiet,
            yes: cli.yes,
        }
    }

    /// Refuses an input that is not a regular file: an import reads its file more than once
    /// (the whole-file hash, the rows, their line numbers), which a pipe cannot give, and a
    /// cron job would wait on it for ever. A missing file is left to the reader's own error.
    pub fn regular_input(&self, path: &Path) -> anyhow::Result<()> {
        match std::fs::metadata(path) {
            Ok(m) if !m.is_file() => Err(usage(format!(
                "{} is not a regular file (a pipe, a device or a directory): save it to a file and import that",
                path.display()
            ))),
            _ => Ok(()),
        }
    }

    /// Refuses to write `target` (an output file) over the database, its WAL or shared-memory
    /// file, or any of `inputs`. Compared as files (device and inode), so another spelling, a
    /// symbolic or a hard link of the same file is caught too; a target that does not exist
    /// yet is none of them.
    pub fn refuse_overwrite(
        &self,
        flag: &str,
        target: &Path,
        inputs: &[&Path],
    ) -> anyhow::Result<()> {
        let db = self.db_path.as_os_str();
        let sidecars = ["-wal", "-shm", "-journal"].map(|suffix| {
            let mut p = db.to_os_string();
            p.push(suffix);
            PathBuf::from(p)
        });
        if std::iter::once(self.db_path.as_path())
            .chain(sidecars.iter().map(PathBuf::as_path))
            .any(|p| same_file(target, p))
        {
            return Err(usage(format!(
                "{flag} {} is the database (or one of its files): name another file",
                target.display()
            )));
        }
        if inputs.iter().any(|p| same_file(target, p)) {
            return Err(usage(format!(
                "{flag} {} is the file being read: name another file",
                target.display()
            )));
        }
        Ok(())
    }

    /// [`Ctx::open`] for a command whose effect is dated at the as-of, cannot be taken back,
    /// and refuses later changes dated before it (`effect` says what it does). An as-of more
    /// than two days after this machine's clock (a typo in --as-of or $REWARDS_NOW) is asked
    /// about in a terminal and refused without one unless --yes, before the database is
    /// touched (its time zone, which places a date alone, is only peeked at). Today and
    /// tomorrow always pass.
    pub fn open_dated(&self, effect: &str) -> anyhow::Result<Session> {
        let zone = || {
            crate::db::peek_timezone(&self.db_path)
                .and_then(|z| time::parse_zone(&z).ok())
                .unwrap_or(Tz::UTC)
        };
        if let Some(s) = &self.as_of
            && !self.yes
            && let Ok(at) = time::parse_instant(s, zone(), DayEdge::End)
        {
            let clock = Utc::now();
            if at > clock + chrono::Duration::days(2) {
                let why = format!(
                    "the as-of {} (--as-of or $REWARDS_NOW) is more than two days after this \
                     machine's clock ({}): {effect}, and that cannot be taken back",
                    time::to_db(at),
                    time::to_db(clock)
                );
                if !self.interactive() {
                    return Err(usage(format!("{why}; pass --yes if it is meant")));
                }
                let go = dialoguer::Confirm::new()
                    .with_prompt(format!("{why}. Go on?"))
                    .default(false)
                    .interact()?;
                if !go {
                    return Err(usage("cancelled; nothing was written"));
                }
            }
        }
        self.open()
    }

    /// Opens the database for a dry run, which writes nothing: not even an empty database at a
    /// mistyped path, nor the schema into an empty file, nor an upgrade of an older database.
    pub fn open_for_dry_run(&self) -> anyhow::Result<Session> {
        self.check_clock()?;
        let shown = self.db_path.display();
        if !self.db_path.exists() {
            anyhow::bail!(
                "no database at {shown}: a dry run creates none (name the shop's with --db or \
                 $REWARDS_DB, or make one with `rewards init`)"
            );
        }
        match crate::db::peek_version(&self.db_path) {
            Some(0) => anyhow::bail!(
                "{shown} holds no rewards database (it is empty, or another program's): a dry \
                 run creates none (make one with `rewards init`)"
            ),
            Some(v) if v < crate::db::latest_version() => anyhow::bail!(
                "{shown} was made by an earlier rewards (schema version {v}) and a dry run does \
                 not upgrade it: any other command does (`rewards verify`, say), then dry-run again"
            ),
            // Unreadable, or newer than this build: `open` says why.
            _ => self.open(),
        }
    }

    /// Refuses a clock that is no time at all, before the database is touched (or made).
    fn check_clock(&self) -> anyhow::Result<()> {
        if let Some(s) = &self.as_of
            && let Err(e) = time::parse_instant(s, Tz::UTC, DayEdge::End)
            && !matches!(e, time::TimeError::Nonexistent(_))
        {
            return Err(usage(format!("--as-of / REWARDS_NOW: {e}")));
        }
        Ok(())
    }

    /// Opens (creating and migrating) the database and resolves the clock.
    pub fn open(&self) -> anyhow::Result<Session> {
        self.check_clock()?;
        let conn = crate::db::open(&self.db_path)?;
        let zone = match crate::db::setting(&conn, "timezone")? {
            Some(z) => time::parse_zone(&z)
                .with_context(|| format!("the database's time zone setting {z:?}"))?,
            None => Tz::UTC,
        };
        let currency = match crate::db::setting(&conn, "currency")? {
            Some(c) => Some(Currency::from_code(&c)?),
            None => None,
        };
        let now = match &self.as_of {
            Some(s) => time::parse_instant(s, zone, DayEdge::End)
                .map_err(|e| usage(format!("--as-of / REWARDS_NOW: {e}")))?,
            None => Utc::now(),
        };
        Ok(Session {
            conn,
            zone,
            currency,
            now,
        })
    }

    /// A status line on stderr, unless `--quiet`.
    pub fn status(&self, msg: impl std::fmt::Display) {
        if !self.quiet {
            eprintln!("{msg}");
        }
    }

    /// A warning on stderr (shown even with `--quiet`).
    pub fn warn(&self, msg: impl std::fmt::Display) {
        eprintln!("warning: {msg}");
    }

    /// Whether prompts may be shown: stdin and stdout are terminals and `--yes` was not given.
    pub fn interactive(&self) -> bool {
        !self.yes && std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
    }

    /// Prints a list on stdout; an empty list still has its CSV header.
    pub fn emit_list<T: serde::Serialize + Default>(&self, items: &[T]) -> anyhow::Result<()> {
        crate::output::emit_list(self.format, items)
    }

    /// [`Ctx::emit_list`] whose empty CSV header is `probe`'s (for rows that skip empty fields).
    pub fn emit_list_with<T: serde::Serialize>(
        &self,
        items: &[T],
        probe: &T,
    ) -> anyhow::Result<()> {
        crate::output::emit_list_with(self.format, items, probe)
    }

    /// Prints data on stdout in the chosen format.
    pub fn emit<T: serde::Serialize + ?Sized>(&self, data: &T) -> anyhow::Result<()> {
        crate::output::emit(self.format, data)
    }
}

/// Runs one parsed command.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let ctx = Ctx::from_cli(&cli);
    match cli.command {
        Command::Init(a) => init::run(&ctx, a),
        Command::Program(c) => program::run(&ctx, c),
        Command::Member(c) => member::run(&ctx, c),
        Command::Code(c) => code::run(&ctx, c),
        Command::Import(c) => import::run(&ctx, c),
        Command::Settle(a) => ledger::settle(&ctx, a),
        Command::Balance(a) => balance::balance(&ctx, a),
        Command::Points(c) => ledger::points(&ctx, c),
        Command::Adjust(a) => balance::adjust(&ctx, a),
        Command::Payout(c) => payout::run(&ctx, c),
        Command::Report(a) => report::run(&ctx, a),
        Command::Review(c) => review::run(&ctx, c),
        Command::Explain(a) => ledger::explain(&ctx, a),
        Command::Verify(a) => ledger::verify(&ctx, a),
        Command::Completions(a) => completions::run(a),
        Command::Demo(a) => demo::run(&ctx, a),
    }
}

/// Whether two paths name one file: the same existing file (device and inode on Unix, so
/// another spelling or a link is caught), or the same place in the same directory (for a
/// file not there yet, such as a database's WAL between connections).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    let place = |p: &Path| -> Option<PathBuf> {
        let dir = match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        Some(std::fs::canonicalize(dir).ok()?.join(p.file_name()?))
    };
    matches!((place(a), place(b)), (Some(x), Some(y)) if x == y)
}
