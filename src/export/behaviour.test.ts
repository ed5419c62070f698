/**
 * Behaviour through the exported nginx (issue 12): real nginx 1.22 + Gunicorn 20.1 on loopback,
 * with the plan's TLS, body size, proxy headers, probes and log format.
 *
 *   TLS at nginx: 200 over HTTPS (self-signed certificate made by openssl), HTTP redirects to
 *   HTTPS, a POST just under client_max_body_size is accepted and one just above gets 413, the
 *   security headers and HSTS are present, stub_status answers, the access log line carries the
 *   upstream timings, Gunicorn's log the request time in microseconds.
 *   TLS at a front load balancer: X-Forwarded-Proto: https from the trusted address reaches the
 *   app as wsgi.url_scheme https, from an untrusted one it does not; stub_status refuses a client
 *   that is not localhost (its address from the trusted X-Forwarded-For).
 *
 * Free loopback ports, a temp dir, every process stopped in `finally`; bounded request counts.
 */
import { analyzePlan } from '../engine/analysis/analyze-plan';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planSchema, type Plan, type PlanInput } from '../plan/schema';
import { buildBundle } from './bundle';
import { account, freePort, getWhenReady, loopbackListen, nginxArgs, send, startServer, stopServer, type Server } from './testing/processes';
import { GUNICORN, NGINX, toolGate, writeBundle, writeSelfSignedCert } from './testing/tools';

const gate = toolGate([NGINX, GUNICORN, 'openssl']);
const GENERATED_AT = new Date('2026-03-01T12:00:00Z');
const MiB = 1024 * 1024;

/** A WSGI app that reads the body and answers "<wsgi.url_scheme> <body bytes>". */
const ECHO_APP = `
def application(environ, start_response):
    n = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(n) if n else b""
    data = ("%s %d" % (environ["wsgi.url_scheme"], len(body))).encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(data)))])
    return [data]
`;

