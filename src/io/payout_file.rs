//! Payout files: the bank/spreadsheet CSV and PayPal mass-pay files. Every cell goes through
//! `output::csv_bytes`, which neutralises formula cells; amounts are plain decimal strings.

use crate::core::payout::PAYPAL_MAX_ROWS;
use crate::output::csv_bytes;

/// The contract's payout CSV header.
pub const CSV_HEADER: [&str; 10] = [
    "payout_id",
    "member_email",
    "member_name",
    "payout_method",
    "payout_account",
    "currency",
    "amount",
    "entries",
    "period_end",
    "reference",
];

/// One member's line, already formatted (amount as a decimal string).
#[derive(Debug, Clone)]
pub struct PayoutLine {
    pub payout_id: i64,
    pub member_email: String,
    pub member_name: String,
    pub payout_method: String,
    pub payout_account: String,
    pub currency: String,
    pub amount: String,
    pub entries: i64,
    /// The batch's period end as a date (YYYY-MM-DD).
    pub period_end: String,
    pub reference: String,
}

/// The CSV file: header then one row per member.
pub fn csv(lines: &[PayoutLine]) -> anyhow::Result<Vec<u8>> {
    let header: Vec<String> = CSV_HEADER.iter().map(|s| s.to_string()).collect();
    let rows: Vec<Vec<String>> = lines
        .iter()
        .map(|l| {
            vec![
                l.payout_id.to_string(),
                l.member_email.clone(),
                l.member_name.clone(),
                l.payout_method.clone(),
                l.payout_account.clone(),
                l.currency.clone(),
                l.amount.clone(),
                l.entries.to_string(),
                l.period_end.clone(),
                l.reference.clone(),
            ]
        })
        .collect();
    csv_bytes(Some(&header), &rows)
}

/// PayPal mass-pay files, no header: `recipient,amount,currency,reference_id,note,PAYPAL`, at
/// most [`PAYPAL_MAX_ROWS`] rows each. All lines must be in one currency (one batch is).
pub fn paypal(lines: &[PayoutLine], note: &str) -> anyhow::Result<Vec<Vec<u8>>> {
    if let Some(first) = lines.first()
        && let Some(other) = lines.iter().find(|l| l.currency != first.currency)
    {
        anyhow::bail!(
            "a PayPal file holds one currency, found {} and {}",
            first.currency,
            other.currency
        );
    }
    let mut files = Vec::new();
    for chunk in lines.chunks(PAYPAL_MAX_ROWS) {
        let rows: Vec<Vec<String>> = chunk
            .iter()
            .map(|l| {
                vec![
                    l.payout_account.clone(),
                    l.amount.clone(),
                    l.currency.clone(),
                    l.reference.clone(),
                    note.to_string(),
                    "PAYPAL".to_string(),
                ]
            })
            .collect();
        files.push(csv_bytes(None, &rows)?);
    }
    if files.is_empty() {
        files.push(Vec::new());
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(i: usize, name: &str) -> PayoutLine {
        PayoutLine {
            payout_id: 3,
            member_email: format!("m{i}@x.sa"),
            member_name: name.into(),
            payout_method: "paypal".into(),
            payout_account: format!("pp{i}@x.sa"),
            currency: "KWD".into(),
            amount: "12.345".into(),
            entries: 2,
            period_end: "2026-03-31".into(),
            reference: format!("RW-3-{i}"),
        }
    }

    #[test]
    fn csv_has_the_contract_header_and_safe_cells() {
        let out = String::from_utf8(csv(&[line(1, "=HYPERLINK(\"http://x\")")]).unwrap()).unwrap();
        assert_eq!(
            out,
            "payout_id,member_email,member_name,payout_method,payout_account,currency,amount,entries,period_end,reference\n\
             3,m1@x.sa,\"'=HYPERLINK(\"\"http://x\"\")\",paypal,pp1@x.sa,KWD,12.345,2,2026-03-31,RW-3-1\n"
        );
    }

    #[test]
    fn paypal_splits_at_5000_rows_without_header() {
        let lines: Vec<PayoutLine> = (0..5001).map(|i| line(i, "A")).collect();
        let files = paypal(&lines, "Rewards payout 3").unwrap();
        assert_eq!(files.len(), 2);
        let first = String::from_utf8(files[0].clone()).unwrap();
        assert_eq!(first.lines().count(), 5000);
        assert_eq!(
            first.lines().next().unwrap(),
            "pp0@x.sa,12.345,KWD,RW-3-0,Rewards payout 3,PAYPAL"
        );
        assert_eq!(
            String::from_utf8(files[1].clone()).unwrap().lines().count(),
            1
        );
        let mut mixed = vec![line(1, "A"), line(2, "B")];
        mixed[1].currency = "SAR".into();
        assert!(paypal(&mixed, "n").is_err());
    }
}
