-- POST signatures with unique emails for BENCH_SECONDS, then drain (see common.lua).
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
    '{"name": "Bench Signer %d", "email": "s%s-%d-%d@bench.example", "country": "%s", "consent": true}',
    n, run, id, n, countries[(n % #countries) + 1]
  )
  return wrk.format("POST", path, nil, body)
end
