//! The listener loop: accepts connections up to a cap, serves each with hyper (HTTP/1.1
//! and HTTP/2) with a header-read timeout and a keep-alive idle timeout, and on shutdown
//! stops accepting, lets requests in flight finish, and returns after a bounded grace
//! period whatever connections remain (idle, half-open, or a client that never finishes
//! its headers).

use std::convert::Infallible;
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, watch};
use tokio::time::Instant;
use tower::ServiceExt;

/// Default of `--max-connections`: open connections served at once. Keep it below the
/// process's file-descriptor limit (`ulimit -n`, often 1,024), so a flood of idle
/// connections is refused instead of starving the listener.
pub const DEFAULT_MAX_CONNECTIONS: usize = 768;
/// Default of `--header-timeout-s`: how long a client may take to send a request's headers.
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Default of `--idle-timeout-s`: how long a keep-alive connection may wait, with no
/// request in flight, before the server closes it.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(60);
/// Default of `--shutdown-grace-s`: how long shutdown waits for requests in flight.
pub const DEFAULT_SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Connection limits and timeouts of the listener.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Most connections open at once; more are answered 503 and closed.
    pub max_connections: usize,
    /// Longest a client may take to send a request's headers (HTTP/1.1).
    pub header_timeout: Duration,
    /// Longest a connection may stay open with no request in flight.
    pub idle_timeout: Duration,
    /// Longest shutdown waits for requests in flight before it drops every connection.
    pub shutdown_grace: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_connections: DEFAULT_MAX_CONNECTIONS,
            header_timeout: DEFAULT_HEADER_TIMEOUT,
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
            shutdown_grace: DEFAULT_SHUTDOWN_GRACE,
        }
    }
}

/// What a connection is doing: requests in flight, and when the last one ended.
struct Activity {
    in_flight: AtomicUsize,
    last: Mutex<Instant>,
}

impl Activity {
    fn touch(&self) {
        if let Ok(mut t) = self.last.lock() {
            *t = Instant::now();
        }
    }

    /// When the connection becomes idle-expired if nothing happens (`None`: busy).
    fn idle_deadline(&self, idle: Duration) -> Option<Instant> {
        if self.in_flight.load(Ordering::Acquire) > 0 {
            return None;
        }
        self.last.lock().ok().map(|t| *t + idle)
    }
}

/// Counts a request in flight until dropped (also when the client goes away mid-request).
struct InFlight(Arc<Activity>);

impl InFlight {
    fn new(a: &Arc<Activity>) -> InFlight {
        a.in_flight.fetch_add(1, Ordering::AcqRel);
        a.touch();
        InFlight(a.clone())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.touch();
        self.0.in_flight.fetch_sub(1, Ordering::AcqRel);
    }
}

/// The answer to a connection over the cap (written without reading the request).
static OVER_CAPACITY: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let body = serde_json::json!({
        "type": "urn:dateline:problem:too-many-connections",
        "title": "Service Unavailable",
        "status": 503,
        "detail": "too many open connections; retry later",
    })
    .to_string();
    format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/problem+json\r\n\
         x-content-type-options: nosniff\r\nretry-after: 1\r\nconnection: close\r\n\
         content-length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
});

/// Serves `router` on `listener` within `limits` until `shutdown` completes; then stops
/// accepting, asks every connection to close after its request in flight, and returns
/// once all are closed or `limits.shutdown_grace` has passed.
///
/// # Errors
/// Never at present (accept errors such as "too many open files" are logged and retried);
/// the `Result` leaves room for listener failures.
pub async fn serve_router(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let max = limits.max_connections.max(1);
    let slots = Arc::new(Semaphore::new(max));
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    builder.http2().timer(TokioTimer::new());
    let builder = Arc::new(builder);
    tokio::pin!(shutdown);
    let mut refused = 0u64;
    loop {
        let (stream, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(c) => c,
                Err(e) => {
                    // EMFILE and friends: wait for connections to close rather than spin.
                    tracing::warn!(error = %e, "accept failed; retrying in 100 ms");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            refused += 1;
            if refused.is_power_of_two() {
                tracing::warn!(
                    max,
                    refused,
                    "connection refused: too many open connections"
                );
            }
            // Best effort, without waiting: the socket buffer takes these few bytes.
            let _ = stream.try_write(&OVER_CAPACITY);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let builder = builder.clone();
        let router = router.clone();
        let stop = stop_rx.clone();
        tokio::spawn(async move {
            serve_connection(&builder, stream, peer, router, limits.idle_timeout, stop).await;
            drop(slot);
        });
    }
    drop(listener);
    let _ = stop_tx.send(true);
    let drained = tokio::time::timeout(limits.shutdown_grace, slots.acquire_many(max as u32));
    match drained.await {
        Ok(_) => tracing::info!("every connection closed"),
        Err(_) => tracing::warn!(
            open = max - slots.available_permits(),
            grace_s = limits.shutdown_grace.as_secs_f64(),
            "shutdown grace period over: dropping the connections still open"
        ),
    }
    Ok(())
}

/// One connection: served until it closes, it is idle for `idle`, or `stop` says shut down
/// (then it closes after the request in flight). Requests carry the peer's address as
/// axum's `ConnectInfo` (sign-in rate limits count per address).
async fn serve_connection(
    builder: &auto::Builder<TokioExecutor>,
    stream: TcpStream,
    peer: std::net::SocketAddr,
    router: Router,
    idle: Duration,
    mut stop: watch::Receiver<bool>,
) {
    let activity = Arc::new(Activity {
        in_flight: AtomicUsize::new(0),
        last: Mutex::new(Instant::now()),
    });
    let seen = activity.clone();
    let service = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
        let guard = InFlight::new(&seen);
        let mut req = req.map(Body::new);
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo(peer));
        let call = router.clone().oneshot(req);
        async move {
            let resp = call.await;
            drop(guard);
            Ok::<_, Infallible>(match resp {
                Ok(r) => r,
                Err(never) => match never {},
            })
        }
    });
    let conn = builder.serve_connection_with_upgrades(TokioIo::new(stream), service);
    tokio::pin!(conn);
    let mut closing = false;
    loop {
        let deadline = activity.idle_deadline(idle);
        // Busy: look again in a second (a request's end is not signalled here).
        let wake = deadline.unwrap_or_else(|| Instant::now() + Duration::from_secs(1));
        tokio::select! {
            r = conn.as_mut() => {
                if let Err(e) = r {
                    tracing::debug!(error = %e, "connection ended with an error");
                }
                return;
            }
            changed = stop.changed(), if !closing => {
                if changed.is_err() || *stop.borrow() {
                    closing = true;
                    conn.as_mut().graceful_shutdown();
                }
            }
            () = tokio::time::sleep_until(wake), if !closing => {
                if deadline.is_some() && activity.idle_deadline(idle).is_some_and(|d| d <= Instant::now()) {
                    closing = true;
                    conn.as_mut().graceful_shutdown();
                }
            }
        }
    }
}
