//! `settle`: loads undecided orders, returns and activities with indexed queries, asks
//! `core::rules` what each earns, and writes ledger rows, reviews and skips.
//!
//! Big runs (a first settle) settle the orders that can earn a referral or commission referrer by
//! referrer (`referrers`), then points in their own pass.
//!
//! Incremental: `settle_state` keeps the latest as-of reached and the highest row ids seen; a run
//! looks only at rows with a time in (that as-of, this as-of] or an id above those seen. Every
//! write is idempotent anyway (UNIQUE causes, ON CONFLICT DO NOTHING), so re-looking is harmless.

use crate::core::rules::{
    self, Block, Decision, Earner, Facts, Order, Planned, Program, ProgramKind,
};
use crate::core::time::{from_db, to_db};
use crate::db::indexes::{drop_indexes, rebuild_indexes};
use crate::db::ledger::{NewEntry, insert, new_run};
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Sql(#[from] rusqlite::Error),
    #[error("bad stored data: {0}")]
    BadData(String),
    #[error("{0}")]
    Refused(String),
}

pub type Result<T> = std::result::Result<T, EngineError>;

/// A customer's (`?1`) first order through a code of program `?2`, within `$bound` (on
/// `o.ordered_at`, `?3`): (ordered_at, code_id, owner). A free order (0.00) earns nothing and
/// starts no window.
macro_rules! first_referred_sql {
    ($bound:literal) => {
        concat!(
            "SELECT o.ordered_at, c.id, c.member_id FROM orders o JOIN codes c ON c.id = o.code_id
             WHERE o.customer_key = ?1 AND c.program_id = ?2 ",
            $bound,
            " AND o.code_status IS NULL AND o.cancelled = 0 AND o.history_only = 0
               AND o.amount_minor > 0
             ORDER BY o.ordered_at, o.id LIMIT 1"
        )
    };
}

mod causes;
mod first_orders;
mod load;
mod points;
mod referrers;
mod returns;

pub use load::{Total, load_programs, totals};

/// Parses a stored UTC time.
pub fn time(s: &str) -> Result<DateTime<Utc>> {
    from_db(s).ok_or_else(|| EngineError::BadData(format!("unreadable time {s:?}")))
}

/// Counts of what one settle run wrote.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Counts {
    pub accrued: i64,
    pub approved: i64,
    pub reversed: i64,
    pub expired: i64,
    pub held_for_review: i64,
    pub skipped: i64,
}

/// Whether an order has earned a member a reward in a program, or has one held for review
/// (what [`Engine::nth_referral`] counts).
fn rewarded(conn: &Connection, order_id: &str, program_id: i64, member_id: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS(SELECT 1 FROM ledger WHERE order_id = ?1 AND program_id = ?2
                             AND member_id = ?3 AND kind IN ('accrual', 'points_earn'))
                 OR EXISTS(SELECT 1 FROM reviews WHERE order_id = ?1 AND program_id = ?2
                             AND member_id = ?3 AND status = 'held')",
        )?
        .query_row(params![order_id, program_id, member_id], |r| r.get(0))?)
}

/// The skips of a monthly cap (`core::rules`' reasons), as SQL on `reward_skips.reason`.
pub(crate) const CAP_SKIP: &str =
    "reason LIKE 'monthly cap of %' OR reason LIKE 'monthly amount cap of %'";

/// Whether an order already has a decision in a program: a reward, a review or a skip.
fn decided(conn: &Connection, order_id: &str, program_id: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS(SELECT 1 FROM ledger WHERE order_id = ?1 AND program_id = ?2
                             AND kind IN ('accrual', 'points_earn'))
                 OR EXISTS(SELECT 1 FROM reviews WHERE order_id = ?1 AND program_id = ?2)
                 OR EXISTS(SELECT 1 FROM reward_skips WHERE order_id = ?1 AND program_id = ?2)",
        )?
        .query_row(params![order_id, program_id], |r| r.get(0))?)
}

/// The latest as-of settle has reached (orders up to it are judged), if it has run.
pub fn settled_as_of(conn: &Connection) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT as_of FROM settle_state WHERE id = 1", [], |r| {
        r.get(0)
    })
    .optional()
}

struct State {
    as_of: String,
    max_order: i64,
    max_return: i64,
    max_activity: i64,
    max_ledger: i64,
}

fn load_state(conn: &Connection) -> Result<State> {
    Ok(read_state(conn)?)
}

fn read_state(conn: &Connection) -> rusqlite::Result<State> {
    Ok(conn
        .query_row(
            "SELECT as_of, max_order_id, max_return_id, max_activity_id, max_ledger_id
             FROM settle_state WHERE id = 1",
            [],
            |r| {
                Ok(State {
                    as_of: r.get(0)?,
                    max_order: r.get(1)?,
                    max_return: r.get(2)?,
                    max_activity: r.get(3)?,
                    max_ledger: r.get(4)?,
                })
            },
        )
        .optional()?
        .unwrap_or(State {
            as_of: String::new(),
            max_order: 0,
            max_return: 0,
            max_activity: 0,
            max_ledger: 0,
        }))
}

/// The first order, return or activity dated at or before `at` (stored form) that settle has
/// not read yet, described for a message (`return RT1 dated 2026-01-20T00:00:00Z`). A
/// redemption must not be written over a ledger that is missing rows dated before it: the points
/// it spends, and which programs they are of, would depend on whether settle ran first.
pub fn unsettled_before(conn: &Connection, at: &str) -> Result<Option<String>> {
    let s = load_state(conn)?;
    let first = |sql: &str, max: i64| -> Result<Option<String>> {
        Ok(conn
            .query_row(sql, params![at, s.as_of, max], |r| r.get(0))
            .optional()?)
    };
    Ok(first(
        "SELECT 'order ' || order_id || ' dated ' || ordered_at FROM orders
         WHERE history_only = 0 AND ordered_at <= ?1 AND (ordered_at > ?2 OR id > ?3)
         ORDER BY ordered_at, id LIMIT 1",
        s.max_order,
    )?
    .or(first(SQL_UNSETTLED_RETURN, s.max_return)?)
    .or(first(
        "SELECT 'activity ' || activity_key || ' dated ' || occurred_at FROM activities
         WHERE occurred_at <= ?1 AND (occurred_at > ?2 OR id > ?3)
         ORDER BY occurred_at, id LIMIT 1",
        s.max_activity,
    )?))
}

