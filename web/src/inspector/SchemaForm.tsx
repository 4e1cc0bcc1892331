import { type ComponentType, type ReactNode, useState } from 'react';
import { type JsonSchema, defaultHint } from '../api/node-kinds';
import {
  type Errors,
  type Field,
  canAddItem,
  fieldsOf,
  moveItem,
  newItem,
  singular,
  validate,
  widgetOf,
  withValue,
} from './schema-form';

/** What a custom widget gets: its value, the object it is part of, and ways to change both. */
export interface WidgetProps {
  id: string;
  field: Field;
  value: unknown;
  parent: Record<string, unknown>;
  onChange: (value: unknown) => void;
  /** Changes several keys of the parent object at once (a picker that also fills a name). */
  onPatch: (patch: Record<string, unknown>) => void;
  invalid: boolean;
}

export type Widgets = Partial<Record<string, ComponentType<WidgetProps>>>;

interface FormProps {
  schema: JsonSchema;
  value: Record<string, unknown>;
  onChange: (value: Record<string, unknown>) => void;
  widgets?: Widgets;
  /** Display names of enum values (e.g. condition subjects). */
  enumLabels?: Record<string, string>;
  idPrefix?: string;
}

/** A form generated from a node kind's data schema, validated as the user types. */
export function SchemaForm({
  schema,
  value,
  onChange,
  widgets = {},
  enumLabels = {},
  idPrefix = 'field',
}: FormProps) {
  const errors = validate(schema, value);
  return (
    <div className="schema-form">
      <Fields
        schema={schema}
        value={value}
        onChange={onChange}
        errors={errors}
        path=""
        widgets={widgets}
        enumLabels={enumLabels}
        idPrefix={idPrefix}
      />
    </div>
  );
}

interface FieldsProps {
  schema: JsonSchema;
  value: Record<string, unknown>;
  onChange: (value: Record<string, unknown>) => void;
  errors: Errors;
  path: string;
  widgets: Widgets;
  enumLabels: Record<string, string>;
  idPrefix: string;
}

function Fields(props: FieldsProps) {
  const { schema, value, onChange, errors, path } = props;
  return (
    <>
      {fieldsOf(schema, value).map((field) => {
        const fieldPath = path ? `${path}.${field.name}` : field.name;
        return (
          <FieldRow
            key={field.name}
            {...props}
            field={field}
            fieldPath={fieldPath}
            error={errors[fieldPath]}
            fieldValue={value[field.name]}
            set={(v) => onChange(withValue(value, field.name, v))}
            patch={(p) =>
              onChange(Object.entries(p).reduce((acc, [k, v]) => withValue(acc, k, v), value))
            }
          />
        );
      })}
    </>
  );
}

interface RowProps extends FieldsProps {
  field: Field;
  fieldPath: string;
  error: string | undefined;
  fieldValue: unknown;
  set: (value: unknown) => void;
  patch: (patch: Record<string, unknown>) => void;
}

