/**
 * The per-point error table of bench/realserver/fixtures/validation/ERRORS.md (issue 13 item 6):
 * the model against every error-free point of the sweeps in one or more fixture folders, with
 * comparePoint — the function src/engine/perf/measured.test.ts asserts with — and each point
 * marked against the issue's bounds.
 *
 *   npx tsx scripts/validation-errors.ts bench/realserver/fixtures/validation [more folders…]
 *   npx tsx scripts/validation-errors.ts --json out.json <folders…>   (the same rows as JSON, for before/after)
 *   npx tsx scripts/validation-errors.ts --no-wake <folders…>         (without the idle-wake cost: the model before it)
 *   npx tsx scripts/validation-errors.ts --wake-fit <folders…>        (the wake cost each I/O-bound sweep implies by itself, wakeFitOf)
 *   npx tsx scripts/validation-errors.ts --cv-from-spread <folders…>  (requests' CV from the 1-connection latency spread, cvFromSpread, instead of 0.1)
 *
 * The idle-wake cost per server and class comes from the wake-* sweeps in ../diagnostics next to
 * each folder (wakeFrom), as in the test.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { comparePoint, cvFromSpread, measuredInputs, outOfBounds, readWrk, wakeFitOf, wakeFor, wakeFrom, type PointError, type SweepMeta } from '../src/engine/testing/measured';

export interface Row {
  set: string;
  sweep: string;
  e: PointError;
  out: string[];
}

function sweepsIn(dir: string): { name: string; meta: SweepMeta }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'meta.json')))
    .map((d) => ({ name: d.name, meta: JSON.parse(readFileSync(join(dir, d.name, 'meta.json'), 'utf8')) as SweepMeta }));
}

function rowsOf(dir: string, withWake: boolean, cvSpread: boolean): Row[] {
  const rows: Row[] = [];
  const diagnostics = sweepsIn(join(dirname(dir), 'diagnostics'));
  const wake = withWake ? wakeFrom(diagnostics) : {};
  const wakeHost = diagnostics.find((s) => s.name.startsWith('wake-'))?.meta.cpuModel;
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const metaPath = join(dir, d.name, 'meta.json');
    if (!d.isDirectory() || !existsSync(metaPath)) continue;
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as SweepMeta;
    if (meta.app !== 'app') continue;
    const runs = meta.points.map((point) => ({ point, run: readWrk(readFileSync(join(dir, d.name, `c${point.connections}.txt`), 'utf8')) }));
    if (!runs.some((r) => r.point.connections === 1)) continue;
    const measured = measuredInputs(meta, runs, wakeFor(meta, wake, wakeHost));
    const inputs = cvSpread ? { ...measured, cv: cvFromSpread(runs) } : measured;
    for (const { point, run } of runs.filter((r) => r.run.errors === 0)) {
      const e = comparePoint(meta, point, run, inputs);
      rows.push({ set: basename(dir), sweep: d.name, e, out: outOfBounds(e) });
    }
  }
  return rows;
}

const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;

function markdown(rows: Row[]): string {
  const head = '| set | sweep | conns | measured rps | mean used (ms) | thr | mean | p95 out | core | out of bounds |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |';
  const body = rows.map(({ set, sweep, e, out }) =>
    `| ${set} | ${sweep} | ${e.connections} | ${e.measured.rps.toFixed(1)} | ${e.measured.meanMs.toFixed(2)}${e.measured.meanFrom === 'little' ? ' (N/X)' : ''} | ${pct(e.thr)} | ${pct(e.mean)} | ${pct(e.p95OutOfBand)} | ${pct(e.machineCpu)} | ${out.join(', ') || '—'} |`,
  );
  const bad = rows.filter((r) => r.out.length > 0).length;
  return `${head}\n${body.join('\n')}\n\nOutside the bounds: ${bad} of ${rows.length} points.\n`;
}

/** One line per sweep with an I/O wait: its host, the wake cost it implies and the idle factors it spans. */
function wakeFits(dir: string): string[] {
  return sweepsIn(dir)
    .filter(({ meta }) => meta.app === 'app' && meta.ioMsSet > 0)
    .map(({ name, meta }) => {
      const runs = meta.points.map((point) => ({ point, run: readWrk(readFileSync(join(dir, name, `c${point.connections}.txt`), 'utf8')) }));
      const f = wakeFitOf(meta, runs);
      return `| ${basename(dir)} | ${name} | ${meta.cpuModel ?? '?'} | ${f.wakeMs.toFixed(2)} ± ${f.seMs.toFixed(2)} | ${f.busyMs.toFixed(2)} | ${f.idleFactor.map((x) => x.toFixed(2)).join('–')} |`;
    });
}

function main(argv: string[]): void {
  if (argv[0] === '--wake-fit') {
    process.stdout.write(`| set | sweep | host | wake ms (± s.e.) | busy ms | idle factor |\n| --- | --- | --- | --- | --- | --- |\n${argv.slice(1).flatMap(wakeFits).join('\n')}\n`);
    return;
  }
  const jsonAt = argv.indexOf('--json');
  const jsonOut = jsonAt >= 0 ? argv[jsonAt + 1] : undefined;
  const flags = new Set(['--json', '--no-wake', '--cv-from-spread']);
  const dirs = argv.filter((a, i) => !flags.has(a) && (jsonAt < 0 || i !== jsonAt + 1));
  const rows = dirs.flatMap((d) => rowsOf(d, !argv.includes('--no-wake'), argv.includes('--cv-from-spread')));
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify(rows, null, 1));
  else process.stdout.write(markdown(rows));
}

main(process.argv.slice(2));
