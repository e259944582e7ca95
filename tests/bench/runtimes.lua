-- zt.cut and zt.article.parse throughput of the runtime running this script (Lua 5.1, 5.3, 5.4,
-- LuaJIT): tests/bench/bench_runtimes.sh runs it under two runtimes alternately and prints the
-- ratio. Every runtime gets the same generated input (the generator's arithmetic stays exact in a
-- double) and the default segmenter, opened once by the first call outside the timing.
-- Usage: <lua> tests/bench/runtimes.lua [seconds per measure]  ->  "cut_MBps parse_pages_per_s"
local zt = require("zhtext")

local SECS = tonumber(arg and arg[1]) or 1

local words = {
  "市政府", "相关部门", "记者", "近日", "工作人员", "据介绍", "今年以来", "项目", "居民", "企业",
  "社区", "学校", "医院", "交通", "公园", "文化", "经济", "发展", "改革", "服务", "建设", "管理",
  "推进", "完善", "提升", "加强", "落实", "保障", "群众", "城市", "乡村", "生态", "环境", "安全",
  "北京", "上海", "人工智能", "新能源", "汽车", "科技", "创新", "数据", "平台", "研究",
}
local seps = { "，", "，", "，", "、", "；" }

-- Park-Miller: products stay below 2^46, exact on every runtime
local seed = 42
local function rnd(n)
  seed = (seed * 16807) % 2147483647
  return seed % n + 1
end

local function sentence()
  local t = {}
  for _ = 1, 6 + rnd(14) do
    t[#t + 1] = words[rnd(#words)]
    if rnd(4) == 1 then t[#t + 1] = seps[rnd(#seps)] end
  end
  t[#t + 1] = "。"
  return table.concat(t)
end

local function paragraph()
  local t = {}
  for _ = 1, 2 + rnd(5) do t[#t + 1] = sentence() end
  return table.concat(t)
end

local function headline()
  local t = {}
  for _ = 1, 4 + rnd(6) do t[#t + 1] = words[rnd(#words)] end
  return table.concat(t)
end

local function page(i)
  local t = { '<!DOCTYPE html><html><head><meta charset="utf-8"><title>', headline(), i, "_晨报</title>",
    "</head><body><div class=\"nav\"><ul>" }
  for _ = 1, 10 do t[#t + 1] = '<li><a href="/x">' .. words[rnd(#words)] .. "</a></li>" end
  t[#t + 1] = '</ul></div><div class="main"><h1>' .. headline() .. "</h1>"
  t[#t + 1] = ('<div class="info"><span>2023-%02d-%02d %02d:%02d</span> <span>来源：晨报</span> '
    .. "<span>作者：王晓明</span></div><div class=\"content\">"):format(rnd(12), rnd(28), rnd(23), rnd(59))
  for _ = 1, 4 + rnd(8) do t[#t + 1] = "<p>　　" .. paragraph() .. "</p>" end
  t[#t + 1] = '<p class="editor">责任编辑：张伟</p></div><div class="related"><h3>相关新闻</h3><ul>'
  for _ = 1, 5 do t[#t + 1] = '<li><a href="/y">' .. headline() .. "</a></li>" end
  t[#t + 1] = "</ul></div></div><div class=\"footer\">版权所有 2006-2023</div></body></html>\n"
  return table.concat(t)
end

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
