//! A compact copy of the part of a pattern set's lazy DFA that the
//! searches have walked, for the many short searches of a page.
//!
//! Why: a search of the word-led set dies within a block's first word or
//! two, and the other sets' searches run through short blocks, so their
//! cost is not their steps but the cache lines those load, cold again by
//! the next block (the page's other work runs in between): a step waits
//! for its load, and the next step needs its result. The lazy
//! DFA's table has a row of 256 four-byte entries per state (its byte
//! classes, rounded up to a power of two): the rows start 1 KiB apart, so
//! the entries for a given byte in all states fall into a sixteenth of the
//! cache's sets and evict each other, and a state's letters spread over
//! several lines. Here a row holds two-byte entries, its columns ordered
//! so that lowercase letters, space and common punctuation share the
//! row's first line and capitals its second, and rows are an odd number of
//! lines apart, which spreads them over all sets.
//!
//! The table only mirrors what the lazy DFA answers: a transition not yet
//! copied is asked of it (and copied), so the walk gives the lazy DFA's
//! result byte for byte. When the lazy DFA's cache is cleared (its state
//! ids are then stale), or the table is full, the table starts over.
//!
//! The trigger's page scan (`trigger.rs`) keeps a mirror of the trigger DFA
//! too, with four-byte entries (see [`Entry`]) and its own loop over the
//! table ([`Mirror::table`]).

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::hybrid::LazyStateID;
use regex_automata::util::start;
use regex_automata::Anchored;

use crate::hash::{FoldMap, FOLD};

/// How a table entry names the state a transition leads to, with a bit
/// for a match state and two values for the rare cases a walk leaves its
/// loop for: a transition not copied yet, and the dead state.
///
/// Two forms: `u16`, the state's index (a step multiplies it by the row
/// length), for the pattern sets, whose rows are wide and whose walks are
/// short; and `u32`, the position of the state's row in the table
/// ("premultiplied"), for the trigger's page scan (see `trigger.rs`),
/// whose loop steps three streams at once and wants each step to be one
/// load and one add.
pub(crate) trait Entry: Copy + PartialEq + PartialOrd {
    /// A transition not copied yet.
    const UNKNOWN: Self;
    /// A transition to the dead state: the search is over.
    const DEAD: Self;
    /// The entry of the state at `index` in rows of `stride` entries,
    /// marked as a match state if `matches`; `None` if it does not fit.
    fn of(index: usize, stride: usize, matches: bool) -> Option<Self>;
    /// Whether the entry (below [`Entry::DEAD`]) leads to a match state.
    fn matches(self) -> bool;
    /// The position of the first entry of the row of the state the entry
    /// (below [`Entry::DEAD`]) leads to.
    fn row(self, stride: usize) -> usize;
    /// The index of that state.
    fn index(self, stride: usize) -> usize;
}

impl Entry for u16 {
    const UNKNOWN: u16 = u16::MAX;
    const DEAD: u16 = u16::MAX - 1;

    fn of(index: usize, _stride: usize, matches: bool) -> Option<u16> {
        // Clear of the match bit, and below DEAD with it set.
        let index = u16::try_from(index)
            .ok()
            .filter(|&i| i < MATCH_16 && i | MATCH_16 < Self::DEAD)?;
        Some(if matches { index | MATCH_16 } else { index })
    }

    fn matches(self) -> bool {
        self & MATCH_16 != 0
    }

    fn row(self, stride: usize) -> usize {
        self.index(stride) * stride
    }

    fn index(self, _stride: usize) -> usize {
        usize::from(self & !MATCH_16)
    }
}

impl Entry for u32 {
    const UNKNOWN: u32 = u32::MAX;
    const DEAD: u32 = u32::MAX - 1;

    fn of(index: usize, stride: usize, matches: bool) -> Option<u32> {
        let row = index.checked_mul(stride)?;
        let row = u32::try_from(row)
            .ok()
            .filter(|&r| r < MATCH_32 && r | MATCH_32 < Self::DEAD)?;
        Some(if matches { row | MATCH_32 } else { row })
    }

    fn matches(self) -> bool {
        self & MATCH_32 != 0
    }

    fn row(self, _stride: usize) -> usize {
        (self & !MATCH_32) as usize
    }

