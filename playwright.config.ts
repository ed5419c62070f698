/**
 * Playwright end-to-end tests against the production build (vite build + vite preview).
 *
 * The browser is Debian's Chromium (/usr/bin/chromium, or $CHROMIUM_PATH) because CI has no access
 * to Playwright's browser CDN; `npm run test:e2e` first runs scripts/ensure-chromium.mjs. Where
 * neither exists, executablePath stays undefined and Playwright uses its own downloaded browser
 * (`npx playwright install chromium`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

/**
 * The preview server's port: PLAYWRIGHT_PORT when set (several checkouts side by side), otherwise a
 * port that is free now (scripts/free-port.mjs), so `npm test` works when 4173 is taken. The choice
 * goes into the environment: Playwright's worker processes load this file again and must agree.
 */
function previewPort(): number {
  const fromEnv = process.env.PLAYWRIGHT_PORT;
  if (fromEnv !== undefined && fromEnv !== '') {
    const port = Number(fromEnv);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`PLAYWRIGHT_PORT must be a port number (1–65535), got ${JSON.stringify(fromEnv)}`);
    return port;
  }
  const port = Number(execFileSync(process.execPath, [new URL('./scripts/free-port.mjs', import.meta.url).pathname], { encoding: 'utf8', timeout: 10_000 }));
  if (!Number.isInteger(port) || port < 1) throw new Error('could not find a free port for the preview server');
  process.env.PLAYWRIGHT_PORT = String(port);
  return port;
}
const PORT = previewPort();
const HOST = '127.0.0.1';
const baseURL = `http://${HOST}:${PORT}`;

function chromiumPath(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  return undefined;
}

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  reporter: 'list',
  retries: 0,
  workers: process.env.CI ? 1 : 2,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  webServer: {
    command: `npm run build:e2e && npx vite preview --port ${PORT} --strictPort --host ${HOST}`,
    url: baseURL,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
  use: {
    baseURL,
    screenshot: 'only-on-failure',
    trace: 'off',
    serviceWorkers: 'block',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: chromiumPath(),
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
  ],
});
