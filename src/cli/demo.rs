//! `rewards demo`: walk the bundled sample data through the whole flow in a temporary database.

use super::{Ctx, Outcome};

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Keep the demo database at this path instead of a temporary file
    #[arg(long, value_name = "PATH")]
    pub keep: Option<std::path::PathBuf>,
}

pub fn run(_ctx: &Ctx, _args: DemoArgs) -> anyhow::Result<Outcome> {
    super::not_yet("demo")
}
