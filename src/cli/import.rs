//! `rewards import orders|returns|activities|list`.

use super::{Ctx, Outcome};
use clap::{Args, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum ImportCmd {
    /// Import an orders export
    Orders(OrdersArgs),
    /// Import a returns / refunds export
    Returns(ReturnsArgs),
    /// Import activities (signup, review, share, ...) for points programs
    Activities(ActivitiesArgs),
    /// List past imports: file, sha256, counts, time
    List,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Preset {
    /// The contract's generic columns
    #[default]
    Generic,
    /// Shopify's orders export (one line per line item)
    Shopify,
    /// WooCommerce's order export
    Woocommerce,
}

#[derive(Debug, Args)]
pub struct CommonArgs {
    /// The CSV file
    pub file: PathBuf,
    /// The file's layout
    #[arg(long, value_enum, default_value_t = Preset::Generic)]
    pub preset: Preset,
    /// Read column HEADER as FIELD (repeatable), e.g. --map "Order Number=order_id"
    #[arg(long = "map", value_name = "HEADER=FIELD")]
    pub maps: Vec<String>,
    /// Write every rejected row, with an `error` column, to this CSV file
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
    /// Validate and report without writing anything
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct OrdersArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Past orders: known for first-order checks and reports, never rewarded
    #[arg(long)]
    pub history_only: bool,
}

#[derive(Debug, Args)]
pub struct ReturnsArgs {
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, Args)]
pub struct ActivitiesArgs {
    /// The CSV file (customer_email,action,occurred_at[,reference])
    pub file: PathBuf,
    /// Write every rejected row, with an `error` column, to this CSV file
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
    /// Validate and report without writing anything
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(_ctx: &Ctx, _cmd: ImportCmd) -> anyhow::Result<Outcome> {
    super::not_yet("import")
}
