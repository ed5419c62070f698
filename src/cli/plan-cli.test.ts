import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPlanCli, type PlanCliIo } from './plan-cli';

const examples = join(import.meta.dirname, '..', '..', 'examples');

/** An in-memory file system: path → contents. Missing paths throw like fs.readFileSync. */
function fakeFs(files: Record<string, string>): PlanCliIo {
  return {
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) {
        throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
      }
      return text;
    },
    readDynamoPrices: () => readFileSync(join(import.meta.dirname, '..', '..', 'public', 'prices', 'dynamodb.json'), 'utf8'),
  };
}

describe('runPlanCli: unknown fields (issue 11 item 1)', () => {
  const typo = '{"hardware":{"physicalcores":64},"workloadd":{"arrivalRps":5000}}';

  it('a misspelled or unknown field exits 2, one line per field, instead of sizing the defaults', () => {
    const out = runPlanCli(['p.json'], fakeFs({ 'p.json': typo }));
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toBe('p.json: hardware.physicalcores: unknown field\np.json: workloadd: unknown field\n');
  });

  it('--lenient sizes the plan without them and warns about each on stderr', () => {
    const out = runPlanCli(['p.json', '--lenient'], fakeFs({ 'p.json': typo }));
    expect(out.code).toBe(0);
    expect(out.stderr).toBe('p.json: hardware.physicalcores: unknown field (ignored: --lenient)\np.json: workloadd: unknown field (ignored: --lenient)\n');
    expect(JSON.parse(out.stdout).plan.hardware.physicalCores).toBe(6);
  });

  it('--lenient never lets a bad value through', () => {
    const out = runPlanCli(['--lenient', 'p.json'], fakeFs({ 'p.json': '{"x":1,"workload":{"cpuMs":-1}}' }));
    expect(out.code).toBe(2);
    expect(out.stderr).toBe('p.json: workload.cpuMs: must be at least 0.1\n');
  });

  it('prototype keys are unknown fields too', () => {
    const out = runPlanCli(['p.json'], fakeFs({ 'p.json': '{"__proto__":{"polluted":1},"fleet":{"constructor":2}}' }));
    expect(out.code).toBe(2);
    expect(out.stderr).toBe('p.json: __proto__: unknown field (a prototype key)\np.json: fleet.constructor: unknown field (a prototype key)\n');
  });
});

