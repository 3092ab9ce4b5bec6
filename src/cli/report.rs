//! `rewards report summary|programs|members|top|monthly|fraud`.

use super::balance::{fmt_amount, local_date};
use super::{Ctx, Outcome, Session, usage};
use crate::core::money::{Currency, parse_minor};
use crate::core::report::{self, LedgerFact, LedgerSums, ProgramMeasures};
use crate::core::time::{DayEdge, from_db, to_db};
use crate::db::{balances, reports};
use crate::output::{Format, csv_bytes, write_stdout};
use clap::{Args, ValueEnum};
use rusqlite::Connection;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Which report
    #[arg(value_enum)]
    pub which: ReportKind,
    /// Only this program
    #[arg(long)]
    pub program: Option<String>,
    /// From this date (inclusive)
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// To this date (inclusive)
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Value of one point, for the points liability [default: each program's --point-value]
    #[arg(long, value_name = "AMOUNT")]
    pub point_value: Option<String>,
    /// How many members `top` lists
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// `fraud`: a code used by at least this many different customers in the period is flagged
    /// as leaked (codes over settle's own 24-hour rule are listed whatever this is)
    #[arg(long, default_value_t = 20)]
    pub leak_threshold: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportKind {
    /// Totals across programs. With --program, `available`, `paid`, `in_payout` and `paid_out`
    /// are empty: a payout pays a member's whole balance across programs
    Summary,
    /// One row per program: referrals, conversion, revenue, cost, ROI. `matured` is the program's
    /// money that became available; per-program `available`/`paid` are not shown because a
    /// payout pays a member's whole balance across programs (its ledger rows carry no program):
    /// read paid and in_payout in `report summary` (per currency) or `report members`
    Programs,
    /// One row per member: referrals, earnings, balances. With --program, `available`, `paid`
    /// and `in_payout` are empty (read them in `balance`)
    Members,
    /// Top referrers
    Top,
    /// Month by month trend (with --program, `paid_out` is empty)
    Monthly,
    /// Self-referrals blocked, rewards held, suspicious codes
    Fraud,
}

/// One output row, built in column order; amounts as decimal strings plus `_minor` integers.
#[derive(Default)]
struct Row(Map<String, Value>);

impl Row {
    fn put(mut self, k: &str, v: impl Into<Value>) -> Row {
        self.0.insert(k.to_string(), v.into());
        self
    }

    fn money(mut self, k: &str, minor: i64, cur: &str) -> Row {
        self.0.insert(k.to_string(), fmt_amount(minor, cur).into());
        self.0.insert(format!("{k}_minor"), minor.into());
        self
    }

    fn opt_money(self, k: &str, minor: Option<i64>, cur: &str) -> Row {
        match minor {
            Some(m) => self.money(k, m, cur),
            None => self
                .put(k, Value::Null)
                .put(&format!("{k}_minor"), Value::Null),
        }
    }

    fn done(self) -> Value {
        Value::Object(self.0)
    }
}

/// The parsed filters.
struct Filters {
    program: Option<i64>,
    from: String,
    from_given: Option<String>,
    to: String,
    shop: String,
}

impl Filters {
    /// A figure that only a member's whole balance has (available, paid, in_payout, paid out):
    /// None (an empty cell, JSON null) when one program is asked for. A payout pays a member's
    /// whole available balance across programs and its ledger rows carry no program, so a
    /// program's share of it is no ledger fact; without the payout rows these columns would
    /// show money as still available that was paid long ago.
    fn member_level(&self, minor: i64) -> Option<i64> {
        self.program.is_none().then_some(minor)
    }
}

pub fn run(ctx: &Ctx, args: ReportArgs) -> anyhow::Result<Outcome> {
    let s = ctx.open()?;
    let program = match &args.program {
        Some(name) => Some(
            balances::program_by_name(&s.conn, name)?
                .ok_or_else(|| anyhow::anyhow!("no program named {name:?}"))?
                .0,
        ),
        None => None,
    };
    let from_given = match &args.from {
        Some(f) => Some(to_db(s.parse_time("--from", f, DayEdge::Start)?)),
        None => None,
    };
    let to = match &args.to {
        Some(t) => to_db(s.parse_time("--to", t, DayEdge::End)?),
        None => to_db(s.now),
    };
    if let Some(from) = from_given.as_deref().filter(|f| *f > to.as_str()) {
        return Err(usage(match &args.to {
            Some(_) => format!("--from ({from}) is after --to ({to})"),
            None => format!(
                "--from ({from}) is after the end of the report: without --to it ends at the \
                 as-of ({to}, from --as-of, $REWARDS_NOW or the clock); give --to or a later --as-of"
            ),
        }));
    }
    let f = Filters {
        program,
        from: from_given.clone().unwrap_or_default(),
        from_given,
        to,
        shop: s.currency.map(|c| c.code().to_string()).unwrap_or_default(),
    };
    // Every report reads one snapshot: a settle committing meanwhile cannot mix two states.
    // Summary and programs read on two threads when they can (see `ReadSnapshot`).
    let two = matches!(args.which, ReportKind::Summary | ReportKind::Programs);
    let mut snapshot = reports::ReadSnapshot::begin(&s.conn, two)?;
    let second = snapshot.second.take();
    let rows = match args.which {
        ReportKind::Summary => summary(&s, &f, second, args.point_value.as_deref())?,
        ReportKind::Programs => programs(&s, &f, second, args.point_value.as_deref())?,
        ReportKind::Members => members(&s, &f, None)?,
        ReportKind::Top => members(&s, &f, Some(args.limit))?,
        ReportKind::Monthly => monthly(&s, &f)?,
        ReportKind::Fraud => fraud(ctx, &s, &f, args.leak_threshold)?,
    };
    drop(snapshot); // not held while the rows are written (a pager can take its time)
    if rows.is_empty() && ctx.format == Format::Csv {
        // No row to take the columns from: a script still gets the header.
        write_stdout(&csv_bytes(Some(&columns(args.which)), &[])?)?;
    } else {
        ctx.emit(&rows)?;
    }
    Ok(Outcome::Done)
}

/// The columns of each report, in the order its rows put them: the CSV header of a report with
/// no rows. A name starting with `$` is money: its decimal string and its `_minor` integer, as
/// [`Row::money`] puts them. (A test checks them against a report that has rows.)
pub fn columns(kind: ReportKind) -> Vec<String> {
    let spec: &[&str] = match kind {
        ReportKind::Summary => &[
            "currency",
            "programs",
            "referred_orders",
            "new_customers",
            "$referred_revenue",
            "$accrued",
            "$reversed",
            "$adjusted",
            "$reward_cost",
            "$paid_out",
            "$pending",
            "$available",
            "$paid",
            "$in_payout",
            "$cost_per_new_customer",
            "roi",
            "points_issued",
            "points_redeemed",
            "points_expired",
            "points_outstanding",
            "$points_liability",
            "points_reversed",
            "points_pending",
        ],
        ReportKind::Programs => &[
            "program",
            "kind",
            "currency",
            "codes_issued",
            "members_with_codes",
            "members_converted",
            "conversion",
            "referred_orders",
            "new_customers",
            "$referred_revenue",
            "$accrued",
            "$reversed",
            "$adjusted",
            "$reward_cost",
            "$pending",
            "$matured",
            "$cost_per_new_customer",
            "roi",
            "refund_rate_referred",
            "refund_rate_all",
            "$aov_referred",
            "$aov_other",
            "$revenue_per_referred_customer",
            "$revenue_per_other_customer",
            "points_issued",
            "points_redeemed",
            "points_expired",
            "points_outstanding",
            "$points_liability",
            "points_reversed",
            "points_pending",
        ],
        ReportKind::Members | ReportKind::Top => &[
            "member_email",
            "member_name",
            "currency",
            "codes",
            "referred_orders",
            "new_customers",
            "$referred_revenue",
            "$accrued",
            "$reversed",
            "$pending",
            "$available",
            "$paid",
            "$in_payout",
            "points",
        ],
        ReportKind::Monthly => &[
            "month",
            "currency",
            "referred_orders",
            "new_customers",
            "$referred_revenue",
            "$accrued",
            "$reversed",
            "$adjusted",
            "$paid_out",
            "points_issued",
            "points_redeemed",
            "points_expired",
            "points_reversed",
        ],
        ReportKind::Fraud => &[
            "kind",
            "program",
            "member_email",
            "code",
            "order_id",
            "detail",
            "currency",
            "$amount",
            "at",
            "decision",
        ],
    };
    let mut out = Vec::new();
    for c in spec {
        match c.strip_prefix('$') {
            Some(m) => out.extend([m.to_string(), format!("{m}_minor")]),
            None => out.push(c.to_string()),
        }
    }
    out
}

/// Ledger facts, restricted to the program when one is asked for (payout rows belong to no
/// program, so a program's figures leave payouts out: see [`Filters::member_level`]), one at
/// a time, without holding them.
fn each_ledger(s: &Session, f: &Filters, mut each: impl FnMut(LedgerFact)) -> anyhow::Result<()> {
    reports::for_each_ledger_fact(&s.conn, &f.to, &f.shop, |l| {
        if f.program.is_none_or(|p| l.program_id == Some(p)) {
            each(l);
        }
    })?;
    Ok(())
}

/// A point's value in minor units of `cur`: `--point-value`, else the program's.
fn point_value(
    given: Option<&str>,
    program: Option<i64>,
    cur: &str,
) -> anyhow::Result<Option<i64>> {
    match given {
        Some(text) => {
            let c = Currency::from_code(cur)?;
            Ok(Some(
                parse_minor(text, c).map_err(|e| usage(format!("--point-value: {e}")))?,
            ))
        }
        None => Ok(program),
    }
}

type ProgramTable = (
    Vec<reports::ProgramInfo>,
    BTreeMap<(i64, String), ProgramMeasures>,
);

fn measures(s: &Session, f: &Filters, second: Option<Connection>) -> anyhow::Result<ProgramTable> {
    let infos = reports::programs(&s.conn, f.program, &f.from, &f.to)?;
    let currencies: BTreeMap<i64, String> =
        infos.iter().map(|p| (p.id, p.currency.clone())).collect();
    let orders = reports::program_order_facts(&s.conn, second, &f.from, &f.to)?;
    let mut sums = BTreeMap::new();
    each_ledger(s, f, |l| {
        report::add_program_ledger(&mut sums, &currencies, &l, f.from_given.as_deref(), &f.to)
    })?;
    let holders = reports::code_holders(&s.conn, f.program, &f.to)?;
    let m = report::programs(&orders, sums, &currencies, &holders);
    Ok((infos, m))
}

fn programs(
    s: &Session,
    f: &Filters,
    second: Option<Connection>,
    pv: Option<&str>,
) -> anyhow::Result<Vec<Value>> {
    let (infos, all) = measures(s, f, second)?;
    let mut out = Vec::new();
    for ((pid, cur), m) in &all {
        let Some(p) = infos.iter().find(|p| p.id == *pid) else {
            continue;
        };
        let cost = m.ledger.reward_cost();
        let own = *cur == p.currency;
        let value = if own {
            point_value(pv, p.point_value_minor, cur)?
        } else {
            None
        };
        let (ref_rev, ref_n) = m.referred_customer_revenue;
        let (oth_rev, oth_n) = m.other_customer_revenue;
        out.push(
            Row::default()
                .put("program", p.name.clone())
                .put("kind", p.kind.clone())
                .put("currency", cur.clone())
                .put("codes_issued", p.codes_issued)
                .put("members_with_codes", m.members_with_codes)
                .put("members_converted", m.converted_members)
                .put(
                    "conversion",
                    report::percent(m.converted_members, m.members_with_codes),
                )
                .put("referred_orders", m.referred.orders)
                .put("new_customers", m.referred.new_customers)
                .money("referred_revenue", m.referred.net(), cur)
                .money("accrued", m.ledger.accrued, cur)
                .money("reversed", m.ledger.reversed, cur)
                .money("adjusted", m.ledger.adjusted, cur)
                .money("reward_cost", cost, cur)
                .money("pending", m.ledger.pending, cur)
                .money("matured", m.ledger.available, cur)
                .opt_money(
                    "cost_per_new_customer",
                    report::per(cost, m.referred.new_customers),
                    cur,
                )
                .put(
                    "roi",
                    report::ratio((m.referred.net() - cost) as i128, cost as i128, 2),
                )
                .put(
                    "refund_rate_referred",
                    report::percent(m.referred.orders_refunded, m.referred.orders),
                )
                .put(
                    "refund_rate_all",
                    report::percent(m.all.orders_refunded, m.all.orders),
                )
                .opt_money(
                    "aov_referred",
                    report::per(m.referred.gross, m.referred.orders),
                    cur,
                )
                .opt_money("aov_other", report::per(m.other.gross, m.other.orders), cur)
                .opt_money(
                    "revenue_per_referred_customer",
                    report::per(ref_rev, ref_n),
                    cur,
                )
                .opt_money(
                    "revenue_per_other_customer",
                    report::per(oth_rev, oth_n),
                    cur,
                )
                .put("points_issued", m.ledger.points_issued)
                .put("points_redeemed", m.ledger.points_redeemed)
                .put("points_expired", m.ledger.points_expired)
                .put("points_outstanding", m.ledger.points_outstanding)
                .opt_money(
                    "points_liability",
                    value.map(|v| v * m.ledger.points_outstanding),
                    cur,
                )
                .put("points_reversed", m.ledger.points_reversed)
                .put("points_pending", m.ledger.points_pending)
                .done(),
        );
    }
    Ok(out)
}

/// Totals per currency. Streams the ledger and lets the database count referred orders, so
/// neither time nor memory grows with the orders table.
fn summary(
    s: &Session,
    f: &Filters,
    second: Option<Connection>,
    pv: Option<&str>,
) -> anyhow::Result<Vec<Value>> {
    let infos = reports::programs(&s.conn, f.program, &f.from, &f.to)?;
    let mut sum = report::Summary::new(infos.iter().map(|p| (p.id, p.currency.clone())).collect());
    for t in reports::referred_totals(&s.conn, second, &f.from, &f.to)? {
        sum.add_referred(&t);
    }
    each_ledger(s, f, |l| sum.add_ledger(&l, f.from_given.as_deref(), &f.to))?;
    let mut currencies: BTreeSet<String> = sum.by_currency.keys().cloned().collect();
    currencies.extend(sum.programs.keys().map(|k| k.1.clone()));
    let mut out = Vec::new();
    for cur in currencies {
        let l = sum.by_currency.get(&cur).cloned().unwrap_or_default();
        let (mut orders, mut new, mut revenue, mut liability, mut programs) = (0, 0, 0, None, 0);
        for ((pid, c), m) in &sum.programs {
            if *c != cur {
                continue;
            }
            programs += 1;
            orders += m.referred_orders;
            new += m.new_customers;
            revenue += m.referred_net;
            if let Some(p) = infos.iter().find(|p| p.id == *pid && p.currency == cur)
                && let Some(v) = point_value(pv, p.point_value_minor, &cur)?
                && m.ledger.points_outstanding != 0
            {
                *liability.get_or_insert(0) += v * m.ledger.points_outstanding;
            }
        }
        let cost = l.reward_cost();
        out.push(
            Row::default()
                .put("currency", cur.clone())
                .put("programs", programs)
                .put("referred_orders", orders)
                .put("new_customers", new)
                .money("referred_revenue", revenue, &cur)
                .money("accrued", l.accrued, &cur)
                .money("reversed", l.reversed, &cur)
                .money("adjusted", l.adjusted, &cur)
                .money("reward_cost", cost, &cur)
                .opt_money("paid_out", f.member_level(l.paid_out), &cur)
                .money("pending", l.pending, &cur)
                .opt_money("available", f.member_level(l.available), &cur)
                .opt_money("paid", f.member_level(l.paid), &cur)
                .opt_money("in_payout", f.member_level(l.in_payout), &cur)
                .opt_money("cost_per_new_customer", report::per(cost, new), &cur)
                .put(
                    "roi",
                    report::ratio((revenue - cost) as i128, cost as i128, 2),
                )
                .put("points_issued", l.points_issued)
                .put("points_redeemed", l.points_redeemed)
                .put("points_expired", l.points_expired)
                .put("points_outstanding", l.points_outstanding)
                .opt_money("points_liability", liability, &cur)
                .put("points_reversed", l.points_reversed)
                .put("points_pending", l.points_pending)
                .done(),
        );
    }
    Ok(out)
}

fn members(s: &Session, f: &Filters, top: Option<usize>) -> anyhow::Result<Vec<Value>> {
    let mut sums: BTreeMap<(i64, String), LedgerSums> = BTreeMap::new();
    each_ledger(s, f, |l| {
        sums.entry((l.member_id, l.currency.clone()))
            .or_default()
            .add(&l, f.from_given.as_deref(), &f.to)
    })?;
    let people = reports::members(&s.conn)?;
    let codes = reports::codes_per_member(&s.conn, f.program)?;
    // Referred orders per (referrer, currency): count, new customers, net revenue.
    let mut refs: BTreeMap<(i64, String), (i64, i64, i64)> = BTreeMap::new();
    reports::for_each_referred_order(&s.conn, &f.from, &f.to, |o| {
        if f.program.is_none_or(|p| p == o.program_id) {
            let e = refs.entry((o.referrer_id, o.currency)).or_default();
            e.0 += 1;
            e.1 += i64::from(o.first_order);
            e.2 += o.net;
        }
    })?;
    let mut keys: BTreeSet<(i64, String)> = sums.keys().cloned().collect();
    keys.extend(refs.keys().cloned());
    let mut rows: Vec<((i64, i64, String), Value)> = Vec::new();
    for (mid, cur) in keys {
        let l = sums.get(&(mid, cur.clone())).cloned().unwrap_or_default();
        let (n, new, rev) = refs.get(&(mid, cur.clone())).copied().unwrap_or_default();
        let (email, name) = people.get(&mid).cloned().unwrap_or_default();
        let row = Row::default()
            .put("member_email", email.clone())
            .put("member_name", name)
            .put("currency", cur.clone())
            .put("codes", codes.get(&mid).copied().unwrap_or(0))
            .put("referred_orders", n)
            .put("new_customers", new)
            .money("referred_revenue", rev, &cur)
            .money("accrued", l.accrued, &cur)
            .money("reversed", l.reversed, &cur)
            .money("pending", l.pending, &cur)
            .opt_money("available", f.member_level(l.available), &cur)
            .opt_money("paid", f.member_level(l.paid), &cur)
            .opt_money("in_payout", f.member_level(l.in_payout), &cur)
            .put("points", l.points_outstanding)
            .done();
        rows.push(((-n, -l.accrued, email), row));
    }
    if let Some(limit) = top {
        rows.sort_by(|a, b| a.0.cmp(&b.0));
        rows.retain(|r| r.0.0 < 0 || r.0.1 < 0);
        rows.truncate(limit);
    }
    Ok(rows.into_iter().map(|r| r.1).collect())
}

fn monthly(s: &Session, f: &Filters) -> anyhow::Result<Vec<Value>> {
    let month = |stored: &str| match from_db(stored) {
        Some(t) => t.with_timezone(&s.zone).format("%Y-%m").to_string(),
        None => stored.get(..7).unwrap_or(stored).to_string(),
    };
    let mut orders: BTreeMap<(String, String), (i64, i64, i64)> = BTreeMap::new();
    reports::for_each_referred_order(&s.conn, &f.from, &f.to, |o| {
        if f.program.is_none_or(|p| p == o.program_id) {
            let e = orders
                .entry((month(&o.ordered_at), o.currency))
                .or_default();
            e.0 += 1;
            e.1 += i64::from(o.first_order);
            e.2 += o.net;
        }
    })?;
    let mut flows: BTreeMap<(String, String), LedgerSums> = BTreeMap::new();
    each_ledger(s, f, |l| {
        if l.effective_at.as_str() >= f.from.as_str() {
            flows
                .entry((month(&l.effective_at), l.currency.clone()))
                .or_default()
                .add(&l, None, &f.to);
        }
    })?;
    let mut keys: BTreeSet<(String, String)> = orders.keys().cloned().collect();
    keys.extend(flows.keys().cloned());
    Ok(keys
        .into_iter()
        .map(|(m, cur)| {
            let (n, new, rev) = orders
                .get(&(m.clone(), cur.clone()))
                .copied()
                .unwrap_or_default();
            let l = flows
                .get(&(m.clone(), cur.clone()))
                .cloned()
                .unwrap_or_default();
            Row::default()
                .put("month", m)
                .put("currency", cur.clone())
                .put("referred_orders", n)
                .put("new_customers", new)
                .money("referred_revenue", rev, &cur)
                .money("accrued", l.accrued, &cur)
                .money("reversed", l.reversed, &cur)
                .money("adjusted", l.adjusted, &cur)
                .opt_money("paid_out", f.member_level(l.paid_out), &cur)
                .put("points_issued", l.points_issued)
                .put("points_redeemed", l.points_redeemed)
                .put("points_expired", l.points_expired)
                .put("points_reversed", l.points_reversed)
                .done()
        })
        .collect())
}

fn fraud(ctx: &Ctx, s: &Session, f: &Filters, threshold: i64) -> anyhow::Result<Vec<Value>> {
    let found = reports::fraud(&s.conn, f.program, &f.from, &f.to, threshold.max(1))?;
    let count = |k: &str| found.iter().filter(|x| x.kind == k).count();
    let still_held = found
        .iter()
        .filter(|x| x.decision.as_deref() == Some("held"))
        .count();
    ctx.status(format!(
        "{} self-referral(s) blocked, {} reward(s) held for review ({still_held} still held), {} suspicious code(s)",
        count("self_referral_blocked"),
        count("held_for_review"),
        count("suspicious_code")
    ));
    Ok(found
        .into_iter()
        .map(|x| {
            let cur = x.currency.clone().unwrap_or_default();
            let row = Row::default()
                .put("kind", x.kind)
                .put("program", x.program)
                .put("member_email", x.member_email)
                .put("code", x.code)
                .put("order_id", x.order_id)
                .put("detail", x.detail)
                .put("currency", x.currency);
            row.opt_money("amount", x.amount_minor, &cur)
                .put("at", x.at.map(|a| local_date(s, &a)))
                .put("decision", x.decision)
                .done()
        })
        .collect())
}
