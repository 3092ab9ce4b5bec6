//! `rewards balance` (and member statements) and `rewards adjust`.

use super::{Ctx, Outcome, Session, usage};
use crate::core::identity::normalize_email;
use crate::core::money::{Currency, format_minor, parse_minor};
use crate::core::time::{from_db, to_db};
use crate::db::balances::{self, BalanceSums, NewAdjustment};
use crate::output::Format;
use anyhow::Context as _;
use clap::Args;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Args)]
pub struct BalanceArgs {
    /// Only this member (email); without it, every member with a balance
    pub email: Option<String>,
    /// A member statement: every ledger entry with dates, for this member (email)
    #[arg(long, value_name = "EMAIL", conflicts_with = "email")]
    pub member: Option<String>,
}

#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct AdjustArgs {
    /// Member's email
    pub email: String,
    /// Amount to credit (e.g. 25) or debit (e.g. -10.50), in major units
    pub amount: String,
    /// Why (shown in explain and statements)
    #[arg(long)]
    pub reason: String,
    /// The program it belongs to
    #[arg(long)]
    pub program: Option<String>,
    /// The currency [default: the program's, else the shop's]
    #[arg(long, value_name = "CUR")]
    pub currency: Option<String>,
}

/// One row of `balance`: the contract's fields plus `_minor` integers and pending points.
#[derive(Debug, Default, Serialize)]
pub struct BalanceRow {
    pub member_email: String,
    pub currency: String,
    pub pending: String,
    pub available: String,
    pub paid: String,
    /// Batched but not yet marked paid (nor failed).
    pub in_payout: String,
    pub points: i64,
    pub points_pending: i64,
    pub pending_minor: i64,
    pub available_minor: i64,
    pub paid_minor: i64,
    pub in_payout_minor: i64,
}

/// Formats minor units of a stored currency code (unknown codes print as plain integers).
pub fn fmt_amount(minor: i64, currency: &str) -> String {
    match Currency::from_code(currency) {
        Ok(c) => format_minor(minor, c),
        Err(_) => minor.to_string(),
    }
}

fn row_of(b: &BalanceSums, fallback: &str) -> BalanceRow {
    let cur = b.currency.clone().unwrap_or_else(|| fallback.to_string());
    BalanceRow {
        member_email: b.email.clone(),
        pending: fmt_amount(b.pending, &cur),
        available: fmt_amount(b.available, &cur),
        paid: fmt_amount(b.paid, &cur),
        in_payout: fmt_amount(b.in_payout, &cur),
        points: b.points,
        points_pending: b.points_pending,
        pending_minor: b.pending,
        available_minor: b.available,
        paid_minor: b.paid,
        in_payout_minor: b.in_payout,
        currency: cur,
    }
}

/// Looks a member up by email; an unknown member is an error (exit 1).
pub fn find_member(s: &Session, email: &str) -> anyhow::Result<balances::MemberRef> {
    let e = normalize_email(email);
    balances::member_by_email(&s.conn, &e)?
        .ok_or_else(|| anyhow::anyhow!("no member with email {e:?} (see `rewards member list`)"))
}

pub fn balance(ctx: &Ctx, args: BalanceArgs) -> anyhow::Result<Outcome> {
    let s = ctx.open()?;
    if let Some(email) = &args.member {
        let st = statement(&s, email)?;
        if ctx.format == Format::Csv {
            // A spreadsheet wants the entries as rows; the balances are the last running totals.
            ctx.emit_list(&st.entries)?;
        } else {
            ctx.emit(&st)?;
        }
        return Ok(Outcome::Done);
    }
    let member = match &args.email {
        Some(e) => Some(find_member(&s, e)?),
        None => None,
    };
    let shop = s.currency.map(|c| c.code());
    let sums = balances::balances(&s.conn, &to_db(s.now), member.as_ref().map(|m| m.id), shop)?;
    let fallback = shop.unwrap_or("");
    let mut rows: Vec<BalanceRow> = sums.iter().map(|b| row_of(b, fallback)).collect();
    if rows.is_empty()
        && let (Some(m), Some(cur)) = (&member, shop)
    {
        // A known member with no entries yet: show zeros rather than nothing.
        rows.push(row_of(
            &BalanceSums {
                member_id: m.id,
                email: m.email.clone(),
                currency: Some(cur.to_string()),
                pending: 0,
                available: 0,
                paid: 0,
                in_payout: 0,
                points: 0,
                points_pending: 0,
            },
            cur,
        ));
    }
    ctx.emit_list(&rows)?;
    Ok(Outcome::Done)
}

/// A member statement an owner can send: current balances and every entry with dates.
#[derive(Debug, Serialize)]
pub struct Statement {
    pub member_email: String,
    pub member_name: String,
    pub as_of: String,
    pub balances: Vec<BalanceRow>,
    pub entries: Vec<StatementEntry>,
}

/// One ledger entry in a statement, with the running available-and-pending total per currency.
#[derive(Debug, Default, Serialize)]
pub struct StatementEntry {
    pub date: String,
    pub entry: String,
    pub program: Option<String>,
    pub description: String,
    pub currency: Option<String>,
    pub amount: Option<String>,
    pub points: i64,
    pub available_from: String,
    pub running_total: Option<String>,
    /// None for a row that moves points only, like `amount`.
    pub amount_minor: Option<i64>,
    pub running_total_minor: Option<i64>,
    pub ledger_id: i64,
}

