//! The labels a block can get.
//!
//! One enum serves text mode and HTML mode alike. Three labels are the article
//! ([`Label::Title`], [`Label::Heading`], [`Label::Body`]); the others say which
//! kind of boilerplate a block is, so that a caller who wants, say, the bylines
//! can still find them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What a block of the page is.
///
/// ```
/// use linesift::Label;
///
/// assert!(Label::Body.is_kept());
/// assert!(!Label::Related.is_kept());
/// assert_eq!("consent".parse::<Label>().unwrap(), Label::Consent);
/// assert_eq!(Label::Navigation.to_string(), "navigation");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Label {
    /// The article's headline.
    Title,
    /// A subheading inside the article.
    Heading,
    /// Article text: paragraphs, list items, quotes, table rows.
    Body,
    /// Byline, date, reading time, category, photo credits.
    Meta,
    /// Menus, breadcrumbs, "skip to content", pagination.
    Navigation,
    /// Cookie and privacy-consent banners.
    Consent,
    /// Share buttons and "follow us" rows.
    Share,
    /// Lists of other articles: "related", "most read", "you might also like".
    Related,
    /// Comment threads and comment forms.
    Comments,
    /// Copyright lines, terms, imprint, privacy links.
    Legal,
    /// Ads, subscribe and newsletter prompts, sign-in prompts.
    Promo,
    /// Anything else that is not the article.
    Other,
}

impl Label {
    /// Every label, in the order of the enum.
    pub const ALL: [Label; 12] = [
        Label::Title,
        Label::Heading,
        Label::Body,
        Label::Meta,
        Label::Navigation,
        Label::Consent,
        Label::Share,
        Label::Related,
        Label::Comments,
        Label::Legal,
        Label::Promo,
        Label::Other,
    ];

    /// True for the labels that make up the article: title, heading and body.
    pub fn is_kept(self) -> bool {
        matches!(self, Label::Title | Label::Heading | Label::Body)
    }

    /// True for the labels of the blocks the article's text is made of:
    /// heading and body (the title is apart, see `Document::text`).
    pub(crate) fn is_in_text(self) -> bool {
        matches!(self, Label::Heading | Label::Body)
    }

    /// The label's name as it appears in JSON output, `--explain` and golden files.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Title => "title",
            Label::Heading => "heading",
            Label::Body => "body",
            Label::Meta => "meta",
            Label::Navigation => "navigation",
            Label::Consent => "consent",
            Label::Share => "share",
            Label::Related => "related",
            Label::Comments => "comments",
            Label::Legal => "legal",
            Label::Promo => "promo",
            Label::Other => "other",
        }
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error returned when a string names no [`Label`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown label {0:?}; expected one of title, heading, body, meta, navigation, consent, share, related, comments, legal, promo, other")]
pub struct UnknownLabel(pub String);

impl FromStr for Label {
    type Err = UnknownLabel;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Label::ALL
            .iter()
            .copied()
            .find(|label| label.as_str() == s)
            .ok_or_else(|| UnknownLabel(s.to_string()))
    }
}
