//! Reports, pure: aggregates over order and ledger facts, and exact ratios from integers.
//!
//! Definitions (every report uses these):
//! - **Window**: orders count when `ordered_at` is in [from, to]; ledger *flows* (accrued,
//!   reversed, adjusted, paid out, points issued/redeemed/expired) count rows whose
//!   `effective_at` is in [from, to]; *states* (pending, available/matured, paid, points
//!   outstanding) are balances as of `to`, whatever `from` is.
//! - **Referred order**: a non-cancelled, non-history order carrying a code of the program that
//!   earned a reward: it has an `accrual` or `points_earn` ledger row for that program, or a
//!   review (held or approved) for it. Orders whose reward was skipped (self-referral, not a
//!   first order, cap) are not referred orders. Nor are the orders an affiliate window
//!   attributes to a partner without carrying the partner's code: their commissions count in
//!   accrued and reward cost, their orders not in referred orders, revenue or ROI (such an
//!   order can earn for several programs at once, its own code's and each window's, and the
//!   summary adds programs up per currency; see the README).
//! - **Customer**: the canonical mailbox (`orders.customer_key`: lower-cased, `+tag` dropped,
//!   Gmail dots dropped), as settle judges first orders: `Old.Guy@Gmail.com` and
//!   `oldguy+x@gmail.com` are one customer.
//! - **New customer acquired**: the customer of a referred order who had no earlier order
//!   (any imported order of the customer before it, cancelled or history-only included).
//! - **Conversion**: members with at least one referred order of the program in the window /
//!   members with a code of the program, as a percent. The members with a code are those
//!   holding one created by `to`, plus every member counted above: settle lets a code issued
//!   later claim orders placed before it (orders whose code was unknown at import), so a member
//!   can convert in the window with a code created after it. Both sides count the same
//!   population, so conversion never exceeds 100%.
//! - **Reward cost**: accrued − reversed + adjustments of the program, money only, in window.
//! - **ROI**: (referred net revenue − reward cost) / reward cost, two decimals; referred net
//!   revenue = referred orders' amounts minus their returns (returned by `to`).
//! - **Cost per acquired customer**: reward cost / new customers, in minor units, rounded half
//!   away from zero.
//! - **Refund rate**: orders with at least one return / orders, as a percent (count based),
//!   for referred orders and for all orders of the currency.
//! - **Average order value**: gross amount / orders, for referred orders and for other orders
//!   (orders that are not referred orders of any program).
//! - **Revenue per customer**: net revenue of every order in the window of the customers
//!   concerned / number of those customers. Referred customers: with at least one referred
//!   order of the program; other customers: with no referred order of any program.
//! - Amounts of different currencies are never added: every row is per currency.

use std::collections::{BTreeMap, BTreeSet};

/// `num / den` rounded half away from zero to `decimals` places, as a decimal string.
/// None when `den` is zero.
pub fn ratio(num: i128, den: i128, decimals: u32) -> Option<String> {
    if den == 0 {
        return None;
    }
    let scale = 10i128.pow(decimals);
    let q = round_div(num * scale, den);
    let sign = if q < 0 { "-" } else { "" };
    let a = q.unsigned_abs();
    let s = scale as u128;
    Some(if decimals == 0 {
        format!("{sign}{a}")
    } else {
        format!("{sign}{}.{:0w$}", a / s, a % s, w = decimals as usize)
    })
}

/// `num / den` as a percent with two decimals, e.g. "12.50%". None when `den` is zero.
pub fn percent(num: i64, den: i64) -> Option<String> {
    ratio(num as i128 * 100, den as i128, 2).map(|s| s + "%")
}

/// Integer division rounded half away from zero. `den` must not be zero.
pub fn round_div(num: i128, den: i128) -> i128 {
    let (n, d) = if den < 0 { (-num, -den) } else { (num, den) };
    let q = n / d;
    let r = n % d;
    if r.abs() * 2 >= d { q + n.signum() } else { q }
}

/// `num / den` in minor units, rounded half away from zero; None when `den` is zero.
pub fn per(num: i64, den: i64) -> Option<i64> {
    (den != 0).then(|| round_div(num as i128, den as i128) as i64)
}

