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

/// Declares [`Tag`], the reasons the crate gives, with the text of each.
macro_rules! tags {
    ($($name:ident => $text:literal,)*) => {
        /// A reason the crate gives, stored in a byte while a block is
        /// classified: a `&'static str` took sixteen.
        ///
        /// The `dom:` tags are pushed by their text (from `hints` and the HTML
        /// region pass) and found by it, so their variants are never named.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[repr(u8)]
        #[allow(dead_code)]
        pub(crate) enum Tag {
            $(
                #[doc = $text]
                $name,
            )*
        }

        /// The text of every [`Tag`], at the tag's number.
        const TAG_TEXT: &[&str] = &[$($text,)*];

        /// The number of the tag whose text is `text`, if one is. (A
        /// `match` on strings: the compiler sorts the texts by length first.)
        fn tag_code(text: &str) -> Option<u8> {
            match text {
                $($text => Some(Tag::$name as u8),)*
                _ => None,
            }
        }
    };
}

tags! {
    LongText => "long-text",
    MediumText => "medium-text",
    Short => "short",
    StopwordsHigh => "stopwords:high",
    StopwordsSome => "stopwords:some",
    StopwordsNone => "stopwords:none",
    EndsSentence => "ends-sentence",
    NoSentenceEnd => "no-sentence-end",
    Repeated => "repeated",
    TitleCase => "title-case",
    Capitalised => "capitalised",
    AllCaps => "all-caps",
    PatternConsent => "pattern:consent",
    PatternShare => "pattern:share",
    PatternNavigation => "pattern:navigation",
    PatternLegal => "pattern:legal",
    PatternRelated => "pattern:related",
    PatternComments => "pattern:comments",
    PatternPromo => "pattern:promo",
    PatternByline => "pattern:byline",
    PatternDateline => "pattern:dateline",
    PatternEndOfArticle => "pattern:end-of-article",
    PatternTags => "pattern:tags",
    AfterEndMarker => "context:after-end-marker",
    ContentsEntry => "context:contents-entry",
    ContentsHeader => "context:contents-header",
    DuplicateTitle => "context:duplicate-title",
    HeadingAfterList => "context:heading-after-list",
    HeadingInBody => "context:heading-in-body",
    HeadlineBeforeBody => "context:headline-before-body",
    HeadlineRun => "context:headline-run",
    InsideBody => "context:inside-body",
    Menu => "context:menu",
    OutsideBody => "context:outside-body",
    Salutation => "context:salutation",
    SectionLine => "context:section-line",
    SignOff => "context:sign-off",
    SiteName => "context:site-name",
    TableRow => "context:table-row",
    UnderCommentsHeader => "context:under-comments-header",
    UnderRelatedHeader => "context:under-related-header",
    DomAuthorBox => "dom:author-box",
    DomBetweenBodyBlocks => "dom:between-body-blocks",
    DomBoilerplateContainer => "dom:boilerplate-container",
    DomBoilerplateSubtree => "dom:boilerplate-subtree",
    DomCaption => "dom:caption",
    DomContentContainer => "dom:content-container",
    DomDuplicateTitle => "dom:duplicate-title",
    DomForm => "dom:form",
    DomHeaderOrMeta => "dom:header-or-meta",
    DomHeadingWithoutBody => "dom:heading-without-body",
    DomInsideArticleContainer => "dom:inside-article-container",
    DomLead => "dom:lead",
    DomLinkDense => "dom:link-dense",
    DomLinkRow => "dom:link-row",
    DomLinks => "dom:links",
    DomLoneCaption => "dom:lone-caption",
    DomOutsideArticleContainer => "dom:outside-article-container",
    DomParagraph => "dom:paragraph",
    DomTitle => "dom:title",
    DomTruncatedTeaser => "dom:truncated-teaser",
}

impl Tag {
    /// The tag's text.
    pub fn text(self) -> &'static str {
        tag_text(self as u8)
    }

    /// The tag of a pattern's reason.
    pub fn of_pattern(pattern: Pattern) -> Tag {
        match pattern {
            Pattern::Consent => Tag::PatternConsent,
            Pattern::Share => Tag::PatternShare,
            Pattern::Navigation => Tag::PatternNavigation,
            Pattern::Legal => Tag::PatternLegal,
            Pattern::Related => Tag::PatternRelated,
            Pattern::Comments => Tag::PatternComments,
            Pattern::Promo => Tag::PatternPromo,
            Pattern::Byline => Tag::PatternByline,
            Pattern::Dateline => Tag::PatternDateline,
            Pattern::EndOfArticle => Tag::PatternEndOfArticle,
            Pattern::Tags => Tag::PatternTags,
        }
    }
}

