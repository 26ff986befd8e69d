//! The result of cleaning: a [`Document`] made of labelled [`Block`]s.

use std::borrow::Cow;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::label::Label;
use crate::lang::Language;

/// The structural kind of a block, as the input showed it.
///
/// Text mode knows list items (by their bullet or number) and paragraphs;
/// HTML mode also knows headings, quotes, table rows and preformatted text.
/// The kind is structure, not judgement: a list item may be body or navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// Running text.
    #[default]
    Paragraph,
    /// A heading element (`<h1>`–`<h6>`) in HTML input.
    Heading,
    /// An item of a bulleted list.
    ListItem,
    /// An item of a numbered list.
    OrderedListItem,
    /// A quotation (`<blockquote>`).
    Quote,
    /// A row of a table; cells are separated by ` | `.
    TableRow,
    /// Preformatted text (`<pre>`), kept as it was.
    Preformatted,
}

/// The lines of the input a block came from, counted from 1, both ends included.
///
/// Only text mode has line numbers; an HTML block has none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LineSpan {
    /// The first line of the block.
    pub first: usize,
    /// The last line of the block (equal to `first` for a one-line block).
    pub last: usize,
}

/// A block's text: a string of its own, or a range of one buffer that all the
/// blocks of a page share.
///
/// Text mode writes every block of a page into one buffer: one allocation per
/// page instead of one per block, whose malloc and free were a tenth of the
/// text pipeline's instructions. It behaves as the `str` it holds: equality,
/// `Debug` and serde see only the text.
#[derive(Clone)]
pub(crate) enum Text {
    /// The block's own string (HTML mode, deserialised blocks).
    Owned(String),
    /// `buffer[start..end]`, on a char boundary at both ends.
    Shared {
        /// The page's buffer.
        buffer: Arc<String>,
        /// Where the block's text starts.
        start: usize,
        /// Where it ends.
        end: usize,
    },
}

impl Text {
    /// The text.
    pub fn as_str(&self) -> &str {
        match self {
            Text::Owned(text) => text,
            Text::Shared { buffer, start, end } => buffer.get(*start..*end).unwrap_or_default(),
        }
    }

    /// The text from byte `from` on, or all of it if `from` is not a char
    /// boundary within it: `as_str().get(from..)` with one slicing instead of two.
    ///
    /// Inlined: every block's content is read through it two or three times
    /// a page, and the call cost as much as the slicing.
    #[inline]
    pub fn tail(&self, from: usize) -> &str {
        match self {
            Text::Owned(text) => text.get(from..).unwrap_or(text),
            Text::Shared { buffer, start, end } => buffer
                .get(start.saturating_add(from)..*end)
                .or_else(|| buffer.get(*start..*end))
                .unwrap_or_default(),
        }
    }

    /// The text's length in bytes, read from its range without slicing the
    /// buffer (no char-boundary checks): `as_str().len()` for every text
    /// this crate builds, whose ranges are valid. For sizing buffers only.
    pub fn byte_len(&self) -> usize {
        match self {
            Text::Owned(text) => text.len(),
            Text::Shared { start, end, .. } => end.saturating_sub(*start),
        }
    }
}

impl Default for Text {
    fn default() -> Self {
        Text::Owned(String::new())
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Text::Owned(text)
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_str().fmt(f)
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Text::Owned)
    }
}

/// The texts one per line: the article's text, as [`Document::text`] and
/// [`Article`] give it.
pub(crate) fn join_lines<'a>(texts: impl Iterator<Item = &'a Text> + Clone) -> String {
    // Sized first: growing the string block by block copied it over and over.
    // The length is read from the block's range: a slicing of the
    // page's buffer per block cost more than the sum.
    let size = texts.clone().map(|text| text.byte_len() + 1).sum();
    let mut out = String::with_capacity(size);
    for text in texts {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(text);
    }
    out
}

/// A block's reasons: a list of its own, or a range of one list that all the
/// blocks of a page share (one allocation per page instead of one per block).
/// Equality, `Debug` and serde see only the reasons.
#[derive(Clone)]
pub(crate) enum ReasonList {
    /// The block's own list (deserialised blocks).
    Owned(Vec<Cow<'static, str>>),
    /// `all[start..end]`.
    Shared {
        /// The reasons of every block of the page, block after block.
        all: Arc<Vec<Cow<'static, str>>>,
        /// Where the block's reasons start.
        start: usize,
        /// Where they end.
        end: usize,
    },
}

impl ReasonList {
    /// The reasons.
    pub fn as_slice(&self) -> &[Cow<'static, str>] {
        match self {
            ReasonList::Owned(reasons) => reasons,
            ReasonList::Shared { all, start, end } => all.get(*start..*end).unwrap_or_default(),
        }
    }
}

impl std::fmt::Debug for ReasonList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_slice().fmt(f)
    }
}

impl PartialEq for ReasonList {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Serialize for ReasonList {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.as_slice().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for ReasonList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::deserialize(deserializer).map(ReasonList::Owned)
    }
}

