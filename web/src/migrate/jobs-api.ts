import { api, ok, type Schemas } from '../api/client';

export type DryRun = Schemas['DryRun'];
export type Job = Schemas['JobView'];
export type BulkRequest = Schemas['BulkRequest'];
export type BulkFilter = Schemas['BulkFilter'];

/** A migration from one version to another; `mapping` names the nodes that do not keep their id. */
export interface Migration {
  from_version: number;
  to_version: number;
  mapping: Record<string, string | null>;
}

/** How many conversations the migration would move, per node of the source version. */
export function dryRunMigration(flowId: string, migration: Migration): Promise<DryRun> {
  return ok(
    api.POST('/chat-flow/flows/{id}/migrations/dry-run', {
      params: { path: { id: flowId } },
      body: migration as Schemas['MigrationRequest'],
    }),
  );
}

/** Starts the migration job. */
export function startMigration(flowId: string, migration: Migration): Promise<Job> {
  return ok(
    api.POST('/chat-flow/flows/{id}/migrations', {
      params: { path: { id: flowId } },
      body: migration as Schemas['MigrationRequest'],
    }),
  );
}

/** Starts a bulk move, restart or cancel. */
export function startBulk(request: BulkRequest): Promise<Job> {
  return ok(api.POST('/chat-flow/conversations/bulk', { body: request }));
}

export function getJob(id: string): Promise<Job> {
  return ok(api.GET('/chat-flow/jobs/{id}', { params: { path: { id } }, cache: 'no-store' }));
}

/** The node ids of one version of the flow, in the order it lists them. */
export async function nodesOf(flowId: string, version: number): Promise<string[]> {
  const stored = await ok(
    api.GET('/chat-flow/flows/{id}/versions/{version}', {
      params: { path: { id: flowId, version } },
    }),
  );
  const data = stored.flow_data as { nodes?: { id?: string }[] } | undefined;
  return (data?.nodes ?? []).map((n) => n.id ?? '').filter((id) => id !== '');
}

/** Whether the job has nothing left to do. */
export function settled(job: Job | undefined): boolean {
  return job?.status === 'completed' || job?.status === 'failed' || job?.status === 'interrupted';
}
