//! Replicas: a server whose store other servers write to (PostgreSQL) reloads its snapshot
//! when the store's data version moves past the one it serves.

use tokio::sync::watch;

use crate::http::AppState;

/// Reloads `state`'s snapshot whenever `versions` (see [`crate::store::AnyStore::follow`])
/// announces a data version newer than the one served; returns when `versions` ends. A
/// failed reload is logged and retried on the next version.
pub async fn follow(state: AppState, mut versions: watch::Receiver<i64>) {
    let Some(desk) = state.desk.clone() else {
        return;
    };
    while versions.changed().await.is_ok() {
        let v = *versions.borrow_and_update();
        if v <= *desk.applied.lock().await {
            continue;
        }
        let t = std::time::Instant::now();
        match desk.reload(&state).await {
            Ok(()) => tracing::info!(
                version = v,
                ms = t.elapsed().as_millis() as u64,
                "reloaded after another server's write"
            ),
            Err(e) => tracing::error!(error = ?e, version = v, "reloading the store"),
        }
    }
}
