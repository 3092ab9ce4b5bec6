//! `rewards program create|list|show|pause|resume|end`.

use super::{Ctx, Outcome};
use clap::{Args, Subcommand, ValueEnum};

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
    /// Points expire this many days after they were earned
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

pub fn run(_ctx: &Ctx, _cmd: ProgramCmd) -> anyhow::Result<Outcome> {
    super::not_yet("program")
}
