import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { BUNDLE_MARKER, runExportCli, type ExportCliIo } from './export-cli';

const examples = join(import.meta.dirname, '..', '..', 'examples');
const NOW = new Date('2026-03-01T12:00:00Z');

/**
 * In-memory files: reads throw ENOENT like fs; writes and mkdirs are recorded (the bundle marker
 * apart, in `markers`). Every --out folder is new; the real-file-system cases are in
 * ./export-cli.fs.test.ts.
 */
function fakeFs(files: Record<string, string>, opts: { failWrite?: boolean } = {}) {
  const written = new Map<string, string | Uint8Array>();
  const markers: string[] = [];
  const dirs: string[] = [];
  const io: ExportCliIo = {
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
      return text;
    },
    fs: {
      inspectDir: () => 'missing',
      entryKind: () => 'missing',
      writeFileAtomic: (path, data) => {
        if (opts.failWrite) throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES' });
        if (path.endsWith(`/${BUNDLE_MARKER}`)) markers.push(path);
        else written.set(path, data);
      },
      mkdir: (path) => void dirs.push(path),
    },
    now: () => NOW,
  };
  return { io, written, dirs, markers };
}

describe('runExportCli', () => {
  it('writes the bundle of a good plan: exit 0, paths on stdout', () => {
    const text = readFileSync(join(examples, 'gunicorn-api.json'), 'utf8');
    const fs = fakeFs({ 'plan.json': text });
    const out = runExportCli(['plan.json', '--out', 'dist/bundle'], fs.io);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(new Set(fs.dirs)).toEqual(new Set(['dist/bundle', 'dist/bundle/k8s', 'dist/bundle/alerts']));
    const names = [...fs.written.keys()].map((p) => p.replace('dist/bundle/', ''));
    expect(names.slice(0, 3)).toEqual(['nginx.conf', 'gunicorn.conf.py', 'gunicorn.service']);
    expect(names.slice(-3)).toEqual(['alerts/headroom-rules.yaml', 'RUNBOOK.md', 'README.md']);
    expect(names).toContain('loadtest.js');
    // Subfolders of the bundle are created before their files are written.
    expect(names).toContain('k8s/app.yaml');
    // The DynamoDB files (the example plan has DynamoDB on): template, Terraform, one JSON per table.
    expect(names).toContain('dynamodb-cloudformation.yaml');
    expect(names).toContain('dynamodb.tf');
    expect(names.some((n) => /^create-table\..+\.json$/.test(n))).toBe(true);
    expect(String(fs.written.get('dist/bundle/dynamodb.tf'))).toContain('resource "aws_dynamodb_table"');
    expect(out.stdout.trim().split('\n')).toEqual([...fs.written.keys()]);
    expect(String(fs.written.get('dist/bundle/nginx.conf'))).toContain('Generated: 2026-03-01T12:00:00Z');
    expect(String(fs.written.get('dist/bundle/README.md'))).toContain('Gunicorn JSON API');
  });

  it('writes www.conf for a PHP-FPM plan, and a zip with --zip', () => {
    const fs = fakeFs({ 'p.json': JSON.stringify({ name: 'Shop', app: 'phpfpm' }) });
    const out = runExportCli(['p.json', '--out=out/', '--zip', '--generated-at', '2027-05-06T07:08:09Z', '--plan-url', 'https://h.example/#p=1'], fs.io);
    expect(out.code).toBe(0);
    const deploy = ['k8s/app.yaml', 'k8s/ingress.yaml', 'docker-compose.yaml', 'alerts/headroom-rules.yaml', 'RUNBOOK.md'];
    const files = ['nginx.conf', 'www.conf', 'dynamodb-cloudformation.yaml', 'dynamodb.tf', 'create-table.app-table.json', 'sysctl-headroom.conf', 'nginx.service.override.conf', 'opcache.ini', 'loadtest.js', ...deploy, 'README.md'];
    expect([...fs.written.keys()]).toEqual([...files.map((f) => `out/${f}`), 'out/headroom-shop.zip']);
    const zip = unzipSync(fs.written.get('out/headroom-shop.zip') as Uint8Array);
    expect(Object.keys(zip)).toEqual(files);
    expect(strFromU8(zip['www.conf']!)).toBe(fs.written.get('out/www.conf'));
    expect(String(fs.written.get('out/www.conf'))).toContain('; Generated: 2027-05-06T07:08:09Z');
    expect(String(fs.written.get('out/www.conf'))).toContain('; Plan link: https://h.example/#p=1');
  });

  it('writes each server kind\'s app config in its own folder (kinds/<name>/)', () => {
    const plan = { fleet: { servers: 2, otherKinds: [{ name: 'old', servers: 2, physicalCores: 2, hardwareThreads: 4, ramGiB: 8 }] } };
    const fs = fakeFs({ 'p.json': JSON.stringify(plan) });
    const out = runExportCli(['p.json', '--out', 'b'], fs.io);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(fs.dirs).toContain('b/kinds/old');
    expect(String(fs.written.get('b/kinds/old/gunicorn.conf.py'))).toMatch(/^workers = \d+/m);
    // The main and the old servers' worker counts differ (12 vs 4 hardware threads).
    const workers = (t: unknown) => Number(/^workers = (\d+)/m.exec(String(t))?.[1]);
    expect(workers(fs.written.get('b/kinds/old/gunicorn.conf.py'))).toBeLessThan(workers(fs.written.get('b/gunicorn.conf.py')));
  });

  it('exit 2 with one line per bad field, and writes nothing', () => {
    const bad = JSON.stringify({ hardware: { physicalCores: 0 }, deploy: { serverName: 'evil;\n}', appModule: 'x y' } });
    const fs = fakeFs({ 'bad.json': bad });
    const out = runExportCli(['bad.json', '--out', 'o'], fs.io);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    const lines = out.stderr.trim().split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^bad\.json: hardware\.physicalCores: must be at least 1$/),
        expect.stringMatching(/^bad\.json: deploy\.serverName: a lowercase host name/),
        expect.stringMatching(/^bad\.json: deploy\.appModule: a Python module:callable/),
      ]),
    );
    expect(fs.written.size).toBe(0);
  });

  it('exit 2 for a missing file, bad JSON, a value the exporter refuses, and bad arguments', () => {
    const fs = fakeFs({ 'x.json': '{', 'g.json': JSON.stringify({ app: 'phpfpm', deploy: { fpmPoolName: 'global' } }) });
    expect(runExportCli(['nope.json', '--out', 'o'], fs.io)).toMatchObject({ code: 2, stderr: 'nope.json: (file): cannot read: no such file\n' });
    expect(runExportCli(['x.json', '--out', 'o'], fs.io).stderr).toMatch(/^x\.json: \(file\): not valid JSON/);
    expect(runExportCli(['g.json', '--out', 'o'], fs.io)).toMatchObject({ code: 2, stderr: expect.stringMatching(/deploy\.fpmPoolName.*global/) });
    expect(runExportCli(['x.json'], fs.io)).toMatchObject({ code: 2, stderr: expect.stringMatching(/missing --out/) });
    expect(runExportCli(['--out', 'o'], fs.io)).toMatchObject({ code: 2, stderr: expect.stringMatching(/missing plan file/) });
    expect(runExportCli(['x.json', '--out'], fs.io)).toMatchObject({ code: 2, stderr: expect.stringMatching(/--out needs a directory/) });
    expect(runExportCli(['x.json', '--out', 'o', '--frobnicate'], fs.io)).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown option --frobnicate/) });
    expect(runExportCli(['x.json', '--out', 'o', '--generated-at', 'soon'], fs.io)).toMatchObject({ code: 2, stderr: expect.stringMatching(/not a date/) });
    expect(fs.written.size).toBe(0);
  });

  it('exit 1 when a file cannot be written', () => {
    const fs = fakeFs({ 'p.json': '{}' }, { failWrite: true });
    const out = runExportCli(['p.json', '--out', '/ro'], fs.io);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/cannot write to \/ro: EACCES/);
  });

  it.each([
    ['javascript:alert(1)', /not an http\(s\) URL/],
    ['https://h.example/#p=1\nworkers = 64', /a space, a control character/],
    ['https://h.example/#p=1*/ import os', /a space|\*\//],
    ['https://h.example/#p=1*/', /holds "\*\/"/],
    ['https://h.example/\u202e#p=1', /bidi/],
    [`https://h.example/#p=${'A'.repeat(2001)}`, /2,000/],
  ])('an unsafe --plan-url %j exits 2 and writes nothing', (url, why) => {
    const fs = fakeFs({ 'p.json': '{}' });
    const out = runExportCli(['p.json', '--out', 'o', '--plan-url', url], fs.io);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^export: --plan-url: /);
    expect(out.stderr).toMatch(why);
    expect(fs.written.size).toBe(0);
  });

  it('an unknown plan field exits 2 and writes nothing; --lenient exports with a warning', () => {
    const fs = fakeFs({ 'p.json': '{"hardware":{"physicalcores":64}}' });
    expect(runExportCli(['p.json', '--out', 'o'], fs.io)).toMatchObject({ code: 2, stderr: 'p.json: hardware.physicalcores: unknown field\n' });
    expect(fs.written.size).toBe(0);
    const lenient = runExportCli(['p.json', '--out', 'o', '--lenient'], fs.io);
    expect(lenient).toMatchObject({ code: 0, stderr: 'p.json: hardware.physicalcores: unknown field (ignored: --lenient)\n' });
    expect(fs.written.size).toBeGreaterThan(0);
  });

  it('prints help with exit 0', () => {
    const out = runExportCli(['--help'], fakeFs({}).io);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^Usage: npm run export -- <plan\.json> --out <dir>/);
  });
});
