--- zhtext: clean, segment and structure scraped Chinese articles.
-- The public module. Functions are thin wrappers over the C core (`zhtext.core`); feature
-- modules (`zhtext.text`, `zhtext.seg`, `zhtext.article`, ...) each add their part here.
-- @module zhtext

local M = {
  _VERSION = "zhtext " .. require("zhtext.core").version,
}

-- Each feature module exports a table of functions merged into `zhtext`; a feature that
-- needs its own namespace (zhtext.article) sets it as a field instead.
local function merge(mod)
  for k, v in pairs(mod) do
    assert(M[k] == nil, "zhtext: two features define " .. k)
    M[k] = v
  end
end

merge(require("zhtext.text"))
merge(require("zhtext.seg"))
merge(require("zhtext.simhash"))
M.article = require("zhtext.article")
M.sentences = require("zhtext.corpus").sentences
M.quality = require("zhtext.corpus").quality
M.pipeline = require("zhtext.pipeline").new
M.source = require("zhtext.sources")
M.sink = require("zhtext.sinks")
M.entities = require("zhtext.lac").entities

return M
