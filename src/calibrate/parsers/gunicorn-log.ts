/**
 * Gunicorn access log whose LAST field is `%(D)s`, the request time in integer microseconds
 * (DOMAIN.md H.5, G.2), e.g. `--access-logformat '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(D)s'`.
 */
import { parseAccessLog, type DurationReader } from './access-log';
import type { ParseOutcome } from '../types';

const readD: DurationReader = (line) => {
  const last = line.trim().split(/\s+/).pop() ?? '';
  if (/^\d+$/.test(last)) return Number(last) / 1000;
  if (/^\d+\.\d+$/.test(last)) return { problem: `last field "${last}" is not %(D)s: expected integer microseconds (units missing; %(L)s seconds is not accepted)` };
  return { problem: `last field "${last.slice(0, 40)}" is not a request time: end the access log format with %(D)s (microseconds)` };
};

export function looksLikeGunicornLog(text: string): boolean {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  return /\[\d{2}\/\w{3}\/\d{4}:/.test(first) && /\s\d+\s*$/.test(first);
}

export function parseGunicornLog(file: string, text: string): ParseOutcome {
  return parseAccessLog(file, text, 'gunicorn-log', readD, 'gunicorn log');
}
