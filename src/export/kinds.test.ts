/**
 * Mixed server kinds in the export (issue 7): the upstream lists every kind's servers with their
 * weights, PHP-FPM goes over TCP behind a multi-server upstream, and each other kind gets its own
 * app config sized by the engine for its hardware and share. Real-tool checks of these files are
 * in real-tools.test.ts.
 */
import { analyzePlan } from '../engine/analysis/analyze-plan';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { analyzeKinds } from '../engine/fleet/kinds';
import { planSchema, type Plan, type PlanInput } from '../plan/schema';
import { buildBundle, zipBundle } from './bundle';
import { NGINX_HOST_PLACEHOLDER } from './builders/fpm-pool';
import { UnsafeValueError } from './safe';
import { MIXED_FLEET } from './testing/mixed-fleet';
import type { BundleFile } from './types';

const OPTS = { generatedAt: new Date('2026-03-01T12:00:00Z') };

const MIXED = MIXED_FLEET;

function bundle(input: PlanInput, app: Plan['app'] = 'gunicorn'): { plan: Plan; files: BundleFile[] } {
  const plan = planSchema.parse({ ...input, app });
  return { plan, files: buildBundle(analyzePlan(plan), OPTS) };
}
const text = (files: BundleFile[], path: string): string => {
  const f = files.find((x) => x.path === path);
  if (!f) throw new Error(`no ${path} in ${files.map((x) => x.path).join(', ')}`);
  return f.text;
};
const serverLines = (conf: string) => conf.split('\n').filter((l) => /^\s*server \S+:\d+/.test(l)).map((l) => l.trim());
const setting = (conf: string, name: string) => Number(new RegExp(`^${name.replace('.', '\\.')}\\s*=\\s*(\\d+)`, 'm').exec(conf)?.[1]);