/// The first return dated at or before ?1 that settle has not read yet (none dated after its
/// as-of ?2 or with an id above ?3), described for a message.
const SQL_UNSETTLED_RETURN: &str =
    "SELECT 'return ' || return_key || ' of order ' || order_id || ' dated ' || returned_at
     FROM returns WHERE returned_at <= ?1 AND (returned_at > ?2 OR id > ?3)
     ORDER BY returned_at, id LIMIT 1";

/// The first return dated at or before `at` that settle has not read yet, described for a
/// message. A payout must not be made over it: it would pay what the return takes back.
pub fn unsettled_return_before(conn: &Connection, at: &str) -> rusqlite::Result<Option<String>> {
    let s = read_state(conn)?;
    conn.query_row(
        SQL_UNSETTLED_RETURN,
        params![at, s.as_of, s.max_return],
        |r| r.get(0),
    )
    .optional()
}

/// The settlement engine over one open transaction.
pub struct Engine<'c> {
    pub conn: &'c Connection,
    pub run_id: i64,
    pub created_at: String,
    pub zone: Tz,
    pub programs: HashMap<i64, Program>,
    /// Members looked up by email (None: not a member), a cache only: emptied when it reaches
    /// `member_cache` entries, so that a points program over every customer stays in memory
    /// bounds (1M orders, 320k customers: 130 MiB unbounded).
    members: HashMap<String, Option<Earner>>,
    codes: HashMap<i64, (i64, i64)>,
    /// Members' ended blocks (`member_blocks`), by member id.
    ended_blocks: HashMap<i64, Vec<Block>>,
    /// (member, program) -> the member's codes in the program, ascending.
    member_codes: HashMap<(i64, i64), Vec<i64>>,
    owners: HashMap<i64, Option<Earner>>,
    /// Per (member, program): each referred customer's (customer_key) position, 1 for the first,
    /// in the order of their first rewarded or held order; loaded from the ledger and reviews on
    /// first use and extended as this run writes (orders are processed in time order). Keyed by
    /// a 64-bit hash of the customer key: a big first settle holds every referred customer here
    /// (1M orders: 11 MiB of key strings saved); two customers of one member would have to
    /// collide (odds about k²/2^65 for a member with k customers) to share a position.
    referred: HashMap<(i64, i64), HashMap<u64, i64>>,
    /// Big runs: whether each program had rewarded or held orders when the run started.
    programs_referred: HashMap<i64, bool>,
    /// Big runs: the first referred order (ordered_at, code, owner) of the customers of the
    /// owner being settled, in its window program (`referrers`).
    first_referred: HashMap<i64, HashMap<String, (String, i64, i64)>>,
    bulk: bool,
    /// Big runs: the orders of each referral code of the owner being settled (`referrers`), in
    /// time order, for the fraud signals.
    code_orders: HashMap<i64, Vec<CodeOrder>>,
    /// Big runs of mostly new orders: which orders are their customer's first.
    first_orders: Option<first_orders::FirstOrders>,
    /// Above this many undecided orders lookups are loaded in bulk (tests lower it to compare).
    pub bulk_threshold: i64,
    /// A big run defers ledger indexes (`DEFERRABLE`) while the ledger's largest row id is at
    /// most this (tests raise it to defer them on a ledger holding rows).
    pub defer_ledger_rows: i64,
    /// While `ledger_cause` is deferred: the causes the ledger held before.
    known_causes: Option<causes::KnownCauses>,
    /// Big runs read coded orders in one pass over the table when at least one order in this
    /// many carries a code, else by code from an index (tests set 0 for the index always).
    pub scan_share: i64,
    /// Big runs read coded orders on a second connection in a second thread where they can
    /// (tests turn it off to compare with reading them in this one).
    pub read_beside: bool,
    /// Size of the member cache (tests lower it to compare).
    pub member_cache: usize,
    /// Most of one owner's undecided orders a big run holds whole (tests lower it to compare).
    pub held_orders: usize,
    pub counts: Counts,
}

/// An order of a referral code, for the fraud signals of big runs; kept small (times as Unix
/// seconds, the customer as a hash), since a big first settle holds one per coded order.
struct CodeOrder {
    at: i64,
    /// Hash of the customer's email: only ever compared with other orders of the same code in a
    /// 24-hour window, to count distinct customers (two emails colliding would count as one).
    email: u64,
    /// Counts as a referred order (valid code, not history-only).
    counted: bool,
    /// The order's first return, `i64::MAX` when none.
    first_return: i64,
}

/// A 64-bit hash of a customer's email or key (SipHash with fixed keys: the same in every run).
fn key_hash(key: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    key.hash(&mut h);
    h.finish()
}

/// A stored time as Unix seconds (stored times are UTC, whole seconds, so their order is the
/// order of their text).
fn secs(s: &str) -> Result<i64> {
    Ok(time(s)?.timestamp())
}

/// The customers who used a code in a time range (counted distinct in Rust: an aggregate here
/// made SQLite re-prepare the statement on every run).
const SQL_CUSTOMERS_24H: &str = "SELECT customer_email FROM orders
     WHERE code_id = ?1 AND ordered_at > ?2 AND ordered_at <= ?3 AND cancelled = 0";
