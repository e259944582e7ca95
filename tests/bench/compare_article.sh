#!/bin/sh
# zt.article.parse speed of this tree against another built tree, on the pages of
# bench_article.lua, in the same run: BASE=/path/to/other/tree sh tests/bench/compare_article.sh
# Each build runs ROUNDS times, alternating (the machine's load hits both alike); the best
# pages/s of each is kept and the ratio printed per format.
set -eu
cd "$(dirname "$0")/../.."
BASE=${BASE:?set BASE to a built zhtext tree (its build/zhtext/core.so and lua/)}
PAGES=${PAGES:-2000}
ROUNDS=${ROUNDS:-5}
run() { # tree -> "text PAGES/S html PAGES/S"
  LUA_PATH_5_4="$1/lua/?.lua;$1/lua/?/init.lua;;" LUA_CPATH_5_4="$1/build/?.so;;" \
  ZHTEXT_DATA_DIR="$1/build/zhtext" lua5.4 tests/bench/bench_article.lua "$PAGES" |
    awk '/^article.parse/ { printf "%s %s ", $2, $7 } END { print "" }'
}
out=$(i=0; while [ "$i" -lt "$ROUNDS" ]; do
  echo "base $(run "$BASE")"; echo "this $(run "$(pwd)")"; i=$((i + 1)); done)
echo "$out" | awk -v pages="$PAGES" -v rounds="$ROUNDS" '
  { for (f = 2; f < NF; f += 2) if ($(f + 1) > best[$1, $f]) best[$1, $f] = $(f + 1) }
  END {
    printf "== compare_article: %d pages per format, best of %d alternating runs\n", pages, rounds
    split("text html", fmt, " ")
    for (k = 1; k <= 2; k++) {
      b = best["base", fmt[k]]; t = best["this", fmt[k]]
      printf "  %-4s base %6.0f pages/s  this %6.0f pages/s  ratio %.2fx\n", fmt[k], b, t, (b > 0 ? t / b : 0)
    }
  }'
