import type { Conversation, OutboxMessage, Template } from '../api/client';
import { fillParameters, templateParts } from '../api/templates';

/** A list message's rows as WhatsApp shows them when its button is tapped. */
export interface ListSheet {
  label: string;
  sections: { title?: string; rows: { id: string; title: string; description?: string }[] }[];
}

/** A chat bubble: what the business sent (from the outbox) or what the test contact did. */
export interface Bubble {
  key: string;
  from: 'business' | 'contact';
  at: number;
  header?: string;
  text: string;
  footer?: string;
  /** Template quick-reply buttons or reply buttons: a tap answers with the text and payload. */
  buttons: { text: string; payload?: string }[];
  /** A list message: its button opens the rows. */
  list?: ListSheet;
  /** Media: its type, and the link (or uploaded media id) and file name it is sent with. */
  media?: { type: string; link?: string; filename?: string };
  /** A link button: its label and URL. */
  link?: { text: string; url: string };
  /** A location request: WhatsApp shows a "Send location" button. */
  location?: boolean;
  messageId?: string;
}

/** The node that sent a message, as the flow being edited has it. */
export type NodeOf = (id: string) => { type?: string; data: Record<string, unknown> } | undefined;

const MEDIA_TYPES = new Set(['image', 'video', 'audio', 'document', 'sticker']);

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function objects(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value)
    ? value.filter((v): v is Record<string, unknown> => v !== null && typeof v === 'object')
    : [];
}

/**
 * A session message as WhatsApp shows it. The outbox holds its type, rendered text (body, caption
 * or link) and its buttons' or rows' titles and ids; the node that sent it adds what the outbox
 * does not keep (header, footer, the list's button label, section titles and row descriptions,
 * the link button, the media link).
 */
function sessionBubble(
  message: OutboxMessage,
  base: Omit<Bubble, 'text' | 'buttons'>,
  nodeOf: NodeOf,
): Bubble {
  const node = message.node ? nodeOf(message.node) : undefined;
  const data = node?.data ?? {};
  const text = message.text ?? '';
  const titles = message.buttons ?? [];
  const ids = message.button_payloads ?? [];
  const choices = titles.map((title, i) => ({ title, id: ids[i] ?? title }));
  const frame = {
    ...base,
    ...(str(data['header']) ? { header: str(data['header'])! } : {}),
    ...(str(data['footer']) ? { footer: str(data['footer'])! } : {}),
  };
  if (MEDIA_TYPES.has(message.kind ?? '')) {
    const caption = str(data['caption']) !== undefined ? text : '';
    const link = caption
      ? (str(data['link']) ?? str(data['media_id']))
      : (str(text) ?? str(data['link']) ?? str(data['media_id']));
    const filename = str(data['filename']);
    return {
      ...base,
      text: caption,
      buttons: [],
      media: {
        type: message.kind!,
        ...(link ? { link } : {}),
        ...(filename ? { filename } : {}),
      },
    };
  }
  if (node?.type === 'list') {
    const sections = objects(data['sections']).map((section) => ({
      ...(str(section['title']) ? { title: str(section['title'])! } : {}),
      rows: objects(section['rows']).map((row) => ({
        id: str(row['id']) ?? '',
        title: str(row['title']) ?? '',
        ...(str(row['description']) ? { description: str(row['description'])! } : {}),
      })),
    }));
    const sameRows =
      sections.flatMap((s) => s.rows.map((r) => `${r.id}\n${r.title}`)).join('\n\n') ===
      choices.map((c) => `${c.id}\n${c.title}`).join('\n\n');
    return {
      ...frame,
      text,
      buttons: [],
      list: {
        label: str(data['button']) ?? 'Options',
        sections: sameRows ? sections : [{ rows: choices }],
      },
    };
  }
  if (node?.type === 'cta_url') {
    return {
      ...frame,
      text,
      buttons: [],
      link: { text: str(data['display_text']) ?? 'Open', url: str(data['url']) ?? '' },
    };
  }
  if (node?.type === 'location_request') {
    return { ...base, text, buttons: [], location: true };
  }
  return {
    ...frame,
    text,
    buttons: choices.map((c) => ({ text: c.title, payload: c.id })),
  };
}

/**
 * An outbox message as WhatsApp shows it: a template's parts with its parameters filled, a free
 * text, or a session message (reply buttons, list, media, link button, location request).
 */
export function bubbleOf(
  message: OutboxMessage,
  templates: readonly Template[],
  nodeOf: NodeOf = () => undefined,
): Bubble {
  const at = message.sent_at ? Date.parse(message.sent_at) : 0;
  const base = {
    key: message.id ?? String(at),
    from: 'business' as const,
    at,
    messageId: message.id,
  };
  if (message.kind === 'text' || message.kind === undefined) {
    return { ...base, text: message.text ?? '', buttons: [] };
  }
  if (message.kind !== 'template') {
    return sessionBubble(message, base, nodeOf);
  }
  const template =
    templates.find((t) => t.name === message.template_name && t.language === message.language) ??
    templates.find((t) => t.name === message.template_name);
  const parts = templateParts(template);
  const buttons = (message.buttons?.length ? message.buttons : parts.buttons).map((text, i) => ({
    text,
    ...(message.button_payloads?.[i] ? { payload: message.button_payloads[i] } : {}),
  }));
  if (message.rendered_text) {
    // What was sent, as the contact read it: header, body and footer with the parameters filled.
    return { ...base, text: message.rendered_text, buttons };
  }
  return {
    ...base,
    ...(parts.header ? { header: fillParameters(parts.header, message.header_parameters) } : {}),
    text: template
      ? fillParameters(parts.body, message.body_parameters)
      : `Template ${message.template_name ?? ''}`,
    ...(parts.footer ? { footer: parts.footer } : {}),
    buttons,
  };
}

/** Whether the conversation is still going: running, waiting for the contact, or with an agent. */
export function isOpen(status: string | undefined): boolean {
  return status === 'running' || status === 'waiting' || status === 'with_agent';
}

/** Where the conversation is and the way it came: nodes and edges from its step history. */
export function pathOf(conversation: Conversation | undefined) {
  const nodes = new Set<string>();
  const edges = new Set<string>();
  for (const step of conversation?.steps ?? []) {
    if (step.node_id) nodes.add(step.node_id);
    if (step.edge_id) edges.add(step.edge_id);
  }
  const open = isOpen(conversation?.status);
  return {
    nodes,
    edges,
    ...(open && conversation?.current_node ? { current: conversation.current_node } : {}),
  };
}
