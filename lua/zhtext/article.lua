--- Article parsing: a scraped Chinese article (text or HTML) → one structured record.
-- Available as `zhtext.article`.
-- @module zhtext.article

local utf8 = require("zhtext.compat").utf8 -- Lua 5.1/LuaJIT: zhtext.compat
local core = require("zhtext.core")

local M = {}

--- Parses an article.
-- @function parse
-- @tparam string input plain text or HTML, UTF-8 or GBK/GB18030/Big5 bytes (decoded first)
-- @tparam[opt] table opts `clean` (cleaning options table, or false for values as written),
--   `now` (reference time for relative dates: Unix seconds, read in UTC+08:00, or a date string),
--   `url` (the page's URL, for the domain), `explain` (boolean: add `lines`),
--   `mode` ("auto", "text" or "html")
-- @treturn table the record: title, date, site, domain, source, copyright, description (strings
--   or nil); authors, editors, photographers, paragraphs, related, keywords (arrays);
--   warnings (array: each a limit that changed what was read, e.g. HTML nested deeper than
--   libxml2 allows, whose inner elements were flattened; empty for an ordinary page);
--   format ("text"/"html"), encoding; lines (with explain: {text, kind, rule} per line)
M.parse = core.article_parse

--- Finds a date in s and returns it as ISO 8601, or nil.
-- @function parse_date
-- @tparam string s
-- @param[opt] now reference time for relative dates (Unix seconds or a date string)
-- @treturn string|nil
M.parse_date = core.article_parse_date

-- Record fields in output order, and which are arrays.
local FIELDS = {
  "title", "date", "site", "domain", "source", "authors", "editors", "photographers",
  "copyright", "keywords", "description", "paragraphs", "related", "warnings",
}
local ARRAY = {
  authors = true, editors = true, photographers = true, paragraphs = true, related = true,
  keywords = true, lines = true, warnings = true,
}

local ESC = {
  ['"'] = '\\"', ["\\"] = "\\\\", ["\b"] = "\\b", ["\f"] = "\\f", ["\n"] = "\\n",
  ["\r"] = "\\r", ["\t"] = "\\t",
}

-- A JSON string: UTF-8 left as is (invalid bytes become U+FFFD), only what JSON requires escaped.
local function jstr(s)
  if not utf8.len(s) then
    local out, i = {}, 1
    while i <= #s do
      local ok, pos = utf8.len(s, i)
      if ok then
        out[#out + 1] = s:sub(i)
        break
      end
      out[#out + 1] = s:sub(i, pos - 1) .. "\239\191\189"
      i = pos + 1
    end
    s = table.concat(out)
  end
  return '"' .. s:gsub('[%c"\\]', function(c)
    return ESC[c] or string.format("\\u%04x", c:byte())
  end) .. '"'
end

local function encode_value(v, indent)
  local t = type(v)
  if v == nil then return "null" end
  if t == "string" then return jstr(v) end
  if t == "number" or t == "boolean" then
    -- lua-cjson for numbers (and its rules for non-finite ones)
    return require("cjson").encode(v)
  end
  if t == "table" then
    if #v == 0 and next(v) == nil then return "[]" end
    local inner = indent .. "  "
    local parts = {}
    if #v > 0 then
      for i = 1, #v do parts[i] = inner .. encode_value(v[i], inner) end
      return "[\n" .. table.concat(parts, ",\n") .. "\n" .. indent .. "]"
    end
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = tostring(k) end
    table.sort(keys)
    for i, k in ipairs(keys) do parts[i] = inner .. jstr(k) .. ": " .. encode_value(v[k], inner) end
    return "{\n" .. table.concat(parts, ",\n") .. "\n" .. indent .. "}"
  end
  if v == require("cjson").null then return "null" end
  error("zhtext.article.to_json: cannot encode a " .. t)
end

--- Encodes a record as JSON: fields in a fixed order, absent values as null, arrays always
-- as [] (even empty ones), UTF-8 unescaped. Extra fields (lines, format, encoding) follow.
-- @tparam table record
-- @treturn string
function M.to_json(record)
  if type(record) ~= "table" then
    error("bad argument #1 to 'to_json' (table expected, got " .. type(record) .. ")", 2)
  end
  local parts, seen = {}, {}
  for _, k in ipairs(FIELDS) do
    local v = record[k]
    if v == nil and ARRAY[k] then v = {} end
    parts[#parts + 1] = "  " .. jstr(k) .. ": " .. encode_value(v, "  ")
    seen[k] = true
  end
  local extra = {}
  for k in pairs(record) do
    if not seen[k] then extra[#extra + 1] = tostring(k) end
  end
  table.sort(extra)
  for _, k in ipairs(extra) do
    parts[#parts + 1] = "  " .. jstr(k) .. ": " .. encode_value(record[k], "  ")
  end
  return "{\n" .. table.concat(parts, ",\n") .. "\n}"
end

return M
