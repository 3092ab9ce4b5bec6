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
