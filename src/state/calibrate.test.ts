/** The Calibrate panel's apply: the fitted values go into the CURRENT plan as one undoable step. */
import { beforeEach, describe, expect, it } from 'vitest';
import { importMeasurements } from '../calibrate/import';
import { sweepFiles } from '../calibrate/testing/fixtures';
import { defaultPlan, type Plan } from '../plan/schema';
import { applyCalibration, todayIso, type MeasurementText } from './calibrate';
import { useHistory } from './history';
import { usePlanStore } from './plan-store';

const SWEEP = 'measured/gunicorn-gthread-1core-10cpu-0io';
/** What the panel's worker runs (src/workers/calibrate-worker.ts). */
const calibrateFiles = (files: MeasurementText[], plan: Plan) => importMeasurements(files, { plan, today: todayIso() });

beforeEach(() => {
  usePlanStore.getState().reset();
  useHistory.getState().clear();
});

describe('applyCalibration', () => {
  it('keeps an edit made after the files were read, and undoes in one step', () => {
    const files = sweepFiles(SWEEP, true);
    const fitted = calibrateFiles(files, usePlanStore.getState().plan);
    if (!fitted.ok) throw new Error(JSON.stringify(fitted.problems));
    usePlanStore.getState().setField(['hardware', 'physicalCores'], 12);
    const edited = usePlanStore.getState().plan;
    const pastBefore = useHistory.getState().past.length;
    const changes = applyCalibration(fitted.result);
    expect(changes?.map((c) => c.field)).toContain('workload.cpuMs');
    const plan = usePlanStore.getState().plan;
    expect(plan.hardware.physicalCores).toBe(12);
    expect(plan.workload.cpuMs).toBe(fitted.result.plan.workload.cpuMs);
    expect(plan.workload.cpuMs).not.toBe(defaultPlan().workload.cpuMs);
    expect(useHistory.getState().past.length).toBe(pastBefore + 1);
    useHistory.getState().undo();
    expect(usePlanStore.getState().plan).toEqual(edited);
  });
  it('applies nothing twice: the second apply finds the values already set', () => {
    const fitted = calibrateFiles(sweepFiles(SWEEP, true), usePlanStore.getState().plan);
    if (!fitted.ok) throw new Error(JSON.stringify(fitted.problems));
    expect(applyCalibration(fitted.result)).not.toBeNull();
    expect(applyCalibration(fitted.result)).toBeNull();
  });
  it('a damaged file is a problem with its file and line', () => {
    const files = sweepFiles(SWEEP).map((f) => (f.file.endsWith('/c4.txt') ? { ...f, text: f.text.split('\n').slice(0, 3).join('\n') } : f));
    const out = calibrateFiles(files, usePlanStore.getState().plan);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.problems).toEqual([{ file: `${SWEEP}/c4.txt`, line: 3, message: expect.stringMatching(/^truncated/) }]);
    expect(usePlanStore.getState().plan).toEqual(defaultPlan());
    expect(usePlanStore.getState().plan).toEqual(defaultPlan());
  });
});
