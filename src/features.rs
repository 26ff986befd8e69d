//! Features: the numbers the scorer reads off each block.
//!
//! All of them are shallow and cheap — counts of words, stopwords, capitals,
//! digits, whether the block ends a sentence — because shallow features
//! separate boilerplate from article text almost as well as anything heavier
//! (Kohlschütter et al. 2010), and cheap ones keep linesift fast.

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::OnceLock;

use unicode_segmentation::UnicodeSegmentation;
use wide::{i8x16, CmpEq, CmpLt};

use crate::hash::{FoldMap, PreHashedMap, FOLD};
use crate::lang::{self, Language, StopwordTable, DETECTION_WORDS};
use crate::patterns::{PatternHits, Patterns};
use crate::segment::Segment;

/// The features of one block.
#[derive(Debug, Clone, Default)]
pub(crate) struct Features {
    /// Characters of content (bullet excluded).
    pub chars: usize,
    /// Words (Unicode word boundaries, words with a letter or digit).
    pub words: usize,
    /// Words that are stopwords of the page's language.
    pub stopwords: usize,
    /// Words starting with an upper-case letter.
    pub capitalised: usize,
    /// Stopwords after the first word that start with an upper-case letter:
    /// prose never capitalises "the" or "of" mid-sentence, Title Case headlines do.
    pub capitalised_stopwords: usize,
    /// Words of two or more letters written all in capitals.
    pub all_caps: usize,
    /// The content ends with terminal punctuation (quotes and brackets skipped).
    pub ends_with_terminal: bool,
    /// Characters that are ASCII digits.
    pub digits: usize,
    /// How many blocks of the page have the same text (1 = unique).
    pub occurrences: usize,
    /// The same number for every block of the page with the same text.
    pub text_id: u32,
    /// Share of the text inside links (HTML only; 0 in text mode).
    pub link_density: f32,
    /// Boilerplate patterns the text matched.
    pub patterns: PatternHits,
}

impl Features {
    /// Stopwords per word, 0 for an empty block.
    pub fn stopword_density(&self) -> f32 {
        ratio(self.stopwords, self.words)
    }

    /// Capitalised words per word, 0 for an empty block.
    pub fn capitalised_ratio(&self) -> f32 {
        ratio(self.capitalised, self.words)
    }

    /// Written In Title Case, as headlines and menu entries are: most words
    /// capitalised, stopwords after the first word included (or no stopwords at all).
    pub fn is_title_case(&self) -> bool {
        self.words >= 4
            && self.capitalised_ratio() >= 0.75
            && (self.capitalised_stopwords >= 1
                || (self.stopwords == 0 && self.capitalised == self.words))
    }

    /// WRITTEN IN CAPITALS: most of at least three words.
    pub fn is_all_caps(&self) -> bool {
        self.words >= 3 && self.all_caps * 5 >= self.words * 4
    }
}

fn ratio(part: usize, whole: usize) -> f32 {
    if whole == 0 {
        0.0
    } else {
        part as f32 / whole as f32
    }
}

/// The UAX #29 word-break classes of the characters the fast path handles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WordClass {
    /// ALetter.
    Letter,
    /// Numeric.
    Digit,
    /// ExtendNumLet (`_`): joins letters and digits but is not a word alone.
    Connector,
    /// MidLetter (`:`, `·`): joins two letters.
    MidLetter,
    /// MidNum (`,`, `;`): joins two digits.
    MidNum,
    /// MidNumLet and Single_Quote (`.`, `'`, `’`): joins two letters or two digits.
    MidNumLet,
    /// Anything else the fast path knows: spaces, dashes, quotes, symbols.
    Other,
}

/// The word-break class of `c`, or `None` if the fast path does not know it.
fn class(c: char) -> Option<WordClass> {
    use WordClass::*;
    Some(match c {
        'a'..='z' | 'A'..='Z' => Letter,
        '0'..='9' => Digit,
        '_' => Connector,
        ':' | '·' | '\u{387}' | '\u{2027}' => MidLetter,
        ',' | ';' => MidNum,
        '.' | '\'' | '\u{2018}' | '\u{2019}' | '\u{2024}' => MidNumLet,
        // Control characters and the ASCII line breaks have classes of their
        // own in UAX #29; leave them to the full segmenter.
        '\u{0}'..='\u{1f}' | '\u{7f}' => return None,
        '\u{20}'..='\u{7e}' => Other,
        'ª' | 'µ' | 'º' => Letter,
        '×' | '÷' => Other,
        '\u{c0}'..='\u{24f}' => Letter,
        // Greek, Cyrillic and Hangul syllables: letters of alphabets that
        // separate words with spaces, as the Latin ones do (the Greek
        // punctuation and symbols among them are left out).
        '\u{386}'
        | '\u{388}'..='\u{38a}'
        | '\u{38c}'
        | '\u{38e}'..='\u{3a1}'
        | '\u{3a3}'..='\u{3f5}'
        | '\u{3f7}'..='\u{481}'
        | '\u{48a}'..='\u{52f}'
        | '\u{ac00}'..='\u{d7a3}' => Letter,
        // Latin-1 punctuation and symbols, except the soft hyphen (Format),
        // the superscript digits and fractions (one-character words).
        '\u{a0}'..='\u{ac}'
        | '\u{ae}'..='\u{b0}'
        | '\u{b1}'
        | '\u{b4}'
        | '\u{b6}'
        | '\u{b8}'
        | '\u{bb}'
        | '\u{bf}' => Other,
        // Dashes, curly double quotes, daggers, bullet, ellipsis, per mille,
        // primes, single guillemets, euro and trade mark signs.
        '\u{2010}'..='\u{2015}'
        | '\u{201c}'..='\u{201e}'
        | '\u{2020}'..='\u{2022}'
        | '\u{2026}'
        | '\u{2030}'
        | '\u{2032}'
        | '\u{2033}'
        | '\u{2039}'
        | '\u{203a}'
        | '\u{20ac}'
        | '\u{2122}' => Other,
        _ => return None,
    })
}

// Word flags: what the word loop needs to know of a character, one bit each.
// `JOINS_LETTERS` and `JOINS_DIGITS` are `LETTER` and `DIGIT` shifted left
// by three, so a joiner between two characters is tested with one shift.
/// ALetter.
const LETTER: u8 = 1;
/// Numeric.
const DIGIT: u8 = 2;
/// ExtendNumLet (`_`): joins letters and digits but is not a word alone.
const CONNECTOR: u8 = 4;
/// MidLetter or MidNumLet: joins two letters.
const JOINS_LETTERS: u8 = LETTER << 3;
/// MidNum or MidNumLet: joins two digits.
const JOINS_DIGITS: u8 = DIGIT << 3;
/// An upper-case letter.
const UPPER: u8 = 32;
/// A lower-case letter.
const LOWER: u8 = 64;
/// A character outside ASCII. On an ASCII byte, alone, it marks a control
/// character (see [`ASCII_FLAGS`]).
const NON_ASCII: u8 = 128;

/// Characters that are part of a word.
const WORD: u8 = LETTER | DIGIT | CONNECTOR;

/// The word flags of a character of a [`WordClass`], case bits aside.
const fn class_flags(class: WordClass) -> u8 {
    match class {
        WordClass::Letter => LETTER,
        WordClass::Digit => DIGIT,
        WordClass::Connector => CONNECTOR,
        WordClass::MidLetter => JOINS_LETTERS,
        WordClass::MidNum => JOINS_DIGITS,
        WordClass::MidNumLet => JOINS_LETTERS | JOINS_DIGITS,
        WordClass::Other => 0,
    }
}

/// The word flags of the ASCII bytes. Control characters, which [`class`]
/// leaves to the full segmenter, are [`NON_ASCII`] alone: the word loop
/// treats them as spaces in an ASCII block, as UAX #29 does there, and gives
/// up on them in any other block.
const ASCII_FLAGS: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut byte = 0u8;
    while byte < 128 {
        let flags = match byte {
            b'A'..=b'Z' => LETTER | UPPER,
            b'a'..=b'z' => LETTER | LOWER,
            b'0'..=b'9' => DIGIT,
            b'_' => CONNECTOR,
            b':' => class_flags(WordClass::MidLetter),
            b',' | b';' => class_flags(WordClass::MidNum),
            b'.' | b'\'' => class_flags(WordClass::MidNumLet),
            0..=0x1f | 0x7f => NON_ASCII,
            _ => 0,
        };
        // Evaluated at compile time: an index out of range fails the build.
        #[allow(clippy::indexing_slicing)]
        {
            table[byte as usize] = flags;
        }
        byte += 1;
    }
    table
};

/// The word flags of `c` and its case, or `None` if [`class`] does not know it.
fn char_flags(c: char) -> Option<u8> {
    let class = class(c)?;
    let mut flags = class_flags(class);
    // Only letters have a case among the characters `class` knows beyond
    // ASCII; the look-ups are skipped for the quotes and dashes.
    if class == WordClass::Letter {
        if c.is_uppercase() {
            flags |= UPPER;
        }
        if c.is_lowercase() {
            flags |= LOWER;
        }
    }
    Some(flags)
}

/// [`ASCII_FLAGS`] for every byte, 0 for those outside ASCII: the inner
/// loop over a word's ASCII characters, which leaves the others to [`flags_at`].
const BYTE_FLAGS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut byte = 0;
    while byte < 128 {
        // Evaluated at compile time: an index out of range fails the build.
        #[allow(clippy::indexing_slicing)]
        {
            table[byte] = ASCII_FLAGS[byte];
        }
        byte += 1;
    }
    table
};

