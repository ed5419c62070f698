/**
 * The k6 script printer. Every value is written as a JSON literal (strings, numbers), so nothing
 * from the plan can become code.
 */
import type { K6Script } from '../builders/loadtest';
import { commentText } from '../safe';

const lit = (v: string | number): string => {
  if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
  return JSON.stringify(v).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
};

export function printK6(s: K6Script): string {
  const out = s.header.map((l) => `// ${commentText(l)}`.trimEnd());
  const thresholds = Object.entries(s.thresholds).map(([metric, exprs]) => `    ${metric}: [${exprs.map(lit).join(', ')}],`);
  out.push(
    '',
    "import http from 'k6/http';",
    "import { check } from 'k6';",
    '',
    `const TARGET_URL = __ENV.TARGET_URL || ${lit(s.url)};`,
    '',
    'export const options = {',
    '  scenarios: {',
    '    planned_rate: {',
    "      executor: 'constant-arrival-rate',",
    `      rate: ${lit(s.rate)},`,
    "      timeUnit: '1s',",
    `      duration: ${lit(s.duration)},`,
    `      preAllocatedVUs: ${lit(s.preAllocatedVUs)},`,
    `      maxVUs: ${lit(s.maxVUs)},`,
    '    },',
    '  },',
    '  thresholds: {',
    ...thresholds,
    '  },',
    '};',
    '',
    'export default function () {',
    '  const res = http.get(TARGET_URL);',
    "  check(res, { 'status is 2xx or 3xx': (r) => r.status >= 200 && r.status < 400 });",
    '}',
  );
  return `${out.join('\n')}\n`;
}
