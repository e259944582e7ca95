-- The Lua side of tests/tsan/threads_lua.c: run in one lua_State per thread (and once on the
-- main thread first), it calls every public function that reaches a library with global state
-- (the dictionary mapping, LAC, OpenCC, libxml2, pcre2, utf8proc, uchardet, iconv) for `rounds`
-- rounds and returns everything they returned as one string. A round whose text differs from
-- the first one is an error here; a thread whose text differs from the main thread's fails in
-- the C.
local rounds = ...
local zt = require("zhtext")

local text = "新华社北京3月5日电 国务院总理在人民大会堂作政府工作报告。\n" ..
  "臺灣的運動員在比賽中獲得了金牌，觀眾熱烈鼓掌。\n" ..
  "ＡＢＣ公司 2024年 的收入增长了５％，http://example.com/a 有详细说明。"

local article_text = "深夜的小镇\n2024-05-18 09:30 来源：本地日报\n记者 王小明\n" ..
  "这是文章的第一段正文，讲述小镇居民在深夜里的生活。\n" ..
  "这是第二段正文，记者走访了几家还亮着灯的小店。\n责任编辑：李华\n"

local article_html = "<html><head><title>深夜的小镇_本地日报</title>" ..
  "<meta name=\"author\" content=\"王小明\"><script type=\"application/ld+json\">" ..
  "{\"datePublished\":\"2024-05-18T09:30:00+08:00\"}</script></head><body>" ..
  "<div class=\"nav\"><a href=\"/\">首页</a> <a href=\"/n\">新闻</a></div>" ..
  "<div class=\"article\"><h1>深夜的小镇</h1><p class=\"source\">来源：本地日报</p>" ..
  "<p>这是文章的第一段正文，讲述小镇居民在深夜里的生活。</p>" ..
  "<p>这是第二段正文，记者走访了几家还亮着灯的小店。</p></div>" ..
  "<div class=\"footer\">版权所有 © 本地日报</div></body></html>"

-- GBK (no label: uchardet detects it, iconv decodes) and Big5 (named) bytes of two sentences
local gbk = "\208\161\213\242\190\211\195\241\212\218\201\238\210\185\192\239\181\196\201\250\187\238\163\172" ..
  "\188\199\213\223\215\223\183\195\193\203\188\184\188\210\187\185\193\193\215\197\181\198\181\196" ..
  "\208\161\181\234\161\163"
local big5 = "\187\79\198\87\170\186\185\66\176\202\173\251\192\242\177\111\164\70\170\247\181\80\161\67"

local dirty = "　全角ＡＢＣ１２３，\226\128\139不可见\t字符 &amp; 空格\255 结尾 "

-- Any value as text, table keys sorted, so equal results give equal strings.
local function dump(v, out)
  local t = type(v)
  if t == "table" then
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = k end
    table.sort(keys, function(a, b)
      if type(a) == type(b) and (type(a) == "string" or type(a) == "number") then return a < b end
      return type(a) < type(b)
    end)
    out[#out + 1] = "{"
    for _, k in ipairs(keys) do
      dump(k, out)
      out[#out + 1] = "="
      dump(v[k], out)
      out[#out + 1] = ","
    end
    out[#out + 1] = "}"
  elseif t == "string" then
    out[#out + 1] = ("%q"):format(v)
  else
    out[#out + 1] = tostring(v)
  end
  return out
end

local opts = { url = "https://news.example.com/2024/05/18/a.html", now = 1716177600 }

local function round()
  local r = {}
  r.cut = zt.cut(text)
  r.accurate = zt.cut(text, { mode = "accurate" })
  r.entities = zt.entities(text)
  r.traditional = zt.cut(text, { traditional = true })
  r.text = zt.article.parse(article_text, opts)
  r.html = zt.article.parse(article_html, opts)
  r.t2s = zt.convert(text, "t2s")
  r.s2twp = zt.convert(text, "s2twp")
  -- the function's name in the message is whichever package.loaded key Lua finds it under
  -- first (hash order, which differs per state): compare the reason only
  r.bad_config = select(2, pcall(zt.convert, text, "no-such-config")):gsub(" to '[^']*'", "")
  r.clean = zt.clean(dirty)
  r.clean_html = zt.clean(article_html, { html = true })
  r.decode_gbk = { zt.decode(gbk:rep(4)) }
  r.decode_big5 = { zt.decode(big5, "BIG5") }
  r.pos = zt.pos(text)
  r.sentences = zt.sentences(article_text)
  r.keywords = zt.keywords(text .. article_text, { top = 5 })
  r.textrank = zt.keywords(text .. article_text, { top = 5, method = "textrank" })
  r.simhash = ("%x"):format(zt.simhash(article_text))
  return table.concat(dump(r, {}))
end

local first = round()
for i = 2, rounds do
  local again = round()
  if again ~= first then error(("round %d differs from round 1"):format(i)) end
  collectgarbage()
end
return first
