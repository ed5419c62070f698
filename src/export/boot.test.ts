/**
 * Boot test: the exported files start real servers that answer through nginx.
 *
 *   nginx + Gunicorn (gthread over TCP, and gevent over a unix socket) serving a tiny WSGI app;
 *   nginx + PHP-FPM serving a tiny PHP file over the pool's unix socket, and over TCP behind a
 *   multi-server upstream (placeholder addresses replaced as the README says).
 *
 * Servers listen on free loopback ports chosen at run time (the plan's deploy fields point the
 * files there), everything lives in a temp dir, and every process is stopped in `finally`.
 * In CI (env CI set) missing tools fail the suite; locally they skip with a message.
 */
import { analyzePlan } from '../engine/analysis/analyze-plan';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planSchema, type Plan, type PlanInput } from '../plan/schema';
import { NGINX_HOST_PLACEHOLDER } from './builders/fpm-pool';
import { buildBundle } from './bundle';
import { account, freePort, getWhenReady, isRoot, loopbackListen, nginxArgs, startServer, stopServer, type Server } from './testing/processes';
import { GUNICORN, NGINX, PHP_FPM, toolGate, writeBundle, writeFpmWrapper, writeWsgiApp } from './testing/tools';

const gate = toolGate([NGINX, PHP_FPM, GUNICORN]);
const GENERATED_AT = new Date('2026-03-01T12:00:00Z');