/// The word flags and byte length of the character starting with `byte` at
/// `pos`, or `None` if it is not ASCII and [`class`] does not know it.
#[inline(always)]
fn flags_at(text: &str, byte: u8, pos: usize) -> Option<(u8, usize)> {
    if let Some(&flags) = ASCII_FLAGS.get(usize::from(byte)) {
        return Some((flags, 1));
    }
    // Latin-1 and the other two-byte characters, and the general
    // punctuation (typographic quotes, dashes, ellipsis) by table.
    let bytes = text.as_bytes();
    if (0xC2..=0xDF).contains(&byte) {
        let second = *bytes.get(pos + 1)?;
        let code = usize::from(byte & 0x1F) << 6 | usize::from(second & 0x3F);
        let flags = *wide_flags().two_bytes.get(code)?;
        return (flags != 0).then_some((flags, 2));
    }
    if byte == 0xE2 {
        if let Some(&[second, third]) = bytes.get(pos + 1..pos + 3) {
            if second & 0xFE == 0x80 {
                let code = usize::from(second & 0x01) << 6 | usize::from(third & 0x3F);
                let flags = *wide_flags().punctuation.get(code)?;
                return (flags != 0).then_some((flags, 3));
            }
        }
    }
    let c = text.get(pos..)?.chars().next()?;
    Some((char_flags(c)? | NON_ASCII, c.len_utf8()))
}

/// [`char_flags`] with [`NON_ASCII`] of the characters most scraped text
/// has beyond ASCII, looked up rather than matched and case-tested one by
/// one; 0 for those `class` does not know (a real entry always has
/// [`NON_ASCII`]). Built from [`char_flags`] itself, so the two cannot differ.
struct WideFlags {
    /// U+0000 to U+07FF, the two-byte characters (below U+0080 unused).
    two_bytes: [u8; 0x800],
    /// U+2000 to U+207F, general punctuation.
    punctuation: [u8; 0x80],
}

fn wide_flags() -> &'static WideFlags {
    static TABLE: OnceLock<WideFlags> = OnceLock::new();
    TABLE.get_or_init(|| {
        let flags = |code: u32| {
            char::from_u32(code)
                .and_then(char_flags)
                .map_or(0, |flags| flags | NON_ASCII)
        };
        let mut table = WideFlags {
            two_bytes: [0; 0x800],
            punctuation: [0; 0x80],
        };
        for (code, slot) in (0u32..).zip(table.two_bytes.iter_mut()).skip(0x80) {
            *slot = flags(code);
        }
        for (code, slot) in (0x2000u32..).zip(table.punctuation.iter_mut()) {
            *slot = flags(code);
        }
        table
    })
}

/// The flags of a word of the full segmenter, as the word loop gives them:
/// those of its first character, and those of all its characters together
/// (only the case bits are read).
fn word_flags(word: &str) -> (u8, u8) {
    let first = word
        .chars()
        .next()
        .map_or(0, |c| if c.is_uppercase() { UPPER } else { 0 });
    let all = if word.chars().any(char::is_lowercase) {
        LOWER
    } else {
        0
    };
    (
        first,
        first | all | if word.is_ascii() { 0 } else { NON_ASCII },
    )
}

/// Calls `on_word(start, end, first, flags)` with the byte range of each
/// word of `text`, the word flags of its first character and those of all
/// its characters, until it returns `false`: the words
/// `unicode-segmentation`'s `unicode_words` yields (UAX #29 word segments
/// that hold a letter or digit; the unit tests check they agree). Returns
/// `None` as soon as it meets a character [`class`] does not know — or a
/// control character, unless the text is all ASCII — when the caller must
/// start again with the full segmentation.
///
/// Most scraped text is ASCII or Latin script with typographic quotes and
/// dashes (or Greek, Cyrillic or Hangul, which separate words the same way);
/// for such text this loop gives the same words several times faster than
/// the full segmentation, which gets every other block. One pass over
/// the bytes with no iterator state: this loop runs over every byte of the
/// page, and most of it is ASCII.
// The reference of the word loop, which `count_words` follows (the unit
// tests compare them), and of its word boundaries against `unicode_words`;
// `count_mixed_words` runs it on the pieces of the blocks it gives up on.
fn latin_words(
    text: &str,
    ascii: bool,
    mut on_word: impl FnMut(usize, usize, u8, u8) -> bool,
) -> Option<()> {
    let bytes = text.as_bytes();
    let mut pos = 0;
    while let Some(&byte) = bytes.get(pos) {
        let (first, len) = flags_at(text, byte, pos)?;
        if first & WORD == 0 {
            if first & NON_ASCII != 0 && byte.is_ascii() && !ascii {
                // A control character.
                return None;
            }
            pos += len;
            continue;
        }
        let start = pos;
        pos += len;
        let mut flags = first;
        let mut last = first;
        loop {
            // The ASCII letters and digits of the word, most of its bytes:
            // one table look-up each, no decoding.
            while let Some(&byte) = bytes.get(pos) {
                let next = BYTE_FLAGS.get(usize::from(byte)).copied().unwrap_or(0);
                if next & WORD == 0 {
                    break;
                }
                flags |= next;
                last = next;
                pos += 1;
            }
            let Some(&byte) = bytes.get(pos) else {
                break;
            };
            let (next, len) = flags_at(text, byte, pos)?;
            if next & WORD != 0 {
                flags |= next;
                last = next;
                pos += len;
                continue;
            }
            if next & (JOINS_LETTERS | JOINS_DIGITS) == 0 {
                break;
            }
            // A joiner joins a letter to a letter or a digit to a digit.
            let Some(&after_byte) = bytes.get(pos + len) else {
                break;
            };
            let (after, after_len) = flags_at(text, after_byte, pos + len)?;
            if last & (next >> 3) & after & (LETTER | DIGIT) == 0 {
                break;
            }
            flags |= next | after;
            last = after;
            pos += len + after_len;
        }
        if flags & (LETTER | DIGIT) != 0 && !on_word(start, pos, first, flags) {
            break;
        }
    }
    Some(())
}

/// The word-level features of one block.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct WordCounts {
    words: usize,
    /// ASCII digits in the words counted: every ASCII digit of a block is
    /// in one of its words (a digit is a word character), so with no limit
    /// this is every digit of the block.
    digits: usize,
    capitalised: usize,
    all_caps: usize,
    /// Stopword hits per language, each lane saturating at `u16::MAX`.
    hits: Lanes,
    /// The same, of the words after the first that start with a capital.
    capitalised_hits: Lanes,
}

/// Counts the words of a block one by one into [`WordCounts`]. The stopword
/// hits go to seven 8-bit lanes of a `u64` first, which are moved to the
/// 16-bit lanes every 255 words, before they can overflow: one 64-bit
/// addition a word for all seven languages.
struct WordCounter {
    counts: WordCounts,
    hits: u64,
    capitalised_hits: u64,
    until_flush: u32,
}

impl WordCounter {
    fn new() -> WordCounter {
        WordCounter {
            counts: WordCounts::default(),
            hits: 0,
            capitalised_hits: 0,
            until_flush: 255,
        }
    }

    /// Counts one word: `first` holds the word flags of its first
    /// character, `flags` those of all its characters (only the case bits
    /// are read), `len` its bytes, `mask` its [`lang::stopword_mask`].
    #[inline(always)]
    fn add(&mut self, first: u8, flags: u8, len: usize, mask: u8) {
        let capitalised = first & UPPER != 0;
        let counts = &mut self.counts;
        counts.all_caps += usize::from(capitalised & (len >= 2) & (flags & LOWER == 0));
        counts.capitalised += usize::from(capitalised);
        let hits = MASK_LANES.get(usize::from(mask)).copied().unwrap_or(0);
        // All ones when the word is capitalised and not the first: branch-free.
        let after_first = u64::from(capitalised & (counts.words > 0)).wrapping_neg();
        self.hits += hits;
        self.capitalised_hits += hits & after_first;
        counts.words += 1;
        self.until_flush -= 1;
        if self.until_flush == 0 {
            self.flush();
        }
    }

    /// Moves the 8-bit lanes into the 16-bit ones.
    #[inline(always)]
    fn flush(&mut self) {
        self.counts.hits = saturating_lanes_add(self.counts.hits, self.hits);
        self.counts.capitalised_hits =
            saturating_lanes_add(self.counts.capitalised_hits, self.capitalised_hits);
        self.hits = 0;
        self.capitalised_hits = 0;
        self.until_flush = 255;
    }

    fn finish(mut self) -> WordCounts {
        self.flush();
        self.counts
    }
}

/// The word counts of a block by the fast loop, counting at most `limit`
/// words; `None` if the block is not for the fast loop.
fn count_latin_words(
    text: &str,
    ascii: bool,
    stopwords: &StopwordTable,
    limit: usize,
) -> Option<WordCounts> {
    if limit == 0 {
        return Some(WordCounts::default());
    }
    // Only the page's language detection counts up to a limit: every other
    // call runs the loop without the per-word limit test. A word takes at
    // least two bytes with the one after it, so a block of fewer than
    // 2 * 255 bytes cannot fill an 8-bit stopword lane: no flush test a word.
    let short = text.len() < 2 * 255;
    match (ascii, limit == usize::MAX, short) {
        (true, true, true) => Some(count_ascii_words::<false, false>(text, stopwords, limit)),
        (true, true, false) => Some(count_ascii_words::<false, true>(text, stopwords, limit)),
        (true, false, _) => Some(count_ascii_words::<true, true>(text, stopwords, limit)),
        (false, true, true) => count_words::<false, false, false>(text, stopwords, limit),
        (false, true, false) => count_words::<false, false, true>(text, stopwords, limit),
        (false, false, _) => count_words::<false, true, true>(text, stopwords, limit),
    }
}

