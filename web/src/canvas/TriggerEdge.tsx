import {
  BaseEdge,
  EdgeLabelRenderer,
  type EdgeProps,
  getSmoothStepPath,
  useInternalNode,
} from '@xyflow/react';
import { memo } from 'react';
import { kindOf } from '../api/node-kinds';
import { useCanvasInfo } from './context';
import type { CanvasEdge } from './mapping';
import { edgeLabel } from './outputs';

/** An edge labelled with its trigger and value (and, when watching, how often it was taken). */
function TriggerEdgeView(props: EdgeProps<CanvasEdge>) {
  const {
    id,
    source,
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
    selected,
    markerEnd,
  } = props;
  const info = useCanvasInfo();
  const sourceNode = useInternalNode(source);
  const sourceKind = sourceNode
    ? kindOf(info.kinds, sourceNode.type, sourceNode.data as Record<string, unknown>)
    : undefined;
  const [path, labelX, labelY] = getSmoothStepPath({
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
    borderRadius: 10,
  });
  const problems = info.problems.get(`edge:${id}`) ?? [];
  const taken = info.report?.edges?.find((e) => e.edge_id === id)?.taken;
  const onPath = info.highlight?.edges.has(id);
  const label = edgeLabel({ ...props, data: props.data } as CanvasEdge, sourceKind, info.kinds);
  const classes = [
    'trigger-edge',
    selected ? 'selected' : '',
    problems.length ? 'has-errors' : '',
    onPath ? 'on-path' : '',
  ];
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        className={classes.join(' ')}
        interactionWidth={16}
      />
      <EdgeLabelRenderer>
        <div
          className={`edge-label ${classes.join(' ')}`}
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          title={problems.map((p) => p.message).join('\n') || undefined}
          data-edge-id={id}
          onClick={() => info.selectEdge(id)}
        >
          {label}
          {taken !== undefined && <span className="taken">{taken}×</span>}
          {problems.length > 0 && <span className="problem-dot">!</span>}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

export const TriggerEdge = memo(TriggerEdgeView);
