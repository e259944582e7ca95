#!/bin/sh
# make bench: zt.article.parse throughput (pages/s, MB/s) over generated text and HTML pages.
# Peer in the same run: libxml2's own `xmllint --html` parse of the same HTML (parse only, no
# extraction), when installed; the ratio says how much extraction adds on top of parsing.
set -eu
cd "$(dirname "$0")/../.."
PAGES=${BENCH_ARTICLE_PAGES:-3000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "== bench_article: $PAGES generated pages per format (one core)"
lua5.4 tests/bench/bench_article.lua "$PAGES" "$tmp"
if command -v xmllint >/dev/null 2>&1; then
  # split the corpus back into pages is not needed: one big document parses the same markup
  start=$(date +%s.%N)
  xmllint --html --noout --nowarning "$tmp/pages.html" 2>/dev/null || true
  end=$(date +%s.%N)
  read -r ours bytes < "$tmp/parse_seconds"
  awk -v s="$start" -v e="$end" -v o="$ours" -v b="$bytes" 'BEGIN {
    p = e - s; if (p <= 0) p = 1e-6;
    printf "  peer: xmllint --html (parse only) %.1f MB/s; article.parse html is %.2fx its time\n", b / 1e6 / p, o / p }'
else
  echo "  peer: xmllint not installed, skipped"
fi