/// [`TAG_TEXT`] spread over every value of a byte, `""` past its end: a
/// lookup by a byte needs no bounds test.
const TAG_TABLE: [&str; 256] = {
    let mut table = [""; 256];
    let mut index = 0;
    // A `while` loop: the only loop a constant may run.
    while index < TAG_TEXT.len() && index < table.len() {
        #[allow(clippy::indexing_slicing)] // both bounds are tested above
        {
            table[index] = TAG_TEXT[index];
        }
        index += 1;
    }
    table
};

/// The text of the tag numbered `code`.
#[inline]
fn tag_text(code: u8) -> &'static str {
    // Always found: the table has an entry for every byte.
    TAG_TABLE
        .get(usize::from(code))
        .copied()
        .unwrap_or_default()
}

/// Reasons a block keeps in place while it is classified.
const INLINE_REASONS: usize = 13;

/// The code of an inline reason that is no [`Tag`]: its text is the next
/// one of `Reasons::other`.
const OTHER: u8 = u8::MAX;

/// The reasons of one block while the stages add to them: the first
/// [`INLINE_REASONS`] in place as [`Tag`] numbers, the rare rest, and any
/// reason that is no tag, on the heap.
///
/// A `Vec` per block cost a malloc and a free for every block of every page;
/// the document collects all of a page's reasons into one list at the end.
/// A tag in a byte keeps `Scored` small: it is built, moved into its list and
/// read once more per block, and at 16 bytes a reason it was 168 bytes long.
#[derive(Debug, Clone, Default)]
pub(crate) struct Reasons {
    /// Tag numbers, or [`OTHER`].
    codes: [u8; INLINE_REASONS],
    /// How many of `codes` are used.
    len: u8,
    /// How many of the used `codes` are [`OTHER`].
    others_inline: u8,
    /// The reason added last is the last of `other`.
    last_other: bool,
    /// In order: the text of every [`OTHER`] code, then the reasons added
    /// after `codes` filled up. Boxed, and made on the first such reason
    /// (few blocks have one): a `Vec` in place made `Scored` 48 bytes
    /// instead of 32, and the context pass walks the list of them a dozen
    /// times a page.
    #[allow(clippy::box_collection)] // the box is the point: 8 bytes, not 24
    other: Option<Box<Vec<Cow<'static, str>>>>,
}

impl Reasons {
    /// Adds a reason after the others.
    pub fn push(&mut self, reason: Cow<'static, str>) {
        let code = match &reason {
            Cow::Borrowed(text) => tag_code(text),
            Cow::Owned(_) => None,
        };
        if let Some(code) = code {
            self.push_code(code);
            return;
        }
        if let Some(slot) = self.codes.get_mut(usize::from(self.len)) {
            *slot = OTHER;
            self.len += 1;
            self.others_inline += 1;
        }
        self.other_mut().push(reason);
        self.last_other = true;
    }

    /// Adds a tag after the others: as `push` of its text, without looking
    /// the text up.
    #[inline]
    pub fn push_tag(&mut self, tag: Tag) {
        self.push_code(tag as u8);
    }

    #[inline]
    fn push_code(&mut self, code: u8) {
        match self.codes.get_mut(usize::from(self.len)) {
            Some(slot) => {
                *slot = code;
                self.len += 1;
                self.last_other = false;
            }
            None => {
                self.other_mut().push(Cow::Borrowed(tag_text(code)));
                self.last_other = true;
            }
        }
    }

    /// Adds the reason of a pattern: its tag, found without a lookup.
    /// The pattern's own text is the reason a block shows; should the tag's
    /// ever differ from it, the text is pushed.
    pub fn push_pattern(&mut self, pattern: Pattern) {
        let tag = Tag::of_pattern(pattern);
        if tag.text() == pattern.reason() {
            self.push_tag(tag);
        } else {
            self.push(Cow::Borrowed(pattern.reason()));
        }
    }

    /// The texts of the [`OTHER`] codes and the overflow, in order.
    fn other(&self) -> &[Cow<'static, str>] {
        self.other.as_deref().map_or(&[], Vec::as_slice)
    }

