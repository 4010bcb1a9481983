//! Temporal expressions: finds dates, durations and relative time words in raw English
//! text (plus Russian and Azerbaijani month names) and normalises them to calendar
//! intervals relative to the text's publication date, so that events can be dated.
//!
//! [`find_temporal_expressions`] returns every expression with UTF-8 byte spans into the
//! original text; [`parse_date`] parses one date expression written on its own.
//!
//! # How it works
//! The text is split into tokens (runs of letters, runs of ASCII digits, any other single
//! character) with byte offsets. Whitespace only separates tokens, so line breaks inside an
//! expression ("in the middle of\nAugust") do not matter, while offsets still point into the
//! original text. Hand-written patterns are matched over token windows, leftmost-longest,
//! giving sorted, non-overlapping spans. A span glued to neighbouring text is rejected
//! (`Russia-1`, `France-24`, `3,000`, `2.5`, URLs and paths).
//!
//! # Conventions
//! - Spans include a leading neutral preposition (`on`, `in`, `back in`, `at`, `during`,
//!   `for`, `within`, `over`, Russian `в`), and `the` where the pattern has it ("the end of
//!   September", "the 1990s"); other cue words are required but left out ("since 1994"
//!   spans `1994`).
//! - A missing year is the latest year in which the interval *starts* on or before the
//!   publication date ("12 July" → 2020-07-12 and "27 December" → 2019-12-27 when published
//!   2020-11-06). An explicit year is kept even when after publication.
//! - Parts of a month: early/beginning/start = days 1–10, mid/middle = 11–20,
//!   late/end = 21–last (PartOfMonth). Parts of a year ("early 1993", "the end of 2019"):
//!   Jan–Apr, May–Aug, Sep–Dec, precision Year. Parts of a decade: early = years 0–3,
//!   middle = 3–6, late = 6–9 (1990–93, 1993–96, 1996–99), precision Decade. Two-digit and
//!   word decades ("the '90s", "the nineties") are the latest such decade starting on or
//!   before the publication year; they need `the` or a part word.
//! - A bare four-digit year (1000–2100) needs a cue: a preceding `in`, `since`, `of`,
//!   `during`, `by`, `until`, `before`, `after`, `from`, `around`, `year`, a season or `в`
//!   (then a following lowercase content word rejects it: "of 2000 people"); parentheses
//!   ("resolution 822 (1993)"); or a following year word (`года`, `-ci il`) or event noun
//!   ("the 1993 resolution").
//! - Day dates: "11 October 2020", "11th of October, 2020", "October 11, 2020", "Oct. 11",
//!   an optional weekday before ("Sunday, 27 September"), Russian `11 октября 2020 года`,
//!   Azerbaijani `10 noyabr 2020-ci il`. Month dates: "October 2020", "October of 2020",
//!   `в октябре 2020 г.`, and a month name alone after a cue (`in`, `since`, `from`,
//!   `and`, ...). Lowercase `may`/`march` and lowercase abbreviations need a year;
//!   Azerbaijani names need a day or a year.
//! - Numeric dates: `yyyy-mm-dd` (an ISO time after it is kept in the span), `yyyy/mm/dd`,
//!   `yyyy-mm` (Month) and `dd.mm.yyyy`; `dd/mm` versus `mm/dd` is ambiguous and skipped.
//! - Ranges: `between X and Y`, `from X to|till|until|through Y`, `X – Y` (hyphen, en or
//!   em dash), where X and Y are day, month or year dates and X takes a missing month and
//!   year from Y ("from 12 to 16 July", "1992–1994"); also "October 8-10, 2020". Precision
//!   Range.
//! - Durations: numbers in digits (1–100000) or words (one–ninety-nine), `a`/`an` with
//!   week, month or year. Days = n; weeks = 7n; months = exact minimum and maximum over n
//!   consecutive calendar months (three months = 89..92); years = 365n + ⌊n/4⌋ ..
//!   365n + ⌈n/4⌉. `two or three days`, `3-4 days`, `44-day war` and `in one week or in
//!   two weeks` give ranges of days.
//! - Relative: today/now/tonight/this morning → publication day; yesterday and last night
//!   → the day before; tomorrow → the day after; this/last week → that ISO week (Range);
//!   this/last month → Month; this/last year → Year; recent/recently/lately → the 30 days up
//!   to publication (Range; "recent days" 7, "recent weeks" 30, "recent months" 180,
//!   "recent years" 1095); "N days|weeks|months|years ago"; "the past N weeks" → Range up to
//!   publication; a capitalised weekday ("on Sunday", "last Sunday") → the latest such day
//!   on or before (for `last`, strictly before) publication.
//! - A date of the right shape that does not exist ("31 February 2020") is returned with
//!   `interval: None`. [`DatePrecision::Unknown`] is never produced here.

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// How precisely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    /// One calendar day.
    Day,
    /// One calendar month.
    Month,
    /// Early (1–10), middle (11–20) or late (21–end) part of a month.
    PartOfMonth,
    /// One calendar year, or part of one ("early 1993").
    Year,
    /// A decade or part of one ("the early 1990s").
    Decade,
    /// An explicit or relative span ("from 12 to 16 July", "this week").
    Range,
    /// Not known (for callers; never produced by this module).
    Unknown,
}

/// A closed interval of calendar days with its precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateInterval {
    /// First day, inclusive.
    pub start: NaiveDate,
    /// Last day, inclusive.
    pub end: NaiveDate,
    /// How precisely the date is known.
    pub precision: DatePrecision,
}

/// What kind of expression it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TemporalKind {
    /// An absolute date, part of one, or a range of dates.
    Date,
    /// A length of time ("40 days").
    Duration,
    /// A date relative to publication ("yesterday", "two days ago").
    Relative,
}

/// One temporal expression found in a text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TemporalExpression {
    /// UTF-8 byte offset into the text, inclusive.
    pub start: usize,
    /// UTF-8 byte offset, exclusive; `text[start..end] == self.text`.
    pub end: usize,
    /// The expression as written (line breaks included).
    pub text: String,
    /// What kind of expression it is.
    pub kind: TemporalKind,
    /// The dates meant, for Date and Relative kinds when resolvable.
    pub interval: Option<DateInterval>,
    /// For durations: the minimum and maximum number of days.
    pub duration_days: Option<(u32, u32)>,
}

