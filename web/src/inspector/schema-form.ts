import type { JsonSchema } from '../api/node-kinds';

/**
 * The thin form layer over the published node-kind schemas: which widget each property gets, and
 * inline validation of the subset of JSON Schema the kinds use (types, required, bounds, lengths,
 * patterns, enums, item counts, URLs). A construct it does not know is edited as raw JSON.
 */
export type Widget =
  | 'text'
  | 'number'
  | 'checkbox'
  | 'select'
  | 'list'
  | 'items'
  | 'object'
  | 'key-value'
  | 'json'
  | 'template'
  | 'placeholder-text'
  | 'variable-name'
  | 'tag'
  | 'url';

const HINTS: ReadonlySet<string> = new Set([
  'template',
  'placeholder-text',
  'variable-name',
  'tag',
  'url',
  'json',
  'key-value',
]);

export interface Field {
  name: string;
  title: string;
  description?: string;
  schema: JsonSchema;
  required: boolean;
  widget: Widget;
  readOnly: boolean;
}

export function widgetOf(schema: JsonSchema): Widget {
  const hint = schema['x-chatflow-widget'];
  if (hint !== undefined && HINTS.has(hint)) return hint as Widget;
  if (schema.enum) return 'select';
  switch (schema.type) {
    case 'boolean':
      return 'checkbox';
    case 'integer':
    case 'number':
      return 'number';
    case 'string':
      return isUrlFormat(schema) ? 'url' : 'text';
    case 'array': {
      const item = schema.items;
      if (item && (item.type === 'string' || item.type === 'number' || item.type === 'integer')) {
        return 'list';
      }
      return item?.type === 'object' && item.properties ? 'items' : 'json';
    }
    case 'object':
      if (schema.properties) return 'object';
      if (
        typeof schema.additionalProperties === 'object' &&
        schema.additionalProperties.type === 'string'
      ) {
        return 'key-value';
      }
      return 'json';
    default:
      return 'json';
  }
}

/**
 * The editable properties of an object schema, in schema order; `const` ones are fixed. A
 * deprecated property (an older spelling the API still reads) is shown only when `value` holds it,
 * so a node saved with it can be corrected, and a new one gets the current key only.
 */
export function fieldsOf(schema: JsonSchema, value: Record<string, unknown> = {}): Field[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {})
    .filter(([, property]) => property.const === undefined)
    .filter(([name, property]) => property.deprecated !== true || value[name] !== undefined)
    .map(([name, property]) => ({
      name,
      title: property.title ?? humanize(name),
      ...(property.description !== undefined ? { description: property.description } : {}),
      schema: property,
      required: required.has(name),
      widget: widgetOf(property),
      readOnly: property.readOnly === true,
    }));
}

function humanize(name: string): string {
  const words = name.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export type Errors = Record<string, string>;

function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === '' ||
    (Array.isArray(value) && value.length === 0)
  );
}

function typeError(schema: JsonSchema, value: unknown): string | undefined {
  switch (schema.type) {
    case 'string':
      return typeof value === 'string' ? undefined : 'Must be text.';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value)
        ? undefined
        : 'Must be a whole number.';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'Must be a number.';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'Must be yes or no.';
    case 'array':
      return Array.isArray(value) ? undefined : 'Must be a list.';
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value)
        ? undefined
        : 'Must be an object.';
    default:
      return undefined;
  }
}

/** `uri`, or `uri-template`: a URL that may hold `{{…}}` placeholders, filled when it is called. */
function isUrlFormat(schema: JsonSchema): boolean {
  return schema.format === 'uri' || schema.format === 'uri-template';
}

function isUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Problems of `value` against `schema`, keyed by dotted path (`''` is the value itself). */
export function validate(schema: JsonSchema, value: unknown, path = ''): Errors {
  const errors: Errors = {};
  const at = (suffix: string | number) => (path === '' ? String(suffix) : `${path}.${suffix}`);
  const wrongType = typeError(schema, value);
  if (wrongType) {
    errors[path] = wrongType;
    return errors;
  }
  if (schema.enum && !schema.enum.includes(value as string | number)) {
    errors[path] = `Must be one of ${schema.enum.join(', ')}.`;
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum)
      errors[path] = `At least ${schema.minimum}.`;
    if (schema.maximum !== undefined && value > schema.maximum)
      errors[path] = `At most ${schema.maximum}.`;
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) {
      errors[path] =
        schema.minLength === 1 ? 'Required.' : `At least ${schema.minLength} characters.`;
    } else if (schema.maxLength !== undefined && value.length > schema.maxLength) {
      errors[path] = `At most ${schema.maxLength} characters.`;
    } else if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) {
      errors[path] = `Must match ${schema.pattern}.`;
    } else if (isUrlFormat(schema) && !value.includes('{{') && !isUrl(value)) {
      errors[path] = 'Must be a URL starting with http:// or https://.';
    }
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      errors[path] =
        schema.minItems === 1 ? 'Add at least one.' : `Add at least ${schema.minItems}.`;
    }
    if (schema.maxItems !== undefined && value.length > schema.maxItems) {
      errors[path] = `At most ${schema.maxItems}.`;
    }
    if (schema.items) {
      value.forEach((item, i) => Object.assign(errors, validate(schema.items!, item, at(i))));
    }
  }
  if (schema.type === 'object' && value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    for (const name of schema.required ?? []) {
      if (isEmpty(object[name])) errors[at(name)] = 'Required.';
    }
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      if (!isEmpty(object[name]) && errors[at(name)] === undefined) {
        Object.assign(errors, validate(property, object[name], at(name)));
      }
    }
    if (typeof schema.additionalProperties === 'object') {
      for (const [name, item] of Object.entries(object)) {
        if (!(name in (schema.properties ?? {}))) {
          Object.assign(errors, validate(schema.additionalProperties, item, at(name)));
        }
      }
    }
    const keyPattern = schema.propertyNames?.pattern;
    if (keyPattern !== undefined) {
      for (const name of Object.keys(object)) {
        if (!new RegExp(keyPattern, 'u').test(name) && errors[at(name)] === undefined) {
          errors[at(name)] = `The name must match ${keyPattern}.`;
        }
      }
    }
  }
  return errors;
}

/** What one item of a list of objects is called: `Buttons` → `Button`, `Rows` → `Row`. */
export function singular(title: string): string {
  return /[^s]s$/i.test(title) ? title.slice(0, -1) : title;
}

/**
 * A new item of a list of objects: its properties' defaults, and for a required list of objects
 * that needs items (a section's rows) as many new items as it needs, so the form shows them.
 */
export function newItem(schema: JsonSchema): Record<string, unknown> {
  const item: Record<string, unknown> = {};
  const required = new Set(schema.required ?? []);
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if (property.default !== undefined) {
      item[name] = property.default;
    } else if (
      required.has(name) &&
      widgetOf(property) === 'items' &&
      (property.minItems ?? 0) > 0
    ) {
      item[name] = Array.from({ length: property.minItems! }, () => newItem(property.items!));
    }
  }
  return item;
}

/** The list with the item at `from` moved to `to` (out of range: unchanged). */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  if (from === to || to < 0 || to >= items.length || from < 0 || from >= items.length) {
    return [...items];
  }
  const next = [...items];
  const [moved] = next.splice(from, 1);
  next.splice(to, 0, moved!);
  return next;
}

/** Whether one more item fits the list's `maxItems`. */
export function canAddItem(schema: JsonSchema, count: number): boolean {
  return schema.maxItems === undefined || count < schema.maxItems;
}

/** `data` with `name` set to `value`; an empty value removes the key (the schema's "not set"). */
export function withValue(
  data: Record<string, unknown>,
  name: string,
  value: unknown,
): Record<string, unknown> {
  const next = { ...data };
  if (value === undefined || value === '') delete next[name];
  else next[name] = value;
  return next;
}
