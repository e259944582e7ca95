-- Near-duplicate detection on real Chinese text: documents of 20 consecutive lines of the SIGHAN
-- 2005 test sets (../shared/data/sighan2005, read in place; skips when absent), each followed by
-- edited copies (n characters replaced, a headline and footer added, a paragraph dropped).
-- Reports, for the dedupe fingerprints (text bigrams, the default; word pairs; single words), how
-- many copies are caught within distance k and how many distinct documents are wrongly dropped.
--   lua5.4 tests/eval/eval_dedupe.lua [k=3]
local zt = require("zhtext")

local dir = os.getenv("ZHTEXT_SIGHAN_DIR") or "../shared/data/sighan2005"
local k = tonumber(arg[1] or "3")

local lines = {}
for _, name in ipairs { "pku_test.utf8", "msr_test.utf8" } do
  local f = io.open(dir .. "/" .. name, "rb")
  if not f then
    io.write("eval_dedupe: SKIP (", dir, "/", name, " not found)\n")
    os.exit(0)
  end
  for line in f:lines() do
    line = line:gsub("%s+$", "")
    if #line > 0 then lines[#lines + 1] = line end
  end
  f:close()
end

local docs = {}
for i = 1, #lines - 19, 20 do
  docs[#docs + 1] = table.concat(lines, "\n", i, i + 19)
end

local seed = 12345
local function rand(n)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % n + 1
end

local HAN = {}
for c in ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动"
    .. "同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自"
    .. "二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日"
    .. "那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变"
    .. "条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总"
    .. "次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指"
    .. "几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器"
    .. "压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安"
    .. "场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集"
    .. "温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连"
    .. "断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精"
    .. "值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属"
    .. "圆包火住调满县局照参红细引听该铁价严"):gmatch(utf8.charpattern) do
  HAN[#HAN + 1] = c
end

-- An edited copy: n characters replaced, a headline and footer added or a paragraph dropped.
local function edit(doc, n, kind)
  local chars = {}
  for c in doc:gmatch(utf8.charpattern) do chars[#chars + 1] = c end
  for _ = 1, n do chars[rand(#chars)] = HAN[rand(#HAN)] end
  local s = table.concat(chars)
  if kind == "frame" then
    s = "转载：" .. HAN[rand(#HAN)] .. HAN[rand(#HAN)] .. "新闻网\n" .. s .. "\n（责任编辑：" .. HAN[rand(#HAN)]
      .. HAN[rand(#HAN)] .. "）"
  elseif kind == "drop" then
    local ls = {}
    for l in (s .. "\n"):gmatch("(.-)\n") do ls[#ls + 1] = l end
    table.remove(ls, rand(#ls))
    s = table.concat(ls, "\n")
  end
  return s
end

local variants = {
  { name = "1 char", n = 1 }, { name = "3 chars", n = 3 }, { name = "10 chars", n = 10 },
  { name = "headline+footer", n = 0, kind = "frame" }, { name = "1 of 20 lines dropped", n = 0, kind = "drop" },
}

local methods = {
  { name = "characters", fp = function(s) return zt.simhash(s, { ngram = 1 }) end },
  { name = "text bigrams", fp = function(s) return zt.simhash(s) end },
  { name = "text 3-grams", fp = function(s) return zt.simhash(s, { ngram = 3 }) end },
  { name = "word pairs", fp = function(s) return zt.simhash(zt.cut(s), { ngram = 2 }) end },
  { name = "words", fp = function(s) return zt.simhash(zt.cut(s)) end },
}

io.write(("eval_dedupe: %d documents of 20 lines (%.0f characters on average) from SIGHAN 2005 PKU+MSR tests,"
  .. " k = %d\n"):format(#docs, #table.concat(docs) / 3 / #docs, k))
for _, m in ipairs(methods) do
  local fps = {}
  for i, d in ipairs(docs) do fps[i] = m.fp(d) end
  -- false positives: distinct documents within k of an earlier one
  local ix = zt.simhash_index { k = k }
  local fp_count = 0
  for i, fp in ipairs(fps) do
    if ix:check(fp, i) then fp_count = fp_count + 1 end
  end
  local row = {}
  for _, v in ipairs(variants) do
    local caught = 0
    for i, d in ipairs(docs) do
      if zt.hamming(fps[i], m.fp(edit(d, v.n, v.kind))) <= k then caught = caught + 1 end
    end
    row[#row + 1] = ("%s %.1f%%"):format(v.name, 100 * caught / #docs)
  end
  io.write(("eval_dedupe: %-12s copies caught: %s; distinct documents dropped: %d of %d (%.2f%%)\n"):format(
    m.name, table.concat(row, ", "), fp_count, #docs, 100 * fp_count / #docs))
end
