//! The trigger search of a text page, done once for the whole page before
//! its first block asks (see `patterns::Matcher`).
//!
//! A lazy DFA step is one dependent load chain (byte class, transition,
//! next state): searching block after block, or the page in one stream,
//! runs at the latency of that chain whatever the instruction count. Here
//! the page's short blocks are cut, at block boundaries, into [`STREAMS`]
//! parts of about equal size, and one loop steps the DFA through all of them
//! at once: the parts' chains are independent, so the core overlaps them.
//!
//! What is scanned: the blocks that will ask (the caller passes only those),
//! with the few bytes between neighbours, in runs; a run ends where a gap
//! between two such blocks is longer than [`MAX_GAP`], so a long block of
//! prose (or a hostile 100 MB line), which no block asks about, is never
//! read. Each run is scanned from its first byte with a fresh start state.
//!
//! Why a block's answer is right: the trigger has no look-around
//! (`trigger_has_no_look_around` in `patterns`), so a match inside a block
//! is found by any scan that starts at or before the block's start, and
//! the DFA (built with `MatchKind::All`, see `patterns::trigger_dfa`) reports
//! every position where some match ends, and of which patterns (one per
//! group of keywords). A block is marked with the groups of the matches that
//! end inside it: every block is marked with every group it contains a
//! keyword of; one that only ends a match that began before it is marked
//! with that match's group too, which is harmless (the set the group gates
//! finds nothing in it, as with the per-block search).

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::hybrid::LazyStateID;
use regex_automata::Anchored;

use crate::document::Text;
use crate::mirror::{Entry, Failed, Mirror, MATCH_32};
use crate::patterns::{match_groups, Groups};

/// How many parts of the page one loop steps through at once. Each adds a
/// dependent chain the core can run beside the others; beyond what its
/// load ports and reorder window hold, more only cost bookkeeping.
const STREAMS: usize = 3;

/// Two asking blocks at most this many bytes apart are scanned as one run,
/// the bytes between them included (a line break, a list marker): cheaper
/// than ending one run and starting another, and a match that runs over
/// the gap only ends in a block it did not start in, a harmless mark.
const MAX_GAP: usize = 16;

/// Which of a page's blocks contain a trigger, found by one scan of the
/// page (see the module doc).
#[derive(Default)]
pub(crate) struct PageTriggers {
    /// Address and length of the page's buffer; `None` when no scan holds.
    page: Option<(usize, usize)>,
    /// The byte ranges of the blocks scanned, in page order, disjoint.
    /// (`u32`: a page of millions of tiny lines keeps this list small
    /// beside its blocks; a block that ends past 4 GiB is not scanned, and
    /// is searched alone.)
    blocks: Vec<(u32, u32)>,
    /// The keyword groups of the matches that end inside each block of
    /// `blocks` (bit `g` for group `g` of `patterns::TRIGGER_GROUPS`).
    hits: Vec<Groups>,
    /// The block after the one the last question found: questions come
    /// in page order, so usually the next one asked.
    cursor: usize,
}

/// Lists longer than this are freed after their page rather than kept for
/// the next (a page of millions of tiny lines would hold on to them).
const KEPT_BLOCKS: usize = 1 << 16;

impl PageTriggers {
    /// Forgets the last page: no question is answered until the next scan.
    pub fn clear(&mut self) {
        self.page = None;
        self.cursor = 0;
        if self.blocks.capacity() > KEPT_BLOCKS {
            self.blocks = Vec::new();
            self.hits = Vec::new();
        }
        self.blocks.clear();
        self.hits.clear();
    }

