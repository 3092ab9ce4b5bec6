//! `rewards settle`, `points redeem`, `explain`, `verify`, `review`: the engine over the ledger.

use super::{Ctx, Outcome};
use clap::{Args, Subcommand};

#[derive(Debug, Args)]
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

pub fn settle(_ctx: &Ctx, _args: SettleArgs) -> anyhow::Result<Outcome> {
    super::not_yet("settle")
}

pub fn points(_ctx: &Ctx, _cmd: PointsCmd) -> anyhow::Result<Outcome> {
    super::not_yet("points")
}

pub fn explain(_ctx: &Ctx, _args: ExplainArgs) -> anyhow::Result<Outcome> {
    super::not_yet("explain")
}

pub fn verify(_ctx: &Ctx, _args: VerifyArgs) -> anyhow::Result<Outcome> {
    super::not_yet("verify")
}
