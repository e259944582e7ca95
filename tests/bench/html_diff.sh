#!/bin/sh
# Builds tests/bench/html_diff.c: zt_html_extract of this tree (build/libzhtext.a: run `make`
# first) against the src/zt_html*.c and src/zt_jsonld.c of REF (a git revision, default HEAD),
# then runs it with the arguments given (see html_diff.c), e.g.
#   REF=cc06a81 sh tests/bench/html_diff.sh -gen 20000 1
#   sh tests/bench/html_diff.sh tests/fixtures/articles/*.html
#   sh tests/bench/html_diff.sh -bench 5 pages/*.html
set -eu
cd "$(dirname "$0")/../.."
REF=${REF:-HEAD}
out=build/html_diff
CC=${CC:-cc}
FLAGS="-O2 -g -std=c99 -D_POSIX_C_SOURCE=200809L -DPCRE2_CODE_UNIT_WIDTH=8 -Ibuild/gen $(pkg-config --cflags libxml-2.0)"
LIBS="-lutf8proc -lpcre2-8 -luchardet -lopencc -lxml2 -ljson-c -lm -lpthread"
rm -rf "$out/ref" && mkdir -p "$out/ref"
git ls-tree --name-only "$REF" src/ | grep -E '^src/(zt_html|zt_jsonld)' | while read -r f; do
  git show "$REF:$f" > "$out/ref/${f#src/}"
done
objs=
for f in "$out"/ref/*.c; do
  $CC $FLAGS -I"$out/ref" -Isrc -c "$f" -o "${f%.c}.o"
  objs="$objs ${f%.c}.o"
done
# one object whose every global symbol gets the prefix ref_ (its calls among its files too)
ld -r -o "$out/ref.o" $objs
nm -g --defined-only "$out/ref.o" | awk '{ print $3, "ref_" $3 }' > "$out/ref.syms"
objcopy --redefine-syms="$out/ref.syms" "$out/ref.o"
$CC $FLAGS -Isrc tests/bench/html_diff.c "$out/ref.o" build/libzhtext.a $LIBS -o "$out/html_diff"
exec "$out/html_diff" "$@"
