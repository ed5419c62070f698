/**
 * Memory budget: OS reserve + nginx + app master and workers (shared pages once) + other = used.
 * Per-process sizes are PSS (DOMAIN.md F.4): shared pages count 1/N in each process.
 */
import type { Plan } from '../plan/schema';
import { MEMORY_TARGET_SHARE } from './context';
import { explain, round } from './explain';
import { ASYNC_WORKER_CLASSES, asyncWorstInFlightPerWorker, effectivePreload, memoryConnsPerWorker, preloadSharedMiB } from './gunicorn';
import { opcacheSizeMiB } from './php-fpm';
import type { FpmSettings, GunicornSettings, MemoryBudget, MemoryItem, NginxSettings } from './types';

/** A count for a sentence: "54,540" rather than "54540.4"; small counts keep one decimal ("2.5"). */
function inFlightText(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : String(round(n, 1));
}

export function memoryBudget(
  plan: Plan,
  nginx: NginxSettings,
  gunicorn: GunicornSettings | null,
  fpm: FpmSettings | null,
  dynamicInFlight: number,
  dynamicRps: number,
): MemoryBudget {
  const totalMiB = plan.hardware.ramGiB * 1024;
  const items: MemoryItem[] = [
    { label: 'OS reserve', mib: plan.memory.osReserveMiB, formula: 'your input' },
    { label: 'Other processes', mib: plan.memory.otherProcessesMiB, formula: 'your input' },
  ];
  const procs = nginx.workerProcesses.value;
  // Response buffers held by in-flight proxied requests.
  const bufferMiB = (dynamicInFlight * (nginx.proxyBufferSizeKiB.value + nginx.proxyBuffersCount.value * nginx.proxyBuffersSizeKiB.value)) / 1024;
  // Microcache keys zone (shared memory, about 8,000 keys per MB: DOMAIN.md C.4), when on.
  const cache = plan.cache;
  const zoneMiB = cache.microcacheEnabled && cache.ttlS > 0 ? Math.max(1, Math.ceil(cache.keys / 8000)) : 0;
  items.push({
    label: 'nginx',
    mib: procs * plan.nginx.workerMemMiB + bufferMiB + zoneMiB,
    formula:
      `${procs} workers × ${plan.nginx.workerMemMiB} MiB + buffers of ${inFlightText(dynamicInFlight)} in-flight responses` +
      (zoneMiB > 0 ? ` + ${zoneMiB} MiB cache keys zone` : ''),
  });

  if (gunicorn) {
    const g = plan.gunicorn;
    const workers = gunicorn.workers.value;
    const wc = gunicorn.workerClass.value;
    const shared = preloadSharedMiB(plan, wc);
    const unique = effectivePreload(plan, wc) ? g.workerMemMiB * (1 - g.preloadSharedShare) : g.workerMemMiB;
    // Async workers at the worst case the config allows, like PHP-FPM at max_children (issue 12 item 11).
    const conns = ASYNC_WORKER_CLASSES.has(wc)
      ? asyncWorstInFlightPerWorker(workers, gunicorn.workerConnections.value, dynamicRps, gunicorn.timeoutS.value)
      : memoryConnsPerWorker(wc, gunicorn.threads.value, workers, dynamicInFlight);
    const perWorker = unique + (conns * g.perConnectionMemKiB) / 1024;
    items.push({ label: 'Gunicorn master', mib: g.masterMemMiB, formula: 'your input' });
    if (shared > 0) items.push({ label: 'Preloaded shared pages', mib: shared, formula: `${g.workerMemMiB} × ${g.preloadSharedShare} shared once (--preload)` });
    items.push({
      label: 'Gunicorn workers',
      mib: workers * perWorker,
      formula:
        `${workers} × (${round(unique, 1)} MiB unique + ${conns} in-flight × ${g.perConnectionMemKiB} KiB)` +
        (ASYNC_WORKER_CLASSES.has(wc) ? ' at the worst case: min(worker_connections, dynamic rps × timeout / workers)' : ''),
    });
  }
  if (fpm) {
    const f = plan.phpfpm;
    const children = fpm.maxChildren.value;
    items.push({ label: 'PHP-FPM master', mib: f.masterMemMiB, formula: 'your input' });
    items.push({ label: 'opcache (shared)', mib: opcacheSizeMiB(f.opcacheMiB), formula: 'opcache.memory_consumption (your input in whole MiB, at least 16), counted once (DOMAIN.md B.5)' });
    items.push({
      label: 'PHP-FPM children',
      mib: children * f.childMemMiB,
      formula: `${children} × ${f.childMemMiB} MiB at pm.max_children (worst case for ${fpm.pm.value})`,
    });
  }

  const used = items.reduce((s, i) => s + i.mib, 0);
  const usedShare = totalMiB > 0 ? used / totalMiB : 0;
  const status = usedShare > 1 ? 'over' : usedShare > MEMORY_TARGET_SHARE ? 'warning' : 'ok';
  return {
    totalMiB,
    items: items.map((i) => ({ ...i, mib: round(i.mib, 1) })),
    usedMiB: explain(round(used, 1), {
      key: 'memory_used',
      label: 'Memory used',
      unit: 'MiB',
      formula: 'OS reserve + other + nginx + app master + app workers (shared pages once)',
      inputs: Object.fromEntries(items.map((i) => [i.label, round(i.mib, 1)])),
      why: 'Per-process PSS, so pages shared by N processes count once in total (DOMAIN.md F.4).',
    }),
    headroomMiB: explain(round(totalMiB - used, 1), {
      key: 'memory_headroom',
      label: 'Memory headroom',
      unit: 'MiB',
      formula: 'RAM − used',
      inputs: { ramMiB: totalMiB, usedMiB: round(used, 1), usedPercent: round(usedShare * 100, 1) },
      why: 'Above 80% used there is little room for page cache and growth; above 100% the OOM killer picks a process.',
    }),
    usedShare: round(usedShare, 4),
    status,
  };
}
