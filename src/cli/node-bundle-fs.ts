/**
 * The export CLI's file system (BundleFs, see ./export-cli.ts) on Node: nothing is followed
 * through a symbolic link, and each file is written to a temporary name in the same folder and
 * renamed over the target, so a crash or a full disk never leaves a half-written nginx.conf.
 *
 * `root` is the folder that stands for "/": the real root for the command, a temporary folder in
 * tests (so `--out /` can be tried without touching the real root).
 */
import { closeSync, constants, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, realpathSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, posix } from 'node:path';
import { BUNDLE_MARKER, type BundleFs, type DirState, type EntryKind } from './export-cli';

export interface NodeBundleFsOptions {
  /** The folder that stands for "/" (default: the real root). */
  root?: string;
  /** The working directory, as seen from `root` (default: process.cwd()). */
  cwd?: string;
}

export function nodeBundleFs(opts: NodeBundleFsOptions = {}): BundleFs {
  const root = opts.root ?? '/';
  const cwd = opts.cwd ?? process.cwd();
  /** The path as the user meant it ('/' is the root) … */
  const logical = (p: string) => posix.resolve(cwd, p);
  /** … and where it is on this machine. */
  const real = (p: string) => join(root, logical(p));

  const entryKind = (p: string): EntryKind => {
    try {
      const st = lstatSync(real(p));
      return st.isSymbolicLink() ? 'symlink' : st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
      throw e;
    }
  };

  const isRoot = (p: string) => {
    if (logical(p) === '/') return true;
    try {
      return realpathSync(real(p)) === realpathSync(root);
    } catch {
      return false;
    }
  };

  return {
    inspectDir(dir): DirState {
      if (isRoot(dir)) return 'root';
      const kind = entryKind(dir);
      if (kind === 'missing') return 'missing';
      if (kind === 'symlink') return 'symlink';
      if (kind !== 'dir') return 'not-a-directory';
      const names = readdirSync(real(dir));
      if (names.length === 0) return 'empty';
      return names.includes(BUNDLE_MARKER) && entryKind(posix.join(dir, BUNDLE_MARKER)) === 'file' ? 'bundle' : 'foreign';
    },
    entryKind,
    mkdir: (dir) => void mkdirSync(real(dir), { recursive: true }),
    writeFileAtomic(path, data) {
      const target = real(path);
      const tmp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
      // O_EXCL | O_NOFOLLOW: the temporary name is new, never an existing file or a planted link.
      const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
      try {
        const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
        for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
        fsyncSync(fd);
      } catch (e) {
        closeSync(fd);
        unlinkSync(tmp);
        throw e;
      }
      closeSync(fd);
      try {
        // Checked again just before the rename (the preflight may be stale). rename(2) replaces the
        // directory entry itself: even a link planted since then is replaced, never followed.
        const kind = entryKind(path);
        if (kind === 'symlink' || kind === 'dir') throw new Error(`${path}: is a ${kind === 'dir' ? 'directory' : 'symbolic link'}; not replaced`);
        renameSync(tmp, target);
      } catch (e) {
        unlinkSync(tmp);
        throw e;
      }
    },
  };
}
