import { fieldsOf } from '../inspector/schema-form';
import type { NodeBodyProps } from './registry';

function shown(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (Array.isArray(value)) {
    // A list of objects (buttons, sections) by their titles, else by how many there are.
    const texts = value.map((v) =>
      v !== null && typeof v === 'object' ? (v as Record<string, unknown>)['title'] : v,
    );
    if (texts.every((t) => typeof t === 'string' || typeof t === 'number')) {
      return value.length ? texts.join(', ') : undefined;
    }
    return value.length ? `${value.length}` : undefined;
  }
  if (typeof value === 'object') return Object.keys(value).length ? '…' : undefined;
  if (typeof value === 'boolean') return value ? 'yes' : undefined;
  return String(value);
}

/** Any kind without a look of its own: its first filled fields, by their schema titles. */
export function GenericBody({ data, kind }: NodeBodyProps) {
  if (!kind) return <p className="node-hint">Unknown node type: the API does not publish it.</p>;
  const lines = fieldsOf(kind.data_schema, data)
    .map((f) => [f.title, shown(data[f.name])] as const)
    .filter(([, v]) => v !== undefined)
    .slice(0, 3);
  if (lines.length === 0) {
    return kind.data_schema.required?.some((r) => r !== 'action') ? (
      <p className="node-hint">Fill it in the inspector.</p>
    ) : null;
  }
  return (
    <dl className="node-fields">
      {lines.map(([title, value]) => (
        <div key={title}>
          <dt>{title}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
