//! Payout rules, pure: who is batched (and who is left out, and why), the batch status
//! machine, stable payment references, and splitting PayPal files.

use std::collections::BTreeMap;

/// PayPal mass-pay accepts at most this many rows per file.
pub const PAYPAL_MAX_ROWS: usize = 5000;

/// A member's available balance in one currency, with what decides whether it is paid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub member_id: i64,
    pub email: String,
    pub currency: String,
    pub available_minor: i64,
    pub blocked: bool,
    /// Has at least one reward held for review.
    pub held: bool,
    pub method: Option<String>,
    pub account: Option<String>,
}

/// Why a member with a non-zero balance is not in a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeftOutReason {
    Blocked,
    HeldForReview,
    NoPayoutMethod,
    NoPayoutAccount,
    BelowMinimum,
    /// A negative balance is never paid; it is carried.
    NegativeCarried,
}

impl LeftOutReason {
    pub fn as_str(self) -> &'static str {
        match self {
            LeftOutReason::Blocked => "blocked",
            LeftOutReason::HeldForReview => "rewards held for review",
            LeftOutReason::NoPayoutMethod => "no payout method",
            LeftOutReason::NoPayoutAccount => "no payout account",
            LeftOutReason::BelowMinimum => "below minimum",
            LeftOutReason::NegativeCarried => "negative balance carried",
        }
    }
}

/// The members of one batch: one currency, one payout method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedBatch {
    pub currency: String,
    pub method: String,
    /// (member id, amount in minor units), amount > 0.
    pub members: Vec<(i64, i64)>,
}

impl PlannedBatch {
    pub fn total(&self) -> i64 {
        self.members.iter().map(|m| m.1).sum()
    }
}

/// Decides the batches. `min_minor` maps a currency to the smallest amount paid (at least 1:
/// only balances above zero are ever paid). Rules, in order: a balance of zero is ignored; a
/// negative balance is carried; blocked members, members with held rewards, members without a
/// payout method (or, for bank and PayPal, without an account) are left out; balances below the
/// minimum wait. Store-credit members get their own batch per currency.
pub fn plan(
    candidates: &[Candidate],
    min_minor: &BTreeMap<String, i64>,
) -> (Vec<PlannedBatch>, Vec<(Candidate, LeftOutReason)>) {
    let mut groups: BTreeMap<(String, String), Vec<(i64, i64)>> = BTreeMap::new();
    let mut left = Vec::new();
    for c in candidates {
        if c.available_minor == 0 {
            continue;
        }
        let min = min_minor.get(&c.currency).copied().unwrap_or(1).max(1);
        let reason = if c.available_minor < 0 {
            Some(LeftOutReason::NegativeCarried)
        } else if c.blocked {
            Some(LeftOutReason::Blocked)
        } else if c.held {
            Some(LeftOutReason::HeldForReview)
        } else if c.method.is_none() {
            Some(LeftOutReason::NoPayoutMethod)
        } else if c.method.as_deref() != Some("store-credit")
            && c.account.as_deref().is_none_or(|a| a.trim().is_empty())
        {
            Some(LeftOutReason::NoPayoutAccount)
        } else if c.available_minor < min {
            Some(LeftOutReason::BelowMinimum)
        } else {
            None
        };
        match (reason, &c.method) {
            (Some(r), _) => left.push((c.clone(), r)),
            (None, Some(method)) => groups
                .entry((c.currency.clone(), method.clone()))
                .or_default()
                .push((c.member_id, c.available_minor)),
            (None, None) => left.push((c.clone(), LeftOutReason::NoPayoutMethod)),
        }
    }
    let batches = groups
        .into_iter()
        .map(|((currency, method), members)| PlannedBatch {
            currency,
            method,
            members,
        })
        .collect();
    (batches, left)
}

/// A batch's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Created,
    Exported,
    Paid,
    Failed,
}

