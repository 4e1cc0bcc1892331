import { useQuery } from '@tanstack/react-query';
import { ApiError, getJson } from './client';
import bundled from './node-kinds.bundled.json';
import type { NodeKinds } from './node-kinds';

/**
 * The published node kinds. A server that does not publish them yet (404) gets the bundled
 * document of the same shape, which describes the kinds this release's API understands.
 */
export async function fetchNodeKinds(): Promise<NodeKinds> {
  try {
    return await getJson<NodeKinds>('/chat-flow/node-kinds/');
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return bundled as unknown as NodeKinds;
    throw e;
  }
}

export function useNodeKinds() {
  return useQuery({ queryKey: ['node-kinds'], queryFn: fetchNodeKinds, staleTime: Infinity });
}
