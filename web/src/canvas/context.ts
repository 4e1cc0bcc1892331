import { createContext, useContext } from 'react';
import type { FlowReport, Problem, Template } from '../api/client';
import type { NodeKinds } from '../api/node-kinds';
import type { CanvasEdge } from './mapping';

/** What the canvas's nodes and edges draw besides their own data. */
export interface CanvasInfo {
  kinds: NodeKinds;
  templates: Map<string, Template>;
  startTemplate: string | undefined;
  outgoing: Map<string, CanvasEdge[]>;
  problems: Map<string, Problem[]>;
  /** Try it / Watch it: where a conversation is and the path it took. */
  highlight: { current?: string; nodes: Set<string>; edges: Set<string> } | undefined;
  /** Watch it: counts per node and edge. */
  report: FlowReport | undefined;
  /** A click on an edge's label selects the edge. */
  selectEdge: (id: string) => void;
}

export const CanvasContext = createContext<CanvasInfo | undefined>(undefined);

export function useCanvasInfo(): CanvasInfo {
  const info = useContext(CanvasContext);
  if (!info) throw new Error('CanvasContext missing');
  return info;
}
