-- zt.clean on adversarial shapes at 1 / 10 / 100 MB: MB/s per shape and size, to show that
-- every path is linear (the figure must stay roughly flat as the size grows).
-- Not part of `make test` or `make bench` (100 MB shapes take a while and ~1 GB of memory):
--   LUA_PATH_5_4="lua/?.lua;lua/?/init.lua;;" LUA_CPATH_5_4="build/?.so;;" \
--     lua5.4 tests/bench/clean_adversarial.lua [max MB, default 100] [shape-name-pattern]
local zt = require("zhtext")

local max_mb = tonumber(arg[1]) or 100
local only = arg[2]

local function rep_to(unit, bytes)
  local s = unit:rep(bytes // #unit + 1):sub(1, bytes)
  -- cut back to a whole character so that the input is valid UTF-8
  while #s > 0 and (s:byte(#s) & 0xC0) == 0x80 do s = s:sub(1, -2) end
  if #s > 0 and s:byte(#s) >= 0xC0 then s = s:sub(1, -2) end
  return s
end

local page = function(body) return "<html><body><p>" .. body .. "</p></body></html>" end

-- name, how to clean, one unit of the input (repeated to the size)
local shapes = {
  { "marks-run (CSV/JS, no spaces)", function(s) return zt.clean(s) end, "a,b;c:d!(e)&f," },
  { "&amp;amp; chain, clean", function(s) return zt.clean(s) end, "&amp;amp;amp;amp;" },
  { "&amp;amp; chain, html=true", function(s) return zt.clean(s, { html = true }) end, "&amp;amp;amp;amp;" },
  { "&amp;amp; chain, parse", function(s) return zt.article.parse(page(s)) end, "&amp;amp;amp;amp;" },
  { "no-punctuation lines", function(s) return zt.clean(s) end,
    ("这是一段没有任何标点符号的中文文字用来测试"):rep(4) .. "\n" },
  { "one huge line (mixed)", function(s) return zt.clean(s) end, "新华社北京电，CPI同比上涨0.2%。发布了iPhone 15！详见附件1：" },
  { "many tiny lines", function(s) return zt.clean(s) end, "好,\na\n。\n" },
  { "long URL-like run", function(s) return zt.clean(s) end, "http://a.example.cn/p/q_(r)?s=1&t=2,u;v:w!x.y@z." },
  { "mixed script", function(s) return zt.clean(s) end,
    "中文English123，混合。Русский текст ελληνικά 한국어 カタカナ ａｂｃ１２３ (注) “引”\n" },
  { "combining-mark flood", function(s) return zt.clean(s) end, "a" .. ("\204\129\204\150"):rep(40) },
}

local sizes = {}
for _, mb in ipairs({ 1, 10, 100 }) do if mb <= max_mb then sizes[#sizes + 1] = mb end end

io.write(("%-32s"):format("shape"))
for _, mb in ipairs(sizes) do io.write(("%10s"):format(mb .. " MB")) end
io.write("   (MB/s, CPU time)\n")
for _, sh in ipairs(shapes) do
  if not only or sh[1]:find(only) then
    io.write(("%-32s"):format(sh[1]))
    for _, mb in ipairs(sizes) do
      local s = rep_to(sh[3], mb * 1000 * 1000)
      local best = math.huge
      for _ = 1, (mb >= 100 and 1 or 3) do
        collectgarbage()
        local t = os.clock()
        sh[2](s)
        t = os.clock() - t
        if t < best then best = t end
      end
      io.write(("%10.1f"):format(#s / 1e6 / best))
      io.flush()
    end
    io.write("\n")
  end
end
