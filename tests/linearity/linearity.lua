-- Linear-time check of every public entry point on large adversarial inputs (`make linearity`).
--
-- libFuzzer's inputs are a few KB, too small to show quadratic behaviour; this runs each entry
-- point on shapes built to trigger it (ASCII runs full of , ; : ! ( ) &, chains of &amp;amp;,
-- Han lines without punctuation, one huge line, many tiny lines, deeply nested HTML, many label
-- lines) at 1 MB and 8 MB, and fails when time(8 MB) / time(1 MB) > 16 (linear is 8, quadratic
-- 64; the margin is for entry points that return a table per token, sentence or line: millions
-- of small Lua tables outgrow the caches at 8 MB but not at 1 MB, which costs 10-14x on its
-- own, measured on an idle machine, and more when another process shares the cache). Runs at
-- 16 KB and 64 KB first catch the worst cases cheaply: 64 KB more than 8 times slower than 16 KB
-- (linear is 4, quadratic 16), more than 2 s at 64 KB, or a 1 MB run more than 48 times slower
-- than 64 KB (linear is 16), stop that case as failed without waiting for the larger sizes.
-- A case over the 8 MB / 1 MB limit is measured at 32 MB too and passes when time(32 MB) /
-- time(8 MB) <= 8 (twice linear 4; quadratic 16): 1 MB can still fit the caches where 8 MB does not
-- (a record per tiny line), and the two larger sizes are both beyond them.
-- Times are CPU seconds of this process (os.clock), so other load on the machine matters less;
-- the 1 MB time is the best of three, and an 8 MB time over the limit is measured again. The
-- Lua collector is stopped during a timed call: its work on a growing result table depends on
-- the heap and the caches, not on zhtext's algorithms (the garbage is collected after).
--
-- Usage: lua5.4 tests/linearity/linearity.lua [--large] [--only entry[,entry...]]
--   --large   also 100 MB, which must take at most 12 x (100/8) x the 8 MB time (several GB of RAM)
-- Exit status 0 when every case is linear, 1 otherwise. Prints a table of times and MB/s.

local zt = require("zhtext")

local MB = 1024 * 1024
local RATIO_LIMIT = 16        -- time(8 MB) / time(1 MB)
local BEYOND_LIMIT = 8        -- time(32 MB) / time(8 MB) (twice linear), asked when the first is over
local SMALL, SENTINEL = 16 * 1024, 64 * 1024 -- the cheap first sizes
local SENTINEL_RATIO = 8      -- time(64 KB) / time(16 KB) that stops a case (linear is 4)
local SENTINEL_MAX = 2.0      -- seconds allowed at 64 KB
local EARLY_RATIO = 48        -- time(1 MB) / time(64 KB) that stops a case (linear is 16)
local STEP_MAX = 60.0         -- seconds allowed for one run at 1 MB (then the case stops)

local args = { large = false, only = nil }
do
  local i = 1
  while i <= #arg do
    if arg[i] == "--large" then args.large = true
    elseif arg[i] == "--only" then
      args.only = {}
      for e in arg[i + 1]:gmatch("[^,]+") do args.only[e] = true end
      i = i + 1
    else
      io.stderr:write("usage: linearity.lua [--large] [--only entry,...]\n")
      os.exit(2)
    end
    i = i + 1
  end
end

-- ---------------------------------------------------------------- shapes
-- Each builds a string of about n bytes (whole units, never a cut UTF-8 character).

local seed = 12345
local function rand(k) -- deterministic LCG, 1..k
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % k + 1
end

