//! Encoding detection: arbitrary bytes, sometimes behind a declared charset
//! (a `<meta charset>` picked by the first byte), through HTML mode, and the
//! same bytes through text mode's sniffing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use linesift::{Cleaner, InputKind};

#[path = "common.rs"]
mod common;

/// Declarations the first byte chooses from: none, the common legacy ones,
/// multi-byte ones, UTF-16 (which a meta tag may not declare), and junk.
const CHARSETS: [&str; 12] = [
    "",
    "utf-8",
    "windows-1252",
    "iso-8859-1",
    "shift_jis",
    "euc-jp",
    "gb18030",
    "big5",
    "koi8-r",
    "utf-16le",
    "iso-2022-jp",
    "x-no-such-charset",
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let cleaner = Cleaner::default();
    let charset = CHARSETS[usize::from(selector) % CHARSETS.len()];
    let mut page = Vec::with_capacity(body.len() + 64);
    if !charset.is_empty() {
        page.extend_from_slice(format!("<meta charset=\"{charset}\">").as_bytes());
    }
    page.extend_from_slice(body);
    let doc = cleaner.clean_html(&page).expect("under the size limit");
    common::check(&doc, None);
    let doc = cleaner.clean(body, InputKind::Text).expect("under the size limit");
    common::check(&doc, None);
});
