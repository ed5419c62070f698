#!/usr/bin/env node
/**
 * Make sure a Chromium that Playwright can drive is present before the e2e tests run.
 *
 * Order: SKIP_CHROMIUM_CHECK=1 (trust Playwright's own browser) → $CHROMIUM_PATH (if set and executable) → /usr/bin/chromium → as root, install Debian's
 * `chromium` with apt-get → otherwise explain what to install and exit 1.
 *
 * `npx playwright install` needs internet access to Playwright's CDN, which CI here does not have,
 * so this script never depends on it; it is only mentioned as an option for other machines.
 */
import { accessSync, constants } from 'node:fs';
import { spawnSync } from 'node:child_process';

const DEFAULT_PATH = '/usr/bin/chromium';

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function version(path) {
  const r = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  return r.status === 0 ? r.stdout.trim() : 'version unknown';
}

function found(path, how) {
  console.log(`ensure-chromium: using ${path} (${how}; ${version(path)})`);
  process.exit(0);
}

if (process.env.SKIP_CHROMIUM_CHECK === '1') {
  console.log('ensure-chromium: SKIP_CHROMIUM_CHECK=1, leaving the browser to Playwright');
  process.exit(0);
}

const envPath = process.env.CHROMIUM_PATH;
if (envPath) {
  if (isExecutable(envPath)) found(envPath, 'from $CHROMIUM_PATH');
  console.warn(`ensure-chromium: $CHROMIUM_PATH=${envPath} is not an executable file; trying ${DEFAULT_PATH}`);
}
if (isExecutable(DEFAULT_PATH)) found(DEFAULT_PATH, 'Debian package');

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (isRoot) {
  console.log('ensure-chromium: Chromium not found; installing Debian package "chromium" (running as root)');
  const cmd = 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=300 chromium';
  const r = spawnSync('sh', ['-c', cmd], { stdio: 'inherit' });
  if (r.status === 0 && isExecutable(DEFAULT_PATH)) found(DEFAULT_PATH, 'just installed with apt-get');
  console.error(`ensure-chromium: "${cmd}" failed (exit ${String(r.status)}) or did not provide ${DEFAULT_PATH}`);
  process.exit(1);
}

console.error(`ensure-chromium: no Chromium found for the Playwright tests.
Do one of:
  - install Debian's Chromium:      sudo apt-get install chromium
  - point to an existing Chromium:  export CHROMIUM_PATH=/path/to/chromium
  - on a machine with internet:     npx playwright install chromium
    (then set SKIP_CHROMIUM_CHECK=1, or simply run "npx playwright test"; playwright.config.ts
     falls back to Playwright's own browser when /usr/bin/chromium is absent)`);
process.exit(1);
