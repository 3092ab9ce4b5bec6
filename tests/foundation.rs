//! End-to-end tests of the global options, the database and exit codes.

mod common;
use common::TestEnv;

#[test]
fn init_creates_a_private_database_with_settings() {
    let env = TestEnv::new();
    let v = env.json(&["init", "--currency", "SAR", "--timezone", "Asia/Riyadh"]);
    assert_eq!(v["currency"], "SAR");
    assert_eq!(v["timezone"], "Asia/Riyadh");
    assert!(env.db.exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&env.db).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}

#[test]
fn init_with_unknown_currency_or_zone_is_a_usage_error_and_creates_nothing() {
    let env = TestEnv::new();
    let (code, _, err) = env.run(&["init", "--currency", "XYZ"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown currency"), "{err}");
    let (code, _, err) = env.run(&["init", "--timezone", "Mars/Base"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown time zone"), "{err}");
    assert!(!env.db.exists());
}

#[test]
fn init_again_keeps_the_currency_and_zone_once_the_shop_has_data() {
    let env = TestEnv::new();
    env.ok(&["init", "--currency", "SAR", "--timezone", "Asia/Riyadh"]);
    // Nothing stored yet: a second init may still change them.
    env.ok(&["init", "--currency", "USD", "--timezone", "UTC"]);
    env.ok(&["init", "--currency", "SAR", "--timezone", "Asia/Riyadh"]);
    env.ok(&["member", "add", "--name", "Ali", "--email", "ali@x.sa"]);
    let before = env.snapshot();
    let (code, _, err) = env.run(&["init", "--currency", "USD"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("the shop's currency is SAR; it cannot change to USD"),
        "{err}"
    );
    let (code, _, err) = env.run(&["init", "--timezone", "America/New_York"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("the shop's timezone is Asia/Riyadh"), "{err}");
    assert_eq!(env.snapshot(), before);
    // Naming the same ones again is fine.
    let v = env.json(&["init", "--currency", "SAR", "--timezone", "Asia/Riyadh"]);
    assert_eq!(
        (&v["currency"], &v["timezone"]),
        (&"SAR".into(), &"Asia/Riyadh".into())
    );
}

#[test]
fn database_from_a_newer_version_is_refused() {
    let env = TestEnv::new();
    env.ok(&["init"]);
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.pragma_update(None, "user_version", 999).unwrap();
    drop(conn);
    let (code, _, err) = env.run(&["init"]);
    assert_eq!(code, 1);
    assert!(err.contains("newer rewards"), "{err}");
}

#[test]
fn a_database_made_by_the_first_migration_is_upgraded() {
    assert!(
        rewards::db::latest_version() > 1,
        "there is a later migration to upgrade to"
    );
    let env = TestEnv::new();
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute_batch(rewards::db::migrations::MIGRATIONS[0])
        .unwrap();
    conn.pragma_update(None, "user_version", 1).unwrap();
    // A shop as the first release stored it: settings, a program, a member with a code, and an
    // order carrying the code from a Gmail address with dots.
    conn.execute_batch(
        "INSERT INTO settings(key, value) VALUES ('currency', 'KWD'), ('timezone', 'Asia/Kuwait');
         INSERT INTO programs(id, name, kind, currency, reward_kind, reward_value, first_order_only,
                              hold_days, created_at)
              VALUES (1, 'Friends', 'referral', 'KWD', 'fixed', 5000, 1, 0, '2026-01-01T00:00:00Z');
         INSERT INTO members(id, email, name, created_at)
              VALUES (1, 'sara@example.com', 'Sara', '2026-01-01T00:00:00Z');
         INSERT INTO codes(id, code, program_id, member_id, created_at)
              VALUES (1, 'SARA2026', 1, 1, '2026-01-01T00:00:00Z');
         INSERT INTO imports(id, kind, file_name, sha256, imported_at)
              VALUES (1, 'orders', 'old.csv', 'x', '2026-01-02T00:00:00Z');
         INSERT INTO orders(order_id, customer_email, amount_minor, currency, ordered_at, code,
                            code_id, import_id, source_line, row_hash)
              VALUES ('OLD1', 'a.li@gmail.com', 12500, 'KWD', '2026-01-05T10:00:00Z', 'SARA2026',
                      1, 1, 2, 'h');",
    )
    .unwrap();
    drop(conn);

    // The new binary upgrades it on first use, and every command works on the old rows.
    env.write(
        "new.csv",
        "order_id,customer_email,amount,currency,ordered_at,code\n\
         NEW1,ali+promo@gmail.com,20.000,KWD,2026-02-01T10:00:00,SARA2026\n\
         NEW2,b@example.com,30.000,KWD,2026-02-02T10:00:00,SARA2026\n",
    );
    let v = env.json(&["import", "orders", "new.csv"]);
    assert_eq!(v["inserted"], 2, "{v}");
    let s = env.json(&["settle"]);
    // OLD1 and NEW2 are first orders; NEW1 is the Gmail customer of OLD1 again.
    assert_eq!(s["accrued"], 2, "{s}");
    let b = env.json(&["balance", "sara@example.com"]);
    assert_eq!(b[0]["available"], "10.000", "{b}");
    let v = env.json(&["verify"]);
    assert_eq!(v["ok"], true);
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    assert_eq!(user_version(&conn), rewards::db::latest_version());
    let currency: String = conn
        .query_row(
            "SELECT value FROM settings WHERE key = 'currency'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(currency, "KWD", "data survives the upgrade");
    // Migration 3's index, which reports read rewarded orders from, is there and holds them.
    let earned: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM ledger INDEXED BY ledger_earned
             WHERE order_id IS NOT NULL AND kind IN ('accrual', 'points_earn')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(earned, 2);
}

#[test]
fn bad_as_of_is_a_usage_error() {
    let env = TestEnv::new();
    let (code, _, err) = env.run(&["--as-of", "tomorrow-ish", "init"]);
    assert_eq!(code, 2);
    assert!(err.contains("--as-of"), "{err}");
    // Nor does a cron job's settle with a broken clock leave a new empty database behind.
    let (code, _, err) = env.run(&["--as-of", "garbage", "settle", "--dry-run"]);
    assert_eq!(code, 2, "{err}");
    assert!(!env.db.exists(), "refused before the database was made");
}

/// A dry run writes nothing, not even an empty database at a mistyped path.
#[test]
fn a_dry_run_on_a_missing_database_makes_none() {
    let env = TestEnv::new();
    let csv = env.write(
        "orders.csv",
        "order_id,customer_email,amount,currency,ordered_at\nA1,a@x.com,10.00,SAR,2026-01-01\n",
    );
    for args in [
        vec!["settle", "--dry-run"],
        vec!["import", "orders", csv.to_str().unwrap(), "--dry-run"],
    ] {
        let (code, _, err) = env.run(&args);
        assert_eq!(code, 1, "{args:?}: {err}");
        assert!(
            err.contains("no database at") && err.contains("a dry run creates none"),
            "{err}"
        );
        assert!(!env.db.exists(), "{args:?} made a database");
    }
    // Nor does it write the schema into an empty file.
    std::fs::write(&env.db, b"").unwrap();
    let (code, _, err) = env.run(&["settle", "--dry-run"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("holds no rewards database"), "{err}");
    assert_eq!(std::fs::metadata(&env.db).unwrap().len(), 0);
    std::fs::remove_file(&env.db).unwrap();
    // Without --dry-run, the first use makes it (the contract).
    env.ok(&["settle"]);
    assert!(env.db.exists());
    // A dry run does not upgrade a database made by an earlier version either.
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let latest: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    conn.pragma_update(None, "user_version", latest - 1)
        .unwrap();
    drop(conn);
    let before = std::fs::read(&env.db).unwrap();
    let (code, _, err) = env.run(&["settle", "--dry-run"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("does not upgrade it"), "{err}");
    assert_eq!(std::fs::read(&env.db).unwrap(), before);
}

#[test]
fn empty_environment_variables_count_as_unset() {
    let env = TestEnv::new();
    // REWARDS_DB= falls back to ./rewards.db in the working directory; REWARDS_NOW= to the
    // system clock.
    let out = env
        .cmd()
        .env("REWARDS_DB", "")
        .env("REWARDS_NOW", "")
        .args(["--format", "json", "init", "--currency", "SAR"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(env.path("rewards.db").exists());
}

#[test]
fn another_programs_sqlite_database_is_refused_untouched() {
    let env = TestEnv::new();
    let other = env.path("shop-crm.db");
    let conn = rusqlite::Connection::open(&other).unwrap();
    conn.execute_batch(
        "CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT);
         INSERT INTO customers VALUES (1, 'x');",
    )
    .unwrap();
    drop(conn);
    let before = std::fs::read(&other).unwrap();
    let (code, _, err) = env.run(&["--db", other.to_str().unwrap(), "balance"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("an SQLite database of something else"),
        "{err}"
    );
    assert!(err.contains("customers"), "{err}");
    assert_eq!(std::fs::read(&other).unwrap(), before, "not a byte changed");
    assert!(!env.path("shop-crm.db-wal").exists());
}

#[test]
fn unknown_flag_exits_2() {
    let env = TestEnv::new();
    let (code, _, _) = env.run(&["init", "--bogus"]);
    assert_eq!(code, 2);
}

#[test]
fn a_database_in_a_missing_folder_is_an_error_not_a_new_folder() {
    let env = TestEnv::new();
    let db = env.path("no/such/folder/x.db");
    let (code, _, err) = env.run(&["--db", db.to_str().unwrap(), "balance"]);
    assert_eq!(code, 1);
    assert!(err.contains("cannot create database"), "{err}");
    assert!(!env.path("no").exists());
}

#[test]
fn a_missing_input_file_is_named_once() {
    let env = TestEnv::new();
    env.ok(&["init"]);
    let (code, _, err) = env.run(&["import", "orders", "nope.csv"]);
    assert_eq!(code, 1);
    assert_eq!(err.matches("No such file").count(), 1, "{err}");
}

#[test]
fn empty_lists_still_print_their_csv_header() {
    let env = TestEnv::new();
    env.ok(&["init", "--currency", "SAR"]);
    for (args, header) in [
        (
            &["member", "list"][..],
            "email,name,kind,phone,payout_method,payout_account,codes,blocked,created_at",
        ),
        (
            &["code", "list"][..],
            "code,program,member_email,member_name,link,uses",
        ),
        (
            &["program", "list"][..],
            "id,name,kind,status,currency,reward",
        ),
        (&["import", "list"][..], "id,"),
        (
            &["review", "list"][..],
            "id,status,member_email,program,order_id",
        ),
    ] {
        let mut full = vec!["--format", "csv"];
        full.extend_from_slice(args);
        let out = env.ok(&full);
        assert!(out.starts_with(header), "{args:?}: {out:?}");
        assert_eq!(out.lines().count(), 1, "{args:?}: only the header: {out:?}");
    }
}

/// The test database as the first three migrations left it.
fn at_version_3(env: &TestEnv) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    for sql in &rewards::db::migrations::MIGRATIONS[..3] {
        conn.execute_batch(sql).unwrap();
    }
    conn.pragma_update(None, "user_version", 3).unwrap();
    conn
}

/// Migration 4 rebuilds the ledger (its CHECKs as chains of `=`): every row survives with its
/// id, a review and a reversal still point at their rows, and the table keeps its rules: the
/// same indexes, no UPDATE or DELETE, no unknown kind, no duplicate cause.
#[test]
fn the_ledger_rebuilt_by_migration_4_keeps_its_rows_and_rules() {
    let env = TestEnv::new();
    let conn = at_version_3(&env);
    conn.execute_batch(
        "INSERT INTO settings(key, value) VALUES ('currency', 'SAR'), ('timezone', 'Asia/Riyadh');
         INSERT INTO programs(id, name, kind, currency, reward_kind, reward_value, first_order_only,
                              hold_days, created_at)
              VALUES (1, 'Friends', 'referral', 'SAR', 'fixed', 5000, 1, 0, '2026-01-01T00:00:00Z');
         INSERT INTO members(id, email, name, created_at)
              VALUES (1, 'sara@example.com', 'Sara', '2026-01-01T00:00:00Z');
         INSERT INTO runs(id, command, as_of, started_at)
              VALUES (1, 'settle', '2026-02-01T00:00:00Z', '2026-02-01T00:00:00Z');
         INSERT INTO ledger(id, run_id, member_id, program_id, kind, currency, amount_minor,
                            effective_at, available_at, cause_type, cause_id, order_id, created_at)
              VALUES (7, 1, 1, 1, 'accrual', 'SAR', 5000, '2026-01-05T10:00:00Z',
                      '2026-01-05T10:00:00Z', 'order', 'O1', 'O1', '2026-02-01T00:00:00Z');
         INSERT INTO ledger(id, run_id, member_id, program_id, kind, currency, amount_minor,
                            effective_at, available_at, cause_type, cause_id, order_id,
                            corrects_id, rule, created_at)
              VALUES (9, 1, 1, 1, 'reversal', 'SAR', -2000, '2026-01-09T10:00:00Z',
                      '2026-01-09T10:00:00Z', 'return', 'R1', 'O1', 7, '{\"x\":1}',
                      '2026-02-01T00:00:00Z');
         INSERT INTO reviews(id, member_id, program_id, kind, currency, amount_minor,
                             effective_at, available_at, cause_type, cause_id, order_id, rule,
                             reason, run_id, status, ledger_id)
              VALUES (1, 1, 1, 'accrual', 'SAR', 5000, '2026-01-05T10:00:00Z',
                      '2026-01-05T10:00:00Z', 'order', 'O1', 'O1', '{}', 'many customers', 1,
                      'approved', 7);",
    )
    .unwrap();
    let rows = |c: &rusqlite::Connection| -> Vec<String> {
        c.prepare("SELECT * FROM ledger ORDER BY id")
            .unwrap()
            .query_map([], |r| {
                Ok((0..17)
                    .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                    .collect::<Vec<_>>()
                    .join("|"))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let indexes = |c: &rusqlite::Connection| -> Vec<String> {
        c.prepare("SELECT sql FROM sqlite_master WHERE tbl_name = 'ledger' AND type <> 'table' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let (before, before_indexes) = (rows(&conn), indexes(&conn));
    assert_eq!(before.len(), 2);
    drop(conn);

    let conn = rewards::db::open(&env.db).unwrap();
    assert_eq!(user_version(&conn), rewards::db::latest_version());
    assert_eq!(rows(&conn), before, "every row, with its id");
    assert_eq!(
        indexes(&conn),
        before_indexes,
        "the same indexes and triggers"
    );
    let fk: bool = conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert!(fk, "foreign keys are on again after migrating");
    assert_eq!(dangling(&conn), 0);
    let err = |sql: &str| conn.execute_batch(sql).unwrap_err().to_string();
    assert!(err("UPDATE ledger SET amount_minor = 1").contains("append-only"));
    assert!(err("DELETE FROM ledger").contains("append-only"));
    // (member, kind, cause type, cause id) of a new row, and why the rebuilt table refuses it.
    for (values, refused) in [
        ("1, 'bonus', 'order', 'O2'", "CHECK"),
        ("1, 'accrual', 'gift', 'O2'", "CHECK"),
        ("1, 'accrual', 'order', 'O1'", "UNIQUE"),
        ("99, 'accrual', 'order', 'O3'", "FOREIGN KEY"),
    ] {
        let sql = format!(
            "INSERT INTO ledger(run_id, program_id, effective_at, available_at, created_at,
                                member_id, kind, cause_type, cause_id)
             VALUES (1, 1, 't', 't', 't', {values})"
        );
        assert!(err(&sql).contains(refused), "{values}: {}", err(&sql));
    }
    // The commands read the rebuilt table: Sara's 50.00 less the 20.00 returned.
    let b = env.json(&[
        "--as-of",
        "2026-03-01T00:00:00Z",
        "balance",
        "sara@example.com",
    ]);
    assert_eq!(b[0]["available"], "30.00", "{b}");
}

/// A database that already holds a reference to nothing (written by hand with foreign keys
/// off) still upgrades: only references a migration itself would break stop it.
#[test]
fn a_dangling_reference_from_before_does_not_block_the_upgrade() {
    let env = TestEnv::new();
    let conn = at_version_3(&env);
    conn.pragma_update(None, "foreign_keys", "OFF").unwrap();
    conn.execute_batch(
        "INSERT INTO settings(key, value) VALUES ('currency', 'SAR'), ('timezone', 'Asia/Riyadh');
         INSERT INTO codes(id, code, program_id, member_id, created_at)
              VALUES (1, 'GHOST', 42, 42, '2026-01-01T00:00:00Z');",
    )
    .unwrap();
    drop(conn);
    let conn = rewards::db::open(&env.db).unwrap();
    assert_eq!(user_version(&conn), rewards::db::latest_version());
    assert_eq!(
        dangling(&conn),
        2,
        "the code's program and member, as before"
    );
}

/// Migration 5 hashes stored orders again (SHA-256 -> SipHash-2-4): after the upgrade, the same
/// export imported again is all duplicates and a changed row is still a conflict. The stored
/// hashes are the ones the release before wrote for these three rows (read from its database):
/// a name and phone, no name (NULL), a cancelled order, an offset time, a code unknown to the
/// shop, three decimals.
#[test]
fn orders_hashed_before_migration_5_are_still_known_after_it() {
    let env = TestEnv::new();
    env.ok(&["init", "--currency", "KWD", "--timezone", "Asia/Kuwait"]);
    let header = "order_id,customer_email,customer_name,customer_phone,amount,currency,\
                  ordered_at,delivered_at,status,code\n";
    let rows = "A1,Ali@Example.com,Ali Hassan,+96550000001,12.500,KWD,\
                2026-01-05T10:00:00+03:00,2026-01-07T09:00:00Z,paid,sara2026\n\
                A2,b@example.com,,,30,KWD,2026-01-06 10:00:00,,cancelled,\n\
                A3,c@example.com,\"Nour, Al-Sabah\",,0.125,KWD,2026-01-07T10:00:00Z,,paid,NOPE\n";
    env.write("o.csv", &format!("{header}{rows}"));
    assert_eq!(env.json(&["import", "orders", "o.csv"])["inserted"], 3);
    let hashes = |conn: &rusqlite::Connection| -> Vec<String> {
        let mut st = conn
            .prepare("SELECT row_hash FROM orders ORDER BY order_id")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let mut written_now = hashes(&conn);
    // Version 4 had this schema without migration 6's index, the tables of 7 and 8 and the
    // payout item columns of 9:
    // otherwise only the hashes differ. A fourth order, edited in by hand,
    // has a currency no import accepts: it keeps its hash and does not stop the upgrade.
    conn.execute_batch(
        "UPDATE orders SET row_hash = CASE order_id WHEN 'A1' THEN '4feaa16f0081c2e8'
                                                    WHEN 'A2' THEN '9a2da909d33e0d30'
                                                    WHEN 'A3' THEN '976974fd389327af' END;
         INSERT INTO orders(order_id, customer_email, amount_minor, currency, ordered_at,
                            import_id, source_line, row_hash)
              VALUES ('HAND1', 'd@example.com', 100, 'ZZZ', '2026-01-08T10:00:00Z', 1, 9,
                      'by hand');
         DROP INDEX reviews_member;
         DROP TABLE settle_revisit;
         DROP TABLE member_blocks;
         ALTER TABLE payout_items DROP COLUMN payout_method;
         ALTER TABLE payout_items DROP COLUMN payout_account;
         ALTER TABLE payout_items DROP COLUMN member_name;
         PRAGMA user_version = 4;",
    )
    .unwrap();
    drop(conn);

    let v = env.json(&["import", "orders", "o.csv"]);
    assert_eq!(
        (&v["inserted"], &v["duplicates"], &v["conflicts"]),
        (&0.into(), &3.into(), &0.into()),
        "{v}"
    );
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    assert_eq!(
        user_version(&conn),
        rewards::db::migrations::MIGRATIONS.len() as i64
    );
    written_now.push("by hand".into());
    assert_eq!(hashes(&conn), written_now, "rehashed as an import hashes");
    assert_eq!(written_now[0], "e5194a71a44c1b84");

    env.write(
        "changed.csv",
        &format!("{header}{}", rows.replace("0.125", "0.126")),
    );
    let (code, out, _) = env.run(&["--format", "json", "import", "orders", "changed.csv"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(code, 3);
    assert_eq!(
        (&v["duplicates"], &v["conflicts"]),
        (&2.into(), &1.into()),
        "{v}"
    );
}

fn user_version(conn: &rusqlite::Connection) -> i64 {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

/// References to rows that do not exist, as `PRAGMA foreign_key_check` lists them.
fn dangling(conn: &rusqlite::Connection) -> i64 {
    conn.query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| {
        r.get(0)
    })
    .unwrap()
}

#[test]
fn migration_9_gives_earlier_batches_the_details_they_were_made_with() {
    let env = TestEnv::new();
    env.friends_shop(&[
        "--payout-method",
        "paypal",
        "--payout-account",
        "sara.pp@example.com",
    ]);
    env.write(
        "o.csv",
        "order_id,customer_email,amount,currency,ordered_at,code\n\
         A1,friend@example.com,200.00,SAR,2026-02-01T10:00:00,SARA\n",
    );
    env.ok(&["import", "orders", "o.csv"]);
    env.ok(&["--as-of", "2026-03-01", "settle"]);
    env.ok(&["--as-of", "2026-03-01", "payout", "create"]);
    // The batch as a version-8 database holds it: no details on the item.
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute_batch(
        "ALTER TABLE payout_items DROP COLUMN payout_method;
         ALTER TABLE payout_items DROP COLUMN payout_account;
         ALTER TABLE payout_items DROP COLUMN member_name;
         PRAGMA user_version = 8;",
    )
    .unwrap();
    drop(conn);
    // The upgrade fills them in from the member, so an edit afterwards leaves the batch alone.
    env.ok(&[
        "member",
        "edit",
        "sara@example.com",
        "--name",
        "Sara Q",
        "--payout-account",
        "sara.new@example.com",
    ]);
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    assert_eq!(user_version(&conn), rewards::db::latest_version());
    let item: (String, String, String) = conn
        .query_row(
            "SELECT payout_method, payout_account, member_name FROM payout_items",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        item,
        ("paypal".into(), "sara.pp@example.com".into(), "Sara".into())
    );
}