    fn index(self, stride: usize) -> usize {
        self.row(stride) / stride.max(1)
    }
}

/// The match bit of a `u16` entry.
const MATCH_16: u16 = 1 << 15;
/// The match bit of a `u32` entry. [`Entry::UNKNOWN`] and [`Entry::DEAD`]
/// have it too: a loop over the table leaves for every entry at or above
/// it (see `trigger.rs`).
pub(crate) const MATCH_32: u32 = 1 << 31;

/// More states than the table holds before it starts over. The word-led
/// set's walks meet about 2 000 on a batch of real pages, the trigger a few
/// hundred; at 448 bytes a row for the word-led set, a full table is
/// 3.5 MiB (4 MiB allocated: the length is kept a power of two), beside
/// the lazy DFA's own cache of up to 32 MiB a thread.
pub(crate) const MAX_STATES: usize = 1 << 13;
// Every index of a full table has a `u16` entry (see `Entry::of`).
const _: () = assert!(MAX_STATES <= 0x7FFD);

/// Bytes in the order their columns are laid out: the bytes a block most
/// often starts with first, so that a walk through a word loads one line
/// of the state's row.
fn column_order() -> impl Iterator<Item = u8> {
    (b'a'..=b'z')
        .chain(*b" .,:;-'!?")
        .chain(b'A'..=b'Z')
        .chain(b'0'..=b'9')
        .chain(0..=u8::MAX)
}

/// The walk could not be finished on the table: the lazy DFA failed (a
/// quit byte, a cache that gave up), cleared its cache during the walk, or
/// the table is full. The caller asks the lazy DFA's own search.
#[derive(Debug)]
pub(crate) struct Failed;

/// The mirror of one lazy DFA (see the module doc), with entries of type
/// `E` (see [`Entry`]).
pub(crate) struct Mirror<E> {
    /// `stride` entries per state (see [`Entry`]), or [`Entry::UNKNOWN`] or
    /// [`Entry::DEAD`].
    trans: Vec<E>,
    /// What each state (by index) reports when it is entered: the bits
    /// `label` gives a match state (the set's pattern kinds, the
    /// trigger's groups), 0 for a non-match state.
    labels: Vec<u16>,
    /// The lazy DFA's id of each state, by index.
    lazy: Vec<LazyStateID>,
    /// The entry of each lazy state met. (Hashed by `foldhash`: the
    /// standard SipHash costs more than the rest of a look-up, and a
    /// table of states the patterns' automata name needs no defence
    /// against chosen keys.)
    ids: FoldMap<LazyStateID, E>,
    /// The column of each byte; the end of input is column `eoi`.
    columns: [u8; 256],
    eoi: usize,
    /// Entries per row: an odd number of 64-byte lines.
    stride: usize,
    /// The row of the start state.
    start: usize,
    /// Whether the walks are anchored.
    anchored: Anchored,
    /// The lazy cache's clear count the table was begun at.
    clears: usize,
    /// How many states the table holds before it starts over.
    max_states: usize,
    /// How many times the table started over: a walk's result never
    /// depends on it, only its cost (the tests read it).
    pub restarts: usize,
}

impl<E: Entry> Mirror<E> {
    /// An empty mirror of `dfa`, or `None` if its alphabet has more
    /// columns than a byte can name.
    pub fn new(dfa: &DFA, anchored: Anchored) -> Option<Mirror<E>> {
        let classes = dfa.byte_classes();
        let mut column_of_class = vec![u8::MAX; classes.alphabet_len()];
        let mut next = 0u8;
        for byte in column_order() {
            let class = usize::from(classes.get(byte));
            let slot = column_of_class.get_mut(class)?;
            if *slot == u8::MAX {
                *slot = next;
                next = next.checked_add(1)?;
            }
        }
        let mut columns = [0u8; 256];
        for (byte, column) in (0..=u8::MAX).zip(columns.iter_mut()) {
            *column = *column_of_class.get(usize::from(classes.get(byte)))?;
        }
        let eoi = usize::from(next);
        let size = std::mem::size_of::<E>();
        let lines = ((eoi + 1) * size).div_ceil(64) | 1;
        Some(Mirror {
            trans: Vec::new(),
            labels: Vec::new(),
            lazy: Vec::new(),
            ids: FoldMap::with_hasher(FOLD),
            columns,
            eoi,
            stride: lines * 64 / size,
            start: 0,
            anchored,
            clears: usize::MAX,
            max_states: MAX_STATES,
            restarts: 0,
        })
    }

