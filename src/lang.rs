//! Language detection by stopwords, and the stopword sets themselves.
//!
//! Stopword density — the share of a block's words that are function words
//! ("the", "and", "of") — is the best single sign of running prose (jusText,
//! Pomikálek 2011). The page's language is the one whose stopwords are most
//! frequent over its first few thousand words.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// A language linesift has stopwords for.
///
/// ```
/// use linesift::Language;
/// assert_eq!(Language::German.code(), "de");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// English.
    English,
    /// German.
    German,
    /// French.
    French,
    /// Spanish.
    Spanish,
    /// Italian.
    Italian,
    /// Portuguese.
    Portuguese,
    /// Dutch.
    Dutch,
}

impl Language {
    /// Every supported language.
    pub const ALL: [Language; 7] = [
        Language::English,
        Language::German,
        Language::French,
        Language::Spanish,
        Language::Italian,
        Language::Portuguese,
        Language::Dutch,
    ];

    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::German => "de",
            Language::French => "fr",
            Language::Spanish => "es",
            Language::Italian => "it",
            Language::Portuguese => "pt",
            Language::Dutch => "nl",
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    /// True if `word` (in any case) is a stopword of this language.
    #[cfg(test)]
    pub(crate) fn is_stopword(self, word: &str) -> bool {
        stopword_mask(word) & self.bit() != 0
    }

    /// This language's bit in a [`stopword_mask`].
    pub(crate) fn bit(self) -> u8 {
        1 << self.index()
    }
}

/// The languages `word` (in any case) is a stopword of, one bit per language
/// in [`Language::ALL`] order. One hash look-up serves every language, so the
/// features can count stopwords of all seven in a single pass and the page's
/// language can be chosen afterwards.
pub(crate) fn stopword_mask(word: &str) -> u8 {
    if word.len() > MAX_STOPWORD_BYTES {
        return 0;
    }
    if word.is_ascii() {
        let bytes = word.as_bytes();
        if bytes.iter().any(u8::is_ascii_control) {
            // No word character, and `mask_ascii_in` takes only those.
            return 0;
        }
        stopwords().mask_ascii_in(bytes, 0, bytes.len())
    } else if word.bytes().any(lowers_beyond_latin1) {
        // Greek, Cyrillic, Hangul, CJK …: the lower case keeps a character
        // no stopword has.
        0
    } else {
        // Lower-cased into a key-sized buffer: a word whose lower case does
        // not fit is no stopword.
        let mut key = [0u8; MAX_STOPWORD_BYTES];
        let mut len = 0;
        for c in word.chars() {
            // A character beyond Latin-1 that does not lower into it (a
            // typographic apostrophe, a letter of Latin Extended) keeps one
            // in the lower case, which no stopword has: no case mapping to
            // look up for the rest of the word.
            let lower = match latin1_lower(c) {
                Some(lower) => lower,
                None => match LOWER_INTO_LATIN1.iter().find(|&&(upper, _)| upper == c) {
                    Some(&(_, lower)) => lower,
                    None => return 0,
                },
            };
            let Some(slot) = key.get_mut(len..len + lower.len_utf8()) else {
                return 0;
            };
            lower.encode_utf8(slot);
            len += lower.len_utf8();
        }
        stopwords().get(u128::from_le_bytes(key))
    }
}

/// The lower case of a Latin-1 character without the case tables (a unit
/// test compares it with `char::to_lowercase`): the capitals, `×` aside,
/// are 32 below their small letters. `None` beyond Latin-1.
#[inline]
fn latin1_lower(c: char) -> Option<char> {
    match c {
        'A'..='Z' | '\u{c0}'..='\u{d6}' | '\u{d8}'..='\u{de}' => {
            char::from_u32(u32::from(c) + 0x20)
        }
        '\0'..='\u{ff}' => Some(c),
        _ => None,
    }
}

/// The characters beyond U+00FF whose lower case is in Latin-1, with it (a
/// unit test checks there are no others, and each lower case against the
/// case tables): Ÿ, the capital sharp s, the Kelvin and the Ångström signs.
const LOWER_INTO_LATIN1: [(char, char); 4] = [
    ('\u{178}', '\u{ff}'),
    ('\u{1e9e}', '\u{df}'),
    ('\u{212a}', 'k'),
    ('\u{212b}', '\u{e5}'),
];

/// True if `byte` starts a character whose lower case is beyond U+00FF, as
/// every character from U+0340 up is but three (checked by a unit test):
/// the lead bytes of U+0340 to U+07FF and of U+3000 up, leaving out
/// U+1000 to U+2FFF where the capital sharp s, the Kelvin and the Ångström
/// signs lower to Latin-1. Stopwords are written in ASCII and Latin-1 only.
fn lowers_beyond_latin1(byte: u8) -> bool {
    matches!(byte, 0xCD..=0xDF | 0xE3..=0xF4)
}

/// The language with the most stopword hits, if it has at least a handful.
pub(crate) fn choose(hits: &[usize; 7]) -> Option<Language> {
    let (best, &count) = hits
        .iter()
        .enumerate()
        .max_by_key(|&(i, c)| (*c, usize::MAX - i))?;
    if count >= MIN_DETECTION_HITS {
        Language::ALL.get(best).copied()
    } else {
        None
    }
}

/// Fewer stopword hits than this on a page and no language is chosen.
const MIN_DETECTION_HITS: usize = 3;

