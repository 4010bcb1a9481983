//! A budget for one geoparse: at most so many mentions, and a flag another thread sets to
//! stop the work (the client went away, the request timed out). The server gives each
//! request one; the command line parses without one ([`Budget::unlimited`]).

use std::sync::atomic::{AtomicBool, Ordering};

/// How much one parse may produce, and whether it should stop.
#[derive(Debug)]
pub struct Budget {
    /// Most mentions (recognised spans) a parse may find before it stops.
    pub max_mentions: usize,
    cancelled: AtomicBool,
}

/// Why a parse stopped before the end of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Stopped {
    /// Occurs when the text holds more mentions than [`Budget::max_mentions`].
    #[error("the text names places more than {0} times")]
    TooManyMentions(usize),
    /// Occurs when [`Budget::cancel`] was called during the parse.
    #[error("the work was cancelled")]
    Cancelled,
}

impl Budget {
    /// A budget of `max_mentions`, not cancelled.
    pub fn new(max_mentions: usize) -> Budget {
        Budget {
            max_mentions,
            cancelled: AtomicBool::new(false),
        }
    }

    /// No limit (the command line: the user's own file, the user's own machine).
    pub fn unlimited() -> Budget {
        Budget::new(usize::MAX)
    }

    /// Asks the parse using this budget to stop as soon as it checks.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    /// Whether [`Budget::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// `Ok` while `found` mentions are within the budget and nobody cancelled.
    ///
    /// # Errors
    /// [`Stopped::TooManyMentions`] past the limit, [`Stopped::Cancelled`] after a cancel.
    pub fn check(&self, found: usize) -> Result<(), Stopped> {
        if found > self.max_mentions {
            Err(Stopped::TooManyMentions(self.max_mentions))
        } else if self.is_cancelled() {
            Err(Stopped::Cancelled)
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_budget_stops_past_its_limit_and_after_a_cancel() {
        let b = Budget::new(2);
        assert_eq!(b.check(2), Ok(()));
        assert_eq!(b.check(3), Err(Stopped::TooManyMentions(2)));
        b.cancel();
        assert_eq!(b.check(0), Err(Stopped::Cancelled));
    }
}
