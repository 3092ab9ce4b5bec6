//! `rewards code issue|list|revoke`.

use super::{Ctx, Outcome, usage};
use crate::core::codes::{self, CODE_LEN};
use crate::core::identity;
use crate::core::program::Program;
use crate::core::time::{self, DayEdge};
use crate::db::codes::{self as db_codes, NewCode};
use crate::db::members::{self as db_members, Member, NewMember};
use crate::db::programs as db_programs;
use clap::{Args, Subcommand};
use rusqlite::{Connection, TransactionBehavior};
use serde::Serialize;
use std::collections::HashSet;
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

pub fn run(ctx: &Ctx, cmd: CodeCmd) -> anyhow::Result<Outcome> {
    match cmd {
        CodeCmd::Issue(a) => issue(ctx, a),
        CodeCmd::List { program } => list(ctx, program.as_deref()),
        CodeCmd::Revoke { code } => revoke(ctx, &code),
    }
}

/// One issued code, as a mail-merge row.
#[derive(Debug, Default, Serialize)]
struct IssuedCode {
    code: String,
    program: String,
    member_email: String,
    member_name: String,
    link: Option<String>,
    max_uses: Option<i64>,
    expires_at: Option<String>,
}

/// What every code issued by one command shares.
struct Issue<'a> {
    program: &'a Program,
    link_base: Option<String>,
    max_uses: Option<i64>,
    expires_at: Option<String>,
    now: String,
}

impl Issue<'_> {
    /// Stores a code (the vanity one, or a fresh random one) for a member.
    fn one(
        &self,
        conn: &Connection,
        member: &Member,
        vanity: Option<&str>,
    ) -> anyhow::Result<IssuedCode> {
        let code = match vanity {
            Some(v) => {
                if db_codes::exists(conn, v)? {
                    anyhow::bail!(
                        "code {v} is already taken (codes match case-insensitively); choose another"
                    );
                }
                v.to_string()
            }
            None => random_code(conn)?,
        };
        let link = self
            .link_base
            .as_deref()
            .map(|b| codes::share_link(b, &code));
        db_codes::insert(
            conn,
            &NewCode {
                code: code.clone(),
                program_id: self.program.id,
                member_id: member.id,
                link: link.clone(),
                max_uses: self.max_uses,
                expires_at: self.expires_at.clone(),
            },
            &self.now,
        )?;
        Ok(IssuedCode {
            code,
            program: self.program.name.clone(),
            member_email: member.email.clone(),
            member_name: member.name.clone(),
            link,
            max_uses: self.max_uses,
            expires_at: self.expires_at.clone(),
        })
    }
}

/// A random code not yet in use.
fn random_code(conn: &Connection) -> anyhow::Result<String> {
    for _ in 0..32 {
        let c = codes::generate(CODE_LEN)?;
        if !db_codes::exists(conn, &c)? {
            return Ok(c);
        }
    }
    anyhow::bail!("could not find an unused random code after 32 tries")
}

