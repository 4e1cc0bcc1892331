import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema.gen';
import { session } from '../auth/session';

export type Schemas = components['schemas'];
export type FlowDetail = Schemas['FlowDetail'];
export type FlowSummary = Schemas['FlowSummary'];
export type FlowRequest = Schemas['FlowRequest'];
export type Problem = Schemas['Problem'];
export type Template = Schemas['TemplateResponse'];
export type OutboxMessage = Schemas['OutboxMessage'];
export type Conversation = Schemas['ConversationView'];
export type Step = Schemas['Step'];
export type FlowReport = Schemas['FlowReport'];

/** `flow_data` is any JSON object; the OpenAPI document types it as an empty object. */
export type FlowDataBody = NonNullable<FlowRequest['flow_data']>;
export function asFlowData(value: unknown): FlowDataBody {
  return value as FlowDataBody;
}

/** An `application/problem+json` answer (or a network failure), in plain words. */
export interface ProblemBody {
  status?: number;
  title?: string;
  detail?: string;
  code?: string;
  field?: string;
  errors?: Problem[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: ProblemBody,
  ) {
    super(plainWords(status, problem));
  }
}

/** The sentence shown to the user: the problem's `detail`, else a description of the status. */
export function plainWords(status: number, problem: ProblemBody): string {
  const detail = problem.detail?.trim();
  if (detail) {
    const sentence = detail.charAt(0).toUpperCase() + detail.slice(1);
    return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
  }
  if (status === 0) return 'The server cannot be reached. Check that Chat Flows is running.';
  if (status === 401) return 'The token is not valid. Sign in again.';
  if (status === 404) return 'It does not exist (any more).';
  if (status >= 500) return `The server failed (${status}). Try again in a moment.`;
  return problem.title ?? `The request failed (${status}).`;
}

/** Listeners told when the server says the token is not (or no longer) valid. */
const unauthorizedListeners = new Set<() => void>();
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

const auth: Middleware = {
  onRequest({ request }) {
    const token = session.token();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  async onResponse({ response }) {
    if (response.ok) return response;
    if (response.status === 401) unauthorizedListeners.forEach((l) => l());
    let problem: ProblemBody = {};
    try {
      problem = (await response.clone().json()) as ProblemBody;
    } catch {
      // not JSON: the status alone says what happened
    }
    throw new ApiError(response.status, problem);
  },
  onError({ error }) {
    return error instanceof ApiError ? error : new ApiError(0, {});
  },
};

export const api = createClient<paths>({ baseUrl: '' });
api.use(auth);

/** Unwraps an openapi-fetch answer; errors were already thrown as {@link ApiError}. */
export async function ok<T>(call: Promise<{ data?: T; response: Response }>): Promise<T> {
  const { data } = await call;
  return data as T;
}

/** A GET outside the OpenAPI document, through the same token and error handling. */
export async function getJson<T>(path: string): Promise<T> {
  let response: Response;
  try {
    const token = session.token();
    response = await fetch(path, {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
    });
  } catch {
    throw new ApiError(0, {});
  }
  if (!response.ok) {
    if (response.status === 401) unauthorizedListeners.forEach((l) => l());
    const problem = (await response.json().catch(() => ({}))) as ProblemBody;
    throw new ApiError(response.status, problem);
  }
  return (await response.json()) as T;
}

/** Every page of a paginated list (page_size 100). */
export async function allPages<T>(
  fetchPage: (page: number) => Promise<{ results?: T[]; next?: string }>,
): Promise<T[]> {
  const all: T[] = [];
  for (let page = 1; page <= 100; page++) {
    const answer = await fetchPage(page);
    all.push(...(answer.results ?? []));
    if (!answer.next) break;
  }
  return all;
}
