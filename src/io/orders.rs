//! `import orders`: the layout of an orders file, the generic row reader, and the loop that
//! validates, attributes codes and stores each order (and the refunds a preset's export holds).
//!
//! Memory does not grow with the file: rows are streamed, and the database's UNIQUE order id
//! tells a new order from a duplicate, a conflict or a repeat inside the same file.

use super::import::{self, Hooks, ImportError, Options, Preset, Summary, Tally};
use super::reader::{Field, Prepare, RawRow, Row, RowError, Source};
use super::returns::{self, Refund};
use super::values;
use super::{shopify, woocommerce};
use crate::core::identity::canonical_email;
use crate::core::money::Currency;
use crate::core::order_hash::OrderRowValues;
use crate::core::time::{from_db, to_db};
use crate::db::imports::{self as q, CodeInfo, NewOrder};
use chrono::{DateTime, Utc};
use csv::ByteRecord;
use rusqlite::Connection;
use std::any::Any;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

pub const ORDER_ID: usize = 0;
pub const CUSTOMER_EMAIL: usize = 1;
pub const AMOUNT: usize = 2;
pub const CURRENCY: usize = 3;
pub const ORDERED_AT: usize = 4;
pub const CUSTOMER_NAME: usize = 5;
pub const CUSTOMER_PHONE: usize = 6;
pub const CODE: usize = 7;
pub const DELIVERED_AT: usize = 8;
pub const STATUS: usize = 9;
// Fields of the presets' exports.
pub const REFUNDED_AMOUNT: usize = 10;
pub const CANCELLED_AT: usize = 11;
pub const PAID_AT: usize = 12;
pub const BILLING_EMAIL: usize = 13;
pub const BILLING_PHONE: usize = 14;
pub const REFUND_ITEMS: usize = 15;
pub const ORDER_TOTAL: usize = 16;
pub const SHIPPING_TOTAL: usize = 17;
pub const FEE_TOTAL: usize = 18;
pub const TAX_TOTAL: usize = 19;
pub const BILLING_FIRST_NAME: usize = 20;
pub const BILLING_LAST_NAME: usize = 21;

const fn f(name: &'static str, required: bool) -> Field {
    Field { name, required }
}

/// Builds a layout where `req` lists the required fields; same order as the constants above.
macro_rules! layout {
    ($($req:expr),* $(,)?) => {{
        const R: [bool; 22] = {
            let mut r = [false; 22];
            $( r[$req] = true; )*
            r
        };
        &[
            f("order_id", R[0]), f("customer_email", R[1]), f("amount", R[2]), f("currency", R[3]),
            f("ordered_at", R[4]), f("customer_name", R[5]), f("customer_phone", R[6]),
            f("code", R[7]), f("delivered_at", R[8]), f("status", R[9]),
            f("refunded_amount", R[10]), f("cancelled_at", R[11]), f("paid_at", R[12]),
            f("billing_email", R[13]), f("billing_phone", R[14]), f("refund_items", R[15]),
            f("order_total", R[16]), f("shipping_total", R[17]), f("fee_total", R[18]),
            f("tax_total", R[19]), f("billing_first_name", R[20]), f("billing_last_name", R[21]),
        ]
    }};
}

pub static GENERIC: &[Field] = layout!(ORDER_ID, CUSTOMER_EMAIL, AMOUNT, CURRENCY, ORDERED_AT);
pub static SHOPIFY: &[Field] = layout!(ORDER_ID, CUSTOMER_EMAIL, AMOUNT, CURRENCY, ORDERED_AT);
pub static WOOCOMMERCE: &[Field] = layout!(ORDER_ID, CURRENCY, ORDERED_AT, ORDER_TOTAL);

/// The fields and header aliases of a preset's orders export.
pub fn layout(preset: Preset) -> (&'static [Field], &'static [(&'static str, &'static str)]) {
    match preset {
        Preset::Generic => (GENERIC, &[]),
        Preset::Shopify => (SHOPIFY, shopify::ALIASES),
        Preset::Woocommerce => (WOOCOMMERCE, woocommerce::ALIASES),
    }
}

