//! Features: the numbers the scorer reads off each block.
//!
//! All of them are shallow and cheap — counts of words, stopwords, sentence
//! ends, capitals, digits — because shallow features separate boilerplate from
//! article text almost as well as anything heavier (Kohlschütter et al. 2010),
//! and cheap ones keep linesift fast.

use std::collections::HashMap;

use unicode_segmentation::UnicodeSegmentation;

use crate::lang::Language;
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
    /// Sentence-ending punctuation marks (`.`, `!`, `?`, `…` and CJK ones).
    pub sentence_ends: usize,
    /// The content ends with terminal punctuation (quotes and brackets skipped).
    pub ends_with_terminal: bool,
    /// Characters that are ASCII digits.
    pub digits: usize,
    /// How many blocks of the page have the same text (1 = unique).
    pub occurrences: usize,
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
}

fn ratio(part: usize, whole: usize) -> f32 {
    if whole == 0 {
        0.0
    } else {
        part as f32 / whole as f32
    }
}

/// The words of `text`: Unicode word-boundary segments that hold a letter or digit.
pub(crate) fn words(text: &str) -> impl Iterator<Item = &str> {
    text.unicode_words()
}

/// Computes the features of every segment of a page.
pub(crate) fn extract(
    segments: &[Segment],
    language: Option<Language>,
    patterns: &Patterns,
) -> Vec<Features> {
    let mut occurrences: HashMap<&str, usize> = HashMap::with_capacity(segments.len());
    for segment in segments {
        *occurrences.entry(segment.content()).or_default() += 1;
    }
    let mut lower = String::new();
    segments
        .iter()
        .map(|segment| {
            let content = segment.content();
            let mut features = Features {
                chars: content.chars().count(),
                occurrences: occurrences.get(content).copied().unwrap_or(1),
                ..Features::default()
            };
            for word in words(content) {
                features.words += 1;
                if word.chars().next().is_some_and(char::is_uppercase) {
                    features.capitalised += 1;
                }
                if let Some(language) = language {
                    lower.clear();
                    lower.extend(word.chars().flat_map(char::to_lowercase));
                    if language.is_stopword(&lower) {
                        features.stopwords += 1;
                    }
                }
            }
            for c in content.chars() {
                if c.is_ascii_digit() {
                    features.digits += 1;
                } else if is_sentence_end(c) {
                    features.sentence_ends += 1;
                }
            }
            features.ends_with_terminal = content
                .trim_end_matches(|c: char| {
                    matches!(c, '"' | '\'' | ')' | ']' | '»' | '”' | '’' | '*')
                })
                .ends_with(is_sentence_end);
            if let Some(dom) = &segment.dom {
                features.link_density = ratio(dom.link_chars, features.chars);
            }
            features.patterns = patterns.matches(content);
            features
        })
        .collect()
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？')
}
