//! Text mode on arbitrary bytes: decoding (UTF-8, BOMs, sniffed legacy
//! encodings), segmentation, classification and every renderer.
#![no_main]

use libfuzzer_sys::fuzz_target;
use linesift::{Cleaner, InputKind};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let cleaner = Cleaner::default();
    if let Ok(text) = std::str::from_utf8(data) {
        // Valid UTF-8 goes through `clean_text`, where line numbers are checkable.
        let doc = cleaner.clean_text(text).expect("under the size limit");
        common::check(&doc, Some(common::count_lines(text)));
    }
    let doc = cleaner.clean(data, InputKind::Text).expect("under the size limit");
    common::check(&doc, None);
});
