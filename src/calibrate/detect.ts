/**
 * Recognises a measurement file by its content (never by its name) and hands it to its parser.
 */
import { parseJsonText } from './json-text';
import { looksLikeBenchMeta, parseBenchMeta } from './parsers/bench-meta';
import { looksLikeFpmStatus, parseFpmStatus } from './parsers/fpm-status';
import { looksLikeGunicornLog, parseGunicornLog } from './parsers/gunicorn-log';
import { looksLikeJmeter, parseJmeter } from './parsers/jmeter';
import { looksLikeK6, parseK6 } from './parsers/k6';
import { looksLikeLocustHistory, looksLikeLocustStats, parseLocustHistory, parseLocustStats } from './parsers/locust';
import { looksLikeNginxLog, parseNginxLog } from './parsers/nginx-log';
import { looksLikePs, parsePsRss } from './parsers/ps-rss';
import { looksLikeWrk, parseWrk } from './parsers/wrk';
import { fail, type ParseOutcome } from './types';

export const KNOWN_FORMATS =
  'wrk/wrk2 text, k6 summary JSON, Locust _stats.csv / _stats_history.csv, JMeter JTL CSV, nginx or Gunicorn access log, PHP-FPM status JSON, ps RSS list, bench meta.json';

function parseJsonFile(file: string, text: string): ParseOutcome {
  const json = parseJsonText(file, text);
  if (!json.ok) return { ok: false, problems: [json.problem] };
  if (looksLikeK6(json.value)) return parseK6(file, text);
  if (looksLikeFpmStatus(json.value)) return parseFpmStatus(file, text);
  if (looksLikeBenchMeta(json.value)) return parseBenchMeta(file, text);
  return fail(file, `JSON of an unknown shape (expected a k6 summary with metrics.http_req_duration, a PHP-FPM ?json&full status page or a bench meta.json)`, 1);
}

export function parseMeasurementFile(file: string, text: string): ParseOutcome {
  if (text.trim() === '') return fail(file, 'empty file', 1);
  if (/^\uFEFF?\s*[{[]/.test(text)) return parseJsonFile(file, text);
  if (looksLikeWrk(text)) return parseWrk(file, text);
  if (looksLikeLocustStats(text)) return parseLocustStats(file, text);
  if (looksLikeLocustHistory(text)) return parseLocustHistory(file, text);
  if (looksLikeJmeter(text)) return parseJmeter(file, text);
  if (looksLikePs(text)) return parsePsRss(file, text);
  if (looksLikeNginxLog(text)) return parseNginxLog(file, text);
  if (looksLikeGunicornLog(text)) return parseGunicornLog(file, text);
  return fail(file, `unknown format (first line "${(text.split(/\r?\n/, 1)[0] ?? '').slice(0, 60)}"); expected ${KNOWN_FORMATS}`, 1);
}
