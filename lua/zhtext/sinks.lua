--- Pipeline sinks: where records go.
-- A sink is a table with `write(record)` and optional `close()` (called at the end of a run),
-- or a plain function `record -> ()`. Sinks given a file name open (and close) it; sinks given a
-- handle write to it and only flush it.
-- @module zhtext.sinks

local M = {}

local check_opts = require("zhtext.options").check

-- Returns the handle, whether the sink owns it, and the name write errors give.
local function open_out(dest, fname, append)
  if dest == nil then return io.stdout, false, "standard output" end
  if type(dest) == "string" then
    if dest == "-" then return io.stdout, false, "standard output" end
    local f, err = io.open(dest, append and "ab" or "wb")
    if not f then error(err, 3) end
    return f, true, dest
  end
  if io.type(dest) ~= "file" then error(("bad argument #1 to '%s' (file name or handle expected)"):format(fname), 3) end
  return dest, false, dest == io.stdout and "standard output" or "output"
end

-- Buffered writes only fail for real at the flush or close (a full disk, /dev/full), so both
-- are checked: a sink never reports success for records that did not reach the file.
local function finish(fh, own, name)
  local ok, err
  if own then ok, err = fh:close() else ok, err = fh:flush() end
  if not ok then error(("writing %s: %s"):format(name, tostring(err)), 0) end
end
M.finish = finish

-- Replaces every plain occurrence of `what` (string.find without patterns: much faster than
-- gsub on long strings).
local find, sub, concat = string.find, string.sub, table.concat
local function replace(s, what, with)
  local i = find(s, what, 1, true)
  if not i then return s end
  local parts, n, start, len = {}, 0, 1, #what
  while i do
    parts[n + 1], parts[n + 2] = sub(s, start, i - 1), with
    n = n + 2
    start = i + len
    i = find(s, what, start, true)
  end
  parts[n + 1] = sub(s, start)
  return concat(parts)
end

-- Top-level keys come out in this order, then any others alphabetically, so that the same record
-- is always the same line (lua-cjson alone follows the table's hash order, which changes from one
-- process to the next).
local ORDER = {}
for i, k in ipairs { "id", "url", "path", "title", "date", "site", "domain", "source", "authors", "editors",
  "photographers", "copyright", "description", "text", "paragraphs", "related", "warnings", "words", "pos", "keywords",
  "meta_keywords", "simhash", "duplicate_of" } do
  ORDER[k] = i
end
local function key_before(a, b)
  local oa, ob = ORDER[a] or 1000, ORDER[b] or 1000
  if oa ~= ob then return oa < ob end
  return a < b
end

-- JSON text must be UTF-8 but lua-cjson copies string bytes as they are: each byte of an invalid
-- sequence (a raw \xff from a JSON Lines input, a cut multi-byte character) becomes U+FFFD.
-- Only bytes inside strings can be invalid, so repairing the encoded line keeps it valid JSON.
local utf8_len = require("zhtext.compat").utf8.len -- Lua 5.1/LuaJIT: zhtext.compat
local function valid_utf8(s)
  if utf8_len(s) then return s end
  local parts, n, i = {}, 0, 1
  while true do
    local ok, bad = utf8_len(s, i)
    if ok then break end
    n = n + 1
    parts[n] = sub(s, i, bad - 1) .. "\239\191\189"
    i = bad + 1
  end
  parts[n + 1] = sub(s, i)
  return concat(parts)
end
M.valid_utf8 = valid_utf8

local cjson_decode
local function json_decode(line)
  if not cjson_decode then cjson_decode = require("cjson").decode end
  return cjson_decode(line)
end

local cjson_encode
--- Encodes one record as a JSON object: keys in a fixed order (see ORDER), values by lua-cjson,
-- `/` not escaped, an empty table as `[]` (in a record it is a list: authors, words...),
-- internal fields (names starting with "_") left out, and always valid UTF-8 (each byte of an
-- invalid sequence in a string becomes U+FFFD).
function M.encode(rec)
  if not cjson_encode then cjson_encode = require("cjson").encode end
  local keys, n = {}, 0
  for k in pairs(rec) do
    if type(k) ~= "string" then return valid_utf8(replace(cjson_encode(rec), "\\/", "/")) end
    if k:byte(1) ~= 95 then -- "_"
      n = n + 1
      keys[n] = k
    end
  end
  table.sort(keys, key_before)
  local parts = {}
  for i = 1, n do
    local k = keys[i]
    local v = rec[k]
    parts[i] = cjson_encode(k) .. ":" .. ((type(v) == "table" and next(v) == nil) and "[]" or cjson_encode(v))
  end
  return valid_utf8(replace("{" .. concat(parts, ",") .. "}", "\\/", "/"))
end

