import { Handle, type NodeProps, Position, useUpdateNodeInternals } from '@xyflow/react';
import { createElement, memo, useEffect, useRef } from 'react';
import { kindOf } from '../api/node-kinds';
import { bodyOf, choicesOf } from '../nodes/registry';
import { useCanvasInfo } from './context';
import type { CanvasNode } from './mapping';
import { outputsOf } from './outputs';

const EMPTY: never[] = [];

/** Every node: its kind's title, its body, one row per output handle, and pinned problems. */
function KindNodeView({ id, type, data, selected }: NodeProps<CanvasNode>) {
  const info = useCanvasInfo();
  const kind = kindOf(info.kinds, type, data);
  const outgoing = info.outgoing.get(id) ?? EMPTY;
  const outputs = outputsOf(kind, info.kinds, (per) => choicesOf(per, data, info), outgoing);
  const problems = info.problems.get(id) ?? EMPTY;
  const errors = problems.filter((p) => p.error ?? p.severity === 'error');
  const isStart =
    kind?.type === 'template' &&
    info.startTemplate !== undefined &&
    data['template_id'] === info.startTemplate;
  const counts = info.report?.nodes?.find((n) => n.node_id === id);
  const highlight = info.highlight;
  const handleKey = outputs.map((o) => o.id).join('|');
  const updateInternals = useUpdateNodeInternals();
  const drawnHandles = useRef(handleKey);
  useEffect(() => {
    // React Flow measures handles when a node mounts or resizes; a changed set of handles of the
    // same size (rules reordered, a button renamed) needs telling.
    if (drawnHandles.current !== handleKey) {
      drawnHandles.current = handleKey;
      updateInternals(id);
    }
  }, [handleKey, id, updateInternals]);

  const classes = [
    'kind-node',
    `category-${kind?.category ?? 'unknown'}`,
    selected ? 'selected' : '',
    errors.length ? 'has-errors' : problems.length ? 'has-warnings' : '',
    highlight?.current === id ? 'is-current' : highlight?.nodes.has(id) ? 'on-path' : '',
  ];
  return (
    <div className={classes.join(' ')} data-kind={kind?.kind ?? type}>
      <Handle type="target" position={Position.Left} className="target-handle" />
      <header>
        <span className="kind-label">{kind?.label ?? type ?? 'Unknown'}</span>
        {isStart && <span className="badge start">Start</span>}
        <span className="node-id">{id}</span>
      </header>
      {problems.length > 0 && (
        <ul className="node-problems" aria-label="Problems">
          {problems.map((p, i) => (
            <li key={i} className={(p.error ?? p.severity === 'error') ? 'error' : 'warning'}>
              {p.message}
            </li>
          ))}
        </ul>
      )}
      <div className="node-body">{createElement(bodyOf(kind), { id, data, kind, info })}</div>
      {outputs.length > 0 && (
        <ul className="node-outputs">
          {outputs.map((o) => (
            <li
              key={o.id}
              className={`output role-${o.role}`}
              title={o.role === 'stale' ? 'This handle no longer exists' : undefined}
            >
              <span>{o.label}</span>
              <Handle
                type="source"
                position={Position.Right}
                id={o.id}
                className={`source-handle role-${o.role}`}
              />
            </li>
          ))}
        </ul>
      )}
      {counts && (
        <footer className="node-counts" aria-label="Conversations">
          <span title="entered">{counts.entered ?? 0} in</span>
          <span title="now here">{counts.active ?? 0} here</span>
          <span title="dropped off" className={counts.dropped_off ? 'drop' : ''}>
            {counts.dropped_off ?? 0} dropped
          </span>
        </footer>
      )}
    </div>
  );
}

export const KindNode = memo(KindNodeView);