/// The referred orders of one code before ?2, and how many of them had a return before ?2
/// (counted by SQLite: fetching each order id and asking for its returns one by one cost a
/// sixth of a big settle).
const SQL_CODE_ORDERS: &str = "SELECT COUNT(*), IFNULL(SUM(EXISTS(SELECT 1 FROM returns r
           WHERE r.order_id = o.order_id AND r.returned_at < ?2)), 0)
     FROM orders o
     WHERE o.code_id = ?1 AND o.ordered_at < ?2 AND o.code_status IS NULL AND o.cancelled = 0
       AND o.history_only = 0 AND o.amount_minor > 0";
/// Whether a customer (canonical mailbox, `orders.customer_key`) has any imported order before
/// the one at ?2 with row id ?3: earlier, or in the same second and imported before it (two
/// orders of one second are not both the first).
const SQL_ORDERED_BEFORE: &str = "SELECT EXISTS(SELECT 1 FROM orders
     WHERE customer_key = ?1 AND ordered_at <= ?2 AND (ordered_at < ?2 OR id < ?3))";

/// Above this many undecided orders a run loads lookups in bulk instead of querying per order.
const BULK_ORDERS: i64 = 20_000;

/// Most members `Engine::member_by_email` remembers.
const MEMBER_CACHE: usize = 20_000;

/// Page cache of a settle run (KiB, as a negative `cache_size`), and while it rebuilds deferred
/// ledger indexes. A big first settle probes indexes of a large file at random: a bigger cache
/// saves few reads (16 MiB: no faster at 1M orders), and the process stays within 32 MiB.
pub(super) const CACHE_KIB: i64 = 8 * 1024;
/// Per sorting thread (three: `indexes::rebuild_indexes`).
const REBUILD_CACHE_KIB: i64 = 1024;

/// Ledger indexes a bulk settle on a small ledger defers: nothing in the orders phase reads
/// them (the referral count and caps read `ledger_member_program`; the causes of the rows held
/// before are known without `ledger_cause`, see `causes`), and their keys arrive in random order.
const DEFERRABLE: &[&str] = &[
    // First: left out when the rewards held before are too many to remember.
    "ledger_cause",
    "ledger_order",
    "ledger_member",
    "ledger_rewards_available",
    "ledger_earned",
];

