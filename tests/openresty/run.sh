#!/bin/sh
# zhtext inside nginx's lua module (issue 13): starts nginx with examples/openresty (the shipped
# config, its /opt/zhtext paths pointed at this checkout, on a free loopback port, everything
# nginx writes under a temporary prefix), checks POST /seg and POST /parse with curl, checks that
# init ran once and that requests never reopen the data files, checks the error answers, then
# stops nginx and removes the prefix (also on failure or interrupt).
#
#   sh tests/openresty/run.sh [BUILD_DIR]     (default build-luajit; `make test-openresty`)
#
# Last line: `openresty: N checks, N failed (N s)`; exit status 1 when any check failed.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-$ROOT/build-luajit}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
NGINX=${NGINX:-nginx}
FIX=$ROOT/tests/fixtures/openresty
# the checker reads JSON with lua-cjson; any Lua the project has will do
CHECK_LUA=${CHECK_LUA:-lua5.4}
REQUESTS=${REQUESTS:-200}
# init_by_lua runs in the master, which keeps this environment: only the config may say where
# the data is (make exports ZHTEXT_DATA_DIR for its own tree)
unset ZHTEXT_DICT ZHTEXT_LAC ZHTEXT_DATA_DIR

t_start=$(date +%s)
checks=0
failed=0
ok() { checks=$((checks + 1)); echo "ok     $1"; }
bad() { checks=$((checks + 1)); failed=$((failed + 1)); echo "FAIL   $1"; }
stop_nginx() {
  [ -n "$NGINX_PID" ] || return 0
  kill -QUIT "$NGINX_PID" 2>/dev/null # graceful: workers finish their requests
  i=0
  while kill -0 "$NGINX_PID" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
  if kill -0 "$NGINX_PID" 2>/dev/null; then kill -KILL "$NGINX_PID" 2>/dev/null; fi
  wait "$NGINX_PID" 2>/dev/null
  NGINX_PID=
}
P=
NGINX_PID=
finish() {
  stop_nginx
  if [ "$failed" != 0 ] && [ -n "$P" ] && [ -f "$P/logs/error.log" ]; then
    echo "--- nginx's error.log (every start), its errors and alerts:"
    grep -E '\[(error|crit|alert|emerg)\]' "$P/logs/error.log" | tail -n 20
  fi
  echo "openresty: $checks checks, $failed failed ($(( $(date +%s) - t_start )) s)"
  [ "$failed" = 0 ] && [ "$checks" -gt 0 ]
  exit $?
}

for f in "$BUILD/zhtext/core.so" "$BUILD/zhtext/seg.ztd" "$BUILD/zhtext/lac.bin"; do
  [ -f "$f" ] || { echo "tests/openresty: $f is missing (make LUA=luajit)" >&2; bad "build present"; finish; }
done
command -v "$NGINX" >/dev/null 2>&1 || { echo "tests/openresty: no $NGINX (apt-get install nginx libnginx-mod-http-lua)" >&2; bad "nginx present"; finish; }
command -v curl >/dev/null 2>&1 || { echo "tests/openresty: no curl" >&2; bad "curl present"; finish; }

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  stop_nginx
  [ -z "$P" ] || rm -rf "$P"
}
# shellcheck disable=SC2317 # called by the traps below
interrupted() { # a closed stdout (| head) is one too: stop nginx all the same
  trap '' PIPE INT TERM HUP
  bad "interrupted"
  finish
}
trap cleanup EXIT
trap interrupted INT TERM HUP PIPE

P=$(mktemp -d "${TMPDIR:-/tmp}/zhtext-openresty.XXXXXX") || { bad "temporary prefix"; finish; }
# run as root, nginx's workers are 'nobody': they must reach the prefix (nothing in it is secret)
chmod 755 "$P"

# The data files are copied into the prefix so the test can delete them once nginx is up:
# requests that still work afterwards cannot be reopening them.
mkdir -p "$P/conf" "$P/lua" "$P/logs" "$P/tmp" "$P/data" "$P/out"
cp "$BUILD/zhtext/seg.ztd" "$BUILD/zhtext/lac.bin" "$P/data/"
cp "$ROOT/examples/openresty/lua/zhtext_service.lua" "$P/lua/"

