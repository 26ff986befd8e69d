//! Caps that keep every stage linear (see [`Config`](crate::Config)).
//!
//! Two of them run before any real work, in one pass over the input: the
//! count of non-blank lines (text mode's upper bound on blocks) and the
//! nesting guard for HTML (on the decoded page, before the parser).
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
//! some structure, never its text. It runs on the decoded page (so UTF-16
//! and every legacy encoding look alike to it) and works on its bytes: tags
//! are ASCII.
//!
//! The same pass empties the raw text the DOM walk never reads (scripts and
//! styles, half the bytes of a typical page), so that the parser does not
//! tokenize and copy it: see [`prepare_html`].

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

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

/// What the guard needs to know about a tag name (bit flags).
mod kind {
    /// Never has content.
    pub const VOID: u16 = 1;
    /// Closed by the parser without an end tag when a sibling starts (or
    /// never nested in itself): counting them would take a list of unclosed
    /// `<li>`s for deep nesting.
    pub const SELF_CLOSING: u16 = 1 << 1;
    /// Kept even past the cap, for what it means (a heading is a title
    /// candidate, a link counts for link density). The parser never nests
    /// them in themselves (a new heading or link closes the open one first),
    /// so they cannot build depth. Raw-text elements are kept too: their
    /// content is text up to their own end tag, so they cannot build depth
    /// either, and removing one would turn a script's code into page text.
    pub const KEEP_PAST_CAP: u16 = 1 << 2;
    /// Content is text up to the element's own end tag.
    pub const RAW_TEXT: u16 = 1 << 3;
    /// Inside it `<x/>` closes `x` (SVG and MathML).
    pub const FOREIGN: u16 = 1 << 4;
    /// Everything after it is text.
    pub const PLAINTEXT: u16 = 1 << 5;
    /// Raw text the DOM walk never reads (`<script>` other than JSON-LD,
    /// `<style>`, `<noscript>` — raw text since the parser runs with
    /// scripting on — and `<iframe>`): emptied before parsing.
    pub const UNREAD: u16 = 1 << 6;
    /// `<select>`: inside it the parser ignores `<style>`, `<iframe>` and
    /// `<noscript>` start tags and parses what follows them as markup, so
    /// nothing is emptied there.
    pub const SELECT: u16 = 1 << 7;
}

/// The [`kind`] flags of a lower-case tag name.
fn kind_of(name: &[u8]) -> u16 {
    use kind::*;
    match name {
        b"area" | b"base" | b"basefont" | b"bgsound" | b"br" | b"col" | b"embed" | b"frame"
        | b"hr" | b"image" | b"img" | b"input" | b"keygen" | b"link" | b"meta" | b"param"
        | b"source" | b"track" | b"wbr" => VOID,
        b"html" | b"head" | b"body" | b"p" | b"li" | b"dt" | b"dd" | b"option" | b"optgroup"
        | b"tr" | b"td" | b"th" | b"thead" | b"tbody" | b"tfoot" | b"caption" | b"colgroup"
        | b"rb" | b"rp" | b"rt" | b"rtc" => SELF_CLOSING,
        b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" | b"a" => KEEP_PAST_CAP,
        b"script" | b"style" | b"noscript" | b"iframe" => RAW_TEXT | KEEP_PAST_CAP | UNREAD,
        b"textarea" | b"title" | b"xmp" | b"noembed" | b"noframes" => RAW_TEXT | KEEP_PAST_CAP,
        b"svg" | b"math" => FOREIGN,
        b"plaintext" => PLAINTEXT,
        b"select" => SELECT,
        _ => 0,
    }
}

/// Prepares a decoded page for the parser, in one pass over its bytes: caps
/// element nesting at `max_depth` (see the module docs) and empties the raw
/// text nobody reads (see [`kind::UNREAD`]: scripts and styles are half the
/// bytes of a typical page, and the parser would otherwise copy them into the
/// tree). Returns the page untouched, without a copy, when there is nothing
/// to do.
pub(crate) fn prepare_html(html: &str, max_depth: usize) -> Cow<'_, str> {
    Guard::new(html, max_depth).run()
}

