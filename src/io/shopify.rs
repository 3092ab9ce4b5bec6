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
    ("Cancelled at", "cancelled_at"),
    ("Paid at", "paid_at"),
];

/// Whether the order's line says something was refunded.
pub fn has_refund(row: &Row) -> bool {
    let v = row.get(o::REFUNDED_AMOUNT);
    !v.is_empty() && v.bytes().any(|b| (b'1'..=b'9').contains(&b))
}

/// Reads an order's first line.
pub fn parse_order<'a>(row: &Row<'a>, opts: &Options) -> Result<ParsedOrder<'a>, RowError> {
    let order_id = row.required(o::ORDER_ID)?;
    let email = import::email(row, o::CUSTOMER_EMAIL)?;
    let currency = import::currency(row, o::CURRENCY)?;
    let amount_minor = import::positive_amount(row, o::AMOUNT, currency)?;
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
        if refunded > 0 {
            // The export has no refund date. Best available: when the order was cancelled,
            // else when it was paid, else when it was created (a refund is never earlier).
            let at = match cancelled_at {
                Some(t) => t,
                None => o::opt_instant(row, o::PAID_AT, opts)?.unwrap_or(ordered_at),
            };
            let at = import::not_future(row, o::CANCELLED_AT, at, opts)?;
            refunds.push(Refund {
                key: format!("shopify-refund:{order_id}"),
                amount_minor: refunded,
                at,
                reason: Some(format!(
                    "Shopify: {} ({} refunded)",
                    if status.is_empty() { "refund" } else { status },
                    money::format_minor(refunded, currency)
                )),
                cumulative: true,
                nth_at_time: None,
            });
        }
    }
    Ok(ParsedOrder {
        order_id,
        email,
        name: row.opt(o::CUSTOMER_NAME).map(Cow::Borrowed),
        phone: row.opt(o::CUSTOMER_PHONE).or(row.opt(o::BILLING_PHONE)),
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
