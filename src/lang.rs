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
        stopword_mask_ascii(word.as_bytes())
    } else {
        // Lower-cased into a key-sized buffer: a word whose lower case does
        // not fit is no stopword.
        let mut key = [0u8; MAX_STOPWORD_BYTES];
        let mut len = 0;
        for c in word.chars().flat_map(char::to_lowercase) {
            let Some(slot) = key.get_mut(len..len + c.len_utf8()) else {
                return 0;
            };
            c.encode_utf8(slot);
            len += c.len_utf8();
        }
        stopword_table().get(u128::from_le_bytes(key))
    }
}

/// [`stopword_mask`] of an ASCII word: lower-cased into the key directly,
/// with no buffer and no UTF-8 check.
#[inline]
pub(crate) fn stopword_mask_ascii(word: &[u8]) -> u8 {
    let table = stopword_table();
    if word.len() > table.longest {
        return 0;
    }
    let mut key = [0u8; MAX_STOPWORD_BYTES];
    for (slot, byte) in key.iter_mut().zip(word) {
        *slot = byte.to_ascii_lowercase();
    }
    table.get(u128::from_le_bytes(key))
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

/// Stopword masks by [`key_of`], in an open-addressing table: the look-up
/// runs for every word of a page, and a multiply-shift hash of the key and a
/// probe or two cost less than hashing and comparing byte slices.
struct StopwordTable {
    /// Keys, 0 for an empty slot; the length is a power of two. Kept apart
    /// from the masks so the probed keys sit in as few cache lines as possible.
    keys: Vec<u128>,
    /// The mask of the key in the same slot.
    masks: Vec<u8>,
    /// `128 - log2(slots.len())`: the hash keeps the top bits.
    shift: u32,
    /// Bytes of the longest word: longer words skip the look-up.
    longest: usize,
}

impl StopwordTable {
    /// Slots per word, at least: a sparse table ends most probes at the first slot.
    const LOAD: usize = 2;

    fn new(words: &[(u128, u8)]) -> StopwordTable {
        let len = (words.len() * Self::LOAD).next_power_of_two().max(2);
        let mut table = StopwordTable {
            keys: vec![0; len],
            masks: vec![0; len],
            shift: 128 - len.trailing_zeros(),
            longest: 0,
        };
        for &(key, mask) in words {
            let bytes = MAX_STOPWORD_BYTES - key.leading_zeros() as usize / 8;
            table.longest = table.longest.max(bytes);
            let mut at = table.slot(key);
            while let Some(slot) = table.keys.get_mut(at) {
                if *slot == 0 || *slot == key {
                    *slot = key;
                    if let Some(slot_mask) = table.masks.get_mut(at) {
                        *slot_mask |= mask;
                    }
                    break;
                }
                at = (at + 1) & (len - 1);
            }
        }
        table
    }

    #[inline]
    fn slot(&self, key: u128) -> usize {
        let folded = (key as u64) ^ ((key >> 64) as u64).rotate_left(29);
        let hash = u128::from(folded.wrapping_mul(0x9E37_79B9_7F4A_7C15)) << 64;
        (hash >> self.shift) as usize
    }

    #[inline]
    fn get(&self, key: u128) -> u8 {
        let mask = self.keys.len() - 1;
        let mut at = self.slot(key);
        // The table is never full (LOAD > 1), so an empty slot ends every probe.
        while let Some(&slot_key) = self.keys.get(at) {
            if slot_key == key {
                return self.masks.get(at).copied().unwrap_or(0);
            }
            if slot_key == 0 {
                return 0;
            }
            at = (at + 1) & mask;
        }
        0
    }
}

fn stopword_table() -> &'static StopwordTable {
    static TABLE: OnceLock<StopwordTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let lists = [ENGLISH, GERMAN, FRENCH, SPANISH, ITALIAN, PORTUGUESE, DUTCH];
        let mut words = Vec::new();
        for (language, list) in Language::ALL.iter().zip(lists) {
            for word in list.split_ascii_whitespace() {
                if let Some(key) = key_of(word.as_bytes()) {
                    words.push((key, language.bit()));
                }
            }
        }
        StopwordTable::new(&words)
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