/// Finds every temporal expression in `text`, in order, non-overlapping (longest match wins).
pub fn find_temporal_expressions(text: &str, published: NaiveDate) -> Vec<TemporalExpression> {
    let toks = tokenize(text);
    let sc = Sc {
        t: &toks,
        p: published,
        alone: false,
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match sc.best(i) {
            Some(h) => {
                let (start, end) = (toks[i].start, toks[h.end - 1].end);
                out.push(TemporalExpression {
                    start,
                    end,
                    text: text[start..end].to_string(),
                    kind: h.kind,
                    interval: h.iv,
                    duration_days: h.dur,
                });
                i = h.end;
            }
            None => i += 1,
        }
    }
    out
}

/// Parses one date expression as written (e.g. "11 October 2020", "mid-August 2020",
/// "2020-10", "the 1990s", "1993", "yesterday") into an interval. `None` when it is not a
/// date, is a duration, or does not exist. Trailing punctuation is ignored.
pub fn parse_date(text: &str, published: NaiveDate) -> Option<DateInterval> {
    let toks = tokenize(text);
    let mut n = toks.len();
    while n > 0
        && matches!(
            toks[n - 1].low.as_str(),
            "." | "," | ";" | ":" | ")" | "!" | "?"
        )
    {
        n -= 1;
    }
    let sc = Sc {
        t: &toks[..n],
        p: published,
        alone: true,
    };
    let h = sc.best(0)?;
    if h.end == n && h.kind != TemporalKind::Duration {
        h.iv
    } else {
        None
    }
}

/// Word lists, kept compact.
#[rustfmt::skip]
mod words {
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
}
use words::*;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tk {
    Word,
    Num,
    Punct,
}

#[derive(Debug)]
struct Tok {
    start: usize,
    end: usize,
    kind: Tk,
    low: String,
    /// No whitespace between the previous token and this one.
    glued: bool,
    cap: bool,
    val: Option<u32>,
    digits: usize,
}

fn tokenize(text: &str) -> Vec<Tok> {
    let mut toks: Vec<Tok> = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        let kind = if c.is_ascii_digit() {
            Tk::Num
        } else if c.is_alphabetic() {
            Tk::Word
        } else {
            Tk::Punct
        };
        let mut end = start + c.len_utf8();
        while let Some(&(p, d)) = chars.peek() {
            let same = match kind {
                Tk::Num => d.is_ascii_digit(),
                Tk::Word => d.is_alphabetic(),
                Tk::Punct => false,
            };
            if !same {
                break;
            }
            end = p + d.len_utf8();
            chars.next();
        }
        let raw = &text[start..end];
        let digits = if kind == Tk::Num { raw.len() } else { 0 };
        toks.push(Tok {
            start,
            end,
            kind,
            low: raw.to_lowercase(),
            glued: toks.last().is_some_and(|t| t.end == start),
            cap: c.is_uppercase(),
            val: if kind == Tk::Num && digits <= 9 {
                raw.parse().ok()
            } else {
                None
            },
            digits,
        });
    }
    toks
}

#[derive(Clone, Copy)]
enum Part {
    Early,
    Mid,
    Late,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Unit {
    Day,
    Week,
    Month,
    Year,
}

/// A partial date as written: year, month, day; any may be missing.
#[derive(Clone, Copy, Debug)]
struct Pt(Option<i32>, Option<u32>, Option<u32>);

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Single,
    From,
    To,
}

/// An amount of time units, `lo..=hi` of them, ending at token `end`.
struct Atom {
    end: usize,
    lo: u32,
    hi: u32,
    unit: Unit,
}

/// A match: token index one past its end, and what it means.
struct Hit {
    end: usize,
    kind: TemporalKind,
    iv: Option<DateInterval>,
    dur: Option<(u32, u32)>,
}

