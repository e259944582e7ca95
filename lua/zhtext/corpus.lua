--- Sentences and document quality signals: the functions (`zt.sentences`, `zt.quality`) and
-- their pipeline stages (`:sentences()`, `:quality{}`), registered by zhtext.pipeline.
-- See docs/sentences.md and docs/quality.md.
-- @module zhtext.corpus

local mtype = require("zhtext.compat").mtype -- Lua 5.1/LuaJIT: zhtext.compat
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

--- Quality signals of a record (its text, else paragraphs, else content; plus has_title and
-- has_date) or of a string. See docs/quality.md for each signal.
-- @treturn table `{chars =, lines =, sentences =, cjk_ratio =, latin_ratio =, punct_ratio =,
--   digit_ratio =, dup_line_ratio =, dup_ngram_ratio =, boilerplate_ratio =,
--   mean_sentence_chars =, mean_line_chars =, max_line_chars =, bullet_line_ratio =,
--   ellipsis_line_ratio =, has_title =, has_date =}`
M.quality = core.quality

--- The bounds `:quality{}` and `zhtext run --quality` use unless told otherwise: tuned so that
-- Chinese news articles pass and navigation, list, repeated-line and non-Chinese pages do not.
M.quality_defaults = {
  min = { chars = 20, cjk_ratio = 0.3, mean_sentence_chars = 8, mean_line_chars = 12 },
  max = { dup_line_ratio = 0.3, dup_ngram_ratio = 0.5, boilerplate_ratio = 0.6, punct_ratio = 0.3,
    digit_ratio = 0.3, bullet_line_ratio = 0.9, ellipsis_line_ratio = 0.3 },
}

local SIGNALS = {
  chars = true, lines = true, sentences = true, cjk_ratio = true, latin_ratio = true, punct_ratio = true,
  digit_ratio = true, dup_line_ratio = true, dup_ngram_ratio = true, boilerplate_ratio = true,
  mean_sentence_chars = true, mean_line_chars = true, max_line_chars = true, bullet_line_ratio = true,
  ellipsis_line_ratio = true, has_title = true, has_date = true,
}
M.quality_signals = SIGNALS

-- The defaults with the caller's bounds over them; `false` removes a default bound.
local function bounds(which, given)
  local out = {}
  for k, v in pairs(M.quality_defaults[which]) do out[k] = v end
  if given == nil then return out end
  if type(given) ~= "table" then error(("bad option '%s' to 'quality' (table expected)"):format(which), 4) end
  for k, v in pairs(given) do
    if not SIGNALS[k] then
      error(("bad option '%s' to 'quality' (unknown signal '%s')"):format(which, tostring(k)), 4)
    end
    if v == false then out[k] = nil
    elseif type(v) == "boolean" and (k == "has_title" or k == "has_date") then out[k] = v
    elseif type(v) ~= "number" then
      error(("bad option '%s' to 'quality' (%s: number expected, got %s)"):format(which, k, type(v)), 4)
    else out[k] = v end
  end
  return out
end

-- The reasons a record's signals are outside the bounds ({} when inside).
local function reasons(q, min, max)
  local out = {}
  for k, v in pairs(min) do
    local x = q[k]
    if type(v) == "boolean" then
      if v and not x then out[#out + 1] = k .. " is false" end
    elseif x < v then
      out[#out + 1] = ("%s %s < %s"):format(k, mtype(x) == "integer" and x or ("%.3g"):format(x), v)
    end
  end
  for k, v in pairs(max) do
    local x = q[k]
    if type(v) ~= "boolean" and x > v then
      out[#out + 1] = ("%s %s > %s"):format(k, mtype(x) == "integer" and x or ("%.3g"):format(x), v)
    end
  end
  table.sort(out)
  return out
end
M.quality_reasons = reasons

--- Adds `quality` (the signals) to the record and drops it when a signal is outside the bounds
-- (`min`, `max`: tables of signal = bound, merged over quality_defaults; `false` removes a
-- default). With `mark = true` such records are kept, with `quality_reasons` (a list of
-- strings such as "cjk_ratio 0.12 < 0.3"). `signals = false` leaves `quality` out.
function M.stages.quality(opts)
  opts = check_opts("quality", opts, { min = true, max = true, mark = true, signals = true })
  local min, max = bounds("min", opts.min), bounds("max", opts.max)
  local mark, keep = opts.mark, opts.signals ~= false
  return { name = "quality", fn = function(rec)
    local q = core.quality(rec)
    local why = reasons(q, min, max)
    if keep then rec.quality = q end
    if #why > 0 then
      if not mark then return nil end
      rec.quality_reasons = why
    end
    return rec
  end }
end

return M
