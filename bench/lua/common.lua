-- Shared by the bench scripts (loaded with dofile): exact per-status accounting.
--
-- Each thread counts the statuses of its measured responses in its own Lua state; done() runs
-- in the main state and reads them through the thread objects saved in setup(). The result is
-- one line, "BENCH key=value ...", that bench/common.py parses.
--
-- Scripts that must end without a request left unanswered (sign, verify) "drain": once they
-- have nothing more to measure, each connection asks for the baseline view (recognised by its
-- X-Bench-Minimal header and not counted) until every measured request has had its answer;
-- then the thread leaves a file in BENCH_DONE_DIR, and the harness interrupts wrk once every
-- thread has (wrk itself would sleep out its -d). Without draining, wrk stops with requests in
-- flight whose effect is stored but never counted. A drained thread goes on asking for the
-- baseline view rather than stopping: a stopped thread leaves connections open with no request,
-- and each would hold a gunicorn sync worker until its timeout.

local ffi = require("ffi")
ffi.cdef([[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock_id, bench_timespec *tp);
]])
local timespec = ffi.new("bench_timespec")
local CLOCK_MONOTONIC = 1

-- Microseconds on a clock shared by all threads (os.time() has only one-second resolution).
function now_us()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, timespec)
  return tonumber(timespec.tv_sec) * 1000000 + tonumber(timespec.tv_nsec) / 1000
end

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

-- Per thread: statuses, measured requests sent and answered, when the first was sent and the
-- last answered.
statuses = {}
sent = 0
answered = 0
first_us = 0
last_us = 0
draining = false
stopped = false
nthreads = tonumber(os.getenv("BENCH_THREADS") or "1")
local minimal_request = nil

function bench_init()
  minimal_request = wrk.format("GET", "/bench/minimal/")
  -- wrk calls request() once on thread 0 to check the script, and never sends that request.
  check_call_pending = (id == 0)
end

-- Scripts define next_request(): the next measured request, or nil when there is none left.
function request()
  if check_call_pending then
    check_call_pending = false
    return minimal_request
  end
  if not draining then
    local req = next_request()
    if req then
      if sent == 0 then
        first_us = now_us()
      end
      sent = sent + 1
      return req
    end
    draining = true
  end
  return minimal_request
end

function response(status, headers, body)
  if not (draining and headers["X-Bench-Minimal"]) then
    local key = "status_" .. status
    statuses[key] = (statuses[key] or 0) + 1
    answered = answered + 1
    last_us = now_us()
  end
  if draining and answered == sent and not stopped then
    stopped = true
    io.open(os.getenv("BENCH_DONE_DIR") .. "/thread-" .. id, "w"):close()
  end
end

function done(summary, latency, requests)
  local total = {}
  local all_sent, all_answered = 0, 0
  local first, last = nil, 0
  for _, thread in ipairs(threads) do
    for key, n in pairs(thread:get("statuses")) do
      total[key] = (total[key] or 0) + n
    end
    all_sent = all_sent + thread:get("sent")
    all_answered = all_answered + thread:get("answered")
    local thread_first = thread:get("first_us")
    if thread_first > 0 and (first == nil or thread_first < first) then
      first = thread_first
    end
    last = math.max(last, thread:get("last_us"))
  end
  local parts = {
    "BENCH",
    string.format("duration_us=%d", first and (last - first) or 0),
    "p50_us=" .. latency:percentile(50),
    "p99_us=" .. latency:percentile(99),
    "sent=" .. all_sent,
    "answered=" .. all_answered,
    "err_connect=" .. summary.errors.connect,
    "err_read=" .. summary.errors.read,
    "err_write=" .. summary.errors.write,
    "err_timeout=" .. summary.errors.timeout,
  }
  for key, n in pairs(total) do
    table.insert(parts, key .. "=" .. n)
  end
  io.write(table.concat(parts, " ") .. "\n")
end
