//! `rewards payout create|list|show|export|mark-paid|mark-failed`.

use super::balance::{fmt_amount, local_date};
use super::{Ctx, Outcome, Session, usage};
use crate::core::money::{Currency, format_minor, parse_minor};
use crate::core::payout::{self, Status};
use crate::core::time::to_db;
use crate::db::payouts as dbp;
use crate::io::payout_file::{self, PayoutLine};
use crate::output::Format;
use anyhow::Context as _;
use clap::{Subcommand, ValueEnum};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

#[derive(Debug, Subcommand)]
pub enum PayoutCmd {
    /// Batch every member whose available balance is at least --min, per currency and method
    Create {
        /// Smallest balance paid out
        #[arg(long, value_name = "AMOUNT")]
        min: Option<String>,
        /// Only this currency
        #[arg(long, value_name = "CUR")]
        currency: Option<String>,
    },
    /// List payout batches
    List,
    /// Show one batch and its members
    Show {
        /// Batch id
        id: i64,
    },
    /// Write a batch's payment file (repeatable; never marks anything paid)
    Export {
        /// Batch id
        id: i64,
        /// File format
        #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
        to: ExportFormat,
        /// Write to this file instead of stdout
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Record that an exported batch was paid (export it first with `payout export`)
    MarkPaid {
        /// Batch id
        id: i64,
        /// The bank's or PayPal's reference
        #[arg(long)]
        reference: Option<String>,
    },
    /// Record that an exported batch failed; its money returns to the members' available balances
    MarkFailed {
        /// Batch id
        id: i64,
        /// Why it failed
        #[arg(long)]
        reason: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// CSV for the bank or a spreadsheet, one row per member
    Csv,
    /// PayPal mass-pay file (no header, one currency, at most 5,000 rows per file)
    Paypal,
}

/// A batch as `payout create` prints it (the contract's shape plus `_minor` fields).
#[derive(Debug, Default, Serialize)]
pub struct BatchOut {
    pub id: i64,
    pub currency: String,
    pub method: String,
    pub total: String,
    pub members: Vec<BatchMember>,
    pub total_minor: i64,
}

#[derive(Debug, Default, Serialize)]
pub struct BatchMember {
    pub member_email: String,
    pub amount: String,
    pub amount_minor: i64,
}

/// A member with money who was not batched, and why.
#[derive(Debug, Serialize)]
pub struct LeftOut {
    pub member_email: String,
    pub currency: String,
    pub available: String,
    pub reason: &'static str,
    pub available_minor: i64,
}

/// The table view of `payout create`: batches, then who was left out.
#[derive(Debug, Serialize)]
struct CreateTable<'a> {
    batches: Vec<BatchRow<'a>>,
    left_out: &'a [LeftOut],
}

#[derive(Debug, Serialize)]
struct BatchRow<'a> {
    id: i64,
    currency: &'a str,
    method: &'a str,
    members: usize,
    total: &'a str,
}

pub fn run(ctx: &Ctx, cmd: PayoutCmd) -> anyhow::Result<Outcome> {
    match cmd {
        PayoutCmd::Create { min, currency } => create(ctx, min.as_deref(), currency.as_deref()),
        PayoutCmd::List => list(ctx),
        PayoutCmd::Show { id } => show(ctx, id),
        PayoutCmd::Export { id, to, output } => export(ctx, id, to, output),
        PayoutCmd::MarkPaid { id, reference } => mark_paid(ctx, id, reference),
        PayoutCmd::MarkFailed { id, reason } => mark_failed(ctx, id, &reason),
    }
}

fn currency_of(code: &str) -> anyhow::Result<Currency> {
    Currency::from_code(code).with_context(|| format!("stored currency {code:?}"))
}