/// Counts by tag name, keyed by a hash of the lower-case name, so that no tag
/// costs an allocation. Two names with the same 64-bit hash would share a
/// count; that can only make the guard count too deep, which costs structure,
/// never text.
type Counts = HashMap<u64, usize, BuildHasherDefault<NameHash>>;

/// The map's hasher: the key already is a hash.
#[derive(Default)]
struct NameHash(u64);

impl Hasher for NameHash {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

struct Guard<'a> {
    html: &'a str,
    max_depth: usize,
    /// Elements open (by the guard's reckoning), by name.
    open: Counts,
    /// Start tags removed whose end tags are still to be removed, by name.
    removed: Counts,
    depth: usize,
    /// Open `<svg>`/`<math>` elements.
    foreign: usize,
    /// Open `<select>` elements.
    select: usize,
    /// The output, once something was removed; `copied` bytes of `html` are in it.
    out: Option<String>,
    copied: usize,
}

/// The longest tag name [`kind_of`] knows.
const MAX_KNOWN_NAME: usize = 10;

/// A tag the lexer found.
#[derive(Clone, Copy)]
struct Tag {
    /// FNV-1a hash of the lower-case name.
    key: u64,
    /// The name's [`kind`] flags.
    kind: u16,
    self_closing: bool,
    /// Byte range of the whole tag, `<` to `>` included.
    start: usize,
    stop: usize,
    /// Byte range of the name.
    name_start: usize,
    name_stop: usize,
}

impl<'a> Guard<'a> {
    fn new(html: &'a str, max_depth: usize) -> Guard<'a> {
        Guard {
            html,
            max_depth,
            open: Counts::default(),
            removed: Counts::default(),
            depth: 0,
            foreign: 0,
            select: 0,
            out: None,
            copied: 0,
        }
    }

    fn run(mut self) -> Cow<'a, str> {
        let html = self.html.as_bytes();
        let mut at = 0usize;
        while let Some(offset) = memchr::memchr(b'<', html.get(at..).unwrap_or_default()) {
            let lt = at + offset;
            let rest = html.get(lt + 1..).unwrap_or_default();
            at = match rest.first() {
                Some(b'!') if rest.starts_with(b"!--") => skip_past(html, lt + 4, b"-->"),
                Some(b'!' | b'?') => skip_past(html, lt + 1, b">"),
                Some(b'/') => match self.tag(lt, true) {
                    Some(tag) => {
                        self.end_tag(&tag);
                        tag.stop
                    }
                    None => lt + 1,
                },
                Some(c) if c.is_ascii_alphabetic() => match self.tag(lt, false) {
                    Some(tag) => {
                        self.start_tag(&tag);
                        if tag.kind & kind::PLAINTEXT != 0 {
                            break;
                        }
                        if tag.kind & kind::RAW_TEXT != 0 {
                            self.raw_text(&tag)
                        } else {
                            tag.stop
                        }
                    }
                    None => lt + 1,
                },
                _ => lt + 1,
            };
        }
        match self.out {
            None => Cow::Borrowed(self.html),
            Some(mut out) => {
                out.push_str(self.html.get(self.copied..).unwrap_or_default());
                Cow::Owned(out)
            }
        }
    }

    /// Lexes the tag starting at `lt` (the `<`).
    fn tag(&self, lt: usize, end: bool) -> Option<Tag> {
        let html = self.html.as_bytes();
        let name_start = lt + if end { 2 } else { 1 };
        let after = html.get(name_start..)?;
        if !after.first()?.is_ascii_alphabetic() {
            return None;
        }
        let name_len = after
            .iter()
            .position(|b| b.is_ascii_whitespace() || matches!(b, b'/' | b'>'))
            .unwrap_or(after.len());
        let name = after.get(..name_len)?;
        let name_stop = name_start + name_len;
        // Find the closing `>`, skipping quoted attribute values (a quote
        // opens one only right after `=`).
        let mut index = name_stop;
        loop {
            let found = index + memchr::memchr3(b'>', b'"', b'\'', html.get(index..)?)?;
            let byte = *html.get(found)?;
            let previous = html
                .get(name_stop..found)?
                .iter()
                .rev()
                .find(|b| !b.is_ascii_whitespace())
                .copied();
            if byte == b'>' {
                let (key, kind) = name_key(name);
                return Some(Tag {
                    key,
                    kind,
                    self_closing: previous == Some(b'/'),
                    start: lt,
                    stop: found + 1,
                    name_start,
                    name_stop,
                });
            }
            index = if previous == Some(b'=') {
                found + 1 + memchr::memchr(byte, html.get(found + 1..)?)? + 1
            } else {
                found + 1
            };
        }
    }

