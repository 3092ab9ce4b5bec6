//! `rewards member add|list|show|edit|import|block|unblock`.

use super::balance::fmt_amount;
use super::{Ctx, Outcome, usage};
use crate::core::identity;
use crate::core::time;
use crate::db::codes as db_codes;
use crate::db::members::{self as db_members, ImportCounts};
use crate::io::members::{self as io_members, MemberFields};
use crate::io::rejects::RejectsWriter;
use anyhow::Context as _;
use clap::{Args, Subcommand, ValueEnum};
use rusqlite::TransactionBehavior;
use serde::Serialize;
use std::collections::HashSet;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum MemberCmd {
    /// Add one member
    Add(AddArgs),
    /// List members
    List,
    /// Show one member, their codes and balances
    Show {
        /// Member's email
        email: String,
    },
    /// Change a member's name, phone, kind or payout details (the email is their identity)
    Edit(EditArgs),
    /// Import members from a CSV file (email,name[,phone,kind,payout_method,payout_account])
    Import(ImportArgs),
    /// Block a member: they earn nothing and are left out of payouts
    Block {
        /// Member's email
        email: String,
    },
    /// Unblock a member
    Unblock {
        /// Member's email
        email: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MemberKind {
    /// A customer who refers friends or collects points
    Customer,
    /// A partner (blogger, influencer, affiliate) paid commission
    Partner,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PayoutMethod {
    /// Bank transfer
    Bank,
    /// PayPal mass payment
    Paypal,
    /// Store credit in the shop
    StoreCredit,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Full name
    #[arg(long)]
    pub name: String,
    /// Email address (the member's identity; stored trimmed and lower-cased)
    #[arg(long)]
    pub email: String,
    /// Phone number
    #[arg(long)]
    pub phone: Option<String>,
    /// Customer or partner
    #[arg(long, value_enum, default_value_t = MemberKind::Customer)]
    pub kind: MemberKind,
    /// How the member is paid
    #[arg(long, value_enum)]
    pub payout_method: Option<PayoutMethod>,
    /// IBAN, PayPal email or other account for payouts
    #[arg(long, value_name = "ACCOUNT")]
    pub payout_account: Option<String>,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// Member's email
    pub email: String,
    /// New full name
    #[arg(long)]
    pub name: Option<String>,
    /// New phone number ("" removes it)
    #[arg(long)]
    pub phone: Option<String>,
    /// Customer or partner
    #[arg(long, value_enum)]
    pub kind: Option<MemberKind>,
    /// How the member is paid from now on (batches already made keep the old details)
    #[arg(long, value_enum)]
    pub payout_method: Option<PayoutMethod>,
    /// IBAN, PayPal email or other account for payouts ("" removes it)
    #[arg(long, value_name = "ACCOUNT")]
    pub payout_account: Option<String>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The members CSV file
    pub file: PathBuf,
    /// Write rejected rows with their reason to this CSV file
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
}

impl MemberKind {
    fn as_str(self) -> &'static str {
        match self {
            MemberKind::Customer => "customer",
            MemberKind::Partner => "partner",
        }
    }
}

impl PayoutMethod {
    fn as_str(self) -> &'static str {
        match self {
            PayoutMethod::Bank => "bank",
            PayoutMethod::Paypal => "paypal",
            PayoutMethod::StoreCredit => "store-credit",
        }
    }
}

pub fn run(ctx: &Ctx, cmd: MemberCmd) -> anyhow::Result<Outcome> {
    match cmd {
        MemberCmd::Add(a) => add(ctx, a),
        MemberCmd::List => list(ctx),
        MemberCmd::Show { email } => show(ctx, &email),
        MemberCmd::Edit(a) => edit(ctx, a),
        MemberCmd::Import(a) => import(ctx, a),
        MemberCmd::Block { email } => block(ctx, &email, true),
        MemberCmd::Unblock { email } => block(ctx, &email, false),
    }
}

fn add(ctx: &Ctx, a: AddArgs) -> anyhow::Result<Outcome> {
    let new = io_members::validate_member(MemberFields {
        email: &a.email,
        name: &a.name,
        phone: a.phone.as_deref(),
        kind: Some(a.kind.as_str()),
        payout_method: a.payout_method.map(PayoutMethod::as_str),
        payout_account: a.payout_account.as_deref(),
    })
    .map_err(|e| usage(format!("--{}: {}", e.column.replace('_', "-"), e.message)))?;
    let mut s = ctx.open()?;
    let now = time::to_db(s.now);
    let tx = s
        .conn
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    db_members::insert(&tx, &new, &now)?;
    let m = db_members::get(&tx, &new.email)?;
    tx.commit()?;
    ctx.status(format!("added {} {} <{}>", m.kind, m.name, m.email));
    ctx.emit(&m)?;
    Ok(Outcome::Done)
}

fn edit(ctx: &Ctx, a: EditArgs) -> anyhow::Result<Outcome> {
    if a.name.is_none()
        && a.phone.is_none()
        && a.kind.is_none()
        && a.payout_method.is_none()
        && a.payout_account.is_none()
    {
        return Err(usage(
            "member edit: give at least one of --name, --phone, --kind, --payout-method, \
             --payout-account",
        ));
    }
    let mut s = ctx.open()?;
    let tx = s
        .conn
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let old = db_members::get(&tx, &identity::normalize_email(&a.email))?;
    // Another method with the old account (a PayPal email as an IBAN) would pay nowhere.
    if let Some(m) = a.payout_method
        && old.payout_method.as_deref() != Some(m.as_str())
        && old.payout_account.is_some()
        && a.payout_account.is_none()
    {
        return Err(usage(format!(
            "--payout-method {} changes how {} is paid: give the --payout-account for it too \
             (\"\" for none)",
            m.as_str(),
            old.email
        )));
    }
    // The stored details with the given ones over them, checked as `member add` checks them.
    let new = io_members::validate_member(MemberFields {
        email: &old.email,
        name: a.name.as_deref().unwrap_or(&old.name),
        phone: a.phone.as_deref().or(old.phone.as_deref()),
        kind: Some(a.kind.map(MemberKind::as_str).unwrap_or(&old.kind)),
        payout_method: a
            .payout_method
            .map(PayoutMethod::as_str)
            .or(old.payout_method.as_deref()),
        payout_account: a
            .payout_account
            .as_deref()
            .or(old.payout_account.as_deref()),
    })
    .map_err(|e| usage(format!("--{}: {}", e.column.replace('_', "-"), e.message)))?;
    let changed = db_members::changes(&old, &new);
    if !changed.is_empty() {
        db_members::update(&tx, old.id, &new)?;
    }
    let m = db_members::get(&tx, &old.email)?;
    tx.commit()?;
    ctx.status(if changed.is_empty() {
        format!("{}: nothing to change", m.email)
    } else {
        format!("changed {}: {}", m.email, changed.join(", "))
    });
    ctx.emit(&m)?;
    Ok(Outcome::Done)
}

fn list(ctx: &Ctx) -> anyhow::Result<Outcome> {
    let s = ctx.open()?;
    ctx.emit_list(&db_members::list(&s.conn)?)?;
    Ok(Outcome::Done)
}

#[derive(Debug, Serialize)]
struct MemberCode {
    code: String,
    program: String,
    link: Option<String>,
    uses: i64,
    max_uses: Option<i64>,
    expires_at: Option<String>,
    status: &'static str,
}

#[derive(Debug, Serialize)]
struct Balance {
    currency: String,
    pending: String,
    available: String,
    /// Batches marked paid by the as-of, and batched but not paid yet (as `balance` shows).
    paid: String,
    in_payout: String,
    pending_minor: i64,
    available_minor: i64,
    paid_minor: i64,
    in_payout_minor: i64,
    /// Points of this currency's programs: available, and still in their hold.
    points: i64,
    points_pending: i64,
}

#[derive(Debug, Serialize)]
struct MemberView {
    #[serde(flatten)]
    member: db_members::Member,
    points_pending: i64,
    points_available: i64,
    codes: Vec<MemberCode>,
    balances: Vec<Balance>,
}

fn show(ctx: &Ctx, email: &str) -> anyhow::Result<Outcome> {
    let s = ctx.open()?;
    let now = time::to_db(s.now);
    let member = db_members::get(&s.conn, &identity::normalize_email(email))?;
    let codes = db_codes::list(&s.conn, None, Some(member.id))?
        .into_iter()
        .map(|c| MemberCode {
            status: crate::core::codes::status(
                c.revoked_at.as_deref(),
                c.expires_at.as_deref(),
                c.max_uses,
                c.uses,
                &now,
            ),
            code: c.code,
            program: c.program,
            link: c.link,
            uses: c.uses,
            max_uses: c.max_uses,
            expires_at: c.expires_at,
        })
        .collect();
    // The same sums as `balance` gives, per currency (points under their programs').
    let shop = s.currency.map(|c| c.code());
    let mut balances = Vec::new();
    let (mut points_pending, mut points_available) = (0, 0);
    for b in crate::db::balances::balances(&s.conn, &now, Some(member.id), shop)? {
        points_pending += b.points_pending;
        points_available += b.points;
        let Some(currency) = b.currency else { continue };
        let fmt = |m: i64| fmt_amount(m, &currency);
        balances.push(Balance {
            pending: fmt(b.pending),
            available: fmt(b.available),
            paid: fmt(b.paid),
            in_payout: fmt(b.in_payout),
            pending_minor: b.pending,
            available_minor: b.available,
            paid_minor: b.paid,
            in_payout_minor: b.in_payout,
            points: b.points,
            points_pending: b.points_pending,
            currency,
        });
    }
    ctx.emit(&MemberView {
        member,
        points_pending,
        points_available,
        codes,
        balances,
    })?;
    Ok(Outcome::Done)
}

#[derive(Debug, Serialize)]
struct ImportReport {
    file: String,
    rows: i64,
    inserted: i64,
    unchanged: i64,
    rejected: i64,
    rejects_file: Option<String>,
}

fn import(ctx: &Ctx, a: ImportArgs) -> anyhow::Result<Outcome> {
    ctx.regular_input(&a.file)?;
    if let Some(r) = &a.rejects {
        ctx.refuse_overwrite("--rejects", r, &[&a.file])?;
    }
    let shown = a.file.display().to_string();
    let sha = crate::io::values::sha256_file(&a.file, &shown)?;
    let mut rows = io_members::read_members(&a.file)?;
    let mut s = ctx.open()?;
    let now = time::to_db(s.now);
    let tx = s
        .conn
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut counts = ImportCounts::default();
    let mut rejects = match &a.rejects {
        Some(p) => Some(
            RejectsWriter::create(p, rows.headers(), rows.delimiter())
                .with_context(|| format!("cannot write the rejects file {}", p.display()))?,
        ),
        None => None,
    };
    let mut seen: HashSet<String> = HashSet::new();
    while let Some(row) = rows.next_row()? {
        counts.rows += 1;
        let outcome: Result<bool, String> = match row.parsed {
            Err(e) => Err(e.to_string()),
            Ok(m) => {
                if !seen.insert(m.email.clone()) {
                    Err(format!(
                        "column \"email\": {} appears more than once in this file",
                        m.email
                    ))
                } else {
                    match db_members::find(&tx, &m.email)? {
                        Some(existing) if existing.same_as(&m) => Ok(false),
                        Some(_) => Err(format!(
                            "column \"email\": a member with email {} already exists with other details",
                            m.email
                        )),
                        None => {
                            db_members::insert(&tx, &m, &now)?;
                            Ok(true)
                        }
                    }
                }
            }
        };
        match outcome {
            Ok(true) => counts.inserted += 1,
            Ok(false) => counts.duplicates += 1,
            Err(msg) => {
                eprintln!("{shown}:{}: {msg}", row.line);
                counts.rejected += 1;
                if let (Some(r), Some(p)) = (rejects.as_mut(), &a.rejects) {
                    r.write(row.record, row.line, &msg).with_context(|| {
                        format!("cannot write the rejects file {}", p.display())
                    })?;
                }
            }
        }
    }
    if let (Some(r), Some(p)) = (rejects, &a.rejects) {
        r.finish()
            .with_context(|| format!("cannot write the rejects file {}", p.display()))?;
    }
    db_members::record_import(&tx, &shown, &sha, &counts, &now)?;
    tx.commit()?;
    ctx.status(format!(
        "{shown}: {} rows, {} added, {} already present, {} rejected",
        counts.rows, counts.inserted, counts.duplicates, counts.rejected
    ));
    ctx.emit(&ImportReport {
        file: shown,
        rows: counts.rows,
        inserted: counts.inserted,
        unchanged: counts.duplicates,
        rejected: counts.rejected,
        rejects_file: a.rejects.map(|p| p.display().to_string()),
    })?;
    Ok(if counts.rejected > 0 {
        Outcome::Partial
    } else {
        Outcome::Done
    })
}

#[derive(Debug, Serialize)]
struct BlockReport {
    email: String,
    blocked: bool,
    blocked_at: Option<String>,
}

fn block(ctx: &Ctx, email: &str, blocked: bool) -> anyhow::Result<Outcome> {
    let mut s = ctx.open_dated(
        "a block or unblock dated then refuses the member's blocks and unblocks dated before it",
    )?;
    let now = time::to_db(s.now);
    let tx = s
        .conn
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let m = db_members::get(&tx, &identity::normalize_email(email))?;
    if m.blocked == blocked {
        let state = if blocked {
            "already blocked"
        } else {
            "not blocked"
        };
        anyhow::bail!("member {} is {state}", m.email);
    }
    // Settle judges each order by whether its earner was blocked at the order's time: a change
    // dated before the member's last one would reorder their history, and one dated at or
    // before the latest settle would change orders already judged.
    if let Some(last) = db_members::newest_block_change(&tx, m.id)?.filter(|l| now < *l) {
        return Err(usage(format!(
            "member {} was last blocked or unblocked as of {last}; this change cannot be dated \
             {now}, before it (pass a later --as-of)",
            m.email
        )));
    }
    if let Some(settled) = crate::db::settle::settled_as_of(&tx)?.filter(|s| now <= *s) {
        return Err(usage(format!(
            "orders up to {settled} are already settled; blocking or unblocking as of {now} \
             would change them (pass a later --as-of)"
        )));
    }
    let at = blocked.then_some(now.as_str());
    db_members::set_blocked(&tx, m.id, blocked, &now)?;
    tx.commit()?;
    ctx.status(format!(
        "{} {}",
        if blocked { "blocked" } else { "unblocked" },
        m.email
    ));
    ctx.emit(&BlockReport {
        email: m.email,
        blocked,
        blocked_at: at.map(str::to_string),
    })?;
    Ok(Outcome::Done)
}
