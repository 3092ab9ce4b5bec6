//! `rewards balance` (and member statements) and `rewards adjust`.

use super::{Ctx, Outcome};
use clap::Args;

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

pub fn balance(_ctx: &Ctx, _args: BalanceArgs) -> anyhow::Result<Outcome> {
    super::not_yet("balance")
}

pub fn adjust(_ctx: &Ctx, _args: AdjustArgs) -> anyhow::Result<Outcome> {
    super::not_yet("adjust")
}
