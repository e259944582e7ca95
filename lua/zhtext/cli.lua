--- The `zhtext` command: `zhtext clean|seg|parse|keywords|run [options] [FILES|DIRS|-]`.
-- Stdout carries only the output (JSON Lines unless --format says tsv, csv or text); summaries,
-- progress and errors go to stderr, without positions inside zhtext's own files.
-- Exit codes: 0 all records processed, 1 some records failed, 2 usage error.
--
-- Parallel runs (`--jobs N`) start N worker processes running this same command (plain
-- `lua5.4` processes through io.popen, no fork): the parent splits the inputs into items (one file,
-- or a byte range of JSON Lines) dealt round-robin to the workers, each worker streams one line
-- per record back through its pipe, and the parent writes records out as they arrive (with
-- `--ordered`, as soon as the items before theirs are written). Stages that must see every
-- record (dedupe) run in the parent over fingerprints the workers computed. Workers die with the
-- parent, no temporary file has a name, and a worker that crashes costs only the record it was on.
-- @module zhtext.cli

local M = {}

local compat = require("zhtext.compat") -- Lua 5.1/LuaJIT
local tointeger, idiv, hex64 = compat.tointeger, compat.idiv, compat.hex64
local pipeline = require("zhtext.pipeline")
local sources = require("zhtext.sources")
local sinks = require("zhtext.sinks")

local function zt() return require("zhtext") end

local CHUNK_LINES = 256  -- JSON Lines per work item under --jobs
local BATCH_RECORDS = 16 -- records that go through the stages together in one process

local function shell_quote(s)
  return "'" .. tostring(s):gsub("'", "'\\''") .. "'"
end

