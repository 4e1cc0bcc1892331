import { renumberRules } from '../../canvas/mapping';
import type { PanelProps } from '../panels';

/**
 * A condition's rules are its outgoing condition edges, checked in edge order: each row edits one
 * edge's operator and value, and the arrows change the order.
 */
export function RulesPanel({ node, editor, kinds }: PanelProps) {
  const rules = editor.doc.edges.filter(
    (e) => e.source === node.id && e.data?.trigger === 'condition',
  );
  const move = (id: string, by: number) =>
    editor.replaceDoc((d) => {
      const mine = d.edges.filter((e) => e.source === node.id && e.data?.trigger === 'condition');
      const from = mine.findIndex((e) => e.id === id);
      const to = from + by;
      if (to < 0 || to >= mine.length) return d;
      const a = d.edges.indexOf(mine[from]!);
      const b = d.edges.indexOf(mine[to]!);
      const edges = [...d.edges];
      [edges[a], edges[b]] = [edges[b]!, edges[a]!];
      return { ...d, edges: renumberRules(edges) };
    });
  return (
    <section className="rules">
      <h3>Rules, checked in order</h3>
      {rules.length === 0 && (
        <p className="panel-note">Drag from “+ Rule” to a node to add a rule.</p>
      )}
      <ol>
        {rules.map((edge, i) => {
          const operator = edge.data?.operator ?? 'equals';
          const needsValue =
            kinds.operators.find((o) => o.operator === operator)?.needs_value ?? true;
          return (
            <li key={edge.id} className="rule-row">
              <select
                aria-label={`Rule ${i + 1} operator`}
                value={operator}
                onChange={(e) =>
                  editor.setEdgeData(edge.id, { ...edge.data!, operator: e.target.value })
                }
              >
                {kinds.operators.map((o) => (
                  <option key={o.operator} value={o.operator} title={o.description}>
                    {o.label}
                  </option>
                ))}
              </select>
              {needsValue && (
                <input
                  aria-label={`Rule ${i + 1} value`}
                  value={edge.data?.trigger_value ?? ''}
                  onChange={(e) =>
                    editor.setEdgeData(edge.id, { ...edge.data!, trigger_value: e.target.value })
                  }
                />
              )}
              <button
                type="button"
                className="icon"
                aria-label={`Move rule ${i + 1} up`}
                disabled={i === 0}
                onClick={() => move(edge.id, -1)}
              >
                ↑
              </button>
              <button
                type="button"
                className="icon"
                aria-label={`Move rule ${i + 1} down`}
                disabled={i === rules.length - 1}
                onClick={() => move(edge.id, 1)}
              >
                ↓
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
