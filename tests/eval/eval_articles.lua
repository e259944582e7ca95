-- Scores zt.article.parse on the golden corpus (tests/fixtures/articles/*.expected.json):
-- per-field counts over the pages that check the field, then every miss, known gaps marked.
-- Usage: lua5.4 tests/eval/eval_articles.lua [fixtures-dir]   (or: make eval-articles)
-- Exit status 0 whatever the score (a report, not a test: tests/articles_golden_spec.lua asserts).

local E = dofile(((arg and arg[0] or ""):match("^(.*)/") or ".") .. "/evalutil.lua")
E.use_checkout()
package.path = E.root .. "/?.lua;" .. package.path

local G = require("tests.support.golden")
local dir = arg[1] or (E.root .. "/" .. G.DIR)
if dir:sub(-1) ~= "/" then dir = dir .. "/" end

local pages = G.pages(dir)
local gaps = G.known_gaps(dir)
local counts, misses = {}, {}
local exact = 0
local by_pattern = {}
for _, page in ipairs(pages) do
  local ok_parse, rec = pcall(G.parse, page)
  local all = true
  for _, f in ipairs(G.fields_of(page.expected)) do
    counts[f] = counts[f] or { 0, 0 }
    counts[f][2] = counts[f][2] + 1
    local ok, why
    if ok_parse then
      ok, why = G.check(f, rec, page.expected[f])
    else
      ok, why = false, "parse raised " .. tostring(rec)
    end
    if ok then
      counts[f][1] = counts[f][1] + 1
    else
      all = false
      local gap = gaps[page.name .. " " .. f]
      misses[#misses + 1] = ("  %-34s %s%s"):format(page.name, why, gap and ("   [known gap, " .. gap .. "]") or "")
    end
  end
  if all then exact = exact + 1 end
  for _, n in ipairs(page.expected.patterns or {}) do
    by_pattern[n] = by_pattern[n] or { 0, 0 }
    by_pattern[n][2] = by_pattern[n][2] + 1
    if all then by_pattern[n][1] = by_pattern[n][1] + 1 end
  end
end

print(("golden corpus: %d pages, %d exact"):format(#pages, exact))
local total_ok, total = 0, 0
for _, f in ipairs(G.FIELDS) do
  local c = counts[f]
  if c then
    print(("  %-16s %d/%d"):format(f, c[1], c[2]))
    total_ok, total = total_ok + c[1], total + c[2]
  end
end
print(("  %-16s %d/%d"):format("all fields", total_ok, total))
local pats = {}
for n, c in pairs(by_pattern) do pats[#pats + 1] = { n, c } end
table.sort(pats, function(a, b) return a[1] < b[1] end)
local gap_count = {}
for _, rest in pairs(gaps) do
  local k = rest:match("^pattern (%d+)") or "outside 1–6"
  gap_count[k] = (gap_count[k] or 0) + 1
end
print("pages exact by issue pattern (known gaps):")
for _, pc in ipairs(pats) do
  print(("  pattern %d        %d/%d pages (%d)"):format(pc[1], pc[2][1], pc[2][2], gap_count[tostring(pc[1])] or 0))
end
if gap_count["outside 1–6"] then print(("  outside 1–6      (%d)"):format(gap_count["outside 1–6"])) end
print(("misses (%d):"):format(#misses))
for _, m in ipairs(misses) do print(m) end
os.exit(0)
