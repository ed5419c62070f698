#!/usr/bin/env bash
# One closed-loop sweep against a real server on 127.0.0.1 (issue 13 item 6, issue 14).
# Starts Gunicorn (sync/gthread/gevent) or PHP-FPM behind nginx (fastcgi), pinned with taskset,
# runs `wrk --latency -t1 -c<N> -d<s>` per connection count, keeps the raw wrk output as
# <out>/c<N>.txt plus <out>/meta.json, and stops everything it started (by pid) on exit.
#
#   measure.sh --server gunicorn --class gthread --workers 2 --threads 4 --cpu 5 --io 10 \
#              --cores 1 --conns "1 2 4 8 16 32" --duration 3 --out fixtures/measured/x
# --think-ms N: each wrk connection waits N ms after a response before sending its next request
# (wrk's Lua delay(); the wait is not in the latency), like a client across a network.
# --worker-tmp-dir DIR: Gunicorn's worker_tmp_dir (its heartbeat file, fchmod-ed by a sync worker
# before every request); /dev/shm keeps it off the shared disk, as Gunicorn's FAQ advises.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
SERVER=gunicorn CLASS=sync WORKERS=2 THREADS=1 CPU_MS=0 IO_MS=0 CORES=1 APP=app
CONNS="1 2 4 8 16 32" DURATION=3 ROUNDS=1 OUT="" ACCESS_LOG="" STATUS_OUT="" PS_OUT="" NOTE="" THINK_MS=0 TMP_DIR=""
while [ $# -gt 0 ]; do
  case "$1" in
    --server) SERVER=$2 ;; --class) CLASS=$2 ;; --workers) WORKERS=$2 ;; --threads) THREADS=$2 ;;
    --cpu) CPU_MS=$2 ;; --io) IO_MS=$2 ;; --cores) CORES=$2 ;; --app) APP=$2 ;;
    --conns) CONNS=$2 ;; --duration) DURATION=$2 ;; --rounds) ROUNDS=$2 ;; --out) OUT=$2 ;;
    --access-log) ACCESS_LOG=$2 ;; --status-out) STATUS_OUT=$2 ;; --ps-out) PS_OUT=$2 ;; --note) NOTE=$2 ;;
    --think-ms) THINK_MS=$2 ;; --worker-tmp-dir) TMP_DIR=$2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
[ -n "$OUT" ] || { echo "--out is required" >&2; exit 2; }
[ "$DURATION" -le 10 ] || { echo "--duration is capped at 10 s (shared machine)" >&2; exit 2; }
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"

# 1 core: server on CPU 1, wrk on CPU 0 (no sharing). 2 cores: server on 0-1 and wrk on 0 (shared, noted).
if [ "$CORES" = 1 ]; then SRV_CPUS=1; else SRV_CPUS=0-1; fi
# How many CPUs that list names (the idle/irq shares below are over these, not over --cores).
cpu_count() {
  local n=0 part lo hi
  IFS=, read -ra parts <<<"$1"
  for part in "${parts[@]}"; do
    if [[ $part == *-* ]]; then lo=${part%-*}; hi=${part#*-}; n=$((n + hi - lo + 1)); else n=$((n + 1)); fi
  done
  echo "$n"
}
SRV_NCPUS=$(cpu_count "$SRV_CPUS")
WRK_CPU=0
# The machine is shared: a mild priority boost for the server and wrk keeps other jobs from
# distorting the points (recorded in meta.json; MEASURE_NICE=0 turns it off).
NICE_LEVEL="${MEASURE_NICE:--15}"
PRIO=(nice -n "$NICE_LEVEL")
TMP="$(mktemp -d /tmp/realserver.XXXXXX)"
PORT=$((20000 + RANDOM % 20000))
STARTED=()
cleanup() {
  # SIGINT is a quick shutdown for Gunicorn, PHP-FPM and nginx alike; SIGKILL whatever is left.
  local p _
  for p in "${STARTED[@]}"; do kill -INT "$p" 2>/dev/null || true; done
  for _ in $(seq 1 30); do
    kill -0 "${STARTED[@]}" 2>/dev/null || break
    sleep 0.1
  done
  for p in "${STARTED[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT

start_gunicorn() {
  local mod=app extra=()
  [ "$APP" = min ] && mod=min_app
  case "$CLASS" in
    gthread) extra=(--threads "$THREADS") ;;
    gevent) extra=(--worker-connections 1000) ;;
  esac
  [ -z "$TMP_DIR" ] || extra+=(--worker-tmp-dir "$TMP_DIR")
  if [ -n "$ACCESS_LOG" ]; then
    # %(D)s is the request time in microseconds (DOMAIN.md H.5, G.2).
    extra+=(--access-logfile "$ACCESS_LOG" --access-logformat '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(D)s')
  fi
  APP_CPU_MS=$CPU_MS APP_IO_MS=$IO_MS "${PRIO[@]}" taskset -c "$SRV_CPUS" gunicorn --chdir "$HERE" -b "127.0.0.1:$PORT" \
    -w "$WORKERS" -k "$CLASS" "${extra[@]}" --log-level warning --error-logfile "$TMP/gunicorn.err" \
    "$mod:application" &
  SRV_PID=$!
  STARTED+=("$SRV_PID")
  URL_PATH="/?cpu=$CPU_MS&io=$IO_MS"
}