    /// Scans the page of `blocks` (each a block's text and its content, the
    /// text or its tail) for `trigger`, so that [`PageTriggers::triggered`]
    /// answers for these blocks. Only blocks whose content is a range of the
    /// buffer of the first such block take part; the others, and every block
    /// if the scan fails, are left to the caller's own search.
    fn scan<'t>(
        &mut self,
        trigger: &DFA,
        cache: &mut Cache,
        mirror: &mut Mirror<u32>,
        blocks: impl IntoIterator<Item = (&'t Text, &'t str)>,
    ) {
        self.clear();
        let mut page: Option<&'t str> = None;
        // Bytes a scan steps through, gaps included: how the page is cut
        // into streams of equal work.
        let mut total = 0;
        for (text, content) in blocks {
            let Some((buffer, start, end)) = content_range(text, content) else {
                continue;
            };
            let page = *page.get_or_insert(buffer);
            if !std::ptr::eq(page, buffer) {
                continue;
            }
            let (Ok(start32), Ok(end32)) = (u32::try_from(start), u32::try_from(end)) else {
                continue;
            };
            let gap = match self.blocks.last() {
                Some(&(_, last_end)) if start < last_end as usize => continue,
                Some(&(_, last_end)) => start - last_end as usize,
                None => usize::MAX,
            };
            total += end - start + if gap <= MAX_GAP { gap } else { 0 };
            self.blocks.push((start32, end32));
        }
        let Some(page) = page else {
            return;
        };
        self.hits.resize(self.blocks.len(), 0);
        let mut scan = Scan {
            dfa: trigger,
            cache,
            mirror,
            page: page.as_bytes(),
            blocks: &self.blocks,
            hits: &mut self.hits,
        };
        if scan.run(total).is_ok() {
            self.page = Some((page.as_ptr() as usize, page.len()));
        } else {
            // Begun again at the next scan (the failure may have left it
            // half-built, or the lazy cache cleared).
            mirror.reset();
        }
    }

    /// Whether the last scan was of `page` (and succeeded).
    pub fn holds(&self, page: &str) -> bool {
        self.page == Some((page.as_ptr() as usize, page.len()))
    }

    /// The keyword groups the block whose content is `page[start..end]` may
    /// contain: every group it contains a match of (and any group whose
    /// match only ends in it, having begun before it), no other; `None` if
    /// the last scan was not of this page or did not include this block.
    pub fn triggered(&mut self, page: &str, start: usize, end: usize) -> Option<Groups> {
        if !self.holds(page) {
            return None;
        }
        // Every block scanned asks, in page order: the block is the one
        // after the last asked. Asked out of order, it is looked up.
        let index = match self.blocks.get(self.cursor) {
            Some(&(next, _)) if next as usize == start => self.cursor,
            _ => self
                .blocks
                .partition_point(|&(block_start, _)| (block_start as usize) < start),
        };
        self.cursor = index + 1;
        match self.blocks.get(index) {
            Some(&(s, e)) if s as usize == start && e as usize == end => {
                self.hits.get(index).copied()
            }
            _ => None,
        }
    }
}

/// The page buffer of a block and its content's range in it, if the block
/// is a range of a shared buffer and `content` is its tail.
fn content_range<'t>(text: &'t Text, content: &str) -> Option<(&'t str, usize, usize)> {
    let Text::Shared { buffer, end, .. } = text else {
        return None;
    };
    let start = end.checked_sub(content.len())?;
    let own = buffer.get(start..*end)?;
    (own.as_ptr() == content.as_ptr()).then_some((buffer.as_str(), start, *end))
}

/// The trigger's labels of a match state: its groups (the trigger's
/// patterns are the groups, in order).
fn groups_label(trigger: &DFA) -> impl Fn(&Cache, LazyStateID) -> u16 + Copy + '_ {
    move |cache, state| u16::from(match_groups(trigger, cache, state))
}

/// One scan of a page: what every stream shares.
struct Scan<'a> {
    dfa: &'a DFA,
    cache: &'a mut Cache,
    mirror: &'a mut Mirror<u32>,
    page: &'a [u8],
    blocks: &'a [(u32, u32)],
    hits: &'a mut [Groups],
}

/// One part of the page: a range of `Scan::blocks`, scanned run by run.
#[derive(Default)]
struct Stream {
    /// The next byte to step.
    at: usize,
    /// The end of the current run.
    run_end: usize,
    /// Whether a run is under way (its end-of-input step not yet taken).
    in_run: bool,
    /// The first block no run has covered yet, and the end of the stream's blocks.
    next_block: usize,
    end_block: usize,
    /// The first block a match end may still fall in.
    mark: usize,
    /// The state: the position of its row in the [`Mirror`]'s table.
    state: u32,
}

