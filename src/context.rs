//! The context pass: neighbours decide what a block could not decide alone.
//!
//! 1. End-of-article markers ("Leave a reply", "Share this article") after
//!    body text make everything that follows suspect.
//! 2. The article is one contiguous region: the maximum-sum run of block
//!    scores. Inside it, short unlabelled blocks between body paragraphs are
//!    body and headline-like ones are headings; outside it nothing is kept,
//!    except lead paragraphs cut off above it by a long interruption.
//! 3. The headline just before the region is the title; its duplicates count once.
//! 4. Runs of headline-like blocks outside the article are related-article
//!    lists; lines that repeat its subheadings are a table of contents.

use std::collections::HashMap;

use crate::document::BlockKind;
use crate::features::Features;
use crate::label::Label;
use crate::patterns::Pattern;
use crate::score::{Scored, Tag};
use crate::segment::Segment;

/// Score taken from every block after an end-of-article marker.
const AFTER_END_PENALTY: f32 = 3.0;
/// The score a table row gets: neutral, slightly on the article's side.
const TABLE_ROW_SCORE: f32 = 0.5;
/// How many blocks before the article the title may be found.
const TITLE_LOOKBACK: usize = 12;
/// Headline-like lines at either end of the region that make a list of other articles.
const MIN_TAIL_HEADLINES: usize = 3;

/// Runs the context pass over a page. Returns the index of the title block.
pub(crate) fn apply(
    segments: &[Segment],
    features: &[Features],
    scored: &mut [Scored],
) -> Option<usize> {
    mark_tables(segments, features, scored);
    penalise_after_end_marker(features, scored);
    let Some((start, end)) = best_region(features, scored) else {
        mark_related_runs(features, scored, 0, scored.len());
        label_after_headers(segments, features, scored, 0);
        return None;
    };
    let (start, end) = trim_region(segments, features, scored, start, end);
    let (start, end) = grow_region(features, scored, segments, start, end);
    let leads = lead_regions(features, scored, start);
    let inside = |index: usize| {
        (start..=end).contains(&index) || leads.iter().any(|&(s, e)| (s..=e).contains(&index))
    };
    let contents = find_contents(features, &inside, start);

    // The three lists have one entry per block; zipped, they are walked
    // without a bounds check per list and block.
    let blocks = scored.iter_mut().zip(features).zip(segments).enumerate();
    for (index, ((block, feature), segment)) in blocks {
        // Only two labels are changed here; every other block is passed over
        // before the region and the contents are consulted.
        if !matches!(block.label, Label::Other | Label::Body | Label::Heading) {
            continue;
        }
        let inside = inside(index);
        // A line printed elsewhere on the page too (a subheading also listed
        // in a table of contents) is the article's own when the article
        // holds it once.
        let unique = || feature.occurrences == 1 || contents.headings.contains(&index);
        if inside && block.label == Label::Other {
            let list_item = is_list_item(segment);
            // A subheading may be one word ("Ingredients"); a list item is
            // never one, whatever its length.
            let subheading = (1..=20).contains(&feature.words)
                && !feature.ends_with_terminal
                && feature.patterns.is_empty()
                && !list_item;
            let unique = unique();
            if subheading && unique {
                block.label = Label::Heading;
                block.reasons.push_tag(Tag::HeadingInBody);
            } else if unique {
                block.label = Label::Body;
                block.reasons.push_tag(Tag::InsideBody);
            }
        } else if !inside && matches!(block.label, Label::Body | Label::Heading) {
            block.label = Label::Other;
            block.reasons.push_tag(Tag::OutsideBody);
        }
    }
    keep_letter_frame(segments, features, scored, start, end);

    // The article starts at its first lead part, when it has one.
    let article_start = leads.first().map_or(start, |&(first, _)| first);
    let title = find_title(segments, features, scored, article_start, end);
    mark_menu_runs(segments, features, scored, 0, start);
    mark_menu_runs(segments, features, scored, end + 1, scored.len());
    mark_related_runs(features, scored, 0, start);
    mark_related_runs(features, scored, end + 1, scored.len());
    label_after_headers(segments, features, scored, end + 1);
    if let Some(title) = title {
        mark_section_line(segments, features, scored, title);
    }
    mark_site_name(features, scored);
    mark_contents(features, scored, &contents);
    title
}

/// A table of contents above the article: its entries and the article's
/// subheadings they repeat.
#[derive(Default)]
struct Contents {
    /// The entries, outside the article.
    entries: Vec<usize>,
    /// The subheadings inside the article that the entries name.
    headings: Vec<usize>,
}

/// Finds a table of contents: a run of at least two lines before the article
/// (`before` is where its main region starts) each repeating, in the same
/// order, a line that the article holds once. Repetition makes a line
/// boilerplate everywhere else; these lines are the article's own subheadings.
fn find_contents(features: &[Features], inside: &dyn Fn(usize) -> bool, before: usize) -> Contents {
    const MIN_ENTRIES: usize = 2;
    let repeated = |f: &Features| f.occurrences > 1 && (1..=20).contains(&f.words);
    // The article's repeated lines, by text; a text it holds twice is None.
    let mut in_article: HashMap<u32, Option<usize>> = HashMap::new();
    for (index, feature) in features.iter().enumerate() {
        // The cheap test first: few lines are repeated.
        if repeated(feature) && inside(index) {
            in_article
                .entry(feature.text_id)
                .and_modify(|seen| *seen = None)
                .or_insert(Some(index));
        }
    }
    let mut contents = Contents::default();
    if in_article.is_empty() {
        return contents;
    }
    let target = |i: usize| -> Option<usize> {
        let feature = features.get(i).filter(|f| repeated(f) && !inside(i))?;
        in_article.get(&feature.text_id).copied().flatten()
    };
    let mut index = 0;
    while index < before {
        let mut run: Vec<(usize, usize)> = Vec::new();
        while index < before {
            match target(index) {
                Some(heading) if run.last().is_none_or(|&(_, last)| heading > last) => {
                    run.push((index, heading));
                    index += 1;
                }
                _ => break,
            }
        }
        if run.len() >= MIN_ENTRIES {
            for (entry, heading) in run {
                contents.entries.push(entry);
                contents.headings.push(heading);
            }
        } else if run.is_empty() {
            index += 1;
        }
    }
    contents
}

/// Labels a table of contents as navigation, and a short header line
/// ("Contents") right above its first entry.
fn mark_contents(features: &[Features], scored: &mut [Scored], contents: &Contents) {
    for (position, &entry) in contents.entries.iter().enumerate() {
        if let Some(block) = scored.get_mut(entry) {
            block.label = Label::Navigation;
            block.reasons.push_tag(Tag::ContentsEntry);
        }
        let previous = position
            .checked_sub(1)
            .and_then(|p| contents.entries.get(p));
        let first_of_run = previous.is_none_or(|&p| p + 1 != entry);
        let header = entry
            .checked_sub(1)
            .filter(|&i| first_of_run && features.get(i).is_some_and(|f| is_bare_line(f, 1..=3)));
        if let Some(block) = header.and_then(|i| scored.get_mut(i)) {
            if block.label == Label::Other {
                block.label = Label::Navigation;
                block.reasons.push_tag(Tag::ContentsHeader);
            }
        }
    }
}

