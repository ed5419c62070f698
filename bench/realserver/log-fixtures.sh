#!/usr/bin/env bash
# Records the server-side log formats of issue 14 by really running the servers (npm run measure:logs):
# a Gunicorn access log with %(D)s, an nginx access log ending in $request_time $upstream_response_time,
# PHP-FPM status pages (?json&full) taken mid-load, and `ps` RSS lists of the workers. The wrk output
# of the same run is kept next to each log so a test can compare the two views of one load.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="$HERE/fixtures/logs"
mkdir -p "$OUT"
rm -f "$OUT"/gunicorn-access.log "$OUT"/nginx-access.log
"$HERE/measure.sh" --server gunicorn --class gthread --workers 2 --threads 4 --cpu 5 --io 10 --cores 1 \
  --conns 4 --duration 5 --access-log "$OUT/gunicorn-access.log" --ps-out "$OUT/ps-gunicorn.txt" \
  --out "$OUT/gunicorn-gthread-1core-5cpu-10io"
"$HERE/measure.sh" --server fpm --class static --workers 4 --cpu 5 --io 10 --cores 1 \
  --conns 8 --duration 5 --access-log "$OUT/nginx-access.log" --status-out "$OUT/fpm-status" \
  --ps-out "$OUT/ps-php-fpm.txt" --out "$OUT/fpm-static-1core-5cpu-10io"
ls -la "$OUT"
