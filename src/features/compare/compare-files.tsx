/**
 * The line diff of every exported file between the two compared plans: one collapsible entry per
 * changed file with its hunks (`diff -u` style, three lines of context), then the files only one
 * plan exports and the count of identical ones. The bundles are built from each plan's analysis,
 * as the export panel builds them.
 */
import { useMemo } from 'react';
import type { PlanAnalysis } from '../../engine/analysis/types';
import { diffHunks, type DiffOp } from '../../export/line-diff';
import { bundleOf, fileDiffs, type FileDiff } from './compare-data';

const SIGN: Record<DiffOp['kind'], string> = { same: ' ', add: '+', del: '-' };
/** What a screen reader says before a changed line: the sign alone is not read. */
const SPOKEN: Record<DiffOp['kind'], string> = { same: '', add: 'B only: ', del: 'A only: ' };

function Hunks({ file }: { file: FileDiff }) {
  const hunks = diffHunks(file.ops);
  return (
    <pre className="compare-diff" tabIndex={0} aria-label={`Diff of ${file.path}`} data-testid={`compare-diff-${file.path}`}>
      <code>
        {hunks.map((h, hi) => (
          <span key={hi} className="diff-hunk">
            <span className="diff-at">{`@@ A line ${h.aStart}, B line ${h.bStart} @@`}</span>
            {h.ops.map((op, k) => (
              <span key={k} className={`diff-line diff-${op.kind}`} data-kind={op.kind}>
                {op.kind !== 'same' && <span className="visually-hidden">{SPOKEN[op.kind]}</span>}
                <span aria-hidden="true">{SIGN[op.kind]}</span>
                {op.text}
              </span>
            ))}
          </span>
        ))}
      </code>
    </pre>
  );
}

function summaryOf(f: FileDiff): string {
  if (f.status === 'only-a') return `only in A (${f.removed} lines)`;
  if (f.status === 'only-b') return `only in B (${f.added} lines)`;
  return `+${f.added} −${f.removed} lines`;
}

export function CompareFiles({ a, b }: { a: PlanAnalysis; b: PlanAnalysis }) {
  const result = useMemo(() => {
    const ba = bundleOf(a);
    const bb = bundleOf(b);
    if (!ba.ok) return { error: `Plan A's files cannot be generated: ${ba.error}` };
    if (!bb.ok) return { error: `Plan B's files cannot be generated: ${bb.error}` };
    return { diffs: fileDiffs(ba.files, bb.files) };
  }, [a, b]);
  if ('error' in result) {
    return (
      <p className="hint" role="alert">
        {result.error}
      </p>
    );
  }
  const differing = result.diffs.filter((f) => f.status !== 'same');
  const same = result.diffs.length - differing.length;
  return (
    <div className="compare-files" data-testid="compare-files">
      <h3>Exported files</h3>
      <p className="hint" data-testid="compare-files-summary">
        {differing.length === 0
          ? `All ${result.diffs.length} exported files are identical.`
          : `${differing.length} of ${result.diffs.length} exported files differ${same > 0 ? `; ${same} identical` : ''}.`}
      </p>
      {differing.map((f) => (
        <details key={f.path} className="compare-file" data-testid={`compare-file-${f.path}`} data-status={f.status}>
          <summary>
            <code>{f.path}</code> <span className="compare-file-counts">{summaryOf(f)}</span>
          </summary>
          <Hunks file={f} />
        </details>
      ))}
    </div>
  );
}