impl<'c> Engine<'c> {
    /// Starts a run of `command` (settle, review, redeem) and loads programs and codes.
    pub fn new(
        conn: &'c Connection,
        command: &str,
        as_of: DateTime<Utc>,
        zone: Tz,
    ) -> Result<Engine<'c>> {
        conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
        let created_at = to_db(Utc::now());
        let run_id = new_run(conn, command, &to_db(as_of), &created_at)?;
        let mut codes = HashMap::new();
        let mut stmt = conn.prepare("SELECT id, program_id, member_id FROM codes")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            codes.insert(r.get(0)?, (r.get(1)?, r.get(2)?));
        }
        let mut member_codes: HashMap<(i64, i64), Vec<i64>> = HashMap::new();
        for (&code, &(program, member)) in &codes {
            member_codes
                .entry((member, program))
                .or_default()
                .push(code);
        }
        for v in member_codes.values_mut() {
            v.sort_unstable();
        }
        let mut ended_blocks: HashMap<i64, Vec<Block>> = HashMap::new();
        for (member, from, until) in crate::db::members::ended_blocks(conn)? {
            let from = from.map(|t| time(&t)).transpose()?;
            ended_blocks
                .entry(member)
                .or_default()
                .push((from, Some(time(&until)?)));
        }
        Ok(Engine {
            conn,
            run_id,
            ended_blocks,
            created_at,
            zone,
            programs: load_programs(conn)?,
            members: HashMap::new(),
            member_codes,
            codes,
            owners: HashMap::new(),
            referred: HashMap::new(),
            programs_referred: HashMap::new(),
            first_referred: HashMap::new(),
            bulk: false,
            code_orders: HashMap::new(),
            first_orders: None,
            bulk_threshold: BULK_ORDERS,
            defer_ledger_rows: BULK_ORDERS,
            read_beside: true,
            known_causes: None,
            member_cache: MEMBER_CACHE,
            held_orders: referrers::HELD_ORDERS,
            scan_share: referrers::SCAN_SHARE,
            counts: Counts::default(),
        })
    }

    fn member_by_id(&mut self, id: i64) -> Result<Option<Earner>> {
        if let Some(m) = self.owners.get(&id) {
            return Ok(m.clone());
        }
        let m = self
            .conn
            .prepare_cached(&format!(
                "SELECT {EARNER_COLUMNS} FROM members WHERE id = ?1"
            ))?
            .query_row([id], earner)
            .optional()?
            .map(|e| self.with_ended_blocks(e))
            .transpose()?;
        self.owners.insert(id, m.clone());
        Ok(m)
    }

    /// N of an order of customer `key` placed at `t` for the member in the program: the
    /// customer's position among the distinct customers the member referred (rewarded or held
    /// orders up to `t`), or the next position for a customer new to the member.
    fn nth_referral(&mut self, member_id: i64, program_id: i64, key: &str, t: &str) -> Result<i64> {
        if !self.referred.contains_key(&(member_id, program_id)) {
            let mut map: HashMap<u64, i64> = HashMap::new();
            if self.bulk && !self.has_referrals(program_id)? {
                // Nothing to look up (a first settle): skips 20,000 queries at 1M orders.
                self.referred.insert((member_id, program_id), map);
                return Ok(1);
            }
            let mut stmt = self.conn.prepare_cached(
                "SELECT o.customer_key FROM (
                   SELECT order_id FROM ledger WHERE member_id = ?1 AND program_id = ?2
                     AND kind IN ('accrual', 'points_earn') AND cause_type = 'order'
                     AND effective_at <= ?3
                   UNION SELECT order_id FROM reviews WHERE member_id = ?1 AND program_id = ?2
                     AND status = 'held' AND effective_at <= ?3) r
                 JOIN orders o ON o.order_id = r.order_id
                 ORDER BY o.ordered_at, o.id",
            )?;
            let mut rows = stmt.query(params![member_id, program_id, t])?;
            while let Some(r) = rows.next()? {
                let next = map.len() as i64 + 1;
                map.entry(key_hash(&r.get::<_, String>(0)?)).or_insert(next);
            }
            self.referred.insert((member_id, program_id), map);
        }
        let map = &self.referred[&(member_id, program_id)];
        Ok(map
            .get(&key_hash(key))
            .copied()
            .unwrap_or(map.len() as i64 + 1))
    }

    /// Whether the program had any rewarded or held order when the run started (what this run
    /// writes is tracked in `referred`).
    fn has_referrals(&mut self, program_id: i64) -> Result<bool> {
        if self.programs_referred.is_empty() {
            self.load_programs_referred()?;
        }
        Ok(self
            .programs_referred
            .get(&program_id)
            .copied()
            .unwrap_or(false))
    }

    /// Fills `programs_referred` for every program. Called before the run writes: asked later,
    /// a program without such rows would be searched for through all the rows the run wrote
    /// for the others (1M orders: 0.3 s for the affiliate program after the referral one).
    fn load_programs_referred(&mut self) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT EXISTS(SELECT 1 FROM ledger WHERE program_id = ?1 AND cause_type = 'order'
                 AND kind IN ('accrual', 'points_earn'))
               OR EXISTS(SELECT 1 FROM reviews WHERE program_id = ?1 AND status = 'held')",
        )?;
        for &id in self.programs.keys() {
            let known: bool = stmt.query_row([id], |r| r.get(0))?;
            self.programs_referred.insert(id, known);
        }
        Ok(())
    }

    /// Counts customer `key` as referred by the member in the program (if not already).
    fn count_referred(&mut self, member_id: i64, program_id: i64, key: &str) {
        if let Some(map) = self.referred.get_mut(&(member_id, program_id)) {
            let next = map.len() as i64 + 1;
            map.entry(key_hash(key)).or_insert(next);
        }
    }

    /// The customer's (canonical mailbox `key`) first order through a code of window program
    /// `pid` at or before `t` (strictly before when `strict`): (ordered_at, code_id, owner).
    /// Answered from `first_referred` when it holds the customer (big runs, one owner at a time).
    fn first_referred(
        &mut self,
        pid: i64,
        key: &str,
        t: &str,
        strict: bool,
    ) -> Result<Option<(String, i64, i64)>> {
        if let Some(first) = self.first_referred.get(&pid).and_then(|m| m.get(key)) {
            let before = if strict {
                first.0.as_str() < t
            } else {
                first.0.as_str() <= t
            };
            return Ok(before.then(|| first.clone()));
        }
        let sql = if strict {
            first_referred_sql!("AND o.ordered_at < ?3")
        } else {
            first_referred_sql!("AND o.ordered_at <= ?3")
        };
        Ok(self
            .conn
            .prepare_cached(sql)?
            .query_row(params![key, pid, t], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?)
    }

    /// The member with this (normalised) email; with `enrol`, a customer row is created first.
    fn member_by_email(
        &mut self,
        email: &str,
        name: Option<&str>,
        enrol: bool,
    ) -> Result<Option<Earner>> {
        if let Some(Some(m)) = self.members.get(email) {
            return Ok(Some(m.clone()));
        }
        if !enrol && self.members.contains_key(email) {
            return Ok(None);
        }
        let found = self
            .conn
            .prepare_cached(&format!(
                "SELECT {EARNER_COLUMNS} FROM members WHERE email = ?1"
            ))?
            .query_row([email], earner)
            .optional()?
            .map(|e| self.with_ended_blocks(e))
            .transpose()?;
        let found = match found {
            None if enrol => {
                self.conn
                    .prepare_cached(
                        "INSERT INTO members(email, name, kind, created_at) VALUES (?1, ?2, 'customer', ?3)",
                    )?
                    .execute(params![email, name.unwrap_or(email), self.created_at])?;
                Some(Earner {
                    member_id: self.conn.last_insert_rowid(),
                    email: email.to_string(),
                    phone: None,
                    blocks: vec![],
                })
            }
            other => other,
        };
        if self.members.len() >= self.member_cache {
            self.members.clear();
        }
        self.members.insert(email.to_string(), found.clone());
        Ok(found)
    }

    /// Runs a full settle up to `as_of`.
    pub fn settle(&mut self, as_of: DateTime<Utc>) -> Result<()> {
        let state = load_state(self.conn)?;
        let a = to_db(as_of);
        let timer = std::time::Instant::now();
        let lap = |what: &str| {
            if std::env::var_os("REWARDS_SETTLE_TIMES").is_some() {
                eprintln!("settle: {what} done at {:?}", timer.elapsed());
            }
        };
        self.bulk = self.is_bulk(&a, &state)?;
        if self.bulk {
            self.load_programs_referred()?;
        }
        self.revisit(&a)?;
        // A big run on a small ledger (a first settle) writes its rows without the ledger
        // indexes the orders phase never reads, and builds them once at the end of it (1M
        // orders: 2.2 s less).
        let deferred = if self.bulk && max_id(self.conn, "ledger")? <= self.defer_ledger_rows {
            // `ledger_cause` too, while the rewards held before are few enough to remember.
            self.known_causes = causes::KnownCauses::load(self.conn)?;
            let names = if self.known_causes.is_some() {
                DEFERRABLE
            } else {
                &DEFERRABLE[1..]
            };
            drop_indexes(self.conn, names)?
        } else {
            Vec::new()
        };
        let first_bulk = !deferred.is_empty();
        self.orders(&a, &state, first_bulk)?;
        self.known_causes = None;
        if let Err(e) = rebuild_indexes(self.conn, deferred, REBUILD_CACHE_KIB, CACHE_KIB) {
            return Err(match causes::duplicated(self.conn) {
                Ok(Some(cause)) => EngineError::BadData(format!(
                    "this run wrote a second ledger row for one cause ({cause}); nothing was written"
                )),
                _ => e.into(),
            });
        }
        lap("orders");
        self.returns(&a, &state)?;
        lap("returns");
        self.activities(&a, &state)?;
        self.expiries(as_of, &state)?;
        lap("activities and expiries");
        self.counts.approved = self.conn.query_row(
            "SELECT COUNT(*) FROM ledger WHERE kind IN ('accrual', 'points_earn')
                   AND available_at > ?1 AND available_at <= ?2",
            params![state.as_of, a],
            |r| r.get(0),
        )?;
        if a >= state.as_of {
            let max = |t: &str| max_id(self.conn, t);
            let (o, r, act, l) = (
                max("orders")?,
                max("returns")?,
                max("activities")?,
                max("ledger")?,
            );
            self.conn.execute(
                "INSERT INTO settle_state(id, as_of, max_order_id, max_return_id, max_activity_id, max_ledger_id, run_id)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT(id) DO UPDATE SET as_of = excluded.as_of, max_order_id = excluded.max_order_id,
                   max_return_id = excluded.max_return_id, max_activity_id = excluded.max_activity_id,
                   max_ledger_id = excluded.max_ledger_id, run_id = excluded.run_id",
                params![a, o, r, act, l, self.run_id],
            )?;
        }
        Ok(())
    }

    /// Whether this run has more than `bulk_threshold` undecided orders.
    fn is_bulk(&self, a: &str, state: &State) -> Result<bool> {
        // Counted only up to one past the threshold: counting every order made SQLite gather
        // all their row ids (the two sides of the OR) in memory first.
        let undecided: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM (SELECT 1 FROM orders
             WHERE history_only = 0 AND ordered_at <= ?1 AND (ordered_at > ?2 OR id > ?3)
             LIMIT ?4)",
            params![
                a,
                state.as_of,
                state.max_order,
                self.bulk_threshold.saturating_add(1)
            ],
            |r| r.get(0),
        )?;
        Ok(undecided > self.bulk_threshold)
    }

    /// Settles undecided orders; `first_bulk`: a big run on a small ledger, deferring indexes.
    fn orders(&mut self, a: &str, state: &State, first_bulk: bool) -> Result<()> {
        let points_programs: Vec<i64> = sorted_ids(&self.programs, |p| {
            p.kind == ProgramKind::Points && p.points_per_unit.is_some_and(|n| n > 0)
        });
        let window_programs: Vec<i64> = sorted_ids(&self.programs, |p| {
            p.kind == ProgramKind::Affiliate && !p.first_order_only && p.window_days.is_some()
        });
        let conn = self.conn;
        // A big run settles coded orders (and the orders a window program attributes to a
        // referrer) referrer by referrer, then points (which never depend on referrals) over
        // all orders in time order, holding no referral look-ups while it does.
        let by_referrer = self.bulk;
        if by_referrer {
            self.orders_by_referrer(a, state, &window_programs)?;
            if points_programs.is_empty() {
                return Ok(());
            }
            // The points pass reads no code owners: their cache makes room for its own.
            self.owners = HashMap::new();
        }
        let window_programs = if by_referrer {
            &[][..]
        } else {
            &window_programs[..]
        };
        // The points pass of a big run reads ledger rows by member only for a monthly cap:
        // without one, that index too is built once after it, not by a random insert per order
        // (1M orders: about 6 s less).
        let uncapped = points_programs
            .iter()
            .all(|p| self.programs.get(p).is_some_and(|p| p.cap_count.is_none()));
        let deferred = if by_referrer && first_bulk && uncapped {
            drop_indexes(conn, &["ledger_member_program"])?
        } else {
            Vec::new()
        };
        let mut stmt = conn.prepare(&format!(
            "SELECT {ORDER_COLUMNS} FROM orders
             WHERE history_only = 0 AND ordered_at <= ?1 AND (ordered_at > ?2 OR id > ?3)
             ORDER BY ordered_at, id"
        ))?;
        let mut rows = stmt.query(params![a, state.as_of, state.max_order])?;
        while let Some(r) = rows.next()? {
            let row = OrderRow::read(r)?;
            self.order(&row, !by_referrer, window_programs, &points_programs)?;
        }
        drop(rows);
        rebuild_indexes(conn, deferred, REBUILD_CACHE_KIB, CACHE_KIB)?;
        Ok(())
    }

    /// Orders to judge again although older than what the run reads next (`settle_revisit`):
    /// those a code issued after they were settled has claimed, each of which earns its code's
    /// referral now as it would have had the code existed then, unless it already has a
    /// decision in that program (a window program attributed it while it carried no known
    /// code); and those skipped for a monthly cap while a review since rejected held a place.
    fn revisit(&mut self, a: &str) -> Result<()> {
        let rows: Vec<OrderRow> = self
            .conn
            .prepare(&format!(
                "SELECT {ORDER_COLUMNS} FROM orders
                 WHERE id IN (SELECT order_row FROM settle_revisit) AND ordered_at <= ?1
                 ORDER BY ordered_at, id"
            ))?
            .query_map([a], OrderRow::read)?
            .collect::<rusqlite::Result<_>>()?;
        // Judged one by one with the per-order queries, each from a fresh look at the ledger:
        // the caches of a run (referral counts, windows' first orders, a big run's code lists)
        // hold the members' state at the time of the orders they were built for, and these
        // orders are older than those the run goes on with.
        let bulk = std::mem::replace(&mut self.bulk, false);
        for row in &rows {
            if let Some((_, (program_id, _))) = self.code_of(row) {
                // Skipped for a monthly cap that a review since rejected was holding a place
                // under: judged again, the old skip gone (a new one is written if still capped).
                let uncapped = self
                    .conn
                    .prepare_cached(&format!(
                        "DELETE FROM reward_skips WHERE order_id = ?1 AND program_id = ?2
                           AND ({CAP_SKIP})"
                    ))?
                    .execute(params![row.order_id, program_id])?;
                if uncapped > 0 || !decided(self.conn, &row.order_id, program_id)? {
                    self.order(row, true, &[], &[])?;
                }
            }
            self.conn
                .prepare_cached("DELETE FROM settle_revisit WHERE order_row = ?1")?
                .execute([row.id])?;
            self.referred.clear();
            self.first_referred.clear();
        }
        self.bulk = bulk;
        Ok(())
    }

    /// Whether the order carries a code of the program, valid or not: its code settles it (a
    /// revoked, expired or used-up code earns nothing), never the program's window.
    fn carries_any_code_of(&self, row: &OrderRow, program: i64) -> bool {
        row.code_id
            .and_then(|c| self.codes.get(&c))
            .is_some_and(|&(p, _)| p == program)
    }

    /// Whether member `id` was blocked at `t` (stored UTC text).
    pub(crate) fn blocked_at(&mut self, id: i64, t: &str) -> Result<bool> {
        let t = time(t)?;
        Ok(self.member_by_id(id)?.is_some_and(|m| m.blocked_at(t)))
    }

    /// The earner with the blocks that ended before now.
    fn with_ended_blocks(&self, mut e: Earner) -> Result<Earner> {
        if let Some(ended) = self.ended_blocks.get(&e.member_id) {
            e.blocks.extend_from_slice(ended);
        }
        Ok(e)
    }

    /// The valid code an order carries, with its (program, owner).
    fn code_of(&self, row: &OrderRow) -> Option<(i64, (i64, i64))> {
        row.code_id
            .filter(|_| row.code_ok)
            .and_then(|c| self.codes.get(&c).copied().map(|x| (c, x)))
    }

    /// Settles one undecided order: its code's referral (with `referrals`), window and points
    /// programs.
    fn order(
        &mut self,
        row: &OrderRow,
        referrals: bool,
        window_programs: &[i64],
        points_programs: &[i64],
    ) -> Result<()> {
        let ordered_at = row.ordered_at.as_str();
        let o = row.order()?;
        let (name, key, cancelled) = (
            row.customer_name.as_deref(),
            row.key.as_str(),
            row.cancelled,
        );
        let coded = self.code_of(row).filter(|_| referrals);
        if cancelled {
            if let Some((_, (program_id, member_id))) = coded {
                self.skip(&o.order_id, program_id, Some(member_id), "order cancelled")?;
            }
            return Ok(());
        }
        if let Some((code_id, (program_id, owner_id))) = coded {
            self.referral(row, &o, code_id, program_id, owner_id)?;
        }
        for &pid in window_programs {
            if self.carries_any_code_of(row, pid) {
                continue;
            }
            let first = self.first_referred(pid, key, ordered_at, true)?;
            if let Some((_, code_id, owner_id)) = first {
                self.referral(row, &o, code_id, pid, owner_id)?;
            }
        }
        for &pid in points_programs {
            self.points_order(&o, pid, name)?;
        }
        Ok(())
    }

    fn referral(
        &mut self,
        row: &OrderRow,
        o: &Order,
        code_id: i64,
        program_id: i64,
        owner_id: i64,
    ) -> Result<()> {
        let (key, ordered_at) = (row.key.as_str(), row.ordered_at.as_str());
        let Some(owner) = self.member_by_id(owner_id)? else {
            return Ok(());
        };
        let window = match self.programs.get(&program_id) {
            Some(p) if p.kind != ProgramKind::Points => p.window_days.is_some(),
            _ => return Ok(()),
        };
        let mut f = Facts::default();
        if window {
            let first = self.first_referred(program_id, key, ordered_at, false)?;
            f.first_referred_at = first.map(|x| time(&x.0)).transpose()?;
        }
        // Also without tiers: the rule records the real N (explain shows it).
        f.nth_referral = self.nth_referral(owner_id, program_id, key, ordered_at)?;
        let Some(p) = self.programs.get(&program_id) else {
            return Ok(());
        };
        let c = self.conn;
        if p.first_order_only {
            f.ordered_before = match &self.first_orders {
                Some(first) => first.ordered_before(row.id),
                None => c
                    .prepare_cached(SQL_ORDERED_BEFORE)?
                    .query_row(params![key, ordered_at, row.id], |r| r.get(0))?,
            };
        }
        if p.cap_count.is_some() || p.cap_amount_minor.is_some() {
            (f.month_count, f.month_amount_minor) = month_totals(
                c,
                self.zone,
                owner_id,
                program_id,
                o.ordered_at,
                &o.order_id,
            )?;
        }
        if p.kind == ProgramKind::Referral {
            let day_before = o.ordered_at - Duration::hours(24);
            let codes = self
                .member_codes
                .get(&(owner_id, program_id))
                .map(Vec::as_slice)
                .unwrap_or_default();
            if self.bulk {
                let (t, since) = (o.ordered_at.timestamp(), day_before.timestamp());
                let list = self
                    .code_orders
                    .get(&code_id)
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                // Each list is in time order: the window is a slice found by binary search.
                let from = list.partition_point(|x| x.at <= since);
                let to = list.partition_point(|x| x.at <= t);
                let mut customers: Vec<u64> =
                    list[from..to.max(from)].iter().map(|x| x.email).collect();
                customers.sort_unstable();
                customers.dedup();
                f.signals.customers_24h = customers.len() as i64;
                for code in codes {
                    let list = self
                        .code_orders
                        .get(code)
                        .map(Vec::as_slice)
                        .unwrap_or_default();
                    for x in &list[..list.partition_point(|x| x.at < t)] {
                        if x.counted {
                            f.signals.earlier_referred += 1;
                            f.signals.earlier_refunded += i64::from(x.first_return < t);
                        }
                    }
                }
            } else {
                let mut customers: Vec<String> = c
                    .prepare_cached(SQL_CUSTOMERS_24H)?
                    .query_map(params![code_id, to_db(day_before), ordered_at], |r| {
                        r.get(0)
                    })?
                    .collect::<rusqlite::Result<_>>()?;
                customers.sort_unstable();
                customers.dedup();
                f.signals.customers_24h = customers.len() as i64;
                for code in codes {
                    let (referred, refunded): (i64, i64) = c
                        .prepare_cached(SQL_CODE_ORDERS)?
                        .query_row(params![code, ordered_at], |r| Ok((r.get(0)?, r.get(1)?)))?;
                    f.signals.earlier_referred += referred;
                    f.signals.earlier_refunded += refunded;
                }
            }
        }
        let decision = rules::decide_referral(p, o, &owner, &f);
        let earns = matches!(decision, Decision::Earn(_) | Decision::Hold(..));
        let written = self.apply(
            decision,
            "order",
            &o.order_id.clone(),
            Some(&o.order_id),
            program_id,
            Some(owner_id),
        )?;
        // An order looked at again (a run at an as-of before the latest) earned already: it
        // still counts among the referrals that the later ones' tiers count.
        if written || (earns && rewarded(self.conn, &o.order_id, program_id, owner_id)?) {
            self.count_referred(owner_id, program_id, key);
        }
        Ok(())
    }

    fn points_order(&mut self, o: &Order, program_id: i64, name: Option<&str>) -> Result<()> {
        // Judge with a provisional earner first, so that customers are enrolled only when they earn.
        let existing = self.member_by_email(&o.customer_email, name, false)?;
        let Some(p) = self.programs.get(&program_id) else {
            return Ok(());
        };
        let probe = existing.clone().unwrap_or(Earner {
            member_id: 0,
            email: o.customer_email.clone(),
            phone: None,
            blocks: vec![],
        });
        let mut f = Facts::default();
        if p.cap_count.is_some() && probe.member_id != 0 {
            (f.month_count, f.month_amount_minor) = month_totals(
                self.conn,
                self.zone,
                probe.member_id,
                program_id,
                o.ordered_at,
                &o.order_id,
            )?;
        }
        let decision = rules::decide_points_order(p, o, &probe, &f);
        let decision = match decision {
            Decision::Earn(mut planned) if probe.member_id == 0 => {
                let Some(m) = self.member_by_email(&o.customer_email, name, true)? else {
                    return Ok(());
                };
                planned.member_id = m.member_id;
                Decision::Earn(planned)
            }
            Decision::Skip(_) if probe.member_id == 0 => Decision::Ignore,
            d => d,
        };
        let member = existing.map(|m| m.member_id);
        self.apply(
            decision,
            "order",
            &o.order_id.clone(),
            Some(&o.order_id),
            program_id,
            member,
        )?;
        Ok(())
    }

    /// Writes a decision: a ledger row, a review, or a skip. True when a ledger row or a review
    /// was written (false when it existed already, or for a skip).
    pub fn apply(
        &mut self,
        d: Decision,
        cause_type: &'static str,
        cause_id: &str,
        order_id: Option<&str>,
        program_id: i64,
        member_id: Option<i64>,
    ) -> Result<bool> {
        let mut written = false;
        match d {
            Decision::Earn(p) => {
                let e = entry(&p, program_id, cause_type, cause_id, order_id);
                let known = self.known_causes.as_ref().is_some_and(|k| k.contains(&e));
                if !known && insert(self.conn, self.run_id, &self.created_at, &e)?.is_some() {
                    self.counts.accrued += 1;
                    written = true;
                }
            }
            Decision::Hold(p, reason) => {
                let n = self
                    .conn
                    .prepare_cached(
                        "INSERT INTO reviews(member_id, program_id, kind, currency, amount_minor, points,
                            effective_at, available_at, cause_type, cause_id, order_id, rule, reason, run_id)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
                         ON CONFLICT DO NOTHING",
                    )?
                    .execute(params![
                        p.member_id,
                        program_id,
                        p.kind,
                        p.currency,
                        p.amount_minor,
                        p.points,
                        to_db(p.effective_at),
                        to_db(p.available_at),
                        cause_type,
                        cause_id,
                        order_id,
                        p.rule.to_json(),
                        reason,
                        self.run_id
                    ])?;
                self.counts.held_for_review += n as i64;
                written = n > 0;
            }
            Decision::Skip(reason) => {
                if let Some(order_id) = order_id {
                    self.skip(order_id, program_id, member_id, &reason)?;
                }
            }
            Decision::Ignore => {}
        }
        Ok(written)
    }

    fn skip(
        &mut self,
        order_id: &str,
        program_id: i64,
        member_id: Option<i64>,
        reason: &str,
    ) -> Result<()> {
        let n = self
            .conn
            .prepare_cached(
                "INSERT INTO reward_skips(order_id, program_id, member_id, reason, run_id)
                 VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
            )?
            .execute(params![
                order_id,
                program_id,
                member_id,
                reason,
                self.run_id
            ])?;
        self.counts.skipped += n as i64;
        Ok(())
    }
}

