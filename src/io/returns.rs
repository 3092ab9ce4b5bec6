//! `import returns`: generic returns files, refunds found in a preset's orders export, and the
//! rules every return obeys (its order is imported, same currency, never more returned in total
//! than the order's amount, keyed so that a second import adds nothing).

use super::import::{self, Hooks, ImportError, Options, Preset, Summary, Tally};
use super::orders::{self, ParsedOrder};
use super::reader::{Field, RawRow, Row, RowError, Source};
use super::values;
use super::{shopify, woocommerce};
use crate::core::money::{self, Currency};
use crate::core::time::to_db;
use crate::db::imports::{self as q, NewReturn};
use chrono::{DateTime, Utc};
use csv::ByteRecord;
use rusqlite::Connection;

pub const ORDER_ID: usize = 0;
pub const AMOUNT: usize = 1;
pub const RETURNED_AT: usize = 2;
pub const RETURN_ID: usize = 3;
pub const REASON: usize = 4;
pub const CURRENCY: usize = 5;

pub static GENERIC: &[Field] = &[
    Field {
        name: "order_id",
        required: true,
    },
    Field {
        name: "amount",
        required: true,
    },
    Field {
        name: "returned_at",
        required: true,
    },
    Field {
        name: "return_id",
        required: false,
    },
    Field {
        name: "reason",
        required: false,
    },
    Field {
        name: "currency",
        required: false,
    },
];

/// A refund found in a preset's orders export.
#[derive(Debug, Clone)]
pub struct Refund {
    /// The return's key; for a cumulative refund, the prefix of its keys.
    pub key: String,
    pub amount_minor: i64,
    pub at: DateTime<Utc>,
    pub reason: Option<String>,
    /// The export gives the total refunded so far (Shopify), not one refund (WooCommerce).
    pub cumulative: bool,
    /// A refund known only by its time (WooCommerce lists an order's refunds without ids,
    /// newest first, so their places shift as refunds are added): the n-th refund of the order
    /// at that time. It is recorded when the order has fewer than n returns of `key`'s kind
    /// (the part before its second `:`) at that time, whatever keys they were stored under.
    pub nth_at_time: Option<i64>,
    /// The export gives no date for it (Shopify): `at` is a guess from the order's own times
    /// (its cancellation, else its payment). Recorded for an order imported before, it is dated
    /// at the import instead, unless the cancellation that dates it is new: it happened since
    /// the last export, and the guess would put it into periods already reported.
    pub undated: bool,
    /// The cumulative amount earlier releases recorded for this refund (the refunded total,
    /// tax and shipping included, up to the order's amount): a file whose share is less than
    /// what is recorded is no conflict while its whole refund still covers what is recorded.
    pub earlier_reading: Option<i64>,
}

