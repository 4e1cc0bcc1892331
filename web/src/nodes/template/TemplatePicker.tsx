import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, ok, type Template } from '../../api/client';
import { templateParts, templateStatusBadge } from '../../api/templates';
import type { WidgetProps } from '../../inspector/SchemaForm';
import { ErrorNote } from '../../ui/Header';

/**
 * The `template` widget: search the workspace's templates, pick one (also fills
 * `template_name`), or create a new one with body text and quick-reply buttons.
 */
export function TemplatePicker({
  id,
  value,
  onPatch,
  invalid,
  templates,
}: WidgetProps & { templates: Template[] }) {
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const chosen = templates.find((t) => t.id === value);
  const shown = templates.filter((t) =>
    (t.name ?? '').toLowerCase().includes(search.toLowerCase()),
  );
  const pick = (t: Template) => onPatch({ template_id: t.id, template_name: t.name });
  return (
    <div className="template-picker">
      <input
        type="search"
        aria-label="Search templates"
        placeholder="Search templates"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      <select
        id={id}
        aria-invalid={invalid}
        value={typeof value === 'string' ? value : ''}
        onChange={(e) => {
          const t = templates.find((x) => x.id === e.target.value);
          if (t) pick(t);
        }}
      >
        <option value="">
          {chosen || !value ? 'Choose a template…' : `Unknown template ${String(value)}`}
        </option>
        {shown.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name} ({t.language})
            {templateParts(t).buttons.length ? ` · ${templateParts(t).buttons.join(' / ')}` : ''}
            {templateStatusBadge(t) ? ` · ⚠ ${templateStatusBadge(t)}` : ''}
          </option>
        ))}
      </select>
      {chosen && templateStatusBadge(chosen) && (
        <p className="template-status-note" role="status">
          <span className="badge template-status">{templateStatusBadge(chosen)}</span> WhatsApp will
          not send this template: the flow cannot be activated and its sends fail until it is
          approved again.
        </p>
      )}
      {creating ? (
        <NewTemplate
          onCreated={(t) => {
            pick(t);
            setCreating(false);
          }}
          onCancel={() => setCreating(false)}
        />
      ) : (
        <button type="button" className="small" onClick={() => setCreating(true)}>
          + New template
        </button>
      )}
    </div>
  );
}

function NewTemplate({
  onCreated,
  onCancel,
}: {
  onCreated: (t: Template) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState('');
  const [language, setLanguage] = useState('en_US');
  const [body, setBody] = useState('');
  const [buttons, setButtons] = useState('');
  const queries = useQueryClient();
  const create = useMutation({
    mutationFn: () => {
      const quickReplies = buttons
        .split(',')
        .map((b) => b.trim())
        .filter(Boolean)
        .map((text) => ({ type: 'QUICK_REPLY', text }));
      const components: Record<string, unknown>[] = [{ type: 'BODY', text: body }];
      if (quickReplies.length) components.push({ type: 'BUTTONS', buttons: quickReplies });
      return ok(
        api.POST('/chat-flow/templates', { body: { name: name.trim(), language, components } }),
      );
    },
    onSuccess: async (t) => {
      await queries.invalidateQueries({ queryKey: ['templates'] });
      onCreated(t);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form className="new-template" onSubmit={submit} aria-label="New template">
      <label>
        Name
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="order_status" />
      </label>
      <label>
        Language
        <input value={language} onChange={(e) => setLanguage(e.target.value)} />
      </label>
      <label>
        Body
        <textarea
          rows={3}
          value={body}
          onChange={(e) => setBody(e.target.value)}
          placeholder="{{1}}, your order is on its way."
        />
      </label>
      <label>
        Quick-reply buttons (comma-separated)
        <input value={buttons} onChange={(e) => setButtons(e.target.value)} placeholder="Yes, No" />
      </label>
      <ErrorNote error={create.error} />
      <div className="row">
        <button
          type="submit"
          className="primary small"
          disabled={!name.trim() || !body.trim() || create.isPending}
        >
          Create template
        </button>
        <button type="button" className="small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
