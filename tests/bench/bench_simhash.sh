#!/bin/sh
# make bench: simhash (issue 12), each figure next to the build of commit cc06a81 in the same run
# ($ZHTEXT_BASE, default /work/base-cc06a81: a built checkout; its figures are skipped when absent).
#  1. zt.simhash MB/s over ~4 MB of text from generated pages (the pipeline's dedupe input),
#     and the ratio; both builds must give the same fingerprint.
#  2. The near-duplicate index (k = 3): µs per index:check() with 100k and 1M fingerprints in
#     it (half near copies, found; half new, added) and resident bytes per fingerprint.
#     BENCH_SIMHASH_LARGE=1 (make bench-large) adds 10M.
#  3. TF-IDF top 20 keywords over segmented words (the C part: count, idf, select), µs per call.
# CPU time, best of several rounds (the machine may be shared).
set -eu
cd "$(dirname "$0")/../.."
here=$PWD
BASE=${ZHTEXT_BASE:-/work/base-cc06a81}
SIZES=${BENCH_SIMHASH_SIZES:-100000 1000000}
[ -n "${BENCH_SIMHASH_LARGE:-}" ] && SIZES="$SIZES 10000000"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
new() { LUA_PATH_5_4="$here/lua/?.lua;$here/lua/?/init.lua;;" LUA_CPATH_5_4="$here/build/?.so;;" \
  ZHTEXT_DATA_DIR="$here/build/zhtext" "$@"; }
old() { LUA_PATH_5_4="$BASE/lua/?.lua;$BASE/lua/?/init.lua;;" LUA_CPATH_5_4="$BASE/build/?.so;;" \
  ZHTEXT_DATA_DIR="$BASE/build/zhtext" "$@"; }
have_base=0
[ -f "$BASE/build/zhtext/core.so" ] && have_base=1
[ "$have_base" = 1 ] || echo "simhash: no cc06a81 build at $BASE (set ZHTEXT_BASE): its figures are skipped"

# 1. text
new lua5.4 tests/bench/gen_pages.lua "$tmp/pages" 4 3 2>/dev/null
new lua5.4 - "$tmp/pages" "$tmp/text.txt" <<'LUA'
local out = {}
for path in io.popen("find " .. arg[1] .. " -type f | sort"):lines() do
  local f = assert(io.open(path, "rb")); local s = f:read("a"); f:close()
  s = s:gsub("<script.-</script>", ""):gsub("<[^>]*>", " ")
  out[#out + 1] = s
end
assert(io.open(arg[2], "wb")):write(table.concat(out, "\n"))
LUA
bn=""; bo=""
for r in 1 2 3; do
  set -- $(new lua5.4 tests/bench/simhash_bench.lua text "$tmp/text.txt"); n=$1; fpn=$3
  if [ -z "$bn" ] || awk "BEGIN{exit !($n > $bn)}"; then bn=$n; fi
  if [ "$have_base" = 1 ]; then
    set -- $(old lua5.4 tests/bench/simhash_bench.lua text "$tmp/text.txt"); o=$1; fpo=$3
    if [ -z "$bo" ] || awk "BEGIN{exit !($o > $bo)}"; then bo=$o; fi
  fi
done
mb=$(awk -v b="$(wc -c < "$tmp/text.txt")" 'BEGIN{printf "%.1f", b / 1e6}')
echo "simhash: zt.simhash over $mb MB of page text (ngram 2): this build $bn MB/s"
if [ "$have_base" = 1 ]; then
  same=identical; [ "$fpn" = "$fpo" ] || same="DIFFERENT ($fpn vs $fpo)"
  echo "simhash: zt.simhash cc06a81 build $bo MB/s; ratio $(awk "BEGIN{printf \"%.1f\", $bn / $bo}")x; fingerprints $same"
fi

# 2. index
for n in $SIZES; do
  echo "simhash: index k=3, $n fingerprints: this build $(new lua5.4 tests/bench/simhash_bench.lua index "$n")"
  [ "$have_base" = 1 ] && echo "simhash: index k=3, $n fingerprints: cc06a81    $(old lua5.4 tests/bench/simhash_bench.lua index "$n")"
done

# 3. keywords
CF="-O2 -std=c99 -D_POSIX_C_SOURCE=200809L $(pkg-config --cflags libutf8proc libpcre2-8 uchardet opencc libxml-2.0)"
LIBS="$(pkg-config --libs libutf8proc libpcre2-8 uchardet opencc libxml-2.0) -lm"
if [ -f build/zhtext/seg.ztd ]; then
  cc $CF -DHAVE_TFIDF_TOP -Isrc tests/bench/keywords_topk.c build/libzhtext.a $LIBS -o "$tmp/kw_new"
  set -- examples/article.txt tests/fixtures/articles/*.txt
  echo "keywords: top 20 of one article:           this build $("$tmp/kw_new" build/zhtext/seg.ztd examples/article.txt)"
  [ "$have_base" = 1 ] && cc $CF -I"$BASE/src" tests/bench/keywords_topk.c "$BASE/build/libzhtext.a" $LIBS -o "$tmp/kw_old" &&
    echo "keywords: top 20 of one article:           cc06a81    $("$tmp/kw_old" "$BASE/build/zhtext/seg.ztd" examples/article.txt)"
  echo "keywords: top 20 of the fixtures together: this build $("$tmp/kw_new" build/zhtext/seg.ztd "$@")"
  [ "$have_base" = 1 ] &&
    echo "keywords: top 20 of the fixtures together: cc06a81    $("$tmp/kw_old" "$BASE/build/zhtext/seg.ztd" "$@")"
fi
echo "simhash: load average $(cut -d' ' -f1-3 /proc/loadavg)"
