//! Language-dependent knowledge: a cheap language guess for the document, the case endings
//! that inflect place names (Russian "в Барде", Azerbaijani "Bərdədə"), and the word lists
//! that tell a place name from an organisation, a person or a sentence-initial common word.
//!
//! All words here are folded keys (see [`crate::gazetteer::normalize::name_key`]).

use serde::Serialize;

/// Languages the geoparser knows rules for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    En,
    /// German.
    De,
    /// Spanish.
    Es,
    /// French.
    Fr,
    /// Russian.
    Ru,
    /// Azerbaijani.
    Az,
    /// Turkish.
    Tr,
    /// Anything else.
    Other,
}

impl Lang {
    /// ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
            Lang::Es => "es",
            Lang::Fr => "fr",
            Lang::Ru => "ru",
            Lang::Az => "az",
            Lang::Tr => "tr",
            Lang::Other => "und",
        }
    }

    /// The country whose places a text in this language most likely names, if any.
    pub fn home_country(self) -> Option<&'static str> {
        match self {
            Lang::Az => Some("AZ"),
            Lang::Tr => Some("TR"),
            _ => None,
        }
    }
}

const STOPWORDS: &[(Lang, &[&str])] = &[
    (
        Lang::En,
        &[
            "the", "and", "of", "to", "is", "that", "was", "with", "for", "have", "are", "they",
        ],
    ),
    (
        Lang::De,
        &[
            "der", "die", "und", "das", "ist", "nicht", "mit", "den", "von", "sich", "auch",
            "wurde",
        ],
    ),
    (
        Lang::Es,
        &[
            "el", "los", "las", "que", "del", "por", "una", "con", "para", "fue", "como", "se",
        ],
    ),
    (
        Lang::Fr,
        &[
            "le", "les", "des", "est", "une", "dans", "qui", "pour", "pas", "sur", "au", "avec",
        ],
    ),
    (
        Lang::Ru,
        &[
            "и", "в", "не", "на", "что", "с", "по", "как", "из", "это", "он", "был",
        ],
    ),
    (
        Lang::Az,
        &[
            "ve", "bu", "ile", "ucun", "bir", "olan", "oldu", "edib", "deyib", "kimi", "daha", "ki",
        ],
    ),
    (
        Lang::Tr,
        &[
            "ve", "bir", "bu", "ile", "icin", "olarak", "dedi", "gibi", "daha", "olan", "ama",
            "cok",
        ],
    ),
];

/// Stopword → bit set of the languages (indices into `STOPWORDS`) it belongs to.
fn stopword_table() -> &'static rustc_hash::FxHashMap<&'static str, u8> {
    static TABLE: std::sync::OnceLock<rustc_hash::FxHashMap<&'static str, u8>> =
        std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = rustc_hash::FxHashMap::default();
        for (i, (_, words)) in STOPWORDS.iter().enumerate() {
            for w in *words {
                *t.entry(*w).or_insert(0u8) |= 1 << i;
            }
        }
        t
    })
}

/// Counts `word` for the languages it is a stopword of.
fn tally(
    word: &str,
    buf: &mut String,
    table: &rustc_hash::FxHashMap<&'static str, u8>,
    counts: &mut [usize; 7],
) {
    let key = if word.bytes().all(|b| b.is_ascii_lowercase()) {
        word
    } else {
        buf.clear();
        word.chars()
            .for_each(|c| crate::gazetteer::normalize::fold_char_into(c, buf));
        buf.as_str()
    };
    if let Some(&bits) = table.get(key) {
        for (i, n) in counts.iter_mut().enumerate() {
            *n += usize::from(bits >> i & 1);
        }
    }
}

/// True when one language has many stopword hits and four times the runner-up's.
fn clear_lead(counts: &[usize; 7]) -> bool {
    let mut sorted = *counts;
    sorted.sort_unstable();
    sorted[6] >= 40 && sorted[6] >= 4 * sorted[5]
}

