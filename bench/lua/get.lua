-- GET one path (BENCH_PATH) for the whole run; every answer is counted by status.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local get_request = nil

function init(args)
  bench_init()
  get_request = wrk.format("GET", os.getenv("BENCH_PATH"))
end

function next_request()
  return get_request
end
