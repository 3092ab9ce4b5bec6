//! Files in and out: CSV readers (presets, column maps, validation) and payout writers.

pub mod lines;
pub mod members;
