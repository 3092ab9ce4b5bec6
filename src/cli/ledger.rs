//! `rewards settle`, `points redeem`, `explain`, `verify`, `review`: the engine over the ledger.

use super::{Ctx, Outcome};
use crate::core::identity::normalize_email;
use crate::core::time::to_db;
use crate::db::settle::{self, Engine};
use crate::db::{explain, ledger, redeem, verify};
use crate::output::Format;
use anyhow::Context as _;
use clap::{Args, Subcommand};
use rusqlite::TransactionBehavior;
use serde::Serialize;

#[derive(Debug, Args)]
#[command(after_help = "\
Settles orders, returns and activities with a time up to --as-of (default: now). Each order is
judged once, on data up to its own time, so settling in steps gives the same ledger as settling
once. Counts are ledger rows written by this run; `approved` counts rewards whose hold ended
between the previous settle's as-of and this one. A second run with the same inputs reports zeros.
An as-of more than two days after this machine's clock is asked about, and refused without a
terminal unless --yes is given: the ledger cannot be taken back.
Exit codes: 0 done; 3 done, but rewards wait for review, held by this run or an earlier one
(`rewards review list`); 1 error (nothing written); 2 usage error.")]
pub struct SettleArgs {
    /// Compute and report what would be written, and write nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Subcommand)]
pub enum PointsCmd {
    /// Redeem a member's points (refused beyond the available points)
    Redeem {
        /// Member's email
        email: String,
        /// How many points
        points: i64,
        /// What they were redeemed for
        #[arg(long)]
        note: Option<String>,
        /// Redeem the points of this program only (required when the member holds points in
        /// several currencies)
        #[arg(long, value_name = "NAME")]
        program: Option<String>,
    },
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["order", "member"])))]
pub struct ExplainArgs {
    /// Explain what one order earned, and why
    #[arg(long, value_name = "ORDER_ID")]
    pub order: Option<String>,
    /// Explain a member's balance entry by entry
    #[arg(long, value_name = "EMAIL")]
    pub member: Option<String>,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {}

/// What `settle` prints: counts of ledger rows this run wrote, and totals as of its as-of.
#[derive(Debug, Serialize)]
struct SettleOutput {
    run_id: Option<i64>,
    as_of: String,
    accrued: i64,
    approved: i64,
    reversed: i64,
    expired: i64,
    held_for_review: i64,
    totals: Vec<settle::Total>,
}

pub fn settle(ctx: &Ctx, args: SettleArgs) -> anyhow::Result<Outcome> {
    let mut s = if args.dry_run {
        ctx.open_for_dry_run()?
    } else {
        ctx.open_dated(
            "settling then writes the points expiries up to it and refuses pauses, blocks and \
             redemptions dated before it (--dry-run only looks)",
        )?
    };
    let as_of = to_db(s.now);
    let tx = s
        .conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .context("cannot start the settle transaction")?;
    let (run_id, counts) = {
        let mut engine = Engine::new(&tx, "settle", s.now, s.zone)?;
        engine
            .settle(s.now)
            .context("settle failed; nothing was written")?;
        (engine.run_id, engine.counts.clone())
    };
    let totals = settle::totals(&tx, &as_of)?;
    // Every reward still waiting for a decision, this run's and earlier ones.
    let waiting: i64 = tx.query_row(
        "SELECT COUNT(*) FROM reviews WHERE status = 'held'",
        [],
        |r| r.get(0),
    )?;
    ledger::finish_run(&tx, run_id, &serde_json::to_string(&counts)?)?;
    if args.dry_run {
        tx.rollback()?;
    } else {
        tx.commit().context("cannot commit the settle run")?;
    }
    let out = SettleOutput {
        run_id: (!args.dry_run).then_some(run_id),
        as_of,
        accrued: counts.accrued,
        approved: counts.approved,
        reversed: counts.reversed,
        expired: counts.expired,
        held_for_review: counts.held_for_review,
        totals,
    };
    ctx.status(format!(
        "{}settled as of {}: {} accrued, {} became available, {} reversed, {} expired, {} held for review, {} orders skipped",
        if args.dry_run { "dry run, nothing written: " } else { "" },
        out.as_of,
        out.accrued,
        out.approved,
        out.reversed,
        out.expired,
        out.held_for_review,
        counts.skipped
    ));
    if !(ctx.quiet && ctx.format == Format::Table) {
        ctx.emit(&out)?;
    }
    // Exit 3 while anything waits for review, not only on the night it was held: a cron job
    // that missed one night still hears of it.
    if waiting > 0 {
        ctx.warn(format!(
            "{waiting} rewards wait for review ({} held by this run): see `rewards review list`",
            out.held_for_review
        ));
        return Ok(Outcome::Partial);
    }
    Ok(Outcome::Done)
}

#[derive(Debug, Serialize)]
struct Redeemed {
    redemption_id: i64,
    member_email: String,
    currency: String,
    points: i64,
    available_before: i64,
    available_after: i64,
}

pub fn points(ctx: &Ctx, cmd: PointsCmd) -> anyhow::Result<Outcome> {
    let PointsCmd::Redeem {
        email,
        points,
        note,
        program,
    } = cmd;
    if points <= 0 {
        return Err(super::usage("POINTS must be a positive whole number"));
    }
    let mut s =
        ctx.open_dated("a redemption dated then refuses the member's redemptions dated before it")?;
    let tx = s
        .conn
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let email = normalize_email(&email);
    let r = redeem::redeem(
        &tx,
        &email,
        points,
        program.as_deref(),
        note.as_deref(),
        s.now,
        s.zone,
    )?;
    tx.commit()?;
    ctx.status(format!(
        "redeemed {points} points of {email}: {} left",
        r.available_after
    ));
    ctx.emit(&Redeemed {
        redemption_id: r.redemption_id,
        member_email: email,
        currency: r.currency,
        points,
        available_before: r.available_before,
        available_after: r.available_after,
    })?;
    Ok(Outcome::Done)
}

pub fn explain(ctx: &Ctx, args: ExplainArgs) -> anyhow::Result<Outcome> {
    let s = ctx.open()?;
    match (args.order, args.member) {
        (Some(order_id), _) => ctx.emit(&explain::order(&s.conn, order_id.trim())?)?,
        (None, Some(email)) => {
            let rows = explain::member(&s.conn, &normalize_email(&email), &to_db(s.now))?;
            ctx.emit_list_with(&rows, &explain::member_columns())?
        }
        (None, None) => return Err(super::usage("give --order ORDER_ID or --member EMAIL")),
    }
    Ok(Outcome::Done)
}

pub fn verify(ctx: &Ctx, _args: VerifyArgs) -> anyhow::Result<Outcome> {
    let s = ctx.open()?;
    let report = verify::verify(&s.conn, &to_db(s.now))?;
    ctx.emit(&report)?;
    if report.ok {
        return Ok(Outcome::Done);
    }
    let broken: Vec<&str> = report
        .checks
        .iter()
        .filter(|c| !c.ok)
        .map(|c| c.name)
        .collect();
    anyhow::bail!("ledger invariants broken: {}", broken.join(", "))
}