    /// The mirror with room for `max_states` states only, for the tests of
    /// its restarts.
    #[cfg(test)]
    pub fn with_max_states(mut self, max_states: usize) -> Mirror<E> {
        self.max_states = max_states;
        self
    }

    /// The union of the labels of every state the walk of `text` (from
    /// the start state, anchored or not) enters, the end-of-input step
    /// included, up to the dead state: with `label` giving a match state's
    /// pattern kinds, every kind that matches `text`.
    pub fn walk(
        &mut self,
        dfa: &DFA,
        cache: &mut Cache,
        text: &[u8],
        label: impl Fn(&Cache, LazyStateID) -> u16 + Copy,
    ) -> Result<u16, Failed> {
        self.prepare(dfa, cache, label)?;
        let mut row = self.start;
        let mut found = 0;
        for &byte in text {
            let column = self.column(byte);
            let mut entry = self.trans.get(row + column).copied().unwrap_or(E::UNKNOWN);
            if entry >= E::DEAD {
                if entry == E::UNKNOWN {
                    entry = self.build(dfa, cache, row, column, Some(byte), label)?;
                }
                if entry == E::DEAD {
                    return Ok(found);
                }
            }
            row = entry.row(self.stride);
            if entry.matches() {
                found |= self.label_of(entry);
            }
        }
        let entry = self.step(dfa, cache, row, self.eoi, None, label)?;
        if entry != E::DEAD && entry.matches() {
            found |= self.label_of(entry);
        }
        Ok(found)
    }

    /// The column of `byte`.
    #[inline(always)]
    pub fn column(&self, byte: u8) -> usize {
        // A `u8` index: the look-up compiles without a bounds check.
        usize::from(self.columns.get(usize::from(byte)).copied().unwrap_or(0))
    }

    /// The column of the end-of-input transition.
    pub fn eoi(&self) -> usize {
        self.eoi
    }

    /// The table: the entry for the transition from the state whose row
    /// starts at `row` on column `column` is at `row + column`. Its length
    /// is a power of two (or zero).
    pub fn table(&self) -> &[E] {
        &self.trans
    }

    /// The row of the start state (after [`Mirror::prepare`]).
    pub fn start(&self) -> usize {
        self.start
    }

    /// The label of the state `entry` (below [`Entry::DEAD`]) leads to.
    pub fn label_of(&self, entry: E) -> u16 {
        self.labels
            .get(entry.index(self.stride))
            .copied()
            .unwrap_or(0)
    }

    /// Makes the table ready for walks with `cache`: started, and begun
    /// again if it is empty or the lazy cache was cleared since it began.
    pub fn prepare(
        &mut self,
        dfa: &DFA,
        cache: &mut Cache,
        label: impl Fn(&Cache, LazyStateID) -> u16,
    ) -> Result<(), Failed> {
        if !self.lazy.is_empty() && self.clears == cache.clear_count() {
            return Ok(());
        }
        self.restarts += usize::from(!self.lazy.is_empty() || self.clears != usize::MAX);
        self.trans.clear();
        self.labels.clear();
        self.lazy.clear();
        self.ids.clear();
        self.clears = cache.clear_count();
        let start = dfa
            .start_state(cache, &start::Config::new().anchored(self.anchored))
            .map_err(|_| Failed)?;
        let start = self.intern(cache, start, &label)?;
        if start == E::DEAD {
            // A start state that is dead has no row; no set's is.
            self.lazy.clear();
            return Err(Failed);
        }
        self.start = start.row(self.stride);
        Ok(())
    }

    /// Makes the next [`Mirror::prepare`] begin the table again (after a
    /// walk of the caller's own failed half-way).
    pub fn reset(&mut self) {
        self.lazy.clear();
    }

