//! linesift strips boilerplate from scraped web pages.
//!
//! Give it a page — plain text as a scraper, a text browser or copy-paste
//! leaves it, or raw HTML — and it gives back the article: title, headings,
//! body. Navigation menus, cookie banners, share buttons, related-link lists,
//! comment forms, legal footers and ads are labelled and left out, and every
//! block carries the reasons for its label.
//!
//! ```
//! let page = "\
//! Accept all cookies
//! Home | World | Business | Sport
//! Rain Expected All Week
//! Forecasters said on Monday that the rain would last until Sunday, and that rivers in the north could flood.
//! Residents of low-lying areas were told to move their cars and to keep an eye on the warnings.
//! Share on Facebook
//! © 2026 Example News. All rights reserved.
//! ";
//! let doc = linesift::clean_text(page)?;
//! assert_eq!(doc.title(), Some("Rain Expected All Week"));
//! assert_eq!(
//!     doc.text(),
//!     "Forecasters said on Monday that the rain would last until Sunday, and that rivers in the north could flood.\n\
//!      Residents of low-lying areas were told to move their cars and to keep an eye on the warnings."
//! );
//! for block in doc.blocks() {
//!     println!("{:<10} {:>5.1} {}  {:?}", block.label(), block.score(), block.text(), block.reasons());
//! }
//! # Ok::<(), linesift::Error>(())
//! ```
//!
//! # Pipeline
//!
//! `decode → segment → features → score → context → render`: the input becomes
//! an ordered list of blocks (lines, re-joined paragraphs, or the DOM's block
//! elements), each block gets shallow features (word count, stopword density,
//! sentence ends, repetition, patterns), a score and a label, and a context
//! pass lets neighbours decide the uncertain blocks. Text mode and HTML mode
//! share every stage after segmentation.

#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

mod config;
mod context;
mod decode;
mod document;
mod error;
mod features;
mod hash;
mod hints;
mod html;
mod label;
mod lang;
mod mirror;
mod patterns;
pub mod render;
mod score;
mod segment;
mod trigger;

pub use config::Config;
pub use document::{Article, Block, BlockKind, Document, LineSpan};
pub use error::Error;
pub use label::{Label, UnknownLabel};
pub use lang::Language;

use patterns::Patterns;
use segment::Segment;

/// What kind of input a page is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputKind {
    /// Decide by looking at the first bytes: markup means HTML.
    #[default]
    Auto,
    /// Plain text, one block per line or blank-line paragraphs.
    Text,
    /// HTML, in any encoding.
    Html,
}

impl InputKind {
    /// Resolves [`InputKind::Auto`] by sniffing `bytes`; other kinds are returned as they are.
    ///
    /// ```
    /// use linesift::InputKind;
    /// assert_eq!(InputKind::Auto.resolve(b"<!DOCTYPE html><html>"), InputKind::Html);
    /// assert_eq!(InputKind::Auto.resolve(b"Just a line of text."), InputKind::Text);
    /// ```
    pub fn resolve(self, bytes: &[u8]) -> InputKind {
        match self {
            InputKind::Auto if looks_like_html(bytes) => InputKind::Html,
            InputKind::Auto => InputKind::Text,
            other => other,
        }
    }
}

/// True if the start of `bytes` looks like markup: after whitespace and a BOM,
/// a doctype, a comment, or one of the tags a page starts with.
fn looks_like_html(bytes: &[u8]) -> bool {
    const HEAD: usize = 1024;
    let head = bytes.get(..HEAD).unwrap_or(bytes);
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head = head.get(start..).unwrap_or_default();
    let lower: Vec<u8> = head.iter().take(64).map(u8::to_ascii_lowercase).collect();
    [
        &b"<!doctype html"[..],
        b"<html",
        b"<head",
        b"<body",
        b"<!--",
        b"<meta",
        b"<?xml",
        b"<div",
        b"<title",
        b"<p>",
        b"<article",
    ]
    .iter()
    .any(|prefix| lower.starts_with(prefix))
}

/// A reusable cleaner with its [`Config`]. Cheap to share between threads
/// (`Send + Sync`): the patterns are compiled once per process.
///
/// ```
/// use linesift::{Cleaner, Config, InputKind};
///
/// let cleaner = Cleaner::new(Config::default());
/// let doc = cleaner.clean(b"<p>Officials said the bridge would reopen on Friday after two weeks of repairs.</p>", InputKind::Auto)?;
/// assert!(doc.text().contains("bridge would reopen"));
/// # Ok::<(), linesift::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Cleaner {
    config: Config,
}

impl Cleaner {
    /// A cleaner with the given settings.
    pub fn new(config: Config) -> Cleaner {
        Cleaner { config }
    }