/// An order read from a row, validated.
#[derive(Debug)]
pub struct ParsedOrder<'a> {
    pub order_id: Cow<'a, str>,
    pub email: String,
    pub name: Option<Cow<'a, str>>,
    pub phone: Option<Cow<'a, str>>,
    pub amount_minor: i64,
    pub currency: Currency,
    pub ordered_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub cancelled: bool,
    /// When it was cancelled, if the file says (Shopify's `Cancelled at`).
    pub cancelled_at: Option<DateTime<Utc>>,
    /// Codes in the order they were given; the first known one is attributed.
    pub codes: Vec<Cow<'a, str>>,
    pub refunds: Vec<Refund>,
}

impl ParsedOrder<'_> {
    /// The same order, no longer borrowing from its row.
    pub fn into_owned(self) -> ParsedOrder<'static> {
        let owned = |c: Cow<str>| Cow::Owned(c.into_owned());
        ParsedOrder {
            order_id: owned(self.order_id),
            email: self.email,
            name: self.name.map(owned),
            phone: self.phone.map(owned),
            amount_minor: self.amount_minor,
            currency: self.currency,
            ordered_at: self.ordered_at,
            delivered_at: self.delivered_at,
            cancelled: self.cancelled,
            cancelled_at: self.cancelled_at,
            codes: self.codes.into_iter().map(owned).collect(),
            refunds: self.refunds,
        }
    }
}

/// Whether a status means the order earns nothing.
pub fn is_cancelled_status(s: &str) -> bool {
    ["cancelled", "canceled", "voided", "void", "failed"]
        .iter()
        .any(|c| s.eq_ignore_ascii_case(c))
}

/// An optional timestamp cell.
pub fn opt_instant(
    row: &Row,
    field: usize,
    opts: &Options,
) -> Result<Option<DateTime<Utc>>, RowError> {
    match row.opt(field) {
        None => Ok(None),
        Some(v) => values::parse_time(v, opts.zone)
            .map(Some)
            .map_err(|e| row.err(field, e)),
    }
}

/// Reads a row of the contract's generic layout.
pub fn parse_generic<'a>(row: &Row<'a>, opts: &Options) -> Result<ParsedOrder<'a>, RowError> {
    let order_id = row.required(ORDER_ID)?;
    let email = import::email(row, CUSTOMER_EMAIL)?;
    let currency = import::currency(row, CURRENCY)?;
    let amount_minor = import::order_amount(row, AMOUNT, currency)?;
    let ordered_at = import::instant(row, ORDERED_AT, opts)?;
    let delivered_at = opt_instant(row, DELIVERED_AT, opts)?;
    Ok(ParsedOrder {
        order_id: Cow::Borrowed(order_id),
        email,
        name: row.opt(CUSTOMER_NAME).map(Cow::Borrowed),
        phone: row.opt(CUSTOMER_PHONE).map(Cow::Borrowed),
        amount_minor,
        currency,
        ordered_at,
        delivered_at,
        cancelled: is_cancelled_status(row.get(STATUS)),
        cancelled_at: None,
        codes: row.opt(CODE).map(Cow::Borrowed).into_iter().collect(),
        refunds: Vec::new(),
    })
}

/// What storing an order needs worked out from its values alone, in buffers reused from row to
/// row.
#[derive(Default)]
struct Derived {
    /// Order time and delivery time as stored.
    ordered_at: String,
    delivered_at: Option<String>,
    /// The code attributed ([`attribute`]), upper-cased, if any, and whether it is a known one.
    code: String,
    has_code: bool,
    known_code: bool,
    /// The row hash ([`row_values`]).
    hash: String,
    /// The customer's canonical mailbox (`orders.customer_key`), when worked out ahead.
    key: Option<String>,
}