impl Scan<'_> {
    /// Scans every block; `total` is the bytes to step, gaps included.
    fn run(&mut self, total: usize) -> Result<(), Failed> {
        self.mirror
            .prepare(self.dfa, self.cache, groups_label(self.dfa))?;
        let mut streams: [Stream; STREAMS] = Default::default();
        // Streams no block is cut to stay empty.
        for stream in &mut streams {
            stream.next_block = self.blocks.len();
        }
        if let Some(first) = streams.first_mut() {
            first.next_block = 0;
        }
        // Cut at the first block past each STREAMS-th of the work.
        let share = total.div_ceil(STREAMS).max(1);
        let (mut done, mut stream, mut last_end) = (0, 0, None);
        for (index, &(start, end)) in self.blocks.iter().enumerate() {
            let (start, end) = (start as usize, end as usize);
            let gap = last_end.map_or(usize::MAX, |last: usize| start.saturating_sub(last));
            done += end - start + if gap <= MAX_GAP { gap } else { 0 };
            last_end = Some(end);
            while stream + 1 < STREAMS && done > share * (stream + 1) {
                stream += 1;
                if let Some(next) = streams.get_mut(stream) {
                    next.next_block = index + 1;
                }
            }
        }
        let mut next = self.blocks.len();
        for stream in streams.iter_mut().rev() {
            stream.next_block = stream.next_block.min(next);
            stream.end_block = next;
            stream.mark = stream.next_block;
            next = stream.next_block;
        }
        self.step_together(&mut streams)?;
        // The streams still going (the others are done), one at a time.
        for stream in &mut streams {
            self.step_together(std::array::from_mut(stream))?;
        }
        Ok(())
    }

    /// Steps all `K` streams through their runs, byte `i` of each in one
    /// iteration, until one of them has no bytes left.
    fn step_together<const K: usize>(&mut self, streams: &mut [Stream; K]) -> Result<(), Failed> {
        loop {
            for stream in streams.iter_mut() {
                if !self.refill(stream)? {
                    return Ok(());
                }
            }
            // As many bytes as every stream's run still has.
            let steps = streams.iter().map(|s| s.run_end - s.at).min().unwrap_or(0);
            let mut chunks: [&[u8]; K] = [&[]; K];
            for (chunk, stream) in chunks.iter_mut().zip(streams.iter()) {
                *chunk = self.page.get(stream.at..stream.at + steps).ok_or(Failed)?;
            }
            let mut states = streams.each_ref().map(|s| s.state);
            let mut step = 0;
            while step < steps {
                // The table is read through a plain slice in the loop; a
                // step whose entry is not a plain state (a match, or a
                // transition not built yet: rare) ends it, and is handled
                // below, where the table may grow. One test for all
                // streams: the entries' high bits, or-ed.
                let mirror = &*self.mirror;
                let trans = mirror.table();
                // The table's length is a power of two: an index masked by
                // it needs no bounds test (and every index is in it).
                let mask = trans.len().wrapping_sub(1);
                let mut next = [0; K];
                let mut tagged = false;
                while step < steps {
                    for ((chunk, state), next) in chunks.iter().zip(&states).zip(&mut next) {
                        let Some(&byte) = chunk.get(step) else {
                            return Err(Failed);
                        };
                        let index = *state as usize + mirror.column(byte);
                        *next = trans.get(index & mask).copied().unwrap_or(u32::UNKNOWN);
                    }
                    step += 1;
                    if next.iter().fold(0, |all, &entry| all | entry) >= MATCH_32 {
                        tagged = true;
                        break;
                    }
                    states = next;
                }
                if !tagged {
                    break;
                }
                let at = step - 1;
                for (((chunk, state), stream), entry) in chunks
                    .iter()
                    .zip(states.iter_mut())
                    .zip(streams.iter_mut())
                    .zip(next)
                {
                    *state = if entry < MATCH_32 {
                        entry
                    } else {
                        let Some(&byte) = chunk.get(at) else {
                            return Err(Failed);
                        };
                        self.tagged(stream, *state, Some(byte), stream.at + at)?
                    };
                }
            }
            for (stream, state) in streams.iter_mut().zip(states) {
                stream.at += steps;
                stream.state = state;
            }
        }
    }

    /// Makes sure `stream` has a byte to step: ends its run if it is
    /// through (the end-of-input step reports a match that ends with the
    /// run), and starts the next. `false` if the stream has no more runs.
    fn refill(&mut self, stream: &mut Stream) -> Result<bool, Failed> {
        while stream.at >= stream.run_end {
            if stream.in_run {
                stream.in_run = false;
                let index = stream.state as usize + self.mirror.eoi();
                // No match at the end of the run: the end-of-input step
                // leads to a plain state or to the dead state.
                match self.mirror.table().get(index) {
                    Some(&next) if next < MATCH_32 || next == u32::DEAD => {}
                    _ => {
                        self.tagged(stream, stream.state, None, stream.run_end)?;
                    }
                }
            }
            if stream.next_block >= stream.end_block {
                return Ok(false);
            }
            let Some(&(start, end)) = self.blocks.get(stream.next_block) else {
                return Ok(false);
            };
            stream.next_block += 1;
            stream.run_end = end as usize;
            while stream.next_block < stream.end_block {
                match self.blocks.get(stream.next_block) {
                    Some(&(start, end))
                        if (start as usize).saturating_sub(stream.run_end) <= MAX_GAP =>
                    {
                        stream.run_end = end as usize;
                        stream.next_block += 1;
                    }
                    _ => break,
                }
            }
            stream.at = start as usize;
            stream.state = u32::try_from(self.mirror.start()).map_err(|_| Failed)?;
            stream.in_run = true;
        }
        Ok(true)
    }

    /// The transition from `state` on `unit` (a byte, or the end of input)
    /// whose entry is not a plain state: built if unknown; if it leads to a
    /// match (found one byte late: it ends at `at`), the block it ends in
    /// is marked with the match's groups. Returns the next state.
    #[cold]
    fn tagged(
        &mut self,
        stream: &mut Stream,
        state: u32,
        unit: Option<u8>,
        at: usize,
    ) -> Result<u32, Failed> {
        let column = match unit {
            Some(byte) => self.mirror.column(byte),
            None => self.mirror.eoi(),
        };
        let entry = self.mirror.step(
            self.dfa,
            self.cache,
            state as usize,
            column,
            unit,
            groups_label(self.dfa),
        )?;
        if entry == u32::DEAD {
            // After the end of input (the run is over: its next state is the
            // next run's start), or, which the unanchored trigger never
            // does, after a byte: the scan gives up on that.
            return if unit.is_none() {
                Ok(state)
            } else {
                Err(Failed)
            };
        }
        let next = entry & !MATCH_32;
        if entry.matches() {
            let groups = Groups::try_from(self.mirror.label_of(entry)).map_err(|_| Failed)?;
            self.mark(stream, at, groups);
        }
        Ok(next)
    }

    /// Marks the block in which a match of `groups` ending at `at` ends, if
    /// any (the match may end in a gap between blocks).
    fn mark(&mut self, stream: &mut Stream, at: usize, groups: Groups) {
        while self
            .blocks
            .get(stream.mark)
            .is_some_and(|&(_, end)| (end as usize) < at)
        {
            stream.mark += 1;
        }
        if let Some(&(start, end)) = self.blocks.get(stream.mark) {
            if (start as usize) < at && at <= end as usize {
                if let Some(hit) = self.hits.get_mut(stream.mark) {
                    *hit |= groups;
                }
            }
        }
    }
}

