//! The errors linesift can return.

/// Why a page could not be cleaned.
///
/// Cleaning itself never fails on odd input — invalid UTF-8, binary junk and
/// malformed HTML all give a (possibly empty) document. What fails is input
/// beyond the limits set in [`Config`](crate::Config), so that one hostile page
/// cannot take a whole pipeline down.
///
/// ```
/// use linesift::{Cleaner, Config, Error};
///
/// let cleaner = Cleaner::new(Config { max_input_bytes: 10, ..Config::default() });
/// let err = cleaner.clean_text("this page is longer than ten bytes").unwrap_err();
/// assert!(matches!(err, Error::InputTooLarge { size: 34, limit: 10 }));
/// assert!(err.to_string().contains("34 bytes"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input is larger than [`Config::max_input_bytes`](crate::Config::max_input_bytes).
    #[error(
        "input is {size} bytes, over the limit of {limit} bytes; \
         raise the limit (Config::max_input_bytes, or --max-input-size on the command line) to clean it"
    )]
    InputTooLarge {
        /// The size of the input, in bytes.
        size: usize,
        /// The limit in force, in bytes.
        limit: usize,
    },
    /// The page has more blocks than [`Config::max_blocks`](crate::Config::max_blocks).
    // Added with the limits (issue 5): without a block cap, memory per input
    // byte is unbounded for pages of very short lines or elements.
    #[error(
        "page has {count} blocks (non-blank lines or block elements), over the limit of {limit}; \
         raise the limit (Config::max_blocks) to clean it"
    )]
    TooManyBlocks {
        /// The number of blocks (in text mode: non-blank lines) found.
        count: usize,
        /// The limit in force.
        limit: usize,
    },
}
