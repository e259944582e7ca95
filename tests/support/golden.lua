-- The golden corpus of tests/fixtures/articles/: every NAME.html or NAME.txt that has a
-- NAME.expected.json, checked field by field against zt.article.parse. Shared by
-- tests/articles_golden_spec.lua (asserts, known gaps pending) and tests/eval/eval_articles.lua
-- (counts). The expected format is described in docs/articles.md ("The golden corpus").
local cjson = require("cjson")
local zt = require("zhtext")

local M = {}

M.DIR = "tests/fixtures/articles/"

-- Checked keys in report order; a key absent from an expected file is not checked.
M.FIELDS = {
  "title", "date", "site", "domain", "source", "copyright", "authors", "editors", "photographers",
  "body_first", "body_last", "body_start", "body_end", "body_has", "body_lacks", "paragraph_count",
  "related", "related_has", "encoding", "format",
}
-- Keys that describe the page rather than check it.
local INFO = { patterns = true, note = true, opts = true }
local KNOWN = {}
for _, f in ipairs(M.FIELDS) do KNOWN[f] = true end

local function read(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local s = f:read("*a")
  f:close()
  return s
end
M.read = read

local PUNCT = {
  ["，"] = ",", ["。"] = ".", ["！"] = "!", ["？"] = "?", ["："] = ":", ["；"] = ";",
  ["“"] = '"', ["”"] = '"', ["（"] = "(", ["）"] = ")", ["　"] = " ",
}

-- Differences that are not errors: Unicode form, full/half width, CJK vs ASCII punctuation,
-- runs of spaces (the extractor normalises these by design, the pages write either).
function M.fold(s)
  if s == nil or s == cjson.null then return nil end
  s = zt.clean(s, { form = "NFKC", width = true, punct = "keep" })
  for k, v in pairs(PUNCT) do s = s:gsub(k, v) end
  s = s:gsub("%s+", " ")
  return (s:gsub("^ ", ""):gsub(" $", ""))
end
local fold = M.fold

local function is_null(v) return v == nil or v == cjson.null end

local function show(v)
  if is_null(v) then return "nil" end
  if type(v) == "table" then
    local t = {}
    for i, x in ipairs(v) do t[i] = fold(x) end
    return "[" .. table.concat(t, ", ") .. "]"
  end
  return ("%q"):format(fold(tostring(v)))
end

local function same_set(got, want)
  got = got or {}
  local have, need = {}, {}
  for _, g in ipairs(got) do have[fold(g)] = (have[fold(g)] or 0) + 1 end
  for _, w in ipairs(want) do need[fold(w)] = (need[fold(w)] or 0) + 1 end
  for k, n in pairs(need) do if have[k] ~= n then return false end end
  for k, n in pairs(have) do if need[k] ~= n then return false end end
  return true
end

local function body_text(rec)
  local t = {}
  for i, p in ipairs(rec.paragraphs or {}) do t[i] = fold(p) end
  return table.concat(t, "\n")
end

local function scalar(got, want)
  if is_null(want) then return is_null(got) end
  return fold(got) == fold(want)
end

local CHECK = {}
for _, f in ipairs({ "title", "site", "domain", "source", "copyright", "encoding", "format" }) do
  CHECK[f] = function(rec, want) return scalar(rec[f], want), rec[f] end
end
-- At the page's precision: "2023-05-18" is met by any time that day, "2023-05-18T09:30" by
-- 09:30:00 with or without an offset; null means the page gives no date.
function CHECK.date(rec, want)
  if is_null(want) then return is_null(rec.date), rec.date end
  return rec.date ~= nil and rec.date:sub(1, #want) == want, rec.date
end
for _, f in ipairs({ "authors", "editors", "photographers" }) do
  CHECK[f] = function(rec, want) return same_set(rec[f], want), rec[f] end
end
function CHECK.body_first(rec, want)
  local p = rec.paragraphs or {}
  return scalar(p[1], want), p[1]
end
function CHECK.body_last(rec, want)
  local p = rec.paragraphs or {}
  return scalar(p[#p], want), p[#p]
end
function CHECK.body_start(rec, want)
  local p = fold((rec.paragraphs or {})[1]) or ""
  local w = fold(want)
  return p:sub(1, #w) == w, (rec.paragraphs or {})[1]
end
function CHECK.body_end(rec, want)
  local ps = rec.paragraphs or {}
  local p, w = fold(ps[#ps]) or "", fold(want)
  return #p >= #w and p:sub(-#w) == w, ps[#ps]
end
function CHECK.body_has(rec, want)
  local b = body_text(rec)
  for _, w in ipairs(want) do
    if not b:find(fold(w), 1, true) then return false, "body without " .. w end
  end
  return true
end
function CHECK.body_lacks(rec, want)
  local b = body_text(rec)
  for _, w in ipairs(want) do
    if b:find(fold(w), 1, true) then return false, "body with " .. w end
  end
  return true
end
function CHECK.paragraph_count(rec, want)
  return #(rec.paragraphs or {}) == want, tostring(#(rec.paragraphs or {})) .. " paragraphs"
end
function CHECK.related(rec, want)
  local got = rec.related or {}
  if #got ~= #want then return false, got end
  for i = 1, #want do
    if fold(got[i]) ~= fold(want[i]) then return false, got end
  end
  return true, got
end
function CHECK.related_has(rec, want)
  local have = {}
  for _, g in ipairs(rec.related or {}) do have[fold(g)] = true end
  for _, w in ipairs(want) do
    if not have[fold(w)] then return false, rec.related end
  end
  return true, rec.related
end

--- Checks one field: ok, and a line saying what was found when not ok.
function M.check(field, rec, want)
  local ok, got = CHECK[field](rec, want)
  if ok then return true end
  return false, ("%s: got %s, want %s"):format(field, show(got), show(want))
end

--- The pages, sorted by name: {name, file, expected}. A malformed expected file or an
-- unknown key raises an error naming the file.
function M.pages(dir)
  dir = dir or M.DIR
  local p = assert(io.popen('ls "' .. dir .. '"'))
  local names = {}
  for f in p:lines() do names[#names + 1] = f end
  p:close()
  table.sort(names)
  local out = {}
  for _, f in ipairs(names) do
    local name = f:match("^(.+)%.expected%.json$")
    if name then
      local file
      for _, ext in ipairs({ ".html", ".txt" }) do
        if read(dir .. name .. ext) then
          if file then error(dir .. name .. ": both .html and .txt, one expected file cannot serve both") end
          file = dir .. name .. ext
        end
      end
      if not file then error(dir .. f .. ": no " .. name .. ".html or .txt beside it") end
      local ok, exp = pcall(cjson.decode, read(dir .. f))
      if not ok then error(dir .. f .. ": " .. tostring(exp)) end
      for k in pairs(exp) do
        if not KNOWN[k] and not INFO[k] then error(dir .. f .. ": unknown key " .. k) end
      end
      out[#out + 1] = { name = name, file = file, expected = exp }
    end
  end
  return out
end

--- Parses a page with the options its expected file gives.
function M.parse(page)
  local opts = {}
  for k, v in pairs(page.expected.opts or {}) do opts[k] = v end
  return zt.article.parse(read(page.file), opts)
end

--- KNOWN_GAPS as a map "NAME field" -> the rest of its line; lines are
-- `NAME field — pattern N[: why]` for the issue's accuracy patterns, or
-- `NAME field — outside 1–6: why` for a miss of another kind (blank lines, # comments ignored).
function M.known_gaps(dir)
  dir = dir or M.DIR
  local s = read(dir .. "KNOWN_GAPS") or ""
  local gaps, n = {}, 0
  for line in s:gmatch("[^\n]*") do
    n = n + 1
    if not line:match("^%s*#") and line:match("%S") then
      local name, field, rest = line:match("^(%S+)%s+(%S+)%s+—%s+(.*)$")
      if not (rest and (rest:match("^pattern %d") or rest:match("^outside 1–6: "))) then
        error(dir .. "KNOWN_GAPS:" .. n .. ": not `NAME field — pattern N`: " .. line)
      end
      if gaps[name .. " " .. field] then error(dir .. "KNOWN_GAPS:" .. n .. ": listed twice: " .. line) end
      gaps[name .. " " .. field] = rest
    end
  end
  return gaps
end

--- The checked fields of an expected file, in report order.
function M.fields_of(expected)
  local out = {}
  for _, f in ipairs(M.FIELDS) do
    if expected[f] ~= nil then out[#out + 1] = f end
  end
  return out
end

return M
