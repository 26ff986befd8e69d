//! One line of a JSON Lines batch: parse it, take the string field `text`,
//! clean it with the input kind sniffed (`InputKind::Auto`), render JSON.
//!
//! The command line's own per-line handling will replace this body once it
//! has a library entry point; until then this mirrors what it does.
#![no_main]

use libfuzzer_sys::fuzz_target;
use linesift::{Cleaner, InputKind};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    let Some(text) = value.get("text").and_then(serde_json::Value::as_str) else {
        return;
    };
    let doc = Cleaner::default()
        .clean(text.as_bytes(), InputKind::Auto)
        .expect("under the size limit");
    common::check(&doc, None);
});
