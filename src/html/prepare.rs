//! The byte pass over a decoded HTML page before the parser sees it: it
//! keeps the parse linear and bounded (nesting, open formatting elements,
//! nodes; see [`Config`](crate::Config)) and empties what nothing reads.
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
//! # Why the number of nodes needs a guard too
//!
//! A node costs about 200 bytes by the time the tree, the walk and the
//! features hold it, and markup can make one every few bytes (`<p>x`), or
//! many per tag: the parser reopens every formatting element (`<b>`,
//! `<font>` …) left open whenever a block boundary closed it, so a page with
//! hundreds of them left open gets hundreds of elements per paragraph. The
//! same pass therefore caps the open formatting elements
//! ([`MAX_FORMATTING`]) and charges every tag the nodes the parser may make
//! for it; past a budget that grows with the page ([`BASE_NODES`],
//! [`BYTES_PER_NODE`]) tags are removed and their text flows on, which keeps
//! the peak memory of any page under 20 × its size + 20 MB
//! (`benches/hostile-memory.sh`).
//!
//! # What the parser need not see
//!
//! The same pass also empties what the DOM walk never reads — scripts and
//! styles (half the bytes of a typical page), unread attributes, inline SVG —
//! so that the parser does not tokenize, copy and store it: see
//! [`prepare_html`].

use std::borrow::Cow;
use std::hash::Hasher;

use crate::hash::{Fx, PreHashedMap};

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
    /// Formatting elements the parser reopens, comparing their attributes,
    /// when they are left unclosed (`<a>` is not among them here: the parser
    /// never has two open, so its attributes are never compared).
    pub const FORMATTING: u16 = 1 << 8;
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
        b"b" | b"big" | b"code" | b"em" | b"font" | b"i" | b"nobr" | b"s" | b"small"
        | b"strike" | b"strong" | b"tt" | b"u" => FORMATTING,
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

/// How many formatting elements may be open at once; further ones are
/// removed (their text kept). The parser reopens every open formatting
/// element that a block boundary closed before the next text, so `k` of them
/// left open cost `k` elements per paragraph: a page crafted with hundreds
/// would build a tree hundreds of times its size.
const MAX_FORMATTING: usize = 6;

/// The node budget: a page may make `BASE_NODES` nodes plus one per
/// `BYTES_PER_NODE` bytes (a node costs the tree, the walk and the features
/// about 200 bytes, so this keeps the peak under 20 × the input + 20 MB,
/// issue 5). Past it, tags are removed and their text flows into the
/// blocks before; real pages use a tenth of it.
const BASE_NODES: usize = 40_000;
const BYTES_PER_NODE: usize = 16;

