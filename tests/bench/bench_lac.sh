#!/bin/sh
# Accurate mode (zhtext.lac, the lac_small BiGRU-CRF in C): characters per second on one core,
# (1) one call per line, (2) one call per ~2,000-character article (lines batched through each GRU
# step), with the run-time-selected kernel and with the portable one; next to the numpy reference
# network (../shared/tools/lac, the oracle the C code is checked against) on a slice of the same
# lines in the same run. Text: SIGHAN 2005 test sets from ../shared when present, else the
# fixture sentences of tests/fixtures/lac repeated.
set -eu
cd "$(dirname "$0")/../.."
: "${LUA_PATH_5_4:=$PWD/lua/?.lua;$PWD/lua/?/init.lua;;}"
: "${LUA_CPATH_5_4:=$PWD/build/?.so;;}"
: "${ZHTEXT_DATA_DIR:=$PWD/build/zhtext}"
export LUA_PATH_5_4 LUA_CPATH_5_4 ZHTEXT_DATA_DIR
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
shared=../shared/data/sighan2005
if [ -f "$shared/pku_test.utf8" ] && [ -f "$shared/msr_test.utf8" ]; then
  src="SIGHAN 2005 PKU+MSR test sets (../shared)"
  cat "$shared/pku_test.utf8" "$shared/msr_test.utf8" | tr -d '\r' > "$tmp/corpus.txt"
else
  src="tests/fixtures/lac sentences x20"
  for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    cat tests/fixtures/lac/sentences.txt tests/fixtures/lac/sentences_gen.txt >> "$tmp/corpus.txt"
  done
fi
lua5.4 - "$tmp/corpus.txt" "$tmp/c_rate" <<'LUA' || exit 1
local lac = require("zhtext.lac")
local m, err = lac.model()
if not m then print("lac: SKIP (" .. tostring(err) .. ")") os.exit(0) end
local lines, articles, cur, nchars = {}, {}, {}, 0
for l in io.lines(arg[1]) do
  lines[#lines + 1] = l
  nchars = nchars + utf8.len(l)
  cur[#cur + 1] = l
  if #table.concat(cur) > 6000 then articles[#articles + 1] = table.concat(cur, "\n") cur = {} end
end
if #cur > 0 then articles[#articles + 1] = table.concat(cur, "\n") end
local function run(kernel, per_line)
  m:kernel(kernel)
  local t = os.clock()
  if per_line then for i = 1, #lines do lac.cut(lines[i]) end
  else for i = 1, #articles do lac.cut(articles[i]) end end
  return nchars / (os.clock() - t)
end
local auto = m:kernel("auto")
local r_line, r_art = run("auto", true), run("auto", false)
local a_line, a_art = run("avx2", true), run("avx2", false)
local a_name = m:kernel()
local p_line, p_art = run("portable", true), run("portable", false)
m:kernel("auto")
io.write(("lac: %d chars, %d lines, %d articles (run-time kernel: %s, one core)\n"):format(
  nchars, #lines, #articles, auto))
io.write(("lac: zhtext accurate, per line     %8.0f chars/s (%s) | %8.0f (%s) | %8.0f (portable)\n")
  :format(r_line, auto, a_line, a_name, p_line))
io.write(("lac: zhtext accurate, per article  %8.0f chars/s (%s) | %8.0f (%s) | %8.0f (portable)\n")
  :format(r_art, auto, a_art, a_name, p_art))
local o = assert(io.open(arg[2], "w")) o:write(r_line) o:close()
LUA
[ -f "$tmp/c_rate" ] || exit 0
if [ -x /usr/bin/python3 ] && [ -f ../shared/tools/lac/lac_numpy.py ] && /usr/bin/python3 -c 'import numpy' 2>/dev/null; then
  head -n 400 "$tmp/corpus.txt" > "$tmp/slice.txt"
  /usr/bin/python3 - "$tmp/slice.txt" "$tmp/py_rate" <<'PY'
import sys, time
sys.path.insert(0, '../shared/tools/lac')
from lac_numpy import LAC_Small
m = LAC_Small()
lines = [l.strip() for l in open(sys.argv[1], encoding='utf8')]
n = sum(len(l) for l in lines)
t = time.process_time()
for l in lines:
    if l:
        m.viterbi(m.emissions([m.word2id.get(c, m.oov) for c in l]))
r = n / (time.process_time() - t)
print('lac: numpy reference (peer), per line     %8.0f chars/s  (%d chars, same text)' % (r, n))
open(sys.argv[2], 'w').write(str(r))
PY
  lua5.4 -e "print(('lac: zhtext / numpy reference = %.1fx (per-line calls)'):format(
    io.open('$tmp/c_rate'):read('n') / io.open('$tmp/py_rate'):read('n')))"
else
  echo "lac: numpy reference not available (no peer ratio)"
fi
echo "lac: [input: $src]"
