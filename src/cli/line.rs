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
/// as the raw JSON text it was (borrowed from the line, not copied). Only the
/// document's field is decoded, by [`decode_json_str`], so the other fields
/// (often a page's raw HTML beside its text) cost nothing more than the
/// parse's scan, not a decoding and a re-serialisation.
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
    let Parsed { members, source } = parse_line(bytes, &settings.field)?;
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
    let mut added: Vec<(&str, String)> = vec![("text", json_str(&text))];
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
    Ok(write_object(&members, added))
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
    let RawObject(members) = parse_object(bytes).map_err(|err| format!("not valid JSON: {err}"))?;
    // The first member of the name, if there are several.
    let Some((_, raw)) = members.iter().find(|(key, _)| key == field) else {
        return Err(format!(
            "no field {field:?} in the object; name the document's field with --field"
        ));
    };
    if let Some(source) = decode_json_str(raw.get()) {
        return Ok(Parsed { members, source });
    }
    // Not a string, or one that cannot be decoded: serde_json says which.
    let source: String = serde_json::from_str(raw.get()).map_err(|err| {
        match serde_json::from_str::<Value>(raw.get()) {
            Ok(value) => format!("field {field:?} is {}, not a string", describe(&value)),
            // A string serde_json will not decode, such as a lone surrogate.
            Err(_) => format!("field {field:?} cannot be decoded: {err}"),
        }
    })?;
    Ok(Parsed { members, source })
}

/// The object of a whole line (nothing may follow it but white space).
///
/// The line is checked to be UTF-8 whole, by `simdutf8` (many times faster
/// than the standard check, which serde_json makes of each string in turn),
/// and then parsed as a `str`, whose strings need no check. A line that is
/// not UTF-8 is parsed as bytes, so that serde_json names the place.
fn parse_object(bytes: &[u8]) -> serde_json::Result<RawObject<'_>> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(line) => parse_whole(serde_json::Deserializer::from_str(line)),
        Err(_) => parse_whole(serde_json::Deserializer::from_slice(bytes)),
    }
}

/// What [`parse_object`] does with either reader.
fn parse_whole<'a, R: serde_json::de::Read<'a>>(
    mut deserializer: serde_json::Deserializer<R>,
) -> serde_json::Result<RawObject<'a>> {
    let object = RawObject::deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(object)
}

/// The string that `raw`, a JSON string as serde_json leaves a
/// [`RawValue`] (quoted, its escapes well formed, no control character),
/// stands for: what `serde_json::from_str::<String>(raw)` gives (the tests
/// compare), or `None` where that fails (a lone surrogate) or `raw` is no
/// string. Runs without an escape, most of a document, are found by
/// `memchr` and copied whole, into a string of the right size from the
/// start (serde_json's own decoding grows its buffer a doubling at a time
/// and copies the result out).
pub(crate) fn decode_json_str(raw: &str) -> Option<String> {
    let body = raw.strip_prefix('"')?.strip_suffix('"')?;
    let bytes = body.as_bytes();
    // No escape decodes to more bytes than it takes.
    let mut out = String::with_capacity(body.len());
    let mut at = 0;
    loop {
        let rest = bytes.get(at..)?;
        // Escapes often come in runs (a text written with `\u` escapes for
        // every character beyond ASCII): the byte at hand is looked at
        // before `memchr` is called.
        let found = match rest.first() {
            Some(b'\\') => 0,
            _ => match memchr::memchr(b'\\', rest) {
                Some(found) => found,
                None => break,
            },
        };
        let escape = at + found;
        // A backslash is ASCII: the run before it ends on a char boundary.
        out.push_str(body.get(at..escape)?);
        at = escape + 2;
        let decoded = match *bytes.get(escape + 1)? {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = hex_escape(bytes, at)?;
                at += 4;
                match unit {
                    // A high surrogate needs a low one in the next escape.
                    0xD800..=0xDBFF => {
                        if bytes.get(at..at + 2)? != b"\\u" {
                            return None;
                        }
                        let low = hex_escape(bytes, at + 2)?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return None;
                        }
                        at += 6;
                        char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))?
                    }
                    // `char::from_u32` refuses a lone low surrogate.
                    _ => char::from_u32(unit)?,
                }
            }
            _ => return None,
        };
        out.push(decoded);
    }
    out.push_str(body.get(at..)?);
    Some(out)
}

/// The code unit of the four hex digits at `at` of a `\u` escape.
fn hex_escape(bytes: &[u8], at: usize) -> Option<u32> {
    let digits: &[u8; 4] = bytes.get(at..at + 4)?.try_into().ok()?;
    digits.iter().try_fold(0, |unit, &digit| {
        let value = match digit {
            b'0'..=b'9' => digit - b'0',
            b'a'..=b'f' => digit - b'a' + 10,
            b'A'..=b'F' => digit - b'A' + 10,
            _ => return None,
        };
        Some(unit << 4 | u32::from(value))
    })
}

