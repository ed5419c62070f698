/**
 * `npm run export -- <plan.json> --out <dir>`: write the export bundle for a plan file.
 * All logic lives in src/cli/export-cli.ts (unit tested); this only connects it to Node.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { runExportCli } from '../src/cli/export-cli';

const { code, stdout, stderr } = runExportCli(process.argv.slice(2), {
  readFile: (path) => readFileSync(path === '-' ? 0 : path, 'utf8'),
  writeFile: (path, data) => writeFileSync(path, data),
  mkdir: (path) => mkdirSync(path, { recursive: true }),
  now: () => new Date(),
});
if (stdout) process.stdout.write(stdout);
if (stderr) process.stderr.write(stderr);
process.exitCode = code;
