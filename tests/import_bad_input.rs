//! Every file of the bad-input corpus (`tests/bad-input/`) through the importers: the exit code
//! each deserves, good rows kept when rows are rejected, and nothing written when a file is
//! refused.

mod common;
use common::TestEnv;
use std::path::PathBuf;

fn corpus(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/bad-input")
        .join(name)
        .display()
        .to_string()
}

/// (file, exit code, orders stored afterwards, a phrase of the message)
const ORDERS: &[(&str, i32, i64, &str)] = &[
    (
        "orders_amount_words.csv",
        3,
        1,
        "\"ten riyals\" is not a number",
    ),
    (
        "orders_bad_date.csv",
        3,
        1,
        "\"next tuesday\" is not a date",
    ),
    ("orders_bad_email.csv", 3, 1, "is not an email address"),
    ("orders_binary_garbage.csv", 1, 0, "binary, not CSV"),
    ("orders_broken_quote.csv", 3, 1, "a missing quote"),
    (
        "orders_date_out_of_range.csv",
        3,
        1,
        "\"2026-13-45\" is not a date",
    ),
    (
        "orders_duplicate_headers.csv",
        1,
        0,
        "appears more than once",
    ),
    (
        "orders_duplicate_id_in_file.csv",
        3,
        1,
        "already appears on line 2",
    ),
    ("orders_empty.csv", 1, 0, "is empty"),
    (
        "orders_empty_required.csv",
        3,
        1,
        "column \"customer_email\" is empty",
    ),
    (
        "orders_extra_fields.csv",
        3,
        1,
        "has 9 columns, the header has 7",
    ),
    ("orders_formula_names.csv", 0, 3, ""),
    ("orders_future_date.csv", 3, 1, "after the as-of time"),
    ("orders_header_only.csv", 0, 0, ""),
    ("orders_huge_header.csv", 1, 0, "and 4960 more"),
    ("orders_i64_edge.csv", 3, 1, "is too large"),
    ("orders_latin1.csv", 3, 1, "not UTF-8 text"),
    (
        "orders_missing_column.csv",
        1,
        0,
        "missing required column(s) amount",
    ),
    ("orders_mixed_line_endings.csv", 0, 3, ""),
    ("orders_nan_inf.csv", 3, 1, "\"NaN\" is not a number"),
    ("orders_negative_amount.csv", 3, 1, "\"-5.00\" is negative"),
    ("orders_nul_byte.csv", 3, 1, "contains a NUL byte"),
    ("orders_overflow_amount.csv", 3, 1, "is too large"),
    (
        "orders_ragged_rows.csv",
        3,
        1,
        "has 3 columns, the header has 7",
    ),
    ("orders_semicolon.csv", 0, 1, ";-separated"),
    (
        "orders_too_many_decimals.csv",
        3,
        1,
        "has more decimals than SAR allows",
    ),
    (
        "orders_unknown_currency.csv",
        3,
        1,
        "unknown currency \"XYZ\"",
    ),
    ("orders_utf16.csv", 1, 0, "UTF-16"),
    ("orders_whitespace_only.csv", 1, 0, "is empty"),
    // A free order (a sample, an exchange) is an order: stored, it earns nothing.
    ("orders_zero_amount.csv", 0, 2, ""),
];

#[test]
fn every_bad_orders_file_gets_its_exit_code_and_message() {
    for &(file, want, stored, phrase) in ORDERS {
        let env = TestEnv::new();
        env.ok(&["init", "--currency", "SAR", "--timezone", "Asia/Riyadh"]);
        let before = env.snapshot();
        let (code, _, err) = env.run(&["import", "orders", &corpus(file)]);
        assert_eq!(code, want, "{file}: {err}");
        assert!(err.contains(phrase), "{file}: expected {phrase:?} in {err}");
        assert!(!err.contains("panicked"), "{file}: {err}");
        if want == 1 {
            assert_eq!(
                env.snapshot(),
                before,
                "{file}: a refused file writes nothing"
            );
        }
        let c = rusqlite::Connection::open(&env.db).unwrap();
        let n: i64 = c
            .query_row("SELECT COUNT(*) FROM orders", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, stored, "{file}: orders stored");
        if want == 3 {
            let g1: i64 = c
                .query_row(
                    "SELECT COUNT(*) FROM orders WHERE order_id = 'G1'",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(g1, 1, "{file}: the good row is kept");
        }
    }
}

#[test]
fn bad_returns_and_activities_files() {
    let env = TestEnv::new();
    env.ok(&["init", "--currency", "SAR", "--timezone", "Asia/Riyadh"]);
    let (code, _, err) = env.run(&["import", "returns", &corpus("returns_unknown_order.csv")]);
    assert_eq!(code, 3);
    assert!(err.contains("order NOPE is not imported yet"), "{err}");
    let orders = env.write(
        "g1.csv",
        "order_id,customer_email,amount,currency,ordered_at\nG1,good@example.com,10.00,SAR,2026-02-01T10:00:00\n",
    );
    env.ok(&["import", "orders", orders.to_str().unwrap()]);
    let (code, _, err) = env.run(&["import", "returns", &corpus("returns_exceeding_order.csv")]);
    assert_eq!(code, 3);
    assert!(
        err.contains("would total 12.00, more than its amount 10.00"),
        "{err}"
    );
    let (code, _, err) = env.run(&["import", "activities", &corpus("activities_bad_rows.csv")]);
    assert_eq!(code, 3);
    assert!(err.contains("column \"action\" is empty"), "{err}");
    let c = rusqlite::Connection::open(&env.db).unwrap();
    let counts: (i64, i64) = c
        .query_row(
            "SELECT (SELECT COUNT(*) FROM returns), (SELECT COUNT(*) FROM activities)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(counts, (1, 1));
}

#[test]
fn a_huge_field_is_rejected_on_its_line_and_the_rest_imports() {
    let env = TestEnv::new();
    env.ok(&["init", "--currency", "SAR"]);
    let name = "x".repeat(4 * 1024 * 1024);
    let file = env.write(
        "huge.csv",
        &format!(
            "order_id,customer_email,customer_name,amount,currency,ordered_at\n\
             G1,a@example.com,Good,10.00,SAR,2026-02-01T10:00:00\n\
             H1,b@example.com,{name},10.00,SAR,2026-02-01T10:00:00\n\
             G2,c@example.com,Good,12.00,SAR,2026-02-01T10:00:00\n"
        ),
    );
    let (code, _, err) = env.run(&["import", "orders", file.to_str().unwrap()]);
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains("huge.csv:3: column \"customer_name\": 4194304 bytes long"),
        "{err}"
    );
    assert!(err.len() < 2_000, "the message must not echo the value");
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let n: i64 = conn
        .query_row("SELECT COUNT(*) FROM orders", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 2);
}
