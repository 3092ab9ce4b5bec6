//! `rewards import orders|returns|activities|list`.

use super::{Ctx, Outcome, usage};
use crate::io::{
    self,
    import::{Hooks, ImportError, Options, Summary},
    reader::ReadError,
};
use clap::{Args, Subcommand, ValueEnum};
use std::io::IsTerminal;
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

/// What `import` prints on stderr: the first rejected rows, and a progress bar for big files.
struct CliHooks {
    shown: usize,
    hidden: u64,
    bar: Option<indicatif::ProgressBar>,
}

/// Rejected rows printed on stderr; the rest are counted (all of them go to `--rejects`).
const SHOWN_REJECTS: usize = 5;
/// Files smaller than this get no progress bar.
const PROGRESS_MIN_BYTES: u64 = 8 << 20;

impl CliHooks {
    fn new(ctx: &Ctx, path: &std::path::Path) -> CliHooks {
        let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        let bar = (!ctx.quiet && std::io::stderr().is_terminal() && size >= PROGRESS_MIN_BYTES)
            .then(|| {
                let bar = indicatif::ProgressBar::new(size);
                if let Ok(style) = indicatif::ProgressStyle::with_template(
                    "{spinner} importing [{bar:30}] {bytes}/{total_bytes} ({eta})",
                ) {
                    bar.set_style(style.progress_chars("=> "));
                }
                bar
            });
        CliHooks {
            shown: 0,
            hidden: 0,
            bar,
        }
    }
}

impl Hooks for CliHooks {
    fn rejected(&mut self, file: &str, line: u64, msg: &str) {
        if self.shown < SHOWN_REJECTS {
            self.shown += 1;
            let text = format!("{file}:{line}: {msg}");
            match &self.bar {
                Some(bar) => bar.println(text),
                None => eprintln!("{text}"),
            }
        } else {
            self.hidden += 1;
        }
    }

    fn progress(&mut self, done: u64, _total: u64) {
        if let Some(bar) = &self.bar {
            bar.set_position(done);
        }
    }
}

fn parse_maps(maps: &[String]) -> anyhow::Result<Vec<(String, String)>> {
    maps.iter()
        .map(|m| match m.rsplit_once('=') {
            Some((h, f)) if !h.trim().is_empty() && !f.trim().is_empty() => {
                Ok((h.trim().to_string(), f.trim().to_string()))
            }
            _ => Err(usage(format!(
                "--map {m:?}: expected HEADER=FIELD, e.g. --map \"Order Number=order_id\""
            ))),
        })
        .collect()
}

fn preset(p: Preset) -> io::import::Preset {
    match p {
        Preset::Generic => io::import::Preset::Generic,
        Preset::Shopify => io::import::Preset::Shopify,
        Preset::Woocommerce => io::import::Preset::Woocommerce,
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Orders,
    Returns,
    Activities,
}

fn import_file(
    ctx: &Ctx,
    kind: Kind,
    common: CommonArgs,
    history_only: bool,
) -> anyhow::Result<Outcome> {
    let maps = parse_maps(&common.maps)?;
    ctx.regular_input(&common.file)?;
    if let Some(r) = &common.rejects {
        ctx.refuse_overwrite("--rejects", r, &[&common.file])?;
    }
    let mut session = if common.dry_run {
        ctx.open_for_dry_run()?
    } else {
        ctx.open_dated(
            "the import would accept rows dated up to then and date the refunds it finds then",
        )?
    };
    let opts = Options {
        path: common.file.clone(),
        preset: preset(common.preset),
        maps,
        rejects: common.rejects.clone(),
        dry_run: common.dry_run,
        history_only,
        zone: session.zone,
        now: session.now,
    };
    let mut hooks = CliHooks::new(ctx, &opts.path);
    let tx = session
        .conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let result = match kind {
        Kind::Orders => io::orders::import(&tx, &opts, &mut hooks),
        Kind::Returns => io::returns::import(&tx, &opts, &mut hooks),
        Kind::Activities => io::activities::import(&tx, &opts, &mut hooks),
    };
    if let Some(bar) = hooks.bar.take() {
        bar.finish_and_clear();
    }
    let summary = match result {
        Ok(s) => s,
        Err(ImportError::Read(e @ ReadError::BadMap { .. })) => return Err(usage(e.to_string())),
        Err(e) => {
            return Err(anyhow::Error::new(e).context("nothing was imported"));
        }
    };
    if opts.dry_run {
        tx.rollback()?;
    } else {
        tx.commit()?;
    }
    report(ctx, &summary, hooks.hidden);
    ctx.emit(&summary)?;
    Ok(if summary.rejected + summary.conflicts > 0 {
        Outcome::Partial
    } else {
        Outcome::Done
    })
}

fn report(ctx: &Ctx, s: &Summary, hidden: u64) {
    if hidden > 0 {
        match &s.rejects_file {
            Some(f) => ctx.warn(format!("{hidden} more rejected rows; all of them are in {f}")),
            None => ctx.warn(format!(
                "{hidden} more rejected rows; pass --rejects FILE to get all of them with their reasons"
            )),
        }
    }
    if s.delimiter != "," {
        ctx.status(format!(
            "{}: read as a {}-separated file{}",
            s.file,
            s.delimiter,
            if s.delimiter == ";" {
                " (decimal commas accepted)"
            } else {
                ""
            }
        ));
    }
    if s.dry_run {
        ctx.status("dry run: nothing was written");
    }
    if let Some(prev) = s.previous_import_id {
        ctx.status(format!("this file was imported before (import #{prev})"));
    }
    if s.inserted == 0 && s.returns == 0 && s.duplicates > 0 {
        ctx.status(format!(
            "nothing new: all {} valid rows were imported before",
            s.duplicates
        ));
    }
    if s.unknown_code_orders > 0 {
        ctx.status(format!(
            "{} orders carry a code that matches no issued code (kept on the order)",
            s.unknown_code_orders
        ));
    }
}

fn list(ctx: &Ctx) -> anyhow::Result<Outcome> {
    let session = ctx.open()?;
    let rows = crate::db::imports::list(&session.conn)?;
    ctx.emit_list(&rows)?;
    Ok(Outcome::Done)
}

pub fn run(ctx: &Ctx, cmd: ImportCmd) -> anyhow::Result<Outcome> {
    match cmd {
        ImportCmd::Orders(a) => import_file(ctx, Kind::Orders, a.common, a.history_only),
        ImportCmd::Returns(a) => import_file(ctx, Kind::Returns, a.common, false),
        ImportCmd::Activities(a) => import_file(
            ctx,
            Kind::Activities,
            CommonArgs {
                file: a.file,
                preset: Preset::Generic,
                maps: Vec::new(),
                rejects: a.rejects,
                dry_run: a.dry_run,
            },
            false,
        ),
        ImportCmd::List => list(ctx),
    }
}
