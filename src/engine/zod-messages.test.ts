/**
 * One zod flavour in the browser (issue 16): the data-file schemas use zod/mini and keep classic
 * zod's English messages (./zod-messages.ts). Without them zod/mini says only "Invalid input".
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCatalog } from './catalog/schema';
import { parseDynamoPrices } from './dynamodb/prices-schema';
import { parseLambdaPrices } from './dynamodb/lambda-prices-schema';

const read = (p: string) => JSON.parse(readFileSync(new URL(`../../public/${p}`, import.meta.url), 'utf8')) as Record<string, unknown>;

describe('data files parsed with zod/mini', () => {
  it('say what is wrong in English, naming the field and the limit', () => {
    const r = parseDynamoPrices({ ...read('prices/dynamodb.json'), hoursPerMonth: 10 });
    expect(r).toEqual({ ok: false, message: 'invalid DynamoDB price file: hoursPerMonth: Too small: expected number to be >=672' });
    const l = parseLambdaPrices({ ...read('prices/lambda.json'), currency: 'EUR' });
    expect(l).toEqual({ ok: false, message: 'invalid Lambda price file: currency: Invalid input: expected "USD"' });
  });

  it('keep the schemas’ own messages and the per-entry reasons', () => {
    const raw = read('catalog/hardware.json');
    const entries = raw.entries as Record<string, unknown>[];
    const bad = { ...entries[0]!, physicalCores: 0, sourceId: 'Not An Id' };
    const r = parseCatalog({ ...raw, entries: [bad, ...entries.slice(1)] });
    if (!r.ok) throw new Error(r.message);
    expect(r.catalog.dropped[0]!.reasons).toEqual(['physicalCores: Too small: expected number to be >=1', 'sourceId: an id of lowercase letters, digits and -']);
  });
});

describe('source files', () => {
  it('import zod only as zod/mini (classic zod would load a second copy of the validators)', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && /from ['"]zod['"]/.test(readFileSync(p, 'utf8'))) offenders.push(p);
      }
    };
    walk(new URL('..', import.meta.url).pathname);
    expect(offenders).toEqual([]);
  });
});
