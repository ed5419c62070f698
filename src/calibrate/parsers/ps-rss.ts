/**
 * A `ps`-style process list with an RSS column in KiB, e.g. `ps -o pid,ppid,rss,args -C php-fpm8.2`
 * or `ps -eo pid,ppid,rss,comm`. Masters are dropped: with a PPID column, any process that is the
 * parent of another listed one; otherwise a command line saying "master". RSS counts shared pages
 * in full (DOMAIN.md F.4 / B.6 prefer PSS), so it overstates a worker's own memory with preload or
 * opcache; the importer says so.
 */
import { fail, parsed, type MemorySample, type ParseOutcome } from '../types';

interface Row {
  pid: number;
  ppid: number | null;
  rssKiB: number;
  cmd: string;
  line: number;
}

export function looksLikePs(text: string): boolean {
  const head = text.split(/\r?\n/, 1)[0] ?? '';
  return /\bPID\b/.test(head) && /\bRSS\b|\bRES\b/.test(head);
}

export function parsePsRss(file: string, text: string): ParseOutcome {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').trim().split(/\s+/);
  const col = (name: string) => header.indexOf(name);
  const pidCol = col('PID');
  const rssCol = col('RSS') >= 0 ? col('RSS') : col('RES');
  const ppidCol = col('PPID');
  if (pidCol < 0 || rssCol < 0) return fail(file, 'not a ps list: the first line must name PID and RSS columns (ps -o pid,ppid,rss,args)', 1);
  const rows: Row[] = [];
  for (let i = 1; i < lines.length; i++) {
    const raw = (lines[i] as string).trim();
    if (raw === '') continue;
    const f = raw.split(/\s+/);
    const pid = Number(f[pidCol]);
    const rssKiB = Number(f[rssCol]);
    if (!Number.isInteger(pid) || !Number.isFinite(rssKiB) || rssKiB < 0) {
      return fail(file, `expected a PID and an RSS in KiB, got "${raw.slice(0, 60)}"`, i + 1);
    }
    const ppid = ppidCol >= 0 ? Number(f[ppidCol]) : null;
    rows.push({ pid, ppid: ppid !== null && Number.isInteger(ppid) ? ppid : null, rssKiB, cmd: f.slice(Math.max(pidCol, rssCol, ppidCol) + 1).join(' '), line: i + 1 });
  }
  if (rows.length === 0) return fail(file, 'no processes listed', lines.length);
  const parents = new Set(rows.map((r) => r.ppid).filter((p): p is number => p !== null));
  const workers = rows.filter((r) => !parents.has(r.pid) && !/master/i.test(r.cmd));
  if (workers.length === 0) return fail(file, 'only master processes listed: no workers to measure', 2);
  const samples: MemorySample[] = workers.map((r) => ({ pid: r.pid, memMiB: r.rssKiB / 1024, source: { file, line: r.line } }));
  return parsed(file, 'ps-rss', [], {
    memory: { samples, what: 'ps RSS per worker (counts shared pages in full; PSS is lower)' },
    notes: [`ps: ${rows.length - workers.length} master process(es) left out`],
  });
}
