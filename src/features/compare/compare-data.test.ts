import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzePlan } from '../../engine/analysis/analyze-plan';
import { fixture } from '../../plan/fixtures';
import { setAtPath } from '../../plan/fields';
import { inputLabel } from './input-labels';
import { bundleOf, fileDiffs, inputRows, OUTPUTS, outputRows, p95Curve } from './compare-data';

describe('compare rows', () => {
  const a = fixture('default');
  const b = setAtPath(a, ['hardware', 'physicalCores'], 10);

  it('a plan against itself: nothing changed', () => {
    expect(inputRows(a, a).filter((r) => r.changed)).toEqual([]);
    expect(outputRows(analyzePlan(a), analyzePlan(a)).filter((r) => r.changed)).toEqual([]);
  });

  it('marks exactly the changed inputs', () => {
    const changed = inputRows(a, b).filter((r) => r.changed);
    expect(changed.map((r) => r.key)).toEqual(['hardware.physicalCores']);
    expect(changed[0]).toMatchObject({ a: '6', b: '10' });
  });

  it('more cores: more workers and capacity, marked changed', () => {
    const rows = outputRows(analyzePlan(a), analyzePlan(b));
    expect(rows).toHaveLength(OUTPUTS.length);
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
    expect(byKey.workers?.changed).toBe(true);
    expect(byKey.capacity?.changed).toBe(true);
    for (const r of rows) expect(`${r.a} ${r.b}`).not.toMatch(/NaN|undefined/);
  });

  it('PHP against Gunicorn: tables and pools are compared without NaN', () => {
    const rows = outputRows(analyzePlan(fixture('phpShop')), analyzePlan(fixture('large')));
    for (const r of rows) expect(`${r.a} ${r.b}`).not.toMatch(/NaN|undefined/);
    expect(inputRows(fixture('phpShop'), fixture('large')).find((r) => r.key === 'app')).toMatchObject({ a: 'phpfpm', b: 'gunicorn', changed: true });
  });

  it('p95 curve has finite points only', () => {
    const curve = p95Curve(analyzePlan(a).web);
    expect(curve.length).toBeGreaterThan(5);
    for (const p of curve) expect(Number.isFinite(p.p95) && Number.isFinite(p.rps)).toBe(true);
  });
});

describe('compare labels and file diffs', () => {
  const a = fixture('default');
  const b = setAtPath(a, ['hardware', 'physicalCores'], 10);

  it('changed inputs carry the dashboard label, not the raw key', () => {
    const row = inputRows(a, b).find((r) => r.changed);
    expect(row).toMatchObject({ key: 'hardware.physicalCores', label: 'Hardware · Physical cores' });
  });

  it('every input of the fixtures has a readable label: not its path, no camelCase key in it', () => {
    for (const name of ['default', 'phpShop', 'large'] as const) {
      for (const r of inputRows(fixture(name), fixture(name))) {
        expect(r.label, r.key).not.toContain(r.key);
        for (const segment of r.key.split(/[.[\]]/).filter((x) => /[a-z][A-Z]/.test(x))) expect(r.label, r.key).not.toContain(segment);
      }
    }
  });

  it('a DynamoDB table field is its own row, named by the table', () => {
    const t = a.dynamodb.tables[0]!;
    const c = setAtPath(a, ['dynamodb', 'tables'], [{ ...t, readsPerSec: t.readsPerSec + 50 }]);
    const changed = inputRows(a, c).filter((r) => r.changed);
    expect(changed.map((r) => r.key)).toEqual([`dynamodb.tables[${t.name}].readsPerSec`]);
    expect(changed[0]!.label).toBe(`DynamoDB · table ${t.name} · Reads per sec`);
  });

  it('the same plan: every exported file identical', () => {
    const files = bundleOf(analyzePlan(a));
    if (!files.ok) throw new Error(files.error);
    const diffs = fileDiffs(files.files, files.files);
    expect(diffs.length).toBeGreaterThan(5);
    expect(diffs.every((d) => d.status === 'same' && d.added === 0 && d.removed === 0)).toBe(true);
  });

  it('more cores: gunicorn.conf.py differs in its workers line, and the diff replays to both files', () => {
    const fa = bundleOf(analyzePlan(a));
    const fb = bundleOf(analyzePlan(b));
    if (!fa.ok || !fb.ok) throw new Error('bundle failed');
    const diffs = fileDiffs(fa.files, fb.files);
    const conf = diffs.find((d) => d.path === 'gunicorn.conf.py')!;
    expect(conf.status).toBe('changed');
    const workersA = analyzePlan(a).web.gunicorn!.workers.value;
    const workersB = analyzePlan(b).web.gunicorn!.workers.value;
    expect(conf.ops.filter((o) => o.kind === 'del').map((o) => o.text)).toContain(`workers = ${workersA}`);
    expect(conf.ops.filter((o) => o.kind === 'add').map((o) => o.text)).toContain(`workers = ${workersB}`);
    const textA = fa.files.find((f) => f.path === 'gunicorn.conf.py')!.text;
    const textB = fb.files.find((f) => f.path === 'gunicorn.conf.py')!.text;
    expect(conf.ops.filter((o) => o.kind !== 'add').map((o) => o.text).join('\n') + '\n').toBe(textA);
    expect(conf.ops.filter((o) => o.kind !== 'del').map((o) => o.text).join('\n') + '\n').toBe(textB);
  });

  it('PHP against Gunicorn: files only one plan exports are marked so', () => {
    const fa = bundleOf(analyzePlan(fixture('phpShop')));
    const fb = bundleOf(analyzePlan(fixture('default')));
    if (!fa.ok || !fb.ok) throw new Error('bundle failed');
    const diffs = fileDiffs(fa.files, fb.files);
    expect(diffs.find((d) => d.path === 'gunicorn.conf.py')?.status).toBe('only-b');
    expect(diffs.some((d) => d.status === 'only-a')).toBe(true);
  });
});

describe('compare names each free-text field as the dashboard does', () => {
  // The TextField elements of every feature panel, read from their source: a label changed in a
  // panel but not in input-labels.ts (or a new field left out of it) fails here.
  const dir = join(__dirname, '..');
  const sources = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.tsx') && !f.includes('.test.'));
  const bound = sources.flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/<TextField\s+field="([^"]+)"\s+label="([^"]+)"/g)].map((m) => [m[1]!, m[2]!] as const));

  it('finds the text fields (edge paths, LB address, deploy names)', () => {
    expect(bound.map(([f]) => f)).toEqual(expect.arrayContaining(['edge.certPath', 'edge.keyPath', 'edge.chainPath', 'edge.frontLbAddress', 'deploy.serverName', 'deploy.appImage']));
  });
  it.each(bound)('%s is "[<group> · ]%s"', (field, label) => {
    expect(inputLabel(field)).toMatch(new RegExp(`(^| · )${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  });
});
