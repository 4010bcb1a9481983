//! The date scanner: hand-written patterns over token windows (days, months, parts of
//! months, decades, ranges, durations, relative words), leftmost-longest.

use chrono::{Datelike, Days, Months, NaiveDate};

use super::words::*;
use super::*;

/// The scanner: tokens, publication date, and whether the text is one expression alone.
pub(super) struct Sc<'a> {
    pub(super) t: &'a [Tok],
    pub(super) p: NaiveDate,
    pub(super) alone: bool,
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
    pub(super) fn best(&self, i: usize) -> Option<Hit> {
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