impl Derived {
    /// Works out `p`'s values (with its mailbox when `with_key`).
    fn of(&mut self, codes: &HashMap<String, CodeInfo>, p: &ParsedOrder, with_key: bool) {
        values::db_time(p.ordered_at, &mut self.ordered_at);
        match p.delivered_at {
            Some(t) => values::db_time(t, self.delivered_at.get_or_insert_with(String::new)),
            None => self.delivered_at = None,
        }
        let attributed = attribute(codes, &p.codes, &mut self.code);
        self.has_code = attributed.is_some();
        self.known_code = matches!(attributed, Some(Some(_)));
        self.hash = row_values(p, &self.ordered_at, self.delivered_at(), self.code()).hash();
        self.key = with_key.then(|| canonical_email(&p.email));
    }

    fn delivered_at(&self) -> Option<&str> {
        self.delivered_at.as_deref()
    }

    fn code(&self) -> Option<&str> {
        self.has_code.then_some(self.code.as_str())
    }
}

/// A row of an orders file as the reader thread prepares it while rows are mostly new orders,
/// beside the inserts: parsed, and what storing it needs worked out. It goes back to the reader
/// thread with its batch, to be freed where it was allocated.
struct Prepared {
    parsed: Result<(ParsedOrder<'static>, Derived), RowError>,
}

/// Parses a row of the preset's layout.
fn parse<'a>(row: &Row<'a>, opts: &Options) -> Result<ParsedOrder<'a>, RowError> {
    match opts.preset {
        Preset::Generic => parse_generic(row, opts),
        Preset::Shopify => shopify::parse_order(row, opts),
        Preset::Woocommerce => woocommerce::parse_order(row, opts),
    }
}

/// Imports an orders file into `conn` (a transaction the caller commits, or rolls back for a
/// dry run or an error).
pub fn import(
    conn: &Connection,
    opts: &Options,
    hooks: &mut dyn Hooks,
) -> Result<Summary, ImportError> {
    let shown = opts.shown();
    let sha_job = values::spawn_sha256_file(&opts.path, &shown);
    let (fields, aliases) = layout(opts.preset);
    let codes = Arc::new(q::load_codes(conn)?);
    // Once the first rows show mostly new orders (a bulk load), the rest are prepared on the
    // reader thread, beside the inserts that keep this thread busy (1M orders, a first import:
    // 5.2-5.3 -> 4.7-4.9 s, medians of 4 in turns, in two sets). Known ones (a re-import) and
    // small files are parsed here: their look-ups are quick, and the reader thread would hold
    // them up.
    let ahead = Arc::new(AtomicBool::new(false));
    let on_reader: Prepare = Box::new({
        let (opts, codes, ahead) = (opts.clone(), Arc::clone(&codes), Arc::clone(&ahead));
        move |row: &Row| {
            ahead.load(Ordering::Relaxed).then(|| {
                let parsed = parse(row, &opts).map(|p| {
                    let mut d = Derived::default();
                    d.of(&codes, &p, true);
                    (p.into_owned(), d)
                });
                Box::new(Prepared { parsed }) as Box<dyn Any + Send>
            })
        }
    });
    let mut src = Source::open_prepared(
        &opts.path,
        &shown,
        fields,
        aliases,
        &opts.maps,
        Some(on_reader),
    )?;
    let mut tally = Tally::new(opts, &src, "orders", hooks)?;
    q::tune_for_probe(conn)?;
    let import_id = q::begin(
        conn,
        "orders",
        &import::file_name(&opts.path),
        opts.preset.name(),
        opts.history_only,
        &to_db(opts.now),
    )?;
    let stored = q::orders_stored(conn)?;
    let mut deferred = Vec::new();
    let mut probed = false;
    let mut stmts = q::OrderStmts::new(conn)?;
    let mut raw = RawRow::Empty;
    let mut prev_id = String::new();
    let mut derived = Derived::default();
    let mut last_was_known = false;
    // What the reader prepared for the row in hand, handed back before the next is read.
    let mut prepared: Option<Box<dyn Any + Send>> = None;
    loop {
        if let Some(p) = prepared.take() {
            src.give_back(p);
        }
        if !src.next(&mut raw)? {
            break;
        }
        prepared = src.take_prepared();
        tally.progress(&src);
        if !probed && tally.summary.rows == DEFER_PROBE_ROWS {
            probed = true;
            let s = &tally.summary;
            ahead.store(s.inserted * 10 >= s.rows * 9, Ordering::Relaxed);
            if should_defer(&tally.summary, &src, stored) {
                deferred = q::defer_indexes(conn)?;
            } else {
                q::tune_for_import(conn)?;
            }
        }
        let line = raw.line();
        let Some(rec) = tally.text_row(&src, &raw)? else {
            continue;
        };
        let row = src.view(rec);
        if opts.preset == Preset::Shopify {
            // One line per line item: the order's fields are on its first line only.
            let id = row.get(ORDER_ID);
            if !id.is_empty() && id == prev_id {
                continue;
            }
            prev_id.clear();
            prev_id.push_str(id);
        }
        tally.summary.rows += 1;
        if let Some(msg) = src.shape_error() {
            tally.reject(rec.as_byte_record(), line, &msg)?;
            continue;
        }
        let made = prepared.as_ref().and_then(|b| b.downcast_ref::<Prepared>());
        let here;
        let parsed = match made {
            Some(Prepared { parsed }) => parsed.as_ref().map(|(p, d)| (p, d)),
            None => {
                here = parse(&row, opts);
                here.as_ref().map(|p| {
                    derived.of(&codes, p, false);
                    (p, &derived)
                })
            }
        };
        match parsed {
            Ok((p, d)) => store(
                conn,
                &mut tally,
                &codes,
                opts,
                import_id,
                line,
                rec.as_byte_record(),
                (p, d),
                &mut last_was_known,
                &mut stmts,
            )?,
            Err(e) => tally.reject(rec.as_byte_record(), line, &e.0)?,
        }
    }
    if !opts.dry_run {
        // A dry run is rolled back, which brings the indexes back as they were.
        q::restore_indexes(conn, deferred)?;
    }
    let sha = values::join_sha256(sha_job)?;
    tally.summary.sha256 = sha.clone();
    tally.summary.previous_import_id = q::previous_with_sha(conn, "orders", &sha)?.map(|p| p.0);
    let summary = tally.finish()?;
    q::finish(conn, import_id, &sha, &import::counts(&summary))?;
    Ok(Summary {
        import_id: (!opts.dry_run).then_some(import_id),
        ..summary
    })
}