start_fpm() {
  local fpm_port=$((PORT + 1)) script=app.php
  [ "$APP" = min ] && script=min.php
  cat >"$TMP/fpm.conf" <<CONF
[global]
error_log = $TMP/fpm.err
daemonize = no
[bench]
user = root
listen = 127.0.0.1:$fpm_port
pm = static
pm.max_children = $WORKERS
pm.status_path = /status
CONF
  local log_line="access_log off;"
  if [ -n "$ACCESS_LOG" ]; then log_line="access_log $ACCESS_LOG timing;"; fi
  cat >"$TMP/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $TMP/nginx.pid;
error_log $TMP/nginx.err warn;
events { worker_connections 1024; }
http {
  # DOMAIN.md H.5: \$request_time and \$upstream_response_time are seconds with ms resolution.
  log_format timing '\$remote_addr - \$remote_user [\$time_local] "\$request" \$status \$body_bytes_sent '
                    '"\$http_referer" "\$http_user_agent" \$request_time \$upstream_response_time';
  access_log off;
  client_body_temp_path $TMP/body;
  fastcgi_temp_path $TMP/fcgi;
  proxy_temp_path $TMP/proxy;
  server {
    listen 127.0.0.1:$PORT;
    $log_line
    location = /status {
      include /etc/nginx/fastcgi_params;
      fastcgi_param SCRIPT_NAME /status;
      fastcgi_param SCRIPT_FILENAME /status;
      fastcgi_pass 127.0.0.1:$fpm_port;
    }
    location / {
      include /etc/nginx/fastcgi_params;
      fastcgi_param SCRIPT_FILENAME $HERE/php/$script;
      fastcgi_param APP_CPU_MS $CPU_MS;
      fastcgi_param APP_IO_MS $IO_MS;
      fastcgi_pass 127.0.0.1:$fpm_port;
    }
  }
}
CONF
  "${PRIO[@]}" taskset -c "$SRV_CPUS" php-fpm8.2 -F -R -y "$TMP/fpm.conf" &
  SRV_PID=$!
  STARTED+=("$SRV_PID")
  "${PRIO[@]}" taskset -c "$SRV_CPUS" nginx -p "$TMP" -c "$TMP/nginx.conf" &
  NGINX_PID=$!
  STARTED+=("$NGINX_PID")
  URL_PATH="/?cpu=$CPU_MS&io=$IO_MS"
}

# Sum of utime+stime (clock ticks) of a process and its children: the server's own CPU cost.
cpu_ticks() {
  local total=0 p f
  for p in "$1" $(pgrep -P "$1" || true); do
    [ -r "/proc/$p/stat" ] || continue
    f=$(sed 's/^.*) //' "/proc/$p/stat")
    set -- $f
    total=$((total + ${12} + ${13}))
  done
  echo "$total"
}