/// Guesses the language of a text from its commonest function words (first 200 KB).
pub fn detect(text: &str) -> Lang {
    let mut end = text.len().min(200_000);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let table = stopword_table();
    let mut counts = [0usize; 7];
    let mut buf = String::new();
    let mut counted = 0usize;
    let bytes = &text.as_bytes()[..end];
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (word, len) = if b < 0x80 {
            (b.is_ascii_alphanumeric(), 1)
        } else {
            let c = super::tokens::decode(text, i);
            (c.is_alphanumeric(), c.len_utf8())
        };
        if !word {
            // Stopwords are short: longer words are skipped without folding.
            if (1..=6).contains(&(i - start)) {
                tally(&text[start..i], &mut buf, table, &mut counts);
                counted += 1;
                // Stop as soon as one language is clearly ahead.
                if counted % 64 == 0 && clear_lead(&counts) {
                    break;
                }
            }
            start = i + len;
        }
        i += len;
    }
    if (1..=6).contains(&(end - start)) {
        tally(&text[start..end], &mut buf, table, &mut counts);
    }
    // ə is written only in Azerbaijani: a few of them decide, unless another language's
    // function words clearly dominate (a German text quoting "Gəncə").
    let schwas = text[..end]
        .chars()
        .filter(|&c| c == 'ə' || c == 'Ə')
        .count();
    let other_best = counts
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 5)
        .map(|(_, n)| *n)
        .max()
        .unwrap_or(0);
    if schwas >= 2 && (other_best < 5 || schwas * 4 >= other_best) {
        return Lang::Az;
    }
    // Azerbaijani and Turkish share words; Azerbaijani letters decide.
    if counts[5] > 0 && text[..end].contains(['ə', 'Ə']) {
        counts[5] += counts[6];
    }
    let (best, n) = counts
        .iter()
        .enumerate()
        .max_by_key(|(_, n)| **n)
        .map_or((0, 0), |(i, n)| (i, *n));
    if n < 2 {
        Lang::Other
    } else {
        STOPWORDS[best].0
    }
}

/// Endings a name takes in running text *after* its full form (agglutinative languages,
/// German genitive). Folded.
pub fn suffixes(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Az | Lang::Tr => &[
            "a", "e", "i", "u", "ya", "ye", "yi", "yu", "da", "de", "ta", "te", "dan", "den",
            "tan", "ten", "in", "un", "nin", "nun", "ni", "nu", "na", "ne", "la", "le", "ya",
            "daki", "deki", "dakı", "dir", "dur", "dek", "can", "cen",
        ],
        Lang::De => &["s", "es"],
        _ => &[],
    }
}

/// Russian case endings a text word may carry in place of the name's own ending.
pub const RU_ENDINGS: &[&str] = &[
    "а", "я", "у", "ю", "е", "и", "ы", "о", "ои", "еи", "ом", "ем", "ам", "ям", "ах", "ях", "ами",
    "ями", "ого", "его", "ому", "ему", "ую", "юю", "ая", "яя", "ое", "ее", "ые", "ие", "ых", "их",
    "ым", "им", "ыми", "ими", "ью",
];

/// Name endings that inflection replaces (`й` is folded to `и`).
pub const RU_NAME_TAILS: &[&str] = &[
    "", "а", "я", "ь", "и", "ыи", "ии", "ои", "ая", "ое", "о", "е", "ы",
];

/// Words that, right after a name, make it part of an organisation, outlet or group
/// ("Minsk Group", "Karabakh clan", "Baku State University").
pub static ORG_HEADS: WordSet = WordSet::new(&[
    "group",
    "clan",
    "club",
    "fc",
    "university",
    "college",
    "institute",
    "academy",
    "airlines",
    "airways",
    "air",
    "news",
    "times",
    "post",
    "herald",
    "tribune",
    "today",
    "gazette",
    "journal",
    "agency",
    "television",
    "tv",
    "radio",
    "bank",
    "railways",
    "railway",
    "media",
    "press",
    "channel",
    "broadcasting",
    "corporation",
    "company",
    "ltd",
    "inc",
    "telecom",
    "council",
    "committee",
    "commission",
    "party",
    "front",
    "movement",
    "stock",
    "exchange",
    "times",
    "declaration",
    "format",
    "process",
    "protocol",
    "gruppe",
    "grupo",
    "группа",
    "группы",
    "групп",
    "qrupu",
    "clan",
    "mafia",
    "cartel",
]);

