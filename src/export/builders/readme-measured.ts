/**
 * README "Measured inputs" (issue 14): which plan inputs came from an imported measurement (plan.measured),
 * with the value the files use, the measurement files, the date and the fit's confidence. The
 * values are the plan's own; file names are free text, written as code spans (mdCode).
 */
import { fileList, type Calibration, type CalibratedField } from '../../plan/measured';
import type { Plan } from '../../plan/schema';
import { fmtNum } from '../fleet-layout';
import { mdCode, type MdBlock } from '../printers/markdown';

/** What each calibrated field is, and its value and unit in the plan. */
const FIELD_TEXT: Record<CalibratedField, { label: string; value: (p: Plan) => number; unit: string }> = {
  'workload.cpuMs': { label: 'CPU per request (reference core)', value: (p) => p.workload.cpuMs, unit: ' ms' },
  'workload.ioWaitMs': { label: 'I/O wait per request', value: (p) => p.workload.ioWaitMs, unit: ' ms' },
  'workload.cpuCv': { label: 'CPU time variability (CV)', value: (p) => p.workload.cpuCv, unit: '' },
  'workload.ioCv': { label: 'I/O wait variability (CV)', value: (p) => p.workload.ioCv, unit: '' },
  'gunicorn.workerMemMiB': { label: 'Gunicorn worker memory', value: (p) => p.gunicorn.workerMemMiB, unit: ' MiB' },
  'phpfpm.childMemMiB': { label: 'PHP-FPM child memory', value: (p) => p.phpfpm.childMemMiB, unit: ' MiB' },
};

function confidenceText(c: Calibration): string {
  return c.confidence ? `fit confidence ${c.confidence}` : 'no fit: worker memory at a high percentile of the measured processes';
}

/** One list item per measured field: "`workload.cpuMs` (CPU per request): 10.73 ms, measured from `c1.txt`, `c2.txt` on 2026-12-01 (fit confidence high)". */
function measuredItem(plan: Plan, c: Calibration, field: CalibratedField): string {
  const f = FIELD_TEXT[field];
  // fileList abbreviates past three names; each name shown is a code span of its own.
  const shown = fileList(c.files.map(mdCode));
  return `\`${field}\` (${f.label}): ${fmtNum(f.value(plan))}${f.unit}, measured from ${shown} on ${c.date} (${confidenceText(c)})`;
}

export function measuredBlocks(plan: Plan): MdBlock[] {
  const items = plan.measured.flatMap((c) => c.fields.map((field) => measuredItem(plan, c, field)));
  if (items.length === 0) return [];
  return [
    { kind: 'h', level: 2, text: 'Measured inputs' },
    {
      kind: 'p',
      text: 'These inputs were fitted to measurements imported into Headroom (load-test results and server logs), not typed in; every number that depends on them was computed from the measured value. The other inputs are estimates: measure them the same way before relying on the numbers.',
    },
    { kind: 'list', items },
  ];
}