const ENGLISH: &str = "a about above after again against all also am an and any are as at be because been \
before being below between both but by can could did do does doing down during each few for from further \
had has have having he her here hers herself him himself his how i if in into is it its itself just me \
more most my myself no nor not now of off on once only or other our ours ourselves out over own same she \
should so some such than that the their theirs them themselves then there these they this those through \
to too under until up very was we were what when where which while who whom why will with would you your \
yours yourself yourselves said says may might must shall one two its it's also however since many much";

const GERMAN: &str = "aber alle allem allen aller alles als also am an ander andere anderem anderen \
anderer anderes auch auf aus bei bin bis bist da damit dann das dass daß dem den denn der des dich die dies \
diese diesem diesen dieser dieses dir doch dort du durch ein eine einem einen einer eines einige er es \
etwas euch euer für gegen gewesen hab habe haben hat hatte hatten hier hin hinter ich ihm ihn ihnen ihr \
ihre ihrem ihren ihrer im in indem ins ist jede jedem jeden jeder jedes jetzt kann kein keine können \
könnte machen man manche mehr mein meine mich mir mit muss musste nach nicht nichts noch nun nur ob oder \
ohne sehr sein seine seinem seinen seiner sich sie sind so solche soll sollte sondern sonst über um und \
uns unser unter viel vom von vor war waren warum was weil welche wenn wer werde werden wie wieder will \
wir wird wo wurde wurden zu zum zur zwar zwischen";

const FRENCH: &str = "a ai aie au aux avec avait avoir c ce ceci cela celle celles celui ces cet cette \
chez comme d dans de des du elle elles en encore est et été être eu fait faire il ils je l la le les leur \
leurs lui m ma mais me même mes moi mon n ne ni nos notre nous on ont ou où par pas peut plus pour qu que \
qui s sa sans se ses si son sont sous sur ta te tes toi ton tous tout toute toutes très tu un une vos \
votre vous y été était étaient sera seront aussi entre depuis après avant dont ainsi alors selon";

const SPANISH: &str = "a al algo algunos ante antes como con contra cual cuando de del desde donde durante \
e el ella ellas ellos en entre era es esa esas ese eso esos esta estaba estado estar este esto estos fue \
fueron ha había han hasta hay la las le les lo los más me mi mis mucho muy más nada ni no nos nosotros o \
otra otras otro otros para pero poco por porque que quien se sea ser si sido sin sobre son su sus también \
tanto te tiene tienen todo todos tu un una unas uno unos y ya está están será puede según";

const ITALIAN: &str = "a ad al alla alle agli ai anche ancora avere aveva c che chi ci come con contro \
cui da dal dalla dalle dei del della delle dello di dove e ed era erano essere è fa fatto fino gli ha \
hanno i il in io la le lei li lo loro lui ma mi molto ne nei nel nella nelle non noi o per perché più \
poi può quale quando quanto quella quelle quello questa queste questo se sei si sia siamo sono su sua \
sue sui sul sulla suo suoi tra tu tutti tutto un una uno vi viene stato stata essere dopo";

const PORTUGUESE: &str = "a ao aos as até com como da das de dela dele deles depois do dos e ela elas \
ele eles em entre era essa essas esse esses esta estas este estes eu foi foram há isso isto já lhe mais \
mas me mesmo meu minha muito na nas não nem no nos nós o os ou para pela pelas pelo pelos por qual quando \
que quem se seja sem ser seu seus sua suas também te tem têm tinha um uma umas uns você é está estão \
será sobre segundo ainda";

const DUTCH: &str = "aan al alles als altijd andere ben bij daar dan dat de der deze die dit doch doen \
door dus een eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand iets \
ik in is ja je kan kon kunnen maar me meer men met mij mijn moet na naar niet niets nog nu of om omdat \
onder ons ook op over reeds te tegen toch toen tot u uit uw van veel voor want waren was wat werd wezen \
wie wil worden wordt zal ze zelf zich zij zijn zo zonder zou";

/// Longer words are never stopwords (the longest listed is shorter): they skip the look-up.
const MAX_STOPWORD_BYTES: usize = 16;

/// A word of at most [`MAX_STOPWORD_BYTES`] bytes as one integer (bytes in
/// order, zero-padded): no word contains a NUL, so different words give
/// different keys, and comparing two is one integer comparison.
fn key_of(word: &[u8]) -> Option<u128> {
    let mut key = [0u8; MAX_STOPWORD_BYTES];
    key.get_mut(..word.len())?.copy_from_slice(word);
    Some(u128::from_le_bytes(key))
}

/// `byte` in every byte of a `u64`.
const fn splat64(byte: u8) -> u64 {
    u64::from_le_bytes([byte; 8])
}

/// `byte` in every byte of a `u128`.
const fn splat128(byte: u8) -> u128 {
    u128::from_le_bytes([byte; 16])
}

/// ASCII upper-case letters to lower case, eight bytes at once. Every byte
/// must be below 0x80 (ASCII or padding): then no byte's sum carries into the
/// next, and the high bit of each sum says whether the byte is at least 'A'
/// (first sum) or above 'Z' (second sum).
#[inline]
fn ascii_lower64(bytes: u64) -> u64 {
    let at_least_a = bytes.wrapping_add(splat64(0x80 - b'A'));
    let above_z = bytes.wrapping_add(splat64(0x80 - b'Z' - 1));
    let upper = at_least_a & !above_z & splat64(0x80);
    bytes | (upper >> 2)
}

/// Bit 5 set in every byte: the lower case of an ASCII letter, and no
/// change to the digits, `'`, `.`, `,`, `:` and `;`. Of the other word
/// characters, `_` becomes DEL, which no stopword holds, and no capital
/// letter's image is anything but its lower case; only control characters,
/// which words never hold, would fold onto a stopword's `'`. Two
/// instructions rather than [`ascii_lower64`]'s eight.
#[inline(always)]
fn fold_case64(bytes: u64) -> u64 {
    bytes | splat64(0x20)
}

