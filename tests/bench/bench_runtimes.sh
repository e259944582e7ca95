#!/bin/sh
# make bench LUA=luajit (issue 13): zt.cut and zt.article.parse under Lua 5.4 and another runtime
# ($BENCH_LUA: luajit by default, or lua5.1 / lua5.3), in the same run, on the same generated
# input (tests/bench/runtimes.lua). The two alternate BENCH_ROUNDS times and the best round of
# each counts (the machine is shared). Target on LuaJIT: within 10% of Lua 5.4 (ratio >= 0.90).
# Each runtime uses its own build tree (build/, build-luajit/, build-lua5.x/); a missing tree is
# a SKIP (plain `make bench` builds only build/; `make bench LUA=luajit` builds both).
set -eu
cd "$(dirname "$0")/../.."
OTHER=${BENCH_LUA:-luajit}
ROUNDS=${BENCH_ROUNDS:-3}
SECS=${BENCH_SECONDS:-1}
tree() { case "$1" in luajit*) echo build-luajit ;; lua5.4) echo build ;; *) echo "build-$1" ;; esac; }
for l in lua5.4 "$OTHER"; do
  if [ ! -f "$(tree "$l")/zhtext/core.so" ] || ! command -v "$l" >/dev/null 2>&1; then
    echo "== bench_runtimes: SKIP ($l or $(tree "$l")/zhtext/core.so missing: make bench LUA=$OTHER builds it)"
    exit 0
  fi
done
run() { # interpreter -> "cut_MBps parse_pages_per_s"
  t="$PWD/$(tree "$1")"
  p="$PWD/lua/?.lua;$PWD/lua/?/init.lua;;"
  env LUA_PATH="$p" LUA_PATH_5_3="$p" LUA_PATH_5_4="$p" \
    LUA_CPATH="$t/?.so;;" LUA_CPATH_5_3="$t/?.so;;" LUA_CPATH_5_4="$t/?.so;;" \
    ZHTEXT_DATA_DIR="$t/zhtext" "$1" tests/bench/runtimes.lua "$SECS"
}
best() { awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 > b + 0) ? a : b }'; }
echo "== bench_runtimes: lua5.4 vs $OTHER ($("$OTHER" -v 2>&1 | head -1 | cut -d' ' -f1-2)), best of $ROUNDS rounds of ${SECS} s CPU each, load $(cut -d' ' -f1 /proc/loadavg)"
c54=0; p54=0; co=0; po=0; r=0
while [ $r -lt "$ROUNDS" ]; do
  set -- $(run lua5.4); c54=$(best "$c54" "$1"); p54=$(best "$p54" "$2")
  set -- $(run "$OTHER"); co=$(best "$co" "$1"); po=$(best "$po" "$2")
  r=$((r + 1))
done
awk -v a="$c54" -v b="$co" -v o="$OTHER" 'BEGIN {
  printf "  zt.cut            lua5.4 %7.2f MB/s     %-7s %7.2f MB/s     %s/lua5.4 %.2f (target >= 0.90)\n", a, o, b, o, b / a }'
awk -v a="$p54" -v b="$po" -v o="$OTHER" 'BEGIN {
  printf "  zt.article.parse  lua5.4 %7.0f pages/s  %-7s %7.0f pages/s  %s/lua5.4 %.2f (target >= 0.90)\n", a, o, b, o, b / a }'
