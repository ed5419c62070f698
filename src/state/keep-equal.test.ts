/** Structural sharing of worker results (./keep-equal.ts): equal parts keep the old objects, changed parts are the new ones. */
import { describe, expect, it } from 'vitest';
import { keepEqual } from './keep-equal';

describe('keepEqual', () => {
  it('returns the previous object when everything is equal, NaN included', () => {
    const prev = { a: 1, curve: [{ x: 1, y: NaN }, { x: 2, y: 3 }], s: 'x', n: null };
    const next = structuredClone(prev);
    expect(keepEqual(prev, next)).toBe(prev);
  });

  it('keeps the unchanged parts and takes the changed ones', () => {
    const prev = { perf: { planned: 100, curve: [{ x: 1 }, { x: 2 }] }, topology: { nodes: [1, 2] } };
    const next = { perf: { planned: 130, curve: [{ x: 1 }, { x: 2 }] }, topology: { nodes: [1, 2] } };
    const out = keepEqual(prev, next);
    expect(out).not.toBe(prev);
    expect(out).toEqual(next);
    expect(out.perf).not.toBe(prev.perf);
    expect(out.perf.planned).toBe(130);
    expect(out.perf.curve).toBe(prev.perf.curve);
    expect(out.topology).toBe(prev.topology);
  });

  it('sees added, removed and reordered entries as changes', () => {
    const prev = { list: [1, 2, 3], rec: { a: 1, b: 2 } as Record<string, number> };
    expect(keepEqual(prev, { list: [1, 2], rec: { a: 1, b: 2 } }).list).toEqual([1, 2]);
    expect(keepEqual(prev, { list: [1, 2, 3, 4], rec: { a: 1, b: 2 } }).list).toEqual([1, 2, 3, 4]);
    expect(keepEqual(prev, { list: [3, 2, 1], rec: { a: 1, b: 2 } }).list).toEqual([3, 2, 1]);
    const dropped = keepEqual(prev, { list: [1, 2, 3], rec: { a: 1 } });
    expect(dropped.rec).toEqual({ a: 1 });
    expect(dropped.list).toBe(prev.list);
    // Same key count, different key: a change, not the old object.
    expect(keepEqual(prev, { list: [1, 2, 3], rec: { a: 1, c: 2 } }).rec).toEqual({ a: 1, c: 2 });
  });

  it('never mixes types: an array for an object, null for an object, a number for a string', () => {
    expect(keepEqual({ a: [1] }, { a: { 0: 1 } }).a).toEqual({ 0: 1 });
    expect(keepEqual({ a: { b: 1 } }, { a: null }).a).toBeNull();
    expect(keepEqual({ a: '1' }, { a: 1 }).a).toBe(1);
    expect(keepEqual(undefined, { a: 1 })).toEqual({ a: 1 });
  });
});