/// Adds 8-bit stopword lanes to the 16-bit ones of `counts`, and the
/// word loop's packed counters (words, capitalised and all-caps words in
/// 16-bit fields) to its own: out of line, as it runs once every 128 words,
/// so that the word loop keeps its registers for itself.
#[inline(never)]
fn flush_hits(counts: &mut WordCounts, hits: u64, capitalised_hits: u64, packed: u64) {
    add_counts(counts, hits, capitalised_hits, packed);
}

/// [`flush_hits`] inline, for the end of a block.
#[inline(always)]
fn add_counts(counts: &mut WordCounts, hits: u64, capitalised_hits: u64, packed: u64) {
    // No lane counts more hits than words were counted: below this many
    // words, adding at most 255 to a lane cannot pass `u16::MAX`.
    const NO_SATURATION: usize = (u16::MAX - 255) as usize;
    let saturate = counts.words >= NO_SATURATION;
    counts.words += (packed & 0xFFFF) as usize;
    counts.capitalised += (packed >> 16 & 0xFFFF) as usize;
    counts.all_caps += (packed >> 32 & 0xFFFF) as usize;
    if saturate {
        counts.hits = saturating_lanes_add(counts.hits, hits);
        counts.capitalised_hits = saturating_lanes_add(counts.capitalised_hits, capitalised_hits);
    } else {
        counts.hits += widen_lanes(hits);
        counts.capitalised_hits += widen_lanes(capitalised_hits);
    }
}

/// The 8-bit lanes of `narrow` as 16-bit lanes.
#[inline(always)]
fn widen_lanes(narrow: u64) -> Lanes {
    // Four bytes to four 16-bit lanes: each step moves the upper half of
    // every field up by the field's width.
    let spread = |half: u64| {
        let half = (half | half << 16) & 0x0000_FFFF_0000_FFFF;
        (half | half << 8) & 0x00FF_00FF_00FF_00FF
    };
    Lanes::from(spread(narrow & 0xFFFF_FFFF)) | Lanes::from(spread(narrow >> 32)) << 64
}

/// [`count_latin_words`] of a block with at least one word to count: the
/// words [`latin_words`] gives (the unit tests compare them), with the
/// counters in locals rather than behind a closure. ASCII bytes are looked
/// up in [`BYTE_FLAGS`] alone; `ASCII` says the whole block is ASCII, when
/// nothing else is looked at and control characters are spaces (as UAX #29
/// has them between ASCII words). The character that ends a word is looked
/// at once, in any block (but a control character outside an ASCII block,
/// which the loop between words must see). `None` where [`latin_words`]
/// gives `None`. ASCII blocks take [`count_ascii_words`], of which this
/// loop with `ASCII` is the reference (the unit tests compare them).
// Out of line: six copies inlined into the dispatch of `count_latin_words`
// (and that into `extract`) cost more in spills than the call does, 0.34 M
// instructions a round on the profile pages.
#[inline(never)]
fn count_words<const ASCII: bool, const LIMITED: bool, const FLUSH: bool>(
    text: &str,
    stopwords: &StopwordTable,
    limit: usize,
) -> Option<WordCounts> {
    #[inline(always)]
    fn flags_of(byte: u8) -> u8 {
        // Indexing a 256-entry table by a byte cannot fail; `get` keeps the lint quiet.
        BYTE_FLAGS.get(usize::from(byte)).copied().unwrap_or(0)
    }
    let bytes = text.as_bytes();
    let mut counts = WordCounts::default();
    // Stopword hits in 8-bit lanes, moved to the 16-bit ones every 128
    // words (see `WordCounter`).
    let (mut hits, mut capitalised_hits) = (0u64, 0u64);
    // Words, capitalised words and all-caps words in three 16-bit fields of
    // one integer, moved to `counts` with the lanes (at most 255 words
    // apart): one addition a word, and two registers fewer for a loop that
    // is short of them.
    let mut packed = 0u64;
    let mut pos = 0;
    'words: loop {
        // The characters between words.
        let (first, first_len) = loop {
            let Some(&byte) = bytes.get(pos) else {
                break 'words;
            };
            let flags = flags_of(byte);
            if flags & WORD != 0 {
                break (flags, 1);
            }
            if !ASCII {
                if !byte.is_ascii() {
                    let (flags, len) = flags_at(text, byte, pos)?;
                    if flags & WORD != 0 {
                        break (flags, len);
                    }
                    pos += len;
                    continue;
                }
                if flags & NON_ASCII != 0 {
                    // A control character outside an ASCII block.
                    return None;
                }
            }
            pos += 1;
        };
        let start = pos;
        pos += first_len;
        let mut flags = first;
        // The flags of the word's last character beyond ASCII, if any: a
        // joiner after an ASCII byte reads that byte's flags instead.
        let mut last = first;
        // The bytes of the character that ended the word, which the loop
        // between words need not look at again.
        let mut skip = 1;
        loop {
            // The word's ASCII letters and digits, most of its bytes: one
            // look-up each.
            while let Some(&byte) = bytes.get(pos) {
                let next = flags_of(byte);
                if next & WORD == 0 {
                    break;
                }
                flags |= next;
                pos += 1;
            }
            let Some(&byte) = bytes.get(pos) else {
                break;
            };
            let mut next = flags_of(byte);
            let mut len = 1;
            if !ASCII && !byte.is_ascii() {
                (next, len) = flags_at(text, byte, pos)?;
                if next & WORD != 0 {
                    flags |= next;
                    last = next;
                    pos += len;
                    continue;
                }
            }
            // Unless it joins the word to more, this character ends it and
            // is no word character: the loop between words can start after
            // it. Not after a control character outside an ASCII block,
            // which that loop must see to give up on the block.
            skip = if !ASCII && byte.is_ascii() && next & NON_ASCII != 0 {
                0
            } else {
                len
            };
            // A joiner joins a letter to a letter or a digit to a digit.
            if next & (JOINS_LETTERS | JOINS_DIGITS) == 0 {
                break;
            }
            let Some(&after_byte) = bytes.get(pos + len) else {
                break;
            };
            let (after, after_len) = if ASCII {
                (flags_of(after_byte), 1)
            } else {
                flags_at(text, after_byte, pos + len)?
            };
            let before = match bytes.get(pos.wrapping_sub(1)) {
                Some(&b) if ASCII || b.is_ascii() => flags_of(b),
                _ => last,
            };
            if before & (next >> 3) & after & (LETTER | DIGIT) == 0 {
                break;
            }
            flags |= next | after;
            last = after;
            pos += len + after_len;
        }
        let end = pos;
        // At the end of the block, `skip` only takes `pos` past it.
        pos += skip;
        if flags & (LETTER | DIGIT) == 0 {
            continue;
        }
        // The look-up gives the lanes to add directly, with no branch on
        // whether the word is a stopword (see `StopwordTable::lanes_ascii_in`).
        let lanes = if ASCII || flags & NON_ASCII == 0 {
            stopwords.lanes_ascii_in(bytes, start, end)
        } else {
            let mask = text.get(start..end).map_or(0, lang::stopword_mask);
            MASK_LANES.get(usize::from(mask)).copied().unwrap_or(0)
        };
        if flags & DIGIT != 0 {
            // Few words have digits: they are counted here rather than the
            // whole block in a pass of its own.
            counts.digits += digits_in(bytes, start, end);
        }
        hits += lanes;
        packed += 1;
        // Most words start lower case: the capitals' counts are skipped.
        if first & UPPER != 0 {
            let all_caps = u64::from((end - start >= 2) & (flags & LOWER == 0));
            packed += 1 << 16 | all_caps << 32;
            // Any word but the first: one counted now, or before a flush.
            if (packed & 0xFFFF) as usize + counts.words > 1 {
                capitalised_hits += lanes;
            }
        }
        if FLUSH && packed & 127 == 0 {
            flush_hits(&mut counts, hits, capitalised_hits, packed);
            (hits, capitalised_hits, packed) = (0, 0, 0);
        }
        // Without LIMITED, `limit` is `usize::MAX`, which no count reaches.
        if LIMITED && counts.words + (packed & 0xFFFF) as usize >= limit {
            break;
        }
    }
    add_counts(&mut counts, hits, capitalised_hits, packed);
    Some(counts)
}

/// Bit masks of the classes of [`ASCII_FLAGS`] over a window of up to 64
/// bytes, bit `i` for byte `i` of the window: what the ASCII word loop
/// reads of a byte. Bytes beyond the end of the block have no class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct ClassMasks {
    upper: u64,
    lower: u64,
    digit: u64,
    /// `_`.
    connector: u64,
    /// [`JOINS_LETTERS`]: `:`, `.`, `'`.
    joins_letters: u64,
    /// [`JOINS_DIGITS`]: `,`, `;`, `.`, `'`.
    joins_digits: u64,
}

impl ClassMasks {
    /// The masks of 16 bytes, in bits 0 to 15: one comparison (two for a
    /// range) and one `pmovmskb` a class, on SSE2.
    #[inline(always)]
    fn of_chunk(chunk: [u8; 16]) -> ClassMasks {
        let bytes = i8x16::new(chunk.map(|byte| byte as i8));
        let bits = |lanes: i8x16| u64::from(lanes.move_mask() as u16);
        // `lo..lo + n` as one signed comparison: adding `128 - lo`
        // (wrapping) moves the range, and only it, to `-128..-128 + n`.
        let in_range = |lo: u8, n: u8| {
            let moved = bytes + i8x16::splat(128u8.wrapping_sub(lo) as i8);
            bits(moved.cmp_lt(i8x16::splat((n ^ 0x80) as i8)))
        };
        let is = |byte: u8| bytes.cmp_eq(i8x16::splat(byte as i8));
        let both = is(b'.') | is(b'\'');
        ClassMasks {
            upper: in_range(b'A', 26),
            lower: in_range(b'a', 26),
            digit: in_range(b'0', 10),
            connector: bits(is(b'_')),
            joins_letters: bits(both | is(b':')),
            joins_digits: bits(both | is(b',') | is(b';')),
        }
    }

