//! Features: the numbers the scorer reads off each block.
//!
//! All of them are shallow and cheap — counts of words, stopwords, sentence
//! ends, capitals, digits — because shallow features separate boilerplate from
//! article text almost as well as anything heavier (Kohlschütter et al. 2010),
//! and cheap ones keep linesift fast.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use unicode_segmentation::UnicodeSegmentation;

use crate::hash::{Fx, PreHashedMap};
use crate::lang::{self, Language, DETECTION_WORDS};
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
    /// Sentence-ending punctuation marks (`.`, `!`, `?`, `…` and CJK ones).
    pub sentence_ends: usize,
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
        ':' | '·' | '\u{2027}' => MidLetter,
        ',' | ';' => MidNum,
        '.' | '\'' | '\u{2018}' | '\u{2019}' | '\u{2024}' => MidNumLet,
        // Control characters and the ASCII line breaks have classes of their
        // own in UAX #29; leave them to the full segmenter.
        '\u{0}'..='\u{1f}' | '\u{7f}' => return None,
        '\u{20}'..='\u{7e}' => Other,
        'ª' | 'µ' | 'º' => Letter,
        '×' | '÷' => Other,
        '\u{c0}'..='\u{24f}' => Letter,
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

/// The class of the character starting at byte `at` of `text`, and its length.
/// ASCII bytes take a fast path; the caller made sure every character has a class.
#[inline]
fn class_at(text: &str, at: usize) -> Option<(WordClass, usize)> {
    let byte = *text.as_bytes().get(at)?;
    if byte.is_ascii() {
        return Some((ascii_class(byte), 1));
    }
    let c = text.get(at..)?.chars().next()?;
    Some((class(c).unwrap_or(WordClass::Other), c.len_utf8()))
}

const fn ascii_class(byte: u8) -> WordClass {
    match byte {
        b'a'..=b'z' | b'A'..=b'Z' => WordClass::Letter,
        b'0'..=b'9' => WordClass::Digit,
        b'_' => WordClass::Connector,
        b':' => WordClass::MidLetter,
        b',' | b';' => WordClass::MidNum,
        b'.' | b'\'' => WordClass::MidNumLet,
        _ => WordClass::Other,
    }
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
    let (ids, counts) = repetition_ids(segments);
    let mut counter = StopwordCounter::default();
    let mut block_hits: Vec<BlockHits> = Vec::with_capacity(segments.len());
    let mut features: Vec<Features> = segments
        .iter()
        .zip(&ids)
        .map(|(segment, &id)| {
            let content = segment.content();
            let ascii = content.is_ascii();
            let chars = if ascii {
                content.len()
            } else {
                content.chars().count()
            };
            let mut features = Features {
                chars,
                occurrences: counts.get(id as usize).copied().map_or(1, |n| n as usize),
                text_id: id,
                ..Features::default()
            };
            let mut hits = BlockHits::default();
            if ascii || content.chars().all(|c| class(c).is_some()) {
                latin_words(content, |word, ascii_word| {
                    if ascii_word {
                        counter.add_ascii_word(word.as_bytes(), &mut features, &mut hits);
                    } else {
                        counter.add_word(word, &mut features, &mut hits);
                    }
                });
            } else {
                for word in content.unicode_words() {
                    counter.add_word(word, &mut features, &mut hits);
                }
            }
            block_hits.push(hits);
            count_digits_and_sentence_ends(content, ascii, &mut features);
            features.ends_with_terminal = ends_with_terminal(content, ascii);
            if let Some(dom) = &segment.dom {
                features.link_density = ratio(dom.link_chars, features.chars);
            }
            features.patterns = patterns.matches_counted(content, chars);
            features
        })
        .collect();
    let page_hits = counter.page_hits.map(usize::from);
    let language = configured.or_else(|| lang::choose(&page_hits));
    if let Some(language) = language {
        let index = language as usize;
        for (feature, hits) in features.iter_mut().zip(&block_hits) {
            feature.stopwords = hits.all.get(index).copied().map_or(0, usize::from);
            feature.capitalised_stopwords =
                hits.capitalised.get(index).copied().map_or(0, usize::from);
        }
    }
    (features, language)
}

