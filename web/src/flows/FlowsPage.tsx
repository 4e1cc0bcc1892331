import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ChangeEvent, type FormEvent, useRef, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { api, asFlowData, ok, type FlowSummary } from '../api/client';
import { TriggersPanel } from '../triggers/TriggersPanel';
import { ErrorNote, Header, timeAgo } from '../ui/Header';
import { createFlow, deleteFlow, download, getFlow, requestOf } from './flows-api';

/** The workspace's flows: search, create, import, duplicate, export, delete. */
export function FlowsPage({ onSignOut }: { onSignOut: () => void }) {
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [name, setName] = useState('');
  const [, navigate] = useLocation();
  const queries = useQueryClient();
  const file = useRef<HTMLInputElement>(null);
  const [importError, setImportError] = useState<string>();

  const flows = useQuery({
    queryKey: ['flows', search, page],
    queryFn: () =>
      ok(
        api.GET('/chat-flow/flows', {
          params: { query: { search: search || undefined, page, page_size: 20 } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const refresh = () => queries.invalidateQueries({ queryKey: ['flows'] });

  const create = useMutation({
    mutationFn: (body: Parameters<typeof createFlow>[0]) => createFlow(body),
    onSuccess: (flow) => navigate(`/flows/${flow.id}`),
  });
  const act = useMutation({
    mutationFn: async ({
      kind,
      flow,
    }: {
      kind: 'duplicate' | 'delete' | 'export';
      flow: FlowSummary;
    }) => {
      if (kind === 'delete') return deleteFlow(flow.id!);
      const detail = await getFlow(flow.id!);
      if (kind === 'export') return download(detail.name ?? 'flow', detail.flow_data);
      return createFlow({ ...requestOf(detail), name: `Copy of ${detail.name}`, is_active: false });
    },
    onSuccess: refresh,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({
      name: name.trim(),
      is_active: false,
      flow_data: asFlowData({ nodes: [], edges: [] }),
    });
  }

  async function importFile(event: ChangeEvent<HTMLInputElement>) {
    const chosen = event.target.files?.[0];
    event.target.value = '';
    if (!chosen) return;
    let flowData: unknown;
    try {
      flowData = JSON.parse(await chosen.text());
    } catch {
      create.reset();
      act.reset();
      setImportError(`${chosen.name} is not JSON.`);
      return;
    }
    setImportError(undefined);
    create.mutate({
      name: chosen.name.replace(/\.json$/i, ''),
      is_active: false,
      flow_data: asFlowData(flowData),
    });
  }
  const results = flows.data?.results ?? [];
  const count = flows.data?.count ?? 0;
  return (
    <>
      <Header onSignOut={onSignOut}>
        <h1>Flows</h1>
      </Header>
      <main className="flows-page">
        <div className="flows-toolbar">
          <input
            type="search"
            placeholder="Search flows by name"
            aria-label="Search flows"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              setPage(1);
            }}
          />
          <form onSubmit={submit} className="inline-form">
            <input
              placeholder="New flow name"
              aria-label="New flow name"
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
            <button
              type="submit"
              className="primary"
              disabled={name.trim() === '' || create.isPending}
            >
              Create flow
            </button>
          </form>
          <button type="button" onClick={() => file.current?.click()}>
            Import JSON…
          </button>
          <input
            ref={file}
            type="file"
            accept="application/json,.json"
            hidden
            onChange={importFile}
          />
        </div>
        <ErrorNote error={flows.error ?? create.error ?? act.error ?? importError} />
        <table className="flows-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>State</th>
              <th>Version</th>
              <th>Last edited</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {results.map((flow) => (
              <tr key={flow.id}>
                <td>
                  <Link href={`/flows/${flow.id}`}>{flow.name}</Link>
                  {flow.description && <div className="muted">{flow.description}</div>}
                </td>
                <td>
                  <span className={flow.is_active ? 'pill active' : 'pill'}>
                    {flow.is_active ? 'Active' : 'Draft'}
                  </span>
                </td>
                <td>v{flow.version}</td>
                <td title={flow.updated_at}>{timeAgo(flow.updated_at)}</td>
                <td>
                  <div className="row-actions">
                    <button type="button" onClick={() => act.mutate({ kind: 'duplicate', flow })}>
                      Duplicate
                    </button>
                    <button type="button" onClick={() => act.mutate({ kind: 'export', flow })}>
                      Export
                    </button>
                    <button
                      type="button"
                      className="danger"
                      onClick={() => {
                        if (
                          window.confirm(`Delete “${flow.name}”? Running conversations finish.`)
                        ) {
                          act.mutate({ kind: 'delete', flow });
                        }
                      }}
                    >
                      Delete
                    </button>
                  </div>
                </td>
              </tr>
            ))}
            {flows.isSuccess && results.length === 0 && (
              <tr>
                <td colSpan={5} className="empty">
                  {search ? 'No flow matches.' : 'No flows yet: name one above and create it.'}
                </td>
              </tr>
            )}
          </tbody>
        </table>
        {count > 20 && (
          <div className="pager">
            <button type="button" disabled={page === 1} onClick={() => setPage(page - 1)}>
              Previous
            </button>
            <span>
              Page {page} of {Math.ceil(count / 20)}
            </span>
            <button type="button" disabled={!flows.data?.next} onClick={() => setPage(page + 1)}>
              Next
            </button>
          </div>
        )}
        <TriggersPanel />
      </main>
    </>
  );
}
