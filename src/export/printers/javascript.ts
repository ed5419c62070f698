/**
 * The k6 script printer. Every value is written as a JSON literal (strings, numbers), so nothing
 * from the plan can become code.
 */
import type { K6Script } from '../builders/loadtest';
import { commentText } from '../safe';

const lit = (v: unknown): string => {
  if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
  return JSON.stringify(v).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
};

export function printK6(s: K6Script): string {
  const out = s.header.map((l) => `// ${commentText(l)}`.trimEnd());
  const lp = s.lp;
  const thresholds = Object.entries(s.thresholds).map(([metric, exprs]) => `    ${metric}: [${exprs.map(lit).join(', ')}],`);
  // VUs per scenario in proportion to its rate (at least 1).
  const vus = (rate: number) => Math.max(1, Math.ceil((lp.connections * rate) / Math.max(1, lp.rates.fleet.total)));
  out.push(
    '',
    "import http from 'k6/http';",
    "import { check } from 'k6';",
    '',
    `const BASE_URL = __ENV.BASE_URL || ${lit(lp.baseUrl)};`,
    `const STATIC_PATH = __ENV.STATIC_PATH || ${lit(lp.staticPath)};`,
    `const DYNAMIC_PATH = __ENV.DYNAMIC_PATH || ${lit(lp.dynamicPath)};`,
    `const SCOPE = __ENV.SCOPE || 'fleet';`,
    '// Requests/s per scenario: static + dynamic = the planned rate of the scope.',
    `const RATES = ${lit(lp.rates)};`,
    `const VUS = ${lit({ static: vus(lp.rates.fleet.static), dynamic: vus(lp.rates.fleet.dynamic) })};`,
    '',
    'function scenario(kind) {',
    '  const rate = RATES[SCOPE][kind];',
    '  return {',
    "    executor: 'constant-arrival-rate',",
    '    exec: `${kind}Request`,',
    '    rate,',
    "    timeUnit: '1s',",
    `    duration: ${lit(s.duration)},`,
    '    preAllocatedVUs: VUS[kind],',
    '    maxVUs: 2 * VUS[kind],',
    '  };',
    '}',
    '',
    'export const options = {',
    "  // A scenario with rate 0 (no static traffic) is left out: k6 refuses a zero rate.",
    "  scenarios: Object.fromEntries(['static', 'dynamic'].filter((k) => RATES[SCOPE][k] > 0).map((k) => [k, scenario(k)])),",
    '  thresholds: {',
    ...thresholds,
    '  },',
    '};',
    '',
    "const ok = { 'status is 2xx or 3xx': (r) => r.status >= 200 && r.status < 400 };",
    '',
    'export function staticRequest() {',
    '  check(http.get(BASE_URL + STATIC_PATH), ok);',
    '}',
    '',
    'export function dynamicRequest() {',
    '  check(http.get(BASE_URL + DYNAMIC_PATH), ok);',
    '}',
  );
  return `${out.join('\n')}\n`;
}
