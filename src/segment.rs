//! Segmentation: plain text becomes an ordered list of [`Segment`]s.
//!
//! A segment is one logical line of the page: a line of a one-paragraph-per-line
//! dump, a paragraph of a blank-line-separated text, or a hard-wrapped paragraph
//! re-joined. HTML mode builds the same segments from the DOM (see `html`), so
//! everything after this stage does not care where the blocks came from.

use crate::document::{BlockKind, LineSpan, Text};
use crate::hints::DomHints;

/// One block of input, before classification.
#[derive(Debug, Clone, Default)]
#[allow(dead_code)] // indent and blank_before are read by the classifier as it grows
pub(crate) struct Segment {
    /// Whitespace-normalised text; a list item keeps its bullet or number.
    pub text: Text,
    /// Byte offset in `text` where the content starts (after a bullet or number).
    pub content_start: usize,
    /// Structure the input showed.
    pub kind: BlockKind,
    /// Source lines, text mode only.
    pub lines: Option<LineSpan>,
    /// Leading indentation in columns (tabs count 4), text mode only.
    pub indent: u16,
    /// A blank line (or, in HTML, a block boundary of a new container) came before.
    pub blank_before: bool,
    /// What the DOM said about the block, HTML mode only.
    pub dom: Option<DomHints>,
    /// The text is known to hold no `|`, so it is no table row (see
    /// `context`); `false` says nothing. Text mode finds the page's few `|`
    /// in one search before it splits the lines.
    pub pipe_free: bool,
}

impl Segment {
    /// The text without its bullet or number.
    #[inline]
    pub fn content(&self) -> &str {
        self.text.tail(self.content_start)
    }
}

/// Characters that carry no text and are dropped: zero-width space, word
/// joiner and the byte-order mark (wherever it appears). The soft hyphen
/// stays: it is part of the words it sits in (hyphenation points), and a
/// caller searching the output for text copied from the page expects it.
/// The zero-width joiner and non-joiner stay too: they are part of the text
/// they sit in (emoji sequences such as a family, Persian and Indic spelling).
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

/// Collapses every run of whitespace (tabs, NBSP and other Unicode spaces
/// included) into one ASCII space, drops invisible characters and trims both ends.
/// Returns the normalised text and the leading indentation in columns.
pub(crate) fn normalize_line(line: &str) -> (String, u16) {
    let mut out = String::new();
    let indent = normalize_into(line, false, &mut out);
    (out, indent)
}

