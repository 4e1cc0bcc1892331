import {
  type KindOutput,
  type NodeKind,
  type NodeKinds,
  operatorLabel,
  triggerLabel,
} from '../api/node-kinds';
import { handleId } from './handles';
import type { CanvasEdge, NodeData } from './mapping';

/** One of a node's choices a `per` output has a handle for: the edge's value and the label. */
export interface Choice {
  value: string;
  label: string;
}

/** The choices of a node for each `per` family its kind publishes (template buttons, rows, ...). */
export type ChoicesOf = (per: NonNullable<KindOutput['per']>) => readonly Choice[];

/** One source handle of a node as drawn: its id, the trigger it creates and its row label. */
export interface OutputHandle {
  id: string;
  trigger: string;
  value?: string;
  label: string;
  role: 'output' | 'button' | 'rule' | 'add-rule' | 'stale';
}

/**
 * The handles of a node, in the order its kind publishes its outputs: one per template button,
 * reply button or list row (`per: template_button | button | row`, labelled with its title, the
 * handle `<trigger>:<value>`), one per condition rule (its outgoing condition edges, in order) plus one to add a rule, one per
 * other output. An edge on a handle the node no longer has (a button removed from the template)
 * keeps a handle marked `stale`, so it stays visible until it is fixed or deleted.
 */
export function outputsOf(
  kind: NodeKind | undefined,
  kinds: NodeKinds,
  choices: ChoicesOf,
  outgoing: readonly CanvasEdge[],
): OutputHandle[] {
  const handles: OutputHandle[] = [];
  const outputs = kind?.outputs ?? [{ trigger: 'default', label: 'Next', per: null }];
  for (const output of outputs) {
    if (output.per !== null && output.per !== 'rule') {
      const seen = new Set<string>();
      for (const choice of choices(output.per)) {
        const id = handleId(output.trigger, choice.value);
        if (choice.value === '' || seen.has(id)) continue;
        seen.add(id);
        handles.push({
          id,
          trigger: output.trigger,
          value: choice.value,
          label: choice.label || choice.value,
          role: 'button',
        });
      }
    } else if (output.per === 'rule') {
      outgoing
        .filter((e) => e.data?.trigger === output.trigger)
        .forEach((edge, i) => {
          const value = edge.data?.trigger_value ?? '';
          const op = operatorLabel(kinds, edge.data?.operator);
          handles.push({
            id: handleId(output.trigger, i),
            trigger: output.trigger,
            value,
            label: `${op} ${value}`.trim(),
            role: 'rule',
          });
        });
      handles.push({
        id: output.trigger,
        trigger: output.trigger,
        label: `+ ${output.label}`,
        role: 'add-rule',
      });
    } else {
      handles.push({
        id: output.trigger,
        trigger: output.trigger,
        label: output.label,
        role: 'output',
      });
    }
  }
  const ids = new Set(handles.map((h) => h.id));
  for (const edge of outgoing) {
    const id = edge.sourceHandle ?? 'default';
    if (!ids.has(id)) {
      ids.add(id);
      const value = edge.data?.trigger_value;
      handles.push({
        id,
        trigger: edge.data?.trigger ?? 'default',
        ...(value !== undefined ? { value } : {}),
        label: `${triggerLabel(kinds, edge.data?.trigger ?? 'default')}${value ? `: ${value}` : ''}`,
        role: 'stale',
      });
    }
  }
  return handles;
}

function objects(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value)
    ? value.filter((v): v is Record<string, unknown> => v !== null && typeof v === 'object')
    : [];
}

function choiceOf(item: Record<string, unknown>): Choice {
  return {
    value: typeof item['id'] === 'string' ? item['id'] : '',
    label: typeof item['title'] === 'string' ? item['title'] : '',
  };
}

/**
 * A session message's own choices, read from its data: `per: button` one per `data.buttons[]`,
 * `per: row` one per `data.sections[].rows[]` (their `id` the value, `title` the label).
 */
export function dataChoices(per: NonNullable<KindOutput['per']>, data: NodeData): Choice[] {
  switch (per) {
    case 'button':
      return objects(data['buttons']).map(choiceOf);
    case 'row':
      return objects(data['sections']).flatMap((s) => objects(s['rows']).map(choiceOf));
    default:
      return [];
  }
}

/**
 * The outgoing edges after a node's data changed from `before` to `after`: an edge on a choice
 * whose id was edited in place (same position, the old id gone) follows it to the new id; an
 * edge on a choice that was removed is left as it is, and its handle shows as stale.
 */
export function followChoices(
  kind: NodeKind | undefined,
  nodeId: string,
  before: NodeData,
  after: NodeData,
  edges: CanvasEdge[],
): CanvasEdge[] {
  let result = edges;
  for (const output of kind?.outputs ?? []) {
    if (output.per !== 'button' && output.per !== 'row') continue;
    const old = dataChoices(output.per, before).map((c) => c.value);
    const now = dataChoices(output.per, after).map((c) => c.value);
    if (old.length !== now.length) continue;
    const renamed = new Map<string, string>();
    old.forEach((value, i) => {
      const next = now[i]!;
      if (value !== next && value !== '' && next !== '' && !now.includes(value)) {
        renamed.set(value, next);
      }
    });
    if (renamed.size === 0) continue;
    result = result.map((e) => {
      const value = e.data?.trigger_value;
      const next = value === undefined ? undefined : renamed.get(value);
      if (e.source !== nodeId || e.data?.trigger !== output.trigger || next === undefined) return e;
      return {
        ...e,
        sourceHandle: handleId(output.trigger, next),
        data: { ...e.data, trigger_value: next },
      };
    });
  }
  return result;
}

/** The label an edge shows: its source kind's name for the trigger, and the value. */
export function edgeLabel(
  edge: CanvasEdge,
  sourceKind: NodeKind | undefined,
  kinds: NodeKinds,
): string {
  const trigger = edge.data?.trigger ?? 'default';
  const value = edge.data?.trigger_value;
  if (trigger === 'condition') {
    return `If ${operatorLabel(kinds, edge.data?.operator)} ${value ?? ''}`.trim();
  }
  const own = sourceKind?.outputs.find((o) => o.trigger === trigger && o.per === null)?.label;
  const name = trigger === 'button_click' || !own ? triggerLabel(kinds, trigger) : own;
  if (trigger === 'text_reply' && !value) return `${name}: any text`;
  return value ? `${name}: ${value}` : name;
}