impl Hit {
    fn new(end: usize, kind: TemporalKind, iv: Option<DateInterval>) -> Self {
        let dur = None;
        Hit { end, kind, iv, dur }
    }
    fn date(end: usize, iv: Option<DateInterval>) -> Self {
        Hit::new(end, TemporalKind::Date, iv)
    }
    fn rel(end: usize, iv: Option<DateInterval>) -> Self {
        Hit::new(end, TemporalKind::Relative, iv)
    }
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn iv(start: NaiveDate, end: NaiveDate, precision: DatePrecision) -> DateInterval {
    DateInterval {
        start,
        end,
        precision,
    }
}

fn span(s: Option<NaiveDate>, e: Option<NaiveDate>, p: DatePrecision) -> Option<DateInterval> {
    Some(iv(s?, e?, p))
}

fn day_of(d: NaiveDate) -> DateInterval {
    iv(d, d, DatePrecision::Day)
}

fn up_to(start: NaiveDate, end: NaiveDate) -> DateInterval {
    iv(start, end, DatePrecision::Range)
}

fn last_day(y: i32, m: u32) -> Option<u32> {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    ymd(ny, nm, 1)?.pred_opt().map(|d| d.day())
}

fn month_iv(y: i32, m: u32, part: Option<Part>) -> Option<DateInterval> {
    let last = last_day(y, m)?;
    let (a, b, p) = match part {
        None => (1, last, DatePrecision::Month),
        Some(Part::Early) => (1, 10, DatePrecision::PartOfMonth),
        Some(Part::Mid) => (11, 20, DatePrecision::PartOfMonth),
        Some(Part::Late) => (21, last, DatePrecision::PartOfMonth),
    };
    span(ymd(y, m, a), ymd(y, m, b), p)
}

fn year_iv(y: i32, part: Option<Part>) -> Option<DateInterval> {
    let (a, b) = match part {
        None => (1, 12),
        Some(Part::Early) => (1, 4),
        Some(Part::Mid) => (5, 8),
        Some(Part::Late) => (9, 12),
    };
    span(
        ymd(y, a, 1),
        ymd(y, b, last_day(y, b)?),
        DatePrecision::Year,
    )
}

fn decade_iv(d: i32, part: Option<Part>) -> Option<DateInterval> {
    let (a, b) = match part {
        None => (0, 9),
        Some(Part::Early) => (0, 3),
        Some(Part::Mid) => (3, 6),
        Some(Part::Late) => (6, 9),
    };
    span(ymd(d + a, 1, 1), ymd(d + b, 12, 31), DatePrecision::Decade)
}

fn week_iv(d: NaiveDate) -> Option<DateInterval> {
    let start = d.checked_sub_days(Days::new(d.weekday().num_days_from_monday().into()))?;
    span(
        Some(start),
        start.checked_add_days(Days::new(6)),
        DatePrecision::Range,
    )
}

fn pt_iv(pt: Pt, y: i32) -> Option<DateInterval> {
    match (pt.1, pt.2) {
        (Some(m), Some(d)) => ymd(y, m, d).map(day_of),
        (Some(m), None) => month_iv(y, m, None),
        (None, None) => year_iv(y, None),
        (None, Some(_)) => None,
    }
}

/// Exact minimum and maximum days in `n` consecutive calendar months (4-year leap cycle).
fn months_days(n: u32) -> (u32, u32) {
    const LEN: [u32; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let len = |k: u32| LEN[(k % 12) as usize] + u32::from(k % 48 == 1);
    let (full, rem) = (n / 48 * 1461, n % 48);
    let sums = (0..48).map(|s| (s..s + rem).map(len).sum::<u32>());
    let (lo, hi) = sums.fold((u32::MAX, 0), |(lo, hi), x| (lo.min(x), hi.max(x)));
    (full + lo, full + hi)
}

fn unit_days(unit: Unit, n: u32) -> (u32, u32) {
    match unit {
        Unit::Day => (n, n),
        Unit::Week => (7 * n, 7 * n),
        Unit::Month => months_days(n),
        Unit::Year => (365 * n + n / 4, 365 * n + n.div_ceil(4)),
    }
}

/// The scanner: tokens, publication date, and whether the text is one expression alone.
struct Sc<'a> {
    t: &'a [Tok],
    p: NaiveDate,
    alone: bool,
}

impl Sc<'_> {
    fn low(&self, i: usize) -> &str {
        self.t.get(i).map_or("", |t| t.low.as_str())
    }
    fn is(&self, i: usize, w: &str) -> bool {
        self.low(i) == w
    }
    fn any(&self, i: usize, ws: &[&str]) -> bool {
        ws.contains(&self.low(i))
    }
    fn glued(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| t.glued)
    }
    fn dash(&self, i: usize) -> bool {
        self.any(i, DASHES)
    }
    fn solid(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| t.kind != Tk::Punct)
    }
    fn num(&self, i: usize, digits: std::ops::RangeInclusive<usize>) -> Option<u32> {
        let t = self
            .t
            .get(i)
            .filter(|t| t.kind == Tk::Num && digits.contains(&t.digits))?;
        t.val
    }
    fn year(&self, i: usize) -> Option<i32> {
        let v = self.num(i, 4..=4).filter(|v| (1000..=2100).contains(v))?;
        i32::try_from(v).ok()
    }
    fn prev_any(&self, i: usize, ws: &[&str]) -> bool {
        i > 0 && self.any(i - 1, ws)
    }
    /// A lowercase content word at `i`: the number before it is a count, not a year.
    fn count_noun(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| {
            let w = t.low.as_str();
            t.kind == Tk::Word
                && !t.cap
                && !FUNCTION_WORDS.contains(&w)
                && !EVENT_NOUNS.contains(&w)
        })
    }

    /// The longest match starting at token `i`, possibly after a neutral preposition.
    fn best(&self, i: usize) -> Option<Hit> {
        let matchers: [fn(&Self, usize) -> Option<Hit>; 5] = [
            Self::m_modified,
            Self::m_range,
            Self::m_point,
            Self::m_duration,
            Self::m_relative,
        ];
        let prefix = match self.low(i) {
            "back" if self.is(i + 1, "in") => Some(i + 2),
            "on" | "in" | "at" | "during" | "for" | "within" | "over" | "в" => Some(i + 1),
            _ => None,
        };
        let mut best: Option<Hit> = None;
        for core in [Some(i), prefix].into_iter().flatten() {
            for m in matchers {
                if let Some(h) = m(self, core) {
                    if h.end > best.as_ref().map_or(i, |b| b.end) && self.bounded(i, h.end) {
                        best = Some(h);
                    }
                }
            }
        }
        best
    }

    /// Tokens `s..e` are not glued to a word, number or joined token on either side.
    fn bounded(&self, s: usize, e: usize) -> bool {
        let before = s > 0
            && self.glued(s)
            && (self.solid(s - 1)
                || (self.any(s - 1, JOINERS) && s >= 2 && self.glued(s - 1) && self.solid(s - 2)));
        let after = self.glued(e)
            && (self.solid(e)
                || (self.any(e, JOINERS)
                    && self.glued(e + 1)
                    && self
                        .t
                        .get(e + 1)
                        .is_some_and(|t| t.kind == Tk::Num || (t.kind == Tk::Word && !t.cap))));
        !before && !after
    }

    /// A month name: (end, month, need) where need 0 = fine alone, 1 = needs a day or a
    /// year, 2 = needs a year.
    fn month(&self, i: usize) -> Option<(usize, u32, u8)> {
        let t = self.t.get(i).filter(|t| t.kind == Tk::Word)?;
        let w = t.low.as_str();
        let pos = |list: &[&str]| list.iter().position(|x| *x == w).map(|k| k as u32 + 1);
        if let Some(m) = pos(&EN) {
            return Some((i + 1, m, if !t.cap && (m == 3 || m == 5) { 2 } else { 0 }));
        }
        if let Some(&(_, m)) = EN_ABBR.iter().find(|(a, _)| *a == w) {
            let end = if self.is(i + 1, ".") && self.glued(i + 1) {
                i + 2
            } else {
                i + 1
            };
            return Some((end, m, if t.cap { 0 } else { 2 }));
        }
        if let Some(m) = pos(&AZ) {
            return Some((i + 1, m, 1));
        }
        RU.iter()
            .position(|stem| {
                w.strip_prefix(stem).is_some_and(|rest| {
                    RU_ENDINGS.contains(&rest) && !(rest.is_empty() && *stem == "ма")
                })
            })
            .map(|k| (i + 1, k as u32 + 1, 0))
    }

    fn day(&self, i: usize) -> Option<(usize, u32, bool)> {
        let d = self.num(i, 1..=2).filter(|d| (1..=31).contains(d))?;
        if self.glued(i + 1) && self.any(i + 1, &["st", "nd", "rd", "th"]) {
            Some((i + 2, d, true))
        } else {
            Some((i + 1, d, false))
        }
    }

    /// Russian or Azerbaijani year words after a year: (end, found).
    fn year_tail(&self, k: usize) -> (usize, bool) {
        if self.any(k, &["года", "году", "год", "г"]) {
            let dot = self.is(k, "г") && self.is(k + 1, ".") && self.glued(k + 1);
            return (k + 1 + usize::from(dot), true);
        }
        if self.dash(k)
            && self.glued(k)
            && self.glued(k + 1)
            && self.any(k + 1, &["ci", "cı", "cu", "cü"])
        {
            let il = self.any(k + 2, &["il", "ildə", "ilin", "ili", "ilində", "ildən"]);
            return (k + 2 + usize::from(il), true);
        }
        (k, false)
    }

    /// An optional year after a month or day: "2020", ", 2020", "of 2020".
    fn opt_year(&self, k: usize) -> (usize, Option<i32>) {
        let k2 = if self.any(k, &[",", "of"]) && self.year(k + 1).is_some() {
            k + 1
        } else {
            k
        };
        match self.year(k2) {
            Some(y) => (self.year_tail(k2 + 1).0, Some(y)),
            None => (k, None),
        }
    }

    fn point(&self, i: usize, role: Role) -> Option<(usize, Pt)> {
        if self
            .t
            .get(i)
            .is_some_and(|t| t.cap && WEEKDAYS.contains(&t.low.as_str()))
        {
            let k = if self.is(i + 1, ",") { i + 2 } else { i + 1 };
            if let Some((e, pt)) = self.point_core(k, role) {
                if pt.2.is_some() {
                    return Some((e, pt));
                }
            }
        }
        self.point_core(i, role)
    }

    fn point_core(&self, i: usize, role: Role) -> Option<(usize, Pt)> {
        let single = role == Role::Single && !self.alone;
        let j0 = if self.is(i, "the") { i + 1 } else { i };
        if let Some((j, d, suffix)) = self.day(j0) {
            let of = self.is(j, "of");
            if let Some((k, m, need)) = self.month(j + usize::from(of)) {
                let (e, y) = self.opt_year(k);
                if need <= if y.is_some() { 2 } else { 1 } && (j0 == i || suffix || of) {
                    return Some((e, Pt(y, Some(m), Some(d))));
                }
            }
            let bare = role == Role::From && j0 == i && !of;
            return bare.then_some((j, Pt(None, None, Some(d))));
        }
        if let Some((j, m, need)) = self.month(i) {
            if let Some((k, d, _)) = self.day(j) {
                let (e, y) = self.opt_year(k);
                let need_ok = need <= if y.is_some() { 2 } else { 1 };
                if need_ok && (y.is_some() || !single || !self.count_noun(k)) {
                    return Some((e, Pt(y, Some(m), Some(d))));
                }
            }
            let (e, y) = self.opt_year(j);
            if y.is_some() {
                return Some((e, Pt(y, Some(m), None)));
            }
            let ok = need == 0 && (!single || self.prev_any(i, MONTH_CUES));
            return ok.then_some((j, Pt(None, Some(m), None)));
        }
        let y = self.year(i)?;
        let (e, tail) = self.year_tail(i + 1);
        let paren = self.prev_any(i, &["("]) && self.is(e, ")");
        let cued = paren || (self.prev_any(i, YEAR_CUES) && !self.count_noun(e));
        let ok = tail || !single || cued || self.any(e, EVENT_NOUNS);
        ok.then_some((e, Pt(Some(y), None, None)))
    }

    /// The latest interval starting on or before publication, over candidate years.
    fn infer(&self, f: impl Fn(i32) -> Option<DateInterval>) -> Option<DateInterval> {
        let y0 = self.p.year();
        (y0 - 8..=y0 + 1)
            .rev()
            .filter_map(f)
            .find(|iv| iv.start <= self.p)
    }

    fn resolve(&self, pt: Pt) -> Option<DateInterval> {
        match pt.0 {
            Some(y) => pt_iv(pt, y),
            None => self.infer(|y| pt_iv(pt, y)),
        }
    }

    fn range_iv(&self, mut a: Pt, b: Pt) -> Option<DateInterval> {
        if a.1.is_none() && a.2.is_some() {
            b.2?;
            a.1 = b.1;
        }
        if b.1.is_none() && a.1.is_some() {
            return None;
        }
        let f = |yb: i32| {
            let ib = pt_iv(b, yb)?;
            let mut ia = pt_iv(a, a.0.unwrap_or(yb))?;
            if a.0.is_none() && ia.start > ib.start {
                ia = pt_iv(a, yb - 1)?;
            }
            (ia.start <= ib.end).then_some(up_to(ia.start, ib.end))
        };
        match (a.0, b.0) {
            (_, Some(yb)) => f(yb),
            (Some(ya), None) => f(ya).or_else(|| f(ya + 1)),
            (None, None) => self.infer(f),
        }
    }

    fn century(&self, v: u32) -> i32 {
        let y = self.p.year();
        let c = y - y.rem_euclid(100) + v as i32;
        if c <= y { c } else { c - 100 }
    }

    /// A decade: "1990s", "1990's", "'90s", and with `qualified` also "90s", "nineties".
    fn decade(&self, j: usize, qualified: bool) -> Option<(usize, i32)> {
        let s_at = |k: usize| self.glued(k) && self.is(k, "s");
        if let Some(v) = self
            .num(j, 4..=4)
            .filter(|v| v % 10 == 0 && (1000..=2100).contains(v))
        {
            let apos = self.glued(j + 1) && self.any(j + 1, APOS);
            let e = if s_at(j + 1) {
                j + 2
            } else if apos && s_at(j + 2) {
                j + 3
            } else {
                return None;
            };
            return Some((e, v as i32));
        }
        if let Some(v) = self.num(j, 2..=2).filter(|v| v % 10 == 0) {
            return (qualified && s_at(j + 1)).then(|| (j + 2, self.century(v)));
        }
        if self.any(j, APOS) && self.glued(j + 1) && s_at(j + 2) {
            let v = self.num(j + 1, 2..=2).filter(|v| v % 10 == 0)?;
            return Some((j + 3, self.century(v)));
        }
        let k = DECADE_WORDS.iter().position(|w| self.is(j, w))?;
        qualified.then(|| (j + 1, self.century(20 + 10 * k as u32)))
    }

    /// Decades, and parts of decades, years and months: "the 1990s", "mid-August",
    /// "the end of September", "in the middle of the 1990s", "early 1993".
    fn m_modified(&self, i: usize) -> Option<Hit> {
        let the = self.is(i, "the");
        let mut j = i + usize::from(the);
        let (part, long) = match (self.low(j), self.is(j + 1, "of")) {
            ("early", _) => (Some(Part::Early), false),
            ("mid", _) => (Some(Part::Mid), false),
            ("late", _) => (Some(Part::Late), false),
            ("beginning" | "start", true) => (Some(Part::Early), true),
            ("middle", true) => (Some(Part::Mid), true),
            ("end", true) => (Some(Part::Late), true),
            _ => (None, false),
        };
        if long {
            j += 2 + usize::from(self.is(j + 2, "the"));
        } else if part.is_some() {
            j += 1;
            if self.dash(j) && self.glued(j) && self.glued(j + 1) {
                j += 1;
            }
        }
        if let Some((e, d)) = self.decade(j, the || part.is_some()) {
            return Some(Hit::date(e, decade_iv(d, part)));
        }
        let part = part?;
        if let Some((k, m, need)) = self.month(j) {
            let (e, y) = self.opt_year(k);
            if need > if y.is_some() { 2 } else { 0 } {
                return None;
            }
            let iv = match y {
                Some(y) => month_iv(y, m, Some(part)),
                None => self.infer(|y| month_iv(y, m, Some(part))),
            };
            return Some(Hit::date(e, iv));
        }
        let y = self.year(j)?;
        let (e, _) = self.year_tail(j + 1);
        (!self.count_noun(e)).then(|| Hit::date(e, year_iv(y, Some(part))))
    }

    fn m_range(&self, i: usize) -> Option<Hit> {
        let (s, seps): (usize, &[&str]) = match self.low(i) {
            "between" => (i + 1, &["and"]),
            "from" => (i + 1, &["to", "till", "until", "through", "-", "–", "—"]),
            _ => (i, DASHES),
        };
        let (j, a) = self.point(s, Role::From)?;
        if !self.any(j, seps) {
            return None;
        }
        let to = self.point(j + 1, Role::To).or_else(|| {
            // "October 8-10, 2020": the month is written once, before the first day.
            let (k, d, _) = self
                .day(j + 1)
                .filter(|_| self.month(s).is_some() && a.2.is_some())?;
            let (e, y) = self.opt_year(k);
            (y.is_some() || !self.count_noun(k)).then_some((e, Pt(y, a.1, Some(d))))
        });
        let (e, b) = to?;
        Some(Hit::date(e, Some(self.range_iv(a, b)?)))
    }

    fn m_point(&self, i: usize) -> Option<Hit> {
        if let Some(h) = self.m_numeric(i) {
            return Some(h);
        }
        let (e, pt) = self.point(i, Role::Single)?;
        Some(Hit::date(e, self.resolve(pt)))
    }

    /// "2020-10-11", "2020/10/11", "2020-10", "11.10.2020".
    fn m_numeric(&self, i: usize) -> Option<Hit> {
        let g = |k: usize| self.glued(k);
        if let Some(y) = self.year(i) {
            let sep = self.low(i + 1);
            let m = self.num(i + 2, 2..=2).filter(|m| (1..=12).contains(m))?;
            if !(matches!(sep, "-" | "/" | ".") && g(i + 1) && g(i + 2)) {
                return None;
            }
            if self.is(i + 3, sep) && g(i + 3) && g(i + 4) {
                let d = self.num(i + 4, 1..=2)?;
                // An ISO time ("T10:00:00Z") belongs to the date.
                let mut e = i + 5;
                if self.is(e, "t") && g(e) && g(e + 1) && self.num(e + 1, 2..=2).is_some() {
                    e += 1;
                    let digits = |k: usize| self.num(k, 1..=9).is_some();
                    while g(e)
                        && (digits(e)
                            || self.is(e, "z")
                            || (self.any(e, TIME) && g(e + 1) && digits(e + 1)))
                    {
                        e += 1;
                    }
                }
                return Some(Hit::date(e, ymd(y, m, d).map(day_of)));
            }
            return (sep == "-").then(|| Hit::date(i + 3, month_iv(y, m, None)));
        }
        let (d, m, y) = (
            self.num(i, 1..=2)?,
            self.num(i + 2, 1..=2)?,
            self.year(i + 4)?,
        );
        let shape = self.is(i + 1, ".") && self.is(i + 3, ".") && (i + 1..=i + 4).all(g);
        shape.then(|| Hit::date(i + 5, ymd(y, m, d).map(day_of)))
    }

    fn unit(&self, i: usize) -> Option<Unit> {
        match self.low(i) {
            "day" | "days" => Some(Unit::Day),
            "week" | "weeks" => Some(Unit::Week),
            "month" | "months" => Some(Unit::Month),
            "year" | "years" => Some(Unit::Year),
            _ => None,
        }
    }

    /// A number in digits or words, or an article: (end, value, is_article).
    fn amount(&self, i: usize) -> Option<(usize, u32, bool)> {
        if let Some(v) = self.num(i, 1..=6).filter(|v| (1..=100_000).contains(v)) {
            return Some((i + 1, v, false));
        }
        if self.any(i, &["a", "an"]) {
            return Some((i + 1, 1, true));
        }
        let w = self.low(i);
        if let Some(k) = TENS.iter().position(|t| *t == w) {
            let tens = 20 + 10 * k as u32;
            let j = if self.dash(i + 1) && self.glued(i + 1) && self.glued(i + 2) {
                i + 2
            } else {
                i + 1
            };
            return Some(match ONES[..9].iter().position(|o| self.is(j, o)) {
                Some(o) => (j + 1, tens + o as u32 + 1, false),
                None => (i + 1, tens, false),
            });
        }
        ONES.iter()
            .position(|o| *o == w)
            .map(|o| (i + 1, o as u32 + 1, false))
    }

    /// "40 days", "two or three weeks", "3-4 months", "a year", "44-day".
    fn atom(&self, i: usize) -> Option<Atom> {
        let (mut j, lo, article) = self.amount(i)?;
        let mut hi = lo;
        if !article && self.any(j, &["or", "to", "-", "–"]) {
            if let Some((k, h, false)) = self.amount(j + 1) {
                if h > lo && self.unit(k).is_some() {
                    (j, hi) = (k, h);
                }
            }
        }
        let (end, unit) = if self.dash(j) && self.glued(j) && self.glued(j + 1) {
            (j + 2, self.unit(j + 1)?)
        } else {
            (j + 1, self.unit(j)?)
        };
        (!(article && unit == Unit::Day)).then_some(Atom { end, lo, hi, unit })
    }

    fn months_back(&self, n: u32) -> Option<DateInterval> {
        let d = self.p.with_day(1)?.checked_sub_months(Months::new(n))?;
        month_iv(d.year(), d.month(), None)
    }

    fn ago(&self, a: &Atom) -> Option<DateInterval> {
        let back = |n: u32| self.p.checked_sub_days(Days::new(n.into()));
        let at = |n: u32| match a.unit {
            Unit::Day => back(n).map(day_of),
            Unit::Week => back(n.checked_mul(7)?).and_then(week_iv),
            Unit::Month => self.months_back(n),
            Unit::Year => year_iv(self.p.year() - i32::try_from(n).ok()?, None),
        };
        let (first, last) = (at(a.hi)?, at(a.lo)?);
        let same = a.lo == a.hi;
        let precision = if same {
            first.precision
        } else {
            DatePrecision::Range
        };
        Some(iv(first.start, last.end, precision))
    }

    fn m_duration(&self, i: usize) -> Option<Hit> {
        let a = self.atom(i)?;
        if self.is(a.end, "ago") {
            return Some(Hit::rel(a.end + 1, self.ago(&a)));
        }
        let (mut lo, mut hi, mut end) =
            (unit_days(a.unit, a.lo).0, unit_days(a.unit, a.hi).1, a.end);
        if self.any(end, &["or", "to"]) {
            let k = end + 1 + usize::from(self.any(end + 1, &["in", "within", "for"]));
            if let Some(b) = self.atom(k) {
                lo = lo.min(unit_days(b.unit, b.lo).0);
                hi = hi.max(unit_days(b.unit, b.hi).1);
                end = b.end;
            }
        }
        let dur = Some((lo, hi));
        Some(Hit {
            dur,
            ..Hit::new(end, TemporalKind::Duration, None)
        })
    }

    /// A capitalised weekday at `k`: the latest such day on or before publication.
    fn weekday(&self, k: usize, strictly_before: bool) -> Option<Hit> {
        let t = self.t.get(k).filter(|t| t.cap)?;
        let wd = WEEKDAYS.iter().position(|w| *w == t.low)?;
        let today = self.p.weekday().num_days_from_monday() as usize;
        let mut back = (today + 7 - wd) % 7;
        if strictly_before && back == 0 {
            back = 7;
        }
        Some(Hit::rel(
            k + 1,
            self.p.checked_sub_days(Days::new(back as u64)).map(day_of),
        ))
    }

    fn m_relative(&self, i: usize) -> Option<Hit> {
        let p = self.p;
        let back = |n: u32| p.checked_sub_days(Days::new(n.into()));
        let hit = |end: usize, iv: Option<DateInterval>| Some(Hit::rel(end, iv));
        let w = self.low(i);
        match w {
            "today" | "now" | "tonight" => return hit(i + 1, Some(day_of(p))),
            "yesterday" => return hit(i + 1, back(1).map(day_of)),
            "tomorrow" => return hit(i + 1, p.succ_opt().map(day_of)),
            "recent" | "recently" | "lately" => {
                let (end, n) = match (w, self.low(i + 1)) {
                    ("recent", "days") => (i + 2, 7),
                    ("recent", "weeks") => (i + 2, 30),
                    ("recent", "months") => (i + 2, 180),
                    ("recent", "years") => (i + 2, 1095),
                    _ => (i + 1, 30),
                };
                return hit(end, back(n).map(|s| up_to(s, p)));
            }
            _ => {}
        }
        if w == "the"
            && self.is(i + 1, "day")
            && self.is(i + 2, "before")
            && self.is(i + 3, "yesterday")
        {
            return hit(i + 4, back(2).map(day_of));
        }
        let j = i + usize::from(w == "the");
        if self.any(j, &["past", "last", "previous"]) {
            if let Some(a) = self.atom(j + 1) {
                return hit(a.end, back(unit_days(a.unit, a.hi).1).map(|s| up_to(s, p)));
            }
        }
        let this = match w {
            "this" => true,
            "last" => false,
            "the" => return None,
            _ => return self.weekday(i, false),
        };
        let iv = match self.low(i + 1) {
            "week" => (if this { Some(p) } else { back(7) }).and_then(week_iv),
            "month" if this => month_iv(p.year(), p.month(), None),
            "month" => self.months_back(1),
            "year" => year_iv(p.year() - i32::from(!this), None),
            "morning" | "afternoon" | "evening" if this => Some(day_of(p)),
            "night" if !this => back(1).map(day_of),
            _ => return self.weekday(i + 1, !this),
        };
        hit(i + 2, iv)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DatePrecision::*;

    fn d(s: &str) -> NaiveDate {
        let v: Vec<i32> = s.split('-').map(|x| x.parse().unwrap()).collect();
        NaiveDate::from_ymd_opt(v[0], v[1] as u32, v[2] as u32).unwrap()
    }

    fn pubd() -> NaiveDate {
        d("2020-11-06")
    }

    /// Each case: text, expected span, start, end, precision; exactly one expression.
    fn check(kind: TemporalKind, cases: &[(&str, &str, &str, &str, DatePrecision)]) {
        for &(text, span, start, end, precision) in cases {
            let found = find_temporal_expressions(text, pubd());
            assert_eq!(found.len(), 1, "{text:?}: {found:#?}");
            let e = &found[0];
            assert_eq!((e.text.as_str(), e.kind), (span, kind), "{text:?}");
            let want = DateInterval {
                start: d(start),
                end: d(end),
                precision,
            };
            assert_eq!(e.interval, Some(want), "{text:?}");
        }
    }

    #[test]
    #[rustfmt::skip]
    fn days() {
        check(TemporalKind::Date, &[
            ("on 11 October 2020", "on 11 October 2020", "2020-10-11", "2020-10-11", Day),
            ("It began 11 October 2020.", "11 October 2020", "2020-10-11", "2020-10-11", Day),
            ("October 11, 2020", "October 11, 2020", "2020-10-11", "2020-10-11", Day),
            ("the 11th of October 2020", "the 11th of October 2020", "2020-10-11", "2020-10-11", Day),
            ("(2020-10-11)", "2020-10-11", "2020-10-11", "2020-10-11", Day),
            ("dated 11.10.2020", "11.10.2020", "2020-10-11", "2020-10-11", Day),
            ("on 27 September", "on 27 September", "2020-09-27", "2020-09-27", Day),
            ("12 July", "12 July", "2020-07-12", "2020-07-12", Day),
            ("27 December", "27 December", "2019-12-27", "2019-12-27", Day),
            ("on 10 November 2020", "on 10 November 2020", "2020-11-10", "2020-11-10", Day),
            ("on Sunday, 27 September 2020", "on Sunday, 27 September 2020", "2020-09-27", "2020-09-27", Day),
            ("on Oct. 11 the", "on Oct. 11", "2020-10-11", "2020-10-11", Day),
            ("at 2020-10-11T10:00:00Z.", "at 2020-10-11T10:00:00Z", "2020-10-11", "2020-10-11", Day),
        ]);
    }

    #[test]
    #[rustfmt::skip]
    fn months_and_parts() {
        check(TemporalKind::Date, &[
            ("October 2020", "October 2020", "2020-10-01", "2020-10-31", Month),
            ("in October", "in October", "2020-10-01", "2020-10-31", Month),
            ("since December", "December", "2019-12-01", "2019-12-31", Month),
            ("2020-02", "2020-02", "2020-02-01", "2020-02-29", Month),
            ("in the middle of August", "in the middle of August", "2020-08-11", "2020-08-20", PartOfMonth),
            ("mid-August", "mid-August", "2020-08-11", "2020-08-20", PartOfMonth),
            ("in early October", "in early October", "2020-10-01", "2020-10-10", PartOfMonth),
            ("late September", "late September", "2020-09-21", "2020-09-30", PartOfMonth),
            ("the beginning of October", "the beginning of October", "2020-10-01", "2020-10-10", PartOfMonth),
            ("at the end of September", "at the end of September", "2020-09-21", "2020-09-30", PartOfMonth),
            ("late November", "late November", "2019-11-21", "2019-11-30", PartOfMonth),
            ("mid-February 2019", "mid-February 2019", "2019-02-11", "2019-02-20", PartOfMonth),
        ]);
    }

    #[test]
    #[rustfmt::skip]
    fn years_and_decades() {
        check(TemporalKind::Date, &[
            ("in 1993", "in 1993", "1993-01-01", "1993-12-31", Year),
            ("back in 1993", "back in 1993", "1993-01-01", "1993-12-31", Year),
            ("in 2020, the", "in 2020", "2020-01-01", "2020-12-31", Year),
            ("since 1994", "1994", "1994-01-01", "1994-12-31", Year),
            ("the 1993 resolution", "1993", "1993-01-01", "1993-12-31", Year),
            ("resolution 884 (1993)", "1993", "1993-01-01", "1993-12-31", Year),
            ("at the end of 2019", "at the end of 2019", "2019-09-01", "2019-12-31", Year),
            ("in the 1990s", "in the 1990s", "1990-01-01", "1999-12-31", Decade),
            ("the nineties", "the nineties", "1990-01-01", "1999-12-31", Decade),
            ("the '90s", "the '90s", "1990-01-01", "1999-12-31", Decade),
            ("in the middle of 1990s", "in the middle of 1990s", "1993-01-01", "1996-12-31", Decade),
            ("in the middle of the 1990s", "in the middle of the 1990s", "1993-01-01", "1996-12-31", Decade),
            ("the early 1990s", "the early 1990s", "1990-01-01", "1993-12-31", Decade),
            ("late 1980s", "late 1980s", "1986-01-01", "1989-12-31", Decade),
            ("mid-1990s", "mid-1990s", "1993-01-01", "1996-12-31", Decade),
        ]);
    }

    #[test]
    #[rustfmt::skip]
    fn ranges() {
        check(TemporalKind::Date, &[
            ("between 27 September and 10 November 2020", "between 27 September and 10 November 2020", "2020-09-27", "2020-11-10", Range),
            ("from 12 to 16 July", "from 12 to 16 July", "2020-07-12", "2020-07-16", Range),
            ("27 September – 10 November 2020", "27 September – 10 November 2020", "2020-09-27", "2020-11-10", Range),
            ("27 September-10 November 2020", "27 September-10 November 2020", "2020-09-27", "2020-11-10", Range),
            ("12–16 July 2019", "12–16 July 2019", "2019-07-12", "2019-07-16", Range),
            ("from 1992 to 1994", "from 1992 to 1994", "1992-01-01", "1994-12-31", Range),
            ("from 27 December to 5 January", "from 27 December to 5 January", "2019-12-27", "2020-01-05", Range),
            ("October 8-10, 2020", "October 8-10, 2020", "2020-10-08", "2020-10-10", Range),
        ]);
    }

    #[test]
    #[rustfmt::skip]
    fn relative() {
        check(TemporalKind::Relative, &[
            ("today", "today", "2020-11-06", "2020-11-06", Day),
            ("Now the", "Now", "2020-11-06", "2020-11-06", Day),
            ("tonight", "tonight", "2020-11-06", "2020-11-06", Day),
            ("yesterday", "yesterday", "2020-11-05", "2020-11-05", Day),
            ("this week", "this week", "2020-11-02", "2020-11-08", Range),
            ("last month", "last month", "2020-10-01", "2020-10-31", Month),
            ("last year", "last year", "2019-01-01", "2019-12-31", Year),
            ("recently", "recently", "2020-10-07", "2020-11-06", Range),
            ("the recent attacks", "recent", "2020-10-07", "2020-11-06", Range),
            ("two days ago", "two days ago", "2020-11-04", "2020-11-04", Day),
            ("in the past two weeks", "in the past two weeks", "2020-10-23", "2020-11-06", Range),
            ("on Sunday", "on Sunday", "2020-11-01", "2020-11-01", Day),
            ("last Friday", "last Friday", "2020-10-30", "2020-10-30", Day),
        ]);
    }

    #[test]
    #[rustfmt::skip]
    fn russian_and_azerbaijani() {
        check(TemporalKind::Date, &[
            ("11 октября 2020 года", "11 октября 2020 года", "2020-10-11", "2020-10-11", Day),
            ("27 сентября", "27 сентября", "2020-09-27", "2020-09-27", Day),
            ("в октябре 2020 г.", "в октябре 2020 г.", "2020-10-01", "2020-10-31", Month),
            ("11 oktyabr 2020", "11 oktyabr 2020", "2020-10-11", "2020-10-11", Day),
            ("10 noyabr 2020-ci il", "10 noyabr 2020-ci il", "2020-11-10", "2020-11-10", Day),
        ]);
    }

    #[test]
    #[rustfmt::skip]
    fn durations() {
        let cases: &[(&str, &str, (u32, u32))] = &[
            ("40 days", "40 days", (40, 40)),
            ("four days", "four days", (4, 4)),
            ("44 days of the war", "44 days", (44, 44)),
            ("in one week or in two weeks", "in one week or in two weeks", (7, 14)),
            ("two weeks", "two weeks", (14, 14)),
            ("three months", "three months", (89, 92)),
            ("twenty-one days", "twenty-one days", (21, 21)),
            ("the 44-day war", "44-day", (44, 44)),
            ("two or three days", "two or three days", (2, 3)),
            ("for a year", "for a year", (365, 366)),
            ("12 months", "12 months", (365, 366)),
        ];
        for &(text, span, days) in cases {
            let found = find_temporal_expressions(text, pubd());
            assert_eq!(found.len(), 1, "{text:?}: {found:#?}");
            let e = &found[0];
            assert_eq!((e.text.as_str(), e.kind), (span, TemporalKind::Duration), "{text:?}");
            assert_eq!((e.duration_days, e.interval), (Some(days), None), "{text:?}");
        }
    }

    #[test]
    #[rustfmt::skip]
    fn non_dates() {
        for text in [
            "92 civilians", "405 wounded", "3,000 houses", "3,000 days", "25 percent", "1 million",
            "Russia-1", "France-24", "page 17", "44", "30 interviews", "www.irs-az.com 17",
            "1993", "a population of 2000 people", "they may go", "2.5 days", "the now-defunct",
            "Call +994 12 498 1993", "see http://example.com/2020/10/11/news-2020.html",
        ] {
            let found = find_temporal_expressions(text, pubd());
            assert!(found.is_empty(), "{text:?}: {found:#?}");
        }
        let found = find_temporal_expressions("In October 12 soldiers died", pubd());
        let got: Vec<&str> = found.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(got, ["In October"]);
    }

    #[test]
    fn year_with_cue_in_sentence() {
        let text = "UN Security Council resolutions which were adopted back in 1993";
        let found = find_temporal_expressions(text, pubd());
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].text, "back in 1993");
        let want = DateInterval {
            start: d("1993-01-01"),
            end: d("1993-12-31"),
            precision: Year,
        };
        assert_eq!(found[0].interval, Some(want));
    }

    #[test]
    fn line_breaks_inside_expressions() {
        for (text, span, start, precision) in [
            (
                "signed on 10 November\n2020 by",
                "on 10 November\n2020",
                "2020-11-10",
                Day,
            ),
            (
                "in the middle of\nAugust",
                "in the middle of\nAugust",
                "2020-08-11",
                PartOfMonth,
            ),
            (
                "in the middle of\r\n   August",
                "in the middle of\r\n   August",
                "2020-08-11",
                PartOfMonth,
            ),
        ] {
            let found = find_temporal_expressions(text, pubd());
            assert_eq!(found.len(), 1, "{text:?}");
            assert_eq!(found[0].text, span);
            assert_eq!(&text[found[0].start..found[0].end], span);
            let iv = found[0].interval.unwrap();
            assert_eq!((iv.start, iv.precision), (d(start), precision));
        }
    }

    #[test]
    fn invalid_dates_have_no_interval() {
        for text in [
            "31 February 2020",
            "2020-02-31",
            "30.02.2020",
            "31 September",
        ] {
            let found = find_temporal_expressions(text, pubd());
            assert_eq!(found.len(), 1, "{text:?}: {found:#?}");
            assert_eq!((found[0].text.as_str(), found[0].interval), (text, None));
            assert_eq!(parse_date(text, pubd()), None);
        }
        // A leap day without a year goes back to the latest leap year.
        let leap = parse_date("29 February", d("2021-03-01")).map(|i| i.start);
        assert_eq!(leap, Some(d("2020-02-29")));
    }

    #[test]
    #[rustfmt::skip]
    fn parse_date_single_expressions() {
        let iv = |s, e, p| Some(DateInterval { start: d(s), end: d(e), precision: p });
        assert_eq!(parse_date("11 October 2020", pubd()), iv("2020-10-11", "2020-10-11", Day));
        assert_eq!(parse_date("mid-August 2020", pubd()), iv("2020-08-11", "2020-08-20", PartOfMonth));
        assert_eq!(parse_date("2020-10", pubd()), iv("2020-10-01", "2020-10-31", Month));
        assert_eq!(parse_date("the 1990s.", pubd()), iv("1990-01-01", "1999-12-31", Decade));
        assert_eq!(parse_date("1993", pubd()), iv("1993-01-01", "1993-12-31", Year));
        assert_eq!(parse_date("October", pubd()), iv("2020-10-01", "2020-10-31", Month));
        assert_eq!(parse_date("yesterday", pubd()), iv("2020-11-05", "2020-11-05", Day));
        for bad in ["hello", "40 days", "11 October 2020 and more", "", "44", "Russia-1"] {
            assert_eq!(parse_date(bad, pubd()), None, "{bad:?}");
        }
    }

    fn assert_invariants(text: &str) -> Vec<TemporalExpression> {
        let found = find_temporal_expressions(text, pubd());
        for (k, e) in found.iter().enumerate() {
            assert!(e.start < e.end, "{text:?}: {e:?}");
            assert_eq!(&text[e.start..e.end], e.text, "{text:?}");
            if k > 0 {
                assert!(found[k - 1].end <= e.start, "{text:?}: overlap at {e:?}");
            }
        }
        found
    }

    #[test]
    fn paragraph_spans_are_exact_sorted_and_disjoint() {
        let text = "On 27 September 2020, Armenia shelled Tartar. For 44 days of the war, 92 \
            civilians died and 3,000 houses were hit (Russia-1, France-24; www.irs-az.com 17). \
            In the middle of\nAugust, as back in 1993, talks stalled; between 27 September and \
            10 November 2020 the early 1990s were recalled. Yesterday Гянджа 11 октября 2020 \
            года, Şuşa 10 noyabr 2020-ci il.";
        let got: Vec<String> = assert_invariants(text)
            .into_iter()
            .map(|e| e.text)
            .collect();
        let want = [
            "On 27 September 2020",
            "For 44 days",
            "In the middle of\nAugust",
            "back in 1993",
            "between 27 September and 10 November 2020",
            "the early 1990s",
            "Yesterday",
            "11 октября 2020 года",
            "10 noyabr 2020-ci il",
        ];
        assert_eq!(got, want);
    }

    #[test]
    #[rustfmt::skip]
    fn never_panics_on_unicode() {
        for text in ["Şuşa 8 noyabr", "Гянджа 11 октября", "🙂 11 🙂October🙂 2020", "é\u{301} 1990s'"] {
            assert_invariants(text);
            let _ = parse_date(text, pubd());
        }
        // Deterministic pseudo-random concatenations of tricky pieces.
        let pieces = [
            "11", " ", "October", "-", "–", "2020", "ş", "я", "\n", "mid", "the", "of", "in", ",",
            ".", "s", "1990", "'", "days", "from", "to", "between", "and", "ago", "🙂", "noyabr",
            "ci", "il", "февраля", "31", "last", "Sunday", "twenty", "a", "year", "9999999999", "/",
            "T", ":", "(", ")", "г",
        ];
        let mut seed: u64 = 42;
        for _ in 0..3000 {
            let mut s = String::new();
            for _ in 0..12 {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                s.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            assert_invariants(&s);
            let _ = parse_date(&s, pubd());
        }
    }
}
