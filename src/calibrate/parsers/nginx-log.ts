/**
 * nginx access log ending in `$request_time $upstream_response_time` (seconds with ms resolution,
 * DOMAIN.md H.5, G.1), or carrying them as `rt=` / `urt=` (or `request_time=` /
 * `upstream_response_time=`) fields anywhere on the line. `$upstream_response_time` may list several
 * upstreams (`0.010, 0.020` for retries, `0.010 : 0.020` after an internal redirect); they are
 * summed, which is the time the request spent in app servers. The app's latency is the upstream
 * time; lines with `-` (static files, cache hits) never reached the app and are left out.
 */
import { parseAccessLog, type DurationReader } from './access-log';
import type { ParseOutcome } from '../types';

const SEC = String.raw`\d+(?:\.\d+)?`;
const LIST = String.raw`(?:${SEC}|-)(?:\s*[,:]\s*(?:${SEC}|-))*`;
const TAIL_RE = new RegExp(String.raw`\s(${SEC}|-)\s+(${LIST})\s*$`);
const KEY_RT = new RegExp(String.raw`\b(?:rt|request_time)=(${SEC}|-)`);
const KEY_URT = new RegExp(String.raw`\b(?:urt|upstream_response_time)=(${LIST.replace(/\\s\*/g, '')})`);

/** "0.010, 0.020 : 0.005" → 35 ms; "-" → null. Units: nginx always prints seconds. */
export function upstreamMs(list: string): number | null {
  const parts = list.split(/[,:]/).map((s) => s.trim()).filter((s) => s !== '-' && s !== '');
  if (parts.length === 0) return null;
  return parts.reduce((a, s) => a + Number(s) * 1000, 0);
}

const readTimes: DurationReader = (line) => {
  const rt = KEY_RT.exec(line);
  const urt = KEY_URT.exec(line);
  let upstream: string | undefined;
  if (rt || urt) upstream = urt?.[1];
  else {
    const tail = TAIL_RE.exec(line);
    if (!tail) {
      const last = line.trim().split(/\s+/).pop() ?? '';
      return { problem: `no $request_time $upstream_response_time at the end of the line (last field "${last.slice(0, 30)}"; nginx prints seconds such as 0.012)` };
    }
    upstream = tail[2];
  }
  if (upstream === undefined) return 'skip';
  const ms = upstreamMs(upstream);
  return ms === null ? 'skip' : ms;
};

export function looksLikeNginxLog(text: string): boolean {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  return /\[\d{2}\/\w{3}\/\d{4}:/.test(first) && (TAIL_RE.test(first) || KEY_RT.test(first)) && /\d\.\d{3}|\s-\s*$/.test(first);
}

export function parseNginxLog(file: string, text: string): ParseOutcome {
  return parseAccessLog(file, text, 'nginx-log', readTimes, 'nginx log');
}
