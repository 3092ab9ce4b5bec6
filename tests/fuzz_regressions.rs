//! Every input that made a fuzz target (`scripts/fuzz`) or the property tests
//! (`tests/fuzz_props.rs`) fail, kept so the fixes stay fixed: through the library and through
//! the binary.

mod common;

use chrono_tz::Tz;
use common::TestEnv;
use rewards::core::time::{DayEdge, from_db, parse_instant, to_db};
use rewards::io::members::read_members;

fn shop() -> TestEnv {
    let env = TestEnv::new();
    env.ok(&["init", "--currency", "SAR", "--timezone", "Asia/Riyadh"]);
    env
}

// --- time: signed and five-digit years (fuzz target `time`, crash-1fb9f240) -----------------

#[test]
fn years_outside_0001_to_9999_are_refused() {
    for s in [
        "-01-01-01",
        "+10000-01-01",
        "-0001-01-01T00:00:00Z",
        "10000-01-01 10:00",
    ] {
        for edge in [DayEdge::Start, DayEdge::End] {
            assert!(
                parse_instant(s, Tz::UTC, edge).is_err(),
                "{s:?} ({edge:?}) was accepted"
            );
        }
    }
}

#[test]
fn a_program_cannot_end_in_year_minus_one() {
    let env = shop();
    let before = env.snapshot();
    let (code, _, err) = env.run(&[
        "program",
        "create",
        "Typo",
        "--kind",
        "referral",
        "--reward",
        "5",
        "--ends=-01-01-01",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("-01-01-01"), "{err}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn a_clock_in_year_10000_is_a_usage_error() {
    let env = shop();
    let (code, _, err) = env.run(&["--as-of", "+10000-01-01", "member", "list"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--as-of"), "{err}");
}

// --- time: leap seconds (fuzz target `time`, crash-690cfdea) ---------------------------------

#[test]
fn a_leap_second_is_stored_as_the_second_before_and_reads_back() {
    let t = parse_instant("+4052-01-129:57:60-0515", Tz::UTC, DayEdge::Start).unwrap();
    assert_eq!(to_db(t), "4052-01-12T15:12:59Z");
    assert_eq!(from_db(&to_db(t)), Some(t));
    let t = parse_instant("2026-03-31 23:59:60", Tz::Asia__Riyadh, DayEdge::Start).unwrap();
    assert_eq!(to_db(t), "2026-03-31T20:59:59Z");
}

#[test]
fn a_program_ending_on_a_leap_second_stores_a_real_second() {
    let env = shop();
    let v = env.json(&[
        "program",
        "create",
        "Leap",
        "--kind",
        "referral",
        "--reward",
        "5",
        "--ends",
        "2026-12-31T23:59:60+03:00",
    ]);
    assert_eq!(v["ends_at"], "2026-12-31T20:59:59Z");
}

// --- members CSV: line numbers (proptest `members_reader_names_each_rows_line`) --------------

/// Each row's line as the members reader reports it.
fn member_lines(env: &TestEnv, text: &str) -> Vec<u64> {
    let p = env.write("m.csv", text);
    let mut rows = read_members(&p).unwrap();
    let mut out = Vec::new();
    while let Some(row) = rows.next_row().unwrap() {
        out.push(row.line);
    }
    out
}

#[test]
fn rows_after_blank_lines_name_their_own_line() {
    let env = TestEnv::new();
    // The shrunk failing case: reported as line 2.
    assert_eq!(member_lines(&env, "email,name\n\na@a.com\n"), [3]);
    assert_eq!(
        member_lines(&env, "email,name\na@a.com,A\n\n\nb@b.com,B\n"),
        [2, 5]
    );
}

#[test]
fn crlf_files_name_the_right_lines() {
    let env = TestEnv::new();
    // Excel on Windows saves CRLF; the first data row used to be reported as line 1.
    assert_eq!(
        member_lines(&env, "email,name\r\na@a.com,A\r\nb@b.com,B\r\n"),
        [2, 3]
    );
    assert_eq!(
        member_lines(&env, "\u{feff}email,name\r\n\r\na@a.com,A\r\n"),
        [3]
    );
    assert_eq!(
        member_lines(
            &env,
            "email,name\n\"x@x.com\",\"two\nlines\"\n\nc@c.com,C\n"
        ),
        [2, 5]
    );
}

#[test]
fn member_import_names_the_line_of_a_bad_row_in_a_crlf_file_with_blank_lines() {
    let env = shop();
    env.write(
        "m.csv",
        "email,name\r\nok@example.com,Ok\r\n\r\nnot-an-email,Bad\r\n",
    );
    let (code, _, err) = env.run(&["member", "import", "m.csv"]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("m.csv:4: column \"email\""), "{err}");
}

// --- import: line numbers in CRLF files and after blank lines (fuzz target `orders_csv`,
// crash-9d6c7ffb: a CRLF file whose first data row was reported as line 1) -------------------

#[test]
fn import_orders_names_the_right_line_in_a_crlf_file_with_a_bom() {
    let env = shop();
    // The crash input, as a test: BOM, CRLF header, the first data row has too few columns.
    env.write(
        "o.csv",
        "\u{feff}order_id,customer_email,customer_name,amount,currency,ordered_at,code\r\n\
         S1,sara@example.sa,سارة,100.00,SAR,2026billing_last_name\n\
         S2,noura@example.sa,نورة,80.00,SAR,2026-03-02T10:00:00,\r\n",
    );
    let (code, _, err) = env.run(&["import", "orders", "o.csv"]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("o.csv:2: has 6 columns"), "{err}");
    assert!(!err.contains("o.csv:1:"), "{err}");
}

#[test]
fn import_orders_and_returns_name_lines_after_blank_lines() {
    let env = shop();
    env.write(
        "o.csv",
        "order_id,customer_email,amount,currency,ordered_at\r\n\
         1,a@example.sa,10.00,SAR,2026-03-01\r\n\
         \r\n\
         \r\n\
         2,b@example.sa,ten,SAR,2026-03-01\r\n\
         3,c@example.sa,12.00,SAR,2026-03-01\r\n",
    );
    let (code, _, err) = env.run(&["import", "orders", "o.csv", "--rejects", "rej.csv"]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("o.csv:5: column \"amount\""), "{err}");
    let rejects = std::fs::read_to_string(env.path("rej.csv")).unwrap();
    assert!(rejects.contains("line 5: column"), "{rejects}");
    env.write(
        "r.csv",
        "return_id,order_id,amount,returned_at\n\nR1,1,99.00,2026-03-02\n",
    );
    let (code, _, err) = env.run(&["import", "returns", "r.csv"]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("r.csv:3:"), "{err}");
}

// --- WooCommerce: shipping + fees + tax overflowed i64 (audit of arithmetic on file data) ---

const WOO_HEADER: &str = "order_id,order_date,status,shipping_total,fee_total,tax_total,order_total,order_currency,customer_email";

#[test]
fn woocommerce_parts_adding_past_i64_are_a_rejected_row_not_a_crash() {
    let env = shop();
    env.write(
        "w.csv",
        &format!(
            "{WOO_HEADER}\n\
             1,2026-03-01 10:00:00,completed,92233720368547758.07,0.01,0,100.00,SAR,a@example.sa\n\
             2,2026-03-01 10:00:00,completed,10.00,0,15.00,125.00,SAR,b@example.sa\n"
        ),
    );
    let before = env.snapshot();
    let (code, out, err) = env.run(&[
        "--format",
        "json",
        "import",
        "orders",
        "w.csv",
        "--preset",
        "woocommerce",
    ]);
    assert_eq!(code, 3, "a panic exits 101\n{err}");
    // Now caught by the amount cap on the part itself (before: the sum overflowed).
    assert!(err.contains("w.csv:2: column \"shipping_total\""), "{err}");
    assert!(err.contains("too large"), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["inserted"], 1);
    assert_eq!(v["rejected"], 1);
    assert_ne!(env.snapshot(), before);
}

#[test]
fn woocommerce_negative_shipping_does_not_raise_the_commissionable_amount() {
    let env = shop();
    env.write(
        "w.csv",
        &format!(
            "{WOO_HEADER}\n\
             1,2026-03-01 10:00:00,completed,-92233720368547758.07,0,0,100.00,SAR,a@example.sa\n\
             2,2026-03-01 10:00:00,completed,-25.00,0,0,100.00,SAR,b@example.sa\n"
        ),
    );
    let (code, out, err) = env.run(&[
        "--format",
        "json",
        "import",
        "orders",
        "w.csv",
        "--preset",
        "woocommerce",
    ]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("w.csv:2: column \"shipping_total\""), "{err}");
    assert!(err.contains("w.csv:3: column \"shipping_total\""), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["inserted"], 0);
    assert_eq!(v["rejected"], 2);
}

// --- Order amounts near i64::MAX: accepted one by one, they overflowed every sum downstream
// (report totals panicked). Amounts are now capped at import (audit of arithmetic on file data).

#[test]
fn absurd_order_amounts_are_rejected_so_reports_cannot_overflow() {
    let env = shop();
    env.write(
        "o.csv",
        "order_id,customer_email,amount,currency,ordered_at\n\
         1,a@example.sa,92233720368547758.07,SAR,2026-03-01\n\
         2,b@example.sa,92233720368547758.07,SAR,2026-03-01\n\
         3,c@example.sa,100000000000.00,SAR,2026-03-01\n\
         4,d@example.sa,99999999999.99,SAR,2026-03-01\n",
    );
    let (code, out, err) = env.run(&["--format", "json", "import", "orders", "o.csv"]);
    assert_eq!(code, 3, "{err}");
    for line in 2..=4 {
        assert!(
            err.contains(&format!("o.csv:{line}: column \"amount\"")),
            "{err}"
        );
    }
    assert!(err.contains("too large"), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["inserted"], 1);
    let (code, _, err) = env.run(&["report", "summary"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn absurd_return_amounts_are_rejected() {
    let env = shop();
    env.write(
        "o.csv",
        "order_id,customer_email,amount,currency,ordered_at\n1,a@example.sa,100.00,SAR,2026-03-01\n",
    );
    env.ok(&["import", "orders", "o.csv"]);
    env.write(
        "r.csv",
        "return_id,order_id,amount,returned_at\nR1,1,92233720368547758.07,2026-03-02\n",
    );
    let (code, _, err) = env.run(&["import", "returns", "r.csv"]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("r.csv:2: column \"amount\""), "{err}");
    assert!(err.contains("too large"), "{err}");
}

// --- import timestamps: the fast path skipped the 0001..=9999 year check of parse_instant ---

#[test]
fn imported_timestamps_in_year_zero_or_minus_one_are_rejected() {
    let env = shop();
    env.write(
        "o.csv",
        "order_id,customer_email,amount,currency,ordered_at\n\
         1,a@example.sa,10.00,SAR,0000-01-01T01:00:00\n\
         2,b@example.sa,10.00,SAR,0001-01-01T00:00:00+03:00\n\
         3,c@example.sa,10.00,SAR,0001-01-02T00:00:00Z\n",
    );
    let (code, out, err) = env.run(&["--format", "json", "import", "orders", "o.csv"]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("o.csv:2: column \"ordered_at\""), "{err}");
    assert!(err.contains("o.csv:3: column \"ordered_at\""), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["inserted"], 1);
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let stored: Vec<String> = conn
        .prepare("SELECT ordered_at FROM orders")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(stored, ["0001-01-02T00:00:00Z"]);
}

// --- User-given amounts near i64::MAX (audit): two adjustments overflowed the balance sum in
// SQL (every later `balance` failed) and the report sums in Rust (exit 101). -------------------

#[test]
fn absurd_adjustments_and_program_amounts_are_usage_errors() {
    let env = shop();
    env.ok(&["member", "add", "--email", "a@example.sa", "--name", "A"]);
    let before = env.snapshot();
    for amount in [
        "92233720368547758.07",
        "-92233720368547758.07",
        "100000000000",
    ] {
        let (code, _, err) = env.run(&["adjust", "--reason", "typo", "a@example.sa", "--", amount]);
        assert_eq!(code, 2, "{amount}: {err}");
        assert!(err.contains("too large"), "{amount}: {err}");
    }
    assert_eq!(env.snapshot(), before);
    env.ok(&[
        "adjust",
        "a@example.sa",
        "99999999999.99",
        "--reason",
        "max",
    ]);
    env.ok(&["balance", "a@example.sa"]);
    env.ok(&["report", "summary"]);
    for (flag, value) in [
        ("--reward", "92233720368547758.07"),
        ("--reward", "9223372036854775807pts"),
        ("--min-order", "100000000000"),
        ("--cap-amount", "100000000000"),
    ] {
        let mut args = vec![
            "program", "create", "Big", "--kind", "referral", flag, value,
        ];
        if flag != "--reward" {
            args.extend(["--reward", "5"]);
        }
        let (code, _, err) = env.run(&args);
        assert_eq!(code, 2, "{flag} {value}: {err}");
        assert!(err.contains("too"), "{flag} {value}: {err}");
    }
}
