//! CPU-heavy work off the async workers: a bounded pool ([`run`]) and a middleware
//! ([`offload`]) that runs the heavy routes' handlers on it — places search, the grid and
//! timeline, whole-collection pages and downloads, outlines. Light requests (`/health`, a map
//! viewport page) stay on the async workers and never queue behind heavy ones.
//!
//! The pool takes one fewer thread than the machine has cores (at least one), so a core is
//! left for the async workers however many heavy requests arrive; the rest wait their turn.

use std::sync::OnceLock;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::Semaphore;

use super::error::ApiError;

/// Largest `limit` of an items page still served on the async workers (the map asks for
/// at most 1,000 features per viewport).
pub const LIGHT_PAGE_LIMIT: usize = 1000;

/// Threads of heavy work at once: one fewer than the cores, at least one.
pub fn pool_size() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get().saturating_sub(1))
        .unwrap_or(1)
        .max(1)
}

fn permits() -> &'static Semaphore {
    static POOL: OnceLock<Semaphore> = OnceLock::new();
    POOL.get_or_init(|| Semaphore::new(pool_size()))
}

/// Runs `f` on the blocking pool once a slot is free; waiting takes no thread.
///
/// # Errors
/// [`ApiError::Internal`] when the task panicked.
pub async fn run<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, ApiError> {
    let permit = permits()
        .acquire()
        .await
        .map_err(|e| ApiError::Internal(format!("heavy-work pool closed: {e}")))?;
    let out = tokio::task::spawn_blocking(move || {
        let out = f();
        release_memory();
        out
    })
    .await
    .map_err(|e| ApiError::Internal(format!("heavy task: {e}")));
    drop(permit);
    out
}

/// Hands the memory this thread freed back to the system now. The binary's allocator is
/// mimalloc, which otherwise keeps a thread's freed pages until that thread allocates again
/// (an idle pool thread: until it exits, 10 s later); with this the process returns to its
/// idle RSS right after a large request. Harmless under another allocator (mimalloc's own
/// heaps are then empty).
fn release_memory() {
    // SAFETY: `mi_collect` takes no pointers and may be called from any thread at any time.
    unsafe { libmimalloc_sys::mi_collect(true) };
}

/// Whether a request's handler is CPU-heavy (by route and parameters).
pub fn is_heavy(path: &str, query: Option<&str>) -> bool {
    if matches!(
        path,
        "/api/events/grid" | "/api/events/timeline" | "/api/places/search" | "/api/outlines"
    ) {
        return true;
    }
    let Some(rest) = path.strip_prefix("/collections/") else {
        return false;
    };
    if !rest.ends_with("/items") {
        return false;
    }
    // A viewport page (bbox, a bounded limit, no text search, JSON) is light.
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.unwrap_or("")).unwrap_or_default();
    let has = |k: &str| pairs.iter().any(|(n, _)| n == k);
    let limit_ok = pairs
        .iter()
        .filter(|(n, _)| n == "limit")
        .all(|(_, v)| v.parse::<usize>().is_ok_and(|l| l <= LIGHT_PAGE_LIMIT));
    let download = pairs.iter().any(|(n, v)| n == "f" && v != "json");
    !has("bbox") || !limit_ok || has("q") || download
}

/// Runs the handler of a heavy request on the blocking pool (see [`is_heavy`]); others
/// run as usual.
pub async fn offload(req: Request, next: Next) -> Response {
    if !is_heavy(req.uri().path(), req.uri().query()) {
        return next.run(req).await;
    }
    let handle = tokio::runtime::Handle::current();
    match run(move || handle.block_on(next.run(req))).await {
        Ok(resp) => resp,
        Err(e) => e.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viewport_pages_are_light_and_searches_grids_and_downloads_heavy() {
        let light = [
            ("/health", None),
            ("/collections/events/items", Some("bbox=1,2,3,4&limit=500")),
            ("/api/places/reverse", Some("lon=1&lat=2")),
        ];
        for (p, q) in light {
            assert!(!is_heavy(p, q), "{p}?{q:?}");
        }
        let heavy = [
            ("/collections/places/items", Some("q=zzzz")),
            (
                "/collections/events/items",
                Some("bbox=1,2,3,4&limit=10000"),
            ),
            ("/collections/events/items", Some("bbox=1,2,3,4&f=csv")),
            ("/collections/events/items", None),
            ("/api/events/grid", Some("bbox=1,2,3,4")),
            ("/api/places/search", Some("q=Baku")),
        ];
        for (p, q) in heavy {
            assert!(is_heavy(p, q), "{p}?{q:?}");
        }
    }
}
