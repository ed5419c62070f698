/**
 * The whole import: measurement files in (name + text), parsed files, one fit, the memory estimate
 * and the plan with them applied out. Shared by the CLI and (later) the app's import panel. Pure:
 * the caller reads the files and gives the date.
 */
import { defaultPlan, type Plan } from '../plan/schema';
import { applyFit, type FieldChange } from './apply';
import { parseMeasurementFile } from './detect';
import { fitCalibration, type CalibrationFit } from './fit';
import { memoryEstimate, type MemoryEstimate } from './memory';
import { planForSetup } from './setup';
import type { BenchSetup, ParsedFile, Problem } from './types';

export interface ImportOptions {
  /** The plan to apply the fit to (default: the default plan). Without a bench meta.json it also describes the measured server. */
  plan?: Plan;
  /** Use a bench meta.json's measured server CPU per request instead of fitting the CPU. */
  measuredCpu?: boolean;
  /** Date to record on applied fields when no meta.json gives one (ISO yyyy-mm-dd). */
  today: string;
}

export type FileSummary = Pick<ParsedFile, 'file' | 'format' | 'notes' | 'thresholds'> & { points: number };

export interface ImportResult {
  files: FileSummary[];
  /** The plan the fit sized the measured server with. */
  measuredPlan: Plan;
  fit: CalibrationFit | null;
  memory: MemoryEstimate | null;
  /** The target plan with the fitted values applied (unchanged when the sweep contradicts itself). */
  plan: Plan;
  changes: FieldChange[];
  applied: boolean;
}

export type ImportOutcome = { ok: true; result: ImportResult; problems: Problem[] } | { ok: false; problems: Problem[] };

function oneSetup(files: readonly ParsedFile[]): { setup: BenchSetup | null; problem: Problem | null } {
  const setups = files.map((f) => f.setup).filter((s): s is BenchSetup => s !== undefined);
  const first = setups[0];
  if (!first) return { setup: null, problem: null };
  const key = (s: BenchSetup) => `${s.server}/${s.workerClass}/${s.workers}/${s.threads}/${s.workerConnections}/${s.cores}`;
  const other = setups.find((s) => key(s) !== key(first));
  if (other) return { setup: null, problem: { ...other.source, message: `describes another server set-up (${key(other)}) than ${first.source.file} (${key(first)}): import one set-up at a time` } };
  return { setup: first, problem: null };
}

export function importMeasurements(inputs: readonly { file: string; text: string }[], opts: ImportOptions): ImportOutcome {
  const problems: Problem[] = [];
  const files: ParsedFile[] = [];
  for (const { file, text } of inputs) {
    const r = parseMeasurementFile(file, text);
    if (r.ok) files.push(r.parsed);
    else problems.push(...r.problems);
  }
  const { setup, problem } = oneSetup(files);
  if (problem) problems.push(problem);
  if (problems.length > 0) return { ok: false, problems };
  const target = opts.plan ?? defaultPlan();
  const measuredPlan = setup ? planForSetup(target, setup) : target;
  const points = files.flatMap((f) => f.points);
  const memory = memoryEstimate(measuredPlan.app, files);
  if (points.length === 0 && !memory) return { ok: false, problems: [{ file: inputs[0]?.file ?? '(none)', message: 'no load points or worker memory in the files' }] };
  const knownCpuMsRef = opts.measuredCpu && setup?.cpuMsPerRequest ? setup.cpuMsPerRequest : undefined;
  const fitted = points.length > 0 ? fitCalibration(measuredPlan, points, knownCpuMsRef !== undefined ? { knownCpuMsRef } : {}) : null;
  if (fitted && !fitted.ok) return { ok: false, problems: [{ file: inputs[0]?.file ?? '(none)', message: fitted.message }] };
  const fit = fitted?.fit ?? null;
  const contradictions: Problem[] = (fit?.contradictions ?? []).map((c) => ({ ...c.source, message: c.message }));
  const summary: FileSummary[] = files.map((f) => ({ file: f.file, format: f.format, points: f.points.length, notes: f.notes, thresholds: f.thresholds }));
  // A contradictory sweep is reported and the plan left as it was.
  const applied = contradictions.length === 0;
  const { plan, changes } = applied
    ? applyFit(target, fit, memory, { files: files.filter((f) => f.points.length > 0 || f.memory).map((f) => f.file), date: setup?.date.slice(0, 10) ?? opts.today })
    : { plan: target, changes: [] };
  return { ok: true, result: { files: summary, measuredPlan, fit, memory, plan, changes, applied }, problems: contradictions };
}