fn create(ctx: &Ctx, min: Option<&str>, currency: Option<&str>) -> anyhow::Result<Outcome> {
    let mut s = ctx.open_dated(
        "a batch dated then pays rewards that are still pending today and refuses every batch \
         dated before it",
    )?;
    let only = match currency {
        Some(c) => Some(s.currency_or(Some(c))?.code()),
        None => None,
    };
    let now = to_db(s.now);
    // A batch as of a moment before an existing batch's period end is backdated: surely a
    // mistaken --as-of, so it is refused before anything is read or written.
    if let Some((id, end)) = dbp::newest_period_end(&s.conn)?
        && now < end
    {
        anyhow::bail!(
            "payout batch {id} was already made as of {end}; a batch as of {now} would be backdated. \
             Run `rewards payout create` without --as-of, or with one at or after {end}"
        );
    }
    if let Some((id, failed)) = dbp::newest_failure(&s.conn)?
        && now < failed
    {
        anyhow::bail!(
            "payout batch {id} failed as of {failed} and gave its money back then; a batch as of \
             {now} would be backdated. Run `rewards payout create` without --as-of, or with one at \
             or after {failed}"
        );
    }
    // The minimum is read in each currency's own decimals; default: anything above zero.
    let preview = dbp::candidates(&s.conn, &now, only)?;
    let mut mins: BTreeMap<String, i64> = BTreeMap::new();
    let mut currencies: Vec<String> = preview.iter().map(|c| c.currency.clone()).collect();
    currencies.extend(only.map(str::to_string));
    for code in currencies {
        let cur = currency_of(&code)?;
        let m = match min {
            Some(text) => parse_minor(text, cur).map_err(|e| usage(format!("--min: {e}")))?,
            None => 1,
        };
        if m < 0 {
            return Err(usage("--min cannot be negative"));
        }
        mins.insert(code, m.max(1));
    }
    let mut left = Vec::new();
    let mut emails: BTreeMap<i64, String> = BTreeMap::new();
    let written = dbp::create_batches(&mut s.conn, &now, only, &mins, |fresh| {
        emails = fresh
            .iter()
            .map(|c| (c.member_id, c.email.clone()))
            .collect();
        let (batches, l) = payout::plan(fresh, &mins);
        left = l;
        batches
    })
    .context("writing the payout batches")?;
    let left_out: Vec<LeftOut> = left
        .iter()
        .map(|(c, r)| LeftOut {
            member_email: c.email.clone(),
            currency: c.currency.clone(),
            available: fmt_amount(c.available_minor, &c.currency),
            reason: r.as_str(),
            available_minor: c.available_minor,
        })
        .collect();
    let out: Vec<BatchOut> = written
        .iter()
        .map(|(id, b)| BatchOut {
            id: *id,
            currency: b.currency.clone(),
            method: b.method.clone(),
            total: fmt_amount(b.total(), &b.currency),
            total_minor: b.total(),
            members: b
                .members
                .iter()
                .map(|&(mid, amt)| BatchMember {
                    member_email: emails.get(&mid).cloned().unwrap_or_default(),
                    amount: fmt_amount(amt, &b.currency),
                    amount_minor: amt,
                })
                .collect(),
        })
        .collect();
    for b in &out {
        ctx.status(format!(
            "batch {}: {} {} to {} member(s) by {}",
            b.id,
            b.total,
            b.currency,
            b.members.len(),
            b.method
        ));
    }
    if out.is_empty() {
        ctx.status("nothing is due: no batch created");
    }
    for l in &left_out {
        ctx.status(format!(
            "left out: {} ({} {}): {}",
            l.member_email, l.available, l.currency, l.reason
        ));
    }
    if ctx.format == Format::Table {
        let rows = out
            .iter()
            .map(|b| BatchRow {
                id: b.id,
                currency: &b.currency,
                method: &b.method,
                members: b.members.len(),
                total: &b.total,
            })
            .collect();
        ctx.emit(&CreateTable {
            batches: rows,
            left_out: &left_out,
        })?;
    } else {
        // An empty list still gets its CSV header.
        ctx.emit_list(&out)?;
    }
    Ok(Outcome::Done)
}

/// A batch in `list` and `show`.
#[derive(Debug, Default, Serialize)]
pub struct BatchInfo {
    pub id: i64,
    pub currency: String,
    pub method: String,
    pub status: String,
    pub members: i64,
    pub total: String,
    pub minimum: String,
    pub period_end: String,
    pub created_at: String,
    pub exported_at: Option<String>,
    pub paid_at: Option<String>,
    pub reference: Option<String>,
    pub failed_at: Option<String>,
    pub failure_reason: Option<String>,
    pub total_minor: i64,
    pub minimum_minor: i64,
}

fn info(b: &dbp::Batch) -> BatchInfo {
    BatchInfo {
        id: b.id,
        currency: b.currency.clone(),
        method: b.method.clone(),
        status: b.status.clone(),
        members: b.members,
        total: fmt_amount(b.total_minor, &b.currency),
        minimum: fmt_amount(b.min_minor, &b.currency),
        period_end: b.period_end.clone(),
        created_at: b.created_at.clone(),
        exported_at: b.exported_at.clone(),
        paid_at: b.paid_at.clone(),
        reference: b.reference.clone(),
        failed_at: b.failed_at.clone(),
        failure_reason: b.failure_reason.clone(),
        total_minor: b.total_minor,
        minimum_minor: b.min_minor,
    }
}