/// Rows read before deciding whether this is a bulk load.
const DEFER_PROBE_ROWS: u64 = 20_000;

/// A bulk load: the first rows are nearly all new, and the file (extrapolated from the bytes
/// read so far) holds at least 50,000 rows and at least as many as are stored. Re-imports and
/// small files into a big database keep their indexes.
fn should_defer(s: &Summary, src: &Source, stored: i64) -> bool {
    let done = src.bytes_read().max(1);
    let estimated = s.rows.saturating_mul(src.size) / done;
    s.inserted * 10 >= s.rows * 9 && estimated >= 50_000 && estimated as i64 >= stored
}

/// Resolves the code an order carries: the first known one, else the first given (unknown).
fn attribute<'c>(
    codes: &'c HashMap<String, CodeInfo>,
    given: &[Cow<str>],
    buf: &mut String,
) -> Option<Option<&'c CodeInfo>> {
    let mut first: Option<String> = None;
    for c in given {
        let up = c.trim().to_uppercase();
        if up.is_empty() {
            continue;
        }
        if let Some(info) = codes.get(&up) {
            buf.clear();
            buf.push_str(&up);
            return Some(Some(info));
        }
        if first.is_none() {
            first = Some(up);
        }
    }
    first.map(|up| {
        buf.clear();
        buf.push_str(&up);
        None
    })
}

