#!/bin/sh
# End-to-end `zhtext run` (parse + segment + keywords + dedupe: the stages this build has) over
# >= 50 MB of generated pages, MB/s with --jobs 1 and --jobs 2, next to each stage alone in one
# process over the same pages (the slowest stage is the ceiling for one job), and the simhash
# index over a million fingerprints next to a brute-force scan in the same run.
# BENCH_PIPELINE_MB sets the corpus size (default 50), BENCH_PIPELINE_REPEAT the number of runs
# of which the best counts (default 2; the machine may be shared).
set -eu
cd "$(dirname "$0")/../.."
: "${LUA_PATH_5_4:=$PWD/lua/?.lua;$PWD/lua/?/init.lua;;}"
: "${LUA_CPATH_5_4:=$PWD/build/?.so;;}"
export LUA_PATH_5_4 LUA_CPATH_5_4
MB=${BENCH_PIPELINE_MB:-50}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

lua5.4 tests/bench/gen_pages.lua "$tmp/pages" "$MB" 2>"$tmp/gen.log"
bytes=$(find "$tmp/pages" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
pages=$(find "$tmp/pages" -type f | wc -l)

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

# wall seconds and CPU seconds (user + sys, workers included): the best of $REPEAT runs
REPEAT=${BENCH_PIPELINE_REPEAT:-2}
run_jobs() {
  : > "$tmp/times.$1"
  i=0
  while [ "$i" -lt "$REPEAT" ]; do
    t0=$(date +%s.%N)
    # the subshell's `times` (POSIX): its children's user and system CPU, workers included
    ( lua5.4 bin/zhtext run $flags -q --no-progress -j "$1" --ordered -o "$tmp/out.$1" "$tmp/pages" || true
      times > "$tmp/cpu.$1" )
    t1=$(date +%s.%N)
    awk -v w="$(echo "$t1 $t0" | awk '{print $1 - $2}')" 'NR == 2 {
      split($1, u, /[ms]/); split($2, s, /[ms]/); print w, u[1] * 60 + u[2] + s[1] * 60 + s[2] }' \
      "$tmp/cpu.$1" >> "$tmp/times.$1"
    i=$((i + 1))
  done
  awk 'NR == 1 || $1 < w {w = $1} NR == 1 || $2 < c {c = $2} END {print w, c}' "$tmp/times.$1"
}
set -- $(run_jobs 1); j1wall=$1; j1cpu=$2
set -- $(run_jobs 2); j2wall=$1; j2cpu=$2
n1=$(wc -l < "$tmp/out.1"); n2=$(wc -l < "$tmp/out.2")

# Each stage alone, in one process, over the same pages held in memory.
lua5.4 - "$tmp/pages" "$flags" > "$tmp/stages" <<'LUA'
local zt = require("zhtext")
local dir, flags = arg[1], arg[2]
local files = zt.source.list_dir(dir)
local pages, total = {}, 0
for i, p in ipairs(files) do
  local f = assert(io.open(p, "rb")); pages[i] = f:read("a"); f:close()
  total = total + #pages[i]
end
local function clock() return os.clock() end
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
  time("keywords", function() for _, s in ipairs(texts) do zt.keywords(s, { top = 10 }) end end)
end
time("dedupe", function()
  local ix = zt.simhash_index { k = 3 }
  for i, s in ipairs(texts) do ix:check(words[i] and zt.simhash(words[i]) or zt.simhash(s), i) end
end)
local slowest, sum = results[1], 0
for _, r in ipairs(results) do
  if r.mbs < slowest.mbs then slowest = r end
  sum = sum + r.secs
end
for _, r in ipairs(results) do io.write(("stage %s %.3f %.3f\n"):format(r.name, r.mbs, r.secs)) end
io.write(("slowest %s %.3f\nsum %.3f\n"):format(slowest.name, slowest.mbs, sum))
LUA

lua5.4 - "$tmp/stages" "$bytes" "$pages" "$j1wall" "$j1cpu" "$j2wall" "$j2cpu" "$n1" "$n2" "$flags" <<'LUA'
local stages, bytes, pages = arg[1], tonumber(arg[2]), tonumber(arg[3])
local j1, c1, j2, c2 = tonumber(arg[4]), tonumber(arg[5]), tonumber(arg[6]), tonumber(arg[7])
local mb = bytes / 1e6
local slowest_name, slowest, sum
for line in io.lines(stages) do
  local name, mbs, secs = line:match("^stage (%S+) (%S+) (%S+)")
  if name then io.write(("pipeline: %-8s alone  %7.2f MB/s  (%.2f CPU s, one process)\n"):format(name, mbs, secs)) end
  local sn, smbs = line:match("^slowest (%S+) (%S+)")
  if sn then slowest_name, slowest = sn, tonumber(smbs) end
  local s = line:match("^sum (%S+)")
  if s then sum = tonumber(s) end
end
io.write(("pipeline: zhtext run %s over %d pages, %.1f MB (%d / %d records out)\n"):format(arg[10], pages, mb,
  tonumber(arg[8]), tonumber(arg[9])))
io.write(("pipeline: --jobs 1   %7.2f MB/s wall (%.2f s), %7.2f MB per CPU s (%.2f CPU s; best of runs)\n"):format(
  mb / j1, j1, mb / c1, c1))
io.write(("pipeline: --jobs 2   %7.2f MB/s wall (%.2f s), %7.2f MB per CPU s (%.2f CPU s)\n"):format(
  mb / j2, j2, mb / c2, c2))
io.write(("pipeline: --jobs 1 / slowest stage alone (%s), CPU: %.2f;  / all stages alone back to back"
  .. " (%.2f MB/s): %.2f\n"):format(slowest_name, mb / c1 / slowest, mb / sum, (mb / c1) / (mb / sum)))
io.write(("pipeline: --jobs 2 / --jobs 1, wall = %.2fx\n"):format(j1 / j2))
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
