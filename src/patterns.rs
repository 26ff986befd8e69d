//! Pattern sets: phrases that mark a block as a known kind of boilerplate.
//!
//! Each pattern belongs to one [`Pattern`] kind. They are compiled once into
//! four sets, each one lazy DFA that finds every pattern of the set a block
//! matches (what a [`RegexSet`] answers): the anchored patterns that start
//! with words, tried on every short block; and three sets tried only on
//! blocks that contain a keyword of the set's group of [`TRIGGER_GROUPS`]
//! (a fifth, small DFA, which searches a text page's buffer once rather
//! than each block: see [`Matcher`]), which every one of their patterns
//! needs: the anchored patterns that span the line, the unanchored ones,
//! and the anchored ones that start with a number or any word
//! ([`starts_with_a_shape`]). How a pattern is written decides its set; no
//! result depends on the split (see the tests).
//! Patterns are general phrases of the web (“accept all cookies”, “share on”,
//! “all rights reserved”) in English, German, French, Spanish, Italian,
//! Portuguese and Dutch; none names a site.

use std::cell::RefCell;
use std::sync::OnceLock;

use regex::RegexSet;
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::hybrid::LazyStateID;
use regex_automata::nfa::thompson;
use regex_automata::util::{start, syntax};
use regex_automata::{Anchored, Input, MatchError, MatchKind};

use crate::document::Text;
use crate::mirror::Mirror;
use crate::trigger::TriggerCache;

/// A kind of boilerplate phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Pattern {
    /// Cookie and consent banners.
    Consent,
    /// Share buttons, "follow us".
    Share,
    /// Menus, "skip to content", breadcrumbs, pagination.
    Navigation,
    /// Copyright, terms, privacy, imprint.
    Legal,
    /// Headers of related-article lists: "Related", "Most read", "See also".
    Related,
    /// Comment forms and threads.
    Comments,
    /// Subscribe, newsletter, sign in, advertisement.
    Promo,
    /// Bylines: "By Jane Doe", "Von", "Par", "Por".
    Byline,
    /// Datelines, dates, reading times, "updated".
    Dateline,
    /// A phrase after which the article is over ("Leave a reply", "Share this article").
    EndOfArticle,
    /// Tag and topic lists ("Tags: …", "Schlagwörter: …").
    Tags,
}

impl Pattern {
    /// Every kind, in declaration order.
    #[allow(dead_code)] // used by the explain output of pattern hits and the tests
    pub(crate) const ALL: [Pattern; 11] = [
        Pattern::Consent,
        Pattern::Share,
        Pattern::Navigation,
        Pattern::Legal,
        Pattern::Related,
        Pattern::Comments,
        Pattern::Promo,
        Pattern::Byline,
        Pattern::Dateline,
        Pattern::EndOfArticle,
        Pattern::Tags,
    ];

    /// The tag used in a block's reasons.
    pub fn reason(self) -> &'static str {
        match self {
            Pattern::Consent => "pattern:consent",
            Pattern::Share => "pattern:share",
            Pattern::Navigation => "pattern:navigation",
            Pattern::Legal => "pattern:legal",
            Pattern::Related => "pattern:related",
            Pattern::Comments => "pattern:comments",
            Pattern::Promo => "pattern:promo",
            Pattern::Byline => "pattern:byline",
            Pattern::Dateline => "pattern:dateline",
            Pattern::EndOfArticle => "pattern:end-of-article",
            Pattern::Tags => "pattern:tags",
        }
    }
}

/// The set of [`Pattern`] kinds a block matched.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct PatternHits(u16);

impl PatternHits {
    /// True if the block matched a pattern of this kind.
    pub fn has(self, pattern: Pattern) -> bool {
        self.0 & (1 << pattern as u8) != 0
    }

    /// True if no pattern matched.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    fn insert(&mut self, pattern: Pattern) {
        self.0 |= 1 << pattern as u8;
    }

    /// The kinds matched, in [`Pattern`] order.
    #[allow(dead_code)]
    pub fn iter(self) -> impl Iterator<Item = Pattern> {
        Pattern::ALL.into_iter().filter(move |p| self.has(*p))
    }
}

/// Blocks longer than this are prose or junk; no boilerplate phrase decides them.
const MAX_MATCHED_CHARS: usize = 600;

/// Anchored patterns (`^…`) describe a whole short block or its start; they
/// are tried on blocks up to this many characters.
const ANCHORED_MAX_CHARS: usize = 200;

/// The keyword groups a block holds, as found by the trigger DFA: bit `g`
/// for group `g` of [`TRIGGER_GROUPS`].
pub(crate) type Groups = u8;

/// The group of [`FREE_CONSENT_TRIGGERS`].
const FREE_CONSENT: Groups = 1 << 0;
/// The group of [`FREE_LEGAL_TRIGGERS`].
pub(crate) const FREE_LEGAL: Groups = 1 << 5;
/// The group of [`FREE_READER_TRIGGERS`].
const FREE_READER: Groups = 1 << 6;
/// The groups of the unanchored patterns, one set of patterns each (see
/// [`Patterns::free`]).
const FREE_GROUPS: [Groups; 3] = [FREE_CONSENT, FREE_LEGAL, FREE_READER];
/// Any of them.
pub(crate) const FREE: Groups = FREE_CONSENT | FREE_LEGAL | FREE_READER;
/// The group of [`GATED_MENU_TRIGGERS`].
pub(crate) const GATED_MENUS: Groups = 1 << 1;
/// The group of [`SHAPED_TRIGGERS`].
pub(crate) const SHAPED: Groups = 1 << 2;
/// The group of [`GATED_COMMENT_TRIGGERS`].
const GATED_COMMENTS: Groups = 1 << 3;
/// The group of [`GATED_NOTICE_TRIGGERS`].
const GATED_NOTICES: Groups = 1 << 4;
/// The groups of the patterns that span the line, one set of patterns each
/// (see [`Patterns::gated`]).
const GATED_GROUPS: [Groups; 3] = [GATED_MENUS, GATED_COMMENTS, GATED_NOTICES];
/// Any of them.
pub(crate) const GATED: Groups = GATED_MENUS | GATED_COMMENTS | GATED_NOTICES;
/// Every group: the answer when the trigger search fails, so that a
/// failure costs speed, never a result.
pub(crate) const ALL_GROUPS: Groups = FREE | GATED | SHAPED;

// Keywords without which no unanchored pattern can match: the unanchored
// patterns, with their many `.*`, run through the whole block, and are
// tried only on blocks that hold one of these. Every such pattern must
// contain one of its group's (the unit test
// `every_gated_pattern_needs_its_trigger_group` proves it on the
// automata). Each keyword is as narrow as the patterns allow, since every
// block that holds one is walked: "share on", not "share "; "your
// privacy", as the pattern of "privacy" and a `|` is gated by the `|`;
// "inbox", as every pattern of "newsletter" also holds "subscribe", "sign
// up" or "inbox". Three groups, each with its own set of the patterns that
// need it (see `Patterns::free`), so that a block walks only the small
// automata of the groups it holds.

/// Cookie banners and consent.
const FREE_CONSENT_TRIGGERS: &str = r"cookie|privatsphäre|your privacy|tua privacy|vie privée|privacidad|accepter|refuser|aceptar|rechazar|accetta|rifiuta|aceitar|rejeitar|by using|by continuing|by browsing|you agree|akzeptieren|zustimmen|einwilligung|datenschutzeinstellungen";
/// Legal footers: copyright, registration, the `|` of a row of legal links.
const FREE_LEGAL_TRIGGERS: &str = r"registered|company (number|no|registration)|handelsregister|\||©|\(c\)|copyright|rights reserved|vorbehalten|réservés|reservados|riservati|voorbehouden";
/// Subscriptions, sharing, reading times.
const FREE_READER_TRIGGERS: &str = r"abonnenten|abonnés|suscriptores|abbonati|assinantes|abonnees|this (message|e-?mail)|share (this|on|via)|follow us|inbox|subscribe|sign up|min(ute)?s?\s+read";

// Keywords without which no anchored pattern that spans the whole line
// (see `spans_the_line`) can match: those shapes keep an anchored search
// alive to the block's last byte. (Separate from the unanchored groups: a menu
// line of `|` or `»` needs these, not the unanchored group.) As narrow as
// those patterns allow: "comments", not "comment"; "…" only before "more"
// and its kin. They come in three groups, each with its own set of the
// patterns that need it (see `Patterns::gated`): a menu line is walked
// through the two menu patterns only, not through the product of all
// fourteen, whose automaton has thousands of states to build and to miss
// in the cache.

/// The separators of a menu or a breadcrumb trail.
const GATED_MENU_TRIGGERS: &str = r" / |[|›»>]";
/// The words for comments.
const GATED_COMMENT_TRIGGERS: &str =
    r"comments|commentaires|commenti|kommentare|comentarios|comentários|reacties";
/// The rest: share words, notices, credits.
const GATED_NOTICE_TRIGGERS: &str = r"teilen|partager|compartir|condividi|compartilhar|delen|…\s*(mehr|more|weiterlesen|read more|plus|más)|is not responsible|canal de|exklusive|nichts mehr|lesen oder verschenken|abo oder einzelheft|als e-paper|\((foto|photo|bild|image|credit)|©|newsletter";

/// What the anchored patterns that start with a number or with any words
/// ([`starts_with_a_shape`]) need, with a digit ([`may_hold_a_digit`]): the
/// verb of `name says:`. Those patterns keep the search of every block alive
/// for its first two or three words, whatever they are; apart, the
/// word-led set's searches die within the first word. (Digits are counted
/// by `features` rather than found by the trigger: as keywords, each digit
/// of a page would end a match, and the page scan's fast loop with it.)
const SHAPED_TRIGGERS: &str = r"says|said|wrote";

/// The trigger DFA's patterns, one per group: pattern `g` is group `g`.
pub(crate) const TRIGGER_GROUPS: [&str; 7] = [
    FREE_CONSENT_TRIGGERS,
    GATED_MENU_TRIGGERS,
    SHAPED_TRIGGERS,
    GATED_COMMENT_TRIGGERS,
    GATED_NOTICE_TRIGGERS,
    FREE_LEGAL_TRIGGERS,
    FREE_READER_TRIGGERS,
];

/// Lazy DFA cache per pattern set and thread; the three anchored sets share
/// one such budget (see [`Patterns::compile`]).
const DFA_CACHE_BYTES: usize = 32 << 20;

/// One set of patterns as a lazy DFA that reports every pattern that
/// matches (the semantics of a `RegexSet`), and the kind of each pattern.
///
/// The DFA is used directly rather than through `regex::RegexSet`: a set
/// only ever asks "which patterns match", which the forward DFA answers
/// alone, so the reverse automaton, the capture engines and the per-call
/// set-up of the general regex engine are neither built nor paid for
/// (about half the start-up time and a good share of the per-block cost).
struct PatternSet {
    dfa: DFA,
    kinds: Vec<Pattern>,
    /// `Anchored::Yes` for the set of `^…` patterns: the search starts at
    /// the first byte and stops as soon as no pattern can match any more.
    anchored: Anchored,
    /// The same patterns as a `RegexSet`, built only if the DFA ever
    /// reports an error (it cannot with these patterns: they use ASCII word
    /// boundaries only, and the cache never gives up), so that an error
    /// costs speed, never a result.
    fallback: OnceLock<Option<RegexSet>>,
    sources: Vec<String>,
}

impl PatternSet {
    fn new(
        sources: Vec<String>,
        kinds: Vec<Pattern>,
        anchored: Anchored,
        cache_bytes: usize,
    ) -> PatternSet {
        let config = DFA::config()
            .match_kind(MatchKind::All)
            .cache_capacity(cache_bytes)
            // The general engine's default: never give up on a busy cache.
            .minimum_cache_clear_count(None);
        // The sources are constants checked by the unit tests below; a
        // failure here is a bug in this file, never a consequence of input.
        #[allow(clippy::expect_used)]
        let dfa = DFA::builder()
            .configure(config)
            .syntax(syntax::Config::new().utf8(true).unicode(true))
            .thompson(no_captures())
            .build_many(&sources)
            .expect("built-in patterns compile");
        PatternSet {
            dfa,
            kinds,
            anchored,
            fallback: OnceLock::new(),
            sources,
        }
    }

