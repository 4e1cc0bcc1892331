import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { Link } from 'wouter';
import { api, ok } from '../api/client';
import { JobProgress } from '../migrate/JobProgress';
import { startBulk, type BulkFilter } from '../migrate/jobs-api';
import { ErrorNote, Header, timeAgo } from '../ui/Header';

const STATUSES = [
  'running',
  'waiting',
  'completed',
  'timed_out',
  'failed',
  'cancelled',
  'interrupted',
];
const PAGE_SIZE = 50;

type Action = 'move' | 'restart' | 'cancel';

/**
 * The workspace's conversations of one flow, filtered by status and node, with bulk move, restart
 * and cancel of the checked rows or of every conversation the filter matches.
 */
export function ConversationsPage({ onSignOut }: { onSignOut: () => void }) {
  const [flow, setFlow] = useState('');
  const [status, setStatus] = useState('');
  const [node, setNode] = useState('');
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const [target, setTarget] = useState('');
  const queries = useQueryClient();

  const flows = useQuery({
    queryKey: ['flows', 'all'],
    queryFn: () => ok(api.GET('/chat-flow/flows', { params: { query: { page_size: 100 } } })),
  });
  const filter = { flow: flow || undefined, status: status || undefined, node: node || undefined };
  const conversations = useQuery({
    queryKey: ['conversations', filter],
    queryFn: () =>
      ok(
        api.GET('/chat-flow/conversations', {
          params: { query: { ...filter, page_size: PAGE_SIZE } },
        }),
      ),
    enabled: flow !== '',
    placeholderData: keepPreviousData,
  });
  const rows = conversations.data?.results ?? [];
  const count = conversations.data?.count ?? 0;
  const clearSelection = () => {
    setChecked(new Set());
    setAllMatching(false);
  };

  const bulk = useMutation({
    mutationFn: (action: Action) => {
      const selection: BulkFilter = { flow, status: filter.status, node: filter.node };
      if (!allMatching) selection.ids = [...checked];
      return startBulk({
        filter: selection,
        action,
        node: action === 'move' ? target : undefined,
      });
    },
    onSuccess: () => {
      clearSelection();
      void queries.invalidateQueries({ queryKey: ['conversations'] });
    },
  });
  const selected = allMatching ? count : checked.size;
  // Stable, so the list is read again once per finished job.
  const jobOver = useCallback(
    () => void queries.invalidateQueries({ queryKey: ['conversations'] }),
    [queries],
  );

  return (
    <>
      <Header onSignOut={onSignOut}>
        <Link href="/">← Flows</Link>
        <h1>Conversations</h1>
      </Header>
      <main className="conversations-page">
        <div className="flows-toolbar">
          <select
            aria-label="Flow"
            value={flow}
            onChange={(e) => {
              setFlow(e.target.value);
              clearSelection();
            }}
          >
            <option value="">Choose a flow…</option>
            {(flows.data?.results ?? []).map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
          <select
            aria-label="Status"
            value={status}
            onChange={(e) => {
              setStatus(e.target.value);
              clearSelection();
            }}
          >
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <input
            aria-label="Node"
            placeholder="At node (id)"
            value={node}
            onChange={(e) => {
              setNode(e.target.value.trim());
              clearSelection();
            }}
          />
        </div>
        <ErrorNote error={flows.error ?? conversations.error ?? bulk.error} />
        {flow !== '' && (
          <div className="bulk-actions" role="group" aria-label="Bulk actions">
            <span>
              {selected} selected
              {!allMatching && count > 0 && (
                <button type="button" className="ghost" onClick={() => setAllMatching(true)}>
                  Select all {count} matching
                </button>
              )}
            </span>
            <input
              aria-label="Move to node"
              placeholder="Node to move to"
              value={target}
              onChange={(e) => setTarget(e.target.value.trim())}
            />
            <button
              type="button"
              disabled={selected === 0 || target === '' || bulk.isPending}
              onClick={() => bulk.mutate('move')}
            >
              Move
            </button>
            <button
              type="button"
              disabled={selected === 0 || bulk.isPending}
              onClick={() => bulk.mutate('restart')}
            >
              Restart
            </button>
            <button
              type="button"
              className="danger"
              disabled={selected === 0 || bulk.isPending}
              onClick={() => {
                if (window.confirm(`Cancel ${selected} conversation(s)?`)) bulk.mutate('cancel');
              }}
            >
              Cancel
            </button>
          </div>
        )}
        {bulk.data && <JobProgress key={bulk.data.id} job={bulk.data} onSettled={jobOver} />}
        {flow !== '' && (
          <table className="flows-table" aria-label="Conversations">
            <thead>
              <tr>
                <th aria-label="Selected" />
                <th>Contact</th>
                <th>Status</th>
                <th>Node</th>
                <th>Version</th>
                <th>Started</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.id} data-id={c.id}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Select ${c.id}`}
                      checked={allMatching || checked.has(c.id!)}
                      disabled={allMatching}
                      onChange={(e) => {
                        const next = new Set(checked);
                        if (e.target.checked) next.add(c.id!);
                        else next.delete(c.id!);
                        setChecked(next);
                      }}
                    />
                  </td>
                  <td title={c.contact_key}>{c.contact_key?.slice(0, 10)}</td>
                  <td>{c.status}</td>
                  <td>{c.current_node}</td>
                  <td>v{c.flow_version}</td>
                  <td title={c.started_at}>{timeAgo(c.started_at)}</td>
                </tr>
              ))}
              {conversations.isSuccess && rows.length === 0 && (
                <tr>
                  <td colSpan={6} className="empty">
                    No conversation matches.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        )}
        {count > PAGE_SIZE && (
          <p className="hint">
            Showing the newest {PAGE_SIZE} of {count}; “Select all matching” acts on all of them.
          </p>
        )}
      </main>
    </>
  );
}
