-- Benchmark for zt.article.parse over thousands of generated pages (text and HTML).
-- Usage: lua5.4 tests/bench/bench_article.lua [pages] [outdir]
-- Prints pages/s and MB/s for each format; writes the HTML corpus to outdir (for the peer run).
local zt = require("zhtext")

local N = tonumber(arg[1]) or 3000
local outdir = arg[2]

local seed = 12345
local function rnd(n)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % n + 1
end
package.path = "tests/bench/?.lua;" .. package.path
local pagegen = require("article_pages").new(rnd)
local text_page, html_page = pagegen.text_page, pagegen.html_page

local function run(name, gen)
  local pages, bytes = {}, 0
  for i = 1, N do
    pages[i] = gen(i)
    bytes = bytes + #pages[i]
  end
  local ok = 0
  local t0 = os.clock()
  for i = 1, N do
    local r = zt.article.parse(pages[i])
    if r.date and #r.paragraphs > 0 then ok = ok + 1 end
  end
  local dt = os.clock() - t0
  local t1 = os.clock()
  for i = 1, N do zt.clean(pages[i]) end
  local dc = os.clock() - t1
  print(("article.parse %-4s %5d pages %7.2f MB  %8.0f pages/s  %6.1f MB/s  (%d/%d with date+body)"):format(
    name, N, bytes / 1e6, N / dt, bytes / 1e6 / dt, ok, N))
  print(("  same run, zt.clean over the same pages: %6.1f MB/s; parse/clean speed ratio %.2f"):format(
    bytes / 1e6 / dc, dc / dt))
  return pages, bytes, dt
end

run("text", text_page)
local pages, bytes, dt = run("html", html_page)
if outdir then
  local f = assert(io.open(outdir .. "/pages.html", "wb"))
  f:write(table.concat(pages))
  f:close()
  local g = assert(io.open(outdir .. "/parse_seconds", "w"))
  g:write(("%f %d\n"):format(dt, bytes))
  g:close()
end
