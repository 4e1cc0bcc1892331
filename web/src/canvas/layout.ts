import type { CanvasEdge, CanvasNode } from './mapping';

/** Left-to-right layered layout (dagre), loaded on first use to keep it out of the first load. */
export async function autoLayout(
  nodes: CanvasNode[],
  edges: CanvasEdge[],
  sizeOf: (id: string) => { width: number; height: number },
): Promise<Map<string, { x: number; y: number }>> {
  const dagre = (await import('@dagrejs/dagre')).default;
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: 60, ranksep: 200 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) graph.setNode(node.id, sizeOf(node.id));
  for (const edge of edges) graph.setEdge(edge.source, edge.target);
  dagre.layout(graph);
  const positions = new Map<string, { x: number; y: number }>();
  for (const node of nodes) {
    const { x, y, width, height } = graph.node(node.id);
    positions.set(node.id, { x: Math.round(x - width / 2), y: Math.round(y - height / 2) });
  }
  return positions;
}
