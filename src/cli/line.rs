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

use super::json::{self, json_str, push_json_str, Members};

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
    /// Lines longer than this many bytes (without the line end) are refused
    /// (see [`clean_line_into`]).
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

/// A JSON object as serde_json reads the line: its members in order, each
/// value left as the raw JSON text it was (borrowed from the line, not
/// copied). Only the document's field is decoded, by
/// [`json::decode_json_str`], so the other fields (often a page's raw HTML
/// beside its text) cost nothing more than the parse's scan, not a decoding
/// and a re-serialisation.
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

/// Cleans one line: appends to `out` the input object with `text` set to the
/// cleaned text (and `title`, `blocks` on request), or says why it cannot
/// be, having appended nothing.
///
/// `too_long` is the length of a line over [`Settings::line_limit`], whose
/// bytes were not kept.
pub fn clean_line_into(
    out: &mut String,
    bytes: &[u8],
    too_long: Option<u64>,
    settings: &Settings,
) -> Result<(), String> {
    if let Some(length) = too_long {
        return Err(format!(
            "the line is {length} bytes, over the limit of {} bytes; raise --max-input-size to clean it",
            settings.line_limit
        ));
    }
    let Parsed { members, source } = parse_line(bytes, &settings.field)?;
    let field = &settings.field;
    let clean_error = |err: linesift::Error| match err {
        // The command line's name for the limit the library names.
        linesift::Error::TooManyBlocks { .. } => {
            format!("field {field:?}: {err} (--max-blocks)")
        }
        _ => format!("field {field:?}: {err}"),
    };
    let cleaner = &settings.cleaner;
    let mut added: Vec<(&str, String)> = Vec::with_capacity(3);
    match settings.shape {
        Shape::Text => {
            // The text (and title) alone: the library makes them without
            // the document's blocks, which only the other shapes read.
            let article = cleaner
                .article_str(&source, settings.kind)
                .map_err(clean_error)?;
            drop(source);
            added.push(("text", json_str(article.text())));
            if settings.title {
                added.push(("title", encode(&article.title())));
            }
        }
        Shape::Json | Shape::Markdown => {
            let document = cleaner
                .clean_str(&source, settings.kind)
                .map_err(clean_error)?;
            drop(source);
            let text = match settings.shape {
                Shape::Markdown => linesift::render::markdown(&document),
                _ => document.text(),
            };
            added.push(("text", json_str(&text)));
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
        }
    }
    write_object_into(out, &members, added);
    Ok(())
}

/// A line taken apart: its members, and the document decoded from its field.
pub struct Parsed<'a> {
    /// Every member, its value as the raw JSON text of the line.
    pub members: Members<'a>,
    /// The document.
    pub source: String,
}

/// Takes a line apart, or says why it cannot be: empty, not JSON, not an
/// object, no such field, or a field that is not a string.
///
/// The line is checked to be UTF-8 whole, by `simdutf8` (many times faster
/// than the standard check, which serde_json makes of each string in turn),
/// and taken apart by [`json::parse_object`]; a line that is not UTF-8, or
/// that the fast parse does not take on, goes to serde_json
/// ([`parse_line_with_serde`]), which gives the same result where both
/// parse a line (the tests and the `jsonl` fuzz target compare) and names
/// what is wrong where it is.
pub fn parse_line<'a>(bytes: &'a [u8], field: &str) -> Result<Parsed<'a>, String> {
    let line = simdutf8::basic::from_utf8(bytes).ok();
    if let Some((members, source)) = line.and_then(|line| json::parse_object(line, field)) {
        return Ok(Parsed { members, source });
    }
    parse_line_with_serde(bytes, line, field)
}

