/**
 * Running the real servers' own checks on generated files (test support, Node only).
 *
 * nginx -t, php-fpm -t and gunicorn --check-config each parse a file the way the server will at
 * start, so a bundle they accept is one the server accepts (for the version installed here:
 * Debian 12's nginx 1.22, PHP-FPM 8.2, Gunicorn 20.1).
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import type { BundleFile } from '../types';

export const NGINX = 'nginx';
export const PHP_FPM = 'php-fpm8.2';
export const GUNICORN = 'gunicorn';

/** Absolute path of a command, also looking in sbin (nginx and php-fpm live there). */
export function which(cmd: string): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin', '/usr/bin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const p = join(dir, cmd);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return null;
}

export function missingTools(cmds: string[]): string[] {
  return cmds.filter((c) => which(c) === null);
}

/**
 * Tools must be present in CI (env CI set): a missing tool fails the suite there. Locally the
 * suite may skip, with a message saying how to install them.
 */
export function toolGate(cmds: string[]): { run: boolean; missing: string[]; mustFail: boolean } {
  const missing = missingTools(cmds);
  const inCi = Boolean(process.env.CI);
  if (missing.length > 0 && !inCi) {
    console.warn(
      `[export] skipping real-tool checks: ${missing.join(', ')} not installed. ` +
        'Install with: sudo apt-get install -y nginx-light gunicorn python3-gevent php8.2-fpm',
    );
  }
  return { run: missing.length === 0, missing, mustFail: missing.length > 0 && inCi };
}

export interface ToolRun {
  cmd: string;
  code: number | null;
  output: string;
  ok: boolean;
}

export function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<ToolRun> {
  const bin = which(cmd) ?? cmd;
  return new Promise((resolve) => {
    execFile(
      bin,
      args,
      { cwd: opts.cwd, env: opts.env ?? process.env, timeout: opts.timeoutMs ?? 20_000, maxBuffer: 4 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
        resolve({ cmd: [cmd, ...args].join(' '), code, output: `${stdout}${stderr}`.trim(), ok: code === 0 });
      },
    );
  });
}

/** Map with at most `concurrency` promises in flight (the CI machine has 2 cores). */
export async function mapLimit<T, R>(items: readonly T[], concurrency: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return out;
}

/** Write the bundle's files under `dir`, with their folders (other kinds' files are under kinds/<name>/). */
export async function writeBundle(dir: string, files: BundleFile[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  await Promise.all(
    files.map(async (f) => {
      await mkdir(dirname(join(dir, f.path)), { recursive: true });
      await writeFile(join(dir, f.path), f.text);
    }),
  );
}

/**
 * nginx's compiled-in prefix on Debian. The exported nginx.conf includes
 * /etc/nginx/modules-enabled/*.conf, whose `load_module modules/x.so` lines are relative to the
 * prefix, so checks use the real prefix; every path the config writes is absolute (and sandboxed).
 */
export const NGINX_PREFIX = existsSync('/usr/share/nginx/modules') ? '/usr/share/nginx/' : null;

/**
 * A self-signed certificate and key for 127.0.0.1/localhost under `dir`/tls (what the sandboxed
 * nginx.conf names), made by openssl. The first call makes it; later calls copy it.
 */
export async function writeSelfSignedCert(dir: string, from?: string): Promise<ToolRun> {
  const tls = join(dir, 'tls');
  await mkdir(tls, { recursive: true });
  if (from) {
    await Promise.all(['cert.pem', 'key.pem'].map(async (f) => writeFile(join(tls, f), readFileSync(join(from, 'tls', f)))));
    return { cmd: 'copy', code: 0, output: '', ok: true };
  }
  return run('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', join(tls, 'key.pem'), '-out', join(tls, 'cert.pem'),
  ]);
}

/** `systemd-analyze security --offline=true` of a unit file: the overall exposure (0-10; <= 4.9 is "OK" or better). */
export async function systemdExposure(unit: string): Promise<{ exposure: number | null; run: ToolRun }> {
  const r = await run('systemd-analyze', ['security', '--offline=true', '--no-pager', unit]);
  const m = /Overall exposure level for \S+: (\d+(?:\.\d+)?) /.exec(r.output);
  return { exposure: m ? Number(m[1]) : null, run: r };
}

/**
 * The one directive of nginx >= 1.25.1 the exported files use that Debian's 1.22 does not know:
 * `http2 on;` (1.22 switches HTTP/2 on with `listen ... ssl http2`). For a 1.28/1.30 target the
 * check runs on a copy in the 1.22 form; everything else is checked as written.
 */
