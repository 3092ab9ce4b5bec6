//! Builds programs, members, codes, orders, returns, reviews and ledger rows with direct SQL,
//! for payout and report tests, until the real import/settle commands land on main.
#![allow(dead_code)]

use rusqlite::{Connection, params};

pub struct Fx {
    pub conn: Connection,
    import_id: i64,
    run_id: i64,
}

impl Fx {
    /// Opens an initialised database (run `rewards init` first).
    pub fn open(db: &std::path::Path) -> Fx {
        let conn = Connection::open(db).expect("open db");
        conn.execute(
            "INSERT INTO imports(kind, file_name, sha256, imported_at) VALUES ('orders', 'fx.csv', 'x', '2026-01-01T00:00:00Z')",
            [],
        )
        .unwrap();
        let import_id = conn.last_insert_rowid();
        conn.execute(
            "INSERT INTO runs(command, as_of, started_at) VALUES ('settle', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
            [],
        )
        .unwrap();
        let run_id = conn.last_insert_rowid();
        Fx {
            conn,
            import_id,
            run_id,
        }
    }

    pub fn program(&self, name: &str, kind: &str, currency: &str) -> i64 {
        self.conn
            .execute(
                "INSERT INTO programs(name, kind, currency, created_at) VALUES (?1, ?2, ?3, '2026-01-01T00:00:00Z')",
                params![name, kind, currency],
            )
            .unwrap();
        self.conn.last_insert_rowid()
    }

    pub fn member(
        &self,
        email: &str,
        name: &str,
        method: Option<&str>,
        account: Option<&str>,
    ) -> i64 {
        self.conn
            .execute(
                "INSERT INTO members(email, name, payout_method, payout_account, created_at)
                 VALUES (?1, ?2, ?3, ?4, '2026-01-01T00:00:00Z')",
                params![email, name, method, account],
            )
            .unwrap();
        self.conn.last_insert_rowid()
    }

    pub fn block(&self, member: i64) {
        self.conn
            .execute("UPDATE members SET blocked = 1 WHERE id = ?1", [member])
            .unwrap();
    }

    pub fn code(&self, code: &str, program: i64, member: i64, created: &str) -> i64 {
        self.conn
            .execute(
                "INSERT INTO codes(code, program_id, member_id, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![code, program, member, created],
            )
            .unwrap();
        self.conn.last_insert_rowid()
    }

    /// An order; `code_id` None for an order without a code.
    pub fn order(
        &self,
        id: &str,
        email: &str,
        amount: i64,
        cur: &str,
        at: &str,
        code_id: Option<i64>,
    ) {
        self.conn
            .execute(
                "INSERT INTO orders(order_id, customer_email, amount_minor, currency, ordered_at, code_id,
                                    import_id, source_line, row_hash, customer_key)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 2, ?1, ?2)",
                params![id, email, amount, cur, at, code_id, self.import_id],
            )
            .unwrap();
    }

    pub fn ret(&self, key: &str, order: &str, amount: i64, cur: &str, at: &str) {
        self.conn
            .execute(
                "INSERT INTO returns(return_key, order_id, amount_minor, currency, returned_at, import_id, source_line)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 2)",
                params![key, order, amount, cur, at, self.import_id],
            )
            .unwrap();
    }

    /// A money ledger row (accrual or reversal) for an order or return.
    #[allow(clippy::too_many_arguments)]
    pub fn money(
        &self,
        member: i64,
        program: i64,
        kind: &str,
        cur: &str,
        amount: i64,
        effective: &str,
        available: &str,
        cause: (&str, &str),
        order: &str,
    ) {
        self.conn
            .execute(
                "INSERT INTO ledger(run_id, member_id, program_id, kind, currency, amount_minor, effective_at,
                                    available_at, cause_type, cause_id, order_id, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, '2026-01-01T00:00:00Z')",
                params![self.run_id, member, program, kind, cur, amount, effective, available, cause.0, cause.1, order],
            )
            .unwrap();
    }

    /// A points ledger row.
    pub fn points(
        &self,
        member: i64,
        program: i64,
        kind: &str,
        points: i64,
        at: &str,
        cause: (&str, &str),
    ) {
        self.conn
            .execute(
                "INSERT INTO ledger(run_id, member_id, program_id, kind, points, effective_at,
                                    available_at, cause_type, cause_id, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8, '2026-01-01T00:00:00Z')",
                params![
                    self.run_id,
                    member,
                    program,
                    kind,
                    points,
                    at,
                    cause.0,
                    cause.1
                ],
            )
            .unwrap();
    }

    pub fn held_review(
        &self,
        member: i64,
        program: i64,
        order: &str,
        cur: &str,
        amount: i64,
        reason: &str,
    ) {
        self.conn
            .execute(
                "INSERT INTO reviews(member_id, program_id, kind, currency, amount_minor, effective_at, available_at,
                                     cause_type, cause_id, order_id, reason, run_id)
                 VALUES (?1, ?2, 'accrual', ?3, ?4, '2026-02-01T00:00:00Z', '2026-02-15T00:00:00Z',
                         'order', ?5, ?5, ?6, ?7)",
                params![member, program, cur, amount, order, reason, self.run_id],
            )
            .unwrap();
    }

    pub fn skip(&self, order: &str, program: i64, member: i64, reason: &str) {
        self.conn
            .execute(
                "INSERT INTO reward_skips(order_id, program_id, member_id, reason, run_id) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![order, program, member, reason, self.run_id],
            )
            .unwrap();
    }

    pub fn count(&self, sql: &str) -> i64 {
        self.conn.query_row(sql, [], |r| r.get(0)).unwrap()
    }
}
