//! `explain`: every amount traced back to orders, returns and the CSV file and line they came
//! from, with the frozen rule and the arithmetic.

use crate::core::money::{Currency, format_minor};
use crate::db::settle::{EngineError, Result};
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;

#[derive(Debug, Default, Serialize)]
pub struct Entry {
    pub id: i64,
    pub member_email: String,
    pub program: Option<String>,
    pub kind: String,
    pub amount: Option<String>,
    pub currency: Option<String>,
    /// Null on a points row, as `amount` and `currency` are.
    pub amount_minor: Option<i64>,
    pub points: i64,
    pub effective_at: String,
    pub available_at: String,
    pub cause: String,
    pub order_id: Option<String>,
    /// file:line of the cause, or what it is (adjustment reason, redemption note, payout batch).
    pub source: String,
    pub arithmetic: String,
    pub corrects_id: Option<i64>,
    pub note: Option<String>,
    pub rule: Option<String>,
}

/// An `explain --member` row: the entry with running sums in row order (money per this row's
/// currency, null on a points row; and points). Every field is always there.
#[derive(Debug, Default, Serialize)]
pub struct MemberEntry {
    #[serde(flatten)]
    pub entry: Entry,
    pub running_balance: Option<String>,
    pub running_balance_minor: Option<i64>,
    pub running_points: i64,
}

const ENTRY_SQL: &str = "
SELECT l.id, m.email, p.name, l.kind, l.currency, l.amount_minor, l.points, l.effective_at,
       l.available_at, l.cause_type, l.cause_id, l.order_id, l.corrects_id, l.note, l.rule,
       CASE l.cause_type
         WHEN 'order' THEN (SELECT i.file_name || ':' || o.source_line FROM orders o JOIN imports i ON i.id = o.import_id WHERE o.order_id = l.cause_id)
         WHEN 'return' THEN (SELECT i.file_name || ':' || r.source_line FROM returns r JOIN imports i ON i.id = r.import_id WHERE r.return_key = l.cause_id)
         WHEN 'activity' THEN (SELECT i.file_name || ':' || a.source_line || ' (' || a.action || ')' FROM activities a JOIN imports i ON i.id = a.import_id WHERE a.activity_key = l.cause_id)
         WHEN 'adjustment' THEN (SELECT 'adjustment: ' || a.reason FROM adjustments a WHERE a.id = CAST(l.cause_id AS INTEGER))
         WHEN 'redemption' THEN (SELECT 'redemption' || IFNULL(': ' || d.note, '') FROM redemptions d WHERE d.id = CAST(l.cause_id AS INTEGER))
         WHEN 'payout' THEN 'payout batch ' || l.cause_id
         WHEN 'expiry' THEN 'expiry of the points of ' || l.cause_id || ' (ledger #' || l.corrects_id || ')'
         ELSE l.cause_type || ' ' || l.cause_id END
FROM ledger l JOIN members m ON m.id = l.member_id LEFT JOIN programs p ON p.id = l.program_id";

fn money(minor: i64, currency: Option<&str>) -> Option<String> {
    currency
        .and_then(|c| Currency::from_code(c).ok())
        .map(|c| format_minor(minor, c))
}

fn entry(r: &Row) -> rusqlite::Result<Entry> {
    let currency: Option<String> = r.get(4)?;
    let amount_minor: i64 = r.get(5)?;
    let points: i64 = r.get(6)?;
    let kind: String = r.get(3)?;
    let rule: Option<String> = r.get(14)?;
    let cause_type: String = r.get(9)?;
    let cause_id: String = r.get(10)?;
    Ok(Entry {
        id: r.get(0)?,
        member_email: r.get(1)?,
        program: r.get(2)?,
        amount: money(amount_minor, currency.as_deref()),
        arithmetic: arithmetic(
            &kind,
            rule.as_deref(),
            amount_minor,
            points,
            currency.as_deref(),
        ),
        amount_minor: currency.is_some().then_some(amount_minor),
        kind,
        currency,
        points,
        effective_at: r.get(7)?,
        available_at: r.get(8)?,
        cause: format!("{cause_type} {cause_id}"),
        order_id: r.get(11)?,
        corrects_id: r.get(12)?,
        note: r.get(13)?,
        rule,
        source: r.get::<_, Option<String>>(15)?.unwrap_or_default(),
    })
}

