import type { Edge, Node, Viewport } from '@xyflow/react';
import { type EdgeTrigger, type Json, sameTrigger, sourceHandleOf, triggerOf } from './handles';

/**
 * The canvas ↔ `flow_data` mapping. The canvas gets only what it draws (id, type, position, data;
 * edges with their trigger and handle); every other key of the stored graph (sizes, styles,
 * `markerEnd`, keys of other tools) is kept aside and written back unchanged, so a flow that is
 * opened and saved without edits is stored exactly as it was.
 */
export type NodeData = Record<string, unknown>;
export type CanvasNode = Node<NodeData>;
export type CanvasEdge = Edge<EdgeTrigger & Record<string, unknown>>;

export interface FlowData extends Json {
  nodes?: Json[];
  edges?: Json[];
  viewport?: Viewport;
}

/** What the canvas does not draw, per element id, as loaded. */
export interface Originals {
  top: Json;
  nodes: Map<string, Json>;
  edges: Map<string, EdgeOriginal>;
}

export interface CanvasGraph {
  nodes: CanvasNode[];
  edges: CanvasEdge[];
  viewport: Viewport | undefined;
  originals: Originals;
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function arrayOf(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function position(value: unknown): { x: number; y: number } {
  if (isObject(value) && typeof value['x'] === 'number' && typeof value['y'] === 'number') {
    return { x: value['x'], y: value['y'] };
  }
  return { x: 0, y: 0 };
}

function viewportOf(value: unknown): Viewport | undefined {
  if (
    isObject(value) &&
    typeof value['x'] === 'number' &&
    typeof value['y'] === 'number' &&
    typeof value['zoom'] === 'number'
  ) {
    return { x: value['x'], y: value['y'], zoom: value['zoom'] };
  }
  return undefined;
}

/** Condition rules are numbered in edge order per source node: the API checks them in that order. */
function withRuleHandles(edges: { source: string; trigger: EdgeTrigger }[]): string[] {
  const rules = new Map<string, number>();
  return edges.map(({ source, trigger }) => {
    const index = rules.get(source) ?? 0;
    if (trigger.trigger === 'condition') rules.set(source, index + 1);
    return sourceHandleOf(trigger, index);
  });
}

export function fromFlowData(flowData: unknown): CanvasGraph {
  const top: Json = isObject(flowData) ? flowData : {};
  const originals: Originals = { top, nodes: new Map(), edges: new Map() };
  const nodes: CanvasNode[] = arrayOf(top['nodes']).map((json, i) => {
    const id = typeof json['id'] === 'string' ? json['id'] : `unnamed-node-${i + 1}`;
    originals.nodes.set(id, json);
    return {
      id,
      type: typeof json['type'] === 'string' ? json['type'] : 'unknown',
      position: position(json['position']),
      data: isObject(json['data']) ? json['data'] : {},
    };
  });
  const edgeJsons = arrayOf(top['edges']);
  const triggers = edgeJsons.map(triggerOf);
  const handles = withRuleHandles(
    edgeJsons.map((json, i) => ({ source: String(json['source']), trigger: triggers[i]! })),
  );
  const edges: CanvasEdge[] = edgeJsons.map((json, i) => {
    const id = typeof json['id'] === 'string' ? json['id'] : `unnamed-edge-${i + 1}`;
    const trigger = triggers[i]!;
    const handle = handles[i]!;
    originals.edges.set(id, { json, trigger, handle });
    return {
      id,
      source: String(json['source']),
      target: String(json['target']),
      sourceHandle: handle,
      type: 'trigger',
      data: { ...trigger },
    };
  });
  return { nodes, edges, viewport: viewportOf(top['viewport']), originals };
}

/** Re-numbers condition rule handles after edges were added, removed or reordered. */
export function renumberRules(edges: CanvasEdge[]): CanvasEdge[] {
  const handles = withRuleHandles(
    edges.map((e) => ({ source: e.source, trigger: triggerData(e) })),
  );
  return edges.map((e, i) =>
    e.sourceHandle === handles[i] ? e : { ...e, sourceHandle: handles[i] },
  );
}

export function triggerData(edge: CanvasEdge): EdgeTrigger {
  const t: EdgeTrigger = { trigger: edge.data?.trigger ?? 'default' };
  if (edge.data?.trigger_value !== undefined) t.trigger_value = edge.data.trigger_value;
  if (edge.data?.operator !== undefined) t.operator = edge.data.operator;
  return t;
}

function nodeJson(node: CanvasNode, original: Json | undefined): Json {
  const json: Json = original ? { ...original } : {};
  json['id'] = node.id;
  if (!original || 'type' in original || node.type !== 'unknown') json['type'] = node.type;
  json['position'] = { x: node.position.x, y: node.position.y };
  json['data'] = node.data;
  if (original && positionEquals(original['position'], node.position)) {
    json['position'] = original['position'];
  }
  return json;
}

function positionEquals(stored: unknown, now: { x: number; y: number }): boolean {
  return isObject(stored) && stored['x'] === now.x && stored['y'] === now.y;
}

type EdgeOriginal = { json: Json; trigger: EdgeTrigger; handle: string };

function edgeJson(edge: CanvasEdge, original: EdgeOriginal | undefined): Json {
  const json: Json = original ? { ...original.json } : {};
  json['id'] = edge.id;
  json['source'] = edge.source;
  json['target'] = edge.target;
  const trigger = triggerData(edge);
  if (!original || !sameTrigger(original.trigger, trigger)) {
    const data: Json =
      original && isObject(original.json['data']) ? { ...original.json['data'] } : {};
    data['trigger'] = trigger.trigger;
    if (trigger.trigger_value !== undefined && trigger.trigger_value !== '') {
      data['trigger_value'] = trigger.trigger_value;
    } else {
      delete data['trigger_value'];
    }
    if (trigger.operator !== undefined) data['operator'] = trigger.operator;
    else delete data['operator'];
    json['data'] = data;
  }
  if (!original || original.handle !== edge.sourceHandle) {
    json['sourceHandle'] = edge.sourceHandle ?? null;
  }
  return json;
}

export function toFlowData(
  nodes: CanvasNode[],
  edges: CanvasEdge[],
  viewport: Viewport | undefined,
  originals: Originals,
): FlowData {
  const out: FlowData = { ...originals.top };
  out.nodes = nodes.map((n) => nodeJson(n, originals.nodes.get(n.id)));
  // Rule handles follow the edge order whatever path changed the edges.
  out.edges = renumberRules(edges).map((e) => edgeJson(e, originals.edges.get(e.id)));
  if (viewport) {
    const stored = viewportOf(originals.top['viewport']);
    const same =
      stored && stored.x === viewport.x && stored.y === viewport.y && stored.zoom === viewport.zoom;
    out.viewport = same ? (originals.top['viewport'] as Viewport) : { ...viewport };
  }
  return out;
}

/** The first free `<prefix>-N` id. */
export function nextId(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  let n = 1;
  while (used.has(`${prefix}-${n}`)) n++;
  return `${prefix}-${n}`;
}