free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The shipped config with its checkout paths, data directory, port and worker count replaced;
# EXTRA_ENV (zero or more `env NAME=VALUE;` lines) goes after its env line.
EXTRA_ENV=
write_conf() { # port
  sed -e "/^env ZHTEXT_DATA_DIR=/r $P/out/extra_env.conf" -e "s#/opt/zhtext/build-luajit/zhtext#$P/data#g" \
      -e "s#/opt/zhtext/build-luajit#$BUILD#g" \
      -e "s#/opt/zhtext#$ROOT#g" \
      -e "s#listen 127.0.0.1:8080;#listen 127.0.0.1:$1;#" \
      -e "s#^worker_processes auto;#worker_processes 2;#" \
      "$ROOT/examples/openresty/conf/nginx.conf" > "$P/conf/nginx.conf"
}

# Starts nginx in the foreground (daemon off: $! is the master) and waits for /stats.
start_nginx() {
  for attempt in 1 2 3; do
    PORT=$(free_port) || return 1
    printf '%s' "$EXTRA_ENV" > "$P/out/extra_env.conf"
    write_conf "$PORT"
    "$NGINX" -p "$P/" -c conf/nginx.conf -g 'daemon off;' > "$P/logs/stdout.log" 2>&1 &
    NGINX_PID=$!
    i=0
    while [ $i -lt 100 ]; do
      if ! kill -0 "$NGINX_PID" 2>/dev/null; then break; fi
      if curl -s -o /dev/null "http://127.0.0.1:$PORT/stats"; then return 0; fi
      sleep 0.1; i=$((i + 1))
    done
    wait "$NGINX_PID" 2>/dev/null
    NGINX_PID=
    # another process took the port between the probe and nginx's bind: try another one
    grep -q "Address already in use" "$P/logs/stdout.log" "$P/logs/error.log" 2>/dev/null || break
    echo "port $PORT was taken; attempt $((attempt + 1))"
  done
  [ -n "${QUIET_FAIL:-}" ] || cat "$P/logs/stdout.log" "$P/logs/error.log" >&2
  return 1
}

URL=
# post NAME PATH FILE [curl options...]: the answer in $P/out/NAME.json, the status in $STATUS
posted=0
post() {
  name=$1 path=$2 file=$3
  shift 3
  posted=$((posted + 1))
  STATUS=$(curl -s -o "$P/out/$name.json" -w '%{http_code} %{content_type}' --data-binary "@$file" "$@" "$URL$path")
}

# json NAME FILE EXPR: EXPR (Lua, over the decoded answer `j`) must be true
json() {
  if out=$($CHECK_LUA "$ROOT/tests/openresty/check_json.lua" "$2" "$3" 2>&1); then
    ok "$1"
  else
    bad "$1: $3 -- $out"
  fi
}

# status NAME WANT: the last answer's HTTP status is WANT, and its body is JSON by its header
status() {
  case "$STATUS" in
    "$2 application/json"*) ok "$1: HTTP $2" ;;
    *) bad "$1: HTTP $STATUS, expected $2 application/json" ;;
  esac
}

workers() { ps -o pid= --ppid "$NGINX_PID" | tr -d ' ' | sort | paste -sd ' '; }

if ! start_nginx; then bad "nginx starts with examples/openresty/conf/nginx.conf"; finish; fi
ok "nginx starts with examples/openresty/conf/nginx.conf (port $PORT, master $NGINX_PID)"
URL=http://127.0.0.1:$PORT
W0=$(workers)

# -- init ran once, in the master, before the workers forked
curl -s -o "$P/out/stats0.json" "$URL/stats"
json "init ran once, in the master" "$P/out/stats0.json" "j.init_runs == 1 and j.init_pid == $NGINX_PID and j.worker_pid ~= $NGINX_PID and j.model == true"
n=$(grep -c 'zhtext: zhtext .* loaded in' "$P/logs/error.log")
if [ "$n" = 1 ]; then
  ok "error.log has one load notice"
else
  bad "error.log has $n load notices, expected 1"
fi

# -- the data files go away: from now on an open of either would fail
rm -f "$P/data/seg.ztd" "$P/data/lac.bin"

# -- POST /seg
printf '小明在杭州的一家软件公司找到了新工作，每天骑自行车上班。' > "$P/out/sentence.txt"
post seg /seg "$P/out/sentence.txt"
status "POST /seg" 200
json "POST /seg: jieba's words" "$P/out/seg.json" \
  'table.concat(j.words, "|") == "小明|在|杭州|的|一家|软件|公司|找到|了|新|工作|，|每天|骑|自行车|上班|。"'
post seg_search '/seg?mode=search' "$P/out/sentence.txt"
json "POST /seg?mode=search: search mode adds the shorter words" "$P/out/seg_search.json" \
  'table.concat(j.words, "|") == "小明|在|杭州|的|一家|软件|公司|找到|了|新|工作|，|每天|骑|自行|行车|自行车|上班|。"'