/// [`parse_line`] by serde_json alone; `line` is `bytes` if they are UTF-8.
pub fn parse_line_with_serde<'a>(
    bytes: &'a [u8],
    line: Option<&'a str>,
    field: &str,
) -> Result<Parsed<'a>, String> {
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
    // A line that is not UTF-8 is parsed as bytes, so that serde_json names the place.
    let parsed = match line {
        Some(line) => parse_whole(serde_json::Deserializer::from_str(line)),
        None => parse_whole(serde_json::Deserializer::from_slice(bytes)),
    };
    let RawObject(members) = parsed.map_err(|err| format!("not valid JSON: {err}"))?;
    let members: Members = members
        .into_iter()
        .map(|(key, value)| (key, value.get()))
        .collect();
    // The first member of the name, if there are several.
    let Some(&(_, raw)) = members.iter().find(|(key, _)| key == field) else {
        return Err(format!(
            "no field {field:?} in the object; name the document's field with --field"
        ));
    };
    if let Some(source) = json::decode_json_str(raw) {
        return Ok(Parsed { members, source });
    }
    // Not a string, or one that cannot be decoded: serde_json says which.
    let source: String = serde_json::from_str(raw).map_err(|err| {
        match serde_json::from_str::<Value>(raw) {
            Ok(value) => format!("field {field:?} is {}, not a string", describe(&value)),
            // A string serde_json will not decode, such as a lone surrogate.
            Err(_) => format!("field {field:?} cannot be decoded: {err}"),
        }
    })?;
    Ok(Parsed { members, source })
}

/// The object of a whole line (nothing may follow it but white space).
fn parse_whole<'a, R: serde_json::de::Read<'a>>(
    mut deserializer: serde_json::Deserializer<R>,
) -> serde_json::Result<RawObject<'a>> {
    let object = RawObject::deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(object)
}

/// Serialises plain data (strings, numbers, slices and options of them),
/// which cannot fail; `null` stands in should it ever.
pub fn encode<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| String::from("null"))
}

