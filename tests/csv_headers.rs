//! `--format csv` prints a header row then rows (CONTRACT), also when there is no row: a script
//! or a spreadsheet gets the columns, the same ones as when there are rows.

mod common;
use common::TestEnv;

fn csv(env: &TestEnv, args: &[&str]) -> String {
    let mut full = vec!["--format", "csv"];
    full.extend_from_slice(args);
    env.ok(&full)
}

/// A member with no ledger entry gets the header of a member with entries, and nothing else.
#[test]
fn member_statements_print_their_header_without_entries() {
    let env = TestEnv::new();
    env.ok(&["init", "--currency", "SAR"]);
    env.ok(&["member", "add", "--name", "X", "--email", "x@x.com"]);
    env.ok(&["member", "add", "--name", "Y", "--email", "y@x.com"]);
    env.ok(&["adjust", "y@x.com", "10", "--reason", "goodwill"]);
    for cmd in [["explain", "--member"], ["balance", "--member"]] {
        let with = csv(&env, &[cmd[0], cmd[1], "y@x.com"]);
        let header = with.lines().next().unwrap();
        assert_eq!(with.lines().count(), 2, "{cmd:?}: {with}");
        assert!(header.starts_with(if cmd[0] == "explain" { "id," } else { "date," }));
        let without = csv(&env, &[cmd[0], cmd[1], "x@x.com"]);
        assert_eq!(without, format!("{header}\n"), "{cmd:?}");
    }
}

/// Every list that can be empty prints its header on a fresh database.
#[test]
fn empty_lists_print_their_header() {
    let env = TestEnv::new();
    env.ok(&["init", "--currency", "SAR"]);
    for (args, first) in [
        (&["payout", "list"][..], "id,currency,method,status,"),
        (&["code", "list"], "code,program,member_email,"),
        (&["member", "list"], "email,name,kind,"),
        (&["program", "list"], "id,name,kind,status,"),
        (&["review", "list"], "id,status,member_email,"),
        (&["review", "list", "--all"], "id,status,member_email,"),
        (&["balance"], "member_email,currency,pending,available,"),
        (&["import", "list"], "id,kind,file_name,"),
    ] {
        let out = csv(&env, args);
        assert_eq!(out.lines().count(), 1, "{args:?}: {out:?}");
        assert!(out.starts_with(first), "{args:?}: {out:?}");
    }
    // An order that earned nothing: its one row, with empty lists.
    env.write(
        "o.csv",
        "order_id,customer_email,amount,currency,ordered_at\nZ1,z@z.com,10.00,SAR,2026-01-01T00:00:00\n",
    );
    env.ok(&["import", "orders", "o.csv"]);
    let out = csv(&env, &["explain", "--order", "Z1"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines[0].starts_with("order_id,customer_email,") && lines[1].starts_with("Z1,"));
}
