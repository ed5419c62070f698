#!/usr/bin/env bash
# The sweeps behind bench/realserver/fixtures/validation, which src/engine/perf/measured.test.ts
# checks the model against (issue 13 item 6). sweep-all.sh's matrix and tool, run so that other
# work on this shared machine cannot take the server's core:
# - Linux groups CPU time by session (sched_autogroup), so `nice` inside one session does not
#   beat other sessions; this script starts a session of its own (setsid) and gives that whole
#   group nice -20 through /proc/self/autogroup, with everything inside at nice 0 (the server's
#   workers still share their core normally).
# - One sweep at a time; ~6 minutes; servers on 127.0.0.1 only, stopped after each sweep.
# Usage: validation.sh [filter]   (filter = substring of the sweep name)
#        VALIDATION_RUN=wake-cost.sh validation.sh [filter]   (another matrix, the same boosted session)
#        VALIDATION_OUT=dir validation.sh [filter]            (into another folder)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
if [ -z "${VALIDATION_IN_SESSION:-}" ]; then
  exec setsid env VALIDATION_IN_SESSION=1 bash "$0" "$@"
fi
echo -20 >/proc/self/autogroup 2>/dev/null || echo "could not raise the session's CPU weight; figures may be noisy" >&2
# php-fpm calls setsid() even in the foreground, so its master and children land in an autogroup
# of their own at nice 0: raise every php-fpm started under this script (one of its ancestors is
# this shell) the same way, as soon as it appears.
started_here() {
  local p=$1 i
  for i in 1 2 3 4 5; do
    p=$(ps -o ppid= -p "$p" 2>/dev/null | tr -d ' ')
    [ -n "$p" ] || return 1
    [ "$p" = "$$" ] && return 0
  done
  return 1
}
boost_fpm() {
  local p
  while sleep 0.2; do
    for p in $(pgrep -x php-fpm8.2 || true); do
      started_here "$p" || continue
      { grep -q "nice -20" "/proc/$p/autogroup" || echo -20 >"/proc/$p/autogroup"; } 2>/dev/null || true
    done
  done
}
boost_fpm &
BOOST_PID=$!
trap 'kill "$BOOST_PID" 2>/dev/null || true' EXIT
# The same matrix as sweep-all.sh (its repeat-* sweep included), into fixtures/validation, with
# everything at nice 0 inside this boosted session.
MEASURE_OUT="${VALIDATION_OUT:-$HERE/fixtures/validation}" MEASURE_NICE=0 "$HERE/${VALIDATION_RUN:-sweep-all.sh}" "$@"
