#!/bin/sh
# Prints the directory of a built tree of an earlier commit, for benchmarks that run it beside
# this one on the same input: by default cc06a81 ("today's build" of issues 11 and 12).
# BENCH_BASE=DIR names a tree already built (its build/zhtext/core.so, lua/, bin/); otherwise the
# commit (BENCH_BASE_COMMIT) is exported with git archive and built once into
# build/bench-base-COMMIT (about a minute; later runs reuse it). Exits non-zero (message on
# stderr) when the commit is not in this repository or does not build.
set -eu
cd "$(dirname "$0")/../.."
if [ -n "${BENCH_BASE:-}" ]; then echo "$BENCH_BASE"; exit 0; fi
commit=${BENCH_BASE_COMMIT:-cc06a81}
dir=$PWD/build/bench-base-$commit
if [ -f "$dir/.built" ] && [ -f "$dir/build/zhtext/core.so" ]; then echo "$dir"; exit 0; fi
if ! git rev-parse --verify -q "$commit^{commit}" >/dev/null 2>&1; then
  echo "zhtext bench: commit $commit is not in this repository (set BENCH_BASE=DIR)" >&2; exit 1
fi
rm -rf "$dir"
mkdir -p "$dir"
git archive "$commit" | tar -x -C "$dir"
echo "zhtext bench: building $commit in $dir (once)" >&2
if ! (cd "$dir" && env -u LUA_PATH_5_4 -u LUA_CPATH_5_4 -u ZHTEXT_DATA_DIR make -j2 all) >"$dir/.build.log" 2>&1; then
  echo "zhtext bench: building $commit failed, see $dir/.build.log" >&2; exit 1
fi
touch "$dir/.built"
echo "$dir"
