import { useQuery } from '@tanstack/react-query';
import { api, ok } from './client';
import type { NodeKinds } from './node-kinds';

/**
 * The node kinds the API publishes (`GET /chat-flow/node-kinds/`): the palette, the handles and the
 * inspector forms are drawn from them. The OpenAPI document types each `data_schema` as an object;
 * {@link NodeKinds} says which JSON Schema keywords the forms read from it.
 */
export async function fetchNodeKinds(): Promise<NodeKinds> {
  return (await ok(api.GET('/chat-flow/node-kinds'))) as unknown as NodeKinds;
}

export function useNodeKinds() {
  return useQuery({ queryKey: ['node-kinds'], queryFn: fetchNodeKinds, staleTime: Infinity });
}
