//! Files in and out: CSV readers (presets, column maps, validation) and payout writers.

pub mod activities;
mod feed;
pub mod import;
pub mod lines;
pub mod members;
pub mod orders;
pub mod payout_file;
pub mod reader;
pub mod rejects;
pub mod returns;
pub mod shopify;
pub mod values;
pub mod woocommerce;
