//! `rewards payout create|list|show|export|mark-paid|mark-failed`.

use super::{Ctx, Outcome};
use clap::{Subcommand, ValueEnum};
use std::path::PathBuf;

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
    /// Record that a batch was paid
    MarkPaid {
        /// Batch id
        id: i64,
        /// The bank's or PayPal's reference
        #[arg(long)]
        reference: Option<String>,
    },
    /// Record that a batch failed; its money returns to the members' available balances
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

pub fn run(_ctx: &Ctx, _cmd: PayoutCmd) -> anyhow::Result<Outcome> {
    super::not_yet("payout")
}