fn list(ctx: &Ctx) -> anyhow::Result<Outcome> {
    let s = ctx.open()?;
    let rows: Vec<BatchInfo> = dbp::list(&s.conn)?.iter().map(info).collect();
    ctx.emit_list(&rows)?;
    Ok(Outcome::Done)
}

fn find(s: &Session, id: i64) -> anyhow::Result<dbp::Batch> {
    dbp::get(&s.conn, id)?
        .ok_or_else(|| anyhow::anyhow!("no payout batch {id} (see `rewards payout list`)"))
}

/// `payout show`: the batch and its members with their payment lines.
#[derive(Debug, Serialize)]
struct ShowOut {
    #[serde(flatten)]
    batch: BatchInfo,
    items: Vec<ItemOut>,
}

#[derive(Debug, Serialize)]
struct ItemOut {
    member_email: String,
    member_name: String,
    payout_account: Option<String>,
    amount: String,
    entries: i64,
    reference: String,
    amount_minor: i64,
}

fn show(ctx: &Ctx, id: i64) -> anyhow::Result<Outcome> {
    let s = ctx.open()?;
    let b = find(&s, id)?;
    let items = dbp::items(&s.conn, id)?
        .into_iter()
        .map(|i| ItemOut {
            reference: payout::reference(id, i.member_id),
            amount: fmt_amount(i.amount_minor, &b.currency),
            member_email: i.email,
            member_name: i.name,
            payout_account: i.account,
            entries: i.entries,
            amount_minor: i.amount_minor,
        })
        .collect();
    ctx.emit(&ShowOut {
        batch: info(&b),
        items,
    })?;
    Ok(Outcome::Done)
}

fn status_of(b: &dbp::Batch) -> anyhow::Result<Status> {
    Status::parse(&b.status)
        .ok_or_else(|| anyhow::anyhow!("batch {} has unknown status {:?}", b.id, b.status))
}

/// What `payout export -o FILE` reports.
#[derive(Debug, Serialize)]
struct ExportOut {
    id: i64,
    format: &'static str,
    rows: usize,
    files: Vec<String>,
    status: &'static str,
}

fn export(
    ctx: &Ctx,
    id: i64,
    to: ExportFormat,
    output: Option<PathBuf>,
) -> anyhow::Result<Outcome> {
    let s = ctx.open_dated(
        "an export dated then refuses the batch's payment or failure dated before it",
    )?;
    let b = find(&s, id)?;
    let from = status_of(&b)?;
    payout::check_move(id, from, Status::Exported)
        .map_err(|e| anyhow::anyhow!("{e}; a failed batch cannot be exported"))?;
    not_before(&b, &to_db(s.now), "exported", false)?;
    if to == ExportFormat::Paypal && b.method != "paypal" {
        anyhow::bail!(
            "payout batch {id} is paid by {}, not PayPal: export it with --to csv",
            b.method
        );
    }
    let cur = currency_of(&b.currency)?;
    let period_end = local_date(&s, &b.period_end);
    let lines: Vec<PayoutLine> = dbp::items(&s.conn, id)?
        .into_iter()
        .map(|i| PayoutLine {
            payout_id: id,
            reference: payout::reference(id, i.member_id),
            member_email: i.email,
            member_name: i.name,
            payout_method: b.method.clone(),
            payout_account: i.account.unwrap_or_default(),
            currency: b.currency.clone(),
            amount: format_minor(i.amount_minor, cur),
            entries: i.entries,
            period_end: period_end.clone(),
        })
        .collect();
    let files: Vec<Vec<u8>> = match to {
        ExportFormat::Csv => vec![payout_file::csv(&lines)?],
        ExportFormat::Paypal => payout_file::paypal(&lines, &format!("Rewards payout {id}"))?,
    };
    let names = match &output {
        Some(path) => {
            let names = payout::part_names(
                &path.to_string_lossy(),
                lines.len(),
                payout::PAYPAL_MAX_ROWS,
            );
            let names = if files.len() == 1 {
                vec![path.to_string_lossy().into_owned()]
            } else {
                names
            };
            for name in &names {
                ctx.refuse_overwrite("--output", Path::new(name), &[])?;
            }
            for (name, bytes) in names.iter().zip(&files) {
                std::fs::write(name, bytes).with_context(|| format!("writing {name}"))?;
            }
            if files.len() > 1 {
                ctx.status(format!(
                    "{} rows are more than PayPal's {} per file: wrote {} files: {}",
                    lines.len(),
                    payout::PAYPAL_MAX_ROWS,
                    files.len(),
                    names.join(", ")
                ));
            } else {
                ctx.status(format!("wrote {} row(s) to {}", lines.len(), names[0]));
            }
            names
        }
        None => {
            if files.len() > 1 {
                return Err(usage(format!(
                    "{} rows are more than PayPal's {} per file: pass -o FILE to write numbered parts",
                    lines.len(),
                    payout::PAYPAL_MAX_ROWS
                )));
            }
            // Written before the export is recorded: a file cut short records nothing, a
            // closed pipe (`| head`, an upload that died) included.
            let mut out = std::io::stdout().lock();
            out.write_all(&files[0])
                .and_then(|()| out.flush())
                .map_err(|e| {
                    anyhow::anyhow!(
                        "cannot write the payout file to stdout ({e}): it is incomplete, and \
                         the export was not recorded"
                    )
                })?;
            Vec::new()
        }
    };
    // Exporting never touches the ledger; it only records the first export on the batch.
    dbp::mark_exported(&s.conn, id, &to_db(s.now)).context("recording the export")?;
    if output.is_some() {
        ctx.emit(&ExportOut {
            id,
            format: match to {
                ExportFormat::Csv => "csv",
                ExportFormat::Paypal => "paypal",
            },
            rows: lines.len(),
            files: names,
            status: payout::after_export(from).as_str(),
        })?;
    }
    Ok(Outcome::Done)
}

