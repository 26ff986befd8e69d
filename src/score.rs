//! Scoring: each block on its own gets a label and a body-likeness score.
//!
//! The score adds up a few readable terms — length, stopword density, sentence
//! punctuation, repetition, capitalisation, link density — in the spirit of
//! jusText and boilerpipe. A block that matches a boilerplate pattern takes that
//! pattern's label. The context pass decides the uncertain blocks afterwards.

use std::borrow::Cow;

use crate::features::Features;
use crate::label::Label;
use crate::patterns::Pattern;
use crate::segment::Segment;

/// A block's label and score before the context pass.
#[derive(Debug, Clone)]
pub(crate) struct Scored {
    pub label: Label,
    pub score: f32,
    pub reasons: Vec<Cow<'static, str>>,
}

/// Words at which a block counts as long running text.
const LONG_WORDS: usize = 25;
/// Words under which a block is short: a headline, a menu item, a label.
const SHORT_WORDS: usize = 7;

/// Scores one block on its own features.
pub(crate) fn score(segment: &Segment, features: &Features, language_known: bool) -> Scored {
    // Room for the usual four to seven reasons at once: growing from 4 to 8
    // slots cost a reallocation for most blocks.
    let mut reasons: Vec<Cow<'static, str>> = Vec::with_capacity(8);
    let mut score = 0.0f32;

    let words = features.words;
    if words >= LONG_WORDS {
        score += 2.0;
        reasons.push("long-text".into());
    } else if words >= 12 {
        score += 1.0;
        reasons.push("medium-text".into());
    } else if words < SHORT_WORDS {
        score -= 1.0;
        reasons.push("short".into());
    }

    if language_known && words >= 3 {
        let density = features.stopword_density();
        if density >= 0.30 {
            score += 1.5;
            reasons.push("stopwords:high".into());
        } else if density >= 0.18 {
            score += 0.5;
            reasons.push("stopwords:some".into());
        } else if density < 0.08 {
            score -= 1.0;
            reasons.push("stopwords:none".into());
        }
    }

    if features.ends_with_terminal && words >= 5 {
        score += 1.0;
        reasons.push("ends-sentence".into());
    } else if !features.ends_with_terminal && words < 12 {
        score -= 0.5;
        reasons.push("no-sentence-end".into());
    }

    if features.occurrences > 1 {
        score -= 2.0;
        reasons.push("repeated".into());
    }

    if features.is_title_case() {
        score -= 2.0;
        reasons.push("title-case".into());
    } else if words >= 3 && !features.ends_with_terminal && features.capitalised_ratio() >= 0.7 {
        score -= 0.5;
        reasons.push("capitalised".into());
    }
    if features.is_all_caps() {
        score -= 1.5;
        reasons.push("all-caps".into());
    }

    if let Some(dom) = &segment.dom {
        score += crate::hints::score_adjustment(dom, features, &mut reasons);
    }

    let mut label = if score > 0.0 {
        Label::Body
    } else {
        Label::Other
    };
    if let Some((pattern_label, pattern)) = pattern_label(features) {
        score -= 3.0;
        reasons.push(pattern.reason().into());
        label = pattern_label;
    }

    Scored {
        label,
        score,
        reasons,
    }
}

/// The label a block's patterns give it, the strongest pattern first.
fn pattern_label(features: &Features) -> Option<(Label, Pattern)> {
    const PRIORITY: [(Pattern, Label); 11] = [
        (Pattern::Legal, Label::Legal),
        (Pattern::Consent, Label::Consent),
        (Pattern::Comments, Label::Comments),
        (Pattern::Share, Label::Share),
        (Pattern::Promo, Label::Promo),
        (Pattern::Related, Label::Related),
        (Pattern::Navigation, Label::Navigation),
        (Pattern::Byline, Label::Meta),
        (Pattern::Dateline, Label::Meta),
        (Pattern::Tags, Label::Meta),
        (Pattern::EndOfArticle, Label::Other),
    ];
    PRIORITY
        .iter()
        .find(|(pattern, _)| features.patterns.has(*pattern))
        .map(|(pattern, label)| (*label, *pattern))
}
