#!/bin/sh
# make bench: word segmentation (issue 3), each figure next to its peer in the same run.
#  1. C core alone (precise + HMM, zt_segtool bench, dictionary load excluded) vs cppjieba
#     (MixSegment) when a driver built beside the project exists: $CPPJIEBA_BENCH, default
#     /work/peers/cppjieba_bench (never part of this repository; skipped when absent).
#  2. Lua zt.cut (a table of words per line) vs python3-jieba jieba.lcut, same lines.
#  3. Start-up: a fresh lua5.4 that requires zhtext and segments one sentence (median of 11);
#     jieba's import + initialize for comparison.
#  4. Peak RSS of the zt.cut run (default dictionary), next to jieba's.
# Input: >= 10 MB — the SIGHAN 2005 test sets from ../shared repeated, else our fixture text.
set -eu
cd "$(dirname "$0")/../.."
: "${LUA_PATH_5_4:=$PWD/lua/?.lua;$PWD/lua/?/init.lua;;}"
: "${LUA_CPATH_5_4:=$PWD/build/?.so;;}"
: "${ZHTEXT_DATA_DIR:=$PWD/build/zhtext}"
export LUA_PATH_5_4 LUA_CPATH_5_4 ZHTEXT_DATA_DIR
SECS=${BENCH_SECONDS:-3}
DICT="$ZHTEXT_DATA_DIR/seg.ztd"
TOOL="$ZHTEXT_DATA_DIR/../tools/zt_segtool"
PEER=${CPPJIEBA_BENCH:-/work/peers/cppjieba_bench}
PEER_DIR=${CPPJIEBA_DIR:-/work/peers/cppjieba}
JIEBA=/usr/lib/python3/dist-packages/jieba
if [ ! -f "$DICT" ] || [ ! -x "$TOOL" ]; then echo "== bench_seg: SKIP (no $DICT; needs python3-jieba at build time)"; exit 0; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
corpus="$tmp/corpus.txt"
: > "$corpus"
shared=../shared/data/sighan2005
if [ -f "$shared/pku_test.utf8" ]; then
  src="SIGHAN 2005 PKU+MSR test text, repeated"
  cat "$shared/pku_test.utf8" "$shared/msr_test.utf8" | tr -d '\r' > "$tmp/one.txt"
else
  src="tests/fixtures/seg/news.txt, repeated"
  cp tests/fixtures/seg/news.txt "$tmp/one.txt"
fi
while [ "$(wc -c < "$corpus")" -lt 10000000 ]; do cat "$tmp/one.txt" >> "$corpus"; done
echo "== bench_seg: $(wc -c < "$corpus") bytes ($src), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"

core=$("$TOOL" bench "$DICT" "$corpus" "$SECS" | cut -d' ' -f1)
echo "  C core precise+HMM:      $core MB/s"
if [ -x "$PEER" ] && [ -f "$PEER_DIR/dict/hmm_model.utf8" ]; then
  out=$("$PEER" "$JIEBA/dict.txt" "$PEER_DIR/dict/hmm_model.utf8" "$PEER_DIR/dict/user.dict.utf8" \
    "$JIEBA/analyse/idf.txt" "$PEER_DIR/dict/stop_words.utf8" "$corpus" "$SECS")
  peer=$(echo "$out" | cut -d' ' -f1)
  echo "  peer cppjieba MixSegment: $peer MB/s ($(echo "$out" | sed 's/.*load/load/;s/)//'))"
  awk -v a="$core" -v b="$peer" 'BEGIN { printf "  ratio C core / cppjieba:  %.2fx (target >= 3x)\n", a / b }'
else
  echo "  peer cppjieba: not built at $PEER, skipped"
fi

lua5.4 tests/bench/seg_bench.lua "$corpus" "$SECS" > "$tmp/lua"
read -r lua_mbs _ _ < "$tmp/lua"
# peak RSS of a process that streams the whole corpus through zt.cut (default dictionary)
/usr/bin/time -f "%M" -o "$tmp/rss_lua" lua5.4 tests/bench/seg_bench.lua "$corpus" stream > /dev/null
echo "  Lua zt.cut per line:     $lua_mbs MB/s; peak RSS streaming the corpus: $(( $(cat "$tmp/rss_lua") / 1024 )) MB (target <= 40 MB)"
if /usr/bin/python3 -c "import jieba" 2>/dev/null; then
  /usr/bin/time -f "%M" -o "$tmp/rss_py" /usr/bin/python3 tests/bench/seg_jieba_bench.py "$corpus" "$SECS" > "$tmp/py"
  read -r py_mbs _ _ py_load < "$tmp/py"
  echo "  peer jieba.lcut:         $py_mbs MB/s; peak RSS $(( $(cat "$tmp/rss_py") / 1024 )) MB; dictionary load ${py_load} s"
  awk -v a="$lua_mbs" -v b="$py_mbs" 'BEGIN { printf "  ratio zt.cut / jieba:     %.1fx (target >= 15x)\n", a / b }'
else
  echo "  peer python3-jieba: not installed, skipped"
fi

# start-up: median wall time of 11 fresh processes
/usr/bin/python3 - <<'PYEOF'
import statistics, subprocess, time
cmd = ["lua5.4", "-e", 'local zt = require "zhtext"; assert(#zt.cut("我们在北京参加了一个发布会") > 0)']
ts = []
for _ in range(11):
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True)
    ts.append(time.perf_counter() - t0)
base = []
for _ in range(11):
    t0 = time.perf_counter()
    subprocess.run(["lua5.4", "-e", ""], check=True)
    base.append(time.perf_counter() - t0)
print("  start-up (require + one sentence): %.1f ms median (bare lua5.4: %.1f ms; target <= 20 ms)"
      % (statistics.median(ts) * 1000, statistics.median(base) * 1000))
PYEOF
