//! Settings for a [`Cleaner`](crate::Cleaner), limits included.

use crate::lang::Language;

/// Settings for a [`Cleaner`](crate::Cleaner).
///
/// ```
/// use linesift::{Config, Language};
/// let config = Config { language: Some(Language::German), ..Config::default() };
/// assert_eq!(config.max_input_bytes, 64 * 1024 * 1024);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Inputs larger than this many bytes are refused with [`Error::InputTooLarge`].
    /// Default: 64 MiB.
    pub max_input_bytes: usize,
    /// The page's language, if known; `None` (the default) detects it from stopwords.
    pub language: Option<Language>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_input_bytes: 64 * 1024 * 1024,
            language: None,
        }
    }
}