export function as122(conf: string): string {
  return conf.replace(/^(\s*)listen (\d+) ssl;\n(\s*# [^\n]*\n)?\s*http2 on;\n/m, '$1listen $2 ssl http2;\n');
}

/** `nginx -t` on a config in `dir`, with the pid and error log kept in `dir` (1.25+ http2 syntax in its 1.22 form). */
export async function nginxTest(dir: string, conf = join(dir, 'nginx.conf')): Promise<ToolRun> {
  const text = readFileSync(conf, 'utf8');
  const local = as122(text);
  if (local !== text) {
    conf = `${conf}.as-1.22`;
    await writeFile(conf, local);
  }
  return run(NGINX, ['-t', '-q', '-c', conf, '-p', NGINX_PREFIX ?? `${dir}/`, '-e', 'stderr', '-g', `pid ${dir}/nginx.pid;`]);
}

/** A `[global]` section with a writable error log that includes the pool (DOMAIN.md B.4). */
export async function writeFpmWrapper(dir: string, pool = join(dir, 'www.conf')): Promise<string> {
  const wrapper = join(dir, 'php-fpm-test.conf');
  await writeFile(wrapper, `[global]\nerror_log = ${dir}/php-fpm.log\npid = ${dir}/php-fpm.pid\ninclude = ${pool}\n`);
  return wrapper;
}

export async function fpmTest(dir: string, pool = join(dir, 'www.conf')): Promise<ToolRun> {
  const wrapper = await writeFpmWrapper(dir, pool);
  return run(PHP_FPM, ['-t', '-y', wrapper]);
}

/** A tiny WSGI app importable as `module:callable` under `pyDir` (packages created on the way). */
export async function writeWsgiApp(pyDir: string, appModule: string, body = 'ok'): Promise<void> {
  const [mod, callable] = appModule.split(':') as [string, string];
  const parts = mod.split('.');
  let dir = pyDir;
  for (const pkg of parts.slice(0, -1)) {
    dir = join(dir, pkg);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, '__init__.py'), '');
  }
  await mkdir(dir, { recursive: true });
  const src =
    `def ${callable}(environ, start_response):\n` +
    `    data = ${JSON.stringify(body)}.encode()\n` +
    `    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(data)))])\n` +
    `    return [data]\n`;
  await writeFile(join(dir, `${parts[parts.length - 1] as string}.py`), src);
}

/** `gunicorn --check-config` with the app importable from `pyDir`; imports the app, binds nothing. */
export function gunicornCheck(dir: string, pyDir: string, conf = join(dir, 'gunicorn.conf.py'), extraArgs: string[] = []): Promise<ToolRun> {
  return run(GUNICORN, ['--check-config', '-c', conf, ...extraArgs], {
    cwd: dir,
    env: { ...process.env, PYTHONPATH: pyDir, PYTHONDONTWRITEBYTECODE: '1' },
  });
}

/** Module-level names a gunicorn.conf.py assigns (the generated files use plain `name = value`). */
export function confPyNames(text: string): string[] {
  return [...text.matchAll(/^([A-Za-z_][A-Za-z0-9_]*)\s*=/gm)].map((m) => m[1] as string);
}

/** The interpreter gunicorn's launcher runs under (its `#!` line), so the batch uses the same gunicorn. */
export function gunicornPython(): string {
  const bin = which(GUNICORN);
  if (!bin) return 'python3';
  const first = readFileSync(bin, 'utf8').split('\n', 1)[0] ?? '';
  const m = /^#!\s*(\S+)/.exec(first);
  return m?.[1] ?? 'python3';
}

/**
 * Python driver: imports gunicorn once, then for each job forks a child that runs exactly what the
 * `gunicorn` launcher runs (`gunicorn.app.wsgiapp.run()`) with argv `--check-config -c <conf>`, the
 * job's directory as cwd and its PYTHONPATH first on sys.path. A fresh fork per job keeps imported
 * apps apart; skipping the interpreter start makes 50 checks take seconds, not a minute.
 */
const GUNICORN_BATCH_DRIVER = String.raw`
import json, os, sys
import gunicorn.app.wsgiapp as wsgiapp
jobs = json.load(sys.stdin)
results = []
for job in jobs:
    out_path = os.path.join(job["dir"], "gunicorn-check.out")
    pid = os.fork()
    if pid == 0:
        code = 70
        try:
            fd = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(fd, 1); os.dup2(fd, 2)
            os.chdir(job["dir"])
            sys.path.insert(0, job["pyDir"])
            sys.argv = ["gunicorn", "--check-config", "-c", job["conf"]]
            wsgiapp.run()
            code = 0
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        except BaseException:
            import traceback; traceback.print_exc()
            code = 70
        finally:
            sys.stdout.flush(); sys.stderr.flush()
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    with open(out_path) as f:
        results.append({"code": code, "output": f.read()})
print(json.dumps(results))
`;

export interface GunicornJob {
  dir: string;
  pyDir: string;
  conf: string;
}

/** `gunicorn --check-config -c <conf>` for many jobs in one warm interpreter (see the driver above). */
export function gunicornCheckBatch(jobs: GunicornJob[], timeoutMs = 60_000): Promise<ToolRun[]> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      gunicornPython(),
      ['-c', GUNICORN_BATCH_DRIVER],
      { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`gunicorn batch driver failed: ${err.message}\n${stderr}`));
        const parsed = JSON.parse(stdout) as { code: number; output: string }[];
        resolve(parsed.map((r, i) => ({ cmd: `gunicorn --check-config -c ${jobs[i]?.conf}`, code: r.code, output: r.output.trim(), ok: r.code === 0 })));
      },
    );
    child.stdin?.end(JSON.stringify(jobs));
  });
}
