/** Both CLIs accept a share link in place of a plan file, decoded with the app's codec. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { fixture } from '../plan/fixtures';
import { encodePlan } from '../share/link-codec';
import { bytesToBase64Url } from '../share/link-format';
import { runExportCli, type BundleFs } from './export-cli';
import { runPlanCli } from './plan-cli';

const prices = () => readFileSync(join(import.meta.dirname, '..', '..', 'public', 'prices', 'dynamodb.json'), 'utf8');
const noFiles = (path: string): string => {
  throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
};
const planIo = { readFile: noFiles, readDynamoPrices: prices };
const link = `https://headroom.example/#p=${encodePlan(fixture('phpShop'))}`;
const badLink = `#p=${bytesToBase64Url(deflateSync(new TextEncoder().encode('{"v":1,"p":{"workload":{"cpuMs":-5},"hardware":{"gpu":1}}}')))}`;

describe('npm run plan -- <share link>', () => {
  it('sizes the plan of a full URL and of a bare fragment, same as the file', () => {
    for (const arg of [link, link.slice(link.indexOf('#'))]) {
      const out = runPlanCli([arg], planIo);
      expect(out.stderr).toBe('');
      expect(out.code).toBe(0);
      expect(JSON.parse(out.stdout).plan).toEqual(fixture('phpShop'));
    }
  });

  it('a link with dropped fields exits 2 and names each one', () => {
    const out = runPlanCli([badLink], planIo);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe('<link>: hardware.gpu: unknown field\n<link>: workload.cpuMs: must be at least 0.1\n');
  });

  it('a damaged link exits 2', () => {
    const out = runPlanCli([link.slice(0, -10)], planIo);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^<link>: \(link\): /);
  });
});

describe('npm run export -- <share link> --out <dir>', () => {
  function io() {
    const written = new Map<string, string | Uint8Array>();
    const fs: BundleFs = { inspectDir: () => 'missing', entryKind: () => 'missing', writeFileAtomic: (p, d) => void written.set(p, d), mkdir: () => undefined };
    return { written, io: { readFile: noFiles, fs, now: () => new Date('2026-01-01T00:00:00Z') } };
  }

  it('exports the linked plan (PHP-FPM pool file)', () => {
    const fs = io();
    const out = runExportCli([link, '--out', 'o'], fs.io);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect([...fs.written.keys()].some((p) => /www\.conf$/.test(p))).toBe(true);
  });

  it('a link with dropped fields exits 2 and writes nothing', () => {
    const fs = io();
    const out = runExportCli([badLink, '--out', 'o'], fs.io);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/<link>: workload\.cpuMs: must be at least 0\.1/);
    expect(fs.written.size).toBe(0);
  });
});