describe('runPlanCli', () => {
  it('includes the DynamoDB section sized with the dated prices', () => {
    const out = runPlanCli(['p.json'], fakeFs({ 'p.json': '{"dynamodb": {"tables": [{"name": "orders", "source": "direct", "readsPerSec": 80, "itemSizeBytes": 3000, "eventualShare": 0, "strongShare": 1, "getShare": 1, "queryShare": 0, "peakToAverage": 1}]}}' }));
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout);
    expect(json.result.dynamodb.tables[0]).toBeDefined();
    expect(JSON.stringify(json.result.dynamodb)).toContain('orders');
  });

  it('includes the fleet section for mixed hardware: each kind\'s share and the failure what-ifs', () => {
    const plan = { workload: { arrivalRps: 600 }, fleet: { servers: 4, otherKinds: [{ name: 'old', servers: 2, physicalCores: 3, hardwareThreads: 6, ramGiB: 32 }] } };
    const out = runPlanCli(['p.json'], fakeFs({ 'p.json': JSON.stringify(plan) }));
    expect(out.code).toBe(0);
    const { fleet, cluster } = JSON.parse(out.stdout).result;
    expect(fleet.kinds.rows.map((r: { name: string; loadRps: { value: number } }) => [r.name, r.loadRps.value])).toEqual([
      ['main', 100],
      ['old', 100],
    ]);
    expect(fleet.kinds.rows[0]).not.toHaveProperty('sizing');
    expect(fleet.serving.value).toBe(6);
    expect(cluster.oneServerDown.perKind).toHaveLength(2);
    expect(cluster).not.toHaveProperty('sim');
    // A lone server still gets its fleet totals (one server, its monthly cost), without a kinds list.
    const lone = JSON.parse(runPlanCli(['q.json'], fakeFs({ 'q.json': '{}' })).stdout).result;
    expect(lone.fleet.kinds).toBeNull();
    expect(lone.fleet.serving.value).toBe(1);
    expect(lone.cluster.normal.verdict).toBeDefined();
  });

  it('sizes a good plan: exit 0, JSON with plan and result on stdout', () => {
    const text = readFileSync(join(examples, 'gunicorn-api.json'), 'utf8');
    const out = runPlanCli(['plan.json'], fakeFs({ 'plan.json': text }));
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout) as {
      plan: { name: string; hardware: { physicalCores: number } };
      result: { gunicorn: { workers: { value: number; formula: string; pinned: boolean } } };
    };
    expect(json.plan.name).toBe('Gunicorn JSON API');
    expect(json.plan.hardware.physicalCores).toBe(8);
    expect(Number.isInteger(json.result.gunicorn.workers.value)).toBe(true);
    expect(json.result.gunicorn.workers.value).toBeGreaterThanOrEqual(1);
    expect(typeof json.result.gunicorn.workers.formula).toBe('string');
  });

  it('fills in defaults for a partial plan', () => {
    const out = runPlanCli(['p.json'], fakeFs({ 'p.json': '{}' }));
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout) as { plan: { version: number }; result: { gunicorn: { workers: { value: number } } } };
    expect(json.plan.version).toBe(1);
    expect(json.result.gunicorn.workers.value).toBeGreaterThanOrEqual(1);
  });

  it('sizes the PHP-FPM example', () => {
    const text = readFileSync(join(examples, 'php-shop.json'), 'utf8');
    const out = runPlanCli(['shop.json'], fakeFs({ 'shop.json': text }));
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout) as { result: { app: string; phpfpm: { maxChildren: { value: number } } | null } };
    expect(json.result.app).toBe('phpfpm');
    expect(json.result.phpfpm?.maxChildren.value).toBeGreaterThanOrEqual(1);
  });

  it('refuses bad fields (even droppable ones): exit 2, each field and its limit on stderr', () => {
    const bad = JSON.stringify({ hardware: { ramGiB: -1 }, workload: { cpuMs: 'x' } });
    const out = runPlanCli(['plan.json'], fakeFs({ 'plan.json': bad }));
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    const lines = out.stderr.trim().split('\n');
    expect(lines).toContain('plan.json: hardware.ramGiB: must be at least 0.5');
    expect(lines.some((l) => l.startsWith('plan.json: workload.cpuMs: '))).toBe(true);
    expect(lines.every((l) => l.startsWith('plan.json: '))).toBe(true);
  });

  it('refuses an unknown plan format version', () => {
    const out = runPlanCli(['v9.json'], fakeFs({ 'v9.json': '{"version": 9}' }));
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^v9\.json: version: unsupported plan format version 9/);
  });

  it('refuses text that is not JSON: exit 2', () => {
    const out = runPlanCli(['plan.json'], fakeFs({ 'plan.json': 'workers = 4' }));
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(/^plan\.json: \(file\): not valid JSON/);
  });

  it('refuses JSON that is not an object: exit 2', () => {
    const out = runPlanCli(['plan.json'], fakeFs({ 'plan.json': '[1,2]' }));
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^plan\.json: \(plan\): /);
  });

  it('reports a missing file: exit 2', () => {
    const out = runPlanCli(['nope.json'], fakeFs({}));
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toBe('nope.json: (file): cannot read: no such file\n');
  });

  it('needs exactly one file and knows only --help', () => {
    expect(runPlanCli([], fakeFs({})).code).toBe(2);
    expect(runPlanCli(['a.json', 'b.json'], fakeFs({})).code).toBe(2);
    const unknown = runPlanCli(['--fast', 'a.json'], fakeFs({}));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown option --fast');
  });

  it('prints help with --help: exit 0', () => {
    const out = runPlanCli(['--help'], fakeFs({}));
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('Usage: npm run plan -- <plan.json>');
    expect(runPlanCli(['-h'], fakeFs({})).code).toBe(0);
  });
});
