//! Word lists of the date scanner (English, Russian and Azerbaijani month names, cue
//! words, number words), kept compact.
#![cfg_attr(rustfmt, rustfmt_skip)]

pub(super) const DASHES: &[&str] = &["-", "–", "—", "‐", "‑"];
pub(super) const JOINERS: &[&str] = &[
    "-", "–", "—", "‐", "‑", "/", "\\", ".", ",", ":", "_", "@", "+", "#", "&", "=", "?", "%",
];
pub(super) const TIME: &[&str] = &[":", ".", "+", "-"];
pub(super) const APOS: &[&str] = &["'", "’", "‘", "`"];
pub(super) const EN: [&str; 12] = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
];
pub(super) const EN_ABBR: [(&str, u32); 12] = [
    ("jan", 1), ("feb", 2), ("mar", 3), ("apr", 4), ("jun", 6), ("jul", 7), ("aug", 8),
    ("sep", 9), ("sept", 9), ("oct", 10), ("nov", 11), ("dec", 12),
];
pub(super) const AZ: [&str; 12] = [
    "yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avqust", "sentyabr",
    "oktyabr", "noyabr", "dekabr",
];
/// Russian month stems; any of `RU_ENDINGS` may follow (genitive, nominative, prepositional).
pub(super) const RU: [&str; 12] = [
    "январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр", "октябр",
    "ноябр", "декабр",
];
pub(super) const RU_ENDINGS: &[&str] = &["", "а", "я", "ь", "е", "й"];
pub(super) const WEEKDAYS: [&str; 7] = [
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
];
pub(super) const ONES: [&str; 19] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
];
pub(super) const TENS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
pub(super) const DECADE_WORDS: [&str; 8] = [
    "twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties",
    "nineties",
];
pub(super) const MONTH_CUES: &[&str] = &[
    "in", "during", "since", "until", "till", "by", "from", "of", "before", "after",
    "through", "throughout", "в", "с", "до", "and", "or",
];
pub(super) const YEAR_CUES: &[&str] = &[
    "in", "during", "since", "until", "till", "by", "from", "of", "before", "after",
    "through", "throughout", "в", "с", "до", "year", "around", "circa", "spring", "summer",
    "autumn", "fall", "winter",
];
/// Lowercase words that may follow a cued bare year without making it a count.
pub(super) const FUNCTION_WORDS: &[&str] = &[
    "and", "or", "but", "when", "while", "the", "a", "an", "to", "as", "after", "before",
    "by", "in", "on", "at", "with", "was", "were", "is", "are", "had", "has", "have", "it",
    "he", "she", "they", "we", "i", "you", "there", "this", "that", "which", "who", "until",
    "till", "through", "during", "for", "from", "of", "its", "his", "her", "their", "our",
    "onwards", "onward", "alone", "already", "also", "only", "so", "then", "not", "year",
    "since",
];
/// Nouns that make a bare year a date on their own ("the 1993 resolution").
pub(super) const EVENT_NOUNS: &[&str] = &[
    "resolution", "resolutions", "election", "elections", "war", "ceasefire", "agreement",
    "census", "referendum", "constitution", "declaration", "treaty", "protocol", "summit",
    "report", "offensive", "massacre", "events", "conflict", "law", "decree",
];
