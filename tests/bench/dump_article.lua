-- Dumps zt.article.parse of the bench pages (text and HTML) and of tests/fixtures/articles/*,
-- plain and with explain = true, one line per record (every field, keys sorted), to compare
-- two builds byte for byte: lua5.4 tests/bench/dump_article.lua [pages] > out.txt
local zt = require("zhtext")
local N = tonumber(arg[1]) or 2000

local function enc(v, out)
  local t = type(v)
  if t == "table" then
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = k end
    table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
    out[#out + 1] = "{"
    for _, k in ipairs(keys) do
      out[#out + 1] = ("%q:"):format(tostring(k))
      enc(v[k], out)
      out[#out + 1] = ","
    end
    out[#out + 1] = "}"
  elseif t == "string" then
    out[#out + 1] = ("%q"):format(v)
  else
    out[#out + 1] = tostring(v)
  end
end

local variants = {
  { " plain ", {} },
  { " explain ", { explain = true } },
}
local more = {
  { " noclean ", { clean = false } },
  { " ascii ", { clean = { punct = "ascii" } } },
  { " keep ", { clean = { punct = "keep", width = false } } },
  { " now ", { now = 1700000000, url = "https://www.example.com.cn/a/2023-05-06/x.html" } },
}
local function dump(tag, page, all)
  for _, v in ipairs(all and { variants[1], variants[2], more[1], more[2], more[3], more[4] } or variants) do
    local ok, r = pcall(zt.article.parse, page, v[2])
    local out = { tag, v[1] }
    if ok then enc(r, out) else out[#out + 1] = "ERROR " .. tostring(r) end
    io.write(table.concat(out), "\n")
  end
end

local seed = 12345
local function rnd(n)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % n + 1
end
package.path = "tests/bench/?.lua;" .. package.path
local pagegen = require("article_pages").new(rnd)
for i = 1, N do dump("text" .. i, pagegen.text_page(i), i <= 100) end
for i = 1, N do dump("html" .. i, pagegen.html_page(i), i <= 100) end
local p = io.popen("ls tests/fixtures/articles")
for name in p:lines() do
  local f = io.open("tests/fixtures/articles/" .. name, "rb")
  if f and not name:match("%.json$") then
    local s = f:read("a")
    f:close()
    if s then dump(name, s, true) end
  end
end
p:close()
-- variants of the fixtures: byte prefixes (cut characters included), shuffled and joined lines
local fixtures = {}
p = io.popen("ls tests/fixtures/articles")
for name in p:lines() do
  local f = io.open("tests/fixtures/articles/" .. name, "rb")
  if f and not name:match("%.json$") then
    fixtures[#fixtures + 1] = { name, f:read("a") }
    f:close()
  end
end
p:close()
for _, fx in ipairs(fixtures) do
  local name, s = fx[1], fx[2]
  for k = 1, 4 do dump(name .. "/cut" .. k, s:sub(1, rnd(#s + 1) - 1), true) end
  local lines = {}
  for l in s:gmatch("[^\n]*") do lines[#lines + 1] = l end
  for k = 1, 3 do
    local t = {}
    for i = 1, #lines do t[i] = lines[i] end
    for i = #t, 2, -1 do
      local j = rnd(i)
      t[i], t[j] = t[j], t[i]
    end
    dump(name .. "/shuffle" .. k, table.concat(t, k == 3 and "" or "\n"), true)
  end
end
