#!/bin/sh
# jieba compatibility and accuracy of zhtext.seg on the SIGHAN 2005 test sets.
#
#   sh tests/eval/seg_eval.sh            (from the project root, after `make`; B=... for another tree)
#
# For PKU and MSR: the share of lines where zhtext gives exactly the same words as Debian's
# python3-jieba (precise with/without HMM, full, search, posseg), then F1 against the gold
# files with ../shared/tools/segeval.py (jieba's own output scored the same way alongside).
# Skips cleanly when the data or python3-jieba is absent. jieba's answers are cached in
# ${ZHTEXT_EVAL_CACHE:-/tmp/zhtext-segref}.
set -eu
DATA=${SIGHAN_DIR:-../shared/data/sighan2005}
SEGEVAL=${SEGEVAL:-../shared/tools/segeval.py}
PY=/usr/bin/python3
B=${B:-build}
if [ ! -f "$DATA/pku_test.utf8" ] || [ ! -f "$SEGEVAL" ]; then echo "seg_eval: SKIP (no $DATA)"; exit 0; fi
if ! $PY -c "import jieba" 2>/dev/null; then echo "seg_eval: SKIP (python3-jieba absent)"; exit 0; fi
export LUA_PATH_5_4="$PWD/lua/?.lua;$PWD/lua/?/init.lua;;"
export LUA_CPATH_5_4="$PWD/$B/?.so;;"
export ZHTEXT_DATA_DIR="${ZHTEXT_DATA_DIR:-$PWD/$B/zhtext}"
CACHE=${ZHTEXT_EVAL_CACHE:-/tmp/zhtext-segref}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
mkdir -p "$CACHE"
MODES="precise precise_nohmm full search pos"
echo "== jieba compatibility: identical lines (zhtext vs python3-jieba $($PY -c 'import jieba; print(jieba.__version__)'))"
for c in pku msr; do
  tr -d '\r' < "$DATA/${c}_test.utf8" > "$OUT/$c.txt"
  for m in $MODES; do
    ref="$CACHE/${c}_$m.txt"
    if [ ! -s "$ref" ]; then
      $PY tests/eval/jieba_ref.py "$m" "$OUT/$c.txt" > "$ref.tmp" && mv "$ref.tmp" "$ref"
    fi
    lua5.4 tests/eval/seg_dump.lua "$m" "$OUT/$c.txt" > "$OUT/${c}_$m.txt"
    $PY - "$ref" "$OUT/${c}_$m.txt" "$c" "$m" <<'PYEOF'
import sys
a = open(sys.argv[1], encoding="utf-8", newline="").read().split("\n")
b = open(sys.argv[2], encoding="utf-8", newline="").read().split("\n")
n = min(len(a), len(b)) - 1
same = sum(1 for i in range(n) if a[i] == b[i])
print("%-4s %-14s %5d / %5d lines identical  %.4f" % (sys.argv[3], sys.argv[4], same, n, same / n))
PYEOF
  done
done
echo "== generated mixed text (tests/eval/gen_mixed.py: 4000 lines of Han, ASCII, spaces, symbols, emoji, NUL...)"
$PY tests/eval/gen_mixed.py 4000 5 > "$OUT/mixed.txt"
for m in precise precise_nohmm full search pos pos_nohmm; do
  $PY tests/eval/jieba_ref.py "$m" "$OUT/mixed.txt" > "$OUT/mixed_ref_$m.txt"
  lua5.4 tests/eval/seg_dump.lua "$m" "$OUT/mixed.txt" > "$OUT/mixed_zt_$m.txt"
  $PY - "$OUT/mixed_ref_$m.txt" "$OUT/mixed_zt_$m.txt" "$m" <<'PYEOF'
import sys
a = open(sys.argv[1], encoding="utf-8", newline="").read().split("\n")
b = open(sys.argv[2], encoding="utf-8", newline="").read().split("\n")
n = min(len(a), len(b)) - 1
same = sum(1 for i in range(n) if a[i] == b[i])
print("mix  %-14s %5d / %5d output lines identical  %.4f" % (sys.argv[3], same, n, same / n))
PYEOF
done
echo "== F1 against the gold segmentation (segeval.py)"
for c in pku msr; do
  for m in precise precise_nohmm precise_norm precise_nohmm_norm precise_merge precise_norm_merge; do
    lua5.4 tests/eval/seg_dump.lua "$m" "$OUT/$c.txt" "  " > "$OUT/${c}_$m.pred"
    printf '%-4s zhtext %-20s ' "$c" "$m"
    $PY "$SEGEVAL" "$DATA/${c}_test_gold.utf8" "$OUT/${c}_$m.pred" --words "$DATA/${c}_training_words.utf8" --json \
      | $PY -c 'import json,sys; d=json.load(sys.stdin); print("F1 %.4f  P %.4f  R %.4f" % (d["F1"], d["P"], d["R"]))'
  done
  for m in precise precise_nohmm; do
    $PY -c 'import sys; [print("  ".join(l.rstrip("\n").split("\x1f"))) for l in open(sys.argv[1], encoding="utf-8")]' "$CACHE/${c}_$m.txt" > "$OUT/${c}_jieba_$m.pred"
    printf '%-4s jieba  %-20s ' "$c" "$m"
    $PY "$SEGEVAL" "$DATA/${c}_test_gold.utf8" "$OUT/${c}_jieba_$m.pred" --words "$DATA/${c}_training_words.utf8" --json \
      | $PY -c 'import json,sys; d=json.load(sys.stdin); print("F1 %.4f  P %.4f  R %.4f" % (d["F1"], d["P"], d["R"]))'
  done
done
echo "== traditional text (test sets converted with OpenCC s2t): F1 of cut(s) vs cut(s, {traditional = true})"
for c in pku msr; do
  mkdir -p "$OUT/trad_$c"
  n=$(lua5.4 tests/eval/seg_trad.lua "$OUT/$c.txt" "$DATA/${c}_test_gold.utf8" "$OUT/trad_$c")
  for m in plain trad; do
    printf '%-4s %-6s (%s lines) ' "$c" "$m" "$n"
    $PY "$SEGEVAL" "$OUT/trad_$c/gold.txt" "$OUT/trad_$c/$m.txt" --json \
      | $PY -c 'import json,sys; d=json.load(sys.stdin); print("F1 %.4f  P %.4f  R %.4f" % (d["F1"], d["P"], d["R"]))'
  done
done
echo "== keywords: documents of 20 lines, top 20 with weights to 1e-10, zhtext vs jieba.analyse"
for c in pku msr; do
  $PY tests/eval/kw_ref.py "$OUT/$c.txt" > "$OUT/kw_ref_$c.txt"
  lua5.4 tests/eval/kw_dump.lua "$OUT/$c.txt" > "$OUT/kw_zt_$c.txt"
  $PY - "$OUT/kw_ref_$c.txt" "$OUT/kw_zt_$c.txt" "$c" <<'PYEOF'
import sys
from collections import Counter
a = open(sys.argv[1], encoding="utf-8").read().split("\n")
b = open(sys.argv[2], encoding="utf-8").read().split("\n")
same, tot = Counter(), Counter()
for x, y in zip(a, b):
    if not x:
        continue
    m = x.split("\x1f")[0]
    tot[m] += 1
    same[m] += x == y
print("%-4s " % sys.argv[3] + "  ".join("%s %d/%d identical" % (m, same[m], tot[m]) for m in tot))
PYEOF
done
