//! WooCommerce's order export (the WebToffee layout): one line per order, coupons and refunds
//! packed as `key:value|key:value` items joined by `;`, dates like `16-05-2018 07:32:06`.

use super::import::{self, Options};
use super::orders::{self as o, ParsedOrder};
use super::reader::{Row, RowError};
use super::returns::Refund;
use super::values;
use crate::core::time::to_db;
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use std::borrow::Cow;

/// WooCommerce headers -> fields (others match by name: order_id, customer_email, status, ...).
pub static ALIASES: &[(&str, &str)] = &[
    ("order_date", "ordered_at"),
    ("order_currency", "currency"),
    ("coupon_items", "code"),
    ("completed_date", "delivered_at"),
    ("billing_phone", "customer_phone"),
];

/// The values of `key` in packed items: `code:flat20|amount:10.00;code:x|amount:1` -> flat20, x.
pub fn packed_values<'a>(cell: &'a str, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    cell.split(';').filter_map(move |item| {
        item.split('|').find_map(|kv| {
            let (k, v) = kv.split_once(':')?;
            (k.trim() == key).then(|| v.trim())
        })
    })
}

/// Whether the order's line lists refunds.
pub fn has_refund(row: &Row) -> bool {
    !row.get(o::REFUND_ITEMS).is_empty()
}

/// A WooCommerce timestamp: the usual forms, or day-first `16-05-2018 07:32:06`.
fn woo_time(s: &str, opts: &Options) -> Option<DateTime<Utc>> {
    if let Ok(t) = values::parse_time(s, opts.zone) {
        return Some(t);
    }
    for f in ["%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M"] {
        if let Ok(n) = NaiveDateTime::parse_from_str(s, f) {
            return opts
                .zone
                .from_local_datetime(&n)
                .earliest()
                .map(|t| t.with_timezone(&Utc));
        }
    }
    None
}

fn instant(row: &Row, field: usize, opts: &Options) -> Result<DateTime<Utc>, RowError> {
    let v = row.required(field)?;
    let t =
        woo_time(v, opts).ok_or_else(|| row.err(field, format!("{v:?} is not a date or time")))?;
    import::not_future(row, field, t, opts)
}

