//! Shopify's orders export: one line per line item, the order's fields on its first line only;
//! several discount codes joined by ", "; refunds as `Financial Status` + `Refunded Amount` +
//! `Cancelled at`; timestamps like `2026-05-12 12:54:07 -0700`.

use super::import::{self, Options};
use super::orders::{self as o, ParsedOrder};
use super::reader::{Row, RowError};
use super::returns::Refund;
use crate::core::money;
use std::borrow::Cow;

/// Shopify headers -> fields. The commissionable amount is `Subtotal` (after discounts, before
/// tax and shipping).
pub static ALIASES: &[(&str, &str)] = &[
    ("Name", "order_id"),
    ("Email", "customer_email"),
    ("Subtotal", "amount"),
    ("Currency", "currency"),
    ("Created at", "ordered_at"),
    ("Billing Name", "customer_name"),
    ("Phone", "customer_phone"),
    ("Billing Phone", "billing_phone"),
    ("Discount Code", "code"),
    ("Fulfilled at", "delivered_at"),
    ("Financial Status", "status"),
    ("Refunded Amount", "refunded_amount"),
    ("Total", "order_total"),
    ("Cancelled at", "cancelled_at"),
    ("Paid at", "paid_at"),
];

/// Whether the order's line says something was refunded.
pub fn has_refund(row: &Row) -> bool {
    let v = row.get(o::REFUNDED_AMOUNT);
    !v.is_empty() && v.bytes().any(|b| (b'1'..=b'9').contains(&b))
}

/// The part of a refund of `refunded` (tax and shipping included) that was the order's
/// commissionable `subtotal`: `refunded * subtotal / total`, rounded half up, all of the
/// subtotal once the total is refunded. Without a total (a file mapped by hand) the refund is
/// taken as it is (recording caps it at the order's amount).
pub fn refund_share(refunded: i64, subtotal: i64, total: i64) -> i64 {
    if total <= 0 || total <= subtotal {
        return refunded.min(subtotal.max(0));
    }
    if refunded >= total {
        return subtotal;
    }
    let scaled = (refunded as i128 * subtotal as i128 * 2 + total as i128) / (2 * total as i128);
    scaled as i64
}

/// Reads an order's first line.
pub fn parse_order<'a>(row: &Row<'a>, opts: &Options) -> Result<ParsedOrder<'a>, RowError> {
    let order_id = row.required(o::ORDER_ID)?;
    let email = import::email(row, o::CUSTOMER_EMAIL)?;
    let currency = import::currency(row, o::CURRENCY)?;
    let amount_minor = import::order_amount(row, o::AMOUNT, currency)?;
    let ordered_at = import::instant(row, o::ORDERED_AT, opts)?;
    let delivered_at = o::opt_instant(row, o::DELIVERED_AT, opts)?;
    let cancelled_at = o::opt_instant(row, o::CANCELLED_AT, opts)?;
    let status = row.get(o::STATUS);
    let cancelled = cancelled_at.is_some() || o::is_cancelled_status(status);
    let codes: Vec<Cow<str>> = row
        .get(o::CODE)
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(Cow::Borrowed)
        .collect();
    let mut refunds = Vec::new();
    if has_refund(row) {
        let refunded = import::amount_or_zero(row, o::REFUNDED_AMOUNT, currency)?;
        if refunded < 0 {
            return Err(row.err(o::REFUNDED_AMOUNT, "is negative"));
        }
        // A refund of a free order (its shipping, say) is none of its amount: nothing to record.
        if refunded > 0 && amount_minor > 0 {
            // `Refunded Amount` covers tax and shipping too: the order's share of it is the
            // subtotal's share of the total (all of it when the whole total was refunded).
            let total = import::amount_or_zero(row, o::ORDER_TOTAL, currency)?;
            let share = refund_share(refunded, amount_minor, total);
            // The export has no refund date. Best available: when the order was cancelled,
            // else when it was paid, else when it was created (a refund is never earlier).
            let at = match cancelled_at {
                Some(t) => t,
                None => o::opt_instant(row, o::PAID_AT, opts)?.unwrap_or(ordered_at),
            };
            let at = import::not_future(row, o::CANCELLED_AT, at, opts)?;
            refunds.push(Refund {
                key: format!("shopify-refund:{order_id}"),
                amount_minor: share,
                at,
                reason: Some(format!(
                    "Shopify: {} ({} refunded)",
                    if status.is_empty() { "refund" } else { status },
                    money::format_minor(refunded, currency)
                )),
                cumulative: true,
                nth_at_time: None,
                undated: true,
                earlier_reading: Some(refunded),
            });
        }
    }
    Ok(ParsedOrder {
        order_id: Cow::Borrowed(order_id),
        email,
        name: row.opt(o::CUSTOMER_NAME).map(Cow::Borrowed),
        phone: row
            .opt(o::CUSTOMER_PHONE)
            .or(row.opt(o::BILLING_PHONE))
            .map(Cow::Borrowed),
        amount_minor,
        currency,
        ordered_at,
        delivered_at,
        cancelled,
        cancelled_at,
        codes,
        refunds,
    })
}

#[cfg(test)]
mod tests {
    use super::refund_share;

    #[test]
    fn a_refund_counts_for_the_subtotals_share_of_the_total() {
        // Half of 582.24 (536.00 + 46.24 tax) refunded: half of the 536.00.
        assert_eq!(refund_share(29112, 53600, 58224), 26800);
        // Smaller than the tax alone: still only its share, not 5% of the goods.
        assert_eq!(refund_share(2162, 42077, 45127), 2016);
        // The whole total, or more: the whole subtotal.
        assert_eq!(refund_share(58224, 53600, 58224), 53600);
        assert_eq!(refund_share(60000, 53600, 58224), 53600);
        // No total (a file mapped by hand), or none above the subtotal: as it is, capped.
        assert_eq!(refund_share(29112, 53600, 0), 29112);
        assert_eq!(refund_share(70000, 53600, 53600), 53600);
    }
}
