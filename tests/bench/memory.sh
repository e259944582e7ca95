#!/bin/sh
# Streaming memory: BENCH_MEMORY_MB (default 1024) of JSON Lines pages, generated on the fly into
# a pipe (tests/bench/gen_jsonl_stream.lua; never on disk), through
# `zhtext run --parse --segment -j1 -`. Prints the resident set size every BENCH_MEMORY_EVERY
# seconds (default 10) and the peak (VmHWM, /usr/bin/time -v); fails when the peak exceeds
# BENCH_MEMORY_LIMIT_MB (default 100). `make bench-memory`; not part of `make test` (minutes).
set -eu
cd "$(dirname "$0")/../.."
: "${LUA_PATH_5_4:=$PWD/lua/?.lua;$PWD/lua/?/init.lua;;}"
: "${LUA_CPATH_5_4:=$PWD/build/?.so;;}"
: "${ZHTEXT_DATA_DIR:=$PWD/build/zhtext}"
export LUA_PATH_5_4 LUA_CPATH_5_4 ZHTEXT_DATA_DIR
MB=${BENCH_MEMORY_MB:-1024}
LIMIT=${BENCH_MEMORY_LIMIT_MB:-100}
EVERY=${BENCH_MEMORY_EVERY:-10}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
t0=$(date +%s)
lua5.4 tests/bench/gen_jsonl_stream.lua "$MB" |
  /usr/bin/time -v -o "$tmp/time" lua5.4 bin/zhtext run --parse --segment -j1 --no-progress - \
    >/dev/null 2>"$tmp/err" &
runner=$!
# the zhtext process is time's child; its RSS sampled while it runs
pid=""
while [ -z "$pid" ] && kill -0 "$runner" 2>/dev/null; do
  sleep 0.2
  pid=$(pgrep -P "$runner" lua5.4 || true)
done
while [ -n "$pid" ] && [ -r "/proc/$pid/status" ]; do
  rss=$(awk '/^VmRSS:/ {print int($2 / 1024)}' "/proc/$pid/status" 2>/dev/null || true)
  [ -n "$rss" ] && echo "bench-memory: $(( $(date +%s) - t0 )) s: RSS $rss MB"
  sleep "$EVERY"
done
wait "$runner" || { cat "$tmp/err" >&2; echo "bench-memory: zhtext failed" >&2; exit 1; }
secs=$(( $(date +%s) - t0 ))
peak=$(awk -F': ' '/Maximum resident set size/ {print int($2 / 1024)}' "$tmp/time")
grep -a "in = " "$tmp/err" | tail -1
echo "bench-memory: $MB MB of JSON Lines on stdin through run --parse --segment -j1 - in $secs s:" \
  "peak RSS $peak MB (limit $LIMIT MB)"
[ "$peak" -le "$LIMIT" ]
