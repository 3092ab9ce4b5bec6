//! `rewards program create|list|show|pause|resume|end`.

use super::{Ctx, Outcome, usage};
use crate::core::money::{self, Currency};
use crate::core::program::{self as core_program, Move, Program, ProgramInput, Reward};
use crate::db::programs::{self as db_programs, Event};
use anyhow::Context as _;
use clap::{Args, Subcommand, ValueEnum};
use rusqlite::TransactionBehavior;
use serde::Serialize;

#[derive(Debug, Subcommand)]
pub enum ProgramCmd {
    /// Create a program (asks for missing values when run in a terminal)
    Create(Box<CreateArgs>),
    /// List programs
    List,
    /// Show one program and its rules
    Show {
        /// Program name
        name: String,
    },
    /// Pause a program: orders placed while paused earn nothing
    Pause {
        /// Program name
        name: String,
    },
    /// Resume a paused program
    Resume {
        /// Program name
        name: String,
    },
    /// End a program for good: later orders earn nothing
    End {
        /// Program name
        name: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProgramKind {
    /// Customers refer friends; the referrer earns per qualifying order
    Referral,
    /// Partners earn a commission on orders carrying their code
    Affiliate,
    /// Customers earn points for orders and activities
    Points,
}

#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct CreateArgs {
    /// Program name (unique, case-insensitive)
    pub name: Option<String>,
    /// What kind of program
    #[arg(long, value_enum)]
    pub kind: Option<ProgramKind>,
    /// Referrer's reward per qualifying order: an amount (50), a percent (10%) or points (200pts)
    #[arg(long, value_name = "REWARD")]
    pub reward: Option<String>,
    /// Friend's discount, recorded and reported: a percent (15%) or an amount (25)
    #[arg(long, value_name = "REWARD")]
    pub friend_reward: Option<String>,
    /// Orders below this amount earn nothing
    #[arg(long, value_name = "AMOUNT")]
    pub min_order: Option<String>,
    /// Only a referred customer's first order earns (default for referral programs)
    #[arg(long, conflicts_with = "every_order")]
    pub first_order_only: bool,
    /// Every order carrying the code earns (default for affiliate programs)
    #[arg(long)]
    pub every_order: bool,
    /// With --every-order: orders within N days of the customer's first referred order earn
    #[arg(long, value_name = "N")]
    pub window_days: Option<u32>,
    /// Days a reward stays pending (the return window) [default: 14]
    #[arg(long, value_name = "N")]
    pub hold_days: Option<u32>,
    /// At most N rewarded orders per member per calendar month
    #[arg(long, value_name = "N")]
    pub cap_count: Option<u32>,
    /// At most this much reward per member per calendar month
    #[arg(long, value_name = "AMOUNT")]
    pub cap_amount: Option<String>,
    /// From a member's Nth qualifying referral on, this reward applies (repeatable, ascending)
    #[arg(long = "tier", value_name = "N:REWARD")]
    pub tiers: Vec<String>,
    /// Points per currency unit spent (points programs)
    #[arg(long, value_name = "N")]
    pub points_per_unit: Option<u32>,
    /// Points expire this many days after they become available (after the hold)
    #[arg(long, value_name = "N")]
    pub points_expire_days: Option<u32>,
    /// What one point is worth, for liability reports
    #[arg(long, value_name = "AMOUNT")]
    pub point_value: Option<String>,
    /// Points per activity, e.g. review=50 (repeatable; points programs)
    #[arg(long = "action-points", value_name = "ACTION=POINTS")]
    pub action_points: Vec<String>,
    /// The program's currency [default: the shop's]
    #[arg(long, value_name = "CUR")]
    pub currency: Option<String>,
    /// Orders before this date earn nothing
    #[arg(long, value_name = "DATE")]
    pub starts: Option<String>,
    /// Orders after this date earn nothing
    #[arg(long, value_name = "DATE")]
    pub ends: Option<String>,
}

impl From<ProgramKind> for core_program::ProgramKind {
    fn from(k: ProgramKind) -> Self {
        match k {
            ProgramKind::Referral => core_program::ProgramKind::Referral,
            ProgramKind::Affiliate => core_program::ProgramKind::Affiliate,
            ProgramKind::Points => core_program::ProgramKind::Points,
        }
    }
}

pub fn run(ctx: &Ctx, cmd: ProgramCmd) -> anyhow::Result<Outcome> {
    match cmd {
        ProgramCmd::Create(a) => create(ctx, *a),
        ProgramCmd::List => list(ctx),
        ProgramCmd::Show { name } => show(ctx, &name),
        ProgramCmd::Pause { name } => lifecycle(ctx, &name, Move::Pause),
        ProgramCmd::Resume { name } => lifecycle(ctx, &name, Move::Resume),
        ProgramCmd::End { name } => lifecycle(ctx, &name, Move::End),
    }
}

/// A program's rule, in words.
#[derive(Debug, Serialize)]
struct RuleLine {
    rule: String,
}

#[derive(Debug, Serialize)]
struct TierView {
    from_count: i64,
    reward: String,
    reward_kind: &'static str,
    reward_value: i64,
}

#[derive(Debug, Serialize)]
struct ActionView {
    action: String,
    points: i64,
}

/// `program show` / `program create`: every rule, with stable snake_case fields.
#[derive(Debug, Serialize)]
struct ProgramView {
    id: i64,
    name: String,
    kind: &'static str,
    status: String,
    currency: Currency,
    reward: Option<String>,
    reward_kind: Option<&'static str>,
    reward_value: Option<i64>,
    friend_reward: Option<String>,
    friend_reward_kind: Option<&'static str>,
    friend_reward_value: Option<i64>,
    min_order: Option<String>,
    min_order_minor: Option<i64>,
    orders: String,
    first_order_only: bool,
    window_days: Option<i64>,
    hold_days: i64,
    cap_count: Option<i64>,
    cap_amount: Option<String>,
    cap_amount_minor: Option<i64>,
    points_per_unit: Option<i64>,
    points_expire_days: Option<i64>,
    point_value: Option<String>,
    point_value_minor: Option<i64>,
    starts_at: Option<String>,
    ends_at: Option<String>,
    created_at: String,
    codes: i64,
    rules: Vec<RuleLine>,
    tiers: Vec<TierView>,
    action_points: Vec<ActionView>,
    events: Vec<Event>,
}

fn orders_rule(p: &Program) -> String {
    if p.first_order_only {
        "first order only".to_string()
    } else if let Some(w) = p.window_days {
        format!("every order within {w} days")
    } else {
        "every order".to_string()
    }
}

fn describe(r: Option<Reward>, c: Currency) -> Option<String> {
    r.map(|r| r.describe(c))
}

fn view(p: &Program, codes: i64, events: Vec<Event>) -> ProgramView {
    let c = p.currency;
    let amount = |m: Option<i64>| m.map(|m| money::format_minor(m, c));
    ProgramView {
        id: p.id,
        name: p.name.clone(),
        kind: p.kind.as_str(),
        status: p.status.clone(),
        currency: c,
        reward: describe(p.reward, c),
        reward_kind: p.reward.map(|r| r.kind.as_str()),
        reward_value: p.reward.map(|r| r.value),
        friend_reward: describe(p.friend_reward, c),
        friend_reward_kind: p.friend_reward.map(|r| r.kind.as_str()),
        friend_reward_value: p.friend_reward.map(|r| r.value),
        min_order: amount(p.min_order_minor),
        min_order_minor: p.min_order_minor,
        orders: orders_rule(p),
        first_order_only: p.first_order_only,
        window_days: p.window_days,
        hold_days: p.hold_days,
        cap_count: p.cap_count,
        cap_amount: amount(p.cap_amount_minor),
        cap_amount_minor: p.cap_amount_minor,
        points_per_unit: p.points_per_unit,
        points_expire_days: p.points_expire_days,
        point_value: amount(p.point_value_minor),
        point_value_minor: p.point_value_minor,
        starts_at: p.starts_at.clone(),
        ends_at: p.ends_at.clone(),
        created_at: p.created_at.clone(),
        codes,
        rules: core_program::describe_rules(p)
            .into_iter()
            .map(|rule| RuleLine { rule })
            .collect(),
        tiers: p
            .tiers
            .iter()
            .map(|t| TierView {
                from_count: t.from_count,
                reward: t.reward.describe(c),
                reward_kind: t.reward.kind.as_str(),
                reward_value: t.reward.value,
            })
            .collect(),
        action_points: p
            .actions
            .iter()
            .map(|(action, points)| ActionView {
                action: action.clone(),
                points: *points,
            })
            .collect(),
        events,
    }
}

/// Asks for the values `program create` needs and did not get (only in a terminal).
fn prompt_missing(args: &mut CreateArgs, currency: Currency) -> anyhow::Result<()> {
    use dialoguer::{Input, Select};
    if args.name.as_deref().is_none_or(|n| n.trim().is_empty()) {
        let name: String = Input::new()
            .with_prompt("Program name")
            .interact_text()
            .context("reading the program name")?;
        args.name = Some(name);
    }
    if args.kind.is_none() {
        let kinds = [
            ("referral: customers refer friends", ProgramKind::Referral),
            (
                "affiliate: partners earn commission",
                ProgramKind::Affiliate,
            ),
            ("points: customers collect points", ProgramKind::Points),
        ];
        let labels: Vec<&str> = kinds.iter().map(|(l, _)| *l).collect();
        let i = Select::new()
            .with_prompt("Kind of program")
            .items(&labels)
            .default(0)
            .interact()
            .context("reading the program kind")?;
        args.kind = Some(kinds[i].1);
    }
    if args.reward.is_none() {
        let points = args.kind == Some(ProgramKind::Points);
        let prompt = if points {
            "Points per referred order (e.g. 200pts; empty for none)"
        } else {
            "Reward per qualifying order (50, 10% or 200pts)"
        };
        let reward: String = Input::new()
            .with_prompt(prompt)
            .allow_empty(points)
            .validate_with(|s: &String| -> Result<(), String> {
                if s.trim().is_empty() && points {
                    return Ok(());
                }
                core_program::parse_reward(s, currency).map(|_| ())
            })
            .interact_text()
            .context("reading the reward")?;
        if !reward.trim().is_empty() {
            args.reward = Some(reward);
        }
    }
    Ok(())
}

fn create(ctx: &Ctx, mut args: CreateArgs) -> anyhow::Result<Outcome> {
    let mut s = ctx.open()?;
    let currency = match args.currency.as_deref() {
        Some(c) => Currency::from_code(c).map_err(|e| usage(format!("--currency: {e}")))?,
        None => s.currency_or(None)?,
    };
    let missing = core_program::missing_flags(
        args.name.as_deref(),
        args.kind.map(Into::into),
        args.reward.as_deref(),
    );
    if !missing.is_empty() {
        if ctx.interactive() {
            prompt_missing(&mut args, currency)?;
        } else {
            let them = if missing.len() == 1 { "it" } else { "them" };
            return Err(usage(format!(
                "missing {}; pass {them}, or run in a terminal to be asked",
                join_and(&missing)
            )));
        }
    }
    let input = ProgramInput {
        name: args.name.clone().unwrap_or_default(),
        kind: args.kind.map(Into::into),
        reward: args.reward.clone(),
        friend_reward: args.friend_reward.clone(),
        min_order: args.min_order.clone(),
        first_order_only: args.first_order_only,
        every_order: args.every_order,
        window_days: args.window_days,
        hold_days: args.hold_days,
        cap_count: args.cap_count,
        cap_amount: args.cap_amount.clone(),
        tiers: args.tiers.clone(),
        points_per_unit: args.points_per_unit,
        points_expire_days: args.points_expire_days,
        point_value: args.point_value.clone(),
        action_points: args.action_points.clone(),
        starts: args.starts.clone(),
        ends: args.ends.clone(),
    };
    let program = core_program::validate(&input, currency, s.zone, s.now)
        .map_err(|e| usage(e.to_string()))?;
    let tx = s
        .conn
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    db_programs::insert(&tx, &program)?;
    let stored = db_programs::find(&tx, &program.name)?;
    tx.commit()?;
    ctx.status(format!(
        "created {} program {:?}",
        stored.kind.as_str(),
        stored.name
    ));
    ctx.emit(&view(&stored, 0, Vec::new()))?;
    Ok(Outcome::Done)
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[derive(Debug, Default, Serialize)]
struct ListRow {
    id: i64,
    name: String,
    kind: &'static str,
    status: String,
    currency: &'static str,
    reward: Option<String>,
    orders: String,
    hold_days: i64,
    codes: i64,
    starts_at: Option<String>,
    ends_at: Option<String>,
    created_at: String,
    /// `reward` for scripts, as `program show` gives it: fixed (minor units), percent (basis
    /// points) or points.
    reward_kind: Option<&'static str>,
    reward_value: Option<i64>,
}

fn list(ctx: &Ctx) -> anyhow::Result<Outcome> {
    let s = ctx.open()?;
    let mut rows = Vec::new();
    for p in db_programs::list(&s.conn)? {
        rows.push(ListRow {
            id: p.id,
            name: p.name.clone(),
            kind: p.kind.as_str(),
            status: p.status.clone(),
            currency: p.currency.code(),
            reward: describe(p.reward, p.currency),
            orders: orders_rule(&p),
            hold_days: p.hold_days,
            codes: db_programs::code_count(&s.conn, p.id)?,
            starts_at: p.starts_at,
            ends_at: p.ends_at,
            created_at: p.created_at,
            reward_kind: p.reward.map(|r| r.kind.as_str()),
            reward_value: p.reward.map(|r| r.value),
        });
    }
    ctx.emit_list(&rows)?;
    Ok(Outcome::Done)
}

fn show(ctx: &Ctx, name: &str) -> anyhow::Result<Outcome> {
    let s = ctx.open()?;
    let p = db_programs::find(&s.conn, name)?;
    let codes = db_programs::code_count(&s.conn, p.id)?;
    let events = db_programs::events(&s.conn, p.id)?;
    ctx.emit(&view(&p, codes, events))?;
    Ok(Outcome::Done)
}

#[derive(Debug, Serialize)]
struct MoveReport {
    name: String,
    event: &'static str,
    status: &'static str,
    at: String,
}

fn lifecycle(ctx: &Ctx, name: &str, mv: Move) -> anyhow::Result<Outcome> {
    let mut s = ctx.open_dated(
        "a pause, resume or end dated then refuses the program's events dated before it",
    )?;
    let at = crate::core::time::to_db(s.now);
    let tx = s
        .conn
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let p = db_programs::find(&tx, name)?;
    let status = core_program::next_status(&p.name, &p.status, mv).map_err(anyhow::Error::msg)?;
    let (newest, settled) = (
        db_programs::newest_event(&tx, p.id)?,
        crate::db::settle::settled_as_of(&tx)?,
    );
    if let Some(why) =
        core_program::event_too_early(&p.name, &at, newest.as_deref(), settled.as_deref())
    {
        return Err(super::usage(why));
    }
    db_programs::record_event(&tx, p.id, mv.event(), status, &at)?;
    tx.commit()?;
    ctx.status(format!("program {:?} is now {status}", p.name));
    ctx.emit(&MoveReport {
        name: p.name,
        event: mv.event(),
        status,
        at,
    })?;
    Ok(Outcome::Done)
}
