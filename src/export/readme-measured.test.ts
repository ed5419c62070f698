/**
 * README "Measured inputs" (issue 14): the inputs that came from a measurement, with the plan's
 * value, the files, the date and the confidence; and hostile file names cannot inject anything
 * into any exported file (the README writes them as code spans; no other file writes them).
 */
import { describe, expect, it } from 'vitest';
import { analyzePlan } from '../engine/analysis/analyze-plan';
import { safeFileName, type Calibration } from '../plan/measured';
import { planSchema, type Plan } from '../plan/schema';
import { HOSTILE_FILE_NAMES, MEASURED_MEMORY, MEASURED_SWEEP, withMeasured } from '../plan/testing/measured-examples';
import { buildBundle } from './bundle';
import { mdCode } from './printers/markdown';

const OPTS = { generatedAt: new Date('2026-12-01T12:00:00Z') };
const bundleOf = (plan: Plan) => buildBundle(analyzePlan(plan), OPTS);
const readmeOf = (plan: Plan) => bundleOf(plan).find((f) => f.path === 'README.md')?.text ?? '';

/** The lines of the "## Measured inputs" section (heading to the next heading), or [] when there is none. */
function section(readme: string): string[] {
  const lines = readme.split('\n');
  const start = lines.indexOf('## Measured inputs');
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && /^#{1,3} /.test(l));
  return lines.slice(start, end < 0 ? undefined : end);
}

/**
 * CommonMark code spans of a line, in order: a run of n backticks opens, the next run of exactly n
 * closes, one leading and trailing space is stripped when both are there. What a renderer shows.
 */
function codeSpans(line: string): string[] {
  const out: string[] = [];
  const runs = [...line.matchAll(/`+/g)];
  for (let i = 0; i < runs.length; i++) {
    const open = runs[i] as RegExpMatchArray;
    const close = runs.slice(i + 1).findIndex((r) => r[0].length === open[0].length);
    if (close < 0) continue;
    const end = runs[i + 1 + close] as RegExpMatchArray;
    let text = line.slice((open.index ?? 0) + open[0].length, end.index);
    if (/^ .* $/s.test(text) && text.trim() !== '') text = text.slice(1, -1);
    out.push(text);
    i += 1 + close;
  }
  return out;
}

describe('README: measured inputs', () => {
  const plain = planSchema.parse(withMeasured([]));
  const measured = planSchema.parse(withMeasured([MEASURED_SWEEP, MEASURED_MEMORY]));

  it('lists each measured field with the plan value, its files, date and confidence', () => {
    const lines = section(readmeOf(measured));
    const items = lines.filter((l) => l.startsWith('- '));
    expect(items).toHaveLength(3);
    const cpu = items.find((l) => l.startsWith('- `workload.cpuMs`'));
    expect(cpu).toBe(`- \`workload.cpuMs\` (CPU per request (reference core)): ${measured.workload.cpuMs} ms, measured from \`c1.txt\`, \`c2.txt\`, \`meta.json\` on 2026-12-01 (fit confidence high)`);
    const io = items.find((l) => l.startsWith('- `workload.ioWaitMs`')) ?? '';
    expect(Number(/: ([\d.]+) ms,/.exec(io)?.[1])).toBe(measured.workload.ioWaitMs);
    const mem = items.find((l) => l.startsWith('- `phpfpm.childMemMiB`')) ?? '';
    expect(Number(/: ([\d.]+) MiB,/.exec(mem)?.[1])).toBe(measured.phpfpm.childMemMiB);
    expect(mem).toContain('measured from `ps-php-fpm.txt` on 2026-11-30 (no fit: worker memory at a high percentile');
  });

  it('a plan with no measurement has no such section, and the section is all the provenance adds', () => {
    const without = readmeOf(plain);
    expect(section(without)).toEqual([]);
    const withIt = readmeOf(measured);
    const extra = section(withIt);
    // The section and the blank line after it are the only difference: no number of the README changes.
    expect(withIt.replace(`${extra.join('\n')}\n`, '')).toBe(without);
  });

  it('more than three files: two named and "n more"', () => {
    const many: Calibration = { ...MEASURED_SWEEP, files: ['c1.txt', 'c2.txt', 'c4.txt', 'c8.txt', 'c16.txt'] };
    const cpu = section(readmeOf(planSchema.parse(withMeasured([many])))).find((l) => l.startsWith('- `workload.cpuMs`'));
    expect(cpu).toContain('measured from `c1.txt`, `c2.txt` and 3 more on 2026-12-01');
  });
});

describe('README: hostile measurement file names', () => {
  const names = HOSTILE_FILE_NAMES.map(safeFileName);
  const plan = planSchema.parse(withMeasured([{ ...MEASURED_SWEEP, files: names.slice(0, 3) }, { ...MEASURED_MEMORY, files: names.slice(3) }]));
  const calibrations = plan.measured;
  const files = bundleOf(plan);
  const readme = files.find((f) => f.path === 'README.md')?.text ?? '';
  const plainReadme = readmeOf(planSchema.parse(withMeasured([])));

  it('every name passed the schema (no line break, no control or bidi character is left)', () => {
    expect(calibrations.flatMap((c) => c.files)).toEqual(names.slice(0, 3).concat(names.slice(3)));
    for (const n of names) expect(n).not.toMatch(/[\n\r\u202e]/);
  });

  it('each name reads back as exactly itself from a code span, one item per field, nothing else', () => {
    const items = section(readme).filter((l) => l.startsWith('- '));
    expect(items).toHaveLength(3);
    for (const c of calibrations) {
      for (const field of c.fields) {
        const item = items.find((l) => l.startsWith(`- \`${field}\``)) ?? '';
        const shown = c.files.length > 3 ? c.files.slice(0, 2) : c.files;
        // The field's own span, then one span per shown name, in order; nothing more.
        expect(codeSpans(item)).toEqual([field, ...shown]);
        for (const n of shown) expect(item).toContain(mdCode(n));
      }
    }
  });

  it('the rest of the README is as without the calibration: no heading, line, link or HTML came from a name', () => {
    const extra = section(readme);
    expect(readme.replace(`${extra.join('\n')}\n`, '')).toBe(plainReadme);
    // The section is its heading, a paragraph and the items, each on one line.
    expect(extra.filter((l) => l !== '')).toHaveLength(2 + 3);
  });

  it('no other exported file writes a file name', () => {
    // Names of a few characters (" {" is what the base name of "a\nlocation / {" leaves) occur in any nginx.conf anyway.
    const distinctive = names.filter((n) => n.length >= 6);
    expect(distinctive.length).toBeGreaterThanOrEqual(6);
    for (const f of files.filter((x) => x.path !== 'README.md')) {
      for (const n of distinctive) expect(f.text.includes(n), `${f.path} holds ${JSON.stringify(n)}`).toBe(false);
    }
  });
});