/// A ledger row effective by `to`. Points rows carry their program's currency.
#[derive(Debug, Clone)]
pub struct LedgerFact {
    pub member_id: i64,
    pub program_id: Option<i64>,
    pub kind: String,
    pub currency: String,
    pub amount: i64,
    pub points: i64,
    pub effective_at: String,
    pub available_at: String,
    /// For a payout row: when its batch was marked paid (None while it is not).
    pub batch_paid_at: Option<String>,
}

/// Money and points sums over ledger facts (flows in the window, states as of `to`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LedgerSums {
    pub accrued: i64,
    /// Positive: money taken back by reversals.
    pub reversed: i64,
    pub adjusted: i64,
    /// Positive: payouts minus returned payouts, in window.
    pub paid_out: i64,
    pub pending: i64,
    /// Available as of `to` (for one program: matured, since payouts are per member).
    pub available: i64,
    /// Money in batches marked paid by `to`: -(their payout rows).
    pub paid: i64,
    /// Batched, not paid by `to` nor given back: -(payout + payout_return) - paid.
    pub in_payout: i64,
    pub points_issued: i64,
    pub points_redeemed: i64,
    pub points_expired: i64,
    /// Positive: points taken back by reversals (returns), in window.
    pub points_reversed: i64,
    pub points_outstanding: i64,
    /// Points earned but still in their hold as of `to` (not yet outstanding).
    pub points_pending: i64,
}

impl LedgerSums {
    /// Adds one fact. `from` bounds the flows; every fact given is effective by `to`.
    pub fn add(&mut self, f: &LedgerFact, from: Option<&str>, to: &str) {
        let in_window = from.is_none_or(|from| f.effective_at.as_str() >= from);
        if in_window {
            match f.kind.as_str() {
                "accrual" => self.accrued += f.amount,
                "reversal" => self.reversed -= f.amount,
                "adjustment" => self.adjusted += f.amount,
                "payout" | "payout_return" => self.paid_out -= f.amount,
                _ => {}
            }
            if f.points > 0 {
                self.points_issued += f.points;
            }
            match f.kind.as_str() {
                "points_redeem" => self.points_redeemed -= f.points,
                "points_expire" => self.points_expired -= f.points,
                "reversal" => self.points_reversed -= f.points,
                _ => {}
            }
        }
        if f.available_at.as_str() > to {
            self.pending += f.amount;
            self.points_pending += f.points;
        } else {
            self.available += f.amount;
            self.points_outstanding += f.points;
        }
        if matches!(f.kind.as_str(), "payout" | "payout_return") {
            let paid = f.kind == "payout" && f.batch_paid_at.as_deref().is_some_and(|at| at <= to);
            if paid {
                self.paid -= f.amount;
            } else {
                self.in_payout -= f.amount;
            }
        }
    }

    /// Accrued − reversed + adjustments.
    pub fn reward_cost(&self) -> i64 {
        self.accrued - self.reversed + self.adjusted
    }
}

/// Order measures for one group of orders.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderSums {
    pub orders: i64,
    pub gross: i64,
    pub refunded: i64,
    pub orders_refunded: i64,
    pub new_customers: i64,
}

impl OrderSums {
    pub fn net(&self) -> i64 {
        self.gross - self.refunded
    }
}

/// One program in one currency.
#[derive(Debug, Clone, Default)]
pub struct ProgramMeasures {
    pub referred: OrderSums,
    /// Members with a referred order of the program in this currency.
    pub converted_members: i64,
    /// Members with a code of the program (see the module docs: holders by `to`, plus every
    /// member converted in the window in any currency).
    pub members_with_codes: i64,
    pub ledger: LedgerSums,
    /// All orders of the currency in the window.
    pub all: OrderSums,
    /// Orders that are not referred orders of any program.
    pub other: OrderSums,
    /// Net revenue and count of the program's referred customers (all their orders).
    pub referred_customer_revenue: (i64, i64),
    /// Net revenue and count of customers with no referred order at all.
    pub other_customer_revenue: (i64, i64),
}