    /// The entry for the state whose row starts at `row` on `column`
    /// (`unit` being the byte of that column, or `None` for the end of
    /// input): the table's, or, for a transition not copied yet, the lazy
    /// DFA's, copied. (A loop over [`Mirror::table`] reads the table
    /// itself, and comes here for what it cannot read there.)
    pub fn step(
        &mut self,
        dfa: &DFA,
        cache: &mut Cache,
        row: usize,
        column: usize,
        unit: Option<u8>,
        label: impl Fn(&Cache, LazyStateID) -> u16,
    ) -> Result<E, Failed> {
        match self.trans.get(row + column) {
            Some(&entry) if entry != E::UNKNOWN => Ok(entry),
            _ => self.build(dfa, cache, row, column, unit, label),
        }
    }

    /// [`Mirror::step`] for a transition not copied yet: asked of the lazy
    /// DFA and copied.
    #[cold]
    fn build(
        &mut self,
        dfa: &DFA,
        cache: &mut Cache,
        row: usize,
        column: usize,
        unit: Option<u8>,
        label: impl Fn(&Cache, LazyStateID) -> u16,
    ) -> Result<E, Failed> {
        let &from = self.lazy.get(row / self.stride.max(1)).ok_or(Failed)?;
        let next = match unit {
            Some(byte) => dfa.next_state(cache, from, byte),
            None => dfa.next_eoi_state(cache, from),
        }
        .map_err(|_| Failed)?;
        if cache.clear_count() != self.clears || self.lazy.len() >= self.max_states {
            // The ids copied are stale, or the table is full: this walk
            // ends on the lazy DFA's own search, the next begins anew.
            self.lazy.clear();
            return Err(Failed);
        }
        let entry = self.intern(cache, next, &label)?;
        let slot = self.trans.get_mut(row + column).ok_or(Failed)?;
        *slot = entry;
        Ok(entry)
    }

    /// The entry for the lazy state `state`, copied into the table if new.
    fn intern(
        &mut self,
        cache: &Cache,
        state: LazyStateID,
        label: impl Fn(&Cache, LazyStateID) -> u16,
    ) -> Result<E, Failed> {
        if state.is_dead() {
            return Ok(E::DEAD);
        }
        if state.is_quit() || state.is_unknown() {
            return Err(Failed);
        }
        if let Some(&entry) = self.ids.get(&state) {
            return Ok(entry);
        }
        let entry = E::of(self.lazy.len(), self.stride, state.is_match()).ok_or(Failed)?;
        // The table's length is kept a power of two (its rows past the last
        // state unknown), so that the trigger scan's loop can mask its
        // indices into it rather than test them (see [`Mirror::table`]).
        let end = (self.lazy.len() + 1) * self.stride;
        if self.trans.len() < end {
            self.trans.resize(end.next_power_of_two(), E::UNKNOWN);
        }
        self.lazy.push(state);
        self.labels.push(if state.is_match() {
            label(cache, state)
        } else {
            0
        });
        self.ids.insert(state, entry);
        Ok(entry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every entry `of` gives names its state and match bit back, and none,
    /// match bit or not, is taken for "unknown" or "dead": the largest
    /// index each form takes is refused one further on.
    #[test]
    fn entries_never_collide_with_the_special_values() {
        fn check<E: Entry + std::fmt::Debug>(stride: usize, largest: usize) {
            for index in [0, 1, largest / 2, largest] {
                for matches in [false, true] {
                    let entry = E::of(index, stride, matches).unwrap();
                    assert!(entry < E::DEAD, "{index} {matches} {entry:?}");
                    assert_eq!(entry.matches(), matches);
                    assert_eq!(entry.index(stride), index);
                    assert_eq!(entry.row(stride), index * stride);
                }
            }
            assert!(E::of(largest + 1, stride, true).is_none());
            assert!(E::of(largest + 1, stride, false).is_none());
        }
        check::<u16>(224, 0x7FFD);
        assert!(u16::of(0x8001, 224, false).is_none());
        // The last row that starts below the match bit, in rows of 112
        // entries (one further starts above it).
        check::<u32>(112, ((1 << 31) - 1) / 112);
        // At a stride of one, the match bit itself, and the two values
        // below "unknown" and "dead" with it set, are refused.
        check::<u32>(1, (1 << 31) - 3);
    }
}
