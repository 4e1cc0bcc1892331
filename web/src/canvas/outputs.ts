import { type NodeKind, type NodeKinds, operatorLabel, triggerLabel } from '../api/node-kinds';
import { handleId } from './handles';
import type { CanvasEdge } from './mapping';

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
 * one per condition rule (its outgoing condition edges, in order) plus one to add a rule, one per
 * other output. An edge on a handle the node no longer has (a button removed from the template)
 * keeps a handle marked `stale`, so it stays visible until it is fixed or deleted.
 */
export function outputsOf(
  kind: NodeKind | undefined,
  kinds: NodeKinds,
  buttons: readonly string[],
  outgoing: readonly CanvasEdge[],
): OutputHandle[] {
  const handles: OutputHandle[] = [];
  const outputs = kind?.outputs ?? [{ trigger: 'default', label: 'Next', per: null }];
  for (const output of outputs) {
    if (output.per === 'template_button') {
      for (const button of buttons) {
        handles.push({
          id: handleId(output.trigger, button),
          trigger: output.trigger,
          value: button,
          label: button,
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
