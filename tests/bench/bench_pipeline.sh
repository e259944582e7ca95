#!/bin/sh
# End-to-end `zhtext run` (parse + segment + keywords + dedupe: the stages this build has) over
# >= 50 MB of generated pages: MB/s with --jobs 1, next to the build of an earlier commit
# (tests/bench/base_build.sh: cc06a81 unless BENCH_BASE / BENCH_BASE_COMMIT say otherwise) run
# on the same pages in the same benchmark, turn about; the profile split per stage (CPU of each
# stage inside the pipeline, JSON encoding, the rest); each stage alone in one process over the
# same pages (their rates combined as back to back, 1 / sum(1 / rate)); --jobs 2 against
# --jobs 1, with the parent's share of the CPU (its merge cost); and the simhash index over a
# million fingerprints next to a brute-force scan.
# BENCH_PIPELINE_MB sets the corpus size (default 50), BENCH_PIPELINE_REPEAT the number of runs
# of which the best counts (default 2; the machine may be shared).
set -eu
cd "$(dirname "$0")/../.."
: "${LUA_PATH_5_4:=$PWD/lua/?.lua;$PWD/lua/?/init.lua;;}"
: "${LUA_CPATH_5_4:=$PWD/build/?.so;;}"
: "${ZHTEXT_DATA_DIR:=$PWD/build/zhtext}"
export LUA_PATH_5_4 LUA_CPATH_5_4 ZHTEXT_DATA_DIR
MB=${BENCH_PIPELINE_MB:-50}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

