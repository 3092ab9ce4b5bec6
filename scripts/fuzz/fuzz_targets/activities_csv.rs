//! Fuzz target: `import activities` (`io::activities::import`) on arbitrary file contents.
//!
//! Checks: no panic; every rejected row is reported with a line inside the file and a message;
//! the summary's reject count matches the rows reported.
#![no_main]

mod import_common;

use libfuzzer_sys::fuzz_target;
use rewards::io::import::Preset;

fuzz_target!(|data: &[u8]| {
    import_common::run(data, Preset::Generic, Vec::new(), rewards::io::activities::import);
});
