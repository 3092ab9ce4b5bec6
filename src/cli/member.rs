//! `rewards member add|list|show|import|block|unblock`.

use super::{Ctx, Outcome};
use clap::{Args, Subcommand, ValueEnum};
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
pub struct ImportArgs {
    /// The members CSV file
    pub file: PathBuf,
    /// Write rejected rows with their reason to this CSV file
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
}

pub fn run(_ctx: &Ctx, _cmd: MemberCmd) -> anyhow::Result<Outcome> {
    super::not_yet("member")
}
