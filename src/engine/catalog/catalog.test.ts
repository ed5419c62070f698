import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planSchema } from '../../plan/schema';
import { monthlyUsdOf, parseCatalog, type Catalog } from './schema';

const raw: unknown = JSON.parse(readFileSync(new URL('../../../public/catalog/hardware.json', import.meta.url), 'utf8'));
const I7_8700_PER_CORE = 13124 / 6;

function load(): Catalog {
  const r = parseCatalog(raw);
  if (!r.ok) throw new Error(r.message);
  return r.catalog;
}

describe('public/catalog/hardware.json', () => {
  const catalog = load();
  const rawEntries = (raw as { entries: unknown[] }).entries;

  it('every entry parses (nothing dropped)', () => {
    expect(catalog.dropped).toEqual([]);
    expect(catalog.entries.length).toBe(rawEntries.length);
  });

  it('ids are unique', () => {
    const ids = catalog.entries.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('prices are positive and dated, with a known source', () => {
    const sources = new Set(catalog.sources.map((s) => s.id));
    const priced = catalog.entries.filter((e) => e.price);
    expect(priced.length).toBeGreaterThanOrEqual(15);
    for (const e of priced) {
      expect(e.price!.usd).toBeGreaterThan(0);
      expect(e.price!.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(e.price!.asOf <= catalog.asOf).toBe(true);
      expect(sources.has(e.price!.sourceId)).toBe(true);
    }
  });

  it('every entry is a valid plan hardware section (catalogId included)', () => {
    for (const e of catalog.entries) {
      const hardware = { presetId: 'custom', catalogId: e.id, physicalCores: e.physicalCores, hardwareThreads: e.hardwareThreads, ramGiB: e.ramGiB, perCoreSpeed: e.perCoreSpeed };
      expect(planSchema.safeParse({ hardware }).success, e.id).toBe(true);
    }
  });

  it('speed from a benchmark is benchmark / cores / (13124 / 6); estimates say so', () => {
    for (const e of catalog.entries) {
      if (e.speedBasis === 'benchmark') {
        expect(e.perCoreSpeed, e.id).toBeCloseTo(e.benchmark! / e.physicalCores / I7_8700_PER_CORE, 2);
      } else {
        expect(e.speedNote, e.id).toMatch(/ESTIMATE/);
      }
    }
  });

  // Every server of the reference list (document 002), with its benchmark where the list gives one.
  it.each([
    ['i7-6700k-64', 4, 8, 64, 8046],
    ['i7-8700-64', 6, 12, 64, 13124],
    ['i9-9900k-128', 8, 16, 128, 49969],
    ['i9-13900-64', 24, 32, 64, null],
    ['i9-13900-128', 24, 32, 128, null],
    ['i5-13500-64', 14, 20, 64, null],
    ['i5-13500-128', 14, 20, 128, null],
    ['i5-13500-ws-64', 14, 20, 64, null],
    ['ryzen5-3600-64', 6, 12, 64, 17849],
    ['ryzen7-7700-64', 8, 16, 64, 35224],
    ['ryzen9-5950x-128', 16, 32, 128, 46045],
    ['ryzen9-7950x-128', 16, 32, 128, 63561],
    ['epyc-7502p-128-1tb', 32, 64, 128, 48021],
    ['epyc-7502p-128-2tb', 32, 64, 128, 48021],
    ['epyc-7502p-128-4tb', 32, 64, 128, 48021],
    ['epyc-7502p-256-1tb', 32, 64, 256, 48021],
    ['epyc-7502p-256-4tb', 32, 64, 256, 48021],
    ['epyc-9454p-256', 48, 96, 256, null],
    ['high-density-32c-256', 32, 64, 256, null],
  ] as const)('reference server %s: %i cores, %i threads, %i GB, benchmark %s', (id, cores, threads, ram, benchmark) => {
    const e = catalog.entries.find((x) => x.id === id);
    expect(e).toBeDefined();
    expect(e!.kind).toBe('dedicated');
    expect([e!.physicalCores, e!.hardwareThreads, e!.ramGiB, e!.benchmark]).toEqual([cores, threads, ram, benchmark]);
    // No dedicated price without a source: the list has none.
    expect(e!.price).toBeNull();
  });

  it('cloud families: general, compute and memory optimised, several sizes, vCPU = threads = 2 × cores', () => {
    const cloud = catalog.entries.filter((e) => e.kind === 'cloud');
    for (const cat of ['general', 'compute', 'memory'] as const) expect(cloud.filter((e) => e.category === cat).length).toBeGreaterThanOrEqual(4);
    for (const e of cloud) {
      expect(e.hardwareThreads).toBe(2 * e.physicalCores);
      expect(e.price?.per).toBe('hour');
      expect(e.price?.region).toBe('us-east-1');
    }
  });

  it('monthly price = hourly × hours per month', () => {
    const m = catalog.entries.find((e) => e.id === 'aws-m7i-large')!;
    expect(monthlyUsdOf(m, catalog.hoursPerMonth)).toBeCloseTo(m.price!.usd * 730, 6);
    expect(monthlyUsdOf({ price: null }, 730)).toBeNull();
  });
});

describe('parseCatalog with bad input', () => {
  const good = (raw as { entries: Record<string, unknown>[] }).entries;
  const base = raw as Record<string, unknown>;

  it('keeps the valid entries and lists the dropped ones with reasons', () => {
    const entries = [
      good[0],
      { ...good[1], physicalCores: 0 },
      { ...good[2], id: good[0]!.id },
      'not an object',
      { ...good[3], price: { ...(good.find((e) => e.price) as { price: object }).price, usd: -1 } },
      { ...good[4], sourceId: 'nowhere' },
      good[5],
    ];
    const r = parseCatalog({ ...base, entries });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.catalog.entries.map((e) => e.id)).toEqual([good[0]!.id, good[5]!.id]);
    expect(r.catalog.dropped.map((d) => d.index)).toEqual([1, 2, 3, 4, 5]);
    const [cores, dup, notObj, price, src] = r.catalog.dropped;
    expect(cores!.id).toBe(good[1]!.id);
    expect(cores!.reasons.join()).toMatch(/physicalCores/);
    expect(dup!.reasons.join()).toMatch(/used by an earlier entry/);
    expect(notObj!.id).toBeNull();
    expect(price!.reasons.join()).toMatch(/price\.usd: must be positive/);
    expect(src!.reasons.join()).toMatch(/unknown source "nowhere"/);
  });

  it('a bad header fails the whole file with a message', () => {
    expect(parseCatalog(null)).toMatchObject({ ok: false });
    const r = parseCatalog({ ...base, asOf: 'yesterday' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/asOf/);
  });

  it('threads below cores and a benchmark basis without a figure are refused', () => {
    const r = parseCatalog({ ...base, entries: [{ ...good[0], hardwareThreads: 2 }, { ...good[0], id: 'x-1', benchmark: null, speedBasis: 'benchmark' }] });
    expect(r.ok && r.catalog.entries.length).toBe(0);
    if (r.ok) expect(r.catalog.dropped.flatMap((d) => d.reasons).join(' ')).toMatch(/hardwareThreads.*speedBasis/);
  });
});
