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

-- Top-level keys come out in this order, then any others alphabetically, so that the same record
-- is always the same line: the record's own keys, the article's fields in the order of their one
-- schema (zhtext.core.article_fields, from src/zt_article_fields.def), then what the analysis
-- stages add.
local core = require("zhtext.core")
local ORDER = {}
do
  local names = { "id", "url", "path" }
  for _, f in ipairs(core.article_fields) do names[#names + 1] = f.name end
  for _, k in ipairs { "text", "words", "pos", "meta_keywords", "simhash", "duplicate_of" } do names[#names + 1] = k end
  for i, k in ipairs(names) do ORDER[k] = i end
end
M.ORDER = ORDER

local cjson_decode
local function json_decode(line)
  if not cjson_decode then cjson_decode = require("cjson").decode end
  return cjson_decode(line)
end

--- Encodes one record as a JSON object (zhtext.core.json_encode, the project's one JSON
-- encoder): keys in a fixed order (see ORDER), values as lua-cjson writes them, `/` not escaped,
-- an empty table as `[]` (in a record it is a list: authors, words...), internal fields (names
-- starting with "_") left out, and always valid UTF-8 (each byte of an invalid sequence in a
-- string becomes U+FFFD).
local json_encode = core.json_encode
local utf8_repair = core.utf8_repair
local cio_copy = core.io.copy
function M.encode(rec) return json_encode(rec, ORDER) end

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
    -- copies n bytes at offset of the file descriptor fd (encoded lines, newlines included)
    -- into the output (the parallel runner, from a worker's file); nil when fields must be picked
    copy_from = not fields and function(fd, offset, n)
      local ok, err = cio_copy(fd, offset, n, fh)
      if not ok then error(("writing %s: %s"):format(name, tostring(err)), 0) end
    end or nil,
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
  -- numbers as JSON Lines writes them: a JSON id 1 (a float after decoding) is 1, not 1.0
  if t == "number" then return M.encode(v) end
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
    -- valid UTF-8 as in JSON Lines (each byte of an ill-formed sequence becomes U+FFFD)
    for i, v in ipairs(vals) do out[i] = quote(utf8_repair(v)) end
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
-- newlines inside values escaped as \t, \n; arrays joined with spaces; always valid UTF-8, as
-- JSON Lines).
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
