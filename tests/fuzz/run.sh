#!/bin/sh
# Runs libFuzzer harnesses (paths as arguments) FUZZ_JOBS at a time for FUZZ_SECONDS each and
# prints one line per harness: executions, execs/s, corpus size, result. Exits 1 when any
# harness found something (crash, leak, UBSan report, timeout, out-of-memory); its log is in
# build/fuzz/logs/<name>.log and the input in build/fuzz/artifacts/.
#   FUZZ_SECONDS (20)  FUZZ_JOBS (2)  FUZZ_TIMEOUT (10 s per input)  FUZZ_MAX_LEN (4096)
#   FUZZ_REPLAY=1      only run the seeds in tests/fuzz/seeds/<name>/ (regression inputs)
# Seeds are hand-written inputs kept in git; the growing corpus lives in build/ only.
set -u
secs=${FUZZ_SECONDS:-20}
jobs=${FUZZ_JOBS:-2}
timeout=${FUZZ_TIMEOUT:-10}
maxlen=${FUZZ_MAX_LEN:-4096}
out=build/fuzz
# the harnesses find the dictionary and model there (as `make` exports it)
ZHTEXT_DATA_DIR=${ZHTEXT_DATA_DIR:-$(pwd)/build/zhtext}
export ZHTEXT_DATA_DIR
mkdir -p "$out/logs" "$out/artifacts" "$out/corpus"

run_one() {
  f=$1
  name=$(basename "$f")
  seeds=tests/fuzz/seeds/$name
  log=$out/logs/$name.log
  if [ -n "${FUZZ_REPLAY:-}" ]; then
    if [ -d "$seeds" ]; then
      "$f" -timeout="$timeout" -rss_limit_mb=2048 "$seeds"/* >"$log" 2>&1
    else
      echo "no seeds" >"$log"
    fi
  else
    mkdir -p "$out/corpus/$name"
    set -- "$out/corpus/$name"
    [ -d "$seeds" ] && set -- "$@" "$seeds"
    "$f" -max_total_time="$secs" -timeout="$timeout" -max_len="$maxlen" -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$out/artifacts/$name-" "$@" >"$log" 2>&1
  fi
  echo $? >"$log.rc"
}

# FUZZ_JOBS at a time: start a batch, wait for it.
set -- "$@"
pending=""
for f in "$@"; do
  run_one "$f" &
  pending="$pending $!"
  if [ "$(echo $pending | wc -w)" -ge "$jobs" ]; then
    wait $pending
    pending=""
  fi
done
[ -n "$pending" ] && wait $pending

status=0
total=0
printf '%-16s %12s %10s %8s  %s\n' harness executions exec/s corpus result
for f in "$@"; do
  name=$(basename "$f")
  log=$out/logs/$name.log
  rc=$(cat "$log.rc" 2>/dev/null || echo 1)
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  [ -z "$runs" ] && runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -1)
  [ -z "$runs" ] && runs=$(sed -n 's/^Executed .* in [0-9]* ms$/x/p' "$log" | wc -l)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  corp=$(ls "$out/corpus/$name" 2>/dev/null | wc -l)
  if [ "$rc" = 0 ]; then
    result=ok
    grep -q "skipp" "$log" && result="ok ($(grep -m1 -o 'skipp[^:]*' "$log"))"
  else
    status=1
    result=$(grep -m1 -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|SUMMARY:' "$log" |
             sed 's/^==[0-9]*==//' | cut -c1-90)
    [ -z "$result" ] && result="exit $rc"
    result="FAIL: $result (see $log)"
  fi
  total=$((total + ${runs:-0}))
  printf '%-16s %12s %10s %8s  %s\n' "$name" "${runs:-0}" "${rate:--}" "$corp" "$result"
done
printf '%-16s %12s\n' total "$total"
exit $status