post seg_accurate '/seg?mode=accurate' "$P/out/sentence.txt"
json "POST /seg?mode=accurate: the model answers" "$P/out/seg_accurate.json" \
  'table.concat(j.words) == "小明在杭州的一家软件公司找到了新工作，每天骑自行车上班。" and table.concat(j.words, "|"):find("|杭州|", 1, true) ~= nil'
if iconv -f UTF-8 -t GB18030 "$P/out/sentence.txt" > "$P/out/sentence.gbk" 2>/dev/null; then
  post seg_gbk /seg "$P/out/sentence.gbk" -H 'Content-Type: text/plain; charset=gbk'
  json "POST /seg with charset=gbk: decoded first" "$P/out/seg_gbk.json" 'j.words[1] == "小明" and #j.words == 17'
fi

# -- POST /parse
post parse '/parse?url=https://news.example.cn/city/2024/0316.html' "$FIX/article.html" -H 'Content-Type: text/html'
status "POST /parse" 200
json "POST /parse: title, date, site" "$P/out/parse.json" \
  'j.title == "河西老街完成改造 百年骑楼重新开门迎客" and j.date == "2024-03-16T08:45:00" and j.site == "江畔日报"'
json "POST /parse: authors, editors, domain" "$P/out/parse.json" \
  'j.authors[1] == "林雪梅" and #j.authors == 1 and j.editors[1] == "周晓东" and j.domain == "news.example.cn"'
json "POST /parse: the four paragraphs, not the navigation" "$P/out/parse.json" \
  '#j.paragraphs == 4 and j.paragraphs[1]:find("^本报讯") ~= nil and j.paragraphs[4]:find("步行街区。$") ~= nil and #j.related == 2'
json "POST /parse: arrays stay arrays" "$P/out/parse.json" 'type(j.photographers) == "table" and #j.photographers == 0'

# -- many requests, one loaded dictionary: COUNT answers in a row over one keep-alive connection
# many NAME PATH FILE COUNT PATTERN: each answer must hold PATTERN (grep -F); prints requests/s
many() {
  urls=$(i=0; while [ $i -lt "$4" ]; do printf '%s%s ' "$URL" "$2"; i=$((i + 1)); done)
  t0=$(date +%s.%N)
  # shellcheck disable=SC2086
  curl -s --data-binary "@$3" $urls > "$P/out/$1.txt"
  t1=$(date +%s.%N)
  posted=$((posted + $4))
  n=$(grep -o -F "$5" "$P/out/$1.txt" | wc -l)
  rate=$(awk -v a="$t0" -v b="$t1" -v n="$4" 'BEGIN { printf "%.0f", n / (b - a) }')
  if [ "$n" = "$4" ]; then
    ok "$4 POST $2 in a row, all answered ($rate requests/s on one connection)"
  else
    bad "$4 POST $2 in a row: $n right answers"
  fi
}
many many_seg /seg "$P/out/sentence.txt" "$REQUESTS" '"words":["小明","在","杭州"'
many many_parse /parse "$FIX/article.html" $((REQUESTS / 4)) '"title": "河西老街完成改造 百年骑楼重新开门迎客"'
# both workers at once: 40 requests, 8 at a time on their own connections
# (curl 7.88 draws its parallel progress meter on stderr even with -s)
curl -s -Z --parallel-max 8 --data-binary "@$P/out/sentence.txt" -o "$P/out/par_#1.json" \
  -w "%{http_code}\n" "$URL/seg?n=[1-40]" > "$P/out/par_codes.txt" 2>/dev/null
posted=$((posted + 40))
codes=$(sort "$P/out/par_codes.txt" | uniq -c | tr -s ' ' | sed 's/^ //' | paste -sd ' ')
right=$(cat "$P/out"/par_*.json | grep -c -F '"words":["小明","在","杭州"')
if [ "$codes" = "40 200" ] && [ "$right" = 40 ]; then
  ok "40 POST /seg, 8 at a time: all answered"
else
  bad "40 POST /seg, 8 at a time: status counts $codes, $right right answers"
fi
# a body near the limit: 6000 sentences (~500 KB) in one request, kept in memory by nginx
awk -v s="$(cat "$P/out/sentence.txt")" 'BEGIN { for (i = 0; i < 6000; i++) printf "%s", s }' > "$P/out/long.txt"
t0=$(date +%s.%N)
post long /seg "$P/out/long.txt"
t1=$(date +%s.%N)
ms=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", (b - a) * 1000 }')
json "POST /seg of $(wc -c < "$P/out/long.txt") bytes: every word ($ms ms)" "$P/out/long.json" \
  '#j.words == 17 * 6000 and j.words[17 * 6000 - 1] == "上班"'
