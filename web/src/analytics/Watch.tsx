import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, ok, type FlowDetail, type FlowReport } from '../api/client';
import type { CanvasInfo } from '../canvas/context';
import type { FlowEditor } from '../canvas/useFlowEditor';
import { pathOf } from '../try-it/conversation';
import { ErrorNote, timeAgo } from '../ui/Header';
import { funnelOf } from './funnel';

const RANGES = [
  ['1h', 'Last hour', 3600],
  ['24h', 'Last 24 hours', 86400],
  ['7d', 'Last 7 days', 7 * 86400],
  ['30d', 'Last 30 days', 30 * 86400],
  ['all', 'All time', 0],
] as const;
const STATUSES = [
  'running',
  'waiting',
  'with_agent',
  'completed',
  'timed_out',
  'failed',
  'cancelled',
  'handed_off',
  'interrupted',
];

/**
 * Analytics on the canvas: per-node entries and drop-offs and per-edge counts for a time range
 * and version, a funnel, and conversations whose step history is drawn as a path.
 */
export function Watch({
  flow,
  editor,
  version,
  onReport,
  onHighlight,
}: {
  flow: FlowDetail;
  editor: FlowEditor;
  version: number;
  onReport: (r: FlowReport | undefined) => void;
  onHighlight: (h: CanvasInfo['highlight']) => void;
}) {
  const [range, setRange] = useState<(typeof RANGES)[number][0]>('7d');
  const [onVersion, setOnVersion] = useState<number>();
  const [status, setStatus] = useState('');
  const [node, setNode] = useState('');
  const [contact, setContact] = useState('');
  const [chosen, setChosen] = useState<string>();

  const seconds = RANGES.find((r) => r[0] === range)![2];
  const report = useQuery({
    queryKey: ['analytics', flow.id, range, onVersion],
    refetchInterval: 5000,
    queryFn: () => {
      const query: { flow: string; from?: string; version?: number } = { flow: flow.id! };
      if (seconds) query.from = new Date(Date.now() - seconds * 1000).toISOString();
      if (onVersion) query.version = onVersion;
      return ok(api.GET('/chat-flow/analytics', { params: { query } })) as Promise<FlowReport>;
    },
  });
  useEffect(() => onReport(report.data), [report.data, onReport]);
  useEffect(() => () => onReport(undefined), [onReport]);

  const conversations = useQuery({
    queryKey: ['conversations', flow.id, status, contact],
    refetchInterval: 5000,
    queryFn: () =>
      ok(
        api.GET('/chat-flow/conversations', {
          params: {
            query: {
              flow: flow.id,
              page_size: 50,
              ...(status ? { status } : {}),
              ...(contact ? { contact } : {}),
            },
          },
        }),
      ),
  });
  const detail = useQuery({
    queryKey: ['conversation', chosen],
    enabled: chosen !== undefined,
    queryFn: () =>
      ok(api.GET('/chat-flow/conversations/{id}', { params: { path: { id: chosen! } } })),
  });
  useEffect(() => {
    onHighlight(detail.data ? pathOf(detail.data) : undefined);
  }, [detail.data, onHighlight]);

  const funnel = funnelOf(report.data);
  const rows = (conversations.data?.results ?? []).filter((c) => !node || c.current_node === node);
  const c = report.data?.conversations;
  return (
    <aside className="watch" aria-label="Watch it">
      <div className="watch-filters">
        <label>
          Time
          <select value={range} onChange={(e) => setRange(e.target.value as typeof range)}>
            {RANGES.map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Version
          <select
            value={onVersion ?? ''}
            onChange={(e) => setOnVersion(e.target.value ? Number(e.target.value) : undefined)}
          >
            <option value="">All</option>
            {Array.from({ length: version }, (_, i) => version - i).map((v) => (
              <option key={v} value={v}>
                v{v}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorNote error={report.error ?? conversations.error ?? detail.error} />
      {c && (
        <dl className="stats">
          <div>
            <dt>Started</dt>
            <dd>{c.started ?? 0}</dd>
          </div>
          <div>
            <dt>Active</dt>
            <dd>{c.active ?? 0}</dd>
          </div>
          <div>
            <dt>Completed</dt>
            <dd>{c.completed ?? 0}</dd>
          </div>
          <div>
            <dt>Completion</dt>
            <dd>
              {report.data?.completion_rate !== undefined
                ? `${Math.round(report.data.completion_rate * 100)}%`
                : '–'}
            </dd>
          </div>
        </dl>
      )}
      <h3>Funnel</h3>
      {funnel.length === 0 ? (
        <p className="panel-note">No conversations in this range.</p>
      ) : (
        <ol className="funnel">
          {funnel.map((step) => (
            <li key={step.nodeId} title={`${step.entered} entered, ${step.droppedOff} dropped off`}>
              <span className="funnel-label">
                {step.label} <span className="node-id">{step.nodeId}</span>
              </span>
              <span className="bar" style={{ width: `${Math.max(step.share * 100, 2)}%` }} />
              <span className="funnel-count">
                {step.entered}
                {step.droppedOff > 0 && <span className="drop"> −{step.droppedOff}</span>}
              </span>
            </li>
          ))}
        </ol>
      )}
      <h3>Conversations</h3>
      <div className="watch-filters wrap">
        <select aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">Any status</option>
          {STATUSES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <select aria-label="Node" value={node} onChange={(e) => setNode(e.target.value)}>
          <option value="">Any node</option>
          {editor.doc.nodes.map((n) => (
            <option key={n.id}>{n.id}</option>
          ))}
        </select>
        <input
          aria-label="Contact"
          placeholder="Contact number"
          value={contact}
          onChange={(e) => setContact(e.target.value)}
        />
      </div>
      <ul className="conversations">
        {rows.map((conv) => (
          <li key={conv.id}>
            <button
              type="button"
              className={chosen === conv.id ? 'active' : ''}
              onClick={() => setChosen(conv.id)}
            >
              <span className={`pill ${conv.status}`}>{conv.status}</span>
              <span>{conv.current_node}</span>
              <span className="muted">
                v{conv.flow_version} · {timeAgo(conv.started_at)}
              </span>
            </button>
          </li>
        ))}
        {conversations.isSuccess && rows.length === 0 && (
          <li className="panel-note">No conversations match.</li>
        )}
      </ul>
    </aside>
  );
}