-- The CPUs this process may run on (sched_getaffinity: taskset, a container's cpuset), not the
-- machine's count: the default --jobs.
local function ncores()
  local ok, n = pcall(function() return require("zhtext.core").io.ncpus() end)
  return ok and tointeger(n) and math.max(n, 1) or 1
end

-- Parses KEY=VALUE into key, value (true/false/integers/numbers converted).
local function parse_setting(s)
  local k, v = s:match("^([%w_]+)=(.*)$")
  if not k then return nil end
  if v == "true" then v = true elseif v == "false" then v = false
  elseif tointeger(tonumber(v)) then v = tointeger(tonumber(v))
  elseif tonumber(v) then v = tonumber(v) end
  return k, v
end

-- =============================================================================================
-- Argument parsing

-- Options of the commands that segment (seg, keywords, run).
local function seg_options(cmd)
  cmd:option("-u --user-dict", "Load a user dictionary (jieba format: word [freq] [tag] per line) into"
    .. " the segmenter; repeatable. Not used by --mode accurate."):count("*")
  cmd:flag("--no-hmm", "Do not find new words with the HMM (jieba's HMM=False).")
  cmd:option("-d --delimiter", "With --format text: the string between words (default ' / ', as jieba's"
    .. " command; -d ' ' for spaces). Implies --format text.")
end

local function common_options(cmd)
  cmd:argument("inputs", "Files, directories (recursive) or - for JSON Lines on stdin."):args("*")
  cmd:option("-o --output", "Write the output to this file instead of stdout.")
  cmd:option("--output-dir", "Write one output file per input into this directory, named after the input"
    .. " (a.html -> DIR/a.jsonl, .tsv, .csv or .txt by --format; files found in a directory keep their"
    .. " subdirectories). Each file is written to a temporary name and renamed when complete.")
  cmd:option("--format", "Output format: jsonl (JSON Lines, the default), tsv, csv (the --fields, with a"
    .. " header row) or text (plain text: words joined by --delimiter for seg, keywords for keywords, the"
    .. " text for clean and parse, a blank line after each record).")
    :choices { "jsonl", "tsv", "csv", "text" }
  cmd:option("--fields", "Comma-separated output fields for jsonl, tsv and csv (default for tsv/csv:"
    .. " id or path, then the command's own fields).")
  cmd:option("--field", "Input field of JSON Lines records (default: text, else html).")
  cmd:option("--glob", "Only take files matching this shell glob from directories: * ? [abc] [a-z]"
    .. " [!abc] {a,b}; with a /, matched against the path below the directory (** = any subdirectories),"
    .. " e.g. '*.{html,txt}' or 'sub/**/*.html'.")
  cmd:option("-j --jobs", "Worker processes (default: the number of cores; 1 when reading only stdin).")
    :convert(function(s)
      local n = tointeger(tonumber(s))
      if not n or n < 1 then return nil, "--jobs must be a positive integer" end
      return n
    end)
  cmd:flag("--ordered", "Keep the input order in the output under --jobs.")
  cmd:flag("--resume", "Skip inputs already present in --output (matched by path or id) and append.")
  cmd:option("--max-bytes", "Largest input taken: a bigger file, or JSON Lines record (one line), is a"
    .. " failed record (default 64M; suffixes K, M, G).")
    :convert(function(s)
      local n, unit = s:match("^(%d+)([KkMmGg]?)$")
      local v = n and tointeger(tonumber(n) * (({ k = 1024, m = 1048576, g = 1073741824 })[unit:lower()] or 1))
      if not v or v < 1 then return nil, "--max-bytes must be a positive size, e.g. 1000000, 512K or 64M" end
      return v
    end)
  cmd:flag("--clean", "Clean the text (zt.clean) before the command's own work.")
  cmd:option("--clean-opt --set", "A cleaning option (see zt.clean) as KEY=VALUE, repeatable, e.g."
    .. " --clean-opt punct=keep; it applies to --clean (and the clean command) and to the cleaning"
    .. " that parsing does.")
    :count("*")
  cmd:flag("-q --quiet", "No summary or progress (failures are still reported).")
  cmd:flag("-v --verbose", "Report more: per-stage counts, timings.")
  cmd:flag("--progress", "Show a progress bar even when stderr is not a terminal.")
  cmd:flag("--no-progress", "Never show a progress bar.")
  cmd:option("--_worker"):hidden(true)
  cmd:option("--_wout"):hidden(true)
  cmd:option("--_wbatch"):hidden(true)
  cmd:option("--_batch"):hidden(true)
  cmd:option("--_outdir"):hidden(true)
end

--- The command's argparse parser (every command and option of `zhtext`).
function M.parser()
  local argparse = require("argparse")
  local p = argparse("zhtext", "Clean, segment and structure scraped Chinese articles; JSON Lines out.")
  p:epilog([[
Each input file becomes one record ({"path": ..., ...}); files ending in .jsonl/.ndjson and "-"
(stdin) are read as JSON Lines, one record per line: the `text` (or `html`, or --field) field is
the input, the other fields are carried into the output unchanged; HTML input (an `html` field,
a .html/.htm file, or a page whose first 4 KiB hold <html>, <head>, <body>...) is parsed before
seg and keywords, so their words come from its text. Output goes to stdout (or -o FILE, or one
file per input with --output-dir DIR) as JSON Lines, or tsv, csv or text with --format; errors,
progress and the summary go to stderr.
Exit status: 0 all good, 1 some records failed, 2 usage error.
Run `zhtext COMMAND --help` for a command's options.]])
  p:flag("--version", "Print the version and exit."):action(function()
    io.stdout:write(zt()._VERSION, "\n")
    os.exit(0)
  end)
  p:command_target("command")
  p:require_command(true)

  local c = p:command("clean", "Clean each input's text (width, punctuation, spaces, HTML...).")
  common_options(c)
  c:option("--convert", "Convert script with OpenCC after cleaning, e.g. t2s or s2t.")

  local s = p:command("seg", "Segment each input into words (with --pos, part-of-speech tags).")
  common_options(s)
  s:flag("--pos", "Also output part-of-speech tags (field pos).")
  s:option("--mode", "Segmentation mode: precise (jieba's), full, search, or accurate (the neural"
    .. " model: LAC tags with --pos).", "precise"):choices { "precise", "full", "search", "accurate" }
  s:flag("--parse", "Parse article pages first (HTML or text) and segment the article's paragraphs"
    .. " (HTML input is always parsed first: its text is segmented, never its markup).")
  s:flag("--keep-text", "Keep the input text in the output records.")
  seg_options(s)

  local a = p:command("parse", "Parse article pages into records (title, date, source, text...).")
  common_options(a)

  local k = p:command("keywords", "Extract keywords of each input as [word, weight] pairs.")
  common_options(k)
  k:option("--top", "Number of keywords.", "10")
  k:option("--method", "Keyword method (e.g. tfidf or textrank).")
  k:flag("--keep-text", "Keep the input text in the output records.")
  k:flag("--parse", "Parse article pages first (HTML or text) and use the article's paragraphs"
    .. " (HTML input is always parsed first).")
  seg_options(k)

  local r = p:command("run", [[
Run a pipeline given by flags (stages in this order: clean, parse, segment, keywords, dedupe)
or by a Lua workflow script: `zhtext run flow.lua pages/`. A script returns a pipeline
(zt.pipeline()...) when called with the argument "zhtext.run".]])
  common_options(r)
  r:flag("--parse", "Parse article pages.")
  r:flag("--segment", "Segment into words.")
  r:flag("--pos", "Segment with part-of-speech tags.")
  r:option("--mode", "Segmentation mode for --segment: precise, full, search or accurate.", "precise")
    :choices { "precise", "full", "search", "accurate" }
  r:flag("--keywords", "Extract keywords (--top of them).")
  r:option("--top", "Number of keywords.", "10")
  r:flag("--dedupe", "Drop exact and near duplicates (within --distance).")
  r:option("--distance", "Hamming distance for --dedupe (0..63).", "3")
  r:option("--dedupe-by", "What --dedupe fingerprints: text (character bigrams), words (word pairs,"
    .. " needs --segment) or keywords (needs --keywords).", "text"):choices { "text", "words", "keywords" }
  r:flag("--keep-text", "Keep the text in the output records.")
  r:flag("--sentences", "Split the text into sentences (field sentences).")
  r:flag("--quality", "Add quality signals (field quality) and drop records outside the default bounds.")
  seg_options(r)
  local x = p:command("explain", "Write an HTML page showing how a page's lines were classified.")
  x:argument("page", "An HTML or text page.")
  x:option("-o --output", "The HTML file to write (default: stdout).")
  x:option("--url", "The page's URL (for the domain).")
  local rp = p:command("report", "Write an HTML report on a processed corpus (JSON Lines from zhtext run).")
  rp:argument("inputs", "JSON Lines files, or - for stdin."):args("*")
  rp:option("-o --output", "The HTML file to write (default: stdout).")
  rp:option("--log", "The run's stderr (failures and the in/out summary line).")
  rp:option("--title", "The report's title.")
  require("zhtext.shuffle_args")(p) -- fingerprint, dedupe-merge: dedupe as map/shuffle/reduce
  return p
end

-- =============================================================================================
-- Building the pipeline for a command

local function clean_options(args)
  local o = nil
  for _, s in ipairs(args.clean_opt or {}) do
    local key, v = parse_setting(s)
    if not key then return nil, ("--clean-opt (--set) expects KEY=VALUE, got '%s'"):format(s) end
    o = o or {}
    o[key] = v
  end
  return o or {}
end

local function drop_text(rec)
  rec.text = nil
  return rec
end

local function build(args)
  local p = pipeline.new()
  local copts, err = clean_options(args)
  if not copts then return nil, err end
  local cmd = args.command
  if args.clean or cmd == "clean" then
    p:clean(copts)
  end
  -- parse cleans its values with the same options (zt.article.parse's `clean`)
  local popts = next(copts) and { clean = copts } or nil
  -- HTML input is parsed before it is segmented, so that words come from its text, not its markup
  local auto = { html_only = true, clean = popts and copts }
  local hmm = nil
  if args.no_hmm then hmm = false end
  for _, path in ipairs(args.user_dict or {}) do
    local ok, e = zt().load_userdict(path)
    if not ok then return nil, tostring(e) end
  end
  if cmd == "clean" then
    if args.convert then
      local conv = args.convert
      p:use(function(rec)
        rec.text = assert(zt().convert(rec.text, conv))
        return rec
      end, "convert")
    end
  elseif cmd == "seg" then
    if args.parse then p:parse(popts) else p:parse(auto) end
    p:segment { pos = args.pos or nil, mode = args.mode, hmm = hmm }
    if not args.keep_text then p:use(drop_text, "output") end
  elseif cmd == "parse" then
    p:parse(popts)
  elseif cmd == "keywords" then
    local n = tointeger(tonumber(args.top))
    if not n or n < 1 then return nil, "--top expects a positive integer" end
    if args.parse then p:parse(popts) else p:parse(auto) end
    p:keywords { top = n, method = args.method, hmm = hmm }
    if not args.keep_text then p:use(drop_text, "output") end
  elseif cmd == "run" then
    if args.parse then
      p:parse(popts)
    elseif args.segment or args.pos or args.keywords then
      p:parse(auto)
    end
    if args.sentences then p:sentences() end
    if args.quality then p:quality() end
    if args.segment or args.pos then p:segment { pos = args.pos or nil, mode = args.mode, hmm = hmm } end
    if args.keywords then
      local n = tointeger(tonumber(args.top))
      if not n or n < 1 then return nil, "--top expects a positive integer" end
      p:keywords { top = n, hmm = hmm }
    end
    if args.dedupe then
      local kk = tointeger(tonumber(args.distance))
      if not kk or kk < 0 or kk > 63 then return nil, "--distance expects an integer 0..63" end
      p:dedupe { k = kk, by = args.dedupe_by }
    end
    if (args.segment or args.pos or args.keywords) and not args.keep_text and not args.dedupe then
      p:use(drop_text, "output")
    end
  end
  return p
end

--- Returns the pipeline for args (or nil, message on a usage error: bad options of a stage
-- included, said without positions inside zhtext's files).
function M.build(args)
  local ok, p, err = pcall(build, args)
  if not ok then return nil, require("zhtext.options").message(p) end
  return p, err
end

-- Loads a workflow script; returns its pipeline or nil, message.
function M.load_script(path)
  -- an unreadable script is said as every I/O error is (PATH: OS reason), not as loadfile's
  -- "cannot open PATH"
  local fh, oerr = io.open(path, "rb")
  if not fh then return nil, oerr end
  fh:close()
  local chunk, err = loadfile(path)
  if not chunk then return nil, err end
  local ok, p = pcall(chunk, "zhtext.run")
  if not ok then return nil, tostring(p) end
  if getmetatable(p) ~= pipeline.Pipeline then
    return nil, path .. ": the script must return a pipeline when called with \"zhtext.run\""
  end
  return p
end

-- =============================================================================================
-- Progress and summaries

local function is_tty(fh)
  local ok, term = pcall(require, "term")
  return ok and term.isatty and term.isatty(fh) or false
end

local function fmt_time(s)
  if not s or s ~= s or s == math.huge or s < 0 then return "--:--" end
  s = math.floor(s + 0.5)
  if s >= 3600 then return ("%d:%02d:%02d"):format(idiv(s, 3600), idiv(s % 3600, 60), s % 60) end
  return ("%02d:%02d"):format(idiv(s, 60), s % 60)
end

-- Wall-clock seconds with sub-second resolution (no luasocket needed): /proc/uptime.
local function now()
  local f = io.open("/proc/uptime", "r")
  if f then
    local t = tonumber((f:read("*l") or ""):match("^[%d.]+"))
    f:close()
    if t then return t end
  end
  return os.time() + 0.0
end
M.now = now

local Progress = {}
Progress.__index = Progress

--- A progress bar on stderr for `total_bytes` of input (`enabled` false: prints nothing).
-- @treturn Progress with `update(records, bytes, failed, force)` and `finish()`
function M.progress(total_bytes, enabled, unit)
  return setmetatable({ total = total_bytes, enabled = enabled, t0 = now(), last = -1, width = 0,
    unit = unit or "rec" }, Progress)
end

function Progress:update(records, bytes, failed, force)
  if not self.enabled then return end
  local t = now()
  if not force and t - self.last < 0.2 then return end
  self.last = t
  local dt = math.max(t - self.t0, 1e-3)
  local mbs = bytes / dt / 1e6
  local line
  if self.total and self.total > 0 then
    local frac = math.min(bytes / self.total, 1)
    local w = 24
    local filled = math.floor(frac * w + 0.5)
    local eta = frac > 0 and dt * (1 - frac) / frac or nil
    line = ("[%s%s] %3d%% %d %s %.1f %s/s %.2f MB/s ETA %s failed %d"):format(
      ("#"):rep(filled), ("."):rep(w - filled), math.floor(frac * 100), records, self.unit, records / dt,
      self.unit, mbs, fmt_time(eta), failed)
  else
    line = ("%d %s %.1f %s/s %.2f MB/s %s failed %d"):format(records, self.unit, records / dt, self.unit, mbs,
      fmt_time(dt), failed)
  end
  local pad = math.max(self.width - #line, 0)
  self.width = #line
  io.stderr:write("\r", line, (" "):rep(pad))
end

function Progress:finish()
  if self.enabled and self.last >= 0 then io.stderr:write("\n") end
end

local function print_summary(s, seconds, args)
  if args.quiet then return end
  local line = pipeline.format_summary(s)
  local mb = (s.bytes or 0) / 1e6
  io.stderr:write(("zhtext: %s; %.2f MB in %.2f s (%.2f MB/s)\n"):format(line, mb, seconds,
    seconds > 0 and mb / seconds or 0))
end

-- =============================================================================================
-- Resume

-- The keys of one output line without decoding it: our encoder writes `id`, `url` and `path`
-- first (sinks.encode), so when their values are plain (no escapes) they are read off the start
-- of the line. Returns ok, id, path as JSON texts; not ok means "decode the line" (also when a
-- key not found at the start appears further on: a file some other program wrote).
local LEAD = { '"id":', '"url":', '"path":' }
local function lead_keys(line)
  if line:byte(1) ~= 123 then return false end -- "{"
  local pos, vals = 2, {}
  for i, key in ipairs(LEAD) do
    if line:sub(pos, pos + #key - 1) == key then
      local at = pos + #key
      local v = line:match('^"[^"\\]*"', at) or line:match("^%-?[%d.eE+]+", at)
      if not v then return false end
      local c = line:byte(at + #v)
      if c ~= 44 and c ~= 125 then return false end -- "," or "}"
      vals[i] = v
      pos = at + #v + 1
    end
  end
  if (not vals[1] and line:find('"id":', pos, true)) or (not vals[3] and line:find('"path":', pos, true)) then
    return false
  end
  return true, vals[1], vals[3]
end

-- Reads an existing output file; returns sets of `path` and `id` values already there, and
-- with `fingerprint(record) -> fp, h` the fingerprints of its records (`prime`, for dedupe).
-- A last line cut short (no newline, an interrupted run) is cut off the file in place
-- (truncate): the complete lines before it are never rewritten, so no kill can lose them. The
-- file is read a line at a time, never whole.
local function resume_state(path, fingerprint)
  local f = io.open(path, "rb")
  if not f then return { paths = {}, ids = {}, count = 0 } end
  local cio = require("zhtext.core").io
  local decode = require("cjson.safe").decode
  local st = { paths = {}, ids = {}, count = 0, prime = fingerprint and {} or nil }
  local function add(line)
    local ok, id, p = false, nil, nil
    if not fingerprint then ok, id, p = lead_keys(line) end
    if ok then
      if p then st.paths[tostring(decode(p))] = true end
      if id then st.ids[tostring(decode(id))] = true end
      st.count = st.count + 1
      return
    end
    local rec = decode(line)
    if type(rec) == "table" then
      if rec.path ~= nil then st.paths[tostring(rec.path)] = true end
      if rec.id ~= nil then st.ids[tostring(rec.id)] = true end
      st.count = st.count + 1
      if fingerprint then
        local okf, fp, h = pcall(fingerprint, rec)
        if okf and fp then st.prime[#st.prime + 1] = { fp, h } end
      end
    end
  end
  -- blocks of 1 MB, split at newlines; a line longer than a block is put together from pieces
  local good, pos, parts = 0, 0, {}
  local find, sub = string.find, string.sub
  while true do
    local block, rerr = f:read(1048576)
    if not block then
      if rerr then
        f:close()
        error(("--resume: reading %s: %s"):format(path, tostring(rerr)), 0)
      end
      break
    end
    local start = 1
    while true do
      local nl = find(block, "\n", start, true)
      if not nl then
        if start <= #block then parts[#parts + 1] = sub(block, start) end
        break
      end
      local line = sub(block, start, nl - 1)
      if #parts > 0 then
        parts[#parts + 1] = line
        line = table.concat(parts)
        parts = {}
      end
      if find(line, "%S") then add(line) end
      good = pos + nl
      start = nl + 1
    end
    pos = pos + #block
  end
  f:close()
  if good < pos then
    local ok, err = cio.truncate(path, good)
    if not ok then error(("--resume: cannot cut the torn last line off %s"):format(tostring(err)), 0) end
  end
  return st
end

-- Records from JSON Lines are matched by `id` (or `path`); one that has neither cannot be told
-- apart from the records already written, so resuming over it would silently write it again.
local function unkeyed(meta)
  return ('--resume: %s:%s: this JSON Lines record has no "id" (nor "path"), so it cannot be matched'
    .. ' with the records already in the output; give every record an id, or run without --resume')
    :format(tostring(meta.file), tostring(meta.line))
end

-- skip(record, meta) -> true for inputs already in the output; meta (file, line) is given for
-- JSON Lines records, not for files.
local function skipper(st)
  if not st then return nil end
  return function(rec, meta)
    if rec.path ~= nil and st.paths[tostring(rec.path)] then st.skipped = (st.skipped or 0) + 1; return true end
    if rec.id ~= nil and st.ids[tostring(rec.id)] then st.skipped = (st.skipped or 0) + 1; return true end
    if meta and rec.id == nil and rec.path == nil and st.count > 0 then error(unkeyed(meta), 0) end
    return false
  end
end

-- =============================================================================================
-- Inputs

-- Expands inputs into items: {kind = "file", path = p} or {kind = "jsonl", path = p|"-"}.
local function expand_inputs(inputs, args)
  local lfs = require("lfs")
  local items = {}
  for _, p in ipairs(inputs) do
    if p == "-" then
      items[#items + 1] = { kind = "jsonl", path = "-" }
    else
      local mode = lfs.attributes(p, "mode")
      if mode == "directory" then
        local files, errors, sizes = sources.list_dir(p, { glob = args.glob })
        -- an unreadable directory is a failed record; the run goes on with the rest
        for _, e in ipairs(errors) do items[#items + 1] = { kind = "error", path = e.path, error = e.error } end
        local top = p:sub(-1) == "/" and #p or #p + 1 -- rel: the path below the directory, for --output-dir
        for i, f in ipairs(files) do
          items[#items + 1] = { kind = (f:match("%.jsonl$") or f:match("%.ndjson$")) and "jsonl" or "file", path = f,
            rel = f:sub(top + 1), size = sizes[i] }
        end
      elseif mode == "file" then
        items[#items + 1] = { kind = (p:match("%.jsonl$") or p:match("%.ndjson$")) and "jsonl" or "file", path = p,
          rel = p:match("[^/]*$") }
      else
        local f, oerr = io.open(p, "rb") -- the system's reason: "p: No such file or directory"
        if f then f:close() end
        return nil, f and ("%s: not a regular file or directory"):format(p) or oerr
      end
    end
  end
  return items
end
M.expand_inputs = expand_inputs

local function file_size(p)
  local lfs = require("lfs")
  return lfs.attributes(p, "size") or 0
end

-- A chunk of JSON Lines (work item of a parallel run): lines offset+1... of a file between bytes
-- s and e; `x` lists lines to leave out (already in the output), `t` lines too long to copy.
local function chunk_source(it, field, max)
  local fh, err = io.open(it.path, "rb")
  if not fh then return false, { file = it.name or it.path, error = tostring(err), bytes = 0 } end
  fh:seek("set", it.s)
  local left, long = {}, {}
  for _, l in ipairs(it.x or {}) do left[l] = true end
  for _, l in ipairs(it.t or {}) do long[l[1]] = l[2] end
  local src = sources.jsonl(fh, { field = field, name = it.name, line_offset = it.offset, stop = it.e - it.s,
    max_bytes = max, too_long = long, skip = next(left) and function(_, meta) return left[meta.line] end or nil })
  return function()
    local r, m = src()
    if r == nil and io.type(fh) == "file" then fh:close() end
    return r, m
  end
end

-- A source over a list of items (single process).
local function items_source(items, field, skip, max)
  local i = 0
  return sources.chain(function()
    i = i + 1
    local it = items[i]
    if not it then return nil end
    if it.kind == "error" then return false, { file = it.path, error = it.error, bytes = 0 } end
    if it.kind == "chunk" then return chunk_source(it, field, max) end
    if it.kind ~= "jsonl" then return sources.files({ it.path }, { field = field, skip = skip, max_bytes = max }) end
    if it.path == "-" then
      return sources.jsonl(io.stdin, { field = field, name = "-", skip = skip, max_bytes = max })
    end
    local ok, src = pcall(sources.jsonl, it.path, { field = field, name = it.name, skip = skip,
      line_offset = it.offset, max_bytes = max })
    if ok then return src end
    return false, { file = it.path, error = tostring(src), bytes = 0 }
  end)
end
M.items_source = items_source

-- =============================================================================================
-- Single-process run

-- What --format text prints for each command: the words, the keywords, or the text.
local function text_kind(args)
  local cmd = args.command
  if cmd == "seg" or (cmd == "run" and (args.segment or args.pos)) then return "words" end
  if cmd == "keywords" or (cmd == "run" and args.keywords) then return "keywords" end
  return "text"
end

-- Words joined by the delimiter (word_TAG with tags, as jieba's -p); a word holding line breaks
-- ends the line instead, so a text's lines stay lines, as with `python -m jieba`.
local function join_words(words, tags, delim)
  local lines, cur = {}, {}
  local find = string.find
  for i, w in ipairs(words) do
    local breaks = find(w, "\n", 1, true) and not find(w, "%S") and select(2, w:gsub("\n", "")) or 0
    if breaks > 0 then
      lines[#lines + 1] = table.concat(cur, delim)
      for _ = 2, breaks do lines[#lines + 1] = "" end
      cur = {}
    else
      cur[#cur + 1] = tags and tags[i] and (w .. "_" .. tostring(tags[i])) or w
    end
  end
  if #cur > 0 or #lines == 0 then lines[#lines + 1] = table.concat(cur, delim) end
  return table.concat(lines, "\n")
end

local function text_renderer(args)
  local kind = text_kind(args)
  local delim = args.delimiter or " / "
  return function(rec)
    if kind == "words" and type(rec.words) == "table" then
      return join_words(rec.words, type(rec.pos) == "table" and rec.pos or nil, delim)
    elseif kind == "keywords" and type(rec.keywords) == "table" then
      local out = {}
      for i, kw in ipairs(rec.keywords) do out[i] = type(kw) == "table" and tostring(kw[1]) or tostring(kw) end
      return table.concat(out, delim)
    end
    -- the text, or the article's paragraphs; a blank line after each record keeps them apart
    local t = type(rec.text) == "string" and rec.text
      or (type(rec.paragraphs) == "table" and table.concat(rec.paragraphs, "\n")) or ""
    return (t:gsub("\n+$", "")) .. "\n"
  end
end

-- The fields of tsv/csv output unless --fields says: where a record came from, then the
-- command's own fields.
local function default_fields(args)
  local f = {}
  if args.has_jsonl then f[#f + 1] = "id" end
  if args.has_files or not args.has_jsonl then f[#f + 1] = "path" end
  local cmd = args.command
  local parse = cmd == "parse" or args.parse
  if parse then
    for _, k in ipairs { "title", "date", "source", "authors" } do f[#f + 1] = k end
  end
  local seg = cmd == "seg" or (cmd == "run" and (args.segment or args.pos))
  local kw = cmd == "keywords" or (cmd == "run" and args.keywords)
  if seg then f[#f + 1] = "words" end
  if seg and args.pos then f[#f + 1] = "pos" end
  if kw then f[#f + 1] = "keywords" end
  if not seg and not kw then f[#f + 1] = parse and "paragraphs" or "text" end
  return f
end

local function split_fields(s)
  local out = {}
  for name in s:gmatch("[^,%s]+") do out[#out + 1] = name end
  return out
end

-- The sink for args.format, writing to `dest` (a file name or handle; default -o or stdout).
local function make_sink(args, dest, append)
  dest = dest or args.output or io.stdout
  local fields = args.fields and split_fields(args.fields) or nil
  local fmt = args.format or "jsonl"
  if fmt == "jsonl" then return sinks.jsonl(dest, { append = append, fields = fields }) end
  if fmt == "text" then return sinks.text(dest, text_renderer(args), { append = append }) end
  return sinks[fmt](dest, fields or default_fields(args), { append = append, header = not append })
end

local function open_sink(args, append)
  local ok, s = pcall(make_sink, args, nil, append)
  if not ok then return nil, require("zhtext.options").message(s) end
  return s
end

local function run_single(p, items, args, skip, total)
  local sink, err = open_sink(args, args.resume)
  if not sink then return nil, err end
  local fh = sink.handle
  -- a streaming filter passes each record on as soon as it is done
  if args.streaming and fh == io.stdout then fh:setvbuf("line") end
  local prog = M.progress(total, args.show_progress, args.unit)
  -- a failed write (full disk) ends the run as an error, never as a success
  local ok, summary = pcall(p.run, p, items_source(items, args.field, skip, args.max_bytes), nil, {
    prime = args.prime,
    -- stage by stage over a few records (see Pipeline:run); a streaming filter and a workflow
    -- script's own stages go one record at a time
    batch = (args.own_stages and not args.streaming) and BATCH_RECORDS or nil,
    emit = sink.write, -- checks every write
    progress = prog.enabled and function(s) prog:update(s.input, s.bytes, s.failed) end or nil,
  })
  if ok then
    prog:update(summary.input, summary.bytes, summary.failed, true)
    prog:finish()
  end
  local cok, cerr = pcall(sink.close)
  if not ok then return nil, tostring(summary) end
  if not cok then return nil, tostring(cerr) end
  return summary
end

-- =============================================================================================
-- One output file per input (--output-dir)

local EXT = { jsonl = ".jsonl", tsv = ".tsv", csv = ".csv", text = ".txt" }

-- Output names for the items: the input's path below its directory (or its base name) under
-- args.output_dir, its extension replaced by the format's. nil, message when two inputs would
-- share a file.
local function output_names(items, args)
  local ext = EXT[args.format]
  local by_out, names = {}, {}
  for _, it in ipairs(items) do
    if it.path == "-" then return nil, "--output-dir needs named inputs, not - (stdin)" end
    local rel = it.rel or it.path:match("[^/]*$")
    local out = args.output_dir:gsub("/+$", "") .. "/" .. rel:gsub("(.)%.[^./]*$", "%1") .. ext
    if by_out[out] then return nil, ("%s and %s would both be written to %s"):format(by_out[out], it.path, out) end
    by_out[out], names[it.path] = it.path, out
  end
  return names
end

local function mkdir_p(dir)
  local lfs = require("lfs")
  local path = dir:sub(1, 1) == "/" and "/" or ""
  for part in dir:gmatch("[^/]+") do
    path = path .. part
    if lfs.attributes(path, "mode") ~= "directory" then
      local ok, err = lfs.mkdir(path)
      local mode = lfs.attributes(path, "mode")
      if not ok and mode ~= "directory" then error(("%s: %s"):format(path, mode and "Not a directory" or err), 0) end
    end
    path = path .. "/"
  end
end

-- An output file written whole or not at all: records go to a temporary file beside it (same
-- file system, so the rename is atomic), renamed over it once every write, the flush and the
-- close have succeeded.
local function open_output(path, args)
  mkdir_p(path:match("^(.*)/[^/]*$") or ".")
  local tmp = ("%s.%s.tmp"):format(path, tostring({}):match("0x(%x+)") or "0")
  local fh, err = io.open(tmp, "wb")
  if not fh then error(err, 0) end
  local sink = make_sink(args, fh, false)
  local function fail(e)
    pcall(fh.close, fh)
    os.remove(tmp)
    error(("%s: %s"):format(path, tostring(e)), 0)
  end
  return {
    write = function(rec)
      local ok, e = pcall(sink.write, rec)
      if not ok then fail(e) end
    end,
    commit = function()
      local ok, e = pcall(sink.close) -- a tsv/csv file without records still gets its header
      if not ok then fail(e) end
      local fok, ferr = fh:flush()
      if not fok then fail(ferr) end
      local cok, cerr = fh:close()
      if not cok then os.remove(tmp); error(("%s: %s"):format(path, tostring(cerr)), 0) end
      local rok, rerr = os.rename(tmp, path)
      if not rok then os.remove(tmp); error(rerr, 0) end
    end,
    abort = function()
      pcall(fh.close, fh)
      os.remove(tmp)
    end,
  }
end

-- Runs the pipeline once over all items (so dedupe sees the whole corpus), sending each record
-- to the output file of the input it came from; an input whose records were all dropped gets an
-- empty file, one that failed to be read gets none.
local function run_to_dir(p, items, args, skip, total)
  local names = args.output_names
  local cur, cur_file
  local written, failed = {}, {}
  local report = pipeline.reporter(io.stderr)
  local prog = M.progress(total, args.show_progress, args.unit)
  local ok, summary = pcall(function()
    local s = p:run(items_source(items, args.field, skip), nil, {
      prime = args.prime,
      errors = function(e)
        if e.stage == "read" and e.line == nil then failed[e.file or ""] = true end
        report(e)
      end,
      emit = function(rec, _, meta)
        local file = meta and meta.file
        if file ~= cur_file then
          if cur then cur.commit() end
          cur, cur_file = nil, file
          cur = open_output(assert(names[file], "a record from an unknown input"), args)
          written[file] = true
        end
        cur.write(rec)
      end,
      progress = prog.enabled and function(sm) prog:update(sm.input, sm.bytes, sm.failed) end or nil,
    })
    if cur then cur.commit() end
    cur = nil
    for _, it in ipairs(items) do
      if not written[it.path] and not failed[it.path] and not (skip and skip({ path = it.path })) then
        open_output(names[it.path], args).commit()
      end
    end
    return s
  end)
  if not ok then
    if cur then cur.abort() end
    return nil, require("zhtext.options").message(summary)
  end
  prog:update(summary.input, summary.bytes, summary.failed, true)
  prog:finish()
  return summary
end

-- =============================================================================================
-- Workers

local function describe_exit(how, code)
  if how == "signal" then return ("was killed by signal %d"):format(code or 0) end
  return ("exited with status %d"):format(code or 0)
end

-- Worker side: `--_worker PPID --_wout FILE`. Reads its work items from stdin (JSON, one a line);
-- writes each output record's JSON line to FILE (an unnamed file of the parent's) and, on stdout,
-- `H<pid>` once ready, then one line per input record: `R<bytes>\t<offset>\t<len>` (output: the
-- record is bytes offset.. of FILE, len with its newline), `G<bytes>\t<fp>\t<h>\t<file>\t<line>\t<n>\t
-- <offset>\t<len>` (output for the parent's global stage), `D<bytes>\t<stage>` (dropped) or
-- `F<bytes>\t<failure as JSON>`, and `E` after each item. The record is in FILE before its line is
-- sent, so the parent copies it from there to the output (cio.copy): no record passes through
-- the pipe or becomes a Lua string in the parent.
-- An item may carry `u` (records already done by a worker that died: skip them) and `m` (why it
-- died: the next record, the one it died on, is failed with that message, stage "worker").
local function run_worker(p, args)
  local ppid = tointeger(tonumber(args._worker))
  if not ppid then return 2 end
  local cio = require("zhtext.core").io
  -- die with the parent (SIGKILL from the kernel), and exit if it is already gone
  if cio.pdeathsig() ~= ppid then return 3 end
  local cjson = require("cjson")
  local g = p:first_global()
  local encode = sinks.encode
  local stages = p.stages
  local to = g or #stages
  local prep = g and stages[g].prep
  local out = io.stdout
  out:setvbuf("full", 65536)
  -- its output file failing (a full disk) is no record's fault: the parent is told (`X<reason>`)
  -- and ends the run with it, rather than failing the record and starting another worker
  local function fatal(what, err)
    out:write("X", what, "\t", (tostring(err):gsub("\n", " ")), "\n")
    out:flush()
    os.exit(4)
  end
  local wout, werr = io.open(args._wout or "", "wb")
  if not wout then fatal("opening a temporary file", werr) end
  wout:setvbuf("full", 65536)
  local wpos = 0
  local wp = pipeline.new()
  for i = 1, to - (g and 1 or 0) do wp:use(stages[i]) end
  if g then
    wp:use(function(rec)
      rec._fp, rec._h = prep(rec)
      return rec
    end, stages[g].name)
  end
  local items = {}
  for line in io.stdin:lines() do
    if line ~= "" then items[#items + 1] = cjson.decode(line) end
  end
  out:write("H", cio.getpid(), "\n")
  out:flush()
  -- The lines of settled records wait in `pend` (their JSON in wout's buffer) until the next
  -- record is read: then wout is flushed and the lines sent, so a record is in the file before
  -- the parent hears of it, and a crash falls after the last record the parent heard of. With
  -- --_wbatch N > 1 the records go through the stages N at a time (as one process runs its own
  -- stages) and are sent a batch at a time; the parent replays a batch that crashed one record
  -- at a time to find the record to blame.
  local pend, npend = {}, 0
  local function send()
    if npend == 0 then return end
    local ok, err = wout:flush()
    if not ok then fatal("writing a temporary file", err) end
    ok, err = out:write(table.concat(pend, "", 1, npend))
    if ok then ok, err = out:flush() end
    if not ok then error("writing to the parent process: " .. tostring(err), 0) end
    npend = 0
  end
  local function queue(...)
    npend = npend + 1
    pend[npend] = table.concat({ ... })
  end
  -- one source over all the items; each record's meta says its item and its record number
  local k, src, seen, it = 0, nil, 0, nil
  local function source()
    send()
    while true do
      if not src then
        k = k + 1
        it = items[k]
        if not it then return nil end
        src, seen = items_source({ it }, args.field, nil, args.max_bytes), 0
      end
      local r, meta = src()
      if r == nil then
        src = nil
      else
        seen = seen + 1
        local done = it.u or 0
        if seen > done then
          meta = meta or {}
          meta._item, meta._n = k, (it.n0 or 0) + seen
          if it.m and seen == done + 1 then
            meta.error, meta.stage = it.m, "worker"
            if type(r) == "table" then meta.id = r.id end
            return false, meta
          end
          return r, meta
        end
      end
    end
  end
  local cur = 1 -- the item whose records are being reported: `E` closes it
  local function close_items(upto)
    while cur < upto do
      queue("E\n")
      cur = cur + 1
    end
  end
  local head, js, failure
  wp:run(source, nil, {
    errors = function(e) failure = e end,
    batch = tointeger(tonumber(args._wbatch)) or 1,
    emit = function(rec, _, meta)
      js = encode(rec)
      if g then
        local file = tostring(meta and meta.file or rec.path or "?"):gsub("[\t\n]", " ")
        head = ("%s\t%s\t%s\t%s\t%d\t"):format(hex64(rec._fp), hex64(rec._h), file, meta and meta.line or "",
          meta._n)
      end
    end,
    progress = function(_, meta, result, stage)
      close_items(meta._item)
      local b = meta.bytes or 0
      if result == "output" then
        local ok, err = wout:write(js, "\n")
        if not ok then fatal("writing a temporary file", err) end
        local at = wpos
        wpos = wpos + #js + 1
        if g then queue("G", b, "\t", head, at, "\t", #js + 1, "\n")
        else queue("R", b, "\t", at, "\t", #js + 1, "\n") end
      elseif result == "dropped" then
        queue("D", b, "\t", stage, "\n")
      else
        failure.n = meta._n
        queue("F", b, "\t", cjson.encode(failure), "\n")
      end
      head, js, failure = nil, nil, nil
    end,
  })
  close_items(#items + 1)
  send()
  return 0
end

local CHUNK_BYTES = 4194304 -- 4 MiB: a JSON Lines work item also ends after this many bytes

-- Splits JSON Lines from a handle into chunk items (CHUNK_LINES lines or CHUNK_BYTES bytes), each
-- a byte range of `path`, passed to add(item). With `spool` (a file: stdin, which workers cannot
-- seek) the lines are copied there and the ranges refer to the copy: lines to skip become blank,
-- lines longer than max are copied blank and listed in the item's `t`. Without it the ranges refer
-- to the file itself and skipped lines are listed in `x`. Only one line is held at a time.
local function scan_jsonl(fh, name, path, spool, skip, max, add)
  local cio = require("zhtext.core").io
  local decode = skip and require("cjson.safe").decode
  local lineno, pos, cur = 0, 0, nil
  local function flush()
    if cur and cur.records > 0 then add(cur) end
    cur = nil
  end
  while true do
    local line, n = cio.readline(fh, max)
    if line == nil then
      if n ~= nil then error(("reading %s: %s"):format(name, tostring(n)), 0) end
      break
    end
    lineno = lineno + 1
    if not cur then
      cur = { kind = "chunk", path = path, name = name, offset = lineno - 1, s = pos, e = pos, records = 0, lines = 0,
        x = {}, t = {} }
    end
    local record = true
    if line == false then
      if spool then cur.t[#cur.t + 1] = { lineno, n }; line = "" end
    elseif not line:find("%S") then
      record = false
    elseif skip then
      local obj = decode(line)
      if type(obj) == "table" and skip(obj, { file = name, line = lineno }) then
        record = false
        if spool then line = "" else cur.x[#cur.x + 1] = lineno end
      end
    end
    if spool then
      local ok, err = spool:write(line, "\n")
      if not ok then
        error(("writing a temporary copy of %s: %s"):format(name == "-" and "standard input" or name, tostring(err)), 0)
      end
      pos = pos + #line + 1
    else
      pos = pos + n
    end
    cur.e = pos
    if record then cur.records = cur.records + 1 end
    cur.lines = cur.lines + 1
    if cur.lines >= CHUNK_LINES or cur.e - cur.s >= CHUNK_BYTES then flush() end
  end
  flush()
end

local function self_command(args)
  local interp = arg and arg[-1] or "lua5.4"
  -- the interpreter: the first negative index of arg that is not an option
  local i = -1
  while arg and arg[i - 1] do i = i - 1 end
  interp = arg and arg[i] or interp
  local parts = { shell_quote(interp) }
  for j = i + 1, -1 do
    if arg[j] and arg[j] ~= "-" then parts[#parts + 1] = shell_quote(arg[j]) end
  end
  parts[#parts + 1] = shell_quote(arg and arg[0] or "zhtext")
  for _, a in ipairs(args.argv) do parts[#parts + 1] = shell_quote(a) end
  return table.concat(parts, " ")
end

local function temp_base()
  local base = os.getenv("TMPDIR")
  if not base or base == "" then base = "/tmp" end
  return base
end

-- Starts a worker over a list of items. The list goes through an unnamed temporary file that
-- becomes the worker's stdin, and its records go to another (`--_wout`), read by this process
-- at the offsets the worker reports; `exec` makes the worker a direct child, so that its
-- parent-death signal is tied to this process.
-- A temporary file of the parallel run failing: one wording for all of them (WHAT in DIR: REASON),
-- whether the parent or a worker (its `X` line) met it.
local function tmp_fail(what, tmp, err)
  error(("%s in %s: %s"):format(what, tmp, tostring(err)), 0)
end

local function start_worker(base, list, tmp, batch)
  local cio = require("zhtext.core").io
  local cjson = require("cjson")
  local f, err = cio.tmpfile(tmp)
  if not f then tmp_fail("cannot create a temporary file", tmp, err) end
  for _, it in ipairs(list) do
    local ok, werr = f:write(cjson.encode(it), "\n")
    if not ok then f:close(); tmp_fail("writing a temporary file", tmp, werr) end
  end
  local ok, ferr = f:flush()
  if not ok then f:close(); tmp_fail("writing a temporary file", tmp, ferr) end
  local o, oerr = cio.tmpfile(tmp)
  if not o then f:close(); tmp_fail("cannot create a temporary file", tmp, oerr) end
  local ofd = cio.fileno(o)
  local cmd = ("exec %s --_worker %d --_wbatch %d --_wout /dev/fd/%d </dev/fd/%d"):format(base, cio.getpid(), batch,
    ofd, cio.fileno(f))
  local h = io.popen(cmd, "r")
  f:close()
  if not h then o:close(); error("cannot start a worker process", 0) end
  return { fh = h, fd = cio.fileno(h), out = o, ofd = ofd, parts = {}, items = list, pos = 1, units = 0, batch = batch }
end

local BATCH_BYTES, BATCH_MS = 4096, 20 -- the parent waits BATCH_MS when it read less than BATCH_BYTES
local PENDING_LIMIT = 64 * 1024 * 1024 -- output held for --ordered before workers are made to wait

-- The parallel run. The parent splits the inputs into work items (a file, or a byte range of
-- JSON Lines), deals them round-robin to `jobs` workers, and reads the workers' pipes as they
-- write (poll): each record is counted as it arrives and written to the output at once, or under
-- --ordered as soon as the items before its own are written; the output is flushed after each
-- item, so a killed run leaves complete items for --resume. No temporary file has a name (stdin
-- is copied to an unnamed one), so nothing is left behind, and workers die with the parent. A
-- worker that dies costs the record it was on (a failure, stage "worker"): a new worker takes
-- over the rest of its items.
local function run_parallel(p, items, args, skip, jobs)
  local cio = require("zhtext.core").io
  local decode = require("cjson").decode
  local tmp = temp_base()
  local max = args.max_bytes or sources.MAX_BYTES
  local slots, spool, outs = {}, nil, {}
  local ok, res, err = pcall(function()
    -- 1. work items: files as they are, JSON Lines in chunks
    local work = {}
    local total_bytes = 0
    local function add(c)
      work[#work + 1] = c
      total_bytes = total_bytes + (c.e - c.s)
    end
    for _, it in ipairs(items) do
      if it.kind == "jsonl" then
        if it.path == "-" then
          local serr
          spool, serr = cio.tmpfile(tmp)
          if not spool then tmp_fail("cannot create a temporary file", tmp, serr) end
          scan_jsonl(io.stdin, "-", "/dev/fd/" .. cio.fileno(spool), spool, skip, max, add)
          local fok, ferr = spool:flush()
          if not fok then tmp_fail("writing a temporary copy of stdin", tmp, ferr) end
        else
          local fh = io.open(it.path, "rb")
          if not fh then
            work[#work + 1] = it -- the worker reports the error
          else
            scan_jsonl(fh, it.path, it.path, nil, skip, max, add)
            fh:close()
          end
        end
      elseif it.kind == "error" or not (skip and skip({ path = it.path })) then
        work[#work + 1] = it
        total_bytes = total_bytes + (it.kind == "file" and (it.size or file_size(it.path)) or 0)
      end
    end
    -- record numbers before each item, as one process would count them
    local nbefore = 0
    for j, it in ipairs(work) do
      it.j, it.n0 = j, nbefore
      nbefore = nbefore + (it.records or 1)
      it.records, it.lines = nil, nil
    end
    local summary = pipeline.new_summary()
    local sink, serr = open_sink(args, args.resume)
    if not sink then error(serr, 0) end
    if #work == 0 then
      sink.close()
      return summary
    end
    jobs = math.max(1, math.min(jobs, #work))
    -- 2. the parent's side of the output: global stages (dedupe) and the sink
    local g = p:first_global()
    local stages = p.stages
    local report = pipeline.reporter(io.stderr)
    local need_decode = false
    if g then
      local st = stages[g]
      need_decode = g < #stages or not st.check
      if st.reset then st.reset() end
      pipeline.prime(p, args.prime)
    end
    local write_line = sink.write_line
    -- a record is hd.len bytes (its newline included) at hd.off of a worker's output file:
    -- copied from there into the output's buffer when the sink takes the line as it is
    local copy_from = sink.copy_from
    local function line_of(hd)
      local line, rerr = cio.pread(hd.fd, hd.off, hd.len)
      if not line then error(rerr, 0) end
      return line:sub(1, -2)
    end
    local function put(hd)
      if copy_from then return copy_from(hd.fd, hd.off, hd.len) end
      write_line(line_of(hd))
    end
    local function emit(hd)
      if not g then
        put(hd)
        summary.output = summary.output + 1
        return
      end
      local fp, h = hd.fp, hd.h
      local st = stages[g]
      if not need_decode and st.check then
        if st.check(fp, h) then
          summary.dropped = summary.dropped + 1
          summary.dropped_by[st.name] = (summary.dropped_by[st.name] or 0) + 1
        else
          put(hd)
          summary.output = summary.output + 1
        end
        return
      end
      local rec = decode(line_of(hd))
      local cur = g
      local okp, r = pcall(function()
        local x = st.decide and st.decide(rec, fp, h) or st.fn(rec)
        if x == nil then return nil end
        for q = g + 1, #stages do
          cur = q
          x = stages[q].fn(x)
          if x == nil then return nil end
        end
        return x
      end)
      if not okp then
        pipeline.fail(summary, report, { file = hd.file, line = tonumber(hd.line), n = tonumber(hd.n),
          stage = stages[cur].name, message = tostring(r), id = type(rec) == "table" and rec.id or nil })
      elseif r == nil then
        summary.dropped = summary.dropped + 1
        summary.dropped_by[stages[cur].name] = (summary.dropped_by[stages[cur].name] or 0) + 1
      else
        sink.write(r)
        summary.output = summary.output + 1
      end
    end
    -- 3. order: under --ordered, lines of items after the next one to write wait in `pending`
    -- with dedupe, "earlier" is the input order, never the order workers happen to finish in
    local ordered = args.ordered or g ~= nil
    local pending, done, pending_bytes, nextj = {}, {}, 0, 1
    local function deliver(j, hd)
      if not ordered or j == nextj then return emit(hd) end
      local q = pending[j]
      if not q then q = {}; pending[j] = q end
      q[#q + 1] = hd
      pending_bytes = pending_bytes + hd.len
    end
    local function item_done(j)
      if ordered then
        done[j] = true
        while done[nextj] do
          done[nextj] = nil
          nextj = nextj + 1
          local q = pending[nextj]
          if q then
            for _, hd in ipairs(q) do
              emit(hd)
              pending_bytes = pending_bytes - hd.len
            end
            pending[nextj] = nil
          end
        end
      end
      sink.flush()
    end
    -- 4. the workers
    local base = self_command(args)
    local lists = {}
    for w = 1, jobs do lists[w] = {} end
    for j, it in ipairs(work) do
      local l = lists[(j - 1) % jobs + 1]
      l[#l + 1] = it
    end
    -- the command's own stages go through the workers a batch at a time, as in one process
    -- (`--_batch N` forces N, for the tests of the crash replay)
    local wbatch = tointeger(tonumber(args._batch))
      or ((args.own_stages and not args.streaming) and BATCH_RECORDS or 1)
    for w = 1, jobs do
      slots[w] = start_worker(base, lists[w], tmp, wbatch)
      outs[#outs + 1] = slots[w].out
    end
    local prog = M.progress(total_bytes, args.show_progress, args.unit)
    local late = {}
    local function on_line(sl, line)
      local c = line:byte(1)
      if c == 72 then -- H
        sl.hello, sl.pid = true, tointeger(tonumber(line:sub(2)))
        return
      end
      if c == 88 then -- X: the worker cannot write its output file, and stopped
        local what, why = line:match("^X([^\t]*)\t(.*)$")
        tmp_fail(what or "writing a temporary file", tmp, why or "?")
      end
      local it = sl.items[sl.pos]
      if c == 69 then -- E
        sl.pos, sl.units = sl.pos + 1, 0
        return item_done(it.j)
      end
      sl.units, sl.progressed = sl.units + 1, true
      local tab = line:find("\t", 2, true)
      summary.input = summary.input + 1
      summary.bytes = summary.bytes + (tonumber(line:sub(2, tab - 1)) or 0)
      if c == 82 or c == 71 then -- R, G: where the worker put the record
        -- the handle keeps the worker's file open while the record waits (--ordered)
        local hd = { fd = sl.ofd, file_handle = sl.out }
        local off, len
        if c == 71 then
          local fp, h
          fp, h, hd.file, hd.line, hd.n, off, len = line:match(
            "^(%x+)\t(%x+)\t([^\t]*)\t([^\t]*)\t(%d*)\t(%d+)\t(%d+)$", tab + 1)
          hd.fp, hd.h = compat.from_hex64(fp), compat.from_hex64(h)
        else
          off, len = line:match("^(%d+)\t(%d+)$", tab + 1)
        end
        hd.off, hd.len = tointeger(tonumber(off)), tointeger(tonumber(len))
        if not (hd.off and hd.len) then error("a worker process wrote an unreadable line", 0) end
        return deliver(it.j, hd)
      end
      local rest = line:sub(tab + 1)
      if c == 68 then -- D
        summary.dropped = summary.dropped + 1
        summary.dropped_by[rest] = (summary.dropped_by[rest] or 0) + 1
      else -- F
        local e = decode(rest)
        e.line, e.n = tointeger(e.line) or e.line, tointeger(e.n) or e.n -- JSON numbers come back as floats
        pipeline.fail(summary, report, e)
      end
    end
    local function on_data(sl, data)
      local start = 1
      while true do
        local nl = data:find("\n", start, true)
        if not nl then break end
        local line = data:sub(start, nl - 1)
        if #sl.parts > 0 then
          sl.parts[#sl.parts + 1] = line
          line = table.concat(sl.parts)
          sl.parts = {}
        end
        on_line(sl, line)
        start = nl + 1
      end
      if start <= #data then sl.parts[#sl.parts + 1] = data:sub(start) end
    end
    local function on_exit(w, sl)
      local _, how, code = compat.pclose(sl.fh)
      sl.fh = nil
      local why = describe_exit(how, code)
      if sl.pos > #sl.items then
        if not (how == "exit" and code == 0) then
          late[#late + 1] = "a worker process " .. why .. " after its last record"
        end
        return
      end
      local it = sl.items[sl.pos]
      if not sl.hello then error("a worker process " .. why .. " before it started", 0) end
      if sl.blamed and not sl.progressed then
        error(("a worker process %s again on %s"):format(why, tostring(it.name or it.path)), 0)
      end
      -- a new worker takes over the rest, one record at a time: after a batched worker it
      -- replays the batch the worker died in (the parent heard of none of it) to find the
      -- record; after a worker going one at a time, the record it was on fails
      local rest = {}
      for i = sl.pos, #sl.items do rest[#rest + 1] = sl.items[i] end
      local first = {}
      for k, v in pairs(it) do first[k] = v end
      first.u = (it.u or 0) + sl.units
      local blame = sl.batch <= 1
      first.m = blame and ("the worker process %s on this record"):format(why) or nil
      rest[1] = first
      slots[w] = start_worker(base, rest, tmp, 1)
      slots[w].blamed = blame
      outs[#outs + 1] = slots[w].out
    end
    local last_flush = os.time()
    while true do
      local fds, ws = {}, {}
      for w = 1, jobs do
        local sl = slots[w]
        -- --ordered holds at most PENDING_LIMIT bytes: past it only the worker of the next item is read
        if sl.fh and (not ordered or pending_bytes < PENDING_LIMIT
            or (sl.items[sl.pos] and sl.items[sl.pos].j == nextj)) then
          fds[#fds + 1], ws[#ws + 1] = sl.fd, w
        end
      end
      if #fds == 0 then break end
      local ready = assert(cio.poll(fds, prog.enabled and 250 or -1))
      local got = 0
      for i, r in ipairs(ready) do
        if r then
          local w = ws[i]
          local sl = slots[w]
          local data, rerr = cio.read(sl.fd, 65536)
          if not data then error("reading from a worker: " .. tostring(rerr), 0) end
          if data == "" then
            on_exit(w, sl)
          else
            got = got + #data
            on_data(sl, data)
          end
        end
      end
      -- a few lines came (a record or two): let more gather before the next look, so the parent
      -- wakes once for many records rather than for each (its share of the CPU stays small);
      -- the workers never wait for this, their pipes hold thousands of lines
      if got > 0 and got < BATCH_BYTES then cio.poll({}, BATCH_MS) end
      prog:update(summary.input, summary.bytes, summary.failed)
      -- records of long items reach the file at least every second too, for --resume after a kill
      local t = os.time()
      if t ~= last_flush then
        sink.flush()
        last_flush = t
      end
    end
    prog:update(summary.input, summary.bytes, summary.failed, true)
    prog:finish()
    sink.close()
    if #late > 0 then return nil, table.concat(late, "; ") end
    return summary
  end)
  if not ok then
    -- an error in the parent (a full disk...): stop the workers now
    local cio2 = require("zhtext.core").io
    for _, sl in pairs(slots) do
      if sl.fh then
        if sl.pid then cio2.kill(sl.pid, 9) end
        sl.fh:close()
      end
    end
  end
  if spool then spool:close() end
  for _, o in ipairs(outs) do o:close() end -- the workers' unnamed output files
  if not ok then return nil, tostring(res) end
  return res, err
end

-- --output-dir under --jobs: the items are dealt round-robin to worker processes, each writing
-- the output files of its own items (`--_outdir LIST`: a `fields` line, then kind \t path \t
-- output file per item); the parent adds up their summaries. Not with a dedupe stage, which
-- must see every record in one process.
local function slurp(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local s = f:read("*a")
  f:close()
  return s
end

local function spit(path, s)
  local f, err = io.open(path, "wb")
  if not f then error(err, 0) end
  local ok, werr = f:write(s)
  if ok then ok, werr = f:close() else f:close() end
  if not ok then error(("%s: %s"):format(path, tostring(werr)), 0) end
end

local function run_to_dir_parallel(items, args, jobs)
  local base = os.getenv("TMPDIR") or "/tmp"
  local mk = io.popen("mktemp -d " .. shell_quote(base .. "/zhtext.XXXXXX"))
  local dir = mk and mk:read("*l")
  if mk then mk:close() end
  if not dir or dir == "" then return nil, "cannot create a temporary directory in " .. base end
  local ok, res, err = pcall(function()
    jobs = math.max(1, math.min(jobs, #items))
    local lists = {}
    -- every worker writes the same columns, whichever inputs it got
    local fields = args.fields
    if not fields and (args.format == "tsv" or args.format == "csv") then
      fields = table.concat(default_fields(args), ",")
    end
    for w = 1, jobs do lists[w] = { "fields\t" .. (fields or "") } end
    for j, it in ipairs(items) do
      local l = lists[(j - 1) % jobs + 1]
      l[#l + 1] = table.concat({ it.kind, it.path, args.output_names[it.path] }, "\t")
    end
    local command = self_command(args)
    local handles = {}
    for w = 1, jobs do
      local list = ("%s/dir.%d"):format(dir, w)
      spit(list, table.concat(lists[w], "\n") .. "\n")
      handles[w] = assert(io.popen(("%s --_outdir %s </dev/null"):format(command, shell_quote(list)), "r"))
    end
    for w = 1, jobs do handles[w]:close() end
    local summary = pipeline.new_summary()
    local decode = require("cjson").decode
    for w = 1, jobs do
      local s = slurp(("%s/dir.%d.sum"):format(dir, w))
      if not s then return nil, ("worker %d stopped before its summary"):format(w) end
      local ws = decode(s)
      for _, key in ipairs { "input", "output", "dropped", "failed", "bytes" } do
        summary[key] = summary[key] + ws[key]
      end
      for st, n in pairs(ws.dropped_by) do summary.dropped_by[st] = (summary.dropped_by[st] or 0) + n end
      for st, n in pairs(ws.failed_by) do summary.failed_by[st] = (summary.failed_by[st] or 0) + n end
    end
    return summary
  end)
  os.execute("rm -rf " .. shell_quote(dir))
  if not ok then return nil, tostring(res) end
  return res, err
end

-- Worker side of run_to_dir_parallel.
local function run_outdir_worker(p, args)
  local items, names = {}, {}
  for line in (slurp(args._outdir) or ""):gmatch("[^\n]+") do
    local fields = line:match("^fields\t(.*)$")
    if fields then
      if fields ~= "" then args.fields = fields end
    else
      local kind, path, out = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)$")
      items[#items + 1] = { kind = kind, path = path }
      names[path] = out
    end
  end
  args.output_names = names
  args.format = args.format or (args.delimiter and "text") or "jsonl"
  args.show_progress = false
  local s, err = run_to_dir(p, items, args, nil, nil)
  if not s then
    io.stderr:write("zhtext: ", require("zhtext.options").message(err), "\n")
    return 1
  end
  s.errors = nil
  spit(args._outdir .. ".sum", require("cjson").encode(s))
  return 0
end

-- =============================================================================================
-- Entry point

local function usage_error(msg)
  io.stderr:write("zhtext: ", require("zhtext.options").message(msg), "\n")
  return 2
end

--- Runs the command with the given argument list (default: the global `arg`); returns the exit code.
-- `opts.pipeline` supplies a pipeline instead of building one from the arguments (used by
-- workflow scripts: `pipeline:main()`).
function M.main(argv, opts)
  argv = argv or arg or {}
  opts = opts or {}
  local parser = M.parser()
  local list = {}
  for i = 1, #argv do list[i] = argv[i] end
  if opts.pipeline and list[1] ~= "run" then table.insert(list, 1, "run") end
  local ok, args = parser:pparse(list)
  if not ok then
    io.stderr:write(parser:get_usage(), "\n", "zhtext: ", args, "\n")
    return 2
  end
  if args.command == "explain" then return require("zhtext.explain").main(args) end
  if args.command == "report" then return require("zhtext.report").main(args) end
  if args.command == "fingerprint" or args.command == "dedupe-merge" then
    if not require("zhtext.compat").integers then
      io.stderr:write("zhtext: ", args.command, " needs Lua 5.3 or 5.4 (64-bit integers; docs/runtimes.md)\n")
      return 2
    end
    return require("zhtext.shuffle").main(args, M)
  end
  args.argv = argv
  local p, err
  local inputs = args.inputs or {}
  if opts.pipeline then
    p = opts.pipeline
  elseif args.command == "run" and inputs[1] and inputs[1]:match("%.lua$") then
    p, err = M.load_script(inputs[1])
    if not p then return usage_error(err) end
    table.remove(inputs, 1)
  else
    p, err = M.build(args)
    if not p then return usage_error(err) end
    args.own_stages = true -- only built-in stages, each record-local but dedupe: they may run batched
  end
  if args._worker then return run_worker(p, args) end
  if args._outdir then return run_outdir_worker(p, args) end
  if #inputs == 0 then inputs = { "-" } end
  if args.resume and not args.output then return usage_error("--resume needs --output FILE") end
  args.format = args.format or (args.delimiter and "text") or "jsonl"
  if args.resume and args.format ~= "jsonl" then return usage_error("--resume needs --format jsonl") end
  if args.output_dir and args.output then return usage_error("-o and --output-dir cannot be used together") end
  if args.glob then
    local gok, gerr = pcall(sources.glob_matcher, args.glob)
    if not gok then return usage_error(gerr) end
  end
  local items
  items, err = expand_inputs(inputs, args)
  if not items then return usage_error(err) end
  for _, it in ipairs(items) do
    if it.kind == "jsonl" then args.has_jsonl = true else args.has_files = true end
  end
  if args.output_dir then
    args.output_names, err = output_names(items, args)
    if not args.output_names then return usage_error(err) end
  end
  if args.no_progress then args.show_progress = false
  elseif args.progress then args.show_progress = not args.quiet
  else args.show_progress = not args.quiet and is_tty(io.stderr) end
  local st
  if args.resume then
    local g = p:first_global()
    local rok, r = pcall(resume_state, args.output, g and p.stages[g].prep or nil)
    if not rok then
      io.stderr:write("zhtext: ", tostring(r), "\n")
      return 1
    end
    st = r
  end
  local skip = skipper(st)
  args.prime = st and st.prime
  local uses_stdin = false
  for _, it in ipairs(items) do if it.path == "-" then uses_stdin = true end end
  -- stdin alone streams through one process unless --jobs asks for a split
  local jobs = args.jobs or ((uses_stdin and #items == 1) and 1 or ncores())
  local all_files = true
  for _, it in ipairs(items) do if it.kind ~= "file" then all_files = false end end
  args.unit = all_files and "files" or "rec"
  local total = 0
  if not uses_stdin then for _, it in ipairs(items) do total = total + (it.size or file_size(it.path)) end end
  local t0 = now()
  local summary
  if args.output_dir then
    if jobs > 1 and #items > 1 and not p:first_global() then
      summary, err = run_to_dir_parallel(items, args, jobs)
    else
      jobs = 1 -- one process: records are routed to their input's file as they come
      summary, err = run_to_dir(p, items, args, skip, total > 0 and total or nil)
    end
  elseif jobs > 1 and (#items > 1 or uses_stdin or (items[1] and items[1].kind == "jsonl")) then
    summary, err = run_parallel(p, items, args, skip, jobs)
  else
    args.streaming = uses_stdin
    summary, err = run_single(p, items, args, skip, total > 0 and total or nil)
  end
  if not summary then
    io.stderr:write("zhtext: ", require("zhtext.options").message(err), "\n")
    return 1
  end
  local secs = now() - t0
  print_summary(summary, secs, args)
  if args.verbose and not args.quiet then
    io.stderr:write(("zhtext: stages: %s; jobs %d; %.2f CPU s in the main process%s\n"):format(
      table.concat(p:names(), ", "), jobs, os.clock(),
      st and (", resumed after %d records, %d inputs skipped"):format(st.count, st.skipped or 0) or ""))
  end
  return summary.failed > 0 and 1 or 0
end

return M
