-- Domain terms: segment a corpus with a user dictionary, so that terms the general dictionary
-- splits ("口袋公园" → 口袋/公园) come out whole, and list each article's terms with their counts.
-- The terms are the list below, or a jieba-format user dictionary file ("word [freq] [tag]" per
-- line) given as the second argument.
--
--   lua5.4 examples/user_dict.lua pages/ [userdict.txt] > terms.jsonl
--   zhtext run examples/user_dict.lua pages/ --jobs 2       # each worker loads the terms too
local zt = require("zhtext")

local TERMS = { "口袋公园", "亲子阅读", "借阅证", "电子阅览室", "健康跑", "寒潮蓝色预警", "大棚蔬菜" }

local args = (... == "zhtext.run") and {} or arg
if args[2] then
  assert(zt.load_userdict(args[2]))
else
  for _, t in ipairs(TERMS) do zt.add_word(t, nil, "n") end
end
local is_term = {}
for _, t in ipairs(TERMS) do is_term[t] = true end

-- The stage: count the terms among the record's words, keep {term, count} pairs, drop the words.
local function terms(rec)
  local count, list = {}, {}
  for _, w in ipairs(rec.words) do
    if is_term[w] then count[w] = (count[w] or 0) + 1 end
  end
  for t, n in pairs(count) do list[#list + 1] = { t, n } end
  table.sort(list, function(a, b) return a[2] > b[2] or (a[2] == b[2] and a[1] < b[1]) end)
  rec.terms, rec.words = list, nil
  return rec
end

local p = zt.pipeline():parse():segment():map(terms, "terms")

if ... == "zhtext.run" then return p end

local out = zt.sink.jsonl(io.stdout, { fields = { "path", "title", "terms" } })
local summary = p:run(zt.source.dir(arg[1] or "pages"), out)
io.stderr:write(require("zhtext.pipeline").format_summary(summary), "\n")
