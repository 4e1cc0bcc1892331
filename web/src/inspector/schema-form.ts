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
      return schema.format === 'uri' ? 'url' : 'text';
    case 'array': {
      const item = schema.items;
      return item && (item.type === 'string' || item.type === 'number' || item.type === 'integer')
        ? 'list'
        : 'json';
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

/** The editable properties of an object schema, in schema order; `const` ones are fixed. */
export function fieldsOf(schema: JsonSchema): Field[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {})
    .filter(([, property]) => property.const === undefined)
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
    } else if (schema.format === 'uri' && !value.includes('{{') && !isUrl(value)) {
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
  }
  return errors;
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
