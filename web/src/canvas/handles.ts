/**
 * Edge triggers ↔ handle ids. A handle id is `<trigger>` or `<trigger>:<value>`
 * (`button_click:Track Order`, `condition:0`); the API ignores handles and reads triggers from
 * `data.trigger`/`data.trigger_value`, or from a `Button: <text>` label, else `default`.
 */
export type Json = Record<string, unknown>;

export interface EdgeTrigger {
  trigger: string;
  trigger_value?: string;
  operator?: string;
}

const BUTTON_LABEL = /^button:/i;

function text(value: unknown): string | undefined {
  if (value === null || value === undefined || typeof value === 'object') return undefined;
  return String(value);
}

/** The trigger of a flow_data edge, read exactly as the API reads it. */
export function triggerOf(edge: Json): EdgeTrigger {
  const data =
    edge['data'] !== null && typeof edge['data'] === 'object' ? (edge['data'] as Json) : undefined;
  const label = text(edge['label']);
  let trigger = data ? text(data['trigger']) : undefined;
  let value = data ? text(data['trigger_value']) : undefined;
  const operator = data ? text(data['operator']) : undefined;
  if (trigger === undefined) {
    if (label !== undefined && BUTTON_LABEL.test(label)) {
      trigger = 'button_click';
      value = label.slice('button:'.length).trim();
    } else {
      trigger = 'default';
    }
  }
  const result: EdgeTrigger = { trigger };
  if (value !== undefined) result.trigger_value = value;
  if (operator !== undefined) result.operator = operator;
  return result;
}

export function handleId(trigger: string, value?: string | number): string {
  return value === undefined ? trigger : `${trigger}:${value}`;
}

export function parseHandle(id: string | null | undefined): { trigger: string; value?: string } {
  if (!id) return { trigger: 'default' };
  const colon = id.indexOf(':');
  return colon < 0 ? { trigger: id } : { trigger: id.slice(0, colon), value: id.slice(colon + 1) };
}

/** Triggers whose edges leave by one handle per choice: `<trigger>:<value>`. */
export const CHOICE_TRIGGERS: ReadonlySet<string> = new Set([
  'button_click',
  'button_reply',
  'list_reply',
]);

/**
 * The handle an edge leaves its node by: template buttons by their text, reply buttons and list
 * rows by their id, condition rules by their place among the node's condition edges, every other
 * trigger by its name.
 */
export function sourceHandleOf(trigger: EdgeTrigger, ruleIndex: number): string {
  switch (trigger.trigger) {
    case 'button_click':
    case 'button_reply':
    case 'list_reply':
      return handleId(trigger.trigger, trigger.trigger_value ?? '');
    case 'condition':
      return handleId('condition', ruleIndex);
    default:
      return trigger.trigger;
  }
}

export function sameTrigger(a: EdgeTrigger, b: EdgeTrigger): boolean {
  return (
    a.trigger === b.trigger &&
    (a.trigger_value ?? '') === (b.trigger_value ?? '') &&
    (a.operator ?? '') === (b.operator ?? '')
  );
}
