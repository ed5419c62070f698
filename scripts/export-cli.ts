/**
 * `npm run export -- <plan.json> --out <dir>`: write the export bundle for a plan file.
 * All logic lives in src/cli/export-cli.ts (unit tested); this only connects it to Node
 * (src/cli/node-bundle-fs.ts writes without following links, through temporary names).
 */
import { readFileSync } from 'node:fs';
import { runExportCli } from '../src/cli/export-cli';
import { nodeBundleFs } from '../src/cli/node-bundle-fs';

const { code, stdout, stderr } = runExportCli(process.argv.slice(2), {
  readFile: (path) => readFileSync(path === '-' ? 0 : path, 'utf8'),
  fs: nodeBundleFs(),
  now: () => new Date(),
});
if (stdout) process.stdout.write(stdout);
if (stderr) process.stderr.write(stderr);
process.exitCode = code;
