//! The JSON of one line, at the speed of memory: its object taken apart
//! into members, its strings found, decoded and escaped.
//!
//! serde_json reads a string a byte at a time (a table look-up each) to
//! find its end, and a line's document is nearly all of the line. Here the
//! bytes a string cannot hold as they are (a quote, a backslash, a control
//! character) are found sixteen at a time, with SSE2 (through `wide`), and
//! everything between them is copied whole.
//!
//! [`parse_object`] takes on the lines of a batch, an object of strings,
//! numbers and the like, and answers `None` for anything else: the caller
//! (`line.rs`) then asks serde_json, whose parse is the reference for what
//! this one accepts and what it gives (the tests and the `jsonl` fuzz target
//! compare the two), and whose errors say what is wrong with a line.

use serde_json::value::RawValue;
use wide::{i8x16, CmpEq, CmpLt};

/// The position of the first byte at or after `from` that a JSON string
/// cannot hold as it is, a quote, a backslash or a control character
/// (below 0x20); `bytes.len()` if there is none.
fn special_at(bytes: &[u8], from: usize) -> usize {
    let mut at = from;
    while let Some(chunk) = bytes.get(at..).and_then(<[u8]>::first_chunk::<16>) {
        let lanes = i8x16::new(chunk.map(|byte| byte as i8));
        // `0..0x20` as one signed comparison: adding 128 (wrapping) moves
        // it, and only it, to `-128..-96`.
        let control = (lanes + i8x16::splat(i8::MIN)).cmp_lt(i8x16::splat(-96));
        let quote = lanes.cmp_eq(i8x16::splat(b'"' as i8));
        let backslash = lanes.cmp_eq(i8x16::splat(b'\\' as i8));
        let found = (control | quote | backslash).move_mask();
        if found != 0 {
            return at + found.trailing_zeros() as usize;
        }
        at += 16;
    }
    let rest = bytes.get(at..).unwrap_or_default();
    rest.iter()
        .position(|&byte| byte < 0x20 || byte == b'"' || byte == b'\\')
        .map_or(bytes.len(), |found| at + found)
}

/// The end (the position after the closing quote) of the JSON string whose
/// opening quote is at `at`, checked as serde_json checks a string it skips:
/// no control character, every escape one of JSON's (a `\u` escape needs
/// four hex digits, but may be a lone surrogate). `None` if it is not such
/// a string.
fn string_end(bytes: &[u8], at: usize) -> Option<usize> {
    if bytes.get(at) != Some(&b'"') {
        return None;
    }
    let mut at = at + 1;
    loop {
        at = special_at(bytes, at);
        match *bytes.get(at)? {
            b'"' => return Some(at + 1),
            b'\\' => match *bytes.get(at + 1)? {
                b'u' => {
                    hex_escape(bytes, at + 2)?;
                    at += 6;
                }
                byte => {
                    one_byte_escape(byte)?;
                    at += 2;
                }
            },
            // A control character.
            _ => return None,
        }
    }
}

/// The position of the first byte at or after `at` that is not JSON's
/// white space.
fn skip_space(bytes: &[u8], at: usize) -> usize {
    let rest = bytes.get(at..).unwrap_or_default();
    at + rest
        .iter()
        .position(|byte| !matches!(byte, b' ' | b'\t' | b'\n' | b'\r'))
        .unwrap_or(rest.len())
}

/// The end of the value at `at` that is no string (a number, `true`,
/// `false`, `null`, an array or an object), as serde_json reads it; `None`
/// if serde_json refuses it. (serde_json skips a raw value without
/// recursion, so it sets no limit to how deeply arrays and objects nest in
/// it, here or in its parse of the whole line.)
fn other_value_end(line: &str, at: usize) -> Option<usize> {
    let mut values = serde_json::Deserializer::from_str(line.get(at..)?).into_iter::<&RawValue>();
    values.next()?.ok()?;
    Some(at + values.byte_offset())
}

/// The members of a JSON object in order, each value the raw JSON text the
/// line has for it (borrowed, not copied).
pub type Members<'a> = Vec<(String, &'a str)>;

/// Takes apart the object that is the whole of `line` (white space around
/// it aside): its members, and the document, the string of the first member
/// named `field`, decoded. What serde_json's parse gives, or `None` where
/// this parse does not take the line on (the caller then asks serde_json):
/// not an object, not well formed, the field missing or no string, or a
/// string that cannot be decoded.
///
/// The strings are checked here, by [`string_end`] and [`decode_string`];
/// any other value (number, literal, array, object) by serde_json.
pub fn parse_object<'a>(line: &'a str, field: &str) -> Option<(Members<'a>, String)> {
    let bytes = line.as_bytes();
    let mut at = skip_space(bytes, 0);
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    at = skip_space(bytes, at + 1);
    let mut members = Vec::with_capacity(4);
    let mut source = None;
    loop {
        // Found, then decoded: a key is short, and `decode_string` would
        // make room for the rest of the line.
        let key_end = string_end(bytes, at)?;
        let key = decode_json_str(line.get(at..key_end)?)?;
        at = skip_space(bytes, key_end);
        if bytes.get(at) != Some(&b':') {
            return None;
        }
        at = skip_space(bytes, at + 1);
        let is_document = source.is_none() && key == field;
        let value_end = match bytes.get(at) {
            Some(b'"') if is_document => {
                let (document, end) = decode_string(line, at)?;
                source = Some(document);
                end
            }
            Some(b'"') => string_end(bytes, at)?,
            // A field that is no string is for serde_json to describe.
            _ if is_document => return None,
            _ => other_value_end(line, at)?,
        };
        members.push((key, line.get(at..value_end)?));
        at = skip_space(bytes, value_end);
        match bytes.get(at) {
            Some(b',') => at = skip_space(bytes, at + 1),
            Some(b'}') => break,
            _ => return None,
        }
    }
    if skip_space(bytes, at + 1) != bytes.len() {
        return None;
    }
    Some((members, source?))
}

