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
SECS=${BENCH_SECONDS:-2}
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

# Each pair runs alternately ROUNDS times and the best round of each counts: on a shared
# machine the load changes from second to second, and alternating keeps the pair comparable.
ROUNDS=${BENCH_ROUNDS:-3}
best() { awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 > b + 0) ? a : b }'; }
core=0; peer=0; peer_load=""
have_peer=0
if [ -x "$PEER" ] && [ -f "$PEER_DIR/dict/hmm_model.utf8" ]; then have_peer=1; fi
r=0
while [ $r -lt "$ROUNDS" ]; do
  core=$(best "$core" "$("$TOOL" bench "$DICT" "$corpus" "$SECS" | cut -d' ' -f1)")
  if [ $have_peer = 1 ]; then
    out=$("$PEER" "$JIEBA/dict.txt" "$PEER_DIR/dict/hmm_model.utf8" "$PEER_DIR/dict/user.dict.utf8" \
      "$JIEBA/analyse/idf.txt" "$PEER_DIR/dict/stop_words.utf8" "$corpus" "$SECS")
    peer=$(best "$peer" "$(echo "$out" | cut -d' ' -f1)")
    peer_load=$(echo "$out" | sed 's/.*load //;s/)//')
  fi
  r=$((r + 1))
done
echo "  C core precise+HMM:       $core MB/s (best of $ROUNDS)"
if [ $have_peer = 1 ]; then
  echo "  peer cppjieba MixSegment: $peer MB/s (best of $ROUNDS; its dictionary load: $peer_load)"
  awk -v a="$core" -v b="$peer" 'BEGIN { printf "  ratio C core / cppjieba:  %.2fx (target >= 3x)\n", a / b }'
else
  echo "  peer cppjieba: not built at $PEER, skipped"
fi

have_py=0
if /usr/bin/python3 -c "import jieba" 2>/dev/null; then have_py=1; fi
lua_mbs=0; py_mbs=0; py_load=""
r=0
while [ $r -lt "$ROUNDS" ]; do
  lua5.4 tests/bench/seg_bench.lua "$corpus" "$SECS" > "$tmp/lua"
  read -r m _ _ < "$tmp/lua"
  lua_mbs=$(best "$lua_mbs" "$m")
  if [ $have_py = 1 ]; then
    /usr/bin/time -f "%M" -o "$tmp/rss_py" /usr/bin/python3 tests/bench/seg_jieba_bench.py "$corpus" "$SECS" > "$tmp/py"
    read -r m _ _ py_load < "$tmp/py"
    py_mbs=$(best "$py_mbs" "$m")
  fi
  r=$((r + 1))
done
# peak RSS of a process that streams the whole corpus through zt.cut (default dictionary)
/usr/bin/time -f "%M" -o "$tmp/rss_lua" lua5.4 tests/bench/seg_bench.lua "$corpus" stream > /dev/null
echo "  Lua zt.cut per line:      $lua_mbs MB/s (best of $ROUNDS); peak RSS streaming the corpus: $(( $(cat "$tmp/rss_lua") / 1024 )) MB (target <= 40 MB)"
if [ $have_py = 1 ]; then
  echo "  peer jieba.lcut:          $py_mbs MB/s (best of $ROUNDS); peak RSS $(( $(cat "$tmp/rss_py") / 1024 )) MB; dictionary load ${py_load} s"
  awk -v a="$lua_mbs" -v b="$py_mbs" 'BEGIN { printf "  ratio zt.cut / jieba:     %.1fx (target >= 15x)\n", a / b }'
else
  echo "  peer python3-jieba: not installed, skipped"
fi

# start-up: median wall time of 11 fresh processes
/usr/bin/python3 - <<'PYEOF'
import resource, statistics, subprocess, time
def run(cmd, n=11):
    wall, cpu = [], []
    for _ in range(n):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True)
        wall.append(time.perf_counter() - t0)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000
w, c = run(["lua5.4", "-e", 'local zt = require "zhtext"; assert(#zt.cut("我们在北京参加了一个发布会") > 0)'])
w0, c0 = run(["lua5.4", "-e", 'require "zhtext.core"'])
wb, cb = run(["lua5.4", "-e", ""])
print("  start-up, require + one sentence: %.1f ms wall, %.1f ms CPU (median of 11; target <= 20 ms)" % (w, c))
print("    of which bare lua5.4 %.1f ms wall / %.1f ms CPU; loading zhtext.core %.1f / %.1f ms" % (wb, cb, w0 - wb, c0 - cb))
PYEOF
