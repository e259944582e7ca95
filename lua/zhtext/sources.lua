--- Pipeline sources: where records come from.
-- A source is an iterator function: each call returns `record, meta` and `nil` at the end.
-- `record` is a Lua table (or `false` when the input could not be read: `meta.error` says why);
-- `meta` locates it for error messages: `file`, `line` (JSON Lines), `bytes` (input size) and
-- `unit` (1-based index of the input file or line within this source, used to split work).
--
-- Records from files are `{path = <file>, text = <UTF-8 contents>}` (plus the internal
-- `_encoding`, the file's encoding when it was not UTF-8); from JSON Lines, the decoded object,
-- with its input field (`text`, else `html`, or `opts.field`) moved to `text` (an `html` field
-- also sets the internal `_html`) and every other field carried unchanged.
-- @module zhtext.sources

local compat = require("zhtext.compat") -- Lua 5.1/LuaJIT: zhtext.compat
local utf8 = compat.utf8
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
  -- the size it has, + 1 to see a file that grew since (then up to the limit, + 1 to catch it):
  -- read(max + 1) would make a buffer of the limit's size (64 MB) for every file
  local s, rerr = f:read((size or max) + 1)
  if s and size and #s > size then
    local more
    more, rerr = f:read(max + 1 - #s)
    if more then s = s .. more end
  end
  f:close()
  if s == nil and rerr == nil then s = "" end
  if not s then return nil, path .. ": " .. tostring(rerr) end
  if #s > max then return nil, path .. ": " .. too_big(#s, max) end
  return s
end

local function check_max(fname, v)
  if v == nil then return M.MAX_BYTES end
  if compat.mtype(v) ~= "integer" or v < 1 then
    error(("bad option 'max_bytes' to '%s' (positive integer expected)"):format(fname), 3)
  end
  return v
end

-- Bytes to UTF-8: valid UTF-8 is kept as is, anything else goes through zt.decode (GBK, Big5...).
-- Also returns the encoding it decoded from (nil for UTF-8).
local function to_utf8(s)
  local z = zt()
  if z.utf8 and z.utf8.valid and not z.utf8.valid(s) and z.decode then
    local ok, out, used = pcall(z.decode, s)
    if ok and out then return out, used end
  end
  return s
end

local check_opts = require("zhtext.options").check

local function is_jsonl(path)
  return path:match("%.jsonl$") or path:match("%.ndjson$")
end

-- Shell globs, matched by this module rather than converted to Lua patterns: those cannot say
-- "not this character" for a multibyte one, nor "any number of directories" for **.
local SLASH, STAR, QMARK, BSLASH = 47, 42, 63, 92
local LBRACKET, RBRACKET, LBRACE, RBRACE, COMMA = 91, 93, 123, 125, 44
local MAX_ALTERNATIVES = 1024

-- The characters of s as code points (its bytes when s is not UTF-8, e.g. a GBK file name).
local function chars(s)
  local out = {}
  if utf8.len(s) then
    for _, c in utf8.codes(s) do out[#out + 1] = c end
  else
    for i = 1, #s do out[i] = s:byte(i) end
  end
  return out
end

local POSIX = { alpha = "%a", digit = "%d", alnum = "%w", upper = "%u", lower = "%l", space = "%s",
  punct = "%p", xdigit = "%x", blank = "[ \t]", cntrl = "%c" }

-- [...] starting at cs[i]: returns the item and the index after it, or nil (then "[" is literal).
local function parse_class(cs, i)
  local j = i + 1
  local neg = cs[j] == 33 or cs[j] == 94 -- [!...] or [^...]
  if neg then j = j + 1 end
  local ranges, first = {}, true
  while true do
    local c = cs[j]
    if c == nil then return nil end
    if c == RBRACKET and not first then return { "class", neg, ranges }, j + 1 end
    first = false
    if c == LBRACKET and cs[j + 1] == 58 then -- [:name:]
      local k, name = j + 2, {}
      while cs[k] and not (cs[k] == 58 and cs[k + 1] == RBRACKET) do name[#name + 1] = utf8.char(cs[k]); k = k + 1 end
      local pat = cs[k] and POSIX[table.concat(name)]
      if not pat then error(("bad glob: unknown character class '[:%s:]'"):format(table.concat(name)), 0) end
      ranges[#ranges + 1] = pat
      j = k + 2
    else
      if c == BSLASH and cs[j + 1] then j = j + 1; c = cs[j] end
      local hi = c
      if cs[j + 1] == 45 and cs[j + 2] and cs[j + 2] ~= RBRACKET then -- a-z
        j = j + 2
        if cs[j] == BSLASH and cs[j + 1] then j = j + 1 end
        hi = cs[j]
      end
      ranges[#ranges + 1] = { c, hi }
      j = j + 1
    end
  end
end

local parse_seq

-- {a,b,...} starting at cs[i]: returns the list of alternatives and the index after "}", or nil
-- (no comma, or no closing brace: then "{" is literal, as in the shell).
local function parse_braces(cs, i)
  local alts, j = {}, i + 1
  while true do
    local seq
    seq, j = parse_seq(cs, j, true)
    alts[#alts + 1] = seq
    if cs[j] == COMMA then
      j = j + 1
    elseif cs[j] == RBRACE then
      if #alts < 2 then return nil end
      return { "alt", alts }, j + 1
    else
      return nil
    end
  end
end

-- A sequence of items up to the end (or, inside braces, up to "," or "}").
function parse_seq(cs, i, inside)
  local seq = {}
  while cs[i] do
    local c = cs[i]
    if inside and (c == COMMA or c == RBRACE) then break end
    local item, nxt
    if c == BSLASH and cs[i + 1] then
      item, nxt = { "lit", cs[i + 1] }, i + 2
    elseif c == STAR then
      local j = i
      while cs[j] == STAR do j = j + 1 end
      local starts = i == 1 or cs[i - 1] == SLASH or (inside and (cs[i - 1] == LBRACE or cs[i - 1] == COMMA))
      local ends = cs[j] == nil or (inside and (cs[j] == COMMA or cs[j] == RBRACE))
      if j - i >= 2 and starts and cs[j] == SLASH then
        item, nxt = { "dirs" }, j + 1 -- **/ : no directory or any number of them
      elseif j - i >= 2 and starts and ends then
        item, nxt = { "all" }, j -- a whole ** segment: everything below
      else
        item, nxt = { "star" }, j
      end
    elseif c == QMARK then
      item, nxt = { "one" }, i + 1
    elseif c == LBRACKET then
      item, nxt = parse_class(cs, i)
    elseif c == LBRACE then
      item, nxt = parse_braces(cs, i)
    end
    if not item then item, nxt = { "lit", c }, i + 1 end
    seq[#seq + 1] = item
    i = nxt
  end
  return seq, i
end

-- Expands the {a,b} items of a sequence: a list of flat token lists.
local function expand(seq)
  local outs = { {} }
  for _, item in ipairs(seq) do
    if item[1] == "alt" then
      local nexts = {}
      for _, alt in ipairs(item[2]) do
        for _, tail in ipairs(expand(alt)) do
          for _, head in ipairs(outs) do
            local t = compat.move(head, 1, #head, 1, {})
            compat.move(tail, 1, #tail, #t + 1, t)
            nexts[#nexts + 1] = t
            if #nexts > MAX_ALTERNATIVES then
              error(("bad glob: more than %d alternatives"):format(MAX_ALTERNATIVES), 0)
            end
          end
        end
      end
      outs = nexts
    else
      for _, t in ipairs(outs) do t[#t + 1] = item end
    end
  end
  return outs
end

local function in_class(item, c)
  local hit = false
  for _, r in ipairs(item[3]) do
    if type(r) == "string" then
      hit = c < 128 and string.char(c):match(r) ~= nil
    else
      hit = c >= r[1] and c <= r[2]
    end
    if hit then break end
  end
  return hit ~= item[2]
end

-- Whether the token list matches all of the code points cs: the tokens run as an NFA (a set
-- of positions advanced character by character), so time is |tokens| x |name|, never more.
local function nfa_match(toks, cs)
  local m = #toks
  local function add(set, k)
    if set[k] then return end
    set[k] = true
    local t = toks[k]
    if t and (t[1] == "star" or t[1] == "all" or t[1] == "dirs") then add(set, k + 1) end
  end
  local cur = {}
  add(cur, 1)
  for _, c in ipairs(cs) do
    local nxt = {}
    for k in pairs(cur) do
      local t = toks[k]
      if t then
        local kind = t[1]
        if kind == "lit" then
          if c == t[2] then add(nxt, k + 1) end
        elseif kind == "one" then
          if c ~= SLASH then add(nxt, k + 1) end
        elseif kind == "class" then
          if c ~= SLASH and in_class(t, c) then add(nxt, k + 1) end
        elseif kind == "star" then
          if c ~= SLASH then add(nxt, k) end
        elseif kind == "all" then
          add(nxt, k)
        else -- dirs
          add(nxt, k)
          if c == SLASH then add(nxt, k + 1) end
        end
      end
    end
    cur = nxt
    if next(cur) == nil then return false end
  end
  return cur[m + 1] == true
end

--- A matcher for a shell glob: `*` (any characters but /), `?` (one character), `[abc]`,
-- `[a-z]`, `[!abc]` or `[^abc]`, `[[:digit:]]`..., `{a,b}` (nested too), `**` (as a whole
-- path segment: any number of directories), `\` escaping the next character; every other
-- character, Lua pattern characters such as `.` `%` `-` included, stands for itself.
-- Returns `function(path) -> boolean`; a glob without `/` is matched against the base name
-- of path, one with `/` against the whole (relative) path.
function M.glob_matcher(glob)
  if type(glob) ~= "string" then error("bad argument #1 to 'glob_matcher' (string expected)", 2) end
  local alts = expand((parse_seq(chars(glob), 1, false)))
  local whole = glob:find("/", 1, true) ~= nil
  return function(path)
    local s = whole and path or path:match("[^/]*$")
    local cs = chars(s)
    for _, toks in ipairs(alts) do
      if nfa_match(toks, cs) then return true end
    end
    return false
  end
end

--- Lists the regular files under a directory, sorted, recursively unless `opts.recursive == false`;
-- hidden entries (starting with a dot) are skipped; `opts.glob` filters base names (or paths
-- below dir, when the glob has a /: "sub/**/*.html"; see glob_matcher).
-- Symbolic links are followed, but each directory (device and inode) is walked once, so a link
-- back up the tree neither repeats files nor loops. Returns the list, the directories that
-- could not be read and the entries that could not be looked at (a link to nothing), as
-- `{{path = d, error = message}, ...}` (the walk goes on without them),
-- and the files' sizes in bytes (a list parallel to the first).
function M.list_dir(dir, opts)
  local lfs = require("lfs")
  local stat = require("zhtext.core").io.stat -- one stat and no table per entry
  opts = opts or {}
  local match = opts.glob and M.glob_matcher(opts.glob)
  local top = dir:sub(-1) == "/" and #dir or #dir + 1 -- where paths below dir start
  local out, errors, sizes, seen = {}, {}, {}, {}
  local function walk(d, id)
    if seen[id] then return end
    seen[id] = true
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
      local mode, size, pid = stat(p)
      if not mode then
        -- a link to nothing (or an entry gone or forbidden since the listing): said, not skipped
        errors[#errors + 1] = { path = p, error = ("%s: %s"):format(p, tostring(size)) }
      elseif mode == "directory" then
        if opts.recursive ~= false then walk(p, pid) end
      elseif mode == "file" and (not match or match(p:sub(top + 1))) then
        out[#out + 1] = p
        sizes[#out] = size
      end
    end
  end
  local mode, _, id = stat(dir)
  if mode ~= "directory" then
    error(("%s: %s"):format(dir, mode and "not a directory" or "no such file or directory"), 2)
  end
  walk(dir, id)
  return out, errors, sizes
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

-- src, preceded by a failed record per unreadable directory (when there are any).
local function with_failures(errors, src)
  if #errors == 0 then return src end
  local parts, i = { failures(errors), src }, 0
  return M.chain(function()
    i = i + 1
    return parts[i]
  end)
end

-- The id of a line that is not valid JSON, when it plainly starts with one ({"id": "x" or 12),
-- so that its failure names the record.
local function leading_id(line)
  local s = line:match('^%s*{%s*"id"%s*:%s*"([^"\\]*)"')
  if s then return s end
  s = line:match('^%s*{%s*"id"%s*:%s*(%-?%d+)[%s,}]')
  return s and compat.tointeger(tonumber(s)) or nil
end

-- Turns one decoded JSON object into a record (input field moved to `text`); on failure returns
-- false, the reason and the record's id when it has one.
local function jsonl_record(line, field)
  local obj, err = decode(line)
  if type(obj) ~= "table" or obj[1] ~= nil then
    return false, err and ("invalid JSON: " .. err) or "a JSON Lines record must be an object", leading_id(line)
  end
  local f = field
  if not f then f = obj.text ~= nil and "text" or (obj.html ~= nil and "html") or "text" end
  local v = obj[f]
  local id = obj.id
  if type(id) ~= "string" and type(id) ~= "number" then id = nil end
  if v == nil then return false, ("no field '%s'"):format(f), id end
  if type(v) ~= "string" then return false, ("field '%s' is not a string"):format(f), id end
  if f ~= "text" then obj[f] = nil end
  obj.text = v
  if f == "html" then obj._html = true end -- parse it as HTML, even a fragment
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
        local rec, err, id = jsonl_record(line, opts.field)
        if not rec then
          meta.error, meta.id = err, id
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
        local enc
        if opts.decode ~= false then s, enc = to_utf8(s) end
        -- _encoding (internal: not written) is what the file was, for parse's `encoding`
        return { path = path, text = s, _encoding = enc }, { file = path, bytes = bytes }
      end
    end
  end)
end

--- The files of a directory (recursive unless `opts.recursive == false`; `opts.glob`, e.g.
-- "*.{html,htm,txt}", filters base names, or paths below dir when it has a /, see
-- glob_matcher), one record each, in sorted order.
function M.dir(dir, opts)
  opts = check_opts("source.dir", opts, { glob = true, recursive = true, field = true, decode = true, skip = true,
    max_bytes = true })
  local files, errors = M.list_dir(dir, opts)
  local src = M.files(files, { field = opts.field, decode = opts.decode, skip = opts.skip, max_bytes = opts.max_bytes })
  return with_failures(errors, src)
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
  return with_failures(errors, src)
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
