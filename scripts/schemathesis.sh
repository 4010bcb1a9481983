#!/usr/bin/env bash
# The OpenAPI document against the live server (issue 13): schemathesis generates requests
# for every operation of /api (valid ones, which must be accepted, and invalid ones, which
# must be refused with 4xx), with every check (no 5xx; statuses, media types, headers and
# bodies as documented; 405 with Allow for undocumented methods), and fails on any failure.
#
#   scripts/schemathesis.sh [MAX_EXAMPLES]   # examples per operation (default 50)
#   env: BIN (a built dateline; default the newer of target/release and target/debug),
#        VENV (target/schemathesis-venv), SEED (schemathesis --seed), PORT (a free one)
# Needs python3 with venv and the PyPI registry (the first run installs schemathesis into
# VENV); .ci/run calls it after `cargo test`. Settings: scripts/schemathesis.toml.
set -euo pipefail
cd "$(dirname "$0")/.."
MAX_EXAMPLES="${1:-50}"
VERSION=4.32.5
VENV="${VENV:-target/schemathesis-venv}"
case "$MAX_EXAMPLES" in '' | *[!0-9]*) echo "MAX_EXAMPLES must be a whole number, got '$MAX_EXAMPLES'" >&2; exit 2 ;; esac

if [ "$("$VENV/bin/st" --version 2>/dev/null)" != "st, version $VERSION" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$VERSION"
fi

if [ -z "${BIN:-}" ]; then
    BIN=target/debug/dateline
    if [ -x target/release/dateline ] && [ target/release/dateline -nt "$BIN" ]; then
        BIN=target/release/dateline
    fi
    [ -x "$BIN" ] || { cargo build --locked --quiet; BIN=target/debug/dateline; }
fi
PORT="${PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
BASE="http://127.0.0.1:$PORT"
LOG="$(mktemp)"
PID=""
cleanup() {
    if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
    rm -f "$LOG" "${OUT:-}"
    rm -rf "${DATA:-}"
}
trap cleanup EXIT

# A fresh store seeded with the embedded dataset, and an editor whose API token schemathesis
# sends with every request, so the desk's writes run too (the 401s of anonymous requests are
# schemathesis's `ignored_auth` check). Server errors are logged at WARN whatever RUST_LOG says.
DATA="$(mktemp -d)"
printf 'schemathesis-passphrase\n' | "$BIN" user add schemathesis --password-stdin --data "$DATA" 2>/dev/null
TOKEN="$("$BIN" token create schemathesis --data "$DATA" 2>/dev/null)"
RUST_LOG=warn "$BIN" serve --port "$PORT" --data "$DATA" >"$LOG" 2>&1 &
PID=$!
for _ in $(seq 1 300); do
    curl -fs "$BASE/health" >/dev/null 2>&1 && break
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.2
done
curl -fs "$BASE/health" >/dev/null || { cat "$LOG" >&2; echo "the server did not start" >&2; exit 1; }

echo "schemathesis $VERSION against $BIN on $BASE: $MAX_EXAMPLES examples per operation, all checks"
start=$(date +%s)
status=0
OUT="$(mktemp)"
"$VENV/bin/st" --config-file scripts/schemathesis.toml run "$BASE/api" \
    --checks all --max-examples "$MAX_EXAMPLES" --workers 1 --no-color \
    --header "Authorization: Bearer $TOKEN" --request-timeout 60 \
    ${SEED:+--seed "$SEED"} 2>&1 | tee "$OUT" || status=$?
# Its "N generated, N passed" (or "N generated, M found K unique failures") as the plain
# summary line CI reads.
summary=$(grep -E '^ *[0-9]+ generated, ' "$OUT" | tail -1 || true)
cases=$(echo "$summary" | awk '{ print $1 + 0 }')
failed=$(echo "$summary" | awk '{ for (i = 1; i < NF; i++) if ($(i + 1) == "unique") { print $i + 0; exit } } END { }')
failed=${failed:-0}
[ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
rm -f "$OUT"
echo "schemathesis: exit $status after $(($(date +%s) - start)) s, ${cases:-0} test cases"
echo "schemathesis: $(( ${cases:-0} - failed )) passed, $failed failed"
if grep "WARN\|ERROR" "$LOG" | grep -qv "status=501"; then
    echo "server log:" >&2
    grep "WARN\|ERROR" "$LOG" | grep -v "status=501" | head -20 >&2
fi
exit "$status"