#[allow(clippy::too_many_arguments)]
fn store(
    conn: &Connection,
    tally: &mut Tally,
    codes: &HashMap<String, CodeInfo>,
    opts: &Options,
    import_id: i64,
    line: u64,
    rec: &ByteRecord,
    (p, d): (&ParsedOrder, &Derived),
    last_was_known: &mut bool,
    stmts: &mut q::OrderStmts,
) -> Result<(), ImportError> {
    let delivered = d.delivered_at();
    let code = d.code();
    let known = code.filter(|_| d.known_code).and_then(|c| codes.get(c));
    let (code_id, code_status) = match (code, known) {
        (None, _) => (None, None),
        (Some(_), None) => (None, Some("unknown")),
        (Some(_), Some(info)) => (Some(info.id), code_status(conn, info, &d.ordered_at)?),
    };
    // Runs of new orders (a first import) try the insert first; runs of known ones (a
    // re-import) look the order up first and skip the insert that would do nothing.
    let stored = if *last_was_known {
        stmts.known(&p.order_id, &d.hash)?
    } else {
        None
    };
    let key_here;
    let key = match (&d.key, &stored) {
        (Some(key), _) => key.as_str(),
        (None, None) => {
            key_here = canonical_email(&p.email);
            key_here.as_str()
        }
        (None, Some(_)) => "",
    };
    let new = NewOrder {
        order_id: &p.order_id,
        customer_email: &p.email,
        customer_key: key,
        customer_name: p.name.as_deref(),
        customer_phone: p.phone.as_deref(),
        amount_minor: p.amount_minor,
        currency: p.currency.code(),
        ordered_at: &d.ordered_at,
        delivered_at: delivered,
        cancelled: p.cancelled,
        code,
        code_id,
        code_status,
        history_only: opts.history_only,
        import_id,
        source_line: line,
        row_hash: &d.hash,
    };
    let inserted = stored.is_none() && stmts.insert(&new)?;
    *last_was_known = !inserted;
    if inserted {
        let s = &mut tally.summary;
        s.inserted += 1;
        s.cancelled += p.cancelled as u64;
        match code_status {
            Some("revoked") => s.revoked_code_orders += 1,
            Some("expired") => s.expired_code_orders += 1,
            Some("exhausted") => s.exhausted_code_orders += 1,
            Some("unknown") => {
                let c = d.code.clone();
                tally.unknown_code(&c);
            }
            _ => {}
        }
    } else {
        let stored = match stored {
            Some(s) => s,
            None => match stmts.known(&p.order_id, &d.hash)? {
                Some(s) => s,
                None => return Ok(()),
            },
        };
        if stored.import_id == import_id {
            let msg = format!(
                "order id {} already appears on line {} of this file",
                &p.order_id, stored.source_line
            );
            return tally.reject(rec, line, &msg);
        }
        let delivered_since = !stored.same_data
            && fill_in_delivery(conn, p, &d.ordered_at, code, delivered, &d.hash)?;
        if delivered_since {
            tally.summary.delivered_since += 1;
        }
        if !stored.same_data && !delivered_since {
            let msg = format!(
                "order id {} already imported with different data (import #{}, line {}); the stored order is kept",
                &p.order_id, stored.import_id, stored.source_line
            );
            // The order's later life still counts: refunds, and a cancellation after it was
            // imported (a full return), against the stored order's amount. The row is one
            // conflict: a refund that conflicts too already counted it, with its own reason.
            let conflicts = tally.summary.conflicts;
            later_life(conn, tally, opts, import_id, line, rec, p)?;
            if tally.summary.conflicts == conflicts {
                tally.conflict(rec, line, &msg)?;
            }
            return Ok(());
        }
        tally.summary.duplicates += 1;
    }
    for r in &p.refunds {
        // The stored order is this one (same data): a cancellation in it is not new.
        let r = if inserted {
            Cow::Borrowed(r)
        } else {
            dated_at_import(r, opts, false)
        };
        returns::record_refund(
            conn,
            tally,
            import_id,
            line,
            rec,
            &p.order_id,
            p.amount_minor,
            p.currency,
            &r,
        )?;
    }
    Ok(())
}

/// The values of an order that its row hash covers (duplicate or conflict), as stored.
fn row_values<'v>(
    p: &'v ParsedOrder,
    ordered_at: &'v str,
    delivered: Option<&'v str>,
    code: Option<&'v str>,
) -> OrderRowValues<'v> {
    OrderRowValues {
        order_id: &p.order_id,
        email: &p.email,
        name: p.name.as_deref().unwrap_or(""),
        phone: p.phone.as_deref().unwrap_or(""),
        amount_minor: p.amount_minor,
        currency: p.currency,
        ordered_at,
        delivered_at: delivered.unwrap_or(""),
        cancelled: p.cancelled,
        code: code.unwrap_or(""),
    }
}

