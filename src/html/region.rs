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
use crate::hints::{BlockTag, Token, Tokens};
use crate::label::Label;
use crate::score::Scored;
use crate::segment::Segment;

/// How much a candidate inside a boilerplate subtree counts.
const BOILERPLATE_DISCOUNT: f32 = 0.25;

/// The article container's index in `elements`, and the range of element
/// indices inside it (elements are numbered in document order, so a subtree
/// is one range).
pub(crate) fn container(
    elements: &[ElementInfo],
    segments: &[Segment],
    features: &[Features],
    scores: &[f32],
) -> Option<(usize, std::ops::Range<usize>)> {
    let mut total = vec![0.0f32; elements.len()];
    for ((segment, feature), &score) in segments.iter().zip(features).zip(scores) {
        let Some(dom) = &segment.dom else { continue };
        let Some(slot) = total.get_mut(dom.element as usize) else {
            continue;
        };
        let chars = feature.chars as f32;
        let links = dom.link_chars as f32;
        *slot += if score > 0.0 && feature.link_density < 0.5 {
            chars - links
        } else {
            -links
        };
    }
    // Elements inside a boilerplate subtree are poor article candidates:
    // a long comment thread must not win over the article it follows.
    let mut in_boilerplate = vec![false; elements.len()];
    for index in 0..elements.len() {
        let Some(info) = elements.get(index) else {
            continue;
        };
        let inherited = usize::try_from(info.parent)
            .ok()
            .filter(|p| *p < index)
            .and_then(|p| in_boilerplate.get(p).copied())
            .unwrap_or(false);
        if let Some(slot) = in_boilerplate.get_mut(index) {
            *slot = inherited || info.tokens.intersects(Tokens::STRONG);
        }
    }
    let mut size = vec![1usize; elements.len()];
    let mut best: Option<(f32, usize)> = None;
    for index in (0..elements.len()).rev() {
        let (Some(info), Some(&own)) = (elements.get(index), total.get(index)) else {
            continue;
        };
        let candidate = if in_boilerplate.get(index).copied().unwrap_or(false) {
            own * BOILERPLATE_DISCOUNT
        } else {
            own
        };
        // Ties go to the outer element (visited later): nothing is lost by it.
        if best.is_none_or(|(b, _)| candidate >= b) {
            best = Some((candidate, index));
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
    scores: &[f32],
    title: Option<usize>,
) {
    let region = container(elements, segments, features, scores);
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
        let below = dom.tokens.minus(above);
        let inside = region
            .as_ref()
            .is_some_and(|(_, range)| range.contains(&(dom.element as usize)));
        if inside
            && !block.label.is_kept()
            && matches!(block.label, Label::Other)
            && scores.get(index).is_some_and(|s| *s > 0.0)
            && !below.intersects(Tokens::STRONG)
        {
            // The shared context pass cut it (outside its region, after an
            // end marker), but it is body-like and inside the article container.
            block.label = Label::Body;
            block.reasons.push("dom:inside-article-container".into());
            continue;
        }
        if !block.label.is_kept() {
            // Name the kind of boilerplate the DOM says it is, when the text did not.
            if block.label == Label::Other {
                if let Some(token) = dom.tokens.strongest() {
                    block.label = token_label(token);
                }
            }
            continue;
        }
        if let Some((_, range)) = &region {
            if !range.contains(&(dom.element as usize)) {
                block.label = Label::Other;
                block.reasons.push("dom:outside-article-container".into());
                continue;
            }
        }
        if block.label == Label::Heading && !matches!(dom.tag, BlockTag::Heading(_)) {
            // In HTML a heading is an <h1>–<h6>; a short line the context pass
            // took for one is body text.
            block.label = Label::Body;
        }
        if let Some(token) = below.strongest() {
            block.label = token_label(token);
            block.reasons.push(Cow::Borrowed("dom:boilerplate-subtree"));
        }
    }
    if let Some((_, range)) = &region {
        keep_sandwiched(segments, features, scored, range, above);
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

/// Inside the container, an unlabelled block between two kept blocks — a
/// table row, a list item, a short line — is part of the article unless it is
/// link-dense or under a boilerplate element below the container.
fn keep_sandwiched(
    segments: &[Segment],
    features: &[Features],
    scored: &mut [Scored],
    range: &std::ops::Range<usize>,
    above: Tokens,
) {
    let inside = |segment: &Segment| {
        segment
            .dom
            .as_ref()
            .is_some_and(|d| range.contains(&(d.element as usize)))
    };
    let mut last_kept: Option<usize> = None;
    let mut pending: Vec<usize> = Vec::new();
    for (index, segment) in segments.iter().enumerate() {
        if !inside(segment) {
            continue;
        }
        let Some(block) = scored.get(index) else {
            continue;
        };
        if matches!(block.label, Label::Body | Label::Heading) {
            if last_kept.is_some() {
                for &p in &pending {
                    if let Some(block) = scored.get_mut(p) {
                        block.label = Label::Body;
                        block.reasons.push("dom:between-body-blocks".into());
                    }
                }
            }
            pending.clear();
            last_kept = Some(index);
            continue;
        }
        // A run of short table rows reads like a headline list to the text
        // heuristics; in the DOM a table without links is data.
        // The ` | ` between cells is ours, yet reads like a breadcrumb to the
        // patterns.
        let table_row = segment.kind == crate::document::BlockKind::TableRow
            && matches!(block.label, Label::Related | Label::Navigation);
        let eligible = (block.label == Label::Other || table_row)
            && features.get(index).is_some_and(|f| {
                // Cells joined by ` | ` can look like a breadcrumb to the patterns.
                f.link_density < 0.5 && (f.patterns.is_empty() || table_row) && f.occurrences == 1
            })
            && segment.dom.as_ref().is_some_and(|d| {
                !d.tokens.minus(above).intersects(Tokens::STRONG) && d.form_controls == 0
            });
        if eligible {
            pending.push(index);
        } else {
            // A boilerplate block breaks the run: what came before it is not
            // sandwiched between body text.
            pending.clear();
            last_kept = None;
        }
    }
}