/// A one- or two-word line right above the title ("World", "Local news")
/// names the article's section: it is meta, not stray text. (Below the
/// title such a line may start the article; the HTML pass takes it in.)
fn mark_section_line(
    segments: &[Segment],
    features: &[Features],
    scored: &mut [Scored],
    title: usize,
) {
    if let Some(index) = title.checked_sub(1) {
        let section = features.get(index).is_some_and(|f| is_bare_line(f, 1..=2))
            && segments
                .get(index)
                .is_some_and(|s| s.kind == BlockKind::Paragraph);
        if let Some(block) = scored.get_mut(index) {
            if section && block.label == Label::Other {
                block.label = Label::Meta;
                block.reasons.push_tag(Tag::SectionLine);
            }
        }
    }
}

/// The page's first line, when it is a short capitalised name printed
/// nowhere else and a menu follows it, is the site's name: navigation.
fn mark_site_name(features: &[Features], scored: &mut [Scored]) {
    let menu_follows = scored.get(1).is_some_and(|s| s.label == Label::Navigation);
    let name_like = features
        .first()
        .is_some_and(|f| is_bare_line(f, 1..=3) && f.capitalised == f.words && f.occurrences == 1);
    if let Some(block) = scored.first_mut() {
        if menu_follows && name_like && block.label == Label::Other {
            block.label = Label::Navigation;
            block.reasons.push_tag(Tag::SiteName);
        }
    }
}

/// Narrows the region: it ends before the first block flagged after an
/// end-of-article marker, and a run of headline-like lines at its end or at
/// its start (a list of other articles' headlines, which often lack a full
/// stop even when long) is not part of it. The title, if it closes such a run
/// at the start, is still found: the title search looks beyond the region.
fn trim_region(
    segments: &[Segment],
    features: &[Features],
    scored: &[Scored],
    start: usize,
    end: usize,
) -> (usize, usize) {
    let mut end = (start..=end)
        .find(|&i| scored.get(i).is_some_and(|s| s.after_end_marker))
        .map_or(end, |i| i.saturating_sub(1).max(start));
    let is_tail_headline = |i: usize| {
        features.get(i).is_some_and(|f| is_bare_line(f, 4..=30))
            && segments
                .get(i)
                .is_some_and(|s| s.kind == BlockKind::Paragraph)
    };
    let mut tail_start = end + 1;
    while tail_start > start + 1 && is_tail_headline(tail_start - 1) {
        tail_start -= 1;
    }
    // One line without a full stop ends many articles; a list takes several.
    if end + 1 - tail_start >= MIN_TAIL_HEADLINES {
        end = tail_start - 1;
    }
    // A hard-wrapped paragraph that was not re-joined is a run of lines
    // without full stops too: its lines go on in lower case.
    let starts_lower = |i: usize| {
        segments
            .get(i)
            .and_then(|s| s.content().chars().next())
            .is_some_and(char::is_lowercase)
    };
    // At the start the list may be bulleted too: a renderer that marks list
    // items must not change what the list is. (At the end, a bullet list
    // without full stops is as often the article's own key points.)
    let is_head_headline = |i: usize| {
        features.get(i).is_some_and(|f| is_bare_line(f, 4..=30))
            && segments.get(i).is_some_and(|s| {
                matches!(
                    s.kind,
                    BlockKind::Paragraph | BlockKind::ListItem | BlockKind::OrderedListItem
                )
            })
    };
    let mut head_end = start;
    while head_end < end
        && is_head_headline(head_end)
        && !starts_lower(head_end)
        && !starts_lower(head_end + 1)
    {
        head_end += 1;
    }
    let start = if head_end - start >= MIN_TAIL_HEADLINES {
        head_end
    } else {
        start
    };
    (start, end)
}

/// A table in text: three or more consecutive rows with the same number of
/// ` | ` cell separators, some cell holding a number. Such rows look like pipe
/// menus to the patterns; here they become neutral text that the region can
/// take in when they sit in the article.
fn mark_tables(segments: &[Segment], features: &[Features], scored: &mut [Scored]) {
    const MIN_ROWS: usize = 3;
    let cell_finder = memchr::memmem::Finder::new(" | ");
    let cells = |i: usize| {
        // One searcher for the page, not one built per block; and a block
        // without a '|' (almost every one) is passed over by a vectorised
        // fold, cheaper on short lines than a call to memchr, before the
        // searcher is set up for it.
        segments
            .get(i)
            .filter(|s| !s.pipe_free)
            .map(|s| s.content().as_bytes())
            .filter(|text| text.iter().fold(false, |pipe, &b| pipe | (b == b'|')))
            .map_or(0, |text| cell_finder.find_iter(text).count())
    };
    let mut tables: Vec<(usize, usize)> = Vec::new();
    let mut index = 0;
    while index < segments.len() {
        // A block known to hold no `|` has no cells and starts no table:
        // the scan goes straight to the next block that may hold one, in
        // one tight search (most pages have none at all).
        match segments
            .get(index..)
            .and_then(|rest| rest.iter().position(|s| !s.pipe_free))
        {
            Some(skip) => index += skip,
            None => break,
        }
        let width = cells(index);
        let mut next = index + 1;
        while width > 0 && next < segments.len() && cells(next) == width {
            next += 1;
        }
        let has_numbers = || (index..next).any(|i| features.get(i).is_some_and(|f| f.digits > 0));
        if width > 0 && next - index >= MIN_ROWS && has_numbers() {
            tables.push((index, next));
        }
        index = next;
    }
    label_tables(scored, &tables);
}

/// Makes the unlabelled and navigation rows of every table, `(first, last)`
/// exclusive, unlabelled table rows of at least the table-row score.
fn label_tables(scored: &mut [Scored], tables: &[(usize, usize)]) {
    for &(first, last) in tables {
        for block in scored.iter_mut().take(last).skip(first) {
            if matches!(block.label, Label::Navigation | Label::Other) {
                block.label = Label::Other;
                block.score = block.score.max(TABLE_ROW_SCORE);
                block.reasons.push_tag(Tag::TableRow);
            }
        }
    }
}