/// [`ascii_lower64`] for sixteen bytes.
#[inline]
fn ascii_lower128(bytes: u128) -> u128 {
    let at_least_a = bytes.wrapping_add(splat128(0x80 - b'A'));
    let above_z = bytes.wrapping_add(splat128(0x80 - b'Z' - 1));
    let upper = at_least_a & !above_z & splat128(0x80);
    bytes | (upper >> 2)
}

/// A key of a [`Slots`] table (since the ASCII words went to their own
/// cuckoo table, [`AsciiSlots`], only the `u128` keys of the others).
trait Key: Copy + Eq + Default {
    /// The key folded into 64 bits for the multiplicative hash.
    fn fold(self) -> u64;
}

impl Key for u128 {
    #[inline]
    fn fold(self) -> u64 {
        (self as u64) ^ ((self >> 64) as u64).rotate_left(29)
    }
}

/// Masks by key in an open-addressing table of `N` slots (a power of two):
/// a multiply-shift hash of the key and a probe or two cost less than
/// hashing and comparing byte slices. The size is fixed at compile time, so
/// the slot of a hash needs no length or shift loaded, nor a bounds check.
struct Slots<K, const N: usize> {
    /// Keys, 0 for an empty slot. Kept apart from the masks so the probed
    /// keys sit in as few cache lines as possible.
    keys: [K; N],
    /// The mask of the key in the same slot.
    masks: [u8; N],
}

impl<K: Key, const N: usize> Slots<K, N> {
    /// `64 - log2(N)`: the hash keeps the top bits.
    const SHIFT: u32 = 64 - N.trailing_zeros();

    /// The table of `words`, or `None` if they fill more than half of it
    /// (a sparse table ends most probes at the first slot; a unit test
    /// checks the stopword lists fit).
    fn new(words: &[(K, u8)]) -> Option<Slots<K, N>> {
        if !N.is_power_of_two() || words.len() * 2 > N {
            return None;
        }
        let mut slots = Self::empty();
        for &(key, mask) in words {
            let mut at = Self::slot(key);
            while let Some(slot) = slots.keys.get_mut(at) {
                if *slot == K::default() || *slot == key {
                    *slot = key;
                    if let Some(slot_mask) = slots.masks.get_mut(at) {
                        *slot_mask |= mask;
                    }
                    break;
                }
                at = (at + 1) & (N - 1);
            }
        }
        Some(slots)
    }

    fn empty() -> Slots<K, N> {
        Slots {
            keys: [K::default(); N],
            masks: [0; N],
        }
    }

    #[inline(always)]
    fn slot(key: K) -> usize {
        (key.fold().wrapping_mul(0x9E37_79B9_7F4A_7C15) >> Self::SHIFT) as usize & (N - 1)
    }

    #[inline(always)]
    fn get(&self, key: K) -> u8 {
        let mut at = Self::slot(key);
        // The table is never more than half full, so an empty slot ends every probe.
        while let Some(&slot_key) = self.keys.get(at) {
            if slot_key == key {
                return self.masks.get(at).copied().unwrap_or(0);
            }
            if slot_key == K::default() {
                return 0;
            }
            at = (at + 1) & (N - 1);
        }
        0
    }
}

/// Slots of the table of ASCII stopwords of up to eight bytes (nearly all of them).
const SHORT_SLOTS: usize = 2048;
/// Slots of the table of the other stopwords: longer, or beyond ASCII.
const OTHER_SLOTS: usize = 256;

/// The high bit of every byte of a `u64`.
const HIGH_BITS: u64 = splat64(0x80);
/// The low bit of the first seven bytes: one per language, as a stopword
/// mask's bits spread to 8-bit lanes.
const LANE_BITS: u64 = 0x0001_0101_0101_0101;

/// ASCII keys of up to eight bytes by cuckoo hashing: a key is in one of two
/// slots, one per hash, and a look-up reads both and keeps the one that
/// matches, so that whether a word is a stopword is never a branch (words
/// are stopwords or not about half and half in prose, past any predictor).
/// Each slot holds the key with its stopword mask in the high bits of its
/// first seven bytes, which an ASCII key leaves clear: one load a slot, and
/// the mask comes out already spread to the 8-bit lanes the word loop adds.
struct AsciiSlots {
    /// 0 for an empty slot, which no key (a word has a byte) matches but 0.
    entries: [u64; SHORT_SLOTS],
}

impl AsciiSlots {
    /// `64 - log2(SHORT_SLOTS)`: the hashes keep the top bits.
    const SHIFT: u32 = 64 - SHORT_SLOTS.trailing_zeros();
    /// Odd multipliers of the two hashes.
    const FIRST: u64 = 0x9E37_79B9_7F4A_7C15;
    const SECOND: u64 = 0xC2B2_AE3D_27D4_EB4F;
    /// Evictions one insertion may make before the table is given up.
    const MAX_KICKS: usize = 500;

    #[inline(always)]
    fn slot(key: u64, multiplier: u64) -> usize {
        (key.wrapping_mul(multiplier) >> Self::SHIFT) as usize & (SHORT_SLOTS - 1)
    }

