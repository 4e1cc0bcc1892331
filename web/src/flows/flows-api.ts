import { api, asFlowData, ok, type FlowDetail, type FlowRequest } from '../api/client';

export function getFlow(id: string): Promise<FlowDetail> {
  return ok(api.GET('/chat-flow/flows/{id}', { params: { path: { id } } }));
}

export function createFlow(body: FlowRequest): Promise<FlowDetail> {
  return ok(api.POST('/chat-flow/flows', { body }));
}

/** Replaces the flow, refused with 409 `version_conflict` unless it is still at `version`. */
export function saveFlow(id: string, version: number, body: FlowRequest): Promise<FlowDetail> {
  return ok(
    api.PUT('/chat-flow/flows/{id}', {
      params: { path: { id }, header: { 'If-Match': `"${version}"` } },
      body,
    }),
  );
}

export function deleteFlow(id: string): Promise<unknown> {
  return api.DELETE('/chat-flow/flows/{id}', { params: { path: { id } } });
}

/** The request that stores `flow` unchanged (the base of every save and duplicate). */
export function requestOf(flow: FlowDetail): FlowRequest {
  const body: FlowRequest = {
    name: flow.name ?? '',
    is_active: flow.is_active ?? false,
    flow_data: flow.flow_data ?? asFlowData({ nodes: [], edges: [] }),
  };
  if (flow.description !== undefined) body.description = flow.description;
  if (flow.start_template !== undefined) body.start_template = flow.start_template;
  if (flow.settings !== undefined) body.settings = flow.settings;
  return body;
}

/** Saves `flowData` as a download named after the flow. */
export function download(name: string, flowData: unknown): void {
  const blob = new Blob([JSON.stringify(flowData, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `${name.replace(/[^\w.-]+/g, '_') || 'flow'}.json`;
  link.click();
  URL.revokeObjectURL(url);
}