describe('boot: the exported files serve requests through nginx', () => {
  if (gate.mustFail) {
    it('has nginx, php-fpm8.2 and gunicorn installed (required in CI)', () => {
      expect(gate.missing).toEqual([]);
    });
    return;
  }

  describe.skipIf(!gate.run)('real servers on loopback', () => {
    let root = '';
    beforeAll(async () => {
      root = await mkdtemp(join(tmpdir(), 'headroom-boot-'));
      // nginx and PHP-FPM workers run as another user: they must traverse the directory.
      await chmod(root, 0o755);
    });
    afterAll(async () => {
      if (root) await rm(root, { recursive: true, force: true });
    });

    async function caseDir(name: string): Promise<string> {
      const dir = join(root, name);
      await mkdir(dir, { recursive: true });
      await chmod(dir, 0o755);
      return dir;
    }

    async function exportPlan(input: PlanInput, dir: string): Promise<Plan> {
      const plan = planSchema.parse(input);
      await writeBundle(dir, buildBundle(analyzePlan(plan), { generatedAt: GENERATED_AT, sandboxDir: dir }));
      // Tests listen on loopback only: `listen <port>` (all interfaces, as exported) becomes 127.0.0.1:<port>.
      const conf = await readFile(join(dir, 'nginx.conf'), 'utf8');
      await writeFile(join(dir, 'nginx.conf'), loopbackListen(conf));
      return plan;
    }

    /** A document root under `dir` holding one index.php. */
    async function phpDocroot(dir: string, php: string): Promise<string> {
      const docroot = join(dir, 'public');
      await mkdir(docroot, { recursive: true });
      await chmod(docroot, 0o755);
      await writeFile(join(docroot, 'index.php'), php);
      await chmod(join(docroot, 'index.php'), 0o644);
      return docroot;
    }

    /** A PHP-FPM 8.2 plan (3 children, 1 nginx worker) serving `docroot` on `listenPort`. */
    function phpBootPlan(name: string, dir: string, docroot: string, listenPort: number, o: { pm: 'dynamic' | 'static'; fpmSocketPath?: string; fpmPort?: number }): PlanInput {
      const { pm, ...deploy } = o;
      return {
        name,
        app: 'phpfpm',
        phpfpm: { version: '8.2', pm },
        nginx: { version: '1.22' },
        pins: { fpmMaxChildren: 3, nginxWorkerProcesses: 1 },
        edge: { tls: 'off' },
        deploy: { listenPort, phpRoot: docroot, staticRoot: `${dir}/static`, ...deploy, ...account() },
      };
    }

    /** php-fpm (the pool in `dir`/www.conf) and nginx from `dir`, running while `check` runs. */
    async function withPhpServers(dir: string, check: (servers: Server[]) => Promise<void>): Promise<void> {
      const wrapper = await writeFpmWrapper(dir);
      let fpm: Server | null = null;
      let web: Server | null = null;
      try {
        fpm = startServer('php-fpm', PHP_FPM, ['-F', '-y', wrapper, ...(isRoot ? ['-R'] : [])]);
        web = startServer('nginx', NGINX, nginxArgs(dir));
        await check([fpm, web]);
      } finally {
        await stopServer(web, 'SIGTERM');
        await stopServer(fpm, 'SIGTERM');
      }
    }

    const gunicornCases = [
      { name: 'gthread over TCP, nginx 1.22 keep-alive recipe', workerClass: 'gthread' as const, transport: 'tcp' as const },
      { name: 'gevent over a unix socket', workerClass: 'gevent' as const, transport: 'unix' as const },
    ];

    it.each(gunicornCases)('nginx + gunicorn ($name): GET / returns the app, GET a static file returns it with expiry', async ({ workerClass, transport }) => {
      const dir = await caseDir(`gunicorn-${workerClass}`);
      await mkdir(join(dir, 'static'), { recursive: true });
      await writeFile(join(dir, 'static', 'hello.txt'), 'static ok\n');
      await chmod(join(dir, 'static'), 0o755);
      const [listenPort, appPort] = [await freePort(), await freePort()];
      const plan = await exportPlan(
        {
          name: `Boot ${workerClass}`,
          gunicorn: { version: '20.1', workerClass },
          nginx: { version: '1.22' },
          pins: { gunicornWorkers: 2, nginxWorkerProcesses: 1 },
          edge: { tls: 'off' },
          deploy: {
            listenPort,
            appTransport: transport,
            appPort,
            appSocketPath: `${dir}/app.sock`,
            appModule: 'hr_boot.wsgi:application',
            appDir: dir,
            staticRoot: `${dir}/static`,
            ...account(),
          },
        },
        dir,
      );
      await writeWsgiApp(join(dir, 'py'), plan.deploy.appModule, `hello from ${workerClass}`);

      let app: Server | null = null;
      let web: Server | null = null;
      try {
        app = startServer('gunicorn', GUNICORN, ['-c', join(dir, 'gunicorn.conf.py')], {
          cwd: dir,
          env: { ...process.env, PYTHONPATH: join(dir, 'py'), PYTHONDONTWRITEBYTECODE: '1' },
        });
        web = startServer('nginx', NGINX, nginxArgs(dir));
        const res = await getWhenReady(`http://127.0.0.1:${listenPort}/`, [app, web]);
        expect(res.body).toBe(`hello from ${workerClass}`);
        const again = await getWhenReady(`http://127.0.0.1:${listenPort}/some/path?x=1`, [app, web]);
        expect(again.body).toBe(`hello from ${workerClass}`);
        const stat = await getWhenReady(`http://127.0.0.1:${listenPort}/static/hello.txt`, [app, web]);
        expect(stat.body).toBe('static ok\n');
        expect(stat.headers.get('cache-control')).toBe('max-age=2592000');
      } finally {
        await stopServer(web, 'SIGTERM');
        await stopServer(app, 'SIGINT');
      }
    });

    it('nginx + php-fpm: GET / runs index.php through the pool socket', async () => {
      const dir = await caseDir('php');
      const docroot = await phpDocroot(dir, '<?php echo "php ok from ", PHP_SAPI;\n');
      const listenPort = await freePort();
      await exportPlan(phpBootPlan('Boot PHP', dir, docroot, listenPort, { pm: 'dynamic', fpmSocketPath: `${dir}/php-fpm.sock` }), dir);
      await withPhpServers(dir, async (servers) => {
        const res = await getWhenReady(`http://127.0.0.1:${listenPort}/`, servers);
        expect(res.body).toBe('php ok from fpm-fcgi');
        const missing = await getWhenReady(`http://127.0.0.1:${listenPort}/nope.php`, servers, 5000, 404);
        expect(missing.status).toBe(404);
      });
    });

    it('nginx + php-fpm behind a multi-server upstream: FastCGI over TCP to the pool (listen = port, allowed_clients)', async () => {
      const dir = await caseDir('php-tcp');
      const docroot = await phpDocroot(dir, '<?php echo "php over tcp ok";\n');
      const [listenPort, fpmPort] = [await freePort(), await freePort()];
      const fleet = { lbMethod: 'least_conn' as const, otherKinds: [{ name: 'other', physicalCores: 2, hardwareThreads: 2, ramGiB: 2, weight: 2 }] };
      await exportPlan({ ...phpBootPlan('Boot PHP TCP', dir, docroot, listenPort, { pm: 'static', fpmPort }), fleet }, dir);
      // Do what the README asks: the placeholders become real addresses (here both "servers" are this host's pool).
      const conf = await readFile(join(dir, 'nginx.conf'), 'utf8');
      expect(conf).toContain(`server 10.0.0.2:${fpmPort} weight=2`);
      await writeFile(join(dir, 'nginx.conf'), conf.replace(/10\.0\.0\.[12]:/g, '127.0.0.1:'));
      const pool = await readFile(join(dir, 'kinds/other/www.conf'), 'utf8');
      expect(pool).toMatch(new RegExp(`^listen = ${fpmPort}$`, 'm'));
      // Tests listen on loopback only: the exported `listen = <port>` (all interfaces) becomes 127.0.0.1:<port>.
      const local = pool.replace(`listen.allowed_clients = ${NGINX_HOST_PLACEHOLDER}`, 'listen.allowed_clients = 127.0.0.1').replace(new RegExp(`^listen = ${fpmPort}$`, 'm'), `listen = 127.0.0.1:${fpmPort}`);
      expect(local).toContain(`listen = 127.0.0.1:${fpmPort}`);
      await writeFile(join(dir, 'www.conf'), local);
      await withPhpServers(dir, async (servers) => {
        const res = await getWhenReady(`http://127.0.0.1:${listenPort}/`, servers);
        expect(res.body).toBe('php over tcp ok');
      });
    });
  });
});
