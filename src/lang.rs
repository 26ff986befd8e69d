//! Language detection by stopwords, and the stopword sets themselves.
//!
//! Stopword density — the share of a block's words that are function words
//! ("the", "and", "of") — is the best single sign of running prose (jusText,
//! Pomikálek 2011). The page's language is the one whose stopwords are most
//! frequent over its first few thousand words.

use std::collections::HashSet;
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

    /// True if `word` (already lower-cased) is a stopword of this language.
    pub(crate) fn is_stopword(self, lowercase_word: &str) -> bool {
        stopword_sets()
            .get(self.index())
            .is_some_and(|set| set.contains(lowercase_word))
    }
}

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

fn stopword_sets() -> &'static [HashSet<&'static str>; 7] {
    static SETS: OnceLock<[HashSet<&'static str>; 7]> = OnceLock::new();
    SETS.get_or_init(|| {
        [ENGLISH, GERMAN, FRENCH, SPANISH, ITALIAN, PORTUGUESE, DUTCH]
            .map(|list| list.split_ascii_whitespace().collect::<HashSet<_>>())
    })
}

/// How many words [`detect`] looks at: enough to be sure, few enough to be cheap on huge pages.
const DETECTION_WORDS: usize = 3000;

/// Guesses the language of `text` from its stopwords.
///
/// Returns `None` when no language reaches a handful of stopword hits: the page
/// is in another language, or has too little prose to tell.
pub(crate) fn detect<'a>(texts: impl IntoIterator<Item = &'a str>) -> Option<Language> {
    let sets = stopword_sets();
    let mut hits = [0usize; 7];
    let mut lower = String::new();
    let words = texts.into_iter().flat_map(crate::features::words);
    for word in words.take(DETECTION_WORDS) {
        lower.clear();
        lower.extend(word.chars().flat_map(char::to_lowercase));
        for (count, set) in hits.iter_mut().zip(sets.iter()) {
            if set.contains(lower.as_str()) {
                *count += 1;
            }
        }
    }
    let (best, &count) = hits.iter().enumerate().max_by_key(|&(_, c)| *c)?;
    if count >= 3 {
        Language::ALL.get(best).copied()
    } else {
        None
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
    fn no_language_without_prose() {
        assert_eq!(detect(["Home | News | Sport"]), None);
        assert_eq!(detect([""]), None);
    }
}
