#!/usr/bin/env bash
# Is there a fixed CPU cost for waking an idle worker (issue 13, "CPU per request falls with
# load")? The minimal apps (no work), once with back-to-back requests (the worker never idles)
# and once with each wrk connection pausing --think-ms before its next request (the worker and
# its core idle between requests, as at 1 connection of an I/O-bound sweep), CPU per request from
# the scheduler's exact run time (measure.sh's *Exact fields). Run it through validation.sh (its
# boosted session, php-fpm lifted too); servers on 127.0.0.1, bounded, stopped after each sweep.
# Usage: VALIDATION_RUN=wake-cost.sh validation.sh [filter]  → fixtures/diagnostics/wake-<server>-<class>-think<ms>
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
FILTER="${1:-}"
OUT="$HERE/fixtures/diagnostics"
run() { # name, then measure.sh options
  local name=$1; shift
  case "$name" in *"$FILTER"*) ;; *) return 0 ;; esac
  echo "== $name ($(cut -d' ' -f1-3 /proc/loadavg))" >&2
  MEASURE_NICE=0 "$HERE/measure.sh" "$@" --app min --cores 1 --duration 4 --rounds 1 --out "$OUT/$name"
}
for think in 0 1 5 30; do
  run "wake-gunicorn-sync-think$think" --server gunicorn --class sync --workers 1 --conns "1 4" --think-ms "$think"
  run "wake-gunicorn-gthread-think$think" --server gunicorn --class gthread --workers 1 --threads 4 --conns "1 4" --think-ms "$think"
  run "wake-gunicorn-gevent-think$think" --server gunicorn --class gevent --workers 1 --conns "1 4" --think-ms "$think"
  run "wake-fpm-static-think$think" --server fpm --class static --workers 4 --conns "1 4" --think-ms "$think"
done