    /// Adds the kind of every pattern of the set that matches `text` to `hits`.
    fn add_matches(&self, cache: &mut Cache, text: &str, hits: &mut PatternHits) {
        // Most blocks match no pattern: a yes/no search, which stops early
        // and needs no per-pattern bookkeeping, answers for them, and only
        // the few that match pay for the walk that names the kinds.
        let input = Input::new(text).anchored(self.anchored).earliest(true);
        let found = match self.dfa.try_search_fwd(cache, &input) {
            Ok(None) => return,
            Ok(Some(_)) => self.walk(cache, text, hits),
            Err(err) => Err(err),
        };
        if found.is_err() {
            self.add_fallback_matches(text, hits);
        }
    }

    /// Walks the lazy DFA through `text` once, byte by byte, adding the
    /// kinds of the patterns of every match state it passes: the union of
    /// all matches, what `try_which_overlapping_matches` answers, in one
    /// pass. That search, re-entered once per match and pattern, cost the
    /// one block in ten of the anchored set that matches as many
    /// instructions as the yes/no search of all blocks.
    ///
    /// A lazy DFA reports a match one byte late (look-around needs the next
    /// byte), hence the match states after each byte and after the
    /// end-of-input transition.
    ///
    /// # Errors
    ///
    /// The lazy DFA's own errors (a quit byte, a cache that gave up), which
    /// these patterns and cache settings never cause; the caller then asks
    /// the fallback set.
    fn walk(
        &self,
        cache: &mut Cache,
        text: &str,
        hits: &mut PatternHits,
    ) -> Result<(), MatchError> {
        // The search starts at the text's start: no byte looks behind.
        let start = start::Config::new().anchored(self.anchored);
        let mut state = self
            .dfa
            .start_state(cache, &start)
            .map_err(|_| MatchError::gave_up(0))?;
        for (at, &byte) in text.as_bytes().iter().enumerate() {
            state = self
                .dfa
                .next_state(cache, state, byte)
                .map_err(|_| MatchError::gave_up(at))?;
            if state.is_tagged() {
                if state.is_match() {
                    self.add_kinds(cache, state, hits);
                } else if state.is_dead() {
                    return Ok(());
                } else if state.is_quit() {
                    return Err(MatchError::quit(byte, at));
                }
            }
        }
        let state = self
            .dfa
            .next_eoi_state(cache, state)
            .map_err(|_| MatchError::gave_up(text.len()))?;
        if state.is_match() {
            self.add_kinds(cache, state, hits);
        }
        Ok(())
    }

    /// [`PatternSet::add_matches`], answered by a walk of the set's
    /// [`Mirror`] (see `mirror.rs`), or by the lazy DFA's own search when
    /// the mirror cannot (its alphabet is too wide, its table is full, or
    /// the lazy DFA failed or cleared its cache during the walk).
    fn add_mirrored(&self, cache: &mut SetCache, text: &str, hits: &mut PatternHits) {
        if let Some(mirror) = cache.mirror.as_mut() {
            let label = |cache: &Cache, state| {
                let mut kinds = PatternHits::default();
                self.add_kinds(cache, state, &mut kinds);
                kinds.0
            };
            if let Ok(found) = mirror.walk(&self.dfa, &mut cache.lazy, text.as_bytes(), label) {
                hits.0 |= found;
                return;
            }
        }
        self.add_matches(&mut cache.lazy, text, hits);
    }

    /// A thread's cache for this set.
    fn create_cache(&self) -> SetCache {
        SetCache {
            lazy: self.dfa.create_cache(),
            mirror: Mirror::new(&self.dfa, self.anchored),
        }
    }

    /// Adds the kinds of the patterns that match in the match state `state`.
    fn add_kinds(&self, cache: &Cache, state: LazyStateID, hits: &mut PatternHits) {
        for index in 0..self.dfa.match_len(cache, state) {
            let id = self.dfa.match_pattern(cache, state, index);
            if let Some(kind) = self.kinds.get(id.as_usize()) {
                hits.insert(*kind);
            }
        }
    }

    #[cold]
    fn add_fallback_matches(&self, text: &str, hits: &mut PatternHits) {
        let set = self.fallback.get_or_init(|| {
            regex::RegexSetBuilder::new(&self.sources)
                .dfa_size_limit(DFA_CACHE_BYTES)
                .build()
                .ok()
        });
        for index in set.iter().flat_map(|set| set.matches(text).into_iter()) {
            if let Some(kind) = self.kinds.get(index) {
                hits.insert(*kind);
            }
        }
    }
}

/// [`TRIGGER_GROUPS`] as a lazy DFA, one pattern per group.
pub(crate) fn trigger_dfa() -> DFA {
    // A constant checked by the unit tests; see `PatternSet::new`.
    #[allow(clippy::expect_used)]
    DFA::builder()
        .configure(
            DFA::config()
                // Every match end, for the page scan (`trigger.rs`): with
                // leftmost-first semantics the search stops looking for new
                // matches once one has begun.
                .match_kind(MatchKind::All)
                .cache_capacity(DFA_CACHE_BYTES)
                .minimum_cache_clear_count(None),
        )
        .thompson(no_captures())
        .build_many(&trigger_sources())
        .expect("trigger compiles")
}

/// The patterns of [`trigger_dfa`]: the groups, case-insensitive.
pub(crate) fn trigger_sources() -> Vec<String> {
    TRIGGER_GROUPS
        .iter()
        .map(|group| format!("(?i){group}"))
        .collect()
}

/// The groups whose patterns match in the trigger's match state `state`
/// (which must be a match state).
pub(crate) fn match_groups(trigger: &DFA, cache: &Cache, state: LazyStateID) -> Groups {
    (0..trigger.match_len(cache, state))
        .map(|index| trigger.match_pattern(cache, state, index).as_usize())
        .fold(0, |groups, group| groups | 1 << group)
}

/// The automaton settings of every DFA here: no capture states, which a
/// DFA never reports and which only lengthen the automaton's compilation
/// and every step of building a DFA state from it.
pub(crate) fn no_captures() -> thompson::Config {
    thompson::Config::new().which_captures(thompson::WhichCaptures::None)
}

/// A thread's cache for one pattern set: the lazy DFA's, and the compact
/// copy of it the searches walk (`None` if the set's alphabet is too wide
/// for one; see `mirror.rs`).
struct SetCache {
    lazy: Cache,
    mirror: Option<Mirror<u16>>,
}

/// The lazy DFAs' caches of one thread (a DFA is shared, its cache of
/// built states is per search): the pattern sets are the one process-wide
/// [`Patterns::get`], so one set of caches per thread serves every search.
struct Caches {
    anchored: SetCache,
    /// `None` until the first triggered block (see [`LazySet`]).
    /// One for each group of [`GATED_GROUPS`].
    gated: [Option<SetCache>; 3],
    /// One for each group of [`FREE_GROUPS`].
    free: [Option<SetCache>; 3],
    shaped: Option<SetCache>,
    trigger: TriggerCache,
}

/// A pattern set compiled on its first use: the gated and the unanchored
/// sets are searched only in blocks that contain a trigger, and a run on a
/// page (or a set of pages) without one need not pay for compiling them,
/// nor for their caches. The sources are split at start-up, so that which
/// set a pattern belongs to never depends on the input.
struct LazySet {
    set: OnceLock<PatternSet>,
    sources: Vec<String>,
    kinds: Vec<Pattern>,
    anchored: Anchored,
    cache_bytes: usize,
}

impl LazySet {
    fn new(
        (sources, kinds): (Vec<String>, Vec<Pattern>),
        anchored: Anchored,
        cache_bytes: usize,
    ) -> LazySet {
        LazySet {
            set: OnceLock::new(),
            sources,
            kinds,
            anchored,
            cache_bytes,
        }
    }

    fn get(&self) -> &PatternSet {
        self.set.get_or_init(|| {
            PatternSet::new(
                self.sources.clone(),
                self.kinds.clone(),
                self.anchored,
                self.cache_bytes,
            )
        })
    }

    /// [`PatternSet::add_matches`], with the thread's cache for this set
    /// created on first use.
    fn add_matches(&self, cache: &mut Option<SetCache>, text: &str, hits: &mut PatternHits) {
        let set = self.get();
        let cache = cache.get_or_insert_with(|| set.create_cache());
        set.add_mirrored(cache, text, hits);
    }
}

thread_local! {
    static CACHES: RefCell<Option<Caches>> = const { RefCell::new(None) };
}

/// The compiled pattern sets.
pub(crate) struct Patterns {
    /// The anchored patterns that start with words: a search in them dies
    /// within the block's first few words.
    anchored: PatternSet,
    /// The anchored patterns that span the line ([`spans_the_line`]), as
    /// one set for each group of [`GATED_GROUPS`]: a block is searched in
    /// the sets of the groups whose keywords it holds.
    gated: [LazySet; 3],
    /// The unanchored patterns, as one set for each group of
    /// [`FREE_GROUPS`]: a block is searched in the sets of the groups whose
    /// keywords it holds.
    free: [LazySet; 3],
    /// The anchored patterns that start with a number or any words
    /// ([`starts_with_a_shape`]), searched only in blocks that hold a
    /// keyword of [`SHAPED_TRIGGERS`] or a digit ([`may_hold_a_digit`]).
    shaped: LazySet,
    /// [`TRIGGER_GROUPS`] as a lazy DFA: searched in a block, or stepped
    /// across a text page for every match end (see `trigger.rs`).
    trigger: DFA,
}

impl Patterns {
    /// The shared, compiled patterns.
    pub fn get() -> &'static Patterns {
        static PATTERNS: OnceLock<Patterns> = OnceLock::new();
        PATTERNS.get_or_init(Patterns::compile)
    }

    fn compile() -> Patterns {
        let mut anchored = (Vec::new(), Vec::new());
        let mut gated: [_; 3] = std::array::from_fn(|_| (Vec::new(), Vec::new()));
        let mut free: [_; 3] = std::array::from_fn(|_| (Vec::new(), Vec::new()));
        let mut shaped = (Vec::new(), Vec::new());
        for (kind, list) in PATTERN_SOURCES {
            for source in *list {
                let group = match set_of(source) {
                    Set::Free => of_group(&mut free, FREE_GROUPS, free_group(source)),
                    Set::Gated => of_group(&mut gated, GATED_GROUPS, gated_group(source)),
                    Set::Shaped => &mut shaped,
                    Set::WordLed => &mut anchored,
                };
                group.0.push(compile_source(source));
                group.1.push(*kind);
            }
        }
        Patterns {
            // The anchored sets share what was one set's cache budget, so
            // that a thread's caches can grow no larger than before
            // (hostile input can fill them); on a batch of real pages the
            // word-led set uses about 2.5 MB, the three gated ones 1.4 MB
            // when they were one, the shaped one 0.5.
            anchored: PatternSet::new(anchored.0, anchored.1, Anchored::Yes, DFA_CACHE_BYTES / 2),
            gated: gated.map(|set| LazySet::new(set, Anchored::Yes, DFA_CACHE_BYTES / 12)),
            free: free.map(|set| LazySet::new(set, Anchored::No, DFA_CACHE_BYTES / 3)),
            shaped: LazySet::new(shaped, Anchored::Yes, DFA_CACHE_BYTES / 4),
            trigger: trigger_dfa(),
        }
    }

    fn caches(&self) -> Caches {
        Caches {
            anchored: self.anchored.create_cache(),
            gated: [None, None, None],
            free: [None, None, None],
            shaped: None,
            trigger: TriggerCache::new(&self.trigger),
        }
    }

    /// The pattern kinds `text` matches (none for long blocks).
    #[cfg(test)]
    pub fn matches(&self, text: &str) -> PatternHits {
        self.matcher().matches(
            &Text::default(),
            text,
            text.chars().count(),
            text.bytes().filter(u8::is_ascii_digit).count(),
        )
    }

    /// A [`Matcher`] for the blocks of one page, `blocks` (each a block's
    /// text and content, as later asked about): the blocks that are ranges
    /// of the page's buffer and short enough to be asked about are searched
    /// for a trigger at once, before the first asks (see `trigger.rs`).
    pub fn page_matcher<'t>(
        &self,
        blocks: impl IntoIterator<Item = (&'t Text, &'t str)>,
    ) -> Matcher<'_> {
        let mut matcher = self.matcher();
        if let Some(caches) = matcher.caches.as_mut() {
            let asks = |content: &str| {
                content.len() <= MAX_MATCHED_CHARS
                    || (content.len() <= 4 * MAX_MATCHED_CHARS
                        && content.chars().count() <= MAX_MATCHED_CHARS)
            };
            caches.trigger.scan(
                &self.trigger,
                blocks.into_iter().filter(|(_, content)| asks(content)),
            );
        }
        matcher
    }

    /// The keyword groups `content` holds, searched alone (see
    /// [`TRIGGER_GROUPS`]); every group if the search fails (which the
    /// trigger cannot cause), so that the sets' own searches decide.
    fn trigger_groups(&self, cache: &mut Cache, content: &str) -> Groups {
        // Most blocks hold no keyword: the plain search, whose loop is the
        // fastest, answers for them; the few that do are walked through
        // for every group they hold.
        match self
            .trigger
            .try_search_fwd(cache, &Input::new(content).earliest(true))
        {
            Ok(None) => 0,
            Ok(Some(_)) => self.walk_groups(cache, content),
            Err(_) => ALL_GROUPS,
        }
    }

    /// The keyword groups of a `content` known to hold a keyword: every
    /// group of a match that ends in it, found in one walk through it.
    fn walk_groups(&self, cache: &mut Cache, content: &str) -> Groups {
        let Ok(mut state) = self.trigger.start_state(cache, &start::Config::new()) else {
            return ALL_GROUPS;
        };
        let mut groups = 0;
        for &byte in content.as_bytes() {
            let Ok(next) = self.trigger.next_state(cache, state, byte) else {
                return ALL_GROUPS;
            };
            state = next;
            if state.is_match() {
                groups |= match_groups(&self.trigger, cache, state);
                if groups == ALL_GROUPS {
                    return groups;
                }
            } else if state.is_quit() {
                return ALL_GROUPS;
            }
        }
        match self.trigger.next_eoi_state(cache, state) {
            Ok(end) if end.is_match() => groups | match_groups(&self.trigger, cache, end),
            Ok(_) => groups,
            Err(_) => ALL_GROUPS,
        }
    }

    /// A [`Matcher`] for the blocks of one page.
    pub fn matcher(&self) -> Matcher<'_> {
        // The thread's caches move into the matcher for the page, and back
        // when it is dropped: one thread-local look-up a page, not one a
        // block. Only a matcher inside a matcher (no caller does that) or
        // a thread being torn down finds none, and builds its own.
        // The thread's caches hold no page scan: the matcher that last had
        // them cleared it (see its `drop`).
        let caches = CACHES
            .try_with(|cell| cell.try_borrow_mut().ok().and_then(|mut slot| slot.take()))
            .ok()
            .flatten()
            .unwrap_or_else(|| self.caches());
        Matcher {
            patterns: self,
            caches: Some(caches),
            scan: TriggerScan::default(),
            repeated: Vec::new(),
        }
    }
}