    /// [`Reasons::other`] to add to, made if it is not yet.
    fn other_mut(&mut self) -> &mut Vec<Cow<'static, str>> {
        self.other.get_or_insert_with(Box::default)
    }

    /// The used codes.
    fn codes(&self) -> &[u8] {
        self.codes.get(..usize::from(self.len)).unwrap_or_default()
    }

    /// The reasons in the order they were added.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        // The n-th OTHER code stands for the n-th of `other`; the reasons
        // added after `codes` filled up follow them there.
        let inline = self.codes().iter().scan(0usize, |taken, &code| {
            Some(match code {
                OTHER => {
                    let text = self.other().get(*taken).map_or("", |r| r.as_ref());
                    *taken += 1;
                    text
                }
                code => tag_text(code),
            })
        });
        let overflow = self.other().iter().skip(usize::from(self.others_inline));
        inline.chain(overflow.map(|r| r.as_ref()))
    }

    /// The reason added last.
    pub fn last(&self) -> Option<&str> {
        if self.last_other {
            self.other().last().map(|r| r.as_ref())
        } else {
            self.codes().last().map(|&code| tag_text(code))
        }
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        usize::from(self.len) + self.other().len() - usize::from(self.others_inline)
    }

    /// Appends the reasons, in order, to `out`.
    #[inline]
    pub fn copy_into(&self, out: &mut Vec<Cow<'static, str>>) {
        // Almost always only tags: one mapping, no test per reason.
        if self.other().is_empty() {
            out.extend(
                self.codes()
                    .iter()
                    .map(|&code| Cow::Borrowed(tag_text(code))),
            );
            return;
        }
        let mut other = self.other().iter();
        for &code in self.codes() {
            match code {
                OTHER => out.extend(other.next().cloned()),
                code => out.push(Cow::Borrowed(tag_text(code))),
            }
        }
        out.extend(other.cloned());
    }
}

/// Words at which a block counts as long running text.
const LONG_WORDS: usize = 25;
/// Words under which a block is short: a headline, a menu item, a label.
const SHORT_WORDS: usize = 7;

