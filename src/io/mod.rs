//! Files in and out: CSV readers (presets, column maps, validation) and payout writers.

pub mod members;
pub mod payout_file;
