-- zt.cut and zt.article.parse throughput of the runtime running this script (Lua 5.1, 5.3, 5.4,
-- LuaJIT): tests/bench/bench_runtimes.sh runs it under two runtimes alternately and prints the
-- ratio. Every runtime gets the same generated input (the generator's arithmetic stays exact in a
-- double) and the default segmenter, opened once by the first call outside the timing.
-- Usage: <lua> tests/bench/runtimes.lua [seconds per measure]  ->  "cut_MBps parse_pages_per_s"
local zt = require("zhtext")

local SECS = tonumber(arg and arg[1]) or 1

-- Park-Miller: products stay below 2^46, exact on every runtime
local seed = 42
local function rnd(n)
  seed = (seed * 16807) % 2147483647
  return seed % n + 1
end

package.path = "tests/bench/?.lua;" .. package.path
local gen = require("article_pages").new(rnd)
local paragraph, page = gen.paragraph, gen.html_page

local lines, pages = {}, {}
for i = 1, 2000 do lines[i] = paragraph() end
for i = 1, 300 do pages[i] = page(i) end

-- runs f over items until SECS of CPU time have passed; returns items per second and bytes per second
local function measure(items, f)
  local n, bytes, t0 = 0, 0, os.clock()
  local dt
  repeat
    for i = 1, #items do
      f(items[i])
      bytes = bytes + #items[i]
    end
    n = n + #items
    dt = os.clock() - t0
  until dt >= SECS
  return n / dt, bytes / dt
end

local cut, parse = zt.cut, zt.article.parse
assert(#cut(lines[1]) > 0, "zt.cut: no words (dictionary missing?)")
assert(#parse(pages[1]).paragraphs > 0, "zt.article.parse: no body")
local _, cut_bps = measure(lines, cut)
local parse_ps = measure(pages, parse)
print(("%.2f %.1f"):format(cut_bps / 1e6, parse_ps))