/// How the amount came out of the frozen rule, in words and numbers.
pub fn arithmetic(
    kind: &str,
    rule: Option<&str>,
    amount: i64,
    points: i64,
    currency: Option<&str>,
) -> String {
    let rule: Value = rule
        .and_then(|r| serde_json::from_str(r).ok())
        .unwrap_or(Value::Null);
    let cur = rule["currency"]
        .as_str()
        .or(currency)
        .and_then(|c| Currency::from_code(c).ok());
    let fmt = |m: i64| {
        cur.map(|c| format_minor(m, c))
            .unwrap_or_else(|| m.to_string())
    };
    let order_amount = rule["order_amount_minor"].as_i64();
    let mut s = match kind {
        "accrual" | "points_earn" => match (&rule["reward"]["kind"], &rule["points_per_unit"]) {
            (Value::String(k), _) if k == "percent" => format!(
                "{} of {} = {}",
                crate::core::money::format_bps(rule["reward"]["bps"].as_i64().unwrap_or(0)),
                fmt(order_amount.unwrap_or(0)),
                fmt(rule["capped_from_minor"].as_i64().unwrap_or(amount))
            ),
            (Value::String(k), _) if k == "fixed" => format!(
                "fixed {}",
                fmt(rule["reward"]["value_minor"].as_i64().unwrap_or(amount))
            ),
            (Value::String(k), _) if k == "points" => format!("{points} points per referral"),
            (_, Value::Number(n)) => format!(
                "floor({}) x {n} = {points} points",
                fmt(order_amount.unwrap_or(0))
            ),
            _ if rule["action"].is_string() => {
                format!(
                    "{} points for {}",
                    points,
                    rule["action"].as_str().unwrap_or("")
                )
            }
            _ => String::new(),
        },
        "reversal" => {
            let acc = rule["accrued"].as_i64().unwrap_or(0);
            let show = |v: i64| if points != 0 { v.to_string() } else { fmt(v) };
            format!(
                "-(round({} x {} / {}) - {}) = {}",
                show(acc),
                fmt(rule["returned_cumulative_minor"].as_i64().unwrap_or(0)),
                fmt(rule["order_amount_minor"].as_i64().unwrap_or(0)),
                show(-rule["reversed_before"].as_i64().unwrap_or(0)),
                show(if points != 0 { points } else { amount })
            )
        }
        "points_expire" => format!(
            "{} points left after {} days",
            -points,
            rule["expire_days"].as_i64().unwrap_or(0)
        ),
        _ => String::new(),
    };
    if let Some(from) = rule["capped_from_minor"].as_i64() {
        s.push_str(&format!(", capped from {} to {}", fmt(from), fmt(amount)));
    }
    if let Some(t) = rule["tier_from"].as_i64() {
        s.push_str(&format!(" (tier from referral {t})"));
    }
    if let (Some(h), Some(from)) = (rule["hold_days"].as_i64(), rule["hold_from"].as_str()) {
        s.push_str(&format!("; held {h} days from {from}"));
    }
    s
}

#[derive(Debug, Serialize)]
pub struct OrderInfo {
    pub order_id: String,
    pub customer_email: String,
    pub amount: String,
    pub currency: String,
    pub amount_minor: i64,
    pub ordered_at: String,
    pub delivered_at: Option<String>,
    pub status: String,
    pub code: Option<String>,
    pub code_status: Option<String>,
    pub code_program: Option<String>,
    pub code_owner: Option<String>,
    pub source: String,
}

#[derive(Debug, Serialize)]
pub struct Note {
    pub program: String,
    pub member_email: Option<String>,
    pub what: String,
    pub detail: String,
}

#[derive(Debug, Serialize)]
pub struct OrderExplained {
    /// The order's fields, at the top level (a field/value table in table format).
    #[serde(flatten)]
    pub order: OrderInfo,
    pub entries: Vec<Entry>,
    /// Skips and reviews: why the order earned nothing (yet) in a program.
    pub decisions: Vec<Note>,
    pub returns: Vec<Value>,
}