/// Widens the region over short interruptions: when a full paragraph lies
/// just beyond either end, past at most `MAX_GAP` blocks of the kinds that
/// interrupt articles (ads, newsletter boxes, share rows, captions, bylines),
/// the article goes on there.
fn grow_region(
    features: &[Features],
    scored: &[Scored],
    segments: &[Segment],
    mut start: usize,
    mut end: usize,
) -> (usize, usize) {
    const MAX_GAP: usize = 3;
    const MAX_LIST_ITEMS: usize = 40;
    // A list item printed once on the page and matching no pattern.
    let is_own_list_item = |i: usize| {
        segments.get(i).is_some_and(is_list_item)
            && features
                .get(i)
                .is_some_and(|f| f.occurrences == 1 && f.patterns.is_empty())
    };
    let is_paragraph = |i: usize| {
        features
            .get(i)
            .is_some_and(|f| f.ends_with_terminal && f.words >= 12 && f.occurrences == 1)
            && scored
                .get(i)
                .is_some_and(|s| s.label == Label::Body && !s.after_end_marker)
    };
    let is_interruption = |i: usize| {
        scored.get(i).is_some_and(|s| {
            matches!(
                s.label,
                Label::Promo | Label::Meta | Label::Share | Label::Other
            ) && !s.after_end_marker
        }) && features
            .get(i)
            .is_some_and(|f| !f.patterns.has(Pattern::EndOfArticle))
    };
    // Walks outward from `from` one step at a time; returns the full
    // paragraph reached past at most MAX_GAP interruptions. List items do not
    // count against the gap: a bullet list (ingredients, key points) inside
    // an article is as long as it is.
    let reach = |from: usize, step: &dyn Fn(usize) -> Option<usize>| -> Option<usize> {
        let mut gap = 0;
        let mut list_items = 0;
        let mut index = step(from)?;
        loop {
            if is_paragraph(index) {
                return Some(index);
            }
            if !is_interruption(index) {
                return None;
            }
            if is_own_list_item(index) && list_items < MAX_LIST_ITEMS {
                list_items += 1;
            } else {
                gap += 1;
                if gap > MAX_GAP {
                    return None;
                }
            }
            index = step(index)?;
        }
    };
    let count = features.len();
    while let Some(next) = reach(end, &|i| (i + 1 < count).then_some(i + 1)) {
        end = next;
    }
    while let Some(previous) = reach(start, &|i| i.checked_sub(1)) {
        start = previous;
    }
    (start, end)
}

/// E-mail conventions: a salutation ending in a comma just before the article
/// ("Hi everyone,") and the sign-off lines between the article and a `--`
/// signature separator belong to the message.
fn keep_letter_frame(
    segments: &[Segment],
    features: &[Features],
    scored: &mut [Scored],
    start: usize,
    end: usize,
) {
    let short_plain = |i: usize| {
        features
            .get(i)
            .is_some_and(|f| f.words <= 6 && f.patterns.is_empty())
    };
    if let Some(before) = start.checked_sub(1) {
        let salutation = short_plain(before)
            && segments
                .get(before)
                .is_some_and(|s| s.content().ends_with(','));
        if salutation {
            if let Some(block) = scored.get_mut(before) {
                block.label = Label::Body;
                block.reasons.push_tag(Tag::Salutation);
            }
        }
    }
    let mut index = end + 1;
    while index <= end + 3 && short_plain(index) {
        index += 1;
    }
    let signature = segments
        .get(index)
        .is_some_and(|s| s.content().trim() == "--");
    // A valediction ends in a comma ("See you on Saturday,") and a name may
    // follow; then comes the signature or the end of the message.
    let valediction = segments
        .get(end + 1)
        .is_some_and(|s| s.content().ends_with(','));
    let closes = signature || index >= segments.len();
    if index > end + 1 && closes && (signature || valediction) {
        for block in scored.iter_mut().take(index).skip(end + 1) {
            block.label = Label::Body;
            block.reasons.push_tag(Tag::SignOff);
        }
    }
}

/// After the article, a header ("Related", "Comments") labels what follows:
/// unlabelled and meta blocks under a related-list header are related, under a
/// comments header they are comments, until a header of another kind.
fn label_after_headers(
    segments: &[Segment],
    features: &[Features],
    scored: &mut [Scored],
    from: usize,
) {
    /// Words of a paragraph that no related list holds: it starts a new part.
    const PROSE_WORDS: usize = 25;
    let mut mode: Option<Label> = None;
    let mut previous_relabelled: Option<usize> = None;
    for index in from..scored.len() {
        let (Some(feature), Some(block)) = (features.get(index), scored.get_mut(index)) else {
            continue;
        };
        let relabelled = previous_relabelled.take();
        if feature.patterns.has(Pattern::Tags) {
            // A tag list closes the list above it.
            mode = None;
            continue;
        }
        // In HTML the region pass takes unlabelled text between kept blocks
        // back into the article, so there the list's label must hold.
        // (Asked only under a related-list header: elsewhere it decides nothing.)
        let prose = || {
            segments.get(index).is_some_and(|s| s.dom.is_none())
                && feature.words >= PROSE_WORDS
                && feature.ends_with_terminal
                && feature.patterns.is_empty()
        };
        if mode == Some(Label::Related) && block.label == Label::Other && prose() {
            // A long paragraph is no list entry: the list has ended, and a
            // short line just before it ("About us") is its heading.
            mode = None;
            let heading = relabelled.filter(|&i| features.get(i).is_some_and(|f| f.words <= 3));
            if let Some(heading) = heading.and_then(|i| scored.get_mut(i)) {
                heading.label = Label::Other;
                heading.reasons.push_tag(Tag::HeadingAfterList);
            }
            continue;
        }
        match block.label {
            Label::Related | Label::Comments => mode = Some(block.label),
            Label::Other | Label::Meta => {
                if let Some(label) = mode {
                    previous_relabelled = Some(index);
                    block.label = label;
                    block.reasons.push_tag(match label {
                        Label::Comments => Tag::UnderCommentsHeader,
                        _ => Tag::UnderRelatedHeader,
                    });
                }
            }
            Label::Title | Label::Heading | Label::Body => {}
            _ => mode = None,
        }
    }
}

