//! `rewards report summary|programs|members|top|monthly|fraud`.

use super::{Ctx, Outcome};
use clap::{Args, ValueEnum};

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Which report
    #[arg(value_enum)]
    pub which: ReportKind,
    /// Only this program
    #[arg(long)]
    pub program: Option<String>,
    /// From this date (inclusive)
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// To this date (inclusive)
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportKind {
    /// Totals across programs
    Summary,
    /// One row per program: referrals, conversion, revenue, cost, ROI
    Programs,
    /// One row per member: referrals, earnings, balances
    Members,
    /// Top referrers
    Top,
    /// Month by month trend
    Monthly,
    /// Self-referrals blocked, rewards held, suspicious codes
    Fraud,
}

pub fn run(_ctx: &Ctx, _args: ReportArgs) -> anyhow::Result<Outcome> {
    super::not_yet("report")
}
