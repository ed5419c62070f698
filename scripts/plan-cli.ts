/**
 * `npm run plan -- <plan.json>`: size a plan file from the command line.
 * All logic lives in src/cli/plan-cli.ts (unit tested); this only connects it to Node.
 */
import { readFileSync } from 'node:fs';
import { runPlanCli } from '../src/cli/plan-cli';

const { code, stdout, stderr } = runPlanCli(process.argv.slice(2), {
  readFile: (path) => readFileSync(path === '-' ? 0 : path, 'utf8'),
  readDynamoPrices: () => readFileSync(new URL('../public/prices/dynamodb.json', import.meta.url), 'utf8'),
  readCatalog: () => readFileSync(new URL('../public/catalog/hardware.json', import.meta.url), 'utf8'),
  readLambdaPrices: () => readFileSync(new URL('../public/prices/lambda.json', import.meta.url), 'utf8'),
});
if (stdout) process.stdout.write(stdout);
if (stderr) process.stderr.write(stderr);
process.exitCode = code;
