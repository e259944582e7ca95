--- Pipeline sources: where records come from.
-- A source is an iterator function: each call returns `record, meta` and `nil` at the end.
-- `record` is a Lua table (or `false` when the input could not be read: `meta.error` says why);
-- `meta` locates it for error messages: `file`, `line` (JSON Lines), `bytes` (input size) and
-- `unit` (1-based index of the input file or line within this source, used to split work).
--
-- Records from files are `{path = <file>, text = <UTF-8 contents>}`; from JSON Lines, the decoded
-- object, with its input field (`text`, else `html`, or `opts.field`) moved to `text` and every
-- other field carried unchanged.
-- @module zhtext.sources

local M = {}

local function zt() return require("zhtext") end

local json_decode
local function decode(s)
  if not json_decode then json_decode = require("cjson.safe").decode end
  return json_decode(s)
end

--- The default per-input size limit (`max_bytes`, `--max-bytes`): 64 MB per file, per JSON
-- Lines record (line).
M.MAX_BYTES = 64 * 1024 * 1024

local function core_io() return require("zhtext.core").io end

local function too_big(n, max)
  return ("%d bytes, more than the size limit of %d bytes (max_bytes, --max-bytes)"):format(n, max)
end

-- Reads a whole file of at most max bytes: a bigger one (a 10 GB sparse file) is refused before
-- anything is read.
local function read_file(path, max)
  local f, err = io.open(path, "rb")
  if not f then return nil, err end
  local size = f:seek("end")
  if size and size > max then
    f:close()
    return nil, path .. ": " .. too_big(size, max)
  end
  f:seek("set")
  local s, rerr = f:read(max + 1) -- + 1: a file that grew since is still caught
  f:close()
  if s == nil and rerr == nil then s = "" end
  if not s then return nil, path .. ": " .. tostring(rerr) end
  if #s > max then return nil, path .. ": " .. too_big(#s, max) end
  return s
end

local function check_max(fname, v)
  if v == nil then return M.MAX_BYTES end
  if math.type(v) ~= "integer" or v < 1 then
    error(("bad option 'max_bytes' to '%s' (positive integer expected)"):format(fname), 3)
  end
  return v
end

-- Bytes to UTF-8: valid UTF-8 is kept as is, anything else goes through zt.decode (GBK, Big5...).
local function to_utf8(s)
  local z = zt()
  if z.utf8 and z.utf8.valid and not z.utf8.valid(s) and z.decode then
    local ok, out = pcall(z.decode, s)
    if ok and out then return out end
  end
  return s
end

local check_opts = require("zhtext.options").check

local function is_jsonl(path)
  return path:match("%.jsonl$") or path:match("%.ndjson$")
end

