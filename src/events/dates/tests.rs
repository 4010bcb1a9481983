//! Table-driven tests of the date module: each form, with the interval and precision it
//! must give, and the texts that must not match.

use super::*;
use DatePrecision::*;

fn d(s: &str) -> NaiveDate {
    let v: Vec<i32> = s.split('-').map(|x| x.parse().expect("number")).collect();
    NaiveDate::from_ymd_opt(v[0], v[1] as u32, v[2] as u32).expect("valid date")
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
        let iv = found[0].interval.expect("an interval");
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
