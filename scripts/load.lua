-- wrk script for scripts/load.sh: cycles through the request paths in the file named by
-- $PATHS (one per line), with $METHOD (GET or POST) and the body in the file $BODY, and
-- prints one machine-readable line at the end:
--   RESULT <req/s> <p50 ms> <p99 ms> <errors> <requests> <bytes>
-- errors = socket errors (connect, read, write, timeout) + non-2xx/3xx responses.
local paths = {}
for line in io.lines(os.getenv("PATHS")) do
  if line ~= "" then paths[#paths + 1] = line end
end
local method = os.getenv("METHOD") or "GET"
local body = nil
local headers = nil
local body_file = os.getenv("BODY")
if method == "POST" and body_file and body_file ~= "" then
  local f = assert(io.open(body_file, "rb"))
  body = f:read("*a")
  f:close()
  headers = { ["Content-Type"] = "text/plain; charset=utf-8" }
end

local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format(method, paths[i], headers, body)
end

done = function(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.timeout + e.status
  io.write(string.format("RESULT %.1f %.3f %.3f %d %d %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    errors, summary.requests, summary.bytes))
end
