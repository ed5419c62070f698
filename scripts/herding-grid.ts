/**
 * The grid the herding term's constants were fitted on (src/engine/perf/herding.ts), against the
 * discrete-event simulation: 1–2 cores, 2–8 workers (users = workers and 4 × workers, no think
 * time), CPU:I/O 5.8:11.8, 3:20, 10:10 and 1.3:33 ms, CV 0.02–0.5, wake cost 0.62 and 1.5 ms;
 * 640 points. Prints the closed form's and the product form's (the closed form without the herding
 * term) throughput error against the simulation: median, 90th percentile, worst.
 *
 *   npx tsx scripts/herding-grid.ts            (about a minute)
 *   npx tsx scripts/herding-grid.ts --rows     (every point)
 */
import { closedHerdingLoss, closedLoopPoint, type PerfInput } from '../src/engine/perf/model';
import { mulberry32 } from '../src/engine/perf/rng';
import { simulateClosed } from '../src/engine/perf/simulate';

const SIM = { completions: 40_000, warmupCompletions: 4_000 };

function quantiles(xs: number[]): string {
  const v = xs.map(Math.abs).sort((a, b) => a - b);
  const at = (q: number) => ((v[Math.min(v.length - 1, Math.floor(q * v.length))] ?? 0) * 100).toFixed(1);
  return `median ${at(0.5)} %, p90 ${at(0.9)} %, worst ${at(1)} %`;
}

function main(rows: boolean): void {
  const closed: number[] = [];
  const productForm: number[] = [];
  let seed = 1;
  for (const c of [1, 2])
    for (const slots of c === 1 ? [2, 3, 4, 6] : [3, 4, 6, 8])
      for (const cv of [0.02, 0.05, 0.1, 0.2, 0.5])
        for (const [cpuMs, ioMs] of [[5.8, 11.8], [3, 20], [10, 10], [1.3, 33]] as const)
          for (const idleWakeCpuMs of [0.62, 1.5])
            for (const users of [slots, 4 * slots]) {
              const input: PerfInput = { slots, cpuServers: c, cpuMs, ioMs, cpuCv: cv, ioCv: cv, queueLimit: 2048, idleWakeCpuMs };
              const m = closedLoopPoint(input, users, 0).throughputRps;
              const s = simulateClosed(input, users, 0, mulberry32(seed++), SIM).throughputRps;
              const pf = m / (1 - closedHerdingLoss(input, users, 0));
              closed.push(m / s - 1);
              productForm.push(pf / s - 1);
              if (rows) console.log([c, slots, users, cpuMs, ioMs, cv, idleWakeCpuMs, (m / s - 1).toFixed(3), (pf / s - 1).toFixed(3)].join('\t'));
            }
  console.log(`${closed.length} points, throughput against simulate.ts`);
  console.log(`closed form (with herding): ${quantiles(closed)}`);
  console.log(`product form (without):     ${quantiles(productForm)}`);
}

main(process.argv.includes('--rows'));
