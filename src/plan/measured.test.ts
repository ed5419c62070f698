/**
 * The plan's `measured` section (issue 14): schema limits, restore and the helpers. The share-link
 * and saved-plan round trips are in src/share/measured-roundtrip.test.ts, the hand edit in
 * src/state/measured-edit.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { fixture } from './fixtures';
import { calibrationOf, dropMeasured, measuredInputNotes, measuredText, recordCalibration, safeFileName } from './measured';
import { MAX_CALIBRATIONS, MAX_FILE_NAME_CHARS } from './measured-schema';
import { restorePlan } from './restore';
import { defaultPlan, planSchema } from './schema';
import { HOSTILE_FILE_NAMES as HOSTILE, MEASURED_MEMORY as MEMORY, MEASURED_SWEEP as SWEEP, withMeasured } from './testing/measured-examples';

describe('plan.measured: the schema', () => {
  it('a plan without it opens unchanged, with no calibration and no problem', () => {
    const old = JSON.parse(JSON.stringify(fixture('phpShop'))) as Record<string, unknown>;
    delete old.measured;
    const r = restorePlan(old);
    expect(r.ok && r.problems).toEqual([]);
    expect(r.ok && r.plan).toEqual(fixture('phpShop'));
    expect(defaultPlan().measured).toEqual([]);
  });

  it('a valid section round-trips through a plan file', () => {
    const plan = planSchema.parse(withMeasured([SWEEP, MEMORY]));
    const r = restorePlan(JSON.parse(JSON.stringify(plan)));
    expect(r.ok && r.problems).toEqual([]);
    expect(r.ok && r.plan.measured).toEqual([SWEEP, MEMORY]);
  });

  it.each([
    ['a date that is no calendar day', [{ ...SWEEP, date: '2026-02-30' }], 'measured.0.date', /not a calendar date \(yyyy-mm-dd\)/],
    ['a date with a time', [{ ...SWEEP, date: '2026-12-01T10:00:00Z' }], 'measured.0.date', /an ISO date such as 2026-12-01/],
    ['a file name with a line break', [{ ...SWEEP, files: ['a\nlocation / {'] }], 'measured.0.files.0', /on one line: no line breaks or control characters/],
    ['a file name too long', [{ ...SWEEP, files: ['x'.repeat(MAX_FILE_NAME_CHARS + 1)] }], 'measured.0.files.0', new RegExp(`at most ${MAX_FILE_NAME_CHARS}`)],
    ['no files', [{ ...SWEEP, files: [] }], 'measured.0.files', /must be at least 1/],
    ['a field that cannot be calibrated', [{ ...SWEEP, fields: ['workload.sloMs'] }], 'measured.0.fields.0', /must be one of "workload.cpuMs"/],
    ['a confidence outside the scale', [{ ...SWEEP, confidence: 'certain' }], 'measured.0.confidence', /must be one of "high", "medium", "low"/],
    ['one field from two calibrations', [SWEEP, { ...MEMORY, fields: ['workload.cpuMs'] }], 'measured', /a field appears in two calibrations/],
    ['too many calibrations', Array.from({ length: MAX_CALIBRATIONS + 1 }, () => MEMORY), 'measured', new RegExp(`must be at most ${MAX_CALIBRATIONS}$`)],
  ])('%s: reported with the field and its limit; the section falls back to none, the rest of the plan is kept', (_name, measured, field, message) => {
    const r = restorePlan(withMeasured(measured));
    if (!r.ok) throw new Error('expected the plan to open');
    expect(r.problems.find((p) => p.field === field)?.message).toMatch(message);
    expect(r.plan.measured).toEqual([]);
    expect(r.plan.workload).toEqual(fixture('phpShop').workload);
  });

  it('an unknown key in a calibration is reported like any other unknown key, and left out', () => {
    const r = restorePlan(withMeasured([{ ...SWEEP, operator: 'me' }]));
    if (!r.ok) throw new Error('expected the plan to open');
    expect(r.problems).toEqual([{ field: 'measured.0.operator', message: 'unknown field', kind: 'unknown' }]);
    expect(r.plan.measured).toEqual([SWEEP]);
  });
});

describe('plan.measured: helpers', () => {
  it('safeFileName: any name from a disk becomes a base name the schema accepts', () => {
    for (const name of [...HOSTILE, '/home/me/runs/c1.txt', 'C:\\runs\\c2.txt', '', 'é'.repeat(500)]) {
      const safe = safeFileName(name);
      expect(planSchema.safeParse({ measured: [{ ...SWEEP, files: [safe] }] }).success).toBe(true);
      expect(safe).not.toMatch(/[\n\r/\\]/);
    }
    expect(safeFileName('/home/me/runs/c1.txt')).toBe('c1.txt');
    expect(safeFileName('a\nlocation / {')).toBe(' {');
    expect(safeFileName('x\ny.txt')).toBe('x?y.txt');
  });

  it('recordCalibration: a newer calibration takes over its fields; an emptied one goes', () => {
    const first = recordCalibration([], SWEEP);
    const second = recordCalibration(first, { files: ['run2.txt'], date: '2026-12-02', fields: ['workload.cpuMs'], confidence: 'medium' });
    expect(second).toEqual([
      { ...SWEEP, fields: ['workload.ioWaitMs'] },
      { files: ['run2.txt'], date: '2026-12-02', fields: ['workload.cpuMs'], confidence: 'medium' },
    ]);
    expect(recordCalibration(second, { ...SWEEP, date: '2026-12-03' })).toEqual([{ ...SWEEP, date: '2026-12-03' }]);
    expect(planSchema.safeParse({ measured: second }).success).toBe(true);
  });

  it('dropMeasured: the field leaves its calibration; other fields keep their source', () => {
    const list = [SWEEP, MEMORY];
    expect(dropMeasured(list, 'workload.cpuMs')).toEqual([{ ...SWEEP, fields: ['workload.ioWaitMs'] }, MEMORY]);
    expect(dropMeasured(list, 'phpfpm.childMemMiB')).toEqual([SWEEP]);
    expect(dropMeasured(list, 'workload.sloMs')).toBe(list);
  });

  it('the explanation text: "measured: <file>, <date>", by the names explanations give the inputs', () => {
    expect(measuredText(SWEEP)).toBe('measured: c1.txt, c2.txt, meta.json, 2026-12-01');
    expect(measuredText({ ...SWEEP, files: ['c1.txt', 'c2.txt', 'c4.txt', 'c8.txt'] })).toBe('measured: c1.txt, c2.txt and 2 more, 2026-12-01');
    const notes = measuredInputNotes([SWEEP, MEMORY]);
    expect(notes).toEqual({
      cpuMs: 'measured: c1.txt, c2.txt, meta.json, 2026-12-01',
      cpuMsHost: 'measured: c1.txt, c2.txt, meta.json, 2026-12-01',
      ioWaitMs: 'measured: c1.txt, c2.txt, meta.json, 2026-12-01',
      ioMs: 'measured: c1.txt, c2.txt, meta.json, 2026-12-01',
      childMemMiB: 'measured: ps-php-fpm.txt, 2026-11-30',
    });
    expect(calibrationOf([SWEEP, MEMORY], 'phpfpm.childMemMiB')).toBe(MEMORY);
    expect(calibrationOf([SWEEP], 'workload.cpuCv')).toBeNull();
  });
});

