--- Article parsing: a scraped Chinese article (text or HTML) → one structured record.
-- Available as `zhtext.article`.
-- @module zhtext.article

local core = require("zhtext.core")

local M = {}

--- Parses an article.
-- @function parse
-- @tparam string input plain text or HTML, UTF-8 or GBK/GB18030/Big5 bytes (decoded first)
-- @tparam[opt] table opts `clean` (cleaning options table, or false for values as written),
--   `now` (reference time for relative dates: Unix seconds, read in UTC+08:00, or a date string),
--   `url` (the page's URL, for the domain), `explain` (boolean: add `lines` and `date_rule`),
--   `mode` ("auto", "text" or "html")
-- @treturn table the record: title, date, site, domain, source, copyright, description (strings
--   or nil); authors, editors, photographers, paragraphs, related, keywords (arrays);
--   warnings (array: each a limit that changed what was read, e.g. HTML nested deeper than
--   libxml2 allows, whose inner elements were flattened; empty for an ordinary page);
--   format ("text"/"html"), encoding; lines (with explain: {text, kind, rule} per line);
--   date_rule (with explain, when dated: the date strategy that won, e.g. "post footer")
M.parse = core.article_parse

--- Finds a date in s and returns it as ISO 8601, or nil.
-- @function parse_date
-- @tparam string s
-- @param[opt] now reference time for relative dates (Unix seconds or a date string)
-- @treturn string|nil
M.parse_date = core.article_parse_date

--- The record's fields in output order, from the one schema (src/zt_article_fields.def):
-- `{{name = "title", type = "string"}, ..., {name = "authors", type = "list"}, ...}`.
M.fields = core.article_fields

--- Encodes a record as JSON: fields in a fixed order, absent values as null, arrays always
-- as [] (even empty ones), UTF-8 unescaped. Extra fields (lines, format, encoding) follow.
-- @tparam table record
-- @treturn string
function M.to_json(record)
  if type(record) ~= "table" then
    error("bad argument #1 to 'to_json' (table expected, got " .. type(record) .. ")", 2)
  end
  return core.json_article(record)
end

return M