local WORDS = {}
for w in ([[今天 北京 市场 经济 发展 公司 技术 学生 老师 城市 建设 政府 会议 人民 国家 工作 问题
  社会 文化 历史 科学 研究 中心 企业 产品 服务 网络 数据 安全 管理 我们 他们 已经 开始 进行 提高
  方面 地区 记者 报道 表示 计划 项目 投资 增长 教育 医院 交通 环境 能源 农村 居民 生活 消费 价格
  的 了 在 是 和 有 也 就 都 而 及 与 着 或 一 个 上 下 中 大 小 新 老 多 少 高 低 长 短 快 慢
  龍 國 學 業 發 點 實 頭 處 書 見 風 車 東 門 馬 鳥 魚 電 話 語 時 間 開 關]]):gmatch("%S+") do
  WORDS[#WORDS + 1] = w
end
local TRAD = {}
for w in ("龍國 學業 發展 點頭 實際 處理 書店 見面 風車 東門 馬車 電話 語言 時間 開關 經濟 會議 醫院 "
    .. "記者 報導 環境 農村 價格 網絡 數據 產品 服務 歷史 國家 工作"):gmatch("%S+") do
  TRAD[#TRAD + 1] = w
end

local function fill(n, unit)
  local parts, len = {}, 0
  while len < n do
    local u = unit()
    parts[#parts + 1] = u
    len = len + #u
  end
  return table.concat(parts)
end

local function word() return WORDS[rand(#WORDS)] end

local SHAPES = {
  -- minified-JS / CSV-like ASCII without spaces: every mark used to rescan the rest of the run
  ascii_punct = function(n)
    local marks = { ",", ";", ":", "!", "(", ")", "&", "=", "." }
    return fill(n, function() return "ab" .. marks[rand(#marks)] .. "x" .. rand(99) end)
  end,
  -- one chain of &amp;amp;amp;... (an entity escaped again and again)
  amp_chain = function(n) return "&" .. ("amp;"):rep(n // 4) end,
  -- many short escaped entities in a row
  amp_pairs = function(n) return ("&amp;amp;"):rep(n // 9) end,
  -- a single Han line with no punctuation at all
  han_line = function(n) return fill(n, word) end,
  -- traditional-script Han line without punctuation
  trad_line = function(n) return fill(n, function() return TRAD[rand(#TRAD)] end) end,
  -- ordinary sentences, but never a newline
  huge_line = function(n)
    return fill(n, function()
      local s = {}
      for i = 1, 3 + rand(10) do s[i] = word() end
      return table.concat(s) .. (rand(3) == 1 and "。" or "，")
    end)
  end,
  -- a huge number of one-character lines
  tiny_lines = function(n) return fill(n, function() return word():sub(1, 3) .. "\n" end) end,
  -- HTML nested n/20 levels deep (unclosed <font> and closed <div>), text at the bottom
  deep_html = function(n)
    local depth = n // 20
    return "<html><body>" .. ("<font>"):rep(depth // 2) .. ("<div>"):rep(depth // 4)
      .. "<p>今天北京召开会议。</p>" .. ("</div>"):rep(depth // 4) .. "</body></html>"
  end,
  -- label lines of an article page, over and over
  labels = function(n)
    local L = { "来源：", "作者：", "编辑：", "责任编辑：", "发布时间：2024-05-06 10:30", "记者 ",
      "摄影：", "原标题：" }
    return fill(n, function() return L[rand(#L)] .. word() .. word() .. "\n" end)
  end,
  -- the same as HTML blocks
  labels_html = function(n)
    local L = { "来源：", "作者：", "编辑：", "发布时间：2024-05-06 10:30 ", "记者 " }
    return "<html><body>" .. fill(n, function() return "<p>" .. L[rand(#L)] .. word() .. "</p>\n" end)
      .. "</body></html>"
  end,
  -- JSON-LD blocks (json-c): author arrays, @graph articles pointing at persons by @id, escapes
  ld_scripts = function(n)
    return "<html><head>" .. fill(n, function()
      local a = {}
      for i = 1, 8 + rand(40) do a[i] = '{"@type":"Person","name":"\\u674e' .. word() .. '"}' end
      return '<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","@id":"#a",'
        .. '"author":[' .. table.concat(a, ",") .. '],"datePublished":"2024-05-06T10:30:00+08:00"},'
        .. '{"@type":"Article","author":{"@id":"#a"}}]}</script>\n'
    end) .. "</head><body><p>今天北京召开会议。</p></body></html>"
  end,
  -- GB18030 bytes (你好 and ASCII) for decode
  gbk = function(n) return fill(n, function() return "\xC4\xE3\xBA\xC3abc " end) end,
  -- ill-formed UTF-8 everywhere
  invalid = function(n) return fill(n, function() return "\xFF\xE4\xB8" .. word() end) end,
  -- fingerprint bytes for the index: groups sharing one band value (the bucket-cap shape)
  same_band = function(n)
    return fill(n, function() return string.pack("<I8", (rand(65536) << 48) | 0x1234) end)
  end,
}

-- ---------------------------------------------------------------- entry points

local seg -- created once; keywords and pos use it too
local function S()
  if not seg then seg = assert(zt.segmenter()) end
  return seg
end

local ENTRIES = {
  { "clean", function(s) return zt.clean(s) end,
    { "ascii_punct", "amp_chain", "amp_pairs", "han_line", "huge_line", "tiny_lines", "invalid" } },
  { "clean{html}", function(s) return zt.clean(s, { html = true }) end,
    { "ascii_punct", "amp_chain", "amp_pairs", "deep_html", "tiny_lines" } },
  { "decode", function(s) return zt.decode(s) end, { "gbk", "invalid" } },
  { "convert", function(s) return zt.convert(s, "t2s") end, { "trad_line", "invalid" } },
  { "cut", function(s) return S():cut(s) end,
    { "han_line", "ascii_punct", "huge_line", "tiny_lines", "invalid" } },
  { "cut{search}", function(s) return S():cut(s, { mode = "search" }) end, { "han_line" } },
  { "tokenize", function(s) return S():tokenize(s) end, { "han_line", "huge_line" } },
  { "pos", function(s) return S():pos(s) end, { "han_line", "ascii_punct" } },
  { "cut{traditional}", function(s) return S():cut(s, { traditional = true }) end,
    { "trad_line", "huge_line" } },
  { "keywords", function(s) return S():keywords(s) end, { "han_line", "huge_line" } },
  { "article.parse", function(s) return zt.article.parse(s, { mode = "text" }) end,
    { "huge_line", "tiny_lines", "labels", "ascii_punct" } },
  { "article.parse{html}", function(s) return zt.article.parse(s, { mode = "html" }) end,
    { "deep_html", "labels_html", "amp_pairs", "ld_scripts" } },
  { "simhash", function(s) return zt.simhash(s) end, { "han_line", "huge_line" } },
  -- one fingerprint per 64 input bytes, so 1 MB = 16k fingerprints, 8 MB = 131k
  { "simhash_index", function(s)
      local ix = zt.simhash_index({ k = 3 })
      for i = 1, #s - 7, 64 do ix:check(string.unpack("<i8", s, i)) end
      ix:close()
    end, { "same_band" } },
}
if zt.sentences then
  ENTRIES[#ENTRIES + 1] = { "sentences", function(s) return zt.sentences(s) end,
    { "han_line", "huge_line", "tiny_lines" } }
end

-- ---------------------------------------------------------------- measuring

local function time_of(f, s, reps)
  local best
  for _ = 1, reps or 1 do
    collectgarbage()
    collectgarbage("stop")
    local t0 = os.clock()
    local ok, err = pcall(f, s)
    local t = os.clock() - t0
    collectgarbage("restart")
    if not ok then return nil, tostring(err) end
    best = math.min(best or t, t)
    if best > 0.3 then break end -- slow enough to be measured well once
  end
  collectgarbage()
  return math.max(best, 1e-4)
end

local function input(shape, n)
  seed = 12345
  return SHAPES[shape](n)
end

local function run_case(f, shape)
  local r = {}
  local t16, err = time_of(f, input(shape, SMALL), 3)
  if not t16 then return { err = err } end
  local t = time_of(f, input(shape, SENTINEL), 2)
  r.t64 = t
  if t > SENTINEL_MAX or (t > 0.05 and t / t16 > SENTINEL_RATIO) then
    r.fail = ("16 KB -> 64 KB: x%.1f (%.2f s)"):format(t / t16, t)
    return r
  end
  t, err = time_of(f, input(shape, MB), 3)
  if not t then r.err = err return r end
  r.t1 = t
  if t > 0.25 and t / r.t64 > EARLY_RATIO then
    r.fail = ("64 KB -> 1 MB: x%.0f"):format(t / r.t64)
    return r
  end
  if t > STEP_MAX then
    r.fail = ("%.0f s at 1 MB"):format(t)
    return r
  end
  local big = input(shape, 8 * MB)
  t, err = time_of(f, big)
  if not t then r.err = err return r end
  if t / r.t1 > RATIO_LIMIT then t = math.min(t, time_of(f, big) or t) end
  r.t8 = t
  -- below 50 ms at 1 MB, timer resolution and cache effects dominate the ratio: not judged
  if r.t1 >= 0.05 and t / r.t1 > RATIO_LIMIT then
    -- 1 MB may still fit the caches where 8 MB does not (a record per tiny line): judged again
    -- between 8 and 32 MB, both beyond them (linear 4, quadratic 16)
    local t32, err32 = time_of(f, input(shape, 32 * MB))
    if not t32 then r.err = err32 return r end
    if t32 / t > BEYOND_LIMIT then
      r.fail = ("8 MB / 1 MB = %.1f, 32 MB / 8 MB = %.1f"):format(t / r.t1, t32 / t)
    else
      r.note = ("8 MB / 1 MB = %.1f, 32 MB / 8 MB = %.1f"):format(t / r.t1, t32 / t)
    end
  end
  if args.large and not r.fail then
    t, err = time_of(f, input(shape, 100 * MB))
    if not t then r.err = err return r end
    r.t100 = t
    if t / r.t8 > RATIO_LIMIT * 100 / 8 then r.fail = ("100 MB / 8 MB = %.1f"):format(t / r.t8) end
  end
  return r
end

local function mbps(mb, t) return t and ("%8.1f"):format(mb / t) or "       -" end
local function secs(t) return t and ("%8.3f"):format(t) or "       -" end

print(("%-20s %-12s %8s %8s %8s %8s %7s%s  %s"):format("entry", "shape", "s@1MB", "MB/s", "s@8MB",
  "MB/s", "ratio", args.large and "  s@100MB" or "", "verdict"))
local failed, cases, t_start = {}, 0, os.time()
for _, e in ipairs(ENTRIES) do
  local name, f, shapes = e[1], e[2], e[3]
  if not args.only or args.only[name] then
    for _, shape in ipairs(shapes) do
      cases = cases + 1
      local r = run_case(f, shape)
      local verdict = r.err and ("ERROR: " .. r.err:sub(1, 60)) or r.fail and ("FAIL: " .. r.fail)
        or r.note and ("ok (" .. r.note .. ")") or "ok"
      if r.err or r.fail then failed[#failed + 1] = name .. " / " .. shape .. ": " .. verdict end
      local ratio = r.t1 and r.t8 and ("%7.1f"):format(r.t8 / r.t1) or "      -"
      print(("%-20s %-12s %s %s %s %s %s%s  %s"):format(name, shape, secs(r.t1), mbps(1, r.t1),
        secs(r.t8), mbps(8, r.t8), ratio, args.large and (" " .. secs(r.t100)) or "", verdict))
      io.stdout:flush()
      collectgarbage()
    end
  end
end
print(("linearity: %d cases, %d failed (%d s)"):format(cases, #failed, os.time() - t_start))
for _, f in ipairs(failed) do print("  " .. f) end
os.exit(#failed == 0 and 0 or 1)
