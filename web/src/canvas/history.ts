/** Undo/redo over snapshots of the edited document; at most `limit` steps back. */
export interface History<T> {
  past: T[];
  future: T[];
}

export function emptyHistory<T>(): History<T> {
  return { past: [], future: [] };
}

/** Records `before` as the state to return to; a new edit clears the redo stack. */
export function record<T>(history: History<T>, before: T, limit = 100): History<T> {
  return { past: [...history.past, before].slice(-limit), future: [] };
}

export function undo<T>(
  history: History<T>,
  current: T,
): { history: History<T>; state: T } | undefined {
  const state = history.past[history.past.length - 1];
  if (state === undefined) return undefined;
  return {
    history: { past: history.past.slice(0, -1), future: [current, ...history.future] },
    state,
  };
}

export function redo<T>(
  history: History<T>,
  current: T,
): { history: History<T>; state: T } | undefined {
  const [state, ...future] = history.future;
  if (state === undefined) return undefined;
  return { history: { past: [...history.past, current], future }, state };
}