    /// The settings in use.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Cleans plain text.
    pub fn clean_text(&self, text: &str) -> Result<Document, Error> {
        self.classify_text(text).map(Classified::into_document)
    }

    /// The stages of [`Cleaner::clean_text`] up to the document.
    fn classify_text(&self, text: &str) -> Result<Classified, Error> {
        self.check_size(text.len())?;
        // Counted before segmenting, so that a page of millions of tiny lines
        // is refused before it costs memory (issue 5: bounded cost).
        // A non-blank line takes a visible byte and, unless it is the last,
        // a line break: `n` bytes hold at most `ceil(n / 2)` of them. Below
        // the limit the count could not refuse the text, and is skipped
        // (every real page: the default allows 200 KB of one-letter lines).
        if text.len().div_ceil(2) > self.config.max_blocks {
            self.check_blocks(segment::count_nonblank_lines(text))?;
        }
        let segments = segment::segment_text(text);
        let (features, language, mut scored) = self.score(&segments, false);
        let title = context::apply(&segments, &features, &mut scored)
            .and_then(|index| segments.get(index))
            .map(|segment| segment.content().to_string());
        Ok(Classified {
            segments,
            scored,
            title,
            language,
        })
    }

    /// Cleans an HTML page given as bytes in any encoding.
    ///
    /// The page is decoded (BOM, declared charset, sniffing), parsed, and its
    /// block elements become blocks with DOM hints; they go through the same
    /// features, scoring and context pass as text, and then the DOM picks the
    /// article container and the title.
    pub fn clean_html(&self, html: &[u8]) -> Result<Document, Error> {
        self.classify_html(html).map(Classified::into_document)
    }

    /// The stages of [`Cleaner::clean_html`] up to the document.
    fn classify_html(&self, html: &[u8]) -> Result<Classified, Error> {
        self.check_size(html.len())?;
        // Deep nesting would make the parser quadratic; `segment_html` caps it
        // before parsing, see `html::prepare` (issue 5).
        self.classify_walked(html::segment_html(html, self.config.max_dom_depth))
    }

    /// The stages of [`Cleaner::clean_html`] after the page is walked, up
    /// to the document.
    fn classify_walked(&self, walked: html::Walked) -> Result<Classified, Error> {
        let segments = walked.segments;
        self.check_blocks(segments.len())?;
        let (features, language, mut scored) = self.score(&segments, true);
        let scores: Vec<f32> = scored.iter().map(|s| s.score).collect();
        // The text-mode title guess is the last resort; the DOM's sources come first.
        let context_title = context::apply(&segments, &features, &mut scored);
        let title = html::title::choose(&walked.titles, &segments).or_else(|| {
            context_title.and_then(|i| Some((segments.get(i)?.content().to_string(), Some(i))))
        });
        let title_index = title.as_ref().and_then(|(_, index)| *index);
        html::region::refine(
            &walked.elements,
            &segments,
            &features,
            &mut scored,
            &scores,
            title_index,
        );
        Ok(Classified {
            segments,
            scored,
            title: title.map(|(text, _)| text),
            language,
        })
    }

    /// Cleans a document that is already a string, of the given kind
    /// ([`InputKind::Auto`] sniffs it): [`Cleaner::clean`] without the
    /// decoding, for text that was decoded on its way in (a JSON string, a
    /// database column). Text goes straight to [`Cleaner::clean_text`];
    /// HTML is cleaned as [`Cleaner::clean_html`] cleans it, except that a
    /// charset its `<meta>` declares is not acted on: the string is
    /// Unicode already, and decoding it again as the declared charset would
    /// garble every character beyond ASCII.
    ///
    /// ```
    /// use linesift::{Cleaner, InputKind};
    /// let cleaner = Cleaner::default();
    /// let text = "Accept all cookies\nThe council approved the new budget on Tuesday, after a debate that lasted most of the night.\n";
    /// let doc = cleaner.clean_str(text, InputKind::Auto)?;
    /// assert!(doc.text().starts_with("The council approved"));
    ///
    /// // A page stored as a string, whose head still names its old charset.
    /// let page = "<html><head><meta charset=\"shift_jis\"></head><body>\
    ///     <p>東京の市議会は火曜日、夜遅くまで続いた議論の末に新しい予算案を承認し、来年度から実施することを決めた。</p>\
    ///     </body></html>";
    /// let doc = cleaner.clean_str(page, InputKind::Auto)?;
    /// assert!(doc.text().contains("東京の市議会"));
    /// # Ok::<(), linesift::Error>(())
    /// ```
    pub fn clean_str(&self, text: &str, kind: InputKind) -> Result<Document, Error> {
        self.classify_str(text, kind).map(Classified::into_document)
    }