pub fn order(conn: &Connection, order_id: &str) -> Result<OrderExplained> {
    let info = conn
        .query_row(
            "SELECT o.order_id, o.customer_email, o.amount_minor, o.currency, o.ordered_at, o.delivered_at,
                    o.cancelled, o.history_only, o.code, o.code_status, p.name, m.email,
                    i.file_name || ':' || o.source_line
             FROM orders o JOIN imports i ON i.id = o.import_id
             LEFT JOIN codes c ON c.id = o.code_id LEFT JOIN programs p ON p.id = c.program_id
             LEFT JOIN members m ON m.id = c.member_id
             WHERE o.order_id = ?1",
            [order_id],
            |r| {
                let currency: String = r.get(3)?;
                let amount_minor: i64 = r.get(2)?;
                Ok(OrderInfo {
                    order_id: r.get(0)?,
                    customer_email: r.get(1)?,
                    amount: money(amount_minor, Some(&currency)).unwrap_or_default(),
                    currency,
                    amount_minor,
                    ordered_at: r.get(4)?,
                    delivered_at: r.get(5)?,
                    status: match (r.get::<_, i64>(6)?, r.get::<_, i64>(7)?) {
                        (1, _) => "cancelled".into(),
                        (_, 1) => "history only (never rewarded)".into(),
                        _ => "ok".into(),
                    },
                    code: r.get(8)?,
                    code_status: r.get(9)?,
                    code_program: r.get(10)?,
                    code_owner: r.get(11)?,
                    source: r.get(12)?,
                })
            },
        )
        .optional()?
        .ok_or_else(|| EngineError::Refused(format!("no order with id {order_id}")))?;
    let entries = conn
        // An expiry's cause is the expired points' own (`order:ID`), with no order id.
        .prepare(&format!(
            "{ENTRY_SQL} WHERE l.order_id = ?1
                OR (l.cause_type = 'expiry' AND l.cause_id = 'order:' || ?1) ORDER BY l.id"
        ))?
        .query_map([order_id], entry)?
        .collect::<rusqlite::Result<_>>()?;
    let mut decisions: Vec<Note> = conn
        .prepare(
            "SELECT p.name, m.email, s.reason FROM reward_skips s JOIN programs p ON p.id = s.program_id
             LEFT JOIN members m ON m.id = s.member_id WHERE s.order_id = ?1 ORDER BY s.id",
        )?
        .query_map([order_id], |r| {
            Ok(Note {
                program: r.get(0)?,
                member_email: r.get(1)?,
                what: "earned nothing".into(),
                detail: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let reviews: Vec<Note> = conn
        .prepare(
            "SELECT p.name, m.email, v.id, v.status, v.reason, v.decision_note FROM reviews v
             JOIN programs p ON p.id = v.program_id JOIN members m ON m.id = v.member_id
             WHERE v.order_id = ?1 ORDER BY v.id",
        )?
        .query_map([order_id], |r| {
            let note: Option<String> = r.get(5)?;
            Ok(Note {
                program: r.get(0)?,
                member_email: r.get(1)?,
                what: format!("review {} {}", r.get::<_, i64>(2)?, r.get::<_, String>(3)?),
                detail: format!(
                    "{}{}",
                    r.get::<_, String>(4)?,
                    note.map(|n| format!("; decision: {n}")).unwrap_or_default()
                ),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    decisions.extend(reviews);
    let returns = conn
        .prepare(
            "SELECT r.return_key, r.amount_minor, r.currency, r.returned_at, i.file_name || ':' || r.source_line
             FROM returns r JOIN imports i ON i.id = r.import_id WHERE r.order_id = ?1 ORDER BY r.returned_at, r.id",
        )?
        .query_map([order_id], |r| {
            let c: String = r.get(2)?;
            let m: i64 = r.get(1)?;
            Ok(serde_json::json!({
                "return_id": r.get::<_, String>(0)?, "amount": money(m, Some(&c)), "currency": c,
                "amount_minor": m, "returned_at": r.get::<_, String>(3)?, "source": r.get::<_, String>(4)?,
            }))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(OrderExplained {
        order: info,
        entries,
        decisions,
        returns,
    })
}

/// An `explain --member` row: the CSV header of a member with no entries.
pub fn member_columns() -> MemberEntry {
    MemberEntry::default()
}

/// Every ledger row of a member that happened by `as_of`, oldest first, with running sums
/// (as `balance --member` reads them).
pub fn member(conn: &Connection, email: &str, as_of: &str) -> Result<Vec<MemberEntry>> {
    let id: i64 = conn
        .query_row("SELECT id FROM members WHERE email = ?1", [email], |r| {
            r.get(0)
        })
        .optional()?
        .ok_or_else(|| EngineError::Refused(format!("no member with email {email}")))?;
    let entries: Vec<Entry> = conn
        .prepare(&format!(
            "{ENTRY_SQL} WHERE l.member_id = ?1 AND l.effective_at <= ?2 ORDER BY l.effective_at, l.id"
        ))?
        .query_map(params![id, as_of], entry)?
        .collect::<rusqlite::Result<_>>()?;
    let mut sums: HashMap<String, i64> = HashMap::new();
    let mut points = 0;
    let mut rows = Vec::with_capacity(entries.len());
    for entry in entries {
        points += entry.points;
        let mut row = MemberEntry {
            running_points: points,
            ..MemberEntry::default()
        };
        if let (Some(c), Some(m)) = (&entry.currency, entry.amount_minor) {
            let s = sums.entry(c.clone()).or_default();
            *s += m;
            row.running_balance = money(*s, Some(c));
            row.running_balance_minor = Some(*s);
        }
        row.entry = entry;
        rows.push(row);
    }
    Ok(rows)
}
