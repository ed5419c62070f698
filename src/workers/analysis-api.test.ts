/**
 * The worker computes the same analysis as the main thread (one analysis, only elsewhere): for
 * every fixture plan with the shipped catalog and prices, the sections that come back over a
 * MessageChannel (structured clone, as from a Worker) equal analyzePlan's on this thread, and the
 * export preview equals buildBundle's files. Also: the results are plain data (clonable at all).
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzePlan } from '../engine/analysis/analyze-plan';
import { SECTION_KEYS } from '../engine/analysis/section-keys';
import type { AnalysisData } from '../engine/analysis/types';
import { parseCatalog } from '../engine/catalog/schema';
import { parseLambdaPrices } from '../engine/dynamodb/lambda-prices-schema';
import { parseDynamoPrices } from '../engine/dynamodb/prices-schema';
import { buildBundle } from '../export/bundle';
import { FIXTURE_NAMES, fixture } from '../plan/fixtures';
import { createAnalysisHandlers, type AnalysisWorkerApi } from './analysis-api';
import { createRpcClient, serveRpc, type Port } from './rpc';

const read = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as unknown;

function shippedData(): AnalysisData {
  const catalog = parseCatalog(read('../../public/catalog/hardware.json'));
  const prices = parseDynamoPrices(read('../../public/prices/dynamodb.json'));
  const lambda = parseLambdaPrices(read('../../public/prices/lambda.json'));
  if (!catalog.ok || !prices.ok || !lambda.ok) throw new Error('shipped data files do not parse');
  return { catalog: catalog.catalog, dynamoPrices: prices.prices, lambdaPrices: lambda.prices };
}

const channel = new MessageChannel();
serveRpc<AnalysisWorkerApi>(channel.port2 as unknown as Port, createAnalysisHandlers());
const worker = createRpcClient<AnalysisWorkerApi>(channel.port1 as unknown as Port);
afterAll(() => {
  channel.port1.close();
  channel.port2.close();
});

describe('analysis worker', () => {
  const data = shippedData();
  const sent = worker.call('setData', { version: 1, data });

  it.each(FIXTURE_NAMES)('%s: every section equals the main-thread analysis', async (name) => {
    await sent;
    const plan = fixture(name);
    const remote = await worker.call('analyze', { planId: 1 + FIXTURE_NAMES.indexOf(name), plan, dataVersion: 1, sections: SECTION_KEYS });
    const local = analyzePlan(plan, data);
    expect(Object.keys(remote).sort()).toEqual([...SECTION_KEYS].sort());
    for (const key of SECTION_KEYS) expect(remote[key], key).toEqual(structuredClone(local[key]));
    // A figure a panel shows, compared directly (not only through the clone).
    expect(remote.fleet?.totalMonthlyUsd.value).toBe(local.fleet.totalMonthlyUsd.value);
    expect(remote.web?.performance.openCurve).toHaveLength(local.web.performance.openCurve.length);
  });

  it.each(FIXTURE_NAMES)('%s: the export preview equals buildBundle on this thread', async (name) => {
    await sent;
    const plan = fixture(name);
    const generatedAt = new Date(Date.UTC(2026, 0, 2));
    const built = await worker.call('exportFiles', { planId: 100 + FIXTURE_NAMES.indexOf(name), plan, dataVersion: 1, generatedAt, planUrl: 'https://example.test/#p=x' });
    expect(built).toEqual({ ok: true, files: buildBundle(analyzePlan(plan, data), { generatedAt, planUrl: 'https://example.test/#p=x' }) });
  });

  it('diffs lines like changedLines, and refuses an unknown data version', async () => {
    expect(await worker.call('changedLines', { prev: 'a\nb\nc', next: 'a\nB\nc\nd' })).toEqual([1, 3]);
    await expect(worker.call('analyze', { planId: 999, plan: fixture('default'), dataVersion: 42, sections: ['web'] })).rejects.toThrow('data version 42 was never sent');
  });
});
