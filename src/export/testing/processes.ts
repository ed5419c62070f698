/**
 * Starting and always stopping the real servers in the boot test (test support, Node only).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { NGINX_PREFIX, which } from './tools';

export const isRoot = process.getuid?.() === 0;

/** Workers run as www-data when we are root; otherwise as ourselves (nginx ignores `user` then). */
export function account(): { user: string; group: string } {
  if (isRoot) return { user: 'www-data', group: 'www-data' };
  const id = (flag: string) => execFileSync('id', [flag], { encoding: 'utf8' }).trim();
  return { user: id('-un'), group: id('-gn') };
}

/** nginx in the foreground on the config in `dir`, pid and errors there. */
export function nginxArgs(dir: string): string[] {
  return ['-c', join(dir, 'nginx.conf'), '-p', NGINX_PREFIX ?? `${dir}/`, '-e', 'stderr', '-g', `pid ${dir}/nginx.pid; daemon off;`];
}

/** Tests listen on loopback only: `listen <port>` (all interfaces, as exported) becomes 127.0.0.1:<port>. */
export function loopbackListen(conf: string): string {
  return conf.replace(/^(\s*listen )(\d+)/gm, (_m, head: string, port: string) => `${head}127.0.0.1:${port}`);
}

export interface Server {
  name: string;
  child: ChildProcess;
  /** Everything it printed, for failure messages. */
  log: () => string;
  exited: Promise<number | null>;
}

export function startServer(name: string, cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Server {
  const child = spawn(which(cmd) ?? cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => resolve(code));
    child.on('error', (e) => {
      out += `\nspawn error: ${e.message}`;
      resolve(null);
    });
  });
  return { name, child, log: () => out, exited };
}

/** Stop with `signal`, then SIGKILL if it has not exited within `graceMs`. Never throws. */
export async function stopServer(s: Server | null | undefined, signal: NodeJS.Signals = 'SIGTERM', graceMs = 5000): Promise<void> {
  if (!s || s.child.exitCode !== null || s.child.signalCode !== null) return;
  try {
    s.child.kill(signal);
  } catch {
    return;
  }
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs));
  if ((await Promise.race([s.exited, timer])) === 'timeout') {
    try {
      s.child.kill('SIGKILL');
    } catch {
      // already gone
    }
    await s.exited;
  }
}

/** A TCP port that was free a moment ago (bind to 0, read it, release it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface Fetched {
  status: number;
  body: string;
  headers: Headers;
}

/** GET until it answers with `want` (servers need a moment to start), or fail after `timeoutMs`. */
export async function getWhenReady(url: string, servers: Server[], timeoutMs = 15_000, want = 200): Promise<Fetched> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    const dead = servers.find((s) => s.child.exitCode !== null || s.child.signalCode !== null);
    if (dead) throw new Error(`${dead.name} exited (${dead.child.exitCode ?? dead.child.signalCode}):\n${dead.log()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
      const body = await res.text();
      if (res.status === want) return { status: res.status, body, headers: res.headers };
      last = `HTTP ${res.status}: ${body.slice(0, 300)}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms (last: ${last})\n${servers.map((s) => `--- ${s.name}\n${s.log()}`).join('\n')}`);
}

export interface Sent {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * One HTTP(S) request with node:http(s) (fetch cannot trust a self-signed certificate or send to a
 * fixed Host): `ca` is the test certificate; the body may be large.
 */
export async function send(url: string, o: { method?: string; headers?: Record<string, string>; body?: Buffer; ca?: string } = {}): Promise<Sent> {
  const { request } = url.startsWith('https:') ? await import('node:https') : await import('node:http');
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: o.method ?? 'GET', headers: { ...(o.body ? { 'Content-Length': String(o.body.length) } : {}), ...o.headers }, ca: o.ca, servername: 'localhost', timeout: 10_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), headers: res.headers }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${url}: timeout`)));
    req.on('error', reject);
    if (o.body) req.write(o.body);
    req.end();
  });
}
