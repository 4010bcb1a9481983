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

use chrono::{Datelike, Days, NaiveDate};
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
mod scan;
#[rustfmt::skip]
mod words;
#[cfg(test)]
mod tests;

use scan::Sc;

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
