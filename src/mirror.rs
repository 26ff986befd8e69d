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

use std::collections::HashMap;

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::hybrid::LazyStateID;
use regex_automata::util::start;
use regex_automata::Anchored;

/// An entry for a transition not copied yet.
const UNKNOWN: u16 = u16::MAX;
/// An entry for a transition to the dead state: the search is over.
const DEAD: u16 = u16::MAX - 1;
/// The bit of an entry whose state is a match state.
const MATCH: u16 = 1 << 15;
/// More states than the table holds before it starts over (the state
/// index must also stay below [`DEAD`] without the [`MATCH`] bit). The
/// word-led set's walks meet about 2 000 on a batch of real pages; at 448
/// bytes a row for that set, a full table is 3.5 MiB, beside the lazy
/// DFA's own cache of up to 32 MiB a thread.
const MAX_STATES: usize = 1 << 13;

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

/// The mirror of one pattern set's lazy DFA (see the module doc).
pub(crate) struct Mirror {
    /// `stride` entries per state: a state index, with [`MATCH`] if the
    /// state matches, or [`UNKNOWN`] or [`DEAD`].
    trans: Vec<u16>,
    /// What each state (by index) reports when it is entered: the set's
    /// bits of its match patterns (see `label`), 0 for a non-match state.
    labels: Vec<u16>,
    /// The lazy DFA's id of each state, by index.
    lazy: Vec<LazyStateID>,
    /// The index of each lazy state met.
    ids: HashMap<LazyStateID, u16>,
    /// The column of each byte; the end of input is column `eoi`.
    columns: [u8; 256],
    eoi: usize,
    /// Entries per row: a multiple of 32 (a 64-byte line) and an odd
    /// number of lines.
    stride: usize,
    /// The index of the start state.
    start: u16,
    /// Whether the walks are anchored (the set's own searches are).
    anchored: Anchored,
    /// The lazy cache's clear count the table was begun at.
    clears: usize,
    /// How many states the table holds before it starts over.
    max_states: usize,
    /// How many times the table started over: a walk's result never
    /// depends on it, only its cost (the tests read it).
    pub restarts: usize,
}

impl Mirror {
    /// An empty mirror of `dfa`, or `None` if its alphabet has more
    /// columns than a byte can name.
    pub fn new(dfa: &DFA, anchored: Anchored) -> Option<Mirror> {
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
        let lines = (eoi + 1).div_ceil(32) | 1;
        Some(Mirror {
            trans: Vec::new(),
            labels: Vec::new(),
            lazy: Vec::new(),
            ids: HashMap::new(),
            columns,
            eoi,
            stride: lines * 32,
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
    pub fn with_max_states(mut self, max_states: usize) -> Mirror {
        self.max_states = max_states;
        self
    }

    /// The union of the labels of every state the walk of `text` (from
    /// the set's start state, anchored or not) enters, the end-of-input step included, up to the dead state: with
    /// `label` giving a match state's pattern kinds, every kind that
    /// matches `text`.
    pub fn walk(
        &mut self,
        dfa: &DFA,
        cache: &mut Cache,
        text: &[u8],
        label: impl Fn(&Cache, LazyStateID) -> u16 + Copy,
    ) -> Result<u16, Failed> {
        self.prepare(dfa, cache, label)?;
        let mut state = usize::from(self.start);
        let mut found = 0;
        for &byte in text {
            // A `u8` index: the look-up compiles without a bounds check.
            let column = usize::from(self.columns.get(usize::from(byte)).copied().unwrap_or(0));
            let mut entry = self.entry(state, column);
            if entry >= DEAD {
                if entry == DEAD {
                    return Ok(found);
                }
                entry = self.build(dfa, cache, state, column, Some(byte), label)?;
                if entry == DEAD {
                    return Ok(found);
                }
            }
            let next = usize::from(entry & !MATCH);
            if entry & MATCH != 0 {
                found |= self.labels.get(next).copied().unwrap_or(0);
            }
            state = next;
        }
        let mut entry = self.entry(state, self.eoi);
        if entry == UNKNOWN {
            entry = self.build(dfa, cache, state, self.eoi, None, label)?;
        }
        if entry != DEAD && entry & MATCH != 0 {
            found |= self
                .labels
                .get(usize::from(entry & !MATCH))
                .copied()
                .unwrap_or(0);
        }
        Ok(found)
    }

    fn entry(&self, state: usize, column: usize) -> u16 {
        self.trans
            .get(state * self.stride + column)
            .copied()
            .unwrap_or(UNKNOWN)
    }

    /// Begins the table again if it is empty or the lazy cache was cleared.
    fn prepare(
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
        self.start = self.intern(cache, start, &label)? & !MATCH;
        Ok(())
    }

    /// The entry for `state` (an index) on `unit` (a byte, or the end of
    /// input), asked of the lazy DFA and copied.
    #[cold]
    fn build(
        &mut self,
        dfa: &DFA,
        cache: &mut Cache,
        state: usize,
        column: usize,
        unit: Option<u8>,
        label: impl Fn(&Cache, LazyStateID) -> u16,
    ) -> Result<u16, Failed> {
        let &from = self.lazy.get(state).ok_or(Failed)?;
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
        let slot = self
            .trans
            .get_mut(state * self.stride + column)
            .ok_or(Failed)?;
        *slot = entry;
        Ok(entry)
    }

    /// The entry for the lazy state `state`, copied into the table if new.
    fn intern(
        &mut self,
        cache: &Cache,
        state: LazyStateID,
        label: impl Fn(&Cache, LazyStateID) -> u16,
    ) -> Result<u16, Failed> {
        if state.is_dead() {
            return Ok(DEAD);
        }
        if state.is_quit() || state.is_unknown() {
            return Err(Failed);
        }
        let matches = if state.is_match() { MATCH } else { 0 };
        if let Some(&index) = self.ids.get(&state) {
            return Ok(index | matches);
        }
        let index = u16::try_from(self.lazy.len()).map_err(|_| Failed)?;
        self.trans.resize(self.trans.len() + self.stride, UNKNOWN);
        self.lazy.push(state);
        self.labels.push(if state.is_match() {
            label(cache, state)
        } else {
            0
        });
        self.ids.insert(state, index);
        Ok(index | matches)
    }
}