/// Imports a returns file: the generic layout, or the refunds of a preset's orders export.
pub fn import(
    conn: &Connection,
    opts: &Options,
    hooks: &mut dyn Hooks,
) -> Result<Summary, ImportError> {
    let shown = opts.shown();
    let sha = values::sha256_file(&opts.path, &shown)?;
    let (fields, aliases) = match opts.preset {
        Preset::Generic => (GENERIC, &[][..]),
        p => orders::layout(p),
    };
    let mut src = Source::open(&opts.path, &shown, fields, aliases, &opts.maps)?;
    let mut tally = Tally::new(opts, &src, "returns", hooks)?;
    tally.summary.sha256 = sha.clone();
    tally.summary.previous_import_id = q::previous_with_sha(conn, "returns", &sha)?.map(|p| p.0);
    q::tune_for_import(conn)?;
    let import_id = q::begin(
        conn,
        "returns",
        &import::file_name(&opts.path),
        opts.preset.name(),
        false,
        &to_db(opts.now),
    )?;
    let mut raw = RawRow::Empty;
    let mut prev_id = String::new();
    while src.next(&mut raw)? {
        tally.progress(&src);
        let line = raw.line();
        let Some(rec) = tally.text_row(&src, &raw)? else {
            continue;
        };
        let row = src.view(rec);
        let bytes = rec.as_byte_record();
        if opts.preset == Preset::Generic {
            tally.summary.rows += 1;
            if let Some(msg) = src.shape_error() {
                tally.reject(bytes, line, &msg)?;
                continue;
            }
            generic_row(conn, &mut tally, opts, import_id, line, bytes, &row)?;
            continue;
        }
        if opts.preset == Preset::Shopify {
            let id = row.get(orders::ORDER_ID);
            if !id.is_empty() && id == prev_id {
                continue;
            }
            prev_id.clear();
            prev_id.push_str(id);
        }
        let has_refund = match opts.preset {
            Preset::Shopify => shopify::has_refund(&row),
            _ => woocommerce::has_refund(&row),
        };
        if !has_refund {
            continue;
        }
        tally.summary.rows += 1;
        let parsed: Result<ParsedOrder, RowError> = match opts.preset {
            Preset::Shopify => shopify::parse_order(&row, opts),
            _ => woocommerce::parse_order(&row, opts),
        };
        let p = match parsed {
            Ok(p) => p,
            Err(e) => {
                tally.reject(bytes, line, &e.0)?;
                continue;
            }
        };
        let Some(stored) = q::order(conn, &p.order_id)? else {
            let msg = not_imported(&p.order_id);
            tally.reject(bytes, line, &msg)?;
            continue;
        };
        let Ok(cur) = Currency::from_code(&stored.currency) else {
            let msg = format!(
                "order {} is stored in {:?}, which is not a known currency",
                p.order_id, stored.currency
            );
            tally.reject(bytes, line, &msg)?;
            continue;
        };
        let (returns_before, conflicts_before) = (tally.summary.returns, tally.summary.conflicts);
        for r in &p.refunds {
            // The order was imported before: an undated refund happened since.
            let new_cancellation = p.cancelled_at.is_some() && !stored.cancelled;
            let r = super::orders::dated_at_import(r, opts, new_cancellation);
            record_refund(
                conn,
                &mut tally,
                import_id,
                line,
                bytes,
                &p.order_id,
                stored.amount_minor,
                cur,
                &r,
            )?;
        }
        // Each row lands in one count: a conflict, else new refunds, else seen before.
        if tally.summary.conflicts == conflicts_before {
            if tally.summary.returns > returns_before {
                tally.summary.inserted += 1;
            } else {
                tally.summary.duplicates += 1;
            }
        }
    }
    let summary = tally.finish()?;
    q::finish(conn, import_id, &sha, &import::counts(&summary))?;
    Ok(Summary {
        import_id: (!opts.dry_run).then_some(import_id),
        ..summary
    })
}

fn not_imported(order_id: &str) -> String {
    format!(
        "order {order_id} is not imported yet (import its orders first; this row can be imported again then)"
    )
}

