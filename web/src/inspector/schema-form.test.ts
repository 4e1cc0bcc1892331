import { describe, expect, it } from 'vitest';
import kindsDocument from '../api/node-kinds.bundled.json';
import type { NodeKinds } from '../api/node-kinds';
import { kindOf, initialData } from '../api/node-kinds';
import { fieldsOf, validate, widgetOf } from './schema-form';

/** The node-kinds document, shaped exactly like GET /chat-flow/node-kinds/. */
const kinds = kindsDocument as unknown as NodeKinds;
const kind = (id: string) => kinds.kinds.find((k) => k.kind === id)!;

describe('forms generated from the published schemas', () => {
  it('givenTheTemplateKind_itGetsAPickerAReadOnlyNameNestedParametersAndABoundedTimeout', () => {
    const fields = fieldsOf(kind('template').data_schema);
    expect(fields.map((f) => [f.name, f.widget, f.required, f.readOnly])).toEqual([
      ['template_id', 'template', true, false],
      ['template_name', 'text', false, true],
      ['parameters', 'object', false, false],
      ['timeout_seconds', 'number', false, false],
    ]);
    const body = fieldsOf(fields[2]!.schema)[0]!;
    expect([body.name, body.widget, widgetOf(body.schema.items!)]).toEqual([
      'body',
      'list',
      'placeholder-text',
    ]);
  });

  it('givenAnActionKind_itsFixedActionIsNoFieldAndANewNodeCarriesIt', () => {
    const webhook = kind('action.webhook');
    expect(fieldsOf(webhook.data_schema).map((f) => [f.name, f.widget])).toEqual([
      ['url', 'url'],
      ['method', 'select'],
      ['headers', 'key-value'],
      ['body', 'json'],
      ['response_mapping', 'key-value'],
    ]);
    expect(initialData(webhook)).toEqual({ method: 'POST', action: 'webhook' });
    expect(kindOf(kinds, 'action', { action: 'webhook' })).toBe(webhook);
    expect(kindOf(kinds, 'template', {})).toBe(kind('template'));
  });

  it('givenAnUnknownWidgetHintOrConstruct_itFallsBackToThePlainWidgetForItsType', () => {
    expect(widgetOf({ type: 'string', 'x-chatflow-widget': 'colour-wheel' })).toBe('text');
    expect(widgetOf({ type: 'integer', 'x-chatflow-widget': 'slider' })).toBe('number');
    expect(widgetOf({ type: 'array', items: { type: 'object' } })).toBe('json');
    expect(widgetOf({ type: 'boolean' })).toBe('checkbox');
    expect(widgetOf({})).toBe('json');
  });

  it('givenMissingAndOutOfRangeValues_validationNamesEachFieldInPlainWords', () => {
    const schema = kind('template').data_schema;
    expect(validate(schema, { timeout_seconds: 0 })).toEqual({
      template_id: 'Required.',
      timeout_seconds: 'At least 1.',
    });
    expect(validate(schema, { template_id: 't', timeout_seconds: 2592001 })).toEqual({
      timeout_seconds: 'At most 2592000.',
    });
    expect(validate(schema, { template_id: 't', timeout_seconds: 1.5 })).toEqual({
      timeout_seconds: 'Must be a whole number.',
    });
    expect(validate(schema, { template_id: 't', parameters: { body: [3] } })).toEqual({
      'parameters.body.0': 'Must be text.',
    });
    expect(
      validate(schema, { template_id: 't', timeout_seconds: 60, label: 'builder key' }),
    ).toEqual({});
  });

  it('givenPatternsUrlsEnumsAndItemCounts_validationChecksThem', () => {
    expect(
      validate(kind('action.set_variable').data_schema, {
        action: 'set_variable',
        name: 'order id',
      }),
    ).toEqual({
      name: 'Must match ^[A-Za-z0-9_-]{1,64}$.',
    });
    expect(
      validate(kind('action.webhook').data_schema, {
        action: 'webhook',
        url: 'ftp://x',
        method: 'FETCH',
      }),
    ).toEqual({
      url: 'Must be a URL starting with http:// or https://.',
      method: 'Must be one of GET, POST, PUT, PATCH, DELETE.',
    });
    expect(
      validate(kind('action.webhook').data_schema, {
        action: 'webhook',
        url: '{{variables.endpoint}}',
      }),
    ).toEqual({});
    expect(validate(kind('action.tag').data_schema, { action: 'tag', tags: [] })).toEqual({
      tags: 'Required.',
    });
    expect(validate(kind('action.tag').data_schema, { action: 'tag', tags: ['vip', ''] })).toEqual({
      'tags.1': 'Required.',
    });
  });
});
