-- Simhash benchmarks for tests/bench/bench_simhash.sh, run once per build (the build is whatever
-- zhtext.core LUA_CPATH_5_4 finds, so the same script times this tree and the cc06a81 one):
--   lua5.4 simhash_bench.lua text FILE        zt.simhash MB/s over FILE (CPU time, best of 5)
--   lua5.4 simhash_bench.lua index N [CHECKS] µs per index:check() with N fingerprints in the
--                                             index, and bytes of resident memory per fingerprint
local zt = require("zhtext.core")
local mode = arg[1]

local function rss()
  local f = io.open("/proc/self/statm", "r")
  if not f then return 0 end
  local _, res = f:read("n", "n")
  f:close()
  return res * 4096
end

if mode == "text" then
  local f = assert(io.open(arg[2], "rb"))
  local s = f:read("a")
  f:close()
  local best, fp = math.huge, 0
  for _ = 1, 5 do
    local t = os.clock()
    fp = zt.simhash(s)
    t = os.clock() - t
    if t < best then best = t end
  end
  print(("%.1f MB/s %016x"):format(#s / 1e6 / best, fp))
elseif mode == "index" then
  local n = math.tointeger(tonumber(arg[2])) or error("index N")
  local checks = math.tointeger(tonumber(arg[3] or "")) or 60000
  -- splitmix64: the i-th fingerprint, reproducible without storing them
  local function mix(i)
    local z = i * -7046029254386353131 -- 0x9E3779B97F4A7C15
    z = (z ~ (z >> 30)) * -4658895280553007687
    z = (z ~ (z >> 27)) * -7723592293110705685
    return z ~ (z >> 31)
  end
  collectgarbage()
  collectgarbage("stop")
  local before = rss()
  local ix = zt.simhash_index { k = 3 }
  local t = os.clock()
  for i = 1, n do ix:add(mix(i), i) end
  local add = os.clock() - t
  local bytes = (rss() - before) / n
  -- three rounds of checks, half near copies (1-2 bits off an indexed fingerprint: found) and
  -- half new fingerprints (added); the best round counts (the machine is shared)
  local best, found, round = math.huge, 0, checks // 3
  local nid = n
  for r = 1, 3 do
    local f = 0
    t = os.clock()
    for j = 1, round do
      local fp
      if j % 2 == 0 then
        fp = mix(mix(j * 3 + r) % n + 1) ~ (1 << (j % 64)) ~ (1 << ((j * 7 + r) % 64))
      else
        nid = nid + 1
        fp = mix(nid + 1000000000)
      end
      if ix:check(fp, nid) then f = f + 1 end
    end
    local el = os.clock() - t
    if el < best then best, found = el, f end
  end
  print(("%.2f us/check %.1f bytes/fp add %.2f us found %d/%d"):format(best / round * 1e6, bytes,
    add / n * 1e6, found, round))
  ix:close()
else
  error("usage: simhash_bench.lua text FILE | index N [CHECKS]")
end