/// Finds the pattern kinds of the blocks of one page, in order (see
/// [`Matcher::matches`]).
pub(crate) struct Matcher<'p> {
    patterns: &'p Patterns,
    /// The thread's caches while the matcher lives; `None` only in `drop`.
    caches: Option<Caches>,
    scan: TriggerScan,
    /// The kinds found for each text that occurs more than once in the
    /// page, by its id (see [`Matcher::matches_repeated`]).
    repeated: Vec<Option<PatternHits>>,
}

/// The last search for a trigger in a page's buffer, whose answer holds for
/// every later block of the page up to its match (or its end).
#[derive(Default)]
struct TriggerScan {
    /// Address and length of the buffer searched (0 before the first search).
    page: (usize, usize),
    /// Where the search started.
    from: usize,
    /// Where it stopped: the end of the earliest match, or the end of the
    /// searched range when there was none.
    end: usize,
    /// Whether it found a match (ending at `end`).
    found: bool,
    /// Searches done: the tests check that blocks share them.
    #[cfg_attr(not(test), allow(dead_code))]
    searches: usize,
}

/// How far past a block the search for the next trigger goes: far enough
/// that the blocks between triggers take one search, near enough that a
/// page's last short block does not search a long tail of prose (nor a
/// hostile 100 MB line) that no block will ask about.
/// (Small in the tests, whose random pages are short, so that they cross it.)
const TRIGGER_WINDOW: usize = if cfg!(test) { 200 } else { 4 << 10 };

impl TriggerScan {
    /// Whether the block `page[start..end]` may contain a keyword of any
    /// group: `true` if it does, and for a block that only ends a match that
    /// began before it (harmless: no gated pattern can match a block without
    /// a keyword of its group inside it, see
    /// `every_gated_pattern_needs_its_trigger_group`, so searching them finds
    /// nothing more); `false` only if it contains none. `None` if the range is not one of `page`, or the search fails.
    ///
    /// The trigger has no look-around (`trigger_has_no_look_around`): a
    /// match inside the block is a match in the page, whatever surrounds it.
    /// A search from a position finds the earliest end `e` of a match
    /// starting there or later, so every block starting at or after that
    /// position and ending before `e` contains none, and the search answers
    /// for all of them until `e`.
    fn triggered(
        &mut self,
        trigger: &DFA,
        cache: &mut Cache,
        page: &str,
        start: usize,
        end: usize,
    ) -> Option<bool> {
        let id = (page.as_ptr() as usize, page.len());
        if self.page == id && self.from <= start {
            if self.found && self.end > start {
                return Some(self.end <= end);
            }
            if !self.found && end <= self.end {
                return Some(false);
            }
        }
        if start > end || end > page.len() {
            return None;
        }
        let limit = page
            .len()
            .min(start.saturating_add(TRIGGER_WINDOW))
            .max(end);
        let input = Input::new(page).span(start..limit).earliest(true);
        self.searches += 1;
        let Ok(found) = trigger.try_search_fwd(cache, &input) else {
            self.page = (0, 0);
            return None;
        };
        self.page = id;
        self.from = start;
        self.found = found.is_some();
        self.end = found.map_or(limit, |found| found.offset());
        Some(self.found && self.end <= end)
    }
}

impl Matcher<'_> {
    /// [`Matcher::matches`] for a block whose content the page has more
    /// than once (menu items, share buttons, the same date under every
    /// teaser), `id` being the same for every block with this content and
    /// for no other: a content is searched once, its later blocks take the
    /// kinds found for the first (they depend on the content alone).
    pub fn matches_repeated(
        &mut self,
        id: usize,
        text: &Text,
        content: &str,
        chars: usize,
        digits: usize,
    ) -> PatternHits {
        if let Some(Some(hits)) = self.repeated.get(id) {
            return *hits;
        }
        let hits = self.matches(text, content, chars, digits);
        // Ids count the page's distinct texts: the table is no longer than
        // the page's list of blocks.
        if self.repeated.len() <= id {
            self.repeated.resize(id + 1, None);
        }
        if let Some(slot) = self.repeated.get_mut(id) {
            *slot = Some(hits);
        }
        hits
    }

    /// The pattern kinds of a block whose content is `content`, with
    /// `chars` characters of which `digits` are ASCII digits (`features`
    /// counts both), and whose text is `text` (`content` is `text` or its
    /// tail). The blocks of a page that share its buffer are best asked
    /// about in order: one search for a trigger then serves many blocks.
    pub fn matches(
        &mut self,
        text: &Text,
        content: &str,
        chars: usize,
        digits: usize,
    ) -> PatternHits {
        let mut hits = PatternHits::default();
        if chars > MAX_MATCHED_CHARS {
            return hits;
        }
        let Some(caches) = self.caches.as_mut() else {
            return hits;
        };
        let patterns = self.patterns;
        let anchored = chars <= ANCHORED_MAX_CHARS;
        // The word-led anchored set goes first: its search dies within a
        // few words and needs no gate.
        if anchored {
            patterns
                .anchored
                .add_mirrored(&mut caches.anchored, content, &mut hits);
        }
        let in_page = match text {
            // `content` is the end of the block's range of the page.
            Text::Shared { buffer, end, .. } => end
                .checked_sub(content.len())
                .filter(|&start| {
                    buffer
                        .get(start..*end)
                        .is_some_and(|own| own.as_ptr() == content.as_ptr())
                })
                .and_then(|start| {
                    let page = &mut caches.trigger.page;
                    match page.triggered(buffer, start, *end) {
                        // A block the page scan left out (`features`
                        // leaves out the later blocks of a repeated
                        // content, which ask only if asked out of turn)
                        // is searched alone, below: the scan ahead would
                        // read bytes the page scan has read.
                        None if page.holds(buffer) => None,
                        // The scan ahead only tells whether the block
                        // holds a keyword, not of which groups: a block
                        // that does is walked for them (not searched
                        // again first).
                        None => self
                            .scan
                            .triggered(
                                &patterns.trigger,
                                &mut caches.trigger.cache,
                                buffer,
                                start,
                                *end,
                            )
                            .map(|found| {
                                if found {
                                    patterns.walk_groups(&mut caches.trigger.cache, content)
                                } else {
                                    0
                                }
                            }),
                        answer => answer,
                    }
                }),
            Text::Owned(_) => None,
        };
        let groups =
            in_page.unwrap_or_else(|| patterns.trigger_groups(&mut caches.trigger.cache, content));
        // A digit of another script is searched for only in the blocks
        // that are not ASCII, whose digits `features` does not count.
        if anchored
            && (digits > 0
                || groups & SHAPED != 0
                || (chars != content.len() && may_hold_a_digit(content)))
        {
            patterns
                .shaped
                .add_matches(&mut caches.shaped, content, &mut hits);
        }
        if anchored {
            add_group_matches(
                &patterns.gated,
                &mut caches.gated,
                GATED_GROUPS,
                groups,
                content,
                &mut hits,
            );
        }
        add_group_matches(
            &patterns.free,
            &mut caches.free,
            FREE_GROUPS,
            groups,
            content,
            &mut hits,
        );
        hits
    }
}

impl Drop for Matcher<'_> {
    fn drop(&mut self) {
        // Back to the thread for the next page, unless the slot holds a
        // set already (a matcher inside a matcher) or is being torn down.
        if let Some(mut caches) = self.caches.take() {
            // The page's answers hold for its buffer only, whose address a
            // later page may reuse; and a page of a million lines leaves
            // long lists, freed here rather than kept until the next page.
            caches.trigger.page.clear();
            let _ = CACHES.try_with(|cell| {
                if let Ok(mut slot) = cell.try_borrow_mut() {
                    slot.get_or_insert(caches);
                }
            });
        }
    }
}

/// The one of `sets` (one for each of `groups`) for `group`; the first if
/// `group` is none of them, which the unit tests rule out.
fn of_group<T>(sets: &mut [T; 3], groups: [Groups; 3], group: Groups) -> &mut T {
    let index = groups.iter().position(|&g| g == group).unwrap_or(0);
    let [first, second, third] = sets;
    match index {
        1 => second,
        2 => third,
        _ => first,
    }
}

/// Searches `content` in each of `sets` (one for each of `set_groups`,
/// with its cache in `caches`) whose group is among `groups`.
fn add_group_matches(
    sets: &[LazySet; 3],
    caches: &mut [Option<SetCache>; 3],
    set_groups: [Groups; 3],
    groups: Groups,
    content: &str,
    hits: &mut PatternHits,
) {
    for ((set, cache), group) in sets.iter().zip(caches).zip(set_groups) {
        if groups & group != 0 {
            set.add_matches(cache, content, hits);
        }
    }
}

/// True for a pattern anchored at the block's start (`^…`).
fn is_anchored(source: &str) -> bool {
    source.starts_with('^') || source.starts_with("(?-i)^")
}

/// True if `text` holds a digit (`\d`: of any script) or a character
/// near one: an ASCII digit, or a character of U+0640..=U+1FFF or
/// U+A000..=U+10FFFF (where the digits of every other script are), told by
/// its UTF-8 lead byte alone. Those ranges hold no Latin, Greek or Cyrillic
/// letter, nor the punctuation of U+2000..=U+2FFF (dashes, quotes, `…`,
/// `€`), so European text rarely has one (the unit test
/// `the_digit_test_sees_every_digit` checks the ranges character by
/// character).
fn may_hold_a_digit(text: &str) -> bool {
    // With no exit inside, the fold becomes vector code, many bytes a step;
    // a loop that stops at the first hit takes several instructions a byte.
    text.as_bytes().iter().fold(false, |any, &byte| {
        any | byte.is_ascii_digit() | matches!(byte, 0xD9..=0xE1 | 0xEA..=0xF4)
    })
}