# The same in nanoseconds from /proc/<pid>/task/*/schedstat (the scheduler's own run-time sum per
# thread, exact), since utime+stime come in 10 ms ticks: at 1 connection a 2 s point has ~60
# requests, so ticks alone resolve ±0.17 ms per request, the size of the effects being measured.
cpu_ns() {
  local total=0 p t
  for p in "$1" $(pgrep -P "$1" || true); do
    for t in /proc/"$p"/task/*/schedstat; do
      [ -r "$t" ] || continue
      read -r run _ <"$t" || continue
      total=$((total + run))
    done
  done
  echo "$total"
}

# The scheduler's other two schedstat fields, summed the same way: time the threads spent runnable
# but waiting for a core (ns), and how many times they were put on a core. Whether a server's
# requests wait for the core while the core counts as idle, or queue behind each other, shows here.
# Not GIL contention: a gthread thread waiting for the GIL sleeps on a condition variable (not
# runnable), so its wait is in neither field. "NA NA" when no thread's schedstat could be read.
sched_wait() {
  local wait=0 slices=0 read_any=0 p t run w n
  for p in "$1" $(pgrep -P "$1" || true); do
    for t in /proc/"$p"/task/*/schedstat; do
      [ -r "$t" ] || continue
      read -r run w n <"$t" || continue
      wait=$((wait + w))
      slices=$((slices + n))
      read_any=1
    done
  done
  if [ "$read_any" = 1 ]; then echo "$wait $slices"; else echo "NA NA"; fi
}
# b − a of two counters, NA if either is NA.
delta() { if [ "$1" = NA ] || [ "$2" = NA ]; then echo NA; else echo "$(($2 - $1))"; fi; }

# The server's CPUs (a taskset list such as 1, 0-1 or 0,1) from /proc/stat, in USER_HZ ticks: idle
# (idle + iowait) and interrupt time (irq + softirq: loopback packets are processed there, charged
# to no process). With the server's own CPU counters they say where a core's time went.
core_ticks() {
  awk -v list="$1" 'BEGIN { n = split(list, parts, ","); for (i = 1; i <= n; i++) { if (split(parts[i], r, "-") == 2) { for (c = r[1]; c <= r[2]; c++) want["cpu" c] = 1 } else want["cpu" parts[i]] = 1 } }
    ($1 in want) { idle += $5 + $6; irq += $7 + $8 } END { printf "%d %d\n", idle, irq }' /proc/stat
}

case "$SERVER" in
  gunicorn) start_gunicorn ;;
  fpm) start_fpm ;;
  *) echo "--server must be gunicorn or fpm" >&2; exit 2 ;;
esac
URL="http://127.0.0.1:$PORT$URL_PATH"
for _ in $(seq 1 100); do
  curl -fs -o /dev/null "$URL" && break
  sleep 0.1
