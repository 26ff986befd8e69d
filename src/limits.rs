//! Caps that keep every stage linear (see [`Config`](crate::Config)).
//!
//! Two of them run before any real work, in one pass over the raw input:
//! the count of non-blank lines (text mode's upper bound on blocks) and the
//! nesting guard for HTML.
//!
//! # Why HTML nesting needs a guard before parsing
//!
//! The HTML parser's tree builder checks the stack of open elements on many
//! start tags (a `<div>` first asks whether a `<p>` is open "in button scope",
//! which walks the stack down to the root). With the elements nested `n` deep,
//! `n` such tags cost `n²`: 20 000 nested `<div>`s take seconds, 100 000 take
//! minutes. Capping the depth of the tree walk afterwards is too late, so the
//! guard runs on the bytes before the parser sees them: past
//! [`Config::max_dom_depth`](crate::Config::max_dom_depth) open elements, a
//! further start tag (and later its matching end tag) is replaced by a space.
//! The text inside is kept; only the nesting is lost. A page that never nests
//! that deep is passed on untouched, without a copy.
//!
//! The guard is a lexer, not a parser: it knows comments, doctypes, quoted
//! attribute values, raw-text elements (`<script>`, `<style>` …), void
//! elements and the elements the parser closes by itself (`<p>`, `<li>`,
//! `<td>` …, which it does not count, because unclosed ones do not nest).
//! Where it misjudges, it errs towards counting too deep, which costs a page
//! some structure, never its text. It works on bytes: tags are ASCII in every
//! encoding a page can declare in ASCII; UTF-16 (with a BOM) is converted first.

use std::borrow::Cow;
use std::collections::HashMap;

/// Lines with a visible byte: an upper bound on the blocks text mode makes
/// (lines of only whitespace or control characters make none). One pass over
/// the bytes, no allocation.
pub(crate) fn count_nonblank_lines(text: &str) -> usize {
    // Line breaks are found with memchr, and a line's scan for a visible
    // byte stops at the first one (most lines start with one): the count
    // costs little more than the search for the breaks.
    let bytes = text.as_bytes();
    let visible = |line: &[u8]| line.iter().any(|&b| !matches!(b, 0..=0x20 | 0x7f));
    let mut count = 0usize;
    let mut start = 0usize;
    for end in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        count += usize::from(visible(bytes.get(start..end).unwrap_or_default()));
        start = end + 1;
    }
    count + usize::from(visible(bytes.get(start..).unwrap_or_default()))
}

/// Elements that never have content.
const VOID: &[&[u8]] = &[
    b"area",
    b"base",
    b"basefont",
    b"bgsound",
    b"br",
    b"col",
    b"embed",
    b"frame",
    b"hr",
    b"image",
    b"img",
    b"input",
    b"keygen",
    b"link",
    b"meta",
    b"param",
    b"source",
    b"track",
    b"wbr",
];

/// Elements the parser closes without an end tag when a sibling starts (or
/// that it never nests): counting them would take a list of unclosed `<li>`s
/// for deep nesting.
const SELF_CLOSING: &[&[u8]] = &[
    b"html",
    b"head",
    b"body",
    b"p",
    b"li",
    b"dt",
    b"dd",
    b"option",
    b"optgroup",
    b"tr",
    b"td",
    b"th",
    b"thead",
    b"tbody",
    b"tfoot",
    b"caption",
    b"colgroup",
    b"rb",
    b"rp",
    b"rt",
    b"rtc",
];

/// Elements kept even past the cap, for what they mean (a heading is a
/// title candidate, a link counts for link density). The parser never nests
/// them in themselves (a new heading or link closes the open one first), so
/// they cannot build depth.
const KEEP_PAST_CAP: &[&[u8]] = &[b"h1", b"h2", b"h3", b"h4", b"h5", b"h6", b"a"];

/// Elements whose content is text up to their own end tag.
const RAW_TEXT: &[&[u8]] = &[
    b"script",
    b"style",
    b"textarea",
    b"title",
    b"xmp",
    b"iframe",
    b"noembed",
    b"noframes",
    b"noscript",
];

/// Elements inside which `<x/>` closes `x` (SVG and MathML).
const FOREIGN: &[&[u8]] = &[b"svg", b"math"];

/// Returns `html` with its element nesting capped at `max_depth`; see the module docs.
pub(crate) fn cap_nesting(html: &[u8], max_depth: usize) -> Cow<'_, [u8]> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(html) {
        if encoding != encoding_rs::UTF_8 {
            // UTF-16: tags are not ASCII bytes. Re-encode as UTF-8 with a BOM,
            // which the HTML decoder honours like any BOM.
            let body = html.get(bom_len..).unwrap_or_default();
            let text = encoding.decode_without_bom_handling(body).0;
            return match Guard::new(text.as_bytes(), max_depth).run() {
                Cow::Borrowed(_) => Cow::Borrowed(html),
                Cow::Owned(capped) => {
                    let mut out = b"\xEF\xBB\xBF".to_vec();
                    out.extend_from_slice(&capped);
                    Cow::Owned(out)
                }
            };
        }
    }
    Guard::new(html, max_depth).run()
}

