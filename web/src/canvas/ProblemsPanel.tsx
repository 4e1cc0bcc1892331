import { useState } from 'react';
import type { Problem } from '../api/client';

/** Every validation problem of the last save; a click selects and centres its element. */
export function ProblemsPanel({
  problems,
  onFocus,
}: {
  problems: { errors: Problem[]; warnings: Problem[] };
  onFocus: (p: Problem) => void;
}) {
  const [open, setOpen] = useState(true);
  const all = [...problems.errors, ...problems.warnings];
  return (
    <section className={`problems ${open ? 'open' : ''}`} aria-label="Problems">
      <button
        type="button"
        className="problems-toggle"
        onClick={() => setOpen(!open)}
        aria-expanded={open}
      >
        {problems.errors.length} error{problems.errors.length === 1 ? '' : 's'} ·{' '}
        {problems.warnings.length} warning
        {problems.warnings.length === 1 ? '' : 's'}
      </button>
      {open && all.length > 0 && (
        <ul>
          {all.map((p, i) => (
            <li key={i}>
              <button
                type="button"
                className={`problem ${problems.errors.includes(p) ? 'error' : 'warning'}`}
                onClick={() => onFocus(p)}
              >
                <span className="where">{p.edge_id ?? p.node_id ?? 'flow'}</span>
                {p.message}
                <code>{p.code}</code>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
