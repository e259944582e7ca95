-- Clean and parse a directory of scraped pages (HTML or text, any encoding) into JSON Lines:
-- one article record per page (title, date, source, authors, editors, paragraphs...), plus its path.
--
--   lua5.4 examples/parse_dir.lua pages/ > articles.jsonl
--   zhtext run examples/parse_dir.lua pages/ --jobs 4 > articles.jsonl    # the same, in parallel
local zt = require("zhtext")

-- zt.clean on every text field of the article (full-width letters, spaces, punctuation style).
local function clean_fields(rec)
  for k, v in pairs(rec) do
    if type(v) == "string" and k ~= "path" and k ~= "url" then
      rec[k] = zt.clean(v)
    elseif type(v) == "table" then
      for i, s in ipairs(v) do
        if type(s) == "string" then v[i] = zt.clean(s) end
      end
    end
  end
  return rec
end

local p = zt.pipeline():decode():parse():map(clean_fields, "clean")

if ... == "zhtext.run" then return p end -- loaded by `zhtext run`

local dir = arg[1] or "pages"
local summary = p:run(zt.source.dir(dir, { glob = "*.{html,htm,shtml,txt}" }), zt.sink.jsonl(io.stdout))
io.stderr:write(require("zhtext.pipeline").format_summary(summary), "\n")
os.exit(summary.failed == 0 and 0 or 1)