/// The trigger DFA's cache of one thread, and the answers of its last page scan.
pub(crate) struct TriggerCache {
    /// The lazy DFA's cache, for the page scan and the per-block search.
    pub cache: Cache,
    /// The last page scan.
    pub page: PageTriggers,
    /// The transitions the scans met, copied from the lazy DFA (see
    /// `mirror.rs`): the lazy DFA's own step returns a `Result`, tests for
    /// a state not built yet, and a clear of its cache makes every state id
    /// stale, so a loop of several streams would check the clear count
    /// after every step. On the mirror a step is one load and one add,
    /// `table[state + column]`, and an entry at or above [`MATCH_32`] (a
    /// match, a transition not copied yet) is handled out of the loop.
    /// (`None` only for an alphabet too wide for a mirror, which the
    /// trigger's is not: the pages are then left to the per-block search.)
    mirror: Option<Mirror<u32>>,
}

impl TriggerCache {
    /// A cache for `trigger`, with no page scanned.
    pub fn new(trigger: &DFA) -> TriggerCache {
        TriggerCache {
            cache: trigger.create_cache(),
            page: PageTriggers::default(),
            mirror: Mirror::new(trigger, Anchored::No),
        }
    }

    /// Scans the page of `blocks` (see [`PageTriggers::scan`]).
    pub fn scan<'t>(
        &mut self,
        trigger: &DFA,
        blocks: impl IntoIterator<Item = (&'t Text, &'t str)>,
    ) {
        match self.mirror.as_mut() {
            Some(mirror) => self.page.scan(trigger, &mut self.cache, mirror, blocks),
            None => self.page.clear(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mirror::MAX_STATES;
    use crate::patterns::tests::{lcg, list_marker};
    use crate::patterns::{trigger_dfa, trigger_sources, ALL_GROUPS};
    use regex_automata::util::start;
    use std::sync::Arc;

    /// Triggers in several cases and spellings
    /// (a Kelvin sign for `k`, a long s for `s`, a no-break space in
    /// `\s+`), near misses, multi-byte characters, plain words.
    const TRIGGERING: &[&str] = &[
        "comment",
        "Kommentare",
        "\u{212A}ommentare",
        "COMENTÁRIOS",
        "teilen",
        "Partager",
        " / ",
        "…",
        "|",
        "›",
        "»",
        ">",
        "©",
        "(c)",
        "(Foto",
        "(photo",
        "cookie",
        "Privatsphäre",
        "vie privée",
        "abonnés",
        "5 min read",
        "3 minutes\u{a0}read",
        "miNS  READ",
        "Copyright",
        "rights reserved",
        "share ",
        "follow us",
        "newsletter",
        "sign up",
        "this e-mail",
        // The shaped group: the verbs of `name says:`.
        "said",
        "WROTE",
        "ſays",
    ];

    /// Near misses, multi-byte characters, plain words.
    const PLAIN: &[&str] = &[
        "commen",
        "cooki",
        "privac",
        "min rea",
        "réservé",
        "ſhare",
        "follow",
        "rights",
        "the",
        "river",
        "rose",
        "again",
        "in",
        "spring",
        "and",
        "é",
        "ü",
        "ß",
        "😀",
        "日本",
        "Anna",
        "2024",
        "12:30",
        "\u{663}",
        "sai",
        "Ⅻ",
        ",",
        ".",
        "(",
        ")",
        "-",
        "\u{a0}",
        "Ünd",
        "Çà",
    ];

    /// A random page of blocks as text mode lays them out: ranges of one
    /// buffer (some after a list marker, some hard-wrapped over two lines),
    /// separated by nothing, a space, line breaks, a run of spaces longer
    /// than `MAX_GAP`, or a long line no block asks about. Returns the
    /// page's blocks that ask, as (text, content start).
    fn random_page(state: &mut u64, far_apart: bool) -> (Arc<String>, Vec<(usize, usize, usize)>) {
        let mut page = String::new();
        let mut ranges = Vec::new();
        for _ in 0..1 + lcg(state) % 120 {
            let start = page.len();
            let marker = list_marker(state);
            page.push_str(marker);
            for index in 0..1 + lcg(state) % 10 {
                if index > 0 {
                    page.push_str(match lcg(state) % 8 {
                        0 => "",
                        // A hard-wrapped paragraph, re-joined: the
                        // block's range holds the line break.
                        1 => "\n",
                        _ => " ",
                    });
                }
                page.push_str(if lcg(state).is_multiple_of(8) {
                    TRIGGERING[lcg(state) % TRIGGERING.len()]
                } else {
                    PLAIN[lcg(state) % PLAIN.len()]
                });
            }
            ranges.push((start, start + marker.len(), page.len()));
            let gap = if far_apart { 6 } else { lcg(state) % 8 };
            match gap {
                0 => {}
                1 => page.push(' '),
                2 => page.push_str("\n\n"),
                3 => page.push_str(&" ".repeat(MAX_GAP + 1 + lcg(state) % 4)),
                4 => {
                    // A long block of prose that does not ask.
                    page.push('\n');
                    page.push_str(&"the river rose again ".repeat(40));
                    page.push('\n');
                }
                5 => page.push_str(&" ".repeat(MAX_GAP)),
                6 => page.push_str(&"\n".repeat(MAX_GAP + 1)),
                _ => page.push('\n'),
            }
        }
        (Arc::new(page), ranges)
    }

    /// The groups of trigger keywords each text holds, by a plain regex
    /// per group: the reference for the scan's marks.
    fn reference_groups(groups: &[regex::Regex], text: &str) -> Groups {
        groups
            .iter()
            .enumerate()
            .filter(|(_, group)| group.is_match(text))
            .fold(0, |all, (index, _)| all | 1 << index)
    }

    fn group_regexes() -> Vec<regex::Regex> {
        trigger_sources()
            .iter()
            .map(|source| regex::Regex::new(source).unwrap())
            .collect()
    }

    /// The page scan marks every block with the groups of every trigger it
    /// contains, as the search of the block alone finds them: over random pages, with three
    /// streams, runs cut by long gaps and long lines, matches that cross
    /// blocks, and an end-of-input match at every run's end. Where no run
    /// joins two blocks (`far_apart`) a match cannot come in from a block
    /// before, and the marks equal the per-block answers exactly.
    #[test]
    fn the_page_scan_marks_every_block_with_a_trigger() {
        let dfa = trigger_dfa();
        let groups = group_regexes();
        let mut trigger = TriggerCache::new(&dfa);
        let mut state = 5;
        let (mut blocks_seen, mut with_trigger, mut extra, mut multi_stream) = (0, 0, 0, 0);
        let mut seen_groups = 0;
        for round in 0..600 {
            let far_apart = round % 5 == 0;
            let (page, ranges) = random_page(&mut state, far_apart);
            let texts: Vec<(Text, usize)> = ranges
                .iter()
                .map(|&(start, content, end)| {
                    let text = Text::Shared {
                        buffer: page.clone(),
                        start,
                        end,
                    };
                    (text, content - start)
                })
                .collect();
            trigger.scan(
                &dfa,
                texts.iter().map(|(text, from)| (text, text.tail(*from))),
            );
            multi_stream += usize::from(texts.len() >= 3 * STREAMS);
            for &(_, content, end) in &ranges {
                let text = &page[content..end];
                let expected = reference_groups(&groups, text);
                let found = trigger.page.triggered(&page, content, end);
                assert!(found.is_some(), "{text:?} not scanned");
                let found = found.unwrap();
                assert_eq!(
                    found & expected,
                    expected,
                    "{text:?} has a trigger, in {page:?}"
                );
                if far_apart {
                    assert_eq!(found, expected, "{text:?}");
                }
                blocks_seen += 1;
                with_trigger += usize::from(expected != 0);
                extra += usize::from(found & !expected != 0);
                seen_groups |= expected;
            }
        }
        assert_eq!(seen_groups, ALL_GROUPS);
        // Not vacuous: both answers are common; marks of a match that
        // began in the block before are few.
        assert!(
            with_trigger > blocks_seen / 4,
            "{with_trigger} of {blocks_seen}"
        );
        assert!(
            with_trigger < blocks_seen * 9 / 10,
            "{with_trigger} of {blocks_seen}"
        );
        assert!(extra < blocks_seen / 20, "{extra} of {blocks_seen}");
        assert!(multi_stream > 300, "{multi_stream}");
    }

    /// Only the page scanned, and only its blocks, are answered: another
    /// buffer, a range that is no block, and a page after `clear` get
    /// `None` (the caller searches them itself).
    #[test]
    fn only_the_scanned_blocks_are_answered() {
        let dfa = trigger_dfa();
        let mut trigger = TriggerCache::new(&dfa);
        let page = Arc::new(String::from("Home | News\nThe river rose.\nRead on   "));
        let blocks = [(0, 11), (12, 27), (28, 38)];
        let texts: Vec<Text> = blocks
            .iter()
            .map(|&(start, end)| Text::Shared {
                buffer: page.clone(),
                start,
                end,
            })
            .collect();
        trigger.scan(&dfa, texts.iter().map(|text| (text, text.as_str())));
        let answers: Vec<_> = blocks
            .iter()
            .map(|&(start, end)| trigger.page.triggered(&page, start, end))
            .collect();
        // `|` is a keyword of the unanchored legal group and of the gated menus'.
        let bar = crate::patterns::FREE_LEGAL | crate::patterns::GATED_MENUS;
        assert_eq!(answers, [Some(bar), Some(0), Some(0)]);
        // Asked out of order, the answers are the same.
        assert_eq!(trigger.page.triggered(&page, 0, 11), Some(bar));
        assert_eq!(trigger.page.triggered(&page, 12, 27), Some(0));
        assert_eq!(trigger.page.triggered(&page, 12, 20), None);
        let copy = String::from(page.as_str());
        assert_eq!(trigger.page.triggered(&copy, 0, 11), None);
        trigger.page.clear();
        assert_eq!(trigger.page.triggered(&page, 0, 11), None);
    }

    /// A lazy DFA whose cache is too small for the trigger clears it again
    /// and again: the scan then gives up (never answers from stale state
    /// ids), and what it does answer is right.
    #[test]
    fn a_cleared_cache_ends_the_scan_safely() {
        const CAPACITY: usize = 140 << 10;
        let tiny = DFA::builder()
            .configure(
                DFA::config()
                    .match_kind(regex_automata::MatchKind::All)
                    .cache_capacity(CAPACITY)
                    .skip_cache_capacity_check(true)
                    .minimum_cache_clear_count(None),
            )
            .thompson(crate::patterns::no_captures())
            .build_many(&trigger_sources())
            .unwrap();
        let groups = group_regexes();
        let mut trigger = TriggerCache::new(&tiny);
        let mut state = 3;
        let (mut failed, mut answered) = (0, 0);
        for _ in 0..50 {
            let (page, ranges) = random_page(&mut state, false);
            let texts: Vec<Text> = ranges
                .iter()
                .map(|&(_, content, end)| Text::Shared {
                    buffer: page.clone(),
                    start: content,
                    end,
                })
                .collect();
            trigger.scan(&tiny, texts.iter().map(|text| (text, text.as_str())));
            for &(_, content, end) in &ranges {
                let text = &page[content..end];
                match trigger.page.triggered(&page, content, end) {
                    None => failed += 1,
                    Some(found) => {
                        answered += 1;
                        let expected = reference_groups(&groups, text);
                        assert_eq!(found & expected, expected, "{text:?}");
                    }
                }
            }
        }
        assert!(failed > 0 && trigger.cache.clear_count() > 0);
        // Pages whose few states fit the tiny cache are still scanned.
        assert!(answered > 50, "{answered}");
    }

    /// The trigger DFA has few states, far fewer than [`MAX_STATES`]: a
    /// walk over every byte class from the start state meets them all.
    #[test]
    fn the_trigger_has_far_fewer_states_than_the_table_limit() {
        let dfa = trigger_dfa();
        let mut cache = dfa.create_cache();
        let start = dfa.start_state(&mut cache, &start::Config::new()).unwrap();
        let mut seen_classes = std::collections::HashSet::new();
        let bytes: Vec<u8> = (0..=255u8)
            .filter(|&b| seen_classes.insert(dfa.byte_classes().get(b)))
            .collect();
        let mut seen = std::collections::HashSet::from([start]);
        let mut queue = vec![start];
        while let Some(state) = queue.pop() {
            for &byte in &bytes {
                let next = dfa.next_state(&mut cache, state, byte).unwrap();
                if seen.insert(next) {
                    queue.push(next);
                }
            }
        }
        assert_eq!(cache.clear_count(), 0);
        assert!(
            seen.len() > 100 && seen.len() * 4 < MAX_STATES,
            "{}",
            seen.len()
        );
    }
}
