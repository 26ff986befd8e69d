//! One line of a JSON Lines batch, through the very code the command's
//! `--jsonl` mode runs on every line (`src/cli/line.rs`, included by path:
//! the binary's modules cannot be imported as a library): parse the line, take
//! the string field `text`, clean it with the input kind sniffed
//! (`InputKind::Auto`), write the object back with `text`, `title` and
//! `blocks`.
//!
//! Checked: a line that is cleaned gives one line of JSON, an object, whose
//! other members are the input's, in order, unchanged; a line that is refused
//! gives an error line that is itself one line of JSON with the line number.
//! The text shape (`--jsonl` without `--output json`, cleaned through
//! `Cleaner::article_str`, no blocks built) gives the same `text` and
//! `title` as the JSON shape.
//! And, against serde_json itself: the fast parse takes a line on exactly
//! when serde_json's does, with the same members and document; the document
//! the parse takes from the line is the string serde_json decodes from the
//! field; the document decoder decodes every JSON string as serde_json does
//! (`\u` escapes, lone surrogates); and the fast string escaper writes what
//! serde_json writes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use linesift::{Cleaner, InputKind};
use serde_json::{Map, Value};

#[path = "../../src/cli/json.rs"]
#[allow(dead_code)]
mod json;
#[path = "../../src/cli/line.rs"]
#[allow(dead_code)]
mod line;

fuzz_target!(|data: &[u8]| {
    let settings = line::Settings {
        cleaner: Cleaner::default(),
        kind: InputKind::Auto,
        field: String::from("text"),
        shape: line::Shape::Json,
        title: true,
        line_limit: u64::MAX,
    };
    if let Ok(text) = std::str::from_utf8(data) {
        let ours = json::json_str(text);
        assert_eq!(
            Some(&ours),
            serde_json::to_string(text).ok().as_ref(),
            "escaped differently"
        );
        // The input as the inside of a JSON string: where serde_json takes
        // it as one (as the parse leaves the field raw), the document
        // decoder gives what serde_json decodes, or fails where it fails.
        let quoted = format!("\"{text}\"");
        if serde_json::from_str::<&serde_json::value::RawValue>(&quoted).is_ok() {
            assert_eq!(
                json::decode_json_str(&quoted),
                serde_json::from_str::<String>(&quoted).ok(),
                "decoded differently from serde_json"
            );
        }
        // The fast parse takes a line on if and only if serde_json parses
        // it, and then gives the same members and the same document.
        let fast = json::parse_object(text, "text");
        let serde = line::parse_line_with_serde(data, Some(text), "text");
        match (fast, serde) {
            (Some((members, source)), Ok(parsed)) => {
                assert_eq!(members, parsed.members, "members differ");
                assert_eq!(source, parsed.source, "documents differ");
            }
            (None, Err(_)) => {}
            (fast, serde) => panic!("fast parse {fast:?}, serde_json {:?}", serde.err()),
        }
    }
    // With one `"text"` in the line and no `\u` escape (which could spell
    // another), serde_json's object, which keeps the last of duplicate
    // names, has the member the parse takes, the first.
    let one_text_key = data.windows(6).filter(|w| w == b"\"text\"").count() == 1
        && !data.windows(2).any(|w| w == b"\\u");
    if let (true, Ok(parsed)) = (one_text_key, line::parse_line(data, "text")) {
        let Ok(Value::Object(object)) = serde_json::from_slice::<Value>(data) else {
            panic!("a parsed line is not a JSON object to serde_json");
        };
        assert_eq!(
            object.get("text"),
            Some(&Value::String(parsed.source)),
            "decoded differently"
        );
    }
    let mut output = String::new();
    match line::clean_line_into(&mut output, data, None, &settings) {
        Ok(()) => {}
        Err(message) => {
            let error = line::error_line(&message, 7, Some("input.jsonl"));
            assert!(!error.contains('\n'), "error line is not one line");
            let Ok(Value::Object(object)) = serde_json::from_str::<Value>(&error) else {
                panic!("error line is not a JSON object: {error}");
            };
            assert_eq!(object.get("line"), Some(&Value::from(7)));
            return;
        }
    };
    assert!(!output.contains('\n'), "output is not one line");
    let Ok(Value::Object(back)) = serde_json::from_str::<Value>(&output) else {
        panic!("output line is not a JSON object: {output}");
    };
    assert!(back.get("text").is_some_and(Value::is_string), "no cleaned text");
    assert!(back.get("blocks").is_some_and(Value::is_array), "no blocks");
    // The other members come back as they were (the input parsed, since a
    // cleaned line was a valid object).
    let Ok(Value::Object(input)) = serde_json::from_slice::<Value>(data) else {
        panic!("a cleaned line was not a JSON object");
    };
    let before: Map<String, Value> = input
        .into_iter()
        .filter(|(key, _)| !matches!(key.as_str(), "text" | "title" | "blocks"))
        .collect();
    for (key, value) in &before {
        assert_eq!(back.get(key), Some(value), "field {key} changed");
    }
    let text_settings = line::Settings {
        shape: line::Shape::Text,
        ..settings
    };
    let mut text_output = String::new();
    if let Err(message) = line::clean_line_into(&mut text_output, data, None, &text_settings) {
        panic!("the JSON shape cleaned the line, the text shape did not: {message}");
    }
    let Ok(Value::Object(text_back)) = serde_json::from_str::<Value>(&text_output) else {
        panic!("text-shape output is not a JSON object: {text_output}");
    };
    assert_eq!(text_back.get("text"), back.get("text"), "text shape: other text");
    assert_eq!(text_back.get("title"), back.get("title"), "text shape: other title");
    assert!(text_back.get("blocks").is_none(), "text shape: blocks written");
});