/// One block of the page with its label and the reasons for it.
///
/// ```
/// let doc = linesift::clean_text("Accept all cookies\n").unwrap();
/// let block = &doc.blocks()[0];
/// assert_eq!(block.text(), "Accept all cookies");
/// assert_eq!(block.label(), linesift::Label::Consent);
/// assert!(!block.reasons().is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Block {
    pub(crate) text: Text,
    pub(crate) label: Label,
    pub(crate) score: f32,
    pub(crate) reasons: ReasonList,
    #[serde(default)]
    pub(crate) kind: BlockKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) lines: Option<LineSpan>,
}

impl Block {
    /// The block's text, whitespace-normalised. A list item keeps its bullet.
    pub fn text(&self) -> &str {
        self.text.as_str()
    }

    /// The label the classifier gave the block.
    pub fn label(&self) -> Label {
        self.label
    }

    /// How body-like the block is: above zero leans to article text, below zero
    /// to boilerplate. The label, not the score, is the decision; the score says
    /// how clear-cut it was.
    pub fn score(&self) -> f32 {
        self.score
    }

    /// Short tags naming the features, patterns and neighbours that decided the label,
    /// such as `"pattern:consent"`, `"long-text"` or `"context:inside-body"`.
    pub fn reasons(&self) -> &[Cow<'static, str>] {
        self.reasons.as_slice()
    }

    /// The block's structural kind (paragraph, list item, heading …).
    pub fn kind(&self) -> BlockKind {
        self.kind
    }

    /// The input lines the block came from (text mode only).
    pub fn lines(&self) -> Option<LineSpan> {
        self.lines
    }

    /// True if the block is part of the article (title, heading or body).
    pub fn is_kept(&self) -> bool {
        self.label.is_kept()
    }
}

/// A cleaned page: every block of the input, labelled, in input order.
///
/// ```
/// let page = "Rain Expected All Week\n\
///             Forecasters said on Monday that the rain would last until Sunday, and that rivers in the north could flood.\n\
///             Share on Facebook\n";
/// let doc = linesift::clean_text(page).unwrap();
/// assert_eq!(doc.title(), Some("Rain Expected All Week"));
/// assert!(doc.text().starts_with("Forecasters said"));
/// assert!(!doc.text().contains("Facebook"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Document {
    pub(crate) title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) language: Option<Language>,
    pub(crate) blocks: Vec<Block>,
}

impl Document {
    /// The article's title, if the page has one.
    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// The article without its title: headings and body blocks, one per line.
    pub fn text(&self) -> String {
        join_lines(self.body_blocks().map(|block| &block.text))
    }

    /// The article's headings and body blocks, in order (the title block left out).
    pub fn body_blocks(&self) -> impl Iterator<Item = &Block> + Clone {
        self.blocks.iter().filter(|b| b.label.is_in_text())
    }

    /// Every block of the input, kept or not, in input order.
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// The language the page was judged to be in, if one of the known ones.
    pub fn language(&self) -> Option<Language> {
        self.language
    }

    /// True if nothing of the page was kept.
    pub fn is_empty(&self) -> bool {
        !self.blocks.iter().any(|b| b.label.is_kept())
    }
}

/// The article alone: its title and text, without the blocks. What
/// [`Cleaner::article`](crate::Cleaner::article) and
/// [`Cleaner::article_str`](crate::Cleaner::article_str) give, when the
/// labels and reasons of the blocks are not wanted.
///
/// ```
/// use linesift::{Cleaner, InputKind};
/// let page = "Rain Expected All Week\n\
///             Forecasters said on Monday that the rain would last until Sunday, and that rivers in the north could flood.\n\
///             Share on Facebook\n";
/// let article = Cleaner::default().article_str(page, InputKind::Text)?;
/// assert_eq!(article.title(), Some("Rain Expected All Week"));
/// assert_eq!(
///     article.into_text(),
///     "Forecasters said on Monday that the rain would last until Sunday, and that rivers in the north could flood."
/// );
/// # Ok::<(), linesift::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Article {
    pub(crate) title: Option<String>,
    pub(crate) text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) language: Option<Language>,
}

impl Article {
    /// The article's title, if the page has one ([`Document::title`]).
    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// The article without its title: headings and body blocks, one per
    /// line ([`Document::text`]).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text, taken out of the article without a copy.
    pub fn into_text(self) -> String {
        self.text
    }

    /// The language the page was judged to be in, if one of the known ones
    /// ([`Document::language`]).
    pub fn language(&self) -> Option<Language> {
        self.language
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `tail` is `as_str().get(from..)`, falling back to the whole text, for
    /// shared ranges and owned strings alike, at every offset.
    #[test]
    fn tail_is_the_text_from_an_offset() {
        let buffer = Arc::new("ab é–c dé".to_string());
        let len = buffer.len();
        for start in (0..=len).filter(|&i| buffer.is_char_boundary(i)) {
            for end in (start..=len).filter(|&i| buffer.is_char_boundary(i)) {
                let shared = Text::Shared {
                    buffer: buffer.clone(),
                    start,
                    end,
                };
                let owned = Text::Owned(shared.as_str().to_string());
                for from in 0..=len + 1 {
                    let text = shared.as_str();
                    let expected = text.get(from..).unwrap_or(text);
                    assert_eq!(shared.tail(from), expected, "{start}..{end} from {from}");
                    assert_eq!(shared.byte_len(), text.len());
                    assert_eq!(owned.byte_len(), text.len());
                    assert_eq!(owned.tail(from), expected);
                }
            }
        }
    }
}