    fn start_tag(&mut self, tag: &Tag) {
        if tag.kind & (kind::VOID | kind::SELF_CLOSING) != 0 {
            return;
        }
        if tag.self_closing && self.foreign > 0 {
            return;
        }
        if self.depth >= self.max_depth && tag.kind & kind::KEEP_PAST_CAP == 0 {
            *self.removed.entry(tag.key).or_default() += 1;
            self.remove(tag.start, tag.stop, " ");
            return;
        }
        if tag.kind & kind::FOREIGN != 0 {
            self.foreign += 1;
        }
        if tag.kind & kind::SELECT != 0 {
            self.select += 1;
        }
        self.depth += 1;
        *self.open.entry(tag.key).or_default() += 1;
    }

    fn end_tag(&mut self, tag: &Tag) {
        if let Some(count) = self.removed.get_mut(&tag.key).filter(|c| **c > 0) {
            *count -= 1;
            self.remove(tag.start, tag.stop, " ");
            return;
        }
        // A stray end tag (nothing of that name open) closes nothing, as in the parser.
        if let Some(count) = self.open.get_mut(&tag.key).filter(|c| **c > 0) {
            *count -= 1;
            self.depth = self.depth.saturating_sub(1);
            if tag.kind & kind::FOREIGN != 0 {
                self.foreign = self.foreign.saturating_sub(1);
            }
            if tag.kind & kind::SELECT != 0 {
                self.select = self.select.saturating_sub(1);
            }
        }
    }

    /// Skips the content of the raw-text element whose start tag is `tag`,
    /// emptying it when nothing reads it; returns where lexing goes on.
    fn raw_text(&mut self, tag: &Tag) -> usize {
        let html = self.html.as_bytes();
        let name = html.get(tag.name_start..tag.name_stop).unwrap_or_default();
        let end = skip_raw_text(html, tag.stop, name);
        let content = html.get(tag.stop..end).unwrap_or_default();
        let unread = tag.kind & kind::UNREAD != 0
            && self.foreign == 0
            && self.select == 0
            && !content.is_empty()
            // The parser ends the element only at `</name` followed by
            // whitespace, `/` or `>`; anywhere else it would read on.
            && html
                .get(end + 2 + name.len())
                .is_some_and(|b| b.is_ascii_whitespace() || matches!(b, b'/' | b'>'))
            // In a script, `<!--` can start an escape in which `</script>`
            // does not end it: such a script is left as it is.
            && memchr::memmem::find(content, b"<!--").is_none()
            // JSON-LD is read, for the title.
            && !contains_ignore_case(html.get(tag.start..tag.stop).unwrap_or_default(), b"ld+json");
        if unread {
            self.remove(tag.stop, end, "");
        }
        end
    }

    /// Replaces `start..stop` by `with` in the output.
    fn remove(&mut self, start: usize, stop: usize, with: &str) {
        let html = self.html;
        let out = self
            .out
            .get_or_insert_with(|| String::with_capacity(html.len()));
        // Tags and raw text begin and end at ASCII bytes, so these are
        // character boundaries.
        out.push_str(html.get(self.copied..start).unwrap_or_default());
        out.push_str(with);
        self.copied = stop;
    }
}

