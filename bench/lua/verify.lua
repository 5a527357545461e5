-- POST /en/verify/<token>/ (the page's button) once per token of BENCH_TOKENS, each thread its own disjoint slice;
-- when its slice is done a thread drains (see common.lua), so the run lasts as long as N needs.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local tokens = {}
local next_token = 1

function init(args)
  bench_init()
  local i = 0
  for line in io.lines(os.getenv("BENCH_TOKENS")) do
    if i % nthreads == id then
      table.insert(tokens, line)
    end
    i = i + 1
  end
end

function next_request()
  if next_token > #tokens then
    return nil
  end
  local token = tokens[next_token]
  next_token = next_token + 1
  return wrk.format("POST", "/en/verify/" .. token .. "/")
end
