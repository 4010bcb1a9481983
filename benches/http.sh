#!/usr/bin/env bash
# HTTP load test of `dateline serve` on loopback with wrk: three typical requests (a map
# viewport of ~1,000 events, a reverse lookup, a name search) against a synthetic dataset
# of N events clustered in cities (default 100,000), and, as the ceiling, the same
# viewport bytes served as a static file by the same server stack (tower-http ServeDir is
# not a dependency, so the baseline is `python3 -m http.server`, which is slower than any
# Rust server: read it as a lower bound of the static-file case).
#
#   benches/http.sh [N] [DURATION]      # needs wrk (apt-get install -y wrk) and python3
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-100000}"
DUR="${2:-10s}"
PORT="${PORT:-18190}"
DATA="$(mktemp -d)"
command -v wrk >/dev/null || { echo "wrk not installed: apt-get install -y wrk" >&2; exit 1; }
cargo build --release --quiet

# Synthetic dataset: events at cities and towns weighted by sqrt(population).
python3 - "$N" "$DATA" <<'PY'
import math, os, random, sys, datetime
n, out = int(sys.argv[1]), sys.argv[2]
places = []
for line in open("gazetteer/places.tsv", encoding="utf-8"):
    if line.startswith("#"):
        continue
    f = line.split("\t")
    if f[1] in ("city", "town"):
        places.append((f[0], math.sqrt(int(f[7] or 0)) + 1))
rng = random.Random(7)
ids = rng.choices([p for p, _ in places], weights=[w for _, w in places], k=n)
os.makedirs(f"{out}/bench")
open(f"{out}/bench/source.toml", "w").write(
    'id = "bench"\nkind = "article"\ntitle = "Synthetic"\npublished = "2024-01-01"\n')
day0 = datetime.date(2020, 1, 1)
with open(f"{out}/bench/events.toml", "w") as w:
    for i, pid in enumerate(ids):
        d = day0 + datetime.timedelta(days=rng.randrange(1400))
        w.write(f'[[event]]\nid = "e{i:07}"\ntitle = "Synthetic event {i}"\nsummary = "s"\n'
                f'event_type = "shelling"\ndate_start = "{d}"\ndate_end = "{d}"\n'
                f'date_precision = "day"\nplace_id = "{pid}"\nplace_name = "p"\n'
                f'location_precision = "place"\n[[event.claim]]\nsource = "bench"\n'
                f'claimant = "c"\nstance = "asserts"\nquote = "q"\n')
PY

target/release/dateline serve --port "$PORT" --dir "$DATA" >"$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
    sleep 0.5
done
BASE="http://127.0.0.1:$PORT"
VIEWPORT="$BASE/collections/events/items?bbox=${BBOX:-2,48,12,53}&limit=1000"
echo "viewport: $(curl -fs "$VIEWPORT" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["numberMatched"], "matched,", d["numberReturned"], "returned")')"
for url in "$VIEWPORT" "$BASE/api/places/reverse?lon=47.13&lat=40.38&k=5" "$BASE/api/places/search?q=Bard&limit=10"; do
    echo "== $url"
    wrk -t2 -c16 -d"$DUR" --latency "$url" | grep -E "Requests/sec|50%|99%|Transfer/sec"
done

# Static-file baseline: the viewport's bytes from a file server.
mkdir -p "$DATA/static"
curl -fs "$VIEWPORT" >"$DATA/static/viewport.json"
(cd "$DATA/static" && exec python3 -m http.server $((PORT + 1)) --bind 127.0.0.1 >/dev/null 2>&1) &
STATIC=$!
trap 'kill "$SERVER" "$STATIC" 2>/dev/null || true; rm -rf "$DATA"' EXIT
sleep 1
echo "== static file (python3 -m http.server), same bytes"
wrk -t2 -c16 -d"$DUR" --latency "http://127.0.0.1:$((PORT + 1))/viewport.json" | grep -E "Requests/sec|50%|99%|Transfer/sec"
