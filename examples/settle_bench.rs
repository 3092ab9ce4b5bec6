//! Benchmark data: `cargo run --release --example settle_bench -- DB [ORDERS] [--points]` fills a
//! fresh database with ORDERS orders (default 1,000,000) over 2025, ~30% with codes (half of
//! them to 200 affiliate partners with a 365-day window and a tier, half to 20,000 referrers),
//! 5% returned, and optionally a points program. Then time `rewards --db DB settle --as-of 2026-01-31`.

use rusqlite::params;

struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .first()
        .ok_or_else(|| anyhow::anyhow!("usage: settle_bench DB [ORDERS] [--points]"))?;
    let n: u64 = args
        .get(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let points = args.iter().any(|a| a == "--points");
    let _ = std::fs::remove_file(path);
    let mut conn = rewards::db::open(std::path::Path::new(path))?;
    let tx = conn.transaction()?;
    rewards::db::set_setting(&tx, "currency", "SAR")?;
    let t0 = "2025-01-01T00:00:00Z";
    tx.execute_batch(&format!(
        "INSERT INTO imports(id, kind, file_name, sha256, imported_at) VALUES (1, 'orders', 'orders.csv', 'x', '{t0}'), (2, 'returns', 'returns.csv', 'y', '{t0}');
         INSERT INTO programs(id, name, kind, currency, reward_kind, reward_value, first_order_only, window_days, hold_days, created_at)
           VALUES (1, 'Partners', 'affiliate', 'SAR', 'percent', 1000, 0, 365, 30, '{t0}'),
                  (2, 'Friends', 'referral', 'SAR', 'fixed', 2500, 1, NULL, 14, '{t0}');
         INSERT INTO program_tiers VALUES (1, 50, 'percent', 1200);"
    ))?;
    if points {
        tx.execute_batch(&format!(
            "INSERT INTO programs(id, name, kind, currency, points_per_unit, points_expire_days, hold_days, created_at)
               VALUES (3, 'Points', 'points', 'SAR', 1, 365, 14, '{t0}');"
        ))?;
    }
    {
        let mut m = tx.prepare(
            "INSERT INTO members(id, email, name, kind, created_at) VALUES (?1, ?2, ?2, ?3, ?4)",
        )?;
        let mut c = tx.prepare("INSERT INTO codes(id, code, program_id, member_id, created_at) VALUES (?1, ?2, ?3, ?1, ?4)")?;
        for i in 1..=20_200i64 {
            let partner = i <= 200;
            m.execute(params![
                i,
                format!("member{i}@example.com"),
                if partner { "partner" } else { "customer" },
                t0
            ])?;
            c.execute(params![
                i,
                format!("CODE{i}"),
                if partner { 1 } else { 2 },
                t0
            ])?;
        }
        let mut o = tx.prepare(
            "INSERT INTO orders(order_id, customer_email, amount_minor, currency, ordered_at, code, code_id, import_id, source_line, row_hash, customer_key)
             VALUES (?1, ?2, ?3, 'SAR', ?4, ?5, ?6, 1, ?7, 'h', ?2)",
        )?;
        let mut r = tx.prepare(
            "INSERT INTO returns(return_key, order_id, amount_minor, currency, returned_at, import_id, source_line)
             VALUES (?1, ?2, ?3, 'SAR', ?4, 2, ?5)",
        )?;
        let mut rng = Lcg(42);
        let start = chrono::DateTime::parse_from_rfc3339(t0)?.with_timezone(&chrono::Utc);
        let step = 365 * 24 * 3600 / n.max(1);
        for i in 0..n {
            let at = start + chrono::Duration::seconds((i * step + rng.next(step.max(1))) as i64);
            let customer = rng.next(400_000);
            let amount = 1000 + rng.next(99_000) as i64;
            let roll = rng.next(100);
            let code: Option<i64> = if roll < 15 {
                Some(1 + rng.next(200) as i64)
            } else if roll < 30 {
                Some(201 + rng.next(20_000) as i64)
            } else {
                None
            };
            let id = format!("O{i}");
            o.execute(params![
                id,
                format!("customer{customer}@shop.example"),
                amount,
                rewards::core::time::to_db(at),
                code.map(|c| format!("CODE{c}")),
                code,
                i as i64 + 2
            ])?;
            if rng.next(20) == 0 {
                let back = at + chrono::Duration::days(1 + rng.next(40) as i64);
                r.execute(params![
                    format!("R{i}"),
                    id,
                    amount / 2,
                    rewards::core::time::to_db(back),
                    i as i64 + 2
                ])?;
            }
        }
    }
    tx.commit()?;
    eprintln!("wrote {n} orders to {path}");
    Ok(())
}
