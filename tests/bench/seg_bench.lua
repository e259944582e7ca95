-- zt.cut over a file, one line at a time (a table of words per line), for bench_seg.sh.
-- usage: lua5.4 tests/bench/seg_bench.lua FILE [SECONDS]   (MB/s, bytes, words)
--        lua5.4 tests/bench/seg_bench.lua FILE stream      (one pass, nothing kept: for RSS)
local zt = require("zhtext")
if arg[2] == "stream" then
  local n = 0
  for l in io.lines(arg[1]) do n = n + #zt.cut(l) end
  print(n)
  return
end
local lines, bytes = {}, 0
for l in io.lines(arg[1]) do
  lines[#lines + 1] = l
  bytes = bytes + #l + 1
end
local secs = tonumber(arg[2] or "3")
zt.cut("预热")
local t0, total, words = os.clock(), 0, 0
repeat
  for i = 1, #lines do words = words + #zt.cut(lines[i]) end
  total = total + bytes
until os.clock() - t0 >= secs
local el = os.clock() - t0
print(string.format("%.2f", total / el / 1e6), string.format("%.0f", total), words)
