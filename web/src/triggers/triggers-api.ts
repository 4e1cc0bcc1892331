import { useQuery } from '@tanstack/react-query';
import { allPages, api, ok, type Schemas } from '../api/client';

export type Trigger = Schemas['Trigger'];
export type TriggerRequest = Schemas['TriggerRequest'];

export function useTriggers() {
  return useQuery({
    queryKey: ['triggers'],
    queryFn: () =>
      allPages((page) =>
        ok(api.GET('/chat-flow/triggers', { params: { query: { page, page_size: 100 } } })),
      ),
  });
}

export function useChannels() {
  return useQuery({
    queryKey: ['channels'],
    queryFn: () =>
      allPages((page) =>
        ok(api.GET('/chat-flow/channels', { params: { query: { page, page_size: 100 } } })),
      ),
    staleTime: 30_000,
  });
}

/** Every flow by id, for the trigger form's choice and the table's names. */
export function useFlowNames() {
  return useQuery({
    queryKey: ['flows', 'names'],
    queryFn: () =>
      allPages((page) =>
        ok(api.GET('/chat-flow/flows', { params: { query: { page, page_size: 100 } } })),
      ),
  });
}

/** Creates the trigger, or replaces it when `id` is given; a 409 names the trigger in the way. */
export function saveTrigger(id: string | undefined, body: TriggerRequest): Promise<Trigger> {
  return id
    ? ok(api.PUT('/chat-flow/triggers/{id}', { params: { path: { id } }, body }))
    : ok(api.POST('/chat-flow/triggers', { body }));
}

export function deleteTrigger(id: string): Promise<unknown> {
  return api.DELETE('/chat-flow/triggers/{id}', { params: { path: { id } } });
}

/** The keywords typed in one field, one per comma or line. */
export function keywordList(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((k) => k.trim())
    .filter((k) => k !== '');
}