/// The columns of an order that settling reads, in `OrderRow::read`'s order.
const ORDER_COLUMNS: &str = "id, order_id, customer_email, customer_phone, customer_name, amount_minor,
    currency, ordered_at, delivered_at, cancelled, code_id, code_status, customer_key, history_only";

/// An order as settling reads it (`ORDER_COLUMNS`).
struct OrderRow {
    id: i64,
    order_id: String,
    customer_email: String,
    customer_phone: Option<String>,
    customer_name: Option<String>,
    amount_minor: i64,
    currency: String,
    /// Stored form (UTC text, fixed width: compares as the time does).
    ordered_at: String,
    delivered_at: Option<String>,
    cancelled: bool,
    code_id: Option<i64>,
    /// The code matched with no problem (`code_status` NULL).
    code_ok: bool,
    key: String,
    history_only: bool,
}

impl OrderRow {
    /// The order as the rules see it.
    fn order(&self) -> Result<Order> {
        Ok(Order {
            order_id: self.order_id.clone(),
            customer_email: self.customer_email.clone(),
            customer_phone: self.customer_phone.clone(),
            amount_minor: self.amount_minor,
            currency: self.currency.clone(),
            ordered_at: time(&self.ordered_at)?,
            delivered_at: self.delivered_at.as_deref().map(time).transpose()?,
        })
    }

