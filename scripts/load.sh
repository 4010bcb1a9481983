#!/usr/bin/env bash
# Load test of `dateline serve` on loopback with wrk, against two baselines measured in the
# same run:
#   rtree   dateline serve --synthetic N                (the server as deployed)
#   linear  dateline serve --synthetic N --scan linear  (every event tested, no R-tree)
#   static  the exact same response bytes (saved with curl first) from a file server
#           (python3 -m http.server: a lower bound of what a static file server does)
# Scenarios: a map viewport panned over Europe (limit=1000), a month filter without bbox,
# single features, a CSV and a GeoJSON download of 10,000 events, and geoparsing a 10 KB
# text (POST /api/geoparse; the static baseline serves its saved answer).
# Prints req/s, p50, p99 and errors per scenario and server, and the ratios.
#
#   scripts/load.sh [N] [DURATION]     # N events (default 100000), wrk time per run (3s)
#   env: PORT (18200; uses PORT..PORT+2), THREADS (2), CONNS (8), BIN (prebuilt binary),
#        ENCODING (e.g. "gzip, br": sent as Accept-Encoding; default none)
# Needs wrk (apt-get install -y wrk), curl, python3. About 80 s with the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-100000}"
DUR="${2:-3s}"
PORT="${PORT:-18200}"
THREADS="${THREADS:-2}"
CONNS="${CONNS:-8}"
ENCODING="${ENCODING:-}"
case "$N" in '' | *[!0-9_]*) echo "N must be a whole number of events, got '$N'" >&2; exit 2 ;; esac
for tool in wrk curl python3; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 1; }
done
if [ -z "${BIN:-}" ]; then
    cargo build --release --quiet
    BIN=target/release/dateline
fi
WORK="$(mktemp -d)"
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

