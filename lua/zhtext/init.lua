--- zhtext: clean, segment and structure scraped Chinese articles.
-- The public module: `local zt = require "zhtext"`. Functions are thin wrappers over the C core
-- (`zhtext.core`); the feature files (text.lua, seg.lua, simhash.lua) each add their part here,
-- and are documented below with it. `zt.article`, `zt.source`, `zt.sink` and `zt.pipeline`
-- lead to their own modules.
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
  --- "zhtext X.Y.Z", the release (also `zhtext --version`).
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
--- Article parsing: the `zhtext.article` module (`zt.article.parse`, `parse_date`, `to_json`).
-- @table article
M.article = require("zhtext.article")
--- Sentences of a text: `{{text=, start=, stop=}, ...}` (1-based byte offsets), see docs/sentences.md.
-- @function sentences
-- @tparam string text
-- @tparam[opt] table opts `{semicolon = true}` also splits after `；`
-- @treturn table
M.sentences = require("zhtext.corpus").sentences
--- Quality signals of a record or a text (see docs/quality.md).
-- @function quality
-- @tparam table|string record_or_text
-- @treturn table signals (`chars`, `cjk_ratio`, `dup_line_ratio`, ...)
M.quality = require("zhtext.corpus").quality
--- A new pipeline, optionally with a list of stages: `zhtext.pipeline.new`.
-- @function pipeline
-- @tparam[opt] table stages
-- @treturn Pipeline
M.pipeline = require("zhtext.pipeline").new
--- Pipeline sources: the `zhtext.sources` module (`zt.source.dir`, `files`, `jsonl`, `stdin`...).
-- @table source
M.source = require("zhtext.sources")
--- Pipeline sinks: the `zhtext.sinks` module (`zt.sink.jsonl`, `tsv`, `csv`, `collect`...).
-- @table sink
M.sink = require("zhtext.sinks")
--- Named entities (accurate mode): `zhtext.lac.entities`.
-- @function entities
-- @tparam string s
-- @tparam[opt] table opts
-- @treturn table `{{text=, type=, start=, stop=}, ...}`, or nil and a message
M.entities = require("zhtext.lac").entities

return M