    /// Every mask shifted `left` bits left.
    #[inline(always)]
    fn shifted(self, left: u32) -> ClassMasks {
        let shift = |mask: u64| mask << left;
        ClassMasks {
            upper: shift(self.upper),
            lower: shift(self.lower),
            digit: shift(self.digit),
            connector: shift(self.connector),
            joins_letters: shift(self.joins_letters),
            joins_digits: shift(self.joins_digits),
        }
    }

    #[inline(always)]
    fn or(self, other: ClassMasks) -> ClassMasks {
        ClassMasks {
            upper: self.upper | other.upper,
            lower: self.lower | other.lower,
            digit: self.digit | other.digit,
            connector: self.connector | other.connector,
            joins_letters: self.joins_letters | other.joins_letters,
            joins_digits: self.joins_digits | other.joins_digits,
        }
    }

    /// The masks of `bytes[base..base + 64]`, the bytes past the end of
    /// `bytes` without a class; and the bytes themselves copied to the
    /// start of `copy`, whose other bytes are left as they are.
    #[inline(always)]
    fn of_window(bytes: &[u8], base: usize, copy: &mut WindowCopy) -> ClassMasks {
        let rest = bytes.get(base..).unwrap_or_default();
        let mut chunk_at = |at: usize| {
            let chunk = rest.get(at..).and_then(<[u8]>::first_chunk::<16>);
            let chunk = chunk.copied().unwrap_or([0; 16]);
            if let Some(to) = copy.get_mut(at..).and_then(<[u8]>::first_chunk_mut::<16>) {
                *to = chunk;
            }
            ClassMasks::of_chunk(chunk).shifted(at as u32)
        };
        if rest.len() >= 64 {
            return chunk_at(0)
                .or(chunk_at(16))
                .or(chunk_at(32))
                .or(chunk_at(48));
        }
        let Some(last) = rest.len().checked_sub(16) else {
            let padded = padded16(rest);
            if let Some(to) = copy.first_chunk_mut::<16>() {
                *to = padded;
            }
            return ClassMasks::of_chunk(padded);
        };
        // The end of a block of 16 bytes or more: whole chunks from the
        // window's start, the last one the 16 bytes that end the block
        // (overlapping the one before, whose bytes have the same classes).
        let mut masks = chunk_at(0);
        let mut at = 0;
        while at < last {
            at = (at + 16).min(last);
            masks = masks.or(chunk_at(at));
        }
        masks
    }
}

/// A window's bytes, and room for an eight-byte load at any of them.
type WindowCopy = [u8; 72];

/// The window the ASCII word loop is at.
struct Window {
    /// Its first byte in the block.
    base: usize,
    masks: ClassMasks,
    /// Its bytes (those of earlier windows after them).
    copy: WindowCopy,
}

/// The eight bytes of `copy` from `at` (below 64), little-endian.
#[inline(always)]
fn head_at(copy: &WindowCopy, at: u32) -> u64 {
    let head = copy
        .get((at & 63) as usize..)
        .and_then(<[u8]>::first_chunk::<8>);
    u64::from_le_bytes(head.copied().unwrap_or_default())
}

/// The bytes of `rest`, fewer than 16, followed by zeros (a byte of no
/// class): two overlapping copies of eight bytes (or four, or one) from
/// its ends rather than a copy of its length.
#[inline(always)]
fn padded16(rest: &[u8]) -> [u8; 16] {
    fn copy<const N: usize>(padded: &mut [u8; 16], rest: &[u8], at: usize) {
        let from = rest.get(at..).and_then(<[u8]>::first_chunk::<N>);
        let to = padded.get_mut(at..).and_then(<[u8]>::first_chunk_mut::<N>);
        if let (Some(from), Some(to)) = (from, to) {
            *to = *from;
        }
    }
    let mut padded = [0u8; 16];
    let len = rest.len();
    if len >= 8 {
        copy::<8>(&mut padded, rest, 0);
        copy::<8>(&mut padded, rest, len - 8);
    } else if len >= 4 {
        copy::<4>(&mut padded, rest, 0);
        copy::<4>(&mut padded, rest, len - 4);
    } else if len > 0 {
        copy::<1>(&mut padded, rest, 0);
        copy::<1>(&mut padded, rest, len / 2);
        copy::<1>(&mut padded, rest, len - 1);
    }
    padded
}

/// The low `n` bits, for `n` up to 64.
#[inline(always)]
fn low_bits(n: u32) -> u64 {
    u64::MAX.checked_shl(n).map_or(u64::MAX, |high| !high)
}

/// A word of an ASCII block, as far as the word loop needs it.
#[derive(Debug, Clone, Copy)]
struct AsciiWord {
    start: usize,
    end: usize,
    /// [`UPPER`] if its first byte is upper case.
    first: u8,
    /// [`LETTER`], [`DIGIT`] and [`LOWER`], if it has such a byte.
    flags: u8,
    digits: u32,
}

impl AsciiWord {
    /// The word in `range` of the window at `base`, `range` being the
    /// bits from `start` to the word's last byte.
    #[inline(always)]
    fn in_window(base: usize, start: u32, range: u64, masks: &ClassMasks) -> AsciiWord {
        let digits = masks.digit & range;
        let mut flags = 0;
        if (masks.upper | masks.lower) & range != 0 {
            flags |= LETTER;
        }
        if masks.lower & range != 0 {
            flags |= LOWER;
        }
        if digits != 0 {
            flags |= DIGIT;
        }
        AsciiWord {
            start: base + start as usize,
            end: base + (64 - range.leading_zeros()) as usize,
            first: if masks.upper >> start & 1 != 0 {
                UPPER
            } else {
                0
            },
            flags,
            digits: digits.count_ones(),
        }
    }

    /// The word starting at `start` (a letter, digit or connector), which
    /// may run on for more than a window: window after window, each
    /// reading the letter and digit bits of the last byte of the one before.
    #[inline(never)]
    fn at(bytes: &[u8], start: usize) -> AsciiWord {
        let mut copy = [0; 72];
        let mut word = AsciiWord {
            start,
            end: start,
            first: 0,
            flags: 0,
            digits: 0,
        };
        let (mut carry_letter, mut carry_digit) = (0, 0);
        loop {
            let masks = ClassMasks::of_window(bytes, word.end, &mut copy);
            if word.end == start && masks.upper & 1 != 0 {
                word.first = UPPER;
            }
            let in_word = in_word(bytes, word.end, &masks, carry_letter, carry_digit);
            // The bytes of the word in this window.
            let run = (!in_word).trailing_zeros();
            let rest = AsciiWord::in_window(word.end, 0, low_bits(run), &masks);
            word.flags |= rest.flags;
            word.digits += rest.digits;
            word.end += run as usize;
            if run < 64 {
                return word;
            }
            carry_letter = (masks.upper | masks.lower) >> 63;
            carry_digit = masks.digit >> 63;
        }
    }
}

/// The bytes of the window at `base` that are in words, bit `i` for byte
/// `i`: letters, digits, connectors, and joiners between two letters or two
/// digits. `carry_letter` and `carry_digit` hold in bit 0 the bits of the
/// byte before the window, if a joiner at its first byte can join to it.
#[inline(always)]
fn in_word(
    bytes: &[u8],
    base: usize,
    masks: &ClassMasks,
    carry_letter: u64,
    carry_digit: u64,
) -> u64 {
    let letter = masks.upper | masks.lower;
    // The byte after the window, the right neighbour of a joiner at its end.
    let after = bytes.get(base + 64).map_or(0, |&byte| {
        BYTE_FLAGS.get(usize::from(byte)).copied().unwrap_or(0)
    });
    let after_letter = u64::from(after & LETTER != 0) << 63;
    let after_digit = u64::from(after & DIGIT != 0) << 63;
    let joined = masks.joins_letters & (letter << 1 | carry_letter) & (letter >> 1 | after_letter)
        | masks.joins_digits & (masks.digit << 1 | carry_digit) & (masks.digit >> 1 | after_digit);
    letter | masks.digit | masks.connector | joined
}

/// The counters of [`count_ascii_words`]: those of `count_words`, with
/// the words, capitals and all-caps words in `counts` directly.
#[derive(Default)]
struct AsciiTally {
    counts: WordCounts,
    /// Stopword hits in 8-bit lanes, moved to `counts` before they can
    /// overflow (see `WordCounter`).
    hits: u64,
    capitalised_hits: u64,
    /// Words counted since the lanes were last moved.
    unflushed: usize,
}

impl AsciiTally {
    /// Counts one word, if it has a letter or a digit, as `count_words`
    /// does.
    #[inline(always)]
    fn add(&mut self, bytes: &[u8], stopwords: &StopwordTable, word: AsciiWord) {
        if word.flags & (LETTER | DIGIT) == 0 {
            return;
        }
        let lanes = stopwords.lanes_ascii_in(bytes, word.start, word.end);
        self.counts.digits += word.digits as usize;
        self.hits += lanes;
        if word.first & UPPER != 0 {
            self.counts.capitalised += 1;
            self.counts.all_caps +=
                usize::from((word.end - word.start >= 2) & (word.flags & LOWER == 0));
            // Any word but the first.
            if self.counts.words > 0 {
                self.capitalised_hits += lanes;
            }
        }
        self.counts.words += 1;
        self.unflushed += 1;
    }

