//! The context pass: neighbours decide what a block could not decide alone.
//!
//! 1. End-of-article markers ("Leave a reply", "Share this article") after
//!    body text make everything that follows suspect.
//! 2. The article is one contiguous region: the maximum-sum run of block
//!    scores. Inside it, short unlabelled blocks between body paragraphs are
//!    body and headline-like ones are headings; outside it nothing is kept.
//! 3. The headline just before the region is the title; its duplicates count once.
//! 4. Runs of headline-like blocks outside the article are related-article lists.

use std::borrow::Cow;

use crate::features::Features;
use crate::label::Label;
use crate::patterns::Pattern;
use crate::score::Scored;
use crate::segment::Segment;

/// Score taken from every block after an end-of-article marker.
const AFTER_END_PENALTY: f32 = 3.0;
/// How many blocks before the article the title may be found.
const TITLE_LOOKBACK: usize = 12;

/// Runs the context pass over a page. Returns the index of the title block.
pub(crate) fn apply(
    segments: &[Segment],
    features: &[Features],
    scored: &mut [Scored],
) -> Option<usize> {
    penalise_after_end_marker(features, scored);
    let Some((start, end)) = best_region(features, scored) else {
        mark_related_runs(features, scored, 0, scored.len());
        return None;
    };

    for index in 0..scored.len() {
        let Some(block) = scored.get_mut(index) else {
            continue;
        };
        let Some(feature) = features.get(index) else {
            continue;
        };
        let inside = (start..=end).contains(&index);
        if inside && block.label == Label::Other {
            if is_headline_like(feature) && feature.occurrences == 1 {
                block.label = Label::Heading;
                block.reasons.push("context:heading-in-body".into());
            } else if feature.occurrences == 1 {
                block.label = Label::Body;
                block.reasons.push("context:inside-body".into());
            }
        } else if !inside && block.label == Label::Body {
            block.label = Label::Other;
            block.reasons.push("context:outside-body".into());
        }
    }

    let title = find_title(segments, features, scored, start);
    mark_related_runs(features, scored, 0, start);
    mark_related_runs(features, scored, end + 1, scored.len());
    title
}

/// Penalises the blocks after an end-of-article marker. After a comment
/// marker ("Leave a reply", "12 comments") everything is suspect: comments are
/// prose and look like body. After other markers ("Related stories", "Share
/// this article"), which also head boxes inside an article, the suspicion ends
/// where strong body text resumes: two long prose blocks in a row.
fn penalise_after_end_marker(features: &[Features], scored: &mut [Scored]) {
    /// Strong body blocks in a row that end the suspicion of a soft marker.
    const RESUME_AFTER: usize = 3;
    let mut seen_body = false;
    let mut suspect = false;
    let mut permanent = false;
    let mut strong_run = 0usize;
    let mut pending: Vec<usize> = Vec::new();
    for (index, (feature, block)) in features.iter().zip(scored.iter_mut()).enumerate() {
        let strong = block.label == Label::Body && block.score >= 3.0 && feature.words >= 12;
        if suspect && !permanent && strong {
            strong_run += 1;
            if strong_run >= RESUME_AFTER {
                suspect = false;
                pending.clear();
            }
        } else {
            strong_run = 0;
        }
        if suspect {
            pending.push(index);
        }
        if block.label == Label::Body && block.score >= 2.0 {
            seen_body = true;
        }
        if seen_body && feature.patterns.has(Pattern::EndOfArticle) {
            suspect = true;
            permanent |= feature.patterns.has(Pattern::Comments);
            strong_run = 0;
        }
        // Blocks stay pending until the suspicion either ends (they were a box
        // inside the article) or the page ends (they were after the article).
        if !suspect && !pending.is_empty() {
            pending.clear();
        }
    }
    for index in pending {
        if let Some(block) = scored.get_mut(index) {
            block.score -= AFTER_END_PENALTY;
            block.reasons.push("context:after-end-marker".into());
            if block.label == Label::Body {
                block.label = Label::Other;
            }
        }
    }
}

/// How much a block weighs in the choice of the article region. A short
/// line with no pattern and no repeat (a caption, a product name, a speaker's
/// name, a dateline the patterns missed) says little on its own, so it costs
/// the region little: many of them in a row must not cut an article in two.
fn region_weight(feature: &Features, block: &Scored) -> f32 {
    /// The most a short, unremarkable block takes from the region.
    const SHORT_FLOOR: f32 = -1.0;
    let unremarkable = feature.words < 7
        && feature.patterns.is_empty()
        && feature.occurrences == 1
        && !block
            .reasons
            .iter()
            .any(|r| r == "context:after-end-marker");
    if unremarkable {
        block.score.max(SHORT_FLOOR)
    } else {
        block.score
    }
}

/// The maximum-sum contiguous run of region weights (Kadane), as inclusive indices.
fn best_region(features: &[Features], scored: &[Scored]) -> Option<(usize, usize)> {
    let mut best: Option<(f32, usize, usize)> = None;
    let mut sum = 0.0f32;
    let mut start = 0usize;
    for (index, (feature, block)) in features.iter().zip(scored).enumerate() {
        if sum <= 0.0 {
            sum = 0.0;
            start = index;
        }
        sum += region_weight(feature, block);
        if sum > 0.0 && best.is_none_or(|(b, _, _)| sum > b) {
            best = Some((sum, start, index));
        }
    }
    best.map(|(_, s, e)| (s, e))
}

/// A headline: a few words, no sentence end, most words capitalised or few words.
fn is_headline_like(feature: &Features) -> bool {
    (2..=20).contains(&feature.words) && !feature.ends_with_terminal && feature.patterns.is_empty()
}

fn find_title(
    segments: &[Segment],
    features: &[Features],
    scored: &mut [Scored],
    region_start: usize,
) -> Option<usize> {
    let from = region_start.saturating_sub(TITLE_LOOKBACK);
    let candidates = (from..region_start).rev().filter(|&i| {
        features
            .get(i)
            .is_some_and(|f| (3..=30).contains(&f.words) && f.patterns.is_empty())
            && scored
                .get(i)
                .is_some_and(|s| !matches!(s.label, Label::Body | Label::Heading))
    });
    let title = candidates.into_iter().next()?;
    let title_text = segments.get(title)?.content().to_string();
    if let Some(block) = scored.get_mut(title) {
        block.label = Label::Title;
        block.reasons.push("context:headline-before-body".into());
    }
    for (index, segment) in segments.iter().enumerate() {
        if index != title && segment.content() == title_text {
            if let Some(block) = scored.get_mut(index) {
                block.label = Label::Other;
                block.reasons.push(Cow::Borrowed("context:duplicate-title"));
            }
        }
    }
    Some(title)
}

/// Marks runs of three or more headline-like, unkept blocks in `range` as related lists.
fn mark_related_runs(features: &[Features], scored: &mut [Scored], from: usize, to: usize) {
    let mut run_start = from;
    for index in from..=to {
        let in_run = index < to
            && features
                .get(index)
                .is_some_and(|f| f.words >= 3 && is_headline_like(f))
            && scored.get(index).is_some_and(|s| s.label == Label::Other);
        if in_run {
            continue;
        }
        if index - run_start >= 3 {
            for block in scored.iter_mut().take(index).skip(run_start) {
                block.label = Label::Related;
                block.reasons.push("context:headline-run".into());
            }
        }
        run_start = index + 1;
    }
}
