--- Pipelines: chains of stages over records.
--
--    local zt = require "zhtext"
--    local summary = zt.pipeline():parse():segment{pos = true}:keywords{top = 10}:dedupe()
--      :run(zt.source.dir("pages"), zt.sink.jsonl(io.stdout))
--
-- A record is a Lua table (a page: `{path = ..., text = ...}`, or a JSON Lines object); a stage
-- is a function `record -> record | nil` (nil drops the record). Built-in stages are methods
-- (`clean`, `decode`, `parse`, `segment`, `keywords`, `dedupe`, `filter`, `map`) and any function
-- can be added with `:use(fn [, name])` (or `:map`). Each method adds a stage and returns the
-- pipeline. A stage that raises an error fails that record: it is reported (file, line or
-- record number, stage, message) and skipped; `run` returns a summary where
-- `input == output + dropped + failed`.
-- @module zhtext.pipeline

local compat = require("zhtext.compat") -- Lua 5.1/LuaJIT: zhtext.compat
local mtype = compat.mtype
local M = {}

local function zt() return require("zhtext") end

local Pipeline = {}
Pipeline.__index = Pipeline

local options = require("zhtext.options")
local check_opts = options.check

-- Splits opts into the stage's own keys and the rest (passed to the library function).
local function split_opts(opts, own)
  local mine, rest = {}, nil
  for k, v in pairs(opts or {}) do
    if own[k] then mine[k] = v else rest = rest or {}; rest[k] = v end
  end
  return mine, rest
end

local function need(name)
  local f = zt()
  local v = f
  for part in name:gmatch("[^.]+") do
    v = type(v) == "table" and v[part] or nil
  end
  if v == nil then error(("zt.%s is not available in this build"):format(name), 0) end
  return v
end

local function text_of(rec, field)
  local s = rec[field]
  if type(s) ~= "string" then
    error(("no text: field '%s' is %s"):format(field, s == nil and "missing" or type(s)), 0)
  end
  return s
end

--- Built-in stage constructors: each returns a stage `{name = ..., fn = record -> record|nil}`.
M.stages = {}

--- Decodes `text` to UTF-8 when it is not valid UTF-8 (GBK, Big5...; see zt.decode).
function M.stages.decode(opts)
  local own = split_opts(check_opts("decode", opts, { field = "string", encoding = "string" }), { field = true })
  local field = own.field or "text"
  local enc = opts and opts.encoding
  return { name = "decode", fn = function(rec)
    local s = text_of(rec, field)
    local z = zt()
    if enc or not z.utf8.valid(s) then
      local out, used = need("decode")(s, enc)
      if not out then error(used or "cannot decode", 0) end
      rec[field] = out
      rec._encoding = used -- what the bytes were: parse reports it as `encoding`
    end
    return rec
  end }
end

-- What a library function said was wrong with its arguments: "bad argument #2 to 'clean'
-- (unknown option 'x')" -> "unknown option 'x'" (the stage names itself instead).
local function reason(e)
  local msg = options.message(e)
  return msg:match("^bad argument #?%d* ?to '[^']*' %((.*)%)$") or msg
end

--- Cleans `text` with zt.clean; options are zt.clean's (plus `field`).
function M.stages.clean(opts)
  local own, copts = split_opts(opts, { field = true })
  local field = own.field or "text"
  local clean = need("clean")
  local ok, e = pcall(clean, "", copts) -- bad options fail the stage now, not every record later
  if not ok then error(("bad argument to 'clean' (%s)"):format(reason(e)), 3) end
  return { name = "clean", fn = function(rec)
    local out, err = clean(text_of(rec, field), copts)
    if not out then error(err, 0) end
    rec[field] = out
    return rec
  end }
end

