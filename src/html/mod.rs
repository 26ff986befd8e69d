//! HTML mode: the DOM becomes the same segments text mode makes.
//!
//! - [`crate::decode::decode_html`] turns bytes into text (BOM, declared
//!   charset, sniffing);
//! - [`walk`] parses it with `scraper` and walks the tree once, iteratively,
//!   into segments carrying [`crate::hints::DomHints`];
//! - the shared stages (features, score, context) classify them;
//! - [`region`] applies what only the DOM knows afterwards (the article
//!   container, boilerplate subtrees) and [`title`] picks the title.

pub(crate) mod region;
pub(crate) mod title;
mod tokens;
pub(crate) mod walk;

pub(crate) use walk::Walked;

/// Decodes and parses an HTML page and walks it into segments.
pub(crate) fn segment_html(bytes: &[u8]) -> Walked {
    let text = crate::decode::decode_html(bytes);
    let document = scraper::Html::parse_document(&text);
    walk::walk(&document)
}