    /// The table of `words` (ASCII keys), or `None` if they fill more than
    /// half of it (where two choices a key stop being enough) or the
    /// insertions do not settle.
    fn new(words: &[(u64, u8)]) -> Option<AsciiSlots> {
        if words.len() * 2 > SHORT_SLOTS {
            return None;
        }
        let mut table = AsciiSlots::empty();
        for &(key, mask) in words {
            let mut entry = key | spread_mask(mask) << 7;
            let mut at = Self::slot(key, Self::FIRST);
            let mut placed = false;
            for _ in 0..Self::MAX_KICKS {
                let slot = table.entries.get_mut(at)?;
                std::mem::swap(slot, &mut entry);
                if entry == 0 {
                    placed = true;
                    break;
                }
                // The entry moved out goes to its other slot.
                let moved = entry & !HIGH_BITS;
                let first = Self::slot(moved, Self::FIRST);
                at = if first == at {
                    Self::slot(moved, Self::SECOND)
                } else {
                    first
                };
            }
            if !placed {
                return None;
            }
        }
        Some(table)
    }

    fn empty() -> AsciiSlots {
        AsciiSlots {
            entries: [0; SHORT_SLOTS],
        }
    }

    /// The stopword mask of `key`, spread to 8-bit lanes ([`LANE_BITS`]);
    /// 0 for the key 0. Both slots are read and the match kept without a
    /// branch.
    #[inline(always)]
    fn lanes(&self, key: u64) -> u64 {
        let lanes_if_match = |at: usize| {
            let entry = self.entries.get(at).copied().unwrap_or(0);
            // A quarter of the words are stopwords, in no order a branch
            // predictor learns: a select, which the compiler would
            // otherwise turn into a branch.
            std::hint::select_unpredictable(entry & !HIGH_BITS == key, entry >> 7 & LANE_BITS, 0)
        };
        lanes_if_match(Self::slot(key, Self::FIRST)) | lanes_if_match(Self::slot(key, Self::SECOND))
    }
}

/// A stopword mask spread to 8-bit lanes: bit 0 of byte `i` for the language `i`.
/// The one definition of the lanes: the ASCII table's entries hold them, and
/// `features::MASK_LANES` is built from it, so the two cannot disagree.
pub(crate) const fn spread_mask(mask: u8) -> u64 {
    let mut lanes = 0;
    let mut lane = 0;
    while lane < 7 {
        lanes |= ((mask as u64) >> lane & 1) << (8 * lane);
        lane += 1;
    }
    lanes
}

/// A stopword mask spread to 8-bit lanes, folded back into one bit a language.
fn mask_of_lanes(lanes: u64) -> u8 {
    (0..7).fold(0, |mask, lane| {
        mask | ((lanes >> (8 * lane)) as u8 & 1) << lane
    })
}

/// Every language's stopwords, as masks by [`key_of`]: one look-up gives all
/// seven languages. ASCII words of up to eight bytes — nearly every stopword
/// and nearly every word looked up — are keyed by a `u64` in a table of their
/// own, small enough to stay in the L1 cache; longer ones, and those beyond
/// ASCII, by a `u128`.
pub(crate) struct StopwordTable {
    short: AsciiSlots,
    other: Slots<u128, OTHER_SLOTS>,
    /// Bytes of the longest word: longer words skip the look-up.
    longest: usize,
    /// The words of more than eight bytes by length and first letter: bit
    /// `first & 31` of entry `len - 9` is set for each. Folding a letter's
    /// case keeps its low five bits, so no stopword is left out.
    long_starts: [u32; MAX_STOPWORD_BYTES - 8],
}

impl StopwordTable {
    /// The table of `words`, or `None` if they do not fit it.
    fn new(words: &[(u128, u8)]) -> Option<StopwordTable> {
        // One entry a word, with the masks of a word in several lists merged.
        let mut merged = words.to_vec();
        merged.sort_unstable();
        merged.dedup_by(|next, kept| {
            let same = next.0 == kept.0;
            if same {
                kept.1 |= next.1;
            }
            same
        });
        let mut short = Vec::new();
        let mut other = Vec::new();
        let mut longest = 0;
        let mut long_starts = [0; MAX_STOPWORD_BYTES - 8];
        for &(key, mask) in &merged {
            let len = MAX_STOPWORD_BYTES - key.leading_zeros() as usize / 8;
            longest = longest.max(len);
            if len > 8 {
                let slot = long_starts.get_mut(len.checked_sub(9)?)?;
                *slot |= 1 << (key as u8 & 31);
            }
            match u64::try_from(key) {
                Ok(key) if key & HIGH_BITS == 0 => short.push((key, mask)),
                _ => other.push((key, mask)),
            }
        }
        Some(StopwordTable {
            short: AsciiSlots::new(&short)?,
            other: Slots::new(&other)?,
            longest,
            long_starts,
        })
    }

    /// Whether a word of `len` bytes (more than eight) starting with the
    /// byte `first` can be a stopword of more than eight bytes.
    /// No branch on the length: the words of up to eight bytes, most of
    /// them, are told from the others in no order a predictor learns.
    #[inline(always)]
    fn may_be_long_stopword(&self, len: usize, first: u8) -> bool {
        let at = len.wrapping_sub(9);
        let last = self.long_starts.len() - 1;
        let starts = self.long_starts.get(at.min(last)).copied().unwrap_or(0);
        let starts = std::hint::select_unpredictable(at <= last, starts, 0);
        starts & 1 << (first & 31) != 0
    }

    /// The mask of a [`key_of`] key.
    #[inline]
    fn get(&self, key: u128) -> u8 {
        match u64::try_from(key) {
            Ok(key) if key & HIGH_BITS == 0 => mask_of_lanes(self.short.lanes(key)),
            _ => self.other.get(key),
        }
    }

