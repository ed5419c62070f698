/**
 * The export CLI on a real file system (a temporary folder standing for "/", never the real root):
 * what it refuses to write into, links it never follows, and files it never leaves half-written.
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUNDLE_MARKER, runExportCli, type ExportCliIo } from './export-cli';
import { nodeBundleFs } from './node-bundle-fs';

let root: string;
let outside: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'headroom-root-'));
  outside = mkdtempSync(join(tmpdir(), 'headroom-outside-'));
  mkdirSync(join(root, 'home'));
  writeFileSync(join(root, 'home', 'plan.json'), JSON.stringify({ name: 'Shop', app: 'phpfpm' }));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

/** Paths are as seen from the temporary root: "/" is `root`, the working directory is /home. */
const io = (): ExportCliIo => ({
  readFile: (p) => readFileSync(join(root, p.startsWith('/') ? p : join('home', p)), 'utf8'),
  fs: nodeBundleFs({ root, cwd: '/home' }),
  now: () => new Date('2026-03-01T12:00:00Z'),
});
const run = (...argv: string[]) => runExportCli(['plan.json', ...argv], io());
const tree = (dir: string) => readdirSync(dir).sort();

describe('export --out: where it refuses to write', () => {
  it.each(['/', '//', '/home/..', '../', '/./'])('--out %s (the root) exits 2 and writes nothing, even with --force', (out) => {
    for (const extra of [[], ['--force']]) {
      const r = run('--out', out, ...extra);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/refusing to write into the file system root/);
      expect(tree(root)).toEqual(['home']);
      expect(tree(join(root, 'home'))).toEqual(['plan.json']);
    }
  });

  it('a symlink named nginx.conf inside --out is not followed: exit 2, its target untouched', () => {
    expect(run('--out', 'bundle').code).toBe(0);
    const target = join(outside, 'precious.conf');
    writeFileSync(target, 'do not touch\n');
    rmSync(join(root, 'home', 'bundle', 'nginx.conf'));
    symlinkSync(target, join(root, 'home', 'bundle', 'nginx.conf'));
    for (const extra of [[], ['--force']]) {
      const r = run('--out', 'bundle', ...extra);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/bundle\/nginx\.conf is a symbolic link; refusing to follow or replace it/);
      expect(readFileSync(target, 'utf8')).toBe('do not touch\n');
      expect(lstatSync(join(root, 'home', 'bundle', 'nginx.conf')).isSymbolicLink()).toBe(true);
    }
  });

  it('--out that is itself a symlink, or a folder reached through one (kinds/), is refused', () => {
    symlinkSync(outside, join(root, 'home', 'link'));
    expect(run('--out', 'link')).toMatchObject({ code: 2, stderr: expect.stringMatching(/link is a symbolic link/) });
    mkdirSync(join(root, 'home', 'b'));
    writeFileSync(join(root, 'home', 'b', BUNDLE_MARKER), '{}\n');
    symlinkSync(outside, join(root, 'home', 'b', 'kinds'));
    writeFileSync(join(root, 'home', 'k.json'), JSON.stringify({ fleet: { servers: 2, otherKinds: [{ name: 'old', physicalCores: 2, hardwareThreads: 4 }] } }));
    const r = runExportCli(['k.json', '--out', 'b'], io());
    expect(r).toMatchObject({ code: 2, stderr: expect.stringMatching(/b\/kinds is a symbolic link/) });
    expect(tree(outside)).toEqual([]);
  });

  it('a non-empty folder without a previous bundle needs --force; a previous bundle is replaced', () => {
    mkdirSync(join(root, 'home', 'docs'));
    writeFileSync(join(root, 'home', 'docs', 'notes.txt'), 'mine\n');
    const refused = run('--out', 'docs');
    expect(refused).toMatchObject({ code: 2, stderr: expect.stringMatching(/docs is not empty and holds no previous Headroom bundle/) });
    expect(tree(join(root, 'home', 'docs'))).toEqual(['notes.txt']);
    expect(run('--out', 'docs', '--force').code).toBe(0);
    expect(readFileSync(join(root, 'home', 'docs', 'notes.txt'), 'utf8')).toBe('mine\n');
    expect(tree(join(root, 'home', 'docs'))).toContain(BUNDLE_MARKER);
    // Now it holds a bundle: a second export replaces its files without --force.
    const again = run('--out', 'docs', '--generated-at', '2027-01-01T00:00:00Z');
    expect(again.code).toBe(0);
    expect(readFileSync(join(root, 'home', 'docs', 'nginx.conf'), 'utf8')).toContain('2027-01-01T00:00:00Z');
  });

  it('a plain file as --out is refused', () => {
    expect(runExportCli(['plan.json', '--out', 'plan.json'], io())).toMatchObject({ code: 2, stderr: expect.stringMatching(/exists and is not a folder/) });
  });

  it('writes through temporary names: no temporary file is left, every file is whole', () => {
    const r = run('--out', '/srv/bundle', '--zip');
    expect(r.code).toBe(0);
    const names = tree(join(root, 'srv', 'bundle'));
    expect(names.filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(names).toEqual(expect.arrayContaining(['nginx.conf', 'www.conf', 'README.md', 'headroom-shop.zip', BUNDLE_MARKER]));
    for (const line of r.stdout.trim().split('\n')) expect(existsSync(join(root, line))).toBe(true);
    const marker = JSON.parse(readFileSync(join(root, 'srv', 'bundle', BUNDLE_MARKER), 'utf8'));
    expect(marker.files).toContain('nginx.conf');
  });

  it('a link planted after the checks is still not followed: the write fails, its target and the folder stay clean', () => {
    const fs = nodeBundleFs({ root, cwd: '/home' });
    const target = join(outside, 'precious.conf');
    writeFileSync(target, 'do not touch\n');
    symlinkSync(target, join(root, 'home', 'nginx.conf'));
    expect(() => fs.writeFileAtomic('nginx.conf', 'server {}\n')).toThrow(/symbolic link; not replaced/);
    expect(readFileSync(target, 'utf8')).toBe('do not touch\n');
    expect(tree(join(root, 'home'))).toEqual(['nginx.conf', 'plan.json']);
  });
});
