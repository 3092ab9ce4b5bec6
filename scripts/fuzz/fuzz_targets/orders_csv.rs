//! Fuzz target: `import orders` (`io::orders::import`) on arbitrary file contents, with the
//! generic layout or the Shopify or WooCommerce preset (byte 0 picks), sometimes with a
//! `--map` taken from the input.
//!
//! Checks: no panic; every rejected row is reported with a line inside the file and a message;
//! the summary's reject count matches the rows reported.
#![no_main]

mod import_common;

use libfuzzer_sys::fuzz_target;
use rewards::io::import::Preset;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let preset = match pick % 3 {
        0 => Preset::Generic,
        1 => Preset::Shopify,
        _ => Preset::Woocommerce,
    };
    // Bit 7: the last line of the input is a `--map HEADER=FIELD` instead of file content.
    let (file, maps) = match (pick & 0x80 != 0, rest.iter().rposition(|&b| b == b'\n')) {
        (true, Some(i)) => {
            let map = String::from_utf8_lossy(&rest[i + 1..]).into_owned();
            match map.rsplit_once('=') {
                Some((h, f)) => (&rest[..i + 1], vec![(h.trim().to_string(), f.trim().to_string())]),
                None => (rest, Vec::new()),
            }
        }
        _ => (rest, Vec::new()),
    };
    import_common::run(file, preset, maps, rewards::io::orders::import);
});
