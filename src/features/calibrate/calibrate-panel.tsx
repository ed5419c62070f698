/**
 * Calibrate (issue 14 item 3): load-test results and server logs in (file input or drop), the
 * fitted CPU ms, I/O ms and CVs out, with the error at every measured point, the confidence note
 * and "Apply to plan" as one undoable step. The same import as `npm run calibrate`
 * (src/calibrate/import.ts); the files are read in the browser with File.text(), never uploaded.
 */
import { lazy, Suspense, useEffect, useId, useRef, useState, type DragEvent } from 'react';
import { measuredLabel, type FieldChange } from '../../calibrate/apply';
import type { CalibrationFit } from '../../calibrate/fit';
import { overlayPoints } from '../../calibrate/overlay';
import { formatProblem } from '../../calibrate/types';
import { formatNumber, formatPercent } from '../../components/format';
import { Section } from '../../components/section';
import type { ImportOutcome } from '../../calibrate/import';
import type { Plan } from '../../plan/schema';
import { applyCalibration, showMeasuredPoints, todayIso, type MeasurementText } from '../../state/calibrate';
import type { CalibrateWorkerMessage, CalibrateWorkerRequest } from '../../workers/calibrate-worker';
import { useAnalysis } from '../../state/use-analysis';
import './calibrate.css';

const CalibrateChart = lazy(() => import('./calibrate-chart'));

/** Read the chosen files as text, sorted by name so c1, c16, c2… come in a stable order. */
async function readFiles(list: FileList | null): Promise<MeasurementText[]> {
  const files = [...(list ?? [])];
  const texts = await Promise.all(files.map(async (f) => ({ file: f.name, text: await f.text() })));
  return texts.sort((a, b) => a.file.localeCompare(b.file));
}

const signed = (share: number | undefined) => (share === undefined ? '—' : `${share >= 0 ? '+' : ''}${formatPercent(share, 1)}`);