/// Gives each block the id of the first block with the same text, and
/// counts the blocks of each id.
///
/// The table is keyed by a 64-bit hash of the text and holds the index of
/// the first block: 12 bytes a slot rather than a string slice and a count,
/// so that a page of many thousands of lines keeps its table in cache. A
/// hit is confirmed by comparing the texts; two different texts with the
/// same hash (never seen in practice) are told apart by a second, exact table.
fn repetition_ids(segments: &[Segment]) -> (Vec<u32>, Vec<u32>) {
    let mut first_seen: PreHashedMap<u32> =
        HashMap::with_capacity_and_hasher(segments.len().min(1 << 12), Default::default());
    let mut exact: HashMap<&str, u32, BuildHasherDefault<Fx>> = HashMap::default();
    let mut ids: Vec<u32> = Vec::with_capacity(segments.len());
    let mut counts: Vec<u32> = Vec::with_capacity(segments.len());
    for (index, segment) in segments.iter().enumerate() {
        let content = segment.content();
        let mut hasher = Fx::default();
        hasher.write(content.as_bytes());
        let next = u32::try_from(counts.len()).unwrap_or(u32::MAX);
        let index = u32::try_from(index).unwrap_or(u32::MAX);
        let first = *first_seen.entry(hasher.finish()).or_insert(index);
        let id = if first == index {
            next
        } else {
            let same = segments
                .get(first as usize)
                .is_some_and(|s| s.content() == content);
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

/// One block's stopword hits for every language, all of them and those
/// written with a capital after the first word; the page's language picks one.
#[derive(Default)]
struct BlockHits {
    all: [u16; 7],
    capitalised: [u16; 7],
}

/// The word-level features, counted word by word over a page.
#[derive(Default)]
struct StopwordCounter {
    /// Stopword hits per language among the page's first [`DETECTION_WORDS`] words.
    page_hits: [u16; 7],
    /// Words of the page so far.
    page_words: usize,
}

impl StopwordCounter {
    /// Counts one word of an ASCII block: its case from the bytes, its
    /// stopword mask by an ASCII look-up.
    #[inline]
    fn add_ascii_word(&mut self, word: &[u8], features: &mut Features, hits: &mut BlockHits) {
        let capitalised = word.first().is_some_and(u8::is_ascii_uppercase);
        if capitalised && word.len() >= 2 && !word.iter().any(u8::is_ascii_lowercase) {
            features.all_caps += 1;
        }
        self.add(capitalised, lang::stopword_mask_ascii(word), features, hits);
    }

    /// Counts one word of any block.
    fn add_word(&mut self, word: &str, features: &mut Features, hits: &mut BlockHits) {
        let capitalised = word.chars().next().is_some_and(char::is_uppercase);
        if capitalised && word.len() >= 2 && !word.chars().any(char::is_lowercase) {
            features.all_caps += 1;
        }
        self.add(capitalised, lang::stopword_mask(word), features, hits);
    }

    #[inline]
    fn add(&mut self, capitalised: bool, mask: u8, features: &mut Features, hits: &mut BlockHits) {
        features.words += 1;
        features.capitalised += usize::from(capitalised);
        if mask != 0 {
            let count_capital = u16::from(capitalised && features.words > 1);
            let detect = u16::from(self.page_words < DETECTION_WORDS);
            for (index, ((all, capital), page)) in hits
                .all
                .iter_mut()
                .zip(hits.capitalised.iter_mut())
                .zip(self.page_hits.iter_mut())
                .enumerate()
            {
                let bit = (mask >> index) & 1;
                *all = all.saturating_add(u16::from(bit));
                *capital = capital.saturating_add(u16::from(bit) * count_capital);
                *page += u16::from(bit) * detect;
            }
        }
        self.page_words += 1;
    }
}

/// Word-break classes of the ASCII bytes, as [`ascii_class`] gives them.
const ASCII_CLASSES: [WordClass; 128] = {
    let mut table = [WordClass::Other; 128];
    let mut byte = 0;
    while byte < 128 {
        // Evaluated at compile time: an index out of range fails the build.
        #[allow(clippy::indexing_slicing)]
        {
            table[byte] = ascii_class(byte as u8);
        }
        byte += 1;
    }
    table
};

#[inline]
fn ascii_class_of(byte: u8) -> WordClass {
    ASCII_CLASSES
        .get(usize::from(byte))
        .copied()
        .unwrap_or(WordClass::Other)
}

/// The class and byte length of the character at `at`: ASCII bytes by
/// table, other characters by [`class`] (the caller made sure they have one).
#[inline]
fn class_len_at(text: &str, at: usize) -> Option<(WordClass, usize)> {
    let byte = *text.as_bytes().get(at)?;
    if byte.is_ascii() {
        return Some((ascii_class_of(byte), 1));
    }
    class_at(text, at)
}

/// Calls `on_word` with each word of `text`, and whether the word is ASCII,
/// for text whose characters all have a [`class`]: the words
/// `unicode-segmentation`'s `unicode_words` yields (UAX #29 word segments
/// that hold a letter or digit; the unit tests check they agree).
///
/// Most scraped text is ASCII or Latin script with typographic quotes and
/// dashes; for such text this loop gives the same words several times faster
/// than the full segmentation, which gets every other block. One pass over
/// the bytes with no iterator state: this loop runs over every byte of the
/// page, and most of it is ASCII.
#[inline]
fn latin_words<'a>(text: &'a str, mut on_word: impl FnMut(&'a str, bool)) {
    use WordClass::{Connector, Digit, Letter, MidLetter, MidNum, MidNumLet};
    let mut pos = 0;
    while let Some((first, len)) = class_len_at(text, pos) {
        let start = pos;
        pos += len;
        if !matches!(first, Letter | Digit | Connector) {
            continue;
        }
        let mut ascii = len == 1;
        let mut last = first;
        let mut alphanumeric = first != Connector;
        while let Some((k, len)) = class_len_at(text, pos) {
            match k {
                Letter | Digit | Connector => {
                    pos += len;
                    ascii &= len == 1;
                    alphanumeric |= k != Connector;
                    last = k;
                }
                MidLetter | MidNum | MidNumLet => {
                    let Some((after, after_len)) = class_len_at(text, pos + len) else {
                        break;
                    };
                    let joins = matches!(
                        (last, k, after),
                        (Letter, MidLetter | MidNumLet, Letter)
                            | (Digit, MidNum | MidNumLet, Digit)
                    );
                    if !joins {
                        break;
                    }
                    pos += len + after_len;
                    ascii &= len == 1 && after_len == 1;
                    last = after;
                }
                WordClass::Other => break,
            }
        }
        if alphanumeric {
            if let Some(word) = text.get(start..pos) {
                on_word(word, ascii);
            }
        }
    }
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

/// Counts ASCII digits and sentence-ending marks; bytes for ASCII text, chars otherwise.
fn count_digits_and_sentence_ends(content: &str, ascii: bool, features: &mut Features) {
    if ascii {
        // Branch-free counts into byte-wide counters, which the compiler
        // vectorises 32 bytes at a time; a chunk of 255 bytes cannot
        // overflow them.
        for chunk in content.as_bytes().chunks(255) {
            let (mut digits, mut ends) = (0u8, 0u8);
            for &byte in chunk {
                digits += u8::from(byte.wrapping_sub(b'0') < 10);
                ends += u8::from((byte == b'.') | (byte == b'!') | (byte == b'?'));
            }
            features.digits += usize::from(digits);
            features.sentence_ends += usize::from(ends);
        }
    } else {
        for c in content.chars() {
            if c.is_ascii_digit() {
                features.digits += 1;
            } else if is_sentence_end(c) {
                features.sentence_ends += 1;
            }
        }
    }
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
        text.chars().all(|c| class(c).is_some()).then(|| {
            let mut words = Vec::new();
            latin_words(text, |word, ascii| words.push((word, ascii)));
            words
        })
    }

    #[test]
    fn latin_words_agree_with_unicode_words() {
        let alphabet: Vec<char> = "aZé ß_:.,;'’‘·- –—“”…0 9x!?()/&ª×µ\u{2024}\u{2027}\u{a0}"
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
    fn other_scripts_are_left_to_unicode_words() {
        assert_eq!(latin("x² and 東京"), None);
        assert_eq!(latin("Привет мир"), None);
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