/// Titles before a personal name ("President Aliyev", "Mr. Lachin").
pub static PERSON_TITLES: WordSet = WordSet::new(&[
    "president",
    "mr",
    "mrs",
    "ms",
    "dr",
    "minister",
    "general",
    "gen",
    "senator",
    "sen",
    "sir",
    "lord",
    "pope",
    "sheikh",
    "king",
    "queen",
    "prince",
    "princess",
    "ambassador",
    "spokesman",
    "spokeswoman",
    "colonel",
    "col",
    "captain",
    "capt",
    "lieutenant",
    "sergeant",
    "professor",
    "prof",
    "herr",
    "frau",
    "senor",
    "senora",
    "don",
    "dona",
    "президент",
    "премьер",
    "министр",
    "господин",
    "генерал",
    "prezident",
    "nazir",
    "cenab",
    "jan",
    "khanum",
]);

/// Surname endings: a capitalised word with one of these right after a matched word makes
/// the pair a person's name ("Ilham Aliyev", "Nikol Pashinyan").
pub const SURNAME_ENDINGS: &[&str] = &[
    "yev", "yeva", "ov", "ova", "ev", "eva", "yan", "enko", "vili", "dze", "sky", "skiy", "ovich",
    "evich", "tin", "nin", "lin", "ов", "ова", "ев", "ева", "ян", "янц", "ин",
];

/// Common words that start sentences with a capital and are also names of places
/// ("Police" in Poland, "Of" in Turkey, "Split" in Croatia). A sentence-initial match
/// on one of these is dropped unless it names a country.
pub static COMMON_WORDS: WordSet = WordSet::new(&[
    "a",
    "about",
    "after",
    "again",
    "all",
    "along",
    "also",
    "an",
    "and",
    "any",
    "as",
    "at",
    "back",
    "bar",
    "bath",
    "be",
    "because",
    "before",
    "best",
    "between",
    "both",
    "but",
    "by",
    "can",
    "come",
    "day",
    "de",
    "did",
    "do",
    "down",
    "each",
    "early",
    "even",
    "every",
    "first",
    "for",
    "from",
    "good",
    "great",
    "had",
    "has",
    "have",
    "he",
    "her",
    "here",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "just",
    "last",
    "like",
    "long",
    "made",
    "man",
    "many",
    "may",
    "me",
    "mission",
    "mobile",
    "more",
    "most",
    "much",
    "must",
    "my",
    "never",
    "new",
    "next",
    "nice",
    "no",
    "nobody",
    "not",
    "now",
    "of",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "out",
    "over",
    "police",
    "reading",
    "sale",
    "same",
    "see",
    "she",
    "should",
    "since",
    "so",
    "some",
    "split",
    "still",
    "such",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "thus",
    "to",
    "today",
    "too",
    "two",
    "under",
    "unity",
    "until",
    "up",
    "us",
    "very",
    "victoria",
    "was",
    "way",
    "we",
    "well",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "why",
    "will",
    "with",
    "would",
    "yes",
    "you",
    "your",
    "van",
    "batman",
    "independence",
    "liberty",
    "union",
    "march",
    "may",
    "august",
    "june",
    "july",
    "april",
    "mary",
    "president",
    "prime",
    "minister",
    "sky",
    "fox",
    "channel",
    "global",
    "politics",
    "news",
    "exactly",
    "nothing",
    "look",
    "third",
    "second",
    "already",
    "yet",
    "therefore",
    "unfortunately",
    "again",
    "peace",
    "second",
    "so",
    "yes",
    "no",
    "mr",
]);

