-- Dumps zt.article.parse (explain on: every field, the lines and the date rule) as one JSON
-- line per page, for before/after identity checks of the parser.
-- Usage: lua5.4 tests/bench/dump_article.lua [pages] [file ...] > out.jsonl
--   pages: how many bench pages of each format (bench_article.lua's generator and seed);
--   files: more pages to parse (e.g. tests/fixtures/articles/*.html).
-- Compare two builds: LUA_CPATH_5_4/LUA_PATH_5_4 select the tree, `cmp` the outputs.
local zt = require("zhtext")

local N = tonumber(arg[1]) or 2000
local seed = 12345
local function rnd(n)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % n + 1
end
package.path = "tests/bench/?.lua;" .. package.path
local pagegen = require("article_pages").new(rnd)

-- A deterministic JSON of any Lua value: keys sorted, arrays in order.
local function enc(v, out)
  local t = type(v)
  if t == "table" then
    if #v > 0 or next(v) == nil then
      out[#out + 1] = "["
      for i = 1, #v do
        if i > 1 then out[#out + 1] = "," end
        enc(v[i], out)
      end
      out[#out + 1] = "]"
    else
      local keys = {}
      for k in pairs(v) do keys[#keys + 1] = tostring(k) end
      table.sort(keys)
      out[#out + 1] = "{"
      for i, k in ipairs(keys) do
        if i > 1 then out[#out + 1] = "," end
        out[#out + 1] = ("%q:"):format(k)
        enc(v[k] ~= nil and v[k] or v[tonumber(k)], out)
      end
      out[#out + 1] = "}"
    end
  elseif t == "string" then
    out[#out + 1] = ("%q"):format(v)
  else
    out[#out + 1] = tostring(v)
  end
end

local function dump(name, page)
  local ok, r = pcall(zt.article.parse, page, { explain = true, now = 1700000000 })
  local out = { name, " " }
  if ok then enc(r, out) else out[#out + 1] = "ERROR " .. tostring(r) end
  io.write(table.concat(out), "\n")
end

-- same generation order as bench_article.lua: all text pages, then all HTML pages
local text = {}
for i = 1, N do text[i] = pagegen.text_page(i) end
for i = 1, N do dump("text" .. i, text[i]) end
for i = 1, N do dump("html" .. i, pagegen.html_page(i)) end
for i = 2, #arg do
  local f = assert(io.open(arg[i], "rb"))
  local s = f:read("a")
  f:close()
  dump(arg[i], s)
end
