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
    pub reasons: Reasons,
    /// The reasons hold `context:after-end-marker`: the context pass asks
    /// this of every block several times, and a flag answers faster than a
    /// search of the reasons. Set where that reason is added, and only there.
    pub after_end_marker: bool,
}

/// Reasons a block keeps in place while it is classified.
const INLINE_REASONS: usize = 8;

/// The reasons of one block while the stages add to them: the first
/// [`INLINE_REASONS`] in place, the rare rest on the heap.
///
/// A `Vec` per block cost a malloc and a free for every block of every page;
/// the document collects all of a page's reasons into one list at the end.
/// The reasons are `&'static str` tags; a reason that owns its text goes to
/// the heap, and so do all after it, which keeps their order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Reasons {
    inline: [&'static str; INLINE_REASONS],
    /// How many of `inline` are used.
    len: usize,
    /// The reasons after those in `inline`.
    more: Vec<Cow<'static, str>>,
}

impl Reasons {
    /// Adds a reason after the others.
    pub fn push(&mut self, reason: Cow<'static, str>) {
        match (reason, self.inline.get_mut(self.len)) {
            // Inline slots are left only while nothing went to the heap.
            (Cow::Borrowed(tag), Some(slot)) if self.more.is_empty() => {
                *slot = tag;
                self.len += 1;
            }
            (reason, _) => self.more.push(reason),
        }
    }

    /// The reasons in the order they were added.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.inline
            .get(..self.len)
            .unwrap_or_default()
            .iter()
            .copied()
            .chain(self.more.iter().map(|r| r.as_ref()))
    }

    /// The reason added last.
    pub fn last(&self) -> Option<&str> {
        match self.more.last() {
            Some(reason) => Some(reason),
            None => self
                .len
                .checked_sub(1)
                .and_then(|i| self.inline.get(i))
                .copied(),
        }
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.len + self.more.len()
    }

    /// Appends the reasons, in order, to `out`.
    #[inline]
    pub fn copy_into(&self, out: &mut Vec<Cow<'static, str>>) {
        let inline = self.inline.get(..self.len).unwrap_or_default();
        out.extend(inline.iter().map(|&tag| Cow::Borrowed(tag)));
        // Almost never any: the test spares the call.
        if !self.more.is_empty() {
            out.extend(self.more.iter().cloned());
        }
    }
}

/// Words at which a block counts as long running text.
const LONG_WORDS: usize = 25;
/// Words under which a block is short: a headline, a menu item, a label.
const SHORT_WORDS: usize = 7;

/// Scores one block on its own features.
pub(crate) fn score(segment: &Segment, features: &Features, language_known: bool) -> Scored {
    let mut reasons = Reasons::default();
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
        after_end_marker: false,
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
    // Most blocks match no pattern: one test spares the walk of the list.
    if features.patterns.is_empty() {
        return None;
    }
    PRIORITY
        .iter()
        .find(|(pattern, _)| features.patterns.has(*pattern))
        .map(|(pattern, label)| (*label, *pattern))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reasons keep their order past the inline slots and around one that
    /// owns its text, as the `Vec` they replace did.
    #[test]
    fn reasons_keep_their_order_past_the_inline_slots() {
        let tags: Vec<&'static str> = vec![
            "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m",
        ];
        for owned_at in 0..=tags.len() {
            let mut reasons = Reasons::default();
            let mut expected: Vec<Cow<'static, str>> = Vec::new();
            for (index, tag) in tags.iter().enumerate() {
                let reason = if index == owned_at {
                    Cow::Owned(tag.to_uppercase())
                } else {
                    Cow::Borrowed(*tag)
                };
                expected.push(reason.clone());
                reasons.push(reason);
                assert_eq!(reasons.len(), expected.len());
                assert_eq!(reasons.last(), expected.last().map(|r| r.as_ref()));
            }
            let listed: Vec<&str> = reasons.iter().collect();
            let wanted: Vec<&str> = expected.iter().map(|r| r.as_ref()).collect();
            assert_eq!(listed, wanted);
            let mut copied = vec![Cow::Borrowed("before")];
            reasons.copy_into(&mut copied);
            assert_eq!(copied.get(1..), Some(&expected[..]));
        }
        assert_eq!(Reasons::default().last(), None);
    }
}
