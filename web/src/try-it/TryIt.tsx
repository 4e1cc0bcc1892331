import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { api, ok, type FlowDetail, type Template } from '../api/client';
import type { CanvasInfo } from '../canvas/context';
import type { FlowEditor } from '../canvas/useFlowEditor';
import { ErrorNote } from '../ui/Header';
import { type Bubble, bubbleOf, isOpen, pathOf } from './conversation';
import { Link } from 'wouter';

const CONTACT_KEY = 'chatflows.test-contact';

/** A test phone number for this browser session, on the workspace's sandbox channel. */
function testContact(): string {
  let contact = sessionStorage.getItem(CONTACT_KEY);
  if (!contact) {
    contact = `1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    sessionStorage.setItem(CONTACT_KEY, contact);
  }
  return contact;
}

/**
 * A phone-like chat with the flow: starts a conversation for a test contact on the sandbox
 * channel, shows what the flow sends as WhatsApp would, and sends taps and replies through the
 * simulate endpoint. The canvas highlights where the conversation is and the way it came.
 */
export function TryIt({
  flow,
  editor,
  templates,
  onHighlight,
}: {
  flow: FlowDetail;
  editor: FlowEditor;
  templates: Template[];
  onHighlight: (h: CanvasInfo['highlight']) => void;
}) {
  const contact = useMemo(() => testContact(), []);
  const [since, setSince] = useState<number>();
  const [mine, setMine] = useState<Bubble[]>([]);
  const [reply, setReply] = useState('');
  /** The list message whose rows are open. */
  const [sheetKey, setSheetKey] = useState<string>();

  const conversation = useQuery({
    queryKey: ['try', flow.id, contact, 'conversation'],
    enabled: since !== undefined,
    refetchInterval: 1000,
    queryFn: async () => {
      const list = await ok(
        api.GET('/chat-flow/conversations', {
          params: { query: { flow: flow.id, contact, page_size: 100 } },
        }),
      );
      const latest = [...(list.results ?? [])].sort((a, b) =>
        (b.started_at ?? '').localeCompare(a.started_at ?? ''),
      )[0];
      return latest
        ? ok(api.GET('/chat-flow/conversations/{id}', { params: { path: { id: latest.id! } } }))
        : null;
    },
  });
  const outbox = useQuery({
    queryKey: ['try', flow.id, contact, 'outbox'],
    enabled: since !== undefined,
    refetchInterval: 1000,
    queryFn: async () => {
      const first = await ok(
        api.GET('/chat-flow/outbox', { params: { query: { contact, page_size: 100 } } }),
      );
      const pages = Math.ceil((first.count ?? 0) / 100);
      if (pages <= 1) return first.results ?? [];
      const last = await ok(
        api.GET('/chat-flow/outbox', {
          params: { query: { contact, page: pages, page_size: 100 } },
        }),
      );
      return last.results ?? [];
    },
  });

  const current = conversation.data ?? undefined;
  useEffect(() => {
    onHighlight(current ? pathOf(current) : undefined);
  }, [current, onHighlight]);
  useEffect(() => () => onHighlight(undefined), [onHighlight]);

  const start = useMutation({
    mutationFn: async () => {
      if (editor.save.kind !== 'saved' || !editor.meta.isActive) {
        const saved = await editor.saveNow({ isActive: true });
        if (!saved)
          throw new Error('The flow could not be saved and activated: see the problems below.');
      }
      setMine([]);
      setSheetKey(undefined);
      setSince(Date.now() - 1000);
      return ok(
        api.POST('/chat-flow/flows/{id}/start', {
          params: { path: { id: flow.id! } },
          body: { contact, name: 'Test contact', restart: true },
        }),
      );
    },
  });
  const send = useMutation({
    mutationFn: (message: {
      button?: string;
      payload?: string;
      context_id?: string;
      text?: string;
    }) => {
      setMine((m) => [
        ...m,
        {
          key: `me-${Date.now()}`,
          from: 'contact',
          at: Date.now(),
          text: message.button ?? message.text ?? '',
          buttons: [],
        },
      ]);
      return ok(api.POST('/chat-flow/simulate', { body: { contact, ...message } }));
    },
  });

  const conversationId = current?.id;
  const nodes = editor.doc.nodes;
  const bubbles = useMemo(() => {
    const business = (outbox.data ?? [])
      .filter((m) => (conversationId ? m.conversation === conversationId : false))
      .map((m) => bubbleOf(m, templates, (id) => nodes.find((n) => n.id === id)));
    return [...business, ...mine.filter((b) => b.at >= (since ?? 0))].sort((a, b) => a.at - b.at);
  }, [outbox.data, conversationId, templates, mine, since, nodes]);
  const lastBusiness = [...bubbles].reverse().find((b) => b.from === 'business');
  // The bubbles are rebuilt on every poll: the open list is kept by its message's key.
  const sheet = bubbles.find((b) => b.key === sheetKey);
  const open = isOpen(current?.status);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reply.trim()) return;
    send.mutate({ text: reply.trim() });
    setReply('');
  };

  return (
    <aside className="try-it" aria-label="Try it">
      <div className="phone">
        <div className="phone-top">
          <span className="avatar" aria-hidden>
            {(flow.name ?? '?').charAt(0)}
          </span>
          <div>
            <strong>{flow.name}</strong>
            <div className="phone-sub">Test contact +{contact}</div>
          </div>
        </div>
        <div className="chat" aria-live="polite">
          {since === undefined && (
            <p className="chat-note">Start a conversation to see what a contact would get.</p>
          )}
          {bubbles.map((b) => (
            <div key={b.key} className={`bubble ${b.from}`}>
              {b.header && <strong className="bubble-header">{b.header}</strong>}
              {b.media && (
                <div className={`bubble-media media-${b.media.type}`}>
                  <span className="media-type">{b.media.type}</span>
                  {b.media.link &&
                    (/^https?:\/\//.test(b.media.link) ? (
                      <a href={b.media.link} target="_blank" rel="noreferrer">
                        {b.media.filename ?? b.media.link}
                      </a>
                    ) : (
                      <span>{b.media.filename ?? b.media.link}</span>
                    ))}
                </div>
              )}
              {(b.text || !b.media) && <p>{b.text}</p>}
              {b.footer && <small>{b.footer}</small>}
              {b.buttons.length > 0 && (
                <div className="bubble-buttons">
                  {b.buttons.map((button) => (
                    <button
                      key={button.text}
                      type="button"
                      disabled={!open || b !== lastBusiness}
                      onClick={() =>
                        send.mutate({
                          button: button.text,
                          ...(button.payload ? { payload: button.payload } : {}),
                          ...(b.messageId ? { context_id: b.messageId } : {}),
                        })
                      }
                    >
                      {button.text}
                    </button>
                  ))}
                </div>
              )}
              {b.list && (
                <div className="bubble-buttons">
                  <button
                    type="button"
                    disabled={!open || b !== lastBusiness}
                    onClick={() => setSheetKey(b.key)}
                  >
                    <span aria-hidden>☰ </span>
                    {b.list.label}
                  </button>
                </div>
              )}
              {b.link && (
                <div className="bubble-buttons">
                  <a href={b.link.url} target="_blank" rel="noreferrer">
                    <span aria-hidden>↗ </span>
                    {b.link.text}
                  </a>
                </div>
              )}
              {b.location && (
                <div className="bubble-buttons">
                  <button
                    type="button"
                    disabled
                    title="The sandbox takes text and taps; reply with text to go on"
                  >
                    <span aria-hidden>📍 </span>Send location
                  </button>
                </div>
              )}
            </div>
          ))}
          {current?.status === 'with_agent' && (
            <p className="chat-note" role="status">
              With an agent: replies go to the agent inbox, not to the flow. Answer, resume or end
              it in the <Link href="/agents">Agents</Link> view.
            </p>
          )}
          {current && !open && (
            <p className="chat-note" role="status">
              Conversation {current.status?.replace('_', ' ')}.
            </p>
          )}
        </div>
        {sheet?.list && (
          <div className="list-sheet" role="dialog" aria-label={sheet.list.label}>
            <div className="list-sheet-top">
              <button
                type="button"
                className="icon"
                aria-label="Close"
                onClick={() => setSheetKey(undefined)}
              >
                ×
              </button>
              <strong>{sheet.list.label}</strong>
            </div>
            {sheet.list.sections.map((section, i) => (
              <div key={i} className="list-sheet-section">
                {section.title && <h4>{section.title}</h4>}
                {section.rows.map((row) => (
                  <button
                    key={row.id}
                    type="button"
                    className="list-sheet-row"
                    disabled={!open || sheet !== lastBusiness}
                    onClick={() => {
                      setSheetKey(undefined);
                      send.mutate({
                        button: row.title,
                        payload: row.id,
                        ...(sheet.messageId ? { context_id: sheet.messageId } : {}),
                      });
                    }}
                  >
                    <span className="row-title">{row.title}</span>
                    {row.description && <small>{row.description}</small>}
                  </button>
                ))}
              </div>
            ))}
          </div>
        )}
        <form className="chat-input" onSubmit={submit}>
          <input
            aria-label="Reply as the contact"
            placeholder={open ? 'Type a reply' : 'Start first'}
            value={reply}
            disabled={!open}
            onChange={(e) => setReply(e.target.value)}
          />
          <button type="submit" disabled={!open || !reply.trim()}>
            Send
          </button>
        </form>
      </div>
      <ErrorNote error={start.error ?? send.error ?? conversation.error ?? outbox.error} />
      <button
        type="button"
        className="primary"
        onClick={() => start.mutate()}
        disabled={start.isPending}
      >
        {since === undefined ? 'Start conversation' : 'Restart conversation'}
      </button>
      <p className="panel-note">
        Runs the saved flow (saving and activating it first) on the sandbox channel: nothing is sent
        to WhatsApp.
      </p>
      {current && (
        <p className="panel-note" role="status">
          Status: <strong>{current.status}</strong>
          {current.current_node ? ` at ${current.current_node}` : ''} · {current.step_count ?? 0}{' '}
          steps
        </p>
      )}
      {current?.variables && Object.keys(current.variables).length > 0 && (
        <dl className="try-variables" aria-label="Variables">
          {Object.entries(current.variables).map(([name, value]) => (
            <div key={name}>
              <dt>
                <code>{`{{variables.${name}}}`}</code>
              </dt>
              <dd>{String(value)}</dd>
            </div>
          ))}
        </dl>
      )}
    </aside>
  );
}
