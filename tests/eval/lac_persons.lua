-- Person names found by zt.entities (accurate mode) on the seed articles in ../shared/seeds/
-- against persons_expected_subset of ../shared/gold/*.json. The text analysed is the article's
-- headline, body paragraphs (zt.article.parse) and byline lines (the seed lines that carry the
-- parsed authors/editors/photographers). A "false person" is a PER entity that is none of the
-- gold persons (expected subset, authors, editors, photographers) and does not contain one.
-- Usage: lua5.4 tests/eval/lac_persons.lua [shared-dir]   (skips cleanly when data is absent)
-- Exit status 0 when every seed finds >= 12/13-equivalent (all but one) with <= 2 false persons.

-- Run from anywhere: without LUA_PATH_5_4/LUA_CPATH_5_4, use the checkout's lua/ and build/.
local E = dofile(((arg and arg[0] or ""):match("^(.*)/") or ".") .. "/evalutil.lua")
if not pcall(require, "zhtext.core") then E.use_checkout() end

local ok_zt, zt = pcall(require, "zhtext")
local ok_json, cjson = pcall(require, "cjson")
if not (ok_zt and ok_json) then
  print("lac_persons: SKIP (zhtext or cjson not loadable)")
  os.exit(0)
end

local shared = E.shared()
local read, list = E.read, E.list



local model, err = require("zhtext.lac").model()
if not model then
  print("lac_persons: SKIP (" .. tostring(err) .. ")")
  os.exit(0)
end

local seeds = list(shared .. "/seeds", ".txt")
if #seeds == 0 then
  print("lac_persons: SKIP (no seeds in " .. shared .. "/seeds)")
  os.exit(0)
end

local failed, evaluated = 0, 0
for _, name in ipairs(seeds) do
  local base = name:sub(1, -5)
  local text = read(shared .. "/seeds/" .. name)
  local gold_s = read(shared .. "/gold/" .. base .. ".json")
  local gold = gold_s and cjson.decode(gold_s)
  if text and gold and type(gold.persons_expected_subset) == "table" then
    evaluated = evaluated + 1
    local art = zt.article.parse(text)
    local parts = { art.title or "" }
    for _, p in ipairs(art.paragraphs or {}) do parts[#parts + 1] = p end
    local bynames = {}
    for _, f in ipairs({ "authors", "editors", "photographers" }) do
      for _, n in ipairs(type(art[f]) == "table" and art[f] or {}) do bynames[#bynames + 1] = n end
    end
    for line in text:gmatch("[^\r\n]+") do
      for _, n in ipairs(bynames) do
        if line:find(n, 1, true) and #line < 200 then parts[#parts + 1] = line break end
      end
    end
    local input = table.concat(parts, "\n")
    local t0 = os.clock()
    local ents = zt.entities(input)
    local dt = os.clock() - t0
    local found = {}
    for _, e in ipairs(ents) do
      if e.type == "PER" then found[e.text] = true end
    end
    local known = {}
    for _, f in ipairs({ "persons_expected_subset", "authors", "editors", "photographers" }) do
      for _, n in ipairs(type(gold[f]) == "table" and gold[f] or {}) do known[#known + 1] = n end
    end
    local hit, miss = 0, {}
    for _, p in ipairs(gold.persons_expected_subset) do
      if found[p] then hit = hit + 1 else miss[#miss + 1] = p end
    end
    local false_p = {}
    for p in pairs(found) do
      local real = false
      for _, k in ipairs(known) do
        if p == k or p:find(k, 1, true) then real = true break end
      end
      if not real then false_p[#false_p + 1] = p end
    end
    table.sort(false_p)
    local want = #gold.persons_expected_subset - 1
    local ok = hit >= want and #false_p <= 2
    if not ok then failed = failed + 1 end
    print(("lac_persons: %s  found %d/%d expected persons, %d false persons  (%d chars, %.0f ms)  %s"):format(
      base, hit, #gold.persons_expected_subset, #false_p, utf8.len(input) or #input, dt * 1000,
      ok and "OK" or "FAIL"))
    if #miss > 0 then print("  missed: " .. table.concat(miss, " ")) end
    if #false_p > 0 then print("  false:  " .. table.concat(false_p, " ")) end
  end
end
if evaluated == 0 then print("lac_persons: SKIP (no gold with persons_expected_subset)") end
os.exit(failed == 0 and 0 or 1)