/// [`normalize_line`] appending to `out`: the normalised text is never longer
/// than `line`, so a buffer sized for the whole input never grows. Returns the
/// leading indentation in columns.
///
/// `known_plain` says the caller has checked that `line` holds nothing
/// normalising changes but spaces at its ends (see [`PageFlags::plain`]); the
/// line's own test is then skipped.
fn normalize_into(line: &str, known_plain: bool, out: &mut String) -> u16 {
    // Fast path: most lines need only their ends trimmed — no tab, no
    // control character, no double space, no Unicode space or invisible
    // character — and are copied whole.
    let inner = line.trim_start_matches(' ');
    let indent = line.len() - inner.len();
    let inner = inner.trim_end_matches(' ');
    if known_plain || is_plain(inner.as_bytes()) {
        out.push_str(inner);
        return u16::try_from(indent).unwrap_or(u16::MAX);
    }
    let mut indent: u32 = 0;
    let mut leading = true;
    let mut pending_space = false;
    let mut rest = line;
    while !rest.is_empty() {
        // A run of printable ASCII other than the space is copied whole:
        // what the loop below would do char by char, without the decoding
        // and the per-char push (most of a Latin-script line).
        let run = rest
            .bytes()
            .position(|b| !(b'!'..=b'~').contains(&b))
            .unwrap_or(rest.len());
        if run > 0 {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            leading = false;
            out.push_str(rest.get(..run).unwrap_or_default());
            rest = rest.get(run..).unwrap_or_default();
            continue;
        }
        let Some(c) = rest.chars().next() else {
            break;
        };
        rest = rest.get(c.len_utf8()..).unwrap_or_default();
        if is_invisible(c) {
            continue;
        }
        if c.is_whitespace() {
            if leading {
                indent = indent.saturating_add(if c == '\t' { 4 } else { 1 });
            } else {
                pending_space = true;
            }
            continue;
        }
        if c.is_control() {
            // NULs and other control characters carry no text; treat them as spaces.
            if !leading {
                pending_space = true;
            }
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        leading = false;
        out.push(c);
    }
    u16::try_from(indent).unwrap_or(u16::MAX)
}

/// True if normalising `inner` (a line without spaces at either end) leaves
/// it as it is: no two spaces in a row, and no character that is whitespace
/// other than the space, a control character or invisible.
///
/// Every line of a page goes through this test, so its common case is one
/// fold over the bytes into a `u8` of flags, without early exits, which the
/// compiler vectorises sixteen bytes at a time; only a line with non-ASCII
/// bytes takes a second look at them.
fn is_plain(inner: &[u8]) -> bool {
    const CONTROL: u8 = 1;
    const NON_ASCII: u8 = 2;
    const DOUBLE_SPACE: u8 = 4;
    let flags_of = |b: u8| u8::from((b < b' ') | (b == 0x7f)) | (u8::from(b >= 0x80) << 1);
    let first = inner.first().map_or(0, |&b| flags_of(b));
    let flags = inner
        .iter()
        .zip(inner.get(1..).unwrap_or_default())
        .fold(first, |flags, (&a, &b)| {
            flags | flags_of(b) | (u8::from((a == b' ') & (b == b' ')) << 2)
        });
    flags & (CONTROL | DOUBLE_SPACE) == 0
        && (flags & NON_ASCII == 0 || !has_special_non_ascii(inner))
}

/// What one fold over a page's bytes tells [`segment_text`]: its `plain`
/// for the normalising path; the rest is the definition [`scan_bare_lines`]
/// is tested against.
#[cfg_attr(not(test), allow(dead_code))]
struct PageFlags {
    /// Every line of the page (valid UTF-8) passes [`is_plain`] once its
    /// end spaces are trimmed: the page has no two spaces in a row and no
    /// character normalising changes, line breaks (`\n`, `\r`) aside.
    ///
    /// Most pages pass, and one vectorised fold over the whole page costs
    /// far less than a fold per line, whose setup and tail dominate on
    /// lines of a few dozen bytes. A line's bytes, and its pairs of
    /// adjacent bytes, are the page's, so what holds for the page holds
    /// for each line.
    plain: bool,
    /// The page is all ASCII, so every line is: a line's width in chars is
    /// its length.
    ascii: bool,
    /// No `\r`, and no space at either end of any line: with `plain`, every
    /// line normalises to itself (indentation 0), so the page's buffer is
    /// the page with its `\n` turned into spaces.
    bare_lines: bool,
}

/// Whether the page is plain, whether it is ASCII and whether its lines
/// are bare (see [`PageFlags`]), from one fold over the bytes.
fn page_flags(page: &[u8]) -> PageFlags {
    const CONTROL: u8 = 1;
    const NON_ASCII: u8 = 2;
    const DOUBLE_SPACE: u8 = 4;
    const NOT_BARE: u8 = 8;
    let flags_of = |b: u8| {
        u8::from((b < b' ') & (b != b'\n') & (b != b'\r') | (b == 0x7f))
            | (u8::from(b >= 0x80) << 1)
            | (u8::from(b == b'\r') << 3)
    };
    let first = page.first().map_or(0, |&b| flags_of(b));
    let flags =
        page.iter()
            .zip(page.get(1..).unwrap_or_default())
            .fold(first, |flags, (&a, &b)| {
                flags
                    | flags_of(b)
                    | (u8::from((a == b' ') & (b == b' ')) << 2)
                    | (u8::from((a == b' ') & (b == b'\n') | (a == b'\n') & (b == b' ')) << 3)
            });
    let ascii = flags & NON_ASCII == 0;
    PageFlags {
        plain: flags & (CONTROL | DOUBLE_SPACE) == 0 && (ascii || !has_special_non_ascii(page)),
        ascii,
        bare_lines: flags & NOT_BARE == 0
            && page.first() != Some(&b' ')
            && page.last() != Some(&b' '),
    }
}

/// True if `bytes` (valid UTF-8) holds a non-ASCII character that
/// normalisation changes: a control character (U+0080–U+009F), a Unicode
/// space (`char::is_whitespace`) or an invisible character ([`is_invisible`]).
///
/// All of them start with one of five lead bytes; the few sequences are
/// matched on their bytes, without decoding the text around them.
fn has_special_non_ascii(bytes: &[u8]) -> bool {
    // The lead bytes are found with memchr: the common non-ASCII text
    // (accented letters, curly quotes, dashes) is skipped by the vector
    // search instead of a loop over every byte.
    let special = |at: usize| special_at(bytes, at);
    memchr::memchr3_iter(0xc2, 0xe2, 0xe3, bytes).any(special)
        || memchr::memchr2_iter(0xe1, 0xef, bytes).any(special)
}

/// True if one of the characters [`has_special_non_ascii`] looks for
/// starts at byte `at` of `bytes`.
fn special_at(bytes: &[u8], at: usize) -> bool {
    let Some((&lead, next)) = bytes.get(at..).and_then(<[u8]>::split_first) else {
        return false;
    };
    match lead {
        // U+0080–U+009F (controls, NEL among them) and U+00A0 (NBSP).
        0xc2 => matches!(next.first(), Some(0x80..=0xa0)),
        // U+1680 (Ogham space mark).
        0xe1 => next.starts_with(&[0x9a, 0x80]),
        // U+2000–U+200A (spaces), U+200B (zero-width space), U+2028,
        // U+2029 (line and paragraph separators), U+202F (narrow NBSP),
        // U+205F (medium mathematical space), U+2060 (word joiner).
        0xe2 => matches!(
            next,
            [0x80, 0x80..=0x8b | 0xa8 | 0xa9 | 0xaf, ..] | [0x81, 0x9f | 0xa0, ..]
        ),
        // U+3000 (ideographic space).
        0xe3 => next.starts_with(&[0x80, 0x80]),
        // U+FEFF (byte-order mark).
        0xef => next.starts_with(&[0xbb, 0xbf]),
        _ => false,
    }
}

/// [`has_special_non_ascii`] for the characters whose first continuation
/// byte is among the 32 bytes of `page` from `at` on: their lead bytes are
/// the 32 from `at - 1` on. The page scan asks only of the chunks that hold
/// continuation bytes, and a vector test of the five lead bytes leaves few
/// to look at.
///
/// Never inlined, for the reason [`padded_words`] is not.
#[inline(never)]
fn special_in_chunks(page: &[u8], at: usize) -> bool {
    let at = at.saturating_sub(1);
    let mut padded = [0u8; 2 * CHUNK];
    let bytes: &[u8; 2 * CHUNK] = match page.get(at..at + 2 * CHUNK) {
        Some(window) => window.try_into().unwrap_or(&padded),
        None => {
            // The page's last chunks, zeros after the page.
            for (byte, &from) in padded.iter_mut().zip(page.get(at..).unwrap_or_default()) {
                *byte = from;
            }
            &padded
        }
    };
    let mut leads = [0u8; 2 * CHUNK];
    for (lead, &b) in leads.iter_mut().zip(bytes) {
        let candidate = (b & 0xfe == 0xe2) | (b == 0xc2) | (b == 0xe1) | (b == 0xef);
        *lead = u8::from(candidate) << 7;
    }
    leads.chunks_exact(8).enumerate().any(|(index, word)| {
        let mut marks = u64::from_le_bytes(word.try_into().unwrap_or_default());
        while marks != 0 {
            let byte = (marks.trailing_zeros() / 8) as usize;
            if special_at(page, at + 8 * index + byte) {
                return true;
            }
            marks &= marks - 1;
        }
        false
    })
}

/// Recognises a list marker at the start of a normalised line: a bullet
/// (`•`, `*`, `-`, `+`, `·`, `▪`, `◦`, `‣`, `–`) or a number (`1.`, `2)`, `a)`),
/// followed by a space. Returns the kind and the byte length of the marker and its space.
pub(crate) fn list_marker(text: &str) -> Option<(BlockKind, usize)> {
    // Most lines start with a capital or punctuation: one byte rules them
    // out. A marker starts with a digit, a lowercase ASCII letter, one of
    // the ASCII bullets, or a non-ASCII bullet.
    if !may_start_marker(*text.as_bytes().first()?) {
        return None;
    }
    marker_at_start(text)
}

/// False if a line starting with byte `lead` has no list marker: it is
/// ASCII but no digit, lowercase letter or ASCII bullet.
fn may_start_marker(lead: u8) -> bool {
    !lead.is_ascii()
        || lead.is_ascii_digit()
        || lead.is_ascii_lowercase()
        || matches!(lead, b'*' | b'-' | b'+')
}

/// [`list_marker`] without its first-byte test, which must only ever answer
/// `None` where this does (the unit tests compare the two).
fn marker_at_start(text: &str) -> Option<(BlockKind, usize)> {
    let mut chars = text.char_indices();
    let (_, first) = chars.next()?;
    if matches!(
        first,
        '•' | '*' | '-' | '+' | '·' | '▪' | '◦' | '‣' | '–' | '►' | '▸'
    ) {
        let (space_at, space) = chars.next()?;
        return (space == ' ').then_some((BlockKind::ListItem, space_at + 1));
    }
    // Numbered: up to three digits, or one ASCII letter, then '.' or ')' and a space.
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let label_len = if (1..=3).contains(&digits) {
        digits
    } else if first.is_ascii_lowercase() {
        1
    } else {
        return None;
    };
    let rest = text.as_bytes().get(label_len..)?;
    match rest {
        [b'.' | b')', b' ', ..] if digits > 0 || rest.first() == Some(&b')') => {
            Some((BlockKind::OrderedListItem, label_len + 2))
        }
        _ => None,
    }
}

/// One input line after normalisation: `buffer[start..end]` of the page's
/// buffer (see [`segment_text`]).
#[cfg_attr(test, derive(Debug, PartialEq))]
struct Line {
    start: usize,
    end: usize,
    /// Width in columns: chars plus indentation.
    width: usize,
    indent: u16,
    number: usize,
    blank_before: bool,
    /// The line holds a `|`.
    pipe: bool,
}

/// Splits text into segments. See the module docs.
///
/// Every non-blank line is normalised into one buffer for the whole page,
/// each followed by a space: the lines a hard-wrapped paragraph re-joins are
/// then one range of the buffer already, and the segments share the buffer
/// (one allocation per page, not one per block). The buffer is complete
/// before the segments are made: the wrap width needs every line first.
pub(crate) fn segment_text(input: &str) -> Vec<Segment> {
    let input = input.strip_prefix('\u{FEFF}').unwrap_or(input);
    // Sized for a typical page's lines (a few dozen bytes each, blank lines
    // included), capped so that one huge line does not reserve room for
    // lines it does not have.
    let mut lines = Vec::with_capacity((input.len() / 32).min(4096));
    // The bare path keeps the whole page, its blank lines too; a page that
    // is mostly line breaks goes the normalising way, whose buffer holds
    // only the lines (as much as before this path existed).
    if let Some(scan) =
        scan_bare_lines(input, &mut lines).filter(|scan| scan.kept >= input.len() / 2)
    {
        if scan.special {
            if let Some(buffer) = normalize_special_lines(input, &mut lines) {
                return segments_of(buffer, &lines, None);
            }
        } else {
            let width = wrap_width(&lines);
            // Every line is its own text in the page; the `\n` between two
            // lines becomes the space that joins them, which only a wrapped
            // page needs (the others' segments are single lines, and what
            // sits between them is never read): the rest copy the page as it is.
            let buffer = if width.is_some() {
                input.replace('\n', " ")
            } else {
                input.to_owned()
            };
            return segments_of(buffer, &lines, width);
        }
    }
    lines.clear();
    let buffer = normalized_lines(input, page_flags(input.as_bytes()).plain, &mut lines);
    let width = wrap_width(&lines);
    segments_of(buffer, &lines, width)
}

/// The buffer of a page whose lines are bare ([`scan_bare_lines`]) but for
/// the few that hold a character normalising changes (a no-break space, a
/// zero-width space, a byte-order mark …): the page as it is, each such
/// line normalised in its place and padded with spaces to its old length;
/// `lines` are made the lines [`normalized_lines`] finds (a line that
/// normalises to nothing is blank). `None` if the page is hard-wrapped:
/// its segments join lines, whose ranges must then follow each other.
///
/// Only lines with non-ASCII bytes (narrower than they are long) can hold
/// such a character; the others are copied with the page.
fn normalize_special_lines(input: &str, lines: &mut Vec<Line>) -> Option<String> {
    let mut buffer = String::with_capacity(input.len());
    let mut copied = 0usize;
    let mut blank_before = false;
    lines.retain_mut(|line| {
        line.blank_before |= std::mem::take(&mut blank_before);
        let raw = input.get(line.start..line.end).unwrap_or_default();
        if line.width == raw.len() || !has_special_non_ascii(raw.as_bytes()) {
            return true;
        }
        buffer.push_str(input.get(copied..line.start).unwrap_or_default());
        let indent = normalize_into(raw, false, &mut buffer);
        let text = buffer.get(line.start..).unwrap_or_default();
        let keep = !text.is_empty();
        if keep {
            line.width = text.chars().count() + usize::from(indent);
            line.indent = indent;
        } else {
            // A line of nothing but such characters is a blank line.
            blank_before = true;
        }
        line.end = line.start + text.len();
        buffer.extend(std::iter::repeat_n(' ', raw.len() - text.len()));
        copied = line.start + raw.len();
        keep
    });
    buffer.push_str(input.get(copied..).unwrap_or_default());
    wrap_width(lines).is_none().then_some(buffer)
}

/// Bytes the page scan looks at together: one SSE2 vector, which the
/// compiler makes of the array loops in [`scan_chunk`].
const CHUNK: usize = 16;

/// One chunk of the page scan: `current` holds sixteen bytes and
/// `previous` the sixteen that start one byte earlier (so each byte sees
/// the byte before it). `odd` collects, byte by byte, whatever keeps a
/// line from being bare: a control character other than `\n`, DEL, two
/// spaces in a row, a space next to a `\n`.
///
/// Returns the chunk's two halves as words of marks, byte `i` of the chunk
/// at byte `i % 8` of its half: bit 7 marks a `\n`, bit 0 a UTF-8
/// continuation byte (`0x80..=0xBF`): a line's width in chars is its length
/// less its continuation bytes, and a page without any is ASCII.
/// Written as loops over arrays without early exits, which the compiler
/// turns into a few vector instructions for the whole chunk; the caller
/// reads the marks a word at a time.
fn scan_chunk(previous: &[u8; CHUNK], current: &[u8; CHUNK], odd: &mut [u8; CHUNK]) -> (u64, u64) {
    let mut marks = [0u8; CHUNK];
    for (((mark, odd), &a), &b) in marks
        .iter_mut()
        .zip(odd.iter_mut())
        .zip(previous)
        .zip(current)
    {
        let (a_space, a_break) = (a == b' ', a == b'\n');
        let (b_space, b_break) = (b == b' ', b == b'\n');
        *mark = u8::from(b_break) << 7 | u8::from((0x80..0xc0).contains(&b));
        // `b < b' '` holds for the `\n` too: the xor takes it out.
        let control = (b < b' ') ^ b_break | (b == 0x7f);
        let pair = a_space & (b_space | b_break) | a_break & b_space;
        *odd |= u8::from(control | pair);
    }
    let (low, high) = marks.split_at(CHUNK / 2);
    let word = |half: &[u8]| u64::from_le_bytes(half.try_into().unwrap_or_default());
    (word(low), word(high))
}

/// Bit 7 of each byte: the line-break marks of [`scan_chunk`].
const BREAK_MARKS: u64 = 0x8080_8080_8080_8080;

/// Bit 0 of each byte: the continuation-byte marks of [`scan_chunk`].
const CONTINUATION_MARKS: u64 = 0x0101_0101_0101_0101;

/// The marks of one bit of each byte of the four words of a two-chunk
/// step, byte `i` of the 32 at bit `i`: `bits` are the marks moved to bit 0
/// of their bytes (`shift` is how far). The multiplication gathers the
/// eight bit-0s of a word into its top byte, bit by bit, without carries
/// (each product term lands on a bit of its own).
fn gather_marks(words: &[u64; 4], bits: u64, shift: u32) -> u32 {
    const GATHER: u64 = 0x0102_0408_1020_4080;
    words.iter().enumerate().fold(0u32, |mask, (index, &word)| {
        let byte = ((word >> shift) & bits).wrapping_mul(GATHER) >> 56;
        mask | (byte as u32) << (8 * index)
    })
}

/// The number of marks in a word of [`CONTINUATION_MARKS`] bits: the
/// multiplication adds the eight bytes up into the top one (at most 8,
/// no carry), without the `popcnt` instruction baseline x86-64 lacks.
fn count_marks(word: u64) -> usize {
    usize::from(
        (word & CONTINUATION_MARKS)
            .wrapping_mul(CONTINUATION_MARKS)
            .to_le_bytes()[7],
    )
}

/// The sixteen bytes of `page` from `at` on and the sixteen from `at - 1`,
/// a `\n` standing in for each byte outside the page: a space at either
/// end of the page is then a space next to a line break. For the page's
/// first and last chunk only, which need not be whole.
fn padded_chunk(page: &[u8], at: usize) -> ([u8; CHUNK], [u8; CHUNK]) {
    let byte = |index: Option<usize>| {
        index
            .and_then(|index| page.get(index))
            .copied()
            .unwrap_or(b'\n')
    };
    let mut previous = [b'\n'; CHUNK];
    let mut current = [b'\n'; CHUNK];
    for (offset, (p, c)) in previous.iter_mut().zip(&mut current).enumerate() {
        *p = byte((at + offset).checked_sub(1));
        *c = byte(Some(at + offset));
    }
    (previous, current)
}

/// The lines of `input`, found as [`bare_lines`] finds them, if no byte of
/// the page keeps its lines from being bare (a control character, `\r`,
/// two spaces in a row, a space at a line's end): [`PageFlags`]' `plain`
/// and `bare_lines` but for the non-ASCII characters normalising changes,
/// which [`BareScan::special`] tells of. `None` otherwise, `lines` then
/// holding any lines found so far.
///
/// One pass over the page, sixteen bytes at a time, finds the line breaks
/// and tests the bytes together: the page fold and a `memchr` per line it
/// replaces cost twice as much on lines of a few dozen bytes.
fn scan_bare_lines(input: &str, lines: &mut Vec<Line>) -> Option<BareScan> {
    let page = input.as_bytes();
    let mut odd = [0u8; CHUNK];
    // A character normalising changes: a page with one is not bare.
    let mut special = false;
    let mut scan = LineScan {
        start: 0,
        number: 0,
        pending_blank: false,
        continuations: 0,
        line_continuations: 0,
        kept: 0,
    };
    let mut at = 0usize;
    while at < page.len() {
        // Two whole chunks and the byte before them, if the page has them:
        // all but the first two chunks and the last two.
        let whole = at
            .checked_sub(1)
            .and_then(|from| page.get(from..at + 2 * CHUNK))
            .and_then(|window| {
                let chunk = |from: usize| -> Option<&[u8; CHUNK]> {
                    window.get(from..from + CHUNK)?.try_into().ok()
                };
                Some([chunk(0)?, chunk(1)?, chunk(CHUNK)?, chunk(CHUNK + 1)?])
            });
        let words = match whole {
            Some([previous, current, next_previous, next]) => {
                let (w0, w1) = scan_chunk(previous, current, &mut odd);
                let (w2, w3) = scan_chunk(next_previous, next, &mut odd);
                [w0, w1, w2, w3]
            }
            None => padded_words(page, at, &mut odd),
        };
        let marks = words.iter().fold(0, |marks, word| marks | word);
        if marks & CONTINUATION_MARKS != 0 && !special {
            special = special_in_chunks(page, at);
        }
        if marks & BREAK_MARKS != 0 {
            // The breaks of all 32 bytes in one mask, walked by one loop:
            // a loop per word ended four times a chunk, each end a branch
            // the predictor missed as often as lines end at random.
            let breaks = gather_marks(&words, BREAK_MARKS >> 7, 7);
            let base = scan.continuations;
            // Continuation bytes before each break; counted only where
            // there are any (most chunks are ASCII).
            let continuations = if marks & CONTINUATION_MARKS != 0 {
                gather_marks(&words, CONTINUATION_MARKS, 0)
            } else {
                0
            };
            let mut rest = breaks;
            if continuations == 0 {
                while rest != 0 {
                    scan.line_ends(at + rest.trailing_zeros() as usize, base, lines);
                    rest &= rest - 1;
                }
            } else {
                while rest != 0 {
                    let byte = rest.trailing_zeros();
                    let before = (continuations & ((1u32 << byte) - 1)).count_ones();
                    scan.line_ends(at + byte as usize, base + before as usize, lines);
                    rest &= rest - 1;
                }
                scan.continuations = base + continuations.count_ones() as usize;
            }
        } else if marks & CONTINUATION_MARKS != 0 {
            scan.continuations += words.iter().map(|&word| count_marks(word)).sum::<usize>();
        }
        at += 2 * CHUNK;
    }
    scan.line_ends(page.len(), scan.continuations, lines);
    if odd.iter().any(|&b| b != 0) || page.last() == Some(&b' ') {
        return None;
    }
    mark_pipes(page, lines);
    Some(BareScan {
        kept: scan.kept,
        special,
    })
}

/// The marks of [`scan_bare_lines`]' two chunks from `at` on, for the
/// page's first and last chunks, which need not be whole: padded with line
/// breaks, and the padding's marks cleared.
///
/// Never inlined: inlined, its set-up was hoisted into the loop over the
/// whole chunks, which ran it for every chunk of the page.
#[inline(never)]
fn padded_words(page: &[u8], at: usize, odd: &mut [u8; CHUNK]) -> [u64; 4] {
    let mut words = [0u64; 4];
    for (half, pair) in words.chunks_exact_mut(2).enumerate() {
        let from = at + half * CHUNK;
        let (previous, current) = padded_chunk(page, from);
        let (low, high) = scan_chunk(&previous, &current, odd);
        // Marks past the page's end are the padding's.
        let in_page = |from: usize| match page.len().saturating_sub(from) {
            0 => 0,
            len @ 1..8 => u64::MAX >> (64 - 8 * len),
            _ => u64::MAX,
        };
        if let [first, second] = pair {
            *first = low & in_page(from);
            *second = high & in_page(from + 8);
        }
    }
    words
}

/// What [`scan_bare_lines`] tells of a page whose bytes are all bare.
#[derive(Debug, PartialEq)]
struct BareScan {
    /// Bytes of the lines (each line and its break).
    kept: usize,
    /// A character normalising changes is on the page
    /// ([`has_special_non_ascii`]): the page is not bare, but only the
    /// lines with one need normalising.
    special: bool,
}

/// Sets [`Line::pipe`] for the lines that hold a `|`: one search of the
/// page, since most pages have none.
fn mark_pipes(page: &[u8], lines: &mut [Line]) {
    let mut pipes = memchr::memchr_iter(b'|', page);
    let Some(mut next_pipe) = pipes.next() else {
        return;
    };
    for line in lines {
        while next_pipe < line.start {
            match pipes.next() {
                Some(at) => next_pipe = at,
                None => return,
            }
        }
        line.pipe = next_pipe < line.end;
    }
}

/// The line [`scan_bare_lines`] is in.
struct LineScan {
    /// Where the line starts.
    start: usize,
    /// Lines ended so far.
    number: usize,
    /// A blank line came since the last line pushed.
    pending_blank: bool,
    /// Continuation bytes in the chunks before the current ones.
    continuations: usize,
    /// Continuation bytes before the line.
    line_continuations: usize,
    /// Bytes of the lines pushed, a break each.
    kept: usize,
}

impl LineScan {
    /// The line ends at `end`, the page having `continuations`
    /// continuation bytes before it: pushes it unless it is blank.
    fn line_ends(&mut self, end: usize, continuations: usize, lines: &mut Vec<Line>) {
        let start = std::mem::replace(&mut self.start, end + 1);
        // The break is no continuation byte: the next line has as many before it.
        let before = std::mem::replace(&mut self.line_continuations, continuations);
        self.number += 1;
        if end <= start {
            self.pending_blank = true;
            return;
        }
        let width = (end - start).saturating_sub(continuations.saturating_sub(before));
        self.kept += end - start + 1;
        lines.push(Line {
            start,
            end,
            width,
            indent: 0,
            number: self.number,
            blank_before: std::mem::take(&mut self.pending_blank),
            pipe: false,
        });
    }
}

/// The lines of a page whose lines all normalise to themselves (see
/// [`PageFlags::bare_lines`]), as ranges of the page: the page with each
/// `\n` a space is the buffer [`normalized_lines`] would build line by line
/// (a blank line aside, whose range no segment covers). The reference
/// [`scan_bare_lines`] is tested against.
#[cfg(test)]
fn bare_lines(input: &str, ascii: bool, lines: &mut Vec<Line>) {
    let mut pipes = memchr::memchr_iter(b'|', input.as_bytes());
    let mut next_pipe = pipes.next().unwrap_or(usize::MAX);
    let mut pending_blank = false;
    let mut start = 0usize;
    let ends = memchr::memchr_iter(b'\n', input.as_bytes()).chain(std::iter::once(input.len()));
    for (index, end) in ends.enumerate() {
        let line_start = std::mem::replace(&mut start, end + 1);
        if end <= line_start {
            pending_blank = true;
            continue;
        }
        let pipe = next_pipe < end;
        while next_pipe < end {
            next_pipe = pipes.next().unwrap_or(usize::MAX);
        }
        let text = input.get(line_start..end).unwrap_or_default();
        let chars = if ascii || text.is_ascii() {
            text.len()
        } else {
            text.chars().count()
        };
        lines.push(Line {
            start: line_start,
            end,
            width: chars,
            indent: 0,
            number: index + 1,
            blank_before: std::mem::take(&mut pending_blank),
            pipe,
        });
    }
}

/// The buffer and lines of any page: every non-blank line normalised into
/// the buffer, each followed by a space. `plain_page` is
/// [`PageFlags::plain`].
fn normalized_lines(input: &str, plain_page: bool, lines: &mut Vec<Line>) -> String {
    // Normalising never lengthens a line, and each line's separator space
    // takes the place of its line break: the buffer never grows.
    let mut buffer = String::with_capacity(input.len() + 1);
    let mut pending_blank = false;
    // Offsets of the page's `|`, in order: each line takes those before its
    // end. Most lines have none, and one vectorised search of the page
    // answers for all of them.
    let mut pipes = memchr::memchr_iter(b'|', input.as_bytes());
    let mut next_pipe = pipes.next().unwrap_or(usize::MAX);
    let page_start = input.as_ptr() as usize;
    for (index, raw) in split_lines(input).enumerate() {
        let raw_end = (raw.as_ptr() as usize - page_start) + raw.len();
        let pipe = next_pipe < raw_end;
        while next_pipe < raw_end {
            next_pipe = pipes.next().unwrap_or(usize::MAX);
        }
        let start = buffer.len();
        let indent = normalize_into(raw, plain_page, &mut buffer);
        let text = buffer.get(start..).unwrap_or_default();
        if text.is_empty() {
            pending_blank = true;
            continue;
        }
        let chars = if text.is_ascii() {
            text.len()
        } else {
            text.chars().count()
        };
        lines.push(Line {
            start,
            end: buffer.len(),
            width: chars + usize::from(indent),
            indent,
            number: index + 1,
            blank_before: std::mem::take(&mut pending_blank),
            pipe,
        });
        buffer.push(' ');
    }
    // Much of a page of whitespace is gone from the buffer; it need not hold
    // the room.
    if buffer.len() < buffer.capacity() / 2 {
        buffer.shrink_to_fit();
    }
    buffer
}

/// The segments of a page's lines, `buffer` holding their text: a line
/// joins the segment before it where the page was hard-wrapped at `width`.
fn segments_of(buffer: String, lines: &[Line], width: Option<usize>) -> Vec<Segment> {
    let buffer = std::sync::Arc::new(buffer);
    let text = |line: &Line| buffer.get(line.start..line.end).unwrap_or_default();
    // The segment of one line.
    let segment = |line: &Line| {
        // [`list_marker`], its first-byte test (which rules out a marker on
        // most lines) read without making the line a `str` first, and not
        // made twice.
        let (kind, content_start) = buffer
            .as_bytes()
            .get(line.start)
            .is_some_and(|&lead| may_start_marker(lead))
            .then(|| marker_at_start(text(line)))
            .flatten()
            .unwrap_or((BlockKind::Paragraph, 0));
        Segment {
            text: Text::Shared {
                buffer: buffer.clone(),
                start: line.start,
                end: line.end,
            },
            content_start,
            kind,
            lines: Some(LineSpan {
                first: line.number,
                last: line.number,
            }),
            indent: line.indent,
            blank_before: line.blank_before,
            dom: None,
            pipe_free: !line.pipe,
        }
    };
    let Some(width) = width else {
        // One segment a line: collected at its known length, no joining
        // test per line.
        return lines.iter().map(segment).collect();
    };

    let mut segments: Vec<Segment> = Vec::with_capacity(lines.len());
    // Width (with indentation) of the last physical line added to the last segment.
    let mut last_line_width = 0usize;
    for line in lines {
        if let Some(previous) = segments.last_mut() {
            if !line.blank_before && continues(last_line_width, text(line), width) {
                // The line follows the previous one in the buffer, a space
                // between: the segment's range takes it in.
                if let Text::Shared { end, .. } = &mut previous.text {
                    *end = line.end;
                }
                if let Some(span) = previous.lines.as_mut() {
                    span.last = line.number;
                }
                previous.pipe_free &= !line.pipe;
                last_line_width = line.width;
                continue;
            }
        }
        last_line_width = line.width;
        segments.push(segment(line));
    }
    segments
}

/// Splits on `\n`, `\r\n` and a lone `\r`, so mixed line endings count lines alike.
fn split_lines(input: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(input);
    // Most pages end their lines with `\n` alone: one search of the page
    // for a `\r` lets every line's search look for one byte, not two.
    let has_cr = memchr::memchr(b'\r', input.as_bytes()).is_some();
    std::iter::from_fn(move || {
        let text = rest?;
        let found = if has_cr {
            memchr::memchr2(b'\n', b'\r', text.as_bytes())
        } else {
            memchr::memchr(b'\n', text.as_bytes())
        };
        match found {
            Some(at) => {
                let tail = text.get(at..).unwrap_or_default();
                let skip = if tail.starts_with("\r\n") { 2 } else { 1 };
                rest = Some(tail.get(skip..).unwrap_or_default());
                Some(text.get(..at).unwrap_or_default())
            }
            None => {
                rest = None;
                (!text.is_empty()).then_some(text)
            }
        }
    })
}

/// The column a hard-wrapped text was wrapped at, if it was.
///
/// A wrapped text has many lines ending just short of one width and almost none
/// beyond it. Returns `None` for text with one paragraph per line.
fn wrap_width(lines: &[Line]) -> Option<usize> {
    let widths = Widths::of(lines);
    // Every `near` of the search counts lines of these widths only: too few
    // of them and no width can be the wrap width (most pages of one
    // paragraph per line, whose lines are short menu entries or long
    // paragraphs). One sum answers before the search over every width.
    let candidates: usize = widths
        .histogram
        .get(Widths::MIN + 1 - Widths::BAND..)
        .unwrap_or_default()
        .iter()
        .sum();
    if candidates < 5 || candidates * 5 < widths.total {
        return None;
    }
    widths.wrap_width()
}

/// How many lines have each width, for [`wrap_width`].
struct Widths {
    /// Lines of each width up to [`Widths::MAX`].
    histogram: [usize; Widths::MAX + 1],
    /// Lines wider than [`Widths::MAX`].
    over: usize,
    /// All the lines.
    total: usize,
}

impl Widths {
    /// The widest wrap width looked for.
    const MAX: usize = 160;
    /// The narrowest.
    const MIN: usize = 30;
    /// A wrapped line ends within this many columns of the wrap width.
    const BAND: usize = 12;

    /// The widths of `lines`.
    fn of(lines: &[Line]) -> Self {
        let mut histogram = [0usize; Self::MAX + 1];
        let mut over = 0usize;
        for line in lines {
            match histogram.get_mut(line.width) {
                Some(count) => *count += 1,
                None => over += 1,
            }
        }
        Widths {
            histogram,
            over,
            total: lines.len(),
        }
    }

    /// The search over every width: [`wrap_width`] without its early
    /// answer, which the unit tests check changes nothing.
    fn wrap_width(&self) -> Option<usize> {
        let total = self.total;
        if total < 4 {
            return None;
        }
        let count = |len: usize| self.histogram.get(len).copied().unwrap_or(0);
        // Running sums, updated one width at a time: the lines ending within
        // BAND columns up to the width, and the lines beyond it.
        let mut near: usize = (Self::MIN + 1 - Self::BAND..=Self::MIN).map(count).sum();
        let mut beyond: usize = (Self::MIN + 1..=Self::MAX).map(count).sum::<usize>() + self.over;
        let mut best: Option<(usize, usize)> = None;
        for width in Self::MIN..=Self::MAX {
            if width > Self::MIN {
                near = near + count(width) - count(width - Self::BAND);
                beyond -= count(width);
            }
            // Allow a few overlong lines (URLs and other unbreakable words).
            if beyond * 50 > total {
                continue;
            }
            if best.is_none_or(|(_, n)| near > n) {
                best = Some((width, near));
            }
        }
        let (width, near) = best?;
        // Enough lines end near one width that it cannot be chance: a few long
        // one-paragraph lines of similar length do not make a wrapped text.
        (near >= 5 && near * 5 >= total).then_some(width)
    }
}

/// True if `next` continues a paragraph whose last line was `previous_width`
/// columns wide, in text wrapped at `width`: the first word of `next` would not
/// have fitted at the end of that line, so the break was the wrapper's, not the author's.
fn continues(previous_width: usize, next: &str, width: usize) -> bool {
    if list_marker(next).is_some() {
        return false;
    }
    let next_word = next.split(' ').next().map_or(0, |w| w.chars().count());
    previous_width + 1 + next_word > width
}

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

#[cfg(test)]
mod tests {
    use super::*;

    /// The char-by-char definition of [`normalize_line`], which its
    /// run-copying loop and ASCII fast path must agree with.
    fn normalize_reference(line: &str) -> (String, u16) {
        let mut indent: u32 = 0;
        let mut out = String::new();
        let mut leading = true;
        let mut pending_space = false;
        for c in line.chars() {
            if is_invisible(c) {
                continue;
            }
            if c.is_whitespace() || c.is_control() {
                if leading && c.is_whitespace() {
                    indent = indent.saturating_add(if c == '\t' { 4 } else { 1 });
                } else if !leading {
                    pending_space = true;
                }
                continue;
            }
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            leading = false;
            out.push(c);
        }
        (out, u16::try_from(indent).unwrap_or(u16::MAX))
    }

    proptest::proptest! {

    #[test]
        fn normalize_line_agrees_with_its_definition(
            line in "[ a-z.\\t\u{a0}\u{85}\u{0}\u{7f}\u{200b}\u{feff}\u{2009}é’\u{3000}]{0,40}"
        ) {
            proptest::prop_assert_eq!(normalize_line(&line), normalize_reference(&line));
        }
    }

    /// The byte test of the fast path against the char definition, for every
    /// char: alone, between letters, and doubled.
    #[test]
    fn special_non_ascii_bytes_are_exactly_the_chars_normalising_changes() {
        for c in (0x80..=0x10_FFFF).filter_map(char::from_u32) {
            let changes = c.is_whitespace() || c.is_control() || is_invisible(c);
            for text in [format!("{c}"), format!("a{c}b"), format!("{c}{c}")] {
                assert_eq!(
                    has_special_non_ascii(text.as_bytes()),
                    changes,
                    "U+{:04X}",
                    u32::from(c)
                );
                assert_eq!(
                    is_plain(text.as_bytes()),
                    !changes,
                    "U+{:04X}",
                    u32::from(c)
                );
            }
        }
    }

    /// The definition [`is_plain`] computes eight bytes at a time.
    fn is_plain_reference(inner: &str) -> bool {
        !inner.contains("  ")
            && !inner
                .chars()
                .any(|c| c.is_whitespace() && c != ' ' || c.is_control() || is_invisible(c))
    }

    /// A double space or a control byte is found at every offset, across
    /// the eight-byte words as well as within them.
    #[test]
    fn is_plain_finds_what_it_looks_for_at_every_offset() {
        for at in 0..24 {
            let mut line = "ab".repeat(13);
            line.replace_range(at..=at, " ");
            assert!(is_plain(line.as_bytes()), "{line:?}");
            line.replace_range(at + 1..=at + 1, " ");
            assert!(!is_plain(line.as_bytes()), "{line:?}");
            for odd in ["\t", "\u{7f}", "\u{0}"] {
                let mut line = "ab".repeat(13);
                line.replace_range(at..=at, odd);
                assert!(!is_plain(line.as_bytes()), "{line:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn is_plain_agrees_with_its_definition(
            line in "[ a-z~!\t\n\r\u{0}\u{1f}\u{7f}\u{80}\u{9f}\u{a0}\u{a1}é’\u{2009}\u{200b}\u{3000}\u{feff}]{0,40}"
        ) {
            proptest::prop_assert_eq!(is_plain(line.as_bytes()), is_plain_reference(&line));
        }

        /// The page test is the line test of every line (ends trimmed),
        /// plus no two spaces in a row anywhere: it passes a page exactly
        /// when each line may be copied as it is.
        #[test]
        fn plain_page_agrees_with_the_line_test(
            page in "[ a-z.\\n\\r\\t\u{0}\u{85}\u{a0}\u{200b}\u{2009}é’\u{3000}]{0,80}"
        ) {
            let lines_plain = split_lines(&page)
                .all(|line| is_plain(line.trim_matches(' ').as_bytes()));
            let no_double_space = !page.contains("  ");
            proptest::prop_assert_eq!(
                page_flags(page.as_bytes()).plain,
                lines_plain && no_double_space
            );
        }

        /// Segments share one buffer; each must read as the lines it
        /// spans, normalised and joined by one space.
        #[test]
        fn segments_read_as_their_normalised_lines(
            lines in proptest::collection::vec("[ a-z.|\\t\u{a0}\u{200b}é’]{0,50}", 0..30)
        ) {
            let text = lines.join("\n");
            for segment in segment_text(&text) {
                let span = segment.lines.unwrap_or(LineSpan { first: 1, last: 0 });
                let expected: Vec<String> = lines
                    .get(span.first - 1..span.last)
                    .unwrap_or_default()
                    .iter()
                    .map(|line| normalize_line(line).0)
                    .filter(|line| !line.is_empty())
                    .collect();
                proptest::prop_assert_eq!(segment.text.as_str(), expected.join(" "));
                proptest::prop_assert_eq!(segment.pipe_free, !segment.text.as_str().contains('|'));
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// The early answer for pages with few lines of a width a wrap
        /// could have changes no page's wrap width: widths drawn from the
        /// edges of the band and beyond, clustered and not.
        #[test]
        fn wrap_width_agrees_with_the_reference(
            wrap in 10usize..=175,
            picks in proptest::collection::vec((0u8..5, 0usize..400), 0..60),
        ) {
            // Lines ending just short of a wrap width, shorter ones, and
            // any width at all (rarely, as on a wrapped page).
            let widths: Vec<usize> = picks
                .iter()
                .map(|&(kind, x)| match kind {
                    0 | 1 => wrap.saturating_sub(x % 16),
                    2 => x % (wrap + 1),
                    3 => x % 40,
                    _ => x,
                })
                .collect();
            let lines: Vec<Line> = widths
                .iter()
                .enumerate()
                .map(|(index, &width)| Line {
                    start: 0,
                    end: 0,
                    width,
                    indent: 0,
                    number: index + 1,
                    blank_before: false,
                    pipe: false,
                })
                .collect();
            proptest::prop_assert_eq!(wrap_width(&lines), Widths::of(&lines).wrap_width());
        }
    }

    /// [`segment_text`] without its bare-page fast path: every line
    /// normalised into the buffer.
    fn segments_by_normalizing(input: &str) -> Vec<Segment> {
        let input = input.strip_prefix('\u{FEFF}').unwrap_or(input);
        let mut lines = Vec::new();
        let buffer = normalized_lines(input, page_flags(input.as_bytes()).plain, &mut lines);
        let width = wrap_width(&lines);
        segments_of(buffer, &lines, width)
    }

    /// Everything a segment carries, its text read out of its buffer.
    fn described(segments: &[Segment]) -> Vec<String> {
        segments
            .iter()
            .map(|s| {
                format!(
                    "{:?} {} {:?} {:?} {} {} {}",
                    s.text.as_str(),
                    s.content_start,
                    s.kind,
                    s.lines,
                    s.indent,
                    s.blank_before,
                    s.pipe_free
                )
            })
            .collect()
    }

    /// Lines of one to twelve words: no space at either end, no double
    /// space, so a page of them takes the bare-page path.
    const BARE_LINE: &str = "([a-z\u{e9}|.]{1,9}( [a-z\u{e9}|.]{1,9}){0,11})?";

    proptest::proptest! {
        #[test]
        fn bare_pages_segment_as_the_normalising_path_does(
            lines in proptest::collection::vec(BARE_LINE, 0..40),
            trailing_break in proptest::bool::ANY,
        ) {
            let mut page = lines.join("\n");
            if trailing_break {
                page.push('\n');
            }
            let flags = page_flags(page.as_bytes());
            proptest::prop_assert!(flags.plain && flags.bare_lines);
            proptest::prop_assert_eq!(
                described(&segment_text(&page)),
                described(&segments_by_normalizing(&page))
            );
        }

        /// Lines near one width, so that many pages are hard-wrapped and
        /// their segments join lines.
        #[test]
        fn wrapped_bare_pages_segment_as_the_normalising_path_does(
            lines in proptest::collection::vec("[a-z]{1,9}( [a-z]{1,9}){5,7}", 0..30),
            blank_every in 3usize..9,
        ) {
            let mut page = String::new();
            for (index, line) in lines.iter().enumerate() {
                page.push_str(line);
                page.push('\n');
                if index % blank_every == blank_every - 1 {
                    page.push('\n');
                }
            }
            proptest::prop_assert_eq!(
                described(&segment_text(&page)),
                described(&segments_by_normalizing(&page))
            );
        }
    }

    proptest::proptest! {
        /// `gather_marks` puts byte `i`'s mark at bit `i`, for either
        /// mark and any mix of bytes, whatever the other bits hold.
        #[test]
        fn gathered_marks_are_the_marked_bytes(words: [u64; 4]) {
            for (bits, shift) in [(CONTINUATION_MARKS, 0), (BREAK_MARKS >> 7, 7)] {
                let mut expected = 0u32;
                for (index, word) in words.iter().enumerate() {
                    for (byte, value) in word.to_le_bytes().into_iter().enumerate() {
                        if value >> shift & 1 == 1 {
                            expected |= 1 << (8 * index + byte);
                        }
                    }
                }
                proptest::prop_assert_eq!(gather_marks(&words, bits, shift), expected);
            }
        }
    }

    proptest::proptest! {
        /// The chunked scan finds the lines the line-by-line reference
        /// finds, and takes a page as bare exactly when the page fold does:
        /// pages long enough to span several chunks, with every byte the
        /// scan looks for at every offset.
        #[test]
        fn scan_finds_the_lines_and_flags_of_the_reference(
            page in "[ a\\n|\\r\\t\u{7f}\u{1}\u{e9}\u{2019}\u{a0}\u{85}\u{2009}\u{2060}\u{feff}\u{3000}\u{3042}\u{1680}\u{ff45}]{0,120}",
            prefix in "[a\u{e9}]{0,40}",
        ) {
            let page = format!("{prefix}{page}");
            let flags = page_flags(page.as_bytes());
            let expected = (flags.plain && flags.bare_lines).then(|| {
                let mut lines = Vec::new();
                bare_lines(&page, flags.ascii, &mut lines);
                let kept: usize = lines.iter().map(|line| line.end - line.start + 1).sum();
                (kept, lines)
            });
            let mut lines = Vec::new();
            let found = scan_bare_lines(&page, &mut lines)
                .filter(|scan| !scan.special)
                .map(|scan| (scan.kept, lines));
            proptest::prop_assert_eq!(found, expected);
        }

        /// A bare page but for one character, special or one that shares
        /// a lead byte with the special ones, anywhere in the page: the
        /// scan rejects the page exactly when the page fold does.
        #[test]
        fn scan_finds_one_special_character_anywhere(
            lines in proptest::collection::vec("[a-z]{1,9}( [a-z]{1,9}){0,6}", 1..12),
            at in 0usize..1000,
            odd in "[\u{85}\u{a0}\u{a9}\u{1680}\u{1681}\u{2009}\u{200b}\u{2019}\u{2028}\u{202f}\u{205f}\u{2060}\u{2061}\u{3000}\u{3001}\u{feff}\u{fefe}\u{ff45}]",
        ) {
            let mut page = lines.join("\n");
            let at = (0..=at % (page.len() + 1))
                .rev()
                .find(|&i| page.is_char_boundary(i))
                .unwrap_or(0);
            page.insert_str(at, &odd);
            let flags = page_flags(page.as_bytes());
            let mut lines = Vec::new();
            let scan = scan_bare_lines(&page, &mut lines);
            proptest::prop_assert_eq!(
                scan.as_ref().is_some_and(|scan| !scan.special),
                flags.plain && flags.bare_lines
            );
            // Only the special character can keep the page from being bare.
            proptest::prop_assert!(scan.is_some());
            // And such a page segments as the normalising path does.
            proptest::prop_assert_eq!(
                described(&segment_text(&page)),
                described(&segments_by_normalizing(&page))
            );
        }

        /// Pages bare but for characters normalising changes, in words,
        /// between them, at a line's ends and alone on a line: the lines
        /// holding them are normalised in place, and the segments are the
        /// normalising path's.
        #[test]
        fn pages_with_special_characters_segment_as_the_normalising_path_does(
            lines in proptest::collection::vec(
                "([a-z\u{a0}\u{200b}\u{feff}\u{2009}\u{3000}\u{e9}|*1.]{1,9}( [a-z\u{a0}\u{200b}\u{e9}]{1,9}){0,8})?",
                0..30,
            ),
        ) {
            let page = lines.join("\n");
            let mut found = Vec::new();
            if scan_bare_lines(&page, &mut found).is_some() {
                proptest::prop_assert_eq!(
                    described(&segment_text(&page)),
                    described(&segments_by_normalizing(&page))
                );
            }
        }

        /// Bare pages (words, pipes and non-ASCII letters, no odd byte)
        /// are the common case the test above reaches least.
        #[test]
        fn scan_agrees_with_the_reference_on_bare_pages(
            lines in proptest::collection::vec("([a-z|\u{e9}\u{2019}]{1,9}( [a-z|\u{e9}]{1,9}){0,6})?", 0..30),
        ) {
            let page = lines.join("\n");
            let flags = page_flags(page.as_bytes());
            proptest::prop_assert!(flags.plain && flags.bare_lines);
            let mut expected = Vec::new();
            bare_lines(&page, flags.ascii, &mut expected);
            let mut found = Vec::new();
            let scan = scan_bare_lines(&page, &mut found);
            proptest::prop_assert_eq!(
                scan,
                Some(BareScan {
                    kept: expected.iter().map(|line| line.end - line.start + 1).sum(),
                    special: false,
                })
            );
            proptest::prop_assert_eq!(found, expected);
        }
    }

    #[test]
    fn spaces_at_a_line_end_or_a_carriage_return_make_a_page_not_bare() {
        for page in ["a\nb", "a b\nc d"] {
            assert!(page_flags(page.as_bytes()).bare_lines, "{page:?}");
        }
        for page in [" a\nb", "a \nb", "a\n b", "a\nb ", "a\r\nb", "a\rb"] {
            assert!(!page_flags(page.as_bytes()).bare_lines, "{page:?}");
            assert_eq!(
                described(&segment_text(page)),
                described(&segments_by_normalizing(page))
            );
        }
    }

    #[test]
    fn normalize_line_collapses_spaces_and_drops_invisibles() {
        assert_eq!(
            normalize_line("\t  a\u{a0}\u{a0}b\u{200b}c \u{0} d.  "),
            ("a bc d.".to_string(), 6)
        );
    }

    #[test]
    fn a_few_long_lines_of_similar_length_are_not_a_wrapped_text() {
        // One paragraph per line; three lines happen to be about equally long.
        let text = "Flood Defences Extended\n\
            The dyke on the north bank will be raised by half a metre over the next three years.\n\
            Work starts in June at the sports ground, and the cycle path will be closed for a while.\n\
            Building works from June\n\
            Residents can see the plans at the town hall on weekday mornings until the end of May.\n\
            Share this article\n";
        let segments = segment_text(text);
        assert_eq!(segments.len(), 6);
        assert_eq!(
            segments.get(3).map(Segment::content),
            Some("Building works from June")
        );
    }

    #[test]
    fn hard_wrapped_paragraphs_are_rejoined() {
        let text = "Our spring work day is this Saturday, from nine until about one in\n\
            the afternoon. We will be turning the compost bays and mending the\n\
            fence along the north side, and sowing the first beans and peas of\n\
            the year. Tools, gloves and tea are provided; bring boots and lunch\n\
            if you are staying on, and a jumper in case the wind picks up again.\n\
            \n\
            If you have seedlings to swap, please bring them along and label them\n\
            so that we know what they are. Last year we ended up with four trays\n\
            of unnamed tomatoes, which was fun but not very useful to anyone.\n";
        let segments = segment_text(text);
        assert_eq!(segments.len(), 2, "{segments:?}");
        assert!(segments
            .first()
            .is_some_and(|s| s.text.starts_with("Our spring") && s.text.ends_with("again.")));
    }

    #[test]
    fn soft_hyphens_stay_and_zero_width_spaces_go() {
        let (text, indent) = normalize_line("  Stein\u{AD}zeit\u{200B} und\u{A0}mehr");
        assert_eq!(text, "Stein\u{AD}zeit und mehr");
        assert_eq!(indent, 2);
    }

    #[test]
    fn a_page_of_plain_lines_is_plain_and_one_odd_character_is_enough() {
        let page = " Title\r\nA line, with words. \n\n\u{2019}Quoted\u{2019} \u{e9}t\u{e9}\n";
        assert!(page_flags(page.as_bytes()).plain);
        for odd in ["\t", "  ", "\u{a0}", "\u{0}", "\u{200b}", "\u{3000}"] {
            let page = page.replace("with", &format!("with{odd}"));
            assert!(!page_flags(page.as_bytes()).plain, "{odd:?}");
        }
    }

    #[test]
    fn list_marker_first_byte_test_loses_no_marker() {
        let firsts = (0u8..0x80)
            .map(char::from)
            .chain("•·▪◦‣–►▸é’—\u{a0}".chars());
        for first in firsts {
            for rest in ["", " x", ". x", ") x", "1. x", "2) y", "x"] {
                let text = format!("{first}{rest}");
                assert_eq!(list_marker(&text), marker_at_start(&text), "{text:?}");
            }
        }
    }

    #[test]
    fn nonblank_lines_are_counted() {
        assert_eq!(count_nonblank_lines(""), 0);
        assert_eq!(count_nonblank_lines(" \n\t\r\n\r"), 0);
        assert_eq!(count_nonblank_lines("a\r\nb\rc\n\nd"), 4);
    }
}
