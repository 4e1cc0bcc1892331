import { api, ok, type FlowDetail, type Schemas } from '../api/client';

export type FlowVersion = Schemas['VersionView'];
export type VersionSummary = Schemas['VersionSummary'];

/**
 * The flow as stored now. Not from the browser's cache: the flow's ETag is its draft version, which
 * publishing does not move, so a revalidated copy would show an earlier publication.
 */
export function getPublication(id: string): Promise<FlowDetail> {
  return ok(api.GET('/chat-flow/flows/{id}', { params: { path: { id } }, cache: 'no-store' }));
}

/** Publishes the flow's draft: new conversations start on it. */
export function publishFlow(id: string): Promise<FlowDetail> {
  return ok(api.POST('/chat-flow/flows/{id}/publish', { params: { path: { id } } }));
}

/** Publishes a copy of an earlier version as the draft's next version. */
export function rollbackFlow(id: string, version: number): Promise<FlowDetail> {
  return ok(
    api.POST('/chat-flow/flows/{id}/rollback', { params: { path: { id } }, body: { version } }),
  );
}

/** The flow's newest versions, newest first. */
export async function listVersions(id: string): Promise<FlowVersion[]> {
  const page = await ok(
    api.GET('/chat-flow/flows/{id}/versions', {
      params: { path: { id }, query: { page_size: 50 } },
    }),
  );
  return page.results ?? [];
}

/** "Nodes: 2 added, 1 changed · Edges: 1 removed", or "No changes to nodes or edges". */
export function describeSummary(summary: VersionSummary | undefined): string {
  if (!summary) return 'No summary recorded';
  const part = (what: string, added = 0, removed = 0, changed = 0): string | undefined => {
    const counts = [
      added && `${added} added`,
      removed && `${removed} removed`,
      changed && `${changed} changed`,
    ].filter(Boolean);
    return counts.length ? `${what}: ${counts.join(', ')}` : undefined;
  };
  const parts = [
    part(
      'Nodes',
      summary.nodes_added?.length,
      summary.nodes_removed?.length,
      summary.nodes_changed?.length,
    ),
    part(
      'Edges',
      summary.edges_added?.length,
      summary.edges_removed?.length,
      summary.edges_changed?.length,
    ),
    summary.settings_changed ? 'Settings changed' : undefined,
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : 'No changes to nodes or edges';
}