/// Counts by tag name, keyed by a hash of the lower-case name, so that no tag
/// costs an allocation. Two names with the same 64-bit hash would share a
/// count; that can only make the guard count too deep, which costs structure,
/// never text.
type Counts = PreHashedMap<usize>;

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
    /// Byte ranges of the unread attributes of the tag last lexed.
    unread: Vec<(usize, usize)>,
    /// Open formatting elements (`<b>`, `<font>` …), at most [`MAX_FORMATTING`].
    formatting: usize,
    /// The nodes the parser may create for what was lexed so far (an upper
    /// bound), and how many are allowed.
    nodes: usize,
    budget: usize,
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
            unread: Vec::new(),
            formatting: 0,
            nodes: 0,
            budget: BASE_NODES + html.len() / BYTES_PER_NODE,
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
                Some(b'!') if rest.starts_with(b"!--") => {
                    self.comment(lt, skip_past(html, lt + 4, b"-->"))
                }
                Some(b'!' | b'?') => self.comment(lt, skip_past(html, lt + 1, b">")),
                Some(b'/') => match self.tag(lt, true) {
                    Some(tag) => {
                        self.end_tag(&tag);
                        tag.stop
                    }
                    None => lt + 1,
                },
                Some(c) if c.is_ascii_alphabetic() => match self.tag(lt, false) {
                    Some(tag) => {
                        let kept = self.start_tag(&tag);
                        // In SVG and MathML some attributes change how the
                        // parser reads the markup; formatting elements are
                        // compared by their attributes when the parser
                        // reopens them.
                        if kept
                            && self.foreign == 0
                            && tag.kind & (kind::FOREIGN | kind::FORMATTING) == 0
                        {
                            self.strip_attributes();
                        }
                        if tag.kind & kind::PLAINTEXT != 0 {
                            break;
                        }
                        if tag.kind & kind::RAW_TEXT != 0 {
                            self.raw_text(&tag)
                        } else if kept && tag.kind & kind::FOREIGN != 0 {
                            self.foreign_content(&tag)
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

    /// Lexes the tag starting at `lt` (the `<`), as the parser's tokenizer
    /// does; `None` if it is not a tag or does not end before the input does.
    /// The attributes nothing reads are left in `self.unread`.
    fn tag(&mut self, lt: usize, end: bool) -> Option<Tag> {
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
        self.unread.clear();
        for lexed in Attributes::new(html, name_stop) {
            if let Lexed::Attr {
                start,
                name_stop,
                stop,
            } = lexed
            {
                if !is_read_attribute(html.get(start..name_stop).unwrap_or_default()) {
                    self.unread.push((start, stop));
                }
            }
            if let Lexed::End { at, self_closing } = lexed {
                let (key, kind) = name_key(name);
                return Some(Tag {
                    key,
                    kind,
                    self_closing,
                    start: lt,
                    stop: at + 1,
                    name_start,
                    name_stop,
                });
            }
        }
        None
    }

    /// Removes the attributes of the tag just lexed that nothing reads (see
    /// [`READ_ATTRIBUTES`]).
    fn strip_attributes(&mut self) {
        let unread = std::mem::take(&mut self.unread);
        for &(start, stop) in &unread {
            self.remove(start, stop, "");
        }
        self.unread = unread;
    }

    /// Counts a start tag, or removes it past a cap; false if removed.
    fn start_tag(&mut self, tag: &Tag) -> bool {
        let tracked = tag.kind & (kind::VOID | kind::SELF_CLOSING) == 0
            && !(tag.self_closing && self.foreign > 0);
        // Past the node budget every tag goes but raw-text ones (whose
        // content would otherwise become text).
        if self.nodes >= self.budget && tag.kind & kind::RAW_TEXT == 0 {
            if tracked {
                *self.removed.entry(tag.key).or_default() += 1;
            }
            self.remove(tag.start, tag.stop, " ");
            return false;
        }
        // The element, the text after it, and the formatting elements the
        // parser may reopen before each.
        let cost = 2 + 2 * self.formatting;
        if !tracked {
            self.nodes += cost;
            return true;
        }
        if self.depth >= self.max_depth && tag.kind & kind::KEEP_PAST_CAP == 0 {
            *self.removed.entry(tag.key).or_default() += 1;
            self.remove(tag.start, tag.stop, " ");
            return false;
        }
        if tag.kind & kind::FORMATTING != 0 {
            if self.formatting >= MAX_FORMATTING {
                *self.removed.entry(tag.key).or_default() += 1;
                self.remove(tag.start, tag.stop, "");
                return false;
            }
            self.formatting += 1;
        }
        self.nodes += cost;
        if tag.kind & kind::FOREIGN != 0 {
            self.foreign += 1;
        }
        if tag.kind & kind::SELECT != 0 {
            self.select += 1;
        }
        self.depth += 1;
        *self.open.entry(tag.key).or_default() += 1;
        true
    }

    fn end_tag(&mut self, tag: &Tag) {
        if let Some(count) = self.removed.get_mut(&tag.key).filter(|c| **c > 0) {
            *count -= 1;
            self.remove(tag.start, tag.stop, " ");
            return;
        }
        // The text after it, and the formatting elements reopened before that.
        let cost = 1 + self.formatting;
        // A stray end tag (nothing of that name open) closes nothing, as in the parser.
        if let Some(count) = self.open.get_mut(&tag.key).filter(|c| **c > 0) {
            *count -= 1;
            self.nodes += cost;
            self.depth = self.depth.saturating_sub(1);
            if tag.kind & kind::FORMATTING != 0 {
                self.formatting = self.formatting.saturating_sub(1);
            }
            if tag.kind & kind::FOREIGN != 0 {
                self.foreign = self.foreign.saturating_sub(1);
            }
            if tag.kind & kind::SELECT != 0 {
                self.select = self.select.saturating_sub(1);
            }
            return;
        }
        // Some stray end tags make an element (`</p>`, `</br>`); past the
        // budget they go.
        if self.nodes >= self.budget {
            self.remove(tag.start, tag.stop, " ");
        } else {
            self.nodes += cost;
        }
    }

    /// A comment or doctype from `lt` to `stop`: a node, removed past the budget.
    fn comment(&mut self, lt: usize, stop: usize) -> usize {
        if self.nodes >= self.budget {
            self.remove(lt, stop, " ");
        } else {
            self.nodes += 1;
        }
        stop
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

    /// Empties an `<svg>` or `<math>` element (the walk skips both; icons are
    /// a tenth of a typical page's markup once scripts are gone) when its
    /// content surely ends at its own end tag and leaves nothing open: no
    /// element that would break out into HTML, no nested SVG or MathML, no
    /// comment or CDATA, no start tag inside SVG's `<title>`/`<desc>` or
    /// MathML's text elements (where the parser reads HTML). Returns where
    /// lexing goes on.
    fn foreign_content(&mut self, tag: &Tag) -> usize {
        if tag.self_closing || self.foreign != 1 || self.select > 0 {
            return tag.stop;
        }
        let html = self.html.as_bytes();
        let mut at = tag.stop;
        let mut in_text_point = false;
        let end = loop {
            let Some(lt) = memchr::memchr(b'<', html.get(at..).unwrap_or_default()) else {
                return tag.stop;
            };
            let lt = at + lt;
            let is_end = html.get(lt + 1) == Some(&b'/');
            match html.get(lt + 1 + usize::from(is_end)) {
                Some(c) if c.is_ascii_alphabetic() => {}
                Some(b'!' | b'?') if !is_end => return tag.stop,
                _ => {
                    at = lt + 1;
                    continue;
                }
            }
            let Some(inner) = self.tag(lt, is_end) else {
                return tag.stop;
            };
            let name = html
                .get(inner.name_start..inner.name_stop)
                .unwrap_or_default();
            if is_end && inner.key == tag.key {
                break lt;
            }
            // The name, lower case, cut to the longest name looked up.
            let mut buffer = [0u8; MAX_KNOWN_NAME];
            let len = name.len().min(MAX_KNOWN_NAME);
            let lower = buffer.get_mut(..len).unwrap_or_default();
            lower.copy_from_slice(name.get(..len).unwrap_or_default());
            lower.make_ascii_lowercase();
            if breaks_out_of_foreign(lower, is_end)
                || inner.kind & kind::FOREIGN != 0
                || (in_text_point && !is_end)
            {
                return tag.stop;
            }
            // SVG's and MathML's HTML integration points (`annotation-xml`
            // cut to the length looked up).
            if matches!(
                &*lower,
                b"title" | b"desc" | b"mi" | b"mo" | b"mn" | b"ms" | b"mtext" | b"annotation"
            ) {
                in_text_point = !is_end;
            }
            at = inner.stop;
        };
        self.remove(tag.stop, end, "");
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

/// The attributes the DOM walk reads (`crate::html::walk`), and those that
/// change how the parser builds the tree (`type` of `<input>`, `charset`,
/// declarative shadow roots). All others (`href`, `src`, `srcset`, `data-*`
/// …, two fifths of a typical page's markup once scripts are gone) are removed
/// before parsing. **A new attribute read by the walk must be added here.**
pub(crate) const READ_ATTRIBUTES: &[&[u8]] = &[
    b"class",
    b"id",
    b"role",
    b"hidden",
    b"aria-hidden",
    b"style",
    b"type",
    b"property",
    b"name",
    b"content",
    b"charset",
    b"http-equiv",
    b"shadowrootmode",
    b"shadowrootdelegatesfocus",
    b"shadowrootclonable",
    b"shadowrootserializable",
];

/// True if `name` (any case) is in [`READ_ATTRIBUTES`].
fn is_read_attribute(name: &[u8]) -> bool {
    let mut buffer = [0u8; 24];
    let Some(lower) = buffer.get_mut(..name.len()) else {
        return false;
    };
    lower.copy_from_slice(name);
    lower.make_ascii_lowercase();
    let read = matches!(
        &*lower,
        b"class"
            | b"id"
            | b"role"
            | b"hidden"
            | b"aria-hidden"
            | b"style"
            | b"type"
            | b"property"
            | b"name"
            | b"content"
            | b"charset"
            | b"http-equiv"
            | b"shadowrootmode"
            | b"shadowrootdelegatesfocus"
            | b"shadowrootclonable"
            | b"shadowrootserializable"
    );
    debug_assert_eq!(read, READ_ATTRIBUTES.contains(&&*lower));
    read
}

/// What [`Attributes`] finds in a tag.
enum Lexed {
    /// One attribute: its name is `start..name_stop`, the whole of it
    /// (name, `=`, value) `start..stop`.
    Attr {
        start: usize,
        name_stop: usize,
        stop: usize,
    },
    /// The tag's closing `>`, at `at`; `self_closing` if `/` is just before it.
    End { at: usize, self_closing: bool },
}

/// The attributes of a tag and its end, lexed by the tokenizer's rules (the
/// "before attribute name" to "after attribute value" states of the HTML
/// standard); ends early if the input does.
struct Attributes<'h> {
    html: &'h [u8],
    at: usize,
    done: bool,
}

impl<'h> Attributes<'h> {
    /// Lexes from `at`, just after the tag name.
    fn new(html: &'h [u8], at: usize) -> Attributes<'h> {
        Attributes {
            html,
            at,
            done: false,
        }
    }

    fn byte(&self) -> Option<u8> {
        self.html.get(self.at).copied()
    }

    fn skip_whitespace(&mut self) {
        while self.byte().is_some_and(|b| b.is_ascii_whitespace()) {
            self.at += 1;
        }
    }
}

impl Iterator for Attributes<'_> {
    type Item = Lexed;

    fn next(&mut self) -> Option<Lexed> {
        if self.done {
            return None;
        }
        // Before an attribute name.
        loop {
            match self.byte()? {
                b'>' => {
                    self.done = true;
                    return Some(Lexed::End {
                        at: self.at,
                        self_closing: false,
                    });
                }
                b'/' if self.html.get(self.at + 1) == Some(&b'>') => {
                    self.done = true;
                    return Some(Lexed::End {
                        at: self.at + 1,
                        self_closing: true,
                    });
                }
                b'/' => self.at += 1,
                b if b.is_ascii_whitespace() => self.at += 1,
                _ => break,
            }
        }
        // The name: its first character may be anything (even `=`).
        let start = self.at;
        self.at += 1;
        loop {
            let byte = self.byte()?;
            if byte.is_ascii_whitespace() || matches!(byte, b'/' | b'>' | b'=') {
                break;
            }
            self.at += 1;
        }
        let name_stop = self.at;
        self.skip_whitespace();
        if self.byte()? != b'=' {
            return Some(Lexed::Attr {
                start,
                name_stop,
                stop: name_stop,
            });
        }
        self.at += 1;
        self.skip_whitespace();
        match self.byte()? {
            quote @ (b'"' | b'\'') => {
                let rest = self.html.get(self.at + 1..)?;
                self.at += 1 + memchr::memchr(quote, rest)? + 1;
            }
            b'>' => {}
            _ => loop {
                let byte = self.byte()?;
                if byte.is_ascii_whitespace() || byte == b'>' {
                    break;
                }
                self.at += 1;
            },
        }
        Some(Lexed::Attr {
            start,
            name_stop,
            stop: self.at,
        })
    }
}

/// True for the lower-case tag names that end SVG or MathML content when
/// they appear in it (the HTML standard's list; `<font>` counted always),
/// and for `foreignObject`, inside which HTML is parsed (a name longer than
/// [`MAX_KNOWN_NAME`] arrives cut to it).
fn breaks_out_of_foreign(name: &[u8], end: bool) -> bool {
    if end {
        return matches!(name, b"br" | b"p");
    }
    matches!(
        name,
        b"b" | b"big"
            | b"blockquote"
            | b"body"
            | b"br"
            | b"center"
            | b"code"
            | b"dd"
            | b"div"
            | b"dl"
            | b"dt"
            | b"em"
            | b"embed"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"head"
            | b"hr"
            | b"i"
            | b"img"
            | b"li"
            | b"listing"
            | b"menu"
            | b"meta"
            | b"nobr"
            | b"ol"
            | b"p"
            | b"pre"
            | b"ruby"
            | b"s"
            | b"small"
            | b"span"
            | b"strong"
            | b"strike"
            | b"sub"
            | b"sup"
            | b"table"
            | b"tt"
            | b"u"
            | b"ul"
            | b"var"
            | b"font"
            | b"foreignobj"
    )
}

/// The count key and [`kind`] flags of a tag name, any case.
fn name_key(name: &[u8]) -> (u64, u16) {
    let mut hash = Fx::default();
    let mut lower = [0u8; MAX_KNOWN_NAME];
    for (index, byte) in name.iter().enumerate() {
        let byte = byte.to_ascii_lowercase();
        hash.write_u8(byte);
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
            "<div> <h1>T</h1> <a >l</a>  </div>"
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
        let html = "<div class='<div>' id=\"a>b\"><!-- <div><div> --><b>x</b></div>";
        // The div and the b: two levels, nothing more.
        assert!(matches!(prepare_html(html, 2), Cow::Borrowed(_)));
    }

    #[test]
    fn unread_attributes_are_removed() {
        assert_eq!(
            capped(
                "<div data-x=\"a>b\" CLASS=c href = 'u' hidden src=x/><img src=i alt=\"a\"/>",
                10
            ),
            "<div  CLASS=c  hidden ><img  />"
        );
        // Quotes open a value only after `=`; `/` closes a tag only right before `>`.
        assert_eq!(
            capped("<p a\"b=1 c=d\"e role=x / id='>'>t", 10),
            "<p   role=x / id='>'>t"
        );
    }

    #[test]
    fn every_read_attribute_is_recognised_in_any_case() {
        for name in READ_ATTRIBUTES {
            assert!(is_read_attribute(name));
            assert!(is_read_attribute(&name.to_ascii_uppercase()));
        }
        assert!(!is_read_attribute(b"href"));
        assert!(!is_read_attribute(b"classes"));
    }

    #[test]
    fn attributes_the_parser_compares_or_reads_are_kept() {
        for html in [
            // Unclosed formatting elements are reopened by comparing attributes.
            "<b data-x=1>a<p>b",
            "<font color=red>a",
            // In SVG and MathML attributes are markup the parser adjusts.
            "<svg viewBox='0 0 1 1'><!-- kept --><path d=M0/></svg>",
            "<math><!-- kept --><annotation-xml encoding=text/html>x</annotation-xml></math>",
            "<input type=hidden><meta charset=utf-8>",
        ] {
            assert_eq!(capped(html, 10), html);
        }
    }

    #[test]
    fn self_closing_counts_only_in_svg() {
        // (A comment keeps the SVG from being emptied.)
        let svg = "<svg><!---->".to_string() + &"<path d='M0'/>".repeat(10) + "</svg>";
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
            "<div><script></script><STYLE ></STYLE ><noscript></noscript><iframe></iframe>y</div>"
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
            "<svg><!-- kept --><style>.a{}</style></svg>",
            "<select><style><option>a</option></style></select>",
            // The title and text areas are text too.
            "<title>T</title><textarea>t</textarea><xmp>x</xmp>",
        ] {
            assert_eq!(capped(html, 10), html);
        }
    }

    #[test]
    fn svg_and_math_are_emptied_when_their_end_is_sure() {
        assert_eq!(
            capped(
                "<svg viewBox='0 0 9 9'><title>Share</title><path d='</svg>'/></svg >x<math><mi>y</mi></math>",
                10
            ),
            "<svg viewBox='0 0 9 9'></svg >x<math></math>"
        );
    }

    #[test]
    fn svg_that_may_end_elsewhere_is_kept() {
        for html in [
            // HTML elements end SVG content early.
            "<svg><g><p>text</g></svg>",
            "<svg><path/></p></svg>",
            // Inside <title>, <desc> and <foreignObject> the parser reads HTML.
            "<svg><title><textarea></svg></textarea></title></svg>",
            "<svg><foreignObject><x></x></foreignObject></svg>",
            "<math><mi><textarea></math></textarea></mi></math>",
            // A comment or CDATA may hide the end tag; a nested SVG ends first.
            "<svg><!-- </svg> --></svg>",
            "<svg><![CDATA[</svg>]]></svg>",
            "<svg><svg></svg>x</svg>",
            // No end tag at all.
            "<svg><path/>",
        ] {
            assert_eq!(capped(html, 10), html);
        }
    }

    #[test]
    fn open_formatting_elements_are_capped() {
        let html = "<p>".to_string()
            + &(0..10)
                .map(|i| format!("<b class=c{i}>"))
                .collect::<String>()
            + "x"
            + &"</b>".repeat(10);
        let out = capped(&html, 100);
        // Six stay open; the other four start tags, and the four innermost
        // end tags, go.
        assert_eq!(out.matches("<b ").count(), MAX_FORMATTING);
        assert_eq!(out.matches("</b>").count(), MAX_FORMATTING);
        assert!(out.contains("<b class=c5>x"), "{out}");
    }

    #[test]
    fn tags_past_the_node_budget_go_and_their_text_stays() {
        let count = 100_000;
        let html = "<ul>".to_string() + &"<li>x<!---->".repeat(count) + "</p></ul>";
        let out = capped(&html, 100);
        let budget = BASE_NODES + html.len() / BYTES_PER_NODE;
        let items = out.matches("<li>").count();
        // Each item costs its element, its text and its comment.
        assert!(
            items < budget / 3 + 1 && items > budget / 4,
            "{items} of {budget}"
        );
        assert_eq!(out.matches('x').count(), count);
        // A stray `</p>` would make a paragraph: past the budget it goes too.
        assert!(out.ends_with(" </ul>"), "{}", &out[out.len() - 20..]);
    }
}
