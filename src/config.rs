//! Settings for a [`Cleaner`](crate::Cleaner), limits included.
//!
//! # Limits
//!
//! linesift is fed whatever a crawler finds, so every stage has a cap that
//! keeps its cost linear in the input and its memory a small multiple of it.
//! Input over a hard limit is refused with a clear [`Error`](crate::Error);
//! a soft cap (depth) changes how the input is read, never whether it is.
//!
//! | limit | default | kind | what it bounds |
//! |---|---|---|---|
//! | [`max_input_bytes`](Config::max_input_bytes) | 64 MiB | error | everything: time and memory grow with the input |
//! | [`max_blocks`](Config::max_blocks) | 100 000 | error | memory: each block costs a few hundred bytes whatever its length |
//! | [`max_dom_depth`](Config::max_dom_depth) | 512 | soft | HTML: parser and tree walk, whose cost grows with depth × elements |
//!
//! Pattern matching needs no setting: the patterns never look at more than the
//! first few hundred characters of a block, so a 100 MB line costs what a
//! short one does there.

use crate::lang::Language;

/// Settings for a [`Cleaner`](crate::Cleaner).
///
/// The limits have defaults far above any real page (the largest pages of the
/// evaluation sets have a few thousand blocks and a DOM a few dozen levels deep)
/// and low enough that one hostile input cannot take a pipeline down.
///
/// ```
/// use linesift::{Config, Language};
/// let config = Config { language: Some(Language::German), ..Config::default() };
/// assert_eq!(config.max_input_bytes, 64 * 1024 * 1024);
/// assert_eq!(config.max_blocks, 100_000);
/// assert_eq!(config.max_dom_depth, 512);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Inputs larger than this many bytes are refused with [`Error::InputTooLarge`](crate::Error::InputTooLarge).
    /// Default: 64 MiB, a hundred times the largest real pages; time and memory
    /// both grow linearly with the input, so this bounds both.
    pub max_input_bytes: usize,
    /// Pages with more blocks than this are refused with [`Error::TooManyBlocks`](crate::Error::TooManyBlocks).
    ///
    /// In text mode every non-blank line may become a block, so the non-blank
    /// lines are counted (before any work is done); in HTML mode the blocks the
    /// DOM walk produced. Default: 100 000. Each block carries its text plus a
    /// few hundred bytes of features, score and reasons, so without this cap a
    /// file of very short lines (`"a\n"` repeated) would need over a hundred
    /// times its size in memory. Real pages have a few thousand blocks at most.
    pub max_blocks: usize,
    /// HTML mode: elements nested deeper than this are read as if they were
    /// children of their ancestor at this depth; their text is kept.
    ///
    /// Default: 512, the depth at which browsers' HTML parsers stop nesting too.
    /// Parsing and walking cost grows with depth × elements (each new element
    /// checks the open elements above it), so unbounded nesting — 100 000
    /// nested `<div>`s is a few hundred kilobytes — would be quadratic.
    pub max_dom_depth: usize,
    /// The page's language, if known; `None` (the default) detects it from stopwords.
    pub language: Option<Language>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_input_bytes: 64 * 1024 * 1024,
            max_blocks: 100_000,
            max_dom_depth: 512,
            language: None,
        }
    }
}
