//! `rewards review list|approve|reject`: rewards held by the fraud checks.

use super::{Ctx, Outcome};
use crate::db::review;
use clap::Subcommand;
use rusqlite::TransactionBehavior;

#[derive(Debug, Subcommand)]
pub enum ReviewCmd {
    /// List rewards held for review
    List {
        /// Also list approved and rejected reviews
        #[arg(long)]
        all: bool,
    },
    /// Approve a held reward: it is written to the ledger (with reversals for returns already
    /// settled)
    Approve {
        /// Review id
        id: i64,
    },
    /// Reject a held reward, with a reason: it never earns
    Reject {
        /// Review id
        id: i64,
        /// Why
        #[arg(long)]
        reason: String,
    },
}

pub fn run(ctx: &Ctx, cmd: ReviewCmd) -> anyhow::Result<Outcome> {
    let mut s = match cmd {
        ReviewCmd::List { .. } => ctx.open()?,
        _ => ctx.open_dated("the decision would be dated then, in an append-only ledger")?,
    };
    match cmd {
        ReviewCmd::List { all } => {
            let items = review::list(&s.conn, all)?;
            ctx.emit_list(&items)?;
        }
        ReviewCmd::Approve { id } => {
            let tx = s
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let out = review::approve(&tx, id, s.now, s.zone)?;
            tx.commit()?;
            ctx.status(format!("review {id} approved"));
            ctx.emit(&out)?;
        }
        ReviewCmd::Reject { id, reason } => {
            if reason.trim().is_empty() {
                return Err(super::usage("--reason must not be empty"));
            }
            let tx = s
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            review::reject(&tx, id, reason.trim(), s.now, s.zone)?;
            tx.commit()?;
            ctx.status(format!("review {id} rejected"));
            ctx.emit(&serde_json::json!({"review_id": id, "status": "rejected", "reason": reason.trim()}))?;
        }
    }
    Ok(Outcome::Done)
}
