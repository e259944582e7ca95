--- Sentences and document quality signals: the functions (`zt.sentences`, `zt.quality`) and
-- their pipeline stages (`:sentences()`, `:quality{}`), registered by zhtext.pipeline.
-- See docs/sentences.md and docs/quality.md.
-- @module zhtext.corpus

local core = require("zhtext.core")
local check_opts = require("zhtext.options").check

local M = {}

--- Splits text into sentences.
-- @tparam string text
-- @tparam[opt] table opts `semicolon` (boolean: also split after ；)
-- @treturn table `{{text =, start =, stop =}, ...}`, 1-based inclusive byte offsets
M.sentences = core.sentences

-- The text a stage reads (the pipeline's rule: `field`, text, paragraphs, content).
local function text_of(rec, field)
  return require("zhtext.pipeline").text_of(rec, field)
end

--- Pipeline stage constructors (each returns `{name =, fn =}`).
M.stages = {}

--- Adds `sentences` to the record: a list of strings (with `spans = true`, the tables of
-- zt.sentences). Options: `field`, `semicolon`, `spans`.
function M.stages.sentences(opts)
  opts = check_opts("sentences", opts, { field = true, semicolon = true, spans = true })
  local so = { semicolon = opts.semicolon }
  core.sentences("", so) -- a bad option fails when the pipeline is built, not on every record
  local spans = opts.spans
  return { name = "sentences", fn = function(rec)
    local list = core.sentences(text_of(rec, opts.field), so)
    if not spans then
      for i, s in ipairs(list) do list[i] = s.text end
    end
    rec.sentences = list
    return rec
  end }
end

return M
