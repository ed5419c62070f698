import { describe, expect, it } from 'vitest';
import { changedLines, diffCounts, diffHunks, diffLines, type DiffOp } from './line-diff';

/** The diff as `diff -u` body lines: ' ', '+', '-'. */
const show = (ops: DiffOp[]) => ops.map((op) => `${op.kind === 'same' ? ' ' : op.kind === 'add' ? '+' : '-'}${op.text}`);

/** Replaying the diff gives back both texts: the old from same+del, the new from same+add. */
function replay(ops: DiffOp[]): { a: string[]; b: string[] } {
  return { a: ops.filter((o) => o.kind !== 'add').map((o) => o.text), b: ops.filter((o) => o.kind !== 'del').map((o) => o.text) };
}

describe('changedLines', () => {
  it('marks nothing for identical text', () => {
    expect([...changedLines('a\nb\nc', 'a\nb\nc')]).toEqual([]);
  });
  it('marks a changed line', () => {
    expect([...changedLines('workers = 9\nthreads = 2\n', 'workers = 13\nthreads = 2\n')]).toEqual([0]);
  });
  it('marks inserted lines but not the ones that shifted', () => {
    expect([...changedLines('a\nb\nc', 'a\nx\ny\nb\nc')]).toEqual([1, 2]);
  });
  it('marks nothing for deleted lines (they are gone from the new text)', () => {
    expect([...changedLines('a\nb\nc', 'a\nc')]).toEqual([]);
  });
  it('handles repeated lines', () => {
    expect([...changedLines('}\n}\n', '}\nx\n}\n')]).toEqual([1]);
  });
});

describe('diffLines', () => {
  it('a changed line is a deletion then an addition, the rest kept', () => {
    expect(show(diffLines('workers = 9\nthreads = 2\n', 'workers = 13\nthreads = 2\n'))).toEqual(['-workers = 9', '+workers = 13', ' threads = 2']);
  });
  it('one text empty: everything added or deleted', () => {
    expect(show(diffLines('', 'a\nb\n'))).toEqual(['+a', '+b']);
    expect(show(diffLines('a\nb\n', ''))).toEqual(['-a', '-b']);
  });
  it('replaying the diff gives both texts back, and the kept lines are a longest common run', () => {
    const a = 'http {\n  a 1;\n  b 2;\n}\nx\ny\n';
    const b = 'http {\n  a 1;\n  c 3;\n  b 2;\n}\ny\nz\n';
    const ops = diffLines(a, b);
    expect(replay(ops)).toEqual({ a: a.slice(0, -1).split('\n'), b: b.slice(0, -1).split('\n') });
    // LCS of the two is http {, a 1;, b 2;, }, y: five lines.
    expect(ops.filter((o) => o.kind === 'same')).toHaveLength(5);
    expect(diffCounts(ops)).toEqual({ added: 2, removed: 1 });
  });
});

describe('diffHunks', () => {
  const a = Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n');
  const b = a.replace('line 2\n', 'line two\n').replace('line 25\n', 'line twenty-five\n');

  it('nothing changed: no hunks', () => {
    expect(diffHunks(diffLines(a, a))).toEqual([]);
  });
  it('two far-apart changes: two hunks with three lines of context, numbered from 1', () => {
    const hunks = diffHunks(diffLines(a, b));
    expect(hunks).toHaveLength(2);
    expect(hunks[0]).toMatchObject({ aStart: 1, bStart: 1 });
    expect(show(hunks[0]!.ops)).toEqual([' line 0', ' line 1', '-line 2', '+line two', ' line 3', ' line 4', ' line 5']);
    expect(hunks[1]).toMatchObject({ aStart: 23, bStart: 23 });
  });
  it('changes closer than twice the context share one hunk', () => {
    const near = a.replace('line 2\n', 'x\n').replace('line 7\n', 'y\n');
    expect(diffHunks(diffLines(a, near))).toHaveLength(1);
  });
});