RTREE="http://127.0.0.1:$PORT"
LINEAR="http://127.0.0.1:$((PORT + 1))"
STATIC="http://127.0.0.1:$((PORT + 2))"
RUST_LOG="${RUST_LOG:-warn}" "$BIN" serve --port "$PORT" --synthetic "$N" >"$WORK/rtree.log" 2>&1 &
PIDS+=($!)
RTREE_PID=$!
RUST_LOG="${RUST_LOG:-warn}" "$BIN" serve --port "$((PORT + 1))" --synthetic "$N" --scan linear >"$WORK/linear.log" 2>&1 &
PIDS+=($!)
LINEAR_PID=$!
t0=$(date +%s.%N)
for base in "$RTREE" "$LINEAR"; do
    for _ in $(seq 1 600); do
        curl -fs "$base/health" >/dev/null 2>&1 && break
        sleep 0.2
    done
    curl -fs "$base/health" >/dev/null || { cat "$WORK"/*.log >&2; echo "server at $base did not start" >&2; exit 1; }
done
echo "N=$N events; both servers ready in $(python3 -c "import time; print(f'{time.time() - $t0:.1f}')") s; wrk -t$THREADS -c$CONNS -d$DUR${ENCODING:+, Accept-Encoding: $ENCODING}"

# Request paths per scenario.
mkdir -p "$WORK/paths" "$WORK/static"
python3 - "$WORK/paths" "$N" <<'PY'
import sys
out, n = sys.argv[1], int(sys.argv[2].replace("_", ""))
def write(name, lines):
    open(f"{out}/{name}", "w").write("\n".join(lines) + "\n")
# Panning a 10° x 5° map view over Europe in 1° steps, a page of up to 1,000 events.
write("viewport", [f"/collections/events/items?bbox={w},{s},{w + 10},{s + 5}&limit=1000"
                   for s in (44, 47, 50) for w in range(-4, 16, 2)])
# A month of events anywhere, first page (100).
write("month", [f"/collections/events/items?datetime={y}-{m:02}-01/{y}-{m:02}-28"
                for y in (2020, 2021) for m in range(1, 13)])
# Single features.
write("feature", [f"/collections/events/items/e{(i * 7919) % n:07}" for i in range(50)])
# Downloads of 10,000 events (Europe and the Middle East).
write("csv", ["/collections/events/items?bbox=-10,30,50,60&limit=10000&f=csv"])
write("json_10k", ["/collections/events/items?bbox=-10,30,50,60&limit=10000"])
write("geoparse", ["/api/geoparse"])
PY
# A 10 KB English text: the interview when the corpus is beside the checkout, else wire copy.
python3 - "$WORK/text10k.txt" <<'PY'
import os, sys
p = "../shared/corpus/interview-2020-11-06.txt"
text = open(p, encoding="utf-8").read() if os.path.exists(p) else (
    "Officials in Baku said on Tuesday that talks with Yerevan would resume in Moscow. " * 200)
while len(text.encode()) < 10_000:
    text += " " + text
cut = text.encode()[:10_000].decode("utf-8", "ignore")
open(sys.argv[1], "w", encoding="utf-8").write(cut[: cut.rfind(" ")])
PY

# The static baseline: every response body saved, then served as files.
SCENARIOS=(viewport month feature csv json_10k geoparse)
for s in "${SCENARIOS[@]}"; do
    mkdir -p "$WORK/static/$s"
    : >"$WORK/paths/$s.static"
    i=0
    while read -r path; do
        if [ "$s" = geoparse ]; then
            curl -fs -X POST -H 'Content-Type: text/plain; charset=utf-8' \
                --data-binary @"$WORK/text10k.txt" "$RTREE$path" >"$WORK/static/$s/$i"
        else
            curl -fs "$RTREE$path" >"$WORK/static/$s/$i"
        fi
        echo "/$s/$i" >>"$WORK/paths/$s.static"
        i=$((i + 1))
    done <"$WORK/paths/$s"
done
(cd "$WORK/static" && exec python3 -m http.server "$((PORT + 2))" --bind 127.0.0.1 >/dev/null 2>&1) &
PIDS+=($!)
for _ in $(seq 1 50); do curl -fs "$STATIC/feature/0" >/dev/null 2>&1 && break; sleep 0.2; done

run() { # base paths-file method -> "req/s p50 p99 errors requests bytes"
    local hdr=()
    [ -n "$ENCODING" ] && hdr=(-H "Accept-Encoding: $ENCODING")
    PATHS="$2" METHOD="$3" BODY="$WORK/text10k.txt" \
        wrk -t"$THREADS" -c"$CONNS" -d"$DUR" "${hdr[@]}" -s scripts/load.lua "$1" |
        awk '/^RESULT/ { print $2, $3, $4, $5, $6, $7 }'
}

printf '\n%-9s %8s | %-30s | %-30s | %-30s | %s\n' scenario "resp KB" \
    "rtree: req/s p50 p99 err" "linear: req/s p50 p99 err" "static: req/s p50 p99 err" \
    "rtree/linear rtree/static (req/s)"
for s in "${SCENARIOS[@]}"; do
    method=GET
    [ "$s" = geoparse ] && method=POST
    kb=$(du -k --apparent-size -s "$WORK/static/$s" | awk -v n="$(wc -l <"$WORK/paths/$s")" '{ printf "%.0f", $1 / n }')
    r=$(run "$RTREE" "$WORK/paths/$s" "$method")
    l=$(run "$LINEAR" "$WORK/paths/$s" "$method")
    st=$(run "$STATIC" "$WORK/paths/$s.static" GET)
    python3 - "$s" "$kb" "$r" "$l" "$st" <<'PY'
import sys
s, kb, *runs = sys.argv[1:]
cells, rates = [], []
for r in runs:
    f = r.split()
    if len(f) < 4:
        cells.append("(no result)"); rates.append(0.0); continue
    rate, p50, p99, err = float(f[0]), float(f[1]), float(f[2]), int(f[3])
    rates.append(rate)
    cells.append(f"{rate:8.0f} {p50:7.2f}ms {p99:7.2f}ms {err:3d}")
ratio = lambda a, b: f"{a / b:6.2f}x" if b else "   n/a"
print(f"{s:<9} {kb:>8} | {cells[0]:<30} | {cells[1]:<30} | {cells[2]:<30} | "
      f"{ratio(rates[0], rates[1])} {ratio(rates[0], rates[2])}")
PY
done
for name in rtree linear; do
    pid=$RTREE_PID
    [ "$name" = linear ] && pid=$LINEAR_PID
    echo "$name server RSS: $(($(ps -o rss= -p "$pid") / 1024)) MB"
done