/// `text` as a JSON string (see [`push_json_str`]).
pub fn json_str(text: &str) -> String {
    let mut out = String::new();
    push_json_str(&mut out, text);
    out
}

/// Serialises plain data (strings, numbers, slices and options of them),
/// which cannot fail; `null` stands in should it ever.
pub fn encode<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| String::from("null"))
}

/// Writes the object back: every member as it came, those named in `added`
/// replaced where they stand (later duplicates of the name dropped), new
/// names appended in the order given.
pub fn write_object(members: &[(String, &RawValue)], added: Vec<(&str, String)>) -> String {
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
        push_json_str(out, key);
        out.push(':');
        out.push_str(value);
    };
    for (key, value) in members {
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

/// `text` as a JSON string, quoted and escaped, appended to `out`: what
/// `serde_json` writes for it, byte for byte (the tests compare), but eight
/// bytes a step through the runs that need no escape, which in prose are
/// nearly all of it (`serde_json` looks every byte up in a table).
pub fn push_json_str(out: &mut String, text: &str) {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    /// Whether any of the eight bytes of `word` is below 0x20, a quote or a
    /// backslash: a byte `x` below `n` (for `n` up to 0x80) sets the high
    /// bit of `x - n` where `x` has it clear (the classic zero-byte test,
    /// exact for "any", though not for "which").
    fn needs_escape(word: u64) -> bool {
        let below = |n: u8| word.wrapping_sub(ONES * u64::from(n)) & !word & HIGHS;
        let zero = |w: u64| w.wrapping_sub(ONES) & !w & HIGHS;
        below(0x20) | zero(word ^ (ONES * u64::from(b'"'))) | zero(word ^ (ONES * u64::from(b'\\')))
            != 0
    }
    // Room for the quotes and an escape every sixteen bytes, more than
    // prose needs (a `\n` a paragraph).
    out.reserve(text.len() + text.len() / 16 + 2);
    out.push('"');
    let bytes = text.as_bytes();
    // `text[start..at]` needs no escape and is not written yet.
    let (mut start, mut at) = (0, 0);
    while at < bytes.len() {
        if let Some(chunk) = bytes.get(at..at + 8).and_then(<[u8]>::first_chunk::<8>) {
            if !needs_escape(u64::from_ne_bytes(*chunk)) {
                at += 8;
                continue;
            }
        }
        let Some(&byte) = bytes.get(at) else {
            break;
        };
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..0x20 => "",
            _ => {
                at += 1;
                continue;
            }
        };
        // A run of plain bytes ends before an ASCII byte: a character boundary.
        out.push_str(text.get(start..at).unwrap_or_default());
        if escape.is_empty() {
            out.push_str(&format!("\\u{byte:04x}"));
        } else {
            out.push_str(escape);
        }
        at += 1;
        start = at;
    }
    out.push_str(text.get(start..).unwrap_or_default());
    out.push('"');
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
        parse_object(json.as_bytes()).unwrap().0
    }

    #[test]
    fn written_back_members_keep_their_order_and_raw_form() {
        let m = members(r#"{"b": [1, 2], "text": "old", "a": {"x": 1.50}}"#);
        let out = write_object(
            &m,
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
        let m = members(r#"{"text": "a", "k": 1, "text": "b"}"#);
        assert_eq!(
            write_object(&m, vec![("text", encode("c"))]),
            r#"{"text":"c","k":1}"#
        );
    }

    #[test]
    fn keys_with_escapes_survive() {
        let m = members(r#"{"qu\"ote\u00e9": 1}"#);
        assert_eq!(write_object(&m, vec![]), r#"{"qu\"oteé":1}"#);
    }

    #[test]
    fn the_field_is_decoded_and_errors_say_what_is_wrong() {
        let parsed = parse_line(br#"{"html": "<p>caf\u00e9\n</p>"}"#, "html").unwrap();
        assert_eq!(parsed.source, "<p>café\n</p>");
        let parsed = parse_line(br#"{"id": 7, "text": "caf\u00e9\n"}"#, "text").unwrap();
        assert_eq!(parsed.source, "café\n");
        for field in ["text", "body"] {
            let err = |line: &str| {
                let line = line.replace("FIELD", field);
                parse_line(line.as_bytes(), field).err().unwrap()
            };
            assert!(err("  ").contains("empty line"));
            assert!(err("\"just a string\"").contains("a string, not a JSON object"));
            assert!(err(r#"{"FIELD": null}"#).contains("is null, not a string"));
            assert!(err(r#"{"FIELD": ["a"]}"#).contains("is an array, not a string"));
            assert!(err(r#"{"FIELD": {"a": 1}}"#).contains("is an object, not a string"));
            assert!(err(r#"{"FIELD": -1.5e3}"#).contains("is a number, not a string"));
            assert!(err(r#"{"FIELD": true}"#).contains("is a boolean, not a string"));
            assert!(err(r#"{"FIELD": "a"} trailing"#).contains("not valid JSON"));
            assert!(err(r#"{"FIELD": "a", "x": [1,}"#).contains("not valid JSON"));
            assert!(err(r#"{"other": "a"}"#).contains("no field"));
            let surrogate = err(r#"{"FIELD": "\ud800"}"#);
            assert!(surrogate.contains("cannot be decoded"), "{surrogate}");
        }
    }

    /// The field (the first of its name) decodes to what serde_json decodes
    /// from it, the members are the line's, in order, and written back with
    /// nothing replaced they are the same object, on lines of every shape.
    #[test]
    fn the_field_decodes_as_serde_json_decodes_it() {
        let lines: [(&str, &[&str]); 5] = [
            (r#"{"text": "plain"}"#, &["text"]),
            (
                r#"{"id": 1, "text": "a\nb\t\"q\" \\ \u00e9\ud83d\ude00", "url": "x"}"#,
                &["id", "text", "url"],
            ),
            (
                r#"  {"text": "first", "text": "second"}  "#,
                &["text", "text"],
            ),
            (
                r#"{"meta": {"text": "nested"}, "text": "outer"}"#,
                &["meta", "text"],
            ),
            (r#"{"text": ""}"#, &["text"]),
        ];
        for (line, keys) in lines {
            let parsed = parse_line(line.as_bytes(), "text").unwrap();
            let (_, raw) = parsed.members.iter().find(|(k, _)| k == "text").unwrap();
            let serde_decoded: String = serde_json::from_str(raw.get()).unwrap();
            assert_eq!(parsed.source, serde_decoded, "{line}");
            let parsed_keys: Vec<&str> = parsed.members.iter().map(|(k, _)| k.as_str()).collect();
            assert_eq!(parsed_keys, keys, "{line}");
            // Written back with nothing replaced: the same object.
            assert_eq!(
                serde_json::from_str::<Value>(&write_object(&parsed.members, vec![])).unwrap(),
                serde_json::from_str::<Value>(line).unwrap(),
                "{line}"
            );
        }
        // The first of two members of the name is the document.
        let first = parse_line(br#"{"text": "first", "text": "second"}"#, "text").unwrap();
        assert_eq!(first.source, "first");
    }

    /// `decode_json_str` gives what serde_json gives for every string made
    /// of plain characters, every escape, and `\u` escapes of characters,
    /// surrogate pairs and lone or mismatched surrogates (where both fail).
    #[test]
    fn strings_are_decoded_as_serde_json_decodes_them() {
        let pieces = [
            "a",
            "é",
            "–",
            "\u{1F600}",
            " ",
            r"\n",
            r"\t",
            r"\r",
            r"\b",
            r"\f",
            r"\/",
            r#"\""#,
            r"\\",
            r"\u00e9",
            r"\u00E9",
            r"\u0000",
            r"\u001f",
            r"\u20AC",
            r"\ud83d\ude00",
            r"\uD83D\uDE00",
            r"\ud800",
            r"\udc00",
            r"\ud800\u0041",
            r"\ud800\ud800",
            r"\ud800x",
            r"\udbff\udfff",
            r"\uffff",
            r"\u0041",
        ];
        let mut state = 11u64;
        let mut failures = 0;
        for len in 0..12 {
            for _ in 0..400 {
                let mut raw = String::from('"');
                for _ in 0..len {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    raw.push_str(pieces[(state >> 33) as usize % pieces.len()]);
                }
                raw.push('"');
                let expected = serde_json::from_str::<String>(&raw).ok();
                failures += usize::from(expected.is_none());
                assert_eq!(decode_json_str(&raw), expected, "{raw}");
            }
        }
        // Both outcomes were met many times.
        assert!(failures > 500, "{failures}");
        for not_a_string in ["1", "null", "[]", "{}", "\"", ""] {
            assert_eq!(decode_json_str(not_a_string), None, "{not_a_string}");
        }
    }

    /// `push_json_str` writes what serde_json writes, for every character
    /// that needs an escape, at every offset from the eight-byte steps,
    /// among ASCII and multi-byte characters.
    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let specials: Vec<char> = (0u8..0x20)
            .map(char::from)
            .chain(['"', '\\', '\u{7f}', 'é', '–', '\u{1F600}', ' ', 'a', '/'])
            .collect();
        let mut state = 7u64;
        for len in 0..40 {
            for _ in 0..50 {
                let text: String = (0..len)
                    .map(|_| {
                        state = state
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        let pick = (state >> 33) as usize;
                        if pick.is_multiple_of(3) {
                            specials[pick / 3 % specials.len()]
                        } else {
                            char::from(b'a' + (pick % 26) as u8)
                        }
                    })
                    .collect();
                assert_eq!(
                    json_str(&text),
                    serde_json::to_string(&text).unwrap(),
                    "{text:?}"
                );
            }
        }
    }
}