    fn read(r: &Row) -> rusqlite::Result<Self> {
        Ok(OrderRow {
            id: r.get(0)?,
            order_id: r.get(1)?,
            customer_email: r.get(2)?,
            customer_phone: r.get(3)?,
            customer_name: r.get(4)?,
            amount_minor: r.get(5)?,
            currency: r.get(6)?,
            ordered_at: r.get(7)?,
            delivered_at: r.get(8)?,
            cancelled: r.get::<_, i64>(9)? != 0,
            code_id: r.get(10)?,
            code_ok: r.get::<_, Option<String>>(11)?.is_none(),
            key: r.get(12)?,
            history_only: r.get::<_, i64>(13)? != 0,
        })
    }
}

/// The largest row id of a table (cheap; 0 when empty): how many rows it holds, near enough
/// to decide how to settle, and the watermark `settle_state` keeps.
fn max_id(conn: &Connection, table: &str) -> Result<i64> {
    Ok(conn.query_row(
        &format!("SELECT IFNULL(MAX(id), 0) FROM {table}"),
        [],
        |r| r.get(0),
    )?)
}

/// (ledger id, member, program, currency, amount, points, available_at) of a reward row.
pub(crate) type RewardRow = (i64, i64, Option<i64>, Option<String>, i64, i64, String);