/// The group of [`GATED_GROUPS`] whose keywords a pattern that spans the
/// line needs, by how it is written: the menu shapes name their
/// separators, the comment lines their word; the rest is notices.
/// (`every_gated_pattern_needs_its_trigger_group` proves each on the
/// automata, so a pattern put in the wrong group fails it.)
fn gated_group(source: &str) -> Groups {
    if source.contains("[|›»>]") || source.contains(" / ") {
        GATED_MENUS
    } else if source.contains("comments") {
        GATED_COMMENTS
    } else {
        GATED_NOTICES
    }
}

/// The group of [`FREE_GROUPS`] whose keywords an unanchored pattern needs,
/// by the words it is written with. (As for [`gated_group`], the proof of
/// the gates fails for a pattern put in the wrong group.)
fn free_group(source: &str) -> Groups {
    const LEGAL: [&str; 6] = [
        "©",
        "copyright",
        "rights reserved",
        "vorbehalten",
        "registered",
        r"\|",
    ];
    const READER: [&str; 7] = [
        "subscribe",
        "sign up",
        "abonnenten",
        "share (",
        "follow us",
        "this (message",
        "min(ute)",
    ];
    if LEGAL.iter().any(|word| source.contains(word)) {
        FREE_LEGAL
    } else if READER.iter().any(|word| source.contains(word)) {
        FREE_READER
    } else {
        FREE_CONSENT
    }
}

/// The set a pattern belongs to, by how it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Set {
    /// Anchored, led by words: searched in every short block.
    WordLed,
    /// Anchored, spanning the line ([`spans_the_line`]): gated by the
    /// group of [`GATED_GROUPS`] that [`gated_group`] names.
    Gated,
    /// Anchored, led by a number or any words ([`starts_with_a_shape`]):
    /// gated by [`SHAPED_TRIGGERS`] and [`may_hold_a_digit`].
    Shaped,
    /// Unanchored: gated by the group of [`FREE_GROUPS`] that
    /// [`free_group`] names.
    Free,
}

/// The set of the pattern `source`.
fn set_of(source: &str) -> Set {
    if !is_anchored(source) {
        Set::Free
    } else if spans_the_line(source) {
        Set::Gated
    } else if starts_with_a_shape(source) {
        Set::Shaped
    } else {
        Set::WordLed
    }
}

/// True for an anchored pattern that starts with a number (`^\d…`,
/// `^\W*\d+ comments`, `^(about )?\d+ … ago`), with a date that may begin
/// with any word (`^(\p{L}+,?\s+)?(\d{1,2}…|\p{L}+\.?\s+\d{1,2}…)`), or with
/// any name (`^\S+( \S+)? (says|said|wrote)`): in one automaton with the
/// word-led patterns, these keep every block's search alive for two or
/// three words whatever they are, and multiply its states; apart, each
/// search in the word-led set dies within the block's first word unless
/// that word starts one of its phrases. Each needs a digit
/// ([`may_hold_a_digit`]) or the verb ([`SHAPED_TRIGGERS`]), which decide
/// whether they are tried at all.
fn starts_with_a_shape(source: &str) -> bool {
    let body = source.strip_prefix("(?-i)").unwrap_or(source);
    [
        r"^\d",
        r"^\W*\d",
        r"^(about )?\d",
        r"^(\p{L}+,?\s+)?(\d",
        r"^(\p{L}+(-feira)?,\s+)?\d",
        r"^\S+( \S+)? (says",
    ]
    .iter()
    .any(|start| body.starts_with(start))
}

/// True for an anchored pattern that starts with a run of a character class
/// rather than with words (`^[^|›»>]+…`, `^\S+( \S+){0,3} is not…`,
/// `^(\S+ ){0,3}comments…`, `^(\p{L}+ )?teilen$`): a search in it stays alive
/// for many words, often to the block's end, and with several of them in one
/// automaton their states multiply. Each contains a keyword of one of the
/// [`GATED_GROUPS`], so the trigger search decides whether they are tried
/// at all, and which of their sets.
fn spans_the_line(source: &str) -> bool {
    let body = source.strip_prefix("(?-i)").unwrap_or(source);
    [r"^[^", r"^\S+( \S+){0,3}", r"^(\S+ )", r"^(\p{L}+ )?("]
        .iter()
        .any(|start| body.starts_with(start))
}

/// The regex for one pattern source: case-insensitive unless it starts with
/// `(?-i)` (bylines, where capitals mark names), with ASCII word boundaries,
/// which keep the regex engine on its fast DFA (a Unicode `\b` forces the slow
/// NFA simulation on non-ASCII text).
fn compile_source(source: &str) -> String {
    let source = source.replace(r"\b", r"(?-u:\b)");
    if source.starts_with("(?-i)") {
        source
    } else {
        format!("(?i){}", source.replace(r"\p{L}", FOLDED_LETTER))
    }
}

/// `(?i)\p{L}`, the same characters spelled without case folding: the
/// letters and U+0345, the one non-letter that folds to a letter (Greek
/// ypogegrammeni, to ι). The parser would otherwise fold the class of every
/// letter, range by range, at every start-up; the unit test
/// `spelled_out_folds_parse_to_the_same_regex` proves the two equal.
const FOLDED_LETTER: &str = r"(?-i:[\p{L}\x{345}])";

