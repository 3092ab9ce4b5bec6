//! The domain, pure: money, time, rules. Never imports clap, rusqlite or comfy-table.

pub mod fraud;
pub mod identity;
pub mod money;
pub mod points;
pub mod rules;
pub mod time;
