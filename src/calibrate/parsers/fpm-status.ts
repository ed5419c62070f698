/**
 * PHP-FPM status page, `?json&full` (DOMAIN.md H.6). Per process: `request duration` of its last
 * request in MICROseconds and `last request memory` (the PHP memory peak of that request, bytes; 0
 * while a request runs). Only Idle processes' last requests are complete, and the status request
 * itself is skipped.
 *
 * The load point it gives is weak: the rate is the pool's lifetime average (accepted conn / start
 * since) and the latency is one last request per child, so it says so in a note.
 */
import * as z from 'zod/mini';
import { lineOfPath, parseJsonWith } from '../json-text';
import { mean } from '../stats';
import { parsed, type MemorySample, type ParseOutcome } from '../types';

const processSchema = z.looseObject({
  pid: z.int(),
  state: z.string(),
  requests: z.int(),
  'request duration': z.number(),
  'request uri': z.string(),
  'last request memory': z.number(),
});
const statusSchema = z.looseObject({
  pool: z.string(),
  'process manager': z.string(),
  'start since': z.number(),
  'accepted conn': z.number(),
  processes: z.array(processSchema),
});

export function looksLikeFpmStatus(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'pool' in value && 'accepted conn' in value;
}

const MIB = 1024 * 1024;

export function parseFpmStatus(file: string, text: string): ParseOutcome {
  const r = parseJsonWith(file, text, statusSchema, 'a PHP-FPM status page', (path) => (path[0] === 'processes' ? ' (fetch the page with ?json&full)' : ''));
  if (!r.ok) return r;
  const s = r.data;
  const done = s.processes.filter((p) => p.state === 'Idle' && p.requests > 0 && !p['request uri'].startsWith('/status'));
  const memory: MemorySample[] = done
    .filter((p) => p['last request memory'] > 0)
    .map((p) => ({ pid: p.pid, memMiB: p['last request memory'] / MIB, source: { file, line: lineOfPath(text, ['processes', String(p.pid)]) } }));
  const notes = [
    'fpm status: the rate is the pool lifetime average (accepted conn / start since) and the latency the last request of each idle child; a weak point',
    'fpm status: "last request memory" is the PHP memory peak of a request (bytes), not the process RSS: libraries and opcache are not in it',
  ];
  const memoryOut = { samples: memory, what: 'PHP-FPM last request memory (per child)' };
  if (done.length === 0 || !(s['start since'] > 0)) {
    return parsed(file, 'fpm-status', [], { memory: memoryOut, notes: [...notes, 'no idle child with a finished request: no load point'] });
  }
  const throughputRps = s['accepted conn'] / s['start since'];
  const point = {
    format: 'fpm-status' as const,
    offeredRps: throughputRps,
    throughputRps,
    meanMs: mean(done.map((p) => p['request duration'] / 1000)),
    errors: 0,
    requests: done.length,
    durationS: s['start since'],
    source: { file, line: lineOfPath(text, ['processes']) },
  };
  return parsed(file, 'fpm-status', [point], { memory: memoryOut, notes });
}