fn describe(r: &balances::StatementRow) -> String {
    let what = match r.kind.as_str() {
        "accrual" => "reward earned",
        "reversal" => "reward reversed (refund)",
        "points_earn" => "points earned",
        "points_redeem" => "points redeemed",
        "points_expire" => "points expired",
        "payout" => "paid out",
        "payout_return" => "payout failed, returned",
        "adjustment" => "manual adjustment",
        other => other,
    };
    let mut s = what.to_string();
    if let Some(o) = &r.order_id {
        s.push_str(&format!(", order {o}"));
    } else if r.cause_type == "payout" && r.note.is_none() {
        s.push_str(&format!(", batch {}", r.cause_id));
    }
    if let Some(n) = &r.note {
        s.push_str(&format!(": {n}"));
    }
    s
}

fn statement(s: &Session, email: &str) -> anyhow::Result<Statement> {
    let m = find_member(s, email)?;
    let as_of = to_db(s.now);
    let shop = s.currency.map(|c| c.code());
    let sums = balances::balances(&s.conn, &as_of, Some(m.id), shop)?;
    let rows = balances::statement(&s.conn, m.id, &as_of).context("reading the statement")?;
    let mut running: BTreeMap<String, i64> = BTreeMap::new();
    let entries = rows
        .iter()
        .map(|r| {
            let (amount, total, total_minor) = match &r.currency {
                Some(c) => {
                    let t = running.entry(c.clone()).or_default();
                    *t += r.amount_minor;
                    (
                        Some(fmt_amount(r.amount_minor, c)),
                        Some(fmt_amount(*t, c)),
                        Some(*t),
                    )
                }
                None => (None, None, None),
            };
            StatementEntry {
                date: local_date(s, &r.effective_at),
                entry: r.kind.clone(),
                program: r.program.clone(),
                description: describe(r),
                currency: r.currency.clone(),
                amount,
                points: r.points,
                available_from: local_date(s, &r.available_at),
                running_total: total,
                amount_minor: r.currency.as_ref().map(|_| r.amount_minor),
                running_total_minor: total_minor,
                ledger_id: r.id,
            }
        })
        .collect();
    Ok(Statement {
        member_email: m.email,
        member_name: m.name,
        as_of,
        balances: sums.iter().map(|b| row_of(b, shop.unwrap_or(""))).collect(),
        entries,
    })
}

/// A stored UTC instant as a date in the shop's time zone.
pub fn local_date(s: &Session, stored: &str) -> String {
    match from_db(stored) {
        Some(t) => t.with_timezone(&s.zone).format("%Y-%m-%d").to_string(),
        None => stored.to_string(),
    }
}

/// What `adjust` reports.
#[derive(Debug, Serialize)]
pub struct AdjustResult {
    pub adjustment_id: i64,
    pub ledger_id: i64,
    pub member_email: String,
    pub program: Option<String>,
    pub currency: String,
    pub amount: String,
    pub reason: String,
    pub available: String,
    pub amount_minor: i64,
    pub available_minor: i64,
}

pub fn adjust(ctx: &Ctx, args: AdjustArgs) -> anyhow::Result<Outcome> {
    let mut s = ctx.open_dated("the adjustment would be dated then, in an append-only ledger")?;
    let m = find_member(&s, &args.email)?;
    let program = match &args.program {
        Some(name) => Some(
            balances::program_by_name(&s.conn, name)?
                .ok_or_else(|| anyhow::anyhow!("no program named {name:?}"))?,
        ),
        None => None,
    };
    let currency = match (&args.currency, &program) {
        (Some(c), _) => s.currency_or(Some(c))?,
        (None, Some((_, pc))) => s.currency_or(Some(pc))?,
        (None, None) => s.currency_or(None)?,
    };
    let reason = args.reason.trim();
    if reason.is_empty() {
        return Err(usage("--reason must say why"));
    }
    let minor = parse_minor(&args.amount, currency).map_err(|e| usage(format!("AMOUNT: {e}")))?;
    if minor == 0 {
        return Err(usage("AMOUNT: a zero adjustment changes nothing"));
    }
    if minor.unsigned_abs() > crate::core::money::MAX_AMOUNT_MINOR as u64 {
        return Err(usage(format!(
            "AMOUNT: {:?} is too large (at most {} {currency})",
            args.amount,
            format_minor(crate::core::money::MAX_AMOUNT_MINOR, currency)
        )));
    }
    let now = to_db(s.now);
    let (adj_id, ledger_id) = balances::adjust(
        &mut s.conn,
        &now,
        &NewAdjustment {
            member_id: m.id,
            program_id: program.as_ref().map(|p| p.0),
            currency: currency.code().to_string(),
            amount_minor: minor,
            reason: reason.to_string(),
        },
    )
    .context("writing the adjustment")?;
    let sums = balances::balances(&s.conn, &now, Some(m.id), None)?;
    let available = sums
        .iter()
        .find(|b| b.currency.as_deref() == Some(currency.code()))
        .map_or(0, |b| b.available);
    ctx.status(format!(
        "adjusted {} by {} {}; available now {}",
        m.email,
        format_minor(minor, currency),
        currency,
        format_minor(available, currency)
    ));
    ctx.emit(&AdjustResult {
        adjustment_id: adj_id,
        ledger_id,
        member_email: m.email,
        program: args.program,
        currency: currency.code().to_string(),
        amount: format_minor(minor, currency),
        reason: reason.to_string(),
        available: format_minor(available, currency),
        amount_minor: minor,
        available_minor: available,
    })?;
    Ok(Outcome::Done)
}