/// Generic nouns that name places only in longer names ("the Republic of…", "the Security
/// Council", "Channel One"): alone, they are never taken as a place other than a country.
pub static GENERIC_NOUNS: WordSet = WordSet::new(&[
    "republic",
    "kingdom",
    "state",
    "states",
    "province",
    "region",
    "district",
    "city",
    "town",
    "village",
    "council",
    "union",
    "federation",
    "army",
    "government",
    "ministry",
    "parliament",
    "assembly",
    "court",
    "office",
    "church",
    "mosque",
    "university",
    "airport",
    "port",
    "station",
    "centre",
    "center",
    "one",
    "two",
    "three",
    "four",
    "five",
    "east",
    "west",
    "north",
    "south",
    "central",
    "independence",
    "freedom",
    "victory",
    "capital",
    "border",
    "front",
    "security",
    "defence",
    "defense",
    "general",
    "national",
    "international",
    "federal",
    "democratic",
    "islamic",
    "people",
    "peoples",
    "popular",
    "liberation",
    "army",
    "forces",
    "press",
    "media",
    "channel",
    "world",
    "europe news",
]);

/// Words that, after a place name, name the area itself ("Quindío Department", "Perm
/// Krai", "Tovuz District").
pub static AREA_WORDS: WordSet = WordSet::new(&[
    "department",
    "province",
    "region",
    "district",
    "county",
    "state",
    "oblast",
    "krai",
    "kray",
    "governorate",
    "prefecture",
    "municipality",
    "rayon",
    "raion",
    "city",
    "valley",
    "river",
    "mountains",
    "lake",
    "republic",
    "territory",
    "corridor",
    "border",
    "gorge",
    "pass",
    "plain",
    "plateau",
    "peninsula",
    "island",
    "islands",
    "rayonu",
    "bolgesi",
    "sheheri",
    "seheri",
    "kendi",
    "provincia",
    "departamento",
    "distrito",
    "region",
    "bezirk",
    "kreis",
    "gebiet",
    "oblast",
    "stadt",
    "fluss",
    "tal",
]);

/// German articles and determiners: a capitalised word after one is a noun ("ein Ende",
/// "die Wende"), not a settlement; only country names take an article ("die Türkei").
pub static GERMAN_ARTICLES: WordSet = WordSet::new(&[
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines",
    "kein", "keine", "keinen", "keinem", "keiner", "jede", "jeder", "jedes", "diese", "dieser",
    "dieses", "diesem", "diesen",
]);

/// A word list (folded keys), hashed on first use.
pub struct WordSet {
    words: &'static [&'static str],
    set: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>>,
}

impl WordSet {
    /// A set of `words`.
    pub const fn new(words: &'static [&'static str]) -> WordSet {
        WordSet {
            words,
            set: std::sync::OnceLock::new(),
        }
    }

    /// True when `key` is one of the words.
    pub fn contains(&self, key: &str) -> bool {
        self.set
            .get_or_init(|| self.words.iter().copied().collect())
            .contains(key)
    }

    /// The words, as listed.
    pub fn words(&self) -> &'static [&'static str] {
        self.words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_guessed_from_function_words() {
        let cases = [
            (
                "The war began on 27 September and the city of Barda was shelled.",
                Lang::En,
            ),
            (
                "Der Krieg begann am 27. September und die Stadt Barda wurde nicht verschont, sagte er auch.",
                Lang::De,
            ),
            (
                "La guerra comenzó el 27 de septiembre y los ataques contra la ciudad de Barda fueron para los civiles.",
                Lang::Es,
            ),
            (
                "Война началась 27 сентября, и в Барде что-то было не так, как в Тертере.",
                Lang::Ru,
            ),
            (
                "Müharibə sentyabrın 27-də başladı və Bərdə şəhəri bu gün ilə bir daha atəşə tutuldu.",
                Lang::Az,
            ),
            ("12345", Lang::Other),
        ];
        for (text, want) in cases {
            assert_eq!(detect(text), want, "{text}");
        }
    }

    #[test]
    fn lists_are_folded_keys() {
        for list in [
            ORG_HEADS.words(),
            PERSON_TITLES.words(),
            COMMON_WORDS.words(),
            GENERIC_NOUNS.words(),
            GERMAN_ARTICLES.words(),
            AREA_WORDS.words(),
            RU_ENDINGS,
            RU_NAME_TAILS,
        ] {
            for w in list {
                assert_eq!(
                    crate::gazetteer::normalize::name_key(w),
                    *w,
                    "{w} is not a folded key"
                );
            }
        }
    }
}