struct Guard<'a> {
    html: &'a [u8],
    max_depth: usize,
    /// Elements open (by the guard's reckoning), by lower-case name.
    open: HashMap<Vec<u8>, usize>,
    /// Start tags removed whose end tags are still to be removed, by name.
    removed: HashMap<Vec<u8>, usize>,
    depth: usize,
    /// Open `<svg>`/`<math>` elements.
    foreign: usize,
    /// The output, once something was removed; `copied` bytes of `html` are in it.
    out: Option<Vec<u8>>,
    copied: usize,
}

/// A tag the lexer found.
struct Tag {
    name: Vec<u8>,
    self_closing: bool,
    /// Byte range of the whole tag, `<` to `>` included.
    start: usize,
    stop: usize,
}

impl<'a> Guard<'a> {
    fn new(html: &'a [u8], max_depth: usize) -> Guard<'a> {
        Guard {
            html,
            max_depth,
            open: HashMap::new(),
            removed: HashMap::new(),
            depth: 0,
            foreign: 0,
            out: None,
            copied: 0,
        }
    }

    fn run(mut self) -> Cow<'a, [u8]> {
        let html = self.html;
        let mut at = 0usize;
        while let Some(offset) = memchr::memchr(b'<', html.get(at..).unwrap_or_default()) {
            let lt = at + offset;
            let rest = html.get(lt + 1..).unwrap_or_default();
            at = match rest.first() {
                Some(b'!') if rest.starts_with(b"!--") => skip_past(html, lt + 4, b"-->"),
                Some(b'!' | b'?') => skip_past(html, lt + 1, b">"),
                Some(b'/') => match self.tag(lt, true) {
                    Some(tag) => {
                        let stop = tag.stop;
                        self.end_tag(tag);
                        stop
                    }
                    None => lt + 1,
                },
                Some(c) if c.is_ascii_alphabetic() => match self.tag(lt, false) {
                    Some(tag) => {
                        let stop = tag.stop;
                        let name = tag.name.clone();
                        self.start_tag(tag);
                        if name.as_slice() == b"plaintext" {
                            // Everything after it is text.
                            break;
                        }
                        if RAW_TEXT.contains(&name.as_slice()) {
                            skip_raw_text(html, stop, &name)
                        } else {
                            stop
                        }
                    }
                    None => lt + 1,
                },
                _ => lt + 1,
            };
        }
        match self.out {
            None => Cow::Borrowed(html),
            Some(mut out) => {
                out.extend_from_slice(html.get(self.copied..).unwrap_or_default());
                Cow::Owned(out)
            }
        }
    }

    /// Lexes the tag starting at `lt` (the `<`).
    fn tag(&self, lt: usize, end: bool) -> Option<Tag> {
        let name_start = lt + if end { 2 } else { 1 };
        let after = self.html.get(name_start..)?;
        let name_len = after
            .iter()
            .position(|b| b.is_ascii_whitespace() || matches!(b, b'/' | b'>'))
            .unwrap_or(after.len());
        if name_len == 0 || !after.first()?.is_ascii_alphabetic() {
            return None;
        }
        let name = after.get(..name_len)?.to_ascii_lowercase();
        // Find the closing `>`, skipping quoted attribute values.
        let mut quote: Option<u8> = None;
        let mut previous = 0u8;
        let mut index = name_start + name_len;
        while let Some(&byte) = self.html.get(index) {
            match quote {
                Some(q) if byte == q => quote = None,
                Some(_) => {}
                None if matches!(byte, b'"' | b'\'') && previous == b'=' => quote = Some(byte),
                None if byte == b'>' => {
                    return Some(Tag {
                        name,
                        self_closing: previous == b'/',
                        start: lt,
                        stop: index + 1,
                    });
                }
                None => {}
            }
            if !byte.is_ascii_whitespace() {
                previous = byte;
            }
            index += 1;
        }
        None
    }

    fn start_tag(&mut self, tag: Tag) {
        let name = tag.name.as_slice();
        if VOID.contains(&name) || SELF_CLOSING.contains(&name) {
            return;
        }
        if tag.self_closing && self.foreign > 0 {
            return;
        }
        if self.depth >= self.max_depth && !KEEP_PAST_CAP.contains(&name) {
            *self.removed.entry(tag.name.clone()).or_default() += 1;
            self.remove(&tag);
            return;
        }
        if FOREIGN.contains(&name) {
            self.foreign += 1;
        }
        self.depth += 1;
        *self.open.entry(tag.name).or_default() += 1;
    }

