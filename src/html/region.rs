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
    scored: &[Scored],
    scores: &[f32],
) -> Option<(usize, std::ops::Range<usize>)> {
    let mut total = vec![0.0f32; elements.len()];
    for (((segment, feature), block), &score) in
        segments.iter().zip(features).zip(scored).zip(scores)
    {
        let Some(dom) = &segment.dom else { continue };
        let Some(slot) = total.get_mut(dom.element as usize) else {
            continue;
        };
        let chars = feature.chars as f32;
        let links = dom.link_chars as f32;
        // A cookie notice reads like prose, and on a page whose article is one
        // short paragraph it would outweigh it: the text says what it is.
        let consent = block.label == Label::Consent;
        *slot += if score > 0.0 && feature.link_density < 0.5 && !consent {
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
        // A header holds the headline, the standfirst, a picture and its
        // caption: around the article, not the article.
        let header = info.tokens.has(Token::Header);
        let candidate = if header || in_boilerplate.get(index).copied().unwrap_or(false) {
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

/// A long paragraph the context pass counted as part of a related list only
/// because of the heading above it (no pattern, no links): in the article
/// container it is prose, a related list's items are short.
fn cut_as_related(block: &Scored, feature: Option<&Features>) -> bool {
    /// Words from which a block is a paragraph, not a teaser headline.
    const PARAGRAPH_WORDS: usize = 20;
    block.label == Label::Related
        && block
            .reasons
            .iter()
            .any(|r| r == "context:under-related-header")
        && !block.reasons.iter().any(|r| r.starts_with("pattern:"))
        && feature.is_some_and(|f| {
            f.words >= PARAGRAPH_WORDS && f.ends_with_terminal && f.link_density < 0.2
        })
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
    let region = container(elements, segments, features, scored, scores);
    let above = region
        .as_ref()
        .map(|(index, _)| chain_tokens(elements, *index))
        .unwrap_or_default();
    // Where the shared context pass found body text: the elements holding its
    // kept blocks, and their parents. A block the pass cut after an
    // end-of-article marker is restored only when it sits beside that text,
    // so that teasers after the article, in sibling containers, stay out.
    let mut anchors = std::collections::HashSet::new();
    for (segment, block) in segments.iter().zip(scored.iter()) {
        if let (Some(dom), Label::Body) = (&segment.dom, block.label) {
            anchors.insert(dom.element);
            if let Some(info) = elements.get(dom.element as usize) {
                anchors.insert(info.parent);
            }
        }
    }
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
        // In the same element as the context pass's body text, or a sibling of it.
        let beside_body = anchors.contains(&dom.element)
            || elements
                .get(dom.element as usize)
                .is_some_and(|info| anchors.contains(&info.parent));
        if inside
            && !block.label.is_kept()
            && (matches!(block.label, Label::Other) || cut_as_related(block, features.get(index)))
            && scores.get(index).is_some_and(|s| *s > 0.0)
            && features.get(index).is_some_and(|f| f.occurrences == 1)
            && ((block.label == Label::Other
                && !block
                    .reasons
                    .iter()
                    .any(|r| r == "context:after-end-marker"))
                || beside_body)
            && !below.intersects(Tokens::STRONG)
            && !below.has(Token::Caption)
            && !below.has(Token::Header)
            && !below.has(Token::Meta)
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
            // took for one is body text — unless it is mostly links: a row of
            // topic or tag links between the lead and the body.
            // A bare address ("www.…", "https://…") is a source the article cites.
            let address = {
                let text = segment.content();
                !text.contains(' ') && (text.starts_with("www.") || text.contains("://"))
            };
            if !address && features.get(index).is_some_and(|f| f.link_density >= 0.5) {
                block.label = Label::Navigation;
                block.reasons.push("dom:link-row".into());
                continue;
            }
            block.label = Label::Body;
        }
        if let Some(token) = below.strongest() {
            block.label = token_label(token);
            block.reasons.push(Cow::Borrowed("dom:boilerplate-subtree"));
        } else if below.has(Token::Caption) {
            // A photo caption describes a picture, not the story: article
            // bodies leave it out however sentence-like it reads.
            block.label = Label::Other;
            block.reasons.push(Cow::Borrowed("dom:caption"));
        } else if below.has(Token::Author) {
            // Under an author element inside the article: the author's bio,
            // "about the writer" — not the story.
            block.label = Label::Meta;
            block.reasons.push(Cow::Borrowed("dom:author-box"));
        }
    }
    if let (Some((_, range)), Some(title)) = (&region, title) {
        keep_lead(segments, features, scored, scores, range, title);
    }
    drop_truncated_teasers(elements, segments, scored);
    if let Some((_, range)) = &region {
        keep_sandwiched(segments, features, scored, range, above);
    }
    drop_orphan_headings(segments, features, scored);
    keep_lone_captions(scored);
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

/// On a video or photo page the only prose is the media's description,
/// marked up as its caption: when nothing else of the article is kept, the
/// caption is the article (an empty page is never the better answer).
fn keep_lone_captions(scored: &mut [Scored]) {
    if scored.iter().any(|b| b.label == Label::Body) {
        return;
    }
    for block in scored.iter_mut() {
        if block.label == Label::Other
            && block.score > 0.0
            && block.reasons.last().is_some_and(|r| r == "dom:caption")
        {
            block.label = Label::Body;
            block.reasons.push("dom:lone-caption".into());
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
                let below = d.tokens.minus(above);
                !below.intersects(Tokens::STRONG)
                    && !below.has(Token::Caption)
                    && d.form_controls == 0
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

/// Between the title and the container, a body-like block is the article's
/// lead (standfirst, teaser paragraph, intro) that templates often put in a
/// sibling of the body's container.
fn keep_lead(
    segments: &[Segment],
    features: &[Features],
    scored: &mut [Scored],
    scores: &[f32],
    range: &std::ops::Range<usize>,
    title: usize,
) {
    let Some(first) = segments.iter().position(|s| {
        s.dom
            .as_ref()
            .is_some_and(|d| range.contains(&(d.element as usize)))
    }) else {
        return;
    };
    /// Words from which a block in a header element is a lead paragraph.
    const HEADER_LEAD_WORDS: usize = 25;
    for index in title + 1..first {
        let (Some(segment), Some(feature), Some(block), Some(&score)) = (
            segments.get(index),
            features.get(index),
            scored.get_mut(index),
            scores.get(index),
        ) else {
            continue;
        };
        let Some(dom) = &segment.dom else { continue };
        let mut weak = Tokens::STRONG;
        weak.insert(Token::Caption);
        weak.insert(Token::Meta);
        // In the article's header beside the headline, a one-sentence dek
        // summarises the story; a lead paragraph there is longer.
        if block.label == Label::Other
            && score > 0.0
            && feature.link_density < 0.3
            && feature.occurrences == 1
            && feature.patterns.is_empty()
            && !dom.tokens.intersects(weak)
            && (!dom.tokens.has(Token::Header) || feature.words >= HEADER_LEAD_WORDS)
            && !truncated(segment)
        {
            block.label = Label::Body;
            block.reasons.push("dom:lead".into());
        }
    }
}

/// A kept `<h1>`–`<h6>` with no kept body text under it — the next kept
/// block is a heading of the same or a higher level, or nothing follows —
/// names a section that was dropped: "Read also", "Share this page", a
/// newsletter box. It goes too. A long "heading" is a lead paragraph some
/// templates mark up as one, and stays.
fn drop_orphan_headings(segments: &[Segment], features: &[Features], scored: &mut [Scored]) {
    /// Words above which an `<h*>` is a paragraph, not a heading.
    const HEADING_WORDS: usize = 15;
    let level = |segment: &Segment| match segment.dom.as_ref().map(|d| d.tag) {
        Some(BlockTag::Heading(level)) => Some(level),
        _ => None,
    };
    // Walk backwards, remembering whether body text follows before the next
    // heading, and the level of the next kept heading.
    let mut body_follows = false;
    let mut next_level: Option<u8> = None;
    for index in (0..segments.len()).rev() {
        let (Some(segment), Some(block)) = (segments.get(index), scored.get_mut(index)) else {
            continue;
        };
        if let Some(this) = level(segment) {
            let long = features.get(index).is_some_and(|f| f.words > HEADING_WORDS);
            if long {
                if block.label.is_kept() {
                    body_follows = true;
                }
                continue;
            }
            let subsection_follows = next_level.is_some_and(|next| next > this);
            if block.label.is_kept()
                && block.label != Label::Title
                && !body_follows
                && !subsection_follows
            {
                block.label = Label::Other;
                block.reasons.push("dom:heading-without-body".into());
            }
            if block.label.is_kept() {
                body_follows = false;
                next_level = Some(this);
            }
        } else if block.label == Label::Body {
            body_follows = true;
        }
    }
}

/// True if the block ends in "..." or "…": cut short, as teasers are.
fn truncated(segment: &Segment) -> bool {
    let text = segment.content().trim_end();
    text.ends_with("...") || text.ends_with('…')
}

/// Kept blocks cut short with an ellipsis, below which a run counts as teasers.
const MIN_TEASERS: usize = 3;

/// Several kept blocks that end in "..." or "…" are teasers of other
/// articles, cut at a fixed length, when they make up a good part of what
/// is kept. A trailing-off paragraph beside whole paragraphs (same parent
/// element) is the writer's style, not a teaser, and stays.
fn drop_truncated_teasers(elements: &[ElementInfo], segments: &[Segment], scored: &mut [Scored]) {
    let parent = |segment: &Segment| {
        segment
            .dom
            .as_ref()
            .and_then(|d| elements.get(d.element as usize))
            .map(|info| info.parent)
    };
    let mut with_whole = std::collections::HashSet::new();
    let mut body = 0usize;
    for (segment, block) in segments.iter().zip(scored.iter()) {
        if block.label == Label::Body {
            body += 1;
            if !truncated(segment) {
                with_whole.insert(parent(segment));
            }
        }
    }
    let teaser = |segment: &Segment, block: &Scored| {
        block.label == Label::Body && truncated(segment) && !with_whole.contains(&parent(segment))
    };
    let count = segments
        .iter()
        .zip(scored.iter())
        .filter(|(segment, block)| teaser(segment, block))
        .count();
    // A writer fond of trailing off does so now and then, not in a quarter
    // of the paragraphs.
    if count < MIN_TEASERS || count * 4 < body {
        return;
    }
    for (segment, block) in segments.iter().zip(scored.iter_mut()) {
        if teaser(segment, block) {
            block.label = Label::Related;
            block.reasons.push("dom:truncated-teaser".into());
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::clean_html;

    const BODY: &str = "The council met on Tuesday evening and voted to rebuild the footbridge over the river before the winter floods arrive, after a long debate about its cost.";

    #[test]
    fn photo_captions_inside_the_article_are_dropped() {
        let page = format!(
            "<html><body><article><h1>Footbridge to be rebuilt</h1><p>{BODY}</p>\
             <figure><img src='b.jpg'><figcaption>The old footbridge, seen from the north bank on a grey morning, has carried walkers across the river since the town was founded.</figcaption></figure>\
             <p>{BODY} Work will start next month.</p>\
             <div class='image-caption'>Council members, seated around the long table in the town hall, listen as the engineer explains why the old bridge must go.</div>\
             <p>{BODY} The mayor welcomed the vote.</p></article></body></html>"
        );
        let doc = clean_html(page.as_bytes()).expect("cleaned");
        let text = doc.text();
        assert!(text.contains("Work will start next month."), "{text}");
        assert!(text.contains("The mayor welcomed the vote."), "{text}");
        assert!(!text.contains("seen from the north bank"), "{text}");
        assert!(!text.contains("seated around the long table"), "{text}");
    }

    #[test]
    fn a_run_of_truncated_teasers_is_dropped_but_one_ellipsis_is_not() {
        let teaser = |n: usize| {
            format!(
                "<div class='item'><p>Story number {n} about the harbour works, which the port authority says will take another year to finish and cost far more than...</p></div>"
            )
        };
        let teasers: String = (1..=4).map(teaser).collect();
        let page = format!(
            "<html><body><div class='box'>{teasers}</div><article><h1>Footbridge to be rebuilt</h1>\
             <p>{BODY}</p><p>{BODY} Then the lights went out…</p><p>{BODY} Work will start next month.</p>\
             <p>{BODY} The mayor welcomed the vote.</p></article></body></html>"
        );
        let doc = clean_html(page.as_bytes()).expect("cleaned");
        let text = doc.text();
        assert!(!text.contains("Story number"), "{text}");
        assert!(text.contains("Then the lights went out…"), "{text}");
        assert!(text.contains("Work will start next month."), "{text}");
    }

    #[test]
    fn a_video_description_alone_on_the_page_is_kept() {
        let page = format!(
            "<html><body><nav><a href='/'>Home</a></nav><main id='skip-main'><article>\
             <h1>Footbridge to be rebuilt</h1><div class='video-caption'><p>{BODY}</p></div>\
             </article></main><form class='login'><p>This address is not known to us, please check it and try again later.</p>\
             <p>Something went wrong with the password request, please try once more.</p></form></body></html>"
        );
        let doc = clean_html(page.as_bytes()).expect("cleaned");
        let text = doc.text();
        assert!(text.contains("footbridge over the river"), "{text}");
        assert!(!text.contains("password request"), "{text}");
    }

    #[test]
    fn a_cookie_notice_does_not_win_the_container() {
        let page = format!(
            "<html><body><ul><li><a href='/a'>Politics and the regions</a></li><li><a href='/b'>Business and the economy</a></li>\
             <li><a href='/c'>Culture, books and the arts</a></li><li><a href='/d'>Sport results and fixtures</a></li>\
             <li><a href='/e'>Weather for the week ahead</a></li><li><a href='/f'>Letters to the editor</a></li>\
             <li><a href='/g'>Travel guides and city breaks</a></li><li><a href='/h'>Science and technology news</a></li></ul>\
             <div class='layer'><p>We use cookies and similar technologies to understand how our website is used and to improve it, and we share this information with our partners for analysis, advertising and social media purposes. You can change your cookie settings and withdraw your consent at any time in the privacy settings.</p></div>\
             <div class='wrap'><h1>Footbridge to be rebuilt</h1><p>{BODY}</p></div></body></html>"
        );
        let doc = clean_html(page.as_bytes()).expect("cleaned");
        let text = doc.text();
        assert!(text.contains("footbridge over the river"), "{text}");
        assert!(!text.contains("cookie"), "{text}");
    }

    #[test]
    fn a_header_with_a_long_caption_is_not_the_article() {
        let page = "<html><body><div class='article-header'><p><a href='/'>Home</a> <a href='/n'>News</a> Footbridge</p>\
             <h1>Footbridge to be rebuilt</h1><figure><img src='b.jpg'><figcaption>The old footbridge, seen from the north bank on a grey morning, has carried walkers across the river since the town was founded.</figcaption></figure>\
             <p>A crossing for the next hundred years</p></div>\
             <div class='main'><ul><li><a href='/a'>Politics and the regions</a></li><li><a href='/b'>Business and the economy</a></li>\
             <li><a href='/c'>Culture, books and the arts</a></li></ul><div class='story'><p>The council voted on Tuesday evening to rebuild it before the floods.</p></div></div></body></html>";
        let doc = clean_html(page.as_bytes()).expect("cleaned");
        let text = doc.text();
        assert!(text.contains("voted on Tuesday evening"), "{text}");
    }
}
