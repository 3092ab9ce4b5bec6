//! The schema, as an append-only list of migrations applied in order on `PRAGMA user_version`.
//!
//! Never edit a migration that has shipped: append a new one. `MIGRATIONS[i]` takes a database
//! from version `i` to `i + 1`.

use crate::core::money::Currency;
use crate::core::order_hash::OrderRowValues;
use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;

/// Migration 1: the whole first schema.
const V1: &str = r#"
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE programs (
    id                  INTEGER PRIMARY KEY,
    name                TEXT NOT NULL UNIQUE COLLATE NOCASE,
    kind                TEXT NOT NULL CHECK (kind IN ('referral', 'affiliate', 'points')),
    status              TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'ended')),
    currency            TEXT NOT NULL,
    -- Referrer's (or partner's) reward per qualifying order: fixed minor units, basis points, or points.
    reward_kind         TEXT CHECK (reward_kind IN ('fixed', 'percent', 'points')),
    reward_value        INTEGER,
    -- Friend's discount, recorded and reported only.
    friend_reward_kind  TEXT CHECK (friend_reward_kind IN ('fixed', 'percent')),
    friend_reward_value INTEGER,
    min_order_minor     INTEGER,
    first_order_only    INTEGER NOT NULL DEFAULT 1,
    window_days         INTEGER,
    hold_days           INTEGER NOT NULL DEFAULT 14,
    cap_count           INTEGER,
    cap_amount_minor    INTEGER,
    points_per_unit     INTEGER,
    points_expire_days  INTEGER,
    point_value_minor   INTEGER,
    starts_at           TEXT,
    ends_at             TEXT,
    created_at          TEXT NOT NULL
);

-- From the Nth qualifying referral of a member on, this reward applies instead.
CREATE TABLE program_tiers (
    program_id   INTEGER NOT NULL REFERENCES programs(id),
    from_count   INTEGER NOT NULL CHECK (from_count >= 1),
    reward_kind  TEXT NOT NULL CHECK (reward_kind IN ('fixed', 'percent', 'points')),
    reward_value INTEGER NOT NULL,
    PRIMARY KEY (program_id, from_count)
);

-- Points a program gives per activity (signup, review, share, ... or its own names).
CREATE TABLE program_actions (
    program_id INTEGER NOT NULL REFERENCES programs(id),
    action     TEXT NOT NULL COLLATE NOCASE,
    points     INTEGER NOT NULL CHECK (points > 0),
    PRIMARY KEY (program_id, action)
);

-- Every pause, resume and end, so that orders placed while paused earn nothing.
CREATE TABLE program_events (
    id         INTEGER PRIMARY KEY,
    program_id INTEGER NOT NULL REFERENCES programs(id),
    event      TEXT NOT NULL CHECK (event IN ('pause', 'resume', 'end')),
    at         TEXT NOT NULL
);

CREATE TABLE members (
    id             INTEGER PRIMARY KEY,
    email          TEXT NOT NULL UNIQUE,          -- normalised: trimmed, lower-cased
    name           TEXT NOT NULL,
    phone          TEXT,
    kind           TEXT NOT NULL DEFAULT 'customer' CHECK (kind IN ('customer', 'partner')),
    payout_method  TEXT CHECK (payout_method IN ('bank', 'paypal', 'store-credit')),
    payout_account TEXT,
    blocked        INTEGER NOT NULL DEFAULT 0,
    blocked_at     TEXT,
    created_at     TEXT NOT NULL
);

CREATE TABLE codes (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE COLLATE NOCASE, -- stored upper-case
    program_id INTEGER NOT NULL REFERENCES programs(id),
    member_id  INTEGER NOT NULL REFERENCES members(id),
    link       TEXT,
    max_uses   INTEGER,
    expires_at TEXT,
    revoked_at TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX codes_member ON codes(member_id);

-- One row per imported file (also dry runs are not recorded).
CREATE TABLE imports (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('orders', 'returns', 'activities', 'members')),
    file_name    TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    preset       TEXT,
    rows         INTEGER NOT NULL DEFAULT 0,
    inserted     INTEGER NOT NULL DEFAULT 0,
    duplicates   INTEGER NOT NULL DEFAULT 0,
    conflicts    INTEGER NOT NULL DEFAULT 0,
    rejected     INTEGER NOT NULL DEFAULT 0,
    history_only INTEGER NOT NULL DEFAULT 0,
    imported_at  TEXT NOT NULL
);

