/**
 * Export panel: a tab per generated file with a preview, Copy, Download, and Download all (.zip).
 * Lines that changed since the previous view of a file are highlighted.
 *
 * Lazy-loaded (it pulls in the builders and fflate), so the first screen stays small:
 *   const ExportPanel = lazy(() => import('./features/export/export-panel'));
 *
 * The preview's header date is the time the panel first opened (so it does not count as a change
 * on every edit); downloads are stamped with the time of the download.
 */
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { PlanAnalysis } from '../../engine/analysis/types';
import { bundleFileName, tryBuildBundle, zipBundle, type BuiltBundle, type BundleFile } from '../../export/bundle';
import { FILE_GROUPS, fileGroup } from '../../export/deploy-files';
import { RadioField, SelectField, type ChoiceOption } from '../../fields/choice-field';
import { DEPLOY_TARGETS, K8S_NGINX_MODES, VPA_MODES, type DeployTarget, type K8sNginxMode, type Plan } from '../../plan/schema';
import { changedLinesInWorker, exportFilesInWorker } from '../../state/analysis-worker-client';
import { useAnalysis } from '../../state/use-analysis';
import { useOffThread } from '../../state/use-off-thread';
import { changedLines } from '../../export/line-diff';
import { planFragment } from '../../share/link-encode';
import { DeployFields } from './deploy-fields';
import './export-panel.css';

type Built = BuiltBundle;

const TARGET_LABELS: Record<DeployTarget, string> = { both: 'VMs and Kubernetes', vm: 'VMs with systemd', k8s: 'Kubernetes' };
const TARGET_OPTIONS: ChoiceOption[] = DEPLOY_TARGETS.options.map((t) => ({ value: t, label: TARGET_LABELS[t] }));
const K8S_NGINX_LABELS: Record<K8sNginxMode, string> = { ingress: 'ingress-nginx Ingress (annotations)', deployment: 'its own Deployment (the exported nginx.conf)' };
const K8S_NGINX_OPTIONS: ChoiceOption[] = K8S_NGINX_MODES.options.map((v) => ({ value: v, label: K8S_NGINX_LABELS[v] }));
const VPA_LABELS: Record<(typeof VPA_MODES.options)[number], string> = { none: 'none', recommend: 'recommendations only (updateMode Off)', auto: 'Auto' };
const VPA_OPTIONS: ChoiceOption[] = VPA_MODES.options.map((v) => ({ value: v, label: VPA_LABELS[v] }));

/** The files in display order: by group (server configs, Kubernetes, local run, alerts, docs), bundle order within a group. */
function byGroup(files: readonly BundleFile[]): { label: string; files: BundleFile[] }[] {
  return FILE_GROUPS.map((g) => ({ label: g.label, files: files.filter((f) => fileGroup(f) === g.group) })).filter((g) => g.files.length > 0);
}

/**
 * The share link of the plan being exported, built from the plan itself (not read from the
 * address bar, which follows edits only after a debounce), so preview, copy and download agree.
 */
function planUrl(plan: Plan): string | undefined {
  if (typeof window === 'undefined') return undefined;
  return `${window.location.origin}${window.location.pathname}${planFragment(plan)}`;
}

/** An unsafe value (a name that cannot be written into a config file) is shown as the panel's error instead of crashing it. */
function build(analysis: PlanAnalysis, generatedAt: Date): Built {
  const url = planUrl(analysis.plan);
  return tryBuildBundle(analysis, { generatedAt, ...(url ? { planUrl: url } : {}) });
}

/**
 * The preview is built and diffed in the analysis worker (the builders take ~20 ms a plan, the
 * diff is an LCS over a few hundred lines); in jsdom tests here. Downloads rebuild here: a click,
 * not a slider's frame.
 */
interface BuildInput {
  analysis: PlanAnalysis;
  openedAt: Date;
}
const filesInWorker = exportFilesInWorker();
const buildRemote = filesInWorker ? (i: BuildInput) => filesInWorker(i.analysis, i.openedAt, planUrl(i.analysis.plan)) : null;
const buildLocal = (i: BuildInput) => build(i.analysis, i.openedAt);

/** Diff input: the text shown before and now, or null when there is nothing to compare. */
type DiffInput = { prev: string; next: string } | null;
const diffInWorker = changedLinesInWorker();
const diffRemote = diffInWorker ? async (i: DiffInput) => (i ? diffInWorker(i.prev, i.next) : []) : null;
const diffLocal = (i: DiffInput) => (i ? [...changedLines(i.prev, i.next)] : []);