lua5.4 tests/bench/gen_pages.lua "$tmp/pages" "$MB" 2>"$tmp/gen.log"
bytes=$(find "$tmp/pages" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
pages=$(find "$tmp/pages" -type f | wc -l)
base=$(sh tests/bench/base_build.sh) || base=""

# The stages this build has (the features land independently).
flags=$(lua5.4 -e '
local zt = require("zhtext")
local f = {}
if type(zt.article) == "table" and zt.article.parse then f[#f + 1] = "--parse" end
if zt.cut then f[#f + 1] = "--segment" end
if zt.keywords then f[#f + 1] = "--keywords" end
f[#f + 1] = "--dedupe"
print(table.concat(f, " "))')
[ "$flags" = "--dedupe" ] && flags="--clean --dedupe"

# One run of TREE's zhtext with --jobs JOBS: "wall CPU parent_CPU" (CPU: user + sys of all its
# processes, from the subshell's `times`; parent_CPU: what the main process reports with -v).
run_once() {
  tree=$1 jobs=$2 tag=$3
  # a new output file each run: truncating the last run's 100 MB would be charged to the parent
  rm -f "$tmp/out.$tag"
  t0=$(date +%s.%N)
  ( cd "$tree" && LUA_PATH_5_4="$tree/lua/?.lua;$tree/lua/?/init.lua;;" LUA_CPATH_5_4="$tree/build/?.so;;" \
      ZHTEXT_DATA_DIR="$tree/build/zhtext" \
      lua5.4 bin/zhtext run $flags -v --no-progress -j "$jobs" --ordered -o "$tmp/out.$tag" "$tmp/pages" \
      2>"$tmp/err.$tag" || true
    times > "$tmp/cpu.$tag" )
  t1=$(date +%s.%N)
  parent=$(sed -n 's/.*; \([0-9.]*\) CPU s in the main process.*/\1/p' "$tmp/err.$tag" | tail -n 1)
  awk -v w="$(echo "$t1 $t0" | awk '{print $1 - $2}')" -v p="${parent:-0}" 'NR == 2 {
    split($1, u, /[ms]/); split($2, s, /[ms]/); print w, u[1] * 60 + u[2] + s[1] * 60 + s[2], p }' "$tmp/cpu.$tag"
}
# the best (least CPU) of $REPEAT runs of each configuration, taken in turn so that a busy
# moment of a shared machine falls on all of them alike
REPEAT=${BENCH_PIPELINE_REPEAT:-2}
i=0
: > "$tmp/t.j1"; : > "$tmp/t.j2"; : > "$tmp/t.base"
while [ "$i" -lt "$REPEAT" ]; do
  [ -n "$base" ] && run_once "$base" 1 base >> "$tmp/t.base"
  run_once "$PWD" 1 j1 >> "$tmp/t.j1"
  run_once "$PWD" 2 j2 >> "$tmp/t.j2"
  i=$((i + 1))
done
best() { awk 'NR == 1 || $2 < c {w = $1; c = $2; p = $3} END {print w, c, p}' "$1"; }
set -- $(best "$tmp/t.j1"); j1wall=$1; j1cpu=$2
set -- $(best "$tmp/t.j2"); j2wall=$1; j2cpu=$2; j2parent=$3
basecpu=0; basewall=0
if [ -n "$base" ]; then set -- $(best "$tmp/t.base"); basewall=$1; basecpu=$2; fi
n1=$(wc -l < "$tmp/out.j1"); n2=$(wc -l < "$tmp/out.j2")

# Each stage alone, in one process, over the same pages held in memory; then the same stages as
# one pipeline, each stage's CPU measured inside it (the profile split).
lua5.4 - "$tmp/pages" "$flags" > "$tmp/stages" <<'LUA'
local zt = require("zhtext")
local sinks = require("zhtext.sinks")
local dir, flags = arg[1], arg[2]
local files = zt.source.list_dir(dir)
local pages, total = {}, 0
for i, p in ipairs(files) do
  local f = assert(io.open(p, "rb")); pages[i] = f:read("a"); f:close()
  total = total + #pages[i]
end
local clock = os.clock
local results = {}
local texts = pages
local repeat_n = tonumber(os.getenv("BENCH_PIPELINE_REPEAT") or "2")
local function time(name, fn)
  local dt = math.huge
  for _ = 1, repeat_n do
    local t = clock()
    fn()
    dt = math.min(dt, clock() - t)
  end
  results[#results + 1] = { name = name, mbs = total / 1e6 / dt, secs = dt }
end
if flags:find("--parse") then
  local parsed = {}
  time("parse", function()
    for i, s in ipairs(pages) do parsed[i] = zt.article.parse(s) end
  end)
  texts = {}
  for i, a in ipairs(parsed) do texts[i] = type(a) == "table" and table.concat(a.paragraphs or {}, "\n") or "" end
end
if flags:find("--clean") then
  time("clean", function() for i, s in ipairs(pages) do texts[i] = zt.clean(s) end end)
end
local words = {}
if flags:find("--segment") then
  time("segment", function() for i, s in ipairs(texts) do words[i] = zt.cut(s) end end)
end
if flags:find("--keywords") then
  -- over the words, as the pipeline's keywords stage reads them (text when there are none)
  time("keywords", function() for i, s in ipairs(texts) do zt.keywords(words[i] or s, { top = 10 }) end end)
end
-- as the dedupe stage does by default: the text's simhash and exact hash, then the index
time("dedupe", function()
  local ix = zt.simhash_index { k = 3 }
  for i, s in ipairs(texts) do ix:check(zt.simhash(s), i); zt.hash64(s) end
end)
local sum = 0
for _, r in ipairs(results) do sum = sum + r.secs end
for _, r in ipairs(results) do io.write(("stage %s %.3f %.3f\n"):format(r.name, r.mbs, r.secs)) end
io.write(("sum %.3f\n"):format(sum))

-- the profile split: the pipeline `zhtext run` builds, over pages read from disk as it reads
-- them, each stage's CPU summed, JSON encoding (the sink's encoder) and the rest
local p = zt.pipeline()
for f in flags:gmatch("%-%-(%S+)") do p[f == "segment" and "segment" or f](p) end
local cpu = {}
local function timed(name, fn)
  return function(r)
    local t = clock()
    local x = fn(r)
    cpu[name] = (cpu[name] or 0) + clock() - t
    return x
  end
end
for _, st in ipairs(p.stages) do
  st.fn = timed(st.name, st.fn)
  if st.fuse then
    -- a segment stage that runs fused with the keywords stage after it (as in `zhtext run`): the
    -- fused call is timed as segment, the keywords stage then only takes its result
    local make = st.fuse.make
    st.fuse = { fn = st.fn, make = function(top)
      local f = make(top)
      return f and timed(st.name, f)
    end }
  end
end
local best
for _ = 1, repeat_n do
  for _, st in ipairs(p.stages) do cpu[st.name] = 0 end
  local enc, t0 = 0, clock()
  local out = assert(io.open("/dev/null", "wb"))
  p:run(zt.source.dir(dir), function(rec)
    local t = clock()
    out:write(sinks.encode(rec), "\n")
    enc = enc + clock() - t
  end, { errors = false, batch = 16 }) -- as `zhtext run` runs its own stages in one process
  out:close()
  local all = clock() - t0
  if not best or all < best.all then
    best = { all = all, enc = enc, cpu = {} }
    for k, v in pairs(cpu) do best.cpu[k] = v end
  end
end
local parts, accounted = {}, best.enc
for _, st in ipairs(p.stages) do
  parts[#parts + 1] = ("%s %.0f%%"):format(st.name, 100 * best.cpu[st.name] / best.all)
  accounted = accounted + best.cpu[st.name]
end
parts[#parts + 1] = ("JSON encoding %.0f%%"):format(100 * best.enc / best.all)
parts[#parts + 1] = ("the rest (reading, the run loop) %.0f%%"):format(100 * (best.all - accounted) / best.all)
io.write(("profile %.3f %s\n"):format(total / 1e6 / best.all, table.concat(parts, ", ")))
LUA

lua5.4 - "$tmp/stages" "$bytes" "$pages" "$j1wall" "$j1cpu" "$j2wall" "$j2cpu" "$n1" "$n2" "$flags" \
  "$basewall" "$basecpu" "$j2parent" "${base:-}" <<'LUA'
local stages, bytes, pages = arg[1], tonumber(arg[2]), tonumber(arg[3])
local j1, c1, j2, c2 = tonumber(arg[4]), tonumber(arg[5]), tonumber(arg[6]), tonumber(arg[7])
local bw, bc, parent, base = tonumber(arg[11]), tonumber(arg[12]), tonumber(arg[13]), arg[14]
local mb = bytes / 1e6
local sum
local profile
for line in io.lines(stages) do
  local name, mbs, secs = line:match("^stage (%S+) (%S+) (%S+)")
  if name then io.write(("pipeline: %-8s alone  %7.2f MB/s  (%.2f CPU s, one process)\n"):format(name, mbs, secs)) end
  local s = line:match("^sum (%S+)")
  if s then sum = tonumber(s) end
  local pm, split = line:match("^profile (%S+) (.*)$")
  if pm then profile = ("pipeline: profile of --jobs 1 (%.2f MB/s in one process): %s\n"):format(pm, split) end
end
io.write(("pipeline: zhtext run %s over %d pages, %.1f MB (%d / %d records out)\n"):format(arg[10], pages, mb,
  tonumber(arg[8]), tonumber(arg[9])))
io.write(("pipeline: --jobs 1   %7.2f MB/s wall (%.2f s), %7.2f MB per CPU s (%.2f CPU s; best of runs)\n"):format(
  mb / j1, j1, mb / c1, c1))
if base ~= "" and bc > 0 then
  io.write(("pipeline: --jobs 1 of %s %7.2f MB per CPU s (%.2f CPU s, %.2f s wall); this build / it = %.2fx\n")
    :format(base:match("[^/]+$"), mb / bc, bc, bw, bc / c1))
else
  io.write("pipeline: no earlier build to compare with (tests/bench/base_build.sh failed; set BENCH_BASE=DIR)\n")
end
io.write(("pipeline: --jobs 1 / all stages alone back to back (1/sum(1/rate) = %.2f MB/s), CPU: %.2f\n"):format(
  mb / sum, (mb / c1) / (mb / sum)))
if profile then io.write(profile) end
io.write(("pipeline: --jobs 2   %7.2f MB/s wall (%.2f s), %7.2f MB per CPU s (%.2f CPU s, of which the parent"
  .. " %.2f s = %.1f%%)\n"):format(mb / j2, j2, mb / c2, c2, parent, 100 * parent / c2))
io.write(("pipeline: --jobs 2 / --jobs 1, wall = %.2fx (on an idle 2-core machine; see the load below)\n"):format(j1 / j2))
if arg[8] ~= arg[9] then io.write("pipeline: WARNING: --jobs 1 and --jobs 2 output different record counts\n") end
local f = io.open("/proc/loadavg")
if f then io.write("pipeline: load average during the run: ", f:read("l"), "\n"); f:close() end
LUA

# The near-duplicate index: a million fingerprints, against a brute-force scan (the peer).
lua5.4 - <<'LUA'
local zt = require("zhtext")
local x = 88172645463325252
local function rand()
  x = x ~ (x << 13); x = x ~ (x >> 7); x = x ~ (x << 17)
  return x
end
local N = 1000000
local fps = {}
for i = 1, N do fps[i] = rand() end
local ix = zt.simhash_index { k = 3 }
local t = os.clock()
for i = 1, N do ix:add(fps[i], i) end
local tadd = os.clock() - t
local Q = 200000
local hits = 0
t = os.clock()
for q = 1, Q do
  local fp = fps[(q * 7919) % N + 1] ~ (1 << (q % 64)) ~ (1 << ((q * 3) % 64))
  if ix:query(fp) then hits = hits + 1 end
end
local tq = (os.clock() - t) / Q
local hamming = zt.hamming
local BQ = 20
t = os.clock()
for q = 1, BQ do
  local fp = rand() -- a new record: the scan must look at every fingerprint
  for i = 1, N do if hamming(fp, fps[i]) <= 3 then hits = hits + 1 end end
end
local tb = (os.clock() - t) / BQ
io.write(("simhash: index of %d fingerprints (k=3): add %.2f s, %.0f queries/s (%d/%d found)\n"):format(
  N, tadd, 1 / tq, hits, Q))
io.write(("simhash: brute-force scan (Lua loop over zt.hamming) %.1f queries/s; index / brute force = %.0fx\n"):format(1 / tb, tb / tq))
LUA
