import { describe, expect, it } from 'vitest';
import { fixture, sweepFiles } from '../calibrate/testing/fixtures';
import { runCalibrateCli, type CalibrateCliIo } from './calibrate-cli';

/** An in-memory file system: path → contents. Missing paths throw like fs.readFileSync. */
function fakeFs(files: Record<string, string>): CalibrateCliIo {
  return {
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
      return text;
    },
    today: () => '2026-12-01',
  };
}

const sweep = sweepFiles('measured/gunicorn-gthread-1core-10cpu-0io', true);
const fs = fakeFs(Object.fromEntries(sweep.map((f) => [f.file, f.text])));
const names = sweep.map((f) => f.file);
const errorLines = (stderr: string) => stderr.trim().split('\n');

describe('npm run calibrate', () => {
  it('prints {fit, plan}: fitted values, per-point errors, and the default plan with them applied', () => {
    const out = runCalibrateCli(names, fs);
    expect(out.code).toBe(0);
    expect(out.stderr).toBe('');
    const json = JSON.parse(out.stdout);
    expect(json.fit.points).toHaveLength(6);
    expect(json.fit.points[0].relError).toHaveProperty('throughputRps');
    expect(json.plan.workload.cpuMs).toBeCloseTo(json.fit.cpuMsRef, 2);
    expect(json.applied).toBe(true);
    expect(json.measuredSetup).toMatchObject({ app: 'gunicorn', workerClass: 'gthread', physicalCores: 1 });
    expect(json.changes.map((c: { field: string }) => c.field)).toContain('workload.ioWaitMs');
  });
  it('applies the fit to --plan and keeps the rest of it', () => {
    const plan = { name: 'Shop', workload: { arrivalRps: 500 } };
    const out = runCalibrateCli([...names, '--plan', 'plan.json'], fakeFs({ ...Object.fromEntries(sweep.map((f) => [f.file, f.text])), 'plan.json': JSON.stringify(plan) }));
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout);
    expect(json.plan.name).toBe('Shop');
    expect(json.plan.workload.arrivalRps).toBe(500);
  });
  it('exit 2 with <file>:<line>: for a truncated file, a wrong format and a missing file, nothing thrown', () => {
    const c8 = fixture('measured/gunicorn-gthread-1core-10cpu-0io/c8.txt').text;
    const files = { 'c8.txt': c8.slice(0, 200), 'notes.txt': 'just some notes\n', 'k6.json': '{"metrics": {"http_req_duration": {"avg": 1' };
    const out = runCalibrateCli(['c8.txt', 'notes.txt', 'k6.json', 'gone.txt'], fakeFs(files));
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    const lines = errorLines(out.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^gone\.txt:0: cannot read: no such file$/);
    const out2 = runCalibrateCli(['c8.txt', 'notes.txt', 'k6.json'], fakeFs(files));
    expect(errorLines(out2.stderr)).toEqual([
      expect.stringMatching(/^c8\.txt:\d+: truncated/),
      expect.stringMatching(/^notes\.txt:1: unknown format/),
      expect.stringMatching(/^k6\.json:1: truncated JSON/),
    ]);
  });
  it('exit 2 for units missing, naming the line', () => {
    const c8 = fixture('measured/gunicorn-gthread-1core-10cpu-0io/c8.txt').text.replace(/(\n\s+50%\s+)([\d.]+)ms/, '$1$2');
    const out = runCalibrateCli(['c8.txt'], fakeFs({ 'c8.txt': c8 }));
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^c8\.txt:7: percentile value "[\d.]+" has no time unit/);
  });
  it('exit 2 for a bad --plan field, naming its line', () => {
    const out = runCalibrateCli([names[0] as string, '--plan', 'p.json'], fakeFs({ [names[0] as string]: sweep[0]?.text ?? '', 'p.json': '{\n  "workload": {\n    "cpuMs": -3\n  }\n}' }));
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^p\.json:3: workload\.cpuMs: must be at least/);
  });
  it('exit 2 for a contradictory sweep, with the JSON and the plan unchanged', () => {
    // I/O-bound sync sweep: 3 workers at ~33 ms saturate near 3 clients, so 2 clients at 20 rps (c1: 30) contradict it.
    const io = sweepFiles('measured/gunicorn-sync-1core-1cpu-30io', true);
    const bad = Object.fromEntries(io.map((f) => [f.file, f.text]));
    const c2 = io.map((f) => f.file).find((n) => n.endsWith('/c2.txt')) as string;
    bad[c2] = (bad[c2] as string).replace(/Requests\/sec:\s+[\d.]+/, 'Requests/sec:     20.00');
    const out = runCalibrateCli(Object.keys(bad), fakeFs(bad));
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(new RegExp(`^${c2.replace(/[.]/g, '\\.')}:0: throughput falls`));
    const json = JSON.parse(out.stdout);
    expect(json.applied).toBe(false);
    expect(json.changes).toEqual([]);
    expect(json.plan.workload.cpuMs).toBe(25);
  });
  it('usage errors', () => {
    expect(runCalibrateCli([], fs).code).toBe(2);
    expect(runCalibrateCli(['--frobnicate', 'x'], fs).stderr).toMatch(/unknown option --frobnicate/);
    expect(runCalibrateCli(['--help'], fs)).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Usage: npm run calibrate/) });
  });
});
