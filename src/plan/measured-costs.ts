/**
 * Costs measured on this project's machine with the empty apps (bench/realserver), quoted by the
 * dashboard's help texts and the engine's explanations so both say the same figures.
 * src/engine/perf/measured.test.ts checks them against the fixtures they come from.
 */

/**
 * workload.idleWakeCpuMsRef per server and worker class, ms on the reference core: CPU per request
 * at 1 connection with wrk pausing 30 ms between requests minus the same with no pause
 * (bench/realserver/wake-cost.sh, fixtures/diagnostics/wake-*, exact schedstat CPU; nginx included
 * for PHP-FPM, it runs on the same core). Rounded to 0.01 ms.
 */
export const IDLE_WAKE_MEASURED_MS = {
  'gunicorn-sync': 0.62,
  'gunicorn-gthread': 0.72,
  'gunicorn-gevent': 0.93,
  'fpm-static': 0.48,
} as const;

/** The measured idle-wake costs as one phrase, e.g. for a help text. */
export const IDLE_WAKE_MEASURED_TEXT =
  `Gunicorn 20.1 sync ${IDLE_WAKE_MEASURED_MS['gunicorn-sync']} ms, gthread ${IDLE_WAKE_MEASURED_MS['gunicorn-gthread']} ms, ` +
  `gevent ${IDLE_WAKE_MEASURED_MS['gunicorn-gevent']} ms; PHP-FPM 8.2 + nginx ${IDLE_WAKE_MEASURED_MS['fpm-static']} ms`;