/// Reads an order line.
pub fn parse_order<'a>(row: &Row<'a>, opts: &Options) -> Result<ParsedOrder<'a>, RowError> {
    let order_id = row.required(o::ORDER_ID)?;
    let email_field = if row.get(o::CUSTOMER_EMAIL).is_empty() {
        o::BILLING_EMAIL
    } else {
        o::CUSTOMER_EMAIL
    };
    let email = import::email(row, email_field)?;
    let currency = import::currency(row, o::CURRENCY)?;
    // Commissionable: the order total less shipping, fees and all taxes (tax_total includes
    // the tax on shipping and fees), unless a column is mapped to `amount`.
    let amount_minor = if row.get(o::AMOUNT).is_empty() {
        let total = import::order_amount(row, o::ORDER_TOTAL, currency)?;
        // Checked: the parts come from the file and may be anything an i64 holds.
        let mut less: i64 = 0;
        for field in [o::SHIPPING_TOTAL, o::FEE_TOTAL, o::TAX_TOTAL] {
            let part = import::amount_or_zero(row, field, currency)?;
            if part < 0 {
                return Err(row.err(field, format!("{:?} is negative", row.get(field))));
            }
            less = less.checked_add(part).ok_or_else(|| {
                row.err(
                    field,
                    format!(
                        "{:?} is too large (shipping, fees and tax add up past any amount)",
                        row.get(field)
                    ),
                )
            })?;
        }
        // Both are >= 0, so this cannot overflow.
        let amount = total - less;
        if amount < 0 {
            return Err(row.err(
                o::ORDER_TOTAL,
                format!(
                    "{:?} is less than its shipping, fees and tax",
                    row.get(o::ORDER_TOTAL)
                ),
            ));
        }
        amount
    } else {
        import::order_amount(row, o::AMOUNT, currency)?
    };
    let ordered_at = instant(row, o::ORDERED_AT, opts)?;
    let delivered_at = match row.opt(o::DELIVERED_AT) {
        None => None,
        Some(v) => Some(
            woo_time(v, opts)
                .ok_or_else(|| row.err(o::DELIVERED_AT, format!("{v:?} is not a date or time")))?,
        ),
    };
    let cell = row.get(o::CODE);
    // Packed coupon items, or (a column mapped with --map) plain codes joined by commas.
    let codes: Vec<Cow<str>> = if cell.contains(':') {
        packed_values(cell, "code")
            .filter(|c| !c.is_empty())
            .map(Cow::Borrowed)
            .collect()
    } else {
        cell.split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(Cow::Borrowed)
            .collect()
    };
    let mut refunds = Vec::new();
    for (n, item) in row
        .get(o::REFUND_ITEMS)
        .split(';')
        .filter(|i| !i.trim().is_empty())
        .enumerate()
    {
        let amount_text = packed_values(item, "amount").next().unwrap_or("");
        let amount = crate::core::money::parse_minor(amount_text, currency)
            .map_err(|e| row.err(o::REFUND_ITEMS, format!("refund {}: {e}", n + 1)))?;
        if amount <= 0 {
            continue;
        }
        let at = match packed_values(item, "date").next().filter(|d| !d.is_empty()) {
            Some(d) => woo_time(d, opts).ok_or_else(|| {
                row.err(
                    o::REFUND_ITEMS,
                    format!("refund {}: {d:?} is not a date or time", n + 1),
                )
            })?,
            None => ordered_at,
        };
        let at = import::not_future(row, o::REFUND_ITEMS, at, opts)?;
        refunds.push(Refund {
            key: String::new(),
            amount_minor: amount,
            at,
            reason: packed_values(item, "reason").next().map(str::to_string),
            cumulative: false,
            nth_at_time: None,
            undated: false,
            earlier_reading: None,
        });
    }
    // Known by their time, not their place in the list, where newer refunds come first: of
    // refunds at one time (a date alone, or none: the order's time), the oldest is the first,
    // the last in the list, so refunds added later do not move the older ones' numbers.
    for i in 0..refunds.len() {
        let at = refunds[i].at;
        let nth = 1 + refunds[i + 1..].iter().filter(|r| r.at == at).count() as i64;
        refunds[i].key = format!("woocommerce-refund:{order_id}:{}:{nth}", to_db(at));
        refunds[i].nth_at_time = Some(nth);
    }
    // Recorded oldest first, in time and then in number: the n-th refund at a time is new
    // while fewer than n are stored at that time, so the first must go in before the second
    // (newest first, the second went in and the first was then taken for stored: two refunds
    // on one day were recorded as one). A refund beyond what is left of the order is cut to
    // it, so the later one is.
    refunds.sort_by_key(|r| (r.at, r.nth_at_time));
    let name = match (
        row.opt(o::CUSTOMER_NAME),
        row.opt(o::BILLING_FIRST_NAME),
        row.opt(o::BILLING_LAST_NAME),
    ) {
        (Some(n), _, _) => Some(Cow::Borrowed(n)),
        (None, Some(f), Some(l)) => Some(Cow::Owned(format!("{f} {l}"))),
        (None, f, l) => f.or(l).map(Cow::Borrowed),
    };
    Ok(ParsedOrder {
        order_id: Cow::Borrowed(order_id),
        email,
        name,
        phone: row.opt(o::CUSTOMER_PHONE).map(Cow::Borrowed),
        amount_minor,
        currency,
        ordered_at,
        delivered_at,
        cancelled: o::is_cancelled_status(row.get(o::STATUS)),
        cancelled_at: None,
        codes,
        refunds,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_items() {
        let v: Vec<_> =
            packed_values("code:flat20|amount:10.00;code:Eid5|amount:1", "code").collect();
        assert_eq!(v, ["flat20", "Eid5"]);
        let v: Vec<_> = packed_values(
            "amount:46.00|reason:refund|date:2019-06-19 12:13:48",
            "date",
        )
        .collect();
        assert_eq!(v, ["2019-06-19 12:13:48"]);
    }
}
