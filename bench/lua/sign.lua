-- POST signatures with unique emails for BENCH_SECONDS, then drain (see common.lua).
-- The limits stay on (RATE_LIMITS_ENABLED, the default): each signature comes from its own
-- client address, given in X-Forwarded-For (the server trusts one proxy: bench/http.py) from the
-- benchmarking range 198.18.0.0/15, and its own email domain, so each is counted and none is
-- refused, as a peak of real supporters would be.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local path = "/api/v1/petitions/" .. os.getenv("BENCH_SLUG") .. "/signatures/"
local run = os.getenv("BENCH_RUN")
local countries = { "FR", "DE", "US", "TR", "AM", "GB", "IT", "ES", "NL", "BE", "PL", "SE" }
local seconds = tonumber(os.getenv("BENCH_SECONDS"))
local deadline = nil
local n = 0

function init(args)
  bench_init()
  wrk.headers["Content-Type"] = "application/json"
  deadline = now_us() + seconds * 1000000
end

function next_request()
  if now_us() >= deadline then
    return nil
  end
  n = n + 1
  local body = string.format(
    '{"name": "Bench Signer %d", "email": "s%s-%d-%d@d%d-%d.bench.example", "country": "%s", "consent_to_updates": true}',
    n, run, id, n, id, n, countries[(n % #countries) + 1]
  )
  local headers = {
    ["Content-Type"] = "application/json",
    ["X-Forwarded-For"] = string.format(
      "198.%d.%d.%d", 18 + id % 2, math.floor(n / 250) % 256, n % 250 + 1
    ),
  }
  return wrk.format("POST", path, headers, body)
end
