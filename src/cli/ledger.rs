//! `rewards settle`, `balance`, `points redeem`, `adjust`, `explain`, `verify`: the ledger.

use super::{Ctx, Outcome};
use clap::{Args, Subcommand};

#[derive(Debug, Args)]
pub struct SettleArgs {
    /// Compute and report what would be written, and write nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct BalanceArgs {
    /// Only this member (email); without it, every member with a balance
    pub email: Option<String>,
    /// A member statement: every ledger entry with dates, for this member (email)
    #[arg(long, value_name = "EMAIL", conflicts_with = "email")]
    pub member: Option<String>,
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
    },
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

pub fn settle(_ctx: &Ctx, _args: SettleArgs) -> anyhow::Result<Outcome> {
    super::not_yet("settle")
}

pub fn balance(_ctx: &Ctx, _args: BalanceArgs) -> anyhow::Result<Outcome> {
    super::not_yet("balance")
}

pub fn points(_ctx: &Ctx, _cmd: PointsCmd) -> anyhow::Result<Outcome> {
    super::not_yet("points")
}

pub fn adjust(_ctx: &Ctx, _args: AdjustArgs) -> anyhow::Result<Outcome> {
    super::not_yet("adjust")
}

pub fn explain(_ctx: &Ctx, _args: ExplainArgs) -> anyhow::Result<Outcome> {
    super::not_yet("explain")
}

pub fn verify(_ctx: &Ctx, _args: VerifyArgs) -> anyhow::Result<Outcome> {
    super::not_yet("verify")
}
