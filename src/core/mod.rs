//! The domain, pure: money, time, rules. Never imports clap, rusqlite or comfy-table.

pub mod codes;
pub mod fraud;
pub mod identity;
pub mod money;
pub mod order_hash;
pub mod payout;
pub mod points;
pub mod program;
pub mod report;
pub mod rules;
pub mod time;
