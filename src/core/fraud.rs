//! Fraud checks, pure: self-referral, and the suspicious patterns that hold a reward for review.
//!
//! The suspicious patterns apply to referral programs (codes owned by customers); affiliate
//! partners are expected to bring many customers. Each is judged on data up to the order's own
//! time, so the same order is held (or not) whatever the as-of of the settle that sees it.

use super::identity::{same_mailbox, same_phone};

/// More than this many distinct customers using one referral code within 24 hours (this order
/// included) looks like a code leaked to a coupon site.
pub const VELOCITY_CUSTOMERS_24H: i64 = 5;
/// A referrer whose earlier referred orders were refunded (before this order) in more than this
/// percentage of cases, with at least [`REFUND_MIN_ORDERS`] earlier referred orders.
pub const REFUND_SHARE_PERCENT: i64 = 50;
pub const REFUND_MIN_ORDERS: i64 = 4;

/// The signals the suspicious-pattern checks read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signals {
    /// Distinct customers who used the code in the 24 hours up to this order (inclusive).
    pub customers_24h: i64,
    /// The referrer's referred orders in this program before this one.
    pub earlier_referred: i64,
    /// Of those, how many had a return before this order.
    pub earlier_refunded: i64,
}

/// The customer is the code's owner: same mailbox (case, dots and +tags of Gmail-style
/// addresses ignored) or same phone digits.
pub fn is_self_referral(
    customer_email: &str,
    customer_phone: Option<&str>,
    owner_email: &str,
    owner_phone: Option<&str>,
) -> bool {
    if same_mailbox(customer_email, owner_email) {
        return true;
    }
    match (customer_phone, owner_phone) {
        (Some(a), Some(b)) => same_phone(a, b),
        _ => false,
    }
}

/// The review reason of a reward held because its code was used by `customers` distinct
/// customers within 24 hours.
pub fn velocity_reason(customers: i64) -> String {
    format!("code used by {customers} customers within 24 hours")
}

/// Whether a review reason is [`velocity_reason`]'s (reports list such codes as leaked).
pub fn is_velocity_reason(reason: &str) -> bool {
    reason
        .strip_prefix("code used by ")
        .and_then(|r| r.strip_suffix(" customers within 24 hours"))
        .is_some_and(|n| n.parse::<i64>().is_ok())
}

/// Why a reward looks suspicious, if it does.
pub fn suspicious(s: &Signals) -> Option<String> {
    if s.customers_24h > VELOCITY_CUSTOMERS_24H {
        return Some(velocity_reason(s.customers_24h));
    }
    if s.earlier_referred >= REFUND_MIN_ORDERS
        && s.earlier_refunded * 100 > s.earlier_referred * REFUND_SHARE_PERCENT
    {
        return Some(format!(
            "{} of the referrer's {} earlier referred orders were refunded",
            s.earlier_refunded, s.earlier_referred
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn velocity_reasons_are_recognised() {
        let why = suspicious(&Signals {
            customers_24h: VELOCITY_CUSTOMERS_24H + 1,
            ..Signals::default()
        })
        .unwrap();
        assert!(is_velocity_reason(&why), "{why}");
        assert!(!is_velocity_reason(
            "3 of the referrer's 4 earlier referred orders were refunded"
        ));
        assert!(!is_velocity_reason(
            "code used by many customers within 24 hours"
        ));
    }

    #[test]
    fn self_referral_by_mailbox_or_phone() {
        assert!(is_self_referral(
            "A.Li+x@gmail.com",
            None,
            "ali@googlemail.com",
            None
        ));
        assert!(is_self_referral("SARA@shop.sa", None, "sara@shop.sa", None));
        assert!(!is_self_referral(
            "s.ara@shop.sa",
            None,
            "sara@shop.sa",
            None
        ));
        assert!(is_self_referral(
            "x@a.com",
            Some("+966 50 123 4567"),
            "y@b.com",
            Some("00966501234567")
        ));
        assert!(!is_self_referral(
            "x@a.com",
            Some("0501234567"),
            "y@b.com",
            None
        ));
    }

    #[test]
    fn velocity_and_refund_share() {
        let mut s = Signals {
            customers_24h: 5,
            ..Default::default()
        };
        assert_eq!(suspicious(&s), None);
        s.customers_24h = 6;
        assert!(suspicious(&s).unwrap().contains("6 customers"));
        let s = Signals {
            customers_24h: 1,
            earlier_referred: 4,
            earlier_refunded: 2,
        };
        assert_eq!(suspicious(&s), None, "exactly half is not most");
        let s = Signals {
            earlier_refunded: 3,
            ..s
        };
        assert!(suspicious(&s).unwrap().contains("3 of the referrer's 4"));
        let s = Signals {
            customers_24h: 1,
            earlier_referred: 3,
            earlier_refunded: 3,
        };
        assert_eq!(suspicious(&s), None, "too few orders to judge");
    }
}