/// What the database counts of the orders in the window for `report programs` (see
/// `db::reports::program_order_facts`): sums, not the orders, so memory does not grow with
/// the shop.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProgramOrderFacts {
    /// All orders of each currency (`new_customers` unused).
    pub all: BTreeMap<String, OrderSums>,
    /// Net revenue of each currency and the number of distinct customers behind it.
    pub customers: BTreeMap<String, (i64, i64)>,
    /// Referred orders per (program, currency), of every program.
    pub referred: BTreeMap<(i64, String), OrderSums>,
    /// Members with a referred order, per (program, currency).
    pub referrers: BTreeMap<(i64, String), BTreeSet<i64>>,
    /// Net revenue of all the orders in the currency of the customers with a referred order
    /// of the program, and the number of those customers, per (program, currency).
    pub referred_customers: BTreeMap<(i64, String), (i64, i64)>,
    /// The same for the customers with a referred order of any program, per currency.
    pub any_referred_customers: BTreeMap<String, (i64, i64)>,
}

/// Adds a ledger fact to the sums per (program, currency) of the programs in
/// `program_currency` (what [`programs`] takes), one fact at a time.
pub fn add_program_ledger(
    sums: &mut BTreeMap<(i64, String), LedgerSums>,
    program_currency: &BTreeMap<i64, String>,
    f: &LedgerFact,
    from: Option<&str>,
    to: &str,
) {
    if let Some(p) = f.program_id.filter(|p| program_currency.contains_key(p)) {
        sums.entry((p, f.currency.clone()))
            .or_default()
            .add(f, from, to);
    }
}

/// Computes per (program, currency) measures from the facts (sums over the orders in the
/// window, the ledger sums of [`add_program_ledger`], the members holding a code of each
/// program created by `to`). Programs are keyed by id; the set of currencies of a program is
/// its own plus those of its referred orders and ledger rows (`program_currency` gives its
/// own).
pub fn programs(
    orders: &ProgramOrderFacts,
    ledger: BTreeMap<(i64, String), LedgerSums>,
    program_currency: &BTreeMap<i64, String>,
    code_holders: &BTreeMap<i64, BTreeSet<i64>>,
) -> BTreeMap<(i64, String), ProgramMeasures> {
    let mut out: BTreeMap<(i64, String), ProgramMeasures> = BTreeMap::new();
    for (&p, cur) in program_currency {
        out.entry((p, cur.clone())).or_default();
    }
    // Other orders: all orders less the referred orders of every program.
    let mut other = orders.all.clone();
    for ((p, cur), r) in &orders.referred {
        let o = other.entry(cur.clone()).or_default();
        o.orders -= r.orders;
        o.gross -= r.gross;
        o.refunded -= r.refunded;
        o.orders_refunded -= r.orders_refunded;
        if program_currency.contains_key(p) {
            out.entry((*p, cur.clone())).or_default().referred = r.clone();
        }
    }
    for (key, sums) in ledger {
        out.entry(key).or_default().ledger = sums;
    }
    // Members with a code, per program: the holders by `to` and every converted member.
    let mut with_codes: BTreeMap<i64, BTreeSet<i64>> = code_holders.clone();
    for ((p, _), members) in &orders.referrers {
        with_codes.entry(*p).or_default().extend(members);
    }
    for (key, m) in out.iter_mut() {
        m.converted_members = orders.referrers.get(key).map_or(0, |s| s.len() as i64);
        m.members_with_codes = with_codes.get(&key.0).map_or(0, |s| s.len() as i64);
        m.all = orders.all.get(&key.1).cloned().unwrap_or_default();
        m.other = other.get(&key.1).cloned().unwrap_or_default();
        if let Some(&revenue) = orders.referred_customers.get(key) {
            m.referred_customer_revenue = revenue;
        }
        let (net, n) = orders.customers.get(&key.1).copied().unwrap_or_default();
        let (any_net, any_n) = orders
            .any_referred_customers
            .get(&key.1)
            .copied()
            .unwrap_or_default();
        m.other_customer_revenue = (net - any_net, n - any_n);
    }
    out
}

