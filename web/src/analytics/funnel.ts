import type { FlowReport } from '../api/client';

export interface FunnelStep {
  nodeId: string;
  label: string;
  entered: number;
  droppedOff: number;
  /** Entered, as a share of the busiest node's entries. */
  share: number;
}

/** The nodes by how many conversations entered them, most first (ties keep the report's order). */
export function funnelOf(report: FlowReport | undefined): FunnelStep[] {
  const nodes = (report?.nodes ?? []).filter((n) => (n.entered ?? 0) > 0);
  const top = Math.max(1, ...nodes.map((n) => n.entered ?? 0));
  return nodes
    .map((n) => ({
      nodeId: n.node_id ?? '',
      label: n.label ?? n.type ?? '',
      entered: n.entered ?? 0,
      droppedOff: n.dropped_off ?? 0,
      share: (n.entered ?? 0) / top,
    }))
    .sort((a, b) => b.entered - a.entered);
}