CREATE TABLE orders (
    id             INTEGER PRIMARY KEY,
    order_id       TEXT NOT NULL UNIQUE,          -- the shop's order id
    customer_email TEXT NOT NULL,                 -- normalised
    customer_name  TEXT,
    customer_phone TEXT,
    amount_minor   INTEGER NOT NULL,              -- commissionable amount
    currency       TEXT NOT NULL,
    ordered_at     TEXT NOT NULL,                 -- UTC
    delivered_at   TEXT,
    cancelled      INTEGER NOT NULL DEFAULT 0,    -- cancelled or voided: earns nothing
    code           TEXT,                          -- as given in the file, upper-cased
    code_id        INTEGER REFERENCES codes(id),  -- the code it matched, if any
    code_status    TEXT,                          -- NULL ok; 'unknown', 'revoked', 'expired', 'exhausted'
    history_only   INTEGER NOT NULL DEFAULT 0,    -- known for first-order checks, never rewarded
    import_id      INTEGER NOT NULL REFERENCES imports(id),
    source_line    INTEGER NOT NULL,
    row_hash       TEXT NOT NULL                  -- to tell a duplicate from a conflict
);
CREATE INDEX orders_customer ON orders(customer_email, ordered_at);
CREATE INDEX orders_code ON orders(code_id) WHERE code_id IS NOT NULL;

CREATE TABLE returns (
    id           INTEGER PRIMARY KEY,
    return_key   TEXT NOT NULL UNIQUE,            -- the export's return id, or a stable hash
    order_id     TEXT NOT NULL REFERENCES orders(order_id),
    amount_minor INTEGER NOT NULL,
    currency     TEXT NOT NULL,
    returned_at  TEXT NOT NULL,
    reason       TEXT,
    import_id    INTEGER NOT NULL REFERENCES imports(id),
    source_line  INTEGER NOT NULL
);
CREATE INDEX returns_order ON returns(order_id);

CREATE TABLE activities (
    id             INTEGER PRIMARY KEY,
    activity_key   TEXT NOT NULL UNIQUE,          -- reference, or a stable hash of the row
    customer_email TEXT NOT NULL,
    action         TEXT NOT NULL COLLATE NOCASE,
    occurred_at    TEXT NOT NULL,
    reference      TEXT,
    import_id      INTEGER NOT NULL REFERENCES imports(id),
    source_line    INTEGER NOT NULL
);
CREATE INDEX activities_customer ON activities(customer_email, occurred_at);

-- Every command that writes ledger rows records itself here; ledger rows point at it.
CREATE TABLE runs (
    id         INTEGER PRIMARY KEY,
    command    TEXT NOT NULL,                     -- settle, adjust, payout, redeem, review
    as_of      TEXT NOT NULL,
    started_at TEXT NOT NULL,
    summary    TEXT                               -- JSON counts
);