    fn end_tag(&mut self, tag: Tag) {
        if let Some(count) = self.removed.get_mut(&tag.name).filter(|c| **c > 0) {
            *count -= 1;
            self.remove(&tag);
            return;
        }
        // A stray end tag (nothing of that name open) closes nothing, as in the parser.
        if let Some(count) = self.open.get_mut(&tag.name).filter(|c| **c > 0) {
            *count -= 1;
            self.depth = self.depth.saturating_sub(1);
            if FOREIGN.contains(&tag.name.as_slice()) {
                self.foreign = self.foreign.saturating_sub(1);
            }
        }
    }

    /// Replaces the tag by a space in the output.
    fn remove(&mut self, tag: &Tag) {
        let html = self.html;
        let out = self
            .out
            .get_or_insert_with(|| Vec::with_capacity(html.len()));
        out.extend_from_slice(html.get(self.copied..tag.start).unwrap_or_default());
        out.push(b' ');
        self.copied = tag.stop;
    }
}

/// The index just past the first `needle` at or after `from` (the end if none).
fn skip_past(html: &[u8], from: usize, needle: &[u8]) -> usize {
    let rest = html.get(from..).unwrap_or_default();
    match memchr::memmem::find(rest, needle) {
        Some(found) => from + found + needle.len(),
        None => html.len(),
    }
}

/// The index of the end tag `</name` closing a raw-text element whose content starts at `from`.
fn skip_raw_text(html: &[u8], from: usize, name: &[u8]) -> usize {
    let mut at = from;
    while let Some(offset) = memchr::memmem::find(html.get(at..).unwrap_or_default(), b"</") {
        let lt = at + offset;
        let candidate = html.get(lt + 2..lt + 2 + name.len()).unwrap_or_default();
        if candidate.eq_ignore_ascii_case(name) {
            return lt;
        }
        at = lt + 2;
    }
    html.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn capped(html: &str, depth: usize) -> String {
        String::from_utf8(cap_nesting(html.as_bytes(), depth).into_owned()).unwrap()
    }

    #[test]
    fn shallow_pages_are_not_copied() {
        let html = b"<html><body><div><p>One<p>Two<ul><li>a<li>b</ul></div></body></html>";
        assert!(matches!(cap_nesting(html, 3), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_tags_and_their_end_tags_become_spaces() {
        assert_eq!(
            capped("<div><div><div>x</div>y</div>z</div>", 2),
            "<div><div> x y</div>z</div>"
        );
    }

    #[test]
    fn headings_and_links_past_the_cap_are_kept() {
        // A 2 000-deep page builder's tree lost its <h1> (and so its title)
        // when every tag past the cap was removed.
        assert_eq!(
            capped(
                "<div><div><h1>T</h1><div><a href=x>l</a></div></div></div>",
                1
            ),
            "<div> <h1>T</h1> <a href=x>l</a>  </div>"
        );
    }

    #[test]
    fn unclosed_paragraphs_and_items_do_not_count() {
        let html = "<div>".to_string() + &"<p>para<li>item<td>cell".repeat(1000);
        assert!(matches!(cap_nesting(html.as_bytes(), 2), Cow::Borrowed(_)));
    }

    #[test]
    fn stray_end_tags_do_not_uncount() {
        // `</div>` with no open div closes nothing in the parser, so the spans stay open.
        let html = "<span></div>".repeat(4) + "x";
        assert_eq!(capped(&html, 2), "<span></div><span></div> </div> </div>x");
    }

    #[test]
    fn comments_scripts_and_attributes_are_not_tags() {
        let html = "<div title='<div>' data-x=\"a>b\"><!-- <div><div> --><script>if (a<b) x='<div><div>';</script>x</div>";
        // The div and the script: two levels, nothing more.
        assert!(matches!(cap_nesting(html.as_bytes(), 2), Cow::Borrowed(_)));
    }

    #[test]
    fn self_closing_counts_only_in_svg() {
        let svg = "<svg>".to_string() + &"<path d='M0'/>".repeat(10) + "</svg>";
        assert!(matches!(cap_nesting(svg.as_bytes(), 2), Cow::Borrowed(_)));
        // In HTML `<div/>` opens a div that stays open.
        assert_eq!(capped("<div/><div/><div/>x", 2), "<div/><div/> x");
    }

    #[test]
    fn utf16_is_capped_too() {
        let text = "<div><div><div>x";
        let mut bytes = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let out = cap_nesting(&bytes, 2);
        assert_eq!(&*out, "\u{FEFF}<div><div> x".as_bytes());
    }

    #[test]
    fn nonblank_lines_are_counted() {
        assert_eq!(count_nonblank_lines(""), 0);
        assert_eq!(count_nonblank_lines(" \n\t\r\n\r"), 0);
        assert_eq!(count_nonblank_lines("a\r\nb\rc\n\nd"), 4);
    }
}
