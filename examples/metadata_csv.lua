-- Article metadata to CSV: one row per page with its path, title, date, source, authors and
-- editors (lists joined by spaces), ready for a spreadsheet.
--
--   lua5.4 examples/metadata_csv.lua pages/ > metadata.csv
local zt = require("zhtext")

local dir = arg[1] or "pages"
local fields = { "path", "title", "date", "source", "authors", "editors" }

local summary = zt.pipeline()
  :parse()
  :run(zt.source.dir(dir), zt.sink.csv(io.stdout, fields))

io.stderr:write(require("zhtext.pipeline").format_summary(summary), "\n")
os.exit(summary.failed == 0 and 0 or 1)