-- Strong signs of an HTML document near its start (zt_html_detect's, for the C parser).
local HTML_SIGNS = { "<html", "<!doctype", "<head", "<body", "<meta", "<title" }

--- True when a record's input is HTML: it came from an `html` field of JSON Lines, its `path`
-- ends in .html/.htm (also .xhtml, .shtml), or a document's own tags appear in its first 4 KiB.
function M.looks_html(rec, s)
  if rec._html then return true end
  local p = type(rec.path) == "string" and rec.path:lower() or ""
  if p:match("%.x?html?$") or p:match("%.shtml$") then return true end
  if type(s) ~= "string" then return false end
  local head = s:sub(1, 4096):lower()
  for _, sign in ipairs(HTML_SIGNS) do
    if head:find(sign, 1, true) then return true end
  end
  return false
end

local PARSE_OPTS = {
  field = "string", now = "number|string", url = "string", explain = "boolean",
  mode = { "auto", "text", "html" }, html_only = "boolean",
  clean = function(v)
    if type(v) ~= "table" and v ~= false then return "a table of cleaning options or false expected" end
  end,
}

--- Parses the page in `text` (HTML or plain text) with zt.article.parse; its fields are added
-- to the record, which loses the input field. Fields the record already carries (id, url,
-- path...) are kept unchanged. Options are zt.article.parse's (`clean`, `now`, `url`, `explain`,
-- `mode`), plus `field` and `html_only` (parse only records whose input is HTML, see
-- looks_html, and pass the others on unchanged). Input that came from an `html` field is
-- parsed as HTML; a file the source decoded keeps its original `encoding` (e.g. GB18030).
function M.stages.parse(opts)
  check_opts("parse", opts, PARSE_OPTS)
  if type(opts) == "table" and type(opts.clean) == "table" then
    local ok, e = pcall(need("clean"), "", opts.clean)
    if not ok then error(("bad argument to 'parse' (option 'clean': %s)"):format(reason(e)), 3) end
  end
  local own, popts = split_opts(opts, { field = true, html_only = true })
  local field = own.field
  local parse
  return { name = "parse", fn = function(rec)
    parse = parse or need("article.parse")
    local f = field or (rec.text ~= nil and "text") or (rec.html ~= nil and "html") or "text"
    local input = text_of(rec, f)
    local html = rec._html or f == "html"
    if own.html_only then
      if not M.looks_html(rec, input) then return rec end
      html = true
    end
    local o = popts
    local mode = html and not (popts and popts.mode) and "html" or nil
    if mode or (type(rec.url) == "string" and not (popts and popts.url)) then
      -- the page's URL, when the record carries one, gives the article its domain; input
      -- that came as HTML is parsed as HTML even when it is a fragment without <html>
      o = { url = type(rec.url) == "string" and rec.url or nil, mode = mode }
      for k, v in pairs(popts or {}) do o[k] = v end
    end
    local art, err = parse(input, o)
    if not art then error(err or "cannot parse", 0) end
    -- the source decoded the file before it reached parse: the article says what it was
    if rec._encoding and art.encoding == "UTF-8" then art.encoding = rec._encoding end
    if own.html_only and #art.paragraphs == 0 then
      rec._visible = need("clean")(input, { html = true })
    end
    rec[f] = nil
    for k, v in pairs(art) do
      if rec[k] == nil then rec[k] = v end
    end
    return rec
  end }
end