fn generic_row(
    conn: &Connection,
    tally: &mut Tally,
    opts: &Options,
    import_id: i64,
    line: u64,
    rec: &ByteRecord,
    row: &Row,
) -> Result<(), ImportError> {
    let order_id = match row.required(ORDER_ID) {
        Ok(v) => v,
        Err(e) => return tally.reject(rec, line, &e.0),
    };
    let Some(stored) = q::order(conn, order_id)? else {
        return tally.reject(rec, line, &not_imported(order_id));
    };
    let checked = (|| -> Result<(i64, Currency, DateTime<Utc>), RowError> {
        let cur = Currency::from_code(&stored.currency).map_err(|e| RowError(e.to_string()))?;
        if let Some(c) = row.opt(CURRENCY) {
            let given = Currency::from_code(c).map_err(|e| row.err(CURRENCY, e))?;
            if given != cur {
                return Err(row.err(
                    CURRENCY,
                    format!("{c:?} is not the currency of order {order_id} ({cur})"),
                ));
            }
        }
        let amount = import::positive_amount(row, AMOUNT, cur)?;
        let at = import::instant(row, RETURNED_AT, opts)?;
        Ok((amount, cur, at))
    })();
    let (amount, cur, at) = match checked {
        Ok(v) => v,
        Err(e) => return tally.reject(rec, line, &e.0),
    };
    let mut returned_at = String::new();
    values::db_time(at, &mut returned_at);
    if returned_at < stored.ordered_at {
        let msg = format!(
            "column \"{}\": {:?} is before order {order_id} was placed ({})",
            row.header(RETURNED_AT),
            row.get(RETURNED_AT),
            stored.ordered_at
        );
        return tally.reject(rec, line, &msg);
    }
    let key = match row.opt(RETURN_ID) {
        Some(id) => id.to_string(),
        None => format!(
            "h:{}",
            values::stable_hash(&[order_id, &amount.to_string(), &returned_at])
        ),
    };
    if let Some(prev) = q::return_by_key(conn, &key)? {
        if prev.import_id == import_id {
            let msg = format!(
                "return {key} already appears on line {} of this file",
                prev.source_line
            );
            return tally.reject(rec, line, &msg);
        }
        if prev.order_id == order_id
            && prev.amount_minor == amount
            && prev.returned_at == returned_at
        {
            tally.summary.duplicates += 1;
            return Ok(());
        }
        let msg = format!(
            "return {key} already imported with different data (import #{}, line {}); the stored return is kept",
            prev.import_id, prev.source_line
        );
        return tally.conflict(rec, line, &msg);
    }
    let total = q::returned_total(conn, order_id, None)?;
    if total + amount > stored.amount_minor {
        let msg = format!(
            "returns of order {order_id} would total {}, more than its amount {} (returned before: {})",
            money::format_minor(total + amount, cur),
            money::format_minor(stored.amount_minor, cur),
            money::format_minor(total, cur)
        );
        return tally.reject(rec, line, &msg);
    }
    q::insert_return(
        conn,
        &NewReturn {
            return_key: &key,
            order_id,
            amount_minor: amount,
            currency: cur.code(),
            returned_at: &returned_at,
            reason: row.opt(REASON),
            import_id,
            source_line: line,
        },
    )?;
    tally.summary.inserted += 1;
    tally.summary.returns += 1;
    Ok(())
}

/// Records a refund of a preset's export for an order already stored. The refunded amount
/// covers tax and shipping too, so only up to the order's (commissionable) amount is recorded.
/// A cumulative refund (Shopify's `Refunded Amount`) that grew since the last import adds the
/// difference as a new return; the same total again adds nothing.
#[allow(clippy::too_many_arguments)]
pub fn record_refund(
    conn: &Connection,
    tally: &mut Tally,
    import_id: i64,
    line: u64,
    rec: &ByteRecord,
    order_id: &str,
    order_amount: i64,
    cur: Currency,
    r: &Refund,
) -> Result<(), ImportError> {
    let capped = r.amount_minor.min(order_amount);
    let total = q::returned_total(conn, order_id, None)?;
    let (key, amount) = if r.cumulative {
        let already = q::returned_total(conn, order_id, Some(&r.key))?;
        // Earlier releases recorded the whole refunded amount, tax and shipping included:
        // while that still covers this file's share, nothing is new.
        if capped < already
            && r.earlier_reading
                .is_some_and(|e| e.min(order_amount) >= already)
        {
            tally.summary.return_duplicates += 1;
            return Ok(());
        }
        if capped < already {
            let msg = format!(
                "order {order_id}: the file says {} refunded in total, {} was recorded before; the recorded returns are kept",
                money::format_minor(capped, cur),
                money::format_minor(already, cur)
            );
            return tally.conflict(rec, line, &msg);
        }
        let key = if already == 0 {
            r.key.clone()
        } else {
            format!("{}:{capped}", r.key)
        };
        (key, (capped - already).min(order_amount - total))
    } else {
        (r.key.clone(), capped.min(order_amount - total))
    };
    let mut returned_at = String::new();
    values::db_time(r.at, &mut returned_at);
    let seen_at_time = match r.nth_at_time {
        Some(n) => {
            let kind = r.key.split(':').next().unwrap_or_default();
            q::returns_at(conn, order_id, &format!("{kind}:"), &returned_at)? >= n
        }
        None => false,
    };
    if amount <= 0 || seen_at_time || q::return_by_key(conn, &key)?.is_some() {
        tally.summary.return_duplicates += 1;
        return Ok(());
    }
    q::insert_return(
        conn,
        &NewReturn {
            return_key: &key,
            order_id,
            amount_minor: amount,
            currency: cur.code(),
            returned_at: &returned_at,
            reason: r.reason.as_deref(),
            import_id,
            source_line: line,
        },
    )?;
    tally.summary.returns += 1;
    Ok(())
}