describe('nginx.conf upstream with other server kinds', () => {
  it.each([
    ['gunicorn', 8000],
    ['phpfpm', 9000],
  ] as const)('%s: main servers, then each kind with its weight and a hardware comment, then the backup (port %i)', (app, port) => {
    const conf = text(bundle(MIXED, app).files, 'nginx.conf');
    const params = 'max_fails=3 fail_timeout=20s';
    expect(serverLines(conf)).toEqual([
      ...[1, 2, 3, 4].map((i) => `server 10.0.0.${i}:${port} weight=2 ${params};`),
      `server 10.0.0.5:${port} weight=1 ${params};`,
      `server 10.0.0.6:${port} weight=1 ${params};`,
      `server 10.0.0.7:${port} ${params} backup;`,
    ]);
    expect(conf).toMatch(/upstream app_backend \{\s+# [^\n]*\n\s+zone app_backend \d+k;\s+# [^\n]*\n\s+least_conn;/);
    expect(conf).toContain('# 6 app servers of 2 kinds.');
    expect(conf).toMatch(/# main: 4 servers, 16 cores \/ 32 threads, 64 GiB RAM; app config (gunicorn\.conf\.py|www\.conf)\.\n\s+server 10\.0\.0\.1:/);
    expect(conf).toMatch(/# old: 2 servers, 8 cores \/ 16 threads, 32 GiB RAM; app config kinds\/old\/(gunicorn\.conf\.py|www\.conf)\.\n\s+server 10\.0\.0\.5:/);
  });

  it('one main server plus another kind is a multi-server upstream; main servers get an explicit weight=1', () => {
    const conf = text(bundle({ fleet: { otherKinds: [{ name: 'b', servers: 1, weight: 3 }] } }).files, 'nginx.conf');
    expect(serverLines(conf)).toEqual(['server 10.0.0.1:8000 weight=1 max_fails=1 fail_timeout=10s;', 'server 10.0.0.2:8000 weight=3 max_fails=1 fail_timeout=10s;']);
    expect(conf).not.toMatch(/server 127\.0\.0\.1/);
  });

  it('keeps max_conns on every kind, and leaves backups out for methods without "backup"', () => {
    const conf = text(bundle({ ...MIXED, fleet: { ...MIXED.fleet, lbMethod: 'ip_hash', maxConns: 50 } }, 'phpfpm').files, 'nginx.conf');
    const lines = serverLines(conf);
    expect(lines).toHaveLength(6);
    for (const l of lines) expect(l).toContain('max_conns=50 max_fails=3');
    expect(conf).toMatch(/ip_hash;/);
    expect(conf).toContain('1 backup server(s) left out: ip_hash does not support "backup".');
  });

  it('continues the placeholder numbering over several kinds (and past 10.0.0.255)', () => {
    const conf = text(
      bundle({ fleet: { servers: 250, otherKinds: [{ name: 'a', servers: 5, weight: 2 }, { name: 'b', servers: 3 }], backupServers: 2 } }).files,
      'nginx.conf',
    );
    const lines = serverLines(conf);
    expect(lines).toHaveLength(260);
    expect(lines[250]).toBe('server 10.0.0.251:8000 weight=2 max_fails=1 fail_timeout=10s;');
    expect(lines[255]).toBe('server 10.0.1.0:8000 weight=1 max_fails=1 fail_timeout=10s;');
    expect(lines[258]).toBe('server 10.0.1.3:8000 max_fails=1 fail_timeout=10s backup;');
  });
});

describe('PHP-FPM behind a multi-server upstream', () => {
  it.each([
    ['2 servers', { fleet: { servers: 2 } }],
    ['1 server + 1 backup', { fleet: { backupServers: 1 } }],
    ['mixed kinds', MIXED],
  ] as const)('%s: nginx passes FastCGI to every server over TCP, and www.conf listens on TCP for the nginx host only', (_label, input) => {
    const { files } = bundle({ ...input, deploy: { fpmPort: 9123 } }, 'phpfpm');
    const conf = text(files, 'nginx.conf');
    expect(conf).toMatch(/server 10\.0\.0\.1:9123[ ;]/);
    expect(conf).not.toContain('unix:');
    expect(conf).toMatch(/location ~ \\\.php\$ \{[^}]*fastcgi_pass app_backend;/);
    expect(conf).toContain('PHP-FPM must listen on that interface (www.conf: listen = 9123)');
    for (const path of files.map((f) => f.path).filter((p) => p.endsWith('www.conf'))) {
      const pool = text(files, path);
      expect(pool, path).toMatch(/^listen = 9123$/m);
      expect(pool, path).toMatch(new RegExp(`; REPLACE ${NGINX_HOST_PLACEHOLDER.replace(/\./g, '\\.')}[^\\n]*\\n(; [^\\n]*\\n)*listen\\.allowed_clients = ${NGINX_HOST_PLACEHOLDER.replace(/\./g, '\\.')}$`, 'm'));
      expect(pool, path).not.toMatch(/listen\.(owner|group|mode)|\.sock/);
    }
  });

  it('one server keeps the unix socket with owner, group and mode', () => {
    const { files } = bundle({}, 'phpfpm');
    expect(text(files, 'nginx.conf')).toContain('server unix:/run/php/php8.2-fpm.sock;');
    const pool = text(files, 'www.conf');
    expect(pool).toMatch(/^listen = \/run\/php\/php8\.2-fpm\.sock\nlisten\.owner = www-data\nlisten\.group = www-data\nlisten\.mode = 0660$/m);
    expect(pool).not.toContain('allowed_clients');
  });

  it('the README says where the pool listens', () => {
    const readme = text(bundle(MIXED, 'phpfpm').files, 'README.md');
    expect(readme).toContain('listens on TCP port 9000 for nginx: REPLACE listen.allowed_clients');
  });
});

describe('per-kind app configs', () => {
  it.each([
    ['gunicorn', ['nginx.conf', 'gunicorn.conf.py', 'gunicorn.service', 'kinds/old/gunicorn.conf.py']],
    ['phpfpm', ['nginx.conf', 'www.conf', 'kinds/old/www.conf']],
  ] as const)('%s: the bundle adds kinds/<name>/ after the main app files, and the zip holds them', (app, head) => {
    const { files } = bundle(MIXED, app);
    const paths = files.map((f) => f.path);
    expect(paths.slice(0, head.length)).toEqual(head);
    expect(paths.slice(-2)).toEqual(['RUNBOOK.md', 'README.md']);
    // One Deployment per server kind.
    expect(paths.filter((p) => p.startsWith('k8s/'))).toEqual(['k8s/app.yaml', 'k8s/app-old.yaml', 'k8s/ingress.yaml']);
    const back = unzipSync(zipBundle(files, OPTS.generatedAt));
    expect(Object.keys(back)).toEqual(paths);
    for (const f of files) expect(strFromU8(back[f.path]!)).toBe(f.text);
  });

  it('behind a multi-server upstream Gunicorn listens on every interface at appPort (nginx is on another host); one server stays on loopback', () => {
    const { files, plan } = bundle(MIXED);
    for (const path of ['gunicorn.conf.py', 'kinds/old/gunicorn.conf.py']) expect(text(files, path)).toMatch(new RegExp(`^bind = "0\\.0\\.0\\.0:${plan.deploy.appPort}"$`, 'm'));
    expect(text(bundle({}).files, 'gunicorn.conf.py')).toMatch(/^bind = "127\.0\.0\.1:8000"$/m);
    expect(text(bundle({ fleet: { servers: 3 }, deploy: { appTransport: 'unix' } }).files, 'gunicorn.conf.py')).toMatch(/^bind = "0\.0\.0\.0:8000"$/m);
  });

  it('each kind has the pool size the engine gives for its hardware and share, not the main one', () => {
    for (const app of ['gunicorn', 'phpfpm'] as const) {
      const { plan, files } = bundle(MIXED, app);
      const [main, old] = analyzeKinds(plan).rows;
      const key = app === 'gunicorn' ? 'workers' : 'pm.max_children';
      const oldFile = app === 'gunicorn' ? 'kinds/old/gunicorn.conf.py' : 'kinds/old/www.conf';
      expect(old?.name).toBe('old');
      expect(setting(text(files, oldFile), key), `${app} old`).toBe(old?.poolSize);
      expect(old?.poolSize, app).not.toBe(main?.poolSize);
      expect(setting(text(files, oldFile), key)).not.toBe(setting(text(files, app === 'gunicorn' ? 'gunicorn.conf.py' : 'www.conf'), key));
    }
  });

  it('pins apply to the main servers only; a kind file names its servers in the header', () => {
    const { files } = bundle({ ...MIXED, pins: { gunicornWorkers: 3 } });
    expect(setting(text(files, 'gunicorn.conf.py'), 'workers')).toBe(3);
    const old = text(files, 'kinds/old/gunicorn.conf.py');
    expect(setting(old, 'workers')).toBeGreaterThan(3);
    expect(old.split('\n')[1]).toBe(
      '# For the 2 "old" servers only (8 cores / 16 threads, 32 GiB RAM, nginx weight 1): sized for that hardware at 10% of the requests per server, with the recommended settings (pins apply to the main servers).',
    );
  });

  it('adds a kind its own gunicorn.service only when the unit differs from the main one', () => {
    // A kind with the main hardware and weight: the same unit, so no file of its own.
    const twin = { ...MIXED, fleet: { ...MIXED.fleet, otherKinds: [{ name: 'twin', servers: 2, physicalCores: 16, hardwareThreads: 32, ramGiB: 64, weight: 2 }] } };
    expect(bundle(twin).files.map((f) => f.path)).not.toContain('kinds/twin/gunicorn.service');
    // Less RAM: a smaller memory budget, so its own MemoryHigh/MemoryMax (issue 12).
    const own = text(bundle(MIXED).files, 'kinds/old/gunicorn.service');
    expect(own.match(/^MemoryHigh=(\d+)M$/m)?.[1]).not.toBe(text(bundle(MIXED).files, 'gunicorn.service').match(/^MemoryHigh=(\d+)M$/m)?.[1]);
    const { files } = bundle({ ...MIXED, gunicorn: { workerClass: 'gevent' }, pins: { gunicornWorkerConnections: 20_000 } });
    expect(text(files, 'gunicorn.service')).toContain('LimitNOFILE=41984');
    const unit = text(files, 'kinds/old/gunicorn.service');
    expect(unit).not.toContain('LimitNOFILE=41984');
    expect(text(files, 'README.md')).toContain('| `kinds/old/gunicorn.service` | `/etc/systemd/system/gunicorn.service` on the 2 old server(s) |');
  });

  it('the README lists which file goes on which servers', () => {
    const { plan, files } = bundle(MIXED);
    const readme = text(files, 'README.md');
    const [main, old] = analyzeKinds(plan).rows;
    expect(readme).toContain('| `gunicorn.conf.py` | `/srv/app/gunicorn.conf.py` on the 4 main server(s) |');
    expect(readme).toContain('| `kinds/old/gunicorn.conf.py` | `/srv/app/gunicorn.conf.py` on the 2 old server(s) |');
    expect(readme).toContain('## Server kinds');
    expect(readme).toContain(`| main | 4 | 16 cores / 32 threads, 64 GiB RAM | 2 | 20% | 10.0.0.1 - 10.0.0.4 | \`gunicorn.conf.py\` | ${main?.poolSize} workers |`);
    expect(readme).toContain(`| old | 2 | 8 cores / 16 threads, 32 GiB RAM | 1 | 10% | 10.0.0.5 - 10.0.0.6 | \`kinds/old/gunicorn.conf.py\` | ${old?.poolSize} workers |`);
    expect(readme).toContain('the 1 backup server(s) after them (10.0.0.7)');
  });

  it('a fleet of one kind has no kinds/ files and no Server kinds section', () => {
    const { files } = bundle({ fleet: { servers: 3 } });
    expect(files.some((f) => f.path.startsWith('kinds/'))).toBe(false);
    expect(text(files, 'README.md')).not.toContain('Server kinds');
  });
});

describe('kind names reach files only as checked tokens', () => {
  const base = planSchema.parse(MIXED);
  const withName = (name: string, app: Plan['app'] = 'gunicorn'): Plan => ({
    ...base,
    app,
    fleet: { ...base.fleet, otherKinds: base.fleet.otherKinds.map((k) => ({ ...k, name })) },
  });
  const HOSTILE = ['old;', 'old\nserver 1.2.3.4:80', 'a b', '../etc', 'a/b', 'a.b', 'ö', '"x"', '#x', '$x', '', 'x'.repeat(33), 'main'];

  it.each(HOSTILE)('a plan that bypassed the schema with the kind name %j is refused with UnsafeValueError', (name) => {
    expect(planSchema.safeParse({ ...MIXED, fleet: { ...MIXED.fleet, otherKinds: [{ name }] } }).success).toBe(false);
    for (const app of ['gunicorn', 'phpfpm'] as const) {
      const plan = withName(name, app);
      expect(() => buildBundle(analyzePlan(plan), OPTS)).toThrow(UnsafeValueError);
    }
  });

  it('two kinds with the same name (bypassing the schema) are refused: they would share a folder', () => {
    const plan: Plan = { ...base, fleet: { ...base.fleet, otherKinds: [...base.fleet.otherKinds, ...base.fleet.otherKinds] } };
    expect(() => buildBundle(analyzePlan(plan), OPTS)).toThrow(/unique/);
  });
});