fn sorted_ids(programs: &HashMap<i64, Program>, f: impl Fn(&Program) -> bool) -> Vec<i64> {
    let mut v: Vec<i64> = programs.values().filter(|p| f(p)).map(|p| p.id).collect();
    v.sort_unstable();
    v
}

/// The columns [`earner`] reads from `members`.
const EARNER_COLUMNS: &str = "id, email, phone, blocked, blocked_at";

/// A member as an earner, with the block in force (ended ones: [`Engine::with_ended_blocks`]).
fn earner(r: &Row) -> rusqlite::Result<Earner> {
    let blocked: bool = r.get::<_, i64>(3)? != 0;
    let since: Option<String> = r.get(4)?;
    let since = since.and_then(|s| from_db(&s));
    Ok(Earner {
        member_id: r.get(0)?,
        email: r.get(1)?,
        phone: r.get(2)?,
        blocks: if blocked { vec![(since, None)] } else { vec![] },
    })
}

/// The member's rewards (count, amount) in the program in the calendar month of `t`, other
/// than order `order_id`'s own: those in the ledger and those held for review, which may yet be
/// approved (approving one does not judge the cap again, so a held reward keeps its place
/// under the cap). The whole month, not only up to `t`: an order judged after later ones of
/// its month (imported late, its code issued later, judged again when a review was rejected)
/// finds the cap as they filled it, so the month never goes over it. Judged in time order, as
/// a settle judges, nothing after `t` is written yet, so the result is the same as up to `t`.
fn month_totals(
    c: &Connection,
    zone: Tz,
    member_id: i64,
    program_id: i64,
    t: DateTime<Utc>,
    order_id: &str,
) -> Result<(i64, i64)> {
    let (start, end) = rules::month_bounds(t, zone);
    Ok(c.prepare_cached(
        "SELECT COUNT(*), IFNULL(SUM(amount_minor), 0) FROM (
             SELECT amount_minor FROM ledger
              WHERE member_id = ?1 AND program_id = ?2 AND kind IN ('accrual', 'points_earn')
                AND cause_type = 'order' AND effective_at >= ?3 AND effective_at < ?4
                AND cause_id <> ?5
             UNION ALL
             SELECT amount_minor FROM reviews
              WHERE member_id = ?1 AND program_id = ?2 AND status = 'held'
                AND kind IN ('accrual', 'points_earn')
                AND cause_type = 'order' AND effective_at >= ?3 AND effective_at < ?4
                AND cause_id <> ?5)",
    )?
    .query_row(
        params![member_id, program_id, to_db(start), to_db(end), order_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// The ledger row for a planned reward.
pub fn entry(
    p: &Planned,
    program_id: i64,
    cause_type: &'static str,
    cause_id: &str,
    order_id: Option<&str>,
) -> NewEntry {
    NewEntry {
        member_id: p.member_id,
        program_id: Some(program_id),
        kind: p.kind,
        currency: p.currency.clone(),
        amount_minor: p.amount_minor,
        points: p.points,
        effective_at: to_db(p.effective_at),
        available_at: to_db(p.available_at),
        cause_type,
        cause_id: cause_id.to_string(),
        order_id: order_id.map(str::to_string),
        corrects_id: None,
        rule: Some(p.rule.to_json()),
        note: None,
    }
}