curl -s -o "$P/out/stats1.json" "$URL/stats"
json "one init for all requests (counters shared by the workers)" "$P/out/stats1.json" \
  "j.init_runs == 1 and j.requests == $posted"
maps=0
for w in $(workers); do
  c=$(grep -c 'seg\.ztd (deleted)' "/proc/$w/maps" 2>/dev/null)
  [ "${c:-0}" -ge 1 ] && maps=$((maps + 1))
done
if [ "$maps" = 2 ]; then
  ok "both workers still map the dictionary the master opened (now deleted)"
else
  bad "$maps of 2 workers map the master's seg.ztd"
fi

# -- errors: clear 4xx in JSON, and the worker survives them
: > "$P/out/empty.txt"
post empty /seg "$P/out/empty.txt"
status "empty body" 400
json "empty body: a JSON error" "$P/out/empty.json" 'j.status == 400 and j.error:find("empty body", 1, true) ~= nil'
head -c 1100000 /dev/zero | tr '\0' 'a' > "$P/out/big.txt"
post big /seg "$P/out/big.txt"
status "body over client_max_body_size" 413
json "oversized body: a JSON error" "$P/out/big.json" 'j.status == 413'
STATUS=$(curl -s -o "$P/out/get.json" -w '%{http_code} %{content_type}' "$URL/seg")
status "GET /seg" 405
json "GET /seg: says to POST" "$P/out/get.json" 'j.error:find("POST", 1, true) ~= nil'
post badmode '/seg?mode=fast' "$P/out/sentence.txt"
status "unknown mode" 400
post badnow '/parse?now=someday' "$FIX/article.html"
status "bad option raised inside zhtext" 400
json "bad option: zhtext's message, as JSON" "$P/out/badnow.json" "j.error:find(\"bad option 'now'\", 1, true) ~= nil"
post after /seg "$P/out/sentence.txt"
status "POST /seg after the errors" 200
W1=$(workers)
if [ "$W0" = "$W1" ]; then
  ok "the same workers served everything (no crash, no restart): $W1"
else
  bad "workers changed from $W0 to $W1"
fi
if grep -E 'exited on signal|\[(alert|emerg|crit)\]' "$P/logs/error.log" >/dev/null; then
  bad "error.log has a crash or an alert: $(grep -m1 -E 'exited on signal|\[(alert|emerg|crit)\]' "$P/logs/error.log")"
else
  ok "error.log has no crash, alert or emergency"
fi

stop_nginx
if [ -f "$P/logs/nginx.pid" ]; then bad "nginx left its pid file"; else ok "nginx stopped (graceful quit)"; fi

# -- no model: nginx starts, accurate mode answers 503 in JSON, the other modes work
EXTRA_ENV="env ZHTEXT_DICT=$BUILD/zhtext/seg.ztd;
env ZHTEXT_LAC=$P/data/no-such-model.bin;
"
if start_nginx; then
  URL=http://127.0.0.1:$PORT
  post nomodel '/seg?mode=accurate' "$P/out/sentence.txt"
  status "accurate mode without a model" 503
  json "accurate mode without a model: a JSON error" "$P/out/nomodel.json" 'j.status == 503 and j.error:find("model", 1, true) ~= nil'
  post nomodel_seg /seg "$P/out/sentence.txt"
  json "precise mode without a model" "$P/out/nomodel_seg.json" 'j.words[1] == "小明" and #j.words == 17'
  if grep -q 'accurate mode unavailable' "$P/logs/error.log"; then
    ok "error.log warns that accurate mode is unavailable"
  else
    bad "no warning about the missing model in error.log"
  fi
  stop_nginx
else
  bad "nginx starts without a model"
fi

# -- no dictionary: nginx refuses to start and says why (rather than answering 500 forever)
EXTRA_ENV="env ZHTEXT_DICT=$P/data/no-such-dict.ztd;
"
if QUIET_FAIL=1 start_nginx; then
  bad "nginx started without a dictionary"
  stop_nginx
elif grep -q 'init_by_lua error.*zhtext\.seg: .*no-such-dict\.ztd' "$P/logs/stdout.log" "$P/logs/error.log"; then
  ok "without a dictionary nginx does not start, and names the file"
else
  bad "without a dictionary: $(cat "$P/logs/stdout.log" "$P/logs/error.log" | head -c 400)"
fi
finish
