//! What the DOM says about a block (HTML mode only).
//!
//! Text mode has none of this; the classifier reads it through
//! [`score_adjustment`] so that the shared stages stay blind to where a block
//! came from.

/// DOM facts about one block. Filled in by the HTML segmenter.
#[derive(Debug, Clone, Default)]
pub(crate) struct DomHints {
    /// Characters of the block's text that sit inside `<a>` elements.
    pub link_chars: usize,
}

/// How much the DOM hints move a block's score, and why.
pub(crate) fn score_adjustment(
    hints: &DomHints,
    features: &crate::features::Features,
    reasons: &mut Vec<std::borrow::Cow<'static, str>>,
) -> f32 {
    let _ = (hints, features, reasons);
    0.0
}
