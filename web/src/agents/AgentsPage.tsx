import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { Conversation } from '../api/client';
import { ErrorNote, Header, timeAgo } from '../ui/Header';
import {
  endConversation,
  getConversation,
  linesOf,
  listWithAgent,
  nodesOf,
  resumeConversation,
  sendAgentMessage,
} from './agents-api';

/** Conversations handed off to a person: read the contact's messages, reply, resume or end. */
export function AgentsPage({ onSignOut }: { onSignOut: () => void }) {
  const [selected, setSelected] = useState<string>();
  const list = useQuery({
    queryKey: ['with-agent'],
    queryFn: listWithAgent,
    refetchInterval: 2000,
  });
  const conversations = list.data ?? [];
  return (
    <>
      <Header onSignOut={onSignOut}>
        <h1>Agents</h1>
      </Header>
      <main className="agents-page">
        <section className="agents-list" aria-label="Conversations with an agent">
          <h2>With an agent ({conversations.length})</h2>
          <ErrorNote error={list.error} />
          {conversations.length === 0 && !list.isLoading && (
            <p className="empty">No conversation is waiting for an agent.</p>
          )}
          <ul>
            {conversations.map((c) => (
              <li key={c.id}>
                <button
                  type="button"
                  className={c.id === selected ? 'agent-row selected' : 'agent-row'}
                  onClick={() => setSelected(c.id)}
                >
                  <strong>{c.contact_key?.slice(0, 12)}</strong>
                  <span className="hint">
                    at {c.current_node} · {timeAgo(c.updated_at)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
        {selected ? (
          <AgentConversation key={selected} id={selected} onClosed={() => setSelected(undefined)} />
        ) : (
          <section className="agent-conversation">
            <p className="hint">Choose a conversation to read it and reply.</p>
          </section>
        )}
      </main>
    </>
  );
}

function AgentConversation({ id, onClosed }: { id: string; onClosed: () => void }) {
  const queries = useQueryClient();
  const [text, setText] = useState('');
  const [node, setNode] = useState('');
  const conversation = useQuery({
    queryKey: ['conversation', id],
    queryFn: () => getConversation(id),
    refetchInterval: 1500,
  });
  const c: Conversation | undefined = conversation.data;
  const nodes = useQuery({
    queryKey: ['version-nodes', c?.flow, c?.flow_version],
    queryFn: () => nodesOf(c!.flow!, c!.flow_version!),
    enabled: !!c?.flow && !!c?.flow_version,
  });
  const refresh = () => {
    queries.invalidateQueries({ queryKey: ['conversation', id] });
    queries.invalidateQueries({ queryKey: ['with-agent'] });
  };
  const send = useMutation({
    mutationFn: () => sendAgentMessage(id, { type: 'text', text }),
    onSuccess: () => {
      setText('');
      refresh();
    },
  });
  const resume = useMutation({
    mutationFn: () => resumeConversation(id, node || undefined),
    onSuccess: () => {
      refresh();
      onClosed();
    },
  });
  const end = useMutation({
    mutationFn: () => endConversation(id),
    onSuccess: () => {
      refresh();
      onClosed();
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (text.trim()) send.mutate();
  }

  const lines = linesOf(c?.steps);
  return (
    <section className="agent-conversation" aria-label="Conversation">
      <h2>
        Conversation <code className="node-id">{id.slice(0, 8)}</code>{' '}
        <span className="pill">{c?.status}</span>
      </h2>
      <ErrorNote error={conversation.error} />
      <ol className="agent-messages" aria-label="Messages">
        {lines.map((line, i) => (
          <li key={i} className={`agent-line ${line.who}`}>
            {line.text}
          </li>
        ))}
      </ol>
      <form onSubmit={submit} className="inline-form agent-reply">
        <input
          aria-label="Reply to the contact"
          placeholder="Reply to the contact"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" className="primary" disabled={!text.trim() || send.isPending}>
          Send
        </button>
      </form>
      <ErrorNote error={send.error} />
      <div className="inline-form agent-actions">
        <label>
          Resume at{' '}
          <select aria-label="Resume at" value={node} onChange={(e) => setNode(e.target.value)}>
            <option value="">the Resumed output</option>
            {(nodes.data ?? []).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => resume.mutate()} disabled={resume.isPending}>
          Resume
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => end.mutate()}
          disabled={end.isPending}
        >
          End
        </button>
      </div>
      <ErrorNote error={resume.error ?? end.error} />
    </section>
  );
}
