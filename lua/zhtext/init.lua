--- zhtext: clean, segment and structure scraped Chinese articles.
-- The public module. Functions are thin wrappers over the C core (`zhtext.core`); feature
-- modules (`zhtext.text`, `zhtext.seg`, `zhtext.article`, ...) each add their part here.
-- @module zhtext

-- The release, as in rockspec/zhtext-<version>-1.rockspec (a spec checks they agree); the C
-- module carries the same number, so a stale core.so from another release is caught here.
local VERSION = "0.2.0"
local core_version = require("zhtext.core").version
if core_version ~= VERSION then
  error(("zhtext %s found zhtext.core %s: a core module from another build is on package.cpath")
    :format(VERSION, tostring(core_version)), 2)
end

local M = {
  _VERSION = "zhtext " .. VERSION,
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
M.pipeline = require("zhtext.pipeline").new
M.source = require("zhtext.sources")
M.sink = require("zhtext.sinks")
M.entities = require("zhtext.lac").entities

return M
