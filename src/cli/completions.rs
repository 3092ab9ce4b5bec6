//! `rewards completions SHELL`: print shell completions generated from the clap definitions.

use super::{Cli, Outcome};
use clap::CommandFactory;
use clap_complete::Shell;

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to generate completions for
    #[arg(value_enum)]
    pub shell: Shell,
}

/// The completion script for `shell`, as bytes.
pub fn generate(shell: Shell) -> Vec<u8> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "rewards", &mut out);
    out
}

pub fn run(args: CompletionsArgs) -> anyhow::Result<Outcome> {
    crate::output::write_stdout(&generate(args.shell))?;
    Ok(Outcome::Done)
}