impl Status {
    pub fn parse(s: &str) -> Option<Status> {
        Some(match s {
            "created" => Status::Created,
            "exported" => Status::Exported,
            "paid" => Status::Paid,
            "failed" => Status::Failed,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Created => "created",
            Status::Exported => "exported",
            Status::Paid => "paid",
            Status::Failed => "failed",
        }
    }
}

/// A status move the batch cannot make.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("payout batch {id} is {from}; it cannot be marked {to}{hint}")]
pub struct BadMove {
    pub id: i64,
    pub from: &'static str,
    pub to: &'static str,
    pub hint: String,
}

/// Checks a status move: created -> exported -> paid | failed; paid and failed are final, and
/// a batch nobody exported cannot have been paid (nor failed). Exporting again is allowed (it
/// changes nothing) except for a failed batch, whose money has gone back to the members.
pub fn check_move(id: i64, from: Status, to: Status) -> Result<(), BadMove> {
    use Status::*;
    let ok = matches!(
        (from, to),
        (Created, Exported) | (Exported, Exported | Paid | Failed) | (Paid, Exported)
    );
    if ok {
        return Ok(());
    }
    let hint = match from {
        Created => format!(
            " before it is exported: run `rewards payout export {id}` and send the file first"
        ),
        Paid => " (paid is final; correct a wrong payment with `rewards adjust`)".to_string(),
        Failed => " (failed is final: its money went back to the members' balances; run `rewards payout create` again)".to_string(),
        Exported => String::new(),
    };
    Err(BadMove {
        id,
        from: from.as_str(),
        to: to.as_str(),
        hint,
    })
}

/// The status a batch has after an export.
pub fn after_export(from: Status) -> Status {
    match from {
        Status::Created => Status::Exported,
        other => other,
    }
}

/// The stable payment reference of one member in one batch.
pub fn reference(batch_id: i64, member_id: i64) -> String {
    format!("RW-{batch_id}-{member_id}")
}

/// The file names of a split export: `FILE` when it fits, else `NAME-1.EXT`, `NAME-2.EXT`, ...
/// (the extension stays last so a spreadsheet still opens each part).
pub fn part_names(file: &str, rows: usize, max_rows: usize) -> Vec<String> {
    let parts = rows.div_ceil(max_rows).max(1);
    if parts == 1 {
        return vec![file.to_string()];
    }
    let (stem, ext) = match file.rfind('.') {
        Some(i) if i > 0 && !file[i..].contains('/') => (&file[..i], &file[i..]),
        _ => (file, ""),
    };
    (1..=parts).map(|i| format!("{stem}-{i}{ext}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(id: i64, cur: &str, amt: i64, method: Option<&str>) -> Candidate {
        Candidate {
            member_id: id,
            email: format!("m{id}@x.sa"),
            currency: cur.into(),
            available_minor: amt,
            blocked: false,
            held: false,
            method: method.map(Into::into),
            account: Some("acct".into()),
        }
    }

    #[test]
    fn plan_groups_by_currency_and_method_and_leaves_out_with_reasons() {
        let mut blocked = cand(3, "SAR", 900, Some("bank"));
        blocked.blocked = true;
        let mut held = cand(4, "SAR", 900, Some("bank"));
        held.held = true;
        let mut no_acct = cand(8, "SAR", 900, Some("paypal"));
        no_acct.account = None;
        let cs = vec![
            cand(1, "SAR", 5000, Some("bank")),
            cand(2, "SAR", 100, Some("bank")),
            blocked,
            held,
            cand(5, "SAR", -300, Some("bank")),
            cand(6, "KWD", 12345, Some("store-credit")),
            cand(7, "SAR", 7000, None),
            no_acct,
            cand(9, "SAR", 0, Some("bank")),
        ];
        let mins = BTreeMap::from([("SAR".to_string(), 1000)]);
        let (batches, left) = plan(&cs, &mins);
        assert_eq!(
            batches,
            vec![
                PlannedBatch {
                    currency: "KWD".into(),
                    method: "store-credit".into(),
                    members: vec![(6, 12345)]
                },
                PlannedBatch {
                    currency: "SAR".into(),
                    method: "bank".into(),
                    members: vec![(1, 5000)]
                },
            ]
        );
        let reasons: Vec<(i64, &str)> = left
            .iter()
            .map(|(c, r)| (c.member_id, r.as_str()))
            .collect();
        assert_eq!(
            reasons,
            vec![
                (2, "below minimum"),
                (3, "blocked"),
                (4, "rewards held for review"),
                (5, "negative balance carried"),
                (7, "no payout method"),
                (8, "no payout account"),
            ]
        );
    }

    #[test]
    fn status_moves() {
        use Status::*;
        assert!(check_move(1, Created, Exported).is_ok());
        assert!(check_move(1, Exported, Paid).is_ok());
        assert!(check_move(1, Exported, Failed).is_ok());
        assert!(check_move(1, Exported, Exported).is_ok());
        for to in [Paid, Failed] {
            let e = check_move(3, Created, to).unwrap_err().to_string();
            assert!(
                e.contains("batch 3 is created") && e.contains("`rewards payout export 3`"),
                "{e}"
            );
        }
        assert!(check_move(1, Paid, Exported).is_ok());
        let e = check_move(7, Paid, Failed).unwrap_err().to_string();
        assert!(e.contains("batch 7 is paid") && e.contains("final"), "{e}");
        assert!(check_move(1, Failed, Paid).is_err());
        assert!(check_move(1, Failed, Exported).is_err());
        assert!(check_move(1, Paid, Paid).is_err());
        assert_eq!(after_export(Created), Exported);
        assert_eq!(after_export(Paid), Paid);
    }

    #[test]
    fn part_names_split_before_the_extension() {
        assert_eq!(part_names("pay.csv", 5000, 5000), vec!["pay.csv"]);
        assert_eq!(part_names("pay.csv", 0, 5000), vec!["pay.csv"]);
        assert_eq!(
            part_names("out/pay.csv", 5001, 5000),
            vec!["out/pay-1.csv", "out/pay-2.csv"]
        );
        assert_eq!(
            part_names("pay", 10001, 5000),
            vec!["pay-1", "pay-2", "pay-3"]
        );
        assert_eq!(reference(12, 5), "RW-12-5");
    }
}