/// Scores one block on its own features.
// Inlined into the loop over the blocks: the call, its register saves and
// the copy of the result out of it were a fifth of the function's cost.
// Always: with a loop for each mode calling it, the compiler kept it out.
#[inline(always)]
pub(crate) fn score(
    dom: Option<&crate::hints::DomHints>,
    features: &Features,
    language_known: bool,
) -> Scored {
    let mut reasons = Reasons::default();
    let mut score = 0.0f32;

    let words = features.words;
    if words >= LONG_WORDS {
        score += 2.0;
        reasons.push_tag(Tag::LongText);
    } else if words >= 12 {
        score += 1.0;
        reasons.push_tag(Tag::MediumText);
    } else if words < SHORT_WORDS {
        score -= 1.0;
        reasons.push_tag(Tag::Short);
    }

    if language_known && words >= 3 {
        let density = features.stopword_density();
        if density >= 0.30 {
            score += 1.5;
            reasons.push_tag(Tag::StopwordsHigh);
        } else if density >= 0.18 {
            score += 0.5;
            reasons.push_tag(Tag::StopwordsSome);
        } else if density < 0.08 {
            score -= 1.0;
            reasons.push_tag(Tag::StopwordsNone);
        }
    }

    if features.ends_with_terminal && words >= 5 {
        score += 1.0;
        reasons.push_tag(Tag::EndsSentence);
    } else if !features.ends_with_terminal && words < 12 {
        score -= 0.5;
        reasons.push_tag(Tag::NoSentenceEnd);
    }

    if features.occurrences > 1 {
        score -= 2.0;
        reasons.push_tag(Tag::Repeated);
    }

    if features.is_title_case() {
        score -= 2.0;
        reasons.push_tag(Tag::TitleCase);
    } else if words >= 3 && !features.ends_with_terminal && features.capitalised_ratio() >= 0.7 {
        score -= 0.5;
        reasons.push_tag(Tag::Capitalised);
    }
    if features.is_all_caps() {
        score -= 1.5;
        reasons.push_tag(Tag::AllCaps);
    }

    if let Some(dom) = dom {
        score += crate::hints::score_adjustment(dom, features, &mut reasons);
    }

    let mut label = if score > 0.0 {
        Label::Body
    } else {
        Label::Other
    };
    if let Some((pattern_label, pattern)) = pattern_label(features) {
        score -= 3.0;
        reasons.push_pattern(pattern);
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

    /// One way of adding a reason.
    #[derive(Debug, Clone)]
    enum Push {
        /// A tag by its number (the fast path).
        Tag(usize),
        /// A tag's text as a borrowed `Cow` (the HTML passes).
        TagText(usize),
        /// A borrowed text that is no tag.
        Unknown(&'static str),
        /// An owned text.
        Owned(String),
    }

    /// A few tags, from both ends of the list and between, by index.
    fn tag_at(index: usize) -> Option<Tag> {
        let tags = [
            Tag::LongText,
            Tag::Short,
            Tag::PatternEndOfArticle,
            Tag::AfterEndMarker,
            Tag::UnderRelatedHeader,
            Tag::DomTruncatedTeaser,
        ];
        tags.get(index).copied()
    }

    fn push_strategy() -> impl proptest::strategy::Strategy<Value = Push> {
        use proptest::prelude::*;
        prop_oneof![
            (0..6usize).prop_map(Push::Tag),
            (0..TAG_TEXT.len() + 2).prop_map(Push::TagText),
            prop::sample::select(vec!["x", "pattern:", "dom:captio", "short "])
                .prop_map(Push::Unknown),
            prop::sample::select(vec!["short", "owned", "dom:caption"])
                .prop_map(|t| Push::Owned(t.to_string())),
        ]
    }

    proptest::proptest! {
        /// `Reasons` behaves as the `Vec<Cow>` it replaces: the same reasons
        /// in the same order, the same last one and count, after every push,
        /// whatever mix of tags, tag texts, other texts and owned texts, past
        /// the inline slots too.
        #[test]
        fn reasons_behave_as_a_list(pushes in proptest::collection::vec(push_strategy(), 0..40)) {
            let mut reasons = Reasons::default();
            let mut expected: Vec<Cow<'static, str>> = Vec::new();
            for push in pushes {
                match push {
                    Push::Tag(index) => {
                        if let Some(tag) = tag_at(index) {
                            reasons.push_tag(tag);
                            expected.push(Cow::Borrowed(tag.text()));
                        }
                    }
                    Push::TagText(index) => {
                        let text = TAG_TEXT.get(index).copied().unwrap_or("not a tag");
                        reasons.push(Cow::Borrowed(text));
                        expected.push(Cow::Borrowed(text));
                    }
                    Push::Unknown(text) => {
                        reasons.push(Cow::Borrowed(text));
                        expected.push(Cow::Borrowed(text));
                    }
                    Push::Owned(text) => {
                        reasons.push(Cow::Owned(text.clone()));
                        expected.push(Cow::Owned(text));
                    }
                }
                proptest::prop_assert_eq!(reasons.len(), expected.len());
                proptest::prop_assert_eq!(reasons.last(), expected.last().map(|r| r.as_ref()));
                let listed: Vec<&str> = reasons.iter().collect();
                let wanted: Vec<&str> = expected.iter().map(|r| r.as_ref()).collect();
                proptest::prop_assert_eq!(listed, wanted);
                let mut copied = vec![Cow::Borrowed("before")];
                reasons.copy_into(&mut copied);
                proptest::prop_assert_eq!(copied.get(1..), Some(&expected[..]));
            }
        }
    }

    /// `Scored` stays within half a cache line: the context pass walks
    /// the page's list of them a dozen times.
    #[test]
    fn scored_is_small() {
        assert!(std::mem::size_of::<Scored>() <= 32);
    }

    /// The tag table: texts are distinct, each is found by its text, and
    /// each pattern's tag is its reason.
    #[test]
    fn tags_are_found_by_their_text() {
        assert!(TAG_TEXT.len() < usize::from(OTHER));
        for (index, text) in TAG_TEXT.iter().enumerate() {
            assert_eq!(tag_code(text).map(usize::from), Some(index), "{text}");
        }
        assert_eq!(tag_code("long-text "), None);
        assert_eq!(tag_code(""), None);
        for pattern in Pattern::ALL {
            assert_eq!(Tag::of_pattern(pattern).text(), pattern.reason());
        }
        assert_eq!(
            Tag::UnderCommentsHeader.text(),
            "context:under-comments-header"
        );
    }
}