    /// Counts the words of the window at `base` whose bytes are the bits
    /// of `word`, every one of them ending in the window; up to `limit`
    /// words in all, and tells whether the limit is reached.
    #[inline(always)]
    fn add_window<const LIMITED: bool>(
        &mut self,
        bytes: &[u8],
        stopwords: &StopwordTable,
        limit: usize,
        window: &Window,
        word: u64,
    ) -> bool {
        let (base, masks) = (window.base, &window.masks);
        let mut starts = word & !(word << 1);
        // The last byte of each word.
        let mut ends = word & !(word >> 1);
        if starts == 0 {
            return false;
        }
        if masks.connector & word != 0
            || LIMITED && self.counts.words + starts.count_ones() as usize >= limit
        {
            // Words of nothing but connectors, which do not count, or the
            // limit: one word at a time.
            while starts != 0 {
                let start = starts.trailing_zeros();
                let range = (ends & ends.wrapping_neg()) << 1;
                let range = range.wrapping_sub(1) & !low_bits(start);
                starts &= starts - 1;
                ends &= ends - 1;
                self.add(
                    bytes,
                    stopwords,
                    AsciiWord::in_window(base, start, range, masks),
                );
                if LIMITED && self.counts.words >= limit {
                    return true;
                }
            }
            return false;
        }
        // Every word has a letter or a digit: the counts of the window at once.
        let upper = starts & masks.upper;
        if upper != 0 {
            self.counts.capitalised += upper.count_ones() as usize;
            // Adding a word's first bit to the word's bytes that are not
            // lower case carries past its end if it has none, else stops
            // at its first lower-case byte, inside the word.
            let longer = upper & !ends;
            let sum = u128::from(longer) + u128::from(word & !masks.lower);
            let all_caps = sum & !u128::from(word);
            self.counts.all_caps +=
                (all_caps as u64).count_ones() as usize + (all_caps >> 64) as usize;
        }
        let digits = masks.digit & word;
        if digits != 0 {
            self.counts.digits += digits.count_ones() as usize;
        }
        // The first word of the block is no capitalised stopword.
        let capitalised = if self.counts.words == 0 {
            upper & (starts - 1)
        } else {
            upper
        };
        let mut words = 0;
        while starts != 0 {
            let start = starts.trailing_zeros();
            let end = ends.trailing_zeros() + 1;
            starts &= starts - 1;
            ends &= ends - 1;
            let lanes = stopwords.lanes_ascii_head(
                bytes,
                base + start as usize,
                (end - start) as usize,
                head_at(&window.copy, start),
            );
            self.hits += lanes;
            self.capitalised_hits += lanes & (capitalised >> start & 1).wrapping_neg();
            words += 1;
        }
        self.counts.words += words;
        self.unflushed += words;
        false
    }

    /// Moves the 8-bit lanes to `counts` once enough words were counted
    /// that another window could overflow them.
    #[inline(always)]
    fn flush_if_due(&mut self) {
        // A window holds at most 32 words, and a lane takes one a word.
        if self.unflushed >= 128 {
            flush_hits(&mut self.counts, self.hits, self.capitalised_hits, 0);
            (self.hits, self.capitalised_hits, self.unflushed) = (0, 0, 0);
        }
    }
}

/// [`count_latin_words`] of an ASCII block: the words and counts of
/// `count_words::<true, LIMITED, FLUSH>`, which the unit tests compare,
/// from bit masks of 64 bytes at a time ([`ClassMasks`]) rather than a
/// look-up and a branch a byte.
///
/// A byte is in a word if it is a letter, digit or connector, or a joiner
/// between two letters or two digits — the scalar loop's test of the bytes
/// on either side, which it makes at every joiner it meets in a word, and
/// which needs no word: a letter or digit before the joiner is in one. A
/// word is a run of such bytes, counted if it has a letter or digit. A
/// window ends before the last word that may run on past it, so that
/// every window holds whole words, and its counts are taken at once but
/// the stopwords (a look-up a word). No joiner joins across a window's
/// start: the byte before it is no letter or digit, or ends a long word
/// the window's first byte does not join to.
#[inline(never)]
fn count_ascii_words<const LIMITED: bool, const FLUSH: bool>(
    text: &str,
    stopwords: &StopwordTable,
    limit: usize,
) -> WordCounts {
    let bytes = text.as_bytes();
    let mut tally = AsciiTally::default();
    let mut window = Window {
        base: 0,
        masks: ClassMasks::default(),
        copy: [0; 72],
    };
    while window.base < bytes.len() {
        let base = window.base;
        window.masks = ClassMasks::of_window(bytes, base, &mut window.copy);
        let mut word = in_word(bytes, base, &window.masks, 0, 0);
        let mut next = base + 64;
        if word >> 63 != 0 && next < bytes.len() {
            // The last word may run on: the next window starts with it.
            let last = 63 - (word & !(word << 1)).leading_zeros();
            if last == 0 {
                // A word as long as the window, or longer.
                let long = AsciiWord::at(bytes, base);
                tally.add(bytes, stopwords, long);
                if LIMITED && tally.counts.words >= limit {
                    break;
                }
                window.base = long.end;
                if FLUSH {
                    tally.flush_if_due();
                }
                continue;
            }
            word &= low_bits(last);
            next = base + last as usize;
        }
        if tally.add_window::<LIMITED>(bytes, stopwords, limit, &window, word) {
            break;
        }
        if FLUSH {
            tally.flush_if_due();
        }
        window.base = next;
    }
    // Most short blocks have no stopword: no lanes to widen (the
    // capitalised hits are some of these).
    if tally.hits != 0 {
        add_counts(&mut tally.counts, tally.hits, tally.capitalised_hits, 0);
    }
    tally.counts
}

/// The ASCII digits of a word.
fn ascii_digits(word: &[u8]) -> usize {
    word.iter().filter(|byte| byte.is_ascii_digit()).count()
}

/// The ASCII digits of the word `bytes[start..end]`: out of line, as few
/// words have digits, so that the word loop keeps its registers.
#[inline(never)]
fn digits_in(bytes: &[u8], start: usize, end: usize) -> usize {
    bytes.get(start..end).map_or(0, ascii_digits)
}

/// The shortest piece [`count_mixed_words`] cuts: shorter ones cost more
/// in set-up than they save.
const MIN_PIECE: usize = 16;

/// The pieces of `text` that have no word boundary in common: each but the
/// last ends with a space and is followed by a printable ASCII character
/// other than a space. UAX #29 always breaks there — nothing joins a space
/// to such a character (it is no Extend, Format or ZWJ, which WB4 attaches
/// to whatever precedes them; no space either, which WB3d keeps with a
/// space) and no rule looks past a space — so the words of the pieces are
/// the words of the text. Pieces are at least [`MIN_PIECE`] bytes long but
/// the last, and cut only at character boundaries (both bytes are ASCII).
fn pieces(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            return None;
        }
        let mut end = start + MIN_PIECE;
        while let Some(&[before, after]) = bytes.get(end.saturating_sub(1)..=end) {
            if before == b' ' && after.is_ascii_graphic() {
                break;
            }
            end += 1;
        }
        let end = end.min(bytes.len());
        let piece = text.get(start..end).map(|piece| (start, piece));
        start = end;
        piece
    })
}

/// The word counts of a block the fast loop gave up on, counting at most
/// `limit` words: the fast loop counts each of its [`pieces`] it knows
/// every character of, the full segmentation the others. One character
/// the fast loop does not know (an emoji, a sign, a word in another
/// script) costs the full segmentation of the piece around it only.
fn count_mixed_words(text: &str, limit: usize) -> WordCounts {
    let stopwords = lang::stopwords();
    let mut counter = WordCounter::new();
    // The end of the last word counted.
    let mut end = 0;
    'pieces: for (offset, piece) in pieces(text) {
        let ascii = piece.is_ascii();
        // A first pass tells whether the fast loop knows every character,
        // before a word is counted: a piece is not always short (nothing
        // but tabs between its words), and its words are not kept.
        if latin_words(piece, ascii, |_, _, _, _| true).is_some() {
            latin_words(piece, ascii, |start, word_end, first, flags| {
                if counter.counts.words >= limit {
                    return false;
                }
                let mask = if flags & NON_ASCII == 0 {
                    stopwords.mask_ascii_in(piece.as_bytes(), start, word_end)
                } else {
                    piece.get(start..word_end).map_or(0, lang::stopword_mask)
                };
                counter.add(first, flags, word_end - start, mask);
                end = offset + word_end;
                true
            });
            if counter.counts.words >= limit {
                break 'pieces;
            }
        } else {
            for (start, word) in piece.unicode_word_indices() {
                if counter.counts.words >= limit {
                    break 'pieces;
                }
                let (first, flags) = word_flags(word);
                counter.add(first, flags, word.len(), lang::stopword_mask(word));
                end = offset + start + word.len();
            }
        }
    }
    let mut counts = counter.finish();
    // Every ASCII digit is in a word: those up to the end of the last word
    // counted are the digits of the words counted.
    counts.digits = text.as_bytes().get(..end).map_or(0, ascii_digits);
    counts
}