    /// The article alone, title and text, of a document that is already a
    /// string: what [`Cleaner::clean_str`] gives as [`Document::title`],
    /// [`Document::text`] and [`Document::language`], made without the
    /// document's blocks, their reasons and their shared buffers. For a
    /// pipeline that keeps only the text, it is the faster way.
    ///
    /// ```
    /// use linesift::{Cleaner, InputKind};
    /// let cleaner = Cleaner::default();
    /// let page = "Rain Expected All Week\n\
    ///             Forecasters said on Monday that the rain would last until Sunday, and that rivers in the north could flood.\n\
    ///             Share on Facebook\n";
    /// let article = cleaner.article_str(page, InputKind::Auto)?;
    /// assert_eq!(article.title(), Some("Rain Expected All Week"));
    /// assert!(article.text().starts_with("Forecasters said"));
    /// assert!(!article.text().contains("Facebook"));
    ///
    /// // The same title and text as the whole document's.
    /// let doc = cleaner.clean_str(page, InputKind::Auto)?;
    /// assert_eq!(article.title(), doc.title());
    /// assert_eq!(article.text(), doc.text());
    /// # Ok::<(), linesift::Error>(())
    /// ```
    pub fn article_str(&self, text: &str, kind: InputKind) -> Result<Article, Error> {
        self.classify_str(text, kind).map(Classified::into_article)
    }

    /// The stages of [`Cleaner::clean_str`] up to the document.
    fn classify_str(&self, text: &str, kind: InputKind) -> Result<Classified, Error> {
        match kind.resolve(text.as_bytes()) {
            InputKind::Html => {
                self.check_size(text.len())?;
                // A byte-order mark, which decoding would have dropped.
                let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
                self.classify_walked(html::segment_decoded_html(text, self.config.max_dom_depth))
            }
            _ => self.classify_text(text),
        }
    }

    /// Cleans bytes of the given kind; text is decoded as UTF-8, or with a
    /// sniffed encoding when it is not valid UTF-8.
    pub fn clean(&self, bytes: &[u8], kind: InputKind) -> Result<Document, Error> {
        self.classify(bytes, kind).map(Classified::into_document)
    }

    /// The article alone, title and text, of bytes of the given kind: what
    /// [`Cleaner::clean`] gives as [`Document::title`], [`Document::text`]
    /// and [`Document::language`], made without the document's blocks (see
    /// [`Cleaner::article_str`]).
    ///
    /// ```
    /// use linesift::{Cleaner, InputKind};
    /// let page = b"<html><head><title>Rain Expected All Week</title></head><body>\
    ///     <nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>\
    ///     <h1>Rain Expected All Week</h1>\
    ///     <p>Forecasters said on Monday that the rain would last until Sunday, and that rivers in the north could flood.</p>\
    ///     </body></html>";
    /// let article = Cleaner::default().article(page, InputKind::Auto)?;
    /// assert_eq!(article.title(), Some("Rain Expected All Week"));
    /// assert_eq!(
    ///     article.text(),
    ///     "Forecasters said on Monday that the rain would last until Sunday, and that rivers in the north could flood."
    /// );
    /// # Ok::<(), linesift::Error>(())
    /// ```
    pub fn article(&self, bytes: &[u8], kind: InputKind) -> Result<Article, Error> {
        self.classify(bytes, kind).map(Classified::into_article)
    }

    /// The stages of [`Cleaner::clean`] up to the document.
    fn classify(&self, bytes: &[u8], kind: InputKind) -> Result<Classified, Error> {
        match kind.resolve(bytes) {
            InputKind::Html => self.classify_html(bytes),
            _ => {
                self.check_size(bytes.len())?;
                self.classify_text(&decode::decode_text(bytes))
            }
        }
    }

    fn check_size(&self, size: usize) -> Result<(), Error> {
        let limit = self.config.max_input_bytes;
        if size > limit {
            return Err(Error::InputTooLarge { size, limit });
        }
        Ok(())
    }

    fn check_blocks(&self, count: usize) -> Result<(), Error> {
        let limit = self.config.max_blocks;
        if count > limit {
            return Err(Error::TooManyBlocks { count, limit });
        }
        Ok(())
    }

