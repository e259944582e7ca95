-- Traditional-script evaluation for seg_eval.sh: converts a test set and its gold segmentation
-- to traditional characters with OpenCC (zt.convert s2t, kept only where the conversion is
-- character for character), then segments the traditional text as it is and with
-- {traditional = true}. Writes OUT/gold.txt, OUT/plain.txt, OUT/trad.txt (words joined by two
-- spaces). usage: lua5.4 tests/eval/seg_trad.lua RAW GOLD OUT
local zt = require("zhtext")
local raw_path, gold_path, out = arg[1], arg[2], arg[3]

local function read_lines(p)
  local t = {}
  for l in io.lines(p) do t[#t + 1] = (l:gsub("\r$", "")) end
  return t
end

local raw, gold = read_lines(raw_path), read_lines(gold_path)
local g, p, t = {}, {}, {}
local used = 0
for i = 1, math.min(#raw, #gold) do
  local words = {}
  for w in gold[i]:gmatch("%S+") do words[#words + 1] = w end
  local line = raw[i]:gsub("%s", "")
  if #words > 0 and table.concat(words) == line then
    local trad = zt.convert(line, "s2t")
    if utf8.len(trad) == utf8.len(line) then
      -- the gold words carried over to the traditional characters
      local tw, at = {}, 1
      for j, w in ipairs(words) do
        local n = utf8.len(w)
        local stop = utf8.offset(trad, n + 1, at)
        tw[j] = trad:sub(at, stop - 1)
        at = stop
      end
      used = used + 1
      g[used] = table.concat(tw, "  ")
      p[used] = table.concat(zt.cut(trad), "  ")
      t[used] = table.concat(zt.cut(trad, { traditional = true }), "  ")
    end
  end
end
for name, lines in pairs({ gold = g, plain = p, trad = t }) do
  local f = assert(io.open(out .. "/" .. name .. ".txt", "w"))
  f:write(table.concat(lines, "\n"), "\n")
  f:close()
end
print(used)
