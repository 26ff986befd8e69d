//! One JSON line: parse it, clean the document in it, write the object back.
//!
//! Kept apart from the streaming in `jsonl.rs`, with no tie to the rest of
//! the command, so that `benches/batch.rs` can measure exactly this code.

use std::borrow::Cow;

use linesift::{Cleaner, InputKind};
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

/// How the cleaned document is written into the object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `text`: the article text.
    Text,
    /// `text`, `title`, and `blocks` with every block's label, score and reasons.
    Json,
    /// `text`: the article as Markdown.
    Markdown,
}

/// What to do with every line.
pub struct Settings {
    /// The cleaner (its limit is `--max-input-size`).
    pub cleaner: Cleaner,
    /// `--input`, applied to each document.
    pub kind: InputKind,
    /// `--field`: where the document is.
    pub field: String,
    /// `--output`.
    pub shape: Shape,
    /// `--title`: add a `title` field.
    pub title: bool,
    /// Lines longer than this many bytes are refused (see [`clean_line`]).
    pub line_limit: u64,
}

/// The output object of a line that could not be cleaned.
pub fn error_line(message: &str, number: u64, name: Option<&str>) -> String {
    let mut object = Map::new();
    object.insert("error".into(), Value::String(message.to_string()));
    object.insert("line".into(), Value::from(number));
    if let Some(name) = name {
        object.insert("file".into(), Value::String(name.to_string()));
    }
    Value::Object(object).to_string()
}

/// A JSON object as the line has it: its members in order, each value left
/// as the raw JSON text it was. Only the document's field is decoded, so the
/// other fields (often a page's raw HTML beside its text) cost a copy, not a
/// parse and a re-serialisation.
struct RawObject<'a>(Vec<(String, &'a RawValue)>);

impl<'de> Deserialize<'de> for RawObject<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Members;
        impl<'de> Visitor<'de> for Members {
            type Value = RawObject<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut members = Vec::with_capacity(map.size_hint().unwrap_or(4));
                while let Some(member) = map.next_entry::<String, &'de RawValue>()? {
                    members.push(member);
                }
                Ok(RawObject(members))
            }
        }
        deserializer.deserialize_map(Members)
    }
}

/// One block of `--output json`.
#[derive(Serialize)]
struct BlockOut<'a> {
    label: &'a str,
    score: f32,
    reasons: &'a [Cow<'static, str>],
    text: &'a str,
}

/// Cleans one line: the input object with `text` set to the cleaned text (and
/// `title`, `blocks` on request), or the reason it cannot be.
///
/// `too_long` is the length of a line over [`Settings::line_limit`], whose
/// bytes were not kept.
pub fn clean_line(
    bytes: &[u8],
    too_long: Option<u64>,
    settings: &Settings,
) -> Result<String, String> {
    if let Some(length) = too_long {
        return Err(format!(
            "the line is {length} bytes, over the limit of {} bytes; raise --max-input-size to clean it",
            settings.line_limit
        ));
    }
    let Parsed {
        mut members,
        source,
    } = parse_line(bytes, &settings.field)?;
    let field = &settings.field;
    let document = settings
        .cleaner
        .clean_str(&source, settings.kind)
        .map_err(|err| match err {
            // The command line's name for the limit the library names.
            linesift::Error::TooManyBlocks { .. } => {
                format!("field {field:?}: {err} (--max-blocks)")
            }
            _ => format!("field {field:?}: {err}"),
        })?;
    drop(source);
    let text = match settings.shape {
        Shape::Markdown => linesift::render::markdown(&document),
        Shape::Text | Shape::Json => document.text(),
    };
    let mut added: Vec<(&str, String)> = vec![("text", encode(&text))];
    if settings.title || settings.shape == Shape::Json {
        added.push(("title", encode(&document.title())));
    }
    if settings.shape == Shape::Json {
        let blocks: Vec<BlockOut> = document
            .blocks()
            .iter()
            .map(|block| BlockOut {
                label: block.label().as_str(),
                score: block.score(),
                reasons: block.reasons(),
                text: block.text(),
            })
            .collect();
        added.push(("blocks", encode(&blocks)));
    }
    Ok(write_object(&mut members, added))
}

/// A line taken apart: its members, and the document decoded from its field.
pub struct Parsed<'a> {
    /// Every member, its value as raw JSON.
    pub members: Vec<(String, &'a RawValue)>,
    /// The document.
    pub source: String,
}