/// The count key and [`kind`] flags of a tag name, any case.
fn name_key(name: &[u8]) -> (u64, u16) {
    // FNV-1a's offset basis.
    let mut hash = NameHash(0xcbf2_9ce4_8422_2325);
    let mut lower = [0u8; MAX_KNOWN_NAME];
    for (index, byte) in name.iter().enumerate() {
        let byte = byte.to_ascii_lowercase();
        hash.write(&[byte]);
        if let Some(slot) = lower.get_mut(index) {
            *slot = byte;
        }
    }
    let kind = lower.get(..name.len()).map_or(0, kind_of);
    (hash.finish(), kind)
}

fn contains_ignore_case(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window.eq_ignore_ascii_case(needle))
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
        prepare_html(html, depth).into_owned()
    }

    #[test]
    fn shallow_pages_are_not_copied() {
        let html = "<html><body><div><p>One<p>Two<ul><li>a<li>b</ul></div></body></html>";
        assert!(matches!(prepare_html(html, 3), Cow::Borrowed(_)));
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
    fn raw_text_elements_past_the_cap_are_kept() {
        // Removing the start tag would turn the script's code into text.
        assert_eq!(
            capped(
                "<div><div><script>if (a<b) go()</script><title>T</title>x",
                1
            ),
            "<div> <script></script><title>T</title>x"
        );
    }

    #[test]
    fn unclosed_paragraphs_and_items_do_not_count() {
        let html = "<div>".to_string() + &"<p>para<li>item<td>cell".repeat(1000);
        assert!(matches!(prepare_html(&html, 2), Cow::Borrowed(_)));
    }

    #[test]
    fn stray_end_tags_do_not_uncount() {
        // `</div>` with no open div closes nothing in the parser, so the spans stay open.
        let html = "<span></div>".repeat(4) + "x";
        assert_eq!(capped(&html, 2), "<span></div><span></div> </div> </div>x");
    }

    #[test]
    fn comments_and_attributes_are_not_tags() {
        let html = "<div title='<div>' data-x=\"a>b\"><!-- <div><div> --><b>x</b></div>";
        // The div and the b: two levels, nothing more.
        assert!(matches!(prepare_html(html, 2), Cow::Borrowed(_)));
    }

    #[test]
    fn self_closing_counts_only_in_svg() {
        let svg = "<svg>".to_string() + &"<path d='M0'/>".repeat(10) + "</svg>";
        assert!(matches!(prepare_html(&svg, 2), Cow::Borrowed(_)));
        // In HTML `<div/>` opens a div that stays open.
        assert_eq!(capped("<div/><div/><div/>x", 2), "<div/><div/> x");
    }

    #[test]
    fn scripts_and_styles_are_emptied_and_their_markup_not_counted() {
        let html = "<div><script>x='<div><div>';</script><STYLE media=x>p{}</STYLE >\
                    <noscript><img src=a></noscript><iframe>fallback</iframe>y</div>";
        assert_eq!(
            capped(html, 2),
            "<div><script></script><STYLE media=x></STYLE ><noscript></noscript><iframe></iframe>y</div>"
        );
    }

    #[test]
    fn raw_text_that_is_read_or_may_not_end_where_it_seems_is_kept() {
        for html in [
            // JSON-LD is read for the title.
            "<script type=\"application/LD+JSON\">{\"headline\": \"H\"}</script>",
            // Escaped script: `</script>` inside `<!-- <script>` does not end it.
            "<script><!-- <script>a</script> b --></script>",
            // `</scripts` is not the end tag; nor is an end of input.
            "<script>a</scripts>b",
            "<style>p{}",
            // In SVG a <style> is markup; in a <select> the parser ignores the tag.
            "<svg><style>.a{}</style></svg>",
            "<select><style><option>a</option></style></select>",
            // The title and text areas are text too.
            "<title>T</title><textarea>t</textarea><xmp>x</xmp>",
        ] {
            assert_eq!(capped(html, 10), html);
        }
    }

    #[test]
    fn nonblank_lines_are_counted() {
        assert_eq!(count_nonblank_lines(""), 0);
        assert_eq!(count_nonblank_lines(" \n\t\r\n\r"), 0);
        assert_eq!(count_nonblank_lines("a\r\nb\rc\n\nd"), 4);
    }
}
