//! Following the data version of a database that other servers write to: `LISTEN
//! dateline_data` (each commit notifies its version), and a poll of `meta` every few seconds
//! in case the listener's connection dropped and notifications were missed.

use std::time::Duration;

use sqlx::PgPool;
use sqlx::postgres::PgListener;
use tokio::sync::watch;

use super::{CHANNEL, PgStore};
use crate::store::Store;

impl PgStore {
    /// The latest data version committed by any server, as it changes: from notifications
    /// (within milliseconds of a commit), and from a poll every `poll` (so a dropped
    /// listener delays a change by at most that). Spawns two tasks on the current Tokio
    /// runtime; they end when the receiver is dropped.
    ///
    /// # Panics
    /// Outside a Tokio runtime.
    pub fn follow(&self, poll: Duration) -> watch::Receiver<i64> {
        let (tx, rx) = watch::channel(0);
        tokio::spawn(listen(self.pool.clone(), tx.clone(), poll));
        let store = self.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(poll);
            every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            while !tx.is_closed() {
                every.tick().await;
                match store.data_version().await {
                    Ok(v) => offer(&tx, v),
                    Err(e) => tracing::warn!(error = %e, "polling the data version"),
                }
            }
        });
        rx
    }
}

/// Sends `v` when it is newer than the last version sent.
fn offer(tx: &watch::Sender<i64>, v: i64) {
    tx.send_if_modified(|current| {
        let newer = v > *current;
        if newer {
            *current = v;
        }
        newer
    });
}

/// Listens until the receiver is dropped; a lost connection is re-established by
/// [`PgListener::recv`] itself, a failed one retried after `poll`.
async fn listen(pool: PgPool, tx: watch::Sender<i64>, poll: Duration) {
    while !tx.is_closed() {
        let mut listener = match PgListener::connect_with(&pool).await {
            Ok(l) => l,
            Err(e) => {
                tracing::warn!(error = %e, "listening for data versions: connecting");
                tokio::time::sleep(poll).await;
                continue;
            }
        };
        if let Err(e) = listener.listen(CHANNEL).await {
            tracing::warn!(error = %e, "listening for data versions");
            tokio::time::sleep(poll).await;
            continue;
        }
        loop {
            tokio::select! {
                () = tx.closed() => return,
                n = listener.recv() => match n {
                    Ok(n) => match n.payload().parse() {
                        Ok(v) => offer(&tx, v),
                        Err(_) => tracing::warn!(payload = n.payload(), "not a data version"),
                    },
                    Err(e) => {
                        tracing::warn!(error = %e, "listening for data versions");
                        tokio::time::sleep(poll).await;
                        break;
                    }
                },
            }
        }
    }
}