-- The append-only ledger. Never UPDATE or DELETE a row: correct with a new row.
CREATE TABLE ledger (
    id           INTEGER PRIMARY KEY,
    run_id       INTEGER NOT NULL REFERENCES runs(id),
    member_id    INTEGER NOT NULL REFERENCES members(id),
    program_id   INTEGER REFERENCES programs(id),
    kind         TEXT NOT NULL CHECK (kind IN ('accrual', 'reversal', 'points_earn', 'points_redeem',
                   'points_expire', 'payout', 'payout_return', 'adjustment')),
    currency     TEXT,                            -- NULL for rows that move points only
    amount_minor INTEGER NOT NULL DEFAULT 0,
    points       INTEGER NOT NULL DEFAULT 0,
    effective_at TEXT NOT NULL,                   -- when the cause happened
    available_at TEXT NOT NULL,                   -- pending before, available from then on
    cause_type   TEXT NOT NULL CHECK (cause_type IN ('order', 'return', 'activity', 'payout',
                   'adjustment', 'redemption', 'expiry', 'review')),
    cause_id     TEXT NOT NULL,
    order_id     TEXT,                            -- the order behind the row, for explain/reports
    corrects_id  INTEGER REFERENCES ledger(id),   -- a reversal points at what it reverses
    rule         TEXT,                            -- frozen rule values (JSON) used for the amount
    note         TEXT,
    created_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX ledger_cause ON ledger(cause_type, cause_id, member_id, IFNULL(program_id, 0), kind);
CREATE INDEX ledger_member ON ledger(member_id, currency);
CREATE INDEX ledger_order ON ledger(order_id) WHERE order_id IS NOT NULL;

CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;

-- Rewards held for a person to approve or reject. Approval writes the ledger row.
CREATE TABLE reviews (
    id             INTEGER PRIMARY KEY,
    member_id      INTEGER NOT NULL REFERENCES members(id),
    program_id     INTEGER NOT NULL REFERENCES programs(id),
    kind           TEXT NOT NULL,                 -- the ledger kind it would write
    currency       TEXT,
    amount_minor   INTEGER NOT NULL DEFAULT 0,
    points         INTEGER NOT NULL DEFAULT 0,
    effective_at   TEXT NOT NULL,
    available_at   TEXT NOT NULL,
    cause_type     TEXT NOT NULL,
    cause_id       TEXT NOT NULL,
    order_id       TEXT,
    rule           TEXT,
    reason         TEXT NOT NULL,                 -- why it is held
    status         TEXT NOT NULL DEFAULT 'held' CHECK (status IN ('held', 'approved', 'rejected')),
    decided_at     TEXT,
    decision_note  TEXT,
    ledger_id      INTEGER REFERENCES ledger(id),
    run_id         INTEGER NOT NULL REFERENCES runs(id),
    UNIQUE (cause_type, cause_id, member_id, program_id, kind)
);

-- Orders that carried a code but earned nothing, and why (cap, self-referral, not new, ...).
CREATE TABLE reward_skips (
    id         INTEGER PRIMARY KEY,
    order_id   TEXT NOT NULL,
    program_id INTEGER NOT NULL REFERENCES programs(id),
    member_id  INTEGER REFERENCES members(id),
    reason     TEXT NOT NULL,
    run_id     INTEGER NOT NULL REFERENCES runs(id),
    UNIQUE (order_id, program_id)
);

-- Points redeemed by hand; the ledger row's cause.
CREATE TABLE redemptions (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES members(id),
    points     INTEGER NOT NULL CHECK (points > 0),
    note       TEXT,
    created_at TEXT NOT NULL
);

-- Manual credits and debits; the ledger row's cause.
CREATE TABLE adjustments (
    id           INTEGER PRIMARY KEY,
    member_id    INTEGER NOT NULL REFERENCES members(id),
    program_id   INTEGER REFERENCES programs(id),
    currency     TEXT NOT NULL,
    amount_minor INTEGER NOT NULL,
    reason       TEXT NOT NULL,
    created_at   TEXT NOT NULL
);

CREATE TABLE payouts (
    id             INTEGER PRIMARY KEY,
    currency       TEXT NOT NULL,
    method         TEXT NOT NULL,                 -- bank, paypal, store-credit
    status         TEXT NOT NULL DEFAULT 'created' CHECK (status IN ('created', 'exported', 'paid', 'failed')),
    total_minor    INTEGER NOT NULL,
    min_minor      INTEGER NOT NULL DEFAULT 0,
    period_end     TEXT NOT NULL,                 -- the as-of it was made for
    created_at     TEXT NOT NULL,
    exported_at    TEXT,
    paid_at        TEXT,
    reference      TEXT,
    failed_at      TEXT,
    failure_reason TEXT,
    run_id         INTEGER NOT NULL REFERENCES runs(id)
);

CREATE TABLE payout_items (
    payout_id    INTEGER NOT NULL REFERENCES payouts(id),
    member_id    INTEGER NOT NULL REFERENCES members(id),
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    entries      INTEGER NOT NULL,                -- ledger rows the amount sums
    PRIMARY KEY (payout_id, member_id)
);
"#;

/// Migration 2: what imports and settlement grew after the first schema.
const V2: &str = r#"
-- Returns recorded from a preset's orders export (Shopify, WooCommerce).
ALTER TABLE imports ADD COLUMN returns INTEGER NOT NULL DEFAULT 0;

-- "Ordered before" and a customer's first referred order are judged on the mailbox
-- (core::identity::canonical_email: lower-cased, +tag dropped, Gmail dots dropped). Rows from
-- before this migration get the same key computed in SQL; new rows get it from the importer.
ALTER TABLE orders ADD COLUMN customer_key TEXT NOT NULL DEFAULT '';
UPDATE orders SET customer_key = customer_email;
UPDATE orders
   SET customer_key = substr(customer_key, 1, instr(customer_key, '+') - 1)
                      || substr(customer_key, instr(customer_key, '@'))
 WHERE instr(customer_key, '+') > 0 AND instr(customer_key, '+') < instr(customer_key, '@');
UPDATE orders
   SET customer_key = replace(substr(customer_key, 1, instr(customer_key, '@') - 1), '.', '')
                      || '@gmail.com'
 WHERE substr(customer_key, instr(customer_key, '@') + 1) IN ('gmail.com', 'googlemail.com');
CREATE INDEX orders_customer_key ON orders(customer_key, ordered_at);

-- Orders whose code was unknown at import, found again when that code is issued later.
CREATE INDEX orders_unknown_code ON orders(code) WHERE code_status = 'unknown';

-- Engine (settle): where the last settle got to, so a nightly run only looks at new rows:
-- items with a time in (as_of, new as_of], or a row id above the ids it had seen.
CREATE TABLE settle_state (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    as_of           TEXT NOT NULL,                -- the latest as-of any settle reached
    max_order_id    INTEGER NOT NULL,             -- orders.id / returns.id / activities.id seen
    max_return_id   INTEGER NOT NULL,
    max_activity_id INTEGER NOT NULL,
    max_ledger_id   INTEGER NOT NULL,             -- ledger rows after it are new to expiry checks
    run_id          INTEGER NOT NULL REFERENCES runs(id)
);
CREATE INDEX orders_time ON orders(ordered_at);
CREATE INDEX orders_code_time ON orders(code_id, ordered_at) WHERE code_id IS NOT NULL;
CREATE INDEX returns_time ON returns(returned_at);
CREATE INDEX activities_time ON activities(occurred_at);
CREATE INDEX ledger_member_program ON ledger(member_id, program_id, kind, effective_at);
CREATE INDEX ledger_corrects ON ledger(corrects_id) WHERE corrects_id IS NOT NULL;
CREATE INDEX ledger_rewards_available ON ledger(available_at) WHERE kind IN ('accrual', 'points_earn');
CREATE INDEX reviews_order ON reviews(order_id);
"#;

/// Migration 3: reports read the rewarded orders from an index alone.
const V3: &str = r#"
-- Reports: the orders behind accrual and points rows (report summary: 1M orders, 143k rewards,
-- 1.3 -> 0.8 s). The WHERE is the one the report queries use; a big first settle builds it
-- once at its end.
CREATE INDEX ledger_earned ON ledger(order_id, program_id)
    WHERE order_id IS NOT NULL AND kind IN ('accrual', 'points_earn');
"#;

/// Migration 4: the ledger's two CHECKs as chains of `=`. SQLite builds a temporary B-tree
/// for a CHECK's `IN (...)` list at every insert: a third of the time of writing a ledger row
/// (a first settle with points writes 1.1M of them: 8.8 s of CPU). Same rules, same rows: the
/// table is rebuilt (SQLite cannot alter a CHECK), with its indexes and triggers. `migrate`
/// runs migrations with foreign keys off and checks them before each commit.
const V4: &str = r#"
CREATE TABLE ledger_v4 (
    id           INTEGER PRIMARY KEY,
    run_id       INTEGER NOT NULL REFERENCES runs(id),
    member_id    INTEGER NOT NULL REFERENCES members(id),
    program_id   INTEGER REFERENCES programs(id),
    kind         TEXT NOT NULL CHECK (kind = 'accrual' OR kind = 'reversal'
                   OR kind = 'points_earn' OR kind = 'points_redeem' OR kind = 'points_expire'
                   OR kind = 'payout' OR kind = 'payout_return' OR kind = 'adjustment'),
    currency     TEXT,                            -- NULL for rows that move points only
    amount_minor INTEGER NOT NULL DEFAULT 0,
    points       INTEGER NOT NULL DEFAULT 0,
    effective_at TEXT NOT NULL,                   -- when the cause happened
    available_at TEXT NOT NULL,                   -- pending before, available from then on
    cause_type   TEXT NOT NULL CHECK (cause_type = 'order' OR cause_type = 'return'
                   OR cause_type = 'activity' OR cause_type = 'payout' OR cause_type = 'adjustment'
                   OR cause_type = 'redemption' OR cause_type = 'expiry' OR cause_type = 'review'),
    cause_id     TEXT NOT NULL,
    order_id     TEXT,                            -- the order behind the row, for explain/reports
    corrects_id  INTEGER REFERENCES ledger(id),   -- a reversal points at what it reverses
    rule         TEXT,                            -- frozen rule values (JSON) used for the amount
    note         TEXT,
    created_at   TEXT NOT NULL
);
INSERT INTO ledger_v4(id, run_id, member_id, program_id, kind, currency, amount_minor, points,
                      effective_at, available_at, cause_type, cause_id, order_id, corrects_id,
                      rule, note, created_at)
     SELECT id, run_id, member_id, program_id, kind, currency, amount_minor, points,
            effective_at, available_at, cause_type, cause_id, order_id, corrects_id,
            rule, note, created_at
       FROM ledger ORDER BY id;
DROP TABLE ledger;
ALTER TABLE ledger_v4 RENAME TO ledger;

CREATE UNIQUE INDEX ledger_cause ON ledger(cause_type, cause_id, member_id, IFNULL(program_id, 0), kind);
CREATE INDEX ledger_member ON ledger(member_id, currency);
CREATE INDEX ledger_order ON ledger(order_id) WHERE order_id IS NOT NULL;
CREATE INDEX ledger_member_program ON ledger(member_id, program_id, kind, effective_at);
CREATE INDEX ledger_corrects ON ledger(corrects_id) WHERE corrects_id IS NOT NULL;
CREATE INDEX ledger_rewards_available ON ledger(available_at) WHERE kind IN ('accrual', 'points_earn');
CREATE INDEX ledger_earned ON ledger(order_id, program_id)
    WHERE order_id IS NOT NULL AND kind IN ('accrual', 'points_earn');

CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
"#;

/// Migration 5: order row hashes in the form imports write from now on (SipHash-2-4 over the
/// same values, `core::order_hash`) instead of SHA-256, which took a quarter of a re-import's
/// main thread on a CPU without SHA instructions. Each is worked out again from the stored
/// values by `rewards_order_row_hash`, which [`register_functions`] gives the connection before
/// migrating: a re-import after the upgrade finds the same duplicates and conflicts as before.
/// It rewrites every order once (1M orders: 6 s).
const V5: &str = r#"
UPDATE orders
   SET row_hash = IFNULL(rewards_order_row_hash(order_id, customer_email, customer_name,
                                                customer_phone, amount_minor, currency,
                                                ordered_at, delivered_at, cancelled, code),
                         row_hash);
"#;

/// Migration 6: settle counts held reviews against a member's monthly caps (a held reward
/// may still be approved), looking them up per member and program.
const V6: &str = r#"
CREATE INDEX reviews_member ON reviews(member_id, program_id, status);
"#;

/// Migration 7: orders that settle must look at again although they are older than what it
/// has settled: orders with an unknown code that a code issued later claims (settle had judged
/// them without a code). Settle empties it as it judges them.
const V7: &str = r#"
CREATE TABLE settle_revisit (
    order_row INTEGER PRIMARY KEY REFERENCES orders(id)
);
"#;

/// Migration 8: the blocks a member has had and that ended (`member unblock`); the block in
/// force stays `members.blocked`/`blocked_at`. Settle judges an order by whether its earner
/// was blocked at the order's time.
const V8: &str = r#"
CREATE TABLE member_blocks (
    id           INTEGER PRIMARY KEY,
    member_id    INTEGER NOT NULL REFERENCES members(id),
    blocked_at   TEXT,                            -- NULL: blocked before times were kept
    unblocked_at TEXT NOT NULL
);
CREATE INDEX member_blocks_member ON member_blocks(member_id);
"#;

/// Migration 9: a payout item keeps the name, method and account the member had when the
/// batch was made, so `member edit` afterwards does not change what the batch's file pays, or
/// to whom. Items of earlier batches get the member's details as they are at the upgrade,
/// which are those of the batch (no release before this one could change them).
const V9: &str = r#"
ALTER TABLE payout_items ADD COLUMN payout_method TEXT;
ALTER TABLE payout_items ADD COLUMN payout_account TEXT;
ALTER TABLE payout_items ADD COLUMN member_name TEXT;
UPDATE payout_items SET payout_method = m.payout_method, payout_account = m.payout_account,
                        member_name = m.name
  FROM members m WHERE m.id = payout_items.member_id;
"#;

/// Every migration, oldest first. Append only.
pub const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5, V6, V7, V8, V9];

