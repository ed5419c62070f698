#!/usr/bin/env bash
# The measurement matrix behind bench/realserver/fixtures/measured (npm run measure).
# ~10 minutes (3 interleaved rounds of 2 s per point); every server is on 127.0.0.1, bounded by --duration, and stopped after its sweep.
# Usage: sweep-all.sh [filter]   (filter = substring of the sweep name, e.g. "gevent")
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="${MEASURE_OUT:-$HERE/fixtures/measured}"
FILTER="${1:-}"
CONNS="1 2 4 8 16 32"
DUR=2
ROUNDS=3

sweep() { # name, then measure.sh options
  local name=$1; shift
  case "$name" in *"$FILTER"*) ;; *) return 0 ;; esac
  echo "== $name ($(cut -d' ' -f1-3 /proc/loadavg))" >&2
  "$HERE/measure.sh" "$@" --duration "$DUR" --rounds "$ROUNDS" --out "$OUT/$name"
}

# Workloads: CPU-bound 10 ms CPU; I/O-bound 1 ms CPU + 30 ms wait; mixed 5 ms CPU + 10 ms wait.
for w in "10 0" "1 30" "5 10"; do
  set -- $w
  sweep "gunicorn-sync-1core-${1}cpu-${2}io" --server gunicorn --class sync --workers 3 --cpu "$1" --io "$2" --cores 1 --conns "$CONNS"
  sweep "gunicorn-gthread-1core-${1}cpu-${2}io" --server gunicorn --class gthread --workers 2 --threads 4 --cpu "$1" --io "$2" --cores 1 --conns "$CONNS"
  sweep "gunicorn-gevent-1core-${1}cpu-${2}io" --server gunicorn --class gevent --workers 1 --cpu "$1" --io "$2" --cores 1 --conns "$CONNS"
  sweep "fpm-static-1core-${1}cpu-${2}io" --server fpm --class static --workers 4 --cpu "$1" --io "$2" --cores 1 --conns "$CONNS"
done

# 2 cores: server on CPUs 0-1, wrk shares CPU 0 (noted in meta.json: serverCpus "0-1", wrkCpu "0").
sweep "gunicorn-sync-2core-10cpu-0io" --server gunicorn --class sync --workers 5 --cpu 10 --io 0 --cores 2 --conns "$CONNS"
sweep "gunicorn-gevent-2core-10cpu-0io" --server gunicorn --class gevent --workers 2 --cpu 10 --io 0 --cores 2 --conns "$CONNS"
sweep "gunicorn-gthread-2core-5cpu-10io" --server gunicorn --class gthread --workers 2 --threads 4 --cpu 5 --io 10 --cores 2 --conns "$CONNS"
sweep "fpm-static-2core-5cpu-10io" --server fpm --class static --workers 8 --cpu 5 --io 10 --cores 2 --conns "$CONNS"

# Framework overhead: minimal app, no work; serverCpuMsPerRequest in meta.json is the overhead.
sweep "overhead-gunicorn-sync-1core" --server gunicorn --class sync --workers 1 --app min --cores 1 --conns "1 4 16"
sweep "overhead-gunicorn-gthread-1core" --server gunicorn --class gthread --workers 1 --threads 4 --app min --cores 1 --conns "1 4 16"
sweep "overhead-gunicorn-gevent-1core" --server gunicorn --class gevent --workers 1 --app min --cores 1 --conns "1 4 16"
sweep "overhead-fpm-static-1core" --server fpm --class static --workers 4 --app min --cores 1 --conns "1 4 16"

# gevent with a client across a network: each connection pauses 1 ms before its next request
# (wrk delay()), so the greenlet blocks on recv and yields to the hub before the next request
# arrives; on bare loopback the request is already there and the same connection is served again.
sweep "gunicorn-gevent-1core-10cpu-0io-think1ms" --server gunicorn --class gevent --workers 1 --cpu 10 --io 0 --cores 1 --conns "$CONNS" --think-ms 1

# Repeat of a noisy sweep (the machine is shared): compare with the first run.
sweep "repeat-gunicorn-sync-1core-5cpu-10io" --server gunicorn --class sync --workers 3 --cpu 5 --io 10 --cores 1 --conns "$CONNS" --note "repeat of gunicorn-sync-1core-5cpu-10io"
sweep "repeat-fpm-static-1core-10cpu-0io" --server fpm --class static --workers 4 --cpu 10 --io 0 --cores 1 --conns "$CONNS" --note "repeat of fpm-static-1core-10cpu-0io"
sweep "repeat-gunicorn-gevent-1core-1cpu-30io" --server gunicorn --class gevent --workers 1 --cpu 1 --io 30 --cores 1 --conns "$CONNS" --note "repeat of gunicorn-gevent-1core-1cpu-30io"
sweep "repeat-gunicorn-sync-1core-1cpu-30io" --server gunicorn --class sync --workers 3 --cpu 1 --io 30 --cores 1 --conns "$CONNS" --note "repeat of gunicorn-sync-1core-1cpu-30io"
sweep "repeat-fpm-static-1core-1cpu-30io" --server fpm --class static --workers 4 --cpu 1 --io 30 --cores 1 --conns "$CONNS" --note "repeat of fpm-static-1core-1cpu-30io"

# Record the framework overhead (minimal app) in every sweep's meta.json.
/usr/bin/python3 "$HERE/annotate-overhead.py" "$HERE/fixtures"
