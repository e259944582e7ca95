-- De-duplicate a corpus: keeps the first copy of every article and drops exact copies and near
-- copies (simhash of the article text within Hamming distance 3: reposts with another headline,
-- footer or a small edit). Unique records go to stdout as JSON Lines; each duplicate is listed on
-- stderr with the record it copies.
--
--   lua5.4 examples/dedupe_corpus.lua pages/ > unique.jsonl
--   zhtext run examples/dedupe_corpus.lua pages/ --jobs 4 > unique.jsonl   # fingerprints in parallel
local zt = require("zhtext")

local first_path = {}  -- record number -> path, to name the original of a duplicate
local n = 0

local p = zt.pipeline()
  :parse()
  :dedupe { k = 3, mark = true }
  :use(function(rec)
    n = n + 1
    first_path[n] = rec.path
    if rec.duplicate_of then
      io.stderr:write(("duplicate: %s copies %s\n"):format(tostring(rec.path), tostring(first_path[rec.duplicate_of])))
      return nil
    end
    return rec
  end, "report")

if ... == "zhtext.run" then return p end

local summary = p:run(zt.source.dir(arg[1] or "pages"), zt.sink.jsonl(io.stdout))
io.stderr:write(require("zhtext.pipeline").format_summary(summary), "\n")