/// The patterns, by kind. Anchored patterns (`^…$`) describe a whole short block.
const PATTERN_SOURCES: &[(Pattern, &[&str])] = &[
    (
        Pattern::Consent,
        &[
            r"\bcookies?\b.*\b(use|uses|using|accept|consent|policy|settings|preferences)\b",
            r"\b(use|uses|using|accept|consent)\b.*\bcookies?\b",
            r"^(accept|agree|i agree|ok|got it|allow all|accept all|reject all|decline)[.!]?$",
            r"\bby (using|continuing to use|browsing) (this|our) (site|website)\b",
            r"\byou agree to (the|our)\b.*\b(policy|terms)\b",
            r"\b(akzeptieren|zustimmen|einwilligung|datenschutzeinstellungen)\b",
            r"\bcookies? (akzeptieren|zulassen|verwenden)\b|\bverwendet cookies\b",
            r"\b(accepter|refuser) (et fermer|tout|les cookies)\b|\butilise des cookies\b|\bnous utilisons des cookies\b",
            r"\b(aceptar|rechazar) (todas|cookies)\b|\butiliza(mos)? cookies\b",
            r"\b(accetta|rifiuta) (tutti|i cookie)\b|\butilizza(iamo)? (i )?cookie\b",
            r"\b(aceitar|rejeitar) (todos|cookies)\b|\butiliza(mos)? cookies\b",
            r"\b(accepteren|weigeren)\b.*\bcookies\b|\bgebruikt cookies\b",
            r"\b(wir respektieren (deine|ihre) privatsphäre|we (respect|value) your privacy|nous respectons votre vie privée|respetamos tu privacidad|rispettiamo la tua privacy)\b",
            r"^(manage (preferences|cookies|settings|options|choices)|cookie (settings|preferences)|customi[sz]e( settings)?|necessary only|only necessary( cookies)?|(alle )?(akzeptieren|ablehnen)|einstellungen|nur (notwendige|essenzielle) cookies|tout (accepter|refuser)|paramétrer( les cookies)?|personnaliser|(aceptar|rechazar)( y continuar| todo| todas)?|configurar|(accetta|rifiuta)( tutto| tutti)?|gestisci (le )?preferenze|(aceitar|rejeitar)( tudo| todos)?|alles accepteren|instellingen)[.!]?$",
            r"\b(we use|wir verwenden|nous utilisons|usamos|utilizamos|utilizziamo|wij gebruiken) cookies\b",
            r"^(ja, )?(ik ga akkoord|akkoord|i agree|ich stimme zu|j'accepte|acepto|accetto|aceito|concordo)[.!]?$",
        ],
    ),
    (
        Pattern::Share,
        &[
            r"^(share|shares|tweet|pin it|email|e-mail|print|copy link|whatsapp|facebook|twitter|x|linkedin|reddit|pinterest|telegram)( this| article| story)?[.:]?$",
            r"\bshare (this|on|via) ?(article|story|post|page)?\b",
            r"^((facebook|twitter|x|email|e-mail|linkedin|whatsapp|pinterest|reddit|copy link|print|telegram|messenger)[\s|,/·•]*){2,}$",
            r"\bfollow us (on|at)\b",
            r"^(teilen|partager|compartir|condividi|compartilhar|delen)\b",
            r"^(\p{L}+ )?(teilen|partager|compartir|condividi|compartilhar|delen)$",
            r"^print (this )?(recipe|article|page|story)$",
            r"^(share|teilen|partager|compartir|condividi|compartilhar|partilhar|deel|delen)( (this|dit|este|esta|ce|cet|cette|questo|diesen))? (article|artikel|artigo|artículo|articolo|bericht|story|post)$",
            r"^(share|teilen|partager|compartir|condividi|compartilhar|partilhar|deel|delen) (on|auf|sur|en|su|no|na|op|via) \S+$",
            r"^(teile|teilt|teilen sie) (diesen|den|unseren|dieses) (beitrag|artikel|post|rezept)\b",
            r"^(mit freunden teilen|(möchten sie|möchtest du|willst du) (den|diesen) (artikel|beitrag) teilen\??)$",
        ],
    ),
    (
        Pattern::Navigation,
        &[
            r"^skip to (main )?(content|navigation|main|site index)",
            r"^(home|menu|search|sections|next|previous|back to top|top|more|show more|load more|read more|continue reading)[.:…]?$",
            r"^(zum inhalt springen|aller au contenu|saltar al contenido|vai al contenuto|ir para o conteúdo|naar inhoud)",
            r"^(startseite|accueil|inicio|pagina iniziale|página inicial)$",
            r"^[^|›»>]+(\s[|›»>]\s[^|›»>]+){2,}$",
            r"^(you are here|sie sind hier|vous êtes ici|usted está aquí|está aquí|ti trovi in|u bent hier):",
            r"^[^/.!?]+( / [^/.!?]+){2,}$",
            r"^(page|seite|página|pagina|pagina) \d+ (of|von|de|di|van|/) \d+$",
            r"^(next|previous|nächste|vorherige) (page|seite)\b|^(page suivante|página siguiente|pagina successiva)\b",
            r"^\W*(previous|prev|zurück|précédent|anterior|precedente|vorige)\b.*\b(next|weiter|suivant|siguiente|successivo|volgende)\W*$",
            r"^(weiterlesen|lire la suite|leer más|leggi (di più|tutto)|leia mais|lees meer)",
            r"^hier weiterlesen\b",
            r"^(zurück zu(r|m)? (übersicht|startseite|liste|blog|news|artikelübersicht)|back to (the )?(overview|list|blog|news|all (news|posts|articles|stories)))\b",
            r"^(previous|next|older|newer) (post|article|story|entry)\b|^(vorheriger|nächster|voriger) (beitrag|artikel)\b|^article (précédent|suivant)\b|^(entrada|artículo) (anterior|siguiente)\b|^articolo (precedente|successivo)\b|^(post|artigo) anterior\b|^(vorige|volgende) (bericht|artikel)\b",
        ],
    ),
    (
        Pattern::Legal,
        &[
            r"(©|\(c\)|copyright)\s*\d{4}",
            r"\ball rights reserved\b",
            r"(\b(privacy|terms|termos|imprint|impressum|datenschutz|agb|mentions légales|politique de confidentialité|aviso legal|política de privacidad|política de privacidade|privacidade|note legali|privacyverklaring|voorwaarden|condiciones|condizioni)\b.*\|)|(\|.*\b(privacy|terms|termos|imprint|impressum|datenschutz|agb|mentions légales|politique de confidentialité|aviso legal|política de privacidad|política de privacidade|privacidade|note legali|privacyverklaring|voorwaarden|condiciones|condizioni)\b)",
            r"^(legal( pages| notice)?|disclaimer|haftungsausschluss|avertissement)$",
            r"\bregistered (in|office)\b|\bcompany (number|no\.?|registration)\b|\bhandelsregister\b",
            r"^(privacy( policy)?|terms( of (use|service))?|terms and conditions|cookie policy|imprint|impressum|datenschutz(erklärung)?|mentions légales|aviso legal|note legali|accessibility|sitemap)$",
            r"\b(alle rechte vorbehalten|tous droits réservés|todos los derechos reservados|tutti i diritti riservati|todos os direitos reservados|alle rechten voorbehouden)\b",
            r"^\(?(alle )?angaben ohne gewähr\)?\.?$",
            r"^(sofern nicht anders (angegeben|ausgewiesen|vermerkt)|unless otherwise (noted|stated|indicated|specified))\b.*\b(lizenz|license|licence|cc[- ]by|creative commons)\b",
            r"^(dieser|der) (text|beitrag|artikel|inhalt) (wurde|ist|steht) (veröffentlicht )?unter (der|einer) (lizenz|creative commons)\b|^(this|the) (text|article|work|content|post) is (published |licensed |available )?under (a|the) (creative commons|cc)\b",
            r"^(dieser|der) (beitrag|artikel|text|kommentar|gastbeitrag) (gibt|spiegelt) (die|ausschließlich die|nur die) (meinung|ansicht)\b|^(the )?(views|opinions) expressed (in this|here)\b",
            r"^\S+( \S+){0,3} is not responsible for the (opinions|views|statements|content)\b",
        ],
    ),
    (
        Pattern::Related,
        &[
            r"^(related( (articles|stories|posts|content|coverage|topics))?|more (from|on|stories|news|articles)|most (read|popular|viewed|shared)|trending( now)?|recommended( for you)?|you (might|may) also like|see also|read also|also read|latest (news|stories|articles)|top stories|popular( posts)?|more like this)\b",
            r"^(see also|read also|also read|related)[:\s\u{a0}]",
            r"^(neueste|neuste|aktuelle|beliebte|ähnliche|weitere) (beiträge|artikel|nachrichten)\b|^(mirá|mira|lee|ver) también\b|^(articles? similaires|articles? récents|derniers articles)\b|^(artículos|entradas|noticias) (relacionad[oa]s|recientes)\b|^articoli (correlati|recenti)\b|^(artigos|posts) relacionados\b|^(gerelateerde artikelen|recente berichten)\b",
            r"^(mehr zum thema|meistgelesen|auch interessant|das könnte sie auch interessieren|weitere artikel|à lire aussi|lire aussi|les plus lus|sur le même sujet|te puede interesar|lo más leído|noticias relacionadas|leggi anche|i più letti|leia também|mais lidas|lees ook|meest gelezen)",
            // An inline teaser ("Read also: <headline>"); the bare header
            // ("Read also") heads boxes inside articles as often as lists
            // after them, and would end the article as a marker.
            r"^(auch lesen|lesen sie (auch|mehr)|lies auch|siehe auch|vea también|véase también|lea también|voir aussi|à voir aussi|vedi anche|veja também|zie ook)\s*:\s*\S",
            // Not "Lee:", "Lea:", "Mira:": names, in an interview's transcript.
            r"^(mire|vea|lesen sie|lire|leggi|leia|lees)\s*:",
            r"^[^…]*…\s*(mehr|more|weiterlesen|read more|plus|más)\W*$",
            r"^(das |dieses )?(thema )?könnte (dich|sie) auch interessieren\b|^(czytaj|przeczytaj) (też|także|również)\b",
        ],
    ),
    (
        Pattern::Comments,
        &[
            r"^(leave a (reply|comment)|post a comment|add a comment|comments?|\d+ comments?|join the (conversation|discussion)|write a comment|show comments|view comments)\b",
            r"^(your email address will not be published|required fields are marked|save my name, email)",
            r"^(please )?(log|sign) in to (comment|reply|post a comment)\b|^you must be logged in to (post|comment)\b",
            r"^(name|e-?mail|comment|kommentar|nom|nombre|nome|naam)\s*\*$|^website$",
            r"^(post|submit|send) (a )?(comment|reply)$|^reply$|^antworten$|^répondre$|^responder$|^rispondi$",
            r"^(we will not publish your e-?mail|fields marked \* are required|remember my name)\b",
            r"^\W*\d+ (responses?|comments?|replies|reactions)\b",
            r"^\S+( \S+)? (says|said|wrote):?$",
            r"^(\S+ ){0,3}(comments|kommentare|commentaires|comentarios|commenti|comentários|reacties)\W*\d*\W*$",
            r"^(hinterlasse (einen kommentar|eine antwort)|schreibe einen kommentar|kommentar (verfassen|hinterlassen)|laisser une réponse|deja una respuesta|lascia una risposta|deixe uma resposta|laat een reactie achter|geef een reactie)\b",
            r"^\W*\d+ (antworten|kommentare|réponses|commentaires|respuestas|comentarios|risposte|commenti|respostas|comentários|reacties)\b",
            r"^(kommentare?|kommentar schreiben|commentaires?|laisser un commentaire|comentarios?|deja un comentario|commenti|lascia un commento|comentários|deixe um comentário|reacties|reageer)\b",
            r"^[^.!?]*\b(comments|kommentare|commentaires|comentarios|comentários|commenti|reacties)\b[^.!?]*\b(moderator|moderated|moderador|moderadores|modérateur|moderatore|approved|aprovados|aprobados|freigeschaltet)\b",
        ],
    ),
    (
        Pattern::Promo,
        &[
            r"^(advertisement|advertising|sponsored( content)?|anzeige|werbung|publicité|publicidad|pubblicità|publicidade|advertentie)$",
            r"\b(subscribe|sign up) (to|for) (our|the) (newsletter|updates|emails?)\b",
            r"^(subscribe|sign in|log in|login|register|sign up|create (an )?account)( now| today)?[.!]?$",
            r"\bnewsletter\b.*\b(sign up|subscribe|inbox)\b|\b(sign up|subscribe)\b.*\bnewsletter\b",
            r"^(\S+ ){0,3}newsletter\W*$",
            r"\bsubscribe now\b",
            r"^(was|did you find) this (article|page|post|answer|information) (helpful|useful)\b|^war (dieser|der|dieses|das) (artikel|beitrag|text|ratgeber|inhalt) (hilfreich|nützlich)\b|^cet article (vous )?a-t-il été utile\b|^¿?(te|le) (ha )?(resultado|parecido|sido) útil\b",
            r"^(gefällt (dir|ihnen|euch) (unser|unsere|dieser|diese|dieses|der|das)|did you (like|enjoy) this (article|post|story))\b",
            r"\b(for subscribers only|subscribers only|nur für abonnenten|réservé aux abonnés|solo para suscriptores|riservato agli abbonati|exclusivo para assinantes|alleen voor abonnees)\b",
            r"^subscribe (for|to|now|today)\b",
            r"^(already (a subscriber|have an account)|(get|download) (our|the) app|continue reading below)\b",
            r"^(suscríbete|abonnez-vous|abonnieren sie|iscriviti|assine|abonneer)\b",
            r"\byou (received|are receiving) this (message|e-?mail)\b|\bunsubscribe\b",
            r"^(welcome back|lost your password|forgot your password|sign in to your account|create an account)\b",
            r"^(abonnieren|anmelden|s'abonner|se connecter|suscribirse|iniciar sesión|abbonati|accedi|assinar|entrar|abonneren|inloggen)$",
            r"^jetzt (kostenlos )?(registrieren|anmelden|abonnieren)\b",
            r"^(advertising|affiliate|advertiser|editorial) disclosure\b",
            r"^this (post|article|page|site|story) (may )?contains? (affiliate|sponsored|paid) links?\b",
            r"^we (may )?(receive|earn) (a )?(small )?(compensation|commission)\b",
            r"^to (view|read|continue reading) (the|this) (full )?(story|article)\b",
            r"^we rely on (your|our readers'?|reader) support\b",
            r"^(for|get) the latest\b.*\b(download|app|apps)\b",
            r"^verpasse? keine (news|nachrichten|neuigkeiten|artikel|beiträge|angebote)\b",
            r"^(sie lesen|du liest) gerne? \S+( \S+)?\?$",
            r"^jede (kleine )?spende\b|^(unterstütze|unterstützen sie) \S+( \S+)? (mit|jetzt|bereits)\b",
            r"^submit (your|a) letter\b",
            r"^(dieser|der) (beitrag|artikel|text) (stammt|erschien) (aus|in|zuerst in) (der )?(ausgabe|heft)\b",
            r"^die (aktuelle|neue) ausgabe\b.*\b(erhältlich|am kiosk|im abo)\b",
            r"^(pour (lire la suite|accéder en illimité|continuer à lire)|para (seguir|continuar) leyendo)\b",
            r"^(valora|califica|puntúa) (esta|la) (noticia|nota)$|^rate this (article|story|post)$|^(artikel|beitrag) bewerten$",
            r"^[^!]*\b(nuestro|tenemos|nuestra cuenta de|únete a nuestro) canal de (youtube|telegram|whatsapp)\b",
            r"^if you('|’)re (seeing this message|already a subscriber)\b",
            r"^(rezept drucken|print recipe)\b",
            r"^(gefällt mir|like|j'aime)\W+(wird geladen|loading|chargement)",
            r"^get the latest\b.*\binbox\b|^subscribe to\b.*\bnewsletters\b",
            r"^have a (news )?tip\?",
            r"^an? (word|message|note|letter) (to|for) our (loyal |valued )?readers\b",
            r"^[^.!?]*\b(erhalten sie|sichern sie sich|sichere dir) exklusive (angebote|vorteile)\b",
            r"^[^.!?]*\bnichts mehr (verpassen|versäumen)!?$",
            r"^[^!?]*\b(lesen oder verschenken|abo oder einzelheft|als e-paper)\b",
        ],
    ),
    (
        Pattern::Byline,
        &[
            r"(?-i)^(?i:by|von|par|por|di|door)\s+\p{Lu}[\p{L}'’.-]+(\s+\p{Lu}[\p{L}'’.-]+){0,3}(\s*(,|(?i:and|und|et|y|e|en)|\|)\s*\p{Lu}[\p{L}'’.-]+(\s+\p{Lu}[\p{L}'’.-]+){0,3})*\s*$",
            r"^(written|posted|published) by\b",
            r"(?-i)^(?i:by|von|par|por|di|door)\s+\p{Lu}[\p{L}'’.-]+(\s+\p{Lu}[\p{L}'’.-]+){0,3}\s*[|,·•–—]",
            r"(?-i)^(?i:by|von|par|por|di|door)\s+\p{Lu}[^|,·•–—]{1,40}\s*[|·•–—]",
            r"^(photo|foto|bild|image|credit|crédit|picture|fotos?|source|quelle)s?\s*:",
            r"^(additional )?(sources?( of information)?|(with )?(additional )?reporting( by)?|quellen?|fuentes?|fontes?|bronnen?)\s*[:•|–—]",
            r"^(topics|themen|sujets|temas|argomenti|onderwerpen|categories|category|kategorie|catégorie|categoría)\s*:",
            r"^(titelbild|titelfoto|beitragsbild|headerbild|aufmacherbild|featured image|header image|cover (photo|image)|lead image)\s*:",
            r"^(abbildung|abb\.|figure|fig\.|grafik|tabelle|table) \d+[a-z]?\s*:",
            r"^[^©]*©[^.!?©]+$|^[^(]*\((foto|photo|bild|image|credit|fotos|photos)\s*:[^)]*\)$",
            r"^(quellenangaben|ansprechpartner(in)?( zum thema)?|pressekontakt|kontakt)\s*:$",
        ],
    ),
    (
        Pattern::Dateline,
        &[
            r"^\d+\s*(min|mins|minute|minutes|minuten)\.?\s*(read|lesezeit|de lecture|de lectura|di lettura|de leitura|leestijd)\b",
            r"\b\d+\s*min(ute)?s?\s+read\b",
            r"^(published|updated|posted|last updated|veröffentlicht|aktualisiert|publié|mis à jour|publicado|actualizado|pubblicato|aggiornato|atualizado|gepubliceerd|bijgewerkt)\b",
            r"(?-i)^(\p{L}+,?\s+)?(\d{1,2}\.?\s+\p{L}+\.?|\p{L}+\.?\s+\d{1,2}(st|nd|rd|th)?,?)\s+\d{4}([\s,|–-]+((?i:at|um|à|a las|alle|às|om)\s+)?\d{1,2}[:.]\d{2}(\s*(?i:[ap]\.?m\.?))?)?(\s*\p{Lu}{2,4})?$",
            r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}([\s,]+\d{1,2}[:.]\d{2})?$",
            r"^(about )?\d+ (seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?) ago\b",
            r"^\W*(updated|aktualisiert|mis à jour|actualizado|aggiornato|atualizado|bijgewerkt)\W*$",
            r"^\d{1,2}[:.]\d{2}(\s*[ap]\.?m\.?)?(\s*\p{Lu}{2,4})?$",
            r"^(release date|date|datum|fecha|data)\b\W*.*\d{4}",
            r"^(vor \d+ (minuten|stunden|tagen)|il y a \d+ (minutes?|heures?|jours?)|hace \d+ (minutos?|horas?|días?))\b",
            r"^(\p{L}+(-feira)?,\s+)?\d{1,2} de \p{L}+ de \d{4}([\s,]+(às|a las|as)?\s*\d{1,2}[:.h]\d{2})?$",
        ],
    ),
    (
        Pattern::EndOfArticle,
        &[
            r"^(leave a (reply|comment)|share this (article|story|post)|related (articles|stories|posts)|you (might|may) also like|more (stories|articles) from|comments|tagged:?|tags?:)",
            r"^--\s*$",
            r"^\W*\d+ (responses?|comments?|replies)\b",
            r"^(hinterlasse (einen kommentar|eine antwort)|schreibe einen kommentar|laisser (une réponse|un commentaire)|deja (una respuesta|un comentario)|lascia (una risposta|un commento)|deixe (uma resposta|um comentário)|laat een reactie achter)\b",
            r"^\W*\d+ (antworten|kommentare|réponses|commentaires|respuestas|comentarios|risposte|commenti|respostas|comentários|reacties)\b",
            r"^(schlagwörter|schlagworte|stichwörter|étiquettes|mots-clés|etiquetas|palabras clave|argomenti|trefwoorden)\b",
            r"^(\S+ ){0,3}comments\W*\d*\W*$",
        ],
    ),
    (
        Pattern::Tags,
        &[
            r"^(tags?|tagged|schlagwörter|schlagworte|stichwörter|étiquettes|mots-clés|etiquetas|palabras clave|trefwoorden)\s*:",
        ],
    ),
];

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Whether some block (any byte string) matches `pattern` without
    /// containing a match of the trigger's pattern `group`: a breadth-first
    /// walk over pairs of states of the two automata, one byte class at a
    /// time. Returns the shortest such block.
    fn matches_without(
        pattern: &DFA,
        anchored: Anchored,
        trigger: &DFA,
        group: Groups,
    ) -> Option<Vec<u8>> {
        let (mut pcache, mut tcache) = (pattern.create_cache(), trigger.create_cache());
        // One byte of each class the two automata tell apart.
        let mut seen_classes = std::collections::HashSet::new();
        let bytes: Vec<u8> = (0..=255u8)
            .filter(|&b| {
                seen_classes.insert((pattern.byte_classes().get(b), trigger.byte_classes().get(b)))
            })
            .collect();
        let start = (
            pattern
                .start_state_forward(&mut pcache, &Input::new("").anchored(anchored))
                .unwrap(),
            trigger
                .start_state_forward(&mut tcache, &Input::new(""))
                .unwrap(),
        );
        let mut seen = std::collections::HashSet::from([start]);
        let mut queue = std::collections::VecDeque::from([(start, Vec::new())]);
        while let Some(((p, t), path)) = queue.pop_front() {
            // Matches are reported one byte late: `p` being a match state means
            // the pattern matched before the last byte, its end-of-input state
            // that it matches the path as a whole block.
            let p_end = pattern.next_eoi_state(&mut pcache, p).unwrap();
            let t_end = trigger.next_eoi_state(&mut tcache, t).unwrap();
            let has_group = |t: LazyStateID, cache: &Cache| {
                t.is_match() && match_groups(trigger, cache, t) & group != 0
            };
            if (p.is_match() || p_end.is_match()) && !has_group(t_end, &tcache) {
                return Some(path);
            }
            for &byte in &bytes {
                let next_p = pattern.next_state(&mut pcache, p, byte).unwrap();
                let next_t = trigger.next_state(&mut tcache, t, byte).unwrap();
                // A trigger match stays a match whatever follows.
                if next_p.is_dead() || has_group(next_t, &tcache) || !seen.insert((next_p, next_t))
                {
                    continue;
                }
                let mut longer = path.clone();
                longer.push(byte);
                queue.push_back(((next_p, next_t), longer));
            }
        }
        // State ids are only valid while a cache is not cleared.
        assert_eq!((pcache.clear_count(), tcache.clear_count()), (0, 0));
        None
    }

    /// Spelling a folded class out changes no pattern: every rewritten
    /// source parses to the very regex (HIR) its plain `(?i)` form does.
    #[test]
    fn spelled_out_folds_parse_to_the_same_regex() {
        let config = syntax::Config::new().utf8(true).unicode(true);
        let mut rewritten = 0;
        for (_, list) in PATTERN_SOURCES {
            for source in *list {
                let fast = compile_source(source);
                let plain = source.replace(r"\b", r"(?-u:\b)");
                let plain = if plain.starts_with("(?-i)") {
                    plain
                } else {
                    format!("(?i){plain}")
                };
                rewritten += usize::from(fast != plain);
                assert_eq!(
                    syntax::parse_with(&fast, &config).unwrap(),
                    syntax::parse_with(&plain, &config).unwrap(),
                    "{source}"
                );
            }
        }
        assert!(rewritten >= 2, "{rewritten}");
        // Not vacuous: without U+0345 the spelled-out class differs.
        assert_ne!(
            syntax::parse_with(r"(?-i:[\p{L}])", &config).unwrap(),
            syntax::parse_with(r"(?i)\p{L}", &config).unwrap()
        );
    }

    /// A lazy set compiles on its first search only, and then finds what
    /// its patterns match.
    #[test]
    fn a_lazy_set_compiles_when_first_searched() {
        let sources = vec![
            compile_source(r"\bcookies?\b"),
            compile_source(r"\bshare on\b"),
        ];
        let lazy = LazySet::new(
            (sources, vec![Pattern::Consent, Pattern::Share]),
            Anchored::No,
            DFA_CACHE_BYTES,
        );
        assert!(lazy.set.get().is_none());
        let (mut cache, mut hits) = (None, PatternHits::default());
        lazy.add_matches(&mut cache, "Please SHARE ON the wall", &mut hits);
        assert!(lazy.set.get().is_some() && cache.is_some());
        assert!(hits.has(Pattern::Share) && !hits.has(Pattern::Consent));
    }

    /// The gates are sound: no block that a pattern of a gated set matches
    /// lacks a keyword of the set's trigger group; proved on the automata
    /// for every possible block, not on examples.
    #[test]
    fn every_gated_pattern_needs_its_trigger_group() {
        // The trigger, and the characters `may_hold_a_digit` looks for as
        // a fourth group: the shaped set's gate is either.
        let mut sources = trigger_sources();
        sources.push(DIGITS_NEARBY.to_string());
        let trigger = DFA::builder()
            .configure(DFA::config().match_kind(MatchKind::All))
            .thompson(no_captures())
            .build_many(&sources)
            .unwrap();
        let digits: Groups = 1 << TRIGGER_GROUPS.len();
        let mut gated = [0; 7];
        for (_, list) in PATTERN_SOURCES {
            for source in *list {
                let set = set_of(source);
                let group = match set {
                    Set::WordLed => continue,
                    Set::Free => free_group(source),
                    Set::Gated => gated_group(source),
                    Set::Shaped => SHAPED | digits,
                };
                gated[group.trailing_zeros() as usize] += 1;
                let anchored = if is_anchored(source) {
                    Anchored::Yes
                } else {
                    Anchored::No
                };
                let pattern = DFA::builder()
                    .configure(
                        DFA::config()
                            .match_kind(MatchKind::All)
                            .cache_capacity(DFA_CACHE_BYTES),
                    )
                    .thompson(no_captures())
                    .build(&compile_source(source))
                    .unwrap();
                let found = matches_without(&pattern, anchored, &trigger, group);
                assert!(
                    found.is_none(),
                    "{source} ({set:?}) matches {:?} without a trigger",
                    found.map(|b| String::from_utf8_lossy(&b).into_owned())
                );
            }
        }
        // Every group gates patterns: the three free, the three gated, shaped.
        assert!(gated[2] >= 10 && gated.iter().all(|&n| n >= 2), "{gated:?}");
        assert!(gated[0] + gated[5] + gated[6] >= 25, "{gated:?}");
        assert!(gated[1] + gated[3] + gated[4] >= 14, "{gated:?}");
    }

    /// The walk above finds a block that matches without a keyword of the
    /// group asked when there is one, also when another group's keyword
    /// is there.
    #[test]
    fn the_gate_proof_finds_a_missing_trigger() {
        let pattern = DFA::builder()
            .configure(DFA::config().match_kind(MatchKind::All))
            .build(&compile_source(r"^[^.]*\bpigeons?\b"))
            .unwrap();
        let found = matches_without(&pattern, Anchored::Yes, &trigger_dfa(), ALL_GROUPS).unwrap();
        assert_eq!(String::from_utf8_lossy(&found).to_lowercase(), "pigeon");
        // "comment" is a keyword of the gated group only.
        let pattern = DFA::builder()
            .configure(DFA::config().match_kind(MatchKind::All))
            .build(&compile_source(r"^\d+ comments\b"))
            .unwrap();
        let trigger = trigger_dfa();
        assert!(matches_without(&pattern, Anchored::Yes, &trigger, GATED).is_none());
        let found = matches_without(&pattern, Anchored::Yes, &trigger, FREE).unwrap();
        assert_eq!(String::from_utf8_lossy(&found).to_lowercase(), "0 comments");
    }

    /// The characters [`may_hold_a_digit`] looks for, as a regex.
    const DIGITS_NEARBY: &str = r"[0-9\x{640}-\x{1FFF}\x{A000}-\x{10FFFF}]";

    /// The ASCII digits of `text`, as `features` counts them.
    fn ascii_digits(text: &str) -> usize {
        text.bytes().filter(u8::is_ascii_digit).count()
    }

    /// [`may_hold_a_digit`] is true for exactly the characters of
    /// [`DIGITS_NEARBY`], which hold every digit of every script (the
    /// gate proof above shows that the shaped patterns need one of them,
    /// or the verb), and of those only the ASCII digits are ASCII (which
    /// `features` counts); checked character by character, which is
    /// enough: it looks at each byte alone, and a character's
    /// continuation bytes (0x80..=0xBF) never count.
    #[test]
    fn the_digit_test_sees_every_digit() {
        let nearby = regex::Regex::new(DIGITS_NEARBY).unwrap();
        let digit = regex::Regex::new(r"\d").unwrap();
        let (mut digits, mut others) = (0, 0);
        let mut buffer = [0; 4];
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            let text = c.encode_utf8(&mut buffer);
            assert_eq!(may_hold_a_digit(text), nearby.is_match(text), "{c:?}");
            if c.is_ascii() {
                assert_eq!(nearby.is_match(text), ascii_digits(text) > 0, "{c:?}");
            }
            if digit.is_match(text) {
                digits += 1;
                assert!(may_hold_a_digit(text), "{c:?}");
            } else {
                others += usize::from(!may_hold_a_digit(text));
            }
        }
        // Not vacuous: there are hundreds of digits, and most characters
        // of European text are not near one.
        assert!(digits > 600, "{digits}");
        for text in [
            "é", "ü", "ß", "ſ", "–", "—", "…", "€", "“", "»", "©", "ж", "Ω", "日",
        ] {
            assert!(!may_hold_a_digit(text), "{text}");
        }
        assert!(may_hold_a_digit("In 2024") && may_hold_a_digit("\u{663}"));
        assert!(others > 0x2000, "{others}");
    }

    /// A linear congruential step: the tests' random numbers, the same from
    /// run to run.
    pub(crate) fn lcg(state: &mut u64) -> usize {
        *state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (*state >> 33) as usize
    }

    /// A random line of page furniture: words of the patterns themselves
    /// (so that lines come close to matching, and often do), in any case,
    /// names, numbers, dates, times and separators.
    fn random_line(state: &mut u64, words: &[String]) -> String {
        const TOKENS: &[&str] = &[
            "|", "›", "»", ">", "/", "©", "…", "(", ")", ":", "•", "·", "–", "—", ",", ".", "!",
            "?", "*", "--", "(c)", "Anna", "Müller", "Émile", "O'Neil", "ÄRZTE", "3", "17", "2024",
            "12:30", "3.4.2021", "5th", "am", "de", "the", "und", "ſ", "\u{212A}",
        ];
        let mut line = String::new();
        for _ in 0..1 + lcg(state) % 12 {
            if !line.is_empty() {
                line.push_str(match lcg(state) % 8 {
                    0 => "",
                    1 => " | ",
                    2 => " / ",
                    _ => " ",
                });
            }
            if lcg(state).is_multiple_of(3) {
                line.push_str(TOKENS[lcg(state) % TOKENS.len()]);
                continue;
            }
            let word = &words[lcg(state) % words.len()];
            match lcg(state) % 6 {
                0 => line.push_str(&word.to_uppercase()),
                1 => {
                    let mut chars = word.chars();
                    line.extend(chars.next().into_iter().flat_map(char::to_uppercase));
                    line.push_str(chars.as_str());
                }
                // The characters that case-fold to ASCII letters.
                2 => line.push_str(&word.replace('k', "\u{212A}").replace('s', "ſ")),
                _ => line.push_str(word),
            }
        }
        match lcg(state) % 10 {
            // Past the anchored patterns' length limit, and past every limit.
            0 => format!("{} {line}", "word ".repeat(40 + lcg(state) % 100)),
            1 => format!("{line} {}", "word ".repeat(40 + lcg(state) % 100)),
            _ => line,
        }
    }

    /// The words of every pattern, for random lines that come close to them.
    fn pattern_words() -> Vec<String> {
        let mut words = std::collections::BTreeSet::new();
        for (_, list) in PATTERN_SOURCES {
            for source in *list {
                words.extend(
                    source
                        .split(|c: char| !c.is_alphabetic() && c != '\'' && c != '-')
                        .filter(|w| w.chars().count() > 1)
                        .map(str::to_string),
                );
            }
        }
        words.into_iter().collect()
    }

    /// The shaped set is searched whenever its gate lets a pattern of it
    /// match: on one digit, ASCII or of another script, anywhere in the
    /// block, and on the verb of `name says:` (these lines match only
    /// patterns of that set).
    #[test]
    fn the_shaped_set_opens_on_one_digit_or_the_verb() {
        let patterns = Patterns::get();
        for (text, kind) in [
            ("3 days ago", Pattern::Dateline),
            ("\u{663} days ago", Pattern::Dateline),
            ("\u{FF13} hours ago", Pattern::Dateline),
            ("Anna Berg wrote:", Pattern::Comments),
            ("Jo said", Pattern::Comments),
            ("\u{966}:45", Pattern::Dateline),
        ] {
            let mut only_shaped = PatternHits::default();
            let set = patterns.shaped.get();
            set.add_matches(&mut set.dfa.create_cache(), text, &mut only_shaped);
            assert!(only_shaped.has(kind), "{text:?}");
            let mut word_led = PatternHits::default();
            let set = &patterns.anchored;
            set.add_matches(&mut set.dfa.create_cache(), text, &mut word_led);
            assert!(word_led.is_empty(), "{text:?}");
            assert!(patterns.matches(text).has(kind), "{text:?}");
        }
    }

    /// The trigger has no look-around (no `^`, `$`, `\b`): whether a block
    /// contains a match does not depend on the bytes around it, which the
    /// search of the whole page (`TriggerScan`) relies on.
    #[test]
    fn the_trigger_has_no_look_around() {
        assert!(trigger_dfa().get_nfa().look_set_any().is_empty());
        // Not vacuous: a word boundary is look-around.
        let bounded = DFA::new(r"(?-u:\b)cookie").unwrap();
        assert!(!bounded.get_nfa().look_set_any().is_empty());
    }

    /// A list marker before one block in three, as a text page has them
    /// (the block's content is then its range's tail).
    pub(crate) fn list_marker(state: &mut u64) -> &'static str {
        match lcg(state) % 6 {
            0 => "- ",
            1 => "• ",
            _ => "",
        }
    }

    /// A page as text mode lays it out: blocks that are ranges of one
    /// buffer, some after a list marker (the content is the range's tail),
    /// with separators between them, or none at all (so that a trigger can
    /// run from one block into the next), and the per-block answer for
    /// each block's content.
    fn random_page(state: &mut u64, words: &[String]) -> (Vec<(Text, usize)>, Vec<PatternHits>) {
        let mut page = String::new();
        let mut ranges = Vec::new();
        for _ in 0..1 + lcg(state) % 60 {
            let start = page.len();
            let marker = list_marker(state);
            page.push_str(marker);
            let earlier = ranges.get(lcg(state) % (4 * ranges.len() + 1)).copied();
            if let Some((from, _, to)) = earlier {
                // A line the page had before (a menu item, a date).
                let line = page.get(from..to).unwrap().to_string();
                page.push_str(&line);
            } else if lcg(state).is_multiple_of(2) {
                page.push_str(&random_line(state, words));
            } else {
                // A line of prose, between the lines of furniture.
                const PROSE: &[&str] = &["the", "river", "rose", "again", "in", "spring", "and"];
                for index in 0..1 + lcg(state) % 30 {
                    if index > 0 {
                        page.push(' ');
                    }
                    page.push_str(PROSE[lcg(state) % PROSE.len()]);
                }
            }
            ranges.push((start, marker.len(), page.len()));
            page.push_str(match lcg(state) % 6 {
                0 => "",
                1 => " ",
                2 => "\n\n",
                _ => "\n",
            });
        }
        let page = std::sync::Arc::new(page);
        let patterns = Patterns::get();
        let mut blocks = Vec::new();
        let mut expected = Vec::new();
        for (start, content_start, end) in ranges {
            let text = Text::Shared {
                buffer: page.clone(),
                start,
                end,
            };
            expected.push(patterns.matches(text.tail(content_start)));
            blocks.push((text, content_start));
        }
        (blocks, expected)
    }

    /// One trigger search per page answers as the search of each block
    /// would, and a repeated content as its first block: every block of
    /// random pages gets the kinds the per-block search finds, whether
    /// asked in page order, out of order, or with the blocks of two pages
    /// interleaved.
    #[test]
    fn page_trigger_scan_agrees_with_the_per_block_search() {
        let words = pattern_words();
        let patterns = Patterns::get();
        let mut state = 11;
        let mut cache = patterns.anchored.dfa.create_cache();
        let (mut blocks_seen, mut gated_hits, mut repeats) = (0, 0, 0);
        // Searches and blocks of the pages asked in order.
        let (mut searches, mut in_order, mut page_scans) = (0, 0, 0);
        for round in 0..400 {
            let (mut blocks, mut expected) = random_page(&mut state, &words);
            match round % 4 {
                // Out of order: the scan's answer must not carry over.
                0 => {
                    blocks.reverse();
                    expected.reverse();
                }
                // Two pages, block by block.
                1 => {
                    let (other, other_expected) = random_page(&mut state, &words);
                    let mut mixed = Vec::new();
                    let mut mixed_expected = Vec::new();
                    let mut a = blocks.into_iter().zip(expected);
                    let mut b = other.into_iter().zip(other_expected);
                    loop {
                        let (x, y) = (a.next(), b.next());
                        if x.is_none() && y.is_none() {
                            break;
                        }
                        for (block, hits) in x.into_iter().chain(y) {
                            mixed.push(block);
                            mixed_expected.push(hits);
                        }
                    }
                    (blocks, expected) = (mixed, mixed_expected);
                }
                _ => {}
            }
            // Every other pair of rounds, the page is scanned before its
            // blocks ask (as `features` does), in the order they are asked.
            let page_scan = round % 8 >= 4;
            let mut matcher = if page_scan {
                patterns.page_matcher(blocks.iter().map(|(text, from)| (text, text.tail(*from))))
            } else {
                patterns.matcher()
            };
            // Ids of the contents, as `features` gives them.
            let mut ids = std::collections::HashMap::new();
            for ((text, content_start), hits) in blocks.iter().zip(&expected) {
                let content = text.tail(*content_start);
                let chars = content.chars().count();
                let next = ids.len();
                let id = *ids.entry(content).or_insert(next);
                let found = if round % 3 == 0 {
                    matcher.matches(text, content, chars, ascii_digits(content))
                } else {
                    matcher.matches_repeated(id, text, content, chars, ascii_digits(content))
                };
                repeats += usize::from(id < next);
                assert_eq!(found, *hits, "{content:?} in {:?}", text.as_str());
                // Kinds only the gated or unanchored sets find.
                let mut anchored_only = PatternHits::default();
                patterns
                    .anchored
                    .add_matches(&mut cache, content, &mut anchored_only);
                gated_hits += usize::from(found != anchored_only);
                blocks_seen += 1;
            }
            if round % 4 > 1 && !page_scan {
                searches += matcher.scan.searches;
                in_order += blocks.len();
            }
            // In page order, the page scan answers every block.
            if round % 4 > 1 && page_scan {
                assert_eq!(matcher.scan.searches, 0);
                page_scans += 1;
            }
        }
        // Not vacuous: blocks shared searches, and the gated sets decided some.
        assert!(
            searches * 3 < in_order * 2,
            "{searches} searches, {in_order} blocks"
        );
        assert!(
            gated_hits > blocks_seen / 20,
            "{gated_hits} of {blocks_seen}"
        );
        assert!(repeats > blocks_seen / 10, "{repeats} of {blocks_seen}");
        assert!(page_scans >= 100, "{page_scans}");
    }

    /// The split into sets, the trigger gate and the length limits change no
    /// result: every line gets the kinds of the patterns a plain `RegexSet`
    /// of all of them finds in it, within the limits.
    #[test]
    fn hits_agree_with_a_regex_set_of_every_pattern() {
        let mut sources = Vec::new();
        let mut kinds = Vec::new();
        for (kind, list) in PATTERN_SOURCES {
            for source in *list {
                sources.push(compile_source(source));
                kinds.push((*kind, is_anchored(source)));
            }
        }
        let words = pattern_words();
        let set = regex::RegexSetBuilder::new(&sources)
            .dfa_size_limit(DFA_CACHE_BYTES)
            .build()
            .unwrap();
        let patterns = Patterns::get();
        let mut state = 7;
        let mut matched = PatternHits::default();
        let mut lines_matched = 0;
        let lines = 20_000;
        for _ in 0..lines {
            let line = random_line(&mut state, &words);
            let chars = line.chars().count();
            let mut expected = PatternHits::default();
            if chars <= MAX_MATCHED_CHARS {
                for (kind, anchored) in set.matches(&line).iter().map(|i| kinds[i]) {
                    if !anchored || chars <= ANCHORED_MAX_CHARS {
                        expected.insert(kind);
                    }
                }
            }
            assert_eq!(patterns.matches(&line), expected, "{line:?}");
            matched.0 |= expected.0;
            lines_matched += usize::from(!expected.is_empty());
        }
        // Not a vacuous comparison: lines of every kind matched.
        assert_eq!(matched.iter().count(), Pattern::ALL.len());
        assert!(lines_matched > lines / 10, "{lines_matched}");
    }

    /// Each set's mirror walk (see `mirror.rs`) answers as a regex set of
    /// the set's patterns, with a table that grows over many lines, one
    /// that fills up and starts over, and a lazy DFA whose cache is so
    /// small that it clears during the walks.
    #[test]
    fn mirror_walks_agree_with_a_regex_set_of_their_patterns() {
        let words = pattern_words();
        let patterns = Patterns::get();
        let sets = [
            ("word-led", &patterns.anchored),
            ("shaped", patterns.shaped.get()),
            ("gated menus", patterns.gated[0].get()),
            ("gated comments", patterns.gated[1].get()),
            ("gated notices", patterns.gated[2].get()),
            ("free consent", patterns.free[0].get()),
            ("free legal", patterns.free[1].get()),
            ("free reader", patterns.free[2].get()),
        ];
        // Lines some pattern of a family (the gated sets, the unanchored
        // ones) matches, over its sets: at least as many as when each
        // family was one set.
        let (mut gated_matched, mut free_matched) = (0, 0);
        for (name, set) in sets {
            let reference = regex::RegexSet::new(&set.sources).unwrap();
            // The smallest cache the lazy DFA accepts for the set.
            let small = PatternSet {
                dfa: DFA::builder()
                    .configure(
                        DFA::config()
                            .match_kind(MatchKind::All)
                            .cache_capacity(0)
                            .skip_cache_capacity_check(true)
                            .minimum_cache_clear_count(None),
                    )
                    .thompson(no_captures())
                    .build_many(&set.sources)
                    .unwrap(),
                kinds: set.kinds.clone(),
                anchored: set.anchored,
                fallback: OnceLock::new(),
                sources: set.sources.clone(),
            };
            let mut caches = [
                set.create_cache(),
                SetCache {
                    lazy: set.dfa.create_cache(),
                    mirror: Mirror::new(&set.dfa, set.anchored).map(|m| m.with_max_states(20)),
                },
                small.create_cache(),
            ];
            let mut state = 5;
            let mut matched = 0;
            for index in 0..8_000 {
                let line = match index % 4 {
                    0 => random_line(&mut state, &words),
                    // A line of no pattern, and the bytes no line has.
                    1 => format!("{} \u{1F600}\t\x01", random_line(&mut state, &words)),
                    2 => random_line(&mut state, &words).to_lowercase(),
                    // The shapes of the shaped set, whole or cut short.
                    _ => {
                        const SHAPES: &[&str] = &[
                            "12 comments",
                            "3 hours ago",
                            "about 5 minutes ago",
                            "Anna Berg wrote:",
                            "Jo said",
                            "5. März 2024",
                            "Monday, 12 May 2024",
                            "12.03.2024 - 10:45",
                            "segunda-feira, 3",
                            "vor 3 Stunden",
                            "\u{966}:45",
                            "-- 7 Kommentare",
                            // And of the smaller unanchored sets.
                            "Subscribe now",
                            "Share this article",
                            "Follow us on Mastodon",
                            "4 min read",
                            "You received this email because",
                            "© 2024 Example Media",
                        ];
                        let shape = SHAPES[lcg(&mut state) % SHAPES.len()];
                        let cut = shape
                            .char_indices()
                            .map(|(at, _)| at)
                            .nth(lcg(&mut state) % 12);
                        let shape = cut.and_then(|at| shape.get(..at)).unwrap_or(shape);
                        let tail = random_line(&mut state, &words);
                        format!(
                            "{shape}{}",
                            if lcg(&mut state).is_multiple_of(2) {
                                String::new()
                            } else {
                                tail
                            }
                        )
                    }
                };
                let mut expected = PatternHits::default();
                for index in reference.matches(&line).iter() {
                    expected.insert(set.kinds[index]);
                }
                matched += usize::from(!expected.is_empty());
                for (variant, cache) in caches.iter_mut().enumerate() {
                    let mut found = PatternHits::default();
                    let owner = if variant == 2 { &small } else { set };
                    owner.add_mirrored(cache, &line, &mut found);
                    assert_eq!(found, expected, "{name} set, variant {variant}: {line:?}");
                }
            }
            // (The gated and unanchored groups' sets hold a few patterns
            // each; their families are held to 100 below.)
            let enough = if name.starts_with("gated") {
                gated_matched += matched;
                20
            } else if name.starts_with("free") {
                free_matched += matched;
                20
            } else {
                100
            };
            assert!(matched > enough, "{name}: {matched}");
            let restarts = |cache: &SetCache| cache.mirror.as_ref().unwrap().restarts;
            // (The full table may start over too: random lines meet many
            // more states of the sets that walk whole lines than pages do.)
            assert!(restarts(&caches[1]) > 100 + restarts(&caches[0]), "{name}");
            assert!(
                restarts(&caches[2]) > 0,
                "{name}: the small cache never cleared"
            );
        }
        assert!(gated_matched > 100, "gated: {gated_matched}");
        assert!(free_matched > 100, "free: {free_matched}");
    }

    #[test]
    fn every_pattern_compiles() {
        for (_, list) in PATTERN_SOURCES {
            for source in *list {
                assert!(regex::Regex::new(source).is_ok(), "{source}");
            }
        }
    }

    #[test]
    fn matches_the_kinds_it_should() {
        let patterns = Patterns::get();
        let cases = [
            (
                "We use cookies to improve your experience.",
                Pattern::Consent,
            ),
            ("Accept all", Pattern::Consent),
            ("Share on Facebook", Pattern::Share),
            ("Facebook Twitter Email", Pattern::Share),
            ("Skip to content", Pattern::Navigation),
            ("© 2024 Example Media. All rights reserved.", Pattern::Legal),
            ("Most Read", Pattern::Related),
            ("Leave a Reply", Pattern::Comments),
            ("Subscribe to our newsletter", Pattern::Promo),
            ("By Jane Doe", Pattern::Byline),
            ("5 min read", Pattern::Dateline),
            ("January 8, 2026", Pattern::Dateline),
            ("Posted 3 min read ago", Pattern::Dateline),
            ("November 19, 2019 at 6:34 am", Pattern::Dateline),
            ("34 responses to the story", Pattern::Comments),
            ("reader42 says:", Pattern::Comments),
            ("[ 167 comments ]", Pattern::Comments),
            ("Top Rated Comments", Pattern::Comments),
            ("2 days ago at 07:52 am", Pattern::Dateline),
            ("Hinterlasse eine Antwort", Pattern::Comments),
            ("Schlagwörter: Sport", Pattern::EndOfArticle),
            ("Nächster Beitrag", Pattern::Navigation),
            ("Lee también: otra noticia", Pattern::Related),
            ("Wir respektieren deine Privatsphäre", Pattern::Consent),
            ("Continue reading below", Pattern::Promo),
            ("We will not publish your email address.", Pattern::Comments),
            ("‹ Previous | 1 | 2 | 3 | Next ›", Pattern::Navigation),
            ("Home | World | Sport", Pattern::Navigation),
            ("17:43", Pattern::Dateline),
            ("Additional sources of information • AFP", Pattern::Byline),
            ("Door Sanne de Vries | 4 maart 2026", Pattern::Byline),
            ("Partilhar no Facebook", Pattern::Share),
            ("Ja, ik ga akkoord", Pattern::Consent),
            ("Was this page helpful?", Pattern::Promo),
            ("War dieser Ratgeber hilfreich?", Pattern::Promo),
            ("Gefällt dir dieser Blog?", Pattern::Promo),
            ("Teilen Sie diesen Artikel mit Freunden", Pattern::Share),
            ("Log in to comment", Pattern::Comments),
            ("This article is for subscribers only.", Pattern::Promo),
            (
                "By continuing to browse you agree to our use of cookies",
                Pattern::Consent,
            ),
            ("Follow us on Instagram", Pattern::Share),
            ("Alle Rechte vorbehalten.", Pattern::Legal),
            (
                "Lesen Sie auch: Neue Radwege für die Altstadt",
                Pattern::Related,
            ),
            ("Siehe auch: Der neue Fahrplan", Pattern::Related),
            ("Vea también: El puerto amplía su horario", Pattern::Related),
            ("Mire: Vuelve el tren al norte", Pattern::Related),
            ("Voir aussi : le nouveau parc", Pattern::Related),
            ("Hier weiterlesen", Pattern::Navigation),
            ("Zurück zur Übersicht", Pattern::Navigation),
            ("Back to all news", Pattern::Navigation),
            ("Jetzt kostenlos registrieren", Pattern::Promo),
            (
                "Affiliate disclosure: links on this page may earn us money.",
                Pattern::Promo,
            ),
            ("This article may contain affiliate links.", Pattern::Promo),
            (
                "We may earn a commission when you buy through our links.",
                Pattern::Promo,
            ),
            ("To read the full article, please log in.", Pattern::Promo),
        ];
        for (text, kind) in cases {
            assert!(
                patterns.matches(text).has(kind),
                "{text:?} should match {kind:?}"
            );
        }
    }

    #[test]
    fn long_blocks_match_the_unanchored_patterns() {
        let filler = "The committee met again on Thursday to look at the figures once more. ";
        let cases = [
            (
                "We use cookies to give you the best experience on our website.",
                Pattern::Consent,
            ),
            ("Share on Facebook", Pattern::Share),
            (
                "Copyright 2024 Example Media, all rights reserved.",
                Pattern::Legal,
            ),
            (
                "Sign up for our newsletter and get the news in your inbox.",
                Pattern::Promo,
            ),
        ];
        for (text, kind) in cases {
            let long = format!("{filler}{filler}{filler}{text}");
            assert!(long.chars().count() > ANCHORED_MAX_CHARS);
            assert!(
                Patterns::get().matches(&long).has(kind),
                "{long:?} should match {kind:?}"
            );
        }
    }

    #[test]
    fn bylines_need_capitalised_names() {
        let patterns = Patterns::get();
        assert!(patterns
            .matches("By Jane Doe and John Roe")
            .has(Pattern::Byline));
        assert!(patterns.matches("von Anna Schmidt").has(Pattern::Byline));
        assert!(!patterns.matches("by the river bank").has(Pattern::Byline));
    }

    #[test]
    fn a_speaker_in_a_transcript_is_no_teaser() {
        let patterns = Patterns::get();
        for line in ["Lee: We started the shop in 1998.", "Mira: It was my idea."] {
            assert!(patterns.matches(line).is_empty(), "{line:?}");
        }
    }

    #[test]
    fn prose_matches_nothing() {
        let text = "The minister said on Monday that the talks would continue, and that both sides had agreed to share the results.";
        assert!(Patterns::get().matches(text).is_empty());
    }

    #[test]
    fn disclaimers_reader_appeals_and_print_edition_notes() {
        let patterns = Patterns::get();
        let cases = [
            ("(Alle Angaben ohne Gewähr)", Pattern::Legal),
            (
                "Sofern nicht anders angegeben, stehen alle Texte unter der Lizenz CC BY 4.0.",
                Pattern::Legal,
            ),
            (
                "Dieser Beitrag gibt die Meinung der Autorin wieder.",
                Pattern::Legal,
            ),
            (
                "The views expressed in this column are the writer's own.",
                Pattern::Legal,
            ),
            (
                "The Example Herald is not responsible for the opinions of its guest writers.",
                Pattern::Legal,
            ),
            ("We rely on your support to keep reporting.", Pattern::Promo),
            (
                "For the latest headlines download our free app for phones.",
                Pattern::Promo,
            ),
            (
                "Verpasse keine Nachrichten aus deiner Stadt!",
                Pattern::Promo,
            ),
            ("Sie lesen gern Beispielblatt?", Pattern::Promo),
            ("Jede Spende hilft uns weiter.", Pattern::Promo),
            (
                "Dieser Artikel erschien in Ausgabe 3/2020 unseres Magazins.",
                Pattern::Promo,
            ),
            ("Pour lire la suite, abonnez-vous.", Pattern::Promo),
            ("Valora esta noticia", Pattern::Promo),
            ("Rezept drucken", Pattern::Promo),
            ("Mit Freunden teilen", Pattern::Share),
            ("Das könnte dich auch interessieren:", Pattern::Related),
            (
                "Abbildung 2: Querschnitt durch die Schneedecke",
                Pattern::Byline,
            ),
            ("The harbour at dawn. © Example Pictures", Pattern::Byline),
            (
                "Die Mannschaft beim Training. (Foto: Beispiel)",
                Pattern::Byline,
            ),
            ("Pressekontakt:", Pattern::Byline),
            ("Alles über die neuen Tarife… mehr", Pattern::Related),
            ("¿Sabías que tenemos canal de WhatsApp?", Pattern::Promo),
            (
                "Get the latest stories in your inbox every morning.",
                Pattern::Promo,
            ),
            ("Have a tip? Write to the newsroom.", Pattern::Promo),
            ("A Message to Our Readers", Pattern::Promo),
            (
                "quarta-feira, 3 de março de 2021 às 9:45",
                Pattern::Dateline,
            ),
            (
                "Note: comments with insults will not be approved by the moderator.",
                Pattern::Comments,
            ),
        ];
        for (text, kind) in cases {
            assert!(
                patterns.matches(text).has(kind),
                "{text:?} should be {kind:?}"
            );
        }
        for prose in [
            "For the latest figures the ministry relied on data from the census.",
            "Der Artikel erschien nie, weil die Redaktion ihn zurückzog.",
            "Jede Woche kamen mehr Besucher in das kleine Museum am Hafen.",
            "The fee rose to €40 (about $45) last year.",
            "Kontakt zur Familie hatte er seit Jahren nicht mehr.",
        ] {
            assert!(patterns.matches(prose).is_empty(), "{prose:?}");
        }
    }
}
