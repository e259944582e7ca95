-- Word-frequency table of a corpus: segments every page and prints "word<TAB>count<TAB>docs"
-- for the N most frequent words (Chinese words of two characters or more), most frequent first.
--
--   lua5.4 examples/word_frequency.lua pages/ [N=50] > freq.tsv
--   zhtext seg - < corpus.jsonl | ...            # the per-record part as a command
local zt = require("zhtext")

local dir, top = arg[1] or "pages", tonumber(arg[2]) or 50
local count, docs = {}, {}

local function is_word(w)
  local n = zt.utf8.len(w)
  return n and n >= 2 and zt.is_han(w)
end

local summary = zt.pipeline()
  :parse()
  :segment()
  :run(zt.source.dir(dir), zt.sink.callback(function(rec)
    local seen = {}
    for _, w in ipairs(rec.words) do
      if is_word(w) then
        count[w] = (count[w] or 0) + 1
        if not seen[w] then seen[w] = true; docs[w] = (docs[w] or 0) + 1 end
      end
    end
  end))

local words = {}
for w in pairs(count) do words[#words + 1] = w end
table.sort(words, function(a, b)
  if count[a] ~= count[b] then return count[a] > count[b] end
  return a < b
end)
io.write("word\tcount\tdocs\n")
for i = 1, math.min(top, #words) do
  io.write(words[i], "\t", count[words[i]], "\t", docs[words[i]], "\n")
end
io.stderr:write(require("zhtext.pipeline").format_summary(summary), "\n")