/// Writes the object back, appended to `out`: every member as it came, those
/// named in `added` replaced where they stand (later duplicates of the name
/// dropped), new names appended in the order given.
pub fn write_object_into(out: &mut String, members: &[(String, &str)], added: Vec<(&str, String)>) {
    let size = members
        .iter()
        .map(|(k, v)| k.len() + v.len() + 4)
        .sum::<usize>()
        + added
            .iter()
            .map(|(k, v)| k.len() + v.len() + 4)
            .sum::<usize>();
    out.reserve(size + 3);
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
                    member(out, key, &replacement);
                }
            }
            None => member(out, key, value),
        }
    }
    for (key, value) in added {
        if let Some(value) = value {
            member(out, key, &value);
        }
    }
    out.push('}');
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

    fn write_object(members: &[(String, &str)], added: Vec<(&str, String)>) -> String {
        let mut out = String::new();
        write_object_into(&mut out, members, added);
        out
    }

    /// The members of `json`, a line with a `text` field.
    fn members(json: &str) -> Members<'_> {
        parse_line(json.as_bytes(), "text").unwrap().members
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
        let m = members(r#"{"qu\"ote\u00e9": 1, "text": ""}"#);
        assert_eq!(write_object(&m, vec![]), r#"{"qu\"oteé":1,"text":""}"#);
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
            let serde_decoded: String = serde_json::from_str(raw).unwrap();
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

    /// Both parses of a line: [`json::parse_object`] takes on a line if and
    /// only if serde_json parses it, and then gives the same members and the
    /// same document.
    fn assert_parses_agree(line: &str) -> bool {
        let fast = json::parse_object(line, "text");
        let serde = parse_line_with_serde(line.as_bytes(), Some(line), "text");
        match (&fast, &serde) {
            (Some((members, source)), Ok(parsed)) => {
                assert_eq!(members, &parsed.members, "{line}");
                assert_eq!(source, &parsed.source, "{line}");
            }
            (None, Err(_)) => {}
            _ => panic!("fast parse {fast:?}, serde_json {:?}: {line}", serde.err()),
        }
        fast.is_some()
    }

    /// Lines built at random from pieces of every kind, well formed or
    /// not: keys and strings with escapes, lone surrogates and control
    /// characters, numbers and literals good and bad, arrays and objects,
    /// white space of all four kinds, and junk between members.
    #[test]
    fn the_fast_parse_agrees_with_serde_json() {
        // Good pieces and bad, a bad one picked one time in ten.
        let keys = (
            [
                r#""text""#,
                r#""id""#,
                r#""te\u0078t""#,
                r#""qu\"ote""#,
                r#""é""#,
                r#""""#,
            ],
            [r#""\ud800""#, r#""tab	""#, r#""bad\q""#, r#"text"#],
        );
        let values = (
            [
                r#""plain""#,
                r#""a\nb\t\"q\" \\ \/ \b\f\r""#,
                r#""caf\u00e9 \ud83d\ude00""#,
                r#""lone \udc00""#,
                r#""é – 中文""#,
                r#""""#,
                "0",
                "-1.5e3",
                "2E+8",
                "true",
                "null",
                "false",
                "[]",
                r#"[1, "two", {"three": [null]}]"#,
                r#"{"text": "nested"}"#,
                r#"{"k": "}"}"#,
                r#"["]", "\"["]"#,
            ],
            [
                r#""ctrl	char""#,
                r#""unclosed"#,
                r#""bad \x escape""#,
                r#""short \u12""#,
                "01",
                "1.",
                "-",
                "tru",
                r#"{"a": }"#,
                "[1,]",
            ],
        );
        let spaces = ["", " ", "\t", "\n", "\r", "  \r\n "];
        let separators = ([",", ", ", " ,"], [",,", ";", ""]);
        let mut state = 5u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize
        };
        let mut pick = |n: usize| next() % n;
        // One of the good pieces, or one time in ten one of the bad.
        fn one_of<'p, const G: usize, const B: usize>(
            (good, bad): &([&'p str; G], [&'p str; B]),
            roll: usize,
        ) -> &'p str {
            if roll.is_multiple_of(10) {
                bad[roll / 10 % B]
            } else {
                good[roll / 10 % G]
            }
        }
        let (mut taken, mut refused) = (0, 0);
        for _ in 0..20_000 {
            let mut line = String::from(spaces[pick(spaces.len())]);
            line.push('{');
            let members = pick(5);
            for member in 0..members {
                if member > 0 {
                    line.push_str(one_of(&separators, pick(1 << 20)));
                }
                line.push_str(spaces[pick(spaces.len())]);
                line.push_str(one_of(&keys, pick(1 << 20)));
                line.push_str(spaces[pick(spaces.len())]);
                line.push_str(if pick(20) == 0 { "=" } else { ":" });
                line.push_str(spaces[pick(spaces.len())]);
                line.push_str(one_of(&values, pick(1 << 20)));
            }
            line.push_str(spaces[pick(spaces.len())]);
            line.push_str(one_of(&(["}"], ["} x", "}}", ""]), pick(1 << 20)));
            line.push_str(spaces[pick(spaces.len())]);
            if assert_parses_agree(&line) {
                taken += 1;
            } else {
                refused += 1;
            }
        }
        // Both outcomes were met many times.
        assert!(
            taken > 1000 && refused > 1000,
            "{taken} taken, {refused} refused"
        );
    }

    /// Arrays and objects nested deeply in a member: serde_json skips a raw
    /// value without recursion, and takes the line at any depth; so does
    /// the fast parse, with the same members.
    #[test]
    fn the_parses_agree_on_deep_nesting() {
        for depth in [1, 126, 127, 128, 10_000, 100_000] {
            for (open, close) in [("[", "]"), ("{\"k\":", "}")] {
                let value = format!("{}1{}", open.repeat(depth), close.repeat(depth));
                let line = format!(r#"{{"deep": {value}, "text": "x"}}"#);
                assert!(assert_parses_agree(&line), "{depth}");
            }
        }
    }
}
