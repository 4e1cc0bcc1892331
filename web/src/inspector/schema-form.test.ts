import { describe, expect, it } from 'vitest';
import kindsDocument from '../test-fixtures/node-kinds.json';
import type { NodeKinds } from '../api/node-kinds';
import { defaultHint, kindOf, initialData } from '../api/node-kinds';
import {
  canAddItem,
  fieldsOf,
  moveItem,
  newItem,
  singular,
  validate,
  widgetOf,
} from './schema-form';

/** The answer of GET /chat-flow/node-kinds/ (NodeKindsFixtureTest keeps it current). */
const kinds = kindsDocument as unknown as NodeKinds;
const kind = (id: string) => kinds.kinds.find((k) => k.kind === id)!;

describe('forms generated from the published schemas', () => {
  it('givenTheTemplateKind_itGetsAPickerAReadOnlyNameBodyAndHeaderParametersAndABoundedTimeout', () => {
    const fields = fieldsOf(kind('template').data_schema);
    expect(fields.map((f) => [f.name, f.widget, f.required, f.readOnly])).toEqual([
      ['template_id', 'template', true, false],
      ['template_name', 'text', false, true],
      ['parameters', 'object', false, false],
      ['timeout_seconds', 'number', false, false],
      ['reprompt_text', 'placeholder-text', false, false],
      ['max_reprompts', 'number', false, false],
    ]);
    const parameters = fieldsOf(fields[2]!.schema);
    expect(parameters.map((p) => [p.name, p.widget, widgetOf(p.schema.items!)])).toEqual([
      ['body', 'list', 'placeholder-text'],
      ['header', 'list', 'placeholder-text'],
    ]);
  });

  it('givenAnOlderSpelling_itIsNoFieldOfANewNodeButIsShownWhereANodeHoldsIt', () => {
    const setVariable = kind('action.set_variable').data_schema;
    expect(fieldsOf(setVariable).map((f) => f.name)).toEqual(['name', 'value']);
    expect(fieldsOf(setVariable, { variable: 'city' }).map((f) => f.name)).toEqual([
      'name',
      'variable',
      'value',
    ]);
    expect(fieldsOf(kind('action.delay').data_schema).map((f) => f.name)).toEqual(['seconds']);
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

  it('givenAQuestion_itsAnswerTypeIsASelectAndItsRepromptDefaultsAreHintsNotValues', () => {
    const question = kind('question');
    const fields = fieldsOf(question.data_schema);
    expect(fields.map((f) => [f.name, f.widget, f.required])).toEqual([
      ['prompt', 'placeholder-text', true],
      ['answer_type', 'select', false],
      ['variable', 'variable-name', true],
      ['options', 'list', false],
      ['pattern', 'text', false],
      ['reprompt_text', 'placeholder-text', false],
      ['max_reprompts', 'number', false],
      ['timeout_seconds', 'number', false],
    ]);
    expect(initialData(question)).toEqual({ answer_type: 'text' });
    const schema = (name: string) => fields.find((f) => f.name === name)!.schema;
    expect(defaultHint(schema('reprompt_text'))).toBe(
      'Default: That is not a valid answer. Please try again.',
    );
    expect(defaultHint(schema('max_reprompts'))).toBe('Default: 2');
    expect(defaultHint(schema('prompt'))).toBeUndefined();
    expect(
      validate(question.data_schema, { prompt: 'Age?', variable: 'age', max_reprompts: 11 }),
    ).toHaveProperty('max_reprompts');
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
    expect(
      validate(kind('action.webhook').data_schema, {
        action: 'webhook',
        url: 'https://example.org/tickets',
        response_mapping: { ticket: 'ticket.id', 'ticket id': 'id' },
      }),
    ).toEqual({ 'response_mapping.ticket id': 'The name must match ^[A-Za-z0-9_-]{1,64}$.' });
    expect(validate(kind('action.tag').data_schema, { action: 'tag', tags: [] })).toEqual({
      tags: 'Required.',
    });
    expect(validate(kind('action.tag').data_schema, { action: 'tag', tags: ['vip', ''] })).toEqual({
      'tags.1': 'Required.',
    });
  });

  it('givenTheSessionKinds_theirListsOfObjectsGetTheItemsWidgetNestedForRows', () => {
    const buttons = kind('buttons').data_schema.properties!['buttons']!;
    const sections = kind('list').data_schema.properties!['sections']!;
    expect(widgetOf(buttons)).toBe('items');
    expect(widgetOf(sections)).toBe('items');
    expect(widgetOf(sections.items!.properties!['rows']!)).toBe('items');
    expect(newItem(sections.items!)).toEqual({ rows: [{}] });
    expect(newItem(buttons.items!)).toEqual({});
    expect(canAddItem(buttons, 2)).toBe(true);
    expect(canAddItem(buttons, 3)).toBe(false);
    expect(singular('Buttons')).toBe('Button');
    expect(singular('Rows')).toBe('Row');
    expect(singular('Address')).toBe('Address');
    expect(moveItem(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
  });

  it('givenButtonsAndRowsBeyondMetasLimits_validationNamesEachItemField', () => {
    expect(
      validate(kind('buttons').data_schema, {
        body: 'Hi',
        buttons: [
          { id: 'a', title: 'A title of 21 chars..' },
          { id: 'b' },
          { id: 'c', title: 'C' },
          { id: 'd', title: 'D' },
        ],
      }),
    ).toEqual({
      buttons: 'At most 3.',
      'buttons.0.title': 'At most 20 characters.',
      'buttons.1.title': 'Required.',
    });
    const rows: Record<string, string>[] = Array.from({ length: 11 }, (_, i) => ({
      id: `r${i}`,
      title: `Row ${i}`,
    }));
    rows[0] = { id: 'r0', title: 'x'.repeat(25), description: 'y'.repeat(73) };
    expect(
      validate(kind('list').data_schema, { body: 'Hi', button: 'Open', sections: [{ rows }] }),
    ).toEqual({
      'sections.0.rows': 'At most 10.',
      'sections.0.rows.0.title': 'At most 24 characters.',
      'sections.0.rows.0.description': 'At most 72 characters.',
    });
  });
});