/// The SQL functions migrations call: `rewards_order_row_hash(order_id, customer_email,
/// customer_name, customer_phone, amount_minor, currency, ordered_at, delivered_at, cancelled,
/// code)`, the row hash an import gives an order with those stored values (NULL text as empty),
/// or NULL for a currency no import accepts (a row edited by hand keeps its hash, and the
/// upgrade goes on).
pub fn register_functions(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        "rewards_order_row_hash",
        10,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let text = |i: usize| -> rusqlite::Result<&str> {
                Ok(ctx.get_raw(i).as_str_or_null()?.unwrap_or(""))
            };
            let Ok(currency) = Currency::from_code(text(5)?) else {
                return Ok(None);
            };
            Ok(Some(
                OrderRowValues {
                    order_id: text(0)?,
                    email: text(1)?,
                    name: text(2)?,
                    phone: text(3)?,
                    amount_minor: ctx.get(4)?,
                    currency,
                    ordered_at: text(6)?,
                    delivered_at: text(7)?,
                    cancelled: ctx.get::<i64>(8)? != 0,
                    code: text(9)?,
                }
                .hash(),
            ))
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::identity::canonical_email;

    /// The SQL that fills `customer_key` for old rows agrees with the importer's Rust.
    #[test]
    fn v2_backfills_customer_keys_like_the_importer() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch(V1).unwrap();
        conn.execute_batch(
            "INSERT INTO imports(id, kind, file_name, sha256, imported_at)
             VALUES (1, 'orders', 'f', 'x', 't')",
        )
        .unwrap();
        let emails = [
            "sara@example.com",
            "a.li+promo@gmail.com",
            "a.li@googlemail.com",
            "first.last+x+y@example.sa",
            "plus+@gmail.com",
            "no.tag@example.org",
        ];
        for (i, e) in emails.iter().enumerate() {
            conn.execute(
                "INSERT INTO orders(order_id, customer_email, amount_minor, currency, ordered_at,
                                    import_id, source_line, row_hash)
                 VALUES (?1, ?2, 100, 'SAR', 't', 1, 2, 'h')",
                rusqlite::params![i.to_string(), e],
            )
            .unwrap();
        }
        conn.execute_batch(V2).unwrap();
        for (i, e) in emails.iter().enumerate() {
            let key: String = conn
                .query_row(
                    "SELECT customer_key FROM orders WHERE order_id = ?1",
                    [i.to_string()],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(key, canonical_email(e), "{e}");
        }
    }
}