/// Refuses to date a step of a batch (`now`) before the batch itself, or, `after_export`,
/// before its export: a batch cannot be paid before it was created (a failed one would date
/// its returned money so).
fn not_before(b: &dbp::Batch, now: &str, what: &str, after_export: bool) -> anyhow::Result<()> {
    let (since, label) = match &b.exported_at {
        Some(e) if after_export => (e.as_str(), "exported"),
        _ => (b.created_at.as_str(), "created"),
    };
    if now < since {
        return Err(usage(format!(
            "payout batch {} was {label} as of {since}: it cannot be {what} as of {now}, which is earlier (pass a later --as-of)",
            b.id
        )));
    }
    Ok(())
}

fn mark_paid(ctx: &Ctx, id: i64, reference: Option<String>) -> anyhow::Result<Outcome> {
    let mut s = ctx.open_dated("the batch would be recorded as paid on a day still to come")?;
    let b = find(&s, id)?;
    payout::check_move(id, status_of(&b)?, Status::Paid)?;
    let now = to_db(s.now);
    not_before(&b, &now, "marked paid", true)?;
    if !dbp::mark_paid(&mut s.conn, id, &b.status, &now, reference.as_deref())? {
        anyhow::bail!(
            "payout batch {id} changed while marking it paid; look at `rewards payout show {id}`"
        );
    }
    ctx.status(format!("batch {id} marked paid"));
    let b = find(&s, id)?;
    ctx.emit(&info(&b))?;
    Ok(Outcome::Done)
}

fn mark_failed(ctx: &Ctx, id: i64, reason: &str) -> anyhow::Result<Outcome> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(usage("--reason must say why the payout failed"));
    }
    let mut s = ctx.open_dated(
        "a failure dated then gives the money back only then and refuses every batch dated \
         before it",
    )?;
    let b = find(&s, id)?;
    payout::check_move(id, status_of(&b)?, Status::Failed)?;
    let now = to_db(s.now);
    not_before(&b, &now, "marked failed", true)?;
    let Some(n) = dbp::mark_failed(&mut s.conn, id, &b.status, &now, reason)? else {
        anyhow::bail!(
            "payout batch {id} changed while marking it failed; look at `rewards payout show {id}`"
        );
    };
    ctx.status(format!(
        "batch {id} marked failed; {} {} returned to {n} member(s)",
        fmt_amount(b.total_minor, &b.currency),
        b.currency
    ));
    let b = find(&s, id)?;
    ctx.emit(&info(&b))?;
    Ok(Outcome::Done)
}