function FittedValues({ fit }: { fit: CalibrationFit }) {
  const rows: [string, string, string][] = [
    ['cpu', 'CPU per request (reference core, framework included)', `${formatNumber(fit.cpuMsRef)} ms`],
    ['app-cpu', 'of which the app', `${formatNumber(fit.appCpuMsRef)} ms (framework ${formatNumber(fit.frameworkOverhead.ms)} ms)`],
    ['io', 'I/O wait per request', `${formatNumber(fit.ioMs)} ms`],
    ['cpu-cv', 'CPU CV', formatNumber(fit.cpuCv)],
    ['io-cv', 'I/O CV', formatNumber(fit.ioCv)],
    ['rms', 'RMS error (throughput / mean)', `${formatPercent(fit.rms.throughput, 1)} / ${formatPercent(fit.rms.mean, 1)}`],
  ];
  return (
    <table className="calib-table" data-testid="calib-fit">
      <caption>Fitted values ({fit.pool.slots} slots, {fit.pool.processes} processes)</caption>
      <tbody>
        {rows.map(([key, label, value]) => (
          <tr key={key}>
            <th scope="row">{label}</th>
            <td data-testid={`calib-${key}`}>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Measured next to predicted at every point, with the relative error. */
function PointErrors({ fit }: { fit: CalibrationFit }) {
  const { closed, open } = overlayPoints(fit);
  const rows = [...closed.map((r) => ({ ...r, x: `${r.x} clients` })), ...open.map((r) => ({ ...r, x: `${formatNumber(r.x)} rps offered` }))];
  return (
    <table className="calib-table" data-testid="calib-points">
      <caption>Measured vs fitted, per point</caption>
      <thead>
        <tr>
          <th scope="col">Point</th>
          <th scope="col">Source</th>
          <th scope="col">Throughput rps (measured / fitted, error)</th>
          <th scope="col">Mean ms (measured / fitted, error)</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.source}>
            <th scope="row">{r.x}</th>
            <td>{r.source}</td>
            <td>
              {formatNumber(r.measuredRps)} / {formatNumber(r.predictedRps)} ({signed(r.predictedRps / r.measuredRps - 1)})
            </td>
            <td>
              {formatNumber(r.measuredMeanMs)} / {formatNumber(r.predictedMeanMs)} ({signed(r.predictedMeanMs / r.measuredMeanMs - 1)})
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Changes({ changes, testId }: { changes: readonly FieldChange[]; testId: string }) {
  return (
    <ul className="calib-changes" data-testid={testId}>
      {changes.map((c) => (
        <li key={c.field}>{measuredLabel(c)}</li>
      ))}
    </ul>
  );
}

/** The import and fit in a Web Worker (like the cluster simulation); on the main thread where there is none. */
function useFitWorker() {
  const worker = useRef<Worker | null>(null);
  useEffect(() => () => worker.current?.terminate(), []);
  return (req: CalibrateWorkerRequest, done: (m: CalibrateWorkerMessage) => void) => {
    // A newer set of files replaces a fit still running.
    worker.current?.terminate();
    if (typeof Worker === 'undefined') {
      void import('../../workers/calibrate-worker').then((mod) => mod.runImport(req, done));
      return;
    }
    const w = new Worker(new URL('../../workers/calibrate-worker.ts', import.meta.url), { type: 'module' });
    worker.current = w;
    w.onmessage = (e: MessageEvent<CalibrateWorkerMessage>) => done(e.data);
    w.onerror = (e) => done({ type: 'error', message: e.message || 'the calibration worker failed' });
    w.postMessage(req);
  };
}

interface Fitted {
  files: MeasurementText[];
  /** The plan the fit was run against (without a meta.json it describes the measured server). */
  plan: Plan;
  outcome: ImportOutcome;
}

export default function CalibratePanel() {
  const plan = useAnalysis('settled', (a) => a.plan);
  const inputId = useId();
  const [fitted, setFitted] = useState<Fitted | null>(null);
  const [busy, setBusy] = useState(false);
  const [applied, setApplied] = useState<FieldChange[] | null>(null);
  const [dragging, setDragging] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const runFit = useFitWorker();
  // The fit takes about half a second for a sweep: it runs once per set of files (and on "Fit
  // again"), in a worker, not on every plan edit.
  const refit = (files: MeasurementText[], against: Plan) => {
    setBusy(true);
    setApplied(null);
    setError(null);
    runFit({ files, plan: against, today: todayIso() }, (m) => {
      setBusy(false);
      if (m.type === 'result') {
        setFitted({ files, plan: against, outcome: m.outcome });
        showMeasuredPoints(m.outcome, files);
      } else setError(m.message);
    });
  };
  const load = (list: FileList | null) => {
    void readFiles(list).then((texts) => {
      if (texts.length > 0) refit(texts, plan);
    });
  };
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDragging(false);
    load(e.dataTransfer.files);
  };
  const files = fitted?.files ?? [];
  const outcome = fitted?.outcome ?? null;
  const result = outcome?.ok ? outcome.result : null;
  const fit = result?.fit ?? null;
  const problems = outcome?.problems ?? [];
  return (
    <Section id="calib" title="Import measurements">
      <div
        className={`calib-drop${dragging ? ' calib-drop-over' : ''}`}
        data-testid="calib-drop"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <label htmlFor={inputId}>Measurement files (wrk, k6, Locust, JMeter, access logs, PHP-FPM status, ps, bench meta.json)</label>
        <input id={inputId} type="file" multiple data-testid="calib-input" onChange={(e) => load(e.target.files)} />
        <p className="hint">Or drop them here. They are read in this browser and never uploaded. A wrk sweep: its c*.txt files and its meta.json.</p>
      </div>
      {busy ? <p role="status">Fitting…</p> : null}
      {error ? (
        <p role="alert" data-testid="calib-error">
          The fit failed (a bug, please report it): {error}
        </p>
      ) : null}
      {files.length > 0 ? <p className="hint" data-testid="calib-files">Read {files.length} file(s): {files.map((f) => f.file).join(', ')}</p> : null}
      {fitted && fitted.plan !== plan && !applied ? (
        <p className="hint" data-testid="calib-stale">
          The plan changed since this fit (without a meta.json it describes the measured server).{' '}
          <button type="button" onClick={() => refit(fitted.files, plan)}>
            Fit again
          </button>
        </p>
      ) : null}
      {problems.length > 0 ? (
        <ul className="calib-problems" role="alert" data-testid="calib-problems">
          {problems.map((p) => (
            <li key={formatProblem(p)}>{formatProblem(p)}</li>
          ))}
        </ul>
      ) : null}
      {fit ? (
        <>
          <FittedValues fit={fit} />
          <p data-testid="calib-confidence">
            Confidence: <strong>{fit.confidence}</strong>
            {fit.notes.length > 0 ? `. ${fit.notes.join('; ')}.` : '.'}
          </p>
          <Suspense
            fallback={
              <div className="calib-chart-placeholder" data-pending="">
                Loading the chart…
              </div>
            }
          >
            <CalibrateChart overlay={overlayPoints(fit)} />
          </Suspense>
          <PointErrors fit={fit} />
        </>
      ) : null}
      {result && result.memory ? (
        <p data-testid="calib-memory">
          Worker memory: p{result.memory.percentile} {formatNumber(result.memory.p95MiB)} MiB of {result.memory.workers} workers (max {formatNumber(result.memory.maxMiB)} MiB).
        </p>
      ) : null}
      {result && result.applied && result.changes.length > 0 ? (
        <>
          <p>Apply to plan would change:</p>
          <Changes changes={result.changes} testId="calib-pending" />
          <button type="button" data-testid="calib-apply" onClick={() => setApplied(applyCalibration(result))}>
            Apply to plan
          </button>
        </>
      ) : null}
      {result && !result.applied ? <p data-testid="calib-not-applied">The sweep contradicts itself (see above): the plan is left unchanged.</p> : null}
      {applied ? (
        <div role="status" data-testid="calib-applied">
          <p>Applied (Ctrl+Z undoes it):</p>
          <Changes changes={applied} testId="calib-applied-list" />
        </div>
      ) : null}
    </Section>
  );
}