/// Computes the features of every segment of a page, and the page's language:
/// `configured` if given, else the one whose stopwords are most frequent among
/// the page's first [`DETECTION_WORDS`] words. Stopwords of every language are
/// counted in the same pass over the words, so the text is read once.
pub(crate) fn extract(
    segments: &[Segment],
    configured: Option<Language>,
    patterns: &Patterns,
) -> (Vec<Features>, Option<Language>) {
    // Each block's content, sliced once (a slice of the page checks its
    // ends are character boundaries) for the three passes that read it.
    let contents: Vec<&str> = segments.iter().map(Segment::content).collect();
    let (ids, counts) = repetition_ids(&contents);
    let stopwords = lang::stopwords();
    // Stopword hits of the page's first words, and how many more words count.
    let mut page_hits: Lanes = 0;
    let mut detect_left = DETECTION_WORDS;
    let mut block_hits: Vec<BlockHits> = Vec::with_capacity(segments.len());
    // Each content is searched once, at its first block (ids count the
    // contents in order of first appearance): the page scan takes only
    // those; later blocks take its kinds (see `Matcher::matches_repeated`).
    let mut matcher = patterns.page_matcher(
        segments
            .iter()
            .zip(&contents)
            .zip(&ids)
            .scan(0, |distinct, ((s, &content), &id)| {
                let first = id == *distinct;
                *distinct += u32::from(first);
                Some((s, content, first))
            })
            .filter(|&(_, _, first)| first)
            .map(|(s, content, _)| (&s.text, content)),
    );
    let mut features: Vec<Features> = segments
        .iter()
        .zip(&contents)
        .zip(&ids)
        .map(|((segment, &content), &id)| {
            let ascii = content.is_ascii();
            let chars = if ascii {
                content.len()
            } else {
                content.chars().count()
            };
            let latin = count_latin_words(content, ascii, stopwords, usize::MAX);
            // A character the fast loop does not know: the full
            // segmentation counts the block.
            let words = latin.unwrap_or_else(|| count_mixed_words(content, usize::MAX));
            if detect_left > 0 {
                // At most DETECTION_WORDS words, so no lane can overflow.
                page_hits += if words.words <= detect_left {
                    words.hits
                } else {
                    // The block crosses the end of the detection words:
                    // its first words are counted again, once a page.
                    match latin {
                        Some(_) => count_latin_words(content, ascii, stopwords, detect_left)
                            .map_or(0, |first| first.hits),
                        None => count_mixed_words(content, detect_left).hits,
                    }
                };
                detect_left = detect_left.saturating_sub(words.words);
            }
            block_hits.push(BlockHits::new(words.hits, words.capitalised_hits));
            let mut features = Features {
                chars,
                words: words.words,
                capitalised: words.capitalised,
                all_caps: words.all_caps,
                ends_with_terminal: ends_with_terminal(content, ascii),
                digits: words.digits,
                occurrences: counts.get(id as usize).copied().map_or(1, |n| n as usize),
                text_id: id,
                ..Features::default()
            };
            if let Some(dom) = &segment.dom {
                features.link_density = ratio(dom.link_chars, features.chars);
            }
            features.patterns = if features.occurrences > 1 {
                matcher.matches_repeated(
                    id as usize,
                    &segment.text,
                    content,
                    chars,
                    features.digits,
                )
            } else {
                matcher.matches(&segment.text, content, chars, features.digits)
            };
            features
        })
        .collect();
    let page_hits: [usize; 7] = std::array::from_fn(|lane| usize::from(lane_of(page_hits, lane)));
    let language = configured.or_else(|| lang::choose(&page_hits));
    if let Some(language) = language {
        let index = language as usize;
        for (feature, hits) in features.iter_mut().zip(&block_hits) {
            let (all, capitalised) = hits.get(index);
            feature.stopwords = usize::from(all);
            feature.capitalised_stopwords = usize::from(capitalised);
        }
    }
    (features, language)
}

/// Seven counters of 16 bits in one integer, one per language in
/// [`Language::ALL`] order: adding a block's hits to the page's is one addition.
type Lanes = u128;

/// The 8-bit lanes of a `u64` with 1 in the lane of each language in a
/// stopword mask: adding a word's hits to all seven is one addition.
// 256 entries although masks use 7 bits: a `u8` index needs no bounds check.
// The lanes are `lang::spread_mask`'s, which the stopword table's ASCII
// look-up returns directly: one definition for both.
const MASK_LANES: [u64; 256] = {
    let mut table = [0; 256];
    let mut mask = 0;
    while mask < 256 {
        // Evaluated at compile time: an index out of range fails the build.
        #[allow(clippy::indexing_slicing)]
        {
            table[mask] = lang::spread_mask(mask as u8);
        }
        mask += 1;
    }
    table
};

/// One block's stopword hits for every language, all of them and those
/// written with a capital after the first word, kept until the page's
/// language picks one: the seven used 16-bit lanes of each, 28 bytes a block
/// with no padding, as a page of a million lines keeps a million of them.
// Packed to 2-byte alignment: three fields a set of lanes, 28 bytes in all.
#[repr(C, packed(2))]
struct BlockHits {
    all_low: u64,
    all_middle: u32,
    all_high: u16,
    capitalised_low: u64,
    capitalised_middle: u32,
    capitalised_high: u16,
}

impl BlockHits {
    fn new(all: Lanes, capitalised: Lanes) -> BlockHits {
        BlockHits {
            all_low: all as u64,
            all_middle: (all >> 64) as u32,
            all_high: (all >> 96) as u16,
            capitalised_low: capitalised as u64,
            capitalised_middle: (capitalised >> 64) as u32,
            capitalised_high: (capitalised >> 96) as u16,
        }
    }

    /// The hits of `lane`: all of them and the capitalised ones.
    fn get(&self, lane: usize) -> (u16, u16) {
        let (low, middle, high) = (self.all_low, self.all_middle, self.all_high);
        let all = Lanes::from(low) | Lanes::from(middle) << 64 | Lanes::from(high) << 96;
        let (low, middle, high) = (
            self.capitalised_low,
            self.capitalised_middle,
            self.capitalised_high,
        );
        let capitalised = Lanes::from(low) | Lanes::from(middle) << 64 | Lanes::from(high) << 96;
        (lane_of(all, lane), lane_of(capitalised, lane))
    }
}

/// The 16-bit counter of `lane`.
fn lane_of(lanes: Lanes, lane: usize) -> u16 {
    (lanes >> (16 * lane)) as u16
}

/// Adds 8-bit lanes to 16-bit ones, each 16-bit lane saturating at `u16::MAX`.
#[inline(always)]
fn saturating_lanes_add(wide: Lanes, narrow: u64) -> Lanes {
    if narrow == 0 {
        return wide;
    }
    (0..7).fold(0, |sum, lane| {
        let add = (narrow >> (8 * lane)) as u8;
        sum | Lanes::from(lane_of(wide, lane).saturating_add(u16::from(add))) << (16 * lane)
    })
}

/// Gives each block the id of the first block with the same text, and
/// counts the blocks of each id.
///
/// The table is keyed by a 64-bit hash of the text and holds the index of
/// the first block: 12 bytes a slot rather than a string slice and a count,
/// so that a page of many thousands of lines keeps its table in cache. A
/// hit is confirmed by comparing the texts; two different texts with the
/// same hash (never seen in practice) are told apart by a second, exact table.
fn repetition_ids(contents: &[&str]) -> (Vec<u32>, Vec<u32>) {
    // foldhash takes a block's text 16 bytes at a step, in two lanes for
    // longer texts (see `hash::FOLD`).
    let mut first_seen: PreHashedMap<u32> =
        HashMap::with_capacity_and_hasher(contents.len().min(1 << 12), Default::default());
    let mut exact: FoldMap<&str, u32> = HashMap::with_hasher(FOLD);
    let mut ids: Vec<u32> = Vec::with_capacity(contents.len());
    let mut counts: Vec<u32> = Vec::with_capacity(contents.len());
    for (index, &content) in contents.iter().enumerate() {
        let next = u32::try_from(counts.len()).unwrap_or(u32::MAX);
        let index = u32::try_from(index).unwrap_or(u32::MAX);
        let first = *first_seen.entry(FOLD.hash_one(content)).or_insert(index);
        let id = if first == index {
            next
        } else {
            let same = contents
                .get(first as usize)
                .is_some_and(|&first| first == content);
            let first_id = ids.get(first as usize).copied();
            match first_id {
                Some(id) if same => id,
                _ => *exact.entry(content).or_insert(next),
            }
        };
        if id == next {
            counts.push(0);
        }
        if let Some(count) = counts.get_mut(id as usize) {
            *count += 1;
        }
        ids.push(id);
    }
    (ids, counts)
}