/// Referred orders of one program in one currency, counted by the database (see
/// `db::reports::referred_totals`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferredTotals {
    pub program_id: i64,
    pub currency: String,
    pub orders: i64,
    /// Of which the customer's first order.
    pub new_customers: i64,
    /// Amounts minus returns dated by `to`.
    pub net: i64,
}

/// One referred order (see `db::reports::referred_totals`), for the reports that group them
/// by referrer or month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferredOrder {
    pub program_id: i64,
    /// The member whose code the order carried.
    pub referrer_id: i64,
    pub currency: String,
    pub ordered_at: String,
    /// No earlier order by the same customer.
    pub first_order: bool,
    /// Amount minus returns dated by `to`.
    pub net: i64,
}

/// What the summary needs of one program in one currency.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProgramTotals {
    pub referred_orders: i64,
    pub new_customers: i64,
    pub referred_net: i64,
    pub ledger: LedgerSums,
}

/// The summary's figures, folded one fact at a time so that nothing grows with the number of
/// orders or ledger rows: ledger sums per currency (every row given), and per (program,
/// currency) the referred orders and the program's ledger sums. Keys are the same as those of
/// [`programs`]: each program's own currency, plus the currencies of its referred orders and
/// of its ledger rows.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    program_currency: BTreeMap<i64, String>,
    pub by_currency: BTreeMap<String, LedgerSums>,
    pub programs: BTreeMap<(i64, String), ProgramTotals>,
}

impl Summary {
    /// For the programs in `program_currency` (id -> its own currency).
    pub fn new(program_currency: BTreeMap<i64, String>) -> Summary {
        let programs = program_currency
            .iter()
            .map(|(&p, cur)| ((p, cur.clone()), ProgramTotals::default()))
            .collect();
        Summary {
            program_currency,
            by_currency: BTreeMap::new(),
            programs,
        }
    }

    /// Adds one ledger fact (effective by `to`; flows counted from `from`).
    pub fn add_ledger(&mut self, f: &LedgerFact, from: Option<&str>, to: &str) {
        match self.by_currency.get_mut(&f.currency) {
            Some(s) => s.add(f, from, to),
            None => {
                let mut s = LedgerSums::default();
                s.add(f, from, to);
                self.by_currency.insert(f.currency.clone(), s);
            }
        }
        if let Some(p) = f
            .program_id
            .filter(|p| self.program_currency.contains_key(p))
        {
            self.programs
                .entry((p, f.currency.clone()))
                .or_default()
                .ledger
                .add(f, from, to);
        }
    }

    /// Adds the referred orders of one program in one currency.
    pub fn add_referred(&mut self, t: &ReferredTotals) {
        if self.program_currency.contains_key(&t.program_id) {
            let e = self
                .programs
                .entry((t.program_id, t.currency.clone()))
                .or_default();
            e.referred_orders += t.orders;
            e.new_customers += t.new_customers;
            e.referred_net += t.net;
        }
    }
}