/// The string that `raw`, a JSON string with its quotes, stands for: what
/// `serde_json::from_str::<String>(raw)` gives (the tests compare), or
/// `None` where that fails (a control character, a bad escape, a lone
/// surrogate) or `raw` is no string.
pub fn decode_json_str(raw: &str) -> Option<String> {
    match decode_string(raw, 0)? {
        (decoded, end) if end == raw.len() => Some(decoded),
        _ => None,
    }
}

/// The string that the JSON string whose opening quote is at `at` of
/// `text` stands for, and its end (the position after the closing quote);
/// `None` if there is no such string, or it cannot be decoded (a control
/// character, a bad escape, a lone surrogate). The string is found, checked
/// and decoded in one pass: the runs between the bytes [`special_at`]
/// stops at, most of a document, are copied whole.
fn decode_string(text: &str, at: usize) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    if bytes.get(at) != Some(&b'"') {
        return None;
    }
    // The rest of the text holds the string, and no escape decodes to more
    // bytes than it takes: one allocation, given back below if the string
    // was much shorter (another long field followed it).
    let mut out = String::with_capacity(bytes.len() - at - 1);
    let mut run = at + 1;
    loop {
        let at = special_at(bytes, run);
        // The run ends before an ASCII byte: a character boundary.
        out.push_str(text.get(run..at)?);
        match *bytes.get(at)? {
            b'"' => {
                if out.capacity() - out.len() > out.len() / 4 + 64 {
                    out.shrink_to_fit();
                }
                return Some((out, at + 1));
            }
            b'\\' => {
                let (decoded, next) = unescape(bytes, at)?;
                out.push(decoded);
                run = next;
            }
            // A control character.
            _ => return None,
        }
    }
}

/// The character that the escape at `at` (its backslash) stands for, and
/// the position after it; a `\u` escape of a high surrogate takes the low
/// one after it. `None` for a bad escape or a lone surrogate.
fn unescape(bytes: &[u8], at: usize) -> Option<(char, usize)> {
    match *bytes.get(at + 1)? {
        b'u' => {
            let unit = hex_escape(bytes, at + 2)?;
            match unit {
                // A high surrogate needs a low one in the next escape.
                0xD800..=0xDBFF => {
                    if bytes.get(at + 6..at + 8)? != b"\\u" {
                        return None;
                    }
                    let low = hex_escape(bytes, at + 8)?;
                    if !(0xDC00..=0xDFFF).contains(&low) {
                        return None;
                    }
                    let c = char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))?;
                    Some((c, at + 12))
                }
                // `char::from_u32` refuses a lone low surrogate.
                _ => Some((char::from_u32(unit)?, at + 6)),
            }
        }
        byte => Some((one_byte_escape(byte)?, at + 2)),
    }
}

/// The character that a backslash and `byte` stand for, for every escape
/// of JSON's but `\u`; `None` if JSON has no such escape.
fn one_byte_escape(byte: u8) -> Option<char> {
    Some(match byte {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        _ => return None,
    })
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

/// `text` as a JSON string, quoted and escaped, appended to `out`: what
/// `serde_json` writes for it, byte for byte (the tests compare), but with
/// the runs that need no escape, in prose nearly all of it, found sixteen
/// bytes a step (`serde_json` looks every byte up in a table).
pub fn push_json_str(out: &mut String, text: &str) {
    // Room for the quotes and an escape every sixteen bytes, more than
    // prose needs (a `\n` a paragraph).
    out.reserve(text.len() + text.len() / 16 + 2);
    out.push('"');
    let bytes = text.as_bytes();
    // `text[start..]` is not written yet.
    let mut start = 0;
    loop {
        let at = special_at(bytes, start);
        // A run of plain bytes ends before an ASCII byte: a character boundary.
        out.push_str(text.get(start..at).unwrap_or_default());
        let Some(&byte) = bytes.get(at) else {
            break;
        };
        match byte {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            _ => out.push_str(&format!("\\u{byte:04x}")),
        }
        start = at + 1;
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

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
    /// that needs an escape, at every offset from the sixteen-byte steps,
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

    /// The finder stops at every byte a string cannot hold, wherever it
    /// falls from the sixteen-byte steps, and at the end if there is none.
    #[test]
    fn every_special_byte_is_found_at_every_offset() {
        for special in (0u8..0x20).chain([b'"', b'\\']) {
            for len in 0..40 {
                for at in 0..=len {
                    let mut bytes = vec![b'a'; len];
                    // Bytes beyond ASCII and DEL are plain.
                    for (i, byte) in bytes.iter_mut().enumerate() {
                        *byte = [b'a', 0xC3, 0x7F, b' ', 0xFF][i % 5];
                    }
                    if at < len {
                        bytes[at] = special;
                    }
                    for from in 0..=at {
                        assert_eq!(special_at(&bytes, from), at, "{special} at {at} of {len}");
                    }
                }
            }
        }
    }
}