function download(name: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Give the browser a moment to start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A single file's download name: other server kinds' files live under kinds/<name>/ in the bundle, and a download name has no folders. */
export function downloadName(path: string): string {
  return path.replace(/\//g, '-');
}

const MIME: Record<BundleFile['format'], string> = {
  nginx: 'text/plain',
  python: 'text/x-python',
  systemd: 'text/plain',
  sysctl: 'text/plain',
  'php-fpm-ini': 'text/plain',
  markdown: 'text/markdown',
  yaml: 'application/yaml',
  hcl: 'text/plain',
  json: 'application/json',
  javascript: 'text/javascript',
};

interface View {
  /** The text shown the last time this file was on screen. */
  text: string;
  /** The text shown before that, to diff against (null on the first view). */
  prev: string | null;
}

/**
 * What each file showed when it was last on screen, kept across the panel's unmounts: the Export
 * section closes while another is open, and "changed since you last viewed" must survive a trip
 * to the inputs. The header's date is the time the panel first opened in this page, for the same
 * reason (a new date would be a changed line in every file).
 */
const lastViews = new Map<string, View>();
let firstOpenedAt: Date | null = null;
/** The file on screen when the section closed: it is the one shown when it opens again. */
let lastSelectedPath = 'nginx.conf';

/** The settled analysis: the files follow a slider a beat behind and never delay its frame. */
export default function ExportPanel() {
  return <ExportView analysis={useAnalysis('settled', (a) => a)} />;
}

/** The bundle of the plan in display order (by group), built once per analysis (in the analysis worker). */
function useBundle(analysis: PlanAnalysis) {
  const [openedAt] = useState(() => (firstOpenedAt ??= new Date()));
  const buildInput = useMemo(() => ({ analysis, openedAt }), [analysis, openedAt]);
  // Until the first files arrive, null; afterwards the newest files (an older plan's while a newer one is built).
  const built = useOffThread(buildInput, buildRemote, buildLocal)?.value ?? null;
  const groups = useMemo(() => byGroup(built?.ok ? built.files : []), [built]);
  const files = useMemo(() => groups.flatMap((g) => g.files), [groups]);
  return { built, groups, files };
}

/** The lines of the selected file that changed since it was last on screen. */
function useChangedSinceLastView(selected: BundleFile | undefined): Set<number> {
  const [views, setViews] = useState<Record<string, View>>(() => Object.fromEntries(lastViews));
  useEffect(() => {
    for (const [path, v] of Object.entries(views)) lastViews.set(path, v);
  }, [views]);
  // Remember what was shown, during render (React's pattern for state derived from previous
  // renders): when the selected file's text differs from its last view, the last view becomes
  // the baseline for highlighting.
  const view = selected ? views[selected.path] : undefined;
  if (selected && view?.text !== selected.text) {
    setViews((v) => ({ ...v, [selected.path]: { text: selected.text, prev: v[selected.path]?.text ?? null } }));
  }
  const diffInput = useMemo<DiffInput>(() => (selected && view && view.text === selected.text && view.prev !== null ? { prev: view.prev, next: selected.text } : null), [selected, view]);
  const diff = useOffThread(diffInput, diffRemote, diffLocal);
  // Only the diff of the text on screen: an older diff would mark the wrong lines.
  return useMemo(() => new Set(diff && diff.input === diffInput ? diff.value : []), [diff, diffInput]);
}

/** Copy, Download and Download all, with a status line for what happened. */
function useFileActions(analysis: PlanAnalysis) {
  const [status, setStatus] = useState('');
  const copy = async (f: BundleFile) => {
    try {
      await navigator.clipboard.writeText(f.text);
      setStatus(`Copied ${f.path} to the clipboard.`);
    } catch {
      setStatus(`Could not copy ${f.path}: the browser refused clipboard access. Select the text and copy it instead.`);
    }
  };
  const downloadOne = (f: BundleFile) => {
    const fresh = build(analysis, new Date());
    const file = fresh.ok ? (fresh.files.find((x) => x.path === f.path) ?? f) : f;
    const name = downloadName(file.path);
    download(name, file.text, `${MIME[file.format]};charset=utf-8`);
    setStatus(name === file.path ? `Downloaded ${name}.` : `Downloaded ${file.path} as ${name}.`);
  };
  const downloadAll = () => {
    const now = new Date();
    const fresh = build(analysis, now);
    if (!fresh.ok) return;
    const zip = zipBundle(fresh.files, now);
    download(bundleFileName(analysis.plan), zip as Uint8Array<ArrayBuffer>, 'application/zip');
    setStatus(`Downloaded ${bundleFileName(analysis.plan)} (${fresh.files.length} files).`);
  };
  return { status, setStatus, copy, downloadOne, downloadAll };
}

interface TabsProps {
  baseId: string;
  groups: { label: string; files: BundleFile[] }[];
  files: BundleFile[];
  selected: BundleFile | undefined;
  onSelect: (path: string, focus: boolean) => void;
  tabRefs: RefObject<Record<string, HTMLButtonElement | null>>;
}

/** One tab per file, grouped; arrow keys, Home and End move between them (the WAI-ARIA tabs pattern). */
function FileTabs({ baseId, groups, files, selected, onSelect, tabRefs }: TabsProps) {
  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const n = files.length;
    let next: number | null = null;
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') next = (index + 1) % n;
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') next = (index - 1 + n) % n;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = n - 1;
    if (next === null) return;
    e.preventDefault();
    const f = files[next];
    if (f) onSelect(f.path, true);
  };
  return (
    <div className="export-tabs" role="tablist" aria-label="Generated files">
      {groups.map((g, gi) => (
        // Presentational wrappers: the tabs stay the tablist's own children for assistive technology.
        <div key={g.label} role="presentation" className="export-group" data-testid={`export-group-${gi}`}>
          <span className="export-group-label" id={`${baseId}-group-${gi}`} aria-hidden="true">
            {g.label}
          </span>
          {g.files.map((f) => {
            const i = files.indexOf(f);
            const isSel = f.path === selected?.path;
            return (
              <button
                key={f.path}
                ref={(el) => {
                  tabRefs.current[f.path] = el;
                }}
                type="button"
                role="tab"
                id={`${baseId}-tab-${i}`}
                aria-selected={isSel}
                aria-controls={`${baseId}-panel`}
                aria-describedby={`${baseId}-group-${gi}`}
                tabIndex={isSel ? 0 : -1}
                onClick={() => onSelect(f.path, false)}
                onKeyDown={(e) => onTabKey(e, i)}
              >
                {f.path}
              </button>
            );
          })}
        </div>
      ))}
    </div>
  );
}

/** The selected file: Copy, Download, how many lines changed, and the text with those lines highlighted. */
function FilePreview({ id, tabId, file, changed, onCopy, onDownload }: { id: string; tabId: string; file: BundleFile; changed: Set<number>; onCopy: () => void; onDownload: () => void }) {
  return (
    <div role="tabpanel" id={id} aria-labelledby={tabId}>
      <div className="export-actions">
        <button type="button" className="btn" onClick={onCopy}>
          Copy
        </button>
        <button type="button" className="btn" onClick={onDownload}>
          Download {file.path}
        </button>
        <span className="export-changes" data-testid="export-changed-count">
          {changed.size > 0 ? `${changed.size} line${changed.size === 1 ? '' : 's'} changed since you last viewed this file (highlighted)` : ''}
        </span>
      </div>
      <pre className="export-preview" tabIndex={0} aria-label={`${file.path} preview`}>
        <code>
          {file.text.replace(/\n$/, '').split('\n').map((line, i) => (
            <span key={i} className={changed.has(i) ? 'export-line export-line-changed' : 'export-line'} data-changed={changed.has(i) || undefined}>
              {line}
              {changed.has(i) && <span className="visually-hidden"> (changed)</span>}
            </span>
          ))}
        </code>
      </pre>
    </div>
  );
}

export function ExportView({ analysis }: { analysis: PlanAnalysis }) {
  const baseId = useId();
  const plan = analysis.plan;
  const { built, groups, files } = useBundle(analysis);
  const [selectedPath, setSelectedPath] = useState<string>(() => lastSelectedPath);
  const tabRefs = useRef<Record<string, HTMLButtonElement | null>>({});
  const selected = files.find((f) => f.path === selectedPath) ?? files[0];
  const changed = useChangedSinceLastView(selected);
  const actions = useFileActions(analysis);

  const select = (path: string, focus: boolean) => {
    lastSelectedPath = path;
    setSelectedPath(path);
    actions.setStatus('');
    if (focus) tabRefs.current[path]?.focus();
  };

  return (
    <section className="panel export-panel" aria-labelledby={`${baseId}-h`}>
      <h2 id={`${baseId}-h`}>Export configuration</h2>
      {!built ? (
        <p role="status" data-testid="export-building" data-pending="">
          Building the files…
        </p>
      ) : !built.ok ? (
        <p className="export-error" role="alert">
          These files cannot be generated: {built.error}
        </p>
      ) : (
        <>
          <div className="export-actions">
            <button type="button" className="btn" onClick={actions.downloadAll}>
              Download all (.zip)
            </button>
            <span className="export-changes" role="status" aria-live="polite">
              {actions.status}
            </span>
          </div>
          {files.some((f) => f.format === 'json') && (
            <p className="export-note" data-testid="export-ddb-note">
              DynamoDB files use the planned capacity units only (no prices needed). Key names are placeholders (pk / sk, gsiNpk / gsiNsk): rename them
              before creating the tables.
            </p>
          )}
          <RadioField field="deploy.target" label="Deployment target" options={TARGET_OPTIONS} />
          {plan.deploy.target !== 'vm' && (
            <>
              <RadioField field="deploy.k8sNginx" label="nginx on Kubernetes" options={K8S_NGINX_OPTIONS} />
              <SelectField field="deploy.vpa" label="VerticalPodAutoscaler on the app pods" options={VPA_OPTIONS} />
            </>
          )}
          <DeployFields />
          <FileTabs baseId={baseId} groups={groups} files={files} selected={selected} onSelect={select} tabRefs={tabRefs} />
          {selected && (
            <FilePreview
              id={`${baseId}-panel`}
              tabId={`${baseId}-tab-${files.indexOf(selected)}`}
              file={selected}
              changed={changed}
              onCopy={() => void actions.copy(selected)}
              onDownload={() => actions.downloadOne(selected)}
            />
          )}
        </>
      )}
    </section>
  );
}