    /// [`Self::lanes_ascii_in`] of an ASCII word of more than eight bytes at
    /// `text[start..start + len]`, for the words
    /// [`Self::may_be_long_stopword`] lets through: out of line, as few do.
    #[inline(never)]
    fn long_lanes(&self, text: &[u8], start: usize, len: usize) -> u64 {
        spread_mask(self.mask_ascii_long(text, start, start + len))
    }

    /// [`stopword_mask`] of the ASCII word `text[start..end]`, lower-cased
    /// into the key directly. The key is loaded straight from `text`: the
    /// eight bytes from `start` with those after the word masked off, or,
    /// at the end of a block, the eight bytes up to `end` shifted down, so
    /// that only a block shorter than eight bytes is copied byte by byte.
    ///
    /// The word must hold no ASCII control character, as no word does (they
    /// are spaces or breaks to word segmentation): then setting bit 5 of
    /// every byte ([`fold_case64`]) lower-cases it as far as the stopwords
    /// can tell.
    #[inline(always)]
    pub(crate) fn mask_ascii_in(&self, text: &[u8], start: usize, end: usize) -> u8 {
        mask_of_lanes(self.lanes_ascii_in(text, start, end))
    }

    /// [`Self::mask_ascii_in`] spread to 8-bit lanes (bit 0 of byte `i` for
    /// the language `i`, as `features::MASK_LANES` has it): what the word
    /// loop adds, with no branch on whether the word is a stopword.
    #[inline(always)]
    pub(crate) fn lanes_ascii_in(&self, text: &[u8], start: usize, end: usize) -> u64 {
        // A word ends after it starts; were it not so, the length would be
        // huge and the word no stopword.
        let len = end.wrapping_sub(start);
        if len > 8 {
            // Few stopwords are that long: their lengths and first letters
            // leave out nearly every long word without the call (and every
            // word longer than any stopword).
            let first = text.get(start).copied().unwrap_or(0);
            if !self.may_be_long_stopword(len, first) {
                return 0;
            }
            return self.long_lanes(text, start, len);
        }
        if len == 0 {
            return 0;
        }
        let load = |chunk: Option<&[u8]>| {
            chunk
                .and_then(|chunk| <[u8; 8]>::try_from(chunk).ok())
                .map(u64::from_le_bytes)
        };
        // 1 <= len <= 8.
        let bits = 8 * len as u32;
        // Folded before the bytes beyond the word are cleared: they stay 0.
        // Two length tests, and no test of `start + 8` overflowing.
        let from_start = text
            .get(start..)
            .and_then(<[u8]>::first_chunk::<8>)
            .map(|chunk| u64::from_le_bytes(*chunk));
        let key = if let Some(raw) = from_start {
            fold_case64(raw) & (u64::MAX >> (64 - bits))
        } else if let Some(raw) = load(end.checked_sub(8).and_then(|from| text.get(from..end))) {
            fold_case64(raw) >> (64 - bits)
        } else {
            let mut buffer = [0u8; 8];
            for (slot, byte) in buffer
                .iter_mut()
                .zip(text.get(start..end).unwrap_or_default())
            {
                *slot = *byte;
            }
            ascii_lower64(u64::from_le_bytes(buffer))
        };
        self.short.lanes(key)
    }

    /// [`Self::lanes_ascii_in`] of the word of `len` bytes (at least one)
    /// at `start` in `text` whose first eight bytes are `head`
    /// (little-endian; those past the word are not read), for a caller
    /// that has them at hand: no bounds test, and no branch on the length
    /// but where a word of more than eight bytes may be a stopword.
    #[inline(always)]
    pub(crate) fn lanes_ascii_head(&self, text: &[u8], start: usize, len: usize, head: u64) -> u64 {
        if self.may_be_long_stopword(len, head as u8) {
            return self.long_lanes(text, start, len);
        }
        let bits = 8 * len.clamp(1, 8) as u32;
        let key = fold_case64(head) & (u64::MAX >> (64 - bits));
        // No key of the table has a high bit: a longer word finds none.
        self.short
            .lanes(std::hint::select_unpredictable(len > 8, HIGH_BITS, key))
    }

    /// [`Self::mask_ascii_in`] of a word of more than eight bytes, rare.
    #[inline(never)]
    fn mask_ascii_long(&self, text: &[u8], start: usize, end: usize) -> u8 {
        let len = end.saturating_sub(start);
        if len > self.longest {
            return 0;
        }
        let raw = match text.get(start..start + 16) {
            Some(chunk) => u128::from_le_bytes(chunk.try_into().unwrap_or_default()),
            None => {
                let mut buffer = [0u8; 16];
                for (slot, byte) in buffer
                    .iter_mut()
                    .zip(text.get(start..end).unwrap_or_default())
                {
                    *slot = *byte;
                }
                u128::from_le_bytes(buffer)
            }
        };
        // 8 < len <= longest <= 16.
        let word = raw & u128::MAX.checked_shr(128 - 8 * len as u32).unwrap_or(0);
        self.other.get(ascii_lower128(word))
    }
}

/// Every listed word's key, with its language's bit: once per language
/// that lists it.
fn listed_keys() -> Vec<(u128, u8)> {
    let lists = [ENGLISH, GERMAN, FRENCH, SPANISH, ITALIAN, PORTUGUESE, DUTCH];
    let mut words = Vec::new();
    for (language, list) in Language::ALL.iter().zip(lists) {
        for word in list.split_ascii_whitespace() {
            if let Some(key) = key_of(word.as_bytes()) {
                words.push((key, language.bit()));
            }
        }
    }
    words
}