--- Converts a shell glob (`*`, `?`, `[...]`, `{a,b}`) into a list of anchored Lua patterns.
function M.glob_patterns(glob)
  local alts = { glob }
  local out = {}
  -- expand one level of {a,b,c} at a time
  local i = 1
  while i <= #alts do
    local g = alts[i]
    local pre, body, post = g:match("^(.-){([^{}]*)}(.*)$")
    if pre then
      table.remove(alts, i)
      for part in (body .. ","):gmatch("([^,]*),") do alts[#alts + 1] = pre .. part .. post end
    else
      i = i + 1
    end
  end
  for _, g in ipairs(alts) do
    local p = g:gsub("[%^%$%(%)%%%.%+%-]", "%%%0"):gsub("%*", ".*"):gsub("%?", ".")
    out[#out + 1] = "^" .. p .. "$"
  end
  return out
end

local function glob_match(pats, name)
  for _, p in ipairs(pats) do
    if name:match(p) then return true end
  end
  return false
end

--- Lists the regular files under a directory, sorted, recursively unless `opts.recursive == false`;
-- hidden entries (starting with a dot) are skipped; `opts.glob` filters base names.
-- Symbolic links are followed, but each directory (device and inode) is walked once, so a link
-- back up the tree neither repeats files nor loops. Returns the list and the directories that
-- could not be read, as `{{path = d, error = message}, ...}` (the walk goes on without them).
function M.list_dir(dir, opts)
  local lfs = require("lfs")
  opts = opts or {}
  local pats = opts.glob and M.glob_patterns(opts.glob)
  local out, errors, seen = {}, {}, {}
  local function walk(d, attr)
    if attr then
      local key = attr.dev .. ":" .. attr.ino
      if seen[key] then return end
      seen[key] = true
    end
    local names = {}
    local ok, iter, state = pcall(lfs.dir, d)
    if not ok then
      errors[#errors + 1] = { path = d, error = ("%s: %s"):format(d, (tostring(iter):gsub("^.-: ", ""))) }
      return
    end
    for name in iter, state do
      if name ~= "." and name ~= ".." and name:sub(1, 1) ~= "." then names[#names + 1] = name end
    end
    table.sort(names)
    for _, name in ipairs(names) do
      local p = d:sub(-1) == "/" and d .. name or d .. "/" .. name
      local a = lfs.attributes(p)
      local mode = a and a.mode
      if mode == "directory" then
        if opts.recursive ~= false then walk(p, a) end
      elseif mode == "file" and (not pats or glob_match(pats, name)) then
        out[#out + 1] = p
      end
    end
  end
  local root = lfs.attributes(dir)
  if not root or root.mode ~= "directory" then
    error(("%s: %s"):format(dir, root and "not a directory" or "no such file or directory"), 2)
  end
  walk(dir, root)
  return out, errors
end

-- A source of one failed record per directory list_dir could not read.
local function failures(errors)
  local i = 0
  return function()
    i = i + 1
    local e = errors[i]
    if not e then return nil end
    return false, { file = e.path, error = e.error, bytes = 0 }
  end
end

-- Turns one decoded JSON object into a record (input field moved to `text`).
local function jsonl_record(line, field)
  local obj, err = decode(line)
  if type(obj) ~= "table" or obj[1] ~= nil then
    return false, err and ("invalid JSON: " .. err) or "a JSON Lines record must be an object"
  end
  local f = field
  if not f then f = obj.text ~= nil and "text" or (obj.html ~= nil and "html") or "text" end
  local v = obj[f]
  if v == nil then return false, ("no field '%s'"):format(f) end
  if type(v) ~= "string" then return false, ("field '%s' is not a string"):format(f) end
  if f ~= "text" then obj[f] = nil end
  obj.text = v
  return obj
end

--- Records from JSON Lines: a file name or an open handle (read to the end, not closed).
-- Options: `field` (the input field; default `text`, else `html`), `name` (for messages),
-- `line_offset` (added to line numbers), `skip(record, meta) -> true` (records to leave out),
-- `max_bytes` (the longest line taken, default 64 MB: a longer one is a failed record, skipped
-- without being held in memory; the stream itself has no limit), `stop` (read only this many
-- bytes from the handle's position) and `too_long` (a set of line numbers whose lines, longer
-- than max_bytes, were left out of the copy being read: failed records) for the parallel runner.
-- Blank lines are skipped (not counted); a line that is not a JSON object is a failed record.
function M.jsonl(src, opts)
  opts = check_opts("source.jsonl", opts, { field = true, name = true, skip = true, line_offset = true,
    max_bytes = true, stop = true, too_long = true })
  local max = check_max("source.jsonl", opts.max_bytes)
  local fh, name, own = src, opts.name, false
  if type(src) == "string" then
    name = name or src
    local f, err = io.open(src, "rb")
    if not f then error(err, 2) end
    fh, own = f, true
  elseif io.type(src) ~= "file" then
    error("bad argument #1 to 'source.jsonl' (file name or handle expected)", 2)
  end
  name = name or "-"
  local lineno = opts.line_offset or 0
  local readline = core_io().readline
  local left = opts.stop or math.huge
  local skip = opts.skip
  local too_long = opts.too_long or {}
  return function()
    while true do
      local line, n
      if left > 0 then
        line, n = readline(fh, max)
        if line == nil and n ~= nil then error(("%s: %s"):format(name, tostring(n)), 0) end
      end
      if line == nil then
        if own then fh:close(); own = false end
        return nil
      end
      left = left - n
      lineno = lineno + 1
      if line == false or too_long[lineno] then
        return false, { file = name, line = lineno, bytes = n, unit = lineno,
          error = "line of " .. too_big(too_long[lineno] or n, max) }
      end
      if line:find("%S") then
        local meta = { file = name, line = lineno, bytes = n, unit = lineno }
        local rec, err = jsonl_record(line, opts.field)
        if not rec then
          meta.error = err
          return false, meta
        end
        if not (skip and skip(rec, meta)) then return rec, meta end
      end
    end
  end
end

--- JSON Lines from standard input (see `jsonl`).
function M.stdin(opts)
  opts = opts or {}
  local o = { field = opts.field, name = opts.name or "-", skip = opts.skip, max_bytes = opts.max_bytes }
  return M.jsonl(io.stdin, o)
end

--- One record per file: `{path = p, text = contents}` (contents decoded to UTF-8 unless
-- `opts.decode == false`). Files ending in .jsonl/.ndjson are read as JSON Lines instead.
-- `files` is a list of names (or one name). Options: `field`, `decode`, `skip(record) -> true`
-- (inputs to skip, e.g. for --resume; called with `{path = p}` before reading a file),
-- `max_bytes` (default 64 MB, M.MAX_BYTES: a bigger file is a failed record, stage "read", and is
-- not read; for JSON Lines files it limits each line). `dir` and `paths` take it too, and report
-- each directory they cannot read as a failed record.
-- @function files
-- @param files a list of file names, or one name
-- @tparam[opt] table opts `field`, `decode`, `skip`, `max_bytes`
-- @return a source

--- Chains sub-sources into one source that numbers its records (meta.unit) across them all.
-- `step()` is called whenever the current sub-source is used up: it returns the next
-- sub-source (an iterator), or one record (false for a failed input) and its meta, or nothing
-- at the end.
function M.chain(step)
  local cur, unit = nil, 0
  return function()
    while true do
      if cur then
        local rec, meta = cur()
        if rec ~= nil then
          unit = unit + 1
          meta.unit = unit
          return rec, meta
        end
        cur = nil
      end
      local nxt, meta = step()
      if type(nxt) == "function" then
        cur = nxt
      elseif meta then
        unit = unit + 1
        meta.unit = unit
        return nxt, meta
      else
        return nil
      end
    end
  end
end

function M.files(files, opts)
  opts = check_opts("source.files", opts, { field = true, decode = true, skip = true, max_bytes = true })
  local max = check_max("source.files", opts.max_bytes)
  if type(files) == "string" then files = { files } end
  if type(files) ~= "table" then error("bad argument #1 to 'source.files' (list of file names expected)", 2) end
  local i = 0
  return M.chain(function()
    while true do
      i = i + 1
      local path = files[i]
      if not path then return nil end
      if is_jsonl(path) then
        local ok, it = pcall(M.jsonl, path, { field = opts.field, skip = opts.skip, max_bytes = max })
        if ok then return it end
        return false, { file = path, error = tostring(it), bytes = 0 }
      elseif not (opts.skip and opts.skip({ path = path })) then
        local s, err = read_file(path, max)
        if not s then return false, { file = path, error = err, bytes = 0 } end
        local bytes = #s
        if opts.decode ~= false then s = to_utf8(s) end
        return { path = path, text = s }, { file = path, bytes = bytes }
      end
    end
  end)
end

--- The files of a directory (recursive unless `opts.recursive == false`; `opts.glob`, e.g.
-- "*.{html,htm,txt}", filters base names), one record each, in sorted order.
function M.dir(dir, opts)
  opts = check_opts("source.dir", opts, { glob = true, recursive = true, field = true, decode = true, skip = true,
    max_bytes = true })
  local files, errors = M.list_dir(dir, opts)
  local src = M.files(files, { field = opts.field, decode = opts.decode, skip = opts.skip, max_bytes = opts.max_bytes })
  if #errors == 0 then return src end
  local parts, i = { failures(errors), src }, 0
  return M.chain(function()
    i = i + 1
    return parts[i]
  end)
end

--- Command-line style inputs: a list of files, directories and "-" (JSON Lines on stdin).
-- Options as for `dir` (glob applies to directories only).
function M.paths(list, opts)
  opts = check_opts("source.paths", opts, { glob = true, recursive = true, field = true, decode = true, skip = true,
    max_bytes = true })
  local lfs = require("lfs")
  local files, errors = {}, {}
  for _, p in ipairs(list) do
    if p == "-" then
      files[#files + 1] = "-"
    elseif lfs.attributes(p, "mode") == "directory" then
      local found, errs = M.list_dir(p, opts)
      for _, f in ipairs(found) do files[#files + 1] = f end
      for _, e in ipairs(errs) do errors[#errors + 1] = e end
    else
      files[#files + 1] = p
    end
  end
  local src = M.concat_files(files, opts)
  if #errors == 0 then return src end
  local parts, i = { failures(errors), src }, 0
  return M.chain(function()
    i = i + 1
    return parts[i]
  end)
end

-- Like files(), but "-" in the list reads JSON Lines from stdin.
function M.concat_files(files, opts)
  local parts = {}
  local run = {}
  for _, f in ipairs(files) do
    if f == "-" then
      if #run > 0 then parts[#parts + 1] = run; run = {} end
      parts[#parts + 1] = "-"
    else
      run[#run + 1] = f
    end
  end
  if #run > 0 then parts[#parts + 1] = run end
  local fopts = { field = opts and opts.field, decode = opts and opts.decode, skip = opts and opts.skip,
    max_bytes = opts and opts.max_bytes }
  local i = 0
  return M.chain(function()
    i = i + 1
    local p = parts[i]
    if not p then return nil end
    if p == "-" then return M.stdin(fopts) end
    return M.files(p, fopts)
  end)
end

--- Records from a Lua list (each record is shallow-copied, so the list is left untouched).
function M.list(records, opts)
  opts = check_opts("source.list", opts, { name = true })
  local i, name = 0, opts.name or "list"
  return function()
    i = i + 1
    local r = records[i]
    if r == nil then return nil end
    local rec = {}
    for k, v in pairs(r) do rec[k] = v end
    return rec, { file = name, line = i, unit = i, bytes = type(r.text) == "string" and #r.text or 0 }
  end
end

return M
