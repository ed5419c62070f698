/**
 * The e2e web server never depends on a fixed free port (issue 11 item 10): with 4173 taken and
 * PLAYWRIGHT_PORT unset, the config picks a free port and says so in the environment (its worker
 * processes must agree); PLAYWRIGHT_PORT still chooses.
 */
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';

const listen = (port: number) =>
  new Promise<Server | null>((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(null)); // already taken by someone else: just as good
    s.listen(port, '127.0.0.1', () => resolve(s));
  });
const portOf = (url: string | undefined) => Number(new URL(url ?? '').port);

async function loadConfig() {
  vi.resetModules();
  return (await import('../playwright.config')).default;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('playwright.config.ts port', () => {
  it('with 4173 taken and PLAYWRIGHT_PORT unset, picks another port that is free', async () => {
    const blocker = await listen(4173);
    try {
      vi.stubEnv('PLAYWRIGHT_PORT', '');
      const config = await loadConfig();
      const server = Array.isArray(config.webServer) ? config.webServer[0] : config.webServer;
      const port = portOf(server?.url);
      expect(port).not.toBe(4173);
      expect(port).toBeGreaterThan(0);
      expect(config.use?.baseURL).toBe(`http://127.0.0.1:${port}`);
      expect(server?.command).toContain(`--port ${port} --strictPort`);
      expect(process.env.PLAYWRIGHT_PORT).toBe(String(port));
      const probe = await listen(port);
      expect(probe).not.toBeNull();
      probe?.close();
    } finally {
      blocker?.close();
    }
  });

  it('PLAYWRIGHT_PORT still chooses, and a bad value is refused', async () => {
    vi.stubEnv('PLAYWRIGHT_PORT', '4301');
    expect((await loadConfig()).use?.baseURL).toBe('http://127.0.0.1:4301');
    vi.stubEnv('PLAYWRIGHT_PORT', 'http');
    await expect(loadConfig()).rejects.toThrow(/PLAYWRIGHT_PORT must be a port number/);
  });
});