/// The stopword table, built on first use.
pub(crate) fn stopwords() -> &'static StopwordTable {
    static TABLE: OnceLock<StopwordTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        // The lists fit the tables (a unit test checks it); were they
        // ever too long, no word would be a stopword rather than a panic.
        StopwordTable::new(&listed_keys()).unwrap_or_else(|| StopwordTable {
            short: AsciiSlots::empty(),
            other: Slots::empty(),
            longest: 0,
            long_starts: [0; MAX_STOPWORD_BYTES - 8],
        })
    })
}

/// How many words `detect` looks at: enough to be sure, few enough to be cheap on huge pages.
pub(crate) const DETECTION_WORDS: usize = 3000;

/// Guesses the language of `text` from its stopwords.
///
/// Returns `None` when no language reaches a handful of stopword hits: the page
/// is in another language, or has too little prose to tell.
#[cfg(test)]
pub(crate) fn detect<'a>(texts: impl IntoIterator<Item = &'a str>) -> Option<Language> {
    let mut hits = [0usize; 7];
    use unicode_segmentation::UnicodeSegmentation;
    let words = texts.into_iter().flat_map(|text| text.unicode_words());
    for word in words.take(DETECTION_WORDS) {
        add_hits(&mut hits, stopword_mask(word));
    }
    choose(&hits)
}

