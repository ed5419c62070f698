/**
 * `npm run calibrate -- <files…> [--plan plan.json]`: fit the model to measurement files.
 * All logic lives in src/cli/calibrate-cli.ts (unit tested); this only connects it to Node.
 */
import { readFileSync } from 'node:fs';
import { runCalibrateCli } from '../src/cli/calibrate-cli';

const { code, stdout, stderr } = runCalibrateCli(process.argv.slice(2), {
  readFile: (path) => readFileSync(path, 'utf8'),
  today: () => new Date().toISOString().slice(0, 10),
});
if (stdout) process.stdout.write(stdout);
if (stderr) process.stderr.write(stderr);
process.exitCode = code;
