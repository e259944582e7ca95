#!/bin/sh
# zt.clean (default options) MB/s over >= 8 MB of Chinese text with full-width punctuation,
# next to CPython's unicodedata.normalize("NFKC") on the same text in the same run.
set -eu
cd "$(dirname "$0")/../.."
: "${LUA_PATH_5_4:=$PWD/lua/?.lua;$PWD/lua/?/init.lua;;}"
: "${LUA_CPATH_5_4:=$PWD/build/?.so;;}"
export LUA_PATH_5_4 LUA_CPATH_5_4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
corpus="$tmp/corpus.txt"
: > "$corpus"
shared=../shared/data/sighan2005
if ls "$shared"/*_test.utf8 >/dev/null 2>&1; then
  src="SIGHAN 2005 test sets from ../shared, repeated"
  while [ "$(wc -c < "$corpus")" -lt 8500000 ]; do cat "$shared"/*_test.utf8 >> "$corpus"; done
else
  src="examples/*.txt, repeated"
  while [ "$(wc -c < "$corpus")" -lt 8500000 ]; do cat examples/*.txt >> "$corpus"; done
fi
lua5.4 - "$corpus" "$tmp/zt" <<'LUA'
local zt = require("zhtext")
local f = assert(io.open(arg[1], "rb")); local s = f:read("a"); f:close()
local best = math.huge
for _ = 1, 5 do
  local t = os.clock(); zt.clean(s); t = os.clock() - t
  if t < best then best = t end
end
local mbs = #s / 1e6 / best
io.write(("clean: zt.clean       %7.1f MB/s  (%.1f MB, best of 5)\n"):format(mbs, #s / 1e6))
local o = assert(io.open(arg[2], "w")); o:write(mbs); o:close()
LUA
/usr/bin/python3 - "$corpus" "$tmp/py" <<'PY'
import sys, time, unicodedata
s = open(sys.argv[1], encoding="utf-8").read()
size = len(s.encode("utf-8")) / 1e6
best = float("inf")
for _ in range(5):
    t = time.process_time(); unicodedata.normalize("NFKC", s); best = min(best, time.process_time() - t)
print("clean: CPython NFKC   %7.1f MB/s  (same text, same run)" % (size / best))
open(sys.argv[2], "w").write(str(size / best))
PY
lua5.4 -e "print(('clean: zt.clean / CPython NFKC = %.1fx  [input: %s]'):format(
  io.open('$tmp/zt'):read('n') / io.open('$tmp/py'):read('n'), '$src'))"