/// A later export of a stored order that differs from it only by a delivery date the stored
/// order has not got (it was fulfilled since): that is the order's own later life, not other
/// data, so the date is filled in (settle reads it for rewards it has not written yet) and the
/// row is no conflict. Whether it was so.
fn fill_in_delivery(
    conn: &Connection,
    p: &ParsedOrder,
    ordered_at: &str,
    code: Option<&str>,
    delivered: Option<&str>,
    hash: &str,
) -> Result<bool, ImportError> {
    let Some(delivered) = delivered else {
        return Ok(false);
    };
    let Some(stored) = q::order(conn, &p.order_id)? else {
        return Ok(false);
    };
    if stored.row_hash != row_values(p, ordered_at, None, code).hash() {
        return Ok(false);
    }
    Ok(q::fill_in_delivery(conn, &p.order_id, delivered, hash)?)
}

/// A refund of an order imported before: one the export gives no date for happened since the
/// order's last export, so it is dated at this import (its as-of), not at the guess (which
/// would put it into periods already reported), unless a cancellation this import is the first
/// to see dates it. Dated refunds keep their date.
pub(crate) fn dated_at_import<'r>(
    r: &'r Refund,
    opts: &Options,
    new_cancellation: bool,
) -> Cow<'r, Refund> {
    if r.undated && !new_cancellation && r.at < opts.now {
        Cow::Owned(Refund {
            at: opts.now,
            ..r.clone()
        })
    } else {
        Cow::Borrowed(r)
    }
}

/// Records what a later export says happened to an order stored with other data: its refunds,
/// and its cancellation when the stored order is not cancelled, as a return of what is left
/// of its amount (dated when it was cancelled, else now), so a reward on it is reversed. Both
/// are measured against the stored order; nothing is recorded in another currency than its.
fn later_life(
    conn: &Connection,
    tally: &mut Tally,
    opts: &Options,
    import_id: i64,
    line: u64,
    rec: &ByteRecord,
    p: &ParsedOrder,
) -> Result<(), ImportError> {
    let Some(stored) = q::order(conn, &p.order_id)? else {
        return Ok(());
    };
    if stored.currency != p.currency.code() {
        return Ok(());
    }
    let record = |tally: &mut Tally, r: &Refund| {
        returns::record_refund(
            conn,
            tally,
            import_id,
            line,
            rec,
            &p.order_id,
            stored.amount_minor,
            p.currency,
            r,
        )
    };
    let new_cancellation = p.cancelled_at.is_some() && !stored.cancelled;
    for r in &p.refunds {
        record(tally, &dated_at_import(r, opts, new_cancellation))?;
    }
    let left = stored.amount_minor - q::returned_total(conn, &p.order_id, None)?;
    if p.cancelled && !stored.cancelled && left > 0 {
        let cancel = Refund {
            key: format!("cancelled:{}", &p.order_id),
            amount_minor: left,
            at: p
                .cancelled_at
                .unwrap_or(opts.now)
                .min(opts.now)
                .max(from_db(&stored.ordered_at).unwrap_or(p.ordered_at)),
            reason: Some("cancelled after it was imported".to_string()),
            cumulative: false,
            nth_at_time: None,
            undated: false,
            earlier_reading: None,
        };
        record(tally, &cancel)?;
    }
    Ok(())
}

/// Why an order's known code earns nothing, if it does not: revoked (at or before the order),
/// expired (before the order) or exhausted (max uses taken by orders imported before it).
fn code_status(
    conn: &Connection,
    info: &CodeInfo,
    ordered_at: &str,
) -> Result<Option<&'static str>, ImportError> {
    if info.revoked_at.as_deref().is_some_and(|r| r <= ordered_at) {
        return Ok(Some("revoked"));
    }
    if info.expires_at.as_deref().is_some_and(|e| e < ordered_at) {
        return Ok(Some("expired"));
    }
    if let Some(max) = info.max_uses
        && q::code_uses(conn, info.id)? >= max
    {
        return Ok(Some("exhausted"));
    }
    Ok(None)
}
