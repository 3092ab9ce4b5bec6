//! `rewards demo`: walk the bundled sample data through the whole flow in a temporary database.
//!
//! The demo runs this very binary once per step, exactly as a person would type it, and prints
//! each command before its output, so the walkthrough doubles as a tutorial.

use super::{Ctx, Outcome};
use anyhow::Context as _;
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Keep the demo database and files in this folder instead of a temporary one
    #[arg(long, value_name = "DIR")]
    pub keep: Option<PathBuf>,
}

/// The sample files, bundled into the binary so the demo runs from anywhere.
const FILES: &[(&str, &str)] = &[];

/// The clock the demo runs at, so its output is the same on every machine.
const DEMO_NOW: &str = "2026-03-31T20:00:00+03:00";

/// One step: what it shows, then the arguments after `rewards`.
struct Step {
    say: &'static str,
    args: &'static [&'static str],
    as_of: Option<&'static str>,
}

const STEPS: &[Step] = &[Step {
    say: "Create the database for a shop in Riyadh that sells in riyals",
    args: &["init", "--currency", "SAR", "--timezone", "Asia/Riyadh"],
    as_of: None,
}];

pub fn run(ctx: &Ctx, args: DemoArgs) -> anyhow::Result<Outcome> {
    let temp;
    let dir: &Path = match &args.keep {
        Some(d) => {
            std::fs::create_dir_all(d).with_context(|| format!("creating {}", d.display()))?;
            d
        }
        None => {
            temp = std::env::temp_dir().join(format!("rewards-demo-{}", std::process::id()));
            std::fs::create_dir_all(&temp)?;
            &temp
        }
    };
    let result = walk(ctx, dir);
    if args.keep.is_none() {
        let _ = std::fs::remove_dir_all(dir);
    } else {
        ctx.status(format!(
            "kept the demo database and files in {}",
            dir.display()
        ));
    }
    result
}

fn walk(ctx: &Ctx, dir: &Path) -> anyhow::Result<Outcome> {
    for (name, text) in FILES {
        std::fs::write(dir.join(name), text).with_context(|| format!("writing {name}"))?;
    }
    let exe = std::env::current_exe().context("finding the rewards binary")?;
    let db = dir.join("rewards.db");
    for step in STEPS {
        let header = format!("\n# {}\n$ rewards {}\n", step.say, shell_words(step.args));
        crate::output::write_stdout(header.as_bytes())?;
        let status = Command::new(&exe)
            .args(step.args)
            .current_dir(dir)
            .env("REWARDS_DB", &db)
            .env("REWARDS_NOW", step.as_of.unwrap_or(DEMO_NOW))
            .env_remove("RUST_BACKTRACE")
            .status()
            .with_context(|| format!("running rewards {}", step.args.join(" ")))?;
        match status.code() {
            Some(0) | Some(3) => {}
            other => anyhow::bail!(
                "demo step `rewards {}` failed with exit code {other:?}",
                step.args.join(" ")
            ),
        }
    }
    ctx.status("\ndemo finished: every step above is a command you can run yourself");
    Ok(Outcome::Done)
}

/// Arguments joined for display, quoting those with spaces.
fn shell_words(args: &[&str]) -> String {
    args.iter()
        .map(|a| {
            if a.contains([' ', '"', '\'']) {
                format!("'{a}'")
            } else {
                (*a).to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}