/// Takes a line apart, or says why it cannot be: empty, not JSON, not an
/// object, no such field, or a field that is not a string.
pub fn parse_line<'a>(bytes: &'a [u8], field: &str) -> Result<Parsed<'a>, String> {
    match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
        None => {
            return Err(String::from(
                "empty line; expected a JSON object with the document in it",
            ))
        }
        Some(b'{') => {}
        Some(_) => {
            // Not an object: parse it only to say what it is.
            return Err(match serde_json::from_slice::<Value>(bytes) {
                Ok(value) => format!("the line is {}, not a JSON object", describe(&value)),
                Err(err) => format!("not valid JSON: {err}"),
            });
        }
    }
    let RawObject(members) =
        serde_json::from_slice(bytes).map_err(|err| format!("not valid JSON: {err}"))?;
    let Some((_, raw)) = members.iter().find(|(key, _)| key == field) else {
        return Err(format!(
            "no field {field:?} in the object; name the document's field with --field"
        ));
    };
    let source: String = serde_json::from_str(raw.get()).map_err(|err| {
        match serde_json::from_str::<Value>(raw.get()) {
            Ok(value) => format!("field {field:?} is {}, not a string", describe(&value)),
            // A string serde_json will not decode, such as a lone surrogate.
            Err(_) => format!("field {field:?} cannot be decoded: {err}"),
        }
    })?;
    Ok(Parsed { members, source })
}

/// Serialises plain data (strings, numbers, slices and options of them),
/// which cannot fail; `null` stands in should it ever.
pub fn encode<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| String::from("null"))
}

/// Writes the object back: every member as it came, those named in `added`
/// replaced where they stand (later duplicates of the name dropped), new
/// names appended in the order given.
pub fn write_object(members: &mut [(String, &RawValue)], added: Vec<(&str, String)>) -> String {
    let size = members
        .iter()
        .map(|(k, v)| k.len() + v.get().len() + 4)
        .sum::<usize>()
        + added
            .iter()
            .map(|(k, v)| k.len() + v.len() + 4)
            .sum::<usize>();
    let mut out = String::with_capacity(size + 2);
    let mut added: Vec<(&str, Option<String>)> =
        added.into_iter().map(|(k, v)| (k, Some(v))).collect();
    out.push('{');
    let mut first = true;
    let mut member = |out: &mut String, key: &str, value: &str| {
        if !first {
            out.push(',');
        }
        first = false;
        out.push_str(&encode(key));
        out.push(':');
        out.push_str(value);
    };
    for (key, value) in members.iter() {
        match added.iter_mut().find(|(name, _)| name == key) {
            Some((_, replacement)) => {
                // The first member of this name gets the new value; a
                // duplicate of it is dropped rather than left stale.
                if let Some(replacement) = replacement.take() {
                    member(&mut out, key, &replacement);
                }
            }
            None => member(&mut out, key, value.get()),
        }
    }
    for (key, value) in added {
        if let Some(value) = value {
            member(&mut out, key, &value);
        }
    }
    out.push('}');
    out
}

/// "an array", "a number"… for messages.
fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn members(json: &str) -> Vec<(String, &RawValue)> {
        serde_json::from_str::<RawObject>(json).unwrap().0
    }

    #[test]
    fn written_back_members_keep_their_order_and_raw_form() {
        let mut m = members(r#"{"b": [1, 2], "text": "old", "a": {"x": 1.50}}"#);
        let out = write_object(
            &mut m,
            vec![("text", encode("new")), ("title", encode(&None::<&str>))],
        );
        // Raw values come back byte for byte (1.50 stays 1.50); the new name goes last.
        assert_eq!(
            out,
            r#"{"b":[1, 2],"text":"new","a":{"x": 1.50},"title":null}"#
        );
    }

    #[test]
    fn duplicate_names_are_replaced_once() {
        let mut m = members(r#"{"text": "a", "k": 1, "text": "b"}"#);
        assert_eq!(
            write_object(&mut m, vec![("text", encode("c"))]),
            r#"{"text":"c","k":1}"#
        );
    }

    #[test]
    fn keys_with_escapes_survive() {
        let mut m = members(r#"{"qu\"ote\u00e9": 1}"#);
        assert_eq!(write_object(&mut m, vec![]), r#"{"qu\"oteé":1}"#);
    }

    #[test]
    fn the_field_is_decoded_and_errors_say_what_is_wrong() {
        let parsed = parse_line(br#"{"html": "<p>caf\u00e9\n</p>"}"#, "html").unwrap();
        assert_eq!(parsed.source, "<p>café\n</p>");
        let err = |line: &[u8]| parse_line(line, "text").err().unwrap();
        assert!(err(b"  ").contains("empty line"));
        assert!(err(b"\"just a string\"").contains("a string, not a JSON object"));
        assert!(err(b"{\"text\": null}").contains("is null, not a string"));
        assert!(err(b"{\"text\": [\"a\"]}").contains("is an array, not a string"));
        assert!(err(b"{\"text\": \"a\"} trailing").contains("not valid JSON"));
        let surrogate = err(br#"{"text": "\ud800"}"#);
        assert!(surrogate.contains("cannot be decoded"), "{surrogate}");
    }
}
