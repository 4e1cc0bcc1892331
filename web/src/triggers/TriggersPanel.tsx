import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ErrorNote } from '../ui/Header';
import './triggers.css';
import {
  deleteTrigger,
  keywordList,
  saveTrigger,
  type Trigger,
  type TriggerRequest,
  useChannels,
  useFlowNames,
  useTriggers,
} from './triggers-api';

interface Form {
  id?: string;
  flow: string;
  type: 'keyword' | 'catch_all';
  keywords: string;
  match: 'exact' | 'contains' | 'regex';
  channel: string;
  priority: string;
  interrupt: boolean;
  active: boolean;
}

const EMPTY: Form = {
  flow: '',
  type: 'keyword',
  keywords: '',
  match: 'exact',
  channel: '',
  priority: '0',
  interrupt: false,
  active: true,
};

function formOf(t: Trigger): Form {
  return {
    id: t.id,
    flow: t.flow ?? '',
    type: t.type ?? 'keyword',
    keywords: (t.keywords ?? []).join(', '),
    match: t.match ?? 'exact',
    channel: t.channel ?? '',
    priority: String(t.priority ?? 0),
    interrupt: t.interrupt ?? false,
    active: t.is_active ?? true,
  };
}

function requestOf(form: Form): TriggerRequest {
  const keyword = form.type === 'keyword';
  return {
    flow: form.flow,
    type: form.type,
    keywords: keyword ? keywordList(form.keywords) : undefined,
    match: keyword ? form.match : undefined,
    channel: form.channel || null,
    priority: Number(form.priority),
    interrupt: form.interrupt,
    is_active: form.active,
  };
}

/**
 * The workspace's inbound triggers: keywords and catch-alls that start a flow from a contact's
 * message. The server decides conflicts; its answer is shown next to the form.
 */
export function TriggersPanel() {
  const triggers = useTriggers();
  const flows = useFlowNames();
  const channels = useChannels();
  const queries = useQueryClient();
  const [form, setForm] = useState<Form>(EMPTY);
  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));

  const save = useMutation({
    mutationFn: (f: Form) => saveTrigger(f.id, requestOf(f)),
    onSuccess: () => {
      setForm(EMPTY);
      return queries.invalidateQueries({ queryKey: ['triggers'] });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => deleteTrigger(id),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['triggers'] }),
  });
  const flowName = (id?: string) => flows.data?.find((f) => f.id === id)?.name ?? id ?? '';

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(form);
  }

  return (
    <section className="triggers" aria-labelledby="triggers-heading">
      <h2 id="triggers-heading">Triggers</h2>
      <p className="muted">
        A message from a contact starts a flow: an interrupting keyword first, else the conversation
        in progress, a start-template click, the best keyword (channel, priority, exact before
        contains before regex, oldest), then the catch-all.
      </p>
      <form className="trigger-form" aria-label="Trigger" onSubmit={submit}>
        <label>
          Flow
          <select value={form.flow} onChange={(e) => set({ flow: e.target.value })} required>
            <option value="">Choose a flow…</option>
            {(flows.data ?? []).map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
                {f.is_active ? '' : ' (draft)'}
              </option>
            ))}
          </select>
        </label>
        <label>
          Type
          <select value={form.type} onChange={(e) => set({ type: e.target.value as Form['type'] })}>
            <option value="keyword">Keyword</option>
            <option value="catch_all">Catch-all</option>
          </select>
        </label>
        {form.type === 'keyword' && (
          <>
            <label>
              Keywords
              <input
                value={form.keywords}
                placeholder="menu, start"
                onChange={(e) => set({ keywords: e.target.value })}
              />
            </label>
            <label>
              Match
              <select
                value={form.match}
                onChange={(e) => set({ match: e.target.value as Form['match'] })}
              >
                <option value="exact">Exact</option>
                <option value="contains">Contains</option>
                <option value="regex">Regular expression</option>
              </select>
            </label>
          </>
        )}
        <label>
          Channel
          <select value={form.channel} onChange={(e) => set({ channel: e.target.value })}>
            <option value="">All channels</option>
            {(channels.data ?? []).map((c) => (
              <option key={c.id} value={c.phone_number_id}>
                {c.display_phone_number || c.phone_number_id}
              </option>
            ))}
          </select>
        </label>
        <label>
          Priority
          <input
            type="number"
            min={0}
            max={1000}
            value={form.priority}
            onChange={(e) => set({ priority: e.target.value })}
          />
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={form.interrupt}
            onChange={(e) => set({ interrupt: e.target.checked })}
          />
          Interrupts a conversation
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={form.active}
            onChange={(e) => set({ active: e.target.checked })}
          />
          Active
        </label>
        <button type="submit" className="primary" disabled={!form.flow || save.isPending}>
          {form.id ? 'Save trigger' : 'Create trigger'}
        </button>
        {form.id && (
          <button
            type="button"
            onClick={() => {
              save.reset();
              setForm(EMPTY);
            }}
          >
            Cancel
          </button>
        )}
      </form>
      <ErrorNote error={save.error ?? remove.error ?? triggers.error} />
      <table className="triggers-table">
        <thead>
          <tr>
            <th>Flow</th>
            <th>Trigger</th>
            <th>Channel</th>
            <th>Priority</th>
            <th>State</th>
            <th aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {(triggers.data ?? []).map((t) => (
            <tr key={t.id}>
              <td>{flowName(t.flow)}</td>
              <td>
                {t.type === 'catch_all'
                  ? 'Catch-all'
                  : `${t.match}: ${(t.keywords ?? []).join(', ')}`}
                {t.interrupt && <span className="pill">interrupts</span>}
              </td>
              <td>{t.channel ?? 'All'}</td>
              <td>{t.priority}</td>
              <td>
                <span className={t.fires ? 'pill active' : 'pill'}>
                  {t.fires ? 'Fires' : t.is_active ? 'Flow inactive' : 'Inactive'}
                </span>
              </td>
              <td>
                <div className="row-actions">
                  <button
                    type="button"
                    onClick={() => {
                      save.reset();
                      setForm(formOf(t));
                    }}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    className="danger"
                    onClick={() => {
                      if (window.confirm('Delete this trigger?')) remove.mutate(t.id!);
                    }}
                  >
                    Delete
                  </button>
                </div>
              </td>
            </tr>
          ))}
          {triggers.isSuccess && (triggers.data ?? []).length === 0 && (
            <tr>
              <td colSpan={6} className="empty">
                No triggers yet: flows start from the API or a start-template click only.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
