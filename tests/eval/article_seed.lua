-- Evaluates zt.article.parse on the seed articles in ../shared/seeds/*.txt against
-- ../shared/gold/*.json, field by field, after folding (NFKC, then ，。！？：；“”（） to ASCII,
-- spaces collapsed). persons_expected_subset belongs to another issue and is ignored.
-- Usage: lua5.4 tests/eval/article_seed.lua [shared-dir]   (skips cleanly when data is absent)
-- Exit status: 0 when every seed matches (or nothing to evaluate), 1 otherwise.

local E = dofile(((arg and arg[0] or ""):match("^(.*)/") or ".") .. "/evalutil.lua")
E.use_checkout()

local zt = require("zhtext")
local cjson = require("cjson")
local shared = E.shared()
local read, list = E.read, E.list



local PUNCT = {
  ["，"] = ",", ["。"] = ".", ["！"] = "!", ["？"] = "?", ["："] = ":", ["；"] = ";",
  ["“"] = '"', ["”"] = '"', ["（"] = "(", ["）"] = ")",
}

local function fold(s)
  if s == nil or s == cjson.null then return nil end
  s = zt.clean(s, { form = "NFKC", width = true, punct = "keep" })
  for k, v in pairs(PUNCT) do s = s:gsub(k, v) end
  s = s:gsub("[%s\u{3000}]+", " ")
  return (s:gsub("^ ", ""):gsub(" $", ""))
end

local FIELDS = { "title", "date", "site", "domain", "source", "copyright", "paragraphs", "related",
                 "authors", "editors", "photographers" }

local function compare(got, want)
  if type(want) == "table" and want ~= cjson.null then
    got = got or {}
    if #got ~= #want then
      return false, ("%d items, want %d"):format(#got, #want)
    end
    for i = 1, #want do
      if fold(got[i]) ~= fold(want[i]) then
        return false, ("item %d: %q, want %q"):format(i, fold(got[i]) or "nil", fold(want[i]))
      end
    end
    return true
  end
  local g, w = fold(got), fold(want)
  if g ~= w then return false, ("%q, want %q"):format(g or "nil", w or "nil") end
  return true
end

local seeds = list(shared .. "/seeds", ".txt")
if #seeds == 0 then
  print("article_seed: SKIP (no seeds under " .. shared .. "/seeds)")
  os.exit(0)
end

local total, ok_fields, bad_docs, evaluated = 0, 0, 0, 0
local per_field = {}
for _, name in ipairs(seeds) do
  local id = name:gsub("%.txt$", "")
  local gold_s = read(shared .. "/gold/" .. id .. ".json")
  if gold_s then
    evaluated = evaluated + 1
    local gold = cjson.decode(gold_s)
    local rec = zt.article.parse(read(shared .. "/seeds/" .. name))
    local doc_ok = true
    for _, f in ipairs(FIELDS) do
      if gold[f] ~= nil then
        total = total + 1
        per_field[f] = per_field[f] or { 0, 0 }
        per_field[f][2] = per_field[f][2] + 1
        local ok, why = compare(rec[f], gold[f])
        if ok then
          ok_fields = ok_fields + 1
          per_field[f][1] = per_field[f][1] + 1
        else
          doc_ok = false
          print(("  %s %-14s MISMATCH %s"):format(id, f, why))
        end
      end
    end
    if not doc_ok then bad_docs = bad_docs + 1 end
    print(("%s %s"):format(id, doc_ok and "OK" or "DIFFERS"))
  end
end
if evaluated == 0 then
  print("article_seed: SKIP (no gold files)")
  os.exit(0)
end
for _, f in ipairs(FIELDS) do
  local c = per_field[f]
  if c then print(("  %-14s %d/%d"):format(f, c[1], c[2])) end
end
print(("article_seed: %d/%d documents exact, %d/%d fields"):format(evaluated - bad_docs, evaluated,
  ok_fields, total))
os.exit(bad_docs == 0 and 0 or 1)