done
curl -fs -o /dev/null "$URL" || { echo "server did not start" >&2; cat "$TMP"/*.err >&2 || true; exit 1; }
WRK_SCRIPT=() THINK_NOTE=""
if [ "$THINK_MS" != 0 ]; then
  printf 'function delay()\n  return %s\nend\n' "$THINK_MS" >"$TMP/think.lua"
  WRK_SCRIPT=(-s "$TMP/think.lua")
  THINK_NOTE=" -s think.lua (delay() returns $THINK_MS ms)"
fi
# Warm-up (discarded): imports, opcache, first-connection costs.
timeout 15 taskset -c "$WRK_CPU" wrk -t1 -c2 -d1s "$URL" >/dev/null
# The access log keeps only the measured run (both servers append, so truncating is safe).
[ -z "$ACCESS_LOG" ] || : >"$ACCESS_LOG"

TICK_HZ=$(getconf CLK_TCK)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
: >"$TMP/points.tsv"
# Rounds are interleaved (all connection counts, then again) so a burst of other jobs on the shared
# machine hits different points in different rounds; c<N>.txt is the round with the highest
# throughput (the least disturbed), every round is kept as c<N>.r<k>.txt.
for r in $(seq 1 "$ROUNDS"); do
  for c in $CONNS; do
    s0=$(cpu_ticks "$SRV_PID"); n0=0; q0=$(cpu_ns "$SRV_PID"); m0=0
    read -r w0 sl0 <<<"$(sched_wait "$SRV_PID")"; read -r idle0 irq0 <<<"$(core_ticks "$SRV_CPUS")"; t0=$(date +%s%N)
    [ -n "${NGINX_PID:-}" ] && { n0=$(cpu_ticks "$NGINX_PID"); m0=$(cpu_ns "$NGINX_PID"); }
    STATUS_PID=""
    if [ -n "$STATUS_OUT" ] && [ "$r" = 1 ]; then
      # Sample the status page mid-run so some processes are busy (Running) and some idle.
      ( sleep "$((DURATION / 2)).5"; curl -fs "http://127.0.0.1:$PORT/status?json&full" >"$STATUS_OUT.c$c.json" || true ) &
      STATUS_PID=$!
    fi
    f="$OUT/c$c.txt"
    [ "$ROUNDS" = 1 ] || f="$OUT/c$c.r$r.txt"
    timeout $((DURATION + 10)) "${PRIO[@]}" taskset -c "$WRK_CPU" wrk --latency -t1 -c"$c" -d"${DURATION}s" --timeout 5s "${WRK_SCRIPT[@]}" "$URL" >"$f"
    [ -z "$STATUS_PID" ] || wait "$STATUS_PID"
    s1=$(cpu_ticks "$SRV_PID"); n1=0; q1=$(cpu_ns "$SRV_PID"); m1=0
    read -r w1 sl1 <<<"$(sched_wait "$SRV_PID")"; read -r idle1 irq1 <<<"$(core_ticks "$SRV_CPUS")"; t1=$(date +%s%N)
    [ -n "${NGINX_PID:-}" ] && { n1=$(cpu_ticks "$NGINX_PID"); m1=$(cpu_ns "$NGINX_PID"); }
    reqs=$(awk '/requests in/ {print $1}' "$f")
    rps=$(awk '/Requests\/sec/ {print $2}' "$f")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$c" "$reqs" "$((s1 - s0))" "$((n1 - n0))" "$r" "$rps" "$((q1 - q0))" "$((m1 - m0))" \
      "$(delta "$w0" "$w1")" "$(delta "$sl0" "$sl1")" "$((idle1 - idle0))" "$((irq1 - irq0))" "$((t1 - t0))" >>"$TMP/points.tsv"
    echo "  c=$c round $r: $rps rps" >&2
  done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
if [ -n "$STATUS_OUT" ]; then
  # And once at rest: every child Idle, with its last request's duration and memory.
  sleep 1
  curl -fs "http://127.0.0.1:$PORT/status?json&full" >"$STATUS_OUT.after.json" || true
fi
if [ -n "$PS_OUT" ]; then
  # Per-worker RSS (KiB) after the load: the master and its children.
  ps -o pid,ppid,rss,args -p "$SRV_PID" --ppid "$SRV_PID" >"$PS_OUT"
fi

/usr/bin/python3 - "$TMP/points.tsv" "$OUT/meta.json" <<PY
import json, sys, datetime, subprocess
import shutil
rounds = {}
for line in open(sys.argv[1]):
    c, reqs, srv, ngx, r, rps, srv_ns, ngx_ns, wait_ns, slices, idle, irq, wall_ns = line.split()
    reqs = int(reqs); srv = int(srv); ngx = int(ngx)
    ms = lambda ticks: round(ticks * 1000.0 / $TICK_HZ / reqs, 4) if reqs else None
    ns_ms = lambda ns: round(int(ns) / 1e6 / reqs, 4) if reqs else None
    # Share of the server CPUs' time over the point (wall clock × CPUs), from /proc/stat ticks.
    core_share = lambda ticks: round(int(ticks) / $TICK_HZ / (int(wall_ns) / 1e9) / int("$SRV_NCPUS"), 4) if int(wall_ns) > 0 else None
    # schedstat missing (NA) or its counters did not move (no timeslice over the point): unknown, not 0.
    sched_ok = wait_ns != "NA" and slices != "NA" and int(slices) > 0
    rounds.setdefault(int(c), []).append({"round": int(r), "requestsPerSec": float(rps), "requests": reqs,
                   "serverCpuMsPerRequest": ms(srv), "nginxCpuMsPerRequest": ms(ngx) if "$SERVER" == "fpm" else None,
                   "serverCpuMsPerRequestExact": ns_ms(srv_ns), "nginxCpuMsPerRequestExact": ns_ms(ngx_ns) if "$SERVER" == "fpm" else None,
                   "serverRunQueueWaitMsPerRequest": ns_ms(wait_ns) if sched_ok else None, "serverTimeslicesPerRequest": round(int(slices) / reqs, 3) if reqs and sched_ok else None,
                   "serverCoresIdleShare": core_share(idle), "serverCoresIrqShare": core_share(irq)})
points = []
for c, rs in rounds.items():
    best = max(rs, key=lambda x: x["requestsPerSec"])
    if len(rs) > 1:
        shutil.copyfile("$OUT/c%d.r%d.txt" % (c, best["round"]), "$OUT/c%d.txt" % c)
    points.append({"connections": c, "chosenRound": best["round"], "requests": best["requests"],
                   "serverCpuMsPerRequest": best["serverCpuMsPerRequest"],
                   "nginxCpuMsPerRequest": best["nginxCpuMsPerRequest"],
                   "serverCpuMsPerRequestExact": best["serverCpuMsPerRequestExact"],
                   "nginxCpuMsPerRequestExact": best["nginxCpuMsPerRequestExact"],
                   "serverRunQueueWaitMsPerRequest": best["serverRunQueueWaitMsPerRequest"],
                   "serverTimeslicesPerRequest": best["serverTimeslicesPerRequest"],
                   "serverCoresIdleShare": best["serverCoresIdleShare"], "serverCoresIrqShare": best["serverCoresIrqShare"],
                   "roundsRequestsPerSec": [x["requestsPerSec"] for x in rs]})
meta = {
    "server": "$SERVER", "workerClass": "$CLASS", "workers": int("$WORKERS"),
    "threads": int("$THREADS") if "$CLASS" == "gthread" else 1,
    "workerConnections": 1000 if "$CLASS" == "gevent" else None,
    "app": "$APP", "cpuMsSet": float("$CPU_MS"), "ioMsSet": float("$IO_MS"),
    "cores": int("$CORES"), "serverCpus": "$SRV_CPUS", "wrkCpu": "$WRK_CPU",
    "wrkCommand": "taskset -c $WRK_CPU wrk --latency -t1 -c<N> -d${DURATION}s --timeout 5s${THINK_NOTE} $URL_PATH",
    "thinkMs": float("$THINK_MS"),
    "workerTmpDir": "$TMP_DIR" or None,
    "durationS": int("$DURATION"), "rounds": int("$ROUNDS"),
    "roundChoice": "c<N>.txt is the round with the highest Requests/sec (least disturbed by other jobs); all rounds are c<N>.r<k>.txt", "nice": int("$NICE_LEVEL"),
    "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "loadAverageBefore": "$LOAD_BEFORE", "loadAverageAfter": "$LOAD_AFTER",
    "cpuModel": subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True, text=True).stdout.strip(),
    "versions": {
        "gunicorn": subprocess.run(["gunicorn", "--version"], capture_output=True, text=True).stdout.strip(),
        "php": subprocess.run(["php-fpm8.2", "-v"], capture_output=True, text=True).stdout.splitlines()[0],
        "wrk": "4.1.0 (Debian)",
    },
    "cpuMeasurement": "serverCpuMsPerRequest = (utime+stime of the server's master and workers over the point, from /proc/<pid>/stat) / requests; it includes the app's own cpuMsSet; *Exact: the same from the scheduler's run time per thread (/proc/<pid>/task/*/schedstat, ns), not rounded to 10 ms ticks; serverRunQueueWaitMsPerRequest and serverTimeslicesPerRequest: schedstat's run-queue wait and timeslice count of the same threads per request (null when schedstat is missing or did not move; a thread waiting for the GIL sleeps, so GIL contention is not in them); serverCoresIdleShare and serverCoresIrqShare: the server CPUs' idle + iowait and irq + softirq ticks (/proc/stat) over the point's wall time × the number of server CPUs (serverCpus)",
    "note": "$NOTE",
    "points": points,
}
json.dump(meta, open(sys.argv[2], "w"), indent=2)
print(json.dumps(points), file=sys.stderr)
PY