/// Sums of ledger facts per currency (every row, with or without a program).
pub fn by_currency(
    ledger: &[LedgerFact],
    from: Option<&str>,
    to: &str,
) -> BTreeMap<String, LedgerSums> {
    let mut out: BTreeMap<String, LedgerSums> = BTreeMap::new();
    for f in ledger {
        out.entry(f.currency.clone()).or_default().add(f, from, to);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_are_exact_and_round_half_away_from_zero() {
        assert_eq!(ratio(13, 4, 2).as_deref(), Some("3.25"));
        assert_eq!(ratio(1, 3, 2).as_deref(), Some("0.33"));
        assert_eq!(ratio(2, 3, 2).as_deref(), Some("0.67"));
        assert_eq!(ratio(-1, 8, 2).as_deref(), Some("-0.13"));
        assert_eq!(ratio(5, -2, 0).as_deref(), Some("-3"));
        assert_eq!(ratio(1, 0, 2), None);
        assert_eq!(percent(1, 8).as_deref(), Some("12.50%"));
        assert_eq!(percent(2, 3).as_deref(), Some("66.67%"));
        assert_eq!(percent(0, 0), None);
        assert_eq!(per(1000, 3), Some(333));
        assert_eq!(per(-5, 2), Some(-3));
        assert_eq!(per(5, 0), None);
    }

    fn fact(kind: &str, amount: i64, points: i64, eff: &str, avail: &str) -> LedgerFact {
        LedgerFact {
            member_id: 1,
            program_id: Some(1),
            kind: kind.into(),
            currency: "SAR".into(),
            amount,
            points,
            effective_at: eff.into(),
            available_at: avail.into(),
            batch_paid_at: None,
        }
    }

    #[test]
    fn ledger_sums_split_flows_and_states() {
        let to = "2026-03-31T23:59:59Z";
        let mut facts = [
            fact(
                "accrual",
                5000,
                0,
                "2026-01-05T00:00:00Z",
                "2026-01-20T00:00:00Z",
            ),
            fact(
                "accrual",
                3000,
                0,
                "2026-03-25T00:00:00Z",
                "2026-04-08T00:00:00Z",
            ),
            fact(
                "reversal",
                -1000,
                0,
                "2026-02-01T00:00:00Z",
                "2026-02-01T00:00:00Z",
            ),
            fact(
                "payout",
                -4000,
                0,
                "2026-02-10T00:00:00Z",
                "2026-02-10T00:00:00Z",
            ),
            fact(
                "payout_return",
                4000,
                0,
                "2026-02-11T00:00:00Z",
                "2026-02-11T00:00:00Z",
            ),
            fact(
                "payout",
                -4000,
                0,
                "2026-03-01T00:00:00Z",
                "2026-03-01T00:00:00Z",
            ),
            fact(
                "points_earn",
                0,
                300,
                "2026-03-01T00:00:00Z",
                "2026-03-01T00:00:00Z",
            ),
            fact(
                "points_redeem",
                0,
                -100,
                "2026-03-02T00:00:00Z",
                "2026-03-02T00:00:00Z",
            ),
            fact(
                "points_expire",
                0,
                -50,
                "2026-03-03T00:00:00Z",
                "2026-03-03T00:00:00Z",
            ),
        ];
        // The February batch failed (its return is above); the March one was paid on the 5th.
        facts[5].batch_paid_at = Some("2026-03-05T00:00:00Z".into());
        let mut all = LedgerSums::default();
        for f in &facts {
            all.add(f, None, to);
        }
        assert_eq!(
            all,
            LedgerSums {
                accrued: 8000,
                reversed: 1000,
                adjusted: 0,
                paid_out: 4000,
                pending: 3000,
                available: 0,
                paid: 4000,
                in_payout: 0,
                points_issued: 300,
                points_redeemed: 100,
                points_expired: 50,
                points_reversed: 0,
                points_outstanding: 150,
                points_pending: 0,
            }
        );
        // Flows tie to states: cost − paid out = pending + available.
        assert_eq!(
            all.reward_cost() - all.paid_out,
            all.pending + all.available
        );
        let mut march = LedgerSums::default();
        for f in &facts {
            march.add(f, Some("2026-03-01T00:00:00Z"), to);
        }
        assert_eq!(
            (march.accrued, march.reversed, march.paid_out),
            (3000, 0, 4000)
        );
        assert_eq!(
            (march.pending, march.available, march.paid),
            (3000, 0, 4000)
        );
        // As of 3 March the batch was not paid yet: its money is in payout, not paid.
        let early = "2026-03-03T23:59:59Z";
        let mut before_paid = LedgerSums::default();
        for f in facts.iter().filter(|f| f.effective_at.as_str() <= early) {
            before_paid.add(f, None, early);
        }
        assert_eq!((before_paid.paid, before_paid.in_payout), (0, 4000));
    }

    #[test]
    fn summary_fold_matches_the_program_measures() {
        let to = "2026-03-31T23:59:59Z";
        let mut a = fact(
            "accrual",
            5000,
            0,
            "2026-01-05T00:00:00Z",
            "2026-01-20T00:00:00Z",
        );
        let mut b = fact(
            "accrual",
            700,
            0,
            "2026-03-25T00:00:00Z",
            "2026-04-08T00:00:00Z",
        );
        b.currency = "KWD".into();
        a.program_id = Some(2);
        let payout = LedgerFact {
            program_id: None,
            ..fact(
                "payout",
                -5000,
                0,
                "2026-02-10T00:00:00Z",
                "2026-02-10T00:00:00Z",
            )
        };
        let other = LedgerFact {
            program_id: Some(9),
            ..fact(
                "accrual",
                100,
                0,
                "2026-02-10T00:00:00Z",
                "2026-02-10T00:00:00Z",
            )
        };
        let ledger = [a, b, payout, other];
        let sums = |orders, gross, refunded, orders_refunded, new_customers| OrderSums {
            orders,
            gross,
            refunded,
            orders_refunded,
            new_customers,
        };
        let sar = |p: i64| (p, "SAR".to_string());
        // Program 1 referred two orders (20000, and 10000 less 2500 returned), program 9 (not
        // shown) one of 9000; two more orders of the currency (6000, 1500 returned) were not
        // referred. Four customers: one of program 1, one of program 9, two of neither.
        let orders = ProgramOrderFacts {
            all: [("SAR".to_string(), sums(5, 45000, 4000, 2, 0))].into(),
            customers: [("SAR".to_string(), (41000, 4))].into(),
            referred: [
                (sar(1), sums(2, 30000, 2500, 1, 1)),
                (sar(9), sums(1, 9000, 0, 0, 1)),
            ]
            .into(),
            referrers: [(sar(1), [1].into()), (sar(9), [7].into())].into(),
            referred_customers: [(sar(1), (27500, 1)), (sar(9), (9000, 1))].into(),
            any_referred_customers: [("SAR".to_string(), (36500, 2))].into(),
        };
        let currencies: BTreeMap<i64, String> =
            [(1, "SAR".to_string()), (2, "SAR".to_string())].into();
        let holders: BTreeMap<i64, BTreeSet<i64>> = [(1, [2].into())].into();
        let mut by_program = BTreeMap::new();
        for f in &ledger {
            add_program_ledger(&mut by_program, &currencies, f, None, to);
        }
        let m = programs(&orders, by_program, &currencies, &holders);
        let one = &m[&sar(1)];
        // Other orders: all less the referred orders of every program, 9 included.
        assert_eq!(one.other, sums(2, 6000, 1500, 1, 0));
        assert_eq!(one.referred_customer_revenue, (27500, 1));
        assert_eq!(one.other_customer_revenue, (4500, 2));
        // Holder 2, and referrer 1 who converted.
        assert_eq!((one.converted_members, one.members_with_codes), (1, 2));
        assert_eq!(m[&sar(2)].other, one.other);
        let mut s = Summary::new(currencies);
        for f in &ledger {
            s.add_ledger(f, None, to);
        }
        for (program_id, amount, refunded, first) in
            [(1, 20000, 0, 1), (1, 10000, 2500, 0), (9, 9000, 0, 1)]
        {
            s.add_referred(&ReferredTotals {
                program_id,
                currency: "SAR".into(),
                orders: 1,
                new_customers: first,
                net: amount - refunded,
            });
        }
        assert_eq!(s.by_currency, by_currency(&ledger, None, to));
        let keys: Vec<_> = s.programs.keys().cloned().collect();
        assert_eq!(keys, m.keys().cloned().collect::<Vec<_>>());
        assert_eq!(keys.len(), 3, "programs 1 and 2 in SAR, program 1 in KWD");
        for (k, t) in &s.programs {
            let p = &m[k];
            assert_eq!(
                (
                    t.referred_orders,
                    t.new_customers,
                    t.referred_net,
                    &t.ledger
                ),
                (
                    p.referred.orders,
                    p.referred.new_customers,
                    p.referred.net(),
                    &p.ledger
                )
            );
        }
        assert_eq!(s.programs[&(1, "SAR".to_string())].referred_net, 27500);
    }
}