    /// The stages both modes share before the context pass: the features of
    /// every block (with the page's language) and each block's own score.
    ///
    /// `with_dom` says the segments carry DOM hints (HTML mode). Text
    /// segments never do, and their scores are made from the features
    /// alone: the segments, read again only to find no hints, were a cache
    /// line per block.
    fn score(
        &self,
        segments: &[Segment],
        with_dom: bool,
    ) -> (
        Vec<features::Features>,
        Option<Language>,
        Vec<score::Scored>,
    ) {
        let (features, language) =
            features::extract(segments, self.config.language, Patterns::get());
        let language_known = language.is_some();
        let scored = if with_dom {
            segments
                .iter()
                .zip(&features)
                .map(|(segment, feature)| {
                    score::score(segment.dom.as_ref(), feature, language_known)
                })
                .collect()
        } else {
            features
                .iter()
                .map(|feature| score::score(None, feature, language_known))
                .collect()
        };
        (features, language, scored)
    }
}

/// A page classified, before it is made a [`Document`] or an [`Article`]:
/// its segments, each one's label, score and reasons, the title and the language.
struct Classified {
    segments: Vec<Segment>,
    scored: Vec<score::Scored>,
    title: Option<String>,
    language: Option<Language>,
}

impl Classified {
    /// The document: a block for every segment, with its label, score and reasons.
    fn into_document(self) -> Document {
        let Classified {
            segments,
            scored,
            title,
            language,
        } = self;
        // Every block's reasons go into one list for the page, each block
        // keeping its range of it: one allocation, not one per block.
        let mut all = Vec::with_capacity(scored.iter().map(|s| s.reasons.len()).sum());
        for block in &scored {
            block.reasons.copy_into(&mut all);
        }
        let all = std::sync::Arc::new(all);
        let mut start = 0;
        let mut scores = scored.iter();
        // Collected in place: the blocks take the segments' allocation
        // (a page of a million lines must not hold both at once).
        // The scores are read in place: moved out of their list beside the
        // segments, each took a copy of its own. They are not zipped with the
        // segments either: the pair was one more copy of each segment on its
        // way into its block. (The lists are equally long: a score per block.)
        let blocks = segments
            .into_iter()
            .map(
                |Segment {
                     text, kind, lines, ..
                 }| {
                    let (label, score, count) =
                        scores.next().map_or((Label::Other, 0.0, 0), |scored| {
                            (scored.label, scored.score, scored.reasons.len())
                        });
                    let end = start + count;
                    let reasons = document::ReasonList::Shared {
                        all: all.clone(),
                        start,
                        end,
                    };
                    start = end;
                    Block {
                        text,
                        label,
                        score,
                        reasons,
                        kind,
                        lines,
                    }
                },
            )
            .collect();
        Document {
            title,
            language,
            blocks,
        }
    }

    /// The article alone: the title, and the text of the headings and body
    /// blocks joined as [`Document::text`] joins them.
    fn into_article(self) -> Article {
        let text = document::join_lines(
            self.segments
                .iter()
                .zip(&self.scored)
                .filter(|(_, scored)| scored.label.is_in_text())
                .map(|(segment, _)| &segment.text),
        );
        Article {
            title: self.title,
            text,
            language: self.language,
        }
    }
}

/// Cleans plain text with the default [`Config`].
///
/// ```
/// let doc = linesift::clean_text("Skip to content\nThe council approved the new budget on Tuesday, after a debate that lasted most of the night.\n")?;
/// assert_eq!(doc.text(), "The council approved the new budget on Tuesday, after a debate that lasted most of the night.");
/// # Ok::<(), linesift::Error>(())
/// ```
pub fn clean_text(text: &str) -> Result<Document, Error> {
    Cleaner::default().clean_text(text)
}

/// Cleans an HTML page (bytes in any encoding) with the default [`Config`].
///
/// ```
/// let html = b"<html><body><nav><a href='/'>Home</a></nav>\
///   <p>The council approved the new budget on Tuesday, after a debate that lasted most of the night.</p></body></html>";
/// let doc = linesift::clean_html(html)?;
/// assert!(doc.text().contains("approved the new budget"));
/// # Ok::<(), linesift::Error>(())
/// ```
pub fn clean_html(html: &[u8]) -> Result<Document, Error> {
    Cleaner::default().clean_html(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The densest text that still fits, and one line more, around the
    /// bound that lets the line count be skipped.
    #[test]
    fn the_block_limit_holds_where_the_line_count_is_skipped() {
        for limit in 1..6 {
            let cleaner = Cleaner::new(Config {
                max_blocks: limit,
                ..Config::default()
            });
            let fits = "a\n".repeat(limit - 1) + "a";
            assert!(cleaner.clean_text(&fits).is_ok(), "{fits:?}");
            for over in ["a\n".repeat(limit) + "a", "a\n".repeat(limit + 1)] {
                assert_eq!(
                    cleaner.clean_text(&over),
                    Err(Error::TooManyBlocks {
                        count: limit + 1,
                        limit
                    }),
                    "{over:?}"
                );
            }
        }
    }
}

/// The README's Rust examples, compiled and run as doctests so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