describe('behaviour through the exported nginx', () => {
  if (gate.mustFail) {
    it('has nginx, gunicorn and openssl installed (required in CI)', () => expect(gate.missing).toEqual([]));
    return;
  }

  describe.skipIf(!gate.run)('nginx 1.22 + gunicorn 20.1 on loopback', () => {
    let root = '';
    beforeAll(async () => {
      root = await mkdtemp(join(tmpdir(), 'headroom-behaviour-'));
      await chmod(root, 0o755);
    });
    afterAll(async () => {
      if (root) await rm(root, { recursive: true, force: true });
    });

    /** Export `edge` with gunicorn gthread on `appPort`, nginx on loopback ports, and the echo app. */
    async function exportCase(name: string, edge: PlanInput['edge'], ports: { http: number; https: number; app: number }): Promise<{ dir: string; plan: Plan; files: Map<string, string> }> {
      const dir = join(root, name);
      await mkdir(join(dir, 'py', 'hr_echo'), { recursive: true });
      await chmod(dir, 0o755);
      const plan = planSchema.parse({
        name: `Behaviour ${name}`,
        gunicorn: { version: '20.1', workerClass: 'gthread' },
        nginx: { version: '1.22' },
        pins: { gunicornWorkers: 2, nginxWorkerProcesses: 1 },
        edge: { ...edge, httpsPort: ports.https },
        deploy: { listenPort: ports.http, appPort: ports.app, appModule: 'hr_echo.wsgi:application', appDir: dir, staticRoot: `${dir}/static`, ...account() },
      });
      const bundle = buildBundle(analyzePlan(plan), { generatedAt: GENERATED_AT, sandboxDir: dir });
      await writeBundle(dir, bundle);
      await writeFile(join(dir, 'nginx.conf'), loopbackListen(bundle.find((f) => f.path === 'nginx.conf')?.text ?? ''));
      await writeFile(join(dir, 'py', 'hr_echo', '__init__.py'), '');
      await writeFile(join(dir, 'py', 'hr_echo', 'wsgi.py'), ECHO_APP);
      const made = await writeSelfSignedCert(dir);
      expect(made.ok, made.output).toBe(true);
      return { dir, plan, files: new Map(bundle.map((f) => [f.path, f.text])) };
    }

    function startApp(dir: string): Server {
      return startServer('gunicorn', GUNICORN, ['-c', join(dir, 'gunicorn.conf.py')], { cwd: dir, env: { ...process.env, PYTHONPATH: join(dir, 'py'), PYTHONDONTWRITEBYTECODE: '1' } });
    }

    it('TLS at nginx: HTTPS 200, redirect, body limit 413, headers, stub_status, timed log lines', async () => {
      const ports = { http: await freePort(), https: await freePort(), app: await freePort() };
      const { dir, files } = await exportCase('tls', { tls: 'nginx', maxUploadMiB: 1 }, ports);
      const conf = files.get('nginx.conf') ?? '';
      const limitMiB = Number(/client_max_body_size (\d+)m;/.exec(conf)?.[1]);
      expect(limitMiB).toBe(2); // 1 MiB upload + 1 MiB (analysis.edge.clientMaxBodyMiB)
      const ca = await readFile(join(dir, 'tls', 'cert.pem'), 'utf8');
      const https = `https://127.0.0.1:${ports.https}`;

      let app: Server | null = null;
      let web: Server | null = null;
      try {
        app = startApp(dir);
        web = startServer('nginx', NGINX, nginxArgs(dir));
        await getWhenReady(`http://127.0.0.1:${ports.http}/healthz`, [app, web]);
        await getWhenReady(`http://127.0.0.1:${ports.app}/`, [app, web]);

        const home = await send(`${https}/`, { ca });
        expect(home.status).toBe(200);
        expect(home.body).toBe('https 0'); // X-Forwarded-Proto from nginx, trusted by forwarded_allow_ips
        expect(home.headers['strict-transport-security']).toBe('max-age=63072000');
        expect(home.headers['x-content-type-options']).toBe('nosniff');
        expect(home.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
        expect(home.headers['x-frame-options']).toBe('SAMEORIGIN');
        expect(home.headers['content-security-policy']).toBe("frame-ancestors 'self'");
        expect(home.headers['permissions-policy']).toMatch(/camera=\(\)/);
        expect(home.headers.server).toBe('nginx'); // server_tokens off: no version

        const redirect = await send(`http://127.0.0.1:${ports.http}/a/b?c=1`);
        expect(redirect.status).toBe(301);
        expect(redirect.headers.location).toBe(`https://127.0.0.1:${ports.https}/a/b?c=1`);

        const under = await send(`${https}/upload`, { method: 'POST', ca, body: Buffer.alloc(limitMiB * MiB - 1024, 97) });
        expect(under.status).toBe(200);
        expect(under.body).toBe(`https ${limitMiB * MiB - 1024}`);
        const over = await send(`${https}/upload`, { method: 'POST', ca, body: Buffer.alloc(limitMiB * MiB + 1024, 97) });
        expect(over.status).toBe(413);
        expect(over.headers['x-content-type-options']).toBe('nosniff'); // `always`: error pages too

        const status = await send(`${https}/nginx_status`, { ca });
        expect(status.status).toBe(200);
        expect(status.body).toMatch(/^Active connections: \d+/);
        const dot = await send(`${https}/.env`, { ca });
        expect(dot.status).toBe(403);
      } finally {
        await stopServer(web, 'SIGTERM');
        await stopServer(app, 'SIGINT');
      }
      const log = await readFile(join(dir, 'access.log'), 'utf8');
      expect(log).toMatch(new RegExp(`"GET / HTTP/1\\.1" 200 \\d+ "-" "-" rt=\\d+\\.\\d{3} uct=\\d+\\.\\d{3} uht=\\d+\\.\\d{3} urt=\\d+\\.\\d{3} ua=127\\.0\\.0\\.1:${ports.app} us=200`));
      expect(log).toMatch(/"POST \/upload HTTP\/1\.1" 413 .* ua=- us=-/);
      expect(app.log()).toMatch(/"POST \/upload HTTP\/1\.[01]" 200 \d+ "-" "-" \d+us$/m); // %(D)s: microseconds
    });

    it('TLS at a front LB: X-Forwarded-Proto and -For count only from the trusted address', async () => {
      const app = await freePort();
      const trusted = await exportCase('lb-trusted', { tls: 'front-lb', frontLbAddress: '127.0.0.1' }, { http: await freePort(), https: 443, app });
      const untrusted = await exportCase('lb-untrusted', { tls: 'front-lb' }, { http: await freePort(), https: 443, app });
      const port = (c: { plan: Plan }) => c.plan.deploy.listenPort;
      let appServer: Server | null = null;
      const webs: Server[] = [];
      try {
        appServer = startApp(trusted.dir);
        for (const c of [trusted, untrusted]) webs.push(startServer(`nginx ${c.plan.name}`, NGINX, nginxArgs(c.dir)));
        for (const c of [trusted, untrusted]) await getWhenReady(`http://127.0.0.1:${port(c)}/healthz`, [appServer, ...webs]);
        await getWhenReady(`http://127.0.0.1:${app}/`, [appServer, ...webs]);

        const fromLb = await send(`http://127.0.0.1:${port(trusted)}/`, { headers: { 'X-Forwarded-Proto': 'https' } });
        expect(fromLb.body).toBe('https 0');
        expect(fromLb.headers['strict-transport-security']).toBe('max-age=63072000');
        const plain = await send(`http://127.0.0.1:${port(trusted)}/`);
        expect(plain.body).toBe('http 0');
        expect(plain.headers['strict-transport-security']).toBeUndefined();
        // The placeholder address is not us: the header is ignored, nginx's own scheme goes upstream.
        const spoofed = await send(`http://127.0.0.1:${port(untrusted)}/`, { headers: { 'X-Forwarded-Proto': 'https' } });
        expect(spoofed.body).toBe('http 0');

        expect((await send(`http://127.0.0.1:${port(trusted)}/nginx_status`)).status).toBe(200);
        // A client behind the balancer is not localhost, even though the balancer is.
        expect((await send(`http://127.0.0.1:${port(trusted)}/nginx_status`, { headers: { 'X-Forwarded-For': '203.0.113.7' } })).status).toBe(403);
        expect((await send(`http://127.0.0.1:${port(trusted)}/client`, { headers: { 'X-Forwarded-For': '203.0.113.8' } })).status).toBe(200);
      } finally {
        for (const w of webs) await stopServer(w, 'SIGTERM');
        await stopServer(appServer, 'SIGINT');
      }
      // The log shows the client from X-Forwarded-For, not the balancer.
      expect(await readFile(join(trusted.dir, 'access.log'), 'utf8')).toMatch(/^203\.0\.113\.8 - - .*"GET \/client HTTP\/1\.1" 200 /m);
    });
  });
});
