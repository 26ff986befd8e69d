//! One line of a JSON Lines batch, as the command line's `--jsonl` mode
//! handles it (`src/cli/jsonl.rs`, which lives in the binary and so cannot be
//! called from here): parse the line, take the string field `text`, clean it
//! with the input kind sniffed (`InputKind::Auto`), put the text, title and
//! blocks back into the object and write it out as one line.
//!
//! Checked: the output is one line of JSON that parses, with every other
//! field of the input kept as it was.
#![no_main]

use libfuzzer_sys::fuzz_target;
use linesift::{Cleaner, InputKind};
use serde_json::{Map, Value};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(Value::Object(mut object)) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let Some(Value::String(document)) = object.get("text") else {
        return;
    };
    let doc = Cleaner::default()
        .clean(document.as_bytes(), InputKind::Auto)
        .expect("under the size limit");
    common::check(&doc, None);
    let before = object.clone();
    object.insert("text".into(), Value::String(doc.text()));
    object.insert(
        "title".into(),
        doc.title().map_or(Value::Null, |t| Value::String(t.to_string())),
    );
    let blocks = doc
        .blocks()
        .iter()
        .map(|block| {
            let mut entry = Map::new();
            entry.insert("label".into(), Value::from(block.label().as_str()));
            entry.insert("score".into(), Value::from(f64::from(block.score())));
            entry.insert("text".into(), Value::String(block.text().to_string()));
            Value::Object(entry)
        })
        .collect();
    object.insert("blocks".into(), Value::Array(blocks));
    let line = Value::Object(object).to_string();
    assert!(!line.contains('\n'), "output is not one line");
    let Ok(Value::Object(back)) = serde_json::from_str::<Value>(&line) else {
        panic!("output line is not a JSON object: {line}");
    };
    for (key, value) in &before {
        if !matches!(key.as_str(), "text" | "title" | "blocks") {
            assert_eq!(back.get(key), Some(value), "field {key} changed");
        }
    }
});
