import { describe, expect, it } from 'vitest';
import { changedLines } from './line-diff';

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
