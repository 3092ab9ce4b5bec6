//! rewards: a shop's referral, affiliate and points programs from one local SQLite file.
//!
//! `cli` parses and dispatches, `core` is the pure domain, `db` holds all SQL, `io` reads and
//! writes CSV files, `output` renders data for stdout.

pub mod cli;
pub mod core;
pub mod db;
pub mod io;
pub mod output;