/// Adds one word's [`stopword_mask`] to per-language hit counts.
#[cfg(test)]
pub(crate) fn add_hits(hits: &mut [usize; 7], mask: u8) {
    if mask == 0 {
        return;
    }
    for (index, count) in hits.iter_mut().enumerate() {
        if mask & (1 << index) != 0 {
            *count += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A seeded pseudo-random source (an LCG): each call gives a number
    /// below its bound, the same sequence on every run.
    fn random_below(seed: u64) -> impl FnMut(u64) -> usize {
        let mut state = seed;
        move |bound| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((state >> 33) % bound) as usize
        }
    }

    #[test]
    fn detects_each_language_from_a_sentence() {
        let cases = [
            ("The minister said that the talks would go on for the rest of the week.", Language::English),
            ("Der Minister sagte, dass die Gespräche noch bis zum Ende der Woche dauern werden.", Language::German),
            ("Le ministre a dit que les discussions vont se poursuivre pour le reste de la semaine.", Language::French),
            ("El ministro dijo que las conversaciones seguirán durante el resto de la semana.", Language::Spanish),
            ("Il ministro ha detto che i colloqui andranno avanti per il resto della settimana.", Language::Italian),
            ("O ministro disse que as conversas vão continuar durante o resto da semana.", Language::Portuguese),
            ("De minister zei dat de gesprekken de rest van de week zullen doorgaan.", Language::Dutch),
        ];
        for (text, expected) in cases {
            assert_eq!(detect([text]), Some(expected), "{text}");
        }
    }

    #[test]
    fn the_lists_fit_the_tables() {
        assert!(StopwordTable::new(&listed_keys()).is_some());
        // Too many words for the table are refused, not lost in a full table.
        let many: Vec<(u128, u8)> = (1..=SHORT_SLOTS as u128).map(|key| (key, 1)).collect();
        assert!(StopwordTable::new(&many).is_none());
        // Half of those keys hold a byte of 0x80 up and go to the other
        // table, which refuses them first: the ASCII table refuses on its
        // own too, one key past half full (two distinct bytes below 0x80).
        let ascii: Vec<(u64, u8)> = (0..=SHORT_SLOTS as u64 / 2)
            .map(|n| ((n % 127 + 1) | ((n / 127 + 1) << 8), 1))
            .collect();
        assert!(ascii.iter().all(|&(key, _)| key & HIGH_BITS == 0));
        assert!(AsciiSlots::new(&ascii).is_none());
        assert!(AsciiSlots::new(&ascii[..ascii.len() / 4]).is_some());
    }

    #[test]
    fn cuckoo_lookups_agree_with_the_lists() {
        // The reference: each list searched word by word, no table. Every
        // listed word in three cases, and random words of the stopwords'
        // letters up to ten bytes (most of them no stopword), in place in
        // a text and as lanes.
        let lists = [ENGLISH, GERMAN, FRENCH, SPANISH, ITALIAN, PORTUGUESE, DUTCH];
        let reference = |word: &str| -> u8 {
            let lower = word.to_lowercase();
            (0..7).fold(0, |mask, lane| {
                let listed = lists[lane].split_ascii_whitespace().any(|w| w == lower);
                mask | u8::from(listed) << lane
            })
        };
        let listed = lists.iter().flat_map(|list| list.split_ascii_whitespace());
        let mut words: Vec<String> = listed
            .filter(|w| w.is_ascii())
            .flat_map(|w| {
                [
                    w.to_string(),
                    w.to_uppercase(),
                    w[..1].to_uppercase() + &w[1..],
                ]
            })
            .collect();
        let alphabet = b"aeinorstdhulmcgwAEINOST'";
        let mut next = random_below(41);
        for _ in 0..20_000 {
            let len = 1 + next(10);
            let word: Vec<u8> = (0..len)
                .map(|_| alphabet[next(alphabet.len() as u64)])
                .collect();
            words.push(String::from_utf8(word).unwrap());
        }
        let table = stopwords();
        let mut found = 0;
        for word in &words {
            let expected = reference(word);
            found += usize::from(expected != 0);
            let text = format!("x {word} y");
            let (start, end) = (2, 2 + word.len());
            assert_eq!(
                table.mask_ascii_in(text.as_bytes(), start, end),
                expected,
                "{word}"
            );
            let lanes = table.lanes_ascii_in(text.as_bytes(), start, end);
            assert_eq!(lanes, spread_mask(expected), "{word}");
            assert_eq!(stopword_mask(word), expected, "{word}");
        }
        assert!(found > 2_000, "{found}");
    }

    #[test]
    fn no_stopword_is_longer_than_the_lookup_limit() {
        for list in [ENGLISH, GERMAN, FRENCH, SPANISH, ITALIAN, PORTUGUESE, DUTCH] {
            for word in list.split_ascii_whitespace() {
                assert!(word.len() <= MAX_STOPWORD_BYTES, "{word}");
            }
        }
    }

    #[test]
    fn every_listed_word_is_found_with_its_language() {
        let lists = [ENGLISH, GERMAN, FRENCH, SPANISH, ITALIAN, PORTUGUESE, DUTCH];
        for (language, list) in Language::ALL.iter().zip(lists) {
            for word in list.split_ascii_whitespace() {
                assert!(language.is_stopword(word), "{word} {language:?}");
            }
        }
        // Words that share a prefix or differ by one byte are told apart.
        assert!(!Language::English.is_stopword("th"));
        assert!(!Language::English.is_stopword("thee"));
        assert!(!Language::German.is_stopword("fur"));
    }

    #[test]
    fn ascii_lookup_in_place_agrees_with_the_word_lookup() {
        // Every listed ASCII word and some that are not, in three cases, at
        // the start, in the middle and at the very end of a text (where the
        // key cannot be loaded from eight or sixteen bytes of it).
        let lists = [ENGLISH, GERMAN, FRENCH, SPANISH, ITALIAN, PORTUGUESE, DUTCH];
        let extra = [
            "th",
            "thee",
            "ourselvesx",
            "yourselves",
            "Themselves",
            "A",
            "x",
            "abcdefghijklmnopq",
        ];
        let words = lists
            .iter()
            .flat_map(|list| list.split_ascii_whitespace())
            .chain(extra)
            .filter(|word| word.is_ascii());
        let table = stopwords();
        for word in words {
            for cased in [word.to_string(), word.to_uppercase(), word.to_lowercase()] {
                let expected = stopword_mask(&cased.to_lowercase());
                for (before, after) in [
                    ("", ""),
                    ("", " and more text after it"),
                    ("Some text, ", ""),
                    ("x ", " y"),
                ] {
                    let text = format!("{before}{cased}{after}");
                    let (start, end) = (before.len(), before.len() + cased.len());
                    assert_eq!(
                        table.mask_ascii_in(text.as_bytes(), start, end),
                        expected,
                        "{text:?}"
                    );
                }
            }
        }
        assert_ne!(stopword_mask("the"), 0);
        assert_eq!(stopwords().mask_ascii_in(b"the", 0, 0), 0);
    }

    #[test]
    fn folded_keys_find_what_lowered_keys_find() {
        // Random words of word characters, stopwords' letters among them,
        // at random places in a text, looked up folded and exactly lowered.
        let alphabet = b"aAtThHeEoOfFsSiInNdD'.,:;_09x";
        let table = stopwords();
        let mut next = random_below(9);
        let mut found = 0;
        for _ in 0..50_000 {
            let len = 1 + next(9);
            let before = next(12);
            let after = next(12);
            let text: Vec<u8> = (0..before + len + after)
                .map(|_| alphabet[next(alphabet.len() as u64)])
                .collect();
            let word = &text[before..before + len];
            let expected = key_of(&word.to_ascii_lowercase()).map_or(0, |key| table.get(key));
            found += usize::from(expected != 0);
            let got = table.mask_ascii_in(&text, before, before + len);
            assert_eq!(got, expected, "{:?}", String::from_utf8_lossy(word));
        }
        // The comparison saw stopwords, not only misses.
        assert!(found > 100, "{found}");
    }

    #[test]
    fn long_words_are_filtered_as_the_table_finds_them() {
        // Words of more than eight bytes: the listed long words with their
        // case, one byte or the length changed at random, and random words,
        // looked up in place (through the length and first-letter filter)
        // and by their exactly lowered key.
        let long: Vec<&str> = [ENGLISH, GERMAN, FRENCH, SPANISH, ITALIAN, PORTUGUESE, DUTCH]
            .iter()
            .flat_map(|list| list.split_ascii_whitespace())
            .filter(|word| word.len() > 8)
            .collect();
        assert!(!long.is_empty());
        let alphabet = b"aAtThHeEoOsSyYrRlLvV'_09x";
        let table = stopwords();
        let mut next = random_below(21);
        let mut found = 0;
        for _ in 0..30_000 {
            let mut word: Vec<u8> = long[next(long.len() as u64)].bytes().collect();
            for byte in word.iter_mut() {
                if next(3) == 0 {
                    byte.make_ascii_uppercase();
                }
            }
            match next(5) {
                0 => {
                    let at = next(word.len() as u64);
                    word[at] = alphabet[next(alphabet.len() as u64)];
                }
                1 => word.push(alphabet[next(alphabet.len() as u64)]),
                2 => {
                    word.remove(next(word.len() as u64));
                }
                3 => {
                    let len = 9 + next(9);
                    word = (0..len)
                        .map(|_| alphabet[next(alphabet.len() as u64)])
                        .collect();
                }
                _ => {}
            }
            let before = next(4);
            let mut text = vec![b' '; before];
            text.extend_from_slice(&word);
            text.extend(std::iter::repeat_n(b' ', next(20)));
            let expected = key_of(&word.to_ascii_lowercase()).map_or(0, |key| table.get(key));
            found += usize::from(expected != 0);
            let got = table.mask_ascii_in(&text, before, before + word.len());
            assert_eq!(got, expected, "{:?}", String::from_utf8_lossy(&word));
        }
        assert!(found > 1_000, "{found}");
    }

    /// [`stopword_mask`] as it was before it stopped at the first character
    /// that lowers beyond Latin-1: every character lowered, then looked up.
    fn reference_stopword_mask(word: &str) -> u8 {
        let lower: String = word.chars().flat_map(char::to_lowercase).collect();
        key_of(lower.as_bytes()).map_or(0, |key| stopwords().get(key))
    }

    #[test]
    fn latin1_lowering_agrees_with_the_case_tables() {
        for c in '\0'..='\u{ff}' {
            let expected: Vec<char> = c.to_lowercase().collect();
            assert_eq!(latin1_lower(c).map(|l| vec![l]), Some(expected), "{c:?}");
        }
        assert_eq!(latin1_lower('\u{100}'), None);
    }

    #[test]
    fn stopword_masks_agree_with_the_reference() {
        // Words of ASCII and Latin-1 letters (stopwords' among them), the
        // characters that lower into Latin-1, typographic apostrophes and
        // other scripts, up to twenty characters.
        let alphabet: Vec<char> =
            "aAeEnNdDuUrRsSiItT'éÉüÜöäàÀçßÿ\u{178}\u{1e9e}\u{212a}\u{212b}\u{2019}ĀāЖжΩ한"
                .chars()
                .collect();
        let mut next = random_below(31);
        let mut found = 0;
        for round in 0..60_000 {
            let len = 1 + next(if round % 2 == 0 { 5 } else { 20 });
            let word: String = (0..len)
                .map(|_| alphabet[next(alphabet.len() as u64)])
                .collect();
            let expected = reference_stopword_mask(&word);
            found += usize::from(expected != 0);
            assert_eq!(stopword_mask(&word), expected, "{word:?}");
        }
        for word in [
            "für",
            "FÜR",
            "\u{212a}ein",
            "daß",
            "DA\u{1e9e}",
            "été",
            "ÉTÉ",
            "où",
        ] {
            assert_ne!(stopword_mask(word), 0, "{word}");
            assert_eq!(stopword_mask(word), reference_stopword_mask(word), "{word}");
        }
        assert!(found > 100, "{found}");
    }

    #[test]
    fn stopwords_are_lower_case_letters_and_apostrophes() {
        // What `fold_case64` relies on.
        for list in [ENGLISH, GERMAN, FRENCH, SPANISH, ITALIAN, PORTUGUESE, DUTCH] {
            for byte in list.bytes().filter(u8::is_ascii) {
                assert!(matches!(byte, b'a'..=b'z' | b'\'' | b' '), "{byte}");
            }
        }
    }

    #[test]
    fn ascii_lowering_touches_only_capitals() {
        let all: Vec<u8> = (0u8..0x80).collect();
        for chunk in all.chunks(8) {
            let mut bytes = [0u8; 8];
            bytes[..chunk.len()].copy_from_slice(chunk);
            let lowered = ascii_lower64(u64::from_le_bytes(bytes)).to_le_bytes();
            assert_eq!(lowered, bytes.map(|b| b.to_ascii_lowercase()));
        }
        for chunk in all.chunks(16) {
            let mut bytes = [0u8; 16];
            bytes[..chunk.len()].copy_from_slice(chunk);
            let lowered = ascii_lower128(u128::from_le_bytes(bytes)).to_le_bytes();
            assert_eq!(lowered, bytes.map(|b| b.to_ascii_lowercase()));
        }
    }

    #[test]
    fn words_that_lower_beyond_latin1_are_no_stopwords() {
        // Every stopword is ASCII or Latin-1 ...
        for list in [ENGLISH, GERMAN, FRENCH, SPANISH, ITALIAN, PORTUGUESE, DUTCH] {
            assert!(list.chars().all(|c| c <= '\u{ff}'), "{list}");
        }
        // ... and every character the shortcut skips lowers beyond it.
        for c in
            ('\u{80}'..=char::MAX).filter(|c| lowers_beyond_latin1(c.to_string().as_bytes()[0]))
        {
            assert!(c.to_lowercase().all(|l| l > '\u{ff}'), "{c:?}");
        }
        // Beyond Latin-1, only the characters listed lower into it.
        for c in ('\u{100}'..=char::MAX).filter(|c| c.to_lowercase().all(|l| l <= '\u{ff}')) {
            assert!(
                LOWER_INTO_LATIN1.iter().any(|&(upper, _)| upper == c),
                "{c:?}"
            );
        }
        for (c, lower) in LOWER_INTO_LATIN1 {
            assert!(c.to_lowercase().all(|l| l <= '\u{ff}'), "{c:?}");
            assert!(c.to_lowercase().eq([lower]), "{c:?}");
        }
        assert_eq!(stopword_mask("\u{212a}ein"), Language::German.bit());
        assert_eq!(stopword_mask("\u{178}"), 0);
        assert_eq!(stopword_mask("isn\u{2019}t"), 0);
        assert_eq!(stopword_mask("Und\u{434}"), 0);
    }

    #[test]
    fn stopwords_match_in_any_case() {
        assert!(Language::English.is_stopword("The"));
        assert!(Language::English.is_stopword("THE"));
        assert!(Language::German.is_stopword("Über"));
        assert!(!Language::English.is_stopword("minister"));
        assert!(!Language::English.is_stopword("extraordinarily-long-word"));
    }

    #[test]
    fn no_language_without_prose() {
        assert_eq!(detect(["Home | News | Sport"]), None);
        assert_eq!(detect([""]), None);
    }
}