/// Penalises the blocks after an end-of-article marker. After a comment
/// marker ("Leave a reply", "12 comments") everything is suspect: comments are
/// prose and look like body. After other markers ("Related stories", "Share
/// this article"), which also head boxes inside an article, the suspicion ends
/// where strong body text resumes: two long prose blocks in a row.
fn penalise_after_end_marker(features: &[Features], scored: &mut [Scored]) {
    /// Strong body blocks in a row that end the suspicion of a soft marker.
    const RESUME_AFTER: usize = 3;
    /// Words of full paragraphs before a marker can end the article.
    const MIN_BODY_WORDS: usize = 30;
    // A related-list header ends the article as surely as an end marker,
    // or heads a box inside it: both are soft markers.
    let is_marker = |feature: &Features| {
        !feature.patterns.is_empty()
            && (feature.patterns.has(Pattern::EndOfArticle)
                || (feature.patterns.has(Pattern::Related) && feature.words <= 4))
    };
    // Until the first marker after the article has started nothing is
    // suspect, and only the body words and the markers are looked at.
    // Only full paragraphs count as the article having started: a headline,
    // a teaser or a one-sentence notice at the top of the page does not (a
    // comment-count link there must not drop the article).
    let mut body_words = 0usize;
    let mut first_marker = None;
    for (index, (feature, block)) in features.iter().zip(scored.iter()).enumerate() {
        if block.label == Label::Body && block.score >= 2.0 && feature.ends_with_terminal {
            body_words += feature.words;
        }
        if body_words >= MIN_BODY_WORDS && is_marker(feature) {
            first_marker = Some(index);
            break;
        }
    }
    let Some(first_marker) = first_marker else {
        return;
    };
    let mut suspect = true;
    let mut permanent = features
        .get(first_marker)
        .is_some_and(|f| f.patterns.has(Pattern::Comments));
    let mut strong_run = 0usize;
    let mut pending: Vec<usize> = Vec::new();
    let rest = features
        .iter()
        .zip(scored.iter())
        .enumerate()
        .skip(first_marker + 1);
    for (index, (feature, block)) in rest {
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
        // The article has started: every marker from here on counts.
        if is_marker(feature) {
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
            block.reasons.push_tag(Tag::AfterEndMarker);
            block.after_end_marker = true;
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
        && !block.after_end_marker;
    if unremarkable {
        block.score.max(SHORT_FLOOR)
    } else {
        block.score
    }
}

/// Parts of the article above its main region: a lead paragraph or two cut
/// off by a long interruption (a table of contents, a photo gallery, an ad
/// block) that [`grow_region`] does not bridge. Kadane's pass over the blocks
/// before `start` splits them where the running sum falls to zero; the best
/// run of each piece is a lead part when it is worth at least a long
/// paragraph and holds a full paragraph of its own. Only the side before the
/// article is searched: prose after it is far more often comments, teasers
/// and footers.
fn lead_regions(features: &[Features], scored: &[Scored], start: usize) -> Vec<(usize, usize)> {
    // A lead part holds a full paragraph: with none above the article,
    // there is no lead part to look for.
    if !(0..start).any(|i| is_lead_paragraph(features, scored, i)) {
        return Vec::new();
    }
    lead_parts(features, scored, start)
}

/// Whether block `i` is the full paragraph a lead part must hold.
fn is_lead_paragraph(features: &[Features], scored: &[Scored], i: usize) -> bool {
    /// Words of the full paragraph a lead part must hold.
    const LEAD_PARAGRAPH_WORDS: usize = 12;
    features.get(i).is_some_and(|f| {
        f.ends_with_terminal && f.words >= LEAD_PARAGRAPH_WORDS && f.occurrences == 1
    }) && scored.get(i).is_some_and(|s| s.label == Label::Body)
}

/// Kadane's pass of [`lead_regions`] over the blocks before `start`.
fn lead_parts(features: &[Features], scored: &[Scored], start: usize) -> Vec<(usize, usize)> {
    /// The least region weight of a lead part: a long paragraph or two
    /// short ones. One medium sentence alone is as often a site's blurb or a
    /// notice ("This post may contain affiliate links.") as a lead.
    const MIN_LEAD_WEIGHT: f32 = 4.0;
    let mut leads = Vec::new();
    let mut keep = |best: Option<(f32, usize, usize)>| {
        if let Some((sum, first, last)) = best {
            if sum >= MIN_LEAD_WEIGHT
                && (first..=last).any(|i| is_lead_paragraph(features, scored, i))
            {
                leads.push((first, last));
            }
        }
    };
    let mut best: Option<(f32, usize, usize)> = None;
    let mut sum = 0.0f32;
    let mut piece_start = 0usize;
    for (index, (feature, block)) in features.iter().zip(scored).take(start).enumerate() {
        if sum <= 0.0 {
            keep(best.take());
            sum = 0.0;
            piece_start = index;
        }
        sum += region_weight(feature, block);
        if sum > 0.0 && best.is_none_or(|(b, _, _)| sum > b) {
            best = Some((sum, piece_start, index));
        }
    }
    keep(best);
    leads
}

/// The maximum-sum contiguous run of region weights (Kadane), as inclusive indices.
fn best_region(features: &[Features], scored: &[Scored]) -> Option<(usize, usize)> {
    max_sum_run(features, scored).map(|(_, s, e)| (s, e))
}

/// The maximum-sum contiguous run of region weights: its sum and inclusive indices.
fn max_sum_run(features: &[Features], scored: &[Scored]) -> Option<(f32, usize, usize)> {
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
    best
}

/// A headline: a few words, no sentence end, most words capitalised or few words.
fn is_headline_like(feature: &Features) -> bool {
    is_bare_line(feature, 2..=20)
}

/// A line of so many words with no sentence end and no boilerplate pattern:
/// by its length a label, a name or a headline rather than prose.
fn is_bare_line(feature: &Features, words: std::ops::RangeInclusive<usize>) -> bool {
    words.contains(&feature.words) && !feature.ends_with_terminal && feature.patterns.is_empty()
}

/// The title: the nearest headline-like block before the article's first
/// full paragraph (bylines, dates and share rows in between are skipped), or,
/// when the page opens with a summary paragraph, a long headline right after it.
fn find_title(
    segments: &[Segment],
    features: &[Features],
    scored: &mut [Scored],
    start: usize,
    end: usize,
) -> Option<usize> {
    let is_candidate = |i: usize| {
        features.get(i).is_some_and(|f| {
            (2..=30).contains(&f.words)
                && f.patterns.is_empty()
                && !(f.ends_with_terminal && f.words >= 8)
        }) && segments.get(i).is_some_and(|s| {
            s.kind == BlockKind::Paragraph
                && !s.content().ends_with(['.', ','])
                && s.content().chars().filter(|c| c.is_alphabetic()).count() >= 6
        }) && scored.get(i).is_some_and(|s| {
            let after_end = s.after_end_marker;
            let strong_body = s.label == Label::Body && s.score >= 2.0;
            !after_end && !strong_body
        })
    };
    let is_paragraph = |i: usize| {
        features
            .get(i)
            .is_some_and(|f| f.ends_with_terminal && f.words >= 8)
            && scored.get(i).is_some_and(|s| s.label == Label::Body)
    };
    let first_body = (start..=end).find(|&i| is_paragraph(i)).unwrap_or(start);
    let from = first_body.saturating_sub(TITLE_LOOKBACK);
    let before = (from..first_body).rev().find(|&i| is_candidate(i));
    let after = first_body + 1;
    let title = before.or_else(|| {
        (first_body == start
            && is_candidate(after)
            && features.get(after).is_some_and(|f| f.words >= 6)
            && is_paragraph(after + 1))
        .then_some(after)
    })?;
    let title_text = segments.get(title)?.content().to_string();
    if let Some(block) = scored.get_mut(title) {
        block.label = Label::Title;
        block.reasons.push_tag(Tag::HeadlineBeforeBody);
    }
    // Equal texts have equal char counts, which features has counted: the
    // count rules out almost every block without reading its text.
    let title_chars = features.get(title).map(|f| f.chars);
    for (index, (segment, feature)) in segments.iter().zip(features).enumerate() {
        let same_length = Some(feature.chars) == title_chars;
        if index != title && same_length && segment.content() == title_text {
            if let Some(block) = scored.get_mut(index) {
                block.label = Label::Other;
                block.reasons.push_tag(Tag::DuplicateTitle);
            }
        }
    }
    Some(title)
}

/// Marks menus outside the article: runs of three or more short list items
/// ("• World", "* About"), with the short repeated lines next to them (a site
/// name printed twice), as navigation.
fn mark_menu_runs(
    segments: &[Segment],
    features: &[Features],
    scored: &mut [Scored],
    from: usize,
    to: usize,
) {
    let is_entry = |i: usize| is_menu_entry(segments, features, scored, i);
    let is_repeated_short = |i: usize| is_menu_neighbour(features, scored, i);
    let mut menus: Vec<(usize, usize)> = Vec::new();
    let mut index = from;
    while index < to {
        if !is_entry(index) {
            // Entries are list items, and most blocks are none: one search
            // finds the next list item.
            index = segments
                .get(index + 1..to)
                .and_then(|rest| rest.iter().position(is_list_item))
                .map_or(to, |offset| index + 1 + offset);
            continue;
        }
        let run_start = index;
        while index < to && is_entry(index) {
            index += 1;
        }
        if index - run_start < MENU_MIN_RUN {
            continue;
        }
        let menu = widen_menu(is_repeated_short, from, to, (run_start, index));
        menus.push(menu);
        index = menu.1;
    }
    label_menus(scored, &menus);
}

/// The menu made of the run of entries `run` (start and end), widened over
/// the short repeated blocks on either side of it within `from..to`.
fn widen_menu(
    is_repeated_short: impl Fn(usize) -> bool,
    from: usize,
    to: usize,
    (mut first, mut last): (usize, usize),
) -> (usize, usize) {
    while first > from && is_repeated_short(first - 1) {
        first -= 1;
    }
    while last < to && is_repeated_short(last) {
        last += 1;
    }
    (first, last)
}

/// List items of at most this many words can be menu entries.
const MENU_WORDS: usize = 4;
/// Entries in a row that make a menu.
const MENU_MIN_RUN: usize = 3;

/// Whether a block is an item of a list, bulleted or numbered.
fn is_list_item(segment: &Segment) -> bool {
    matches!(
        segment.kind,
        BlockKind::ListItem | BlockKind::OrderedListItem
    )
}

/// Whether block `i` can be a menu entry: a short, unkept list item.
fn is_menu_entry(segments: &[Segment], features: &[Features], scored: &[Scored], i: usize) -> bool {
    segments.get(i).is_some_and(is_list_item)
        && features.get(i).is_some_and(|f| f.words <= MENU_WORDS)
        && scored
            .get(i)
            .is_some_and(|s| matches!(s.label, Label::Other | Label::Legal))
}

/// Whether block `i` is a short repeated line a menu takes in beside it.
fn is_menu_neighbour(features: &[Features], scored: &[Scored], i: usize) -> bool {
    features
        .get(i)
        .is_some_and(|f| f.words <= MENU_WORDS && f.occurrences > 1 && f.patterns.is_empty())
        && scored.get(i).is_some_and(|s| s.label == Label::Other)
}

/// Labels the unkept blocks of every menu, `(first, last)` exclusive, as navigation.
fn label_menus(scored: &mut [Scored], menus: &[(usize, usize)]) {
    for &(first, last) in menus {
        // Legal links in a menu ("Privacy Policy") keep their own label.
        for block in scored.iter_mut().take(last).skip(first) {
            if block.label == Label::Other {
                block.label = Label::Navigation;
                block.reasons.push_tag(Tag::Menu);
            }
        }
    }
}

/// Marks runs of three or more headline-like, unkept blocks in `range` as related lists.
fn mark_related_runs(features: &[Features], scored: &mut [Scored], from: usize, to: usize) {
    const MIN_RUN: usize = 3;
    let to = to.min(features.len()).min(scored.len());
    let (Some(features), Some(scored)) = (features.get(from..to), scored.get_mut(from..to)) else {
        return;
    };
    // The runs are found first and labelled after: a run's labels are never
    // read again by the search, which walks the two lists zipped.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut run_start = 0;
    for (index, (feature, block)) in features.iter().zip(scored.iter()).enumerate() {
        if in_related_run(feature, block) {
            continue;
        }
        if index - run_start >= MIN_RUN {
            runs.push((run_start, index));
        }
        run_start = index + 1;
    }
    // The two slices are equally long.
    let count = features.len();
    if count.saturating_sub(run_start) >= MIN_RUN {
        runs.push((run_start, count));
    }
    for (first, last) in runs {
        for block in scored.iter_mut().take(last).skip(first) {
            block.label = Label::Related;
            block.reasons.push_tag(Tag::HeadlineRun);
        }
    }
}

/// Whether a block can be in a related list: a headline-like line of four
/// words or more that no pass kept.
fn in_related_run(feature: &Features, block: &Scored) -> bool {
    feature.words >= 4 && is_headline_like(feature) && block.label == Label::Other
}

#[cfg(test)]
mod tests {
    use crate::label::Label;

    /// The labels `clean_text` gives each block of `text`.
    fn labels(text: &str) -> Vec<(String, Label)> {
        crate::clean_text(text)
            .map(|doc| {
                doc.blocks()
                    .iter()
                    .map(|b| (b.text().to_string(), b.label()))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn label_of(labels: &[(String, Label)], text: &str) -> Option<Label> {
        labels.iter().find(|(t, _)| t == text).map(|(_, l)| *l)
    }

    const P1: &str = "The council approved the new budget on Tuesday, after a debate that lasted most of the night and ended in a narrow vote.";
    const P2: &str = "Opposition members said the plan would raise local taxes for most families, while the mayor called it the only responsible choice.";
    const P3: &str = "The budget takes effect in April, and the first projects to be funded are the repairs of two schools and the central library.";

    #[test]
    fn a_short_line_above_the_title_is_meta() {
        let text = format!("Transport\nHarbour Ferry Gets a New Timetable\n{P1}\n{P2}\n{P3}\n");
        let labels = labels(&text);
        assert_eq!(
            label_of(&labels, "Harbour Ferry Gets a New Timetable"),
            Some(Label::Title)
        );
        assert_eq!(label_of(&labels, "Transport"), Some(Label::Meta));
    }

    #[test]
    fn a_site_name_above_a_menu_is_navigation() {
        let text = format!("Riverside Courier\n• Home\n• Sport\n• Weather\nHarbour Ferry Gets a New Timetable\n{P1}\n{P2}\n{P3}\n");
        let labels = labels(&text);
        assert_eq!(
            label_of(&labels, "Riverside Courier"),
            Some(Label::Navigation)
        );
    }

    #[test]
    fn a_related_list_ends_at_a_long_paragraph() {
        let about = "This newsletter is written by volunteers from the valley, and it has reported on the towns, villages and farms along the river every week since the spring of 1987.";
        let text = format!("{P1}\n{P2}\n{P3}\nRelated articles\nMarket Square to Be Closed for Repairs\nAbout\n{about}\n");
        let labels = labels(&text);
        assert_eq!(
            label_of(&labels, "Market Square to Be Closed for Repairs"),
            Some(Label::Related)
        );
        assert_eq!(label_of(&labels, "About"), Some(Label::Other));
        assert_eq!(label_of(&labels, about), Some(Label::Other));
    }

    #[test]
    fn headline_run_after_the_article_is_related() {
        let text = format!(
            "{P1}\n{P2}\n{P3}\nMinister Announces New Rules for Rented Homes Across the Country From April Onwards\nFloods Close Three Roads in the North as Rivers Keep Rising After a Week of Rain\nLocal Team Wins the Cup After Thirty Years of Waiting for a Final Victory at Home\n"
        );
        let labels = labels(&text);
        assert_eq!(label_of(&labels, P3), Some(Label::Body));
        assert_eq!(
            label_of(
                &labels,
                "Floods Close Three Roads in the North as Rivers Keep Rising After a Week of Rain"
            ),
            Some(Label::Related)
        );
    }

    #[test]
    fn an_ad_inside_the_article_does_not_cut_it() {
        let text = format!("Budget Approved\n{P1}\nAdvertisement\nSign up for our morning newsletter\n{P2}\n{P3}\n");
        let labels = labels(&text);
        assert_eq!(label_of(&labels, P1), Some(Label::Body));
        assert_eq!(label_of(&labels, "Advertisement"), Some(Label::Promo));
        assert_eq!(label_of(&labels, P2), Some(Label::Body));
    }

    #[test]
    fn comments_header_labels_the_thread() {
        let text = format!("{P1}\n{P2}\nLeave a Reply\n{P3}\n");
        let labels = labels(&text);
        assert_eq!(label_of(&labels, P2), Some(Label::Body));
        assert_eq!(label_of(&labels, P3), Some(Label::Comments));
    }

    #[test]
    fn related_box_inside_the_article_ends_when_the_article_resumes() {
        let p4 = "Officials expect the works to last two years, and say that the library will stay open throughout the repairs.";
        let text = format!("{P1}\nRelated Stories\nCity Hall Gets a New Roof\n{P2}\n{P3}\n{p4}\n");
        let labels = labels(&text);
        assert_eq!(label_of(&labels, P2), Some(Label::Body));
        assert_eq!(label_of(&labels, p4), Some(Label::Body));
    }

    #[test]
    fn title_is_the_headline_before_the_first_paragraph() {
        let text = format!("Home | News | Sport\nCouncil Approves Budget After Long Night\nBy Jane Doe\n{P1}\n{P2}\n");
        let doc = crate::clean_text(&text).ok();
        assert_eq!(
            doc.as_ref().and_then(|d| d.title()),
            Some("Council Approves Budget After Long Night")
        );
    }

    #[test]
    fn menu_of_short_bullets_is_navigation() {
        let text = format!("• World\n• Politics\n• Economy\n• Science\n{P1}\n{P2}\n");
        let labels = labels(&text);
        assert_eq!(label_of(&labels, "• Politics"), Some(Label::Navigation));
    }

    /// A gallery of short captions: more than `grow_region` bridges.
    const GALLERY: &str =
        "Photos\nNorth gate\nSouth gate\nThe old mill\nThe new bridge\nThe market\nThe harbour\n";

    #[test]
    fn a_lead_paragraph_above_a_long_interruption_is_kept() {
        let lead = "The town will spend two million on its bridges over the next five years, most of it on the three oldest crossings of the river.";
        let text = format!("{lead}\n{GALLERY}{P1}\n{P2}\n{P3}\n");
        let labels = labels(&text);
        assert_eq!(label_of(&labels, lead), Some(Label::Body));
        assert_eq!(label_of(&labels, "The old mill"), Some(Label::Other));
        assert_eq!(label_of(&labels, P1), Some(Label::Body));
    }

    #[test]
    fn one_short_sentence_above_the_article_is_no_lead() {
        let notice = "This page may contain links to shops that pay us a fee.";
        let text = format!("{notice}\n{GALLERY}{P1}\n{P2}\n{P3}\n");
        let labels = labels(&text);
        assert_eq!(label_of(&labels, notice), Some(Label::Other));
        assert_eq!(label_of(&labels, P1), Some(Label::Body));
    }

    #[test]
    fn prose_after_a_long_interruption_below_the_article_is_not_taken() {
        let after = "The town will spend two million on its bridges over the next five years, most of it on the three oldest crossings of the river.";
        let text = format!("{P1}\n{P2}\n{P3}\n{GALLERY}{after}\n");
        let labels = labels(&text);
        assert_eq!(label_of(&labels, after), Some(Label::Other));
    }

    #[test]
    fn a_table_of_contents_is_navigation_and_its_headings_are_kept() {
        let text = format!(
            "Contents\n1. The vote\n2. The reactions\n{GALLERY}{P1}\nThe vote\n{P2}\nThe reactions\n{P3}\n"
        );
        let labels = labels(&text);
        assert_eq!(label_of(&labels, "1. The vote"), Some(Label::Navigation));
        assert_eq!(label_of(&labels, "Contents"), Some(Label::Navigation));
        assert_eq!(label_of(&labels, "The reactions"), Some(Label::Heading));
    }

    #[test]
    fn a_line_repeated_below_the_article_is_no_subheading() {
        let text = format!("{P1}\nVideo is not available\n{P2}\n{P3}\n{GALLERY}Video is not available\nVideo is not available\n");
        let labels = labels(&text);
        assert_eq!(label_of(&labels, P2), Some(Label::Body));
        assert!(labels
            .iter()
            .filter(|(t, _)| t == "Video is not available")
            .all(|(_, l)| *l != Label::Heading && *l != Label::Body));
    }

    #[test]
    fn headline_run_before_the_article_is_not_part_of_it() {
        let text = format!(
            "Flood warning lifted for the towns in the lower part of the valley\nNew car park at the station to open in the spring of next year\nThe council names its first youth mayor after a vote in the schools\nBudget Approved\n{P1}\n{P2}\n{P3}\n"
        );
        let labels = labels(&text);
        assert_eq!(
            label_of(
                &labels,
                "New car park at the station to open in the spring of next year"
            ),
            Some(Label::Related)
        );
        assert_eq!(label_of(&labels, "Budget Approved"), Some(Label::Title));
        assert_eq!(label_of(&labels, P1), Some(Label::Body));
    }

    #[test]
    fn bulleted_headline_run_before_the_article_is_not_part_of_it() {
        let text = format!(
            "* Flood warning lifted for the towns in the lower part of the valley\n* New car park at the station to open in the spring of next year\n* The council names its first youth mayor after a vote in the schools\nBudget Approved\n{P1}\n{P2}\n{P3}\n"
        );
        let labels = labels(&text);
        assert_ne!(
            label_of(
                &labels,
                "* New car park at the station to open in the spring of next year"
            ),
            Some(Label::Body)
        );
        assert_eq!(label_of(&labels, P1), Some(Label::Body));
    }

    #[test]
    fn unjoined_wrapped_lines_at_the_start_are_kept() {
        let text = format!(
            "The council approved the new budget on Tuesday after a debate\nthat lasted most of the night and ended in a narrow vote with\nseven members for and six against the plan of the mayor\n{P2}\n{P3}\n"
        );
        let labels = labels(&text);
        assert_eq!(
            label_of(
                &labels,
                "that lasted most of the night and ended in a narrow vote with"
            ),
            Some(Label::Body)
        );
    }

    #[test]
    fn email_salutation_and_sign_off_are_kept() {
        let text = format!("Hi everyone,\n{P1}\n{P2}\nSee you on Saturday,\nMarta\n--\nYou received this message because you are subscribed to the list.\n");
        let labels = labels(&text);
        assert_eq!(label_of(&labels, "Hi everyone,"), Some(Label::Body));
        assert_eq!(label_of(&labels, "Marta"), Some(Label::Body));
        assert_ne!(
            label_of(
                &labels,
                "You received this message because you are subscribed to the list."
            ),
            Some(Label::Body)
        );
    }
}

#[cfg(test)]
mod table_tests {
    use crate::label::Label;

    #[test]
    fn a_table_between_paragraphs_stays_in_the_article() {
        let text = "Only one month of the first half of the year brought more rain than usual, the weather station said on Tuesday.\n\
            Month | Rainfall (mm) | Average (mm)\n\
            January | 41 | 62\n\
            February | 38 | 51\n\
            March | 70 | 55\n\
            Farmers say the dry spring has already reduced the first cut of hay by about a third this year.\n";
        let doc = crate::clean_text(text).ok();
        let kept = doc.map(|d| d.text()).unwrap_or_default();
        assert!(kept.contains("February | 38 | 51"), "{kept}");
        assert!(kept.contains("Farmers say"), "{kept}");
    }

    #[test]
    fn a_pipe_menu_is_not_a_table() {
        let doc = crate::clean_text(
            "Home | News | Sport\nWorld | Business | Weather\nAbout | Jobs | Contact\nThe council approved the new budget on Tuesday, after a debate that lasted most of the night and ended in a narrow vote.\n",
        )
        .ok();
        let labels: Vec<Label> = doc
            .map(|d| d.blocks().iter().map(|b| b.label()).collect())
            .unwrap_or_default();
        assert_eq!(labels.first(), Some(&Label::Navigation));
    }

    #[test]
    fn a_valediction_at_the_end_of_a_message_is_kept() {
        let text = "The water has been turned back on at both taps, but the one by the shed still drips, so please close it firmly.\nSee you on Saturday,\nMarta\n";
        let kept = crate::clean_text(text)
            .map(|d| d.text())
            .unwrap_or_default();
        assert!(kept.ends_with("See you on Saturday,\nMarta"), "{kept}");
    }
}

#[cfg(test)]
mod list_tests {
    use crate::label::Label;

    #[test]
    fn a_long_ingredient_list_before_the_method_is_kept() {
        let text = "Lemon Roast Chicken\n\
            A simple Sunday roast that needs little more than an hour in the oven and a green salad on the side.\n\
            Ingredients\n- 1 whole chicken\n- 2 lemons\n- 4 cloves garlic\n- 1 bunch thyme\n- 2 tbsp olive oil\n- Salt\n\
            Method\n\
            1. Heat the oven to 200°C and put the chicken in a roasting tin that is just big enough for it.\n\
            2. Halve one lemon and push it inside the bird with the garlic and half of the thyme sprigs.\n";
        let doc = crate::clean_text(text).ok();
        let labels: Vec<(String, Label)> = doc
            .map(|d| {
                d.blocks()
                    .iter()
                    .map(|b| (b.text().to_string(), b.label()))
                    .collect()
            })
            .unwrap_or_default();
        let label = |t: &str| labels.iter().find(|(x, _)| x == t).map(|(_, l)| *l);
        assert_eq!(label("- 2 lemons"), Some(Label::Body));
        assert_eq!(label("Ingredients"), Some(Label::Heading));
        assert_eq!(label("Method"), Some(Label::Heading));
    }
}

/// The passes as they were, before they were made faster, and a randomised
/// comparison with them on pages built from lines of many kinds.
#[cfg(test)]
mod reference {
    use super::*;

    /// `mark_tables`' search as it was: every block's cells counted, one by
    /// one.
    fn mark_tables_reference(segments: &[Segment], features: &[Features], scored: &mut [Scored]) {
        const MIN_ROWS: usize = 3;
        let cells = |i: usize| {
            segments
                .get(i)
                .filter(|s| !s.pipe_free)
                .map(|s| s.content().matches(" | ").count())
                .unwrap_or(0)
        };
        let mut tables: Vec<(usize, usize)> = Vec::new();
        let mut index = 0;
        while index < segments.len() {
            let width = cells(index);
            let mut next = index + 1;
            while width > 0 && next < segments.len() && cells(next) == width {
                next += 1;
            }
            let has_numbers =
                || (index..next).any(|i| features.get(i).is_some_and(|f| f.digits > 0));
            if width > 0 && next - index >= MIN_ROWS && has_numbers() {
                tables.push((index, next));
            }
            index = next;
        }
        label_tables(scored, &tables);
    }

    /// `penalise_after_end_marker` as it was: every block through the whole state machine.
    fn penalise_after_end_marker_reference(features: &[Features], scored: &mut [Scored]) {
        /// Strong body blocks in a row that end the suspicion of a soft marker.
        const RESUME_AFTER: usize = 3;
        /// Words of full paragraphs before a marker can end the article.
        const MIN_BODY_WORDS: usize = 30;
        let mut seen_body = false;
        let mut body_words = 0usize;
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
            // Only full paragraphs count as the article having started: a
            // headline, a teaser or a one-sentence notice at the top of the page
            // does not (a comment-count link there must not drop the article).
            if block.label == Label::Body && block.score >= 2.0 && feature.ends_with_terminal {
                body_words += feature.words;
                seen_body = body_words >= MIN_BODY_WORDS;
            }
            // A related-list header ends the article as surely as an end marker,
            // or heads a box inside it: both are soft markers.
            let marker = feature.patterns.has(Pattern::EndOfArticle)
                || (feature.patterns.has(Pattern::Related) && feature.words <= 4);
            if seen_body && marker {
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
                block.reasons.push_tag(Tag::AfterEndMarker);
                block.after_end_marker = true;
                if block.label == Label::Body {
                    block.label = Label::Other;
                }
            }
        }
    }

    /// `mark_related_runs` as it was: every index through both lists.
    fn mark_related_runs_reference(
        features: &[Features],
        scored: &mut [Scored],
        from: usize,
        to: usize,
    ) {
        let mut run_start = from;
        for index in from..=to {
            let in_run = index < to
                && features
                    .get(index)
                    .zip(scored.get(index))
                    .is_some_and(|(f, s)| in_related_run(f, s));
            if in_run {
                continue;
            }
            if index - run_start >= 3 {
                for block in scored.iter_mut().take(index).skip(run_start) {
                    block.label = Label::Related;
                    block.reasons.push_tag(Tag::HeadlineRun);
                }
            }
            run_start = index + 1;
        }
    }

    /// `mark_menu_runs` as it was: every block tested as an entry (the
    /// rules of an entry, of its neighbours and of widening a run are the
    /// pass's own).
    fn mark_menu_runs_reference(
        segments: &[Segment],
        features: &[Features],
        scored: &mut [Scored],
        from: usize,
        to: usize,
    ) {
        let is_entry = |i: usize| is_menu_entry(segments, features, scored, i);
        let is_repeated_short = |i: usize| is_menu_neighbour(features, scored, i);
        let mut menus: Vec<(usize, usize)> = Vec::new();
        let mut index = from;
        while index < to {
            if !is_entry(index) {
                index += 1;
                continue;
            }
            let run_start = index;
            while index < to && is_entry(index) {
                index += 1;
            }
            if index - run_start < MENU_MIN_RUN {
                continue;
            }
            let menu = widen_menu(is_repeated_short, from, to, (run_start, index));
            menus.push(menu);
            index = menu.1;
        }
        label_menus(scored, &menus);
    }

    /// Lines of the kinds the passes look at: paragraphs, headlines,
    /// short lines, list items, markers of the end of an article, comment
    /// headers, table rows.
    const LINES: [&str; 20] = [
        "The council approved the new budget on Tuesday, after a debate that lasted most of the night and ended in a narrow vote.",
        "Opposition members said the plan would raise local taxes for most families, while the mayor called it the only responsible choice.",
        "The budget takes effect in April, and the first projects to be funded are the repairs of two schools and the central library.",
        "Officials expect the works to last two years.",
        "Minister Announces New Rules for Rented Homes Across the Country",
        "Floods Close Three Roads in the North as Rivers Keep Rising",
        "Related Stories",
        "Related articles",
        "Leave a Reply",
        "Share this article",
        "Photos",
        "• Home",
        "• Sport",
        "• Weather and the Tides",
        "- 2 lemons",
        "January | 41 | 62",
        "Advertisement",
        "See you on Saturday,",
        "Tags: budget, council, schools",
        "By Jane Doe",
    ];

    /// The scored blocks of a page made of the lines at `picks`.
    fn page(picks: &[usize]) -> (Vec<Segment>, Vec<Features>, Vec<Scored>) {
        // The paragraphs are numbered, so that a page may hold many without
        // repeating one (a repeated line is boilerplate).
        let text: String = picks
            .iter()
            .enumerate()
            .filter_map(|(n, &i)| match LINES.get(i) {
                Some(line) if i < 3 => Some(format!("Report {n}: {line}\n")),
                Some(line) => Some(format!("{line}\n")),
                None => None,
            })
            .collect();
        let segments = crate::segment::segment_text(&text);
        let (features, language) =
            crate::features::extract(&segments, None, crate::patterns::Patterns::get());
        let scored = segments
            .iter()
            .zip(&features)
            .map(|(s, f)| crate::score::score(s.dom.as_ref(), f, language.is_some()))
            .collect();
        (segments, features, scored)
    }

    fn summary(scored: &[Scored]) -> Vec<(Label, f32, bool, Vec<String>)> {
        scored
            .iter()
            .map(|s| {
                let reasons = s.reasons.iter().map(str::to_string).collect();
                (s.label, s.score, s.after_end_marker, reasons)
            })
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

        /// The end-marker pass gives every block the penalty, the label
        /// and the reasons the pass it replaced gave.
        #[test]
        fn end_marker_pass_agrees_with_the_reference(
            picks in proptest::collection::vec(0..LINES.len(), 0..40)
        ) {
            let (_, features, scored) = page(&picks);
            let (mut fast, mut slow) = (scored.clone(), scored);
            penalise_after_end_marker(&features, &mut fast);
            penalise_after_end_marker_reference(&features, &mut slow);
            proptest::prop_assert_eq!(summary(&fast), summary(&slow));
        }

        /// The related-run pass marks the runs the pass it replaced marked,
        /// over any range, one past the end included.
        #[test]
        fn related_runs_agree_with_the_reference(
            picks in proptest::collection::vec(0..LINES.len(), 0..40),
            from in 0..45usize,
            to in 0..45usize,
        ) {
            let (_, features, mut scored) = page(&picks);
            // Some blocks already kept, as after the region pass.
            for block in scored.iter_mut().step_by(5) {
                block.label = Label::Body;
            }
            let to = to.min(scored.len());
            let (mut fast, mut slow) = (scored.clone(), scored);
            mark_related_runs(&features, &mut fast, from, to);
            mark_related_runs_reference(&features, &mut slow, from, to);
            proptest::prop_assert_eq!(summary(&fast), summary(&slow));
        }

        /// The menu pass marks the menus the pass it replaced marked, over
        /// any range.
        #[test]
        fn menu_runs_agree_with_the_reference(
            picks in proptest::collection::vec(0..LINES.len(), 0..40),
            from in 0..45usize,
            to in 0..45usize,
        ) {
            let (segments, features, mut scored) = page(&picks);
            for block in scored.iter_mut().step_by(7) {
                block.label = Label::Legal;
            }
            let to = to.min(scored.len());
            let (mut fast, mut slow) = (scored.clone(), scored);
            mark_menu_runs(&segments, &features, &mut fast, from, to);
            mark_menu_runs_reference(&segments, &features, &mut slow, from, to);
            proptest::prop_assert_eq!(summary(&fast), summary(&slow));
        }

        /// The table pass marks the rows the pass it replaced marked,
        /// on pages with tables, several, or none.
        #[test]
        fn tables_agree_with_the_reference(
            picks in proptest::collection::vec(0..LINES.len(), 0..40),
            table_at in 0..40usize,
            rows in 0..6usize,
        ) {
            let table = LINES.iter().position(|l| l.contains(" | ")).unwrap_or(0);
            let mut picks = picks;
            let at = table_at.min(picks.len());
            picks.splice(at..at, std::iter::repeat_n(table, rows));
            let (segments, features, scored) = page(&picks);
            let (mut fast, mut slow) = (scored.clone(), scored);
            mark_tables(&segments, &features, &mut fast);
            mark_tables_reference(&segments, &features, &mut slow);
            proptest::prop_assert_eq!(summary(&fast), summary(&slow));
        }

        /// The lead search finds the lead parts Kadane's pass finds without
        /// its early answer (no paragraph above the article), above any start.
        #[test]
        fn lead_regions_agree_with_the_reference(
            picks in proptest::collection::vec(0..LINES.len(), 0..40),
            start in 0..45usize,
        ) {
            let (_, features, scored) = page(&picks);
            proptest::prop_assert_eq!(
                lead_regions(&features, &scored, start),
                lead_parts(&features, &scored, start)
            );
        }
    }
}
