//! `rewards code issue|list|revoke`.

use super::{Ctx, Outcome};
use clap::{Args, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum CodeCmd {
    /// Issue codes for one member, every member in a file, or every customer seen in orders
    Issue(IssueArgs),
    /// List codes
    List {
        /// Only this program's codes
        #[arg(long)]
        program: Option<String>,
    },
    /// Revoke a code: orders carrying it from now on earn nothing
    Revoke {
        /// The code (case-insensitive)
        code: String,
    },
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("who").required(true).args(["member", "members_file", "all_customers"])))]
pub struct IssueArgs {
    /// Program the codes belong to
    #[arg(long)]
    pub program: String,
    /// Issue one code to this member (email)
    #[arg(long, value_name = "EMAIL")]
    pub member: Option<String>,
    /// With --member: this vanity code instead of a random one
    #[arg(long, requires = "member")]
    pub code: Option<String>,
    /// Issue a code to every member listed in this CSV file (an `email` column)
    #[arg(long, value_name = "FILE")]
    pub members_file: Option<PathBuf>,
    /// Issue a code to every customer seen in imported orders (members are created as needed)
    #[arg(long)]
    pub all_customers: bool,
    /// Base URL for share links; the code is appended as ?ref=CODE
    #[arg(long, value_name = "URL")]
    pub link_base: Option<String>,
    /// A code is used up after this many orders
    #[arg(long, value_name = "N")]
    pub max_uses: Option<u32>,
    /// Orders after this date carrying the code earn nothing
    #[arg(long, value_name = "DATE")]
    pub expires: Option<String>,
}

pub fn run(_ctx: &Ctx, _cmd: CodeCmd) -> anyhow::Result<Outcome> {
    super::not_yet("code")
}
