/**
 * bench/realserver's meta.json (written by measure.sh with each sweep): the server set-up the wrk
 * files beside it were measured against, and the server's measured CPU per request. Passing it with
 * the c<N>.txt files lets the fit size the same pool (workers, threads, cores) without a plan file.
 */
import * as z from 'zod/mini';
import { parseJsonWith } from '../json-text';
import { parsed, type ParseOutcome } from '../types';

const metaSchema = z.looseObject({
  server: z.enum(['gunicorn', 'fpm']),
  workerClass: z.enum(['sync', 'gthread', 'gevent', 'static']),
  workers: z.int().check(z.minimum(1)),
  threads: z.int().check(z.minimum(1)),
  workerConnections: z.nullable(z.int()),
  cores: z.int().check(z.minimum(1)),
  date: z.string(),
  points: z.array(z.looseObject({ serverCpuMsPerRequest: z.nullable(z.number()) })),
});

export const looksLikeBenchMeta = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && 'wrkCommand' in value && 'workerClass' in value;

export function parseBenchMeta(file: string, text: string): ParseOutcome {
  const r = parseJsonWith(file, text, metaSchema, 'a bench meta.json');
  if (!r.ok) return r;
  const m = r.data;
  const cpu = m.points.map((p) => p.serverCpuMsPerRequest).filter((v): v is number => v !== null).sort((a, b) => a - b);
  return parsed(file, 'bench-meta', [], {
    setup: {
      server: m.server,
      workerClass: m.workerClass,
      workers: m.workers,
      threads: m.threads,
      workerConnections: m.workerConnections,
      cores: m.cores,
      cpuMsPerRequest: cpu.length > 0 ? (cpu[Math.floor((cpu.length - 1) / 2)] as number) : null,
      date: m.date,
      source: { file, line: 1 },
    },
  });
}
