//! What only the DOM knows, applied after the shared stages.
//!
//! 1. The article container: every block element gets the body-like text of
//!    its subtree minus its link-heavy text; subtrees of boilerplate elements
//!    (navigation, comments, related lists …) count for nothing. The element
//!    with the largest total is the article; nothing outside it is kept.
//! 2. Inside it, a kept block under a boilerplate element that lies below the
//!    container is dropped, so a related list or share row inside `<article>`
//!    goes even when its text reads like prose.
//! 3. The title block gets the title label; its duplicates are dropped.

use std::borrow::Cow;

use super::walk::ElementInfo;
use crate::features::Features;
use crate::hints::{Token, Tokens};
use crate::label::Label;
use crate::score::Scored;
use crate::segment::Segment;

/// Words from which a block counts as prose for choosing the container.
const PROSE_WORDS: usize = 10;

/// The article container's index in `elements`, and the range of element
/// indices inside it (elements are numbered in document order, so a subtree
/// is one range).
pub(crate) fn container(
    elements: &[ElementInfo],
    segments: &[Segment],
    features: &[Features],
) -> Option<(usize, std::ops::Range<usize>)> {
    let mut total = vec![0.0f32; elements.len()];
    for (segment, feature) in segments.iter().zip(features) {
        let Some(dom) = &segment.dom else { continue };
        let Some(slot) = total.get_mut(dom.element as usize) else {
            continue;
        };
        let chars = feature.chars as f32;
        let links = dom.link_chars as f32;
        *slot += if feature.words >= PROSE_WORDS && feature.link_density < 0.5 {
            chars - links
        } else {
            -links
        };
    }
    let mut size = vec![1usize; elements.len()];
    let mut best: Option<(f32, usize)> = None;
    for index in (0..elements.len()).rev() {
        let (Some(info), Some(&own)) = (elements.get(index), total.get(index)) else {
            continue;
        };
        if best.is_none_or(|(b, _)| own > b) {
            best = Some((own, index));
        }
        let Some(parent) = usize::try_from(info.parent).ok().filter(|p| *p < index) else {
            continue;
        };
        let pruned = info.tokens.intersects(Tokens::STRONG);
        let carried = if pruned { own.min(0.0) } else { own };
        if let Some(slot) = total.get_mut(parent) {
            *slot += carried;
        }
        let own_size = size.get(index).copied().unwrap_or(1);
        if let Some(slot) = size.get_mut(parent) {
            *slot += own_size;
        }
    }
    let (score, index) = best?;
    (score > 0.0).then(|| (index, index..index + size.get(index).copied().unwrap_or(1)))
}

/// Tokens of the container and all its ancestors.
fn chain_tokens(elements: &[ElementInfo], mut index: usize) -> Tokens {
    let mut tokens = Tokens::default();
    // Bounded: parents always have smaller indices.
    while let Some(info) = elements.get(index) {
        tokens = tokens.union(info.tokens);
        match usize::try_from(info.parent) {
            Ok(parent) if parent < index => index = parent,
            _ => break,
        }
    }
    tokens
}

/// The label a boilerplate token stands for.
fn token_label(token: Token) -> Label {
    match token {
        Token::Nav => Label::Navigation,
        Token::Comment => Label::Comments,
        Token::Share => Label::Share,
        Token::Related => Label::Related,
        Token::Consent => Label::Consent,
        Token::Promo => Label::Promo,
        Token::Footer => Label::Legal,
        _ => Label::Other,
    }
}

/// Applies the DOM-only decisions. See the module docs.
pub(crate) fn refine(
    elements: &[ElementInfo],
    segments: &[Segment],
    features: &[Features],
    scored: &mut [Scored],
    title: Option<usize>,
) {
    let region = container(elements, segments, features);
    let above = region
        .as_ref()
        .map(|(index, _)| chain_tokens(elements, *index))
        .unwrap_or_default();
    for (index, (segment, block)) in segments.iter().zip(scored.iter_mut()).enumerate() {
        let Some(dom) = &segment.dom else { continue };
        if Some(index) == title {
            continue;
        }
        if block.label == Label::Title {
            block.label = Label::Other;
        }
        if !block.label.is_kept() {
            continue;
        }
        if let Some((_, range)) = &region {
            if !range.contains(&(dom.element as usize)) {
                block.label = Label::Other;
                block.reasons.push("dom:outside-article-container".into());
                continue;
            }
        }
        if let Some(token) = dom.tokens.minus(above).strongest() {
            block.label = token_label(token);
            block.reasons.push(Cow::Borrowed("dom:boilerplate-subtree"));
        }
    }
    if let Some(index) = title {
        let title_text = segments.get(index).map(Segment::content);
        for (i, (segment, block)) in segments.iter().zip(scored.iter_mut()).enumerate() {
            if i == index {
                block.label = Label::Title;
                block.reasons.push("dom:title".into());
            } else if Some(segment.content()) == title_text && block.label.is_kept() {
                block.label = Label::Other;
                block.reasons.push("dom:duplicate-title".into());
            }
        }
    }
}