function FieldRow(props: RowProps) {
  const { field, fieldPath, error, fieldValue, set, patch, widgets, idPrefix } = props;
  const id = `${idPrefix}-${fieldPath}`;
  const Custom = widgets[field.widget];
  let control: ReactNode;
  if (Custom) {
    control = (
      <Custom
        id={id}
        field={field}
        value={fieldValue}
        parent={props.value}
        onChange={set}
        onPatch={patch}
        invalid={error !== undefined}
      />
    );
  } else if (field.widget === 'object') {
    return (
      <fieldset className="field-group">
        <legend>{field.title}</legend>
        {field.description && <p className="field-help">{field.description}</p>}
        <Fields
          {...props}
          schema={field.schema}
          value={(fieldValue as Record<string, unknown>) ?? {}}
          onChange={(v) => set(Object.keys(v).length ? v : undefined)}
          path={fieldPath}
        />
      </fieldset>
    );
  } else if (field.widget === 'items') {
    return <ItemsEditor {...props} id={id} />;
  } else {
    control = <BuiltIn {...props} id={id} />;
  }
  return (
    <div className={`field ${error ? 'invalid' : ''}`}>
      {field.widget === 'checkbox' ? null : (
        <label htmlFor={id}>
          {field.title}
          {field.required && (
            <span className="required" aria-label="required">
              {' '}
              *
            </span>
          )}
        </label>
      )}
      {control}
      {field.description && field.widget !== 'checkbox' && (
        <p className="field-help">{field.description}</p>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {Object.entries(props.errors)
        .filter(([p]) => p.startsWith(`${fieldPath}.`))
        .map(([p, message]) => (
          <p key={p} className="field-error" role="alert">
            {p.slice(fieldPath.length + 1)}: {message}
          </p>
        ))}
    </div>
  );
}

type Item = Record<string, unknown>;

function itemsOf(value: unknown): Item[] {
  return Array.isArray(value)
    ? value.map((v) =>
        v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Item) : {},
      )
    : [];
}

/**
 * A list of objects (reply buttons, a list's sections and their rows): one card per item with the
 * item schema's fields, nested lists included, validated inline; add up to `maxItems`, remove,
 * move up and down.
 */
function ItemsEditor(props: RowProps & { id: string }) {
  const { field, fieldPath, error, fieldValue, set, id } = props;
  const schema = field.schema;
  const itemSchema = schema.items ?? {};
  const items = itemsOf(fieldValue);
  const name = singular(field.title);
  const full = !canAddItem(schema, items.length);
  const update = (next: Item[]) => set(next.length ? next : undefined);
  return (
    <fieldset className={`field-group items-editor ${error ? 'invalid' : ''}`} id={id}>
      <legend>
        {field.title}
        {field.required && (
          <span className="required" aria-label="required">
            {' '}
            *
          </span>
        )}
      </legend>
      {field.description && <p className="field-help">{field.description}</p>}
      {items.map((item, i) => (
        <div className="item-card" key={i} role="group" aria-label={`${name} ${i + 1}`}>
          <div className="item-head">
            <span className="item-title">
              {name} {i + 1}
              {typeof item['title'] === 'string' && item['title'] ? ` · ${item['title']}` : ''}
            </span>
            <button
              type="button"
              className="icon"
              aria-label={`Move ${name.toLowerCase()} ${i + 1} up`}
              disabled={i === 0}
              onClick={() => update(moveItem(items, i, i - 1))}
            >
              ↑
            </button>
            <button
              type="button"
              className="icon"
              aria-label={`Move ${name.toLowerCase()} ${i + 1} down`}
              disabled={i === items.length - 1}
              onClick={() => update(moveItem(items, i, i + 1))}
            >
              ↓
            </button>
            <button
              type="button"
              className="icon danger"
              aria-label={`Remove ${name.toLowerCase()} ${i + 1}`}
              onClick={() => update(items.filter((_, j) => j !== i))}
            >
              ×
            </button>
          </div>
          <Fields
            {...props}
            schema={itemSchema}
            value={item}
            onChange={(v) => update(items.map((x, j) => (j === i ? v : x)))}
            path={`${fieldPath}.${i}`}
          />
        </div>
      ))}
      <button
        type="button"
        className="small"
        disabled={full}
        onClick={() => update([...items, newItem(itemSchema)])}
      >
        + Add {name.toLowerCase()}
      </button>
      {full && <p className="field-help">At most {schema.maxItems}.</p>}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}

function BuiltIn({
  field,
  fieldValue,
  set,
  id,
  error,
  widgets,
  enumLabels,
  fieldPath,
  errors,
}: RowProps & { id: string }) {
  const schema = field.schema;
  const invalid = error !== undefined;
  switch (field.widget) {
    case 'checkbox':
      return (
        <label className="checkbox">
          <input
            id={id}
            type="checkbox"
            checked={fieldValue === true}
            onChange={(e) => set(e.target.checked)}
          />
          {field.title}
        </label>
      );
    case 'number':
      return (
        <input
          id={id}
          type="number"
          aria-invalid={invalid}
          value={typeof fieldValue === 'number' ? fieldValue : ''}
          min={schema.minimum}
          max={schema.maximum}
          step={schema.type === 'integer' ? 1 : 'any'}
          placeholder={defaultHint(schema)}
          readOnly={field.readOnly}
          onChange={(e) => set(e.target.value === '' ? undefined : Number(e.target.value))}
        />
      );
    case 'select':
      return (
        <select
          id={id}
          aria-invalid={invalid}
          value={fieldValue === undefined ? '' : String(fieldValue)}
          onChange={(e) =>
            set(
              e.target.value === ''
                ? undefined
                : schema.type === 'string' || schema.type === undefined
                  ? e.target.value
                  : Number(e.target.value),
            )
          }
        >
          {!field.required && <option value="">{defaultHint(schema) ?? '—'}</option>}
          {(schema.enum ?? []).map((option) => (
            <option key={String(option)} value={String(option)}>
              {enumLabels[String(option)] ?? String(option)}
            </option>
          ))}
        </select>
      );
    case 'list':
      return (
        <ListEditor
          id={id}
          items={Array.isArray(fieldValue) ? (fieldValue as unknown[]).map(String) : []}
          itemSchema={schema.items ?? { type: 'string' }}
          widgets={widgets}
          onChange={(items) => set(items.length ? items : undefined)}
          errors={errors}
          path={fieldPath}
        />
      );
    case 'key-value':
      return (
        <KeyValueEditor
          id={id}
          value={(fieldValue as Record<string, string>) ?? {}}
          onChange={(v) => set(Object.keys(v).length ? v : undefined)}
        />
      );
    case 'json':
      return <JsonEditor id={id} value={fieldValue} onChange={set} />;
    default:
      return (
        <input
          id={id}
          type={field.widget === 'url' ? 'url' : 'text'}
          aria-invalid={invalid}
          value={
            typeof fieldValue === 'string'
              ? fieldValue
              : fieldValue === undefined
                ? ''
                : String(fieldValue)
          }
          readOnly={field.readOnly}
          placeholder={field.readOnly ? 'set by the picker' : defaultHint(schema)}
          onChange={(e) => set(e.target.value)}
        />
      );
  }
}

function ListEditor({
  id,
  items,
  itemSchema,
  widgets,
  onChange,
}: {
  id: string;
  items: string[];
  itemSchema: JsonSchema;
  widgets: Widgets;
  onChange: (items: string[]) => void;
  errors: Errors;
  path: string;
}) {
  const Item = widgets[widgetOf(itemSchema)];
  const itemField: Field = {
    name: '',
    title: '',
    schema: itemSchema,
    required: false,
    widget: widgetOf(itemSchema),
    readOnly: false,
  };
  return (
    <div className="list-editor" id={id}>
      {items.map((item, i) => (
        <div className="list-row" key={i}>
          <span className="list-index">{i + 1}</span>
          {Item ? (
            <Item
              id={`${id}-${i}`}
              field={itemField}
              value={item}
              parent={{}}
              invalid={false}
              onChange={(v) => onChange(items.map((x, j) => (j === i ? String(v ?? '') : x)))}
              onPatch={() => undefined}
            />
          ) : (
            <input
              id={`${id}-${i}`}
              aria-label={`Item ${i + 1}`}
              value={item}
              onChange={(e) => onChange(items.map((x, j) => (j === i ? e.target.value : x)))}
            />
          )}
          <button
            type="button"
            className="icon"
            aria-label={`Remove item ${i + 1}`}
            onClick={() => onChange(items.filter((_, j) => j !== i))}
          >
            ×
          </button>
        </div>
      ))}
      <button type="button" className="small" onClick={() => onChange([...items, ''])}>
        + Add
      </button>
    </div>
  );
}

function KeyValueEditor({
  id,
  value,
  onChange,
}: {
  id: string;
  value: Record<string, string>;
  onChange: (v: Record<string, string>) => void;
}) {
  const entries = Object.entries(value);
  const rename = (from: string, to: string) =>
    onChange(Object.fromEntries(entries.map(([k, v]) => (k === from ? [to, v] : [k, v]))));
  return (
    <div className="list-editor" id={id}>
      {entries.map(([k, v], i) => (
        <div className="list-row" key={i}>
          <input aria-label="Name" value={k} onChange={(e) => rename(k, e.target.value)} />
          <input
            aria-label={`Value of ${k}`}
            value={v}
            onChange={(e) => onChange({ ...value, [k]: e.target.value })}
          />
          <button
            type="button"
            className="icon"
            aria-label={`Remove ${k}`}
            onClick={() => onChange(Object.fromEntries(entries.filter(([key]) => key !== k)))}
          >
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        className="small"
        onClick={() => onChange({ ...value, [`name${entries.length + 1}`]: '' })}
      >
        + Add
      </button>
    </div>
  );
}

function JsonEditor({
  id,
  value,
  onChange,
}: {
  id: string;
  value: unknown;
  onChange: (v: unknown) => void;
}) {
  const [text, setText] = useState(value === undefined ? '' : JSON.stringify(value, null, 2));
  const [error, setError] = useState<string>();
  return (
    <>
      <textarea
        id={id}
        className="code"
        rows={4}
        value={text}
        aria-invalid={error !== undefined}
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value.trim() === '') {
            setError(undefined);
            onChange(undefined);
            return;
          }
          try {
            onChange(JSON.parse(e.target.value));
            setError(undefined);
          } catch {
            setError('Not valid JSON yet.');
          }
        }}
      />
      {error && <p className="field-error">{error}</p>}
    </>
  );
}