--- JSON Lines: one object per record. Options: `fields` (list: keep only these keys),
-- `append` (open a named file for appending).
function M.jsonl(dest, opts)
  opts = check_opts("sink.jsonl", opts, { fields = true, append = true })
  local fh, own, name = open_out(dest, "sink.jsonl", opts.append)
  local fields = opts.fields
  local enc = M.encode
  return {
    handle = fh,
    name = name,
    write = function(rec)
      if fields then
        local r = {}
        for _, k in ipairs(fields) do r[k] = rec[k] end
        rec = r
      end
      local ok, err = fh:write(enc(rec), "\n")
      if not ok then error(("writing %s: %s"):format(name, tostring(err)), 0) end
    end,
    -- writes an already encoded line (used by the parallel runner)
    write_line = function(line)
      if fields then
        -- keep only the fields, as write does
        local rec, r = json_decode(line), {}
        for _, k in ipairs(fields) do r[k] = rec[k] end
        line = enc(r)
      end
      local ok, err = fh:write(line, "\n")
      if not ok then error(("writing %s: %s"):format(name, tostring(err)), 0) end
    end,
    -- pushes what is buffered to the file (the parallel runner, after each work item)
    flush = function()
      local ok, err = fh:flush()
      if not ok then error(("writing %s: %s"):format(name, tostring(err)), 0) end
    end,
    close = function() finish(fh, own, name) end,
  }
end

-- A field value as one table cell: arrays are joined with spaces ({word, weight} pairs as word),
-- other tables are JSON.
local function cell(v)
  local t = type(v)
  if v == nil then return "" end
  if t == "table" then
    if #v > 0 or next(v) == nil then
      local parts = {}
      for i, x in ipairs(v) do
        parts[i] = type(x) == "table" and tostring(x[1] or x.word or "") or tostring(x)
      end
      return table.concat(parts, " ")
    end
    return M.encode(v)
  end
  return tostring(v)
end

local function delimited(name, sep, quote, dest, fields, opts)
  opts = check_opts(name, opts, { header = true, append = true })
  if type(fields) ~= "table" or #fields == 0 then
    error(("bad argument #2 to '%s' (a list of field names expected)"):format(name), 3)
  end
  local fh, own, fname = open_out(dest, name, opts.append)
  local header = opts.header ~= false
  local function row(vals)
    local out = {}
    for i, v in ipairs(vals) do out[i] = quote(v) end
    local ok, err = fh:write(table.concat(out, sep), "\n")
    if not ok then error(("writing %s: %s"):format(fname, tostring(err)), 0) end
  end
  local function write(rec)
    if header then row(fields); header = false end
    local vals = {}
    for i, k in ipairs(fields) do vals[i] = cell(rec[k]) end
    row(vals)
  end
  return {
    handle = fh,
    write = write,
    -- a record already encoded as JSON (from the parallel runner's workers)
    write_line = function(line) write(json_decode(line)) end,
    flush = function()
      local ok, err = fh:flush()
      if not ok then error(("writing %s: %s"):format(fname, tostring(err)), 0) end
    end,
    close = function()
      if header then row(fields); header = false end
      finish(fh, own, fname)
    end,
  }
end

local function tsv_quote(v)
  return (v:gsub("[\t\r\n\\]", { ["\t"] = "\\t", ["\r"] = "\\r", ["\n"] = "\\n", ["\\"] = "\\\\" }))
end

local function csv_quote(v)
  if v:find('[,"\r\n]') then return '"' .. v:gsub('"', '""') .. '"' end
  return v
end

--- Tab-separated values of the chosen fields (header row unless `opts.header == false`; tabs and
-- newlines inside values escaped as \t, \n; arrays joined with spaces).
function M.tsv(dest, fields, opts) return delimited("sink.tsv", "\t", tsv_quote, dest, fields, opts) end

--- Comma-separated values (RFC 4180 quoting) of the chosen fields.
function M.csv(dest, fields, opts) return delimited("sink.csv", ",", csv_quote, dest, fields, opts) end

--- Plain text: `render(record)` for each record (a string, written with a newline after it; nil
-- writes nothing). Options: `append`.
function M.text(dest, render, opts)
  opts = check_opts("sink.text", opts, { append = true })
  if type(render) ~= "function" then error("bad argument #2 to 'sink.text' (function expected)", 2) end
  local fh, own = open_out(dest, "sink.text", opts.append)
  local function write(rec)
    local s = render(rec)
    if s == nil then return end
    local ok, err = fh:write(s, "\n")
    if not ok then error("writing output: " .. tostring(err), 0) end
  end
  return {
    handle = fh,
    write = write,
    write_line = function(line) write(json_decode(line)) end,
    flush = function()
      local ok, err = fh:flush()
      if not ok then error("writing output: " .. tostring(err), 0) end
    end,
    close = function() finish(fh, own) end,
  }
end

--- Calls fn(record) for every record.
function M.callback(fn)
  if type(fn) ~= "function" then error("bad argument #1 to 'sink.callback' (function expected)", 2) end
  return { write = fn }
end

--- Collects records into `sink.records` (handy in tests and small scripts).
function M.collect()
  local s = { records = {} }
  s.write = function(rec) s.records[#s.records + 1] = rec end
  return s
end

--- Discards records (counts them).
function M.null()
  local s = { count = 0 }
  s.write = function() s.count = s.count + 1 end
  return s
end

return M