fn issue(ctx: &Ctx, a: IssueArgs) -> anyhow::Result<Outcome> {
    if let Some(b) = &a.link_base
        && !codes::is_link_base(b)
    {
        return Err(usage(format!(
            "--link-base: {b:?} is not an http:// or https:// URL"
        )));
    }
    if a.code.is_some() && a.member.is_none() {
        return Err(usage(
            "--code: a vanity code is for one member; pass --member EMAIL",
        ));
    }
    if a.max_uses == Some(0) {
        return Err(usage("--max-uses: must be at least 1"));
    }
    let vanity = a
        .code
        .as_deref()
        .map(codes::validate_vanity)
        .transpose()
        .map_err(|e| usage(format!("--code: {e}")))?;
    let mut s = ctx.open()?;
    let now = time::to_db(s.now);
    let expires_at = match &a.expires {
        Some(e) => {
            let t = s.parse_time("--expires", e, DayEdge::End)?;
            if t < s.now {
                return Err(usage(format!("--expires: {e} is in the past")));
            }
            Some(time::to_db(t))
        }
        None => None,
    };
    let tx = s
        .conn
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let program = db_programs::find(&tx, &a.program)?;
    // A points program earns per order and activity, for the customer: a code would earn its
    // owner nothing, and would make ordinary orders look referred in the reports.
    if program.kind == crate::core::program::ProgramKind::Points {
        return Err(usage(format!(
            "program {:?} is a points program: its customers earn points on every order, with \
             no code; codes are for referral and affiliate programs (a referral program with \
             --reward 200pts rewards referrals in points)",
            program.name
        )));
    }
    if program.status == "ended" {
        anyhow::bail!(
            "program {:?} has ended; no new codes can be issued",
            program.name
        );
    }
    if program.status == "paused" {
        ctx.warn(format!(
            "program {:?} is paused: orders with these codes earn nothing until it is resumed",
            program.name
        ));
    }
    let iss = Issue {
        program: &program,
        link_base: a.link_base.clone(),
        max_uses: a.max_uses.map(i64::from),
        expires_at,
        now: now.clone(),
    };
    let mut issued = Vec::new();
    let mut rejected = 0usize;
    let mut skipped_existing = 0usize;
    let mut skipped_blocked = 0usize;
    if let Some(email) = &a.member {
        let member = db_members::get(&tx, &identity::normalize_email(email))?;
        if member.blocked {
            anyhow::bail!(
                "member {} is blocked; unblock them before issuing a code",
                member.email
            );
        }
        issued.push(iss.one(&tx, &member, vanity.as_deref())?);
    } else if let Some(file) = &a.members_file {
        let shown = file.display().to_string();
        let mut rows = crate::io::members::read_emails(file)?;
        let mut seen = HashSet::new();
        while let Some(row) = rows.next_row()? {
            let problem = match row.parsed {
                Err(e) => Some(e.to_string()),
                Ok(email) => match db_members::find(&tx, &email)? {
                    None => Some(format!("column \"email\": no member with email {email}")),
                    Some(m) if m.blocked => {
                        Some(format!("column \"email\": member {email} is blocked"))
                    }
                    Some(m) => {
                        if !seen.insert(m.id) || db_codes::member_has_code(&tx, program.id, m.id)? {
                            skipped_existing += 1;
                        } else {
                            issued.push(iss.one(&tx, &m, None)?);
                        }
                        None
                    }
                },
            };
            if let Some(p) = problem {
                eprintln!("{shown}:{}: {p}", row.line);
                rejected += 1;
            }
        }
    } else {
        let customers = db_codes::order_customers(&tx)?;
        if customers.is_empty() {
            ctx.status("no customers in imported orders yet; import orders first (`rewards import orders FILE`)");
            ctx.emit_list(&issued)?;
            return Ok(Outcome::Done);
        }
        let mut created = 0usize;
        for (email, name) in customers {
            let email = identity::normalize_email(&email);
            if !identity::is_plausible_email(&email) {
                ctx.warn(format!(
                    "skipping {email:?} from orders: not an email address"
                ));
                continue;
            }
            let member = match db_members::find(&tx, &email)? {
                Some(m) => m,
                None => {
                    let name = name
                        .map(|n| n.trim().to_string())
                        .filter(|n| !n.is_empty())
                        .unwrap_or_else(|| email.split('@').next().unwrap_or(&email).to_string());
                    let new = NewMember {
                        email: email.clone(),
                        name,
                        kind: "customer".to_string(),
                        ..Default::default()
                    };
                    db_members::insert(&tx, &new, &now)?;
                    created += 1;
                    db_members::get(&tx, &email)?
                }
            };
            if member.blocked {
                skipped_blocked += 1;
            } else if db_codes::member_has_code(&tx, program.id, member.id)? {
                skipped_existing += 1;
            } else {
                issued.push(iss.one(&tx, &member, None)?);
            }
        }
        if created > 0 {
            ctx.status(format!(
                "added {created} customers from imported orders as members"
            ));
        }
    }
    tx.commit()?;
    let mut msg = format!("issued {} code(s) in {:?}", issued.len(), program.name);
    if skipped_existing > 0 {
        msg.push_str(&format!("; {skipped_existing} member(s) already had one"));
    }
    if skipped_blocked > 0 {
        msg.push_str(&format!("; {skipped_blocked} blocked member(s) skipped"));
    }
    if rejected > 0 {
        msg.push_str(&format!("; {rejected} row(s) rejected"));
    }
    ctx.status(msg);
    ctx.emit_list(&issued)?;
    Ok(if rejected > 0 {
        Outcome::Partial
    } else {
        Outcome::Done
    })
}

#[derive(Debug, Default, Serialize)]
struct CodeRow {
    code: String,
    program: String,
    member_email: String,
    member_name: String,
    link: Option<String>,
    uses: i64,
    max_uses: Option<i64>,
    expires_at: Option<String>,
    status: &'static str,
    revoked_at: Option<String>,
    created_at: String,
}

fn list(ctx: &Ctx, program: Option<&str>) -> anyhow::Result<Outcome> {
    let s = ctx.open()?;
    let now = time::to_db(s.now);
    let program_id = match program {
        Some(name) => Some(db_programs::find(&s.conn, name)?.id),
        None => None,
    };
    let rows: Vec<CodeRow> = db_codes::list(&s.conn, program_id, None)?
        .into_iter()
        .map(|c| CodeRow {
            status: codes::status(
                c.revoked_at.as_deref(),
                c.expires_at.as_deref(),
                c.max_uses,
                c.uses,
                &now,
            ),
            code: c.code,
            program: c.program,
            member_email: c.member_email,
            member_name: c.member_name,
            link: c.link,
            uses: c.uses,
            max_uses: c.max_uses,
            expires_at: c.expires_at,
            revoked_at: c.revoked_at,
            created_at: c.created_at,
        })
        .collect();
    ctx.emit_list(&rows)?;
    Ok(Outcome::Done)
}

#[derive(Debug, Serialize)]
struct Revoked {
    code: String,
    program: String,
    member_email: String,
    revoked_at: String,
}

fn revoke(ctx: &Ctx, code: &str) -> anyhow::Result<Outcome> {
    let mut s = ctx.open_dated(
        "a revocation dated then lets the code earn until then and cannot be dated again",
    )?;
    let now = time::to_db(s.now);
    let wanted = codes::normalize(code);
    let tx = s
        .conn
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let Some(c) = db_codes::find(&tx, &wanted)? else {
        anyhow::bail!("no code {wanted} (see `rewards code list`)");
    };
    if let Some(at) = &c.revoked_at {
        anyhow::bail!("code {} was already revoked at {at}", c.code);
    }
    // Import judges a code by the order's time against `revoked_at`, once: a revocation
    // dated before orders already stored with the code would judge later imports by it but
    // leave those orders earning.
    if let Some(newest) = db_codes::newest_use(&tx, c.id)?.filter(|n| *n >= now) {
        return Err(usage(format!(
            "code {} has orders up to {newest} already imported as using it; a revocation \
             cannot be dated before them (pass a later --as-of)",
            c.code
        )));
    }
    db_codes::revoke(&tx, c.id, &now)?;
    tx.commit()?;
    ctx.status(format!(
        "revoked {} ({}, {})",
        c.code, c.program, c.member_email
    ));
    ctx.emit(&Revoked {
        code: c.code,
        program: c.program,
        member_email: c.member_email,
        revoked_at: now,
    })?;
    Ok(Outcome::Done)
}
