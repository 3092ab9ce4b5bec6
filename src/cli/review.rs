//! `rewards review list|approve|reject`: rewards held by the fraud checks.

use super::{Ctx, Outcome};
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum ReviewCmd {
    /// List rewards held for review
    List,
    /// Approve a held reward: it is written to the ledger
    Approve {
        /// Review id
        id: i64,
    },
    /// Reject a held reward, with a reason: it never earns
    Reject {
        /// Review id
        id: i64,
        /// Why
        #[arg(long)]
        reason: String,
    },
}

pub fn run(_ctx: &Ctx, _cmd: ReviewCmd) -> anyhow::Result<Outcome> {
    super::not_yet("review")
}
