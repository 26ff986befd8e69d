//! HTML mode on arbitrary bytes: parsing, the DOM walk, hints, classification
//! and every renderer.
#![no_main]

use libfuzzer_sys::fuzz_target;
use linesift::Cleaner;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let doc = Cleaner::default().clean_html(data).expect("under the size limit");
    common::check(&doc, None);
});
