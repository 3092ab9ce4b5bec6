//! `rewards demo`, the README's first command: it walks the whole flow to the end, its payout
//! file and verify come out as they should, and `-q` silences every step's status messages.

use assert_cmd::Command;

fn demo(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("rewards")
        .unwrap()
        .arg("demo")
        .args(args)
        .env_remove("REWARDS_NOW")
        .env_remove("REWARDS_DB")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn the_demo_runs_to_the_end_and_the_books_balance() {
    let (code, out, err) = demo(&[]);
    assert_eq!(code, 0, "{err}");
    // The clock, then 21 steps; each shows the command as it can be run by hand.
    let steps = out.lines().filter(|l| l.starts_with("# ")).count();
    assert_eq!(steps, 22, "{out}");
    assert!(out.contains("$ export REWARDS_NOW=2026-03-31T20:00:00+03:00\n"));
    assert!(out.contains("$ rewards --as-of 2026-04-30T20:00:00+03:00 settle\n"));
    // The accountant's file: the contract's header, then the influencer's April commissions.
    let header = "payout_id,member_email,member_name,payout_method,payout_account,currency,amount,entries,period_end,reference";
    let at = out.find(header).expect("payout file");
    let row = out[at..].lines().nth(1).unwrap();
    assert!(row.starts_with("1,layla.travels@example.com,"), "{row}");
    assert!(
        row.ends_with(",paypal,payouts@laylatravels.example.com,SAR,459.30,8,2026-04-30,RW-1-5"),
        "{row}"
    );
    // verify, the last step, passes every check.
    let last = &out[out.rfind("# And the ledger still adds up").unwrap()..];
    assert!(last.contains("rows_well_formed"), "{last}");
    assert!(!last.contains("false"), "{last}");
    assert!(err.contains("initialised"), "{err}");

    let (code, quiet_out, quiet_err) = demo(&["-q"]);
    assert_eq!(code, 0);
    assert_eq!(quiet_err, "", "-q: no status messages");
    // Stdout is the same walk (settle, quiet, prints nothing on success).
    let steps_of = |o: &str| -> Vec<String> {
        o.lines()
            .filter(|l| l.starts_with("# ") || l.starts_with("1,layla"))
            .map(String::from)
            .collect()
    };
    assert_eq!(
        steps_of(&quiet_out),
        steps_of(&out),
        "-q changes stderr only"
    );
}
