import { api, ok, type Conversation, type Schemas } from '../api/client';

export type AgentMessageRequest = Schemas['AgentMessageRequest'];

/** Conversations paused with an agent, newest first. */
export async function listWithAgent(): Promise<Conversation[]> {
  const page = await ok(
    api.GET('/chat-flow/conversations', {
      params: { query: { status: 'with_agent', page_size: 50 } },
      cache: 'no-store',
    }),
  );
  return page.results ?? [];
}

export function getConversation(id: string): Promise<Conversation> {
  return ok(
    api.GET('/chat-flow/conversations/{id}', { params: { path: { id } }, cache: 'no-store' }),
  );
}

/** The node ids of the flow version the conversation runs on: where an agent may resume it. */
export async function nodesOf(flow: string, version: number): Promise<string[]> {
  const found = await ok(
    api.GET('/chat-flow/flows/{id}/versions/{version}', {
      params: { path: { id: flow, version } },
    }),
  );
  const data = found.flow_data as { nodes?: { id?: string }[] } | undefined;
  return (data?.nodes ?? []).map((n) => n.id ?? '').filter((id) => id !== '');
}

export function sendAgentMessage(id: string, body: AgentMessageRequest) {
  return ok(
    api.POST('/chat-flow/conversations/{id}/agent/messages', { params: { path: { id } }, body }),
  );
}

/** Resumes at `node`, or along the handoff node's resumed output when none is chosen. */
export function resumeConversation(id: string, node?: string) {
  return ok(
    api.POST('/chat-flow/conversations/{id}/agent/resume', {
      params: { path: { id } },
      body: node ? { node } : {},
    }),
  );
}

export function endConversation(id: string) {
  return ok(api.POST('/chat-flow/conversations/{id}/agent/end', { params: { path: { id } } }));
}

/** One line of the conversation as the agent reads it. */
export interface Line {
  who: 'contact' | 'sent' | 'note';
  text: string;
  at?: number;
}

/** The steps that are messages: the contact's to the agent and replies, and what was sent. */
export function linesOf(steps: Schemas['Step'][] | undefined): Line[] {
  const lines: Line[] = [];
  for (const step of steps ?? []) {
    const at = step.at;
    if (step.kind === 'to_agent' || step.kind === 'reply' || step.kind === 'unmatched_reply') {
      lines.push({ who: 'contact', text: step.detail ?? '', at });
    } else if (step.kind === 'from_agent') {
      lines.push({ who: 'sent', text: step.detail ?? '', at });
    } else if (step.kind === 'action' && step.detail?.startsWith('handoff')) {
      lines.push({ who: 'note', text: `Handed off at ${step.node_id}`, at });
    }
  }
  return lines;
}
