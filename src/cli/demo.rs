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
const FILES: &[(&str, &str)] = &[
    ("members.csv", include_str!("../../sample-data/members.csv")),
    ("orders.csv", include_str!("../../sample-data/orders.csv")),
    ("returns.csv", include_str!("../../sample-data/returns.csv")),
    (
        "activities.csv",
        include_str!("../../sample-data/activities.csv"),
    ),
];

/// The clock the demo runs at, so its output is the same on every machine.
const DEMO_NOW: &str = "2026-03-31T20:00:00+03:00";

/// A month later: the return window of the March rewards has passed.
const MONTH_END: &str = "2026-04-30T20:00:00+03:00";

/// One step: what it shows, then the arguments after `rewards`.
struct Step {
    say: &'static str,
    args: &'static [&'static str],
    as_of: Option<&'static str>,
}

const fn step(say: &'static str, args: &'static [&'static str]) -> Step {
    Step {
        say,
        args,
        as_of: None,
    }
}

const STEPS: &[Step] = &[
    step(
        "Create the database for a shop in Riyadh that sells in riyals",
        &["init", "--currency", "SAR", "--timezone", "Asia/Riyadh"],
    ),
    step(
        "Refer a friend: 50 SAR for the referrer, 15% off for the friend, first orders only",
        &[
            "program",
            "create",
            "Refer a friend",
            "--kind",
            "referral",
            "--reward",
            "50",
            "--friend-reward",
            "15%",
            "--hold-days",
            "14",
        ],
    ),
    step(
        "Influencers: 10% commission on every order for 12 months, 12% from the 5th referral",
        &[
            "program",
            "create",
            "Influencers",
            "--kind",
            "affiliate",
            "--reward",
            "10%",
            "--every-order",
            "--window-days",
            "365",
            "--tier",
            "5:12%",
            "--hold-days",
            "14",
        ],
    ),
    step(
        "Points: 1 point per riyal, 50 for a review, points expire after a year",
        &[
            "program",
            "create",
            "Points",
            "--kind",
            "points",
            "--points-per-unit",
            "1",
            "--points-expire-days",
            "365",
            "--point-value",
            "0.05",
            "--action-points",
            "review=50",
            "--action-points",
            "signup=20",
            "--hold-days",
            "14",
        ],
    ),
    step(
        "Bring in customers and partners",
        &["member", "import", "members.csv"],
    ),
    step(
        "Give Sara a code she can remember, with a share link",
        &[
            "code",
            "issue",
            "--program",
            "Refer a friend",
            "--member",
            "sara.alqahtani@example.sa",
            "--code",
            "SARA2026",
            "--link-base",
            "https://shop.example.sa/r",
        ],
    ),
    step(
        "And Noura",
        &[
            "code",
            "issue",
            "--program",
            "Refer a friend",
            "--member",
            "noura.alotaibi@example.sa",
            "--code",
            "NOURA10",
        ],
    ),
    step(
        "Layla the travel blogger gets a partner code",
        &[
            "code",
            "issue",
            "--program",
            "Influencers",
            "--member",
            "layla.travels@example.com",
            "--code",
            "INFLUENCE1",
        ],
    ),
    step("Every code, ready to mail-merge", &["code", "list"]),
    step(
        "Import the shop's orders (one carries a code nobody was given)",
        &["import", "orders", "orders.csv"],
    ),
    step(
        "Import returns: a full refund, a partial one, and one of an influencer's orders",
        &["import", "returns", "returns.csv"],
    ),
    step(
        "Import reviews, sign-ups and shares for the points program",
        &["import", "activities", "activities.csv"],
    ),
    step(
        "Settle, as the nightly cron job does (as of 31 March)",
        &["settle"],
    ),
    step(
        "Balances: rewards wait out the 14-day return window",
        &["balance"],
    ),
    step(
        "Why did order 1004 earn nothing in the end?",
        &["explain", "--order", "1004"],
    ),
    Step {
        say: "Settle again a month later: the March rewards have matured",
        args: &["settle"],
        as_of: Some(MONTH_END),
    },
    Step {
        say: "Batch what is due (members without a payout method are listed and left out)",
        args: &["payout", "create", "--min", "10"],
        as_of: Some(MONTH_END),
    },
    Step {
        say: "The accountant's file for the PayPal batch (exporting never marks anything paid)",
        args: &["payout", "export", "1", "--to", "csv"],
        as_of: Some(MONTH_END),
    },
    Step {
        say: "PayPal confirms the payment",
        args: &["payout", "mark-paid", "1", "--reference", "PP-2026-04-30"],
        as_of: Some(MONTH_END),
    },
    Step {
        say: "How each program did",
        args: &["report", "programs"],
        as_of: Some(MONTH_END),
    },
    Step {
        say: "And the ledger still adds up",
        args: &["verify"],
        as_of: Some(MONTH_END),
    },
];

pub fn run(ctx: &Ctx, args: DemoArgs) -> anyhow::Result<Outcome> {
    let temp;
    let kept;
    let dir: &Path = match &args.keep {
        Some(d) => {
            std::fs::create_dir_all(d).with_context(|| format!("creating {}", d.display()))?;
            // The steps run inside the folder: make the path absolute so files land in it once.
            kept = std::fs::canonicalize(d).with_context(|| format!("finding {}", d.display()))?;
            &kept
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
    // The clock is part of every command: shown, so that each line can be run as it stands.
    let clock = format!(
        "\n# The demo's clock, so that its output is the same on every machine\n$ export REWARDS_NOW={DEMO_NOW}\n"
    );
    crate::output::write_stdout(clock.as_bytes())?;
    for step in STEPS {
        let as_of = step
            .as_of
            .map(|t| format!("--as-of {t} "))
            .unwrap_or_default();
        let header = format!(
            "\n# {}\n$ rewards {as_of}{}\n",
            step.say,
            shell_words(step.args)
        );
        crate::output::write_stdout(header.as_bytes())?;
        let status = Command::new(&exe)
            // -q reaches every step: no status messages on stderr from them either.
            .args(ctx.quiet.then_some("--quiet"))
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
                "demo step `rewards {as_of}{}` failed ({})",
                shell_words(step.args),
                other.map_or("killed by a signal".to_string(), |c| format!(
                    "exit code {c}"
                ))
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
