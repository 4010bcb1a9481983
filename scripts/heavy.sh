#!/usr/bin/env bash
# Heavy endpoints against light ones, on loopback with wrk: for each CPU-heavy endpoint,
# 8 connections hammer it while /health and a map viewport (bbox, limit=500) are measured
# on one connection each. The light requests should keep p99 < 50 ms (issue 13): heavy
# handlers run on a bounded pool (src/http/blocking.rs), light ones on the async workers.
#
#   scripts/heavy.sh [N] [DURATION]    # N synthetic events (default 200000), wrk time (5s)
#   env: PORT (18300), CONNS (8), BIN (prebuilt binary; else cargo build --release)
# Needs wrk (apt-get install -y wrk) and curl. About 30 s with the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-200000}"
DUR="${2:-5s}"
PORT="${PORT:-18300}"
CONNS="${CONNS:-8}"
case "$N" in '' | *[!0-9_]*) echo "N must be a whole number of events, got '$N'" >&2; exit 2 ;; esac
for tool in wrk curl; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 1; }
done
if [ -z "${BIN:-}" ]; then
    cargo build --release --quiet
    BIN=target/release/dateline
fi
WORK="$(mktemp -d)"
PID=""
cleanup() {
    [ -n "$PID" ] && kill "$PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

BASE="http://127.0.0.1:$PORT"
RUST_LOG=warn "$BIN" serve --port "$PORT" --synthetic "$N" >"$WORK/server.log" 2>&1 &
PID=$!
for _ in $(seq 1 600); do
    curl -fs "$BASE/health" >/dev/null 2>&1 && break
    sleep 0.2
done
curl -fs "$BASE/health" >/dev/null || { cat "$WORK/server.log" >&2; echo "server did not start" >&2; exit 1; }

VIEWPORT="/collections/events/items?bbox=44,39,50,42&limit=500"
HEAVY=(
    "/collections/places/items?q=zzzz"
    "/api/places/search?q=Gnja"
    "/api/events/grid?bbox=-180,-90,180,90&cells=64"
    "/api/events/timeline"
    "/collections/events/items?bbox=-180,-90,180,90&limit=10000&f=csv"
)
# p50 and p99 of a wrk --latency report, in ms.
pct() {
    awk -v want="$2" '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0;
                         if (v ~ /s$/) return v * 1000; return v }
        $1 == want { printf "%.2f", ms($2) }' "$1"
}
rps() { awk '/Requests\/sec/ { printf "%.0f", $2 }' "$1"; }

echo "N=$N events; $CONNS connections on each heavy endpoint for $DUR; /health and a viewport on 1 connection each"
printf '%-68s %9s | %-22s | %-22s\n' "heavy endpoint" "heavy r/s" "/health p50 / p99 ms" "viewport p50 / p99 ms"
run_row() {
    local heavy="$1"
    if [ -n "$heavy" ]; then
        wrk -t2 -c"$CONNS" -d"$DUR" "$BASE$heavy" >"$WORK/heavy.txt" 2>&1 &
        local hp=$!
    fi
    wrk -t1 -c1 -d"$DUR" --latency "$BASE/health" >"$WORK/health.txt" 2>&1 &
    local lp=$!
    wrk -t1 -c1 -d"$DUR" --latency "$BASE$VIEWPORT" >"$WORK/view.txt" 2>&1
    wait "$lp"
    local hr="-"
    if [ -n "$heavy" ]; then
        wait "$hp"
        hr="$(rps "$WORK/heavy.txt")"
    fi
    printf '%-68s %9s | %9s / %-10s | %9s / %-10s\n' "${heavy:-(none: baseline)}" "$hr" \
        "$(pct "$WORK/health.txt" 50%)" "$(pct "$WORK/health.txt" 99%)" \
        "$(pct "$WORK/view.txt" 50%)" "$(pct "$WORK/view.txt" 99%)"
}
run_row ""
for h in "${HEAVY[@]}"; do
    run_row "$h"
done