--- The text a record's analysis stages read: `opts.field`, else `text`, else the article's
-- `paragraphs` joined by newlines (an html_only parse without a body: the page's visible
-- text), else `content`.
-- The paragraphs are joined once per record, not once per stage (segment, keywords, dedupe):
-- the join is kept in `_joined` (internal: never written out) with the table it was made from
-- and its length, so a stage that replaces or extends the paragraphs gets a new join.
local concat = table.concat
local function analysis_text(rec, field)
  if field then return text_of(rec, field) end
  local s = rec.text
  if type(s) == "string" then return s end
  local paras = rec.paragraphs
  if type(paras) == "table" and #paras == 0 and type(rec._visible) == "string" then
    -- an HTML page parsed only to reach its text (html_only) found no body: its words are
    -- those of all its visible text, not none (`zhtext seg stub.html` must not drop it)
    return rec._visible
  end
  if type(paras) == "table" then
    local j = rec._joined
    if j and j[1] == paras and j[2] == #paras then return j[3] end
    s = concat(paras, "\n")
    rec._joined = { paras, #paras, s }
    return s
  end
  s = rec.content
  if type(s) ~= "string" then error("no text: the record has no 'text' or 'paragraphs'", 0) end
  return s
end
M.text_of = analysis_text

local CUT_MODES = { "precise", "full", "search", "accurate" }
local SEGMENT_OPTS = {
  field = "string", pos = "boolean", mode = CUT_MODES, hmm = "boolean", normalize = "boolean",
  traditional = "boolean", ascii = { "jieba", "merge" },
}

--- Segments the text into `words` (and `pos`, a parallel list of tags, with `pos = true`).
-- Other options go to zt.cut / zt.pos (`mode`, `hmm`, `normalize`, `traditional`, `ascii`);
-- all are checked when the stage is made.
function M.stages.segment(opts)
  check_opts("segment", opts, SEGMENT_OPTS)
  if opts and opts.pos and opts.mode and opts.mode ~= "precise" and opts.mode ~= "accurate" then
    error(("bad argument to 'segment' (option 'mode': with pos, 'precise' or 'accurate', got '%s')")
      :format(opts.mode), 3)
  end
  local own, sopts = split_opts(opts, { field = true, pos = true })
  local pos = own.pos
  local cut
  local st = { name = "segment" }
  st.fn = function(rec)
    local s = analysis_text(rec, own.field)
    if pos then
      local words, tags = need("pos")(s, sopts)
      if tags == nil and type(words) == "table" and type(words[1]) == "table" then
        -- {{word, tag}, ...} or {{word = w, pos = t}, ...}
        local w, t = {}, {}
        for i, p in ipairs(words) do
          w[i] = p[1] or p.word
          t[i] = p[2] or p.pos or p.tag or p.flag
        end
        words, tags = w, t
      end
      rec.words, rec.pos = words, tags
    else
      cut = cut or need("cut")
      rec.words = cut(s, sopts)
    end
    return rec
  end
  -- Followed by a plain keywords stage (see fused_fns): the words and their TF-IDF keywords from
  -- one call, the keywords left in `_kw` (with the words they are of) for that stage to take.
  st.fuse = { fn = st.fn, make = function(top)
    local seg = require("zhtext.seg")
    if pos or need("cut") ~= seg.cut or not seg._plain_cut_opts(sopts) then return nil end
    local cut_keywords = seg._cut_keywords
    return function(rec)
      local words, kws = cut_keywords(analysis_text(rec, own.field), sopts, top)
      rec.words = words
      rec._kw = { words, kws }
      return rec
    end
  end }
  return st
end

local function non_negative(v)
  if mtype(v) ~= "integer" or v < 0 then return ("a non-negative integer expected, got %s"):format(tostring(v)) end
end
local KEYWORDS_OPTS = {
  field = "string", top = non_negative, method = { "tfidf", "textrank" }, allow_pos = "table",
  stop_words = "boolean|table", hmm = "boolean",
}

--- Adds `keywords`, a list of {word, weight} (options: top = 10, method, allow_pos; see zt.keywords),
-- from the words of an earlier `segment` stage when there is one, else from the text.
-- A page's own meta keywords (a list of strings from `parse`) move to `meta_keywords`.
-- `hmm = false` segments the text without the HMM (as `segment{hmm = false}`). Options are
-- checked when the stage is made.
function M.stages.keywords(opts)
  check_opts("keywords", opts, KEYWORDS_OPTS)
  local own, kopts = split_opts(opts, { field = true, hmm = true })
  kopts = kopts or {}
  if kopts.top == nil then kopts.top = 10 end
  -- plain TF-IDF over the words of a segment stage: straight to C (zhtext.seg._tfidf_words)
  local plain = kopts.allow_pos == nil and kopts.method ~= "textrank" and kopts.stop_words == nil
    and own.field == nil
  local tfidf_words
  return { name = "keywords", fuse_top = plain and kopts.top or nil, fn = function(rec)
    local prev = rec.keywords
    if type(prev) == "table" and type(prev[1]) == "string" then
      rec.meta_keywords = prev -- the page's own <meta> keywords, from parse
    end
    -- Words from an earlier segment stage are reused rather than segmented again; allow_pos
    -- and textrank need their tags.
    local words = rec.words
    local fused = rec._kw
    if fused ~= nil then rec._kw = nil end
    if plain and type(words) == "table" and type(words[1]) == "string" then
      if fused and fused[1] == words then
        rec.keywords = fused[2] -- the segment stage just before counted them (fused_fns)
        return rec
      end
      tfidf_words = tfidf_words or require("zhtext.seg")._tfidf_words
      rec.keywords = tfidf_words(words, kopts.top)
      return rec
    end
    local input
    if own.field == nil and type(rec.words) == "table" then
      if kopts.allow_pos == nil and kopts.method ~= "textrank" then
        input = rec.words
      elseif type(rec.pos) == "table" then
        input = {}
        for i, w in ipairs(rec.words) do input[i] = { w, rec.pos[i] } end
      end
    end
    if not input and own.hmm == false then
      -- words without the HMM, as `segment{hmm = false}` would give (with tags when needed)
      local tagged = kopts.allow_pos ~= nil or kopts.method == "textrank"
      input = need(tagged and "pos" or "cut")(analysis_text(rec, own.field), { hmm = false })
    end
    rec.keywords = need("keywords")(input or analysis_text(rec, own.field), kopts)
    return rec
  end }
end

local WORD_PAIRS = { ngram = 2 }

--- Drops exact and near duplicates of records already seen (the first copy is kept).
-- Options: `k` (Hamming distance, default 3; 0..63), `by` ("text": the text's character
-- bigrams, the default; "words": pairs of consecutive words from `segment`; "keywords": the
-- weighted keywords), `exact` (drop
-- identical texts, default true), `mark` (keep duplicates, setting `duplicate_of` to the record
-- number of the first copy), `fingerprint` (store the simhash as a hex string in `simhash`),
-- `field` (the text field). Runs in the parent process under `--jobs`. Records without text
-- (empty, or only spaces and punctuation) pass untouched.
function M.stages.dedupe(opts)
  opts = check_opts("dedupe", opts, { k = true, by = true, exact = "boolean", mark = "boolean",
    fingerprint = "boolean", field = "string" })
  local k = opts.k or 3
  if mtype(k) ~= "integer" or k < 0 or k > 63 then
    error("bad option 'k' to 'dedupe' (integer 0..63 expected)", 3)
  end
  local by = opts.by or "text"
  if not ({ text = true, words = true, keywords = true })[by] then
    error(("bad option 'by' to 'dedupe' ('%s')"):format(tostring(by)), 3)
  end
  local exact = opts.exact ~= false
  local index, seen, count
  local simhash, hash64 = need("simhash"), need("hash64")
  -- both from one pass over the text, when they are the core's own
  local core = require("zhtext.core")
  local both = simhash == core.simhash and hash64 == core.hash64 and core.simhash_hash64 or nil
  local function reset()
    index = need("simhash_index") { k = k }
    seen, count = {}, 0
  end
  reset()
  -- the part that can run in a worker: fingerprint and exact hash of the record
  local function prep(rec)
    local s = analysis_text(rec, opts.field)
    local fp
    if by == "words" then
      if type(rec.words) ~= "table" then error("no words: run segment before dedupe{by='words'}", 0) end
      fp = simhash(rec.words, WORD_PAIRS)
    elseif by == "keywords" then
      if type(rec.keywords) ~= "table" then error("no keywords: run keywords before dedupe{by='keywords'}", 0) end
      fp = simhash(rec.keywords)
    elseif exact and both then
      return both(s)
    else
      fp = simhash(s)
    end
    return fp, exact and hash64(s) or 0
  end
  -- the part that must see every record in order: returns nil (new) or the first copy's number
  local function check(fp, h)
    count = count + 1
    -- no text to compare (an empty page, only punctuation): never a duplicate, never an original
    if compat.is_zero64(fp) then return nil end
    if exact then
      local first = seen[h]
      if first then return first end
    end
    local first = index:check(fp, count)
    if first then return first end
    if exact then seen[h] = count end
    return nil
  end
  local function decide(rec, fp, h)
    local first = check(fp, h)
    if opts.fingerprint then rec.simhash = compat.hex64(fp) end
    if first then
      if opts.mark then rec.duplicate_of = first; return rec end
      return nil
    end
    return rec
  end
  return {
    name = "dedupe",
    global = true,
    prep = prep,
    check = check,
    decide = decide,
    reset = reset,
    fn = function(rec)
      local fp, h = prep(rec)
      return decide(rec, fp, h)
    end,
  }
end

--- Keeps the records for which pred(record) is true.
function M.stages.filter(pred)
  if type(pred) ~= "function" then error("bad argument #1 to 'filter' (function expected)", 3) end
  return { name = "filter", fn = function(rec)
    if pred(rec) then return rec end
    return nil
  end }
end

--- Replaces each record by fn(record) (nil drops it).
function M.stages.map(fn, name)
  if type(fn) ~= "function" then error("bad argument #1 to 'map' (function expected)", 3) end
  return { name = name or "map", fn = fn }
end

--- A new pipeline, optionally from a list of stages (functions or stage tables).
function M.new(stages)
  local p = setmetatable({ stages = {} }, Pipeline)
  for _, s in ipairs(stages or {}) do p:use(s) end
  return p
end

--- Adds a stage: a function `record -> record|nil` (named `name`, default "stage N"),
-- or a stage table `{name = ..., fn = ...}`.
function Pipeline:use(stage, name)
  if type(stage) == "function" then
    stage = { name = name or ("stage " .. (#self.stages + 1)), fn = stage }
  elseif type(stage) ~= "table" or type(stage.fn) ~= "function" then
    error("bad argument #1 to 'use' (function or stage expected)", 2)
  elseif name then
    stage.name = name
  end
  self.stages[#self.stages + 1] = stage
  return self
end
Pipeline.add = Pipeline.use

for name, ctor in pairs(require("zhtext.corpus").stages) do M.stages[name] = ctor end

-- A stage method: a constructor's error (bad options) is raised at the caller's line, without
-- the position inside this file that it would otherwise carry.
local function method(ctor)
  return function(self, ...)
    local ok, st = pcall(ctor, ...)
    if not ok then error(options.message(st), 2) end
    return self:use(st)
  end
end

for name, ctor in pairs(M.stages) do
  Pipeline[name] = method(ctor)
end

--- Registers a stage constructor under a name, as a pipeline method (for plugins and scripts).
function M.register(name, ctor)
  if Pipeline[name] then error(("a stage or method named '%s' exists"):format(name), 2) end
  M.stages[name] = ctor
  Pipeline[name] = method(ctor)
end

--- The names of the stages, in order.
function Pipeline:names()
  local out = {}
  for i, s in ipairs(self.stages) do out[i] = s.name end
  return out
end

--- Runs the stages from..to over one record. Returns the record (or nil when dropped);
-- on error returns nil, message, stage name.
function Pipeline:process(rec, from, to)
  local stages = self.stages
  local cur = from or 1
  local last = to or #stages
  local ok, res = pcall(function()
    local r = rec
    while cur <= last do
      r = stages[cur].fn(r)
      if r == nil then return nil end
      cur = cur + 1
    end
    return r
  end)
  if ok then return res end
  return nil, tostring(res), stages[cur] and stages[cur].name or "?"
end

-- An id as a failure names it: numbers as written, plain strings bare, others quoted (JSON), and
-- none longer than 80 bytes.
local function id_text(id)
  if mtype(id) == "float" and id == math.floor(id) and math.abs(id) < 2 ^ 53 then
    id = compat.tointeger(id)
  end
  local s = tostring(id)
  if type(id) == "string" and not s:match("^[%w%._/:#@+-]+$") then
    local ok, js = pcall(require("cjson").encode, s)
    s = ok and js or ("%q"):format(s)
  end
  if #s > 80 then s = s:sub(1, 77) .. "..." end
  return s
end

--- Formats a failure for a human: "file:line (id X): record N: stage S: message"; the id is the
-- record's own (JSON Lines `id`), when it has one, so that a failure can be found under any split
-- of the input, not only by its position in one part.
function M.format_error(e)
  local where = e.file or "?"
  if e.line then where = where .. ":" .. e.line end
  if e.id ~= nil and (type(e.id) == "string" or type(e.id) == "number") then
    where = where .. " (id " .. id_text(e.id) .. ")"
  end
  return ("%s: record %d: stage %s: %s"):format(where, e.n or 0, e.stage or "?", options.message(e.message or "?"))
end

local function new_summary()
  return { input = 0, output = 0, dropped = 0, failed = 0, bytes = 0, dropped_by = {}, failed_by = {},
    errors = {}, started = os.time(), clock = os.clock() }
end
M.new_summary = new_summary

local MAX_KEPT_ERRORS = 100

-- Records a failure in the summary and reports it.
local function fail(summary, report, e)
  summary.failed = summary.failed + 1
  summary.failed_by[e.stage] = (summary.failed_by[e.stage] or 0) + 1
  if #summary.errors < MAX_KEPT_ERRORS then summary.errors[#summary.errors + 1] = e end
  if report then report(e) end
end
M.fail = fail

local function reporter(errors)
  if errors == false then return nil end
  if errors == nil then errors = io.stderr end
  if type(errors) == "function" then return errors end
  if io.type(errors) == "file" then
    return function(e) errors:write("zhtext: ", M.format_error(e), "\n") end
  end
  error("bad option 'errors' (function, file handle or false expected)", 3)
end
M.reporter = reporter

local function as_sink(sink)
  if type(sink) == "function" then return { write = sink } end
  if type(sink) == "table" and type(sink.write) == "function" then return sink end
  error("bad argument #2 to 'run' (sink expected: a table with write() or a function)", 3)
end

-- The functions of stages 1..n for one run: each stage's fn, but a segment stage directly
-- followed by a plain TF-IDF keywords stage runs a fused function (words and keywords from one
-- call, the same values; the keywords stage takes them from the record). Only stages whose fn
-- is still their own are fused (a wrapped stage, say one timed, runs as it is).
local function fused_fns(stages, n)
  local fns = {}
  for i = 1, n do fns[i] = stages[i].fn end
  for i = 1, n - 1 do
    local f, nx = stages[i].fuse, stages[i + 1]
    if f and f.fn == stages[i].fn and nx.fuse_top then
      fns[i] = f.make(nx.fuse_top) or fns[i]
    end
  end
  return fns
end

--- Runs the pipeline over a source into a sink.
-- Options: `errors` (where failures are reported: a file handle, default io.stderr, a function
-- receiving `{file, line, n, stage, message, id}`, or false), `progress` (function(summary, meta,
-- result, stage) called after every record; result is "output", "dropped" or "failed"), `to`
-- (run only stages 1..to; used by the parallel runner), `emit`
-- (function(record, summary, meta) replacing sink.write; used by the parallel runner), `offset`
-- (added to record numbers in failure reports), `prime` (fingerprints of records seen before,
-- for dedupe; see M.prime), `batch` (N > 1: read N records, run each stage over all of them,
-- then settle them in order — the same output, failures and counts, faster when stages are
-- heavy, since each stage's code and data stay in the caches; only for stages that keep no
-- state across records other than dedupe's).
-- Returns the summary: `input`, `output`, `dropped`, `failed`, `bytes`, `dropped_by[stage]`,
-- `failed_by[stage]`, `errors` (the first 100 failures) and `seconds`.
function Pipeline:run(source, sink, opts)
  opts = check_opts("run", opts, { errors = true, progress = true, to = true, emit = true, offset = true,
    prime = true, batch = true })
  local offset = opts.offset or 0
  if type(source) ~= "function" then error("bad argument #1 to 'run' (source expected: an iterator function)", 2) end
  local out = opts.emit or as_sink(sink).write
  local report = reporter(opts.errors)
  local progress = opts.progress
  local summary = new_summary()
  local stages = self.stages
  local nst = opts.to or #stages
  for i = 1, nst do
    if stages[i].reset then stages[i].reset() end -- dedupe: each run starts with nothing seen
  end
  M.prime(self, opts.prime)
  local cur = 1
  local rec
  local fns = fused_fns(stages, nst)
  local function apply()
    local r = rec
    cur = 1
    while cur <= nst do
      r = fns[cur](r)
      if r == nil then return nil end
      cur = cur + 1
    end
    return r
  end
  -- a record's fate, accounted in input order: "output", "dropped" or "failed" at stage st
  local function settle(r, meta, res, result, st, message)
    summary.input = summary.input + 1
    summary.bytes = summary.bytes + (meta.bytes or 0)
    if result == "failed" then
      fail(summary, report, { file = meta.file or (r and r.path), line = meta.line, n = offset + summary.input,
        stage = st, message = message, id = meta.id or (type(r) == "table" and r.id or nil) })
    elseif result == "dropped" then
      summary.dropped = summary.dropped + 1
      summary.dropped_by[st] = (summary.dropped_by[st] or 0) + 1
    else
      out(res, summary, meta)
      summary.output = summary.output + 1
    end
    -- the record's fate ("output", "dropped", "failed") and stage, for the parallel runner
    if progress then progress(summary, meta, result, st) end
  end
  local batch = opts.batch or 1
  if batch > 1 then
    -- Stage by stage over a few records at a time: each stage's code and data (the parser's,
    -- the dictionary's) stay in the caches for the whole batch instead of being evicted by the
    -- other stages at every record. Fates are settled in input order, as one at a time would.
    local rs, metas, cur_rec, fate, why = {}, {}, {}, {}, {}
    local nxt, done = source, false
    while not done do
      local m = 0
      while m < batch do
        local r, meta = nxt()
        if r == nil then done = true; break end
        m = m + 1
        rs[m], metas[m] = r, meta or {}
        if r == false then
          cur_rec[m], fate[m], why[m] = nil, metas[m].stage or "read", metas[m].error or "unreadable input"
        else
          cur_rec[m], fate[m], why[m] = r, nil, nil
        end
      end
      for k = 1, nst do
        local fn = fns[k]
        for i = 1, m do
          local r = cur_rec[i]
          if r then
            local ok, res = pcall(fn, r)
            if not ok then cur_rec[i], fate[i], why[i] = nil, stages[k].name, tostring(res)
            elseif res == nil then cur_rec[i], fate[i], why[i] = nil, stages[k].name, false
            else cur_rec[i] = res end
          end
        end
      end
      for i = 1, m do
        local r = cur_rec[i]
        if r then settle(rs[i], metas[i], r, "output")
        elseif why[i] == false then settle(rs[i], metas[i], nil, "dropped", fate[i])
        else settle(rs[i] or nil, metas[i], nil, "failed", fate[i], why[i]) end
        rs[i], metas[i], cur_rec[i] = nil, nil, nil
      end
    end
  else
    for r, meta in source do
      meta = meta or {}
      if r == false then
        -- a source may name the stage of its failure ("worker": the record that crashed one)
        settle(nil, meta, nil, "failed", meta.stage or "read", meta.error or "unreadable input")
      else
        rec = r
        local ok, res = pcall(apply)
        local st = stages[cur] and stages[cur].name or "?"
        if not ok then settle(r, meta, nil, "failed", st, tostring(res))
        elseif res == nil then settle(r, meta, nil, "dropped", st)
        else settle(r, meta, res, "output") end
      end
    end
  end
  if not opts.emit and type(sink) == "table" and sink.close then sink.close() end
  summary.seconds = os.time() - summary.started
  summary.cpu = os.clock() - summary.clock
  return summary
end

--- Feeds fingerprints `{{fp, h}, ...}` of records seen before (an earlier run's output, for
-- --resume) to the first dedupe stage, so later copies of them are caught.
function M.prime(p, prints)
  if not prints then return end
  local g = p:first_global()
  local st = g and p.stages[g]
  if not (st and st.check) then return end
  for _, fh in ipairs(prints) do st.check(fh[1], fh[2]) end
end

--- Runs the pipeline as the `zhtext run` command would, with its options (inputs, -o, --jobs,
-- --resume, --progress...) from argv (default: the script's `arg`); returns the exit code.
-- A workflow script can end with `os.exit(p:main())`; under --jobs its workers run the script again.
function Pipeline:main(argv)
  return require("zhtext.cli").main(argv or _G.arg, { pipeline = self })
end

--- Index of the first stage that must see all records in one process (dedupe), or nil.
function Pipeline:first_global()
  for i, s in ipairs(self.stages) do
    if s.global then return i end
  end
  return nil
end

--- A one-line account: "N in = N out + N dropped + N failed".
function M.format_summary(s)
  local line = ("%d in = %d out + %d dropped + %d failed"):format(s.input, s.output, s.dropped, s.failed)
  local parts = {}
  for k, v in pairs(s.dropped_by or {}) do parts[#parts + 1] = ("%s dropped %d"):format(k, v) end
  for k, v in pairs(s.failed_by or {}) do parts[#parts + 1] = ("%s failed %d"):format(k, v) end
  table.sort(parts)
  if #parts > 0 then line = line .. " (" .. table.concat(parts, ", ") .. ")" end
  return line
end

M.Pipeline = Pipeline

return M
