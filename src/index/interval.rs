//! Date intervals for `datetime` queries: an instant, a closed interval, or an interval open
//! at either or both ends (`..`). An event matches when its own interval
//! `[date_start, date_end]` overlaps the query's, so an event dated "October 2020" matches
//! `2020-10-15` and `2020-09-01/2020-10-01`; an undated event matches only a query open at
//! both ends, since nothing says it falls inside a bounded one.

use chrono::NaiveDate;

use super::IndexError;

/// A closed interval of days, each end optional (open), and how an event's own interval
/// must relate to it: overlap it (the default) or lie within it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateFilter {
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    within: bool,
}

impl DateFilter {
    /// The interval `[start, end]`; `None` is an open end.
    ///
    /// # Errors
    /// Occurs when `end` is before `start`.
    pub fn new(start: Option<NaiveDate>, end: Option<NaiveDate>) -> Result<DateFilter, IndexError> {
        if let (Some(s), Some(e)) = (start, end) {
            if e < s {
                return Err(IndexError::Interval(format!("{e} is before {s}")));
            }
        }
        Ok(DateFilter {
            start,
            end,
            within: false,
        })
    }

    /// One day.
    pub fn instant(day: NaiveDate) -> DateFilter {
        DateFilter {
            start: Some(day),
            end: Some(day),
            within: false,
        }
    }

    /// The same interval, matching only events whose whole interval lies within it ("events
    /// of October", not every war-long range that overlaps October).
    pub fn within(self) -> DateFilter {
        DateFilter {
            within: true,
            ..self
        }
    }

    /// Whether events must lie within the interval (else overlap it).
    pub fn is_within(&self) -> bool {
        self.within
    }

    /// The first day, `None` when open.
    pub fn start(&self) -> Option<NaiveDate> {
        self.start
    }

    /// The last day, `None` when open.
    pub fn end(&self) -> Option<NaiveDate> {
        self.end
    }

    /// Open at both ends (`../..`): matches every event, dated or not.
    pub fn is_open(&self) -> bool {
        self.start.is_none() && self.end.is_none()
    }

    /// Whether an event dated `[start, end]` overlaps the interval (or, [`Self::within`],
    /// lies within it). A missing end of the event's own interval is taken to be its other
    /// end (a one-day event).
    pub fn matches(&self, start: Option<NaiveDate>, end: Option<NaiveDate>) -> bool {
        let (Some(es), Some(ee)) = (start.or(end), end.or(start)) else {
            return self.is_open();
        };
        if self.within {
            return self.start.is_none_or(|s| es >= s) && self.end.is_none_or(|e| ee <= e);
        }
        self.start.is_none_or(|s| ee >= s) && self.end.is_none_or(|e| es <= e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    fn f(s: Option<&str>, e: Option<&str>) -> DateFilter {
        DateFilter::new(s.map(d), e.map(d)).expect("valid")
    }

    #[test]
    fn a_month_matches_every_overlapping_interval() {
        let (s, e) = (Some(d("2020-10-01")), Some(d("2020-10-31")));
        let table = [
            (f(Some("2020-10-15"), Some("2020-10-15")), true),
            (f(Some("2020-09-01"), Some("2020-10-01")), true),
            (f(Some("2020-10-31"), None), true),
            (f(None, Some("2020-10-01")), true),
            (f(Some("2020-11-01"), None), false),
            (f(None, Some("2020-09-30")), false),
            (f(Some("2020-09-01"), Some("2020-09-30")), false),
            (f(None, None), true),
        ];
        for (filter, want) in table {
            assert_eq!(filter.matches(s, e), want, "{filter:?}");
        }
    }

    #[test]
    fn undated_events_match_only_fully_open_queries() {
        assert!(f(None, None).matches(None, None));
        assert!(!f(Some("2020-01-01"), None).matches(None, None));
        assert!(!f(None, Some("2020-01-01")).matches(None, None));
        assert!(!DateFilter::instant(d("2020-01-01")).matches(None, None));
    }

    #[test]
    fn an_event_with_one_date_is_one_day() {
        let day = Some(d("2020-10-04"));
        assert!(DateFilter::instant(d("2020-10-04")).matches(day, None));
        assert!(!DateFilter::instant(d("2020-10-05")).matches(day, None));
        assert!(DateFilter::instant(d("2020-10-04")).matches(None, day));
    }

    #[test]
    fn reversed_intervals_are_refused() {
        assert!(DateFilter::new(Some(d("2020-10-05")), Some(d("2020-10-04"))).is_err());
    }

    #[test]
    fn within_keeps_only_events_inside_the_interval() {
        let october = f(Some("2020-10-01"), Some("2020-10-31")).within();
        let table = [
            (Some("2020-10-28"), None, true),
            (Some("2020-10-01"), Some("2020-10-31"), true),
            (Some("2020-09-27"), Some("2020-11-06"), false),
            (Some("2020-10-30"), Some("2020-11-02"), false),
            (None, None, false),
        ];
        for (s, e, want) in table {
            assert_eq!(october.matches(s.map(d), e.map(d)), want, "{s:?}..{e:?}");
        }
        let from = f(Some("2020-10-01"), None).within();
        assert!(from.matches(Some(d("2020-10-02")), Some(d("2021-01-01"))));
        assert!(!from.matches(Some(d("2020-09-30")), Some(d("2020-10-02"))));
    }
}
