//! A fixture builder for engine tests: programs, members, codes, orders, returns and activities
//! inserted with SQL (the import and program commands are built on other branches).
#![allow(dead_code)]

use rusqlite::{Connection, params};
use std::path::Path;

pub struct Fx {
    pub conn: Connection,
    line: i64,
}

impl Fx {
    /// Creates the database (all migrations) with the shop's currency and time zone.
    pub fn new(db: &Path, currency: &str, zone: &str) -> Fx {
        let conn = rewards::db::open(db).expect("open db");
        rewards::db::set_setting(&conn, "currency", currency).unwrap();
        rewards::db::set_setting(&conn, "timezone", zone).unwrap();
        conn.execute_batch(
            "INSERT INTO imports(id, kind, file_name, sha256, imported_at)
               VALUES (1, 'orders', 'orders.csv', 'x', '2026-01-01T00:00:00Z'),
                      (2, 'returns', 'returns.csv', 'y', '2026-01-01T00:00:00Z'),
                      (3, 'activities', 'activities.csv', 'z', '2026-01-01T00:00:00Z');",
        )
        .unwrap();
        Fx { conn, line: 1 }
    }

    /// A program; `set` is an SQL SET list applied after the insert (e.g. "hold_days = 0").
    pub fn program(&self, name: &str, kind: &str, set: &str) -> i64 {
        self.conn
            .execute(
                "INSERT INTO programs(name, kind, currency, created_at) VALUES (?1, ?2, 'SAR', '2025-01-01T00:00:00Z')",
                params![name, kind],
            )
            .unwrap();
        let id = self.conn.last_insert_rowid();
        if !set.is_empty() {
            self.conn
                .execute(&format!("UPDATE programs SET {set} WHERE id = ?1"), [id])
                .unwrap();
        }
        id
    }

    pub fn tier(&self, program: i64, from: i64, kind: &str, value: i64) {
        self.conn
            .execute(
                "INSERT INTO program_tiers VALUES (?1, ?2, ?3, ?4)",
                params![program, from, kind, value],
            )
            .unwrap();
    }

    pub fn action(&self, program: i64, action: &str, points: i64) {
        self.conn
            .execute(
                "INSERT INTO program_actions VALUES (?1, ?2, ?3)",
                params![program, action, points],
            )
            .unwrap();
    }

    pub fn member(&self, email: &str, phone: Option<&str>) -> i64 {
        self.conn
            .execute(
                "INSERT INTO members(email, name, phone, kind, created_at) VALUES (?1, ?1, ?2, 'partner', '2025-01-01T00:00:00Z')",
                params![email, phone],
            )
            .unwrap();
        self.conn.last_insert_rowid()
    }

    pub fn code(&self, code: &str, program: i64, member: i64) -> i64 {
        self.conn
            .execute(
                "INSERT INTO codes(code, program_id, member_id, created_at) VALUES (?1, ?2, ?3, '2025-01-01T00:00:00Z')",
                params![code, program, member],
            )
            .unwrap();
        self.conn.last_insert_rowid()
    }

    /// An order (amount in minor units, SAR) with an optional code.
    pub fn order(&mut self, id: &str, email: &str, amount: i64, at: &str, code: Option<&str>) {
        self.order_full(id, email, None, amount, at, None, code, false);
    }

    #[allow(clippy::too_many_arguments)]
    pub fn order_full(
        &mut self,
        id: &str,
        email: &str,
        phone: Option<&str>,
        amount: i64,
        at: &str,
        delivered: Option<&str>,
        code: Option<&str>,
        history_only: bool,
    ) {
        self.line += 1;
        let code_id: Option<i64> = code.map(|c| {
            self.conn
                .query_row("SELECT id FROM codes WHERE code = ?1", [c], |r| r.get(0))
                .unwrap()
        });
        self.conn
            .execute(
                "INSERT INTO orders(order_id, customer_email, customer_phone, amount_minor, currency,
                    ordered_at, delivered_at, code, code_id, history_only, import_id, source_line, row_hash,
                    customer_key)
                 VALUES (?1, ?2, ?3, ?4, 'SAR', ?5, ?6, ?7, ?8, ?9, 1, ?10, 'h', ?11)",
                params![id, email, phone, amount, at, delivered, code, code_id, history_only, self.line,
                        rewards::core::identity::canonical_email(email)],
            )
            .unwrap();
    }

    pub fn ret(&mut self, key: &str, order: &str, amount: i64, at: &str) {
        self.line += 1;
        self.conn
            .execute(
                "INSERT INTO returns(return_key, order_id, amount_minor, currency, returned_at, import_id, source_line)
                 VALUES (?1, ?2, ?3, 'SAR', ?4, 2, ?5)",
                params![key, order, amount, at, self.line],
            )
            .unwrap();
    }

    pub fn activity(&mut self, key: &str, email: &str, action: &str, at: &str) {
        self.line += 1;
        self.conn
            .execute(
                "INSERT INTO activities(activity_key, customer_email, action, occurred_at, import_id, source_line)
                 VALUES (?1, ?2, ?3, ?4, 3, ?5)",
                params![key, email, action, at, self.line],
            )
            .unwrap();
    }

    /// Sum of a member's money (minor units) with effective_at and available_at up to `at`.
    pub fn available(&self, email: &str, at: &str) -> i64 {
        self.conn
            .query_row(
                "SELECT IFNULL(SUM(l.amount_minor), 0) FROM ledger l JOIN members m ON m.id = l.member_id
                 WHERE m.email = ?1 AND l.effective_at <= ?2 AND l.available_at <= ?2",
                params![email, at],
                |r| r.get(0),
            )
            .unwrap()
    }

    pub fn points(&self, email: &str) -> i64 {
        self.conn
            .query_row(
                "SELECT IFNULL(SUM(l.points), 0) FROM ledger l JOIN members m ON m.id = l.member_id WHERE m.email = ?1",
                [email],
                |r| r.get(0),
            )
            .unwrap()
    }

    /// The ledger without run ids, ids and creation times: (member, kind, amount, points,
    /// effective, available, cause_type, cause_id), in a stable order.
    pub fn ledger(&self) -> Vec<String> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT m.email, l.kind, l.amount_minor, l.points, l.effective_at, l.available_at,
                        l.cause_type, l.cause_id
                 FROM ledger l JOIN members m ON m.id = l.member_id
                 ORDER BY l.effective_at, m.email, l.kind, l.cause_id",
            )
            .unwrap();
        stmt.query_map([], |r| {
            Ok(format!(
                "{} {} {} {} {} {} {}:{}",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    }

    pub fn count(&self, sql: &str) -> i64 {
        self.conn.query_row(sql, [], |r| r.get(0)).unwrap()
    }
}
