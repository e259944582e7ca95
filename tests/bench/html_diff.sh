#!/bin/sh
# Builds tests/bench/html_diff.c: zt_html_extract of this tree (build/libzhtext.a: run `make`
# first) against the src/zt_html*.c and src/zt_jsonld.c of REF (a git revision, default HEAD),
# then runs it with the arguments given (see html_diff.c), e.g.
#   REF=40430b7 sh tests/bench/html_diff.sh -gen 20000 1
#   sh tests/bench/html_diff.sh tests/fixtures/articles/*.html
#   sh tests/bench/html_diff.sh -bench 5 pages/*.html
# FUZZ=1: a libFuzzer harness instead (clang, ASan+UBSan, both versions instrumented), run with
# the arguments given, e.g. FUZZ=1 sh tests/bench/html_diff.sh -max_total_time=60 corpus/
set -eu
cd "$(dirname "$0")/../.."
REF=${REF:-HEAD}
out=build/html_diff
LIBS="-lutf8proc -lpcre2-8 -luchardet -lopencc -lxml2 -ljson-c -lm -lpthread"
if [ -n "${FUZZ:-}" ]; then
  CC=clang
  SAN="-g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined"
  COV="$SAN -fsanitize=fuzzer-no-link"
  LINK="$SAN -fsanitize=fuzzer -DHTML_DIFF_FUZZ"
  bin=$out/html_diff_fuzz
else
  CC=${CC:-cc}
  COV="-O2 -g"
  LINK="-O2 -g"
  bin=$out/html_diff
fi
FLAGS="-std=c99 -D_POSIX_C_SOURCE=200809L -DPCRE2_CODE_UNIT_WIDTH=8 -Ibuild/gen $(pkg-config --cflags libxml-2.0)"
rm -rf "$out/ref" "$out/this" && mkdir -p "$out/ref" "$out/this"
git ls-tree --name-only "$REF" src/ | grep -E '^src/(zt_html|zt_jsonld)' | while read -r f; do
  git show "$REF:$f" > "$out/ref/${f#src/}"
done
refobjs=
for f in "$out"/ref/*.c; do
  $CC $COV $FLAGS -I"$out/ref" -Isrc -c "$f" -o "${f%.c}.o"
  refobjs="$refobjs ${f%.c}.o"
done
# one object whose every global symbol gets the prefix ref_ (its calls among its files too)
ld -r -o "$out/ref.o" $refobjs
nm -g --defined-only "$out/ref.o" | awk '{ print $3, "ref_" $3 }' > "$out/ref.syms"
objcopy --redefine-syms="$out/ref.syms" "$out/ref.o"
# this tree's html files compiled here too (instrumented when fuzzing); the rest from the core
thisobjs=
for f in src/zt_html*.c src/zt_jsonld.c; do
  o=$out/this/$(basename "${f%.c}").o
  $CC $COV $FLAGS -Isrc -c "$f" -o "$o"
  thisobjs="$thisobjs $o"
done
$CC $LINK $FLAGS -Isrc tests/bench/html_diff.c $thisobjs "$out/ref.o" build/libzhtext.a $LIBS -o "$bin"
exec "$bin" "$@"
