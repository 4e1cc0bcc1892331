import { describe, expect, it } from 'vitest';
import { emptyHistory, record, redo, undo } from './history';

describe('undo and redo', () => {
  it('givenTwoEdits_whenUndoneTwiceAndRedoneOnce_itWalksBackAndForth', () => {
    let h = record(record(emptyHistory<string>(), 'a'), 'b');
    const u1 = undo(h, 'c')!;
    expect(u1.state).toBe('b');
    const u2 = undo(u1.history, u1.state)!;
    expect(u2.state).toBe('a');
    expect(undo(u2.history, u2.state)).toBeUndefined();
    const r = redo(u2.history, u2.state)!;
    expect(r.state).toBe('b');
    h = record(r.history, 'b');
    expect(h.future).toEqual([]);
  });

  it('givenMoreEditsThanTheLimit_itKeepsTheNewest', () => {
    let h = emptyHistory<number>();
    for (let i = 0; i < 5; i++) h = record(h, i, 3);
    expect(h.past).toEqual([2, 3, 4]);
  });
});