/// The content ends with terminal punctuation, quotes and brackets after it skipped.
fn ends_with_terminal(content: &str, ascii: bool) -> bool {
    if ascii {
        let trimmed = content
            .as_bytes()
            .iter()
            .rev()
            .find(|b| !matches!(b, b'"' | b'\'' | b')' | b']' | b'*'));
        return matches!(trimmed, Some(b'.' | b'!' | b'?'));
    }
    content
        .trim_end_matches(['"', '\'', ')', ']', '»', '”', '’', '*'])
        .ends_with(is_sentence_end)
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator, so the comparison below is reproducible.
    fn lcg(state: &mut u64) -> u64 {
        *state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        *state >> 33
    }

    /// Up to `max_len - 1` characters drawn from `alphabet`.
    fn random_text(state: &mut u64, alphabet: &[char], max_len: u64) -> String {
        let len = lcg(state) % max_len;
        (0..len)
            .filter_map(|_| alphabet.get((lcg(state) as usize) % alphabet.len()))
            .collect()
    }

    /// The words of `text` by the fast loop, or `None` when it is not for it.
    fn latin(text: &str) -> Option<Vec<(&str, bool)>> {
        let mut words = Vec::new();
        latin_words(text, text.is_ascii(), |start, end, _, flags| {
            words.push((&text[start..end], flags & NON_ASCII == 0));
            true
        })?;
        Some(words)
    }

    #[test]
    fn latin_words_agree_with_unicode_words() {
        let alphabet: Vec<char> =
            "aZé ß_:.,;'’‘·- –—“”…0 9x!?()/&ª×µ\u{2024}\u{2027}\u{a0}ЖяΩάΐ한\u{387}"
                .chars()
                .collect();
        let mut state = 11;
        for _ in 0..40_000 {
            let text = random_text(&mut state, &alphabet, 14);
            let full: Vec<(&str, bool)> = text.unicode_words().map(|w| (w, w.is_ascii())).collect();
            assert_eq!(latin(&text), Some(full), "{text:?}");
        }
    }

    #[test]
    fn every_letter_outside_latin_is_a_letter_to_the_full_segmentation() {
        // Each character the fast loop calls a letter, beyond Latin-1: alone,
        // between letters, joined by a full stop, after a digit.
        let letters = ('\u{250}'..='\u{d7ff}').filter(|&c| class(c) == Some(WordClass::Letter));
        for c in letters {
            let text = format!("{c} a{c}b {c}.{c} 1{c}");
            let full: Vec<(&str, bool)> = text.unicode_words().map(|w| (w, w.is_ascii())).collect();
            assert_eq!(latin(&text), Some(full), "{c:?}");
        }
    }

    #[test]
    fn other_scripts_are_left_to_unicode_words() {
        assert_eq!(latin("x² and 東京"), None);
        assert_eq!(latin("مرحبا"), None);
        // A combining accent changes the word it follows.
        assert_eq!(latin("cafe\u{301} au lait"), None);
        // Control characters are spaces in ASCII text, and left to the full
        // segmentation in any other.
        assert_eq!(latin("a\u{1}b"), Some(vec![("a", true), ("b", true)]));
        assert_eq!(latin("é\u{1}b"), None);
        assert!(latin("Привет мир").is_some());
    }

    /// Random text made of pieces of words: stopwords in several cases and
    /// languages, words with joiners, digits, punctuation, other scripts,
    /// combining marks and control characters.
    fn random_pieces(state: &mut u64, max_pieces: u64) -> String {
        const PIECES: &[&str] = &[
            "the",
            "The",
            "THE",
            "of",
            "Of",
            "and",
            "I",
            "a",
            "A",
            "U.S.",
            "isn’t",
            "it's",
            "und",
            "für",
            "Für",
            "ÜBER",
            "über",
            "dass",
            "daß",
            "la",
            "été",
            "Été",
            "où",
            "yourselves",
            "Themselves",
            "zwischen",
            "NATO",
            "Madrid",
            "officials",
            "x_y",
            "_",
            "2,200",
            "3.5",
            "12",
            "и",
            "Привет",
            "ΑΘΗΝΑ",
            "한국",
            "東京",
            "café",
            "e\u{301}",
            "\u{1}",
            "\t",
            " ",
            " ",
            " ",
            " ",
            ".",
            ",",
            ":",
            ";",
            "!",
            "?",
            "…",
            "。",
            "—",
            "’",
            "“",
            "”",
            "(",
            ")",
            "·",
        ];
        let len = lcg(state) % max_pieces;
        (0..len)
            .filter_map(|_| PIECES.get((lcg(state) as usize) % PIECES.len()).copied())
            .collect()
    }

    /// A [`random_pieces`] block of fewer than `max_pieces` pieces, and a
    /// word limit for it: one round in four a limit below `max_limit`,
    /// the others none (`usize::MAX`).
    fn random_block(
        state: &mut u64,
        round: u32,
        max_pieces: u64,
        max_limit: u64,
    ) -> (String, usize) {
        let text = random_pieces(state, max_pieces);
        let limit = if round.is_multiple_of(4) {
            (lcg(state) % max_limit) as usize
        } else {
            usize::MAX
        };
        (text, limit)
    }

    /// The word counts of `text` as `extract` computes them, counting at
    /// most `limit` words.
    fn counts_of(text: &str, limit: usize) -> WordCounts {
        count_latin_words(text, text.is_ascii(), lang::stopwords(), limit)
            .unwrap_or_else(|| count_mixed_words(text, limit))
    }

    /// The reference: every word from the full segmentation, every feature
    /// by its definition, one character at a time.
    fn reference_counts(text: &str, limit: usize) -> WordCounts {
        let mut counts = WordCounts::default();
        let mut hits = [0u16; 7];
        let mut capitalised_hits = [0u16; 7];
        for word in text.unicode_words().take(limit) {
            counts.digits += word.bytes().filter(u8::is_ascii_digit).count();
            let capitalised = word.chars().next().is_some_and(char::is_uppercase);
            counts.capitalised += usize::from(capitalised);
            if capitalised && word.len() >= 2 && !word.chars().any(char::is_lowercase) {
                counts.all_caps += 1;
            }
            let mask = lang::stopword_mask(word);
            for lane in 0..7 {
                if mask & (1 << lane) != 0 {
                    hits[lane] = hits[lane].saturating_add(1);
                    if capitalised && counts.words > 0 {
                        capitalised_hits[lane] = capitalised_hits[lane].saturating_add(1);
                    }
                }
            }
            counts.words += 1;
        }
        for lane in 0..7 {
            counts.hits |= Lanes::from(hits[lane]) << (16 * lane);
            counts.capitalised_hits |= Lanes::from(capitalised_hits[lane]) << (16 * lane);
        }
        counts
    }

    #[test]
    fn word_counts_agree_with_the_reference() {
        let mut state = 5;
        for round in 0..20_000 {
            let (text, limit) = random_block(&mut state, round, 24, 6);
            let counts = counts_of(&text, limit);
            assert_eq!(counts, reference_counts(&text, limit), "{text:?} {limit}");
            if limit == usize::MAX {
                // Every ASCII digit of the block is in a word.
                let digits = text.bytes().filter(u8::is_ascii_digit).count();
                assert_eq!(counts.digits, digits, "{text:?}");
            }
            // The fast loop gives up exactly where the reference loop does.
            if !text.is_ascii() {
                let fast = count_words::<false, false, true>(&text, lang::stopwords(), usize::MAX);
                let slow = latin_words(&text, false, |_, _, _, _| true);
                assert_eq!(fast.is_some(), slow.is_some(), "{text:?}");
            }
            if text.is_ascii() {
                // The ASCII loop and the general one, which also takes ASCII.
                let mut counter = WordCounter::new();
                latin_words(&text, true, |start, end, first, flags| {
                    let mask = lang::stopwords().mask_ascii_in(text.as_bytes(), start, end);
                    counter.add(first, flags, end - start, mask);
                    counter.counts.digits += digits_in(text.as_bytes(), start, end);
                    counter.counts.words < limit
                });
                if limit > 0 {
                    assert_eq!(counts, counter.finish(), "{text:?} {limit}");
                }
            }
        }
    }

    #[test]
    fn mixed_word_counts_agree_with_the_reference() {
        // Every text, not only those the fast loop gives up on, long enough
        // to be cut into several pieces, at every kind of character.
        let mut state = 17;
        for round in 0..6_000 {
            let (text, limit) = random_block(&mut state, round, 80, 12);
            let counts = count_mixed_words(&text, limit);
            assert_eq!(counts, reference_counts(&text, limit), "{text:?} {limit}");
        }
        // The pieces cover the text, in order, each but the last at least
        // MIN_PIECE bytes and followed by a printable character after a space.
        let text = "Ein 東京 Wort, und noch eins 🙂 mehr:  e\u{301} x\ty z".repeat(3);
        let mut next = 0;
        for (offset, piece) in pieces(&text) {
            assert_eq!(offset, next);
            next += piece.len();
            if next < text.len() {
                assert!(piece.len() >= MIN_PIECE, "{piece:?}");
                assert!(piece.ends_with(' ') && text.as_bytes()[next].is_ascii_graphic());
            }
        }
        assert_eq!(next, text.len());
    }

    #[test]
    fn ascii_word_counts_agree_with_the_reference() {
        // The same pieces with everything beyond ASCII dropped, so that
        // every text takes the ASCII loop (control characters included).
        let mut state = 11;
        for round in 0..20_000 {
            let (text, limit) = random_block(&mut state, round, 24, 6);
            let text: String = text.chars().filter(char::is_ascii).collect();
            let counts = count_latin_words(&text, true, lang::stopwords(), limit.max(1));
            let expected = reference_counts(&text, limit.max(1));
            assert_eq!(counts, Some(expected), "{text:?} {limit}");
            // The loop with the limit test agrees with the one without it.
            let limited = count_words::<true, true, true>(&text, lang::stopwords(), limit.max(1));
            assert_eq!(limited, Some(expected), "{text:?} {limit}");
            // The loop without the flush test agrees with the one with it.
            let unflushed = count_words::<true, false, false>(&text, lang::stopwords(), usize::MAX);
            let flushed = count_words::<true, false, true>(&text, lang::stopwords(), usize::MAX);
            assert_eq!(unflushed, flushed, "{text:?}");
        }
    }

    /// Random ASCII text of at most `max_len` bytes, built to reach the
    /// edges of [`count_ascii_words`]'s windows: words and numbers with
    /// joiners, joiners alone and in runs, connectors alone and in words,
    /// capitals, control characters, and pieces that run together into
    /// long words (several pieces without a space, and longer than 64 bytes).
    fn random_ascii(state: &mut u64, max_len: u64) -> String {
        random_ascii_of(state, max_len, ASCII_PIECES)
    }

    /// Short stopwords and little else: enough hits in a block of a few
    /// hundred words to overflow an 8-bit lane that is not flushed.
    const DENSE_PIECES: &[&str] = &["a ", "A ", "the ", "The ", "of ", "I ", "_ ", ". ", " "];

    /// No spaces: words of hundreds of bytes, cut only by runs of joiners
    /// or a joiner between a letter and a digit.
    const LONG_PIECES: &[&str] = &[
        "abc", "DEF", "1", "23", ".", "..", "'", ":", ",", ";", "_", "x.y", "2,3", "Q", "a1",
    ];

    /// The pieces of [`random_ascii`].
    const ASCII_PIECES: &[&str] = &[
        "the",
        "The",
        "THE",
        "of",
        "I",
        "a",
        "A",
        "and",
        "U.S.",
        "it's",
        "e.g.",
        "x_y",
        "_",
        "__",
        "_a",
        "A_",
        "_1_",
        "2,200",
        "3.5",
        "1;2",
        "1:2",
        "a:b",
        "1.2.3",
        "a.1",
        "'",
        "''",
        ".",
        "..",
        ",",
        ":",
        ";",
        ".'",
        "!",
        "?",
        "-",
        "(",
        "\t",
        "\u{1}",
        "\n",
        " ",
        " ",
        " ",
        " ",
        " ",
        "   ",
        "Madrid",
        "NATO",
        "yourselves",
        "Themselves",
        "abcdefghijklmnopqrstuvwxyz",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
        "0123456789012345678901234567890123456789012345678901234567890123456789",
        "w.o.r.d.s.j.o.i.n.e.d.b.y.d.o.t.s.a.n.d.m.o.r.e.o.f.t.h.e.m.a.n.d.m.o.r.e",
    ];

    /// Random text of at most `max_len` bytes of `pieces`.
    fn random_ascii_of(state: &mut u64, max_len: u64, pieces: &[&str]) -> String {
        let len = (lcg(state) % (max_len + 1)) as usize;
        let mut text = String::with_capacity(len + 80);
        while text.len() < len {
            let piece = pieces.get((lcg(state) as usize) % pieces.len());
            text.push_str(piece.copied().unwrap_or(" "));
        }
        text.truncate(len);
        text
    }

    #[test]
    fn ascii_window_loop_agrees_with_the_byte_loop() {
        let stopwords = lang::stopwords();
        let mut state = 23;
        for round in 0..12_000u32 {
            // Mostly blocks of up to 200 bytes (0 to 3 full windows and a
            // part), some past the flush length (more than 128 words), some
            // with more than 255 stopwords, some with words of several windows.
            let text = match round % 16 {
                0 | 4 => random_ascii(&mut state, 1_500),
                8 => random_ascii_of(&mut state, 3_000, DENSE_PIECES),
                12 => random_ascii_of(&mut state, 1_500, LONG_PIECES),
                _ => random_ascii(&mut state, 200),
            };
            let limit = (lcg(&mut state) % 40) as usize + 1;
            let pairs = [
                (
                    count_ascii_words::<false, false>(&text, stopwords, usize::MAX),
                    count_words::<true, false, false>(&text, stopwords, usize::MAX),
                ),
                (
                    count_ascii_words::<false, true>(&text, stopwords, usize::MAX),
                    count_words::<true, false, true>(&text, stopwords, usize::MAX),
                ),
                (
                    count_ascii_words::<true, true>(&text, stopwords, limit),
                    count_words::<true, true, true>(&text, stopwords, limit),
                ),
            ];
            for (variant, (windows, bytes)) in pairs.into_iter().enumerate() {
                assert_eq!(
                    Some(windows),
                    bytes,
                    "{text:?} variant {variant} limit {limit}"
                );
            }
        }
    }

    #[test]
    fn ascii_words_across_window_edges() {
        // A word, a joined word or a joiner at every offset around the
        // window edges at 64 and 128 bytes, after spaces or letters.
        let stopwords = lang::stopwords();
        for fill in ["a", " ", "A", "1"] {
            for offset in 0..140 {
                for piece in ["The", "a.b", "1,2", "x.", ".y", "_", "a..b", "A:B", "9'9"] {
                    let text = format!("{}{piece} of", fill.repeat(offset));
                    let windows = count_ascii_words::<false, true>(&text, stopwords, usize::MAX);
                    let bytes = count_words::<true, false, true>(&text, stopwords, usize::MAX);
                    assert_eq!(Some(windows), bytes, "{text:?}");
                    assert_eq!(windows, reference_counts(&text, usize::MAX), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn tabled_characters_have_the_flags_of_their_class() {
        let tabled = ('\u{80}'..='\u{7ff}').chain('\u{2000}'..='\u{207f}');
        for c in tabled {
            let text = format!("{c}x");
            let byte = text.as_bytes()[0];
            let expected = char_flags(c).map(|flags| (flags | NON_ASCII, c.len_utf8()));
            assert_eq!(flags_at(&text, byte, 0), expected, "{c:?}");
        }
    }

    #[test]
    fn widened_lanes_keep_every_byte() {
        let mut state = 7;
        for _ in 0..1_000 {
            let narrow = (lcg(&mut state) << 31 ^ lcg(&mut state)) & 0x00FF_FFFF_FFFF_FFFF;
            let wide = widen_lanes(narrow);
            for lane in 0..7 {
                assert_eq!(lane_of(wide, lane), u16::from((narrow >> (8 * lane)) as u8));
            }
            assert_eq!(wide >> 112, 0);
        }
    }

    #[test]
    fn block_hits_keep_every_lane() {
        let all: Lanes = (0..7).fold(0, |sum, lane| {
            sum | Lanes::from(1000 + lane as u16) << (16 * lane)
        });
        let capitalised: Lanes = (0..7).fold(0, |sum, lane| {
            sum | Lanes::from(u16::MAX - lane as u16) << (16 * lane)
        });
        let hits = BlockHits::new(all, capitalised);
        for lane in 0..7 {
            assert_eq!(hits.get(lane), (1000 + lane as u16, u16::MAX - lane as u16));
        }
        assert_eq!(std::mem::size_of::<BlockHits>(), 28);
    }

    #[test]
    fn blocks_around_the_flush_length_count_every_stopword() {
        // One-letter stopwords, as many as a block of each length can hold,
        // on both sides of the length from which the loop flushes its lanes,
        // capitalised (after the first word) or not, ASCII or not.
        for len in 2 * 255 - 8..2 * 255 + 8 {
            for (word, tail) in [("a", ""), ("A", ""), ("a", "é"), ("A", "é")] {
                let mut text = word.repeat(len / 2 + 1).replace(word, &format!("{word} "));
                text.truncate(len.saturating_sub(tail.len()));
                text.push_str(tail);
                let counts = counts_of(&text, usize::MAX);
                assert_eq!(counts, reference_counts(&text, usize::MAX), "{len}");
            }
        }
    }

    #[test]
    fn stopword_counts_saturate_as_the_reference_does() {
        // More than u16::MAX stopwords in one block, and capitalised ones.
        let text = "The the of ".repeat(30_000);
        let counts = counts_of(&text, usize::MAX);
        assert_eq!(counts, reference_counts(&text, usize::MAX));
        assert_eq!(counts.words, 90_000);
        assert_eq!(lane_of(counts.hits, Language::English as usize), u16::MAX);
        assert_eq!(
            lane_of(counts.capitalised_hits, Language::English as usize),
            29_999
        );
    }

    #[test]
    fn ascii_and_general_paths_count_alike() {
        // The same sentence through the ASCII loop and, with one accented
        // word added at the end, through the general one.
        let ascii =
            features_of("The NATO Summit Of The Year opened in Madrid, said U.S. officials");
        let general =
            features_of("The NATO Summit Of The Year opened in Madrid, said U.S. officials café");
        assert_eq!(ascii.words, 12);
        assert_eq!(general.words, 13);
        assert_eq!(ascii.capitalised, 8);
        assert_eq!(general.capitalised, 8);
        assert_eq!(ascii.all_caps, 2);
        assert_eq!(general.all_caps, 2);
        // The, Of, The, in, said.
        assert_eq!(ascii.stopwords, 5);
        assert_eq!(general.stopwords, 5);
        assert_eq!(ascii.capitalised_stopwords, 2);
        assert_eq!(general.capitalised_stopwords, 2);
    }

    #[test]
    fn latin_words_on_prose() {
        let text = "U.S. officials said 2,200km isn’t far; e.g. the_border at 3.5 p.m. — “yes”.";
        let fast: Vec<&str> = latin(text).unwrap().into_iter().map(|(w, _)| w).collect();
        assert_eq!(fast, text.unicode_words().collect::<Vec<_>>());
        assert_eq!(fast.first(), Some(&"U.S"));
        assert!(fast.contains(&"isn’t"));
    }

    fn features_of(text: &str) -> Features {
        let segments = crate::segment::segment_text(text);
        let (features, _) = extract(&segments, Some(Language::English), Patterns::get());
        features.into_iter().next().unwrap_or_default()
    }

    #[test]
    fn repeated_texts_are_counted_per_text() {
        let segments = crate::segment::segment_text("Home\nNews\nHome\nSport\nHome\nNews\n");
        let (features, _) = extract(&segments, None, Patterns::get());
        let occurrences: Vec<usize> = features.iter().map(|f| f.occurrences).collect();
        assert_eq!(occurrences, [3, 2, 3, 1, 3, 2]);
    }

    #[test]
    fn title_case_needs_capitalised_stopwords() {
        assert!(features_of("Why Movies Went From Short To Two Hours Long").is_title_case());
        assert!(features_of("Record Seizures And Strikes Against Production").is_title_case());
        // A sentence with names in it is not title case.
        assert!(!features_of(
            "Officials in Bogota said the Minister of Defense would visit Washington"
        )
        .is_title_case());
    }

    #[test]
    fn all_caps_lines() {
        assert!(features_of("CLICK HERE TO GET THE APP").is_all_caps());
        assert!(!features_of("The NATO summit opened in Madrid").is_all_caps());
    }
}
