#!/bin/sh
# zt_sentences (the C splitter) MB/s over Chinese text, at two sizes (linear time: the two rates
# should match), next to CPython's re.split on the same text in the same run, and zt.sentences
# from Lua (building the result tables). The SIGHAN 2005 test sets are read where they are in
# ../shared (never copied); without them, generated text. CPU time, best of 5.
set -eu
cd "$(dirname "$0")/../.."
: "${LUA_PATH_5_4:=$PWD/lua/?.lua;$PWD/lua/?/init.lua;;}"
: "${LUA_CPATH_5_4:=$PWD/build/?.so;;}"
export LUA_PATH_5_4 LUA_CPATH_5_4
make --no-print-directory -s build/tests/test_sentences >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
shared=../shared/data/sighan2005
if ls "$shared"/*_test.utf8 >/dev/null 2>&1; then
  src="SIGHAN 2005 test sets, read in place"
  set -- "$shared"/*_test.utf8
else
  src="generated text"
  lua5.4 -e '
    local parts = { "今天天气很好。", "他说：“走吧。”", "价格是3.14元，", "他想了想……", "你去吗？？",
      "访问http://example.com/a?b=1了解。", "He left. ", "第一；第二。", "\n" }
    local out, n, x = {}, 0, 7
    while n < 4e6 do x = (x * 1103515245 + 12345) % 2147483648
      local p = parts[x % #parts + 1]; out[#out + 1] = p; n = n + #p end
    io.open(arg[1], "wb"):write(table.concat(out))' "$tmp/gen.txt"
  set -- "$tmp/gen.txt"
fi
small=$(build/tests/test_sentences --bench 1 "$@")
large=$(build/tests/test_sentences --bench 8 "$@")
echo "sentences: zt_sentences (C)      x1 $small"
echo "sentences: zt_sentences (C)      x8 $large"
/usr/bin/python3 - "$@" <<'PY'
import re, sys, time
s = "".join(open(p, encoding="utf-8").read() for p in sys.argv[1:]) * 8
# the simple peer: split after runs of 。！？ (plus closing quotes) and at line breaks
pat = re.compile(r"(?<=[。！？][”’」』）])|(?<=[。！？])(?![。！？”’」』）])|\n")
best = float("inf")
for _ in range(5):
    t = time.process_time(); parts = [p.strip() for p in pat.split(s)]; best = min(best, time.process_time() - t)
n = sum(1 for p in parts if p)
print("sentences: CPython re.split        x8 %.1f MB/s (%.1f MB, %d sentences, best of 5)"
      % (len(s.encode()) / 1e6 / best, len(s.encode()) / 1e6, n))
PY
lua5.4 - "$@" <<'LUA'
local zt = require("zhtext")
local parts = {}
for i = 1, #arg do local f = assert(io.open(arg[i], "rb")); parts[i] = f:read("a"); f:close() end
local s = table.concat(parts)
local best, n = math.huge, 0
for _ = 1, 5 do
  local t = os.clock(); n = #zt.sentences(s); t = os.clock() - t
  if t < best then best = t end
end
io.write(("sentences: zt.sentences (Lua)     x1 %.1f MB/s (%.1f MB, %d sentences, tables built, best of 5)\n")
  :format(#s / 1e6 / best, #s / 1e6, n))
LUA
echo "sentences: [input: $src]"
