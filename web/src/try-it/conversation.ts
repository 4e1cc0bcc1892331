import type { Conversation, OutboxMessage, Template } from '../api/client';
import { fillParameters, templateParts } from '../api/templates';

/** A chat bubble: what the business sent (from the outbox) or what the test contact did. */
export interface Bubble {
  key: string;
  from: 'business' | 'contact';
  at: number;
  header?: string;
  text: string;
  footer?: string;
  buttons: { text: string; payload?: string }[];
  messageId?: string;
}

/** An outbox message as WhatsApp shows it: the template's parts with its parameters filled. */
export function bubbleOf(message: OutboxMessage, templates: readonly Template[]): Bubble {
  const at = message.sent_at ? Date.parse(message.sent_at) : 0;
  const base = {
    key: message.id ?? String(at),
    from: 'business' as const,
    at,
    messageId: message.id,
  };
  if (message.kind !== 'template') {
    return { ...base, text: message.text ?? '', buttons: [] };
  }
  const template =
    templates.find((t) => t.name === message.template_name && t.language === message.language) ??
    templates.find((t) => t.name === message.template_name);
  const parts = templateParts(template);
  const buttons = (message.buttons?.length ? message.buttons : parts.buttons).map((text, i) => ({
    text,
    ...(message.button_payloads?.[i] ? { payload: message.button_payloads[i] } : {}),
  }));
  return {
    ...base,
    ...(parts.header ? { header: fillParameters(parts.header, message.body_parameters) } : {}),
    text: template
      ? fillParameters(parts.body, message.body_parameters)
      : `Template ${message.template_name ?? ''}`,
    ...(parts.footer ? { footer: parts.footer } : {}),
    buttons,
  };
}

/** Where the conversation is and the way it came: nodes and edges from its step history. */
export function pathOf(conversation: Conversation | undefined) {
  const nodes = new Set<string>();
  const edges = new Set<string>();
  for (const step of conversation?.steps ?? []) {
    if (step.node_id) nodes.add(step.node_id);
    if (step.edge_id) edges.add(step.edge_id);
  }
  const open = conversation?.status === 'running' || conversation?.status === 'waiting';
  return {
    nodes,
    edges,
    ...(open && conversation?.current_node ? { current: conversation.current_node } : {}),
  };
}
