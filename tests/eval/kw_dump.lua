-- zt.keywords on documents of 20 consecutive lines of FILE, printed like tests/eval/kw_ref.py.
local zt = require("zhtext")
local lines = {}
for l in io.lines(arg[1]) do lines[#lines + 1] = l end
if (io.open(arg[1], "rb"):read("a")):sub(-1) == "\n" then lines[#lines + 1] = "" end
local function show(name, res)
  local t = {}
  for _, kw in ipairs(res) do t[#t + 1] = ("%s\t%.10f"):format(kw[1], kw[2]) end
  print(name .. "\31" .. table.concat(t, "\31"))
end
for i = 1, #lines, 20 do
  local doc = table.concat(lines, "\n", i, math.min(i + 19, #lines))
  show("tfidf", zt.keywords(doc, { top = 20 }))
  show("textrank", zt.keywords(doc, { top = 20, method = "textrank" }))
  show("tfidf_pos", zt.keywords(doc, { top = 20, allow_pos = { "n", "ns", "nr", "vn" } }))
end
